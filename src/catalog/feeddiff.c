/* Feed diffs: prefixes added and removed per service between two versions of a feed.
 *
 * How it works: each side is a list of named prefix sets (service tags, or M365 endpoint
 * sets named "<serviceArea>:<id>"). Both lists are flattened into (name, prefix) pairs,
 * prefixes masked to canonical form, sorted by name then prefix and deduplicated, so a
 * set that appears twice is merged. One merge walk over the two sorted arrays then finds,
 * per name, the prefixes only on the left (removed) and only on the right (added); a
 * second pass over prefixes alone (sorted without names) counts the prefixes that are
 * new to or gone from the feed as a whole. Everything is O(n log n) in prefix entries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erready/update.h"

typedef struct pair {
    const char *name;
    er_prefix p;
} pair;

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : er_prefix_cmp(&x->p, &y->p);
}

static int cmp_prefix(const void *a, const void *b)
{
    return er_prefix_cmp(a, b);
}

/* Flatten, canonicalise, sort and deduplicate one side. Names without prefixes still
 * appear once, with len 255 as a marker, so that empty sets count as present. */
static pair *flatten(const er_named_prefixes *s, size_t n, size_t *out_n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += s[i].n ? s[i].n : 1;
    pair *v = malloc((total ? total : 1) * sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i].n == 0) {
            v[k].name = s[i].name;
            memset(&v[k].p, 0, sizeof v[k].p);
            v[k].p.len = 255;
            k++;
        }
        for (size_t j = 0; j < s[i].n; j++) {
            v[k].name = s[i].name;
            v[k].p = s[i].prefixes[j];
            er_prefix_mask_host(&v[k].p);
            k++;
        }
    }
    qsort(v, k, sizeof *v, cmp_pair);
    size_t w = 0;
    for (size_t i = 0; i < k; i++) {
        if (w && cmp_pair(&v[w - 1], &v[i]) == 0)
            continue;
        v[w++] = v[i];
    }
    /* Drop the empty-set marker where the name also has real prefixes. */
    size_t w2 = 0;
    for (size_t i = 0; i < w; i++) {
        bool marker = v[i].p.len == 255;
        bool has_real = (i > 0 && strcmp(v[i - 1].name, v[i].name) == 0) ||
                        (i + 1 < w && strcmp(v[i + 1].name, v[i].name) == 0);
        if (marker && has_real)
            continue;
        v[w2++] = v[i];
    }
    *out_n = w2;
    return v;
}

static bool is_marker(const pair *p)
{
    return p->p.len == 255;
}

/* Count prefixes present on one side only (ignoring names). */
static void unique_counts(const pair *a, size_t na, const pair *b, size_t nb, size_t *only_a,
                          size_t *only_b, bool *nomem)
{
    er_prefix *x = malloc((na ? na : 1) * sizeof *x), *y = malloc((nb ? nb : 1) * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        *nomem = true;
        return;
    }
    size_t nx = 0, ny = 0;
    for (size_t i = 0; i < na; i++)
        if (!is_marker(&a[i]))
            x[nx++] = a[i].p;
    for (size_t i = 0; i < nb; i++)
        if (!is_marker(&b[i]))
            y[ny++] = b[i].p;
    qsort(x, nx, sizeof *x, cmp_prefix);
    qsort(y, ny, sizeof *y, cmp_prefix);
    size_t i = 0, j = 0, oa = 0, ob = 0;
    while (i < nx || j < ny) {
        int c = i == nx ? 1 : j == ny ? -1 : er_prefix_cmp(&x[i], &y[j]);
        if (c < 0) {
            oa++;
            er_prefix cur = x[i];
            while (i < nx && er_prefix_cmp(&x[i], &cur) == 0)
                i++;
        } else if (c > 0) {
            ob++;
            er_prefix cur = y[j];
            while (j < ny && er_prefix_cmp(&y[j], &cur) == 0)
                j++;
        } else {
            er_prefix cur = x[i];
            while (i < nx && er_prefix_cmp(&x[i], &cur) == 0)
                i++;
            while (j < ny && er_prefix_cmp(&y[j], &cur) == 0)
                j++;
        }
    }
    *only_a = oa;
    *only_b = ob;
    free(x);
    free(y);
}

void er_feed_diff_free(er_feed_diff *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_entries; i++) {
        free(d->entries[i].name);
        free(d->entries[i].added);
        free(d->entries[i].removed);
    }
    free(d->entries);
    free(d);
}

static size_t count_names(const pair *v, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(v[i - 1].name, v[i].name) != 0)
            c++;
    return c;
}

/* The run [*i, end) of entries named like v[*i]. */
static size_t run_end(const pair *v, size_t n, size_t i)
{
    size_t e = i;
    while (e < n && strcmp(v[e].name, v[i].name) == 0)
        e++;
    return e;
}

/* Compare one name's runs a[ia..ea) and b[ib..eb) into entry e. */
static bool diff_runs(const pair *a, size_t ia, size_t ea, const pair *b, size_t ib, size_t eb,
                      er_diff_entry *e)
{
    size_t ca = ea - ia, cb = eb - ib;
    e->added = malloc((cb ? cb : 1) * sizeof *e->added);
    e->removed = malloc((ca ? ca : 1) * sizeof *e->removed);
    if (!e->added || !e->removed)
        return false;
    size_t i = ia, j = ib;
    while (i < ea || j < eb) {
        int c = i == ea ? 1 : j == eb ? -1 : er_prefix_cmp(&a[i].p, &b[j].p);
        if (c < 0) {
            if (!is_marker(&a[i]))
                e->removed[e->n_removed++] = a[i].p;
            i++;
        } else if (c > 0) {
            if (!is_marker(&b[j]))
                e->added[e->n_added++] = b[j].p;
            j++;
        } else {
            i++;
            j++;
        }
    }
    for (size_t k = ia; k < ea; k++)
        e->n_old += !is_marker(&a[k]);
    for (size_t k = ib; k < eb; k++)
        e->n_new += !is_marker(&b[k]);
    return true;
}

er_status er_feed_diff_sets(const er_named_prefixes *sa, size_t na, const er_named_prefixes *sb,
                            size_t nb, er_feed_diff **out)
{
    *out = NULL;
    size_t la = 0, lb = 0;
    pair *a = flatten(sa, na, &la), *b = flatten(sb, nb, &lb);
    er_feed_diff *d = calloc(1, sizeof *d);
    bool nomem = !a || !b || !d;
    if (!nomem) {
        d->n_old_sets = count_names(a, la);
        d->n_new_sets = count_names(b, lb);
        d->entries = calloc(d->n_old_sets + d->n_new_sets + 1, sizeof *d->entries);
        nomem = !d->entries;
    }
    size_t i = 0, j = 0;
    while (!nomem && (i < la || j < lb)) {
        int c = i == la ? 1 : j == lb ? -1 : strcmp(a[i].name, b[j].name);
        size_t ea = c <= 0 ? run_end(a, la, i) : i;
        size_t eb = c >= 0 ? run_end(b, lb, j) : j;
        er_diff_entry *e = &d->entries[d->n_entries];
        e->change = c < 0 ? -1 : c > 0 ? 1 : 0;
        e->name = strdup(c <= 0 ? a[i].name : b[j].name);
        if (!e->name || !diff_runs(a, i, ea, b, j, eb, e)) {
            free(e->name);
            free(e->added);
            free(e->removed);
            nomem = true;
            break;
        }
        if (e->change == 0 && e->n_added == 0 && e->n_removed == 0) {
            free(e->name);
            free(e->added);
            free(e->removed);
            memset(e, 0, sizeof *e);
        } else {
            d->sets_added += e->change > 0;
            d->sets_removed += e->change < 0;
            d->sets_changed += e->change == 0;
            d->prefixes_added += e->n_added;
            d->prefixes_removed += e->n_removed;
            d->n_entries++;
        }
        i = ea;
        j = eb;
    }
    if (!nomem)
        unique_counts(a, la, b, lb, &d->unique_removed, &d->unique_added, &nomem);
    free(a);
    free(b);
    if (nomem) {
        er_feed_diff_free(d);
        return ER_ERR_NOMEM;
    }
    *out = d;
    return ER_OK;
}

static er_named_prefixes *catalog_sets(const er_catalog *c, size_t *n)
{
    *n = er_catalog_count(c);
    er_named_prefixes *v = malloc((*n ? *n : 1) * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < *n; i++) {
        const er_service *s = er_catalog_service(c, i);
        v[i].name = s->name;
        v[i].prefixes = s->prefixes;
        v[i].n = s->n_prefixes;
    }
    return v;
}

er_status er_feed_diff_catalogs(const er_catalog *old, const er_catalog *neu, er_feed_diff **out)
{
    size_t na, nb;
    er_named_prefixes *a = catalog_sets(old, &na), *b = catalog_sets(neu, &nb);
    er_status rc = a && b ? er_feed_diff_sets(a, na, b, nb, out) : ER_ERR_NOMEM;
    free(a);
    free(b);
    return rc;
}

/* Names "<serviceArea>:<id>" for every set, in one block. */
static er_named_prefixes *m365_sets(const er_m365 *m, size_t *n, char **names)
{
    *n = er_m365_count(m);
    er_named_prefixes *v = malloc((*n ? *n : 1) * sizeof *v);
    size_t size = 0;
    for (size_t i = 0; i < *n; i++)
        size += strlen(er_m365_set_at(m, i)->service_area) + 12;
    *names = malloc(size ? size : 1);
    if (!v || !*names) {
        free(v);
        free(*names);
        *names = NULL;
        return NULL;
    }
    char *p = *names;
    for (size_t i = 0; i < *n; i++) {
        const er_m365_set *s = er_m365_set_at(m, i);
        int w = snprintf(p, size - (size_t)(p - *names), "%s:%u", s->service_area, s->id);
        v[i].name = p;
        v[i].prefixes = s->prefixes;
        v[i].n = s->n_prefixes;
        p += w + 1;
    }
    return v;
}

er_status er_feed_diff_m365(const er_m365 *old, const er_m365 *neu, er_feed_diff **out)
{
    size_t na, nb;
    char *names_a = NULL, *names_b = NULL;
    er_named_prefixes *a = m365_sets(old, &na, &names_a), *b = m365_sets(neu, &nb, &names_b);
    er_status rc = a && b ? er_feed_diff_sets(a, na, b, nb, out) : ER_ERR_NOMEM;
    free(a);
    free(b);
    free(names_a);
    free(names_b);
    return rc;
}
