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
 * case-insensitively (ARM is case-insensitive). NULL if unknown or if
 * either string is NULL. */
const struct plrow *privatelink_find(enum cloud c, const char *type,
    const char *group);
/* Group ids known for type in cloud c, in table order, without
 * duplicates. Writes at most max of them to out (which may be NULL when
 * max is 0) and returns how many there are, which may exceed max; 0 if
 * the type is unknown. */
size_t privatelink_groups(enum cloud c, const char *type, const char **out,
    size_t max);
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

/* Number of rows in cloud c's table; 0 for a value outside enum cloud. */
size_t privatelink_nrows(enum cloud c);
/* Row i of cloud c's table, in doc order; NULL if i >= nrows. */
const struct plrow *privatelink_row(enum cloud c, size_t i);

#endif
