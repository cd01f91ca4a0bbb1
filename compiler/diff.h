/* diff.h - desired state against live state (diff.c): what ARM holds is
 * read here and compared with what body.c says the spec wants. Apart from
 * the executor's operations, so that anything that reads Azure (apply,
 * plan, a future import) compares the same way.
 *
 * Ownership: nothing is stolen; diff_* append new records to out, which
 * the caller owns. */
#ifndef DIFF_H
#define DIFF_H

#include <stdbool.h>

#include <jansson.h>

/* Append {path, old, new} to out for every leaf of want that have lacks
 * or holds otherwise; what Azure adds (ids, defaults) is no difference.
 * exact: strings compare with case (app settings are data). */
void diff_json(json_t *want, json_t *have, bool exact, json_t *out);
/* Append one record {path, old, new} to out; NULL old or new: absent. */
void diff_add(json_t *out, const char *path, json_t *old, json_t *new);
/* A peering (have) out of sync with its VNets' address spaces: the
 * difference appended to out; true when the PUT needs
 * syncRemoteAddressSpace. */
bool diff_peering(json_t *have, json_t *out);
/* A resource whose provisioning failed: the difference appended to out,
 * for it is written again even when its properties are as wanted ("To
 * restore succeeded state, run another write (PUT) operation",
 * docs/azure-notes.md 17); true if so. */
bool diff_failed(json_t *have, json_t *out);

/* properties.provisioningState of a resource, or NULL. */
const char *diff_prov_state(json_t *body);
/* A provisioning or operation state that ARM no longer works on; NULL
 * (absent) counts as Succeeded. */
bool diff_state_terminal(const char *s);
/* Failed or Canceled. */
bool diff_state_failed(const char *s);
/* One of the zone groups in list (a GET of an endpoint's
 * privateDnsZoneGroups) holds the zone of resource id zid. */
bool diff_groups_hold(json_t *list, const char *zid);

/* The remoteVirtualNetwork.id of a peering (a GET answer or a body), or
 * NULL. */
const char *diff_peer_remote(json_t *peering);

#endif
