/* Microsoft 365 endpoints: the endpoint sets of the endpoints web service (one instance:
 * Worldwide, USGovDoD, USGovGCCHigh or China), with their ExpressRoute flag.
 * Ownership: an er_m365 owns its sets, strings and prefixes; pointers into it are valid
 * while it lives. Nothing here allocates per endpoint beyond the object's own arena. */
#ifndef ERREADY_M365_H
#define ERREADY_M365_H

#include "erready/addr.h"
#include "erready/diag.h"

/* One endpoint set as published. Optional fields absent from the feed are "" (strings)
 * or empty arrays, never NULL. */
typedef struct er_m365_set {
    uint32_t id;                      /* unique within the document, > 0 */
    const char *service_area;         /* "Exchange", "SharePoint", "Skype", "Common", "MEM" */
    const char *service_area_display; /* "Exchange Online", "" when absent */
    const char *category;             /* "Optimize", "Allow" or "Default" */
    bool required;
    bool express_route;               /* routable over ExpressRoute Microsoft peering */
    const char *const *urls;          /* host names and wildcards as published */
    size_t n_urls;
    const er_prefix *prefixes;        /* the "ips" entries in feed order (canonical) */
    size_t n_prefixes, n_v4, n_v6;
    const char *tcp_ports;            /* as published ("80,443", "143, 587, 993, 995"), "" if absent */
    const char *udp_ports;
    const char *notes;
} er_m365_set;

typedef struct er_m365 er_m365;

er_m365 *er_m365_new(void);
void er_m365_free(er_m365 *m);

/* Load an endpoints document (the JSON array the web service returns) into an empty
 * er_m365. `source` names it in diagnostics. Strict: a set without id, serviceArea,
 * category, expressRoute or required, a duplicate id, a malformed or non-canonical
 * prefix, a malformed port list or a field of the wrong type is an error; unknown keys
 * give one note each. On an error nothing is kept and ER_ERR_PARSE is returned. */
er_status er_m365_load(er_m365 *m, const char *source, const char *json, size_t len,
                       er_diags *diags);
/* Same from a file (at most 64 MiB). ER_ERR_IO when it cannot be read. */
er_status er_m365_load_file(er_m365 *m, const char *path, er_diags *diags);

/* The name given to er_m365_load (owned by m), "" before a load. */
const char *er_m365_source(const er_m365 *m);
size_t er_m365_count(const er_m365 *m);
/* Sets in feed order; i < er_m365_count. */
const er_m365_set *er_m365_set_at(const er_m365 *m, size_t i);
/* The set with this id, or NULL. */
const er_m365_set *er_m365_find(const er_m365 *m, uint32_t id);
/* Total prefix entries over all sets. */
size_t er_m365_prefix_total(const er_m365 *m);

/* A port or an inclusive port range from a tcpPorts/udpPorts string. */
typedef struct er_port_range {
    uint16_t lo, hi;
} er_port_range;

/* Parse a port list such as "80,443", "143, 587, 993, 995" or "3478-3481": items
 * separated by commas with optional spaces, each a port 1-65535 or lo-hi with lo <= hi.
 * Writes at most cap ranges to out and the total count to *n (which may exceed cap).
 * "" gives zero ranges. ER_ERR_PARSE on anything else. */
er_status er_m365_ports_parse(const char *s, er_port_range *out, size_t cap, size_t *n);

/* Parse the web service's version answer {"instance":"Worldwide","latest":"2025120100"}.
 * The instance must equal expect_instance (case-insensitive) when that is not NULL;
 * latest must be 10 digits (YYYYMMDDNN). Copies it to latest (>= 11 bytes).
 * ER_ERR_PARSE with a diagnostic naming `source` otherwise. */
er_status er_m365_parse_version(const char *source, const char *json, size_t len,
                                const char *expect_instance, char *latest, size_t size,
                                er_diags *diags);

#endif
