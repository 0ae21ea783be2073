/* The Azure region table: every spelling of a region, its regional BGP community and its
 * ExpressRoute geopolitical area. */
#include "erready/catalog.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

/* Facts carried over from ../shared/data/regions_servicetags_bgp.csv (regionId, Service Tags
 * region code, tag suffix, ExpressRoute doc display name, Microsoft-peering regional
 * community 12076:N) and expressroute_geopolitical_2024-04.csv (area). ARM names differ from
 * the Service Tags codes for the twelve regions whose codes are abbreviated
 * (centralfrance = francecentral, germanyn = germanynorth, ...). US Government and China
 * rows come from those feeds and the national-cloud community table of the routing doc.
 * northeurope2 and brazilne appear only as AzureCloud.<code> tags: no other facts known. */
#define PUB "Public"
#define GOV "AzureGovernment"
#define CN "China"
#define R(id, code, suffix, display, arm, community, area, cloud)                                  \
    {                                                                                              \
        code, suffix, display, arm, community, area, id, cloud                                     \
    }

static const er_region_info regions[] = {
    R(1, "eastasia", "EastAsia", "East Asia", "eastasia", 51010, "Asia", PUB),
    R(2, "southeastasia", "SoutheastAsia", "Southeast Asia", "southeastasia", 51011, "Asia", PUB),
    R(3, "australiaeast", "AustraliaEast", "Australia East", "australiaeast", 51015, "Oceania",
      PUB),
    R(4, "australiasoutheast", "AustraliaSoutheast", "Australia Southeast", "australiasoutheast",
      51016, "Oceania", PUB),
    R(6, "indonesiacentral", "IndonesiaCentral", "Indonesia Central", "indonesiacentral", 0, NULL,
      PUB),
    R(8, "taiwannorth", "TaiwanNorth", "Taiwan North", "taiwannorth", 0, NULL, PUB),
    R(9, "brazilsouth", "BrazilSouth", "Brazil South", "brazilsouth", 51014, "South America", PUB),
    R(10, "chilec", "ChileCentral", "Chile Central", "chilecentral", 0, NULL, PUB),
    R(11, "canadacentral", "CanadaCentral", "Canada Central", "canadacentral", 51020,
      "North America", PUB),
    R(12, "canadaeast", "CanadaEast", "Canada East", "canadaeast", 51021, "North America", PUB),
    R(16, "northeurope2", "", "", "northeurope2", 0, NULL, PUB),
    R(17, "northeurope", "NorthEurope", "North Europe", "northeurope", 51003, "Europe", PUB),
    R(18, "westeurope", "WestEurope", "West Europe", "westeurope", 51002, "Europe", PUB),
    R(19, "centralfrance", "FranceCentral", "France Central", "francecentral", 51030, "Europe",
      PUB),
    R(20, "southfrance", "FranceSouth", "France South", "francesouth", 51031, "Europe", PUB),
    R(21, "centralindia", "CentralIndia", "India Central", "centralindia", 51017, "India", PUB),
    R(22, "southindia", "SouthIndia", "India South", "southindia", 51019, "India", PUB),
    R(23, "westindia", "WestIndia", "India West", "westindia", 51018, "India", PUB),
    R(24, "japaneast", "JapanEast", "Japan East", "japaneast", 51012, "Japan", PUB),
    R(25, "japanwest", "JapanWest", "Japan West", "japanwest", 51013, "Japan", PUB),
    R(26, "koreacentral", "KoreaCentral", "Korea Central", "koreacentral", 51029, "South Korea",
      PUB),
    R(27, "uksouth", "UKSouth", "UK South", "uksouth", 51024, "Europe", PUB),
    R(28, "ukwest", "UKWest", "UK West", "ukwest", 51025, "Europe", PUB),
    R(31, "centralus", "CentralUS", "Central US", "centralus", 51009, "North America", PUB),
    R(32, "eastus", "EastUS", "East US", "eastus", 51004, "North America", PUB),
    R(33, "eastus2", "EastUS2", "East US 2", "eastus2", 51005, "North America", PUB),
    R(34, "northcentralus", "NorthCentralUS", "North Central US", "northcentralus", 51007,
      "North America", PUB),
    R(35, "southcentralus", "SouthCentralUS", "South Central US", "southcentralus", 51008,
      "North America", PUB),
    R(36, "westcentralus", "WestCentralUS", "West Central US", "westcentralus", 51027,
      "North America", PUB),
    R(37, "westus", "WestUS", "West US", "westus", 51006, "North America", PUB),
    R(38, "westus2", "WestUS2", "West US 2", "westus2", 51026, "North America", PUB),
    R(48, "centraluseuap", "CentralUSEUAP", "Central USEUAP", "centraluseuap", 0, NULL, PUB),
    R(49, "eastus2euap", "EastUS2EUAP", "East US 2EUAP", "eastus2euap", 0, NULL, PUB),
    R(50, "koreasouth", "KoreaSouth", "Korea South", "koreasouth", 51028, "South Korea", PUB),
    R(52, "polandcentral", "PolandCentral", "Poland Central", "polandcentral", 0, "Europe", PUB),
    R(53, "mexicocentral", "MexicoCentral", "Mexico Central", "mexicocentral", 0, NULL, PUB),
    R(58, "australiacentral", "AustraliaCentral", "Australia Central", "australiacentral", 51032,
      "Australia Government", PUB),
    R(59, "australiacentral2", "AustraliaCentral2", "Australia Central 2", "australiacentral2",
      51033, "Australia Government", PUB),
    R(60, "uaenorth", "UAENorth", "UAE North", "uaenorth", 51036, "UAE", PUB),
    R(61, "uaecentral", "UAECentral", "UAE Central", "uaecentral", 51037, "UAE", PUB),
    R(63, "norwaye", "NorwayEast", "Norway East", "norwayeast", 51042, "Europe", PUB),
    R(64, "jioindiacentral", "JioIndiaCentral", "Jio India Central", "jioindiacentral", 0, NULL,
      PUB),
    R(65, "jioindiawest", "JioIndiaWest", "Jio India West", "jioindiawest", 0, NULL, PUB),
    R(66, "switzerlandn", "SwitzerlandNorth", "Switzerland North", "switzerlandnorth", 51038,
      "Europe", PUB),
    R(67, "switzerlandw", "SwitzerlandWest", "Switzerland West", "switzerlandwest", 51039, "Europe",
      PUB),
    R(68, "usstagee", "EastUSSTG", "East USSTG", "eastusstg", 0, NULL, PUB),
    R(69, "usstagec", "SouthCentralUSSTG", "South Central USSTG", "southcentralusstg", 0, NULL,
      PUB),
    R(71, "germanywc", "GermanyWestCentral", "Germany West Central", "germanywestcentral", 51041,
      "Europe", PUB),
    R(72, "germanyn", "GermanyNorth", "Germany North", "germanynorth", 51040, "Europe", PUB),
    R(74, "norwayw", "NorwayWest", "Norway West", "norwaywest", 51043, "Europe", PUB),
    R(75, "swedensouth", "SwedenSouth", "Sweden South", "swedensouth", 0, NULL, PUB),
    R(76, "swedencentral", "SwedenCentral", "Sweden Central", "swedencentral", 0, "Europe", PUB),
    R(77, "brazilse", "BrazilSoutheast", "Brazil Southeast", "brazilsoutheast", 0, NULL, PUB),
    R(78, "brazilne", "", "", "brazilne", 0, NULL, PUB),
    R(79, "westus3", "WestUS3", "West US 3", "westus3", 51044, "North America", PUB),
    R(82, "southafricanorth", "SouthAfricaNorth", "South Africa North", "southafricanorth", 51034,
      "South Africa", PUB),
    R(83, "southafricawest", "SouthAfricaWest", "South Africa West", "southafricawest", 51035,
      "South Africa", PUB),
    R(84, "qatarcentral", "QatarCentral", "Qatar Central", "qatarcentral", 0, "Qatar", PUB),
    R(85, "israelcentral", "IsraelCentral", "Israel Central", "israelcentral", 0, "Israel", PUB),
    R(86, "israelnorthwest", "IsraelNorthwest", "Israel Northwest", "israelnorthwest", 0, NULL,
      PUB),
    R(88, "spaincentral", "SpainCentral", "Spain Central", "spaincentral", 0, NULL, PUB),
    R(91, "newzealandnorth", "NewZealandNorth", "New Zealand North", "newzealandnorth", 51059, NULL,
      PUB),
    R(92, "malaysiawest", "MalaysiaWest", "Malaysia West", "malaysiawest", 0, NULL, PUB),
    R(93, "italynorth", "ItalyNorth", "Italy North", "italynorth", 0, "Europe", PUB),
    R(95, "austriaeast", "AustriaEast", "Austria East", "austriaeast", 0, NULL, PUB),
    R(96, "taiwannorthwest", "TaiwanNorthwest", "Taiwan Northwest", "taiwannorthwest", 0, NULL,
      PUB),
    R(97, "belgiumcentral", "BelgiumCentral", "Belgium Central", "belgiumcentral", 0, NULL, PUB),
    R(98, "malaysiasouth", "MalaysiaSouth", "Malaysia South", "malaysiasouth", 0, NULL, PUB),
    R(101, "southeastus", "SoutheastUS", "Southeast US", "southeastus", 0, NULL, PUB),
    R(102, "southcentralus2", "SouthCentralUS2", "South Central US 2", "southcentralus2", 0, NULL,
      PUB),
    R(105, "southeastus3", "SoutheastUS3", "Southeast US 3", "southeastus3", 0, NULL, PUB),
    R(39, "usgovarizona", "USGovArizona", "US Gov Arizona", "usgovarizona", 51106,
      "US Government cloud", GOV),
    R(40, "usgoviowa", "USGovIowa", "US Gov Iowa", "usgoviowa", 51109, "US Government cloud", GOV),
    R(41, "usgovtexas", "USGovTexas", "US Gov Texas", "usgovtexas", 51108, "US Government cloud",
      GOV),
    R(42, "usgovvirginia", "USGovVirginia", "US Gov Virginia", "usgovvirginia", 51105,
      "US Government cloud", GOV),
    R(44, "usdodcentral", "USDoDCentral", "US DoD Central", "usdodcentral", 51209,
      "US Government cloud", GOV),
    R(45, "usdodeast", "USDoDEast", "US DoD East", "usdodeast", 51205, "US Government cloud", GOV),
    R(13, "chinaeast", "ChinaEast", "China East", "chinaeast", 51302, "China East", CN),
    R(14, "chinanorth", "ChinaNorth", "China North", "chinanorth", 51301, "China North", CN),
    R(54, "chinanorth2", "ChinaNorth2", "China North 2", "chinanorth2", 51304, "China North", CN),
    R(55, "chinaeast2", "ChinaEast2", "China East 2", "chinaeast2", 51303, "China East", CN),
    R(89, "chinanorth3", "ChinaNorth3", "China North 3", "chinanorth3", 51305, "China North", CN),
    R(90, "chinaeast3", "ChinaEast3", "China East 3", "chinaeast3", 0, NULL, CN),
};

/* A region name's key: case, spaces, '-' and '_' do not count. */
static bool region_key(const char *s, char *key, size_t size)
{
    return er_name_key(s, " -_", key, size);
}

/* Every spelling's key with its region, sorted by key then table order, built once:
 * a lookup is one key and a binary search rather than four keys per region. */
typedef struct spelled {
    char key[64];
    size_t region;
} spelled;

static spelled keys[4 * ER_ARRAY_LEN(regions)];
static size_t n_keys;
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;

static int cmp_spelled(const void *x, const void *y)
{
    const spelled *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    return c ? c : (a->region > b->region) - (a->region < b->region);
}

static void build_keys(void)
{
    for (size_t i = 0; i < ER_ARRAY_LEN(regions); i++) {
        const er_region_info *r = &regions[i];
        const char *sp[4] = {r->code, r->arm, r->tag_suffix, r->display};
        for (int k = 0; k < 4; k++)
            if (sp[k][0] && region_key(sp[k], keys[n_keys].key, sizeof keys[n_keys].key))
                keys[n_keys++].region = i;
    }
    qsort(keys, n_keys, sizeof *keys, cmp_spelled);
}

const er_region_info *er_region_lookup(const char *any_spelling)
{
    char key[64];
    if (!any_spelling || !region_key(any_spelling, key, sizeof key))
        return NULL;
    pthread_once(&keys_once, build_keys);
    /* The first entry with this key: the region listed first among those spelled so. */
    size_t lo = 0, hi = n_keys;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(keys[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n_keys && strcmp(keys[lo].key, key) == 0 ? &regions[keys[lo].region] : NULL;
}

const char *er_region_normalize(const char *name)
{
    const er_region_info *r = er_region_lookup(name);
    return r ? r->code : NULL;
}

size_t er_region_count(void)
{
    return ER_ARRAY_LEN(regions);
}

const er_region_info *er_region_at(size_t i)
{
    return i < ER_ARRAY_LEN(regions) ? &regions[i] : NULL;
}
