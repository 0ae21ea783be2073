/* Helpers shared by the text route parsers (Cisco IOS/IOS-XE now, NX-OS and IOS-XR
 * later, and the plain list): route output with VRF filtering, per-line diagnostics,
 * pager marks, prompts, banners and classful lengths. Nothing here allocates per line. */
#ifndef ER_ROUTES_CISCO_COMMON_H
#define ER_ROUTES_CISCO_COMMON_H

#include "erready/routes.h"

#include "routes/cisco_text.h"

/* Output state of one parse: where routes go, the current VRF and the file's verdict. */
typedef struct rp_out {
    er_parse_ctx *ctx;
    er_status st;           /* ER_OK; ER_ERR_PARSE once an error was reported */
    /* The current VRF (interned; {0,0} = default) and whether ctx->vrf_filter keeps its
     * routes: the filter is NULL, equals the VRF name, or is "default" for no VRF. */
    er_strref vrf_ref;
    bool vrf_keep;
    /* Last interned AS path, reused when the next route prints the same text. */
    const char *path_txt;
    size_t path_len;
    er_strref path_ref;
} rp_out;

/* Start writing routes of ctx's file; the VRF is the default one. */
void rp_out_init(rp_out *o, er_parse_ctx *ctx);

/* Switch the current VRF to [s, s+len) (len 0 = the default VRF); the text is copied
 * into the table once per change. ER_ERR_NOMEM possible. */
er_status rp_set_vrf(rp_out *o, const char *s, size_t len);

/* Intern an AS path text for r (reusing the previous one when equal). */
er_status rp_set_path(rp_out *o, er_route *r, const char *s, size_t len);

/* Add r (file and VRF filled in here) unless the VRF filter drops it; updates
 * routes/best in the stats. ER_ERR_NOMEM on allocation failure. */
er_status rp_emit(rp_out *o, er_route *r);

/* A line that was understood. */
static inline void rp_understood(rp_out *o, uint64_t n) { o->ctx->stats->understood += n; }

/* A line not understood: one warning "<why>: '<text>'" and the skipped count. */
void rp_skip(rp_out *o, uint32_t line, const char *why, const char *s, const char *e);

/* An error about [s,e) at line:col (1-based column, 0 = unknown): the line counts as
 * skipped and the parse will end with ER_ERR_PARSE. */
void rp_error(rp_out *o, uint32_t line, uint32_t col, const char *why, const char *s,
              const char *e);

/* A warning on an understood line (e.g. host bits). */
void rp_warn(rp_out *o, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Copy [s,e) into buf (size >= 8) for a message: at most size-1 bytes, control and
 * non-ASCII bytes shown as '?', "..." appended when cut. Returns buf. */
char *rp_snippet(char *buf, size_t size, const char *s, const char *e);

/* Clear host bits of *p if set: warning naming the written and the masked prefix,
 * returns ER_RF_HOSTBITS (else 0). */
uint8_t rp_fix_hostbits(rp_out *o, er_prefix *p, uint32_t line, uint32_t col);

/* ---- line shapes ---- */

/* Remove a pager mark ("--More--", " --More-- " plus its backspace/blank erase
 * sequence) from the start of [*s,*e). True if one was removed. */
bool rp_strip_pager(const char **s, const char **e);

/* True if [s,e) holds only blanks (spaces, tabs). */
bool rp_is_blank(const char *s, const char *e);

/* True if the token [s,e) is written like an IPv4/IPv6 address or prefix (digits, hex,
 * dots, colons, a slash), so failing to scan it is an error rather than another line. */
bool rp_looks_like_addr(const char *s, const char *e);

/* True if c may follow an address or prefix token (end of token). */
static inline bool rp_addr_delim(const char *p, const char *e)
{
    return p >= e || *p == ' ' || *p == '\t';
}

/* Scan a network or next hop address token at s: on success *p is filled, *next is
 * past it, *has_len tells whether a "/len" was written. Returns the scanner's code;
 * ER_ADDR_TRAILING when the token continues past the address. */
er_addr_err rp_scan_prefix_tok(const char *s, const char *e, er_prefix *p, const char **next,
                               bool *has_len);

/* Is [s,e) a valid AS path printed by a router: ASNs (asplain or asdot), AS sets
 * "{1,2}" and confederation segments "(1 2)" / "[1 2]", balanced. Empty is valid. */
bool rp_valid_as_path(const char *s, const char *e);

#endif
