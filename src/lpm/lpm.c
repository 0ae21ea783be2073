/* Longest-prefix match and range partition over a flattened, sorted map of address ranges.
 *
 * How it works. Prefixes of one family are collected as compact records (16 bytes for
 * IPv4, 24 for IPv6) in the order they are added. er_lpm_build sorts them by (address,
 * length) with stable radix sorts (IPv4: LSD over a 40-bit key in 11-bit digits; IPv6:
 * MSD by bytes with insertion sort for small buckets), so among equal prefixes the first
 * added stays first and the later copies are dropped. Input that is already in order (a
 * router prints its table sorted) is detected in one pass and not sorted again. In that order a prefix always comes
 * before every prefix it contains, and two prefixes are either nested or disjoint, so one
 * sweep with a stack of "open" prefixes does the rest: before a prefix is pushed, every
 * open prefix that ends before it is closed; the stack top is then its parent (the next
 * shorter containing entry). The stack holds a chain of strictly nested prefixes, so it
 * never grows beyond 129 frames and lives on the C stack: no per-node allocation.
 *
 * The same sweep writes the range map: a sorted array of boundaries, where boundary i
 * starts the interval [key[i], key[i+1]-1] (the last one runs to the top of the space)
 * and labels it with the longest entry covering it, or ER_LPM_NONE. Opening a prefix
 * starts an interval labelled with it; closing one starts an interval labelled with the
 * new stack top (or NONE). An empty interval is overwritten by the next boundary; no two
 * neighbours ever get the same label, so every interval is maximal. The map covers the
 * whole family space with key[0] = 0; gaps are stored as NONE intervals (one boundary
 * each), which keeps the map to a key and a label per boundary, at most 2n+1 of them.
 * IPv4 keys are 32-bit.
 *
 * Queries: a lookup is a binary search for the last key <= address, first in a small
 * index of every 16th key, then in one block of 16 keys. A partition of [first,last]
 * searches for first and walks the boundaries until last, clipping the first and last
 * interval. Closing a prefix that ends at the top of the space stops the
 * sweep instead of computing last+1, so nothing overflows.
 *
 * Lifecycle: queries before er_lpm_build (or after an add that follows a build) find
 * nothing: lookup and find return ER_LPM_NONE, partition calls nothing, size is 0,
 * entry_at is NULL. Adding after a build turns the stored entries back into records
 * (they keep precedence over the new ones) and requires another build. */
#include "erready/lpm.h"

#include "util/bigmem.h"

#include <stdlib.h>
#include <string.h>

/* Pending prefixes (host bits cleared), in the order added. IPv4 packs address << 8 |
 * length into one key, so numeric order of keys is (address, length) order. */
typedef struct rec4 {
    uint64_t key;
    uint32_t value;
} rec4;

typedef struct rec6 {
    uint64_t hi, lo;
    uint32_t value;
    uint8_t len;
} rec6;

/* Radix digits: IPv4 keys (40 bits) in four 11-bit digits; IPv6 in 17 bytes (the
 * address from its top byte, then the length). */
#define R4_BITS 11
#define R4_DIGITS 4
#define R6_DIGITS 17

struct er_lpm {
    int family;
    int bits;
    void *recs; /* pending prefixes, rec4 or rec6 (not built) */
    size_t nrec, caprec;
    bool built;
    er_lpm_entry *ent; /* sorted, distinct (built) */
    size_t nent;
    size_t nb;    /* boundaries */
    uint32_t *k4; /* keys, IPv4 */
    er_u128 *k6;  /* keys, IPv6 */
    size_t nf;    /* fences: every FENCE-th key, a small index searched first */
    uint32_t *f4;
    er_u128 *f6;
    uint32_t *lab;
};

#define STACK_MAX 130
#define FENCE 16

static er_u128 space_max(const er_lpm *t)
{
    return t->family == ER_AF_V4 ? (er_u128)UINT32_MAX : ~(er_u128)0;
}

static er_u128 host_mask(int bits, int len)
{
    int k = bits - len;
    if (k <= 0)
        return 0;
    if (k >= 128)
        return ~(er_u128)0;
    return ((er_u128)1 << k) - 1;
}

er_lpm *er_lpm_new(int family)
{
    if (family != ER_AF_V4 && family != ER_AF_V6)
        return NULL;
    er_lpm *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->family = family;
    t->bits = er_family_bits(family);
    return t;
}

static void drop_map(er_lpm *t)
{
    free(t->ent);
    free(t->k4);
    free(t->k6);
    free(t->f4);
    free(t->f6);
    t->f4 = NULL;
    t->f6 = NULL;
    t->nf = 0;
    free(t->lab);
    t->ent = NULL;
    t->k4 = NULL;
    t->k6 = NULL;
    t->lab = NULL;
    t->nent = t->nb = 0;
    t->built = false;
}

void er_lpm_free(er_lpm *t)
{
    if (!t)
        return;
    drop_map(t);
    free(t->recs);
    free(t);
}

static size_t rec_size(const er_lpm *t)
{
    return t->family == ER_AF_V4 ? sizeof(rec4) : sizeof(rec6);
}

static er_status grow_recs(er_lpm *t, size_t need)
{
    if (need <= t->caprec)
        return ER_OK;
    size_t cap = t->caprec ? t->caprec : 1024;
    while (cap < need) {
        if (cap > SIZE_MAX / 2 / rec_size(t))
            return ER_ERR_NOMEM;
        cap *= 2;
    }
    void *r = t->recs ? realloc(t->recs, cap * rec_size(t)) : er_big_alloc(cap * rec_size(t));
    if (!r)
        return ER_ERR_NOMEM;
    t->recs = r;
    t->caprec = cap;
    return ER_OK;
}

static void set_rec(er_lpm *t, void *recs, size_t i, er_u128 addr, uint8_t len,
                    uint32_t value)
{
    if (t->family == ER_AF_V4) {
        rec4 *r = (rec4 *)recs + i;
        r->key = ((uint64_t)(uint32_t)addr << 8) | len;
        r->value = value;
    } else {
        rec6 *r = (rec6 *)recs + i;
        r->hi = (uint64_t)(addr >> 64);
        r->lo = (uint64_t)addr;
        r->len = len;
        r->value = value;
    }
}

static void get_rec(const er_lpm *t, const void *recs, size_t i, er_u128 *addr,
                    uint8_t *len, uint32_t *value)
{
    if (t->family == ER_AF_V4) {
        const rec4 *r = (const rec4 *)recs + i;
        *addr = (er_u128)(r->key >> 8);
        *len = (uint8_t)(r->key & 0xff);
        *value = r->value;
    } else {
        const rec6 *r = (const rec6 *)recs + i;
        *addr = ((er_u128)r->hi << 64) | r->lo;
        *len = r->len;
        *value = r->value;
    }
}

/* Turn a built table back into pending records, entries first so they keep precedence. */
static er_status unbuild(er_lpm *t)
{
    er_status st = grow_recs(t, t->nent + 1);
    if (st != ER_OK)
        return st;
    for (size_t i = 0; i < t->nent; i++)
        set_rec(t, t->recs, i, t->ent[i].prefix.addr, t->ent[i].prefix.len, t->ent[i].value);
    t->nrec = t->nent;
    drop_map(t);
    return ER_OK;
}

/* Contract: see lpm.h; also ER_ERR_ARG for a NULL table/prefix or a length beyond the
 * family; ER_ERR_NOMEM leaves the table as it was. */
er_status er_lpm_add(er_lpm *t, const er_prefix *p, uint32_t value)
{
    if (!t || !p || p->family != t->family || p->len > t->bits)
        return ER_ERR_ARG;
    if (t->built) {
        er_status st = unbuild(t);
        if (st != ER_OK)
            return st;
    }
    if (t->nrec == SIZE_MAX || grow_recs(t, t->nrec + 1) != ER_OK)
        return ER_ERR_NOMEM;
    er_u128 a = p->addr & ~host_mask(t->bits, p->len);
    if (t->family == ER_AF_V4)
        a &= UINT32_MAX;
    set_rec(t, t->recs, t->nrec++, a, p->len, value);
    return ER_OK;
}

/* Contract: room for n more adds without reallocation; a no-op on a built table. */
er_status er_lpm_reserve(er_lpm *t, size_t n)
{
    if (!t)
        return ER_ERR_ARG;
    if (t->built)
        return ER_OK;
    if (n > SIZE_MAX - t->nrec)
        return ER_ERR_NOMEM;
    return grow_recs(t, t->nrec + n);
}

/* Both sorts order by (address, length) and are stable: equal prefixes keep their add
 * order. IPv4: LSD radix over the 40-bit key, all histograms from one read, a digit that
 * is the same in every record skipped; the result is in *a, *b is the other buffer. */
static void sort4(rec4 **a, rec4 **b, size_t n, size_t (*cnt)[1 << R4_BITS])
{
    const uint64_t dmask = (1u << R4_BITS) - 1;
    rec4 *src = *a, *dst = *b;
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < R4_DIGITS; d++)
            cnt[d][(src[i].key >> (R4_BITS * d)) & dmask]++;
    for (int d = 0; d < R4_DIGITS; d++) {
        int sh = R4_BITS * d;
        if (cnt[d][(src[0].key >> sh) & dmask] == n)
            continue;
        size_t sum = 0;
        for (size_t v = 0; v <= dmask; v++) {
            size_t c = cnt[d][v];
            cnt[d][v] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[cnt[d][(src[i].key >> sh) & dmask]++] = src[i];
        rec4 *tmp = src;
        src = dst;
        dst = tmp;
    }
    *a = src;
    *b = dst;
}

/* Digit d of an IPv6 key, most significant first: 0..15 the address bytes from the top,
 * 16 the length. */
static unsigned digit6(const rec6 *r, int d)
{
    if (d < 8)
        return (unsigned)(r->hi >> (56 - 8 * d)) & 0xffu;
    if (d < 16)
        return (unsigned)(r->lo >> (120 - 8 * d)) & 0xffu;
    return r->len;
}

static bool less6(const rec6 *a, const rec6 *b)
{
    if (a->hi != b->hi)
        return a->hi < b->hi;
    if (a->lo != b->lo)
        return a->lo < b->lo;
    return a->len < b->len;
}

#define R6_SMALL 24

/* Stable MSD radix sort of r[0..n) from digit d on, using tmp[0..n) as scratch; n fits in
 * 32 bits (er_lpm_build checks). Buckets of at most R6_SMALL records get a stable
 * insertion sort. Recursion is one level per digit, so never deeper than 17 frames of
 * 2 KiB; a digit shared by the whole range costs one read and no move. */
static void sort6(rec6 *r, rec6 *tmp, size_t n, int d)
{
    uint32_t cnt[256], end[256];
    for (; d < R6_DIGITS; d++) {
        if (n <= R6_SMALL) {
            for (size_t i = 1; i < n; i++) {
                rec6 x = r[i];
                size_t j = i;
                for (; j > 0 && less6(&x, &r[j - 1]); j--)
                    r[j] = r[j - 1];
                r[j] = x;
            }
            return;
        }
        memset(cnt, 0, sizeof cnt);
        for (size_t i = 0; i < n; i++)
            cnt[digit6(&r[i], d)]++;
        if (cnt[digit6(&r[0], d)] == n)
            continue; /* one bucket: go on with the next digit */
        uint32_t sum = 0;
        for (int v = 0; v < 256; v++) {
            end[v] = sum;
            sum += cnt[v];
        }
        for (size_t i = 0; i < n; i++)
            tmp[end[digit6(&r[i], d)]++] = r[i];
        memcpy(r, tmp, n * sizeof *r);
        for (int v = 0; v < 256; v++)
            if (cnt[v] > 1) {
                size_t at = end[v] - cnt[v];
                sort6(r + at, tmp + at, cnt[v], d + 1);
            }
        return;
    }
}

/* Append a boundary: the interval from start on is decided by label. A boundary at the
 * same address as the previous one replaces it (the previous interval was empty).
 * Consecutive labels always differ: opening a prefix follows a boundary labelled with
 * its parent (or NONE, or a closed sibling); closing X follows a boundary labelled X and
 * starts one labelled with an ancestor of X; and a replaced boundary's predecessor is
 * labelled with a prefix closed earlier or the replaced one's parent. So intervals come
 * out maximal without a merge step (the tests check this). */
static void emit(er_lpm *t, er_u128 start, uint32_t label)
{
    size_t m = t->nb;
    if (m > 0) {
        er_u128 prev = t->family == ER_AF_V4 ? t->k4[m - 1] : t->k6[m - 1];
        if (prev == start) {
            t->lab[m - 1] = label;
            return;
        }
    }
    if (t->family == ER_AF_V4)
        t->k4[m] = (uint32_t)start;
    else
        t->k6[m] = start;
    t->lab[m] = label;
    t->nb++;
}

/* Contract: see lpm.h. Returns ER_OK at once when already built; ER_ERR_NOMEM leaves
 * the added prefixes pending so the call can be retried. */
/* True if the pending records are already in (address, length) order, equal prefixes
 * included: router tables are printed sorted, and then both radix sorts are skipped (a
 * stable sort of sorted input is the identity). */
static bool recs_sorted(const er_lpm *t)
{
    size_t n = t->nrec;
    if (t->family == ER_AF_V4) {
        const rec4 *r = t->recs;
        for (size_t i = 1; i < n; i++)
            if (r[i].key < r[i - 1].key)
                return false;
        return true;
    }
    const rec6 *r = t->recs;
    for (size_t i = 1; i < n; i++) {
        const rec6 *a = &r[i - 1], *b = &r[i];
        if (b->hi != a->hi ? b->hi < a->hi : b->lo != a->lo ? b->lo < a->lo : b->len < a->len)
            return false;
    }
    return true;
}

er_status er_lpm_build(er_lpm *t)
{
    if (!t)
        return ER_ERR_ARG;
    if (t->built)
        return ER_OK;
    size_t n = t->nrec;
    if (n > UINT32_MAX - 1)
        return ER_ERR_ARG; /* indices are 32-bit with UINT32_MAX meaning none */
    bool presorted = n < 2 || recs_sorted(t);
    void *scratch = presorted ? NULL : er_big_alloc(n * rec_size(t));
    size_t (*cnt)[1 << R4_BITS] = presorted ? NULL : calloc(R4_DIGITS, sizeof *cnt);
    er_lpm_entry *ent = er_big_alloc((n ? n : 1) * sizeof *ent);
    size_t maxb = 2 * n + 1;
    uint32_t *lab = er_big_alloc(maxb * sizeof *lab);
    uint32_t *k4 = t->family == ER_AF_V4 ? er_big_alloc(maxb * sizeof *k4) : NULL;
    er_u128 *k6 = t->family == ER_AF_V6 ? er_big_alloc(maxb * sizeof *k6) : NULL;
    size_t maxf = maxb / FENCE + 1;
    uint32_t *f4 = t->family == ER_AF_V4 ? malloc(maxf * sizeof *f4) : NULL;
    er_u128 *f6 = t->family == ER_AF_V6 ? malloc(maxf * sizeof *f6) : NULL;
    if ((!presorted && (!scratch || !cnt)) || !ent || !lab || (!k4 && !k6) || (!f4 && !f6)) {
        free(f4);
        free(f6);
        free(scratch);
        free(cnt);
        free(ent);
        free(lab);
        free(k4);
        free(k6);
        return ER_ERR_NOMEM;
    }
    void *sorted = t->recs, *spare = scratch;
    if (presorted) {
        /* nothing to do */
    } else if (t->family == ER_AF_V4) {
        rec4 *x = sorted, *y = spare;
        sort4(&x, &y, n, cnt);
        sorted = x;
        spare = y;
    } else {
        sort6(sorted, spare, n, 0);
    }
    free(cnt);

    t->k4 = k4;
    t->k6 = k6;
    t->lab = lab;
    t->nb = 0;
    const er_u128 top = space_max(t);
    struct {
        uint32_t idx;
        er_u128 last;
    } st[STACK_MAX];
    int sp = 0;
    size_t ne = 0;
    er_u128 prev_addr = 0;
    uint8_t prev_len = 0;
    emit(t, 0, ER_LPM_NONE);
    for (size_t i = 0; i < n; i++) {
        er_u128 first;
        uint8_t len;
        uint32_t value;
        get_rec(t, sorted, i, &first, &len, &value);
        if (i > 0 && first == prev_addr && len == prev_len)
            continue; /* a later copy of the same prefix */
        prev_addr = first;
        prev_len = len;
        er_u128 last = first | host_mask(t->bits, len);
        while (sp > 0 && st[sp - 1].last < first) {
            er_u128 next = st[sp - 1].last + 1; /* < first <= top: no overflow */
            sp--;
            emit(t, next, sp ? st[sp - 1].idx : ER_LPM_NONE);
        }
        er_lpm_entry *e = &ent[ne];
        e->prefix.addr = first;
        e->prefix.len = len;
        e->prefix.family = (uint8_t)t->family;
        e->value = value;
        e->parent = sp ? st[sp - 1].idx : ER_LPM_NONE;
        emit(t, first, (uint32_t)ne);
        /* nested chain of distinct prefixes: at most bits+1 deep */
        st[sp].idx = (uint32_t)ne;
        st[sp].last = last;
        sp++;
        ne++;
    }
    while (sp > 0 && st[sp - 1].last != top) {
        er_u128 next = st[sp - 1].last + 1;
        sp--;
        emit(t, next, sp ? st[sp - 1].idx : ER_LPM_NONE);
    }

    free(sorted);
    free(spare);
    t->recs = NULL;
    t->nrec = t->caprec = 0;
    /* shrink to what was used; failure to shrink is harmless */
    er_lpm_entry *e2 = realloc(ent, (ne ? ne : 1) * sizeof *ent);
    t->ent = e2 ? e2 : ent;
    t->nent = ne;
    uint32_t *l2 = realloc(t->lab, t->nb * sizeof *l2);
    if (l2)
        t->lab = l2;
    if (k4) {
        uint32_t *x = realloc(t->k4, t->nb * sizeof *x);
        if (x)
            t->k4 = x;
    } else {
        er_u128 *x = realloc(t->k6, t->nb * sizeof *x);
        if (x)
            t->k6 = x;
    }
    t->nf = (t->nb + FENCE - 1) / FENCE;
    t->f4 = f4;
    t->f6 = f6;
    for (size_t j = 0; j < t->nf; j++) {
        if (f4)
            f4[j] = t->k4[j * FENCE];
        else
            f6[j] = t->k6[j * FENCE];
    }
    t->built = true;
    return ER_OK;
}

size_t er_lpm_size(const er_lpm *t) { return t && t->built ? t->nent : 0; }

const er_lpm_entry *er_lpm_entry_at(const er_lpm *t, uint32_t i)
{
    return t && t->built && i < t->nent ? &t->ent[i] : NULL;
}

int er_lpm_family(const er_lpm *t) { return t ? t->family : 0; }

/* Branch-free binary search: lo becomes the last index in [lo, lo+n) whose element is
 * <= x, given that element lo is. */
#define LAST_LE(arr, x, lo, n)                                                            \
    do {                                                                                  \
        while ((n) > 1) {                                                                 \
            size_t half_ = (n) / 2;                                                       \
            if ((arr)[(lo) + half_] <= (x))                                               \
                (lo) += half_;                                                            \
            (n) -= half_;                                                                 \
        }                                                                                 \
    } while (0)

/* Index of the last boundary whose key is <= a (key[0] is 0, so one always exists).
 * The fence array (every FENCE-th key) is small enough to stay in cache; it narrows the
 * search to one block of FENCE keys, so a lookup touches few cold cache lines. */
static size_t find_boundary(const er_lpm *t, er_u128 a)
{
    size_t lo = 0, n = t->nf;
    if (t->family == ER_AF_V4) {
        uint32_t x = (uint32_t)a;
        LAST_LE(t->f4, x, lo, n);
        lo *= FENCE;
        n = t->nb - lo < FENCE ? t->nb - lo : FENCE;
        LAST_LE(t->k4, x, lo, n);
    } else {
        LAST_LE(t->f6, a, lo, n);
        lo *= FENCE;
        n = t->nb - lo < FENCE ? t->nb - lo : FENCE;
        LAST_LE(t->k6, a, lo, n);
    }
    return lo;
}

static er_u128 key_at(const er_lpm *t, size_t i)
{
    return t->family == ER_AF_V4 ? t->k4[i] : t->k6[i];
}

/* Contract: see lpm.h; ER_LPM_NONE before build or for an address beyond the family. */
uint32_t er_lpm_lookup(const er_lpm *t, er_u128 addr)
{
    if (!t || !t->built || addr > space_max(t))
        return ER_LPM_NONE;
    return t->lab[find_boundary(t, addr)];
}

/* Contract: see lpm.h; host bits of p are ignored, as in er_lpm_add. */
uint32_t er_lpm_find(const er_lpm *t, const er_prefix *p)
{
    if (!t || !t->built || !p || p->family != t->family || p->len > t->bits)
        return ER_LPM_NONE;
    er_u128 a = p->addr & ~host_mask(t->bits, p->len) & space_max(t);
    size_t lo = 0, hi = t->nent;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const er_prefix *q = &t->ent[mid].prefix;
        if (q->addr < a || (q->addr == a && q->len < p->len))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < t->nent && t->ent[lo].prefix.addr == a && t->ent[lo].prefix.len == p->len)
        return (uint32_t)lo;
    return ER_LPM_NONE;
}

/* Contract: see lpm.h; no callback at all before build, for first > last, or for a
 * range beyond the family. */
void er_lpm_partition_range(const er_lpm *t, er_u128 first, er_u128 last,
                            bool (*cb)(const er_lpm_seg *seg, void *ctx), void *ctx)
{
    if (!t || !t->built || !cb || first > last || last > space_max(t))
        return;
    size_t i = find_boundary(t, first);
    er_lpm_seg seg;
    seg.first = first;
    for (;;) {
        seg.entry = t->lab[i];
        seg.last = last;
        if (i + 1 < t->nb) {
            er_u128 end = key_at(t, i + 1) - 1; /* key[i+1] > key[i] >= 0 */
            if (end < last)
                seg.last = end;
        }
        if (!cb(&seg, ctx) || seg.last == last)
            return;
        seg.first = seg.last + 1;
        i++;
    }
}

/* Contract: see lpm.h; no callback for a prefix of the other family. */
void er_lpm_partition(const er_lpm *t, const er_prefix *q,
                      bool (*cb)(const er_lpm_seg *seg, void *ctx), void *ctx)
{
    if (!t || !q || q->family != t->family || q->len > t->bits)
        return;
    er_lpm_partition_range(t, er_prefix_first(q), er_prefix_last(q), cb, ctx);
}
