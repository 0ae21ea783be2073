/* Junos fields read alike from `show route` text, `| display json` and `| display xml`
 * (junos_*): route table names, protocol names and AS path text. */
#ifndef ER_ROUTES_JUNOS_FIELDS_H
#define ER_ROUTES_JUNOS_FIELDS_H

#include "routes/parse_util.h"

/* A unicast forwarding table: "inet.0" and "inet6.0" (default VRF, *vs = *ve = NULL) or
 * "INSTANCE.inet.0" / "INSTANCE.inet6.0" (VRF [*vs,*ve) = INSTANCE). False for other
 * tables (inet.3, mpls.0, bgp.l3vpn.0, ...). */
bool junos_unicast_table(const char *s, const char *e, const char **vs, const char **ve);

/* Protocol of a Junos protocol name ("BGP", "Direct", "OSPF3", "Access-internal"). */
er_proto junos_proto(const char *s, const char *e);

/* "AS path: 12076 65001 I, validation-state: unverified" or "12076 65001 I" ->
 * "12076 65001": the label, what follows a comma or a line end, and the origin letter
 * (I, E, ?) are dropped. */
void junos_aspath(const char *s, const char *e, const char **os, const char **oe);

#endif
