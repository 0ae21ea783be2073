/* The Cisco fixed-width BGP table reader shared by NX-OS "show ip bgp" and IOS-XR
 * "show bgp" (cisco_bgp_*). IOS and FRR print look-alike tables but differ in status codes,
 * classful networks and how they align numbers; their parsers keep their own readers. */
#ifndef ER_ROUTES_CISCO_BGP_TABLE_H
#define ER_ROUTES_CISCO_BGP_TABLE_H

#include "routes/parse_util.h"

/* Column layout from the header "Network  Next Hop  Metric LocPrf Weight Path". */
typedef struct cisco_bgpcols {
    bool valid;
    int nh;         /* first column of Next Hop */
    int metric_end; /* one past the last column of each right-aligned number */
    int locpref_end;
    int weight_end;
} cisco_bgpcols;

/* Recognise a Cisco BGP table header and record its columns (valid stays false when the
 * header words are run together, as in output whose blanks were collapsed). */
bool cisco_bgp_header(const char *s, const char *e, cisco_bgpcols *c);

typedef enum { CISCO_BGP_NXOS, CISCO_BGP_XR } cisco_bgp_dialect;

/* A Cisco BGP table reader: rows with status codes, prefix, continuation rows without a
 * prefix, prefixes wrapped onto their own line, and next hops wrapped before the numbers. */
typedef struct cisco_bgp {
    pu_state *pu;
    cisco_bgp_dialect dialect;
    cisco_bgpcols cols;
    bool have_prefix; /* pfx holds the prefix continuation rows belong to */
    er_prefix pfx;
    bool pfx_hostbits;
    bool wrap_prefix; /* a prefix alone on its line: the next hop follows */
    char wrap_status[3];
    uint32_t wrap_line;
    bool wrap_fields; /* a next hop ended its line: the numbers follow */
    er_route pend;    /* the route waiting for its numbers */
    char pend_type;
    bool warned_guess;
    uint64_t n_prefixes, n_paths; /* read since the last "Processed" line */
} cisco_bgp;

void cisco_bgp_init(cisco_bgp *b, pu_state *pu, cisco_bgp_dialect d);
/* Forget the current prefix (new table, new VRF). */
void cisco_bgp_reset(cisco_bgp *b);

/* Try [s,e) as a table row. Returns 0 when it is not a row (the caller goes on
 * classifying), 1 when the row was handled (line accounted for). */
int cisco_bgp_row(cisco_bgp *b, uint32_t line, const char *s, const char *e);

/* A line still pending at the end of input: report it. */
void cisco_bgp_end(cisco_bgp *b);

/* The VRF of a "Route Distinguisher: RD ... (<mark>NAME)" line: NAME when mark is there
 * (NX-OS "(VRF ", IOS-XR "(default for vrf "), else the RD itself, into [*vs,*ve).
 * 1 done, 0 not such a line, -1 the parenthesis is not closed. */
int cisco_rd_vrf(const char *s, const char *e, const char *mark, const char **vs, const char **ve);

#endif
