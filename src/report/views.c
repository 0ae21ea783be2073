/* Dispatch of the multi-site, explain and diff reports, and the per-site leak summary
 * the text and JSON writers share. */
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

bool er_report_views_support(er_report_format fmt)
{
    return fmt == ER_REPORT_TEXT || fmt == ER_REPORT_JSON;
}

char *er_report_render_sites(er_report_format fmt, const er_site_report *sites, size_t n,
                             const er_report_opts *o, size_t *len)
{
    er_report_opts defaults;
    if (!o) {
        er_report_opts_init(&defaults);
        o = &defaults;
    }
    if (!n || !er_report_views_support(fmt))
        return NULL;
    er_sb b;
    er_sb_init(&b);
    if (fmt == ER_REPORT_TEXT)
        er_report_text_sites(&b, sites, n, o);
    else
        er_report_json_sites(&b, sites, n, o);
    return er_sb_take(&b, len);
}

char *er_report_render_explain(er_report_format fmt, const er_analysis *a, const er_explain *e,
                               const er_report_opts *o, size_t *len)
{
    er_report_opts defaults;
    if (!o) {
        er_report_opts_init(&defaults);
        o = &defaults;
    }
    if (!er_report_views_support(fmt))
        return NULL;
    er_sb b;
    er_sb_init(&b);
    if (fmt == ER_REPORT_TEXT)
        er_report_text_explain(&b, a, e, o);
    else
        er_report_json_explain(&b, a, e, o);
    return er_sb_take(&b, len);
}

char *er_report_render_diff(er_report_format fmt, const er_diff *d, const char *before_name,
                            const char *after_name, const er_report_opts *o, size_t *len)
{
    er_report_opts defaults;
    if (!o) {
        er_report_opts_init(&defaults);
        o = &defaults;
    }
    if (!er_report_views_support(fmt))
        return NULL;
    er_sb b;
    er_sb_init(&b);
    if (fmt == ER_REPORT_TEXT)
        er_report_text_diff(&b, d, before_name, after_name, o);
    else
        er_report_json_diff(&b, d, before_name, after_name, o);
    return er_sb_take(&b, len);
}

static int cmp_row(const void *x, const void *y)
{
    return strcmp(((const er_site_leak_row *)x)->service, ((const er_site_leak_row *)y)->service);
}

er_site_leaks *er_report_site_leaks(const er_site_report *sites, size_t n)
{
    er_site_leaks *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    size_t cap = 0;
    for (size_t k = 0; k < n; k++) {
        const er_analysis *a = sites[k].analysis;
        const er_catalog *c = er_analysis_catalog(a);
        for (size_t i = 0; i < er_analysis_finding_count(a); i++) {
            const er_finding *f = er_analysis_finding(a, i);
            const er_service *s = er_catalog_service(c, f->service);
            if (!s || strcmp(f->rule, ER_RULE_LEAK) != 0)
                continue;
            er_site_leak_row *row = NULL;
            for (size_t r = 0; r < l->n; r++)
                if (strcmp(l->rows[r].service, s->name) == 0)
                    row = &l->rows[r];
            if (!row) {
                if (l->n == cap) {
                    size_t nc = cap ? cap * 2 : 16;
                    er_site_leak_row *nr = realloc(l->rows, nc * sizeof *nr);
                    if (!nr)
                        goto nomem;
                    l->rows = nr;
                    cap = nc;
                }
                row = &l->rows[l->n];
                row->service = s->name;
                row->first_site = k;
                row->addresses = calloc(n, sizeof *row->addresses);
                if (!row->addresses)
                    goto nomem;
                l->n++;
            }
            row->addresses[k] += f->addresses;
        }
    }
    qsort(l->rows, l->n, sizeof *l->rows, cmp_row);
    return l;
nomem:
    er_report_site_leaks_free(l);
    return NULL;
}

void er_report_site_leaks_free(er_site_leaks *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->rows[i].addresses);
    free(l->rows);
    free(l);
}
