/* Cisco IOS/IOS-XE routing tables: show ip route [vrf X], show ipv6 route.
 *
 * How it works: a route line is a code column (C, S*, O E2, D EX, i L2, B, ...), then the
 * prefix, then a comma-separated tail made of "[distance/metric]", "via <address>",
 * "is directly connected", an age and an outgoing interface. Subnet headers
 * ("172.16.0.0/24 is subnetted, 2 subnets") give the length of the following lines that
 * print no mask; outside them a mask-less network has its classful length. Equal-cost
 * paths continue on indented lines starting with "[d/m] via ..." (IPv4) or "via ..."
 * (IPv6, where the prefix line itself carries no next hop); each becomes a route of the
 * same prefix. The parser keeps the last prefix line as a template for these, and
 * a prefix line that still waits for its first next hop is held until one comes. All
 * routes in a routing table are installed, so all are best; with ECMP the LPM keeps the
 * first of equal routes. Code letters map to er_proto; Null0 makes a discard route. */
#include <string.h>

#include "routes/cisco_text.h"
#include "routes/parse_util.h"

typedef struct rt_state {
    pu_state pu;
    bool in_legend;
    /* The last "x.0.0.0/len is subnetted" header: its major (classful) network and the
     * length of its subnets (-1 when variably subnetted). */
    bool hdr;
    er_prefix hdr_major;
    int hdr_len;
    /* The last prefix line, as a template for its further paths. */
    bool have_cur;
    er_route cur;
    bool cur_pending; /* printed without any next hop or interface yet */
    uint32_t cur_line;
    const char *cur_text, *cur_text_end;
} rt_state;

static bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* A token of the code column: letters, digits and the markers * + % &, at most 5 chars,
 * not starting with a digit. */
static bool code_token(const char *s, const char *e)
{
    if (s >= e || e - s > 5 || sc_is_digit(*s))
        return false;
    bool letter = false;
    for (const char *p = s; p < e; p++) {
        if (is_letter(*p))
            letter = true;
        else if (!sc_is_digit(*p) && *p != '*' && *p != '+' && *p != '%' && *p != '&')
            return false;
    }
    return letter || (e - s == 1);
}

/* Protocol of a code column: its first run of letters ("O" of "O*E2" and of "O E2"). */
static er_proto code_proto(const char *s, const char *e, int family)
{
    char w[6];
    size_t n = 0;
    const char *p = s;
    while (p < e && !is_letter(*p))
        p++;
    while (p < e && n < sizeof w - 1 && (is_letter(*p) || sc_is_digit(*p)))
        w[n++] = *p++;
    w[n] = '\0';
    if (!n)
        return ER_PROTO_OTHER;
    static const struct {
        const char *code;
        er_proto proto;
    } map[] = {
        {"C", ER_PROTO_CONNECTED}, {"L", ER_PROTO_LOCAL},   {"LC", ER_PROTO_LOCAL},
        {"S", ER_PROTO_STATIC},    {"U", ER_PROTO_STATIC},  {"P", ER_PROTO_STATIC},
        {"B", ER_PROTO_BGP},       {"R", ER_PROTO_RIP},     {"D", ER_PROTO_EIGRP},
        {"EX", ER_PROTO_EIGRP},    {"O", ER_PROTO_OSPF},    {"OI", ER_PROTO_OSPF},
        {"OE1", ER_PROTO_OSPF},    {"OE2", ER_PROTO_OSPF},  {"ON1", ER_PROTO_OSPF},
        {"ON2", ER_PROTO_OSPF},    {"E1", ER_PROTO_OSPF},   {"E2", ER_PROTO_OSPF},
        {"N1", ER_PROTO_OSPF},     {"N2", ER_PROTO_OSPF},   {"i", ER_PROTO_ISIS},
        {"L1", ER_PROTO_ISIS},     {"L2", ER_PROTO_ISIS},   {"ia", ER_PROTO_ISIS},
        {"su", ER_PROTO_ISIS},     {"I1", ER_PROTO_ISIS},   {"I2", ER_PROTO_ISIS},
        {"IS", ER_PROTO_ISIS},
    };
    if (strcmp(w, "IA") == 0) /* OSPF inter area in IPv4, IS-IS inter area in IPv6 */
        return family == ER_AF_V6 ? ER_PROTO_ISIS : ER_PROTO_OSPF;
    for (size_t i = 0; i < ER_ARRAY_LEN(map); i++)
        if (strcmp(w, map[i].code) == 0)
            return map[i].proto;
    return ER_PROTO_OTHER;
}

/* An age as IOS prints it: 00:12:01, 1d18h, 2w0d, 1y03w. */
static bool is_age(const char *s, const char *e)
{
    if (s >= e || !sc_is_digit(*s))
        return false;
    for (const char *p = s; p < e; p++)
        if (!sc_is_digit(*p) && !strchr(":ywdhms", *p))
            return false;
    return true;
}

static bool is_iface(const char *s, const char *e)
{
    if (s >= e || !is_letter(*s))
        return false;
    for (const char *p = s; p < e; p++)
        if (!is_letter(*p) && !sc_is_digit(*p) && !strchr("/.:-_", *p))
            return false;
    return true;
}

static bool word_is(const char **p, const char *e, const char *w)
{
    const char *q = sc_skip_ws(*p, e);
    size_t n = strlen(w);
    if ((size_t)(e - q) < n || memcmp(q, w, n) != 0 || !(q + n == e || sc_is_space(q[n]) ||
                                                        q[n] == ','))
        return false;
    *p = q + n;
    return true;
}


/* What the tail of a route or path line said. */
typedef struct tail {
    bool has_dm;
    uint32_t distance, metric;
    bool has_nh;
    er_prefix nh;
    const char *ifs, *ife; /* outgoing interface, if any */
    bool connected;        /* "is directly connected" */
    const char *err;       /* an address that does not scan: error */
    const char *err_s, *err_e;
    const char *bad;       /* something else not understood: warning */
} tail;

static void tail_error(tail *t, const char *why, const char *s, const char *e)
{
    t->err = why;
    t->err_s = s;
    t->err_e = e;
}

/* Read "[d/m]", "via X", "is directly connected", ages, "(VRF)" and an interface. */
static void parse_tail(const char *p, const char *e, tail *t)
{
    memset(t, 0, sizeof *t);
    for (;;) {
        while (p < e && (sc_is_space(*p) || *p == ','))
            p++;
        if (p >= e)
            return;
        const char *ts = p, *te = p;
        while (te < e && !sc_is_space(*te) && *te != ',')
            te++;
        if (*p == '[') {
            if (t->has_dm || !pu_bracket_at(p, e, &t->distance, &t->metric, &p)) {
                t->bad = "bad [distance/metric]";
                return;
            }
            t->has_dm = true;
            continue;
        }
        if (sc_eq(ts, te, "via")) {
            const char *as = sc_skip_ws(te, e), *ae = as;
            while (ae < e && !sc_is_space(*ae) && *ae != ',' && *ae != '%' && *ae != '(')
                ae++;
            if (pu_looks_like_addr(as, ae)) {
                if (!pu_addr(as, ae, &t->nh)) {
                    tail_error(t, "bad next hop address", as, ae);
                    return;
                }
                t->has_nh = true;
                p = ae;
                /* "%vrf" scope of the next hop: not kept. */
                if (p < e && *p == '%')
                    while (p < e && !sc_is_space(*p) && *p != ',')
                        p++;
                continue;
            }
            if (as < ae && is_iface(as, ae)) {
                t->ifs = as;
                t->ife = ae;
                p = ae;
                continue;
            }
            t->bad = "'via' without an address or interface";
            return;
        }
        if (word_is(&p, e, "is directly connected") || word_is(&p, e, "directly connected")) {
            t->connected = true;
            continue;
        }
        if (word_is(&p, e, "is a summary") || word_is(&p, e, "receive") ||
            word_is(&p, e, "indirectly connected"))
            continue;
        if (*ts == '(') {
            /* "(AMB)": the VRF of a next hop leaked from another table; "(!)" marks. */
            const char *rp = memchr(ts, ')', (size_t)(e - ts));
            if (!rp) {
                t->bad = "unclosed '('";
                return;
            }
            p = rp + 1;
            continue;
        }
        if (is_age(ts, te)) {
            p = te;
            continue;
        }
        if (is_iface(ts, te) && !t->ifs) {
            t->ifs = ts;
            t->ife = te;
            p = te;
            continue;
        }
        t->bad = "not a route line";
        return;
    }
}

static bool tail_has_target(const tail *t) { return t->has_nh || t->ifs || t->connected; }

/* Apply a tail to r (copied from the template). */
static void tail_apply(rt_state *st, const tail *t, er_route *r)
{
    if (t->has_dm) {
        r->distance = t->distance;
        r->metric = t->metric;
        r->flags |= ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC;
    }
    /* "via ::" in an IPv6 table means directly connected: no next hop. */
    if (t->has_nh && !(t->nh.family == ER_AF_V6 && t->nh.addr == 0))
        pu_set_nh(r, &t->nh);
    if (t->ifs)
        pu_set_iface(&st->pu, r, t->ifs, t->ife);
}

/* A prefix line held for its first next hop that never came. */
static void flush_pending(rt_state *st)
{
    if (st->cur_pending)
        pu_skip(&st->pu, st->cur_line,
                "route without a next hop or interface (its next line never came)", st->cur_text,
                st->cur_text_end);
    if (st->cur_pending)
        st->have_cur = false;
    st->cur_pending = false;
}

/* Report a tail problem on line ln (and give up on a held prefix line). */
static void tail_report(rt_state *st, const tail *t, const char *s, const char *e, uint32_t ln)
{
    flush_pending(st);
    st->have_cur = false;
    if (t->err)
        pu_error(&st->pu, ln, (uint32_t)(t->err_s - s + 1), t->err, t->err_s, t->err_e);
    else
        pu_skip(&st->pu, ln, t->bad ? t->bad : "path line without a next hop or interface", s, e);
}

static er_status on_route(rt_state *st, const char *s, const char *e, uint32_t ln,
                          const char *cs, const char *ce, const char *at)
{
    flush_pending(st);
    st->have_cur = false;
    er_prefix p;
    const char *q;
    bool has_len = false;
    uint32_t col = (uint32_t)(at - s + 1);
    er_addr_err rc = pu_prefix_tok(at, e, &p, &q, &has_len);
    if (rc != ER_ADDR_OK && rc != ER_ADDR_HOST_BITS) {
        const char *te = at;
        while (te < e && !sc_is_space(*te))
            te++;
        pu_error(&st->pu, ln, col, "bad network address", at, te);
        return ER_OK;
    }
    if (!has_len) {
        int l = -1;
        if (p.family == ER_AF_V4) {
            er_prefix host = p;
            host.len = 32;
            if (st->hdr && er_prefix_contains(&st->hdr_major, &host)) {
                if (st->hdr_len < 0) {
                    pu_skip(&st->pu, ln, "network without a mask under a variably subnetted header",
                            s, e);
                    return ER_OK;
                }
                l = st->hdr_len;
            } else {
                l = pu_classful_len((uint32_t)p.addr);
            }
        }
        if (l < 0) {
            pu_error(&st->pu, ln, col,
                     p.family == ER_AF_V4
                         ? "network without a mask is not classful"
                         : "network without a prefix length (IPv6 has no classful form)",
                     at, q);
            return ER_OK;
        }
        p.len = (uint8_t)l;
    }
    tail t;
    parse_tail(q, e, &t);
    if (t.err || t.bad) {
        tail_report(st, &t, s, e, ln);
        return ER_OK;
    }
    er_route r;
    pu_route_init(&r, ln);
    r.flags = (uint8_t)(ER_RF_BEST | pu_fix_hostbits(&st->pu, &p, ln, col));
    r.prefix = p;
    r.proto = (uint8_t)code_proto(cs, ce, p.family);
    st->in_legend = false;
    /* The template for further paths keeps the prefix, code and [d/m]. */
    st->cur = r;
    if (t.has_dm) {
        st->cur.distance = t.distance;
        st->cur.metric = t.metric;
        st->cur.flags |= ER_RF_HAS_DISTANCE | ER_RF_HAS_METRIC;
    }
    st->have_cur = true;
    if (!tail_has_target(&t)) {
        st->cur_pending = true;
        st->cur_line = ln;
        st->cur_text = s;
        st->cur_text_end = e;
        return ER_OK;
    }
    tail_apply(st, &t, &r);
    pu_ok(&st->pu);
    return pu_push(&st->pu, &r);
}

/* "[110/20] via ...", "via ..." or "is directly connected, X": another path of the
 * last prefix (or the first one of a held prefix line). */
static er_status on_path(rt_state *st, const char *s, const char *e, uint32_t ln,
                         const char *t0)
{
    if (!st->have_cur) {
        pu_skip(&st->pu, ln, "path line with no route before it", s, e);
        return ER_OK;
    }
    tail t;
    parse_tail(t0, e, &t);
    if (t.err || t.bad || !tail_has_target(&t)) {
        tail_report(st, &t, s, e, ln);
        return ER_OK;
    }
    er_route r = st->cur;
    r.line = st->cur_pending ? st->cur_line : ln;
    tail_apply(st, &t, &r);
    pu_ok_n(&st->pu, st->cur_pending ? 2 : 1);
    st->cur_pending = false;
    return pu_push(&st->pu, &r);
}

/* "172.16.0.0/24 is subnetted, 2 subnets" / "10.0.0.0/8 is variably subnetted, ...". */
static er_status on_subnet_header(rt_state *st, const char *s, const char *e, uint32_t ln,
                                  const char *at)
{
    er_prefix p;
    const char *q;
    bool has_len = false;
    er_addr_err rc = pu_prefix_tok(at, e, &p, &q, &has_len);
    if (rc != ER_ADDR_OK && rc != ER_ADDR_HOST_BITS) {
        const char *te = at;
        while (te < e && !sc_is_space(*te))
            te++;
        pu_error(&st->pu, ln, (uint32_t)(at - s + 1), "bad subnet header network", at, te);
        return ER_OK;
    }
    bool variably = word_is(&q, e, "is variably subnetted");
    if (!variably && !word_is(&q, e, "is subnetted")) {
        pu_skip(&st->pu, ln, "not a route line (an address without a route code)", s, e);
        return ER_OK;
    }
    int major = p.family == ER_AF_V4 ? pu_classful_len((uint32_t)p.addr) : -1;
    if (!has_len || major < 0) {
        pu_skip(&st->pu, ln, "subnet header without a mask or of a non-classful network", s, e);
        st->hdr = false;
        return ER_OK;
    }
    st->hdr = true;
    st->hdr_major = p;
    st->hdr_major.len = (uint8_t)major;
    er_prefix_mask_host(&st->hdr_major);
    st->hdr_len = variably ? -1 : p.len;
    pu_ok(&st->pu);
    return ER_OK;
}

/* A new table (VRF header or show command): forget the subnet header and last prefix. */
static void new_table(rt_state *st, const char *vs, const char *ve)
{
    st->hdr = false;
    st->have_cur = false;
    if (sc_eq(vs, ve, "Default"))
        ve = vs;
    pu_set_vrf(&st->pu, vs, ve);
}

static er_status on_other(rt_state *st, const char *s, const char *e, uint32_t ln)
{
    pu_state *pu = &st->pu;
    const char *t = sc_skip_ws(s, e), *c, *ce, *vs, *ve;
    if (sc_starts(t, e, "Codes:")) {
        st->in_legend = true;
        pu_ok(pu);
        return ER_OK;
    }
    if (st->in_legend && t > s && sc_find(t, e, " - ")) {
        pu_ok(pu);
        return ER_OK;
    }
    st->in_legend = false;
    if (sc_starts(t, e, "Gateway of last resort")) {
        /* understood */
    } else if (sc_starts(t, e, "Routing Table:")) {
        const char *p = t + strlen("Routing Table:"), *ns, *ne;
        if (sc_token(&p, e, &ns, &ne))
            new_table(st, ns, ne);
        else
            new_table(st, t, t);
    } else if (sc_starts(t, e, "IPv6 Routing Table - ")) {
        /* "IPv6 Routing Table - NAME - 6 entries" or "IPv6 Routing Table - 6 entries" */
        const char *p = t + strlen("IPv6 Routing Table - "), *ns, *ne;
        if (sc_token(&p, e, &ns, &ne) && !sc_is_digit(*ns))
            new_table(st, ns, ne);
        else
            new_table(st, t, t);
    } else if (cisco_is_prompt(t, e, &c, &ce) || cisco_is_show_cmd(t, e)) {
        if (!cisco_is_prompt(t, e, &c, &ce)) {
            c = t;
            ce = e;
        }
        if (c < ce) {
            if (cisco_cmd_vrf(c, ce, &vs, &ve))
                new_table(st, vs, ve);
            else
                new_table(st, t, t);
        }
    } else if (cisco_is_banner(t, e)) {
        /* timestamp */
    } else {
        pu_skip(pu, ln, *t == '%' ? "device message" : "not a route line", s, e);
        return ER_OK;
    }
    pu_ok(pu);
    return ER_OK;
}

/* Up to three code tokens then an address-like token: a route line (*cs..*ce = codes). */
static bool route_shape(const char *s, const char *e, const char **cs, const char **ce,
                        const char **at)
{
    const char *p = s, *ts, *te;
    *cs = NULL;
    for (int i = 0; i < 4 && sc_token(&p, e, &ts, &te); i++) {
        if (i > 0 && pu_looks_like_addr(ts, te)) {
            *at = ts;
            return true;
        }
        if (!code_token(ts, te))
            return false;
        if (!*cs)
            *cs = ts;
        *ce = te;
    }
    return false;
}

static er_status rt_line(void *arg, const char *s, const char *e, uint32_t ln)
{
    rt_state *st = arg;
    pu_strip_pager(&s, &e);
    if (pu_is_blank(s, e)) {
        flush_pending(st);
        st->in_legend = false;
        pu_ok(&st->pu);
        return ER_OK;
    }
    const char *t = sc_skip_ws(s, e), *p = t, *cs, *ce, *at;
    if (*t == '[' || word_is(&p, e, "via") || word_is(&p, e, "is directly connected"))
        return on_path(st, s, e, ln, t);
    if (route_shape(s, e, &cs, &ce, &at))
        return on_route(st, s, e, ln, cs, ce, at);
    flush_pending(st);
    const char *te = t;
    while (te < e && !sc_is_space(*te))
        te++;
    if (pu_looks_like_addr(t, te)) {
        st->in_legend = false;
        st->have_cur = false;
        return on_subnet_header(st, s, e, ln, t);
    }
    return on_other(st, s, e, ln);
}

static er_status ios_route_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    rt_state st;
    memset(&st, 0, sizeof st);
    pu_init(&st.pu, ctx, buf, len);
    er_status rc = pu_each_line(&st.pu, &st, rt_line);
    if (rc != ER_OK)
        return rc;
    flush_pending(&st);
    return pu_finish(&st.pu);
}

/* Markers of look-alike tables of other platforms (IOS-XR, ASA, EOS, FRR, NX-OS). */
static const char *const foreign_markers[] = {
    "(>) - Diversion path", "(!) - FRR Backup path", "A - access/subscriber",
    "V - VPN", "K - kernel", "> - selected route", "IP Route Table for VRF",
    "ubest/mbest", "D - DHCP", "[VRF: ", NULL,
};

static int ios_route_detect(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    bool legend = false, gateway = false, v6hdr = false, foreign = false;
    unsigned routes = 0, other = 0;
    while (er_lines_next(&it, &s, &e)) {
        pu_strip_pager(&s, &e);
        if (pu_is_blank(s, e))
            continue;
        const char *t = sc_skip_ws(s, e), *cs, *ce, *at;
        if (pu_find_any(t, e, foreign_markers))
            foreign = true;
        if (sc_starts(t, e, "VRF: "))
            foreign = true; /* IOS-XR and EOS name the VRF this way */
        if (sc_starts(t, e, "Codes: L - local, C - connected, S - static") ||
            sc_starts(t, e, "Codes: C - connected, S - static, R - RIP, M - mobile, B - BGP") ||
            sc_starts(t, e, "Codes: C - Connected, L - Local, S - Static")) {
            legend = true;
            continue;
        }
        if (sc_starts(t, e, "Gateway of last resort is")) {
            gateway = true;
            continue;
        }
        if (sc_starts(t, e, "IPv6 Routing Table - ")) {
            v6hdr = true;
            continue;
        }
        if (route_shape(s, e, &cs, &ce, &at)) {
            er_prefix p;
            const char *q = at, *r;
            bool has_len = false;
            er_addr_err rc = pu_prefix_tok(at, e, &p, &q, &has_len);
            r = sc_skip_ws(q, e); /* q stays at the token when the scan failed */
            /* ASA prints "10.0.0.0 255.0.0.0": not this format. */
            const char *rte = r;
            while (rte < e && !sc_is_space(*rte))
                rte++;
            if (rc == ER_ADDR_OK && !has_len && sc_starts(r, rte, "255.") &&
                pu_looks_like_addr(r, rte))
                foreign = true;
            if ((rc == ER_ADDR_OK || rc == ER_ADDR_HOST_BITS) &&
                (r == e || *r == '[' || sc_starts(r, e, "is directly connected") ||
                 sc_starts(r, e, "via "))) {
                routes++;
                continue;
            }
        }
        other++;
    }
    if (foreign)
        return (legend || gateway || routes) ? 15 : 0;
    if ((legend || v6hdr) && (routes || gateway))
        return 95;
    if (legend || v6hdr || gateway)
        return 80;
    if (routes >= 2 && routes >= 2 * other)
        return 50;
    return 0;
}

const er_parser er_parser_ios_route = {
    "ios-route",
    "Cisco IOS/IOS-XE show ip route [vrf X], show ipv6 route",
    "the 'Codes: L - local, C - connected' legend, 'Gateway of last resort', "
    "'IPv6 Routing Table - ', code-prefixed route lines with [distance/metric] via",
    ios_route_detect,
    ios_route_parse,
};
