/* Tests of the CI and consultant report writers on a synthetic analysis: format names and
 * extensions, the rule table, SARIF structure and fingerprints, JUnit, CSV, Markdown, HTML,
 * determinism, escaping, SHA-256. */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "report/internal.h"
#include "report/svg.h"
#include "report_fixture.h"

/* ---- names, extensions, rules ---- */

static void test_format_names(void **state)
{
    (void)state;
    static const char *const names[] = {"text", "json", "sarif", "junit", "csv", "markdown", "html"};
    assert_int_equal(ER_ARRAY_LEN(names), ER_REPORT_FORMAT_COUNT);
    assert_int_equal(ER_REPORT_TEXT, 0);
    assert_int_equal(ER_REPORT_JSON, 1);
    for (size_t i = 0; i < ER_ARRAY_LEN(names); i++) {
        er_report_format f;
        assert_true(er_report_format_parse(names[i], &f));
        assert_int_equal(f, (er_report_format)i);
        assert_string_equal(er_report_format_name(f), names[i]);
    }
    er_report_format f;
    assert_false(er_report_format_parse("xml", &f));
    assert_false(er_report_format_parse("", &f));
}

static void test_format_from_path(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        bool ok;
        er_report_format want;
    } v[] = {
        {"r.sarif", true, ER_REPORT_SARIF},      {"out/r.sarif.json", true, ER_REPORT_SARIF},
        {"r.json", true, ER_REPORT_JSON},        {"r.txt", true, ER_REPORT_TEXT},
        {"junit.xml", true, ER_REPORT_JUNIT},    {"coverage.csv", true, ER_REPORT_CSV},
        {"comment.md", true, ER_REPORT_MARKDOWN}, {"c.markdown", true, ER_REPORT_MARKDOWN},
        {"report.html", true, ER_REPORT_HTML},   {"report.htm", true, ER_REPORT_HTML},
        {"report", false, 0},                    {".html", false, 0},
        {"dir/.sarif", false, 0},                {"r.pdf", false, 0},
        {"r.HTML", false, 0},                    {"a.json.txt", true, ER_REPORT_TEXT},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(v); i++) {
        er_report_format f = ER_REPORT_FORMAT_COUNT;
        bool ok = er_report_format_from_path(v[i].path, &f);
        if (ok != v[i].ok)
            fail_msg("%s: from_path %d, want %d", v[i].path, ok, v[i].ok);
        if (ok)
            assert_int_equal(f, v[i].want);
    }
    er_report_format f;
    assert_false(er_report_format_from_path(NULL, &f));
}

static void test_rule_table(void **state)
{
    (void)state;
    /* The ids the analysis produces (analyze.h), in documentation order. */
    size_t n_ids;
    const char *const *expected = er_rule_ids(&n_ids);
    size_t n;
    const er_rule_info *r = er_report_rules(&n);
    assert_int_equal(n, n_ids);
    for (size_t i = 0; i < n; i++) {
        assert_true(strlen(r[i].id) > 0 && strlen(r[i].name) > 0 && strlen(r[i].title) > 10);
        assert_true(strlen(r[i].description) > 40 && strlen(r[i].help) > 20);
        assert_true(r[i].checklist >= 1 && r[i].checklist <= 6);
        assert_true(r[i].severity <= ER_SEV_CRITICAL);
        assert_non_null(r[i].needs);
        /* Every rule but leak needs an input beyond the route table, and says which. */
        assert_true(strcmp(r[i].id, "leak") == 0 ? !r[i].needs[0] : strlen(r[i].needs) > 10);
        assert_string_equal(r[i].id, expected[i]); /* same order as er_rule_ids */
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(r[i].id, r[j].id);
            assert_string_not_equal(r[i].name, r[j].name);
        }
        for (const char *p = r[i].id; *p; p++)
            assert_true((*p >= 'a' && *p <= 'z') || *p == '-');
    }
    /* Every id of the analysis has a row, and every row is an id of the analysis. */
    for (size_t i = 0; i < n_ids; i++) {
        const er_rule_info *x = er_report_rule_find(expected[i]);
        assert_non_null(x);
        assert_string_equal(x->id, expected[i]);
    }
    for (size_t i = 0; i < n; i++) {
        bool known = false;
        for (size_t j = 0; j < n_ids; j++)
            known |= strcmp(r[i].id, expected[j]) == 0;
        if (!known)
            fail_msg("rule table row '%s' is no rule of the analysis", r[i].id);
    }
    /* Default severities are what the analysis emits (docs/findings.md). */
    static const struct {
        const char *id;
        er_severity sev;
        int checklist;
        bool per_service;
    } sev[] = {
        {ER_RULE_LEAK, ER_SEV_HIGH, 1, true},
        {ER_RULE_OUT_OF_SCOPE, ER_SEV_INFO, 5, true},
        {ER_RULE_ASYM_VIA_ER, ER_SEV_HIGH, 4, true},
        {ER_RULE_ASYM_VIA_INTERNET, ER_SEV_HIGH, 4, true},
        {ER_RULE_NAT_BOTH, ER_SEV_HIGH, 4, false},
        {ER_RULE_SPLIT_SUBNET, ER_SEV_MEDIUM, 4, false},
        {ER_RULE_PRIVATE_PREFIX, ER_SEV_HIGH, 3, false},
        {ER_RULE_DEFAULT_ROUTE, ER_SEV_HIGH, 3, false},
        {ER_RULE_TOO_MANY, ER_SEV_CRITICAL, 3, false},
        {ER_RULE_SESSIONS_DIFFER, ER_SEV_MEDIUM, 3, false},
        {ER_RULE_ENDPOINT, ER_SEV_MEDIUM, 6, false},
    };
    assert_int_equal(ER_ARRAY_LEN(sev), n_ids);
    for (size_t i = 0; i < ER_ARRAY_LEN(sev); i++) {
        const er_rule_info *x = er_report_rule_find(sev[i].id);
        assert_non_null(x);
        if (x->severity != sev[i].sev || x->checklist != sev[i].checklist ||
            x->per_service != sev[i].per_service)
            fail_msg("rule %s: severity %d checklist %d per_service %d", sev[i].id,
                     x->severity, x->checklist, x->per_service);
    }
    assert_null(er_report_rule_find("no-such-rule"));
    assert_null(er_report_rule_find(NULL));
    er_rule_info tmp;
    const er_rule_info *g = er_report_rule_or_generic("brand-new", &tmp);
    assert_ptr_equal(g, &tmp);
    assert_string_equal(g->id, "brand-new");
    for (int s = 1; s <= 6; s++)
        assert_true(strlen(er_report_checklist_name(s)) > 0);
    assert_string_equal(er_report_checklist_name(0), "");
    assert_string_equal(er_report_checklist_name(7), "");
}

/* ---- the fixture itself, so the writers' expectations below are grounded ---- */

static void test_fixture_findings(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    assert_int_equal(er_analysis_finding_count(f.an), 2);
    for (size_t i = 0; i < 2; i++) {
        const er_finding *x = er_analysis_finding(f.an, i);
        assert_string_equal(x->rule, "leak");
        assert_true(x->addresses == 128);
        assert_int_equal(x->n_evidence, 2);
        assert_int_equal(er_rtable_get(f.routes, x->evidence[0].route)->line, 12);
        assert_int_equal(er_rtable_get(f.routes, x->evidence[1].route)->line, 11);
    }
    fixture_free(&f);
}

/* ---- SARIF ---- */

static const cJSON *get(const cJSON *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *k = strtok(buf, "."); k && o; k = strtok(NULL, ".")) {
        if (*k >= '0' && *k <= '9')
            o = cJSON_GetArrayItem(o, atoi(k));
        else
            o = cJSON_GetObjectItemCaseSensitive(o, k);
    }
    return o;
}

static const char *gets(const cJSON *o, const char *path)
{
    const cJSON *v = get(o, path);
    if (!cJSON_IsString(v))
        fail_msg("%s is not a string", path);
    return v->valuestring;
}

static double getn(const cJSON *o, const char *path)
{
    const cJSON *v = get(o, path);
    if (!cJSON_IsNumber(v))
        fail_msg("%s is not a number", path);
    return v->valuedouble;
}

static cJSON *render_sarif(const fixture *f, const er_report_opts *o)
{
    char *s = fixture_render(f, ER_REPORT_SARIF, o);
    cJSON *doc = cJSON_Parse(s);
    if (!doc)
        fail_msg("SARIF is not JSON: %.200s", s);
    free(s);
    return doc;
}

static void test_sarif_structure(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    er_report_opts o;
    er_report_opts_init(&o);
    o.tool_version = "9.9.9";
    const char *hashes[] = {"ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12"};
    o.input_sha256 = hashes;
    o.n_input_sha256 = 1;
    cJSON *doc = render_sarif(&f, &o);
    assert_string_equal(gets(doc, "version"), "2.1.0");
    assert_string_equal(gets(doc, "runs.0.tool.driver.name"), "erready");
    assert_string_equal(gets(doc, "runs.0.tool.driver.version"), "9.9.9");
    size_t nrules;
    er_report_rules(&nrules);
    const cJSON *rules = get(doc, "runs.0.tool.driver.rules");
    assert_int_equal(cJSON_GetArraySize(rules), (int)nrules);
    for (int i = 0; i < (int)nrules; i++) {
        const cJSON *r = cJSON_GetArrayItem(rules, i);
        assert_true(strlen(gets(r, "shortDescription.text")) > 0);
        assert_true(strlen(gets(r, "fullDescription.text")) > 0);
        assert_true(strlen(gets(r, "help.text")) > 0);
        assert_non_null(strstr(gets(r, "help.markdown"), "What to do"));
    }
    assert_string_equal(gets(doc, "runs.0.artifacts.0.location.uri"), "edge.txt");
    assert_string_equal(gets(doc, "runs.0.artifacts.0.hashes.sha-256"), hashes[0]);
    assert_int_equal((int)getn(doc, "runs.0.properties.data.changeNumber"), 42);
    assert_string_equal(gets(doc, "runs.0.properties.data.source"), "fixture-feed.json");
    assert_string_equal(gets(doc, "runs.0.properties.verdict"), "not-ready");
    const cJSON *results = get(doc, "runs.0.results");
    assert_int_equal(cJSON_GetArraySize(results), 2);
    for (int i = 0; i < 2; i++) {
        const cJSON *r = cJSON_GetArrayItem(results, i);
        assert_string_equal(gets(r, "ruleId"), "leak");
        int idx = (int)getn(r, "ruleIndex");
        assert_string_equal(gets(cJSON_GetArrayItem(rules, idx), "id"), "leak");
        assert_string_equal(gets(r, "level"), "error");
        assert_string_equal(gets(r, "locations.0.physicalLocation.artifactLocation.uri"), "edge.txt");
        assert_int_equal((int)getn(r, "locations.0.physicalLocation.region.startLine"), 12);
        assert_int_equal((int)getn(r, "relatedLocations.0.physicalLocation.region.startLine"), 11);
        assert_non_null(strstr(gets(r, "relatedLocations.0.message.text"), "expressroute-lost"));
        const char *pfx = gets(r, "locations.0.logicalLocations.0.name");
        const char *svc = gets(r, "locations.0.logicalLocations.1.name");
        char fq[256];
        snprintf(fq, sizeof fq, "%s/%s", svc, pfx);
        assert_string_equal(gets(r, "locations.0.logicalLocations.0.fullyQualifiedName"), fq);
        /* The finding id is the analysis' key plus the winning route's prefix and the
         * region; the fingerprint is the documented hash of id and site. */
        char id[256], want[ER_FINGERPRINT_HEX + 1];
        snprintf(id, sizeof id, "leak|%s|%s|-|more-specific-route|via 20.0.1.128/25|-", svc, pfx);
        assert_string_equal(gets(r, "properties.finding"), id);
        assert_string_equal(gets(r, "properties.reason"), "more-specific-route");
        er_baseline_fingerprint(id, "", want);
        assert_string_equal(gets(r, "partialFingerprints.erreadyFinding/v2"), want);
        assert_null(get(r, "suppressions"));
        assert_true(cJSON_IsTrue(get(r, "properties.failsRun")));
    }
    /* Report order: same severity, so by service name. */
    assert_string_equal(gets(results, "0.properties.service"), "PowerPlatformInfra");
    assert_string_equal(gets(results, "1.properties.service"), "PowerPlatformInfra.NorthEurope");
    cJSON_Delete(doc);
    fixture_free(&f);
}

/* Fingerprints depend on the finding id and the site, never on line numbers. */
static void test_sarif_fingerprints_stable(void **state)
{
    (void)state;
    fixture a, b;
    fixture_init(&a, 0);
    fixture_init(&b, 37);
    er_report_opts o;
    er_report_opts_init(&o);
    cJSON *da = render_sarif(&a, &o), *db = render_sarif(&b, &o);
    for (int i = 0; i < 2; i++) {
        char pa[64], pb[64];
        snprintf(pa, sizeof pa, "runs.0.results.%d.partialFingerprints.erreadyFinding/v2", i);
        snprintf(pb, sizeof pb, "runs.0.results.%d.locations.0.physicalLocation.region.startLine", i);
        assert_string_equal(gets(da, pa), gets(db, pa));
        assert_int_equal((int)getn(db, pb), (int)getn(da, pb) + 37);
    }
    /* A different site gives different fingerprints. */
    o.site = "ams-edge";
    cJSON *dc = render_sarif(&a, &o);
    assert_string_not_equal(gets(da, "runs.0.results.0.partialFingerprints.erreadyFinding/v2"),
                            gets(dc, "runs.0.results.0.partialFingerprints.erreadyFinding/v2"));
    assert_string_equal(gets(dc, "runs.0.automationDetails.id"), "erready/ams-edge/");
    cJSON_Delete(da);
    cJSON_Delete(db);
    cJSON_Delete(dc);
    fixture_free(&a);
    fixture_free(&b);
}

static void test_sarif_uri_encoding(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    /* Rename the input: spaces and '#' must be percent-encoded, absolute paths file://. */
    er_rfile *rf = (er_rfile *)er_rtable_file(f.routes, 0);
    const char *old = rf->path;
    rf->path = "/tmp/my routes#1.txt";
    er_report_opts o;
    er_report_opts_init(&o);
    cJSON *doc = render_sarif(&f, &o);
    assert_string_equal(gets(doc, "runs.0.artifacts.0.location.uri"),
                        "file:///tmp/my%20routes%231.txt");
    cJSON_Delete(doc);
    rf->path = "<stdin>";
    doc = render_sarif(&f, &o);
    assert_null(get(doc, "runs.0.artifacts.0.location"));
    assert_string_equal(gets(doc, "runs.0.artifacts.0.description.text"), "standard input");
    assert_null(get(doc, "runs.0.results.0.locations.0.physicalLocation.artifactLocation.uri"));
    assert_int_equal((int)getn(doc, "runs.0.results.0.locations.0.physicalLocation.artifactLocation.index"), 0);
    cJSON_Delete(doc);
    rf->path = old;
    fixture_free(&f);
}

/* ---- baseline in reports ---- */

/* The fixture's two leaks (finding ids). */
#define ID_NORTH "leak|PowerPlatformInfra.NorthEurope|20.0.1.0/24|-|more-specific-route|via 20.0.1.128/25|-"
#define ID_GLOBAL "leak|PowerPlatformInfra|20.0.0.0/23|-|more-specific-route|via 20.0.1.128/25|-"

static er_baseline *baseline_for(const char *finding, const char *expires)
{
    er_baseline *b = er_baseline_new();
    er_baseline_entry e = {finding, "", "migration planned", expires};
    assert_int_equal(er_baseline_add(b, &e, NULL), ER_OK);
    return b;
}

static void test_reports_with_baseline(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    static const struct {
        const char *expires;
        er_baseline_state state;
        size_t failing;
    } v[] = {
        {"2999-12-31", ER_BASELINE_ACCEPTED, 1},
        {"2030-06-15", ER_BASELINE_ACCEPTED, 1}, /* the last accepted day */
        {"2030-06-14", ER_BASELINE_EXPIRED, 2},
        {"2001-01-01", ER_BASELINE_EXPIRED, 2},
    };
    for (size_t k = 0; k < ER_ARRAY_LEN(v); k++) {
        er_baseline *b = baseline_for(ID_NORTH, v[k].expires);
        er_baseline_match *m = NULL;
        assert_int_equal(er_baseline_apply(b, f.an, "", "2030-06-15", &m), ER_OK);
        er_report_opts o;
        er_report_opts_init(&o);
        o.baseline = b;
        o.baseline_match = m;
        o.baseline_path = "bl.json";
        assert_int_equal(er_report_failing_count(f.an, &o), v[k].failing);
        cJSON *doc = render_sarif(&f, &o);
        const cJSON *r = get(doc, "runs.0.results.1");
        assert_string_equal(gets(r, "properties.service"), "PowerPlatformInfra.NorthEurope");
        if (v[k].state == ER_BASELINE_ACCEPTED) {
            assert_string_equal(gets(r, "suppressions.0.status"), "accepted");
            assert_string_equal(gets(r, "suppressions.0.kind"), "external");
            assert_string_equal(gets(r, "suppressions.0.justification"), "migration planned");
            assert_true(cJSON_IsFalse(get(r, "properties.failsRun")));
        } else {
            assert_null(get(r, "suppressions"));
            assert_string_equal(gets(r, "properties.baseline.state"), "expired");
            assert_true(cJSON_IsTrue(get(r, "properties.failsRun")));
        }
        /* The other finding is untouched either way. */
        assert_null(get(doc, "runs.0.results.0.suppressions"));
        cJSON_Delete(doc);

        char *junit = fixture_render(&f, ER_REPORT_JUNIT, &o);
        char *md = fixture_render(&f, ER_REPORT_MARKDOWN, &o);
        char *html = fixture_render(&f, ER_REPORT_HTML, &o);
        char *text = fixture_render(&f, ER_REPORT_TEXT, &o);
        char *json = fixture_render(&f, ER_REPORT_JSON, &o);
        if (v[k].state == ER_BASELINE_ACCEPTED) {
            assert_non_null(strstr(junit, "<skipped message=\"1 finding accepted by the baseline\"/>"));
            assert_non_null(strstr(md, "accepted by the baseline</summary>"));
            assert_non_null(strstr(html, "Accepted by the baseline (1)"));
            assert_non_null(strstr(text, "accepted by the baseline until"));
            assert_non_null(strstr(json, "\"state\":\"accepted\""));
        } else {
            assert_non_null(strstr(junit, "baseline entry EXPIRED on"));
            assert_non_null(strstr(md, "with an expired baseline entry"));
            assert_non_null(strstr(html, "baseline entry expired"));
            assert_non_null(strstr(text, "baseline entry EXPIRED on"));
            assert_non_null(strstr(json, "\"state\":\"expired\""));
        }
        free(junit);
        free(md);
        free(html);
        free(text);
        free(json);
        free(m);
        er_baseline_free(b);
    }
    fixture_free(&f);
}

static void test_verdict(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    er_report_opts o;
    er_report_opts_init(&o);
    assert_int_equal(er_report_verdict(f.an, &o), ER_VERDICT_NOT_READY);
    o.fail_on = ER_SEV_CRITICAL;
    assert_int_equal(er_report_verdict(f.an, &o), ER_VERDICT_READY);
    assert_int_equal(er_report_failing_count(f.an, &o), 0);
    o.fail_on = ER_SEV_NONE;
    assert_int_equal(er_report_failing_count(f.an, &o), 0);
    o.fail_on = ER_SEV_HIGH;
    /* Accept both findings: ready with accepted findings. */
    er_baseline *b = baseline_for(ID_NORTH, "2999-01-01");
    er_baseline_entry e = {ID_GLOBAL, "", "known", "2999-01-01"};
    assert_int_equal(er_baseline_add(b, &e, NULL), ER_OK);
    er_baseline_match *m = NULL;
    assert_int_equal(er_baseline_apply(b, f.an, NULL, "2026-01-01", &m), ER_OK);
    o.baseline = b;
    o.baseline_match = m;
    assert_int_equal(er_report_verdict(f.an, &o), ER_VERDICT_READY_ACCEPTED);
    assert_int_equal(er_report_failing_count(f.an, &o), 0);
    char *html = fixture_render(&f, ER_REPORT_HTML, &o);
    assert_non_null(strstr(html, "Verdict: Ready, with accepted exceptions"));
    free(html);
    free(m);
    er_baseline_free(b);
    fixture_free(&f);
}

/* ---- JUnit ---- */

static unsigned attr(const char *s, const char *name)
{
    char key[64];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *p = strstr(s, key);
    if (!p)
        fail_msg("attribute %s missing", name);
    return (unsigned)strtoul(p + strlen(key), NULL, 10);
}

static void test_junit(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    er_report_opts o;
    er_report_opts_init(&o);
    char *x = fixture_render(&f, ER_REPORT_JUNIT, &o);
    size_t nr, per = 0;
    const er_rule_info *rules = er_report_rules(&nr);
    for (size_t i = 0; i < nr; i++)
        per += rules[i].per_service;
    size_t want_tests = 3 * per + (nr - per); /* 3 services, plus the network suite */
    assert_int_equal(count_of(x, "<testcase "), want_tests);
    assert_int_equal(count_of(x, "<testsuite "), 4);
    assert_int_equal(attr(x, "tests"), want_tests);
    assert_int_equal(attr(x, "failures"), 2); /* leak for two of the three services */
    assert_int_equal(count_of(x, "<failure "), 2);
    /* Rules whose inputs this run lacks (all but leak: no advertisements, no profile) are
     * skipped with what is missing. */
    assert_int_equal(attr(x, "skipped"), want_tests - 3);
    assert_non_null(strstr(x, "<testcase classname=\"erready.network\" name=\"too-many-prefixes\">\n"
                              "      <skipped message=\"not evaluated: this run lacks the prefixes "
                              "advertised to Microsoft (--advertised)\"/>"));
    assert_non_null(strstr(x, "name=\"nat-pool-on-both-paths\">\n      <skipped message=\"not "
                              "evaluated: this run lacks the prefixes advertised to Microsoft "
                              "(--advertised) and the prefixes advertised to the internet "
                              "(--internet-advertised)\"/>"));
    assert_non_null(strstr(x, "  id: " ID_NORTH "\n  fingerprint: "));
    /* Failures carry the evidence with file:line. */
    assert_non_null(strstr(x, "evidence: winner: 20.0.1.128/25 via 198.51.100.1"));
    assert_non_null(strstr(x, "(edge.txt:12)"));
    assert_non_null(strstr(x, "(edge.txt:11)"));
    assert_non_null(strstr(x, "<testcase classname=\"erready.PowerPlatformInfra.WestEurope\" name=\"leak\"/>"));
    assert_true(strncmp(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ", 51) == 0);
    assert_non_null(strstr(x, "</testsuites>\n"));
    assert_null(strstr(x, "timestamp="));
    free(x);
    o.generated_at = "2026-01-02T03:04:05Z";
    x = fixture_render(&f, ER_REPORT_JUNIT, &o);
    assert_non_null(strstr(x, "timestamp=\"2026-01-02T03:04:05Z\""));
    free(x);
    /* Below the threshold: no failure, findings listed in system-out. */
    o.fail_on = ER_SEV_CRITICAL;
    x = fixture_render(&f, ER_REPORT_JUNIT, &o);
    assert_int_equal(count_of(x, "<failure "), 0);
    assert_int_equal(count_of(x, "<system-out>"), 2);
    free(x);
    fixture_free(&f);
}

/* ---- CSV ---- */

static void test_csv(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    char *c = fixture_render(&f, ER_REPORT_CSV, NULL);
    /* Header, PowerPlatformInfra v4+v6, NorthEurope v4, WestEurope v4+v6, two totals. */
    assert_int_equal(count_of(c, "\r\n"), 8);
    size_t line = 0;
    for (char *p = c; *p; line++) {
        char *e = strstr(p, "\r\n");
        assert_non_null(e);
        *e = '\0';
        size_t fields = 1 + count_of(p, ",");
        assert_int_equal(fields, 16);
        if (line > 0) {
            /* addresses == sum of the path classes */
            char *col[16];
            size_t k = 0;
            for (char *q = p; k < 16; k++) {
                col[k] = q;
                char *comma = strchr(q, ',');
                if (comma) {
                    *comma = '\0';
                    q = comma + 1;
                }
            }
            unsigned long long sum = 0;
            for (int j = 8; j < 14; j++)
                sum += strtoull(col[j], NULL, 10);
            if (strcmp(col[5], "4") == 0)
                assert_true(sum == strtoull(col[7], NULL, 10));
        }
        p = e + 2;
    }
    free(c);
    c = fixture_render(&f, ER_REPORT_CSV, NULL);
    assert_true(strncmp(c, "service,family,region,system_service,expressroute_eligible,ip_version,"
                           "prefixes,addresses,expressroute,internet,internal,vpn,discard,unrouted,"
                           "expressroute_share,findings\r\n", 154) == 0);
    assert_non_null(strstr(c, "\r\nPowerPlatformInfra.NorthEurope,PowerPlatformInfra,northeurope,"
                              "PowerPlatformInfra,true,4,1,256,128,128,0,0,0,0,0.500000,1\r\n"));
    assert_non_null(strstr(c, "\r\n(all selected),,,,,4,,512,384,128,0,0,0,0,0.750000,2\r\n"));
    free(c);
    fixture_free(&f);
}

/* ---- Markdown ---- */

static void test_markdown(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    er_report_opts o;
    er_report_opts_init(&o);
    o.site = "ams|edge *1*";
    char *m = fixture_render(&f, ER_REPORT_MARKDOWN, &o);
    assert_non_null(strstr(m, "## erready: Power Platform over ExpressRoute (ams\\|edge \\*1\\*)\n"));
    assert_non_null(strstr(m, "**:x: NOT READY**: 2 findings at or above `high`"));
    assert_non_null(strstr(m, "| path | IPv4 | IPv6 |"));
    assert_non_null(strstr(m, "| expressroute | 75.0% | 100.0% |"));
    assert_non_null(strstr(m, "### Findings (2, most impact first)"));
    assert_non_null(strstr(m, "`PowerPlatformInfra.NorthEurope` `20.0.1.0/24` (128 addresses)"));
    assert_non_null(strstr(m, "at `edge.txt:12`"));
    assert_null(strstr(m, "<details>"));
    free(m);
    o.fail_on = ER_SEV_NONE;
    m = fixture_render(&f, ER_REPORT_MARKDOWN, &o);
    assert_non_null(strstr(m, "**:white_check_mark: READY**"));
    free(m);
    fixture_free(&f);
}

/* ---- HTML ---- */

static void test_html_self_contained(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    er_report_opts o;
    er_report_opts_init(&o);
    o.site = "<b>Contoso & Co</b>";
    const char *hashes[] = {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"};
    o.input_sha256 = hashes;
    o.n_input_sha256 = 1;
    char *h = fixture_render(&f, ER_REPORT_HTML, &o);
    assert_true(strncmp(h, "<!DOCTYPE html>\n", 16) == 0);
    assert_non_null(strstr(h, "</html>\n"));
    /* Nothing executable, nothing fetched. */
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "src="));
    assert_null(strstr(h, "<link"));
    assert_null(strstr(h, "http://"));
    assert_null(strstr(h, "https://"));
    assert_null(strstr(h, "url("));
    assert_null(strstr(h, "@import"));
    /* Escaping. */
    assert_null(strstr(h, "<b>Contoso"));
    assert_non_null(strstr(h, "&lt;b&gt;Contoso &amp; Co&lt;/b&gt;"));
    /* Structure: summary, the six checklist sections, coverage, findings, appendix. */
    assert_non_null(strstr(h, "<section id=\"summary\">"));
    assert_non_null(strstr(h, "Verdict: Not ready"));
    for (int s = 1; s <= 6; s++) {
        char id[32];
        snprintf(id, sizeof id, "id=\"check-%d\"", s);
        assert_non_null(strstr(h, id));
    }
    assert_non_null(strstr(h, "<section id=\"coverage\">"));
    assert_non_null(strstr(h, "<section id=\"findings\">"));
    assert_non_null(strstr(h, "<section id=\"appendix\">"));
    /* Charts: severity columns, service families and regions, both families. */
    assert_non_null(strstr(h, "<svg class=\"chart chart-severity\""));
    assert_non_null(strstr(h, "<svg class=\"chart chart-services-v4\""));
    assert_non_null(strstr(h, "<svg class=\"chart chart-services-v6\""));
    assert_non_null(strstr(h, "<svg class=\"chart chart-regions-v4\""));
    assert_non_null(strstr(h, "<svg class=\"chart chart-regions-v6\""));
    assert_int_equal(count_of(h, "<svg "), count_of(h, "</svg>"));
    /* NorthEurope is half internet: its bar has an internet segment. */
    assert_non_null(strstr(h, "<title>northeurope: internet 50.0%</title>"));
    /* Checklist: leaks make client routing fail; WAN is never verifiable. */
    assert_non_null(strstr(h, "<h3>1. Client routing <span class=\"st st-issues\">"));
    assert_non_null(strstr(h, "<h3>2. WAN performance <span class=\"st st-unverified\">"));
    assert_non_null(strstr(h, "<h3>3. Peering <span class=\"st st-partial\">"));
    /* Evidence appendix. */
    assert_non_null(strstr(h, hashes[0]));
    assert_non_null(strstr(h, "fixture-feed.json"));
    assert_non_null(strstr(h, "<td><code>edge.txt</code></td><td>ios-bgp</td>"));
    assert_non_null(strstr(h, "no timestamp"));
    /* Findings with fixes and evidence. */
    assert_int_equal(count_of(h, "<div class=\"finding high\">"), 2);
    assert_non_null(strstr(h, "<b>Fix:</b>"));
    assert_non_null(strstr(h, "<code>edge.txt:12</code>"));
    free(h);
    fixture_free(&f);
}

static void test_html_no_routes_to_microsoft(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    /* Reclassify every ExpressRoute route as internet: peering must show as failing. */
    for (size_t i = 0; i < er_rtable_count(f.routes); i++) {
        er_route *r = er_rtable_at(f.routes, i);
        if (r->path_class == ER_PC_EXPRESSROUTE)
            r->path_class = ER_PC_INTERNET;
    }
    char *h = fixture_render(&f, ER_REPORT_HTML, NULL);
    assert_non_null(strstr(h, "<h3>3. Peering <span class=\"st st-issues\">"));
    assert_non_null(strstr(h, "No route in the inputs comes from Microsoft over ExpressRoute"));
    free(h);
    fixture_free(&f);
}

/* ---- determinism and timestamps ---- */

static void test_deterministic(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, 0);
    er_report_opts o;
    er_report_opts_init(&o);
    for (int fmt = 0; fmt < ER_REPORT_FORMAT_COUNT; fmt++) {
        char *a = fixture_render(&f, (er_report_format)fmt, &o);
        char *b = fixture_render(&f, (er_report_format)fmt, &o);
        assert_string_equal(a, b);
        /* No timestamp unless asked: no year-like date-time in the output. */
        assert_null(strstr(a, "T00:00:00Z"));
        free(a);
        free(b);
    }
    o.generated_at = "2031-02-03T04:05:06Z";
    static const er_report_format stamped[] = {ER_REPORT_SARIF, ER_REPORT_JUNIT,
                                               ER_REPORT_MARKDOWN, ER_REPORT_HTML};
    for (size_t i = 0; i < ER_ARRAY_LEN(stamped); i++) {
        char *a = fixture_render(&f, stamped[i], &o);
        assert_non_null(strstr(a, "2031-02-03T04:05:06Z"));
        free(a);
    }
    assert_null(er_report_render(ER_REPORT_FORMAT_COUNT, f.an, &o, NULL));
    fixture_free(&f);
}

/* ---- helpers: escaping, SHA-256, SVG ---- */

/* JSON string escaping written out one byte at a time: '"' and '\' escaped, control
 * bytes and DEL as \u00XX, valid UTF-8 sequences kept, any other byte as U+FFFD. */
static void ref_json_str(er_sb *b, const unsigned char *p, size_t n)
{
    char u[8];
    er_sb_putn(b, "\"", 1);
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        size_t k = er_utf8_seq(p + i, n - i);
        if (c == '"' || c == '\\') {
            u[0] = '\\';
            u[1] = (char)c;
            er_sb_putn(b, u, 2);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(u, sizeof u, "\\u%04x", c);
            er_sb_putn(b, u, 6);
            i++;
        } else if (k) {
            er_sb_putn(b, (const char *)p + i, k);
            i += k;
        } else {
            er_sb_putn(b, "\\ufffd", 6);
            i++;
        }
    }
    er_sb_putn(b, "\"", 1);
}

/* er_sb_json_str (runs of plain bytes in one copy) against the byte-at-a-time rule, on
 * random strings of plain text, quotes, backslashes, control bytes and UTF-8 (valid,
 * cut short and overlong); and er_sb_printf across the buffer's growth steps. */
static void test_json_str_matches_rule(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "ZZ", " ", "\"", "\\", "\n", "\x01", "\x7f",
                                         "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                                         "\xc3", "\xe2\x82", "\xc0\xaf", "\xff", "{}:,"};
    uint64_t seed = 0x150e;
    for (int round = 0; round < 20000; round++) {
        char text[256];
        size_t n = 0, parts = (size_t)(tu_rand(&seed) % 24);
        for (size_t i = 0; i < parts; i++) {
            const char *pc = pieces[tu_rand(&seed) % (sizeof pieces / sizeof *pieces)];
            size_t k = strlen(pc), rep = 1 + (size_t)(tu_rand(&seed) % 5);
            for (size_t r = 0; r < rep && n + k < sizeof text; r++, n += k)
                memcpy(text + n, pc, k);
        }
        er_sb got, want;
        er_sb_init(&got);
        er_sb_init(&want);
        er_sb_json_str(&got, text, n);
        ref_json_str(&want, (const unsigned char *)text, n);
        assert_false(got.failed);
        assert_int_equal(got.len, want.len);
        assert_memory_equal(got.buf, want.buf, want.len);
        assert_int_equal(got.buf[got.len], '\0');
        er_sb_free(&got);
        er_sb_free(&want);
    }
    er_sb b;
    er_sb_init(&b);
    char want[64];
    size_t len = 0;
    for (unsigned i = 0; i < 5000; i++) { /* the buffer grows many times on the way */
        er_sb_printf(&b, "%u:%s,", i, i % 7 ? "x" : "a longer piece of text than most");
        len += (size_t)snprintf(want, sizeof want, "%u:%s,", i,
                                i % 7 ? "x" : "a longer piece of text than most");
        assert_int_equal(b.len, len);
        assert_memory_equal(b.buf + b.len - strlen(want), want, strlen(want));
        assert_int_equal(b.buf[b.len], '\0');
    }
    er_sb_free(&b);
}

static void test_xml_escape(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t n;
        const char *want;
    } v[] = {
        {"a<b>&\"c'", 9, "a&lt;b&gt;&amp;&quot;c&#39;"},
        {"tab\there\nnl", 12, "tab\there\nnl"},
        {"bell\x07\x1b[0m", 9, "bell[0m"},
        {"caf\xc3\xa9", 5, "caf\xc3\xa9"},
        {"bad\xff\xfe", 5, "bad\xef\xbf\xbd\xef\xbf\xbd"},
        {"trunc\xe2\x82", 7, "trunc\xef\xbf\xbd\xef\xbf\xbd"},
        {"nul\0x", 5, "nulx"},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(v); i++) {
        er_sb b;
        er_sb_init(&b);
        er_sb_xml_str(&b, v[i].in, v[i].n);
        char *s = er_sb_take(&b, NULL);
        assert_string_equal(s, v[i].want);
        free(s);
    }
}

static void test_sha256(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *hex;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    char hex[65];
    for (size_t i = 0; i < ER_ARRAY_LEN(v); i++) {
        er_report_sha256(v[i].in, strlen(v[i].in), hex);
        assert_string_equal(hex, v[i].hex);
    }
    /* A million 'a', fed in uneven chunks. */
    static char chunk[1000];
    memset(chunk, 'a', sizeof chunk);
    er_sha256 s;
    er_sha256_init(&s);
    size_t left = 1000000;
    for (size_t k = 1; left; k = k % 977 + 13) {
        size_t n = k < left ? k : left;
        er_sha256_update(&s, chunk, n);
        left -= n;
    }
    er_sha256_hex(&s, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* Files: the same digest as the buffer; stdin and directories are refused. */
    char path[] = "/tmp/er_sha_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs("abc", fp);
    fclose(fp);
    assert_int_equal(er_report_sha256_file(path, hex), ER_OK);
    assert_string_equal(hex, v[1].hex);
    remove(path);
    assert_int_equal(er_report_sha256_file("-", hex), ER_ERR_ARG);
    assert_int_equal(er_report_sha256_file("/tmp", hex), ER_ERR_ARG);
    assert_int_equal(er_report_sha256_file("/nonexistent/x", hex), ER_ERR_IO);
}

static void test_svg(void **state)
{
    (void)state;
    er_svg_series series[] = {{"expressroute", "#1b7f3b"}, {"internet", "#c62828"}};
    double v1[] = {999999, 1}, v2[] = {0, 0}, v3[] = {1, 3};
    er_svg_bar bars[] = {{"tiny-internet", v1, "x"},
                         {"empty", v2, NULL},
                         {"a very long service name that will not fit the label column", v3, "y"}};
    er_sb b;
    er_sb_init(&b);
    er_svg_stacked_bars(&b, "t", "T <chart>", bars, 3, series, 2);
    char *s = er_sb_take(&b, NULL);
    assert_true(strncmp(s, "<svg class=\"chart chart-t\"", 26) == 0);
    assert_non_null(strstr(s, "<title>T &lt;chart&gt;</title>"));
    /* A tiny share still gets a visible segment of at least one unit. */
    assert_non_null(strstr(s, "seg seg-internet\" x=\"629.00\" y=\"29.0\" width=\"1.00\""));
    assert_non_null(strstr(s, "no addresses"));
    assert_non_null(strstr(s, "a very long service name that wil\xe2\x80\xa6"));
    assert_non_null(strstr(s, "<title>a very long service name that will not fit the label column: internet 75.0%</title>"));
    free(s);
    const char *labels[] = {"critical", "high"};
    double vals[] = {0, 5};
    const char *cols[] = {"#7f0000", "#c62828"};
    er_sb_init(&b);
    er_svg_columns(&b, "sev", "S", labels, vals, cols, 2);
    s = er_sb_take(&b, NULL);
    assert_non_null(strstr(s, "class=\"col col-high\""));
    assert_non_null(strstr(s, "height=\"115.0\""));
    assert_non_null(strstr(s, "height=\"0.0\""));
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_format_from_path),
        cmocka_unit_test(test_rule_table),
        cmocka_unit_test(test_fixture_findings),
        cmocka_unit_test(test_sarif_structure),
        cmocka_unit_test(test_sarif_fingerprints_stable),
        cmocka_unit_test(test_sarif_uri_encoding),
        cmocka_unit_test(test_reports_with_baseline),
        cmocka_unit_test(test_verdict),
        cmocka_unit_test(test_junit),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_html_self_contained),
        cmocka_unit_test(test_html_no_routes_to_microsoft),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_xml_escape),
        cmocka_unit_test(test_json_str_matches_rule),
        cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_svg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
