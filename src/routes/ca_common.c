/* Helpers shared by the Cisco NX-OS, IOS-XR, ASA and Arista EOS parsers (batch cisco-arista).
 *
 * How it works: each parser of the batch walks its buffer with er_lines and hands every
 * line to exactly one of ca_line_ok / ca_line_skip / ca_line_error, so the statistics
 * always add up (lines = understood + skipped). Output, VRF switching, diagnostics, pager
 * marks and banners come from cisco_common (shared with the IOS parsers); routes go
 * through ca_push, which stamps the current VRF (interned once per VRF header, not per
 * route), applies the VRF filter and counts. Strings repeated on consecutive routes
 * (interface names, AS paths) are interned once and reused while they repeat, so a table
 * of a million routes through one uplink costs one copy of "Ethernet1".
 *
 * The Cisco BGP table reader (NX-OS and IOS-XR print the same shape) lives here too.
 * Those tables are fixed-width: a status field of three characters, the network, the
 * next hop, then Metric, LocPrf and Weight right-aligned under their header words, then
 * the AS path and the origin code. Empty numbers leave only blanks, so the numbers are
 * told apart by where they stand, using the header's columns; a number wider than its
 * field pushes the following ones right, which the reader tracks as a running shift.
 * When the header is missing or the rows do not line up with it (output whose blanks
 * were collapsed), the reader falls back to a documented guess and says so once. */
#include "routes/ca_common.h"

#include <stdio.h>
#include <string.h>

void ca_init(ca_state *st, er_parse_ctx *ctx)
{
    memset(st, 0, sizeof *st);
    st->ctx = ctx;
    rp_out_init(&st->out, ctx);
}

void ca_set_vrf(ca_state *st, const char *s, const char *e)
{
    sc_trim(&s, &e);
    if (sc_eq(s, e, "default"))
        e = s;
    if (rp_set_vrf(&st->out, s, (size_t)(e - s)) != ER_OK)
        st->nomem = true;
}

void ca_line_ok(ca_state *st)
{
    st->ctx->stats->lines++;
    rp_understood(&st->out, 1);
}

void ca_line_skip(ca_state *st, uint32_t line, const char *s, const char *e, const char *why)
{
    char msg[160];
    snprintf(msg, sizeof msg, "not understood%s%s", why ? ": " : "", why ? why : "");
    st->ctx->stats->lines++;
    rp_skip(&st->out, line, msg, s, e);
}

void ca_line_error(ca_state *st, uint32_t line, uint32_t col, const char *why, const char *ts,
                   const char *te)
{
    st->ctx->stats->lines++;
    rp_error(&st->out, line, col, why, ts, te);
}

bool ca_addr_token(const char *s, const char *e, er_prefix *out)
{
    const char *next = NULL;
    if (s >= e)
        return false;
    return er_addr_scan(s, e, out, &next) == ER_ADDR_OK && next == e;
}

ca_pfx ca_prefix_token(ca_state *st, uint32_t line, const char *line_start, const char *s,
                       const char *e, er_prefix *out)
{
    const char *next = NULL;
    if (s >= e || !memchr(s, '/', (size_t)(e - s)))
        return CA_PFX_BAD;
    er_addr_err r = er_prefix_scan(s, e, true, out, &next);
    if (r == ER_ADDR_OK && next == e)
        return CA_PFX_OK;
    if (r == ER_ADDR_HOST_BITS && next == e) {
        rp_fix_hostbits(&st->out, out, line, (uint32_t)(s - line_start) + 1);
        return CA_PFX_HOSTBITS;
    }
    return CA_PFX_BAD;
}

ca_pfx ca_prefix_netmask(ca_state *st, uint32_t line, const char *line_start, const char *as,
                         const char *ae, const char *ms, const char *me, er_prefix *out)
{
    uint8_t len;
    if (!ca_addr_token(as, ae, out) || out->family != ER_AF_V4)
        return CA_PFX_BAD;
    if (!er_netmask_to_len(ms, me, &len))
        return CA_PFX_BAD;
    out->len = len;
    if (rp_fix_hostbits(&st->out, out, line, (uint32_t)(as - line_start) + 1))
        return CA_PFX_HOSTBITS;
    return CA_PFX_OK;
}

er_strref ca_intern(ca_state *st, int slot, const char *s, const char *e)
{
    size_t n = (size_t)(e - s);
    if (n == 0)
        return (er_strref){0, 0};
    er_strref c = st->cache[slot];
    if (c.len == n && memcmp(er_rtable_str(st->ctx->table, c), s, n) == 0)
        return c;
    bool ok = true;
    er_strref r = er_rtable_intern(st->ctx->table, s, n, &ok);
    if (!ok) {
        st->nomem = true;
        return (er_strref){0, 0};
    }
    st->cache[slot] = r;
    return r;
}

bool ca_push(ca_state *st, er_route *r)
{
    if (r->path_class == 0)
        r->path_class = ER_PC_UNSET;
    if (rp_emit(&st->out, r) != ER_OK) {
        st->nomem = true;
        return false;
    }
    return true;
}

er_status ca_finish(const ca_state *st)
{
    if (st->nomem)
        return ER_ERR_NOMEM;
    return st->out.st;
}

/* ---- classifiers ---- */

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_alnum(char c) { return is_upper(c) || is_lower(c) || sc_is_digit(c); }

bool ca_word(const char *s, const char *e, const char *w)
{
    if (!sc_starts(s, e, w))
        return false;
    const char *p = s + strlen(w);
    return p == e || !is_alnum(*p);
}

bool ca_is_prompt(const char *s, const char *e)
{
    const char *c, *ce;
    if (!cisco_is_prompt(s, e, &c, &ce))
        return false;
    return c == ce || cisco_is_show_cmd(c, ce) || sc_starts(c, ce, "term") ||
           sc_starts(c, ce, "run ");
}

bool ca_is_noise(const char *s, const char *e)
{
    return ca_is_blank(s, e) || cisco_is_banner(s, e) || ca_is_prompt(s, e);
}

bool ca_is_uptime(const char *s, const char *e)
{
    if (s >= e || !sc_is_digit(*s))
        return false;
    bool unit = false, colon = false, dot = false;
    for (const char *p = s; p < e; p++) {
        char c = *p;
        if (sc_is_digit(c))
            continue;
        if (c == ':')
            colon = true;
        else if (c == '.')
            dot = true;
        else if (c == 'y' || c == 'w' || c == 'd' || c == 'h' || c == 'm' || c == 's')
            unit = true;
        else
            return false;
    }
    return unit || colon || dot;
}

bool ca_dist_metric(const char *s, const char *e, uint32_t *dist, uint32_t *metric)
{
    if (e - s < 5 || *s != '[' || e[-1] != ']')
        return false;
    const char *slash = memchr(s, '/', (size_t)(e - s));
    if (!slash)
        return false;
    return sc_u32(s + 1, slash, dist) && sc_u32(slash + 1, e - 1, metric);
}

bool ca_is_legend_cont(const char *s, const char *e)
{
    if (s >= e || !sc_is_space(*s))
        return false;
    return sc_find(s, e, " - ") != NULL;
}

bool ca_next_field(const char **p, const char *e, const char **fs, const char **fe)
{
    const char *s = sc_skip_ws(*p, e);
    if (s >= e)
        return false;
    const char *c = memchr(s, ',', (size_t)(e - s));
    const char *end = c ? c : e;
    *fs = s;
    *fe = end;
    sc_trim(fs, fe);
    *p = c ? c + 1 : e;
    return true;
}

/* ---- Cisco BGP tables ---- */

bool ca_bgp_header(const char *s, const char *e, ca_bgpcols *c)
{
    const char *net = sc_find(s, e, "Network");
    if (!net || !ca_is_blank(s, net))
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

void ca_bgp_init(ca_bgp *b, ca_state *st, ca_dialect d)
{
    memset(b, 0, sizeof *b);
    b->st = st;
    b->dialect = d;
}

void ca_bgp_reset(ca_bgp *b)
{
    b->have_prefix = false;
    b->wrap_prefix = false;
    b->wrap_fields = false;
}

static bool status0_ok(char c) { return c && strchr("*sxSdhrN ", c) != NULL; }
static bool status1_ok(char c) { return c && strchr(">|2&m ", c) != NULL; }
static bool type_ok(ca_dialect d, char c)
{
    if (d == CA_DIALECT_NXOS)
        return c && strchr("iecla rI", c) != NULL;
    return c == 'i' || c == ' ';
}

static bool all_digits(const char *s, const char *e)
{
    if (s >= e)
        return false;
    for (; s < e; s++)
        if (!sc_is_digit(*s))
            return false;
    return true;
}

static bool origin_code(const char *s, const char *e)
{
    return e - s == 1 && (*s == 'i' || *s == 'e' || *s == '?');
}

/* Fill proto, best and next hop from the status field and the next hop token. */
static void bgp_route_head(ca_bgp *b, const char status[3], const er_prefix *nh, er_route *r)
{
    memset(r, 0, sizeof *r);
    r->prefix = b->pfx;
    if (b->pfx_hostbits)
        r->flags |= ER_RF_HOSTBITS;
    bool local = nh->addr == 0;
    if (!local) {
        r->next_hop = nh->addr;
        r->nh_family = nh->family;
        r->flags |= ER_RF_HAS_NH;
    }
    char t = status[2];
    if (t == 'i')
        r->proto = ER_PROTO_IBGP;
    else if (t == 'e' || (b->dialect == CA_DIALECT_XR && t == ' ' && !local))
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
static const char *bgp_fields(ca_bgp *b, uint32_t line, const char *ls, const char *p,
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
    if (!last_s || !origin_code(last_s, last_e))
        return "no origin code at the end of the row";
    const char *path_s = NULL;
    bool aligned = b->cols.valid;
    int shift = 0, field = 0; /* 0 metric, 1 locpref, 2 weight, 3 done */
    bool have[3] = {false, false, false};
    uint32_t val[3] = {0, 0, 0};
    if (aligned) {
        int ends[3] = {b->cols.metric_end, b->cols.locpref_end, b->cols.weight_end};
        while (field < 3 && sc_token(&q, e, &ts, &te) && ts != last_s) {
            if (!all_digits(ts, te)) {
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
        while (nt < 3 && sc_token(&q, e, &ts, &te) && ts != last_s && all_digits(ts, te)) {
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
            er_diags_add(b->st->ctx->diags, ER_DIAG_WARNING, b->st->ctx->path, line, 1,
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
        for (const char *c = path_s; c < pe; c++)
            if (!sc_is_digit(*c) && !strchr(" .{},()[]", *c))
                return "unexpected text in the as path";
        r->as_path = ca_intern(b->st, CA_SLOT_ASPATH, path_s, pe);
    }
    return NULL;
}

static void bgp_count(ca_bgp *b, bool new_prefix)
{
    if (new_prefix)
        b->n_prefixes++;
    b->n_paths++;
}

int ca_bgp_row(ca_bgp *b, uint32_t line, const char *s, const char *e)
{
    ca_state *st = b->st;
    const char *ts, *te, *p;
    er_prefix nh;

    /* A line holding only the numbers of the route whose next hop ended the last line. */
    if (b->wrap_fields) {
        b->wrap_fields = false;
        p = sc_skip_ws(s, e);
        if (p > s && p < e && sc_is_digit(*p)) {
            er_route r = b->pend;
            const char *why = bgp_fields(b, line, s, p, e, b->pend_type, &r);
            if (why) {
                ca_line_skip(st, line, s, e, why);
                return 1;
            }
            ca_line_ok(st);
            ca_push(st, &r);
            return 1;
        }
        /* The numbers never came: keep the route without them. */
        ca_push(st, &b->pend);
    }

    /* The next hop line of a prefix that stood alone on the previous line. */
    if (b->wrap_prefix) {
        b->wrap_prefix = false;
        p = s;
        if (e - s > 3 && sc_token(&p, e, &ts, &te) && ts - s >= 3 && ca_addr_token(ts, te, &nh)) {
            er_route r;
            bgp_route_head(b, b->wrap_status, &nh, &r);
            r.line = b->wrap_line;
            bgp_count(b, true);
            if (ca_is_blank(te, e)) {
                b->pend = r;
                b->pend_type = b->wrap_status[2];
                b->wrap_fields = true;
                ca_line_ok(st);
                return 1;
            }
            const char *why = bgp_fields(b, line, s, te, e, b->wrap_status[2], &r);
            if (why) {
                ca_line_skip(st, line, s, e, why);
                return 1;
            }
            ca_line_ok(st);
            ca_push(st, &r);
            return 1;
        }
        er_diags_add(st->ctx->diags, ER_DIAG_WARNING, st->ctx->path, b->wrap_line, 1,
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
        ca_pfx pr = ca_prefix_token(st, line, s, ts, te, &pfx);
        if (pr == CA_PFX_BAD) {
            /* Looks like a row (status codes then something in the network column). */
            if (sc_is_digit(*ts) || memchr(ts, ':', (size_t)(te - ts))) {
                ca_line_error(st, line, (uint32_t)(ts - s) + 1, "invalid prefix", ts, te);
                b->have_prefix = false;
                return 1;
            }
            return 0;
        }
        b->pfx = pfx;
        b->pfx_hostbits = pr == CA_PFX_HOSTBITS;
        b->have_prefix = true;
        if (ca_is_blank(te, e)) {
            b->wrap_prefix = true;
            memcpy(b->wrap_status, status, 3);
            b->wrap_line = line;
            ca_line_ok(st);
            return 1;
        }
    } else if (!b->have_prefix) {
        return 0;
    }
    if (!sc_token(&p, e, &ts, &te))
        return 0;
    if (!ca_addr_token(ts, te, &nh)) {
        if (sc_is_digit(*ts) || memchr(ts, ':', (size_t)(te - ts))) {
            ca_line_error(st, line, (uint32_t)(ts - s) + 1, "invalid next hop", ts, te);
            return 1;
        }
        ca_line_skip(st, line, s, e, "no next hop");
        return 1;
    }
    er_route r;
    bgp_route_head(b, status, &nh, &r);
    r.line = line;
    bgp_count(b, new_prefix);
    if (ca_is_blank(te, e)) {
        b->pend = r;
        b->pend_type = status[2];
        b->wrap_fields = true;
        ca_line_ok(st);
        return 1;
    }
    /* Rows that do not line up with the header (collapsed blanks) use the guess. */
    ca_bgpcols saved = b->cols;
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
    const char *why = bgp_fields(b, line, s, te, e, status[2], &r);
    b->cols = saved;
    if (why) {
        ca_line_skip(st, line, s, e, why);
        return 1;
    }
    ca_line_ok(st);
    ca_push(st, &r);
    return 1;
}

void ca_bgp_end(ca_bgp *b)
{
    if (b->wrap_fields) {
        b->wrap_fields = false;
        ca_push(b->st, &b->pend);
    }
    if (b->wrap_prefix) {
        b->wrap_prefix = false;
        er_diags_add(b->st->ctx->diags, ER_DIAG_WARNING, b->st->ctx->path, b->wrap_line, 1,
                     "prefix without a next hop line: route dropped");
    }
}
