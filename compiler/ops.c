/* ops.c - the plan's steps -> the executor's operations: for each step,
 * what apply or destroy does with it (create, patch, delete, leave, wait
 * for a policy) and its desired body (body.c); the reads of the scopes
 * and back ends the spec names; what each operation waits for. */
#include <stdlib.h>
#include <string.h>

#include "exec.h"

static const char *
last_seg(struct spec *s, const char *path)
{
	const char *p = strrchr(path, '/');

	return arena_strdup(&s->arena, p ? p + 1 : path);
}

static const char *
step_kindname(const struct step *st)
{
	const struct restype *rt = body_step_type(st);

	return rt ? rt->kind : "resource";
}

/* The names and paths of op's resource. */
static void
op_init(struct run *r, struct op *op, const struct step *st)
{
	struct spec *s = r->p->spec;
	const struct scope *sc = body_step_scope(s, st);

	op->st = st;
	op->label = st->label;
	op->kindname = step_kindname(st);
	op->path = body_rest_path(&r->vc, st, PATH_SELF);
	op->api = body_step_api(st);
	op->keys = body_rest_path(&r->vc, st, PATH_KEYS);
	if (op->keys) /* the storage account's, whose action it is */
		op->keys_api = backtype_api(backtype_find(((const struct
		    backend *)st->u.app->storage.target)->type));
	op->client = body_rest_path(&r->vc, st, PATH_CLIENT);
	op->name = last_seg(s, op->path);
	if (sc != s->scopes[0])
		op->scope_note = arena_printf(&s->arena, "resource group %s of "
		    "subscription %s", tmpl_eval(s, &sc->rg), tmpl_eval(s,
		    &sc->sub));
}

const char *
ops_existing_in_rg(struct spec *s)
{
	const struct scope *h = s->scopes[0];

	for (size_t i = 0; i < s->nbackends; i++)
		if (s->backends[i].scope == h && s->backends[i].ex.is)
			return arena_printf(&s->arena, "back end '%s'",
			    s->backends[i].key);
	for (size_t i = 0; i < s->nfarms; i++)
		if (s->farms[i].scope == h && !s->farms[i].cr.is)
			return arena_printf(&s->arena, "plan '%s'",
			    s->farms[i].key);
	for (size_t i = 0; i < s->napps; i++)
		if (s->apps[i].scope == h && !s->apps[i].cr.is)
			return arena_printf(&s->arena, "app '%s'",
			    s->apps[i].key);
	for (size_t i = 0; i < s->nvnets; i++)
		if (s->vnets[i].scope == h && s->vnets[i].existing)
			return arena_printf(&s->arena, "vnet '%s'",
			    s->vnets[i].key);
	return NULL;
}

/* A resource vnetc only refers to: why it leaves it. */
static const char *
referred(const struct step *st)
{
	return st->kind == STEP_VNET ? "existing (existing:): vnetc peers "
	    "with it and links zones to it, it never writes it" :
	    "a central zone (dns:): vnetc refers to it, it never writes it";
}

/* zone_group: policy: the endpoint's zone groups, whatever their names
 * (a policy names its own: Azure's "deployedByPolicy"). */
static void
op_policy(struct run *r, struct op *op)
{
	const struct pe *pe = op->st->u.pe;
	json_t *id = body_step_id(&r->vc, &(struct step){.kind = STEP_PE,
	    .u.pe = (struct pe *)pe});

	op->kind = K_POLICY;
	op->path = arena_printf(&r->p->spec->arena, "%s/privateDnsZoneGroups",
	    json_string_value(id));
	op->name = arena_printf(&r->p->spec->arena, "%s/*", tmpl_eval(
	    r->p->spec, &pe->name));
	json_decref(id);
	op->left = "made by a policy (zone_group: policy): vnetc waits for "
	    "it and never writes it";
}

/* A change to an app the plan creates (its public access: spec.c
 * app_self; its access restrictions): the app is there when the change is written, not when it is
 * first read (exec.c read_missing). */
static bool
on_created_app(const struct spec *s, const struct step *st)
{
	const struct backend *b = st->kind == STEP_LOCK ? st->u.backend :
	    NULL;

	if (st->kind == STEP_ACCESS || st->kind == STEP_STICKY)
		return st->u.app->cr.is;
	if (st->kind == STEP_FIREWALL) /* made with its back end */
		return st->u.backend->cr.is;
	return b && b->self_app && s->apps[b->self_app - 1].cr.is;
}

/* The settings a created app's or slot's create body writes (a function
 * app's host settings, a Windows stack's version: body_site_settings),
 * added to op's (a settings op of a) where the spec's own app_settings do
 * not name them (the spec's win), and owned: a hand that changes or
 * removes one in the portal stops the app; apply puts it back. Those that
 * hold the host storage's key need it read (op->keys_at) when they are
 * written again. */
static void
own_settings(struct run *r, struct op *op, const struct app *a)
{
	json_t *own = body_site_settings(&r->vc, a);
	json_t *want = json_object_get(op->want, "properties");
	const struct app *host = a->slot_of ? a->slot_of : a;
	const char *k;
	json_t *v;

	if (!own)
		return;
	op->owned = json_object();
	json_object_foreach(json_object_get(own, "properties"), k, v) {
		if (json_object_get(want, k))
			continue;
		json_object_set(want, k, v);
		/* true: never shown (the key); the client id is no secret,
		 * but it too is a mark until it is read */
		json_object_set_new(op->owned, k, json_boolean(strstr(
		    json_string_value(v), body_key_mark) != NULL));
		if (strstr(json_string_value(v), body_client_mark))
			json_object_set_new(op->owned, k, json_string(
			    body_client_mark));
	}
	json_decref(own);
	op->keys_at = body_rest_path(&r->vc, &(struct step){.kind = STEP_APP,
	    .u.app = (struct app *)host}, PATH_KEYS);
	op->client_at = body_rest_path(&r->vc, &(struct step){.kind =
	    STEP_APP, .u.app = (struct app *)host}, PATH_CLIENT);
	if (op->keys_at) /* the storage account's, whose action it is */
		op->keys_api = backtype_api(backtype_find(((const struct
		    backend *)host->storage.target)->type));
}

/* What apply does with a step. */
static void
op_apply(struct run *r, struct op *op)
{
	const struct step *st = op->st;
	const char *left = NULL;

	switch (st->kind) {
	case STEP_RG:
		/* must exist when what exists is in it */
		op->kind = K_RG;
		op->want = body_rg(&r->vc);
		op->verify = ops_existing_in_rg(r->p->spec) != NULL;
		return;
	case STEP_SETTINGS:
		op->kind = K_SETTINGS;
		op->want = body_patch(&r->vc, st);
		if (st->u.app->cr.is)
			own_settings(r, op, st->u.app);
		/* what plan shows of a {from:}: where it comes from */
		for (size_t i = 0; i < st->u.app->nsettings; i++) {
			const struct setting *se = &st->u.app->settings[i];
			if (!se->from.target)
				continue;
			if (!op->from)
				op->from = json_object();
			json_object_set_new(op->from, se->name, json_string(
			    arena_printf(&r->p->spec->arena, "%s.%s",
			    se->from.name, se->prop)));
		}
		return;
	case STEP_ZG:
		if (st->u.pe->zg_policy) {
			op_policy(r, op);
			return;
		}
		break;
	default:
		break;
	}
	if (st->kind == STEP_NSG || st->kind == STEP_RT ||
	    st->kind == STEP_NATGW) {
		/* existing: true: attached by the VNet, read (it must be
		 * there), never written */
		if (body_step_existing(st)) {
			op->kind = K_LEFT;
			op->verify = true;
			op->left = "existing: attached, vnetc writes nothing of "
			    "it";
			return;
		}
	}
	if (!body_step_existing(st)) {
		op->kind = K_PUT;
		op->want = body_rest(&r->vc, st, &left);
		if (!op->want) {
			op->kind = K_LEFT;
			op->left = left ? left : "nothing to change";
		}
		return;
	}
	/* Existing resources: PATCH only what the spec sets, or, where the
	 * PATCH cannot carry it, PUT the resource as read with it merged in
	 * (body_patch_onto): never a PUT that would reset what the spec
	 * does not know (docs/azure-notes.md 5.4). */
	op->kind = K_PATCH;
	op->want = body_patch(&r->vc, st);
	op->fresh = on_created_app(r->p->spec, st);
	json_t *props = json_object_get(op->want, "properties");
	if (!op->want || (json_object_size(op->want) == 1 && props &&
	    json_object_size(props) == 0)) {
		op->kind = K_LEFT;
		op->verify = true;
		op->left = st->kind == STEP_FARM ? "the spec keeps its SKU" :
		    st->kind == STEP_VNET || st->kind == STEP_ZONE ?
		    referred(st) : "the spec changes nothing on it";
		if (st->kind == STEP_VNET)
			op->gone = "the spec says it exists (existing:); vnetc "
			    "does not create it: is the id right?";
		else if (st->kind == STEP_ZONE)
			op->gone = "the dns: block says this central zone "
			    "exists; vnetc does not create it: are its group "
			    "and subscription right?";
	}
}

/* A back end the spec only connects (public_access: keep) has no step;
 * its endpoints need it, so apply reads it first, as a step of its own
 * that leaves it alone (issue 14). */
static void
op_backend(struct run *r, struct op *op, struct backend *b)
{
	struct spec *s = r->p->spec;
	struct step *st = arena_alloc(&s->arena, sizeof(*st));

	st->kind = STEP_LOCK; /* a lock's view of it: type, id, apiVersion */
	st->u.backend = b;
	st->pos = b->pos;
	st->label = arena_printf(&s->arena, "back end '%s'", b->key);
	op_init(r, op, st);
	op->kind = K_LEFT;
	op->verify = true;
	op->left = "existing; its public access stays as it is";
}

/* A deleted Azure AI services account: "Once you delete a resource, you
 * won't be able to create another one with the same name for 48 hours"
 * (learn.microsoft.com/azure/ai-services/manage-resources, "Recover or
 * purge deleted Azure AI services resources"; docs/azure-notes.md). */
static const char *
cog_soft_delete_note(struct run *r, const struct backend *b)
{
	struct spec *s = r->p->spec;
	json_t *n = body_str(&r->vc, &b->name);
	/* created in the spec's location (body.c) */
	const char *t = arena_printf(&s->arena, "a deleted Azure AI services "
	    "account stays soft-deleted for 48 hours, and its name stays "
	    "taken: creating it again fails until then; 'az "
	    "cognitiveservices account recover --name %s --resource-group %s "
	    "--location %s' brings it back, 'az cognitiveservices account "
	    "purge' with the same options frees the name at once; vnetc "
	    "never purges", json_string_value(n), tmpl_eval(s, &b->scope->rg),
	    tmpl_eval(s, &s->location));
	json_decref(n);
	return t;
}

/* A deleted App Configuration store of the Standard or Premium tier:
 * "the store is soft-deleted and retained for the retention period",
 * its name reserved meanwhile; "az appconfig recover" brings it back,
 * "az appconfig purge" deletes it for good where purge protection is off
 * (learn.microsoft.com/azure/azure-app-configuration/concept-soft-delete;
 * docs/azure-notes.md). The Free and Developer tiers have none. */
static const char *
appcs_soft_delete_note(struct run *r, const struct backend *b)
{
	const struct create *cr = &b->cr;

	if (!appcs_soft_delete(cr))
		return NULL;
	json_t *n = body_str(&r->vc, &b->name);
	const char *name = json_string_value(n);
	const char *t = arena_printf(&r->p->spec->arena, "a deleted App "
	    "Configuration store stays soft-deleted for %d day%s with its "
	    "key-values, and its name stays taken: creating it again fails "
	    "until then; 'az appconfig recover --name %s' brings it back%s%s%s; "
	    "vnetc never purges", cr->soft_days, cr->soft_days == 1 ? "" : "s",
	    name, cr->purge ? ", and purge protection keeps it from being "
	    "purged sooner" : ", 'az appconfig purge --name ", cr->purge ? "" :
	    name, cr->purge ? "" : "' frees the name at once (its key-values "
	    "are lost)");
	json_decref(n);
	return t;
}

/* What deleting a back end vnetc created leaves behind, said in the plan
 * destroy prints before it asks and on the line of the delete, or NULL.
 * A deleted Key Vault stays soft-deleted for its retention, keeping its
 * name and its secrets (learn.microsoft.com/azure/key-vault/general/
 * soft-delete-overview; docs/azure-notes.md 19): a re-create of the name
 * fails meanwhile. vnetc never purges. */
static const char *
soft_delete_note(struct run *r, const struct backend *b)
{
	const struct create *cr = &b->cr;

	if (b->rt->res == RES_COG)
		return cog_soft_delete_note(r, b);
	if (b->rt->res == RES_APPCS)
		return appcs_soft_delete_note(r, b);
	if (b->rt->res != RES_KV)
		return NULL;
	json_t *n = body_str(&r->vc, &b->name);
	const char *name = json_string_value(n);
	const char *t = arena_printf(&r->p->spec->arena, "a deleted key vault "
	    "stays soft-deleted for %d days with its secrets, and its name "
	    "stays taken: creating it again fails until then; 'az keyvault "
	    "recover --name %s' brings it back%s%s%s; vnetc never purges",
	    cr->soft_days, name, cr->purge ? ", and purge protection keeps it "
	    "from being purged sooner" : ", 'az keyvault purge --name ",
	    cr->purge ? "" : name, cr->purge ? "" : "' frees the name at once "
	    "(its secrets are lost)");
	json_decref(n);
	return t;
}

/* Whether destroy may delete what step st at path makes: the journal
 * says vnetc created it (exec.c op_finish marks every record of what it
 * created), or the user said to go without (--delete-unrecorded). A
 * resource of the spec's name that this journal does not record is
 * another project's, or was made by the script or the template
 * (docs/outputs.md, "What destroy deletes"). */
static bool
recorded(struct run *r, const char *path)
{
	return r->o->unrecorded || journal_created(&r->jnl, path);
}

static const char *
unrecorded(struct run *r, const char *path)
{
	if (journal_deleted(&r->jnl, path))
		return arena_printf(&r->p->spec->arena, "vnetc deleted it "
		    "(journal %s); one of the name made since would not be "
		    "vnetc's",
		    r->jnl.path);
	return arena_printf(&r->p->spec->arena, "the journal (%s) does not "
	    "say vnetc created it: destroy deletes only what vnetc created "
	    "(a spec renamed since: write its old name as project: at its "
	    "top; made by the script or the template: --delete-unrecorded)",
	    r->jnl.path);
}

/* Whether destroy deletes the VNet of app a's integration, so that the
 * app must leave its subnet first (its service association link keeps
 * the subnet from being deleted). A VNet the spec says exists keeps the
 * old rule: the app leaves the subnet apply put it in. */
static bool
vnet_goes(struct run *r, const struct app *a)
{
	const struct plan *p = r->p;

	for (size_t i = 0; i < p->nsteps; i++) {
		const struct step *st = &p->steps[i];
		if (st->kind != STEP_VNET || st->u.vnet != a->integration->vnet)
			continue;
		return body_step_existing(st) || recorded(r,
		    body_rest_path(&r->vc, st, PATH_SELF));
	}
	return false;
}

/* What destroy does with a step: delete what vnetc created, leave what
 * existed (issue 5 item 6) and what the journal does not record. */
/* Whether b, whose public access a lock step sets, is the own back end
 * of an app vnetc creates (spec.c self_backend: self_app is its index
 * plus one). */
static bool
lock_of_created(const struct spec *s, const struct backend *b)
{
	return b->self_app && s->apps[b->self_app - 1].cr.is;
}

static void
op_destroy(struct run *r, struct op *op)
{
	const struct step *st = op->st;

	op->kind = K_LEFT;
	if (st->kind == STEP_RG) {
		op->left = journal_created(&r->jnl, op->path) ? "vnetc "
		    "created it, and never deletes a resource group: what "
		    "else is in it stays" : "vnetc never deletes the resource "
		    "group: it holds resources the spec did not create";
	} else if (st->kind == STEP_ZG && st->u.pe->zg_policy) {
		op->left = "made by a policy: it goes with its endpoint";
	} else if ((st->kind == STEP_VNET || st->kind == STEP_ZONE) &&
	    body_step_existing(st)) {
		op->left = referred(st);
	} else if (((st->kind == STEP_PUBCRED || st->kind == STEP_SETTINGS ||
	    st->kind == STEP_ACCESS || st->kind == STEP_STICKY) &&
	    st->u.app->cr.is) || (st->kind == STEP_LOCK &&
	    lock_of_created(r->p->spec, st->u.backend))) {
		op->left = "part of the app vnetc created: deleted with it";
	} else if ((st->kind == STEP_LOCK || st->kind == STEP_FIREWALL) &&
	    st->u.backend->cr.is) {
		op->left = "part of the back end vnetc created: deleted with "
		    "it";
	} else if (st->kind == STEP_PUBCRED) {
		op->left = "existing: the app's publishing policy stays as it "
		    "is";
	} else if (st->kind == STEP_SHARE) {
		op->left = body_flex(st->u.app) ? "the function app's "
		    "deployment container holds its packages and stays with "
		    "its storage account (deleted with it when vnetc created "
		    "the account)" : "the function app's content share holds "
		    "its code and stays with its storage account (deleted "
		    "with it when vnetc created the account)";
	} else if (body_step_created(st) || !body_step_existing(st)) {
		/* only what this journal says vnetc created, and (exec.c)
		 * a back end, plan or app whose tags say so too */
		if (!recorded(r, op->path)) {
			op->left = unrecorded(r, op->path);
			return;
		}
		op->kind = K_DELETE;
		if (st->kind == STEP_CREATE)
			op->note = soft_delete_note(r, st->u.backend);
		/* its remote, which the peering read must have to be
		 * deleted (exec.c same_remote) */
		if (st->kind == STEP_PEER) {
			const char *left = NULL;
			op->want = body_rest(&r->vc, st, &left);
		}
	} else if (st->kind == STEP_APP && st->u.app->integration) {
		/* Its service association link keeps the subnet, and so
		 * the VNet, from being deleted (docs/azure-notes.md 2.4): the
		 * app leaves the subnet first. HTTPS and Route All stay. */
		if (!vnet_goes(r, st->u.app)) {
			op->left = "existing: it stays in its subnet, whose VNet "
			    "destroy leaves";
			return;
		}
		json_t *p = body_patch(&r->vc, st);
		op->kind = K_DISCONNECT;
		op->want = json_incref(json_object_get(json_object_get(p,
		    "properties"), "virtualNetworkSubnetId"));
		json_decref(p);
	} else if (st->kind == STEP_LOCK) {
		op->left = "existing: its public access stays as it is; "
		    "without its private endpoint nothing reaches it until "
		    "it is opened again, a decision vnetc does not make for "
		    "you";
	} else if (st->kind == STEP_SETTINGS) {
		op->left = "existing: the app settings stay";
	} else if (st->kind == STEP_FARM) {
		op->left = "existing: destroy leaves it (its SKU stays)";
	} else {
		op->left = "existing: destroy leaves it";
	}
}

/* Whether the plan has a settings step for app a (its app_settings). */
static bool
has_settings(const struct plan *p, const struct app *a)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].kind == STEP_SETTINGS && p->steps[i].u.app == a)
			return true;
	return false;
}

/* The reads of what a created app or slot keeps apart from its site,
 * which a GET of the site does not show (docs/azure-notes.md 5.4): its
 * configuration (config/web, a PATCH of the members its create body
 * writes where they differ: a runtime the spec changed, FTPS turned on
 * by hand), and the settings its create body writes, unless its settings
 * step compares them (own_settings). Each waits for its site (site_deps).
 * apply and plan only: they go with the site. Returns their number; ops
 * NULL: only counts. */
static size_t
site_ops(struct run *r, struct op *ops)
{
	const struct plan *p = r->p;
	struct spec *s = p->spec;
	size_t n = 0;

	for (size_t i = 0; i < p->nsteps; i++) {
		const struct step *st = &p->steps[i];
		struct app *a = st->u.app;
		if (!(st->kind == STEP_APP && a->cr.is) && st->kind != STEP_SLOT)
			continue;
		const char *what = a->slot_of ? arena_printf(&s->arena,
		    "slot '%s' of '%s'", tmpl_eval(s, &a->name),
		    a->slot_of->key) : arena_printf(&s->arena, "'%s'", a->key);
		if (ops) {
			struct step *cs = arena_alloc(&s->arena, sizeof(*cs));
			struct op *op = &ops[n];
			*cs = (struct step){.kind = STEP_SITECFG, .u.app = a,
			    .pos = a->pos, .label = arena_printf(&s->arena,
			    "configuration of %s", what)};
			op_init(r, op, cs);
			op->name = arena_printf(&s->arena, "%s/web", tmpl_eval(s,
			    &a->name));
			op->kind = K_PATCH;
			op->want = body_patch(&r->vc, cs);
			op->with_site = true;
		}
		n++;
		if (has_settings(p, a)) /* its settings step compares them */
			continue;
		json_t *own = body_site_settings(&r->vc, a);
		if (!own)
			continue;
		if (ops) {
			struct step *ss = arena_alloc(&s->arena, sizeof(*ss));
			struct op *op = &ops[n];
			*ss = (struct step){.kind = STEP_SETTINGS, .u.app = a,
			    .pos = a->pos, .label = arena_printf(&s->arena,
			    "%s settings of %s", a->cr.function ? "host" :
			    "stack", what)};
			op_init(r, op, ss);
			op->kind = K_SETTINGS;
			op->want = json_pack("{s:{}}", "properties");
			op->with_site = true;
			own_settings(r, op, a);
		}
		json_decref(own);
		n++;
	}
	return n;
}

static void op_dep(struct op *op, size_t d, int pass);

/* A site op waits for its site's op; the app's access restrictions,
 * which PATCH the same config/web, wait for its configuration's. */
static void
site_deps(struct run *r, size_t n, size_t from, size_t to, int pass)
{
	for (size_t k = from; k < to; k++) {
		const struct app *a = r->ops[k].st->u.app;
		for (size_t t = 0; t < n; t++) {
			const struct step *st = r->ops[t].st;
			if ((st->kind == STEP_APP || st->kind == STEP_SLOT) &&
			    st->u.app == a)
				op_dep(&r->ops[k], t, pass);
			else if (st->kind == STEP_ACCESS && st->u.app == a &&
			    r->ops[k].st->kind == STEP_SITECFG)
				op_dep(&r->ops[t], k, pass);
		}
	}
}

/* op waits for ops[d]: counted in pass 0, stored in pass 1. */
static void
op_dep(struct op *op, size_t d, int pass)
{
	if (pass)
		op->deps[op->ndeps] = d;
	op->ndeps++;
}

/* The ops of the plan's steps, in its order (destroy: backwards), then,
 * for apply and plan, the reads of the back ends it only connects
 * (op_backend), which their endpoints wait for. */
/* A read the run needs before its first write: a subscription the spec
 * names (sub: its id), or a resource group other than the spec's own (sc),
 * which must exist (vnetc creates only that one). ops NULL: count. */
static void
op_scope(struct run *r, struct op *op, const struct scope *sc,
    const char *sub)
{
	struct spec *s = r->p->spec;
	struct step *st = arena_alloc(&s->arena, sizeof(*st));

	st->kind = STEP_RG;
	st->pos = sc->pos;
	op->st = st;
	op->kind = K_LEFT;
	op->label = st->label = sub ? arena_printf(&s->arena, "subscription "
	    "'%s'", sub) : arena_printf(&s->arena, "resource group '%s'",
	    tmpl_eval(s, &sc->rg));
	op->verify = true;
	op->kindname = sub ? "subscription" : "rg";
	if (sub) {
		op->path = arena_printf(&s->arena, "/subscriptions/%s", sub);
		op->name = sub;
		/* Subscriptions - Get (azure-rest-api-specs, specification/
		 * resources/.../Microsoft.Resources/stable/2022-12-01/
		 * subscriptions.json) */
		op->api = "2022-12-01";
		op->left = "the spec names it: vnetc reads it first, creates "
		    "none";
		op->gone = "is it the right id, and may these credentials "
		    "use it?";
		return;
	}
	op->path = body_scope_path(&r->vc, sc);
	op->name = tmpl_eval(s, &sc->rg);
	op->api = restype_get(RES_RG)->api;
	op->scope_note = arena_printf(&s->arena, "subscription %s",
	    tmpl_eval(s, &sc->sub));
	op->left = "must exist: vnetc creates only the spec's own group";
	op->gone = "vnetc creates only the spec's own resource group "
	    "(resource_group:); create this one first";
}

/* The scope reads of a spec that names more than its own group: each
 * subscription once, each other group in use (by a step or a back end).
 * Returns their number; ops NULL: only counts. */
static size_t
scope_ops(struct run *r, struct op *ops)
{
	struct spec *s = r->p->spec;
	bool *used = arena_alloc(&s->arena, (s->nscopes + 1) * sizeof(*used));
	size_t n = 0;

	if (s->nscopes < 2)
		return 0;
	for (size_t i = 0; i < r->p->nsteps; i++)
		used[body_step_scope(s, &r->p->steps[i])->id] = true;
	for (size_t i = 0; i < s->nbackends; i++)
		used[s->backends[i].scope->id] = true;
	used[0] = true;
	for (size_t i = 0; i < s->nscopes; i++) {
		const char *sub = tmpl_eval(s, &s->scopes[i]->sub);
		bool seen = !used[i];
		for (size_t j = 0; j < i && !seen; j++)
			seen = used[j] && streqi(tmpl_eval(s,
			    &s->scopes[j]->sub), sub);
		if (seen)
			continue;
		if (ops)
			op_scope(r, &ops[n], s->scopes[i], sub);
		n++;
	}
	for (size_t i = 1; i < s->nscopes; i++) {
		if (!used[i])
			continue;
		if (ops)
			op_scope(r, &ops[n], s->scopes[i], NULL);
		n++;
	}
	return n;
}

/* What vnetc created (the journal says so) that no step of the plan
 * makes any more, and that a run deletes:
 * - apply: role assignments only. A role taken out of roles:, or one
 *   whose app, identity or back end changed (its name, guid(scope,
 *   principal, role), changes with them), is a grant nobody asks for,
 *   access left lying about: plan shows its delete, apply revokes it.
 *   Anything else the spec stops naming stays (docs/outputs.md, "What
 *   apply deletes"), shown as left alone with the reason: a renamed app
 *   is a new one, and the old one, still running, must not go unsaid.
 * - destroy: all of it, a slot's endpoint whose slot the spec dropped as
 *   a revoked role: destroy deletes what vnetc created, not only what the
 *   spec names today. Each in its rank (orphan_rank), in the order
 *   resources hold each other, and before the plan's own deletes: nothing
 *   the spec names is held by what it no longer names, while an orphan
 *   app holds its subnet and its plan, an endpoint its VNet. Only what a
 *   subnet the spec names may still point at (an NSG, a route table, a
 *   NAT gateway and its public IP: apply does not detach them) goes
 *   after.
 * Types vnetc does not delete by themselves (settings, site
 * configuration, publishing policies, security rules and routes: they go
 * with their parent) are left out. */
static const struct {
	enum res res;
	int rank; /* < ORPHAN_AFTER: before the plan's deletes */
} orphan_ranks[] = {
	{RES_ROLE, 0}, {RES_ZG, 0},
	{RES_PE, 1}, {RES_LINK, 1}, {RES_PEER, 1},
	{RES_SLOT, 2},
	{RES_APP, 3}, {RES_SHARE, 3}, {RES_CONTAINER, 3}, {RES_SQLDB, 3},
	{RES_ASP, 4}, {RES_SUBNET, 4},
	{RES_KV, 5}, {RES_COG, 5}, {RES_STORAGE, 5}, {RES_SQL, 5},
	{RES_COSMOS, 5}, {RES_SB, 5}, {RES_APPCS, 5}, {RES_UAI, 5},
	{RES_PDNSZ, 5}, {RES_VNET, 5},
	{RES_NSG, 6}, {RES_RT, 6}, {RES_NATGW, 6},
	{RES_PIP, 7},
};
#define ORPHAN_AFTER 6

/* The resource type of ARM id (namespace and the types of its
 * segments), in the arena: after its last /providers/, which an
 * extension resource's (a role assignment's) has twice. */
static const char *
id_type(struct spec *s, const char *id)
{
	const char *p = NULL;
	struct buf b = {0};

	for (const char *q = id; (q = strstr(q, "/providers/")); q++)
		p = q;
	if (!p)
		return NULL;
	p += strlen("/providers/");
	/* namespace/type/name[/type/name...] */
	for (int i = 0; *p; i++) {
		size_t n = strcspn(p, "/");
		if (i == 0 || i % 2 == 1)
			buf_printf(&b, "%s%.*s", i ? "/" : "", (int)n, p);
		p += n + (p[n] == '/');
	}
	const char *t = arena_strdup(&s->arena, buf_str(&b));
	buf_free(&b);
	return t;
}

/* Where orphan id goes (its rank), with its type's row; -1: it is not
 * deleted by itself. */
static int
orphan_rank(struct spec *s, const char *id, const struct restype **rt)
{
	const char *type = id_type(s, id);

	*rt = type ? restype_by_type(type) : NULL;
	for (size_t i = 0; *rt && i < NELEM(orphan_ranks); i++)
		if (orphan_ranks[i].res == (*rt)->res)
			return orphan_ranks[i].rank;
	return -1;
}

/* ops NULL: count */
static size_t
orphan_ops(struct run *r, struct op *ops)
{
	struct spec *s = r->p->spec;
	bool destroy = r->o->cmd == APPLY_DESTROY;
	const char *part = "/providers/";
	size_t max = journal_created_under(&r->jnl, part, NULL, 0), n = 0;
	const char **ids = arena_alloc(&s->arena, (max + 1) * sizeof(*ids));

	/* the plan's paths, worked out once, not per journal id */
	const char **mine = arena_alloc(&s->arena, (r->p->nsteps + 1) *
	    sizeof(*mine));
	size_t nmine = 0;
	for (size_t k = 0; max && k < r->p->nsteps; k++)
		mine[nmine++] = body_rest_path(&r->vc, &r->p->steps[k],
		    PATH_SELF);
	journal_created_under(&r->jnl, part, ids, max);
	for (size_t i = 0; i < max; i++) {
		bool kept = false;
		for (size_t k = 0; k < nmine && !kept; k++)
			kept = mine[k] && streqi(ids[i], mine[k]);
		const struct restype *rt;
		int rank = orphan_rank(s, ids[i], &rt);
		const char *api = !rt ? NULL : rt->api ? rt->api :
		    backtype_api(backtype_find(rt->type));
		if (kept || rank < 0 || !api)
			continue;
		if (ops) {
			/* a step of no spec entry, as a revoked role's:
			 * nothing reads its u */
			struct step *st = arena_alloc(&s->arena, sizeof(*st));
			struct op *op = &ops[n];
			st->kind = STEP_ROLE;
			op->st = st;
			op->kind = K_DELETE;
			op->path = arena_strdup(&s->arena, ids[i]);
			op->name = last_seg(s, op->path);
			op->api = api;
			op->kindname = rt->kind;
			op->orphan = true;
			op->orphan_rank = rank;
			op->label = st->label = rt->res == RES_ROLE ?
			    "role assignment no longer in the spec" :
			    arena_printf(&s->arena, "%s no longer in the spec",
			    restype_namerule(rt->res) ?
			    restype_namerule(rt->res)->what : rt->kind);
			if (!destroy && rt->res != RES_ROLE) {
				op->kind = K_LEFT;
				op->left = arena_printf(&s->arena, "vnetc "
				    "created it (journal %s), and the spec no "
				    "longer names it (dropped, or renamed: a "
				    "new name is a new resource): apply leaves "
				    "it; destroy deletes it", r->jnl.path);
			}
			op->note = rt->res == RES_ROLE ? arena_printf(
			    &s->arena, "vnetc created it (journal %s) for a "
			    "role the spec no longer gives (roles:, or its app, "
			    "identity or back end changed): %s revokes it",
			    r->jnl.path, destroy ? "destroy" : "apply") :
			    arena_printf(&s->arena, "vnetc created it (journal "
			    "%s), and the spec no longer names it: destroy "
			    "deletes it with the rest", r->jnl.path);
		}
		n++;
	}
	/* in their rank, as they run: what --dry-run and the plan list */
	for (size_t i = 1; ops && i < n; i++)
		for (size_t j = i; j > 0 && ops[j - 1].orphan_rank >
		    ops[j].orphan_rank; j--) {
			struct op t = ops[j];
			ops[j] = ops[j - 1];
			ops[j - 1] = t;
		}
	return n;
}

/* The op shown k-th (--dry-run, destroy's plan): as they run. The reads
 * of scopes first (apply); destroy's orphans ranked before the plan's
 * deletes, then those, then the orphans ranked after them. */
size_t
ops_shown(const struct run *r, size_t k)
{
	size_t n = r->p->nsteps, nr = 0;

	if (k < r->nscope)
		return r->nops - r->nscope + k;
	k -= r->nscope;
	if (r->o->cmd != APPLY_DESTROY)
		return k;
	/* destroy: the steps' ops, then the orphans, sorted by rank */
	for (size_t i = n; i < r->nops && r->ops[i].orphan; i++)
		nr += r->ops[i].orphan_rank < ORPHAN_AFTER;
	return k < nr ? n + k : k < nr + n ? k - nr : k;
}

/* destroy: the plan's ops (the first n) wait for the orphans ranked
 * before them, the orphans ranked after them wait for them, and an
 * orphan waits for those of a lower rank. */
static void
orphan_deps(struct run *r, size_t n, size_t from, size_t to, int pass)
{
	for (size_t o = from; o < to; o++) {
		int ro = r->ops[o].orphan_rank;
		for (size_t k = 0; k < n; k++)
			if (ro < ORPHAN_AFTER)
				op_dep(&r->ops[k], o, pass);
			else
				op_dep(&r->ops[o], k, pass);
		for (size_t q = from; q < to; q++)
			if (r->ops[q].orphan_rank < ro)
				op_dep(&r->ops[o], q, pass);
	}
}

void
ops_build(struct run *r)
{
	const struct plan *p = r->p;
	struct spec *s = p->spec;
	size_t n = p->nsteps, nb = 0, ns = 0, nr, nc = 0;
	bool destroy = r->o->cmd == APPLY_DESTROY;

	for (size_t i = 0; !destroy && i < s->nbackends; i++)
		nb += s->backends[i].access == ACCESS_KEEP &&
		    s->backends[i].ex.is;
	if (!destroy) {
		ns = scope_ops(r, NULL);
		nc = site_ops(r, NULL);
	}
	nr = orphan_ops(r, NULL);
	/* the steps, the back-end reads, the sites' configurations and
	 * settings, the revokes, the scope reads */
	size_t all = n + nb + nc + nr + ns;
	r->ops = xmalloc((all + 1) * sizeof(*r->ops));
	memset(r->ops, 0, (all + 1) * sizeof(*r->ops));
	r->nops = all;
	r->nscope = ns;
	orphan_ops(r, r->ops + n + nb + nc);
	scope_ops(r, ns ? r->ops + n + nb + nc + nr : NULL);
	if (nc)
		site_ops(r, r->ops + n + nb);
	for (size_t i = 0; i < n; i++) {
		/* destroy runs the plan backwards: dependants first */
		struct op *op = &r->ops[i];
		op_init(r, op, &p->steps[destroy ? n - 1 - i : i]);
		if (destroy)
			op_destroy(r, op);
		else
			op_apply(r, op);
	}
	for (size_t i = 0, k = n; k < n + nb; i++)
		if (s->backends[i].access == ACCESS_KEEP &&
		    s->backends[i].ex.is)
			op_backend(r, &r->ops[k++], &s->backends[i]);
	/* apply: t waits for d; destroy: d waits for t. Counted first, so
	 * that each op's list is as long as it needs to be. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; pass && i < r->nops; i++) {
			r->ops[i].deps = xmalloc((r->ops[i].ndeps + 1) *
			    sizeof(size_t));
			r->ops[i].ndeps = 0;
		}
		for (size_t t = 0; t < n; t++) {
			const struct step *st = &p->steps[t];
			for (size_t j = 0; j < st->ndeps; j++) {
				size_t d = st->deps[j];
				if (destroy)
					op_dep(&r->ops[n - 1 - d], n - 1 - t,
					    pass);
				else
					op_dep(&r->ops[t], d, pass);
			}
			for (size_t k = n; st->kind == STEP_PE && k < n + nb;
			    k++)
				if (r->ops[k].st->u.backend == st->u.pe->target)
					op_dep(&r->ops[t], k, pass);
		}
		site_deps(r, n, n + nb, n + nb + nc, pass);
		if (destroy)
			orphan_deps(r, n, n + nb + nc, n + nb + nc + nr, pass);
	}
}

void
ops_reset_req(struct op *op)
{
	free(op->url);
	/* a created function app's body holds its host storage's key */
	if (op->body && op->secret)
		http_wipe(op->body, strlen(op->body));
	free(op->body);
	op->url = op->body = NULL;
	http_resp_free(&op->resp);
}

void
ops_free(struct run *r)
{
	for (size_t i = 0; i < r->nops; i++) {
		struct op *op = &r->ops[i];
		ops_reset_req(op);
		json_decref(op->want);
		json_decref(op->from);
		json_decref(op->unknown);
		json_decref(op->owned);
		json_decref(op->actual);
		json_decref(op->diffs);
		json_decref(op->send);
		free(op->poll);
		free(op->deps);
	}
	free(r->ops);
	r->ops = NULL;
	r->nops = 0;
	r->nscope = 0;
	r->lo = 0;
}
