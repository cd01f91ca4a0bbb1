/* uuid.h - SHA-1 and name-based (version 5) UUIDs, as ARM's guid()
 * template function makes them; knows nothing else of vnetc. */
#ifndef VNETC_UUID_H
#define VNETC_UUID_H

#include <stddef.h>

/* SHA-1 (FIPS 180-4) of len bytes at data. */
void sha1(const void *data, size_t len, unsigned char out[20]);
/* The version 5 UUID of name (len bytes) in namespace ns (RFC 9562 5.5,
 * RFC 4122 4.3): SHA-1 of ns's 16 bytes then the name, its first 16
 * bytes with the version set to 5 and the variant to 10; out gets the
 * lowercase 8-4-4-4-12 text and a NUL. */
void uuid5(const unsigned char ns[16], const char *name, size_t len,
    char out[37]);
/* ARM's guid(args[0], ..., args[n-1]): uuid5 in the namespace
 * 11fb06fb-712d-4ddd-98c7-e71bbd588830 of the arguments joined by '-'
 * (docs/azure-notes.md, "Role assignments": what reimplementations of
 * ARM's function use; not pinned to a value ARM printed). */
void arm_guid(const char *const *args, size_t n, char out[37]);

#endif
