/* roles.c - Azure's built-in role definitions that an app's identity may
 * be given on a back end (roles:, issue 16): one row per role, its name as
 * the portal and az spell it and its GUID, from
 * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
 * (MicrosoftDocs/azure-docs articles/role-based-access-control/
 * built-in-roles.md, column "ID"). broad: a role that governs the
 * resource or its access, not its data (VN373). type: the back end type
 * whose data a data-plane role's dataActions reach (its provider's, as the
 * page lists them: Microsoft.Storage/storageAccounts/blobServices/... for
 * the Storage roles), NULL for roles of any resource or of none of the
 * back ends; on another type the role grants nothing (VN414). */
#include <string.h>
#include <strings.h>

#include "model.h"

static const struct roledef roledefs[] = {
	{"App Configuration Data Reader",
	    "516239f1-63e1-4d78-a4de-a74fb236a071", false,
	    "Microsoft.AppConfiguration/configurationStores"},
	{"Azure Service Bus Data Receiver",
	    "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", false,
	    "Microsoft.ServiceBus/namespaces"},
	{"Azure Service Bus Data Sender",
	    "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", false,
	    "Microsoft.ServiceBus/namespaces"},
	{"Cognitive Services OpenAI User",
	    "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", false,
	    "Microsoft.CognitiveServices/accounts"},
	{"Cognitive Services User", "a97b65f3-24c7-4388-baec-2e87135dc908",
	    false, "Microsoft.CognitiveServices/accounts"},
	{"Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c", true,
	    NULL},
	{"Key Vault Certificate User", "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
	    false, "Microsoft.KeyVault/vaults"},
	{"Key Vault Crypto User", "12338af0-0e69-4776-bea7-57ae8d297424",
	    false, "Microsoft.KeyVault/vaults"},
	{"Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6",
	    false, "Microsoft.KeyVault/vaults"},
	{"Monitoring Metrics Publisher",
	    "3913510d-42f4-4e42-8a64-420c390055eb", false,
	    NULL},
	{"Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", true,
	    NULL},
	{"Storage Blob Data Contributor",
	    "ba92f5b4-2d11-453d-a403-e96b0029c9fe", false,
	    "Microsoft.Storage/storageAccounts"},
	{"Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
	    false, "Microsoft.Storage/storageAccounts"},
	{"Storage Blob Data Reader", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
	    false, "Microsoft.Storage/storageAccounts"},
	{"Storage File Data Privileged Contributor",
	    "69566ab7-960f-475b-8e7c-b3118f30c6bd", false,
	    "Microsoft.Storage/storageAccounts"},
	{"Storage Queue Data Contributor",
	    "974c5e8b-45b9-4653-ba55-5f855dd0fb88", false,
	    "Microsoft.Storage/storageAccounts"},
	{"Storage Table Data Contributor",
	    "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", false,
	    "Microsoft.Storage/storageAccounts"},
	{"User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
	    true,
	    NULL},
};

/* The row of t (n rows) named s or of GUID s, in any case. */
static const struct roledef *
row_of(const struct roledef *t, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(t[i].name, s) || !strcasecmp(t[i].guid, s))
			return &t[i];
	return NULL;
}

const struct roledef *
roledef_find(const char *s)
{
	return row_of(roledefs, NELEM(roledefs), s);
}

const struct roledef *
roledef_at(size_t i)
{
	return i < NELEM(roledefs) ? &roledefs[i] : NULL;
}

/* Data-plane roles that are not Azure role definitions: a Cosmos DB
 * account's built-in SQL roles are its own child resources
 * (databaseAccounts/sqlRoleDefinitions, granted by sqlRoleAssignments,
 * learn.microsoft.com/azure/cosmos-db/nosql/security/
 * how-to-grant-data-plane-role-based-access), which a
 * Microsoft.Authorization role assignment cannot name. vnetc makes no
 * sqlRoleAssignments yet: these are refused rather than written as the
 * custom role their GUIDs would otherwise be taken for. */
static const struct roledef foreign_roles[] = {
	{"Cosmos DB Built-in Data Reader",
	    "00000000-0000-0000-0000-000000000001", false,
	    "Microsoft.DocumentDB/databaseAccounts"},
	{"Cosmos DB Built-in Data Contributor",
	    "00000000-0000-0000-0000-000000000002", false,
	    "Microsoft.DocumentDB/databaseAccounts"},
};

const struct roledef *
roledef_foreign(const char *s)
{
	return row_of(foreign_roles, NELEM(foreign_roles), s);
}
