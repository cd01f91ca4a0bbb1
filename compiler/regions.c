/* regions.c - the Azure regions of each cloud, by the name ARM and
 * `az account list-locations` give them, and the lookups spec.c checks
 * every location with (VN104, VN108). Pure data: no I/O, no diagnostics.
 * A region newer than these tables is a warning (VN108), not an error:
 * add a row when Microsoft's list has it. docs/azure-notes.md says more. */
#include "regions.h"

#include <string.h>

#include "util.h"

/*
 * AzureCloud. Source: the "Programmatic name" column of Microsoft's
 * "Azure regions list", https://learn.microsoft.com/azure/reliability/
 * regions-list (MicrosoftDocs/reliability-docs articles/reliability/
 * regions-list.md at c7803c50, 2026-07-28: "India South Central GA";
 * read 2026-12-06), in its order; it lists the regions open to every
 * subscription and the restricted ones (australiacentral2, francesouth,
 * ...). One more row, swedensouth: Sweden Central's restricted pair,
 * which that page names in its "Paired region" column only, from the
 * Azure SDK for .NET's list of locations (Azure/azure-sdk-for-net
 * sdk/core/Azure.Core/src/AzureLocation.cs at 8802eec9).
 */
static const char *const public_regions[] = {
	"australiacentral", "australiacentral2", "australiaeast",
	"australiasoutheast", "austriaeast", "belgiumcentral", "brazilsouth",
	"brazilsoutheast", "canadacentral", "canadaeast", "centralindia",
	"centralus", "chilecentral", "denmarkeast", "eastasia", "eastus",
	"eastus2", "francecentral", "francesouth", "germanynorth",
	"germanywestcentral", "indiasouthcentral", "indonesiacentral",
	"israelcentral", "italynorth", "japaneast", "japanwest",
	"koreacentral", "koreasouth", "malaysiawest", "mexicocentral",
	"newzealandnorth", "northcentralus", "northeurope", "norwayeast",
	"norwaywest", "polandcentral", "qatarcentral", "southafricanorth",
	"southafricawest", "southcentralus", "southindia", "southeastasia",
	"spaincentral", "swedencentral", "switzerlandnorth",
	"switzerlandwest", "uaecentral", "uaenorth", "uksouth", "ukwest",
	"westcentralus", "westeurope", "westindia", "westus", "westus2",
	"westus3",
	"swedensouth", /* AzureLocation.cs */
	NULL,
};

/*
 * AzureUSGovernment and AzureChinaCloud: the regions page covers the
 * public cloud only. Source: Azure/azure-sdk-for-net
 * sdk/core/Azure.Core/src/AzureLocation.cs at 8802eec9 (read
 * 2026-12-06), the names it gives US Gov Virginia ... US DoD East and
 * China North ... China East 3. usgoviowa and the first China regions
 * are older ones the SDK keeps; a deployment there is Azure's to refuse.
 */
static const char *const usgov_regions[] = {
	"usgovvirginia", "usgovarizona", "usgovtexas", "usgoviowa",
	"usdodcentral", "usdodeast", NULL,
};

static const char *const china_regions[] = {
	"chinanorth", "chinaeast", "chinanorth2", "chinaeast2",
	"chinanorth3", "chinaeast3", NULL,
};

/* ORDER CLOUD: enum cloud's order (privatelink.h). */
static const char *const *const tables[] = {
	public_regions, usgov_regions, china_regions,
};

const char *const *
region_table(enum cloud c)
{
	return (size_t)c < NELEM(tables) ? tables[c] : NULL;
}

bool
region_same(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (ascii_lower((unsigned char)*a++) !=
		    ascii_lower((unsigned char)*b++))
			return false;
	}
}

bool
region_known(enum cloud c, const char *name)
{
	const char *const *t = region_table(c);

	for (; t && *t; t++)
		if (strcmp(*t, name) == 0)
			return true;
	return false;
}

bool
region_cloud_of(const char *name, enum cloud *out)
{
	for (size_t c = 0; c < NELEM(tables); c++)
		if (region_known((enum cloud)c, name)) {
			*out = (enum cloud)c;
			return true;
		}
	return false;
}

const char *
region_nearest(enum cloud c, const char *name, int *dist)
{
	const char *best = NULL;

	*dist = 255;
	for (const char *const *t = region_table(c); t && *t; t++) {
		int d = edit_distance(*t, name);
		if (d < *dist)
			*dist = d, best = *t;
	}
	return best;
}

/*
 * Elastic Premium's most instances per plan, by region and OS. Source:
 * "Region max scale-out" of Microsoft's "Azure Functions Premium plan",
 * https://learn.microsoft.com/azure/azure-functions/functions-premium-plan
 * (MicrosoftDocs/azure-docs articles/azure-functions/
 * functions-premium-plan.md); 0: "Not Available". Microsoft raises them:
 * a region it does not list is bounded by the table's largest value only
 * (spec.c). docs/azure-notes.md, "Function apps and their plans vnetc
 * creates".
 */
static const struct {
	const char *region;
	unsigned char windows, linux;
} ep_bursts[] = {
	{"australiacentral", 100, 20}, {"australiacentral2", 100, 0},
	{"australiaeast", 100, 40}, {"australiasoutheast", 100, 20},
	{"brazilsouth", 100, 20}, {"canadacentral", 100, 100},
	{"centralindia", 100, 20}, {"centralus", 100, 100},
	{"chinaeast2", 20, 20}, {"chinanorth2", 20, 20},
	{"chinanorth3", 20, 20}, {"eastasia", 100, 20},
	{"eastus", 100, 100}, {"eastus2", 80, 100},
	{"francecentral", 100, 60}, {"germanywestcentral", 100, 20},
	{"israelcentral", 100, 20}, {"italynorth", 100, 20},
	{"japaneast", 100, 20}, {"japanwest", 100, 20},
	{"jioindiawest", 100, 20}, {"koreacentral", 100, 20},
	{"koreasouth", 40, 20}, {"mexicocentral", 20, 20},
	{"northcentralus", 100, 20}, {"northeurope", 100, 100},
	{"norwayeast", 100, 20}, {"southafricanorth", 100, 20},
	{"southafricawest", 20, 20}, {"southcentralus", 100, 100},
	{"southindia", 100, 0}, {"southeastasia", 100, 20},
	{"spaincentral", 20, 20}, {"switzerlandnorth", 100, 20},
	{"switzerlandwest", 100, 20}, {"uaenorth", 100, 100},
	{"uksouth", 100, 100}, {"ukwest", 100, 20},
	{"usgovarizona", 20, 20}, {"usgovtexas", 20, 0},
	{"usgovvirginia", 80, 20}, {"westcentralus", 100, 20},
	{"westeurope", 100, 100}, {"westindia", 100, 20},
	{"westus", 100, 100}, {"westus2", 100, 20}, {"westus3", 100, 20},
};

int
region_ep_max_burst(const char *name, bool linux)
{
	for (size_t i = 0; i < NELEM(ep_bursts); i++)
		if (region_same(ep_bursts[i].region, name))
			return linux ? ep_bursts[i].linux : ep_bursts[i].windows;
	return -1;
}
