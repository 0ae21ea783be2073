/* What the Azure parsers (JSON, az table, PowerShell) share: ExpressRoute best-path
 * marks, AS path text, effective-route source and next-hop-type mapping, VRF names. */
#ifndef ER_ROUTES_PARSE_AZURE_COMMON_H
#define ER_ROUTES_PARSE_AZURE_COMMON_H

#include "routes/parse_fwaz.h"

/* ExpressRoute route tables (list-route-tables, Get-AzExpressRouteCircuitRouteTable)
 * print every path the MSEE holds and mark the best one with a '*' after the next hop.
 * A run of consecutive rows with the same prefix is one group: the starred rows are
 * best; a group without a star (a prefix with a single path prints none) makes its
 * first row best. */
typedef struct az_er_group {
    bool open;
    bool starred;      /* some row of the group had the star */
    er_prefix prefix;
    const char *vrf_s; /* identity of the table the group belongs to */
    size_t first;      /* table index of the group's first kept route, SIZE_MAX if none */
} az_er_group;

/* Close the open group (marking its first route best when nothing was starred). */
void er_az_er_group_close(er_parse_ctx *ctx, az_er_group *g);

/* Push an ExpressRoute row: closes the group when prefix or table changes, sets best
 * from the star, records the route's index. keep=false: the row was filtered out (the
 * group still advances). */
er_status er_az_er_group_push(er_parse_ctx *ctx, az_er_group *g, er_route *r, bool starred,
                           const char *vrf_id, bool keep);

/* Split a next hop "10.0.0.1*" into address and star. Returns 1 ok, 0 not an address
 * (*bad = true when it looks like a mistyped address), with *nh filled on success. */
int er_az_next_hop(const char *s, const char *e, er_prefix *nh, bool *starred, bool *bad);

/* AS path as printed by Azure: "65515", "64512 12076 ?", "65515 I", "65520-65520-65001"
 * (vWAN, dash-separated) or empty. The trailing origin code is dropped and dashes
 * become blanks; the result is interned into *out ({0,0} if empty). Returns 1 ok,
 * 0 not an AS path, -1 out of memory. */
int er_az_as_path(er_parse_ctx *ctx, const char *s, const char *e, er_strref *out);

/* Warn that [s,e) on line `line` (starting at ls) is not an AS path: the route is
 * kept without one. */
void er_az_path_warning(er_parse_ctx *ctx, uint32_t line, const char *ls, const char *s,
                     const char *e);

/* Effective routes: protocol from the source ("Default", "User",
 * "VirtualNetworkGateway") and the next hop type ("VnetLocal", "None", ...). */
er_proto er_az_effective_proto(const char *src_s, const char *src_e, const char *nht_s,
                            const char *nht_e);
/* True if the next hop type drops traffic ("None"). */
bool er_az_nht_is_discard(const char *s, const char *e);

/* Intern a VRF name built from up to three parts joined by '/', skipping empty parts
 * (at most 256 bytes; longer names are cut). */
bool er_az_vrf_name(er_parse_ctx *ctx, er_strref *out, const char *a, size_t an, const char *b,
                 size_t bn, const char *c, size_t cn);

#endif
