/* The JSON report (schema in docs/json-schema.md). */
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

static void put_counts(er_sb *b, const er_counts *c)
{
    er_sb_puts(b, "{\"total\":");
    er_sb_json_u128(b, c->total);
    for (int k = 0; k < ER_PC_COUNT; k++) {
        er_sb_printf(b, ",\"%s\":", er_pathclass_name((er_pathclass)k));
        er_sb_json_u128(b, c->by_class[k]);
    }
    er_sb_printf(b, ",\"expressroute_share\":%.6f}", er_counts_share(c, ER_PC_EXPRESSROUTE));
}

static void put_str(er_sb *b, const char *s) { er_sb_json_str(b, s ? s : "", s ? strlen(s) : 0); }

void er_report_json(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    const er_catalog *cat = er_analysis_catalog(a);
    const er_rtable *t = er_analysis_routes(a);
    const er_feed_info *fi = er_catalog_feed(cat);

    er_sb_puts(b, "{\n\"erready\":{\"version\":");
    put_str(b, o->tool_version);
    er_sb_puts(b, ",\"schema\":1},\n\"data\":{\"source\":");
    put_str(b, fi->source);
    er_sb_puts(b, ",\"cloud\":");
    put_str(b, fi->cloud);
    er_sb_printf(b, ",\"changeNumber\":%u,\"date\":", fi->change_number);
    put_str(b, fi->date);
    er_sb_printf(b, ",\"bundled\":%s},\n\"inputs\":[", fi->bundled ? "true" : "false");
    for (size_t i = 0; i < er_rtable_file_count(t); i++) {
        const er_rfile *f = er_rtable_file(t, i);
        er_sb_puts(b, i ? ",\n {\"file\":" : "\n {\"file\":");
        put_str(b, f->path);
        er_sb_puts(b, ",\"format\":");
        put_str(b, f->format);
        er_sb_printf(b,
                     ",\"lines\":%llu,\"understood\":%llu,\"skipped\":%llu,\"routes\":%llu,"
                     "\"best_routes\":%llu}",
                     (unsigned long long)f->stats.lines, (unsigned long long)f->stats.understood,
                     (unsigned long long)f->stats.skipped, (unsigned long long)f->stats.routes,
                     (unsigned long long)f->stats.best);
    }
    er_severity max = er_analysis_max_severity(a);
    size_t nf = er_analysis_finding_count(a);
    size_t failing = er_report_failing_count(a, o);
    er_sb_printf(b, "],\n\"summary\":{\"services\":%zu,\"findings\":%zu,\"max_severity\":",
                 er_analysis_service_count(a), nf);
    if (max == ER_SEV_NONE)
        er_sb_puts(b, "null");
    else
        er_sb_printf(b, "\"%s\"", er_severity_name(max));
    er_sb_printf(b, ",\"fail_on\":\"%s\",\"failing_findings\":%zu,\"ready\":%s,\"v4\":",
                 er_severity_name(o->fail_on), failing, failing ? "false" : "true");
    put_counts(b, er_analysis_total(a, ER_AF_V4));
    er_sb_puts(b, ",\"v6\":");
    put_counts(b, er_analysis_total(a, ER_AF_V6));
    er_sb_puts(b, "},\n\"services\":[");
    for (size_t i = 0; i < er_analysis_service_count(a); i++) {
        const er_service_result *r = er_analysis_service(a, i);
        const er_service *s = er_catalog_service(cat, r->service);
        er_sb_puts(b, i ? ",\n {\"name\":" : "\n {\"name\":");
        put_str(b, s->name);
        er_sb_puts(b, ",\"family\":");
        put_str(b, s->family);
        er_sb_puts(b, ",\"region\":");
        put_str(b, s->region);
        er_sb_puts(b, ",\"system_service\":");
        put_str(b, s->system_service);
        er_sb_printf(b, ",\"expressroute_eligible\":%s,\"prefixes\":{\"v4\":%zu,\"v6\":%zu},"
                        "\"findings\":%zu,\"v4\":",
                     s->er_eligible ? "true" : "false", r->n_prefixes_v4, r->n_prefixes_v6,
                     r->findings);
        put_counts(b, &r->v4);
        er_sb_puts(b, ",\"v6\":");
        put_counts(b, &r->v6);
        er_sb_putc(b, '}');
    }
    er_sb_puts(b, "],\n\"findings\":[");
    size_t *order = er_report_sorted_findings(a);
    for (size_t k = 0; k < nf; k++) {
        const er_finding *f = er_analysis_finding(a, order ? order[k] : k);
        const er_service *s = er_catalog_service(cat, f->service);
        char pfx[ER_PREFIX_STRLEN], first[ER_PREFIX_STRLEN], last[ER_PREFIX_STRLEN];
        er_prefix_format(&f->prefix, pfx, sizeof pfx);
        er_addr_format(f->first, f->prefix.family, first, sizeof first);
        er_addr_format(f->last, f->prefix.family, last, sizeof last);
        er_sb_printf(b, "%s {\"rule\":\"%s\",\"severity\":\"%s\",\"service\":", k ? ",\n" : "\n",
                     f->rule, er_severity_name(f->severity));
        put_str(b, s->name);
        er_sb_puts(b, ",\"prefix\":");
        put_str(b, pfx);
        er_sb_puts(b, ",\"addresses\":");
        er_sb_json_u128(b, f->addresses);
        er_sb_printf(b, ",\"range\":{\"first\":\"%s\",\"last\":\"%s\"}", first, last);
        if (strcmp(f->rule, "leak") == 0)
            er_sb_printf(b, ",\"reason\":\"%s\"", er_leak_reason_name((er_leak_reason)f->reason));
        er_sb_puts(b, ",\"message\":");
        put_str(b, f->message);
        er_sb_puts(b, ",\"fix\":");
        put_str(b, f->fix);
        char fp[ER_FINGERPRINT_HEX + 1];
        er_report_finding_fingerprint(a, o, f, fp);
        er_sb_printf(b, ",\"fingerprint\":\"%s\"", fp);
        const er_baseline_entry *be = er_report_finding_entry(o, order ? order[k] : k);
        if (be) {
            er_sb_printf(b, ",\"baseline\":{\"state\":\"%s\",\"expires\":\"%s\",\"reason\":",
                         er_report_finding_state(o, order ? order[k] : k) == ER_BASELINE_ACCEPTED
                             ? "accepted"
                             : "expired",
                         be->expires);
            put_str(b, be->reason);
            er_sb_putc(b, '}');
        }
        er_sb_puts(b, ",\"evidence\":[");
        for (size_t e = 0; e < f->n_evidence; e++) {
            er_sb_printf(b, "%s{\"role\":\"%s\",\"route\":", e ? "," : "", f->evidence[e].role);
            er_report_route_json(b, t, er_rtable_get(t, f->evidence[e].route));
            er_sb_putc(b, '}');
        }
        er_sb_puts(b, "]}");
    }
    free(order);
    er_sb_puts(b, "]\n}\n");
}
