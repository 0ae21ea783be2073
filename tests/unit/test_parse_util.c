/* The parsers' toolkit (src/routes/parse_util): snippets, line accounting, the VRF
 * convention, prefixes with host bits, interning, JSON documents with line numbers. */
#include "erready/routes.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "routes/parse_util.h"
#include "testutil.h"

/* A parse context over a fresh table and sink. */
typedef struct fx {
    er_rtable *t;
    er_diags *d;
    er_parse_stats stats;
    er_parse_ctx ctx;
    pu_state pu;
} fx;

static void fx_init(fx *f, const char *vrf_filter, const char *buf, size_t len)
{
    memset(f, 0, sizeof *f);
    f->t = er_rtable_new();
    f->d = er_diags_new(0);
    assert_non_null(f->t);
    assert_non_null(f->d);
    er_parse_ctx c = {f->t, f->d, "in.txt", 0, &f->stats, vrf_filter};
    f->ctx = c;
    pu_init(&f->pu, &f->ctx, buf, len);
}

static void fx_free(fx *f)
{
    er_rtable_free(f->t);
    er_diags_free(f->d);
}

static const er_diag *last_diag(const fx *f)
{
    size_t n = er_diags_count(f->d);
    assert_true(n > 0);
    return er_diags_get(f->d, n - 1);
}

static void test_snippet(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len; /* 0: strlen */
        size_t size;
        const char *want;
    } cases[] = {
        {"10.0.0.0/8 via x", 0, 76, "10.0.0.0/8 via x"},
        {"   indented  \t ", 0, 76, "   indented"}, /* trailing blanks only */
        {"a\tb", 0, 76, "a\tb"},                    /* tab kept */
        {"BGP\0table", 9, 76, "BGP?table"},         /* NUL shown */
        {"first\nsecond", 0, 76, "first"},          /* one line */
        {"first\r\nsecond", 0, 76, "first"},
        {"caf\xc3\xa9", 0, 76, "caf??"},            /* non-ASCII shown as '?' */
        {"0123456789abcdef", 0, 12, "01234567..."}, /* cut */
        {"01234567890", 0, 12, "01234567890"},      /* fits exactly */
        {"", 0, 8, ""},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(cases); i++) {
        char buf[80];
        size_t n = cases[i].len ? cases[i].len : strlen(cases[i].in);
        pu_snippet(buf, cases[i].size, cases[i].in, cases[i].in + n);
        assert_string_equal(buf, cases[i].want);
        assert_true(strlen(buf) < cases[i].size);
    }
}

static void test_accounting(void **state)
{
    (void)state;
    static const char text[] = "a\n\nb\nc\n";
    fx f;
    fx_init(&f, NULL, text, sizeof text - 1);
    const char *s, *e;
    int n = 0;
    while (pu_next_line(&f.pu, &s, &e)) {
        n++;
        if (pu_is_blank(s, e))
            pu_ok(&f.pu);
        else if (*s == 'a')
            pu_skip(&f.pu, pu_lineno(&f.pu), "why", s, e);
        else if (*s == 'b')
            pu_error(&f.pu, pu_lineno(&f.pu), 1, "bad thing", s, e);
        else
            pu_skip(&f.pu, pu_lineno(&f.pu), NULL, s, e);
    }
    assert_int_equal(n, 4);
    assert_int_equal(f.stats.lines, 4);
    assert_int_equal(f.stats.understood, 1);
    assert_int_equal(f.stats.skipped, 3);
    assert_int_equal(pu_finish(&f.pu), ER_ERR_PARSE);
    assert_int_equal(er_diags_count(f.d), 3);
    const er_diag *g = er_diags_get(f.d, 0);
    assert_int_equal(g->level, ER_DIAG_WARNING);
    assert_int_equal(g->line, 1);
    assert_string_equal(g->msg, "not understood: why: 'a'");
    g = er_diags_get(f.d, 1);
    assert_int_equal(g->level, ER_DIAG_ERROR);
    assert_int_equal(g->line, 3);
    assert_int_equal(g->col, 1);
    assert_string_equal(g->msg, "bad thing: 'b'");
    assert_string_equal(er_diags_get(f.d, 2)->msg, "not understood: 'c'");
    fx_free(&f);
}

/* The VRF convention: "default" and "" are the default VRF, stored as absent. */
static void test_vrf(void **state)
{
    (void)state;
    static const struct {
        const char *filter, *name;
        bool wanted;
    } cases[] = {
        {NULL, "", true},
        {NULL, "red", true},
        {"default", "", true},
        {"default", "default", true},
        {"", "", true},
        {"", "default", true},
        {"default", "red", false},
        {"red", "red", true},
        {"red", " red ", true},
        {"red", "", false},
        {"red", "default", false},
        {"red", "redder", false},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(cases); i++) {
        fx f;
        fx_init(&f, cases[i].filter, "", 0);
        const char *n = cases[i].name;
        assert_int_equal(pu_vrf_wanted(&f.ctx, n, n + strlen(n)), cases[i].wanted);
        pu_set_vrf(&f.pu, n, n + strlen(n));
        assert_int_equal(f.pu.vrf_keep, cases[i].wanted);
        er_route r;
        pu_route_init(&r, 1);
        r.prefix.family = ER_AF_V4;
        r.flags = ER_RF_BEST;
        assert_int_equal(pu_push(&f.pu, &r), ER_OK);
        assert_int_equal(er_rtable_count(f.t), cases[i].wanted ? 1 : 0);
        assert_int_equal(f.stats.routes, cases[i].wanted ? 1 : 0);
        assert_int_equal(f.stats.best, cases[i].wanted ? 1 : 0);
        if (cases[i].wanted) {
            const er_route *got = er_rtable_get(f.t, 0);
            bool dflt = !*n || strcmp(n, "default") == 0;
            assert_int_equal(got->vrf.len, dflt ? 0 : 3);
            assert_int_equal(got->path_class, ER_PC_UNSET);
        }
        fx_free(&f);
    }
}

static void test_prefix(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool require_len;
        er_addr_err err;
        const char *want;
        uint8_t flags;
    } cases[] = {
        {"10.0.0.0/8", true, ER_ADDR_OK, "10.0.0.0/8", 0},
        {"10.1.2.3/16", true, ER_ADDR_OK, "10.1.0.0/16", ER_RF_HOSTBITS},
        {"2001:db8::1/32", true, ER_ADDR_OK, "2001:db8::/32", ER_RF_HOSTBITS},
        {"10.0.0.1", false, ER_ADDR_OK, "10.0.0.1/32", 0},
        {"10.0.0.1", true, ER_ADDR_BAD_LEN, NULL, 0},
        {"10.0.0.0/8x", true, ER_ADDR_TRAILING, NULL, 0},
        {"10.0.0.256/24", true, ER_ADDR_BAD, NULL, 0},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(cases); i++) {
        fx f;
        fx_init(&f, NULL, "", 0);
        const char *s = cases[i].text;
        er_prefix p;
        uint8_t fl = 0;
        er_addr_err err = pu_prefix(&f.pu, 7, 3, s, s + strlen(s), cases[i].require_len, &p, &fl);
        assert_int_equal(err, cases[i].err);
        if (cases[i].want) {
            char buf[ER_PREFIX_STRLEN];
            er_prefix_format(&p, buf, sizeof buf);
            assert_string_equal(buf, cases[i].want);
            assert_int_equal(fl, cases[i].flags);
        }
        if (cases[i].flags) {
            const er_diag *g = last_diag(&f);
            assert_int_equal(g->level, ER_DIAG_WARNING);
            assert_int_equal(g->line, 7);
            assert_int_equal(g->col, 3);
            assert_non_null(strstr(g->msg, "host bits set in "));
        } else {
            assert_int_equal(er_diags_count(f.d), 0);
        }
        fx_free(&f);
    }
    /* pu_read_prefix reports what pu_prefix does not. */
    fx f;
    static const char line[] = "B 10.0.0.0/40 [20/0]";
    fx_init(&f, NULL, line, sizeof line - 1);
    er_prefix p;
    uint8_t fl = 0;
    assert_false(pu_read_prefix(&f.pu, 4, line, line + 2, line + 13, &p, &fl));
    assert_int_equal(last_diag(&f)->col, 3);
    assert_string_equal(last_diag(&f)->msg, "invalid prefix: '10.0.0.0/40'");
    assert_int_equal(f.stats.skipped, 1);
    fx_free(&f);
}

static void test_bad_addr(void **state)
{
    (void)state;
    static const char line[] = "10.0.0.0/8 via 10.0.0.999, eth0";
    fx f;
    fx_init(&f, NULL, line, sizeof line - 1);
    const char *at = strstr(line, "10.0.0.999");
    pu_bad_addr(&f.pu, 2, pu_col(line, at), "next hop", ER_ADDR_BAD, at, line + strlen(line));
    const er_diag *g = last_diag(&f);
    assert_int_equal(g->level, ER_DIAG_ERROR);
    assert_int_equal(g->col, 16);
    assert_string_equal(g->msg, "invalid next hop (malformed address): '10.0.0.999'");
    assert_int_equal(pu_finish(&f.pu), ER_ERR_PARSE);
    fx_free(&f);
}

static void test_intern_slot(void **state)
{
    (void)state;
    fx f;
    fx_init(&f, NULL, "", 0);
    static const char a[] = "Ethernet1 Ethernet1 Ethernet2";
    er_strref r1 = pu_intern_slot(&f.pu, PU_SLOT_IFACE, a, a + 9);
    er_strref r2 = pu_intern_slot(&f.pu, PU_SLOT_IFACE, a + 10, a + 19);
    er_strref r3 = pu_intern_slot(&f.pu, PU_SLOT_IFACE, a + 20, a + 29);
    er_strref r4 = pu_intern_slot(&f.pu, PU_SLOT_ASPATH, a, a + 9);
    assert_int_equal(r1.off, r2.off);
    assert_int_not_equal(r1.off, r3.off);
    assert_int_not_equal(r1.off, r4.off);
    assert_memory_equal(er_rtable_str(f.t, r3), "Ethernet2", 9);
    er_strref empty = pu_intern_slot(&f.pu, PU_SLOT_IFACE, a, a);
    assert_int_equal(empty.len, 0);
    assert_int_equal(empty.off, 0);
    fx_free(&f);
}

static bool noise_prompt(const char *s, const char *e)
{
    return sc_starts(s, e, "sw#");
}

/* Documents: messages, the line and column where they broke, the line counts. */
static void test_json(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool noise;
        er_status st;
        uint32_t line, col;
        const char *msg;
    } cases[] = {
        {"{\"a\": [1, 2]}\n", false, ER_OK, 0, 0, NULL},
        {"\n  {\"a\": 1}  \n\n", false, ER_OK, 0, 0, NULL},
        {"{\n \"a\": [1,\n", false, ER_ERR_PARSE, 2, 10, "invalid or truncated json document"},
        {"{\n \"a\": x}\n", false, ER_ERR_PARSE, 2, 7, "invalid json document (broken here)"},
        {"{\"a\": 1}\nxyz\n", false, ER_ERR_PARSE, 2, 1, "unexpected text after the json document"},
        {"sw# show x | json\n{\"a\": 1}\nsw#\n", true, ER_OK, 0, 0, NULL},
        {"junk\n{\"a\": 1}\n", true, ER_ERR_PARSE, 1, 1,
         "unexpected text before the json document"},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(cases); i++) {
        const char *t = cases[i].text;
        size_t len = strlen(t);
        fx f;
        fx_init(&f, NULL, t, len);
        const char *start = cases[i].noise ? strchr(t, '{') : t;
        struct cJSON *doc = NULL;
        er_status st = pu_json_parse(&f.pu, t, len, start, t + len,
                                     cases[i].noise ? noise_prompt : NULL, &doc);
        assert_int_equal(st, cases[i].st);
        uint64_t lines = pu_count_lines(t, len);
        assert_int_equal(f.stats.lines, lines);
        if (st == ER_OK) {
            assert_non_null(doc);
            assert_int_equal(f.stats.understood, lines);
            assert_int_equal(er_diags_count(f.d), 0);
            /* An element not understood moves one line, never more than there are. */
            for (uint64_t k = 0; k <= lines; k++)
                pu_skipf(&f.pu, 1, "element %u", (unsigned)k);
            assert_int_equal(f.stats.understood, 0);
            assert_int_equal(f.stats.skipped, lines);
            cJSON_Delete(doc);
        } else {
            assert_null(doc);
            assert_int_equal(f.stats.understood, 0);
            assert_int_equal(f.stats.skipped, lines);
            const er_diag *g = last_diag(&f);
            assert_int_equal(g->level, ER_DIAG_ERROR);
            assert_int_equal(g->line, cases[i].line);
            assert_int_equal(g->col, cases[i].col);
            assert_string_equal(g->msg, cases[i].msg);
        }
        fx_free(&f);
    }
}

static void test_jline(void **state)
{
    (void)state;
    static const char doc[] = "{\n \"x\": \"dst\",\n \"dst\" : 1,\n \"dst\": 2\n}\n";
    pu_jline j;
    pu_jline_init(&j, doc, sizeof doc - 1);
    assert_int_equal(pu_jline_key(&j, "dst"), 3); /* the value "dst" on line 2 is no key */
    assert_int_equal(pu_jline_key(&j, "dst"), 4);
    assert_int_equal(pu_jline_key(&j, "dst"), 4); /* none left: the current line */
    pu_jline_init(&j, doc, sizeof doc - 1);
    assert_true(pu_jline_find(&j, "\"dst\""));
    assert_int_equal(j.line, 2);
    assert_false(pu_jline_find(&j, "nowhere"));
    assert_int_equal(j.line, 2);
}

static void test_line_shapes(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool noise;
    } noise[] = {
        {"", true},
        {"   ", true},
        {"router# show ip route", true},
        {"user@r1> show route", true},
        {"$ ip route", true},
        {" --More-- ", true},
        {"Mon Nov 24 10:00:00.123 UTC", true},
        {"Hello, this is FRRouting (version 8.1).", true},
        {"10.0.0.0/8 via 1.1.1.1", false},
        {"B>* 10.0.0.0/8 [20/0] via 1.1.1.1", false},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(noise); i++) {
        const char *s = noise[i].text;
        assert_int_equal(pu_is_prompt_or_noise(s, s + strlen(s)), noise[i].noise);
    }
    static const char more[] = " --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b  B 10";
    const char *s = more, *e = more + sizeof more - 1;
    assert_true(pu_strip_pager(&s, &e));
    assert_string_equal(s, "  B 10");
    static const char w1[] = "OSPFv3", w2[] = "Direct", w3[] = "sharp";
    assert_int_equal(pu_proto_word(w1, w1 + 6), ER_PROTO_OSPF);
    assert_int_equal(pu_proto_word(w2, w2 + 6), ER_PROTO_CONNECTED);
    assert_int_equal(pu_proto_word(w3, w3 + 5), ER_PROTO_OTHER);
    static const char dm[] = "[20/0]", dx[] = "[20/x]";
    uint32_t a, b;
    assert_true(pu_bracket_pair(dm, dm + 6, &a, &b));
    assert_int_equal(a, 20);
    assert_false(pu_bracket_pair(dx, dx + 6, &a, &b));
    static const char p1[] = "65001 {1,2} (3 4)", p2[] = "65001 {1,2";
    assert_true(pu_valid_as_path(p1, p1 + sizeof p1 - 1));
    assert_false(pu_valid_as_path(p2, p2 + sizeof p2 - 1));
}

/* The line rule written the slow way: a line ends at the first '\n', or at a '\r' that is
 * not the last byte before that '\n' (or the end); a '\r' right before it is dropped. */
static bool oracle_next(const char **p, const char *end, const char **s, const char **e)
{
    if (*p >= end)
        return false;
    const char *a = *p, *le = a;
    while (le < end && *le != '\n')
        le++;
    const char *cr = a;
    while (cr < le && *cr != '\r')
        cr++;
    if (cr < le && cr + 1 < le) {
        *s = a;
        *e = cr;
        *p = cr + 1;
        return true;
    }
    *p = le < end ? le + 1 : end;
    if (le > a && le[-1] == '\r')
        le--;
    *s = a;
    *e = le;
    return true;
}

/* er_lines against the oracle on random text of line-end bytes, blanks and letters, short
 * and long lines (past the 16-byte steps of the fast scan). */
static void test_lines_match_oracle(void **state)
{
    (void)state;
    static const char alphabet[] = "ab \t\r\n\r\n";
    uint64_t seed = 0x5eed1e55u;
    char buf[300];
    for (int round = 0; round < 30000; round++) {
        size_t len = (size_t)(tu_rand(&seed) % (round % 3 ? 40 : sizeof buf));
        int runny = (int)(tu_rand(&seed) % 4); /* how often letters come */
        for (size_t i = 0; i < len; i++)
            buf[i] = tu_rand(&seed) % 8 < (uint64_t)(4 + runny)
                         ? 'x'
                         : alphabet[tu_rand(&seed) % (sizeof alphabet - 1)];
        er_lines it;
        er_lines_init(&it, buf, len);
        const char *op = buf, *s, *e, *os, *oe;
        uint32_t n = 0;
        for (;;) {
            bool a = er_lines_next(&it, &s, &e), b = oracle_next(&op, buf + len, &os, &oe);
            assert_int_equal(a, b);
            if (!a)
                break;
            n++;
            assert_ptr_equal(s, os);
            assert_ptr_equal(e, oe);
            assert_int_equal(it.lineno, n);
        }
    }
}

/* The AS path rules written out plainly: ASNs (asplain up to 4294967295, or asdot
 * 0-65535.0-65535 without a leading zero before the dot) separated by blanks; an AS set
 * {a,b} or confederation set [a,b] may hold commas; a confederation sequence (a b); none
 * of them nested in one of its own kind; all closed at the end. */
static bool ref_as_path(const char *s, size_t n)
{
    int brace = 0, paren = 0, bracket = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            size_t j = i;
            while (j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.'))
                j++;
            char tok[64] = {0};
            if (j - i >= sizeof tok)
                return false;
            memcpy(tok, s + i, j - i);
            char *dot = strchr(tok, '.');
            if (!dot) {
                if (strlen(tok) > 10 || strtoull(tok, NULL, 10) > 4294967295ull)
                    return false;
            } else {
                *dot = '\0';
                const char *lo = dot + 1;
                if (!*tok || !*lo || strchr(lo, '.') || strlen(tok) > 10 || strlen(lo) > 10 ||
                    strtoull(tok, NULL, 10) > 65535 || strtoull(lo, NULL, 10) > 65535 ||
                    (strlen(tok) > 1 && tok[0] == '0'))
                    return false;
            }
            i = j;
            continue;
        }
        switch (c) {
        case ' ': case '\t': break;
        case ',': if (!brace && !bracket) return false; break;
        case '{': if (brace++) return false; break;
        case '}': if (--brace < 0) return false; break;
        case '(': if (paren++) return false; break;
        case ')': if (--paren < 0) return false; break;
        case '[': if (bracket++) return false; break;
        case ']': if (--bracket < 0) return false; break;
        default: return false;
        }
        i++;
    }
    return !brace && !paren && !bracket;
}

/* pu_valid_as_path (its plain paths eight bytes at a time) against the rules above, on
 * random paths: mostly digits and blanks with runs around nine and ten digits, and now
 * and then a set, a dot, a tab or a stray letter, at every alignment. */
static void test_as_path_matches_rules(void **state)
{
    (void)state;
    uint64_t seed = 0xa5a5;
    char buf[80];
    int valid = 0, plain_long = 0;
    for (int round = 0; round < 200000; round++) {
        size_t len = (size_t)(tu_rand(&seed) % 40);
        bool odd = tu_rand(&seed) % 4 == 0;
        for (size_t i = 0; i < len; i++) {
            uint64_t r = tu_rand(&seed) % 100;
            buf[i] = r < 80   ? (char)('0' + r % 10)
                     : r < 96 ? ' '
                     : odd    ? "{}()[],.\tx"[r % 10]
                              : ' ';
        }
        char *copy = malloc(len ? len : 1); /* exact size: ASan sees a read past the end */
        assert_non_null(copy);
        memcpy(copy, buf, len);
        bool got = pu_valid_as_path(copy, copy + len), want = ref_as_path(copy, len);
        if (got != want)
            fail_msg("'%.*s': got %d, want %d", (int)len, copy, got, want);
        valid += want;
        if (want && !odd && len > 20)
            plain_long++;
        free(copy);
    }
    /* both outcomes, and long plain paths (the eight-byte steps), come often */
    assert_true(valid > 20000 && valid < 180000);
    assert_true(plain_long > 5000);
}

/* sc_skip_ws (eight bytes at a time) against a byte loop, on runs of blanks and tabs of
 * every length around the eight-byte steps, ending at every kind of byte or at the end. */
static void test_skip_ws_matches_loop(void **state)
{
    (void)state;
    uint64_t seed = 42;
    char buf[64];
    for (int round = 0; round < 50000; round++) {
        size_t len = (size_t)(tu_rand(&seed) % sizeof buf);
        for (size_t i = 0; i < len; i++) {
            uint64_t r = tu_rand(&seed) % 16;
            buf[i] = r < 10 ? ' ' : r < 12 ? '\t' : r < 13 ? '\0' : r < 14 ? '\n' : 'x';
        }
        size_t start = len ? (size_t)(tu_rand(&seed) % len) : 0;
        const char *want = buf + start;
        while (want < buf + len && (*want == ' ' || *want == '\t'))
            want++;
        assert_ptr_equal(sc_skip_ws(buf + start, buf + len), want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snippet),     cmocka_unit_test(test_accounting),
        cmocka_unit_test(test_vrf),         cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_bad_addr),    cmocka_unit_test(test_intern_slot),
        cmocka_unit_test(test_json),        cmocka_unit_test(test_jline),
        cmocka_unit_test(test_line_shapes),
        cmocka_unit_test(test_lines_match_oracle),
        cmocka_unit_test(test_skip_ws_matches_loop),
        cmocka_unit_test(test_as_path_matches_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
