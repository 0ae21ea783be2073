/* A second feed in the catalog: Microsoft 365 endpoint sets beside the Service Tags, with
 * the source of every service kept (er_catalog_service_feed).
 *
 * How it works: the catalog's service, extra and prefix arrays are reallocated once to
 * their new sizes; each existing service's prefix pointer is re-pointed at the same offset
 * of the new prefix array, the endpoint sets with prefixes are appended as services
 * "M365.<serviceArea>.<id>" and the name and family indexes are rebuilt. ExpressRoute
 * eligibility comes from each set's expressRoute flag; whether a circuit may carry it
 * (Premium, authorization, the service community in the route filter) is the analysis'
 * business. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/internal.h"
#include "erready/m365.h"

/* Instance and date from a file name like m365_endpoints_worldwide_202512.json. */
static void name_facts(const char *source, char *instance, size_t isize, char *date,
                       size_t dsize)
{
    static const struct {
        const char *key, *name;
    } inst[] = {{"worldwide", "Worldwide"},
                {"usgovdod", "USGovDoD"},
                {"usgovgcchigh", "USGovGCCHigh"},
                {"china", "China"}};
    const char *base = strrchr(source, '/');
    base = base ? base + 1 : source;
    instance[0] = date[0] = '\0';
    for (size_t i = 0; i < ER_ARRAY_LEN(inst); i++)
        if (strstr(base, inst[i].key)) {
            snprintf(instance, isize, "%s", inst[i].name);
            break;
        }
    for (const char *p = base; *p; p++) {
        size_t n = 0;
        while (p[n] >= '0' && p[n] <= '9')
            n++;
        if ((n == 6 || n == 8) && (p == base || !(p[-1] >= '0' && p[-1] <= '9')) &&
            (p[0] == '2') && p[4] >= '0' && p[4] <= '1') {
            if (n == 6)
                snprintf(date, dsize, "%.4s-%.2s", p, p + 4);
            else
                snprintf(date, dsize, "%.4s-%.2s-%.2s", p, p + 4, p + 6);
            return;
        }
        if (n)
            p += n - 1;
    }
}

er_status er_catalog_add_m365(er_catalog *c, const struct er_m365 *m, const char *source,
                              er_diags *diags)
{
    if (!c || !m)
        return ER_ERR_ARG;
    if (!source)
        source = er_m365_source(m);
    if (!c->loaded) {
        er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0,
                     "load the Service Tags feed before the Microsoft 365 endpoints");
        return ER_ERR_ARG;
    }
    for (size_t i = 0; i < c->n_extra_feeds; i++)
        if (strcmp(c->extra_feeds[i].kind, "m365") == 0) {
            er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0,
                         "the catalog already holds a Microsoft 365 feed");
            return ER_ERR_ARG;
        }
    if (c->n_extra_feeds == ER_ARRAY_LEN(c->extra_feeds))
        return ER_ERR_ARG;

    size_t add = 0, add_pfx = 0;
    for (size_t i = 0; i < er_m365_count(m); i++) {
        const er_m365_set *s = er_m365_set_at(m, i);
        if (s->n_prefixes) {
            add++;
            add_pfx += s->n_prefixes;
        }
    }
    /* Reallocate the three arrays; services point into pfx by offset. */
    size_t *offs = malloc((c->n ? c->n : 1) * sizeof *offs);
    if (!offs)
        return ER_ERR_NOMEM;
    for (size_t i = 0; i < c->n; i++)
        offs[i] = (size_t)(c->svc[i].prefixes - c->pfx);
    er_service *svc = realloc(c->svc, (c->n + add + 1) * sizeof *svc);
    if (!svc) {
        free(offs);
        return ER_ERR_NOMEM;
    }
    c->svc = svc;
    cat_extra *extra = realloc(c->extra, (c->n + add + 1) * sizeof *extra);
    if (!extra) {
        free(offs);
        return ER_ERR_NOMEM;
    }
    c->extra = extra;
    er_prefix *pfx = realloc(c->pfx, (c->n_pfx + add_pfx + 1) * sizeof *pfx);
    if (!pfx) {
        free(offs);
        return ER_ERR_NOMEM;
    }
    c->pfx = pfx;
    for (size_t i = 0; i < c->n; i++)
        c->svc[i].prefixes = c->pfx + offs[i];
    free(offs);

    char instance[32], date[16];
    name_facts(source, instance, sizeof instance, date, sizeof date);
    er_feed_info *fi = &c->extra_feeds[c->n_extra_feeds];
    memset(fi, 0, sizeof *fi);
    fi->source = cat_strndup(c, source, strlen(source));
    fi->cloud = cat_strndup(c, instance, strlen(instance));
    fi->date = cat_strndup(c, date, strlen(date));
    fi->kind = "m365";
    if (!fi->source || !fi->cloud || !fi->date)
        return ER_ERR_NOMEM;
    uint8_t feed_no = (uint8_t)(c->n_extra_feeds + 1);

    for (size_t i = 0; i < er_m365_count(m); i++) {
        const er_m365_set *s = er_m365_set_at(m, i);
        if (!s->n_prefixes)
            continue;
        char name[160], id[16];
        snprintf(name, sizeof name, "M365.%s.%u", s->service_area, s->id);
        snprintf(id, sizeof id, "%u", s->id);
        er_service *v = &c->svc[c->n];
        cat_extra *x = &c->extra[c->n];
        memset(v, 0, sizeof *v);
        memset(x, 0, sizeof *x);
        v->name = cat_strndup(c, name, strlen(name));
        v->family = "M365";
        v->region = "";
        v->system_service = cat_strndup(c, s->service_area, strlen(s->service_area));
        v->er_eligible = s->express_route;
        v->prefixes = c->pfx + c->n_pfx;
        memcpy(c->pfx + c->n_pfx, s->prefixes, s->n_prefixes * sizeof *s->prefixes);
        v->n_prefixes = s->n_prefixes;
        v->n_v4 = s->n_v4;
        v->n_v6 = s->n_v6;
        x->id = cat_strndup(c, id, strlen(id));
        x->platform = "Microsoft 365";
        x->features = NULL;
        x->region_code = "";
        x->feed = feed_no;
        if (!v->name || !v->system_service || !x->id)
            return ER_ERR_NOMEM;
        c->n_pfx += s->n_prefixes;
        c->n++;
    }
    c->n_extra_feeds++;
    free(c->by_name);
    free(c->fam);
    free(c->fam_members);
    c->by_name = NULL;
    c->fam = NULL;
    c->fam_members = NULL;
    return cat_index(c, source, diags);
}

size_t er_catalog_feed_count(const er_catalog *c)
{
    return c && c->loaded ? 1 + c->n_extra_feeds : 0;
}

const er_feed_info *er_catalog_feed_at(const er_catalog *c, size_t i)
{
    if (!c || !c->loaded)
        return NULL;
    if (i == 0)
        return &c->feed;
    return i - 1 < c->n_extra_feeds ? &c->extra_feeds[i - 1] : NULL;
}

const er_feed_info *er_catalog_service_feed(const er_catalog *c, size_t i)
{
    if (!c || i >= c->n)
        return NULL;
    return er_catalog_feed_at(c, c->extra[i].feed);
}
