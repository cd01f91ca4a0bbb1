/* cidr.c - pure IPv4/IPv6 prefix maths, used by check.c (VN2xx) and plan.c.
 * Text -> struct cidr -> text, containment, sizes after Azure's reserved
 * addresses, free-block allocation and an O(n log n) overlap sweep.
 * No I/O and no diagnostics: callers report with position and rule. */
#include "cidr.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* A 128-bit address as a number, so that "last address + 1" and ordering
 * are plain arithmetic. IPv4 lives in the low 32 bits of lo. */
struct u128 {
	uint64_t hi, lo;
};

/* Fully inside one of these is "private" (RFC 1918, RFC 6598, RFC 4193). */
static const struct cidr private_blocks[] = {
	{4, {10}, 8},
	{4, {172, 16}, 12},
	{4, {192, 168}, 16},
	{4, {100, 64}, 10},
	{6, {0xfc}, 7},
};

static int
width(int family)
{
	assert(family == 4 || family == 6);
	return family == 4 ? 32 : 128;
}

static bool
valid(const struct cidr *c)
{
	return (c->family == 4 || c->family == 6) && c->len >= 0 &&
	    c->len <= width(c->family);
}

static struct u128
u128_load(int family, const uint8_t a[16])
{
	struct u128 v = {0, 0};
	int i;

	if (family == 4) {
		for (i = 0; i < 4; i++)
			v.lo = v.lo << 8 | a[i];
		return v;
	}
	for (i = 0; i < 8; i++)
		v.hi = v.hi << 8 | a[i];
	for (i = 8; i < 16; i++)
		v.lo = v.lo << 8 | a[i];
	return v;
}

static void
u128_store(int family, struct u128 v, uint8_t a[16])
{
	int i;

	memset(a, 0, 16);
	if (family == 4) {
		for (i = 3; i >= 0; i--, v.lo >>= 8)
			a[i] = (uint8_t)v.lo;
		return;
	}
	for (i = 15; i >= 8; i--, v.lo >>= 8)
		a[i] = (uint8_t)v.lo;
	for (i = 7; i >= 0; i--, v.hi >>= 8)
		a[i] = (uint8_t)v.hi;
}

/* The low n bits set, 0 <= n <= 128: the host part of a /(width-n). */
static struct u128
u128_low(int n)
{
	struct u128 m = {0, 0};

	if (n >= 128) {
		m.hi = m.lo = UINT64_MAX;
	} else if (n >= 64) {
		m.lo = UINT64_MAX;
		m.hi = n == 64 ? 0 : (UINT64_C(1) << (n - 64)) - 1;
	} else if (n > 0) {
		m.lo = (UINT64_C(1) << n) - 1;
	}
	return m;
}

static int
u128_cmp(struct u128 a, struct u128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

static bool
u128_eq(struct u128 a, struct u128 b)
{
	return a.hi == b.hi && a.lo == b.lo;
}

/* Wraps at 2^128; callers check against the last address first. */
static struct u128
u128_inc(struct u128 v)
{
	v.lo++;
	if (v.lo == 0)
		v.hi++;
	return v;
}

/* First address of c, ignoring any host bits a hand-built struct has. */
static struct u128
first(const struct cidr *c)
{
	struct u128 v = u128_load(c->family, c->addr);
	struct u128 m = u128_low(cidr_hostbits(c));

	v.hi &= ~m.hi;
	v.lo &= ~m.lo;
	return v;
}

static struct u128
last(const struct cidr *c)
{
	struct u128 v = first(c);
	struct u128 m = u128_low(cidr_hostbits(c));

	v.hi |= m.hi;
	v.lo |= m.lo;
	return v;
}

/* Clears the host bits of c in place. */
static void
mask(struct cidr *c)
{
	u128_store(c->family, first(c), c->addr);
}

static bool
isdigit_(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Exactly four decimal octets filling [s, end). Leading zeros are errors
 * because some tools read "010" as octal 8 and others as decimal 10. */
static enum cidr_err
parse_v4(const char *s, const char *end, uint8_t out[4])
{
	int i;

	for (i = 0; i < 4; i++) {
		const char *p = s;
		unsigned v = 0;

		if (i > 0) {
			if (s == end || *s != '.')
				return CIDR_BAD_ADDR;
			p = ++s;
		}
		/* Stop counting at 4 digits so a long run cannot overflow. */
		while (s < end && isdigit_(*s)) {
			if (s - p < 4)
				v = v * 10 + (unsigned)(*s - '0');
			s++;
		}
		if (s == p)
			return CIDR_BAD_ADDR;
		if (*p == '0' && s - p > 1)
			return CIDR_LEADING_ZERO;
		if (s - p > 3 || v > 255)
			return CIDR_BAD_OCTET;
		out[i] = (uint8_t)v;
	}
	return s == end ? CIDR_OK : CIDR_BAD_ADDR;
}

/* RFC 4291 section 2.2: eight groups of 1-4 hex digits, at most one "::"
 * standing for one or more zero groups, optionally ending in a dotted
 * IPv4 address that stands for the last two groups. */
static enum cidr_err
parse_v6(const char *s, const char *end, uint8_t out[16])
{
	uint8_t b[16];
	int n = 0;		/* bytes parsed */
	int gap = -1;		/* byte offset of "::" */
	const char *p = s;

	if (end - p >= 2 && p[0] == ':' && p[1] == ':') {
		gap = 0;
		p += 2;
	}
	while (p < end) {
		const char *q = p;
		unsigned v = 0;
		int d;

		/* A '.' before the next ':' marks the IPv4 tail. */
		while (q < end && *q != ':' && *q != '.')
			q++;
		if (q < end && *q == '.') {
			enum cidr_err e;

			if (n > 12)
				return CIDR_BAD_ADDR;
			e = parse_v4(p, end, b + n);
			if (e != CIDR_OK)
				return e;
			n += 4;
			break;
		}
		if (q == p || q - p > 4 || n == 16)
			return CIDR_BAD_ADDR;
		for (; p < q; p++) {
			if ((d = hexval(*p)) < 0)
				return CIDR_BAD_ADDR;
			v = v << 4 | (unsigned)d;
		}
		b[n++] = (uint8_t)(v >> 8);
		b[n++] = (uint8_t)v;
		if (p == end)
			break;
		/* *p is ':'; a single trailing ':' is an error. */
		p++;
		if (p < end && *p == ':') {
			if (gap >= 0)
				return CIDR_BAD_ADDR;
			gap = n;
			p++;
		} else if (p == end) {
			return CIDR_BAD_ADDR;
		}
	}
	if (gap < 0) {
		if (n != 16)
			return CIDR_BAD_ADDR;
		memcpy(out, b, 16);
		return CIDR_OK;
	}
	/* "::" must stand for at least one group. */
	if (n > 14)
		return CIDR_BAD_ADDR;
	memset(out, 0, 16);
	memcpy(out, b, (size_t)gap);
	memcpy(out + 16 - (n - gap), b + gap, (size_t)(n - gap));
	return CIDR_OK;
}

/* The address in [s, end); the family is 6 if it has a ':'. */
static enum cidr_err
parse_any(const char *s, const char *end, int *family, uint8_t addr[16])
{
	uint8_t a[16] = {0};
	enum cidr_err e;
	int fam = memchr(s, ':', (size_t)(end - s)) ? 6 : 4;

	e = fam == 6 ? parse_v6(s, end, a) : parse_v4(s, end, a);
	if (e == CIDR_OK) {
		*family = fam;
		memcpy(addr, a, 16);
	}
	return e;
}

enum cidr_err
cidr_parse(const char *s, struct cidr *out)
{
	const char *slash, *p, *end;
	enum cidr_err e;
	struct cidr c;
	int len = 0;

	memset(out, 0, sizeof(*out));
	if (!s || !*s)
		return CIDR_EMPTY;
	end = s + strlen(s);
	slash = memchr(s, '/', (size_t)(end - s));
	memset(&c, 0, sizeof(c));
	/* Address first: "10.0.0.256" is better reported as a bad octet
	 * than as a missing length. */
	e = parse_any(s, slash ? slash : end, &c.family, c.addr);
	if (e != CIDR_OK)
		return e;
	if (!slash)
		return CIDR_NO_LEN;
	/* Digits only, no sign, no leading zero: "/024" and "/+8" are
	 * typos, not alternative spellings. */
	p = slash + 1;
	if (p == end || (*p == '0' && end - p > 1) || end - p > 3)
		return CIDR_BAD_LEN;
	for (; p < end; p++) {
		if (!isdigit_(*p))
			return CIDR_BAD_LEN;
		len = len * 10 + (*p - '0');
	}
	if (len > width(c.family))
		return CIDR_BAD_LEN;
	c.len = len;
	*out = c;
	mask(out);
	return memcmp(out->addr, c.addr, 16) ? CIDR_HOST_BITS : CIDR_OK;
}

bool
cidr_parse_addr(const char *s, int *family, uint8_t addr[16])
{
	if (!s || !*s)
		return false;
	return parse_any(s, s + strlen(s), family, addr) == CIDR_OK;
}

const char *
cidr_strerror(enum cidr_err e)
{
	switch (e) {
	case CIDR_OK:
		return "no error";
	case CIDR_EMPTY:
		return "empty address prefix";
	case CIDR_NO_LEN:
		return "missing prefix length /n";
	case CIDR_BAD_LEN:
		return "prefix length not 0-32 (IPv4) or 0-128 (IPv6)";
	case CIDR_BAD_ADDR:
		return "malformed address";
	case CIDR_BAD_OCTET:
		return "octet out of range 0-255";
	case CIDR_LEADING_ZERO:
		return "leading zero in octet";
	case CIDR_HOST_BITS:
		return "host bits set";
	}
	return "unknown error";
}

static char *
put_dec(char *p, unsigned v)
{
	char tmp[10];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

static char *
put_hex(char *p, unsigned v)
{
	static const char digits[] = "0123456789abcdef";
	int shift = 12;

	while (shift > 0 && (v >> shift) == 0)
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*p++ = digits[(v >> shift) & 0xf];
	return p;
}

static char *
put_v4(char *p, const uint8_t a[4])
{
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0)
			*p++ = '.';
		p = put_dec(p, a[i]);
	}
	return p;
}

/* RFC 5952 section 4: the longest run of two or more zero groups becomes
 * "::", the first such run on a tie; lowercase; no leading zeros. */
static char *
put_v6(char *p, const uint8_t a[16])
{
	unsigned g[8];
	int i, run = 0, best = -1, bestlen = 1;

	for (i = 0; i < 8; i++)
		g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
	/* Section 5: IPv4-mapped addresses keep their dotted tail. */
	if (!g[0] && !g[1] && !g[2] && !g[3] && !g[4] && g[5] == 0xffff) {
		memcpy(p, "::ffff:", 7);
		return put_v4(p + 7, a + 12);
	}
	for (i = 0; i < 8; i++) {
		run = g[i] ? 0 : run + 1;
		if (run > bestlen) {
			bestlen = run;
			best = i - run + 1;
		}
	}
	for (i = 0; i < 8; i++) {
		if (i == best) {
			*p++ = ':';
			*p++ = ':';
			i += bestlen - 1;
			continue;
		}
		if (i > 0 && i != best + bestlen)
			*p++ = ':';
		p = put_hex(p, g[i]);
	}
	return p;
}

void
cidr_format_addr(int family, const uint8_t addr[16], char buf[CIDR_STRLEN])
{
	char *p = family == 4 ? put_v4(buf, addr) : put_v6(buf, addr);

	*p = '\0';
}

void
cidr_format(const struct cidr *c, char buf[CIDR_STRLEN])
{
	char *p;

	cidr_format_addr(c->family, c->addr, buf);
	p = buf + strlen(buf);
	*p++ = '/';
	p = put_dec(p, (unsigned)c->len);
	*p = '\0';
}

void
cidr_last(const struct cidr *c, uint8_t addr[16])
{
	assert(valid(c));
	u128_store(c->family, last(c), addr);
}

bool
cidr_contains(const struct cidr *outer, const struct cidr *inner)
{
	struct cidr t;

	if (outer->family != inner->family || outer->len > inner->len)
		return false;
	/* inner cut to outer's length must be outer's network. */
	t = *inner;
	t.len = outer->len;
	return u128_eq(first(&t), first(outer));
}

bool
cidr_overlaps(const struct cidr *a, const struct cidr *b)
{
	/* Prefixes nest or are disjoint, so sharing an address means one
	 * contains the other. */
	return cidr_contains(a, b) || cidr_contains(b, a);
}

int
cidr_cmp(const struct cidr *a, const struct cidr *b)
{
	int r;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	r = memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16);
	if (r != 0)
		return r < 0 ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return 0;
}

int
cidr_hostbits(const struct cidr *c)
{
	assert(valid(c));
	return width(c->family) - c->len;
}

uint64_t
cidr_size(const struct cidr *c)
{
	int hb = cidr_hostbits(c);

	return hb >= 64 ? UINT64_MAX : UINT64_C(1) << hb;
}

uint64_t
cidr_azure_usable(const struct cidr *c)
{
	int hb = cidr_hostbits(c);

	/* 2^64 - 5 still fits, so only shorter than /64 saturates. */
	if (hb > 64)
		return UINT64_MAX;
	if (hb == 64)
		return UINT64_MAX - 4;
	if (hb < 3)
		return 0;
	return (UINT64_C(1) << hb) - 5;
}

bool
cidr_azure_first_usable(const struct cidr *c, uint8_t addr[16])
{
	struct u128 v;

	if (cidr_azure_usable(c) == 0)
		return false;
	/* At least 3 host bits, so +4 sets bit 2 and cannot carry. */
	v = first(c);
	v.lo += 4;
	u128_store(c->family, v, addr);
	return true;
}

bool
cidr_azure_last_usable(const struct cidr *c, uint8_t addr[16])
{
	struct u128 v;

	if (cidr_azure_usable(c) == 0)
		return false;
	/* The low host bits are all ones, so -1 cannot borrow. */
	v = last(c);
	v.lo -= 1;
	u128_store(c->family, v, addr);
	return true;
}

static int
cmp_qsort(const void *a, const void *b)
{
	return cidr_cmp(a, b);
}

bool
cidr_alloc(const struct cidr *space, const struct cidr *taken,
    size_t ntaken, int len, struct cidr *scratch, struct cidr *out)
{
	struct u128 cand, m, spacelast;
	size_t i, n = 0;

	if (!valid(space) || len < space->len || len > width(space->family))
		return false;
	/* Keep only same-family blocks touching space, masked and with
	 * zeroed padding, so equal keys are identical bytes and the qsort
	 * result is the same whatever its tie order. */
	for (i = 0; i < ntaken; i++) {
		const struct cidr *t = &taken[i];

		if (!cidr_overlaps(space, t))
			continue;
		/* t covers all of space; the sweep would find the same. */
		if (t->len <= space->len)
			return false;
		memset(&scratch[n], 0, sizeof(scratch[n]));
		scratch[n].family = t->family;
		scratch[n].len = t->len;
		u128_store(t->family, first(t), scratch[n].addr);
		n++;
	}
	if (n > 1)
		qsort(scratch, n, sizeof(*scratch), cmp_qsort);

	m = u128_low(width(space->family) - len);
	cand = first(space);
	spacelast = last(space);
	for (i = 0; i < n; i++) {
		struct u128 tfirst = first(&scratch[i]);
		struct u128 tlast = last(&scratch[i]);
		struct u128 candlast = {cand.hi | m.hi, cand.lo | m.lo};

		if (u128_cmp(tlast, cand) < 0)
			continue;	/* nested in a block already skipped */
		if (u128_cmp(candlast, tfirst) < 0)
			break;		/* cand ends before t: free */
		/* Blocks nest or are disjoint, so the next candidate is the
		 * first aligned /len after the end of t. */
		tlast.hi |= m.hi;
		tlast.lo |= m.lo;
		if (u128_cmp(tlast, spacelast) >= 0)
			return false;
		cand = u128_inc(tlast);
	}
	memset(out, 0, sizeof(*out));
	out->family = space->family;
	out->len = len;
	u128_store(space->family, cand, out->addr);
	return true;
}

/* Sort key for cidr_find_overlaps: family, network, length, then index,
 * so the order is total and the output does not depend on the sort. */
static int
key_cmp(const struct cidr *v, size_t i, size_t j)
{
	const struct cidr *a = &v[i], *b = &v[j];
	int r;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if ((r = u128_cmp(first(a), first(b))) != 0)
		return r;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return i < j ? -1 : i > j;
}

static void
sift_down(const struct cidr *v, size_t *idx, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1, t;

		if (child >= n)
			return;
		if (child + 1 < n && key_cmp(v, idx[child], idx[child + 1]) < 0)
			child++;
		if (key_cmp(v, idx[root], idx[child]) >= 0)
			return;
		t = idx[root];
		idx[root] = idx[child];
		idx[child] = t;
		root = child;
	}
}

/* Heap sort: in place and O(n log n) worst case, and it takes v as an
 * argument, which qsort's comparator cannot without a global. */
static void
heap_sort(const struct cidr *v, size_t *idx, size_t n)
{
	size_t i, end, t;

	if (n < 2)
		return;
	for (i = n / 2; i-- > 0;)
		sift_down(v, idx, i, n);
	for (end = n - 1; end > 0; end--) {
		t = idx[0];
		idx[0] = idx[end];
		idx[end] = t;
		sift_down(v, idx, 0, end);
	}
}

size_t
cidr_find_overlaps(const struct cidr *v, size_t n, size_t *idx,
    size_t (*pairs)[2], size_t maxpairs)
{
	size_t i, found = 0, top = 0;
	struct u128 toplast = {0, 0};
	bool open = false;

	for (i = 0; i < n; i++) {
		assert(valid(&v[i]));
		idx[i] = i;
	}
	heap_sort(v, idx, n);
	/* Every earlier-sorted block starts at or before b, so b overlaps one
	 * of them iff it starts at or before the furthest end seen so far;
	 * the block owning that end contains b. Ties keep the earlier block,
	 * which is the outermost (or, for equal blocks, the lowest index). */
	for (i = 0; i < n; i++) {
		const struct cidr *b = &v[idx[i]];
		struct u128 bfirst = first(b), blast = last(b);

		if (open && v[top].family == b->family &&
		    u128_cmp(bfirst, toplast) <= 0) {
			if (found < maxpairs) {
				pairs[found][0] = top;
				pairs[found][1] = idx[i];
			}
			found++;
		}
		if (!open || v[top].family != b->family ||
		    u128_cmp(blast, toplast) > 0) {
			top = idx[i];
			toplast = blast;
			open = true;
		}
	}
	return found;
}

bool
cidr_is_private(const struct cidr *c)
{
	size_t i;

	for (i = 0; i < sizeof(private_blocks) / sizeof(private_blocks[0]); i++)
		if (cidr_contains(&private_blocks[i], c))
			return true;
	return false;
}
