/* cidrcmd.c - "vnetc cidr", the engineer's calculator: prefixes on the
 * command line -> network, last address, size, Azure's usable range, and
 * every overlap among them (or --split's sub-blocks), as text or JSON on
 * stdout. Uses cidr.c only; no spec, no rules. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "unicode.h"

static const char usage_cidr[] =
"usage: vnetc cidr [--format text|json] PREFIX...\n"
"       vnetc cidr [--format text|json] --split PREFIX LEN\n"
"\n"
"The address calculator, for IPv4 and IPv6. For each PREFIX it prints\n"
"the network and last address (the broadcast address in IPv4), the size,\n"
"and the addresses Azure hands out in a subnet of that prefix: Azure keeps\n"
"five (the network address, the next three and the last), so a /24 has\n"
"251 usable, .4 to .254. Then every pair of PREFIXes that overlap, with\n"
"the addresses they share.\n"
"\n"
"--split PREFIX LEN lists the /LEN blocks PREFIX divides into, in order,\n"
"with their usable ranges (at most 65536 of them).\n"
"\n"
"options:\n"
"  --format text|json  text (default), or one JSON object:\n"
"                        {\"prefixes\": [{\"prefix\", \"network\", \"last\",\n"
"                          \"size\", \"azure_first\", \"azure_last\",\n"
"                          \"azure_usable\"}, ...],\n"
"                         \"overlaps\": [[i, j], ...]}\n"
"                      i < j index the prefixes from 0; sizes are exact\n"
"                      integers; azure_first/last are null below /29\n"
"  --split PREFIX LEN  the sub-blocks of length LEN (26 or /26)\n"
"  -h, --help          this help\n"
"\n"
"Prefixes are read as vnetc reads a spec: strictly (no leading zeros, a\n"
"length is required); one with host bits set, 10.0.0.5/24, is taken as\n"
"its network with a note on stderr.\n"
"\n"
"examples:\n"
"  vnetc cidr 10.0.0.0/16 10.0.1.0/24 10.0.1.128/25\n"
"  vnetc cidr --split 10.0.0.0/24 /26\n"
"  vnetc cidr --format json 2001:db8::/64\n"
"\n"
"exit status: 0 ok, 2 usage error or a prefix that does not parse.\n";

/* At most this many --split blocks: more is a mistake, not a listing. */
enum { MAX_SPLIT = 65536 };

int
subcmd_usage(const char *cmd, const char *fmt, const char *arg,
    const char *near)
{
	struct buf b = {0};

	uni_put_shown(&b, arg, strlen(arg), true);
	fprintf(stderr, "vnetc %s: ", cmd);
	fprintf(stderr, fmt, buf_str(&b));
	if (near)
		fprintf(stderr, "; did you mean '%s'?", near);
	fprintf(stderr, "\nsee 'vnetc %s --help'\n", cmd);
	buf_free(&b);
	return 2;
}

static int
usage_near(const char *fmt, const char *arg, const char *near)
{
	return subcmd_usage("cidr", fmt, arg, near);
}

static int
usage(const char *fmt, const char *arg)
{
	return usage_near(fmt, arg, NULL);
}

/* Parses a prefix argument; host bits set is a note, not an error. */
static bool
parse(const char *s, struct cidr *c)
{
	enum cidr_err e = cidr_parse(s, c);
	char buf[CIDR_STRLEN];

	if (e == CIDR_HOST_BITS) {
		cidr_format(c, buf);
		fprintf(stderr, "vnetc cidr: note: %s has host bits set; using "
		    "its network %s\n", s, buf);
		return true;
	}
	if (e != CIDR_OK) {
		fprintf(stderr, "vnetc cidr: '%s' is not a prefix: %s\n", s,
		    cidr_strerror(e));
		return false;
	}
	return true;
}

/* 2^n, or 2^n - 5, in decimal, exact for n up to 128. */
static void
pow2_dec(int n, bool minus5, char *out, size_t outsz)
{
	char d[48]; /* least significant digit first; 2^128 has 39 */
	size_t nd = 1;

	d[0] = 1;
	for (int i = 0; i < n; i++) {
		int carry = 0;
		for (size_t k = 0; k < nd; k++) {
			int v = d[k] * 2 + carry;
			d[k] = (char)(v % 10);
			carry = v / 10;
		}
		if (carry)
			d[nd++] = (char)carry;
	}
	if (minus5) {
		/* callers pass n >= 3, so 2^n >= 8 and nothing goes below 0 */
		int borrow = 5;
		for (size_t k = 0; k < nd && borrow; k++) {
			int v = d[k] - borrow;
			borrow = 0;
			if (v < 0)
				v += 10, borrow = 1;
			d[k] = (char)v;
		}
		while (nd > 1 && d[nd - 1] == 0)
			nd--;
	}
	size_t o = 0;
	for (size_t k = nd; k-- > 0 && o + 1 < outsz;)
		out[o++] = (char)('0' + d[k]);
	out[o] = '\0';
}

struct info {
	char prefix[CIDR_STRLEN], network[CIDR_STRLEN], last[CIDR_STRLEN];
	char first_ok[CIDR_STRLEN], last_ok[CIDR_STRLEN];
	char size[48], usable[48];
	bool has_usable;
};

static void
describe(const struct cidr *c, struct info *in)
{
	uint8_t a[16];
	int hb = cidr_hostbits(c);

	cidr_format(c, in->prefix);
	cidr_format_addr(c->family, c->addr, in->network);
	cidr_last(c, a);
	cidr_format_addr(c->family, a, in->last);
	pow2_dec(hb, false, in->size, sizeof(in->size));
	in->has_usable = cidr_azure_first_usable(c, a);
	if (in->has_usable) {
		cidr_format_addr(c->family, a, in->first_ok);
		cidr_azure_last_usable(c, a);
		cidr_format_addr(c->family, a, in->last_ok);
		pow2_dec(hb, true, in->usable, sizeof(in->usable));
	} else {
		strcpy(in->usable, "0");
	}
}

static void
print_text(const struct cidr *c, const struct info *in)
{
	printf("%s\n", in->prefix);
	printf("  network       %s\n", in->network);
	printf("  %-13s %s\n", c->family == 4 ? "broadcast" : "last",
	    in->last);
	printf("  size          %s\n", in->size);
	if (in->has_usable)
		printf("  azure usable  %s - %s (%s)\n", in->first_ok,
		    in->last_ok, in->usable);
	else
		printf("  azure usable  none (Azure's smallest subnet is "
		    "/29)\n");
}

static void
print_json(const struct info *in, bool comma)
{
	printf("%s\n    {\"prefix\": \"%s\", \"network\": \"%s\", "
	    "\"last\": \"%s\", \"size\": %s, ", comma ? "," : "", in->prefix,
	    in->network, in->last, in->size);
	if (in->has_usable)
		printf("\"azure_first\": \"%s\", \"azure_last\": \"%s\", ",
		    in->first_ok, in->last_ok);
	else
		printf("\"azure_first\": null, \"azure_last\": null, ");
	printf("\"azure_usable\": %s}", in->usable);
}

/* Sort key for the overlap sweep: containers before what they contain. */
struct item {
	struct cidr c;
	size_t i;
};

static int
item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int r = cidr_cmp(&x->c, &y->c);

	return r ? r : x->i < y->i ? -1 : x->i > y->i;
}

static int
pair_cmp(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* Every overlapping pair {i, j}, i < j, sorted. Prefixes nest or are
 * disjoint, so after sorting by (family, network, length) the blocks
 * containing the current one are exactly those on a stack of nested
 * blocks: O(n log n + pairs). Returns the count; *out is malloc'd. */
static size_t
all_overlaps(const struct cidr *v, size_t n, size_t (**out)[2])
{
	struct item *it = xmalloc((n + 1) * sizeof(*it));
	size_t *stack = xmalloc((n + 1) * sizeof(*stack));
	size_t (*pairs)[2] = NULL, np = 0, cap = 0, sp = 0;

	for (size_t i = 0; i < n; i++)
		it[i] = (struct item){v[i], i};
	qsort(it, n, sizeof(*it), item_cmp);
	for (size_t k = 0; k < n; k++) {
		while (sp && !cidr_contains(&it[stack[sp - 1]].c, &it[k].c))
			sp--;
		for (size_t s = 0; s < sp; s++) {
			size_t a = it[stack[s]].i, b = it[k].i;
			if (np == cap) {
				cap = cap ? 2 * cap : 16;
				pairs = xrealloc(pairs, cap * sizeof(*pairs));
			}
			pairs[np][0] = a < b ? a : b;
			pairs[np++][1] = a < b ? b : a;
		}
		stack[sp++] = k;
	}
	if (np)
		qsort(pairs, np, sizeof(*pairs), pair_cmp);
	free(it);
	free(stack);
	*out = pairs;
	return np;
}

/* Adds 2^bit to a (a network of family fam), for --split. */
static void
add_pow2(uint8_t a[16], int fam, int bit)
{
	int nbytes = fam == 4 ? 4 : 16;
	int k = nbytes - 1 - bit / 8;
	unsigned carry = 1u << (bit % 8);

	for (; k >= 0 && carry; k--) {
		unsigned v = a[k] + carry;
		a[k] = (uint8_t)v;
		carry = v >> 8;
	}
}

static int
split(const char *ptext, const char *ltext, bool json)
{
	struct cidr c;

	if (!parse(ptext, &c))
		return 2;
	const char *l = ltext[0] == '/' ? ltext + 1 : ltext;
	int width = c.family == 4 ? 32 : 128, len = 0;
	bool ok = *l && strlen(l) <= 3 && !(l[0] == '0' && l[1]);
	for (const char *p = l; *p && ok; p++)
		ok = *p >= '0' && *p <= '9', len = len * 10 + (*p - '0');
	if (!ok || len < c.len || len > width) {
		fprintf(stderr, "vnetc cidr: --split %s %s: LEN must be a "
		    "length from /%d (the prefix's) to /%d\n", ptext, ltext,
		    c.len, width);
		return 2;
	}
	if (len - c.len > 16) {
		fprintf(stderr, "vnetc cidr: --split %s %s would list 2^%d "
		    "blocks; vnetc lists at most %d\n", ptext, ltext,
		    len - c.len, MAX_SPLIT);
		return 2;
	}
	size_t n = (size_t)1 << (len - c.len);
	struct cidr b = c;
	b.len = len;
	if (json)
		printf("{\n  \"prefixes\": [");
	for (size_t i = 0; i < n; i++) {
		struct info in;
		describe(&b, &in);
		if (json)
			print_json(&in, i > 0);
		else if (in.has_usable)
			printf("%-18s %s - %s (%s usable)\n", in.prefix,
			    in.first_ok, in.last_ok, in.usable);
		else
			printf("%-18s %s - %s (none usable in Azure)\n",
			    in.prefix, in.network, in.last);
		add_pow2(b.addr, b.family, width - len);
	}
	if (json)
		printf("\n  ],\n  \"overlaps\": []\n}\n");
	return 0;
}

int
cidrcmd_main(int argc, char **argv)
{
	bool json = false;
	const char *sp = NULL, *sl = NULL;
	char **args = xmalloc(((size_t)argc + 1) * sizeof(*args));
	size_t nargs = 0;
	int rc = 0;

	for (int i = 0; i < argc; i++) {
		const char *a, *v = arg_split(argv[i], "", &a);
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_cidr, stdout);
			free(args);
			return 0;
		} else if (!strcmp(a, "--format")) {
			if (!v && i + 1 < argc)
				v = argv[++i];
			if (!v || (strcmp(v, "text") && strcmp(v, "json"))) {
				free(args);
				return usage("--format %s: use text or json",
				    v ? v : "needs a value");
			}
			json = !strcmp(v, "json");
		} else if (!strcmp(a, "--split")) {
			/* --split PREFIX LEN, or --split=PREFIX LEN */
			if (i + 2 - (v != NULL) >= argc) {
				free(args);
				return usage("%s needs PREFIX and LEN", a);
			}
			sp = v ? v : argv[++i];
			sl = argv[++i];
		} else if (a[0] == '-' && a[1] && !strchr(a, ':')) {
			/* "-..." is an option; IPv6 text has a ':' */
			int d;
			const char *near = usage_nearest(usage_cidr, a, &d);
			free(args);
			return usage_near("unknown option '%s'", a,
			    near_miss(a, d) ? near : NULL);
		} else {
			args[nargs++] = argv[i];
		}
	}
	if (sp && nargs) {
		rc = usage("--split takes one PREFIX and LEN, not also '%s'",
		    args[0]);
		free(args);
		return rc;
	}
	if (sp) {
		free(args);
		rc = split(sp, sl, json);
		return fflush(stdout) || ferror(stdout) ? 2 : rc;
	}
	if (!nargs) {
		free(args);
		return usage("%s", "which prefixes?");
	}
	struct cidr *v = xmalloc(nargs * sizeof(*v));
	for (size_t i = 0; i < nargs; i++)
		if (!parse(args[i], &v[i]))
			rc = 2;
	if (rc) {
		free(v);
		free(args);
		return rc;
	}
	size_t (*pairs)[2];
	size_t np = all_overlaps(v, nargs, &pairs);
	if (json)
		printf("{\n  \"prefixes\": [");
	for (size_t i = 0; i < nargs; i++) {
		struct info in;
		describe(&v[i], &in);
		if (json)
			print_json(&in, i > 0);
		else
			print_text(&v[i], &in);
	}
	if (json) {
		printf("\n  ],\n  \"overlaps\": [");
		for (size_t k = 0; k < np; k++)
			printf("%s[%zu, %zu]", k ? ", " : "", pairs[k][0],
			    pairs[k][1]);
		printf("]\n}\n");
	} else if (nargs > 1 && !np) {
		printf("\nno overlaps\n");
	} else if (np) {
		printf("\noverlaps:\n");
		for (size_t k = 0; k < np; k++) {
			char a[CIDR_STRLEN], b[CIDR_STRLEN];
			char f[CIDR_STRLEN], l[CIDR_STRLEN];
			const struct cidr *x = &v[pairs[k][0]];
			const struct cidr *y = &v[pairs[k][1]];
			const struct cidr *in = x->len >= y->len ? x : y;
			uint8_t last[16];
			cidr_format(x, a);
			cidr_format(y, b);
			cidr_format_addr(in->family, in->addr, f);
			cidr_last(in, last);
			cidr_format_addr(in->family, last, l);
			printf("  %s and %s share %s - %s\n", a, b, f, l);
		}
	}
	free(pairs);
	free(v);
	free(args);
	return fflush(stdout) || ferror(stdout) ? 2 : 0;
}
