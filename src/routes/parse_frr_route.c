/* FRRouting / Quagga / SONiC vtysh `show ip route` / `show ipv6 route` text ("frr-route").
 *
 * How it works: a route line starts in column 1 with a protocol letter, an optional
 * "[instance]", the selected mark ('>' or blank) and the FIB mark ('*', 'q', 'r', 't',
 * 'o' or blank), then the prefix, an optional "[distance/metric]" and the first next hop.
 * Further next hops of the same route are indented lines "  * via ...". A next hop is
 * "via ADDR" or "is directly connected" or "unreachable (...)" followed by comma-separated
 * fields: the interface (possibly with " (vrf X)", " onlink", " inactive"), "src A",
 * "label L", "weight N" and the uptime. Every next hop becomes one route; it forwards
 * (ER_RF_BEST) when its route is selected ('>') and that next-hop line has the FIB mark
 * '*', which is how FRR marks what is installed (a recursive next hop is shown without
 * '*' and its resolution with '*'). "IPv4 unicast VRF x:" / "VRF x:" headers set the VRF;
 * the "Codes:" legend and its continuation lines are understood. */
#include "erready/routes.h"

#include <string.h>

#include "routes/parse_util.h"

static const char proto_letters[] = "KCSROIBENTvVADFfLtZ";

static er_proto proto_of(char c)
{
    switch (c) {
    case 'K': return ER_PROTO_KERNEL;
    case 'C': return ER_PROTO_CONNECTED;
    case 'L': return ER_PROTO_LOCAL;
    case 'S': return ER_PROTO_STATIC;
    case 'R': return ER_PROTO_RIP;
    case 'O': return ER_PROTO_OSPF;
    case 'I': return ER_PROTO_ISIS;
    case 'B': return ER_PROTO_BGP;
    case 'E': return ER_PROTO_EIGRP;
    default: return ER_PROTO_OTHER;
    }
}

typedef struct froute {
    er_prefix prefix;
    uint8_t pflags;
    er_proto proto;
    bool selected;
    uint32_t distance, metric;
    bool has_dm;
    uint32_t line;
} froute;

typedef struct fstate {
    pu_state pu;
    bool legend;
    bool have_route;
    froute cur;
} fstate;

/* True for an uptime field: "00:01:02", "1d02h03m", "2w3d04h", "XX:XX:XX". */
static bool is_uptime(const char *s, const char *e)
{
    if (s >= e)
        return false;
    bool digit = false;
    for (const char *p = s; p < e; p++) {
        if (sc_is_digit(*p) || *p == 'X')
            digit = true;
        else if (!strchr(":dhmswy", *p))
            return false;
    }
    return digit;
}

/* Next comma-separated field of [*p, e), trimmed. */
static bool next_field(const char **p, const char *e, const char **fs, const char **fe)
{
    const char *q = *p;
    if (q >= e)
        return false;
    const char *c = memchr(q, ',', (size_t)(e - q));
    const char *end = c ? c : e;
    *fs = q;
    *fe = end;
    sc_trim(fs, fe);
    *p = c ? c + 1 : e;
    return true;
}

/* Strip trailing flag words and parenthesised notes ("(vrf x)", "(recursive)",
 * "(blackhole)") from a field; *inactive set for "inactive"/"linkdown". */
static void strip_flags(const char *s, const char **e, bool *inactive)
{
    for (;;) {
        const char *t = *e;
        while (t > s && t[-1] == ' ')
            t--;
        const char *w;
        if (t > s && t[-1] == ')') {
            w = t - 1;
            while (w > s && *w != '(')
                w--;
            if (*w != '(')
                break;
        } else {
            w = t;
            while (w > s && w[-1] != ' ')
                w--;
            if (sc_eq(w, t, "inactive") || sc_eq(w, t, "linkdown"))
                *inactive = true;
            else if (!sc_eq(w, t, "onlink"))
                break;
        }
        if (w == s)
            break;
        *e = w;
        while (*e > s && (*e)[-1] == ' ')
            (*e)--;
    }
}

/* Parse the next-hop text [p, e) for route cur; push one route. fib: the line's FIB mark. */
static er_status nexthop(fstate *f, uint32_t ln, const char *lbeg, const char *p, const char *e,
                         bool fib, bool *bad, bool *understood)
{
    pu_state *pu = &f->pu;
    er_route r;
    pu_route_init(&r, f->cur.line);
    r.prefix = f->cur.prefix;
    r.flags = f->cur.pflags;
    r.proto = (uint8_t)f->cur.proto;
    if (f->cur.has_dm) {
        r.distance = f->cur.distance;
        r.metric = f->cur.metric;
        r.flags |= ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC;
    }
    bool inactive = false;
    const char *fs, *fe;
    const char *q = p;
    if (!next_field(&q, e, &fs, &fe)) {
        *understood = false;
        return ER_OK;
    }
    const char *ifs = NULL, *ife = NULL;
    bool need_iface = false;
    if (sc_starts(fs, fe, "via ")) {
        const char *as = sc_skip_ws(fs + 4, fe), *ae = as;
        while (ae < fe && *ae != ' ')
            ae++;
        er_prefix g;
        er_addr_err err = pu_addr_err(as, ae, &g);
        if (err != ER_ADDR_OK) {
            pu_bad_addr(pu, ln, pu_col(lbeg, as), "next hop", err, as, ae);
            *bad = true;
            return ER_OK;
        }
        strip_flags(ae, &fe, &inactive);
        if (sc_skip_ws(ae, fe) != fe) {
            *understood = false;
            return ER_OK;
        }
        pu_set_nh(&r, &g);
        need_iface = true;
    } else if (sc_eq(fs, fe, "is directly connected")) {
        need_iface = true;
    } else if (sc_starts(fs, fe, "unreachable") || sc_starts(fs, fe, "blackhole")) {
        strip_flags(fs, &fe, &inactive);
        r.flags |= ER_RF_DISCARD;
    } else {
        *understood = false;
        return ER_OK;
    }
    /* Remaining fields. */
    bool first_extra = true;
    while (next_field(&q, e, &fs, &fe)) {
        if (fs == fe) {
            *understood = false;
            return ER_OK;
        }
        if (sc_starts(fs, fe, "src ") || sc_starts(fs, fe, "label ") ||
            sc_starts(fs, fe, "weight ") || sc_starts(fs, fe, "seg6") ||
            sc_starts(fs, fe, "backup ") || sc_starts(fs, fe, "bh") ||
            sc_starts(fs, fe, "rej") || sc_starts(fs, fe, "nhid ") ||
            sc_starts(fs, fe, "table ") || sc_starts(fs, fe, "mtu ")) {
            first_extra = false;
            continue;
        }
        if (is_uptime(fs, fe) && q >= e) {
            continue;
        }
        if (first_extra && need_iface) {
            ifs = fs;
            ife = fe;
            strip_flags(ifs, &ife, &inactive);
            if (memchr(ifs, ' ', (size_t)(ife - ifs))) {
                *understood = false;
                return ER_OK;
            }
            first_extra = false;
            continue;
        }
        *understood = false;
        return ER_OK;
    }
    if (f->cur.selected && fib && !inactive)
        r.flags |= ER_RF_BEST;
    *understood = true;
    if (!pu->vrf_keep)
        return ER_OK;
    if (ifs)
        pu_set_iface(pu, &r, ifs, ife);
    return pu->nomem ? ER_ERR_NOMEM : pu_push(pu, &r);
}

/* "IPv4 unicast VRF name:", "IPv6 unicast VRF name:", "VRF name:" (name may be followed by
 * more words, e.g. "table 10"). */
static bool vrf_header(fstate *f, const char *t, const char *e)
{
    if (e <= t || e[-1] != ':')
        return false;
    const char *v = sc_find(t, e, "VRF ");
    if (!v)
        return false;
    if (v != t && !sc_starts(t, e, "IPv4 ") && !sc_starts(t, e, "IPv6 "))
        return false;
    const char *ns = v + 4, *ne = ns;
    while (ne < e - 1 && *ne != ' ' && *ne != ':')
        ne++;
    if (ne == ns)
        return false;
    pu_set_vrf(&f->pu, ns, ne);
    return true;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    fstate f;
    memset(&f, 0, sizeof f);
    pu_state *pu = &f.pu;
    pu_init(pu, ctx, buf, len);
    er_status st;
    const char *s, *e;
    while (pu_next_line(pu, &s, &e)) {
        uint32_t ln = pu_lineno(pu);
        const char *t = s, *te = e;
        sc_trim(&t, &te);
        if (t == te) {
            f.legend = false;
            pu_ok(pu);
            continue;
        }
        if (sc_starts(t, te, "Codes:")) {
            f.legend = true;
            pu_ok(pu);
            continue;
        }
        if (f.legend && sc_is_space(*s) && sc_find(t, te, " - ")) {
            pu_ok(pu);
            continue;
        }
        f.legend = false;
        if (!sc_is_space(*s) && vrf_header(&f, t, te)) {
            if (pu->nomem)
                return ER_ERR_NOMEM;
            f.have_route = false;
            pu_ok(pu);
            continue;
        }
        if (pu_is_prompt_or_noise(s, e)) {
            pu_ok(pu);
            continue;
        }
        if (sc_is_space(*s)) {
            /* Continuation next hop: "  *   via ..." / "      via ... inactive". */
            const char *p = sc_skip_ws(s, e);
            bool fib = false;
            if (p < e && strchr("*qrtob", *p) && p + 1 < e && p[1] == ' ') {
                fib = *p == '*';
                p = sc_skip_ws(p + 1, e);
            }
            if (!f.have_route) {
                pu_skip(pu, ln, "next hop without a route", s, e);
                continue;
            }
            bool bad = false, und = false;
            if ((st = nexthop(&f, ln, s, p, te, fib, &bad, &und)) != ER_OK)
                return st;
            if (bad)
                continue;
            if (und)
                pu_ok(pu);
            else
                pu_skip(pu, ln, "next hop line", s, e);
            continue;
        }
        /* Route line. */
        const char *p = s;
        f.have_route = false;
        if (!strchr(proto_letters, *p) || *p == '\0') {
            pu_skip(pu, ln, "not a route line", s, e);
            continue;
        }
        froute r;
        memset(&r, 0, sizeof r);
        r.proto = proto_of(*p);
        r.line = ln;
        p++;
        if (p < e && *p == '[') {
            const char *q = memchr(p, ']', (size_t)(e - p));
            if (!q) {
                pu_skip(pu, ln, "route line", s, e);
                continue;
            }
            p = q + 1;
        }
        if (e - p < 3 || !strchr("> ", p[0]) || !strchr("*qrtob ", p[1]) || p[0] == '\0' ||
            p[1] == '\0' || p[2] != ' ') {
            pu_skip(pu, ln, "not a route line", s, e);
            continue;
        }
        r.selected = p[0] == '>';
        bool fib = p[1] == '*';
        p = sc_skip_ws(p + 2, e);
        const char *ps = p;
        while (p < e && !sc_is_space(*p))
            p++;
        er_addr_err err = pu_prefix(pu, ln, pu_col(s, ps), ps, p, true, &r.prefix, &r.pflags);
        if (err != ER_ADDR_OK) {
            pu_bad_addr(pu, ln, pu_col(s, ps), "prefix", err, ps, p);
            continue;
        }
        p = sc_skip_ws(p, e);
        if (p < e && *p == '[') {
            if (!pu_bracket_at(p, e, &r.distance, &r.metric, &p)) {
                pu_skip(pu, ln, "bad [distance/metric]", s, e);
                continue;
            }
            r.has_dm = true;
            p = sc_skip_ws(p, e);
        }
        f.cur = r;
        f.have_route = true;
        bool bad = false, und = false;
        if ((st = nexthop(&f, ln, s, p, te, fib, &bad, &und)) != ER_OK)
            return st;
        if (bad) {
            f.have_route = false;
        } else if (!und) {
            pu_skip(pu, ln, "route line", s, e);
            f.have_route = false;
        } else {
            pu_ok(pu);
        }
    }
    return pu_finish(pu);
}

/* True for FRR's fixed route-line shape: letter, optional "[n]", '>' or ' ', FIB mark,
 * one space, and a prefix with a length starting right there. */
static bool route_shape(const char *s, const char *e)
{
    if (e - s < 6 || !s[0] || !strchr(proto_letters, s[0]))
        return false;
    const char *p = s + 1;
    if (*p == '[') {
        const char *q = memchr(p, ']', (size_t)(e - p));
        if (!q)
            return false;
        p = q + 1;
    }
    if (e - p < 4 || (p[0] != '>' && p[0] != ' ') || !strchr("*qrtob ", p[1]) || !p[1] ||
        p[2] != ' ')
        return false;
    const char *ps = p + 3, *pe = ps;
    while (pe < e && !sc_is_space(*pe))
        pe++;
    er_prefix pf;
    const char *next;
    er_addr_err err = er_prefix_scan(ps, pe, true, &pf, &next);
    if (!((err == ER_ADDR_OK || err == ER_ADDR_HOST_BITS) && next == pe))
        return false;
    return sc_find(pe, e, " via ") || sc_find(pe, e, "is directly connected") ||
           sc_find(pe, e, " unreachable");
}

/* FRR legend ("> - selected route, * - FIB route"), "IPv4 unicast VRF x:" headers and
 * the fixed route-line shape; the legend alone is not enough (other Zebra descendants
 * print it with a different line shape). */
static int detect(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    int n = 0, shaped = 0;
    bool legend = false, header = false;
    while (er_lines_next(&it, &s, &e) && n++ < 300) {
        if (sc_find(s, e, "> - selected route") && sc_find(s, e, "* - FIB route"))
            legend = true;
        if ((sc_starts(s, e, "IPv4 unicast VRF ") || sc_starts(s, e, "IPv6 unicast VRF ")) &&
            e[-1] == ':')
            header = true;
        if (route_shape(s, e))
            shaped++;
    }
    if (!shaped)
        return 0;
    if (legend || header)
        return 90;
    return shaped >= 2 ? 60 : 40;
}

const er_parser er_parser_frr_route = {
    "frr-route",
    "FRRouting/Quagga/SONiC show ip route / show ipv6 route (text)",
    "'> - selected route, * - FIB route' legend, 'IPv4 unicast VRF x:', lines 'B>* P [d/m] via'",
    detect,
    parse,
};
