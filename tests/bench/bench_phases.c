/* Benchmark probe: times each phase of `erready check` separately through the public API.
 *
 * How it works: the probe does what er_analyze does, one phase at a time, with a clock
 * around each: load the Service Tags file and select every service; read the route file
 * into memory with read(); parse the in-memory buffer (detection included) into a route
 * table; classify every route; add the best routes and the ExpressRoute routes to one
 * LPM per family each, then build them; partition every service prefix (sorted, nested
 * ones dropped, as the analysis does) and the union of all of them, summing addresses
 * per path class. Then it runs the library's own er_analyze on the same table and
 * compares every per-service and total count with its own: a probe that timed the
 * wrong work would disagree. The result is one JSON object on stdout; exit 1 on any
 * disagreement or error.
 *
 * usage: er_bench_phases --data TAGS.json [--services SEL] ROUTES
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "erready/analyze.h"
#include "erready/catalog.h"
#include "erready/lpm.h"
#include "erready/routes.h"

/* A point in time: wall clock and this process's CPU time. */
typedef struct stamp {
    double wall, cpu;
} stamp;

static stamp now(void)
{
    struct timespec ts, cs;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cs);
    return (stamp){(double)ts.tv_sec + (double)ts.tv_nsec / 1e9,
                   (double)cs.tv_sec + (double)cs.tv_nsec / 1e9};
}

/* "name_s": wall, "name_cpu": CPU seconds between a and b. */
static void put_phase(const char *name, stamp a, stamp b)
{
    printf(", \"%s_s\": %.6f, \"%s_cpu\": %.6f", name, b.wall - a.wall, name, b.cpu - a.cpu);
}

static int die(const char *what)
{
    fprintf(stderr, "er_bench_phases: %s\n", what);
    return 1;
}

static char *read_all(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || sb.st_size < 0) {
        close(fd);
        return NULL;
    }
    size_t n = (size_t)sb.st_size, got = 0;
    char *buf = malloc(n ? n : 1);
    while (buf && got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0) {
            free(buf);
            buf = NULL;
            break;
        }
        got += (size_t)r;
    }
    close(fd);
    *len = got;
    return buf;
}

static int cmp_prefix(const void *x, const void *y)
{
    return er_prefix_cmp((const er_prefix *)x, (const er_prefix *)y);
}

/* Sort and drop prefixes contained in an earlier kept one. */
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

typedef struct count_ctx {
    const er_lpm *lpm;
    const er_rtable *t;
    er_counts *c;
} count_ctx;

static bool on_seg(const er_lpm_seg *s, void *vctx)
{
    count_ctx *x = vctx;
    er_u128 size = er_range_size(s->first, s->last);
    er_pathclass cls = ER_PC_UNROUTED;
    if (s->entry != ER_LPM_NONE)
        cls = (er_pathclass)er_rtable_get(x->t, er_lpm_entry_at(x->lpm, s->entry)->value)
                  ->path_class;
    x->c->by_class[cls] += size;
    x->c->total += size;
    return true;
}

static bool counts_equal(const er_counts *a, const er_counts *b)
{
    if (a->total != b->total)
        return false;
    for (int i = 0; i < ER_PC_COUNT; i++)
        if (a->by_class[i] != b->by_class[i])
            return false;
    return true;
}

/* Partition the n prefixes of v (normalized) into counts per family. */
static void cover(er_lpm *const best[2], const er_rtable *t, const er_prefix *v, size_t n,
                  er_counts *v4, er_counts *v6)
{
    for (size_t i = 0; i < n; i++) {
        int f = v[i].family == ER_AF_V4 ? 0 : 1;
        count_ctx x = {best[f], t, f ? v6 : v4};
        er_lpm_partition(best[f], &v[i], on_seg, &x);
    }
}

int main(int argc, char **argv)
{
    const char *data = NULL, *services = "all", *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
            data = argv[++i];
        else if (strcmp(argv[i], "--services") == 0 && i + 1 < argc)
            services = argv[++i];
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else
            return die("usage: er_bench_phases --data TAGS.json [--services SEL] ROUTES");
    }
    if (!data || !path)
        return die("usage: er_bench_phases --data TAGS.json [--services SEL] ROUTES");

    er_diags *d = er_diags_new(8);
    er_catalog *cat = er_catalog_new();
    if (!d || !cat)
        return die("out of memory");
    stamp t0 = now();
    size_t *sel = NULL, n_sel = 0;
    if (er_catalog_load_file(cat, data, d) != ER_OK ||
        er_catalog_select(cat, services, NULL, &sel, &n_sel, d) != ER_OK || !n_sel)
        return die("cannot load or select the service data");
    stamp t_cat = now();

    size_t len = 0;
    char *buf = read_all(path, &len);
    if (!buf)
        return die("cannot read the route file");
    stamp t_read = now();

    er_rtable *t = er_rtable_new();
    if (!t || er_rtable_load_buffer(t, path, buf, len, NULL, NULL, d) != ER_OK)
        return die("cannot parse the route file");
    stamp t_parse = now();

    er_classify_opts copts;
    memset(&copts, 0, sizeof copts);
    er_classify_all(t, &copts);
    stamp t_class = now();

    /* The LPMs of er_analyze: best routes (first best per prefix wins) and every
     * ExpressRoute route, per family. */
    er_lpm *best[2], *er[2];
    for (int f = 0; f < 2; f++) {
        best[f] = er_lpm_new(f ? ER_AF_V6 : ER_AF_V4);
        er[f] = er_lpm_new(f ? ER_AF_V6 : ER_AF_V4);
        if (!best[f] || !er[f])
            return die("out of memory");
    }
    size_t nr = er_rtable_count(t), n_best = 0;
    for (size_t i = 0; i < nr; i++) {
        const er_route *r = er_rtable_get(t, i);
        int f = r->prefix.family == ER_AF_V4 ? 0 : 1;
        er_status st = ER_OK;
        if (r->flags & ER_RF_BEST) {
            st = er_lpm_add(best[f], &r->prefix, (uint32_t)i);
            n_best++;
        }
        if (st == ER_OK && r->path_class == ER_PC_EXPRESSROUTE)
            st = er_lpm_add(er[f], &r->prefix, (uint32_t)i);
        if (st != ER_OK)
            return die("lpm add failed");
    }
    stamp t_add = now();
    for (int f = 0; f < 2; f++)
        if (er_lpm_build(best[f]) != ER_OK || er_lpm_build(er[f]) != ER_OK)
            return die("lpm build failed");
    stamp t_build = now();

    /* Coverage: per service, then the union. */
    size_t all = 0;
    for (size_t k = 0; k < n_sel; k++)
        all += er_catalog_service(cat, sel[k])->n_prefixes;
    er_prefix *scratch = malloc((all ? all : 1) * sizeof *scratch);
    er_counts *mine = calloc(2 * n_sel + 2, sizeof *mine);
    if (!scratch || !mine)
        return die("out of memory");
    size_t n_norm = 0;
    for (size_t k = 0; k < n_sel; k++) {
        const er_service *s = er_catalog_service(cat, sel[k]);
        memcpy(scratch, s->prefixes, s->n_prefixes * sizeof *scratch);
        size_t n = normalize(scratch, s->n_prefixes);
        n_norm += n;
        cover(best, t, scratch, n, &mine[2 * k], &mine[2 * k + 1]);
    }
    size_t n_union = 0;
    for (size_t k = 0; k < n_sel; k++) {
        const er_service *s = er_catalog_service(cat, sel[k]);
        memcpy(scratch + n_union, s->prefixes, s->n_prefixes * sizeof *scratch);
        n_union += s->n_prefixes;
    }
    n_union = normalize(scratch, n_union);
    cover(best, t, scratch, n_union, &mine[2 * n_sel], &mine[2 * n_sel + 1]);
    stamp t_cover = now();

    /* The library's own analysis over the same table, for the total and the check. */
    er_analyze_opts aopts;
    er_analyze_opts_init(&aopts);
    er_analysis *an = NULL;
    if (er_analyze(cat, sel, n_sel, t, &aopts, &an) != ER_OK)
        return die("er_analyze failed");
    stamp t_an = now();

    int bad = 0;
    for (size_t k = 0; k < n_sel; k++) {
        const er_service_result *res = er_analysis_service(an, k);
        if (!counts_equal(&res->v4, &mine[2 * k]) || !counts_equal(&res->v6, &mine[2 * k + 1])) {
            if (bad++ < 5)
                fprintf(stderr, "er_bench_phases: counts differ for %s\n",
                        er_catalog_service(cat, sel[k])->name);
        }
    }
    if (!counts_equal(er_analysis_total(an, ER_AF_V4), &mine[2 * n_sel]) ||
        !counts_equal(er_analysis_total(an, ER_AF_V6), &mine[2 * n_sel + 1])) {
        fprintf(stderr, "er_bench_phases: union totals differ\n");
        bad++;
    }
    size_t entries = 0;
    for (int f = 0; f < 2; f++)
        entries += er_lpm_size(best[f]) + er_lpm_size(er[f]);

    printf("{\"bytes\": %zu, \"routes\": %zu, \"best_routes\": %zu, \"lpm_entries\": %zu, "
           "\"services\": %zu, \"service_prefixes\": %zu, \"union_prefixes\": %zu, "
           "\"findings\": %zu, \"agree\": %s",
           len, nr, n_best, entries, n_sel, n_norm, n_union, er_analysis_finding_count(an),
           bad ? "false" : "true");
    put_phase("catalog", t0, t_cat);
    put_phase("read", t_cat, t_read);
    put_phase("parse", t_read, t_parse);
    put_phase("classify", t_parse, t_class);
    put_phase("lpm_add", t_class, t_add);
    put_phase("lpm_build", t_add, t_build);
    put_phase("coverage", t_build, t_cover);
    put_phase("analyze", t_cover, t_an);
    printf("}\n");

    er_analysis_free(an);
    free(mine);
    free(scratch);
    for (int f = 0; f < 2; f++) {
        er_lpm_free(best[f]);
        er_lpm_free(er[f]);
    }
    er_rtable_free(t);
    free(buf);
    free(sel);
    er_catalog_free(cat);
    er_diags_free(d);
    return bad ? 1 : 0;
}
