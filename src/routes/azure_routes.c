/* What the Azure route parsers share: ExpressRoute best-path groups, next hops with
 * the star, AS path text, effective-route protocols, section VRF names. */
#include "routes/azure_routes.h"

#include <stdint.h>
#include <string.h>

void az_group_close(pu_state *pu, az_group *g)
{
    if (g->open && !g->starred && g->first != SIZE_MAX) {
        er_route *r = er_rtable_at(pu->ctx->table, g->first);
        if (r && !(r->flags & ER_RF_BEST)) {
            r->flags |= ER_RF_BEST;
            pu->ctx->stats->best++;
        }
    }
    g->open = false;
}

er_status az_group_push(pu_state *pu, az_group *g, er_route *r, bool starred, const char *vrf_id)
{
    if (!g->open || g->vrf_id != vrf_id || er_prefix_cmp(&g->prefix, &r->prefix) != 0) {
        az_group_close(pu, g);
        g->open = true;
        g->starred = false;
        g->prefix = r->prefix;
        g->vrf_id = vrf_id;
        g->first = SIZE_MAX;
    }
    if (starred)
        g->starred = true;
    if (!pu->vrf_keep)
        return ER_OK;
    if (starred)
        r->flags |= ER_RF_BEST;
    size_t idx = er_rtable_count(pu->ctx->table);
    er_status st = pu_push(pu, r);
    if (st == ER_OK && g->first == SIZE_MAX)
        g->first = idx;
    return st;
}

void az_quiet_prefix(const char *s, const char *e, er_route *r)
{
    const char *next;
    er_prefix_scan(s, e, true, &r->prefix, &next);
    if (er_prefix_mask_host(&r->prefix))
        r->flags |= ER_RF_HOSTBITS;
}

int az_next_hop(const char *s, const char *e, er_prefix *nh, bool *starred, bool *bad)
{
    *bad = false;
    *starred = e > s && e[-1] == '*';
    if (*starred)
        e--;
    if (pu_addr(s, e, nh))
        return 1;
    bool sep = false, other = false;
    for (const char *p = s; p < e; p++) {
        char c = *p;
        if (c == '.' || c == ':')
            sep = true;
        else if (!sc_is_digit(c) && !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            other = true;
    }
    *bad = sep && !other;
    return 0;
}

static bool asn_text(const char *s, const char *e)
{
    uint32_t v;
    return sc_u32(s, e, &v);
}

int az_as_path(pu_state *pu, const char *s, const char *e, er_strref *out)
{
    *out = (er_strref){0, 0};
    sc_trim(&s, &e);
    /* trailing origin code */
    if (e > s && (e[-1] == '?' || e[-1] == 'i' || e[-1] == 'I' || e[-1] == 'e' || e[-1] == 'E') &&
        (e - 1 == s || sc_is_space(e[-2]))) {
        e--;
        sc_trim(&s, &e);
    }
    if (s == e)
        return 1;
    char buf[1024];
    size_t n = 0;
    bool dashes = memchr(s, '-', (size_t)(e - s)) != NULL;
    if (dashes && memchr(s, ' ', (size_t)(e - s)))
        return 0;
    const char *p = s;
    while (p < e) {
        const char *t = p;
        if (*p == '{') {
            const char *q = memchr(p, '}', (size_t)(e - p));
            if (!q)
                return 0;
            for (const char *m = p + 1; m < q;) {
                const char *me = m;
                while (me < q && *me != ',')
                    me++;
                if (!asn_text(m, me))
                    return 0;
                m = me < q ? me + 1 : me;
            }
            t = q + 1;
        } else {
            while (t < e && *t != (dashes ? '-' : ' '))
                t++;
            if (!asn_text(p, t))
                return 0;
        }
        if (n + (size_t)(t - p) + 1 > sizeof buf)
            return 0;
        if (n)
            buf[n++] = ' ';
        memcpy(buf + n, p, (size_t)(t - p));
        n += (size_t)(t - p);
        if (t < e) {
            if (*t != (dashes ? '-' : ' '))
                return 0;
            t++;
            if (!dashes)
                t = sc_skip_ws(t, e);
            if (t == e)
                return 0;
        }
        p = t;
    }
    *out = pu_intern(pu, buf, buf + n);
    return pu->nomem ? -1 : 1;
}

bool az_read_as_path(pu_state *pu, uint32_t line, uint32_t col, const char *s, const char *e,
                     er_route *r)
{
    int a = az_as_path(pu, s, e, &r->as_path);
    if (a == 0) {
        char q[PU_QUOTE + 4];
        pu_diag(pu, ER_DIAG_WARNING, line, col,
                "as path not understood: '%s'; route kept without it",
                pu_snippet(q, sizeof q, s, e));
    }
    return a >= 0;
}

bool az_nht_is_discard(const char *s, const char *e)
{
    return sc_eq(s, e, "None");
}

er_proto az_effective_proto(const char *src_s, const char *src_e, const char *nht_s,
                            const char *nht_e)
{
    if (sc_eq(src_s, src_e, "User"))
        return ER_PROTO_STATIC;
    if (sc_eq(src_s, src_e, "VirtualNetworkGateway"))
        return ER_PROTO_BGP;
    if (sc_eq(nht_s, nht_e, "VnetLocal"))
        return ER_PROTO_CONNECTED;
    return ER_PROTO_OTHER;
}

void az_set_vrf(pu_state *pu, const char *a, size_t an, const char *b, size_t bn, const char *c,
                size_t cn)
{
    char buf[256];
    size_t n = 0;
    const char *parts[3] = {a, b, c};
    size_t lens[3] = {an, bn, cn};
    for (int i = 0; i < 3; i++) {
        if (!parts[i] || !lens[i])
            continue;
        if (n && n < sizeof buf)
            buf[n++] = '/';
        size_t k = lens[i] < sizeof buf - n ? lens[i] : sizeof buf - n;
        memcpy(buf + n, parts[i], k);
        n += k;
    }
    pu_set_vrf(pu, buf, buf + n);
}
