/* CLI helpers shared by `check` and `baseline`: dates and timestamps (SOURCE_DATE_EPOCH
 * aware), input hashing for report evidence, baselines, and the progress line. */
#ifndef ER_CLI_REPORTING_H
#define ER_CLI_REPORTING_H

#include <stdbool.h>
#include <stddef.h>

#include "erready/baseline.h"
#include "erready/report.h"

/* Today's UTC date "YYYY-MM-DD" into buf (>= 11 bytes); SOURCE_DATE_EPOCH overrides the
 * clock. False (message printed) when SOURCE_DATE_EPOCH is set but not a number. */
bool cli_today(char *buf, size_t size);
/* The current UTC time "YYYY-MM-DDTHH:MM:SSZ" (same override). */
bool cli_timestamp(char *buf, size_t size);

/* SHA-256 of every route-table file that is a regular file (NULL for others) as a
 * malloc'd array of malloc'd strings for er_report_opts.input_sha256; NULL on failure
 * (message printed). Free with cli_free_hashes. */
char **cli_hash_inputs(const er_rtable *t);
void cli_free_hashes(char **h, size_t n);

/* Load a baseline file; prints diagnostics; NULL on any error. */
er_baseline *cli_load_baseline(const char *path);

/* A transient progress line on stderr, only when stderr is a terminal and the inputs are
 * large: cli_progress_begin prints "erready: reading N files (X MB)..." before loading,
 * cli_progress_end erases it. Nothing happens when output is piped. */
void cli_progress_begin(char **paths, size_t n);
void cli_progress_step(const char *what);
void cli_progress_end(void);

int cmd_baseline(int argc, char **argv);

#endif
