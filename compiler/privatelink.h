/* privatelink.h - private endpoint DNS zones, one table per Azure cloud,
 * keyed by (ARM resource type, private link group id). Pure data and
 * lookups: no I/O, no diagnostics, no allocation, no global state.
 * Strings returned point into static tables and live for the whole run.
 * Where the tables come from and how to update them: docs/privatelink.md. */
#ifndef PRIVATELINK_H
#define PRIVATELINK_H

#include <stdbool.h>
#include <stddef.h>

/* CLOUD_PUBLIC is 0, so a zeroed model means the public cloud.
 * ORDER CLOUD: privatelink.c clouds[] follows this order. */
enum cloud { CLOUD_PUBLIC, CLOUD_USGOV, CLOUD_CHINA };

/* Room for 5 zones and the NULL after them: a private DNS zone group
 * holds at most 5 zone configs (docs/azure-notes.md 3.2). */
enum { PL_MAXZONES = 6 };

struct plrow {
	const char *type;	/* ARM type as the doc spells it, e.g.
				 * "Microsoft.KeyVault/vaults" */
	const char *group;	/* group id as the doc spells it, e.g.
				 * "vault", "sqlServer" */
	const char *zones[PL_MAXZONES];	/* NULL-terminated; may contain
				 * {regionName}, {regionCode}, {dnsPrefix},
				 * {partitionId}, {subzone} or {region}
				 * exactly as the doc writes them */
	const char *note;	/* NULL or a short why: zones that are
				 * alternatives, records that are not zones */
};

/* "public"/"AzureCloud", "usgov"/"AzureUSGovernment",
 * "china"/"AzureChinaCloud", ASCII case-insensitive. False for anything
 * else, NULL included; *out is then unchanged. */
bool privatelink_cloud_parse(const char *s, enum cloud *out);
/* "public", "usgov" or "china"; NULL for a value outside enum cloud. */
const char *privatelink_cloud_name(enum cloud c);
/* Its name for az and ARM: "AzureCloud", "AzureUSGovernment",
 * "AzureChinaCloud" (az cloud show --query name). */
const char *privatelink_cloud_azname(enum cloud c);

/* The row for (type, group) in cloud c, both compared ASCII
 * case-insensitively (ARM is case-insensitive). A group id that names one
 * instance of a row's group, App Service's "sites-<slot name>", finds that
 * row ("sites"): row->group then differs from group by more than case.
 * NULL if unknown or if either string is NULL. */
const struct plrow *privatelink_find(enum cloud c, const char *type,
    const char *group);
/* Group ids known for type in cloud c, in table order, without
 * duplicates. Writes at most max of them to out (which may be NULL when
 * max is 0) and returns how many there are, which may exceed max; 0 if
 * the type is unknown. */
size_t privatelink_groups(enum cloud c, const char *type, const char **out,
    size_t max);
/* What else type takes, for a message that lists its group ids ("sites-
 * <slot name> for a deployment slot (...)"), or how a type the table lacks
 * is reached ("a deployment slot is reached through its app: ..."); NULL
 * when nothing. */
const char *privatelink_hint(enum cloud c, const char *type);
/* Whether cloud c knows type with any group id. */
bool privatelink_type_known(enum cloud c, const char *type);

/* Copies zone to buf with {regionName} replaced by region (the ARM
 * location name, e.g. "westeurope"). True on success, with *missing set
 * to NULL. False if zone holds a placeholder vnetc cannot derive
 * ({regionCode}, {dnsPrefix}, {partitionId}, {subzone}, {region}, or
 * {regionName} with a NULL or "" region): *missing is then its name
 * without braces, e.g. "dnsPrefix". False too if the result does not fit in
 * bufsz bytes or zone is NULL or malformed: *missing is then NULL.
 * missing may be NULL. On failure buf holds "" if bufsz > 0. */
bool privatelink_expand(const char *zone, const char *region, char *buf,
    size_t bufsz, const char **missing);

/* True when row's zones are alternatives (a product, or a custom name)
 * rather than zones that are all needed: the spec must pick one. */
bool privatelink_choose(const struct plrow *row);

/* How zone i of row matters to a target whose "kind" property is kind
 * (NULL when unknown). */
enum plneed {
	PL_NEEDED,	/* its endpoint resolves through the zone: every zone
			 * of a row whose zones do not depend on the kind, and
			 * of one whose zones do when the kind is unknown */
	PL_USEFUL,	/* the zone serves other names of the target, or
			 * names it may gain; *why says which, if why */
	PL_UNUSED,	/* the target has no names there (or no zone i) */
};
enum plneed privatelink_need(const struct plrow *row, size_t i,
    const char *kind, const char **why);
/* Whether the zones row's target needs depend on its kind. */
bool privatelink_by_kind(const struct plrow *row);
/* What zone i of row serves, for messages ("the account's openai
 * endpoint: the Azure OpenAI API"); NULL when the table does not say. */
const char *privatelink_serves(const struct plrow *row, size_t i);

/* Number of rows in cloud c's table; 0 for a value outside enum cloud. */
size_t privatelink_nrows(enum cloud c);
/* Row i of cloud c's table, in doc order; NULL if i >= nrows. */
const struct plrow *privatelink_row(enum cloud c, size_t i);

#endif
