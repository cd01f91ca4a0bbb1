/* uuid.c - SHA-1 and version 5 UUIDs (uuid.h). SHA-1 here names things;
 * it protects nothing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uuid.h"
#include "util.h"

static uint32_t
rol(uint32_t x, int n)
{
	return x << n | x >> (32 - n);
}

/* One 64-byte block into h (FIPS 180-4 6.1.2). */
static void
sha1_block(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];

	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		    (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
	for (int t = 16; t < 80; t++)
		w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
	for (int t = 0; t < 80; t++) {
		uint32_t f, k;
		if (t < 20)
			f = (b & c) | (~b & d), k = 0x5a827999;
		else if (t < 40)
			f = b ^ c ^ d, k = 0x6ed9eba1;
		else if (t < 60)
			f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdc;
		else
			f = b ^ c ^ d, k = 0xca62c1d6;
		uint32_t tmp = rol(a, 5) + f + e + k + w[t];
		e = d, d = c, c = rol(b, 30), b = a, a = tmp;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

void
sha1(const void *data, size_t len, unsigned char out[20])
{
	uint32_t h[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
	    0xc3d2e1f0};
	const unsigned char *p = data;
	unsigned char last[128] = {0};
	size_t full = len / 64 * 64, rest = len - full;
	uint64_t bits = (uint64_t)len * 8;

	for (size_t i = 0; i < full; i += 64)
		sha1_block(h, p + i);
	/* the padding: 0x80, zeros, the length in bits, big-endian */
	memcpy(last, p + full, rest);
	last[rest] = 0x80;
	size_t n = rest + 9 <= 64 ? 64 : 128;
	for (int i = 0; i < 8; i++)
		last[n - 1 - i] = (unsigned char)(bits >> (8 * i));
	sha1_block(h, last);
	if (n == 128)
		sha1_block(h, last + 64);
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (unsigned char)(h[i] >> (24 - 8 * j));
}

void
uuid5(const unsigned char ns[16], const char *name, size_t len, char out[37])
{
	unsigned char *buf = malloc(16 + len + 1), d[20];

	if (!buf)
		die("out of memory");
	memcpy(buf, ns, 16);
	memcpy(buf + 16, name, len);
	sha1(buf, 16 + len, d);
	free(buf);
	d[6] = (unsigned char)((d[6] & 0x0f) | 0x50);  /* version 5 */
	d[8] = (unsigned char)((d[8] & 0x3f) | 0x80);  /* variant 10 */
	char *o = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*o++ = '-';
		o += sprintf(o, "%02x", d[i]);
	}
}

void
arm_guid(const char *const *args, size_t n, char out[37])
{
	static const unsigned char ns[16] = {0x11, 0xfb, 0x06, 0xfb, 0x71,
	    0x2d, 0x4d, 0xdd, 0x98, 0xc7, 0xe7, 0x1b, 0xbd, 0x58, 0x88, 0x30};
	struct buf b = {0};

	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? "-" : "", args[i]);
	uuid5(ns, buf_str(&b), b.len, out);
	buf_free(&b);
}
