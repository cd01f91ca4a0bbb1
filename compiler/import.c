/* import.c - vnetc import: a spec from what already runs in Azure (issue
 * 20). Reads the resource groups' lists over ARM (arm.c: paced, the
 * executor's token), gathers the VNets, peerings, private endpoints, zones
 * and links, back ends, plans and apps, writes a short spec (logical keys
 * from the Azure names, what vnetc derives left out, what the spec does
 * not model said in comments, never a setting's value that may be a
 * secret; what vnetc created as create:), then checks it as
 * vnetc check does: an import is an audit of the estate.
 *
 * Reads only: GET, and the POST .../config/appsettings/list that App
 * Service answers its settings by. Ownership: the JSON answers live until
 * import_main returns (one json_decref each); the spec text is a buf. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "arm.h"
#include "diag.h"
#include "model.h"
#include "privatelink.h"
#include "regions.h"

static const char usage_import[] =
"usage: vnetc import [--subscription ID] --resource-group RG\n"
"                    [[--subscription ID] --resource-group RG]... [-o SPEC]\n"
"                    [options]\n"
"\n"
"Reads what runs in the resource groups over the ARM REST API (reads\n"
"only) and writes a spec of it: VNets and subnets, peerings, private\n"
"endpoints with their zones and links, the back ends they reach (as\n"
"existing, with their public access), App Service plans and apps. Keys\n"
"come from the Azure names (vnet-orders -> orders, a key vault alone ->\n"
"vault); what vnetc would derive (a zone group's zones, a link's name)\n"
"is left out; what the spec cannot say is a '# not modelled:' comment,\n"
"and what it leaves out a warning on stderr naming the resource.\n"
"A setting's value that may be a secret is never written: it becomes a\n"
"parameter (give it with -p at plan time); a Key Vault reference and a\n"
"value that cannot be a secret (README, Import) are kept. What vnetc\n"
"created (its tags) comes back as create:, with its identities, roles,\n"
"slots and access restrictions; a back end no endpoint reaches too, and\n"
"an existing app's slots vnetc created. NSGs, route tables\n"
"and NAT gateways are written with their rules, routes and addresses,\n"
"as vnetc would own them; one vnetc could not own (in another group,\n"
"a rule with application security groups, a subnet delegated to a\n"
"service that writes its own rules) as existing.\n"
"Then it checks the spec as vnetc check does and prints the findings:\n"
"an import is an audit of the estate (VN326: an app that reaches a\n"
"locked back end only publicly; VN601: a back end still public; VN602:\n"
"an endpoint's zone not linked where it resolves; VN603: an endpoint\n"
"without a zone group; VN322: a zone group's zone that is wrong).\n"
"`vnetc plan` of the imported spec shows what apply would add: a zone\n"
"link or group vnetc derives and the estate lacks.\n"
"\n"
"options:\n"
"  --resource-group RG  a group to read; repeat for more; the first is\n"
"                       the spec's resource_group. A name, or the group's\n"
"                       id /subscriptions/SUB/resourceGroups/NAME\n"
"  -o SPEC              write the spec there (a temporary file, renamed);\n"
"                       -o - or none: the standard output\n"
"  --subscription ID    the subscription of the groups named after it,\n"
"                       up to the next (groups before the first: the\n"
"                       first; default $AZURE_SUBSCRIPTION_ID); a landing\n"
"                       zone's spokes in several subscriptions. A VNet\n"
"                       peered from outside them (a platform's hub) is\n"
"                       written existing, and zones all in one group not\n"
"                       the spec's as central zones (a dns: block)\n"
"  --cloud public|usgov|china  the cloud (default public)\n"
"  --arm-endpoint URL   --login-endpoint URL   --ca-bundle FILE\n"
"                       as for vnetc plan\n"
"  -h, --help           this text\n"
"\n"
"Credentials as vnetc plan's (vnetc apply --help); nothing is written\n"
"to Azure.\n"
"exit status: 0 written, no findings; 1 written, with findings (errors\n"
"or warnings of the check, printed; what the spec leaves out is not\n"
"one); 2 usage or I/O; 3 Azure could not be read (nothing written).\n"
"\n"
"example:\n"
"  vnetc import --subscription SUB --resource-group rg-orders-prod -o orders.yaml\n"
"  vnetc plan orders.yaml --subscription SUB   # no changes\n";

/* ---- reading: one request at a time through arm.c ---- */

struct imp {
	struct arm arm;
	enum cloud cloud;
	const char *sub;	/* the home subscription: the first group's */
	const char **subs;	/* each group's subscription */
	char *base;		/* the spec's name (-o's, without .yaml), or NULL */
	const char *project;	/* the project of the first created back end */
	const char **rgs;
	size_t nrgs;
	int failed;		/* 3 after a read Azure did not answer */
	json_t *keep;		/* every answer, freed once */
	/* the import's own findings (VN6xx), at an offset of the body (the
	 * line) and a column, reported with the check's */
	struct ifinding {
		enum rule rule;
		size_t off;
		int col;
		char *msg;
	} finds[64];
	size_t nfinds;
	struct arena *arena;	/* the endpoint */
};

/* The answer to one request, parsed, or NULL: 404 sets *status and says
 * nothing; anything else not 2xx is said on stderr and sets im->failed.
 * Throttling and passing failures are waited out a few times, as apply
 * does (http_classify). */
static char *id_part(const char *id, const char *name);

/* What an ARM path reads, in words, for messages (the URL with the
 * endpoint says less to a person): "the virtualNetworks in resource
 * group G of subscription S", "networkSecurityGroups nsg-x in ...",
 * "the virtualNetworkPeerings of virtualNetworks vnet-x in ...". */
static char *
in_words(const char *path)
{
	struct buf b = {0};
	char *sub = id_part(path, "subscriptions"), *rg = id_part(path,
	    "resourceGroups");
	const char *p = strstr(path, "/providers/");
	p = p ? strchr(p + 11, '/') : NULL;	/* past the namespace */
	char *segs = xstrdup(p ? p + 1 : ""), *save = NULL;
	const char *seg[16];
	int n = 0;
	for (char *t = strtok_r(segs, "/", &save); t && n < 16;
	    t = strtok_r(NULL, "/", &save))
		seg[n++] = t;
	int i = n - 1;
	if (has_suffix(path, "/config/appsettings/list") && n >= 5) {
		buf_printf(&b, "the app settings of app %s", seg[n - 4]);
		i = -1;
	} else if (n % 2) {
		buf_printf(&b, "the %s", seg[i--]);
	} else if (n) {
		buf_printf(&b, "%s %s", seg[i - 1], seg[i]);
		i -= 2;
	}
	for (; i >= 1; i -= 2)
		buf_printf(&b, " of %s %s", seg[i - 1], seg[i]);
	buf_printf(&b, "%sresource group %s of subscription %s", b.len ?
	    " in " : "", rg, sub);
	free(segs);
	free(sub);
	free(rg);
	return b.s;
}

static json_t *
request(struct imp *im, const char *method, const char *url,
    const char *path, int *status)
{
	struct http_req req = {.method = method, .url = url};
	struct http_resp resp = {0};
	json_t *j = NULL;
	bool reauthed = false;

	*status = 0;
	if (im->failed)		/* one failure is enough: nothing is written */
		return NULL;
	for (int attempt = 0; attempt < 6; attempt++) {
		int w;
		while ((w = arm_start(&im->arm, &req, &resp, false)) > 0)
			sleep_ms(w);
		if (w == 0)
			while (arm_next(&im->arm, 1000) != &req)
				;
		char code[128];
		http_arm_error(resp.body, code, sizeof(code), NULL, 0);
		*status = (int)resp.status;
		if (resp.status == 401 && !reauthed) {
			reauthed = true;
			http_resp_free(&resp);
			if (!arm_reauth(&im->arm))
				break;
			continue;
		}
		if (resp.status == 404 || (resp.status >= 200 &&
		    resp.status < 300) || http_classify(resp.status, code,
		    resp.curl_code) != HTTP_RETRY || attempt == 5)
			break;
		long ms = http_retry_after_ms(resp.retry_after);
		http_resp_free(&resp);
		sleep_ms(ms >= 0 ? ms : 1000L << attempt);
	}
	char *what = in_words(path);
	if (resp.status >= 200 && resp.status < 300) {
		j = json_loads(resp.body ? resp.body : "", 0, NULL);
		if (!j)
			fprintf(stderr, "vnetc: import: reading %s: the answer "
			    "is not JSON\n", what);
	} else if (resp.status != 404) {
		char code[128], msg[256];
		http_arm_error(resp.body, code, sizeof(code), msg, sizeof(msg));
		if (resp.status)
			fprintf(stderr, "vnetc: import: reading %s: HTTP %ld "
			    "%s%s%s\n", what, resp.status, code, *msg ? ": " :
			    "", msg);
		else
			fprintf(stderr, "vnetc: import: reading %s: no answer "
			    "from %s: %s\n", what, im->arm.endpoint,
			    resp.errbuf);
	}
	free(what);
	if (!j && resp.status != 404)
		im->failed = 3;
	http_resp_free(&resp);
	if (j)
		json_array_append_new(im->keep, j);
	return j;
}

/* GET of path (an ARM id or list path) with api; NULL when absent. */
static json_t *
get(struct imp *im, const char *path, const char *api)
{
	int st;
	char *url = arm_url(&im->arm, path, api);
	json_t *j = request(im, "GET", url, path, &st);
	free(url);
	return j;
}

/* Every item of an ARM list, following nextLink (ARM pages long lists:
 * https://learn.microsoft.com/en-us/rest/api/azure/), appended to out. */
static void
list(struct imp *im, const char *path, const char *api, json_t *out)
{
	char *url = arm_url(&im->arm, path, api);
	for (int pages = 0; url && pages < 10000; pages++) {
		int st;
		json_t *j = request(im, "GET", url, path, &st);
		free(url);
		url = NULL;
		/* a list's parent is there (just read), but a group may not be */
		if (st == 404 && pages == 0 && !im->failed) {
			char *sub = id_part(path, "subscriptions");
			char *rg = id_part(path, "resourceGroups");
			fprintf(stderr, "vnetc: import: resource group %s is not "
			    "in subscription %s: misspelt, or in another "
			    "subscription (give --subscription ID before it, "
			    "or its id /subscriptions/ID/resourceGroups/%s)\n",
			    rg, sub, rg);
			free(sub);
			free(rg);
			im->failed = 3;
		}
		json_t *v = json_object_get(j, "value");
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			json_array_append(out, x);
		const char *next = json_string_value(json_object_get(j,
		    "nextLink"));
		/* the token goes only to the endpoint's origin (arm_start) */
		if (next && *next)
			url = xstrdup(next);
	}
	free(url);
}

/* The member at path ("a.b.c": nested members), or NULL. */
static json_t *
member(json_t *j, const char *path)
{
	char key[64];
	while (j && *path) {
		size_t n = strcspn(path, ".");
		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		j = json_object_get(j, key);
		path += n + (path[n] == '.');
	}
	return j;
}

static const char *
str(json_t *j, const char *path)
{
	return json_string_value(member(j, path));
}

/* The id's segment after /name/ ("resourceGroups" -> the group), or "". */
static char *
id_part(const char *id, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = id ? id : ""; (p = strchr(p, '/')); p++)
		if (!strncasecmp(p + 1, name, n) && p[n + 1] == '/') {
			const char *v = p + n + 2;
			return strndup(v, strcspn(v, "/"));
		}
	return xstrdup("");
}

/* The last segment of an id. */
static const char *
id_name(const char *id)
{
	const char *s = id ? strrchr(id, '/') : NULL;
	return s ? s + 1 : "";
}

/* "Microsoft.KeyVault/vaults" from an id. */
static char *
id_type(const char *id)
{
	const char *p = strstr(id ? id : "", "/providers/");
	if (!p)
		return xstrdup("");
	p += 11;
	const char *s1 = strchr(p, '/');
	if (!s1)
		return xstrdup("");
	return strndup(p, strcspn(s1 + 1, "/") + (size_t)(s1 + 1 - p));
}

/* Whether the group of id is one of the groups read. */
static bool
read_group(struct imp *im, const char *id)
{
	char *sub = id_part(id, "subscriptions"), *rg = id_part(id,
	    "resourceGroups");
	bool r = false;
	for (size_t g = 0; g < im->nrgs; g++)
		r |= !strcasecmp(im->rgs[g], rg) && !strcasecmp(im->subs[g], sub);
	free(sub);
	free(rg);
	return r;
}

/* Whether id is in a subscription read: it is read where it is. */
static bool
read_sub(struct imp *im, const char *id)
{
	char *sub = id_part(id, "subscriptions");
	bool r = false;
	for (size_t g = 0; g < im->nrgs; g++)
		r |= !strcasecmp(im->subs[g], sub);
	free(sub);
	return r;
}

/* Whether id is in the spec's own group (the first read). */
static bool
home_group(struct imp *im, const char *id)
{
	char *sub = id_part(id, "subscriptions"), *rg = id_part(id,
	    "resourceGroups");
	bool r = !strcasecmp(rg, im->rgs[0]) && !strcasecmp(sub, im->sub);
	free(sub);
	free(rg);
	return r;
}

/* ---- keys: logical names from Azure names ---- */

/* Prefixes and suffixes the Cloud Adoption Framework's abbreviations put
 * on names (https://learn.microsoft.com/en-us/azure/cloud-adoption-
 * framework/ready/azure-best-practices/resource-abbreviations), and the
 * tutorial's. One row per affix; compared without case. */
static const char *const prefixes[] = {
	"vnet-", "snet-", "subnet-", "pe-", "kv-", "sql-", "oai-",
	"cog-", "sb-", "asp-", "plan-", "app-", "nsg-", "rt-", "ng-", "lang-",
	"id-", "sqldb-",
};
static const char *const suffixes[] = {
	"-vnet", "-subnet", "-snet", "-kv", "-asp", "-plan", "-app",
	"-nsg", "-rt",
};

static bool
key_ok(const char *k)
{
	if (!*k || !strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789", *k))
		return false;
	return strspn(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX"
	    "YZ0123456789-_") == strlen(k);
}

/* k made a valid key, in place or anew (k freed). */
static char *
key_valid(char *k)
{
	for (char *p = k; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789-_", *p))
			*p = '-';
	if (!key_ok(k)) {
		char *t = xfmt("x%s", k);
		free(k);
		k = t;
	}
	return k;
}

static char *
key_of_whole(const char *name)
{
	return key_valid(xstrdup(name));
}

/* The shortest valid key the affixes leave of name, or name made valid.
 * A storage account's "st" (CAF's, with no hyphen: storage names have
 * none, stordersprod) is taken off only a storage account's name: on
 * any other it is the start of a word (vnet-staging, streaming). */
static char *
key_of(const char *name, bool storage)
{
	char *k = xstrdup(name);
	if (storage && strlen(k) > 6 && !strncasecmp(k, "st", 2))
		memmove(k, k + 2, strlen(k + 2) + 1);
	for (bool again = true; again;) {
		again = false;
		for (size_t i = 0; i < NELEM(prefixes); i++) {
			size_t n = strlen(prefixes[i]);
			if (!strncasecmp(k, prefixes[i], n) && key_ok(k + n) &&
			    strlen(k + n) >= 2) {
				memmove(k, k + n, strlen(k + n) + 1);
				again = true;
			}
		}
		for (size_t i = 0; i < NELEM(suffixes); i++) {
			size_t n = strlen(suffixes[i]), l = strlen(k);
			if (l > n + 1 && !strcasecmp(k + l - n, suffixes[i])) {
				k[l - n] = 0;
				again = true;
			}
		}
	}
	return key_valid(k);
}

/* name's key (key_of) if not yet among taken (n of them), else name
 * itself made valid (kv-platform and oai-platform both strip to
 * platform), else that with -2, -3 ... */
static char *
key_unique(const char *name, char **taken, size_t n, bool storage)
{
	char *k = key_of(name, storage);
	for (int i = 0;; i++) {
		char *c = i == 0 ? xstrdup(k) : i == 1 ? key_of_whole(name) :
		    xfmt("%s-%d", k, i);
		bool used = false;
		for (size_t j = 0; j < n && !used; j++)
			used = taken[j] && !strcmp(taken[j], c);
		if (!used) {
			free(k);
			return c;
		}
		free(c);
	}
}

/* A back end's key when it is the only one of its type: the word the
 * specs in specs/ use. One row per type; others get their name's key. */
static const struct {
	const char *type, *key;
} back_words[] = {
	{"Microsoft.KeyVault/vaults", "vault"},
	{"Microsoft.Storage/storageAccounts", "storage"},
	{"Microsoft.Sql/servers", "sql"},
	{"Microsoft.ServiceBus/namespaces", "bus"},
	{"Microsoft.EventHub/namespaces", "hub"},
	{"Microsoft.DocumentDB/databaseAccounts", "cosmos"},
	{"Microsoft.ContainerRegistry/registries", "registry"},
	{"Microsoft.Web/sites", "site"},
};

/* What a subnet names besides its VNet: one row per section. */
enum { NK_NSG, NK_RT, NK_NG };
static const struct {
	const char *section, *prop, *subkey;
	enum res r;
} netkinds[] = {
	{"nsgs", "networkSecurityGroup.id", "nsg", RES_NSG},
	{"route_tables", "routeTable.id", "route_table", RES_RT},
	{"nat_gateways", "natGateway.id", "nat_gateway", RES_NATGW},
};

/* ---- the estate, as read ---- */

struct isub {
	json_t *j;
	const char *name;
	char *id;
	char *key;
};
struct ivnet {
	json_t *j;
	const char *name, *id;
	char *rg, *key, *keyhint;
	json_t *peerings;	/* its virtualNetworkPeerings, listed */
	struct isub *subs;
	size_t nsubs;
	/* one outside the groups read that a peering reaches (a platform's
	 * hub): existing, with the space the peering says it has */
	json_t *space;
};
struct ipe {
	json_t *j;
	const char *name, *id;
	char *rg;
	/* an endpoint written on an app or slot (write_app_pes): the name
	 * and group id the spec derives for it there */
	char *dname;
	const char *dgroup;
	json_t *zg;		/* its zone group, or NULL */
	size_t back;		/* index in backs */
};
struct iback {
	json_t *j;		/* NULL: not readable */
	json_t *fw;		/* its firewall's child resource (backtypes.c
				 * .fw child_type), or NULL */
	const char *id;
	char *type, *key, *rg, *sub;
	/* read where vnetc created an app (read_created): the role
	 * assignments at its scope, a created SQL server's databases */
	json_t *roles, *dbs;
};
struct izone {
	json_t *j, *links;
	const char *name, *id;
	char *rg;
};
struct iapp {
	json_t *j, *settings;
	const char *name, *id;
	char *key, *rg;
	/* an app vnetc created (its tags; read_created): its configuration
	 * (config/web's properties), its slots, its basic-auth policies */
	bool mine;
	json_t *web, *ftp;
	/* its slots (of any app, read_slots): those vnetc created (their
	 * tags), sorted by name, and the others' ids */
	json_t *slots, *foreign;
	/* those it created as sites of their own (read_created), in slots'
	 * order: each with its settings, for its identity:, roles: and
	 * app_settings:, which are written as an app's are */
	struct iapp *islots;
	size_t nislots;
	bool slot;		/* one of islots */
};

struct estate {
	struct ivnet *vnets;
	size_t nvnets;
	struct ipe *pes;
	size_t npes;
	struct iback *backs;
	size_t nbacks;
	struct izone *zones;
	size_t nzones;
	json_t *farms;		/* serverfarms */
	json_t *autoscale;	/* autoscale settings (of the plans) */
	char **farmkeys;
	/* the user-assigned identities the created apps carry: id -> body
	 * (null: not read), and their keys, in the same order */
	json_t *uais, *uaikeys;
	struct iapp *apps;
	size_t napps;
	/* the NSGs, route tables and NAT gateways the subnets name (ids,
	 * first seen first, one array per row of netkinds), and the body of
	 * each one read (by id) */
	json_t *refs[3], *bodies;
	/* the group of central private DNS zones (a dns: block):
	 * "/subscriptions/S/resourceGroups/G", or NULL */
	char *dns;
	const char *location;
};

static void read_created(struct imp *im, struct estate *e);
static void assign_uai_keys(struct estate *e);
static bool back_skipped(struct estate *e, struct iback *bk);
static bool pe_on_app(struct estate *e, const struct ipe *p);
static void dropped(struct buf *b, int ind, const char *id, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static int
by_name(const void *a, const void *b)
{
	const char *x = str(*(json_t *const *)a, "name");
	const char *y = str(*(json_t *const *)b, "name");
	return strcmp(x ? x : "", y ? y : "");
}

/* The list of type in every group, sorted by name within each group
 * (ARM's order is not promised; the output must not depend on it). */
static json_t *
read_type(struct imp *im, const char *type, const char *api)
{
	json_t *all = json_array();
	json_array_append_new(im->keep, all);
	for (size_t g = 0; g < im->nrgs; g++) {
		json_t *one = json_array();
		char *p = xfmt("/subscriptions/%s/resourceGroups/%s/providers/%s",
		    im->subs[g], im->rgs[g], type);
		list(im, p, api, one);
		free(p);
		size_t n = json_array_size(one);
		json_t **v = xmalloc((n + 1) * sizeof(*v));
		for (size_t i = 0; i < n; i++)
			v[i] = json_array_get(one, i);
		qsort(v, n, sizeof(*v), by_name);
		for (size_t i = 0; i < n; i++)
			json_array_append(all, v[i]);
		free(v);
		json_decref(one);
	}
	return all;
}

/* A finding of the import on the line of the body at off, column col. */
static void
finding(struct imp *im, size_t off, int col, enum rule r,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void
finding(struct imp *im, size_t off, int col, enum rule r,
    const char *fmt, ...)
{
	if (im->nfinds >= NELEM(im->finds))
		return;
	va_list ap;
	struct buf m = {0};
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	im->finds[im->nfinds++] = (struct ifinding){r, off, col, m.s};
}

static const char *
api_of(enum res r)
{
	return restype_get(r)->api;
}

/* idx of id in the array of ids arr (case-insensitive), appended if new */
static size_t
id_index(json_t *arr, const char *id)
{
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
		if (!strcasecmp(json_string_value(x), id))
			return i;
	json_array_append_new(arr, json_string(id));
	return json_array_size(arr) - 1;
}

/* The children of the resource id of one type ("virtualNetworkLinks"),
 * listed. */
static json_t *
children(struct imp *im, const char *id, const char *child, enum res r)
{
	json_t *all = json_array();
	json_array_append_new(im->keep, all);
	char *path = xfmt("%s/%s", id, child);
	list(im, path, api_of(r), all);
	free(path);
	return all;
}

static struct ivnet *find_vnet(struct estate *e, const char *id);

/* The VNets the peerings reach outside the groups read (a platform's
 * hub), as existing ones: their id, and the address space the peering
 * reports (remoteAddressSpace, as Azure keeps it current), for the
 * overlap checks. Appended after those read. */
static void
add_remote_vnets(struct estate *e)
{
	size_t n = e->nvnets;
	for (size_t i = 0; i < n; i++) {
		size_t k;
		json_t *p;
		json_array_foreach(e->vnets[i].peerings, k, p) {
			const char *rid = str(p, "properties.remoteVirtualNetwork.id");
			if (!rid || find_vnet(e, rid))
				continue;
			e->vnets = realloc(e->vnets, (e->nvnets + 2) *
			    sizeof(*e->vnets));
			struct ivnet *x = &e->vnets[e->nvnets++];
			*x = (struct ivnet){.id = rid, .name = id_name(rid),
			    .rg = id_part(rid, "resourceGroups")};
			x->space = member(p, "properties.remoteAddressSpace."
			    "addressPrefixes");
			if (!json_array_size(x->space))
				x->space = member(p, "properties."
				    "remoteVirtualNetworkAddressSpace."
				    "addressPrefixes");
			if (!x->space)		/* said so, as existing: true */
				x->space = json_null();
		}
	}
}

/* Every NSG, route table and NAT gateway a subnet names, in order, and
 * the body of each in the subscription read: its rules, routes and
 * addresses are written when vnetc could own it. */
static void
gather_refs(struct imp *im, struct estate *e)
{
	e->bodies = json_object();
	json_array_append_new(im->keep, e->bodies);
	for (size_t n = 0; n < NELEM(netkinds); n++) {
		e->refs[n] = json_array();
		json_array_append_new(im->keep, e->refs[n]);
	}
	for (size_t i = 0; i < e->nvnets; i++)
		for (size_t k = 0; k < e->vnets[i].nsubs; k++)
			for (size_t n = 0; n < NELEM(netkinds); n++) {
				const char *id = str(member(e->vnets[i].subs[k].j,
				    "properties"), netkinds[n].prop);
				if (id)
					id_index(e->refs[n], id);
			}
	for (size_t n = 0; n < NELEM(netkinds); n++) {
		size_t i;
		json_t *x;
		json_array_foreach(e->refs[n], i, x) {
			const char *id = json_string_value(x);
			json_t *j = read_sub(im, id) ? get(im, id,
			    api_of(netkinds[n].r)) : NULL;
			if (j)
				json_object_set(e->bodies, id, j);
		}
	}
}

/* An endpoint's connection: its first, or, awaiting the owner's
 * approval, its first manual one; NULL: none. */
static json_t *
pe_conn(json_t *pe)
{
	json_t *c = json_array_get(member(pe,
	    "properties.privateLinkServiceConnections"), 0);
	return c ? c : json_array_get(member(pe,
	    "properties.manualPrivateLinkServiceConnections"), 0);
}

/* The group id an endpoint's connection names first, or NULL. */
static const char *
pe_group(const struct ipe *p)
{
	return json_string_value(json_array_get(member(pe_conn(p->j),
	    "properties.groupIds"), 0));
}

static void
read_estate(struct imp *im, struct estate *e)
{
	json_t *vn = read_type(im, "Microsoft.Network/virtualNetworks",
	    api_of(RES_VNET));
	e->nvnets = json_array_size(vn);
	e->vnets = calloc(e->nvnets + 1, sizeof(*e->vnets));
	for (size_t i = 0; i < e->nvnets; i++) {
		struct ivnet *v = &e->vnets[i];
		v->j = json_array_get(vn, i);
		v->name = str(v->j, "name");
		v->id = str(v->j, "id");
		v->rg = id_part(v->id, "resourceGroups");
		v->peerings = children(im, v->id, "virtualNetworkPeerings",
		    RES_PEER);
		json_t *ss = member(v->j, "properties.subnets");
		v->nsubs = json_array_size(ss);
		v->subs = calloc(v->nsubs + 1, sizeof(*v->subs));
		for (size_t k = 0; k < v->nsubs; k++) {
			v->subs[k].j = json_array_get(ss, k);
			v->subs[k].name = str(v->subs[k].j, "name");
			/* ARM gives a subnet its id; made here if not */
			v->subs[k].id = str(v->subs[k].j, "id") ?
			    xstrdup(str(v->subs[k].j, "id")) : xfmt("%s/subnets/%s",
			    v->id, v->subs[k].name);
		}
	}
	if (e->nvnets)
		e->location = str(e->vnets[0].j, "location");
	gather_refs(im, e);
	add_remote_vnets(e);

	json_t *pes = read_type(im, "Microsoft.Network/privateEndpoints",
	    api_of(RES_PE));
	json_t *backids = json_array();
	json_array_append_new(im->keep, backids);
	size_t npes = json_array_size(pes);
	e->pes = calloc(npes + 1, sizeof(*e->pes));
	for (size_t i = 0; i < npes; i++) {
		json_t *j = json_array_get(pes, i);
		const char *target = str(pe_conn(j),
		    "properties.privateLinkServiceId");
		if (!target || !*target) {	/* no back end to be under */
			dropped(NULL, 0, str(j, "id"), "private endpoint %s, "
			    "which connects to no resource (no "
			    "privateLinkServiceId)", str(j, "name") ?
			    str(j, "name") : "?");
			continue;
		}
		struct ipe *p = &e->pes[e->npes++];
		p->j = j;
		p->name = str(p->j, "name");
		p->id = str(p->j, "id");
		p->rg = id_part(p->id, "resourceGroups");
		p->zg = json_array_get(children(im, p->id,
		    "privateDnsZoneGroups", RES_ZG), 0);
		p->back = id_index(backids, target);
	}
	/* The back ends vnetc created (its tags: body.c owner tags) that no
	 * endpoint reaches, of each type it creates: a firewall and public
	 * access alone are theirs all the same, and destroy of a spec
	 * without them would leave them behind. After those the endpoints
	 * reach, which keep their order. */
	for (const struct spec_create_type *ct = spec_create_types; ct->type;
	    ct++) {
		size_t k;
		json_t *x, *all = read_type(im, ct->type,
		    backtype_api(backtype_find(ct->type)));
		json_array_foreach(all, k, x)
			if (str(x, "id") && body_owner_of(x))
				id_index(backids, str(x, "id"));
	}
	e->nbacks = json_array_size(backids);
	e->backs = calloc(e->nbacks + 1, sizeof(*e->backs));
	for (size_t i = 0; i < e->nbacks; i++) {
		struct iback *b = &e->backs[i];
		b->id = json_string_value(json_array_get(backids, i));
		b->type = id_type(b->id);
		b->rg = id_part(b->id, "resourceGroups");
		b->sub = id_part(b->id, "subscriptions");
		const struct backtype *bt = backtype_find(b->type);
		/* a type vnetc knows as its REST spec spells it: ARM's ids
		 * come in any case */
		if (bt) {
			free(b->type);
			b->type = xstrdup(bt->type);
		}
		const char *api = backtype_api(bt);
		if (api && read_sub(im, b->id))
			b->j = get(im, b->id, api);
		/* a namespace's firewall: its child networkRuleSets/default */
		if (b->j && bt->fw && bt->fw->child_type) {
			char *p = xfmt("%s/%s/%s", b->id, strrchr(
			    bt->fw->child_type, '/') + 1, bt->fw->child_name);
			b->fw = get(im, p, bt->fw->child_api);
			free(p);
		}
	}

	json_t *zs = read_type(im, "Microsoft.Network/privateDnsZones",
	    api_of(RES_PDNSZ));
	e->nzones = json_array_size(zs);
	e->zones = calloc(e->nzones + 1, sizeof(*e->zones));
	for (size_t i = 0; i < e->nzones; i++) {
		struct izone *z = &e->zones[i];
		z->j = json_array_get(zs, i);
		z->name = str(z->j, "name");
		z->id = str(z->j, "id");
		z->rg = id_part(z->id, "resourceGroups");
		z->links = children(im, z->id, "virtualNetworkLinks", RES_LINK);
	}

	e->farms = read_type(im, "Microsoft.Web/serverfarms", api_of(RES_ASP));
	/* how far each plan scales (instances): Autoscale settings, listed
	 * per group (https://learn.microsoft.com/en-us/rest/api/monitor/
	 * autoscale-settings/list-by-resource-group, 2022-10-01) */
	e->autoscale = json_array_size(e->farms) ? read_type(im,
	    "Microsoft.Insights/autoscalesettings", "2022-10-01") : NULL;
	json_t *sites = read_type(im, "Microsoft.Web/sites", api_of(RES_APP));
	e->napps = json_array_size(sites);
	e->apps = calloc(e->napps + 1, sizeof(*e->apps));
	for (size_t i = 0; i < e->napps; i++) {
		struct iapp *a = &e->apps[i];
		a->j = json_array_get(sites, i);
		a->name = str(a->j, "name");
		a->id = str(a->j, "id");
		a->rg = id_part(a->id, "resourceGroups");
		/* the values are secrets: only their names and whether each is
		 * a Key Vault reference leave this function's caller */
		char *p = xfmt("%s/config/appsettings/list", a->id);
		char *url = arm_url(&im->arm, p, api_of(RES_APPSETTINGS));
		int st;
		a->settings = member(request(im, "POST", url, p, &st),
		    "properties");
		free(url);
		free(p);
	}
	read_created(im, e);
}

/* What an app vnetc created says beyond its site, read for create: (its
 * tags say vnetc: body.c owner_tags): its configuration (config/web:
 * the site's GET shows it in part, docs/azure-notes.md 5.4), its slots,
 * its basic-auth policy (FTP's: vnetc writes FTP's and SCM's alike), the
 * user-assigned identities it carries, and, where there is one, the role
 * assignments at each back end's scope (its roles:) and a created SQL
 * server's databases. Reads nothing where vnetc created no app. */
/* arr's items sorted by name, in place: ARM's order is not promised,
 * the output's is. */
static void
sort_by_name(json_t *arr)
{
	size_t n = json_array_size(arr);
	json_t **v = xmalloc((n + 1) * sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof(*v), by_name);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
}

/* The slots of app a: those vnetc created (their tags; an existing
 * app's too, docs/spec.md "Deployment slots"), by name, are the spec's;
 * the others' ids are kept to be said (write_apps). */
static void
read_slots(struct imp *im, struct iapp *a)
{
	json_t *all = children(im, a->id, "slots", RES_SLOT), *sl;
	size_t i;
	sort_by_name(all);
	a->slots = json_array();
	a->foreign = json_array();
	json_array_append_new(im->keep, a->slots);
	json_array_append_new(im->keep, a->foreign);
	json_array_foreach(all, i, sl)
		if (body_owner_of(sl))
			json_array_append(a->slots, sl);
		else if (str(sl, "id"))
			json_array_append_new(a->foreign, json_string(str(sl,
			    "id")));
}

/* The user-assigned identities site j carries, each read once into
 * e->uais (null: not readable). */
static void
read_uais(struct imp *im, struct estate *e, json_t *j)
{
	const char *id;
	json_t *x;

	json_object_foreach(member(j, "identity.userAssignedIdentities"),
	    id, x) {
		bool seen = false;
		const char *k;
		json_t *y;
		json_object_foreach(e->uais, k, y)
			seen |= !strcasecmp(k, id);
		if (seen)
			continue;
		json_t *u = read_sub(im, id) ? get(im, id, api_of(RES_UAI)) :
		    NULL;
		json_object_set(e->uais, id, u ? u : json_null());
	}
}

static void
read_created(struct imp *im, struct estate *e)
{
	size_t mine = 0;
	e->uais = json_object();
	json_array_append_new(im->keep, e->uais);
	for (size_t i = 0; i < e->napps; i++) {
		struct iapp *a = &e->apps[i];
		a->mine = body_owner_of(a->j) != NULL;
		read_slots(im, a);
		/* the slots vnetc created, of any app, as sites of their own */
		a->nislots = json_array_size(a->slots);
		a->islots = calloc(a->nislots + 1, sizeof(*a->islots));
		for (size_t k = 0; k < a->nislots; k++) {
			struct iapp *sl = &a->islots[k];
			sl->j = json_array_get(a->slots, k);
			sl->id = str(sl->j, "id");
			sl->name = id_name(sl->id);
			sl->mine = sl->slot = true;
			/* a parameter's name says the app and the slot */
			sl->key = xfmt("%s_%s", a->key, sl->name);
			char *p = xfmt("%s/config/appsettings/list", sl->id);
			char *url = arm_url(&im->arm, p,
			    api_of(RES_SLOTSETTINGS));
			int st;
			sl->settings = member(request(im, "POST", url, p, &st),
			    "properties");
			free(url);
			free(p);
			read_uais(im, e, sl->j);
		}
		if (!a->mine)
			continue;
		mine++;
		char *p = xfmt("%s/config/web", a->id);
		a->web = member(get(im, p, api_of(RES_SITECONFIG)), "properties");
		free(p);
		p = xfmt("%s/basicPublishingCredentialsPolicies/ftp", a->id);
		a->ftp = get(im, p, api_of(RES_PUBCRED));
		free(p);
		/* the app's user-assigned identities (its slots' above) */
		read_uais(im, e, a->j);
	}
	for (size_t i = 0; mine && i < e->nbacks; i++) {
		struct iback *b = &e->backs[i];
		if (!b->j)
			continue;
		b->roles = children(im, b->id, "providers/Microsoft.Authorization/"
		    "roleAssignments", RES_ROLE);
		if (!strcasecmp(b->type, "Microsoft.Sql/servers") &&
		    body_owner_of(b->j)) {
			b->dbs = children(im, b->id, "databases", RES_SQLDB);
			sort_by_name(b->dbs);
		}
	}
}

/* ---- writing ---- */

/* A YAML scalar: plain where that reads back as the same string, else
 * double-quoted. A '$' is written '$$' where tmpl.c would read ${. */
static void
scalar(struct buf *b, const char *s)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM"
	    "NOPQRSTUVWXYZ0123456789._/-";
	static const char *const words[] = {"true", "false", "yes", "no",
	    "on", "off", "null", "y", "n", "~"};
	bool q = !*s || strspn(s, plain) != strlen(s) || *s == '-' ||
	    *s == '.';
	for (size_t i = 0; i < NELEM(words) && !q; i++)
		q = !strcasecmp(s, words[i]);
	char *end;
	if (!q) {
		(void)strtod(s, &end);
		q = !*end;
	}
	if (!q) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else if ((unsigned char)*p < 0x20)
			buf_printf(b, "\\x%02x", (unsigned char)*p);
		else
			buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

/* A literal value in a field that takes ${param}s: "${" is written
 * "$${" (docs/spec.md, parameters). */
static void
literal(struct buf *b, const char *s)
{
	struct buf t = {0};
	for (const char *p = s; *p; p++) {
		if (p[0] == '$' && p[1] == '{')
			buf_putc(&t, '$');
		buf_putc(&t, *p);
	}
	scalar(b, buf_str(&t));
	buf_free(&t);
}

static void
kv(struct buf *b, int ind, const char *k, const char *v)
{
	buf_printf(b, "%*s%s: ", ind, "", k);
	literal(b, v);
	buf_putc(b, '\n');
}

/* A list of strings: one item plain, several in [..]. */
static void
kvlist(struct buf *b, int ind, const char *k, json_t *arr)
{
	size_t i, n = json_array_size(arr);
	json_t *x;
	buf_printf(b, "%*s%s: %s", ind, "", k, n == 1 ? "" : "[");
	json_array_foreach(arr, i, x) {
		if (i)
			buf_puts(b, ", ");
		scalar(b, json_string_value(x) ? json_string_value(x) : "");
	}
	buf_puts(b, n == 1 ? "\n" : "]\n");
}

static void
not_modelled(struct buf *b, int ind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
not_modelled(struct buf *b, int ind, const char *fmt, ...)
{
	va_list ap;
	buf_printf(b, "%*s# not modelled: ", ind, "");
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
	buf_putc(b, '\n');
}

/* What the spec cannot say of resource id, left out of it: a '# not
 * modelled:' line (b NULL: none) and a warning on stderr naming the
 * resource, so that nothing is dropped silently. Not a finding of the
 * check: the exit status stays the check's. */
static void
dropped(struct buf *b, int ind, const char *id, const char *fmt, ...)
{
	va_list ap;
	struct buf m = {0};
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	if (b)
		not_modelled(b, ind, "%s", buf_str(&m));
	fprintf(stderr, "vnetc: import: warning: %s: not in the spec: %s\n",
	    id ? id : "?", buf_str(&m));
	buf_free(&m);
}

/* The tags of a resource vnetc writes (a VNet, an NSG, a route table, a
 * NAT gateway, a zone), said by name: the spec has no tags: key (a
 * naming hook's tags() sets tags: docs/spec.md), and a tag of another
 * tool is not dropped silently. whose: "zone Z" or NULL. A name is
 * written printable, on the comment's line. */
static int by_str(const void *a, const void *b);

static void
tags_note(struct buf *b, int ind, json_t *j, const char *whose)
{
	json_t *t = member(j, "tags");
	const char *k;
	json_t *v;
	size_t n = 0;
	char **keys;

	if (!json_is_object(t) || !json_object_size(t))
		return;
	keys = xmalloc(json_object_size(t) * sizeof(*keys));
	json_object_foreach(t, k, v) {
		keys[n] = xstrdup(k);
		for (char *c = keys[n]; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				*c = '?';
		n++;
	}
	qsort(keys, n, sizeof(*keys), by_str);
	struct buf l = {0};
	for (size_t i = 0; i < n; i++) {
		buf_printf(&l, "%s%s", i ? ", " : "", keys[i]);
		free(keys[i]);
	}
	free(keys);
	not_modelled(b, ind, "%s%stags %s, kept as they are (a naming hook's "
	    "tags() sets tags)", whose ? whose : "", whose ? ": " : "",
	    buf_str(&l));
	buf_free(&l);
}

/* Properties the spec does not model, said where they are set rather
 * than dropped: one row per property, by what holds it, with ARM's name
 * (the REST API references of virtual networks, subnets, peerings,
 * private endpoints, private DNS zone links and App Service plans at
 * learn.microsoft.com/rest/api; resolutionPolicy:
 * https://learn.microsoft.com/azure/dns/private-dns-fallback). Said
 * when set to anything but unless (NULL: anything but false, null, an
 * empty list). */
static const struct {
	const char *where, *path, *unless, *what;
} unmodelled[] = {
	{"vnet", "properties.flowTimeoutInMinutes", NULL, "flow timeout"},
	{"vnet", "properties.bgpCommunities", NULL, "BGP communities"},
	{"vnet", "properties.privateEndpointVNetPolicies", "Disabled",
	    "private endpoint VNet policies"},
	{"vnet", "properties.addressSpace.ipamPoolPrefixAllocations", NULL,
	    "address space from an IPAM pool"},
	{"subnet", "properties.ipamPoolPrefixAllocations", NULL,
	    "prefix from an IPAM pool"},
	{"subnet", "properties.sharingScope", NULL, "sharing scope"},
	{"peering", "properties.allowVirtualNetworkAccess", "true",
	    "access to the remote VNet off, which vnetc apply turns on"},
	{"peering", "properties.peerCompleteVnets", "true",
	    "subnets peered, not whole VNets, which vnetc apply peers"},
	{"peering", "properties.enableOnlyIPv6Peering", "false",
	    "IPv6-only peering"},
	{"pe", "properties.applicationSecurityGroups", NULL,
	    "application security groups"},
	{"link", "properties.resolutionPolicy", "Default",
	    "fallback to internet resolution"},
	{"plan", "properties.zoneRedundant", NULL, "zone redundancy"},
	{"app", "properties.publicNetworkAccess", "Enabled",
	    "public network access (inbound)"},
	{"app", "properties.vnetImagePullEnabled", NULL,
	    "container image pulls through the VNet"},
	{"app", "properties.vnetContentShareEnabled", NULL,
	    "content share through the VNet"},
	/* an app vnetc created: public access is its public_access:, the
	 * content share's route vnetc's (body.c function_props) */
	{"ownapp", "properties.vnetImagePullEnabled", NULL,
	    "container image pulls through the VNet"},
	{"backend", "properties.networkAcls.ipRules", NULL,
	    "its firewall's IP rules, kept as they are"},
	{"backend", "properties.networkAcls.virtualNetworkRules", NULL,
	    "its firewall's VNet rules, kept as they are"},
	/* a Cosmos DB account's (backtypes.c fw_cosmos) */
	{"backend", "properties.ipRules", NULL,
	    "its firewall's IP rules, kept as they are"},
	{"backend", "properties.virtualNetworkRules", NULL,
	    "its firewall's VNet rules, kept as they are"},
};

/* A '# not modelled:' line for each row of unmodelled[] of where that j
 * sets; whose: "peering X" or NULL (the thing the lines are under). */
static void
unmodelled_notes(struct buf *b, int ind, const char *where, json_t *j,
    const char *whose)
{
	for (size_t i = 0; i < NELEM(unmodelled); i++) {
		if (strcmp(unmodelled[i].where, where))
			continue;
		json_t *v = member(j, unmodelled[i].path);
		char t[64];
		if (json_is_string(v))
			snprintf(t, sizeof(t), "%s", json_string_value(v));
		else if (json_is_boolean(v))
			snprintf(t, sizeof(t), "%s", json_is_true(v) ? "true" :
			    "false");
		else if (json_is_integer(v))
			snprintf(t, sizeof(t), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(v));
		else if (json_is_array(v))
			snprintf(t, sizeof(t), "%zu", json_array_size(v));
		else
			snprintf(t, sizeof(t), "set");
		if (!v || json_is_null(v) || !*t || (json_is_array(v) &&
		    !json_array_size(v)) || (unmodelled[i].unless ?
		    !strcasecmp(t, unmodelled[i].unless) : json_is_false(v)))
			continue;
		const char *arm = strrchr(unmodelled[i].path, '.') + 1;
		not_modelled(b, ind, "%s%s%s (%s: %s)", whose ? whose : "",
		    whose ? ": " : "", unmodelled[i].what, arm, t);
	}
}

/* The mapping written into b from start on (a line "KEY:" and its
 * "k: v" lines, or an item "- k: v" and the rest of its lines) folded
 * into one flow line, "pe: { prefix: 10.40.1.0/24 }" or "- { subnet: pe,
 * group_id: blob }", as the specs write short ones: where it has no
 * comment and nothing nested, and fits in 90 columns. Every value was
 * written by scalar(), kvlist() or as a flow list: each reads the same
 * in flow context. */
static void
fold(struct buf *b, size_t start)
{
	char *text = xstrdup(b->s + start), *save = NULL;
	struct buf f = {0};
	int lines = 0, pairs = 0;
	bool ok = true;
	for (char *l = strtok_r(text, "\n", &save); l && ok;
	    l = strtok_r(NULL, "\n", &save), lines++) {
		const char *t = l + strspn(l, " ");
		if (!lines && strncmp(t, "- ", 2)) {	/* "KEY:" */
			ok = t[strlen(t) - 1] == ':';
			buf_printf(&f, "%s { ", l);
			continue;
		}
		if (!lines) {				/* "- k: v" */
			buf_printf(&f, "%.*s{ ", (int)(t - l) + 2, l);
			t += 2;
		}
		const char *c = strstr(t, ": ");
		ok &= *t != '#' && *t != '-' && c && c[2] && c[2] != '#';
		buf_printf(&f, "%s%s", pairs++ ? ", " : "", t);
	}
	buf_puts(&f, " }");
	if (ok && pairs && f.len <= 90) {
		b->len = start;
		buf_printf(b, "%s\n", buf_str(&f));
	}
	buf_free(&f);
	free(text);
}

/* "KEY:" and one item "- { ... }" under it, written from start on, as
 * one line "KEY: [{ ... }]" where it fits in 90 columns, as the specs
 * write a list of one endpoint. */
static void
fold_one(struct buf *b, size_t start)
{
	const char *t = b->s + start, *nl = strchr(t, '\n');
	if (!nl || !nl[1])
		return;
	const char *item = nl + 1, *end = strchr(item, '\n');
	if (!end || end[1] || t[nl - t - 1] != ':')
		return;
	const char *it = item + strspn(item, " ");
	if (strncmp(it, "- {", 3) || end[-1] != '}')
		return;
	struct buf f = {0};
	buf_printf(&f, "%.*s [%.*s]\n", (int)(nl - t), t, (int)(end - it - 2),
	    it + 2);
	if (f.len <= 91) {
		b->len = start;
		buf_puts(b, buf_str(&f));
	}
	buf_free(&f);
}

/* the subnet with this id: its vnet and subnet */
static bool
find_subnet(struct estate *e, const char *id, struct ivnet **v,
    struct isub **s)
{
	for (size_t i = 0; id && i < e->nvnets; i++)
		for (size_t k = 0; k < e->vnets[i].nsubs; k++)
			if (!strcasecmp(e->vnets[i].subs[k].id, id)) {
				*v = &e->vnets[i];
				*s = &e->vnets[i].subs[k];
				return true;
			}
	return false;
}

static struct ivnet *
find_vnet(struct estate *e, const char *id)
{
	for (size_t i = 0; id && i < e->nvnets; i++)
		if (!strcasecmp(e->vnets[i].id, id))
			return &e->vnets[i];
	return NULL;
}

/* Whether zone id is one of the central zones (e->dns's group). */
static bool
central(struct estate *e, const char *id)
{
	size_t n = e->dns ? strlen(e->dns) : 0;
	return n && id && !strncasecmp(id, e->dns, n) && id[n] == '/';
}

/* Central zones: every zone the endpoints' zone groups name is in one
 * group, not the spec's own (vnetc makes zones there only), so that the
 * platform keeps them (docs/spec.md, dns). */
static void
find_central(struct imp *im, struct estate *e)
{
	char *grp = NULL;
	bool one = true;
	for (size_t i = 0; i < e->npes && one; i++) {
		size_t k;
		json_t *x;
		json_array_foreach(member(e->pes[i].zg,
		    "properties.privateDnsZoneConfigs"), k, x) {
			const char *id = str(x, "properties.privateDnsZoneId");
			const char *p = id ? strstr(id, "/providers/") : NULL;
			if (!p) {
				one = false;
				break;
			}
			if (!grp)
				grp = strndup(id, (size_t)(p - id));
			else if (strlen(grp) != (size_t)(p - id) ||
			    strncasecmp(grp, id, (size_t)(p - id)))
				one = false;
		}
	}
	if (one && grp) {
		char *probe = xfmt("%s/providers/x", grp);
		if (!home_group(im, probe))
			e->dns = grp, grp = NULL;
		free(probe);
	}
	free(grp);
}

/* The dns: block of central zones (e->dns). */
static void
write_dns(struct buf *b, struct imp *im, struct estate *e)
{
	if (!e->dns)
		return;
	char *sub = id_part(e->dns, "subscriptions");
	char *rg = id_part(e->dns, "resourceGroups");
	buf_puts(b, "\ndns:\n  zones:\n");
	if (strcasecmp(sub, im->sub))
		kv(b, 4, "subscription", sub);
	kv(b, 4, "resource_group", rg);
	free(sub);
	free(rg);
}

/* How a subnet is referred to: its key, or VNET/SUBNET where another
 * VNet has a subnet of that key. */
static char *
subnet_ref(struct estate *e, struct ivnet *v, struct isub *s)
{
	size_t n = 0;
	for (size_t i = 0; i < e->nvnets; i++)
		for (size_t k = 0; k < e->vnets[i].nsubs; k++)
			n += !strcmp(e->vnets[i].subs[k].key, s->key);
	return n > 1 ? xfmt("%s/%s", v->key, s->key) : xstrdup(s->key);
}

/* subscription: and resource_group: of id where they are not the
 * spec's */
static void
where(struct buf *b, int ind, struct imp *im, const char *id)
{
	char *sub = id_part(id, "subscriptions"), *rg = id_part(id,
	    "resourceGroups");
	if (strcasecmp(sub, im->sub))
		kv(b, ind, "subscription", sub);
	if (strcasecmp(rg, im->rgs[0]))
		kv(b, ind, "resource_group", rg);
	free(sub);
	free(rg);
}

static void
at(struct buf *b, int ind, struct estate *e, json_t *j)
{
	const char *loc = str(j, "location");
	if (loc && e->location && strcasecmp(loc, e->location))
		kv(b, ind, "location", loc);
}

/* The keys vnetc's own names imply: a peering "K-to-J" on VNet v says
 * v's key is K, a link "LABEL-K-zonelink" to v says K (spec.c). A key
 * so found keeps those names derived. */
static void
key_hints(struct estate *e)
{
	for (size_t i = 0; i < e->nvnets; i++) {
		struct ivnet *v = &e->vnets[i];
		size_t k;
		json_t *p;
		json_array_foreach(v->peerings, k, p) {
			const char *n = str(p, "name"), *to = n ? strstr(n,
			    "-to-") : NULL;
			if (to && !v->keyhint)
				v->keyhint = strndup(n, (size_t)(to - n));
		}
	}
	/* "orders-to-hub" names the remote too: an existing hub's key */
	for (size_t i = 0; i < e->nvnets; i++) {
		size_t k;
		json_t *p;
		json_array_foreach(e->vnets[i].peerings, k, p) {
			const char *n = str(p, "name"), *to = n ? strstr(n,
			    "-to-") : NULL;
			struct ivnet *r = find_vnet(e, str(p,
			    "properties.remoteVirtualNetwork.id"));
			if (to && r && r->space && !r->keyhint)
				r->keyhint = xstrdup(to + 4);
		}
	}
	for (size_t z = 0; z < e->nzones; z++) {
		size_t k;
		json_t *l;
		json_array_foreach(e->zones[z].links, k, l) {
			struct ivnet *v = find_vnet(e, str(l,
			    "properties.virtualNetwork.id"));
			const char *n = str(l, "name");
			const char *zn = e->zones[z].name;
			if (!v || v->keyhint || !n || !has_suffix(n,
			    "-zonelink"))
				continue;
			if (!strncmp(zn, "privatelink.", 12))
				zn += 12;
			size_t lab = strcspn(zn, ".");
			if (!strncmp(n, zn, lab) && n[lab] == '-' &&
			    strlen(n) > lab + 10)
				v->keyhint = strndup(n + lab + 1,
				    strlen(n) - lab - 1 - 9);
		}
	}
}

static void
assign_keys(struct estate *e)
{
	key_hints(e);
	char **taken = calloc(e->nvnets + 1, sizeof(*taken));
	for (size_t i = 0; i < e->nvnets; i++) {
		struct ivnet *v = &e->vnets[i];
		v->key = taken[i] = key_unique(v->keyhint &&
		    key_ok(v->keyhint) ? v->keyhint : v->name, taken, i, false);
		char **st = calloc(v->nsubs + 1, sizeof(*st));
		for (size_t s = 0; s < v->nsubs; s++)
			v->subs[s].key = st[s] = key_unique(
			    v->subs[s].name, st, s, false);
		free(st);
	}
	free(taken);
	taken = calloc(e->nbacks + 1, sizeof(*taken));
	for (size_t i = 0; i < e->nbacks; i++) {
		struct iback *b = &e->backs[i];
		size_t same = 0;
		for (size_t k = 0; k < e->nbacks; k++)
			same += !strcasecmp(e->backs[k].type, b->type);
		const char *word = NULL;
		for (size_t k = 0; k < NELEM(back_words) && same == 1; k++)
			if (!strcasecmp(back_words[k].type, b->type))
				word = back_words[k].key;
		const char *kind = str(b->j, "kind");
		if (same == 1 && kind && !strcasecmp(b->type,
		    "Microsoft.CognitiveServices/accounts"))
			word = !strcasecmp(kind, "OpenAI") ? "openai" :
			    !strcasecmp(kind, "TextAnalytics") ? "language" :
			    "ai";
		b->key = taken[i] = key_unique(word ? word : id_name(b->id),
		    taken, i, !word && !strcasecmp(b->type,
		    "Microsoft.Storage/storageAccounts"));
	}
	free(taken);
	size_t nf = json_array_size(e->farms);
	e->farmkeys = calloc(nf + 1, sizeof(*e->farmkeys));
	for (size_t i = 0; i < nf; i++)
		e->farmkeys[i] = key_unique(str(json_array_get(e->farms, i),
		    "name"), e->farmkeys, i, false);
	taken = calloc(e->napps + 1, sizeof(*taken));
	for (size_t i = 0; i < e->napps; i++)
		e->apps[i].key = taken[i] = key_unique(e->apps[i].name,
		    taken, i, false);
	free(taken);
	assign_uai_keys(e);
}

/* One entry of a peering list: the remote's key, with the flags this
 * side sets. */
static void
peering_entry(struct buf *b, json_t *p, const char *remote)
{
	bool fwd = json_is_true(member(p, "properties.allowForwardedTraffic"));
	bool urg = json_is_true(member(p, "properties.useRemoteGateways"));
	bool agt = json_is_true(member(p, "properties.allowGatewayTransit"));
	if (!fwd && !urg && !agt) {
		buf_printf(b, "      - %s\n", remote);
		return;
	}
	buf_printf(b, "      - vnet: %s\n", remote);
	if (fwd)
		buf_puts(b, "        allow_forwarded_traffic: true\n");
	if (urg)
		buf_puts(b, "        use_remote_gateways: true\n");
	if (agt)
		buf_puts(b, "        allow_gateway_transit: true\n");
}

static bool
peering_flags(json_t *p)
{
	return json_is_true(member(p, "properties.allowForwardedTraffic")) ||
	    json_is_true(member(p, "properties.useRemoteGateways")) ||
	    json_is_true(member(p, "properties.allowGatewayTransit"));
}

static json_t *
peering_to(struct ivnet *v, const char *remote_id)
{
	size_t k;
	json_t *p;
	json_array_foreach(v->peerings,
	    k, p)
		if (!strcasecmp(str(p, "properties.remoteVirtualNetwork.id") ?
		    str(p, "properties.remoteVirtualNetwork.id") : "",
		    remote_id))
			return p;
	return NULL;
}

/* A pair is written once, on the side that sets a flag (both when both
 * do), else on the later VNet: a spoke names its hub. */
static void
write_peerings(struct buf *b, struct estate *e, struct ivnet *v)
{
	size_t k;
	json_t *p;
	struct buf items = {0}, keys = {0};
	bool flags = false;
	json_array_foreach(v->peerings,
	    k, p) {
		const char *rid = str(p, "properties.remoteVirtualNetwork.id");
		struct ivnet *r = find_vnet(e, rid);
		if (!r) {
			not_modelled(b, 4, "peering %s to %s (a VNet outside "
			    "the groups read)", str(p, "name"), rid ? rid : "?");
			continue;
		}
		json_t *back = peering_to(r, v->id);
		bool mine = peering_flags(p) || !back || (!peering_flags(back)
		    && r < v);
		if (!mine)
			continue;
		flags |= peering_flags(p);
		buf_printf(&keys, "%s%s", keys.len ? ", " : "", r->key);
		peering_entry(&items, p, r->key);
	}
	/* without flags, one line: peerings: [hub] */
	if (flags)
		buf_printf(b, "    peerings:\n%s", buf_str(&items));
	else if (keys.len)
		buf_printf(b, "    peerings: [%s]\n", buf_str(&keys));
	buf_free(&items);
	buf_free(&keys);
}

/* The key of the NSG, route table or NAT gateway of id in ids (its
 * name's key; every id was gathered by gather_refs). */
static char *
ref_key(json_t *ids, const char *id)
{
	char **taken = calloc(json_array_size(ids) + 1, sizeof(*taken));
	size_t i;
	json_t *x;
	char *key = NULL;
	json_array_foreach(ids, i, x) {
		taken[i] = key_unique(id_name(json_string_value(x)), taken, i,
		    false);
		if (!strcasecmp(json_string_value(x), id))
			key = xstrdup(taken[i]);
	}
	for (i = 0; i < json_array_size(ids); i++)
		free(taken[i]);
	free(taken);
	return key ? key : xstrdup("?");
}

static void
write_refs(struct buf *b, json_t *ids, json_t *sub, const char *prop,
    const char *key)
{
	const char *id = str(sub, prop);
	if (!id)
		return;
	char *k = ref_key(ids, id);
	buf_printf(b, "        %s: %s\n", key, k);
	free(k);
}

static bool netres_inline(struct imp *im, struct estate *e, size_t n,
    const char *id);
static void write_owned(struct buf *b, struct estate *e, size_t n, json_t *j,
    int ind);

static void
write_subnet(struct buf *b, struct imp *im, struct estate *e,
    struct ivnet *v, struct isub *s)
{
	json_t *pr = member(s->j, "properties");
	size_t start = b->len;
	buf_printf(b, "      %s:\n", s->key);
	if (strcmp(s->key, s->name))
		kv(b, 8, "name", s->name);
	json_t *pfx = member(pr, "addressPrefixes");
	if (json_array_size(pfx))
		kvlist(b, 8, "prefix", pfx);
	else if (str(pr, "addressPrefix"))
		kv(b, 8, "prefix", str(pr, "addressPrefix"));
	size_t i;
	json_t *d;
	json_array_foreach(member(pr, "delegations"), i, d)
		if (i == 0)
			kv(b, 8, "delegation", str(d, "properties.serviceName") ?
			    str(d, "properties.serviceName") : "");
		else
			not_modelled(b, 8, "delegation %s (one a subnet)",
			    str(d, "properties.serviceName"));
	const char *pol = str(pr, "privateEndpointNetworkPolicies");
	if (pol && strcmp(pol, "Disabled"))
		kv(b, 8, "private_endpoint_network_policies", pol);
	pol = str(pr, "privateLinkServiceNetworkPolicies");
	if (pol && strcmp(pol, "Enabled"))
		kv(b, 8, "private_link_service_network_policies", pol);
	if (json_is_false(member(pr, "defaultOutboundAccess")))
		buf_puts(b, "        default_outbound_access: false\n");
	for (size_t n = 0; n < NELEM(netkinds); n++) {
		const char *id = str(pr, netkinds[n].prop);
		if (!id || !netres_inline(im, e, n, id)) {
			write_refs(b, e->refs[n], pr, netkinds[n].prop,
			    netkinds[n].subkey);
			continue;
		}
		/* vnetc names it <subnet>-nsg (<vnet>-<subnet>-nsg where
		 * another VNet has a subnet of that key) */
		char *ref = subnet_ref(e, v, s);
		for (char *c = ref; *c; c++)
			*c = *c == '/' ? '-' : *c;
		char *def = xfmt("%s-%s", ref, n == NK_NSG ? "nsg" : n == NK_RT ?
		    "rt" : "ng");
		buf_printf(b, "        %s:\n", netkinds[n].subkey);
		if (strcmp(def, id_name(id)))
			kv(b, 10, "name", id_name(id));
		write_owned(b, e, n, json_object_get(e->bodies, id), 10);
		free(def);
		free(ref);
	}
	json_t *se = member(pr, "serviceEndpoints");
	if (json_array_size(se)) {
		buf_puts(b, "        service_endpoints: [");
		json_array_foreach(se, i, d) {
			/* its locations where Azure has them, but "*" (every
			 * region) is what it fills in for most services */
			json_t *l = member(d, "locations");
			bool where = json_array_size(l) && !(json_array_size(l) ==
			    1 && !strcmp(json_string_value(json_array_get(l, 0)) ?
			    json_string_value(json_array_get(l, 0)) : "", "*"));
			buf_puts(b, i ? ", " : "");
			buf_puts(b, where ? "{service: " : "");
			scalar(b, str(d, "service") ? str(d, "service") : "");
			if (where) {
				size_t k;
				json_t *x;
				buf_puts(b, ", locations: [");
				json_array_foreach(l, k, x) {
					buf_puts(b, k ? ", " : "");
					scalar(b, json_string_value(x) ?
					    json_string_value(x) : "");
				}
				buf_puts(b, "]}");
			}
		}
		buf_puts(b, "]\n");
	}
	unmodelled_notes(b, 8, "subnet", s->j, NULL);
	fold(b, start);
	json_array_foreach(member(pr, "serviceEndpointPolicies"), i, d)
		not_modelled(b, 8, "service endpoint policy %s", str(d, "id"));
}

/* A subnet's prefixes (addressPrefixes, else addressPrefix). */
static json_t *
sub_prefixes(json_t *sj)
{
	json_t *pr = member(sj, "properties"), *l = member(pr,
	    "addressPrefixes");
	if (json_array_size(l))
		return json_incref(l);
	l = json_array();
	if (str(pr, "addressPrefix"))
		json_array_append_new(l, json_string(str(pr, "addressPrefix")));
	return l;
}

/* Whether every prefix of want is among have's not yet used; marks them
 * used when so. */
static bool
take_all(json_t *want, json_t *have, bool *used)
{
	size_t i, k;
	json_t *w, *h;
	if (!json_array_size(want))
		return false;
	json_array_foreach(want, i, w) {
		bool in = false;
		json_array_foreach(have, k, h)
			in |= !used[k] && !strcasecmp(json_string_value(w),
			    json_string_value(h) ? json_string_value(h) : "");
		if (!in)
			return false;
	}
	json_array_foreach(want, i, w)
		json_array_foreach(have, k, h)
			if (!strcasecmp(json_string_value(w),
			    json_string_value(h) ? json_string_value(h) : ""))
				used[k] = true;
	return true;
}

/* An NSG rule's addresses as the spec writes them: a subnet's prefixes
 * become {subnet: KEY}, a VNet's address space {vnet: KEY}, as the
 * specs write them; the rest as they are ("*", a tag, a prefix). */
static void
write_addr(struct buf *b, struct estate *e, json_t *rule, const char *one,
    const char *many)
{
	json_t *all = member(member(rule, "properties"), many);
	json_t *have = json_array();
	size_t i, n;
	json_t *x;
	if (json_array_size(all))
		json_array_extend(have, all);
	else
		json_array_append_new(have, json_string(str(member(rule,
		    "properties"), one) ? str(member(rule, "properties"), one) :
		    "*"));
	n = json_array_size(have);
	bool *used = calloc(n + 1, sizeof(*used));
	struct buf items = {0};
	size_t nitems = 0;
	json_array_foreach(have, i, x) {
		if (used[i])
			continue;
		const char *p = json_string_value(x);
		bool done = false;
		for (size_t v = 0; v < e->nvnets && !done; v++)
			for (size_t k = 0; k < e->vnets[v].nsubs && !done; k++) {
				json_t *sp = sub_prefixes(e->vnets[v].subs[k].j);
				bool mine = false;
				size_t m;
				json_t *y;
				json_array_foreach(sp, m, y)
					mine |= !strcasecmp(json_string_value(y), p);
				if (mine && take_all(sp, have, used)) {
					char *ref = subnet_ref(e, &e->vnets[v],
					    &e->vnets[v].subs[k]);
					buf_printf(&items, "%s{subnet: %s}", nitems++ ?
					    ", " : "", ref);
					free(ref);
					done = true;
				}
				json_decref(sp);
			}
		for (size_t v = 0; v < e->nvnets && !done; v++) {
			json_t *sp = member(e->vnets[v].j,
			    "properties.addressSpace.addressPrefixes");
			if (take_all(sp, have, used)) {
				buf_printf(&items, "%s{vnet: %s}", nitems++ ?
				    ", " : "", e->vnets[v].key);
				done = true;
			}
		}
		if (!done) {
			used[i] = true;
			buf_puts(&items, nitems++ ? ", " : "");
			scalar(&items, p ? p : "");
		}
	}
	buf_printf(b, nitems == 1 ? "%s" : "[%s]", buf_str(&items));
	buf_free(&items);
	free(used);
	json_decref(have);
}

/* A port or range, as the specs write it: 443, 8080-8090 bare. */
static void
port(struct buf *b, const char *p)
{
	if (*p && strspn(p, "0123456789-") == strlen(p))
		buf_puts(b, p);
	else
		scalar(b, p);
}

/* ", ports: 443" (or a range, a list); nothing for every port ("*"). */
static void
write_ports(struct buf *b, json_t *pr, const char *key, const char *one,
    const char *many)
{
	json_t *all = member(pr, many);
	const char *p1 = str(pr, one);
	if (!json_array_size(all) && (!p1 || !strcmp(p1, "*")))
		return;
	buf_printf(b, ", %s: %s", key, json_array_size(all) ? "[" : "");
	size_t i;
	json_t *x;
	json_array_foreach(all, i, x) {
		buf_puts(b, i ? ", " : "");
		port(b, json_string_value(x) ? json_string_value(x) : "");
	}
	if (!json_array_size(all))
		port(b, p1);
	buf_puts(b, json_array_size(all) ? "]" : "");
}

/* ", key: value" in lower case (ARM's "Inbound" is the spec's inbound). */
static void
lower_kv(struct buf *b, const char *key, const char *v)
{
	buf_printf(b, ", %s: ", key);
	for (const char *p = v ? v : "?"; *p; p++)
		buf_putc(b, (char)tolower((unsigned char)*p));
}

/* An NSG's rules, one a line, as the specs write them. */
static void
write_rules(struct buf *b, struct estate *e, json_t *rules, int ind)
{
	size_t i;
	json_t *r;
	buf_printf(b, "%*srules:%s\n", ind, "", json_array_size(rules) ? "" :
	    " []");
	json_array_foreach(rules, i, r) {
		json_t *pr = member(r, "properties");
		buf_printf(b, "%*s- { name: ", ind + 2, "");
		scalar(b, str(r, "name") ? str(r, "name") : "");
		buf_printf(b, ", priority: %" JSON_INTEGER_FORMAT,
		    json_integer_value(member(pr, "priority")));
		lower_kv(b, "direction", str(pr, "direction"));
		lower_kv(b, "access", str(pr, "access"));
		if (str(pr, "protocol") && strcmp(str(pr, "protocol"), "*"))
			lower_kv(b, "protocol", str(pr, "protocol"));
		buf_puts(b, ", source: ");
		write_addr(b, e, r, "sourceAddressPrefix",
		    "sourceAddressPrefixes");
		buf_puts(b, ", destination: ");
		write_addr(b, e, r, "destinationAddressPrefix",
		    "destinationAddressPrefixes");
		write_ports(b, pr, "ports", "destinationPortRange",
		    "destinationPortRanges");
		write_ports(b, pr, "source_ports", "sourcePortRange",
		    "sourcePortRanges");
		if (str(pr, "description") && *str(pr, "description")) {
			buf_puts(b, ", description: ");
			literal(b, str(pr, "description"));
		}
		buf_puts(b, " }\n");
	}
}

static void
write_routes(struct buf *b, json_t *pr, int ind)
{
	size_t i;
	json_t *r, *routes = member(pr, "routes");
	if (json_is_true(member(pr, "disableBgpRoutePropagation")))
		buf_printf(b, "%*spropagate_gateway_routes: false\n", ind, "");
	buf_printf(b, "%*sroutes:%s\n", ind, "", json_array_size(routes) ? "" :
	    " []");
	json_array_foreach(routes, i, r) {
		const char *ip = str(r, "properties.nextHopIpAddress");
		buf_printf(b, "%*s- { name: ", ind + 2, "");
		scalar(b, str(r, "name") ? str(r, "name") : "");
		buf_puts(b, ", prefix: ");
		scalar(b, str(r, "properties.addressPrefix") ?
		    str(r, "properties.addressPrefix") : "");
		buf_printf(b, ", next_hop: %s", str(r, "properties.nextHopType") ?
		    str(r, "properties.nextHopType") : "?");
		if (ip && *ip) {
			buf_puts(b, ", next_hop_ip: ");
			literal(b, ip);
		}
		buf_puts(b, " }\n");
	}
}

/* A NAT gateway's zone, idle timeout (Azure's default 4 left out) and
 * public IPs: vnetc's own, <name>-pip in its group, is left to
 * derivation alone and named among others; any other is {id: ...}. */
static void
write_nat(struct buf *b, json_t *j, int ind)
{
	json_t *pr = member(j, "properties"), *ips = member(pr,
	    "publicIpAddresses");
	const char *zone = json_string_value(json_array_get(member(j, "zones"),
	    0));
	if (zone)
		kv(b, ind, "zone", zone);
	json_int_t idle = json_integer_value(member(pr, "idleTimeoutInMinutes"));
	if (idle && idle != 4)
		buf_printf(b, "%*sidle_timeout: %" JSON_INTEGER_FORMAT "\n",
		    ind, "", idle);
	char *own = xfmt("%s-pip", str(j, "name") ? str(j, "name") : "");
	char *rg = id_part(str(j, "id"), "resourceGroups");
	size_t i;
	json_t *x;
	struct buf l = {0};
	bool derived = json_array_size(ips) == 1;
	json_array_foreach(ips, i, x) {
		char *prg = id_part(str(x, "id"), "resourceGroups");
		bool mine = !strcmp(id_name(str(x, "id")), own) &&
		    !strcasecmp(prg, rg);
		derived &= mine;
		buf_puts(&l, i ? ", " : "");
		if (mine) {
			scalar(&l, own);
		} else {
			buf_puts(&l, "{id: ");
			literal(&l, str(x, "id") ? str(x, "id") : "");
			buf_putc(&l, '}');
		}
		free(prg);
	}
	if (!derived)
		buf_printf(b, "%*spublic_ips: [%s]\n", ind, "", buf_str(&l));
	buf_free(&l);
	free(own);
	free(rg);
}

/* Why vnetc could not own the NSG, route table or NAT gateway j (of row
 * n of netkinds) as it is, or NULL: owning it, vnetc would write its
 * whole body, and what the spec cannot say would be lost. */
static char *
netres_foreign(struct estate *e, size_t n, json_t *j)
{
	const char *id = str(j, "id"), *loc = str(j, "location");
	json_t *pr = member(j, "properties");
	size_t i;
	json_t *x;
	for (size_t v = 0; v < e->nvnets; v++)
		for (size_t k = 0; k < e->vnets[v].nsubs; k++) {
			json_t *sp = member(e->vnets[v].subs[k].j, "properties");
			const char *ref = str(sp, netkinds[n].prop);
			if (!ref || !id || strcasecmp(ref, id))
				continue;
			bool routes = false;
			const char *svc = str(json_array_get(member(sp,
			    "delegations"), 0), "properties.serviceName");
			const char *who = netsec_managed(svc, &routes);
			if (who && (n == NK_NSG || (n == NK_RT && routes)))
				return xfmt("subnet %s is delegated to %s, which "
				    "writes its own %s into it", e->vnets[v].subs[k].name,
				    who, n == NK_NSG ? "rules" : "routes");
			const char *vl = str(e->vnets[v].j, "location");
			if (loc && vl && !region_same(loc, vl))
				return xfmt("it is in %s, its subnet %s's VNet "
				    "in %s (vnetc makes it in its VNets' region)",
				    loc, e->vnets[v].subs[k].name, vl);
		}
	if (n == NK_NSG)
		json_array_foreach(member(pr, "securityRules"), i, x)
			if (json_array_size(member(x, "properties."
			    "sourceApplicationSecurityGroups")) ||
			    json_array_size(member(x, "properties."
			    "destinationApplicationSecurityGroups")))
				return xfmt("rule %s names application security "
				    "groups", str(x, "name"));
	if (n == NK_NG) {
		if (json_array_size(member(pr, "publicIpPrefixes")))
			return xstrdup("its public IP prefixes");
		if (!json_array_size(member(pr, "publicIpAddresses")))
			return xstrdup("it has no public IP address (vnetc "
			    "would make one)");
		if (str(j, "sku.name") && strcasecmp(str(j, "sku.name"),
		    "Standard"))
			return xfmt("its SKU %s (vnetc makes Standard)",
			    str(j, "sku.name"));
	}
	return NULL;
}

/* The rules, routes or addresses of an NSG, route table or NAT gateway
 * vnetc owns, at indentation ind. */
static void
write_owned(struct buf *b, struct estate *e, size_t n, json_t *j, int ind)
{
	if (n == NK_NSG)
		write_rules(b, e, member(j, "properties.securityRules"), ind);
	else if (n == NK_RT)
		write_routes(b, member(j, "properties"), ind);
	else
		write_nat(b, j, ind);
	tags_note(b, ind, j, NULL);
}

/* Whether the NSG, route table or NAT gateway id (row n of netkinds) is
 * written on its subnet, as vnetc makes one of a subnet in the subnet's
 * VNet's group (docs/spec.md): one vnetc could own, used by that subnet
 * alone, in its VNet's group, which is not the spec's own (there it is
 * a section's). */
static bool
netres_inline(struct imp *im, struct estate *e, size_t n, const char *id)
{
	json_t *j = json_object_get(e->bodies, id);
	struct ivnet *user = NULL;
	size_t uses = 0;
	if (!j || home_group(im, id))
		return false;
	for (size_t v = 0; v < e->nvnets; v++)
		for (size_t k = 0; k < e->vnets[v].nsubs; k++) {
			const char *r = str(member(e->vnets[v].subs[k].j,
			    "properties"), netkinds[n].prop);
			if (r && !strcasecmp(r, id))
				uses++, user = &e->vnets[v];
		}
	char *why = netres_foreign(e, n, j);
	char *vs = user ? id_part(user->id, "subscriptions") : NULL;
	char *vg = user ? id_part(user->id, "resourceGroups") : NULL;
	char *s = id_part(id, "subscriptions"), *g = id_part(id,
	    "resourceGroups");
	bool r = uses == 1 && !why && !strcasecmp(vs, s) && !strcasecmp(vg, g);
	free(why);
	free(vs);
	free(vg);
	free(s);
	free(g);
	return r;
}

/* nsgs, route_tables, nat_gateways: what the subnets refer to. One in
 * the spec's group that vnetc could own is written whole (rules,
 * routes, addresses), so that the spec owns it; any other exists. */
static void
write_netres(struct buf *b, struct imp *im, struct estate *e, size_t n)
{
	json_t *ids = e->refs[n];
	size_t i, head = 0;
	json_t *x;
	json_array_foreach(ids, i, x) {
		const char *id = json_string_value(x);
		json_t *j = json_object_get(e->bodies, id);
		if (netres_inline(im, e, n, id))
			continue;	/* written on its subnet */
		if (!head++)
			buf_printf(b, "\n%s:\n", netkinds[n].section);
		char *rg = id_part(id, "resourceGroups");
		char *sub = id_part(id, "subscriptions");
		char *k = ref_key(ids, id);
		bool home = home_group(im, id);
		char *why = j ? netres_foreign(e, n, j) : NULL;
		buf_printf(b, "  %s:\n", k);
		if (!j || why || !home) {
			buf_puts(b, "    existing: true\n");
			if (!home)
				kv(b, 4, "id", id);
			else if (strcmp(k, id_name(id)))
				kv(b, 4, "name", id_name(id));
			if (why)
				not_modelled(b, 4, "%s; it stays existing", why);
		} else {
			if (strcmp(k, id_name(id)))
				kv(b, 4, "name", id_name(id));
			write_owned(b, e, n, j, 4);
		}
		free(why);
		free(k);
		free(rg);
		free(sub);
	}
}

/* The zones vnetc derives for the endpoint (privatelink.c), as names. */
static size_t
derived_zones(struct imp *im, struct estate *e, struct iback *bk,
    const char *group, const char *loc, char out[][256])
{
	const struct plrow *row = privatelink_find(im->cloud, bk->type, group);
	size_t n = 0;
	const char *kind = str(bk->j, "kind");
	for (size_t i = 0; row && row->zones[i]; i++) {
		if (privatelink_by_kind(row) && privatelink_need(row, i, kind,
		    NULL) == PL_UNUSED)
			continue;
		const char *missing;
		if (privatelink_expand(row->zones[i], loc ? loc : e->location,
		    out[n], 256, &missing))
			n++;
	}
	return n;
}

static struct izone *
find_zone(struct estate *e, const char *id)
{
	for (size_t z = 0; id && z < e->nzones; z++)
		if (!strcasecmp(e->zones[z].id, id))
			return &e->zones[z];
	return NULL;
}

static bool
zone_linked(struct izone *z, struct ivnet *v)
{
	size_t k;
	json_t *l;
	json_array_foreach(z->links, k, l)
		if (!strcasecmp(v->id, str(l, "properties.virtualNetwork.id") ?
		    str(l, "properties.virtualNetwork.id") : ""))
			return true;
	return false;
}

/* VN602: each zone of the endpoint's group (one read) must be linked to
 * every VNet the spec resolves it in: the endpoint's own, and those its
 * other zones are linked to (dns_links); where one is not, its names
 * resolve to the public address there. keys: the dns_links' keys. */
static void
check_links(struct imp *im, struct estate *e, struct ipe *p,
    struct iback *bk, json_t *cfg, struct ivnet *own, json_t *keys,
    size_t line)
{
	size_t i, k;
	json_t *x, *key;
	json_array_foreach(cfg, i, x) {
		struct izone *z = find_zone(e, str(x,
		    "properties.privateDnsZoneId"));
		if (!z)
			continue;
		if (!zone_linked(z, own))
			finding(im, line, 9, VN602, "zone '%s' of private "
			    "endpoint '%s' (back end '%s') has no link to vnet "
			    "'%s', where the endpoint is, so '%s' resolves to its "
			    "public address there; vnetc apply of this spec "
			    "links it", z->name, p->name, bk->key, own->key,
			    bk->key);
		json_array_foreach(keys, k, key) {
			struct ivnet *v = NULL;
			for (size_t n = 0; n < e->nvnets; n++)
				if (!strcmp(e->vnets[n].key,
				    json_string_value(key)))
					v = &e->vnets[n];
			if (v && !zone_linked(z, v))
				finding(im, line, 9, VN602, "zone '%s' of "
				    "private endpoint '%s' (back end '%s') has no "
				    "link to vnet '%s', where its other zones are "
				    "linked (dns_links), so '%s' resolves to its "
				    "public address there for those names; vnetc "
				    "apply of this spec links it", z->name,
				    p->name, bk->key, v->key, bk->key);
		}
	}
}

static void
write_pe(struct buf *b, struct imp *im, struct estate *e, struct ipe *p,
    struct iback *bk)
{
	json_t *pr = member(p->j, "properties"), *c = pe_conn(p->j);
	bool manual = !json_array_size(member(pr,
	    "privateLinkServiceConnections"));
	struct ivnet *v = NULL;
	struct isub *s;
	char *def = p->dname ? xstrdup(p->dname) : xfmt("%s-pe", bk->key);
	size_t line = b->len;
	buf_printf(b, "      - ");
	int ind = 8;
	bool first = true;
	if (strcmp(p->name, def)) {
		kv(b, 0, "name", p->name);
		first = false;
	}
	free(def);
	if (find_subnet(e, str(pr, "subnet.id"), &v, &s)) {
		char *ref = subnet_ref(e, v, s);
		kv(b, first ? 0 : ind, "subnet", ref);
		free(ref);
	} else {
		kv(b, first ? 0 : ind, "subnet", "?");
		not_modelled(b, ind, "its subnet %s is outside the groups read",
		    str(pr, "subnet.id"));
	}
	if (manual)
		not_modelled(b, ind, "its connection awaits approval by the "
		    "back end's owner (manualPrivateLinkServiceConnections)");
	/* a connection the back end's owner rejected or removed carries no
	 * traffic; vnetc apply leaves it so (a rejected one is made anew) */
	const char *state = str(c, "properties.privateLinkServiceConnectionState."
	    "status");
	if (!manual && state && strcasecmp(state, "Approved"))
		not_modelled(b, ind, "its connection is %s by the back end "
		    "(privateLinkServiceConnectionState)", state);
	if (json_array_size(member(pr, "ipConfigurations")))
		not_modelled(b, ind, "its static IP addresses "
		    "(ipConfigurations)");
	if (str(pr, "customNetworkInterfaceName"))
		not_modelled(b, ind, "its network interface's name %s",
		    str(pr, "customNetworkInterfaceName"));
	unmodelled_notes(b, ind, "pe", p->j, NULL);
	/* the connection and zone group names vnetc derives: -pe -> -pc, -zg */
	size_t l = strlen(p->name);
	char *stem = has_suffix(p->name, "-pe") && l > 3 ?
	    strndup(p->name, l - 3) : xstrdup(p->name);
	char *pc = xfmt("%s-pc", stem), *zg = xfmt("%s-zg", stem);
	const char *cn = str(c, "name");
	if (cn && strcmp(cn, pc))
		kv(b, ind, "connection_name", cn);
	json_t *groups = member(c, "properties.groupIds");
	const char *group = json_string_value(json_array_get(groups, 0));
	const char *only[8];
	/* a type's only group id is derived; a slot's endpoint (sites-<slot>)
	 * is not the site's, which derivation would re-point it to */
	if (group && !(p->dgroup && !strcasecmp(group, p->dgroup)) &&
	    (privatelink_groups(im->cloud, bk->type, only, 8) != 1 ||
	    strcasecmp(group, only[0])))
		kv(b, ind, "group_id", group);
	if (!p->zg) {
		char want[PL_MAXZONES][256];
		size_t nw = derived_zones(im, e, bk, group, str(p->j,
		    "location"), want);
		buf_printf(b, "%*s# no zone group in Azure: vnetc apply adds "
		    "it\n", ind, "");
		finding(im, line, 9, VN603, "private endpoint '%s' of back end "
		    "'%s' has no zone group, so no private DNS zone holds its "
		    "address and its clients resolve the public one; vnetc "
		    "apply of this spec adds zone group '%s' (%s%s)", p->name,
		    bk->key, zg, nw ? want[0] : "no zone", nw > 1 ? ", ..." : "");
	} else {
		const char *zn = str(p->zg, "name");
		if (zn && strcmp(zn, zg))
			kv(b, ind, "zone_group", zn);
		char want[PL_MAXZONES][256];
		size_t nw = derived_zones(im, e, bk, group, str(p->j,
		    "location"), want);
		json_t *cfg = member(p->zg, "properties.privateDnsZoneConfigs");
		bool same = json_array_size(cfg) == nw;
		size_t i;
		json_t *x;
		json_array_foreach(cfg, i, x) {
			const char *zid = str(x, "properties.privateDnsZoneId");
			bool found = false;
			for (size_t k = 0; k < nw; k++)
				found |= !strcmp(id_name(zid), want[k]);
			same &= found;
		}
		json_array_foreach(cfg, i, x) {
			char *zrg = id_part(str(x, "properties.privateDnsZoneId"),
			    "resourceGroups");
			if (!read_group(im, str(x, "properties.privateDnsZoneId")) &&
			    !central(e, str(x, "properties.privateDnsZoneId")))
				not_modelled(b, ind, "its zone %s is in group %s, "
				    "not read (central zones: a dns: block)",
				    id_name(str(x, "properties.privateDnsZoneId")),
				    zrg);
			free(zrg);
		}
		if (!same) {
			buf_printf(b, "%*sdns_zones: [", ind, "");
			json_array_foreach(cfg, i, x) {
				buf_puts(b, i ? ", " : "");
				scalar(b, id_name(str(x,
				    "properties.privateDnsZoneId")));
			}
			buf_puts(b, "]\n");
		}
		/* more VNets its zones are linked to than its own */
		json_t *more = json_array();
		json_array_foreach(cfg, i, x) {
			const char *zid = str(x, "properties.privateDnsZoneId");
			for (size_t z = 0; z < e->nzones; z++) {
				if (strcasecmp(e->zones[z].id, zid ? zid : ""))
					continue;
				size_t k;
				json_t *lk;
				json_array_foreach(e->zones[z].links, k, lk) {
					struct ivnet *lv = find_vnet(e, str(lk,
					    "properties.virtualNetwork.id"));
					if (lv && lv != v)
						id_index(more, lv->key);
				}
			}
		}
		if (v)
			check_links(im, e, p, bk, cfg, v, more, line);
		if (json_array_size(more)) {
			buf_printf(b, "%*sdns_links: [", ind, "");
			json_array_foreach(more, i, x) {
				buf_puts(b, i ? ", " : "");
				scalar(b, json_string_value(x));
			}
			buf_puts(b, "]\n");
		}
		json_decref(more);
	}
	free(stem);
	free(pc);
	free(zg);
}

/* create: of a Cosmos DB account, a Service Bus namespace or an App
 * Configuration store vnetc created (body.c cosmos_props, sb_props,
 * appcs_props): what differs from its defaults. False for another type. */
static bool
write_create_data(struct buf *b, struct iback *bk)
{
	json_t *pr = member(bk->j, "properties");
	bool keys = json_is_false(member(pr, "disableLocalAuth"));
	const char *v, *api = "Sql";
	struct buf c = {0};

	if (!strcasecmp(bk->type, "Microsoft.DocumentDB/databaseAccounts")) {
		json_t *caps = member(pr, "capabilities");
		if ((v = str(bk->j, "kind")) && !strcasecmp(v, "MongoDB"))
			api = "MongoDB";
		for (size_t i = 0; i < json_array_size(caps); i++) {
			v = str(json_array_get(caps, i), "name");
			if (v && (!strcasecmp(v, "EnableCassandra") ||
			    !strcasecmp(v, "EnableGremlin") ||
			    !strcasecmp(v, "EnableTable")))
				api = v + strlen("Enable");
		}
		if (strcmp(api, "Sql"))
			buf_printf(&c, ", api: %s", api);
		if ((v = str(pr, "consistencyPolicy.defaultConsistencyLevel")) &&
		    strcasecmp(v, "Session")) {
			buf_puts(&c, ", consistency: ");
			scalar(&c, v);
		}
		/* keys on by default where the API has nothing else */
		if (keys != !(!strcmp(api, "Sql") || !strcmp(api, "Table")))
			buf_printf(&c, ", local_auth: %s", keys ? "true" :
			    "false");
	} else if (!strcasecmp(bk->type, "Microsoft.ServiceBus/namespaces")) {
		if ((v = str(bk->j, "sku.name")) && strcasecmp(v, "Premium")) {
			buf_puts(&c, ", sku: ");
			scalar(&c, v);
		}
		json_int_t n = json_integer_value(member(member(bk->j, "sku"),
		    "capacity"));
		if (n > 1)
			buf_printf(&c, ", capacity: %" JSON_INTEGER_FORMAT, n);
		if (keys)
			buf_puts(&c, ", local_auth: true");
	} else if (!strcasecmp(bk->type,
	    "Microsoft.AppConfiguration/configurationStores")) {
		json_int_t d = json_integer_value(member(pr,
		    "softDeleteRetentionInDays"));
		if ((v = str(bk->j, "sku.name")) && strcasecmp(v, "standard")) {
			buf_puts(&c, ", sku: ");
			scalar(&c, v);
		}
		if (keys)
			buf_puts(&c, ", local_auth: true");
		if (json_is_false(member(pr, "enablePurgeProtection")))
			buf_puts(&c, ", purge_protection: false");
		if (d && d != 7)
			buf_printf(&c, ", soft_delete_days: %" JSON_INTEGER_FORMAT,
			    d);
	} else {
		return false;
	}
	buf_printf(b, "    create: {%s }\n", c.len ? buf_str(&c) + 1 : "");
	buf_free(&c);
	return true;
}

/* A created SQL server's databases (read_created), as databases: of
 * its create: (docs/spec.md): each by its name's key, its SKU where not
 * Basic; master, Azure's own, is not one. Not read: said, as destroy of
 * the spec deletes the server with all of them. */
static void
write_sql_dbs(struct buf *b, struct iback *bk)
{
	size_t i, n = 0;
	json_t *d;
	char **keys = calloc(json_array_size(bk->dbs) + 1, sizeof(*keys));

	if (!bk->dbs)
		buf_puts(b, "      # not read: its databases (add them under "
		    "databases:); destroy of this spec deletes the server "
		    "with all of them\n");
	json_array_foreach(bk->dbs, i, d) {
		const char *name = id_name(str(d, "id")), *sku = str(d,
		    "sku.name");
		if (!strcasecmp(name, "master"))
			continue;
		if (!n)
			buf_puts(b, "      databases:\n");
		keys[n] = key_unique(name, keys, n, false);
		size_t start = b->len;
		buf_printf(b, "        %s:\n", keys[n]);
		if (strcmp(keys[n], name))
			kv(b, 10, "name", name);
		if (sku && strcasecmp(sku, "Basic"))
			kv(b, 10, "sku", sku);
		if (b->len - start == strlen(keys[n]) + 10) {
			b->len = start;
			buf_printf(b, "        %s: {}\n", keys[n]);
		} else {
			fold(b, start);
		}
		n++;
	}
	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

/* create: of a SQL server or an AI account vnetc created (body.c
 * sql_props, cog_props): what its create needs (a server's Microsoft
 * Entra admin, an account's kind) and what differs from the defaults;
 * a server's databases are not read. False for another type. */
static bool
write_create_more(struct buf *b, struct iback *bk)
{
	json_t *pr = member(bk->j, "properties");
	const char *v;

	if (!strcasecmp(bk->type, "Microsoft.Sql/servers")) {
		json_t *ad = member(pr, "administrators");
		buf_puts(b, "    create:\n      entra_admin: { login: ");
		scalar(b, str(ad, "login") ? str(ad, "login") : "");
		buf_puts(b, ", object_id: ");
		scalar(b, str(ad, "sid") ? str(ad, "sid") : "");
		buf_puts(b, ", type: ");
		scalar(b, str(ad, "principalType") ? str(ad, "principalType") :
		    "Group");
		buf_puts(b, " }\n");
		if ((v = str(pr, "minimalTlsVersion")) && strcmp(v, "1.2")) {
			buf_puts(b, "      min_tls: ");
			scalar(b, v);
			buf_puts(b, "\n");
		}
		write_sql_dbs(b, bk);
		return true;
	}
	if (write_create_data(b, bk))
		return true;
	if (strcasecmp(bk->type, "Microsoft.CognitiveServices/accounts"))
		return false;
	buf_puts(b, "    create: { kind: ");
	scalar(b, str(bk->j, "kind") ? str(bk->j, "kind") : "");
	if ((v = str(bk->j, "sku.name")) && strcasecmp(v, "S0")) {
		buf_puts(b, ", sku: ");
		scalar(b, v);
	}
	if ((v = str(pr, "customSubDomainName")) && strcmp(v, id_name(bk->id))) {
		buf_puts(b, ", custom_subdomain: ");
		scalar(b, v);
	}
	if (json_is_false(member(pr, "disableLocalAuth")))
		buf_puts(b, ", local_auth: true");
	buf_puts(b, " }\n");
	return true;
}

/* The spec owns what vnetc created by its project: (written by
 * write_spec when the file's name is not it); a resource of another
 * project is said: vnetc writes over what its own project made only. */
static void
own_project(struct buf *b, struct imp *im, const char *sp)
{
	if (!im->project)
		im->project = sp;
	else if (strcmp(im->project, sp))
		buf_printf(b, "    # created by vnetc for project %s (its %s "
		    "tag), not %s: vnetc writes over what its own project "
		    "made only\n", sp, body_spec_tag, im->project);
}

/* A back end vnetc created (its tags say vnetc and a project: body.c's
 * owner tags) of a type it creates: create:, with what differs from its
 * secure defaults (docs/spec.md, create), and true. */
static bool
write_create(struct buf *b, struct imp *im, struct iback *bk)
{
	json_t *t = member(bk->j, "tags"), *pr = member(bk->j, "properties");
	const char *o = str(t, body_owner_tag), *sp = str(t, body_spec_tag);
	bool kv = !strcasecmp(bk->type, "Microsoft.KeyVault/vaults");
	if (o && !strcmp(o, "vnetc") && sp && write_create_more(b, bk))
		goto owned;
	if (!o || strcmp(o, "vnetc") || !sp || (!kv && strcasecmp(bk->type,
	    "Microsoft.Storage/storageAccounts")))
		return false;
	struct buf c = {0};
	const char *sku = kv ? str(pr, "sku.name") : str(bk->j, "sku.name");
	if (sku && strcasecmp(sku, kv ? "standard" : "Standard_LRS")) {
		buf_puts(&c, ", sku: ");
		scalar(&c, sku);
	}
	if (kv) {
		json_int_t d = json_integer_value(member(pr,
		    "softDeleteRetentionInDays"));
		if (json_is_false(member(pr, "enableRbacAuthorization")))
			buf_puts(&c, ", rbac_authorization: false");
		if (!json_is_true(member(pr, "enablePurgeProtection")))
			buf_puts(&c, ", purge_protection: false");
		if (d && d != 90)
			buf_printf(&c, ", soft_delete_days: %" JSON_INTEGER_FORMAT,
			    d);
	} else if (json_is_true(member(pr, "allowSharedKeyAccess"))) {
		buf_puts(&c, ", shared_key: true");
	}
	buf_printf(b, "    create: {%s%s}\n", c.len ? buf_str(&c) + 1 : "",
	    c.len ? " " : "");
	buf_free(&c);
owned:
	own_project(b, im, sp);
	return true;
}

/* A locked back end's firewall (public_access: deny, a type whose
 * firewall the spec sets: backtypes.c .fw), as "firewall:" (docs/spec.md
 * Firewalls): its IP rules as read, its VNet rules by the keys of their
 * subnets, bypass where it is not the default (AzureServices; a created
 * back end's: its type's, backtypes.c .fw created). A list left out stays
 * as it is: VNet rules of a subnet outside the groups read are said.
 * false: nothing to write, the notes say the rest. */
static bool
write_firewall(struct buf *b, struct estate *e, json_t *acl,
    const struct fwtype *ft, bool created)
{
	struct buf ips = {0}, subs = {0};
	const char *bypass = str(acl, fw_bypass_key(ft));
	const char *ik = fw_ip_key(ft);
	json_t *bj = member(acl, fw_bypass_key(ft));

	if (ft->bypass_bool) /* a namespace's trustedServiceAccessEnabled */
		bypass = json_is_true(bj) ? "AzureServices" : json_is_false(bj) ?
		    "None" : NULL;
	json_t *r;
	size_t k, n = 0;
	bool outside = false;

	json_array_foreach(member(acl, "ipRules"), k, r) {
		buf_puts(&ips, k ? ", " : "");
		scalar(&ips, str(r, ik) ? str(r, ik) : "");
	}
	json_array_foreach(member(acl, "virtualNetworkRules"), k, r) {
		struct ivnet *v;
		struct isub *sn;
		if (!find_subnet(e, str(r, ft->subnet_obj ? "subnet.id" :
		    "id"), &v, &sn)) {
			outside = true;
			continue;
		}
		char *ref = subnet_ref(e, v, sn);
		buf_printf(&subs, "%s%s", n++ ? ", " : "", ref);
		free(ref);
	}
	/* unsaid: what it is by default (a created one's: its type's) */
	bool by = bypass && strcasecmp(bypass, created && ft && ft->created ?
	    ft->created : "AzureServices");
	if (!ips.len && !n && !by) {
		buf_free(&ips);
		buf_free(&subs);
		return false;
	}
	buf_puts(b, "    firewall:\n");
	if (by)
		kv(b, 6, "bypass", bypass);
	if (ips.len)
		buf_printf(b, "      ip_rules: [%s]\n", buf_str(&ips));
	if (n && !outside)
		buf_printf(b, "      vnet_rules: [%s]\n", buf_str(&subs));
	else if (outside)
		not_modelled(b, 6, "VNet rules of subnets outside the groups "
		    "read: vnet_rules left out, kept as they are "
		    "(virtualNetworkRules: %zu)", json_array_size(member(acl,
		    "virtualNetworkRules")));
	buf_free(&ips);
	buf_free(&subs);
	return true;
}

/* Back ends: existing, with their public access as it is; created, as
 * vnetc created them. */
static void
write_backends(struct buf *b, struct imp *im, struct estate *e)
{
	bool head = false;
	for (size_t i = 0; i < e->nbacks; i++) {
		struct iback *bk = &e->backs[i];
		if (back_skipped(e, bk))
			continue;	/* its endpoints are its app's */
		if (!head)
			buf_puts(b, "\nbackends:\n");
		head = true;
		buf_printf(b, "  %s:\n", bk->key);
		if (strcasecmp(bk->sub, im->sub)) {
			kv(b, 4, "id", bk->id);
		} else {
			kv(b, 4, "type", bk->type);
			if (strcmp(bk->key, id_name(bk->id)))
				kv(b, 4, "name", id_name(bk->id));
			where(b, 4, im, bk->id);
		}
		const struct backtype *bt = backtype_find(bk->type);
		bool created = write_create(b, im, bk), fw = false;
		size_t npes = 0;
		for (size_t k = 0; k < e->npes; k++)
			npes += e->pes[k].back == i && !pe_on_app(e, &e->pes[k]);
		const char *kind = str(bk->j, "kind");
		if (kind && !created && !strcasecmp(bk->type,
		    "Microsoft.CognitiveServices/accounts")) {
			buf_puts(b, "    existing:\n");
			kv(b, 6, "kind", kind);
			if (str(bk->j, "sku.name"))
				kv(b, 6, "sku", str(bk->j, "sku.name"));
		}
		if (!bk->j) {
			buf_puts(b, "    # not read: its public access is as "
			    "it is\n");
		} else if (bt && (bt->prop || bt->acl)) {
			const char *pna = bt->prop ? str(member(bk->j,
			    "properties"), bt->prop) : NULL;
			json_t *jp = bt->prop ? member(member(bk->j,
			    "properties"), bt->prop) : NULL;
			/* the firewall: an object of the properties, (acl
			 * "") members of them, or a child's properties */
			json_t *aclj = bt->fw && bt->fw->child_type ? member(
			    bk->fw, "properties") : !bt->acl ? NULL : *bt->acl ?
			    member(member(bk->j, "properties"), bt->acl) :
			    member(bk->j, "properties");
			const char *acl = str(aclj, "defaultAction");
			const char *gate = bt->fw ? bt->fw->gate : NULL;
			bool deny = acl && !strcasecmp(acl, "Deny");
			/* the gate on and no rule (Cosmos DB): open to all
			 * (docs/spec.md, Firewalls), yet enabled would turn
			 * the gate off and deny needs a rule (VN390): left
			 * as it is, and said */
			bool gated = gate && json_is_true(member(aclj, gate)) &&
			    !json_array_size(member(aclj, "ipRules")) &&
			    !json_array_size(member(aclj, "virtualNetworkRules"));
			/* no default action (Cosmos DB): denied while the
			 * gate is on, or its IP rules keep others out */
			if (gate) {
				bool rules = json_array_size(member(aclj,
				    "ipRules")) || json_array_size(member(aclj,
				    "virtualNetworkRules"));
				deny = rules && (json_is_true(member(aclj, gate))
				    || json_array_size(member(aclj, "ipRules")));
				acl = json_is_boolean(member(aclj, gate)) ?
				    gate : NULL;
			}
			bool off = (pna && !strcasecmp(pna, bt->off)) ||
			    (bt->boolean && json_is_false(jp));
			if (off && !created)	/* a created one's default */
				buf_puts(b, "    public_access: disabled\n");
			else if (off)
				;
			else if (deny) {
				buf_puts(b, "    public_access: deny\n");
				fw = bt->fw && write_firewall(b, e, aclj, bt->fw,
				    created);
			} else {
				/* the endpoint protects nothing yet */
				if (npes)
					finding(im, b->len, 20, VN601, "back end "
					    "'%s' has a private endpoint but takes "
					    "public traffic; once its clients reach "
					    "it privately, write public_access: "
					    "disabled (or deny) and vnetc apply",
					    bk->key);
				/* absent (a site that never had it set) is
				 * Azure's default, not a choice to restate:
				 * the spec leaves it as it is */
				if (gated)
					dropped(b, 4, bk->id, "its VNet filter, on "
					    "with no rule (%s: true), which "
					    "public_access: enabled would turn off "
					    "and deny needs a rule for: "
					    "public_access left out, kept as it is",
					    gate);
				else if ((pna && *pna) || acl ||
				    json_is_true(jp))
					buf_puts(b, "    public_access: "
					    "enabled\n");
			}
		}
		if (!fw)
			unmodelled_notes(b, 4, "backend", bk->j, NULL);
		if (!npes)
			continue;
		size_t list = b->len;
		buf_puts(b, "    private_endpoints:\n");
		for (size_t k = 0; k < e->npes; k++)
			if (e->pes[k].back == i && !pe_on_app(e, &e->pes[k]))
			{
				size_t start = b->len;
				write_pe(b, im, e, &e->pes[k], bk);
				fold(b, start);
			}
		fold_one(b, list);
	}
}

/* A zone no endpoint's zone group names: vnetc makes zones for
 * endpoints only. */
static bool
zone_used(struct estate *e, const char *id)
{
	for (size_t i = 0; i < e->npes; i++) {
		size_t k;
		json_t *x;
		json_array_foreach(member(e->pes[i].zg,
		    "properties.privateDnsZoneConfigs"), k, x)
			if (!strcasecmp(str(x, "properties.privateDnsZoneId") ?
			    str(x, "properties.privateDnsZoneId") : "", id))
				return true;
	}
	return false;
}

/* Links vnetc would not make: a name other than its own, or a VNet
 * outside the groups read; zones no endpoint uses. */
static void
write_links_notes(struct buf *b, struct estate *e)
{
	for (size_t z = 0; z < e->nzones; z++) {
		if (central(e, e->zones[z].id))
			continue;	/* the platform's, linked its way */
		if (!zone_used(e, e->zones[z].id)) {
			not_modelled(b, 0, "private DNS zone %s (no endpoint's "
			    "zone group names it)", e->zones[z].name);
			continue;
		}
		char *zw = xfmt("zone %s", e->zones[z].name);
		tags_note(b, 0, e->zones[z].j, zw);
		free(zw);
		size_t k;
		json_t *l;
		const char *zn = e->zones[z].name;
		if (!strncmp(zn, "privatelink.", 12))
			zn += 12;
		int lab = (int)strcspn(zn, ".");
		json_array_foreach(e->zones[z].links, k, l) {
			struct ivnet *v = find_vnet(e, str(l,
			    "properties.virtualNetwork.id"));
			char *want = !v ? NULL : e->nvnets == 1 ?
			    xfmt("%.*s-zonelink", lab, zn) :
			    xfmt("%.*s-%s-zonelink", lab, zn, v->key);
			const char *n = str(l, "name");
			if (!v)
				not_modelled(b, 0, "link %s of zone %s to %s "
				    "(a VNet outside the groups read)", n,
				    e->zones[z].name, str(l,
				    "properties.virtualNetwork.id"));
			else if (strcmp(n, want))
				not_modelled(b, 0, "link %s of zone %s to "
				    "%s: vnetc names it %s", n,
				    e->zones[z].name, v->key, want);
			if (json_is_true(member(l, "properties."
			    "registrationEnabled")))
				not_modelled(b, 0, "auto-registration on "
				    "link %s of zone %s", n, e->zones[z].name);
			char *whose = xfmt("link %s of zone %s", n,
			    e->zones[z].name);
			unmodelled_notes(b, 0, "link", l, whose);
			free(whose);
			free(want);
		}
	}
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A parameter's name (a lowercase letter, then letters, digits and _:
 * docs/spec.md) from words: "web", "STORAGE_BLOB_URL" -> webStorageBlobUrl */
static char *
param_name(const char *pre, const char *name)
{
	struct buf b = {0};
	const char *parts[2] = {pre ? pre : "", name};
	for (int k = 0; k < 2; k++) {
		bool up = b.len > 0;
		for (const char *p = parts[k]; *p; p++) {
			int c = (unsigned char)*p;
			if (c > 127 || !isalnum(c)) {
				up = b.len > 0;
				continue;
			}
			if (!b.len && !isalpha(c))
				buf_putc(&b, 'p');
			buf_putc(&b, (char)(up ? toupper(c) : tolower(c)));
			up = false;
		}
	}
	if (!b.len)
		buf_putc(&b, 'p');
	return b.s;
}

/* An integer that ARM may give as a string ("maximum": "10"). */
static json_int_t
int_of(json_t *j)
{
	return json_is_string(j) ? strtoll(json_string_value(j), NULL, 10) :
	    json_integer_value(j);
}

/* The most instances plan f scales to (instances:), 0 when unknown: the
 * largest maximum of an enabled Autoscale setting that targets it, else
 * an Elastic Premium plan's maximum burst, else its instance count (a
 * plan scaled by hand has as many as it runs). */
static json_int_t
plan_instances(struct estate *e, json_t *f)
{
	json_int_t most = 0;
	size_t i, k;
	json_t *a, *p;
	json_array_foreach(e->autoscale, i, a) {
		json_t *pr = member(a, "properties");
		const char *t = str(pr, "targetResourceUri");
		if (!t || strcasecmp(t, str(f, "id") ? str(f, "id") : "") ||
		    json_is_false(member(pr, "enabled")))
			continue;
		json_array_foreach(member(pr, "profiles"), k, p)
			if (int_of(member(p, "capacity.maximum")) > most)
				most = int_of(member(p, "capacity.maximum"));
	}
	const char *kind = str(f, "kind");
	if (!most && kind && strstr(kind, "elastic"))
		most = int_of(member(f, "properties.maximumElasticWorkerCount"));
	if (!most)
		most = int_of(member(f, "sku.capacity"));
	return most;
}

/* A plan's existing: its OS (reserved: Linux) and a kind other than the
 * OS's plain one (elastic, functionapp, xenon). */
static void
plan_existing(struct buf *b, json_t *f)
{
	const char *kind = str(f, "kind");
	bool linux = json_is_true(member(f, "properties.reserved")) ||
	    (kind && strstr(kind, "linux"));
	buf_printf(b, "    existing: { os: %s", linux ? "linux" : "windows");
	if (kind && strcasecmp(kind, "app") && strcasecmp(kind, "linux") &&
	    strcasecmp(kind, "windows")) {
		buf_puts(b, ", kind: ");
		scalar(b, kind);
	}
	buf_puts(b, " }\n");
}

/* An app's existing: its kind where it is not what its plan's OS makes
 * the default (app, app,linux; a function app must say it: docs/spec.md)
 * and its managed identity: the type, and the user-assigned identities'
 * ids where it has some. */
static void
app_existing(struct buf *b, json_t *a)
{
	const char *kind = str(a, "kind");
	const char *type = str(a, "identity.type");
	json_t *uai = member(a, "identity.userAssignedIdentities");
	bool k = kind && strcasecmp(kind, "app") && strcasecmp(kind,
	    "app,linux");
	if (type && !strcasecmp(type, "None"))
		type = NULL;
	if (!k && !type)
		return;
	if (!json_object_size(uai)) {
		buf_puts(b, "    existing: { ");
		if (k) {
			buf_puts(b, "kind: ");
			scalar(b, kind);
		}
		if (type) {
			buf_printf(b, "%sidentity: ", k ? ", " : "");
			scalar(b, type);
		}
		buf_puts(b, " }\n");
		return;
	}
	buf_puts(b, "    existing:\n");
	if (k)
		kv(b, 6, "kind", kind);
	buf_puts(b, "      identity:\n");
	kv(b, 8, "type", type);
	const char **ids = xmalloc((json_object_size(uai) + 1) * sizeof(*ids));
	size_t n = 0;
	const char *id;
	json_t *x;
	json_object_foreach(uai, id, x)
		ids[n++] = id;
	qsort(ids, n, sizeof(*ids), by_str);
	buf_puts(b, "        user_assigned:\n");
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, "          - ");
		literal(b, ids[i]);
		buf_putc(b, '\n');
	}
	free(ids);
}

/* Whether text names a back end of that name: "kv-x" in
 * "VaultName=kv-x;", "https://kv-x.vault.azure.net/", "oai-x.openai...". */
static bool
names_backend(const char *text, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = text; n && *p; p++)
		if (!strncasecmp(p, name, n) && (p == text || strchr("=/@(",
		    p[-1])) && (!p[n] || strchr(".;)/", p[n])))
			return true;
	return false;
}

/* uses: the back ends app a (integrated in v) calls, where they are
 * fewer than all (absent, vnetc takes it to call every one: VN326):
 * those its settings name (a Key Vault reference, an endpoint's URL;
 * the values are read here, never written) and those with an endpoint
 * in v or a VNet peered with it. None found: nothing written, so that
 * VN326 still says what it cannot reach. */
static void
write_uses(struct buf *b, struct estate *e, struct iapp *a, struct ivnet *v)
{
	struct buf l = {0};
	size_t n = 0, all = 0;
	for (size_t i = 0; i < e->nbacks; i++) {
		bool uses = false;
		if (back_skipped(e, &e->backs[i]))
			continue;
		all++;
		const char *k;
		json_t *x;
		json_object_foreach(a->settings, k, x)
			uses |= json_is_string(x) && names_backend(
			    json_string_value(x), id_name(e->backs[i].id));
		for (size_t p = 0; p < e->npes && !uses; p++) {
			struct ivnet *pv;
			struct isub *ps;
			if (e->pes[p].back != i || !find_subnet(e, str(e->pes[p].j,
			    "properties.subnet.id"), &pv, &ps))
				continue;
			uses = pv == v || peering_to(v, pv->id) ||
			    peering_to(pv, v->id);
		}
		if (uses)
			buf_printf(&l, "%s%s", n++ ? ", " : "", e->backs[i].key);
	}
	if (n && n < all)
		buf_printf(b, "    uses: [%s]\n", buf_str(&l));
	buf_free(&l);
}

/* ---- plans and apps vnetc created: create: (issue 16) ---- */

/* The app vnetc created whose site is id, or NULL: its own endpoints,
 * read as a back end's, are written on it (write_app_pes). */
static struct iapp *
site_app(struct estate *e, const char *id)
{
	for (size_t i = 0; id && i < e->napps; i++)
		if (e->apps[i].mine && !strcasecmp(e->apps[i].id, id))
			return &e->apps[i];
	return NULL;
}

/* The slot of app a, vnetc's, whose endpoints have group id g
 * ("sites-<slot>"), or NULL. */
static json_t *
app_slot(struct iapp *a, const char *g)
{
	size_t i;
	json_t *sl;
	json_array_foreach(a->slots, i, sl)
		if (g && !strncasecmp(g, "sites-", 6) && !strcasecmp(g + 6,
		    id_name(str(sl, "id"))))
			return sl;
	return NULL;
}

/* Whether endpoint p is written on an app, not as a back end's: one to
 * a created app's site (its own, a slot's, or said: app_pes_left), or
 * to a slot vnetc created of an app it did not. */
static bool
pe_on_app(struct estate *e, const struct ipe *p)
{
	const char *id = e->backs[p->back].id;
	for (size_t i = 0; i < e->napps; i++)
		if (!strcasecmp(e->apps[i].id, id))
			return e->apps[i].mine || app_slot(&e->apps[i],
			    pe_group(p));
	return false;
}

/* A back end not written as one: a site whose endpoints are all
 * written on its app (a created app's; an existing app's slots'). */
static bool
back_skipped(struct estate *e, struct iback *bk)
{
	if (strcasecmp(bk->type, "Microsoft.Web/sites"))
		return false;
	if (site_app(e, bk->id))
		return true;
	for (size_t k = 0; k < e->npes; k++)
		if (&e->backs[e->pes[k].back] == bk && !pe_on_app(e,
		    &e->pes[k]))
			return false;
	return true;
}

/* The keys of the user-assigned identities the created apps carry
 * (e->uais), by their names, sorted by id: the output must not depend on
 * the order they were read in. */
static void
assign_uai_keys(struct estate *e)
{
	size_t n = json_object_size(e->uais), i = 0;
	const char **ids = xmalloc((n + 1) * sizeof(*ids));
	char **taken = calloc(n + 1, sizeof(*taken));
	const char *id;
	json_t *x;

	e->uaikeys = json_object();
	json_object_foreach(e->uais, id, x)
		ids[i++] = id;
	qsort(ids, n, sizeof(*ids), by_str);
	for (i = 0; i < n; i++) {
		taken[i] = key_unique(id_name(ids[i]), taken, i, false);
		json_object_set_new(e->uaikeys, ids[i], json_string(taken[i]));
	}
	for (i = 0; i < n; i++)
		free(taken[i]);
	free(taken);
	free(ids);
}

/* The key of user-assigned identity id (ARM may spell its case
 * otherwise where it names it), or NULL. */
static const char *
uai_key(struct estate *e, const char *id)
{
	const char *k;
	json_t *x;
	json_object_foreach(e->uaikeys, k, x)
		if (id && !strcasecmp(k, id))
			return json_string_value(x);
	return NULL;
}

/* identities: the user-assigned identities the created apps carry: one
 * vnetc created (its tags) as create:, any other as existing: its id. */
static void
write_identities(struct buf *b, struct imp *im, struct estate *e)
{
	const char *id;
	json_t *u;
	bool head = false;
	size_t n = json_object_size(e->uais), i = 0;
	const char **ids = xmalloc((n + 1) * sizeof(*ids));
	json_object_foreach(e->uais, id, u)
		ids[i++] = id;
	qsort(ids, n, sizeof(*ids), by_str);
	for (i = 0; i < n; i++) {
		u = json_object_get(e->uais, ids[i]);
		const char *k = uai_key(e, ids[i]), *sp = body_owner_of(u);
		if (!head)
			buf_puts(b, "\nidentities:\n");
		head = true;
		buf_printf(b, "  %s:\n", k);
		if (!sp) {
			kv(b, 4, "existing", ids[i]);
			continue;
		}
		buf_puts(b, "    create: {}\n");
		if (strcmp(k, id_name(ids[i])))
			kv(b, 4, "name", id_name(ids[i]));
		where(b, 4, im, ids[i]);
		own_project(b, im, sp);
	}
	free(ids);
}

/* A plan vnetc created: create: with its OS and an Elastic Premium
 * plan's most workers where not the default (20: docs/spec.md). */
static void
plan_create(struct buf *b, json_t *f)
{
	const char *kind = str(f, "kind");
	bool linux = json_is_true(member(f, "properties.reserved")) ||
	    (kind && strstr(kind, "linux"));
	json_int_t w = int_of(member(f, "properties.maximumElasticWorkerCount"));
	struct buf c = {0};

	if (linux)
		buf_puts(&c, ", os: linux");
	if (kind && strstr(kind, "elastic") && w && w != 20)
		buf_printf(&c, ", max_elastic_workers: %" JSON_INTEGER_FORMAT, w);
	buf_printf(b, "    create: {%s%s}\n", c.len ? buf_str(&c) + 1 : "",
	    c.len ? " " : "");
	buf_free(&c);
}

static const char *
setting(struct iapp *a, const char *name)
{
	return json_string_value(json_object_get(a->settings, name));
}

/* A member of the app's configuration: config/web's where it says it,
 * else the site's siteConfig (a GET of the site shows it in part). */
static json_t *
site_cfg(struct iapp *a, const char *m)
{
	json_t *v = member(a->web, m);
	if (!v || json_is_null(v) || (json_is_string(v) &&
	    !*json_string_value(v)))
		v = member(member(a->j, "properties.siteConfig"), m);
	return v && !json_is_null(v) && !(json_is_string(v) &&
	    !*json_string_value(v)) ? v : NULL;
}

/* A Windows app's runtime: a function app's language (worker) and the
 * version where Windows keeps it (win_versions; body.c), "node|20" from
 * the setting "~20", its language alone where it has none; a web app's
 * (worker NULL) the first of win_stacks whose version is set, "DOTNET|8.0"
 * from netFrameworkVersion "v8.0", "ASPNET|V3.5" from "v2.0" (its map),
 * "TOMCAT|10.1-java17" from the Tomcat container, or NULL. .NET's "v4.0",
 * the default Azure gives every Windows site, says nothing: ASP.NET 4.8's
 * CURRENT_STACK is in siteConfig.metadata, which a GET does not show. A
 * new string. */
static char *
win_runtime(struct iapp *a, const struct winver *w, const char *worker)
{
	for (; w->worker; w++) {
		if (worker && strcmp(w->worker, worker) != 0)
			continue;
		json_t *j = w->setting ? json_object_get(a->settings, w->key) :
		    site_cfg(a, w->key);
		const char *v = json_string_value(j), *c = w->container ?
		    json_string_value(site_cfg(a, "javaContainer")) : NULL;
		size_t n = strlen(w->pre);
		if (v && !strncmp(v, w->pre, n))
			v += n;
		if (w->container && (!c || strcasecmp(c, w->container)))
			continue; /* another container: Tomcat, or Java SE */
		if (!v || !*v || (w->pre[0] == 'v' && !strcmp(v, "4.0")))
			continue;
		if (w->map) {
			for (const char *const *m = w->map; *m; m += 2)
				if (strcmp(m[1], "v4.0") && !strcasecmp(v, m[1]))
					return xfmt("%s|V%s", w->worker, m[0]);
			continue;
		}
		if (w->container && !w->container_version) {
			const char *cv = json_string_value(site_cfg(a,
			    "javaContainerVersion"));
			if (!cv || !*cv)
				continue;
			return xfmt("%s|%s-java%s", w->worker, cv, strcmp(v,
			    "1.8") ? v : "8");
		}
		return xfmt("%s|%s", w->worker, v);
	}
	return worker ? xfmt("%s", worker) : NULL;
}

/* create: of an app vnetc created: what the spec's create: says (kind,
 * runtime) and what differs from the defaults (docs/spec.md, "Plans and
 * apps vnetc creates"): TLS 1.2, FTPS off, basic auth off, Always On by
 * the plan, an Elastic Premium function app's content share
 * <key>-content. farm: its plan, or NULL. */
/* A Flex Consumption app's create: keys where they differ from vnetc's
 * defaults (spec.c): its package container (the last segment of the
 * deployment storage's URL), its instances and their memory. */
static void
flex_create(struct buf *c, json_t *flex, const char *key)
{
	const char *url = str(flex, "deployment.storage.value");
	const char *name = url ? strrchr(url, '/') : NULL;
	char *dflt = xfmt("app-package-%s", key);
	json_t *n;

	if (name && name[1] && strcasecmp(name + 1, dflt)) {
		buf_puts(c, ", deployment_container: ");
		scalar(c, name + 1);
	}
	free(dflt);
	n = member(flex, "scaleAndConcurrency.maximumInstanceCount");
	if (json_is_integer(n) && json_integer_value(n) != 100)
		buf_printf(c, ", max_instances: %lld",
		    (long long)json_integer_value(n));
	n = member(flex, "scaleAndConcurrency.instanceMemoryMB");
	if (json_is_integer(n) && json_integer_value(n) != 2048)
		buf_printf(c, ", instance_memory: %lld",
		    (long long)json_integer_value(n));
}

static void
app_create(struct buf *b, struct iapp *a, json_t *farm)
{
	static const struct {
		const char *arm, *spec;
	} ftps[] = {{"FtpsOnly", "ftps_only"}, {"AllAllowed", "all_allowed"}};
	const char *kind = str(a->j, "kind"), *v;
	bool func = kind && strstr(kind, "functionapp");
	bool linux = json_is_true(member(a->j, "properties.reserved")) ||
	    (kind && strstr(kind, "linux"));
	const char *fk = str(farm, "kind"), *sku = str(farm, "sku.name");
	const char *tier = sku ? restype_sku_tier(sku) : NULL;
	bool elastic = fk && strstr(fk, "elastic");
	struct buf c = {0};

	/* Flex Consumption: the runtime and the scale are the site's
	 * functionAppConfig's (body.c), not a setting or linuxFxVersion */
	json_t *flex = member(a->j, "properties.functionAppConfig");
	bool dyn = tier && (!strcmp(tier, "Dynamic") ||
	    !strcmp(tier, "FlexConsumption"));

	if (func)
		buf_puts(&c, ", kind: functionapp");
	char *fr = flex && str(flex, "runtime.name") ? xfmt("%s|%s",
	    str(flex, "runtime.name"), str(flex, "runtime.version") ?
	    str(flex, "runtime.version") : "") : NULL;
	v = fr ? fr : linux ? json_string_value(site_cfg(a, "linuxFxVersion")) :
	    func ? setting(a, "FUNCTIONS_WORKER_RUNTIME") : NULL;
	if (!fr && !linux && func && v)
		v = fr = win_runtime(a, win_versions, v);
	else if (!fr && !linux && !func)
		v = fr = win_runtime(a, win_stacks, NULL);
	if (v) {
		buf_puts(&c, ", runtime: ");
		scalar(&c, v);
	}
	free(fr);
	if (flex)
		flex_create(&c, flex, a->key);
	if ((v = json_string_value(site_cfg(a, "minTlsVersion"))) &&
	    strcmp(v, "1.2")) {
		buf_puts(&c, ", min_tls: ");
		scalar(&c, v);
	}
	v = json_string_value(site_cfg(a, "ftpsState"));
	for (size_t i = 0; v && i < NELEM(ftps); i++)
		if (!strcasecmp(v, ftps[i].arm))
			buf_printf(&c, ", ftps: %s", ftps[i].spec);
	if (json_is_true(member(a->ftp, "properties.allow")))
		buf_puts(&c, ", basic_auth: true");
	json_t *on = site_cfg(a, "alwaysOn");
	bool dflt = func && (elastic || dyn) ? false : !tier ||
	    (strcmp(tier, "Free") && strcmp(tier, "Shared"));
	if (json_is_boolean(on) && json_is_true(on) != dflt)
		buf_printf(&c, ", always_on: %s", dflt ? "false" : "true");
	v = func ? setting(a, "WEBSITE_CONTENTSHARE") : NULL;
	char *share = xfmt("%s-content", a->key);
	if (v && strcmp(v, share)) {
		buf_puts(&c, ", content_share: ");
		scalar(&c, v);
	}
	free(share);
	buf_printf(b, "    create: {%s%s}\n", c.len ? buf_str(&c) + 1 : "",
	    c.len ? " " : "");
	buf_free(&c);
}

/* identity: of a created app (system, the keys of its user-assigned
 * identities), and key_vault_identity: where a user-assigned one
 * resolves its Key Vault references (keyVaultReferenceIdentity). */
static void
app_identities(struct buf *b, struct estate *e, struct iapp *a, int ind)
{
	const char *type = str(a->j, "identity.type"), *id;
	json_t *uai = member(a->j, "identity.userAssignedIdentities"), *x;
	struct buf l = {0};
	size_t n = 0;
	const char **ids = xmalloc((json_object_size(uai) + 1) * sizeof(*ids));

	if (type && strstr(type, "SystemAssigned"))
		buf_puts(&l, ", system");
	json_object_foreach(uai, id, x)
		ids[n++] = id;
	qsort(ids, n, sizeof(*ids), by_str);
	for (size_t i = 0; i < n; i++)
		if (uai_key(e, ids[i]))
			buf_printf(&l, ", %s", uai_key(e, ids[i]));
	free(ids);
	if (l.len)
		buf_printf(b, "%*sidentity: [%s]\n", ind, "", buf_str(&l) + 2);
	buf_free(&l);
	const char *kvi = uai_key(e, str(a->j,
	    "properties.keyVaultReferenceIdentity"));
	if (kvi)
		kv(b, ind, "key_vault_identity", kvi);
}

/* The storage account a created function app's host connects to: the
 * one AzureWebJobsStorage names (AccountName=...; the value is read
 * here, never written), or with an identity (body.c
 * storage_identity_settings) AzureWebJobsStorage__accountName or the
 * account of __blobServiceUri (https://NAME.blob...); *n its length.
 * NULL: none of them. */
static const char *
host_account(struct iapp *a, size_t *n, bool *ident)
{
	const char *cs = setting(a, "AzureWebJobsStorage");
	const char *p = cs ? strstr(cs, "AccountName=") : NULL;

	*ident = !cs;
	if (p) {
		p += strlen("AccountName=");
		*n = strcspn(p, ";");
		return p;
	}
	if (cs)
		return NULL;
	if ((p = setting(a, "AzureWebJobsStorage__accountName"))) {
		*n = strlen(p);
		return p;
	}
	p = setting(a, "AzureWebJobsStorage__blobServiceUri");
	if (!p || strncmp(p, "https://", 8))
		return NULL;
	p += 8;
	*n = strcspn(p, ".");
	return p;
}

/* The storage back end of host_account, or NULL. */
static struct iback *
host_back(struct estate *e, struct iapp *a, bool *ident)
{
	size_t n;
	const char *p = host_account(a, &n, ident);

	for (size_t i = 0; p && i < e->nbacks; i++)
		if (!strcasecmp(e->backs[i].type,
		    "Microsoft.Storage/storageAccounts") && strlen(id_name(
		    e->backs[i].id)) == n && !strncasecmp(id_name(e->backs[i].id),
		    p, n))
			return &e->backs[i];
	return NULL;
}

/* The identity a created function app's host connects to its storage
 * with (storage_identity:): the user-assigned one whose client id
 * AzureWebJobsStorage__clientId holds, else its system-assigned one;
 * NULL: an identity the estate does not model. */
static const char *
host_identity(struct estate *e, struct iapp *a)
{
	const char *cid = setting(a, "AzureWebJobsStorage__clientId"), *id;
	json_t *x;

	if (!cid)
		return "system";
	json_object_foreach(member(a->j, "identity.userAssignedIdentities"),
	    id, x)
		if (str(x, "clientId") && !strcasecmp(str(x, "clientId"), cid))
			return uai_key(e, id);
	return NULL;
}

/* storage: of a created function app, and storage_identity: when its
 * host connects with an identity. */
static void
app_storage(struct buf *b, struct estate *e, struct iapp *a)
{
	bool ident;
	size_t n;
	const char *p = host_account(a, &n, &ident);
	struct iback *bk = host_back(e, a, &ident);

	if (!p)
		return;
	if (!bk) {
		not_modelled(b, 4, "its host storage %.*s, which no private "
		    "endpoint of the groups read reaches (write it as a back "
		    "end and storage: its key)", (int)n, p);
		return;
	}
	kv(b, 4, "storage", bk->key);
	if (!ident)
		return;
	const char *who = host_identity(e, a);
	if (who)
		kv(b, 4, "storage_identity", who);
	else
		not_modelled(b, 4, "the identity of client id %s that its host "
		    "connects to its storage with (AzureWebJobsStorage__"
		    "clientId), which it does not carry", setting(a,
		    "AzureWebJobsStorage__clientId"));
}

/* The vault back end and secret of a Key Vault reference vnetc writes
 * itself from {secret: VAULT/NAME}:
 * @Microsoft.KeyVault(VaultName=<vault>;SecretName=<name>) of a vault
 * read; NULL for any other value. *secret: the name, malloc'd. */
static struct iback *
kv_ref(struct estate *e, const char *v, char **secret)
{
	static const char pre[] = "@Microsoft.KeyVault(VaultName=";
	if (!v || strncmp(v, pre, sizeof(pre) - 1))
		return NULL;
	v += sizeof(pre) - 1;
	size_t n = strcspn(v, ";");
	const char *sn = v + n;
	if (strncmp(sn, ";SecretName=", 12))
		return NULL;
	sn += 12;
	/* a secret's name: letters, digits and '-' (Key Vault's), so that
	 * {secret: VAULT/NAME} reads back the same */
	size_t m = strspn(sn, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-");
	if (!m || strcmp(sn + m, ")"))
		return NULL;
	for (size_t i = 0; i < e->nbacks; i++)
		if (!strcasecmp(e->backs[i].type, "Microsoft.KeyVault/vaults") &&
		    strlen(id_name(e->backs[i].id)) == n &&
		    !strncasecmp(id_name(e->backs[i].id), v, n)) {
			*secret = strndup(sn, m);
			return &e->backs[i];
		}
	return NULL;
}

/* Whether role def of as on bk is the one the spec derives for the app's
 * Key Vault references (spec.c): Key Vault Secrets User on a vault vnetc
 * created with RBAC that a {secret:} setting names, for the identity
 * that resolves them. */
static bool
role_derived(struct estate *e, struct iapp *a, struct iback *bk,
    const struct roledef *def, const char *as)
{
	const char *kvi = uai_key(e, str(a->j,
	    "properties.keyVaultReferenceIdentity"));
	bool ident;
	/* the host storage's roles (spec.c storage_identity): Blob Data
	 * Owner, and Queue and Table Data Contributor where the account
	 * has an endpoint of that group */
	if (def && a->mine && host_back(e, a, &ident) == bk && ident &&
	    host_identity(e, a) && !strcmp(as, host_identity(e, a))) {
		const char *g = !strcmp(def->name, "Storage Blob Data Owner") ?
		    "" : !strcmp(def->name, "Storage Queue Data Contributor") ?
		    "queue" : !strcmp(def->name,
		    "Storage Table Data Contributor") ? "table" : NULL;
		for (size_t k = 0; g && *g && k < e->npes; k++) {
			struct ipe *p = &e->pes[k];
			json_t *c = json_array_get(member(p->j, "properties."
			    "privateLinkServiceConnections"), 0);
			if (!c)
				c = json_array_get(member(p->j, "properties."
				    "manualPrivateLinkServiceConnections"), 0);
			const char *pg = json_string_value(json_array_get(
			    member(c, "properties.groupIds"), 0));
			if (&e->backs[p->back] == bk && pg &&
			    !strcasecmp(pg, g))
				g = "";
		}
		if (g && !*g)
			return true;
	}
	if (!def || strcmp(def->name, "Key Vault Secrets User") ||
	    !body_owner_of(bk->j) || json_is_false(member(bk->j,
	    "properties.enableRbacAuthorization")) || strcmp(as, kvi ? kvi :
	    "system"))
		return false;
	const char *k;
	json_t *x;
	json_object_foreach(a->settings, k, x) {
		char *sec = NULL;
		struct iback *v = kv_ref(e, json_string_value(x), &sec);
		free(sec);
		if (v == bk)
			return true;
	}
	return false;
}

/* The properties of a back end that a setting may hold and that are no
 * secret (docs/spec.md, "Settings that come from other resources"): a
 * setting whose value is one of these of an imported back end is written
 * as {from: KEY, property: P}, which gives the same value. */
static const char *const from_props[] = {"vaultUri",
    "primaryEndpoints.blob", "primaryEndpoints.queue",
    "primaryEndpoints.table", "primaryEndpoints.file",
    "primaryEndpoints.dfs", "primaryEndpoints.web", "endpoint",
    "documentEndpoint", "fullyQualifiedDomainName", "serviceBusEndpoint",
    NULL};

/* Whether val is the name, the id or one of from_props of a back end of
 * the estate: its key and the property. Names shorter than 3 (none of
 * these types has one) are not taken for a name. */
static bool
from_of(struct estate *e, const char *val, const char **key,
    const char **prop)
{
	for (size_t i = 0; i < e->nbacks; i++) {
		struct iback *bk = &e->backs[i];
		if (back_skipped(e, bk))	/* no back end of the spec */
			continue;
		*key = bk->key;
		if (strlen(val) >= 3 && !strcmp(val, id_name(bk->id))) {
			*prop = "name";
			return true;
		}
		if (!strcasecmp(val, bk->id)) {	/* ARM's ids: any case */
			*prop = "id";
			return true;
		}
		for (const char *const *p = from_props; *p && bk->j; p++) {
			const char *v = str(member(bk->j, "properties"), *p);
			if (v && !strcmp(v, val)) {
				*prop = *p;
				return true;
			}
		}
	}
	return false;
}

/* Whether the role def of user-assigned identity as on bk is written on
 * app a: one assignment, whichever app carries the identity (its name is
 * made of the identity's id, not the app's: body.c body_role_name), is
 * written once, on the first created app that carries it, and on none
 * where the spec derives it for one of them. */
static bool
uai_role_mine(struct estate *e, struct iapp *a, struct iback *bk,
    const struct roledef *def, const char *as)
{
	struct iapp *first = NULL;
	/* each created app, then its slots (sites of their own) */
	for (size_t i = 0, k = 0; i < e->napps; k < e->apps[i].nislots ?
	    k++ : (i++, k = 0)) {
		struct iapp *o = k ? &e->apps[i].islots[k - 1] : &e->apps[i];
		bool carries = false;
		const char *id;
		json_t *x;
		if (!o->mine)
			continue;
		json_object_foreach(member(o->j,
		    "identity.userAssignedIdentities"), id, x)
			carries |= uai_key(e, id) && !strcmp(uai_key(e, id), as);
		if (!carries)
			continue;
		if (role_derived(e, o, bk, def, as))
			return false;
		if (!first)
			first = o;
	}
	return first == a;
}

/* roles: of a created app: the role assignments at its back ends' scopes
 * (read_created) whose principal is its system-assigned identity or a
 * user-assigned one it carries, but the ones the spec derives; a role
 * vnetc does not know by name by its definition's GUID, as the spec
 * takes it. Sorted: ARM's order is not promised. */
static void
app_roles(struct buf *b, struct estate *e, struct iapp *a, int ind)
{
	const char *sys = str(a->j, "identity.principalId");
	size_t n = 0, cap = 8;
	char **lines = xmalloc(cap * sizeof(*lines));

	for (size_t i = 0; i < e->nbacks; i++) {
		struct iback *bk = &e->backs[i];
		char *at = xfmt("%s/providers/Microsoft.Authorization/"
		    "roleAssignments/", bk->id);
		size_t k;
		json_t *ra;
		json_array_foreach(bk->roles, k, ra) {
			const char *rid = str(ra, "id"), *pid = str(ra,
			    "properties.principalId"), *as = NULL;
			if (!rid || !pid || strncasecmp(rid, at, strlen(at)) ||
			    back_skipped(e, bk))
				continue;
			if (sys && !strcasecmp(pid, sys))
				as = "system";
			const char *id;
			json_t *x;
			json_object_foreach(member(a->j,
			    "identity.userAssignedIdentities"), id, x) {
				json_t *u = json_object_get(e->uais, id);
				const char *up = str(u, "properties.principalId");
				if (!as && up && !strcasecmp(up, pid))
					as = uai_key(e, id);
			}
			if (!as)
				continue;
			const char *guid = id_name(str(ra,
			    "properties.roleDefinitionId"));
			const struct roledef *def = roledef_find(guid);
			if (role_derived(e, a, bk, def, as) ||
			    (strcmp(as, "system") && !uai_role_mine(e, a, bk,
			    def, as)))
				continue;
			struct buf l = {0};
			buf_printf(&l, "%*s  - { on: %s, role: ", ind, "",
			    bk->key);
			scalar(&l, def ? def->name : guid);
			buf_printf(&l, ", as: %s }\n", as);
			if (n == cap)
				lines = realloc(lines, (cap *= 2) * sizeof(*lines));
			lines[n++] = l.s;
		}
		free(at);
	}
	qsort(lines, n, sizeof(*lines), by_str);
	if (n)
		buf_printf(b, "%*sroles:\n", ind, "");
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, lines[i]);
		free(lines[i]);
	}
	free(lines);
}

/* An access list (ipSecurityRestrictions or scmIpSecurityRestrictions)
 * without App Service's own last rule (priority 2147483647, ipAddress
 * Any: docs/azure-notes.md 25), as rules: at ind; returns how many. */
static size_t
ar_write(struct buf *b, struct estate *e, json_t *list, int ind,
    const char *id)
{
	size_t i, n = 0;
	json_t *r;
	json_array_foreach(list, i, r) {
		const char *ip = str(r, "ipAddress"), *sub = str(r,
		    "vnetSubnetResourceId"), *name = str(r, "name");
		json_int_t pri = json_integer_value(member(r, "priority"));
		if (pri == 2147483647 && ip && !strcasecmp(ip, "Any"))
			continue;
		if (!n)
			buf_printf(b, "%*srules:\n", ind, "");
		n++;
		/* HTTP header filters (Front Door's X-Azure-FDID): the spec's
		 * rules have none */
		const char *h;
		json_t *hv;
		json_object_foreach(member(r, "headers"), h, hv)
			dropped(b, ind + 2, id, "access rule %s's filter on "
			    "header %s, which the spec cannot say (a write "
			    "of its access restrictions drops it)", name &&
			    *name ? name : "without a name", h);
		buf_printf(b, "%*s- { name: ", ind + 2, "");
		char *nm = name && *name ? xstrdup(name) : xfmt("rule-%zu", n);
		scalar(b, nm);
		free(nm);
		if (pri != (json_int_t)n * 100)
			buf_printf(b, ", priority: %" JSON_INTEGER_FORMAT, pri);
		if (str(r, "action") && !strcasecmp(str(r, "action"), "Deny"))
			buf_puts(b, ", action: deny");
		struct ivnet *v;
		struct isub *s;
		if (sub && find_subnet(e, sub, &v, &s)) {
			char *ref = subnet_ref(e, v, s);
			buf_printf(b, ", subnet: %s", ref);
			free(ref);
		} else if (sub) {
			buf_puts(b, ", subnet: ");
			scalar(b, sub);
		} else {
			bool tag = str(r, "tag") && !strcasecmp(str(r, "tag"),
			    "ServiceTag");
			buf_printf(b, ", %s: ", tag ? "service_tag" : "ip");
			scalar(b, ip ? ip : "");
		}
		buf_puts(b, " }\n");
	}
	return n;
}

/* Whether an access list's default action is Deny: its default action
 * where Azure says it, else its last rule's (App Service's own). */
static bool
ar_deny(json_t *web, const char *list, const char *dflt)
{
	const char *d = str(web, dflt);
	if (d)
		return !strcasecmp(d, "Deny");
	json_t *l = member(web, list);
	d = str(json_array_get(l, json_array_size(l) - 1), "action");
	return d && !strcasecmp(d, "Deny");
}

/* access: of a created app from its configuration (config/web): its
 * rules, default actions and SCM setting, where it is not App Service's
 * open default (no rule, Allow); public_access: disabled where the site
 * refuses public traffic. */
static void
app_access(struct buf *b, struct estate *e, struct iapp *a)
{
	const char *pna = str(a->j, "properties.publicNetworkAccess");
	if (pna && !strcasecmp(pna, "Disabled"))
		buf_puts(b, "    public_access: disabled\n");
	json_t *w = a->web;
	if (!w)
		return;
	bool deny = ar_deny(w, "ipSecurityRestrictions",
	    "ipSecurityRestrictionsDefaultAction");
	bool sdeny = ar_deny(w, "scmIpSecurityRestrictions",
	    "scmIpSecurityRestrictionsDefaultAction");
	bool use_main = json_is_true(member(w,
	    "scmIpSecurityRestrictionsUseMain"));
	struct buf r = {0}, sr = {0};
	size_t n = ar_write(&r, e, member(w, "ipSecurityRestrictions"), 6,
	    a->id);
	size_t sn = ar_write(&sr, e, member(w, "scmIpSecurityRestrictions"), 8,
	    a->id);
	if (deny && !n && use_main) {
		/* no rule, the SCM site as the main one: one line (a bare
		 * access: would be nothing, VN102) */
		buf_puts(b, "    access: { default: deny }\n");
	} else if (n || deny || (!use_main && (sn || sdeny))) {
		buf_puts(b, "    access:\n");
		if (!deny)
			buf_puts(b, "      default: allow\n");
		buf_puts(b, buf_str(&r));
		if (!use_main && !sn)
			buf_printf(b, "      scm: { default: %s }\n", sdeny ?
			    "deny" : "allow");
		else if (!use_main)
			buf_printf(b, "      scm:\n%s%s", sdeny ? "" :
			    "        default: allow\n", buf_str(&sr));
	}
	buf_free(&r);
	buf_free(&sr);
}

/* The endpoints of the created app's site (read as a back end's) with
 * group id group ("sites", "sites-<slot>"), under private_endpoints: at
 * ind, each with the name the spec derives there (<app>-pe,
 * <app>-<slot>-pe) and its group id derived. */
static void
write_app_pes(struct buf *b, struct imp *im, struct estate *e,
    struct iapp *a, const char *slot, int ind)
{
	char *group = slot ? xfmt("sites-%s", slot) : xstrdup("sites");
	bool head = false;
	size_t list = b->len;
	for (size_t k = 0; k < e->npes; k++) {
		struct ipe *p = &e->pes[k];
		struct iback *bk = &e->backs[p->back];
		const char *g = pe_group(p);
		if (strcasecmp(bk->id, a->id) || !g || strcasecmp(g, group))
			continue;
		if (!head)
			buf_printf(b, "%*sprivate_endpoints:\n", ind, "");
		head = true;
		p->dname = slot ? xfmt("%s-%s-pe", a->key, slot) :
		    xfmt("%s-pe", a->key);
		p->dgroup = group;
		size_t start = b->len;
		struct buf one = {0};
		write_pe(&one, im, e, p, bk);
		/* write_pe writes at 6 and 8 columns: moved to ind */
		char *save = NULL, *t = xstrdup(buf_str(&one));
		for (char *l = strtok_r(t, "\n", &save); l;
		    l = strtok_r(NULL, "\n", &save))
			buf_printf(b, "%*s%s\n", ind - 4, "", l);
		free(t);
		buf_free(&one);
		fold(b, start);
		p->dgroup = NULL;
	}
	fold_one(b, list);
	free(group);
}

/* Endpoints to a created app's site that are neither its own (sites)
 * nor one of its slots' (sites-<slot> of a slot read): said, not dropped
 * with the site's back end (back_skipped). */
static void
app_pes_left(struct buf *b, struct estate *e, struct iapp *a)
{
	for (size_t k = 0; k < e->npes; k++) {
		struct ipe *p = &e->pes[k];
		const char *g = pe_group(p);
		bool mine = (g && !strcasecmp(g, "sites")) || app_slot(a, g);
		if (!strcasecmp(e->backs[p->back].id, a->id) && !mine)
			dropped(b, 4, p->id, "private endpoint %s (group id "
			    "%s): no slot of that name that vnetc created was "
			    "read", p->name, g ? g : "none");
	}
}

/* vnet_integration: and route_all: of a site (an app's or a slot's
 * properties pr) at ind: its subnet's key, or, outside the groups read,
 * said. The VNet it is integrated in, or NULL. */
static struct ivnet *
write_integration(struct buf *b, struct estate *e, json_t *pr, int ind)
{
	struct ivnet *v;
	struct isub *s;
	const char *sid = str(pr, "virtualNetworkSubnetId");
	if (!find_subnet(e, sid, &v, &s)) {
		if (sid)
			not_modelled(b, ind, "VNet integration with %s "
			    "(outside the groups read)", sid);
		return NULL;
	}
	char *ref = subnet_ref(e, v, s);
	kv(b, ind, "vnet_integration", ref);
	free(ref);
	if (!json_is_true(member(pr, "vnetRouteAllEnabled")))
		buf_printf(b, "%*sroute_all: false\n", ind, "");
	return v;
}

static void write_settings(struct buf *b, struct buf *params,
    struct estate *e, struct iapp *a, int ind);

/* What slot sl of app a has of its own, as an app's: its identity: where
 * it is not its app's (which a slot without one carries: spec.c
 * app_slots), its roles: (its system-assigned identity is a principal of
 * its own), its app_settings:. */
static void
slot_own(struct buf *b, struct buf *params, struct estate *e,
    struct iapp *a, struct iapp *sl)
{
	struct buf mine = {0}, its = {0};

	app_identities(&mine, e, sl, 8);
	app_identities(&its, e, a, 8);
	if (strcmp(buf_str(&mine), buf_str(&its)))
		buf_puts(b, mine.len ? buf_str(&mine) : "        identity: []\n");
	buf_free(&mine);
	buf_free(&its);
	app_roles(b, e, sl, 8);
	write_settings(b, params, e, sl, 8);
}

/* slots: of an app, those vnetc created (read_slots): each by its
 * name, with what the spec says of a slot (docs/spec.md, "Deployment
 * slots"): https_only and route_all where not true, vnet_integration,
 * public_access where the app's does not give it, its endpoints (group
 * id sites-<slot>). The others said. */
static void
app_slots(struct buf *b, struct buf *params, struct imp *im,
    struct estate *e, struct iapp *a)
{
	size_t i;
	json_t *sl;
	const char *apna = str(a->j, "properties.publicNetworkAccess");
	/* a slot takes a created app's public_access: disabled */
	bool closed = a->mine && apna && !strcasecmp(apna, "Disabled");
	json_array_foreach(a->foreign, i, sl)
		dropped(b, 4, json_string_value(sl), "slot %s, which vnetc "
		    "did not create (it writes the slots it creates only): "
		    "left as it is", id_name(json_string_value(sl)));
	if (!json_array_size(a->slots))
		return;
	buf_puts(b, "    slots:\n");
	json_array_foreach(a->slots, i, sl) {
		json_t *pr = member(sl, "properties");
		const char *name = id_name(str(sl, "id"));
		size_t start = b->len;
		buf_printf(b, "      %s:\n", name);
		if (json_is_false(member(pr, "httpsOnly")))
			buf_puts(b, "        https_only: false\n");
		write_integration(b, e, pr, 8);
		const char *spna = str(pr, "publicNetworkAccess");
		if (spna && !strcasecmp(spna, "Disabled") && !closed)
			buf_puts(b, "        public_access: disabled\n");
		else if (closed && !(spna && !strcasecmp(spna, "Disabled")))
			dropped(b, 8, str(sl, "id"), "public network access "
			    "%s, which its app's public_access: disabled "
			    "would close", spna ? spna : "unset");
		size_t pes = b->len;
		write_app_pes(b, im, e, a, name, 8);
		slot_own(b, params, e, a, &a->islots[i]);
		if (b->len == start + strlen(name) + 8) {
			b->len = start;
			buf_printf(b, "      %s: {}\n", name);
		} else if (b->len == pes) {
			fold(b, start);
		}
	}
}

/* Settings vnetc writes itself into a function app it creates (body.c
 * function_props; docs/spec.md, "Function apps vnetc creates"): not
 * imported, the spec's create: and storage: make them. */
static const char *const host_settings[] = {
	"FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION",
	"AzureWebJobsStorage", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
	"WEBSITE_CONTENTSHARE",
};

/* Whether setting k of app a is one vnetc writes itself into an app it
 * created: a function app's host_settings, and on Windows the Node
 * version, which import reads into runtime: (win_runtime). */
static bool
host_setting(struct iapp *a, const char *k)
{
	const char *kind = str(a->j, "kind") ? str(a->j, "kind") : "";
	bool linux = json_is_true(member(a->j, "properties.reserved")) ||
	    strstr(kind, "linux");

	if (!a->mine)
		return false;
	for (size_t i = 0; strstr(kind, "functionapp") &&
	    i < NELEM(host_settings); i++)
		if (!strcmp(k, host_settings[i]))
			return true;
	/* the host's identity connection (storage_identity:) */
	if (strstr(kind, "functionapp") && !strncmp(k,
	    "AzureWebJobsStorage__", 21))
		return true;
	return !linux && !strcmp(k, "WEBSITE_NODE_DEFAULT_VERSION");
}

/* Words of a setting's name that say its value may be a secret (compared
 * without case, as words of the name: _ . - and case changes part them;
 * "KEY" only as the name's last word, KEY_VAULT_URI being a URL). */
static const char *const secret_words[] = {
	"secret", "password", "passwd", "pwd", "pass", "token", "sas",
	"credential", "credentials", "connection", "connectionstring",
	"connstr", "conn", "signature", "private", "cert", "certificate",
	"apikey", "accesskey", "accountkey", "auth", "salt", "jwt", "pat",
	"instrumentationkey", "masterkey", "cookie", "session", "pfx", "pem",
};

/* Whether the value of setting name is kept as it is in the imported
 * spec: a conservative rule, since a secret must never be written
 * (README, "Import"): no word of secret_words in its name and "key" not
 * its last word; the value at most 200 characters of letters, digits and
 * . _ - / : | ~ , (a URL, a host name, a version, a word: no ; = @ ? & %
 * + or space, which connection strings, SAS tokens, user:password@ and
 * base64 keys have), no run of 16 letters and digits mixed (a key or a
 * token), and not empty. Anything else is a parameter, as before. */
static bool
value_kept(const char *name, const char *v)
{
	char *w = xstrdup(name), *save = NULL, *last = NULL;
	bool ok = true;
	/* split camelCase into words: a lower case letter before an upper */
	struct buf t = {0};
	for (const char *p = name; *p; p++) {
		if (p > name && isupper((unsigned char)*p) &&
		    islower((unsigned char)p[-1]))
			buf_putc(&t, '_');
		buf_putc(&t, (char)tolower((unsigned char)*p));
	}
	free(w);
	w = xstrdup(buf_str(&t));
	buf_free(&t);
	for (char *x = strtok_r(w, "_.-:", &save); x && ok;
	    x = strtok_r(NULL, "_.-:", &save)) {
		for (size_t i = 0; i < NELEM(secret_words) && ok; i++)
			ok = strcmp(x, secret_words[i]);
		last = x;
	}
	ok &= !last || (strcmp(last, "key") && strcmp(last, "keys"));
	free(w);
	if (!ok || !v || !*v || strlen(v) > 200 || strspn(v,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	    "._-/:|~,") != strlen(v))
		return false;
	size_t run = 0;
	bool digit = false, alpha = false;
	for (const char *p = v;; p++) {
		if (*p && isalnum((unsigned char)*p)) {
			run++;
			digit |= isdigit((unsigned char)*p) != 0;
			alpha |= isalpha((unsigned char)*p) != 0;
			continue;
		}
		if (run >= 16 && digit && alpha)
			return false;
		run = 0;
		digit = alpha = false;
		if (!*p)
			break;
	}
	return true;
}

/* One app setting: a Key Vault reference vnetc would write from
 * {secret:} as that; another reference as it is (it holds no secret); a
 * value value_kept() keeps as it is; anything else a parameter given at
 * plan or apply time (-p NAME=VALUE), its value left in Azure. */
static void
write_setting(struct buf *b, struct buf *params, struct estate *e,
    struct iapp *a, const char *name, int ind)
{
	const char *val = setting(a, name);
	char *sec = NULL;
	struct iback *vault = kv_ref(e, val, &sec);
	buf_printf(b, "%*s%s: ", ind + 2, "", name);
	if (vault) {
		buf_printf(b, "{ secret: %s/", vault->key);
		scalar(b, sec);
		buf_puts(b, " }\n");
		free(sec);
		return;
	}
	const char *from_key, *from_prop;
	if (val && from_of(e, val, &from_key, &from_prop)) {
		buf_printf(b, "{ from: %s, property: %s }\n", from_key,
		    from_prop);
		return;
	}
	if (val && (!strncmp(val, "@Microsoft.KeyVault(", 20) ||
	    value_kept(name, val))) {
		literal(b, val);
		buf_putc(b, '\n');
		return;
	}
	/* a slot's: its app's and its name first (its key) */
	char *pn = param_name(e->napps == 1 && !a->slot ? NULL : a->key, name);
	buf_printf(b, "${%s}\n", pn);
	buf_printf(params, "  %s:\n    description: app setting %s of %s (its "
	    "value is not imported)\n", pn, name, a->name);
	free(pn);
}

/* app_settings: of app (or slot) a at ind, by name, but the host's
 * (host_setting). */
static void
write_settings(struct buf *b, struct buf *params, struct estate *e,
    struct iapp *a, int ind)
{
	size_t shown = 0;
	const char *sk;
	json_t *sx;
	json_object_foreach(a->settings, sk, sx)
		shown += !host_setting(a, sk);
	if (!shown)
		return;
	buf_printf(b, "%*sapp_settings:\n", ind, "");
	const char **names = xmalloc((json_object_size(a->settings) + 1) *
	    sizeof(*names));
	size_t n = 0;
	const char *k;
	json_t *x;
	json_object_foreach(a->settings, k, x)
		names[n++] = k;
	qsort(names, n, sizeof(*names), by_str);
	for (size_t j = 0; j < n; j++)
		if (!host_setting(a, names[j]))
			write_setting(b, params, e, a, names[j], ind);
	free(names);
}

/* Plans and apps: settings by name, values never written. */
static void
write_apps(struct buf *b, struct buf *params, struct imp *im,
    struct estate *e)
{
	size_t nf = json_array_size(e->farms);
	if (nf) {
		buf_puts(b, "\nplans:\n");
		for (size_t i = 0; i < nf; i++) {
			json_t *f = json_array_get(e->farms, i);
			const char *name = str(f, "name");
			char *rg = id_part(str(f, "id"), "resourceGroups");
			buf_printf(b, "  %s:\n", e->farmkeys[i]);
			if (strcmp(e->farmkeys[i], name))
				kv(b, 4, "name", name);
			where(b, 4, im, str(f, "id"));
			at(b, 4, e, f);
			if (str(f, "sku.name"))
				kv(b, 4, "sku", str(f, "sku.name"));
			json_int_t n = plan_instances(e, f);
			const char *sp = body_owner_of(f);
			/* a created Elastic Premium plan's workers are its
			 * create:'s */
			if (sp && n == int_of(member(f,
			    "properties.maximumElasticWorkerCount")))
				n = 0;
			if (n > 0)
				buf_printf(b, "    instances: %" JSON_INTEGER_FORMAT
				    "\n", n);
			if (sp) {
				plan_create(b, f);
				own_project(b, im, sp);
			} else {
				plan_existing(b, f);
			}
			unmodelled_notes(b, 4, "plan", f, NULL);
			free(rg);
		}
	}
	if (!e->napps)
		return;
	buf_puts(b, "\napps:\n");
	for (size_t i = 0; i < e->napps; i++) {
		struct iapp *a = &e->apps[i];
		json_t *pr = member(a->j, "properties");
		buf_printf(b, "  %s:\n", a->key);
		if (strcmp(a->key, a->name))
			kv(b, 4, "name", a->name);
		where(b, 4, im, a->id);
		const char *farm = str(pr, "serverFarmId");
		const char *fk = "?";
		for (size_t k = 0; k < nf; k++)
			if (farm && !strcasecmp(str(json_array_get(e->farms, k),
			    "id"), farm))
				fk = e->farmkeys[k];
		kv(b, 4, "plan", fk);
		if (!strcmp(fk, "?"))
			not_modelled(b, 4, "its plan %s is outside the groups "
			    "read", farm ? farm : "?");
		json_t *h = member(pr, "httpsOnly");
		if (a->mine) {
			json_t *fj = NULL;
			for (size_t k = 0; k < nf; k++)
				if (farm && !strcasecmp(str(json_array_get(e->farms,
				    k), "id"), farm))
					fj = json_array_get(e->farms, k);
			app_create(b, a, fj);
			own_project(b, im, body_owner_of(a->j));
			app_identities(b, e, a, 4);
			if (strstr(str(a->j, "kind") ? str(a->j, "kind") : "",
			    "functionapp"))
				app_storage(b, e, a);
			unmodelled_notes(b, 4, "ownapp", a->j, NULL);
			if (json_is_false(h))	/* created: true */
				buf_puts(b, "    https_only: false\n");
		} else {
			app_existing(b, a->j);
			unmodelled_notes(b, 4, "app", a->j, NULL);
			if (json_is_boolean(h))
				buf_printf(b, "    https_only: %s\n",
				    json_is_true(h) ? "true" : "false");
		}
		struct ivnet *v = write_integration(b, e, pr, 4);
		if (v)
			write_uses(b, e, a, v);
		if (a->mine) {
			write_app_pes(b, im, e, a, NULL, 4);
			app_access(b, e, a);
			app_roles(b, e, a, 4);
		}
		app_slots(b, params, im, e, a);
		if (a->mine)
			app_pes_left(b, e, a);
		write_settings(b, params, e, a, 4);
	}
}

static void
write_vnets(struct buf *b, struct imp *im, struct estate *e)
{
	buf_puts(b, "\nvnets:\n");
	for (size_t i = 0; i < e->nvnets; i++) {
		struct ivnet *v = &e->vnets[i];
		json_t *pr = member(v->j, "properties");
		buf_printf(b, "  %s:\n", v->key);
		if (v->space) {
			kv(b, 4, "existing", v->id);
			if (json_array_size(v->space))
				kvlist(b, 4, "address_space", v->space);
			continue;
		}
		if (strcmp(v->key, v->name))
			kv(b, 4, "name", v->name);
		where(b, 4, im, v->id);
		at(b, 4, e, v->j);
		kvlist(b, 4, "address_space", member(pr,
		    "addressSpace.addressPrefixes"));
		json_t *dns = member(pr, "dhcpOptions.dnsServers");
		if (json_array_size(dns))
			kvlist(b, 4, "dns_servers", dns);
		if (json_is_true(member(pr, "enableDdosProtection")))
			not_modelled(b, 4, "DDoS protection plan %s", str(pr,
			    "ddosProtectionPlan.id"));
		if (member(pr, "encryption"))
			not_modelled(b, 4, "VNet encryption");
		unmodelled_notes(b, 4, "vnet", v->j, NULL);
		tags_note(b, 4, v->j, NULL);
		size_t n;
		json_t *p;
		json_array_foreach(v->peerings, n, p) {
			char *whose = xfmt("peering %s", str(p, "name"));
			unmodelled_notes(b, 4, "peering", p, whose);
			free(whose);
		}
		write_peerings(b, e, v);
		if (!v->nsubs)
			continue;
		buf_puts(b, "    subnets:\n");
		for (size_t k = 0; k < v->nsubs; k++)
			write_subnet(b, im, e, v, &v->subs[k]);
	}
}

/* The whole spec; params collects the parameters the apps' settings
 * need, written before the VNets. */
static void
write_spec(struct buf *out, struct imp *im, struct estate *e)
{
	struct buf body = {0}, params = {0}, notes = {0};

	find_central(im, e);
	write_dns(&body, im, e);
	write_vnets(&body, im, e);
	for (size_t n = 0; n < NELEM(netkinds); n++)
		write_netres(&body, im, e, n);
	write_backends(&body, im, e);
	write_identities(&body, im, e);
	write_apps(&body, &params, im, e);
	write_links_notes(&notes, e);

	buf_printf(out, "# vnetc import --subscription %s", im->sub);
	bool subs = false;
	for (size_t g = 0; g < im->nrgs; g++) {
		bool other = strcasecmp(im->subs[g], im->sub);
		subs |= other;
		if (other)
			buf_printf(out, " --resource-group /subscriptions/%s/"
			    "resourceGroups/%s", im->subs[g], im->rgs[g]);
		else
			buf_printf(out, " --resource-group %s", im->rgs[g]);
	}
	buf_putc(out, '\n');
	buf_puts(out, "vnetc: 1\n");
	if (im->cloud != CLOUD_PUBLIC)
		kv(out, 0, "cloud", privatelink_cloud_name(im->cloud));
	kv(out, 0, "resource_group", im->rgs[0]);
	if (subs)	/* the spec's own, beside the others it names */
		kv(out, 0, "subscription", im->sub);
	kv(out, 0, "location", e->location ? e->location : "?");
	if (im->project && (!im->base || strcmp(im->base, im->project)))
		kv(out, 0, "project", im->project);
	if (params.len)
		buf_printf(out, "\nparameters:\n%s", buf_str(&params));
	for (size_t i = 0; i < im->nfinds; i++)
		im->finds[i].off += out->len;
	buf_puts(out, buf_str(&body));
	if (notes.len)
		buf_printf(out, "\n%s", buf_str(&notes));
	buf_free(&body);
	buf_free(&params);
	buf_free(&notes);
}

static void
estate_free(struct estate *e)
{
	for (size_t i = 0; i < e->nvnets; i++) {
		for (size_t k = 0; k < e->vnets[i].nsubs; k++) {
			free(e->vnets[i].subs[k].key);
			free(e->vnets[i].subs[k].id);
		}
		free(e->vnets[i].subs);
		free(e->vnets[i].rg);
		free(e->vnets[i].key);
		free(e->vnets[i].keyhint);
	}
	free(e->vnets);
	for (size_t i = 0; i < e->npes; i++) {
		free(e->pes[i].rg);
		free(e->pes[i].dname);
	}
	json_decref(e->uaikeys);
	free(e->pes);
	for (size_t i = 0; i < e->nbacks; i++) {
		free(e->backs[i].type);
		free(e->backs[i].key);
		free(e->backs[i].rg);
		free(e->backs[i].sub);
	}
	free(e->backs);
	for (size_t i = 0; i < e->nzones; i++)
		free(e->zones[i].rg);
	free(e->zones);
	for (size_t i = 0; e->farmkeys && i < json_array_size(e->farms); i++)
		free(e->farmkeys[i]);
	free(e->farmkeys);
	for (size_t i = 0; i < e->napps; i++) {
		free(e->apps[i].key);
		free(e->apps[i].rg);
		for (size_t k = 0; k < e->apps[i].nislots; k++)
			free(e->apps[i].islots[k].key);
		free(e->apps[i].islots);
	}
	free(e->apps);
	free(e->dns);
}

/* vnetc check on the text written, as `vnetc check` runs it, and the
 * import's own findings; returns the number of findings (errors and
 * warnings). */
static int
audit(struct imp *im, const char *name, const struct buf *text)
{
	diag_reset();
	struct spec *s = spec_load_mem(name, text->s, text->len, NULL, 0);
	for (size_t i = 0; i < im->nfinds; i++) {
		struct pos at = {.file = name, .line = 1,
		    .col = im->finds[i].col};
		for (size_t k = 0; k < im->finds[i].off; k++)
			at.line += text->s[k] == '\n';
		diag_report(at, im->finds[i].rule, "%s", im->finds[i].msg);
	}
	if (!diag_nerrors())
		check_spec(s);
	if (!diag_nerrors())
		naming_apply(s);
	struct plan *p = !diag_nerrors() ? plan_build(s) : NULL;
	if (p && !diag_nerrors())
		emit_arm_check(p);
	diag_flush();
	int n = diag_nerrors() + diag_nwarnings();
	spec_free(s);
	return n;
}

/* One --resource-group: a name, in sub (the --subscription before it,
 * NULL: the default), or the group's id, /subscriptions/S/resourceGroups/G
 * (the portal's and az group show's), which names its own. 2 with the
 * reason said when it is neither. */
static int
group_arg(struct imp *im, const char *v, const char *sub, const char **rg,
    const char **rgsub)
{
	*rg = v;
	*rgsub = sub;
	if (strncasecmp(v, "/subscriptions/", 15))
		return 0;
	const char *s = v + 15, *slash = strchr(s, '/');
	const char *g = slash && !strncasecmp(slash, "/resourceGroups/", 16) ?
	    slash + 16 : NULL;
	if (!g || !*g || strchr(g, '/')) {
		fprintf(stderr, "vnetc: import: --resource-group %s: give a "
		    "group's name, or its id /subscriptions/SUB/"
		    "resourceGroups/NAME\n", v);
		return 2;
	}
	*rgsub = arena_strndup(&im->arena, s, (size_t)(slash - s));
	*rg = g;
	return 0;
}

int
import_main(int argc, char **argv)
{
	struct imp im = {0};
	struct apply_opts ao = {0};
	int rc = 0;
	const char *out = NULL;
	const char **rgs = xmalloc((size_t)(argc + 1) * sizeof(*rgs));
	const char **subs = calloc((size_t)argc + 1, sizeof(*subs));
	const char *cursub = NULL, *grp = NULL;

	for (int i = 0; i < argc; i++) {
		const char *a, *v = arg_split(argv[i], "o", &a);
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_import, stdout);
			free(rgs);
			free(subs);
			return 0;
		}
		const char **slot = !strcmp(a, "--subscription") ? &cursub :
		    !strcmp(a, "-o") ? &out :
		    !strcmp(a, "--cloud") ? &ao.cloud :
		    !strcmp(a, "--arm-endpoint") ? &ao.arm_endpoint :
		    !strcmp(a, "--login-endpoint") ? &ao.login_endpoint :
		    !strcmp(a, "--ca-bundle") ? &ao.ca_bundle :
		    !strcmp(a, "--resource-group") ? &grp : NULL;
		if (!slot) {
			int d;
			const char *near = usage_nearest(usage_import, a, &d);
			fprintf(stderr, "vnetc: import: unknown option '%s'%s%s%s"
			    "; see vnetc import --help\n", a, near &&
			    near_miss(a, d) ? " (did you mean " : "", near &&
			    near_miss(a, d) ? near : "", near && near_miss(a, d) ?
			    "?)" : "");
			rc = 2;
			break;
		}
		if (!v && i + 1 < argc)
			v = argv[++i];
		if (!v) {
			fprintf(stderr, "vnetc: import: %s needs a value; see "
			    "vnetc import --help\n", a);
			rc = 2;
			break;
		}
		*slot = v;
		if (slot == &cursub && !ao.subscription)
			ao.subscription = v;	/* the first: the default */
		if (slot == &grp && (rc = group_arg(&im, v, cursub,
		    &rgs[im.nrgs], &subs[im.nrgs])))
			break;
		im.nrgs += slot == &grp;
	}
	im.rgs = rgs;
	im.subs = subs;
	if (!rc && !im.nrgs) {
		fprintf(stderr, "vnetc: import: which resource group? Give "
		    "--resource-group RG (vnetc import --help)\n");
		rc = 2;
	}
	struct stat sb;
	if (!rc && out && strcmp(out, "-") && !stat(out, &sb) &&
	    S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "vnetc: import: -o %s is a directory: give the "
		    "spec's file, e.g. -o %s/%s.yaml\n", out, out, rgs[0]);
		rc = 2;
	}
	if (!rc && ao.cloud && !privatelink_cloud_parse(ao.cloud, &im.cloud)) {
		fprintf(stderr, "vnetc: import: --cloud '%s': use public, "
		    "usgov or china\n", ao.cloud);
		rc = 2;
	}
	/* a group given by id names its subscription */
	if (!rc && !ao.subscription && subs[0])
		ao.subscription = subs[0];
	if (!rc)
		rc = arm_open(&im.arm, im.cloud, &ao, &im.arena);
	/* a group without a subscription before it: the first given, or
	 * $AZURE_SUBSCRIPTION_ID; each must be a subscription id, said
	 * before any request */
	for (size_t g = 0; !rc && g < im.nrgs; g++) {
		if (!subs[g])
			subs[g] = im.arm.subscription;
		if (!guid_ok(subs[g])) {
			fprintf(stderr, "vnetc: import: subscription '%s' is not "
			    "a subscription id (8-4-4-4-12 hexadecimal digits, "
			    "as az account show --query id prints it)\n",
			    subs[g]);
			rc = 2;
		}
	}
	if (rc) {
		arena_free(&im.arena);
		free(rgs);
		free(subs);
		return rc;
	}
	im.sub = subs[0];
	if ((rc = arm_login(&im.arm, &ao))) {
		arm_close(&im.arm);
		arena_free(&im.arena);
		free(rgs);
		free(subs);
		return rc;
	}
	bool to_stdout = !out || !strcmp(out, "-");
	if (!to_stdout) {	/* as spec.c names a spec by its file */
		const char *sl = strrchr(out, '/');
		im.base = xstrdup(sl ? sl + 1 : out);
		size_t l = strlen(im.base);
		if (has_suffix(im.base, ".yaml"))
			im.base[l - 5] = 0;
		else if (has_suffix(im.base, ".yml"))
			im.base[l - 4] = 0;
	}
	im.keep = json_array();
	struct estate e = {0};
	read_estate(&im, &e);
	arm_close(&im.arm);
	struct buf text = {0};
	rc = im.failed;
	if (!rc && !e.nvnets && !e.npes && !e.napps && !e.nbacks) {
		fprintf(stderr, "vnetc: import: no VNet, private endpoint, "
		    "app or back end vnetc created in %s%s: nothing to write\n", im.rgs[0], im.nrgs > 1 ?
		    " and the other groups" : "");
		rc = 3;
	}
	if (!rc) {
		assign_keys(&e);
		write_spec(&text, &im, &e);
	}
	if (!rc && !to_stdout && file_write_atomic(out, text.s, text.len,
	    0644) < 0) {
		fprintf(stderr, "vnetc: import: cannot write %s: %s\n", out,
		    strerror(errno));
		rc = 2;
	} else if (!rc && to_stdout && (fwrite(text.s, 1, text.len, stdout) !=
	    text.len || fflush(stdout) != 0)) {
		fprintf(stderr, "vnetc: import: cannot write the spec: %s\n",
		    strerror(errno));
		rc = 2;
	}
	if (!rc) {
		int n = audit(&im, to_stdout ? "<import>" : out, &text);
		fprintf(stderr, "vnetc: import: %s%s: %d finding%s\n",
		    to_stdout ? "" : "wrote ", to_stdout ? "the spec" : out, n,
		    n == 1 ? "" : "s");
		rc = n ? 1 : 0;
	}
	buf_free(&text);
	for (size_t i = 0; i < im.nfinds; i++)
		free(im.finds[i].msg);
	estate_free(&e);
	free(im.base);
	json_decref(im.keep);
	arena_free(&im.arena);
	free(rgs);
	free(subs);
	return rc;
}
