/* The rule table: every finding rule's description, help and checklist section, in one
 * place. A new rule in the analysis adds one row here (and flips `evaluated`). */
#include <stdio.h>
#include <string.h>

#include "report/internal.h"

static const er_rule_info rules[] = {
    {"leak", "ExpressRouteLeak",
     "ExpressRoute-eligible service range routed to the internet",
     "An address range of a Microsoft service that is advertised on ExpressRoute Microsoft "
     "peering is forwarded to the internet by the router's best route. The winning route is "
     "a more specific internet route, a default or static route, or an internet path that "
     "beat the ExpressRoute path in best-path selection. Traffic to that range does not use "
     "the circuit, and when the source NAT pool is advertised over ExpressRoute its replies "
     "come back asymmetrically.",
     "Receive the range over Microsoft peering: attach a route filter with the regional BGP "
     "communities (12076:51xxx) of the environment's region pair (Power Platform has no "
     "service community). Remove or filter more specific internet routes that cover it, and "
     "make the ExpressRoute path win best-path selection (for example with a higher local "
     "preference). The finding names the winning route and the ExpressRoute route that lost "
     "with their file and line.",
     ER_SEV_HIGH, 1, true, true, ""},
    {"asymmetric-return-via-expressroute", "AsymmetricReturnViaExpressRoute",
     "Replies take the other path than requests",
     "The forward path of a service range and the path of its replies differ: traffic to "
     "the range leaves over the internet while the source NAT prefix is advertised to "
     "Microsoft over ExpressRoute (replies return over ExpressRoute), or it leaves over "
     "ExpressRoute while the source is not advertised there (replies return over the "
     "internet). Stateful firewalls drop such replies.",
     "Use different NAT addresses on the internet edge and on the ExpressRoute edge, "
     "advertise over ExpressRoute only the NAT pools whose traffic goes out over it, and "
     "publish unique public prefixes per circuit.",
     ER_SEV_HIGH, 4, true, false, "the prefixes advertised to Microsoft (--advertised)"},
    {"out-of-scope", "RegionOutOfCircuitScope",
     "Service region outside the circuit's SKU scope",
     "The service's region cannot be reached through the circuit's SKU: a Local circuit "
     "receives only the routes of the local region(s) of its peering location, a Standard "
     "circuit only the regions of the same geopolitical area; other regions need Premium. "
     "Traffic to that region falls back to the internet.",
     "Upgrade the circuit to Premium, add a circuit in the region's geography, or check "
     "that the Power Platform environment's region pair lies in the circuit's geopolitical "
     "area.",
     ER_SEV_MEDIUM, 5, true, false, "the circuit's SKU and peering location (--sku, --peering-location)"},
    {"nat-pool-on-both-paths", "NatPoolOnBothPaths",
     "NAT pool advertised to the internet and over ExpressRoute",
     "The same public prefix (a NAT pool) is advertised both to the internet and to "
     "Microsoft over ExpressRoute, without a more specific prefix on ExpressRoute. Replies "
     "from Microsoft can take either path, which breaks stateful inspection.",
     "Use a NAT range that is never announced to the internet for ExpressRoute, or announce "
     "a more specific prefix over ExpressRoute than on the internet.",
     ER_SEV_HIGH, 4, false, false, "the prefixes advertised to Microsoft (--advertised)"},
    {"split-subnet", "SplitSubnet",
     "One subnet's traffic split between ExpressRoute and the internet",
     "Traffic from one source subnet reaches Microsoft partly over ExpressRoute and partly "
     "over the internet. Microsoft's guidance is never to split one subnet between both "
     "paths: replies and session affinity break.",
     "Route each subnet's Microsoft traffic over one path only, or give the two paths "
     "different NAT addresses.",
     ER_SEV_MEDIUM, 4, false, false, "the prefixes advertised to Microsoft (--advertised)"},
    {"private-prefix-on-microsoft-peering", "PrivatePrefixOnMicrosoftPeering",
     "Private prefix advertised on Microsoft peering",
     "An RFC 1918, RFC 6598 or IPv6 ULA prefix is advertised to Microsoft on Microsoft "
     "peering. Microsoft peering accepts only public addresses that the customer owns; "
     "private prefixes are accepted only on private peering.",
     "Filter private prefixes out of the Microsoft peering advertisements and SNAT clients "
     "to public addresses before they enter Microsoft peering.",
     ER_SEV_HIGH, 3, false, false, "the prefixes advertised to Microsoft (--advertised)"},
    {"default-route-on-microsoft-peering", "DefaultRouteOnMicrosoftPeering",
     "Default route advertised on Microsoft peering",
     "The default route (0.0.0.0/0 or ::/0) is advertised to Microsoft on Microsoft "
     "peering. Microsoft accepts the default route only on private peering, and "
     "ExpressRoute cannot act as a transit router.",
     "Remove the default route from the Microsoft peering advertisements.",
     ER_SEV_HIGH, 3, false, false, "the prefixes advertised to Microsoft (--advertised)"},
    {"too-many-prefixes", "TooManyPrefixesOnMicrosoftPeering",
     "More than 200 prefixes on a Microsoft peering session",
     "More than 200 prefixes are advertised on one Microsoft peering BGP session. Going "
     "over the limit drops the BGP session, and with it every route to Microsoft over the "
     "circuit.",
     "Summarize the advertised NAT pools and public prefixes to at most 200 per session.",
     ER_SEV_CRITICAL, 3, false, false, "the prefixes advertised to Microsoft (--advertised)"},
    {"sessions-differ", "PrimarySecondarySessionsDiffer",
     "Primary and secondary sessions advertise different prefixes",
     "The primary and the secondary BGP session of the Microsoft peering advertise "
     "different prefixes. Both sessions are required for the SLA; when one fails, the "
     "prefixes only the failed one carried lose ExpressRoute.",
     "Advertise the same prefixes on both sessions (prepending on one of them is fine).",
     ER_SEV_MEDIUM, 3, false, false, "the advertisements of both sessions (--advertised)"},
    {"endpoint-not-on-expressroute", "EndpointNotOnExpressRoute",
     "On-premises endpoint not reachable over ExpressRoute",
     "An on-premises endpoint that Power Platform calls (a custom connector target, "
     "server-side sync) is reached over ExpressRoute only if its public IP lies inside a "
     "prefix advertised on the circuit's Microsoft peering and, with a Standard circuit, in "
     "the same geography as the environment. This endpoint fails that test, so the calls "
     "arrive over the internet.",
     "Publish the endpoint on a public IP inside a prefix advertised on Microsoft peering "
     "(or accept internet delivery), and treat the traffic as internet traffic either way: "
     "behind a reverse proxy or WAF, since Power Platform is multi-tenant.",
     ER_SEV_MEDIUM, 6, false, false, "the list of on-premises endpoints (--endpoints)"},
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
    tmp->evaluated = true;
    tmp->needs = "";
    return tmp;
}
