/* unicode.c - lookups in unicode_tab.c's generated tables, UTF-8 and
 * Punycode (RFC 3492). See unicode.h. */
#include "unicode.h"

#include <stdbool.h>

#include "util.h"

size_t
uni_utf8(const unsigned char *p, uint32_t *cp)
{
	size_t n = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 :
	    (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
	uint32_t c = n == 1 ? p[0] : n == 2 ? p[0] & 0x1fu : n == 3 ?
	    p[0] & 0x0fu : p[0] & 0x07u;

	if (n == 0 || (n == 2 && p[0] < 0xc2) || (n == 4 && p[0] > 0xf4))
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3fu);
	}
	/* overlong 3- and 4-byte forms, surrogates, beyond U+10FFFF */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

/* The index of the range of a sorted table of n ranges (each starting
 * with uint32_t lo, hi, size bytes apart) that holds cp, or -1. */
static long
find(const void *table, size_t n, size_t size, uint32_t cp)
{
	const unsigned char *t = table;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const uint32_t *r = (const uint32_t *)(const void *)(t +
		    mid * size);
		if (cp < r[0])
			hi = mid;
		else if (cp > r[1])
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

#define FIND(table, cp) find(table, table##_n, sizeof(table[0]), cp)

enum uni_class
uni_class(uint32_t cp)
{
	long i = FIND(uni_classes, cp);

	return i < 0 ? UC_UNASSIGNED : uni_classes[i].cls;
}

const char *
uni_class_name(enum uni_class c)
{
	static const char *const names[] = {
		[UC_UNASSIGNED] = "unassigned in Unicode",
		[UC_LETTER] = "a letter",
		[UC_DIGIT] = "a decimal digit",
		[UC_MARK] = "a combining mark",
		[UC_ENCLOSING_MARK] = "an enclosing mark",
		[UC_NUMBER] = "a number that is not a decimal digit",
		[UC_PUNCT] = "punctuation",
		[UC_SYMBOL] = "a symbol",
		[UC_SPACE] = "a space character",
		[UC_LINE_SEP] = "a line separator",
		[UC_PARA_SEP] = "a paragraph separator",
		[UC_CONTROL] = "a control character",
		[UC_FORMAT] = "a format character",
		[UC_PRIVATE] = "a private-use character",
		[UC_SURROGATE] = "a surrogate",
	};

	return names[c];
}

const char *
uni_name(uint32_t cp)
{
	size_t lo = 0, hi = uni_names_n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp == uni_names[mid].cp)
			return uni_names[mid].name;
		if (cp < uni_names[mid].cp)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

enum uni_idna
uni_idna(uint32_t cp)
{
	long i = FIND(uni_idna_table, cp);

	return i < 0 ? UI_CLASS : uni_idna_table[i].idna;
}

uint32_t
uni_fold(uint32_t cp)
{
	long i = FIND(uni_folds, cp);

	if (i < 0 || (cp - uni_folds[i].lo) % (uint32_t)uni_folds[i].stride)
		return cp;
	return (uint32_t)((int32_t)cp + uni_folds[i].delta);
}

uint32_t
uni_compose(uint32_t first, uint32_t mark)
{
	size_t lo = 0, hi = uni_compositions_n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct uni_composition *c = &uni_compositions[mid];
		if (mark == c->mark && first == c->first)
			return c->composite;
		if (mark < c->mark || (mark == c->mark && first < c->first))
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* ---- Punycode, RFC 3492 section 6.3 (its parameters: section 5) ---- */
enum { BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700,
	INITIAL_BIAS = 72, INITIAL_N = 0x80 };

/* Section 6.1: the bias after a delta. */
static uint32_t
adapt(uint32_t delta, uint32_t npoints, bool first)
{
	uint32_t k = 0;

	delta = first ? delta / DAMP : delta / 2;
	delta += delta / npoints;
	while (delta > ((BASE - TMIN) * TMAX) / 2) {
		delta /= BASE - TMIN;
		k += BASE;
	}
	return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
}

static void
put(char *out, size_t size, size_t *len, char c)
{
	if (*len + 1 < size)
		out[*len] = c;
	++*len;
}

/* 0-25 -> a-z, 26-35 -> 0-9 */
static char
digit(uint32_t d)
{
	return (char)(d < 26 ? 'a' + d : '0' + d - 26);
}

size_t
punycode_encode(const uint32_t *in, size_t n, char *out, size_t size)
{
	uint32_t cp = INITIAL_N, delta = 0, bias = INITIAL_BIAS, h, b = 0;
	size_t len = 0;

	for (size_t i = 0; i < n; i++)
		if (in[i] < 0x80) {
			put(out, size, &len, (char)in[i]);
			b++;
		}
	if (b > 0)
		put(out, size, &len, '-');
	for (h = b; h < n; delta++, cp++) {
		uint32_t m = UINT32_MAX;
		for (size_t i = 0; i < n; i++)
			if (in[i] >= cp && in[i] < m)
				m = in[i];
		if ((m - cp) > (UINT32_MAX - delta) / (h + 1))
			return (size_t)-1;
		delta += (m - cp) * (h + 1);
		cp = m;
		for (size_t i = 0; i < n; i++) {
			if (in[i] < cp && ++delta == 0)
				return (size_t)-1;
			if (in[i] != cp)
				continue;
			uint32_t q = delta;
			for (uint32_t k = BASE;; k += BASE) {
				uint32_t t = k <= bias ? TMIN : k >= bias + TMAX ?
				    TMAX : k - bias;
				if (q < t)
					break;
				put(out, size, &len, digit(t + (q - t) %
				    (BASE - t)));
				q = (q - t) / (BASE - t);
			}
			put(out, size, &len, digit(q));
			bias = adapt(delta, h + 1, h == b);
			delta = 0;
			h++;
		}
	}
	if (size > 0)
		out[len < size ? len : size - 1] = '\0';
	return len;
}

bool
uni_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	size_t n;

	for (; *p; p += n)
		if ((n = uni_utf8(p, &c)) == 0)
			return false;
	return true;
}

/* Code points that move or hide text on a terminal: the C1 controls, the
 * bidirectional marks, embeddings, overrides and isolates of Unicode's
 * UAX #9 (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), the
 * zero-width ones (U+200B-U+200D, U+2060-U+2064, U+FEFF) and the line
 * and paragraph separators (U+2028-U+2029). */
static const struct {
	uint32_t lo, hi;
} hidden[] = {
	{0x80, 0x9f}, {0x61c, 0x61c}, {0x200b, 0x200f}, {0x2028, 0x202e},
	{0x2060, 0x2064}, {0x2066, 0x2069}, {0xfeff, 0xfeff},
};

bool
uni_hidden(uint32_t c)
{
	if (c < 0x20 || c == 0x7f)
		return true;
	for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
		if (c >= hidden[i].lo && c <= hidden[i].hi)
			return true;
	return false;
}

void
uni_put_shown(struct buf *out, const char *s, size_t len, bool text)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	uint32_t c = 0;

	while (p < end) {
		size_t n = uni_utf8(p, &c);
		bool hide = !n || n > (size_t)(end - p) || (text && uni_hidden(c));
		if (!hide)
			buf_putn(out, (const char *)p, n);
		else if (n == 1 && (c == '\n' || c == '\r' || c == '\t'))
			buf_puts(out, c == '\n' ? "\\n" : c == '\r' ? "\\r" :
			    "\\t");
		else if (n > 1 && n <= (size_t)(end - p))
			buf_printf(out, "\\u%04x", (unsigned)c);
		else
			buf_printf(out, "\\x%02x", *p);
		p += n && n <= (size_t)(end - p) ? n : 1;
	}
}
