/* restypes.c - one row per Azure resource kind vnetc touches: ARM type,
 * pinned apiVersion (arm-facts.md 0), az command group, name rules
 * (azure-facts.md 5). Emitters, naming and the executor all read this
 * table; nothing else spells an ARM type or apiVersion. */
#include <string.h>

#include "model.h"

/* ORDER RES: rows follow enum res. */
static const struct restype restypes[] = {
	{RES_RG, "rg", "Microsoft.Resources/resourceGroups", "2024-03-01",
	    "group", 1, 90, "letters, digits, _ - . ( ); not ending in .",
	    "subscription"},
	{RES_VNET, "vnet", "Microsoft.Network/virtualNetworks", "2024-05-01",
	    "network vnet", 2, 64, "alphanumerics _ . -", "rg"},
	{RES_SUBNET, "subnet", "Microsoft.Network/virtualNetworks/subnets",
	    "2024-05-01", "network vnet subnet", 1, 80,
	    "alphanumerics _ . -", "parent"},
	{RES_PDNSZ, "pdnsz", "Microsoft.Network/privateDnsZones",
	    "2024-06-01", "network private-dns zone", 1, 253,
	    "DNS name: labels of alphanumerics _ -", "rg"},
	{RES_LINK, "link",
	    "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
	    "2024-06-01", "network private-dns link vnet", 1, 80,
	    "alphanumerics _ . -", "parent"},
	{RES_PE, "pep", "Microsoft.Network/privateEndpoints", "2024-05-01",
	    "network private-endpoint", 2, 64, "alphanumerics _ . -", "rg"},
	{RES_ZG, "zonegroup",
	    "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
	    "2024-05-01", "network private-endpoint dns-zone-group", 1, 80,
	    "alphanumerics _ . -", "parent"},
	{RES_PLSC, "pec", "privateLinkServiceConnections", "2024-05-01", "",
	    1, 80, "alphanumerics _ . -", "parent"},
	{RES_KV, "kv", "Microsoft.KeyVault/vaults", "2023-07-01", "keyvault",
	    3, 24, "alphanumerics and -; starts with a letter; no --",
	    "global"},
	{RES_COG, "cog", "Microsoft.CognitiveServices/accounts", "2024-10-01",
	    "cognitiveservices account", 2, 64, "alphanumerics and -", "rg"},
	{RES_STORAGE, "st", "Microsoft.Storage/storageAccounts", "2023-05-01",
	    "storage account", 3, 24, "lowercase letters and digits",
	    "global"},
	{RES_SQL, "sql", "Microsoft.Sql/servers", "2023-08-01", "sql server",
	    1, 63, "lowercase letters, digits and -", "global"},
	{RES_ASP, "asp", "Microsoft.Web/serverfarms", "2024-04-01",
	    "appservice plan", 1, 60, "alphanumerics and -", "rg"},
	{RES_APP, "app", "Microsoft.Web/sites", "2024-04-01", "webapp", 2, 60,
	    "alphanumerics and -; not starting or ending with -", "global"},
	{RES_APPSETTINGS, "appsettings", "Microsoft.Web/sites/config",
	    "2024-04-01", "webapp config appsettings", 0, 0, "", "parent"},
};

_Static_assert(NELEM(restypes) == NRES, "restypes[] must follow enum res");

const struct restype *
restype_get(enum res r)
{
	return &restypes[r];
}

const struct restype *
restype_by_type(const char *type)
{
	for (size_t i = 0; i < NELEM(restypes); i++)
		if (streqi(restypes[i].type, type))
			return &restypes[i];
	return NULL;
}

/* Delegation service names in the spelling Azure documents; the az CLI
 * also accepts the dotted form (Microsoft.Web.serverFarms). */
static const char *const delegations[] = {
	"Microsoft.Web/serverFarms",
	"Microsoft.Sql/managedInstances",
	"Microsoft.DBforPostgreSQL/flexibleServers",
	"Microsoft.DBforMySQL/flexibleServers",
	"Microsoft.App/environments",
	"Microsoft.ContainerInstance/containerGroups",
	"Microsoft.Netapp/volumes",
	"Microsoft.Databricks/workspaces",
	"Microsoft.Network/dnsResolvers",
	"Microsoft.Web/hostingEnvironments",
	"Microsoft.ApiManagement/service",
	"Microsoft.Kusto/clusters",
	"Microsoft.Logic/integrationServiceEnvironments",
	"Microsoft.BareMetal/AzureVMware",
	"Microsoft.DelegatedNetwork/controller",
	"Microsoft.PowerPlatform/enterprisePolicies",
	"Microsoft.ServiceFabric/managedClusters",
	"Microsoft.StreamAnalytics/streamingJobs",
	"Microsoft.Synapse/workspaces",
	"Microsoft.Batch/batchAccounts",
	"Microsoft.DevCenter/networkConnection",
	"Microsoft.AzureCosmosDB/clusters",
};

const char *
restype_delegation(const char *name)
{
	for (size_t i = 0; i < NELEM(delegations); i++) {
		const char *d = delegations[i];
		if (streqi(d, name))
			return d;
		/* Microsoft.Web.serverFarms -> Microsoft.Web/serverFarms */
		size_t n = strlen(d);
		if (strlen(name) == n) {
			size_t slash = (size_t)(strchr(d, '/') - d);
			bool same = true;
			for (size_t k = 0; k < n && same; k++) {
				char a = d[k], b = name[k];
				if (k == slash)
					same = b == '.';
				else
					same = streqi((char[]){a, 0},
					    (char[]){b, 0});
			}
			if (same)
				return d;
		}
	}
	return NULL;
}

const char *
restype_delegation_at(size_t i)
{
	return i < NELEM(delegations) ? delegations[i] : NULL;
}

/* App Service plan SKU name prefix -> tier (azure-facts.md 1.2). Longest
 * prefixes first. */
static const struct {
	const char *prefix, *suffix, *tier;
} tiers[] = {
	{"P", "mv4", "PremiumMV4"}, {"P", "mv3", "PremiumMV3"},
	{"P", "v4", "PremiumV4"}, {"P", "v3", "PremiumV3"},
	{"P", "v2", "PremiumV2"}, {"EP", "", "ElasticPremium"},
	{"I", "v2", "IsolatedV2"}, {"I", "v3", "IsolatedV3"},
	{"F", "", "Free"}, {"D", "", "Shared"}, {"B", "", "Basic"},
	{"S", "", "Standard"}, {"P", "", "Premium"}, {"Y", "", "Dynamic"},
	{"I", "", "Isolated"}, {"WS", "", "WorkflowStandard"},
};

const char *
restype_sku_tier(const char *sku)
{
	for (size_t i = 0; i < NELEM(tiers); i++) {
		size_t pl = strlen(tiers[i].prefix), sl = strlen(tiers[i].suffix);
		size_t n = strlen(sku);
		if (n <= pl + sl || strncmp(sku, tiers[i].prefix, pl))
			continue;
		if (sl && !streqi(sku + n - sl, tiers[i].suffix))
			continue;
		/* the middle is the size digit(s) */
		bool digits = true;
		for (size_t k = pl; k < n - sl; k++)
			if (sku[k] < '0' || sku[k] > '9')
				digits = false;
		if (digits)
			return tiers[i].tier;
	}
	return NULL;
}
