/* The HTML report for consultants: one self-contained file (no script, nothing fetched,
 * inline SVG charts) that prints cleanly to PDF. Its structure follows Microsoft's Power
 * Platform ExpressRoute readiness checklist: executive summary with a verdict, each
 * checklist section's status (what routing data verifies and what it cannot), coverage
 * per service family and region, findings with fixes in order of impact, and an evidence
 * appendix (data version, input files with SHA-256, parse coverage, erready version). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"
#include "report/svg.h"

#define MAX_CARDS 100 /* open findings shown in full; the rest go to a compact table */

static const char *const class_colors[ER_PC_COUNT] = {
    "#1b7f3b", /* expressroute */
    "#c62828", /* internet */
    "#546e7a", /* internal */
    "#6a1b9a", /* vpn */
    "#212121", /* discard */
    "#bdbdbd", /* unrouted */
};

static const char *const sev_colors[] = {"#1565c0", "#f9a825", "#e65100", "#c62828", "#7f0000"};

static const char css[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,"
    "sans-serif;color:#1f2328;margin:0;background:#fff;line-height:1.45}\n"
    "main{max-width:980px;margin:0 auto;padding:24px 32px}\n"
    "h1{font-size:26px;margin:0 0 4px}\n"
    "h2{font-size:20px;border-bottom:2px solid #d0d7de;padding-bottom:4px;margin-top:34px}\n"
    "h3{font-size:15px;margin:18px 0 6px}\n"
    ".sub{color:#57606a;font-size:13px;margin:2px 0}\n"
    ".verdict{display:inline-block;padding:10px 18px;border-radius:6px;font-weight:700;"
    "font-size:20px;color:#fff;margin:10px 0}\n"
    ".v-ready{background:#1b7f3b}.v-accepted{background:#0969da}.v-notready{background:#c62828}\n"
    ".kpis{display:flex;flex-wrap:wrap;gap:12px;margin:14px 0}\n"
    ".kpi{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:130px}\n"
    ".kpi b{display:block;font-size:22px}\n"
    ".kpi span{font-size:12px;color:#57606a}\n"
    "table{border-collapse:collapse;width:100%;font-size:12px;margin:8px 0}\n"
    "th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}\n"
    "th{background:#f6f8fa}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    ".st,.sev{display:inline-block;padding:1px 8px;border-radius:10px;font-size:11px;"
    "font-weight:600;color:#fff;white-space:nowrap}\n"
    ".st-pass{background:#1b7f3b}.st-issues{background:#c62828}.st-partial{background:#9a6700}"
    ".st-unverified{background:#6e7781}.st-accepted{background:#0969da}"
    ".st-missing{background:#8250df}\n"
    ".sev-critical{background:#7f0000}.sev-high{background:#c62828}.sev-medium{background:#e65100}"
    ".sev-low{background:#f9a825;color:#1f2328}.sev-info{background:#1565c0}\n"
    ".check{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;margin:10px 0}\n"
    ".check h3{margin:4px 0}\n"
    ".check ul{margin:4px 0 4px 18px;padding:0}\n"
    ".finding{border:1px solid #d0d7de;border-left:5px solid #c62828;border-radius:4px;"
    "padding:8px 12px;margin:10px 0}\n"
    ".finding.medium{border-left-color:#e65100}.finding.low{border-left-color:#f9a825}"
    ".finding.info{border-left-color:#1565c0}.finding.critical{border-left-color:#7f0000}\n"
    ".finding p{margin:4px 0}\n"
    "code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;"
    "background:#f6f8fa;padding:0 3px;border-radius:3px;overflow-wrap:anywhere}\n"
    "svg.chart{max-width:100%;height:auto;display:block;margin:8px 0 16px}\n"
    ".note{font-size:12px;color:#57606a}\n"
    ".caption{font-size:12px;font-weight:600;margin:10px 0 0}\n"
    "nav ol{columns:2;font-size:13px}\n"
    "footer{margin-top:40px;font-size:11px;color:#57606a}\n"
    "@page{size:A4;margin:14mm}\n"
    "@media print{main{max-width:none;padding:0}nav{display:none}h2{break-after:avoid}"
    "h3{break-after:avoid}.finding,.check,.kpis,svg.chart,tr{break-inside:avoid}"
    "thead{display:table-header-group}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

static void esc(er_sb *b, const char *s) { er_sb_xml(b, s); }

static void put_pct(er_sb *b, er_u128 part, er_u128 total)
{
    char p[16];
    er_report_pct(p, sizeof p, part, total);
    er_sb_puts(b, p);
}

static void put_human(er_sb *b, er_u128 v)
{
    char h[48];
    er_report_human(h, sizeof h, v);
    er_sb_puts(b, h);
}

static void put_dec(er_sb *b, er_u128 v)
{
    char d[48];
    er_sb_puts(b, er_u128_to_dec(v, d, sizeof d));
}

/* ---- aggregates ---- */

typedef struct group {
    const char *name;
    bool has_global; /* family: a global tag is selected and stands for the family */
    er_counts v4, v6;
    size_t tags, findings;
} group;

typedef struct groups {
    group *v;
    size_t n;
} groups;

static void add_counts(er_counts *to, const er_counts *c)
{
    to->total += c->total;
    for (int k = 0; k < ER_PC_COUNT; k++)
        to->by_class[k] += c->by_class[k];
}

static group *group_get(groups *g, const char *name)
{
    for (size_t i = 0; i < g->n; i++)
        if (strcmp(g->v[i].name, name) == 0)
            return &g->v[i];
    group *x = &g->v[g->n++];
    memset(x, 0, sizeof *x);
    x->name = name;
    return x;
}

static int cmp_group(const void *x, const void *y)
{
    return strcmp(((const group *)x)->name, ((const group *)y)->name);
}

/* Families: the global tag's counts when it is selected (it is the union of its regional
 * tags), else the sum of the selected regional tags. Regions: sums of regional tags. */
static bool build_groups(const er_analysis *a, groups *fam, groups *reg)
{
    size_t n = er_analysis_service_count(a);
    fam->v = calloc(n ? n : 1, sizeof *fam->v);
    reg->v = calloc(n ? n : 1, sizeof *reg->v);
    fam->n = reg->n = 0;
    if (!fam->v || !reg->v)
        return false;
    const er_catalog *cat = er_analysis_catalog(a);
    for (size_t i = 0; i < n; i++) {
        const er_service_result *r = er_analysis_service(a, i);
        const er_service *s = er_catalog_service(cat, r->service);
        group *f = group_get(fam, s->family[0] ? s->family : s->name);
        f->tags++;
        f->findings += r->findings;
        if (!s->region[0]) {
            f->has_global = true;
            f->v4 = r->v4;
            f->v6 = r->v6;
        } else if (!f->has_global) {
            add_counts(&f->v4, &r->v4);
            add_counts(&f->v6, &r->v6);
        }
        if (s->region[0]) {
            group *g = group_get(reg, s->region);
            g->tags++;
            g->findings += r->findings;
            add_counts(&g->v4, &r->v4);
            add_counts(&g->v6, &r->v6);
        }
    }
    qsort(fam->v, fam->n, sizeof *fam->v, cmp_group);
    qsort(reg->v, reg->n, sizeof *reg->v, cmp_group);
    return true;
}

static void chart_groups(er_sb *b, const char *cls, const char *caption, const char *title,
                         const groups *g, int family)
{
    er_svg_series series[ER_PC_COUNT];
    for (int k = 0; k < ER_PC_COUNT; k++) {
        series[k].name = er_pathclass_name((er_pathclass)k);
        series[k].color = class_colors[k];
    }
    er_svg_bar *bars = calloc(g->n ? g->n : 1, sizeof *bars);
    double *vals = calloc((g->n ? g->n : 1) * ER_PC_COUNT, sizeof *vals);
    char *notes = calloc(g->n ? g->n : 1, 32);
    if (!bars || !vals || !notes) {
        b->failed = true;
        goto out;
    }
    size_t nb = 0;
    for (size_t i = 0; i < g->n; i++) {
        const er_counts *c = family == ER_AF_V4 ? &g->v[i].v4 : &g->v[i].v6;
        if (!c->total)
            continue;
        for (int k = 0; k < ER_PC_COUNT; k++)
            vals[nb * ER_PC_COUNT + (size_t)k] = (double)c->by_class[k];
        char p[16];
        er_report_pct(p, sizeof p, c->by_class[ER_PC_EXPRESSROUTE], c->total);
        snprintf(notes + nb * 32, 32, "%s on ER", p);
        bars[nb].label = g->v[i].name;
        bars[nb].values = vals + nb * ER_PC_COUNT;
        bars[nb].note = notes + nb * 32;
        nb++;
    }
    if (nb) {
        er_sb_printf(b, "<p class=\"caption\">%s</p>\n", caption);
        er_svg_stacked_bars(b, cls, title, bars, nb, series, ER_PC_COUNT);
    }
out:
    free(bars);
    free(vals);
    free(notes);
}

/* ---- checklist ---- */

typedef enum status {
    ST_PASS,
    ST_ISSUES,
    ST_PARTIAL,
    ST_UNVERIFIED, /* nothing in routing data can say */
    ST_ACCEPTED,
    ST_MISSING     /* the section's rules lacked their inputs in this run */
} status;

static const char *const status_cls[] = {"pass",       "issues",   "partial",
                                         "unverified", "accepted", "missing"};
static const char *const status_txt[] = {"Verified", "Issues found", "Partly verified",
                                         "Not verifiable from routing data",
                                         "Accepted exceptions", "Not checked: inputs missing"};

typedef struct section_facts {
    size_t failing, accepted, open;  /* findings of the section's rules */
    size_t evaluated, unevaluated;   /* rules of the section */
} section_facts;

static section_facts facts_for(const er_analysis *a, const er_report_opts *o, int sec)
{
    section_facts f = {0, 0, 0, 0, 0};
    size_t nr;
    const er_rule_info *rules = er_report_rules(&nr);
    for (size_t k = 0; k < nr; k++)
        if (rules[k].checklist == sec) {
            if (er_report_rule_evaluated(a, rules[k].id))
                f.evaluated++;
            else
                f.unevaluated++;
        }
    for (size_t i = 0; i < er_analysis_finding_count(a); i++) {
        er_rule_info tmp;
        const er_rule_info *r = er_report_rule_or_generic(er_analysis_finding(a, i)->rule, &tmp);
        if (r->checklist != sec)
            continue;
        if (er_report_finding_fails(a, o, i))
            f.failing++;
        else if (er_report_finding_state(o, i) == ER_BASELINE_ACCEPTED)
            f.accepted++;
        else
            f.open++;
    }
    return f;
}

static void status_badge(er_sb *b, status s)
{
    er_sb_printf(b, "<span class=\"st st-%s\">%s</span>", status_cls[s], status_txt[s]);
}

/* The rules of a section: those this run checked, then those it could not, each with the
 * input it lacked. */
static void rules_line(er_sb *b, const er_analysis *a, int sec)
{
    size_t nr;
    const er_rule_info *rules = er_report_rules(&nr);
    bool any = false;
    for (size_t k = 0; k < nr; k++) {
        if (rules[k].checklist != sec || !er_report_rule_evaluated(a, rules[k].id))
            continue;
        er_sb_printf(b, "%s<code>%s</code>", any ? ", " : "<li>Rules checked: ", rules[k].id);
        any = true;
    }
    if (any)
        er_sb_puts(b, ".</li>\n");
    for (size_t k = 0; k < nr; k++) {
        if (rules[k].checklist != sec || er_report_rule_evaluated(a, rules[k].id))
            continue;
        char missing[1024];
        er_report_rule_missing(a, rules[k].id, missing, sizeof missing);
        er_sb_printf(b, "<li>Could not verify <code>%s</code> (%s): this "
                        "run lacks ",
                     rules[k].id, rules[k].title);
        esc(b, missing);
        er_sb_puts(b, ".</li>\n");
    }
}

typedef struct run_facts {
    size_t er_routes, er_best, routes;
    const er_counts *t4, *t6;
    groups fam, reg;
} run_facts;

/* Section status from its findings, the rules this run could evaluate, and whether
 * routing data answers the section's question (routing_evidence). Verified needs every
 * rule of the section evaluated; a section none of whose rules had their inputs is "not
 * checked", which the section's list explains rule by rule. */
static status section_status(const section_facts *f, bool routing_evidence)
{
    if (f->failing)
        return ST_ISSUES;
    if (f->accepted)
        return ST_ACCEPTED;
    if (f->evaluated && !f->unevaluated && routing_evidence)
        return ST_PASS;
    if (f->evaluated || routing_evidence)
        return ST_PARTIAL;
    return f->unevaluated ? ST_MISSING : ST_UNVERIFIED;
}

static void finding_counts_li(er_sb *b, const section_facts *f)
{
    if (f->failing || f->accepted || f->open)
        er_sb_printf(b,
                     "<li>Findings: %zu failing, %zu accepted by the baseline, %zu below the "
                     "failure threshold (details under <a href=\"#findings\">Findings</a>).</li>\n",
                     f->failing, f->accepted, f->open);
}

static void check_open(er_sb *b, int sec, const char *question, status s)
{
    er_sb_printf(b, "<div class=\"check\" id=\"check-%d\"><h3>%d. %s ", sec, sec,
                 er_report_checklist_name(sec));
    status_badge(b, s);
    er_sb_puts(b, "</h3>\n<p class=\"note\">");
    er_sb_puts(b, question);
    er_sb_puts(b, "</p>\n<ul>\n");
}

static void check_close(er_sb *b) { er_sb_puts(b, "</ul></div>\n"); }

static status checklist_status(const er_analysis *a, const er_report_opts *o, const run_facts *rf,
                               int sec)
{
    section_facts f = facts_for(a, o, sec);
    switch (sec) {
    case 1: return section_status(&f, rf->t4->total || rf->t6->total);
    case 2: return ST_UNVERIFIED;
    case 3:
        if (!rf->er_routes && !f.failing)
            return ST_ISSUES;
        return section_status(&f, rf->er_routes > 0);
    case 4: return section_status(&f, f.evaluated > 0); /* its rules are the evidence */
    case 5: return section_status(&f, rf->reg.n > 0);
    default: return section_status(&f, false);
    }
}

static void put_checklist(er_sb *b, const er_analysis *a, const er_report_opts *o,
                          const run_facts *rf)
{
    section_facts f;

    f = facts_for(a, o, 1);
    check_open(b, 1,
               "Is client connectivity set up so that Power Platform traffic goes over the "
               "ExpressRoute circuit, while non-private resources such as Azure CDN are still "
               "reached over the internet? Do clients use a proxy towards the ExpressRoute "
               "subnet, and do they connect with public addresses or from behind NAT?",
               checklist_status(a, o, rf, 1));
    er_sb_puts(b, "<li>Verified from routing data: of the selected services' addresses, ");
    put_pct(b, rf->t4->by_class[ER_PC_EXPRESSROUTE], rf->t4->total);
    er_sb_puts(b, " of IPv4 and ");
    put_pct(b, rf->t6->by_class[ER_PC_EXPRESSROUTE], rf->t6->total);
    er_sb_puts(b, " of IPv6 follow ExpressRoute routes; ");
    put_pct(b, rf->t4->by_class[ER_PC_INTERNET], rf->t4->total);
    er_sb_puts(b, " of IPv4 and ");
    put_pct(b, rf->t6->by_class[ER_PC_INTERNET], rf->t6->total);
    er_sb_puts(b, " go to the internet.</li>\n");
    finding_counts_li(b, &f);
    rules_line(b, a, 1);
    er_sb_puts(b, "<li>Not verifiable from routing data: whether clients send their traffic "
                  "through the proxy or router that holds these routes, whether they still reach "
                  "CDN-hosted static content over the internet (it never uses ExpressRoute), and "
                  "whether they are translated to public addresses (Microsoft peering needs "
                  "public source addresses).</li>\n");
    check_close(b);

    check_open(b, 2,
               "Is the WAN capacity and speed enough? A client's performance is that of the "
               "slowest link on its path.",
               ST_UNVERIFIED);
    er_sb_puts(b, "<li>Route tables carry no bandwidth or latency: measure circuit and WAN "
                  "utilisation separately.</li>\n");
    check_close(b);

    f = facts_for(a, o, 3);
    check_open(b, 3,
               "Power Platform uses Microsoft peering (not private peering). Is the right "
               "Microsoft peering configured?",
               checklist_status(a, o, rf, 3));
    if (rf->er_routes)
        er_sb_printf(b,
                     "<li>Verified from routing data: %zu route%s in the inputs come from "
                     "Microsoft over ExpressRoute (AS 12076 or a configured next hop), %zu of "
                     "them best; routes to Microsoft's public service ranges from AS 12076 are "
                     "learned over Microsoft peering.</li>\n",
                     rf->er_routes, rf->er_routes == 1 ? "" : "s", rf->er_best);
    else
        er_sb_puts(b, "<li>No route in the inputs comes from Microsoft over ExpressRoute: "
                      "either Microsoft peering is not configured, no route filter is attached "
                      "(circuits configured after 1 August 2017 advertise nothing until one is), "
                      "or the export is from a router that does not see those routes.</li>\n");
    finding_counts_li(b, &f);
    rules_line(b, a, 3);
    check_close(b);

    f = facts_for(a, o, 4);
    check_open(b, 4,
               "Is the network set up so that a request sent over the internet does not come "
               "back over ExpressRoute (or the other way round) and get dropped by a firewall?",
               checklist_status(a, o, rf, 4));
    finding_counts_li(b, &f);
    rules_line(b, a, 4);
    er_sb_puts(b, "<li>Guidance: use different NAT addresses on the internet and ExpressRoute "
                  "edges, publish unique public prefixes per circuit, and never split one "
                  "subnet's traffic between both paths. Every leak above is a candidate for "
                  "asymmetric replies when the source NAT pool is advertised over "
                  "ExpressRoute.</li>\n");
    check_close(b);

    f = facts_for(a, o, 5);
    check_open(b, 5,
               "Is a distributed user base accounted for, and should several circuits be "
               "placed in different geographies?",
               checklist_status(a, o, rf, 5));
    size_t partial = 0;
    for (size_t i = 0; i < rf->reg.n; i++) {
        const group *g = &rf->reg.v[i];
        if (g->v4.by_class[ER_PC_INTERNET] || g->v6.by_class[ER_PC_INTERNET])
            partial++;
    }
    if (rf->reg.n) {
        er_sb_printf(b, "<li>Coverage per region is charted under <a href=\"#coverage\">"
                        "Coverage</a>: %zu of %zu regions have addresses routed to the "
                        "internet",
                     partial, rf->reg.n);
        size_t listed = 0;
        for (size_t i = 0; i < rf->reg.n && listed < 12; i++) {
            const group *g = &rf->reg.v[i];
            if (!g->v4.by_class[ER_PC_INTERNET] && !g->v6.by_class[ER_PC_INTERNET])
                continue;
            er_sb_puts(b, listed ? ", " : " (");
            esc(b, g->name);
            listed++;
        }
        if (listed)
            er_sb_puts(b, partial > listed ? ", ...)" : ")");
        er_sb_puts(b, ".</li>\n");
    } else {
        er_sb_puts(b, "<li>No regional service tag is selected, so coverage per region cannot "
                      "be shown (select regional tags, e.g. with --region).</li>\n");
    }
    finding_counts_li(b, &f);
    rules_line(b, a, 5);
    er_sb_puts(b, "<li>Where users are and which circuit serves them is not in routing data. "
                  "A Standard circuit reaches only its geopolitical area; users entering through "
                  "a circuit in another geography need Premium.</li>\n");
    check_close(b);

    f = facts_for(a, o, 6);
    check_open(b, 6,
               "Are connections from the Microsoft cloud into on-premises over ExpressRoute "
               "treated and validated as if they came from the internet?",
               checklist_status(a, o, rf, 6));
    finding_counts_li(b, &f);
    rules_line(b, a, 6);
    er_sb_puts(b, "<li>Security treatment cannot be read from routes: Power Platform is "
                  "multi-tenant, so put on-premises endpoints it calls behind a reverse proxy or "
                  "WAF whichever path the calls take.</li>\n");
    check_close(b);
}

/* ---- findings ---- */

static void sev_badge(er_sb *b, er_severity s)
{
    er_sb_printf(b, "<span class=\"sev sev-%s\">%s</span>", er_severity_name(s), er_severity_name(s));
}

static void put_card(er_sb *b, const er_analysis *a, const er_report_opts *o, size_t i)
{
    const er_finding *f = er_analysis_finding(a, i);
    const char *svc_name = er_report_finding_service(a, f);
    er_rule_info tmp;
    const er_rule_info *r = er_report_rule_or_generic(f->rule, &tmp);
    char pfx[ER_PREFIX_STRLEN], first[ER_PREFIX_STRLEN], last[ER_PREFIX_STRLEN];
    er_prefix_format(&f->prefix, pfx, sizeof pfx);
    er_addr_format(f->first, f->prefix.family, first, sizeof first);
    er_addr_format(f->last, f->prefix.family, last, sizeof last);
    er_sb_printf(b, "<div class=\"finding %s\"><p>", er_severity_name(f->severity));
    sev_badge(b, f->severity);
    er_sb_puts(b, " <b>");
    esc(b, r->title);
    er_sb_puts(b, "</b> <code>");
    esc(b, f->rule);
    er_sb_puts(b, "</code></p>\n<p><b>");
    esc(b, svc_name);
    er_sb_puts(b, "</b> <code>");
    esc(b, pfx);
    er_sb_puts(b, "</code>: ");
    put_dec(b, f->addresses);
    er_sb_printf(b, " address%s (", f->addresses == 1 ? "" : "es");
    esc(b, first);
    er_sb_puts(b, " to ");
    esc(b, last);
    er_sb_puts(b, ")</p>\n<p>");
    esc(b, f->message);
    er_sb_puts(b, "</p>\n<p><b>Fix:</b> ");
    esc(b, f->fix);
    er_sb_puts(b, "</p>\n");
    const er_baseline_entry *be = er_report_finding_entry(o, i);
    if (be) {
        er_sb_puts(b, er_report_finding_state(o, i) == ER_BASELINE_ACCEPTED
                          ? "<p><span class=\"st st-accepted\">accepted</span> until "
                          : "<p><span class=\"st st-issues\">baseline entry expired</span> on ");
        esc(b, be->expires);
        er_sb_puts(b, ": ");
        esc(b, be->reason);
        er_sb_puts(b, "</p>\n");
    }
    if (f->n_evidence) {
        er_sb_puts(b, "<table><thead><tr><th>evidence</th><th>route</th><th>source</th></tr>"
                      "</thead><tbody>\n");
        for (size_t e = 0; e < f->n_evidence; e++) {
            char desc[ER_REPORT_DESC], src[ER_REPORT_SRC];
            if (!er_report_evidence(a, f, e, desc, src))
                continue;
            er_sb_puts(b, "<tr><td>");
            esc(b, f->evidence[e].role);
            er_sb_puts(b, "</td><td><code>");
            esc(b, desc);
            er_sb_puts(b, "</code></td><td><code>");
            esc(b, src);
            er_sb_puts(b, "</code></td></tr>\n");
        }
        er_sb_puts(b, "</tbody></table>\n");
    }
    er_sb_puts(b, "</div>\n");
}

static void compact_row(er_sb *b, const er_analysis *a, const er_report_opts *o, size_t i,
                        bool with_baseline)
{
    const er_finding *f = er_analysis_finding(a, i);
    const char *svc_name = er_report_finding_service(a, f);
    char pfx[ER_PREFIX_STRLEN];
    er_prefix_format(&f->prefix, pfx, sizeof pfx);
    er_sb_puts(b, "<tr><td>");
    sev_badge(b, f->severity);
    er_sb_puts(b, "</td><td><code>");
    esc(b, f->rule);
    er_sb_puts(b, "</code></td><td>");
    esc(b, svc_name);
    er_sb_puts(b, "</td><td><code>");
    esc(b, pfx);
    er_sb_puts(b, "</code></td><td class=\"num\">");
    put_human(b, f->addresses);
    er_sb_puts(b, "</td><td>");
    if (with_baseline) {
        const er_baseline_entry *be = er_report_finding_entry(o, i);
        if (be) {
            esc(b, be->expires);
            er_sb_puts(b, "</td><td>");
            esc(b, be->reason);
        } else {
            er_sb_puts(b, "</td><td>");
        }
    } else {
        esc(b, f->fix);
    }
    er_sb_puts(b, "</td></tr>\n");
}

/* Open findings grouped by rule: what to do first. */
static void put_plan(er_sb *b, const er_analysis *a, const er_report_opts *o, const size_t *order)
{
    size_t nf = er_analysis_finding_count(a);
    const char **seen = malloc((nf ? nf : 1) * sizeof *seen);
    if (!seen) {
        b->failed = true;
        return;
    }
    size_t ns = 0;
    bool any = false;
    for (size_t k = 0; k < nf; k++) {
        const er_finding *f = er_analysis_finding(a, order[k]);
        if (er_report_finding_state(o, order[k]) == ER_BASELINE_ACCEPTED)
            continue;
        bool dup = false;
        for (size_t j = 0; j < ns && !dup; j++)
            dup = strcmp(seen[j], f->rule) == 0;
        if (dup)
            continue;
        seen[ns++] = f->rule;
        size_t count = 0;
        er_u128 addrs = 0;
        er_severity worst = ER_SEV_INFO;
        for (size_t j = 0; j < nf; j++) {
            const er_finding *g = er_analysis_finding(a, j);
            if (strcmp(g->rule, f->rule) || er_report_finding_state(o, j) == ER_BASELINE_ACCEPTED)
                continue;
            count++;
            addrs += g->addresses;
            if (g->severity > worst)
                worst = g->severity;
        }
        if (!any)
            er_sb_puts(b, "<h3>Remediation plan (by impact)</h3>\n<ol>\n");
        any = true;
        er_rule_info tmp;
        const er_rule_info *r = er_report_rule_or_generic(f->rule, &tmp);
        er_sb_puts(b, "<li>");
        sev_badge(b, worst);
        er_sb_puts(b, " <b>");
        esc(b, r->title);
        er_sb_printf(b, "</b>: %zu finding%s, ", count, count == 1 ? "" : "s");
        put_human(b, addrs);
        er_sb_puts(b, " addresses. ");
        esc(b, r->help);
        er_sb_puts(b, "</li>\n");
    }
    if (any)
        er_sb_puts(b, "</ol>\n");
    free(seen);
}

static void put_findings(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    size_t nf = er_analysis_finding_count(a);
    er_sb_puts(b, "<section id=\"findings\"><h2>Findings and fixes</h2>\n");
    if (!nf) {
        er_sb_puts(b, "<p>No finding: every checked rule passed on these inputs.</p></section>\n");
        return;
    }
    size_t *order = er_report_findings_by_impact(a);
    if (!order) {
        b->failed = true;
        return;
    }
    put_plan(b, a, o, order);
    size_t open = 0, accepted = 0;
    for (size_t k = 0; k < nf; k++) {
        if (er_report_finding_state(o, order[k]) == ER_BASELINE_ACCEPTED)
            accepted++;
        else
            open++;
    }
    if (open) {
        er_sb_printf(b, "<h3>Open findings (%zu, most impact first)</h3>\n", open);
        size_t shown = 0;
        for (size_t k = 0; k < nf && shown < MAX_CARDS; k++) {
            if (er_report_finding_state(o, order[k]) == ER_BASELINE_ACCEPTED)
                continue;
            put_card(b, a, o, order[k]);
            shown++;
        }
        if (open > shown) {
            er_sb_printf(b, "<h3>Further open findings (%zu)</h3>\n<table><thead><tr>"
                            "<th>severity</th><th>rule</th><th>service</th><th>prefix</th>"
                            "<th class=\"num\">addresses</th><th>fix</th></tr></thead><tbody>\n",
                         open - shown);
            size_t skip = shown;
            for (size_t k = 0; k < nf; k++) {
                if (er_report_finding_state(o, order[k]) == ER_BASELINE_ACCEPTED)
                    continue;
                if (skip) {
                    skip--;
                    continue;
                }
                compact_row(b, a, o, order[k], false);
            }
            er_sb_puts(b, "</tbody></table>\n");
        }
    }
    if (accepted) {
        er_sb_printf(b, "<h3>Accepted by the baseline (%zu)</h3>\n<table><thead><tr>"
                        "<th>severity</th><th>rule</th><th>service</th><th>prefix</th>"
                        "<th class=\"num\">addresses</th><th>until</th><th>reason</th></tr>"
                        "</thead><tbody>\n",
                     accepted);
        for (size_t k = 0; k < nf; k++)
            if (er_report_finding_state(o, order[k]) == ER_BASELINE_ACCEPTED)
                compact_row(b, a, o, order[k], true);
        er_sb_puts(b, "</tbody></table>\n");
    }
    free(order);
    er_sb_puts(b, "</section>\n");
}

/* ---- coverage ---- */

static void counts_cells(er_sb *b, const er_counts *c)
{
    er_sb_puts(b, "<td class=\"num\">");
    if (c->total) {
        put_human(b, c->total);
        er_sb_puts(b, "</td><td class=\"num\">");
        put_pct(b, c->by_class[ER_PC_EXPRESSROUTE], c->total);
        er_sb_puts(b, "</td><td class=\"num\">");
        put_pct(b, c->by_class[ER_PC_INTERNET], c->total);
    } else {
        er_sb_puts(b, "-</td><td class=\"num\">-</td><td class=\"num\">-");
    }
    er_sb_puts(b, "</td>");
}

static void put_coverage(er_sb *b, const er_analysis *a, const run_facts *rf)
{
    const er_catalog *cat = er_analysis_catalog(a);
    er_sb_puts(b, "<section id=\"coverage\"><h2>Coverage per service and region</h2>\n"
                  "<p class=\"note\">Each address of a service range is followed through the "
                  "longest-prefix match of the best routes. A family's bar uses its global tag "
                  "when that is selected, else the sum of its selected regional tags; a "
                  "region's bar sums the regional tags of every selected family (an address in "
                  "two families counts twice).</p>\n");
    er_sb_puts(b, "<h3>ExpressRoute share per service family</h3>\n");
    chart_groups(b, "services-v4", "IPv4", "Path of IPv4 service addresses per service family",
                 &rf->fam, ER_AF_V4);
    chart_groups(b, "services-v6", "IPv6", "Path of IPv6 service addresses per service family",
                 &rf->fam, ER_AF_V6);
    if (rf->reg.n) {
        er_sb_puts(b, "<h3>ExpressRoute share per region</h3>\n");
        chart_groups(b, "regions-v4", "IPv4", "Path of IPv4 service addresses per region",
                     &rf->reg, ER_AF_V4);
        chart_groups(b, "regions-v6", "IPv6", "Path of IPv6 service addresses per region",
                     &rf->reg, ER_AF_V6);
    }
    er_sb_puts(b, "<h3>Every selected service</h3>\n<table><thead><tr><th>service</th>"
                  "<th>region</th><th class=\"num\">IPv4 addresses</th><th class=\"num\">ER</th>"
                  "<th class=\"num\">internet</th><th class=\"num\">IPv6 addresses</th>"
                  "<th class=\"num\">ER</th><th class=\"num\">internet</th>"
                  "<th class=\"num\">findings</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < er_analysis_service_count(a); i++) {
        const er_service_result *r = er_analysis_service(a, i);
        const er_service *s = er_catalog_service(cat, r->service);
        er_sb_puts(b, "<tr><td>");
        esc(b, s->name);
        if (!s->er_eligible)
            er_sb_puts(b, " <span class=\"note\">(not on ExpressRoute)</span>");
        er_sb_puts(b, "</td><td>");
        esc(b, s->region[0] ? s->region : "global");
        er_sb_puts(b, "</td>");
        counts_cells(b, &r->v4);
        counts_cells(b, &r->v6);
        er_sb_printf(b, "<td class=\"num\">%zu</td></tr>\n", r->findings);
    }
    er_sb_puts(b, "<tr><td><b>all selected</b> (each address once)</td><td></td>");
    counts_cells(b, rf->t4);
    counts_cells(b, rf->t6);
    er_sb_printf(b, "<td class=\"num\">%zu</td></tr>\n</tbody></table>\n</section>\n",
                 er_analysis_finding_count(a));
}

/* ---- appendix ---- */

static void kv(er_sb *b, const char *k, const char *v)
{
    er_sb_puts(b, "<tr><th>");
    esc(b, k);
    er_sb_puts(b, "</th><td>");
    esc(b, v);
    er_sb_puts(b, "</td></tr>\n");
}

static void put_appendix(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    const er_catalog *cat = er_analysis_catalog(a);
    const er_rtable *t = er_analysis_routes(a);
    const er_feed_info *fi = er_catalog_feed(cat);
    char buf[256];
    er_sb_puts(b, "<section id=\"appendix\"><h2>Evidence appendix</h2>\n<h3>Data and tool</h3>\n"
                  "<table><tbody>\n");
    kv(b, "erready version", o->tool_version);
    kv(b, "service data", fi->source);
    kv(b, "cloud", fi->cloud);
    snprintf(buf, sizeof buf, "%u", fi->change_number);
    kv(b, "changeNumber", buf);
    kv(b, "data date", fi->date[0] ? fi->date : "unknown");
    kv(b, "data origin", fi->bundled ? "snapshot bundled with erready"
                                     : (o->data_path ? o->data_path : "file given with --data"));
    if (o->data_sha256)
        kv(b, "data SHA-256", o->data_sha256);
    snprintf(buf, sizeof buf, "%zu", er_analysis_service_count(a));
    kv(b, "services checked", buf);
    kv(b, "failure threshold", er_severity_name(o->fail_on));
    if (er_report_site(o)[0])
        kv(b, "site", er_report_site(o));
    if (o->baseline) {
        size_t used = 0, nb = er_baseline_count(o->baseline);
        bool *hit = calloc(nb ? nb : 1, sizeof *hit);
        for (size_t i = 0; hit && i < er_analysis_finding_count(a); i++)
            if (o->baseline_match && o->baseline_match[i].state != ER_BASELINE_NONE &&
                o->baseline_match[i].entry < nb && !hit[o->baseline_match[i].entry]) {
                hit[o->baseline_match[i].entry] = true;
                used++;
            }
        free(hit);
        snprintf(buf, sizeof buf, "%s: %zu entries, %zu matching findings of this run",
                 o->baseline_path ? o->baseline_path : "given", nb, used);
        kv(b, "baseline", buf);
    }
    kv(b, "generated", o->generated_at ? o->generated_at
                                       : "no timestamp (reports are deterministic by default)");
    er_sb_puts(b, "</tbody></table>\n<h3>Input files and parse coverage</h3>\n<table><thead><tr>"
                  "<th>file</th><th>format</th><th>SHA-256</th><th class=\"num\">lines</th>"
                  "<th class=\"num\">understood</th><th class=\"num\">skipped</th>"
                  "<th class=\"num\">routes</th><th class=\"num\">best</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < er_rtable_file_count(t); i++) {
        const er_rfile *f = er_rtable_file(t, i);
        er_sb_puts(b, "<tr><td><code>");
        esc(b, f->path);
        er_sb_puts(b, "</code></td><td>");
        esc(b, f->format ? f->format : "?");
        er_sb_puts(b, "</td><td><code>");
        if (o->input_sha256 && i < o->n_input_sha256 && o->input_sha256[i])
            esc(b, o->input_sha256[i]);
        else
            er_sb_puts(b, "not available");
        er_sb_printf(b, "</code></td><td class=\"num\">%llu</td><td class=\"num\">%llu (",
                     (unsigned long long)f->stats.lines, (unsigned long long)f->stats.understood);
        put_pct(b, f->stats.understood, f->stats.lines);
        er_sb_printf(b, ")</td><td class=\"num\">%llu</td><td class=\"num\">%llu</td>"
                        "<td class=\"num\">%llu</td></tr>\n",
                     (unsigned long long)f->stats.skipped, (unsigned long long)f->stats.routes,
                     (unsigned long long)f->stats.best);
    }
    er_sb_puts(b, "</tbody></table>\n<h3>Rules</h3>\n<table><thead><tr><th>rule</th>"
                  "<th>checklist</th><th>default severity</th><th>checked</th>"
                  "<th>description</th></tr></thead><tbody>\n");
    size_t nr;
    const er_rule_info *rules = er_report_rules(&nr);
    for (size_t k = 0; k < nr; k++) {
        er_sb_printf(b, "<tr><td><code>%s</code></td><td>%s</td><td>", rules[k].id,
                     er_report_checklist_name(rules[k].checklist));
        sev_badge(b, rules[k].severity);
        er_sb_puts(b, "</td><td>");
        if (er_report_rule_evaluated(a, rules[k].id)) {
            er_sb_puts(b, "yes");
        } else {
            char missing[1024];
            er_report_rule_missing(a, rules[k].id, missing, sizeof missing);
            er_sb_puts(b, "no: this run lacks ");
            esc(b, missing);
        }
        er_sb_puts(b, "</td><td>");
        esc(b, rules[k].description);
        er_sb_puts(b, "</td></tr>\n");
    }
    er_sb_puts(b, "</tbody></table>\n</section>\n");
}

/* ---- summary ---- */

static void kpi(er_sb *b, const char *value, const char *label)
{
    er_sb_puts(b, "<div class=\"kpi\"><b>");
    esc(b, value);
    er_sb_puts(b, "</b><span>");
    esc(b, label);
    er_sb_puts(b, "</span></div>\n");
}

static void put_summary(er_sb *b, const er_analysis *a, const er_report_opts *o,
                        const run_facts *rf)
{
    size_t nf = er_analysis_finding_count(a), failing = er_report_failing_count(a, o);
    size_t accepted = 0;
    double by_sev[5] = {0};
    for (size_t i = 0; i < nf; i++) {
        if (er_report_finding_state(o, i) == ER_BASELINE_ACCEPTED) {
            accepted++;
            continue;
        }
        er_severity s = er_analysis_finding(a, i)->severity;
        if ((unsigned)s < 5)
            by_sev[s] += 1;
    }
    er_verdict v = er_report_verdict(a, o);
    er_sb_puts(b, "<section id=\"summary\"><h2>Executive summary</h2>\n");
    static const char *const vcls[] = {"v-ready", "v-accepted", "v-notready"};
    static const char *const vtxt[] = {"Ready", "Ready, with accepted exceptions", "Not ready"};
    er_sb_printf(b, "<div class=\"verdict %s\">Verdict: %s</div>\n", vcls[v], vtxt[v]);
    er_sb_puts(b, "<p>");
    if (v == ER_VERDICT_NOT_READY)
        er_sb_printf(b, "%zu finding%s at or above the <b>%s</b> threshold must be fixed before "
                        "Power Platform traffic can be relied on to use ExpressRoute.",
                     failing, failing == 1 ? "" : "s", er_severity_name(o->fail_on));
    else if (v == ER_VERDICT_READY_ACCEPTED)
        er_sb_printf(b, "No open finding at or above the <b>%s</b> threshold; %zu finding%s "
                        "accepted by the baseline (listed with their reasons and expiry "
                        "dates).",
                     er_severity_name(o->fail_on), accepted, accepted == 1 ? " is" : "s are");
    else
        er_sb_printf(b, "No finding at or above the <b>%s</b> threshold on these inputs.",
                     er_severity_name(o->fail_on));
    er_sb_puts(b, " The routing-based checks below cover what route tables can prove; the "
                  "checklist marks what they cannot.</p>\n<div class=\"kpis\">\n");
    char val[64], lbl[96];
    er_report_pct(val, sizeof val, rf->t4->by_class[ER_PC_EXPRESSROUTE], rf->t4->total);
    kpi(b, val, "IPv4 service addresses on ExpressRoute");
    er_report_pct(val, sizeof val, rf->t6->by_class[ER_PC_EXPRESSROUTE], rf->t6->total);
    kpi(b, val, "IPv6 service addresses on ExpressRoute");
    snprintf(val, sizeof val, "%zu", failing);
    snprintf(lbl, sizeof lbl, "findings at or above %s", er_severity_name(o->fail_on));
    kpi(b, val, lbl);
    snprintf(val, sizeof val, "%zu", accepted);
    kpi(b, val, "findings accepted by baseline");
    snprintf(val, sizeof val, "%zu", er_analysis_service_count(a));
    kpi(b, val, "services checked");
    er_sb_puts(b, "</div>\n<h3>Open findings by severity</h3>\n");
    static const char *const labels[] = {"critical", "high", "medium", "low", "info"};
    double vals[5];
    const char *cols[5];
    for (int i = 0; i < 5; i++) {
        vals[i] = by_sev[4 - i];
        cols[i] = sev_colors[4 - i];
    }
    er_svg_columns(b, "severity", "Open findings by severity", labels, vals, cols, 5);
    er_sb_puts(b, "<h3>Readiness checklist at a glance</h3>\n<table><thead><tr><th>section</th>"
                  "<th>status</th></tr></thead><tbody>\n");
    for (int sec = 1; sec <= 6; sec++) {
        er_sb_printf(b, "<tr><td><a href=\"#check-%d\">%d. %s</a></td><td>", sec, sec,
                     er_report_checklist_name(sec));
        status_badge(b, checklist_status(a, o, rf, sec));
        er_sb_puts(b, "</td></tr>\n");
    }
    er_sb_puts(b, "</tbody></table>\n</section>\n");
}

void er_report_html(er_sb *b, const er_analysis *a, const er_report_opts *o)
{
    const er_catalog *cat = er_analysis_catalog(a);
    const er_rtable *t = er_analysis_routes(a);
    const er_feed_info *fi = er_catalog_feed(cat);
    run_facts rf;
    memset(&rf, 0, sizeof rf);
    rf.t4 = er_analysis_total(a, ER_AF_V4);
    rf.t6 = er_analysis_total(a, ER_AF_V6);
    rf.routes = er_rtable_count(t);
    for (size_t i = 0; i < rf.routes; i++) {
        const er_route *r = er_rtable_get(t, i);
        if (r->path_class == ER_PC_EXPRESSROUTE) {
            rf.er_routes++;
            if (r->flags & ER_RF_BEST)
                rf.er_best++;
        }
    }
    if (!build_groups(a, &rf.fam, &rf.reg)) {
        b->failed = true;
        goto out;
    }

    er_sb_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"erready ");
    esc(b, o->tool_version);
    er_sb_puts(b, "\">\n<title>Power Platform over ExpressRoute: readiness report");
    if (er_report_site(o)[0]) {
        er_sb_puts(b, " for ");
        esc(b, er_report_site(o));
    }
    er_sb_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", css);
    er_sb_puts(b, "<header><h1>Power Platform over ExpressRoute: readiness report</h1>\n");
    if (er_report_site(o)[0]) {
        er_sb_puts(b, "<p class=\"sub\">Site: <b>");
        esc(b, er_report_site(o));
        er_sb_puts(b, "</b></p>\n");
    }
    er_sb_puts(b, "<p class=\"sub\">Microsoft service ranges: ");
    esc(b, fi->source);
    er_sb_puts(b, " (");
    esc(b, fi->cloud);
    er_sb_printf(b, ", changeNumber %u", fi->change_number);
    if (fi->date[0]) {
        er_sb_puts(b, ", ");
        esc(b, fi->date);
    }
    er_sb_puts(b, "). Route tables: ");
    for (size_t i = 0; i < er_rtable_file_count(t); i++) {
        if (i)
            er_sb_puts(b, ", ");
        er_sb_puts(b, "<code>");
        esc(b, er_rtable_file(t, i)->path);
        er_sb_puts(b, "</code>");
    }
    er_sb_puts(b, ". Produced by erready ");
    esc(b, o->tool_version);
    if (o->generated_at) {
        er_sb_puts(b, " on ");
        esc(b, o->generated_at);
    }
    er_sb_puts(b, ".</p>\n</header>\n");
    er_sb_puts(b, "<nav><ol><li><a href=\"#summary\">Executive summary</a></li>"
                  "<li><a href=\"#checklist\">Readiness checklist</a></li>"
                  "<li><a href=\"#coverage\">Coverage per service and region</a></li>"
                  "<li><a href=\"#findings\">Findings and fixes</a></li>"
                  "<li><a href=\"#appendix\">Evidence appendix</a></li></ol></nav>\n");
    put_summary(b, a, o, &rf);
    er_sb_puts(b, "<section id=\"checklist\"><h2>Readiness checklist</h2>\n<p class=\"note\">"
                  "The six sections of Microsoft's Power Platform ExpressRoute readiness "
                  "checklist, each with what erready verified from the routing data and what "
                  "routing data cannot show.</p>\n");
    put_checklist(b, a, o, &rf);
    er_sb_puts(b, "</section>\n");
    put_coverage(b, a, &rf);
    put_findings(b, a, o);
    put_appendix(b, a, o);
    er_sb_puts(b, "<footer>Generated by erready ");
    esc(b, o->tool_version);
    er_sb_puts(b, " from routing data only; it does not log in to devices or to Microsoft."
                  "</footer>\n</main>\n</body>\n</html>\n");
out:
    free(rf.fam.v);
    free(rf.reg.v);
}
