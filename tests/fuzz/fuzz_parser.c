/* Fuzz target for one route parser, named at compile time by ER_FUZZ_PARSER. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "erready/routes.h"
#include "fuzz_check.h"
#include "routes/parse_util.h"

#ifndef ER_FUZZ_PARSER
#error "compile with -DER_FUZZ_PARSER=\"parser-name\""
#endif

/* Parse buf with the parser forced; check every invariant; return the table. A parser
 * that may read a big input in chunks on several threads (ios-bgp) reads it a second time
 * cut at a line picked from the input (and into chunks from there on, for two inputs in
 * three), which must change nothing. */
static er_rtable *parse_once(const er_parser *p, const char *buf, size_t len, const char *vrf,
                             uint64_t lines)
{
    er_rtable *t = er_rtable_new();
    er_diags *d = er_diags_new(0);
    ER_FUZZ_REQUIRE(t && d);
    size_t saved_min = pu_split_min;
    pu_split_min = SIZE_MAX;
    er_status st = er_rtable_load_buffer(t, "fuzz-input", buf, len, p, vrf, d);
    if (len > 1 && strcmp(p->name, "ios-bgp") == 0) {
        er_rtable *t2 = er_rtable_new();
        er_diags *d2 = er_diags_new(0);
        ER_FUZZ_REQUIRE(t2 && d2);
        uint32_t h = 2166136261u; /* FNV-1a of the input picks the split */
        for (size_t i = 0; i < len; i++)
            h = (h ^ (uint8_t)buf[i]) * 16777619u;
        pu_split_min = 0;
        pu_split_at = 1 + h % (len - 1);
        /* one cut, or chunks every few bytes from there on */
        pu_split_step = (h >> 24) % 3 == 0 ? 0 : 1 + (h >> 8) % 97;
        er_status st2 = er_rtable_load_buffer(t2, "fuzz-input", buf, len, p, vrf, d2);
        pu_split_at = 0;
        pu_split_step = 0;
        ER_FUZZ_REQUIRE(st2 == st);
        const char *diff = er_fuzz_parse_diff(t, d, t2, d2);
        if (diff)
            fprintf(stderr, "split at byte %u: %s\n", 1 + h % (unsigned)(len - 1), diff);
        ER_FUZZ_REQUIRE(diff == NULL);
        er_rtable_free(t2);
        er_diags_free(d2);
    }
    pu_split_min = saved_min;
    er_fuzz_check_status(st, d);
    er_fuzz_check_diags(d, lines);
    er_fuzz_check_table(t, lines);
    if (vrf) {
        for (size_t i = 0; i < er_rtable_count(t); i++) {
            const er_route *r = er_rtable_get(t, i);
            /* A VRF filter keeps only routes of that VRF; "default" also names the
             * default VRF, whose routes carry no VRF name. */
            if (r->vrf.len == 0)
                ER_FUZZ_REQUIRE(strcasecmp(vrf, "default") == 0);
            else
                ER_FUZZ_REQUIRE(r->vrf.len == strlen(vrf) &&
                                strncasecmp(er_rtable_str(t, r->vrf), vrf, r->vrf.len) == 0);
        }
    }
    er_diags_free(d);
    return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Gzip framing is the detector target's business; here every input is parser text. */
    if (size > ER_FUZZ_MAX_INPUT || (size >= 2 && data[0] == 0x1f && data[1] == 0x8b))
        return 0;
    const er_parser *p = er_parser_find(ER_FUZZ_PARSER);
    ER_FUZZ_REQUIRE(p != NULL);
    const char *buf = (const char *)data;
    int score = p->detect(buf, size);
    ER_FUZZ_REQUIRE(score >= 0 && score <= 100);
    uint64_t lines = er_fuzz_count_lines(buf, size);

    er_rtable *t = parse_once(p, buf, size, NULL, lines);
    /* Second pass with the VRF filter set to the first named VRF seen, if any. */
    char vrf[256];
    vrf[0] = '\0';
    for (size_t i = 0; i < er_rtable_count(t); i++) {
        const er_route *r = er_rtable_get(t, i);
        if (r->vrf.len && r->vrf.len < sizeof vrf) {
            memcpy(vrf, er_rtable_str(t, r->vrf), r->vrf.len);
            vrf[r->vrf.len] = '\0';
            break;
        }
    }
    er_rtable_free(t);
    if (vrf[0])
        er_rtable_free(parse_once(p, buf, size, vrf, lines));
    return 0;
}
