/* The rule table: every finding rule's description, help and checklist section, in one
 * place, in the order of er_rule_ids() (docs/findings.md). A new rule in the analysis adds
 * one row here; whether a run evaluated it comes from the analysis
 * (er_analysis_rule_missing), never from this table. */
#include <stdio.h>
#include <string.h>

#include "report/internal.h"

#define NEEDS_ADV "the prefixes advertised to Microsoft (--advertised)"

static const er_rule_info rules[] = {
    {ER_RULE_LEAK, "ExpressRouteLeak",
     "ExpressRoute-eligible service range routed to the internet",
     "An address range of a Microsoft service that is advertised on ExpressRoute Microsoft "
     "peering is forwarded to the internet by the router's best route. The winning route is "
     "a more specific internet route, a default or static route, an internet path that "
     "beat the ExpressRoute path in best-path selection, or a shorter internet route because "
     "the more specific ExpressRoute route is not installed; or the range was never received "
     "because the route filter lacks its regional community or the circuit's SKU does not "
     "reach a region of the environment. Traffic to that range does not use the circuit.",
     "Receive the range over Microsoft peering: attach a route filter with the regional BGP "
     "communities (12076:51xxx) of the environment's region pair (Power Platform has no "
     "service community). Remove or filter more specific internet routes that cover it, and "
     "make the ExpressRoute path win best-path selection (for example with a higher local "
     "preference). The finding names the winning route and the ExpressRoute route that lost "
     "with their file and line.",
     ER_SEV_HIGH, 1, true, ""},
    {ER_RULE_OUT_OF_SCOPE, "RangeOutOfCircuitScope",
     "Service range the circuit cannot carry",
     "A service range forwarded to the internet that no circuit can carry: its region is "
     "outside every circuit's SKU scope (Local reaches only the local regions of its peering "
     "location, Standard the regions of its geopolitical area), no route filter carries its "
     "regional community, or it is a Microsoft 365 range and no Premium circuit exists. This "
     "is expected internet traffic, reported for completeness (ranges of the environment's "
     "own regions are leaks instead). One finding per service and reason lists every range.",
     "Nothing, if the environment does not use those regions. Otherwise upgrade the circuit "
     "to Premium or add a circuit in the region's geography, and add the regional "
     "communities to the route filter. Microsoft 365 over ExpressRoute is not recommended and "
     "needs Premium plus Microsoft's authorization.",
     ER_SEV_INFO, 5, true,
     "the circuit's SKU and peering location, or its route filter (--sku, --peering-location, "
     "--route-filter)"},
    {ER_RULE_ASYM_VIA_ER, "AsymmetricReturnViaExpressRoute",
     "Requests leave over the internet, replies return over ExpressRoute",
     "Traffic to the service leaves over the internet from a source (NAT pool) that is "
     "advertised to Microsoft over ExpressRoute more specifically than to the internet. "
     "Microsoft's replies come back over ExpressRoute, where the firewall never saw the "
     "request, and are dropped. Without NAT pools every public prefix advertised to "
     "Microsoft is taken as a source of all traffic.",
     "Translate internet-bound traffic into a NAT pool that is never advertised over "
     "ExpressRoute (separate NAT addresses per edge), or carry the service over ExpressRoute.",
     ER_SEV_HIGH, 4, true, NEEDS_ADV},
    {ER_RULE_ASYM_VIA_INTERNET, "AsymmetricReturnViaInternet",
     "Requests leave over ExpressRoute, replies return over the internet",
     "Traffic to the service leaves over ExpressRoute from a source (NAT pool) that is not "
     "advertised to Microsoft over ExpressRoute, or is advertised more specifically to the "
     "internet. Microsoft's replies come back over the internet, where the firewall never "
     "saw the request, and are dropped.",
     "Advertise the pool to Microsoft over ExpressRoute Microsoft peering, more specifically "
     "than to the internet, or translate ExpressRoute-bound traffic into a pool that is.",
     ER_SEV_HIGH, 4, true, NEEDS_ADV},
    {ER_RULE_NAT_BOTH, "NatPoolOnBothPaths",
     "Prefix advertised over ExpressRoute and as specifically to the internet",
     "A prefix advertised to Microsoft over ExpressRoute is also announced to the internet "
     "with a prefix at least as specific. With the same prefix on both, replies from "
     "Microsoft may take either path; with a more specific internet announcement they never "
     "use ExpressRoute. A less specific internet aggregate is fine.",
     "Use a NAT range for ExpressRoute that is never announced to the internet, or announce "
     "a more specific prefix over ExpressRoute than to the internet.",
     ER_SEV_HIGH, 4, false,
     "the prefixes advertised to Microsoft and to the internet (--advertised, "
     "--internet-advertised)"},
    {ER_RULE_SPLIT_SUBNET, "SplitSubnet",
     "One source's traffic split between ExpressRoute and the internet",
     "One source address range used for both edges sends part of its traffic to the selected "
     "services over ExpressRoute and part over the internet. One of the two halves always "
     "has an asymmetric return path; Microsoft's guidance is never to split one subnet "
     "between both paths.",
     "Use a separate NAT pool per edge, advertise only the ExpressRoute one to Microsoft, and "
     "route each service over one path.",
     ER_SEV_MEDIUM, 4, false, "NAT pools or the prefixes advertised to Microsoft (--nat-pool, "
                              "--advertised)"},
    {ER_RULE_PRIVATE_PREFIX, "PrivatePrefixOnMicrosoftPeering",
     "Private prefix advertised on Microsoft peering",
     "An RFC 1918, RFC 6598, loopback, link-local or IPv6 ULA prefix is advertised to "
     "Microsoft on Microsoft peering. Microsoft peering accepts only public prefixes that the "
     "customer owns; private prefixes belong on private peering.",
     "Filter private prefixes out of the Microsoft peering advertisements and translate "
     "private clients to a public NAT pool before Microsoft peering.",
     ER_SEV_HIGH, 3, false, NEEDS_ADV},
    {ER_RULE_DEFAULT_ROUTE, "DefaultRouteOnMicrosoftPeering",
     "Default route advertised on Microsoft peering",
     "The default route (0.0.0.0/0 or ::/0) is advertised to Microsoft on Microsoft "
     "peering. Microsoft accepts the default route only on private peering, and "
     "ExpressRoute is no transit.",
     "Filter the default route out of the Microsoft peering advertisements on both sessions.",
     ER_SEV_HIGH, 3, false, NEEDS_ADV},
    {ER_RULE_TOO_MANY, "TooManyPrefixesOnMicrosoftPeering",
     "More than 200 prefixes on a Microsoft peering session",
     "More than 200 prefixes of one address family are advertised on one Microsoft peering "
     "BGP session. Going over the limit drops the BGP session, and with it every route to "
     "Microsoft over the circuit.",
     "Summarize the advertised NAT pools and public prefixes to at most 200 per session.",
     ER_SEV_CRITICAL, 3, false, NEEDS_ADV},
    {ER_RULE_SESSIONS_DIFFER, "PrimarySecondarySessionsDiffer",
     "Primary and secondary sessions advertise different prefixes",
     "The primary and the secondary BGP session of a circuit's Microsoft peering advertise "
     "different prefixes (medium), or the same prefix with different AS paths (low). Both "
     "sessions are required for the SLA; when one fails, the prefixes only it carried lose "
     "ExpressRoute.",
     "Advertise the same prefixes on both sessions; keep AS paths equal unless the "
     "difference is an intended preference.",
     ER_SEV_MEDIUM, 3, false,
     "the advertisements of both sessions (--advertised, --advertised-secondary)"},
    {ER_RULE_ENDPOINT, "EndpointNotOnExpressRoute",
     "On-premises endpoint not reached over ExpressRoute",
     "An on-premises endpoint that Power Platform calls (a custom connector target, "
     "server-side sync) is reached over ExpressRoute only if its public IP lies inside a "
     "prefix advertised on the circuit's Microsoft peering, not more specifically to the "
     "internet, and, with a Standard or Local circuit, the circuit reaches the environment's "
     "region. This endpoint fails that test (or has a private address), so the calls arrive "
     "over the internet.",
     "Publish the endpoint on a public IP inside a prefix advertised on Microsoft peering "
     "(or accept internet delivery), and treat the traffic as internet traffic either way: "
     "behind a reverse proxy or WAF, since Power Platform is multi-tenant.",
     ER_SEV_MEDIUM, 6, false,
     "the on-premises endpoints and the prefixes advertised to Microsoft (--endpoint, "
     "--advertised)"},
};

const er_rule_info *er_report_rules(size_t *n)
{
    if (n)
        *n = ER_ARRAY_LEN(rules);
    return rules;
}

const er_rule_info *er_report_rule_find(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < ER_ARRAY_LEN(rules); i++)
        if (strcmp(rules[i].id, id) == 0)
            return &rules[i];
    return NULL;
}

const er_rule_info *er_report_rule_or_generic(const char *id, er_rule_info *tmp)
{
    const er_rule_info *r = er_report_rule_find(id);
    if (r)
        return r;
    memset(tmp, 0, sizeof *tmp);
    tmp->id = id;
    tmp->name = id;
    tmp->title = id;
    tmp->description = "A finding of a rule this version of the reports does not describe.";
    tmp->help = "See the finding's message and fix.";
    tmp->severity = ER_SEV_MEDIUM;
    tmp->checklist = 0;
    tmp->per_service = true;
    tmp->needs = "";
    return tmp;
}

bool er_report_rule_evaluated(const er_analysis *a, const char *id)
{
    if (er_report_rule_find(id))
        return er_analysis_rule_evaluated(a, id);
    /* a rule the table does not know: it ran if it produced something */
    for (size_t i = 0; i < er_analysis_finding_count(a); i++)
        if (strcmp(er_analysis_finding(a, i)->rule, id) == 0)
            return true;
    return false;
}

void er_report_rule_missing(const er_analysis *a, const char *id, char *buf, size_t size)
{
    static const struct {
        unsigned bit;
        const char *text;
    } inputs[] = {
        {ER_INPUT_ADVERTISED, "the prefixes advertised to Microsoft (--advertised)"},
        {ER_INPUT_ADVERTISED_SECONDARY,
         "the secondary session's advertisements (--advertised-secondary)"},
        {ER_INPUT_INTERNET_ADVERTISED,
         "the prefixes advertised to the internet (--internet-advertised)"},
        {ER_INPUT_SOURCES, "NAT pools (--nat-pool) or the prefixes advertised to Microsoft "
                           "(--advertised)"},
        {ER_INPUT_CIRCUIT, "the circuit's SKU and peering location, or its route filter "
                           "(--sku with --peering-location, --route-filter)"},
        {ER_INPUT_ENDPOINTS, "the on-premises endpoints Power Platform calls (--endpoint)"},
    };
    unsigned m = er_analysis_rule_missing(a, id);
    size_t n = 0, k = 0, total = 0;
    for (size_t i = 0; i < ER_ARRAY_LEN(inputs); i++)
        total += (m & inputs[i].bit) != 0;
    if (size)
        buf[0] = '\0';
    for (size_t i = 0; i < ER_ARRAY_LEN(inputs); i++) {
        if (!(m & inputs[i].bit) || n >= size)
            continue;
        k++;
        int w = snprintf(buf + n, size - n, "%s%s", k == 1 ? "" : k == total ? " and " : ", ",
                         inputs[i].text);
        if (w < 0)
            break;
        n += (size_t)w;
    }
    if (!total && size && !er_report_rule_evaluated(a, id))
        snprintf(buf, size, "inputs this erready does not know");
}
