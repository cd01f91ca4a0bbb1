/* restypes.c - one row per Azure resource kind vnetc touches: ARM type,
 * pinned apiVersion (docs/azure-notes.md 8), az command group, name rules
 * (docs/azure-notes.md 4). Emitters, naming and the executor all read this
 * table; nothing else spells an ARM type or apiVersion. */
#include <string.h>
#include <strings.h>

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

/* App Service plan SKU name prefix -> tier (docs/azure-notes.md 2.3). Longest
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

/* ---- Azure's naming rules (docs/azure-notes.md 4) ----
 * From "Naming rules and restrictions for Azure resources"
 * (learn.microsoft.com/azure/azure-resource-manager/management/
 * resource-name-rules, ms.date 03/14/2025, read in the mirror
 * xtqqczze/MicrosoftDocs-azure-docs@0d589b21). Zone groups and endpoint
 * connections are not in that page: their rows follow azurecaf's
 * resourceDefinition.json (out_of_doc), the link rule. Private DNS zones
 * are DNS names, checked per label (docs/azure-notes.md 4.2).
 * ORDER RES: rows follow enum res. */
static const struct namerule namerules[] = {
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
	/* 1-60 in the MS doc; azurecaf says 40 (docs/azure-notes.md 4.2). */
	{RES_ASP, "App Service plan", 1, 60, "-", EDGE_ANY, EDGE_ANY,
	    NR_UNICODE, "a resource group"},
	{RES_APP, "web app", 2, 60, "-", EDGE_NOT_HYPHEN, EDGE_NOT_HYPHEN,
	    NR_UNICODE | NR_RESERVED | NR_GLOBAL, "all of Azure"},
	{RES_APPSETTINGS, NULL, 0, 0, NULL, EDGE_ANY, EDGE_ANY, 0, NULL},
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

/* Length of the UTF-8 sequence at p (1-4), or 0 if it is not one. */
static size_t
utf8_len(const unsigned char *p)
{
	size_t n = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 :
	    (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;

	if (n == 0 || (n == 2 && p[0] < 0xc2) || (n == 4 && p[0] > 0xf4))
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* overlong 3- and 4-byte forms, surrogates, beyond U+10FFFF */
	if ((n == 3 && p[0] == 0xe0 && p[1] < 0xa0) ||
	    (n == 3 && p[0] == 0xed && p[1] >= 0xa0) ||
	    (n == 4 && p[0] == 0xf0 && p[1] < 0x90) ||
	    (n == 4 && p[0] == 0xf4 && p[1] >= 0x90))
		return 0;
	return n;
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

	*c = (struct name_check){0};
	if (!nr)
		return true;
	/* Characters first: a length in characters needs valid UTF-8. */
	for (size_t i = 0; i < n;) {
		size_t l = utf8_len(u + i);
		if (l == 0)
			return fault(c, NF_UTF8, i, 1);
		if (l > 1 && !(nr->flags & NR_UNICODE))
			return fault(c, NF_CHAR, i, l);
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
		return fault(c, NF_FIRST, 0, utf8_len(u) ? utf8_len(u) : 1);
	if (!edge_ok(nr->last, u[last]))
		return fault(c, NF_LAST, last, n - last);
	if ((nr->flags & NR_DNS) && !dns_check(name, n, c))
		return false;
	return reserved_check(nr, name, c);
}
