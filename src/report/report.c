/* Report dispatch: format names, options, and helpers shared by the writers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

static const char *const format_names[ER_REPORT_FORMAT_COUNT] = {"text", "json"};

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
    static const struct {
        const char *ext;
        er_report_format fmt;
    } exts[] = {{".txt", ER_REPORT_TEXT}, {".text", ER_REPORT_TEXT}, {".json", ER_REPORT_JSON}};
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot)
        return false;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (strcmp(dot, exts[i].ext) == 0) {
            *out = exts[i].fmt;
            return true;
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

char *er_report_render(er_report_format fmt, const er_analysis *a, const er_report_opts *o,
                       size_t *len)
{
    er_report_opts defaults;
    if (!o) {
        er_report_opts_init(&defaults);
        o = &defaults;
    }
    er_sb b;
    er_sb_init(&b);
    switch (fmt) {
    case ER_REPORT_TEXT:
        er_report_text(&b, a, o);
        break;
    case ER_REPORT_JSON:
        er_report_json(&b, a, o);
        break;
    default:
        er_sb_free(&b);
        return NULL;
    }
    return er_sb_take(&b, len);
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

size_t *er_report_sorted_findings(const er_analysis *a)
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
    qsort(idx, n, sizeof *idx, cmp_finding);
    sort_ctx = NULL;
    return idx;
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
