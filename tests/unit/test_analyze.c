/* Tests of the analysis: classification rules, leak scenarios a reader can check by hand,
 * and exact coverage against a brute-force per-address oracle on seeded random tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erready/analyze.h"
#include "routes/internal.h"
#include "analysis_fixture.h"
#include "testutil.h"
#include "util/strbuf.h"

/* ---- helpers ---- */

static er_prefix P(const char *s)
{
    er_prefix p;
    assert_int_equal(er_prefix_parse(s, true, &p), ER_ADDR_OK);
    return p;
}

static er_rtable *new_table(void)
{
    er_rtable *t = er_rtable_new();
    assert_non_null(t);
    assert_non_null(er_rtable_add_file(t, "test.txt"));
    return t;
}

/* Add a route: nh may be NULL; path "" for none. */
static void add(er_rtable *t, const char *pfx, const char *nh, const char *path, bool best,
                er_proto proto, uint8_t extra_flags)
{
    er_route r;
    memset(&r, 0, sizeof r);
    r.prefix = P(pfx);
    r.proto = (uint8_t)proto;
    r.flags = (uint8_t)((best ? ER_RF_BEST : 0) | extra_flags);
    r.path_class = ER_PC_UNSET;
    if (nh) {
        er_prefix a;
        assert_int_equal(er_prefix_parse(nh, false, &a), ER_ADDR_OK);
        r.next_hop = a.addr;
        r.nh_family = a.family;
        r.flags |= ER_RF_HAS_NH;
    }
    bool ok = true;
    r.as_path = er_rtable_intern(t, path, strlen(path), &ok);
    assert_true(ok);
    r.line = (uint32_t)er_rtable_count(t) + 1;
    assert_non_null(er_rtable_push(t, &r));
}

static er_catalog *new_catalog(const char *spec) { return tu_catalog(spec); }


static er_analysis *run(er_catalog *c, er_rtable *t, const er_analyze_opts *o)
{
    size_t n = er_catalog_count(c);
    size_t *sel = malloc(n * sizeof *sel);
    for (size_t i = 0; i < n; i++)
        sel[i] = i;
    er_analysis *a = NULL;
    assert_int_equal(er_analyze(c, sel, n, t, o, &a), ER_OK);
    free(sel);
    return a;
}

/* ---- classification ---- */

static void test_as_path_first_public(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        uint32_t want;
    } v[] = {
        {"12076", 12076},       {"65010 12076", 12076}, {"3356 8075", 3356},
        {"", 0},                {"65001 65002", 0},     {"(65001 65002) 12076", 12076},
        {"{64512,3356} 174", 174}, {"4200000001 12076 i", 12076}, {"1.10 12076", 65546},
        {"23456 12076", 12076},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(v); i++)
        assert_int_equal(er_as_path_first_public(v[i].path, strlen(v[i].path)), v[i].want);
}

static void test_classify_defaults(void **state)
{
    (void)state;
    er_rtable *t = new_table();
    add(t, "20.0.0.0/16", "203.0.113.2", "12076", true, ER_PROTO_BGP, 0);       /* 0 er */
    add(t, "20.1.0.0/16", "198.51.100.1", "3356 8075", true, ER_PROTO_BGP, 0);  /* 1 inet */
    add(t, "0.0.0.0/0", "198.51.100.1", "", true, ER_PROTO_STATIC, 0);          /* 2 inet */
    add(t, "10.0.0.0/8", "10.255.0.2", "", true, ER_PROTO_IBGP, 0);             /* 3 internal */
    add(t, "20.2.0.0/16", NULL, "", true, ER_PROTO_STATIC, ER_RF_DISCARD);      /* 4 discard */
    add(t, "20.3.0.0/24", NULL, "", true, ER_PROTO_CONNECTED, 0);               /* 5 internal */
    add(t, "20.4.0.0/16", "10.1.1.1", "", true, ER_PROTO_OSPF, 0);              /* 6 inet */
    add(t, "20.5.0.0/16", "10.9.9.9", "65010 12076", true, ER_PROTO_BGP, 0);    /* 7 er */
    add(t, "20.6.0.0/16", "10.1.1.1", "65001", true, ER_PROTO_BGP, 0);          /* 8 inet (rule 8) */
    add(t, "192.168.0.0/16", "10.1.1.1", "65001", true, ER_PROTO_BGP, 0);       /* 9 internal */
    er_classify_all(t, NULL);
    static const er_pathclass want[] = {
        ER_PC_EXPRESSROUTE, ER_PC_INTERNET, ER_PC_INTERNET, ER_PC_INTERNAL, ER_PC_DISCARD,
        ER_PC_INTERNAL,     ER_PC_INTERNET, ER_PC_EXPRESSROUTE, ER_PC_INTERNET, ER_PC_INTERNAL};
    for (size_t i = 0; i < ER_ARRAY_LEN(want); i++)
        assert_int_equal(er_rtable_get(t, i)->path_class, want[i]);

    /* Overrides by next hop win over the AS path. */
    er_prefix er_nh = P("10.1.1.1/32"), inet_nh = P("203.0.113.2/32");
    er_classify_opts o;
    memset(&o, 0, sizeof o);
    o.nexthops[ER_PC_EXPRESSROUTE] = &er_nh;
    o.n_nexthops[ER_PC_EXPRESSROUTE] = 1;
    o.nexthops[ER_PC_INTERNET] = &inet_nh;
    o.n_nexthops[ER_PC_INTERNET] = 1;
    er_classify_all(t, &o);
    assert_int_equal(er_rtable_get(t, 0)->path_class, ER_PC_INTERNET);
    assert_int_equal(er_rtable_get(t, 6)->path_class, ER_PC_EXPRESSROUTE);
    assert_int_equal(er_rtable_get(t, 8)->path_class, ER_PC_EXPRESSROUTE);
    er_rtable_free(t);
}

/* ---- leak scenarios (checkable by hand) ---- */

static const er_finding *only_leak(const er_analysis *a)
{
    assert_int_equal(er_analysis_finding_count(a), 1);
    const er_finding *f = er_analysis_finding(a, 0);
    assert_string_equal(f->rule, "leak");
    return f;
}

static void test_leak_more_specific(void **state)
{
    (void)state;
    /* Service 20.105.211.64/28 inside ER 20.105.128.0/17, but an internet /24 covers it. */
    er_catalog *c = new_catalog("PowerPlatformPlex.WestEurope=20.105.211.64/28,20.105.200.0/24");
    er_rtable *t = new_table();
    add(t, "20.105.128.0/17", "203.0.113.2", "12076", true, ER_PROTO_BGP, 0);
    add(t, "20.105.211.0/24", "198.51.100.1", "3356 8075", true, ER_PROTO_BGP, 0);
    er_analysis *a = run(c, t, NULL);
    const er_service_result *r = er_analysis_service(a, 0);
    assert_true(r->v4.total == 16 + 256);
    assert_true(r->v4.by_class[ER_PC_INTERNET] == 16);
    assert_true(r->v4.by_class[ER_PC_EXPRESSROUTE] == 256);
    const er_finding *f = only_leak(a);
    assert_int_equal(f->reason, ER_LEAK_MORE_SPECIFIC);
    assert_true(f->addresses == 16);
    assert_int_equal(f->n_evidence, 2);
    assert_int_equal(f->evidence[0].route, 1); /* the internet /24 won */
    assert_int_equal(f->evidence[1].route, 0); /* the ExpressRoute /17 lost */
    assert_non_null(strstr(f->message, "test.txt:2"));
    assert_non_null(strstr(f->message, "test.txt:1"));
    er_analysis_free(a);
    er_rtable_free(t);
    er_catalog_free(c);
}

static void test_leak_best_path_and_default(void **state)
{
    (void)state;
    er_catalog *c = new_catalog("Svc=4.210.128.0/26,52.0.0.0/24");
    er_rtable *t = new_table();
    add(t, "0.0.0.0/0", "198.51.100.1", "3356", true, ER_PROTO_BGP, 0);
    add(t, "4.210.128.0/17", "198.51.100.1", "3356 8075", true, ER_PROTO_BGP, 0);
    add(t, "4.210.128.0/17", "203.0.113.2", "12076", false, ER_PROTO_BGP, 0);
    er_analysis *a = run(c, t, NULL);
    assert_int_equal(er_analysis_finding_count(a), 2);
    int seen = 0;
    for (size_t i = 0; i < 2; i++) {
        const er_finding *f = er_analysis_finding(a, i);
        char pfx[64];
        er_prefix_format(&f->prefix, pfx, sizeof pfx);
        if (strcmp(pfx, "4.210.128.0/26") == 0) {
            assert_int_equal(f->reason, ER_LEAK_BEST_PATH);
            assert_true(f->addresses == 64);
            assert_int_equal(f->evidence[1].route, 2);
            seen |= 1;
        } else {
            assert_string_equal(pfx, "52.0.0.0/24");
            assert_int_equal(f->reason, ER_LEAK_DEFAULT_ONLY);
            assert_int_equal(f->n_evidence, 1);
            seen |= 2;
        }
    }
    assert_int_equal(seen, 3);
    er_analysis_free(a);
    er_rtable_free(t);
    er_catalog_free(c);
}

static void test_no_leak_when_covered(void **state)
{
    (void)state;
    er_catalog *c = new_catalog("Svc=20.0.0.0/24,20.0.0.0/25,2603:1000::/48");
    er_rtable *t = new_table();
    add(t, "0.0.0.0/0", "198.51.100.1", "3356", true, ER_PROTO_BGP, 0);
    add(t, "20.0.0.0/16", "203.0.113.2", "12076", true, ER_PROTO_BGP, 0);
    add(t, "2603:1000::/40", "2001:db8::2", "12076", true, ER_PROTO_BGP, 0);
    er_analysis *a = run(c, t, NULL);
    assert_int_equal(er_analysis_finding_count(a), 0);
    const er_service_result *r = er_analysis_service(a, 0);
    /* the nested /25 is counted once */
    assert_true(r->v4.total == 256);
    assert_true(r->v4.by_class[ER_PC_EXPRESSROUTE] == 256);
    assert_true(r->v6.total == ((er_u128)1 << 80));
    assert_true(r->v6.by_class[ER_PC_EXPRESSROUTE] == ((er_u128)1 << 80));
    assert_int_equal(r->n_prefixes_v4, 1);
    assert_true(er_counts_share(&r->v4, ER_PC_EXPRESSROUTE) == 1.0);
    assert_int_equal(er_analysis_max_severity(a), ER_SEV_NONE);
    er_analysis_free(a);
    er_rtable_free(t);
    er_catalog_free(c);
}

static void test_unrouted_and_no_er_route(void **state)
{
    (void)state;
    er_catalog *c = new_catalog("Svc=20.0.0.0/23");
    er_rtable *t = new_table();
    add(t, "20.0.0.0/24", "198.51.100.1", "3356 8075", true, ER_PROTO_BGP, 0);
    er_analysis *a = run(c, t, NULL);
    const er_service_result *r = er_analysis_service(a, 0);
    assert_true(r->v4.by_class[ER_PC_UNROUTED] == 256);
    assert_true(r->v4.by_class[ER_PC_INTERNET] == 256);
    const er_finding *f = only_leak(a);
    assert_int_equal(f->reason, ER_LEAK_NO_ER_ROUTE);
    er_analysis_free(a);
    er_rtable_free(t);
    er_catalog_free(c);
}

/* ---- oracle ---- */

typedef struct oroute {
    er_prefix p;
    er_pathclass cls;
    bool best;
} oroute;

/* Random prefix inside base (a /20 for v4, a /116 for v6 so the space has 4096 addresses). */
static er_prefix rand_in(uint64_t *s, const er_prefix *base, int minlen)
{
    int bits = er_family_bits(base->family);
    er_prefix p = *base;
    p.len = (uint8_t)(minlen + (int)(tu_rand(s) % (uint64_t)(bits - minlen + 1)));
    p.addr = base->addr | (er_u128)(tu_rand(s) & 0xfff);
    er_prefix_mask_host(&p);
    return p;
}

static const char *class_path(er_pathclass c)
{
    return c == ER_PC_EXPRESSROUTE ? "12076" : c == ER_PC_INTERNET ? "3356 8075" : "";
}

static void oracle_case(uint64_t seed, int family)
{
    uint64_t s = seed;
    er_prefix base = family == ER_AF_V4 ? P("20.0.0.0/20") : P("2603:1000::/116");
    int bits = er_family_bits(family);
    size_t nr = 1 + tu_rand(&s) % 40;
    oroute *rs = calloc(nr + 2, sizeof *rs);
    er_rtable *t = new_table();
    size_t k = 0;
    if (tu_rand(&s) % 2) { /* a default route sometimes */
        rs[k].p = family == ER_AF_V4 ? P("0.0.0.0/0") : P("::/0");
        rs[k].cls = ER_PC_INTERNET;
        rs[k].best = true;
        k++;
    }
    for (; k < nr; k++) {
        rs[k].p = (tu_rand(&s) % 8 == 0 && k) ? rs[tu_rand(&s) % k].p /* duplicate */
                                               : rand_in(&s, &base, bits - 12 - 2);
        static const er_pathclass pick[] = {ER_PC_EXPRESSROUTE, ER_PC_INTERNET, ER_PC_DISCARD};
        rs[k].cls = pick[tu_rand(&s) % 3];
        rs[k].best = tu_rand(&s) % 5 != 0;
    }
    char pfx[64];
    for (size_t i = 0; i < k; i++) {
        er_prefix_format(&rs[i].p, pfx, sizeof pfx);
        add(t, pfx, NULL, class_path(rs[i].cls), rs[i].best, ER_PROTO_BGP,
            rs[i].cls == ER_PC_DISCARD ? ER_RF_DISCARD : 0);
    }
    /* two services with random (possibly nested, duplicated) prefixes */
    char spec[4096];
    size_t o = 0;
    er_prefix svc[2][8];
    size_t ns[2];
    for (int j = 0; j < 2; j++) {
        ns[j] = 1 + tu_rand(&s) % 8;
        o += (size_t)snprintf(spec + o, sizeof spec - o, "%sS%d=", j ? ";" : "", j);
        for (size_t i = 0; i < ns[j]; i++) {
            svc[j][i] = rand_in(&s, &base, bits - 12);
            er_prefix_format(&svc[j][i], pfx, sizeof pfx);
            o += (size_t)snprintf(spec + o, sizeof spec - o, "%s%s", i ? "," : "", pfx);
        }
    }
    er_catalog *c = new_catalog(spec);
    er_analysis *a = run(c, t, NULL);

    /* Brute force every address of the /20 (or /116). */
    er_counts want[2], total;
    memset(want, 0, sizeof want);
    memset(&total, 0, sizeof total);
    er_u128 leak_addrs[2] = {0, 0};
    for (uint32_t x = 0; x < 4096; x++) {
        er_u128 addr = base.addr + x;
        er_prefix host = {addr, (uint8_t)bits, (uint8_t)family};
        int bestlen = -1;
        er_pathclass cls = ER_PC_UNROUTED;
        for (size_t i = 0; i < k; i++) /* first best route per prefix, longest wins */
            if (rs[i].best && er_prefix_contains(&rs[i].p, &host) && rs[i].p.len > bestlen) {
                bestlen = rs[i].p.len;
                cls = rs[i].cls;
            }
        bool any = false;
        for (int j = 0; j < 2; j++) {
            bool in = false;
            for (size_t i = 0; i < ns[j]; i++)
                in |= er_prefix_contains(&svc[j][i], &host);
            if (in) {
                want[j].by_class[cls]++;
                want[j].total++;
                if (cls == ER_PC_INTERNET)
                    leak_addrs[j]++;
                any = true;
            }
        }
        if (any) {
            total.by_class[cls]++;
            total.total++;
        }
    }
    er_u128 found_leaks[2] = {0, 0};
    for (size_t i = 0; i < er_analysis_finding_count(a); i++) {
        const er_finding *f = er_analysis_finding(a, i);
        const er_service *sv = er_catalog_service(c, f->service);
        found_leaks[sv->name[1] - '0'] += f->addresses;
    }
    for (int j = 0; j < 2; j++) {
        const er_service_result *r = er_analysis_service(a, (size_t)j);
        const er_counts *got = family == ER_AF_V4 ? &r->v4 : &r->v6;
        const er_service *sv = er_catalog_service(c, r->service);
        int idx = sv->name[1] - '0';
        for (int cl = 0; cl < ER_PC_COUNT; cl++) {
            if (got->by_class[cl] != want[idx].by_class[cl])
                fail_msg("seed %llu family %d service %d class %s: got %llu want %llu",
                         (unsigned long long)seed, family, idx, er_pathclass_name(cl),
                         (unsigned long long)got->by_class[cl],
                         (unsigned long long)want[idx].by_class[cl]);
        }
        assert_true(got->total == want[idx].total);
        assert_true(found_leaks[idx] == leak_addrs[idx]);
    }
    const er_counts *tot = er_analysis_total(a, family);
    for (int cl = 0; cl < ER_PC_COUNT; cl++)
        assert_true(tot->by_class[cl] == total.by_class[cl]);
    er_analysis_free(a);
    er_catalog_free(c);
    er_rtable_free(t);
    free(rs);
}

static void test_coverage_oracle(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 600; seed++) {
        oracle_case(seed * 7919, ER_AF_V4);
        oracle_case(seed * 104729, ER_AF_V6);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_as_path_first_public),
        cmocka_unit_test(test_classify_defaults),
        cmocka_unit_test(test_leak_more_specific),
        cmocka_unit_test(test_leak_best_path_and_default),
        cmocka_unit_test(test_no_leak_when_covered),
        cmocka_unit_test(test_unrouted_and_no_er_route),
        cmocka_unit_test(test_coverage_oracle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
