/* exec.c - the operations' life: each operation's requests in turn
 * (read, decide, write, poll, confirm), what ARM's answers mean for it,
 * retries and backoff, and the scheduler that runs independent
 * operations at once in the plan's order. Requests go through arm.c,
 * comparisons through diff.c, records to journal.c, lines to report.c. */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diff.h"
#include "exec.h"

/* The retry rules, as vnetc(1) states them (tests/apply.sh counts them):
 * - an answer 408, 429 or 5xx, an ARM code AnotherOperationInProgress or
 *   one containing "Retryable", or a connection that fails: the same
 *   request again, MAX_TRIES tries in a row at most (an answer that is
 *   no error, such as a poll saying InProgress, starts the count anew);
 * - between tries, the answer's Retry-After, else a backoff with full
 *   jitter (BACKOFF_BASE_MS, doubling up to BACKOFF_CAP_MS); a step's
 *   waits add up to RETRY_BUDGET_MS at most, so a Retry-After beyond
 *   what is left fails it at once;
 * - an operation that ends Failed with such a code, or with the code of
 *   a status retried (InternalServerError ...), or a message that asks
 *   for a retry (http_op_transient): the write again, MAX_TRIES writes at
 *   most, after the same backoff; any other failure (validation, quota,
 *   authorization) fails the step at once;
 * - polling: after the write's Retry-After (else, or "0", after as long
 *   as the fastest operation of its kind and method took this run; at
 *   once for the first), then each poll's Retry-After, else 1, 2, 4 ..
 *   POLL_CAP_MS; an operation ends within OP_LIMIT_MS;
 * - an expired token (401 ExpiredAuthenticationToken): renewed once per
 *   step, and the request sent again;
 * - a resource not yet visible after its write: read again, SETTLE_TRIES
 *   times at most, 1, 2, 4 .. 10 s apart.
 * So a broken endpoint fails a step in minutes, never hours. */
enum {
	MAX_TRIES = 7,
	RETRY_BUDGET_MS = 5 * 60 * 1000,
	OP_LIMIT_MS = 60 * 60 * 1000,
	BACKOFF_BASE_MS = 1000,
	BACKOFF_CAP_MS = 60 * 1000,
	POLL_CAP_MS = 30 * 1000,  /* polling without Retry-After */
	SETTLE_TRIES = 8,         /* re-GETs for eventual consistency */
};

static void
op_finish(struct run *r, struct op *op, enum result res)
{
	if (op->secret) {
		http_wipe(op->secret, strlen(op->secret));
		free(op->secret);
		op->secret = NULL;
	}
	free(op->cid);
	op->cid = NULL;
	op->res = res;
	op->ph = PH_DONE;
	op->t_end = now_ms();
	if (op->active) {
		op->active = false;
		r->nactive--;
	}
	if (!r->readonly && (op->kind != K_LEFT || res == R_FAILED) &&
	    res != R_SKIPPED) {
		json_t *rec = json_pack("{s:s,s:s,s:s,s:s,s:f}", "event",
		    res == R_FAILED ? "failed" : "done", "step", op->label,
		    "id", op->path, "result", result_names[res], "seconds",
		    op_secs(op));
		if (res == R_FAILED)
			json_object_set_new(rec, "error", json_string(op->why));
		/* what vnetc created; journal_put keeps it so in every later
		 * record until destroy deletes it: destroy deletes only that
		 * (ops.c op_destroy); a resource of the name made after that
		 * is not vnetc's */
		if (res == R_CREATED && (op->kind == K_PUT || op->kind == K_RG))
			json_object_set_new(rec, "created", json_true());
		journal_put(&r->jnl, rec);
	}
	report_op(r, op);
}

static void op_fail(struct run *r, struct op *op, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
op_fail(struct run *r, struct op *op, const char *fmt, ...)
{
	char raw[sizeof(op->why)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* ARM's messages pass through here: nothing token-like survives */
	http_redact(op->why, sizeof(op->why), raw);
	op_finish(r, op, R_FAILED);
}

/* An answer, classified. */
struct answer {
	long status;
	char code[128], msg[400];
	enum http_class cls;
	json_t *body;
};

static void
answer_read(struct op *op, struct answer *a)
{
	const struct http_resp *rs = &op->resp;

	a->status = rs->status;
	a->body = NULL;
	if (rs->status == 0) {
		a->code[0] = '\0';
		snprintf(a->msg, sizeof(a->msg), "%s", rs->errbuf);
		a->cls = rs->curl_code < 0 ? HTTP_FATAL :
		    http_classify(0, NULL, rs->curl_code);
		return;
	}
	http_arm_error(rs->body, a->code, sizeof(a->code), a->msg,
	    sizeof(a->msg));
	a->cls = http_classify(rs->status, a->code, 0);
	if (rs->body && *rs->body)
		a->body = json_loads(rs->body, 0, NULL);
}

/* "HTTP 409 AnotherOperationInProgress: ..." or "no answer: ..." */
static const char *
answer_str(const struct answer *a, char *buf, size_t n)
{
	if (a->status == 0)
		snprintf(buf, n, "no answer: %s", a->msg);
	else if (a->code[0])
		snprintf(buf, n, "HTTP %ld %s: %s", a->status, a->code, a->msg);
	else
		snprintf(buf, n, "HTTP %ld", a->status);
	return buf;
}

/* The same request again after hint_ms (Retry-After) or a backoff with
 * jitter; false when the operation has used its tries or retry time. */
static bool
retry(struct run *r, struct op *op, long hint_ms)
{
	if (++op->tries >= MAX_TRIES)
		return false;
	long ms = hint_ms >= 0 ? hint_ms : http_backoff_ms(op->tries - 1,
	    BACKOFF_BASE_MS, BACKOFF_CAP_MS, &r->rng);
	if (op->retry_waited + ms > RETRY_BUDGET_MS)
		return false;
	op->retry_waited += ms;
	op->nretries++;
	op->due = now_ms() + ms;
	return true;
}

static void
phase(struct op *op, enum phase ph, long delay_ms)
{
	op->ph = ph;
	op->tries = 0;
	op->due = now_ms() + delay_ms;
}

/* Wait before looking again at a resource that is still being worked on
 * (or not yet visible): 1, 2, 4 .. 10 s, within the operation's limit. */
static bool
settle(struct op *op)
{
	long ms = 1000L << (op->nsettle < 4 ? op->nsettle : 4);

	if (ms > 10000)
		ms = 10000;
	op->nsettle++;
	if (now_ms() + ms > op->deadline)
		return false;
	op->due = now_ms() + ms;
	return true;
}

/* Build and start the request of op's phase. false: ARM's budget holds
 * it back (arm.h) until op->due, when it is built again. */
static char *with_secret(const struct op *op, char *body);

/* Whether a created function app's op has a key or a client id still to
 * read before its write (PH_KEYS) */
static bool
keys_due(const struct op *op)
{
	return (op->keys && !op->secret) || (op->client && !op->cid);
}

static bool
op_send(struct run *r, struct op *op)
{
	const char *method = "GET", *path = op->path, *api = op->api;
	const char *full = NULL;
	json_t *body = NULL;

	ops_reset_req(op);
	switch (op->ph) {
	case PH_RESUME:
	case PH_POLL:
		full = op->poll;
		break;
	case PH_READ:
	case PH_CONFIRM:
		if (op->kind == K_SETTINGS) {
			method = "POST";
			path = body_rest_path(&r->vc, op->st, PATH_LIST);
		}
		break;
	case PH_WRITE:
		body = op->send;
		switch (op->kind) {
		case K_RG: case K_PUT: case K_SETTINGS:
			method = "PUT";
			break;
		case K_PATCH:
			/* a plan, a back end whose PATCH does not take the
			 * change: the GET's resource, merged, PUT back
			 * (body.c) */
			method = body_step_put(op->st) ? "PUT" : "PATCH";
			break;
		case K_DELETE:
			method = "DELETE";
			break;
		case K_DISCONNECT:
			method = "DELETE";
			path = body_rest_path(&r->vc, op->st, PATH_INTEGRATION);
			break;
		case K_LEFT:
		case K_POLICY:
			break;
		}
		break;
	case PH_PURGE:
		method = "POST";
		path = body_rest_path(&r->vc, op->st, PATH_PURGE);
		api = restype_get(RES_APP)->api;
		break;
	case PH_PRINCIPAL: {
		json_t *j = body_role_principal(&r->vc, op->st);
		path = arena_strdup(&r->p->spec->arena, json_string_value(j));
		json_decref(j);
		api = restype_get(!op->st->u.role->system ? RES_UAI :
		    op->st->u.role->app->slot_of ? RES_SLOT : RES_APP)->api;
		break;
	}
	case PH_LINKS:
		/* the zone's links (the path's parent), page by page */
		full = op->poll;
		path = arena_strndup(&r->p->spec->arena, op->path,
		    (size_t)(strrchr(op->path, '/') - op->path));
		break;
	case PH_FROM: {
		const struct setting *se = &op->st->u.app->settings[
		    op->from_at];
		struct from_res fr;
		json_t *j = body_from_id(&r->vc, se);
		body_from_res(se, &fr);
		path = arena_strdup(&r->p->spec->arena, json_string_value(j));
		api = fr.api;
		json_decref(j);
		break;
	}
	case PH_KEYS:
		/* the key first, then the client id */
		if (op->keys && !op->secret) {
			method = "POST";
			path = op->keys;
			api = op->keys_api;
		} else {
			path = op->client;
			api = restype_get(RES_UAI)->api;
		}
		break;
	case PH_WAIT:
	case PH_DONE:
		return true;
	}
	op->url = full ? xstrdup(full) : arm_url(&r->arm, path, api);
	if (op->ph == PH_WRITE && op->sync) {
		char *u = xfmt("%s&syncRemoteAddressSpace=true", op->url);
		free(op->url);
		op->url = u;
	}
	if (body)
		op->body = with_secret(op, json_dumps(body, JSON_COMPACT |
		    JSON_PRESERVE_ORDER));
	op->req = (struct http_req){.method = method, .url = op->url,
	    .body = op->body, .user = op};
	op->busy = true;
	if (op->ph == PH_WRITE)
		op->wmethod = method;
	int rc = arm_start(&r->arm, &op->req, &op->resp, !full);
	if (rc > 0) {
		if (!op->held)
			r->arm.nwaits++;
		op->held = true;
		op->busy = false;
		op->due = now_ms() + rc;
		return false;
	}
	op->held = false;
	/* refused before sending (URL policy): the caller handles resp as
	 * any answer */
	if (rc < 0)
		op->busy = false;
	return true;
}

/* ---- deciding after the read ---- */

static void
decide_write(struct run *r, struct op *op, enum act act)
{
	op->act = act;
	if (r->readonly) {
		op_finish(r, op, R_NONE);
		return;
	}
	/* a created function app: its host storage's key first */
	phase(op, keys_due(op) ? PH_KEYS : PH_WRITE, 0);
}

/* body (JSON, malloc'd, taken) with v in place of each mark; the text
 * it replaces is wiped, as it may hold a key put in before. */
static char *
with_mark(char *body, const char *mark, const char *v)
{
	size_t ml = strlen(mark), kl;
	const char *at;

	if (!v || !strstr(body, mark))
		return body;
	kl = strlen(v);
	struct buf b = {0};
	const char *p = body;
	while ((at = strstr(p, mark))) {
		buf_putn(&b, p, (size_t)(at - p));
		buf_putn(&b, v, kl);
		p = at + ml;
	}
	buf_puts(&b, p);
	char *out = xstrdup(buf_str(&b));
	http_wipe(b.s, b.len);
	buf_free(&b);
	http_wipe(body, strlen(body));
	free(body);
	return out;
}

/* The body op sends, with the host storage's key in place of
 * body_key_mark (a created function app's connection strings): the key is
 * in this request's text only, never in op->want, op->send, a diff, a
 * dry run or the journal. body is JSON; a key is base64, which JSON
 * takes as it is. And the client id of its storage_identity: in place of
 * body_client_mark (a GUID, no secret). */
static char *
with_secret(const struct op *op, char *body)
{
	return with_mark(with_mark(body, body_key_mark, op->secret),
	    body_client_mark, op->cid);
}

/* The answer to POST listKeys: the first key, kept in memory only;
 * the answer's text is wiped. Then, with a user-assigned
 * storage_identity:, the answer to a GET of that identity: its client
 * id (no secret). */
static void
keys_done(struct run *r, struct op *op, struct answer *a)
{
	char buf[600];
	bool cid = !(op->keys && !op->secret);
	json_t *k = cid ? json_object_get(json_object_get(a->body,
	    "properties"), "clientId") : json_object_get(json_array_get(
	    json_object_get(a->body, "keys"), 0), "value");

	if (cid) {
		if (a->status == 200 && json_is_string(k)) {
			op->cid = xstrdup(json_string_value(k));
			phase(op, PH_WRITE, 0);
		} else if (a->status == 200) {
			op_fail(r, op, "GET of user-assigned identity %s "
			    "answered no properties.clientId, which its host "
			    "storage connection needs", op->client);
		} else if (!(a->cls == HTTP_RETRY && retry(r, op,
		    http_retry_after_ms(op->resp.retry_after)))) {
			op_fail(r, op, "reading the client id of its "
			    "storage_identity: (GET %s): %s", op->client,
			    answer_str(a, buf, sizeof(buf)));
		}
		return;
	}
	if (a->status == 200 && json_is_string(k)) {
		op->secret = xstrdup(json_string_value(k));
		phase(op, keys_due(op) ? PH_KEYS : PH_WRITE, 0);
	} else if (a->status == 200) {
		op_fail(r, op, "POST listKeys of its host storage answered no "
		    "key (is the account's shared-key access off?)");
	} else if (!(a->cls == HTTP_RETRY && retry(r, op,
	    http_retry_after_ms(op->resp.retry_after)))) {
		op_fail(r, op, "reading its host storage's key (POST listKeys, "
		    "which needs Microsoft.Storage/storageAccounts/listkeys/"
		    "action): %s", answer_str(a, buf, sizeof(buf)));
	}
	if (op->resp.body)
		http_wipe(op->resp.body, strlen(op->resp.body));
}

/* Whether a lock this step waits for was written in this run (apply) or
 * will be (plan): the app settings are written again then, which makes
 * the app fetch its Key Vault references now, through the VNet (the
 * tutorial's last step; docs/azure-notes.md 2.6). */
bool
exec_lock_written(struct run *r, const struct op *op)
{
	for (size_t i = 0; i < op->ndeps; i++) {
		const struct op *d = &r->ops[op->deps[i]];
		if (d->st->kind == STEP_LOCK && (d->wrote ||
		    (r->readonly && d->act == ACT_UPDATE)))
			return true;
	}
	return false;
}

/* zone_group: policy, read: done when a group of the endpoint holds every
 * zone it needs; else a plan says apply will wait, and apply looks
 * again until VNETC_WAIT_TIMEOUT (op->deadline). */
static void
policy_read(struct run *r, struct op *op, json_t *list)
{
	const struct pe *pe = op->st->u.pe;
	const char *missing = NULL;

	for (size_t i = 0; i < pe->nzones && !missing; i++) {
		/* the zone's id, as its own step would name it */
		struct step zs = {.kind = STEP_ZONE, .u.zone = pe->zones[i]};
		json_t *zid = body_step_id(&r->vc, &zs);
		if (!diff_groups_hold(list, json_string_value(zid)))
			missing = pe->zones[i]->name;
		json_decref(zid);
	}
	op->act = ACT_NONE;
	op->pending = missing != NULL;
	if (!missing || r->readonly) {
		op_finish(r, op, r->readonly ? R_NONE : R_LEFT);
		return;
	}
	if (!settle(op))
		op_fail(r, op, "no zone group of the endpoint holds %s after "
		    "%ld s: is the policy assigned to this subscription, with "
		    "that zone? (VNETC_WAIT_TIMEOUT)", missing,
		    (op->deadline - op->t_start) / 1000);
}

/* A peering of the spec's name that peers with another VNet is another
 * workload's (two specs in one hub, docs/outputs.md): neither written nor
 * deleted. op->want is the peering's body, on destroy too (ops.c). */
static bool
same_remote(const struct op *op, json_t *have)
{
	const char *want = diff_peer_remote(op->want);
	const char *got = diff_peer_remote(have);

	return !want || !got || strcasecmp(want, got) == 0;
}

/* A created back end's body without the members its type takes at
 * creation only (backtypes.c .omit: a SQL server's administrators, which
 * Azure refuses on an update): what a PUT over it sends, and compares
 * (vnetc cannot change them by a PUT). A new reference. */
static json_t *
create_only_out(struct op *op)
{
	const struct backtype *bt = backtype_find(op->st->u.backend->type);

	if (!bt || !bt->omit)
		return json_incref(op->want);
	json_t *w = json_deep_copy(op->want);
	json_t *p = json_object_get(w, "properties");
	char *list = strdup(bt->omit), *save = NULL;
	for (char *m = strtok_r(list, " ", &save); m; m = strtok_r(NULL, " ",
	    &save))
		json_object_del(p, m);
	free(list);
	return w;
}

/* What a PUT over a site or slot that exists sends (a new reference): its
 * body without the app settings of its create request (its host's, its
 * stack's, a slot's own: body.c), which a site PUT would put in place of
 * all its settings, the spec's and those added by hand; its settings op
 * merges them (STEP_SETTINGS, ops.c site_ops). A Flex Consumption app's
 * scale or package is such a PUT, as a slot's integration changed. */
static json_t *
update_site_out(struct op *op)
{
	json_t *w = json_deep_copy(op->want);
	json_t *sc = json_object_get(json_object_get(w, "properties"),
	    "siteConfig");

	json_object_del(sc, "appSettings");
	return w;
}

/* What a PUT's read is compared with (a new reference): its body, but
 * for a created app's siteConfig, which it writes and which a GET of the
 * site does not show
 * ("A GET on Microsoft.Web/sites won't reveal the config object",
 * docs/azure-notes.md 5.4): compared, it would differ on every run. */
static json_t *
compared(struct op *op)
{
	json_t *p = json_object_get(op->want, "properties");

	if (op->st->kind == STEP_CREATE)
		return create_only_out(op);
	if ((op->st->kind != STEP_APP && op->st->kind != STEP_SLOT) ||
	    !op->st->u.app->cr.is || !json_object_get(p, "siteConfig"))
		return json_incref(op->want);
	json_t *w = json_deep_copy(op->want);
	json_object_del(json_object_get(w, "properties"), "siteConfig");
	return w;
}

/* "back end 'vault'", "plan 'plan'", "app 'web'": what a created step's
 * spec entry is. */
static const char *
created_what(struct run *r, const struct step *st)
{
	struct spec *s = r->p->spec;

	if (st->kind == STEP_SQLDB)
		return arena_printf(&s->arena, "database '%s' of back end '%s'",
		    st->u.db->key, st->u.db->server->key);
	if (st->kind == STEP_SLOT)
		return arena_printf(&s->arena, "slot '%s' of app '%s'",
		    tmpl_eval(s, &st->u.app->name), st->u.app->slot_of->key);
	return st->kind == STEP_FARM ? arena_printf(&s->arena, "plan '%s'",
	    st->u.farm->key) : st->kind == STEP_APP ? arena_printf(&s->arena,
	    "app '%s'", st->u.app->key) : st->kind == STEP_ROLE ?
	    arena_printf(&s->arena, "a role of app '%s'",
	    st->u.role->app->key) : st->kind == STEP_IDENTITY ?
	    arena_printf(&s->arena, "identity '%s'", st->u.identity->key) :
	    arena_printf(&s->arena, "back end '%s'", st->u.backend->key);
}

/* What to do when Azure refuses to create a back end because a
 * soft-deleted one holds its name (a vnetc destroy, or by hand), by the
 * answer's code or a phrase of its message:
 * - a vault: 409 ConflictError "A vault with the same name already exists
 *   in deleted state. You need to either recover or purge existing key
 *   vault" (github.com/alan-turing-institute/data-safe-haven issue 2523;
 *   docs/azure-notes.md 19);
 * - an Azure AI services account: 409 FlagMustBeSetForRestore "An
 *   existing resource with ID '...' has been soft-deleted. To restore the
 *   resource, you must specify 'restore' to be 'true' ..."
 *   (github.com/Azure/azure-cli issue 18146);
 * - an App Configuration store: NameUnavailable "The specified name is
 *   already in use.", which does not say why: a soft-deleted store of the
 *   name and anyone's live one (names are global) answer alike
 *   (github.com/Azure/azure-cli issue 22714), so the hint names both. */
static const struct {
	enum res res;
	const char *code, *phrase;
	const char *cli, *where, *keeps, *otherwise;
} soft_deleted[] = {
	{RES_KV, NULL, "deleted state", "az keyvault", "", "its secrets",
	    ""},
	{RES_COG, "FlagMustBeSetForRestore", "soft-deleted",
	    "az cognitiveservices account", " --resource-group %s --location "
	    "%s", "its keys and deployments", ""},
	{RES_APPCS, "NameUnavailable", "deleted", "az appconfig", "",
	    "its key-values", "; the answer does not say whose the name is: "
	    "'az appconfig list-deleted' shows a soft-deleted store, else "
	    "another's store has it (names are global)"},
};

static const char *
soft_deleted_hint(struct run *r, const struct op *op, const struct answer *a)
{
	struct spec *s = r->p->spec;
	const struct backend *b = op->st->u.backend;

	if (op->st->kind != STEP_CREATE || a->status < 400 || a->status >= 500)
		return "";
	for (size_t i = 0; i < NELEM(soft_deleted); i++) {
		if (b->rt->res != soft_deleted[i].res ||
		    !((soft_deleted[i].code && !strcmp(a->code,
		    soft_deleted[i].code)) || strstr(a->msg,
		    soft_deleted[i].phrase)))
			continue;
		/* created in the spec's location (body.c) */
		const char *where = arena_printf(&s->arena,
		    soft_deleted[i].where, tmpl_eval(s, &b->scope->rg),
		    tmpl_eval(s, &s->location));
		return arena_printf(&s->arena, "; '%s recover --name %s%s' "
		    "brings the deleted one back with %s and vnetc's tags "
		    "(then apply again); '%s purge --name %s%s' deletes it for "
		    "good and frees the name, where purge protection is off; "
		    "or give back end '%s' another name%s", soft_deleted[i].cli,
		    op->name, where, soft_deleted[i].keeps,
		    soft_deleted[i].cli, op->name, where, b->key,
		    soft_deleted[i].otherwise);
	}
	return "";
}

/* Why a back end of a created one's name is not this spec's (have: its
 * GET): without vnetc's tags, another's; with another project's, what a
 * renamed spec writes to keep it (project:, spec.c parse_project). */
static const char *
not_ours(struct run *r, const struct op *op, json_t *have)
{
	struct spec *s = r->p->spec;
	const char *other = body_owner_of(have);
	const char *what = restype_namerule(body_step_type(op->st)->res)->what;
	const char *key = created_what(r, op->st);
	bool destroy = r->o->cmd == APPLY_DESTROY;
	/* a slot takes no existing: (spec.c slot_keys): vnetc creates
	 * every slot the spec names */
	const char *fix = op->st->kind == STEP_SLOT ? arena_printf(&s->arena,
	    "give %s another name (a slot takes no 'existing:': vnetc "
	    "creates every slot the spec names), or remove the one there",
	    key) : arena_printf(&s->arena, "write 'existing: true' for %s "
	    "instead of 'create:', or give it another name", key);

	if (!other)
		return arena_printf(&s->arena, "%s of this name exists and is "
		    "not vnetc's (it lacks the tags %s: vnetc and %s: %s); %s",
		    what, body_owner_tag, body_spec_tag, s->owner, destroy ?
		    "destroy leaves it" : arena_printf(&s->arena, "vnetc "
		    "writes nothing over it: %s", fix));
	return arena_printf(&s->arena, "%s of this name was created by vnetc "
	    "for project '%s' (tag %s: %s), not for this spec's '%s' "
	    "(project:, else the spec file's name without .yaml); %s: if "
	    "this spec is that one renamed, write 'project: %s' at its top "
	    "to own it again%s", what, other, body_spec_tag, other, s->owner,
	    destroy ? "destroy leaves it" : "vnetc writes nothing over it",
	    other, destroy ? "" : arena_printf(&s->arena, "; otherwise %s",
	    fix));
}

/* A role assignment's principal read (PH_PRINCIPAL): its object id goes
 * into the body, which is then read and compared as any other. A
 * principal that is not there yet (vnetc plan, before its identity or
 * site is created) is Azure's to give: the plan says so. */
static void
principal_done(struct run *r, struct op *op, struct answer *a)
{
	char buf[600];
	json_t *p = json_object_get(op->want, "properties");
	const char *id = NULL;

	if (a->status == 200)
		id = json_string_value(op->st->u.role->system ?
		    json_object_get(json_object_get(a->body, "identity"),
		    "principalId") : json_object_get(json_object_get(a->body,
		    "properties"), "principalId"));
	if (id) {
		json_object_set_new(p, "principalId", json_string(id));
		phase(op, PH_READ, 0);
	} else if (a->status == 404 && r->readonly) {
		json_object_set_new(p, "principalId", json_string("(known "
		    "after its identity is created)"));
		phase(op, PH_READ, 0);
	} else if (!(a->cls == HTTP_RETRY && retry(r, op,
	    http_retry_after_ms(op->resp.retry_after)))) {
		op_fail(r, op, "its principal (%s) has no principalId: GET "
		    "answered %s", op->req.url, a->status == 200 ?
		    "no identity" : answer_str(a, buf, sizeof(buf)));
	}
}

/* The next {from:} setting of a settings op that the executor reads
 * (op->from_at, from the given one on), or false: none left. */
static bool
from_next(struct op *op, size_t at)
{
	const struct app *a = op->st->u.app;

	for (op->from_at = at; op->from_at < a->nsettings; op->from_at++)
		if (setting_from_read(&a->settings[op->from_at]))
			return true;
	return false;
}

/* The value at the dotted path under props, as a setting's text: a
 * string as it is, a number or a boolean as az's tsv writes it; NULL: no
 * such member, or an object, an array or null. */
static char *
from_value(json_t *props, const char *path)
{
	json_t *v = props;
	char *p = xstrdup(path), *save = NULL;

	for (char *k = strtok_r(p, ".", &save); k && v; k = strtok_r(NULL,
	    ".", &save))
		v = json_is_object(v) ? json_object_get(v, k) : NULL;
	free(p);
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_boolean(v))
		return xstrdup(json_is_true(v) ? "true" : "false");
	if (json_is_integer(v))
		return xfmt("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	return NULL;
}

/* The first read of op: the {from:} reads of a settings op first. */
static enum phase
read_phase(struct op *op)
{
	return op->kind == K_SETTINGS && from_next(op, 0) ? PH_FROM :
	    PH_READ;
}

/* A {from:} setting's read (PH_FROM): the resource's property goes into
 * the settings, which are then read and compared as any others. A
 * resource not there yet (vnetc plan, before this run creates it) is
 * known after apply: the plan says so. name and id are the resource's
 * own, in the body already (body.c). */
static void
from_done(struct run *r, struct op *op, struct answer *a)
{
	char buf[600];
	const struct setting *se = &op->st->u.app->settings[op->from_at];
	json_t *p = json_object_get(op->want, "properties");
	char *v = a->status == 200 ? from_value(json_object_get(a->body,
	    "properties"), se->prop) : NULL;

	if (v) {
		json_object_set_new(p, se->name, json_string(v));
		free(v);
	} else if (a->status == 404 && r->readonly) {
		json_object_set_new(p, se->name, json_string("(known after "
		    "apply)"));
		if (!op->unknown)
			op->unknown = json_object();
		json_object_set_new(op->unknown, se->name, json_true());
	} else if (a->status == 200) {
		op_fail(r, op, "setting %s: %s has no property %s that is a "
		    "string, a number or a boolean (GET %s); name one that "
		    "ARM's GET answers under properties", se->name,
		    se->from.name, se->prop, op->req.url);
		return;
	} else {
		if (!(a->cls == HTTP_RETRY && retry(r, op,
		    http_retry_after_ms(op->resp.retry_after))))
			op_fail(r, op, "setting %s: reading %s's %s: GET "
			    "answered %s", se->name, se->from.name, se->prop,
			    answer_str(a, buf, sizeof(buf)));
		return;
	}
	phase(op, from_next(op, op->from_at + 1) ? PH_FROM : PH_READ, 0);
}

/* How long apply and destroy wait for ARM to finish what it is doing
 * to a resource before they write to it, and for a policy's zone group:
 * VNETC_WAIT_TIMEOUT seconds, as the script does (default 900; Azure's
 * policies deploy some minutes after the endpoint). */
static long
wait_ms(void)
{
	const char *v = getenv("VNETC_WAIT_TIMEOUT");
	char *end;
	long n = v ? strtol(v, &end, 10) : 900;

	if (!v || *end || n < 0 || n > 86400)
		n = 900;
	return n * 1000;
}

/* op's read found ARM working on it (provisioningState state): another
 * run's or another tool's operation, or one a killed vnetc left. Writing
 * now would conflict, so apply waits, says once what for, and gives up
 * after wait_ms() with what to do. */
static void
busy_wait(struct run *r, struct op *op, const char *state)
{
	long now = now_ms(), limit = wait_ms();

	if (!op->t_busy) {
		op->t_busy = now;
		report_progress_clear(r);
		fprintf(stderr, "vnetc: %s [%s]: provisioningState %s: another "
		    "operation is under way on it; waiting up to %ld s for it "
		    "to end (VNETC_WAIT_TIMEOUT)\n", op->label, op->name,
		    state, limit / 1000);
	}
	if (now - op->t_busy >= limit || !settle(op))
		op_fail(r, op, "still %s after %ld s: another operation holds "
		    "it (the resource's activity log says whose); run again "
		    "when it has ended, or wait longer with VNETC_WAIT_TIMEOUT",
		    state, (now - op->t_busy) / 1000);
}

/* A {from: X, property: id} setting whose value Azure has is X's id in
 * another case (a hand-written or imported one): the same id, ARM's
 * ids comparing without case, so the value Azure has is kept and is no
 * difference (a settings write restarts the app). */
static void
keep_id_case(struct op *op, json_t *have)
{
	const struct app *ap = op->st->u.app;
	json_t *want = json_object_get(op->want, "properties");
	json_t *cur = json_object_get(have, "properties");

	for (size_t i = 0; i < ap->nsettings; i++) {
		const struct setting *se = &ap->settings[i];
		const char *w = json_string_value(json_object_get(want,
		    se->name));
		const char *h = json_string_value(json_object_get(cur,
		    se->name));
		if (se->from.target && se->prop && !strcmp(se->prop, "id") &&
		    w && h && strcmp(w, h) && !strcasecmp(w, h))
			json_object_set_new(want, se->name, json_string(h));
	}
}

/* Whether have is want, a setting written with body_key_mark, with a
 * key in its place: the same text around it, and a key between (base64:
 * no ';'). */
static bool
keyed_same(const char *want, const char *have, const char *mark)
{
	const char *at = strstr(want, mark);
	size_t pre = (size_t)(at - want), ml = strlen(mark);
	size_t post = strlen(at + ml), hl = strlen(have);

	if (hl <= pre + post || strncmp(want, have, pre) ||
	    strcmp(at + ml, have + hl - post))
		return false;
	for (size_t i = pre; i < hl - post; i++)
		if (have[i] == ';')
			return false;
	return true;
}

/* What a settings op compares and writes (a new reference): its settings,
 * those of its owned (ops.c own_settings) that hold the host storage's
 * key taken as Azure has them where they differ only by the key (vnetc
 * cannot see a key it does not read; a plan reads none). Any other is
 * written again, with the key read first (op->keys, PH_KEYS). */
static json_t *
owned_keys(struct op *op, json_t *have)
{
	json_t *w = json_deep_copy(op->want);
	json_t *p = json_object_get(w, "properties");
	json_t *cur = json_object_get(have, "properties");
	const char *k;
	json_t *v;
	bool keyed = false;

	bool cid = false;

	json_object_foreach(op->owned, k, v) {
		const char *ws = json_string_value(json_object_get(p, k));
		const char *hs = json_string_value(json_object_get(cur, k));
		/* the key's mark (true), or the client id's (the mark) */
		const char *mark = json_is_true(v) ? body_key_mark :
		    json_is_string(v) ? body_client_mark : NULL;
		if (!mark || !ws || !strstr(ws, mark))
			continue;
		if (hs && keyed_same(ws, hs, mark))
			json_object_set_new(p, k, json_string(hs));
		else if (json_is_true(v))
			keyed = true;
		else
			cid = true;
	}
	op->keys = keyed ? op->keys_at : NULL;
	op->client = cid ? op->client_at : NULL;
	return w;
}

static void
read_done(struct run *r, struct op *op, struct answer *a)
{
	json_t *have = a->body;

	if (op->kind == K_POLICY) {
		policy_read(r, op, have);
		return;
	}
	const char *state = diff_prov_state(have);
	if (op->kind != K_SETTINGS && op->kind != K_RG &&
	    op->kind != K_LEFT && !diff_state_terminal(state)) {
		/* ARM is still working on it (a run killed half way, or
		 * someone else): writing now would conflict. A plan writes
		 * nothing: it says so and compares what is there. */
		if (r->readonly) {
			op->busy_state = arena_strdup(&r->p->spec->arena, state);
		} else {
			busy_wait(r, op, state);
			return;
		}
	}
	json_decref(op->actual);
	op->actual = json_incref(have);
	op->existed = true;
	json_decref(op->diffs);
	op->diffs = json_array();
	switch (op->kind) {
	case K_RG:
		/* its location cannot change; existing is enough */
		op->act = ACT_NONE;
		break;
	case K_PUT:
		/* a role assignment takes no tags: its name, which vnetc
		 * made from what it grants, is its mark */
		if (body_step_created(op->st) && op->st->kind != STEP_ROLE &&
		    !body_owned(r->p->spec, have)) {
			/* a full PUT would reset what the spec does not
			 * know of another's resource (docs/outputs.md) */
			op_fail(r, op, "%s", not_ours(r, op, have));
			return;
		}
		if (op->st->kind == STEP_PEER && !same_remote(op, have)) {
			op_fail(r, op, "it peers with %s, not with the VNet the "
			    "spec peers it with: another workload's peering of "
			    "that name; vnetc leaves it (name this side "
			    "otherwise in a naming hook)",
			    diff_peer_remote(have));
			return;
		}
		json_t *cmp = compared(op);
		diff_json(cmp, have, false, op->diffs);
		json_decref(cmp);
		op->sync = op->st->kind == STEP_PEER &&
		    diff_peering(have, op->diffs);
		diff_failed(have, op->diffs);
		op->act = json_array_size(op->diffs) ? ACT_UPDATE : ACT_NONE;
		json_decref(op->send);
		op->send = op->st->kind == STEP_CREATE ? create_only_out(op) :
		    op->st->kind == STEP_APP || op->st->kind == STEP_SLOT ?
		    update_site_out(op) :
		    json_incref(op->want);
		break;
	case K_PATCH:
		/* Failed too: a write that failed may have left the spec's
		 * values in place, which are then no difference; it is
		 * written again all the same, as ARM's way out of Failed */
		diff_json(op->want, have, false, op->diffs);
		diff_failed(have, op->diffs);
		op->act = json_array_size(op->diffs) ? ACT_UPDATE : ACT_NONE;
		json_decref(op->send);
		op->send = body_patch_onto(&r->vc, op->st, have);
		break;
	case K_SETTINGS: {
		/* app settings values are data: compared exactly, but an
		 * id's case */
		keep_id_case(op, have);
		json_t *want = owned_keys(op, have);
		diff_json(want, have, true, op->diffs);
		json_t *merged = json_object();
		json_t *cur = json_object_get(have, "properties");
		if (json_is_object(cur))
			json_object_update(merged, cur);
		json_object_update(merged, json_object_get(want,
		    "properties"));
		json_decref(want);
		json_decref(op->send);
		op->send = json_pack("{s:o}", "properties", merged);
		op->act = json_array_size(op->diffs) || exec_lock_written(r, op) ?
		    ACT_UPDATE : ACT_NONE;
		break;
	}
	case K_DELETE:
		op->act = ACT_DELETE;
		if (body_step_created(op->st) && op->st->kind != STEP_ROLE &&
		    !body_owned(r->p->spec, have)) {
			op->act = ACT_NONE;
			op->kind = K_LEFT;
			op->left = not_ours(r, op, have);
			break;
		}
		if (op->st->kind == STEP_PEER && !same_remote(op, have)) {
			op->act = ACT_NONE;
			op->kind = K_LEFT;
			op->left = arena_printf(&r->p->spec->arena, "it peers "
			    "with %s, not with the VNet the spec peers it "
			    "with: another workload's; destroy leaves it",
			    diff_peer_remote(have));
		}
		break;
	case K_DISCONNECT: {
		const char *cur = json_string_value(json_object_get(
		    json_object_get(have, "properties"),
		    "virtualNetworkSubnetId"));
		op->act = cur && json_is_string(op->want) && !strcasecmp(cur,
		    json_string_value(op->want)) ? ACT_DISCONNECT : ACT_NONE;
		break;
	}
	case K_LEFT:
	case K_POLICY:
		break;
	}
	if (op->act == ACT_NONE) {
		op_finish(r, op, r->readonly ? R_NONE : op->kind == K_LEFT ?
		    R_LEFT : op->kind == K_DISCONNECT ? R_ABSENT :
		    R_UNCHANGED);
		return;
	}
	decide_write(r, op, op->act);
}

/* The name of link l when it links the VNet of op's link (op->want)
 * under another name, else NULL. Azure allows one link per (zone, VNet)
 * and refuses a second under another name (409 Conflict "Private zone
 * '...' is already linked to the virtual network '...'"): one made in
 * the portal or by hand is the link the spec asks for. */
static const char *
link_same_vnet(const struct op *op, json_t *l)
{
	const char *want = json_string_value(json_object_get(json_object_get(
	    json_object_get(op->want, "properties"), "virtualNetwork"), "id"));
	const char *id = json_string_value(json_object_get(json_object_get(
	    json_object_get(l, "properties"), "virtualNetwork"), "id"));
	const char *name = json_string_value(json_object_get(l, "name"));

	return want && id && name && !strcasecmp(id, want) ? name : NULL;
}

/* op's link is satisfied by the zone's link name: left, as another's
 * (no record says vnetc created it: destroy leaves it). */
static void
link_satisfied(struct run *r, struct op *op, const char *name)
{
	op->kind = K_LEFT;
	op->act = ACT_NONE;
	op->left = arena_printf(&r->p->spec->arena, "the zone's link '%s' "
	    "links this VNet already (Azure allows one link per zone and "
	    "VNet): satisfied; not vnetc's, destroy leaves it", name);
	op_finish(r, op, r->readonly ? R_NONE : R_LEFT);
}

/* The zone's links read (PH_LINKS): one to the VNet under another name
 * satisfies the step, and stays another's (no record says vnetc
 * created it: destroy leaves it); none, the link is created. */
static void
links_done(struct run *r, struct op *op, struct answer *a)
{
	char buf[600];
	const char *name = NULL;
	json_t *v = json_object_get(a->body, "value");
	for (size_t i = 0; a->status == 200 && !name &&
	    i < json_array_size(v); i++)
		name = link_same_vnet(op, json_array_get(v, i));
	const char *next = a->status == 200 ? json_string_value(
	    json_object_get(a->body, "nextLink")) : NULL;

	if (name) {
		link_satisfied(r, op, name);
	} else if (next) {
		free(op->poll);
		op->poll = xstrdup(next);
		phase(op, PH_LINKS, 0);
	} else if (a->status == 200 || a->status == 404) {
		/* no link to the VNet (404: the zone is not there yet) */
		free(op->poll);
		op->poll = NULL;
		json_decref(op->send);
		op->send = json_incref(op->want);
		decide_write(r, op, ACT_CREATE);
	} else if (!(a->cls == HTTP_RETRY && retry(r, op,
	    http_retry_after_ms(op->resp.retry_after)))) {
		op_fail(r, op, "listing the zone's links: %s", answer_str(a,
		    buf, sizeof(buf)));
	}
}

/* A link not there by its name, perhaps there by another: true when
 * the zone has none to its VNet, which the zone's list that answered its
 * read says when it was read to its end; else the list is read
 * (PH_LINKS), or the step is satisfied. */
static bool
links_listed(struct run *r, struct op *op)
{
	const struct batch *b = op->list && op->listed ? &op->list->b : NULL;
	const char *k, *name = NULL;
	json_t *l;

	if (!b || b->st != B_DONE || !b->complete) {
		free(op->poll);
		op->poll = NULL;
		phase(op, PH_LINKS, 0);
		return false;
	}
	json_object_foreach(b->items, k, l)
		if (!name)
			name = link_same_vnet(op, l);
	if (name)
		link_satisfied(r, op, name);
	return !name;
}

static void
read_missing(struct run *r, struct op *op, struct answer *a)
{
	char buf[600];

	json_decref(op->actual);
	op->actual = NULL;
	if (op->with_site) {
		/* a configuration or settings of a site not there yet (plan):
		 * its create body writes them */
		op->act = ACT_NONE;
		op_finish(r, op, r->readonly ? R_NONE : R_UNCHANGED);
		return;
	}
	if (op->kind == K_PATCH && op->fresh) {
		/* its app is created first in this run: all of the change
		 * is to write, as against an app that has none of it */
		json_t *none = json_object();
		json_decref(op->diffs);
		op->diffs = json_array();
		diff_json(op->want, none, false, op->diffs);
		json_decref(none);
		json_decref(op->send);
		op->send = json_incref(op->want);
		decide_write(r, op, ACT_UPDATE);
		return;
	}
	switch (op->kind) {
	case K_POLICY: /* the endpoint is not there yet */
		policy_read(r, op, NULL);
		return;
	case K_RG:
		if (op->verify) {
			op_fail(r, op, "the spec's existing resources (%s "
			    "among them) are in it, but GET answered %s (are "
			    "resource_group and the subscription right?)",
			    ops_existing_in_rg(r->p->spec), answer_str(a, buf,
			    sizeof(buf)));
			return;
		}
		/* FALLTHROUGH */
	case K_PUT:
		if (op->st->kind == STEP_LINK && !links_listed(r, op))
			return;
		json_decref(op->send);
		op->send = json_incref(op->want);
		decide_write(r, op, ACT_CREATE);
		return;
	case K_DELETE:
	case K_DISCONNECT:
		op->act = ACT_NONE;
		op_finish(r, op, r->readonly ? R_NONE : R_ABSENT);
		return;
	case K_SETTINGS:
		/* an app vnetc creates in this run: no settings yet, the
		 * spec's are all of them */
		if (op->st->u.app->cr.is) {
			json_decref(op->send);
			op->send = json_incref(op->want);
			decide_write(r, op, ACT_CREATE);
			return;
		}
		/* FALLTHROUGH */
	default:
		if (op->gone) {
			op_fail(r, op, "GET answered %s: %s", answer_str(a,
			    buf, sizeof(buf)), op->gone);
			return;
		}
		op_fail(r, op, "the spec says it exists, but GET answered %s "
		    "(vnetc changes existing resources; it does not create "
		    "them)", answer_str(a, buf, sizeof(buf)));
		return;
	}
}

static enum result
write_result(const struct op *op)
{
	switch (op->kind) {
	case K_RG: case K_PUT:
		return op->existed ? R_UPDATED : R_CREATED;
	case K_DELETE:
		return R_DELETED;
	case K_DISCONNECT:
		return R_DISCONNECTED;
	default:
		return R_UPDATED;
	}
}

/* Polling waits Retry-After when given (RPC: integer seconds), else
 * 1, 2, 4 .. 30 s. Three polls told "0" in a row wait a second, so a
 * server that always says 0 is not hammered. */
static long
poll_wait(struct op *op)
{
	long ms = http_retry_after_ms(op->resp.retry_after);

	op->npoll++;
	if (ms < 0) {
		ms = 1000L << (op->npoll < 5 ? op->npoll - 1 : 5);
		if (ms > POLL_CAP_MS)
			ms = POLL_CAP_MS;
	}
	if (op->npoll > 3 && ms < 1000)
		ms = 1000;
	return ms;
}

/* The fastest operation of op's kind and method this run, ms (0: none
 * yet); learn: op's has ended well, the fastest if it was. */
static long
op_fastest(struct run *r, const struct op *op, bool learn)
{
	char *k = xfmt("%s %s", op->wmethod, op->kindname);
	json_t *cur = json_object_get(r->op_ms, k);
	long ms = now_ms() - op->t_accepted;

	if (ms > POLL_CAP_MS)
		ms = POLL_CAP_MS;
	if (learn && (!cur || ms < json_integer_value(cur)))
		json_object_set_new(r->op_ms, k, json_integer(ms));
	ms = json_integer_value(json_object_get(r->op_ms, k));
	free(k);
	return ms;
}

/* A write ARM accepted: follow its operation, if it has one. */
static void
write_done(struct run *r, struct op *op, struct answer *a)
{
	const struct http_resp *rs = &op->resp;
	const char *poll = rs->async_op ? rs->async_op :
	    a->status == 202 && rs->location ? rs->location : NULL;

	op->wrote = true;
	if (poll) {
		free(op->poll);
		op->poll = xstrdup(poll);
		op->poll_loc = !rs->async_op;
		op->npoll = 0;
		journal_put(&r->jnl, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "event",
		    "accepted", "step", op->label, "id", op->path, "op",
		    op->req.method, "poll", op->poll, "location",
		    op->poll_loc));
		/* the first look after the write's Retry-After; without one
		 * (or "0"), after as long as the fastest operation of its
		 * kind took this run (at once for the first): a look sooner
		 * would most likely hear InProgress, a request of the reads'
		 * budget spent for nothing (polls were 3/4 of the reads at
		 * scale, bench/throttle.sh); one later than need be is late
		 * by less than that fastest operation took */
		long ms = http_retry_after_ms(rs->retry_after);
		op->t_accepted = now_ms();
		phase(op, PH_POLL, ms > 0 ? ms : op_fastest(r, op, false));
		return;
	}
	if (op->kind == K_SETTINGS || op->kind == K_DELETE ||
	    op->kind == K_DISCONNECT || diff_state_terminal(diff_prov_state(a->body))) {
		if (diff_state_failed(diff_prov_state(a->body))) {
			op_fail(r, op, "%s: provisioningState %s",
			    op->req.method, diff_prov_state(a->body));
			return;
		}
		op_finish(r, op, write_result(op));
		return;
	}
	/* 201/202 with a non-terminal state and no operation URL: watch
	 * the resource itself */
	phase(op, PH_CONFIRM, 0);
	if (!settle(op))
		op_fail(r, op, "no end in sight");
}

/* An operation that failed for a passing reason (http_op_transient):
 * write again. */
static bool
rewrite(struct run *r, struct op *op)
{
	if (++op->nrewrite >= MAX_TRIES)
		return false;
	phase(op, PH_WRITE, http_backoff_ms(op->nrewrite - 1,
	    BACKOFF_BASE_MS, BACKOFF_CAP_MS, &r->rng));
	op->nretries++;
	return true;
}

/* The subnet is held by a service association link (an integration an
 * app left behind): purge unused integrations once, then delete again
 * (docs/azure-notes.md 2.4). */
static bool
subnet_in_use(const struct op *op, const char *code, const char *msg)
{
	return op->kind == K_DELETE && op->st->kind == STEP_VNET &&
	    !op->purged && (strstr(code, "InUse") ||
	    strstr(msg, "serviceAssociationLink") ||
	    strstr(msg, "ServiceAssociationLink"));
}

static void
poll_done(struct run *r, struct op *op, struct answer *a)
{
	char buf[600];

	if (!op->poll_loc) {
		/* Azure-AsyncOperation: always 200 with a status; 4xx/5xx
		 * means reading the status failed, not the operation */
		if (a->status == 200) {
			const char *s = json_string_value(json_object_get(
			    a->body, "status"));
			if (s && !strcasecmp(s, "Succeeded")) {
				op_fastest(r, op, true);
				phase(op, PH_CONFIRM, 0);
				return;
			}
			if (s && diff_state_failed(s)) {
				char code[128], msg[400];
				http_arm_error(op->resp.body, code,
				    sizeof(code), msg, sizeof(msg));
				if (http_op_transient(code, msg) &&
				    rewrite(r, op))
					return;
				if (subnet_in_use(op, code, msg)) {
					op->purged = true;
					phase(op, PH_PURGE, 0);
					return;
				}
				op_fail(r, op, "%s: operation %s: %s: %s",
				    op->wmethod, s, code[0] ? code :
				    "(no code)", msg);
				return;
			}
			op->due = now_ms() + poll_wait(op);
			if (op->due > op->deadline)
				op_fail(r, op, "operation still %s after %d "
				    "minutes", s ? s : "running",
				    OP_LIMIT_MS / 60000);
			return;
		}
	} else {
		/* Location: 202 while running, then the operation's own
		 * final answer */
		if (a->status == 202) {
			if (op->resp.location) {
				free(op->poll);
				op->poll = xstrdup(op->resp.location);
			}
			op->due = now_ms() + poll_wait(op);
			if (op->due > op->deadline)
				op_fail(r, op, "operation still running after "
				    "%d minutes", OP_LIMIT_MS / 60000);
			return;
		}
		if (a->status >= 200 && a->status < 300) {
			op_fastest(r, op, true);
			phase(op, PH_CONFIRM, 0);
			return;
		}
		if (a->status >= 400 && a->status < 500 && a->status != 408 &&
		    a->status != 429) {
			if (http_op_transient(a->code, a->msg) &&
			    rewrite(r, op))
				return;
			if (subnet_in_use(op, a->code, a->msg)) {
				op->purged = true;
				phase(op, PH_PURGE, 0);
				return;
			}
			op_fail(r, op, "%s: operation failed: %s", op->wmethod,
			    answer_str(a, buf, sizeof(buf)));
			return;
		}
	}
	if (a->cls == HTTP_RETRY && retry(r, op,
	    http_retry_after_ms(op->resp.retry_after)))
		return;
	op_fail(r, op, "polling the operation: %s", answer_str(a, buf,
	    sizeof(buf)));
}

static void
confirm_done(struct run *r, struct op *op, struct answer *a)
{
	char buf[600];

	if (op->kind == K_SETTINGS && a->status == 200) {
		op_finish(r, op, write_result(op));
		return;
	}
	if (op->kind == K_DELETE) {
		if (a->status == 404) {
			op_finish(r, op, R_DELETED);
			return;
		}
		if (a->status == 200) {
			if (!settle(op) || op->nsettle > SETTLE_TRIES + 4)
				op_fail(r, op, "still there after DELETE "
				    "(provisioningState %s)",
				    diff_prov_state(a->body) ? diff_prov_state(a->body) :
				    "none");
			return;
		}
	} else if (op->kind == K_DISCONNECT && a->status == 200) {
		const char *cur = json_string_value(json_object_get(
		    json_object_get(a->body, "properties"),
		    "virtualNetworkSubnetId"));
		if (!cur || !*cur || strcasecmp(cur, json_string_value(
		    op->want))) {
			op_finish(r, op, R_DISCONNECTED);
			return;
		}
		if (!settle(op) || op->nsettle > SETTLE_TRIES)
			op_fail(r, op, "the app is still in the subnet after "
			    "DELETE networkConfig/virtualNetwork");
		return;
	} else if (a->status == 200) {
		const char *s = diff_prov_state(a->body);
		if (diff_state_failed(s)) {
			op_fail(r, op, "provisioningState %s after the write",
			    s);
			return;
		}
		if (diff_state_terminal(s)) {
			op_finish(r, op, write_result(op));
			return;
		}
		if (!settle(op))
			op_fail(r, op, "still %s after %d minutes", s,
			    OP_LIMIT_MS / 60000);
		return;
	} else if (a->status == 404) {
		/* not visible yet: reads can lag writes */
		if (op->nsettle < SETTLE_TRIES && settle(op))
			return;
		op_fail(r, op, "GET after the write: %s", answer_str(a, buf,
		    sizeof(buf)));
		return;
	}
	if (a->cls == HTTP_RETRY && retry(r, op,
	    http_retry_after_ms(op->resp.retry_after)))
		return;
	op_fail(r, op, "GET after the write: %s", answer_str(a, buf,
	    sizeof(buf)));
}

static void
op_handle(struct run *r, struct op *op)
{
	struct answer a;
	char buf[600];

	answer_read(op, &a);
	/* Tries count one request sent again and again: an answer (a poll
	 * saying InProgress, a resource still Updating) starts anew. */
	if (a.cls != HTTP_RETRY)
		op->tries = 0;
	/* A failure to reach the server that no retry mends (a certificate
	 * not trusted, a host with no address) will meet every step: the
	 * steps not yet started are not attempted (activate). */
	if (a.status == 0 && http_unreachable(op->resp.curl_code) &&
	    !r->unreachable)
		r->unreachable = xstrdup(a.msg);
	if (a.status == 401 && !strcasecmp(a.code,
	    "ExpiredAuthenticationToken") && !op->reauthed) {
		op->reauthed = true;
		if (arm_reauth(&r->arm)) {
			op->due = now_ms();
			json_decref(a.body);
			return;
		}
	}
	switch (op->ph) {
	case PH_RESUME:
		/* whatever the old operation says, once it is not running
		 * the read decides */
		if (a.status == 202 || (a.status == 200 && !op->poll_loc &&
		    !diff_state_terminal(json_string_value(json_object_get(a.body,
		    "status"))))) {
			op->due = now_ms() + poll_wait(op);
			if (op->due > op->deadline)
				phase(op, read_phase(op), 0);
		} else if (a.cls == HTTP_RETRY && retry(r, op,
		    http_retry_after_ms(op->resp.retry_after))) {
			;
		} else {
			phase(op, read_phase(op), 0);
		}
		break;
	case PH_READ:
		if (a.status == 200)
			read_done(r, op, &a);
		else if (a.status == 404)
			read_missing(r, op, &a);
		else if (!(a.cls == HTTP_RETRY && retry(r, op,
		    http_retry_after_ms(op->resp.retry_after))))
			op_fail(r, op, "%s: %s", op->req.method,
			    answer_str(&a, buf, sizeof(buf)));
		break;
	case PH_WRITE:
		if (a.status >= 200 && a.status < 300 && !a.code[0]) {
			write_done(r, op, &a);
		} else if (op->st->kind == STEP_ROLE && a.status == 409 &&
		    !strcasecmp(a.code, "RoleAssignmentExists")) {
			/* ARM's answer to a second assignment of one role to
			 * one principal at one scope under another name (one
			 * made by hand, or by az without --name): the role is
			 * there; it is not vnetc's, and destroy leaves it */
			op->kind = K_LEFT;
			op->left = "the identity has this role on it already, "
			    "under another name (RoleAssignmentExists): "
			    "satisfied; not vnetc's, destroy leaves it";
			op_finish(r, op, R_LEFT);
		} else if (subnet_in_use(op, a.code, a.msg)) {
			op->purged = true;
			phase(op, PH_PURGE, 0);
		} else if (!(a.cls == HTTP_RETRY && retry(r, op,
		    http_retry_after_ms(op->resp.retry_after)))) {
			op_fail(r, op, "%s: %s%s", op->req.method,
			    answer_str(&a, buf, sizeof(buf)),
			    soft_deleted_hint(r, op, &a));
		}
		break;
	case PH_POLL:
		poll_done(r, op, &a);
		break;
	case PH_CONFIRM:
		confirm_done(r, op, &a);
		break;
	case PH_PRINCIPAL:
		principal_done(r, op, &a);
		break;
	case PH_KEYS:
		keys_done(r, op, &a);
		break;
	case PH_FROM:
		from_done(r, op, &a);
		break;
	case PH_LINKS:
		links_done(r, op, &a);
		break;
	case PH_PURGE:
		if (a.status >= 200 && a.status < 300)
			phase(op, PH_WRITE, 0);
		else if (!(a.cls == HTTP_RETRY && retry(r, op,
		    http_retry_after_ms(op->resp.retry_after))))
			op_fail(r, op, "purging unused VNet integrations: %s",
			    answer_str(&a, buf, sizeof(buf)));
		break;
	case PH_WAIT:
	case PH_DONE:
		break;
	}
	json_decref(a.body);
	if (op->ph != PH_DONE)
		http_resp_free(&op->resp);
}

/* ---- batched reads (batch.h) ---- */

/* Which operations read through a list: their first read, of a type ARM
 * lists (batch_collection), when two or more read one list. Not the
 * read of what the spec says exists (K_LEFT: its GET's 404 is the
 * message), nor a read after a resumed operation (it must see that operation's end), nor a
 * resource two operations share (a list read before the first wrote it
 * would tell the second it is absent). */
void
exec_lists(struct run *r)
{
	json_t *paths = json_object();	/* lowercase path -> count */
	char **coll = xmalloc((r->nops + 1) * sizeof(*coll));

	for (size_t i = 0; i < r->nops; i++) {
		char *k = xstrdup(r->ops[i].path ? r->ops[i].path : "");
		for (char *c = k; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		json_object_set_new(paths, k, json_integer(json_integer_value(
		    json_object_get(paths, k)) + 1));
		free(k);
	}
	r->lists = xmalloc((r->nops + 1) * sizeof(*r->lists));
	r->nlists = 0;
	for (size_t i = 0; i < r->nops; i++) {
		struct op *op = &r->ops[i];
		coll[i] = NULL;
		if (!op->api || (op->resume && !r->readonly) ||
		    !(op->kind == K_PUT || op->kind == K_PATCH ||
		    op->kind == K_DELETE))
			continue;
		char *k = xstrdup(op->path);
		for (char *c = k; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		bool shared = json_integer_value(json_object_get(paths, k)) > 1;
		free(k);
		if (!shared)
			coll[i] = batch_collection(op->path);
	}
	for (size_t i = 0; i < r->nops; i++) {
		if (!coll[i] || r->ops[i].list)
			continue;
		size_t n = 0;
		for (size_t j = i; j < r->nops; j++)
			n += coll[j] && !strcasecmp(coll[j], coll[i]) &&
			    !strcmp(r->ops[j].api, r->ops[i].api);
		if (n < 2)
			continue;	/* one GET is as cheap */
		struct lister *l = &r->lists[r->nlists++];
		*l = (struct lister){0};
		batch_init(&l->b, coll[i], r->ops[i].api);
		l->b.nreads = n;
		for (size_t j = i; j < r->nops; j++)
			if (coll[j] && !strcasecmp(coll[j], coll[i]) &&
			    !strcmp(r->ops[j].api, r->ops[i].api))
				r->ops[j].list = l;
	}
	for (size_t i = 0; i < r->nops; i++)
		free(coll[i]);
	free(coll);
	json_decref(paths);
}

void
exec_lists_free(struct run *r)
{
	for (size_t i = 0; i < r->nlists; i++) {
		batch_free(&r->lists[i].b);
		free(r->lists[i].url);
		http_resp_free(&r->lists[i].resp);
	}
	free(r->lists);
	r->lists = NULL;
	r->nlists = 0;
	for (size_t i = 0; i < r->nops; i++)
		r->ops[i].list = NULL;
}

/* The list has ended (read, stopped, or failed): the reads waiting for
 * it go on. A failure is said, with what vnetc does instead. */
static void
list_end(struct run *r, struct lister *l, enum batch_state st)
{
	l->b.st = st;
	if (st == B_FAILED)
		fprintf(stderr, "vnetc: listing %s: %s; reading its %zu "
		    "resources one by one\n", l->b.coll, l->b.why,
		    l->b.nreads);
	for (size_t i = r->lo; i < r->nops; i++)
		if (r->ops[i].list == l && !r->ops[i].listed)
			r->ops[i].due = now_ms();
}

/* The next page of l, if its time has come and ARM's budget has room. */
static void
list_send(struct run *r, struct lister *l, long *next)
{
	if (l->b.st != B_BUSY || l->busy)
		return;
	if (l->due > now_ms()) {
		if (l->due < *next)
			*next = l->due;
		return;
	}
	free(l->url);
	l->url = l->b.next ? xstrdup(l->b.next) : arm_url(&r->arm,
	    l->b.coll, l->b.api);
	l->req = (struct http_req){.method = "GET", .url = l->url,
	    .user = l};
	int rc = arm_start(&r->arm, &l->req, &l->resp, !l->b.next);
	if (rc > 0) {
		if (!l->held)
			r->arm.nwaits++;
		l->held = true;
		l->due = now_ms() + rc;
		if (l->due < *next)
			*next = l->due;
		return;
	}
	l->held = false;
	if (rc < 0) {
		snprintf(l->b.why, sizeof(l->b.why), "%s", l->resp.errbuf);
		http_resp_free(&l->resp);
		list_end(r, l, l->b.pages ? B_DONE : B_FAILED);
		return;
	}
	if (!l->b.pages && !l->b.t_sent)
		l->b.t_sent = now_ms();
	l->busy = true;
}

/* A page's answer: kept, and the next asked for while it pays; a 429 or
 * 5xx tried again as an operation's request is; another failure ends
 * the list (what its pages found still answers). */
static void
list_answer(struct run *r, struct lister *l)
{
	struct http_resp *rs = &l->resp;
	char code[128], msg[400];

	l->busy = false;
	if (rs->status == 200 && batch_page(&l->b, rs->body)) {
		l->tries = 0;
		if (batch_worth_next(&l->b))
			l->due = now_ms();
		else
			list_end(r, l, B_DONE);
		http_resp_free(rs);
		return;
	}
	if (rs->status == 200) {
		http_resp_free(rs);
		list_end(r, l, l->b.pages ? B_DONE : B_FAILED);
		return;
	}
	http_arm_error(rs->body, code, sizeof(code), msg, sizeof(msg));
	/* The group or the parent is not there (a fresh deployment): then
	 * neither is anything in the list, as each GET's 404 would say */
	if (rs->status == 404 && !l->b.pages && (!strcmp(code,
	    "ResourceNotFound") || !strcmp(code, "ParentResourceNotFound") ||
	    !strcmp(code, "ResourceGroupNotFound"))) {
		l->b.complete = true;
		list_end(r, l, B_DONE);
		http_resp_free(rs);
		return;
	}
	enum http_class cls = rs->status ? http_classify(rs->status, code,
	    0) : rs->curl_code < 0 ? HTTP_FATAL : http_classify(0, NULL,
	    rs->curl_code);
	long ms = http_retry_after_ms(rs->retry_after);
	if (cls == HTTP_RETRY && ++l->tries < MAX_TRIES) {
		l->due = now_ms() + (ms >= 0 ? ms : http_backoff_ms(
		    l->tries - 1, BACKOFF_BASE_MS, BACKOFF_CAP_MS, &r->rng));
	} else {
		char raw[700];
		if (rs->status)
			snprintf(raw, sizeof(raw), "HTTP %ld%s%s%s%s",
			    rs->status, code[0] ? " " : "", code, msg[0] ?
			    ": " : "", msg);
		else
			snprintf(raw, sizeof(raw), "no answer: %s",
			    rs->errbuf);
		http_redact(l->b.why, sizeof(l->b.why), raw);
		list_end(r, l, l->b.pages ? B_DONE : B_FAILED);
	}
	http_resp_free(rs);
}

static struct lister *
lister_of(struct run *r, const struct http_req *q)
{
	for (size_t i = 0; i < r->nlists; i++)
		if (&r->lists[i].req == q)
			return &r->lists[i];
	return NULL;
}

/* op's first read, from its list: true if the list answered it (as a
 * GET would have: 200 with the resource, or 404), or op waits for the
 * list; false: op reads with a GET of its own. A resource in the list is
 * used only if the list was asked for after the last write this run made
 * to what op waits for (op->t_dirty), which may have changed it (a
 * peering's sync level); one not in a list read to its end is absent,
 * for nothing but its own step creates it. */
static bool
list_read(struct run *r, struct op *op)
{
	struct lister *l = op->list;
	struct batch *b = &l->b;

	if (b->st == B_IDLE) {
		b->st = B_BUSY;
		l->due = now_ms();
	}
	if (b->st == B_BUSY) {
		op->due = LONG_MAX;	/* list_end wakes it */
		return true;
	}
	op->listed = true;
	if (b->st == B_FAILED)
		return false;
	json_t *have = batch_find(b, op->path);
	if (have ? op->t_dirty >= b->t_sent : !b->complete)
		return false;
	ops_reset_req(op);
	op->resp = (struct http_resp){.status = have ? 200 : 404};
	op->resp.body = have ? json_dumps(have, JSON_COMPACT) : xfmt(
	    "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"not in "
	    "the list %s\"}}", b->coll);
	op->resp.len = strlen(op->resp.body);
	op->req = (struct http_req){.method = "GET", .user = op};
	op_handle(r, op);
	return true;
}

/* Start op if its turn has come: what it waits for is done, and fewer
 * than --parallelism operations are under way. A plan (readonly) reads
 * everything at once: reads need no order. */
static void
activate(struct run *r, struct op *op)
{
	if (!r->readonly) {
		for (size_t i = 0; i < op->ndeps; i++) {
			const struct op *d = &r->ops[op->deps[i]];
			if (d->res == R_FAILED || d->res == R_SKIPPED) {
				op->blocker = d->label;
				op_finish(r, op, R_SKIPPED);
				return;
			}
			if (d->ph != PH_DONE)
				return;
		}
		for (size_t i = 0; i < op->ndeps; i++) {
			const struct op *d = &r->ops[op->deps[i]];
			long t = d->wrote ? d->t_end : d->t_dirty;
			if (t > op->t_dirty)
				op->t_dirty = t;
		}
	}
	if (op->kind == K_LEFT && !op->verify) {
		op_finish(r, op, R_LEFT);
		return;
	}
	if (r->unreachable) {
		op->blocker = "ARM, which could not be reached";
		op_finish(r, op, R_SKIPPED);
		return;
	}
	if (r->nactive >= (size_t)r->o->parallelism)
		return;
	r->nactive++;
	op->active = true;
	op->t_start = now_ms();
	op->deadline = op->t_start + (op->kind == K_POLICY ? wait_ms() :
	    OP_LIMIT_MS);
	if (!op->api) {
		/* nothing can read it: an error of the plan, before any
		 * write */
		op_fail(r, op, "vnetc knows no apiVersion for %s, so it "
		    "cannot read this %s", op->st->kind == STEP_LOCK ?
		    op->st->u.backend->type : op->kindname, op->kind ==
		    K_LEFT ? "back end, which the spec says exists" :
		    "resource or change it");
		return;
	}
	phase(op, op->resume && !r->readonly ? PH_RESUME :
	    op->st->kind == STEP_ROLE && op->kind == K_PUT ? PH_PRINCIPAL :
	    read_phase(op), 0);
}

/* The scheduler: start what is ready and due, take answers as they come. */
void
exec_run(struct run *r)
{
	exec_lists(r);
	r->op_ms = json_object();
	for (;;) {
		long now = now_ms(), next = now + 1000;
		bool pending = false;

		while (r->lo < r->nops && r->ops[r->lo].ph == PH_DONE)
			r->lo++;
		for (size_t i = r->lo; i < r->nops; i++) {
			struct op *op = &r->ops[i];
			if (op->ph == PH_WAIT)
				activate(r, op);
			if (op->ph == PH_DONE)
				continue;
			pending = true;
			if (op->ph == PH_WAIT || op->busy)
				continue;
			if (op->due <= now && op->ph == PH_READ && op->list &&
			    !op->listed && list_read(r, op)) {
				if (op->ph != PH_DONE && !op->busy &&
				    op->due < next)
					next = op->due;
			} else if (op->due <= now && !op_send(r, op)) {
				if (op->due < next)
					next = op->due;	/* held back */
			} else if (op->due <= now) {
				if (!op->busy)
					op_handle(r, op); /* refused */
			} else if (op->due < next) {
				next = op->due;
			}
		}
		if (!pending)
			break;
		for (size_t i = 0; i < r->nlists; i++)
			list_send(r, &r->lists[i], &next);
		report_progress(r);
		long wait = next - now_ms();
		if (wait < 0)
			wait = 0;
		const struct http_req *q = arm_next(&r->arm, wait);
		struct lister *l = q ? lister_of(r, q) : NULL;
		if (l) {
			list_answer(r, l);
		} else if (q) {
			struct op *op = q->user;
			op->busy = false;
			op_handle(r, op);
		}
	}
	exec_lists_free(r);
	json_decref(r->op_ms);
	r->op_ms = NULL;
	report_progress_clear(r);
	if (r->progress)
		fflush(stdout);
	if (r->unreachable && !r->unreachable_said) {
		r->unreachable_said = true;
		fprintf(stderr, "vnetc: could not reach ARM at %s: %s%s\n",
		    r->arm.endpoint, r->unreachable, strstr(r->unreachable,
		    "certificate") ? " (a private CA? trust it with "
		    "--ca-bundle FILE)" : "");
	}
}
