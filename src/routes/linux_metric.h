/* The Linux kernel's route choice for the Linux parsers (ip route text and JSON, route -n):
 * within one table, only the lowest metric of a prefix forwards. */
#ifndef ER_ROUTES_LINUX_METRIC_H
#define ER_ROUTES_LINUX_METRIC_H

#include "routes/parse_util.h"

/* Apply the rule to the routes [first, end) of the table: ER_RF_BEST is cleared (and the
 * best count lowered) on every route of a VRF/table and prefix whose metric is above the
 * lowest one. ER_ERR_NOMEM if the sort keys cannot be allocated. */
er_status linux_metric_pass(pu_state *pu, size_t first);

#endif
