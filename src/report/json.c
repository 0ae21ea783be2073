/* The JSON reports (schema in docs/json-schema.md): one analysis, several sites, explain
 * and diff. Keys are only ever added, never renamed. */
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

static void put_str_or_null(er_sb *b, const char *s)
{
    if (s)
        put_str(b, s);
    else
        er_sb_puts(b, "null");
}

static void put_prefix(er_sb *b, const er_prefix *p)
{
    char t[ER_PREFIX_STRLEN];
    er_prefix_format(p, t, sizeof t);
    put_str(b, t);
}

static const char *table_name(er_table_id id)
{
    switch (id) {
    case ER_TABLE_ROUTES: return "routes";
    case ER_TABLE_ADVERTISED: return "advertised";
    case ER_TABLE_INTERNET_ADVERTISED: return "internet-advertised";
    }
    return "routes";
}

static void put_route_or_null(er_sb *b, const er_rtable *t, uint32_t ri)
{
    if (t && ri != ER_NO_ROUTE)
        er_report_route_json(b, t, er_rtable_get(t, ri));
    else
        er_sb_puts(b, "null");
}

static void put_header(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    const er_feed_info *fi = er_catalog_feed(er_analysis_catalog(a));
    er_sb_puts(b, "\"erready\":{\"version\":");
    put_str(b, o->tool_version);
    er_sb_puts(b, ",\"schema\":1},\n\"data\":{\"source\":");
    put_str(b, fi->source);
    er_sb_puts(b, ",\"cloud\":");
    put_str(b, fi->cloud);
    er_sb_printf(b, ",\"changeNumber\":%u,\"date\":", fi->change_number);
    put_str(b, fi->date);
    er_sb_printf(b, ",\"bundled\":%s}", fi->bundled ? "true" : "false");
}

static void put_inputs(er_sb *b, const er_rtable *t, const er_profile *p, bool advertised)
{
    er_sb_putc(b, '[');
    for (size_t i = 0; t && i < er_rtable_file_count(t); i++) {
        const er_rfile *f = er_rtable_file(t, i);
        er_sb_puts(b, i ? ",\n {\"file\":" : "\n {\"file\":");
        put_str(b, f->path);
        er_sb_puts(b, ",\"format\":");
        put_str(b, f->format);
        er_sb_printf(b,
                     ",\"lines\":%llu,\"understood\":%llu,\"skipped\":%llu,\"routes\":%llu,"
                     "\"best_routes\":%llu",
                     (unsigned long long)f->stats.lines, (unsigned long long)f->stats.understood,
                     (unsigned long long)f->stats.skipped, (unsigned long long)f->stats.routes,
                     (unsigned long long)f->stats.best);
        if (advertised && p && p->n_advertised == er_rtable_file_count(t)) {
            const er_adv_file *af = &p->advertised[i];
            er_sb_printf(b, ",\"session\":\"%s\",\"circuit\":",
                         af->role == ER_SESSION_PRIMARY ? "primary" : "secondary");
            put_str(b, af->circuit < p->n_circuits ? p->circuits[af->circuit].name : "");
        }
        er_sb_putc(b, '}');
    }
    er_sb_putc(b, ']');
}

/* One finding; idx is its index in the analysis (for the baseline state), o the options
 * (site for the fingerprint, baseline). */
static void put_finding(er_sb *b, const er_analysis *a, const er_report_opts *o, size_t idx)
{
    const er_finding *f = er_analysis_finding(a, idx);
    const er_catalog *cat = er_analysis_catalog(a);
    const er_service *s = er_catalog_service(cat, f->service);
    char pfx[ER_PREFIX_STRLEN], first[ER_PREFIX_STRLEN], last[ER_PREFIX_STRLEN];
    er_prefix_format(&f->prefix, pfx, sizeof pfx);
    er_addr_format(f->first, f->prefix.family, first, sizeof first);
    er_addr_format(f->last, f->prefix.family, last, sizeof last);
    er_sb_printf(b, "{\"rule\":\"%s\",\"severity\":\"%s\",\"service\":", f->rule,
                 er_severity_name(f->severity));
    put_str_or_null(b, s ? s->name : NULL);
    er_sb_puts(b, ",\"prefix\":");
    put_str(b, pfx);
    er_sb_puts(b, ",\"addresses\":");
    er_sb_json_u128(b, f->addresses);
    er_sb_printf(b, ",\"range\":{\"first\":\"%s\",\"last\":\"%s\"}", first, last);
    const char *reason = er_finding_reason_name(f);
    if (reason)
        er_sb_printf(b, ",\"reason\":\"%s\"", reason);
    er_sb_puts(b, ",\"message\":");
    put_str(b, f->message);
    er_sb_puts(b, ",\"fix\":");
    put_str(b, f->fix);
    char fp[ER_FINGERPRINT_HEX + 1];
    er_report_finding_fingerprint(a, o, f, fp);
    er_sb_printf(b, ",\"fingerprint\":\"%s\"", fp);
    const er_baseline_entry *be = er_report_finding_entry(o, idx);
    if (be) {
        er_sb_printf(b, ",\"baseline\":{\"state\":\"%s\",\"expires\":\"%s\",\"reason\":",
                     er_report_finding_state(o, idx) == ER_BASELINE_ACCEPTED ? "accepted"
                                                                              : "expired",
                     be->expires);
        put_str(b, be->reason);
        er_sb_putc(b, '}');
    }
    er_sb_puts(b, ",\"evidence\":[");
    for (size_t e = 0; e < f->n_evidence; e++) {
        const er_evidence *ev = &f->evidence[e];
        const er_rtable *t = er_analysis_table(a, (er_table_id)ev->table);
        er_sb_printf(b, "%s{\"role\":\"%s\",\"route\":", e ? "," : "", ev->role);
        put_route_or_null(b, t, ev->route);
        er_sb_printf(b, ",\"table\":\"%s\"}", table_name((er_table_id)ev->table));
    }
    er_sb_puts(b, "],\"region\":");
    put_str_or_null(b, f->region);
    er_sb_puts(b, ",\"subject\":");
    put_str_or_null(b, f->subject);
    er_sb_puts(b, ",\"ranges\":[");
    for (size_t k = 0; k < f->n_ranges; k++) {
        if (k)
            er_sb_putc(b, ',');
        put_prefix(b, &f->ranges[k]);
    }
    er_sb_puts(b, "]}");
}

static const char *edge_name(er_pathclass e)
{
    return e == ER_PC_EXPRESSROUTE ? "expressroute" : e == ER_PC_INTERNET ? "internet" : "any";
}

static void put_profile(er_sb *b, const er_profile *p)
{
    if (!p) {
        er_sb_puts(b, "null");
        return;
    }
    er_sb_puts(b, "{\"source\":");
    put_str(b, p->source);
    er_sb_puts(b, ",\"geography\":");
    put_str_or_null(b, p->geography);
    er_sb_puts(b, ",\"regions\":[");
    for (size_t i = 0; i < p->n_regions; i++) {
        if (i)
            er_sb_putc(b, ',');
        put_str(b, p->regions[i]->code);
    }
    er_sb_puts(b, "],\"circuits\":[");
    for (size_t i = 0; i < p->n_circuits; i++) {
        const er_circuit *c = &p->circuits[i];
        er_sb_puts(b, i ? ",{\"name\":" : "{\"name\":");
        put_str(b, c->name);
        er_sb_printf(b, ",\"sku\":\"%s\",\"peering_location\":", er_sku_name(c->sku));
        put_str_or_null(b, c->location ? c->location->name : NULL);
        er_sb_puts(b, ",\"geopolitical_area\":");
        put_str_or_null(b, c->location ? c->location->geo_area : NULL);
        er_sb_puts(b, ",\"route_filter\":");
        if (!c->has_route_filter) {
            er_sb_puts(b, "null");
        } else {
            er_sb_putc(b, '[');
            for (size_t k = 0; k < c->n_filter; k++)
                er_sb_printf(b, "%s\"12076:%u\"", k ? "," : "", c->filter[k]);
            er_sb_putc(b, ']');
        }
        er_sb_putc(b, '}');
    }
    er_sb_puts(b, "],\"nat_pools\":[");
    for (size_t i = 0; i < p->n_nat_pools; i++) {
        er_sb_puts(b, i ? ",{\"prefix\":" : "{\"prefix\":");
        put_prefix(b, &p->nat_pools[i].prefix);
        er_sb_printf(b, ",\"edge\":\"%s\",\"name\":", edge_name(p->nat_pools[i].edge));
        put_str(b, p->nat_pools[i].name);
        er_sb_putc(b, '}');
    }
    er_sb_putc(b, ']');
    er_sb_putc(b, '}');
}

static void put_sources(er_sb *b, const er_analysis *a)
{
    er_sb_putc(b, '[');
    for (size_t i = 0; i < er_analysis_source_count(a); i++) {
        const er_source_result *s = er_analysis_source(a, i);
        er_sb_puts(b, i ? ",\n {\"prefix\":" : "\n {\"prefix\":");
        put_prefix(b, &s->pool.prefix);
        er_sb_printf(b, ",\"edge\":\"%s\",\"name\":", edge_name(s->pool.edge));
        put_str(b, s->pool.name);
        er_sb_printf(b, ",\"assumed\":%s,\"return\":{",
                     er_analysis_sources_assumed(a) ? "true" : "false");
        for (int r = 0; r < 5; r++) {
            er_sb_printf(b, "%s\"%s\":", r ? "," : "", er_return_path_name((er_return_path)r));
            er_sb_json_u128(b, s->ret_addrs[r]);
        }
        er_sb_puts(b, "},\"forward\":{\"expressroute\":");
        er_sb_json_u128(b, s->fwd_er);
        er_sb_puts(b, ",\"internet\":");
        er_sb_json_u128(b, s->fwd_inet);
        er_sb_puts(b, "},\"advertised\":");
        put_route_or_null(b, er_analysis_table(a, ER_TABLE_ADVERTISED), s->adv_route);
        er_sb_puts(b, ",\"internet_advertised\":");
        put_route_or_null(b, er_analysis_table(a, ER_TABLE_INTERNET_ADVERTISED), s->inet_route);
        er_sb_putc(b, '}');
    }
    er_sb_putc(b, ']');
}

static void put_endpoints(er_sb *b, const er_analysis *a)
{
    er_sb_putc(b, '[');
    for (size_t i = 0; i < er_analysis_endpoint_count(a); i++) {
        const er_endpoint_result *e = er_analysis_endpoint(a, i);
        char ip[ER_PREFIX_STRLEN];
        er_addr_format(e->addr.addr, e->addr.family, ip, sizeof ip);
        er_sb_puts(b, i ? ",\n {\"name\":" : "\n {\"name\":");
        put_str(b, e->name);
        er_sb_printf(b, ",\"ip\":\"%s\",\"evaluated\":%s,\"on_expressroute\":%s,\"reason\":", ip,
                     e->evaluated ? "true" : "false", e->on_expressroute ? "true" : "false");
        if (e->evaluated && !e->on_expressroute) {
            er_finding tmp;
            memset(&tmp, 0, sizeof tmp);
            tmp.rule = ER_RULE_ENDPOINT;
            tmp.reason = e->reason;
            put_str(b, er_finding_reason_name(&tmp));
        } else {
            er_sb_puts(b, "null");
        }
        er_sb_puts(b, ",\"advertised\":");
        put_route_or_null(b, er_analysis_table(a, ER_TABLE_ADVERTISED), e->adv_route);
        er_sb_puts(b, ",\"treat_as_internet_traffic\":true}");
    }
    er_sb_putc(b, ']');
}

static void put_feeds(er_sb *b, const er_catalog *c)
{
    er_sb_putc(b, '[');
    for (size_t i = 0; i < er_catalog_feed_count(c); i++) {
        const er_feed_info *f = er_catalog_feed_at(c, i);
        er_sb_puts(b, i ? ",{\"kind\":" : "{\"kind\":");
        put_str(b, f->kind);
        er_sb_puts(b, ",\"source\":");
        put_str(b, f->source);
        er_sb_puts(b, ",\"cloud\":");
        put_str(b, f->cloud);
        er_sb_printf(b, ",\"changeNumber\":%u,\"date\":", f->change_number);
        put_str(b, f->date);
        er_sb_printf(b, ",\"bundled\":%s}", f->bundled ? "true" : "false");
    }
    er_sb_putc(b, ']');
}

/* The keys of one analysis after "data": inputs .. findings, then the additions. */
static void put_body(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    const er_catalog *cat = er_analysis_catalog(a);
    er_sb_puts(b, "\"inputs\":");
    put_inputs(b, er_analysis_routes(a), NULL, false);
    er_severity max = er_analysis_max_severity(a);
    size_t nf = er_analysis_finding_count(a);
    size_t failing = er_report_failing_count(a, o);
    er_sb_printf(b, ",\n\"summary\":{\"services\":%zu,\"findings\":%zu,\"max_severity\":",
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
        const er_feed_info *sf = er_catalog_service_feed(cat, r->service);
        er_sb_puts(b, ",\"source\":");
        put_str(b, sf ? sf->kind : "");
        er_sb_putc(b, '}');
    }
    er_sb_puts(b, "],\n\"findings\":[");
    size_t *order = er_report_sorted_findings(a);
    for (size_t k = 0; k < nf; k++) {
        er_sb_puts(b, k ? ",\n " : "\n ");
        put_finding(b, a, o, order ? order[k] : k);
    }
    free(order);
    er_sb_puts(b, "],\n\"profile\":");
    put_profile(b, er_analysis_profile(a));
    er_sb_puts(b, ",\n\"advertised_inputs\":");
    put_inputs(b, er_analysis_table(a, ER_TABLE_ADVERTISED), er_analysis_profile(a), true);
    er_sb_puts(b, ",\n\"internet_advertised_inputs\":");
    put_inputs(b, er_analysis_table(a, ER_TABLE_INTERNET_ADVERTISED), NULL, false);
    er_sb_puts(b, ",\n\"sources\":");
    put_sources(b, a);
    er_sb_puts(b, ",\n\"endpoints\":");
    put_endpoints(b, a);
}

void er_report_json(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    er_sb_puts(b, "{\n");
    put_header(b, a, o);
    er_sb_puts(b, ",\n");
    put_body(b, a, o);
    er_sb_puts(b, ",\n\"feeds\":");
    put_feeds(b, er_analysis_catalog(a));
    er_sb_puts(b, "\n}\n");
}

/* ---- several sites ---- */

static size_t failing_of(const er_analysis *a, er_severity fail_on)
{
    size_t n = 0;
    for (size_t i = 0; fail_on != ER_SEV_NONE && i < er_analysis_finding_count(a); i++)
        n += er_analysis_finding(a, i)->severity >= fail_on;
    return n;
}

void er_report_json_sites(er_sb *b, const er_site_report *sites, size_t n,
                          const er_report_opts *o)
{
    er_sb_puts(b, "{\n");
    put_header(b, sites[0].analysis, o);
    er_sb_puts(b, ",\n\"sites\":[");
    size_t total = 0, failing = 0;
    er_severity max = ER_SEV_NONE;
    for (size_t i = 0; i < n; i++) {
        const er_analysis *a = sites[i].analysis;
        er_sb_puts(b, i ? ",\n{\"name\":" : "\n{\"name\":");
        put_str(b, sites[i].name);
        er_sb_puts(b, ",\n");
        put_body(b, a, o);
        er_sb_putc(b, '}');
        total += er_analysis_finding_count(a);
        failing += failing_of(a, o->fail_on);
        er_severity m = er_analysis_max_severity(a);
        if (m != ER_SEV_NONE && (max == ER_SEV_NONE || m > max))
            max = m;
    }
    er_sb_puts(b, "],\n\"site_summary\":[");
    size_t n_rules;
    const char *const *rules = er_rule_ids(&n_rules);
    for (size_t i = 0; i < n; i++) {
        const er_analysis *a = sites[i].analysis;
        er_sb_puts(b, i ? ",\n {\"name\":" : "\n {\"name\":");
        put_str(b, sites[i].name);
        size_t fl = failing_of(a, o->fail_on);
        er_sb_printf(b, ",\"findings\":%zu,\"failing_findings\":%zu,\"ready\":%s,\"rules\":{",
                     er_analysis_finding_count(a), fl, fl ? "false" : "true");
        bool first = true;
        for (size_t r = 0; r < n_rules; r++) {
            size_t cnt = 0;
            for (size_t k = 0; k < er_analysis_finding_count(a); k++)
                cnt += strcmp(er_analysis_finding(a, k)->rule, rules[r]) == 0;
            if (!cnt)
                continue;
            er_sb_printf(b, "%s\"%s\":%zu", first ? "" : ",", rules[r], cnt);
            first = false;
        }
        er_sb_puts(b, "},\"v4\":");
        put_counts(b, er_analysis_total(a, ER_AF_V4));
        er_sb_puts(b, ",\"v6\":");
        put_counts(b, er_analysis_total(a, ER_AF_V6));
        er_sb_putc(b, '}');
    }
    er_sb_printf(b, "],\n\"summary\":{\"sites\":%zu,\"findings\":%zu,\"max_severity\":", n, total);
    if (max == ER_SEV_NONE)
        er_sb_puts(b, "null");
    else
        er_sb_printf(b, "\"%s\"", er_severity_name(max));
    er_sb_printf(b, ",\"fail_on\":\"%s\",\"failing_findings\":%zu,\"ready\":%s,"
                    "\"leaks_by_service\":[",
                 er_severity_name(o->fail_on), failing, failing ? "false" : "true");
    er_site_leaks *sl = er_report_site_leaks(sites, n);
    for (size_t i = 0; sl && i < sl->n; i++) {
        er_sb_puts(b, i ? ",\n {\"service\":" : "\n {\"service\":");
        put_str(b, sl->rows[i].service);
        er_sb_puts(b, ",\"sites\":[");
        for (size_t k = 0; k < n; k++) {
            if (!sl->rows[i].addresses[k])
                continue;
            er_sb_puts(b, sl->rows[i].first_site == k ? "{\"site\":" : ",{\"site\":");
            put_str(b, sites[k].name);
            er_sb_puts(b, ",\"addresses\":");
            er_sb_json_u128(b, sl->rows[i].addresses[k]);
            er_sb_putc(b, '}');
        }
        er_sb_puts(b, "]}");
    }
    er_report_site_leaks_free(sl);
    er_sb_puts(b, "]},\n\"feeds\":");
    put_feeds(b, er_analysis_catalog(sites[0].analysis));
    er_sb_puts(b, "\n}\n");
}

/* ---- explain ---- */

void er_report_json_explain(er_sb *b, const er_analysis *a, const er_explain *e,
                            const er_report_opts *o)
{
    const er_catalog *cat = er_analysis_catalog(a);
    const er_rtable *t = er_analysis_routes(a);
    er_sb_puts(b, "{\n");
    put_header(b, a, o);
    er_sb_puts(b, ",\n\"query\":");
    put_prefix(b, &e->query);
    er_sb_puts(b, ",\n\"inputs\":");
    put_inputs(b, t, NULL, false);
    er_sb_puts(b, ",\n\"owners\":[");
    for (size_t i = 0; i < e->n_owners; i++) {
        const er_explain_owner *w = &e->owners[i];
        const er_service *s = er_catalog_service(cat, w->service);
        const er_feed_info *sf = er_catalog_service_feed(cat, w->service);
        er_sb_puts(b, i ? ",\n {\"service\":" : "\n {\"service\":");
        put_str(b, s->name);
        er_sb_puts(b, ",\"prefix\":");
        put_prefix(b, &w->prefix);
        er_sb_puts(b, ",\"region\":");
        put_str(b, s->region);
        er_sb_printf(b, ",\"selected\":%s,\"expressroute_eligible\":%s,\"source\":",
                     w->selected ? "true" : "false", s->er_eligible ? "true" : "false");
        put_str(b, sf ? sf->kind : "");
        er_sb_putc(b, '}');
    }
    er_sb_puts(b, "],\n\"forward\":[");
    for (size_t i = 0; i < e->n_segments; i++) {
        const er_explain_segment *g = &e->segments[i];
        char first[ER_PREFIX_STRLEN], last[ER_PREFIX_STRLEN];
        er_addr_format(g->first, e->query.family, first, sizeof first);
        er_addr_format(g->last, e->query.family, last, sizeof last);
        er_sb_printf(b, "%s{\"first\":\"%s\",\"last\":\"%s\",\"addresses\":", i ? ",\n " : "\n ",
                     first, last);
        er_sb_json_u128(b, er_range_size(g->first, g->last));
        er_sb_printf(b, ",\"path_class\":\"%s\",\"region\":", er_pathclass_name(g->forward));
        put_str_or_null(b, g->region);
        er_sb_puts(b, ",\"winner\":");
        put_route_or_null(b, t, g->winner);
        er_sb_putc(b, '}');
    }
    er_sb_puts(b, "],\n\"competitors\":[");
    for (size_t i = 0; i < e->n_competitors; i++) {
        er_sb_puts(b, i ? ",\n " : "\n ");
        er_report_route_json(b, t, er_rtable_get(t, e->competitors[i]));
    }
    er_sb_puts(b, "],\n\"returns\":[");
    for (size_t i = 0; i < e->n_returns; i++) {
        const er_explain_return *r = &e->returns[i];
        er_sb_puts(b, i ? ",\n {\"source\":" : "\n {\"source\":");
        put_prefix(b, &r->source.prefix);
        er_sb_printf(b, ",\"edge\":\"%s\",\"name\":", edge_name(r->source.edge));
        put_str(b, r->source.name);
        er_sb_printf(b, ",\"return_path\":\"%s\",\"advertised\":", er_return_path_name(r->path));
        put_route_or_null(b, er_analysis_table(a, ER_TABLE_ADVERTISED), r->adv_route);
        er_sb_puts(b, ",\"internet_advertised\":");
        put_route_or_null(b, er_analysis_table(a, ER_TABLE_INTERNET_ADVERTISED), r->inet_route);
        er_sb_putc(b, '}');
    }
    er_sb_puts(b, "],\n\"findings\":[");
    for (size_t i = 0; i < e->n_findings; i++) {
        er_sb_puts(b, i ? ",\n " : "\n ");
        put_finding(b, a, o, e->findings[i]);
    }
    er_sb_printf(b, "],\n\"endpoint\":%s,\n\"feeds\":", e->query_is_endpoint ? "true" : "false");
    put_feeds(b, cat);
    er_sb_puts(b, "\n}\n");
}

/* ---- diff ---- */

void er_report_json_diff(er_sb *b, const er_diff *d, const char *before_name,
                         const char *after_name, const er_report_opts *o)
{
    const er_analysis *a = d->before;
    const er_catalog *cat = er_analysis_catalog(a);
    er_sb_puts(b, "{\n");
    put_header(b, a, o);
    er_sb_puts(b, ",\n\"before\":{\"name\":");
    put_str(b, before_name);
    er_sb_puts(b, ",\"inputs\":");
    put_inputs(b, er_analysis_routes(d->before), NULL, false);
    er_sb_puts(b, "},\n\"after\":{\"name\":");
    put_str(b, after_name);
    er_sb_puts(b, ",\"inputs\":");
    put_inputs(b, er_analysis_routes(d->after), NULL, false);
    size_t failing = 0;
    for (size_t i = 0; i < d->n_findings; i++)
        if (d->findings[i].state == ER_DIFF_NEW && o->fail_on != ER_SEV_NONE &&
            er_analysis_finding(d->after, d->findings[i].after)->severity >= o->fail_on)
            failing++;
    er_severity mx = er_diff_max_new_severity(d);
    er_sb_printf(b, "},\n\"summary\":{\"new\":%zu,\"fixed\":%zu,\"unchanged\":%zu,"
                    "\"max_new_severity\":",
                 d->n_new, d->n_fixed, d->n_unchanged);
    if (mx == ER_SEV_NONE)
        er_sb_puts(b, "null");
    else
        er_sb_printf(b, "\"%s\"", er_severity_name(mx));
    er_sb_printf(b, ",\"fail_on\":\"%s\",\"failing_new_findings\":%zu,\"passed\":%s},\n"
                    "\"services\":[",
                 er_severity_name(o->fail_on), failing, failing ? "false" : "true");
    for (size_t i = 0; i < d->n_services; i++) {
        const er_diff_service *ds = &d->services[i];
        er_sb_puts(b, i ? ",\n {\"name\":" : "\n {\"name\":");
        put_str(b, er_catalog_service(cat, ds->service)->name);
        er_sb_printf(b, ",\"changed\":%s,\"moved\":[", ds->changed ? "true" : "false");
        bool first = true;
        for (int f = 0; f < 2; f++)
            for (int x = 0; x < ER_PC_COUNT; x++)
                for (int y = 0; y < ER_PC_COUNT; y++) {
                    if (x == y || !ds->moved[f][x][y])
                        continue;
                    er_sb_printf(b, "%s{\"family\":\"%s\",\"from\":\"%s\",\"to\":\"%s\","
                                    "\"addresses\":",
                                 first ? "" : ",", f ? "v6" : "v4",
                                 er_pathclass_name((er_pathclass)x), er_pathclass_name((er_pathclass)y));
                    er_sb_json_u128(b, ds->moved[f][x][y]);
                    er_sb_putc(b, '}');
                    first = false;
                }
        er_sb_puts(b, "]}");
    }
    er_sb_puts(b, "],\n\"findings\":[");
    static const char *const states[] = {"new", "fixed", "unchanged"};
    for (size_t i = 0; i < d->n_findings; i++) {
        const er_diff_finding *df = &d->findings[i];
        const er_analysis *side = df->after != SIZE_MAX ? d->after : d->before;
        size_t idx = df->after != SIZE_MAX ? df->after : df->before;
        er_sb_printf(b, "%s{\"state\":\"%s\",\"finding\":", i ? ",\n " : "\n ", states[df->state]);
        put_finding(b, side, o, idx);
        er_sb_putc(b, '}');
    }
    er_sb_puts(b, "],\n\"feeds\":");
    put_feeds(b, cat);
    er_sb_puts(b, "\n}\n");
}
