/* The route table: a growable array of routes, a string arena and per-file records.
 *
 * How it works: routes are fixed-size records appended to one array that doubles when
 * full, so a parser adds a route with one copy and no allocation in the common case.
 * Variable-length text (AS paths, interface and VRF names) goes to a byte arena that
 * also doubles; routes refer to it by offset, so growth never invalidates them. The
 * loader reserves both from the input size before parsing (er_rtable_reserve), so a big
 * table is allocated once; untouched reserved pages cost address space, not memory.
 * Both come from er_big_alloc once big (huge pages). */
#define _DEFAULT_SOURCE /* madvise and MADV_DONTNEED on Linux */
#include "erready/routes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "routes/internal.h"
#include "util/bigmem.h"

er_rtable *er_rtable_new(void)
{
    er_rtable *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    /* Offset 0 is reserved so that {0,0} means "absent". */
    t->arena = malloc(4096);
    if (!t->arena) {
        free(t);
        return NULL;
    }
    t->arena[0] = '\0';
    t->arena_len = 1;
    t->arena_cap = 4096;
    return t;
}

void er_rtable_free(er_rtable *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_files; i++) {
        free((char *)t->files[i].path);
        free((char *)t->files[i].format);
    }
    free(t->files);
    free(t->routes);
    free(t->arena);
    free(t);
}

size_t er_rtable_count(const er_rtable *t) { return t ? t->n_routes : 0; }
er_route *er_rtable_at(er_rtable *t, size_t i) { return i < t->n_routes ? &t->routes[i] : NULL; }
const er_route *er_rtable_get(const er_rtable *t, size_t i)
{
    return i < t->n_routes ? &t->routes[i] : NULL;
}
size_t er_rtable_file_count(const er_rtable *t) { return t ? t->n_files : 0; }
const er_rfile *er_rtable_file(const er_rtable *t, size_t i)
{
    return i < t->n_files ? &t->files[i] : NULL;
}

const char *er_rtable_str(const er_rtable *t, er_strref ref)
{
    if (!ref.len || (size_t)ref.off + ref.len > t->arena_len)
        return "";
    return t->arena + ref.off;
}

static bool grow_arena(er_rtable *t, size_t need)
{
    size_t nc = t->arena_cap * 2;
    while (nc < need)
        nc *= 2;
    char *na;
    if (nc >= ER_BIG_ALLOC_MIN && t->arena_cap < ER_BIG_ALLOC_MIN) {
        /* Becoming big: move to a block that can have huge pages. */
        if (!(na = er_big_alloc(nc)))
            return false;
        memcpy(na, t->arena, t->arena_len);
        free(t->arena);
    } else if (!(na = realloc(t->arena, nc))) {
        return false;
    }
    t->arena = na;
    t->arena_cap = nc;
    return true;
}

static bool grow_routes(er_rtable *t, size_t need)
{
    size_t nc = t->cap_routes ? t->cap_routes * 2 : 1024;
    while (nc < need)
        nc *= 2;
    if (nc > SIZE_MAX / sizeof(er_route))
        return false;
    er_route *nr = t->routes ? realloc(t->routes, nc * sizeof *nr) : er_big_alloc(nc * sizeof *nr);
    if (!nr)
        return false;
    t->routes = nr;
    t->cap_routes = nc;
    return true;
}

void er_rtable_reserve(er_rtable *t, size_t routes, size_t arena_bytes)
{
    if (routes > SIZE_MAX / sizeof(er_route) - t->n_routes ||
        arena_bytes > UINT32_MAX - t->arena_len)
        return;
    if (t->n_routes + routes > t->cap_routes)
        (void)grow_routes(t, t->n_routes + routes);
    if (t->arena_len + arena_bytes > t->arena_cap)
        (void)grow_arena(t, t->arena_len + arena_bytes);
}

static void rebase(er_strref *r, size_t delta)
{
    if (r->len)
        r->off += (uint32_t)delta;
}

/* Give the whole 2 MiB blocks inside [p, end) back to the system (their contents are no
 * longer needed; a huge page given back in part would first be split); returns where the
 * part not given back starts. The rounding inward never reaches the allocator's header
 * before p. Advice only: where it is not available, memory is released at free(). */
static char *release_pages(char *p, char *end)
{
#if defined(__linux__) && defined(MADV_DONTNEED)
    uintptr_t pg = (uintptr_t)2 << 20, a = ((uintptr_t)p + pg - 1) & ~(pg - 1),
              b = (uintptr_t)end & ~(pg - 1);
    if (b <= a)
        return p;
    (void)madvise((void *)a, b - a, MADV_DONTNEED);
    return (char *)b;
#else
    (void)end;
    return p;
#endif
}

bool er_rtable_append(er_rtable *dst, er_rtable *src, uint32_t line_base)
{
    /* src's arena starts with the reserved byte at offset 0; the rest moves as one block. */
    size_t bytes = src->arena_len - 1, delta = dst->arena_len - 1;
    if (bytes > UINT32_MAX - dst->arena_len)
        return false;
    if (dst->arena_len + bytes > dst->arena_cap && !grow_arena(dst, dst->arena_len + bytes))
        return false;
    if (dst->n_routes + src->n_routes > dst->cap_routes &&
        !grow_routes(dst, dst->n_routes + src->n_routes))
        return false;
    memcpy(dst->arena + dst->arena_len, src->arena + 1, bytes);
    dst->arena_len += bytes;
    /* Copy in runs of 2 MiB; what lies behind the copy is given back to the system as it
     * goes, so the move needs little more memory than dst's growth. */
    const size_t run = ((size_t)2 << 20) / sizeof(er_route);
    char *kept = (char *)src->routes; /* start of what is not given back yet */
    for (size_t i = 0; i < src->n_routes; i += run) {
        size_t n = src->n_routes - i < run ? src->n_routes - i : run;
        er_route *d = dst->routes + dst->n_routes + i;
        memcpy(d, src->routes + i, n * sizeof *d);
        for (size_t k = 0; k < n; k++) {
            rebase(&d[k].as_path, delta);
            rebase(&d[k].communities, delta);
            rebase(&d[k].iface, delta);
            rebase(&d[k].vrf, delta);
            d[k].line += line_base;
        }
        kept = release_pages(kept, (char *)(src->routes + i + n));
    }
    dst->n_routes += src->n_routes;
    src->n_routes = 0;
    return true;
}

er_strref er_rtable_intern(er_rtable *t, const char *s, size_t len, bool *ok)
{
    er_strref r = {0, 0};
    if (!len)
        return r;
    if (len > UINT32_MAX / 4 || t->arena_len + len + 1 > UINT32_MAX) {
        *ok = false;
        return r;
    }
    if (t->arena_len + len + 1 > t->arena_cap && !grow_arena(t, t->arena_len + len + 1)) {
        *ok = false;
        return r;
    }
    memcpy(t->arena + t->arena_len, s, len);
    t->arena[t->arena_len + len] = '\0';
    r.off = (uint32_t)t->arena_len;
    r.len = (uint32_t)len;
    t->arena_len += len + 1;
    return r;
}

er_route *er_rtable_push(er_rtable *t, const er_route *r)
{
    if (t->n_routes == t->cap_routes && !grow_routes(t, t->n_routes + 1))
        return NULL;
    er_route *slot = &t->routes[t->n_routes++];
    *slot = *r;
    return slot;
}

er_rfile *er_rtable_add_file(er_rtable *t, const char *path)
{
    if (t->n_files == t->cap_files) {
        size_t nc = t->cap_files ? t->cap_files * 2 : 4;
        er_rfile *nf = realloc(t->files, nc * sizeof *nf);
        if (!nf)
            return NULL;
        t->files = nf;
        t->cap_files = nc;
    }
    char *p = strdup(path);
    if (!p)
        return NULL;
    er_rfile *f = &t->files[t->n_files++];
    memset(f, 0, sizeof *f);
    f->path = p;
    return f;
}

void er_rtable_set_format(er_rfile *f, const char *name)
{
    free((char *)f->format);
    f->format = name ? strdup(name) : NULL;
}

/* The first '\n' or '\r' in [p, end), or end: sixteen bytes at a time where SSE2 is. */
static const char *find_eol(const char *p, const char *end)
{
#if defined(__SSE2__)
    const __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, cr)));
        if (m)
            return p + __builtin_ctz((unsigned)m);
        p += 16;
    }
#endif
    while (p < end && *p != '\n' && *p != '\r')
        p++;
    return p;
}

bool er_lines_next(er_lines *it, const char **s, const char **e)
{
    if (it->p >= it->end)
        return false;
    const char *p = it->p, *q = find_eol(p, it->end);
    /* A line ends at \n, \r\n, or a lone \r (old Mac line ends). */
    if (q == it->end)
        it->p = q;
    else if (*q == '\r' && q + 1 < it->end && q[1] == '\n')
        it->p = q + 2;
    else
        it->p = q + 1;
    *s = p;
    *e = q;
    it->lineno++;
    return true;
}

const char *er_proto_name(er_proto p)
{
    static const char *const names[ER_PROTO_COUNT] = {
        "unknown", "bgp",  "ebgp",  "ibgp", "static", "connected", "local",
        "ospf",    "isis", "eigrp", "rip",  "kernel", "other"};
    return (unsigned)p < ER_PROTO_COUNT ? names[p] : "unknown";
}
