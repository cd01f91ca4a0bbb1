/* backtypes_test.c - unit tests for compiler/backtypes.c: the table's
 * invariants (every private-link type has a row, one source for each
 * apiVersion, each row's version is its REST spec folder's), what
 * backtype_supports() allows, and a dump of every row compared with
 * tests/unit/backtypes.golden, the copy reviewed against the sources
 * (docs/azure-notes.md 14). "backtypes_test --dump" prints the dump.
 * Last line of output: "N passed, N failed"; exit 1 if any failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define CHECK(expr) check((expr) != 0, __LINE__, #expr)

static int npassed, nfailed;
static const char *row; /* the row a failed CHECK is about */

static bool
check(bool ok, int line, const char *expr)
{
	if (ok) {
		npassed++;
	} else {
		nfailed++;
		printf("backtypes_test.c:%d: CHECK failed: %s%s%s\n", line,
		    expr, row ? " for " : "", row ? row : "");
	}
	return ok;
}

static bool
streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int
cmpi(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = *a >= 'A' && *a <= 'Z' ? *a - 'A' + 'a' : *a;
		int y = *b >= 'A' && *b <= 'Z' ? *b - 'A' + 'a' : *b;
		if (x != y || !x)
			return x - y;
	}
}

static bool
is_date(const char *s)
{
	static const char pat[] = "dddd-dd-dd";

	if (!s || strlen(s) != sizeof(pat) - 1)
		return false;
	for (size_t i = 0; pat[i]; i++)
		if (pat[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return false;
	return true;
}

/* One line per row: every column, in order. */
static void
dump(struct buf *b)
{
	for (size_t i = 0; i < backtype_count(); i++) {
		const struct backtype *bt = backtype_at(i);
		buf_printf(b, "%s api=%s%s", bt->type,
		    backtype_api(bt) ? backtype_api(bt) : "-",
		    bt->api || !backtype_api(bt) ? "" : "(restypes)");
		if (bt->prop)
			buf_printf(b, " %s=%s/%s%s", bt->prop, bt->off, bt->on,
			    bt->boolean ? "(bool)" : "");
		if (bt->acl)
			buf_printf(b, " acl=%s", *bt->acl ? bt->acl :
			    "(properties)");
		if (bt->prop || bt->acl)
			buf_printf(b, " write=%s", bt->patch ? "PATCH" :
			    "GET+PUT");
		if (bt->env && *bt->env)
			buf_printf(b, " env=%s", bt->env);
		if (bt->omit)
			buf_printf(b, " omit=%s", bt->omit);
		buf_printf(b, "\n  src=%s\n", bt->src ? bt->src : "-");
		if (bt->why)
			buf_printf(b, "  refused: %s\n", bt->why);
		if (bt->fw) {
			const struct fwtype *ft = bt->fw;
			buf_printf(b, "  firewall: %s=%s%s%s created=%s "
			    "ipRules[].%s%s%s virtualNetworkRules[].%s%s "
			    "endpoint=%s deny=%s%s%s\n", fw_bypass_key(ft),
			    ft->bypass, ft->bypass_list ? "(list)" : "",
			    ft->bypass_bool ? "(boolean)" : "",
			    ft->created ? ft->created : "AzureServices",
			    fw_ip_key(ft), ft->single_bare ? "(bare)" : "(/32)",
			    ft->action ? "+action" : "", ft->subnet_obj ?
			    "subnet.id" : "id", ft->action && !ft->subnet_obj ?
			    "+action" : "", ft->endpoint, ft->gate ? ft->gate :
			    "defaultAction", ft->gate ? "=true" : "=Deny",
			    ft->needs_rule ? "(needs a rule)" : "");
			if (ft->child_type)
				buf_printf(b, "  firewall in: %s/%s %s, never "
				    "restating %s\n", ft->child_type,
				    ft->child_name, ft->child_api,
				    ft->child_omit);
			if (ft->vnet_skus)
				buf_printf(b, "  firewall vnet rules: sku %s\n",
				    ft->vnet_skus);
			if (ft->cgnat)
				buf_puts(b, "  firewall refuses 100.64.0.0/10\n");
		}
		if (bt->fw_why)
			buf_printf(b, "  no firewall: %s\n", bt->fw_why);
	}
}

static void
table(void)
{
	size_t n = backtype_count();

	CHECK(n > 0);
	for (size_t i = 0; i < n; i++) {
		const struct backtype *bt = backtype_at(i);
		const char *api = backtype_api(bt);
		const struct restype *rt = restype_by_type(bt->type);
		row = bt->type;
		CHECK(i == 0 || cmpi(backtype_at(i - 1)->type, bt->type) < 0);
		CHECK(backtype_find(bt->type) == bt);
		/* one source: a type restypes.c also has gets its apiVersion
		 * from exactly one of the two tables */
		if (rt)
			CHECK((rt->api != NULL) != (bt->api != NULL));
		if (api) {
			char tail[64];
			snprintf(tail, sizeof(tail), "/stable/%s", api);
			CHECK(is_date(api)); /* a stable version, never preview */
			CHECK(bt->src && strlen(bt->src) > strlen(tail) &&
			    streq(bt->src + strlen(bt->src) - strlen(tail),
			    tail));
			CHECK(strncmp(bt->src, "specification/", 14) == 0);
		} else {
			/* no apiVersion: nothing may be set on it */
			CHECK(bt->why && !bt->prop && !bt->acl);
		}
		if (bt->prop) {
			CHECK(bt->off && bt->on && !streq(bt->off, bt->on));
			if (bt->boolean)
				CHECK(streq(bt->off, "false") &&
				    streq(bt->on, "true"));
		}
		/* a type that takes nothing says why, for VN309 */
		if (!bt->prop && !bt->acl)
			CHECK(bt->why != NULL);
		if (bt->patch)
			CHECK(bt->prop || bt->acl);
		/* a type whose restatement leaves members out is PATCHed by
		 * the executor and the script (az resource update would
		 * restate them), with no object a PATCH replaces whole */
		if (bt->omit)
			CHECK(bt->patch && !bt->acl && bt->prop &&
			    !strchr(bt->prop, '.') && *bt->omit);
		/* the envelope keys a restated PUT carries */
		for (const char *k = bt->env; k && *k;) {
			size_t l = strcspn(k, " ");
			bool known = false;
			static const char *const keys[] = {"tags", "sku",
			    "kind", "identity", "plan", "managedBy",
			    "extendedLocation"};
			for (size_t j = 0; j < sizeof(keys) / sizeof(*keys); j++)
				known |= strlen(keys[j]) == l &&
				    strncmp(keys[j], k, l) == 0;
			CHECK(known);
			k += l + (k[l] == ' ');
		}
		/* a firewall is set through the type's acl or in a child
		 * resource, never both; one that is members of the
		 * properties has no defaultAction there, so it needs its
		 * gate; a type with a firewall needs no reason why it has
		 * none; a child's is dated, as its parent's */
		if (bt->fw)
			CHECK(!bt->acl != !bt->fw->child_type &&
			    bt->fw->endpoint && bt->fw->bypass && !bt->fw_why);
		if (bt->fw && bt->fw->child_type)
			CHECK(bt->fw->child_name && is_date(bt->fw->child_api)
			    && strncmp(bt->fw->child_type, bt->type,
			    strlen(bt->type)) == 0 &&
			    bt->fw->child_type[strlen(bt->type)] == '/');
		if (bt->acl && !*bt->acl)
			CHECK(bt->fw && bt->fw->gate);
		/* what backtype_supports() says follows the columns */
		CHECK(backtype_supports(bt, ACCESS_KEEP));
		CHECK(backtype_supports(bt, ACCESS_DISABLED) ==
		    (!bt->why && api && bt->prop));
		CHECK(backtype_supports(bt, ACCESS_ENABLED) ==
		    (!bt->why && api && bt->prop));
		CHECK(backtype_supports(bt, ACCESS_DENY) ==
		    (!bt->why && api && (bt->acl || (bt->fw &&
		    bt->fw->child_type))));
	}
	row = NULL;
	CHECK(backtype_find("microsoft.keyvault/VAULTS") ==
	    backtype_find("Microsoft.KeyVault/vaults"));
	CHECK(backtype_find("Microsoft.Nothing/here") == NULL);
	CHECK(backtype_find(NULL) == NULL);
	CHECK(backtype_at(n) == NULL);
	CHECK(!backtype_supports(NULL, ACCESS_DISABLED));
	CHECK(backtype_supports(NULL, ACCESS_KEEP));
	/* every restypes.c row without an apiVersion is a back end whose
	 * row has one */
	for (int r = 0; r < NRES; r++) {
		const struct restype *rt = restype_get((enum res)r);
		row = rt->type;
		if (!rt->api)
			CHECK(backtype_api(backtype_find(rt->type)) != NULL);
	}
	/* a created SQL server's databases: the server's apiVersion */
	row = "Microsoft.Sql/servers/databases";
	CHECK(strcmp(restype_get(RES_SQLDB)->api, backtype_api(backtype_find(
	    "Microsoft.Sql/servers"))) == 0);
	row = NULL;
}

/* Every ARM type of the private-link tables has a row, and no row is of
 * another type: a back end's type is checked against those tables. */
static void
privatelink_types(void)
{
	static const enum cloud clouds[] = {CLOUD_PUBLIC, CLOUD_USGOV,
	    CLOUD_CHINA};

	for (size_t c = 0; c < sizeof(clouds) / sizeof(*clouds); c++)
		for (size_t i = 0; i < privatelink_nrows(clouds[c]); i++) {
			row = privatelink_row(clouds[c], i)->type;
			CHECK(backtype_find(row) != NULL);
		}
	for (size_t i = 0; i < backtype_count(); i++) {
		const char *t = backtype_at(i)->type;
		bool found = false;
		row = t;
		for (size_t c = 0; c < sizeof(clouds) / sizeof(*clouds); c++)
			found |= privatelink_type_known(clouds[c], t);
		CHECK(found);
	}
	row = NULL;
}

/* The dump against the reviewed copy: a row changed on purpose is
 * reviewed again and the copy rewritten (backtypes_test --dump). */
static void
golden(const char *path)
{
	struct buf want = {0}, got = {0};
	FILE *f = fopen(path, "r");
	char chunk[4096];
	size_t len;

	dump(&got);
	if (!CHECK(f != NULL)) {
		printf("  cannot read %s\n", path);
		buf_free(&got);
		return;
	}
	while ((len = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_putn(&want, chunk, len);
	fclose(f);
	if (!CHECK(streq(buf_str(&want), buf_str(&got)))) {
		const char *w = buf_str(&want), *g = buf_str(&got);
		size_t line = 1;
		for (; *w && *w == *g; w++, g++)
			line += *w == '\n';
		printf("  %s differs from the table at line %zu; if the "
		    "change is meant, review it and run: backtypes_test "
		    "--dump >%s\n", path, line, path);
	}
	buf_free(&want);
	buf_free(&got);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--dump") == 0) {
		struct buf b = {0};
		dump(&b);
		fputs(buf_str(&b), stdout);
		buf_free(&b);
		return 0;
	}
	table();
	privatelink_types();
	golden(getenv("BACKTYPES_GOLDEN") ? getenv("BACKTYPES_GOLDEN") :
	    "tests/unit/backtypes.golden");
	printf("%d passed, %d failed\n", npassed, nfailed);
	return nfailed ? 1 : 0;
}
