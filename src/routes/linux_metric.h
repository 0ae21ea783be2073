/* The Linux kernel's route choice for the Linux parsers (ip route text and JSON, route -n):
 * within one table, only the lowest metric of a prefix forwards. */
#ifndef ER_ROUTES_LINUX_METRIC_H
#define ER_ROUTES_LINUX_METRIC_H

#include "routes/parse_util.h"

/* At the end of a parse, apply the rule to the routes of this file: ER_RF_BEST is cleared
 * (and the best count lowered) on every route of a VRF/table and prefix whose metric is
 * above the lowest one. Then the parse's status (pu_finish); ER_ERR_NOMEM if the sort keys
 * cannot be allocated. */
er_status linux_finish(pu_state *pu);

#endif
