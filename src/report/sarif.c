/* The SARIF 2.1.0 report: every rule declared, one result per finding with the route file
 * and line as its physical location, the service and prefix as logical locations, stable
 * partial fingerprints, baseline suppressions, and the data version in run properties. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

/* A small indenting JSON emitter: commas and newlines are placed automatically. */
typedef struct jw {
    er_sb *b;
    int depth;
    bool first[24];
} jw;

static void jw_item(jw *w, const char *key)
{
    if (w->depth > 0) {
        if (!w->first[w->depth])
            er_sb_putc(w->b, ',');
        w->first[w->depth] = false;
        er_sb_putc(w->b, '\n');
        for (int i = 0; i < w->depth; i++)
            er_sb_puts(w->b, "  ");
    }
    if (key) {
        er_sb_json_str(w->b, key, strlen(key));
        er_sb_puts(w->b, ": ");
    }
}

static void jw_open(jw *w, const char *key, char c)
{
    jw_item(w, key);
    er_sb_putc(w->b, c);
    if (w->depth + 1 < (int)ER_ARRAY_LEN(w->first))
        w->depth++;
    w->first[w->depth] = true;
}

static void jw_close(jw *w, char c)
{
    bool empty = w->first[w->depth];
    w->depth--;
    if (!empty) {
        er_sb_putc(w->b, '\n');
        for (int i = 0; i < w->depth; i++)
            er_sb_puts(w->b, "  ");
    }
    er_sb_putc(w->b, c);
}

static void jw_str(jw *w, const char *key, const char *v)
{
    jw_item(w, key);
    er_sb_json_str(w->b, v ? v : "", v ? strlen(v) : 0);
}

static void jw_raw(jw *w, const char *key, const char *v)
{
    jw_item(w, key);
    er_sb_puts(w->b, v);
}

static void jw_uint(jw *w, const char *key, unsigned long long v)
{
    jw_item(w, key);
    er_sb_printf(w->b, "%llu", v);
}

static void jw_u128(jw *w, const char *key, er_u128 v)
{
    jw_item(w, key);
    er_sb_json_u128(w->b, v);
}

static void jw_bool(jw *w, const char *key, bool v) { jw_raw(w, key, v ? "true" : "false"); }

/* A file path as a URI reference: relative paths stay relative, absolute ones become
 * file:// URIs; everything outside RFC 3986 unreserved characters and '/' is
 * percent-encoded. */
static void put_uri(er_sb *b, const char *path)
{
    er_sb u;
    er_sb_init(&u);
    if (path[0] == '/')
        er_sb_puts(&u, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned c = *p;
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (plain)
            er_sb_putc(&u, (char)c);
        else
            er_sb_printf(&u, "%%%02X", c);
    }
    er_sb_json_str(b, u.buf ? u.buf : "", u.len);
    er_sb_free(&u);
}

static bool is_stdin(const char *path) { return strcmp(path, "<stdin>") == 0 || strcmp(path, "-") == 0; }

static const char *level_of(er_severity s)
{
    if (s >= ER_SEV_HIGH)
        return "error";
    if (s == ER_SEV_MEDIUM)
        return "warning";
    return "note";
}

/* The rules to declare: the whole table, then ids found in findings but not in it. */
typedef struct rule_set {
    const er_rule_info **v;
    er_rule_info *extra; /* generic descriptors for unknown ids */
    size_t n;
} rule_set;

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static bool rules_collect(rule_set *rs, const er_analysis *a)
{
    size_t nt;
    const er_rule_info *table = er_report_rules(&nt);
    size_t nf = er_analysis_finding_count(a);
    const char **unknown = malloc((nf ? nf : 1) * sizeof *unknown);
    rs->v = malloc((nt + nf + 1) * sizeof *rs->v);
    rs->extra = malloc((nf ? nf : 1) * sizeof *rs->extra);
    if (!unknown || !rs->v || !rs->extra) {
        free(unknown);
        return false;
    }
    rs->n = 0;
    for (size_t i = 0; i < nt; i++)
        rs->v[rs->n++] = &table[i];
    size_t nu = 0;
    for (size_t i = 0; i < nf; i++) {
        const char *id = er_analysis_finding(a, i)->rule;
        if (!er_report_rule_find(id))
            unknown[nu++] = id;
    }
    qsort(unknown, nu, sizeof *unknown, cmp_str);
    for (size_t i = 0, ne = 0; i < nu; i++) {
        if (i && strcmp(unknown[i], unknown[i - 1]) == 0)
            continue;
        rs->v[rs->n++] = er_report_rule_or_generic(unknown[i], &rs->extra[ne++]);
    }
    free(unknown);
    return true;
}

static size_t rule_index(const rule_set *rs, const char *id)
{
    for (size_t i = 0; i < rs->n; i++)
        if (strcmp(rs->v[i]->id, id) == 0)
            return i;
    return 0; /* unreachable: every finding's rule was collected */
}

static void put_rule(jw *w, const er_analysis *a, const er_rule_info *r)
{
    jw_open(w, NULL, '{');
    jw_str(w, "id", r->id);
    jw_str(w, "name", r->name);
    jw_open(w, "shortDescription", '{');
    jw_str(w, "text", r->title);
    jw_close(w, '}');
    jw_open(w, "fullDescription", '{');
    jw_str(w, "text", r->description);
    jw_close(w, '}');
    jw_open(w, "help", '{');
    jw_str(w, "text", r->help);
    er_sb md;
    er_sb_init(&md);
    er_sb_printf(&md, "**%s**\n\n%s\n\n**What to do:** %s", r->title, r->description, r->help);
    if (r->checklist)
        er_sb_printf(&md, "\n\nPower Platform ExpressRoute readiness checklist: %s.",
                     er_report_checklist_name(r->checklist));
    if (r->needs && r->needs[0])
        er_sb_printf(&md, "\n\nNeeds %s.", r->needs);
    jw_str(w, "markdown", md.buf ? md.buf : "");
    er_sb_free(&md);
    jw_close(w, '}');
    jw_open(w, "defaultConfiguration", '{');
    jw_str(w, "level", level_of(r->severity));
    jw_close(w, '}');
    jw_open(w, "properties", '{');
    jw_str(w, "severity", er_severity_name(r->severity));
    if (r->checklist)
        jw_str(w, "checklist", er_report_checklist_name(r->checklist));
    if (r->needs && r->needs[0])
        jw_str(w, "needs", r->needs);
    /* this run: did it have the inputs the rule needs */
    bool ev = er_report_rule_evaluated(a, r->id);
    jw_bool(w, "evaluated", ev);
    if (!ev) {
        char missing[1024];
        er_report_rule_missing(a, r->id, missing, sizeof missing);
        jw_str(w, "missing", missing);
    }
    jw_open(w, "tags", '[');
    jw_str(w, NULL, "expressroute");
    jw_str(w, NULL, "power-platform");
    jw_close(w, ']');
    jw_close(w, '}');
    jw_close(w, '}');
}

static void put_physical(jw *w, const er_rtable *t, const er_route *r)
{
    const er_rfile *f = er_rtable_file(t, r->file);
    jw_open(w, "physicalLocation", '{');
    jw_open(w, "artifactLocation", '{');
    if (f && !is_stdin(f->path)) {
        jw_item(w, "uri");
        put_uri(w->b, f->path);
    }
    jw_uint(w, "index", r->file);
    jw_close(w, '}');
    if (r->line) {
        jw_open(w, "region", '{');
        jw_uint(w, "startLine", r->line);
        jw_close(w, '}');
    }
    jw_close(w, '}');
}

static void put_result(jw *w, const er_analysis *a, const er_report_opts *o, const rule_set *rs,
                       const er_report_ids *ids, size_t fi)
{
    const er_catalog *cat = er_analysis_catalog(a);
    const er_finding *f = er_analysis_finding(a, fi);
    const char *svc_name = er_report_finding_service(a, f);
    char pfx[ER_PREFIX_STRLEN], first[ER_PREFIX_STRLEN], last[ER_PREFIX_STRLEN];
    char buf[1024];
    er_prefix_format(&f->prefix, pfx, sizeof pfx);
    er_addr_format(f->first, f->prefix.family, first, sizeof first);
    er_addr_format(f->last, f->prefix.family, last, sizeof last);

    jw_open(w, NULL, '{');
    jw_str(w, "ruleId", f->rule);
    jw_uint(w, "ruleIndex", rule_index(rs, f->rule));
    jw_str(w, "kind", "fail");
    jw_str(w, "level", level_of(f->severity));
    jw_open(w, "message", '{');
    er_sb msg;
    er_sb_init(&msg);
    er_sb_printf(&msg, "%s. Fix: %s", f->message ? f->message : "", f->fix ? f->fix : "");
    jw_str(w, "text", msg.buf ? msg.buf : "");
    er_sb_free(&msg);
    jw_close(w, '}');

    jw_open(w, "locations", '[');
    jw_open(w, NULL, '{');
    if (f->n_evidence)
        put_physical(w, er_analysis_table(a, (er_table_id)f->evidence[0].table),
                     er_analysis_evidence_route(a, &f->evidence[0]));
    jw_open(w, "logicalLocations", '[');
    jw_open(w, NULL, '{');
    jw_str(w, "name", pfx);
    snprintf(buf, sizeof buf, "%s/%s", svc_name, pfx);
    jw_str(w, "fullyQualifiedName", buf);
    jw_str(w, "kind", "resource");
    jw_close(w, '}');
    jw_open(w, NULL, '{');
    jw_str(w, "name", svc_name);
    jw_str(w, "kind", "namespace");
    jw_close(w, '}');
    jw_close(w, ']');
    jw_close(w, '}');
    jw_close(w, ']');

    if (f->n_evidence > 1) {
        jw_open(w, "relatedLocations", '[');
        for (size_t e = 1; e < f->n_evidence; e++) {
            const er_rtable *et = er_analysis_table(a, (er_table_id)f->evidence[e].table);
            const er_route *r = er_analysis_evidence_route(a, &f->evidence[e]);
            if (!r)
                continue;
            jw_open(w, NULL, '{');
            jw_uint(w, "id", e);
            put_physical(w, et, r);
            jw_open(w, "message", '{');
            char desc[900];
            er_report_route_desc(et, r, desc, sizeof desc);
            snprintf(buf, sizeof buf, "%s: %s", f->evidence[e].role, desc);
            jw_str(w, "text", buf);
            jw_close(w, '}');
            jw_close(w, '}');
        }
        jw_close(w, ']');
    }

    jw_open(w, "partialFingerprints", '{');
    jw_str(w, "erreadyFinding/v2", ids->fp[fi]);
    snprintf(buf, sizeof buf, "%s-%s", first, last);
    jw_str(w, "erreadyRange/v1", buf);
    jw_close(w, '}');

    const er_baseline_entry *be = er_report_finding_entry(o, fi);
    if (be && er_report_finding_state(o, fi) == ER_BASELINE_ACCEPTED) {
        jw_open(w, "suppressions", '[');
        jw_open(w, NULL, '{');
        jw_str(w, "kind", "external");
        jw_str(w, "status", "accepted");
        jw_str(w, "justification", be->reason);
        jw_open(w, "properties", '{');
        jw_str(w, "expires", be->expires);
        if (o->baseline_path)
            jw_str(w, "baseline", o->baseline_path);
        jw_close(w, '}');
        jw_close(w, '}');
        jw_close(w, ']');
    }

    jw_open(w, "properties", '{');
    jw_str(w, "severity", er_severity_name(f->severity));
    jw_str(w, "service", svc_name);
    const er_service *sv = er_catalog_service(cat, f->service);
    jw_str(w, "region", sv ? sv->region : f->region ? f->region : "");
    jw_str(w, "prefix", pfx);
    jw_u128(w, "addresses", f->addresses);
    jw_open(w, "range", '{');
    jw_str(w, "first", first);
    jw_str(w, "last", last);
    jw_close(w, '}');
    const char *reason = er_finding_reason_name(f);
    if (reason)
        jw_str(w, "reason", reason);
    if (f->subject)
        jw_str(w, "subject", f->subject);
    jw_str(w, "finding", ids->id[fi]);
    jw_str(w, "fix", f->fix);
    jw_bool(w, "failsRun", er_report_finding_fails(a, o, fi));
    if (be) {
        jw_open(w, "baseline", '{');
        jw_str(w, "state", er_report_finding_state(o, fi) == ER_BASELINE_ACCEPTED ? "accepted"
                                                                                  : "expired");
        jw_str(w, "reason", be->reason);
        jw_str(w, "expires", be->expires);
        jw_close(w, '}');
    }
    jw_open(w, "evidence", '[');
    for (size_t e = 0; e < f->n_evidence; e++) {
        char desc[ER_REPORT_DESC], src[ER_REPORT_SRC];
        if (!er_report_evidence(a, f, e, desc, src))
            continue;
        jw_open(w, NULL, '{');
        jw_str(w, "role", f->evidence[e].role);
        jw_str(w, "route", desc);
        jw_str(w, "source", src);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_close(w, '}');
    jw_close(w, '}');
}

void er_report_sarif(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    const er_catalog *cat = er_analysis_catalog(a);
    const er_rtable *t = er_analysis_routes(a);
    const er_feed_info *fi = er_catalog_feed(cat);
    rule_set rs = {0};
    if (!rules_collect(&rs, a)) {
        b->failed = true;
        free(rs.v);
        free(rs.extra);
        return;
    }
    jw w = {b, 0, {true}};
    jw_open(&w, NULL, '{');
    jw_str(&w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    jw_str(&w, "version", "2.1.0");
    jw_open(&w, "runs", '[');
    jw_open(&w, NULL, '{');

    jw_open(&w, "tool", '{');
    jw_open(&w, "driver", '{');
    jw_str(&w, "name", "erready");
    jw_str(&w, "version", o->tool_version);
    jw_str(&w, "fullName", "erready: Power Platform over ExpressRoute readiness");
    jw_open(&w, "rules", '[');
    for (size_t i = 0; i < rs.n; i++)
        put_rule(&w, a, rs.v[i]);
    jw_close(&w, ']');
    jw_close(&w, '}');
    jw_close(&w, '}');

    if (er_report_site(o)[0]) {
        char id[512];
        snprintf(id, sizeof id, "erready/%s/", er_report_site(o));
        jw_open(&w, "automationDetails", '{');
        jw_str(&w, "id", id);
        jw_close(&w, '}');
    }

    jw_open(&w, "invocations", '[');
    jw_open(&w, NULL, '{');
    jw_bool(&w, "executionSuccessful", true);
    if (o->generated_at)
        jw_str(&w, "endTimeUtc", o->generated_at);
    jw_close(&w, '}');
    jw_close(&w, ']');

    jw_open(&w, "artifacts", '[');
    for (size_t i = 0; i < er_rtable_file_count(t); i++) {
        const er_rfile *f = er_rtable_file(t, i);
        jw_open(&w, NULL, '{');
        if (is_stdin(f->path)) {
            jw_open(&w, "description", '{');
            jw_str(&w, "text", "standard input");
            jw_close(&w, '}');
        } else {
            jw_open(&w, "location", '{');
            jw_item(&w, "uri");
            put_uri(b, f->path);
            jw_close(&w, '}');
        }
        jw_open(&w, "roles", '[');
        jw_str(&w, NULL, "analysisTarget");
        jw_close(&w, ']');
        if (o->input_sha256 && i < o->n_input_sha256 && o->input_sha256[i]) {
            jw_open(&w, "hashes", '{');
            jw_str(&w, "sha-256", o->input_sha256[i]);
            jw_close(&w, '}');
        }
        jw_open(&w, "properties", '{');
        jw_str(&w, "format", f->format ? f->format : "");
        jw_uint(&w, "lines", f->stats.lines);
        jw_uint(&w, "understood", f->stats.understood);
        jw_uint(&w, "skipped", f->stats.skipped);
        jw_uint(&w, "routes", f->stats.routes);
        jw_uint(&w, "bestRoutes", f->stats.best);
        jw_close(&w, '}');
        jw_close(&w, '}');
    }
    jw_close(&w, ']');

    jw_open(&w, "results", '[');
    size_t *order = er_report_sorted_findings(a);
    er_report_ids ids;
    size_t nf = er_analysis_finding_count(a);
    if (!er_report_ids_init(&ids, a, er_report_site(o)) || (nf && !order))
        b->failed = true;
    for (size_t k = 0; k < nf && !b->failed; k++)
        put_result(&w, a, o, &rs, &ids, order[k]);
    er_report_ids_free(&ids);
    free(order);
    jw_close(&w, ']');

    jw_str(&w, "columnKind", "unicodeCodePoints");
    jw_open(&w, "properties", '{');
    jw_open(&w, "data", '{');
    jw_str(&w, "source", fi->source);
    jw_str(&w, "cloud", fi->cloud);
    jw_uint(&w, "changeNumber", fi->change_number);
    jw_str(&w, "date", fi->date);
    jw_bool(&w, "bundled", fi->bundled);
    if (o->data_sha256)
        jw_str(&w, "sha256", o->data_sha256);
    jw_close(&w, '}');
    jw_str(&w, "site", er_report_site(o));
    jw_str(&w, "failOn", er_severity_name(o->fail_on));
    size_t failing = er_report_failing_count(a, o);
    jw_uint(&w, "failingFindings", failing);
    static const char *const verdicts[] = {"ready", "ready-with-accepted-findings", "not-ready"};
    jw_str(&w, "verdict", verdicts[er_report_verdict(a, o)]);
    jw_uint(&w, "services", er_analysis_service_count(a));
    jw_open(&w, "expressrouteShare", '{');
    char share[32];
    snprintf(share, sizeof share, "%.6f",
             er_counts_share(er_analysis_total(a, ER_AF_V4), ER_PC_EXPRESSROUTE));
    jw_raw(&w, "v4", share);
    snprintf(share, sizeof share, "%.6f",
             er_counts_share(er_analysis_total(a, ER_AF_V6), ER_PC_EXPRESSROUTE));
    jw_raw(&w, "v6", share);
    jw_close(&w, '}');
    if (o->baseline_path)
        jw_str(&w, "baseline", o->baseline_path);
    jw_open(&w, "rulesEvaluated", '[');
    for (size_t i = 0; i < rs.n; i++)
        if (er_report_rule_evaluated(a, rs.v[i]->id))
            jw_str(&w, NULL, rs.v[i]->id);
    jw_close(&w, ']');
    jw_open(&w, "rulesNotEvaluated", '[');
    for (size_t i = 0; i < rs.n; i++) {
        if (er_report_rule_evaluated(a, rs.v[i]->id))
            continue;
        char missing[1024];
        er_report_rule_missing(a, rs.v[i]->id, missing, sizeof missing);
        jw_open(&w, NULL, '{');
        jw_str(&w, "id", rs.v[i]->id);
        jw_str(&w, "missing", missing);
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_close(&w, '}');

    jw_close(&w, '}');
    jw_close(&w, ']');
    jw_close(&w, '}');
    er_sb_putc(b, '\n');
    free(rs.v);
    free(rs.extra);
}
