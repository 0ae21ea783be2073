/* Route tables read from router exports: the route model, the table, format detection
 * and the parser registry.
 * Ownership: an er_rtable owns its routes, strings and file records. Strings returned by
 * er_rtable_str are valid while the table lives. Parsers never allocate per line: they
 * append routes into the table's growing arrays and strings into its arena. */
#ifndef ERREADY_ROUTES_H
#define ERREADY_ROUTES_H

#include "erready/addr.h"
#include "erready/diag.h"

/* Routing protocol or source of a route. */
typedef enum er_proto {
    ER_PROTO_UNKNOWN = 0,
    ER_PROTO_BGP,       /* BGP, eBGP or iBGP not known */
    ER_PROTO_EBGP,
    ER_PROTO_IBGP,
    ER_PROTO_STATIC,
    ER_PROTO_CONNECTED,
    ER_PROTO_LOCAL,
    ER_PROTO_OSPF,
    ER_PROTO_ISIS,
    ER_PROTO_EIGRP,
    ER_PROTO_RIP,
    ER_PROTO_KERNEL,
    ER_PROTO_OTHER,
    ER_PROTO_COUNT
} er_proto;

const char *er_proto_name(er_proto p); /* "bgp", "static", ... */

/* Path classes (DESIGN.md section 2). ER_PC_UNROUTED is used for address space that
 * no route covers; a route itself is never unrouted. ER_PC_UNSET: not classified yet. */
typedef enum er_pathclass {
    ER_PC_EXPRESSROUTE = 0,
    ER_PC_INTERNET,
    ER_PC_INTERNAL,
    ER_PC_VPN,
    ER_PC_DISCARD,
    ER_PC_UNROUTED,
    ER_PC_COUNT,
    ER_PC_UNSET = 0xff
} er_pathclass;

const char *er_pathclass_name(er_pathclass c); /* "expressroute", "internet", ... */

/* A string in the table's arena: offset and length; {0,0} = absent. */
typedef struct er_strref {
    uint32_t off;
    uint32_t len;
} er_strref;

/* Route flags. */
#define ER_RF_BEST 0x01       /* best / installed: this route forwards */
#define ER_RF_HAS_NH 0x02     /* next_hop is set */
#define ER_RF_DISCARD 0x04    /* Null0 / blackhole / reject / unreachable */
#define ER_RF_HAS_METRIC 0x08
#define ER_RF_HAS_LOCPREF 0x10
#define ER_RF_HAS_DISTANCE 0x20
#define ER_RF_HOSTBITS 0x40   /* the source printed host bits; they were cleared */

typedef struct er_route {
    er_prefix prefix;
    er_u128 next_hop;     /* valid when ER_RF_HAS_NH; family = prefix family unless nh_family says */
    uint8_t nh_family;    /* ER_AF_V4/ER_AF_V6 or 0 */
    uint8_t proto;        /* er_proto */
    uint8_t path_class;   /* er_pathclass, ER_PC_UNSET until classified */
    uint8_t flags;        /* ER_RF_* */
    uint32_t metric;
    uint32_t locpref;
    uint32_t distance;
    er_strref as_path;    /* "12076 65001 {1,2}" as printed, without origin code */
    er_strref communities;/* space-separated, e.g. "12076:51004 65000:1" */
    er_strref iface;      /* outgoing interface name */
    er_strref vrf;        /* VRF / routing instance / table name; absent = default */
    uint32_t file;        /* index into the table's files */
    uint32_t line;        /* 1-based line of the route (its first line) */
} er_route;

/* Parse statistics for one input file. */
typedef struct er_parse_stats {
    uint64_t lines;      /* total lines */
    uint64_t understood; /* route lines, headers, legends, blank lines */
    uint64_t skipped;    /* lines not understood (each has a diagnostic) */
    uint64_t routes;     /* routes added (best and non-best) */
    uint64_t best;       /* best routes added */
} er_parse_stats;

typedef struct er_rfile {
    const char *path;    /* as given by the user */
    const char *format;  /* parser name that read it */
    er_parse_stats stats;
} er_rfile;

typedef struct er_rtable er_rtable;

er_rtable *er_rtable_new(void);
void er_rtable_free(er_rtable *t);

size_t er_rtable_count(const er_rtable *t);
er_route *er_rtable_at(er_rtable *t, size_t i);
const er_route *er_rtable_get(const er_rtable *t, size_t i);
size_t er_rtable_file_count(const er_rtable *t);
const er_rfile *er_rtable_file(const er_rtable *t, size_t i);

/* The text of a string reference (not NUL-terminated: use ref.len); "" if absent. */
const char *er_rtable_str(const er_rtable *t, er_strref ref);

/* Copy [s, s+len) into the arena. {0,0} for len 0. Sets *ok=false on no memory. */
er_strref er_rtable_intern(er_rtable *t, const char *s, size_t len, bool *ok);

/* Append a route (copied); returns its slot or NULL on no memory. */
er_route *er_rtable_push(er_rtable *t, const er_route *r);

/* ---- parsing ---- */

/* State handed to a parser for one file. */
typedef struct er_parse_ctx {
    er_rtable *table;
    er_diags *diags;
    const char *path;    /* file name for diagnostics */
    uint32_t file;       /* index of this file in the table */
    er_parse_stats *stats;
    const char *vrf_filter; /* keep only routes of this VRF (NULL = all) */
} er_parse_ctx;

typedef struct er_parser {
    const char *name;   /* stable id, e.g. "ios-bgp"; used by --input-format */
    const char *title;  /* "Cisco IOS/IOS-XE show ip bgp / show bgp ipv6 unicast" */
    const char *hint;   /* one line: what detection looks for */
    /* Score 0-100: how sure the parser is that buf (the first part of a file)
     * is its format. 0 = certainly not. */
    int (*detect)(const char *buf, size_t len);
    /* Parse the whole buffer. Returns ER_OK, or ER_ERR_PARSE when the input is unusable
     * (details in ctx->diags), ER_ERR_NOMEM. Lines not understood are counted in
     * ctx->stats->skipped with a warning each; they do not fail the parse. */
    er_status (*parse)(er_parse_ctx *ctx, const char *buf, size_t len);
} er_parser;

/* The registry: all parsers, NULL-terminated order of preference. */
const er_parser *const *er_parsers(void);
const er_parser *er_parser_find(const char *name);

/* Best-scoring parser for this content, or NULL if none scores above zero. */
const er_parser *er_detect_format(const char *buf, size_t len);

/* Read a file (or "-" for stdin) completely and parse it into the table with the given
 * parser, or the detected one when parser is NULL. Errors (cannot open, a directory,
 * no format detected) go to diags with the path. */
er_status er_rtable_load(er_rtable *t, const char *path, const er_parser *parser,
                         const char *vrf_filter, er_diags *diags);

/* Parse an in-memory buffer as if it were the file `name`. */
er_status er_rtable_load_buffer(er_rtable *t, const char *name, const char *buf, size_t len,
                                const er_parser *parser, const char *vrf_filter,
                                er_diags *diags);

/* ---- line iteration shared by parsers ---- */

/* A cursor over lines of a buffer. Handles \n, \r\n, and lone \r; strips a trailing \r. */
typedef struct er_lines {
    const char *p;
    const char *end;
    uint32_t lineno; /* line number of the line last returned */
} er_lines;

static inline void er_lines_init(er_lines *it, const char *buf, size_t len)
{
    it->p = buf;
    it->end = buf + len;
    it->lineno = 0;
}

/* Next line into [*s, *e). False at end of buffer. */
bool er_lines_next(er_lines *it, const char **s, const char **e);

#endif
