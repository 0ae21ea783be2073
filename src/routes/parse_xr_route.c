/* Cisco IOS-XR "show route" / "show route ipv6" / "show route vrf X|all" (summary and
 * "Routing entry for" detail forms).
 *
 * How it works: the summary form prints a route code ("B", "O E2", "S*", "D EX"), the
 * prefix, then "[distance/metric] via NEXTHOP, uptime[, interface]" or "is directly
 * connected, uptime, interface"; further paths of the same prefix are continuation lines
 * starting with "[distance/metric] via". IPv6 lines wrap: a prefix alone on its line is
 * followed by its path lines, and "is directly connected," is followed by "uptime, interface".
 * Every path XR prints is installed, except FRR backup paths marked "(!)", which are kept
 * as non-best evidence. "VRF: name" blocks switch the VRF.
 *
 * The detail form ("show route 0.0.0.0/0") prints "Routing entry for P", "Known via
 * "ospf 1", distance 110, metric 22", then "Routing Descriptor Blocks" with one line per
 * path ("172.16.16.73, from 172.16.0.53, via HundredGigE0/0/0/30", "directly connected,
 * via Gi0/0/0/0", a bare next hop) and indented path attributes below each. */
#include <string.h>

#include "routes/cisco_text.h"
#include "routes/parse_util.h"

typedef enum { PEND_NONE, PEND_PATH, PEND_CONNECTED } pending;
typedef enum { DET_NONE, DET_ENTRY, DET_BLOCKS, DET_ADVERTISERS } det_state;

typedef struct xrr {
    pu_state pu;
    bool legend;
    bool have_prefix;
    er_prefix pfx;
    uint8_t pflags; /* ER_RF_HOSTBITS of the prefix */
    er_proto proto;
    pending pend;
    er_route pend_route; /* PEND_CONNECTED: the route waiting for its interface */
    uint32_t pend_line;
    /* detail form */
    det_state det;
    uint32_t det_dist, det_metric;
    int block_indent;
} xrr;

/* Route codes of the XR legend. */
static er_proto proto_of_code(const char *s, const char *e)
{
    const char *p = s, *ts, *te;
    if (!sc_token(&p, e, &ts, &te))
        return ER_PROTO_OTHER;
    if (te > ts && te[-1] == '*')
        te--;
    switch (te - ts == 1 ? *ts : 0) {
    case 'C': return ER_PROTO_CONNECTED;
    case 'L': return ER_PROTO_LOCAL;
    case 'S': return ER_PROTO_STATIC;
    case 'R': return ER_PROTO_RIP;
    case 'B': return ER_PROTO_BGP;
    case 'D': return ER_PROTO_EIGRP;
    case 'O': return ER_PROTO_OSPF;
    case 'i': return ER_PROTO_ISIS;
    default: return ER_PROTO_OTHER;
    }
}

static bool code_token(const char *s, const char *e)
{
    if (e - s > 4)
        return false;
    for (; s < e; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || sc_is_digit(*s) ||
              *s == '*' || *s == '+' || *s == '%'))
            return false;
    return true;
}

static void route_base(xrr *x, er_route *r, uint32_t line)
{
    pu_route_init(r, line);
    r->prefix = x->pfx;
    r->proto = (uint8_t)x->proto;
    r->flags = ER_RF_BEST | x->pflags;
}

static void set_iface(xrr *x, er_route *r, const char *s, const char *e)
{
    const char *bang = sc_find(s, e, "(!)");
    if (bang) {
        r->flags &= (uint8_t)~ER_RF_BEST;
        e = bang;
        sc_trim(&s, &e);
    }
    pu_set_iface(&x->pu, r, s, e);
}

/* The path part of a line, from p: "[d/m] via NH[ (nexthop in vrf X)], uptime[, if]"
 * or "is directly connected, uptime, if" (possibly cut after "connected,").
 * Returns NULL when a route was pushed or is pending, else why the line is not understood;
 * *bad is set when an error diagnostic was issued. */
static const char *path_part(xrr *x, uint32_t line, const char *s, const char *p,
                             const char *e, bool *bad)
{
    er_route r;
    route_base(x, &r, line);
    const char *ts, *te, *q = p;
    if (!sc_token(&q, e, &ts, &te))
        return "empty path";
    if (sc_eq(ts, te, "is")) {
        if (!sc_starts(sc_skip_ws(q, e), e, "directly connected"))
            return "expected 'is directly connected'";
        q = sc_skip_ws(q, e) + 18;
        q = sc_skip_ws(q, e);
        if (q < e && *q == ',')
            q++;
        if (pu_is_blank(q, e)) {
            x->pend = PEND_CONNECTED;
            x->pend_route = r;
            x->pend_line = line;
            return NULL;
        }
        const char *ifs, *ife;
        if (!cisco_connected_iface(q, e, &ifs, &ife))
            return "connected route without an interface";
        set_iface(x, &r, ifs, ife);
        pu_push(&x->pu, &r);
        return NULL;
    }
    uint32_t d, m;
    if (!pu_bracket_pair(ts, te, &d, &m))
        return "expected [distance/metric]";
    r.distance = d;
    r.metric = m;
    r.flags |= ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC;
    if (!sc_token(&q, e, &ts, &te) || !sc_eq(ts, te, "via"))
        return "expected 'via'";
    q = sc_skip_ws(q, e);
    const char *ns = q;
    while (q < e && *q != ',' && !sc_is_space(*q))
        q++;
    const char *ne = q;
    if (ns == ne)
        return "via without a next hop";
    er_prefix nh;
    if (pu_addr(ns, ne, &nh)) {
        pu_set_nh(&r, &nh);
    } else if (pu_addr_like(ns, ne)) {
        pu_error(&x->pu, line, (uint32_t)(ns - s) + 1, "invalid next hop", ns, ne);
        *bad = true;
        return NULL;
    } else {
        set_iface(x, &r, ns, ne);
    }
    q = sc_skip_ws(q, e);
    if (q < e && *q == '(') { /* "(nexthop in vrf default)" */
        const char *close = memchr(q, ')', (size_t)(e - q));
        if (!close)
            return "unclosed parenthesis";
        q = close + 1;
    }
    q = sc_skip_ws(q, e);
    if (q < e && *q != ',')
        return "unexpected text after the next hop";
    if (q < e)
        q++;
    const char *fs, *fe;
    int n = 0;
    while (pu_next_field(&q, e, &fs, &fe)) {
        n++;
        if (n == 1 && cisco_is_uptime(fs, fe))
            continue;
        if (sc_eq(fs, fe, "(!)")) {
            r.flags &= (uint8_t)~ER_RF_BEST;
            continue;
        }
        if (r.iface.len && n > 1)
            return "unexpected field after the interface";
        set_iface(x, &r, fs, fe);
    }
    pu_push(&x->pu, &r);
    return NULL;
}

/* "B    10.0.0.0/8 [20/0] via 192.0.2.1, 1w2d" */
static bool route_line(xrr *x, uint32_t line, const char *s, const char *e)
{
    if (sc_is_space(*s) || *s == '%')
        return false;
    const char *p = s, *ts, *te, *code_e = s;
    int ncode = 0;
    for (;;) {
        const char *q = p;
        if (!sc_token(&q, e, &ts, &te))
            return false;
        if (memchr(ts, '/', (size_t)(te - ts)) && ncode > 0)
            break;
        if (ncode == 3 || !code_token(ts, te))
            return false;
        ncode++;
        code_e = te;
        p = q;
    }
    p = te;
    er_prefix pfx;
    uint8_t hb = 0;
    if (!pu_read_prefix(&x->pu, line, s, ts, te, &pfx, &hb)) {
        x->have_prefix = false;
        return true;
    }
    x->have_prefix = true;
    x->pfx = pfx;
    x->pflags = hb;
    x->proto = proto_of_code(s, code_e);
    x->pend = PEND_NONE;
    if (pu_is_blank(p, e)) {
        x->pend = PEND_PATH;
        x->pend_line = line;
        pu_ok(&x->pu);
        return true;
    }
    bool bad = false;
    const char *why = path_part(x, line, s, p, e, &bad);
    pu_line_done(&x->pu, line, why, bad, s, e);
    return true;
}

/* Indented path lines of the summary form. */
static bool continuation(xrr *x, uint32_t line, const char *s, const char *e)
{
    const char *p = sc_skip_ws(s, e);
    if (p == s || !x->have_prefix)
        return false;
    if (x->pend == PEND_CONNECTED) {
        x->pend = PEND_NONE;
        const char *ifs, *ife;
        if (!cisco_connected_iface(p, e, &ifs, &ife)) {
            pu_skip(&x->pu, line, "connected route without an interface", s, e);
            return true;
        }
        set_iface(x, &x->pend_route, ifs, ife);
        pu_push(&x->pu, &x->pend_route);
        pu_ok(&x->pu);
        return true;
    }
    if (p == e || (*p != '[' && !sc_starts(p, e, "is directly connected")))
        return false; /* p == e: a blank line, possibly the last of the buffer */
    x->pend = PEND_NONE;
    bool bad = false;
    const char *why = path_part(x, line, s, p, e, &bad);
    pu_line_done(&x->pu, line, why, bad, s, e);
    return true;
}

/* ---- detail form ---- */

static er_proto proto_of_word(const char *s, const char *e)
{
    static const struct {
        const char *w;
        er_proto p;
    } map[] = {{"bgp", ER_PROTO_BGP},       {"ospf", ER_PROTO_OSPF},   {"ospfv3", ER_PROTO_OSPF},
               {"static", ER_PROTO_STATIC}, {"connected", ER_PROTO_CONNECTED},
               {"local", ER_PROTO_LOCAL},   {"isis", ER_PROTO_ISIS},   {"eigrp", ER_PROTO_EIGRP},
               {"rip", ER_PROTO_RIP}};
    const char *p = s, *ts, *te;
    if (!sc_token(&p, e, &ts, &te))
        return ER_PROTO_OTHER;
    for (size_t i = 0; i < ER_ARRAY_LEN(map); i++)
        if (sc_eq(ts, te, map[i].w))
            return map[i].p;
    return ER_PROTO_OTHER;
}

static bool entry_line(xrr *x, uint32_t line, const char *s, const char *e)
{
    static const char k[] = "Routing entry for ";
    if (!sc_starts(s, e, k))
        return false;
    const char *p = s + sizeof k - 1, *ts, *te;
    if (!sc_token(&p, e, &ts, &te)) {
        pu_skip(&x->pu, line, "routing entry without a prefix", s, e);
        return true;
    }
    if (te > ts && te[-1] == ',')
        te--;
    er_prefix pfx;
    uint8_t hb = 0;
    if (!pu_read_prefix(&x->pu, line, s, ts, te, &pfx, &hb)) {
        x->det = DET_NONE;
        return true;
    }
    x->det = DET_ENTRY;
    x->pfx = pfx;
    x->pflags = hb;
    x->proto = ER_PROTO_OTHER;
    x->det_dist = x->det_metric = 0;
    x->have_prefix = false;
    pu_ok(&x->pu);
    return true;
}

/* Known via "ospf UNDERLAY", distance 110, metric 22, candidate default path */
static bool known_via(xrr *x, const char *p, const char *e)
{
    const char *q1 = memchr(p, '"', (size_t)(e - p));
    const char *q2 = q1 ? memchr(q1 + 1, '"', (size_t)(e - q1 - 1)) : NULL;
    if (!q2)
        return false;
    x->proto = proto_of_word(q1 + 1, q2);
    const char *q = q2 + 1, *fs, *fe;
    while (pu_next_field(&q, e, &fs, &fe)) {
        const char *r = fs, *ks, *ke, *vs, *ve;
        if (!sc_token(&r, fe, &ks, &ke) || !sc_token(&r, fe, &vs, &ve))
            continue;
        if (sc_eq(ks, ke, "distance"))
            sc_u32(vs, ve, &x->det_dist);
        else if (sc_eq(ks, ke, "metric"))
            sc_u32(vs, ve, &x->det_metric);
    }
    return true;
}

/* "172.16.16.73, from 172.16.0.53, via HundredGigE0/0/0/30" / "directly connected, via X" */
static void block_path(xrr *x, uint32_t line, const char *s, const char *p, const char *e)
{
    er_route r;
    route_base(x, &r, line);
    r.distance = x->det_dist;
    r.metric = x->det_metric;
    r.flags |= ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC;
    const char *q = p, *fs, *fe;
    bool first = true;
    while (pu_next_field(&q, e, &fs, &fe)) {
        if (first) {
            first = false;
            er_prefix nh;
            if (sc_eq(fs, fe, "directly connected"))
                continue;
            if (!pu_addr(fs, fe, &nh)) {
                if (pu_addr_like(fs, fe))
                    pu_error(&x->pu, line, (uint32_t)(fs - s) + 1, "invalid next hop", fs, fe);
                else
                    pu_skip(&x->pu, line, "expected a next hop", s, e);
                return;
            }
            pu_set_nh(&r, &nh);
            continue;
        }
        if (sc_starts(fs, fe, "via ")) {
            const char *is = fs + 4, *ie = fe;
            sc_trim(&is, &ie);
            set_iface(x, &r, is, ie);
        } else if (sc_starts(fs, fe, "Backup")) {
            r.flags &= (uint8_t)~ER_RF_BEST;
        }
    }
    pu_ok(&x->pu);
    pu_push(&x->pu, &r);
}

static bool detail_line(xrr *x, uint32_t line, const char *s, const char *e)
{
    const char *p = sc_skip_ws(s, e);
    int indent = (int)(p - s);
    if (indent == 0)
        return false;
    if ((x->det == DET_BLOCKS || x->det == DET_ADVERTISERS) && indent > x->block_indent &&
        x->block_indent > 0) {
        pu_ok(&x->pu); /* attributes of the path or advertiser above */
        return true;
    }
    if (x->det == DET_BLOCKS && indent > 2) {
        x->block_indent = indent;
        block_path(x, line, s, p, e);
        return true;
    }
    x->det = DET_ENTRY;
    x->block_indent = 0;
    if (sc_starts(p, e, "Known via ")) {
        if (!known_via(x, p, e))
            return false;
        pu_ok(&x->pu);
        return true;
    }
    if (sc_starts(p, e, "Routing Descriptor Blocks")) {
        x->det = DET_BLOCKS;
        pu_ok(&x->pu);
        return true;
    }
    if (sc_starts(p, e, "Redist Advertisers:") || sc_starts(p, e, "Advertised by:")) {
        x->det = DET_ADVERTISERS;
        x->block_indent = indent;
        pu_ok(&x->pu);
        return true;
    }
    static const char *const info[] = {"Tag ",
                                       "Installed ",
                                       "No advertising protos",
                                       "Route version is ",
                                       "Routing Descriptor Blocks",
                                       "Route metric is ",
                                       "Last update ",
                                       "Advertised by ",
                                       NULL};
    if (!pu_starts_any(p, e, info))
        return false;
    pu_ok(&x->pu);
    return true;
}

static bool message_line(const char *s, const char *e)
{
    static const char *const msgs[] = {"% No matching routes found", "% Network not in table",
                                       "% No matching vrf found",    "% Route not found",
                                       "Gateway of last resort ",    NULL};
    return pu_starts_any(s, e, msgs);
}

/* An echoed "show route [ipv4|ipv6] vrf NAME ..." command selects VRF NAME until the next
 * prompt or "VRF:" line; "vrf all" prints "VRF:" lines itself. */
static void prompt_vrf(xrr *x, const char *s, const char *e)
{
    const char *v = sc_find(s, e, " vrf ");
    const char *p = v ? v + 5 : e, *ts = NULL, *te = NULL;
    x->have_prefix = false;
    x->det = DET_NONE;
    if (v && sc_find(s, v, "route") && sc_token(&p, e, &ts, &te) && !sc_eq(ts, te, "all"))
        pu_set_vrf(&x->pu, ts, te);
    else
        pu_set_vrf(&x->pu, e, e);
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    xrr x;
    memset(&x, 0, sizeof x);
    pu_init(&x.pu, ctx, buf, len);
    const char *s, *e;
    while (pu_next_line(&x.pu, &s, &e)) {
        uint32_t ln = pu_lineno(&x.pu);
        pu_strip_pager(&s, &e);
        if (x.pend != PEND_NONE) {
            pending was = x.pend;
            if (continuation(&x, ln, s, e))
                continue;
            pu_diag(&x.pu, ER_DIAG_WARNING, x.pend_line, 1,
                    was == PEND_PATH ? "prefix without its path line: dropped"
                                     : "connected route without its interface line: "
                                       "dropped");
            x.pend = PEND_NONE;
        }
        if (cisco_is_cmd_prompt(s, e)) {
            /* "show route vrf X ..." prints no VRF line of its own. */
            prompt_vrf(&x, s, e);
            pu_ok(&x.pu);
            continue;
        }
        if (cisco_is_noise(s, e)) {
            if (pu_is_blank(s, e)) {
                x.legend = false;
                x.det = DET_NONE;
            }
            pu_ok(&x.pu);
            continue;
        }
        if (cisco_legend(&x.legend, s, e, "Codes:")) {
            pu_ok(&x.pu);
            continue;
        }
        if (sc_starts(s, e, "VRF: ")) {
            pu_set_vrf(&x.pu, s + 5, e);
            x.have_prefix = false;
            x.det = DET_NONE;
            pu_ok(&x.pu);
            continue;
        }
        if (message_line(s, e)) {
            pu_ok(&x.pu);
            continue;
        }
        if (entry_line(&x, ln, s, e))
            continue;
        if (x.det != DET_NONE) {
            if (!detail_line(&x, ln, s, e))
                pu_skip(&x.pu, ln, NULL, s, e);
            continue;
        }
        if (route_line(&x, ln, s, e) || continuation(&x, ln, s, e))
            continue;
        pu_skip(&x.pu, ln, NULL, s, e);
    }
    if (x.pend != PEND_NONE)
        pu_diag(&x.pu, ER_DIAG_WARNING, x.pend_line, 1,
                "route without its continuation line at the end of input: dropped");
    return pu_finish(&x.pu);
}

static int detect(const char *buf, size_t len)
{
    const char *e = buf + len;
    bool codes = sc_find(buf, e, "(!) - FRR Backup path") || sc_find(buf, e, "(>) - Diversion path") ||
                 sc_find(buf, e, "G  - DAGR") || sc_find(buf, e, "a - Application route");
    if (codes)
        return 95;
    bool detail = sc_find(buf, e, "Routing entry for ") && sc_find(buf, e, "Routing Descriptor Blocks");
    bool xr_ts = false;
    /* XR echoes a timestamp line such as "Mon Jan 29 19:00:32.892 UTC" before output. */
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *le;
    for (int i = 0; i < 4 && er_lines_next(&it, &s, &le); i++)
        if (cisco_is_banner(s, le) && !sc_starts(s, le, "Load for") &&
            !sc_starts(s, le, "Time source"))
            xr_ts = true;
    if (detail && (xr_ts || sc_find(buf, e, "No advertising protos")))
        return 70;
    /* Without the XR legend: a timestamp banner and route lines, unless an IOS or ASA
     * legend ("Codes: L - local, ...") says otherwise. */
    if (xr_ts && !sc_find(buf, e, "Codes: L - local") &&
        (sc_find(buf, e, "] via ") || sc_find(buf, e, " is directly connected, ")))
        return 60;
    return 0;
}

const er_parser er_parser_xr_route = {
    "xr-route",
    "Cisco IOS-XR show route / show route ipv6 / show route vrf all",
    "the XR route legend ('(!) - FRR Backup path', 'G  - DAGR', 'a - Application route') "
    "or an XR 'Routing entry for' detail with a leading timestamp",
    detect,
    parse,
};
