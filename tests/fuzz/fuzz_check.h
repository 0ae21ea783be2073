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

/* A status a loader may return, and ER_ERR_PARSE always explained by an error. */
static inline void er_fuzz_check_status(er_status st, const er_diags *d)
{
    ER_FUZZ_REQUIRE(st == ER_OK || st == ER_ERR_PARSE || st == ER_ERR_NOMEM);
    if (st == ER_ERR_PARSE)
        ER_FUZZ_REQUIRE(er_diags_total(d, ER_DIAG_ERROR) > 0);
}

#endif
