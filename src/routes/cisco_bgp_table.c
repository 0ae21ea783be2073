/* The Cisco fixed-width BGP table reader (NX-OS and IOS-XR).
 *
 * How it works: those tables are fixed-width: a status field of three characters, the
 * network, the next hop, then Metric, LocPrf and Weight right-aligned under their header
 * words, then the AS path and the origin code. Empty numbers leave only blanks, so the
 * numbers are told apart by where they stand, using the header's columns; a number wider
 * than its field pushes the following ones right, which the reader tracks as a running
 * shift. When the header is missing or the rows do not line up with it (output whose
 * blanks were collapsed), the reader falls back to a documented guess and says so once.
 * Rows continue a prefix (no network), wrap a long network onto its own line, or wrap
 * the numbers after a long next hop; the reader keeps the pieces until the row is whole. */
#include "routes/cisco_bgp_table.h"

#include <string.h>

bool cisco_bgp_header(const char *s, const char *e, cisco_bgpcols *c)
{
    const char *net = sc_find(s, e, "Network");
    if (!net || !pu_is_blank(s, net))
        return false;
    const char *nh = sc_find(net, e, "Next Hop");
    if (!nh)
        nh = sc_find(net, e, "Next-hop");
    if (!nh)
        nh = sc_find(net, e, "Next-Hop");
    if (!nh)
        return false;
    const char *m = sc_find(nh, e, "Metric");
    const char *l = m ? sc_find(m, e, "LocPrf") : NULL;
    const char *w = l ? sc_find(l, e, "Weight") : NULL;
    const char *path = w ? sc_find(w, e, "Path") : NULL;
    if (!path)
        return false;
    /* Output whose blanks were collapsed keeps the words but not the columns. */
    c->valid = nh - (net + 7) >= 2 && m - (nh + 8) >= 2;
    c->nh = (int)(nh - s);
    c->metric_end = (int)(m - s) + 6;
    c->locpref_end = (int)(l - s) + 6;
    c->weight_end = (int)(w - s) + 6;
    return true;
}

void cisco_bgp_init(cisco_bgp *b, pu_state *pu, cisco_bgp_dialect d)
{
    memset(b, 0, sizeof *b);
    b->pu = pu;
    b->dialect = d;
}

void cisco_bgp_reset(cisco_bgp *b)
{
    b->have_prefix = false;
    b->wrap_prefix = false;
    b->wrap_fields = false;
}

static bool status0_ok(char c)
{
    return c && strchr("*sxSdhrN ", c) != NULL;
}
static bool status1_ok(char c)
{
    return c && strchr(">|2&m ", c) != NULL;
}
static bool type_ok(cisco_bgp_dialect d, char c)
{
    if (d == CISCO_BGP_NXOS)
        return c && strchr("iecla rI", c) != NULL;
    return c == 'i' || c == ' ';
}

/* Fill proto, best and next hop from the status field and the next hop token. */
static void bgp_route_head(cisco_bgp *b, const char status[3], const er_prefix *nh, er_route *r)
{
    pu_route_init(r, 0);
    r->prefix = b->pfx;
    if (b->pfx_hostbits)
        r->flags |= ER_RF_HOSTBITS;
    bool local = nh->addr == 0;
    if (!local)
        pu_set_nh(r, nh);
    char t = status[2];
    if (t == 'i')
        r->proto = ER_PROTO_IBGP;
    else if (t == 'e' || (b->dialect == CISCO_BGP_XR && t == ' ' && !local))
        r->proto = ER_PROTO_EBGP;
    else
        r->proto = ER_PROTO_BGP;
    bool valid = status[0] == '*' || status[0] == 's' || status[0] == 'S';
    bool chosen = status[1] == '>' || status[1] == '|' || status[1] == 'm';
    if (valid && chosen)
        r->flags |= ER_RF_BEST;
}

typedef struct tok {
    const char *s, *e;
} tok;

/* Read the numbers, AS path and origin of a row from p (after the next hop).
 * Returns NULL on success, else the reason the row is not understood. */
static const char *bgp_fields(cisco_bgp *b, uint32_t line, const char *ls, const char *p,
                              const char *e, char ptype, er_route *r)
{
    tok t[3];
    int nt = 0;
    const char *ts, *te, *q = p;
    /* The origin code is the last token. */
    const char *last_s = NULL, *last_e = NULL;
    {
        const char *x = p;
        while (sc_token(&x, e, &ts, &te)) {
            last_s = ts;
            last_e = te;
        }
    }
    if (!last_s || !pu_origin_code(last_s, last_e))
        return "no origin code at the end of the row";
    const char *path_s = NULL;
    bool aligned = b->cols.valid;
    int shift = 0, field = 0; /* 0 metric, 1 locpref, 2 weight, 3 done */
    bool have[3] = {false, false, false};
    uint32_t val[3] = {0, 0, 0};
    if (aligned) {
        int ends[3] = {b->cols.metric_end, b->cols.locpref_end, b->cols.weight_end};
        while (field < 3 && sc_token(&q, e, &ts, &te) && ts != last_s) {
            if (!pu_digits(ts, te)) {
                path_s = ts;
                break;
            }
            int start = (int)(ts - ls), end = (int)(te - ls);
            int f = field;
            while (f < 3 && start >= ends[f] + shift)
                f++;
            if (f == 3) {
                path_s = ts; /* the weight was not printed: this is the path */
                break;
            }
            if (!sc_u32(ts, te, &val[f]))
                return "number out of range";
            have[f] = true;
            if (end > ends[f] + shift)
                shift = end - ends[f];
            field = f + 1;
        }
        if (field == 3 && !path_s) {
            const char *x = q;
            if (sc_token(&x, e, &ts, &te) && ts != last_s)
                path_s = ts;
        }
    } else {
        /* Collapsed blanks: the numbers lead, weight always printed, local preference
         * printed for internal and local paths. The weight is taken as the first 0 or
         * 32768 at or after the position the path type allows. */
        while (nt < 3 && sc_token(&q, e, &ts, &te) && ts != last_s && pu_digits(ts, te)) {
            t[nt].s = ts;
            t[nt].e = te;
            nt++;
        }
        int need_lp = (ptype == 'i' || ptype == 'l') ? 1 : 0;
        int w = -1;
        for (int j = need_lp; j < nt && w < 0; j++)
            if (sc_eq(t[j].s, t[j].e, "0") || sc_eq(t[j].s, t[j].e, "32768"))
                w = j;
        if (w < 0)
            return "cannot tell metric, local preference and weight apart";
        for (int j = 0; j < w; j++) {
            int f = (w - j == 1 && need_lp) ? 1 : (j == 0 ? 0 : 1);
            if (w == 2)
                f = j;
            if (!sc_u32(t[j].s, t[j].e, &val[f]))
                return "number out of range";
            have[f] = true;
        }
        const char *x = t[w].e;
        if (sc_token(&x, e, &ts, &te) && ts != last_s)
            path_s = ts;
        if (!b->warned_guess) {
            b->warned_guess = true;
            pu_diag(b->pu, ER_DIAG_WARNING, line, 1,
                    "bgp table columns do not line up with a header: metric and "
                    "local preference are guessed from the values");
        }
    }
    if (have[0]) {
        r->metric = val[0];
        r->flags |= ER_RF_HAS_METRIC;
    }
    if (have[1]) {
        r->locpref = val[1];
        r->flags |= ER_RF_HAS_LOCPREF;
    }
    if (path_s) {
        const char *pe = last_s;
        while (pe > path_s && sc_is_space(pe[-1]))
            pe--;
        if (!pu_as_path_chars(path_s, pe))
            return "unexpected text in the as path";
        r->as_path = pu_intern_slot(b->pu, PU_SLOT_ASPATH, path_s, pe);
    }
    return NULL;
}

static void bgp_count(cisco_bgp *b, bool new_prefix)
{
    if (new_prefix)
        b->n_prefixes++;
    b->n_paths++;
}

/* The numbers, AS path and origin of route r from p on: the route is added, or the line
 * is skipped with the reason. */
static int row_end(cisco_bgp *b, uint32_t line, const char *s, const char *p, const char *e,
                   char type, er_route *r)
{
    const char *why = bgp_fields(b, line, s, p, e, type, r);
    pu_line_done(b->pu, line, why, false, s, e);
    if (!why)
        pu_push(b->pu, r);
    return 1;
}

/* A next hop ended the line: route r waits for the line holding its numbers. */
static int wait_fields(cisco_bgp *b, const er_route *r, char type)
{
    b->pend = *r;
    b->pend_type = type;
    b->wrap_fields = true;
    pu_ok(b->pu);
    return 1;
}

int cisco_bgp_row(cisco_bgp *b, uint32_t line, const char *s, const char *e)
{
    pu_state *pu = b->pu;
    const char *ts, *te, *p;
    er_prefix nh;

    /* A line holding only the numbers of the route whose next hop ended the last line. */
    if (b->wrap_fields) {
        b->wrap_fields = false;
        p = sc_skip_ws(s, e);
        if (p > s && p < e && sc_is_digit(*p)) {
            er_route r = b->pend;
            return row_end(b, line, s, p, e, b->pend_type, &r);
        }
        /* The numbers never came: keep the route without them. */
        pu_push(pu, &b->pend);
    }

    /* The next hop line of a prefix that stood alone on the previous line. */
    if (b->wrap_prefix) {
        b->wrap_prefix = false;
        p = s;
        if (e - s > 3 && sc_token(&p, e, &ts, &te) && ts - s >= 3 && pu_addr(ts, te, &nh)) {
            er_route r;
            bgp_route_head(b, b->wrap_status, &nh, &r);
            r.line = b->wrap_line;
            bgp_count(b, true);
            if (pu_is_blank(te, e))
                return wait_fields(b, &r, b->wrap_status[2]);
            return row_end(b, line, s, te, e, b->wrap_status[2], &r);
        }
        pu_diag(pu, ER_DIAG_WARNING, b->wrap_line, 1,
                "prefix without a next hop line: route dropped");
    }

    if (e - s < 4 || !status0_ok(s[0]) || !status1_ok(s[1]) || !type_ok(b->dialect, s[2]))
        return 0;
    char status[3] = {s[0], s[1], s[2]};
    if (status[0] == ' ' && status[1] == ' ' && status[2] == ' ')
        return 0;
    p = s + 3;
    bool new_prefix = !sc_is_space(*p);
    if (new_prefix) {
        if (!sc_token(&p, e, &ts, &te))
            return 0;
        er_prefix pfx;
        uint8_t hb = 0;
        if (pu_prefix(pu, line, pu_col(s, ts), ts, te, true, &pfx, &hb) != ER_ADDR_OK) {
            /* Looks like a row (status codes then something in the network column). */
            if (pu_addr_like(ts, te)) {
                pu_error(pu, line, (uint32_t)(ts - s) + 1, "invalid prefix", ts, te);
                b->have_prefix = false;
                return 1;
            }
            return 0;
        }
        b->pfx = pfx;
        b->pfx_hostbits = hb != 0;
        b->have_prefix = true;
        if (pu_is_blank(te, e)) {
            b->wrap_prefix = true;
            memcpy(b->wrap_status, status, 3);
            b->wrap_line = line;
            pu_ok(pu);
            return 1;
        }
    } else if (!b->have_prefix) {
        return 0;
    }
    if (!sc_token(&p, e, &ts, &te))
        return 0;
    if (!pu_addr(ts, te, &nh)) {
        if (pu_addr_like(ts, te)) {
            pu_error(pu, line, (uint32_t)(ts - s) + 1, "invalid next hop", ts, te);
            return 1;
        }
        pu_skip(pu, line, "no next hop", s, e);
        return 1;
    }
    er_route r;
    bgp_route_head(b, status, &nh, &r);
    r.line = line;
    bgp_count(b, new_prefix);
    if (pu_is_blank(te, e))
        return wait_fields(b, &r, status[2]);
    /* Rows that do not line up with the header (collapsed blanks) use the guess. */
    cisco_bgpcols saved = b->cols;
    if (b->cols.valid && (int)(ts - s) != b->cols.nh) {
        if (new_prefix && (int)(ts - s) > b->cols.nh) {
            /* A long network pushed everything right: shift the columns with it. */
            int d = (int)(ts - s) - b->cols.nh;
            b->cols.metric_end += d;
            b->cols.locpref_end += d;
            b->cols.weight_end += d;
        } else {
            b->cols.valid = false;
        }
    }
    int done = row_end(b, line, s, te, e, status[2], &r);
    b->cols = saved;
    return done;
}

void cisco_bgp_end(cisco_bgp *b)
{
    if (b->wrap_fields) {
        b->wrap_fields = false;
        pu_push(b->pu, &b->pend);
    }
    if (b->wrap_prefix) {
        b->wrap_prefix = false;
        pu_diag(b->pu, ER_DIAG_WARNING, b->wrap_line, 1,
                "prefix without a next hop line: route dropped");
    }
}

int cisco_rd_vrf(const char *s, const char *e, const char *mark, const char **vs, const char **ve)
{
    static const char k[] = "Route Distinguisher: ";
    if (!sc_starts(s, e, k))
        return 0;
    const char *p = s + sizeof k - 1;
    if (!sc_token(&p, e, vs, ve))
        return 0;
    const char *v = sc_find(p, e, mark);
    if (!v)
        return 1;
    const char *close = memchr(v, ')', (size_t)(e - v));
    if (!close)
        return -1;
    *vs = v + strlen(mark);
    *ve = close;
    return 1;
}
