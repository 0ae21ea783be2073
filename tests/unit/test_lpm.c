/* Tests for the LPM range map against brute-force oracles on seeded random tables, plus
 * lifecycle rules; ERREADY_LPM_BENCH=1 runs the build/partition benchmark instead. */
#include "erready/lpm.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ONES (~(er_u128)0)
#define MAXREF 400

/* ---- the reference: a plain list, first added wins, linear scans ---- */

typedef struct {
    er_prefix p[MAXREF];
    uint32_t value[MAXREF];
    int n;
} ref_table;

static er_u128 fam_max(int family) { return family == ER_AF_V4 ? 0xffffffffu : ONES; }

static void ref_add(ref_table *r, er_prefix p, uint32_t value)
{
    er_prefix_mask_host(&p);
    for (int i = 0; i < r->n; i++)
        if (er_prefix_cmp(&r->p[i], &p) == 0)
            return;
    assert_true(r->n < MAXREF);
    r->p[r->n] = p;
    r->value[r->n] = value;
    r->n++;
}

static bool ref_contains_addr(const er_prefix *p, er_u128 a)
{
    return a >= er_prefix_first(p) && a <= er_prefix_last(p);
}

/* Longest prefix containing a: reference index or -1. */
static int ref_lookup(const ref_table *r, er_u128 a)
{
    int best = -1;
    for (int i = 0; i < r->n; i++)
        if (ref_contains_addr(&r->p[i], a) && (best < 0 || r->p[i].len > r->p[best].len))
            best = i;
    return best;
}

/* Reference index of each lpm entry of the table being checked (filled by map_entries). */
static int emap[MAXREF];
static const er_lpm *emap_table;

/* Match every lpm entry with its reference prefix; the values must agree too. */
static void map_entries(const ref_table *r, const er_lpm *t)
{
    assert_int_equal(er_lpm_size(t), (size_t)r->n);
    for (uint32_t e = 0; e < er_lpm_size(t); e++) {
        const er_lpm_entry *ent = er_lpm_entry_at(t, e);
        assert_non_null(ent);
        emap[e] = -1;
        for (int i = 0; i < r->n; i++)
            if (er_prefix_cmp(&r->p[i], &ent->prefix) == 0) {
                assert_int_equal(ent->value, r->value[i]);
                emap[e] = i;
            }
        if (emap[e] < 0)
            fail_msg("lpm entry %u is not in the reference", e);
    }
    emap_table = t;
}

/* The reference index of an lpm entry index (-1 for NONE). */
static int ref_of(const ref_table *r, const er_lpm *t, uint32_t e)
{
    (void)r;
    if (e == ER_LPM_NONE)
        return -1;
    assert_ptr_equal(t, emap_table);
    assert_true(e < er_lpm_size(t));
    return emap[e];
}

static void check_lookup(const ref_table *r, const er_lpm *t, er_u128 a)
{
    int want = ref_lookup(r, a);
    int got = ref_of(r, t, er_lpm_lookup(t, a));
    if (want != got) {
        char buf[ER_PREFIX_STRLEN];
        er_addr_format(a, er_lpm_family(t), buf, sizeof buf);
        fail_msg("lookup %s: got ref %d, want %d", buf, got, want);
    }
}

/* ---- random tables ---- */

static er_u128 rand128(uint64_t *rs) { return ((er_u128)tu_rand(rs) << 64) | tu_rand(rs); }

/* A random prefix inside base, with a length between base.len and the family width. */
static er_prefix rand_inside(uint64_t *rs, const er_prefix *base)
{
    int bits = er_family_bits(base->family);
    er_prefix p = *base;
    uint64_t k = tu_rand(rs) % 10;
    if (k == 0)
        p.len = (uint8_t)bits; /* host route */
    else if (k < 3)
        p.len = (uint8_t)(base->len + (int)(tu_rand(rs) % 3 < 2 ? tu_rand(rs) % 4 : 0));
    else
        p.len = (uint8_t)(base->len + (int)(tu_rand(rs) % (uint64_t)(bits - base->len + 1)));
    if (p.len > bits)
        p.len = (uint8_t)bits;
    er_u128 span = er_prefix_last(base) - er_prefix_first(base);
    er_u128 off = span == ONES ? rand128(rs) : rand128(rs) % (span + 1);
    p.addr = er_prefix_first(base) + off;
    if (base->family == ER_AF_V4)
        p.addr &= 0xffffffffu;
    er_prefix_mask_host(&p);
    return p;
}

/* Fill a table: random prefixes inside base plus nesting, siblings, duplicates, edges.
 * outside: also add prefixes that contain base (from /0 down to base.len). */
static void make_table(uint64_t *rs, const er_prefix *base, int n, bool outside, ref_table *r,
                       er_lpm *t, er_prefix *adds, uint32_t *addv, int *nadds)
{
    int bits = er_family_bits(base->family);
    int na = 0;
    while (na < n) {
        er_prefix p;
        uint64_t kind = tu_rand(rs) % 16;
        if (na > 0 && kind < 3) { /* nested in an earlier one */
            er_prefix in = adds[tu_rand(rs) % (uint64_t)na];
            p = rand_inside(rs, &in);
        } else if (na > 0 && kind < 5) { /* adjacent sibling */
            p = adds[tu_rand(rs) % (uint64_t)na];
            if (p.len > base->len) {
                p.addr ^= (er_u128)1 << (bits - p.len);
            }
        } else if (na > 0 && kind < 7) { /* exact duplicate, maybe with host bits set */
            p = adds[tu_rand(rs) % (uint64_t)na];
            if (p.len < bits && (tu_rand(rs) & 1))
                p.addr |= 1;
        } else if (kind == 7) { /* at the bottom or the top of the space */
            p = rand_inside(rs, base);
            er_u128 host = ~er_prefix_mask(base->family, p.len) & fam_max(base->family);
            p.addr = (tu_rand(rs) & 1) ? er_prefix_first(base) : (er_prefix_last(base) & ~host);
        } else if (kind == 8 && outside) { /* covering base */
            p = *base;
            p.len = (uint8_t)(tu_rand(rs) % (uint64_t)(base->len + 1));
            er_prefix_mask_host(&p);
        } else if (kind == 9) {
            p = *base;
        } else {
            p = rand_inside(rs, base);
        }
        uint32_t v = (uint32_t)tu_rand(rs);
        adds[na] = p;
        addv[na] = v;
        na++;
    }
    for (int i = 0; i < na; i++) {
        ref_add(r, adds[i], addv[i]);
        assert_int_equal(er_lpm_add(t, &adds[i], addv[i]), ER_OK);
    }
    *nadds = na;
    assert_int_equal(er_lpm_build(t), ER_OK);
    assert_int_equal(er_lpm_size(t), (size_t)r->n);
    map_entries(r, t);
}

/* ---- partition collection ---- */

typedef struct {
    er_lpm_seg *s;
    size_t n, cap;
} seg_list;

static bool collect_seg(const er_lpm_seg *seg, void *ctx)
{
    seg_list *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->s = realloc(l->s, l->cap * sizeof *l->s);
        assert_non_null(l->s);
    }
    l->s[l->n++] = *seg;
    return true;
}

/* Segments are ascending, contiguous, cover [first,last] exactly and are maximal. */
static void check_shape(const seg_list *l, er_u128 first, er_u128 last)
{
    assert_true(l->n >= 1);
    assert_true(l->s[0].first == first);
    assert_true(l->s[l->n - 1].last == last);
    for (size_t i = 0; i < l->n; i++) {
        assert_true(l->s[i].first <= l->s[i].last);
        if (i > 0) {
            assert_true(l->s[i].first == l->s[i - 1].last + 1);
            assert_true(l->s[i].entry != l->s[i - 1].entry);
        }
    }
}

/* Every segment has one LPM answer throughout: no reference prefix starts or ends inside
 * it (which is where answers change), and its entry is the answer at its first address. */
static void check_segments_full(const ref_table *r, const er_lpm *t, const seg_list *l,
                                uint64_t *rs)
{
    for (size_t i = 0; i < l->n; i++) {
        const er_lpm_seg *s = &l->s[i];
        int want = ref_of(r, t, s->entry);
        assert_int_equal(ref_lookup(r, s->first), want);
        assert_int_equal(ref_lookup(r, s->last), want);
        er_u128 span = s->last - s->first;
        er_u128 x = s->first + (span == ONES ? rand128(rs) : rand128(rs) % (span + 1));
        assert_int_equal(ref_lookup(r, x), want);
        for (int k = 0; k < r->n; k++) {
            er_u128 pf = er_prefix_first(&r->p[k]), pl = er_prefix_last(&r->p[k]);
            assert_false(pf > s->first && pf <= s->last);
            assert_false(pl >= s->first && pl < s->last);
        }
    }
}

/* ---- small subspace: walk every address ---- */

#define SUB 4096

static void small_case(uint64_t *rs, int family)
{
    er_prefix base = {0};
    base.family = (uint8_t)family;
    if (family == ER_AF_V4) {
        base.addr = 0x0a000000u; /* 10.0.0.0/20 */
        base.len = 20;
    } else {
        base.addr = ((er_u128)0x20010db8u << 96) | ((er_u128)0xabcdu << 64) | 0x1000u;
        base.len = 116;
    }
    ref_table *r = calloc(1, sizeof *r);
    er_prefix adds[MAXREF];
    uint32_t addv[MAXREF];
    int na;
    er_lpm *t = er_lpm_new(family);
    assert_non_null(t);
    int n = 1 + (int)(tu_rand(rs) % 40);
    make_table(rs, &base, n, tu_rand(rs) % 3 == 0, r, t, adds, addv, &na);

    /* paint the answer for every address of the subspace: shorter prefixes first */
    static int paint[SUB];
    for (int x = 0; x < SUB; x++)
        paint[x] = -1;
    er_u128 b0 = er_prefix_first(&base);
    for (int len = 0; len <= er_family_bits(family); len++)
        for (int i = 0; i < r->n; i++) {
            if (r->p[i].len != len)
                continue;
            er_u128 f = er_prefix_first(&r->p[i]), l = er_prefix_last(&r->p[i]);
            if (l < b0 || f > b0 + SUB - 1)
                continue;
            er_u128 lo = f < b0 ? b0 : f, hi = l > b0 + SUB - 1 ? b0 + SUB - 1 : l;
            for (er_u128 a = lo; a <= hi; a++)
                paint[a - b0] = i;
        }
    /* lookups of every address, against the painting; some against the linear scan */
    for (int x = 0; x < SUB; x++) {
        int got = ref_of(r, t, er_lpm_lookup(t, b0 + (er_u128)x));
        if (got != paint[x])
            fail_msg("family %d address +%d: got %d want %d", family, x, got, paint[x]);
        if (x % 97 == 0)
            check_lookup(r, t, b0 + (er_u128)x);
    }
    /* partitions of random sub-ranges and prefixes, against runs of the painting */
    for (int q = 0; q < 6; q++) {
        er_u128 f, l;
        seg_list got = {0};
        if (q == 1 || q == 2) {
            er_prefix qp = rand_inside(rs, &base);
            f = er_prefix_first(&qp);
            l = er_prefix_last(&qp);
            er_lpm_partition(t, &qp, collect_seg, &got);
        } else {
            if (q == 0) {
                f = b0;
                l = b0 + SUB - 1;
            } else {
                f = b0 + tu_rand(rs) % SUB;
                l = b0 + tu_rand(rs) % SUB;
                if (f > l) {
                    er_u128 tmp = f;
                    f = l;
                    l = tmp;
                }
            }
            er_lpm_partition_range(t, f, l, collect_seg, &got);
        }
        check_shape(&got, f, l);
        size_t si = 0;
        for (er_u128 a = f; a <= l; a++) {
            while (si < got.n && got.s[si].last < a)
                si++;
            assert_true(si < got.n);
            assert_int_equal(ref_of(r, t, got.s[si].entry), paint[a - b0]);
            /* maximality in terms of answers: a run of the painting never spans two */
            if (a > f && a == got.s[si].first)
                assert_int_not_equal(paint[a - b0], paint[a - b0 - 1]);
        }
        free(got.s);
    }
    er_lpm_free(t);
    free(r);
}

/* ---- full space ---- */

static void full_case(uint64_t *rs, int family)
{
    er_prefix all = {0, 0, (uint8_t)family};
    ref_table *r = calloc(1, sizeof *r);
    er_prefix adds[MAXREF];
    uint32_t addv[MAXREF];
    int na;
    er_lpm *t = er_lpm_new(family);
    assert_non_null(t);
    int n = 1 + (int)(tu_rand(rs) % 120);
    er_prefix base = all;
    if (tu_rand(rs) % 4 == 0) { /* crowd the prefixes into a random /8 or /32 */
        base = rand_inside(rs, &all);
        base.len = family == ER_AF_V4 ? 8 : 32;
        er_prefix_mask_host(&base);
    }
    make_table(rs, &base, n, true, r, t, adds, addv, &na);
    int bits = er_family_bits(family);

    /* er_lpm_find: every added prefix (host bits or not) finds the first value */
    for (int i = 0; i < na; i++) {
        uint32_t e = er_lpm_find(t, &adds[i]);
        assert_int_not_equal(e, ER_LPM_NONE);
        int ri = ref_of(r, t, e);
        er_prefix m = adds[i];
        er_prefix_mask_host(&m);
        assert_int_equal(er_prefix_cmp(&r->p[ri], &m), 0);
    }
    for (int i = 0; i < 20; i++) {
        er_prefix p = rand_inside(rs, &all);
        uint32_t e = er_lpm_find(t, &p);
        bool present = false;
        for (int k = 0; k < r->n; k++)
            present |= er_prefix_cmp(&r->p[k], &p) == 0;
        assert_int_equal(e != ER_LPM_NONE, present);
    }
    /* entries: sorted, distinct, parents are the longest strictly containing entry */
    for (uint32_t i = 0; i < er_lpm_size(t); i++) {
        const er_lpm_entry *e = er_lpm_entry_at(t, i);
        if (i > 0)
            assert_true(er_prefix_cmp(&er_lpm_entry_at(t, i - 1)->prefix, &e->prefix) < 0);
        int want = -1;
        for (int k = 0; k < r->n; k++)
            if (r->p[k].len < e->prefix.len && er_prefix_contains(&r->p[k], &e->prefix) &&
                (want < 0 || r->p[k].len > r->p[want].len))
                want = k;
        assert_int_equal(ref_of(r, t, e->parent), want);
        if (e->parent != ER_LPM_NONE)
            assert_true(e->parent < i);
    }
    assert_null(er_lpm_entry_at(t, (uint32_t)er_lpm_size(t)));

    /* the whole space: shape, and every boundary +-1 against the linear scan */
    seg_list whole = {0};
    er_lpm_partition_range(t, 0, fam_max(family), collect_seg, &whole);
    check_shape(&whole, 0, fam_max(family));
    check_segments_full(r, t, &whole, rs);
    for (size_t i = 0; i < whole.n; i++) {
        er_u128 pts[4] = {whole.s[i].first, whole.s[i].last, whole.s[i].first - 1,
                          whole.s[i].last + 1};
        for (int k = 0; k < 4; k++)
            if (pts[k] <= fam_max(family))
                check_lookup(r, t, pts[k]);
    }
    for (int i = 0; i < r->n; i++) { /* prefix edges +-1 */
        er_u128 f = er_prefix_first(&r->p[i]), l = er_prefix_last(&r->p[i]);
        check_lookup(r, t, f);
        check_lookup(r, t, l);
        if (f > 0)
            check_lookup(r, t, f - 1);
        if (l < fam_max(family))
            check_lookup(r, t, l + 1);
    }
    for (int i = 0; i < 50; i++) {
        er_u128 a = rand128(rs) & fam_max(family);
        if (i % 2)
            a = er_prefix_first(&base) + (rand128(rs) & ~er_prefix_mask(family, base.len) &
                                          fam_max(family));
        check_lookup(r, t, a);
    }
    /* random queries: prefixes (some equal to table prefixes) and ranges */
    for (int q = 0; q < 8; q++) {
        er_u128 f, l;
        seg_list got = {0};
        if (q < 4) {
            er_prefix qp = q == 0 ? adds[tu_rand(rs) % (uint64_t)na] : rand_inside(rs, &base);
            if (q == 1)
                qp.len = (uint8_t)(tu_rand(rs) % (uint64_t)(bits + 1));
            er_prefix_mask_host(&qp);
            f = er_prefix_first(&qp);
            l = er_prefix_last(&qp);
            er_lpm_partition(t, &qp, collect_seg, &got);
        } else {
            f = rand128(rs) & fam_max(family);
            l = rand128(rs) & fam_max(family);
            if (q == 4)
                l = fam_max(family);
            if (f > l) {
                er_u128 tmp = f;
                f = l;
                l = tmp;
            }
            er_lpm_partition_range(t, f, l, collect_seg, &got);
        }
        check_shape(&got, f, l);
        check_segments_full(r, t, &got, rs);
        free(got.s);
    }
    free(whole.s);
    er_lpm_free(t);
    free(r);
}

static void test_random_small_v4(void **state)
{
    (void)state;
    uint64_t rs = 0x1b4a0004;
    for (int i = 0; i < 1500; i++)
        small_case(&rs, ER_AF_V4);
}

static void test_random_small_v6(void **state)
{
    (void)state;
    uint64_t rs = 0x1b4a0006;
    for (int i = 0; i < 1500; i++)
        small_case(&rs, ER_AF_V6);
}

static void test_random_full_v4(void **state)
{
    (void)state;
    uint64_t rs = 0xf0114;
    for (int i = 0; i < 1200; i++)
        full_case(&rs, ER_AF_V4);
}

static void test_random_full_v6(void **state)
{
    (void)state;
    uint64_t rs = 0xf0116;
    for (int i = 0; i < 1200; i++)
        full_case(&rs, ER_AF_V6);
}

/* ---- fixed cases and lifecycle ---- */

static er_prefix P(const char *s)
{
    er_prefix p;
    er_addr_err e = er_prefix_parse(s, true, &p);
    if (e != ER_ADDR_OK && e != ER_ADDR_HOST_BITS)
        fail_msg("bad test prefix %s", s);
    return p;
}

static const char *seg_str(const er_lpm *t, const er_lpm_seg *s)
{
    static char buf[4][256];
    static int k;
    char *b = buf[k++ & 3];
    char f[ER_PREFIX_STRLEN], l[ER_PREFIX_STRLEN], e[ER_PREFIX_STRLEN] = "none";
    er_addr_format(s->first, er_lpm_family(t), f, sizeof f);
    er_addr_format(s->last, er_lpm_family(t), l, sizeof l);
    if (s->entry != ER_LPM_NONE)
        er_prefix_format(&er_lpm_entry_at(t, s->entry)->prefix, e, sizeof e);
    snprintf(b, 256, "%s-%s=%s", f, l, e);
    return b;
}

static void test_fixed_v4(void **state)
{
    (void)state;
    er_lpm *t = er_lpm_new(ER_AF_V4);
    assert_non_null(t);
    const char *pfx[] = {"10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.2.0.0/16",
                         "255.255.255.255/32", "0.0.0.0/32", "10.1.0.0/16"};
    for (size_t i = 0; i < ER_ARRAY_LEN(pfx); i++) {
        er_prefix p = P(pfx[i]);
        assert_int_equal(er_lpm_add(t, &p, (uint32_t)(100 + i)), ER_OK);
    }
    assert_int_equal(er_lpm_build(t), ER_OK);
    assert_int_equal(er_lpm_size(t), 6);
    er_prefix q = P("10.1.0.0/16");
    uint32_t e = er_lpm_find(t, &q);
    assert_int_equal(er_lpm_entry_at(t, e)->value, 101); /* first added wins */
    seg_list l = {0};
    er_lpm_partition_range(t, 0, 0xffffffffu, collect_seg, &l);
    const char *want[] = {
        "0.0.0.0-0.0.0.0=0.0.0.0/32",
        "0.0.0.1-9.255.255.255=none",
        "10.0.0.0-10.0.255.255=10.0.0.0/8",
        "10.1.0.0-10.1.1.255=10.1.0.0/16",
        "10.1.2.0-10.1.2.255=10.1.2.0/24",
        "10.1.3.0-10.1.255.255=10.1.0.0/16",
        "10.2.0.0-10.2.255.255=10.2.0.0/16",
        "10.3.0.0-10.255.255.255=10.0.0.0/8",
        "11.0.0.0-255.255.255.254=none",
        "255.255.255.255-255.255.255.255=255.255.255.255/32",
    };
    assert_int_equal(l.n, ER_ARRAY_LEN(want));
    for (size_t i = 0; i < l.n; i++)
        assert_string_equal(seg_str(t, &l.s[i]), want[i]);
    free(l.s);
    /* partition of a prefix clips its first and last segment */
    l = (seg_list){0};
    q = P("10.1.0.0/15");
    er_lpm_partition(t, &q, collect_seg, &l);
    const char *want2[] = {"10.0.0.0-10.0.255.255=10.0.0.0/8",
                           "10.1.0.0-10.1.1.255=10.1.0.0/16",
                           "10.1.2.0-10.1.2.255=10.1.2.0/24",
                           "10.1.3.0-10.1.255.255=10.1.0.0/16"};
    assert_int_equal(l.n, 4);
    for (size_t i = 0; i < l.n; i++)
        assert_string_equal(seg_str(t, &l.s[i]), want2[i]);
    free(l.s);
    l = (seg_list){0};
    er_lpm_partition_range(t, 0x0a010203u, 0x0a010203u, collect_seg, &l);
    assert_int_equal(l.n, 1);
    assert_string_equal(seg_str(t, &l.s[0]), "10.1.2.3-10.1.2.3=10.1.2.0/24");
    free(l.s);
    /* parents */
    q = P("10.1.2.0/24");
    const er_lpm_entry *ent = er_lpm_entry_at(t, er_lpm_find(t, &q));
    assert_int_equal(er_lpm_entry_at(t, ent->parent)->value, 101);
    assert_int_equal(er_lpm_entry_at(t, er_lpm_entry_at(t, ent->parent)->parent)->value, 100);
    q = P("10.0.0.0/8");
    assert_int_equal(er_lpm_entry_at(t, er_lpm_find(t, &q))->parent, ER_LPM_NONE);
    q = P("10.1.2.0/23");
    assert_int_equal(er_lpm_find(t, &q), ER_LPM_NONE);
    er_prefix top = {0xffffffffu, 32, ER_AF_V4};
    assert_int_equal(er_lpm_lookup(t, 0xffffffffu), er_lpm_find(t, &top));
    assert_int_equal(er_lpm_lookup(t, (er_u128)0xffffffffu + 1), ER_LPM_NONE);
    er_lpm_free(t);
}

static void test_top_of_space(void **state)
{
    (void)state;
    er_lpm *t = er_lpm_new(ER_AF_V6);
    er_prefix p = P("::/0");
    assert_int_equal(er_lpm_add(t, &p, 1), ER_OK);
    p = P("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
    assert_int_equal(er_lpm_add(t, &p, 2), ER_OK);
    p = P("ff00::/8");
    assert_int_equal(er_lpm_add(t, &p, 3), ER_OK);
    assert_int_equal(er_lpm_build(t), ER_OK);
    seg_list l = {0};
    er_lpm_partition_range(t, 0, ONES, collect_seg, &l);
    assert_int_equal(l.n, 3);
    assert_string_equal(seg_str(t, &l.s[0]), "::-feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff=::/0");
    assert_string_equal(seg_str(t, &l.s[1]),
                        "ff00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe=ff00::/8");
    assert_string_equal(seg_str(t, &l.s[2]), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff-"
                                             "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff="
                                             "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
    free(l.s);
    assert_int_equal(er_lpm_entry_at(t, er_lpm_lookup(t, ONES))->value, 2);
    assert_int_equal(er_lpm_entry_at(t, er_lpm_lookup(t, ONES - 1))->value, 3);
    assert_int_equal(er_lpm_entry_at(t, er_lpm_lookup(t, 0))->value, 1);
    er_lpm_free(t);

    /* only /0: one segment for any query */
    t = er_lpm_new(ER_AF_V4);
    p = P("0.0.0.0/0");
    assert_int_equal(er_lpm_add(t, &p, 7), ER_OK);
    assert_int_equal(er_lpm_build(t), ER_OK);
    l = (seg_list){0};
    er_lpm_partition_range(t, 0, 0xffffffffu, collect_seg, &l);
    assert_int_equal(l.n, 1);
    assert_string_equal(seg_str(t, &l.s[0]), "0.0.0.0-255.255.255.255=0.0.0.0/0");
    free(l.s);
    er_lpm_free(t);
}

static bool stop_after_two(const er_lpm_seg *seg, void *ctx)
{
    (void)seg;
    int *n = ctx;
    return ++*n < 2;
}

static bool count_seg(const er_lpm_seg *seg, void *ctx)
{
    (void)seg;
    ++*(int *)ctx;
    return true;
}

static void test_lifecycle(void **state)
{
    (void)state;
    assert_null(er_lpm_new(0));
    assert_null(er_lpm_new(5));
    er_lpm_free(NULL);
    er_lpm *t = er_lpm_new(ER_AF_V4);
    assert_int_equal(er_lpm_family(t), ER_AF_V4);
    er_prefix p6 = P("2001:db8::/32"), p4 = P("192.0.2.0/24"), bad = p4;
    bad.len = 33;
    assert_int_equal(er_lpm_add(t, &p6, 1), ER_ERR_ARG);
    assert_int_equal(er_lpm_add(t, &bad, 1), ER_ERR_ARG);
    assert_int_equal(er_lpm_add(t, NULL, 1), ER_ERR_ARG);
    assert_int_equal(er_lpm_add(NULL, &p4, 1), ER_ERR_ARG);
    assert_int_equal(er_lpm_reserve(t, 1000), ER_OK);
    assert_int_equal(er_lpm_add(t, &p4, 1), ER_OK);
    /* before build: nothing answers */
    int n = 0;
    assert_int_equal(er_lpm_size(t), 0);
    assert_null(er_lpm_entry_at(t, 0));
    assert_int_equal(er_lpm_lookup(t, 0xc0000201u), ER_LPM_NONE);
    assert_int_equal(er_lpm_find(t, &p4), ER_LPM_NONE);
    er_lpm_partition(t, &p4, count_seg, &n);
    er_lpm_partition_range(t, 0, 0xffffffffu, count_seg, &n);
    assert_int_equal(n, 0);
    assert_int_equal(er_lpm_build(t), ER_OK);
    assert_int_equal(er_lpm_build(t), ER_OK); /* again: no-op */
    assert_int_equal(er_lpm_size(t), 1);
    assert_int_equal(er_lpm_lookup(t, 0xc0000201u), 0);
    /* wrong family and bad ranges: no callback */
    er_lpm_partition(t, &p6, count_seg, &n);
    er_lpm_partition_range(t, 5, 4, count_seg, &n);
    er_lpm_partition_range(t, 0, (er_u128)1 << 32, count_seg, &n);
    assert_int_equal(n, 0);
    assert_int_equal(er_lpm_find(t, &p6), ER_LPM_NONE);
    /* early stop */
    er_lpm_partition_range(t, 0, 0xffffffffu, stop_after_two, &n);
    assert_int_equal(n, 2);
    /* add after build: queries wait for the next build, earlier entries keep precedence */
    er_prefix p4b = P("192.0.2.128/25");
    assert_int_equal(er_lpm_add(t, &p4, 99), ER_OK);
    assert_int_equal(er_lpm_add(t, &p4b, 2), ER_OK);
    assert_int_equal(er_lpm_lookup(t, 0xc0000281u), ER_LPM_NONE);
    assert_int_equal(er_lpm_size(t), 0);
    assert_int_equal(er_lpm_build(t), ER_OK);
    assert_int_equal(er_lpm_size(t), 2);
    assert_int_equal(er_lpm_entry_at(t, er_lpm_find(t, &p4))->value, 1);
    assert_int_equal(er_lpm_entry_at(t, er_lpm_lookup(t, 0xc0000281u))->value, 2);
    assert_int_equal(er_lpm_entry_at(t, er_lpm_lookup(t, 0xc0000201u))->value, 1);
    er_lpm_free(t);

    /* empty table */
    t = er_lpm_new(ER_AF_V6);
    assert_int_equal(er_lpm_build(t), ER_OK);
    assert_int_equal(er_lpm_size(t), 0);
    assert_int_equal(er_lpm_lookup(t, 12345), ER_LPM_NONE);
    seg_list l = {0};
    er_lpm_partition_range(t, 0, ONES, collect_seg, &l);
    assert_int_equal(l.n, 1);
    assert_true(l.s[0].first == 0 && l.s[0].last == ONES && l.s[0].entry == ER_LPM_NONE);
    free(l.s);
    er_lpm_free(t);
}

/* Many copies, deep nesting: the 129-deep chain /0../128 and 10k duplicates. */
static void test_deep_and_duplicates(void **state)
{
    (void)state;
    er_lpm *t = er_lpm_new(ER_AF_V6);
    er_u128 a = ((er_u128)0x20010db8u << 96) | 0x1234u;
    for (int len = 128; len >= 0; len--) {
        er_prefix p = {a, (uint8_t)len, ER_AF_V6};
        assert_int_equal(er_lpm_add(t, &p, (uint32_t)len), ER_OK);
    }
    for (int i = 0; i < 10000; i++) {
        er_prefix p = {a, (uint8_t)(i % 129), ER_AF_V6};
        assert_int_equal(er_lpm_add(t, &p, 1000000u + (uint32_t)i), ER_OK);
    }
    assert_int_equal(er_lpm_build(t), ER_OK);
    assert_int_equal(er_lpm_size(t), 129);
    for (uint32_t i = 0; i < 129; i++) {
        const er_lpm_entry *e = er_lpm_entry_at(t, i);
        assert_int_equal(e->value, e->prefix.len);
        assert_int_equal(e->parent, i == 0 ? ER_LPM_NONE : i - 1);
    }
    assert_int_equal(er_lpm_entry_at(t, er_lpm_lookup(t, a))->value, 128);
    assert_int_equal(er_lpm_entry_at(t, er_lpm_lookup(t, a + 1))->value, 127);
    assert_int_equal(er_lpm_entry_at(t, er_lpm_lookup(t, ONES))->value, 0);
    int n = 0;
    er_lpm_partition_range(t, 0, ONES, count_seg, &n);
    assert_int_equal(n, 129); /* the /128 and one half of each shorter level */
    er_lpm_free(t);
}

/* ---- bulk tables: the sorts' multi-pass paths, against qsort and er_lpm_find ---- */

typedef struct {
    er_prefix p;
    uint32_t value;
    uint32_t order;
} bulk_rec;

static int cmp_bulk(const void *a, const void *b)
{
    const bulk_rec *x = a, *y = b;
    int c = er_prefix_cmp(&x->p, &y->p);
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Longest match by probing every length present, longest first, with er_lpm_find. */
static uint32_t find_chain(const er_lpm *t, const bool *lens, er_u128 a, int below)
{
    for (int len = below; len >= 0; len--) {
        if (!lens[len])
            continue;
        er_prefix q = {a, (uint8_t)len, (uint8_t)er_lpm_family(t)};
        er_prefix_mask_host(&q);
        uint32_t e = er_lpm_find(t, &q);
        if (e != ER_LPM_NONE)
            return e;
    }
    return ER_LPM_NONE;
}

static void bulk_case(int family, uint64_t seed, size_t n)
{
    uint64_t rs = seed;
    int bits = er_family_bits(family);
    er_prefix all = {0, 0, (uint8_t)family};
    er_prefix bases[6];
    for (int i = 0; i < 6; i++) {
        bases[i] = rand_inside(&rs, &all);
        bases[i].len = (uint8_t)(family == ER_AF_V4 ? 12 + 2 * i : 32 + 16 * i);
        er_prefix_mask_host(&bases[i]);
    }
    bulk_rec *v = malloc(n * sizeof *v);
    assert_non_null(v);
    er_lpm *t = er_lpm_new(family);
    assert_int_equal(er_lpm_reserve(t, n / 2), ER_OK);
    bool lens[129] = {false};
    for (size_t i = 0; i < n; i++) {
        er_prefix p;
        uint64_t k = tu_rand(&rs) % 8;
        if (i > 0 && k == 0)
            p = v[tu_rand(&rs) % i].p; /* duplicate */
        else if (k < 6)
            p = rand_inside(&rs, &bases[tu_rand(&rs) % 6]);
        else
            p = rand_inside(&rs, &all);
        er_prefix_mask_host(&p);
        v[i].p = p;
        v[i].value = (uint32_t)tu_rand(&rs);
        v[i].order = (uint32_t)i;
        lens[p.len] = true;
        assert_int_equal(er_lpm_add(t, &p, v[i].value), ER_OK);
    }
    assert_int_equal(er_lpm_build(t), ER_OK);
    qsort(v, n, sizeof *v, cmp_bulk);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || er_prefix_cmp(&v[i].p, &v[i - 1].p) != 0)
            v[m++] = v[i];
    assert_int_equal(er_lpm_size(t), m);
    for (uint32_t i = 0; i < m; i++) {
        const er_lpm_entry *e = er_lpm_entry_at(t, i);
        assert_int_equal(er_prefix_cmp(&e->prefix, &v[i].p), 0);
        assert_int_equal(e->value, v[i].value); /* the first added copy */
        assert_int_equal(e->parent, e->prefix.len ? find_chain(t, lens, e->prefix.addr,
                                                               e->prefix.len - 1)
                                                  : ER_LPM_NONE);
    }
    for (int i = 0; i < 20000; i++) {
        er_u128 a;
        if (i % 2) {
            const er_prefix *p = &v[tu_rand(&rs) % m].p;
            a = (i % 4 == 1) ? er_prefix_first(p) - 1 : er_prefix_last(p) + 1;
            a &= er_prefix_mask(family, bits);
        } else {
            a = rand_inside(&rs, &bases[tu_rand(&rs) % 6]).addr | (tu_rand(&rs) & 0xff);
        }
        assert_int_equal(er_lpm_lookup(t, a), find_chain(t, lens, a, bits));
    }
    seg_list l = {0};
    er_lpm_partition_range(t, 0, fam_max(family), collect_seg, &l);
    check_shape(&l, 0, fam_max(family));
    assert_true(l.n <= 2 * m + 1);
    for (size_t i = 0; i < l.n; i++) {
        assert_int_equal(l.s[i].entry, find_chain(t, lens, l.s[i].first, bits));
        assert_int_equal(l.s[i].entry, find_chain(t, lens, l.s[i].last, bits));
    }
    free(l.s);
    free(v);
    er_lpm_free(t);
}

static void test_bulk_v4(void **state)
{
    (void)state;
    bulk_case(ER_AF_V4, 0xb0140, 60000);
    bulk_case(ER_AF_V4, 0xb0141, 3000);
}

static void test_bulk_v6(void **state)
{
    (void)state;
    bulk_case(ER_AF_V6, 0xb0160, 60000);
    bulk_case(ER_AF_V6, 0xb0161, 3000);
}

/* ---- benchmark (ERREADY_LPM_BENCH=1) ---- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this process: less disturbed than wall time on a shared machine. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median5(double v[5])
{
    qsort(v, 5, sizeof v[0], cmp_double);
    return v[2];
}

/* Synthetic full-table-like prefixes: mostly /24, some shorter, a few host routes. */
static er_prefix synth_prefix(uint64_t *rs, int family)
{
    uint64_t r = tu_rand(rs);
    er_prefix p = {0, 0, (uint8_t)family};
    int lens4[] = {24, 24, 24, 24, 24, 24, 23, 22, 22, 21, 20, 19, 18, 17, 16, 16, 32, 12};
    int lens6[] = {48, 48, 48, 48, 44, 40, 36, 32, 32, 29, 64, 56, 128, 47};
    if (family == ER_AF_V4) {
        p.len = (uint8_t)lens4[r % ER_ARRAY_LEN(lens4)];
        p.addr = (uint32_t)(tu_rand(rs) % (223u << 24)) + (1u << 24);
    } else {
        p.len = (uint8_t)lens6[r % ER_ARRAY_LEN(lens6)];
        p.addr = ((er_u128)(0x2000u + tu_rand(rs) % 0x1000u) << 112) | (rand128(rs) >> 16);
    }
    er_prefix_mask_host(&p);
    return p;
}

static size_t load_file(const char *path, int family, er_prefix **out)
{
    size_t len;
    char *buf = tu_read_file(path, &len);
    if (!buf)
        return 0;
    size_t cap = 1 << 20, n = 0;
    er_prefix *v = malloc(cap * sizeof *v);
    char *line = buf;
    while (line < buf + len) {
        char *eol = memchr(line, '\n', (size_t)(buf + len - line));
        if (!eol)
            eol = buf + len;
        const char *s = line, *e = eol;
        /* bgpdump -m: the prefix is the sixth '|' field */
        int bars = 0;
        for (const char *c = line; c < eol && bars < 5; c++)
            if (*c == '|' && ++bars == 5)
                s = c + 1;
        er_prefix p;
        const char *next;
        er_addr_err err = er_prefix_scan(s, e, true, &p, &next);
        if ((err == ER_ADDR_OK || err == ER_ADDR_HOST_BITS) && p.family == family) {
            if (n == cap)
                v = realloc(v, (cap *= 2) * sizeof *v);
            v[n++] = p;
        }
        line = eol + 1;
    }
    free(buf);
    *out = v;
    return n;
}

typedef struct {
    uint64_t sum, segs;
} bench_acc;

static bool bench_cb(const er_lpm_seg *seg, void *ctx)
{
    bench_acc *a = ctx;
    a->sum += seg->entry;
    a->segs++;
    return true;
}

static void bench_family(const char *label, const er_prefix *v, size_t n, int family)
{
    double tb[5], tt[5], tq[5], tl[5], cb[5], ct[5], cq[5], cl[5];
    bench_acc acc = {0, 0};
    uint64_t sink = 0;
    const char *qs = getenv("ERREADY_LPM_BENCH_QUERIES"); /* partition queries, default 1M */
    const size_t nq = qs ? (size_t)strtoul(qs, NULL, 10) : 1000000, nl = 4 * nq;
    size_t distinct = 0;
    for (int run = 0; run < 5; run++) {
        er_lpm *t = er_lpm_new(family);
        double c0 = cpu_s(), t0 = now_s();
        if (er_lpm_reserve(t, n) != ER_OK)
            abort();
        for (size_t i = 0; i < n; i++)
            if (er_lpm_add(t, &v[i], (uint32_t)i) != ER_OK)
                abort();
        double c1 = cpu_s(), t1 = now_s();
        if (er_lpm_build(t) != ER_OK)
            abort();
        double c2 = cpu_s(), t2 = now_s();
        tb[run] = t2 - t1;
        tt[run] = t2 - t0;
        cb[run] = c2 - c1;
        ct[run] = c2 - c0;
        distinct = er_lpm_size(t);
        /* partition queries: table prefixes shortened by 0-4 bits (a service prefix
         * typically covers a few routes) */
        uint64_t rs = 0xbe4c4 + (uint64_t)run;
        acc.segs = 0;
        double c3 = cpu_s(), t3 = now_s();
        for (size_t q = 0; q < nq; q++) {
            er_prefix p = v[tu_rand(&rs) % n];
            int cut = (int)(tu_rand(&rs) % 5);
            p.len = (uint8_t)(p.len > cut ? p.len - cut : 0);
            er_prefix_mask_host(&p);
            er_lpm_partition(t, &p, bench_cb, &acc);
        }
        double c4 = cpu_s(), t4 = now_s();
        tq[run] = t4 - t3;
        cq[run] = c4 - c3;
        /* lookups: random addresses inside random table prefixes */
        for (size_t q = 0; q < nl; q++) {
            const er_prefix *p = &v[tu_rand(&rs) % n];
            er_u128 a = p->addr | (rand128(&rs) & ~er_prefix_mask(family, p->len) &
                                   fam_max(family));
            sink += er_lpm_lookup(t, a);
        }
        tl[run] = now_s() - t4;
        cl[run] = cpu_s() - c4;
        er_lpm_free(t);
    }
    printf("%s: %zu prefixes (%zu distinct)\n", label, n, distinct);
    printf("  build (sort, dedupe, parents, map): median %6.1f ms wall, %6.1f ms cpu\n",
           median5(tb) * 1e3, median5(cb) * 1e3);
    printf("  add + build:                        median %6.1f ms wall, %6.1f ms cpu\n",
           median5(tt) * 1e3, median5(ct) * 1e3);
    if (nq) {
        double wq = median5(tq), pq = median5(cq), wl = median5(tl), pl = median5(cl);
        printf("  partition, %zu queries (%.2f segments each): median %.0f ms wall, %.0f ms "
               "cpu = %.2f M queries/s, %.1f M segments/s (cpu)\n",
               nq, (double)acc.segs / (double)nq, wq * 1e3, pq * 1e3, (double)nq / pq / 1e6,
               (double)acc.segs / pq / 1e6);
        printf("  lookup, %zu addresses: median %.0f ms wall, %.0f ms cpu = %.2f M lookups/s "
               "(cpu)\n",
               nl, wl * 1e3, pl * 1e3, (double)nl / pl / 1e6);
    }
    printf("  (checksum %llu %llu)\n", (unsigned long long)sink, (unsigned long long)acc.sum);
}

static int run_bench(void)
{
    const char *file = getenv("ERREADY_LPM_BENCH_FILE");
    const struct {
        int family;
        size_t n;
    } synth[] = {{ER_AF_V4, 1200000}, {ER_AF_V6, 200000}, {ER_AF_V6, 1200000}};
    size_t runs = file ? 2 : ER_ARRAY_LEN(synth);
    for (size_t f = 0; f < runs; f++) {
        int family = file ? (f ? ER_AF_V6 : ER_AF_V4) : synth[f].family;
        er_prefix *v = NULL;
        size_t n;
        char label[256];
        if (file) {
            n = load_file(file, family, &v);
            snprintf(label, sizeof label, "%s IPv%d", file, family);
        } else {
            n = synth[f].n;
            v = malloc(n * sizeof *v);
            uint64_t rs = 0xbe4c;
            for (size_t i = 0; i < n; i++)
                v[i] = synth_prefix(&rs, family);
            snprintf(label, sizeof label, "synthetic IPv%d", family);
        }
        if (n)
            bench_family(label, v, n, family);
        free(v);
    }
    return 0;
}

int main(void)
{
    if (getenv("ERREADY_LPM_BENCH"))
        return run_bench();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_v4),         cmocka_unit_test(test_top_of_space),
        cmocka_unit_test(test_lifecycle),        cmocka_unit_test(test_deep_and_duplicates),
        cmocka_unit_test(test_random_small_v4),  cmocka_unit_test(test_random_small_v6),
        cmocka_unit_test(test_random_full_v4),   cmocka_unit_test(test_random_full_v6),
        cmocka_unit_test(test_bulk_v4),          cmocka_unit_test(test_bulk_v6),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
