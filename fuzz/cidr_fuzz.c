/* cidr_fuzz.c - libFuzzer target for the CIDR parser, with a round-trip
 * property: whatever cidr_parse accepts (or accepts with host bits set,
 * the network then in *out) formats to text that parses again to the same
 * prefix and formats the same. Also runs the prefix maths on it, which
 * must not trip a sanitizer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cidr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
same(const struct cidr *a, const struct cidr *b)
{
	return a->family == b->family && a->len == b->len &&
	    memcmp(a->addr, b->addr, sizeof(a->addr)) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct cidr c, again;
	char text[CIDR_STRLEN], text2[CIDR_STRLEN];

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	enum cidr_err e = cidr_parse(s, &c);
	(void)cidr_strerror(e);
	if (e == CIDR_OK || e == CIDR_HOST_BITS) {
		cidr_format(&c, text);
		if (cidr_parse(text, &again) != CIDR_OK || !same(&c, &again)) {
			fprintf(stderr, "round trip: '%s' -> '%s' does not "
			    "parse back to the same prefix\n", s, text);
			abort();
		}
		cidr_format(&again, text2);
		if (strcmp(text, text2) != 0) {
			fprintf(stderr, "format not stable: '%s' vs '%s'\n",
			    text, text2);
			abort();
		}
		if (!cidr_contains(&c, &again) || !cidr_overlaps(&c, &again))
			abort();
		(void)cidr_size(&c);
		(void)cidr_hostbits(&c);
		(void)cidr_azure_usable(&c);
		(void)cidr_is_private(&c);
	}
	free(s);
	return 0;
}
