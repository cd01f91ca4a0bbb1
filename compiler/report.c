/* report.c - what the executor prints: the live progress line, a line
 * per operation as it ends, the plan, the summary, and --dry-run's
 * requests; text, or JSON lines with --output json. Decides nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "exec.h"
#include "pace.h"

const char *const result_names[] = {
	"", "unchanged", "created", "updated", "deleted", "absent",
	"disconnected", "left alone", "failed", "not attempted",
};

const char *const act_names[] = {
	"no change", "create", "update", "delete", "disconnect",
};

void
report_progress_clear(struct run *r)
{
	if (r->progress)
		fputs("\r\033[K", stdout);
	r->shown[0] = '\0';
}

/* The live line, on a terminal only:
 *   [120/466] 8 in flight, 35 held for ARM's limits, 1 throttled, ETA 40s
 * (held: requests vnetc's pacing made wait, each once, arm.h; throttled:
 * ARM's 429 answers; the ETA from the pace so far, once there is one). */
enum { ETA_AFTER_MS = 2000 };

void
report_progress(struct run *r)
{
	size_t done = 0;
	struct buf b = {0};

	if (!r->progress)
		return;
	for (size_t i = 0; i < r->nops; i++)
		done += r->ops[i].ph == PH_DONE;
	buf_printf(&b, "[%zu/%zu] %zu in flight", done, r->nops, r->nactive);
	/* "held": requests vnetc paced itself; "throttled": ARM's 429s,
	 * which pacing is there to avoid (a user reading "throttled" for
	 * vnetc's own pacing thought ARM refused them by the hundred) */
	if (r->arm.nwaits)
		buf_printf(&b, ", %lu held for ARM's limits", r->arm.nwaits);
	struct pace_stats ps = pace_stats();
	unsigned long n429 = 0;
	for (int c = 0; c < PACE_NCLASS; c++)
		n429 += ps.throttled[c];
	if (n429)
		buf_printf(&b, ", %lu throttled", n429);
	/* The ETA from the pace so far, once that pace means something: a
	 * tenth of the steps done and ETA_AFTER_MS gone (the first to end
	 * are reads of what exists, done in a blink: "ETA 0s" early in a
	 * run, seen by a trial), rounded up: work left is never "0s". */
	long spent = now_ms() - r->t0;
	if (done < r->nops && done * 10 >= r->nops && spent >= ETA_AFTER_MS)
		buf_printf(&b, ", ETA %lds", (spent * (long)(r->nops - done) /
		    (long)done + 999) / 1000);
	char line[80];
	snprintf(line, sizeof(line), "%.*s", (int)b.len, buf_str(&b));
	if (strcmp(line, r->shown)) {
		printf("\r\033[K%s", line);
		fflush(stdout);
		memcpy(r->shown, line, sizeof(line));
	}
	buf_free(&b);
}

/* One line per operation as it ends, e.g.
 *   created       vnet 'vnet' [myVNet] 0.4s
 *   failed        private endpoint of 'vault' [securekeyvault-pe] 1.2s:
 *                 PUT: HTTP 400 InvalidSubnet: ...
 * or a JSON line with --output json. */
void
report_op(struct run *r, const struct op *op)
{
	if (r->readonly)
		return;
	if (r->o->json) {
		json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:f}", "event",
		    "op", "step", op->label, "kind", op->kindname, "name",
		    op->name, "id", op->path, "result", result_names[op->res],
		    "seconds", op_secs(op));
		if (op->nretries)
			json_object_set_new(j, "retries",
			    json_integer(op->nretries));
		if (op->res == R_FAILED)
			json_object_set_new(j, "error", json_string(op->why));
		if (op->res == R_SKIPPED && op->blocker)
			json_object_set_new(j, "blocked_by",
			    json_string(op->blocker));
		if (op->res == R_LEFT)
			json_object_set_new(j, "reason", json_string(op->left));
		if (op->res == R_DELETED && op->note)
			json_object_set_new(j, "note", json_string(op->note));
		char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(6));
		puts(s);
		free(s);
		json_decref(j);
		fflush(stdout);
		return;
	}
	/* on a terminal the progress line says how it goes: only what went
	 * wrong, or left something behind, gets a line of its own, unless
	 * --verbose */
	bool noted = op->res == R_DELETED && op->note;
	if (r->progress && !r->o->verbose && op->res != R_FAILED &&
	    op->res != R_SKIPPED && !noted)
		return;
	report_progress_clear(r);
	printf("%-13s %s [%s]", result_names[op->res], op->label, op->name);
	if (op->scope_note)
		printf(" in %s", op->scope_note);
	if (op->res != R_SKIPPED && op->res != R_LEFT)
		printf(" %.1fs", op_secs(op));
	if (op->nretries)
		printf(" (%d %s)", op->nretries, op->nretries == 1 ? "retry" :
		    "retries");
	if (op->res == R_FAILED)
		printf(":\n              %s", op->why);
	else if (op->res == R_SKIPPED && op->blocker)
		printf(": waits for %s", op->blocker);
	else if (op->res == R_LEFT)
		printf(": %s", op->left);
	else if (noted)
		printf(":\n              %s", op->note);
	putchar('\n');
	fflush(stdout);
}

/* Whether setting nm of a settings op is written in the spec as it is:
 * no ${param} (a -p value may be a secret), no {secret:} or {from:}; or
 * is one of vnetc's own that holds no key (ops.c own_settings:
 * FUNCTIONS_WORKER_RUNTIME). Its new value is the spec's text, which plan
 * may show; the value Azure has stays hidden (it may be a secret set by
 * hand). */
static bool
literal_setting(const struct op *op, const char *nm)
{
	const struct app *a = op->st->u.app;

	for (size_t i = 0; a && i < a->nsettings; i++)
		if (!strcmp(a->settings[i].name, nm))
			return !a->settings[i].secret &&
			    !a->settings[i].from.name &&
			    tmpl_is_literal(&a->settings[i].value);
	return json_is_false(json_object_get(op->owned, nm));
}

/* ---- plan output ---- */

static char *
jtext(json_t *v)
{
	if (!v)
		return xstrdup("(absent)");
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
	    JSON_PRESERVE_ORDER);
	return s ? s : xstrdup("?");
}

/* The plan of a readonly run.
 *   + create      vnet 'vnet' [myVNet]
 *   ~ update      plan 'plan' [my-language-app]
 *                     sku.name: "F1" -> "S1"
 *   = no change   private DNS zone '...' [...]
 *   . left alone  plan 'plan' [...]: the spec keeps its SKU */
void
report_plan(struct run *r)
{
	static const char sign[] = {' ', '+', '~', '-', '-'};
	size_t n[5] = {0}, nleft = 0, nerr = 0, nunread = 0;
	bool json = r->o->json;
	json_t *steps = json_array();

	for (size_t i = 0; i < r->nops; i++) {
		/* destroy's in the order it deletes */
		struct op *op = &r->ops[r->o->cmd == APPLY_DESTROY ?
		    ops_shown(r, i) : i];
		json_t *j = json_pack("{s:s,s:s,s:s,s:s}", "step", op->label,
		    "kind", op->kindname, "name", op->name, "id", op->path);
		const char *what;
		if (op->res == R_FAILED) {
			nerr++;
			what = "error";
			json_object_set_new(j, "error", json_string(op->why));
		} else if (op->res == R_SKIPPED) {
			nunread++;
			what = "not read";
			json_object_set_new(j, "blocked_by",
			    json_string(op->blocker));
		} else if (op->kind == K_LEFT || op->kind == K_POLICY) {
			nleft++;
			what = op->kind == K_LEFT ? "left alone" :
			    "left to policy";
			json_object_set_new(j, "reason", json_string(op->left));
			if (op->pending)
				json_object_set_new(j, "pending", json_true());
		} else {
			n[op->act]++;
			what = (r->o->cmd == APPLY_DESTROY || op->kind ==
			    K_DELETE) && op->act == ACT_NONE ? "absent" :
			    act_names[op->act];
		}
		json_object_set_new(j, "action", json_string(what));
		if (op->note && op->act == ACT_DELETE)
			json_object_set_new(j, "note", json_string(op->note));
		if (op->busy_state)
			json_object_set_new(j, "provisioning_state",
			    json_string(op->busy_state));
		if (!json) {
			printf("  %c %-11s %s [%s]", op->res == R_FAILED ? '!' :
			    op->res == R_SKIPPED ? '?' : op->kind == K_LEFT ||
			    op->kind == K_POLICY ? '.' : op->act == ACT_NONE ?
			    '=' : sign[op->act], what, op->label, op->name);
			if (op->res == R_FAILED)
				printf(":\n                %s", op->why);
			else if (op->res == R_SKIPPED)
				printf(": waits for %s", op->blocker);
			else if (op->kind == K_LEFT || op->kind == K_POLICY)
				printf(": %s%s", op->left, op->pending ? " (not "
				    "there yet: apply waits for it)" : "");
			else if (op->note && op->act == ACT_DELETE)
				printf(":\n                %s", op->note);
			if (op->busy_state)
				printf("\n                provisioningState %s: "
				    "another operation is under way on it; apply "
				    "waits for it to end (VNETC_WAIT_TIMEOUT)",
				    op->busy_state);
			if (op->scope_note)
				printf("\n                in %s", op->scope_note);
			putchar('\n');
		}
		bool secret = op->kind == K_SETTINGS;
		json_t *ch = json_array();
		for (size_t k = 0; op->act == ACT_UPDATE &&
		    k < json_array_size(op->diffs); k++) {
			json_t *d = json_array_get(op->diffs, k);
			const char *path = json_string_value(json_object_get(d,
			    "path"));
			json_t *old = json_object_get(d, "old");
			json_t *new = json_object_get(d, "new");
			/* an app setting's value may be a secret, the one
			 * Azure has and the one a -p parameter gives: logs
			 * keep neither */
			/* a {from:}'s: where it comes from, and whether
			 * apply reads it only once it has made the resource */
			const char *nm = secret && !strncmp(path, "properties.",
			    11) ? path + 11 : "";
			const char *from = json_string_value(json_object_get(
			    op->from, nm));
			bool later = json_object_get(op->unknown, nm) != NULL;
			bool hide = secret && !literal_setting(op, nm);
			char *o = secret && old ? xstrdup("(hidden)") :
			    jtext(old);
			char *nw = from && new ? xfmt("(from %s%s)", from,
			    later ? ", known after apply" : "") :
			    hide && new ? xstrdup("(hidden)") : jtext(new);
			if (!json)
				printf("                  %s: %s -> %s\n", path,
				    o, nw);
			free(o);
			free(nw);
			/* JSON: the values themselves; absent is left out */
			json_t *c = json_pack("{s:s}", "path", path);
			if (old && secret)
				json_object_set_new(c, "old_hidden",
				    json_true());
			else if (old)
				json_object_set(c, "old", old);
			if (new && hide)
				json_object_set_new(c, "new_hidden",
				    json_true());
			else if (new)
				json_object_set(c, "new", new);
			if (new && from)
				json_object_set_new(c, "new_from",
				    json_string(from));
			if (new && later)
				json_object_set_new(c, "new_after_apply",
				    json_true());
			json_array_append_new(ch, c);
		}
		/* created settings show no changes: their {from:}s say
		 * where they come from all the same */
		const char *fk;
		json_t *fv;
		if (op->act == ACT_CREATE && !json)
			json_object_foreach(op->from, fk, fv)
				printf("                  properties.%s: (from "
				    "%s%s)\n", fk, json_string_value(fv),
				    json_object_get(op->unknown, fk) ?
				    ", known after apply" : "");
		if (op->kind == K_SETTINGS && op->act == ACT_UPDATE &&
		    !json_array_size(op->diffs) && !json)
			printf("                  (written again: the app "
			    "fetches its Key Vault references anew)\n");
		json_object_set_new(j, "changes", ch);
		json_array_append_new(steps, j);
	}
	if (json) {
		/* The plan apply shows before it asks is a "plan" too. */
		json_t *j = json_pack("{s:s,s:s,s:o,s:{s:I,s:I,s:I,s:I,s:I,"
		    "s:I,s:I,s:I}}", "command", r->o->cmd == APPLY_DESTROY ?
		    "destroy" : "plan", "spec", r->p->spec->file, "steps", steps,
		    "summary", "create", (json_int_t)n[ACT_CREATE], "update",
		    (json_int_t)n[ACT_UPDATE], "delete",
		    (json_int_t)n[ACT_DELETE], "disconnect",
		    (json_int_t)n[ACT_DISCONNECT], "unchanged",
		    (json_int_t)n[ACT_NONE], "left_alone", (json_int_t)nleft,
		    "errors", (json_int_t)nerr, "not_read",
		    (json_int_t)nunread);
		char *t = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(t);
		free(t);
		json_decref(j);
	} else {
		json_decref(steps);
		if (r->o->cmd == APPLY_DESTROY)
			printf("\nDestroy: %zu to delete, %zu to disconnect, "
			    "%zu already absent, %zu left alone", n[ACT_DELETE],
			    n[ACT_DISCONNECT], n[ACT_NONE], nleft);
		else
			printf("\nPlan: %zu to create, %zu to update, %s%zu "
			    "unchanged, %zu left alone", n[ACT_CREATE],
			    n[ACT_UPDATE], n[ACT_DELETE] ? arena_printf(
			    &r->p->spec->arena, "%zu to delete, ",
			    n[ACT_DELETE]) : "", n[ACT_NONE], nleft);
		if (nerr)
			printf(", %zu %s", nerr, nerr == 1 ? "error" : "errors");
		if (nunread)
			printf(", %zu not read", nunread);
		printf(".\n");
	}
	fflush(stdout);
}

/* ---- summary ---- */

/* apply: 9 created, 5 updated, 1 unchanged; 0 failed, 0 not attempted
 * (4.2s) and then each failure and what it held back. Returns the number
 * of failed or not attempted operations. */
size_t
report_summary(struct run *r)
{
	size_t n[R_SKIPPED + 1] = {0};
	double wall = (now_ms() - r->t0) / 1000.0;

	for (size_t i = 0; i < r->nops; i++)
		n[r->ops[i].res]++;
	const char *cmd = cmds[r->o->cmd].name;
	if (r->o->json) {
		json_t *j = json_pack("{s:s,s:s,s:f}", "event", "summary",
		    "command", cmd, "seconds", wall);
		for (int k = R_UNCHANGED; k <= R_SKIPPED; k++)
			json_object_set_new(j, result_names[k],
			    json_integer((json_int_t)n[k]));
		char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(6));
		puts(s);
		free(s);
		json_decref(j);
	} else {
		printf("\n%s: ", cmd);
		const char *sep = "";
		for (int k = R_UNCHANGED; k <= R_LEFT; k++)
			if (n[k]) {
				printf("%s%zu %s", sep, n[k], result_names[k]);
				sep = ", ";
			}
		printf("%s%zu failed, %zu not attempted (%.1fs)\n",
		    *sep ? "; " : "", n[R_FAILED], n[R_SKIPPED], wall);
		for (size_t i = 0; i < r->nops; i++)
			if (r->ops[i].res == R_FAILED)
				printf("  failed: %s [%s]: %s\n",
				    r->ops[i].label, r->ops[i].name,
				    r->ops[i].why);
		for (size_t i = 0; i < r->nops; i++)
			if (r->ops[i].res == R_SKIPPED)
				printf("  not attempted: %s [%s] (waits for "
				    "%s)\n", r->ops[i].label, r->ops[i].name,
				    r->ops[i].blocker ? r->ops[i].blocker :
				    "?");
	}
	fflush(stdout);
	return n[R_FAILED] + n[R_SKIPPED];
}

/* ---- --dry-run: the requests, as if nothing existed yet ---- */

static void
dry_body(json_t *b)
{
	char *s = json_dumps(b, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	printf("%s\n", s);
	free(s);
}

/* Each step's requests, in the order they run, for review and golden
 * tests: the scope reads (ops' last r->nscope), which the plan makes
 * before any other, first:
 *   # 2/15 vnet 'vnet' [myVNet]
 *   GET https://management.azure.com/subscriptions/.../myVNet?api-version=..
 *   PUT https://...
 *   { ...body... }
 * Bodies sent against what exists (a PATCH carried onto the current
 * networkAcls, settings merged into the current ones) show the spec's
 * part. Never a header: the token is not read at all. */
void
report_dry_run(struct run *r)
{
	const char *what = cmds[r->o->cmd].name;

	printf("# vnetc %s --dry-run %s: the requests, assuming %s\n", what,
	    r->p->spec->file, r->o->cmd == APPLY_DESTROY ? "every resource "
	    "the spec creates exists" : "no resource the spec creates exists "
	    "yet");
	if (r->vc.subscription == dry_run_sub)
		printf("# subscription %s is a placeholder: give "
		    "--subscription ID (or set AZURE_SUBSCRIPTION_ID) for the "
		    "real URLs\n", DRY_RUN_SUB);
	exec_lists(r);
	for (size_t k = 0; k < r->nops; k++) {
		size_t i = ops_shown(r, k);
		struct op *op = &r->ops[i];
		const struct step *st = op->st;
		char *u = NULL;
		printf("\n# %zu/%zu %s [%s]\n", k + 1, r->nops, op->label,
		    op->name);
		if (op->kind == K_LEFT) {
			printf("# left alone: %s%s\n", op->left, op->verify ?
			    "; read, as the spec says it exists" : "");
			if (!op->verify)
				continue;
		}
		if (op->note)
			printf("# note: %s\n", op->note);
		if (!op->api) {
			printf("# error: no apiVersion known for %s\n",
			    op->kindname);
			continue;
		}
		const char *read = op->kind == K_SETTINGS ?
		    body_rest_path(&r->vc, st, PATH_LIST) : op->path;
		struct lister *l = op->list;
		if (l && l->shown) {
			printf("# read: in the list that step %zu/%zu reads\n", l->shown,
			    r->nops);
		} else {
			u = arm_url(&r->arm, l ? l->b.coll : read, op->api);
			printf("%s %s\n", op->kind == K_SETTINGS ? "POST" :
			    "GET", u);
			free(u);
		}
		if (l && !l->shown) {
			l->shown = k + 1;
			printf("# one list for %zu steps' reads, each nextLink "
			    "page followed: one it lacks does not exist\n",
			    l->b.nreads);
		}
		switch (op->kind) {
		case K_RG:
			if (op->verify) {
				printf("# never created: the spec's existing "
				    "resources are in it\n");
				u = NULL;
				break;
			}
			/* FALLTHROUGH */
		case K_PUT:
			if (op->keys) {
				/* exec.c PH_KEYS: the key is never printed */
				u = arm_url(&r->arm, op->keys, op->keys_api);
				printf("# its host storage's key first, held in "
				    "memory for the PUT only (%s below)\n"
				    "POST %s\n", body_key_mark, u);
				free(u);
			}
			if (op->client) {
				/* exec.c PH_KEYS: storage_identity:'s
				 * client id */
				u = arm_url(&r->arm, op->client,
				    restype_get(RES_UAI)->api);
				printf("# the client id of its host's "
				    "storage_identity: (%s below)\nGET %s\n",
				    body_client_mark, u);
				free(u);
			}
			u = arm_url(&r->arm, op->path, op->api);
			printf("PUT %s\n", u);
			dry_body(op->want);
			break;
		case K_PATCH: {
			json_t *b = body_patch_onto(&r->vc, st, NULL);
			u = arm_url(&r->arm, op->path, op->api);
			if (body_step_put(st))
				printf("# if it differs: the resource as read, "
				    "with this merged into it\nPUT %s\n", u);
			else
				printf("# if it differs\nPATCH %s\n", u);
			dry_body(b);
			json_decref(b);
			break;
		}
		case K_SETTINGS:
			/* exec.c PH_FROM: each {from:} read before the list */
			for (size_t j = 0; j < st->u.app->nsettings; j++) {
				const struct setting *se =
				    &st->u.app->settings[j];
				if (!setting_from_read(se))
					continue;
				struct from_res fr;
				json_t *id = body_from_id(&r->vc, se);
				body_from_res(se, &fr);
				u = arm_url(&r->arm, json_string_value(id),
				    fr.api);
				printf("# %s: properties.%s of %s, read first "
				    "(\"\" below)\nGET %s\n", se->name, se->prop,
				    se->from.name, u);
				free(u);
				json_decref(id);
			}
			if (op->keys_at) {
				/* exec.c owned_keys: the key is never printed */
				u = arm_url(&r->arm, op->keys_at, op->keys_api);
				printf("# if a setting that holds its host "
				    "storage's key differs from it but by the key: "
				    "the key first, held in memory for the PUT only "
				    "(%s below)\nPOST %s\n", body_key_mark, u);
				free(u);
			}
			u = arm_url(&r->arm, op->path, op->api);
			printf("# if it differs, or a lock it waits for was "
			    "written; merged into the current settings\n"
			    "PUT %s\n", u);
			dry_body(op->want);
			break;
		case K_DELETE:
			u = arm_url(&r->arm, op->path, op->api);
			if (st->kind == STEP_PEER)
				printf("# if it peers with %s\n",
				    diff_peer_remote(op->want));
			printf("DELETE %s\n", u);
			break;
		case K_DISCONNECT:
			u = arm_url(&r->arm, body_rest_path(&r->vc, st,
			    PATH_INTEGRATION), op->api);
			printf("# if it is integrated with %s\nDELETE %s\n",
			    json_string_value(op->want), u);
			break;
		case K_POLICY:
			printf("# %s; read again until a group holds every "
			    "zone the endpoint needs\n", op->left);
			u = NULL;
			break;
		case K_LEFT:
			u = NULL;
			break;
		}
		free(u);
	}
	exec_lists_free(r);
}
