/* Parsers of the cisco-arista batch (NX-OS, IOS-XR, ASA, EOS) on the fixtures in
 * tests/fixtures/{nxos,xr,asa,eos}, inline edge cases and hostile inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erready/routes.h"
#include "testutil.h"

/* ---- helpers ---- */

/* One route as text: "LINE VRF PREFIX [nh=..] [if=..] PROTO best|- [d=] [m=] [lp=]
 * [as=".."] [c=".."] [discard] [hostbits]". */
static void render(const er_rtable *t, const er_route *r, char *buf, size_t size)
{
    char pfx[ER_PREFIX_STRLEN], nh[ER_PREFIX_STRLEN];
    size_t n = 0;
    er_prefix_format(&r->prefix, pfx, sizeof pfx);
#define ADD(...) n += (size_t)snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__)
    ADD("%u %.*s %s", r->line, r->vrf.len ? (int)r->vrf.len : 1,
        r->vrf.len ? er_rtable_str(t, r->vrf) : "-", pfx);
    if (r->flags & ER_RF_HAS_NH) {
        er_addr_format(r->next_hop, r->nh_family ? r->nh_family : r->prefix.family, nh, sizeof nh);
        ADD(" nh=%s", nh);
    }
    if (r->iface.len)
        ADD(" if=%.*s", (int)r->iface.len, er_rtable_str(t, r->iface));
    ADD(" %s %s", er_proto_name((er_proto)r->proto), (r->flags & ER_RF_BEST) ? "best" : "-");
    if (r->flags & ER_RF_HAS_DISTANCE)
        ADD(" d=%u", r->distance);
    if (r->flags & ER_RF_HAS_METRIC)
        ADD(" m=%u", r->metric);
    if (r->flags & ER_RF_HAS_LOCPREF)
        ADD(" lp=%u", r->locpref);
    if (r->as_path.len)
        ADD(" as=\"%.*s\"", (int)r->as_path.len, er_rtable_str(t, r->as_path));
    if (r->communities.len)
        ADD(" c=\"%.*s\"", (int)r->communities.len, er_rtable_str(t, r->communities));
    if (r->flags & ER_RF_DISCARD)
        ADD(" discard");
    if (r->flags & ER_RF_HOSTBITS)
        ADD(" hostbits");
#undef ADD
}

typedef struct run {
    er_rtable *t;
    er_diags *d;
    er_status st;
    er_parse_stats stats;
    const char *format;
} run;

static void run_buf(run *r, const char *name, const char *buf, size_t len, const char *parser,
                    const char *vrf)
{
    r->t = er_rtable_new();
    r->d = er_diags_new(0);
    assert_non_null(r->t);
    assert_non_null(r->d);
    const er_parser *p = parser ? er_parser_find(parser) : NULL;
    if (parser)
        assert_non_null(p);
    r->st = er_rtable_load_buffer(r->t, name, buf, len, p, vrf, r->d);
    const er_rfile *f = er_rtable_file(r->t, 0);
    assert_non_null(f);
    r->stats = f->stats;
    r->format = f->format;
}

static void run_free(run *r)
{
    er_rtable_free(r->t);
    er_diags_free(r->d);
}

static size_t count_lines(const char *buf, size_t len)
{
    size_t n = 0;
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    while (er_lines_next(&it, &s, &e))
        n++;
    return n;
}

static size_t diag_count(const er_diags *d, er_diag_level lv)
{
    size_t n = 0;
    for (size_t i = 0; i < er_diags_count(d); i++)
        n += er_diags_get(d, i)->level == lv;
    return n;
}

static bool has_diag(const er_diags *d, er_diag_level lv, uint32_t line, const char *needle)
{
    for (size_t i = 0; i < er_diags_count(d); i++) {
        const er_diag *g = er_diags_get(d, i);
        if (g->level == lv && (line == 0 || g->line == line) && strstr(g->msg, needle))
            return true;
    }
    return false;
}

static void print_diags(const er_diags *d)
{
    for (size_t i = 0; i < er_diags_count(d); i++) {
        const er_diag *g = er_diags_get(d, i);
        printf("  diag %d %u:%u %s\n", g->level, g->line, g->col, g->msg);
    }
}

static char *read_fixture(const char *rel, size_t *len)
{
    char *b = tu_read_file(tu_path("%s/tests/fixtures/%s", tu_src_dir(), rel), len);
    if (!b)
        printf("cannot read fixture %s (ERREADY_SRC=%s)\n", rel, tu_src_dir());
    assert_non_null(b);
    return b;
}

/* Every line accounted for exactly once. */
static void check_invariants(const run *r, const char *buf, size_t len)
{
    assert_int_equal(r->stats.lines, count_lines(buf, len));
    assert_int_equal(r->stats.lines, r->stats.understood + r->stats.skipped);
    assert_int_equal(r->stats.routes, er_rtable_count(r->t));
    size_t best = 0;
    for (size_t i = 0; i < er_rtable_count(r->t); i++)
        best += (er_rtable_get(r->t, i)->flags & ER_RF_BEST) != 0;
    assert_int_equal(r->stats.best, best);
    /* Text formats: each skipped line carries a warning or an error. JSON formats: a
     * document that does not parse is one error and all its lines are skipped. */
    size_t warn = diag_count(r->d, ER_DIAG_WARNING), err = diag_count(r->d, ER_DIAG_ERROR);
    if (r->format && strstr(r->format, "json"))
        assert_true(r->stats.skipped == 0 || (err >= 1 && r->stats.skipped == r->stats.lines));
    else
        assert_true(warn + err >= r->stats.skipped);
}

static void assert_routes(const run *r, const char *const *exp, size_t n_exp)
{
    char got[512];
    size_t n = er_rtable_count(r->t);
    bool dump = getenv("CA_DUMP") != NULL;
    for (size_t i = 0; i < n; i++) {
        render(r->t, er_rtable_get(r->t, i), got, sizeof got);
        if (dump)
            printf("        \"%s\",\n", got);
        else if (i < n_exp && strcmp(got, exp[i]) != 0)
            printf("route %zu\n  got: %s\n  exp: %s\n", i, got, exp[i]);
        if (!dump && i < n_exp)
            assert_string_equal(got, exp[i]);
    }
    if (!dump)
        assert_int_equal(n, n_exp);
}

/* ---- fixtures with exact expectations ---- */

typedef struct fixture {
    const char *file;
    const char *parser;
    uint64_t lines, skipped, routes, best;
    size_t warnings; /* warnings expected on a clean parse (host bits, guesses) */
    const char *const *exp;
    size_t n_exp;
} fixture;

#define EXP(name) name, ER_ARRAY_LEN(name)

static const char *const nxos_route[] = {
    "9 - 0.0.0.0/0 nh=192.0.2.1 if=Eth1/49 ebgp best d=20 m=0",
    "10 - 0.0.0.0/0 nh=192.0.2.5 if=Eth1/50 ebgp best d=20 m=0",
    "12 - 10.0.0.0/8 if=Null0 static best d=1 m=0 discard",
    "13 - 10.0.0.0/8 nh=10.255.0.1 if=Eth1/1 ospf - d=110 m=41",
    "15 - 10.20.0.0/24 nh=10.20.0.1 if=Vlan20 connected best d=0 m=0",
    "17 - 10.20.0.1/32 nh=10.20.0.1 if=Vlan20 local best d=0 m=0",
    "19 - 13.107.6.152/31 nh=10.255.0.9 if=Eth1/2 ibgp best d=200 m=0",
    "21 - 52.96.0.0/14 nh=10.255.0.9 ebgp best d=20 m=0",
    "30 EXPRESSROUTE 40.64.0.0/10 nh=10.255.1.1 if=Eth1/51.100 ebgp best d=20 m=0",
    "31 EXPRESSROUTE 40.64.0.0/10 nh=10.255.1.5 if=Eth1/52.100 ebgp best d=20 m=0",
    "33 EXPRESSROUTE 104.146.128.0/17 nh=10.255.1.1 if=Eth1/51.100 ebgp - d=20 m=0",
    "35 EXPRESSROUTE 192.168.50.16/28 nh=10.255.1.1 if=Eth1/51.100 static best d=1 m=0",
};

static const char *const nxos_route6[] = {
    "7 - ::/0 nh=2001:db8:ff::1 if=Eth1/49 ebgp best d=20 m=0",
    "9 - 2001:db8:10::/64 nh=2001:db8:10::1 if=Vlan10 connected best d=0 m=0",
    "11 - 2001:db8:10::1/128 nh=2001:db8:10::1 if=Vlan10 local best d=0 m=0",
    "13 - 2603:1000::/25 nh=fe80::5:73ff:fea0:1 if=Eth1/51 ebgp best d=20 m=0",
    "14 - 2603:1000::/25 nh=fe80::5:73ff:fea0:2 if=Eth1/52 ebgp best d=20 m=0",
    "22 mgmt 2001:db8:aaaa::/48 nh=2001:db8:aaaa::1 static best d=1 m=0",
};

static const char *const nxos_bgp[] = {
    "8 - 0.0.0.0/0 nh=192.0.2.1 ebgp best as=\"65001\"",
    "9 - 0.0.0.0/0 nh=192.0.2.5 ebgp best as=\"65001\"",
    "10 - 10.20.0.0/16 bgp best lp=100",
    "11 - 10.20.1.0/24 nh=10.255.0.2 ibgp best m=0 lp=100",
    "12 - 13.107.6.152/31 nh=10.255.1.1 ebgp best m=0 as=\"12076 12076\"",
    "13 - 13.107.6.152/31 nh=10.255.0.9 ibgp - m=0 lp=200 as=\"12076\"",
    "14 - 23.103.160.0/20 nh=198.51.100.9 ebgp - as=\"64999 3356 8075\"",
    "23 EXPRESSROUTE 40.64.0.0/10 nh=10.255.1.1 ebgp best as=\"12076\"",
    "24 EXPRESSROUTE 40.64.0.0/10 nh=10.255.1.5 ebgp best as=\"12076\"",
    ("25 EXPRESSROUTE 104.146.128.0/17 nh=10.255.1.1 ebgp best m=4294967295 "
     "as=\"12076 {65515,65516}\""),
};

static const char *const nxos_bgp6[] = {
    "8 - ::/0 nh=2001:db8:ff::1 ebgp best as=\"65001\"",
    "9 - 2603:1000::/25 nh=2001:db8:ff::5 ebgp best as=\"12076\"",
    "11 - 2603:1000::/25 nh=2001:db8:ff::9 ebgp best as=\"12076\"",
    "12 - 2001:db8:10::/48 nh=2001:db8:1:2:3:4:5:6 ibgp best m=0 lp=100",
};

static const char *const nxos_bgp_detail[] = {
    "8 - 52.96.0.0/14 nh=10.255.1.1 ebgp best lp=100 as=\"12076\" c=\"12076:51004 12076:52004\"",
    "14 - 52.96.0.0/14 nh=10.255.0.9 ibgp - m=0 lp=100 as=\"12076\" c=\"12076:51004\"",
    "31 EXPRESSROUTE 2603:1000::/25 nh=2001:db8:ff::5 ebgp best lp=100 as=\"12076\"",
};

static const char *const nxos_fwd6[] = {
    "6 CUST-A ::/0 nh=fe80::1 if=Ethernet1/49 unknown best",
    "7 CUST-A ::/0 nh=fe80::2 if=Ethernet1/50 unknown best",
    "8 CUST-A 2001:db8:10::/64 if=Vlan10 connected best",
    "9 CUST-A 2001:db8:10::1/128 if=sup-eth1 local best",
    "10 CUST-A 2001:db8:dead::/48 if=Null0 unknown best discard",
};

static const char *const xr_route[] = {
    "19 - 0.0.0.0/0 nh=203.0.113.1 static best d=1 m=0",
    "20 - 13.64.0.0/11 nh=192.0.2.21 bgp best d=20 m=0",
    "21 - 13.64.0.0/11 nh=192.0.2.25 bgp best d=20 m=0",
    "22 - 10.40.0.0/16 nh=10.1.1.2 if=Bundle-Ether1 ospf best d=110 m=20",
    "23 - 10.40.0.0/16 nh=10.1.2.2 if=Bundle-Ether2 ospf - d=110 m=20",
    "24 - 10.1.1.0/30 if=Bundle-Ether1 connected best",
    "25 - 10.1.1.1/32 if=Bundle-Ether1 local best",
    "26 - 192.0.2.128/25 if=Null0 static best discard",
    "27 - 10.255.0.7/32 nh=10.1.1.2 if=Bundle-Ether1 isis best d=115 m=20",
    "44 ER-MSFT 40.64.0.0/10 nh=10.250.0.1 bgp best d=20 m=0",
    "45 ER-MSFT 52.96.0.0/14 nh=10.255.0.9 bgp best d=200 m=0",
    "46 ER-MSFT 10.250.0.0/30 if=TenGigE0/0/0/5.100 connected best",
    "47 ER-MSFT 10.250.0.2/32 if=TenGigE0/0/0/5.100 local best",
};

static const char *const xr_route6[] = {
    "17 - ::/0 nh=fe80::1 if=TenGigE0/0/0/0 static best d=1 m=0",
    "19 - 2603:1000::/25 nh=fe80::5:73ff:fea0:1 if=TenGigE0/0/0/1 bgp best d=20 m=0",
    "20 - 2603:1000::/25 nh=fe80::5:73ff:fea0:2 if=TenGigE0/0/0/2 bgp best d=20 m=0",
    "21 - 2001:db8:10::/64 if=Bundle-Ether10 connected best",
    "23 - 2001:db8:10::1/128 if=Bundle-Ether10 local best",
    "25 - 2001:db8:1234::/48 nh=2001:db8::9 bgp best d=200 m=0",
};

static const char *const xr_detail[] = {
    "9 - 52.96.0.0/14 nh=10.250.0.1 bgp best d=20 m=0",
    "11 - 52.96.0.0/14 nh=10.250.0.5 bgp - d=20 m=0",
    "22 ER-MSFT 10.250.0.0/30 if=TenGigE0/0/0/5.100 connected best d=0 m=0",
};

static const char *const xr_bgp[] = {
    "18 ER-MSFT 40.64.0.0/10 nh=10.250.0.1 ebgp best as=\"12076\"",
    "19 ER-MSFT 40.64.0.0/10 nh=10.250.0.5 ebgp - as=\"12076\"",
    "20 ER-MSFT 52.96.0.0/14 nh=10.255.0.9 ibgp best m=0 lp=100 as=\"12076\"",
    "21 ER-MSFT 10.250.0.0/30 bgp best m=0",
    "23 65010:200 172.16.0.0/16 nh=10.255.0.20 ibgp best m=0 lp=100",
    "24 65010:200 192.0.2.0/24 nh=10.255.0.21 ibgp - m=0 lp=100 as=\"64512\"",
};

static const char *const xr_bgp6[] = {
    "13 - ::/0 nh=2001:db8:ff::1 ebgp best as=\"65001\"",
    "14 - 2603:1000::/25 nh=2001:db8:ff::5 ebgp best as=\"12076\"",
    "15 - 2603:1010:100::/40 nh=2001:db8:ff::5 ebgp best as=\"12076 12076\"",
    "17 - 2001:db8:1234::/48 nh=2001:db8::9 ibgp best m=0 lp=100",
    "18 - 2001:db8:abcd:ef01::/64 nh=2001:db8:0:1:2:3:4:5 ibgp best m=0 lp=100 as=\"65020\"",
};

static const char *const asa_route[] = {
    "13 - 0.0.0.0/0 nh=203.0.113.1 if=outside static best d=1 m=0",
    "14 - 0.0.0.0/0 nh=10.0.0.1 if=inside static best d=255 m=0",
    "15 - 13.64.0.0/11 nh=192.0.2.21 bgp best d=20 m=0",
    "16 - 13.64.0.0/11 nh=192.0.2.25 bgp best d=20 m=0",
    "17 - 10.0.0.0/24 if=inside connected best",
    "18 - 10.0.0.254/32 if=inside local best",
    "19 - 10.40.0.0/16 nh=10.0.0.2 if=inside ospf best d=110 m=20",
    "20 - 52.96.0.0/14 nh=10.10.10.1 if=er-msft static best d=1 m=0",
    "21 - 172.31.4.0/24 if=outside other best",
    "23 - 192.168.99.0/24 nh=10.0.0.3 if=inside static best d=1 m=0",
    "38 mgmt-only 0.0.0.0/0 nh=192.168.1.1 if=management static best d=1 m=0",
    "39 mgmt-only 192.168.1.0/24 if=management connected best",
    "40 mgmt-only 192.168.1.10/32 if=management local best",
};

static const char *const asa_route6[] = {
    "8 - fe80::/10 if=inside local best d=0 m=0",
    "9 - fe80::/10 if=outside local best d=0 m=0",
    "11 - 2001:db8:10::/64 if=inside connected best d=0 m=0",
    "13 - 2001:db8:10::1/128 if=inside local best d=0 m=0",
    "15 - ::/0 nh=2001:db8:f::1 if=outside static best d=1 m=0",
    "17 - 2603:1000::/25 nh=fe80::5:73ff:fea0:1 if=outside bgp best d=20 m=0",
    "19 - 2001:db8:40::/48 nh=fe80::2 if=inside ospf best d=110 m=20",
};

static const char *const eos_route[] = {
    "17 - 0.0.0.0/0 nh=192.0.2.1 if=Ethernet49/1 ebgp best d=200 m=0",
    "18 - 0.0.0.0/0 nh=192.0.2.5 if=Ethernet50/1 ebgp best d=200 m=0",
    "20 - 13.64.0.0/11 nh=10.250.0.1 if=Ethernet1/1 ebgp best d=200 m=0",
    "21 - 10.40.0.0/16 nh=10.1.1.2 if=Vlan4094 ospf best d=110 m=20",
    "22 - 10.1.1.0/30 if=Vlan4094 connected best",
    "23 - 10.20.0.0/16 if=Null0 bgp best discard",
    "24 - 10.255.0.7/32 nh=10.1.1.2 if=Vlan4094 isis best d=115 m=20",
    "26 - 52.96.0.0/14 nh=10.255.0.9 if=Ethernet2/1 ibgp best d=200 m=0",
    "27 - 52.96.0.0/14 nh=10.255.0.10 if=Ethernet3/1 ibgp best d=200 m=0",
    "44 ER-MSFT 40.64.0.0/10 nh=10.250.0.1 if=Ethernet1/1.100 ebgp best d=200 m=0",
    "45 ER-MSFT 104.146.128.0/17 nh=10.250.0.1 if=Ethernet1/1.100 static best d=1 m=0",
    "46 ER-MSFT 10.250.0.0/30 if=Ethernet1/1.100 connected best",
};

static const char *const eos_route6[] = {
    "13 - ::/0 nh=2001:db8:ff::1 if=Ethernet49/1 static best d=1 m=0",
    "15 - 2603:1000::/25 nh=fe80::5:73ff:fea0:1 if=Ethernet1/1 ebgp best d=200 m=0",
    "16 - 2603:1000::/25 nh=fe80::5:73ff:fea0:2 if=Ethernet2/1 ebgp best d=200 m=0",
    "18 - 2001:db8:10::/64 if=Vlan10 connected best d=0 m=0",
    "20 - 2001:db8:20::/64 nh=fe80::1:2 if=Vlan4094 ospf best d=110 m=20",
};

static const char *const eos_bgp[] = {
    "12 - 0.0.0.0/0 nh=192.0.2.1 bgp best m=0 lp=100 as=\"65001\"",
    "13 - 0.0.0.0/0 nh=192.0.2.5 bgp best m=0 lp=100 as=\"65001\"",
    "14 - 13.64.0.0/11 nh=10.250.0.1 bgp best m=0 lp=100 as=\"12076\"",
    "15 - 13.64.0.0/11 nh=10.255.0.9 bgp - m=0 lp=100 as=\"12076 12076\"",
    "16 - 10.20.0.0/16 bgp best",
    "17 - 23.103.160.0/20 nh=198.51.100.9 bgp - lp=100 as=\"64999 3356 8075\"",
    "18 - 10.20.1.0/24 nh=10.255.0.2 bgp best m=0 lp=100",
    "30 ER-MSFT 40.64.0.0/10 nh=10.250.0.1 bgp best m=0 lp=100 as=\"12076\"",
};

static const char *const eos_bgp6[] = {
    "12 - 2603:1000::/25 nh=fe80::5:73ff:fea0:1 if=Et1/1 bgp best m=0 lp=100 as=\"12076\"",
    "13 - 2603:1000::/25 nh=2001:db8:ff::5 bgp - m=0 lp=100 as=\"65001 12076\"",
    "14 - 2001:db8:10::/48 bgp best",
};

static const char *const eos_route_json[] = {
    "6 - 0.0.0.0/0 nh=192.0.2.1 if=Ethernet49/1 ebgp best d=200 m=0",
    "6 - 0.0.0.0/0 nh=192.0.2.5 if=Ethernet50/1 ebgp best d=200 m=0",
    "25 - 10.1.1.0/30 if=Vlan4094 connected best",
    "37 - 10.20.0.0/16 bgp best discard",
    "45 - 10.40.0.0/16 nh=10.1.1.2 if=Vlan4094 ospf best d=110 m=20",
    "60 - 23.103.160.0/20 nh=198.51.100.9 if=Ethernet49/1 ebgp - d=200 m=0",
    "83 ER-MSFT 40.64.0.0/10 nh=10.250.9.9 ibgp best d=200 m=0",
    "99 ER-MSFT 104.146.128.0/17 nh=10.250.0.1 if=Ethernet1/1.100 static best d=1 m=0",
};

static const char *const eos_route6_json[] = {
    "5 - ::/0 nh=2001:db8:ff::1 if=Ethernet49/1 static best d=1 m=0",
    "8 - 2603:1000::/25 nh=fe80::5:73ff:fea0:1 if=Ethernet1/1 ebgp best d=200 m=0",
    "8 - 2603:1000::/25 nh=fe80::5:73ff:fea0:2 if=Ethernet2/1 ebgp best d=200 m=0",
    "12 - 2001:db8:10::/64 if=Vlan10 connected best",
};

static const char *const eos_bgp_json[] = {
    "8 - 0.0.0.0/0 nh=192.0.2.1 ebgp best m=0 lp=100 as=\"65001\"",
    "8 - 0.0.0.0/0 nh=192.0.2.5 ebgp best m=0 lp=100 as=\"65001\"",
    ("35 - 13.64.0.0/11 nh=10.250.0.1 ebgp best m=0 lp=100 as=\"12076\" "
     "c=\"12076:51004 12076:52004\""),
    "35 - 13.64.0.0/11 nh=10.255.0.9 ibgp - m=0 lp=100 as=\"12076 12076\"",
    "65 - 10.20.0.0/16 bgp best lp=100",
    "88 ER-MSFT 40.64.0.0/10 nh=10.250.0.1 ebgp best m=5 lp=200 as=\"12076\" c=\"12076:51006\"",
};

static const char *const eos_bgp6_json[] = {
    "2 - 2603:1000::/25 nh=fe80::5:73ff:fea0:1 ebgp best m=0 lp=100 as=\"12076\"",
    "2 - 2603:1000::/25 nh=2001:db8:ff::5 ebgp - m=0 lp=100 as=\"65001 12076\"",
};

static const fixture fixtures[] = {
    {"nxos/show_ip_route_vrf_all.txt", "nxos-route", 35, 0, 12, 10, 0, EXP(nxos_route)},
    {"nxos/show_ipv6_route.txt", "nxos-route", 22, 0, 6, 6, 0, EXP(nxos_route6)},
    {"nxos/show_ip_bgp_vrf_all.txt", "nxos-bgp", 25, 0, 10, 8, 0, EXP(nxos_bgp)},
    {"nxos/show_bgp_ipv6_unicast.txt", "nxos-bgp", 13, 0, 4, 4, 0, EXP(nxos_bgp6)},
    {"nxos/show_ip_bgp_detail.txt", "nxos-bgp", 36, 0, 3, 2, 0, EXP(nxos_bgp_detail)},
    {"nxos/show_forwarding_ipv6_route.txt", "nxos-forwarding", 10, 0, 5, 5, 0, EXP(nxos_fwd6)},
    {"xr/show_route_vrf_all.txt", "xr-route", 53, 0, 13, 12, 0, EXP(xr_route)},
    {"xr/show_route_ipv6.txt", "xr-route", 25, 0, 6, 6, 0, EXP(xr_route6)},
    {"xr/show_route_detail.txt", "xr-route", 25, 0, 3, 2, 0, EXP(xr_detail)},
    {"xr/show_bgp_vpnv4_unicast.txt", "xr-bgp", 26, 0, 6, 4, 0, EXP(xr_bgp)},
    {"xr/show_bgp_ipv6_unicast.txt", "xr-bgp", 22, 0, 5, 5, 0, EXP(xr_bgp6)},
    {"asa/show_route.txt", "asa-route", 40, 0, 13, 13, 0, EXP(asa_route)},
    {"asa/show_ipv6_route.txt", "asa-route", 19, 0, 7, 7, 0, EXP(asa_route6)},
    {"eos/show_ip_route_vrf_all.txt", "eos-route", 46, 0, 12, 12, 0, EXP(eos_route)},
    {"eos/show_ipv6_route.txt", "eos-route", 20, 0, 5, 5, 0, EXP(eos_route6)},
    {"eos/show_ip_bgp_vrf_all.txt", "eos-bgp", 30, 0, 8, 6, 0, EXP(eos_bgp)},
    {"eos/show_bgp_ipv6_unicast.txt", "eos-bgp", 14, 0, 3, 2, 0, EXP(eos_bgp6)},
    {"eos/show_ip_route_vrf_all.json", "eos-route-json", 122, 0, 8, 7, 0, EXP(eos_route_json)},
    {"eos/show_ipv6_route.json", "eos-route-json", 19, 0, 4, 4, 0, EXP(eos_route6_json)},
    {"eos/show_ip_bgp_vrf_all.json", "eos-bgp-json", 109, 0, 6, 5, 0, EXP(eos_bgp_json)},
    {"eos/show_bgp_ipv6_unicast.json", "eos-bgp-json", 8, 0, 2, 1, 0, EXP(eos_bgp6_json)},
};

static void test_fixtures(void **state)
{
    (void)state;
    for (size_t i = 0; i < ER_ARRAY_LEN(fixtures); i++) {
        const fixture *f = &fixtures[i];
        size_t len;
        char *buf = read_fixture(f->file, &len);
        printf("fixture %s\n", f->file);
        /* Detection picks the right parser. */
        const er_parser *det = er_detect_format(buf, len < 65536 ? len : 65536);
        assert_non_null(det);
        assert_string_equal(det->name, f->parser);
        run r;
        run_buf(&r, f->file, buf, len, NULL, NULL);
        if (r.st != ER_OK || getenv("CA_DUMP"))
            print_diags(r.d);
        assert_int_equal(r.st, ER_OK);
        assert_string_equal(r.format, f->parser);
        check_invariants(&r, buf, len);
        assert_int_equal(r.stats.lines, f->lines);
        assert_int_equal(r.stats.skipped, f->skipped);
        assert_int_equal(r.stats.routes, f->routes);
        assert_int_equal(r.stats.best, f->best);
        assert_int_equal(diag_count(r.d, ER_DIAG_WARNING), f->warnings);
        assert_int_equal(diag_count(r.d, ER_DIAG_ERROR), 0);
        assert_routes(&r, f->exp, f->n_exp);
        run_free(&r);
        free(buf);
    }
}

/* The VRF filter keeps one VRF; "default" selects the routes without a VRF name. */
static void test_vrf_filter(void **state)
{
    (void)state;
    static const struct {
        const char *file, *vrf;
        size_t routes;
    } cases[] = {
        {"nxos/show_ip_route_vrf_all.txt", "EXPRESSROUTE", 4},
        {"nxos/show_ip_route_vrf_all.txt", "default", 8},
        {"nxos/show_ip_route_vrf_all.txt", "nosuch", 0},
        {"xr/show_route_vrf_all.txt", "ER-MSFT", 4},
        {"xr/show_bgp_vpnv4_unicast.txt", "65010:200", 2},
        {"eos/show_ip_bgp_vrf_all.txt", "ER-MSFT", 1},
        {"eos/show_ip_route_vrf_all.json", "default", 6},
        {"asa/show_route.txt", "mgmt-only", 3},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(cases); i++) {
        size_t len;
        char *buf = read_fixture(cases[i].file, &len);
        run r;
        run_buf(&r, cases[i].file, buf, len, NULL, cases[i].vrf);
        assert_int_equal(er_rtable_count(r.t), cases[i].routes);
        check_invariants(&r, buf, len);
        for (size_t k = 0; k < er_rtable_count(r.t); k++) {
            const er_route *rt = er_rtable_get(r.t, k);
            if (strcmp(cases[i].vrf, "default") == 0)
                assert_int_equal(rt->vrf.len, 0);
            else
                assert_string_equal(er_rtable_str(r.t, rt->vrf), cases[i].vrf);
        }
        run_free(&r);
        free(buf);
    }
}

/* ---- inline edge cases ---- */

typedef struct edge {
    const char *name;
    const char *parser;
    const char *text;
    er_status st;
    uint64_t skipped, routes, best;
    size_t warnings, errors;
    uint32_t diag_line;      /* a diagnostic expected on this line ... */
    const char *diag_text;   /* ... containing this text */
    const char *first_route; /* render of the first route, or NULL */
} edge;

static const edge edges[] = {
    {"nxos host bits", "nxos-route",
     "10.1.2.3/16, ubest/mbest: 1/0\n    *via 10.0.0.1, Eth1/1, [1/0], 1d, static\n", ER_OK, 0,
     1, 1, 1, 0, 1, "host bits set in 10.1.2.3/16",
     "2 - 10.1.0.0/16 nh=10.0.0.1 if=Eth1/1 static best d=1 m=0 hostbits"},
    {"nxos invalid prefix", "nxos-route",
     "10.0.0.256/24, ubest/mbest: 1/0\n    *via 10.0.0.1, Eth1/1, [1/0], 1d, static\n"
     "10.9.0.0/16, ubest/mbest: 1/0\n    *via 10.0.0.1, Eth1/1, [1/0], 1d, static\n",
     ER_ERR_PARSE, 2, 1, 1, 1, 1, 1, "invalid prefix: '10.0.0.256/24'", NULL},
    {"nxos invalid next hop", "nxos-route",
     "10.9.0.0/16, ubest/mbest: 1/0\n    *via 10.0.0.01, Eth1/1, [1/0], 1d, static\n",
     ER_ERR_PARSE, 1, 0, 0, 0, 1, 2, "invalid next hop: '10.0.0.01'", NULL},
    {"nxos via without prefix", "nxos-route",
     "IP Route Table for VRF \"default\"\n    *via 10.0.0.1, Eth1/1, [1/0], 1d, static\n"
     "10.9.0.0/16, ubest/mbest: 1/0\n    *via 10.0.0.1, Eth1/1, [1/0], 1d, static\n",
     ER_OK, 1, 1, 1, 1, 0, 2, "next hop without a prefix", NULL},
    {"nxos mbest only", "nxos-route",
     "232.0.0.0/8, ubest/mbest: 0/1\n    **via 10.0.0.1, Eth1/1, [1/0], 1d, static\n", ER_OK, 0,
     1, 0, 0, 0, 0, NULL, "2 - 232.0.0.0/8 nh=10.0.0.1 if=Eth1/1 static - d=1 m=0"},
    {"nxos-bgp collapsed blanks guess", "nxos-bgp",
     "Network Next Hop Metric LocPrf Weight Path\n"
     "*>e10.1.0.0/19 3.3.3.3 4294967295 0 12076 i\n* i 4.4.4.4 4294967295 100 0 12076 i\n",
     ER_OK, 0, 2, 1, 1, 0, 2, "guessed",
     "2 - 10.1.0.0/19 nh=3.3.3.3 ebgp best m=4294967295 as=\"12076\""},
    {"nxos-bgp invalid prefix row", "nxos-bgp",
     "   Network            Next Hop            Metric     LocPrf     Weight Path\n"
     "*>e10.1.0.0/33        10.0.0.1                                       0 12076 i\n",
     ER_ERR_PARSE, 1, 0, 0, 0, 1, 2, "invalid prefix: '10.1.0.0/33'", NULL},
    {"nxos-bgp row without origin", "nxos-bgp",
     "   Network            Next Hop            Metric     LocPrf     Weight Path\n"
     "*>e10.1.0.0/16        10.0.0.1                                       0 12076\n",
     ER_ERR_PARSE, 1, 0, 0, 1, 1, 2, "no origin code", NULL},
    {"xr-bgp processed mismatch", "xr-bgp",
     "BGP table state: Active\n   Network            Next Hop            Metric LocPrf Weight Path\n"
     "*> 10.0.0.0/8         192.0.2.1                              0 12076 i\n"
     "Processed 2 prefixes, 2 paths\n",
     ER_OK, 0, 1, 1, 1, 0, 4, "the table says 2 prefixes", NULL},
    {"xr-route backup and diversion", "xr-route",
     "O    10.0.0.0/8 [110/2] via 10.1.1.1, 1d, Gi0/0/0/0\n"
     "               [110/2] via 10.1.1.5, 1d, Gi0/0/0/1 (!)\n",
     ER_OK, 0, 2, 1, 0, 0, 0, NULL, "1 - 10.0.0.0/8 nh=10.1.1.1 if=Gi0/0/0/0 ospf best d=110 m=2"},
    {"xr-route invalid next hop", "xr-route",
     "B    10.0.0.0/8 [20/0] via 192.0.2.300, 1d\n", ER_ERR_PARSE, 1, 0, 0, 0, 1, 1,
     "invalid next hop: '192.0.2.300'", NULL},
    {"xr-route prefix without path at end", "xr-route",
     "B    10.0.0.0/8 [20/0] via 192.0.2.3, 1d\nB    2001:db8::/32 \n", ER_OK, 0, 1, 1, 1, 0, 2,
     "without its continuation line", NULL},
    {"asa non-contiguous mask", "asa-route",
     "S    10.1.0.0 255.0.255.0 [1/0] via 10.0.0.1, inside\n"
     "S    10.2.0.0 255.255.0.0 [1/0] via 10.0.0.1, inside\n",
     ER_ERR_PARSE, 1, 1, 1, 0, 1, 1, "non-contiguous netmask: '255.0.255.0'", NULL},
    {"asa host bits", "asa-route", "S    10.1.2.3 255.255.0.0 [1/0] via 10.0.0.1, inside\n", ER_OK,
     0, 1, 1, 1, 0, 1, "host bits set in 10.1.2.3/16; using 10.1.0.0/16",
     "1 - 10.1.0.0/16 nh=10.0.0.1 if=inside static best d=1 m=0 hostbits"},
    {"asa names", "asa-route",
     "S    WebFarm 255.255.255.0 [1/0] via 10.0.0.1, inside\n"
     "                           [1/0] via 10.0.0.2, inside\n"
     "S    10.2.0.0 255.255.0.0 [1/0] via 10.0.0.1, inside\n",
     ER_OK, 2, 1, 1, 2, 0, 1, "network shown by name", NULL},
    {"eos not programmed in hardware", "eos-route",
     "WARNING: Some of the routes are not programmed in\n"
     "hardware, and they are marked with '#'.\n"
     " B E #  10.0.0.0/8 [200/0] via 192.0.2.1, Ethernet1\n",
     ER_OK, 0, 1, 0, 0, 0, 0, NULL,
     "3 - 10.0.0.0/8 nh=192.0.2.1 if=Ethernet1 ebgp - d=200 m=0"},
    {"eos-bgp invalid next hop", "eos-bgp",
     " * >     10.0.0.0/8   192.0.2.999   0   100   0   12076 i\n", ER_ERR_PARSE, 1, 0, 0, 0, 1,
     1, "invalid next hop: '192.0.2.999'", NULL},
    {"eos json truncated", "eos-route-json",
     "{\n  \"vrfs\": {\n    \"default\": {\n      \"routes\": {\n        \"10.0.0.0/8\": {\n",
     ER_ERR_PARSE, 5, 0, 0, 0, 1, 5, "invalid or truncated json", NULL},
    {"eos json trailing text", "eos-route-json",
     "{\"vrfs\": {\"default\": {\"routes\": {\"10.0.0.0/8\": {\"routeType\": \"static\", "
     "\"vias\": [{\"nexthopAddr\": \"10.0.0.1\", \"interface\": \"Ethernet1\"}]}}}}}\n"
     "% Invalid input\n",
     ER_ERR_PARSE, 2, 0, 0, 0, 1, 2, "unexpected text after the json", NULL},
    {"eos json bad prefix key", "eos-route-json",
     "{\"vrfs\": {\"default\": {\"routes\": {\n\"10.0.0.0/40\": {\"routeType\": \"static\"},\n"
     "\"10.1.0.0/16\": {\"routeType\": \"static\", \"vias\": [{\"nexthopAddr\": \"10.0.0.1\"}]}}}}}\n",
     ER_ERR_PARSE, 0, 1, 1, 0, 1, 2, "invalid prefix '10.0.0.0/40'", NULL},
    {"eos json not eos", "eos-bgp-json", "{\"routes\": {}}\n", ER_ERR_PARSE, 0, 0, 0, 0, 1, 0,
     "not an EOS json document", NULL},
    {"nxos-forwarding keyword", "nxos-forwarding",
     "IPv4 routes for table default/base\n10.0.0.0/8   Bogus   Null0\n"
     "10.1.0.0/16  10.0.0.1  Ethernet1/1\n",
     ER_OK, 1, 1, 1, 1, 0, 2, "unknown next hop keyword", NULL},
};

static void test_edges(void **state)
{
    (void)state;
    for (size_t i = 0; i < ER_ARRAY_LEN(edges); i++) {
        const edge *c = &edges[i];
        printf("edge: %s\n", c->name);
        run r;
        size_t len = strlen(c->text);
        run_buf(&r, c->name, c->text, len, c->parser, NULL);
        if (getenv("CA_DUMP"))
            print_diags(r.d);
        check_invariants(&r, c->text, len);
        assert_int_equal(r.st, c->st);
        assert_int_equal(r.stats.skipped, c->skipped);
        assert_int_equal(r.stats.routes, c->routes);
        assert_int_equal(r.stats.best, c->best);
        assert_int_equal(diag_count(r.d, ER_DIAG_WARNING), c->warnings);
        /* Errors, including the loader's "no routes found" after a parse without routes. */
        assert_int_equal(diag_count(r.d, ER_DIAG_ERROR), c->errors);
        if (c->diag_text) {
            bool found = has_diag(r.d, ER_DIAG_WARNING, c->diag_line, c->diag_text) ||
                         has_diag(r.d, ER_DIAG_ERROR, c->diag_line, c->diag_text);
            if (!found)
                print_diags(r.d);
            assert_true(found);
        }
        if (c->first_route) {
            char got[512];
            assert_true(er_rtable_count(r.t) > 0);
            render(r.t, er_rtable_get(r.t, 0), got, sizeof got);
            assert_string_equal(got, c->first_route);
        }
        run_free(&r);
    }
}

/* ---- hostile inputs, over every fixture ---- */

static char *replace_all(const char *buf, size_t len, const char *from, const char *to,
                         size_t *out_len)
{
    size_t fl = strlen(from), tl = strlen(to);
    char *out = malloc(len * (tl > fl ? tl : 1) + 1);
    assert_non_null(out);
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        if (i + fl <= len && memcmp(buf + i, from, fl) == 0) {
            memcpy(out + n, to, tl);
            n += tl;
            i += fl;
        } else {
            out[n++] = buf[i++];
        }
    }
    *out_len = n;
    return out;
}

static void same_routes(const run *a, const run *b)
{
    char ra[512], rb[512];
    assert_int_equal(er_rtable_count(a->t), er_rtable_count(b->t));
    for (size_t i = 0; i < er_rtable_count(a->t); i++) {
        render(a->t, er_rtable_get(a->t, i), ra, sizeof ra);
        render(b->t, er_rtable_get(b->t, i), rb, sizeof rb);
        assert_string_equal(ra, rb);
    }
}

/* CRLF line ends and tabs after commas read exactly like the original. */
static void test_crlf_and_tabs(void **state)
{
    (void)state;
    for (size_t i = 0; i < ER_ARRAY_LEN(fixtures); i++) {
        size_t len, l2, l3;
        char *buf = read_fixture(fixtures[i].file, &len);
        char *crlf = replace_all(buf, len, "\n", "\r\n", &l2);
        char *tabs = replace_all(buf, len, ", ", ",\t", &l3);
        run a, b, c;
        run_buf(&a, "orig", buf, len, fixtures[i].parser, NULL);
        run_buf(&b, "crlf", crlf, l2, fixtures[i].parser, NULL);
        run_buf(&c, "tabs", tabs, l3, fixtures[i].parser, NULL);
        check_invariants(&b, crlf, l2);
        check_invariants(&c, tabs, l3);
        assert_int_equal(b.st, ER_OK);
        assert_int_equal(c.st, ER_OK);
        same_routes(&a, &b);
        same_routes(&a, &c);
        assert_int_equal(b.stats.skipped, 0);
        assert_int_equal(c.stats.skipped, 0);
        run_free(&a);
        run_free(&b);
        run_free(&c);
        free(crlf);
        free(tabs);
        free(buf);
    }
}

/* Cut anywhere in the last 40 bytes, a NUL byte in every line position of a few lines:
 * never a crash, every line accounted for, no more routes than the original. */
static void test_truncated_and_nul(void **state)
{
    (void)state;
    for (size_t i = 0; i < ER_ARRAY_LEN(fixtures); i++) {
        size_t len;
        char *buf = read_fixture(fixtures[i].file, &len);
        size_t full = fixtures[i].routes;
        for (size_t cut = len > 40 ? len - 40 : 0; cut < len; cut++) {
            run r;
            run_buf(&r, "cut", buf, cut, fixtures[i].parser, NULL);
            check_invariants(&r, buf, cut);
            assert_true(er_rtable_count(r.t) <= full);
            run_free(&r);
        }
        char *copy = malloc(len);
        assert_non_null(copy);
        for (size_t pos = len / 3; pos < len && pos < len / 3 + 300; pos += 7) {
            memcpy(copy, buf, len);
            copy[pos] = '\0';
            run r;
            run_buf(&r, "nul", copy, len, fixtures[i].parser, NULL);
            check_invariants(&r, copy, len);
            assert_true(er_rtable_count(r.t) <= full + 1);
            run_free(&r);
        }
        free(copy);
        free(buf);
    }
}

/* A 4 MiB line in the middle of each fixture: one line skipped (text formats) or an
 * error (JSON), everything else read, in reasonable time. */
static void test_huge_line(void **state)
{
    (void)state;
    const size_t big = 4u << 20;
    for (size_t i = 0; i < ER_ARRAY_LEN(fixtures); i++) {
        size_t len;
        char *buf = read_fixture(fixtures[i].file, &len);
        char *nl = memchr(buf, '\n', len);
        assert_non_null(nl);
        size_t head = (size_t)(nl - buf) + 1;
        char *h = malloc(len + big + 2);
        assert_non_null(h);
        memcpy(h, buf, head);
        memset(h + head, 'Z', big);
        h[head + big] = '\n';
        memcpy(h + head + big + 1, buf + head, len - head);
        size_t hl = len + big + 1;
        run r;
        run_buf(&r, "huge", h, hl, fixtures[i].parser, NULL);
        check_invariants(&r, h, hl);
        if (strstr(fixtures[i].parser, "json")) {
            assert_int_equal(r.st, ER_ERR_PARSE);
            assert_int_equal(diag_count(r.d, ER_DIAG_ERROR) >= 1, 1);
        } else {
            assert_int_equal(r.stats.skipped, 1);
            assert_int_equal(er_rtable_count(r.t), fixtures[i].routes);
        }
        run_free(&r);
        free(h);
        free(buf);
    }
    /* A huge value inside a valid EOS json document is fine. */
    static const char head[] = "{\"vrfs\": {\"default\": {\"junk\": \"";
    static const char tail[] = "\", \"routes\": {\"10.0.0.0/8\": {\"routeType\": \"static\", "
                               "\"vias\": [{\"nexthopAddr\": \"10.0.0.1\"}]}}}}}\n";
    char *j = malloc(sizeof head + big + sizeof tail);
    assert_non_null(j);
    memcpy(j, head, sizeof head - 1);
    memset(j + sizeof head - 1, 'x', big);
    memcpy(j + sizeof head - 1 + big, tail, sizeof tail - 1);
    size_t jl = sizeof head - 1 + big + sizeof tail - 1;
    run r;
    run_buf(&r, "json-huge", j, jl, "eos-route-json", NULL);
    assert_int_equal(r.st, ER_OK);
    assert_int_equal(er_rtable_count(r.t), 1);
    run_free(&r);
    free(j);
}

/* Empty input: the parsers themselves return no routes and count no lines. */
static void test_empty(void **state)
{
    (void)state;
    static const char *const names[] = {"nxos-route", "nxos-bgp", "nxos-forwarding",
                                        "xr-route", "xr-bgp", "asa-route", "eos-route",
                                        "eos-bgp", "eos-route-json", "eos-bgp-json"};
    for (size_t i = 0; i < ER_ARRAY_LEN(names); i++) {
        const er_parser *p = er_parser_find(names[i]);
        assert_non_null(p);
        assert_int_equal(p->detect("", 0), 0);
        er_rtable *t = er_rtable_new();
        er_diags *d = er_diags_new(0);
        er_parse_stats st = {0};
        er_parse_ctx ctx = {t, d, "empty", 0, &st, NULL};
        er_status s = p->parse(&ctx, "", 0);
        assert_int_equal(st.lines, 0);
        assert_int_equal(st.routes, 0);
        assert_int_equal(er_rtable_count(t), 0);
        /* Text formats read nothing; JSON formats report the missing document. */
        if (strstr(names[i], "json"))
            assert_int_equal(s, ER_ERR_PARSE);
        else
            assert_int_equal(s, ER_OK);
        er_rtable_free(t);
        er_diags_free(d);
        /* Through the loader: "file is empty". */
        run r;
        run_buf(&r, "empty", "", 0, names[i], NULL);
        assert_int_equal(r.st, ER_ERR_PARSE);
        assert_true(has_diag(r.d, ER_DIAG_ERROR, 0, "empty"));
        run_free(&r);
    }
}

/* A detector never claims another parser's fixture above that parser. */
static void test_detect_cross(void **state)
{
    (void)state;
    for (size_t i = 0; i < ER_ARRAY_LEN(fixtures); i++) {
        size_t len;
        char *buf = read_fixture(fixtures[i].file, &len);
        const er_parser *own = er_parser_find(fixtures[i].parser);
        int own_score = own->detect(buf, len);
        for (const er_parser *const *p = er_parsers(); *p; p++) {
            if (*p == own)
                continue;
            int s = (*p)->detect(buf, len);
            if (s >= own_score)
                printf("%s scores %d on %s (own %d)\n", (*p)->name, s, fixtures[i].file,
                       own_score);
            assert_true(s < own_score);
        }
        free(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),      cmocka_unit_test(test_vrf_filter),
        cmocka_unit_test(test_edges),         cmocka_unit_test(test_crlf_and_tabs),
        cmocka_unit_test(test_truncated_and_nul), cmocka_unit_test(test_huge_line),
        cmocka_unit_test(test_empty),         cmocka_unit_test(test_detect_cross),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
