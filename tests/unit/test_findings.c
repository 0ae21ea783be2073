/* Tests of every finding rule on minimal scenarios a reader can check by hand (a handful
 * of routes, one or two services), of the profile's classification rules, of explain and
 * diff, and one scenario on the real Microsoft feeds (skipped without ../shared). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erready/analyze.h"
#include "erready/m365.h"
#include "erready/profile.h"
#include "routes/internal.h"
#include "analysis_fixture.h"
#include "testutil.h"
#include "util/strbuf.h"

/* ---- helpers ---- */

static er_prefix P(const char *s)
{
    er_prefix p;
    assert_int_equal(er_prefix_parse(s, false, &p), ER_ADDR_OK);
    return p;
}

static er_rtable *new_table(const char *file)
{
    er_rtable *t = er_rtable_new();
    assert_non_null(t);
    assert_non_null(er_rtable_add_file(t, file));
    return t;
}

typedef struct rspec {
    const char *prefix;
    const char *nh;     /* NULL: none */
    const char *path;   /* "" none */
    bool best;
    er_proto proto;
    const char *comm;   /* NULL none */
    const char *iface;  /* NULL none */
} rspec;

static uint32_t add(er_rtable *t, rspec s)
{
    er_route r;
    memset(&r, 0, sizeof r);
    r.prefix = P(s.prefix);
    r.proto = (uint8_t)s.proto;
    r.flags = s.best ? ER_RF_BEST : 0;
    r.path_class = ER_PC_UNSET;
    if (s.nh) {
        er_prefix a = P(s.nh);
        r.next_hop = a.addr;
        r.nh_family = a.family;
        r.flags |= ER_RF_HAS_NH;
    }
    bool ok = true;
    r.as_path = er_rtable_intern(t, s.path ? s.path : "", s.path ? strlen(s.path) : 0, &ok);
    if (s.comm)
        r.communities = er_rtable_intern(t, s.comm, strlen(s.comm), &ok);
    if (s.iface)
        r.iface = er_rtable_intern(t, s.iface, strlen(s.iface), &ok);
    assert_true(ok);
    r.file = (uint32_t)er_rtable_file_count(t) - 1;
    r.line = (uint32_t)er_rtable_count(t) + 1;
    assert_non_null(er_rtable_push(t, &r));
    return (uint32_t)er_rtable_count(t) - 1;
}

#define ER_R(pfx) ((rspec){pfx, "203.0.113.250", "12076", true, ER_PROTO_BGP, NULL, NULL})
#define INET_R(pfx) ((rspec){pfx, "192.0.2.1", "3356 8075", true, ER_PROTO_BGP, NULL, NULL})
#define DEFAULT_R ((rspec){"0.0.0.0/0", "192.0.2.1", "3356", true, ER_PROTO_BGP, NULL, NULL})
#define ADV(pfx) ((rspec){pfx, "0.0.0.0", "", true, ER_PROTO_BGP, NULL, NULL})

/* A prefix list (advertisements) as one file. */
static er_rtable *adv_table(const char *file, const char *const *pfx)
{
    er_rtable *t = new_table(file);
    for (; *pfx; pfx++)
        add(t, ADV(*pfx));
    return t;
}


/* Analyse with the named services (comma-separated tag names) selected. */
static er_analysis *run_sel(er_catalog *c, const char *names, er_rtable *t, er_profile *p,
                            er_rtable *adv, er_rtable *inet)
{
    size_t sel[16], n = 0;
    char *copy = strdup(names), *save = NULL;
    for (char *s = strtok_r(copy, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
        sel[n] = er_catalog_find(c, s);
        assert_true(sel[n] != SIZE_MAX);
        n++;
    }
    free(copy);
    er_analyze_opts o;
    er_analyze_opts_init(&o);
    o.profile = p;
    o.advertised = adv;
    o.internet_advertised = inet;
    if (p)
        o.classify.rules = p->rules;
    er_analysis *a = NULL;
    assert_int_equal(er_analyze(c, sel, n, t, &o, &a), ER_OK);
    return a;
}

static size_t count_rule(const er_analysis *a, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < er_analysis_finding_count(a); i++)
        n += strcmp(er_analysis_finding(a, i)->rule, rule) == 0;
    return n;
}

static const er_finding *find_rule(const er_analysis *a, const char *rule, const char *reason)
{
    for (size_t i = 0; i < er_analysis_finding_count(a); i++) {
        const er_finding *f = er_analysis_finding(a, i);
        const char *r = er_finding_reason_name(f);
        if (strcmp(f->rule, rule) == 0 && (!reason || (r && strcmp(r, reason) == 0)))
            return f;
    }
    return NULL;
}

static void dump(const er_analysis *a)
{
    for (size_t i = 0; i < er_analysis_finding_count(a); i++) {
        const er_finding *f = er_analysis_finding(a, i);
        const char *r = er_finding_reason_name(f);
        print_message("  %s/%s: %s\n", f->rule, r ? r : "-", f->message);
    }
}

static er_profile *profile_json(const char *json)
{
    er_profile *p = er_profile_new();
    er_diags *d = er_diags_new(0);
    er_status st = er_profile_load(p, "test-profile.json", json, strlen(json), NULL, d);
    for (size_t i = 0; i < er_diags_count(d); i++)
        print_message("diag: %s\n", er_diags_get(d, i)->msg);
    assert_int_equal(st, ER_OK);
    er_diags_free(d);
    return p;
}

/* Two regions and a global tag spanning both (the Service Tags pattern). */
#define TWO_REGIONS                                                                         \
    "AzureCloud.westeurope@westeurope=20.50.0.0/16;AzureCloud.eastus@eastus=20.60.0.0/16;"  \
    "PowerPlatformInfra=20.50.1.0/24,20.60.1.0/24"

/* ---- leak reasons ---- */

static void test_leak_static_and_summarized(void **state)
{
    (void)state;
    er_catalog *c = tu_catalog("Svc=20.50.0.0/24,20.51.0.0/24,20.52.0.0/24");
    er_rtable *t = new_table("edge.txt");
    add(t, ER_R("20.50.0.0/16"));                                                  /* 0 */
    add(t, (rspec){"20.50.0.0/24", "10.0.0.1", "", true, ER_PROTO_STATIC, NULL, NULL}); /* 1 */
    add(t, (rspec){"20.51.0.0/24", "10.0.0.1", "", true, ER_PROTO_STATIC, NULL, NULL}); /* 2 */
    add(t, INET_R("20.52.0.0/16"));                                                /* 3 */
    add(t, (rspec){"20.52.0.0/24", "203.0.113.250", "12076", false, ER_PROTO_BGP, NULL, NULL}); /* 4 */
    er_analysis *a = run_sel(c, "Svc", t, NULL, NULL, NULL);
    assert_int_equal(er_analysis_finding_count(a), 3);
    for (size_t i = 0; i < 3; i++) {
        const er_finding *f = er_analysis_finding(a, i);
        char pfx[64];
        er_prefix_format(&f->prefix, pfx, sizeof pfx);
        if (strcmp(pfx, "20.50.0.0/24") == 0) {
            /* a static /24 beats the ExpressRoute /16 */
            assert_int_equal(f->reason, ER_LEAK_STATIC);
            assert_int_equal(f->evidence[0].route, 1);
            assert_int_equal(f->evidence[1].route, 0);
        } else if (strcmp(pfx, "20.51.0.0/24") == 0) {
            /* a static with no ExpressRoute route at all */
            assert_int_equal(f->reason, ER_LEAK_STATIC);
            assert_int_equal(f->n_evidence, 1);
        } else {
            /* the ExpressRoute /24 exists but is not installed: the internet /16 forwards */
            assert_string_equal(pfx, "20.52.0.0/24");
            assert_int_equal(f->reason, ER_LEAK_SUMMARIZED);
            assert_int_equal(f->evidence[0].route, 3);
            assert_int_equal(f->evidence[1].route, 4);
            assert_string_equal(er_finding_reason_name(f), "summarized-away");
        }
    }
    er_analysis_free(a);
    er_rtable_free(t);
    er_catalog_free(c);
}

/* ---- circuit scope: out-of-scope versus leak ---- */

static void test_out_of_scope_sku(void **state)
{
    (void)state;
    /* Standard circuit in Amsterdam (Europe) with West Europe in its filter: the East US
     * range is outside the SKU scope, so it is expected internet traffic, not a leak. */
    er_catalog *c = tu_catalog(TWO_REGIONS);
    er_rtable *t = new_table("edge.txt");
    add(t, DEFAULT_R);
    add(t, ER_R("20.50.0.0/16"));
    er_profile *p = profile_json("{\"environment\":{\"region\":\"westeurope\"},"
                                 "\"circuits\":[{\"name\":\"ams\",\"sku\":\"standard\","
                                 "\"peering_location\":\"Amsterdam\","
                                 "\"route_filter\":[\"West Europe\"]}]}");
    er_analysis *a = run_sel(c, "PowerPlatformInfra", t, p, NULL, NULL);
    dump(a);
    assert_int_equal(count_rule(a, ER_RULE_LEAK), 0);
    const er_finding *f = find_rule(a, ER_RULE_OUT_OF_SCOPE, "sku-scope");
    assert_non_null(f);
    assert_true(f->addresses == 256);
    assert_int_equal(f->n_ranges, 1);
    assert_string_equal(f->region, "eastus");
    assert_int_equal(f->severity, ER_SEV_INFO);
    assert_non_null(strstr(f->message, "eastus"));
    er_analysis_free(a);
    er_profile_free(p);
    er_rtable_free(t);
    er_catalog_free(c);
}

static void test_out_of_scope_filter_and_env_leaks(void **state)
{
    (void)state;
    er_catalog *c = tu_catalog(TWO_REGIONS);
    er_rtable *t = new_table("edge.txt");
    add(t, DEFAULT_R);
    add(t, ER_R("20.50.0.0/16"));
    /* Premium reaches East US, but the filter has only West Europe: out-of-scope. */
    er_profile *p = profile_json("{\"circuits\":[{\"sku\":\"premium\",\"peering_location\":"
                                 "\"Amsterdam\",\"route_filter\":[\"12076:51002\"]}]}");
    er_analysis *a = run_sel(c, "PowerPlatformInfra", t, p, NULL, NULL);
    assert_int_equal(count_rule(a, ER_RULE_LEAK), 0);
    assert_non_null(find_rule(a, ER_RULE_OUT_OF_SCOPE, "route-filter"));
    er_analysis_free(a);
    /* The environment is in East US: the same range is now a leak, explained. */
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_profile_add_region(p, "East US", d), ER_OK);
    a = run_sel(c, "PowerPlatformInfra", t, p, NULL, NULL);
    dump(a);
    const er_finding *f = find_rule(a, ER_RULE_LEAK, "route-filter");
    assert_non_null(f);
    assert_non_null(strstr(f->message, "12076:51004"));
    assert_non_null(strstr(f->fix, "12076:51004"));
    assert_int_equal(count_rule(a, ER_RULE_OUT_OF_SCOPE), 0);
    er_analysis_free(a);
    /* Standard in Amsterdam with the environment in East US: the SKU is why. */
    assert_int_equal(er_profile_set_sku(p, "standard", d), ER_OK);
    assert_int_equal(er_profile_set_route_filter(p, "westeurope,eastus", d), ER_OK);
    a = run_sel(c, "PowerPlatformInfra", t, p, NULL, NULL);
    assert_non_null(find_rule(a, ER_RULE_LEAK, "sku-scope"));
    er_analysis_free(a);
    /* An ExpressRoute route for East US was received anyway (it lost best-path): the
     * circuit carries it, whatever the profile says, so it is a routing leak. */
    add(t, (rspec){"20.60.0.0/16", "203.0.113.250", "12076", false, ER_PROTO_BGP, NULL, NULL});
    a = run_sel(c, "PowerPlatformInfra", t, p, NULL, NULL);
    f = find_rule(a, ER_RULE_LEAK, NULL);
    assert_non_null(f);
    assert_int_equal(f->reason, ER_LEAK_SUMMARIZED); /* /16 ER not installed under the /0 */
    er_analysis_free(a);
    er_diags_free(d);
    er_profile_free(p);
    er_rtable_free(t);
    er_catalog_free(c);
}

/* ---- return paths ---- */

static void test_asymmetric_via_expressroute(void **state)
{
    (void)state;
    /* Only a default route to the internet; 203.0.113.0/28 is advertised to Microsoft.
     * With no NAT pool given, that prefix is taken as the source: requests leave over the
     * internet, replies come back over ExpressRoute. */
    er_catalog *c = tu_catalog("Svc=20.50.1.0/24");
    er_rtable *t = new_table("edge.txt");
    add(t, DEFAULT_R);
    static const char *const advp[] = {"203.0.113.0/28", NULL};
    er_rtable *adv = adv_table("adv.txt", advp);
    er_analysis *a = run_sel(c, "Svc", t, NULL, adv, NULL);
    dump(a);
    const er_finding *f = find_rule(a, ER_RULE_ASYM_VIA_ER, NULL);
    assert_non_null(f);
    assert_true(f->addresses == 256);
    assert_string_equal(f->subject, "203.0.113.0/28");
    assert_int_equal(f->n_evidence, 2);
    assert_int_equal(f->evidence[1].table, ER_TABLE_ADVERTISED);
    assert_non_null(er_analysis_evidence_route(a, &f->evidence[1]));
    assert_true(er_analysis_sources_assumed(a));
    assert_int_equal(count_rule(a, ER_RULE_ASYM_VIA_INTERNET), 0);
    assert_int_equal(count_rule(a, ER_RULE_SPLIT_SUBNET), 0);
    er_analysis_free(a);
    /* Separate NAT pools per edge: the internet pool is not advertised: no asymmetry. */
    er_profile *p = profile_json("{\"nat_pools\":[{\"prefix\":\"198.51.100.0/28\",\"edge\":"
                                 "\"internet\"},\"expressroute=203.0.113.0/28\"]}");
    a = run_sel(c, "Svc", t, p, adv, NULL);
    assert_int_equal(count_rule(a, ER_RULE_ASYM_VIA_ER), 0);
    assert_int_equal(count_rule(a, ER_RULE_ASYM_VIA_INTERNET), 0);
    assert_int_equal(er_analysis_source_count(a), 2);
    assert_true(er_analysis_source(a, 0)->ret_addrs[ER_RET_INTERNET] == 16);
    assert_true(er_analysis_source(a, 1)->ret_addrs[ER_RET_EXPRESSROUTE] == 16);
    er_analysis_free(a);
    er_profile_free(p);
    er_rtable_free(adv);
    er_rtable_free(t);
    er_catalog_free(c);
}

static void test_asymmetric_via_internet_and_split(void **state)
{
    (void)state;
    /* NAT pool 198.51.100.0/28 used for everything; only 203.0.113.0/28 is advertised to
     * Microsoft. Svc goes over ExpressRoute: replies to the pool come back over the
     * internet. Other goes over the internet: the pool's traffic is split. */
    er_catalog *c = tu_catalog("Svc=20.50.1.0/24;Other=20.70.1.0/24");
    er_rtable *t = new_table("edge.txt");
    add(t, DEFAULT_R);
    add(t, ER_R("20.50.0.0/16"));
    static const char *const advp[] = {"203.0.113.0/28", NULL};
    er_rtable *adv = adv_table("adv.txt", advp);
    er_profile *p = profile_json("{\"nat_pools\":[{\"prefix\":\"198.51.100.0/28\",\"name\":"
                                 "\"hq-nat\"}]}");
    er_analysis *a = run_sel(c, "Svc,Other", t, p, adv, NULL);
    dump(a);
    const er_finding *f = find_rule(a, ER_RULE_ASYM_VIA_INTERNET, NULL);
    assert_non_null(f);
    assert_string_equal(er_catalog_service(c, f->service)->name, "Svc");
    assert_true(f->addresses == 256);
    assert_non_null(strstr(f->subject, "hq-nat"));
    assert_int_equal(count_rule(a, ER_RULE_ASYM_VIA_ER), 0); /* pool not advertised over ER */
    f = find_rule(a, ER_RULE_SPLIT_SUBNET, NULL);
    assert_non_null(f);
    assert_int_equal(f->service, ER_NO_SERVICE);
    char pfx[64];
    er_prefix_format(&f->prefix, pfx, sizeof pfx);
    assert_string_equal(pfx, "198.51.100.0/28");
    assert_int_equal(f->n_evidence, 2);
    er_analysis_free(a);
    er_profile_free(p);
    er_rtable_free(adv);
    er_rtable_free(t);
    er_catalog_free(c);
}

static void test_nat_pool_on_both_paths(void **state)
{
    (void)state;
    er_catalog *c = tu_catalog("Svc=20.50.1.0/24");
    er_rtable *t = new_table("edge.txt");
    add(t, ER_R("20.50.0.0/16"));
    static const char *const advp[] = {"203.0.113.0/28", "203.0.113.64/28", "203.0.113.128/28",
                                       NULL};
    er_rtable *adv = adv_table("adv.txt", advp);
    /* same prefix; a more specific /29 inside the second; a covering /24 (fine: ExpressRoute
     * is more specific there) */
    static const char *const inetp[] = {"203.0.113.0/28", "203.0.113.64/29", NULL};
    er_rtable *inet = adv_table("inet.txt", inetp);
    er_analysis *a = run_sel(c, "Svc", t, NULL, adv, inet);
    dump(a);
    assert_int_equal(count_rule(a, ER_RULE_NAT_BOTH), 2);
    const er_finding *f = find_rule(a, ER_RULE_NAT_BOTH, "same-prefix");
    assert_non_null(f);
    assert_true(f->addresses == 16);
    f = find_rule(a, ER_RULE_NAT_BOTH, "internet-more-specific");
    assert_non_null(f);
    assert_true(f->addresses == 8);
    assert_int_equal(f->evidence[1].table, ER_TABLE_INTERNET_ADVERTISED);
    er_analysis_free(a);
    er_rtable_free(inet);
    static const char *const inet2[] = {"203.0.113.0/24", NULL};
    inet = adv_table("inet.txt", inet2);
    a = run_sel(c, "Svc", t, NULL, adv, inet);
    assert_int_equal(count_rule(a, ER_RULE_NAT_BOTH), 0);
    er_analysis_free(a);
    er_rtable_free(inet);
    er_rtable_free(adv);
    er_rtable_free(t);
    er_catalog_free(c);
}

/* ---- Microsoft peering rules ---- */

static void test_private_default_too_many(void **state)
{
    (void)state;
    er_catalog *c = tu_catalog("Svc=20.50.1.0/24");
    er_rtable *t = new_table("edge.txt");
    add(t, ER_R("20.50.0.0/16"));
    static const char *const advp[] = {"203.0.113.0/28", "10.1.0.0/16", "0.0.0.0/0",
                                       "fd00:1::/48", "192.168.10.0/24", NULL};
    er_rtable *adv = adv_table("adv.txt", advp);
    er_analysis *a = run_sel(c, "Svc", t, NULL, adv, NULL);
    dump(a);
    assert_int_equal(count_rule(a, ER_RULE_PRIVATE_PREFIX), 3);
    assert_int_equal(count_rule(a, ER_RULE_DEFAULT_ROUTE), 1);
    assert_int_equal(count_rule(a, ER_RULE_TOO_MANY), 0);
    er_analysis_free(a);
    er_rtable_free(adv);

    /* 200 prefixes on a session are fine, 201 are not */
    for (int extra = 0; extra < 2; extra++) {
        adv = new_table("big.txt");
        for (int i = 0; i < 200 + extra; i++) {
            char pfx[32];
            snprintf(pfx, sizeof pfx, "198.18.%d.%d/32", i / 256, i % 256);
            add(adv, ADV(pfx));
        }
        add(adv, ADV("198.18.0.0/32")); /* a duplicate line counts once */
        a = run_sel(c, "Svc", t, NULL, adv, NULL);
        assert_int_equal(count_rule(a, ER_RULE_TOO_MANY), extra);
        if (extra) {
            const er_finding *f = find_rule(a, ER_RULE_TOO_MANY, NULL);
            assert_int_equal(f->severity, ER_SEV_CRITICAL);
            assert_non_null(strstr(f->message, "201 IPv4"));
            assert_non_null(strstr(f->subject, "big.txt"));
        }
        er_analysis_free(a);
        er_rtable_free(adv);
    }
    er_rtable_free(t);
    er_catalog_free(c);
}

static void test_sessions_differ(void **state)
{
    (void)state;
    er_catalog *c = tu_catalog("Svc=20.50.1.0/24");
    er_rtable *t = new_table("edge.txt");
    add(t, ER_R("20.50.0.0/16"));
    /* primary: A (path 65001), B; secondary: A (path 65001 65001), C */
    er_rtable *adv = new_table("primary.txt");
    add(adv, (rspec){"203.0.113.0/28", "0.0.0.0", "65001", true, ER_PROTO_BGP, NULL, NULL});
    add(adv, ADV("203.0.113.16/28"));
    assert_non_null(er_rtable_add_file(adv, "secondary.txt"));
    add(adv, (rspec){"203.0.113.0/28", "0.0.0.0", "65001 65001", true, ER_PROTO_BGP, NULL, NULL});
    add(adv, ADV("203.0.113.32/28"));
    er_profile *p = er_profile_new();
    assert_int_equal(er_profile_add_advertised(p, "primary.txt", ER_SESSION_PRIMARY), ER_OK);
    assert_int_equal(er_profile_add_advertised(p, "secondary.txt", ER_SESSION_SECONDARY), ER_OK);
    er_analysis *a = run_sel(c, "Svc", t, p, adv, NULL);
    dump(a);
    assert_int_equal(count_rule(a, ER_RULE_SESSIONS_DIFFER), 3);
    const er_finding *f = find_rule(a, ER_RULE_SESSIONS_DIFFER, "only-primary");
    char pfx[64];
    er_prefix_format(&f->prefix, pfx, sizeof pfx);
    assert_string_equal(pfx, "203.0.113.16/28");
    f = find_rule(a, ER_RULE_SESSIONS_DIFFER, "only-secondary");
    er_prefix_format(&f->prefix, pfx, sizeof pfx);
    assert_string_equal(pfx, "203.0.113.32/28");
    f = find_rule(a, ER_RULE_SESSIONS_DIFFER, "as-path");
    assert_int_equal(f->severity, ER_SEV_LOW);
    assert_int_equal(f->n_evidence, 2);
    er_analysis_free(a);
    /* Without knowing which file is which session, nothing is compared. */
    a = run_sel(c, "Svc", t, NULL, adv, NULL);
    assert_int_equal(count_rule(a, ER_RULE_SESSIONS_DIFFER), 0);
    er_analysis_free(a);
    er_profile_free(p);
    er_rtable_free(adv);
    er_rtable_free(t);
    er_catalog_free(c);
}

/* ---- endpoints ---- */

static void test_endpoints(void **state)
{
    (void)state;
    er_catalog *c = tu_catalog("Svc=20.50.1.0/24");
    er_rtable *t = new_table("edge.txt");
    add(t, ER_R("20.50.0.0/16"));
    static const char *const advp[] = {"203.0.113.0/28", "198.51.100.0/24", NULL};
    er_rtable *adv = adv_table("adv.txt", advp);
    static const char *const inetp[] = {"198.51.100.0/25", NULL};
    er_rtable *inet = adv_table("inet.txt", inetp);
    er_profile *p = profile_json(
        "{\"environment\":{\"geography\":\"Europe\"},"
        "\"circuits\":[{\"sku\":\"standard\",\"peering_location\":\"Amsterdam\"}],"
        "\"endpoints\":[{\"name\":\"lan\",\"ip\":\"10.1.1.1\"},"
        "{\"name\":\"nowhere\",\"ip\":\"192.0.2.7\"},"
        "{\"name\":\"good\",\"ip\":\"203.0.113.5\"},"
        "{\"name\":\"shadowed\",\"ip\":\"198.51.100.20\"}]}");
    er_analysis *a = run_sel(c, "Svc", t, p, adv, inet);
    dump(a);
    assert_int_equal(er_analysis_endpoint_count(a), 4);
    assert_false(er_analysis_endpoint(a, 0)->on_expressroute);
    assert_int_equal(er_analysis_endpoint(a, 0)->reason, ER_EP_PRIVATE);
    assert_int_equal(er_analysis_endpoint(a, 1)->reason, ER_EP_NOT_ADVERTISED);
    assert_true(er_analysis_endpoint(a, 2)->on_expressroute);
    assert_int_equal(er_analysis_endpoint(a, 3)->reason, ER_EP_INTERNET_MORE_SPECIFIC);
    assert_int_equal(count_rule(a, ER_RULE_ENDPOINT), 3);
    const er_finding *f = find_rule(a, ER_RULE_ENDPOINT, "not-advertised");
    assert_string_equal(f->subject, "nowhere");
    assert_non_null(strstr(f->fix, "internet traffic"));
    er_analysis_free(a);
    /* The environment in the United States: the Standard circuit in Amsterdam cannot
     * carry Power Platform's calls to 'good'. */
    er_profile_free(p);
    p = profile_json("{\"environment\":{\"geography\":\"United States\"},"
                     "\"circuits\":[{\"sku\":\"standard\",\"peering_location\":\"Amsterdam\"}],"
                     "\"endpoints\":[{\"name\":\"good\",\"ip\":\"203.0.113.5\"}]}");
    a = run_sel(c, "Svc", t, p, adv, NULL);
    assert_non_null(find_rule(a, ER_RULE_ENDPOINT, "outside-geography"));
    er_analysis_free(a);
    er_profile_free(p);
    er_rtable_free(inet);
    er_rtable_free(adv);
    er_rtable_free(t);
    er_catalog_free(c);
}

/* ---- classification by profile ---- */

static void test_profile_classification(void **state)
{
    (void)state;
    er_rtable *t = new_table("edge.txt");
    add(t, (rspec){"20.0.0.0/16", "10.9.9.9", "", true, ER_PROTO_STATIC, NULL, "Tunnel10"});
    add(t, (rspec){"20.1.0.0/16", "10.9.9.8", "65010 3356", true, ER_PROTO_BGP, NULL, NULL});
    add(t, (rspec){"20.2.0.0/16", "10.9.9.7", "65020", true, ER_PROTO_BGP, "65000:1 65000:666", NULL});
    add(t, (rspec){"20.3.0.0/16", "10.9.9.6", "3356", true, ER_PROTO_BGP, NULL, NULL});
    er_profile *p = profile_json("{\"classify\":{"
                                 "\"vpn\":{\"interfaces\":[\"Tunnel10\"]},"
                                 "\"expressroute\":{\"asns\":[65010],\"next_hops\":[\"10.9.9.6\"]},"
                                 "\"discard\":{\"communities\":[\"65000:666\"]}}}");
    er_classify_opts o;
    memset(&o, 0, sizeof o);
    o.rules = p->rules;
    er_classify_all(t, &o);
    assert_int_equal(er_rtable_get(t, 0)->path_class, ER_PC_VPN);
    assert_int_equal(er_rtable_get(t, 1)->path_class, ER_PC_EXPRESSROUTE);
    assert_int_equal(er_rtable_get(t, 2)->path_class, ER_PC_DISCARD);
    assert_int_equal(er_rtable_get(t, 3)->path_class, ER_PC_EXPRESSROUTE);
    er_profile_free(p);
    er_rtable_free(t);
}

/* ---- profile loader ---- */

static void test_profile_loader(void **state)
{
    (void)state;
    er_profile *p = profile_json(
        "{\"erready_profile\":1,\"description\":\"x\","
        "\"environment\":{\"geography\":\"europe\"},"
        "\"circuits\":[{\"name\":\"ams\",\"sku\":\"Standard\",\"peering_location\":\"amsterdam\","
        "\"route_filter\":[\"West Europe\",\"northeurope\",\"12076:51041\",\"exchange\"],"
        "\"advertised\":{\"primary\":\"p.txt\",\"secondary\":[\"s.txt\"]}}],"
        "\"internet_advertised\":[\"i.txt\"],"
        "\"sites\":[{\"name\":\"fra\",\"routes\":[\"fra.txt\"],"
        "\"circuits\":[{\"sku\":\"premium\",\"peering_location\":\"Frankfurt\"}]},"
        "{\"name\":\"ams\",\"routes\":\"ams.txt\"}]}");
    assert_int_equal(p->n_regions, 2);
    assert_string_equal(p->regions[0]->code, "westeurope");
    assert_string_equal(p->regions[1]->code, "northeurope");
    assert_int_equal(p->n_circuits, 1);
    const er_circuit *c = &p->circuits[0];
    assert_int_equal(c->sku, ER_SKU_STANDARD);
    assert_string_equal(c->location->name, "Amsterdam");
    assert_string_equal(c->location->geo_area, "Europe");
    assert_int_equal(c->n_filter, 4);
    assert_int_equal(c->filter[0], 5010);
    assert_int_equal(c->filter[1], 51002);
    assert_int_equal(c->filter[2], 51003);
    assert_int_equal(c->filter[3], 51041);
    assert_int_equal(p->n_advertised, 2);
    assert_int_equal(p->advertised[1].role, ER_SESSION_SECONDARY);
    assert_int_equal(p->n_sites, 2);
    const er_profile *fra = p->sites[0];
    assert_string_equal(fra->name, "fra");
    assert_int_equal(fra->n_circuits, 1);
    assert_int_equal(fra->circuits[0].sku, ER_SKU_PREMIUM);
    assert_int_equal(fra->n_advertised, 0);           /* circuits replaced, with their files */
    assert_int_equal(fra->n_internet_advertised, 1);  /* inherited */
    assert_int_equal(fra->n_regions, 2);
    assert_int_equal(p->sites[1]->n_advertised, 2);   /* inherited */
    assert_string_equal(p->sites[1]->routes[0], "ams.txt");
    /* flags apply to the top level and every site */
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_profile_set_sku(p, "premium", d), ER_OK);
    assert_int_equal(p->sites[1]->circuits[0].sku, ER_SKU_PREMIUM);
    assert_int_equal(er_profile_add_endpoint(p, "crm=198.51.100.20", d), ER_OK);
    assert_int_equal(p->sites[0]->n_endpoints, 1);
    assert_int_equal(er_profile_add_site(p, "ber=ber.txt", d), ER_OK);
    assert_int_equal(p->n_sites, 3);
    assert_int_equal(p->sites[2]->n_endpoints, 1);
    assert_int_equal(p->sites[2]->circuits[0].n_filter, 4);
    er_diags_free(d);
    er_profile_free(p);

    /* errors name the JSON path */
    static const struct {
        const char *json, *want;
    } bad[] = {
        {"{\"circuits\":[{\"sku\":\"gold\"}]}", "circuits[0].sku"},
        {"{\"circuit\":[]}", "unknown key 'circuit'"},
        {"{\"environment\":{\"region\":\"atlantis\"}}", "unknown region 'atlantis'"},
        {"{\"circuits\":[{\"peering_location\":\"Gotham\"}]}", "unknown ExpressRoute peering"},
        {"{\"circuits\":[{\"route_filter\":[\"Sweden Central\"]}]}", "no regional community"},
        {"{\"nat_pools\":[{\"prefix\":\"300.1.1.0/24\"}]}", "nat_pools[0].prefix"},
        {"{\"nat_pools\":[{\"prefix\":\"198.51.100.0/24\",\"edge\":\"sideways\"}]}", "edge"},
        {"{\"endpoints\":[{\"name\":\"x\",\"ip\":\"10.0.0.0/8\"}]}", "not a prefix"},
        {"{\"classify\":{\"expressroute\":{\"asns\":[-1]}}}", "asns[0]"},
        {"{\"classify\":{\"expressroute\":{\"communities\":[\"abc\"]}}}", "not a BGP community"},
        {"{\"sites\":[{\"routes\":[\"x\"]}]}", "needs a \"name\""},
        {"{\"erready_profile\":2}", "unsupported profile version"},
        {"[1,2]", "JSON object"},
        {"{\"circuits\":[{\"sku\":", "invalid JSON"},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(bad); i++) {
        p = er_profile_new();
        d = er_diags_new(0);
        er_status st = er_profile_load(p, "bad.json", bad[i].json, strlen(bad[i].json), NULL, d);
        assert_int_not_equal(st, ER_OK);
        bool seen = false;
        for (size_t k = 0; k < er_diags_count(d); k++)
            seen |= strstr(er_diags_get(d, k)->msg, bad[i].want) != NULL;
        if (!seen)
            fail_msg("case %zu: '%s' not in diagnostics (first: %s)", i, bad[i].want,
                     er_diags_count(d) ? er_diags_get(d, 0)->msg : "none");
        er_diags_free(d);
        er_profile_free(p);
    }
}

/* Every truncation of a valid profile loads or fails cleanly (ASan run catches the rest). */
static void test_profile_truncations(void **state)
{
    (void)state;
    char *json = tu_read_file(tu_path("%s/examples/profile.json", tu_src_dir()), NULL);
    assert_non_null(json);
    size_t n = strlen(json), ok = 0;
    for (size_t len = 0; len <= n; len++) {
        er_profile *p = er_profile_new();
        er_diags *d = er_diags_new(0);
        er_status st = er_profile_load(p, "t.json", json, len, NULL, d);
        if (st == ER_OK)
            ok++;
        else
            assert_true(er_diags_total(d, ER_DIAG_ERROR) > 0);
        er_diags_free(d);
        er_profile_free(p);
    }
    assert_true(ok >= 1); /* the whole file (and its trailing-newline-less variant) */
    free(json);
}

static void test_facts(void **state)
{
    (void)state;
    const char *why;
    assert_int_equal(er_community_lookup("West Europe", &why), 51002);
    assert_int_equal(er_community_lookup("12076:51004", &why), 51004);
    assert_int_equal(er_community_lookup("teams", &why), 5030);
    assert_int_equal(er_community_lookup("swedencentral", &why), 0);
    assert_int_equal(er_community_lookup("65000:1", &why), 0);
    assert_int_equal(er_community_lookup("12", &why), 0);
    const er_location_info *l = er_location_lookup("washington dc");
    assert_non_null(l);
    assert_string_equal(l->local[0], "eastus");
    assert_string_equal(l->local[1], "eastus2");
    assert_non_null(er_location_lookup("Queretaro(Mexico)"));
    assert_non_null(er_location_lookup("Zurich2"));
    assert_null(er_location_lookup("Gotham"));
    er_circuit c = {"", ER_SKU_LOCAL, "Dublin", er_location_lookup("Dublin"), false, NULL, 0};
    assert_int_equal(er_circuit_reaches(&c, er_region_lookup("northeurope")), 1);
    assert_int_equal(er_circuit_reaches(&c, er_region_lookup("westeurope")), 0);
    c.sku = ER_SKU_STANDARD;
    assert_int_equal(er_circuit_reaches(&c, er_region_lookup("westeurope")), 1);
    assert_int_equal(er_circuit_reaches(&c, er_region_lookup("eastus")), 0);
    assert_int_equal(er_circuit_reaches(&c, er_region_lookup("spaincentral")), -1);
    assert_int_equal(er_circuit_reaches(&c, er_region_lookup("usgovvirginia")), 0);
    c.sku = ER_SKU_PREMIUM;
    assert_int_equal(er_circuit_reaches(&c, er_region_lookup("eastus")), 1);
    assert_int_equal(er_circuit_filter_has(&c, 51002), -1); /* no filter known */
    uint32_t filt[2] = {51002, 60001};
    c.has_route_filter = true;
    c.filter = filt;
    c.n_filter = 1;
    assert_int_equal(er_circuit_filter_has(&c, 51002), 1);
    assert_int_equal(er_circuit_filter_has(&c, 51004), 0);
    /* an undocumented community (0) is not a known one's: certainly not in {51002} ... */
    assert_int_equal(er_circuit_filter_has(&c, 0), 0);
    /* ... but 12076:60001, which erready cannot name, might be it */
    c.n_filter = 2;
    assert_int_equal(er_circuit_filter_has(&c, 0), -1);
    assert_string_equal(er_community_name(51002), "West Europe");
    assert_string_equal(er_community_name(5060), "Microsoft Entra ID");
    assert_null(er_community_name(60001));
    const er_geography_info *g = er_geography_lookup("United States");
    assert_string_equal(g->regions[0], "westus");
    assert_true(er_geography_lookup("usa") == g);
}

/* ---- Microsoft 365 in the catalog ---- */

static const char m365_doc[] =
    "[{\"id\":1,\"serviceArea\":\"Exchange\",\"serviceAreaDisplayName\":\"Exchange Online\","
    "\"urls\":[\"outlook.office.com\"],\"ips\":[\"40.96.0.0/13\",\"2603:1006::/40\"],"
    "\"tcpPorts\":\"80,443\",\"expressRoute\":true,\"category\":\"Optimize\",\"required\":true},"
    "{\"id\":153,\"serviceArea\":\"Common\",\"urls\":[\"*.powerapps.com\"],\"tcpPorts\":\"443\","
    "\"expressRoute\":false,\"category\":\"Default\",\"required\":true},"
    "{\"id\":163,\"serviceArea\":\"MEM\",\"ips\":[\"52.0.0.0/24\"],\"tcpPorts\":\"443\","
    "\"expressRoute\":false,\"category\":\"Default\",\"required\":false}]";

static er_catalog *catalog_with_m365(void)
{
    er_catalog *c = tu_catalog("Svc=20.50.1.0/24");
    er_m365 *m = er_m365_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_m365_load(m, "m365_endpoints_worldwide_202512.json", m365_doc,
                                  strlen(m365_doc), d),
                     ER_OK);
    assert_int_equal(er_catalog_add_m365(c, m, "m365_endpoints_worldwide_202512.json", d), ER_OK);
    assert_int_equal(er_catalog_add_m365(c, m, "again.json", d), ER_ERR_ARG);
    er_diags_free(d);
    er_m365_free(m);
    return c;
}

static void test_m365_catalog_and_scope(void **state)
{
    (void)state;
    er_catalog *c = catalog_with_m365();
    assert_int_equal(er_catalog_count(c), 3); /* Svc + two sets with IPs */
    size_t ex = er_catalog_find(c, "M365.Exchange.1");
    assert_true(ex != SIZE_MAX);
    const er_service *s = er_catalog_service(c, ex);
    assert_true(s->er_eligible);
    assert_string_equal(s->family, "M365");
    assert_int_equal(s->n_prefixes, 2);
    assert_string_equal(er_catalog_service_feed(c, ex)->kind, "m365");
    assert_string_equal(er_catalog_service_feed(c, ex)->cloud, "Worldwide");
    assert_string_equal(er_catalog_service_feed(c, ex)->date, "2025-12");
    assert_string_equal(er_catalog_feed(c)->kind, "servicetags"); /* primary unchanged */
    assert_int_equal(er_catalog_feed_count(c), 2);
    size_t svc = er_catalog_find(c, "Svc");
    char pfx[64];
    er_prefix_format(&er_catalog_service(c, svc)->prefixes[0], pfx, sizeof pfx);
    assert_string_equal(pfx, "20.50.1.0/24"); /* re-pointed after the arrays moved */
    assert_false(er_catalog_service(c, er_catalog_find(c, "M365.MEM.163"))->er_eligible);
    size_t *sel = NULL, n = 0;
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_catalog_select(c, "M365", NULL, &sel, &n, d), ER_OK);
    assert_int_equal(n, 2);
    free(sel);

    er_rtable *t = new_table("edge.txt");
    add(t, DEFAULT_R);
    /* No Premium circuit: Microsoft 365 is expected over the internet. */
    er_analysis *a = run_sel(c, "M365.Exchange.1", t, NULL, NULL, NULL);
    assert_int_equal(count_rule(a, ER_RULE_LEAK), 0);
    assert_non_null(find_rule(a, ER_RULE_OUT_OF_SCOPE, "premium-required"));
    er_analysis_free(a);
    /* Premium with Exchange in the filter: now it should be on ExpressRoute: a leak. */
    er_profile *p = er_profile_new();
    assert_int_equal(er_profile_set_sku(p, "premium", d), ER_OK);
    assert_int_equal(er_profile_set_route_filter(p, "exchange", d), ER_OK);
    a = run_sel(c, "M365.Exchange.1", t, p, NULL, NULL);
    assert_int_equal(count_rule(a, ER_RULE_LEAK), 1); /* the IPv4 prefix; IPv6 is unrouted */
    er_analysis_free(a);
    /* Premium, filter without Exchange: out-of-scope by the filter. */
    assert_int_equal(er_profile_set_route_filter(p, "sharepoint", d), ER_OK);
    a = run_sel(c, "M365.Exchange.1", t, p, NULL, NULL);
    assert_non_null(find_rule(a, ER_RULE_OUT_OF_SCOPE, "route-filter"));
    er_analysis_free(a);
    er_profile_free(p);
    er_diags_free(d);
    er_rtable_free(t);
    er_catalog_free(c);
}

/* ---- explain and diff ---- */

static void test_explain(void **state)
{
    (void)state;
    er_catalog *c = tu_catalog("Svc=20.105.211.64/28;Wide=20.105.0.0/16;Other=52.0.0.0/24");
    er_rtable *t = new_table("edge.txt");
    add(t, DEFAULT_R);                      /* 0 */
    add(t, ER_R("20.105.128.0/17"));        /* 1 */
    add(t, INET_R("20.105.211.0/24"));      /* 2 */
    static const char *const advp[] = {"203.0.113.0/28", NULL};
    er_rtable *adv = adv_table("adv.txt", advp);
    er_analysis *a = run_sel(c, "Svc", t, NULL, adv, NULL);
    er_explain *e = NULL;
    er_prefix q = P("20.105.211.70");
    assert_int_equal(er_analysis_explain(a, &q, &e), ER_OK);
    assert_int_equal(e->n_owners, 2); /* Svc and Wide (not selected) */
    int selected = 0;
    for (size_t i = 0; i < e->n_owners; i++)
        selected += e->owners[i].selected;
    assert_int_equal(selected, 1);
    assert_int_equal(e->n_segments, 1);
    assert_int_equal(e->segments[0].winner, 2);
    assert_int_equal(e->segments[0].forward, ER_PC_INTERNET);
    assert_int_equal(e->n_competitors, 3); /* /24 internet, /17 ER, /0 */
    assert_int_equal(e->competitors[0], 2);
    assert_int_equal(e->competitors[1], 1);
    assert_int_equal(e->competitors[2], 0);
    assert_int_equal(e->n_returns, 1);
    assert_int_equal(e->returns[0].path, ER_RET_EXPRESSROUTE);
    assert_true(e->n_findings >= 2); /* the leak and the asymmetric return */
    er_explain_free(e);
    /* a prefix query spanning two winners */
    q = P("20.105.211.0/24");
    assert_int_equal(er_analysis_explain(a, &q, &e), ER_OK);
    assert_int_equal(e->n_segments, 1);
    er_explain_free(e);
    q = P("20.105.210.0/23");
    assert_int_equal(er_analysis_explain(a, &q, &e), ER_OK);
    assert_int_equal(e->n_segments, 2);
    assert_int_equal(e->segments[0].forward, ER_PC_EXPRESSROUTE);
    assert_int_equal(e->segments[1].forward, ER_PC_INTERNET);
    er_explain_free(e);
    er_analysis_free(a);
    er_rtable_free(adv);
    er_rtable_free(t);
    er_catalog_free(c);
}

static void test_diff(void **state)
{
    (void)state;
    er_catalog *c = tu_catalog("Svc=20.105.211.0/24,20.105.212.0/24");
    er_rtable *t1 = new_table("before.txt");
    add(t1, DEFAULT_R);
    add(t1, ER_R("20.105.128.0/17"));
    add(t1, INET_R("20.105.211.0/24")); /* leak of 256 */
    er_rtable *t2 = new_table("after.txt");
    add(t2, DEFAULT_R);
    add(t2, ER_R("20.105.128.0/17"));
    add(t2, INET_R("20.105.212.0/25")); /* the leak moved: 211 fixed, 212.0/25 new */
    er_analysis *a = run_sel(c, "Svc", t1, NULL, NULL, NULL);
    er_analysis *b = run_sel(c, "Svc", t2, NULL, NULL, NULL);
    er_diff *d = NULL;
    assert_int_equal(er_diff_analyses(a, b, &d), ER_OK);
    assert_int_equal(d->n_services, 1);
    const er_diff_service *ds = &d->services[0];
    assert_true(ds->changed);
    assert_true(ds->moved[0][ER_PC_INTERNET][ER_PC_EXPRESSROUTE] == 256);
    assert_true(ds->moved[0][ER_PC_EXPRESSROUTE][ER_PC_INTERNET] == 128);
    assert_true(ds->moved[0][ER_PC_EXPRESSROUTE][ER_PC_EXPRESSROUTE] == 128);
    assert_int_equal(d->n_new, 1);
    assert_int_equal(d->n_fixed, 1);
    assert_int_equal(d->n_unchanged, 0);
    assert_int_equal(d->findings[0].state, ER_DIFF_NEW);
    assert_int_equal(er_diff_max_new_severity(d), ER_SEV_HIGH);
    er_diff_free(d);
    /* the same analysis twice: everything unchanged */
    assert_int_equal(er_diff_analyses(a, a, &d), ER_OK);
    assert_int_equal(d->n_unchanged, 1);
    assert_false(d->services[0].changed);
    assert_int_equal(er_diff_max_new_severity(d), ER_SEV_NONE);
    er_diff_free(d);
    er_analysis_free(a);
    er_analysis_free(b);
    er_rtable_free(t1);
    er_rtable_free(t2);
    er_catalog_free(c);
}

/* ---- the real feeds ---- */

static void test_real_feeds(void **state)
{
    (void)state;
    const char *sh = tu_shared_dir();
    if (!sh) {
        print_message("skipped: ../shared is absent\n");
        skip();
        return;
    }
    er_catalog *c = er_catalog_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_catalog_load_file(c, tu_path("%s/data/ServiceTags_Public_20251103.json", sh), d),
                     ER_OK);
    er_m365 *m = er_m365_new();
    assert_int_equal(er_m365_load_file(m, tu_path("%s/data/m365_endpoints_worldwide_202512.json", sh), d),
                     ER_OK);
    assert_int_equal(er_catalog_add_m365(c, m, "m365_endpoints_worldwide_202512.json", d), ER_OK);
    er_m365_free(m);
    /* An edge with a default route to the internet, and over ExpressRoute every prefix of
     * AzureCloud.westeurope and AzureCloud.northeurope: a Standard circuit in Amsterdam
     * whose route filter holds the two regional communities of the Europe geography. */
    er_rtable *t = new_table("edge.txt");
    add(t, DEFAULT_R);
    const char *regional[] = {"AzureCloud.westeurope", "AzureCloud.northeurope"};
    for (int k = 0; k < 2; k++) {
        const er_service *s = er_catalog_service(c, er_catalog_find(c, regional[k]));
        for (size_t i = 0; i < s->n_prefixes; i++) {
            char pfx[64];
            er_prefix_format(&s->prefixes[i], pfx, sizeof pfx);
            rspec r = ER_R(pfx);
            if (s->prefixes[i].family == ER_AF_V6)
                r.nh = "2001:db8::250";
            add(t, r);
        }
    }
    er_profile *p = profile_json("{\"environment\":{\"geography\":\"Europe\"},\"circuits\":[{"
                                 "\"sku\":\"standard\",\"peering_location\":\"Amsterdam\","
                                 "\"route_filter\":[\"West Europe\",\"North Europe\"]}]}");
    size_t *sel = NULL, n = 0;
    assert_int_equal(er_catalog_select(c, "PowerPlatformInfra,M365", NULL, &sel, &n, d), ER_OK);
    er_analyze_opts o;
    er_analyze_opts_init(&o);
    o.profile = p;
    er_analysis *a = NULL;
    assert_int_equal(er_analyze(c, sel, n, t, &o, &a), ER_OK);
    free(sel);
    size_t gi = er_catalog_find(c, "PowerPlatformInfra");
    const er_service_result *g = NULL;
    for (size_t i = 0; i < er_analysis_service_count(a); i++)
        if (er_analysis_service(a, i)->service == gi)
            g = er_analysis_service(a, i);
    assert_non_null(g);
    /* Global PowerPlatformInfra IPv4: every address is either over ExpressRoute (the two
     * Europe regions) or out of scope (every other region: sku-scope outside Europe,
     * route-filter inside it); none leaks, because every regional prefix lies in its
     * AzureCloud.<region>. */
    er_u128 oos = 0, leak_v4 = 0;
    bool sku = false, filter = false;
    for (size_t i = 0; i < er_analysis_finding_count(a); i++) {
        const er_finding *f = er_analysis_finding(a, i);
        if (f->service != gi)
            continue;
        if (strcmp(f->rule, ER_RULE_OUT_OF_SCOPE) == 0) {
            for (size_t k = 0; k < f->n_ranges; k++)
                assert_true(f->ranges[k].family == ER_AF_V4 || f->ranges[k].family == ER_AF_V6);
            sku |= f->reason == ER_SCOPE_SKU;
            filter |= f->reason == ER_SCOPE_ROUTE_FILTER;
            if (f->prefix.family == ER_AF_V4)
                oos += f->addresses;
        }
        if (strcmp(f->rule, ER_RULE_LEAK) == 0 && f->prefix.family == ER_AF_V4) {
            leak_v4 += f->addresses;
            print_message("unexpected leak: %s\n", f->message);
        }
    }
    assert_true(sku && filter);
    assert_true(leak_v4 == 0);
    assert_true(g->v4.by_class[ER_PC_EXPRESSROUTE] > 0);
    assert_true(g->v4.by_class[ER_PC_EXPRESSROUTE] + g->v4.by_class[ER_PC_INTERNET] == g->v4.total);
    /* every IPv4 internet address of the global tag is accounted for as out of scope */
    assert_true(oos == g->v4.by_class[ER_PC_INTERNET]);
    /* Microsoft 365 ExpressRoute sets: a Standard circuit cannot carry them. */
    size_t n_m365_oos = 0, n_m365_leak = 0;
    for (size_t i = 0; i < er_analysis_finding_count(a); i++) {
        const er_finding *f = er_analysis_finding(a, i);
        if (f->service == ER_NO_SERVICE ||
            strncmp(er_catalog_service(c, f->service)->name, "M365.", 5) != 0)
            continue;
        n_m365_oos += strcmp(f->rule, ER_RULE_OUT_OF_SCOPE) == 0 && f->reason == ER_SCOPE_PREMIUM_REQUIRED;
        n_m365_leak += strcmp(f->rule, ER_RULE_LEAK) == 0;
    }
    assert_int_equal(n_m365_leak, 0);
    assert_int_equal(n_m365_oos, 10); /* the ten sets with expressRoute=true */
    er_analysis_free(a);
    er_profile_free(p);
    er_rtable_free(t);
    er_diags_free(d);
    er_catalog_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leak_static_and_summarized),
        cmocka_unit_test(test_out_of_scope_sku),
        cmocka_unit_test(test_out_of_scope_filter_and_env_leaks),
        cmocka_unit_test(test_asymmetric_via_expressroute),
        cmocka_unit_test(test_asymmetric_via_internet_and_split),
        cmocka_unit_test(test_nat_pool_on_both_paths),
        cmocka_unit_test(test_private_default_too_many),
        cmocka_unit_test(test_sessions_differ),
        cmocka_unit_test(test_endpoints),
        cmocka_unit_test(test_profile_classification),
        cmocka_unit_test(test_profile_loader),
        cmocka_unit_test(test_profile_truncations),
        cmocka_unit_test(test_facts),
        cmocka_unit_test(test_m365_catalog_and_scope),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_diff),
        cmocka_unit_test(test_real_feeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
