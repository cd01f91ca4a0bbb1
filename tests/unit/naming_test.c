/* naming_test.c - boundary tests of Azure's naming rules, one block per
 * row of restypes.c's namerules[]: shortest and longest legal names and
 * one character past each end, illegal first, last and middle
 * characters, case, consecutive hyphens, reserved words, DNS labels,
 * UTF-8, non-ASCII characters by Unicode category and IDNA, and the
 * Unicode tables and Punycode encoder under them (unicode.c). Linked
 * with the compiler's objects (all but main.o). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "model.h"
#include "unicode.h"

static int npass, nfail;

#define CHECK(e) do { \
	if (e) npass++; \
	else { nfail++; printf("%s:%d: CHECK(%s) failed\n", __FILE__, \
	    __LINE__, #e); } \
} while (0)

static const char *const faults[] = {
	"NF_OK", "NF_SHORT", "NF_LONG", "NF_CHAR", "NF_UTF8", "NF_UPPER",
	"NF_FIRST", "NF_LAST", "NF_HYPHENS", "NF_RESERVED", "NF_LABEL",
	"NF_LABELS", "NF_IDNA", "NF_ACE",
};

/* name checked as r gives fault f (NF_OK: legal). */
static void
expect(int line, enum res r, const char *name, enum name_fault f)
{
	struct name_check c;
	bool ok = restype_name_check(r, name, &c);

	if (ok == (f == NF_OK) && c.fault == f) {
		npass++;
		return;
	}
	nfail++;
	printf("%s:%d: %s '%.80s'%s: got %s, want %s\n", __FILE__, line,
	    restype_get(r)->kind, name, strlen(name) > 80 ? "..." : "",
	    faults[c.fault], faults[f]);
}

#define T(r, name, f) expect(__LINE__, r, name, f)

/* Japanese names 26 and 27 characters long whose "xn--" forms are 63 and
 * 64 characters (Python's "punycode" codec: xn--n8jzbvbfc9aai7opmobm5k...
 * and xn--n8jn7bzcnvbaj6y9itbn5lvd7x...). */
#define JA63 "\u65E5\u672C\u8A9E\u306E\u30A6\u30A7\u30D6\u30A2\u30D7" \
	"\u30EA\u30B1\u30FC\u30B7\u30E7\u30F3\u306E\u540D\u524D" \
	"\u306F\u3068\u3066\u3082\u9577\u3044\u3067\u3059"
#define JA64 "\u65E5\u672C\u8A9E\u306E\u30A6\u30A7\u30D6\u30A2\u30D7" \
	"\u30EA\u30B1\u30FC\u30B7\u30E7\u30F3\u306E\u540D\u524D" \
	"\u306F\u304B\u306A\u308A\u9577\u3044\u3067\u3059\u306D"

/* n copies of s, then tail (a static buffer per call site is enough:
 * each result is checked before the next call). */
static const char *
rep(const char *head, const char *s, int n, const char *tail)
{
	static char buf[4][2048];
	static int k;
	char *b = buf[k++ % 4];

	strcpy(b, head);
	for (int i = 0; i < n; i++)
		strcat(b, s);
	strcat(b, tail);
	return b;
}

/* The rows that share the VNet rule: 'alphanumerics, underscores, periods
 * and hyphens; start alphanumeric; end alphanumeric or underscore'. */
static void
test_network_rule(enum res r, int min, int max)
{
	T(r, rep("", "a", min, ""), NF_OK);
	if (min > 1)
		T(r, rep("", "a", min - 1, ""), NF_SHORT);
	T(r, "", NF_SHORT);
	T(r, rep("", "a", max, ""), NF_OK);
	T(r, rep("", "a", max + 1, ""), NF_LONG);
	T(r, "Ab.c_d-9", NF_OK);
	T(r, "ab_", NF_OK);             /* may end with _ */
	T(r, "_ab", NF_FIRST);
	T(r, "-ab", NF_FIRST);
	T(r, ".ab", NF_FIRST);
	T(r, "ab-", NF_LAST);
	T(r, "ab.", NF_LAST);
	T(r, "a b", NF_CHAR);
	T(r, "a#b", NF_CHAR);
	T(r, "a/b", NF_CHAR);
	T(r, "a--b", NF_OK);            /* consecutive hyphens are fine */
	T(r, "caf\xc3\xa9", NF_CHAR);  /* ASCII only */
	T(r, "a\xffz", NF_UTF8);
}

static void
test_rg(void)
{
	T(RES_RG, "r", NF_OK);
	T(RES_RG, "", NF_SHORT);
	T(RES_RG, rep("", "a", 90, ""), NF_OK);
	T(RES_RG, rep("", "a", 91, ""), NF_LONG);
	T(RES_RG, "rg_(test).x-1", NF_OK);
	T(RES_RG, "(rg)", NF_OK);       /* any allowed first character */
	T(RES_RG, "rg.", NF_LAST);      /* can't end with a period */
	T(RES_RG, "rg#1", NF_CHAR);
	T(RES_RG, "rg 1", NF_CHAR);
	T(RES_RG, "rg/1", NF_CHAR);
	/* letters per Char.IsLetterOrDigit: non-ASCII letters count once */
	T(RES_RG, "rg-\xc3\xa9t\xc3\xa9", NF_OK);
	T(RES_RG, rep("", "\xc3\xa9", 90, ""), NF_OK);
	T(RES_RG, rep("", "\xc3\xa9", 91, ""), NF_LONG);
	T(RES_RG, "rg\xc0\xaf", NF_UTF8);      /* overlong */
	T(RES_RG, "rg\xed\xa0\x80", NF_UTF8);  /* surrogate */
	T(RES_RG, "rg\xe2\x82", NF_UTF8);      /* cut short */
	T(RES_RG, "microsoft-rg", NF_OK);      /* no public endpoint */
}

/* Resource groups: non-ASCII letters and digits as .NET's
 * Char.IsLetterOrDigit counts them (Lu Ll Lt Lm Lo Nd), nothing else. */
static void
test_rg_unicode(void)
{
	T(RES_RG, "\u03BF\u03BC\u03AC\u03B4\u03B1-\u03A0\u03CC\u03C1\u03C9\u03BD",
	    NF_OK);                              /* Greek, Ll and Lu */
	T(RES_RG, "\u8D44\u6E90\u7EC4-1", NF_OK);  /* CJK, Lo */
	T(RES_RG, "rg-\u0928\u0917\u0930", NF_OK);  /* Devanagari, Lo */
	T(RES_RG, "rg-\u0661\u0662\u0663", NF_OK);  /* Arabic-Indic, Nd */
	T(RES_RG, "rg-\u01C5", NF_OK);              /* titlecase Lt */
	T(RES_RG, "rg-\u02B0", NF_OK);              /* modifier Lm */
	T(RES_RG, "rg-\U00020000", NF_OK);          /* CJK Ext. B, Lo */
	/* Devanagari vowel signs and viramas are marks (Mn, Mc), which
	 * IsLetterOrDigit does not count */
	T(RES_RG, "rg-\u0928\u092E\u0938\u094D\u0924\u0947", NF_CHAR);
	T(RES_RG, "rg\u202Ex", NF_CHAR);   /* right-to-left override, Cf */
	T(RES_RG, "rg\u200Bx", NF_CHAR);   /* zero width space, Cf */
	T(RES_RG, "rg\uFEFFx", NF_CHAR);   /* byte order mark, Cf */
	T(RES_RG, "rg\u00A0x", NF_CHAR);   /* no-break space, Zs */
	T(RES_RG, "rg\u3000x", NF_CHAR);   /* ideographic space, Zs */
	T(RES_RG, "rg\u2028x", NF_CHAR);   /* line separator, Zl */
	T(RES_RG, "rg\u2029x", NF_CHAR);   /* paragraph separator, Zp */
	T(RES_RG, "rg\xc2\x85x", NF_CHAR); /* next line, Cc */
	T(RES_RG, "rg\U0001F600", NF_CHAR); /* emoji, So */
	T(RES_RG, "rg\u00B2", NF_CHAR);    /* superscript two, No */
	T(RES_RG, "rg\u216B", NF_CHAR);    /* Roman numeral twelve, Nl */
	T(RES_RG, "rg\u00B7", NF_CHAR);    /* middle dot, Po */
	T(RES_RG, "rg\u0301", NF_CHAR);    /* combining acute, Mn */
	T(RES_RG, "rg\uE000", NF_CHAR);    /* private use, Co */
	T(RES_RG, "rg\xcd\xb8", NF_CHAR); /* U+0378, unassigned */
	struct name_check c;
	CHECK(!restype_name_check(RES_RG, "rg-\u202Ex", &c) && c.at == 3 &&
	    c.len == 3);
}

static void
test_pdnsz(void)
{
	T(RES_PDNSZ, "privatelink.vaultcore.azure.net", NF_OK);
	T(RES_PDNSZ, "a.b", NF_OK);
	T(RES_PDNSZ, "", NF_SHORT);
	T(RES_PDNSZ, "a", NF_LABELS);   /* long enough, but 1 label */
	T(RES_PDNSZ, "localhost", NF_LABELS);          /* 1 label */
	T(RES_PDNSZ, rep("a", ".a", 33, ""), NF_OK);    /* 34 labels */
	T(RES_PDNSZ, rep("a", ".a", 34, ""), NF_LABELS);
	T(RES_PDNSZ, rep("", "a", 63, ".com"), NF_OK);  /* 63 per label */
	T(RES_PDNSZ, rep("", "a", 64, ".com"), NF_LABEL);
	T(RES_PDNSZ, "a..com", NF_LABEL);
	T(RES_PDNSZ, ".a.com", NF_LABEL);
	T(RES_PDNSZ, "a.com.", NF_LABEL);              /* no trailing dot */
	T(RES_PDNSZ, "x_y-z.privatelink.example", NF_OK);
	T(RES_PDNSZ, "a b.com", NF_CHAR);
	/* 253 characters in all, labels of 63 */
	const char *l63 = rep("", "a", 63, "");
	char name[300];
	snprintf(name, sizeof(name), "%s.%s.%s.%s", l63, l63, l63,
	    rep("", "b", 61, ""));
	CHECK(strlen(name) == 253);
	T(RES_PDNSZ, name, NF_OK);
	snprintf(name, sizeof(name), "%s.%s.%s.%s", l63, l63, l63,
	    rep("", "b", 62, ""));
	T(RES_PDNSZ, name, NF_LONG);
}

static void
test_kv(void)
{
	T(RES_KV, "kv1", NF_OK);
	T(RES_KV, "kv", NF_SHORT);
	T(RES_KV, rep("k", "v", 23, ""), NF_OK);
	T(RES_KV, rep("k", "v", 24, ""), NF_LONG);
	T(RES_KV, "KV-Contoso-1", NF_OK);
	T(RES_KV, "1kv", NF_FIRST);     /* starts with a letter */
	T(RES_KV, "-kv", NF_FIRST);
	T(RES_KV, "kv-", NF_LAST);
	T(RES_KV, "kv--a", NF_HYPHENS);
	T(RES_KV, "kv_a", NF_CHAR);
	T(RES_KV, "kv.a", NF_CHAR);
	T(RES_KV, "azure", NF_RESERVED);
	T(RES_KV, "Azure", NF_RESERVED);
	T(RES_KV, "azure-kv", NF_OK);   /* whole-word list */
	T(RES_KV, "kv-microsoft-1", NF_RESERVED);
	T(RES_KV, "kvWindows1", NF_RESERVED);
	T(RES_KV, "login-kv", NF_RESERVED);
	T(RES_KV, "kv-login", NF_OK);   /* LOGIN only at the start */
}

static void
test_cog(void)
{
	T(RES_COG, "cs", NF_OK);
	T(RES_COG, "c", NF_SHORT);
	T(RES_COG, rep("", "c", 64, ""), NF_OK);
	T(RES_COG, rep("", "c", 65, ""), NF_LONG);
	T(RES_COG, "My-Lang-01", NF_OK);
	T(RES_COG, "-cs", NF_FIRST);
	T(RES_COG, "cs-", NF_LAST);
	T(RES_COG, "c_s", NF_CHAR);     /* the MS rule, not the schema's */
	T(RES_COG, "c.s", NF_CHAR);
	T(RES_COG, "bing", NF_RESERVED);
}

static void
test_storage(void)
{
	T(RES_STORAGE, "st1", NF_OK);
	T(RES_STORAGE, "st", NF_SHORT);
	T(RES_STORAGE, rep("", "s", 24, ""), NF_OK);
	T(RES_STORAGE, rep("", "s", 25, ""), NF_LONG);
	T(RES_STORAGE, "1st", NF_OK);   /* may start with a digit */
	T(RES_STORAGE, "stContoso", NF_UPPER);
	T(RES_STORAGE, "st-contoso", NF_CHAR);
	T(RES_STORAGE, "st_contoso", NF_CHAR);
	T(RES_STORAGE, "xbox", NF_RESERVED);
	T(RES_STORAGE, "stmicrosoft", NF_RESERVED);
}

/* Cosmos DB accounts 3-44 lowercase, digits, hyphens; Service Bus
 * namespaces 6-50 alphanumerics and hyphens, a letter first, an
 * alphanumeric last; App Configuration stores 5-50 alphanumerics, _ and
 * - (resource-name-rules) */
static void
test_data(void)
{
	T(RES_COSMOS, "cos", NF_OK);
	T(RES_COSMOS, "co", NF_SHORT);
	T(RES_COSMOS, rep("", "c", 44, ""), NF_OK);
	T(RES_COSMOS, rep("", "c", 45, ""), NF_LONG);
	T(RES_COSMOS, "1-cosmos", NF_OK);
	T(RES_COSMOS, "Cosmos-1", NF_UPPER);
	T(RES_COSMOS, "cosmos_1", NF_CHAR);
	T(RES_COSMOS, "-cosmos", NF_FIRST);
	T(RES_COSMOS, "cosmos-", NF_LAST);
	T(RES_SB, "sbns-1", NF_OK);
	T(RES_SB, "sbns1", NF_SHORT);
	T(RES_SB, rep("", "s", 50, ""), NF_OK);
	T(RES_SB, rep("", "s", 51, ""), NF_LONG);
	T(RES_SB, "1sbns-x", NF_FIRST);
	T(RES_SB, "sbns-x-", NF_LAST);
	T(RES_SB, "sbns_x1", NF_CHAR);
	T(RES_SB, "Sbns-X1", NF_OK);
	T(RES_APPCS, "appcs", NF_OK);
	T(RES_APPCS, "appc", NF_SHORT);
	T(RES_APPCS, rep("", "a", 50, ""), NF_OK);
	T(RES_APPCS, rep("", "a", 51, ""), NF_LONG);
	T(RES_APPCS, "_App-cs_", NF_OK);
	T(RES_APPCS, "app.cs", NF_CHAR);
}

static void
test_sql(void)
{
	T(RES_SQL, "s", NF_OK);
	T(RES_SQL, "", NF_SHORT);
	T(RES_SQL, rep("", "s", 63, ""), NF_OK);
	T(RES_SQL, rep("", "s", 64, ""), NF_LONG);
	T(RES_SQL, "sql-1", NF_OK);
	T(RES_SQL, "sql--1", NF_OK);
	T(RES_SQL, "-sql", NF_FIRST);
	T(RES_SQL, "sql-", NF_LAST);
	T(RES_SQL, "Sql", NF_UPPER);
	T(RES_SQL, "sql_1", NF_CHAR);
	T(RES_SQL, "sql.1", NF_CHAR);
	T(RES_SQL, "office", NF_RESERVED);
}

static void
test_asp(void)
{
	T(RES_ASP, "p", NF_OK);
	T(RES_ASP, "", NF_SHORT);
	T(RES_ASP, rep("", "p", 60, ""), NF_OK);
	T(RES_ASP, rep("", "p", 61, ""), NF_LONG);
	T(RES_ASP, "-plan-", NF_OK);    /* no edge rule */
	T(RES_ASP, "Plan-1", NF_OK);
	T(RES_ASP, "plan_1", NF_CHAR);
	T(RES_ASP, "plan.1", NF_CHAR);
	T(RES_ASP, "plan-\xc3\xa9", NF_OK);  /* Punycode-mappable */
	T(RES_ASP, "azure", NF_OK);     /* no public endpoint */
	T(RES_ASP, "plan\U0001F600", NF_CHAR);
	T(RES_ASP, "plan\u202E1", NF_CHAR);
	T(RES_ASP, "-\u65E5\u672C-", NF_OK);  /* IDNA leaves the edges */
	/* "xn--" + Punycode in a DNS label, as for apps */
	T(RES_ASP, JA63, NF_OK);
	T(RES_ASP, JA64, NF_ACE);
}

static void
test_app(void)
{
	T(RES_APP, "ab", NF_OK);
	T(RES_APP, "a", NF_SHORT);
	T(RES_APP, rep("", "a", 60, ""), NF_OK);
	T(RES_APP, rep("", "a", 61, ""), NF_LONG);
	T(RES_APP, rep("", "\xc3\xa9", 61, ""), NF_LONG); /* characters */
	/* 60 characters, but "xn--" and 62 in a host name */
	T(RES_APP, rep("", "\xc3\xa9", 60, ""), NF_ACE);
	T(RES_APP, "My-App-1", NF_OK);
	T(RES_APP, "-app", NF_FIRST);
	T(RES_APP, "app-", NF_LAST);
	T(RES_APP, "app_1", NF_CHAR);
	T(RES_APP, "app.1", NF_CHAR);
	T(RES_APP, "web.config", NF_CHAR);   /* '.' first, then the word */
	T(RES_APP, "xbox", NF_RESERVED);
	T(RES_APP, "my-windows-app", NF_RESERVED);
	T(RES_APP, "loginpage", NF_RESERVED);
	T(RES_APP, "visualstudio", NF_RESERVED);
}

/* Web apps: what IDNA maps to Punycode (RFC 5891, 5892; UTS #46):
 * case-folded letters, digits and marks of any script, in Normalization
 * Form C, not starting with a mark; "xn--" + the Punycode form fits a
 * DNS label (63). */
static void
test_app_idna(void)
{
	struct name_check c;

	T(RES_APP, "\u6771\u4EAC\u306E\u30A6\u30A7\u30D6\u30A2\u30D7\u30EA",
	    NF_OK);                           /* Japanese: xn-- + 20 */
	T(RES_APP, JA63, NF_OK);
	CHECK(restype_name_check(RES_APP, JA63, &c) && c.ace == 63);
	T(RES_APP, JA64, NF_ACE);
	CHECK(!restype_name_check(RES_APP, JA64, &c) && c.ace == 64 &&
	    c.chars == 27);
	/* 60 characters of ASCII: no "xn--" form, no label limit */
	T(RES_APP, rep("", "a", 60, ""), NF_OK);
	/* the Punycode of the case-folded name (Python's codec on 'łódź'
	 * and 'київ'): 13 and 11, where 'ŁÓDŹ' and 'КИЇВ' give 14 and 10 */
	CHECK(restype_name_check(RES_APP, "\u0141\u00D3D\u0179", &c) &&
	    c.ace == 13);
	CHECK(restype_name_check(RES_APP, "\u041A\u0418\u0407\u0412", &c) &&
	    c.ace == 11);
	T(RES_APP, "\u1F08\u03B8\u1FC6\u03BD\u03B1\u03B9", NF_OK);
	T(RES_APP, "\u00C4\u00D6\u00DC-App", NF_OK);
	T(RES_APP, "app-\u0928\u092E\u0938\u094D\u0924\u0947", NF_OK);
	T(RES_APP, "stra\u00DFe", NF_OK);        /* IDNA2008 keeps sharp s */
	T(RES_APP, "\u03C3\u03BF\u03C6\u03CC\u03C2", NF_OK); /* and final sigma */
	T(RES_APP, "app\u06FD", NF_OK);          /* So, but PVALID */
	T(RES_APP, "app\u3007", NF_OK);          /* Nl, but PVALID */
	/* refused by category */
	T(RES_APP, "app\U0001F600", NF_CHAR);    /* emoji */
	T(RES_APP, "app\u202E1", NF_CHAR);       /* right-to-left override */
	T(RES_APP, "app\u2028x", NF_CHAR);       /* line separator */
	T(RES_APP, "app\u00A0x", NF_CHAR);       /* no-break space */
	T(RES_APP, "app\u200Dx", NF_CHAR);       /* zero width joiner */
	T(RES_APP, "app\u00B7x", NF_CHAR);       /* middle dot */
	T(RES_APP, "app\xcd\xb8", NF_CHAR);     /* unassigned */
	/* refused by IDNA although letters or marks */
	T(RES_APP, "\uFB01le", NF_IDNA);         /* ligature: maps to "fi" */
	T(RES_APP, "\uFF21pp", NF_IDNA);         /* fullwidth A: maps to a */
	T(RES_APP, "app\u0130", NF_IDNA);        /* folds to i + U+0307 */
	T(RES_APP, "app\uF900", NF_IDNA);        /* NFC: U+8C48 */
	T(RES_APP, "app\u212B", NF_IDNA);        /* NFC: U+00C5 */
	T(RES_APP, "app\u3164x", NF_IDNA);       /* Hangul filler */
	T(RES_APP, "app\uFE0Fx", NF_IDNA);       /* variation selector */
	T(RES_APP, "app\u1100x", NF_IDNA);       /* conjoining jamo */
	T(RES_APP, "app\u0640x", NF_IDNA);       /* tatweel: exception */
	T(RES_APP, "app\u20D0x", NF_IDNA);       /* marks for symbols */
	T(RES_APP, "\u0301app", NF_IDNA);        /* starts with a mark */
	/* decomposed: NFC composes e + U+0301 (after folding E) */
	T(RES_APP, "caf\u00E9", NF_OK);
	CHECK(!restype_name_check(RES_APP, "cafe\u0301", &c) &&
	    c.fault == NF_IDNA && c.composed == 0xE9 && c.at == 3 &&
	    c.len == 3);
	CHECK(!restype_name_check(RES_APP, "CAFE\u0301", &c) &&
	    c.composed == 0xE9);
	T(RES_APP, "\u0915\u093C", NF_OK);      /* qa stays decomposed */
}

/* The generated tables: sorted, disjoint ranges; a few code points of
 * each kind, at the edges of their ranges. */
static void
test_unicode_tables(void)
{
	for (size_t i = 1; i < uni_classes_n; i++)
		CHECK(uni_classes[i - 1].lo <= uni_classes[i - 1].hi &&
		    uni_classes[i - 1].hi < uni_classes[i].lo);
	for (size_t i = 1; i < uni_idna_table_n; i++)
		CHECK(uni_idna_table[i - 1].hi < uni_idna_table[i].lo);
	for (size_t i = 1; i < uni_folds_n; i++)
		CHECK(uni_folds[i - 1].hi < uni_folds[i].lo);
	for (size_t i = 1; i < uni_names_n; i++)
		CHECK(uni_names[i - 1].cp < uni_names[i].cp);
	CHECK(uni_classes[0].lo == 0);
	CHECK(uni_class('a') == UC_LETTER && uni_class('0') == UC_DIGIT);
	CHECK(uni_class('_') == UC_PUNCT && uni_class(' ') == UC_SPACE);
	CHECK(uni_class(0x7f) == UC_CONTROL && uni_class(0x9f) == UC_CONTROL);
	CHECK(uni_class(0xa0) == UC_SPACE && uni_class(0xaa) == UC_LETTER);
	CHECK(uni_class(0x0377) == UC_LETTER);
	CHECK(uni_class(0x0378) == UC_UNASSIGNED);
	CHECK(uni_class(0x0966) == UC_DIGIT && uni_class(0x096F) == UC_DIGIT);
	CHECK(uni_class(0x202E) == UC_FORMAT && uni_class(0x2028) ==
	    UC_LINE_SEP && uni_class(0x2029) == UC_PARA_SEP);
	CHECK(uni_class(0x1F600) == UC_SYMBOL);
	CHECK(uni_class(0x4E00) == UC_LETTER && uni_class(0x9FFF) ==
	    UC_LETTER);
	CHECK(uni_class(0x20DD) == UC_ENCLOSING_MARK);
	CHECK(uni_class(0xF0000) == UC_PRIVATE);
	CHECK(uni_class(0x10FFFF) == UC_UNASSIGNED);
	CHECK(uni_class(0x110000) == UC_UNASSIGNED);
	CHECK(uni_fold('A') == 'a' && uni_fold('a') == 'a');
	CHECK(uni_fold(0x0100) == 0x0101 && uni_fold(0x0101) == 0x0101);
	CHECK(uni_fold(0x03A3) == 0x03C3 && uni_fold(0x03C2) == 0x03C2);
	CHECK(uni_fold(0x00B5) == 0x03BC);       /* micro sign: mu */
	CHECK(uni_fold(0x212B) == 0x212B);       /* NFC changes it: refused */
	CHECK(uni_fold(0x10400) == 0x10428);     /* Deseret */
	CHECK(uni_compose('e', 0x0301) == 0x00E9);
	CHECK(uni_compose(0x00E2, 0x0301) == 0x1EA5);
	CHECK(uni_compose(0x0915, 0x093C) == 0); /* excluded: U+0958 */
	CHECK(uni_compose('e', 'e') == 0);
	CHECK(strcmp(uni_name(0x202E), "a right-to-left override") == 0);
	CHECK(uni_name('a') == NULL && uni_name(0x1F600) == NULL);
	CHECK(uni_idna(0x00E9) == UI_CLASS && uni_idna(0x00DF) == UI_VALID);

	uint32_t cp;
	CHECK(uni_utf8((const unsigned char *)"\xf0\x9f\x98\x80", &cp) == 4 &&
	    cp == 0x1F600);
	CHECK(uni_utf8((const unsigned char *)"\xe2\x80\xae", &cp) == 3 &&
	    cp == 0x202E);
	CHECK(uni_utf8((const unsigned char *)"\xc0\xaf", &cp) == 0);
	CHECK(uni_utf8((const unsigned char *)"\xe0\x9f\xbf", &cp) == 0);
	CHECK(uni_utf8((const unsigned char *)"\xf4\x90\x80\x80", &cp) == 0);
	CHECK(uni_utf8((const unsigned char *)"\xed\xbf\xbf", &cp) == 0);
}

/* RFC 3492 section 7.1's sample strings (the RFC writes (I) with a
 * capital D, a case annotation vnetc does not make). */
static void
test_punycode(void)
{
	static const struct {
		const char *in, *out;
	} samples[] = {
		/* (A) Arabic (Egyptian) */
		{"\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644"
		    "\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F",
		    "egbpdaj6bu4bxfgehfvwxn"},
		/* (B) Chinese (simplified) */
		{"\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587",
		    "ihqwcrb4cv8a8dqg056pqjye"},
		/* (C) Chinese (traditional) */
		{"\u4ED6\u5011\u7232\u4EC0\u9EBD\u4E0D\u8AAA\u4E2D\u6587",
		    "ihqwctvzc91f659drss3x8bo0yb"},
		/* (D) Czech */
		{"Pro\u010Dprost\u011Bnemluv\u00ED\u010Desky",
		    "Proprostnemluvesky-uyb24dma41a"},
		/* (E) Hebrew */
		{"\u05DC\u05DE\u05D4\u05D4\u05DD\u05E4\u05E9\u05D5\u05D8"
		    "\u05DC\u05D0\u05DE\u05D3\u05D1\u05E8\u05D9\u05DD\u05E2"
		    "\u05D1\u05E8\u05D9\u05EA", "4dbcagdahymbxekheh6e0a7fei0b"},
		/* (F) Hindi (Devanagari) */
		{"\u092F\u0939\u0932\u094B\u0917\u0939\u093F\u0928\u094D"
		    "\u0926\u0940\u0915\u094D\u092F\u094B\u0902\u0928\u0939"
		    "\u0940\u0902\u092C\u094B\u0932\u0938\u0915\u0924\u0947"
		    "\u0939\u0948\u0902",
		    "i1baa7eci9glrd9b2ae1bj0hfcgg6iyaf8o0a1dig0cd"},
		/* (G) Japanese (kanji and hiragana) */
		{"\u306A\u305C\u307F\u3093\u306A\u65E5\u672C\u8A9E\u3092"
		    "\u8A71\u3057\u3066\u304F\u308C\u306A\u3044\u306E\u304B",
		    "n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa"},
		/* (I) Russian (Cyrillic) */
		{"\u043F\u043E\u0447\u0435\u043C\u0443\u0436\u0435\u043E"
		    "\u043D\u0438\u043D\u0435\u0433\u043E\u0432\u043E\u0440"
		    "\u044F\u0442\u043F\u043E\u0440\u0443\u0441\u0441\u043A"
		    "\u0438", "b1abfaaepdrnnbgefbadotcwatmq2g4l"},
		/* (J) Spanish */
		{"Porqu\u00E9nopuedensimplementehablarenEspa\u00F1ol",
		    "PorqunopuedensimplementehablarenEspaol-fmd56a"},
		/* (L) 3<nen>B<gumi><kinpachi><sensei> */
		{"3\u5E74B\u7D44\u91D1\u516B\u5148\u751F",
		    "3B-ww4c5e180e575a65lsy2b"},
		/* (M) <amuro><namie>-with-SUPER-MONKEYS */
		{"\u5B89\u5BA4\u5948\u7F8E\u6075-with-SUPER-MONKEYS",
		    "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"},
		/* (S) -> $1.00 <- */
		{"-> $1.00 <-", "-> $1.00 <--"},
	};
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		uint32_t cp[64];
		size_t n = 0;
		char out[64];
		for (const char *p = samples[i].in; *p; n++)
			p += uni_utf8((const unsigned char *)p, &cp[n]);
		size_t len = punycode_encode(cp, n, out, sizeof(out));
		if (len == strlen(samples[i].out) &&
		    strcmp(out, samples[i].out) == 0) {
			npass++;
			continue;
		}
		nfail++;
		printf("%s:%d: punycode sample %zu: got '%s' (%zu), want "
		    "'%s'\n", __FILE__, __LINE__, i, out, len,
		    samples[i].out);
	}
	/* a short buffer: cut, terminated, the full length returned */
	uint32_t ja[] = {0x65E5, 0x672C};
	char small[4];
	CHECK(punycode_encode(ja, 2, small, sizeof(small)) == 6 &&
	    strcmp(small, "wgv") == 0);
	CHECK(punycode_encode(ja, 0, small, sizeof(small)) == 0 &&
	    small[0] == '\0');
}

/* Every row of namerules[] is covered above, and the table is in step
 * with restypes[] (ORDER RES). */
static void
test_table(void)
{
	for (int r = 0; r < NRES; r++) {
		const struct namerule *nr = restype_namerule((enum res)r);
		/* children of fixed names: config/appsettings (an app's,
		 * a slot's), the
		 * publishing policies ftp and scm (an app's, a slot's); role
		 * assignments, named by the GUID vnetc computes (uuid.c); a
		 * content share's and a Flex package container's literal
		 * names, checked as spec.c reads them; config/web */
		if (r == RES_APPSETTINGS || r == RES_PUBCRED ||
		    r == RES_SLOTPUBCRED || r == RES_ROLE || r == RES_SHARE ||
		    r == RES_SITECONFIG || r == RES_CONTAINER ||
		    r == RES_SLOTSETTINGS) {
			CHECK(nr == NULL);
			continue;
		}
		CHECK(nr != NULL && nr->res == (enum res)r);
		CHECK(nr && nr->minlen >= 1 && nr->maxlen >= nr->minlen);
		CHECK(nr && nr->what && nr->scope && nr->extra);
		/* restypes[] states the lengths again: the two agree */
		CHECK(nr && restype_get((enum res)r)->minlen == nr->minlen &&
		    restype_get((enum res)r)->maxlen == nr->maxlen);
	}
	/* global names: key vaults, storage, SQL servers, web apps */
	CHECK(restype_namerule(RES_KV)->flags & NR_GLOBAL);
	CHECK(restype_namerule(RES_STORAGE)->flags & NR_GLOBAL);
	CHECK(restype_namerule(RES_SQL)->flags & NR_GLOBAL);
	CHECK(restype_namerule(RES_APP)->flags & NR_GLOBAL);
	CHECK(!(restype_namerule(RES_VNET)->flags & NR_GLOBAL));
	struct name_check c;
	CHECK(!restype_name_check(RES_KV, "kv-microsoft-1", &c) &&
	    c.at == 3 && c.len == 9 && strcmp(c.word, "MICROSOFT") == 0);
	CHECK(!restype_name_check(RES_VNET, "ab cd", &c) && c.at == 2 &&
	    c.len == 1);
	CHECK(restype_name_check(RES_APPSETTINGS, "", &c));
}

/* A hook the CPU watchdog stops inside string.find (VN402), twice in one
 * process: the stopped state cannot be closed, and its memory must still
 * go (under make check, LeakSanitizer fails this program otherwise; the
 * Lua hook fuzz target found the leak). */
static void
test_stuck_hook_freed(void)
{
	diag_set_stream(NULL);
	for (int i = 0; i < 2; i++) {
		diag_reset();
		struct spec *s = spec_load(
		    "tests/bad/VN402-hook-pattern-bomb.yaml", NULL, 0);
		CHECK(s && diag_nerrors() == 0);
		if (!s)
			continue;
		check_spec(s);
		naming_apply(s);
		CHECK(diag_nerrors() == 1);
		spec_free(s);
	}
	diag_set_stream(stderr);
}

/* Another user of SIGALRM in the process (libFuzzer's -timeout runs
 * fuzz/lua_fuzz.c; libcurl's name lookups): its signals, here every
 * 200 us of real time during a hook that runs ~5 million instructions
 * once, are neither taken for the watchdog's CPU ticks (the hook would
 * be stopped with VN402 after ten of them) nor lost to it. */
static volatile sig_atomic_t foreign_alarms;

static void
foreign_alarm(int sig)
{
	(void)sig;
	foreign_alarms++;
}

static void
test_foreign_sigalrm(void)
{
	static const char spec[] =
	    "vnetc: 1\n"
	    "resource_group: rg-alarm\n"
	    "location: westeurope\n"
	    "naming: alarm.lua\n"
	    "vnets:\n"
	    "  hub:\n"
	    "    address_space: 10.0.0.0/16\n"
	    "    subnets: {apps: {prefix: 10.0.0.0/24}}\n";
	static const char hook[] =
	    "local busy = true\n"
	    "function name(r)\n"
	    "\tif busy then for i = 1, 5000000 do end end\n"
	    "\tbusy = false\n"
	    "end\n";
	struct sigaction sa = {.sa_handler = foreign_alarm,
	    .sa_flags = SA_RESTART}, old;
	struct itimerval it = {{0, 200}, {0, 200}}, off = {{0, 0}, {0, 0}};

	diag_set_stream(NULL);
	diag_reset();
	struct spec *s = spec_load_mem("alarm.yaml", spec, sizeof(spec) - 1,
	    NULL, 0);
	CHECK(s && diag_nerrors() == 0);
	if (!s)
		return;
	s->naming_text = hook;
	s->naming_len = sizeof(hook) - 1;
	check_spec(s);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);
	setitimer(ITIMER_REAL, &it, NULL);
	naming_apply(s);
	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, &old, NULL);
	CHECK(diag_nerrors() == 0);
	CHECK(foreign_alarms > 0);
	spec_free(s);
	diag_set_stream(stderr);
}

int
main(void)
{
	test_rg();
	test_network_rule(RES_VNET, 2, 64);
	test_network_rule(RES_SUBNET, 1, 80);
	test_network_rule(RES_LINK, 1, 80);
	test_network_rule(RES_PEER, 1, 80);
	test_network_rule(RES_PE, 2, 64);
	test_network_rule(RES_ZG, 1, 80);
	test_network_rule(RES_PLSC, 1, 80);
	test_pdnsz();
	test_kv();
	test_cog();
	test_storage();
	test_data();
	test_sql();
	test_rg_unicode();
	test_asp();
	test_app();
	test_app_idna();
	test_unicode_tables();
	test_punycode();
	test_table();
	test_stuck_hook_freed();
	test_foreign_sigalrm();
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail != 0;
}
