/* A big input read by several threads (the chunk API of parse_util.h).
 *
 * How it works: pu_chunks_start cuts the input into chunks of about equal size at lines
 * where the parser's state is known, and starts the workers. The parser reads chunks
 * from the front into the shared table; each worker takes the last chunk nobody has
 * taken, reads it into a table, sink and statistics of its own and takes the next one
 * towards the front, so the threads meet wherever the work falls (an IPv6 section costs
 * more per byte than an IPv4 one) and none waits for another by more than one chunk.
 * The workers share nothing they write but the claim counters, under one lock. At the
 * end the parser joins them and, when every worker chunk began in the state assumed,
 * appends their routes (strings re-based into the shared arena, line numbers shifted by
 * the lines before the chunk), diagnostics (same shift, the sink's cap applied as if
 * they had been added in order) and counts, chunk by chunk in input order. The output
 * is then exactly the one a single thread would have made. */
#include "routes/parse_util.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

size_t pu_split_min = (size_t)4 << 20;
size_t pu_split_at = 0;
size_t pu_split_step = 0;
size_t pu_split_merged = 0;

/* Chunks of at least this size: a smaller one costs more in set-up than it balances. */
#define CHUNK_MIN ((size_t)1 << 20)

typedef struct chunk_sync {
    pthread_mutex_t lock;
    pthread_t thread[PU_WORKERS_MAX];
} chunk_sync;

/* The first line that starts at or after p for which starts() holds, looking at most
 * 100000 lines further; NULL when none. */
static const char *cut_line(const char *buf, const char *p, const char *end,
                            bool (*starts)(const char *s, const char *e))
{
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

/* Cut [from, end) into c->n chunks at lines for which starts() holds: into equal parts,
 * or for tests at pu_split_at and every pu_split_step bytes after it. */
static void cut(pu_chunks *c, const char *buf, const char *from, const char *end,
                bool (*starts)(const char *s, const char *e))
{
    const char *head = from;
    size_t len = (size_t)(end - from), first, step;
    if (pu_split_at) {
        if (pu_split_at >= (size_t)(end - buf))
            return;
        from = buf + pu_split_at < from ? from : buf + pu_split_at;
        len = (size_t)(end - from);
        first = 0;
        step = pu_split_step ? pu_split_step : len;
    } else {
        size_t want = len / CHUNK_MIN;
        if (want > PU_CHUNKS_MAX)
            want = PU_CHUNKS_MAX;
        if (want < 2)
            want = 2;
        step = first = len / want;
    }
    c->at[c->n++] = head;
    for (size_t off = first; off < len && c->n < PU_CHUNKS_MAX; off += step) {
        const char *prev = c->at[c->n - 1], *target = from + off;
        const char *at = cut_line(buf, target > prev ? target : prev + 1, end, starts);
        if (!at)
            break;
        c->at[c->n++] = at;
    }
    c->at[c->n] = end;
}

/* The next chunk for a worker, from the back; c->n when none is left. */
static size_t claim_back(pu_chunks *c)
{
    chunk_sync *sy = c->sync;
    pthread_mutex_lock(&sy->lock);
    size_t k = c->n;
    if (!c->cancel && c->back > c->front + 1)
        k = --c->back;
    pthread_mutex_unlock(&sy->lock);
    return k;
}

static void read_chunk(pu_chunks *c, size_t k)
{
    pu_chunk *ck = &c->chunk[k];
    ck->ctx = c->ctx;
    ck->ctx.stats = &ck->stats;
    ck->ctx.table = er_rtable_new();
    ck->ctx.diags = er_diags_new(c->diag_cap);
    pu_state *st = NULL;
    if (ck->ctx.table && ck->ctx.diags) {
        size_t len = (size_t)(c->at[k + 1] - c->at[k]);
        er_rtable_reserve(ck->ctx.table, len / 64, len / 4);
        st = c->ops->begin(c->start, &ck->ctx, c->at[k], c->at[k + 1]);
    }
    if (!st) {
        ck->rc = ER_ERR_NOMEM;
    } else {
        ck->rc = c->ops->run(st);
        ck->ends_same = c->ops->same(c->start, st);
        ck->failed = st->failed;
        ck->nomem = st->nomem;
        c->ops->end(st);
    }
    ck->read = true;
}

/* The first worker starts with the last chunk, which is always a worker's (so that a
 * split is taken however the threads are scheduled), then all take from the back. */
static void *worker_main(void *arg)
{
    pu_chunks *c = arg;
    for (size_t k; (k = claim_back(c)) < c->n;)
        read_chunk(c, k);
    return NULL;
}

static void *first_worker_main(void *arg)
{
    pu_chunks *c = arg;
    read_chunk(c, c->n - 1);
    return worker_main(arg);
}

static size_t worker_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 2)
        n = 2; /* one worker even on one CPU: the output is the same, the tests run it */
    return (size_t)(n - 1 > PU_WORKERS_MAX ? PU_WORKERS_MAX : n - 1);
}

bool pu_chunks_start(pu_chunks *c, const pu_chunk_ops *ops, const void *start,
                     er_parse_ctx *parent, const char *buf, const char *from, const char *end,
                     bool (*starts)(const char *s, const char *e))
{
    memset(c, 0, sizeof *c);
    size_t len = (size_t)(end - from);
    if (len < pu_split_min || len < 2)
        return false;
    cut(c, buf, from, end, starts);
    if (c->n < 2)
        return false;
    chunk_sync *sy = malloc(sizeof *sy);
    if (!sy || pthread_mutex_init(&sy->lock, NULL) != 0) {
        free(sy);
        return false;
    }
    c->ops = ops;
    c->start = start;
    c->ctx = *parent;
    c->diag_cap = er_diags_cap(parent->diags);
    c->sync = sy;
    c->front = 0;      /* chunk 0 is the parser's */
    c->back = c->n - 1; /* the last chunk is the first worker's */
    size_t want = worker_count();
    for (; c->workers < want; c->workers++)
        if (pthread_create(&sy->thread[c->workers], NULL,
                           c->workers ? worker_main : first_worker_main, c) != 0)
            break;
    if (c->workers == 0) {
        pthread_mutex_destroy(&sy->lock);
        free(sy);
        c->sync = NULL;
        return false;
    }
    return true;
}

const char *pu_chunks_claim(pu_chunks *c)
{
    chunk_sync *sy = c->sync;
    pthread_mutex_lock(&sy->lock);
    const char *e = NULL;
    if (c->front + 1 < c->back) {
        c->front++;
        e = c->at[c->front + 1];
    }
    pthread_mutex_unlock(&sy->lock);
    return e;
}

static void chunk_free(pu_chunk *ck)
{
    er_rtable_free(ck->ctx.table);
    er_diags_free(ck->ctx.diags);
    ck->ctx.table = NULL;
    ck->ctx.diags = NULL;
}

/* Append chunk ck, read from line line_base + 1 on, to pu's output. */
static bool merge(pu_state *pu, pu_chunk *ck, uint32_t line_base)
{
    er_parse_ctx *ctx = pu->ctx;
    if (!er_rtable_append(ctx->table, ck->ctx.table, line_base))
        return false;
    er_diags_append(ctx->diags, ck->ctx.diags, line_base);
    er_parse_stats *s = ctx->stats;
    s->lines += ck->stats.lines;
    s->understood += ck->stats.understood;
    s->skipped += ck->stats.skipped;
    s->routes += ck->stats.routes;
    s->best += ck->stats.best;
    pu->failed |= ck->failed;
    pu->nomem |= ck->nomem;
    return true;
}

bool pu_chunks_finish(pu_chunks *c, pu_state *pu, bool same)
{
    chunk_sync *sy = c->sync;
    pthread_mutex_lock(&sy->lock);
    size_t first = c->front + 1; /* the first chunk the parser did not read */
    if (!same)
        c->cancel = true; /* nothing of the workers' will be used */
    pthread_mutex_unlock(&sy->lock);
    for (size_t i = 0; i < c->workers; i++)
        pthread_join(sy->thread[i], NULL);
    pthread_mutex_destroy(&sy->lock);
    free(sy);
    c->sync = NULL;
    bool ok = same && first < c->n;
    for (size_t k = first; ok && k < c->n; k++) {
        const pu_chunk *ck = &c->chunk[k];
        ok = ck->read && ck->rc == ER_OK && (k + 1 == c->n || ck->ends_same);
    }
    if (ok) {
        uint32_t base = pu_lineno(pu);
        for (size_t k = first; k < c->n; k++) {
            if (!merge(pu, &c->chunk[k], base)) {
                pu->nomem = true; /* part of the input is missing: the parse fails */
                break;
            }
            base += (uint32_t)c->chunk[k].stats.lines;
            chunk_free(&c->chunk[k]); /* its memory serves the next chunk's move */
        }
        pu_split_merged++;
    }
    for (size_t k = 0; k < c->n; k++)
        chunk_free(&c->chunk[k]);
    return ok;
}
