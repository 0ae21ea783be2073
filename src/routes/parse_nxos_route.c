/* Cisco NX-OS "show ip route" / "show ipv6 route" (any VRF, "vrf all").
 *
 * How it works: NX-OS prints one header line per prefix ("10.0.0.0/8, ubest/mbest: 2/0,
 * attached") followed by one "via" line per next hop; a leading '*' marks the best unicast
 * next hops ('**' best for multicast too), the others are kept as non-best evidence. Each
 * "IP Route Table for VRF" block switches the VRF. A via line is a comma-separated list:
 * target (address, possibly "%vrf", or an interface such as Null0), optional interface,
 * [preference/metric], uptime, protocol-instance, then protocol details. */
#include <string.h>

#include "routes/cisco_text.h"
#include "routes/parse_util.h"

typedef struct nxr {
    pu_state pu;
    bool have_prefix;
    er_prefix pfx;
    uint8_t pflags; /* ER_RF_HOSTBITS of the prefix */
    bool no_ubest; /* "ubest/mbest: 0/n": no unicast best via */
} nxr;

/* Protocol from "static", "direct", "ospf-10", "bgp-65004" + "external"/"internal". */
static er_proto proto_of(const char *s, const char *e, const char *ts, const char *te)
{
    const char *dash = memchr(s, '-', (size_t)(e - s));
    const char *we = dash ? dash : e;
    if (sc_eq(s, we, "bgp")) {
        if (sc_eq(ts, te, "external"))
            return ER_PROTO_EBGP;
        if (sc_eq(ts, te, "internal"))
            return ER_PROTO_IBGP;
        return ER_PROTO_BGP;
    }
    if (sc_eq(s, e, "static"))
        return ER_PROTO_STATIC;
    if (sc_eq(s, e, "direct"))
        return ER_PROTO_CONNECTED;
    if (sc_eq(s, e, "local"))
        return ER_PROTO_LOCAL;
    if (sc_eq(s, we, "ospf") || sc_eq(s, we, "ospfv3"))
        return ER_PROTO_OSPF;
    if (sc_eq(s, we, "isis"))
        return ER_PROTO_ISIS;
    if (sc_eq(s, we, "eigrp"))
        return ER_PROTO_EIGRP;
    if (sc_eq(s, we, "rip"))
        return ER_PROTO_RIP;
    return ER_PROTO_OTHER;
}

/* "10.0.0.0/8, ubest/mbest: 2/0[, attached][, pending][ time]" */
static bool prefix_line(nxr *x, uint32_t line, const char *s, const char *e)
{
    const char *comma = memchr(s, ',', (size_t)(e - s));
    if (!comma || sc_is_space(*s))
        return false;
    const char *p = comma + 1, *ts, *te;
    if (!sc_token(&p, e, &ts, &te) || !sc_eq(ts, te, "ubest/mbest:"))
        return false;
    if (!sc_token(&p, e, &ts, &te))
        return false;
    const char *slash = memchr(ts, '/', (size_t)(te - ts));
    const char *ue = slash ? slash : te;
    if (ue > ts && te[-1] == ',')
        te--;
    uint32_t ub, mb;
    if (!slash || !sc_u32(ts, slash, &ub) || !sc_u32(slash + 1, te, &mb))
        return false;
    er_prefix pfx;
    uint8_t hb = 0;
    if (!pu_read_prefix(&x->pu, line, s, s, comma, &pfx, &hb)) {
        x->have_prefix = false;
        return true;
    }
    x->have_prefix = true;
    x->pfx = pfx;
    x->pflags = hb;
    x->no_ubest = ub == 0;
    pu_ok(&x->pu);
    return true;
}

/* "    *via 10.1.1.1%vrf, Eth1/1, [1/0], 3w2d, static, tag 100" */
static bool via_line(nxr *x, uint32_t line, const char *s, const char *e)
{
    const char *p = sc_skip_ws(s, e);
    if (p == s)
        return false;
    int stars = 0;
    while (p < e && *p == '*') {
        stars++;
        p++;
    }
    if (!sc_starts(p, e, "via ") || stars > 2)
        return false;
    if (!x->have_prefix) {
        pu_skip(&x->pu, line, "next hop without a prefix", s, e);
        return true;
    }
    p += 4;
    const char *fs, *fe;
    er_route r;
    pu_route_init(&r, line);
    r.prefix = x->pfx;
    r.flags = x->pflags;
    if (stars && !x->no_ubest)
        r.flags |= ER_RF_BEST;
    if (!pu_next_field(&p, e, &fs, &fe) || fs == fe) {
        pu_skip(&x->pu, line, "via without a target", s, e);
        return true;
    }
    const char *pct = memchr(fs, '%', (size_t)(fe - fs));
    const char *ae = pct ? pct : fe;
    if (pu_addr_like(fs, ae)) {
        er_prefix nh;
        if (!pu_addr(fs, ae, &nh)) {
            pu_error(&x->pu, line, (uint32_t)(fs - s) + 1, "invalid next hop", fs, ae);
            return true;
        }
        pu_set_nh(&r, &nh);
    } else {
        pu_set_iface(&x->pu, &r, fs, fe);
    }
    /* Optional interface, then [pref/metric], uptime, protocol, details. */
    bool have_dm = false;
    const char *proto_s = NULL, *proto_e = NULL, *type_s = NULL, *type_e = NULL;
    int after_dm = 0;
    while (pu_next_field(&p, e, &fs, &fe)) {
        if (!have_dm) {
            uint32_t d, m;
            if (pu_bracket_pair(fs, fe, &d, &m)) {
                have_dm = true;
                r.distance = d;
                r.metric = m;
                r.flags |= ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC;
            } else if (!r.iface.len && fs < fe && *fs != '[') {
                pu_set_iface(&x->pu, &r, fs, fe);
            } else {
                pu_skip(&x->pu, line, "expected [preference/metric]", s, e);
                return true;
            }
            continue;
        }
        after_dm++;
        if (after_dm == 1) {
            if (!cisco_is_uptime(fs, fe)) {
                pu_skip(&x->pu, line, "expected an uptime", s, e);
                return true;
            }
        } else if (after_dm == 2) {
            proto_s = fs;
            proto_e = fe;
        } else if (after_dm == 3) {
            type_s = fs;
            type_e = fe;
        }
    }
    if (!have_dm || !proto_s || proto_s == proto_e) {
        pu_skip(&x->pu, line, "incomplete next hop", s, e);
        return true;
    }
    if (!type_s)
        type_s = type_e = proto_e;
    r.proto = (uint8_t)proto_of(proto_s, proto_e, type_s, type_e);
    if (sc_eq(type_s, type_e, "discard"))
        r.flags |= ER_RF_DISCARD;
    pu_ok(&x->pu);
    pu_push(&x->pu, &r);
    return true;
}

/* IP Route Table for VRF "default" / IPv6 Routing Table for VRF "default" */
static bool vrf_header(nxr *x, const char *s, const char *e)
{
    if (!sc_starts(s, e, "IP Route Table for ") && !sc_starts(s, e, "IPv6 Routing Table for "))
        return false;
    const char *q1 = memchr(s, '"', (size_t)(e - s));
    if (!q1)
        return false;
    const char *q2 = memchr(q1 + 1, '"', (size_t)(e - q1 - 1));
    if (!q2 || !pu_is_blank(q2 + 1, e))
        return false;
    pu_set_vrf(&x->pu, q1 + 1, q2);
    x->have_prefix = false;
    pu_ok(&x->pu);
    return true;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    nxr x;
    memset(&x, 0, sizeof x);
    pu_init(&x.pu, ctx, buf, len);
    const char *s, *e;
    while (pu_next_line(&x.pu, &s, &e)) {
        uint32_t ln = pu_lineno(&x.pu);
        pu_strip_pager(&s, &e);
        if (cisco_is_noise(s, e)) {
            pu_ok(&x.pu);
            continue;
        }
        if (vrf_header(&x, s, e) || prefix_line(&x, ln, s, e) || via_line(&x, ln, s, e))
            continue;
        const char *t = sc_skip_ws(s, e);
        if ((*t == '\'' && sc_find(t, e, " denotes ")) || sc_starts(t, e, "Route not found") ||
            sc_starts(t, e, "% Route not found")) {
            pu_ok(&x.pu);
            continue;
        }
        pu_skip(&x.pu, ln, NULL, s, e);
    }
    return pu_finish(&x.pu);
}

static int detect(const char *buf, size_t len)
{
    const char *e = buf + len;
    /* Quagga-based routers (EdgeRouter) print the same table header: NX-OS also has the
     * "ubest/mbest" prefix lines or its "denotes best ucast next-hop" legend. */
    bool nx = sc_find(buf, e, ", ubest/mbest: ") || sc_find(buf, e, "' denotes best ucast next-hop");
    if (!nx)
        return 0;
    if (sc_find(buf, e, "IP Route Table for VRF \"") ||
        sc_find(buf, e, "IPv6 Routing Table for VRF \""))
        return 95;
    return 85;
}

const er_parser er_parser_nxos_route = {
    "nxos-route",
    "Cisco NX-OS show ip route / show ipv6 route",
    "'IP Route Table for VRF \"...\"' headers, 'ubest/mbest:' prefix lines, '*via' next hops",
    detect,
    parse,
};
