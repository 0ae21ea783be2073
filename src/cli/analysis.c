/* Options and input loading shared by check, explain and diff (see cli/analysis.h). */
#include "cli/analysis.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "erready/m365.h"
#include "erready/update.h"
#include "cli/reporting.h"

void cli_ctx_init(cli_ctx *c, const char *cmd)
{
    memset(c, 0, sizeof *c);
    c->cmd = cmd;
    c->services = ER_DEFAULT_SERVICES;
    c->color = "auto";
    c->format = ER_REPORT_TEXT;
    c->fail_on = ER_SEV_HIGH;
    c->max_age = -1;
    c->warn_age = ER_DATA_WARN_DAYS;
    c->exit_code = EXIT_USAGE;
}

void cli_ctx_free(cli_ctx *c)
{
    cli_strlist *lists[] = {&c->regions,  &c->advertised, &c->advertised2, &c->inet_advertised,
                            &c->nat_pools, &c->endpoints, &c->sites,       &c->outputs};
    for (size_t i = 0; i < ER_ARRAY_LEN(lists); i++)
        cli_strlist_free(lists[i]);
    for (int k = 0; k < ER_PC_COUNT; k++)
        cli_strlist_free(&c->nexthops[k]);
    free(c->sel);
    er_catalog_free(c->cat);
    er_profile_free(c->profile);
    memset(c, 0, sizeof *c);
}

static int push(cli_ctx *c, cli_strlist *l, const char *arg)
{
    if (!cli_strlist_push(l, (char *)arg)) {
        cli_err("out of memory");
        return -1;
    }
    (void)c;
    return 1;
}

int cli_ctx_option(cli_ctx *c, int id, const char *arg)
{
    switch (id) {
    case CA_SERVICES: c->services = arg; return 1;
    case CA_REGION: return push(c, &c->regions, arg);
    case CA_GEOGRAPHY: c->geography = arg; return 1;
    case CA_DATA: c->data = arg; return 1;
    case CA_M365: c->m365 = arg; return 1;
    case CA_INPUT_FORMAT: c->input_format = arg; return 1;
    case CA_VRF: c->vrf = arg; return 1;
    case CA_ER_NH: return push(c, &c->nexthops[ER_PC_EXPRESSROUTE], arg);
    case CA_INET_NH: return push(c, &c->nexthops[ER_PC_INTERNET], arg);
    case CA_INTERNAL_NH: return push(c, &c->nexthops[ER_PC_INTERNAL], arg);
    case CA_VPN_NH: return push(c, &c->nexthops[ER_PC_VPN], arg);
    case CA_STRICT: c->strict = true; return 1;
    case CA_VERBOSE: c->verbose = true; return 1;
    case CA_PROFILE: c->profile_path = arg; return 1;
    case CA_ADVERTISED: return push(c, &c->advertised, arg);
    case CA_ADVERTISED_SECONDARY: return push(c, &c->advertised2, arg);
    case CA_INTERNET_ADVERTISED: return push(c, &c->inet_advertised, arg);
    case CA_SKU: c->sku = arg; return 1;
    case CA_LOCATION: c->location = arg; return 1;
    case CA_ROUTE_FILTER: c->route_filter = arg; return 1;
    case CA_NAT_POOL: return push(c, &c->nat_pools, arg);
    case CA_ENDPOINT: return push(c, &c->endpoints, arg);
    case CA_SITE:
        if (!strchr(arg, '=')) {
            c->site_label = arg; /* names the network checked (reports, baselines) */
            return 1;
        }
        return push(c, &c->sites, arg);
    case CA_FORMAT:
        if (!er_report_format_parse(arg, &c->format)) {
            cli_err("%s: unknown format '%s' (text, json, sarif, junit, csv, markdown, html)",
                    c->cmd, arg);
            return -1;
        }
        return 1;
    case CA_OUTPUT: return push(c, &c->outputs, arg);
    case CA_FAIL_ON:
        if (!er_severity_parse(arg, &c->fail_on)) {
            cli_err("%s: unknown severity '%s' (info, low, medium, high, critical, never)", c->cmd,
                    arg);
            return -1;
        }
        return 1;
    case CA_MAX_AGE:
    case CA_WARN_AGE: {
        char *end = NULL;
        double v = strtod(arg, &end);
        if (!end || *end || end == arg || v < 0) {
            cli_err("%s: --%s takes a number of days", c->cmd,
                    id == CA_MAX_AGE ? "max-age" : "warn-age");
            return -1;
        }
        if (id == CA_MAX_AGE)
            c->max_age = v;
        else
            c->warn_age = v;
        return 1;
    }
    case CA_COLOR:
        if (strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never")) {
            cli_err("%s: --color takes auto, always or never", c->cmd);
            return -1;
        }
        c->color = arg;
        return 1;
    default:
        return 0;
    }
}

/* ---- preparing ---- */

static bool print_and_check(er_diags *d, er_status st)
{
    cli_print_diags(d, 20);
    er_diags_free(d);
    if (st == ER_ERR_NOMEM)
        cli_err("out of memory");
    return st == ER_OK;
}

static bool load_m365(cli_ctx *c)
{
    er_m365 *m = er_m365_new();
    er_diags *d = er_diags_new(0);
    if (!m || !d) {
        er_m365_free(m);
        er_diags_free(d);
        cli_err("out of memory");
        return false;
    }
    er_status st = er_m365_load_file(m, c->m365, d);
    if (st == ER_OK)
        st = er_catalog_add_m365(c->cat, m, c->m365, d);
    er_m365_free(m);
    return print_and_check(d, st);
}

/* Apply the flags to the profile (and its sites). */
static bool apply_flags(cli_ctx *c)
{
    er_profile *p = c->profile;
    er_diags *d = er_diags_new(0);
    if (!d) {
        cli_err("out of memory");
        return false;
    }
    er_status st = ER_OK;
    for (size_t i = 0; st == ER_OK && i < c->sites.n; i++)
        st = er_profile_add_site(p, c->sites.v[i], d);
    /* a list given on the command line replaces the profile's */
    if (c->geography || c->regions.n)
        er_profile_clear(p, ER_PL_REGIONS);
    if (c->advertised.n || c->advertised2.n)
        er_profile_clear(p, ER_PL_ADVERTISED);
    if (c->inet_advertised.n)
        er_profile_clear(p, ER_PL_INTERNET_ADVERTISED);
    if (c->nat_pools.n)
        er_profile_clear(p, ER_PL_NAT_POOLS);
    if (c->endpoints.n)
        er_profile_clear(p, ER_PL_ENDPOINTS);
    if (st == ER_OK && c->geography)
        st = er_profile_set_geography(p, c->geography, d);
    for (size_t i = 0; st == ER_OK && i < c->regions.n; i++)
        st = er_profile_add_region(p, c->regions.v[i], d);
    if (st == ER_OK && c->sku)
        st = er_profile_set_sku(p, c->sku, d);
    if (st == ER_OK && c->location)
        st = er_profile_set_location(p, c->location, d);
    if (st == ER_OK && c->route_filter)
        st = er_profile_set_route_filter(p, c->route_filter, d);
    for (size_t i = 0; st == ER_OK && i < c->advertised.n; i++)
        st = er_profile_add_advertised(p, c->advertised.v[i], ER_SESSION_PRIMARY);
    for (size_t i = 0; st == ER_OK && i < c->advertised2.n; i++)
        st = er_profile_add_advertised(p, c->advertised2.v[i], ER_SESSION_SECONDARY);
    for (size_t i = 0; st == ER_OK && i < c->inet_advertised.n; i++)
        st = er_profile_add_internet_advertised(p, c->inet_advertised.v[i]);
    for (size_t i = 0; st == ER_OK && i < c->nat_pools.n; i++)
        st = er_profile_add_nat_pool(p, c->nat_pools.v[i], d);
    for (size_t i = 0; st == ER_OK && i < c->endpoints.n; i++)
        st = er_profile_add_endpoint(p, c->endpoints.v[i], d);
    for (int k = 0; k < ER_PC_COUNT; k++)
        for (size_t i = 0; st == ER_OK && i < c->nexthops[k].n; i++)
            st = er_profile_add_nexthop(p, (er_pathclass)k, c->nexthops[k].v[i], d);
    /* flag errors carry no file name: say which command */
    for (size_t i = 0; i < er_diags_count(d); i++) {
        const er_diag *g = er_diags_get(d, i);
        if (!g->file)
            cli_err("%s: %s", c->cmd, g->msg);
    }
    er_diags *rest = er_diags_new(0);
    for (size_t i = 0; rest && i < er_diags_count(d); i++) {
        const er_diag *g = er_diags_get(d, i);
        if (g->file)
            er_diags_add(rest, g->level, g->file, g->line, g->col, "%s", g->msg);
    }
    er_diags_free(d);
    if (rest) {
        cli_print_diags(rest, 0);
        er_diags_free(rest);
    }
    if (st == ER_ERR_NOMEM)
        cli_err("out of memory");
    return st == ER_OK;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The selection for the environment's regions (the union over them), or without one. */
static bool select_services(cli_ctx *c)
{
    const er_profile *p = c->profile;
    size_t n_regions = p->n_regions;
    er_diags *d = er_diags_new(0);
    if (!d) {
        cli_err("out of memory");
        return false;
    }
    er_status st = ER_OK;
    for (size_t r = 0; st == ER_OK && r < (n_regions ? n_regions : 1); r++) {
        size_t *sel = NULL, n = 0;
        st = er_catalog_select(c->cat, c->services, n_regions ? p->regions[r]->code : NULL, &sel,
                               &n, d);
        if (st != ER_OK)
            break;
        size_t *all = realloc(c->sel, (c->n_sel + n + 1) * sizeof *all);
        if (!all) {
            free(sel);
            st = ER_ERR_NOMEM;
            break;
        }
        memcpy(all + c->n_sel, sel, n * sizeof *sel);
        c->sel = all;
        c->n_sel += n;
        free(sel);
    }
    if (!print_and_check(d, st))
        return false;
    /* union: sort by index, drop repeats, then back to name order */
    qsort(c->sel, c->n_sel, sizeof *c->sel, cmp_size);
    size_t k = 0;
    for (size_t i = 0; i < c->n_sel; i++)
        if (!k || c->sel[k - 1] != c->sel[i])
            c->sel[k++] = c->sel[i];
    c->n_sel = k;
    for (size_t i = 1; i < k; i++) { /* insertion sort by name: selections are small */
        size_t v = c->sel[i], j = i;
        const char *nv = er_catalog_service(c->cat, v)->name;
        while (j && strcmp(er_catalog_service(c->cat, c->sel[j - 1])->name, nv) > 0) {
            c->sel[j] = c->sel[j - 1];
            j--;
        }
        c->sel[j] = v;
    }
    if (!c->n_sel) {
        cli_err("%s: the selection '%s' matches no service", c->cmd, c->services);
        return false;
    }
    return true;
}

int cli_ctx_next(cli_ctx *c, cli_parser *p)
{
    for (;;) {
        int id = cli_next(p);
        if (id == CLI_HELP)
            cli_help(p, stdout);
        if (id < 0)
            return id;
        int r = cli_ctx_option(c, id, p->optarg);
        if (r < 0)
            return CLI_ERROR;
        if (r == 0)
            return id;
    }
}

bool cli_ctx_prepare(cli_ctx *c)
{
    if (c->input_format && !er_parser_find(c->input_format)) {
        cli_err("unknown input format '%s' (see 'erready formats')", c->input_format);
        return false;
    }
    c->profile = er_profile_new();
    if (!c->profile) {
        cli_err("out of memory");
        return false;
    }
    if (c->profile_path) {
        er_diags *d = er_diags_new(0);
        if (!d) {
            cli_err("out of memory");
            return false;
        }
        if (!print_and_check(d, er_profile_load_file(c->profile, c->profile_path, d)))
            return false;
    }
    if (!apply_flags(c))
        return false;
    int rc = EXIT_USAGE;
    cli_phase_mark(NULL);
    c->cat = cli_load_catalog(c->data, c->max_age, c->warn_age, &rc);
    if (!c->cat) {
        c->exit_code = rc;
        return false;
    }
    if (c->m365 && !load_m365(c))
        return false;
    bool ok = select_services(c);
    cli_phase_mark("catalog");
    return ok;
}

/* ---- running ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files of a folder (regular files, not hidden, sorted by name) appended as malloc'd
 * paths into out; or the path itself when it is not a folder. */
static bool expand(const char *path, cli_strlist *out, cli_strlist *owned)
{
    struct stat st;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return cli_strlist_push(out, (char *)path);
    DIR *dir = opendir(path);
    if (!dir) {
        cli_err("cannot open folder '%s': %s", path, strerror(errno));
        return false;
    }
    size_t first = out->n;
    bool ok = true;
    for (struct dirent *de; ok && (de = readdir(dir));) {
        if (de->d_name[0] == '.')
            continue;
        size_t n = strlen(path) + strlen(de->d_name) + 2;
        char *full = malloc(n);
        if (!full) {
            ok = false;
            break;
        }
        snprintf(full, n, "%s/%s", path, de->d_name);
        struct stat fs;
        if (stat(full, &fs) != 0 || !S_ISREG(fs.st_mode)) {
            free(full);
            continue;
        }
        ok = cli_strlist_push(owned, full) && cli_strlist_push(out, full);
        if (!ok)
            free(full);
    }
    closedir(dir);
    if (!ok) {
        cli_err("out of memory");
        return false;
    }
    if (out->n == first) {
        cli_err("folder '%s' holds no route file", path);
        return false;
    }
    qsort(out->v + first, out->n - first, sizeof *out->v, cmp_str);
    return true;
}

static void free_owned(cli_strlist *owned)
{
    for (size_t i = 0; i < owned->n; i++)
        free(owned->v[i]);
    cli_strlist_free(owned);
}

void cli_run_free(cli_run *run)
{
    er_analysis_free(run->analysis);
    er_rtable_free(run->routes);
    er_rtable_free(run->adv);
    er_rtable_free(run->inet);
    memset(run, 0, sizeof *run);
}

bool cli_ctx_run(cli_ctx *c, const er_profile *p, char **paths, size_t n, bool folders,
                 cli_run *run)
{
    memset(run, 0, sizeof *run);
    cli_strlist files = {0}, owned = {0};
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++)
        ok = folders ? expand(paths[i], &files, &owned) : cli_strlist_push(&files, paths[i]);
    if (ok) {
        cli_progress_begin(files.v, files.n);
        run->routes = cli_load_routes(files.v, files.n, c->input_format, c->vrf, c->strict,
                                      c->verbose);
        cli_progress_end();
        cli_phase_mark("routes");
    }
    ok = ok && run->routes;
    if (ok && p->n_advertised) {
        char **adv = malloc(p->n_advertised * sizeof *adv);
        if (!adv) {
            cli_err("out of memory");
            ok = false;
        } else {
            for (size_t i = 0; i < p->n_advertised; i++)
                adv[i] = (char *)p->advertised[i].path;
            run->adv = cli_load_routes(adv, p->n_advertised, NULL, NULL, c->strict, c->verbose);
            free(adv);
            ok = run->adv != NULL;
        }
    }
    if (ok && p->n_internet_advertised) {
        run->inet = cli_load_routes(p->internet_advertised, p->n_internet_advertised, NULL, NULL,
                                    c->strict, c->verbose);
        ok = run->inet != NULL;
    }
    if (ok) {
        er_analyze_opts o;
        er_analyze_opts_init(&o);
        o.classify.rules = p->rules;
        o.profile = p;
        o.advertised = run->adv;
        o.internet_advertised = run->inet;
        er_status st = er_analyze(c->cat, c->sel, c->n_sel, run->routes, &o, &run->analysis);
        cli_phase_mark("analyze");
        if (st != ER_OK) {
            cli_err("%s: analysis failed: %s", c->cmd, er_status_str(st));
            ok = false;
        }
    }
    cli_strlist_free(&files);
    free_owned(&owned);
    if (!ok)
        cli_run_free(run);
    return ok;
}

/* ---- output ---- */

void cli_ctx_report_opts(const cli_ctx *c, er_report_opts *o)
{
    er_report_opts_init(o);
    o->tool_version = ERREADY_VERSION;
    o->fail_on = c->fail_on;
}

er_status cli_render_buffer(char *out, size_t len,
                            bool (*write)(void *ctx, const char *buf, size_t len), void *ctx)
{
    if (!out)
        return ER_ERR_NOMEM;
    bool ok = write(ctx, out, len);
    free(out);
    return ok ? ER_OK : ER_ERR_IO;
}

bool cli_ctx_write(cli_ctx *c, cli_render_fn render, void *arg, bool views_only)
{
    return cli_ctx_write_opts(c, render, arg, views_only, NULL);
}

bool cli_ctx_write_opts(cli_ctx *c, cli_render_fn render, void *arg, bool views_only,
                        const er_report_opts *base)
{
    er_report_opts ro;
    if (base)
        ro = *base;
    else
        cli_ctx_report_opts(c, &ro);
    size_t n_out = c->outputs.n ? c->outputs.n : 1;
    for (size_t i = 0; i < n_out; i++) {
        const char *path = c->outputs.n ? c->outputs.v[i] : NULL;
        er_report_format f;
        if (!er_report_format_from_path(path, &f))
            f = c->format;
        if (views_only && !er_report_views_support(f)) {
            cli_err("%s: this report is available as text or json, not %s", c->cmd,
                    er_report_format_name(f));
            return false;
        }
        bool to_stdout = !path || strcmp(path, "-") == 0;
        ro.color = f == ER_REPORT_TEXT && to_stdout && cli_use_color(stdout, c->color);
        ro.max_findings_text = f == ER_REPORT_TEXT && to_stdout && !c->verbose ? 50 : 0;
        cli_out out;
        if (!cli_out_open(&out, path))
            return false;
        er_status st = render(f, &ro, arg, cli_out_write, &out);
        if (st != ER_OK) {
            if (st == ER_ERR_NOMEM)
                cli_err("out of memory rendering the report");
            else if (st != ER_ERR_IO) /* a write error has been told already */
                cli_err("cannot render the report as %s", er_report_format_name(f));
            cli_out_abort(&out);
            return false;
        }
        if (!cli_out_commit(&out))
            return false;
    }
    return true;
}
