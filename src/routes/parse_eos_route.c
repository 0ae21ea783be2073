/* Arista EOS "show ip route" / "show ipv6 route" (text, any VRF, "vrf all").
 *
 * How it works: a route line starts with a blank, the route code ("B E", "B I", "O E2",
 * "S", "C", "I L2", "A B", "NG"), the prefix, then "[distance/metric] via NEXTHOP,
 * interface", "is directly connected, interface[, details]", or only "[distance/metric]"
 * with the paths on the following lines. ECMP paths are continuation lines "via NEXTHOP,
 * interface"; IPv6 connected paths read "via Vlan10, directly connected". "VRF: name"
 * (older: "VRF name: name") switches the VRF. EOS lists only the routes it installed, so
 * every path is best, except routes marked '#' (EOS: "not programmed in hardware"); the
 * '%' mark ("not programmed in kernel") does not affect forwarding. */
#include <string.h>

#include "routes/cisco_text.h"
#include "routes/parse_util.h"

typedef struct eosr {
    pu_state pu;
    bool legend;
    bool warning;      /* the previous line opened a WARNING paragraph */
    bool have_prefix;
    er_prefix pfx;
    uint8_t pflags;    /* ER_RF_HOSTBITS of the prefix */
    bool not_in_hw;    /* '#' mark */
    er_proto proto;
    bool dm_pending;   /* "[d/m]" ended the route line: vias follow */
    uint32_t dist, metric;
    bool have_dm;
    uint32_t pend_line;
} eosr;

static bool mark_char(char c) { return c == '%' || c == '#' || c == '*' || c == '^'; }

static bool code_token(const char *s, const char *e)
{
    if (e - s > 4)
        return false;
    for (; s < e; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || sc_is_digit(*s) ||
              mark_char(*s)))
            return false;
    return true;
}

/* The code is one or two words, e.g. "B E", "O E2", "I L1", "NG", "O3". */
static er_proto proto_of_code(const char *s, const char *e)
{
    const char *p = s, *a, *ae, *b = NULL, *be = NULL;
    if (!sc_token(&p, e, &a, &ae))
        return ER_PROTO_OTHER;
    while (ae > a && mark_char(ae[-1]))
        ae--;
    if (sc_token(&p, e, &b, &be))
        while (be > b && mark_char(be[-1]))
            be--;
    if (sc_eq(a, ae, "B")) {
        if (b && sc_eq(b, be, "E"))
            return ER_PROTO_EBGP;
        if (b && sc_eq(b, be, "I"))
            return ER_PROTO_IBGP;
        return ER_PROTO_BGP;
    }
    if (sc_eq(a, ae, "A"))
        return b && sc_eq(b, be, "O") ? ER_PROTO_OSPF : ER_PROTO_BGP;
    if (sc_eq(a, ae, "C"))
        return ER_PROTO_CONNECTED;
    if (sc_eq(a, ae, "S") || sc_eq(a, ae, "NG"))
        return ER_PROTO_STATIC;
    if (sc_eq(a, ae, "K"))
        return ER_PROTO_KERNEL;
    if (sc_eq(a, ae, "O") || sc_eq(a, ae, "O3"))
        return ER_PROTO_OSPF;
    if (sc_eq(a, ae, "R"))
        return ER_PROTO_RIP;
    if (sc_eq(a, ae, "I"))
        return ER_PROTO_ISIS;
    return ER_PROTO_OTHER;
}

static void route_base(eosr *x, er_route *r, uint32_t line)
{
    pu_route_init(r, line);
    r->prefix = x->pfx;
    r->proto = (uint8_t)x->proto;
    r->flags = x->pflags;
    if (!x->not_in_hw)
        r->flags |= ER_RF_BEST;
    if (x->have_dm) {
        r->distance = x->dist;
        r->metric = x->metric;
        r->flags |= ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC;
    }
}

static void set_iface(eosr *x, er_route *r, const char *s, const char *e)
{
    pu_set_iface(&x->pu, r, s, e);
    if (sc_eq(s, e, "Null"))
        r->flags |= ER_RF_DISCARD;
}

/* "via NH, Iface[, details]" / "via Iface, directly connected" (p at "via").
 * NULL when pushed, else why not understood; *bad when an error was issued. */
static const char *via_part(eosr *x, uint32_t line, const char *s, const char *p,
                            const char *e, bool *bad)
{
    er_route r;
    route_base(x, &r, line);
    p += 3;
    const char *fs, *fe;
    if (!pu_next_field(&p, e, &fs, &fe) || fs == fe)
        return "via without a next hop";
    er_prefix nh;
    bool addr = pu_addr(fs, fe, &nh);
    if (!addr && memchr(fs, '/', (size_t)(fe - fs))) {
        /* Tunnel vias print the endpoint as a host prefix: "via 192.0.2.1/32, ..." */
        const char *sl = memchr(fs, '/', (size_t)(fe - fs));
        uint32_t l;
        addr = pu_addr(fs, sl, &nh) && sc_u32(sl + 1, fe, &l) &&
               l == (uint32_t)er_family_bits(nh.family);
    }
    if (addr) {
        pu_set_nh(&r, &nh);
        if (!pu_next_field(&p, e, &fs, &fe) || fs == fe)
            return "next hop without an interface";
        set_iface(x, &r, fs, fe);
    } else if (pu_addr_like(fs, fe)) {
        pu_error(&x->pu, line, (uint32_t)(fs - s) + 1, "invalid next hop", fs, fe);
        *bad = true;
        return NULL;
    } else {
        /* "via Vlan10, directly connected" */
        const char *is = fs, *ie = fe;
        if (!pu_next_field(&p, e, &fs, &fe) || !sc_eq(fs, fe, "directly connected"))
            return "expected a next hop address";
        set_iface(x, &r, is, ie);
    }
    pu_push(&x->pu, &r);
    return NULL;
}

static const char *path_part(eosr *x, uint32_t line, const char *s, const char *p,
                             const char *e, bool *bad)
{
    p = sc_skip_ws(p, e);
    if (sc_starts(p, e, "is directly connected")) {
        er_route r;
        route_base(x, &r, line);
        p += 21;
        p = sc_skip_ws(p, e);
        if (p >= e || *p != ',')
            return "expected ', interface'";
        p++;
        const char *fs, *fe;
        if (!pu_next_field(&p, e, &fs, &fe) || fs == fe)
            return "connected route without an interface";
        set_iface(x, &r, fs, fe);
        pu_push(&x->pu, &r);
        return NULL;
    }
    const char *q = p, *ts, *te;
    if (!sc_token(&q, e, &ts, &te))
        return "empty path";
    if (*ts == '[') {
        if (!pu_bracket_pair(ts, te, &x->dist, &x->metric))
            return "expected [distance/metric]";
        x->have_dm = true;
        q = sc_skip_ws(q, e);
        if (q == e) {
            x->dm_pending = true;
            x->pend_line = line;
            return NULL;
        }
        p = q;
    }
    if (!pu_word(p, e, "via"))
        return "expected 'via'";
    return via_part(x, line, s, p, e, bad);
}

/* " B E    10.1.31.100/32 [200/0] via 192.168.17.5, Ethernet18" */
static bool route_line(eosr *x, uint32_t line, const char *s, const char *e)
{
    const char *p = s, *ts = NULL, *te = NULL, *code_s = NULL, *code_e = NULL;
    int ncode = 0;
    bool hw = false;
    for (;;) {
        const char *q = p;
        if (!sc_token(&q, e, &ts, &te))
            return false;
        if (ncode > 0 && memchr(ts, '/', (size_t)(te - ts)))
            break;
        if (ncode == 4 || !code_token(ts, te))
            return false;
        if (!code_s)
            code_s = ts;
        for (const char *c = ts; c < te; c++)
            hw |= *c == '#';
        /* The code words come first; a lone mark may follow them. */
        bool only_marks = true;
        for (const char *c = ts; c < te; c++)
            only_marks &= mark_char(*c);
        if (!only_marks)
            code_e = te;
        ncode++;
        p = q;
    }
    if (!code_e)
        return false;
    er_prefix pfx;
    uint8_t hb = 0;
    if (!pu_read_prefix(&x->pu, line, s, ts, te, &pfx, &hb)) {
        x->have_prefix = false;
        return true;
    }
    x->have_prefix = true;
    x->pfx = pfx;
    x->pflags = hb;
    x->not_in_hw = hw;
    x->proto = proto_of_code(code_s, code_e);
    x->have_dm = false;
    x->dm_pending = false;
    bool bad = false;
    const char *why = path_part(x, line, s, te, e, &bad);
    pu_line_done(&x->pu, line, why, bad, s, e);
    return true;
}

static bool continuation(eosr *x, uint32_t line, const char *s, const char *e)
{
    const char *p = sc_skip_ws(s, e);
    if (p == s || !x->have_prefix || !pu_word(p, e, "via"))
        return false;
    x->dm_pending = false;
    bool bad = false;
    const char *why = via_part(x, line, s, p, e, &bad);
    pu_line_done(&x->pu, line, why, bad, s, e);
    return true;
}

static bool vrf_line(eosr *x, const char *s, const char *e)
{
    const char *v;
    if (sc_starts(s, e, "VRF: "))
        v = s + 5;
    else if (sc_starts(s, e, "VRF name: "))
        v = s + 10;
    else
        return false;
    pu_set_vrf(&x->pu, v, e);
    x->have_prefix = false;
    return true;
}

static bool info_line(eosr *x, const char *s, const char *e)
{
    if (x->warning && sc_find(s, e, "marked with")) {
        x->warning = false;
        return true;
    }
    x->warning = false;
    if (sc_starts(s, e, "WARNING: ")) {
        x->warning = !sc_find(s, e, "marked with");
        return true;
    }
    return sc_starts(s, e, "Gateway of last resort") || sc_starts(s, e, "! ") ||
           sc_starts(s, e, "Displaying ") || sc_starts(s, e, "% ");
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    eosr x;
    memset(&x, 0, sizeof x);
    pu_init(&x.pu, ctx, buf, len);
    const char *s, *e;
    while (pu_next_line(&x.pu, &s, &e)) {
        uint32_t ln = pu_lineno(&x.pu);
        pu_strip_pager(&s, &e);
        if (x.dm_pending) {
            if (continuation(&x, ln, s, e))
                continue;
            pu_diag(&x.pu, ER_DIAG_WARNING, x.pend_line, 1, "route without its via line: dropped");
            x.dm_pending = false;
        }
        if (cisco_is_noise(s, e)) {
            x.legend = false;
            x.warning = false;
            pu_ok(&x.pu);
            continue;
        }
        if (cisco_legend(&x.legend, s, e, "Codes:")) {
            pu_ok(&x.pu);
            continue;
        }
        if (vrf_line(&x, s, e) || info_line(&x, s, e)) {
            pu_ok(&x.pu);
            continue;
        }
        if (continuation(&x, ln, s, e) || route_line(&x, ln, s, e))
            continue;
        pu_skip(&x.pu, ln, NULL, s, e);
    }
    if (x.dm_pending)
        pu_diag(&x.pu, ER_DIAG_WARNING, x.pend_line, 1,
                "route without its via line at the end of input: dropped");
    return pu_finish(&x.pu);
}

static int detect(const char *buf, size_t len)
{
    const char *e = buf + len;
    bool legend = sc_find(buf, e, "B I - iBGP, B E - eBGP") || sc_find(buf, e, "NG - Nexthop Group") ||
                  sc_find(buf, e, "A B - BGP Aggregate");
    if (legend)
        return 95;
    if ((sc_find(buf, e, "\n B E ") || sc_find(buf, e, "\n B I ")) && sc_find(buf, e, "] via "))
        return 70;
    return 0;
}

const er_parser er_parser_eos_route = {
    "eos-route",
    "Arista EOS show ip route / show ipv6 route (text)",
    "the EOS route legend ('B I - iBGP, B E - eBGP', 'NG - Nexthop Group Static Route')",
    detect,
    parse,
};
