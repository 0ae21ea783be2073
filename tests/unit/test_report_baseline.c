/* Tests of baselines: loading with strict validation, matching by rule/site/service/prefix,
 * expiry, pruning that only shrinks, and byte-stable writing. */
#include <stdio.h>

#include "report_fixture.h"

static const char *entry_json(char *buf, size_t size, const char *fields)
{
    snprintf(buf, size, "{\"erready_baseline\": 1, \"entries\": [{%s}]}", fields);
    return buf;
}

#define GOOD_FIELDS                                                                          \
    "\"rule\":\"leak\",\"service\":\"PowerPlatformInfra.NorthEurope\",\"prefix\":\"20.0.1.0/24\"," \
    "\"reason\":\"migration in Q3\",\"expires\":\"2030-06-30\""

static void test_date_valid(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool ok;
    } v[] = {
        {"2026-01-31", true},  {"2024-02-29", true},  {"2000-02-29", true},
        {"1900-02-29", false}, {"2025-02-29", false}, {"2025-04-31", false},
        {"2025-13-01", false}, {"2025-00-10", false}, {"2025-01-00", false},
        {"2025-1-01", false},  {"2025/01/01", false}, {"20250101", false},
        {"2025-01-01x", false}, {"", false},          {"0000-01-01", false},
        {"9999-12-31", true},  {"2025-0a-01", false},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(v); i++)
        if (er_baseline_date_valid(v[i].s) != v[i].ok)
            fail_msg("date '%s': want %d", v[i].s, v[i].ok);
    assert_false(er_baseline_date_valid(NULL));
}

/* Bad baselines: each is rejected whole with a message naming the problem. */
static void test_load_errors(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        const char *msg;
        uint32_t line;
    } v[] = {
        {"{\"erready_baseline\": 1,\n \"entries\": [\n  {\"rule\": }\n]}", "not valid JSON", 3},
        {"[]", "not an erready baseline", 0},
        {"{\"entries\": []}", "not an erready baseline", 0},
        {"{\"erready_baseline\": 2, \"entries\": []}", "unsupported baseline version", 0},
        {"{\"erready_baseline\": 1}", "'entries' is missing", 0},
        {"{\"erready_baseline\": 1, \"entries\": [3]}", "entries[0]: not an object", 0},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(v); i++) {
        er_baseline *b = er_baseline_new();
        er_diags *d = er_diags_new(0);
        assert_int_equal(er_baseline_load(b, "bl.json", v[i].json, strlen(v[i].json), d),
                         ER_ERR_PARSE);
        assert_int_equal(er_baseline_count(b), 0);
        assert_true(er_diags_count(d) >= 1);
        const er_diag *g = er_diags_get(d, 0);
        if (!strstr(g->msg, v[i].msg))
            fail_msg("case %zu: message '%s' lacks '%s'", i, g->msg, v[i].msg);
        assert_string_equal(g->file, "bl.json");
        if (v[i].line)
            assert_int_equal(g->line, v[i].line);
        er_diags_free(d);
        er_baseline_free(b);
    }
}

static void test_entry_errors(void **state)
{
    (void)state;
    static const struct {
        const char *fields;
        const char *msg;
    } v[] = {
        {"\"rule\":\"leak\",\"service\":\"S\",\"prefix\":\"20.0.1.0/24\",\"expires\":\"2030-01-01\"",
         "'reason' is missing or empty (say why"},
        {"\"rule\":\"leak\",\"service\":\"S\",\"prefix\":\"20.0.1.0/24\",\"reason\":\"\",\"expires\":\"2030-01-01\"",
         "'reason' is missing or empty"},
        {"\"rule\":\"leak\",\"service\":\"S\",\"prefix\":\"20.0.1.0/24\",\"reason\":\"r\"",
         "'expires' is missing or empty (give a date"},
        {"\"rule\":\"leak\",\"service\":\"S\",\"prefix\":\"20.0.1.0/24\",\"reason\":\"r\",\"expires\":\"2030-02-30\"",
         "expiry '2030-02-30' is not a date"},
        {"\"rule\":\"leak\",\"service\":\"S\",\"prefix\":\"20.0.1.1/24\",\"reason\":\"r\",\"expires\":\"2030-01-01\"",
         "prefix '20.0.1.1/24' has host bits set"},
        {"\"rule\":\"leak\",\"service\":\"S\",\"prefix\":\"20.0.1/24\",\"reason\":\"r\",\"expires\":\"2030-01-01\"",
         "invalid prefix '20.0.1/24'"},
        {"\"rule\":\"leak\",\"service\":\"S\",\"prefix\":\"20.0.1.0\",\"reason\":\"r\",\"expires\":\"2030-01-01\"",
         "invalid prefix '20.0.1.0'"},
        {"\"rule\":7,\"service\":\"S\",\"prefix\":\"20.0.1.0/24\",\"reason\":\"r\",\"expires\":\"2030-01-01\"",
         "'rule' is not a string"},
        {"\"rule\":\"leak\",\"prefix\":\"20.0.1.0/24\",\"reason\":\"r\",\"expires\":\"2030-01-01\"",
         "'service' is missing"},
        {GOOD_FIELDS ",\"site\":false", "'site' is not a string"},
    };
    char buf[1024];
    for (size_t i = 0; i < ER_ARRAY_LEN(v); i++) {
        er_baseline *b = er_baseline_new();
        er_diags *d = er_diags_new(0);
        const char *j = entry_json(buf, sizeof buf, v[i].fields);
        assert_int_equal(er_baseline_load(b, "bl.json", j, strlen(j), d), ER_ERR_PARSE);
        assert_int_equal(er_baseline_count(b), 0);
        bool found = false;
        for (size_t k = 0; k < er_diags_count(d); k++) {
            const er_diag *g = er_diags_get(d, k);
            if (g->level == ER_DIAG_ERROR && strstr(g->msg, v[i].msg) && strstr(g->msg, "entries[0]"))
                found = true;
        }
        if (!found)
            fail_msg("case %zu: no error containing '%s'", i, v[i].msg);
        er_diags_free(d);
        er_baseline_free(b);
    }
}

static void test_load_warnings(void **state)
{
    (void)state;
    const char *j =
        "{\"erready_baseline\": 1, \"entries\": [{" GOOD_FIELDS ",\"owner\":\"net team\"},"
        "{" GOOD_FIELDS "},"
        "{" GOOD_FIELDS ",\"site\":\"ams\",\"fingerprint\":\"0000\"}]}";
    er_baseline *b = er_baseline_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_baseline_load(b, "bl.json", j, strlen(j), d), ER_OK);
    assert_int_equal(er_baseline_count(b), 2); /* the duplicate is dropped */
    assert_int_equal(er_diags_total(d, ER_DIAG_ERROR), 0);
    assert_int_equal(er_diags_total(d, ER_DIAG_WARNING), 3);
    assert_non_null(strstr(er_diags_get(d, 0)->msg, "unknown key 'owner'"));
    assert_non_null(strstr(er_diags_get(d, 1)->msg, "entries[2]: fingerprint does not match"));
    assert_non_null(strstr(er_diags_get(d, 2)->msg, "entries[1]: duplicate"));
    const er_baseline_entry *e = er_baseline_entry_at(b, 1);
    assert_string_equal(e->site, "ams");
    assert_string_equal(er_baseline_entry_at(b, 0)->site, "");
    assert_string_equal(e->reason, "migration in Q3");
    assert_null(er_baseline_entry_at(b, 2));
    er_diags_free(d);
    er_baseline_free(b);
}

static void test_add_rejects(void **state)
{
    (void)state;
    er_baseline *b = er_baseline_new();
    er_baseline_entry e = {"leak", NULL, "S", {0, 0, 0}, "why", "2030-01-01"};
    assert_int_equal(er_prefix_parse("20.0.1.7/24", false, &e.prefix), ER_ADDR_HOST_BITS);
    bool added = false;
    assert_int_equal(er_baseline_add(b, &e, &added), ER_OK);
    assert_true(added);
    char pfx[ER_PREFIX_STRLEN];
    er_prefix_format(&er_baseline_entry_at(b, 0)->prefix, pfx, sizeof pfx);
    assert_string_equal(pfx, "20.0.1.0/24"); /* stored canonical */
    assert_int_equal(er_baseline_add(b, &e, &added), ER_OK);
    assert_false(added);
    e.reason = "";
    assert_int_equal(er_baseline_add(b, &e, &added), ER_ERR_ARG);
    e.reason = "why";
    e.expires = "someday";
    assert_int_equal(er_baseline_add(b, &e, &added), ER_ERR_ARG);
    e.expires = "2030-01-01";
    e.rule = "";
    assert_int_equal(er_baseline_add(b, &e, &added), ER_ERR_ARG);
    assert_int_equal(er_baseline_count(b), 1);
    er_baseline_free(b);
}

static er_baseline *load_ok(const char *j)
{
    er_baseline *b = er_baseline_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_baseline_load(b, "bl.json", j, strlen(j), d), ER_OK);
    er_diags_free(d);
    return b;
}

static void test_match(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    /* Finding 0: PowerPlatformInfra 20.0.0.0/23; finding 1: NorthEurope 20.0.1.0/24 (analysis
     * order). Entries: wrong prefix, wrong rule, other site, any site, this site. */
    const char *j =
        "{\"erready_baseline\":1,\"entries\":["
        "{\"rule\":\"leak\",\"service\":\"PowerPlatformInfra\",\"prefix\":\"20.0.0.0/24\",\"reason\":\"a\",\"expires\":\"2030-01-01\"},"
        "{\"rule\":\"split-subnet\",\"service\":\"PowerPlatformInfra\",\"prefix\":\"20.0.0.0/23\",\"reason\":\"b\",\"expires\":\"2030-01-01\"},"
        "{\"rule\":\"leak\",\"site\":\"lon\",\"service\":\"PowerPlatformInfra\",\"prefix\":\"20.0.0.0/23\",\"reason\":\"c\",\"expires\":\"2030-01-01\"},"
        "{\"rule\":\"leak\",\"service\":\"powerplatforminfra.northeurope\",\"prefix\":\"20.0.1.0/24\",\"reason\":\"d\",\"expires\":\"2020-01-01\"},"
        "{\"rule\":\"leak\",\"site\":\"ams\",\"service\":\"PowerPlatformInfra.NorthEurope\",\"prefix\":\"20.0.1.0/24\",\"reason\":\"e\",\"expires\":\"2030-01-01\"}"
        "]}";
    er_baseline *b = load_ok(j);
    size_t i_global = SIZE_MAX, i_north = SIZE_MAX;
    for (size_t i = 0; i < 2; i++) {
        const er_finding *x = er_analysis_finding(f.an, i);
        if (x->prefix.len == 23)
            i_global = i;
        else
            i_north = i;
    }
    assert_true(i_global != SIZE_MAX && i_north != SIZE_MAX);
    static const struct {
        const char *site;
        er_baseline_state global, north;
        size_t north_entry;
    } v[] = {
        {"", ER_BASELINE_NONE, ER_BASELINE_EXPIRED, 3},      /* any-site entry, expired */
        {"ams", ER_BASELINE_NONE, ER_BASELINE_ACCEPTED, 4},  /* own site beats any site */
        {"lon", ER_BASELINE_ACCEPTED, ER_BASELINE_EXPIRED, 3},
    };
    for (size_t k = 0; k < ER_ARRAY_LEN(v); k++) {
        er_baseline_match *m = NULL;
        assert_int_equal(er_baseline_apply(b, f.an, v[k].site, "2026-05-01", &m), ER_OK);
        assert_int_equal(m[i_global].state, v[k].global);
        assert_int_equal(m[i_north].state, v[k].north);
        assert_int_equal(m[i_north].entry, v[k].north_entry);
        if (v[k].global == ER_BASELINE_NONE)
            assert_true(m[i_global].entry == SIZE_MAX);
        free(m);
    }
    er_baseline_match *m = NULL;
    assert_int_equal(er_baseline_apply(b, f.an, "", "2026-5-1", &m), ER_ERR_ARG);
    assert_null(m);
    er_baseline_free(b);
    fixture_free(&f);
}

static void test_prune_only_shrinks(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    const char *j =
        "{\"erready_baseline\":1,\"entries\":["
        "{\"rule\":\"leak\",\"service\":\"PowerPlatformInfra\",\"prefix\":\"20.0.9.0/24\",\"reason\":\"gone\",\"expires\":\"2030-01-01\"},"
        "{\"rule\":\"leak\",\"service\":\"PowerPlatformInfra.NorthEurope\",\"prefix\":\"20.0.1.0/24\",\"reason\":\"kept\",\"expires\":\"2001-01-01\"}"
        "]}";
    er_baseline *b = load_ok(j);
    er_baseline_match *m = NULL;
    assert_int_equal(er_baseline_apply(b, f.an, "", "2026-05-01", &m), ER_OK);
    size_t nf = er_analysis_finding_count(f.an);
    assert_int_equal(er_baseline_prune(b, m, nf), 1);
    assert_int_equal(er_baseline_count(b), 1);
    /* Expired entries still match, so they are kept (and keep failing). */
    assert_string_equal(er_baseline_entry_at(b, 0)->reason, "kept");
    free(m);
    /* Pruning again against the same run removes nothing. */
    assert_int_equal(er_baseline_apply(b, f.an, "", "2026-05-01", &m), ER_OK);
    assert_int_equal(er_baseline_prune(b, m, nf), 0);
    assert_int_equal(er_baseline_count(b), 1);
    free(m);
    /* Against a run without findings everything goes. */
    assert_int_equal(er_baseline_prune(b, NULL, 0), 1);
    assert_int_equal(er_baseline_count(b), 0);
    er_baseline_free(b);
    fixture_free(&f);
}

static void test_write_round_trip(void **state)
{
    (void)state;
    er_baseline *b = er_baseline_new();
    static const struct {
        const char *rule, *site, *service, *prefix;
    } v[] = {
        {"leak", "", "PowerPlatformPlex", "2603:1061:2004::/48"},
        {"leak", "", "PowerPlatformInfra", "20.0.1.0/24"},
        {"leak", "ams", "PowerPlatformInfra", "20.0.0.0/24"},
        {"asymmetric-return-via-expressroute", "", "LogicApps", "4.0.0.0/8"},
        {"leak", "", "PowerPlatformInfra", "20.0.0.0/24"},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(v); i++) {
        er_baseline_entry e = {v[i].rule, v[i].site, v[i].service, {0, 0, 0},
                               "reason with \"quotes\" and \\ backslash", "2027-03-31"};
        assert_int_equal(er_prefix_parse(v[i].prefix, true, &e.prefix), ER_ADDR_OK);
        assert_int_equal(er_baseline_add(b, &e, NULL), ER_OK);
    }
    size_t len = 0;
    char *j = er_baseline_to_json(b, &len);
    assert_non_null(j);
    assert_int_equal(strlen(j), len);
    /* Sorted: rule, then site, then service, then prefix. */
    const char *p1 = strstr(j, "\"asymmetric-return-via-expressroute\"");
    const char *p2 = strstr(j, "\"20.0.0.0/24\"");
    const char *p3 = strstr(j, "\"20.0.1.0/24\"");
    const char *p4 = strstr(j, "\"2603:1061:2004::/48\"");
    const char *p5 = strstr(j, "\"site\": \"ams\"");
    assert_true(p1 && p2 && p3 && p4 && p5);
    assert_true(p1 < p2 && p2 < p3 && p3 < p4 && p4 < p5);
    /* Reload: same entries, and writing again gives the same bytes. */
    er_baseline *c = load_ok(j);
    assert_int_equal(er_baseline_count(c), ER_ARRAY_LEN(v));
    char *j2 = er_baseline_to_json(c, NULL);
    assert_string_equal(j, j2);
    assert_string_equal(er_baseline_entry_at(c, 0)->reason, "reason with \"quotes\" and \\ backslash");
    /* Each entry carries its fingerprint, and it is the documented one. */
    char fp[ER_FINGERPRINT_HEX + 1];
    const er_baseline_entry *e = er_baseline_entry_at(c, 0);
    er_baseline_fingerprint(e->rule, e->site, e->service, &e->prefix, fp);
    assert_non_null(strstr(j, fp));
    free(j);
    free(j2);
    er_baseline_free(c);
    /* An empty baseline is still a loadable document. */
    er_baseline *empty = er_baseline_new();
    j = er_baseline_to_json(empty, NULL);
    er_baseline *e2 = load_ok(j);
    assert_int_equal(er_baseline_count(e2), 0);
    free(j);
    er_baseline_free(e2);
    er_baseline_free(empty);
    er_baseline_free(b);
}

static void test_fingerprint(void **state)
{
    (void)state;
    er_prefix a, b;
    assert_int_equal(er_prefix_parse("20.0.1.0/24", true, &a), ER_ADDR_OK);
    assert_int_equal(er_prefix_parse("20.0.1.0/25", true, &b), ER_ADDR_OK);
    char f1[ER_FINGERPRINT_HEX + 1], f2[ER_FINGERPRINT_HEX + 1];
    er_baseline_fingerprint("leak", "", "S", &a, f1);
    assert_int_equal(strlen(f1), ER_FINGERPRINT_HEX);
    for (const char *p = f1; *p; p++)
        assert_true((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'));
    /* Changing any part changes it; the separator keeps ("ab","c") apart from ("a","bc"). */
    er_baseline_fingerprint("leak", "", "S", &b, f2);
    assert_string_not_equal(f1, f2);
    er_baseline_fingerprint("leak", "x", "S", &a, f2);
    assert_string_not_equal(f1, f2);
    er_baseline_fingerprint("leak", NULL, "S", &a, f2);
    assert_string_equal(f1, f2);
    er_baseline_fingerprint("lea", "k", "S", &a, f1);
    er_baseline_fingerprint("leak", "", "S", &a, f2);
    assert_string_not_equal(f1, f2);
    /* A fixed vector, so the fingerprint never changes silently between versions. */
    char hex[65];
    er_report_sha256("erready-finding-v1\0leak\0\0S\0" "20.0.1.0/24", 39, hex); /* with the final NUL */
    er_baseline_fingerprint("leak", "", "S", &a, f1);
    assert_memory_equal(f1, hex, ER_FINGERPRINT_HEX);
}

static void test_load_file(void **state)
{
    (void)state;
    er_baseline *b = er_baseline_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_baseline_load_file(b, "/nonexistent/bl.json", d), ER_ERR_IO);
    assert_non_null(strstr(er_diags_get(d, 0)->msg, "cannot open"));
    char path[] = "/tmp/er_bl_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    char buf[512];
    fputs(entry_json(buf, sizeof buf, GOOD_FIELDS), fp);
    fclose(fp);
    assert_int_equal(er_baseline_load_file(b, path, d), ER_OK);
    assert_int_equal(er_baseline_count(b), 1);
    remove(path);
    er_diags_free(d);
    er_baseline_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_valid),     cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_entry_errors),   cmocka_unit_test(test_load_warnings),
        cmocka_unit_test(test_add_rejects),    cmocka_unit_test(test_match),
        cmocka_unit_test(test_prune_only_shrinks), cmocka_unit_test(test_write_round_trip),
        cmocka_unit_test(test_fingerprint),    cmocka_unit_test(test_load_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
