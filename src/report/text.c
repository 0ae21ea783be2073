/* The terminal report: data version, inputs with parse coverage, a coverage table that
 * fits 80 columns, findings in order of impact, and a verdict. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"

static const char *col(const er_report_opts *o, const char *c) { return o->color ? c : ""; }

/* Percentage with one decimal that never rounds a non-zero part to 0 or a partial
 * whole to 100. */
static void pct(char *buf, size_t size, er_u128 part, er_u128 total)
{
    if (!total) {
        snprintf(buf, size, "-");
        return;
    }
    double v = 100.0 * (double)part / (double)total;
    if (part && v < 0.05)
        snprintf(buf, size, "<0.1%%");
    else if (part != total && v > 99.95)
        snprintf(buf, size, ">99.9%%");
    else
        snprintf(buf, size, "%.1f%%", v);
}

/* Address counts: exact below 10 million, else 3 significant digits with a suffix. */
static void human(char *buf, size_t size, er_u128 v)
{
    if (v < 10000000) {
        er_u128_to_dec(v, buf, size);
        return;
    }
    static const char *const sfx[] = {"", "k", "M", "G", "T", "P", "E", "Z", "Y"};
    double d = (double)v;
    int k = 0;
    while (d >= 1000.0 && k < 8) {
        d /= 1000.0;
        k++;
    }
    if (d >= 1000.0)
        snprintf(buf, size, "%.2e", (double)v);
    else
        snprintf(buf, size, "%.3g%s", d, sfx[k]);
}

static void row(er_sb *b, const er_report_opts *o, const char *name, const char *fam,
                const er_counts *c)
{
    char tot[32], er[16], inet[16], other[16];
    human(tot, sizeof tot, c->total);
    pct(er, sizeof er, c->by_class[ER_PC_EXPRESSROUTE], c->total);
    pct(inet, sizeof inet, c->by_class[ER_PC_INTERNET], c->total);
    pct(other, sizeof other,
        c->total - c->by_class[ER_PC_EXPRESSROUTE] - c->by_class[ER_PC_INTERNET], c->total);
    size_t nl = strlen(name);
    const char *ic = c->by_class[ER_PC_INTERNET] ? col(o, C_RED) : "";
    const char *rc = c->by_class[ER_PC_INTERNET] ? col(o, C_RESET) : "";
    if (nl > 34)
        er_sb_printf(b, "  %.31s...", name);
    else
        er_sb_printf(b, "  %-34s", name);
    er_sb_printf(b, " %-4s %9s %7s %s%8s%s %7s\n", fam, tot, er, ic, inet, rc, other);
}

void er_report_text(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    const er_catalog *cat = er_analysis_catalog(a);
    const er_rtable *t = er_analysis_routes(a);
    const er_feed_info *fi = er_catalog_feed(cat);

    er_sb_printf(b, "%serready %s: Power Platform over ExpressRoute%s\n", col(o, C_BOLD),
                 o->tool_version, col(o, C_RESET));
    er_sb_printf(b, "data:   %s (%s, changeNumber %u%s%s%s)\n", fi->source, fi->cloud,
                 fi->change_number, fi->date[0] ? ", " : "", fi->date,
                 fi->bundled ? ", bundled snapshot" : "");
    for (size_t i = 0; i < er_rtable_file_count(t); i++) {
        const er_rfile *f = er_rtable_file(t, i);
        er_sb_printf(b,
                     "%s %s [%s]: %llu lines, %llu understood, %llu skipped; %llu routes, "
                     "%llu best\n",
                     i ? "       " : "input: ", f->path, f->format ? f->format : "?",
                     (unsigned long long)f->stats.lines, (unsigned long long)f->stats.understood,
                     (unsigned long long)f->stats.skipped, (unsigned long long)f->stats.routes,
                     (unsigned long long)f->stats.best);
    }
    er_sb_printf(b, "\n  %-34s %-4s %9s %7s %8s %7s\n", "service", "fam", "addresses", "ER",
                 "internet", "other");
    for (size_t i = 0; i < er_analysis_service_count(a); i++) {
        const er_service_result *r = er_analysis_service(a, i);
        const er_service *s = er_catalog_service(cat, r->service);
        if (r->v4.total)
            row(b, o, s->name, "IPv4", &r->v4);
        if (r->v6.total)
            row(b, o, s->name, "IPv6", &r->v6);
    }
    const er_counts *t4 = er_analysis_total(a, ER_AF_V4), *t6 = er_analysis_total(a, ER_AF_V6);
    if (t4->total)
        row(b, o, "all selected (each address once)", "IPv4", t4);
    if (t6->total)
        row(b, o, "all selected (each address once)", "IPv6", t6);
    er_sb_puts(b, "  other = internal, vpn, discard and unrouted\n");

    size_t nf = er_analysis_finding_count(a);
    size_t failing = er_report_failing_count(a, o);
    er_sb_printf(b, "\nfindings: %zu\n", nf);
    size_t *order = er_report_sorted_findings(a);
    size_t items = 0, k = 0;
    while (k < nf) {
        const er_finding *f = er_analysis_finding(a, order ? order[k] : k);
        /* A run of findings with the same cause is one item: the first in full, then a count. */
        size_t run = 1;
        er_u128 addrs = f->addresses;
        while (k + run < nf &&
               er_report_same_cause(f, er_analysis_finding(a, order ? order[k + run] : k + run)) &&
               er_report_finding_state(o, order ? order[k + run] : k + run) ==
                   er_report_finding_state(o, order ? order[k] : k)) {
            addrs += er_analysis_finding(a, order ? order[k + run] : k + run)->addresses;
            run++;
        }
        if (!o->max_findings_text || items < o->max_findings_text) {
            const char *sc = f->severity >= ER_SEV_HIGH ? C_RED : C_YELLOW;
            er_sb_printf(b, "  %s%-8s%s %s: %s\n", col(o, sc), er_severity_name(f->severity),
                         col(o, C_RESET), f->rule, f->message);
            if (run > 1) {
                char cnt[48];
                er_u128_to_dec(addrs, cnt, sizeof cnt);
                er_sb_printf(b, "           + %zu more prefix%s of %s with the same cause "
                                "(%s addresses in all)\n",
                             run - 1, run == 2 ? "" : "es",
                             er_catalog_service(cat, f->service)->name, cnt);
            }
            er_sb_printf(b, "           fix: %s\n", f->fix);
            const er_baseline_entry *be = er_report_finding_entry(o, order ? order[k] : k);
            if (be)
                er_sb_printf(b, "           %s %s: %s\n",
                             er_report_finding_state(o, order ? order[k] : k) ==
                                     ER_BASELINE_ACCEPTED
                                 ? "accepted by the baseline until"
                                 : "baseline entry EXPIRED on",
                             be->expires, be->reason);
        }
        items++;
        k += run;
    }
    if (o->max_findings_text && items > o->max_findings_text)
        er_sb_printf(b, "  ... and %zu more (all of them with --format json)\n",
                     items - o->max_findings_text);
    free(order);
    if (failing)
        er_sb_printf(b, "\n%sverdict: NOT READY%s: %zu finding%s at or above '%s'\n",
                     col(o, C_RED), col(o, C_RESET), failing, failing == 1 ? "" : "s",
                     er_severity_name(o->fail_on));
    else
        er_sb_printf(b, "\n%sverdict: READY%s: no finding at or above '%s'\n", col(o, C_GREEN),
                     col(o, C_RESET), er_severity_name(o->fail_on));
}
