/* What the customer advertises: return paths, the Microsoft peering rules (private and
 * default prefixes, the 200-prefix limit, primary/secondary sessions), NAT pools announced
 * on both paths, and the on-premises endpoints Power Platform calls. */
#include "analyze/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PREFIXES_PER_SESSION 200

/* RFC 1918, RFC 6598, loopback, link-local and ULA: what Microsoft peering refuses
 * (FACTS section 3). Documentation blocks are left alone: examples use them as public. */
static bool private_for_peering(const er_prefix *p)
{
    static const char *const blocks[] = {"10.0.0.0/8",     "172.16.0.0/12", "192.168.0.0/16",
                                         "100.64.0.0/10",  "127.0.0.0/8",   "169.254.0.0/16",
                                         "fc00::/7",       "fe80::/10",     "::1/128"};
    for (size_t i = 0; i < ER_ARRAY_LEN(blocks); i++) {
        er_prefix b;
        if (er_prefix_parse(blocks[i], true, &b) == ER_ADDR_OK && b.family == p->family &&
            er_prefix_contains(&b, p))
            return true;
    }
    return false;
}

/* ---- tables ---- */

static er_status build_table_lpm(const er_rtable *t, er_lpm *out[2])
{
    for (int f = 0; f < 2; f++)
        if (!(out[f] = er_lpm_new(f ? ER_AF_V6 : ER_AF_V4)))
            return ER_ERR_NOMEM;
    for (size_t i = 0; i < er_rtable_count(t); i++) {
        const er_route *r = er_rtable_get(t, i);
        er_status st = er_lpm_add(out[an_fam(r->prefix.family)], &r->prefix, (uint32_t)i);
        if (st != ER_OK)
            return st;
    }
    for (int f = 0; f < 2; f++) {
        er_status st = er_lpm_build(out[f]);
        if (st != ER_OK)
            return st;
    }
    return ER_OK;
}

static int lpm_len(const er_lpm *l, uint32_t entry)
{
    return entry == ER_LPM_NONE ? -1 : er_lpm_entry_at(l, entry)->prefix.len;
}

static er_return_path classify_return(const er_analysis *a, int le, int li)
{
    if (!a->adv && !a->inet)
        return ER_RET_UNKNOWN;
    if (le > li)
        return ER_RET_EXPRESSROUTE;
    if (li > le)
        return ER_RET_INTERNET;
    if (le >= 0)
        return ER_RET_BOTH;
    return a->inet ? ER_RET_NONE : ER_RET_INTERNET;
}

er_return_path an_return_path(const er_analysis *a, er_u128 addr, int family, uint32_t *adv,
                              uint32_t *inet)
{
    int f = an_fam(family);
    uint32_t ea = a->adv_lpm[f] ? er_lpm_lookup(a->adv_lpm[f], addr) : ER_LPM_NONE;
    uint32_t ei = a->inet_lpm[f] ? er_lpm_lookup(a->inet_lpm[f], addr) : ER_LPM_NONE;
    if (adv)
        *adv = ea == ER_LPM_NONE ? ER_NO_ROUTE : er_lpm_entry_at(a->adv_lpm[f], ea)->value;
    if (inet)
        *inet = ei == ER_LPM_NONE ? ER_NO_ROUTE : er_lpm_entry_at(a->inet_lpm[f], ei)->value;
    return classify_return(a, a->adv_lpm[f] ? lpm_len(a->adv_lpm[f], ea) : -1,
                           a->inet_lpm[f] ? lpm_len(a->inet_lpm[f], ei) : -1);
}

er_return_path er_analysis_return_path(const er_analysis *a, er_u128 addr, int family,
                                       uint32_t *adv_route, uint32_t *inet_route)
{
    return an_return_path(a, addr, family, adv_route, inet_route);
}

/* Partition over an LPM that may be absent (then one segment decided by nothing). */
static void partition_opt(const er_lpm *l, er_u128 first, er_u128 last,
                          bool (*cb)(const er_lpm_seg *seg, void *ctx), void *ctx)
{
    if (l) {
        er_lpm_partition_range(l, first, last, cb, ctx);
        return;
    }
    er_lpm_seg s = {first, last, ER_LPM_NONE};
    cb(&s, ctx);
}

typedef struct ret_ctx {
    er_analysis *a;
    an_source *s;
    int f;
    uint32_t adv_entry;
} ret_ctx;

static bool ret_inner(const er_lpm_seg *seg, void *vctx)
{
    ret_ctx *c = vctx;
    er_analysis *a = c->a;
    int le = a->adv_lpm[c->f] ? lpm_len(a->adv_lpm[c->f], c->adv_entry) : -1;
    int li = a->inet_lpm[c->f] ? lpm_len(a->inet_lpm[c->f], seg->entry) : -1;
    er_return_path r = classify_return(a, le, li);
    c->s->ret_addrs[r] += er_range_size(seg->first, seg->last);
    if (c->s->adv_route == ER_NO_ROUTE && c->adv_entry != ER_LPM_NONE)
        c->s->adv_route = er_lpm_entry_at(a->adv_lpm[c->f], c->adv_entry)->value;
    if (c->s->inet_route == ER_NO_ROUTE && seg->entry != ER_LPM_NONE)
        c->s->inet_route = er_lpm_entry_at(a->inet_lpm[c->f], seg->entry)->value;
    return true;
}

static bool ret_outer(const er_lpm_seg *seg, void *vctx)
{
    ret_ctx *c = vctx;
    c->adv_entry = seg->entry;
    partition_opt(c->a->inet_lpm[c->f], seg->first, seg->last, ret_inner, c);
    return true;
}

void an_source_returns(er_analysis *a, an_source *s)
{
    memset(s->ret_addrs, 0, sizeof s->ret_addrs);
    s->adv_route = s->inet_route = ER_NO_ROUTE;
    ret_ctx c = {a, s, an_fam(s->pool.prefix.family), ER_LPM_NONE};
    partition_opt(a->adv_lpm[c.f], er_prefix_first(&s->pool.prefix),
                  er_prefix_last(&s->pool.prefix), ret_outer, &c);
}

static er_status push_source(er_analysis *a, const er_nat_pool *np, size_t *cap)
{
    if (a->n_sources == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        an_source *ns = realloc(a->sources, nc * sizeof *ns);
        if (!ns)
            return ER_ERR_NOMEM;
        a->sources = ns;
        *cap = nc;
    }
    an_source *s = &a->sources[a->n_sources++];
    memset(s, 0, sizeof *s);
    s->pool = *np;
    s->fwd_er_winner = s->fwd_inet_winner = ER_NO_ROUTE;
    an_source_returns(a, s);
    return ER_OK;
}

static int cmp_route_prefix(const void *x, const void *y, const er_rtable *t)
{
    const er_route *a = er_rtable_get(t, *(const uint32_t *)x);
    const er_route *b = er_rtable_get(t, *(const uint32_t *)y);
    int r = er_prefix_cmp(&a->prefix, &b->prefix);
    if (r)
        return r;
    return *(const uint32_t *)x < *(const uint32_t *)y ? -1 : 1;
}

static const er_rtable *sort_table;

static int cmp_by_prefix(const void *x, const void *y) { return cmp_route_prefix(x, y, sort_table); }

static int cmp_by_file_prefix(const void *x, const void *y)
{
    const er_route *a = er_rtable_get(sort_table, *(const uint32_t *)x);
    const er_route *b = er_rtable_get(sort_table, *(const uint32_t *)y);
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    return cmp_route_prefix(x, y, sort_table);
}

/* Route indices of a table sorted by prefix (then table order); NULL on no memory. */
static uint32_t *sorted_routes(const er_rtable *t, bool by_file)
{
    size_t n = er_rtable_count(t);
    uint32_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx)
        return NULL;
    for (size_t i = 0; i < n; i++)
        idx[i] = (uint32_t)i;
    sort_table = t; /* qsort has no context argument in C11 */
    qsort(idx, n, sizeof *idx, by_file ? cmp_by_file_prefix : cmp_by_prefix);
    sort_table = NULL;
    return idx;
}

er_status an_adv_build(er_analysis *a)
{
    if (a->adv) {
        er_status st = build_table_lpm(a->adv, a->adv_lpm);
        if (st != ER_OK)
            return st;
    }
    if (a->inet) {
        er_status st = build_table_lpm(a->inet, a->inet_lpm);
        if (st != ER_OK)
            return st;
    }
    size_t cap = 0;
    if (a->profile && a->profile->n_nat_pools) {
        for (size_t i = 0; i < a->profile->n_nat_pools; i++) {
            er_status st = push_source(a, &a->profile->nat_pools[i], &cap);
            if (st != ER_OK)
                return st;
        }
        return ER_OK;
    }
    if (!a->adv)
        return ER_OK;
    /* No NAT pools: every public prefix advertised to Microsoft stands for a source. */
    a->sources_assumed = true;
    uint32_t *idx = sorted_routes(a->adv, false);
    if (!idx)
        return ER_ERR_NOMEM;
    size_t n = er_rtable_count(a->adv);
    er_status st = ER_OK;
    for (size_t i = 0; st == ER_OK && i < n; i++) {
        const er_route *r = er_rtable_get(a->adv, idx[i]);
        if (i && er_prefix_cmp(&er_rtable_get(a->adv, idx[i - 1])->prefix, &r->prefix) == 0)
            continue;
        if (r->prefix.len == 0 || private_for_peering(&r->prefix))
            continue;
        er_nat_pool np = {r->prefix, ER_PC_UNSET, ""};
        st = push_source(a, &np, &cap);
    }
    free(idx);
    return st;
}

/* ---- the Microsoft peering rules ---- */

/* The circuit and role of an advertised file. */
static void adv_session(const er_analysis *a, uint32_t file, size_t *circuit,
                        er_session_role *role)
{
    const er_profile *p = a->profile;
    if (p && p->n_advertised == er_rtable_file_count(a->adv) && file < p->n_advertised) {
        *circuit = p->advertised[file].circuit;
        *role = p->advertised[file].role;
    } else {
        *circuit = 0;
        *role = ER_SESSION_PRIMARY;
    }
}

static const char *session_words(const er_analysis *a, uint32_t file, char *buf, size_t size)
{
    size_t c;
    er_session_role role;
    adv_session(a, file, &c, &role);
    const er_profile *p = a->profile;
    const char *cname = p && c < p->n_circuits && p->circuits[c].name[0] ? p->circuits[c].name : "";
    const er_rfile *f = er_rtable_file(a->adv, file);
    snprintf(buf, size, "%s (%s session%s%s%s)", f ? f->path : "?",
             role == ER_SESSION_PRIMARY ? "primary" : "secondary", cname[0] ? " of circuit '" : "",
             cname, cname[0] ? "'" : "");
    return buf;
}

static er_status add_prefix_rule(er_analysis *a, const uint32_t *idx, size_t n, bool is_default)
{
    const er_route *r = er_rtable_get(a->adv, idx[0]);
    er_finding *fd = an_new_finding(a);
    if (!fd)
        return ER_ERR_NOMEM;
    fd->rule = is_default ? ER_RULE_DEFAULT_ROUTE : ER_RULE_PRIVATE_PREFIX;
    fd->severity = ER_SEV_HIGH;
    fd->prefix = r->prefix;
    fd->first = er_prefix_first(&r->prefix);
    fd->last = er_prefix_last(&r->prefix);
    fd->addresses = er_range_size(fd->first, fd->last);
    for (size_t i = 0; i < n && fd->n_evidence < ER_MAX_EVIDENCE; i++)
        fd->evidence[fd->n_evidence++] = (er_evidence){"advertised", idx[i], ER_TABLE_ADVERTISED};
    char pfx[ER_PREFIX_STRLEN], where[600];
    er_prefix_format(&r->prefix, pfx, sizeof pfx);
    an_route_label(a->adv, idx[0], where, sizeof where);
    if (is_default) {
        fd->message = an_dupf("the default route %s is advertised to Microsoft on Microsoft "
                              "peering (%s%s): Microsoft accepts it only on private peering, and "
                              "ExpressRoute is no transit",
                              pfx, where, n > 1 ? " and more sessions" : "");
        fd->fix = an_dupf("filter %s out of the Microsoft peering advertisements (outbound "
                          "prefix list or route map on both sessions)", pfx);
    } else {
        fd->message = an_dupf("private prefix %s is advertised to Microsoft on Microsoft peering "
                              "(%s%s): Microsoft peering accepts only public prefixes the "
                              "customer owns",
                              pfx, where, n > 1 ? " and more sessions" : "");
        fd->fix = an_dupf("filter %s out of the Microsoft peering advertisements and translate "
                          "private clients to a public NAT pool before Microsoft peering", pfx);
    }
    return fd->message && fd->fix ? ER_OK : ER_ERR_NOMEM;
}

static er_status private_and_default(er_analysis *a, const uint32_t *idx, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        const er_route *r = er_rtable_get(a->adv, idx[i]);
        while (j < n && er_prefix_cmp(&er_rtable_get(a->adv, idx[j])->prefix, &r->prefix) == 0)
            j++;
        er_status st = ER_OK;
        if (r->prefix.len == 0)
            st = add_prefix_rule(a, idx + i, j - i, true);
        else if (private_for_peering(&r->prefix))
            st = add_prefix_rule(a, idx + i, j - i, false);
        if (st != ER_OK)
            return st;
        i = j;
    }
    return ER_OK;
}

static er_status too_many(er_analysis *a, const uint32_t *idx, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t file = er_rtable_get(a->adv, idx[i])->file;
        size_t count[2] = {0, 0}, first[2] = {SIZE_MAX, SIZE_MAX};
        size_t j = i;
        for (; j < n && er_rtable_get(a->adv, idx[j])->file == file; j++) {
            const er_route *r = er_rtable_get(a->adv, idx[j]);
            if (j > i && er_prefix_cmp(&er_rtable_get(a->adv, idx[j - 1])->prefix, &r->prefix) == 0)
                continue;
            int f = an_fam(r->prefix.family);
            if (first[f] == SIZE_MAX)
                first[f] = j;
            count[f]++;
        }
        for (int f = 0; f < 2; f++) {
            if (count[f] <= MAX_PREFIXES_PER_SESSION)
                continue;
            er_finding *fd = an_new_finding(a);
            if (!fd)
                return ER_ERR_NOMEM;
            const er_route *r0 = er_rtable_get(a->adv, idx[first[f]]);
            fd->rule = ER_RULE_TOO_MANY;
            fd->severity = ER_SEV_CRITICAL;
            fd->prefix = r0->prefix;
            fd->first = er_prefix_first(&r0->prefix);
            fd->last = er_prefix_last(&r0->prefix);
            fd->addresses = 0;
            fd->reason = (int)count[f];
            fd->evidence[fd->n_evidence++] =
                (er_evidence){"first-advertised", idx[first[f]], ER_TABLE_ADVERTISED};
            char sw[700];
            session_words(a, file, sw, sizeof sw);
            fd->subject = an_dupf("%s", sw);
            fd->message = an_dupf("%zu IPv%d prefixes are advertised on one Microsoft peering "
                                  "session, %s; the limit is %d per session and going over it "
                                  "drops the BGP session",
                                  count[f], f ? 6 : 4, sw, MAX_PREFIXES_PER_SESSION);
            fd->fix = an_dupf("summarize the NAT pools and public prefixes advertised on this "
                              "session to at most %d", MAX_PREFIXES_PER_SESSION);
            if (!fd->message || !fd->fix || !fd->subject)
                return ER_ERR_NOMEM;
        }
        i = j;
    }
    return ER_OK;
}

/* Prefix sets per role of one circuit: indices into the sorted route list. */
typedef struct side {
    uint32_t *v;
    size_t n;
} side;

static er_status sessions_differ(er_analysis *a, const uint32_t *idx, size_t n)
{
    const er_profile *p = a->profile;
    size_t n_circuits = p && p->n_circuits ? p->n_circuits : 1;
    er_status st = ER_OK;
    for (size_t c = 0; st == ER_OK && c < n_circuits; c++) {
        side s[2] = {{NULL, 0}, {NULL, 0}};
        for (int k = 0; k < 2; k++) {
            s[k].v = malloc((n ? n : 1) * sizeof *s[k].v);
            if (!s[k].v) {
                free(s[0].v);
                return ER_ERR_NOMEM;
            }
        }
        /* idx is sorted by prefix: keep the first route per (role, prefix) */
        for (size_t i = 0; i < n; i++) {
            const er_route *r = er_rtable_get(a->adv, idx[i]);
            size_t ci;
            er_session_role role;
            adv_session(a, r->file, &ci, &role);
            if (ci != c)
                continue;
            side *sd = &s[role];
            if (sd->n && er_prefix_cmp(&er_rtable_get(a->adv, sd->v[sd->n - 1])->prefix,
                                       &r->prefix) == 0)
                continue;
            sd->v[sd->n++] = idx[i];
        }
        if (s[0].n && s[1].n) {
            /* merge walk */
            er_prefix *only[2] = {NULL, NULL}, *aspath = NULL;
            size_t n_only[2] = {0, 0}, cap_only[2] = {0, 0}, n_as = 0, cap_as = 0;
            uint32_t ev_only[2] = {ER_NO_ROUTE, ER_NO_ROUTE}, ev_as[2] = {ER_NO_ROUTE, ER_NO_ROUTE};
            size_t i = 0, j = 0;
            bool ok = true;
            while (ok && (i < s[0].n || j < s[1].n)) {
                const er_route *x = i < s[0].n ? er_rtable_get(a->adv, s[0].v[i]) : NULL;
                const er_route *y = j < s[1].n ? er_rtable_get(a->adv, s[1].v[j]) : NULL;
                int cmp = !x ? 1 : !y ? -1 : er_prefix_cmp(&x->prefix, &y->prefix);
                if (cmp < 0) {
                    if (ev_only[0] == ER_NO_ROUTE)
                        ev_only[0] = s[0].v[i];
                    ok = an_push_range(&only[0], &n_only[0], &cap_only[0], &x->prefix);
                    i++;
                } else if (cmp > 0) {
                    if (ev_only[1] == ER_NO_ROUTE)
                        ev_only[1] = s[1].v[j];
                    ok = an_push_range(&only[1], &n_only[1], &cap_only[1], &y->prefix);
                    j++;
                } else {
                    if (x->as_path.len != y->as_path.len ||
                        memcmp(er_rtable_str(a->adv, x->as_path), er_rtable_str(a->adv, y->as_path),
                               x->as_path.len) != 0) {
                        if (ev_as[0] == ER_NO_ROUTE) {
                            ev_as[0] = s[0].v[i];
                            ev_as[1] = s[1].v[j];
                        }
                        ok = an_push_range(&aspath, &n_as, &cap_as, &x->prefix);
                    }
                    i++;
                    j++;
                }
            }
            const char *cname = p && c < p->n_circuits && p->circuits[c].name[0]
                                    ? p->circuits[c].name : "";
            for (int k = 0; ok && k < 3; k++) {
                er_prefix *list = k < 2 ? only[k] : aspath;
                size_t cnt = k < 2 ? n_only[k] : n_as;
                if (!cnt)
                    continue;
                er_finding *fd = an_new_finding(a);
                if (!fd) {
                    ok = false;
                    break;
                }
                fd->rule = ER_RULE_SESSIONS_DIFFER;
                fd->severity = k < 2 ? ER_SEV_MEDIUM : ER_SEV_LOW;
                fd->reason = k == 0 ? ER_SESS_ONLY_PRIMARY : k == 1 ? ER_SESS_ONLY_SECONDARY
                                                                    : ER_SESS_AS_PATH;
                fd->ranges = list;
                fd->n_ranges = cnt;
                if (k < 2)
                    only[k] = NULL;
                else
                    aspath = NULL;
                fd->prefix = fd->ranges[0];
                fd->first = er_prefix_first(&fd->ranges[0]);
                fd->last = er_prefix_last(&fd->ranges[cnt - 1]);
                for (size_t q = 0; q < cnt; q++)
                    fd->addresses += er_range_size(er_prefix_first(&fd->ranges[q]),
                                                   er_prefix_last(&fd->ranges[q]));
                if (k < 2) {
                    fd->evidence[fd->n_evidence++] = (er_evidence){
                        k == 0 ? "primary-only" : "secondary-only", ev_only[k], ER_TABLE_ADVERTISED};
                } else {
                    fd->evidence[fd->n_evidence++] =
                        (er_evidence){"primary", ev_as[0], ER_TABLE_ADVERTISED};
                    fd->evidence[fd->n_evidence++] =
                        (er_evidence){"secondary", ev_as[1], ER_TABLE_ADVERTISED};
                }
                if (cname[0])
                    fd->subject = an_dupf("circuit '%s'", cname);
                else if (n_circuits > 1)
                    fd->subject = an_dupf("circuit #%zu", c + 1);
                else
                    fd->subject = an_dupf("the circuit");
                char pfx[ER_PREFIX_STRLEN], el[600];
                er_prefix_format(&fd->ranges[0], pfx, sizeof pfx);
                an_route_label(a->adv, fd->evidence[0].route, el, sizeof el);
                if (k < 2) {
                    fd->message = an_dupf(
                        "%zu prefix%s (first %s, %s) %s advertised only on the %s session of %s: "
                        "when that session fails, %s ExpressRoute for replies",
                        cnt, cnt == 1 ? "" : "es", pfx, el, cnt == 1 ? "is" : "are",
                        k == 0 ? "primary" : "secondary", fd->subject ? fd->subject : "the circuit",
                        cnt == 1 ? "it loses" : "they lose");
                    fd->fix = an_dupf("advertise the same prefixes on the primary and the secondary "
                                      "session (both are needed for the SLA)");
                } else {
                    char sl[600];
                    an_route_label(a->adv, ev_as[1], sl, sizeof sl);
                    fd->message = an_dupf("%zu prefix%s (first %s) %s advertised with different AS "
                                          "paths on the two sessions of %s (%s vs %s)",
                                          cnt, cnt == 1 ? "" : "es", pfx, cnt == 1 ? "is" : "are",
                                          fd->subject ? fd->subject : "the circuit", el, sl);
                    fd->fix = an_dupf("advertise the same AS path on both sessions unless the "
                                      "difference is an intended preference");
                }
                if (!fd->message || !fd->fix || !fd->subject)
                    ok = false;
            }
            free(only[0]);
            free(only[1]);
            free(aspath);
            if (!ok)
                st = ER_ERR_NOMEM;
        }
        free(s[0].v);
        free(s[1].v);
    }
    return st;
}

/* ---- NAT pools announced on both paths ---- */

typedef struct nat_ctx {
    er_analysis *a;
    int f;
    uint32_t self;     /* adv LPM entry of the prefix being checked */
    int le;
    er_u128 addrs[2];  /* per er_nat_reason */
    er_u128 first[2], last[2];
    uint32_t inet_route[2];
} nat_ctx;

static bool nat_inner(const er_lpm_seg *s, void *vctx)
{
    nat_ctx *c = vctx;
    if (s->entry == ER_LPM_NONE)
        return true;
    int li = lpm_len(c->a->inet_lpm[c->f], s->entry);
    if (li < c->le)
        return true;
    int k = li == c->le ? ER_NAT_SAME_PREFIX : ER_NAT_INTERNET_MORE_SPECIFIC;
    if (!c->addrs[k]) {
        c->first[k] = s->first;
        c->inet_route[k] = er_lpm_entry_at(c->a->inet_lpm[c->f], s->entry)->value;
    }
    c->addrs[k] += er_range_size(s->first, s->last);
    c->last[k] = s->last;
    return true;
}

static bool nat_outer(const er_lpm_seg *s, void *vctx)
{
    nat_ctx *c = vctx;
    if (s->entry != c->self) /* decided by a more specific advertisement of its own */
        return true;
    er_lpm_partition_range(c->a->inet_lpm[c->f], s->first, s->last, nat_inner, c);
    return true;
}

static er_status nat_both(er_analysis *a, const uint32_t *idx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const er_route *r = er_rtable_get(a->adv, idx[i]);
        if (i && er_prefix_cmp(&er_rtable_get(a->adv, idx[i - 1])->prefix, &r->prefix) == 0)
            continue;
        if (r->prefix.len == 0 || private_for_peering(&r->prefix))
            continue;
        nat_ctx c;
        memset(&c, 0, sizeof c);
        c.a = a;
        c.f = an_fam(r->prefix.family);
        c.self = er_lpm_find(a->adv_lpm[c.f], &r->prefix);
        c.le = r->prefix.len;
        er_lpm_partition(a->adv_lpm[c.f], &r->prefix, nat_outer, &c);
        for (int k = 0; k < 2; k++) {
            if (!c.addrs[k])
                continue;
            er_finding *fd = an_new_finding(a);
            if (!fd)
                return ER_ERR_NOMEM;
            fd->rule = ER_RULE_NAT_BOTH;
            fd->severity = ER_SEV_HIGH;
            fd->reason = k;
            fd->prefix = r->prefix;
            fd->first = c.first[k];
            fd->last = c.last[k];
            fd->addresses = c.addrs[k];
            fd->evidence[fd->n_evidence++] =
                (er_evidence){"advertised-expressroute", idx[i], ER_TABLE_ADVERTISED};
            fd->evidence[fd->n_evidence++] =
                (er_evidence){"advertised-internet", c.inet_route[k], ER_TABLE_INTERNET_ADVERTISED};
            char pfx[ER_PREFIX_STRLEN], el[600], il[600], cnt[64];
            er_prefix_format(&r->prefix, pfx, sizeof pfx);
            an_route_label(a->adv, idx[i], el, sizeof el);
            an_route_label(a->inet, c.inet_route[k], il, sizeof il);
            an_count(c.addrs[k], cnt, sizeof cnt);
            if (k == ER_NAT_SAME_PREFIX)
                fd->message = an_dupf("%s is advertised both to Microsoft over ExpressRoute (%s) "
                                      "and to the internet (%s) with no more specific prefix over "
                                      "ExpressRoute: replies to its %s addresses may take either "
                                      "path", pfx, el, il, cnt);
            else
                fd->message = an_dupf("%s is advertised to Microsoft over ExpressRoute (%s), but "
                                      "%s of its addresses are announced more specifically to the "
                                      "internet (%s): replies to them come back over the internet",
                                      pfx, el, cnt, il);
            fd->fix = an_dupf("use a NAT pool for ExpressRoute that is never announced to the "
                              "internet, or announce a more specific prefix over ExpressRoute "
                              "than to the internet");
            if (!fd->message || !fd->fix)
                return ER_ERR_NOMEM;
        }
    }
    return ER_OK;
}

er_status an_adv_rules(er_analysis *a)
{
    if (!a->adv)
        return ER_OK;
    size_t n = er_rtable_count(a->adv);
    uint32_t *idx = sorted_routes(a->adv, false);
    uint32_t *by_file = sorted_routes(a->adv, true);
    er_status st = idx && by_file ? ER_OK : ER_ERR_NOMEM;
    if (st == ER_OK)
        st = private_and_default(a, idx, n);
    if (st == ER_OK)
        st = too_many(a, by_file, n);
    if (st == ER_OK)
        st = sessions_differ(a, idx, n);
    if (st == ER_OK && a->inet)
        st = nat_both(a, idx, n);
    free(idx);
    free(by_file);
    return st;
}

/* ---- endpoints ---- */

static er_status endpoint_finding(er_analysis *a, const er_endpoint_result *e,
                                  const er_circuit *c)
{
    er_finding *fd = an_new_finding(a);
    if (!fd)
        return ER_ERR_NOMEM;
    fd->rule = ER_RULE_ENDPOINT;
    fd->severity = ER_SEV_MEDIUM;
    fd->reason = e->reason;
    fd->prefix = e->addr;
    fd->first = fd->last = e->addr.addr;
    fd->addresses = 1;
    fd->subject = an_dupf("%s", e->name);
    if (e->adv_route != ER_NO_ROUTE)
        fd->evidence[fd->n_evidence++] = (er_evidence){"advertised", e->adv_route, ER_TABLE_ADVERTISED};
    char ip[ER_PREFIX_STRLEN], why[400];
    er_addr_format(e->addr.addr, e->addr.family, ip, sizeof ip);
    const char *geo = "the environment's";
    if (a->profile && a->profile->n_regions && a->profile->regions[0]->geo_area)
        geo = a->profile->regions[0]->geo_area;
    switch ((er_endpoint_reason)e->reason) {
    case ER_EP_PRIVATE:
        snprintf(why, sizeof why, "it is a private address, which Microsoft peering cannot reach "
                                  "(only the on-premises data gateway can)");
        break;
    case ER_EP_NOT_ADVERTISED:
        snprintf(why, sizeof why, "it lies in no prefix advertised to Microsoft over Microsoft "
                                  "peering");
        break;
    case ER_EP_INTERNET_MORE_SPECIFIC:
        snprintf(why, sizeof why, "a more specific prefix covering it is announced to the "
                                  "internet, so Microsoft routes to it over the internet");
        break;
    case ER_EP_OUTSIDE_GEOGRAPHY:
        snprintf(why, sizeof why, "it is advertised on a Standard circuit at %s (%s), outside "
                                  "the environment's geopolitical area (%s)",
                 c && c->location ? c->location->name : "?",
                 c && c->location && c->location->geo_area ? c->location->geo_area : "?", geo);
        break;
    case ER_EP_OUTSIDE_LOCAL:
        snprintf(why, sizeof why, "it is advertised on a Local circuit at %s, which reaches only "
                                  "its local region(s), none of them the environment's",
                 c && c->location ? c->location->name : "?");
        break;
    }
    fd->message = an_dupf("endpoint '%s' (%s) that Power Platform calls is not reached over "
                          "ExpressRoute: %s; its calls arrive over the internet",
                          e->name, ip, why);
    fd->fix = an_dupf("publish '%s' on a public IP inside a prefix advertised on Microsoft "
                      "peering%s, or accept internet delivery; either way treat these calls as "
                      "internet traffic (reverse proxy or WAF): Power Platform is multi-tenant",
                      e->name,
                      e->reason == ER_EP_OUTSIDE_GEOGRAPHY || e->reason == ER_EP_OUTSIDE_LOCAL
                          ? " of a circuit that reaches the environment (or use Premium)"
                          : "");
    return fd->message && fd->fix && fd->subject ? ER_OK : ER_ERR_NOMEM;
}

er_status an_endpoints(er_analysis *a)
{
    const er_profile *p = a->profile;
    if (!p || !p->n_endpoints)
        return ER_OK;
    a->endpoints = calloc(p->n_endpoints, sizeof *a->endpoints);
    if (!a->endpoints)
        return ER_ERR_NOMEM;
    a->n_endpoints = p->n_endpoints;
    for (size_t i = 0; i < p->n_endpoints; i++) {
        er_endpoint_result *e = &a->endpoints[i];
        e->name = p->endpoints[i].name;
        e->addr = p->endpoints[i].addr;
        e->adv_route = ER_NO_ROUTE;
        const er_circuit *c = NULL;
        if (private_for_peering(&e->addr)) {
            e->evaluated = true;
            e->reason = ER_EP_PRIVATE;
        } else if (!a->adv) {
            e->evaluated = false;
        } else {
            e->evaluated = true;
            uint32_t inet;
            er_return_path r = an_return_path(a, e->addr.addr, e->addr.family, &e->adv_route, &inet);
            if (e->adv_route == ER_NO_ROUTE) {
                e->reason = ER_EP_NOT_ADVERTISED;
            } else if (r == ER_RET_INTERNET) {
                e->reason = ER_EP_INTERNET_MORE_SPECIFIC;
            } else {
                size_t ci;
                er_session_role role;
                adv_session(a, er_rtable_get(a->adv, e->adv_route)->file, &ci, &role);
                c = ci < p->n_circuits ? &p->circuits[ci] : NULL;
                e->on_expressroute = true;
                /* Standard: the environment's regions must be in the circuit's area;
                 * Local: one of them must be a local region. Unknown facts pass. */
                if (c && p->n_regions && c->sku != ER_SKU_PREMIUM) {
                    bool some = false; /* reached, or not known */
                    for (size_t k = 0; k < p->n_regions; k++)
                        some |= er_circuit_reaches(c, p->regions[k]) != 0;
                    if (!some) {
                        e->on_expressroute = false;
                        e->reason = c->sku == ER_SKU_LOCAL ? ER_EP_OUTSIDE_LOCAL
                                                           : ER_EP_OUTSIDE_GEOGRAPHY;
                    }
                }
            }
        }
        if (e->evaluated && !e->on_expressroute) {
            er_status st = endpoint_finding(a, e, c);
            if (st != ER_OK)
                return st;
        }
    }
    return ER_OK;
}
