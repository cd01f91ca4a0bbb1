/* schema.c - "vnetc schema": the spec format as a JSON Schema (draft-07),
 * for editors: the YAML language server (redhat-developer/
 * yaml-language-server, VS Code's YAML extension and others) completes
 * keys and flags mistakes while typing. Draft-07 because that is the draft
 * the language server validates with (its README: "The schema support is
 * shipped with JSON Schema Draft 7"; 2019-09 and 2020-12 support was
 * added and reverted: github.com/redhat-developer/yaml-language-server
 * issues 856 and 1112).
 *
 * The schema cannot drift from the parser: its objects are spec.c's key
 * tables (spec_key_tables: each key, and which are required) and its
 * enums spec.c's value tables (spec_value_tables). What the tables cannot
 * say, a key's type and meaning, is a row below, one per key (rows of
 * object "*" serve every object with that key). A key the parser takes
 * without a row here, or a row for a key it refuses, makes vnetc schema
 * fail (exit 70), and tests/schema.sh with it. The descriptions are
 * docs/spec.md's. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "unicode.h"

static const char usage_schema[] =
"usage: vnetc schema [-o FILE]\n"
"\n"
"Prints the spec format (docs/spec.md) as a JSON Schema (draft-07), for\n"
"editors: with the YAML language server (VS Code's YAML extension and\n"
"others), a spec whose first line is\n"
"  # yaml-language-server: $schema=PATH/vnetc.schema.json\n"
"gets its keys completed and its mistakes flagged while it is typed.\n"
"The schema is built from vnetc's own tables of keys and values; vnetc\n"
"check says more (references, addresses, names: the VN rules).\n"
"\n"
"options:\n"
"  -o FILE     write to FILE (atomically) instead of stdout\n"
"  -h, --help  this help\n"
"\n"
"example:\n"
"  vnetc schema -o .vscode/vnetc.schema.json\n"
"\n"
"exit status: 0 ok, 2 usage or I/O error.\n";

/* A key's type: a JSON Schema (text), or "#NAME" for definitions/NAME:
 * an object of spec_key_tables, an enum of spec_value_tables (written
 * "enum_NAME"), or one of the shapes of defs[] below. */
struct row {
	const char *obj, *key, *type, *desc;
};

#define STR "{\"type\": \"string\"}"
#define BOOL "{\"type\": \"boolean\"}"
#define STRS "{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"array\", " \
	"\"items\": {\"type\": \"string\"}}]}"

static const struct row rows[] = {
	/* keys many objects share */
	{"*", "name", STR, "Azure name (default: the key); ${param} allowed"},
	{"*", "resource_group", "#rg", "where it lives (default: the spec's "
	    "resource group)"},
	{"*", "subscription", "#sub", "where it lives: a subscription id or "
	    "${param} (default: the spec's)"},
	{"*", "silence", "#silence", "warnings not to show for it: rule id "
	    "-> the reason"},
	{"*", "location", STR, "region (default: the spec's location), e.g. "
	    "westeurope"},
	/* the top level */
	{"top", "vnetc", "{\"enum\": [1, \"1\"]}", "format version; 1"},
	{"top", "project", "{\"type\": \"string\", \"pattern\": "
	    "\"^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$\"}", "the owner of what "
	    "vnetc creates (tag vnetc-spec) and of its journal; default: the "
	    "spec file's name without .yaml. Keep it when the file is "
	    "renamed"},
	{"top", "description", STR, "one line; goes into the script header "
	    "and the template's metadata"},
	{"top", "cloud", "{\"type\": \"string\", \"examples\": [\"public\", "
	    "\"usgov\", \"china\"]}", "public (default), usgov or china: "
	    "selects the private DNS zone table"},
	{"top", "resource_group", "#rg", "the spec's own resource group, "
	    "created if missing; what names no other group lives in it"},
	{"top", "subscription", "#sub", "the home subscription, a "
	    "subscription id or ${param}; absent: the one the run targets"},
	{"top", "location", STR, "region of the regional resources, as az "
	    "account list-locations names it (westeurope) or its display "
	    "name"},
	{"top", "parameters", "#parameters", "values the user may change: "
	    "name -> default, or {default, description}"},
	{"top", "dns", "#dns", "central private DNS zones the endpoints use "
	    "instead of zones of their own"},
	{"top", "vnets", "#vnets", "the virtual networks to create (or that "
	    "exist), by logical name"},
	{"top", "backends", "#backends", "resources to reach through private "
	    "endpoints and lock down: existing ones, or ones vnetc creates "
	    "(create:)"},
	{"top", "identities", "#identities", "user-assigned managed "
	    "identities that apps carry (identity: [KEY]): created by vnetc "
	    "or existing"},
	{"top", "plans", "#plans", "App Service plans: existing ones (SKU "
	    "changes), or ones vnetc creates (create:)"},
	{"top", "apps", "#apps", "App Service apps (HTTPS, VNet "
	    "integration, app settings, slots): existing ones, or web and "
	    "function apps vnetc creates (create:)"},
	{"top", "nsgs", "#nsgs", "network security groups and their rules"},
	{"top", "route_tables", "#route_tables", "route tables and their "
	    "routes (user-defined routes)"},
	{"top", "nat_gateways", "#nat_gateways", "NAT gateways and their "
	    "public IPs"},
	{"top", "silence", "#silence", "warnings not to show in the whole "
	    "spec: rule id -> the reason"},
	{"top", "naming", STR, "a Lua naming hook (caf.lua, or a file beside "
	    "the spec) that names the resources by a convention"},
	{"top", "naming_vars", "#strmap", "strings handed to the naming hook "
	    "(workload, env, ...)"},
	/* parameters */
	{"param", "default", "#scalar", "default value; may refer to other "
	    "parameters (${appName}-plan), not in a circle"},
	{"param", "description", STR, "shown in the script and as the "
	    "template parameter's description"},
	/* vnets */
	{"vnet", "address_space", "#prefixes", "one prefix or a list (not "
	    "with existing, where it is only for the overlap check)"},
	{"vnet", "subnets", "#subnets", "the subnets, by logical name"},
	{"vnet", "peerings", "#peerings", "VNets (keys) this one is peered "
	    "with: [hub], or {vnet: hub, allow_forwarded_traffic: true}; "
	    "vnetc creates both sides"},
	{"vnet", "existing", "#resid", "a VNet vnetc does not create, by its "
	    "resource id (/subscriptions/SUB/resourceGroups/RG/providers/"
	    "Microsoft.Network/virtualNetworks/NAME)"},
	{"vnet", "dns_servers", STRS, "the DNS servers of a VNet vnetc "
	    "creates: a resolver's or a firewall's DNS proxy's address"},
	{"vnet", "resolves_through", STR, "the VNet (a key) whose resolver "
	    "those DNS servers forward to"},
	{"peer", "vnet", STR, "the peered VNet's key"},
	{"peer", "allow_forwarded_traffic", BOOL, "this side lets in "
	    "traffic the remote VNet forwards (default false)"},
	{"peer", "use_remote_gateways", BOOL, "this side uses the remote "
	    "VNet's VPN or ExpressRoute gateway (gateway transit; vnetc also "
	    "sets allow_gateway_transit on the remote side; default false)"},
	{"peer", "allow_gateway_transit", BOOL, "the remote VNet may use this "
	    "VNet's gateway (default false)"},
	/* subnets */
	{"subnet", "prefix", "#prefixes", "one prefix or a list "
	    "(10.0.1.0/24); or size"},
	{"subnet", "size", "{\"type\": [\"string\", \"integer\"], "
	    "\"pattern\": \"^/?[0-9]{1,2}$\"}", "instead of prefix: an IPv4 "
	    "prefix length, /26 or 26; vnetc chooses the prefix"},
	{"subnet", "delegation", STR, "service the subnet is delegated to, "
	    "e.g. Microsoft.Web/serverFarms"},
	{"subnet", "private_endpoint_network_policies", "#enum_pe_policy",
	    "absent: Azure's default (Disabled)"},
	{"subnet", "private_link_service_network_policies",
	    "#enum_pls_policy", "whether network policies apply to a private "
	    "link service's source addresses in the subnet; absent: Azure's "
	    "default (Enabled)"},
	{"subnet", "default_outbound_access", BOOL, "false makes a private "
	    "subnet: no default outbound address, the internet only through a "
	    "NAT gateway, a firewall route or a public IP; absent: Azure's "
	    "default (true)"},
	{"subnet", "nsg", "{\"anyOf\": [{\"type\": \"string\"}, {\"$ref\": "
	    "\"#/definitions/nsg\"}]}", "the subnet's network security "
	    "group: a key of nsgs, or one of its own written here"},
	{"subnet", "route_table", "{\"anyOf\": [{\"type\": \"string\"}, "
	    "{\"$ref\": \"#/definitions/rt\"}]}", "the subnet's route table: "
	    "a key of route_tables, or one written here"},
	{"subnet", "nat_gateway", "{\"anyOf\": [{\"type\": \"string\"}, "
	    "{\"$ref\": \"#/definitions/nat\"}]}", "the subnet's NAT gateway: "
	    "a key of nat_gateways, or one written here ({} for the "
	    "defaults)"},
	{"subnet", "service_endpoints", "{\"type\": [\"array\", \"null\"], "
	    "\"items\": {\"anyOf\": [{\"type\": \"string\"}, {\"$ref\": "
	    "\"#/definitions/se\"}]}}", "services: [Microsoft.Storage, "
	    "{service: Microsoft.KeyVault, locations: [westeurope]}]"},
	{"se", "service", STR, "the service, e.g. Microsoft.Storage"},
	{"se", "locations", STRS, "the regions the endpoint is limited to"},
	/* nsgs, route tables, NAT gateways */
	{"*", "existing", BOOL, "true: it exists; vnetc attaches it and "
	    "writes nothing else"},
	{"*", "id", "#resid", "its full resource id"},
	{"nsg", "rules", "{\"type\": [\"array\", \"null\"], \"items\": "
	    "{\"$ref\": \"#/definitions/rule\"}}", "the security rules"},
	{"rule", "name", STR, "the rule's name, unique in its NSG"},
	{"rule", "priority", "{\"type\": [\"integer\", \"string\"]}",
	    "100 to 4096, lower first"},
	{"rule", "direction", "#enum_direction", "inbound or outbound"},
	{"rule", "access", "#enum_rule_access", "allow or deny"},
	{"rule", "protocol", "{\"anyOf\": [{\"$ref\": "
	    "\"#/definitions/enum_proto\"}, {\"$ref\": \"#/definitions/any\"}]}",
	    "tcp, udp, icmp, esp, ah, or any (*, the default)"},
	{"rule", "source", "#addrs", "an address, or a list of them: *, a "
	    "prefix, a service tag, {subnet: KEY}, {vnet: KEY}"},
	{"rule", "destination", "#addrs", "an address, or a list of them"},
	{"rule", "ports", "#ports", "destination ports: 443, 8080-8090, a "
	    "list, or * (the default)"},
	{"rule", "source_ports", "#ports", "source ports, the same forms "
	    "(default *)"},
	{"rule", "description", STR, "up to 140 characters"},
	{"addr_ref", "subnet", STR, "a subnet's key (or vnet/KEY): its "
	    "prefixes"},
	{"addr_ref", "vnet", STR, "a VNet's key: its address space"},
	{"rt", "propagate_gateway_routes", BOOL, "false stops the routes a "
	    "virtual network gateway learns from reaching the subnets"},
	{"rt", "routes", "{\"type\": [\"array\", \"null\"], \"items\": "
	    "{\"$ref\": \"#/definitions/route\"}}", "the routes"},
	{"route", "name", STR, "the route's name, unique in its table"},
	{"route", "prefix", "{\"anyOf\": [{\"type\": \"string\"}, {\"$ref\": "
	    "\"#/definitions/addr_ref\"}]}", "one IP prefix (0.0.0.0/0), a "
	    "subnet or VNet reference, or a service tag"},
	{"route", "next_hop", "#enum_hop", "where the traffic goes (None: "
	    "dropped)"},
	{"route", "next_hop_ip", STR, "with VirtualAppliance: the "
	    "appliance's private address, or ${param}"},
	{"nat", "zone", "{\"enum\": [1, 2, 3, \"1\", \"2\", \"3\"]}",
	    "the zone of the NAT gateway and its public IPs; absent, none"},
	{"nat", "idle_timeout", "{\"type\": [\"integer\", \"string\"]}",
	    "the TCP idle timeout, 4 to 120 minutes"},
	{"nat", "public_ips", "{\"type\": [\"array\", \"null\"], \"items\": "
	    "{\"anyOf\": [{\"type\": \"string\"}, {\"$ref\": "
	    "\"#/definitions/pip\"}]}}", "at most 16: a name vnetc creates, "
	    "or {id: ...} for one that exists"},
	{"pip", "id", "#resid", "an existing public IP's resource id"},
	/* dns */
	{"dns", "zones", "#dns_zones", "where the central zones are: "
	    "resource_group and subscription, and ids"},
	{"dns", "links", "#enum_dns_links", "owned (the default): vnetc "
	    "links the zones to the VNets that need them; platform: the "
	    "platform does"},
	{"dns", "linked_vnets", STRS, "with links: platform: the VNets "
	    "(keys) the platform links the zones to"},
	{"dns", "zone_groups", "#enum_dns_zg", "create (the default) or "
	    "policy: the default of every endpoint's zone_group"},
	{"dns_zones", "ids", STRS, "zones by resource id, anywhere"},
	{"dns_zones", "existing", BOOL, "true (the default): the zones "
	    "exist; false: vnetc creates them in resource_group"},
	{"dns_zones", "resource_group", "#rg", "the zones' resource group"},
	{"dns_zones", "subscription", "#sub", "the zones' subscription"},
	/* backends */
	{"backend", "type", "{\"type\": \"string\", \"pattern\": "
	    "\"^[A-Za-z0-9]+\\\\.[A-Za-z0-9.]+/[A-Za-z0-9/]+$\", "
	    "\"examples\": [\"Microsoft.KeyVault/vaults\", "
	    "\"Microsoft.Storage/storageAccounts\", \"Microsoft.Sql/servers\", "
	    "\"Microsoft.CognitiveServices/accounts\"]}",
	    "ARM type, e.g. Microsoft.KeyVault/vaults (or give id)"},
	{"backend", "id", "#resid", "instead of name, resource_group and "
	    "subscription: its resource id, which gives its type too"},
	{"backend", "existing", "{\"anyOf\": [{\"const\": true}, {\"$ref\": "
	    "\"#/definitions/cog_ex\"}, {\"$ref\": \"#/definitions/kv_ex\"}]}",
	    "true (the default), or a mapping that restates the resource"},
	/* its keys are the type's: backend_create() below */
	{"backend", "create", "{\"anyOf\": [{\"const\": true}, {\"type\": "
	    "[\"object\", \"null\"]}]}", "vnetc creates it, locked and tagged "
	    "as its own: {} or true for the secure defaults, or a mapping of "
	    "the type's settings; not with existing or id"},
	{"backend", "public_access", "#enum_access", "deny, disabled or "
	    "enabled; absent: left as it is (created: disabled)"},
	{"backend", "firewall", "#firewall", "who still comes in over the "
	    "public endpoint while public_access is deny: bypass, ip_rules, "
	    "vnet_rules (Key Vault, Storage, Azure AI services, Cosmos DB)"},
	{"firewall", "bypass", STR, "AzureServices or None (storage: also "
	    "Logging, Metrics, comma-separated)"},
	{"firewall", "ip_rules", "{\"type\": [\"array\", \"null\"], "
	    "\"items\": {\"type\": \"string\"}}", "public IPv4 addresses "
	    "and prefixes"},
	{"firewall", "vnet_rules", "{\"type\": [\"array\", \"null\"], "
	    "\"items\": {\"type\": \"string\"}}", "subnets (KEY or "
	    "VNET/SUBNET) with the type's service endpoint"},
	{"backend", "private_endpoints", "{\"type\": [\"array\", \"null\"], "
	    "\"items\": {\"$ref\": \"#/definitions/pe\"}}", "its private "
	    "endpoints"},
	{"cog_ex", "kind", STR, "e.g. TextAnalytics; chooses the private DNS "
	    "zones"},
	{"cog_ex", "sku", STR, "e.g. F0, S0"},
	{"cog_ex", "custom_subdomain", STR, "default: the account name"},
	{"kv_create", "sku", "#enum_kv_sku", "standard (default) or premium"},
	{"kv_create", "rbac_authorization", BOOL, "Azure RBAC for data access "
	    "(default true; false: VN363)"},
	{"kv_create", "purge_protection", BOOL, "default true (false: VN363); "
	    "once on, Azure keeps it on"},
	{"kv_create", "soft_delete_days", "{\"type\": \"integer\", "
	    "\"minimum\": 7, \"maximum\": 90}", "days a deleted vault stays "
	    "recoverable, and its name taken, 7-90 (default 90)"},
	{"st_create", "sku", "#enum_st_sku", "Standard_LRS (default), "
	    "Standard_ZRS, Standard_GRS, Standard_RAGRS, Standard_GZRS or "
	    "Standard_RAGZRS"},
	{"st_create", "shared_key", BOOL, "shared-key (account key, SAS) "
	    "authorization (default false; true: VN363)"},
	{"sql_create", "entra_admin", "#sql_admin", "required (VN378): the "
	    "Microsoft Entra administrator; the server takes no password"},
	{"sql_create", "min_tls", "#enum_sql_tls", "minimum TLS version of "
	    "clients, \"1.2\" (default) or \"1.3\"; below 1.2: VN363"},
	{"sql_create", "databases", "{\"type\": [\"object\", \"null\"], "
	    "\"additionalProperties\": {\"anyOf\": [{\"type\": \"null\"}, "
	    "{\"$ref\": \"#/definitions/sql_db\"}]}}", "its databases: key -> "
	    "{name, sku}, each created after the server"},
	{"sql_admin", "login", STR, "the admin's name as Microsoft Entra ID "
	    "shows it (a group's display name, a user's UPN)"},
	{"sql_admin", "object_id", STR, "its object id, a GUID (VN379)"},
	{"sql_admin", "type", "#enum_sql_admin_type", "User, Group or "
	    "Application"},
	{"sql_db", "name", STR, "Azure name (default: the key)"},
	{"sql_db", "sku", STR, "its SKU, e.g. Basic (default), S0, "
	    "GP_S_Gen5_1"},
	{"cog_create", "kind", STR, "required (VN380): AIServices, OpenAI, "
	    "TextAnalytics, ..."},
	{"cog_create", "sku", STR, "S0 (default)"},
	{"cog_create", "custom_subdomain", STR, "default: the account name; "
	    "its endpoint's DNS name"},
	{"cog_create", "local_auth", BOOL, "key authentication (default false; "
	    "true: VN363)"},
	{"cosmos_create", "api", "#enum_cosmos_api", "Sql (default), MongoDB, "
	    "Cassandra, Gremlin or Table: the account's kind and its "
	    "endpoints' group id (VN399)"},
	{"cosmos_create", "consistency", "#enum_cosmos_consistency",
	    "default consistency level, Session (default)"},
	{"cosmos_create", "local_auth", BOOL, "key authentication (default "
	    "false for Sql and Table, true for the APIs that have nothing "
	    "else: VN371)"},
	{"sb_create", "sku", "#enum_sb_sku", "Premium (default), which private "
	    "endpoints need (VN398)"},
	{"sb_create", "capacity", "{\"enum\": [1, 2, 4, 8, 16]}", "Premium messaging units: 1 (default), "
	    "2, 4, 8, 16"},
	{"sb_create", "local_auth", BOOL, "SAS key authentication (default "
	    "false; true: VN363)"},
	{"appcs_create", "sku", "#enum_appcs_sku", "standard (default), "
	    "premium; free and developer have no private endpoints (VN398)"},
	{"appcs_create", "local_auth", BOOL, "access-key authentication "
	    "(default false; true: VN363)"},
	{"appcs_create", "purge_protection", BOOL, "a deleted store cannot be "
	    "purged before its retention ends (default true)"},
	{"appcs_create", "soft_delete_days", "{\"type\": \"integer\", "
	    "\"minimum\": 1, \"maximum\": 7}", "days a deleted store is "
	    "recoverable, and its name taken, 1-7 (default 7)"},
	{"kv_ex", "sku", "#enum_kv_sku", "accepted for older specs; unused"},
	{"kv_ex", "rbac_authorization", BOOL, "accepted for older specs; "
	    "unused"},
	{"pe", "subnet", STR, "the subnet's logical name, or VNET/SUBNET"},
	{"pe", "name", STR, "default <backend>-pe"},
	{"pe", "connection_name", STR, "default: the name with -pe replaced "
	    "by -pc"},
	{"pe", "zone_group", STR, "the zone group's name (default: -pe "
	    "replaced by -zg); policy: an Azure Policy makes it; create: "
	    "vnetc makes it"},
	{"pe", "zone_scope", "#enum_zone_scope", "local: this endpoint's "
	    "zones are the spec's own, not the dns: block's central ones"},
	{"pe", "group_id", STR, "private-link sub-resource; derived when the "
	    "type has only one (vault, account, sqlServer, ...)"},
	{"pe", "dns_zones", "{\"type\": \"array\", \"items\": {\"type\": "
	    "\"string\"}}", "private DNS zones for the zone group; default: "
	    "Microsoft's table's"},
	{"pe", "dns_links", STRS, "more VNets (keys) to link the endpoint's "
	    "zones to"},
	/* plans */
	{"farm", "sku", STR, "the SKU to scale to, e.g. B1, S1, P1v3, EP1, "
	    "FC1; absent: unchanged"},
	{"farm", "existing", "{\"anyOf\": [{\"const\": true}, {\"$ref\": "
	    "\"#/definitions/farm_ex\"}]}", "true, or a mapping of os and "
	    "kind"},
	{"farm", "location", STR, "the plan's region (default: the spec's "
	    "location)"},
	{"farm", "instances", "{\"type\": [\"integer\", \"string\"]}", "the "
	    "most instances the plan scales to (checked against the "
	    "integration subnet's size)"},
	{"farm", "create", "{\"anyOf\": [{\"const\": true}, {\"$ref\": "
	    "\"#/definitions/farm_create\"}]}", "vnetc creates it (an App "
	    "Service, Elastic Premium, Consumption or Flex Consumption plan, "
	    "with sku:), tagged as its own: {} for Windows"},
	{"farm_create", "os", "#enum_os", "windows (default; Flex "
	    "Consumption: linux, its only one) or linux"},
	{"farm_create", "max_elastic_workers", "{\"type\": \"integer\", "
	    "\"minimum\": 1, \"maximum\": 100}", "an Elastic Premium plan's "
	    "most instances, 1-100 and at most what Microsoft's table gives "
	    "its region and OS (default 20; other SKUs: VN366)"},
	{"farm_ex", "os", "#enum_os", "windows or linux"},
	{"farm_ex", "kind", "#enum_plan_kind", "the plan's kind as Azure "
	    "spells it"},
	/* apps */
	{"app", "plan", STR, "the plan's logical name"},
	{"app", "existing", "{\"anyOf\": [{\"const\": true}, {\"$ref\": "
	    "\"#/definitions/app_ex\"}]}", "true, or a mapping of identity, "
	    "os and kind"},
	{"app", "create", "{\"anyOf\": [{\"const\": true}, {\"$ref\": "
	    "\"#/definitions/app_create\"}]}", "vnetc creates it (a web app "
	    "on its plan's OS), tagged as its own: {} for the secure "
	    "defaults"},
	{"app_create", "kind", "#enum_app_kind",
	    "app (a web app, the default) or functionapp"},
	{"app_create", "runtime", STR, "a Linux web app's stack as "
	    "linuxFxVersion spells it, e.g. PYTHON|3.12 (required on Linux); "
	    "on Windows the same form: DOTNET|8.0, ASPNET|V4.8, NODE|20-lts, "
	    "JAVA|17, TOMCAT|10.1-java17; a function app's language and "
	    "version: python|3.11, dotnet-isolated|8.0, node|20, java|17, "
	    "powershell|7.4, custom"},
	{"app_create", "content_share", STR, "an Elastic Premium or "
	    "Consumption function app's Azure Files share "
	    "(WEBSITE_CONTENTSHARE; default: the app's key and -content)"},
	{"app_create", "deployment_container", STR, "a Flex Consumption "
	    "function app's package container on its host storage (default: "
	    "app-package- and the app's key)"},
	{"app_create", "max_instances", "{\"type\": \"integer\", "
	    "\"minimum\": 1, \"maximum\": 1000}", "a Flex Consumption "
	    "function app's most instances (maximumInstanceCount; default "
	    "100)"},
	{"app_create", "instance_memory", "{\"enum\": [512, 2048, 4096]}",
	    "a Flex Consumption function app's instance size in MB "
	    "(instanceMemoryMB; default 2048)"},
	{"app_create", "min_tls", "#enum_tls", "minimum TLS version of the "
	    "site and its SCM site (default 1.2; lower: VN363)"},
	{"app_create", "ftps", "#enum_ftps", "disabled (default), ftps_only "
	    "or all_allowed (VN363)"},
	{"app_create", "basic_auth", BOOL, "basic-auth publishing "
	    "credentials for FTP and SCM (default false; true: VN363)"},
	{"app_create", "always_on", BOOL, "default true, false on Free and "
	    "Shared plans and for function apps on Functions plans (none on "
	    "Consumption and Flex Consumption: VN366)"},
	{"app", "storage", STR, "a function app's host storage: the key of "
	    "a storage account back end (VN367)"},
	{"app", "identity", "{\"anyOf\": [{\"type\": \"string\"}, "
	    "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}]}",
	    "a created app's managed identities: system (its system-assigned "
	    "one) and keys of identities:, e.g. [system, web-id]"},
	{"app", "roles", "{\"type\": \"array\", \"items\": {\"$ref\": "
	    "\"#/definitions/role\"}}", "built-in roles of the app's "
	    "identities on back ends: [{on: vault, role: Key Vault Secrets "
	    "User, as: system}]"},
	{"role", "on", STR, "the back end (a key of backends)"},
	{"role", "role", STR, "a built-in role's name (docs/spec.md lists "
	    "them) or a role definition GUID"},
	{"role", "as", STR, "system (the app's system-assigned identity) or "
	    "a key of identities the app carries"},
	{"app", "private_endpoints", "{\"type\": [\"array\", \"null\"], "
	    "\"items\": {\"$ref\": \"#/definitions/pe\"}}", "the app's own "
	    "inbound private endpoints (group id sites, zone "
	    "privatelink.azurewebsites.net)"},
	{"app", "public_access", "#enum_app_access", "disabled or enabled: "
	    "the app's public network access, set after its own endpoints; "
	    "absent: left as it is"},
	{"app", "basic_auth", BOOL, "basic-auth publishing credentials for "
	    "FTP and SCM: false turns them off; absent: unchanged (created: "
	    "create.basic_auth)"},
	{"app", "access", "#access", "the app's access restrictions: who "
	    "still comes in over its public endpoint (default, rules, scm)"},
	{"access", "default", "#enum_ar_action", "allow or deny (the "
	    "default): what a caller no rule matches gets"},
	{"access", "rules", "{\"type\": [\"array\", \"null\"], "
	    "\"items\": {\"$ref\": \"#/definitions/access_rule\"}}",
	    "the rules, in priority order; the spec's replace Azure's"},
	{"access", "scm", "{\"anyOf\": [{\"const\": \"main\"}, "
	    "{\"$ref\": \"#/definitions/scm_access\"}]}", "main (the "
	    "default: the SCM site takes the main site's rules) or its own "
	    "default and rules"},
	{"scm_access", "default", "#enum_ar_action", "allow or deny (the "
	    "default)"},
	{"scm_access", "rules", "{\"type\": [\"array\", \"null\"], "
	    "\"items\": {\"$ref\": \"#/definitions/access_rule\"}}",
	    "the SCM site's rules"},
	{"access_rule", "name", STR, "the rule's name: letters, digits, "
	    "spaces, . _ -"},
	{"access_rule", "priority", "{\"type\": \"integer\", "
	    "\"minimum\": 1, \"maximum\": 2147483646}", "1-2147483646, "
	    "each rule its own (default: 100 a rule, in order)"},
	{"access_rule", "action", "#enum_ar_action", "allow (the default) "
	    "or deny"},
	{"access_rule", "ip", STR, "an IPv4 or IPv6 address or prefix"},
	{"access_rule", "service_tag", STR, "a service tag, e.g. "
	    "AzureFrontDoor.Backend"},
	{"access_rule", "subnet", STR, "a subnet of the spec (KEY or "
	    "VNET/SUBNET) with the Microsoft.Web service endpoint"},
	{"app", "slots", "{\"type\": [\"object\", \"null\"], "
	    "\"additionalProperties\": {\"anyOf\": [{\"type\": \"null\"}, "
	    "{\"$ref\": \"#/definitions/slot\"}]}}", "deployment slots "
	    "vnetc creates for the app, by name; nothing is copied from the "
	    "app but its plan, create: settings and identities (an existing "
	    "app's: its plan, kind and OS)"},
	{"app", "slot_settings", "{\"type\": [\"array\", \"null\"], "
	    "\"items\": {\"type\": \"string\", \"pattern\": "
	    "\"^[A-Za-z0-9._]+$\"}}", "with slots: the names of the app "
	    "settings that stay with their slot on a swap (the site's "
	    "config/slotConfigNames: the spec's whole list)"},
	{"slot", "https_only", BOOL, "true or false (default true)"},
	{"slot", "vnet_integration", STR, "the slot's own integration "
	    "subnet's logical name, or VNET/SUBNET"},
	{"slot", "route_all", BOOL, "route all outbound traffic into the "
	    "VNet (default true)"},
	{"slot", "private_endpoints", "{\"type\": [\"array\", \"null\"], "
	    "\"items\": {\"$ref\": \"#/definitions/pe\"}}", "the slot's "
	    "inbound private endpoints (group id sites-<slot>, zone "
	    "privatelink.azurewebsites.net)"},
	{"slot", "public_access", "#enum_app_access", "disabled or enabled: "
	    "the slot's public network access; absent: its app's "
	    "public_access (else left as Azure makes it, enabled)"},
	{"slot", "app_settings", "{\"type\": [\"object\", \"null\"], "
	    "\"propertyNames\": {\"pattern\": \"^[A-Za-z0-9._]+$\"}, "
	    "\"additionalProperties\": {\"anyOf\": [{\"$ref\": "
	    "\"#/definitions/scalar\"}, {\"$ref\": "
	    "\"#/definitions/setting_ref\"}]}}", "the slot's own app "
	    "settings (merged into its existing ones, after its roles), as "
	    "an app's: ${param}, {secret: VAULT/NAME} (resolved with the "
	    "slot's own identity) or {from: KEY, property: P}"},
	{"slot", "identity", "{\"anyOf\": [{\"type\": \"string\"}, "
	    "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}]}",
	    "the slot's own managed identities (system: its own principal, "
	    "and keys of identities:); absent: its app's"},
	{"slot", "key_vault_identity", STR, "the user-assigned identity (of "
	    "the slot's identity: list) that resolves its Key Vault "
	    "references; absent: its app's, without identity: of its own"},
	{"slot", "roles", "{\"type\": \"array\", \"items\": {\"$ref\": "
	    "\"#/definitions/role\"}}", "built-in roles of the slot's "
	    "identities on back ends (as: system is the slot's own "
	    "principal)"},
	{"slot", "content_share", STR, "a function app's slot on Elastic "
	    "Premium: its own content share (default: the app's, '-' and "
	    "the slot's name)"},
	{"app", "https_only", BOOL, "true or false; absent: unchanged "
	    "(created: true)"},
	{"app", "vnet_integration", STR, "the integration subnet's logical "
	    "name"},
	{"app", "route_all", BOOL, "route all outbound traffic into the "
	    "VNet; default true"},
	{"app", "app_settings", "{\"type\": [\"object\", \"null\"], "
	    "\"propertyNames\": {\"pattern\": \"^[A-Za-z0-9._]+$\"}, "
	    "\"additionalProperties\": {\"anyOf\": [{\"$ref\": "
	    "\"#/definitions/scalar\"}, {\"$ref\": "
	    "\"#/definitions/setting_ref\"}]}}",
	    "settings to set (merged into the existing ones); values may use "
	    "${param}, or be a Key Vault reference {secret: VAULT/NAME}, or "
	    "another resource's property {from: KEY, property: P}"},
	{"setting_ref", "secret", STR, "VAULT/NAME: a Key Vault reference to "
	    "secret NAME of key vault back end VAULT (VN384)"},
	{"setting_ref", "from", STR, "the key of the back end, identity or "
	    "app whose property the setting takes (VN387)"},
	{"setting_ref", "property", "{\"type\": \"string\", \"pattern\": "
	    "\"^[A-Za-z_][A-Za-z0-9_]*(\\\\.[A-Za-z_][A-Za-z0-9_]*)*$\"}",
	    "a dotted path under the resource's properties, as ARM's "
	    "reference() answers them (vaultUri, primaryEndpoints.blob, "
	    "clientId), or name or id: the resource's own; never a secret "
	    "(VN387)"},
	{"app", "key_vault_identity", STR, "a created app's user-assigned "
	    "identity (a key of its identity: list) that resolves its Key "
	    "Vault references (VN386); default: its system-assigned one"},
	{"app", "storage_identity", STR, "a created function app's identity "
	    "(system, or a key of its identity: list) that its host connects "
	    "to its storage with, instead of the account key (VN416); "
	    "absent: the key"},
	{"app", "uses", STRS, "the back ends (keys) the app calls; absent: "
	    "every back end"},
	{"app_ex", "identity", "{\"anyOf\": [{\"$ref\": "
	    "\"#/definitions/enum_identity\"}, {\"$ref\": "
	    "\"#/definitions/identity\"}]}", "the app's managed identity: "
	    "SystemAssigned or None, or {type, user_assigned}"},
	{"app_ex", "os", "#enum_os", "windows or linux; default: the "
	    "plan's"},
	{"app_ex", "kind", STR, "as Azure spells it: comma-separated words, "
	    "e.g. app,linux or functionapp,linux"},
	{"uai", "create", "{\"anyOf\": [{\"const\": true}, {\"type\": "
	    "\"null\"}, {\"$ref\": \"#/definitions/uai_create\"}]}", "vnetc "
	    "creates it in the spec's region, tagged as its own: {}"},
	{"uai", "existing", "#resid", "an identity vnetc does not create, by "
	    "its resource id (/subscriptions/SUB/resourceGroups/RG/providers/"
	    "Microsoft.ManagedIdentity/userAssignedIdentities/NAME)"},
	{"identity", "type", "#enum_identity", "SystemAssigned, UserAssigned, "
	    "\"SystemAssigned, UserAssigned\" or None"},
	{"identity", "user_assigned", STRS, "the user-assigned identities' "
	    "resource ids"},
};

/* Requirements the key tables cannot say: one of two keys, as spec.c's
 * VN103 checks them ("vnet 'x' needs 'address_space'" unless existing).
 */
static const struct {
	const char *obj, *keys[2];
	bool one;       /* exactly one of the keys (oneOf), else anyOf */
} conds[] = {
	{"vnet", {"address_space", "existing"}, false},
	{"subnet", {"prefix", "size"}, false},
	{"backend", {"type", "id"}, false},
	{"farm_ex", {"os", "kind"}, false},
	{"addr_ref", {"subnet", "vnet"}, true},
	{"setting_ref", {"secret", "from"}, true},
};

/* Shapes several keys share. */
static const struct {
	const char *name, *schema;
} defs[] = {
	{"scalar", "{\"type\": [\"string\", \"number\", \"boolean\"]}"},
	{"strmap", "{\"type\": [\"object\", \"null\"], "
	    "\"additionalProperties\": {\"$ref\": \"#/definitions/scalar\"}}"},
	{"any", "{\"type\": \"string\", \"pattern\": \"^[Aa][Nn][Yy]$\"}"},
	/* checked by vnetc (VN109) on parameters' values too */
	{"sub", "{\"type\": \"string\", \"pattern\": \"^([0-9A-Fa-f]{8}-"
	    "[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|"
	    ".*\\\\$\\\\{[A-Za-z0-9_]+\\\\}.*)$\"}"},
	{"rg", "{\"type\": \"string\", \"minLength\": 1}"},
	{"resid", "{\"type\": \"string\", \"pattern\": "
	    "\"^(/subscriptions/|\\\\$\\\\{)\"}"},
	{"prefix", "{\"type\": \"string\", \"pattern\": "
	    "\"^[0-9A-Fa-f:.]+/[0-9]{1,3}$\"}"},
	{"prefixes", "{\"anyOf\": [{\"$ref\": \"#/definitions/prefix\"}, "
	    "{\"type\": \"array\", \"items\": {\"$ref\": "
	    "\"#/definitions/prefix\"}}]}"},
	{"port", "{\"type\": [\"string\", \"integer\"], \"pattern\": "
	    "\"^(\\\\*|[0-9]+(-[0-9]+)?)$\"}"},
	{"ports", "{\"anyOf\": [{\"$ref\": \"#/definitions/port\"}, "
	    "{\"type\": \"array\", \"items\": {\"$ref\": "
	    "\"#/definitions/port\"}}]}"},
	{"addr", "{\"anyOf\": [{\"type\": \"string\"}, {\"$ref\": "
	    "\"#/definitions/addr_ref\"}]}"},
	{"addrs", "{\"anyOf\": [{\"$ref\": \"#/definitions/addr\"}, "
	    "{\"type\": \"array\", \"items\": {\"$ref\": "
	    "\"#/definitions/addr\"}}]}"},
	{"peerings", "{\"anyOf\": [{\"type\": [\"string\", \"null\"]}, "
	    "{\"type\": \"array\", \"items\": {\"anyOf\": [{\"type\": "
	    "\"string\"}, {\"$ref\": \"#/definitions/peer\"}]}}]}"},
	{"silence", "{\"type\": \"object\", \"propertyNames\": "
	    "{\"pattern\": \"^VN[0-9]{3}$\"}, \"additionalProperties\": "
	    "{\"type\": \"string\", \"minLength\": 1}}"},
	{"parameters", "{\"type\": [\"object\", \"null\"], \"propertyNames\": "
	    "{\"pattern\": \"^[a-z][A-Za-z0-9_]*$\"}, \"additionalProperties\": "
	    "{\"anyOf\": [{\"type\": \"null\"}, {\"$ref\": "
	    "\"#/definitions/scalar\"}, {\"$ref\": \"#/definitions/param\"}]}}"},
	/* the sections: logical name -> object */
	{"vnets", "{\"type\": \"object\", \"additionalProperties\": "
	    "{\"$ref\": \"#/definitions/vnet\"}}"},
	{"subnets", "{\"type\": [\"object\", \"null\"], "
	    "\"additionalProperties\": {\"$ref\": \"#/definitions/subnet\"}}"},
	{"backends", "{\"type\": [\"object\", \"null\"], "
	    "\"additionalProperties\": {\"$ref\": \"#/definitions/backend\"}}"},
	{"plans", "{\"type\": [\"object\", \"null\"], "
	    "\"additionalProperties\": {\"$ref\": \"#/definitions/farm\"}}"},
	{"identities", "{\"type\": [\"object\", \"null\"], "
	    "\"additionalProperties\": {\"$ref\": \"#/definitions/uai\"}}"},
	{"apps", "{\"type\": [\"object\", \"null\"], "
	    "\"additionalProperties\": {\"$ref\": \"#/definitions/app\"}}"},
	{"nsgs", "{\"type\": [\"object\", \"null\"], "
	    "\"additionalProperties\": {\"anyOf\": [{\"type\": \"null\"}, "
	    "{\"$ref\": \"#/definitions/nsg\"}]}}"},
	{"route_tables", "{\"type\": [\"object\", \"null\"], "
	    "\"additionalProperties\": {\"anyOf\": [{\"type\": \"null\"}, "
	    "{\"$ref\": \"#/definitions/rt\"}]}}"},
	{"nat_gateways", "{\"type\": [\"object\", \"null\"], "
	    "\"additionalProperties\": {\"anyOf\": [{\"type\": \"null\"}, "
	    "{\"$ref\": \"#/definitions/nat\"}]}}"},
	{"dns", "{\"anyOf\": [{\"type\": \"null\"}, {\"$ref\": "
	    "\"#/definitions/dns_map\"}]}"},
};

/* The JSON of a row's type (a fragment, or a $ref), or NULL (reported):
 * the fragments are this file's, so a bad one is vnetc's bug. */
static json_t *
type_of(const struct row *r)
{
	if (r->type[0] == '#') {
		char ref[128];
		snprintf(ref, sizeof(ref), "#/definitions/%s", r->type + 1);
		return json_pack("{s:s}", "$ref", ref);
	}
	json_error_t e;
	json_t *t = json_loads(r->type, JSON_DECODE_ANY, &e);
	if (!t)
		fprintf(stderr, "vnetc: schema: bad type of %s.%s: %s\n",
		    r->obj, r->key, e.text);
	return t;
}

static const struct row *
row_of(const char *obj, const char *key)
{
	const struct row *any = NULL;

	for (size_t i = 0; i < NELEM(rows); i++)
		if (!strcmp(rows[i].key, key)) {
			if (!strcmp(rows[i].obj, obj))
				return &rows[i];
			if (!strcmp(rows[i].obj, "*"))
				any = &rows[i];
		}
	return any;
}

static bool
table_has(const struct spec_table *t, const char *key)
{
	for (const char *const *k = t->words; *k; k++)
		if (!strcmp(**k == '*' ? *k + 1 : *k, key))
			return true;
	return false;
}

/* One object of the parser's: its keys, required ones, nothing else. */
static json_t *
object_of(const struct spec_table *t, int *bad)
{
	json_t *props = json_object(), *req = json_array();

	for (const char *const *k = t->words; *k; k++) {
		const char *key = **k == '*' ? *k + 1 : *k;
		const struct row *r = row_of(t->name, key);
		json_t *p;
		if (!r) {
			fprintf(stderr, "vnetc: schema: the parser takes '%s' "
			    "in %s, and compiler/schema.c has no row for it\n",
			    key, t->name);
			++*bad;
			continue;
		}
		if (!(p = type_of(r))) {
			++*bad;
			continue;
		}
		/* beside a $ref draft-07 ignores other keywords: wrap it */
		if (json_object_get(p, "$ref"))
			p = json_pack("{s:[o]}", "allOf", p);
		json_object_set_new(p, "description", json_string(r->desc));
		json_object_set_new(props, key, p);
		if (**k == '*')
			json_array_append_new(req, json_string(key));
	}
	json_t *o = json_pack("{s:s,s:o}", "type", "object", "properties",
	    props);
	if (json_array_size(req))
		json_object_set(o, "required", req);
	json_decref(req);
	json_object_set_new(o, "additionalProperties", json_false());
	for (size_t i = 0; i < NELEM(conds); i++) {
		if (strcmp(conds[i].obj, t->name))
			continue;
		json_t *alt = json_array();
		for (size_t j = 0; j < NELEM(conds[i].keys); j++) {
			const char *key = conds[i].keys[j];
			if (!json_object_get(props, key)) {
				fprintf(stderr, "vnetc: schema: compiler/"
				    "schema.c requires '%s' in %s, which the "
				    "parser does not take\n", key, t->name);
				++*bad;
			}
			json_array_append_new(alt, json_pack("{s:[s]}",
			    "required", key));
		}
		json_object_set_new(o, conds[i].one ? "oneOf" : "anyOf", alt);
	}
	return o;
}

/* w as a regular expression that matches it in any case. */
static void
any_case(struct buf *re, const char *w)
{
	for (const char *c = w; *c; c++)
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))
			buf_printf(re, "[%c%c]", *c & ~0x20, *c | 0x20);
		else if (strchr("*.+?()[]{}|\\^$", *c))
			buf_printf(re, "\\%c", *c);
		else
			buf_printf(re, "%c", *c);
}

/* A fixed set: completions offer Azure's spelling, and any case passes,
 * as the parser matches without case. */
static json_t *
enum_of(const struct spec_table *t)
{
	json_t *vals = json_array();
	struct buf re = {0};

	buf_puts(&re, "^(");
	for (const char *const *v = t->words; *v; v++) {
		json_array_append_new(vals, json_string(*v));
		if (v != t->words)
			buf_puts(&re, "|");
		any_case(&re, *v);
	}
	buf_puts(&re, ")$");
	json_t *e = json_pack("{s:[{s:o},{s:s,s:s}]}", "anyOf", "enum", vals,
	    "type", "string", "pattern", buf_str(&re));
	buf_free(&re);
	return e;
}

/* A back end's create: as spec.c reads it (VN361, VN362): not with
 * existing: or id:, on a type of spec_create_types only, and with that
 * type's keys (if type is this one, then create: is true, null or its
 * table's object). Draft-07's if/then: the language server completes the
 * keys of the type written above. */
static void
backend_create(json_t *backend)
{
	json_t *all = json_array();
	struct buf types = {0};

	buf_puts(&types, "^(");
	for (const struct spec_create_type *ct = spec_create_types; ct->type;
	    ct++) {
		struct buf re = {0}, ref = {0};
		buf_puts(&re, "^");
		any_case(&re, ct->type);
		buf_puts(&re, "$");
		buf_printf(&ref, "#/definitions/%s", ct->table);
		json_array_append_new(all, json_pack("{s:{s:{s:{s:s}},s:[s,s]},"
		    "s:{s:{s:{s:[{s:b},{s:s},{s:s}]}}}}", "if", "properties",
		    "type", "pattern", buf_str(&re), "required", "type",
		    "create", "then", "properties", "create", "anyOf", "const",
		    1, "type", "null", "$ref", buf_str(&ref)));
		if (ct != spec_create_types)
			buf_puts(&types, "|");
		any_case(&types, ct->type);
		buf_free(&re);
		buf_free(&ref);
	}
	buf_puts(&types, ")$");
	json_array_append_new(all, json_pack("{s:{s:[s,s]},s:{s:{s:{s:s}}}}",
	    "if", "required", "type", "create", "then", "properties", "type",
	    "pattern", buf_str(&types)));
	buf_free(&types);
	json_object_set_new(backend, "allOf", all);
	json_object_set_new(backend, "not", json_pack("{s:[{s:[s,s]},"
	    "{s:[s,s]}]}", "anyOf", "required", "create", "existing",
	    "required", "create", "id"));
}

/* The whole schema, or NULL when the rows and the parser's tables
 * disagree (reported). */
static json_t *
schema_build(void)
{
	json_t *d = json_object();
	int bad = 0;

	for (size_t i = 0; i < NELEM(defs); i++) {
		json_error_t e;
		json_t *t = json_loads(defs[i].schema, 0, &e);
		if (!t) {
			fprintf(stderr, "vnetc: schema: bad definition %s: "
			    "%s\n", defs[i].name, e.text);
			bad++;
			continue;
		}
		json_object_set_new(d, defs[i].name, t);
	}
	json_t *top = NULL;
	for (const struct spec_table *t = spec_key_tables; t->name; t++) {
		json_t *o = object_of(t, &bad);
		/* "dns" is both a top-level key's shape (defs: it may be
		 * empty) and the parser's table of its keys */
		if (!strcmp(t->name, "top"))
			top = o;
		else
			json_object_set_new(d, !strcmp(t->name, "dns") ?
			    "dns_map" : t->name, o);
	}
	backend_create(json_object_get(d, "backend"));
	for (const struct spec_table *t = spec_value_tables; t->name; t++) {
		char name[64];
		snprintf(name, sizeof(name), "enum_%s", t->name);
		json_object_set_new(d, name, enum_of(t));
	}
	/* a row for a key the parser refuses */
	for (size_t i = 0; i < NELEM(rows); i++) {
		const struct row *r = &rows[i];
		bool found = false;
		for (const struct spec_table *t = spec_key_tables; t->name &&
		    !found; t++)
			found = (!strcmp(r->obj, "*") ||
			    !strcmp(r->obj, t->name)) && table_has(t, r->key);
		if (!found) {
			fprintf(stderr, "vnetc: schema: compiler/schema.c has "
			    "a row for '%s' in %s, which the parser does not "
			    "take\n", r->key, r->obj);
			bad++;
		}
	}
	if (bad || !top) {
		json_decref(d);
		json_decref(top);
		return NULL;
	}
	json_t *s = json_pack("{s:s,s:s,s:s}",
	    "$schema", "http://json-schema.org/draft-07/schema#",
	    "title", "vnetc spec (format 1)",
	    "description", "A vnetc spec: an Azure network-isolation topology "
	    "(docs/spec.md). Generated by 'vnetc schema'.");
	json_object_update(s, top);
	json_decref(top);
	json_object_set_new(s, "definitions", d);
	return s;
}

static int
usage(const char *fmt, const char *arg, const char *near)
{
	return subcmd_usage("schema", fmt, arg, near);
}

int
schema_main(int argc, char **argv)
{
	const char *out = NULL;

	for (int i = 0; i < argc; i++) {
		const char *a;
		const char *v = arg_split(argv[i], "o", &a);
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_schema, stdout);
			return 0;
		}
		if (strcmp(a, "-o")) {
			int d;
			const char *near = usage_nearest(usage_schema, a, &d);
			return usage(a[0] == '-' ? "unknown option '%s'" :
			    "takes no argument ('%s')", a, a[0] == '-' &&
			    near && near_miss(a, d) ? near : NULL);
		}
		if (!v && i + 1 >= argc)
			return usage("%s needs a file name", a, NULL);
		out = v ? v : argv[++i];
		if (!*out)
			return usage("-o needs a file name, not '%s'", out,
			    NULL);
	}
	json_t *s = schema_build();
	if (!s)
		return 70; /* EX_SOFTWARE: the rows and the parser disagree */
	char *text = json_dumps(s, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(s);
	if (!text) {
		fprintf(stderr, "vnetc: schema: out of memory\n");
		return 2;
	}
	size_t len = strlen(text);
	text[len++] = '\n'; /* json_dumps's NUL: the file ends in a newline */
	int rc = 0;
	if (out) {
		size_t made = 0;
		char *dir = dir_of(out);
		if (dir_make(dir, &made) < 0 ||
		    file_write_atomic(out, text, len, 0644) < 0) {
			struct buf b = {0};
			uni_put_shown(&b, out, strlen(out), true);
			fprintf(stderr, "vnetc: cannot write %s: %s\n",
			    buf_str(&b), strerror(errno));
			buf_free(&b);
			dir_unmake(dir, made);
			rc = 2;
		}
		free(dir);
	} else if (fwrite(text, 1, len, stdout) != len || fflush(stdout)) {
		fprintf(stderr, "vnetc: schema: cannot write: %s\n",
		    strerror(errno));
		rc = 2;
	}
	free(text);
	return rc;
}
