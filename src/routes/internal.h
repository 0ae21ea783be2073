/* Module-private declarations of src/routes: the table layout and parser helpers. */
#ifndef ER_ROUTES_INTERNAL_H
#define ER_ROUTES_INTERNAL_H

#include "erready/routes.h"

struct er_rtable {
    er_route *routes;
    size_t n_routes, cap_routes;
    char *arena;
    size_t arena_len, arena_cap;
    er_rfile *files;
    size_t n_files, cap_files;
};

er_rfile *er_rtable_add_file(er_rtable *t, const char *path);
void er_rtable_set_format(er_rfile *f, const char *name);

/* The parsers, defined one per file in src/routes/parse_*.c. */
extern const er_parser er_parser_ios_bgp;
extern const er_parser er_parser_ios_route;
extern const er_parser er_parser_plain;
/* batch cisco-arista (h4): NX-OS, IOS-XR, ASA, EOS */
extern const er_parser er_parser_nxos_route;
extern const er_parser er_parser_nxos_bgp;
extern const er_parser er_parser_nxos_forwarding;
extern const er_parser er_parser_xr_route;
extern const er_parser er_parser_xr_bgp;
extern const er_parser er_parser_asa_route;
extern const er_parser er_parser_eos_route;
extern const er_parser er_parser_eos_bgp;
extern const er_parser er_parser_eos_route_json;
extern const er_parser er_parser_eos_bgp_json;

#endif
