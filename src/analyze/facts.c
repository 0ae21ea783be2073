/* ExpressRoute facts the profile refers to: SKUs, peering locations (geopolitical area and
 * ExpressRoute Local regions), Power Platform geographies and their region pairs, and the
 * words a route filter may name (regional and service BGP communities). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erready/profile.h"
#include "util/strbuf.h"

const char *er_sku_name(er_sku s)
{
    static const char *const names[] = {"unknown", "local", "standard", "premium"};
    return (unsigned)s < ER_ARRAY_LEN(names) ? names[s] : "unknown";
}

/* A place name's key: case, spaces, '-', '_', '(' and ')' do not count. */
static bool fact_key(const char *s, char *key, size_t size)
{
    return er_name_key(s, " -_()", key, size);
}

static bool same_fact(const char *name, const char *key)
{
    char k[64];
    return fact_key(name, k, sizeof k) && strcmp(k, key) == 0;
}

bool er_sku_parse(const char *s, er_sku *out)
{
    char key[32];
    if (!s || !fact_key(s, key, sizeof key))
        return false;
    for (int i = ER_SKU_LOCAL; i <= ER_SKU_PREMIUM; i++)
        if (strcmp(key, er_sku_name((er_sku)i)) == 0) {
            *out = (er_sku)i;
            return true;
        }
    return false;
}

/* Peering locations of the commercial cloud: ../shared/data/expressroute_peering_locations_2023-02.csv
 * (zone, ExpressRoute Local regions, as Service Tags region codes) joined with the
 * geopolitical areas of expressroute_geopolitical_2024-04.csv. Locations only the newer
 * geopolitical table lists (Madrid2, Milan2, Tel Aviv2, Zurich2) have zone 0 and no Local
 * facts; Bogota and Portland are in no area of that table. */
static const er_location_info locations[] = {
    {"Abu Dhabi", "UAE", {"uaecentral", NULL}, 3},
    {"Amsterdam", "Europe", {"westeurope", NULL}, 1},
    {"Amsterdam2", "Europe", {"westeurope", NULL}, 1},
    {"Atlanta", "North America", {NULL, NULL}, 1},
    {"Auckland", "Oceania", {NULL, NULL}, 2},
    {"Bangkok", "Asia", {NULL, NULL}, 2},
    {"Berlin", "Europe", {"germanyn", NULL}, 1},
    {"Bogota", NULL, {NULL, NULL}, 4},
    {"Busan", "South Korea", {"koreasouth", NULL}, 2},
    {"Campinas", "South America", {"brazilsouth", NULL}, 3},
    {"Canberra", "Australia Government", {"australiacentral", NULL}, 1},
    {"Canberra2", "Australia Government", {"australiacentral2", NULL}, 1},
    {"Cape Town", "South Africa", {"southafricawest", NULL}, 3},
    {"Chennai", "India", {"southindia", NULL}, 2},
    {"Chennai2", "India", {"southindia", NULL}, 2},
    {"Chicago", "North America", {"northcentralus", NULL}, 1},
    {"Chicago2", "North America", {"northcentralus", NULL}, 1},
    {"Copenhagen", "Europe", {NULL, NULL}, 1},
    {"Dallas", "North America", {NULL, NULL}, 1},
    {"Denver", "North America", {"westcentralus", NULL}, 1},
    {"Doha", "Qatar", {"qatarcentral", NULL}, 3},
    {"Doha2", "Qatar", {"qatarcentral", NULL}, 3},
    {"Dubai", "UAE", {"uaenorth", NULL}, 3},
    {"Dubai2", "UAE", {"uaenorth", NULL}, 3},
    {"Dublin", "Europe", {"northeurope", NULL}, 1},
    {"Dublin2", "Europe", {"northeurope", NULL}, 1},
    {"Frankfurt", "Europe", {"germanywc", NULL}, 1},
    {"Frankfurt2", "Europe", {"germanywc", NULL}, 1},
    {"Geneva", "Europe", {"switzerlandw", NULL}, 1},
    {"Hong Kong", "Asia", {"eastasia", NULL}, 2},
    {"Hong Kong2", "Asia", {"eastasia", NULL}, 2},
    {"Jakarta", "Asia", {NULL, NULL}, 4},
    {"Johannesburg", "South Africa", {"southafricanorth", NULL}, 3},
    {"Kuala Lumpur", "Asia", {NULL, NULL}, 2},
    {"Las Vegas", "North America", {NULL, NULL}, 1},
    {"London", "Europe", {"uksouth", NULL}, 1},
    {"London2", "Europe", {"uksouth", NULL}, 1},
    {"Los Angeles", "North America", {NULL, NULL}, 1},
    {"Los Angeles2", "North America", {NULL, NULL}, 1},
    {"Madrid", "Europe", {"westeurope", NULL}, 1},
    {"Madrid2", "Europe", {NULL, NULL}, 0},
    {"Marseille", "Europe", {"southfrance", NULL}, 1},
    {"Melbourne", "Oceania", {"australiasoutheast", NULL}, 2},
    {"Miami", "North America", {NULL, NULL}, 1},
    {"Milan", "Europe", {NULL, NULL}, 1},
    {"Milan2", "Europe", {NULL, NULL}, 0},
    {"Minneapolis", "North America", {NULL, NULL}, 1},
    {"Montreal", "North America", {NULL, NULL}, 1},
    {"Mumbai", "India", {"westindia", NULL}, 2},
    {"Mumbai2", "India", {"westindia", NULL}, 2},
    {"Munich", "Europe", {NULL, NULL}, 1},
    {"New York", "North America", {NULL, NULL}, 1},
    {"Newport(Wales)", "Europe", {"ukwest", NULL}, 1},
    {"Osaka", "Japan", {"japanwest", NULL}, 2},
    {"Oslo", "Europe", {"norwaye", NULL}, 1},
    {"Paris", "Europe", {"centralfrance", NULL}, 1},
    {"Paris2", "Europe", {"centralfrance", NULL}, 1},
    {"Perth", "Oceania", {NULL, NULL}, 2},
    {"Phoenix", "North America", {"westus3", NULL}, 1},
    {"Portland", NULL, {"westus2", NULL}, 1},
    {"Pune", "India", {"centralindia", NULL}, 2},
    {"Quebec City", "North America", {"canadaeast", NULL}, 1},
    {"Queretaro (Mexico)", "North America", {NULL, NULL}, 4},
    {"Quincy", "North America", {"westus2", NULL}, 1},
    {"Rio de Janeiro", "South America", {"brazilse", NULL}, 3},
    {"San Antonio", "North America", {"southcentralus", NULL}, 1},
    {"Santiago", "South America", {NULL, NULL}, 3},
    {"Sao Paulo", "South America", {"brazilsouth", NULL}, 3},
    {"Sao Paulo2", "South America", {"brazilsouth", NULL}, 3},
    {"Seattle", "North America", {"westus2", NULL}, 1},
    {"Seoul", "South Korea", {"koreacentral", NULL}, 2},
    {"Seoul2", "South Korea", {"koreacentral", NULL}, 2},
    {"Silicon Valley", "North America", {"westus", NULL}, 1},
    {"Silicon Valley2", "North America", {"westus", NULL}, 1},
    {"Singapore", "Asia", {"southeastasia", NULL}, 2},
    {"Singapore2", "Asia", {"southeastasia", NULL}, 2},
    {"Stavanger", "Europe", {"norwayw", NULL}, 1},
    {"Stockholm", "Europe", {"swedencentral", NULL}, 1},
    {"Sydney", "Oceania", {"australiaeast", NULL}, 2},
    {"Sydney2", "Oceania", {"australiaeast", NULL}, 2},
    {"Taipei", "Asia", {NULL, NULL}, 2},
    {"Tel Aviv", "Israel", {NULL, NULL}, 2},
    {"Tel Aviv2", "Israel", {NULL, NULL}, 0},
    {"Tokyo", "Japan", {"japaneast", NULL}, 2},
    {"Tokyo2", "Japan", {"japaneast", NULL}, 2},
    {"Tokyo3", "Japan", {"japaneast", NULL}, 2},
    {"Toronto", "North America", {"canadacentral", NULL}, 1},
    {"Toronto2", "North America", {"canadacentral", NULL}, 1},
    {"Vancouver", "North America", {NULL, NULL}, 1},
    {"Warsaw", "Europe", {NULL, NULL}, 1},
    {"Washington DC", "North America", {"eastus", "eastus2"}, 1},
    {"Washington DC2", "North America", {"eastus", "eastus2"}, 1},
    {"Zurich", "Europe", {"switzerlandn", NULL}, 1},
    {"Zurich2", "Europe", {NULL, NULL}, 0},
};

const er_location_info *er_location_lookup(const char *name)
{
    char key[64];
    if (!name || !fact_key(name, key, sizeof key))
        return NULL;
    for (size_t i = 0; i < ER_ARRAY_LEN(locations); i++)
        if (same_fact(locations[i].name, key))
            return &locations[i];
    return NULL;
}

size_t er_location_count(void) { return ER_ARRAY_LEN(locations); }

const er_location_info *er_location_at(size_t i)
{
    return i < ER_ARRAY_LEN(locations) ? &locations[i] : NULL;
}

/* Power Platform geographies whose Azure region pair the Power Automate regions overview
 * names (FACTS section 5). Other geographies: give the regions themselves. */
static const er_geography_info geographies[] = {
    {"Asia", {"eastasia", "southeastasia"}},
    {"Canada", {"canadacentral", "canadaeast"}},
    {"Europe", {"westeurope", "northeurope"}},
    {"France", {"centralfrance", "southfrance"}},
    {"Germany", {"germanyn", "germanywc"}},
    {"Japan", {"japaneast", "japanwest"}},
    {"United States", {"westus", "eastus"}},
};

const er_geography_info *er_geography_lookup(const char *name)
{
    char key[64];
    if (!name || !fact_key(name, key, sizeof key))
        return NULL;
    if (strcmp(key, "us") == 0 || strcmp(key, "usa") == 0 || strcmp(key, "northamerica") == 0)
        return &geographies[6];
    for (size_t i = 0; i < ER_ARRAY_LEN(geographies); i++)
        if (same_fact(geographies[i].name, key))
            return &geographies[i];
    return NULL;
}

size_t er_geography_count(void) { return ER_ARRAY_LEN(geographies); }

const er_geography_info *er_geography_at(size_t i)
{
    return i < ER_ARRAY_LEN(geographies) ? &geographies[i] : NULL;
}

/* Service communities of Microsoft peering (expressroute-routing.md). */
static const struct {
    uint32_t community;
    const char *name;
} service_names[] = {
    {5010, "Exchange Online"},  {5020, "SharePoint Online"},     {5030, "Skype for Business / Teams"},
    {5040, "CRM Online"},       {5050, "Azure Global Services"}, {5060, "Microsoft Entra ID"},
    {5070, "Azure Resource Manager"}, {5100, "Other Office 365"}, {5220, "Defender for Identity"},
    {5250, "PSTN"},
};

const char *er_community_name(uint32_t n)
{
    for (size_t i = 0; i < ER_ARRAY_LEN(service_names); i++)
        if (service_names[i].community == n)
            return service_names[i].name;
    for (size_t i = 0; n && i < er_region_count(); i++) {
        const er_region_info *r = er_region_at(i);
        if (r->community_mspeer == n)
            return r->display[0] ? r->display : r->code;
    }
    return NULL;
}

static const struct {
    const char *word;
    uint32_t community;
} service_words[] = {
    {"exchange", 5010},       {"exchangeonline", 5010}, {"sharepoint", 5020},
    {"sharepointonline", 5020}, {"skype", 5030},        {"teams", 5030},
    {"crm", 5040},            {"crmonline", 5040},      {"azureglobal", 5050},
    {"azuredevops", 5050},    {"entra", 5060},          {"entraid", 5060},
    {"azuread", 5060},        {"azureactivedirectory", 5060}, {"arm", 5070},
    {"azureresourcemanager", 5070}, {"otheroffice365", 5100}, {"office365", 5100},
    {"defenderidentity", 5220}, {"defenderforidentity", 5220},
};

uint32_t er_community_lookup(const char *word, const char **why)
{
    static const char *unknown = "neither a region, a service community name nor 12076:N";
    *why = unknown;
    if (!word)
        return 0;
    const char *p = word;
    if (strncmp(p, "12076:", 6) == 0)
        p += 6;
    if (*p >= '0' && *p <= '9') {
        char *end;
        unsigned long v = strtoul(p, &end, 10);
        if (*end || v == 0 || v > 65535) {
            *why = "a community must be 12076:N with N from 1 to 65535";
            return 0;
        }
        if (p == word && v < 1000) {
            *why = "give a community as 12076:N";
            return 0;
        }
        return (uint32_t)v;
    }
    if (p != word) {
        *why = "a community must be 12076:N with N from 1 to 65535";
        return 0;
    }
    char key[64];
    if (fact_key(word, key, sizeof key))
        for (size_t i = 0; i < ER_ARRAY_LEN(service_words); i++)
            if (strcmp(key, service_words[i].word) == 0)
                return service_words[i].community;
    const er_region_info *r = er_region_lookup(word);
    if (r) {
        if (!r->community_mspeer) {
            *why = "no regional community is documented for this region: give it as 12076:N "
                   "(Get-AzBgpServiceCommunity lists it)";
            return 0;
        }
        return r->community_mspeer;
    }
    return 0;
}
