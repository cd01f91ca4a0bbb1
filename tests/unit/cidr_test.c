/* cidr_test.c - unit tests for compiler/cidr.c, linked with it alone.
 * Table-driven parse/format cases, then maths, allocation, the overlap
 * sweep (checked against a brute-force pass) and a 100000-block scale case.
 * Last line of output: "N passed, N failed"; exit 1 if any failed. */
#include "cidr.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
/* An expression, so a table loop can print the row that failed. */
#define CHECK(expr) check((expr) != 0, __FILE__, __LINE__, #expr)

static int npassed, nfailed;

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

/* Parses a prefix the test knows is valid; a failure is counted. */
static struct cidr
P(const char *s)
{
	struct cidr c;

	if (!CHECK(cidr_parse(s, &c) == CIDR_OK))
		printf("  input: \"%s\"\n", s);
	return c;
}

static bool
fmt_is(const struct cidr *c, const char *want)
{
	char buf[CIDR_STRLEN];

	cidr_format(c, buf);
	if (strcmp(buf, want) != 0) {
		printf("  got \"%s\", want \"%s\"\n", buf, want);
		return false;
	}
	return true;
}

static bool
addr_is(int family, const uint8_t a[16], const char *want)
{
	char buf[CIDR_STRLEN];

	cidr_format_addr(family, a, buf);
	if (strcmp(buf, want) != 0) {
		printf("  got \"%s\", want \"%s\"\n", buf, want);
		return false;
	}
	return true;
}

static const struct {
	const char *in;
	enum cidr_err want;
} bad[] = {
	{"", CIDR_EMPTY},
	{"10.0.0.256/24", CIDR_BAD_OCTET},
	{"10.0.0.1000/32", CIDR_BAD_OCTET},
	{"10.0.0.99999999999999999999/32", CIDR_BAD_OCTET},
	{"10.0.0.01/24", CIDR_LEADING_ZERO},
	{"00.0.0.0/8", CIDR_LEADING_ZERO},
	{"10.0.0.0", CIDR_NO_LEN},
	{"::1", CIDR_NO_LEN},
	{"10.0.0.0/33", CIDR_BAD_LEN},
	{"10.0.0.0/024", CIDR_BAD_LEN},
	{"10.0.0.0/", CIDR_BAD_LEN},
	{"10.0.0.0/+8", CIDR_BAD_LEN},
	{"10.0.0.0/-0", CIDR_BAD_LEN},
	{"10.0.0.0/8 ", CIDR_BAD_LEN},
	{"10.0.0.0/ 8", CIDR_BAD_LEN},
	{"10.0.0.0/8/8", CIDR_BAD_LEN},
	{"10.0.0.0/99999999999999999999", CIDR_BAD_LEN},
	{"::/129", CIDR_BAD_LEN},
	{"::/00", CIDR_BAD_LEN},
	{"10.0.0/24", CIDR_BAD_ADDR},
	{"1.2.3.4.5/32", CIDR_BAD_ADDR},
	{" 10.0.0.0/8", CIDR_BAD_ADDR},
	{"10.0.0.0 /8", CIDR_BAD_ADDR},
	{"/8", CIDR_BAD_ADDR},
	{"10..0.0/8", CIDR_BAD_ADDR},
	{"10.0.0.0./8", CIDR_BAD_ADDR},
	{".10.0.0.0/8", CIDR_BAD_ADDR},
	{"a.b.c.d/8", CIDR_BAD_ADDR},
	{"0x0a.0.0.0/8", CIDR_BAD_ADDR},
	{"::1::/64", CIDR_BAD_ADDR},
	{"1:2:3:4:5:6:7:8:9/64", CIDR_BAD_ADDR},
	{"12345::/64", CIDR_BAD_ADDR},
	{"1:2:3:4:5:6:7/64", CIDR_BAD_ADDR},
	{"1::2:3:4:5:6:7:8/128", CIDR_BAD_ADDR},
	{":1::/64", CIDR_BAD_ADDR},
	{"1::2:/64", CIDR_BAD_ADDR},
	{":::/0", CIDR_BAD_ADDR},
	{"1:::2/64", CIDR_BAD_ADDR},
	{":/0", CIDR_BAD_ADDR},
	{"g::/16", CIDR_BAD_ADDR},
	{"fe80::1%eth0/64", CIDR_BAD_ADDR},
	{"[::1]/128", CIDR_BAD_ADDR},
	{" ::/0", CIDR_BAD_ADDR},
	{"1.2.3.4::/96", CIDR_BAD_ADDR},
	{"::1.2.3.4:5/128", CIDR_BAD_ADDR},
	{"::1.2.3/128", CIDR_BAD_ADDR},
	{"1:2:3:4:5:6:7:1.2.3.4/128", CIDR_BAD_ADDR},
	{"1:2:3:4:5:6:7::1.2.3.4/128", CIDR_BAD_ADDR},
	{"::ffff:10.0.0.256/128", CIDR_BAD_OCTET},
	{"::ffff:10.0.0.01/128", CIDR_LEADING_ZERO},
};

static void
test_parse_errors(void)
{
	struct cidr c;
	size_t i;

	CHECK(cidr_parse(NULL, &c) == CIDR_EMPTY);
	for (i = 0; i < NELEM(bad); i++) {
		enum cidr_err e = cidr_parse(bad[i].in, &c);

		if (!CHECK(e == bad[i].want))
			printf("  input \"%s\": got %d (%s), want %d\n",
			    bad[i].in, (int)e, cidr_strerror(e),
			    (int)bad[i].want);
		if (!CHECK(c.family == 0 && c.len == 0))
			printf("  input \"%s\": *out not zeroed\n", bad[i].in);
	}

	/* Host bits: the error comes with the corrected network. */
	CHECK(cidr_parse("10.0.0.5/24", &c) == CIDR_HOST_BITS);
	CHECK(fmt_is(&c, "10.0.0.0/24"));
	CHECK(cidr_parse("10.1.2.3/0", &c) == CIDR_HOST_BITS);
	CHECK(fmt_is(&c, "0.0.0.0/0"));
	CHECK(cidr_parse("172.31.255.255/12", &c) == CIDR_HOST_BITS);
	CHECK(fmt_is(&c, "172.16.0.0/12"));
	CHECK(cidr_parse("2001:db8::1/64", &c) == CIDR_HOST_BITS);
	CHECK(fmt_is(&c, "2001:db8::/64"));
	CHECK(cidr_parse("2001:db8:ffff::/33", &c) == CIDR_HOST_BITS);
	CHECK(fmt_is(&c, "2001:db8:8000::/33"));
}

static void
test_strerror(void)
{
	enum cidr_err e, f;

	for (e = CIDR_OK; e <= CIDR_HOST_BITS; e++) {
		CHECK(cidr_strerror(e) != NULL && cidr_strerror(e)[0] != '\0');
		for (f = CIDR_OK; f < e; f++)
			CHECK(strcmp(cidr_strerror(e), cidr_strerror(f)) != 0);
	}
	CHECK(strcmp(cidr_strerror(CIDR_BAD_OCTET),
	    "octet out of range 0-255") == 0);
	CHECK(cidr_strerror((enum cidr_err)99) != NULL);
}

/* Valid input -> canonical text; want NULL means "same as input". */
static const struct {
	const char *in, *want;
} good[] = {
	{"0.0.0.0/0", NULL},
	{"10.0.0.0/8", NULL},
	{"10.0.0.0/32", NULL},
	{"255.255.255.255/32", NULL},
	{"192.168.100.0/22", NULL},
	{"100.64.0.0/10", NULL},
	{"::/0", NULL},
	{"::/128", NULL},
	{"::1/128", NULL},
	{"2001:db8::/32", NULL},
	{"fe80::1/128", NULL},
	{"1::/16", NULL},
	{"2001:DB8:0:0::/64", "2001:db8::/64"},
	{"2001:0db8:0000:0000:0000:0000:0000:0001/128", "2001:db8::1/128"},
	{"FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF/128",
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"},
	{"1:2:3:4:5:6:7:8/128", NULL},
	{"2001:db8:0:1:1:1:1:1/128", NULL},		/* one zero: kept */
	{"1:2:3:4:5:6:7::/128", "1:2:3:4:5:6:7:0/128"},
	{"::2:3:4:5:6:7:8/128", "0:2:3:4:5:6:7:8/128"},
	{"2001:db8:0:0:1:0:0:1/128", "2001:db8::1:0:0:1/128"},	/* tie */
	{"2001:0:0:1:0:0:0:1/128", "2001:0:0:1::1/128"},	/* longest */
	{"1:0:0:2:0:0:0:0/64", "1:0:0:2::/64"},
	{"0:0:0:1:0:0:0:0/64", "0:0:0:1::/64"},
	{"0:0:0:0:1:0:0:0/80", "::1:0:0:0/80"},
	{"2001:db8::1:2/128", NULL},
	{"1:2::3:4/128", NULL},
	{"::ffff:10.0.0.0/104", NULL},
	{"::ffff:10.0.0.1/128", NULL},
	{"::FFFF:a00:1/128", "::ffff:10.0.0.1/128"},
	{"::ffff:0:0/96", "::ffff:0.0.0.0/96"},
	{"::10.0.0.1/128", "::a00:1/128"},	/* not mapped: hex */
	{"1:2:3:4:5:6:1.2.3.4/128", "1:2:3:4:5:6:102:304/128"},
	{"1::255.255.255.255/128", "1::ffff:ffff/128"},
	{"64:ff9b::192.0.2.33/128", "64:ff9b::c000:221/128"},
	{"fd00::/8", NULL},
	{"fc00::/7", NULL},
};

static void
test_parse_format(void)
{
	struct cidr c, d;
	size_t i;

	for (i = 0; i < NELEM(good); i++) {
		const char *want = good[i].want ? good[i].want : good[i].in;
		char buf[CIDR_STRLEN];

		if (!CHECK(cidr_parse(good[i].in, &c) == CIDR_OK)) {
			printf("  input \"%s\"\n", good[i].in);
			continue;
		}
		if (!CHECK(fmt_is(&c, want)))
			printf("  input \"%s\"\n", good[i].in);
		/* The canonical text parses back to the same prefix. */
		cidr_format(&c, buf);
		CHECK(cidr_parse(buf, &d) == CIDR_OK && cidr_cmp(&c, &d) == 0);
	}

	c = P("2001:DB8:0:0::/64");
	CHECK(c.family == 6 && c.len == 64);
	CHECK(c.addr[0] == 0x20 && c.addr[1] == 0x01 && c.addr[2] == 0x0d &&
	    c.addr[3] == 0xb8);
	c = P("10.1.2.0/24");
	CHECK(c.family == 4 && c.len == 24);
	CHECK(c.addr[0] == 10 && c.addr[1] == 1 && c.addr[2] == 2 &&
	    c.addr[3] == 0);
	/* Unused bytes of an IPv4 prefix are zero, so memcmp works. */
	for (i = 4; i < 16; i++)
		CHECK(c.addr[i] == 0);
	c = P("::ffff:10.0.0.0/104");
	CHECK(c.addr[10] == 0xff && c.addr[11] == 0xff && c.addr[12] == 10);
}

static void
test_parse_addr(void)
{
	uint8_t a[16];
	int fam = 0;

	CHECK(cidr_parse_addr("10.0.0.1", &fam, a) && fam == 4);
	CHECK(addr_is(fam, a, "10.0.0.1"));
	CHECK(cidr_parse_addr("2001:DB8::0001", &fam, a) && fam == 6);
	CHECK(addr_is(fam, a, "2001:db8::1"));
	CHECK(cidr_parse_addr("::ffff:192.168.0.1", &fam, a) && fam == 6);
	CHECK(addr_is(fam, a, "::ffff:192.168.0.1"));
	CHECK(cidr_parse_addr("::", &fam, a) && fam == 6);
	CHECK(addr_is(fam, a, "::"));
	CHECK(!cidr_parse_addr("10.0.0.1/32", &fam, a));
	CHECK(!cidr_parse_addr("010.0.0.1", &fam, a));
	CHECK(!cidr_parse_addr("10.0.0.256", &fam, a));
	CHECK(!cidr_parse_addr("", &fam, a));
	CHECK(!cidr_parse_addr(NULL, &fam, a));
	CHECK(!cidr_parse_addr("fe80::1%1", &fam, a));
	CHECK(!cidr_parse_addr("10.0.0.1 ", &fam, a));
}

static void
test_contains_overlaps(void)
{
	struct cidr v8 = P("10.0.0.0/8"), v16 = P("10.1.0.0/16");
	struct cidr v16b = P("10.1.0.0/16"), v24 = P("10.1.2.0/24");
	struct cidr adj = P("10.2.0.0/16"), other = P("192.168.0.0/16");
	struct cidr all4 = P("0.0.0.0/0"), all6 = P("::/0");
	struct cidr m6 = P("::ffff:10.0.0.0/104"), h = P("10.1.2.3/32");

	CHECK(cidr_contains(&v8, &v16));
	CHECK(cidr_contains(&v8, &v24));
	CHECK(cidr_contains(&v16, &v24));
	CHECK(!cidr_contains(&v24, &v16));
	CHECK(cidr_contains(&v16, &v16b));		/* equal */
	CHECK(cidr_contains(&v16b, &v16));
	CHECK(!cidr_contains(&v16, &adj));		/* adjacent */
	CHECK(!cidr_contains(&v8, &other));
	CHECK(cidr_contains(&all4, &other));
	CHECK(cidr_contains(&v24, &h));
	CHECK(!cidr_contains(&all6, &v8));		/* cross family */
	CHECK(!cidr_contains(&all4, &m6));
	CHECK(cidr_contains(&all6, &m6));

	CHECK(cidr_overlaps(&v8, &v24) && cidr_overlaps(&v24, &v8));
	CHECK(cidr_overlaps(&v16, &v16b));
	CHECK(!cidr_overlaps(&v16, &adj) && !cidr_overlaps(&adj, &v16));
	CHECK(!cidr_overlaps(&v8, &other));
	CHECK(!cidr_overlaps(&all4, &all6));
	CHECK(!cidr_overlaps(&m6, &v8));
	CHECK(cidr_overlaps(&h, &h));
}

static void
test_cmp(void)
{
	const char *order[] = {
		"0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/16", "10.0.1.0/24",
		"10.1.0.0/16", "192.168.0.0/16", "255.255.255.255/32",
		"::/0", "::/1", "::1/128", "2001:db8::/32", "2001:db8::/48",
		"fe80::/10",
	};
	struct cidr a, b;
	size_t i, j;

	for (i = 0; i < NELEM(order); i++) {
		for (j = 0; j < NELEM(order); j++) {
			int want = i < j ? -1 : i > j;

			a = P(order[i]);
			b = P(order[j]);
			if (!CHECK(cidr_cmp(&a, &b) == want))
				printf("  %s vs %s\n", order[i], order[j]);
		}
	}
}

static void
test_sizes(void)
{
	struct cidr c;
	uint8_t a[16];
	size_t i;

	c = P("10.0.0.0/29");
	CHECK(cidr_hostbits(&c) == 3);
	CHECK(cidr_size(&c) == 8 && cidr_azure_usable(&c) == 3);
	c = P("10.0.0.0/28");
	CHECK(cidr_size(&c) == 16 && cidr_azure_usable(&c) == 11);
	c = P("10.0.0.0/24");
	CHECK(cidr_size(&c) == 256 && cidr_azure_usable(&c) == 251);
	c = P("10.0.0.0/30");
	CHECK(cidr_size(&c) == 4 && cidr_azure_usable(&c) == 0);
	c = P("10.0.0.0/31");
	CHECK(cidr_size(&c) == 2 && cidr_azure_usable(&c) == 0);
	c = P("10.0.0.1/32");
	CHECK(cidr_hostbits(&c) == 0);
	CHECK(cidr_size(&c) == 1 && cidr_azure_usable(&c) == 0);
	c = P("0.0.0.0/0");
	CHECK(cidr_hostbits(&c) == 32);
	CHECK(cidr_size(&c) == UINT64_C(4294967296));
	CHECK(cidr_azure_usable(&c) == UINT64_C(4294967291));

	c = P("2001:db8::/64");
	CHECK(cidr_hostbits(&c) == 64);
	CHECK(cidr_size(&c) == UINT64_MAX);		/* 2^64 saturates */
	CHECK(cidr_azure_usable(&c) == UINT64_MAX - 4);	/* 2^64-5 fits */
	c = P("2001:db8::/48");
	CHECK(cidr_size(&c) == UINT64_MAX);
	CHECK(cidr_azure_usable(&c) == UINT64_MAX);
	c = P("::/0");
	CHECK(cidr_hostbits(&c) == 128);
	CHECK(cidr_size(&c) == UINT64_MAX);
	CHECK(cidr_azure_usable(&c) == UINT64_MAX);
	c = P("2001:db8::/65");
	CHECK(cidr_size(&c) == UINT64_C(1) << 63);
	CHECK(cidr_azure_usable(&c) == (UINT64_C(1) << 63) - 5);
	c = P("2001:db8::/125");
	CHECK(cidr_size(&c) == 8 && cidr_azure_usable(&c) == 3);
	c = P("::1/128");
	CHECK(cidr_size(&c) == 1 && cidr_azure_usable(&c) == 0);

	c = P("10.0.1.0/24");
	memset(a, 0xaa, sizeof(a));
	CHECK(cidr_azure_first_usable(&c, a) && addr_is(4, a, "10.0.1.4"));
	for (i = 4; i < 16; i++)
		CHECK(a[i] == 0);
	CHECK(cidr_azure_last_usable(&c, a) && addr_is(4, a, "10.0.1.254"));
	c = P("10.0.0.8/29");
	CHECK(cidr_azure_first_usable(&c, a) && addr_is(4, a, "10.0.0.12"));
	CHECK(cidr_azure_last_usable(&c, a) && addr_is(4, a, "10.0.0.14"));
	c = P("0.0.0.0/0");
	CHECK(cidr_azure_first_usable(&c, a) && addr_is(4, a, "0.0.0.4"));
	CHECK(cidr_azure_last_usable(&c, a) &&
	    addr_is(4, a, "255.255.255.254"));
	c = P("2001:db8::/64");
	CHECK(cidr_azure_first_usable(&c, a) && addr_is(6, a, "2001:db8::4"));
	CHECK(cidr_azure_last_usable(&c, a) &&
	    addr_is(6, a, "2001:db8::ffff:ffff:ffff:fffe"));
	memset(a, 0xaa, sizeof(a));
	c = P("10.0.0.4/30");
	CHECK(!cidr_azure_first_usable(&c, a));
	CHECK(!cidr_azure_last_usable(&c, a));
	CHECK(a[0] == 0xaa);			/* untouched on failure */
	c = P("10.0.0.4/32");
	CHECK(!cidr_azure_first_usable(&c, a));
	CHECK(!cidr_azure_last_usable(&c, a));
	c = P("2001:db8::/126");
	CHECK(!cidr_azure_first_usable(&c, a));
	CHECK(!cidr_azure_last_usable(&c, a));
}

/* cidr_last: the broadcast address for IPv4, the last one for IPv6, at
 * every edge: /0, /32, /128, all-ones, ::, IPv4-mapped. */
static void
test_last(void)
{
	static const struct {
		const char *prefix, *last;
		int family;
	} cases[] = {
		{"10.0.1.0/24", "10.0.1.255", 4},
		{"10.0.0.0/23", "10.0.1.255", 4},
		{"0.0.0.0/0", "255.255.255.255", 4},
		{"255.255.255.255/32", "255.255.255.255", 4},
		{"10.0.0.7/32", "10.0.0.7", 4},
		{"128.0.0.0/1", "255.255.255.255", 4},
		{"::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 6},
		{"::/128", "::", 6},
		{"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
		    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 6},
		{"2001:db8::/64", "2001:db8::ffff:ffff:ffff:ffff", 6},
		{"2001:db8::/63", "2001:db8:0:1:ffff:ffff:ffff:ffff", 6},
		{"::ffff:10.0.0.0/120", "::ffff:10.0.0.255", 6},
		{"::ffff:0:0/96", "::ffff:255.255.255.255", 6},
	};
	uint8_t a[16];
	size_t i, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cidr c = P(cases[i].prefix);
		memset(a, 0xaa, sizeof(a));
		cidr_last(&c, a);
		CHECK(addr_is(cases[i].family, a, cases[i].last));
		/* IPv4 leaves the unused bytes zero, like every cidr. */
		for (k = 4; cases[i].family == 4 && k < 16; k++)
			CHECK(a[k] == 0);
	}
}

static void
test_private(void)
{
	static const struct {
		const char *in;
		bool want;
	} t[] = {
		{"10.0.0.0/8", true}, {"10.200.3.0/24", true},
		{"172.16.0.0/12", true}, {"172.31.255.0/24", true},
		{"172.32.0.0/16", false}, {"172.0.0.0/8", false},
		{"192.168.0.0/16", true}, {"192.168.1.0/24", true},
		{"192.169.0.0/16", false}, {"100.64.0.0/10", true},
		{"100.127.0.0/16", true}, {"100.128.0.0/10", false},
		{"8.8.8.0/24", false}, {"0.0.0.0/0", false},
		{"10.0.0.0/7", false}, {"fd00::/8", true},
		{"fc00::/7", true}, {"fdab:1234::/48", true},
		{"fe00::/7", false}, {"2001:db8::/32", false},
		{"::/0", false}, {"::ffff:10.0.0.0/104", false},
	};
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		struct cidr c = P(t[i].in);

		if (!CHECK(cidr_is_private(&c) == t[i].want))
			printf("  input \"%s\"\n", t[i].in);
	}
}

/* Parses up to 8 prefixes into v; returns the count. */
static size_t
parse_list(struct cidr *v, const char *const *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = P(s[i]);
	return n;
}

/* Runs cidr_alloc on text inputs; want NULL means "nothing free". */
static void
alloc_case(int line, const char *space, const char *const *taken,
    size_t ntaken, int len, const char *want)
{
	struct cidr sp = P(space), t[8], scratch[8], out;
	bool ok;

	parse_list(t, taken, ntaken);
	ok = cidr_alloc(&sp, t, ntaken, len, scratch, &out);
	if (want == NULL) {
		if (!CHECK(!ok))
			printf("  line %d: allocated, want nothing\n", line);
	} else if (!CHECK(ok && fmt_is(&out, want))) {
		printf("  line %d\n", line);
	}
}

static void
test_alloc(void)
{
	static const char *const none[] = {"0.0.0.0/0"};
	static const char *const two[] = {"10.0.1.0/24", "10.0.0.0/24"};
	static const char *const gap[] = {"10.0.2.0/24", "10.0.0.0/24"};
	static const char *const small[] = {"10.0.0.64/26"};
	static const char *const nested[] = {"10.0.1.0/24", "10.0.0.0/23",
		"10.0.0.128/25"};
	static const char *const full[] = {"10.0.0.128/25", "10.0.0.0/25"};
	static const char *const cover[] = {"10.0.0.0/8"};
	static const char *const outside[] = {"192.168.0.0/24",
		"10.1.0.0/16", "2001:db8::/32", "9.255.255.255/32"};
	static const char *const dup[] = {"10.0.0.0/25", "10.0.0.0/25",
		"10.0.0.0/26"};
	static const char *const top4[] = {"255.255.255.0/25"};
	static const char *const top6[] = {"ffff:ffff:ffff:ffff::/65",
		"ffff:ffff:ffff:ffff:8000::/65"};
	static const char *const v6[] = {"2001:db8::/64", "2001:db8:0:2::/64"};

	/* ntaken 0 with NULL arrays is allowed. */
	{
		struct cidr sp = P("10.0.0.0/16"), out;

		CHECK(cidr_alloc(&sp, NULL, 0, 24, NULL, &out) &&
		    fmt_is(&out, "10.0.0.0/24"));
	}
	alloc_case(__LINE__, "10.0.0.0/16", none, 0, 16, "10.0.0.0/16");
	alloc_case(__LINE__, "10.0.0.0/16", two, 2, 24, "10.0.2.0/24");
	alloc_case(__LINE__, "10.0.0.0/16", gap, 2, 24, "10.0.1.0/24");
	alloc_case(__LINE__, "10.0.0.0/16", gap, 2, 23, "10.0.4.0/23");
	alloc_case(__LINE__, "10.0.0.0/16", gap, 2, 29, "10.0.1.0/29");
	alloc_case(__LINE__, "10.0.0.0/24", small, 1, 26, "10.0.0.0/26");
	alloc_case(__LINE__, "10.0.0.0/24", small, 1, 25, "10.0.0.128/25");
	alloc_case(__LINE__, "10.0.0.0/24", small, 1, 24, NULL);
	alloc_case(__LINE__, "10.0.0.0/24", small, 1, 32, "10.0.0.0/32");
	alloc_case(__LINE__, "10.0.0.0/16", nested, 3, 24, "10.0.2.0/24");
	alloc_case(__LINE__, "10.0.0.0/16", nested, 3, 22, "10.0.4.0/22");
	alloc_case(__LINE__, "10.0.0.0/24", full, 2, 26, NULL);
	alloc_case(__LINE__, "10.0.0.0/24", full, 2, 32, NULL);
	alloc_case(__LINE__, "10.0.0.0/24", cover, 1, 28, NULL);
	alloc_case(__LINE__, "10.0.0.0/24", none, 1, 28, NULL);
	/* Longer than space, or not a length. */
	alloc_case(__LINE__, "10.0.0.0/24", none, 0, 23, NULL);
	alloc_case(__LINE__, "10.0.0.0/24", none, 0, 33, NULL);
	alloc_case(__LINE__, "10.0.0.0/24", none, 0, -1, NULL);
	alloc_case(__LINE__, "10.0.0.0/16", outside, 4, 24, "10.0.0.0/24");
	alloc_case(__LINE__, "10.0.0.0/24", dup, 3, 25, "10.0.0.128/25");
	alloc_case(__LINE__, "255.255.255.0/24", top4, 1, 25,
	    "255.255.255.128/25");
	alloc_case(__LINE__, "255.255.255.0/24", top4, 1, 24, NULL);
	alloc_case(__LINE__, "255.255.255.128/25", none, 0, 32,
	    "255.255.255.128/32");
	alloc_case(__LINE__, "ffff:ffff:ffff:ffff::/64", top6, 1, 65,
	    "ffff:ffff:ffff:ffff:8000::/65");
	alloc_case(__LINE__, "ffff:ffff:ffff:ffff::/64", top6, 2, 65, NULL);
	alloc_case(__LINE__, "ffff:ffff:ffff:ffff::/64", top6, 2, 128, NULL);
	alloc_case(__LINE__, "2001:db8::/48", v6, 2, 64, "2001:db8:0:1::/64");
	alloc_case(__LINE__, "2001:db8::/48", v6, 2, 63, "2001:db8:0:4::/63");
	/* A taken block of the other family is ignored. */
	alloc_case(__LINE__, "::/0", none, 1, 8, "::/8");
	alloc_case(__LINE__, "0.0.0.0/0", none, 1, 0, NULL);
}

/* A deterministic generator, so failures reproduce. */
static uint32_t
rnd(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

/* Brute force: the lowest aligned /len in a v4 space free of taken. */
static bool
alloc_slow(const struct cidr *sp, const struct cidr *t, size_t n, int len,
    struct cidr *out)
{
	uint32_t base, step, count, k;
	size_t i;

	if (len < sp->len || len > 32)
		return false;
	base = (uint32_t)sp->addr[0] << 24 | (uint32_t)sp->addr[1] << 16 |
	    (uint32_t)sp->addr[2] << 8 | sp->addr[3];
	step = len == 0 ? 0 : UINT32_C(1) << (32 - len);
	count = UINT32_C(1) << (len - sp->len);
	for (k = 0; k < count; k++) {
		uint32_t a = base + k * step;
		struct cidr c;
		bool free_ = true;

		memset(&c, 0, sizeof(c));
		c.family = 4;
		c.len = len;
		c.addr[0] = (uint8_t)(a >> 24);
		c.addr[1] = (uint8_t)(a >> 16);
		c.addr[2] = (uint8_t)(a >> 8);
		c.addr[3] = (uint8_t)a;
		for (i = 0; i < n && free_; i++)
			free_ = !cidr_overlaps(&c, &t[i]);
		if (free_) {
			*out = c;
			return true;
		}
	}
	return false;
}

/* A random v4 prefix of length lo..32 inside 10.0.0.0/(32-bits). */
static struct cidr
rnd_block(uint32_t *st, int bits, int lo)
{
	struct cidr c;
	uint32_t a = 0x0a000000 | (rnd(st) & ((UINT32_C(1) << bits) - 1));
	int len = lo + (int)(rnd(st) % (uint32_t)(33 - lo));

	memset(&c, 0, sizeof(c));
	c.family = 4;
	c.len = len;
	a &= len == 0 ? 0 : UINT32_MAX << (32 - len);
	c.addr[0] = (uint8_t)(a >> 24);
	c.addr[1] = (uint8_t)(a >> 16);
	c.addr[2] = (uint8_t)(a >> 8);
	c.addr[3] = (uint8_t)a;
	return c;
}

static void
test_alloc_random(void)
{
	struct cidr sp = P("10.0.0.0/24"), t[40], scratch[40], got, want;
	uint32_t st = 12345;
	int round, bad_ = 0;

	for (round = 0; round < 500; round++) {
		size_t n = rnd(&st) % 40, i;
		int len = 24 + (int)(rnd(&st) % 9);
		bool ok, ok2;

		for (i = 0; i < n; i++)
			t[i] = rnd_block(&st, 9, 23);
		ok = cidr_alloc(&sp, t, n, len, scratch, &got);
		ok2 = alloc_slow(&sp, t, n, len, &want);
		if (ok != ok2 || (ok && cidr_cmp(&got, &want) != 0))
			bad_++;
	}
	CHECK(bad_ == 0);
}

static bool
has_pair(size_t (*pairs)[2], size_t n, size_t a, size_t b)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pairs[i][0] == a && pairs[i][1] == b)
			return true;
	return false;
}

static void
test_overlaps(void)
{
	/* Shuffled: nested, equal, disjoint, adjacent and both families. */
	static const char *const s[] = {
		"10.0.0.0/16",		/* 0 */
		"192.168.0.0/24",	/* 1 */
		"10.0.1.0/24",		/* 2: in 0 */
		"10.0.0.0/16",		/* 3: equal to 0 */
		"2001:db8::/32",	/* 4: in 9 */
		"10.1.0.0/16",		/* 5: adjacent to 0 */
		"10.0.1.128/25",	/* 6: in 2 and 0 */
		"2001:db8:1::/48",	/* 7: in 4 and 9 */
		"172.16.0.0/12",	/* 8 */
		"::/0",			/* 9 */
		"::ffff:10.0.0.0/104",	/* 10: in 9, not in 0 */
	};
	enum { N = NELEM(s) };
	struct cidr v[N];
	size_t idx[N], pairs[N][2], n;

	parse_list(v, s, N);
	n = cidr_find_overlaps(v, N, idx, pairs, N);
	CHECK(n == 6);
	/* Sorted order of b: v4 by address, then v6; a is the outermost. */
	CHECK(pairs[0][0] == 0 && pairs[0][1] == 3);
	CHECK(pairs[1][0] == 0 && pairs[1][1] == 2);
	CHECK(pairs[2][0] == 0 && pairs[2][1] == 6);
	CHECK(pairs[3][0] == 9 && pairs[3][1] == 10);
	CHECK(pairs[4][0] == 9 && pairs[4][1] == 4);
	CHECK(pairs[5][0] == 9 && pairs[5][1] == 7);

	/* Only maxpairs are written; the count is still complete. */
	pairs[2][0] = pairs[2][1] = 777;
	CHECK(cidr_find_overlaps(v, N, idx, pairs, 2) == 6);
	CHECK(pairs[1][0] == 0 && pairs[1][1] == 2);
	CHECK(pairs[2][0] == 777 && pairs[2][1] == 777);
	CHECK(cidr_find_overlaps(v, N, idx, NULL, 0) == 6);

	/* Disjoint sets, a single block and no blocks report nothing. */
	CHECK(cidr_find_overlaps(v, 2, idx, pairs, N) == 0);
	CHECK(cidr_find_overlaps(v, 1, idx, pairs, N) == 0);
	CHECK(cidr_find_overlaps(v, 0, NULL, NULL, 0) == 0);
	{
		/* 10.1/16 right after 10.0/16. */
		struct cidr w[3] = {v[5], v[0], v[1]};

		CHECK(cidr_find_overlaps(w, 3, idx, pairs, N) == 0);
	}
	/* Three equal blocks: both later ones pair with the lowest index. */
	{
		struct cidr w[3] = {v[8], v[8], v[8]};

		CHECK(cidr_find_overlaps(w, 3, idx, pairs, N) == 2);
		CHECK(pairs[0][0] == 0 && pairs[0][1] == 1);
		CHECK(pairs[1][0] == 0 && pairs[1][1] == 2);
	}
}

/* Checks the sweep against all pairs on random nested sets. */
static void
test_overlaps_random(void)
{
	enum { N = 300 };
	static struct cidr v[N];
	static size_t idx[N], pairs[N][2];
	uint32_t st = 987654321;
	int round, bad_ = 0;

	for (round = 0; round < 50; round++) {
		size_t i, j, n, want = 0;

		for (i = 0; i < N; i++)
			v[i] = rnd_block(&st, 16, 12);
		/* A few v6 blocks that must not meet the v4 ones. */
		for (i = 0; i < N; i += 37) {
			memset(&v[i], 0, sizeof(v[i]));
			v[i].family = 6;
			v[i].len = 8 + (int)(rnd(&st) % 4);
			v[i].addr[0] = 0x0a;
		}
		n = cidr_find_overlaps(v, N, idx, pairs, N);
		/* A block counts if it overlaps one sorting before it. */
		for (j = 0; j < N; j++) {
			for (i = 0; i < N; i++) {
				int c = cidr_cmp(&v[i], &v[j]);

				if (i != j && cidr_overlaps(&v[i], &v[j]) &&
				    (c < 0 || (c == 0 && i < j))) {
					want++;
					break;
				}
			}
		}
		if (n != want)
			bad_++;
		for (i = 0; i < n && i < N; i++) {
			size_t a = pairs[i][0], b = pairs[i][1];

			if (a == b || !cidr_contains(&v[a], &v[b]))
				bad_++;
			/* b really comes after a: equal means a lower index. */
			if (cidr_cmp(&v[a], &v[b]) == 0 && a > b)
				bad_++;
		}
	}
	CHECK(bad_ == 0);
}

/* 100000 disjoint /29s plus 3 planted overlaps, in shuffled order: an
 * all-pairs check would take 5e9 comparisons; the sweep takes a moment. */
static void
test_scale(void)
{
	enum { NBLK = 100000, N = NBLK + 3 };
	struct cidr *v = malloc(N * sizeof(*v));
	struct cidr *scratch = malloc(N * sizeof(*scratch));
	size_t *idx = malloc(N * sizeof(*idx));
	size_t *pos = malloc(N * sizeof(*pos));	/* block id -> index */
	size_t *perm = malloc(N * sizeof(*perm));
	size_t pairs[8][2], i, n;
	struct cidr sp, out;
	uint32_t st = 42;

	if (!v || !scratch || !idx || !pos || !perm) {
		CHECK(!"out of memory");
		goto done;
	}
	for (i = 0; i < N; i++)
		perm[i] = i;
	for (i = N - 1; i > 0; i--) {
		size_t j = rnd(&st) % (i + 1), t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	for (i = 0; i < N; i++) {
		size_t id = perm[i];
		/* Ids past NBLK are planted: a copy of block 777, a /30
		 * inside block 5000 and a /32 inside the last block. */
		uint32_t a = id < NBLK ? 0x0a000000 + 8 * (uint32_t)id :
		    id == NBLK ? 0x0a000000 + 8 * 777 :
		    id == NBLK + 1 ? 0x0a000000 + 8 * 5000 + 4 :
		    0x0a000000 + 8 * (NBLK - 1) + 7;

		memset(&v[i], 0, sizeof(v[i]));
		v[i].family = 4;
		v[i].len = id < NBLK || id == NBLK ? 29 :
		    id == NBLK + 1 ? 30 : 32;
		v[i].addr[0] = (uint8_t)(a >> 24);
		v[i].addr[1] = (uint8_t)(a >> 16);
		v[i].addr[2] = (uint8_t)(a >> 8);
		v[i].addr[3] = (uint8_t)a;
		pos[id] = i;
	}
	n = cidr_find_overlaps(v, N, idx, pairs, NELEM(pairs));
	CHECK(n == 3);
	{
		/* Equal blocks pair up lowest index first. */
		size_t x = pos[777], y = pos[NBLK];
		size_t lo = x < y ? x : y, hi = x < y ? y : x;

		CHECK(pairs[0][0] == lo && pairs[0][1] == hi);
	}
	CHECK(pairs[1][0] == pos[5000] && pairs[1][1] == pos[NBLK + 1]);
	CHECK(pairs[2][0] == pos[NBLK - 1] && pairs[2][1] == pos[NBLK + 2]);
	CHECK(has_pair(pairs, 3, pos[5000], pos[NBLK + 1]));

	/* The same set as taken space: the first free /29 and /24 follow
	 * the last block, 10.0.0.0 + 8 * 100000 = 10.12.53.0. */
	sp = P("10.0.0.0/8");
	CHECK(cidr_alloc(&sp, v, N, 29, scratch, &out) &&
	    fmt_is(&out, "10.12.53.0/29"));
	CHECK(cidr_alloc(&sp, v, N, 24, scratch, &out) &&
	    fmt_is(&out, "10.12.53.0/24"));
	CHECK(cidr_alloc(&sp, v, N, 16, scratch, &out) &&
	    fmt_is(&out, "10.13.0.0/16"));
done:
	free(v);
	free(scratch);
	free(idx);
	free(pos);
	free(perm);
}

int
main(void)
{
	test_parse_errors();
	test_strerror();
	test_parse_format();
	test_parse_addr();
	test_contains_overlaps();
	test_cmp();
	test_sizes();
	test_last();
	test_private();
	test_alloc();
	test_alloc_random();
	test_overlaps();
	test_overlaps_random();
	test_scale();
	printf("%d passed, %d failed\n", npassed, nfailed);
	return nfailed ? 1 : 0;
}
