/* FRRouting / Quagga / SONiC vtysh `show bgp ipv4|ipv6 [unicast]` / `show ip bgp` text
 * ("frr-bgp").
 *
 * How it works: the column header "Network Next Hop Metric LocPrf Weight Path" gives the
 * columns. A route line starts with status characters (s d h * > = i r S R, RPKI V I N),
 * then the prefix in the Network column, or no prefix (another path of the previous
 * prefix) when the first field starts in the Next Hop column. A prefix too long for its
 * column is followed by a line break and the rest on the next line (likewise a long next
 * hop). The numbers after the next hop are assigned to Metric, LocPrf or Weight by the
 * column their last digit falls in (right-aligned under the header words); what follows
 * Weight is the AS path and the origin code. A prefix printed without a length is
 * classful (IPv4), as IOS does. A path forwards (ER_RF_BEST) when valid '*' and best '>'
 * or multipath '=' (FRR installs multipaths as ECMP), unless marked RIB-failure 'r',
 * suppressed 's', damped 'd' or history 'h'. "Instance NAME:" lines (vrf all) set the VRF. */
#include "erready/routes.h"

#include <string.h>

#include "routes/parse_util.h"

typedef struct cols {
    bool ok;
    size_t net, nh, metric_end, locprf_end, weight_end;
} cols;

typedef struct bstate {
    pu_state pu;
    cols c;
    bool legend;
    bool have_prefix;
    er_prefix prefix;
    uint8_t pflags;
    uint32_t pline;
    /* A pending (wrapped) path: status known, next hop maybe known. */
    bool pending;
    bool p_best, p_ibgp, p_has_nh;
    er_prefix p_nh;
} bstate;

static bool read_header(const char *s, const char *e, cols *c)
{
    const char *n = sc_find(s, e, "Network");
    const char *h = sc_find(s, e, "Next Hop");
    const char *m = sc_find(s, e, "Metric");
    const char *l = sc_find(s, e, "LocPrf");
    const char *w = sc_find(s, e, "Weight");
    const char *p = sc_find(s, e, "Path");
    if (!n || !h || !m || !l || !w || !p || !(n < h && h < m && m < l && l < w && w < p))
        return false;
    c->ok = true;
    c->net = (size_t)(n - s);
    c->nh = (size_t)(h - s);
    c->metric_end = (size_t)(m - s) + 6;
    c->locprf_end = (size_t)(l - s) + 6;
    c->weight_end = (size_t)(w - s) + 6;
    return true;
}

static bool is_status(char c)
{
    return c && strchr("sdhSR*>=irVN", c) != NULL;
}

/* Numbers and path from p (after the next hop) to the end of line ln (starting at lbeg):
 * the route is pushed and the line understood, or, when the text does not fit the
 * columns, the line is skipped with the reason why. */
static er_status finish(bstate *b, uint32_t ln, const char *lbeg, const char *p, const char *e,
                        const char *why)
{
    pu_state *pu = &b->pu;
    er_route r;
    pu_route_init(&r, b->pline);
    r.prefix = b->prefix;
    r.flags = b->pflags;
    if (b->p_has_nh)
        pu_set_nh(&r, &b->p_nh);
    const char *ts, *te;
    const char *path_s = NULL, *path_e = NULL;
    while (sc_token(&p, e, &ts, &te)) {
        size_t endcol = (size_t)(te - lbeg);
        uint32_t v;
        if (!path_s && sc_u32(ts, te, &v) && endcol <= b->c.weight_end) {
            if (endcol <= b->c.metric_end) {
                r.metric = v;
                r.flags |= ER_RF_HAS_METRIC;
            } else if (endcol <= b->c.locprf_end) {
                r.locpref = v;
                r.flags |= ER_RF_HAS_LOCPREF;
            }
            continue;
        }
        if (!path_s)
            path_s = ts;
        path_e = te;
    }
    /* The path ends with the origin code. */
    const char *os = path_s ? path_e - 1 : NULL;
    if (!os || !(*os == 'i' || *os == 'e' || *os == '?') || (os > path_s && os[-1] != ' ')) {
        pu_skip(pu, ln, why, lbeg, e);
        return ER_OK;
    }
    const char *ae = os;
    while (ae > path_s && ae[-1] == ' ')
        ae--;
    pu_ok(pu);
    if (b->p_best)
        r.flags |= ER_RF_BEST;
    r.proto = b->p_ibgp ? ER_PROTO_IBGP : b->p_has_nh ? ER_PROTO_EBGP : ER_PROTO_BGP;
    if (!pu->vrf_keep)
        return ER_OK;
    r.as_path = pu_intern_slot(pu, PU_SLOT_ASPATH, path_s, ae);
    return pu->nomem ? ER_ERR_NOMEM : pu_push(pu, &r);
}

/* Read a next hop token; 0.0.0.0 and :: mean "this router" (no next hop). */
static bool read_nh(bstate *b, const char *ts, const char *te, er_addr_err *err)
{
    er_prefix g;
    *err = pu_addr_err(ts, te, &g);
    if (*err != ER_ADDR_OK)
        return false;
    b->p_has_nh = g.addr != 0;
    b->p_nh = g;
    return true;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    bstate b;
    memset(&b, 0, sizeof b);
    pu_state *pu = &b.pu;
    pu_init(pu, ctx, buf, len);
    er_status st;
    const char *s, *e;
    while (pu_next_line(pu, &s, &e)) {
        uint32_t ln = pu_lineno(pu);
        const char *t = s, *te = e;
        sc_trim(&t, &te);
        if (t == te) {
            b.legend = false;
            pu_ok(pu);
            continue;
        }
        if (sc_starts(t, te, "BGP table version is") || sc_starts(t, te, "Default local pref") ||
            sc_starts(t, te, "Nexthop codes:") || sc_starts(t, te, "Origin codes:") ||
            sc_starts(t, te, "RPKI validation codes:") || sc_starts(t, te, "Displayed ") ||
            sc_starts(t, te, "Total number of prefixes") ||
            sc_starts(t, te, "No BGP prefixes displayed") ||
            sc_starts(t, te, "Route Distinguisher:")) {
            pu_ok(pu);
            continue;
        }
        if (sc_starts(t, te, "Status codes:")) {
            b.legend = true;
            pu_ok(pu);
            continue;
        }
        if (b.legend && sc_is_space(*s)) {
            pu_ok(pu);
            continue;
        }
        b.legend = false;
        if (sc_starts(t, te, "Instance ") && te[-1] == ':') {
            const char *ns = t + 9, *ne = te - 1;
            sc_trim(&ns, &ne);
            pu_set_vrf(pu, ns, ne);
            if (pu->nomem)
                return ER_ERR_NOMEM;
            b.have_prefix = b.pending = false;
            pu_ok(pu);
            continue;
        }
        if (sc_find(t, te, "Network") && sc_find(t, te, "Next Hop")) {
            if (read_header(s, e, &b.c)) {
                pu_ok(pu);
                continue;
            }
        }
        if (pu_is_prompt_or_noise(s, e)) {
            pu_ok(pu);
            continue;
        }
        if (!b.c.ok) {
            pu_skip(pu, ln, "before the bgp table header", s, e);
            continue;
        }
        /* Status characters. */
        const char *p = s;
        bool valid = false, best = false, bad_status = false, ibgp = false, any = false;
        while (p < e && (sc_is_space(*p) || is_status(*p))) {
            if (!sc_is_space(*p)) {
                /* A status letter that starts the prefix field ends the status. */
                if ((size_t)(p - s) >= b.c.net && (*p == 'd'))
                    break;
                any = true;
                switch (*p) {
                case '*': valid = true; break;
                case '>': case '=': best = true; break;
                case 'i': ibgp = true; break;
                case 's': case 'd': case 'h': case 'r': bad_status = true; break;
                default: break;
                }
            }
            p++;
        }
        if (p >= e) {
            pu_skip(pu, ln, "status without a route", s, e);
            continue;
        }
        size_t col = (size_t)(p - s);
        const char *ts = p, *tke = p;
        while (tke < e && !sc_is_space(*tke))
            tke++;
        if (any) {
            b.pending = false;
            b.p_best = valid && best && !bad_status;
            b.p_ibgp = ibgp;
            b.p_has_nh = false;
            if (col < b.c.nh - 1) {
                /* Prefix. */
                er_addr_err err;
                uint8_t pfl = 0;
                er_prefix pf;
                const char *slash = memchr(ts, '/', (size_t)(tke - ts));
                if (slash) {
                    err = pu_prefix(pu, ln, pu_col(s, ts), ts, tke, true, &pf, &pfl);
                } else {
                    err = pu_addr(ts, tke, &pf) ? ER_ADDR_OK : ER_ADDR_BAD;
                    if (err == ER_ADDR_OK && pf.family == ER_AF_V4) {
                        /* classful, as IOS prints it (class D and E as /24) */
                        int cl = pu_classful_len((uint32_t)pf.addr);
                        pf.len = (uint8_t)(cl < 0 ? 24 : cl);
                        pfl |= pu_fix_hostbits(pu, &pf, ln, (uint32_t)col + 1);
                    } else if (err == ER_ADDR_OK) {
                        err = ER_ADDR_BAD_LEN;
                    }
                }
                if (err != ER_ADDR_OK) {
                    pu_bad_addr(pu, ln, pu_col(s, ts), "prefix", err, ts, tke);
                    b.have_prefix = false;
                    continue;
                }
                b.prefix = pf;
                b.pflags = pfl;
                b.have_prefix = true;
                b.pline = ln;
                p = sc_skip_ws(tke, e);
                if (p >= e) {
                    /* Wrapped after the prefix. */
                    b.pending = true;
                    pu_ok(pu);
                    continue;
                }
                ts = p;
                tke = p;
                while (tke < e && !sc_is_space(*tke))
                    tke++;
            } else {
                if (!b.have_prefix) {
                    pu_skip(pu, ln, "path without a prefix", s, e);
                    continue;
                }
                b.pline = ln;
            }
        } else {
            /* No status: the continuation of a wrapped line. */
            if (!b.pending || !b.have_prefix) {
                pu_skip(pu, ln, "not a bgp table line", s, e);
                continue;
            }
            b.pending = false;
            if (b.p_has_nh) {
                /* Next hop known: this line holds the numbers and the path. */
                if ((st = finish(&b, ln, s, p, e, "wrapped bgp line")) != ER_OK)
                    return st;
                continue;
            }
        }
        /* ts..tke is the next hop. */
        er_addr_err err;
        if (!read_nh(&b, ts, tke, &err)) {
            pu_bad_addr(pu, ln, pu_col(s, ts), "next hop", err, ts, tke);
            continue;
        }
        p = sc_skip_ws(tke, e);
        if (p >= e) {
            b.pending = true; /* numbers on the next line */
            pu_ok(pu);
            continue;
        }
        if ((st = finish(&b, ln, s, p, e, "bgp route line")) != ER_OK)
            return st;
    }
    return pu_finish(pu);
}

/* FRR's BGP table: the "Status codes" legend with "= multipath" and the Network header;
 * IOS prints a similar table, so FRR-only marks (vrf id, Nexthop codes, "Displayed N
 * routes", "RPKI validation codes") decide. */
static int detect(const char *buf, size_t len)
{
    const char *e = buf + len;
    bool header = sc_find(buf, e, "Network") && sc_find(buf, e, "Next Hop") &&
                  sc_find(buf, e, "LocPrf") && sc_find(buf, e, "Weight");
    if (!header || !sc_find(buf, e, "BGP table version is"))
        return 0;
    int score = 0;
    if (sc_find(buf, e, ", vrf id "))
        score += 40;
    if (sc_find(buf, e, "Nexthop codes:"))
        score += 30;
    if (sc_find(buf, e, "Displayed ") && sc_find(buf, e, " total paths"))
        score += 20;
    if (sc_find(buf, e, "= multipath") && sc_find(buf, e, "R Removed"))
        score += 50;
    return score == 0 ? 0 : score + 30 > 95 ? 95 : score + 30;
}

const er_parser er_parser_frr_bgp = {
    "frr-bgp",
    "FRRouting/Quagga/SONiC show bgp ipv4|ipv6 [unicast] / show ip bgp (text)",
    "'BGP table version is N, ... vrf id N', 'Nexthop codes:', Network/Next Hop/LocPrf header",
    detect,
    parse,
};
