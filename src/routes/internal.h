/* Module-private declarations of src/routes: the table layout, gzip input and the parsers
 * (their shared toolkit is parse_util.h). */
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
/* Make room for `routes` more routes and `arena_bytes` more arena bytes (a hint from the
 * input size: failure is ignored, the table grows on demand as before). */
void er_rtable_reserve(er_rtable *t, size_t routes, size_t arena_bytes);

/* Move every route of src to the end of dst, their strings copied into dst's arena, with
 * line_base added to their line numbers; src keeps no routes. The pages of src's route
 * array are returned to the system as they are copied, so the move needs little more
 * memory than dst's growth. False on no memory (dst unchanged). */
bool er_rtable_append(er_rtable *dst, er_rtable *src, uint32_t line_base);

/* gzip input (load.c, batch firewall-azure-mrt): true if buf starts with the gzip magic. */
bool er_is_gzip(const char *buf, size_t len);
/* Decompress gzip data (one or more members) into a malloc'd buffer of at most cap bytes.
 * ER_OK with *out (caller frees) and *out_len; otherwise ER_ERR_PARSE (corrupt, truncated,
 * trailing data, over the cap) or ER_ERR_NOMEM, with a static reason in *why. */
er_status er_gunzip(const char *buf, size_t len, size_t cap, char **out, size_t *out_len,
                    const char **why);
/* Cap on the decompressed size of one input file: beyond it the input is rejected. */
#if SIZE_MAX > 0xffffffffu
#define ER_GZIP_MAX ((size_t)4 << 30)
#else
#define ER_GZIP_MAX ((size_t)1 << 30)
#endif

/* The parsers, defined one per file in src/routes/parse_*.c. */
extern const er_parser er_parser_ios_bgp;
extern const er_parser er_parser_ios_route;
extern const er_parser er_parser_ios_route_detail;
extern const er_parser er_parser_plain;
/* batch firewall-azure-mrt */
extern const er_parser er_parser_panos;
extern const er_parser er_parser_fortigate;
extern const er_parser er_parser_azure_json;
extern const er_parser er_parser_azure_table;
extern const er_parser er_parser_azure_ps;
extern const er_parser er_parser_bgpdump;
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

/* batch junos-frr-linux-bird (h5) */
extern const er_parser er_parser_junos_route;
extern const er_parser er_parser_junos_json;
extern const er_parser er_parser_junos_xml;
extern const er_parser er_parser_frr_route;
extern const er_parser er_parser_frr_bgp;
extern const er_parser er_parser_frr_route_json;
extern const er_parser er_parser_frr_bgp_json;
extern const er_parser er_parser_linux_ip;
extern const er_parser er_parser_linux_ip_json;
extern const er_parser er_parser_linux_route_n;
extern const er_parser er_parser_bird;

#endif
