/* arm.h - the executor's connection to Azure Resource Manager (arm.c):
 * which cloud, endpoint and subscription, the token, and the one door
 * every ARM request goes out by and every answer comes in by, so that
 * what must see each request (pacing, counting) sits in one place. Knows
 * no operations: apply's, plan's and a future import's reads share it.
 *
 * Ownership: endpoint and audience live in the spec's arena; arm_close
 * frees and wipes the token. */
#ifndef ARM_H
#define ARM_H

#include <stdbool.h>

#include "apply.h"
#include "auth.h"
#include "http.h"
#include "pace.h"

/* The subscription of a dry run given none: no subscription has it. */
#define DRY_RUN_SUB "00000000-0000-0000-0000-000000000000"
/* The one a dry run without a subscription puts in its URLs; compared by
 * address, so that a spec whose subscription: is this id is not told that
 * its subscription is a placeholder. */
extern const char dry_run_sub[];

struct arm {
	const char *endpoint, *audience;
	const char *subscription;
	char *token, *authz;
	const char *hdr_auth[3], *hdr_plain[2];
	struct auth_opts ao;
	/* the requests in flight, each with its place in ARM's budget */
	struct arm_flight {
		const struct http_req *req;
		struct http_resp *resp;
		struct pace_ticket ticket;
	} *fl;
	size_t nfl, capfl;
	unsigned long nwaits;	/* requests held back for the budget, each
				 * once however often the executor asks
				 * again (exec.c) */
};

/* Cloud, endpoints and subscription from the spec and the options; the
 * spec's ${vnetc_subscription} set. Returns 0, or 2 with the reason
 * printed. */
int arm_resolve(struct arm *a, struct spec *s, const struct apply_opts *o);
/* The same without a spec (vnetc import): cloud c's endpoints, or the
 * options', and the subscription of the options or the environment; the
 * endpoint is copied into *arena. Returns 0, or 2 with the reason
 * printed. */
int arm_open(struct arm *a, enum cloud c, const struct apply_opts *o,
    struct arena **arena);
/* Start libcurl and get a token. Returns 0, or 3 with the reason
 * printed. */
int arm_login(struct arm *a, const struct apply_opts *o);
/* A new token after ARM said the old one expired; false (printed) when
 * none came. */
bool arm_reauth(struct arm *a);
/* endpoint + path + ?api-version=api, percent-encoded; malloc'd. */
char *arm_url(const struct arm *a, const char *path, const char *api);
/* Send req: the token only to the endpoint's origin (own: req->url is
 * arm_url's), paced under ARM's throttling (pace.h): one budget of reads,
 * writes and deletes for every request of the run. Returns 0 sent, -1
 * refused before sending (resp says why), or > 0: the budget has no room
 * for it yet, nothing was sent; try again in that many ms. */
int arm_start(struct arm *a, struct http_req *req, struct http_resp *resp,
    bool own);
/* The next request answered within wait_ms, or NULL (none in flight:
 * after sleeping wait_ms). Its answer tells the budget what ARM has left
 * (x-ms-ratelimit-remaining-subscription-*) or, a 429, how long to hold
 * its class back (Retry-After). */
const struct http_req *arm_next(struct arm *a, long wait_ms);
/* The token freed and wiped, libcurl let go. */
void arm_close(struct arm *a);

#endif
