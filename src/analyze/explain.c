/* explain: every fact erready has about one address or prefix, from a finished analysis:
 * the services owning it, the routes competing for it, its forward segments, the return
 * path of each traffic source, and the findings touching it. */
#include "analyze/internal.h"

#include <stdlib.h>
#include <string.h>

static bool overlaps(const er_prefix *a, const er_prefix *b)
{
    return a->family == b->family && (er_prefix_contains(a, b) || er_prefix_contains(b, a));
}

static bool range_overlaps(const er_prefix *q, int family, er_u128 first, er_u128 last)
{
    return q->family == family && first <= er_prefix_last(q) && last >= er_prefix_first(q);
}

typedef struct seg_ctx {
    const er_analysis *a;
    er_explain *e;
    size_t cap;
    uint32_t winner;
    er_pathclass cls;
    int f;
    bool nomem;
} seg_ctx;

static bool on_region(const er_lpm_seg *s, void *vctx)
{
    seg_ctx *c = vctx;
    er_explain *e = c->e;
    if (e->n_segments == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 8;
        er_explain_segment *ns = realloc(e->segments, nc * sizeof *ns);
        if (!ns) {
            c->nomem = true;
            return false;
        }
        e->segments = ns;
        c->cap = nc;
    }
    const er_region_info *r =
        s->entry == ER_LPM_NONE ? NULL
                                : an_region(er_lpm_entry_at(c->a->region[c->f], s->entry)->value);
    er_explain_segment *g = &e->segments[e->n_segments];
    /* merge with the previous segment when nothing differs */
    if (e->n_segments && g[-1].winner == c->winner && g[-1].last + 1 == s->first &&
        g[-1].region == (r ? r->code : NULL)) {
        g[-1].last = s->last;
        return true;
    }
    g->first = s->first;
    g->last = s->last;
    g->winner = c->winner;
    g->forward = c->cls;
    g->region = r ? r->code : NULL;
    e->n_segments++;
    return true;
}

static bool on_best(const er_lpm_seg *s, void *vctx)
{
    seg_ctx *c = vctx;
    c->winner = ER_NO_ROUTE;
    c->cls = ER_PC_UNROUTED;
    if (s->entry != ER_LPM_NONE) {
        c->winner = er_lpm_entry_at(c->a->best[c->f], s->entry)->value;
        c->cls = (er_pathclass)er_rtable_get(c->a->routes, c->winner)->path_class;
    }
    er_lpm_partition_range(c->a->region[c->f], s->first, s->last, on_region, c);
    return !c->nomem;
}

static const er_rtable *cmp_table;

static int cmp_competitor(const void *x, const void *y)
{
    uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
    const er_route *a = er_rtable_get(cmp_table, i), *b = er_rtable_get(cmp_table, j);
    if (a->prefix.len != b->prefix.len)
        return a->prefix.len > b->prefix.len ? -1 : 1;
    return i < j ? -1 : i > j;
}

static bool is_selected(const er_analysis *a, size_t service)
{
    for (size_t i = 0; i < a->n_sel; i++)
        if (a->sel[i] == service)
            return true;
    return false;
}

er_status er_analysis_explain(const er_analysis *a, const er_prefix *q, er_explain **out)
{
    *out = NULL;
    if (!a || !q || (q->family != ER_AF_V4 && q->family != ER_AF_V6))
        return ER_ERR_ARG;
    er_explain *e = calloc(1, sizeof *e);
    if (!e)
        return ER_ERR_NOMEM;
    e->query = *q;
    er_prefix_mask_host(&e->query);
    q = &e->query;
    int f = an_fam(q->family);

    /* owners: every service of the catalog with a prefix overlapping the query */
    size_t cap = 0;
    for (size_t i = 0; i < er_catalog_count(a->cat); i++) {
        const er_service *s = er_catalog_service(a->cat, i);
        for (size_t k = 0; k < s->n_prefixes; k++) {
            if (!overlaps(&s->prefixes[k], q))
                continue;
            if (e->n_owners == cap) {
                size_t nc = cap ? cap * 2 : 8;
                er_explain_owner *no = realloc(e->owners, nc * sizeof *no);
                if (!no)
                    goto nomem;
                e->owners = no;
                cap = nc;
            }
            e->owners[e->n_owners++] =
                (er_explain_owner){i, s->prefixes[k], is_selected(a, i)};
        }
    }

    /* forward segments */
    seg_ctx sc = {a, e, 0, ER_NO_ROUTE, ER_PC_UNROUTED, f, false};
    er_lpm_partition(a->best[f], q, on_best, &sc);
    if (sc.nomem)
        goto nomem;

    /* competitors: every route overlapping the query */
    cap = 0;
    for (size_t i = 0; i < er_rtable_count(a->routes); i++) {
        const er_route *r = er_rtable_get(a->routes, i);
        if (!overlaps(&r->prefix, q))
            continue;
        if (e->n_competitors == cap) {
            size_t nc = cap ? cap * 2 : 16;
            uint32_t *nv = realloc(e->competitors, nc * sizeof *nv);
            if (!nv)
                goto nomem;
            e->competitors = nv;
            cap = nc;
        }
        e->competitors[e->n_competitors++] = (uint32_t)i;
    }
    cmp_table = a->routes; /* qsort has no context argument in C11 */
    qsort(e->competitors, e->n_competitors, sizeof *e->competitors, cmp_competitor);
    cmp_table = NULL;

    /* return paths of the sources of the query's family */
    if (a->n_sources) {
        e->returns = calloc(a->n_sources, sizeof *e->returns);
        if (!e->returns)
            goto nomem;
    }
    for (size_t i = 0; i < a->n_sources; i++) {
        const an_source *s = &a->sources[i];
        if (s->pool.prefix.family != q->family)
            continue;
        er_explain_return *r = &e->returns[e->n_returns++];
        r->source = s->pool;
        r->path = an_return_path(a, s->pool.prefix.addr, s->pool.prefix.family, &r->adv_route,
                                 &r->inet_route);
    }

    /* findings touching the query */
    cap = 0;
    for (size_t i = 0; i < a->n_findings; i++) {
        const er_finding *fd = &a->findings[i];
        bool touch = false;
        if (fd->n_ranges) {
            for (size_t k = 0; k < fd->n_ranges && !touch; k++)
                touch = overlaps(&fd->ranges[k], q);
        } else {
            touch = range_overlaps(q, fd->prefix.family, fd->first, fd->last) ||
                    overlaps(&fd->prefix, q);
        }
        if (!touch)
            continue;
        if (e->n_findings == cap) {
            size_t nc = cap ? cap * 2 : 8;
            size_t *nv = realloc(e->findings, nc * sizeof *nv);
            if (!nv)
                goto nomem;
            e->findings = nv;
            cap = nc;
        }
        e->findings[e->n_findings++] = i;
    }
    for (size_t i = 0; i < a->n_endpoints; i++)
        if (er_prefix_contains(&a->endpoints[i].addr, q) || er_prefix_contains(q, &a->endpoints[i].addr))
            e->query_is_endpoint = true;
    *out = e;
    return ER_OK;
nomem:
    er_explain_free(e);
    return ER_ERR_NOMEM;
}

void er_explain_free(er_explain *e)
{
    if (!e)
        return;
    free(e->owners);
    free(e->segments);
    free(e->competitors);
    free(e->returns);
    free(e->findings);
    free(e);
}
