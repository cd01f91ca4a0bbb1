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
