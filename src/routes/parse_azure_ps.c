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
 * next hop marks the best path (see azure_routes.h for the group rule). An AS
 * path that is not one (the documentation's "123##" placeholders) is dropped with a
 * warning; the route is kept. */
#include <string.h>

#include "routes/azure_routes.h"

typedef struct azps_state {
    pu_state pu;
    az_group group;
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
    pu_state *pu = &st->pu;
    if (!st->open)
        return ER_OK;
    st->open = false;
    if (st->bad)
        return ER_OK;
    if (!st->have_net || !st->have_nh) {
        /* the record's lines were counted understood one by one; take one back */
        pu->ctx->stats->understood--;
        pu_skip(pu, st->rec_line,
                st->have_net ? "record without NextHop" : "record without Network", st->rec_s,
                st->rec_e);
        return ER_OK;
    }
    return az_group_push(pu, &st->group, &st->r, st->starred, NULL);
}

/* "Key : value" of a Get-AzExpressRouteCircuitRouteTable record. Returns 1 understood,
 * 0 not a record line, -1 out of memory. */
static int record_line(azps_state *st, uint32_t lineno, const char *s, const char *e)
{
    pu_state *pu = &st->pu;
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
        pu_route_init(&st->r, lineno);
        st->r.proto = ER_PROTO_BGP;
    }
    uint32_t v;
    if (net) {
        if (pu_prefix(pu, lineno, pu_col(s, vs), vs, ve, true, &st->r.prefix, &st->r.flags) !=
            ER_ADDR_OK) {
            pu_error(pu, lineno, pu_col(s, vs), "bad network prefix", vs, ve);
            st->bad = true;
            return 1;
        }
        st->have_net = true;
    } else if (nh && vs == ve) {
        st->have_nh = true; /* no next hop printed */
    } else if (nh) {
        er_prefix a;
        bool bad;
        if (!az_next_hop(vs, ve, &a, &st->starred, &bad)) {
            if (bad) {
                pu_error(pu, lineno, pu_col(s, vs), "bad next hop", vs, ve);
                st->bad = true;
                return 1;
            }
            return 0;
        }
        pu_set_nh(&st->r, &a);
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
        if (!az_read_as_path(pu, lineno, pu_col(s, vs), vs, ve, &st->r))
            return -1;
    }
    pu_ok(pu);
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
    pu_state *pu = &st->pu;
    const char *p = s, *ts, *te, *ns, *ne;
    *understood = false;
    if (!sc_token(&p, e, &ts, &te) || !memchr(ts, '/', (size_t)(te - ts)) ||
        !sc_token(&p, e, &ns, &ne))
        return ER_OK;
    er_route r;
    pu_route_init(&r, lineno);
    r.proto = ER_PROTO_BGP;
    *understood = true;
    if (pu_prefix(pu, lineno, pu_col(s, ts), ts, te, true, &r.prefix, &r.flags) != ER_ADDR_OK) {
        pu_error(pu, lineno, pu_col(s, ts), "bad network prefix", ts, te);
        return ER_OK;
    }
    er_prefix a;
    bool starred, bad;
    if (!az_next_hop(ns, ne, &a, &starred, &bad)) {
        if (bad)
            pu_error(pu, lineno, pu_col(s, ns), "bad next hop", ns, ne);
        else
            pu_skip(pu, lineno, NULL, s, e);
        return ER_OK;
    }
    pu_set_nh(&r, &a);
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
        if (!az_read_as_path(pu, lineno, pu_col(s, path_s), path_s, pe, &r))
            return ER_ERR_NOMEM;
    }
    pu_ok(pu);
    return az_group_push(pu, &st->group, &r, starred, NULL);
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
    pu_state *pu = &st.pu;
    pu_init(pu, ctx, buf, len);
    az_group_init(&st.group);
    const char *s, *e;
    er_status rc = ER_OK;
    while (rc == ER_OK && pu_next_line(pu, &s, &e)) {
        uint32_t ln = pu_lineno(pu);
        const char *ts = s, *te = e;
        sc_trim(&ts, &te);
        if (ts == te) {
            rc = close_record(&st);
            pu_ok(pu);
            continue;
        }
        int k = record_line(&st, ln, s, e);
        if (k < 0) {
            rc = ER_ERR_NOMEM;
            break;
        }
        if (k > 0)
            continue;
        rc = close_record(&st);
        if (rc != ER_OK)
            break;
        if (pu_is_pager_line(s, e) || prompt_line(s, e) || sc_eq(ts, te, "Route Table Info:") ||
            classic_header(&st, s, e)) {
            pu_ok(pu);
            continue;
        }
        if (st.classic) {
            bool understood;
            rc = classic_row(&st, ln, s, e, &understood);
            if (understood)
                continue;
        }
        pu_skip(pu, ln, NULL, s, e);
    }
    if (rc == ER_OK)
        rc = close_record(&st);
    if (rc != ER_OK)
        return rc;
    az_group_close(pu, &st.group);
    return pu_finish(pu);
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
