/* exec.h - what the executor's files share: the operations of a run and
 * the run itself. apply.c runs the command; ops.c makes the plan's steps
 * into operations; exec.c takes each through its requests (read, write,
 * poll, retry); report.c prints them; below them, diff.c compares, arm.c
 * sends, journal.c records. apply.h is all that main.c needs; this is
 * for those files only.
 *
 * Ownership: ops_build allocates the operations and their JSON, ops_free
 * frees them; strings of the plan and spec live in its arena. */
#ifndef EXEC_H
#define EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "apply.h"
#include "arm.h"
#include "batch.h"
#include "http.h"
#include "journal.h"

/* What one operation does with its step. */
enum kind {
	K_LEFT,       /* nothing: an existing resource the step leaves */
	K_RG,         /* GET; PUT if missing */
	K_PUT,        /* what vnetc creates: GET, compare, PUT */
	K_PATCH,      /* an existing resource: GET, compare, PATCH */
	K_SETTINGS,   /* POST list, merge, PUT (az appsettings set) */
	K_DELETE,     /* destroy: GET, DELETE */
	K_DISCONNECT, /* destroy: the app leaves its integration subnet */
	K_POLICY,     /* zone_group: policy: GET the endpoint's zone groups
		       * until one holds every zone it needs; never a write */
};

enum phase {
	PH_WAIT, PH_RESUME, PH_READ, PH_KEYS, PH_WRITE, PH_POLL, PH_CONFIRM,
	PH_PURGE, PH_PRINCIPAL /* a role assignment's: GET its principal first */,
	PH_LINKS /* a zone link not there by its name: the zone's links */,
	PH_FROM /* app settings: GET the resources their {from:} read */,
	PH_DONE
};

/* What the read decided (plan) and how it ended (apply). */
enum act { ACT_NONE, ACT_CREATE, ACT_UPDATE, ACT_DELETE, ACT_DISCONNECT };

enum result {
	R_NONE, R_UNCHANGED, R_CREATED, R_UPDATED, R_DELETED, R_ABSENT,
	R_DISCONNECTED, R_LEFT, R_FAILED, R_SKIPPED /* ORDER RESULT */
};

/* ORDER RESULT: what a result and an action are called in the output. */
extern const char *const result_names[];
extern const char *const act_names[];

struct op {
	const struct step *st;
	enum kind kind;
	const char *label, *kindname, *name;
	const char *path, *api; /* the resource (arena) */
	/* a created function app: its host storage's listKeys path, whose
	 * answer replaces body_key_mark in the body it sends (PH_KEYS);
	 * the key, held only in memory and wiped when the op ends */
	const char *keys, *keys_api;
	/* ... and (storage_identity: a user-assigned identity) the
	 * identity's path, whose clientId (GET, also PH_KEYS, after the
	 * key) replaces body_client_mark, kept in cid */
	const char *client;
	char *cid;
	bool orphan;            /* what the journal holds and the plan no
				 * longer makes (ops.c orphan_ops) */
	int orphan_rank;        /* its order among them */
	char *secret;
	const char *left;       /* K_LEFT: why */
	const char *note;       /* K_DELETE: what the delete leaves behind
				 * (a soft-deleted back end), said before */
	bool verify;            /* K_LEFT, K_RG: the spec says it exists; a
				 * GET must find it before anything is
				 * written (issue 14) */
	json_t *want;           /* desired body / patch / settings / subnet id */
	size_t from_at;         /* K_SETTINGS: the setting PH_FROM reads */
	json_t *from;           /* K_SETTINGS: setting name -> "KEY.P" of
				 * each {from:} (report.c), or NULL */
	json_t *unknown;        /* K_SETTINGS: names of those whose resource
				 * is not there yet (plan), or NULL */
	json_t *owned;          /* K_SETTINGS of a created app or slot: the
				 * names of the settings its create body
				 * writes (body_site_settings), true for
				 * those that hold its host storage's key
				 * (never shown), or NULL */
	bool with_site;         /* made with its site (ops.c site_ops): not
				 * there yet (plan), nothing to write */
	const char *keys_at;    /* K_SETTINGS: the listKeys path op->keys
				 * takes when a setting it writes holds the
				 * key (exec.c owned_keys) */
	const char *client_at;  /* ... and the identity op->client takes
				 * when one holds its storage_identity:'s
				 * client id */
	size_t *deps;           /* ops this one waits for */
	size_t ndeps;

	enum phase ph;
	enum act act;
	enum result res;
	bool active, busy, existed, wrote, purged, reauthed, resume;
	bool sync;              /* a peering PUT with syncRemoteAddressSpace */
	bool held;              /* its request waits for ARM's budget (counted
				 * once in arm.nwaits) */
	bool pending;           /* K_POLICY: not there yet (the plan says so) */
	const char *scope_note; /* "resource group RG of subscription S" of a
				 * resource outside the spec's own group */
	const char *gone;       /* K_LEFT: what to say when it is missing */
	bool fresh;             /* K_PATCH: a change to an app this run
				 * creates, missing at the first read:
				 * the whole change is written after it */
	json_t *actual, *diffs, *send;
	char *poll;             /* operation URL being polled */
	bool poll_loc;          /* a Location URL, not Azure-AsyncOperation */
	const char *wmethod;    /* of the last write */
	int tries, nretries, npoll, nsettle, nrewrite;
	long retry_waited, t_start, t_end, due, deadline;
	long t_accepted;        /* when ARM accepted its last write */
	struct http_req req;
	struct http_resp resp;
	char *url, *body;
	char why[700];
	const char *blocker;
	struct lister *list;    /* the list its first read comes from
				 * (exec_lists), or NULL: a GET of its own */
	bool listed;            /* its first read is done (list or GET) */
	long t_busy;            /* when its read first found ARM working
				 * on it (provisioningState Updating...),
				 * 0: never */
	const char *busy_state; /* plan: that state, shown on its line */
	long t_dirty;           /* when the last write this run made to
				 * what it waits for ended, 0 none: a list
				 * sent before it may show it stale */
};

/* A list that answers the first reads of several operations (batch.h),
 * with its requests (one per page, following nextLink). */
struct lister {
	struct batch b;
	struct http_req req;
	struct http_resp resp;
	char *url;
	long due;
	int tries;
	bool busy, held;
	size_t shown;           /* --dry-run: the step that printed it */
};

struct run {
	const struct plan *p;
	const struct apply_opts *o;
	struct valctx vc;
	struct op *ops;
	size_t nops;
	size_t nscope;          /* the last nscope ops: the scope reads */
	struct arm arm;         /* endpoint, subscription, token */
	uint64_t rng;
	struct journal jnl;
	bool readonly;          /* plan: decide, write nothing */
	size_t nactive;
	size_t lo;              /* ops before it are all done */
	long t0;
	bool progress;          /* a live line on the terminal */
	char shown[80];         /* what it says now */
	char *unreachable;      /* why ARM could not be reached, or NULL */
	bool unreachable_said;
	size_t nplan_err;       /* plan_pass: steps failed or not read */
	json_t *op_ms;          /* kind -> the fastest operation of that
				 * kind seen this run, ms (exec.c) */
	struct lister *lists;   /* exec_lists */
	size_t nlists;
};

/* The command as the user typed it, and what it is doing, for messages
 * (apply.c). */
struct cmd_names {
	const char *name, *doing;
};
extern const struct cmd_names cmds[];

/* How long op took, in seconds (0 before it ends). */
static inline double
op_secs(const struct op *op)
{
	return op->t_end > op->t_start ? (op->t_end - op->t_start) / 1000.0 :
	    0.0;
}

/* ---- ops.c: the plan's steps -> operations ---- */

/* r->ops from the plan: one per step (destroy: backwards), then the reads
 * of the back ends and scopes apply needs, with what each waits for. */
void ops_build(struct run *r);
size_t ops_shown(const struct run *r, size_t k);
/* Free r->ops and all they hold. */
void ops_free(struct run *r);
/* Free op's request and answer, ready for the next. */
void ops_reset_req(struct op *op);
/* The first resource the spec says exists in its own resource group, as
 * "back end 'vault'", or NULL: then that group exists too. */
const char *ops_existing_in_rg(struct spec *s);

/* ---- exec.c: the operations' requests, retries and polling ---- */

/* Run r->ops to their end (readonly: reads only), --parallelism at once. */
void exec_run(struct run *r);
/* The lists that answer the ops' first reads (op->list): a list of a
 * group's resources of a type, or of a resource's children, when two
 * operations or more read one; exec_lists_free frees them. exec_run
 * makes and frees its own. */
void exec_lists(struct run *r);
void exec_lists_free(struct run *r);
/* A lock op waits for was written (apply) or will be (plan): the app
 * settings are written again then. */
bool exec_lock_written(struct run *r, const struct op *op);

/* ---- report.c: what the executor prints ---- */

/* The live line on a terminal: cleared, or brought up to date. */
void report_progress_clear(struct run *r);
void report_progress(struct run *r);
/* One line (or JSON line) per operation as it ends. */
void report_op(struct run *r, const struct op *op);
/* The plan of a readonly run. */
void report_plan(struct run *r);
/* The summary of apply or destroy; returns the number of operations
 * failed or not attempted. */
size_t report_summary(struct run *r);
/* --dry-run: each step's requests, as if nothing existed yet. */
void report_dry_run(struct run *r);

#endif
