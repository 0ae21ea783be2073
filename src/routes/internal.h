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

/* ---- batch junos-frr-linux-bird (h5): parsers and their shared helpers ---- */
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

/* In parse_junos_frr_linux_bird_common.c. A skipped line: one warning quoting it,
 * stats->skipped incremented. */
void er_routes_skip(er_parse_ctx *ctx, uint32_t line, const char *s, const char *e,
                    const char *why);
/* An invalid address where a route needs one: one error (column from lbeg), the line
 * counted as skipped. The caller makes the parse return ER_ERR_PARSE. */
void er_routes_bad_addr(er_parse_ctx *ctx, uint32_t line, const char *lbeg, const char *s,
                        const char *e, const char *what, er_addr_err err);
/* All of [s,e) as a prefix (a bare address is a host prefix unless require_len). Host bits
 * are cleared with a warning and ER_RF_HOSTBITS added to *flags; returns ER_ADDR_OK then. */
er_addr_err er_routes_prefix(er_parse_ctx *ctx, uint32_t line, const char *lbeg, const char *s,
                             const char *e, bool require_len, er_prefix *out, uint8_t *flags);
/* All of [s,e) as one address. */
bool er_routes_addr(const char *s, const char *e, er_prefix *out);
/* True when routes of this VRF (len 0 = default) pass ctx->vrf_filter ("default" or ""
 * selects the default VRF). */
bool er_routes_vrf_wanted(const er_parse_ctx *ctx, const char *vrf, size_t len);
/* er_rtable_intern that clears *ok on no memory and returns {0,0} for len 0. */
er_strref er_routes_intern(er_parse_ctx *ctx, const char *s, size_t len, bool *ok);
/* Append r (file, line set here) and count it in the stats. */
er_status er_routes_push(er_parse_ctx *ctx, er_route *r, uint32_t line);
/* Protocol from a word such as "BGP", "Static", "ospf6", "kernel"; OTHER if unknown. */
er_proto er_routes_proto_word(const char *s, const char *e);
/* True for a line of blanks only. */
bool er_routes_blank(const char *s, const char *e);
/* True for a blank line, a pager mark, a device or shell prompt with a command, or a
 * timestamp line. */
bool er_routes_prompt_or_noise(const char *s, const char *e);
/* Linux kernel rule over the routes [first, end) of the table: within one VRF/table only
 * the lowest metric of a prefix forwards; ER_RF_BEST is cleared on the others. */
er_status er_routes_linux_metric_pass(er_parse_ctx *ctx, size_t first);
/* JSON documents (cJSON stays out of this header). Convention: when the document parses,
 * every line of the file counts as understood; when it does not, one error names the line
 * and column where it broke and every line counts as skipped. */
struct cJSON;
/* Parse [start,end) (inside buf, for line numbers); only blanks may follow the document. */
er_status er_routes_json_parse(er_parse_ctx *ctx, const char *buf, size_t len,
                               const char *start, const char *end, struct cJSON **out);
/* Lines as er_lines counts them. */
uint64_t er_routes_count_all_lines(const char *buf, size_t len);
/* Line locator: a forward-only search in the raw text that tells the line of the next
 * occurrence of a needle (the walk over the parsed document is in document order). */
typedef struct er_jline {
    const char *p, *end;
    uint32_t line;
} er_jline;
void er_routes_jline_init(er_jline *j, const char *buf, size_t len);
/* Moves to the next occurrence of needle and returns its line (the current line when
 * absent). */
uint32_t er_routes_jline_seek(er_jline *j, const char *needle, size_t n);
/* Member accessors: string or NULL; bool as 1/0, -1 absent, -2 not a bool; number that
 * fits in uint32. */
const char *er_routes_json_str(const struct cJSON *obj, const char *key);
int er_routes_json_bool(const struct cJSON *obj, const char *key);
bool er_routes_json_u32(const struct cJSON *obj, const char *key, uint32_t *out);
/* ---- end batch junos-frr-linux-bird ---- */

#endif
