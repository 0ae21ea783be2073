/* A big input read by two threads (the part API of parse_util.h).
 *
 * How it works: the parser picks a split line where its state is known (pu_split_point)
 * and starts a part on [split, end) with pu_part_start: a second thread that runs the
 * parser's own line loop into a private table, sink and statistics, so the two threads
 * share nothing they write. The parser reads up to the split meanwhile, joins the part,
 * and if its state at the split is the one the part assumed, pu_part_merge appends the
 * part's routes (strings re-based into the shared arena, line numbers shifted by the
 * lines before the split), its diagnostics (same shift, the sink's cap applied as if
 * they had been added in order) and its counts. The output is then exactly the one a
 * single thread would have made. */
#include "routes/parse_util.h"

#include <pthread.h>
#include <stdlib.h>

size_t pu_split_min = (size_t)4 << 20;
size_t pu_split_at = 0;
size_t pu_split_merged = 0;

const char *pu_split_point(const char *buf, const char *from, const char *end,
                           bool (*starts)(const char *s, const char *e))
{
    size_t len = (size_t)(end - from);
    if (len < pu_split_min || len < 2)
        return NULL;
    const char *p = from + len / 2;
    if (pu_split_at) {
        if (pu_split_at >= (size_t)(end - buf))
            return NULL;
        p = buf + pu_split_at < from ? from : buf + pu_split_at;
    }
    /* The first line that starts at or after p. */
    if (p > buf && p[-1] != '\n') {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    er_lines it;
    er_lines_init(&it, p, (size_t)(end - p));
    const char *s, *e;
    for (int i = 0; i < 100000; i++) {
        const char *at = it.p;
        if (!er_lines_next(&it, &s, &e))
            break;
        if (starts(s, e))
            return at;
    }
    return NULL;
}

static void *part_main(void *arg)
{
    pu_part *p = arg;
    p->rc = p->run(p->arg);
    return NULL;
}

bool pu_part_init(pu_part *p, const er_parse_ctx *parent, size_t len)
{
    memset(p, 0, sizeof *p);
    p->ctx = *parent;
    p->ctx.stats = &p->stats;
    p->ctx.table = er_rtable_new();
    p->ctx.diags = er_diags_new(er_diags_cap(parent->diags));
    if (!p->ctx.table || !p->ctx.diags) {
        pu_part_free(p);
        return false;
    }
    er_rtable_reserve(p->ctx.table, len / 64, len / 2);
    return true;
}

bool pu_part_start(pu_part *p, er_status (*run)(void *arg), void *arg)
{
    pthread_t *th = malloc(sizeof *th);
    if (!th)
        return false;
    p->run = run;
    p->arg = arg;
    if (pthread_create(th, NULL, part_main, p) != 0) {
        free(th);
        return false;
    }
    p->thread = th;
    p->started = true;
    return true;
}

er_status pu_part_join(pu_part *p)
{
    if (p->started) {
        pthread_join(*(pthread_t *)p->thread, NULL);
        free(p->thread);
        p->thread = NULL;
        p->started = false;
    }
    return p->rc;
}

bool pu_part_merge(pu_state *pu, pu_part *p, uint32_t line_base, bool failed, bool nomem)
{
    er_parse_ctx *ctx = pu->ctx;
    if (!er_rtable_append(ctx->table, p->ctx.table, line_base))
        return false;
    er_diags_append(ctx->diags, p->ctx.diags, line_base);
    er_parse_stats *s = ctx->stats;
    s->lines += p->stats.lines;
    s->understood += p->stats.understood;
    s->skipped += p->stats.skipped;
    s->routes += p->stats.routes;
    s->best += p->stats.best;
    pu->failed |= failed;
    pu->nomem |= nomem;
    pu_split_merged++;
    return true;
}

void pu_part_free(pu_part *p)
{
    er_rtable_free(p->ctx.table);
    er_diags_free(p->ctx.diags);
    p->ctx.table = NULL;
    p->ctx.diags = NULL;
}
