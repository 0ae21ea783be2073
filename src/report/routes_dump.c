/* `erready routes`: what the parsers understood, as text, JSON or CSV, with per-file
 * parse statistics and the reasons of skipped lines. */
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

bool er_dump_format_parse(const char *name, er_dump_format *out)
{
    if (strcmp(name, "text") == 0)
        *out = ER_DUMP_TEXT;
    else if (strcmp(name, "json") == 0)
        *out = ER_DUMP_JSON;
    else if (strcmp(name, "csv") == 0)
        *out = ER_DUMP_CSV;
    else
        return false;
    return true;
}

/* CSV field with RFC 4180 quoting when needed. */
static void csv_field(er_sb *b, const char *s, size_t n)
{
    bool q = false;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            q = true;
    if (!q) {
        er_sb_putn(b, s, n);
        return;
    }
    er_sb_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            er_sb_putc(b, '"');
        er_sb_putc(b, s[i]);
    }
    er_sb_putc(b, '"');
}

static void dump_csv(er_sb *b, const er_rtable *t)
{
    er_sb_puts(b, "prefix,next_hop,interface,protocol,as_path,best,path_class,vrf,source\n");
    for (size_t i = 0; i < er_rtable_count(t); i++) {
        const er_route *r = er_rtable_get(t, i);
        char pfx[ER_PREFIX_STRLEN], nh[ER_PREFIX_STRLEN], src[4200];
        er_prefix_format(&r->prefix, pfx, sizeof pfx);
        er_report_route_nexthop(r, nh, sizeof nh);
        er_report_route_source(t, r, src, sizeof src);
        er_sb_printf(b, "%s,%s,", pfx, nh);
        csv_field(b, er_rtable_str(t, r->iface), r->iface.len);
        er_sb_printf(b, ",%s,", er_proto_name((er_proto)r->proto));
        csv_field(b, er_rtable_str(t, r->as_path), r->as_path.len);
        er_sb_printf(b, ",%s,%s,", (r->flags & ER_RF_BEST) ? "true" : "false",
                     er_pathclass_name((er_pathclass)r->path_class));
        csv_field(b, er_rtable_str(t, r->vrf), r->vrf.len);
        er_sb_putc(b, ',');
        csv_field(b, src, strlen(src));
        er_sb_putc(b, '\n');
    }
}

static void dump_text(er_sb *b, const er_rtable *t, const er_diags *d)
{
    for (size_t i = 0; i < er_rtable_count(t); i++) {
        const er_route *r = er_rtable_get(t, i);
        char pfx[ER_PREFIX_STRLEN], nh[ER_PREFIX_STRLEN], src[4200];
        er_prefix_format(&r->prefix, pfx, sizeof pfx);
        er_report_route_nexthop(r, nh, sizeof nh);
        er_report_route_source(t, r, src, sizeof src);
        er_sb_printf(b, "%c %-24s %-20s %-12s %-9s %-.*s%s%.*s  [%s]\n",
                     (r->flags & ER_RF_BEST) ? '>' : ' ', pfx, nh[0] ? nh : "-",
                     er_pathclass_name((er_pathclass)r->path_class),
                     er_proto_name((er_proto)r->proto), (int)r->as_path.len,
                     er_rtable_str(t, r->as_path), r->vrf.len ? " vrf " : "", (int)r->vrf.len,
                     er_rtable_str(t, r->vrf), src);
    }
    for (size_t i = 0; i < er_rtable_file_count(t); i++) {
        const er_rfile *f = er_rtable_file(t, i);
        er_sb_printf(b, "# %s [%s]: %llu lines, %llu understood, %llu skipped, %llu routes\n",
                     f->path, f->format ? f->format : "?", (unsigned long long)f->stats.lines,
                     (unsigned long long)f->stats.understood, (unsigned long long)f->stats.skipped,
                     (unsigned long long)f->stats.routes);
    }
    for (size_t i = 0; i < er_diags_count(d); i++) {
        const er_diag *g = er_diags_get(d, i);
        er_sb_printf(b, "# %s:%u: %s\n", g->file ? g->file : "", g->line, g->msg);
    }
}

static void dump_json(er_sb *b, const er_rtable *t, const er_diags *d)
{
    er_sb_puts(b, "{\n\"routes\":[");
    for (size_t i = 0; i < er_rtable_count(t); i++) {
        er_sb_puts(b, i ? ",\n " : "\n ");
        er_report_route_json(b, t, er_rtable_get(t, i));
    }
    er_sb_puts(b, "],\n\"parse\":[");
    for (size_t i = 0; i < er_rtable_file_count(t); i++) {
        const er_rfile *f = er_rtable_file(t, i);
        er_sb_puts(b, i ? ",\n {\"file\":" : "\n {\"file\":");
        er_sb_json_str(b, f->path, strlen(f->path));
        er_sb_puts(b, ",\"format\":");
        if (f->format)
            er_sb_json_str(b, f->format, strlen(f->format));
        else
            er_sb_puts(b, "null");
        er_sb_printf(b, ",\"lines\":%llu,\"understood\":%llu,\"skipped\":%llu,\"routes\":%llu,"
                        "\"skipped_lines\":[",
                     (unsigned long long)f->stats.lines, (unsigned long long)f->stats.understood,
                     (unsigned long long)f->stats.skipped, (unsigned long long)f->stats.routes);
        bool first = true;
        for (size_t k = 0; k < er_diags_count(d); k++) {
            const er_diag *g = er_diags_get(d, k);
            if (!g->file || strcmp(g->file, f->path) != 0)
                continue;
            er_sb_printf(b, "%s{\"line\":%u,\"level\":\"%s\",\"reason\":", first ? "" : ",",
                         g->line, g->level == ER_DIAG_ERROR ? "error"
                                  : g->level == ER_DIAG_WARNING ? "warning" : "note");
            er_sb_json_str(b, g->msg, strlen(g->msg));
            er_sb_putc(b, '}');
            first = false;
        }
        er_sb_puts(b, "]}");
    }
    er_sb_puts(b, "]\n}\n");
}

char *er_report_routes(er_dump_format fmt, const er_rtable *t, const er_diags *diags,
                       size_t *len)
{
    er_sb b;
    er_sb_init(&b);
    switch (fmt) {
    case ER_DUMP_TEXT:
        dump_text(&b, t, diags);
        break;
    case ER_DUMP_JSON:
        dump_json(&b, t, diags);
        break;
    case ER_DUMP_CSV:
        dump_csv(&b, t);
        break;
    }
    return er_sb_take(&b, len);
}
