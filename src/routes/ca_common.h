/* Helpers shared by the Cisco NX-OS, IOS-XR, ASA and Arista EOS parsers (batch cisco-arista). */
#ifndef ER_ROUTES_CA_COMMON_H
#define ER_ROUTES_CA_COMMON_H

#include "erready/routes.h"

#include "routes/cisco_common.h"
#include "routes/scan.h"

/* Parse state common to every parser of the batch: route output, the current VRF and
 * the verdict live in cisco_common's rp_out; this adds line counting and string reuse. */
typedef struct ca_state {
    er_parse_ctx *ctx;
    rp_out out;
    bool nomem;          /* the table could not grow */
    er_strref cache[4];  /* last interned string per slot (interfaces, AS paths, ...) */
} ca_state;

enum { CA_SLOT_IFACE = 0, CA_SLOT_ASPATH = 1, CA_SLOT_COMM = 2, CA_SLOT_OTHER = 3 };

void ca_init(ca_state *st, er_parse_ctx *ctx);

/* Make [s,e) the current VRF. "default" and the empty name mean the default VRF, which
 * routes carry as an absent name; the filter "default" matches it. */
void ca_set_vrf(ca_state *st, const char *s, const char *e);

/* Line accounting: every line goes through exactly one of these. ca_line_ok counts an
 * understood line; ca_line_skip counts a skipped one with one warning
 * "not understood[: <why>]: '<excerpt>'"; ca_line_error counts a skipped line with the
 * error "<why>: '<token [ts,te)>'" at line:col and makes the parse fail. */
void ca_line_ok(ca_state *st);
void ca_line_skip(ca_state *st, uint32_t line, const char *s, const char *e, const char *why);
void ca_line_error(ca_state *st, uint32_t line, uint32_t col, const char *why, const char *ts,
                   const char *te);

/* Token [s,e) is exactly an address (no length). */
bool ca_addr_token(const char *s, const char *e, er_prefix *out);

/* Outcome of reading a prefix token. */
typedef enum { CA_PFX_OK = 0, CA_PFX_HOSTBITS = 1, CA_PFX_BAD = -1 } ca_pfx;

/* Read token [s,e) (all of it) as "addr/len". Host bits: one warning, bits cleared,
 * CA_PFX_HOSTBITS. Anything else malformed: no diagnostic, CA_PFX_BAD (the caller decides
 * whether the line looked like a route and reports it). line_start is for the column. */
ca_pfx ca_prefix_token(ca_state *st, uint32_t line, const char *line_start, const char *s,
                       const char *e, er_prefix *out);

/* Like ca_prefix_token, but for an address and a dotted netmask (ASA). Non-contiguous
 * masks are CA_PFX_BAD. */
ca_pfx ca_prefix_netmask(ca_state *st, uint32_t line, const char *line_start, const char *as,
                         const char *ae, const char *ms, const char *me, er_prefix *out);

/* Intern [s,e) into the table arena, reusing the last string of the same slot when equal. */
er_strref ca_intern(ca_state *st, int slot, const char *s, const char *e);

/* Append a route: sets vrf and file, honours the VRF filter, counts routes and best.
 * False only when out of memory (also sets st->nomem). */
bool ca_push(ca_state *st, er_route *r);

/* Final status of a parse. */
er_status ca_finish(const ca_state *st);

/* ---- line classifiers ---- */

static inline bool ca_is_blank(const char *s, const char *e) { return rp_is_blank(s, e); }
/* A device prompt, alone or followed by an echoed command that starts like one ("show",
 * "sh", "terminal", "run"): "RP/0/RP0/CPU0:r1#show route", "leaf1# show ip route vrf all".
 * Stricter than cisco_is_prompt: an NX-OS BGP row "s>i10.0.0.0/8" is not a prompt. */
bool ca_is_prompt(const char *s, const char *e);
/* Remove a leading "--More--" pager mark and the backspaces/blanks that erase it. */
static inline bool ca_strip_more(const char **s, const char **e) { return rp_strip_pager(s, e); }
/* Lines every parser accepts as noise: blank, timestamp banner, prompt. */
bool ca_is_noise(const char *s, const char *e);
/* An uptime such as "04:43:54", "1w2d", "2y49w", "0.000000", "00:00:01". */
bool ca_is_uptime(const char *s, const char *e);
/* "[distance/metric]" exactly. */
bool ca_dist_metric(const char *s, const char *e, uint32_t *dist, uint32_t *metric);
/* Legend continuation: indented and holding "X - name" pairs. */
bool ca_is_legend_cont(const char *s, const char *e);

/* Split "a, b, c" at the next comma: field [*fs,*fe) trimmed; advances *p past the comma.
 * False when nothing is left. */
bool ca_next_field(const char **p, const char *e, const char **fs, const char **fe);

/* Case-sensitive: does [s,e) start with w, then end or a non-alphanumeric char? */
bool ca_word(const char *s, const char *e, const char *w);

/* ---- Cisco BGP tables (NX-OS show ip bgp, IOS-XR show bgp) ---- */

/* Column layout from the header "Network  Next Hop  Metric LocPrf Weight Path". */
typedef struct ca_bgpcols {
    bool valid;
    int nh;          /* first column of Next Hop */
    int metric_end;  /* one past the last column of each right-aligned number */
    int locpref_end;
    int weight_end;
} ca_bgpcols;

/* Recognise a Cisco BGP table header and record its columns (valid stays false when the
 * header words are run together, as in output whose blanks were collapsed). */
bool ca_bgp_header(const char *s, const char *e, ca_bgpcols *c);

typedef enum { CA_DIALECT_NXOS, CA_DIALECT_XR } ca_dialect;

/* A Cisco BGP table reader: rows with status codes, prefix, continuation rows without a
 * prefix, prefixes wrapped onto their own line, and next hops wrapped before the numbers. */
typedef struct ca_bgp {
    ca_state *st;
    ca_dialect dialect;
    ca_bgpcols cols;
    bool have_prefix;     /* pfx holds the prefix continuation rows belong to */
    er_prefix pfx;
    bool pfx_hostbits;
    bool wrap_prefix;     /* a prefix alone on its line: the next hop follows */
    char wrap_status[3];
    uint32_t wrap_line;
    bool wrap_fields;     /* a next hop ended its line: the numbers follow */
    er_route pend;        /* the route waiting for its numbers */
    char pend_type;
    bool warned_guess;
    uint64_t n_prefixes, n_paths; /* read since the last "Processed" line */
} ca_bgp;

void ca_bgp_init(ca_bgp *b, ca_state *st, ca_dialect d);
/* Forget the current prefix (new table, new VRF). */
void ca_bgp_reset(ca_bgp *b);

/* Try [s,e) as a table row. Returns 0 when it is not a row (the caller goes on
 * classifying), 1 when the row was handled (line accounted for). */
int ca_bgp_row(ca_bgp *b, uint32_t line, const char *s, const char *e);

/* A line still pending at the end of input: report it. */
void ca_bgp_end(ca_bgp *b);

#endif
