/* batch.c - batched reads: which lists ARM answers, and what a list's
 * pages hold (batch.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "batch.h"
#include "util.h"

/* The types vnetc reads through a list: one row per list operation,
 * checked in Microsoft's REST API specifications
 * (https://github.com/Azure/azure-rest-api-specs, under
 * specification/), at the apiVersion vnetc pins for the type
 * (restypes.c), each answering the resource's own model, as GET does
 * (docs/azure-notes.md 18). A type not here is read one GET at a time. */
static const struct {
	const char *type;	/* ARM type, children as NS/TYPE/CHILD */
	const char *source;	/* operationId, file under specification/ */
} listable[] = {
	{"Microsoft.Network/virtualNetworks", "VirtualNetworks_List, network/"
	    "resource-manager/Microsoft.Network/stable/2024-05-01/"
	    "virtualNetwork.json"},
	{"Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
	    "VirtualNetworkPeerings_List, the same file"},
	{"Microsoft.Network/privateEndpoints", "PrivateEndpoints_List, network/"
	    "resource-manager/Microsoft.Network/stable/2024-05-01/"
	    "privateEndpoint.json"},
	{"Microsoft.Network/networkSecurityGroups",
	    "NetworkSecurityGroups_List, network/resource-manager/"
	    "Microsoft.Network/stable/2024-05-01/networkSecurityGroup.json"},
	{"Microsoft.Network/routeTables", "RouteTables_List, network/"
	    "resource-manager/Microsoft.Network/stable/2024-05-01/"
	    "routeTable.json"},
	{"Microsoft.Network/natGateways", "NatGateways_List, network/"
	    "resource-manager/Microsoft.Network/stable/2024-05-01/"
	    "natGateway.json"},
	{"Microsoft.Network/publicIPAddresses", "PublicIPAddresses_List, "
	    "network/resource-manager/Microsoft.Network/stable/2024-05-01/"
	    "publicIpAddress.json"},
	{"Microsoft.Network/privateDnsZones",
	    "PrivateZones_ListByResourceGroup, privatedns/resource-manager/"
	    "Microsoft.Network/stable/2024-06-01/privatedns.json"},
	{"Microsoft.Network/privateDnsZones/virtualNetworkLinks",
	    "VirtualNetworkLinks_List, the same file"},
};

/* "NS/TYPE" or "NS/TYPE/CHILD" of the id path (the segments after its
 * last /providers/ but the names), into out; false if it is no resource
 * in a resource group. */
static bool
id_type(const char *path, char *out, size_t n)
{
	const char *p = NULL, *s = path;
	size_t len = 0, seg = 0;

	if (strncasecmp(path, "/subscriptions/", 15) ||
	    !strstr(path, "/resourceGroups/"))
		return false;
	while ((s = strstr(s, "/providers/")))
		p = s += 11;
	if (!p)
		return false;
	for (const char *q = p;; seg++) {
		size_t sl = strcspn(q, "/");
		if (sl == 0 || len + sl + 2 > n)
			return false;
		/* NS, TYPE, NAME, CHILD, NAME ...: keep NS and the types */
		if (seg == 0 || seg % 2 == 1) {
			if (len)
				out[len++] = '/';
			memcpy(out + len, q, sl);
			len += sl;
		}
		if (!q[sl])
			break;
		q += sl + 1;
	}
	out[len] = '\0';
	return seg >= 2 && seg % 2 == 0;
}

char *
batch_collection(const char *path)
{
	char type[256];

	if (!id_type(path, type, sizeof(type)))
		return NULL;
	for (size_t i = 0; i < NELEM(listable); i++)
		if (strcasecmp(listable[i].type, type) == 0) {
			size_t n = (size_t)(strrchr(path, '/') - path);
			char *c = xmalloc(n + 1);
			memcpy(c, path, n);
			c[n] = '\0';
			return c;
		}
	return NULL;
}

void
batch_init(struct batch *b, const char *coll, const char *api)
{
	*b = (struct batch){.coll = xstrdup(coll), .api = api,
	    .items = json_object()};
}

static char *
lower(const char *s)
{
	char *l = xstrdup(s);

	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

bool
batch_page(struct batch *b, const char *body)
{
	json_t *j = body ? json_loads(body, 0, NULL) : NULL;
	json_t *v = json_object_get(j, "value"), *e;
	const char *next = json_string_value(json_object_get(j, "nextLink"));
	size_t i;

	free(b->next);
	b->next = NULL;
	if (!json_is_array(v)) {
		snprintf(b->why, sizeof(b->why), "its answer holds no "
		    "\"value\" list");
		json_decref(j);
		return false;
	}
	json_array_foreach(v, i, e) {
		const char *id = json_string_value(json_object_get(e, "id"));
		if (!id)
			continue;
		char *k = lower(id);
		json_object_set(b->items, k, e);
		free(k);
	}
	b->pages++;
	if (next && *next)
		b->next = xstrdup(next);
	b->complete = !b->next;
	json_decref(j);
	return true;
}

/* A page more is worth it while the pages read are fewer than the reads
 * the list answers: a list that needs as many pages as there are
 * resources to read has stopped paying (a group holding many others'
 * resources of the type); then what it found is used, and the rest is
 * read one by one: at most twice the single reads, never more. */
bool
batch_worth_next(const struct batch *b)
{
	return b->next && b->pages < b->nreads;
}

json_t *
batch_find(const struct batch *b, const char *path)
{
	char *k = lower(path);
	json_t *e = json_object_get(b->items, k);

	free(k);
	return e;
}

void
batch_free(struct batch *b)
{
	free(b->coll);
	free(b->next);
	json_decref(b->items);
	*b = (struct batch){0};
}
