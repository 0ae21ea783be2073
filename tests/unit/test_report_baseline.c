/* Tests of baselines: finding ids and fingerprints (distinct within a run, blind to line
 * numbers), loading with strict validation, matching by finding id and site, expiry,
 * pruning that only shrinks, and byte-stable writing. */
#include <stdio.h>

#include "report_fixture.h"

static const char *entry_json(char *buf, size_t size, const char *fields)
{
    snprintf(buf, size, "{\"erready_baseline\": 2, \"entries\": [{%s}]}", fields);
    return buf;
}

/* The fixture's two leaks (report_fixture.h). */
#define ID_NORTH "leak|PowerPlatformInfra.NorthEurope|20.0.1.0/24|-|more-specific-route|via 20.0.1.128/25|-"
#define ID_GLOBAL "leak|PowerPlatformInfra|20.0.0.0/23|-|more-specific-route|via 20.0.1.128/25|-"

#define GOOD_FIELDS                                                                          \
    "\"finding\":\"" ID_NORTH "\","                                                           \
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
        {"{\"erready_baseline\": 2,\n \"entries\": [\n  {\"finding\": }\n]}", "not valid JSON", 3},
        {"[]", "not an erready baseline", 0},
        {"{\"entries\": []}", "not an erready baseline", 0},
        {"{\"erready_baseline\": 3, \"entries\": []}", "unsupported baseline version", 0},
        {"{\"erready_baseline\": \"2\", \"entries\": []}", "unsupported baseline version", 0},
        /* the format before finding ids: refused with how to get a new one */
        {"{\"erready_baseline\": 1, \"entries\": [{\"rule\":\"leak\",\"service\":\"S\","
         "\"prefix\":\"20.0.1.0/24\",\"reason\":\"r\",\"expires\":\"2030-01-01\"}]}",
         "baseline format 1 identifies findings by rule, service and prefix only", 0},
        {"{\"erready_baseline\": 2}", "'entries' is missing", 0},
        {"{\"erready_baseline\": 2, \"entries\": [3]}", "entries[0]: not an object", 0},
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
        {"\"finding\":\"leak|S|-|-|-\",\"expires\":\"2030-01-01\"",
         "'reason' is missing or empty (say why"},
        {"\"finding\":\"leak|S|-|-|-\",\"reason\":\"\",\"expires\":\"2030-01-01\"",
         "'reason' is missing or empty"},
        {"\"finding\":\"leak|S|-|-|-\",\"reason\":\"r\"",
         "'expires' is missing or empty (give a date"},
        {"\"finding\":\"leak|S|-|-|-\",\"reason\":\"r\",\"expires\":\"2030-02-30\"",
         "expiry '2030-02-30' is not a date"},
        {"\"reason\":\"r\",\"expires\":\"2030-01-01\"",
         "'finding' is missing or empty (the finding's id: \"id\" in the JSON report"},
        {"\"finding\":\"\",\"reason\":\"r\",\"expires\":\"2030-01-01\"",
         "'finding' is missing or empty"},
        {"\"finding\":7,\"reason\":\"r\",\"expires\":\"2030-01-01\"",
         "'finding' is not a string"},
        {GOOD_FIELDS ",\"site\":false", "'site' is not a string"},
        {GOOD_FIELDS ",\"fingerprint\":[]", "'fingerprint' is not a string"},
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
        "{\"erready_baseline\": 2, \"entries\": [{" GOOD_FIELDS ",\"owner\":\"net team\"},"
        "{" GOOD_FIELDS "},"
        "{" GOOD_FIELDS ",\"site\":\"ams\",\"fingerprint\":\"0000\"}]}";
    er_baseline *b = er_baseline_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_baseline_load(b, "bl.json", j, strlen(j), d), ER_OK);
    assert_int_equal(er_baseline_count(b), 2); /* the duplicate is dropped */
    assert_int_equal(er_diags_total(d, ER_DIAG_ERROR), 0);
    assert_int_equal(er_diags_total(d, ER_DIAG_WARNING), 3);
    assert_non_null(strstr(er_diags_get(d, 0)->msg, "unknown key 'owner'"));
    assert_non_null(strstr(er_diags_get(d, 1)->msg, "entries[2]: fingerprint does not match finding and site"));
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
    er_baseline_entry e = {ID_NORTH, NULL, "why", "2030-01-01"};
    bool added = false;
    assert_int_equal(er_baseline_add(b, &e, &added), ER_OK);
    assert_true(added);
    assert_string_equal(er_baseline_entry_at(b, 0)->site, ""); /* NULL site = any site */
    assert_int_equal(er_baseline_add(b, &e, &added), ER_OK);
    assert_false(added); /* same id and site */
    e.site = "ams";
    assert_int_equal(er_baseline_add(b, &e, &added), ER_OK);
    assert_true(added); /* another site is another entry */
    e.site = NULL;
    e.reason = "";
    assert_int_equal(er_baseline_add(b, &e, &added), ER_ERR_ARG);
    e.reason = "why";
    e.expires = "someday";
    assert_int_equal(er_baseline_add(b, &e, &added), ER_ERR_ARG);
    e.expires = "2030-01-01";
    e.finding = "";
    assert_int_equal(er_baseline_add(b, &e, &added), ER_ERR_ARG);
    e.finding = NULL;
    assert_int_equal(er_baseline_add(b, &e, &added), ER_ERR_ARG);
    assert_int_equal(er_baseline_count(b), 2);
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
    /* Entries: an id that is no finding's, the global leak for site lon, the NorthEurope
     * leak for any site (expired), the NorthEurope leak for site ams. */
    const char *j =
        "{\"erready_baseline\":2,\"entries\":["
        "{\"finding\":\"leak|PowerPlatformInfra|20.0.0.0/24|-|more-specific-route|via 20.0.1.128/25|-\",\"reason\":\"a\",\"expires\":\"2030-01-01\"},"
        "{\"finding\":\"" ID_GLOBAL "\",\"site\":\"lon\",\"reason\":\"c\",\"expires\":\"2030-01-01\"},"
        "{\"finding\":\"" ID_NORTH "\",\"reason\":\"d\",\"expires\":\"2020-01-01\"},"
        "{\"finding\":\"" ID_NORTH "\",\"site\":\"ams\",\"reason\":\"e\",\"expires\":\"2030-01-01\"}"
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
        {"", ER_BASELINE_NONE, ER_BASELINE_EXPIRED, 2},      /* any-site entry, expired */
        {"ams", ER_BASELINE_NONE, ER_BASELINE_ACCEPTED, 3},  /* own site beats any site */
        {"lon", ER_BASELINE_ACCEPTED, ER_BASELINE_EXPIRED, 2},
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
    /* No baseline: every finding counts. */
    assert_int_equal(er_baseline_apply(NULL, f.an, "", "2026-05-01", &m), ER_OK);
    assert_int_equal(m[0].state, ER_BASELINE_NONE);
    assert_int_equal(m[1].state, ER_BASELINE_NONE);
    free(m);
    er_baseline_free(b);
    fixture_free(&f);
}

static void test_prune_only_shrinks(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    const char *j =
        "{\"erready_baseline\":2,\"entries\":["
        "{\"finding\":\"leak|PowerPlatformInfra|20.0.9.0/24|-|more-specific-route|via 20.0.9.0/25|-\",\"reason\":\"gone\",\"expires\":\"2030-01-01\"},"
        "{\"finding\":\"" ID_NORTH "\",\"reason\":\"kept\",\"expires\":\"2001-01-01\"}"
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
        const char *finding, *site;
    } v[] = {
        {"leak|PowerPlatformPlex|2603:1061:2004::/48|-|no-expressroute-route|via ::/0|-", ""},
        {ID_NORTH, "ams"},
        {ID_NORTH, ""},
        {"asymmetric-return-via-expressroute|LogicApps|-|192.0.2.64/27|-", ""},
        {"endpoint-not-on-expressroute|-|192.0.2.10/32|crm \"sync\"|not-advertised", ""},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(v); i++) {
        er_baseline_entry e = {v[i].finding, v[i].site, "reason with \"quotes\" and \\ backslash",
                               "2027-03-31"};
        assert_int_equal(er_baseline_add(b, &e, NULL), ER_OK);
    }
    size_t len = 0;
    char *j = er_baseline_to_json(b, &len);
    assert_non_null(j);
    assert_int_equal(strlen(j), len);
    assert_true(strncmp(j, "{\n  \"erready_baseline\": 2,\n", 27) == 0);
    /* Sorted by finding id, then site. */
    const char *p1 = strstr(j, "\"asymmetric-return-via-expressroute|");
    const char *p2 = strstr(j, "\"endpoint-not-on-expressroute|");
    const char *p3 = strstr(j, "\"leak|PowerPlatformInfra.NorthEurope|");
    const char *p4 = strstr(j, "\"site\": \"ams\"");
    const char *p5 = strstr(j, "\"leak|PowerPlatformPlex|");
    assert_true(p1 && p2 && p3 && p4 && p5);
    assert_true(p1 < p2 && p2 < p3 && p3 < p4 && p4 < p5);
    assert_non_null(strstr(j, "crm \\\"sync\\\""));
    /* Reload: same entries, and writing again gives the same bytes. */
    er_baseline *c = load_ok(j);
    assert_int_equal(er_baseline_count(c), ER_ARRAY_LEN(v));
    char *j2 = er_baseline_to_json(c, NULL);
    assert_string_equal(j, j2);
    assert_string_equal(er_baseline_entry_at(c, 0)->reason, "reason with \"quotes\" and \\ backslash");
    /* Each entry carries its fingerprint, and it is the documented one. */
    for (size_t i = 0; i < er_baseline_count(c); i++) {
        char fp[ER_FINGERPRINT_HEX + 1];
        const er_baseline_entry *e = er_baseline_entry_at(c, i);
        er_baseline_fingerprint(e->finding, e->site, fp);
        assert_non_null(strstr(j, fp));
    }
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
    char f1[ER_FINGERPRINT_HEX + 1], f2[ER_FINGERPRINT_HEX + 1];
    er_baseline_fingerprint(ID_NORTH, "", f1);
    assert_int_equal(strlen(f1), ER_FINGERPRINT_HEX);
    for (const char *p = f1; *p; p++)
        assert_true((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'));
    /* Changing any part changes it; the separator keeps ("ab","c") apart from ("a","bc"). */
    er_baseline_fingerprint(ID_GLOBAL, "", f2);
    assert_string_not_equal(f1, f2);
    er_baseline_fingerprint(ID_NORTH, "x", f2);
    assert_string_not_equal(f1, f2);
    er_baseline_fingerprint(ID_NORTH, NULL, f2);
    assert_string_equal(f1, f2);
    er_baseline_fingerprint("leak|S|-|-|-x", "", f1);
    er_baseline_fingerprint("leak|S|-|-|-", "x", f2);
    assert_string_not_equal(f1, f2);
    /* A fixed vector, so the fingerprint never changes silently between versions. */
    char hex[65];
    er_report_sha256("erready-finding-v2\0leak|S|20.0.1.0/24|-|static-route|via 0.0.0.0/0|-\0", 70,
                     hex); /* with the final NUL of the empty site */
    er_baseline_fingerprint("leak|S|20.0.1.0/24|-|static-route|via 0.0.0.0/0|-", "", f1);
    assert_memory_equal(f1, hex, ER_FINGERPRINT_HEX);
}

/* ---- finding ids ---- */

/* Findings the old identity (rule, site, service, prefix) confused: a /23 service prefix
 * with two more specific internet routes inside gives two leaks of one service prefix,
 * one per winning route. Their ids, and so their fingerprints, differ; a line shift
 * changes neither. */
static void test_ids_tell_leaks_apart(void **state)
{
    (void)state;
    for (uint32_t shift = 0; shift <= 5; shift += 5) {
        fixture f;
        fixture_init(&f, 0);
        er_analysis_free(f.an);
        fixture_route(f.routes, "20.0.0.0/26", "198.51.100.1", "3356", 14 + shift);
        er_diags *d = er_diags_new(0);
        size_t *sel = NULL, n = 0;
        assert_int_equal(er_catalog_select(f.cat, "PowerPlatformInfra", NULL, &sel, &n, d), ER_OK);
        assert_int_equal(er_analyze(f.cat, sel, n, f.routes, NULL, &f.an), ER_OK);
        free(sel);
        er_diags_free(d);
        char **ids = NULL;
        assert_int_equal(er_baseline_finding_ids(f.an, &ids), ER_OK);
        size_t nf = er_analysis_finding_count(f.an);
        /* global /23: two winners; NorthEurope: one; WestEurope: one */
        assert_int_equal(nf, 4);
        size_t same_prefix = 0;
        for (size_t i = 0; i < nf; i++) {
            const er_finding *x = er_analysis_finding(f.an, i);
            if (x->service == er_analysis_finding(f.an, 0)->service && x->prefix.len == 23)
                same_prefix++;
            for (size_t k = 0; k < i; k++)
                assert_string_not_equal(ids[i], ids[k]);
        }
        assert_int_equal(same_prefix, 2);
        bool a = false, b = false;
        for (size_t i = 0; i < nf; i++) {
            a |= strcmp(ids[i], "leak|PowerPlatformInfra|20.0.0.0/23|-|more-specific-route|"
                                "via 20.0.1.128/25|-") == 0;
            b |= strcmp(ids[i], "leak|PowerPlatformInfra|20.0.0.0/23|-|more-specific-route|"
                                "via 20.0.0.0/26|-") == 0;
        }
        assert_true(a && b);
        free(ids);
        fixture_free(&f);
    }
}

/* Findings that are equal in every respect (the same endpoint listed twice) still get
 * distinct ids: "#2" on the second, in analysis order. */
static void test_ids_number_repeats(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    er_analysis_free(f.an);
    er_profile *p = er_profile_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_profile_add_endpoint(p, "sync=10.1.2.3", d), ER_OK);
    assert_int_equal(er_profile_add_endpoint(p, "sync=10.1.2.3", d), ER_OK);
    assert_int_equal(er_profile_add_endpoint(p, "other=10.1.2.4", d), ER_OK);
    er_analyze_opts o;
    er_analyze_opts_init(&o);
    o.profile = p;
    size_t *sel = NULL, n = 0;
    assert_int_equal(er_catalog_select(f.cat, "PowerPlatformInfra", NULL, &sel, &n, d), ER_OK);
    assert_int_equal(er_analyze(f.cat, sel, n, f.routes, &o, &f.an), ER_OK);
    char **ids = NULL;
    assert_int_equal(er_baseline_finding_ids(f.an, &ids), ER_OK);
    size_t nf = er_analysis_finding_count(f.an), seen = 0;
    assert_int_equal(nf, 5); /* two leaks, three private endpoints */
    const char *base = "endpoint-not-on-expressroute|-|10.1.2.3/32|sync|private-address";
    for (size_t i = 0; i < nf; i++) {
        if (strncmp(ids[i], base, strlen(base)) != 0)
            continue;
        assert_string_equal(ids[i] + strlen(base), seen ? "#2" : "");
        seen++;
    }
    assert_int_equal(seen, 2);
    for (size_t i = 0; i < nf; i++)
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(ids[i], ids[k]);
    free(ids);
    /* No findings: no array. */
    er_analysis *empty = NULL;
    assert_int_equal(er_analyze(f.cat, sel, 0, f.routes, NULL, &empty), ER_OK);
    ids = (char **)1;
    assert_int_equal(er_baseline_finding_ids(empty, &ids), ER_OK);
    assert_null(ids);
    er_analysis_free(empty);
    free(sel);
    er_diags_free(d);
    er_profile_free(p);
    fixture_free(&f);
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
        cmocka_unit_test(test_ids_tell_leaks_apart), cmocka_unit_test(test_ids_number_repeats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
