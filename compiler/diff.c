/* diff.c - live state (JSON read from ARM) against desired state (body.c's
 * JSON): the differences, as {path, old, new} records, on the properties
 * the spec manages; and the readings of live state the executor decides
 * on (provisioning states, zone groups). Pure: no I/O, no requests. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diff.h"
#include "regions.h"
#include "util.h"

/* ARM ids, names, enum values and locations compare without case
 * (RPs answer "Disabled" to "disabled"); locations also without spaces
 * ("West Europe" is westeurope). Tag values and app settings are data,
 * compared exactly ("Tag values are case-sensitive",
 * https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources). */
static bool
str_same(const char *key, const char *a, const char *b, bool exact)
{
	if (exact)
		return strcmp(a, b) == 0;
	/* Cosmos DB answers a location's locationName as the region's
	 * display name ("West Europe") */
	if (key && (strcmp(key, "location") == 0 ||
	    strcmp(key, "locationName") == 0))
		return region_same(a, b);
	/* an access rule's address: App Service answers one given bare
	 * with /32 (/128), and may take one with it given bare */
	if (key && strcmp(key, "ipAddress") == 0) {
		size_t la = strlen(a), lb = strlen(b);
		la -= la > 3 && !strcmp(a + la - 3, "/32") ? 3 : la > 4 &&
		    !strcmp(a + la - 4, "/128") ? 4 : 0;
		lb -= lb > 3 && !strcmp(b + lb - 3, "/32") ? 3 : lb > 4 &&
		    !strcmp(b + lb - 4, "/128") ? 4 : 0;
		return la == lb && strncasecmp(a, b, la) == 0;
	}
	return strcasecmp(a, b) == 0;
}

/* Azure answers an app's access restrictions with a last rule of its
 * own, "Allow all" or "Deny all", ipAddress "Any" at priority 2147483647:
 * the default action shown as a rule (github.com/Azure/arm-template-whatif
 * issue 82; azure-cli's access-restriction tests read it). It is no rule
 * of the spec's, and no difference. */
static bool
implicit_rule(json_t *e)
{
	json_t *pr = json_object_get(e, "priority");
	const char *ip = json_string_value(json_object_get(e, "ipAddress"));

	return json_is_number(pr) && json_number_value(pr) == 2147483647 &&
	    ip && strcasecmp(ip, "Any") == 0;
}

/* have, without Azure's last rule when key is a list of access rules;
 * a new reference. */
static json_t *
without_implicit(const char *key, json_t *have)
{
	if (!key || !json_is_array(have) || (strcmp(key,
	    "ipSecurityRestrictions") && strcmp(key,
	    "scmIpSecurityRestrictions")))
		return json_incref(have);
	json_t *h = json_array();
	for (size_t i = 0; i < json_array_size(have); i++)
		if (!implicit_rule(json_array_get(have, i)))
			json_array_append(h, json_array_get(have, i));
	return h;
}

void
diff_add(json_t *out, const char *path, json_t *old, json_t *new)
{
	json_t *d = json_pack("{s:s}", "path", path);

	/* absent stays absent: JSON null is a value */
	if (old)
		json_object_set(d, "old", old);
	if (new)
		json_object_set(d, "new", new);
	json_array_append_new(out, d);
}

static void diff(const char *key, json_t *want, json_t *have,
    const char *path, bool exact, json_t *out);

/* Member k of o; in a tags object, whatever its case: "Tag names are
 * case-insensitive for operations" and an RP may keep the casing it has
 * (the page above), so Env is env's value, not a second tag, and a
 * difference in a name's case alone is none (writing it could not end
 * it). */
static json_t *
member(const char *key, json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	const char *ok;

	if (v || !key || strcmp(key, "tags") || !json_is_object(o))
		return v;
	json_object_foreach(o, ok, v)
		if (strcasecmp(ok, k) == 0)
			return v;
	return NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Arrays of strings (address prefixes, group ids) are sets. */
static bool
strset_same(json_t *a, json_t *b, bool exact)
{
	size_t n = json_array_size(a);

	if (!json_is_array(b) || json_array_size(b) != n)
		return false;
	const char **x = xmalloc((n + 1) * sizeof(*x));
	const char **y = xmalloc((n + 1) * sizeof(*y));
	bool same = true;
	for (size_t i = 0; i < n; i++) {
		x[i] = json_string_value(json_array_get(a, i));
		y[i] = json_string_value(json_array_get(b, i));
		if (!x[i] || !y[i])
			same = false;
	}
	if (same) {
		qsort(x, n, sizeof(*x), cmp_str);
		qsort(y, n, sizeof(*y), cmp_str);
		for (size_t i = 0; i < n && same; i++)
			same = str_same(NULL, x[i], y[i], exact);
	}
	free(x);
	free(y);
	return same;
}

static bool
all_strings(json_t *a)
{
	for (size_t i = 0; i < json_array_size(a); i++)
		if (!json_is_string(json_array_get(a, i)))
			return false;
	return true;
}

/* What identifies a member of array key: its name, but a delegation's
 * service: az names delegations "0", "1", ... where vnetc (and ARM, which
 * takes no '/' in a child name) says Microsoft.Web.serverFarms, and a
 * subnet the script delegated is the same subnet; and a service
 * endpoint's service (they have no name, and Azure keeps their order as
 * it will). */
static const char *
member_id(const char *key, json_t *e)
{
	if (key && strcmp(key, "delegations") == 0) {
		const char *svc = json_string_value(json_object_get(
		    json_object_get(e, "properties"), "serviceName"));
		if (svc)
			return svc;
	}
	if (key && strcmp(key, "serviceEndpoints") == 0)
		return json_string_value(json_object_get(e, "service"));
	/* a firewall's rules (body.c fw_acl): by address (value, a
	 * Cosmos DB account's ipAddressOrRange: backtypes.c .fw), by
	 * subnet */
	if (key && strcmp(key, "ipRules") == 0)
		return json_string_value(json_object_get(e, "value") ?
		    json_object_get(e, "value") : json_object_get(e,
		    "ipAddressOrRange") ? json_object_get(e,
		    "ipAddressOrRange") : json_object_get(e, "ipMask"));
	/* a namespace's names its subnet {"subnet": {"id"}} */
	if (key && strcmp(key, "virtualNetworkRules") == 0)
		return json_string_value(json_object_get(e, "id") ?
		    json_object_get(e, "id") : json_object_get(
		    json_object_get(e, "subnet"), "id"));
	/* a zone group's configs, by zone: the portal names them after the
	 * zone with '-' for '.', vnetc with the zone's name */
	if (key && strcmp(key, "privateDnsZoneConfigs") == 0)
		return json_string_value(json_object_get(json_object_get(e,
		    "properties"), "privateDnsZoneId"));
	return json_string_value(json_object_get(e, "name"));
}

/* Two members' ids the same: without case (ids, names), and an address
 * with or without /32 (a type may answer either: backtypes.c .fw). */
static bool
same_member(const char *key, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (key && strcmp(key, "ipRules") == 0) {
		la -= la > 3 && strcmp(a + la - 3, "/32") == 0 ? 3 : 0;
		lb -= lb > 3 && strcmp(b + lb - 3, "/32") == 0 ? 3 : 0;
	}
	return la == lb && strncasecmp(a, b, la) == 0;
}

static bool
all_named(const char *key, json_t *a)
{
	for (size_t i = 0; i < json_array_size(a); i++)
		if (!member_id(key, json_array_get(a, i)))
			return false;
	return json_array_size(a) > 0;
}

static json_t *
by_name(const char *key, json_t *a, const char *name)
{
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *e = json_array_get(a, i);
		const char *n = member_id(key, e);
		if (n && same_member(key, n, name))
			return e;
	}
	return NULL;
}

/* Arrays of named objects (subnets, delegations, connections, zone
 * configs) match by name or what stands for it (member_id); the spec owns the whole list, so a
 * member only Azure has is a difference too (a PUT would remove it). */
static void
diff_named(const char *key, json_t *want, json_t *have, const char *path,
    bool exact, json_t *out)
{
	char *sub;

	for (size_t i = 0; i < json_array_size(want); i++) {
		json_t *w = json_array_get(want, i);
		const char *n = member_id(key, w);
		json_t *h = by_name(key, have, n);
		sub = xfmt("%s[%s]", path, n);
		if (h) {
			/* the same delegation under another name */
			json_t *wc = json_deep_copy(w);
			if (key && (strcmp(key, "delegations") == 0 ||
			    strcmp(key, "privateDnsZoneConfigs") == 0))
				json_object_del(wc, "name");
			/* matched by its address, /32 or not */
			if (key && strcmp(key, "ipRules") == 0) {
				json_object_del(wc, "value");
				json_object_del(wc, "ipAddressOrRange");
				json_object_del(wc, "ipMask");
			}
			diff(NULL, wc, h, sub, exact, out);
			json_decref(wc);
		} else {
			diff_add(out, sub, NULL, w);
		}
		free(sub);
	}
	for (size_t i = 0; i < json_array_size(have); i++) {
		json_t *h = json_array_get(have, i);
		const char *n = member_id(key, h);
		if (n && by_name(key, want, n))
			continue;
		sub = xfmt("%s[%s]", path, n ? n : "?");
		diff_add(out, sub, h, NULL);
		free(sub);
	}
}

/* Append {path, old, new} to out for every leaf of want that have lacks
 * or holds otherwise. Only what want says is compared: what Azure adds
 * (ids, provisioningState, defaults) is no difference. */
static void
diff(const char *key, json_t *want, json_t *have, const char *path,
    bool exact, json_t *out)
{
	if (json_is_object(want)) {
		if (json_object_size(want) == 0)
			return; /* "properties": {} asks for nothing */
		if (!json_is_object(have)) {
			diff_add(out, path, have, want);
			return;
		}
		const char *k;
		json_t *v;
		json_object_foreach(want, k, v) {
			char *sub = xfmt("%s%s%s", path, *path ? "." : "", k);
			diff(k, v, member(key, have, k), sub,
			    exact || strcmp(k, "tags") == 0, out);
			free(sub);
		}
		return;
	}
	if (json_is_array(want)) {
		/* a reference of its own, released below */
		have = without_implicit(key, have);
		if (!json_is_array(have)) {
			diff_add(out, path, have, want);
		} else if (all_strings(want)) {
			if (!strset_same(want, have, exact))
				diff_add(out, path, have, want);
		} else if (all_named(key, want)) {
			diff_named(key, want, have, path, exact, out);
		} else if (json_array_size(want) != json_array_size(have)) {
			diff_add(out, path, have, want);
		} else {
			for (size_t i = 0; i < json_array_size(want); i++) {
				char *sub = xfmt("%s[%zu]", path, i);
				diff(NULL, json_array_get(want, i),
				    json_array_get(have, i), sub, exact, out);
				free(sub);
			}
		}
		json_decref(have);
		return;
	}
	if (json_is_string(want) && json_is_string(have)) {
		if (!str_same(key, json_string_value(want),
		    json_string_value(have), exact))
			diff_add(out, path, have, want);
	} else if (json_is_number(want) && json_is_number(have)) {
		if (json_number_value(want) != json_number_value(have))
			diff_add(out, path, have, want);
	} else if (!json_equal(want, have)) {
		diff_add(out, path, have, want);
	}
}

void
diff_json(json_t *want, json_t *have, bool exact, json_t *out)
{
	diff("", want, have, "", exact, out);
}

/* A peering whose VNets' address spaces changed since it was made is
 * out of sync (peeringSyncLevel) until a PUT with syncRemoteAddressSpace
 * carries them across: the script's az network vnet peering sync. */
bool
diff_peering(json_t *have, json_t *out)
{
	json_t *lvl = json_object_get(json_object_get(have, "properties"),
	    "peeringSyncLevel");

	if (!json_is_string(lvl) || strcasecmp(json_string_value(lvl),
	    "FullyInSync") == 0)
		return false;
	json_t *want = json_string("FullyInSync");
	diff_add(out, "properties.peeringSyncLevel", lvl, want);
	json_decref(want);
	return true;
}

bool
diff_failed(json_t *have, json_t *out)
{
	if (!diff_state_failed(diff_prov_state(have)))
		return false;
	/* a PUT again is how ARM repairs a failed resource */
	json_t *ok = json_string("Succeeded");
	diff_add(out, "properties.provisioningState", json_object_get(
	    json_object_get(have, "properties"), "provisioningState"), ok);
	json_decref(ok);
	return true;
}

/* ---- provisioning and operation states (docs/azure-notes.md 6.2) ---- */

const char *
diff_prov_state(json_t *body)
{
	return json_string_value(json_object_get(json_object_get(body,
	    "properties"), "provisioningState"));
}

bool
diff_state_terminal(const char *s)
{
	return !s || !strcasecmp(s, "Succeeded") || !strcasecmp(s, "Failed") ||
	    !strcasecmp(s, "Canceled");
}

bool
diff_state_failed(const char *s)
{
	return s && (!strcasecmp(s, "Failed") || !strcasecmp(s, "Canceled"));
}

const char *
diff_peer_remote(json_t *peering)
{
	return json_string_value(json_object_get(json_object_get(
	    json_object_get(peering, "properties"), "remoteVirtualNetwork"),
	    "id"));
}

/* Does one of the zone groups in list (a GET of an endpoint's
 * privateDnsZoneGroups) hold the zone of id zid? By the whole id, without
 * case, as ARM compares ids and the script's vnetc_has_id does: a group
 * that points at a zone of the name in another group is not it. */
bool
diff_groups_hold(json_t *list, const char *zid)
{
	json_t *g, *c;
	size_t i, j;

	json_array_foreach(json_object_get(list, "value"), i, g)
		json_array_foreach(json_object_get(json_object_get(g,
		    "properties"), "privateDnsZoneConfigs"), j, c) {
			const char *id = json_string_value(json_object_get(
			    json_object_get(c, "properties"),
			    "privateDnsZoneId"));
			if (id && strcasecmp(id, zid) == 0)
				return true;
		}
	return false;
}
