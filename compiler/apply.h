/* apply.h - the executor: vnetc plan, apply and destroy over the ARM REST
 * API (apply.c), on http.c and auth.c.
 *
 * Ownership: apply_run() reads the plan and its spec (the arena) and
 * frees everything else it allocates, the token included (wiped). */
#ifndef APPLY_H
#define APPLY_H

#include <stdbool.h>

#include "model.h"

enum apply_cmd { APPLY_PLAN, APPLY_APPLY, APPLY_DESTROY };

struct apply_opts {
	enum apply_cmd cmd;
	const char *arm_endpoint;   /* NULL: the cloud's */
	const char *login_endpoint; /* NULL: the cloud's (auth.c) */
	const char *ca_bundle;      /* NULL: curl's */
	const char *subscription;   /* NULL: $AZURE_SUBSCRIPTION_ID */
	const char *cloud;          /* "public", "usgov", "china"; NULL: spec's */
	const char *outdir;         /* the journal goes here: DIR/NAME.journal */
	int parallelism;            /* operations at once, >= 1 */
	bool json;                  /* --output json */
	bool yes;                   /* no confirmation prompt */
	bool dry_run;               /* print the requests, send nothing */
	bool detailed;              /* plan --detailed-exitcode */
	bool lock;                  /* plan --lock: hold the journal's lock */
	long lock_timeout;          /* --lock-timeout: seconds to wait for it */
	bool verbose;               /* a line per operation on a terminal too */
	bool unrecorded;            /* destroy --delete-unrecorded */
};

/* apply's and destroy's question answered other than "yes": nothing was
 * changed, and a script can tell (terraform exits non-zero too). */
enum { APPLY_CANCELLED = 4 };

/* Run the command on a checked plan. Returns the exit status: 0 ok, 2
 * usage (bad endpoint, no subscription, no tenant for a vault apply
 * creates, no terminal to confirm on), 3
 * something failed in Azure or on the way, or another run holds the
 * journal's lock (with --lock-timeout, still after that long), 4
 * (APPLY_CANCELLED) the question was answered no; plan
 * --detailed-exitcode: 0 no changes, 2 changes, 1 error. */
int apply_run(const struct plan *p, const struct apply_opts *o);

#endif
