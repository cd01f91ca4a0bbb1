/* core_test.c - unit tests of the model and the plan's order, linked
 * with the compiler's objects (all but main.o); the quoting of spec text
 * is tests/unit/tmpl_test.c's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "regions.h"
#include "uuid.h"

static int npass, nfail;

#define CHECK(e) do { \
	if (e) npass++; \
	else { nfail++; printf("%s:%d: CHECK(%s) failed\n", __FILE__, \
	    __LINE__, #e); } \
} while (0)

static char tmpdir[] = "/tmp/vnetc-core-XXXXXX";

static struct spec *
load(const char *text, const struct override *ov, size_t nov)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/t.yaml", tmpdir);
	f = fopen(path, "w");
	if (!f)
		die("fopen %s:", path);
	fputs(text, f);
	fclose(f);
	diag_reset();
	return spec_load(path, ov, nov);
}

static const char base_spec[] =
"resource_group: rg1\n"
"location: westeurope\n"
"parameters:\n"
"  app: web\n"
"  plan: ${app}-plan\n"
"  vnetName: { default: \"v-${app}\" }\n"
"  odd: \"[v]\"\n"
"vnets:\n"
"  hub:\n"
"    name: ${vnetName}\n"
"    address_space: [10.0.0.0/16]\n"
"    subnets:\n"
"      integ: { prefix: 10.0.0.0/24, delegation: microsoft.web/serverfarms }\n"
"      pe: { prefix: 10.0.1.0/24 }\n"
"backends:\n"
"  kv:\n"
"    type: Microsoft.KeyVault/vaults\n"
"    existing: { sku: standard, rbac_authorization: true }\n"
"    public_access: deny\n"
"    private_endpoints:\n"
"      - subnet: pe\n"
"plans:\n"
"  p: { name: \"${plan}\", sku: S1, existing: { os: linux } }\n"
"apps:\n"
"  a:\n"
"    name: ${app}\n"
"    plan: p\n"
"    vnet_integration: hub/integ\n"
"    existing: { identity: SystemAssigned }\n"
"    app_settings: { X: \"[v]\" }\n";

static void
test_model(void)
{
	struct spec *s = load(base_spec, NULL, 0);

	CHECK(diag_nerrors() == 0);
	CHECK(s->nvnets == 1 && s->vnets[0].nsubnets == 2);
	CHECK(strcmp(tmpl_eval(s, &s->vnets[0].name), "v-web") == 0);
	CHECK(strcmp(tmpl_eval(s, &s->farms[0].name), "web-plan") == 0);
	/* delegation spelled canonically whatever the case written */
	CHECK(strcmp(s->vnets[0].subnets[0].delegation,
	    "Microsoft.Web/serverFarms") == 0);
	/* derived names: <key>-pe, -pc, -zg; group id and zone derived */
	struct pe *pe = &s->backends[0].pes[0];
	CHECK(strcmp(tmpl_eval(s, &pe->name), "kv-pe") == 0);
	CHECK(strcmp(tmpl_eval(s, &pe->conn_name), "kv-pc") == 0);
	CHECK(strcmp(tmpl_eval(s, &pe->zg_name), "kv-zg") == 0);
	CHECK(pe->group && strcmp(pe->group, "vault") == 0);
	CHECK(pe->nzones == 1 && strcmp(pe->zones[0]->name,
	    "privatelink.vaultcore.azure.net") == 0);
	CHECK(s->nlinks == 1 && s->links[0].vnet == &s->vnets[0]);
	CHECK(pe->subnet == &s->vnets[0].subnets[1]);
	CHECK(s->apps[0].integration == &s->vnets[0].subnets[0]);
	CHECK(s->apps[0].farm == &s->farms[0]);
	CHECK(s->apps[0].route_all); /* the az default */
	spec_free(s);

	/* -p overrides reach every default that refers to it */
	struct override ov[] = {{"app", "shop"}};
	s = load(base_spec, ov, 1);
	CHECK(strcmp(tmpl_eval(s, &s->farms[0].name), "shop-plan") == 0);
	CHECK(strcmp(tmpl_eval(s, &s->vnets[0].name), "v-shop") == 0);
	spec_free(s);

	/* a parameter cycle is an error, not a hang */
	diag_set_stream(NULL);
	s = load("resource_group: r\nlocation: westeurope\nparameters:\n  a: ${b}\n"
	    "  b: x${a}\nvnets:\n  v: {address_space: 10.0.0.0/16}\n", NULL, 0);
	CHECK(diag_nerrors() == 1);
	spec_free(s);
	diag_set_stream(stderr);
}

static size_t
find(const struct plan *p, enum step_kind k)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].kind == k)
			return i;
	return (size_t)-1;
}

static void
test_plan(void)
{
	struct spec *s = load(base_spec, NULL, 0);
	struct plan *p = plan_build(s);

	CHECK(p != NULL);
	/* every dependency comes first */
	for (size_t i = 0; i < p->nsteps; i++)
		for (size_t j = 0; j < p->steps[i].ndeps; j++)
			CHECK(p->steps[i].deps[j] < i);
	/* the back end is locked only after the app is integrated and the
	 * endpoint, zone group and link exist; settings come last */
	size_t lock = find(p, STEP_LOCK);
	CHECK(lock > find(p, STEP_APP));
	CHECK(lock > find(p, STEP_ZG));
	CHECK(lock > find(p, STEP_LINK));
	CHECK(find(p, STEP_SETTINGS) == p->nsteps - 1);

	/* a cycle is reported and the sort refuses (covers VN501: the
	 * graph plan_build makes from a spec cannot have one) */
	diag_set_stream(NULL);
	diag_reset();
	struct plan c = {.spec = s};
	size_t a = plan_add(&c, STEP_RG, NULL, (struct pos){0}, "a");
	size_t b = plan_add(&c, STEP_RG, NULL, (struct pos){0}, "b");
	size_t d = plan_add(&c, STEP_RG, NULL, (struct pos){0}, "c");
	plan_dep(&c, b, a);
	plan_dep(&c, d, b);
	plan_dep(&c, b, d);
	CHECK(!plan_sort(&c));
	CHECK(diag_nerrors() == 1);
	/* ties keep insertion order */
	struct plan t = {.spec = s};
	size_t x = plan_add(&t, STEP_RG, NULL, (struct pos){0}, "x");
	size_t y = plan_add(&t, STEP_RG, NULL, (struct pos){0}, "y");
	size_t z = plan_add(&t, STEP_RG, NULL, (struct pos){0}, "z");
	plan_dep(&t, x, z);
	(void)y;
	CHECK(plan_sort(&t));
	CHECK(strcmp(t.steps[0].label, "y") == 0);
	CHECK(strcmp(t.steps[1].label, "z") == 0);
	CHECK(strcmp(t.steps[2].label, "x") == 0);
	diag_set_stream(stderr);
	spec_free(s);
}

/* A pair declared on both sides is one pair: two peering resources, each
 * after both VNets; the lock of a back end in the hub waits for both. */
static void
test_peerings(void)
{
	struct spec *s = load("resource_group: r\nlocation: westeurope\nvnets:\n"
	    "  hub:\n    address_space: 10.0.0.0/16\n    peerings: [spoke]\n"
	    "    subnets:\n      pe: {prefix: 10.0.1.0/24}\n"
	    "  spoke:\n    address_space: 10.1.0.0/16\n    peerings: hub\n"
	    "    subnets:\n      app: {prefix: 10.1.0.0/24, delegation: "
	    "Microsoft.Web/serverFarms}\n"
	    "backends:\n  kv:\n    type: Microsoft.KeyVault/vaults\n"
	    "    public_access: disabled\n"
	    "    private_endpoints: [{subnet: pe, dns_links: [spoke]}]\n"
	    "plans:\n  p: {sku: S1}\n"
	    "apps:\n  a: {plan: p, vnet_integration: app}\n", NULL, 0);

	CHECK(diag_nerrors() == 0);
	CHECK(s->npeerings == 2);
	CHECK(s->peerings[0].vnet == &s->vnets[0] &&
	    s->peerings[0].remote == &s->vnets[1]);
	CHECK(s->peerings[1].vnet == &s->vnets[1] &&
	    s->peerings[1].remote == &s->vnets[0]);
	CHECK(strcmp(tmpl_eval(s, &s->peerings[0].name), "hub-to-spoke") == 0);
	CHECK(strcmp(tmpl_eval(s, &s->peerings[1].name), "spoke-to-hub") == 0);
	check_spec(s);
	CHECK(diag_nerrors() == 0);
	struct plan *p = plan_build(s);
	CHECK(p != NULL);
	size_t lock = find(p, STEP_LOCK), npeer = 0;
	for (size_t i = 0; p && i < p->nsteps; i++) {
		const struct step *st = &p->steps[i];
		if (st->kind != STEP_PEER)
			continue;
		npeer++;
		bool self = false, remote = false, waited = false;
		for (size_t j = 0; j < st->ndeps; j++) {
			const struct step *d = &p->steps[st->deps[j]];
			self |= d->kind == STEP_VNET &&
			    d->u.vnet == st->u.peering->vnet;
			remote |= d->kind == STEP_VNET &&
			    d->u.vnet == st->u.peering->remote;
		}
		for (size_t j = 0; j < p->steps[lock].ndeps; j++)
			waited |= p->steps[lock].deps[j] == i;
		CHECK(self && remote && waited);
	}
	CHECK(npeer == 2);
	spec_free(s);
}

/* emit_json against jansson's own dump, on random trees: every byte
 * class in strings and keys (control characters, quotes, backslashes,
 * NUL, UTF-8), empty and nested containers, integers at the edges, reals;
 * at depth 0 the texts are equal, at depth 2 jansson's with each newline
 * indented 4 more spaces. */
static unsigned long rnd_state = 20261129;

static unsigned
rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd_state >> 33) % n;
}

static void
rnd_text(char *s, size_t *n)
{
	static const char *const pieces[] = {"a", "Z", "9", " ", "/", "'",
	    "[", "]", "\"", "\\", "\x01", "\x1f", "\x7f", "\b", "\f", "\n",
	    "\r", "\t", "\xc3\xa9", "\xe2\x80\xa8", "\xf0\x9f\x98\x80", "",
	    "\0"};
	size_t len = 0, k = rnd(8);

	for (size_t i = 0; i < k; i++) {
		const char *p = pieces[rnd(sizeof(pieces) / sizeof(*pieces))];
		size_t pl = *p ? strlen(p) : (p == pieces[22] ? 1 : 0);
		memcpy(s + len, p, pl);
		len += pl;
	}
	s[len] = 0;
	*n = len;
}

static json_t *
rnd_json(int depth)
{
	char s[64];
	size_t n;
	unsigned kind = depth > 3 ? 2 + rnd(7) : rnd(9);

	switch (kind) {
	case 0: {
		json_t *o = json_object();
		for (unsigned i = rnd(4); i; i--) {
			rnd_text(s, &n);
			json_object_setn_new(o, s, n, rnd_json(depth + 1));
		}
		return o;
	}
	case 1: {
		json_t *a = json_array();
		for (unsigned i = rnd(4); i; i--)
			json_array_append_new(a, rnd_json(depth + 1));
		return a;
	}
	case 2:
	case 3:
		rnd_text(s, &n);
		return json_stringn(s, n);
	case 4: {
		static const json_int_t ints[] = {0, -1, 42, INT64_MAX,
		    INT64_MIN};
		return json_integer(ints[rnd(5)]);
	}
	case 5: {
		static const double reals[] = {0.5, -0.0, 1e300, 3.0, 0.1};
		return json_real(reals[rnd(5)]);
	}
	case 6:
		return json_true();
	case 7:
		return json_false();
	default:
		return json_null();
	}
}

static void
test_emit_json(void)
{
	int same = 1;

	for (int i = 0; i < 3000 && same; i++) {
		json_t *j = rnd_json(0);
		char *want = json_dumps(j, JSON_INDENT(2) | JSON_ENCODE_ANY);
		struct buf got = {0}, deep = {0}, want_deep = {0};
		emit_json(j, 0, &got);
		emit_json(j, 2, &deep);
		for (const char *c = want; *c; c++)
			buf_puts(&want_deep, *c == '\n' ? "\n    " : (char[]){*c, 0});
		same = want && strcmp(buf_str(&got), want) == 0 &&
		    strcmp(buf_str(&deep), buf_str(&want_deep)) == 0;
		if (!same)
			printf("emit_json differs from jansson:\n%s\n---\n%s\n",
			    want ? want : "(null)", buf_str(&got));
		free(want);
		buf_free(&got);
		buf_free(&deep);
		buf_free(&want_deep);
		json_decref(j);
	}
	CHECK(same);
}

/* The SKU table row by row, against the rows reviewed once with their
 * sources (restypes.c): a row copied from its neighbour, a row lost or a
 * row too many shows here. Then lookups in any case, and names that are
 * no SKU. */
static void
test_skus(void)
{
	static const char *const want[][3] = {
		{"F1", "Free", NULL}, {"D1", "Shared", NULL},
		{"B1", "Basic", NULL}, {"B2", "Basic", NULL},
		{"B3", "Basic", NULL}, {"S1", "Standard", NULL},
		{"S2", "Standard", NULL}, {"S3", "Standard", NULL},
		{"P1", "Premium", NULL}, {"P2", "Premium", NULL},
		{"P3", "Premium", NULL}, {"P1v2", "PremiumV2", NULL},
		{"P2v2", "PremiumV2", NULL}, {"P3v2", "PremiumV2", NULL},
		{"P0v3", "Premium0V3", NULL}, {"P1v3", "PremiumV3", NULL},
		{"P2v3", "PremiumV3", NULL}, {"P3v3", "PremiumV3", NULL},
		{"P1mv3", "PremiumMV3", NULL}, {"P2mv3", "PremiumMV3", NULL},
		{"P3mv3", "PremiumMV3", NULL}, {"P4mv3", "PremiumMV3", NULL},
		{"P5mv3", "PremiumMV3", NULL}, {"P0v4", "PremiumV4", NULL},
		{"P1v4", "PremiumV4", NULL}, {"P2v4", "PremiumV4", NULL},
		{"P3v4", "PremiumV4", NULL}, {"P1mv4", "PremiumMV4", NULL},
		{"P2mv4", "PremiumMV4", NULL}, {"P3mv4", "PremiumMV4", NULL},
		{"P4mv4", "PremiumMV4", NULL}, {"P5mv4", "PremiumMV4", NULL},
		{"PC2", "PremiumContainer", NULL},
		{"PC3", "PremiumContainer", NULL},
		{"PC4", "PremiumContainer", NULL}, {"I1", "Isolated", NULL},
		{"I2", "Isolated", NULL}, {"I3", "Isolated", NULL},
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
	static const char *const no[] = {"", "P", "S0", "S4", "B4", "P4",
	    "P4V3", "P6MV3", "P1V5", "EP4", "Y2", "FC2", "I7V2", "WS4", "F2",
	    "S1 ", " S1", "S01", "Standard"};
	const char *sku, *tier;
	size_t i = 0;

	for (; (sku = restype_sku_at(i, &tier)) && i < NELEM(want); i++) {
		CHECK(strcmp(sku, want[i][0]) == 0);
		CHECK(strcmp(tier, want[i][1]) == 0);
		const char *k = restype_sku_kind(sku);
		CHECK(want[i][2] ? k && strcmp(k, want[i][2]) == 0 : !k);
		if (strcmp(sku, want[i][0]) || strcmp(tier, want[i][1]))
			printf("  row %zu: %s %s, want %s %s\n", i, sku, tier,
			    want[i][0], want[i][1]);
	}
	CHECK(i == NELEM(want) && !restype_sku_at(i, &tier));
	CHECK(restype_sku_tier("p1v3") && strcmp(restype_sku_tier("p1v3"),
	    "PremiumV3") == 0);
	CHECK(restype_sku_tier("P1mv3") && strcmp(restype_sku_tier("P1mv3"),
	    "PremiumMV3") == 0);
	CHECK(restype_sku_tier("fc1") && strcmp(restype_sku_tier("fc1"),
	    "FlexConsumption") == 0);
	/* Azure's spelling, whatever the case written */
	CHECK(restype_sku_canon("p1V3") && strcmp(restype_sku_canon("p1V3"),
	    "P1v3") == 0);
	CHECK(restype_sku_canon("s1") && strcmp(restype_sku_canon("s1"),
	    "S1") == 0);
	CHECK(!restype_sku_canon("S4"));
	for (i = 0; i < NELEM(no); i++) {
		CHECK(!restype_sku_tier(no[i]));
		if (restype_sku_tier(no[i]))
			printf("  '%s' is taken for a SKU\n", no[i]);
	}
}

static const struct step *
step_of(const struct plan *p, enum step_kind k)
{
	size_t i = find(p, k);

	return i == (size_t)-1 ? NULL : &p->steps[i];
}

/* What existing: says of a plan and an app reaches both renderings of
 * their bodies: the template's and the executor's PUT (body_rest). An
 * Elastic Premium Linux plan in its own region and a Linux function app
 * with both identities, one user-assigned id given by a parameter. */
static void
test_existing_bodies(void)
{
	static const char spec[] =
	"resource_group: rg1\n"
	"location: westeurope\n"
	"parameters:\n"
	"  uid: /subscriptions/s1/resourceGroups/ids/providers/"
	"Microsoft.ManagedIdentity/userAssignedIdentities/fn-id\n"
	"vnets:\n"
	"  v:\n"
	"    location: northeurope\n"
	"    address_space: 10.0.0.0/16\n"
	"    subnets:\n"
	"      integ: { prefix: 10.0.0.0/24, delegation: Microsoft.Web/serverFarms }\n"
	"plans:\n"
	"  p: { sku: EP1, location: northeurope, existing: { os: linux } }\n"
	"apps:\n"
	"  fn:\n"
	"    plan: p\n"
	"    vnet_integration: integ\n"
	"    existing:\n"
	"      kind: FunctionApp, Linux\n"
	"      identity:\n"
	"        type: SystemAssigned, UserAssigned\n"
	"        user_assigned: [\"${uid}\"]\n";
	struct spec *s = load(spec, NULL, 0);
	struct plan *p = plan_build(s);

	CHECK(diag_nerrors() == 0 && p);
	if (!p)
		return;
	const struct step *fs = step_of(p, STEP_FARM), *as = step_of(p,
	    STEP_APP);
	const char *left = NULL;
	struct valctx rest = {.mode = VAL_REST, .spec = s,
	    .subscription = "s1"};
	struct valctx arm = {.mode = VAL_ARM, .spec = s};

	/* The executor: a plan is read, its SKU merged in and PUT back
	 * (its PATCH model has no sku); all else it has stays, whatever
	 * existing: says. */
	json_t *have = json_pack("{s:s,s:s,s:s,s:{s:s},s:{s:s,s:s,s:i},"
	    "s:{s:b,s:i,s:s}}", "id", "/x", "location", "northeurope", "kind",
	    "elastic", "tags", "team", "fn", "sku", "name", "EP2", "tier",
	    "ElasticPremium", "capacity", 3, "properties", "reserved", 1,
	    "maximumElasticWorkerCount", 20, "status", "Ready");
	CHECK(body_step_put(fs) && !body_step_put(as));
	json_t *f = body_patch_onto(&rest, fs, have);
	json_t *want = json_pack("{s:s,s:{s:s},s:{s:s,s:s,s:i},s:s,s:{s:b,"
	    "s:i,s:s}}", "location", "northeurope", "tags", "team", "fn",
	    "sku", "name", "EP1", "tier", "ElasticPremium", "capacity", 3,
	    "kind", "elastic", "properties", "reserved", 1,
	    "maximumElasticWorkerCount", 20, "status", "Ready");
	CHECK(json_equal(f, want));
	json_decref(f);
	json_decref(want);
	json_decref(have);

	/* an app is PATCHed with what the spec sets, nothing else */
	json_t *a = body_patch_onto(&rest, as, NULL);
	json_t *ap = json_object_get(a, "properties");
	CHECK(json_object_size(a) == 1 && json_object_size(ap) == 3);
	CHECK(json_is_true(json_object_get(ap, "vnetRouteAllEnabled")));
	CHECK(strstr(json_string_value(json_object_get(ap,
	    "virtualNetworkSubnetId")), "/subnets/integ") != NULL);
	json_decref(a);

	/* The template: a deployment that restates the site as read with
	 * the same change merged in, its siteConfig left out */
	a = body_resource(&arm, as, &left);
	CHECK(a && !left);
	CHECK(strcmp(json_string_value(json_object_get(a, "name")),
	    "vnetc-app-1-fn") == 0);
	json_t *pp = json_object_get(json_object_get(a, "properties"),
	    "parameters");
	CHECK(json_is_true(json_object_get(json_object_get(json_object_get(
	    json_object_get(pp, "change"), "value"), "properties"),
	    "vnetRouteAllEnabled")));
	json_t *r = json_array_get(json_object_get(json_object_get(
	    json_object_get(a, "properties"), "template"), "resources"), 0);
	CHECK(strstr(json_string_value(json_object_get(r, "properties")),
	    "createArray('siteConfig')") != NULL);
	CHECK(strcmp(json_string_value(json_object_get(r, "identity")),
	    "[if(contains(parameters('current'), 'identity'), "
	    "parameters('current').identity, null())]") == 0);
	json_decref(a);
	spec_free(s);
}

static void
test_emit_deterministic(void)
{
	struct buf a1 = {0}, p1 = {0}, a2 = {0}, p2 = {0};
	struct spec *s = load(base_spec, NULL, 0);
	struct plan *p = plan_build(s);

	emit_arm(p, &a1, &p1);
	emit_arm(p, &a2, &p2);
	CHECK(a1.len && strcmp(buf_str(&a1), buf_str(&a2)) == 0);
	CHECK(a1.s[a1.len - 1] == '\n' && p1.s[p1.len - 1] == '\n');
	/* a literal that looks like an expression is escaped */
	CHECK(strstr(buf_str(&a1), "\"defaultValue\": \"[[v]\"") != NULL);
	/* a delegation's name is a child name: no '/' in it */
	CHECK(strstr(buf_str(&a1), "\"name\": \"Microsoft.Web.serverFarms\"")
	    != NULL);
	CHECK(strstr(buf_str(&a1), "\"name\": \"Microsoft.Web/serverFarms\"")
	    == NULL);
	/* inside an expression it is a quoted literal instead */
	CHECK(strstr(buf_str(&a1), "createObject('X', '[v]')") != NULL);
	buf_free(&a1);
	buf_free(&p1);
	buf_free(&a2);
	buf_free(&p2);
	spec_free(s);
}

/* The region tables (regions.c): every row is a name in az's form
 * (lowercase letters and digits) and in one cloud only; and spec.c keeps
 * an accepted location in that form, whatever the spec or -p wrote (the
 * refused ones: tests/bad/VN104-location*, VN108-*). */
static void
test_regions(void)
{
	size_t n = 0;
	int d;
	enum cloud c = CLOUD_PUBLIC;

	for (int k = CLOUD_PUBLIC; k <= CLOUD_CHINA; k++)
		for (const char *const *t = region_table((enum cloud)k); *t;
		    t++, n++) {
			enum cloud first;
			CHECK(**t && strspn(*t, "abcdefghijklmnopqrstuvwxyz"
			    "0123456789") == strlen(*t));
			CHECK(region_cloud_of(*t, &first) && (int)first == k);
		}
	CHECK(n > 60);
	CHECK(region_known(CLOUD_PUBLIC, "westeurope"));
	CHECK(region_known(CLOUD_PUBLIC, "indiasouthcentral"));
	CHECK(!region_known(CLOUD_PUBLIC, "usgovvirginia"));
	CHECK(region_known(CLOUD_USGOV, "usgovvirginia"));
	CHECK(region_known(CLOUD_CHINA, "chinanorth3"));
	CHECK(region_cloud_of("chinaeast2", &c) && c == CLOUD_CHINA);
	CHECK(!region_cloud_of("West Europe", &c));
	CHECK(!strcmp(region_nearest(CLOUD_PUBLIC, "westeurpe", &d),
	    "westeurope") && d == 1);
	/* one comparison for the checks and the executor's diff */
	CHECK(region_same("West Europe", "westeurope"));
	CHECK(region_same(" westEurope ", "WestEurope"));
	CHECK(!region_same("westeurope", "westeurope2"));
	CHECK(!region_same("westus", "westeurope"));
	CHECK(!region_same("", "westeurope") && region_same(" ", ""));

	struct override ov = {"location", "East US 2"};
	struct spec *s = load("resource_group: r\nlocation: West Europe\n"
	    "parameters: { far: Sweden Central }\n"
	    "vnets:\n  a: {address_space: 10.0.0.0/16}\n"
	    "  b: {address_space: 10.1.0.0/16, location: NORTH EUROPE}\n"
	    "  c: {address_space: 10.2.0.0/16, location: '${far}'}\n"
	    "plans:\n  p: {location: UK South}\n", NULL, 0);
	CHECK(diag_nerrors() == 0 && diag_nwarnings() == 0);
	CHECK(!strcmp(tmpl_eval(s, &s->location), "westeurope"));
	CHECK(!strcmp(tmpl_eval(s, &s->vnets[1].location), "northeurope"));
	CHECK(!strcmp(tmpl_eval(s, &s->vnets[2].location), "swedencentral"));
	CHECK(!strcmp(tmpl_eval(s, &s->farms[0].location), "uksouth"));
	spec_free(s);
	s = load("resource_group: r\nlocation: westeurope\n"
	    "vnets:\n  a: {address_space: 10.0.0.0/16}\n", &ov, 1);
	CHECK(diag_nerrors() == 0);
	CHECK(!strcmp(tmpl_eval(s, &s->location), "eastus2"));
	spec_free(s);
	s = load("resource_group: r\ncloud: china\nlocation: China North 3\n"
	    "vnets:\n  a: {address_space: 10.0.0.0/16}\n", NULL, 0);
	CHECK(diag_nerrors() == 0 && diag_nwarnings() == 0);
	CHECK(!strcmp(tmpl_eval(s, &s->location), "chinanorth3"));
	spec_free(s);
}

/* check_spec on a model that spec.c could only partly fill: no names,
 * prefixes that did not parse, endpoints and apps whose references
 * dangle. It must report nothing about what it cannot see, and not
 * crash; then the same model with one real mistake reports just that. */
static void
test_check_partial(void)
{
	struct spec s = {0};
	struct vnet vn = {0};
	struct subnet sn[2] = {{0}};
	struct prefix bad = {0}, space = {0}, p1 = {0}, p2 = {0};
	struct backend b = {0};
	struct pe pe = {0};
	struct farm f = {0};
	struct app ap = {0};

	bad.text = "10.0.0.0/33"; /* ok false: VN201 was spec.c's */
	vn.key = "v";
	vn.space = &bad;
	vn.nspace = 1;
	vn.subnets = sn;
	vn.nsubnets = 2;
	sn[0] = (struct subnet){.key = "a", .vnet = &vn, .size = 26};
	sn[1] = (struct subnet){.key = "b", .vnet = &vn, .size = -1,
	    .prefixes = &bad, .nprefixes = 1, .delegation = "x"};
	pe.target = &b;          /* subnet NULL: VN302 was spec.c's */
	b.key = "kv";
	b.access = ACCESS_DENY;
	b.pes = &pe;
	b.npes = 1;
	ap.key = "app";
	ap.subnet_ref = "nowhere"; /* integration NULL: VN302 */
	ap.farm = NULL;
	s.vnets = &vn;
	s.nvnets = 1;
	s.backends = &b;
	s.nbackends = 1;
	s.farms = &f;
	s.napps = 1;
	s.apps = &ap;
	diag_reset();
	diag_set_stream(NULL);
	check_spec(&s);
	CHECK(diag_nerrors() == 0);
	CHECK(sn[0].nprefixes == 0);  /* no valid space: nothing chosen */
	/* Now a valid space and two overlapping subnets: one VN207. */
	cidr_parse("10.0.0.0/16", &space.c);
	space.ok = true;
	cidr_parse("10.0.0.0/23", &p1.c);
	p1.ok = true;
	cidr_parse("10.0.1.0/24", &p2.c);
	p2.ok = true;
	vn.space = &space;
	sn[0] = (struct subnet){.key = "a", .vnet = &vn, .size = -1,
	    .prefixes = &p1, .nprefixes = 1};
	sn[1].prefixes = &p2;
	sn[1].delegation = NULL;
	diag_reset();
	check_spec(&s);
	CHECK(diag_nerrors() == 1);
	diag_set_stream(stderr);
	diag_reset();
	arena_free(&s.arena); /* the fix hint's message */
}

/* SHA-1 and version 5 UUIDs (uuid.c), on published vectors: FIPS 180's
 * "abc" and the two-block message (csrc.nist.gov, SHA1.pdf example
 * values), RFC 9562 Appendix A.4's UUIDv5 of www.example.com in the DNS
 * namespace; and ARM's guid() as uuid5 of the '-'-joined arguments in
 * its namespace, against Python's uuid.uuid5 of the same (RFC 4122). */
static void
test_uuid(void)
{
	static const unsigned char dns[16] = {0x6b, 0xa7, 0xb8, 0x10, 0x9d,
	    0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
	static const char *const vec[][2] = {
		{"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		    "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
		{"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
	};
	char u[37];

	for (size_t i = 0; i < NELEM(vec); i++) {
		unsigned char d[20];
		char hex[41];
		sha1(vec[i][0], strlen(vec[i][0]), d);
		for (int j = 0; j < 20; j++)
			snprintf(hex + 2 * j, 3, "%02x", d[j]);
		CHECK(strcmp(hex, vec[i][1]) == 0);
	}
	uuid5(dns, "www.example.com", 15, u);
	CHECK(strcmp(u, "2ed6657d-e927-568b-95e1-2665a8aea6a2") == 0);
	const char *args[] = {"a", "b"};
	arm_guid(args, 2, u);
	CHECK(strcmp(u, "2d796349-8c7e-55ec-9624-54ece82ed031") == 0);
}

int
main(void)
{
	if (!mkdtemp(tmpdir))
		die("mkdtemp:");
	test_check_partial();
	test_regions();
	test_model();
	test_plan();
	test_peerings();
	test_emit_deterministic();
	test_emit_json();
	test_skus();
	test_existing_bodies();
	test_uuid();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail != 0;
}
