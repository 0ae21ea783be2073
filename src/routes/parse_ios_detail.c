/* Cisco IOS/IOS-XE per-prefix detail output: show ip route <prefix> / show ipv6 route
 * <prefix> ("Routing entry for ...") and show ip bgp [vpnv4 vrf X] <prefix>
 * ("BGP routing table entry for ...").
 *
 * How it works: both outputs are blocks introduced by a "... entry for <prefix>" line
 * and structured by indentation. In a routing entry, "Known via" gives the protocol,
 * distance and metric, and every line of the "Routing Descriptor Blocks:" (IPv6:
 * "Routing paths:") list that starts with a next hop or "directly connected" is one
 * installed path: all are best, the LPM keeps the first. In a BGP entry, "Paths: (...,
 * table T)" names the VRF, and each path is three lines: the AS path (indent 2, "Local"
 * when empty), the next hop (indent 4) and "Origin ..., best" (indent 6); the route is
 * added at that third line, and a following "Community:" line fills its communities.
 * Lines indented under a path or descriptor are attributes and are read as such. */
#include <string.h>

#include "routes/cisco_text.h"
#include "routes/parse_util.h"

enum { M_NONE, M_ROUTE, M_BGP };

typedef struct dt_state {
    pu_state pu;
    int mode;
    er_prefix prefix;
    uint8_t pflags; /* ER_RF_HOSTBITS of the entry's prefix */
    /* Route entry: protocol, distance and metric from "Known via". */
    uint8_t proto;
    bool has_dm;
    uint32_t distance, metric;
    bool in_blocks;
    /* BGP entry: the path being read (AS path line seen, next hop line seen). */
    int path_stage; /* 0 none, 1 AS path, 2 next hop, 3 origin (route added) */
    uint32_t path_line, nh_line;
    const char *path_s, *path_e;   /* AS path text */
    const char *pline_s, *pline_e; /* the AS path line, for messages */
    const char *nline_s, *nline_e; /* the next hop line */
    er_prefix nh;
    bool last_pushed;    /* the route of the current path was added to the table */
    size_t last_index;
} dt_state;

static int indent(const char *s, const char *e)
{
    int n = 0;
    while (s < e && sc_is_space(*s)) {
        n += *s == '\t' ? 8 - n % 8 : 1;
        s++;
    }
    return n;
}

static const char *tok_end(const char *p, const char *e)
{
    while (p < e && !sc_is_space(*p) && *p != ',')
        p++;
    return p;
}

/* The prefix of an entry line: "1.0.4.0/24", or "65417:2:1.0.4.0/24" with a route
 * distinguisher in front. ER_ADDR_OK/HOST_BITS or the error; *ps,*pe the token. */
static er_addr_err entry_prefix(const char *p, const char *e, er_prefix *out, const char **ps,
                                const char **pe)
{
    const char *te = tok_end(p, e), *q;
    bool has_len;
    *ps = p;
    *pe = te;
    er_addr_err rc = pu_prefix_tok(p, te, out, &q, &has_len);
    if ((rc == ER_ADDR_OK || rc == ER_ADDR_HOST_BITS) && !has_len)
        return ER_ADDR_BAD_LEN;
    if (rc == ER_ADDR_OK || rc == ER_ADDR_HOST_BITS || rc == ER_ADDR_BAD_LEN)
        return rc;
    /* "ASN:NN:" or "A.B.C.D:NN:" in front. */
    const char *c1 = memchr(p, ':', (size_t)(te - p));
    const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(te - c1 - 1)) : NULL;
    if (!c2)
        return rc;
    *ps = c2 + 1;
    rc = pu_prefix_tok(c2 + 1, te, out, &q, &has_len);
    if ((rc == ER_ADDR_OK || rc == ER_ADDR_HOST_BITS) && !has_len)
        return ER_ADDR_BAD_LEN;
    return rc;
}

static void forget_entry(dt_state *st)
{
    st->mode = M_NONE;
    st->in_blocks = false;
    st->path_stage = 0;
    st->last_pushed = false;
}

/* A BGP path whose lines stopped before "Origin": one warning per line held. */
static void flush_path(dt_state *st)
{
    if (st->path_stage == 1 || st->path_stage == 2)
        pu_skip(&st->pu, st->path_line, "path of a BGP entry without its next hop or origin line",
                st->pline_s, st->pline_e);
    if (st->path_stage == 2)
        pu_skip(&st->pu, st->nh_line, "path of a BGP entry without its origin line", st->nline_s,
                st->nline_e);
    st->path_stage = 0;
}

static er_status on_entry(dt_state *st, const char *s, const char *e, uint32_t ln,
                          const char *p, int mode)
{
    flush_path(st);
    forget_entry(st);
    const char *ps, *pe;
    er_addr_err rc = entry_prefix(p, e, &st->prefix, &ps, &pe);
    if (rc != ER_ADDR_OK && rc != ER_ADDR_HOST_BITS) {
        pu_error(&st->pu, ln, (uint32_t)(ps - s + 1), "bad prefix in detail entry", ps, pe);
        return ER_OK;
    }
    st->pflags = pu_fix_hostbits(&st->pu, &st->prefix, ln, (uint32_t)(ps - s + 1));
    st->mode = mode;
    st->proto = mode == M_BGP ? ER_PROTO_BGP : ER_PROTO_OTHER;
    st->has_dm = false;
    pu_ok(&st->pu);
    return ER_OK;
}

/* Known via "bgp 65201", distance 20, metric 0[, type internal|external][, ...] */
static bool on_known_via(dt_state *st, const char *p, const char *e)
{
    const char *q = memchr(p, '"', (size_t)(e - p));
    if (!q)
        return false;
    const char *ns = q + 1, *ne = ns;
    while (ne < e && *ne != '"' && !sc_is_space(*ne))
        ne++;
    st->proto = (uint8_t)pu_proto_word(ns, ne);
    const char *d = sc_find(ne, e, "distance "), *m = sc_find(ne, e, "metric ");
    if (d && m) {
        const char *de = d + 9, *me = m + 7;
        while (de < e && sc_is_digit(*de))
            de++;
        while (me < e && sc_is_digit(*me))
            me++;
        if (!sc_u32(d + 9, de, &st->distance) || !sc_u32(m + 7, me, &st->metric))
            return false;
        st->has_dm = true;
    }
    return true;
}

/* "Tag 8244, type external" (or in Known via): iBGP/eBGP for BGP routes. */
static void bgp_type(dt_state *st, const char *p, const char *e)
{
    if (st->proto != ER_PROTO_BGP && st->proto != ER_PROTO_IBGP && st->proto != ER_PROTO_EBGP)
        return;
    if (sc_find(p, e, "type internal"))
        st->proto = ER_PROTO_IBGP;
    else if (sc_find(p, e, "type external"))
        st->proto = ER_PROTO_EBGP;
}

/* A descriptor: "* 10.0.0.1, from 10.0.0.1, 1d ago[, via Gi0/0]", "* 10.0.0.1 (default),
 * from ...", "* directly connected, via Vlan5", IPv6 "FE80::1, GigabitEthernet0/0".
 * Returns false if the line is no descriptor. */
static er_status on_descriptor(dt_state *st, const char *s, const char *e, uint32_t ln,
                               const char *p, bool *ok)
{
    *ok = false;
    er_route r;
    pu_route_init(&r, ln);
    r.prefix = st->prefix;
    r.proto = st->proto;
    r.flags = (uint8_t)(ER_RF_BEST | st->pflags);
    if (st->has_dm) {
        r.flags |= ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC;
        r.distance = st->distance;
        r.metric = st->metric;
    }
    if (*p == '*')
        p = sc_skip_ws(p + 1, e);
    const char *te = tok_end(p, e);
    bool first_is_iface = false;
    if (sc_starts(p, e, "directly connected")) {
        p += strlen("directly connected");
    } else if (pu_looks_like_addr(p, te)) {
        er_prefix nh;
        if (!pu_addr(p, te, &nh)) {
            pu_error(&st->pu, ln, (uint32_t)(p - s + 1), "bad next hop address", p, te);
            *ok = true;
            return ER_OK;
        }
        pu_set_nh(&r, &nh);
        p = te;
        first_is_iface = true; /* IPv6: "FE80::1, GigabitEthernet0/0" */
    } else {
        return ER_OK;
    }
    /* The rest: ", from X", ", age ago", ", via IFACE", "(vrf)", or an IPv6 interface. */
    const char *ifs = NULL, *ife = NULL;
    while (p < e) {
        while (p < e && (sc_is_space(*p) || *p == ','))
            p++;
        if (p >= e)
            break;
        const char *ws = p, *we = tok_end(p, e);
        if (*p == '(') {
            const char *rp = memchr(p, ')', (size_t)(e - p));
            p = rp ? rp + 1 : e;
            continue;
        }
        if (sc_eq(ws, we, "via")) {
            const char *is = sc_skip_ws(we, e), *ie = tok_end(is, e);
            if (is < ie) {
                ifs = is;
                ife = ie;
            }
            p = ie;
            first_is_iface = false;
            continue;
        }
        bool letter = (*ws >= 'A' && *ws <= 'Z') || (*ws >= 'a' && *ws <= 'z');
        if (first_is_iface && letter && !sc_eq(ws, we, "from")) {
            ifs = ws;
            ife = we;
        }
        first_is_iface = false;
        /* Skip this comma-separated item ("from 10.0.0.1", "1d21h ago"). */
        while (p < e && *p != ',')
            p++;
    }
    if (ifs)
        pu_set_iface(&st->pu, &r, ifs, ife);
    *ok = true;
    pu_ok(&st->pu);
    return pu_push(&st->pu, &r);
}

/* "  8244 3269 65020 65017, (received & used)" or "  Local" */
static bool on_as_path(dt_state *st, const char *s, const char *e, uint32_t ln, const char *p)
{
    const char *pe = p;
    while (pe < e && *pe != ',')
        pe++;
    const char *ps = p;
    sc_trim(&ps, &pe);
    if (sc_eq(ps, pe, "Local") || sc_starts(ps, pe, "Local "))
        pe = ps;
    else if (ps == pe || !pu_valid_as_path(ps, pe))
        return false;
    flush_path(st);
    st->path_stage = 1;
    st->path_line = ln;
    st->path_s = ps;
    st->path_e = pe;
    st->pline_s = s;
    st->pline_e = e;
    return true;
}

/* "    10.105.179.5 (metric 3840) (via vrf TEST) from 10.105.179.5 (10.105.113.242)" */
static bool on_bgp_nexthop(dt_state *st, const char *s, const char *e, uint32_t ln,
                           const char *p)
{
    const char *te = p;
    while (te < e && !sc_is_space(*te))
        te++;
    if (!pu_looks_like_addr(p, te))
        return false;
    if (!pu_addr(p, te, &st->nh)) {
        pu_skip(&st->pu, st->path_line, "path of a BGP entry with a bad next hop", st->pline_s,
                st->pline_e);
        pu_error(&st->pu, ln, (uint32_t)(p - s + 1), "bad next hop address", p, te);
        st->path_stage = 0;
        return true;
    }
    st->path_stage = 2;
    st->nh_line = ln;
    st->nline_s = s;
    st->nline_e = e;
    return true;
}

/* "      Origin IGP, metric 0, localpref 100, valid, external, best" */
static er_status on_origin(dt_state *st, const char *e, const char *p)
{
    er_route r;
    pu_route_init(&r, st->path_line);
    r.prefix = st->prefix;
    r.flags = st->pflags;
    pu_set_nh(&r, &st->nh);
    r.proto = ER_PROTO_BGP;
    while (p < e) {
        while (p < e && (sc_is_space(*p) || *p == ','))
            p++;
        const char *is = p;
        while (p < e && *p != ',')
            p++;
        const char *ie = p;
        sc_trim(&is, &ie);
        uint32_t v;
        if (sc_eq(is, ie, "best"))
            r.flags |= ER_RF_BEST;
        else if (sc_eq(is, ie, "internal"))
            r.proto = ER_PROTO_IBGP;
        else if (sc_eq(is, ie, "external"))
            r.proto = ER_PROTO_EBGP;
        else if (sc_starts(is, ie, "metric ") && sc_u32(is + 7, ie, &v)) {
            r.metric = v;
            r.flags |= ER_RF_HAS_METRIC;
        } else if (sc_starts(is, ie, "localpref ") && sc_u32(is + 10, ie, &v)) {
            r.locpref = v;
            r.flags |= ER_RF_HAS_LOCPREF;
        }
    }
    r.as_path = pu_intern_slot(&st->pu, PU_SLOT_ASPATH, st->path_s, st->path_e);
    if (st->pu.nomem)
        return ER_ERR_NOMEM;
    size_t before = er_rtable_count(st->pu.ctx->table);
    er_status rc = pu_push(&st->pu, &r);
    st->last_pushed = er_rtable_count(st->pu.ctx->table) > before;
    st->last_index = before;
    st->path_stage = 3;
    pu_ok_n(&st->pu, 3); /* AS path, next hop and origin lines */
    return rc;
}

/* "      Community: 560 no-export" after a path's origin line. */
static er_status on_community(dt_state *st, const char *p, const char *e)
{
    p = sc_skip_ws(p + strlen("Community:"), e);
    const char *ce = e;
    sc_trim(&p, &ce);
    if (!st->last_pushed || p == ce)
        return ER_OK;
    er_strref ref = pu_intern(&st->pu, p, ce);
    if (st->pu.nomem)
        return ER_ERR_NOMEM;
    er_rtable_at(st->pu.ctx->table, st->last_index)->communities = ref;
    return ER_OK;
}

static const char *const route_info[] = {
    "Known via", "Tag ", "Redistributing via", "Advertised by", "Last update from",
    "Installed", "Route metric is", "AS Hops", "Route tag", "MPLS label", "MPLS Flags",
    "Route count is", "Last updated", "From ", "Repair Path", "Supernet", "Originator:",
    NULL,
};

static void on_vrf_name(dt_state *st, const char *s, const char *e)
{
    if (sc_eq(s, e, "Default-IP-Routing-Table"))
        e = s;
    pu_set_vrf(&st->pu, s, e);
}

static er_status dt_line(void *arg, const char *s, const char *e, uint32_t ln)
{
    dt_state *st = arg;
    pu_state *o = &st->pu;
    pu_strip_pager(&s, &e);
    if (pu_is_blank(s, e)) {
        flush_path(st);
        pu_ok(o);
        return ER_OK;
    }
    int ind = indent(s, e);
    const char *p = sc_skip_ws(s, e), *c, *ce, *vs, *ve;
    if (sc_starts(p, e, "Routing entry for "))
        return on_entry(st, s, e, ln, p + strlen("Routing entry for "), M_ROUTE);
    if (sc_starts(p, e, "BGP routing table entry for "))
        return on_entry(st, s, e, ln, p + strlen("BGP routing table entry for "), M_BGP);
    if (ind == 0) {
        flush_path(st);
        if (sc_starts(p, e, "Routing Table: ")) {
            const char *q = p + strlen("Routing Table: "), *ns, *ne;
            if (sc_token(&q, e, &ns, &ne))
                on_vrf_name(st, ns, ne);
            else
                on_vrf_name(st, p, p);
        } else if (sc_starts(p, e, "Paths: (") && st->mode == M_BGP) {
            const char *t = sc_find(p, e, "table ");
            if (t) {
                const char *ns = t + 6, *ne = ns;
                while (ne < e && *ne != ')' && *ne != ',' && !sc_is_space(*ne))
                    ne++;
                on_vrf_name(st, ns, ne);
            }
        } else if (cisco_is_prompt(p, e, &c, &ce) || cisco_is_show_cmd(p, e)) {
            if (!cisco_is_prompt(p, e, &c, &ce)) {
                c = p;
                ce = e;
            }
            forget_entry(st);
            if (c < ce && cisco_cmd_vrf(c, ce, &vs, &ve))
                on_vrf_name(st, vs, ve);
            else if (c < ce)
                on_vrf_name(st, p, p);
        } else if (cisco_is_banner(p, e)) {
            /* timestamp */
        } else if (*p == '%') {
            /* "% Network not in table": the device's answer, no route. */
            forget_entry(st);
        } else {
            pu_skip(o, ln, "not part of a route or BGP detail entry", s, e);
            return ER_OK;
        }
        pu_ok(o);
        return ER_OK;
    }
    if (st->mode == M_ROUTE) {
        if (sc_starts(p, e, "Routing Descriptor Blocks:") || sc_starts(p, e, "Routing paths:")) {
            st->in_blocks = true;
            pu_ok(o);
            return ER_OK;
        }
        if (sc_starts(p, e, "Known via")) {
            if (!on_known_via(st, p, e)) {
                pu_skip(o, ln, "bad 'Known via' line", s, e);
                return ER_OK;
            }
            bgp_type(st, p, e);
            pu_ok(o);
            return ER_OK;
        }
        if (sc_starts(p, e, "Tag "))
            bgp_type(st, p, e);
        if (pu_starts_any(p, e, route_info)) {
            pu_ok(o);
            return ER_OK;
        }
        if (st->in_blocks && ind <= 4) {
            bool ok;
            er_status rc = on_descriptor(st, s, e, ln, p, &ok);
            if (ok || rc != ER_OK)
                return rc;
        }
        pu_skip(o, ln, "not part of a routing entry", s, e);
        return ER_OK;
    }
    if (st->mode == M_BGP) {
        if (ind >= 6 && st->path_stage == 2 && sc_starts(p, e, "Origin "))
            return on_origin(st, e, p);
        if (ind >= 6 && st->path_stage == 3) {
            if (sc_starts(p, e, "Community:")) {
                pu_ok(o);
                return on_community(st, p, e);
            }
            pu_ok(o); /* other attributes of the path */
            return ER_OK;
        }
        if (ind == 4 && st->path_stage == 1 && on_bgp_nexthop(st, s, e, ln, p))
            return ER_OK;
        if (ind == 2) {
            if (sc_starts(p, e, "Advertised to") || sc_starts(p, e, "Not advertised") ||
                sc_starts(p, e, "Refresh Epoch") || sc_starts(p, e, "Flag: ") ||
                sc_starts(p, e, "Multipath:") ||
                sc_starts(p, e, "Paths: ")) {
                flush_path(st);
                pu_ok(o);
                return ER_OK;
            }
            if (on_as_path(st, s, e, ln, p))
                return ER_OK;
        }
        if (ind >= 5 && st->path_stage == 0) {
            /* The list under "Advertised to update-groups:" / "... peers:". */
            pu_ok(o);
            return ER_OK;
        }
        flush_path(st);
        pu_skip(o, ln, "not part of a BGP entry", s, e);
        return ER_OK;
    }
    pu_skip(o, ln, "not part of a route or BGP detail entry", s, e);
    return ER_OK;
}

static er_status ios_detail_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    dt_state st;
    memset(&st, 0, sizeof st);
    pu_init(&st.pu, ctx, buf, len);
    er_status rc = pu_each_line(&st.pu, &st, dt_line);
    if (rc != ER_OK)
        return rc;
    flush_path(&st);
    return pu_finish(&st.pu);
}

static int ios_detail_detect(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    bool entry = false, known = false, bgp = false, paths = false, other = false;
    while (er_lines_next(&it, &s, &e)) {
        const char *p = sc_skip_ws(s, e);
        if (sc_starts(p, e, "Routing entry for "))
            entry = true;
        else if (sc_starts(p, e, "Known via \""))
            known = true;
        else if (sc_starts(p, e, "BGP routing table entry for "))
            bgp = true;
        else if (sc_starts(p, e, "Paths: ("))
            paths = true;
        /* IOS-XR prints the block header without a colon; NX-OS and EOS name the VRF
         * first and describe paths with "Path type:" / "AS-Path:". */
        else if (sc_eq(p, e, "Routing Descriptor Blocks") ||
                 sc_starts(p, e, "No advertising protos") ||
                 sc_starts(p, e, "BGP routing table information for VRF") ||
                 sc_starts(p, e, "Path type:") || sc_starts(p, e, "AS-Path:"))
            other = true;
    }
    if ((entry && known) || (bgp && paths))
        return other ? 15 : 90;
    return 0;
}

const er_parser er_parser_ios_route_detail = {
    "ios-route-detail",
    "Cisco IOS/IOS-XE detail for one prefix: show ip route <prefix>, show ip bgp <prefix>",
    "'Routing entry for' with 'Known via', or 'BGP routing table entry for' with 'Paths: ('",
    ios_detail_detect,
    ios_detail_parse,
};
