/* Cisco NX-OS "show ip route" / "show ipv6 route" (any VRF, "vrf all").
 *
 * How it works: NX-OS prints one header line per prefix ("10.0.0.0/8, ubest/mbest: 2/0,
 * attached") followed by one "via" line per next hop; a leading '*' marks the best unicast
 * next hops ('**' best for multicast too), the others are kept as non-best evidence. Each
 * "IP Route Table for VRF" block switches the VRF. A via line is a comma-separated list:
 * target (address, possibly "%vrf", or an interface such as Null0), optional interface,
 * [preference/metric], uptime, protocol-instance, then protocol details. */
#include <string.h>

#include "routes/ca_common.h"
#include "routes/internal.h"

typedef struct nxr {
    ca_state st;
    bool have_prefix;
    er_prefix pfx;
    bool hostbits;
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
    ca_pfx r = ca_prefix_token(&x->st, line, s, s, comma, &pfx);
    if (r == CA_PFX_BAD) {
        ca_line_error(&x->st, line, 1, "invalid prefix", s, comma);
        x->have_prefix = false;
        return true;
    }
    x->have_prefix = true;
    x->pfx = pfx;
    x->hostbits = r == CA_PFX_HOSTBITS;
    x->no_ubest = ub == 0;
    ca_line_ok(&x->st);
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
        ca_line_skip(&x->st, line, s, e, "next hop without a prefix");
        return true;
    }
    p += 4;
    const char *fs, *fe;
    er_route r;
    memset(&r, 0, sizeof r);
    r.prefix = x->pfx;
    r.line = line;
    if (x->hostbits)
        r.flags |= ER_RF_HOSTBITS;
    if (stars && !x->no_ubest)
        r.flags |= ER_RF_BEST;
    if (!ca_next_field(&p, e, &fs, &fe) || fs == fe) {
        ca_line_skip(&x->st, line, s, e, "via without a target");
        return true;
    }
    const char *pct = memchr(fs, '%', (size_t)(fe - fs));
    const char *ae = pct ? pct : fe;
    if (sc_is_digit(*fs) || memchr(fs, ':', (size_t)(ae - fs))) {
        er_prefix nh;
        if (!ca_addr_token(fs, ae, &nh)) {
            ca_line_error(&x->st, line, (uint32_t)(fs - s) + 1, "invalid next hop", fs, ae);
            return true;
        }
        r.next_hop = nh.addr;
        r.nh_family = nh.family;
        r.flags |= ER_RF_HAS_NH;
    } else {
        r.iface = ca_intern(&x->st, CA_SLOT_IFACE, fs, fe);
        if (sc_eq(fs, fe, "Null0"))
            r.flags |= ER_RF_DISCARD;
    }
    /* Optional interface, then [pref/metric], uptime, protocol, details. */
    bool have_dm = false;
    const char *proto_s = NULL, *proto_e = NULL, *type_s = NULL, *type_e = NULL;
    int after_dm = 0;
    while (ca_next_field(&p, e, &fs, &fe)) {
        if (!have_dm) {
            uint32_t d, m;
            if (ca_dist_metric(fs, fe, &d, &m)) {
                have_dm = true;
                r.distance = d;
                r.metric = m;
                r.flags |= ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC;
            } else if (!r.iface.len && fs < fe && *fs != '[') {
                r.iface = ca_intern(&x->st, CA_SLOT_IFACE, fs, fe);
                if (sc_eq(fs, fe, "Null0"))
                    r.flags |= ER_RF_DISCARD;
            } else {
                ca_line_skip(&x->st, line, s, e, "expected [preference/metric]");
                return true;
            }
            continue;
        }
        after_dm++;
        if (after_dm == 1) {
            if (!ca_is_uptime(fs, fe)) {
                ca_line_skip(&x->st, line, s, e, "expected an uptime");
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
        ca_line_skip(&x->st, line, s, e, "incomplete next hop");
        return true;
    }
    if (!type_s)
        type_s = type_e = proto_e;
    r.proto = (uint8_t)proto_of(proto_s, proto_e, type_s, type_e);
    if (sc_eq(type_s, type_e, "discard"))
        r.flags |= ER_RF_DISCARD;
    ca_line_ok(&x->st);
    ca_push(&x->st, &r);
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
    if (!q2 || !ca_is_blank(q2 + 1, e))
        return false;
    ca_set_vrf(&x->st, q1 + 1, q2);
    x->have_prefix = false;
    ca_line_ok(&x->st);
    return true;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    nxr x;
    memset(&x, 0, sizeof x);
    ca_init(&x.st, ctx);
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    while (er_lines_next(&it, &s, &e)) {
        uint32_t ln = it.lineno;
        ca_strip_more(&s, &e);
        if (ca_is_noise(s, e)) {
            ca_line_ok(&x.st);
            continue;
        }
        if (vrf_header(&x, s, e) || prefix_line(&x, ln, s, e) || via_line(&x, ln, s, e))
            continue;
        const char *t = sc_skip_ws(s, e);
        if ((*t == '\'' && sc_find(t, e, " denotes ")) || sc_starts(t, e, "Route not found") ||
            sc_starts(t, e, "% Route not found")) {
            ca_line_ok(&x.st);
            continue;
        }
        ca_line_skip(&x.st, ln, s, e, NULL);
    }
    return ca_finish(&x.st);
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
