/* apply.c - vnetc plan, apply and destroy: the command. Reads every step
 * first (a plan: GET what exists, compare it with body.c's desired state),
 * prints the plan, asks, then writes only what differs, independent steps
 * at once, each operation to the journal (docs/azure-notes.md 6.3). The
 * parts: ops.c (steps -> operations), exec.c (their requests, retries,
 * polling), diff.c (desired against live), arm.c (the connection),
 * journal.c, report.c (what is printed). */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exec.h"

const struct cmd_names cmds[] = {
	[APPLY_PLAN] = {"plan", "planning"},
	[APPLY_APPLY] = {"apply", "applying"},
	[APPLY_DESTROY] = {"destroy", "destroying"},
};

/* ---- the command ---- */

/* Ask on the terminal; true only for "yes". */
static bool
confirm(struct run *r)
{
	char line[64];

	fprintf(stderr, "\nvnetc: %s these changes in subscription %s? Only "
	    "'yes' goes on: ", r->o->cmd == APPLY_DESTROY ? "Make" : "Apply",
	    r->vc.subscription);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, "yes") == 0;
}

/* A readonly pass: every step read and decided, nothing written; the
 * plan printed, unless quiet and it has no errors. Returns the number of
 * changes, or -1 when the plan has errors (a read failed, a resource the
 * spec says exists is not there, a step could not be read), their number
 * in r->nplan_err. */
static int
plan_pass(struct run *r, bool quiet)
{
	size_t changes = 0;

	r->readonly = true;
	r->nplan_err = 0;
	ops_build(r);
	exec_run(r);
	for (size_t i = 0; i < r->nops; i++) {
		/* locks decided after the settings were read */
		struct op *op = &r->ops[i];
		if (op->kind == K_SETTINGS && op->res != R_FAILED &&
		    op->act == ACT_NONE && exec_lock_written(r, op))
			op->act = ACT_UPDATE;
		if (op->res == R_FAILED || op->res == R_SKIPPED)
			r->nplan_err++;
		else if (op->kind != K_LEFT && op->act != ACT_NONE)
			changes++;
	}
	if (!quiet || r->nplan_err)
		report_plan(r);
	ops_free(r);
	r->readonly = false;
	return r->nplan_err ? -1 : (int)changes;
}

static void
journal_run(struct run *r)
{
	journal_put(&r->jnl, json_pack("{s:s,s:s,s:s,s:s}", "event", "run",
	    "command", cmds[r->o->cmd].name, "spec", r->p->spec->file,
	    "endpoint", r->arm.endpoint));
}

/* apply and destroy, --yes or not, write nothing when their plan has
 * errors (issue 14): half an estate is worse than none.
 *   vnetc: apply stopped before its first write: the plan above has 1
 *   error; nothing was changed */
static int
refuse(struct run *r)
{
	fprintf(stderr, "vnetc: %s stopped before its first write: the plan "
	    "%s has %zu %s; nothing was changed\n", cmds[r->o->cmd].name,
	    r->o->json ? "printed" : "above", r->nplan_err,
	    r->nplan_err == 1 ? "error" : "errors");
	journal_run(r);
	journal_put(&r->jnl, json_pack("{s:s,s:I,s:I,s:I}", "event", "end",
	    "plan_errors", (json_int_t)r->nplan_err, "failed", (json_int_t)0,
	    "written", (json_int_t)0));
	return 3;
}

/* An operation the journal says was accepted and never seen to end:
 * its operation is followed before anything is read or written. */
static void
resume(struct run *r, struct op *op)
{
	bool loc;
	const char *poll = journal_pending(&r->jnl, op->path, &loc);

	if (!poll || !http_url_allowed(poll, NULL, 0))
		return;
	op->poll = xstrdup(poll);
	op->poll_loc = loc;
	op->resume = true;
	fprintf(stderr, "vnetc: %s: the last run stopped while ARM was "
	    "working on it (%s); waiting for that operation first\n",
	    op->label, r->jnl.path);
}

static int
execute(struct run *r)
{
	size_t written = 0;

	ops_build(r);
	if (r->jnl.fd >= 0) {
		for (size_t i = 0; i < r->nops; i++)
			if (r->ops[i].kind != K_LEFT)
				resume(r, &r->ops[i]);
		journal_run(r);
	}
	r->t0 = now_ms();
	r->progress = !r->o->json && isatty(STDOUT_FILENO);
	exec_run(r);
	size_t bad = report_summary(r);
	for (size_t i = 0; i < r->nops; i++)
		written += r->ops[i].wrote;
	journal_put(&r->jnl, json_pack("{s:s,s:I,s:I}", "event", "end", "failed",
	    (json_int_t)bad, "written", (json_int_t)written));
	ops_free(r);
	return bad ? 3 : 0;
}

/* A Key Vault vnetc creates names its tenant (body.c create_json): the
 * token's, else AZURE_TENANT_ID's. Returns 0, or 3 with the reason
 * printed when apply would create one and neither says: plan and destroy
 * write no vault, so they read without it (a plan then leaves tenantId
 * out of what it compares). */
static int
find_tenant(struct run *r)
{
	struct spec *s = r->p->spec;
	char *tid = auth_token_tenant(r->arm.token);
	const char *env = getenv("AZURE_TENANT_ID");
	bool need = false;

	if (tid || (env && *env))
		r->vc.tenant = arena_strdup(&s->arena, tid ? tid : env);
	free(tid);
	for (size_t i = 0; i < s->nbackends; i++)
		need |= s->backends[i].cr.is && (s->backends[i].rt->res ==
		    RES_KV || s->backends[i].rt->res == RES_SQL);
	if (r->vc.tenant || !need || r->o->cmd != APPLY_APPLY)
		return 0;
	fprintf(stderr, "vnetc: %s creates a Key Vault or a SQL server, "
	    "which names its tenant, but the token does not say which (no tid claim); set "
	    "AZURE_TENANT_ID\n", cmds[r->o->cmd].name);
	/* a setting the user gives, as a missing subscription: 2 */
	return 2;
}

int
apply_run(const struct plan *p, const struct apply_opts *o)
{
	struct run r = {.p = p, .o = o, .jnl = {.fd = -1, .lockfd = -1}};
	char why[256];
	int rc;

	/* libcurl is loaded only now (http.c), so say at once if it is not
	 * there, before any journal is written. 3, as when it cannot start
	 * (login); not 2, which plan --detailed-exitcode reads as changes:
	 *   vnetc: plan needs libcurl (libcurl.so.4: cannot open shared
	 *   object file: No such file or directory): install the Debian
	 *   package libcurl4 */
	if (http_load(why, sizeof(why)) < 0) {
		fprintf(stderr, "vnetc: %s needs libcurl (%s): install the "
		    "Debian package libcurl4\n", cmds[o->cmd].name, why);
		return 3;
	}
	if ((rc = arm_resolve(&r.arm, p->spec, o)))
		return rc;
	r.vc = (struct valctx){.mode = VAL_REST, .spec = p->spec,
	    .subscription = r.arm.subscription};
	r.rng = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	if (o->dry_run) {
		r.vc.tenant = getenv("AZURE_TENANT_ID");
		if (!r.vc.tenant || !*r.vc.tenant)
			r.vc.tenant = "(the tenant of vnetc's credentials)";
		/* destroy deletes what the journal says vnetc created */
		journal_peek(&r.jnl, o->outdir ? o->outdir : "out",
		    p->spec->owner);
		ops_build(&r);
		report_dry_run(&r);
		ops_free(&r);
		journal_close(&r.jnl);
		return fflush(stdout) ? 2 : 0;
	}
	if (o->cmd != APPLY_PLAN && !o->yes && !isatty(STDIN_FILENO)) {
		fprintf(stderr, "vnetc: %s changes Azure and asks first, but "
		    "there is no terminal to ask on; pass --yes to go on "
		    "without asking\n", cmds[o->cmd].name);
		return 2;
	}
	/* One run at a time per journal; a plan with --lock takes it too,
	 * so that no apply changes what it reads (3, not 2, which plan
	 * --detailed-exitcode reads as changes: 1 there) */
	bool lock = o->cmd != APPLY_PLAN || o->lock;
	if (lock && (rc = journal_lock(&r.jnl, o->outdir ? o->outdir : "out",
	    p->spec->owner, cmds[o->cmd].name, o->lock_timeout))) {
		if (rc == 3 && o->detailed)
			rc = 1;
		goto out;
	}
	if (o->cmd != APPLY_PLAN && (rc = journal_open(&r.jnl)))
		goto out;
	/* a plan shows the revokes apply would make (ops.c orphan_ops) */
	if (o->cmd == APPLY_PLAN)
		journal_peek(&r.jnl, o->outdir ? o->outdir : "out",
		    p->spec->owner);
	/* A reader that goes away (| head) must not stop an apply half way:
	 * output fails quietly, the operations go on to the journal. */
	if (o->cmd != APPLY_PLAN)
		signal(SIGPIPE, SIG_IGN);
	if ((rc = arm_login(&r.arm, o)))
		goto out;
	if ((rc = find_tenant(&r)))
		goto out;
	if (!o->json)
		fprintf(stderr, "vnetc: %s %s at %s, subscription %s, "
		    "credentials from %s\n", cmds[o->cmd].doing, p->spec->file,
		    r.arm.endpoint, r.vc.subscription, auth_source());
	if (o->cmd == APPLY_PLAN) {
		int ch = plan_pass(&r, false);
		rc = ch < 0 ? (o->detailed ? 1 : 3) :
		    o->detailed && ch > 0 ? 2 : 0;
		goto out;
	}
	/* Every resource is read before the first write, --yes or not: a
	 * plan with errors stops here (shown even with --yes). */
	int ch = plan_pass(&r, o->yes);
	if (ch < 0) {
		rc = refuse(&r);
		goto out;
	}
	if (!o->yes) {
		if (ch == 0) {
			fprintf(stderr, "vnetc: nothing to do\n");
			rc = 0;
			goto out;
		}
		if (!confirm(&r)) {
			fprintf(stderr, "vnetc: %s cancelled; nothing was "
			    "changed\n", cmds[o->cmd].name);
			rc = APPLY_CANCELLED;
			goto out;
		}
	}
	rc = execute(&r);
out:
	journal_close(&r.jnl);
	free(r.unreachable);
	arm_close(&r.arm);
	return rc;
}

