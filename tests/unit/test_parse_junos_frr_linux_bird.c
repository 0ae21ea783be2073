/* Unit tests of the Junos, FRR, Linux and BIRD parsers: exact routes from the fixtures in
 * tests/fixtures/{junos,frr,linux,bird}, detection, hostile inputs, VRF filter, strictness. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erready/routes.h"
#include "routes/xml_scan.h"
#include "testutil.h"

static const char *proto_short(int p)
{
    static const char *const n[] = {"unknown", "bgp",   "ebgp", "ibgp", "static",
                                     "connected", "local", "ospf", "isis", "eigrp",
                                     "rip",     "kernel", "other"};
    return p >= 0 && p < (int)(sizeof n / sizeof n[0]) ? n[p] : "?";
}

/* "LINE BEST PREFIX NEXTHOP IFACE VRF PROTO[ discard][ hostbits]" */
static void route_str(const er_rtable *t, const er_route *r, char *out, size_t size)
{
    char pb[ER_PREFIX_STRLEN], nb[ER_PREFIX_STRLEN] = "-";
    er_prefix_format(&r->prefix, pb, sizeof pb);
    if (r->flags & ER_RF_HAS_NH)
        er_addr_format(r->next_hop, r->nh_family ? r->nh_family : r->prefix.family, nb,
                       sizeof nb);
    snprintf(out, size, "%u %c %s %s %.*s %.*s %s%s%s", r->line,
             (r->flags & ER_RF_BEST) ? '*' : '-', pb, nb,
             (int)(r->iface.len ? r->iface.len : 1),
             r->iface.len ? er_rtable_str(t, r->iface) : "-",
             (int)(r->vrf.len ? r->vrf.len : 1), r->vrf.len ? er_rtable_str(t, r->vrf) : "-",
             proto_short(r->proto), (r->flags & ER_RF_DISCARD) ? " discard" : "",
             (r->flags & ER_RF_HOSTBITS) ? " hostbits" : "");
}

static const char *const junos_brief_exp[] = {
    "6 * 0.0.0.0/0 10.209.63.254 em0.0 - static",
    "8 * 10.0.0.0/8 192.0.2.1 ge-0/0/0.0 - bgp",
    "8 - 10.0.0.0/8 192.0.2.5 ge-0/0/1.0 - bgp",
    "12 - 10.0.0.0/8 192.0.2.2 ge-0/0/1.0 - bgp",
    "15 * 10.1.0.0/24 - ge-0/0/0.0 - connected",
    "17 * 10.1.0.1/32 - ge-0/0/0.0 - local",
    "19 * 192.168.0.0/16 - - - static discard",
    "21 - 198.51.100.0/24 10.1.0.2 ge-0/0/0.0 - ospf",
    "33 * 172.16.0.0/12 172.31.0.1 ge-0/0/2.100 CUST-A bgp",
    "36 * 203.0.113.0/24 - - CUST-A static discard",
    "42 * ::/0 2001:db8::1 ge-0/0/0.0 - static",
    "45 * 2001:db8:1234:5678:9abc::/80 fe80::1 ge-0/0/3.0 - bgp",
    NULL,
};
static const char *const junos_detail_exp[] = {
    "4 * 13.64.0.0/11 192.0.2.1 ae10.0 - bgp",
    "22 - 13.64.0.0/11 198.51.100.9 xe-2/3/2.0 - bgp",
    "35 * 10.10.0.0/16 - - - static discard",
    "43 * 10.20.0.0/24 - ge-0/0/1.0 - connected",
    NULL,
};
static const char *const junos_terse_exp[] = {
    "6 * 0.0.0.0/0 10.209.63.254 - - static",
    "7 * 20.33.0.0/16 192.0.2.1 - - bgp",
    "7 - 20.33.0.0/16 192.0.2.5 - - bgp",
    "9 - 20.33.0.0/16 192.0.2.9 - - bgp",
    "10 * 10.1.0.0/24 - ge-0/0/0.0 - connected",
    "11 * 10.1.0.1/32 - - - local",
    "12 * 192.168.0.0/16 - - - static discard",
    "18 * 2603:1000::/25 2001:db8::9 - VRF1 bgp",
    NULL,
};
static const char *const junos_json_exp[] = {
    "10 * 13.64.0.0/11 192.0.2.1 ae10.0 - bgp",
    "10 - 13.64.0.0/11 192.0.2.5 ae11.0 - bgp",
    "10 - 13.64.0.0/11 198.51.100.9 xe-2/3/2.0 - bgp",
    "50 * 192.168.0.0/16 - - - static discard",
    "61 * 10.1.0.1/32 - ge-0/0/0.0 - local",
    "86 - 2603:1000::/25 2001:db8::9 ge-0/0/2.100 CUST-A bgp",
    NULL,
};
static const char *const junos_xml_exp[] = {
    "9 * 20.33.0.0/16 192.0.2.1 ge-0/0/0.0 - bgp",
    "29 * 0.0.0.0/0 203.0.113.1 ge-0/0/9.0 - static",
    "45 * 2001:db8:100::/48 - - BLUE static discard",
    NULL,
};
static const char *const frr_route_exp[] = {
    "9 * 0.0.0.0/0 10.10.1.1 eth0 - kernel",
    "10 * 13.64.0.0/11 10.11.16.6 vti0 - bgp",
    "10 * 13.64.0.0/11 10.11.16.7 vti1 - bgp",
    "12 - 20.33.0.0/16 192.168.30.30 - - bgp",
    "12 * 20.33.0.0/16 192.168.30.30 vti2 - bgp",
    "14 - 20.33.0.0/16 10.20.0.1 - - bgp",
    "15 * 10.10.1.0/24 - eth0 - connected",
    "16 * 10.10.1.9/32 - eth0 - local",
    "17 * 10.99.0.0/16 - - - static discard",
    "18 - 10.10.1.0/24 - eth0 - ospf",
    "21 * 52.96.0.0/14 172.16.0.1 red-eth0 red bgp",
    "22 * 172.16.0.0/24 - red-eth0 red connected",
    NULL,
};
static const char *const frr_route6_exp[] = {
    "9 - ::/0 fe80::1234:5678:9abc eth1 - kernel",
    "10 * ::/0 fe80::1234:5678:9abc eth0 - kernel",
    "11 * 2603:1000::/25 fe80::1 eth2 - bgp",
    "12 * fd00:db8:10:1::/64 - eth0 - connected",
    NULL,
};
static const char *const frr_bgp_exp[] = {
    "10 * 13.64.0.0/11 10.11.16.15 - - ebgp",
    "11 * 13.64.0.0/11 10.11.16.14 - - ebgp",
    "12 * 20.33.0.0/16 10.20.0.1 - - ibgp",
    "13 - 20.33.0.0/16 10.20.0.2 - - ibgp",
    "14 * 10.10.0.0/24 - - - bgp",
    "15 - 192.0.2.0/24 198.51.100.1 - - ebgp",
    "16 * 203.0.113.128/25 198.51.100.1 - - ebgp",
    "17 - 198.51.100.0/24 198.51.100.1 - - ebgp",
    "18 * 172.16.100.0/22 10.11.16.14 - - ebgp",
    NULL,
};
static const char *const frr_rjson_exp[] = {
    "3 * 0.0.0.0/0 198.51.100.1 eth0 - bgp",
    "24 * 13.64.0.0/11 10.11.16.14 vti0 - bgp",
    "24 * 13.64.0.0/11 10.11.16.15 vti1 - bgp",
    "24 - 13.64.0.0/11 10.10.1.1 eth0 - static",
    "53 * 10.99.0.0/16 - - - static discard",
    "70 * 52.96.0.0/14 172.16.0.1 red-eth0 red bgp",
    NULL,
};
static const char *const frr_rjson6_exp[] = {
    "2 * 2603:1000::/25 fe80::1 eth2 - bgp",
    "11 * fd00:1::/64 fe80::2 eth1 - ospf",
    "11 - fd00:1::/64 fe80::3 eth3 - ospf",
    "11 - fd00:1::/64 fe80::9 eth9 - static",
    NULL,
};
static const char *const frr_bjson_exp[] = {
    "8 * 13.64.0.0/11 10.11.16.15 - - ebgp",
    "8 * 13.64.0.0/11 10.11.16.14 - - ebgp",
    "38 - 20.33.0.0/16 10.20.0.2 - - ibgp",
    "52 * 10.10.0.0/24 - - - bgp",
    NULL,
};
static const char *const linux_ip_exp[] = {
    "1 * 0.0.0.0/0 192.0.2.1 eth0 - static",
    "2 - 0.0.0.0/0 192.0.2.254 eth1 - static",
    "3 * 10.0.0.0/8 - eth0 - connected",
    "4 * 13.64.0.0/11 10.11.16.14 vti0 - bgp",
    "4 * 13.64.0.0/11 10.11.16.15 vti1 - bgp",
    "7 * 10.9.0.0/16 - - - static discard",
    "8 * 10.8.0.0/16 - - - static discard",
    "9 * 10.7.0.0/16 - - - static discard",
    "10 * 192.168.50.7/32 - wg0 - connected",
    "11 - 172.17.0.0/16 - docker0 - connected",
    "12 * 20.33.0.0/16 172.16.0.1 red-eth0 red bgp",
    "13 * 172.16.0.0/24 - red-eth0 red connected",
    "14 * 10.0.0.5/32 - eth0 - local",
    "16 * 10.20.0.0/16 fe80::1 eth2 - other",
    NULL,
};
static const char *const linux_ip6_exp[] = {
    "1 * ::/0 fe80::1 eth0 - other",
    "2 * 2001:db8:10::/64 - eth0 - connected",
    "3 * 2603:1000::/25 fe80::a eth1 - bgp",
    "3 * 2603:1000::/25 fe80::b eth2 - bgp",
    "6 * 2001:db8:dead::/48 - lo - static discard",
    "7 * fe80::/64 - eth0 - connected",
    NULL,
};
static const char *const linux_json_exp[] = {
    "1 * 0.0.0.0/0 192.0.2.1 eth0 - static",
    "1 - 0.0.0.0/0 192.0.2.254 eth1 - static",
    "1 * 10.0.0.0/8 - eth0 - connected",
    "1 * 13.64.0.0/11 10.11.16.14 vti0 - bgp",
    "1 - 13.64.0.0/11 10.11.16.15 vti1 - bgp",
    "1 * 10.9.0.0/16 - - - static discard",
    "1 - 172.17.0.0/16 - docker0 - connected",
    "1 * 20.33.0.0/16 172.16.0.1 red-eth0 red bgp",
    "1 * 2603:1000::/25 fe80::a eth1 - bgp",
    NULL,
};
static const char *const linux_rn_exp[] = {
    "3 * 0.0.0.0/0 192.0.2.1 eth0 - static",
    "4 - 0.0.0.0/0 192.0.2.254 eth1 - static",
    "5 * 10.0.0.0/8 - eth0 - connected",
    "6 * 10.9.0.0/16 - - - kernel discard",
    "7 * 13.64.0.0/11 10.11.16.14 vti0 - static",
    "8 * 192.168.50.7/32 - wg0 - connected",
    NULL,
};
static const char *const linux_ns_exp[] = {
    "3 * 0.0.0.0/0 192.0.2.1 eth0 - static",
    "4 * 10.0.0.0/8 - eth0 - connected",
    "5 * 52.96.0.0/14 10.11.16.14 vti0 - static",
    NULL,
};
static const char *const linux_rn6_exp[] = {
    "3 * 2001:db8:10::/64 - eth0 - connected",
    "4 * 2603:1000::/25 fe80::a eth1 - static",
    "5 * ::/0 fe80::1 eth0 - static",
    "6 * ::1/128 - lo - local",
    "7 - ::/0 - lo - kernel discard",
    NULL,
};
static const char *const bird1_exp[] = {
    "3 * 0.0.0.0/0 192.0.2.1 eth0 - static",
    "4 * 13.64.0.0/11 10.11.16.14 vti0 - bgp",
    "5 - 13.64.0.0/11 10.11.16.15 vti1 - bgp",
    "6 * 10.0.0.0/24 - eth1 - connected",
    "7 * 10.9.0.0/16 - - - static discard",
    "8 * 10.8.0.0/16 - - - static discard",
    "9 * 10.20.0.0/16 10.0.0.2 eth1 - ospf",
    "9 * 10.20.0.0/16 10.0.0.3 eth2 - ospf",
    "12 * 10.30.0.0/16 10.0.0.2 eth1 - ospf",
    NULL,
};
static const char *const bird2_exp[] = {
    "3 * 13.64.0.0/11 10.11.16.14 vti0 - bgp",
    "13 - 13.64.0.0/11 198.51.100.1 eth9 - bgp",
    "21 * 10.0.0.0/24 - eth1 - connected",
    "26 * 52.96.0.0/14 172.16.0.1 red0 vrf_red bgp",
    "30 * 10.9.0.0/16 - - vrf_red static discard",
    "34 * 2603:1000::/25 fe80::1 vti0 - bgp",
    NULL,
};

typedef struct fixture_case {
    const char *file; /* under tests/fixtures/ */
    const char *parser;
    er_status st;
    unsigned long long lines, understood, skipped, routes, best;
    const char *const *exp;
} fixture_case;

static const fixture_case fixtures[] = {
    {"junos/show_route_brief.txt", "junos-route", 0, 47, 47, 0, 12, 9, junos_brief_exp},
    {"junos/show_route_detail.txt", "junos-route", 0, 48, 48, 0, 4, 3, junos_detail_exp},
    {"junos/show_route_terse.txt", "junos-route", 0, 18, 18, 0, 8, 6, junos_terse_exp},
    {"junos/show_route.json", "junos-json", 0, 102, 102, 0, 6, 3, junos_json_exp},
    {"junos/show_route.xml", "junos-xml", 0, 57, 57, 0, 3, 3, junos_xml_exp},
    {"frr/show_ip_route_vrfs.txt", "frr-route", 0, 22, 22, 0, 12, 9, frr_route_exp},
    {"frr/show_ipv6_route.txt", "frr-route", 0, 12, 12, 0, 4, 3, frr_route6_exp},
    {"frr/show_bgp_ipv4.txt", "frr-bgp", 0, 21, 21, 0, 9, 6, frr_bgp_exp},
    {"frr/show_ip_route_vrf_all.json", "frr-route-json", 0, 87, 87, 0, 6, 5, frr_rjson_exp},
    {"frr/show_ipv6_route_subset.json", "frr-route-json", 0, 29, 29, 0, 4, 2, frr_rjson6_exp},
    {"frr/show_bgp_ipv4_json.json", "frr-bgp-json", 0, 68, 68, 0, 4, 3, frr_bjson_exp},
    {"linux/ip_route.txt", "linux-ip", 0, 16, 16, 0, 14, 12, linux_ip_exp},
    {"linux/ip_6_route.txt", "linux-ip", 0, 7, 7, 0, 6, 6, linux_ip6_exp},
    {"linux/ip_route.json", "linux-ip-json", 0, 1, 1, 0, 9, 6, linux_json_exp},
    {"linux/route_n.txt", "linux-route-n", 0, 8, 8, 0, 6, 5, linux_rn_exp},
    {"linux/netstat_rn.txt", "linux-route-n", 0, 5, 5, 0, 3, 3, linux_ns_exp},
    {"linux/route_6n.txt", "linux-route-n", 0, 7, 7, 0, 5, 4, linux_rn6_exp},
    {"bird/bird1_show_route.txt", "bird", 0, 12, 12, 0, 9, 8, bird1_exp},
    {"bird/bird2_show_route_all.txt", "bird", 0, 38, 38, 0, 6, 5, bird2_exp},
};

static char *read_fixture(const char *rel, size_t *len)
{
    char *b = tu_read_file(tu_path("%s/tests/fixtures/%s", tu_src_dir(), rel), len);
    if (!b)
        fail_msg("cannot read fixture %s (ERREADY_SRC=%s)", rel, tu_src_dir());
    return b;
}

/* Parse buf with the named parser (NULL = detect); returns the status. */
static er_status load(er_rtable *t, er_diags *d, const char *name, const char *buf, size_t len,
                      const char *parser, const char *vrf)
{
    const er_parser *p = parser ? er_parser_find(parser) : NULL;
    if (parser)
        assert_non_null(p);
    return er_rtable_load_buffer(t, name, buf, len, p, vrf, d);
}

static void check_routes(const er_rtable *t, const char *const *exp, const char *what)
{
    size_t n = er_rtable_count(t), i = 0;
    for (; exp[i]; i++) {
        if (i >= n)
            fail_msg("%s: route %zu missing, expected '%s'", what, i, exp[i]);
        char got[512];
        route_str(t, er_rtable_get(t, i), got, sizeof got);
        if (strcmp(got, exp[i]) != 0)
            fail_msg("%s: route %zu is '%s', expected '%s'", what, i, got, exp[i]);
    }
    if (i != n)
        fail_msg("%s: %zu routes, expected %zu", what, n, i);
}

static void test_fixtures(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof fixtures / sizeof fixtures[0]; k++) {
        const fixture_case *c = &fixtures[k];
        size_t len;
        char *buf = read_fixture(c->file, &len);
        er_rtable *t = er_rtable_new();
        er_diags *d = er_diags_new(0);
        er_status st = load(t, d, c->file, buf, len, c->parser, NULL);
        if (st != c->st)
            fail_msg("%s: status %d, expected %d", c->file, st, c->st);
        const er_rfile *f = er_rtable_file(t, 0);
        assert_string_equal(f->format, c->parser);
        if (f->stats.lines != c->lines || f->stats.understood != c->understood ||
            f->stats.skipped != c->skipped || f->stats.routes != c->routes ||
            f->stats.best != c->best)
            fail_msg("%s: stats %llu/%llu/%llu/%llu/%llu", c->file,
                     (unsigned long long)f->stats.lines, (unsigned long long)f->stats.understood,
                     (unsigned long long)f->stats.skipped, (unsigned long long)f->stats.routes,
                     (unsigned long long)f->stats.best);
        assert_int_equal(er_diags_total(d, ER_DIAG_WARNING), c->skipped);
        assert_int_equal(er_diags_total(d, ER_DIAG_ERROR), 0);
        check_routes(t, c->exp, c->file);
        /* Detection picks the same parser. */
        const er_parser *p = er_detect_format(buf, len < 65536 ? len : 65536);
        if (!p || strcmp(p->name, c->parser) != 0)
            fail_msg("%s: detected as %s, expected %s", c->file, p ? p->name : "nothing",
                     c->parser);
        er_diags_free(d);
        er_rtable_free(t);
        free(buf);
    }
}

/* The same fixture with CRLF line ends, and with a final line cut short, gives the same
 * first routes; with NUL bytes and a multi-megabyte line it neither crashes nor hangs. */
static void test_hostile(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof fixtures / sizeof fixtures[0]; k++) {
        const fixture_case *c = &fixtures[k];
        size_t len;
        char *buf = read_fixture(c->file, &len);
        /* CRLF */
        char *crlf = malloc(len * 2 + 1);
        assert_non_null(crlf);
        size_t m = 0;
        for (size_t i = 0; i < len; i++) {
            if (buf[i] == '\n')
                crlf[m++] = '\r';
            crlf[m++] = buf[i];
        }
        er_rtable *t = er_rtable_new();
        er_diags *d = er_diags_new(0);
        assert_int_equal(load(t, d, c->file, crlf, m, c->parser, NULL), c->st);
        check_routes(t, c->exp, "crlf");
        er_diags_free(d);
        er_rtable_free(t);
        free(crlf);

        /* Truncated: the last third of the file is cut away, mid-line. */
        t = er_rtable_new();
        d = er_diags_new(0);
        size_t cut = len - len / 3;
        er_status st = load(t, d, c->file, buf, cut, c->parser, NULL);
        assert_true(st == ER_OK || st == ER_ERR_PARSE);
        const er_rfile *f = er_rtable_file(t, 0);
        if (f->stats.lines != f->stats.understood + f->stats.skipped)
            fail_msg("%s truncated: %llu lines != %llu + %llu", c->file,
                     (unsigned long long)f->stats.lines, (unsigned long long)f->stats.understood,
                     (unsigned long long)f->stats.skipped);
        er_diags_free(d);
        er_rtable_free(t);

        /* NUL bytes in the middle of lines. */
        char *nul = malloc(len);
        assert_non_null(nul);
        memcpy(nul, buf, len);
        for (size_t i = 7; i < len; i += 97)
            if (nul[i] != '\n')
                nul[i] = '\0';
        t = er_rtable_new();
        d = er_diags_new(0);
        st = load(t, d, c->file, nul, len, c->parser, NULL);
        assert_true(st == ER_OK || st == ER_ERR_PARSE);
        f = er_rtable_file(t, 0);
        if (f->stats.lines != f->stats.understood + f->stats.skipped)
            fail_msg("%s with NULs: %llu lines != %llu + %llu", c->file,
                     (unsigned long long)f->stats.lines, (unsigned long long)f->stats.understood,
                     (unsigned long long)f->stats.skipped);
        assert_true(f->stats.skipped > 0 || f->stats.routes < c->routes ||
                    er_diags_total(d, ER_DIAG_ERROR) > 0);
        er_diags_free(d);
        er_rtable_free(t);
        free(nul);
        free(buf);
    }
}

static void test_huge_line_and_empty(void **state)
{
    (void)state;
    size_t big = 3u << 20;
    char *b = malloc(big + 64);
    assert_non_null(b);
    memset(b, 'A', big);
    memcpy(b + big, "\n", 1);
    const char *parsers[] = {"junos-route", "frr-route", "frr-bgp", "linux-ip",
                             "linux-route-n", "bird", "junos-xml", "junos-json",
                             "frr-route-json", "frr-bgp-json", "linux-ip-json"};
    for (size_t k = 0; k < sizeof parsers / sizeof parsers[0]; k++) {
        er_rtable *t = er_rtable_new();
        er_diags *d = er_diags_new(0);
        er_status st = load(t, d, "huge", b, big + 1, parsers[k], NULL);
        assert_int_equal(st, ER_ERR_PARSE);
        assert_true(er_diags_total(d, ER_DIAG_WARNING) + er_diags_total(d, ER_DIAG_ERROR) >= 1);
        er_diags_free(d);
        er_rtable_free(t);
        t = er_rtable_new();
        d = er_diags_new(0);
        assert_int_equal(load(t, d, "empty", "", 0, parsers[k], NULL), ER_ERR_PARSE);
        assert_int_equal(er_diags_total(d, ER_DIAG_ERROR), 1);
        er_diags_free(d);
        er_rtable_free(t);
        /* Detection on the huge line: nobody claims it. */
        assert_int_equal(er_parser_find(parsers[k])->detect(b, 65536), 0);
    }
    free(b);
}

/* Small inline inputs: status, errors, warnings, routes, and the first route. */
typedef struct inline_case {
    const char *parser;
    const char *text;
    er_status st;
    size_t errors, warnings, routes;
    const char *first; /* route_str of the first route, or NULL */
} inline_case;

static const inline_case inlines[] = {
    /* Host bits: warning, masked, flagged. */
    {"frr-route", "B>* 10.0.0.1/8 [20/0] via 192.0.2.1, eth0, 00:01:02\n", ER_OK, 0, 1, 1,
     "1 * 10.0.0.0/8 192.0.2.1 eth0 - bgp hostbits"},
    {"linux-ip", "10.0.0.1/8 dev eth0 proto kernel scope link\n", ER_OK, 0, 1, 1,
     "1 * 10.0.0.0/8 - eth0 - connected hostbits"},
    /* Invalid addresses: error, parse fails. */
    {"frr-route", "B>* 10.0.0.256/8 [20/0] via 192.0.2.1, eth0\n", ER_ERR_PARSE, 1, 0, 0, NULL},
    {"frr-route", "O>* fc00::/64 [110/20] via fe80::XXXX:XXXX:XXXX:XXXX, r1-sw5, weight 1\n",
     ER_ERR_PARSE, 1, 0, 0, NULL},
    {"linux-ip", "10.0.0.0/8 via 192.0.2.300 dev eth0\n10.1.0.0/16 dev eth1\n", ER_ERR_PARSE, 1,
     0, 1, "2 * 10.1.0.0/16 - eth1 - connected"},
    {"bird", "010.0.0.0/8 via 192.0.2.1 on eth0 [static1 2024-01-01] * (200)\n",
     ER_ERR_PARSE, 1, 0, 0, NULL},
    {"junos-route",
     "inet.0: 1 destinations, 1 routes (1 active, 0 holddown, 0 hidden)\n"
     "10.0.0.0/33        *[Static/5] 00:01:00\n"
     "                    >  to 192.0.2.1 via ge-0/0/0.0\n",
     ER_ERR_PARSE, 1, 1, 0, NULL},
    /* Unknown lines: one warning each, routes kept. */
    {"linux-ip", "default via 192.0.2.1 dev eth0 frobnicate 3\n10.1.0.0/16 dev eth1\n", ER_OK,
     0, 1, 1, "2 * 10.1.0.0/16 - eth1 - connected"},
    {"frr-bgp",
     "BGP table version is 1, local router ID is 192.0.2.9, vrf id 0\n"
     "    Network          Next Hop            Metric LocPrf Weight Path\n"
     " *> 10.0.0.0/8       192.0.2.1                0             0 12076 i\n"
     "this line is garbage\n",
     ER_OK, 0, 1, 1, "3 * 10.0.0.0/8 192.0.2.1 - - ebgp"},
    /* Junos summary: no routes, a note, no warnings. */
    {"junos-route",
     "Autonomous system number: 65000\nRouter ID: 192.0.2.9\n\n"
     "inet.0: 10 destinations, 12 routes (10 active, 0 holddown, 0 hidden)\n"
     "              Direct:      2 routes,      2 active\n"
     "                 BGP:     10 routes,      8 active\n",
     ER_ERR_PARSE, 1, 0, 0, NULL},
    /* JSON/XML broken documents: one error, the line where it broke. */
    {"frr-route-json", "{\n \"10.0.0.0/8\": [\n  {\"protocol\": \"bgp\",\n", ER_ERR_PARSE, 1, 0,
     0, NULL},
    {"junos-xml", "<route-information>\n<route-table>\n<table-name>inet.0</tablename>\n",
     ER_ERR_PARSE, 1, 0, 0, NULL},
    {"linux-ip-json", "[{\"dst\":\"10.0.0.0/8\",\"dev\":\"eth0\"},]\n", ER_ERR_PARSE, 1, 0, 0,
     NULL},
    /* route -n without -n: names. */
    {"linux-route-n",
     "Kernel IP routing table\n"
     "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
     "default         _gateway        0.0.0.0         UG    100    0        0 ens33\n"
     "_gateway        0.0.0.0         255.255.255.255 UH    100    0        0 ens33\n",
     ER_OK, 0, 1, 1, "3 * 0.0.0.0/0 - ens33 - static"},
};

static void test_inline(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof inlines / sizeof inlines[0]; k++) {
        const inline_case *c = &inlines[k];
        er_rtable *t = er_rtable_new();
        er_diags *d = er_diags_new(0);
        er_status st = load(t, d, "inline", c->text, strlen(c->text), c->parser, NULL);
        size_t errs = er_diags_total(d, ER_DIAG_ERROR), warns = er_diags_total(d, ER_DIAG_WARNING);
        /* A file without routes adds the loader's own "no routes found" error. */
        if (er_rtable_count(t) == 0 && st == ER_ERR_PARSE && errs > c->errors)
            errs--;
        if (st != c->st || errs != c->errors || warns != c->warnings ||
            er_rtable_count(t) != c->routes) {
            for (size_t i = 0; i < er_diags_count(d); i++)
                print_message("  diag %u: %s\n", er_diags_get(d, i)->line,
                              er_diags_get(d, i)->msg);
            fail_msg("inline case %zu (%s): st %d err %zu warn %zu routes %zu", k, c->parser,
                     st, errs, warns, er_rtable_count(t));
        }
        if (c->first) {
            char got[512];
            route_str(t, er_rtable_get(t, 0), got, sizeof got);
            assert_string_equal(got, c->first);
        }
        /* Every diagnostic names the file. */
        for (size_t i = 0; i < er_diags_count(d); i++)
            assert_string_equal(er_diags_get(d, i)->file, "inline");
        er_diags_free(d);
        er_rtable_free(t);
    }
}

static void test_vrf_filter(void **state)
{
    (void)state;
    static const struct {
        const char *file, *parser, *vrf;
        size_t routes;
    } cases[] = {
        {"frr/show_ip_route_vrfs.txt", "frr-route", "red", 2},
        {"frr/show_ip_route_vrfs.txt", "frr-route", "default", 10},
        {"frr/show_ip_route_vrf_all.json", "frr-route-json", "red", 1},
        {"junos/show_route_brief.txt", "junos-route", "CUST-A", 2},
        {"junos/show_route.xml", "junos-xml", "BLUE", 1},
        {"linux/ip_route.txt", "linux-ip", "red", 2},
        {"bird/bird2_show_route_all.txt", "bird", "vrf_red", 2},
        {"bird/bird2_show_route_all.txt", "bird", "default", 4},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t len;
        char *buf = read_fixture(cases[k].file, &len);
        er_rtable *t = er_rtable_new();
        er_diags *d = er_diags_new(0);
        assert_int_equal(load(t, d, cases[k].file, buf, len, cases[k].parser, cases[k].vrf),
                         ER_OK);
        if (er_rtable_count(t) != cases[k].routes)
            fail_msg("%s vrf %s: %zu routes", cases[k].file, cases[k].vrf, er_rtable_count(t));
        for (size_t i = 0; i < er_rtable_count(t); i++) {
            const er_route *r = er_rtable_get(t, i);
            const char *v = strcmp(cases[k].vrf, "default") == 0 ? "" : cases[k].vrf;
            assert_int_equal(r->vrf.len, strlen(v));
            assert_memory_equal(er_rtable_str(t, r->vrf), v, strlen(v));
        }
        er_diags_free(d);
        er_rtable_free(t);
        free(buf);
    }
}

/* Attributes not visible in the one-line route strings. */
static void test_attributes(void **state)
{
    (void)state;
    size_t len;
    char *buf = read_fixture("junos/show_route_detail.txt", &len);
    er_rtable *t = er_rtable_new();
    er_diags *d = er_diags_new(0);
    assert_int_equal(load(t, d, "x", buf, len, "junos-route", NULL), ER_OK);
    const er_route *r = er_rtable_get(t, 0);
    assert_int_equal(r->locpref, 200);
    assert_true(r->flags & ER_RF_HAS_LOCPREF);
    assert_int_equal(r->distance, 170);
    assert_memory_equal(er_rtable_str(t, r->as_path), "12076", 5);
    assert_int_equal(r->as_path.len, 5);
    assert_int_equal(r->communities.len, strlen("12076:51004 12076:52004"));
    assert_memory_equal(er_rtable_str(t, r->communities), "12076:51004 12076:52004",
                        r->communities.len);
    er_diags_free(d);
    er_rtable_free(t);
    free(buf);

    buf = read_fixture("bird/bird2_show_route_all.txt", &len);
    t = er_rtable_new();
    d = er_diags_new(0);
    assert_int_equal(load(t, d, "x", buf, len, "bird", NULL), ER_OK);
    r = er_rtable_get(t, 0);
    const char *cm = "12076:51004 12076:52004 65515:1 12076:0:1";
    assert_int_equal(r->communities.len, strlen(cm));
    assert_memory_equal(er_rtable_str(t, r->communities), cm, strlen(cm));
    assert_int_equal(r->locpref, 100);
    r = er_rtable_get(t, 1);
    assert_int_equal(r->metric, 50);
    assert_memory_equal(er_rtable_str(t, r->as_path), "3356 8075", 9);
    er_diags_free(d);
    er_rtable_free(t);
    free(buf);

    buf = read_fixture("frr/show_bgp_ipv4.txt", &len);
    t = er_rtable_new();
    d = er_diags_new(0);
    assert_int_equal(load(t, d, "x", buf, len, "frr-bgp", NULL), ER_OK);
    r = er_rtable_get(t, 2); /* *>i20.33.0.0/16 10.20.0.1 0 200 0 12076 8075 i */
    assert_int_equal(r->locpref, 200);
    assert_true(r->flags & ER_RF_HAS_METRIC);
    assert_int_equal(r->metric, 0);
    r = er_rtable_get(t, 5); /* 192.0.2.0/24 metric 10, path with a set */
    assert_int_equal(r->metric, 10);
    assert_false(r->flags & ER_RF_HAS_LOCPREF);
    const char *ap = "3356 65002 {64512,64513}";
    assert_int_equal(r->as_path.len, strlen(ap));
    assert_memory_equal(er_rtable_str(t, r->as_path), ap, strlen(ap));
    er_diags_free(d);
    er_rtable_free(t);
    free(buf);
}

/* The XML tokenizer on its own. */
static void test_xml_scan(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        unsigned line;
    } cases[] = {
        {"<?xml version=\"1.0\"?><a x=\"1\" y='2'><b/>t&amp;&#33;<!-- c --></a>", true, 0},
        {"<a><b></a></b>", false, 1},
        {"<a>\n<b>\n", false, 3},
        {"<a>x &bogus; y</a>", false, 1},
        {"<a x=1></a>", false, 1},
        {"text<a/>", false, 1},
        {"<a></a>\n<b><![CDATA[<not a tag>]]></b>", true, 0},
        {"<!DOCTYPE a><a/>", false, 1},
        {"<a>\n\n</a", false, 3},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        xs_scanner x;
        er_xs_init(&x, cases[k].text, strlen(cases[k].text));
        xs_token t;
        int guard = 0;
        do {
            t = er_xs_next(&x);
        } while (t.kind != XS_EOF && t.kind != XS_ERROR && ++guard < 100);
        if ((t.kind == XS_EOF) != cases[k].ok)
            fail_msg("xml case %zu: %s", k, t.kind == XS_ERROR ? t.msg : "accepted");
        if (!cases[k].ok)
            assert_int_equal(t.line, cases[k].line);
    }
}

/* Inputs that none of these parsers may claim. */
static void test_detect_negatives(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "10.0.0.0/8\n",
        "10.0.0.0/8\n10.1.0.0/16\n2001:db8::/32\n",
        "hello world\n",
        "BGP table version is 5, local router ID is 10.0.0.1\n"
        "Status codes: s suppressed, d damped, h history, * valid, > best, i - internal,\n"
        "              r RIB-failure, S Stale, m multipath, b backup-path, f RT-Filter\n"
        "     Network          Next Hop            Metric LocPrf Weight Path\n"
        " *>  10.0.0.0         0.0.0.0                  0         32768 i\n",
        "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n"
        "Gateway of last resort is 10.0.0.1 to network 0.0.0.0\n\n"
        "S*    0.0.0.0/0 [1/0] via 10.0.0.1\n"
        "B     13.64.0.0/11 [20/0] via 10.11.16.14, 00:01:02\n",
        "{\"value\": [{\"addressPrefix\": [\"10.0.0.0/8\"], \"nextHopType\": \"VnetLocal\"}]}\n",
        "[{\"addressPrefix\": \"10.0.0.0/8\", \"nextHopIp\": \"10.0.0.4\"}]\n",
    };
    const char *const names[] = {"junos-route", "junos-json", "junos-xml", "frr-route",
                                 "frr-bgp", "frr-route-json", "frr-bgp-json", "linux-ip",
                                 "linux-ip-json", "linux-route-n", "bird"};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            int sc = er_parser_find(names[i])->detect(texts[k], strlen(texts[k]));
            if (sc != 0)
                fail_msg("%s scores %d on negative %zu", names[i], sc, k);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),       cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_huge_line_and_empty), cmocka_unit_test(test_inline),
        cmocka_unit_test(test_vrf_filter),     cmocka_unit_test(test_attributes),
        cmocka_unit_test(test_xml_scan),       cmocka_unit_test(test_detect_negatives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
