/* The JUnit XML report: one test suite per service with one test case per rule, plus a
 * "network" suite for rules about the whole site. A case fails when it has a finding that
 * fails the run; the failure text carries each finding's message, fix, evidence, id and
 * fingerprint. A case without findings whose inputs the run lacked is skipped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

typedef struct counts {
    size_t tests, failures, skipped;
} counts;

/* Findings of one (service, rule) case, or of one rule over every service when
 * service == SIZE_MAX. Indices into the analysis, in report order. */
typedef struct case_set {
    size_t *v;
    size_t n;
} case_set;

static void collect(const er_analysis *a, const size_t *order, size_t service, const char *rule,
                    case_set *cs)
{
    cs->n = 0;
    for (size_t k = 0; k < er_analysis_finding_count(a); k++) {
        size_t i = order ? order[k] : k;
        const er_finding *f = er_analysis_finding(a, i);
        if (strcmp(f->rule, rule) == 0 && (service == SIZE_MAX || f->service == service))
            cs->v[cs->n++] = i;
    }
}

static void put_finding_text(er_sb *b, const er_analysis *a, const er_report_opts *o,
                             const er_report_ids *ids, size_t i)
{
    const er_finding *f = er_analysis_finding(a, i);
    er_sb_printf(b, "[%s] ", er_severity_name(f->severity));
    er_sb_xml(b, f->message);
    er_sb_puts(b, "\n  fix: ");
    er_sb_xml(b, f->fix);
    er_sb_putc(b, '\n');
    for (size_t e = 0; e < f->n_evidence; e++) {
        char desc[ER_REPORT_DESC], src[ER_REPORT_SRC];
        if (!er_report_evidence(a, f, e, desc, src))
            continue;
        er_sb_puts(b, "  evidence: ");
        er_sb_xml(b, f->evidence[e].role);
        er_sb_puts(b, ": ");
        er_sb_xml(b, desc);
        er_sb_puts(b, " (");
        er_sb_xml(b, src);
        er_sb_puts(b, ")\n");
    }
    const er_baseline_entry *be = er_report_finding_entry(o, i);
    if (be) {
        er_sb_puts(b, er_report_finding_state(o, i) == ER_BASELINE_ACCEPTED
                          ? "  accepted by baseline until "
                          : "  baseline entry EXPIRED on ");
        er_sb_xml(b, be->expires);
        er_sb_puts(b, ": ");
        er_sb_xml(b, be->reason);
        er_sb_putc(b, '\n');
    }
    er_sb_puts(b, "  id: ");
    er_sb_xml(b, ids->id[i]);
    er_sb_printf(b, "\n  fingerprint: %s\n", ids->fp[i]);
}

/* One test case into b; updates c. */
static void put_case(er_sb *b, const er_analysis *a, const er_report_opts *o,
                     const er_report_ids *ids, const char *cls, const er_rule_info *rule,
                     const case_set *cs, counts *c)
{
    size_t failing = 0, accepted = 0;
    er_severity worst = ER_SEV_INFO;
    for (size_t k = 0; k < cs->n; k++) {
        if (er_report_finding_fails(a, o, cs->v[k])) {
            failing++;
            if (er_analysis_finding(a, cs->v[k])->severity > worst)
                worst = er_analysis_finding(a, cs->v[k])->severity;
        } else if (er_report_finding_state(o, cs->v[k]) == ER_BASELINE_ACCEPTED) {
            accepted++;
        }
    }
    c->tests++;
    er_sb_puts(b, "    <testcase classname=\"");
    er_sb_xml(b, cls);
    er_sb_puts(b, "\" name=\"");
    er_sb_xml(b, rule->id);
    er_sb_puts(b, "\"");
    if (failing) {
        c->failures++;
        er_sb_puts(b, ">\n      <failure type=\"");
        er_sb_xml(b, rule->id);
        er_sb_printf(b, "\" message=\"%zu finding%s at or above %s (worst: %s)\">", failing,
                     failing == 1 ? "" : "s", er_severity_name(o->fail_on),
                     er_severity_name(worst));
        for (size_t k = 0; k < cs->n; k++)
            if (er_report_finding_fails(a, o, cs->v[k]))
                put_finding_text(b, a, o, ids, cs->v[k]);
        er_sb_puts(b, "</failure>\n");
    } else if (!cs->n && !er_report_rule_evaluated(a, rule->id)) {
        char missing[1024];
        er_report_rule_missing(a, rule->id, missing, sizeof missing);
        c->skipped++;
        er_sb_puts(b, ">\n      <skipped message=\"not evaluated: this run lacks ");
        er_sb_xml(b, missing);
        er_sb_puts(b, "\"/>\n");
    } else if (cs->n && accepted == cs->n) {
        c->skipped++;
        er_sb_printf(b, ">\n      <skipped message=\"%zu finding%s accepted by the baseline\"/>\n",
                     accepted, accepted == 1 ? "" : "s");
    } else if (!cs->n) {
        er_sb_puts(b, "/>\n");
        return;
    } else {
        er_sb_puts(b, ">\n");
    }
    if (cs->n > failing) {
        er_sb_puts(b, "      <system-out>");
        for (size_t k = 0; k < cs->n; k++)
            if (!er_report_finding_fails(a, o, cs->v[k]))
                put_finding_text(b, a, o, ids, cs->v[k]);
        er_sb_puts(b, "</system-out>\n");
    }
    er_sb_puts(b, "    </testcase>\n");
}

static void put_prop(er_sb *b, const char *name, const char *value)
{
    er_sb_puts(b, "      <property name=\"");
    er_sb_xml(b, name);
    er_sb_puts(b, "\" value=\"");
    er_sb_xml(b, value);
    er_sb_puts(b, "\"/>\n");
}

static void put_suite(er_sb *b, const char *name, const er_report_opts *o, const er_sb *props,
                      const er_sb *cases, const counts *c)
{
    er_sb_puts(b, "  <testsuite name=\"");
    er_sb_xml(b, name);
    er_sb_printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\"", c->tests,
                 c->failures, c->skipped);
    if (o->generated_at) {
        er_sb_puts(b, " timestamp=\"");
        er_sb_xml(b, o->generated_at);
        er_sb_putc(b, '"');
    }
    er_sb_puts(b, ">\n");
    if (props->len) {
        er_sb_puts(b, "    <properties>\n");
        er_sb_putn(b, props->buf, props->len);
        er_sb_puts(b, "    </properties>\n");
    }
    if (cases->len)
        er_sb_putn(b, cases->buf, cases->len);
    er_sb_puts(b, "  </testsuite>\n");
    if (props->failed || cases->failed)
        b->failed = true;
}

static void share_text(char *buf, size_t size, const er_counts *c)
{
    if (c->total)
        snprintf(buf, size, "%.6f", er_counts_share(c, ER_PC_EXPRESSROUTE));
    else
        snprintf(buf, size, "none");
}

void er_report_junit(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    const er_catalog *cat = er_analysis_catalog(a);
    const er_feed_info *fi = er_catalog_feed(cat);
    size_t nr, nf = er_analysis_finding_count(a);
    const er_rule_info *rules = er_report_rules(&nr);
    size_t *order = er_report_sorted_findings(a);
    case_set cs = {malloc((nf ? nf : 1) * sizeof(size_t)), 0};
    /* Rule ids of findings that the table does not know, deduplicated. */
    const char **unknown = malloc((nf ? nf : 1) * sizeof *unknown);
    er_rule_info *generic = malloc((nf ? nf : 1) * sizeof *generic);
    er_report_ids ids = {NULL, NULL};
    if (!cs.v || !unknown || !generic || (nf && !order) ||
        !er_report_ids_init(&ids, a, er_report_site(o))) {
        b->failed = true;
        goto out;
    }
    size_t nu = 0;
    for (size_t k = 0; k < nf; k++) {
        const char *id = er_analysis_finding(a, order[k])->rule;
        bool seen = er_report_rule_find(id) != NULL;
        for (size_t j = 0; j < nu && !seen; j++)
            seen = strcmp(unknown[j], id) == 0;
        if (!seen) {
            er_report_rule_or_generic(id, &generic[nu]);
            unknown[nu++] = id;
        }
    }

    er_sb body;
    er_sb_init(&body);
    counts total = {0, 0, 0};
    char buf[64];
    for (size_t si = 0; si < er_analysis_service_count(a); si++) {
        const er_service_result *r = er_analysis_service(a, si);
        const er_service *s = er_catalog_service(cat, r->service);
        er_sb props, cases;
        er_sb_init(&props);
        er_sb_init(&cases);
        counts c = {0, 0, 0};
        char cls[512];
        snprintf(cls, sizeof cls, "erready.%s", s->name);
        put_prop(&props, "region", s->region[0] ? s->region : "global");
        put_prop(&props, "expressroute_eligible", s->er_eligible ? "true" : "false");
        share_text(buf, sizeof buf, &r->v4);
        put_prop(&props, "expressroute_share_v4", buf);
        share_text(buf, sizeof buf, &r->v6);
        put_prop(&props, "expressroute_share_v6", buf);
        for (size_t k = 0; k < nr; k++) {
            if (!rules[k].per_service)
                continue;
            collect(a, order, r->service, rules[k].id, &cs);
            put_case(&cases, a, o, &ids, cls, &rules[k], &cs, &c);
        }
        for (size_t k = 0; k < nu; k++) {
            collect(a, order, r->service, generic[k].id, &cs);
            if (cs.n)
                put_case(&cases, a, o, &ids, cls, &generic[k], &cs, &c);
        }
        put_suite(&body, s->name, o, &props, &cases, &c);
        total.tests += c.tests;
        total.failures += c.failures;
        total.skipped += c.skipped;
        er_sb_free(&props);
        er_sb_free(&cases);
    }
    {
        er_sb props, cases;
        er_sb_init(&props);
        er_sb_init(&cases);
        counts c = {0, 0, 0};
        put_prop(&props, "erready.version", o->tool_version);
        put_prop(&props, "data.source", fi->source);
        put_prop(&props, "data.cloud", fi->cloud);
        snprintf(buf, sizeof buf, "%u", fi->change_number);
        put_prop(&props, "data.changeNumber", buf);
        put_prop(&props, "data.date", fi->date);
        put_prop(&props, "site", er_report_site(o));
        put_prop(&props, "fail_on", er_severity_name(o->fail_on));
        if (o->baseline_path)
            put_prop(&props, "baseline", o->baseline_path);
        for (size_t k = 0; k < nr; k++) {
            if (rules[k].per_service)
                continue;
            collect(a, order, SIZE_MAX, rules[k].id, &cs);
            put_case(&cases, a, o, &ids, "erready.network", &rules[k], &cs, &c);
        }
        put_suite(&body, "network", o, &props, &cases, &c);
        total.tests += c.tests;
        total.failures += c.failures;
        total.skipped += c.skipped;
        er_sb_free(&props);
        er_sb_free(&cases);
    }
    er_sb_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    er_sb_printf(b,
                 "<testsuites name=\"erready\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
                 "skipped=\"%zu\">\n",
                 total.tests, total.failures, total.skipped);
    if (body.len)
        er_sb_putn(b, body.buf, body.len);
    er_sb_puts(b, "</testsuites>\n");
    if (body.failed)
        b->failed = true;
    er_sb_free(&body);
out:
    er_report_ids_free(&ids);
    free(order);
    free(cs.v);
    free(unknown);
    free(generic);
}
