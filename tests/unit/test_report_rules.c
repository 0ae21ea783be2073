/* Which rules a run evaluated: er_analysis_rule_missing for each combination of inputs
 * (advertisements, sessions, NAT pools, circuit, endpoints), and the reports that show it
 * (SARIF rule and run properties, JUnit skips, Markdown, HTML checklist, JSON). */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "erready/profile.h"
#include "report/internal.h"
#include "report_fixture.h"

/* A table of advertisements: one file per session, one public prefix in each. */
static er_rtable *adv_table(size_t files)
{
    er_rtable *t = er_rtable_new();
    assert_non_null(t);
    for (size_t i = 0; i < files; i++) {
        char name[32];
        snprintf(name, sizeof name, "adv%zu.txt", i);
        assert_non_null(er_rtable_add_file(t, name));
        er_route r;
        memset(&r, 0, sizeof r);
        assert_int_equal(er_prefix_parse("192.0.2.64/27", true, &r.prefix), ER_ADDR_OK);
        r.flags = ER_RF_BEST;
        r.file = (uint32_t)i;
        r.line = 1;
        assert_non_null(er_rtable_push(t, &r));
    }
    return t;
}

enum { IN_ADV = 1, IN_SECONDARY = 2, IN_INET = 4, IN_POOL = 8, IN_ENDPOINT = 16,
       IN_SKU = 32, IN_LOCATION = 64, IN_FILTER = 128 };

typedef struct run {
    fixture f;
    er_profile *p;
    er_rtable *adv, *inet;
} run;

static void run_init(run *r, unsigned in)
{
    fixture_init(&r->f, 0);
    er_analysis_free(r->f.an);
    r->f.an = NULL;
    r->p = er_profile_new();
    er_diags *d = er_diags_new(0);
    r->adv = r->inet = NULL;
    if (in & IN_ADV) {
        assert_int_equal(er_profile_add_advertised(r->p, "adv0.txt", ER_SESSION_PRIMARY), ER_OK);
        if (in & IN_SECONDARY)
            assert_int_equal(er_profile_add_advertised(r->p, "adv1.txt", ER_SESSION_SECONDARY),
                             ER_OK);
        r->adv = adv_table(in & IN_SECONDARY ? 2 : 1);
    }
    if (in & IN_INET) {
        assert_int_equal(er_profile_add_internet_advertised(r->p, "inet.txt"), ER_OK);
        r->inet = adv_table(1);
    }
    if (in & IN_POOL)
        assert_int_equal(er_profile_add_nat_pool(r->p, "198.51.100.0/28", d), ER_OK);
    if (in & IN_ENDPOINT)
        assert_int_equal(er_profile_add_endpoint(r->p, "sync=192.0.2.70", d), ER_OK);
    if (in & IN_SKU)
        assert_int_equal(er_profile_set_sku(r->p, "standard", d), ER_OK);
    if (in & IN_LOCATION)
        assert_int_equal(er_profile_set_location(r->p, "Amsterdam", d), ER_OK);
    if (in & IN_FILTER)
        assert_int_equal(er_profile_set_route_filter(r->p, "westeurope", d), ER_OK);
    er_analyze_opts o;
    er_analyze_opts_init(&o);
    o.profile = r->p;
    o.advertised = r->adv;
    o.internet_advertised = r->inet;
    size_t *sel = NULL, n = 0;
    assert_int_equal(er_catalog_select(r->f.cat, "PowerPlatformInfra", NULL, &sel, &n, d), ER_OK);
    assert_int_equal(er_analyze(r->f.cat, sel, n, r->f.routes, &o, &r->f.an), ER_OK);
    free(sel);
    er_diags_free(d);
}

static void run_free(run *r)
{
    fixture_free(&r->f);
    er_rtable_free(r->adv);
    er_rtable_free(r->inet);
    er_profile_free(r->p);
}

#define A ER_INPUT_ADVERTISED
#define S ER_INPUT_ADVERTISED_SECONDARY
#define I ER_INPUT_INTERNET_ADVERTISED
#define P ER_INPUT_SOURCES
#define C ER_INPUT_CIRCUIT
#define E ER_INPUT_ENDPOINTS

static void test_missing_inputs(void **state)
{
    (void)state;
    /* Per input combination, the missing inputs of each rule in er_rule_ids() order:
     * leak, out-of-scope, asym-via-er, asym-via-internet, nat-both, split-subnet, private,
     * default, too-many, sessions-differ, endpoint. */
    static const struct {
        unsigned in;
        unsigned missing[11];
    } v[] = {
        {0, {0, C, A, A, A | I, P, A, A, A, A | S, E | A}},
        {IN_ADV, {0, C, 0, 0, I, 0, 0, 0, 0, S, E}},
        {IN_ADV | IN_SECONDARY | IN_INET | IN_ENDPOINT, {0, C, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
        /* NAT pools with only the internet side: replies to them return over the internet */
        {IN_POOL | IN_INET, {0, C, A, 0, A, 0, A, A, A, A | S, E | A}},
        {IN_POOL, {0, C, A, A, A | I, 0, A, A, A, A | S, E | A}},
        {IN_ENDPOINT, {0, C, A, A, A | I, P, A, A, A, A | S, A}},
        /* a Standard circuit needs its peering location to know its scope */
        {IN_SKU, {0, C, A, A, A | I, P, A, A, A, A | S, E | A}},
        {IN_SKU | IN_LOCATION, {0, 0, A, A, A | I, P, A, A, A, A | S, E | A}},
        {IN_FILTER, {0, 0, A, A, A | I, P, A, A, A, A | S, E | A}},
    };
    size_t n;
    const char *const *ids = er_rule_ids(&n);
    assert_int_equal(n, 11);
    for (size_t k = 0; k < ER_ARRAY_LEN(v); k++) {
        run r;
        run_init(&r, v[k].in);
        for (size_t i = 0; i < n; i++) {
            unsigned got = er_analysis_rule_missing(r.f.an, ids[i]);
            if (got != v[k].missing[i])
                fail_msg("inputs %#x, rule %s: missing %#x, want %#x", v[k].in, ids[i], got,
                         v[k].missing[i]);
            assert_int_equal(er_analysis_rule_evaluated(r.f.an, ids[i]), got == 0);
        }
        assert_false(er_analysis_rule_evaluated(r.f.an, "no-such-rule"));
        assert_int_equal(er_analysis_rule_missing(r.f.an, "no-such-rule"), 0);
        run_free(&r);
    }
}

/* The words for missing inputs name the options. */
static void test_missing_words(void **state)
{
    (void)state;
    run r;
    run_init(&r, 0);
    static const struct {
        const char *rule, *want;
    } v[] = {
        {ER_RULE_LEAK, ""},
        {ER_RULE_ASYM_VIA_ER, "the prefixes advertised to Microsoft (--advertised)"},
        {ER_RULE_NAT_BOTH, "the prefixes advertised to Microsoft (--advertised) and the prefixes "
                           "advertised to the internet (--internet-advertised)"},
        {ER_RULE_ENDPOINT, "the prefixes advertised to Microsoft (--advertised) and the "
                           "on-premises endpoints Power Platform calls (--endpoint)"},
        {ER_RULE_SPLIT_SUBNET, "NAT pools (--nat-pool) or the prefixes advertised to Microsoft "
                               "(--advertised)"},
        {ER_RULE_OUT_OF_SCOPE, "the circuit's SKU and peering location, or its route filter "
                               "(--sku with --peering-location, --route-filter)"},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(v); i++) {
        char buf[1024];
        er_report_rule_missing(r.f.an, v[i].rule, buf, sizeof buf);
        assert_string_equal(buf, v[i].want);
    }
    char small[16];
    er_report_rule_missing(r.f.an, ER_RULE_NAT_BOTH, small, sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1); /* truncated, terminated */
    run_free(&r);
}

static const cJSON *rule_of(const cJSON *rules, const char *id)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, rules)
    {
        const cJSON *i = cJSON_GetObjectItemCaseSensitive(x, "id");
        if (cJSON_IsString(i) && strcmp(i->valuestring, id) == 0)
            return x;
    }
    fail_msg("rule %s not declared", id);
    return NULL;
}

/* Without advertisements the asymmetric rules are not evaluated, with them they are; every
 * report says so. */
static void test_reports_show_evaluation(void **state)
{
    (void)state;
    for (int with = 0; with < 2; with++) {
        run r;
        run_init(&r, with ? IN_ADV : 0);
        er_report_opts o;
        er_report_opts_init(&o);
        char *sarif = fixture_render(&r.f, ER_REPORT_SARIF, &o);
        cJSON *doc = cJSON_Parse(sarif);
        assert_non_null(doc);
        const cJSON *run0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "runs"), 0);
        const cJSON *rules = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(run0, "tool"),
                                             "driver"),
            "rules");
        const cJSON *props = cJSON_GetObjectItemCaseSensitive(run0, "properties");
        const cJSON *ev = cJSON_GetObjectItemCaseSensitive(props, "rulesEvaluated");
        const cJSON *nev = cJSON_GetObjectItemCaseSensitive(props, "rulesNotEvaluated");
        assert_true(cJSON_IsArray(ev) && cJSON_IsArray(nev));
        assert_int_equal(cJSON_GetArraySize(ev) + cJSON_GetArraySize(nev), 11);
        static const char *const asym[] = {ER_RULE_ASYM_VIA_ER, ER_RULE_ASYM_VIA_INTERNET};
        for (size_t i = 0; i < 2; i++) {
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(rule_of(rules, asym[i]), "properties");
            assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "evaluated")), with);
            const cJSON *m = cJSON_GetObjectItemCaseSensitive(p, "missing");
            if (with) {
                assert_null(m);
            } else {
                assert_true(cJSON_IsString(m));
                assert_string_equal(m->valuestring,
                                    "the prefixes advertised to Microsoft (--advertised)");
            }
            bool listed = false;
            const cJSON *x, *list = with ? ev : nev;
            cJSON_ArrayForEach(x, list)
            {
                const cJSON *id = cJSON_IsString(x) ? x : cJSON_GetObjectItemCaseSensitive(x, "id");
                listed |= strcmp(id->valuestring, asym[i]) == 0;
            }
            assert_true(listed);
        }
        /* leak always runs */
        assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(rule_of(rules, "leak"), "properties"), "evaluated")));
        cJSON_Delete(doc);
        free(sarif);

        char *junit = fixture_render(&r.f, ER_REPORT_JUNIT, &o);
        const char *skip = "name=\"asymmetric-return-via-expressroute\">\n      <skipped "
                           "message=\"not evaluated: this run lacks the prefixes advertised to "
                           "Microsoft (--advertised)\"/>";
        assert_int_equal(count_of(junit, skip), with ? 0 : 3); /* one case per service */
        if (with)
            assert_int_equal(count_of(junit, "<testcase classname=\"erready.PowerPlatformInfra.WestEurope\" "
                                             "name=\"asymmetric-return-via-expressroute\"/>"), 1);
        free(junit);

        char *md = fixture_render(&r.f, ER_REPORT_MARKDOWN, &o);
        assert_non_null(strstr(md, "### Not evaluated"));
        const char *md_line = "`asymmetric-return-via-expressroute`, `asymmetric-return-via-internet`";
        assert_int_equal(strstr(md, md_line) != NULL, with == 0);
        free(md);

        char *html = fixture_render(&r.f, ER_REPORT_HTML, &o);
        const char *h = "<li>Could not verify <code>asymmetric-return-via-expressroute</code>";
        assert_int_equal(strstr(html, h) != NULL, with == 0);
        if (with)
            assert_non_null(strstr(html, "<li>Rules checked: <code>asymmetric-return-via-expressroute"
                                         "</code>, <code>asymmetric-return-via-internet</code>"));
        else
            assert_non_null(strstr(html, "this run lacks the prefixes advertised to Microsoft "
                                         "(--advertised).</li>"));
        /* Asymmetric routing: not checked at all without advertisements; with them the
         * leaked range's replies return over ExpressRoute (the advertised prefix stands in
         * as the source). */
        assert_non_null(strstr(html, with ? "<h3>4. Asymmetric routing <span class=\"st st-issues\">"
                                          : "<h3>4. Asymmetric routing <span class=\"st st-missing\">"
                                            "Not checked: inputs missing</span>"));
        free(html);

        char *json = fixture_render(&r.f, ER_REPORT_JSON, &o);
        char want[256];
        snprintf(want, sizeof want, "{\"id\":\"asymmetric-return-via-internet\",\"evaluated\":%s",
                 with ? "true,\"missing\":null}" : "false,\"missing\":\"the prefixes advertised");
        assert_non_null(strstr(json, want));
        free(json);
        run_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_inputs),
        cmocka_unit_test(test_missing_words),
        cmocka_unit_test(test_reports_show_evaluation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
