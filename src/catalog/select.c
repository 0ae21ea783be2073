/* Service selection: "all", "powerplatform", tag names, families, "Family.*", and the
 * region filter that swaps a family's global tag for its tag in the environment's region. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/internal.h"

/* The default Power Platform set (docs/services.md): the global tags of these families. */
static const char *const powerplatform_tags[] = {
    "PowerPlatformInfra", "PowerPlatformPlex",        "AzureConnectors",
    "LogicApps",          "MicrosoftAzureFluidRelay", "OneDsCollector",
};

#define MAX_ITEM 256

/* Case-insensitive edit distance, capped at limit+1. */
static size_t edit_distance(const char *a, size_t na, const char *b, size_t limit)
{
    size_t nb = strlen(b);
    if (nb > MAX_ITEM || (na > nb ? na - nb : nb - na) > limit)
        return limit + 1;
    size_t row[MAX_ITEM + 1];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            int x = a[i - 1], y = b[j - 1];
            x = x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x;
            y = y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y;
            size_t v = diag + (x != y);
            if (row[j] + 1 < v)
                v = row[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            diag = row[j];
            row[j] = v;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
    }
    return row[nb];
}

/* The closest family or tag name to an unknown item, or NULL if none is close. */
static const char *suggest(const er_catalog *c, const char *item, size_t len)
{
    size_t limit = len / 4 < 3 ? len / 4 : 3, best = limit + 1;
    const char *hit = NULL;
    if (limit == 0)
        return NULL;
    bool dotted = memchr(item, '.', len) != NULL;
    for (size_t i = 0; i < c->n_fam; i++) {
        size_t d = edit_distance(item, len, c->fam[i].name, limit);
        if (d < best) {
            best = d;
            hit = c->fam[i].name;
        }
    }
    for (size_t i = 0; dotted && i < c->n; i++) {
        size_t d = edit_distance(item, len, c->svc[i].name, limit);
        if (d < best) {
            best = d;
            hit = c->svc[i].name;
        }
    }
    return hit;
}

/* The n bytes at a equal NUL-terminated b, ignoring ASCII case. */
static bool ieq(const char *a, size_t n, const char *b)
{
    for (size_t i = 0; i < n; i++, b++) {
        int x = a[i], y = *b;
        if (!y || (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) !=
                      (y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y))
            return false;
    }
    return *b == '\0';
}

typedef struct selector {
    const er_catalog *c;
    er_diags *d;
    bool *mark;
    er_status st;
} selector;

static void fail(selector *s, er_status st)
{
    if (s->st == ER_OK)
        s->st = st;
}

static void unknown(selector *s, const char *what, const char *item, size_t len)
{
    const char *hint = suggest(s->c, item, len);
    if (hint)
        er_diags_add(s->d, ER_DIAG_ERROR, NULL, 0, 0, "unknown %s '%.*s' (did you mean '%s'?)",
                     what, (int)len, item, hint);
    else
        er_diags_add(s->d, ER_DIAG_ERROR, NULL, 0, 0, "unknown %s '%.*s'", what, (int)len, item);
    fail(s, ER_ERR_NOTFOUND);
}

static void select_item(selector *s, const char *item, size_t len)
{
    const er_catalog *c = s->c;
    if (ieq(item, len, "all")) {
        for (size_t i = 0; i < c->n; i++)
            s->mark[i] = true;
        return;
    }
    if (ieq(item, len, "powerplatform")) {
        for (size_t k = 0; k < ER_ARRAY_LEN(powerplatform_tags); k++) {
            size_t i = er_catalog_find(c, powerplatform_tags[k]);
            if (i == SIZE_MAX)
                er_diags_add(s->d, ER_DIAG_NOTE, NULL, 0, 0,
                             "powerplatform: this feed (cloud %s) has no tag '%s'", c->feed.cloud,
                             powerplatform_tags[k]);
            else
                s->mark[i] = true;
        }
        return;
    }
    if (len > 2 && item[len - 2] == '.' && item[len - 1] == '*') {
        size_t f = cat_family_find(c, item, len - 2);
        if (f == SIZE_MAX) {
            unknown(s, "service family", item, len - 2);
            return;
        }
        const cat_family *fam = &c->fam[f];
        size_t marked = 0;
        for (size_t k = 0; k < fam->count; k++) {
            size_t i = c->fam_members[fam->first + k];
            if (i != fam->global) {
                s->mark[i] = true;
                marked++;
            }
        }
        if (!marked) {
            er_diags_add(s->d, ER_DIAG_ERROR, NULL, 0, 0,
                         "'%.*s' selects nothing: family '%s' has no regional tags", (int)len, item,
                         fam->name);
            fail(s, ER_ERR_NOTFOUND);
        }
        return;
    }
    if (memchr(item, '.', len)) {
        char name[MAX_ITEM + 1];
        memcpy(name, item, len);
        name[len] = '\0';
        size_t i = er_catalog_find(c, name);
        if (i == SIZE_MAX)
            unknown(s, "service tag", item, len);
        else
            s->mark[i] = true;
        return;
    }
    size_t f = cat_family_find(c, item, len);
    if (f == SIZE_MAX) {
        unknown(s, "service tag or family", item, len);
        return;
    }
    for (size_t k = 0; k < c->fam[f].count; k++)
        s->mark[c->fam_members[c->fam[f].first + k]] = true;
}

static bool in_region(const er_catalog *c, size_t i, const char *code)
{
    return c->svc[i].region[0] && cat_strcasecmp(c->extra[i].region_code, code) == 0;
}

/* Keep regional tags of `code` only; replace each selected family global tag by the
 * family's tags for `code` when the family has regional tags. */
static er_status filter_region(selector *s, const er_region_info *r)
{
    const er_catalog *c = s->c;
    bool any = false;
    for (size_t i = 0; i < c->n && !any; i++)
        any = in_region(c, i, r->code);
    if (!any)
        er_diags_add(s->d, ER_DIAG_WARNING, NULL, 0, 0,
                     "no tag of this feed (cloud %s) is for region '%s': using global tags",
                     c->feed.cloud, r->code);
    bool *add = calloc(c->n ? c->n : 1, sizeof *add);
    if (!add)
        return ER_ERR_NOMEM;
    for (size_t i = 0; i < c->n; i++) {
        if (!s->mark[i])
            continue;
        if (c->svc[i].region[0]) {
            s->mark[i] = in_region(c, i, r->code);
            continue;
        }
        const cat_family *f = &c->fam[c->extra[i].family];
        if (f->global != i || f->n_regional == 0)
            continue;
        bool found = false;
        for (size_t k = 0; k < f->count; k++) {
            size_t m = c->fam_members[f->first + k];
            if (in_region(c, m, r->code)) {
                add[m] = true;
                found = true;
            }
        }
        if (found)
            s->mark[i] = false;
        else if (any)
            er_diags_add(s->d, ER_DIAG_NOTE, NULL, 0, 0,
                         "%s has no tag for region '%s': using the global tag", f->name, r->code);
    }
    for (size_t i = 0; i < c->n; i++)
        s->mark[i] |= add[i];
    free(add);
    return ER_OK;
}

er_status er_catalog_select(const er_catalog *c, const char *sel, const char *region, size_t **out,
                            size_t *n_out, er_diags *diags)
{
    if (!out || !n_out)
        return ER_ERR_ARG;
    *out = NULL;
    *n_out = 0;
    if (!c || !c->loaded)
        return ER_ERR_ARG;
    if (!sel)
        sel = ER_DEFAULT_SERVICES;
    selector s = {.c = c, .d = diags, .mark = calloc(c->n ? c->n : 1, sizeof(bool))};
    if (!s.mark)
        return ER_ERR_NOMEM;
    const char *p = sel;
    for (;;) {
        const char *comma = strchr(p, ',');
        const char *e = comma ? comma : p + strlen(p);
        const char *b = p;
        while (b < e && (*b == ' ' || *b == '\t'))
            b++;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        size_t len = (size_t)(e - b);
        if (len == 0) {
            er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0, "empty item in service selection '%s'",
                         sel);
            fail(&s, ER_ERR_ARG);
        } else if (len > MAX_ITEM) {
            er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0,
                         "service selection item too long (%zu characters)", len);
            fail(&s, ER_ERR_ARG);
        } else {
            select_item(&s, b, len);
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    if (s.st == ER_OK && region) {
        const er_region_info *r = er_region_lookup(region);
        if (!r) {
            er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0, "unknown region '%s'", region);
            fail(&s, ER_ERR_NOTFOUND);
        } else {
            fail(&s, filter_region(&s, r));
        }
    }
    if (s.st != ER_OK) {
        free(s.mark);
        return s.st;
    }
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        n += s.mark[i];
    size_t *res = malloc((n ? n : 1) * sizeof *res);
    if (!res) {
        free(s.mark);
        return ER_ERR_NOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++)
        if (s.mark[c->by_name[i]])
            res[k++] = c->by_name[i];
    free(s.mark);
    if (n == 0)
        er_diags_add(diags, ER_DIAG_WARNING, NULL, 0, 0, "the service selection '%s'%s%s is empty",
                     sel, region ? " in region " : "", region ? region : "");
    *out = res;
    *n_out = n;
    return ER_OK;
}
