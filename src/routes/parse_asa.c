/* Cisco ASA "show route" (netmask form) and "show ipv6 route".
 *
 * How it works: an IPv4 route line is a route code ("S", "S*", "O E2", "V"), the network,
 * its dotted netmask (converted with er_netmask_to_len; a non-contiguous mask is an
 * error), then "[distance/metric] via NEXTHOP, [uptime,] nameif", "is directly connected,
 * nameif" or "connected by VPN (advertised), external". Long lines wrap after the mask, and
 * ECMP paths are continuation lines "[1/0] via ...". The interface is the ASA nameif
 * ("inside", "outside"), stored as the route's interface. Everything "show route" prints
 * is installed, so every path is best.
 *
 * With the "names" feature on, the ASA prints a configured name instead of the network
 * ("S  Server1 255.255.255.255 ..."); the address cannot be known from the output, so the
 * line is skipped with a warning naming the cause.
 *
 * "show ipv6 route" prints "C   2001:db8::/64 [0/0]" with its paths on the next lines
 * ("     via ::, inside", "     via 2001:db8::1, outside"); "via ::" means connected. */
#include <string.h>

#include "routes/cisco_text.h"
#include "routes/parse_util.h"

typedef enum { PEND_NONE, PEND_PATH, PEND_V6, PEND_SKIPPED } pending;

typedef struct asa {
    pu_state pu;
    bool legend;
    bool have_prefix;
    er_prefix pfx;
    uint8_t pflags; /* ER_RF_HOSTBITS of the prefix */
    er_proto proto;
    pending pend;
    uint32_t pend_line;
    uint32_t v6_dist, v6_metric;
} asa;

static er_proto proto_of_code(const char *s, const char *e)
{
    const char *p = s, *ts, *te;
    if (!sc_token(&p, e, &ts, &te))
        return ER_PROTO_OTHER;
    while (te > ts && (te[-1] == '*' || te[-1] == '+'))
        te--;
    if (te == ts)
        return ER_PROTO_OTHER;
    /* IPv6 codes run together: "OE2", "ON1", "OI", "I1", "IA". */
    if (te - ts > 1 && *ts != 'O' && *ts != 'I')
        return ER_PROTO_OTHER;
    switch (*ts) {
    case 'C': return ER_PROTO_CONNECTED;
    case 'L': return ER_PROTO_LOCAL;
    case 'S': return ER_PROTO_STATIC;
    case 'R': return ER_PROTO_RIP;
    case 'B': return ER_PROTO_BGP;
    case 'D': return ER_PROTO_EIGRP;
    case 'O': return ER_PROTO_OSPF;
    case 'i': case 'I': return ER_PROTO_ISIS;
    default: return ER_PROTO_OTHER;
    }
}

static bool code_token(const char *s, const char *e)
{
    if (e - s > 4)
        return false;
    for (; s < e; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || sc_is_digit(*s) ||
              *s == '*' || *s == '+'))
            return false;
    return true;
}

static void route_base(asa *x, er_route *r, uint32_t line)
{
    pu_route_init(r, line);
    r->prefix = x->pfx;
    r->proto = (uint8_t)x->proto;
    r->flags = ER_RF_BEST | x->pflags;
}

static void set_iface(asa *x, er_route *r, const char *s, const char *e)
{
    const char *p = s, *ts, *te, *t2s, *t2e;
    /* "outside tunneled": the default route for tunneled traffic leaves by "outside". */
    if (sc_token(&p, e, &ts, &te) && sc_token(&p, e, &t2s, &t2e) && sc_eq(t2s, t2e, "tunneled") &&
        pu_is_blank(p, e))
        e = te;
    sc_trim(&s, &e);
    pu_set_iface(&x->pu, r, s, e);
}

/* From p: "[d/m] via NH, [uptime,] nameif" / "is directly connected, nameif" /
 * "connected by VPN (advertised), external". NULL when handled, else the reason. */
static const char *path_part(asa *x, uint32_t line, const char *s, const char *p,
                             const char *e, bool *bad)
{
    er_route r;
    route_base(x, &r, line);
    p = sc_skip_ws(p, e);
    const char *fs, *fe;
    if (sc_starts(p, e, "is directly connected")) {
        p += 21;
        p = sc_skip_ws(p, e);
        if (p >= e || *p != ',')
            return "expected ', interface'";
        p++;
        const char *ifs, *ife;
        if (!cisco_connected_iface(p, e, &ifs, &ife))
            return "connected route without an interface";
        set_iface(x, &r, ifs, ife);
        pu_push(&x->pu, &r);
        return NULL;
    }
    if (sc_starts(p, e, "connected by VPN")) {
        /* Reverse route injection: "connected by VPN (advertised), outside": the tunnel
         * is the path, the nameif the VPN terminates on comes last; no next hop. */
        const char *ifs = NULL, *ife = NULL;
        while (pu_next_field(&p, e, &fs, &fe)) {
            ifs = fs;
            ife = fe;
        }
        if (!ifs || sc_starts(ifs, ife, "connected by VPN"))
            return "vpn route without an interface";
        set_iface(x, &r, ifs, ife);
        pu_push(&x->pu, &r);
        return NULL;
    }
    const char *ts, *te;
    if (!sc_token(&p, e, &ts, &te))
        return "empty path";
    uint32_t d, m;
    if (!pu_bracket_pair(ts, te, &d, &m))
        return "expected [distance/metric]";
    r.distance = d;
    r.metric = m;
    r.flags |= ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC;
    if (!sc_token(&p, e, &ts, &te) || !sc_eq(ts, te, "via"))
        return "expected 'via'";
    if (!pu_next_field(&p, e, &fs, &fe) || fs == fe)
        return "via without a next hop";
    er_prefix nh;
    if (!pu_addr(fs, fe, &nh)) {
        if (pu_addr_like(fs, fe)) {
            pu_error(&x->pu, line, (uint32_t)(fs - s) + 1, "invalid next hop", fs, fe);
            *bad = true;
            return NULL;
        }
        return "next hop shown by name (ASA 'names')";
    }
    pu_set_nh(&r, &nh);
    int n = 0;
    while (pu_next_field(&p, e, &fs, &fe)) {
        n++;
        if (cisco_is_uptime(fs, fe) && n == 1)
            continue;
        if (r.iface.len)
            return "unexpected field after the interface";
        set_iface(x, &r, fs, fe);
    }
    pu_push(&x->pu, &r);
    return NULL;
}

/* "S    10.1.0.0 255.255.0.0 [1/0] via 10.0.0.1, inside" / "C  2001:db8::/64 [0/0]" */
static bool route_line(asa *x, uint32_t line, const char *s, const char *e)
{
    if (sc_is_space(*s))
        return false;
    const char *p = s, *ts, *te, *code_e = s;
    int ncode = 0;
    const char *q;
    for (;;) {
        q = p;
        if (!sc_token(&q, e, &ts, &te))
            return false;
        bool addrish = pu_addr_like(ts, te) || (ncode > 0 && !code_token(ts, te));
        if (ncode > 0 && addrish)
            break;
        if (ncode > 0) {
            /* A name in the network column ("SRV") is followed by a netmask and the path. */
            const char *r2 = q, *ms, *me;
            uint8_t ml;
            if (sc_token(&r2, e, &ms, &me) && er_netmask_to_len(ms, me, &ml)) {
                r2 = sc_skip_ws(r2, e);
                if (r2 == e || *r2 == '[' || sc_starts(r2, e, "is directly") ||
                    sc_starts(r2, e, "connected by"))
                    break;
            }
        }
        if (ncode == 3 || !code_token(ts, te))
            return false;
        ncode++;
        code_e = te;
        p = q;
    }
    x->proto = proto_of_code(s, code_e);
    x->pend = PEND_NONE;
    if (memchr(ts, ':', (size_t)(te - ts))) {
        /* IPv6: "C   2001:db8::/64 [0/0]" with the paths on the next lines. */
        er_prefix pfx;
        uint8_t hb = 0;
        if (!pu_read_prefix(&x->pu, line, s, ts, te, &pfx, &hb)) {
            x->have_prefix = false;
            return true;
        }
        x->pfx = pfx;
        x->pflags = hb;
        x->have_prefix = true;
        const char *ds, *de;
        if (!sc_token(&q, e, &ds, &de) || !pu_bracket_pair(ds, de, &x->v6_dist, &x->v6_metric) ||
            !pu_is_blank(q, e)) {
            pu_skip(&x->pu, line, "expected [distance/metric] after the prefix", s, e);
            x->have_prefix = false;
            return true;
        }
        x->pend = PEND_V6;
        x->pend_line = line;
        pu_ok(&x->pu);
        return true;
    }
    const char *as = ts, *ae = te, *ms, *me;
    if (!sc_token(&q, e, &ms, &me)) {
        pu_skip(&x->pu, line, "network without a netmask", s, e);
        return true;
    }
    er_prefix a;
    if (!pu_addr(as, ae, &a)) {
        if (sc_is_digit(*as)) {
            pu_error(&x->pu, line, (uint32_t)(as - s) + 1, "invalid network", as, ae);
            x->have_prefix = false;
            return true;
        }
        pu_skip(&x->pu, line,
                "network shown by name (ASA 'names' is on; use 'no names' or "
                "'show route' on a context without names)",
                s, e);
        x->have_prefix = false;
        x->pend = PEND_SKIPPED;
        return true;
    }
    er_prefix pfx;
    uint8_t ml;
    if (!pu_addr(as, ae, &pfx) || pfx.family != ER_AF_V4 || !er_netmask_to_len(ms, me, &ml)) {
        pu_error(&x->pu, line, (uint32_t)(ms - s) + 1, "invalid or non-contiguous netmask", ms, me);
        x->have_prefix = false;
        return true;
    }
    pfx.len = ml;
    x->pflags = pu_fix_hostbits(&x->pu, &pfx, line, pu_col(s, as));
    x->pfx = pfx;
    x->have_prefix = true;
    if (pu_is_blank(q, e)) {
        x->pend = PEND_PATH;
        x->pend_line = line;
        pu_ok(&x->pu);
        return true;
    }
    bool bad = false;
    const char *why = path_part(x, line, s, q, e, &bad);
    pu_line_done(&x->pu, line, why, bad, s, e);
    return true;
}

/* "     via 2001:db8::1, outside" (IPv6 path) */
static bool v6_path(asa *x, uint32_t line, const char *s, const char *p, const char *e)
{
    const char *fs, *fe;
    er_route r;
    route_base(x, &r, line);
    r.distance = x->v6_dist;
    r.metric = x->v6_metric;
    r.flags |= ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC;
    p += 4;
    if (!pu_next_field(&p, e, &fs, &fe))
        return false;
    er_prefix nh;
    if (!pu_addr(fs, fe, &nh)) {
        if (memchr(fs, ':', (size_t)(fe - fs)) || sc_is_digit(*fs)) {
            pu_error(&x->pu, line, (uint32_t)(fs - s) + 1, "invalid next hop", fs, fe);
            return true;
        }
        set_iface(x, &r, fs, fe); /* "via Null0" */
    } else if (nh.addr != 0) {
        pu_set_nh(&r, &nh);
    }
    if (pu_next_field(&p, e, &fs, &fe))
        set_iface(x, &r, fs, fe);
    if (pu_next_field(&p, e, &fs, &fe)) {
        pu_skip(&x->pu, line, "unexpected field after the interface", s, e);
        return true;
    }
    pu_ok(&x->pu);
    pu_push(&x->pu, &r);
    return true;
}

static bool continuation(asa *x, uint32_t line, const char *s, const char *e)
{
    const char *p = sc_skip_ws(s, e);
    if (p == s || p == e)
        return false;
    if (x->pend == PEND_SKIPPED) {
        pu_skip(&x->pu, line, "path of a route shown by name", s, e);
        return true;
    }
    if (!x->have_prefix)
        return false;
    if (x->pend == PEND_V6 || (sc_starts(p, e, "via ") && x->pfx.family == ER_AF_V6)) {
        if (!sc_starts(p, e, "via "))
            return false;
        return v6_path(x, line, s, p, e);
    }
    if (*p != '[' && !sc_starts(p, e, "is directly connected") &&
        !sc_starts(p, e, "connected by VPN"))
        return false;
    x->pend = PEND_NONE;
    bool bad = false;
    const char *why = path_part(x, line, s, p, e, &bad);
    pu_line_done(&x->pu, line, why, bad, s, e);
    return true;
}

static bool info_line(asa *x, const char *s, const char *e)
{
    if (sc_starts(s, e, "Gateway of last resort ") || sc_starts(s, e, "IPv6 Routing Table - ") ||
        sc_starts(s, e, "% No matching route") || sc_starts(s, e, "% Network not in table"))
        return true;
    if (sc_starts(s, e, "Routing Table: ")) {
        pu_set_vrf(&x->pu, s + 15, e);
        x->have_prefix = false;
        return true;
    }
    return false;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    asa x;
    memset(&x, 0, sizeof x);
    pu_init(&x.pu, ctx, buf, len);
    const char *s, *e;
    while (pu_next_line(&x.pu, &s, &e)) {
        uint32_t ln = pu_lineno(&x.pu);
        pu_strip_pager(&s, &e);
        if (cisco_is_noise(s, e)) {
            if (cisco_is_cmd_prompt(s, e)) {
                /* A new command: back to the data routing table until "Routing Table:". */
                pu_set_vrf(&x.pu, e, e);
                x.have_prefix = false;
                x.pend = PEND_NONE;
            }
            x.legend = false;
            pu_ok(&x.pu);
            continue;
        }
        if (x.pend != PEND_NONE || x.have_prefix) {
            pending was = x.pend;
            if (continuation(&x, ln, s, e)) {
                if (was == PEND_PATH || was == PEND_V6)
                    x.pend = PEND_NONE;
                continue;
            }
            if (was == PEND_PATH || was == PEND_V6)
                pu_diag(&x.pu, ER_DIAG_WARNING, x.pend_line, 1,
                        "route without its path line: dropped");
            x.pend = PEND_NONE;
        }
        if (cisco_legend(&x.legend, s, e, "Codes:")) {
            pu_ok(&x.pu);
            continue;
        }
        if (info_line(&x, s, e)) {
            pu_ok(&x.pu);
            continue;
        }
        if (route_line(&x, ln, s, e))
            continue;
        pu_skip(&x.pu, ln, NULL, s, e);
    }
    if (x.pend == PEND_PATH || x.pend == PEND_V6)
        pu_diag(&x.pu, ER_DIAG_WARNING, x.pend_line, 1,
                "route without its path line at the end of input: dropped");
    return pu_finish(&x.pu);
}

/* A route line in netmask form: code, dotted address, dotted netmask. */
static bool netmask_route(const char *s, const char *e)
{
    const char *p = s, *ts, *te;
    if (s >= e || sc_is_space(*s))
        return false;
    er_prefix a;
    for (int i = 0; i < 4 && sc_token(&p, e, &ts, &te); i++) {
        if (i > 0 && pu_addr(ts, te, &a) && a.family == ER_AF_V4) {
            const char *ms, *me;
            uint8_t l;
            if (!sc_token(&p, e, &ms, &me) || !er_netmask_to_len(ms, me, &l))
                return false;
            p = sc_skip_ws(p, e);
            return p == e || *p == '[' || sc_starts(p, e, "is directly connected") ||
                   sc_starts(p, e, "connected by VPN");
        }
    }
    return false;
}

/* A route line in prefix form: code word(s), then "addr/len" (IOS, XR, ...). */
static bool slash_route(const char *s, const char *e)
{
    const char *p = s, *ts, *te;
    if (s >= e || sc_is_space(*s))
        return false;
    for (int i = 0; i < 4 && sc_token(&p, e, &ts, &te); i++) {
        if (i > 0 && memchr(ts, '/', (size_t)(te - ts)) && (pu_addr_like(ts, te)))
            return true;
        if (!code_token(ts, te))
            return false;
    }
    return false;
}

static int detect(const char *buf, size_t len)
{
    const char *e = buf + len;
    int netmask_lines = 0, slash_lines = 0, lines = 0;
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *le;
    while (er_lines_next(&it, &s, &le) && lines < 2000) {
        lines++;
        if (netmask_route(s, le))
            netmask_lines++;
        else if (slash_route(s, le))
            slash_lines++;
    }
    /* IOS and ASA share their legend; the netmask form is what sets the ASA apart, so
     * it must be the form of the route lines, not a stray line among prefix ones. */
    if (netmask_lines > 0 && slash_lines == 0)
        return 90;
    if (netmask_lines > slash_lines)
        return 60;
    /* ASA "show ipv6 route": IOS-like, but connected paths read "via ::, nameif". */
    if (netmask_lines == 0 && sc_find(buf, e, "IPv6 Routing Table - ") && sc_find(buf, e, " via ::, "))
        return sc_find(buf, e, "V - VPN") ? 75 : 60;
    return 0;
}

const er_parser er_parser_asa_route = {
    "asa-route",
    "Cisco ASA show route (netmask form) / show ipv6 route",
    "route lines 'S  10.1.0.0 255.255.0.0 [1/0] via ..., nameif' with a dotted netmask "
    "after the network (and none in prefix form)",
    detect,
    parse,
};
