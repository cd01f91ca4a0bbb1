/* model.h - the topology model every phase shares, and one section per .c
 * listing its public functions.
 *
 * Ownership: spec_load() allocates the whole model in one arena
 * (struct spec.arena); nothing is freed individually; spec_free() frees
 * it all. Collections are arrays plus counts, in spec order. Every node
 * keeps the struct pos of the YAML node it came from. */
#ifndef MODEL_H
#define MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "cidr.h"
#include "diag.h"
#include "privatelink.h"
#include "util.h"

struct param;

/* A string as written in the spec: literal text with ${param} references.
 * segs alternate freely; a seg is a literal (lit != NULL) or a parameter. */
struct seg {
	const char *lit;
	struct param *param;
};

struct tmpl {
	struct seg *segs;
	size_t nsegs;
	const char *raw; /* as written, for messages */
	struct pos pos;
};

/* A name = value pair: naming_vars, and the tags a naming hook's tags()
 * gives a resource (naming.c), sorted by key so outputs are stable. */
struct kv {
	const char *key, *value;
};

struct kvlist {
	struct kv *items;
	size_t n;
};

struct param {
	const char *name;
	struct pos pos;
	struct tmpl def; /* default; nsegs == 0 and !has_def: none */
	bool has_def;
	const char *desc;
	const char *value; /* -p override, or NULL */
	bool builtin;      /* location, groupName */
	bool used;
	bool refused;      /* its default was reported (VN109): once */
	/* ${vnetc_hN}: the 8 hex digits of tmpl_hash() of this tmpl's
	 * value, an id whose subscription or group is the run's (spec.c
	 * shared_child_name): the script computes it, a template writes it
	 * as an expression, the executor evaluates it. In no params list. */
	const struct tmpl *hash_of;
};

/* An address prefix as written and as parsed. ok is false when it did not
 * parse; c then holds nothing useful. */
struct prefix {
	const char *text;
	struct cidr c;
	bool ok;
	struct pos pos;
};

/* Where a resource lives: a subscription and a resource group. spec.c
 * interns one per distinct pair (evaluated, case-insensitively) in
 * s->scopes; scopes[0] is the home scope, the spec's own resource_group
 * (and subscription:, or the run's). Every resource points at one;
 * children live in their parent's. Ids are built from it (body.c resid,
 * emit_az.c, apply.c), so a resource kind added later gets scopes for
 * free. */
struct scope {
	struct tmpl sub; /* the spec's subscription:, an object's, or
			  * ${vnetc_subscription}: the one the run targets */
	struct tmpl rg;  /* home: ${groupName} */
	struct pos pos;  /* where it is first named */
	size_t id;       /* index in s->scopes; 0: home */
	/* its subscription or group was refused (VN109): a stand-in, home's
	 * copy, that checks comparing scopes say nothing of */
	bool bad;
};

/* resource_group: and subscription: as an object writes them (or its id
 * says); nsegs 0: not given, the home scope's. */
struct place {
	struct tmpl sub, rg;
};

struct vnet;
struct nsg;
struct rtable;
struct natgw;
struct svcendpoint;

/* A reference by logical name (peerings, dns_links, uses), resolved by
 * spec.c; target NULL when it names nothing (VN302 reported). */
struct ref {
	const char *name;
	struct pos pos;
	void *target;
	/* a peering: allow_forwarded_traffic on this VNet's side, -1 when
	 * the entry does not say (false) */
	int fwd;
	/* a peering: allow_gateway_transit, use_remote_gateways on this
	 * VNet's side (false unless the entry says); gw_pos: the latter's */
	bool gw_transit, use_remote_gw;
	struct pos gw_pos;
	struct pos transit_off; /* allow_gateway_transit: false; line 0: not said */
};

struct subnet {
	const char *key; /* logical name = map key */
	struct pos pos;
	struct tmpl name; /* Azure name; defaults to the key */
	struct vnet *vnet;
	struct prefix *prefixes;
	size_t nprefixes;
	const char *delegation; /* canonical service name, or NULL */
	struct pos delegation_pos;
	const char *pe_policies; /* privateEndpointNetworkPolicies, or NULL */
	struct pos pe_policies_pos;
	/* privateLinkServiceNetworkPolicies ("Enabled", "Disabled") or NULL;
	 * defaultOutboundAccess: -1 not given (Azure's default), 0, 1 */
	const char *pls_policies;
	int outbound_access;
	/* filled by spec.c's resolution pass */
	size_t npes, nintegrations;
	/* "size: /26" instead of a prefix: check.c chooses the prefix and
	 * stores it in prefixes (VN213). size is the length, or -1. */
	int size;
	struct pos size_pos;
	bool auto_prefix;
	/* "delegation:" as a list of more than one: check.c reports VN312 */
	size_t ndelegations;
	struct pos delegation2_pos;
	/* Subnet security (issue 18): the NSG, route table and NAT gateway
	 * the subnet uses (resolved by spec.c; NULL: none, or a dangling
	 * reference, reported), where the spec says so, and its service
	 * endpoints in spec order. */
	struct nsg *nsg;
	struct rtable *rt;
	struct natgw *nat;
	/* nsg:, route_table:, nat_gateway: as written: a key (name), or
	 * written inline (name NULL, pos set), or absent (pos.line 0) */
	struct ref nsg_ref, rt_ref, nat_ref;
	struct svcendpoint *ses;
	size_t nses;
};

struct vnet {
	const char *key;
	struct pos pos;
	struct tmpl name;
	/* ${vnetc_hN} of its id, for the names of its shared children
	 * (spec.c shared_child_name), where the id is the run's; or NULL */
	struct param *hash;
	struct tmpl location; /* defaults to the spec's location */
	struct prefix *space;
	size_t nspace;
	struct pos space_pos;
	struct subnet *subnets;
	size_t nsubnets;
	/* "peerings:": VNets this one is peered with (target: struct vnet).
	 * Declared on either side; spec.c derives s->peerings from them. */
	struct ref *peerings;
	size_t npeerings;
	struct kvlist tags; /* from the naming hook's tags() */
	struct place at;
	const struct scope *scope;
	/* "existing: ID": a VNet vnetc does not create (a platform's hub):
	 * peerings, links and resolves_through refer to it; never written. */
	bool existing;
	struct pos existing_pos;
	/* "dns_servers:": dhcpOptions.dnsServers of a VNet vnetc creates */
	struct prefix *dns_servers;
	size_t ndns_servers;
	struct pos dns_servers_pos;
	/* "resolves_through: hub": its DNS servers forward to a resolver in
	 * that VNet, so a zone linked there resolves here (VN326) */
	struct ref resolves_through;
};

enum access { ACCESS_KEEP, ACCESS_ENABLED, ACCESS_DENY, ACCESS_DISABLED };

struct zone;
struct backend;

struct pe {
	struct pos pos;
	struct backend *target;
	struct tmpl name, conn_name, zg_name;
	const char *group;  /* group id in the table's spelling */
	struct pos group_pos;
	const char *subnet_ref;
	struct pos subnet_pos;
	struct subnet *subnet;
	struct zone **zones; /* private DNS zones of its zone group */
	size_t nzones;
	bool zones_given;   /* dns_zones in the spec, not derived */
	/* "dns_links:": more VNets to link the zones to (target: vnet) */
	struct ref *dns_links;
	size_t ndns_links;
	struct kvlist tags; /* from the naming hook's tags() */
	/* an endpoint to a deployment slot of its app (group id
	 * sites-<slot>): it waits for the slot (plan.c); NULL otherwise */
	struct app *slot;
	/* "zone_group: policy" (or the dns: block's zone_groups: policy): a
	 * DeployIfNotExists policy makes the zone group; vnetc waits for
	 * it, adopts it whatever its name, never creates one. zg_set: the
	 * endpoint said create or named its group. */
	bool zg_policy, zg_set;
	struct pos zg_pos;
	/* "zone_scope: local": its zones are the spec's own, in the home
	 * scope, not the dns: block's central ones (VN350) */
	bool zones_local;
	struct pos zones_local_pos;
};

/* What a full ARM PUT of an existing resource must restate; set when the
 * spec describes it (the "existing:" mapping). */
struct existing {
	bool is;          /* the resource exists before vnetc runs */
	bool described;   /* the spec restates what a PUT needs */
	struct pos pos;
	const char *kind; /* Cognitive kind; plan or site kind as Azure spells
			   * it ("elastic", "functionapp,linux"), NULL: derived */
	struct pos kind_pos;
	const char *sku;  /* Cognitive or vault sku */
	struct tmpl subdomain; /* Cognitive customSubDomainName */
	int rbac;         /* vault enableRbacAuthorization: -1 unknown */
	const char *os;   /* plan / app: "windows" or "linux" (from os:, the
			   * kind, or the app's plan), NULL: unknown */
	struct pos os_pos;
	const char *identity; /* site identity type, or NULL */
	/* The user-assigned identities' resource ids (identity type
	 * UserAssigned or "SystemAssigned, UserAssigned"). */
	struct tmpl *uids;
	size_t nuids;
};

/* "create:": a resource vnetc creates and owns (issue 16). Created
 * locked: its public access is in the create body, never opened. */
struct create {
	bool is;
	struct pos pos;
	const char *sku;   /* vault: standard, premium; storage: Standard_LRS.. */
	int rbac;          /* vault enableRbacAuthorization (1) */
	int purge;         /* vault enablePurgeProtection (1) */
	int soft_days;     /* vault softDeleteRetentionInDays (90) */
	int shared_key;    /* storage allowSharedKeyAccess (0) */
	/* plans and apps vnetc creates (docs/azure-notes.md, "Plans and
	 * web apps vnetc creates") */
	const char *os;      /* plan: "windows" (az's default) or "linux" */
	int max_workers;     /* Elastic Premium plan: maximumElasticWorkerCount */
	struct pos max_workers_pos; /* where the spec writes it (line 0: not) */
	const char *runtime; /* app: Linux stack as linuxFxVersion, "PYTHON|3.12" */
	struct pos runtime_pos; /* its value's, where its findings point */
	const char *min_tls; /* app: minTlsVersion and scmMinTlsVersion ("1.2") */
	const char *ftps;    /* app: ftpsState ("Disabled") */
	int basic_auth;      /* app: basic-auth publishing credentials (0) */
	int always_on;       /* app: alwaysOn (1 where the plan's tier has it) */
	struct pos always_on_pos; /* where always_on is written, or line 0 */
	bool system_identity; /* app: identity: [system], SystemAssigned */
	/* an Azure SQL server vnetc creates (docs/azure-notes.md, "Azure SQL
	 * and Azure AI services vnetc creates"): Microsoft Entra-only, its
	 * admin set at creation only; min_tls above ("1.2") */
	struct tmpl admin_login, admin_oid; /* entra_admin login, object_id */
	const char *admin_type; /* User, Group or Application */
	struct sqldb *dbs;      /* databases: one step each (STEP_SQLDB) */
	size_t ndbs;
	/* an Azure AI services / OpenAI account: kind required (also
	 * ex.kind, which chooses its zones), sku (S0); its custom subdomain
	 * is ex.subdomain (default: the name) */
	const char *kind;
	int local_auth;         /* !disableLocalAuth (0): keys off */
	/* Cosmos DB, Service Bus, App Configuration (docs/azure-notes.md,
	 * "Cosmos DB, Service Bus and App Configuration vnetc creates"):
	 * a Cosmos DB account's API is kind above (Sql, MongoDB, ...), its
	 * default consistency; sku, local_auth, purge and soft_days above
	 * (Service Bus: Premium; App Configuration: standard, 7 days) */
	const char *consistency;
	int capacity;           /* Service Bus Premium messaging units (1) */
	/* function apps (create.kind: functionapp; docs/azure-notes.md,
	 * "Function apps and their plans vnetc creates") */
	bool function;       /* kind functionapp[,linux] */
	const char *worker;  /* FUNCTIONS_WORKER_RUNTIME: python, node, ... */
	/* a Windows app's stack or language version (runtime: "node|20",
	 * "DOTNET|8.0"): where it goes and its value as Azure spells it
	 * (spec.c win_version) */
	const struct winver *win;
	const char *win_val;
	/* its Java container's version: Java SE's "SE", Tomcat's from the
	 * spec ("TOMCAT|10.1-java17": "10.1"); NULL without a container */
	const char *win_cver;
	/* WEBSITE_CONTENTSHARE (Elastic Premium, Consumption), or on Flex
	 * Consumption the blob container of its deployment package
	 * (functionAppConfig.deployment.storage), or NULL: made before the
	 * app (STEP_SHARE) */
	const char *share;
	struct pos share_pos;
	const char *container; /* deployment_container: as written, or NULL */
	struct pos container_pos;
	/* Flex Consumption: functionAppConfig.scaleAndConcurrency */
	int max_instances;   /* maximumInstanceCount (100) */
	int instance_memory; /* instanceMemoryMB (2048) */
	struct pos flex_pos; /* the last of the two written, or none */
};

/* A database of a SQL server vnetc creates: a child resource with a step
 * of its own, after its server, deleted before it. */
struct sqldb {
	const char *key;
	struct pos pos;
	struct tmpl name;       /* default: the key */
	const char *sku;        /* sku.name, e.g. GP_S_Gen5_1 (default Basic) */
	struct backend *server; /* tagged as it is */
};

struct restype;

/* "firewall:" beside public_access: deny (issue 16): who may still come in
 * over the public endpoint. The spec owns each list it writes (the rules
 * Azure has are replaced by them); a list or bypass it does not write
 * stays as it is on an existing back end and is empty (bypass: the
 * type's default) on a created one. */
struct fwip {
	struct prefix p;   /* an address is a /32 */
	const char *value; /* as the type takes it (backtypes.c .fw) */
};
struct firewall {
	bool given;
	struct pos pos;
	const char *bypass; /* as the type spells it; NULL: not written */
	struct pos bypass_pos;
	bool has_ips, has_subnets; /* ip_rules:, vnet_rules: written */
	struct fwip *ips;
	size_t nips;
	const char **subnet_refs; /* vnet_rules: as written */
	struct pos *subnet_pos;
	struct subnet **subnets;  /* resolved (NULL: reported) */
	size_t nsubnets;
};

struct backend {
	const char *key;
	struct pos pos;
	const char *type; /* ARM type as written (table spelling if known) */
	struct pos type_pos;
	const struct restype *rt; /* NULL for types vnetc only connects */
	struct tmpl name;
	struct place at;   /* resource_group:, subscription: or id: */
	const struct scope *scope;
	struct pos id_pos; /* "id:" (line 0: not given) */
	struct existing ex;
	struct create cr;  /* cr.is: vnetc creates it (ex.is false) */
	enum access access;
	struct pos access_pos;
	struct pe *pes;
	size_t npes;
	struct kvlist tags; /* a created one's, from the naming hook */
	struct firewall fw;
	/* 1 + the index of the app whose own endpoints these are (the
	 * app's private_endpoints:); 0: a back end of backends: */
	size_t self_app;
};

struct zone {
	const char *name; /* DNS name, fully expanded */
	struct pos pos;   /* first endpoint that needs it */
	struct tmpl rname; /* Azure resource name (= DNS name unless renamed) */
	struct link **links;
	size_t nlinks;
	size_t id; /* spec.c's, while zones are collected */
	struct kvlist tags; /* from the naming hook's tags() */
	const struct scope *scope;
	/* A central zone (the dns: block): it exists; vnetc refers to it and
	 * links it only where the spec owns the links, never writes it. */
	bool central;
	/* the dns: key that places it (central, or vnetc's in the dns:
	 * block's group); line 0: a zone of the spec's own group that no
	 * dns: key names */
	struct pos central_pos;
};

struct link {
	struct zone *zone;
	struct vnet *vnet;
	struct tmpl name;
	struct pos pos;
	struct kvlist tags; /* from the naming hook's tags() */
};

/* One direction of a peering: Azure keeps a peering resource on each
 * side (virtualNetworks/virtualNetworkPeerings), and traffic flows only
 * once both exist (docs/azure-notes.md 1.5). Derived by spec.c from
 * "peerings:", a pair once however many times it is declared:
 * s->peerings[2k] and [2k + 1] are the two sides of one pair. */
struct peering {
	struct vnet *vnet;   /* the VNet the resource belongs to */
	struct vnet *remote;
	/* "<vnet key>-to-<remote key>"; in an existing VNet "<remote vnet
	 * name>-<8 hex of its id>" (spec.c shared_child_name); unless
	 * renamed */
	struct tmpl name;
	struct pos pos;      /* the "peerings:" entry */
	/* allowForwardedTraffic on this side: traffic that an appliance in
	 * the remote VNet forwards may enter this VNet (docs/azure-notes.md
	 * 15); from this VNet's "peerings:" entry, false unless it says. */
	bool fwd;
	struct pos fwd_pos;  /* where it says so (or the entry) */
	/* Gateway transit (docs/azure-notes.md, gateway transit): this side
	 * lets the remote VNet use this VNet's gateway (allowGatewayTransit:
	 * its entry's allow_gateway_transit, or the remote side's
	 * use_remote_gateways), or uses the remote's (useRemoteGateways). */
	bool gw_transit, use_remote_gw;
	struct pos gw_pos;   /* where use_remote_gateways says so */
	/* where this side's entry says allow_gateway_transit: false (line 0:
	 * it does not): VN215 when the remote side uses the gateway */
	struct pos transit_off;
};

struct farm {
	const char *key;
	struct pos pos;
	struct tmpl name;
	const char *sku; /* desired SKU, e.g. S1; NULL = keep */
	struct pos sku_pos;
	struct existing ex;
	struct tmpl location; /* defaults to the spec's location */
	int instances;        /* maximum instance count; 0 = not given */
	struct pos instances_pos;
	struct place at;
	const struct scope *scope;
	struct create cr;     /* cr.is: vnetc creates it (ex.is false) */
	struct kvlist tags;   /* a created one's, from the naming hook */
};

/* What a {from: KEY} setting reads: a back end, a user-assigned
 * identity, or an app of the spec. */
enum from_kind { FROM_NONE, FROM_BACKEND, FROM_IDENTITY, FROM_APP };

/* An app setting: a literal value (value), or a Key Vault reference
 * built from a secret name ({secret: VAULT/NAME}: vault, secret), whose
 * value plan_build writes as @Microsoft.KeyVault(VaultName=...;
 * SecretName=...) once the vault's name is final (naming hooks), or a
 * property of another resource of the spec ({from: KEY, property: P}),
 * read when each output runs: reference() in the template, az resource
 * show in the script, a GET in the executor. */
struct setting {
	const char *name;
	struct tmpl value;
	struct pos pos;
	struct ref vault;     /* {secret:}: target struct backend, a vault */
	const char *secret;   /* {secret:}: the secret's name, or NULL */
	struct ref from;      /* {from:}: target per from_kind */
	enum from_kind from_kind;
	const char *prop;     /* {from:}: dotted path under properties, or
			       * "name" / "id": the resource's own, which
			       * vnetc knows; NULL: not a {from:} */
	struct pos prop_pos;
};

/* A {from:} setting whose value vnetc knows without a read: the
 * resource's own name or id. */
static inline bool
setting_from_local(const struct setting *st)
{
	return st->prop && (!strcmp(st->prop, "name") ||
	    !strcmp(st->prop, "id"));
}

/* A {from:} setting read when an output runs (reference(), az resource
 * show, a GET). */
static inline bool
setting_from_read(const struct setting *st)
{
	return st->from.target && !setting_from_local(st);
}

/* "identities:": a user-assigned managed identity
 * (Microsoft.ManagedIdentity/userAssignedIdentities) that vnetc creates
 * (cr.is) or that exists (existing: its resource id). Apps name it by
 * key in identity: (issue 16). */
struct identity {
	const char *key;
	struct pos pos;
	struct tmpl name;     /* created: name:, else the key */
	struct place at;
	const struct scope *scope;
	struct create cr;     /* cr.is: vnetc creates it */
	struct tmpl id;       /* existing: its resource id */
	struct pos id_pos;
	struct kvlist tags;   /* a created one's, from the naming hook */
};

struct roledef;

/* "roles:" of an app vnetc creates: a built-in role for one of its
 * identities on a back end, a role assignment
 * (Microsoft.Authorization/roleAssignments) at the back end's scope,
 * named guid(back end id, principal resource id, role GUID) by all three
 * outputs (uuid.h arm_guid). */
struct role {
	struct pos pos;
	struct app *app;
	struct ref on;              /* target: struct backend */
	const struct roledef *def;
	struct pos role_pos;
	struct ref as;              /* "system" (target NULL), or an
				     * identity key (target: struct identity) */
	bool system;
	bool derived;               /* not written: a Key Vault reference
				     * needs it (spec.c resolve_secrets), or
				     * identity host storage (spec.c
				     * storage_roles) */
	const char *why;            /* derived: for what, as plan says it */
};

/* "access:" of an app (issue 16): its access restrictions, who may
 * still come in over its public endpoint (Microsoft.Web 2024-04-01
 * SiteConfig ipSecurityRestrictions, scmIpSecurityRestrictions and their
 * default actions). The spec owns what it writes: the rules Azure has are
 * replaced by the spec's, as a back end's firewall: are. */
enum ar_kind { AR_IP, AR_TAG, AR_SUBNET };
struct arrule {
	const char *name;
	struct pos pos;
	long priority;
	bool deny;              /* action: deny */
	enum ar_kind kind;
	const char *value;      /* AR_IP: the prefix, with its length
				 * (203.0.113.7/32, as Azure answers it);
				 * AR_TAG: the service tag */
	const char *subnet_ref; /* AR_SUBNET: as written */
	struct pos src_pos;     /* its ip:, service_tag: or subnet: */
	struct subnet *subnet;  /* AR_SUBNET, resolved (NULL: reported) */
};
struct arlist {
	bool deny;              /* default: deny (the default) */
	struct arrule *rules;
	size_t nrules;
};
struct app_access {
	bool given;
	struct pos pos;
	struct arlist main, scm;
	bool scm_own;           /* scm: {...}; else scm: main */
};

struct app {
	const char *key;
	struct pos pos;
	struct tmpl name;
	const char *farm_ref;
	struct pos farm_pos;
	struct farm *farm;
	int https_only; /* -1 keep, 0, 1 */
	const char *subnet_ref;
	struct pos subnet_pos;
	struct subnet *integration;
	bool route_all;
	struct setting *settings;
	size_t nsettings;
	struct existing ex;
	/* "vnet_integration:" as a list of more than one (VN322) */
	size_t nintegration_refs;
	struct pos subnet2_pos;
	/* "uses:": back ends the app calls (target: struct backend); absent
	 * (has_uses false) means every back end, as in the tutorial. */
	struct ref *uses;
	size_t nuses;
	bool has_uses;
	struct place at;
	const struct scope *scope;
	struct create cr;     /* cr.is: vnetc creates it (ex.is false) */
	struct kvlist tags;   /* a created one's, from the naming hook */
	/* identity: keys of a created app (target: struct identity) */
	struct ref *uais;
	size_t nuais;
	struct role *roles;   /* roles: */
	size_t nroles;
	/* "storage:" of a function app vnetc creates: its host storage
	 * (target: struct backend, a storage account) */
	struct ref storage;
	struct app_access acc; /* access: */
	/* basic-auth publishing credentials (FTP and SCM): -1 unchanged, 0
	 * off, 1 on; a created app's is its create.basic_auth */
	int basic_auth;
	/* "key_vault_identity:" of a created app: the user-assigned
	 * identity that resolves its Key Vault references
	 * (keyVaultReferenceIdentity; target: struct identity) */
	struct ref kv_identity;
	/* "storage_identity:" of a created function app: the identity its
	 * host connects to its storage with, instead of the account key:
	 * "system" (target NULL, storage_system) or a user-assigned one of
	 * its identity: list (target: struct identity); name NULL: the key */
	struct ref storage_identity;
	bool storage_system;
	/* "slots:": the deployment slots vnetc creates for the app, each a
	 * struct app of its own named by its slot name (ARM's name is
	 * APP/SLOT, the key's in messages), with slot_of its app; a slot
	 * shares its app's plan, create: settings, identities and tags
	 * (spec.c app_slots; an existing app's slot: spec.c
	 * existing_app_slot) and has its own HTTPS, integration, Route All,
	 * public access, settings, content share and endpoints (its app's
	 * own back end's, group id sites-<slot>):
	 * Azure copies nothing to a slot (docs/azure-notes.md, "Deployment
	 * slots"). */
	struct app *slots;
	size_t nslots;
	struct app *slot_of;
	/* a slot's public_access: (its site's publicNetworkAccess):
	 * ACCESS_ENABLED, ACCESS_DISABLED, or ACCESS_KEEP (unwritten, and
	 * its app's is not set); unwritten, its app's (spec.c parse_app) */
	enum access slot_access;
	struct pos slot_access_pos;
	/* a function app's slot's content_share: as written (NULL: its
	 * app's share and the slot's name, spec.c app_slots) */
	const char *slot_share;
	struct pos slot_share_pos;
	/* a slot's own identity: (its cr.system_identity and uais); without
	 * it, its app's identities and key_vault_identity: are its own too
	 * (spec.c app_slots). A slot's system-assigned identity is a
	 * principal of its own, not its app's (docs/azure-notes.md,
	 * "Deployment slots"), given its roles: and its Key Vault
	 * references' role as an app's is. */
	bool own_identity;
	/* "slot_settings:" of an app with slots: the app settings that stay
	 * with their slot on a swap (config/slotConfigNames appSettingNames,
	 * the spec's whole list) */
	const char **sticky;
	size_t nsticky;
	struct pos sticky_pos;
};

/* The "dns:" block: central private DNS zones that every endpoint uses
 * (a connectivity subscription's), who links them, who makes the zone
 * groups. */
struct dns {
	bool given;
	struct pos pos;
	struct place zones;   /* zones: resource_group, subscription */
	struct pos zones_pos;
	bool owned;           /* zones: existing: false: vnetc creates them
			       * there (and destroy deletes them) */
	struct tmpl *ids;     /* zones: ids: central zones by resource id */
	size_t nids;
	const char **id_names; /* each id's zone name (its last segment) */
	struct place *id_at;   /* each id's scope as written */
	const struct scope *scope;      /* zones' group, interned; or NULL */
	const struct scope **id_scopes; /* each id's, interned */
	/* the ids refused (VN110): the zone names they end in, if any can be
	 * read; refused_any: one whose name cannot. VN359 says nothing of
	 * the zones they were meant to name. */
	const char **refused;
	size_t nrefused;
	bool refused_any;
	bool platform;        /* links: platform (default owned) */
	struct pos links_pos;
	struct ref *linked_vnets; /* with links: platform: linked VNets */
	size_t nlinked_vnets;
	bool zg_policy;       /* zone_groups: policy */
	struct pos zg_pos;
};

/* ---- subnet security: NSGs, route tables, NAT gateways, service
 * endpoints (issue 18; spec.c reads them, netsec.c checks them) ---- */

struct svctag;

/* A rule's source or destination, or a route's destination: any ("*"),
 * prefixes (written, and those of the subnets and VNets it names), or one
 * service tag. */
enum addr_kind { ADDR_NONE, ADDR_ANY, ADDR_PREFIXES, ADDR_TAG };

/* {subnet: KEY} (KEY or VNET/KEY) or {vnet: KEY} in an address. */
struct addr_ref {
	const char *key;
	struct pos pos;
	bool vnet;
	struct subnet *subnet; /* resolved by spec.c */
	struct vnet *vn;
};

struct addr {
	enum addr_kind kind;   /* decided by netsec.c */
	struct pos pos;        /* pos.line 0: not given */
	struct prefix *lits;   /* written prefixes and addresses; a bare
				* address has text without '/' */
	size_t nlits;
	struct addr_ref *refs;
	size_t nrefs;
	const char **tags;     /* service tags as written */
	struct pos *tag_pos;
	size_t ntags;
	size_t nany;           /* "*" entries */
	struct pos any_pos;
	const char *tag;       /* ADDR_TAG: the table's spelling, or as
				* written when the table lacks it */
	const struct svctag *st; /* its row, NULL: unknown (VN330) */
	/* What the outputs write: lits, then each ref's prefixes, no
	 * duplicates (netsec.c, after check.c chose sized prefixes). */
	struct prefix *all;
	size_t nall;
};

/* Ports: ranges lo-hi in 0..65535; n == 0 is any ("*"). */
struct portrange {
	unsigned lo, hi;
};

struct ports {
	struct portrange *r;
	size_t n;
	struct pos pos;
};

/* ORDER PROTO: netsec.c protos[] follows this order. */
enum proto { PROTO_ANY, PROTO_TCP, PROTO_UDP, PROTO_ICMP, PROTO_ESP,
	PROTO_AH };

struct secrule {
	struct tmpl name;
	struct pos pos;
	int priority;           /* 0: not given or not a number (reported) */
	struct pos priority_pos;
	bool outbound, deny;
	struct pos direction_pos;
	enum proto proto;
	struct addr src, dst;
	struct ports sports, dports; /* dports: "ports:" */
	struct tmpl description; /* nsegs 0: none */
	struct kvlist tags;      /* none: rules take no tags; for naming.c */
	/* its own checks reported an error (a bad port reads as "*", a bad
	 * address as nothing): the analyses of what it matches (VN332,
	 * VN333, VN335, VN349) leave it out */
	bool bad;
};

/* An NSG, a route table or a NAT gateway: named under nsgs:,
 * route_tables:, nat_gateways: (key: the logical name), or written on a
 * subnet (key: "VNET/SUBNET", inline true). existing: attached only,
 * vnetc writes and deletes nothing of it; found by name in the spec's
 * resource group, or by id (a full resource id, any group). */
struct netres {
	const char *key;
	struct pos pos;
	struct tmpl name;
	struct tmpl id;         /* existing by id; nsegs 0 otherwise */
	bool existing, inline_;
	struct pos existing_pos;
	struct tmpl location;   /* the VNet of its first subnet's (netsec.c) */
	struct subnet **subnets; /* who uses it (spec.c), spec order */
	size_t nsubnets;
	/* Where it is made (spec.c): its first subnet's VNet's scope (an
	 * NSG, route table or NAT gateway goes with its VNet), home when no
	 * subnet uses it; one given by id is where the id says. */
	const struct scope *scope;
	struct kvlist tags;     /* from the naming hook's tags() */
};

struct nsg {
	struct netres r;
	struct secrule *rules;
	size_t nrules;
	struct pos rules_pos;
};

/* ORDER HOP: netsec.c hops[] follows this order. */
enum hop { HOP_APPLIANCE, HOP_GATEWAY, HOP_VNETLOCAL, HOP_INTERNET,
	HOP_NONE };

struct route {
	struct tmpl name;
	struct pos pos;
	struct addr prefix;     /* one prefix or one service tag */
	enum hop hop;
	bool has_hop;
	struct pos hop_pos;
	struct tmpl nh;         /* next_hop_ip, literal or ${param}; nsegs 0:
				 * none */
	bool nh_ok;             /* nh's value is an address (netsec.c) */
	int nh_family;
	uint8_t nh_addr[16];
	struct kvlist tags;     /* none: routes take no tags; for naming.c */
};

struct rtable {
	struct netres r;
	int propagate;          /* propagate_gateway_routes: -1 absent, 0, 1 */
	struct pos propagate_pos;
	struct route *routes;
	size_t nroutes;
	struct pos routes_pos;
};

/* A public IP of a NAT gateway: Standard, static, IPv4, created by vnetc
 * (name), or one that exists (id). */
struct pip {
	struct tmpl name;
	struct tmpl id;         /* existing: its resource id */
	bool existing;
	bool derived;           /* not in the spec: "<NAT gateway name>-pip" */
	struct pos pos;
	struct natgw *nat;
	struct kvlist tags;
};

struct natgw {
	struct netres r;
	int zone;               /* 0: no zone, 1-3 */
	struct pos zone_pos;
	int idle;               /* idle_timeout in minutes */
	bool has_idle;          /* false: Azure's default (4) */
	struct pos idle_pos;
	struct pip *pips;
	size_t npips;
	struct pos pips_pos;
};

/* A service endpoint of a subnet: the service as the table spells it (or
 * as written, when unknown) and, when the spec gives them, its locations
 * (lower case, as regions are kept). */
struct svcendpoint {
	const char *service;
	struct pos pos;
	bool known;
	const char **locations;
	struct pos *location_pos;
	size_t nlocations;
};

struct spec {
	struct arena *arena;
	const char *file;  /* path as given, for diagnostics */
	const char *base;  /* file name without directory and .yaml */
	/* the owner of what vnetc creates (its vnetc-spec tag) and of the
	 * journal: project:, else base, so that renaming the file does not
	 * orphan what the spec created */
	const char *owner;
	struct pos pos;
	enum cloud cloud;
	struct tmpl rg, location;
	struct tmpl sub;   /* "subscription:"; nsegs 0: the run's */
	/* ${vnetc_subscription}: the subscription the run targets, where the
	 * spec names none (apply sets its value; the script reads it with
	 * az account show, a template with subscription()). Not a spec
	 * parameter: it is in no params list. */
	struct param *runsub;
	struct param **hashes; /* the ${vnetc_hN}, in the order made */
	size_t nhashes;
	struct scope **scopes; /* [0]: home; each allocated alone */
	size_t nscopes;
	struct dns dns;
	const char *description;
	struct param *params;
	size_t nparams;
	struct vnet *vnets;
	size_t nvnets;
	struct backend *backends;
	size_t nbackends;
	struct farm *farms;
	size_t nfarms;
	struct app *apps;
	size_t napps;
	struct identity *identities;
	size_t nidentities;
	/* nsgs:, route_tables:, nat_gateways:, then those written on
	 * subnets, in spec order (issue 18) */
	struct nsg **nsgs;
	size_t nnsgs;
	struct rtable **rtables;
	size_t nrtables;
	struct natgw **natgws;
	size_t nnatgws;
	/* derived by spec.c */
	struct zone *zones;
	size_t nzones;
	struct link *links;
	size_t nlinks;
	struct peering *peerings;
	size_t npeerings;
	/* "naming:" (the hook file as written, NULL: none) and
	 * "naming_vars:"; naming.c runs the hook. rg_tags: its tags() for
	 * the resource group. */
	const char *naming;
	struct pos naming_pos;
	/* The hook's text, when it is not read from the file naming names
	 * (fuzz/lua_fuzz.c); NULL otherwise. */
	const char *naming_text;
	size_t naming_len;
	struct kvlist naming_vars;
	struct kvlist rg_tags;
};

/* ---- spec.c: libyaml events -> model (VN1xx, VN201-202, VN30x) ---- */

/* A -p NAME=VALUE given on the command line. */
struct override {
	const char *name, *value;
};

/* A subscription id: a GUID, 8-4-4-4-12 hexadecimal digits (VN109). */
bool guid_ok(const char *g);

/* Parse and resolve path. Returns the model (never NULL unless the file
 * cannot be read, which is reported and returns NULL); check
 * diag_nerrors() for spec errors. */
struct spec *spec_load(const char *path, const struct override *ov,
    size_t nov);
/* The same for a spec in memory (len bytes, need not end in NUL); name
 * stands for the path in diagnostics and outputs. Never NULL. */
struct spec *spec_load_mem(const char *name, const char *data, size_t len,
    const struct override *ov, size_t nov);
void spec_free(struct spec *s);
/* Parameter by name, or NULL. */
struct param *spec_param(const struct spec *s, const char *name);
/* Print the model as stable text (vnetc -d spec, -d named). */
void spec_dump(const struct spec *s, FILE *f);
/* The parser's tables of the keys of each mapping ("*name": required)
 * and of each fixed set of values, by name; {NULL, NULL} ends each.
 * vnetc schema (schema.c) builds the JSON Schema from them. */
struct spec_table {
	const char *name;
	const char *const *words;
};
extern const struct spec_table spec_key_tables[], spec_value_tables[];
/* The back-end types "create:" takes (issue 16), each with the name of
 * its key table in spec_key_tables: schema.c ties create: to type: by
 * them. Ends with a NULL type. */
struct spec_create_type {
	const char *type, *table;
};
extern const struct spec_create_type spec_create_types[];
/* "vnetc schema [-o FILE]" (schema.c); argv after the command. */
int schema_main(int argc, char **argv);
/* vnetc import (import.c): a spec from what runs in Azure; its exit
 * status (usage_import in import.c). */
int import_main(int argc, char **argv);

/* ---- tmpl.c: a ${param} string's value and renderings ---- */

/* The value of t with every parameter replaced by its effective value
 * (override, else default, recursively). Arena-allocated. */
const char *tmpl_eval(struct spec *s, const struct tmpl *t);
/* True if t has no parameter references. */
bool tmpl_is_literal(const struct tmpl *t);
/* t += lit, t += x (their segments), in s's arena */
void tmpl_append_lit(struct spec *s, struct tmpl *t, const char *lit);
void tmpl_append(struct spec *s, struct tmpl *t, const struct tmpl *x);
/* FNV-1a (32 bits) of text's bytes, ASCII letters lowercased: the hash
 * in the names of shared children (spec.c shared_child_name), as
 * "%08x". The script's vnetc_hash and the template's tmpl_arm_expr of a
 * ${vnetc_hN} compute the same. */
uint32_t tmpl_hash(const char *text);
/* A literal template (naming hooks replace names with these). */
struct tmpl tmpl_literal(struct spec *s, const char *text, struct pos pos);
/* The script. Append the shell word for t: literal parts single-quoted
 * where they need it, parameters as "${name}". Every spec value reaches
 * the script through these. */
void tmpl_sh_word(struct buf *b, const struct tmpl *t);
void tmpl_sh_lit(struct buf *b, const char *s);
/* The script's line that sets parameter p unless the environment did:
 * [ -n "${p:-}" ] || p=WORD */
void tmpl_sh_param(struct buf *b, const struct param *p);
/* text as "# " comment lines, control characters escaped. */
void tmpl_sh_comment(struct buf *b, const char *text);
/* The template. A literal as an ARM string: "[x]" is written "[[x]" so
 * that ARM does not read it as an expression. Arena-allocated. */
const char *tmpl_arm_literal(struct spec *s, const char *lit);
/* 'text' with ' doubled: a string inside an ARM expression. */
void tmpl_arm_quote(struct buf *b, const char *s);
/* t as an expression fragment: 'lit', parameters('x'), concat(...). */
void tmpl_arm_expr(struct buf *b, const struct tmpl *t);
/* t as an ARM template string: the escaped literal, or "[expr]". */
const char *tmpl_arm_string(struct spec *s, const struct tmpl *t);
/* The same in a nested template deployed into another scope (nested):
 * ${groupName} and ${vnetc_subscription} are its parameters there, not
 * resourceGroup() and subscription(). */
void tmpl_arm_expr_at(struct buf *b, const struct tmpl *t, bool nested);
const char *tmpl_arm_string_at(struct spec *s, const struct tmpl *t,
    bool nested);

/* ---- check.c: the rule catalogue, VN203-VN214 and VN311-VN326 ---- */

/* Chooses prefixes for subnets given by size (VN213), then checks
 * addressing, subnets, delegations, App Service integration, private
 * endpoints, peerings and lock-down consistency. Copes with a partly
 * parsed model (it skips what did not parse); reports through diag.c. */
void check_spec(struct spec *s);


/* ---- netsec.c: subnet security (VN328-VN349) ---- */

/* Checks NSGs, route tables, NAT gateways and service endpoints, and
 * fills in each address's prefixes (struct addr all) and each NSG's,
 * table's and NAT gateway's location. Called by check_spec() once sized
 * subnets have prefixes. */
void netsec_check(struct spec *s);
/* ARM's spelling of a protocol ("*", "Tcp", ...) and a next hop type. */
const char *netsec_proto(enum proto p);
const char *netsec_hop(enum hop h);
/* p as the outputs write it: a prefix, or an address written bare. */
void netsec_prefix_text(const struct prefix *p, char buf[CIDR_STRLEN]);
/* "443" or "8080-8090". */
void netsec_port_text(const struct portrange *r, char buf[16]);
/* An address as text: "*", a tag, "10.0.0.0/24, 10.0.1.0/24".
 * Arena-allocated. */
const char *netsec_addr_text(struct spec *s, const struct addr *a);
/* The service that writes its own rules into a subnet delegated to it
 * ("SQL Managed Instance"), or NULL; *routes: its routes too (VN336). */
const char *netsec_managed(const char *delegation, bool *routes);

/* ---- naming.c: naming hooks and Azure's naming rules (VN401-VN408) ---- */

/* Runs the spec's naming hook (naming:, a sandboxed Lua 5.4 file) on each
 * resource vnetc names, replacing names and adding tags, then checks
 * every name against Azure's rules (restype_name_check) and, with a hook,
 * uniqueness in its scope. Runs after check_spec, before plan_build;
 * without naming: only the checks. Reports through diag.c. */
void naming_apply(struct spec *s);

/* ---- cidrcmd.c: the "vnetc cidr" calculator ---- */

/* vnetc cidr [--format text|json] PREFIX... | --split PREFIX LEN; argv
 * holds the arguments after "cidr". Prints to stdout; returns the exit
 * status (0 ok, 2 usage or invalid prefix). */
int cidrcmd_main(int argc, char **argv);
/* A usage error of "vnetc CMD" (cidr, schema): its cause on one line, fmt
 * with arg shown safely, "did you mean" near when not NULL, and where the
 * help is. Returns 2. */
int subcmd_usage(const char *cmd, const char *fmt, const char *arg,
    const char *near);

/* ---- restypes.c: one row per Azure resource kind ---- */

enum res {
	RES_RG, RES_VNET, RES_SUBNET, RES_PEER, RES_PDNSZ, RES_LINK, RES_PE,
	RES_ZG, RES_PLSC, RES_KV, RES_COG, RES_STORAGE, RES_SQL, RES_ASP, RES_APP,
	RES_APPSETTINGS, RES_NSG, RES_NSGRULE, RES_RT, RES_ROUTE, RES_NATGW,
	RES_PIP, RES_PUBCRED, RES_SQLDB, RES_UAI, RES_ROLE, RES_SHARE,
	RES_SITECONFIG, RES_COSMOS, RES_SB, RES_APPCS, RES_SLOT, RES_SLOTPUBCRED,
	RES_CONTAINER, RES_SLOTSETTINGS,
	NRES /* ORDER RES */
};

struct restype {
	enum res res;
	const char *kind;     /* short name for hooks and messages: "vnet" */
	const char *type;     /* ARM type */
	const char *api;      /* pinned apiVersion (docs/azure-notes.md 8) */
	const char *azgroup;  /* az command group, "" when none */
	int minlen, maxlen;   /* Azure name length */
	const char *chars;    /* allowed characters, as a class description */
	const char *scope;    /* uniqueness scope: "global", "rg", "parent" */
};

const struct restype *restype_get(enum res r);
/* Row for an ARM type (case-insensitive), or NULL. */
const struct restype *restype_by_type(const char *type);
/* Canonical spelling of a known delegation service name, or NULL. */
const char *restype_delegation(const char *name);
/* The i-th known delegation service name, or NULL past the end. */
const char *restype_delegation_at(size_t i);
/* App Service plan SKU -> tier ("S1" -> "Standard"; any case), or NULL
 * if unknown. */
const char *restype_sku_tier(const char *sku);
/* The table's (Azure's) spelling of a SKU written in any case ("p1V3" ->
 * "P1v3"), or NULL if unknown: what the outputs write. */
const char *restype_sku_canon(const char *sku);
/* The kind Azure gives a plan of that SKU's family ("elastic" for EP1,
 * "functionapp" for Y1 and FC1), or NULL for App Service's own tiers,
 * whose kind follows the OS ("app" or "linux"). */
const char *restype_sku_kind(const char *sku);
/* Whether the SKU's tier is tier ("FC1" is "FlexConsumption"). */
bool restype_sku_is(const char *sku, const char *tier);
/* The i-th row of the SKU table (*tier set), or NULL past the end. */
const char *restype_sku_at(size_t i, const char **tier);

/* Azure's naming rules, one row per kind vnetc names (docs/azure-notes.md 4):
 * restypes.c's namerules[], read by naming.c and tests/unit/naming_test.c.
 * Letters and digits are ASCII; extra lists the other ASCII characters
 * allowed; NR_UNICODE and NR_IDNA also accept non-ASCII characters (as
 * UTF-8), by their Unicode category (unicode.h; docs/azure-notes.md,
 * "Names with non-ASCII characters"). */
enum name_edge {
	EDGE_ANY, EDGE_ALNUM, EDGE_LETTER, EDGE_ALNUM_US, EDGE_NOT_HYPHEN,
	EDGE_NOT_PERIOD
};

enum {
	NR_LOWER = 1,      /* letters must be lowercase */
	NR_UNICODE = 2,    /* non-ASCII letters and digits as .NET's
	                    * Char.IsLetterOrDigit counts them */
	NR_NO_HYPHENS = 4, /* no "--" */
	NR_DNS = 8,        /* a DNS name: labels, each checked on its own */
	NR_RESERVED = 16,  /* public endpoint: no reserved words */
	NR_GLOBAL = 32,    /* unique across Azure, not only in its scope */
	NR_IDNA = 64       /* non-ASCII as IDNA maps it to Punycode: letters,
	                    * digits and marks; "xn--" + the Punycode form
	                    * fits a 63-character DNS label */
};

struct namerule {
	enum res res;
	const char *what;   /* "virtual network", for messages */
	int minlen, maxlen; /* characters */
	const char *extra;  /* allowed besides ASCII letters and digits */
	enum name_edge first, last;
	unsigned flags;
	const char *scope;  /* unique in: "a resource group", "all of Azure" */
};

enum name_fault {
	NF_OK, NF_SHORT, NF_LONG, NF_CHAR, NF_UTF8, NF_UPPER, NF_FIRST,
	NF_LAST, NF_HYPHENS, NF_RESERVED, NF_LABEL, NF_LABELS,
	NF_IDNA, /* a character IDNA refuses or changes (why says how) */
	NF_ACE   /* "xn--" + the Punycode form is over 63 characters */
};

/* Where a name breaks its rule: at is the byte offset of the offending
 * character (len bytes of it), word the reserved word, why the reason of
 * NF_IDNA (composed: what Normalization Form C makes of the two
 * characters at), ace the length of the name's "xn--" form. */
struct name_check {
	enum name_fault fault;
	size_t at, len, chars; /* chars: the name's length in characters */
	const char *word, *why;
	unsigned long composed;
	size_t ace;
};

/* The naming rule of r, or NULL for kinds without one (app settings). */
const struct namerule *restype_namerule(enum res r);
/* Check name against r's rule; false with *c filled when it breaks it. */
bool restype_name_check(enum res r, const char *name, struct name_check *c);

/* apiVersion of Microsoft.Resources/deployments: the template's linked
 * parts and each back end's lock-down deployment (relativePath needs
 * 2020-06-01 or later). */
extern const char *const restype_deploy_api;

/* ---- backtypes.c: one row per ARM type a back end may have ---- */

/* What a type's firewall (backtype .acl) takes from "firewall:": its
 * bypass values, how its rules are spelled, and which subnet service
 * endpoint a VNet rule needs. */
struct fwtype {
	const char *bypass;   /* values, space-separated */
	bool bypass_list;     /* a comma-separated combination ("Logging,
			       * Metrics"), None alone */
	bool single_bare;     /* one address is written without /32 (which
			       * the type refuses) rather than with it */
	bool action;          /* rules carry "action": "Allow" */
	const char *endpoint; /* the service endpoint of a VNet rule's subnet */
	const char *bypass_key; /* the member bypass is; NULL: "bypass" */
	const char *ip_key;   /* an IP rule's member that holds its address;
			       * NULL: "value" */
	const char *gate;     /* a boolean member deny sets true and enabled
			       * false, in place of a default action: the
			       * type has none, so a firewall without rules
			       * lets everyone in (deny needs one) and
			       * enabled empties the IP rules; NULL:
			       * defaultAction Deny/Allow */
	const char *created;  /* a created back end's bypass; NULL:
			       * AzureServices */
	bool cgnat;           /* also refuses 100.64.0.0/10 in IP rules */
	bool needs_rule;      /* deny without a rule lets everyone in (as
			       * with .gate): deny needs one (VN390) */
	bool bypass_bool;     /* bypass is a boolean member: AzureServices
			       * true, None false */
	bool subnet_obj;      /* a VNet rule names its subnet as {"subnet":
			       * {"id": ...}}; else {"id": ...} */
	const char *vnet_skus; /* the SKUs (space-separated) of a created
			       * back end that take VNet rules; NULL: any */
	/* The firewall is a child resource of the back end, its properties
	 * the rules (a plan step of its own: STEP_FIREWALL), not members of
	 * the back end's; NULL: the back end's own (.acl). */
	const char *child_type, *child_name, *child_api;
	const char *child_omit; /* members of the child that the back end's
			       * own properties own (the same setting):
			       * never restated, space-separated */
};

/* The members of a firewall (NULL ft: the defaults). */
const char *fw_bypass_key(const struct fwtype *ft);
const char *fw_ip_key(const struct fwtype *ft);

struct backtype {
	const char *type;   /* ARM type, spelled as its REST spec does */
	const char *api;    /* stable apiVersion; NULL: restypes.c's row of
			     * the type (Microsoft.Web/sites), or none */
	const char *prop;   /* set by disabled/enabled under properties:
			     * "publicNetworkAccess", "network.publicNet..";
			     * NULL: none */
	const char *off, *on; /* its values, as the model spells them */
	bool boolean;       /* off/on are JSON booleans ("false", "true") */
	const char *acl;    /* object under properties whose defaultAction
			     * deny sets ("networkAcls"); "": properties
			     * itself, whose .fw gate deny sets (Cosmos
			     * DB); NULL: none */
	bool patch;         /* PATCH takes prop and acl; else GET, merge, PUT */
	const char *env;    /* envelope keys a restated PUT carries besides
			     * location ("tags sku ..."), space-separated */
	const char *omit;   /* members of properties a PUT restated from a
			     * GET leaves out ("administrators ..."): the
			     * RP refuses them on an update; NULL: none */
	const char *why;    /* why public_access is refused on it; NULL: not */
	const struct fwtype *fw; /* the rules its acl takes; NULL: none */
	const char *fw_why; /* why firewall: is refused on it (VN390);
			     * NULL: the general reason */
	const char *src;    /* its REST spec: an azure-rest-api-specs folder */
};

/* Row for an ARM type (case-insensitive), or NULL. */
const struct backtype *backtype_find(const char *type);
/* The known type (back-end or private link table) a type no table knows
 * is a misspelling of ("Microsoft.KeyVault/vault"), or NULL. */
const char *backtype_nearest(const char *type);
/* Number of rows; row i in table order (by type), NULL past the end. */
size_t backtype_count(void);
const struct backtype *backtype_at(size_t i);
/* apiVersion vnetc reads and writes bt with (its own, or restypes.c's
 * row of the same type); NULL for bt NULL or a type without one. */
const char *backtype_api(const struct backtype *bt);
/* Whether public_access a can be set on a back end of type bt (NULL: a
 * type vnetc has no row for); always true for ACCESS_KEEP. */
bool backtype_supports(const struct backtype *bt, enum access a);

/* ---- roles.c: built-in role definitions (roles:, VN372-VN373) ---- */

struct roledef {
	const char *name; /* "Key Vault Secrets User" */
	const char *guid; /* its role definition id's last segment */
	bool broad;       /* Owner, Contributor, User Access Administrator */
	const char *type; /* a data role's back end type, or NULL: any */
};
/* The row of a role by name or GUID (any case), or NULL. */
const struct roledef *roledef_find(const char *s);
/* Row i, NULL past the end. */
const struct roledef *roledef_at(size_t i);
/* a data-plane role that no Azure role assignment grants (roles.c) */
const struct roledef *roledef_foreign(const char *s);

/* ---- plan.c: dependency graph of operations (VN5xx) ---- */

enum step_kind {
	STEP_RG, STEP_VNET, STEP_PEER, STEP_ZONE, STEP_LINK, STEP_PE, STEP_ZG,
	STEP_FARM, STEP_APP, STEP_LOCK, STEP_SETTINGS, STEP_PIP, STEP_NATGW,
	STEP_NSG, STEP_RT, STEP_CREATE /* a back end vnetc creates */,
	STEP_PUBCRED /* an app's basic-auth publishing credentials */,
	STEP_SQLDB /* a database of a SQL server vnetc creates */,
	STEP_IDENTITY /* a user-assigned identity vnetc creates */,
	STEP_ROLE /* a role assignment of an app's identity on a back end */,
	STEP_SHARE /* a created function app's content share (file share),
		    * or on Flex Consumption its deployment container */,
	STEP_ACCESS /* an app's access restrictions (its config/web) */,
	STEP_SLOT /* a deployment slot vnetc creates (u.app) */,
	STEP_STICKY /* an app's slot settings (its config/slotConfigNames) */,
	STEP_FIREWALL /* a back end's firewall that is a child resource of
		       * it (backtypes.c .fw child_type; u.backend) */,
	STEP_SITECFG /* the executor's only (ops.c site_ops): the
		      * configuration (config/web) of an app or slot vnetc
		      * creates, compared and PATCHed where it drifted */
};

struct step {
	enum step_kind kind;
	union {
		struct vnet *vnet;
		struct zone *zone;
		struct link *link;
		struct peering *peering;
		struct pe *pe;
		struct farm *farm;
		struct app *app;
		struct backend *backend;
		struct pip *pip;
		struct natgw *natgw;
		struct nsg *nsg;
		struct rtable *rtable;
		struct sqldb *db;
		struct identity *identity;
		struct role *role;
	} u;
	struct pos pos;
	const char *sub;   /* STEP_PUBCRED: "ftp" or "scm" */
	const char *label; /* "vnet 'vnet'" */
	size_t *deps;      /* indices of steps this one waits for */
	size_t ndeps;
};

struct plan {
	struct spec *spec;
	struct step *steps; /* in execution order after plan_build */
	size_t nsteps;
};

/* Build the graph from a resolved model and sort it topologically (ties
 * keep spec order). Reports VN501 and returns NULL on a cycle. */
struct plan *plan_build(struct spec *s);
/* Low level, for plan_build and tests: add a step / a dependency, then
 * sort. plan_sort returns false (VN501 reported) on a cycle. */
size_t plan_add(struct plan *p, enum step_kind k, void *obj, struct pos pos,
    const char *label);
void plan_dep(struct plan *p, size_t step, size_t on);
bool plan_sort(struct plan *p);
/* Print the plan as stable text (vnetc -d plan). */
void plan_dump(const struct plan *p, FILE *f);

/* ---- body.c: a resource's desired JSON, for emit_arm.c and apply.c ---- */

#include <jansson.h>

/* VAL_ARM renders parameters as ARM expressions ("[parameters('x')]"),
 * VAL_REST as their values with concrete resource ids (the executor). */
enum valmode { VAL_ARM, VAL_REST };

struct valctx {
	enum valmode mode;
	struct spec *spec;
	const char *subscription; /* VAL_REST only */
	const char *tenant;       /* VAL_REST: the credentials' tenant */
	/* VAL_ARM: the scope of the template being written (NULL: home):
	 * ids in it are resourceId('type', name), others carry their
	 * subscription and group. */
	const struct scope *at;
};

/* t as a JSON string: its value (VAL_REST) or tmpl_arm_string (VAL_ARM).
 * New reference. */
json_t *body_str(const struct valctx *vc, const struct tmpl *t);
/* The scope of what a step acts on: a child's is its parent's, an
 * endpoint's its subnet's VNet's (where every reference topology puts
 * it), a lock's its back end's. */
const struct scope *body_step_scope(const struct spec *s,
    const struct step *st);
/* Resource id of what a step acts on, as a JSON string; NULL for steps
 * without one (the resource group). */
json_t *body_step_id(const struct valctx *vc, const struct step *st);
/* The ARM resource for a step (type, apiVersion, name, location, ...,
 * properties), without dependsOn; NULL when the step has none in a
 * template. *left is set to why when a change cannot be expressed safely
 * (VN308 reported by the caller). */
json_t *body_resource(const struct valctx *vc, const struct step *st,
    const char **left);
/* The narrow change to a resource that exists (the executor's PATCH, the
 * script's lock-down --set values), or NULL when the step creates
 * something. */
json_t *body_patch(const struct valctx *vc, const struct step *st);
/* The resource a {from:} setting reads: where, its ARM type, its name and
 * the apiVersion vnetc reads it with (NULL: none known). */
struct from_res {
	const struct scope *sc;
	const char *type;
	const struct tmpl *name;
	const char *api;
};
void body_from_res(const struct setting *st, struct from_res *fr);
/* Its id (VAL_ARM: "[resourceId(...)]"). New reference. */
json_t *body_from_id(const struct valctx *vc, const struct setting *st);
/* The firewall of a back end vnetc creates, as a change to it: {"properties":
 * {"networkAcls": {bypass, ipRules, virtualNetworkRules}}}; NULL: it has
 * no firewall: (the script writes it after the create, emit_az.c). */
json_t *body_firewall(const struct valctx *vc, const struct backend *b);
/* Why the template leaves the step to the script (VN308), or NULL: what
 * body_resource says, without building the resource (vnetc check). */
const char *body_step_left(const struct step *st);

/* vnetc's ownership tags on what it creates: managed-by: vnetc and
 * vnetc-spec: the spec's owner (project:, else its base name).
 * body_owned: res (a GET answer) has both, with this spec's owner. */
extern const char body_owner_tag[], body_spec_tag[];
bool body_owned(const struct spec *s, json_t *res);
/* The vnetc-spec tag of res when managed-by says vnetc, else NULL: the
 * project (spec) that created it, for the messages. */
const char *body_owner_of(json_t *res);
/* Whether st writes a resource vnetc creates and owns (create:): a back
 * end, a plan, an app; apply checks its tags before writing, destroy
 * deletes it only when the journal and the tags say vnetc made it. */
bool body_step_created(const struct step *st);
/* The configuration (config/web) members that the create body of app or
 * slot a (created) writes in its siteConfig, those a GET of config/web
 * answers: {"properties": {...}}, without appSettings and the write-only
 * metadata. New reference. */
json_t *body_site_config(const struct valctx *vc, const struct app *a);
/* The app settings that its create body writes (siteConfig.appSettings:
 * a function app's host settings, a Windows stack's version; a slot's
 * own settings too), as {"properties": {NAME: VALUE}}; NULL: none. New
 * reference. */
json_t *body_site_settings(const struct valctx *vc, const struct app *a);
/* What the REST view writes for a created function app's host storage
 * account key; the executor replaces it in the request it sends only. */
extern const char body_key_mark[];
/* ... and for the client id of the user-assigned identity a created
 * function app's host connects to its storage with (storage_identity:),
 * which the executor reads (GET) before the app's create request. */
extern const char body_client_mark[];
/* The storage endpoint suffix of the spec's cloud (core.windows.net) */
const char *body_storage_suffix(const struct spec *s);
/* Whether an App Configuration store of cr's tier is soft-deleted (and
 * takes purge protection) */
bool appcs_soft_delete(const struct create *cr);
/* a plan vnetc creates: its kind (elastic, linux, app) */
const char *farm_create_kind(const struct farm *f);
/* Whether app a runs on a Flex Consumption plan (FC1): its STEP_SHARE is
 * a blob container, its runtime and scale are functionAppConfig. */
bool body_flex(const struct app *a);
/* Where a Windows function app keeps its language's version, as Azure
 * spells it: a siteConfig property or (setting) an app setting, its value
 * the version written with a prefix (major: the major version alone);
 * spec.c reads it, body.c writes it, import.c reads it back. The last
 * entry's worker is NULL. */
struct winver {
	const char *worker, *key, *pre, *example;
	bool setting, major;
	/* az webapp config set's option for key (NULL: a setting); a web
	 * app's CURRENT_STACK (siteConfig.metadata), and Java's container
	 * (container_version NULL: the spec's, "TOMCAT|10.1-java17" as on
	 * Linux, its Java version after "-java") */
	const char *opt, *current, *container, *container_version;
	/* the spec's versions and the value Azure keeps for each, in pairs
	 * ending in NULL (ASP.NET's V4.8 is netFrameworkVersion v4.0), or
	 * NULL: pre and the version */
	const char *const *map;
};
extern const struct winver win_versions[], win_stacks[];

/* A role assignment's name: "[guid(scope id, principal resource id,
 * 'ROLE GUID')]" (VAL_ARM), or that GUID computed (VAL_REST, uuid.h);
 * the script computes the same from the same strings. Arena-allocated. */
const char *body_role_name(const struct valctx *vc, const struct role *ro);
/* The resource id of a STEP_ROLE's principal: the site or the
 * user-assigned identity, whose principalId the executor reads. */
json_t *body_role_principal(const struct valctx *vc, const struct step *st);

/* The executor's REST view (apply.c). */
/* Whether the step changes a resource that exists before vnetc runs
 * (PATCH, never PUT; destroy leaves it). */
bool body_step_existing(const struct step *st);
/* The row of the step's resource; NULL for a back end of a type vnetc has
 * no row for (a lock). */
const struct restype *body_step_type(const struct step *st);
/* apiVersion of the step's resource; NULL for a type vnetc has no row for. */
const char *body_step_api(const struct step *st);
/* Whether the executor PUTs the step's change (a back end whose PATCH
 * does not take it: GET, merge, PUT) rather than PATCHing it. */
bool body_step_put(const struct step *st);
enum rest_path { PATH_SELF, PATH_LIST, PATH_INTEGRATION, PATH_PURGE,
    PATH_KEYS, PATH_CLIENT };
/* Path of the step's resource (PATH_SELF; the resource group too), of the
 * app settings' list action, of an app's VNet integration child, of the
 * purge of unused integrations in the spec's region (any step but the
 * resource group); NULL when the step has none. Arena-allocated. */
const char *body_rest_path(const struct valctx *vc, const struct step *st,
    enum rest_path what);
/* /subscriptions/SUB/resourceGroups/RG of scope sc (VAL_REST).
 * Arena-allocated. */
const char *body_scope_path(const struct valctx *vc, const struct scope *sc);
/* The resource group's PUT body. New reference. */
json_t *body_rg(const struct valctx *vc);
/* body_resource() as a REST PUT body (no type, name, apiVersion). */
json_t *body_rest(const struct valctx *vc, const struct step *st,
    const char **left);
/* body_patch() made against actual (the GET answer): object properties
 * that a PATCH replaces whole keep their other members; for a step that
 * body_step_put() PUTs, the whole resource as actual has it, the change
 * merged into its properties. New reference. */
json_t *body_patch_onto(const struct valctx *vc, const struct step *st,
    json_t *actual);

/* ---- emit_az.c, emit_arm.c: plan -> script / template ---- */

/* The az CLI script; returns the text (caller frees with buf_free). */
void emit_az(const struct plan *p, struct buf *out);
/* The same, handing the text to k as it goes (NULL: all in out); false
 * when templates/prologue.sh cannot be read (said on stderr), where
 * emit_az exits 2. A failed write is in k->err. */
bool emit_az_sink(const struct plan *p, struct buf *out, struct sink *k);
/* The template and the parameters file, as text ending in a newline. */
void emit_arm(const struct plan *p, struct buf *tmpl, struct buf *params);
/* The same, but when the template would exceed ARM's limits (800
 * resources, 4 MB) it is split: *parts gets *nparts linked templates
 * (NAME.1.json ... in deployment order) and tmpl is the main template
 * that deploys them (docs/outputs.md). *nparts is 0 when it fits. The
 * caller frees each part with buf_free, then free(*parts). */
void emit_arm_parts(const struct plan *p, struct buf *tmpl,
    struct buf *params, struct buf **parts, size_t *nparts);
/* emit_arm_parts' engine: each linked template goes to fn (k from 1; fn
 * may take text's buffer, leaving it empty) as soon as it is complete,
 * so that a large estate is never in memory whole; fn returns -1 to stop
 * handing on. With fn NULL the template is never split (emit_arm).
 * Returns the number of parts (0: tmpl is the one template), or
 * (size_t)-1 when fn failed. */
typedef int (*arm_part_fn)(void *ctx, size_t k, struct buf *text);
size_t emit_arm_stream(const struct plan *p, struct buf *tmpl,
    struct buf *params, arm_part_fn fn, void *ctx);
/* The diagnostics the template's emission reports (VN308), without
 * emitting: what vnetc check and graph need. */
void emit_arm_check(const struct plan *p);
/* j's JSON text as json_dumpb(j, JSON_INDENT(2)) writes it, byte for
 * byte, but standing depth levels in (2 spaces each), appended to out. */
void emit_json(json_t *j, size_t depth, struct buf *out);

/* ---- graph.c: checked model -> topology diagram (vnetc graph) ---- */

/* ORDER GRAPH_FORMAT: graph.c names[] follows this order. */
enum graph_format { GRAPH_DOT, GRAPH_MERMAID, GRAPH_SVG };
/* graph_svg() when Graphviz's dot is not on PATH. */
enum { GRAPH_NODOT = 1 };
/* vnetc build draws NAME.svg up to this many boxes (graph_size). */
enum { GRAPH_BUILD_MAX = 400 };

/* "dot", "mermaid" or "svg"; false (and *out unchanged) otherwise. */
bool graph_format_parse(const char *s, enum graph_format *out);
/* The diagram as Graphviz DOT / as a Mermaid flowchart: deterministic
 * text, spec order, names as evaluated (after naming hooks). */
void graph_dot(struct spec *s, struct buf *out);
void graph_mermaid(struct spec *s, struct buf *out);
/* Number of boxes the diagram draws (vnetc build skips big ones). */
size_t graph_size(const struct spec *s);
/* Runs `dot -Tsvg` on the DOT text (posix_spawnp, no shell). Returns 0
 * with the SVG in *svg; GRAPH_NODOT if dot is not installed; -1 if it
 * failed, with dot's stderr and the reason in *err. */
int graph_svg(const char *dot, size_t len, struct buf *svg, struct buf *err);

#endif
