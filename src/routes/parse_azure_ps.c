/* Azure PowerShell ExpressRoute route tables: Get-AzExpressRouteCircuitRouteTable
 * (records of "Key : value" lines) and the classic
 * Get-AzureDedicatedCircuitPeeringRouteTableInfo ("Route Table Info:" and a table with
 * right-aligned columns).
 *
 * How it works: a record is a run of "Network", "NextHop", "LocPrf", "Weight" and
 * "Path" lines ended by a blank line, a new "Network" line or the end; it becomes one
 * route when it has a Network and a NextHop. The classic table is read by tokens: the
 * prefix, the next hop, then numbers told apart by the header column they end under
 * (LocPrf or Weight, both right-aligned), and the rest is the path. A '*' after the
 * next hop marks the best path (see parse_azure_common.h for the group rule). An AS
 * path that is not one (the documentation's "123##" placeholders) is dropped with a
 * warning; the route is kept. */
#include <string.h>

#include "routes/parse_azure_common.h"

typedef struct azps_state {
    er_parse_ctx *ctx;
    bool failed;
    az_er_group group;
    /* the open record */
    bool open, have_net, have_nh, starred, bad;
    uint32_t rec_line;
    const char *rec_s, *rec_e; /* its first line, for messages */
    er_route r;
    /* classic table: where header columns end */
    bool classic;
    size_t end_locprf, end_weight;
} azps_state;

static er_status close_record(azps_state *st)
{
    er_parse_ctx *ctx = st->ctx;
    if (!st->open)
        return ER_OK;
    st->open = false;
    if (st->bad)
        return ER_OK;
    if (!st->have_net || !st->have_nh) {
        /* the record's lines were counted understood one by one; take one back */
        char q[FW_QUOTE + 4];
        ctx->stats->understood--;
        ctx->stats->skipped++;
        er_diags_add(ctx->diags, ER_DIAG_WARNING, ctx->path, st->rec_line, 1,
                     "not understood: record without %s: '%s'",
                     st->have_net ? "NextHop" : "Network", fw_quote(q, st->rec_s, st->rec_e));
        return ER_OK;
    }
    bool keep = fw_vrf_keep(ctx, NULL, NULL);
    return er_az_er_group_push(ctx, &st->group, &st->r, st->starred, NULL, keep);
}

/* "Key : value" of a Get-AzExpressRouteCircuitRouteTable record. Returns 1 understood,
 * 0 not a record line, -1 out of memory. */
static int record_line(azps_state *st, uint32_t lineno, const char *s, const char *e)
{
    er_parse_ctx *ctx = st->ctx;
    const char *colon = memchr(s, ':', (size_t)(e - s));
    if (!colon)
        return 0;
    const char *ks = s, *ke = colon, *vs = colon + 1, *ve = e;
    sc_trim(&ks, &ke);
    sc_trim(&vs, &ve);
    bool net = sc_eq(ks, ke, "Network"), nh = sc_eq(ks, ke, "NextHop");
    bool lp = sc_eq(ks, ke, "LocPrf"), w = sc_eq(ks, ke, "Weight"), path = sc_eq(ks, ke, "Path");
    if (ks != s || !(net || nh || lp || w || path))
        return 0;
    if (net && st->open && st->have_net && close_record(st) != ER_OK)
        return -1;
    if (!st->open) {
        st->open = true;
        st->have_net = st->have_nh = st->starred = st->bad = false;
        st->rec_line = lineno;
        st->rec_s = s;
        st->rec_e = e;
        fw_route_init(&st->r, lineno);
        st->r.proto = ER_PROTO_BGP;
    }
    uint32_t v;
    if (net) {
        if (!fw_prefix(ctx, lineno, s, vs, ve, true, &st->r.prefix, &st->r.flags)) {
            fw_bad(ctx, &st->failed, lineno, s, vs, "bad network prefix", vs, ve);
            st->bad = true;
            return 1;
        }
        st->have_net = true;
    } else if (nh && vs == ve) {
        st->have_nh = true; /* no next hop printed */
    } else if (nh) {
        er_prefix a;
        bool bad;
        if (!er_az_next_hop(vs, ve, &a, &st->starred, &bad)) {
            if (bad) {
                fw_bad(ctx, &st->failed, lineno, s, vs, "bad next hop", vs, ve);
                st->bad = true;
                return 1;
            }
            return 0;
        }
        st->r.next_hop = a.addr;
        st->r.nh_family = a.family;
        st->r.flags |= ER_RF_HAS_NH;
        st->have_nh = true;
    } else if (lp) {
        if (vs != ve) {
            if (!sc_u32(vs, ve, &v))
                return 0;
            st->r.locpref = v;
            st->r.flags |= ER_RF_HAS_LOCPREF;
        }
    } else if (w) {
        if (vs != ve && !sc_u32(vs, ve, &v))
            return 0;
    } else {
        int a = er_az_as_path(ctx, vs, ve, &st->r.as_path);
        if (a < 0)
            return -1;
        if (a == 0)
            er_az_path_warning(ctx, lineno, s, vs, ve);
    }
    ctx->stats->understood++;
    return 1;
}

/* The classic header: Network NextHop LocPrf Weight Path, right-aligned. */
static bool classic_header(azps_state *st, const char *s, const char *e)
{
    static const char *const names[] = {"Network", "NextHop", "LocPrf", "Weight", "Path"};
    const char *p = s, *ts, *te;
    size_t ends[5];
    for (int i = 0; i < 5; i++) {
        if (!sc_token(&p, e, &ts, &te) || !sc_eq(ts, te, names[i]))
            return false;
        ends[i] = (size_t)(te - s);
    }
    if (sc_token(&p, e, &ts, &te))
        return false;
    st->classic = true;
    st->end_locprf = ends[2];
    st->end_weight = ends[3];
    return true;
}

static er_status classic_row(azps_state *st, uint32_t lineno, const char *s, const char *e,
                             bool *understood)
{
    er_parse_ctx *ctx = st->ctx;
    const char *p = s, *ts, *te, *ns, *ne;
    *understood = false;
    if (!sc_token(&p, e, &ts, &te) || !memchr(ts, '/', (size_t)(te - ts)) ||
        !sc_token(&p, e, &ns, &ne))
        return ER_OK;
    er_route r;
    fw_route_init(&r, lineno);
    r.proto = ER_PROTO_BGP;
    *understood = true;
    if (!fw_prefix(ctx, lineno, s, ts, te, true, &r.prefix, &r.flags)) {
        fw_bad(ctx, &st->failed, lineno, s, ts, "bad network prefix", ts, te);
        return ER_OK;
    }
    er_prefix a;
    bool starred, bad;
    if (!er_az_next_hop(ns, ne, &a, &starred, &bad)) {
        if (bad)
            fw_bad(ctx, &st->failed, lineno, s, ns, "bad next hop", ns, ne);
        else
            fw_skip(ctx, lineno, s, e);
        return ER_OK;
    }
    r.next_hop = a.addr;
    r.nh_family = a.family;
    r.flags |= ER_RF_HAS_NH;
    const char *path_s = NULL;
    while (sc_token(&p, e, &ts, &te)) {
        uint32_t v;
        size_t end = (size_t)(te - s);
        if (!path_s && sc_u32(ts, te, &v) && end == st->end_locprf) {
            r.locpref = v;
            r.flags |= ER_RF_HAS_LOCPREF;
        } else if (!path_s && sc_u32(ts, te, &v) && end == st->end_weight) {
            /* weight: not kept */
        } else {
            path_s = ts;
            break;
        }
    }
    if (path_s) {
        const char *pe = e;
        sc_trim(&path_s, &pe);
        int ap = er_az_as_path(ctx, path_s, pe, &r.as_path);
        if (ap < 0)
            return ER_ERR_NOMEM;
        if (ap == 0)
            er_az_path_warning(ctx, lineno, s, path_s, pe);
    }
    ctx->stats->understood++;
    return er_az_er_group_push(ctx, &st->group, &r, starred, NULL, fw_vrf_keep(ctx, NULL, NULL));
}

/* "PS C:\> Get-AzExpressRouteCircuitRouteTable ..." */
static bool prompt_line(const char *s, const char *e)
{
    return sc_starts(s, e, "PS ") && memchr(s, '>', (size_t)(e - s)) != NULL;
}

static er_status azps_parse(er_parse_ctx *ctx, const char *buf, size_t len)
{
    azps_state st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    st.group.first = SIZE_MAX;
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    er_status rc = ER_OK;
    while (rc == ER_OK && er_lines_next(&it, &s, &e)) {
        ctx->stats->lines++;
        const char *ts = s, *te = e;
        sc_trim(&ts, &te);
        if (ts == te) {
            rc = close_record(&st);
            ctx->stats->understood++;
            continue;
        }
        int k = record_line(&st, it.lineno, s, e);
        if (k < 0) {
            rc = ER_ERR_NOMEM;
            break;
        }
        if (k > 0)
            continue;
        rc = close_record(&st);
        if (rc != ER_OK)
            break;
        if (fw_is_pager(s, e) || prompt_line(s, e) || sc_eq(ts, te, "Route Table Info:") ||
            classic_header(&st, s, e)) {
            ctx->stats->understood++;
            continue;
        }
        if (st.classic) {
            bool understood;
            rc = classic_row(&st, it.lineno, s, e, &understood);
            if (understood)
                continue;
        }
        fw_skip(ctx, it.lineno, s, e);
    }
    if (rc == ER_OK)
        rc = close_record(&st);
    if (rc != ER_OK)
        return rc;
    er_az_er_group_close(ctx, &st.group);
    return st.failed ? ER_ERR_PARSE : ER_OK;
}

static int azps_detect(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    bool net = false, nh = false;
    int n = 0;
    while (er_lines_next(&it, &s, &e) && n++ < 200) {
        const char *ts = s, *te = e;
        sc_trim(&ts, &te);
        if (sc_eq(ts, te, "Route Table Info:"))
            return 85;
        const char *colon = memchr(s, ':', (size_t)(e - s));
        if (!colon)
            continue;
        const char *ks = s, *ke = colon;
        sc_trim(&ks, &ke);
        if (ks != s)
            continue;
        net = net || sc_eq(ks, ke, "Network");
        nh = nh || sc_eq(ks, ke, "NextHop");
        if (net && nh)
            return 90;
    }
    return 0;
}

const er_parser er_parser_azure_ps = {
    "azure-ps",
    "Azure PowerShell Get-AzExpressRouteCircuitRouteTable (records) and the classic "
    "Get-AzureDedicatedCircuitPeeringRouteTableInfo table",
    "'Network : x/y' and 'NextHop : a' record lines, or 'Route Table Info:'",
    azps_detect,
    azps_parse,
};
