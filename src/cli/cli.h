/* Front-end plumbing shared by the subcommands: option tables, help, exit codes,
 * printing diagnostics. Only src/cli prints and exits. */
#ifndef ER_CLI_H
#define ER_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "erready/diag.h"

/* Exit codes (docs/exit-codes.md). */
enum {
    EXIT_READY = 0,    /* nothing at or above --fail-on */
    EXIT_FINDINGS = 1, /* findings at or above --fail-on */
    EXIT_USAGE = 2,    /* usage or input error */
    EXIT_STALE = 3     /* data missing or older than --max-age */
};

/* One option of a subcommand. arg: NULL for a flag, else the argument's name for help. */
typedef struct cli_opt {
    const char *name;  /* long name without dashes, e.g. "services" */
    char short_name;   /* 0 if none */
    const char *arg;   /* e.g. "SEL"; NULL = flag */
    const char *help;
    int id;            /* returned by cli_next */
} cli_opt;

typedef struct cli_parser {
    const char *prog;  /* "erready check" */
    const char *usage; /* "ROUTES... [options]" */
    const char *about; /* one paragraph */
    const cli_opt *opts;
    int argc;
    char **argv;
    int i;           /* next argv index */
    bool only_positional;
    const char *optarg;
} cli_parser;

#define CLI_POSITIONAL (-1)
#define CLI_END (-2)
#define CLI_ERROR (-3)
#define CLI_HELP (-4)

/* Initialise over argv (argv[0] is the subcommand name). */
void cli_init(cli_parser *p, const char *prog, const char *usage, const char *about,
              const cli_opt *opts, int argc, char **argv);
/* Next item: an option id (optarg in p->optarg), CLI_POSITIONAL (value in p->optarg),
 * CLI_END, CLI_HELP (-h/--help seen) or CLI_ERROR (message already printed). */
int cli_next(cli_parser *p);
/* Print generated help for the subcommand to f. */
void cli_help(const cli_parser *p, FILE *f);

/* Print "erready: " + message to stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print all diagnostics (file:line:col: level: msg) to stderr, warnings capped at
 * max_warnings (0 = all) with a count of the rest. */
void cli_print_diags(const er_diags *d, size_t max_warnings);

/* An output being written: to path atomically (a temporary file in the same folder,
 * written as the bytes come, then fsync and rename, so that path holds either its old
 * contents or the whole new output), or to stdout for NULL / "-". A path that exists and
 * is no regular file (a pipe, /dev/stdout, /dev/null) is written in place: there is no
 * file to replace, and renaming over it would replace the device or pipe itself. */
typedef struct cli_out {
    const char *path; /* NULL: stdout */
    char *tmp;        /* NULL when written in place */
    int fd;
    bool failed; /* a write failed (message printed) */
} cli_out;

/* Start an output; false on error (message printed). */
bool cli_out_open(cli_out *o, const char *path);
/* Append len bytes (the er_report_render_to write callback, ctx a cli_out); false on error
 * (message printed once). */
bool cli_out_write(void *ctx, const char *buf, size_t len);
/* Finish: on success the output is in place; false on error (message printed, the
 * temporary file removed). */
bool cli_out_commit(cli_out *o);
/* Give up: the temporary file is removed, path keeps its old contents. */
void cli_out_abort(cli_out *o);

/* Write buf to path with the above in one go. False on error (message printed). */
bool cli_write_output(const char *path, const char *buf, size_t len);

/* Subcommands, one file each (src/cli/cmd_<name>.c). */
int cmd_check(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_formats(int argc, char **argv);
int cmd_services(int argc, char **argv);
int cmd_bundle(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_data(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_diff(int argc, char **argv);

/* ---- shared input loading (src/cli/inputs.c) ---- */
#include "erready/catalog.h"
#include "erready/routes.h"

/* Load the catalog: --data FILE when given, else the newest valid cached feed
 * ('erready update'), else the bundled snapshot. Prints diagnostics and warns when the
 * data is older than warn_age days (< 0: never). NULL on failure with *exit_code set:
 * EXIT_USAGE for a bad --data file, EXIT_STALE when no data is usable or it is older than
 * max_age days (< 0: no limit). */
er_catalog *cli_load_catalog(const char *data_path, double max_age, double warn_age,
                             int *exit_code);

/* Load route files into one table with the named parser (NULL = detect) and VRF filter.
 * Prints diagnostics (warnings capped unless verbose). NULL on an input error. */
er_rtable *cli_load_routes(char **paths, size_t n, const char *input_format, const char *vrf,
                           bool strict, bool verbose);

/* ERREADY_TIMING=1: print the wall and CPU time since the previous mark and the peak RSS
 * so far to stderr, labelled `name` (tests/bench reads it); name NULL only sets the mark. */
void cli_phase_mark(const char *name);

/* Parse a next-hop address and append it to *list (prints an error; false on failure). */
bool cli_add_nexthop(er_prefix **list, size_t *n, const char *text);

/* Growable list of strings from repeated options. */
typedef struct cli_strlist {
    char **v;
    size_t n, cap;
} cli_strlist;
bool cli_strlist_push(cli_strlist *l, char *s);
void cli_strlist_free(cli_strlist *l);

/* True when colour should be used on stream f (a TTY, NO_COLOR unset, TERM not dumb). */
bool cli_use_color(FILE *f, const char *mode);

#endif
