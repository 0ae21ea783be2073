/* diff: what a change moves between path classes, and which findings it adds or fixes.
 *
 * How it works: both analyses share the catalog and the selection. Each selected
 * service's prefixes (sorted, nested duplicates dropped) are partitioned by the "before"
 * best-route LPM; every segment is partitioned again by the "after" LPM, and each piece's
 * size is added to moved[family][class before][class after], so the counts are exact.
 * Findings are matched by er_finding_key as multisets: a key present on both sides is
 * unchanged (as many times as it appears on both), the rest is new or fixed. */
#include "analyze/internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct diff_ctx {
    const er_analysis *before, *after;
    er_diff_service *ds;
    int f;
    er_pathclass cb;
} diff_ctx;

static bool on_after(const er_lpm_seg *s, void *vctx)
{
    diff_ctx *c = vctx;
    er_pathclass ca = ER_PC_UNROUTED;
    if (s->entry != ER_LPM_NONE) {
        uint32_t r = er_lpm_entry_at(c->after->best[c->f], s->entry)->value;
        ca = (er_pathclass)er_rtable_get(c->after->routes, r)->path_class;
    }
    c->ds->moved[c->f][c->cb][ca] += er_range_size(s->first, s->last);
    if (c->cb != ca)
        c->ds->changed = true;
    return true;
}

static bool on_before(const er_lpm_seg *s, void *vctx)
{
    diff_ctx *c = vctx;
    c->cb = ER_PC_UNROUTED;
    if (s->entry != ER_LPM_NONE) {
        uint32_t r = er_lpm_entry_at(c->before->best[c->f], s->entry)->value;
        c->cb = (er_pathclass)er_rtable_get(c->before->routes, r)->path_class;
    }
    er_lpm_partition_range(c->after->best[c->f], s->first, s->last, on_after, c);
    return true;
}

static int cmp_prefix(const void *x, const void *y)
{
    return er_prefix_cmp((const er_prefix *)x, (const er_prefix *)y);
}

typedef struct fkey {
    char key[1024];
    size_t idx;
    er_severity sev;
} fkey;

static int cmp_fkey(const void *x, const void *y)
{
    const fkey *a = x, *b = y;
    int r = strcmp(a->key, b->key);
    return r ? r : (a->idx < b->idx ? -1 : a->idx > b->idx);
}

static fkey *keys_of(const er_analysis *a)
{
    size_t n = a->n_findings;
    fkey *k = malloc((n ? n : 1) * sizeof *k);
    if (!k)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        er_finding_key(a, &a->findings[i], k[i].key, sizeof k[i].key);
        k[i].idx = i;
        k[i].sev = a->findings[i].severity;
    }
    qsort(k, n, sizeof *k, cmp_fkey);
    return k;
}

static const er_analysis *order_a, *order_b;

/* Report order inside each state: severity descending, then key. */
static int cmp_dfind(const void *x, const void *y)
{
    const er_diff_finding *p = x, *q = y;
    if (p->state != q->state)
        return p->state < q->state ? -1 : 1;
    const er_finding *fp = p->after != SIZE_MAX ? &order_b->findings[p->after]
                                                : &order_a->findings[p->before];
    const er_finding *fq = q->after != SIZE_MAX ? &order_b->findings[q->after]
                                                : &order_a->findings[q->before];
    if (fp->severity != fq->severity)
        return fp->severity > fq->severity ? -1 : 1;
    char kp[1024], kq[1024];
    er_finding_key(p->after != SIZE_MAX ? order_b : order_a, fp, kp, sizeof kp);
    er_finding_key(q->after != SIZE_MAX ? order_b : order_a, fq, kq, sizeof kq);
    int r = strcmp(kp, kq);
    if (r)
        return r;
    size_t ip = p->after != SIZE_MAX ? p->after : p->before;
    size_t iq = q->after != SIZE_MAX ? q->after : q->before;
    return ip < iq ? -1 : ip > iq;
}

er_status er_diff_analyses(const er_analysis *before, const er_analysis *after, er_diff **out)
{
    *out = NULL;
    if (!before || !after || before->cat != after->cat || before->n_sel != after->n_sel ||
        (before->n_sel && memcmp(before->sel, after->sel, before->n_sel * sizeof *before->sel)))
        return ER_ERR_ARG;
    er_diff *d = calloc(1, sizeof *d);
    if (!d)
        return ER_ERR_NOMEM;
    d->before = before;
    d->after = after;
    d->n_services = before->n_svc;
    d->services = calloc(d->n_services ? d->n_services : 1, sizeof *d->services);
    size_t maxp = 1;
    for (size_t k = 0; k < before->n_svc; k++) {
        const er_service *s = er_catalog_service(before->cat, before->svc[k].service);
        if (s->n_prefixes > maxp)
            maxp = s->n_prefixes;
    }
    er_prefix *scratch = malloc(maxp * sizeof *scratch);
    fkey *kb = keys_of(before), *ka = keys_of(after);
    size_t nf = before->n_findings + after->n_findings;
    d->findings = malloc((nf ? nf : 1) * sizeof *d->findings);
    if (!d->services || !scratch || !kb || !ka || !d->findings) {
        free(scratch);
        free(kb);
        free(ka);
        er_diff_free(d);
        return ER_ERR_NOMEM;
    }
    for (size_t k = 0; k < before->n_svc; k++) {
        er_diff_service *ds = &d->services[k];
        ds->service = before->svc[k].service;
        const er_service *s = er_catalog_service(before->cat, ds->service);
        memcpy(scratch, s->prefixes, s->n_prefixes * sizeof *scratch);
        size_t n = s->n_prefixes;
        if (n > 1) {
            qsort(scratch, n, sizeof *scratch, cmp_prefix);
            size_t m = 0;
            for (size_t i = 0; i < n; i++) {
                if (m && scratch[m - 1].family == scratch[i].family &&
                    er_prefix_contains(&scratch[m - 1], &scratch[i]))
                    continue;
                scratch[m++] = scratch[i];
            }
            n = m;
        }
        diff_ctx c = {before, after, ds, 0, ER_PC_UNROUTED};
        for (size_t i = 0; i < n; i++) {
            c.f = an_fam(scratch[i].family);
            er_lpm_partition(before->best[c.f], &scratch[i], on_before, &c);
        }
    }
    free(scratch);
    /* multiset match of finding keys */
    size_t i = 0, j = 0;
    while (i < before->n_findings || j < after->n_findings) {
        int cmp = i >= before->n_findings  ? 1
                  : j >= after->n_findings ? -1
                                           : strcmp(kb[i].key, ka[j].key);
        er_diff_finding *df = &d->findings[d->n_findings++];
        if (cmp == 0) {
            *df = (er_diff_finding){ER_DIFF_UNCHANGED, kb[i].idx, ka[j].idx};
            d->n_unchanged++;
            i++;
            j++;
        } else if (cmp < 0) {
            *df = (er_diff_finding){ER_DIFF_FIXED, kb[i].idx, SIZE_MAX};
            d->n_fixed++;
            i++;
        } else {
            *df = (er_diff_finding){ER_DIFF_NEW, SIZE_MAX, ka[j].idx};
            d->n_new++;
            j++;
        }
    }
    free(kb);
    free(ka);
    order_a = before; /* qsort has no context argument in C11 */
    order_b = after;
    qsort(d->findings, d->n_findings, sizeof *d->findings, cmp_dfind);
    order_a = order_b = NULL;
    *out = d;
    return ER_OK;
}

void er_diff_free(er_diff *d)
{
    if (!d)
        return;
    free(d->services);
    free(d->findings);
    free(d);
}

er_severity er_diff_max_new_severity(const er_diff *d)
{
    er_severity m = ER_SEV_NONE;
    for (size_t i = 0; i < d->n_findings; i++) {
        const er_diff_finding *df = &d->findings[i];
        if (df->state != ER_DIFF_NEW)
            continue;
        er_severity s = d->after->findings[df->after].severity;
        if (m == ER_SEV_NONE || s > m)
            m = s;
    }
    return m;
}
