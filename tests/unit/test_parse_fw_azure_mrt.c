/* Parsers of the firewall-azure-mrt batch (PAN-OS, FortiGate, Azure JSON/table/PowerShell,
 * bgpdump) on hand-written fixtures, hostile inputs, and gzip input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "testutil.h"

#include "erready/routes.h"
#include "routes/internal.h"

/* ---- helpers ---- */

typedef struct loaded {
    er_rtable *t;
    er_diags *d;
    er_status st;
    const er_rfile *f;
} loaded;

static loaded load_buf(const char *name, const char *buf, size_t len, const char *parser,
                       const char *vrf)
{
    loaded l;
    l.t = er_rtable_new();
    l.d = er_diags_new(0);
    assert_non_null(l.t);
    assert_non_null(l.d);
    const er_parser *p = NULL;
    if (parser) {
        p = er_parser_find(parser);
        assert_non_null(p);
    }
    l.st = er_rtable_load_buffer(l.t, name, buf, len, p, vrf, l.d);
    l.f = er_rtable_file(l.t, 0);
    return l;
}

static char *read_fixture(const char *rel, size_t *len)
{
    char *b = tu_read_file(tu_path("%s/tests/fixtures/%s", tu_src_dir(), rel), len);
    if (!b)
        fail_msg("cannot read fixture %s", rel);
    return b;
}

static loaded load_fixture(const char *rel, const char *parser, const char *vrf)
{
    size_t len;
    char *b = read_fixture(rel, &len);
    loaded l = load_buf(rel, b, len, parser, vrf);
    free(b);
    return l;
}

static void unload(loaded *l)
{
    er_rtable_free(l->t);
    er_diags_free(l->d);
}

static size_t count_diags(const er_diags *d, er_diag_level lvl, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < er_diags_count(d); i++) {
        const er_diag *g = er_diags_get(d, i);
        if (g->level == lvl && (!needle || strstr(g->msg, needle)))
            n++;
    }
    return n;
}

static void print_diags(const er_diags *d)
{
    for (size_t i = 0; i < er_diags_count(d) && i < 20; i++) {
        const er_diag *g = er_diags_get(d, i);
        print_message("  diag %d %u:%u %s\n", g->level, g->line, g->col, g->msg);
    }
}

static bool strref_is(const er_rtable *t, er_strref r, const char *want)
{
    if (!want)
        return r.len == 0;
    return r.len == strlen(want) && memcmp(er_rtable_str(t, r), want, r.len) == 0;
}

/* One expected route. nh NULL = no next hop. Strings NULL = absent. */
typedef struct exp_route {
    uint32_t line;
    const char *prefix;
    const char *nh;
    bool best;
    bool discard;
    er_proto proto;
    const char *iface;
    const char *as_path;
    const char *vrf;
} exp_route;

static void check_route(const er_rtable *t, size_t i, const exp_route *x)
{
    const er_route *r = er_rtable_get(t, i);
    assert_non_null(r);
    er_prefix want;
    assert_int_equal(er_prefix_parse(x->prefix, true, &want), ER_ADDR_OK);
    char got[ER_PREFIX_STRLEN];
    er_prefix_format(&r->prefix, got, sizeof got);
    if (er_prefix_cmp(&want, &r->prefix) != 0)
        fail_msg("route %zu: prefix %s, want %s", i, got, x->prefix);
    if (r->line != x->line)
        fail_msg("route %zu (%s): line %u, want %u", i, got, r->line, x->line);
    if (x->nh) {
        er_prefix nh;
        assert_int_equal(er_prefix_parse(x->nh, false, &nh), ER_ADDR_OK);
        if (!(r->flags & ER_RF_HAS_NH) || r->next_hop != nh.addr || r->nh_family != nh.family)
            fail_msg("route %zu (%s): next hop differs from %s", i, got, x->nh);
    } else if (r->flags & ER_RF_HAS_NH) {
        fail_msg("route %zu (%s): unexpected next hop", i, got);
    }
    if (!!(r->flags & ER_RF_BEST) != x->best)
        fail_msg("route %zu (%s): best %d, want %d", i, got, !!(r->flags & ER_RF_BEST), x->best);
    if (!!(r->flags & ER_RF_DISCARD) != x->discard)
        fail_msg("route %zu (%s): discard differs", i, got);
    if (r->proto != x->proto)
        fail_msg("route %zu (%s): proto %d, want %d", i, got, r->proto, x->proto);
    if (r->path_class != ER_PC_UNSET)
        fail_msg("route %zu (%s): path class set by a parser", i, got);
    if (!strref_is(t, r->iface, x->iface))
        fail_msg("route %zu (%s): iface '%.*s', want '%s'", i, got, (int)r->iface.len,
                 er_rtable_str(t, r->iface), x->iface ? x->iface : "");
    if (!strref_is(t, r->as_path, x->as_path))
        fail_msg("route %zu (%s): as path '%.*s', want '%s'", i, got, (int)r->as_path.len,
                 er_rtable_str(t, r->as_path), x->as_path ? x->as_path : "");
    if (!strref_is(t, r->vrf, x->vrf))
        fail_msg("route %zu (%s): vrf '%.*s', want '%s'", i, got, (int)r->vrf.len,
                 er_rtable_str(t, r->vrf), x->vrf ? x->vrf : "");
}

static void check_all(const loaded *l, const exp_route *x, size_t n)
{
    if (er_rtable_count(l->t) != n) {
        print_diags(l->d);
        fail_msg("%zu routes, want %zu", er_rtable_count(l->t), n);
    }
    for (size_t i = 0; i < n; i++)
        check_route(l->t, i, &x[i]);
}

static void check_stats(const loaded *l, uint64_t lines, uint64_t skipped, uint64_t routes,
                        uint64_t best)
{
    assert_non_null(l->f);
    const er_parse_stats *s = &l->f->stats;
    if (s->lines != lines || s->skipped != skipped || s->routes != routes || s->best != best ||
        s->understood + s->skipped != s->lines) {
        print_diags(l->d);
        fail_msg("stats lines %llu skipped %llu understood %llu routes %llu best %llu; want "
                 "lines %llu skipped %llu routes %llu best %llu",
                 (unsigned long long)s->lines, (unsigned long long)s->skipped,
                 (unsigned long long)s->understood, (unsigned long long)s->routes,
                 (unsigned long long)s->best, (unsigned long long)lines,
                 (unsigned long long)skipped, (unsigned long long)routes,
                 (unsigned long long)best);
    }
}

/* ---- PAN-OS ---- */

static const exp_route panos_multi[] = {
    {10, "0.0.0.0/0", "203.0.113.1", true, false, ER_PROTO_STATIC, "ethernet1/1", NULL, NULL},
    {11, "10.0.0.0/8", NULL, true, true, ER_PROTO_STATIC, NULL, NULL, NULL},
    {12, "13.64.0.0/11", "192.0.2.9", true, false, ER_PROTO_BGP, NULL, "12076", NULL},
    {13, "13.64.0.0/11", "192.0.2.13", false, false, ER_PROTO_BGP, NULL, "12076", NULL},
    {14, "20.33.0.0/16", "192.0.2.9", true, false, ER_PROTO_BGP, NULL, "12076", NULL},
    {15, "20.33.0.0/16", "192.0.2.13", true, false, ER_PROTO_BGP, NULL, "12076", NULL},
    {16, "172.16.10.0/24", "172.16.1.2", true, false, ER_PROTO_OSPF, "ae1.100", NULL, NULL},
    {17, "192.0.2.8/30", "192.0.2.10", true, false, ER_PROTO_CONNECTED, "ethernet1/3", NULL, NULL},
    {18, "192.0.2.10/32", NULL, true, false, ER_PROTO_LOCAL, NULL, NULL, NULL},
    {19, "198.51.100.0/24", "10.1.1.1", false, false, ER_PROTO_STATIC, "tunnel.1", NULL, NULL},
    {20, "2603:1000::/25", "2001:db8:ff::1", true, false, ER_PROTO_BGP, NULL, "12076", NULL},
    {21, "2001:db8:ff::/64", "2001:db8:ff::2", true, false, ER_PROTO_CONNECTED, "ethernet1/3", NULL, NULL},
    {22, "2001:db8:ff::2/128", NULL, true, false, ER_PROTO_LOCAL, NULL, NULL, NULL},
    {28, "0.0.0.0/0", "198.51.100.1", true, false, ER_PROTO_STATIC, "ethernet1/4", NULL, "vr-guest"},
    {29, "10.99.0.0/16", NULL, false, false, ER_PROTO_OTHER, NULL, NULL, "vr-guest"},
};

static void test_panos_fixture(void **state)
{
    (void)state;
    loaded l = load_fixture("panos/show_routing_route_multi_vr.txt", NULL, NULL);
    assert_int_equal(l.st, ER_OK);
    assert_string_equal(l.f->format, "panos-route");
    check_all(&l, panos_multi, ER_ARRAY_LEN(panos_multi));
    check_stats(&l, 30, 0, 15, 12);
    assert_int_equal(er_diags_count(l.d), 0);
    const er_route *r = er_rtable_get(l.t, 6);
    assert_true(r->flags & ER_RF_HAS_METRIC);
    assert_int_equal(r->metric, 20);
    unload(&l);

    /* VRF filter: the default router, then the guest router */
    l = load_fixture("panos/show_routing_route_multi_vr.txt", NULL, "default");
    assert_int_equal(l.st, ER_OK);
    check_all(&l, panos_multi, 13);
    check_stats(&l, 30, 0, 13, 11);
    unload(&l);
    l = load_fixture("panos/show_routing_route_multi_vr.txt", NULL, "vr-guest");
    assert_int_equal(l.st, ER_OK);
    check_all(&l, panos_multi + 13, 2);
    unload(&l);
}

static void test_panos_errors(void **state)
{
    (void)state;
    static const char hdr[] =
        "VIRTUAL ROUTER: default (id 1)\n"
        "  ==========\n"
        "destination                                 nexthop                                 "
        "metric flags      age   interface          next-AS    \n";
    char buf[2048];
    /* a bad prefix is an error; host bits are a warning and get masked */
    snprintf(buf, sizeof buf,
             "%s10.0.0.256/24                               192.0.2.1                               "
             "10     A S              ethernet1/1\n"
             "10.0.0.1/24                                 192.0.2.1                               "
             "10     A S              ethernet1/1\n"
             "this line is nothing\n"
             "total routes shown: 2\n",
             hdr);
    loaded l = load_buf("bad.txt", buf, strlen(buf), "panos-route", NULL);
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "bad destination prefix"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "host bits"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "not understood"), 1);
    /* the bad row still counts as a row for the trailer check */
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "lists"), 0);
    check_stats(&l, 7, 2, 1, 1);
    const er_route *r = er_rtable_get(l.t, 0);
    assert_true(r->flags & ER_RF_HOSTBITS);
    assert_int_equal((uint32_t)r->prefix.addr, 0x0a000000u);
    unload(&l);

    /* a cut capture: the trailer says more than was read */
    snprintf(buf, sizeof buf,
             "%s0.0.0.0/0                                   192.0.2.1                               "
             "10     A S              ethernet1/1\n"
             "total routes shown: 98",
             hdr);
    l = load_buf("cut.txt", buf, strlen(buf), "panos-route", NULL);
    assert_int_equal(l.st, ER_OK);
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "lists 98 routes but 1 rows"), 1);
    check_stats(&l, 5, 0, 1, 1);
    unload(&l);
}

/* ---- FortiGate ---- */

static const exp_route fgt_all[] = {
    {11, "0.0.0.0/0", "203.0.113.1", true, false, ER_PROTO_STATIC, "wan1", NULL, NULL},
    {12, "0.0.0.0/0", "203.0.113.5", true, false, ER_PROTO_STATIC, "wan2", NULL, NULL},
    {13, "13.64.0.0/11", "192.0.2.9", true, false, ER_PROTO_BGP, "er-link", NULL, NULL},
    {14, "20.33.0.0/16", "10.255.0.2", true, false, ER_PROTO_BGP, "er-link2", NULL, NULL},
    {15, "192.0.2.8/30", NULL, true, false, ER_PROTO_CONNECTED, "er-link", NULL, NULL},
    {16, "172.16.0.0/16", "172.16.1.2", true, false, ER_PROTO_OSPF, "port5", NULL, NULL},
    {17, "10.0.0.0/8", NULL, true, true, ER_PROTO_STATIC, "Null", NULL, NULL},
    {18, "10.200.0.0/16", "198.51.100.7", true, false, ER_PROTO_STATIC, "HQ-VPN", NULL, NULL},
    {19, "10.50.0.0/16", "10.1.1.9", true, false, ER_PROTO_ISIS, "port6", NULL, NULL},
    {22, "0.0.0.0/0", "100.64.0.1", true, false, ER_PROTO_STATIC, "port9", NULL, "10"},
    {23, "100.64.0.0/30", NULL, true, false, ER_PROTO_CONNECTED, "port9", NULL, "10"},
};

static const exp_route fgt_v6[] = {
    {13, "::/0", "2001:db8:1::1", true, false, ER_PROTO_STATIC, "wan1", NULL, NULL},
    {14, "2603:1000::/25", "2001:db8:ee::1", true, false, ER_PROTO_BGP, "er-link", NULL, NULL},
    {15, "::1/128", NULL, true, false, ER_PROTO_CONNECTED, "root", NULL, NULL},
    {16, "2001:db8:1::/64", NULL, true, false, ER_PROTO_CONNECTED, "wan1", NULL, NULL},
};

static const exp_route fgt_db[] = {
    {11, "0.0.0.0/0", "203.0.113.1", true, false, ER_PROTO_STATIC, "wan1", NULL, NULL},
    {12, "0.0.0.0/0", "203.0.113.5", false, false, ER_PROTO_STATIC, "wan2", NULL, NULL},
    {13, "13.64.0.0/11", "192.0.2.9", true, false, ER_PROTO_BGP, "er-link", NULL, NULL},
    {14, "13.64.0.0/11", "192.0.2.13", false, false, ER_PROTO_BGP, "er-link2", NULL, NULL},
    {15, "192.0.2.8/30", NULL, true, false, ER_PROTO_CONNECTED, "er-link", NULL, NULL},
};

static void test_fortigate_fixtures(void **state)
{
    (void)state;
    loaded l = load_fixture("fortigate/routing_table_all_vrfs.txt", NULL, NULL);
    assert_int_equal(l.st, ER_OK);
    assert_string_equal(l.f->format, "fortigate-route");
    check_all(&l, fgt_all, ER_ARRAY_LEN(fgt_all));
    check_stats(&l, 23, 0, 11, 11);
    assert_int_equal(er_diags_count(l.d), 0);
    const er_route *r = er_rtable_get(l.t, 5);
    assert_true((r->flags & (ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC)) ==
                (ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC));
    assert_int_equal(r->distance, 110);
    assert_int_equal(r->metric, 20);
    unload(&l);

    l = load_fixture("fortigate/routing_table_all_vrfs.txt", NULL, "10");
    check_all(&l, fgt_all + 9, 2);
    unload(&l);
    l = load_fixture("fortigate/routing_table_all_vrfs.txt", NULL, "default");
    check_all(&l, fgt_all, 9);
    unload(&l);

    l = load_fixture("fortigate/routing_table_info6.txt", NULL, NULL);
    assert_int_equal(l.st, ER_OK);
    assert_string_equal(l.f->format, "fortigate-route");
    check_all(&l, fgt_v6, ER_ARRAY_LEN(fgt_v6));
    check_stats(&l, 16, 0, 4, 4);
    unload(&l);

    l = load_fixture("fortigate/routing_table_database.txt", NULL, NULL);
    assert_int_equal(l.st, ER_OK);
    check_all(&l, fgt_db, ER_ARRAY_LEN(fgt_db));
    check_stats(&l, 15, 0, 5, 3);
    unload(&l);
}

static void test_fortigate_errors(void **state)
{
    (void)state;
    static const char text[] =
        "Routing table for VRF=0\n"
        "S       10.0.0.0/33 [10/0] via 192.0.2.1, port1\n"
        "S       10.1.0.0/16 [10/0] via 192.0.2.300, port1\n"
        "S       10.2.0.0/16 [10/0] frobnicated\n"
        "                   [10/0] via 192.0.2.3, port3\n"
        "S       10.3.0.1/16 [10/0] via 192.0.2.1, port1, [1/0]\n"
        "                   [10/0] via 192.0.2.3, port3, [1/0]\n";
    loaded l = load_buf("fgt.txt", text, sizeof text - 1, "fortigate-route", NULL);
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "bad prefix"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "bad next hop"), 1);
    /* the unknown WHERE and the continuation of a route that was not read */
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "not understood"), 2);
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "host bits"), 1);
    check_stats(&l, 7, 4, 2, 2);
    const er_route *r = er_rtable_get(l.t, 1);
    assert_true(r->flags & ER_RF_HOSTBITS);
    assert_int_equal(r->line, 7);
    unload(&l);
}

/* ---- Azure ---- */

static const exp_route az_er_json[] = {
    {6, "10.1.0.0/16", "10.11.16.12", true, false, ER_PROTO_BGP, NULL, "65515", NULL},
    {13, "10.1.0.0/16", "10.11.16.13", false, false, ER_PROTO_BGP, NULL, "65515", NULL},
    {20, "192.168.10.0/24", "172.16.0.1", true, false, ER_PROTO_BGP, NULL, "64512 64512", NULL},
    {27, "fd00:db8:1::/56", "fd00:db8:11:aa16::c", true, false, ER_PROTO_BGP, NULL, "65515", NULL},
    {34, "fd00:db8:1::/56", "fd00:db8:11:aa16::d", false, false, ER_PROTO_BGP, NULL, "65515", NULL},
};

static const exp_route az_er_array[] = {
    {2, "10.2.0.0/16", "10.11.16.12", false, false, ER_PROTO_BGP, NULL, "65515", NULL},
    {3, "10.2.0.0/16", "10.11.16.13", true, false, ER_PROTO_BGP, NULL, "65515", NULL},
    {4, "10.3.0.0/16", "172.16.0.1", true, false, ER_PROTO_BGP, NULL, "64512 12076", NULL},
};

static const exp_route az_nic_json[] = {
    {7, "10.10.0.0/16", NULL, true, false, ER_PROTO_CONNECTED, "VnetLocal", NULL, NULL},
    {7, "fd00:10::/48", NULL, true, false, ER_PROTO_CONNECTED, "VnetLocal", NULL, NULL},
    {15, "172.16.0.0/12", "10.10.255.4", true, false, ER_PROTO_BGP, "VirtualNetworkGateway", NULL, NULL},
    {15, "172.16.0.0/12", "10.10.255.5", true, false, ER_PROTO_BGP, "VirtualNetworkGateway", NULL, NULL},
    {22, "0.0.0.0/0", NULL, false, false, ER_PROTO_OTHER, "Internet", NULL, NULL},
    {29, "0.0.0.0/0", "10.10.1.4", true, false, ER_PROTO_STATIC, "VirtualAppliance", NULL, NULL},
    {37, "100.64.0.0/10", NULL, true, true, ER_PROTO_OTHER, "None", NULL, NULL},
};

static const exp_route az_vwan_json[] = {
    {4, "10.30.0.0/24", NULL, true, false, ER_PROTO_BGP, "Remote Hub", "65520 65520 65003", NULL},
    {11, "10.1.0.0/16", NULL, true, false, ER_PROTO_OTHER, "Virtual Network Connection", NULL, NULL},
    {11, "10.2.0.0/16", NULL, true, false, ER_PROTO_OTHER, "Virtual Network Connection", NULL, NULL},
};

static const exp_route az_nic_table[] = {
    {3, "10.10.0.0/16", NULL, true, false, ER_PROTO_CONNECTED, "VnetLocal", NULL, NULL},
    {4, "172.16.0.0/12", "10.10.255.4", true, false, ER_PROTO_BGP, "VirtualNetworkGateway", NULL, NULL},
    {4, "172.16.0.0/12", "10.10.255.5", true, false, ER_PROTO_BGP, "VirtualNetworkGateway", NULL, NULL},
    {4, "192.168.0.0/16", "10.10.255.4", true, false, ER_PROTO_BGP, "VirtualNetworkGateway", NULL, NULL},
    {4, "192.168.0.0/16", "10.10.255.5", true, false, ER_PROTO_BGP, "VirtualNetworkGateway", NULL, NULL},
    {5, "0.0.0.0/0", NULL, false, false, ER_PROTO_OTHER, "Internet", NULL, NULL},
    {6, "0.0.0.0/0", "10.10.1.4", true, false, ER_PROTO_STATIC, "VirtualAppliance", NULL, NULL},
    {7, "100.64.0.0/10", NULL, true, true, ER_PROTO_OTHER, "None", NULL, NULL},
    {8, "2603:1000::/25", "10.10.255.4", true, false, ER_PROTO_OTHER, "VirtualNetworkGateway", NULL, NULL},
};

static const exp_route az_er_table[] = {
    {3, "10.1.0.0/16", "10.11.16.12", true, false, ER_PROTO_BGP, NULL, "65515", NULL},
    {4, "10.1.0.0/16", "10.11.16.13", false, false, ER_PROTO_BGP, NULL, "65515", NULL},
    {5, "192.168.10.0/24", "172.16.0.1", true, false, ER_PROTO_BGP, NULL, "64512", NULL},
    {6, "13.64.0.0/11", "172.16.0.1", true, false, ER_PROTO_BGP, NULL, "64512 12076", NULL},
};

static const exp_route az_er_ps[] = {
    {3, "10.1.0.0/16", "10.11.16.13", false, false, ER_PROTO_BGP, NULL, "65515", NULL},
    {9, "10.1.0.0/16", "10.11.16.12", true, false, ER_PROTO_BGP, NULL, "65515", NULL},
    {15, "192.168.10.0/24", "172.16.0.1", true, false, ER_PROTO_BGP, NULL, "64512", NULL},
};

typedef struct fixture_case {
    const char *file;
    const char *parser;
    const exp_route *routes;
    size_t n;
    uint64_t lines, best;
} fixture_case;

static const fixture_case azure_cases[] = {
    {"azure/er_route_table.json", "azure-json", az_er_json, ER_ARRAY_LEN(az_er_json), 40, 3},
    {"azure/er_route_table_array.json", "azure-json", az_er_array, ER_ARRAY_LEN(az_er_array), 5, 2},
    {"azure/nic_effective_routes.json", "azure-json", az_nic_json, ER_ARRAY_LEN(az_nic_json), 42, 6},
    {"azure/vwan_effective_routes.json", "azure-json", az_vwan_json, ER_ARRAY_LEN(az_vwan_json), 18, 3},
    {"azure/nic_effective_routes_table.txt", "azure-table", az_nic_table, ER_ARRAY_LEN(az_nic_table), 8, 8},
    {"azure/er_route_table.txt", "azure-table", az_er_table, ER_ARRAY_LEN(az_er_table), 6, 3},
    {"azure/er_route_table_ps.txt", "azure-ps", az_er_ps, ER_ARRAY_LEN(az_er_ps), 20, 2},
};

static void test_azure_fixtures(void **state)
{
    (void)state;
    for (size_t i = 0; i < ER_ARRAY_LEN(azure_cases); i++) {
        const fixture_case *c = &azure_cases[i];
        print_message("fixture %s\n", c->file);
        loaded l = load_fixture(c->file, NULL, NULL);
        assert_int_equal(l.st, ER_OK);
        assert_string_equal(l.f->format, c->parser);
        check_all(&l, c->routes, c->n);
        check_stats(&l, c->lines, 0, c->n, c->best);
        assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, NULL), 0);
        assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, NULL), 0);
        unload(&l);
    }
    /* locPrf and weights as printed */
    loaded l = load_fixture("azure/er_route_table.json", NULL, NULL);
    assert_true(er_rtable_get(l.t, 0)->flags & ER_RF_HAS_LOCPREF);
    assert_int_equal(er_rtable_get(l.t, 0)->locpref, 100);
    assert_false(er_rtable_get(l.t, 2)->flags & ER_RF_HAS_LOCPREF);
    unload(&l);
}

static void test_azure_sections(void **state)
{
    (void)state;
    /* lab-script wrappers name each table: circuit/peering/device, NIC, hub/table */
    static const char text[] =
        "lab$ bash get_er_route_tables.sh RG\n"
        "\n"
        "Resource group: RG\n"
        "\n"
        "\xe2\x8f\xb3 AzurePrivatePeering (Primary): er1\n"
        "LocPrf    Network       NextHop       Path     Weight\n"
        "--------  ------------  ------------  -------  --------\n"
        "100       10.1.0.0/16   10.11.16.12*  65515 I  0\n"
        "100       10.1.0.0/16   10.11.16.13   65515 I  0\n"
        "\n"
        "\xe2\x8f\xb3 AzurePrivatePeering (Secondary): er1\n"
        "LocPrf    Network       NextHop       Path     Weight\n"
        "--------  ------------  ------------  -------  --------\n"
        "100       10.1.0.0/16   10.11.16.13   65515 I  0\n"
        "100       10.1.0.0/16   10.11.16.12   65515 I  0\n"
        "\xe2\xad\x90 Done!\n"
        "vHub:       hub1\n"
        "RouteTable: defaultRouteTable\n"
        "-------------------------------------------------------\n"
        "\n"
        "AddressPrefixes    AsPath       NextHopType\n"
        "-----------------  -----------  --------------------------\n"
        "10.10.0.0/24       65520-65001  Remote Hub\n"
        "0.0.0.0/0                       Internet\n";
    static const exp_route want[] = {
        {8, "10.1.0.0/16", "10.11.16.12", true, false, ER_PROTO_BGP, NULL, "65515", "er1/AzurePrivatePeering/primary"},
        {9, "10.1.0.0/16", "10.11.16.13", false, false, ER_PROTO_BGP, NULL, "65515", "er1/AzurePrivatePeering/primary"},
        {14, "10.1.0.0/16", "10.11.16.13", true, false, ER_PROTO_BGP, NULL, "65515", "er1/AzurePrivatePeering/secondary"},
        {15, "10.1.0.0/16", "10.11.16.12", false, false, ER_PROTO_BGP, NULL, "65515", "er1/AzurePrivatePeering/secondary"},
        {23, "10.10.0.0/24", NULL, true, false, ER_PROTO_BGP, "Remote Hub", "65520 65001", "hub1/defaultRouteTable"},
        {24, "0.0.0.0/0", NULL, true, false, ER_PROTO_OTHER, "Internet", NULL, "hub1/defaultRouteTable"},
    };
    loaded l = load_buf("lab.txt", text, sizeof text - 1, NULL, NULL);
    assert_int_equal(l.st, ER_OK);
    assert_string_equal(l.f->format, "azure-table");
    check_all(&l, want, ER_ARRAY_LEN(want));
    check_stats(&l, 24, 0, 6, 4);
    unload(&l);
    l = load_buf("lab.txt", text, sizeof text - 1, NULL, "er1/AzurePrivatePeering/secondary");
    check_all(&l, want + 2, 2);
    unload(&l);
}

static void test_azure_errors(void **state)
{
    (void)state;
    /* JSON: truncated, trailing data, wrong shape, bad element, nextLink */
    static const char trunc[] = "{\n  \"value\": [\n    {\"network\": \"10.0.0.0/8\",\n";
    loaded l = load_buf("t.json", trunc, sizeof trunc - 1, "azure-json", NULL);
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "json"), 1);
    assert_true(er_diags_get(l.d, 0)->line >= 3);
    check_stats(&l, 3, 3, 0, 0);
    unload(&l);

    static const char trail[] = "[{\"network\": \"10.0.0.0/8\", \"nextHop\": \"10.1.1.1\"}]\nxyz\n";
    l = load_buf("t.json", trail, sizeof trail - 1, "azure-json", NULL);
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "after the json document"), 1);
    assert_int_equal(er_diags_get(l.d, 0)->line, 2);
    unload(&l);

    static const char shape[] = "{\"routes\": []}";
    l = load_buf("t.json", shape, sizeof shape - 1, "azure-json", NULL);
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "value"), 1);
    unload(&l);

    static const char mixed[] =
        "{\"nextLink\": \"https://management.azure.com/next?page=2\", \"value\": [\n"
        "{\"network\": \"10.0.0.0/8\", \"nextHop\": \"10.1.1.1\", \"path\": \"65515 I\"},\n"
        "{\"network\": \"10.0.0.300/8\", \"nextHop\": \"10.1.1.1\"},\n"
        "{\"network\": \"10.1.0.0/16\", \"nextHop\": \"10.1.1.1\", \"path\": \"65x15\"},\n"
        "{\"something\": 1},\n"
        "{\"addressPrefix\": [\"10.2.0.0/16\"], \"nextHopType\": \"Internet\", \"state\": \"Odd\"}\n"
        "]}\n";
    l = load_buf("m.json", mixed, sizeof mixed - 1, NULL, NULL);
    assert_string_equal(l.f->format, "azure-json");
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "nextLink"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "bad network prefix"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "as path not understood"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "not understood: element 3"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "not understood: element 4"), 1);
    check_stats(&l, 7, 3, 2, 2);
    assert_int_equal(er_rtable_get(l.t, 1)->as_path.len, 0);
    assert_int_equal(er_rtable_get(l.t, 1)->line, 4);
    unload(&l);

    /* table: a misaligned row, a bad next hop; PS: a record without a next hop */
    static const char tab[] =
        "LocPrf  Network      NextHop     Path   Weight\n"
        "------  -----------  ----------  -----  ------\n"
        "        10.1.0.0/16  10.0.0.1    65515  0\n"
        "        10.2.0.0/16  10.0.0.1111 65515  0\n"
        "        10.3.0.0/16  10.0.0.999  65515  0\n";
    l = load_buf("t.txt", tab, sizeof tab - 1, NULL, NULL);
    assert_string_equal(l.f->format, "azure-table");
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "not understood"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "bad next hop"), 1);
    check_stats(&l, 5, 2, 1, 1);
    unload(&l);

    static const char ps[] = "Network : 10.1.0.0/16\nLocPrf  :\nWeight  : 0\n\n"
                             "Network : 10.2.0.0/16\nNextHop : 10.0.0.1\n";
    l = load_buf("p.txt", ps, sizeof ps - 1, NULL, NULL);
    assert_string_equal(l.f->format, "azure-ps");
    assert_int_equal(l.st, ER_OK);
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "record without NextHop"), 1);
    check_stats(&l, 6, 1, 1, 1);
    unload(&l);
}

/* ---- bgpdump ---- */

static const exp_route mrt[] = {
    {1, "13.64.0.0/11", "192.0.2.1", false, false, ER_PROTO_BGP, NULL, "64501 3356 12076", NULL},
    {2, "13.64.0.0/11", "192.0.2.2", false, false, ER_PROTO_BGP, NULL, "64502 12076", NULL},
    {3, "13.64.0.0/11", "192.0.2.3", false, false, ER_PROTO_BGP, NULL, "64503 1299", NULL},
    {4, "20.33.0.0/16", "192.0.2.1", true, false, ER_PROTO_BGP, NULL, "64501 3356 {12076,8075}", NULL},
    {5, "2603:1000::/25", "2001:db8::1", true, false, ER_PROTO_BGP, NULL, "64501 12076", NULL},
    {6, "2603:1000::/25", "::ffff:192.0.2.3", false, false, ER_PROTO_BGP, NULL, "64503 6939 12076", NULL},
    {7, "3.0.0.0/8", "192.0.2.9", true, false, ER_PROTO_BGP, NULL, "1853 1239 80", NULL},
    {8, "198.51.100.0/24", "192.0.2.4", true, false, ER_PROTO_BGP, NULL, NULL, NULL},
    {9, "10.0.10.0/24", "10.0.15.1", false, false, ER_PROTO_BGP, NULL, "65015 65014", NULL},
    {10, "10.0.10.0/24", "10.0.15.1", true, false, ER_PROTO_BGP, NULL, "65015", NULL},
    {14, "13.64.0.0/11", "192.0.2.5", true, false, ER_PROTO_BGP, NULL, "64505", NULL},
    {15, "20.33.0.0/16", "192.0.2.6", false, false, ER_PROTO_BGP, NULL, "64506 174 12076", NULL},
};

static void test_bgpdump_fixture(void **state)
{
    (void)state;
    loaded l = load_fixture("bgpdump/rib_mixed.txt", NULL, NULL);
    assert_int_equal(l.st, ER_OK);
    assert_string_equal(l.f->format, "bgpdump");
    check_all(&l, mrt, ER_ARRAY_LEN(mrt));
    check_stats(&l, 15, 0, 12, 6);
    assert_int_equal(count_diags(l.d, ER_DIAG_NOTE, "1 bgp4mp announcements and 1 withdrawals"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, NULL), 0);
    const er_route *r = er_rtable_get(l.t, 4);
    assert_true(strref_is(l.t, r->communities, "12076:51004 65000:1:2"));
    r = er_rtable_get(l.t, 2);
    assert_int_equal(r->locpref, 100);
    assert_int_equal(r->metric, 5);
    assert_true(r->flags & ER_RF_HAS_LOCPREF);
    unload(&l);
    /* no VRFs in an MRT dump: only the default VRF filter keeps routes */
    l = load_fixture("bgpdump/rib_mixed.txt", NULL, "blue");
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(er_rtable_count(l.t), 0);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "no routes found"), 1);
    unload(&l);
}

static void test_bgpdump_errors(void **state)
{
    (void)state;
    static const char text[] =
        "TABLE_DUMP2|1700000000|B|192.0.2.1|64501|13.64.0.0/33|64501|IGP|192.0.2.1|0|0||NAG||\n"
        "TABLE_DUMP2|1700000000|B|192.0.2.1|64501|13.64.0.0/11|64501 x|IGP|192.0.2.1|0|0||NAG||\n"
        "TABLE_DUMP2|1700000000|B|192.0.2.1|64501|13.64.0.0/11|64501|IGP|192.0.2|0|0||NAG||\n"
        "TABLE_DUMP2|1700000000|B|192.0.2.1|64501|13.64.0.0/11|64501|IGP|192.0.2.1|0|0|\n"
        "TABLE_DUMP2|1700000000|B|192.0.2.1|64501|13.64.1.0/11|64501|WEIRD|192.0.2.1|0|0||NAG||\n"
        "TABLE_DUMP2|1700000000|X|192.0.2.1|64501|13.64.0.0/11|64501|IGP|192.0.2.1|0|0||NAG||\n"
        "BGP4MP|1700000000|Q|192.0.2.1|64501|13.64.0.0/11\n"
        "hello|world\n"
        "TABLE_DUMP2|1700000000|B|192.0.2.1|64501|13.64.1.0/11|64501|IGP|192.0.2.1|0|0||NAG||\n";
    loaded l = load_buf("e.txt", text, sizeof text - 1, "bgpdump", NULL);
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "bad prefix"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "bad as path"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "bad next hop"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "wrong number of fields"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "bad origin"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "unknown bgp4mp entry"), 1);
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "not understood"), 2);
    assert_int_equal(count_diags(l.d, ER_DIAG_WARNING, "host bits"), 1);
    check_stats(&l, 9, 8, 1, 1);
    unload(&l);
}

/* ---- hostile inputs, for every parser ---- */

typedef struct hostile_case {
    const char *file;
    const char *parser;
} hostile_case;

static const hostile_case hostile[] = {
    {"panos/show_routing_route_multi_vr.txt", "panos-route"},
    {"fortigate/routing_table_all_vrfs.txt", "fortigate-route"},
    {"azure/er_route_table.json", "azure-json"},
    {"azure/nic_effective_routes_table.txt", "azure-table"},
    {"azure/er_route_table_ps.txt", "azure-ps"},
    {"bgpdump/rib_mixed.txt", "bgpdump"},
};

/* CRLF line ends, with the fixture's own line ends doubled into \r\n */
static char *to_crlf(const char *b, size_t len, size_t *out_len)
{
    char *o = malloc(len * 2 + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (b[i] == '\n' && (i == 0 || b[i - 1] != '\r'))
            o[n++] = '\r';
        o[n++] = b[i];
    }
    *out_len = n;
    return o;
}

static void test_hostile(void **state)
{
    (void)state;
    for (size_t i = 0; i < ER_ARRAY_LEN(hostile); i++) {
        const hostile_case *c = &hostile[i];
        print_message("hostile %s\n", c->file);
        size_t len;
        char *b = read_fixture(c->file, &len);
        loaded ref = load_buf(c->file, b, len, NULL, NULL);
        assert_int_equal(ref.st, ER_OK);
        size_t nref = er_rtable_count(ref.t);
        uint64_t lines = ref.f->stats.lines;

        /* CRLF: same routes */
        size_t clen;
        char *crlf = to_crlf(b, len, &clen);
        loaded l = load_buf(c->file, crlf, clen, NULL, NULL);
        assert_int_equal(l.st, ER_OK);
        assert_string_equal(l.f->format, c->parser);
        assert_int_equal(er_rtable_count(l.t), nref);
        assert_int_equal(l.f->stats.skipped, ref.f->stats.skipped);
        assert_int_equal(l.f->stats.best, ref.f->stats.best);
        for (size_t k = 0; k < nref; k++) {
            const er_route *x = er_rtable_get(ref.t, k), *y = er_rtable_get(l.t, k);
            assert_int_equal(er_prefix_cmp(&x->prefix, &y->prefix), 0);
            assert_true(x->next_hop == y->next_hop);
            assert_int_equal(x->flags, y->flags);
            assert_int_equal(x->iface.len, y->iface.len);
        }
        unload(&l);
        free(crlf);

        /* the last line cut in its middle: no crash, at most that line lost */
        size_t cut = len - 1;
        while (cut > 0 && b[cut - 1] != '\n')
            cut--;
        size_t keep = cut + (len - cut) / 2;
        if (keep > cut) {
            l = load_buf(c->file, b, keep, c->parser, NULL);
            assert_true(er_rtable_count(l.t) + 2 >= nref);
            assert_int_equal(l.f->stats.lines, lines);
            unload(&l);
        }

        /* NUL bytes in the middle of the text (explicit length) */
        char *z = malloc(len);
        memcpy(z, b, len);
        for (size_t k = len / 3; k < len / 3 + 3 && k < len; k++)
            z[k] = '\0';
        l = load_buf(c->file, z, len, c->parser, NULL);
        assert_int_equal(l.f->stats.lines, lines);
        assert_int_equal(l.f->stats.lines, l.f->stats.understood + l.f->stats.skipped);
        assert_true(er_rtable_count(l.t) <= nref + 1);
        unload(&l);
        free(z);

        /* a multi-megabyte line of garbage before the text */
        size_t big = 3u << 20;
        char *m = malloc(big + 1 + len);
        memset(m, 'x', big);
        m[big / 2] = '|';
        m[big] = '\n';
        memcpy(m + big + 1, b, len);
        l = load_buf(c->file, m, big + 1 + len, c->parser, NULL);
        assert_int_equal(l.f->stats.lines, lines + 1);
        if (strcmp(c->parser, "azure-json") == 0) {
            /* a JSON document with garbage in front is no JSON document */
            assert_int_equal(l.st, ER_ERR_PARSE);
            assert_int_equal(er_rtable_count(l.t), 0);
            assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "invalid json"), 1);
        } else {
            assert_int_equal(er_rtable_count(l.t), nref);
            assert_int_equal(l.f->stats.skipped, ref.f->stats.skipped + 1);
            /* the quoted text is cut */
            size_t maxlen = 0;
            for (size_t k = 0; k < er_diags_count(l.d); k++)
                if (strlen(er_diags_get(l.d, k)->msg) > maxlen)
                    maxlen = strlen(er_diags_get(l.d, k)->msg);
            assert_true(maxlen < 200);
        }
        unload(&l);
        free(m);

        /* tabs instead of the first blank of each line (not for column formats) */
        if (strcmp(c->parser, "azure-table") && strcmp(c->parser, "azure-ps")) {
            char *tb = malloc(len);
            memcpy(tb, b, len);
            bool at_start = true;
            for (size_t k = 0; k < len; k++) {
                if (tb[k] == '\n')
                    at_start = true;
                else if (at_start && tb[k] == ' ' && k > 0 && tb[k - 1] != '\n') {
                    tb[k] = '\t';
                    at_start = false;
                }
            }
            l = load_buf(c->file, tb, len, c->parser, NULL);
            assert_int_equal(l.f->stats.lines, lines);
            assert_int_equal(l.f->stats.lines, l.f->stats.understood + l.f->stats.skipped);
            unload(&l);
            free(tb);
        }

        /* empty */
        l = load_buf(c->file, b, 0, c->parser, NULL);
        assert_int_equal(l.st, ER_ERR_PARSE);
        assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "empty"), 1);
        unload(&l);

        unload(&ref);
        free(b);
    }
}

/* ---- detection ---- */

static void test_detection(void **state)
{
    (void)state;
    static const struct {
        const char *file, *parser;
    } cases[] = {
        {"panos/show_routing_route_multi_vr.txt", "panos-route"},
        {"fortigate/routing_table_all_vrfs.txt", "fortigate-route"},
        {"fortigate/routing_table_info6.txt", "fortigate-route"},
        {"fortigate/routing_table_database.txt", "fortigate-route"},
        {"azure/er_route_table.json", "azure-json"},
        {"azure/er_route_table_array.json", "azure-json"},
        {"azure/nic_effective_routes.json", "azure-json"},
        {"azure/vwan_effective_routes.json", "azure-json"},
        {"azure/nic_effective_routes_table.txt", "azure-table"},
        {"azure/er_route_table.txt", "azure-table"},
        {"azure/er_route_table_ps.txt", "azure-ps"},
        {"bgpdump/rib_mixed.txt", "bgpdump"},
    };
    static const char *const mine[] = {"panos-route", "fortigate-route", "azure-json",
                                       "azure-table", "azure-ps", "bgpdump"};
    for (size_t i = 0; i < ER_ARRAY_LEN(cases); i++) {
        size_t len;
        char *b = read_fixture(cases[i].file, &len);
        const er_parser *p = er_detect_format(b, len);
        assert_non_null(p);
        if (strcmp(p->name, cases[i].parser) != 0)
            fail_msg("%s detected as %s", cases[i].file, p->name);
        /* every other parser of the batch says 0 */
        for (size_t k = 0; k < ER_ARRAY_LEN(mine); k++) {
            if (strcmp(mine[k], cases[i].parser) == 0)
                continue;
            int score = er_parser_find(mine[k])->detect(b, len);
            if (score != 0)
                fail_msg("%s scores %d on %s", mine[k], score, cases[i].file);
        }
        free(b);
    }
    static const char junk[] = "hello world\nthis is not a routing table\n";
    for (size_t k = 0; k < ER_ARRAY_LEN(mine); k++)
        assert_int_equal(er_parser_find(mine[k])->detect(junk, sizeof junk - 1), 0);
}

/* ---- gzip ---- */

static char *gzip_mem(const char *in, size_t len, size_t *out_len)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
                     Z_OK);
    size_t cap = deflateBound(&zs, (uLong)len) + 64;
    char *o = malloc(cap);
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)len;
    zs.next_out = (Bytef *)o;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    *out_len = cap - zs.avail_out;
    deflateEnd(&zs);
    return o;
}

static void test_gzip(void **state)
{
    (void)state;
    size_t len, glen;
    char *b = read_fixture("bgpdump/rib_mixed.txt", &len);
    char *g = gzip_mem(b, len, &glen);
    assert_true(er_is_gzip(g, glen));
    assert_false(er_is_gzip(b, len));

    /* transparent: same routes as the plain text, same detection */
    loaded l = load_buf("rib.gz", g, glen, NULL, NULL);
    assert_int_equal(l.st, ER_OK);
    assert_string_equal(l.f->format, "bgpdump");
    check_all(&l, mrt, ER_ARRAY_LEN(mrt));
    check_stats(&l, 15, 0, 12, 6);
    unload(&l);

    /* two members (cat a.gz b.gz) */
    size_t half = len / 2;
    while (b[half - 1] != '\n')
        half++;
    size_t l1, l2;
    char *g1 = gzip_mem(b, half, &l1), *g2 = gzip_mem(b + half, len - half, &l2);
    char *cat = malloc(l1 + l2 + 8);
    memcpy(cat, g1, l1);
    memcpy(cat + l1, g2, l2);
    l = load_buf("cat.gz", cat, l1 + l2, NULL, NULL);
    assert_int_equal(l.st, ER_OK);
    check_all(&l, mrt, ER_ARRAY_LEN(mrt));
    unload(&l);

    /* trailing garbage after the last member */
    memcpy(cat + l1 + l2, "garbage!", 8);
    l = load_buf("trail.gz", cat, l1 + l2 + 8, NULL, NULL);
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "trailing data"), 1);
    unload(&l);

    /* truncated */
    l = load_buf("cut.gz", g, glen - 12, NULL, NULL);
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "cannot decompress gzip input"), 1);
    assert_int_equal(er_rtable_count(l.t), 0);
    unload(&l);
    l = load_buf("magic.gz", g, 2, NULL, NULL);
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "truncated"), 1);
    unload(&l);

    /* corrupt: damaged deflate data or a damaged trailer (CRC) */
    char *bad = malloc(glen);
    memcpy(bad, g, glen);
    for (size_t k = 12; k < 40 && k < glen - 8; k++)
        bad[k] = (char)(bad[k] ^ 0x5a);
    l = load_buf("bad.gz", bad, glen, NULL, NULL);
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "cannot decompress gzip input"), 1);
    unload(&l);
    memcpy(bad, g, glen);
    bad[glen - 6] = (char)(bad[glen - 6] ^ 1);
    l = load_buf("crc.gz", bad, glen, NULL, NULL);
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "cannot decompress gzip input"), 1);
    unload(&l);

    /* gzip inside gzip */
    size_t gglen;
    char *gg = gzip_mem(g, glen, &gglen);
    l = load_buf("double.gz", gg, gglen, NULL, NULL);
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "gzip inside gzip"), 1);
    unload(&l);

    /* the size cap: 8 MiB of zeros compress to a few KiB */
    size_t zlen = 8u << 20, zglen;
    char *zeros = calloc(1, zlen);
    char *zg = gzip_mem(zeros, zlen, &zglen);
    assert_true(zglen < 64 * 1024);
    char *out = NULL;
    size_t out_len = 0;
    const char *why = NULL;
    assert_int_equal(er_gunzip(zg, zglen, 1u << 20, &out, &out_len, &why), ER_ERR_PARSE);
    assert_null(out);
    assert_non_null(why);
    assert_non_null(strstr(why, "size limit"));
    /* exactly at the cap is fine */
    assert_int_equal(er_gunzip(zg, zglen, zlen, &out, &out_len, &why), ER_OK);
    assert_int_equal(out_len, zlen);
    assert_true(memcmp(out, zeros, zlen) == 0);
    free(out);
    assert_int_equal(er_gunzip(zg, zglen, zlen - 1, &out, &out_len, &why), ER_ERR_PARSE);
    /* an empty member decompresses to an empty file */
    size_t elen;
    char *eg = gzip_mem("", 0, &elen);
    l = load_buf("empty.gz", eg, elen, NULL, NULL);
    assert_int_equal(l.st, ER_ERR_PARSE);
    assert_int_equal(count_diags(l.d, ER_DIAG_ERROR, "file is empty"), 1);
    unload(&l);

    free(eg);
    free(zg);
    free(zeros);
    free(gg);
    free(bad);
    free(cat);
    free(g1);
    free(g2);
    free(g);
    free(b);
}

/* er_rtable_load on a .gz file on disk (the mmap path) */
static void test_gzip_file(void **state)
{
    (void)state;
    size_t len, glen;
    char *b = read_fixture("fortigate/routing_table_all_vrfs.txt", &len);
    char *g = gzip_mem(b, len, &glen);
    char path[] = "/tmp/er_test_fwaz_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(g, 1, glen, f), glen);
    fclose(f);
    er_rtable *t = er_rtable_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(er_rtable_load(t, path, NULL, NULL, d), ER_OK);
    assert_int_equal(er_rtable_count(t), ER_ARRAY_LEN(fgt_all));
    assert_string_equal(er_rtable_file(t, 0)->format, "fortigate-route");
    assert_string_equal(er_rtable_file(t, 0)->path, path);
    er_rtable_free(t);
    er_diags_free(d);
    remove(path);
    free(g);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_panos_fixture),     cmocka_unit_test(test_panos_errors),
        cmocka_unit_test(test_fortigate_fixtures), cmocka_unit_test(test_fortigate_errors),
        cmocka_unit_test(test_azure_fixtures),    cmocka_unit_test(test_azure_sections),
        cmocka_unit_test(test_azure_errors),      cmocka_unit_test(test_bgpdump_fixture),
        cmocka_unit_test(test_bgpdump_errors),    cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_detection),         cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_gzip_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
