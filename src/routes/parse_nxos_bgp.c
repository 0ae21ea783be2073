/* Cisco NX-OS "show ip bgp" / "show bgp ipv6 unicast" (table and per-prefix detail forms).
 *
 * How it works: the table form is the Cisco fixed-width BGP table (read by cisco_bgp_row in
 * cisco_bgp_table.c) under "BGP routing table information for VRF X, address family Y" headers.
 * NX-OS status field: column 1 '*' valid, 's' suppressed, 'x' deleted, 'S' stale,
 * 'd' dampened, 'h' history; column 2 '>' best, '|' multipath (installed as ECMP, so best
 * here), '2' best2, '&' backup; column 3 the path type (i internal, e external, c confed,
 * l local, a aggregate, r redistributed, I injected). A path forwards when column 1 is
 * '*' (or 's'/'S') and column 2 is '>' or '|'.
 *
 * The detail form ("show ip bgp 10.0.0.0/8": "BGP routing table entry for", "Path type:
 * internal, path is valid, is best path", "AS-Path: 65001 65002, path sourced external",
 * the next hop line "10.1.1.1 (metric 41) from 10.1.1.1 (1.1.1.1)", "Origin IGP, MED 0,
 * localpref 100, weight 0", "Community: ...") gives one route per path, best when the
 * path is valid and "is best path" or "is multipath". */
#include <string.h>

#include "routes/cisco_bgp_table.h"
#include "routes/cisco_text.h"
#include "routes/parse_util.h"

typedef enum { SEC_NONE, SEC_ENTRY, SEC_EXTCOMM, SEC_PEERS } section;

typedef struct nxb {
    pu_state pu;
    cisco_bgp bgp;
    /* detail form */
    bool in_entry;
    er_prefix pfx;
    uint8_t pflags; /* ER_RF_HOSTBITS of the prefix */
    section sec;
    bool have_path; /* a "Path type:" line opened a path */
    bool path_nh;   /* its next hop line was seen */
    er_route path;
} nxb;

static void flush_path(nxb *x)
{
    if (x->have_path && x->path_nh)
        pu_push(&x->pu, &x->path);
    else if (x->have_path)
        pu_diag(&x->pu, ER_DIAG_WARNING, x->path.line, 1,
                "bgp path without a next hop line: dropped");
    x->have_path = false;
    x->path_nh = false;
}

/* "BGP routing table information for VRF X, address family IPv4 Unicast" */
static bool vrf_header(nxb *x, const char *s, const char *e)
{
    static const char k[] = "BGP routing table information for VRF ";
    if (!sc_starts(s, e, k))
        return false;
    const char *v = s + sizeof k - 1;
    const char *c = memchr(v, ',', (size_t)(e - v));
    flush_path(x);
    pu_set_vrf(&x->pu, v, c ? c : e);
    cisco_bgp_reset(&x->bgp);
    x->in_entry = false;
    pu_ok(&x->pu);
    return true;
}

/* "Route Distinguisher: 65000:1    (VRF red)" or "(L3VNI 10000)" */
static bool rd_line(nxb *x, const char *s, const char *e)
{
    const char *vs, *ve;
    int k = cisco_rd_vrf(s, e, "(VRF ", &vs, &ve);
    if (k == 0)
        return false;
    flush_path(x);
    x->in_entry = false;
    if (k < 0)
        return false;
    pu_set_vrf(&x->pu, vs, ve);
    cisco_bgp_reset(&x->bgp);
    pu_ok(&x->pu);
    return true;
}

/* Legend and information lines of the table form. */
static bool table_info(const char *s, const char *e)
{
    static const char *const starts[] = {
        "BGP table version is ", "Status: ", "Path type: i-internal", "Origin codes: ",
        "Path type: ", /* wrapped legends */
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(starts); i++)
        if (sc_starts(s, e, starts[i]) && (i != 4 || sc_find(s, e, "i-internal")))
            return true;
    return false;
}

/* ---- detail form ---- */

static bool entry_line(nxb *x, uint32_t line, const char *s, const char *e)
{
    static const char k[] = "BGP routing table entry for ";
    if (!sc_starts(s, e, k))
        return false;
    flush_path(x);
    const char *p = s + sizeof k - 1;
    const char *c = memchr(p, ',', (size_t)(e - p));
    const char *pe = c ? c : e;
    sc_trim(&p, &pe);
    /* VPN tables print "RD:prefix": keep the prefix. */
    const char *last_colon = NULL;
    for (const char *q = p; q < pe; q++)
        if (*q == ':')
            last_colon = q;
    er_prefix pfx;
    uint8_t hb = 0;
    bool ok = pu_prefix(&x->pu, line, pu_col(s, p), p, pe, true, &pfx, &hb) == ER_ADDR_OK;
    if (!ok && last_colon && memchr(last_colon, '.', (size_t)(pe - last_colon)))
        ok = pu_prefix(&x->pu, line, pu_col(s, last_colon + 1), last_colon + 1, pe, true, &pfx,
                       &hb) == ER_ADDR_OK;
    if (!ok) {
        pu_error(&x->pu, line, (uint32_t)(p - s) + 1, "invalid prefix", p, pe);
        x->in_entry = false;
        return true;
    }
    x->in_entry = true;
    x->pfx = pfx;
    x->pflags = hb;
    x->sec = SEC_ENTRY;
    pu_ok(&x->pu);
    return true;
}

static er_proto path_proto(const char *s, const char *e)
{
    if (pu_word(s, e, "internal"))
        return ER_PROTO_IBGP;
    if (pu_word(s, e, "external"))
        return ER_PROTO_EBGP;
    return ER_PROTO_BGP;
}

/* "Path type: internal, path is valid, is best path" */
static void path_type(nxb *x, uint32_t line, const char *p, const char *e)
{
    flush_path(x);
    x->have_path = true;
    pu_route_init(&x->path, line);
    x->path.prefix = x->pfx;
    x->path.flags = x->pflags;
    x->path.proto = (uint8_t)path_proto(p, e);
    bool valid = sc_find(p, e, "path is valid") != NULL;
    bool best = sc_find(p, e, "is best path") || sc_find(p, e, "is multipath");
    if (valid && best)
        x->path.flags |= ER_RF_BEST;
}

/* "10.2.4.8 (metric 101) from 10.2.4.8 (10.2.4.8)" */
static bool nh_line(nxb *x, uint32_t line, const char *s, const char *p, const char *e)
{
    const char *ts, *te, *q = p;
    if (!sc_token(&q, e, &ts, &te) || !sc_find(q, e, " from "))
        return false;
    er_prefix nh;
    if (!pu_addr(ts, te, &nh)) {
        if (pu_addr_like(ts, te)) {
            pu_error(&x->pu, line, (uint32_t)(ts - s) + 1, "invalid next hop", ts, te);
            x->have_path = false;
            return true;
        }
        return false;
    }
    if (nh.addr != 0) {
        pu_set_nh(&x->path, &nh);
    }
    x->path_nh = true;
    pu_ok(&x->pu);
    return true;
}

/* "Origin IGP, MED 0, localpref 100, weight 0" */
static void origin_line(nxb *x, const char *p, const char *e)
{
    const char *fs, *fe;
    while (pu_next_field(&p, e, &fs, &fe)) {
        const char *q = fs, *ks, *ke, *vs, *ve;
        if (!sc_token(&q, fe, &ks, &ke) || !sc_token(&q, fe, &vs, &ve))
            continue;
        uint32_t v;
        if (sc_eq(ks, ke, "MED") && sc_u32(vs, ve, &v)) {
            x->path.metric = v;
            x->path.flags |= ER_RF_HAS_METRIC;
        } else if (sc_eq(ks, ke, "localpref") && sc_u32(vs, ve, &v)) {
            x->path.locpref = v;
            x->path.flags |= ER_RF_HAS_LOCPREF;
        }
    }
}

static bool all_addresses(const char *s, const char *e)
{
    const char *p = s, *ts, *te;
    bool any = false;
    er_prefix a;
    while (sc_token(&p, e, &ts, &te)) {
        if (!pu_addr(ts, te, &a))
            return false;
        any = true;
    }
    return any;
}

/* One line inside a detail entry; false when not understood. */
static bool detail_line(nxb *x, uint32_t line, const char *s, const char *e)
{
    const char *p = sc_skip_ws(s, e);
    int indent = (int)(p - s);
    if (x->sec == SEC_EXTCOMM && indent >= 8) {
        pu_ok(&x->pu);
        return true;
    }
    if (x->sec == SEC_PEERS && indent >= 4 && all_addresses(p, e)) {
        pu_ok(&x->pu);
        return true;
    }
    if (x->sec != SEC_PEERS)
        x->sec = SEC_ENTRY;
    if (sc_starts(p, e, "Path type: ") && indent > 0) {
        x->sec = SEC_ENTRY;
        path_type(x, line, p + 11, e);
        pu_ok(&x->pu);
        return true;
    }
    static const char *const info[] = {
        "Paths: (", "Flags: ", "vpn: ", "local label: ", "Multipath: ", "Advertised path-id ",
        "Imported from ", "Received label ", "Extcommunity:", "Originator: ", "Cluster list: ",
        "Path-id ", "VRF advertise information:", "VPN AF advertise information:",
        "Nexthop ", "Aggregated by ", "Atomic aggregate", "Large Community: ",
        "Received path-id ", "Not advertised to any peer", "Advertised to peers:", "Link-bandwidth"};
    for (size_t i = 0; i < ER_ARRAY_LEN(info); i++) {
        if (!sc_starts(p, e, info[i]))
            continue;
        if (sc_starts(p, e, "Extcommunity:"))
            x->sec = SEC_EXTCOMM;
        if (sc_find(p, e, "advertised to peers:") || sc_find(p, e, "Advertised to peers:"))
            x->sec = SEC_PEERS;
        else if (sc_starts(p, e, "Path-id ") || sc_starts(p, e, "VRF advertise") ||
                 sc_starts(p, e, "VPN AF advertise"))
            flush_path(x);
        pu_ok(&x->pu);
        return true;
    }
    if (!x->have_path)
        return false;
    if (sc_starts(p, e, "AS-Path: ")) {
        const char *v = p + 9, *c = memchr(v, ',', (size_t)(e - v));
        const char *ve = c ? c : e;
        sc_trim(&v, &ve);
        if (!sc_eq(v, ve, "NONE"))
            x->path.as_path = pu_intern_slot(&x->pu, PU_SLOT_ASPATH, v, ve);
        pu_ok(&x->pu);
        return true;
    }
    if (sc_starts(p, e, "Origin ")) {
        origin_line(x, p, e);
        pu_ok(&x->pu);
        return true;
    }
    if (sc_starts(p, e, "Community: ")) {
        const char *v = p + 11, *ve = e;
        sc_trim(&v, &ve);
        x->path.communities = pu_intern_slot(&x->pu, PU_SLOT_COMM, v, ve);
        pu_ok(&x->pu);
        return true;
    }
    if (!x->path_nh && indent >= 4)
        return nh_line(x, line, s, p, e);
    return false;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    nxb x;
    memset(&x, 0, sizeof x);
    pu_init(&x.pu, ctx, buf, len);
    cisco_bgp_init(&x.bgp, &x.pu, CISCO_BGP_NXOS);
    const char *s, *e;
    while (pu_next_line(&x.pu, &s, &e)) {
        uint32_t ln = pu_lineno(&x.pu);
        pu_strip_pager(&s, &e);
        if (pu_is_blank(s, e)) {
            if (x.sec == SEC_EXTCOMM || x.sec == SEC_PEERS)
                x.sec = SEC_ENTRY;
            pu_ok(&x.pu);
            continue;
        }
        if (cisco_is_noise(s, e)) {
            pu_ok(&x.pu);
            continue;
        }
        if (vrf_header(&x, s, e) || rd_line(&x, s, e) || entry_line(&x, ln, s, e))
            continue;
        if (x.in_entry) {
            if (!detail_line(&x, ln, s, e))
                pu_skip(&x.pu, ln, NULL, s, e);
            continue;
        }
        if (cisco_bgp_row(&x.bgp, ln, s, e))
            continue;
        if (table_info(s, e)) {
            pu_ok(&x.pu);
            continue;
        }
        cisco_bgpcols c;
        if (cisco_bgp_header(s, e, &c)) {
            x.bgp.cols = c;
            pu_ok(&x.pu);
            continue;
        }
        pu_skip(&x.pu, ln, NULL, s, e);
    }
    cisco_bgp_end(&x.bgp);
    flush_path(&x);
    return pu_finish(&x.pu);
}

static int detect(const char *buf, size_t len)
{
    const char *e = buf + len;
    /* EOS prints the same words without ", address family". */
    const char *i = sc_find(buf, e, "BGP routing table information for VRF ");
    const char *nl = i ? memchr(i, '\n', (size_t)(e - i)) : NULL;
    bool info = i && sc_find(i, nl ? nl : e, ", address family ");
    bool nx_legend = sc_find(buf, e, "Path type: i-internal, e-external") != NULL;
    bool detail = sc_find(buf, e, "BGP routing table entry for ") && sc_find(buf, e, "Path type: ") &&
                  sc_find(buf, e, "AS-Path: ");
    if (nx_legend)
        return 95;
    if (info && (detail || sc_find(buf, e, "Network")))
        return 90;
    if (detail)
        return 80;
    return 0;
}

const er_parser er_parser_nxos_bgp = {
    "nxos-bgp",
    "Cisco NX-OS show ip bgp / show bgp ipv6 unicast (table or per-prefix detail)",
    "'BGP routing table information for VRF X, address family' and the NX-OS status legend "
    "'Path type: i-internal, e-external'",
    detect,
    parse,
};
