/* Invariants shared by the fuzz targets: what every parse must satisfy, checked with abort(). */
#ifndef ER_FUZZ_CHECK_H
#define ER_FUZZ_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erready/diag.h"
#include "erready/routes.h"

/* Inputs larger than this are ignored: every target bounds its work per input. */
#define ER_FUZZ_MAX_INPUT ((size_t)1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop with a message libFuzzer (or the replay driver) reports as a crash. */
#define ER_FUZZ_REQUIRE(cond)                                                               \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__,         \
                    __LINE__);                                                              \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

/* Lines as the parsers count them (er_lines: \n, \r\n and lone \r end a line). */
static inline uint64_t er_fuzz_count_lines(const char *buf, size_t len)
{
    er_lines it;
    const char *s, *e;
    er_lines_init(&it, buf, len);
    while (er_lines_next(&it, &s, &e)) {
    }
    return it.lineno;
}

/* Every diagnostic: a valid level, a non-empty one-line message without trailing period,
 * a line number inside the input (0 = whole file). */
static inline void er_fuzz_check_diags(const er_diags *d, uint64_t max_line)
{
    size_t n = er_diags_count(d);
    for (size_t i = 0; i < n; i++) {
        const er_diag *g = er_diags_get(d, i);
        ER_FUZZ_REQUIRE(g != NULL);
        ER_FUZZ_REQUIRE(g->level <= ER_DIAG_ERROR);
        ER_FUZZ_REQUIRE(g->msg != NULL && g->msg[0] != '\0');
        size_t ml = strlen(g->msg);
        ER_FUZZ_REQUIRE(g->msg[ml - 1] != '.' || (ml >= 3 && memcmp(g->msg + ml - 3, "...", 3) == 0));
#ifndef ER_FUZZ_KNOWN_MULTILINE_DIAGS
        ER_FUZZ_REQUIRE(strchr(g->msg, '\n') == NULL);
#endif
        ER_FUZZ_REQUIRE(g->line <= max_line + 1);
    }
}

/* Every route of a table holding one file: a sane prefix, host bits cleared, a line inside
 * the input, readable strings; the file's statistics agree with the table. */
static inline void er_fuzz_check_table(er_rtable *t, uint64_t max_line)
{
    size_t n = er_rtable_count(t);
    uint64_t best = 0;
    volatile unsigned sink = 0;
    for (size_t i = 0; i < n; i++) {
        const er_route *r = er_rtable_get(t, i);
        ER_FUZZ_REQUIRE(r->prefix.family == ER_AF_V4 || r->prefix.family == ER_AF_V6);
        ER_FUZZ_REQUIRE(r->prefix.len <= (r->prefix.family == ER_AF_V4 ? 32 : 128));
        er_prefix c = r->prefix;
        ER_FUZZ_REQUIRE(!er_prefix_mask_host(&c));
        if (r->prefix.family == ER_AF_V4)
            ER_FUZZ_REQUIRE((r->prefix.addr >> 32) == 0);
        ER_FUZZ_REQUIRE(r->proto < ER_PROTO_COUNT);
        ER_FUZZ_REQUIRE(r->file == 0);
        ER_FUZZ_REQUIRE(r->line >= 1 && r->line <= max_line);
        if (r->flags & ER_RF_BEST)
            best++;
        const er_strref refs[4] = {r->as_path, r->communities, r->iface, r->vrf};
        for (int k = 0; k < 4; k++) {
            const char *s = er_rtable_str(t, refs[k]);
            ER_FUZZ_REQUIRE(s != NULL);
            for (uint32_t j = 0; j < refs[k].len; j++)
                sink += (unsigned char)s[j];
        }
    }
    (void)sink;
    ER_FUZZ_REQUIRE(er_rtable_file_count(t) == 1);
    const er_rfile *f = er_rtable_file(t, 0);
    ER_FUZZ_REQUIRE(f->stats.routes == n);
    ER_FUZZ_REQUIRE(f->stats.best == best);
}

static inline bool er_fuzz_same_str(const er_rtable *a, er_strref ra, const er_rtable *b,
                                    er_strref rb)
{
    return ra.len == rb.len && memcmp(er_rtable_str(a, ra), er_rtable_str(b, rb), ra.len) == 0;
}

/* The first difference between two parses of the same input into tables a and b with
 * sinks da and db: every route field by field with its strings, the files' statistics,
 * every message and the totals per level. NULL when they are equal. */
static inline const char *er_fuzz_parse_diff(const er_rtable *a, const er_diags *da,
                                             const er_rtable *b, const er_diags *db)
{
    if (er_rtable_count(a) != er_rtable_count(b))
        return "route counts differ";
    for (size_t i = 0; i < er_rtable_count(a); i++) {
        const er_route *x = er_rtable_get(a, i), *y = er_rtable_get(b, i);
        if (memcmp(&x->prefix.addr, &y->prefix.addr, sizeof x->prefix.addr) != 0 ||
            x->prefix.len != y->prefix.len || x->prefix.family != y->prefix.family)
            return "a prefix differs";
        if (memcmp(&x->next_hop, &y->next_hop, sizeof x->next_hop) != 0 ||
            x->nh_family != y->nh_family)
            return "a next hop differs";
        if (x->proto != y->proto || x->path_class != y->path_class || x->flags != y->flags ||
            x->metric != y->metric || x->locpref != y->locpref || x->distance != y->distance)
            return "a route attribute differs";
        if (x->file != y->file || x->line != y->line)
            return "a route's file:line differs";
        if (!er_fuzz_same_str(a, x->as_path, b, y->as_path) ||
            !er_fuzz_same_str(a, x->communities, b, y->communities) ||
            !er_fuzz_same_str(a, x->iface, b, y->iface) || !er_fuzz_same_str(a, x->vrf, b, y->vrf))
            return "a route's text differs";
    }
    if (er_rtable_file_count(a) != er_rtable_file_count(b))
        return "file counts differ";
    for (size_t i = 0; i < er_rtable_file_count(a); i++)
        if (memcmp(&er_rtable_file(a, i)->stats, &er_rtable_file(b, i)->stats,
                   sizeof(er_parse_stats)) != 0)
            return "file statistics differ";
    for (int l = ER_DIAG_NOTE; l <= ER_DIAG_ERROR; l++)
        if (er_diags_total(da, (er_diag_level)l) != er_diags_total(db, (er_diag_level)l))
            return "message totals differ";
    if (er_diags_count(da) != er_diags_count(db))
        return "kept message counts differ";
    for (size_t i = 0; i < er_diags_count(da); i++) {
        const er_diag *x = er_diags_get(da, i), *y = er_diags_get(db, i);
        if (x->level != y->level || x->line != y->line || x->col != y->col ||
            strcmp(x->msg, y->msg) != 0 || (!x->file != !y->file) ||
            (x->file && strcmp(x->file, y->file) != 0))
            return "a message differs";
    }
    return NULL;
}

/* A status a loader may return, and ER_ERR_PARSE always explained by an error. */
static inline void er_fuzz_check_status(er_status st, const er_diags *d)
{
    ER_FUZZ_REQUIRE(st == ER_OK || st == ER_ERR_PARSE || st == ER_ERR_NOMEM);
    if (st == ER_ERR_PARSE)
        ER_FUZZ_REQUIRE(er_diags_total(d, ER_DIAG_ERROR) > 0);
}

#endif
