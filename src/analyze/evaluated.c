/* Which rules a finished analysis could evaluate, from the inputs it was run with: the
 * tables of advertisements and the profile (circuits, NAT pools, sessions, endpoints).
 * Each rule's condition mirrors the code that produces its findings (analyze.c,
 * advertised.c), so "evaluated" means "would have reported a problem had there been one". */
#include "analyze/internal.h"

#include <string.h>

/* Does some circuit say which regions it reaches or which communities it lets through? */
static bool circuit_scope_known(const er_profile *p)
{
    for (size_t i = 0; p && i < p->n_circuits; i++) {
        const er_circuit *c = &p->circuits[i];
        if (c->has_route_filter || c->sku == ER_SKU_PREMIUM)
            return true;
        if (c->sku == ER_SKU_STANDARD && c->location && c->location->geo_area)
            return true;
        if (c->sku == ER_SKU_LOCAL && c->location)
            return true;
    }
    return false;
}

/* Missing inputs of sessions-differ: both sessions of one circuit must be told apart
 * (advertised.c maps files to sessions only when the profile lists every file). */
static unsigned sessions_missing(const er_analysis *a)
{
    const er_profile *p = a->profile;
    if (!a->adv)
        return ER_INPUT_ADVERTISED | ER_INPUT_ADVERTISED_SECONDARY;
    if (!p || p->n_advertised != er_rtable_file_count(a->adv))
        return ER_INPUT_ADVERTISED_SECONDARY;
    bool any_primary = false;
    for (size_t i = 0; i < p->n_advertised; i++) {
        bool prim = false, sec = false;
        for (size_t j = 0; j < p->n_advertised; j++) {
            if (p->advertised[j].circuit != p->advertised[i].circuit)
                continue;
            prim |= p->advertised[j].role == ER_SESSION_PRIMARY;
            sec |= p->advertised[j].role == ER_SESSION_SECONDARY;
        }
        if (prim && sec)
            return 0;
        any_primary |= prim;
    }
    /* only secondaries: the primary is missing; else a circuit lacks its secondary */
    return any_primary ? ER_INPUT_ADVERTISED_SECONDARY : ER_INPUT_ADVERTISED;
}

unsigned er_analysis_rule_missing(const er_analysis *a, const char *rule_id)
{
    if (!a || !rule_id)
        return 0;
    const er_profile *p = a->profile;
    bool adv = a->adv != NULL, inet = a->inet != NULL;
    bool pools = p && p->n_nat_pools;
    unsigned need_adv = adv ? 0 : ER_INPUT_ADVERTISED;
    if (strcmp(rule_id, ER_RULE_LEAK) == 0)
        return 0;
    if (strcmp(rule_id, ER_RULE_OUT_OF_SCOPE) == 0)
        return circuit_scope_known(p) ? 0 : ER_INPUT_CIRCUIT;
    if (strcmp(rule_id, ER_RULE_ASYM_VIA_ER) == 0)
        return need_adv; /* replies over ExpressRoute need an advertisement to Microsoft */
    if (strcmp(rule_id, ER_RULE_ASYM_VIA_INTERNET) == 0)
        /* NAT pools with only the internet side known return over the internet */
        return adv || (pools && inet) ? 0 : ER_INPUT_ADVERTISED;
    if (strcmp(rule_id, ER_RULE_NAT_BOTH) == 0)
        return need_adv | (inet ? 0 : ER_INPUT_INTERNET_ADVERTISED);
    if (strcmp(rule_id, ER_RULE_SPLIT_SUBNET) == 0)
        return adv || pools ? 0 : ER_INPUT_SOURCES;
    if (strcmp(rule_id, ER_RULE_PRIVATE_PREFIX) == 0 ||
        strcmp(rule_id, ER_RULE_DEFAULT_ROUTE) == 0 || strcmp(rule_id, ER_RULE_TOO_MANY) == 0)
        return need_adv;
    if (strcmp(rule_id, ER_RULE_SESSIONS_DIFFER) == 0)
        return sessions_missing(a);
    if (strcmp(rule_id, ER_RULE_ENDPOINT) == 0)
        return (p && p->n_endpoints ? 0 : ER_INPUT_ENDPOINTS) | need_adv;
    return 0;
}

bool er_analysis_rule_evaluated(const er_analysis *a, const char *rule_id)
{
    if (!a || !rule_id)
        return false;
    size_t n;
    const char *const *ids = er_rule_ids(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], rule_id) == 0)
            return er_analysis_rule_missing(a, rule_id) == 0;
    return false;
}
