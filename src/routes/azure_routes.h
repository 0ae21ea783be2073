/* What the Azure route parsers (JSON, az table, PowerShell) share (az_*): ExpressRoute
 * best-path groups, next hops with the best-path star, AS path text, effective-route
 * protocols and section VRF names. */
#ifndef ER_ROUTES_AZURE_ROUTES_H
#define ER_ROUTES_AZURE_ROUTES_H

#include "routes/parse_util.h"

/* ExpressRoute route tables (list-route-tables, Get-AzExpressRouteCircuitRouteTable)
 * print every path the MSEE holds and mark the best one with a '*' after the next hop.
 * A run of consecutive rows with the same prefix is one group: the starred rows are
 * best; a group without a star (a prefix with a single path prints none) makes its
 * first row best. */
typedef struct az_group {
    bool open;
    bool starred; /* some row of the group had the star */
    er_prefix prefix;
    const char *vrf_id; /* identity of the table the group belongs to */
    size_t first;       /* table index of the group's first kept route, SIZE_MAX if none */
} az_group;

/* An empty group state. */
static inline void az_group_init(az_group *g)
{
    memset(g, 0, sizeof *g);
    g->first = SIZE_MAX;
}

/* Close the open group (marking its first route best when nothing was starred). */
void az_group_close(pu_state *pu, az_group *g);

/* Push an ExpressRoute row: closes the group when prefix or table (vrf_id) changes, sets
 * best from the star, records the route's index. A row the VRF filter drops still
 * advances the group. */
er_status az_group_push(pu_state *pu, az_group *g, er_route *r, bool starred, const char *vrf_id);

/* The prefix [s,e) (already checked, host bits already reported) into r->prefix, host
 * bits cleared with ER_RF_HOSTBITS. */
void az_quiet_prefix(const char *s, const char *e, er_route *r);

/* Split a next hop "10.0.0.1*" into address and star. Returns 1 ok, 0 not an address
 * (*bad = true when it looks like a mistyped address), with *nh filled on success. */
int az_next_hop(const char *s, const char *e, er_prefix *nh, bool *starred, bool *bad);

/* AS path as printed by Azure: "65515", "64512 12076 ?", "65515 I", "65520-65520-65001"
 * (vWAN, dash-separated) or empty. The trailing origin code is dropped and dashes
 * become blanks; the result is interned into *out ({0,0} if empty). Returns 1 ok,
 * 0 not an AS path, -1 out of memory. */
int az_as_path(pu_state *pu, const char *s, const char *e, er_strref *out);

/* az_as_path into r->as_path, with a warning (col) when [s,e) is not an AS path: the
 * route is kept without one. False only when out of memory. */
bool az_read_as_path(pu_state *pu, uint32_t line, uint32_t col, const char *s, const char *e,
                     er_route *r);

/* Effective routes: protocol from the source ("Default", "User",
 * "VirtualNetworkGateway") and the next hop type ("VnetLocal", "None", ...). */
er_proto az_effective_proto(const char *src_s, const char *src_e, const char *nht_s,
                            const char *nht_e);
/* True if the next hop type drops traffic ("None"). */
bool az_nht_is_discard(const char *s, const char *e);

/* Make the VRF named by up to three parts joined by '/' (empty parts skipped, at most
 * 256 bytes) the current one. */
void az_set_vrf(pu_state *pu, const char *a, size_t an, const char *b, size_t bn, const char *c,
                size_t cn);

#endif
