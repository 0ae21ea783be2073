/* The Linux kernel's route choice: the lowest metric of a prefix in a table forwards.
 *
 * How it works: the best routes the parse added are sorted by table, prefix, metric and
 * file order (one malloc'd key array per file, not per route); in each run of equal table
 * and prefix, routes whose metric is above the run's first lose ER_RF_BEST. */
#include "routes/linux_metric.h"

#include <stdlib.h>
#include <string.h>

/* Sort key of the metric pass. */
typedef struct mkey {
    const char *vrf;
    uint32_t vlen;
    uint32_t metric;
    er_prefix prefix;
    size_t idx;
} mkey;

static int mkey_cmp(const void *a, const void *b)
{
    const mkey *x = a, *y = b;
    if (x->vlen != y->vlen)
        return x->vlen < y->vlen ? -1 : 1;
    int c = x->vlen ? memcmp(x->vrf, y->vrf, x->vlen) : 0;
    if (c)
        return c;
    c = er_prefix_cmp(&x->prefix, &y->prefix);
    if (c)
        return c;
    if (x->metric != y->metric)
        return x->metric < y->metric ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The rule over the routes [first, end) of the table. */
static er_status metric_pass(pu_state *pu, size_t first)
{
    er_parse_ctx *ctx = pu->ctx;
    size_t n = er_rtable_count(ctx->table);
    if (n <= first + 1)
        return ER_OK;
    size_t cnt = 0;
    for (size_t i = first; i < n; i++)
        if (er_rtable_get(ctx->table, i)->flags & ER_RF_BEST)
            cnt++;
    if (cnt < 2)
        return ER_OK;
    mkey *k = malloc(cnt * sizeof *k);
    if (!k)
        return ER_ERR_NOMEM;
    size_t j = 0;
    for (size_t i = first; i < n; i++) {
        const er_route *r = er_rtable_get(ctx->table, i);
        if (!(r->flags & ER_RF_BEST))
            continue;
        k[j].vrf = er_rtable_str(ctx->table, r->vrf);
        k[j].vlen = r->vrf.len;
        k[j].metric = (r->flags & ER_RF_HAS_METRIC) ? r->metric : 0;
        k[j].prefix = r->prefix;
        k[j].idx = i;
        j++;
    }
    qsort(k, cnt, sizeof *k, mkey_cmp);
    for (size_t a = 0; a < cnt;) {
        size_t b = a + 1;
        while (b < cnt && k[b].vlen == k[a].vlen &&
               (k[a].vlen == 0 || memcmp(k[a].vrf, k[b].vrf, k[a].vlen) == 0) &&
               er_prefix_cmp(&k[a].prefix, &k[b].prefix) == 0)
            b++;
        for (size_t i = a + 1; i < b; i++) {
            if (k[i].metric != k[a].metric) {
                er_rtable_at(ctx->table, k[i].idx)->flags &= (uint8_t)~ER_RF_BEST;
                ctx->stats->best--;
            }
        }
        a = b;
    }
    free(k);
    return ER_OK;
}

er_status linux_finish(pu_state *pu)
{
    er_status st = metric_pass(pu, pu->first);
    return st != ER_OK ? st : pu_finish(pu);
}
