/* erready: the command-line front end; dispatches to one subcommand per file. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/reporting.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"check", cmd_check, "coverage and findings: where Power Platform traffic really goes"},
    {"explain", cmd_explain, "why traffic to one address or prefix takes the path it does"},
    {"diff", cmd_diff, "what a routing change moves between ExpressRoute and internet"},
    {"baseline", cmd_baseline, "write a baseline of accepted findings, or prune one"},
    {"routes", cmd_routes, "what erready understood of route files, with parse coverage"},
    {"formats", cmd_formats, "the route formats erready reads and how it detects them"},
    {"services", cmd_services, "the service catalog and its data version"},
    {"bundle", cmd_bundle, "extract a Service Tags subset (builds the bundled snapshot)"},
    {"update", cmd_update, "fetch fresh Microsoft data into the cache"},
    {"data", cmd_data, "the data in use and its age; diffs between feed versions"},
    {"version", cmd_version, "print erready's version"},
    {NULL, NULL, NULL},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: erready COMMAND [ARGS...]\n\n"
               "Does your routing send Microsoft Power Platform traffic over Azure ExpressRoute?\n\n"
               "commands:\n");
    for (const command *c = commands; c->name; c++)
        fprintf(f, "  %-10s %s\n", c->name, c->summary);
    fprintf(f, "\n'erready COMMAND --help' describes a command. Exit codes: 0 ready, 1 findings "
               "at or above --fail-on,\n2 usage or input error, 3 stale or missing data.\n");
}

int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("erready %s\n", ERREADY_VERSION);
    return EXIT_READY;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return EXIT_READY;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
        return cmd_version(argc - 1, argv + 1);
    for (const command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c->run(argc - 1, argv + 1);
    cli_err("unknown command '%s' (see 'erready --help')", name);
    return EXIT_USAGE;
}
