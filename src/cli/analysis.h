/* Options and input loading shared by `check`, `explain` and `diff`: the service
 * selection, the catalog (Service Tags plus Microsoft 365), route and advertisement files,
 * the site profile and the flags that stand in for it, output formats and --fail-on.
 * Each command lists CLI_ANALYSIS_OPTS and CLI_OUTPUT_OPTS in its option table and hands
 * every option id it does not own to cli_ctx_option. */
#ifndef ER_CLI_ANALYSIS_H
#define ER_CLI_ANALYSIS_H

#include "cli/cli.h"
#include "erready/analyze.h"
#include "erready/profile.h"
#include "erready/report.h"

/* Option ids 100-199 belong to this helper. */
enum {
    CA_SERVICES = 100, CA_REGION, CA_GEOGRAPHY, CA_DATA, CA_M365, CA_INPUT_FORMAT, CA_VRF,
    CA_ER_NH, CA_INET_NH, CA_INTERNAL_NH, CA_VPN_NH, CA_STRICT, CA_VERBOSE, CA_PROFILE,
    CA_ADVERTISED, CA_ADVERTISED_SECONDARY, CA_INTERNET_ADVERTISED, CA_SKU, CA_LOCATION,
    CA_ROUTE_FILTER, CA_NAT_POOL, CA_ENDPOINT, CA_FORMAT, CA_OUTPUT, CA_FAIL_ON, CA_COLOR,
    CA_SITE, CA_MAX_AGE, CA_WARN_AGE
};

#define CLI_ANALYSIS_OPTS                                                                          \
    {"services", 's', "SEL", "services to check: tags, families, 'powerplatform' (default), 'all'", CA_SERVICES}, \
    {"region", 0, "REGION", "the Power Platform environment's Azure region, any spelling (repeatable)", CA_REGION}, \
    {"geography", 0, "NAME", "the environment's Power Platform geography: its region pair (Europe, United States, ...)", CA_GEOGRAPHY}, \
    {"data", 0, "FILE", "a Service Tags JSON to use instead of the bundled snapshot", CA_DATA}, \
    {"m365", 0, "FILE", "add a Microsoft 365 endpoints JSON (services M365.<area>.<id>)", CA_M365}, \
    {"profile", 'p', "FILE", "the site profile JSON (docs/profile.md); flags override it", CA_PROFILE}, \
    {"advertised", 'a', "FILE", "what you advertise to Microsoft (primary session; repeatable)", CA_ADVERTISED}, \
    {"advertised-secondary", 0, "FILE", "what the secondary session advertises (repeatable)", CA_ADVERTISED_SECONDARY}, \
    {"internet-advertised", 0, "FILE", "what you advertise to your internet transit (repeatable)", CA_INTERNET_ADVERTISED}, \
    {"sku", 0, "SKU", "the circuit's SKU: local, standard or premium", CA_SKU}, \
    {"peering-location", 0, "LOC", "the circuit's peering location, e.g. Amsterdam", CA_LOCATION}, \
    {"route-filter", 0, "LIST", "the route filter: regions, service names or 12076:N, comma-separated", CA_ROUTE_FILTER}, \
    {"nat-pool", 0, "[EDGE=]PFX", "a source NAT pool; EDGE expressroute, internet or any (repeatable)", CA_NAT_POOL}, \
    {"endpoint", 0, "NAME=IP", "an on-premises endpoint Power Platform calls (repeatable)", CA_ENDPOINT}, \
    {"input-format", 0, "NAME", "read every route file as this format (see 'erready formats')", CA_INPUT_FORMAT}, \
    {"vrf", 0, "NAME", "use only routes of this VRF / routing instance", CA_VRF}, \
    {"er-nexthop", 0, "ADDR", "routes via this next hop are ExpressRoute (repeatable)", CA_ER_NH}, \
    {"internet-nexthop", 0, "ADDR", "routes via this next hop are internet (repeatable)", CA_INET_NH}, \
    {"internal-nexthop", 0, "ADDR", "routes via this next hop are internal (repeatable)", CA_INTERNAL_NH}, \
    {"vpn-nexthop", 0, "ADDR", "routes via this next hop are VPN (repeatable)", CA_VPN_NH}, \
    {"strict", 0, NULL, "treat any route line not understood as an input error", CA_STRICT}, \
    {"verbose", 'v', NULL, "print every warning, not only the first 20", CA_VERBOSE}, \
    {"max-age", 0, "DAYS", "exit 3 when the service data is older than DAYS", CA_MAX_AGE}, \
    {"warn-age", 0, "DAYS", "warn when the service data is older than DAYS (default 14)", CA_WARN_AGE}

#define CLI_OUTPUT_OPTS                                                                            \
    {"format", 'f', "FMT", "output format: text (default), json, sarif, junit, csv, markdown, html (explain, diff, sites: text, json)", CA_FORMAT}, \
    {"output", 'o', "FILE", "write a report to FILE (repeatable; format from the extension, else --format)", CA_OUTPUT}, \
    {"fail-on", 0, "SEV", "exit 1 on findings at or above: info low medium high (default) critical never", CA_FAIL_ON}, \
    {"color", 0, "WHEN", "colour: auto (default), always, never", CA_COLOR}

/* Everything the options said, then what was loaded from it. */
typedef struct cli_ctx {
    const char *cmd;                 /* "check", for messages */
    const char *services, *data, *m365, *input_format, *vrf, *profile_path, *geography;
    const char *sku, *location, *route_filter, *color, *site_label;
    cli_strlist regions, advertised, advertised2, inet_advertised, nat_pools, endpoints, sites;
    cli_strlist nexthops[ER_PC_COUNT];
    cli_strlist outputs;
    er_report_format format;
    er_severity fail_on;
    bool strict, verbose;
    double max_age, warn_age;        /* days; max_age < 0: no limit */
    int exit_code;                   /* set when cli_ctx_prepare fails (2, or 3 for stale data) */
    /* prepared */
    er_catalog *cat;
    size_t *sel, n_sel;
    er_profile *profile;
} cli_ctx;

/* What one analysis run owns: its tables and the analysis borrowing them. */
typedef struct cli_run {
    er_rtable *routes, *adv, *inet;
    er_analysis *analysis;
} cli_run;

void cli_ctx_init(cli_ctx *c, const char *cmd);
void cli_ctx_free(cli_ctx *c);
/* Handle an option of CLI_ANALYSIS_OPTS / CLI_OUTPUT_OPTS: 1 handled, 0 not one of them,
 * -1 bad value (message printed). */
int cli_ctx_option(cli_ctx *c, int id, const char *arg);
/* cli_next for a command taking those options: they are applied to c and skipped, and
 * -h/--help prints the help. Returns one of the command's own option ids, CLI_POSITIONAL,
 * CLI_END, CLI_HELP (help printed: the command ends with EXIT_READY) or CLI_ERROR
 * (message printed: it ends with EXIT_USAGE). */
int cli_ctx_next(cli_ctx *c, cli_parser *p);
/* Load the catalog (and Microsoft 365 feed), the profile with the flags applied, and the
 * selection. false on an error (printed), with c->exit_code set. */
bool cli_ctx_prepare(cli_ctx *c);
/* Load route files (files or folders when folders is true) and the advertisement files of
 * profile p (the top level or a site), then analyse. false on an error (printed); run is
 * then empty. */
bool cli_ctx_run(cli_ctx *c, const er_profile *p, char **paths, size_t n, bool folders,
                 cli_run *run);
void cli_run_free(cli_run *run);
/* A renderer: the report of arg in fmt, into write(ctx, bytes, len) as it is made
 * (er_report_render_to's contract: ER_ERR_IO when write failed, ER_ERR_NOMEM). */
typedef er_status (*cli_render_fn)(er_report_format fmt, const er_report_opts *o, void *arg,
                                   bool (*write)(void *ctx, const char *buf, size_t len),
                                   void *ctx);
/* For renderers that make the whole report in a buffer first: write out (len bytes, from
 * er_report_render_*; NULL: no memory) and free it. */
er_status cli_render_buffer(char *out, size_t len,
                            bool (*write)(void *ctx, const char *buf, size_t len), void *ctx);
/* Write one rendering per -o (or stdout), each streamed into a temporary file renamed
 * over the output when complete. */
bool cli_ctx_write(cli_ctx *c, cli_render_fn render, void *arg, bool views_only);
/* Same, starting from prepared report options (baseline, hashes, site, timestamp). */
bool cli_ctx_write_opts(cli_ctx *c, cli_render_fn render, void *arg, bool views_only,
                        const er_report_opts *base);
/* Report options for the run (version, fail-on, colour decided per output). */
void cli_ctx_report_opts(const cli_ctx *c, er_report_opts *o);

#endif
