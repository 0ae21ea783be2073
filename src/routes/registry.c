/* The parser registry and format detection. */
#include "erready/routes.h"

#include <string.h>

#include "routes/internal.h"

/* Order matters only for ties in detection: more specific formats first. */
static const er_parser *const registry[] = {
    &er_parser_ios_bgp,
    &er_parser_ios_route,
    &er_parser_ios_route_detail,
    /* batch firewall-azure-mrt */
    &er_parser_panos,
    &er_parser_fortigate,
    &er_parser_azure_json,
    &er_parser_azure_table,
    &er_parser_azure_ps,
    &er_parser_bgpdump,
    /* batch junos-frr-linux-bird (h5) */
    &er_parser_junos_route,
    &er_parser_junos_json,
    &er_parser_junos_xml,
    &er_parser_frr_route,
    &er_parser_frr_bgp,
    &er_parser_frr_route_json,
    &er_parser_frr_bgp_json,
    &er_parser_linux_ip,
    &er_parser_linux_ip_json,
    &er_parser_linux_route_n,
    &er_parser_bird,
    /* end batch junos-frr-linux-bird */
    /* batch cisco-arista (h4): NX-OS, IOS-XR, ASA, EOS */
    &er_parser_nxos_route,
    &er_parser_nxos_bgp,
    &er_parser_nxos_forwarding,
    &er_parser_xr_route,
    &er_parser_xr_bgp,
    &er_parser_asa_route,
    &er_parser_eos_route,
    &er_parser_eos_bgp,
    &er_parser_eos_route_json,
    &er_parser_eos_bgp_json,
    &er_parser_plain,
    NULL,
};

const er_parser *const *er_parsers(void) { return registry; }

const er_parser *er_parser_find(const char *name)
{
    for (size_t i = 0; registry[i]; i++)
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    return NULL;
}

const er_parser *er_detect_format(const char *buf, size_t len)
{
    const er_parser *best = NULL;
    int best_score = 0;
    for (size_t i = 0; registry[i]; i++) {
        int s = registry[i]->detect(buf, len);
        if (s > best_score) {
            best_score = s;
            best = registry[i];
        }
    }
    return best;
}
