/* FortiGate (FortiOS) `get router info routing-table all|database` and
 * `get router info6 routing-table`.
 *
 * How it works: a route line is "CODE [MARKS] PREFIX [dist/metric] WHERE", where CODE
 * is the legend's letters ("S*", "O E2", "O*E2", "B", "i L1"), MARKS appear in the
 * database view ("*>": '>' selected, '*' in the FIB) and WHERE is one of "via ADDR"
 * with an optional "(recursive is directly connected, IF)" or "(recursive via ADDR,
 * IF)", "via TUNNEL tunnel ADDR" (IPsec), "is directly connected, IF", or "is a
 * summary, Null" (a blackhole: discard). After WHERE come comma-separated items: the
 * interface, an age ("1d02h", "03w2d20h", "22:00:53") and FortiOS's "[priority/weight]".
 * An indented line holding only "[d/m] via ..." or "is directly connected, IF" is
 * another path (ECMP) of the route above it and inherits its prefix and code.
 * "Routing table for VRF=N" sets the VRF (0 is the default VRF, stored as absent).
 * In the `all` view every route is installed, so every route is best; once the legend
 * has announced "> - selected route" (the database view) only routes marked '>' are. */
#include <string.h>

#include "routes/parse_util.h"

typedef struct fgt_state {
    pu_state pu;
    bool in_legend;
    bool database; /* legend lists "> - selected route" */
    /* the last route line, for continuation lines */
    bool have_last;
    er_prefix last_prefix;
    uint8_t last_hostbits;
    uint8_t last_proto;
    bool last_best;
} fgt_state;

static bool code_token(const char *s, const char *e)
{
    if (s == e)
        return false;
    for (; s < e; s++)
        if (*s == '\0' || !strchr("KCSRBOIANELVipa12*>", *s))
            return false;
    return true;
}

static er_proto code_proto(char c)
{
    switch (c) {
    case 'K': return ER_PROTO_KERNEL;
    case 'C': return ER_PROTO_CONNECTED;
    case 'S': return ER_PROTO_STATIC;
    case 'R': return ER_PROTO_RIP;
    case 'B':
    case 'V': return ER_PROTO_BGP;
    case 'O': return ER_PROTO_OSPF;
    case 'i':
    case 'I': return ER_PROTO_ISIS;
    default: return ER_PROTO_UNKNOWN;
    }
}

/* "1d02h", "03w2d20h", "3d13h31m", "2d18h02m", "22:00:53", "00:06:25" */
static bool age_item(const char *s, const char *e)
{
    if ((size_t)(e - s) == 8 && s[2] == ':' && s[5] == ':') {
        for (int i = 0; i < 8; i++)
            if (i != 2 && i != 5 && !sc_is_digit(s[i]))
                return false;
        return true;
    }
    bool any = false;
    while (s < e) {
        const char *d = s;
        while (s < e && sc_is_digit(*s))
            s++;
        if (s == d || s == e || !strchr("wdhms", *s) || *s == '\0')
            return false;
        s++;
        any = true;
    }
    return any;
}

/* Parse WHERE and what follows it, from p to e, into r. Returns 1 ok, 0 not
 * understood, -1 bad address (message already given). */
static int parse_where(fgt_state *st, uint32_t lineno, const char *ls, const char *p,
                       const char *e, er_route *r)
{
    pu_state *pu = &st->pu;
    const char *ts, *te;
    const char *if_s = NULL, *if_e = NULL;
    p = sc_skip_ws(p, e);
    if (p < e && *p == '[') {
        const char *q = p;
        uint32_t d, m;
        if (!sc_token(&q, e, &ts, &te) || !pu_bracket_pair(ts, te, &d, &m))
            return 0;
        r->distance = d;
        r->metric = m;
        r->flags |= ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC;
        p = sc_skip_ws(q, e);
    }
    if (sc_starts(p, e, "is directly connected,")) {
        p += strlen("is directly connected");
    } else if (sc_starts(p, e, "is a summary, Null")) {
        p += strlen("is a summary, Null");
        r->flags |= ER_RF_DISCARD;
        static const char null_if[] = "Null";
        r->iface = pu_intern_slot(pu, PU_SLOT_IFACE, null_if, null_if + 4);
        if (pu->nomem)
            return -2;
    } else if (sc_starts(p, e, "via ")) {
        p += 4;
        const char *as = sc_skip_ws(p, e), *ae = as;
        while (ae < e && *ae != ',' && !sc_is_space(*ae) && *ae != '(')
            ae++;
        er_prefix nh;
        if (pu_addr(as, ae, &nh)) {
            if (nh.addr != 0)
                pu_set_nh(r, &nh);
            p = ae;
        } else {
            /* "via NAME tunnel ADDR" */
            const char *q = ae;
            if (!sc_token(&q, e, &ts, &te) || !sc_eq(ts, te, "tunnel"))
                return pu_addrish(as, ae)
                           ? (pu_error(pu, lineno, pu_col(ls, as), "bad next hop", as, ae), -1)
                           : 0;
            const char *ns = sc_skip_ws(q, e), *ne = ns;
            while (ne < e && *ne != ',' && !sc_is_space(*ne))
                ne++;
            if (!pu_addr(ns, ne, &nh)) {
                if (!pu_addrish(ns, ne))
                    return 0;
                pu_error(pu, lineno, pu_col(ls, ns), "bad next hop", ns, ne);
                return -1;
            }
            if (nh.addr != 0)
                pu_set_nh(r, &nh);
            if_s = as;
            if_e = ae;
            p = ne;
        }
        p = sc_skip_ws(p, e);
        if (p < e && *p == '(') {
            /* "(recursive is directly connected, IF)" or "(recursive via ADDR, IF)" */
            const char *close = memchr(p, ')', (size_t)(e - p));
            if (!close)
                return 0;
            const char *q = p + 1;
            if (!sc_starts(q, close, "recursive "))
                return 0;
            const char *comma = memchr(q, ',', (size_t)(close - q));
            if (comma && !if_s) {
                const char *is = comma + 1, *ie = close;
                sc_trim(&is, &ie);
                if (is == ie)
                    return 0;
                if_s = is;
                if_e = ie;
            }
            p = close + 1;
            /* EdgeOS-style captures close twice: "... pppoe4) )" */
            const char *q2 = sc_skip_ws(p, e);
            if (q2 < e && *q2 == ')')
                p = q2 + 1;
        }
    } else {
        return 0;
    }
    /* comma-separated items: interface, age, [priority/weight] */
    const char *direct_if_s = NULL, *direct_if_e = NULL;
    for (;;) {
        p = sc_skip_ws(p, e);
        if (p >= e)
            break;
        if (*p != ',')
            return 0;
        const char *is = p + 1, *ie = is;
        while (ie < e && *ie != ',')
            ie++;
        p = ie;
        sc_trim(&is, &ie);
        uint32_t a, b;
        if (is == ie)
            return 0;
        if (age_item(is, ie) || pu_bracket_pair(is, ie, &a, &b))
            continue;
        if (direct_if_s || (r->flags & ER_RF_DISCARD))
            return 0;
        direct_if_s = is;
        direct_if_e = ie;
    }
    if (direct_if_s) {
        if_s = direct_if_s;
        if_e = direct_if_e;
    }
    if (if_s && !r->iface.len)
        r->iface = pu_intern_slot(pu, PU_SLOT_IFACE, if_s, if_e);
    return pu->nomem ? -2 : 1;
}

static er_status finish(fgt_state *st, er_route *r, bool best)
{
    pu_state *pu = &st->pu;
    pu_ok(pu);
    if (best)
        r->flags |= ER_RF_BEST;
    return pu_push(pu, r);
}

static er_status route_line(fgt_state *st, uint32_t lineno, const char *s, const char *e,
                            bool continuation)
{
    pu_state *pu = &st->pu;
    const char *p = s, *ts, *te, *q;
    char first_code = 0;
    bool marked_sel = false;
    er_route r;
    pu_route_init(&r, lineno);
    /* code and mark tokens, up to the prefix (or, on a continuation, the path) */
    for (;;) {
        q = p;
        if (!sc_token(&q, e, &ts, &te))
            goto skip;
        if (!continuation && memchr(ts, '/', (size_t)(te - ts)) && *ts != '[')
            break;
        if (continuation && (*ts == '[' || sc_eq(ts, te, "via") || sc_eq(ts, te, "is")))
            break;
        if (!code_token(ts, te))
            goto skip;
        for (const char *c = ts; c < te; c++) {
            if (!first_code && *c != '*' && *c != '>')
                first_code = *c;
            if (*c == '>')
                marked_sel = true;
        }
        p = q;
    }
    if (continuation) {
        if (first_code || !st->have_last)
            goto skip;
        r.prefix = st->last_prefix;
        r.flags |= st->last_hostbits;
        r.proto = st->last_proto;
    } else {
        if (!first_code)
            goto skip;
        if (pu_prefix(pu, lineno, pu_col(s, ts), ts, te, true, &r.prefix, &r.flags) != ER_ADDR_OK) {
            pu_error(pu, lineno, pu_col(s, ts), "bad prefix", ts, te);
            st->have_last = false;
            return ER_OK;
        }
        r.proto = (uint8_t)code_proto(first_code);
        p = q;
    }
    int w = parse_where(st, lineno, s, p, e, &r);
    if (w == -2)
        return ER_ERR_NOMEM;
    if (w < 0) {
        if (!continuation)
            st->have_last = false;
        return ER_OK;
    }
    if (w == 0)
        goto skip;
    bool best = st->database ? marked_sel : true;
    if (continuation && !st->database)
        best = st->last_best;
    if (!continuation) {
        st->have_last = true;
        st->last_prefix = r.prefix;
        st->last_hostbits = r.flags & ER_RF_HOSTBITS;
        st->last_proto = r.proto;
        st->last_best = best;
    }
    return finish(st, &r, best);
skip:
    if (!continuation)
        st->have_last = false;
    pu_skip(pu, lineno, NULL, s, e);
    return ER_OK;
}

/* "Codes: K - kernel, ..." and its indented continuation lines. */
static bool legend_line(fgt_state *st, const char *s, const char *e)
{
    const char *ts = s, *te = e;
    sc_trim(&ts, &te);
    if (sc_starts(ts, te, "Codes:") && sc_find(ts, te, " - ")) {
        st->in_legend = true;
        return true;
    }
    if (!st->in_legend || ts == s || !sc_find(ts, te, " - "))
        return false;
    if (sc_find(ts, te, "> - selected route"))
        st->database = true;
    return true;
}

/* "FGT60E # get router info routing-table all", "FGT (root) # ..." */
static bool prompt_line(const char *s, const char *e)
{
    const char *p = s, *ts, *te;
    if (!sc_token(&p, e, &ts, &te) || (ts != s))
        return false;
    if (!sc_token(&p, e, &ts, &te))
        return false;
    if (*ts == '(' && te[-1] == ')' && !sc_token(&p, e, &ts, &te))
        return false;
    return sc_eq(ts, te, "#") || sc_eq(ts, te, "$");
}

static bool vrf_line(fgt_state *st, const char *s, const char *e)
{
    if (!sc_starts(s, e, "Routing table for VRF="))
        return false;
    const char *v = s + strlen("Routing table for VRF="), *ve = e;
    sc_trim(&v, &ve);
    uint32_t n;
    if (!sc_u32(v, ve, &n))
        return false;
    if (n == 0) /* VRF 0 is the default VRF */
        ve = v;
    pu_set_vrf(&st->pu, v, ve);
    st->have_last = false;
    return true;
}

static er_status fgt_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    fgt_state st;
    memset(&st, 0, sizeof st);
    pu_state *pu = &st.pu;
    pu_init(pu, ctx, buf, len);
    const char *s, *e;
    er_status rc = ER_OK;
    while (rc == ER_OK && pu_next_line(pu, &s, &e)) {
        if (legend_line(&st, s, e)) {
            pu_ok(pu);
            continue;
        }
        st.in_legend = false;
        const char *ts = s, *te = e;
        sc_trim(&ts, &te);
        if (ts == te || pu_is_pager_line(s, e) || prompt_line(s, e) || vrf_line(&st, ts, te) ||
            sc_eq(ts, te, "IPv6 Routing Table") || sc_eq(ts, te, "Timers: Uptime") ||
            sc_starts(ts, te, "current vf=")) {
            pu_ok(pu);
            continue;
        }
        rc = route_line(&st, pu_lineno(pu), s, e, sc_is_space(*s));
    }
    return rc != ER_OK ? rc : pu_finish(pu);
}

static int fgt_detect(const char *buf, size_t len)
{
    const char *end = buf + len;
    /* EdgeOS prints the same ZebOS legend but "IP Route Table for VRF \"...\"" */
    if (sc_find(buf, end, "IP Route Table for VRF"))
        return 0;
    bool vrf = sc_find(buf, end, "Routing table for VRF=") != NULL;
    bool legend = sc_find(buf, end, "Codes: K - kernel, C - connected, S - static") != NULL;
    bool prio = sc_find(buf, end, "get router info") != NULL;
    if (vrf)
        return legend ? 92 : 85;
    if (legend && prio)
        return 70;
    return 0;
}

const er_parser er_parser_fortigate = {
    "fortigate-route",
    "FortiGate get router info routing-table all|database / info6 routing-table",
    "'Routing table for VRF=N' under the 'Codes: K - kernel, C - connected' legend",
    fgt_detect,
    fgt_parse,
};
