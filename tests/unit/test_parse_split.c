/* A big input read in chunks by several threads (src/routes/parse_split.c, the ios-bgp
 * parser): for a cut at every line of every input, and for chunks cut at every line and
 * every few bytes after it, the routes, diagnostics and counts must equal those of one
 * thread reading it all, field by field. Inputs: the bundled
 * example, the repository's IOS BGP fixtures, a hostile table written here (wrapped
 * lines, errors, host bits, pager marks, a second header, VRF sections, CR line ends),
 * the ios-bgp samples of ../shared/corpus when present, and a table big enough for the
 * default threshold. */
#include "erready/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/fuzz_check.h"
#include "routes/parse_util.h"
#include "testutil.h"

typedef struct result {
    er_rtable *t;
    er_diags *d;
    er_status rc;
} result;

static result parse(const char *buf, size_t len, size_t diag_cap, const char *vrf)
{
    result r;
    r.t = er_rtable_new();
    r.d = er_diags_new(diag_cap);
    assert_non_null(r.t);
    assert_non_null(r.d);
    r.rc = er_rtable_load_buffer(r.t, "in.txt", buf, len, er_parser_find("ios-bgp"), vrf, r.d);
    return r;
}

static void result_free(result *r)
{
    er_rtable_free(r->t);
    er_diags_free(r->d);
}

/* Everything a parse produced, compared; where: the split offset, for the message. */
static void same_result(const result *a, const result *b, size_t where)
{
    const char *diff = a->rc != b->rc ? "statuses differ"
                                      : er_fuzz_parse_diff(a->t, a->d, b->t, b->d);
    if (diff)
        fail_msg("split at byte %zu: %s", where, diff);
}

/* Parse buf with one thread, then cut it at every line start (and with step, every step
 * bytes after it too: many chunks); returns how many inputs were merged from chunks, the
 * others having fallen back to one thread. */
static size_t check_cuts(const char *buf, size_t len, size_t diag_cap, const char *vrf,
                         size_t step)
{
    size_t saved_min = pu_split_min;
    pu_split_min = SIZE_MAX;
    pu_split_at = 0;
    result one = parse(buf, len, diag_cap, vrf);
    pu_split_min = 0;
    pu_split_step = step;
    size_t before = pu_split_merged;
    for (size_t at = 1; at < len; at++) {
        if (buf[at - 1] != '\n')
            continue;
        pu_split_at = at;
        result two = parse(buf, len, diag_cap, vrf);
        same_result(&one, &two, at);
        result_free(&two);
    }
    pu_split_at = 0;
    pu_split_step = 0;
    pu_split_min = saved_min;
    result_free(&one);
    return pu_split_merged - before;
}

/* Every single cut, then chunks cut at every route line and every 200 bytes from each
 * line on; returns the merges of the single cuts. */
static size_t check_every_split(const char *buf, size_t len, size_t diag_cap, const char *vrf)
{
    size_t merged = check_cuts(buf, len, diag_cap, vrf, 0);
    check_cuts(buf, len, diag_cap, vrf, 1);
    check_cuts(buf, len, diag_cap, vrf, 200);
    return merged;
}

static char *read_or_fail(const char *path, size_t *len)
{
    char *b = tu_read_file(path, len);
    if (!b)
        fail_msg("cannot read %s", path);
    return b;
}

static void test_example_every_split(void **state)
{
    (void)state;
    size_t len;
    char *b = read_or_fail(tu_path("%s/examples/edge-bgp.txt", tu_src_dir()), &len);
    size_t merged = check_every_split(b, len, 0, NULL);
    /* One table, one header: nearly every split is taken, into many chunks too. */
    assert_true(merged > 20);
    assert_true(check_cuts(b, len, 0, NULL, 1) > 20);
    free(b);
}

static void test_fixtures_every_split(void **state)
{
    (void)state;
    static const char *const files[] = {"bgp_ipv6_unicast.txt", "bgp_vpnv4_all.txt"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        size_t len;
        char *b = read_or_fail(tu_path("%s/tests/fixtures/ios/%s", tu_src_dir(), files[i]), &len);
        check_every_split(b, len, 0, NULL);
        check_every_split(b, len, 0, "default");
        free(b);
    }
}

/* Wrapped networks and next hops, a bad address (an error), host bits (a warning), pager
 * marks, a line of another kind, a second header with other columns, a VRF section and
 * both kinds of odd line ends. */
static const char hostile[] =
    "r1#show ip bgp\n"
    "BGP table version is 9, local router ID is 10.0.0.1\n"
    "Status codes: s suppressed, d damped, h history, * valid, > best, i - internal,\n"
    "              r RIB-failure, S Stale, m multipath, b backup-path, f RT-Filter\n"
    "Origin codes: i - IGP, e - EGP, ? - incomplete\n"
    "\n"
    "     Network          Next Hop            Metric LocPrf Weight Path\n"
    " *>  10.0.0.0/8       192.0.2.1                0    100      0 65001 i\n"
    " *   10.0.0.0/8       192.0.2.2                0    100      0 65002 65001 i\n"
    " *>  10.1.0.1/16      192.0.2.1                0             0 65001 i\n"
    " *>  10.2.0.0/16      192.0.2.300              0             0 65001 i\n"
    " *>  172.16.100.0/255.255.255.0\n"
    "                       192.0.2.1                0             0 65001 e\n"
    " *>  192.168.0.0/24   192.0.2.1\n"
    "                                                0             0 65001 ?\n"
    " --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b *>  10.3.0.0/16      192.0.2.1   "
    "   0             0 65001 i\n"
    " *>  10.4.0.0/16      192.0.2.1                0             0 65001 i\r\n"
    " *>i 10.5.0.0/16      192.0.2.9                0    100      0 i\r\n"
    " *>  10.6.0.0/16\n"
    "this line is nobody's\n"
    " *>  10.7.0.0/16      192.0.2.1                0             0 65001 i\r"
    " *>  10.8.0.0/16      192.0.2.1                0             0 65001 i\n"
    " *>  2001:db8::/32    2001:db8:ffff:ffff:ffff:ffff:ffff:1\n"
    "                                                0             0 65001 i\n"
    "     Network          Next Hop        Metric LocPrf Weight Path\n"
    " *>  10.9.0.0/16      192.0.2.1            0             0 65001 i\n"
    " *>  10.10.0.0/16     192.0.2.1                   100      0 65001 i\n"
    "% Invalid input detected at '^' marker.\n"
    "r1#show ip bgp vrf BLUE\n"
    "     Network          Next Hop            Metric LocPrf Weight Path\n"
    " *>  10.11.0.0/16     192.0.2.1                0             0 65001 i\n"
    "Route Distinguisher: 1:1 (default for vrf RED)\n"
    " *>  10.12.0.0/16     192.0.2.1                0             0 65001 i\n"
    " *>  10.13.0.0/16     192.0.2.1                0             0 65001 i\n"
    "r1#show ip bgp\n"
    " *>  10.14.0.0/16     192.0.2.1                0             0 65001 i\n"
    " *>  10.15.0.0/16     192.0.2.1                0             0 65001 i\n"
    " *>  10.16.0.0/16     192.0.2.1                0             0 65001 i\n";

static void test_hostile_every_split(void **state)
{
    (void)state;
    size_t len = sizeof hostile - 1;
    size_t merged = check_every_split(hostile, len, 0, NULL);
    assert_true(merged > 0);
    /* The cap on kept messages applies across the split as on one thread. */
    for (size_t cap = 1; cap <= 4; cap++)
        check_every_split(hostile, len, cap, NULL);
    /* A VRF filter: the part's VRF decides what it keeps. */
    check_every_split(hostile, len, 0, "BLUE");
    check_every_split(hostile, len, 0, "RED");
}

/* The ios-bgp samples of the corpus (named in tests/corpus/manifest.tsv). */
static void test_corpus_every_split(void **state)
{
    (void)state;
    const char *shared = tu_shared_dir();
    if (!shared) {
        fprintf(stderr, "corpus part skipped: ../shared is absent\n");
        return;
    }
    size_t mlen;
    char *m = read_or_fail(tu_path("%s/tests/corpus/manifest.tsv", tu_src_dir()), &mlen);
    size_t files = 0;
    for (char *line = strtok(m, "\n"); line; line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t');
        if (!tab || strncmp(tab, "\tios-bgp\t", 9) != 0)
            continue;
        *tab = '\0';
        size_t len;
        char *b = read_or_fail(tu_path("%s/corpus/%s", shared, line), &len);
        check_every_split(b, len, 0, NULL);
        free(b);
        files++;
    }
    assert_true(files >= 10);
    free(m);
}

/* Over the default threshold with no test settings: the split is taken and the result
 * equals one thread's. */
static void test_big_table_default_split(void **state)
{
    (void)state;
    size_t cap = pu_split_min + ((size_t)1 << 20), len = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    len += (size_t)snprintf(b, cap, "     Network          Next Hop            Metric LocPrf "
                                    "Weight Path\n");
    for (uint32_t i = 0; len + 200 < cap; i++) {
        len += (size_t)snprintf(b + len, cap - len,
                                " *>  %u.%u.%u.0/24      192.0.2.1                0             "
                                "0 65001 %u i\n",
                                10 + (i >> 16) % 200, (i >> 8) & 255, i & 255, i % 65000);
        if (i % 3 == 0)
            len += (size_t)snprintf(b + len, cap - len,
                                    " *                    192.0.2.2                0          "
                                    "   0 65002 i\n");
    }
    size_t saved = pu_split_min;
    pu_split_min = SIZE_MAX;
    result one = parse(b, len, 0, NULL);
    pu_split_min = saved;
    size_t before = pu_split_merged;
    result two = parse(b, len, 0, NULL);
    assert_int_equal(pu_split_merged, before + 1);
    same_result(&one, &two, 0);
    assert_true(er_rtable_count(one.t) > 50000);
    result_free(&one);
    result_free(&two);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_every_split),
        cmocka_unit_test(test_fixtures_every_split),
        cmocka_unit_test(test_hostile_every_split),
        cmocka_unit_test(test_corpus_every_split),
        cmocka_unit_test(test_big_table_default_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
