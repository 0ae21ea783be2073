/* Printing shared by 'erready update' and 'erready data' (defined in cmd_data.c). */
#ifndef ER_CLI_CMD_DATA_H
#define ER_CLI_CMD_DATA_H

#include <stdio.h>

#include "erready/update.h"

/* Text summary of a feed diff: totals, then up to max_sets changed sets (0 = all), the
 * largest first when max_sets limits them, else by name; each prefix too when prefixes. */
void data_print_diff(FILE *f, const er_feed_diff *d, size_t max_sets, bool prefixes,
                     const char *indent);
/* "3.2 days", "unknown" into buf. */
const char *data_age_str(const er_dataset_info *i, time_t now, char *buf, size_t size);
/* One line describing a dataset version: "changeNumber 376, 2025-11-03, file.json". */
const char *data_version_str(const er_dataset_info *i, char *buf, size_t size);

#endif
