/* Azure CLI `-o table` route outputs: ExpressRoute list-route-tables, NIC
 * show-effective-route-table (default or custom --query columns) and vWAN hub
 * effective routes, also inside the wrapper text of lab scripts.
 *
 * How it works: az prints a header line, then a rule of dash runs, one run per column,
 * each as wide as the column's widest value; the runs give exact column spans, so a
 * row is cut at those byte offsets and each cell trimmed (an empty cell is an absent
 * value). The header's cell texts, lowercased without blanks, say which table this is:
 * network+nexthop = ExpressRoute (LocPrf, Path, Weight), addressprefix/prefix +
 * nexthoptype = NIC effective routes (Source, State, Next Hop IP), addressprefixes =
 * vWAN effective routes (AsPath, NextHopType). A line that is not understood is held
 * back one line, because it may be the header of a rule that follows; a blank line
 * ends a table.
 * Section lines set the VRF: "<peering> (Primary|Secondary): <circuit>" (after an emoji,
 * from kaysalawu's get_er_route_tables.sh) gives "<circuit>/<peering>/<primary>",
 * "Effective routes for <nic>" gives the NIC name, "vHub: <hub>" with "RouteTable:" or
 * "Firewall: <name>" gives "<hub>/<name>". ExpressRoute best paths follow the '*' mark
 * (azure_routes.h); effective routes are best when State is Active; vWAN
 * effective routes are all best. The next hop type (Internet, VirtualNetworkGateway,
 * VirtualAppliance, "Remote Hub", ...) is kept as the route's interface, "None" is a
 * discard route. */
#include <string.h>

#include "routes/azure_routes.h"

#define MAX_COLS 12

enum tkind { T_NONE = 0, T_ER, T_NIC, T_VWAN };
enum ckind {
    C_OTHER = 0,
    C_NETWORK, C_NEXTHOP, C_LOCPRF, C_WEIGHT, C_PATH,     /* ExpressRoute */
    C_SOURCE, C_STATE, C_PREFIX, C_NHTYPE, C_NHIP,         /* NIC effective routes */
    C_PREFIXES, C_ASPATH                                    /* vWAN */
};

typedef struct aztab_state {
    pu_state pu;
    /* table */
    enum tkind kind;
    size_t ncols;
    size_t col_start[MAX_COLS];
    size_t col_end[MAX_COLS]; /* end of the column's dash run */
    enum ckind col_kind[MAX_COLS];
    /* a line held back: it may be a header */
    bool pend;
    const char *pend_s, *pend_e;
    uint32_t pend_line;
    /* sections */
    const char *hub_s, *hub_e;
    const char *vrf_id; /* identity of the current section (for ER groups) */
    az_group group;
} aztab_state;

static bool is_rule(const char *s, const char *e)
{
    bool dash = false;
    for (; s < e; s++) {
        if (*s == '-')
            dash = true;
        else if (*s != ' ')
            return false;
    }
    return dash;
}

/* Header text of a cell, lowercased without blanks, compared to w. */
static bool hdr_is(const char *s, const char *e, const char *w)
{
    for (; s < e; s++) {
        if (*s == ' ')
            continue;
        char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
        if (*w == '\0' || *w != c) /* a NUL cell byte must not match w's terminator */
            return false;
        w++;
    }
    return *w == '\0';
}

static enum ckind col_kind(const char *s, const char *e)
{
    static const struct {
        const char *name;
        enum ckind kind;
    } names[] = {
        {"network", C_NETWORK},   {"nexthop", C_NEXTHOP},          {"locprf", C_LOCPRF},
        {"weight", C_WEIGHT},     {"path", C_PATH},                {"source", C_SOURCE},
        {"state", C_STATE},       {"addressprefix", C_PREFIX},     {"prefix", C_PREFIX},
        {"nexthoptype", C_NHTYPE}, {"nexthopip", C_NHIP},          {"nexthopipaddress", C_NHIP},
        {"addressprefixes", C_PREFIXES}, {"aspath", C_ASPATH},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(names); i++)
        if (hdr_is(s, e, names[i].name))
            return names[i].kind;
    return C_OTHER;
}

/* Cell i of row [s,e), trimmed. */
static void cell(const aztab_state *st, const char *s, const char *e, size_t i, const char **cs,
                 const char **ce)
{
    size_t len = (size_t)(e - s);
    size_t a = st->col_start[i];
    size_t b = i + 1 < st->ncols ? st->col_start[i + 1] : len;
    if (a > len)
        a = len;
    if (b > len)
        b = len;
    *cs = s + a;
    *ce = s + b;
    sc_trim(cs, ce);
}

/* True if no cell runs into the blank gap before the next column: a row cut at the
 * rule's offsets would otherwise split a value. */
static bool row_aligned(const aztab_state *st, const char *s, const char *e)
{
    size_t len = (size_t)(e - s);
    for (size_t i = 0; i + 1 < st->ncols; i++)
        for (size_t k = st->col_end[i]; k < st->col_start[i + 1] && k < len; k++)
            if (s[k] != ' ')
                return false;
    return true;
}

/* Set up a table from its header [hs,he) and rule [rs,re). */
static bool table_start(aztab_state *st, const char *hs, const char *he, const char *rs,
                        const char *re)
{
    size_t n = 0;
    const char *p = rs;
    while (p < re) {
        while (p < re && *p == ' ')
            p++;
        if (p >= re)
            break;
        if (n == MAX_COLS)
            return false;
        st->col_start[n] = (size_t)(p - rs);
        while (p < re && *p == '-')
            p++;
        st->col_end[n++] = (size_t)(p - rs);
    }
    bool has[16] = {false};
    for (size_t i = 0; i < n; i++) {
        size_t a = st->col_start[i];
        size_t b = i + 1 < n ? st->col_start[i + 1] : (size_t)(he - hs);
        if (a >= (size_t)(he - hs))
            return false;
        if (b > (size_t)(he - hs))
            b = (size_t)(he - hs);
        const char *cs = hs + a, *ce = hs + b;
        sc_trim(&cs, &ce);
        st->col_kind[i] = col_kind(cs, ce);
        has[st->col_kind[i]] = true;
    }
    st->ncols = n;
    if (has[C_NETWORK] && has[C_NEXTHOP])
        st->kind = T_ER;
    else if (has[C_PREFIX] && has[C_NHTYPE])
        st->kind = T_NIC;
    else if (has[C_PREFIXES] && has[C_NHTYPE])
        st->kind = T_VWAN;
    else
        return false;
    return true;
}

static er_status er_row(aztab_state *st, uint32_t lineno, const char *s, const char *e)
{
    pu_state *pu = &st->pu;
    er_route r;
    pu_route_init(&r, lineno);
    r.proto = ER_PROTO_BGP;
    bool starred = false, have_net = false, have_nh = false;
    for (size_t i = 0; i < st->ncols; i++) {
        const char *cs, *ce;
        cell(st, s, e, i, &cs, &ce);
        uint32_t v;
        switch (st->col_kind[i]) {
        case C_NETWORK:
            if (pu_prefix(pu, lineno, pu_col(s, cs), cs, ce, true, &r.prefix, &r.flags) !=
                ER_ADDR_OK) {
                pu_error(pu, lineno, pu_col(s, cs), "bad network prefix", cs, ce);
                return ER_OK;
            }
            have_net = true;
            break;
        case C_NEXTHOP: {
            er_prefix nh;
            bool bad;
            if (cs == ce) {
                have_nh = true; /* no next hop printed */
                break;
            }
            if (!az_next_hop(cs, ce, &nh, &starred, &bad)) {
                if (bad)
                    pu_error(pu, lineno, pu_col(s, cs), "bad next hop", cs, ce);
                else
                    pu_skip(pu, lineno, NULL, s, e);
                return ER_OK;
            }
            pu_set_nh(&r, &nh);
            have_nh = true;
            break;
        }
        case C_LOCPRF:
            if (cs == ce)
                break;
            if (!sc_u32(cs, ce, &v))
                goto skip;
            r.locpref = v;
            r.flags |= ER_RF_HAS_LOCPREF;
            break;
        case C_WEIGHT:
            if (cs != ce && !sc_u32(cs, ce, &v))
                goto skip;
            break;
        case C_PATH:
            if (!az_read_as_path(pu, lineno, pu_col(s, cs), cs, ce, &r))
                return ER_ERR_NOMEM;
            break;
        default:
            break;
        }
    }
    if (!have_net || !have_nh)
        goto skip;
    pu_ok(pu);
    return az_group_push(pu, &st->group, &r, starred, st->vrf_id);
skip:
    pu_skip(pu, lineno, NULL, s, e);
    return ER_OK;
}

/* NIC effective routes and vWAN effective routes: one route per prefix and next hop
 * (cells may list several, blank-separated). */
static er_status eff_row(aztab_state *st, uint32_t lineno, const char *s, const char *e)
{
    pu_state *pu = &st->pu;
    const char *src_s = NULL, *src_e = NULL, *state_s = NULL, *state_e = NULL;
    const char *pfx_s = NULL, *pfx_e = NULL, *nht_s = NULL, *nht_e = NULL;
    const char *nh_s = NULL, *nh_e = NULL, *path_s = NULL, *path_e = NULL;
    for (size_t i = 0; i < st->ncols; i++) {
        const char *cs, *ce;
        cell(st, s, e, i, &cs, &ce);
        switch (st->col_kind[i]) {
        case C_SOURCE: src_s = cs, src_e = ce; break;
        case C_STATE: state_s = cs, state_e = ce; break;
        case C_PREFIX:
        case C_PREFIXES: pfx_s = cs, pfx_e = ce; break;
        case C_NHTYPE: nht_s = cs, nht_e = ce; break;
        case C_NHIP: nh_s = cs, nh_e = ce; break;
        case C_ASPATH: path_s = cs, path_e = ce; break;
        default: break;
        }
    }
    if (!pfx_s || pfx_s == pfx_e || !nht_s || nht_s == nht_e)
        goto skip;
    bool best = true;
    if (st->kind == T_NIC) {
        if (state_s && sc_eq(state_s, state_e, "Active"))
            best = true;
        else if (state_s && sc_eq(state_s, state_e, "Invalid"))
            best = false;
        else if (state_s && state_s != state_e)
            goto skip;
    }
    er_route r;
    pu_route_init(&r, lineno);
    if (st->kind == T_NIC)
        r.proto = (uint8_t)az_effective_proto(src_s ? src_s : "", src_s ? src_e : "", nht_s, nht_e);
    if (path_s && path_s != path_e &&
        !az_read_as_path(pu, lineno, pu_col(s, path_s), path_s, path_e, &r))
        return ER_ERR_NOMEM;
    if (st->kind == T_VWAN)
        r.proto = r.as_path.len ? ER_PROTO_BGP : ER_PROTO_OTHER;
    if (az_nht_is_discard(nht_s, nht_e))
        r.flags |= ER_RF_DISCARD;
    if (best)
        r.flags |= ER_RF_BEST;
    r.iface = pu_intern(pu, nht_s, nht_e);
    /* validate every prefix and next hop before adding anything */
    const char *p = pfx_s, *ts, *te;
    size_t npfx = 0, nnh = 0;
    er_prefix pfx;
    uint8_t fl = 0;
    while (sc_token(&p, pfx_e, &ts, &te)) {
        if (pu_prefix(pu, lineno, pu_col(s, ts), ts, te, true, &pfx, &fl) != ER_ADDR_OK) {
            pu_error(pu, lineno, pu_col(s, ts), "bad address prefix", ts, te);
            return ER_OK;
        }
        npfx++;
    }
    if (nh_s) {
        p = nh_s;
        while (sc_token(&p, nh_e, &ts, &te)) {
            er_prefix nh;
            if (!pu_addr(ts, te, &nh)) {
                pu_error(pu, lineno, pu_col(s, ts), "bad next hop ip", ts, te);
                return ER_OK;
            }
            nnh++;
        }
    }
    pu_ok(pu);
    p = pfx_s;
    while (sc_token(&p, pfx_e, &ts, &te)) {
        er_route x = r;
        az_quiet_prefix(ts, te, &x);
        if (!nnh) {
            er_status rc = pu_push(pu, &x);
            if (rc != ER_OK)
                return rc;
            continue;
        }
        const char *q = nh_s, *ns, *ne;
        while (sc_token(&q, nh_e, &ns, &ne)) {
            er_route y = x;
            er_prefix nh;
            pu_addr(ns, ne, &nh);
            pu_set_nh(&y, &nh);
            er_status rc = pu_push(pu, &y);
            if (rc != ER_OK)
                return rc;
        }
    }
    return ER_OK;
skip:
    pu_skip(pu, lineno, NULL, s, e);
    return ER_OK;
}

/* Skip a leading emoji or other non-ASCII decoration and blanks. */
static const char *skip_decoration(const char *s, const char *e)
{
    while (s < e && ((unsigned char)*s >= 0x80 || sc_is_space(*s)))
        s++;
    return s;
}

/* "<emoji> AzurePrivatePeering (Primary): Lab01-er1" */
static bool er_section(aztab_state *st, const char *s, const char *e)
{
    const char *p = skip_decoration(s, e);
    if (p == s || !sc_starts(p, e, "Azure"))
        return false;
    const char *ps = p, *pe = p;
    while (pe < e && !sc_is_space(*pe))
        pe++;
    if (!sc_find(ps, pe, "Peering"))
        return false;
    const char *q = sc_skip_ws(pe, e);
    const char *which;
    size_t wn;
    if (sc_starts(q, e, "(Primary):"))
        which = "primary", wn = 7, q += 10;
    else if (sc_starts(q, e, "(Secondary):"))
        which = "secondary", wn = 9, q += 12;
    else
        return false;
    const char *cs = q, *ce = e;
    sc_trim(&cs, &ce);
    if (cs == ce)
        return false;
    az_group_close(&st->pu, &st->group);
    st->kind = T_NONE;
    az_set_vrf(&st->pu, cs, (size_t)(ce - cs), ps, (size_t)(pe - ps), which, wn);
    st->vrf_id = s;
    return true;
}

/* "Key: value" section lines of the lab scripts. */
static bool kv_line(aztab_state *st, const char *s, const char *e)
{
    const char *colon = memchr(s, ':', (size_t)(e - s));
    if (!colon || colon == s)
        return false;
    const char *ks = s, *ke = colon, *vs = colon + 1, *ve = e;
    sc_trim(&ks, &ke);
    sc_trim(&vs, &ve);
    if (sc_eq(ks, ke, "Resource group"))
        return vs != ve;
    if (vs == ve || memchr(vs, ' ', (size_t)(ve - vs)))
        return false;
    if (sc_eq(ks, ke, "vHub")) {
        st->hub_s = vs;
        st->hub_e = ve;
        st->kind = T_NONE;
        az_group_close(&st->pu, &st->group);
        az_set_vrf(&st->pu, vs, (size_t)(ve - vs), NULL, 0, NULL, 0);
        st->vrf_id = s;
        return true;
    }
    if (sc_eq(ks, ke, "RouteTable") || sc_eq(ks, ke, "Firewall")) {
        if (!st->hub_s)
            return false;
        st->kind = T_NONE;
        az_set_vrf(&st->pu, st->hub_s, (size_t)(st->hub_e - st->hub_s), vs, (size_t)(ve - vs), NULL,
                   0);
        st->vrf_id = s;
        return true;
    }
    return false;
}

/* "Effective routes for <nic>" */
static bool nic_line(aztab_state *st, const char *s, const char *e)
{
    if (!sc_starts(s, e, "Effective routes for "))
        return false;
    const char *vs = s + strlen("Effective routes for "), *ve = e;
    sc_trim(&vs, &ve);
    if (vs == ve || memchr(vs, ' ', (size_t)(ve - vs)))
        return false;
    az_group_close(&st->pu, &st->group);
    st->kind = T_NONE;
    az_set_vrf(&st->pu, vs, (size_t)(ve - vs), NULL, 0, NULL, 0);
    st->vrf_id = s;
    return true;
}

/* A shell prompt with its command ("01-lab$ bash get_er_route_tables.sh RG",
 * "user@host:~$ az network ..."), or an "<emoji> Done!" trailer. */
static bool wrapper_line(const char *s, const char *e)
{
    const char *p = s, *ts, *te;
    if (sc_token(&p, e, &ts, &te) && ts == s && (te[-1] == '$' || te[-1] == '#') &&
        te - ts > 1 && sc_token(&p, e, &ts, &te))
        return true;
    if (sc_starts(s, e, "$ "))
        return true;
    const char *d = skip_decoration(s, e);
    return d > s && sc_eq(d, e, "Done!");
}

static void flush_pending(aztab_state *st)
{
    if (st->pend) {
        pu_skip(&st->pu, st->pend_line, NULL, st->pend_s, st->pend_e);
        st->pend = false;
    }
}

static er_status aztab_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    aztab_state st;
    memset(&st, 0, sizeof st);
    pu_state *pu = &st.pu;
    pu_init(pu, ctx, buf, len);
    az_group_init(&st.group);
    const char *s, *e;
    er_status rc = ER_OK;
    while (rc == ER_OK && pu_next_line(pu, &s, &e)) {
        uint32_t ln = pu_lineno(pu);
        const char *rs = s, *re = e;
        while (re > rs && sc_is_space(re[-1]))
            re--;
        if (is_rule(rs, re)) {
            if (st.pend) {
                az_group_close(pu, &st.group);
                if (table_start(&st, st.pend_s, st.pend_e, rs, re)) {
                    pu_ok_n(pu, 2);
                    st.pend = false;
                    continue;
                }
                flush_pending(&st);
                st.kind = T_NONE;
                pu_skip(pu, ln, NULL, s, e);
                continue;
            }
            /* a separator line of a wrapper script */
            pu_ok(pu);
            continue;
        }
        flush_pending(&st);
        if (pu_is_blank(s, e)) {
            /* az prints no blank line inside a table: this one ends it */
            az_group_close(pu, &st.group);
            st.kind = T_NONE;
            pu_ok(pu);
            continue;
        }
        if (pu_is_pager_line(s, e) || wrapper_line(s, e) || er_section(&st, s, e) ||
            nic_line(&st, s, e) || kv_line(&st, s, e)) {
            pu_ok(pu);
            continue;
        }
        if (st.kind != T_NONE && !row_aligned(&st, s, e))
            pu_skip(pu, ln, NULL, s, e);
        else if (st.kind == T_ER)
            rc = er_row(&st, ln, s, e);
        else if (st.kind == T_NIC || st.kind == T_VWAN)
            rc = eff_row(&st, ln, s, e);
        else {
            st.pend = true;
            st.pend_s = s;
            st.pend_e = e;
            st.pend_line = ln;
        }
    }
    if (rc != ER_OK)
        return rc;
    flush_pending(&st);
    az_group_close(pu, &st.group);
    return pu_finish(pu);
}

/* A header line followed by its dash rule, naming columns of one of the tables. */
static int aztab_detect(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e, *ps = NULL, *pe = NULL;
    int lines = 0;
    while (er_lines_next(&it, &s, &e) && lines++ < 200) {
        const char *re = e;
        while (re > s && sc_is_space(re[-1]))
            re--;
        if (ps && is_rule(s, re)) {
            aztab_state st;
            memset(&st, 0, sizeof st);
            if (table_start(&st, ps, pe, s, re))
                return 90;
        }
        ps = s;
        pe = e;
    }
    return 0;
}

const er_parser er_parser_azure_table = {
    "azure-table",
    "Azure CLI -o table: express-route list-route-tables, nic show-effective-route-table, "
    "vWAN hub effective routes",
    "a header (Network/NextHop/LocPrf/Weight/Path, Source/State/Address Prefix/Next Hop "
    "Type, AddressPrefixes/AsPath/NextHopType) over a dash rule",
    aztab_detect,
    aztab_parse,
};
