/* restypes.c - one row per Azure resource kind vnetc touches: ARM type,
 * pinned apiVersion (docs/azure-notes.md 8), az command group, name rules
 * (docs/azure-notes.md 4). Emitters, naming and the executor all read this
 * table and backtypes.c's (the back ends: their apiVersions live there
 * alone); nothing else spells an ARM type or apiVersion. */
#include <string.h>
#include <strings.h>

#include "model.h"
#include "unicode.h"

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
	{RES_PEER, "peer",
	    "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
	    "2024-05-01", "network vnet peering", 1, 80,
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
	/* Back ends: NULL apiVersion, backtypes.c's row has it (one source;
	 * tests/unit/backtypes_test.c checks that every type has one). */
	{RES_KV, "kv", "Microsoft.KeyVault/vaults", NULL, "keyvault",
	    3, 24, "alphanumerics and -; starts with a letter; no --",
	    "global"},
	{RES_COG, "cog", "Microsoft.CognitiveServices/accounts", NULL,
	    "cognitiveservices account", 2, 64, "alphanumerics and -", "rg"},
	{RES_STORAGE, "st", "Microsoft.Storage/storageAccounts", NULL,
	    "storage account", 3, 24, "lowercase letters and digits",
	    "global"},
	{RES_SQL, "sql", "Microsoft.Sql/servers", NULL, "sql server",
	    1, 63, "lowercase letters, digits and -", "global"},
	{RES_ASP, "asp", "Microsoft.Web/serverfarms", "2024-04-01",
	    "appservice plan", 1, 60, "alphanumerics and -", "rg"},
	{RES_APP, "app", "Microsoft.Web/sites", "2024-04-01", "webapp", 2, 60,
	    "alphanumerics and -; not starting or ending with -", "global"},
	{RES_APPSETTINGS, "appsettings", "Microsoft.Web/sites/config",
	    "2024-04-01", "webapp config appsettings", 0, 0, "", "parent"},
	/* Subnet security (issue 18): rules and routes are written inline
	 * in their NSG's and route table's PUT; their rows name them. */
	{RES_NSG, "nsg", "Microsoft.Network/networkSecurityGroups",
	    "2024-05-01", "network nsg", 1, 80, "alphanumerics _ . -", "rg"},
	{RES_NSGRULE, "nsgrule",
	    "Microsoft.Network/networkSecurityGroups/securityRules",
	    "2024-05-01", "network nsg rule", 1, 80, "alphanumerics _ . -",
	    "parent"},
	{RES_RT, "rt", "Microsoft.Network/routeTables", "2024-05-01",
	    "network route-table", 1, 80, "alphanumerics _ . -", "rg"},
	{RES_ROUTE, "route", "Microsoft.Network/routeTables/routes",
	    "2024-05-01", "network route-table route", 1, 80,
	    "alphanumerics _ . -", "parent"},
	{RES_NATGW, "ng", "Microsoft.Network/natGateways", "2024-05-01",
	    "network nat gateway", 1, 80, "alphanumerics _ . -", "rg"},
	{RES_PIP, "pip", "Microsoft.Network/publicIPAddresses", "2024-05-01",
	    "network public-ip", 1, 80, "alphanumerics _ . -", "rg"},
	/* ftp and scm: whether basic auth publishes to a site
	 * (learn.microsoft.com/azure/app-service/configure-basic-auth-disable;
	 * Microsoft.Web 2024-04-01 sites_basicPublishingCredentialsPolicies) */
	{RES_PUBCRED, "pubcred",
	    "Microsoft.Web/sites/basicPublishingCredentialsPolicies",
	    "2024-04-01", "", 0, 0, "", "parent"},
	/* A database of a SQL server vnetc creates: its apiVersion is the
	 * server's row's in backtypes.c (tests/unit/backtypes_test.c) */
	{RES_SQLDB, "sqldb", "Microsoft.Sql/servers/databases", "2023-08-01",
	    "sql db", 1, 128, "anything but <>*%&:\\/? and control "
	    "characters; not ending in . or a space", "parent"},
	/* user-assigned managed identities (issue 16; Microsoft.ManagedIdentity
	 * 2023-01-31, the newest stable version); "id" is the Cloud Adoption
	 * Framework's abbreviation (learn.microsoft.com/azure/
	 * cloud-adoption-framework/ready/azure-best-practices/
	 * resource-abbreviations) */
	{RES_UAI, "id", "Microsoft.ManagedIdentity/userAssignedIdentities",
	    "2023-01-31", "identity", 3, 128,
	    "alphanumerics, - and _; starts with an alphanumeric", "rg"},
	/* an extension resource at its scope (a back end); named by a GUID
	 * (Microsoft.Authorization 2022-04-01, the newest stable version) */
	{RES_ROLE, "role", "Microsoft.Authorization/roleAssignments",
	    "2022-04-01", "role assignment", 0, 0, "", "parent"},
	/* a function app's content share: "File share names must be between
	 * 3 and 63 characters in length and use numbers, lower-case letters
	 * and dash (-) only" (Microsoft.Storage 2023-05-01, the storage
	 * account's apiVersion, storageAccounts_fileServices_shares) */
	{RES_SHARE, "share", "Microsoft.Storage/storageAccounts/fileServices/"
	    "shares", "2023-05-01", "storage share-rm", 3, 63,
	    "lowercase letters, digits and single -", "parent"},
	/* an app's configuration, config/web (SiteConfig): its access
	 * restrictions (Microsoft.Web 2024-04-01) */
	{RES_SITECONFIG, "siteconfig", "Microsoft.Web/sites/config",
	    "2024-04-01", "webapp config", 0, 0, "", "parent"},
	/* Back ends vnetc creates from issue 16 on (docs/azure-notes.md,
	 * "Cosmos DB, Service Bus and App Configuration vnetc creates");
	 * the kinds are the Cloud Adoption Framework's abbreviations
	 * (learn.microsoft.com/azure/cloud-adoption-framework/ready/
	 * azure-best-practices/resource-abbreviations) */
	{RES_COSMOS, "cosmos", "Microsoft.DocumentDB/databaseAccounts", NULL,
	    "cosmosdb", 3, 44, "lowercase letters, digits and -", "global"},
	{RES_SB, "sbns", "Microsoft.ServiceBus/namespaces", NULL,
	    "servicebus namespace", 6, 50, "alphanumerics and -; starts with "
	    "a letter", "global"},
	{RES_APPCS, "appcs", "Microsoft.AppConfiguration/configurationStores",
	    NULL, "appconfig", 5, 50, "alphanumerics, _ and -", "global"},
	/* a deployment slot of an app vnetc creates (issue 16): Microsoft.Web
	 * 2024-04-01 sites_slots, the sites' apiVersion; az webapp
	 * deployment slot; its name rule below */
	{RES_SLOT, "slot", "Microsoft.Web/sites/slots", "2024-04-01",
	    "webapp deployment slot", 2, 59, "alphanumerics and -", "parent"},
	/* a slot's ftp and scm policies, as its app's (RES_PUBCRED;
	 * Microsoft.Web 2024-04-01
	 * sites_slots_basicPublishingCredentialsPolicies) */
	{RES_SLOTPUBCRED, "slotpubcred",
	    "Microsoft.Web/sites/slots/basicPublishingCredentialsPolicies",
	    "2024-04-01", "", 0, 0, "", "parent"},
	/* a Flex Consumption app's deployment container: "Container names
	 * ... 3 to 63 characters long ... lowercase letters, numbers, and
	 * the dash (-) character" (learn.microsoft.com/rest/api/
	 * storageservices/naming-and-referencing-containers--blobs--and-
	 * metadata); Microsoft.Storage 2023-05-01, the account's
	 * apiVersion, storageAccounts_blobServices_containers */
	{RES_CONTAINER, "container",
	    "Microsoft.Storage/storageAccounts/blobServices/containers",
	    "2023-05-01", "storage container-rm", 3, 63,
	    "lowercase letters, digits and single -", "parent"},
	/* a slot's app settings, as its app's (RES_APPSETTINGS; Microsoft.Web
	 * 2024-04-01 sites_slots_config, name appsettings) */
	{RES_SLOTSETTINGS, "slotappsettings", "Microsoft.Web/sites/slots/config",
	    "2024-04-01", "webapp config appsettings", 0, 0, "", "parent"},
};

_Static_assert(NELEM(restypes) == NRES, "restypes[] must follow enum res");

/* Microsoft.Resources/deployments: the template's linked parts (through
 * templateLink.relativePath, which deployments have from 2020-06-01 on:
 * "The apiVersion of Microsoft.Resources/deployments must be 2020-06-01
 * or later", learn.microsoft.com/azure/azure-resource-manager/templates/
 * template-specs-create-linked; docs/azure-notes.md 5.5) and each back end's
 * lock-down deployment. Stable, in the official schemas' Microsoft.Resources
 * set of that date; tests/existing.sh keeps it at 2020-06-01 or later. */
const char *const restype_deploy_api = "2024-03-01";

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

/* App Service plan SKUs, one row per SKU: its tier, and the kind Azure
 * gives a plan of the Functions families (NULL: App Service's own tiers,
 * kind "app" or "linux" by OS). Sources:
 * - tiers: azure-cli's get_sku_tier (Azure/azure-cli, src/azure-cli/azure/
 *   cli/command_modules/appservice/utils.py: F1 ... WS3, P0V3 ->
 *   Premium0V3, the V4 rows); Premium v4 SKUs: learn.microsoft.com/azure/
 *   app-service/app-service-configure-premium-v4-tier;
 * - Y1 -> Dynamic, EP1-EP3 -> ElasticPremium with kind "elastic":
 *   learn.microsoft.com/azure/azure-functions/functions-infrastructure-as-code;
 * - FC1 -> FlexConsumption with kind "functionapp": the quickstart
 *   Azure/azure-quickstart-templates, quickstarts/microsoft.web/
 *   function-app-flex-managed-identities/main.bicep;
 * - WS1-WS3 (Logic Apps Standard) plans have kind "elastic" like EP.
 * The names are spelt as Microsoft's pages and ARM's responses spell them
 * (P1v3, P1mv3, I1v2; azure-cli upper-cases them to compare): vnetc writes
 * this spelling whatever case the spec uses (restype_sku_canon).
 * Isolated (I1-I3) and PremiumContainer (PC2-PC4) are retired tiers,
 * kept so that a spec naming one is understood (VN320). */
static const struct {
	const char *sku, *tier, *kind;
} skus[] = {
	{"F1", "Free", NULL},
	{"D1", "Shared", NULL},
	{"B1", "Basic", NULL}, {"B2", "Basic", NULL}, {"B3", "Basic", NULL},
	{"S1", "Standard", NULL}, {"S2", "Standard", NULL},
	{"S3", "Standard", NULL},
	{"P1", "Premium", NULL}, {"P2", "Premium", NULL},
	{"P3", "Premium", NULL},
	{"P1v2", "PremiumV2", NULL}, {"P2v2", "PremiumV2", NULL},
	{"P3v2", "PremiumV2", NULL},
	{"P0v3", "Premium0V3", NULL},
	{"P1v3", "PremiumV3", NULL}, {"P2v3", "PremiumV3", NULL},
	{"P3v3", "PremiumV3", NULL},
	{"P1mv3", "PremiumMV3", NULL}, {"P2mv3", "PremiumMV3", NULL},
	{"P3mv3", "PremiumMV3", NULL}, {"P4mv3", "PremiumMV3", NULL},
	{"P5mv3", "PremiumMV3", NULL},
	{"P0v4", "PremiumV4", NULL}, {"P1v4", "PremiumV4", NULL},
	{"P2v4", "PremiumV4", NULL}, {"P3v4", "PremiumV4", NULL},
	{"P1mv4", "PremiumMV4", NULL}, {"P2mv4", "PremiumMV4", NULL},
	{"P3mv4", "PremiumMV4", NULL}, {"P4mv4", "PremiumMV4", NULL},
	{"P5mv4", "PremiumMV4", NULL},
	{"PC2", "PremiumContainer", NULL}, {"PC3", "PremiumContainer", NULL},
	{"PC4", "PremiumContainer", NULL},
	{"I1", "Isolated", NULL}, {"I2", "Isolated", NULL},
	{"I3", "Isolated", NULL},
	{"I1v2", "IsolatedV2", NULL}, {"I2v2", "IsolatedV2", NULL},
	{"I3v2", "IsolatedV2", NULL}, {"I4v2", "IsolatedV2", NULL},
	{"I5v2", "IsolatedV2", NULL}, {"I6v2", "IsolatedV2", NULL},
	{"I1mv2", "IsolatedMV2", NULL}, {"I2mv2", "IsolatedMV2", NULL},
	{"I3mv2", "IsolatedMV2", NULL}, {"I4mv2", "IsolatedMV2", NULL},
	{"I5mv2", "IsolatedMV2", NULL},
	{"EP1", "ElasticPremium", "elastic"},
	{"EP2", "ElasticPremium", "elastic"},
	{"EP3", "ElasticPremium", "elastic"},
	{"Y1", "Dynamic", "functionapp"},
	{"FC1", "FlexConsumption", "functionapp"},
	{"WS1", "WorkflowStandard", "elastic"},
	{"WS2", "WorkflowStandard", "elastic"},
	{"WS3", "WorkflowStandard", "elastic"},
};

static size_t
sku_row(const char *sku)
{
	for (size_t i = 0; i < NELEM(skus); i++)
		if (streqi(skus[i].sku, sku))
			return i;
	return NELEM(skus);
}

const char *
restype_sku_tier(const char *sku)
{
	size_t i = sku_row(sku);

	return i < NELEM(skus) ? skus[i].tier : NULL;
}

const char *
restype_sku_canon(const char *sku)
{
	size_t i = sku_row(sku);

	return i < NELEM(skus) ? skus[i].sku : NULL;
}

const char *
restype_sku_kind(const char *sku)
{
	size_t i = sku_row(sku);

	return i < NELEM(skus) ? skus[i].kind : NULL;
}

bool
restype_sku_is(const char *sku, const char *tier)
{
	const char *t = sku ? restype_sku_tier(sku) : NULL;

	return t && strcmp(t, tier) == 0;
}

const char *
restype_sku_at(size_t i, const char **tier)
{
	if (i >= NELEM(skus))
		return NULL;
	*tier = skus[i].tier;
	return skus[i].sku;
}

/* ---- Azure's naming rules (docs/azure-notes.md 4) ----
 * From "Naming rules and restrictions for Azure resources"
 * (learn.microsoft.com/azure/azure-resource-manager/management/
 * resource-name-rules, ms.date 03/14/2025, read in the mirror
 * xtqqczze/MicrosoftDocs-azure-docs@0d589b21). Zone groups and endpoint
 * connections are not in that page: their rows follow azurecaf's
 * resourceDefinition.json (out_of_doc), the link rule. Private DNS zones
 * are DNS names, checked per label (docs/azure-notes.md 4.2).
 * Non-ASCII characters: NR_UNICODE and NR_IDNA, by Unicode category
 * (docs/azure-notes.md, "Names with non-ASCII characters").
 * ORDER RES: rows follow enum res. */
static const struct namerule namerules[] = {
	/* "letters or digits as defined by the Char.IsLetterOrDigit
	 * function": Unicode's Lu, Ll, Lt, Lm, Lo and Nd */
	{RES_RG, "resource group", 1, 90, "_-.()", EDGE_ANY,
	    EDGE_NOT_PERIOD, NR_UNICODE, "a subscription"},
	{RES_VNET, "virtual network", 2, 64, "_.-", EDGE_ALNUM,
	    EDGE_ALNUM_US, 0, "a resource group"},
	{RES_SUBNET, "subnet", 1, 80, "_.-", EDGE_ALNUM, EDGE_ALNUM_US, 0,
	    "a virtual network"},
	{RES_PEER, "virtual network peering", 1, 80, "_.-", EDGE_ALNUM,
	    EDGE_ALNUM_US, 0, "a virtual network"},
	{RES_PDNSZ, "private DNS zone", 1, 253, "_-", EDGE_ANY, EDGE_ANY,
	    NR_DNS, "a resource group"},
	{RES_LINK, "virtual network link", 1, 80, "_.-", EDGE_ALNUM,
	    EDGE_ALNUM_US, 0, "a private DNS zone"},
	{RES_PE, "private endpoint", 2, 64, "_.-", EDGE_ALNUM, EDGE_ALNUM_US,
	    0, "a resource group"},
	{RES_ZG, "private DNS zone group", 1, 80, "_.-", EDGE_ALNUM,
	    EDGE_ALNUM_US, 0, "a private endpoint"},
	{RES_PLSC, "private endpoint connection", 1, 80, "_.-", EDGE_ALNUM,
	    EDGE_ALNUM_US, 0, "a private endpoint"},
	/* Key Vault: start with a letter, end with a letter or digit, no
	 * consecutive hyphens; <name>.vault.azure.net. */
	{RES_KV, "key vault", 3, 24, "-", EDGE_LETTER, EDGE_ALNUM,
	    NR_NO_HYPHENS | NR_RESERVED | NR_GLOBAL, "all of Azure"},
	/* The MS rule, stricter than the ARM schema's pattern
	 * (docs/azure-notes.md 4.2); the name is also the default custom
	 * subdomain, a public endpoint. */
	{RES_COG, "Cognitive Services account", 2, 64, "-", EDGE_ALNUM,
	    EDGE_ALNUM, NR_RESERVED, "a resource group"},
	{RES_STORAGE, "storage account", 3, 24, "", EDGE_ANY, EDGE_ANY,
	    NR_LOWER | NR_RESERVED | NR_GLOBAL, "all of Azure"},
	{RES_SQL, "SQL server", 1, 63, "-", EDGE_NOT_HYPHEN, EDGE_NOT_HYPHEN,
	    NR_LOWER | NR_RESERVED | NR_GLOBAL, "all of Azure"},
	/* 1-60 in the MS doc; azurecaf says 40 (docs/azure-notes.md 4.2). Plans
	 * and apps: "Unicode characters that can be mapped to Punycode"
	 * (IdnMapping.GetAscii). */
	{RES_ASP, "App Service plan", 1, 60, "-", EDGE_ANY, EDGE_ANY,
	    NR_IDNA, "a resource group"},
	{RES_APP, "web app", 2, 60, "-", EDGE_NOT_HYPHEN, EDGE_NOT_HYPHEN,
	    NR_IDNA | NR_RESERVED | NR_GLOBAL, "all of Azure"},
	{RES_APPSETTINGS, NULL, 0, 0, NULL, EDGE_ANY, EDGE_ANY, 0, NULL},
	/* The same page: networkSecurityGroups and their securityRules,
	 * routeTables and their routes, natGateways, publicIPAddresses: 1-80
	 * alphanumerics, underscores, periods and hyphens, starting with an
	 * alphanumeric and ending with an alphanumeric or an underscore. */
	{RES_NSG, "network security group", 1, 80, "_.-", EDGE_ALNUM,
	    EDGE_ALNUM_US, 0, "a resource group"},
	{RES_NSGRULE, "security rule", 1, 80, "_.-", EDGE_ALNUM,
	    EDGE_ALNUM_US, 0, "a network security group"},
	{RES_RT, "route table", 1, 80, "_.-", EDGE_ALNUM, EDGE_ALNUM_US, 0,
	    "a resource group"},
	{RES_ROUTE, "route", 1, 80, "_.-", EDGE_ALNUM, EDGE_ALNUM_US, 0,
	    "a route table"},
	{RES_NATGW, "NAT gateway", 1, 80, "_.-", EDGE_ALNUM, EDGE_ALNUM_US, 0,
	    "a resource group"},
	{RES_PIP, "public IP address", 1, 80, "_.-", EDGE_ALNUM,
	    EDGE_ALNUM_US, 0, "a resource group"},
	{RES_PUBCRED, NULL, 0, 0, NULL, EDGE_ANY, EDGE_ANY, 0, NULL},
	/* Azure allows more ("Can't use <>*%&:\\/? or control characters.
	 * Can't end with period or space", the same page); this is the
	 * subset a database name is written in */
	{RES_SQLDB, "SQL database", 1, 128, "-_.", EDGE_ANY, EDGE_NOT_PERIOD,
	    0, "a SQL server"},
	/* Microsoft.ManagedIdentity userAssignedIdentities: 3-128
	 * alphanumerics, hyphens and underscores, starting with a letter or
	 * a number (the resource-name-rules page above) */
	{RES_UAI, "user-assigned identity", 3, 128, "_-", EDGE_ALNUM,
	    EDGE_ANY, 0, "a resource group"},
	{RES_ROLE, NULL, 0, 0, NULL, EDGE_ANY, EDGE_ANY, 0, NULL},
	/* checked where it is read (spec.c share_name_ok): a literal */
	{RES_SHARE, NULL, 0, 0, NULL, EDGE_ANY, EDGE_ANY, 0, NULL},
	{RES_SITECONFIG, NULL, 0, 0, NULL, EDGE_ANY, EDGE_ANY, 0, NULL},
	/* The same page: databaseAccounts "3-44, Lowercase letters,
	 * numbers, and hyphens. Start with lowercase letter or number"
	 * (<name>.documents.azure.com: a DNS label, so no hyphen last);
	 * Service Bus namespaces "6-50, Alphanumerics and hyphens. Start
	 * with a letter. End with a letter or number" (the REST page
	 * Create Namespace adds: not ending in -sb or -mgmt, spec.c
	 * VN410); configurationStores "5-50, Alphanumerics, underscores,
	 * and hyphens" (<name>.azconfig.io: unique in all of Azure). */
	{RES_COSMOS, "Cosmos DB account", 3, 44, "-", EDGE_NOT_HYPHEN,
	    EDGE_NOT_HYPHEN, NR_LOWER | NR_RESERVED | NR_GLOBAL,
	    "all of Azure"},
	{RES_SB, "Service Bus namespace", 6, 50, "-", EDGE_LETTER, EDGE_ALNUM,
	    NR_RESERVED | NR_GLOBAL, "all of Azure"},
	{RES_APPCS, "App Configuration store", 5, 50, "_-", EDGE_ANY,
	    EDGE_ANY, NR_RESERVED | NR_GLOBAL, "all of Azure"},
	/* sites / slots: 2-59 alphanumerics and hyphens (the same page,
	 * Microsoft.Web; its later revision also allows Unicode that maps to
	 * Punycode, which vnetc does not take: the slot's name is in its
	 * endpoint's group id, sites-<slot>, privatelink.c). Checked by
	 * spec.c (VN409): a slot's name is its key, no hook makes it. */
	{RES_SLOT, "deployment slot", 2, 59, "-", EDGE_ANY, EDGE_ANY, 0,
	    "its app"},
	{RES_SLOTPUBCRED, NULL, 0, 0, NULL, EDGE_ANY, EDGE_ANY, 0, NULL},
	/* checked where it is read (spec.c share_name_ok): a literal */
	{RES_CONTAINER, NULL, 0, 0, NULL, EDGE_ANY, EDGE_ANY, 0, NULL},
	{RES_SLOTSETTINGS, NULL, 0, 0, NULL, EDGE_ANY, EDGE_ANY, 0, NULL},
};

_Static_assert(NELEM(namerules) == NRES, "namerules[] must follow enum res");

/* Reserved words of names with a public endpoint: "Resolve errors for
 * reserved resource names" (learn.microsoft.com/azure/
 * azure-resource-manager/troubleshooting/error-reserved-resource-name,
 * ms.date 04/05/2023, MicrosoftDocs/azure-docs@012ad308). The page lists
 * words that are reserved as a whole name, two that may not appear
 * anywhere in it, and one that may not start it. Compared
 * case-insensitively. */
static const char *const reserved_whole[] = {
	"ACCESS", "APP_CODE", "APP_THEMES", "APP_DATA", "APP_GLOBALRESOURCES",
	"APP_LOCALRESOURCES", "APP_WEBREFERENCES", "APP_BROWSERS", "AZURE",
	"BING", "BIZSPARK", "BIZTALK", "CORTANA", "DIRECTX", "DOTNET",
	"DYNAMICS", "EXCEL", "EXCHANGE", "FOREFRONT", "GROOVE", "HOLOLENS",
	"HYPERV", "KINECT", "LYNC", "MSDN", "O365", "OFFICE", "OFFICE365",
	"ONEDRIVE", "ONENOTE", "OUTLOOK", "POWERPOINT", "SHAREPOINT", "SKYPE",
	"VISIO", "VISUALSTUDIO", "WEB.CONFIG", "XBOX",
};
static const char *const reserved_anywhere[] = {"MICROSOFT", "WINDOWS"};
static const char reserved_start[] = "LOGIN";

const struct namerule *
restype_namerule(enum res r)
{
	return (unsigned)r < NRES && namerules[r].what ? &namerules[r] : NULL;
}

static bool
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_alnum(unsigned char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static bool
edge_ok(enum name_edge e, unsigned char c)
{
	switch (e) {
	case EDGE_ANY:
		return true;
	case EDGE_ALNUM:
		return is_alnum(c) || c >= 0x80;
	case EDGE_LETTER:
		return is_alpha(c) || c >= 0x80;
	case EDGE_ALNUM_US:
		return is_alnum(c) || c == '_' || c >= 0x80;
	case EDGE_NOT_HYPHEN:
		return c != '-';
	case EDGE_NOT_PERIOD:
		return c != '.';
	}
	return true;
}

static bool
fault(struct name_check *c, enum name_fault f, size_t at, size_t len)
{
	c->fault = f;
	c->at = at;
	c->len = len;
	return false;
}

/* Whether the non-ASCII code point cp (l bytes at byte at) may be in a
 * name of rule nr. */
static bool
wide_char_check(const struct namerule *nr, uint32_t cp, size_t at, size_t l,
    struct name_check *c)
{
	static const char *const why[] = {
		[UI_EXCEPTION] = "IDNA2008 refuses it (one of RFC 5892's "
		    "exceptions)",
		[UI_MAPS] = "IDNA maps it to other characters (a compatibility "
		    "form, or a case folding into several): write those",
		[UI_NFC] = "Normalization Form C, which IDNA requires, replaces "
		    "it with another character: write that one",
		[UI_IGNORABLE] = "it is invisible (default-ignorable), and "
		    "IDNA2008 refuses it",
		[UI_BLOCK] = "IDNA2008 refuses its block",
		[UI_JAMO] = "IDNA2008 refuses conjoining Hangul jamo: write "
		    "precomposed syllables",
	};
	enum uni_class k = uni_class(cp);
	enum uni_idna i = uni_idna(cp);

	if (nr->flags & NR_UNICODE)
		return k == UC_LETTER || k == UC_DIGIT ||
		    fault(c, NF_CHAR, at, l);
	if (!(nr->flags & NR_IDNA) || (i == UI_CLASS && k != UC_LETTER &&
	    k != UC_DIGIT && k != UC_MARK))
		return fault(c, NF_CHAR, at, l);
	if (i == UI_CLASS || i == UI_VALID)
		return true;
	c->why = why[i];
	return fault(c, NF_IDNA, at, l);
}

/* What IDNA makes of a label once each of its characters is valid (RFC
 * 5891 sections 4.2.3 and 5.3, UTS #46 section 4): it must not start with
 * a combining mark, must be in Normalization Form C (checked pair by pair:
 * a base and a mark that compose), and "xn--" + its Punycode form, from
 * the case-folded label, is a DNS label of at most 63 characters. A
 * label of NR_IDNA rows is at most 60 characters. */
static bool
idna_check(const char *name, size_t n, struct name_check *c)
{
	const unsigned char *u = (const unsigned char *)name;
	uint32_t cp[64];
	size_t at[64], k = 0;
	char ace[64];

	for (size_t i = 0, l; i < n && k < NELEM(cp); i += l, k++) {
		l = uni_utf8(u + i, &cp[k]);
		cp[k] = uni_fold(cp[k]);
		at[k] = i;
		if (k == 0 && uni_class(cp[0]) == UC_MARK) {
			c->why = "IDNA refuses a label that starts with a "
			    "combining mark";
			return fault(c, NF_IDNA, 0, l);
		}
		if (k > 0 && (c->composed = uni_compose(cp[k - 1], cp[k]))) {
			c->why = "Normalization Form C, which IDNA requires, "
			    "composes them";
			return fault(c, NF_IDNA, at[k - 1], i + l - at[k - 1]);
		}
	}
	c->ace = 4 + punycode_encode(cp, k, ace, sizeof(ace));
	if (c->ace > 63)
		return fault(c, NF_ACE, 0, n);
	return true;
}

/* A private DNS zone: 2-34 labels of 1-63 letters, digits, _ and -;
 * 253 characters in all (docs/azure-notes.md 4.2). */
static bool
dns_check(const char *name, size_t n, struct name_check *c)
{
	size_t labels = 0, start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && name[i] != '.')
			continue;
		if (i == start || i - start > 63)
			return fault(c, NF_LABEL, start, i - start);
		labels++;
		start = i + 1;
	}
	if (labels < 2 || labels > 34)
		return fault(c, NF_LABELS, 0, n);
	return true;
}

static bool
reserved_check(const struct namerule *nr, const char *name,
    struct name_check *c)
{
	size_t n = strlen(name);

	if (!(nr->flags & NR_RESERVED))
		return true;
	for (size_t i = 0; i < NELEM(reserved_whole); i++)
		if (streqi(name, reserved_whole[i])) {
			c->word = reserved_whole[i];
			return fault(c, NF_RESERVED, 0, n);
		}
	for (size_t i = 0; i < NELEM(reserved_anywhere); i++) {
		size_t wl = strlen(reserved_anywhere[i]);
		for (size_t k = 0; k + wl <= n; k++)
			if (strncasecmp(name + k, reserved_anywhere[i], wl) ==
			    0) {
				c->word = reserved_anywhere[i];
				return fault(c, NF_RESERVED, k, wl);
			}
	}
	if (strncasecmp(name, reserved_start, strlen(reserved_start)) == 0) {
		c->word = reserved_start;
		return fault(c, NF_RESERVED, 0, strlen(reserved_start));
	}
	return true;
}

bool
restype_name_check(enum res r, const char *name, struct name_check *c)
{
	const struct namerule *nr = restype_namerule(r);
	const unsigned char *u = (const unsigned char *)name;
	size_t n = strlen(name), chars = 0, last = 0;
	bool wide = false;
	uint32_t cp;

	*c = (struct name_check){0};
	if (!nr)
		return true;
	/* Characters first: a length in characters needs valid UTF-8. */
	for (size_t i = 0; i < n;) {
		size_t l = uni_utf8(u + i, &cp);
		if (l == 0)
			return fault(c, NF_UTF8, i, 1);
		if (l > 1 && !wide_char_check(nr, cp, i, l, c))
			return false;
		wide |= l > 1;
		if (l == 1 && !is_alnum(u[i]) && !(nr->flags & NR_DNS &&
		    u[i] == '.') && !strchr(nr->extra, u[i]))
			return fault(c, NF_CHAR, i, 1);
		if (l == 1 && (nr->flags & NR_LOWER) && u[i] >= 'A' &&
		    u[i] <= 'Z')
			return fault(c, NF_UPPER, i, 1);
		if ((nr->flags & NR_NO_HYPHENS) && u[i] == '-' && i + 1 < n &&
		    u[i + 1] == '-')
			return fault(c, NF_HYPHENS, i, 2);
		last = i;
		i += l;
		chars++;
	}
	c->chars = chars;
	if ((int)chars < nr->minlen)
		return fault(c, NF_SHORT, 0, n);
	if ((int)chars > nr->maxlen)
		return fault(c, NF_LONG, 0, n);
	if (!edge_ok(nr->first, u[0]))
		return fault(c, NF_FIRST, 0, uni_utf8(u, &cp));
	if (!edge_ok(nr->last, u[last]))
		return fault(c, NF_LAST, last, n - last);
	if ((nr->flags & NR_DNS) && !dns_check(name, n, c))
		return false;
	if ((nr->flags & NR_IDNA) && wide && !idna_check(name, n, c))
		return false;
	return reserved_check(nr, name, c);
}
