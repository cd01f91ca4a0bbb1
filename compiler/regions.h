/* regions.h - the Azure regions of each cloud, by the name ARM and
 * `az account list-locations` give them (westeurope, usgovvirginia,
 * chinanorth3). Pure data and lookups: no I/O, no diagnostics, no
 * allocation. Where the tables come from: regions.c and
 * docs/azure-notes.md. */
#ifndef REGIONS_H
#define REGIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "privatelink.h" /* enum cloud */

/* Whether cloud c's table has name (compared exactly: spec.c gives the
 * lowercase form without spaces). */
bool region_known(enum cloud c, const char *name);
/* The cloud whose table has name; false (and *out unchanged) if none. */
bool region_cloud_of(const char *name, enum cloud *out);
/* The region of cloud c nearest to name by edit distance, with that
 * distance in *dist; NULL for a cloud outside enum cloud. */
const char *region_nearest(enum cloud c, const char *name, int *dist);
/* Region names as ARM compares them: without case and spaces ("West
 * Europe" is westeurope). check.c's region checks and diff.c's live
 * locations both use it. */
bool region_same(const char *a, const char *b);
/* The most instances an Elastic Premium plan scales out to in region name
 * (compared as region_same does) on Linux or Windows, by Microsoft's
 * "Region max scale-out" table: 0 where the table says the OS is not
 * available there, -1 for a region the table does not list. */
int region_ep_max_burst(const char *name, bool linux);
/* Cloud c's table, NULL-terminated, in table order (tests). */
const char *const *region_table(enum cloud c);

#endif
