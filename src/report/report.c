/* Report dispatch: format names, options, and helpers shared by the writers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

static const char *const format_names[ER_REPORT_FORMAT_COUNT] = {
    "text", "json", "sarif", "junit", "csv", "markdown", "html"};

bool er_report_format_parse(const char *name, er_report_format *out)
{
    for (int i = 0; i < ER_REPORT_FORMAT_COUNT; i++)
        if (strcmp(name, format_names[i]) == 0) {
            *out = (er_report_format)i;
            return true;
        }
    return false;
}

bool er_report_format_from_path(const char *path, er_report_format *out)
{
    /* Longest suffixes first: ".sarif.json" is SARIF, not JSON. */
    static const struct {
        const char *ext;
        er_report_format fmt;
    } exts[] = {{".sarif.json", ER_REPORT_SARIF}, {".sarif", ER_REPORT_SARIF},
                {".txt", ER_REPORT_TEXT},         {".text", ER_REPORT_TEXT},
                {".json", ER_REPORT_JSON},        {".xml", ER_REPORT_JUNIT},
                {".csv", ER_REPORT_CSV},          {".md", ER_REPORT_MARKDOWN},
                {".markdown", ER_REPORT_MARKDOWN}, {".html", ER_REPORT_HTML},
                {".htm", ER_REPORT_HTML}};
    if (!path)
        return false;
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t k = strlen(exts[i].ext);
        if (n > k && strcmp(path + n - k, exts[i].ext) == 0 && path[n - k - 1] != '/') {
            *out = exts[i].fmt;
            return true;
        }
    }
    return false;
}

const char *er_report_format_name(er_report_format f)
{
    return (unsigned)f < ER_REPORT_FORMAT_COUNT ? format_names[f] : "unknown";
}

void er_report_opts_init(er_report_opts *o)
{
    memset(o, 0, sizeof *o);
    o->tool_version = "unknown";
    o->max_findings_text = 50;
    o->fail_on = ER_SEV_HIGH;
}

/* The report in fmt into b; false for an unknown format. */
static bool render_into(er_sb *b, er_report_format fmt, const er_analysis *a,
                        const er_report_opts *o)
{
    er_report_opts defaults;
    if (!o) {
        er_report_opts_init(&defaults);
        o = &defaults;
    }
    switch (fmt) {
    case ER_REPORT_TEXT: er_report_text(b, a, o); return true;
    case ER_REPORT_JSON: er_report_json(b, a, o); return true;
    case ER_REPORT_SARIF: er_report_sarif(b, a, o); return true;
    case ER_REPORT_JUNIT: er_report_junit(b, a, o); return true;
    case ER_REPORT_CSV: er_report_csv(b, a, o); return true;
    case ER_REPORT_MARKDOWN: er_report_markdown(b, a, o); return true;
    case ER_REPORT_HTML: er_report_html(b, a, o); return true;
    default: return false;
    }
}

char *er_report_render(er_report_format fmt, const er_analysis *a, const er_report_opts *o,
                       size_t *len)
{
    er_sb b;
    er_sb_init(&b);
    if (!render_into(&b, fmt, a, o)) {
        er_sb_free(&b);
        return NULL;
    }
    return er_sb_take(&b, len);
}

er_status er_report_render_to(er_report_format fmt, const er_analysis *a,
                              const er_report_opts *o,
                              bool (*write)(void *ctx, const char *buf, size_t len), void *ctx)
{
    er_sb b;
    er_sb_init_sink(&b, write, ctx);
    er_status rc = ER_OK;
    if (!render_into(&b, fmt, a, o))
        rc = ER_ERR_ARG;
    else if (!er_sb_flush(&b))
        rc = b.sink_failed ? ER_ERR_IO : ER_ERR_NOMEM;
    er_sb_free(&b);
    return rc;
}

static const er_analysis *sort_ctx;

static int cmp_finding(const void *x, const void *y)
{
    const er_finding *a = er_analysis_finding(sort_ctx, *(const size_t *)x);
    const er_finding *b = er_analysis_finding(sort_ctx, *(const size_t *)y);
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    const er_catalog *c = er_analysis_catalog(sort_ctx);
    const er_service *sa = er_catalog_service(c, a->service), *sb = er_catalog_service(c, b->service);
    int r = strcmp(sa ? sa->name : "", sb ? sb->name : ""); /* service-less findings first */
    if (r)
        return r;
    r = strcmp(a->rule, b->rule);
    if (r)
        return r;
    if (a->reason != b->reason)
        return a->reason < b->reason ? -1 : 1;
    uint32_t wa = a->n_evidence ? a->evidence[0].route : UINT32_MAX;
    uint32_t wb = b->n_evidence ? b->evidence[0].route : UINT32_MAX;
    if (wa != wb)
        return wa < wb ? -1 : 1;
    r = er_prefix_cmp(&a->prefix, &b->prefix);
    if (r)
        return r;
    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    r = strcmp(a->subject ? a->subject : "", b->subject ? b->subject : "");
    if (r)
        return r;
    size_t i = *(const size_t *)x, j = *(const size_t *)y; /* total order: input order */
    return i < j ? -1 : i > j;
}

bool er_report_same_cause(const er_finding *a, const er_finding *b)
{
    return a->severity == b->severity && a->service == b->service &&
           strcmp(a->rule, b->rule) == 0 && a->reason == b->reason &&
           a->n_evidence == b->n_evidence && !a->subject && !b->subject &&
           (!a->n_evidence || (a->evidence[0].route == b->evidence[0].route &&
                               a->evidence[0].table == b->evidence[0].table));
}

/* The finding indexes of a in the order of cmp (which reads sort_ctx); NULL when there
 * are none or on no memory. */
static size_t *findings_sorted(const er_analysis *a, int (*cmp)(const void *, const void *))
{
    size_t n = er_analysis_finding_count(a);
    if (!n)
        return NULL;
    size_t *idx = malloc(n * sizeof *idx);
    if (!idx)
        return NULL;
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    sort_ctx = a; /* qsort has no context argument in C11 */
    qsort(idx, n, sizeof *idx, cmp);
    sort_ctx = NULL;
    return idx;
}

size_t *er_report_sorted_findings(const er_analysis *a)
{
    return findings_sorted(a, cmp_finding);
}

bool er_report_evidence(const er_analysis *a, const er_finding *f, size_t e,
                        char desc[ER_REPORT_DESC], char src[ER_REPORT_SRC])
{
    const er_rtable *t = er_analysis_table(a, (er_table_id)f->evidence[e].table);
    const er_route *r = er_analysis_evidence_route(a, &f->evidence[e]);
    if (!r)
        return false;
    er_report_route_desc(t, r, desc, ER_REPORT_DESC);
    er_report_route_source(t, r, src, ER_REPORT_SRC);
    return true;
}

void er_report_route_source(const er_rtable *t, const er_route *r, char *buf, size_t size)
{
    const er_rfile *f = er_rtable_file(t, r->file);
    snprintf(buf, size, "%s:%u", f ? f->path : "?", r->line);
}

void er_report_route_nexthop(const er_route *r, char *buf, size_t size)
{
    if (!(r->flags & ER_RF_HAS_NH)) {
        if (size)
            buf[0] = '\0';
        return;
    }
    er_addr_format(r->next_hop, r->nh_family ? r->nh_family : r->prefix.family, buf, size);
}

void er_report_route_json(er_sb *b, const er_rtable *t, const er_route *r)
{
    char pfx[ER_PREFIX_STRLEN], nh[ER_PREFIX_STRLEN], src[4200];
    er_prefix_format(&r->prefix, pfx, sizeof pfx);
    er_report_route_nexthop(r, nh, sizeof nh);
    er_report_route_source(t, r, src, sizeof src);
    er_sb_puts(b, "{\"prefix\":");
    er_sb_json_str(b, pfx, strlen(pfx));
    er_sb_puts(b, ",\"next_hop\":");
    if (nh[0])
        er_sb_json_str(b, nh, strlen(nh));
    else
        er_sb_puts(b, "null");
    er_sb_puts(b, ",\"interface\":");
    if (r->iface.len)
        er_sb_json_str(b, er_rtable_str(t, r->iface), r->iface.len);
    else
        er_sb_puts(b, "null");
    er_sb_printf(b, ",\"protocol\":\"%s\",\"as_path\":", er_proto_name((er_proto)r->proto));
    er_sb_json_str(b, er_rtable_str(t, r->as_path), r->as_path.len);
    er_sb_printf(b, ",\"best\":%s,\"path_class\":\"%s\",\"vrf\":",
                 (r->flags & ER_RF_BEST) ? "true" : "false",
                 er_pathclass_name((er_pathclass)r->path_class));
    if (r->vrf.len)
        er_sb_json_str(b, er_rtable_str(t, r->vrf), r->vrf.len);
    else
        er_sb_puts(b, "null");
    er_sb_puts(b, ",\"source\":");
    er_sb_json_str(b, src, strlen(src));
    er_sb_putc(b, '}');
}

/* ---- helpers for the CI and consultant writers ---- */

er_baseline_state er_report_finding_state(const er_report_opts *o, size_t i)
{
    return o->baseline_match ? o->baseline_match[i].state : ER_BASELINE_NONE;
}

const er_baseline_entry *er_report_finding_entry(const er_report_opts *o, size_t i)
{
    if (!o->baseline || !o->baseline_match || o->baseline_match[i].state == ER_BASELINE_NONE)
        return NULL;
    return er_baseline_entry_at(o->baseline, o->baseline_match[i].entry);
}

bool er_report_finding_fails(const er_analysis *a, const er_report_opts *o, size_t i)
{
    if (o->fail_on == ER_SEV_NONE || er_analysis_finding(a, i)->severity < o->fail_on)
        return false;
    return er_report_finding_state(o, i) != ER_BASELINE_ACCEPTED;
}

size_t er_report_failing_count(const er_analysis *a, const er_report_opts *o)
{
    er_report_opts defaults;
    if (!o) {
        er_report_opts_init(&defaults);
        o = &defaults;
    }
    size_t n = 0;
    for (size_t i = 0; i < er_analysis_finding_count(a); i++)
        if (er_report_finding_fails(a, o, i))
            n++;
    return n;
}

er_verdict er_report_verdict(const er_analysis *a, const er_report_opts *o)
{
    if (er_report_failing_count(a, o))
        return ER_VERDICT_NOT_READY;
    for (size_t i = 0; i < er_analysis_finding_count(a); i++)
        if (er_report_finding_state(o, i) == ER_BASELINE_ACCEPTED)
            return ER_VERDICT_READY_ACCEPTED;
    return ER_VERDICT_READY;
}

static int cmp_impact(const void *x, const void *y)
{
    const er_finding *a = er_analysis_finding(sort_ctx, *(const size_t *)x);
    const er_finding *b = er_analysis_finding(sort_ctx, *(const size_t *)y);
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    if (a->addresses != b->addresses)
        return a->addresses > b->addresses ? -1 : 1;
    int r = cmp_finding(x, y);
    if (r)
        return r;
    /* Fully tied findings keep analysis order so output stays deterministic. */
    return *(const size_t *)x < *(const size_t *)y ? -1 : *(const size_t *)x > *(const size_t *)y;
}

size_t *er_report_findings_by_impact(const er_analysis *a)
{
    return findings_sorted(a, cmp_impact);
}

const char *er_report_site(const er_report_opts *o) { return o->site ? o->site : ""; }

bool er_report_ids_init(er_report_ids *x, const er_analysis *a, const char *site)
{
    x->id = NULL;
    x->fp = NULL;
    size_t n = er_analysis_finding_count(a);
    if (!n)
        return true;
    if (er_baseline_finding_ids(a, &x->id) != ER_OK || !(x->fp = malloc(n * sizeof *x->fp))) {
        er_report_ids_free(x);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        er_baseline_fingerprint(x->id[i], site, x->fp[i]);
    return true;
}

void er_report_ids_free(er_report_ids *x)
{
    free(x->id);
    free(x->fp);
    x->id = NULL;
    x->fp = NULL;
}

const char *er_report_finding_service(const er_analysis *a, const er_finding *f)
{
    const er_service *s = er_catalog_service(er_analysis_catalog(a), f->service);
    if (s)
        return s->name;
    return f->subject ? f->subject : "";
}

void er_report_pct(char *buf, size_t size, er_u128 part, er_u128 total)
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

void er_report_human(char *buf, size_t size, er_u128 v)
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

void er_sb_xml_str(er_sb *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        switch (c) {
        case '&': er_sb_puts(b, "&amp;"); i++; continue;
        case '<': er_sb_puts(b, "&lt;"); i++; continue;
        case '>': er_sb_puts(b, "&gt;"); i++; continue;
        case '"': er_sb_puts(b, "&quot;"); i++; continue;
        case '\'': er_sb_puts(b, "&#39;"); i++; continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7f) {
            if (c == '\t' || c == '\n')
                er_sb_putc(b, (char)c);
            i++;
            continue;
        }
        size_t k = er_utf8_seq(p + i, n - i);
        if (k) {
            er_sb_putn(b, s + i, k);
            i += k;
        } else {
            er_sb_puts(b, "\xef\xbf\xbd");
            i++;
        }
    }
}

void er_sb_xml(er_sb *b, const char *s) { er_sb_xml_str(b, s ? s : "", s ? strlen(s) : 0); }

void er_report_route_desc(const er_rtable *t, const er_route *r, char *buf, size_t size)
{
    char pfx[ER_PREFIX_STRLEN], nh[ER_PREFIX_STRLEN];
    er_prefix_format(&r->prefix, pfx, sizeof pfx);
    er_report_route_nexthop(r, nh, sizeof nh);
    int n = snprintf(buf, size, "%s", pfx);
    if (nh[0] && n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, " via %s", nh);
    if (r->iface.len && n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, " dev %.*s", (int)r->iface.len,
                      er_rtable_str(t, r->iface));
    if (n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, ", %s", er_proto_name((er_proto)r->proto));
    if (r->as_path.len && n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, ", AS path %.*s", (int)r->as_path.len,
                      er_rtable_str(t, r->as_path));
    if (r->vrf.len && n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, ", vrf %.*s", (int)r->vrf.len,
                      er_rtable_str(t, r->vrf));
    if (n >= 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, ", %s%s", er_pathclass_name((er_pathclass)r->path_class),
                 (r->flags & ER_RF_BEST) ? ", best" : ", not best");
}

const char *er_report_checklist_name(int section)
{
    static const char *const names[] = {"",
                                        "Client routing",
                                        "WAN performance",
                                        "Peering",
                                        "Asymmetric routing",
                                        "Geographical distribution",
                                        "On-premises integration"};
    return section >= 1 && section <= 6 ? names[section] : "";
}
