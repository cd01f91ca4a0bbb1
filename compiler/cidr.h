/* cidr.h - pure IPv4/IPv6 prefix maths: parse, format, compare, size,
 * allocate, find overlaps. No I/O, no diagnostics, no global state, no
 * allocation: callers pass scratch arrays and report errors themselves.
 * Every struct cidr produced here has its host bits cleared. */
#ifndef CIDR_H
#define CIDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { CIDR_STRLEN = 64 };

struct cidr {
	int family;		/* 4 or 6 */
	uint8_t addr[16];	/* network order; v4 uses addr[0..3], rest 0 */
	int len;		/* 0-32 or 0-128 */
};

enum cidr_err {
	CIDR_OK,
	CIDR_EMPTY,		/* "" or NULL */
	CIDR_NO_LEN,		/* no "/n" */
	CIDR_BAD_LEN,		/* "/33", "/024", "/+8", "/" */
	CIDR_BAD_ADDR,		/* "10.0.0/8", "::1::/64", " 10.0.0.0/8" */
	CIDR_BAD_OCTET,		/* "10.0.0.256/24" */
	CIDR_LEADING_ZERO,	/* "10.0.0.01/24" */
	CIDR_HOST_BITS,		/* "10.0.0.5/24": *out is 10.0.0.0/24 */
};

/* Parses "a.b.c.d/n" or any RFC 4291 IPv6 text form "x::y/n" (including
 * an embedded IPv4 tail, hex in either case) strictly: no whitespace, no
 * zone id, no leading zeros in v4 octets or in n. Returns CIDR_OK; or
 * CIDR_HOST_BITS with *out set to the masked network, for a suggestion;
 * any other error leaves *out zeroed. A NULL s is CIDR_EMPTY. */
enum cidr_err cidr_parse(const char *s, struct cidr *out);
/* Parses a bare address with the same rules; false on error or a "/n". */
bool cidr_parse_addr(const char *s, int *family, uint8_t addr[16]);
/* Short English reason, e.g. "octet out of range 0-255"; never NULL. */
const char *cidr_strerror(enum cidr_err e);

/* "10.0.0.0/24", "2001:db8::/32": RFC 5952 for IPv6 (lowercase, longest
 * run of two or more zero groups shown as "::", the first on a tie), and
 * IPv4-mapped addresses as "::ffff:10.0.0.1" (RFC 5952 section 5). */
void cidr_format(const struct cidr *c, char buf[CIDR_STRLEN]);
/* The address part alone, same rules as cidr_format. */
void cidr_format_addr(int family, const uint8_t addr[16],
    char buf[CIDR_STRLEN]);

/* The last address of c (the broadcast address for IPv4). */
void cidr_last(const struct cidr *c, uint8_t addr[16]);

/* Same family and every address of inner lies in outer (equal counts). */
bool cidr_contains(const struct cidr *outer, const struct cidr *inner);
/* Same family and at least one shared address. */
bool cidr_overlaps(const struct cidr *a, const struct cidr *b);
/* <0, 0, >0 by family, then stored address bytes, then length (shorter
 * first); 0 only for identical prefixes. */
int cidr_cmp(const struct cidr *a, const struct cidr *b);

/* 32 - len for IPv4, 128 - len for IPv6. */
int cidr_hostbits(const struct cidr *c);
/* Number of addresses; UINT64_MAX if 2^64 or more (IPv6 /64 and shorter). */
uint64_t cidr_size(const struct cidr *c);
/* Addresses left after Azure's 5 reserved ones (network, .1, .2, .3,
 * broadcast); 0 below /29. Exact where it fits: an IPv6 /64 gives
 * 2^64 - 5 = UINT64_MAX - 4; shorter prefixes give UINT64_MAX. */
uint64_t cidr_azure_usable(const struct cidr *c);
/* Network + 4, the first address Azure hands out; false if none usable. */
bool cidr_azure_first_usable(const struct cidr *c, uint8_t addr[16]);
/* Last address - 1 (Azure keeps the last); false if none usable. */
bool cidr_azure_last_usable(const struct cidr *c, uint8_t addr[16]);

/* Lowest aligned /len block inside space that overlaps none of
 * taken[0..ntaken) (any order; blocks of the other family or outside
 * space are ignored). scratch holds ntaken elements and is clobbered.
 * O(n log n). False if len is shorter than space or too long, or if
 * nothing is free. */
bool cidr_alloc(const struct cidr *space, const struct cidr *taken,
    size_t ntaken, int len, struct cidr *scratch, struct cidr *out);

/* Overlaps among v[0..n) in O(n log n). Blocks are sorted by (family,
 * network, length, index); for each block b overlapping an earlier-sorted
 * block, one pair {a, b} of original indices is written, a being the
 * outermost earlier block containing b (for equal blocks, the lowest
 * index). Pairs come in the sorted order of b; at most maxpairs are
 * written (pairs may be NULL if maxpairs is 0). idx is scratch of n
 * elements. Returns the number of such blocks, which may exceed maxpairs;
 * 0 means no two blocks overlap. */
size_t cidr_find_overlaps(const struct cidr *v, size_t n, size_t *idx,
    size_t (*pairs)[2], size_t maxpairs);

/* Fully inside RFC 1918 (10/8, 172.16/12, 192.168/16) or RFC 6598
 * 100.64/10; for IPv6, inside fc00::/7 (unique local). */
bool cidr_is_private(const struct cidr *c);

#endif
