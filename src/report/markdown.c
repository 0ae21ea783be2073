/* The Markdown report for pull-request comments: verdict first, the ExpressRoute share,
 * the services that leak most, failing findings with fixes and evidence, and accepted
 * findings folded away. Long lists are capped so a comment stays readable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

#define MAX_SERVICES 25
#define MAX_FINDINGS 20

/* Text with Markdown's inline syntax characters escaped and line breaks flattened. */
static void md(er_sb *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        if (strchr("\\`*_[]<>|#~!", *p))
            er_sb_putc(b, '\\');
        if (*p == '\n' || *p == '\r')
            er_sb_putc(b, ' ');
        else
            er_sb_putc(b, *p);
    }
}

/* A code span; backticks inside (never expected in prefixes or names) become quotes. */
static void code(er_sb *b, const char *s)
{
    er_sb_putc(b, '`');
    for (const char *p = s ? s : ""; *p; p++)
        er_sb_putc(b, *p == '`' ? '\'' : (*p == '\n' ? ' ' : *p));
    er_sb_putc(b, '`');
}

static const er_analysis *sort_a;

static int cmp_leakiest(const void *x, const void *y)
{
    const er_service_result *a = er_analysis_service(sort_a, *(const size_t *)x);
    const er_service_result *b = er_analysis_service(sort_a, *(const size_t *)y);
    er_u128 ia = a->v4.by_class[ER_PC_INTERNET] + a->v6.by_class[ER_PC_INTERNET];
    er_u128 ib = b->v4.by_class[ER_PC_INTERNET] + b->v6.by_class[ER_PC_INTERNET];
    if (a->findings != b->findings)
        return a->findings > b->findings ? -1 : 1;
    if (ia != ib)
        return ia > ib ? -1 : 1;
    return (*(const size_t *)x > *(const size_t *)y) - (*(const size_t *)x < *(const size_t *)y);
}

static void share_cell(er_sb *b, const er_counts *c, er_pathclass cls)
{
    char p[16];
    er_report_pct(p, sizeof p, c->by_class[cls], c->total);
    er_sb_printf(b, " %s |", p);
}

static void put_finding(er_sb *b, const er_analysis *a, const er_report_opts *o, size_t i)
{
    const er_finding *f = er_analysis_finding(a, i);
    const char *svc_name = er_report_finding_service(a, f);
    char pfx[ER_PREFIX_STRLEN], cnt[48];
    er_prefix_format(&f->prefix, pfx, sizeof pfx);
    er_report_human(cnt, sizeof cnt, f->addresses);
    er_sb_printf(b, "- **%s** ", er_severity_name(f->severity));
    code(b, f->rule);
    er_sb_putc(b, ' ');
    code(b, svc_name);
    er_sb_putc(b, ' ');
    code(b, pfx);
    er_sb_printf(b, " (%s address%s): ", cnt, f->addresses == 1 ? "" : "es");
    md(b, f->message);
    er_sb_puts(b, "\n  - fix: ");
    md(b, f->fix);
    er_sb_putc(b, '\n');
    for (size_t e = 0; e < f->n_evidence; e++) {
        char desc[ER_REPORT_DESC], src[ER_REPORT_SRC];
        if (!er_report_evidence(a, f, e, desc, src))
            continue;
        er_sb_puts(b, "  - ");
        md(b, f->evidence[e].role);
        er_sb_puts(b, ": ");
        code(b, desc);
        er_sb_puts(b, " at ");
        code(b, src);
        er_sb_putc(b, '\n');
    }
    const er_baseline_entry *be = er_report_finding_entry(o, i);
    if (be) {
        if (er_report_finding_state(o, i) == ER_BASELINE_ACCEPTED)
            er_sb_printf(b, "  - accepted until %s: ", be->expires);
        else
            er_sb_printf(b, "  - baseline entry **expired** on %s: ", be->expires);
        md(b, be->reason);
        er_sb_putc(b, '\n');
    }
}

/* The rules this run could not evaluate, grouped by the input they lack. */
static void put_not_evaluated(er_sb *b, const er_analysis *a)
{
    size_t nr;
    const er_rule_info *rules = er_report_rules(&nr);
    bool header = false;
    for (size_t k = 0; k < nr; k++) {
        char missing[1024];
        if (er_report_rule_evaluated(a, rules[k].id))
            continue;
        er_report_rule_missing(a, rules[k].id, missing, sizeof missing);
        bool earlier = false; /* this group was listed with an earlier rule */
        for (size_t j = 0; j < k && !earlier; j++) {
            char other[1024];
            if (er_report_rule_evaluated(a, rules[j].id))
                continue;
            er_report_rule_missing(a, rules[j].id, other, sizeof other);
            earlier = strcmp(other, missing) == 0;
        }
        if (earlier)
            continue;
        if (!header)
            er_sb_puts(b, "\n### Not evaluated\n\nThese rules need inputs this run did not "
                          "have, so they could neither pass nor fail:\n\n");
        header = true;
        er_sb_puts(b, "- ");
        for (size_t j = k, n = 0; j < nr; j++) {
            char other[1024];
            if (er_report_rule_evaluated(a, rules[j].id))
                continue;
            er_report_rule_missing(a, rules[j].id, other, sizeof other);
            if (strcmp(other, missing) != 0)
                continue;
            er_sb_puts(b, n++ ? ", " : "");
            code(b, rules[j].id);
        }
        er_sb_puts(b, ": give ");
        md(b, missing);
        er_sb_putc(b, '\n');
    }
}

void er_report_markdown(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    const er_catalog *cat = er_analysis_catalog(a);
    const er_feed_info *fi = er_catalog_feed(cat);
    size_t nf = er_analysis_finding_count(a);
    size_t failing = er_report_failing_count(a, o), accepted = 0, expired = 0;
    for (size_t i = 0; i < nf; i++) {
        er_baseline_state st = er_report_finding_state(o, i);
        accepted += st == ER_BASELINE_ACCEPTED;
        expired += st == ER_BASELINE_EXPIRED;
    }
    er_verdict v = er_report_verdict(a, o);
    er_sb_puts(b, "## erready: Power Platform over ExpressRoute");
    if (er_report_site(o)[0]) {
        er_sb_puts(b, " (");
        md(b, er_report_site(o));
        er_sb_putc(b, ')');
    }
    er_sb_puts(b, "\n\n");
    if (v == ER_VERDICT_NOT_READY)
        er_sb_printf(b, "**:x: NOT READY**: %zu finding%s at or above `%s`", failing,
                     failing == 1 ? "" : "s", er_severity_name(o->fail_on));
    else if (v == ER_VERDICT_READY_ACCEPTED)
        er_sb_printf(b, "**:white_check_mark: READY** with %zu accepted finding%s", accepted,
                     accepted == 1 ? "" : "s");
    else
        er_sb_printf(b, "**:white_check_mark: READY**: no finding at or above `%s`",
                     er_severity_name(o->fail_on));
    er_sb_printf(b, " (%zu finding%s in total", nf, nf == 1 ? "" : "s");
    if (accepted && v == ER_VERDICT_NOT_READY)
        er_sb_printf(b, ", %zu accepted by the baseline", accepted);
    if (expired)
        er_sb_printf(b, ", %zu with an expired baseline entry", expired);
    er_sb_puts(b, ").\n\n");

    const er_counts *t4 = er_analysis_total(a, ER_AF_V4), *t6 = er_analysis_total(a, ER_AF_V6);
    er_sb_printf(b, "%zu service%s checked. Share of their addresses by path:\n\n",
                 er_analysis_service_count(a), er_analysis_service_count(a) == 1 ? "" : "s");
    er_sb_puts(b, "| path | IPv4 | IPv6 |\n|---|---:|---:|\n");
    for (int k = 0; k < ER_PC_COUNT; k++) {
        if (!t4->by_class[k] && !t6->by_class[k])
            continue;
        er_sb_printf(b, "| %s |", er_pathclass_name((er_pathclass)k));
        share_cell(b, t4, (er_pathclass)k);
        share_cell(b, t6, (er_pathclass)k);
        er_sb_putc(b, '\n');
    }

    size_t ns = er_analysis_service_count(a);
    size_t *svc = malloc((ns ? ns : 1) * sizeof *svc);
    if (!svc) {
        b->failed = true;
        return;
    }
    for (size_t i = 0; i < ns; i++)
        svc[i] = i;
    sort_a = a; /* qsort has no context argument in C11 */
    qsort(svc, ns, sizeof *svc, cmp_leakiest);
    sort_a = NULL;
    size_t shown = ns < MAX_SERVICES ? ns : MAX_SERVICES;
    er_sb_puts(b, "\n### Services (most findings first)\n\n"
                  "| service | region | IPv4 on ER | IPv6 on ER | internet addresses | findings |\n"
                  "|---|---|---:|---:|---:|---:|\n");
    for (size_t k = 0; k < shown; k++) {
        const er_service_result *r = er_analysis_service(a, svc[k]);
        const er_service *s = er_catalog_service(cat, r->service);
        char inet[48];
        er_report_human(inet, sizeof inet,
                        r->v4.by_class[ER_PC_INTERNET] + r->v6.by_class[ER_PC_INTERNET]);
        er_sb_puts(b, "| ");
        md(b, s->name);
        er_sb_puts(b, " | ");
        md(b, s->region[0] ? s->region : "global");
        er_sb_puts(b, " |");
        share_cell(b, &r->v4, ER_PC_EXPRESSROUTE);
        share_cell(b, &r->v6, ER_PC_EXPRESSROUTE);
        er_sb_printf(b, " %s | %zu |\n", inet, r->findings);
    }
    if (shown < ns)
        er_sb_printf(b, "\n... and %zu more services (all of them in the CSV or HTML report).\n",
                     ns - shown);
    free(svc);

    size_t *order = er_report_findings_by_impact(a);
    if (nf && !order) {
        b->failed = true;
        return;
    }
    size_t listed = 0, not_listed = 0, rest = 0;
    for (size_t k = 0; k < nf; k++)
        if (er_report_finding_state(o, order[k]) != ER_BASELINE_ACCEPTED)
            rest++;
    if (rest) {
        er_sb_printf(b, "\n### Findings (%zu, most impact first)\n\n", rest);
        for (size_t k = 0; k < nf; k++) {
            size_t i = order[k];
            if (er_report_finding_state(o, i) == ER_BASELINE_ACCEPTED)
                continue;
            if (listed == MAX_FINDINGS) {
                not_listed++;
                continue;
            }
            put_finding(b, a, o, i);
            listed++;
        }
        if (not_listed)
            er_sb_printf(b, "\n... and %zu more findings (all of them in the SARIF, JSON or HTML "
                            "report).\n",
                         not_listed);
    }
    if (accepted) {
        er_sb_printf(b, "\n<details><summary>%zu finding%s accepted by the baseline</summary>\n\n",
                     accepted, accepted == 1 ? "" : "s");
        listed = 0;
        for (size_t k = 0; k < nf && listed < MAX_FINDINGS; k++)
            if (er_report_finding_state(o, order[k]) == ER_BASELINE_ACCEPTED) {
                put_finding(b, a, o, order[k]);
                listed++;
            }
        if (accepted > listed)
            er_sb_printf(b, "\n... and %zu more.\n", accepted - listed);
        er_sb_puts(b, "\n</details>\n");
    }
    free(order);

    put_not_evaluated(b, a);

    er_sb_printf(b, "\n<sub>erready %s; data: ", o->tool_version);
    code(b, fi->source);
    er_sb_puts(b, " (");
    md(b, fi->cloud);
    er_sb_printf(b, ", changeNumber %u", fi->change_number);
    if (fi->date[0])
        er_sb_printf(b, ", %s", fi->date);
    er_sb_puts(b, ")");
    if (o->generated_at)
        er_sb_printf(b, "; generated %s", o->generated_at);
    er_sb_puts(b, "</sub>\n");
}
