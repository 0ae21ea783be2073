/* Juniper Junos `show route` text: brief (default), detail/extensive and terse forms
 * ("junos-route").
 *
 * How it works: a table header "NAME: N destinations, N routes (...)" opens a table. Only
 * unicast forwarding tables are read: inet.0 and inet6.0 (default VRF) and
 * INSTANCE.inet.0 / INSTANCE.inet6.0 (VRF INSTANCE); the lines of other tables (inet.3,
 * mpls.0, iso.0, bgp.l3vpn.0, ...) are understood and left out, with one note per table.
 * The form is recognised per line:
 *  - brief: "PREFIX  *[PROTO/PREF] age, metric M, localpref L, from A" (the prefix may
 *    stand alone on the line before), further entries "[PROTO/PREF] ..." without prefix,
 *    "AS path: ..." lines, and next-hop lines "> to A via IF", "  to A via IF",
 *    "> via IF", "Local via IF", "Discard", "Reject", "Receive";
 *  - detail: "PREFIX (N entries, M announced)", entry heads "*BGP Preference: 170/-101",
 *    then "Next hop: A via IF, selected", "AS path: ...", "Communities: ...",
 *    "Localpref: N", "Metric: N", "Next hop type: Discard|Reject" and many other
 *    "Key: value" lines that are understood without being kept;
 *  - terse: the "A V Destination P Prf Metric 1 Metric 2 Next hop AS path" header gives
 *    columns; rows carry the active mark, prefix, protocol letter, preference, metrics,
 *    a next hop (">" = selected) and the AS path; next-hop-only rows continue a route.
 * An entry is active when marked '*' or '+' ("- = Last Active" is not active). Each next
 * hop becomes a route; it forwards when its entry is active and the next hop is selected
 * ('>' in brief/terse, ", selected" in detail); discard/reject/local next hops of an active
 * entry forward. AS paths are kept as printed without the origin letter (I, E, ?) and
 * without "validation-state"; Junos preference is stored as the distance. */
#include "erready/routes.h"

#include <string.h>

#include "routes/junos_fields.h"
#include "routes/parse_util.h"

enum jform { JF_NONE, JF_BRIEF, JF_DETAIL, JF_TERSE };

typedef struct tcols {
    size_t dest, proto, prf, m1_end, m2_end, nh, aspath;
} tcols;

typedef struct jstate {
    pu_state pu;
    bool in_table;   /* a table header was seen */
    bool table_ok;   /* a unicast table we read */
    enum jform form;
    tcols tc;
    bool have_prefix; /* current destination */
    er_prefix prefix;
    uint8_t pflags;
    uint32_t pline;
    /* Current entry. */
    bool entry;
    bool active;
    er_proto proto;
    uint32_t pref, metric, locpref;
    bool has_metric, has_locpref;
    size_t first;    /* index of the entry's first route */
    uint32_t eline;
    bool aspath_next;
} jstate;

/* Push one route of the current entry. */
static er_status push_nh(jstate *j, uint32_t ln, const er_prefix *nh, const char *ifs,
                         const char *ife, bool selected, bool discard)
{
    pu_state *pu = &j->pu;
    (void)ln;
    if (!pu->vrf_keep)
        return ER_OK;
    er_route r;
    pu_route_init(&r, j->eline);
    r.prefix = j->prefix;
    r.flags = j->pflags;
    r.proto = (uint8_t)j->proto;
    r.distance = j->pref;
    r.flags |= ER_RF_HAS_DISTANCE;
    if (j->has_metric) {
        r.metric = j->metric;
        r.flags |= ER_RF_HAS_METRIC;
    }
    if (j->has_locpref) {
        r.locpref = j->locpref;
        r.flags |= ER_RF_HAS_LOCPREF;
    }
    if (nh)
        pu_set_nh(&r, nh);
    if (discard)
        r.flags |= ER_RF_DISCARD;
    if (j->active && selected)
        r.flags |= ER_RF_BEST;
    if (ifs)
        r.iface = pu_intern_slot(pu, PU_SLOT_IFACE, ifs, ife);
    return pu->nomem ? ER_ERR_NOMEM : pu_push(pu, &r);
}

/* Apply an AS path / communities to the routes of the current entry. */
static er_status set_entry_str(jstate *j, const char *s, const char *e, bool aspath)
{
    er_rtable *t = j->pu.ctx->table;
    size_t n = er_rtable_count(t);
    if (!j->entry || j->first >= n)
        return ER_OK;
    er_strref ref = pu_intern_slot(&j->pu, aspath ? PU_SLOT_ASPATH : PU_SLOT_COMM, s, e);
    if (j->pu.nomem)
        return ER_ERR_NOMEM;
    for (size_t i = j->first; i < n; i++) {
        er_route *r = er_rtable_at(t, i);
        if (aspath)
            r->as_path = ref;
        else
            r->communities = ref;
    }
    return ER_OK;
}

/* Pending attributes seen before the entry's next hops (brief "AS path:" comes after the
 * head but before next hops; detail "AS path:" comes after "Next hop:"). Kept as ranges. */
typedef struct jpend {
    const char *as, *as_e;
    const char *cm, *cm_e;
} jpend;

/* "AS path: ..." or "Communities: ..." of the current entry, kept for flush_pending. */
static bool pending_attr(jpend *pd, const char *t, const char *te)
{
    if (sc_starts(t, te, "AS path:")) {
        junos_aspath(t + 8, te, &pd->as, &pd->as_e);
        return true;
    }
    if (sc_starts(t, te, "Communities:")) {
        pd->cm = t + 12;
        pd->cm_e = te;
        sc_trim(&pd->cm, &pd->cm_e);
        return true;
    }
    return false;
}

/* The local preference (lp) or metric just read applies to the routes the current entry
 * already added. */
static void entry_number(jstate *j, bool lp)
{
    if (lp)
        j->has_locpref = true;
    else
        j->has_metric = true;
    er_rtable *t = j->pu.ctx->table;
    size_t n = er_rtable_count(t);
    for (size_t i = j->first; i < n; i++) {
        er_route *r = er_rtable_at(t, i);
        if (lp)
            r->locpref = j->locpref;
        else
            r->metric = j->metric;
        r->flags |= lp ? ER_RF_HAS_LOCPREF : ER_RF_HAS_METRIC;
    }
}

/* The pending attributes go to the current entry's routes; none is pending after. */
static er_status flush_pending(jstate *j, jpend *pd)
{
    er_status st = ER_OK;
    if (pd->as)
        st = set_entry_str(j, pd->as, pd->as_e, true);
    if (st == ER_OK && pd->cm)
        st = set_entry_str(j, pd->cm, pd->cm_e, false);
    memset(pd, 0, sizeof *pd);
    return st;
}

/* Brief entry head "[PROTO/PREF[/PREF2]] age, metric M, localpref L, from A". p at the
 * active mark or '['. */
static bool brief_head(jstate *j, const char *p, const char *e)
{
    bool active = false;
    if (p < e && (*p == '*' || *p == '+' || *p == '-')) {
        active = *p != '-';
        p++;
    }
    if (p >= e || *p != '[')
        return false;
    const char *q = memchr(p, ']', (size_t)(e - p));
    const char *sl = q ? memchr(p, '/', (size_t)(q - p)) : NULL;
    if (!q || !sl)
        return false;
    const char *pe = memchr(sl + 1, '/', (size_t)(q - sl - 1));
    if (!pe)
        pe = q;
    uint32_t pref;
    if (!sc_u32(sl + 1, pe, &pref))
        return false;
    j->entry = true;
    j->active = active;
    j->proto = junos_proto(p + 1, sl);
    j->pref = pref;
    j->has_metric = j->has_locpref = false;
    j->first = er_rtable_count(j->pu.ctx->table);
    /* Comma-separated attributes. */
    const char *f = q + 1;
    while (f < e) {
        const char *c = memchr(f, ',', (size_t)(e - f));
        const char *fe = c ? c : e;
        const char *fs = f;
        sc_trim(&fs, &fe);
        const char *v;
        if ((v = sc_find(fs, fe, "localpref ")) == fs) {
            if (!sc_u32(fs + 10, fe, &j->locpref))
                return false;
            j->has_locpref = true;
        } else if ((sc_starts(fs, fe, "metric ") || sc_starts(fs, fe, "MED "))) {
            const char *n = sc_starts(fs, fe, "MED ") ? fs + 4 : fs + 7;
            if (!sc_u32(n, fe, &j->metric))
                return false;
            j->has_metric = true;
        }
        /* age, "from A", "metric2 N", "tag N" and others are read and not kept. */
        f = c ? c + 1 : e;
    }
    return true;
}

/* Brief next-hop line; returns false when not one. */
static bool brief_nh(jstate *j, uint32_t ln, const char *lbeg, const char *t, const char *e,
                     bool *bad, er_status *st)
{
    bool sel = false;
    if (t < e && *t == '>') {
        sel = true;
        t = sc_skip_ws(t + 1, e);
    }
    const char *p = t, *ts = t, *te = t;
    if (!sc_token(&p, e, &ts, &te))
        return false;
    if (sc_eq(ts, te, "Discard") || sc_eq(ts, te, "Reject") || sc_eq(ts, te, "Receive")) {
        if (sc_skip_ws(p, e) != e)
            return false;
        *st = push_nh(j, ln, NULL, NULL, NULL, true, !sc_eq(ts, te, "Receive"));
        return true;
    }
    if (sc_eq(ts, te, "Local")) {
        const char *vs, *ve, *is, *ie;
        if (!sc_token(&p, e, &vs, &ve) || !sc_eq(vs, ve, "via") || !sc_token(&p, e, &is, &ie))
            return false;
        j->proto = j->proto ? j->proto : ER_PROTO_LOCAL;
        *st = push_nh(j, ln, NULL, is, ie, true, false);
        return true;
    }
    er_prefix nh;
    bool has_nh = false;
    if (sc_eq(ts, te, "to")) {
        const char *as, *ae;
        if (!sc_token(&p, e, &as, &ae))
            return false;
        if (!pu_addr(as, ae, &nh)) {
            pu_bad_addr(&j->pu, ln, pu_col(lbeg, as), "next hop", ER_ADDR_BAD, as, ae);
            *bad = true;
            return true;
        }
        has_nh = true;
        if (!sc_token(&p, e, &ts, &te))
            ts = te = e;
    } else if (!sc_eq(ts, te, "via")) {
        return false;
    }
    const char *is = NULL, *ie = NULL;
    if (sc_eq(ts, te, "via")) {
        if (!sc_token(&p, e, &is, &ie))
            return false;
        if (ie > is && ie[-1] == ',')
            ie--;
    } else if (ts != e && !has_nh) {
        return false;
    }
    if (!has_nh && !is)
        return false;
    /* ", Push 299776", "label-switched-path X", "lsp X" are allowed after. */
    *st = push_nh(j, ln, has_nh ? &nh : NULL, is, ie, sel, false);
    return true;
}

/* Detail "Next hop: A via IF, selected" / "Next hop: via IF, selected". */
static bool detail_nh(jstate *j, uint32_t ln, const char *lbeg, const char *t, const char *e,
                      bool *bad, er_status *st)
{
    const char *p = t + 9, *ts = p, *te = p; /* after "Next hop:" */
    bool sel = sc_find(p, e, ", selected") != NULL;
    const char *c = memchr(p, ',', (size_t)(e - p));
    const char *fe = c ? c : e;
    er_prefix nh;
    bool has_nh = false;
    const char *is = NULL, *ie = NULL;
    if (!sc_token(&p, fe, &ts, &te))
        return false;
    if (!sc_eq(ts, te, "via")) {
        if (!pu_addr(ts, te, &nh)) {
            pu_bad_addr(&j->pu, ln, pu_col(lbeg, ts), "next hop", ER_ADDR_BAD, ts, te);
            *bad = true;
            return true;
        }
        has_nh = true;
        if (!sc_token(&p, fe, &ts, &te))
            ts = te = fe;
    }
    if (sc_eq(ts, te, "via")) {
        if (!sc_token(&p, fe, &is, &ie))
            return false;
    }
    *st = push_nh(j, ln, has_nh ? &nh : NULL, is, ie, sel, false);
    return true;
}

/* Detail entry head "*BGP    Preference: 170/-101" (marks '*', '+', '-', or blank). */
static bool detail_head(jstate *j, const char *t, const char *e)
{
    bool active = false;
    if (*t == '*' || *t == '+' || *t == '-') {
        active = *t != '-';
        t++;
    }
    const char *p = t, *ws, *we;
    if (!sc_token(&p, e, &ws, &we))
        return false;
    const char *k = sc_skip_ws(p, e);
    if (!sc_starts(k, e, "Preference:"))
        return false;
    const char *v = sc_skip_ws(k + 11, e), *ve = v;
    while (ve < e && sc_is_digit(*ve))
        ve++;
    uint32_t pref;
    if (!sc_u32(v, ve, &pref))
        return false;
    j->entry = true;
    j->active = active;
    j->proto = junos_proto(ws, we);
    j->pref = pref;
    j->has_metric = j->has_locpref = false;
    j->first = er_rtable_count(j->pu.ctx->table);
    return true;
}

/* An entry head line [t,te) of line ln ([s,e)) in the brief or detail form: the pending
 * attributes go to the previous entry, the head opens the next (or the line is skipped). */
static er_status entry_head(jstate *j, jpend *pd, enum jform form, uint32_t ln, const char *s,
                            const char *e, const char *t, const char *te)
{
    er_status st = flush_pending(j, pd);
    if (st != ER_OK)
        return st;
    j->eline = ln;
    if (!(form == JF_BRIEF ? brief_head(j, t, te) : detail_head(j, t, te))) {
        pu_skip(&j->pu, ln, "route entry", s, e);
        return ER_OK;
    }
    j->form = form;
    pu_ok(&j->pu);
    return ER_OK;
}

/* Terse column header. */
static bool terse_header(jstate *j, const char *s, const char *e)
{
    const char *d = sc_find(s, e, "Destination");
    const char *pp = sc_find(s, e, " P ");
    const char *prf = sc_find(s, e, "Prf");
    const char *m1 = sc_find(s, e, "Metric 1");
    const char *m2 = sc_find(s, e, "Metric 2");
    const char *nh = sc_find(s, e, "Next hop");
    const char *as = sc_find(s, e, "AS path");
    if (!d || !pp || !prf || !m1 || !m2 || !nh || !as)
        return false;
    j->tc.dest = (size_t)(d - s);
    j->tc.proto = (size_t)(pp - s) + 1;
    j->tc.prf = (size_t)(prf - s);
    j->tc.m1_end = (size_t)(m1 - s) + 8;
    j->tc.m2_end = (size_t)(m2 - s) + 8;
    j->tc.nh = (size_t)(nh - s);
    j->tc.aspath = (size_t)(as - s);
    j->form = JF_TERSE;
    return true;
}

static er_proto terse_proto(char c)
{
    switch (c) {
    case 'B': return ER_PROTO_BGP;
    case 'S': return ER_PROTO_STATIC;
    case 'D': return ER_PROTO_CONNECTED;
    case 'L': return ER_PROTO_LOCAL;
    case 'O': return ER_PROTO_OSPF;
    case 'I': return ER_PROTO_ISIS;
    case 'R': return ER_PROTO_RIP;
    case 'A': return ER_PROTO_STATIC;
    default: return ER_PROTO_OTHER;
    }
}

/* The next-hop cell of a terse row (and the AS path after it). */
static bool terse_nh(jstate *j, uint32_t ln, const char *lbeg, const char *p, const char *e,
                     bool *bad, er_status *st, jpend *pd)
{
    p = sc_skip_ws(p, e);
    bool sel = false;
    if (p < e && *p == '>') {
        sel = true;
        p++;
    }
    const char *ts = p, *te = p;
    while (te < e && !sc_is_space(*te))
        te++;
    if (ts == te)
        return false;
    const char *rest = sc_skip_ws(te, e);
    if (rest < e) {
        const char *as, *ae;
        junos_aspath(rest, e, &as, &ae);
        pd->as = as;
        pd->as_e = ae;
    }
    if (sc_eq(ts, te, "Discard") || sc_eq(ts, te, "Reject") || sc_eq(ts, te, "Receive")) {
        *st = push_nh(j, ln, NULL, NULL, NULL, true, !sc_eq(ts, te, "Receive"));
        return true;
    }
    if (sc_eq(ts, te, "Local")) {
        *st = push_nh(j, ln, NULL, NULL, NULL, true, false);
        return true;
    }
    er_prefix nh;
    if (pu_addr(ts, te, &nh)) {
        *st = push_nh(j, ln, &nh, NULL, NULL, sel, false);
        return true;
    }
    if (sc_is_digit(*ts) || memchr(ts, ':', (size_t)(te - ts))) {
        /* Looks like an address but is not one ("ge-0/0/0.0" has no ':'). */
        if (!memchr(ts, '-', (size_t)(te - ts))) {
            pu_bad_addr(&j->pu, ln, pu_col(lbeg, ts), "next hop", ER_ADDR_BAD, ts, te);
            *bad = true;
            return true;
        }
    }
    /* An interface ("ge-0/0/0.0"). */
    *st = push_nh(j, ln, NULL, ts, te, sel, false);
    return true;
}

static er_status parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    jstate j;
    memset(&j, 0, sizeof j);
    pu_state *pu = &j.pu;
    pu_init(pu, ctx, buf, len);
    jpend pd;
    memset(&pd, 0, sizeof pd);
    bool summary = false;
    er_status st = ER_OK;
    const char *s, *e;
    while (pu_next_line(pu, &s, &e)) {
        uint32_t ln = pu_lineno(pu);
        const char *t = s, *te = e;
        sc_trim(&t, &te);
        if (t == te) {
            pu_ok(pu);
            continue;
        }
        bool indented = sc_is_space(*s);
        /* Table header. */
        if (!indented && sc_find(t, te, " destinations, ") && sc_find(t, te, " routes (")) {
            if ((st = flush_pending(&j, &pd)) != ER_OK)
                return st;
            const char *c = memchr(t, ':', (size_t)(te - t));
            if (!c) {
                pu_skip(pu, ln, "table header", s, e);
                continue;
            }
            const char *vs, *ve;
            j.in_table = true;
            j.have_prefix = j.entry = false;
            if (j.form == JF_TERSE)
                j.form = JF_NONE;
            j.table_ok = junos_unicast_table(t, c, &vs, &ve);
            if (j.table_ok) {
                pu_set_vrf(pu, vs, ve);
            } else {
                char q[PU_QUOTE + 4];
                pu_diag(pu, ER_DIAG_NOTE, ln, 1,
                        "table %s is not a unicast forwarding table; its routes are not read",
                        pu_snippet(q, sizeof q, t, c));
            }
            if (pu->nomem)
                return ER_ERR_NOMEM;
            pu_ok(pu);
            continue;
        }
        if (sc_starts(t, te, "+ = Active Route") || sc_starts(t, te, "Restart Complete") ||
            sc_starts(t, te, "{master") || sc_starts(t, te, "{backup") ||
            sc_starts(t, te, "{primary") || sc_starts(t, te, "{secondary") ||
            pu_is_prompt_or_noise(s, e)) {
            pu_ok(pu);
            continue;
        }
        /* show route summary lines. */
        if (sc_starts(t, te, "Autonomous system number:") || sc_starts(t, te, "Router ID:") ||
            sc_starts(t, te, "Highwater Mark") || sc_starts(t, te, "RIB unique destination") ||
            sc_starts(t, te, "RIB routes") || sc_starts(t, te, "FIB routes") ||
            sc_starts(t, te, "VRF type routing instances") ||
            (indented && sc_find(t, te, " routes, ") && te - t > 7 &&
             sc_eq(te - 7, te, " active") && memchr(t, ':', (size_t)(te - t)))) {
            summary = true;
            pu_ok(pu);
            continue;
        }
        if (!j.in_table) {
            pu_skip(pu, ln, "before a route table header", s, e);
            continue;
        }
        if (!j.table_ok) {
            pu_ok(pu);
            continue;
        }
        if (!indented && sc_starts(t, te, "A ") && terse_header(&j, s, e)) {
            pu_ok(pu);
            continue;
        }
        bool bad = false;
        /* ---- terse ---- */
        if (j.form == JF_TERSE) {
            size_t n = (size_t)(e - s);
            if (n > j.tc.dest && !sc_is_space(s[j.tc.dest])) {
                /* A row with a destination. */
                if ((st = flush_pending(&j, &pd)) != ER_OK)
                    return st;
                const char *ds = s + j.tc.dest, *de = ds;
                while (de < e && !sc_is_space(*de))
                    de++;
                er_addr_err err =
                    pu_prefix(pu, ln, pu_col(s, ds), ds, de, true, &j.prefix, &j.pflags);
                j.pflags &= ER_RF_HOSTBITS;
                if (err != ER_ADDR_OK) {
                    pu_bad_addr(pu, ln, pu_col(s, ds), "destination", err, ds, de);
                    j.have_prefix = j.entry = false;
                    continue;
                }
                j.have_prefix = true;
                j.eline = ln;
                j.entry = true;
                j.active = s[0] == '*' || s[0] == '+';
                char pc = n > j.tc.proto ? s[j.tc.proto] : ' ';
                j.proto = terse_proto(pc);
                const char *pp = s + (j.tc.proto + 1 < n ? j.tc.proto + 1 : n);
                const char *ts, *tke;
                if (!sc_token(&pp, e, &ts, &tke) || !sc_u32(ts, tke, &j.pref)) {
                    pu_skip(pu, ln, "terse row", s, e);
                    j.entry = false;
                    continue;
                }
                j.has_metric = j.has_locpref = false;
                j.first = er_rtable_count(ctx->table);
                /* Metrics up to the next-hop column. */
                const char *nhcol = s + (j.tc.nh - 1 < n ? j.tc.nh - 1 : n);
                const char *mp = pp;
                while (sc_token(&mp, nhcol, &ts, &tke)) {
                    uint32_t v;
                    if (!sc_u32(ts, tke, &v))
                        break;
                    if ((size_t)(tke - s) <= j.tc.m1_end) {
                        j.metric = v;
                        j.has_metric = true;
                    }
                }
                if (!terse_nh(&j, ln, s, nhcol, e, &bad, &st, &pd)) {
                    pu_skip(pu, ln, "terse row", s, e);
                    continue;
                }
            } else {
                if (!j.entry) {
                    pu_skip(pu, ln, "next hop without a route", s, e);
                    continue;
                }
                if (!terse_nh(&j, ln, s, t, e, &bad, &st, &pd)) {
                    pu_skip(pu, ln, "terse next hop", s, e);
                    continue;
                }
            }
            if (st != ER_OK)
                return st;
            if (!bad)
                pu_ok(pu);
            continue;
        }
        /* ---- brief / detail: a destination line ---- */
        if (!indented) {
            if ((st = flush_pending(&j, &pd)) != ER_OK)
                return st;
            const char *p = s, *ps = s, *pe = s;
            sc_token(&p, e, &ps, &pe);
            er_prefix pf;
            uint8_t pfl = 0;
            er_addr_err err = pu_prefix(pu, ln, pu_col(s, ps), ps, pe, true, &pf, &pfl);
            if (err != ER_ADDR_OK) {
                if (sc_is_digit(*ps) || memchr(ps, ':', (size_t)(pe - ps))) {
                    pu_bad_addr(pu, ln, pu_col(s, ps), "destination", err, ps, pe);
                } else {
                    pu_skip(pu, ln, "not a route line", s, e);
                }
                j.have_prefix = j.entry = false;
                continue;
            }
            j.prefix = pf;
            j.pflags = pfl;
            j.have_prefix = true;
            j.entry = false;
            j.pline = ln;
            j.eline = ln;
            p = sc_skip_ws(p, e);
            if (p >= e) {
                pu_ok(pu); /* the entry follows on the next line */
                continue;
            }
            if (*p == '(' && sc_find(p, e, " entries") ) {
                j.form = JF_DETAIL;
                pu_ok(pu);
                continue;
            }
            if (*p == '(' && sc_find(p, e, " entry")) {
                j.form = JF_DETAIL;
                pu_ok(pu);
                continue;
            }
            if (!brief_head(&j, p, e)) {
                pu_skip(pu, ln, "route line", s, e);
                j.have_prefix = false;
                continue;
            }
            j.form = JF_BRIEF;
            pu_ok(pu);
            continue;
        }
        if (!j.have_prefix) {
            pu_skip(pu, ln, "indented line without a destination", s, e);
            continue;
        }
        /* Entry heads. */
        if ((*t == '[' || ((*t == '*' || *t == '+' || *t == '-') && t + 1 < te && t[1] == '['))) {
            if ((st = entry_head(&j, &pd, JF_BRIEF, ln, s, e, t, te)) != ER_OK)
                return st;
            continue;
        }
        if (j.form == JF_DETAIL || sc_find(t, te, "Preference:")) {
            if (sc_find(t, te, "Preference:") && !sc_starts(t, te, "Preference:")) {
                if ((st = entry_head(&j, &pd, JF_DETAIL, ln, s, e, t, te)) != ER_OK)
                    return st;
                continue;
            }
            if (!j.entry) {
                pu_skip(pu, ln, "detail line outside an entry", s, e);
                continue;
            }
            if (sc_starts(t, te, "Next hop:")) {
                if (!detail_nh(&j, ln, s, t, te, &bad, &st)) {
                    pu_skip(pu, ln, "next hop", s, e);
                    continue;
                }
                if (st != ER_OK)
                    return st;
                if (!bad)
                    pu_ok(pu);
                continue;
            }
            if (sc_starts(t, te, "Next hop type:")) {
                const char *v = sc_skip_ws(t + 14, te), *ve = v;
                while (ve < te && *ve != ',')
                    ve++;
                if (sc_eq(v, ve, "Discard") || sc_eq(v, ve, "Reject") ||
                    sc_eq(v, ve, "Receive")) {
                    if ((st = push_nh(&j, ln, NULL, NULL, NULL, true,
                                      !sc_eq(v, ve, "Receive"))) != ER_OK)
                        return st;
                }
                pu_ok(pu);
                continue;
            }
            if (pending_attr(&pd, t, te)) {
                pu_ok(pu);
                continue;
            }
            if (sc_starts(t, te, "Localpref:")) {
                if (sc_u32(sc_skip_ws(t + 10, te), te, &j.locpref))
                    entry_number(&j, true);
                pu_ok(pu);
                continue;
            }
            if (sc_starts(t, te, "Metric:")) {
                const char *v = sc_skip_ws(t + 7, te), *ve = v;
                while (ve < te && sc_is_digit(*ve))
                    ve++;
                if (sc_u32(v, ve, &j.metric))
                    entry_number(&j, false);
                pu_ok(pu);
                continue;
            }
            /* Other detail lines: "Key: value" or known words. */
            const char *c = memchr(t, ':', (size_t)(te - t));
            bool keyish = c && c > t;
            for (const char *k = t; keyish && k < c; k++)
                if (!(*k == ' ' || *k == '-' || *k == '/' || *k == '(' || *k == ')' ||
                      *k == '_' || *k == '.' || sc_is_digit(*k) ||
                      (*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z')))
                    keyish = false;
            if (keyish || sc_starts(t, te, "Accepted") || sc_starts(t, te, "KRT in-kernel") ||
                sc_starts(t, te, "Page ") || sc_starts(t, te, "Path ") ||
                sc_eq(t, te, "Ext") || sc_eq(t, te, "Int") || sc_starts(t, te, "Hidden")) {
                pu_ok(pu);
                continue;
            }
            pu_skip(pu, ln, "detail line", s, e);
            continue;
        }
        /* Brief attribute and next-hop lines. */
        if (!j.entry) {
            pu_skip(pu, ln, "line outside a route entry", s, e);
            continue;
        }
        if (pending_attr(&pd, t, te)) {
            pu_ok(pu);
            continue;
        }
        if (sc_starts(t, te, "validation-state:") || sc_starts(t, te, "Shared ") ||
            sc_starts(t, te, "MultiRecv") || sc_starts(t, te, "Multipath")) {
            pu_ok(pu);
            continue;
        }
        if (!brief_nh(&j, ln, s, t, te, &bad, &st)) {
            pu_skip(pu, ln, "next hop line", s, e);
            continue;
        }
        if (st != ER_OK)
            return st;
        if (!bad)
            pu_ok(pu);
    }
    if ((st = flush_pending(&j, &pd)) != ER_OK)
        return st;
    if (summary && ctx->stats->routes == 0)
        pu_diag(pu, ER_DIAG_NOTE, 0, 0,
                "this is 'show route summary': it counts routes per table and protocol "
                "but lists no routes; export 'show route' instead");
    return pu_finish(pu);
}

/* The table header "NAME: N destinations, N routes (N active, N holddown, N hidden)" and
 * route shapes ("*[BGP/170]", "Preference:", terse header). A `show route summary` also has
 * table headers but no routes: it scores low and parses to "no routes". */
static int detect(const char *buf, size_t len)
{
    const char *e = buf + len;
    if (!sc_find(buf, e, " destinations, ") || !sc_find(buf, e, " holddown, "))
        return 0;
    if (sc_find(buf, e, "*[") || sc_find(buf, e, "Preference:") ||
        (sc_find(buf, e, "Destination") && sc_find(buf, e, "Metric 1")))
        return 95;
    if (sc_find(buf, e, "Highwater Mark") || sc_find(buf, e, "Router ID:"))
        return 40; /* show route summary */
    return 50;
}

const er_parser er_parser_junos_route = {
    "junos-route",
    "Juniper Junos show route (brief, detail, extensive, terse)",
    "'inet.0: N destinations, N routes (N active, N holddown, N hidden)' and '*[BGP/170]'",
    detect,
    parse,
};
