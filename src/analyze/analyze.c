/* Coverage and leak analysis.
 *
 * How it works: every route is classified once. One LPM per family is built over the
 * best routes (the first best route per prefix in table order decides), and one over
 * every route classified expressroute, best or not, which serves as evidence of what
 * could have carried the traffic. For each selected service the prefixes of each family
 * are sorted and nested duplicates dropped, so that every address is counted once; each
 * remaining prefix is partitioned by the best-route LPM into segments decided by one
 * route (or by none: unrouted) and the segment sizes are summed per path class. Segments
 * of ExpressRoute-eligible services decided by an internet route are leaks: they are
 * grouped per (service prefix, winning route) into one finding, which names the winner
 * and the ExpressRoute route that lost, if any, and why. */
#include "erready/analyze.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct er_analysis {
    const er_catalog *cat;
    const er_rtable *routes;
    er_service_result *svc;
    size_t n_svc;
    er_finding *findings;
    size_t n_findings, cap_findings;
    er_counts total[2];
    er_lpm *best[2]; /* [0] v4, [1] v6 */
    er_lpm *er[2];
};

static int fam_idx(int family) { return family == ER_AF_V4 ? 0 : 1; }

const char *er_severity_name(er_severity s)
{
    static const char *const names[] = {"info", "low", "medium", "high", "critical", "never"};
    return (unsigned)s <= ER_SEV_NONE ? names[s] : "unknown";
}

bool er_severity_parse(const char *s, er_severity *out)
{
    for (int i = 0; i <= ER_SEV_NONE; i++)
        if (strcmp(s, er_severity_name((er_severity)i)) == 0) {
            *out = (er_severity)i;
            return true;
        }
    if (strcmp(s, "none") == 0) {
        *out = ER_SEV_NONE;
        return true;
    }
    return false;
}

const char *er_leak_reason_name(er_leak_reason r)
{
    switch (r) {
    case ER_LEAK_NO_ER_ROUTE: return "no-expressroute-route";
    case ER_LEAK_DEFAULT_ONLY: return "default-route-only";
    case ER_LEAK_MORE_SPECIFIC: return "more-specific-route";
    case ER_LEAK_BEST_PATH: return "lost-best-path";
    }
    return "unknown";
}

const char *er_pathclass_name(er_pathclass c)
{
    static const char *const names[] = {"expressroute", "internet", "internal",
                                        "vpn",          "discard",  "unrouted"};
    return (unsigned)c < ER_PC_COUNT ? names[c] : "unclassified";
}

void er_analyze_opts_init(er_analyze_opts *o)
{
    memset(o, 0, sizeof *o);
    o->leak_severity = ER_SEV_HIGH;
}

double er_counts_share(const er_counts *c, er_pathclass cls)
{
    if (!c->total || (unsigned)cls >= ER_PC_COUNT)
        return 0.0;
    return (double)c->by_class[cls] / (double)c->total;
}

/* ---- building ---- */

static er_status build_lpms(er_analysis *a, const er_rtable *t)
{
    for (int f = 0; f < 2; f++) {
        a->best[f] = er_lpm_new(f ? ER_AF_V6 : ER_AF_V4);
        a->er[f] = er_lpm_new(f ? ER_AF_V6 : ER_AF_V4);
        if (!a->best[f] || !a->er[f])
            return ER_ERR_NOMEM;
    }
    size_t n = er_rtable_count(t);
    for (size_t i = 0; i < n; i++) {
        const er_route *r = er_rtable_get(t, i);
        int f = fam_idx(r->prefix.family);
        er_status st = ER_OK;
        if (r->flags & ER_RF_BEST)
            st = er_lpm_add(a->best[f], &r->prefix, (uint32_t)i);
        if (st == ER_OK && r->path_class == ER_PC_EXPRESSROUTE)
            st = er_lpm_add(a->er[f], &r->prefix, (uint32_t)i);
        if (st != ER_OK)
            return st;
    }
    for (int f = 0; f < 2; f++) {
        er_status st = er_lpm_build(a->best[f]);
        if (st == ER_OK)
            st = er_lpm_build(a->er[f]);
        if (st != ER_OK)
            return st;
    }
    return ER_OK;
}

static int cmp_prefix(const void *x, const void *y)
{
    return er_prefix_cmp((const er_prefix *)x, (const er_prefix *)y);
}

/* Sort and drop prefixes contained in an earlier one; returns the new count. */
static size_t normalize(er_prefix *v, size_t n)
{
    if (n < 2)
        return n;
    qsort(v, n, sizeof *v, cmp_prefix);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && v[k - 1].family == v[i].family && er_prefix_contains(&v[k - 1], &v[i]))
            continue;
        v[k++] = v[i];
    }
    return k;
}

/* ---- per-prefix partition ---- */

typedef struct leak_acc {
    uint32_t winner;  /* route index */
    er_u128 addrs, first, last;
} leak_acc;

typedef struct walk_ctx {
    er_analysis *a;
    const er_lpm *lpm;
    const er_rtable *t;
    er_counts *counts;
    bool eligible;
    leak_acc *leaks;
    size_t n_leaks, cap_leaks;
    bool nomem;
} walk_ctx;

static bool on_segment(const er_lpm_seg *s, void *vctx)
{
    walk_ctx *w = vctx;
    er_u128 size = er_range_size(s->first, s->last);
    er_pathclass cls = ER_PC_UNROUTED;
    uint32_t route = ER_NO_ROUTE;
    if (s->entry != ER_LPM_NONE) {
        route = er_lpm_entry_at(w->lpm, s->entry)->value;
        cls = (er_pathclass)er_rtable_get(w->t, route)->path_class;
    }
    w->counts->by_class[cls] += size;
    w->counts->total += size;
    if (w->eligible && cls == ER_PC_INTERNET) {
        leak_acc *l = NULL;
        for (size_t i = 0; i < w->n_leaks; i++)
            if (w->leaks[i].winner == route)
                l = &w->leaks[i];
        if (!l) {
            if (w->n_leaks == w->cap_leaks) {
                size_t nc = w->cap_leaks ? w->cap_leaks * 2 : 8;
                leak_acc *nl = realloc(w->leaks, nc * sizeof *nl);
                if (!nl) {
                    w->nomem = true;
                    return false;
                }
                w->leaks = nl;
                w->cap_leaks = nc;
            }
            l = &w->leaks[w->n_leaks++];
            l->winner = route;
            l->addrs = 0;
            l->first = s->first;
        }
        l->addrs += size;
        l->last = s->last;
    }
    return true;
}

/* ---- findings ---- */

static er_finding *new_finding(er_analysis *a)
{
    if (a->n_findings == a->cap_findings) {
        size_t nc = a->cap_findings ? a->cap_findings * 2 : 16;
        er_finding *nf = realloc(a->findings, nc * sizeof *nf);
        if (!nf)
            return NULL;
        a->findings = nf;
        a->cap_findings = nc;
    }
    er_finding *f = &a->findings[a->n_findings++];
    memset(f, 0, sizeof *f);
    return f;
}

typedef struct er_search {
    const er_lpm *lpm;
    uint32_t found; /* route index */
} er_search;

static bool first_er(const er_lpm_seg *s, void *vctx)
{
    er_search *q = vctx;
    if (s->entry == ER_LPM_NONE)
        return true;
    q->found = er_lpm_entry_at(q->lpm, s->entry)->value;
    return false;
}

static void route_label(const er_rtable *t, uint32_t ri, char *buf, size_t size)
{
    const er_route *r = er_rtable_get(t, ri);
    char pfx[ER_PREFIX_STRLEN];
    er_prefix_format(&r->prefix, pfx, sizeof pfx);
    const er_rfile *f = er_rtable_file(t, r->file);
    snprintf(buf, size, "%s (%s:%u)", pfx, f ? f->path : "?", r->line);
}

static char *dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *dupf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static er_status add_leak(er_analysis *a, const er_analyze_opts *o, size_t svc,
                          const er_prefix *p, const leak_acc *l)
{
    const er_rtable *t = a->routes;
    int f = fam_idx(p->family);
    const er_route *win = er_rtable_get(t, l->winner);
    /* The ExpressRoute route that lost: same prefix first, else any covering part. */
    uint32_t lost = ER_NO_ROUTE;
    uint32_t same = er_lpm_find(a->er[f], &win->prefix);
    if (same != ER_LPM_NONE) {
        lost = er_lpm_entry_at(a->er[f], same)->value;
    } else {
        er_search q = {a->er[f], ER_NO_ROUTE};
        er_lpm_partition_range(a->er[f], l->first, l->last, first_er, &q);
        lost = q.found;
    }
    er_leak_reason reason;
    if (lost == ER_NO_ROUTE)
        reason = win->prefix.len == 0 ? ER_LEAK_DEFAULT_ONLY : ER_LEAK_NO_ER_ROUTE;
    else if (er_rtable_get(t, lost)->prefix.len < win->prefix.len)
        reason = ER_LEAK_MORE_SPECIFIC;
    else
        reason = ER_LEAK_BEST_PATH;

    er_finding *fd = new_finding(a);
    if (!fd)
        return ER_ERR_NOMEM;
    fd->rule = "leak";
    fd->severity = o->leak_severity;
    fd->service = svc;
    fd->prefix = *p;
    fd->addresses = l->addrs;
    fd->first = l->first;
    fd->last = l->last;
    fd->reason = (int)reason;
    fd->evidence[fd->n_evidence++] = (er_evidence){"winner", l->winner};
    if (lost != ER_NO_ROUTE)
        fd->evidence[fd->n_evidence++] = (er_evidence){"expressroute-lost", lost};

    const er_service *s = er_catalog_service(a->cat, svc);
    char pfx[ER_PREFIX_STRLEN], wl[512], ll[512], cnt[48];
    er_prefix_format(p, pfx, sizeof pfx);
    route_label(t, l->winner, wl, sizeof wl);
    er_u128_to_dec(l->addrs, cnt, sizeof cnt);
    const char *why = "";
    switch (reason) {
    case ER_LEAK_NO_ER_ROUTE:
        why = "no ExpressRoute route covers it";
        break;
    case ER_LEAK_DEFAULT_ONLY:
        why = "only the default route covers it";
        break;
    case ER_LEAK_MORE_SPECIFIC:
        why = "a more specific internet route beats the ExpressRoute route";
        break;
    case ER_LEAK_BEST_PATH:
        why = "the ExpressRoute path lost best-path selection";
        break;
    }
    if (lost != ER_NO_ROUTE) {
        route_label(t, lost, ll, sizeof ll);
        fd->message = dupf("%s %s: %s addresses go to the internet via %s; ExpressRoute "
                           "route %s lost: %s",
                           s->name, pfx, cnt, wl, ll, why);
    } else {
        fd->message = dupf("%s %s: %s addresses go to the internet via %s: %s", s->name, pfx,
                           cnt, wl, why);
    }
    switch (reason) {
    case ER_LEAK_NO_ER_ROUTE:
    case ER_LEAK_DEFAULT_ONLY:
        fd->fix = dupf("receive %s over ExpressRoute Microsoft peering (route filter with the "
                       "region's community) and make sure the route reaches this router",
                       pfx);
        break;
    case ER_LEAK_MORE_SPECIFIC:
        fd->fix = dupf("remove or filter the more specific internet route %s, or prefer "
                       "ExpressRoute for it", wl);
        break;
    case ER_LEAK_BEST_PATH:
        fd->fix = dupf("raise local preference (or lower weight/AS path) of the ExpressRoute "
                       "path so it wins best-path selection for %s", pfx);
        break;
    }
    if (!fd->message || !fd->fix)
        return ER_ERR_NOMEM;
    return ER_OK;
}

/* ---- driver ---- */

static er_status analyze_service(er_analysis *a, const er_analyze_opts *o, size_t k,
                                 er_prefix *scratch, walk_ctx *w)
{
    er_service_result *res = &a->svc[k];
    const er_service *s = er_catalog_service(a->cat, res->service);
    memcpy(scratch, s->prefixes, s->n_prefixes * sizeof *scratch);
    size_t n = normalize(scratch, s->n_prefixes);
    for (size_t i = 0; i < n; i++) {
        const er_prefix *p = &scratch[i];
        int f = fam_idx(p->family);
        if (f == 0)
            res->n_prefixes_v4++;
        else
            res->n_prefixes_v6++;
        w->lpm = a->best[f];
        w->counts = f == 0 ? &res->v4 : &res->v6;
        w->eligible = s->er_eligible;
        w->n_leaks = 0;
        er_lpm_partition(a->best[f], p, on_segment, w);
        if (w->nomem)
            return ER_ERR_NOMEM;
        for (size_t j = 0; j < w->n_leaks; j++) {
            er_status st = add_leak(a, o, res->service, p, &w->leaks[j]);
            if (st != ER_OK)
                return st;
            res->findings++;
        }
    }
    return ER_OK;
}

er_status er_analyze(const er_catalog *cat, const size_t *sel, size_t n_sel, er_rtable *routes,
                     const er_analyze_opts *opts, er_analysis **out)
{
    er_analyze_opts defaults;
    if (!opts) {
        er_analyze_opts_init(&defaults);
        opts = &defaults;
    }
    *out = NULL;
    er_analysis *a = calloc(1, sizeof *a);
    if (!a)
        return ER_ERR_NOMEM;
    a->cat = cat;
    a->routes = routes;
    er_classify_all(routes, &opts->classify);
    er_status st = build_lpms(a, routes);
    size_t max_pfx = 0, all_pfx = 0;
    if (st == ER_OK) {
        a->svc = calloc(n_sel ? n_sel : 1, sizeof *a->svc);
        if (!a->svc)
            st = ER_ERR_NOMEM;
    }
    for (size_t k = 0; st == ER_OK && k < n_sel; k++) {
        const er_service *s = er_catalog_service(cat, sel[k]);
        if (!s) {
            st = ER_ERR_ARG;
            break;
        }
        a->svc[k].service = sel[k];
        if (s->n_prefixes > max_pfx)
            max_pfx = s->n_prefixes;
        all_pfx += s->n_prefixes;
    }
    a->n_svc = n_sel;
    er_prefix *scratch = NULL;
    walk_ctx w = {0};
    w.a = a;
    w.t = routes;
    if (st == ER_OK) {
        scratch = malloc((all_pfx ? all_pfx : 1) * sizeof *scratch);
        if (!scratch)
            st = ER_ERR_NOMEM;
    }
    for (size_t k = 0; st == ER_OK && k < n_sel; k++)
        st = analyze_service(a, opts, k, scratch, &w);
    /* Totals over the union of all selected ranges, each address counted once. */
    if (st == ER_OK) {
        size_t n = 0;
        for (size_t k = 0; k < n_sel; k++) {
            const er_service *s = er_catalog_service(cat, sel[k]);
            memcpy(scratch + n, s->prefixes, s->n_prefixes * sizeof *scratch);
            n += s->n_prefixes;
        }
        n = normalize(scratch, n);
        for (size_t i = 0; i < n; i++) {
            int f = fam_idx(scratch[i].family);
            w.lpm = a->best[f];
            w.counts = &a->total[f];
            w.eligible = false;
            er_lpm_partition(a->best[f], &scratch[i], on_segment, &w);
        }
    }
    free(scratch);
    free(w.leaks);
    if (st != ER_OK) {
        er_analysis_free(a);
        return st;
    }
    *out = a;
    return ER_OK;
}

void er_analysis_free(er_analysis *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n_findings; i++) {
        free(a->findings[i].message);
        free(a->findings[i].fix);
    }
    free(a->findings);
    free(a->svc);
    for (int f = 0; f < 2; f++) {
        er_lpm_free(a->best[f]);
        er_lpm_free(a->er[f]);
    }
    free(a);
}

size_t er_analysis_service_count(const er_analysis *a) { return a->n_svc; }
const er_service_result *er_analysis_service(const er_analysis *a, size_t i)
{
    return i < a->n_svc ? &a->svc[i] : NULL;
}
size_t er_analysis_finding_count(const er_analysis *a) { return a->n_findings; }
const er_finding *er_analysis_finding(const er_analysis *a, size_t i)
{
    return i < a->n_findings ? &a->findings[i] : NULL;
}
const er_counts *er_analysis_total(const er_analysis *a, int family)
{
    return &a->total[fam_idx(family)];
}
er_severity er_analysis_max_severity(const er_analysis *a)
{
    er_severity m = ER_SEV_NONE;
    for (size_t i = 0; i < a->n_findings; i++)
        if (m == ER_SEV_NONE || a->findings[i].severity > m)
            m = a->findings[i].severity;
    return m;
}
const er_catalog *er_analysis_catalog(const er_analysis *a) { return a->cat; }
const er_rtable *er_analysis_routes(const er_analysis *a) { return a->routes; }
