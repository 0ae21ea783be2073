/* The terminal reports: data version, inputs with parse coverage, the profile, a coverage
 * table that fits 80 columns, return paths and endpoints, findings in order of impact, and
 * a verdict; per-site sections with a summary; explain; diff. */
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

static void row(er_sb *b, const er_report_opts *o, const char *name, const char *fam,
                const er_counts *c)
{
    char tot[32], er[16], inet[16], other[16];
    er_report_human(tot, sizeof tot, c->total);
    er_report_pct(er, sizeof er, c->by_class[ER_PC_EXPRESSROUTE], c->total);
    er_report_pct(inet, sizeof inet, c->by_class[ER_PC_INTERNET], c->total);
    er_report_pct(other, sizeof other,
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

static const char *edge_words(er_pathclass e)
{
    return e == ER_PC_EXPRESSROUTE ? "expressroute edge"
           : e == ER_PC_INTERNET   ? "internet edge"
                                   : "both edges";
}

static void title(er_sb *b, const er_report_opts *o, const char *what)
{
    er_sb_printf(b, "%serready %s: %s%s\n", col(o, C_BOLD), o->tool_version, what,
                 col(o, C_RESET));
}

static void data_lines(er_sb *b, const er_catalog *cat)
{
    const er_feed_info *fi = er_catalog_feed(cat);
    er_sb_printf(b, "data:   %s (%s, changeNumber %u%s%s%s)\n", fi->source, fi->cloud,
                 fi->change_number, fi->date[0] ? ", " : "", fi->date,
                 fi->bundled ? ", bundled snapshot" : "");
    for (size_t i = 1; i < er_catalog_feed_count(cat); i++) {
        const er_feed_info *f = er_catalog_feed_at(cat, i);
        er_sb_printf(b, "        %s (%s", f->source,
                     strcmp(f->kind, "m365") == 0 ? "Microsoft 365 endpoints" : f->kind);
        if (f->cloud[0])
            er_sb_printf(b, ", %s", f->cloud);
        if (f->date[0])
            er_sb_printf(b, ", %s", f->date);
        er_sb_puts(b, ")\n");
    }
}

static void input_lines(er_sb *b, const er_rtable *t, const char *label)
{
    for (size_t i = 0; t && i < er_rtable_file_count(t); i++) {
        const er_rfile *f = er_rtable_file(t, i);
        er_sb_printf(b,
                     "%-7s %s [%s]: %llu lines, %llu understood, %llu skipped; %llu routes, "
                     "%llu best\n",
                     i ? "" : label, f->path, f->format ? f->format : "?",
                     (unsigned long long)f->stats.lines, (unsigned long long)f->stats.understood,
                     (unsigned long long)f->stats.skipped, (unsigned long long)f->stats.routes,
                     (unsigned long long)f->stats.best);
    }
}

static void profile_lines(er_sb *b, const er_analysis *a)
{
    const er_profile *p = er_analysis_profile(a);
    if (!p)
        return;
    if (p->n_regions) {
        er_sb_printf(b, "environment: %s%s", p->geography ? p->geography : "",
                     p->geography ? " (" : "");
        for (size_t i = 0; i < p->n_regions; i++)
            er_sb_printf(b, "%s%s", i ? ", " : "", p->regions[i]->code);
        er_sb_puts(b, p->geography ? ")\n" : "\n");
    }
    for (size_t i = 0; i < p->n_circuits; i++) {
        const er_circuit *c = &p->circuits[i];
        er_sb_printf(b, "circuit%s%s%s: %s SKU", c->name[0] ? " '" : "", c->name,
                     c->name[0] ? "'" : "", c->sku == ER_SKU_UNKNOWN ? "unknown" : er_sku_name(c->sku));
        if (c->location)
            er_sb_printf(b, " at %s (%s)", c->location->name,
                         c->location->geo_area ? c->location->geo_area : "area not listed");
        if (!c->has_route_filter) {
            er_sb_puts(b, ", route filter not given\n");
            continue;
        }
        er_sb_puts(b, ", route filter:");
        if (!c->n_filter)
            er_sb_puts(b, " empty (nothing is received)");
        for (size_t k = 0; k < c->n_filter; k++) {
            const char *nm = er_community_name(c->filter[k]);
            er_sb_printf(b, " 12076:%u%s%s%s", c->filter[k], nm ? " (" : "", nm ? nm : "",
                         nm ? ")" : "");
        }
        er_sb_putc(b, '\n');
    }
}

static void finding_line(er_sb *b, const er_report_opts *o, const er_finding *f,
                         const char *state)
{
    const char *sc = f->severity >= ER_SEV_HIGH ? C_RED : C_YELLOW;
    er_sb_printf(b, "  %s%s%-8s%s %s: %s\n", state ? state : "", col(o, sc),
                 er_severity_name(f->severity), col(o, C_RESET), f->rule, f->message);
    er_sb_printf(b, "%s           fix: %s\n", state ? "       " : "", f->fix);
}

static void sources_lines(er_sb *b, const er_analysis *a)
{
    size_t n = er_analysis_source_count(a);
    if (!n)
        return;
    er_sb_printf(b, "\nreturn paths (how Microsoft's replies reach your sources%s):\n",
                 er_analysis_sources_assumed(a)
                     ? "; no NAT pools given, so each prefix advertised to Microsoft is a source"
                     : "");
    const er_rtable *adv = er_analysis_table(a, ER_TABLE_ADVERTISED);
    const er_rtable *inet = er_analysis_table(a, ER_TABLE_INTERNET_ADVERTISED);
    for (size_t i = 0; i < n; i++) {
        const er_source_result *s = er_analysis_source(a, i);
        char pfx[ER_PREFIX_STRLEN];
        er_prefix_format(&s->pool.prefix, pfx, sizeof pfx);
        er_sb_printf(b, "  %s%s%s (%s):", pfx, s->pool.name[0] ? " " : "", s->pool.name,
                     edge_words(s->pool.edge));
        bool first = true;
        for (int r = ER_RET_EXPRESSROUTE; r <= ER_RET_NONE; r++) {
            if (!s->ret_addrs[r])
                continue;
            char cnt[48];
            er_u128_to_dec(s->ret_addrs[r], cnt, sizeof cnt);
            const char *w = r == ER_RET_EXPRESSROUTE ? "over expressroute"
                            : r == ER_RET_INTERNET   ? "over the internet"
                            : r == ER_RET_BOTH       ? "either way (same prefix on both)"
                                                     : "nowhere (advertised on neither side)";
            er_sb_printf(b, "%s %s addresses %s", first ? "" : ",", cnt, w);
            first = false;
        }
        if (first)
            er_sb_puts(b, " unknown (no advertisements given)");
        char src[600];
        if (s->adv_route != ER_NO_ROUTE && adv) {
            er_report_route_source(adv, er_rtable_get(adv, s->adv_route), src, sizeof src);
            er_sb_printf(b, "; advertised to Microsoft at %s", src);
        }
        if (s->inet_route != ER_NO_ROUTE && inet) {
            er_report_route_source(inet, er_rtable_get(inet, s->inet_route), src, sizeof src);
            er_sb_printf(b, "; to the internet at %s", src);
        }
        er_sb_putc(b, '\n');
    }
}

static void endpoint_lines(er_sb *b, const er_analysis *a)
{
    size_t n = er_analysis_endpoint_count(a);
    if (!n)
        return;
    er_sb_puts(b, "\non-premises endpoints Power Platform calls:\n");
    for (size_t i = 0; i < n; i++) {
        const er_endpoint_result *e = er_analysis_endpoint(a, i);
        char ip[ER_PREFIX_STRLEN];
        er_addr_format(e->addr.addr, e->addr.family, ip, sizeof ip);
        const char *state = !e->evaluated        ? "not evaluated (give --advertised)"
                            : e->on_expressroute ? "over ExpressRoute"
                                                 : "over the internet (see findings)";
        er_sb_printf(b, "  %-20s %-16s %s\n", e->name, ip, state);
    }
    er_sb_puts(b, "  reminder: calls from Power Platform into your network come from a multi-tenant\n"
                  "  service: treat them as internet traffic (reverse proxy or WAF) on either path\n");
}

static size_t failing_count(const er_analysis *a, const er_report_opts *o)
{
    return er_report_failing_count(a, o); /* at or above --fail-on, not accepted */
}

static void verdict(er_sb *b, const er_report_opts *o, size_t failing)
{
    if (failing)
        er_sb_printf(b, "\n%sverdict: NOT READY%s: %zu finding%s at or above '%s'\n",
                     col(o, C_RED), col(o, C_RESET), failing, failing == 1 ? "" : "s",
                     er_severity_name(o->fail_on));
    else
        er_sb_printf(b, "\n%sverdict: READY%s: no finding at or above '%s'\n", col(o, C_GREEN),
                     col(o, C_RESET), er_severity_name(o->fail_on));
}

/* Everything of one analysis after the data lines, without the verdict. */
static void body(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    const er_catalog *cat = er_analysis_catalog(a);
    input_lines(b, er_analysis_routes(a), "input:");
    input_lines(b, er_analysis_table(a, ER_TABLE_ADVERTISED), "to MS:");
    input_lines(b, er_analysis_table(a, ER_TABLE_INTERNET_ADVERTISED), "to net:");
    profile_lines(b, a);
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
    sources_lines(b, a);
    endpoint_lines(b, a);

    size_t nf = er_analysis_finding_count(a);
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
                const er_service *s = er_catalog_service(cat, f->service);
                char cnt[48];
                er_u128_to_dec(addrs, cnt, sizeof cnt);
                er_sb_printf(b, "           + %zu more prefix%s%s%s with the same cause "
                                "(%s addresses in all)\n",
                             run - 1, run == 2 ? "" : "es", s ? " of " : "", s ? s->name : "",
                             cnt);
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
}

void er_report_text(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    title(b, o, "Power Platform over ExpressRoute");
    data_lines(b, er_analysis_catalog(a));
    body(b, a, o);
    verdict(b, o, failing_count(a, o));
}

/* ---- several sites ---- */

void er_report_text_sites(er_sb *b, const er_site_report *sites, size_t n,
                          const er_report_opts *o)
{
    char what[96];
    snprintf(what, sizeof what, "Power Platform over ExpressRoute, %zu site%s", n,
             n == 1 ? "" : "s");
    title(b, o, what);
    data_lines(b, er_analysis_catalog(sites[0].analysis));
    size_t failing = 0;
    for (size_t i = 0; i < n; i++) {
        er_sb_printf(b, "\n%s== site %s ==%s\n", col(o, C_BOLD), sites[i].name, col(o, C_RESET));
        body(b, sites[i].analysis, o);
        failing += failing_count(sites[i].analysis, o);
    }
    er_sb_printf(b, "\n%s== summary by site ==%s\n", col(o, C_BOLD), col(o, C_RESET));
    er_sb_printf(b, "  %-20s %8s %8s %9s %8s  %s\n", "site", "ER v4", "inet v4", "findings",
                 "failing", "rules");
    for (size_t i = 0; i < n; i++) {
        const er_analysis *a = sites[i].analysis;
        const er_counts *c = er_analysis_total(a, ER_AF_V4);
        char er[16], inet[16];
        er_report_pct(er, sizeof er, c->by_class[ER_PC_EXPRESSROUTE], c->total);
        er_report_pct(inet, sizeof inet, c->by_class[ER_PC_INTERNET], c->total);
        er_sb_printf(b, "  %-20s %8s %8s %9zu %8zu  ", sites[i].name, er, inet,
                     er_analysis_finding_count(a), failing_count(a, o));
        size_t n_rules;
        const char *const *rules = er_rule_ids(&n_rules);
        bool first = true;
        for (size_t r = 0; r < n_rules; r++) {
            size_t cnt = 0;
            for (size_t k = 0; k < er_analysis_finding_count(a); k++)
                cnt += strcmp(er_analysis_finding(a, k)->rule, rules[r]) == 0;
            if (cnt) {
                er_sb_printf(b, "%s%s %zu", first ? "" : ", ", rules[r], cnt);
                first = false;
            }
        }
        er_sb_puts(b, first ? "-\n" : "\n");
    }
    er_site_leaks *sl = er_report_site_leaks(sites, n);
    if (sl && sl->n) {
        er_sb_puts(b, "\nwhich sites leak what (addresses forwarded to the internet):\n");
        for (size_t i = 0; i < sl->n; i++) {
            er_sb_printf(b, "  %s:", sl->rows[i].service);
            bool first = true;
            for (size_t k = 0; k < n; k++) {
                if (!sl->rows[i].addresses[k])
                    continue;
                char cnt[32];
                er_report_human(cnt, sizeof cnt, sl->rows[i].addresses[k]);
                er_sb_printf(b, "%s %s (%s)", first ? "" : ",", sites[k].name, cnt);
                first = false;
            }
            er_sb_putc(b, '\n');
        }
    } else if (sl) {
        er_sb_puts(b, "\nno site leaks a service\n");
    }
    er_report_site_leaks_free(sl);
    verdict(b, o, failing);
}

/* ---- explain ---- */

static void route_line(er_sb *b, const er_rtable *t, uint32_t ri, bool mark)
{
    const er_route *r = er_rtable_get(t, ri);
    char pfx[ER_PREFIX_STRLEN], nh[ER_PREFIX_STRLEN], src[600];
    er_prefix_format(&r->prefix, pfx, sizeof pfx);
    er_report_route_nexthop(r, nh, sizeof nh);
    er_report_route_source(t, r, src, sizeof src);
    er_sb_printf(b, "  %s %-20s %-16s %-9s %-4s %-12s %s", mark ? "*" : " ", pfx,
                 nh[0] ? nh : (r->iface.len ? "-" : "-"), er_proto_name((er_proto)r->proto),
                 (r->flags & ER_RF_BEST) ? "best" : "",
                 er_pathclass_name((er_pathclass)r->path_class), src);
    if (r->as_path.len)
        er_sb_printf(b, "  AS path %.*s", (int)r->as_path.len, er_rtable_str(t, r->as_path));
    if (r->iface.len)
        er_sb_printf(b, "  via %.*s", (int)r->iface.len, er_rtable_str(t, r->iface));
    er_sb_putc(b, '\n');
}

void er_report_text_explain(er_sb *b, const er_analysis *a, const er_explain *e,
                            const er_report_opts *o)
{
    const er_catalog *cat = er_analysis_catalog(a);
    const er_rtable *t = er_analysis_routes(a);
    char q[ER_PREFIX_STRLEN], what[96];
    if (e->query.len == er_family_bits(e->query.family))
        er_addr_format(e->query.addr, e->query.family, q, sizeof q);
    else
        er_prefix_format(&e->query, q, sizeof q);
    snprintf(what, sizeof what, "explain %s", q);
    title(b, o, what);
    data_lines(b, cat);
    input_lines(b, t, "input:");
    input_lines(b, er_analysis_table(a, ER_TABLE_ADVERTISED), "to MS:");
    input_lines(b, er_analysis_table(a, ER_TABLE_INTERNET_ADVERTISED), "to net:");
    profile_lines(b, a);

    er_sb_printf(b, "\nservices owning it: %zu\n", e->n_owners);
    for (size_t i = 0; i < e->n_owners; i++) {
        const er_explain_owner *w = &e->owners[i];
        const er_service *s = er_catalog_service(cat, w->service);
        char pfx[ER_PREFIX_STRLEN];
        er_prefix_format(&w->prefix, pfx, sizeof pfx);
        er_sb_printf(b, "  %-40s %-20s %s%s\n", s->name, pfx,
                     s->er_eligible ? "ExpressRoute-eligible" : "not ExpressRoute-eligible",
                     w->selected ? ", selected" : "");
    }
    if (!e->n_owners)
        er_sb_puts(b, "  none: no service of the catalog publishes this address\n");

    er_sb_puts(b, "\nforward path (longest-prefix match over the best routes):\n");
    for (size_t i = 0; i < e->n_segments; i++) {
        const er_explain_segment *g = &e->segments[i];
        char first[ER_PREFIX_STRLEN], last[ER_PREFIX_STRLEN], cnt[48];
        er_addr_format(g->first, e->query.family, first, sizeof first);
        er_addr_format(g->last, e->query.family, last, sizeof last);
        er_u128_to_dec(er_range_size(g->first, g->last), cnt, sizeof cnt);
        const char *pc = er_pathclass_name(g->forward);
        const char *cc = g->forward == ER_PC_INTERNET ? C_RED
                         : g->forward == ER_PC_EXPRESSROUTE ? C_GREEN : "";
        if (g->first == g->last)
            er_sb_printf(b, "  %s: %s%s%s", first, col(o, cc), pc, col(o, C_RESET));
        else
            er_sb_printf(b, "  %s - %s (%s addresses): %s%s%s", first, last, cnt, col(o, cc), pc,
                         col(o, C_RESET));
        if (g->region)
            er_sb_printf(b, ", region %s", g->region);
        if (g->winner != ER_NO_ROUTE) {
            char src[600], pfx[ER_PREFIX_STRLEN];
            const er_route *r = er_rtable_get(t, g->winner);
            er_prefix_format(&r->prefix, pfx, sizeof pfx);
            er_report_route_source(t, r, src, sizeof src);
            er_sb_printf(b, ", via %s (%s)\n", pfx, src);
        } else {
            er_sb_puts(b, ", no route\n");
        }
    }

    er_sb_printf(b, "\nroutes competing for it (longest prefix first; * = forwards part of it): %zu\n",
                 e->n_competitors);
    size_t shown = e->n_competitors > 40 ? 40 : e->n_competitors;
    for (size_t i = 0; i < shown; i++) {
        bool winner = false;
        for (size_t k = 0; k < e->n_segments; k++)
            winner |= e->segments[k].winner == e->competitors[i];
        route_line(b, t, e->competitors[i], winner);
    }
    if (shown < e->n_competitors)
        er_sb_printf(b, "  ... and %zu more (--format json lists all)\n", e->n_competitors - shown);

    er_sb_puts(b, "\nreturn path (how Microsoft's replies come back to your sources):\n");
    if (!e->n_returns)
        er_sb_puts(b, "  not known: give --advertised (what you advertise to Microsoft) and NAT "
                      "pools (--nat-pool or the profile)\n");
    for (size_t i = 0; i < e->n_returns; i++) {
        const er_explain_return *r = &e->returns[i];
        char pfx[ER_PREFIX_STRLEN];
        er_prefix_format(&r->source.prefix, pfx, sizeof pfx);
        er_sb_printf(b, "  from %s%s%s (%s): replies %s", pfx, r->source.name[0] ? " " : "",
                     r->source.name, edge_words(r->source.edge),
                     r->path == ER_RET_EXPRESSROUTE ? "over expressroute"
                     : r->path == ER_RET_INTERNET   ? "over the internet"
                     : r->path == ER_RET_BOTH       ? "either way (same prefix on both paths)"
                     : r->path == ER_RET_NONE       ? "nowhere (advertised on neither path)"
                                                    : "unknown");
        const er_rtable *adv = er_analysis_table(a, ER_TABLE_ADVERTISED);
        const er_rtable *inet = er_analysis_table(a, ER_TABLE_INTERNET_ADVERTISED);
        char src[600];
        if (r->adv_route != ER_NO_ROUTE && adv) {
            er_report_route_source(adv, er_rtable_get(adv, r->adv_route), src, sizeof src);
            er_sb_printf(b, " [to Microsoft: %s]", src);
        }
        if (r->inet_route != ER_NO_ROUTE && inet) {
            er_report_route_source(inet, er_rtable_get(inet, r->inet_route), src, sizeof src);
            er_sb_printf(b, " [to the internet: %s]", src);
        }
        bool fwd_er = false, fwd_inet = false;
        for (size_t k = 0; k < e->n_segments; k++) {
            fwd_er |= e->segments[k].forward == ER_PC_EXPRESSROUTE;
            fwd_inet |= e->segments[k].forward == ER_PC_INTERNET;
        }
        bool uses_er = r->source.edge != ER_PC_INTERNET, uses_inet = r->source.edge != ER_PC_EXPRESSROUTE;
        if ((fwd_inet && uses_inet && r->path == ER_RET_EXPRESSROUTE) ||
            (fwd_er && uses_er && (r->path == ER_RET_INTERNET || r->path == ER_RET_NONE)))
            er_sb_printf(b, " %s<- asymmetric%s", col(o, C_RED), col(o, C_RESET));
        er_sb_putc(b, '\n');
    }
    if (e->query_is_endpoint)
        er_sb_puts(b, "\nthis is an on-premises endpoint Power Platform calls: treat those calls as "
                      "internet traffic (reverse proxy or WAF) whichever path they take\n");

    er_sb_printf(b, "\nfindings touching it: %zu\n", e->n_findings);
    for (size_t i = 0; i < e->n_findings; i++)
        finding_line(b, o, er_analysis_finding(a, e->findings[i]), NULL);
}

/* ---- diff ---- */

void er_report_text_diff(er_sb *b, const er_diff *d, const char *before_name,
                         const char *after_name, const er_report_opts *o)
{
    const er_catalog *cat = er_analysis_catalog(d->before);
    char what[512];
    snprintf(what, sizeof what, "diff %s -> %s", before_name, after_name);
    title(b, o, what);
    data_lines(b, cat);
    input_lines(b, er_analysis_routes(d->before), "before:");
    input_lines(b, er_analysis_routes(d->after), "after:");

    er_sb_puts(b, "\naddresses that moved between path classes:\n");
    size_t unchanged = 0;
    for (size_t i = 0; i < d->n_services; i++) {
        const er_diff_service *ds = &d->services[i];
        if (!ds->changed) {
            unchanged++;
            continue;
        }
        const char *name = er_catalog_service(cat, ds->service)->name;
        bool first = true;
        for (int f = 0; f < 2; f++)
            for (int x = 0; x < ER_PC_COUNT; x++)
                for (int y = 0; y < ER_PC_COUNT; y++) {
                    if (x == y || !ds->moved[f][x][y])
                        continue;
                    char cnt[48];
                    er_report_human(cnt, sizeof cnt, ds->moved[f][x][y]);
                    bool bad = y == ER_PC_INTERNET && x == ER_PC_EXPRESSROUTE;
                    bool good = x == ER_PC_INTERNET && y == ER_PC_EXPRESSROUTE;
                    er_sb_printf(b, "  %-40s %-4s %10s %s%s -> %s%s\n", first ? name : "",
                                 f ? "IPv6" : "IPv4", cnt,
                                 col(o, bad ? C_RED : good ? C_GREEN : ""),
                                 er_pathclass_name((er_pathclass)x),
                                 er_pathclass_name((er_pathclass)y), col(o, C_RESET));
                    first = false;
                }
    }
    if (unchanged == d->n_services)
        er_sb_puts(b, "  nothing moved\n");
    else if (unchanged)
        er_sb_printf(b, "  (%zu other service%s unchanged)\n", unchanged, unchanged == 1 ? "" : "s");

    er_sb_printf(b, "\nfindings: %zu new, %zu fixed, %zu unchanged\n", d->n_new, d->n_fixed,
                 d->n_unchanged);
    size_t failing = 0, shown = 0;
    for (size_t i = 0; i < d->n_findings; i++) {
        const er_diff_finding *df = &d->findings[i];
        const er_analysis *side = df->after != SIZE_MAX ? d->after : d->before;
        const er_finding *f = er_analysis_finding(side, df->after != SIZE_MAX ? df->after : df->before);
        if (df->state == ER_DIFF_NEW && o->fail_on != ER_SEV_NONE && f->severity >= o->fail_on)
            failing++;
        if (df->state == ER_DIFF_UNCHANGED)
            continue;
        if (o->max_findings_text && shown >= o->max_findings_text)
            continue;
        finding_line(b, o, f, df->state == ER_DIFF_NEW ? "NEW    " : "FIXED  ");
        shown++;
    }
    if (d->n_new + d->n_fixed > shown)
        er_sb_printf(b, "  ... and %zu more (all of them with --format json)\n",
                     d->n_new + d->n_fixed - shown);
    if (failing)
        er_sb_printf(b, "\n%sverdict: FAIL%s: the change introduces %zu finding%s at or above '%s'\n",
                     col(o, C_RED), col(o, C_RESET), failing, failing == 1 ? "" : "s",
                     er_severity_name(o->fail_on));
    else
        er_sb_printf(b, "\n%sverdict: PASS%s: the change introduces no finding at or above '%s'\n",
                     col(o, C_GREEN), col(o, C_RESET), er_severity_name(o->fail_on));
}
