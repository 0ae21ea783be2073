/* The coverage CSV (RFC 4180): one row per service and address family with exact address
 * counts per path class and the findings about that family, then one row per family for
 * all selected services together (each address counted once). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

static void field(er_sb *b, const char *s)
{
    bool quote = false;
    for (const char *p = s; *p; p++)
        if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r')
            quote = true;
    /* A leading = + - @ would be read as a formula by spreadsheets: quote and mark it. */
    bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
    if (!quote && !formula) {
        er_sb_puts(b, s);
        return;
    }
    er_sb_putc(b, '"');
    if (formula)
        er_sb_putc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            er_sb_putc(b, '"');
        er_sb_putc(b, *p);
    }
    er_sb_putc(b, '"');
}

static void row(er_sb *b, const char *name, const char *family, const char *region,
                const char *system_service, const char *eligible, const char *ipv,
                size_t prefixes, const er_counts *c, size_t findings)
{
    char d[48];
    field(b, name);
    er_sb_putc(b, ',');
    field(b, family);
    er_sb_putc(b, ',');
    field(b, region);
    er_sb_putc(b, ',');
    field(b, system_service);
    er_sb_printf(b, ",%s,%s,", eligible, ipv);
    if (prefixes != SIZE_MAX)
        er_sb_printf(b, "%zu", prefixes);
    er_sb_printf(b, ",%s", er_u128_to_dec(c->total, d, sizeof d));
    for (int k = 0; k < ER_PC_COUNT; k++)
        er_sb_printf(b, ",%s", er_u128_to_dec(c->by_class[k], d, sizeof d));
    er_sb_printf(b, ",%.6f,%zu\r\n", er_counts_share(c, ER_PC_EXPRESSROUTE), findings);
}

void er_report_csv(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    (void)o;
    const er_catalog *cat = er_analysis_catalog(a);
    /* Findings per catalog service and family. */
    size_t nc = er_catalog_count(cat), nf = er_analysis_finding_count(a), f4 = 0, f6 = 0;
    size_t *per = calloc(2 * (nc ? nc : 1), sizeof *per);
    if (!per) {
        b->failed = true;
        return;
    }
    for (size_t i = 0; i < nf; i++) {
        const er_finding *f = er_analysis_finding(a, i);
        bool v4 = f->prefix.family == ER_AF_V4;
        if (f->service < nc)
            per[2 * f->service + (v4 ? 0 : 1)]++;
        if (v4)
            f4++;
        else
            f6++;
    }
    er_sb_puts(b, "service,family,region,system_service,expressroute_eligible,ip_version,"
                  "prefixes,addresses");
    for (int k = 0; k < ER_PC_COUNT; k++)
        er_sb_printf(b, ",%s", er_pathclass_name((er_pathclass)k));
    er_sb_puts(b, ",expressroute_share,findings\r\n");
    for (size_t i = 0; i < er_analysis_service_count(a); i++) {
        const er_service_result *r = er_analysis_service(a, i);
        const er_service *s = er_catalog_service(cat, r->service);
        const char *el = s->er_eligible ? "true" : "false";
        if (r->n_prefixes_v4 || !r->n_prefixes_v6)
            row(b, s->name, s->family, s->region, s->system_service, el, "4", r->n_prefixes_v4,
                &r->v4, per[2 * r->service]);
        if (r->n_prefixes_v6)
            row(b, s->name, s->family, s->region, s->system_service, el, "6", r->n_prefixes_v6,
                &r->v6, per[2 * r->service + 1]);
    }
    /* Totals count each address once however many selected services share it. */
    row(b, "(all selected)", "", "", "", "", "4", SIZE_MAX, er_analysis_total(a, ER_AF_V4), f4);
    row(b, "(all selected)", "", "", "", "", "6", SIZE_MAX, er_analysis_total(a, ER_AF_V6), f6);
    free(per);
}
