/* privatelink_test.c - unit tests for compiler/privatelink.c, linked with
 * it alone: the seed pairs, lookups and expansion, then checks over every
 * row of every cloud (unique pairs, at most 5 zones, valid DNS names).
 * Last line of output: "N passed, N failed"; exit 1 if any failed.
 * With --dump, prints every row instead (tests/golden/privatelink.txt). */
#include "privatelink.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
/* An expression, so a table loop can print the row that failed. */
#define CHECK(expr) check((expr) != 0, __FILE__, __LINE__, #expr)

static int npassed, nfailed;

static const enum cloud all_clouds[] = {CLOUD_PUBLIC, CLOUD_USGOV,
	CLOUD_CHINA};

static bool
check(bool ok, const char *file, int line, const char *expr)
{
	if (ok) {
		npassed++;
	} else {
		nfailed++;
		/* stdout, so failures stay in order with the summary line. */
		printf("%s:%d: CHECK failed: %s\n", file, line, expr);
	}
	return ok;
}

static bool
streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* ASCII case-insensitive, written here so the test does not trust the
 * code under test to compare. */
static bool
eqi(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = *a >= 'A' && *a <= 'Z' ? *a - 'A' + 'a' : *a;
		int y = *b >= 'A' && *b <= 'Z' ? *b - 'A' + 'a' : *b;
		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

static size_t
nzones(const struct plrow *r)
{
	size_t n = 0;

	while (n < PL_MAXZONES && r->zones[n])
		n++;
	return n;
}

static bool
has_zone(const struct plrow *r, const char *zone)
{
	for (size_t i = 0; i < nzones(r); i++)
		if (streq(r->zones[i], zone))
			return true;
	return false;
}

static void
say_row(enum cloud c, const struct plrow *r, const char *zone)
{
	printf("  %s: %s %s%s%s\n", privatelink_cloud_name(c), r->type,
	    r->group, zone ? " " : "", zone ? zone : "");
}

static void
test_seeds(void)
{
	const struct plrow *r;

	r = privatelink_find(CLOUD_PUBLIC, "Microsoft.CognitiveServices/"
	    "accounts", "account");
	if (CHECK(r != NULL)) {
		CHECK(streq(r->zones[0],
		    "privatelink.cognitiveservices.azure.com"));
		CHECK(nzones(r) == 3);
		CHECK(has_zone(r, "privatelink.openai.azure.com"));
		CHECK(has_zone(r, "privatelink.services.ai.azure.com"));
	}
	r = privatelink_find(CLOUD_PUBLIC, "Microsoft.KeyVault/vaults",
	    "vault");
	if (CHECK(r != NULL)) {
		CHECK(streq(r->zones[0], "privatelink.vaultcore.azure.net"));
		CHECK(nzones(r) == 1);
	}
	r = privatelink_find(CLOUD_USGOV, "Microsoft.KeyVault/vaults",
	    "vault");
	if (CHECK(r != NULL))
		CHECK(streq(r->zones[0],
		    "privatelink.vaultcore.usgovcloudapi.net"));
	r = privatelink_find(CLOUD_CHINA, "Microsoft.KeyVault/vaults",
	    "vault");
	if (CHECK(r != NULL))
		CHECK(streq(r->zones[0], "privatelink.vaultcore.azure.cn"));
	r = privatelink_find(CLOUD_USGOV, "Microsoft.CognitiveServices/"
	    "accounts", "account");
	if (CHECK(r != NULL))
		CHECK(streq(r->zones[0],
		    "privatelink.cognitiveservices.azure.us"));
	/* The China table has no Cognitive Services row. */
	CHECK(privatelink_find(CLOUD_CHINA, "Microsoft.CognitiveServices/"
	    "accounts", "account") == NULL);
}

static void
test_find(void)
{
	const struct plrow *r, *want;

	want = privatelink_find(CLOUD_PUBLIC, "Microsoft.KeyVault/vaults",
	    "vault");
	r = privatelink_find(CLOUD_PUBLIC, "microsoft.keyvault/VAULTS",
	    "VAULT");
	CHECK(r != NULL && r == want);
	/* Rows keep the doc's spelling whatever the caller wrote. */
	r = privatelink_find(CLOUD_PUBLIC, "MICROSOFT.SQL/SERVERS",
	    "SQLSERVER");
	CHECK(r != NULL && streq(r->group, "sqlServer") &&
	    streq(r->type, "Microsoft.Sql/servers"));
	r = privatelink_find(CLOUD_PUBLIC, "Microsoft.Kusto/clusters",
	    "Cluster");
	CHECK(r != NULL && streq(r->type, "Microsoft.Kusto/Clusters"));

	CHECK(privatelink_find(CLOUD_PUBLIC, "Microsoft.KeyVault/vaults",
	    "blob") == NULL);
	CHECK(privatelink_find(CLOUD_PUBLIC, "Microsoft.Nope/things",
	    "vault") == NULL);
	CHECK(privatelink_find(CLOUD_PUBLIC, "Microsoft.KeyVault/vault",
	    "vault") == NULL);
	CHECK(privatelink_find(CLOUD_PUBLIC, "Microsoft.KeyVault/vaultsx",
	    "vault") == NULL);
	CHECK(privatelink_find(CLOUD_PUBLIC, "", "") == NULL);
	CHECK(privatelink_find(CLOUD_PUBLIC, NULL, "vault") == NULL);
	CHECK(privatelink_find(CLOUD_PUBLIC, "Microsoft.KeyVault/vaults",
	    NULL) == NULL);
	CHECK(privatelink_find((enum cloud)7, "Microsoft.KeyVault/vaults",
	    "vault") == NULL);
	/* Sovereign tables are not derived from the public one. */
	CHECK(privatelink_find(CLOUD_CHINA, "Microsoft.Web/staticSites",
	    "staticSites") == NULL);
	CHECK(privatelink_find(CLOUD_USGOV, "Microsoft.VideoIndexer/accounts",
	    "account") == NULL);

	/* Doc rows with several group ids became one row per id. */
	CHECK(privatelink_find(CLOUD_PUBLIC, "Microsoft.HDInsight/clusters",
	    "gateway") != NULL);
	CHECK(privatelink_find(CLOUD_PUBLIC, "Microsoft.HDInsight/clusters",
	    "headnode") != NULL);
	CHECK(privatelink_find(CLOUD_USGOV,
	    "Microsoft.DesktopVirtualization/hostpools", "connection") != NULL);
	CHECK(privatelink_find(CLOUD_USGOV,
	    "Microsoft.DesktopVirtualization/hostpools", "feed") == NULL);
}

/* privatelink_find and privatelink_groups look rows up through an index
 * by type: for every row of every cloud, with its type in upper and lower
 * case, they give what a scan of the table in order gives. */
static void
case_of(char *dst, const char *src, size_t n, bool up)
{
	size_t i = 0;

	for (; src[i] && i + 1 < n; i++) {
		char ch = src[i];
		if (up && ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		else if (!up && ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		dst[i] = ch;
	}
	dst[i] = 0;
}

/* An App Service slot's endpoint: group id sites-<slot name> on the app,
 * with the app's zone in every cloud; a slot's name is 2-59 letters,
 * digits and hyphens (overview-private-endpoint.md, resource-name-rules). */
static void
test_slots(void)
{
	/* group id on Microsoft.Web/sites -> the app's row or none */
	static const struct {
		const char *group;
		bool ok;
	} cases[] = {
		{"sites-staging", true}, {"SITES-Blue-2", true},
		{"sites-ab", true}, {"sites-", false}, {"sites-a", false},
		{"sites-st@ging", false}, {"sites-st aging", false},
		{"sites_staging", false}, {"sitesstaging", false},
		{"sites-st\xc3\xa4ging", false},
	};
	char name[80];

	for (size_t i = 0; i < NELEM(all_clouds); i++) {
		enum cloud c = all_clouds[i];
		const struct plrow *app = privatelink_find(c,
		    "Microsoft.Web/sites", "sites");
		if (!CHECK(app != NULL))
			continue;
		for (size_t k = 0; k < NELEM(cases); k++)
			if (!CHECK(privatelink_find(c, "microsoft.web/SITES",
			    cases[k].group) == (cases[k].ok ? app : NULL)))
				printf("  %s in cloud %d\n", cases[k].group,
				    (int)c);
		/* only the app: no other type takes <group>-<name> */
		CHECK(privatelink_find(c, "Microsoft.Web/sites/slots",
		    "sites-staging") == NULL);
		CHECK(privatelink_find(c, "Microsoft.KeyVault/vaults",
		    "vault-x1") == NULL);
		/* 59 characters is the longest slot name */
		memcpy(name, "sites-", 6);
		memset(name + 6, 'a', 59);
		name[6 + 59] = 0;
		CHECK(privatelink_find(c, "Microsoft.Web/sites", name) == app);
		name[6 + 59] = 'a';
		name[6 + 60] = 0;
		CHECK(privatelink_find(c, "Microsoft.Web/sites", name) == NULL);
		/* the group ids listed stay the table's: one, so it is
		 * derived when an endpoint gives none */
		CHECK(privatelink_groups(c, "Microsoft.Web/sites", NULL, 0) ==
		    1);
		const char *h = privatelink_hint(c, "Microsoft.Web/sites");
		CHECK(h && strstr(h, "sites-<slot name>"));
		h = privatelink_hint(c, "Microsoft.Web/sites/slots");
		CHECK(h && strstr(h, "Microsoft.Web/sites,"));
	}
	CHECK(privatelink_hint(CLOUD_PUBLIC, "Microsoft.KeyVault/vaults") ==
	    NULL);
	CHECK(privatelink_hint(CLOUD_PUBLIC, NULL) == NULL);
}

/* Which zones a target needs by its kind: Cognitive Services accounts
 * (privatelink.c kind_zones[]); every other row needs all its zones. */
static void
test_need(void)
{
	const struct plrow *r = privatelink_find(CLOUD_PUBLIC,
	    "Microsoft.CognitiveServices/accounts", "account");
	const char *why;
	size_t cog = 9, oai = 9, ai = 9;

	if (!CHECK(r != NULL && nzones(r) == 3))
		return;
	for (size_t i = 0; i < 3; i++) {
		if (streq(r->zones[i], "privatelink.cognitiveservices.azure.com"))
			cog = i;
		if (streq(r->zones[i], "privatelink.openai.azure.com"))
			oai = i;
		if (streq(r->zones[i], "privatelink.services.ai.azure.com"))
			ai = i;
	}
	if (!CHECK(cog < 3 && oai < 3 && ai < 3))
		return;
	CHECK(privatelink_by_kind(r));
	/* kind unknown: all three */
	for (size_t i = 0; i < 3; i++)
		CHECK(privatelink_need(r, i, NULL, NULL) == PL_NEEDED);
	/* OpenAI resolves through openai; the others it gains on upgrade */
	CHECK(privatelink_need(r, oai, "OpenAI", &why) == PL_NEEDED &&
	    why == NULL);
	CHECK(privatelink_need(r, cog, "openai", &why) == PL_USEFUL &&
	    why && strstr(why, "upgrade"));
	CHECK(privatelink_need(r, ai, "OpenAI", NULL) == PL_USEFUL);
	/* AIServices resolves through cognitiveservices */
	CHECK(privatelink_need(r, cog, "AIServices", NULL) == PL_NEEDED);
	CHECK(privatelink_need(r, oai, "AIServices", &why) == PL_USEFUL &&
	    why != NULL);
	CHECK(privatelink_need(r, ai, "AISERVICES", NULL) == PL_USEFUL);
	/* any other kind: cognitiveservices only */
	CHECK(privatelink_need(r, cog, "TextAnalytics", NULL) == PL_NEEDED);
	CHECK(privatelink_need(r, oai, "TextAnalytics", NULL) == PL_UNUSED);
	CHECK(privatelink_need(r, ai, "FormRecognizer", NULL) == PL_UNUSED);
	CHECK(privatelink_need(r, 3, "OpenAI", NULL) == PL_UNUSED);
	CHECK(privatelink_need(NULL, 0, "OpenAI", NULL) == PL_UNUSED);
	/* what each serves, by its label */
	CHECK(strstr(privatelink_serves(r, oai), "openai endpoint") != NULL);
	CHECK(strstr(privatelink_serves(r, ai), "services.ai endpoint") !=
	    NULL);
	CHECK(strstr(privatelink_serves(r, cog), "cognitiveservices "
	    "endpoint") != NULL);
	CHECK(privatelink_serves(r, 3) == NULL);
	/* the same rules in Government, whose row has one zone */
	r = privatelink_find(CLOUD_USGOV, "Microsoft.CognitiveServices/"
	    "accounts", "account");
	if (CHECK(r != NULL)) {
		CHECK(privatelink_need(r, 0, "OpenAI", NULL) == PL_USEFUL);
		CHECK(privatelink_need(r, 0, "AIServices", NULL) == PL_NEEDED);
		CHECK(privatelink_serves(r, 0) != NULL);
	}
	/* rows that do not depend on the kind need every zone, whatever the
	 * target's kind property says */
	r = privatelink_find(CLOUD_PUBLIC, "Microsoft.Kusto/Clusters",
	    "cluster");
	if (CHECK(r != NULL)) {
		CHECK(!privatelink_by_kind(r));
		for (size_t i = 0; i < nzones(r); i++)
			CHECK(privatelink_need(r, i, "OpenAI", NULL) ==
			    PL_NEEDED && privatelink_serves(r, i) == NULL);
	}
}

static void
test_index(void)
{
	int bad = 0;

	for (enum cloud c = CLOUD_PUBLIC; c <= CLOUD_CHINA; c++) {
		size_t nr = privatelink_nrows(c);
		for (size_t i = 0; i < nr; i++) {
			const struct plrow *r = privatelink_row(c, i);
			const struct plrow *first = NULL;
			const char *groups[64], *want[64];
			size_t nwant = 0;
			for (size_t j = 0; j < nr; j++) {
				const struct plrow *q = privatelink_row(c, j);
				if (!eqi(q->type, r->type))
					continue;
				if (!first && eqi(q->group, r->group))
					first = q;
				bool seen = false;
				for (size_t k = 0; k < nwant; k++)
					seen = seen || eqi(want[k], q->group);
				if (!seen && nwant < NELEM(want))
					want[nwant++] = q->group;
			}
			for (int up = 0; up < 2; up++) {
				char type[128];
				case_of(type, r->type, sizeof(type), up);
				size_t ng = privatelink_groups(c, type, groups,
				    NELEM(groups));
				bool same = privatelink_find(c, type, r->group) ==
				    first && ng == nwant;
				for (size_t k = 0; same && k < ng; k++)
					same = groups[k] == want[k];
				if (!same && bad++ < 5)
					printf("  index: %s %s in cloud %d\n",
					    type, r->group, (int)c);
			}
		}
	}
	CHECK(bad == 0);
}

static void
test_notes(void)
{
	const struct plrow *r;

	/* Records the doc says not to deploy as zones are not zones. */
	r = privatelink_find(CLOUD_PUBLIC, "Microsoft.ContainerRegistry/"
	    "registries", "registry");
	if (CHECK(r != NULL)) {
		CHECK(nzones(r) == 1);
		CHECK(streq(r->zones[0], "privatelink.azurecr.io"));
		CHECK(r->note != NULL);
	}
	r = privatelink_find(CLOUD_PUBLIC, "Microsoft.Web/sites", "sites");
	if (CHECK(r != NULL)) {
		CHECK(nzones(r) == 1);
		CHECK(!has_zone(r, "scm.privatelink.azurewebsites.net"));
		CHECK(r->note != NULL);
	}
	r = privatelink_find(CLOUD_USGOV, "Microsoft.Web/sites", "sites");
	if (CHECK(r != NULL))
		CHECK(nzones(r) == 1 && r->note != NULL);
	/* One (type, group), two products: both zones, and a note. */
	r = privatelink_find(CLOUD_PUBLIC, "Microsoft.Cache/RedisEnterprise",
	    "redisEnterprise");
	if (CHECK(r != NULL)) {
		CHECK(has_zone(r,
		    "privatelink.redisenterprise.cache.azure.net"));
		CHECK(has_zone(r, "privatelink.redis.azure.net"));
		CHECK(r->note != NULL);
	}
	/* Six zones in the doc; five fit a zone group. */
	r = privatelink_find(CLOUD_USGOV, "Microsoft.Insights/"
	    "privateLinkScopes", "azuremonitor");
	if (CHECK(r != NULL)) {
		CHECK(nzones(r) == 5);
		CHECK(r->note != NULL && strstr(r->note,
		    "privatelink.blob.core.usgovcloudapi.net") != NULL);
	}
}

static void
test_groups(void)
{
	static const char *const want[] = {"blob", "blob_secondary", "table",
		"table_secondary", "queue", "queue_secondary", "file", "web",
		"web_secondary", "dfs", "dfs_secondary"};
	const char *got[32];
	size_t n, i;

	n = privatelink_groups(CLOUD_PUBLIC, "Microsoft.Storage/"
	    "storageAccounts", got, NELEM(got));
	if (CHECK(n == NELEM(want)))
		for (i = 0; i < n; i++)
			if (!CHECK(streq(got[i], want[i])))
				printf("  [%zu] got %s, want %s\n", i, got[i],
				    want[i]);
	/* Short buffer: the count is still the total. */
	memset(got, 0, sizeof(got));
	n = privatelink_groups(CLOUD_PUBLIC, "microsoft.storage/"
	    "STORAGEACCOUNTS", got, 3);
	CHECK(n == NELEM(want));
	CHECK(streq(got[0], "blob") && streq(got[2], "table") &&
	    got[3] == NULL);
	CHECK(privatelink_groups(CLOUD_PUBLIC, "Microsoft.Storage/"
	    "storageAccounts", NULL, 0) == NELEM(want));
	/* Government and China also list file_secondary. */
	n = privatelink_groups(CLOUD_USGOV, "Microsoft.Storage/"
	    "storageAccounts", got, NELEM(got));
	CHECK(n == 12 && streq(got[7], "file_secondary"));
	n = privatelink_groups(CLOUD_CHINA, "Microsoft.Storage/"
	    "storageAccounts", got, NELEM(got));
	CHECK(n == 12);

	n = privatelink_groups(CLOUD_PUBLIC, "Microsoft.KeyVault/vaults",
	    got, NELEM(got));
	CHECK(n == 1 && streq(got[0], "vault"));
	CHECK(privatelink_groups(CLOUD_PUBLIC, "Microsoft.Nope/things", got,
	    NELEM(got)) == 0);
	CHECK(privatelink_groups(CLOUD_PUBLIC, NULL, got, NELEM(got)) == 0);
	CHECK(privatelink_groups((enum cloud)7, "Microsoft.KeyVault/vaults",
	    got, NELEM(got)) == 0);

	CHECK(privatelink_type_known(CLOUD_PUBLIC, "Microsoft.Web/sites"));
	CHECK(privatelink_type_known(CLOUD_CHINA, "MICROSOFT.WEB/SITES"));
	CHECK(!privatelink_type_known(CLOUD_CHINA,
	    "Microsoft.CognitiveServices/accounts"));
	CHECK(!privatelink_type_known(CLOUD_PUBLIC, "Microsoft.Web"));
	CHECK(!privatelink_type_known(CLOUD_PUBLIC, NULL));
}

static void
test_clouds(void)
{
	static const struct {
		const char *s;
		bool ok;
		enum cloud want;
	} cases[] = {
		{"public", true, CLOUD_PUBLIC},
		{"AzureCloud", true, CLOUD_PUBLIC},
		{"azurecloud", true, CLOUD_PUBLIC},
		{"PUBLIC", true, CLOUD_PUBLIC},
		{"usgov", true, CLOUD_USGOV},
		{"AzureUSGovernment", true, CLOUD_USGOV},
		{"AZUREUSGOVERNMENT", true, CLOUD_USGOV},
		{"china", true, CLOUD_CHINA},
		{"AzureChinaCloud", true, CLOUD_CHINA},
		{"azurechinacloud", true, CLOUD_CHINA},
		{"", false, CLOUD_PUBLIC},
		{"pub", false, CLOUD_PUBLIC},
		{"publicx", false, CLOUD_PUBLIC},
		{"AzureGermanCloud", false, CLOUD_PUBLIC},
		{" public", false, CLOUD_PUBLIC},
	};
	enum cloud c;

	for (size_t i = 0; i < NELEM(cases); i++) {
		c = (enum cloud)99;
		bool ok = privatelink_cloud_parse(cases[i].s, &c);
		if (!CHECK(ok == cases[i].ok) || (ok &&
		    !CHECK(c == cases[i].want)) || (!ok &&
		    !CHECK(c == (enum cloud)99)))
			printf("  input: \"%s\"\n", cases[i].s);
	}
	CHECK(!privatelink_cloud_parse(NULL, &c));
	CHECK(streq(privatelink_cloud_name(CLOUD_PUBLIC), "public"));
	CHECK(streq(privatelink_cloud_name(CLOUD_USGOV), "usgov"));
	CHECK(streq(privatelink_cloud_name(CLOUD_CHINA), "china"));
	CHECK(privatelink_cloud_name((enum cloud)3) == NULL);
	/* Names round-trip through the parser. */
	for (size_t i = 0; i < NELEM(all_clouds); i++)
		CHECK(privatelink_cloud_parse(privatelink_cloud_name(
		    all_clouds[i]), &c) && c == all_clouds[i]);
	CHECK(privatelink_nrows((enum cloud)3) == 0);
	CHECK(privatelink_row((enum cloud)3, 0) == NULL);
	CHECK(privatelink_row(CLOUD_PUBLIC,
	    privatelink_nrows(CLOUD_PUBLIC)) == NULL);
}

static void
test_expand(void)
{
	char buf[256], small[8];
	const char *missing;
	const char *aks = "privatelink.{regionName}.azmk8s.io";
	const char *want = "privatelink.westeurope.azmk8s.io";

	missing = "x";
	CHECK(privatelink_expand(aks, "westeurope", buf, sizeof(buf),
	    &missing));
	CHECK(streq(buf, want) && missing == NULL);
	CHECK(privatelink_expand("privatelink.vaultcore.azure.net", NULL, buf,
	    sizeof(buf), &missing));
	CHECK(streq(buf, "privatelink.vaultcore.azure.net"));
	CHECK(privatelink_expand("{regionName}.privatelink.azurecr.us",
	    "usgovvirginia", buf, sizeof(buf), &missing));
	CHECK(streq(buf, "usgovvirginia.privatelink.azurecr.us"));

	/* Placeholders vnetc cannot derive name themselves. */
	CHECK(!privatelink_expand("privatelink.{dnsPrefix}.database.windows."
	    "net", "westeurope", buf, sizeof(buf), &missing));
	CHECK(streq(missing, "dnsPrefix") && streq(buf, ""));
	CHECK(!privatelink_expand("{subzone}.privatelink.{regionName}.azmk8s."
	    "io", "westeurope", buf, sizeof(buf), &missing));
	CHECK(streq(missing, "subzone"));
	CHECK(!privatelink_expand("privatelink.{regionCode}.backup."
	    "windowsazure.com", "westeurope", buf, sizeof(buf), &missing));
	CHECK(streq(missing, "regionCode"));
	CHECK(!privatelink_expand("privatelink.{partitionId}.azurestaticapps."
	    "net", "westeurope", buf, sizeof(buf), &missing));
	CHECK(streq(missing, "partitionId"));
	CHECK(!privatelink_expand("privatelink.{region}.prometheus.monitor."
	    "azure.com", "westeurope", buf, sizeof(buf), &missing));
	CHECK(streq(missing, "region"));
	CHECK(!privatelink_expand(aks, NULL, buf, sizeof(buf), &missing));
	CHECK(streq(missing, "regionName"));
	CHECK(!privatelink_expand(aks, "", buf, sizeof(buf), &missing));
	CHECK(streq(missing, "regionName"));
	/* The placeholder is named even when buf is also too small. */
	CHECK(!privatelink_expand("privatelink.{dnsPrefix}.x", "w", small,
	    sizeof(small), &missing) && streq(missing, "dnsPrefix"));

	/* Too small: false, missing NULL, buf "". */
	missing = "x";
	CHECK(!privatelink_expand(aks, "westeurope", buf, strlen(want),
	    &missing));
	CHECK(missing == NULL && buf[0] == '\0');
	CHECK(privatelink_expand(aks, "westeurope", buf, strlen(want) + 1,
	    &missing));
	CHECK(streq(buf, want));
	CHECK(!privatelink_expand("abcdefgh", NULL, small, sizeof(small),
	    &missing) && missing == NULL && small[0] == '\0');
	CHECK(privatelink_expand("abcdefg", NULL, small, sizeof(small),
	    &missing) && streq(small, "abcdefg"));
	CHECK(!privatelink_expand("a", NULL, small, 0, &missing));
	CHECK(privatelink_expand("", NULL, small, 1, &missing) &&
	    small[0] == '\0');

	/* Malformed or unknown placeholders: false, missing NULL. */
	CHECK(!privatelink_expand("privatelink.{regionName.x", "w", buf,
	    sizeof(buf), &missing) && missing == NULL);
	CHECK(!privatelink_expand("privatelink.regionName}.x", "w", buf,
	    sizeof(buf), &missing) && missing == NULL);
	CHECK(!privatelink_expand("privatelink.{cachename}.x", "w", buf,
	    sizeof(buf), &missing) && missing == NULL);
	CHECK(!privatelink_expand("privatelink.{}.x", "w", buf, sizeof(buf),
	    &missing) && missing == NULL);
	CHECK(!privatelink_expand(NULL, "w", buf, sizeof(buf), &missing) &&
	    missing == NULL);
	/* missing may be NULL. */
	CHECK(privatelink_expand(aks, "westeurope", buf, sizeof(buf), NULL));
	CHECK(!privatelink_expand("{subzone}.x", "w", buf, sizeof(buf), NULL));
}

/* Labels of 1-63 characters from [a-z0-9-_], dot-separated, 253 at most
 * (RFC 1035 sizes; '_' as Azure private zone names allow it). */
static bool
valid_dns(const char *s)
{
	size_t label = 0, total = strlen(s);

	if (total == 0 || total > 253)
		return false;
	for (; *s; s++) {
		if (*s == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if ((*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_') {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return label > 0;
}

/* A value a real deployment could give each placeholder: the longest
 * region name, a 12-character MI DNS prefix, a 63-character subzone. */
static const char *
sample(const char *name)
{
	static const struct {
		const char *name, *value;
	} samples[] = {
		{"regionName", "southafricanorth"},
		{"region", "southafricanorth"},
		{"regionCode", "eus"},
		{"dnsPrefix", "0123456789ab"},
		{"partitionId", "1"},
		{"subzone", "s123456789012345678901234567890123456789012345678"
		    "9012345678901"},
	};

	for (size_t i = 0; i < NELEM(samples); i++)
		if (streq(samples[i].name, name))
			return samples[i].value;
	return NULL;
}

/* Fills every placeholder of zone from sample(); false if one has none. */
static bool
fill(const char *zone, char *buf, size_t bufsz)
{
	size_t n = 0;

	for (const char *p = zone; *p; p++) {
		char name[32];
		const char *v = NULL;
		const char *end = *p == '{' ? strchr(p, '}') : NULL;
		if (end) {
			size_t len = (size_t)(end - p - 1);
			if (len >= sizeof(name))
				return false;
			memcpy(name, p + 1, len);
			name[len] = '\0';
			if (!(v = sample(name)))
				return false;
			p = end;
		}
		size_t len = v ? strlen(v) : 1;
		if (n + len >= bufsz)
			return false;
		memcpy(buf + n, v ? v : p, len);
		n += len;
	}
	buf[n] = '\0';
	return true;
}

/* Lowercase wherever the doc is: everything outside the placeholders. */
static bool
lower_outside_placeholders(const char *s)
{
	bool in = false;

	for (; *s; s++) {
		if (*s == '{')
			in = true;
		else if (*s == '}')
			in = false;
		else if (!in && *s >= 'A' && *s <= 'Z')
			return false;
	}
	return true;
}

static void
test_rows(enum cloud c)
{
	size_t n = privatelink_nrows(c);

	CHECK(n > 0);
	for (size_t i = 0; i < n; i++) {
		const struct plrow *r = privatelink_row(c, i);
		if (!CHECK(r != NULL))
			continue;
		bool ok = CHECK(r->type && strncmp(r->type, "Microsoft.", 10)
		    == 0 && strchr(r->type, '/') && !strchr(r->type, ' '));
		ok &= CHECK(r->group && *r->group && !strchr(r->group, ' '));
		ok &= CHECK(r->note == NULL || *r->note);
		if (!ok) {
			say_row(c, r, NULL);
			continue;
		}
		/* Unique (type, group) as ARM compares them, so find()
		 * gives this very row. */
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++) {
			const struct plrow *o = privatelink_row(c, j);
			dup = eqi(o->type, r->type) && eqi(o->group, r->group);
		}
		if (!CHECK(!dup) ||
		    !CHECK(privatelink_find(c, r->type, r->group) == r))
			say_row(c, r, NULL);

		size_t nz = nzones(r);
		/* At least one zone; a zone group holds 5, so the last
		 * slot is always the terminating NULL. */
		if (!CHECK(nz >= 1 && nz <= 5 &&
		    r->zones[PL_MAXZONES - 1] == NULL))
			say_row(c, r, NULL);
		for (size_t k = 0; k < nz; k++) {
			const char *z = r->zones[k];
			char buf[512];
			const char *missing = NULL;
			if (!CHECK(*z != '\0'))
				say_row(c, r, z);
			if (!CHECK(lower_outside_placeholders(z)))
				say_row(c, r, z);
			for (size_t m = 0; m < k; m++)
				if (!CHECK(!streq(r->zones[m], z)))
					say_row(c, r, z);
			/* Expansion either works or names a placeholder
			 * vnetc knows it cannot derive. */
			if (privatelink_expand(z, "westeurope", buf,
			    sizeof(buf), &missing)) {
				if (!CHECK(valid_dns(buf)))
					say_row(c, r, buf);
			} else if (!CHECK(missing != NULL &&
			    sample(missing) != NULL)) {
				say_row(c, r, z);
			}
			/* With realistic values for every placeholder the
			 * result is a valid DNS name. */
			if (!CHECK(fill(z, buf, sizeof(buf)) &&
			    valid_dns(buf)))
				say_row(c, r, z);
		}
	}
}

/* --dump: every row of every cloud's table, one per line, every field,
 * tab-separated: cloud, ARM type, group id, "all" when the spec needs
 * every zone or "one" when they are alternatives (privatelink_choose),
 * the zones (space-separated), the note ("-": none). tests/run compares
 * it with tests/golden/privatelink.txt, so that a changed row shows as a
 * diff; docs/privatelink.md says how the rows were checked. */
static int
dump(void)
{
	printf("# compiler/privatelink.c, every row: cloud, type, group id, "
	    "all|one, zones, note\n");
	for (size_t i = 0; i < NELEM(all_clouds); i++) {
		enum cloud c = all_clouds[i];
		size_t n = privatelink_nrows(c);
		printf("# cloud %s (%s): %zu rows\n", privatelink_cloud_name(c),
		    privatelink_cloud_azname(c), n);
		for (size_t k = 0; k < n; k++) {
			const struct plrow *r = privatelink_row(c, k);
			printf("%s\t%s\t%s\t%s\t", privatelink_cloud_name(c),
			    r->type, r->group, privatelink_choose(r) ? "one" :
			    "all");
			for (size_t z = 0; z < nzones(r); z++)
				printf("%s%s", z ? " " : "", r->zones[z]);
			printf("\t%s\n", r->note ? r->note : "-");
		}
	}
	return fflush(stdout) || ferror(stdout);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--dump") == 0)
		return dump();
	test_seeds();
	test_find();
	test_slots();
	test_need();
	test_index();
	test_notes();
	test_groups();
	test_clouds();
	test_expand();
	for (size_t i = 0; i < NELEM(all_clouds); i++)
		test_rows(all_clouds[i]);
	CHECK(!valid_dns("a..b") && !valid_dns(".a") && !valid_dns("a.") &&
	    !valid_dns("A.b") && !valid_dns("a{b}.c") && valid_dns("a-b_c.d"));
	printf("%d passed, %d failed\n", npassed, nfailed);
	return nfailed ? 1 : 0;
}
