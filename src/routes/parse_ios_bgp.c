/* Cisco IOS/IOS-XE BGP tables: show ip bgp, show bgp ipv4|ipv6 unicast, show ip bgp
 * vpnv4 ..., show ip bgp neighbors X advertised-routes / received-routes.
 *
 * How it works: every line is classified by its first columns. A route line starts with
 * the status codes (at most CODE_WIDTH columns: RPKI state, status, path selection, route
 * source), then the network, the next hop, the right-aligned Metric/LocPrf/Weight fields,
 * the AS path and the origin code. IOS wraps a network too long for its column onto a
 * line of its own, and an IPv6 next hop too long for its column pushes the attributes to
 * a third line; a path line without a network continues the previous network. A small
 * state machine (pending network -> pending next hop -> complete) stitches these pieces
 * together without copying lines. The empty numeric fields are told apart by position:
 * the header line gives where Metric, LocPrf and Weight end relative to Next Hop, and
 * each line is measured against that, shifted by where its own next hop starts, so a
 * line printed one column off still reads right. Weight is always printed, so it is the
 * anchor; numbers left of it are metric and local preference, numbers right of it the
 * AS path. A route is accepted only when complete up to its origin code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routes/cisco_text.h"
#include "routes/parse_util.h"

/* Status codes (RPKI V/I/N, status s d h * r S, selection > b m x a c f t L, source i)
 * sit in the first CODE_WIDTH columns. */
#define CODE_WIDTH 8
static const char CODE_CHARS[] = "VINsdh*rS>bmxacftLi";

/* Right-aligned field ends relative to the "Next Hop" column when no header was seen
 * (the IOS layout: next hop 16 wide, metric 10, locprf 7, weight 7). */
#define DEF_NH_COL 20
#define DEF_METRIC_REL 25
#define DEF_LOCPRF_REL 32
#define DEF_WEIGHT_REL 39

typedef struct bgp_cols {
    int nh;         /* column of "Next Hop" */
    int metric_end; /* last column of "Metric", "LocPrf", "Weight" */
    int locprf_end;
    int weight_end;
} bgp_cols;

typedef struct bgp_codes {
    bool any;      /* some code character was present */
    bool valid;    /* '*' */
    bool best;     /* '>' */
    bool internal; /* 'i' route source */
} bgp_codes;

enum { PEND_NONE, PEND_NH, PEND_ATTRS };
enum { LINE_NET, LINE_ADDR, LINE_OTHER };

/* The last next hops read, as text and address: a BGP table names few next hops (one per
 * peer), so most next hops are one of these again and need no scan. */
#define NH_CACHED 4
typedef struct nh_cache {
    struct {
        char text[48];
        size_t len; /* 0: empty */
        er_prefix nh;
    } v[NH_CACHED];
    unsigned next; /* the entry replaced next */
} nh_cache;

typedef struct bgp_state {
    pu_state pu;
    bgp_cols cols;
    bool in_legend;
    /* The current network (continuation lines inherit it). */
    bool have_net;
    er_prefix net;
    uint8_t net_flags;
    /* A route spread over lines not yet complete: up to two lines held. */
    int pend;
    int npend;
    uint32_t pline[2];
    const char *ptext[2], *ptext_end[2];
    bgp_codes pcodes;
    er_prefix pnh;
    int pshift;
    bool line_tabs; /* the current line holds a tab */
    nh_cache nhc;
} bgp_state;

static void cols_default(bgp_cols *c)
{
    c->nh = DEF_NH_COL;
    c->metric_end = DEF_NH_COL + DEF_METRIC_REL;
    c->locprf_end = DEF_NH_COL + DEF_LOCPRF_REL;
    c->weight_end = DEF_NH_COL + DEF_WEIGHT_REL;
}

static bool is_code_char(char c) { return c && strchr(CODE_CHARS, c) != NULL; }

/* A character an address may start with (what pu_looks_like_addr asks first). */
static bool may_start_addr(char c)
{
    return sc_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':';
}

static const char *token_end(const char *p, const char *e)
{
    while (p < e && !sc_is_space(*p))
        p++;
    return p;
}

/* The address token classify found, already scanned when it scans cleanly (so that the
 * line's reader does not scan it again). */
typedef struct bgp_tok {
    nh_cache *cache; /* set by the caller */
    bool ok;         /* scanned: p, q (past the token); a network also rc (OK or
                      * HOST_BITS) and has_len */
    er_addr_err rc;
    er_prefix p;
    const char *q;
    bool has_len;
} bgp_tok;

static bool scan_nexthop(nh_cache *c, const char *at, const char *e, er_prefix *nh,
                         const char **q);

/* Classify a line by its first columns: LINE_NET (codes then a network within the code
 * width, *at = network), LINE_ADDR (an address further right: a path line without a
 * network, *at = next hop), LINE_OTHER (anything else). Codes go to *c. With tok, the
 * network (as a prefix) or the next hop (as an address) is scanned into it when it scans
 * cleanly; a token that only looks like an address is left to the reader's error. */
static int classify(const char *s, const char *e, bgp_codes *c, const char **at, bgp_tok *tok)
{
    memset(c, 0, sizeof *c);
    if (tok)
        tok->ok = false;
    const char *p = s;
    for (; p < e && p - s < CODE_WIDTH; p++) {
        char ch = *p;
        if (sc_is_space(ch))
            continue;
        /* The usual codes first: none of them starts an address. */
        if (ch == '*') {
            c->any = c->valid = true;
            continue;
        }
        if (ch == '>') {
            c->any = c->best = true;
            continue;
        }
        if (may_start_addr(ch)) {
            if (tok) {
                tok->rc = pu_prefix_tok(p, e, &tok->p, &tok->q, &tok->has_len);
                tok->ok = tok->rc == ER_ADDR_OK || tok->rc == ER_ADDR_HOST_BITS;
            }
            if ((tok && tok->ok) || pu_addr_token_end(p, e)) {
                *at = p;
                return LINE_NET;
            }
        }
        if (!is_code_char(ch))
            return LINE_OTHER;
        c->any = true;
        if (ch == 'i')
            c->internal = true;
    }
    p = sc_skip_ws(p, e);
    if (tok) {
        tok->ok = scan_nexthop(tok->cache, p, e, &tok->p, &tok->q);
    }
    if ((tok && tok->ok) || pu_addr_token_end(p, e)) {
        *at = p;
        return LINE_ADDR;
    }
    return LINE_OTHER;
}

/* Give up on the pending lines: one warning each. */
static void flush_pending(bgp_state *st)
{
    static const char *const why[] = {
        NULL, "network without a next hop (its wrapped line never came)",
        "route without metric, path and origin (its wrapped line never came)"};
    for (int i = 0; i < st->npend; i++)
        pu_skip(&st->pu, st->pline[i], why[st->pend], st->ptext[i], st->ptext_end[i]);
    st->pend = PEND_NONE;
    st->npend = 0;
}

static void pend_add(bgp_state *st, int kind, uint32_t ln, const char *s, const char *e)
{
    st->pend = kind;
    st->pline[st->npend] = ln;
    st->ptext[st->npend] = s;
    st->ptext_end[st->npend] = e;
    st->npend++;
}

static int iabs(int v) { return v < 0 ? -v : v; }

/* Visual column of p in the current line, starting at s (tabs stop every 8 columns), so
 * that text whose blanks were turned into tabs keeps its alignment. */
static int vcol(const bgp_state *st, const char *s, const char *p)
{
    if (!st->line_tabs) /* the usual case: one column per byte */
        return (int)(p - s);
    int c = 0;
    for (; s < p; s++)
        c = *s == '\t' ? (c / 8 + 1) * 8 : c + 1;
    return c;
}

typedef struct bgp_attrs {
    bool has_metric, has_locpref;
    uint32_t metric, locpref, weight;
    const char *path, *path_end;
} bgp_attrs;

/* Read "[metric] [locprf] weight [path...] origin" from [p,e) of the line starting at ls,
 * whose fields are shifted by `shift` columns from the header. NULL or the reason. */
static const char *parse_attrs(const bgp_state *st, const char *ls, const char *p, const char *e,
                               int shift, bgp_attrs *a)
{
    memset(a, 0, sizeof *a);
    const char *te = e;
    while (te > p && sc_is_space(te[-1]))
        te--;
    const char *os = te;
    while (os > p && !sc_is_space(os[-1]))
        os--;
    if (te - os != 1 || (*os != 'i' && *os != 'e' && *os != '?'))
        return "no origin code (i, e or ?) at the end of the path";
    /* The numbers before the path: up to three (metric, local preference, weight).
     * Weight is the one whose end is nearest its column (the first on a tie). Ends
     * grow from token to token, so once one ends at or past that column no later one
     * can be nearer: the scan stops there. */
    const char *ts[3], *tend[3];
    int k = 0, w = 0, wd = 0, target = st->cols.weight_end + shift;
    const char *q = p;
    while (k < 3) {
        q = sc_skip_ws(q, os);
        if (q >= os)
            break;
        const char *s0 = q;
        while (q < os && sc_is_digit(*q))
            q++;
        if (q == s0 || (q < os && !sc_is_space(*q)))
            break; /* not a number: the path starts here */
        ts[k] = s0;
        tend[k] = q;
        int col = vcol(st, ls, q - 1), d = iabs(col - target);
        if (k == 0 || d < wd) {
            w = k;
            wd = d;
        }
        k++;
        if (col >= target)
            break;
    }
    if (k == 0)
        return "no weight field";
    if (!sc_u32(ts[w], tend[w], &a->weight))
        return "weight out of range";
    const char *mtok = NULL, *mend = NULL, *ltok = NULL, *lend = NULL;
    if (w == 2) {
        mtok = ts[0], mend = tend[0];
        ltok = ts[1], lend = tend[1];
    } else if (w == 1) {
        int col = vcol(st, ls, tend[0] - 1);
        if (iabs(col - (st->cols.metric_end + shift)) <= iabs(col - (st->cols.locprf_end + shift)))
            mtok = ts[0], mend = tend[0];
        else
            ltok = ts[0], lend = tend[0];
    }
    if (mtok) {
        if (!sc_u32(mtok, mend, &a->metric))
            return "metric out of range";
        a->has_metric = true;
    }
    if (ltok) {
        if (!sc_u32(ltok, lend, &a->locpref))
            return "local preference out of range";
        a->has_locpref = true;
    }
    const char *ps = tend[w], *pe = os;
    sc_trim(&ps, &pe);
    if (!pu_valid_as_path(ps, pe))
        return "path is not a list of AS numbers";
    a->path = ps;
    a->path_end = pe;
    return NULL;
}

/* Attributes for the pending or current route on line ln: emit it. */
static er_status finish_route(bgp_state *st, const char *ls, const char *p, const char *e,
                              uint32_t ln, int shift, const er_prefix *nh, const bgp_codes *c)
{
    bgp_attrs a;
    const char *why = parse_attrs(st, ls, p, e, shift, &a);
    if (why) {
        flush_pending(st);
        pu_skip(&st->pu, ln, why, ls, e);
        return ER_OK;
    }
    er_route r;
    pu_route_init(&r, st->npend ? st->pline[0] : ln);
    r.prefix = st->net;
    pu_set_nh(&r, nh);
    r.flags |= st->net_flags;
    if (c->valid && c->best)
        r.flags |= ER_RF_BEST;
    if (a.has_metric) {
        r.flags |= ER_RF_HAS_METRIC;
        r.metric = a.metric;
    }
    if (a.has_locpref) {
        r.flags |= ER_RF_HAS_LOCPREF;
        r.locpref = a.locpref;
    }
    if (c->internal)
        r.proto = ER_PROTO_IBGP;
    else if (a.path < a.path_end && *a.path != '(')
        r.proto = ER_PROTO_EBGP;
    else
        r.proto = ER_PROTO_BGP;
    r.as_path = pu_intern_slot(&st->pu, PU_SLOT_ASPATH, a.path, a.path_end);
    er_status rc = st->pu.nomem ? ER_ERR_NOMEM : pu_push(&st->pu, &r);
    pu_ok_n(&st->pu, (uint64_t)st->npend + 1);
    st->pend = PEND_NONE;
    st->npend = 0;
    return rc;
}

/* The next hop nh scanned from [at, q) (and maybe the attributes after it) for the
 * current network. */
static er_status nexthop_done(bgp_state *st, const char *s, const char *e, uint32_t ln,
                              const char *at, const char *q, const er_prefix *nh,
                              const bgp_codes *c)
{
    int shift = vcol(st, s, at) - st->cols.nh;
    const char *rest = sc_skip_ws(q, e);
    if (rest == e) {
        /* IPv6 next hop too wide: the attributes follow on the next line. */
        st->pcodes = *c;
        st->pnh = *nh;
        st->pshift = shift;
        pend_add(st, PEND_ATTRS, ln, s, e);
        return ER_OK;
    }
    return finish_route(st, s, rest, e, ln, shift, nh, c);
}

/* Whether the n bytes at a and b are the same: an address of 8 to 16 characters (most
 * next hops) as two overlapping 8-byte words. */
static bool same_text(const char *a, const char *b, size_t n)
{
    if (n < 8 || n > 16)
        return memcmp(a, b, n) == 0;
    uint64_t a0, a1, b0, b1;
    memcpy(&a0, a, 8);
    memcpy(&b0, b, 8);
    memcpy(&a1, a + n - 8, 8);
    memcpy(&b1, b + n - 8, 8);
    return a0 == b0 && a1 == b1;
}

/* Scan an address at `at` up to a blank or the line end: true with *nh and *q past it. */
static bool scan_nexthop(nh_cache *c, const char *at, const char *e, er_prefix *nh,
                         const char **q)
{
    /* The same text up to a blank or the line end scans to the same address. */
    for (int i = 0; i < NH_CACHED; i++) {
        size_t n = c->v[i].len;
        if (n && (size_t)(e - at) >= n && same_text(at, c->v[i].text, n) &&
            pu_addr_delim(at + n, e)) {
            *nh = c->v[i].nh;
            *q = at + n;
            return true;
        }
    }
    if (er_addr_scan(at, e, nh, q) != ER_ADDR_OK || !pu_addr_delim(*q, e))
        return false;
    size_t n = (size_t)(*q - at);
    if (n < sizeof c->v[0].text) {
        unsigned k = c->next++ % NH_CACHED;
        memcpy(c->v[k].text, at, n);
        c->v[k].len = n;
        c->v[k].nh = *nh;
    }
    return true;
}

/* A next hop at `at` (and maybe the attributes after it) for the current network; tok,
 * when given and scanned, holds it. */
static er_status on_nexthop(bgp_state *st, const char *s, const char *e, uint32_t ln,
                            const char *at, const bgp_codes *c, const bgp_tok *tok)
{
    er_prefix nh;
    const char *q;
    if (tok && tok->ok) {
        nh = tok->p;
        q = tok->q;
    } else if (!scan_nexthop(&st->nhc, at, e, &nh, &q)) {
        flush_pending(st);
        pu_error(&st->pu, ln, (uint32_t)(at - s + 1), "bad next hop address", at, token_end(at, e));
        return ER_OK;
    }
    return nexthop_done(st, s, e, ln, at, q, &nh, c);
}

static er_status on_network(bgp_state *st, const char *s, const char *e, uint32_t ln,
                            const char *at, const bgp_codes *c, const bgp_tok *tok)
{
    flush_pending(st);
    st->in_legend = false;
    st->have_net = false;
    er_prefix p;
    const char *q;
    bool has_len = false;
    uint32_t col = (uint32_t)(at - s + 1);
    er_addr_err rc;
    if (tok->ok) {
        rc = tok->rc;
        p = tok->p;
        q = tok->q;
        has_len = tok->has_len;
    } else {
        rc = pu_prefix_tok(at, e, &p, &q, &has_len);
    }
    if (rc != ER_ADDR_OK && rc != ER_ADDR_HOST_BITS) {
        pu_error(&st->pu, ln, col, "bad network address", at, token_end(at, e));
        return ER_OK;
    }
    if (!has_len) {
        int l = p.family == ER_AF_V4 ? pu_classful_len((uint32_t)p.addr) : -1;
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
    const char *rest = sc_skip_ws(q, e), *nq = NULL;
    er_prefix nh;
    bool nh_ok = rest < e && scan_nexthop(&st->nhc, rest, e, &nh, &nq);
    if (rest < e && !nh_ok && !pu_addr_token_end(rest, e)) {
        pu_skip(&st->pu, ln, "not a BGP route line (no next hop after the network)", s, e);
        return ER_OK;
    }
    st->net_flags = pu_fix_hostbits(&st->pu, &p, ln, col);
    st->net = p;
    st->have_net = true;
    if (rest == e) {
        st->pcodes = *c;
        pend_add(st, PEND_NH, ln, s, e);
        return ER_OK;
    }
    if (nh_ok)
        return nexthop_done(st, s, e, ln, rest, nq, &nh, c);
    return on_nexthop(st, s, e, ln, rest, c, NULL);
}

/* "Route Distinguisher: 1:1 (default for vrf TEST)" names the VRF; an RD of no local VRF
 * becomes "rd:1:1" so its routes never mix with the global table. */
static void on_rd(bgp_state *st, const char *p, const char *e)
{
    p += strlen("Route Distinguisher:");
    const char *rs, *re;
    if (!sc_token(&p, e, &rs, &re)) {
        pu_set_vrf(&st->pu, NULL, NULL);
        return;
    }
    const char *v = sc_find(p, e, "vrf ");
    if (v) {
        const char *vs = v + 4, *ve = vs;
        while (ve < e && *ve != ')' && !sc_is_space(*ve))
            ve++;
        if (ve > vs) {
            pu_set_vrf(&st->pu, vs, ve);
            return;
        }
    }
    char name[80];
    int n = snprintf(name, sizeof name, "rd:%.*s", (int)(re - rs < 64 ? re - rs : 64), rs);
    pu_set_vrf(&st->pu, name, name + n);
}

/* A show command (echoed after a prompt or alone): a new table starts. */
static void on_command(bgp_state *st, const char *c, const char *ce)
{
    st->have_net = false;
    st->in_legend = false;
    cols_default(&st->cols);
    const char *vs, *ve;
    if (cisco_cmd_vrf(c, ce, &vs, &ve))
        pu_set_vrf(&st->pu, vs, ve);
    else
        pu_set_vrf(&st->pu, NULL, NULL);
}

static bool on_header(bgp_state *st, const char *s, const char *e)
{
    const char *n = sc_find(s, e, "Network"), *h = sc_find(s, e, "Next Hop");
    if (!n || !h || h < n || !sc_find(h, e, "Path"))
        return false;
    const char *m = sc_find(h, e, "Metric"), *l = sc_find(h, e, "LocPrf"),
               *w = sc_find(h, e, "Weight");
    st->cols.nh = vcol(st, s, h);
    st->cols.metric_end = m ? vcol(st, s, m) + 5 : st->cols.nh + DEF_METRIC_REL;
    st->cols.locprf_end = l ? vcol(st, s, l) + 5 : st->cols.nh + DEF_LOCPRF_REL;
    st->cols.weight_end = w ? vcol(st, s, w) + 5 : st->cols.nh + DEF_WEIGHT_REL;
    st->have_net = false;
    return true;
}

static void on_other(bgp_state *st, const char *s, const char *e, uint32_t ln)
{
    pu_state *pu = &st->pu;
    const char *t = sc_skip_ws(s, e), *c, *ce;
    if (st->in_legend && t > s && sc_find(t, e, ",")) {
        /* Continuation of the status code legend. */
        pu_ok(pu);
        return;
    }
    if (sc_starts(t, e, "BGP table version is")) {
        st->have_net = false;
    } else if (sc_starts(t, e, "Status codes:")) {
        st->in_legend = true;
        pu_ok(pu);
        return;
    } else if (sc_starts(t, e, "Origin codes:") || sc_starts(t, e, "RPKI validation codes:") ||
               sc_starts(t, e, "Total number of prefixes") ||
               sc_starts(t, e, "For address family:")) {
        /* legend or summary */
    } else if (sc_starts(t, e, "Route Distinguisher:")) {
        st->have_net = false;
        on_rd(st, t, e);
    } else if (on_header(st, s, e)) {
        /* column positions recorded */
    } else if (cisco_is_prompt(t, e, &c, &ce)) {
        if (c < ce)
            on_command(st, c, ce);
    } else if (cisco_is_show_cmd(t, e)) {
        on_command(st, t, e);
    } else if (cisco_is_banner(t, e)) {
        /* timestamp */
    } else {
        pu_skip(pu, ln, t < e && *t == '%' ? "device message" : "not a BGP route line", s, e);
        st->in_legend = false;
        return;
    }
    st->in_legend = false;
    pu_ok(pu);
}

static er_status bgp_line(void *arg, const char *s, const char *e, uint32_t ln)
{
    bgp_state *st = arg;
    pu_strip_pager(&s, &e);
    st->line_tabs = memchr(s, '\t', (size_t)(e - s)) != NULL;
    if (pu_is_blank(s, e)) {
        flush_pending(st);
        st->in_legend = false;
        pu_ok(&st->pu);
        return ER_OK;
    }
    bgp_codes c;
    bgp_tok tok;
    tok.cache = &st->nhc;
    const char *at = NULL;
    switch (classify(s, e, &c, &at, &tok)) {
    case LINE_NET:
        return on_network(st, s, e, ln, at, &c, &tok);
    case LINE_ADDR:
        if (st->pend == PEND_NH && !c.any) {
            bgp_codes pc = st->pcodes;
            return on_nexthop(st, s, e, ln, at, &pc, &tok);
        }
        flush_pending(st);
        st->in_legend = false;
        if (!st->have_net) {
            pu_skip(&st->pu, ln, "path line with no network before it", s, e);
            return ER_OK;
        }
        return on_nexthop(st, s, e, ln, at, &c, &tok);
    default:
        if (st->pend == PEND_ATTRS && !c.any && s < e && sc_is_space(*s)) {
            bgp_codes pc = st->pcodes;
            er_prefix nh = st->pnh;
            return finish_route(st, s, sc_skip_ws(s, e), e, ln, st->pshift, &nh, &pc);
        }
        flush_pending(st);
        on_other(st, s, e, ln);
        return ER_OK;
    }
}

/* A route line with its network (codes, then an address within the code width): a line
 * whose reading depends only on the header columns and the VRF, where a part may start. */
static bool starts_route(const char *s, const char *e)
{
    bgp_codes c;
    const char *at;
    return !pu_is_blank(s, e) && !sc_starts(sc_skip_ws(s, e), e, "--") &&
           classify(s, e, &c, &at, NULL) == LINE_NET;
}

/* Read the lines left in st's cursor, then the pending ones. */
static er_status bgp_read(bgp_state *st)
{
    er_status rc = pu_each_line(&st->pu, st, bgp_line);
    if (rc == ER_OK)
        flush_pending(st);
    return rc;
}

/* The state every chunk of a big table starts from: the columns and the VRF in force at
 * the first route line (the VRF name copied, as the table's arena moves while it grows). */
typedef struct bgp_start {
    bgp_cols cols;
    char vrf[256];
    size_t vrf_len;
    bool vrf_keep;
} bgp_start;

static bool start_of(const bgp_state *st, bgp_start *sn)
{
    memset(sn, 0, sizeof *sn);
    sn->cols = st->cols;
    sn->vrf_keep = st->pu.vrf_keep;
    sn->vrf_len = st->pu.vrf.len;
    if (sn->vrf_len > sizeof sn->vrf)
        return false;
    memcpy(sn->vrf, er_rtable_str(st->pu.ctx->table, st->pu.vrf), sn->vrf_len);
    return true;
}

static bool chunk_same(const void *start, const pu_state *pu)
{
    const bgp_start *sn = start;
    const bgp_state *st = (const bgp_state *)pu;
    return memcmp(&st->cols, &sn->cols, sizeof sn->cols) == 0 &&
           st->pu.vrf_keep == sn->vrf_keep && st->pu.vrf.len == sn->vrf_len &&
           memcmp(er_rtable_str(st->pu.ctx->table, st->pu.vrf), sn->vrf, sn->vrf_len) == 0;
}

static pu_state *chunk_begin(const void *start, er_parse_ctx *ctx, const char *s, const char *e)
{
    const bgp_start *sn = start;
    bgp_state *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    pu_init(&w->pu, ctx, s, (size_t)(e - s));
    w->cols = sn->cols;
    w->pu.vrf = pu_intern(&w->pu, sn->vrf, sn->vrf + sn->vrf_len);
    w->pu.vrf_keep = sn->vrf_keep;
    if (w->pu.nomem) {
        free(w);
        return NULL;
    }
    return &w->pu;
}

static er_status chunk_run(pu_state *pu) { return bgp_read((bgp_state *)pu); }

static void chunk_end(pu_state *pu) { free(pu); }

static const pu_chunk_ops bgp_chunk_ops = {chunk_begin, chunk_run, chunk_same, chunk_end};

/* Read [buf, buf+len). Past the first route line, a big table is read in chunks by
 * several threads (pu_chunks_start): each chunk starts at a route line with the columns
 * and VRF in force at the first route line, which holds for a table of one VRF with one
 * header; when it does not, this thread drops the other threads' chunks and reads on
 * alone. */
static er_status ios_bgp_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    bgp_state st;
    memset(&st, 0, sizeof st);
    pu_init(&st.pu, ctx, buf, len);
    cols_default(&st.cols);
    const char *s, *e, *end = buf + len;
    while (pu_next_line(&st.pu, &s, &e)) {
        bool first_route = starts_route(s, e);
        er_status rc = bgp_line(&st, s, e, pu_lineno(&st.pu));
        if (rc != ER_OK)
            return rc;
        if (first_route)
            break;
    }
    bgp_start sn;
    pu_chunks ch;
    bool split = start_of(&st, &sn) && pu_chunks_start(&ch, &bgp_chunk_ops, &sn, ctx, buf,
                                                       st.pu.it.p, end, starts_route);
    er_status rc;
    if (split) {
        const char *ce = ch.at[1];
        do {
            st.pu.it.end = ce;
            rc = bgp_read(&st);
        } while (rc == ER_OK && (ce = pu_chunks_claim(&ch)) != NULL);
        if (!pu_chunks_finish(&ch, &st.pu, rc == ER_OK && chunk_same(&sn, &st.pu)) &&
            rc == ER_OK) {
            st.pu.it.end = end;
            rc = bgp_read(&st);
        }
    } else {
        rc = bgp_read(&st);
    }
    if (rc != ER_OK)
        return rc;
    return pu_finish(&st.pu);
}

/* Markers of other vendors' BGP tables that look like this one. */
static const char *const foreign_markers[] = {
    ", vrf id ",            /* FRR */
    "Default local pref",   /* FRR */
    "Nexthop codes:",       /* FRR */
    "= multipath",          /* FRR */
    "R Removed",            /* FRR */
    "BGP routing table information for VRF", /* NX-OS, EOS */
    "Path type:",           /* NX-OS */
    "Status: s-suppressed", /* NX-OS */
    "Route status codes:",  /* EOS */
    "Router identifier",    /* EOS */
    "BGP router identifier",/* IOS-XR */
    "BGP table state:",     /* IOS-XR */
    "BGP main routing table version", /* IOS-XR */
    NULL,
};

static int ios_bgp_detect(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    bool version = false, legend = false, header = false, foreign = false;
    unsigned routes = 0, other = 0;
    while (er_lines_next(&it, &s, &e)) {
        pu_strip_pager(&s, &e);
        if (pu_is_blank(s, e))
            continue;
        const char *t = sc_skip_ws(s, e);
        if (pu_find_any(t, e, foreign_markers))
            foreign = true;
        if (sc_starts(t, e, "BGP table version is") && sc_find(t, e, "local router ID is")) {
            version = true;
            continue;
        }
        if (sc_starts(t, e, "Status codes: s suppressed")) {
            legend = true;
            continue;
        }
        if (sc_find(t, e, "Network") && sc_find(t, e, "Next Hop") && sc_find(t, e, "LocPrf") &&
            sc_find(t, e, "Weight")) {
            header = true;
            continue;
        }
        bgp_codes c;
        const char *at = s, *q;
        er_prefix p;
        bool has_len = false;
        int kind = classify(s, e, &c, &at, NULL);
        if (kind == LINE_NET || kind == LINE_ADDR) {
            q = at; /* stays at the token when the scan fails */
            er_addr_err rc = pu_prefix_tok(at, e, &p, &q, &has_len);
            const char *te = e;
            while (te > q && sc_is_space(te[-1]))
                te--;
            char last = te > q ? te[-1] : 0;
            bool origin = te - q >= 2 && sc_is_space(te[-2]) &&
                          (last == 'i' || last == 'e' || last == '?');
            if (rc == ER_ADDR_OK || rc == ER_ADDR_HOST_BITS) {
                if (origin) {
                    routes++;
                    continue;
                }
                /* A wrapped network or next hop alone: neither for nor against. */
                if (sc_skip_ws(q, e) == e)
                    continue;
            }
        }
        other++;
    }
    if (foreign)
        return (version || header || routes) ? 15 : 0;
    if (version && (legend || header))
        return 95;
    if (header && routes)
        return 80;
    if (version)
        return 70;
    if (routes >= 2 && routes >= 2 * other)
        return 50;
    return 0;
}

const er_parser er_parser_ios_bgp = {
    "ios-bgp",
    "Cisco IOS/IOS-XE show ip bgp, show bgp ipv4|ipv6 unicast, vpnv4, advertised-routes",
    "'BGP table version is', the 'Network Next Hop Metric LocPrf Weight Path' header, "
    "status-coded path lines ending in an origin code",
    ios_bgp_detect,
    ios_bgp_parse,
};
