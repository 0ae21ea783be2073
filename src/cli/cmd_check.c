/* `erready check`: coverage of Microsoft service ranges by path class, and findings. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "erready/analyze.h"
#include "erready/report.h"
#include "erready/update.h"

enum {
    O_SERVICES = 1, O_REGION, O_DATA, O_FORMAT, O_OUTPUT, O_FAIL_ON, O_INPUT_FORMAT, O_VRF,
    O_ER_NH, O_INET_NH, O_INTERNAL_NH, O_VPN_NH, O_STRICT, O_COLOR, O_VERBOSE, O_MAX_AGE, O_WARN_AGE
};

static const cli_opt check_opts[] = {
    {"services", 's', "SEL", "services to check: tags, families, 'powerplatform' (default), 'all'", O_SERVICES},
    {"region", 0, "REGION", "the Power Platform environment's Azure region (any spelling)", O_REGION},
    {"data", 0, "FILE", "a Service Tags JSON to use instead of the bundled snapshot", O_DATA},
    {"format", 'f', "FMT", "output format: text (default) or json", O_FORMAT},
    {"output", 'o', "FILE", "write the report to FILE (repeatable; format from .json/.txt)", O_OUTPUT},
    {"fail-on", 0, "SEV", "exit 1 on findings at or above: info low medium high (default) critical never", O_FAIL_ON},
    {"input-format", 0, "NAME", "read every route file as this format (see 'erready formats')", O_INPUT_FORMAT},
    {"vrf", 0, "NAME", "use only routes of this VRF / routing instance", O_VRF},
    {"er-nexthop", 0, "ADDR", "routes via this next hop are ExpressRoute (repeatable)", O_ER_NH},
    {"internet-nexthop", 0, "ADDR", "routes via this next hop are internet (repeatable)", O_INET_NH},
    {"internal-nexthop", 0, "ADDR", "routes via this next hop are internal (repeatable)", O_INTERNAL_NH},
    {"vpn-nexthop", 0, "ADDR", "routes via this next hop are VPN (repeatable)", O_VPN_NH},
    {"strict", 0, NULL, "treat any route line not understood as an input error", O_STRICT},
    {"color", 0, "WHEN", "colour: auto (default), always, never", O_COLOR},
    {"verbose", 'v', NULL, "print every warning, not only the first 20", O_VERBOSE},
    {"max-age", 0, "DAYS", "exit 3 when the service data is older than DAYS", O_MAX_AGE},
    {"warn-age", 0, "DAYS", "warn when the service data is older than DAYS (default 14)", O_WARN_AGE},
    {NULL, 0, NULL, NULL, 0},
};

/* Format for an output path: by extension, else the --format value. */
static er_report_format format_for(const char *path, er_report_format dflt)
{
    er_report_format f;
    return er_report_format_from_path(path, &f) ? f : dflt;
}

int cmd_check(int argc, char **argv)
{
    cli_parser p;
    cli_init(&p, "erready check", "ROUTES... [options]",
             "Reads route-table exports (any supported format, detected automatically), runs\n"
             "longest-prefix match over the whole address ranges of the selected Microsoft\n"
             "services and reports which addresses go over ExpressRoute, which over the\n"
             "internet, and the findings (e.g. leak: ExpressRoute-eligible traffic routed to\n"
             "the internet). ROUTES may be '-' for standard input.",
             check_opts, argc, argv);
    cli_strlist files = {0}, outputs = {0};
    const char *services = ER_DEFAULT_SERVICES, *region = NULL, *data = NULL;
    const char *input_format = NULL, *vrf = NULL, *color = "auto";
    er_report_format fmt = ER_REPORT_TEXT;
    er_analyze_opts aopts;
    er_analyze_opts_init(&aopts);
    er_prefix *nh[ER_PC_COUNT] = {0};
    size_t n_nh[ER_PC_COUNT] = {0};
    er_severity fail_on = ER_SEV_HIGH;
    bool strict = false, verbose = false;
    double max_age = -1, warn_age = ER_DATA_WARN_DAYS;
    int rc = EXIT_USAGE;
    er_catalog *cat = NULL;
    er_rtable *routes = NULL;
    er_analysis *an = NULL;
    size_t *sel = NULL, n_sel = 0;

    for (int id; (id = cli_next(&p)) != CLI_END;) {
        switch (id) {
        case CLI_HELP:
            cli_help(&p, stdout);
            rc = EXIT_READY;
            goto done;
        case CLI_ERROR:
            goto done;
        case CLI_POSITIONAL:
            if (!cli_strlist_push(&files, (char *)p.optarg))
                goto nomem;
            break;
        case O_SERVICES: services = p.optarg; break;
        case O_REGION: region = p.optarg; break;
        case O_DATA: data = p.optarg; break;
        case O_FORMAT:
            if (!er_report_format_parse(p.optarg, &fmt)) {
                cli_err("check: unknown format '%s' (text, json)", p.optarg);
                goto done;
            }
            break;
        case O_OUTPUT:
            if (!cli_strlist_push(&outputs, (char *)p.optarg))
                goto nomem;
            break;
        case O_FAIL_ON:
            if (!er_severity_parse(p.optarg, &fail_on)) {
                cli_err("check: unknown severity '%s' (info, low, medium, high, critical, never)",
                        p.optarg);
                goto done;
            }
            break;
        case O_INPUT_FORMAT: input_format = p.optarg; break;
        case O_VRF: vrf = p.optarg; break;
        case O_ER_NH:
        case O_INET_NH:
        case O_INTERNAL_NH:
        case O_VPN_NH: {
            er_pathclass c = id == O_ER_NH     ? ER_PC_EXPRESSROUTE
                             : id == O_INET_NH ? ER_PC_INTERNET
                             : id == O_VPN_NH  ? ER_PC_VPN
                                               : ER_PC_INTERNAL;
            if (!cli_add_nexthop(&nh[c], &n_nh[c], p.optarg))
                goto done;
            break;
        }
        case O_STRICT: strict = true; break;
        case O_COLOR:
            if (strcmp(p.optarg, "auto") && strcmp(p.optarg, "always") && strcmp(p.optarg, "never")) {
                cli_err("check: --color takes auto, always or never");
                goto done;
            }
            color = p.optarg;
            break;
        case O_VERBOSE: verbose = true; break;
        case O_MAX_AGE:
        case O_WARN_AGE: {
            char *end = NULL;
            double v = strtod(p.optarg, &end);
            if (!end || *end || end == p.optarg || v < 0) {
                cli_err("check: --%s takes a number of days", id == O_MAX_AGE ? "max-age" : "warn-age");
                goto done;
            }
            if (id == O_MAX_AGE)
                max_age = v;
            else
                warn_age = v;
            break;
        }
        default: goto done;
        }
    }
    if (!files.n) {
        cli_err("check: no route file given (usage: erready check ROUTES... [options])");
        goto done;
    }
    if (region && !er_region_normalize(region)) {
        cli_err("check: unknown region '%s' (try 'erready services --search %s')", region, region);
        goto done;
    }
    for (int c = 0; c < ER_PC_COUNT; c++) {
        aopts.classify.nexthops[c] = nh[c];
        aopts.classify.n_nexthops[c] = n_nh[c];
    }

    cat = cli_load_catalog(data, max_age, warn_age, &rc);
    if (!cat)
        goto done;
    rc = EXIT_USAGE;
    er_diags *sd = er_diags_new(0);
    if (!sd)
        goto nomem;
    er_status st = er_catalog_select(cat, services, region, &sel, &n_sel, sd);
    cli_print_diags(sd, 0);
    er_diags_free(sd);
    if (st != ER_OK)
        goto done;
    if (!n_sel) {
        cli_err("check: the selection '%s' matches no service", services);
        goto done;
    }
    routes = cli_load_routes(files.v, files.n, input_format, vrf, strict, verbose);
    if (!routes)
        goto done;
    st = er_analyze(cat, sel, n_sel, routes, &aopts, &an);
    if (st != ER_OK) {
        cli_err("check: analysis failed: %s", er_status_str(st));
        goto done;
    }

    er_report_opts ropts;
    er_report_opts_init(&ropts);
    ropts.tool_version = ERREADY_VERSION;
    ropts.fail_on = fail_on;
    size_t n_out = outputs.n ? outputs.n : 1;
    for (size_t i = 0; i < n_out; i++) {
        const char *path = outputs.n ? outputs.v[i] : NULL;
        er_report_format f = format_for(path, fmt);
        bool to_stdout = !path || strcmp(path, "-") == 0;
        ropts.color = f == ER_REPORT_TEXT && to_stdout && cli_use_color(stdout, color);
        if (f == ER_REPORT_TEXT && to_stdout && !verbose)
            ropts.max_findings_text = 50;
        else
            ropts.max_findings_text = 0;
        size_t len = 0;
        char *out = er_report_render(f, an, &ropts, &len);
        if (!out)
            goto nomem;
        bool ok = cli_write_output(path, out, len);
        free(out);
        if (!ok)
            goto done;
    }
    rc = EXIT_READY;
    if (fail_on != ER_SEV_NONE) {
        for (size_t i = 0; i < er_analysis_finding_count(an); i++)
            if (er_analysis_finding(an, i)->severity >= fail_on)
                rc = EXIT_FINDINGS;
    }
    goto done;
nomem:
    cli_err("out of memory");
    rc = EXIT_USAGE;
done:
    er_analysis_free(an);
    er_rtable_free(routes);
    free(sel);
    er_catalog_free(cat);
    for (int c = 0; c < ER_PC_COUNT; c++)
        free(nh[c]);
    cli_strlist_free(&files);
    cli_strlist_free(&outputs);
    return rc;
}
