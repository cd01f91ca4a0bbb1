/* plan.c - model -> the operations as a dependency graph, sorted so that
 * every step comes after what it needs (ties keep spec order). Both
 * emitters and the executor read the plan; nothing else decides order.
 * Owns VN501 (cycle). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"

/* A NAT gateway's public IPs: VN342 caps them at 16. */
enum { NELEM_PIPS = 64 };

size_t
plan_add(struct plan *p, enum step_kind k, void *obj, struct pos pos,
    const char *label)
{
	p->steps = arena_grow(&p->spec->arena, p->steps, &p->nsteps,
	    sizeof(*p->steps));
	struct step *st = &p->steps[p->nsteps - 1];
	st->kind = k;
	st->u.vnet = obj; /* every member is a pointer; the kind says which */
	st->pos = pos;
	st->label = label;
	return p->nsteps - 1;
}

void
plan_dep(struct plan *p, size_t step, size_t on)
{
	struct step *st = &p->steps[step];

	for (size_t i = 0; i < st->ndeps; i++)
		if (st->deps[i] == on)
			return;
	st->deps = arena_grow(&p->spec->arena, st->deps, &st->ndeps,
	    sizeof(*st->deps));
	st->deps[st->ndeps - 1] = on;
}

/* Min-heap of step indices: Kahn's algorithm that always takes the
 * lowest-numbered ready step keeps the output in spec order. */
static void
heap_push(size_t *h, size_t *n, size_t v)
{
	size_t i = (*n)++;

	h[i] = v;
	while (i && h[(i - 1) / 2] > h[i]) {
		size_t t = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static size_t
heap_pop(size_t *h, size_t *n)
{
	size_t top = h[0], i = 0;

	h[0] = h[--*n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < *n && h[l] < h[m])
			m = l;
		if (r < *n && h[r] < h[m])
			m = r;
		if (m == i)
			break;
		size_t t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
	return top;
}

bool
plan_sort(struct plan *p)
{
	size_t n = p->nsteps;
	size_t *indeg = calloc(n + 1, sizeof(size_t));
	size_t *nout = calloc(n + 1, sizeof(size_t));
	size_t *heap = calloc(n + 1, sizeof(size_t));
	size_t *order = calloc(n + 1, sizeof(size_t));
	size_t *newidx = calloc(n + 1, sizeof(size_t));
	size_t **out = calloc(n + 1, sizeof(size_t *));
	size_t nh = 0, no = 0;

	if (!indeg || !nout || !heap || !order || !newidx || !out)
		die("out of memory:");
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < p->steps[i].ndeps; j++)
			nout[p->steps[i].deps[j]]++;
	for (size_t i = 0; i < n; i++) {
		out[i] = xmalloc((nout[i] + 1) * sizeof(size_t));
		nout[i] = 0;
	}
	for (size_t i = 0; i < n; i++) {
		indeg[i] = p->steps[i].ndeps;
		for (size_t j = 0; j < p->steps[i].ndeps; j++) {
			size_t d = p->steps[i].deps[j];
			out[d][nout[d]++] = i;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!indeg[i])
			heap_push(heap, &nh, i);
	while (nh) {
		size_t v = heap_pop(heap, &nh);
		order[no++] = v;
		for (size_t j = 0; j < nout[v]; j++)
			if (--indeg[out[v][j]] == 0)
				heap_push(heap, &nh, out[v][j]);
	}
	bool ok = no == n;
	if (!ok) {
		/* Name one step on the cycle and what it waits for. */
		for (size_t i = 0; i < n; i++) {
			if (!indeg[i])
				continue;
			const struct step *st = &p->steps[i];
			diag_report(st->pos, VN501, "%s and what it depends "
			    "on wait for each other", st->label);
			for (size_t j = 0; j < st->ndeps; j++)
				if (indeg[st->deps[j]])
					diag_note(p->steps[st->deps[j]].pos,
					    "%s is on the cycle",
					    p->steps[st->deps[j]].label);
			break;
		}
	} else {
		struct step *sorted = arena_alloc(&p->spec->arena,
		    (n ? n : 1) * sizeof(*sorted));
		for (size_t i = 0; i < n; i++)
			newidx[order[i]] = i;
		for (size_t i = 0; i < n; i++) {
			sorted[i] = p->steps[order[i]];
			for (size_t j = 0; j < sorted[i].ndeps; j++)
				sorted[i].deps[j] = newidx[sorted[i].deps[j]];
		}
		p->steps = sorted;
	}
	for (size_t i = 0; i < n; i++)
		free(out[i]);
	free(out);
	free(indeg);
	free(nout);
	free(heap);
	free(order);
	free(newidx);
	return ok;
}

static const char *
label(struct spec *s, const char *what, const char *key)
{
	return arena_printf(&s->arena, "%s '%s'", what, key);
}

/* Which apps and links a back end's lock waits for: the apps that call
 * it (uses:, or every app when an app has no uses: list, as check.c's
 * VN327 reads it) and the links of its zones to those apps' VNets and to
 * its endpoints' VNets. The callers of each back end are indexed once, so
 * that a lock costs what it depends on: waiting for every app made the
 * plan quadratic in an estate (issue 6). */
struct lockctx {
	struct plan *p;
	size_t *astep, *lstep; /* steps of s->apps[i], s->links[i] */
	size_t *pstep;         /* steps of s->peerings[i] */
	size_t **vpeers;       /* per VNet: its peerings (indices) */
	size_t *nvpeers;
	size_t *all;           /* apps without uses: they call every back end */
	size_t nall;
	size_t **users;        /* per back end: the apps whose uses: name it */
	size_t *nusers;
	size_t **locks;        /* per app: the locks that wait for it */
	size_t *nlocks;
};

static void
lock_index_apps(struct lockctx *lc)
{
	struct spec *s = lc->p->spec;
	struct arena **a = &s->arena;

	lc->users = arena_alloc(a, (s->nbackends + 1) * sizeof(*lc->users));
	lc->nusers = arena_alloc(a, (s->nbackends + 1) *
	    sizeof(*lc->nusers));
	lc->locks = arena_alloc(a, (s->napps + 1) * sizeof(*lc->locks));
	lc->nlocks = arena_alloc(a, (s->napps + 1) * sizeof(*lc->nlocks));
	for (size_t i = 0; i < s->napps; i++) {
		struct app *ap = &s->apps[i];
		if (!ap->has_uses) {
			lc->all = arena_grow(a, lc->all, &lc->nall,
			    sizeof(size_t));
			lc->all[lc->nall - 1] = i;
			continue;
		}
		for (size_t j = 0; j < ap->nuses; j++) {
			struct backend *b = ap->uses[j].target;
			if (!b)
				continue;
			size_t k = (size_t)(b - s->backends);
			lc->users[k] = arena_grow(a, lc->users[k],
			    &lc->nusers[k], sizeof(size_t));
			lc->users[k][lc->nusers[k] - 1] = i;
		}
	}
}

/* The lock ls waits for both sides of the peering of x and y: an app
 * reaches an endpoint in a peered VNet only through it (check.c VN326). */
static void
lock_peering(struct lockctx *lc, struct vnet *x, struct vnet *y, size_t ls)
{
	struct spec *s = lc->p->spec;
	size_t xi = (size_t)(x - s->vnets), yi = (size_t)(y - s->vnets);

	/* The spoke's short list, not the hub's long one. */
	if (lc->nvpeers[xi] > lc->nvpeers[yi]) {
		size_t t = xi;
		xi = yi;
		yi = t;
	}
	for (size_t j = 0; j < lc->nvpeers[xi]; j++) {
		size_t i = lc->vpeers[xi][j];
		if (s->peerings[i].remote != &s->vnets[yi])
			continue;
		plan_dep(lc->p, ls, lc->pstep[i]);
		plan_dep(lc->p, ls, lc->pstep[i ^ 1]); /* the other side */
	}
}

/* The lock ls of b waits for the link of each of b's zones to vn, and
 * for the peerings from vn to b's endpoints in other VNets. */
static void
lock_links(struct lockctx *lc, struct backend *b, struct vnet *vn,
    size_t ls)
{
	struct spec *s = lc->p->spec;

	for (size_t j = 0; j < b->npes; j++) {
		struct subnet *sn = b->pes[j].subnet;
		if (sn && sn->vnet != vn && s->npeerings)
			lock_peering(lc, vn, sn->vnet, ls);
		for (size_t k = 0; k < b->pes[j].nzones; k++) {
			struct zone *z = b->pes[j].zones[k];
			for (size_t l = 0; l < z->nlinks; l++)
				if (z->links[l]->vnet == vn)
					plan_dep(lc->p, ls, lc->lstep[
					    z->links[l] - s->links]);
		}
	}
}

static void
lock_app(struct lockctx *lc, struct backend *b, size_t a, size_t ls)
{
	struct spec *s = lc->p->spec;
	struct app *ap = &s->apps[a];
	size_t nd = lc->p->steps[ls].ndeps;

	plan_dep(lc->p, ls, lc->astep[a]);
	if (lc->p->steps[ls].ndeps == nd)
		return; /* named twice in uses: */
	lc->locks[a] = arena_grow(&s->arena, lc->locks[a], &lc->nlocks[a],
	    sizeof(size_t));
	lc->locks[a][lc->nlocks[a] - 1] = ls;
	if (ap->integration)
		lock_links(lc, b, ap->integration->vnet, ls);
}

static void
lock_reaches(struct lockctx *lc, struct backend *b, size_t ls)
{
	struct spec *s = lc->p->spec;
	size_t k = (size_t)(b - s->backends);

	for (size_t j = 0; j < b->npes; j++)
		if (b->pes[j].subnet)
			lock_links(lc, b, b->pes[j].subnet->vnet, ls);
	for (size_t j = 0; j < lc->nall; j++)
		lock_app(lc, b, lc->all[j], ls);
	for (size_t j = 0; j < lc->nusers[k]; j++)
		lock_app(lc, b, lc->users[k][j], ls);
}

/* A back end vnetc creates has no lock step: it is created locked, and
 * an app that calls it cannot reach it before its endpoint is ready. The
 * app's settings, whose Key Vault references App Service resolves as
 * they are written, wait instead for its ways in: its endpoints, their
 * zone groups and the links of their zones to the app's VNet (what a
 * lock waits for). sstep: the settings step of each app, or -1. */
static void
settings_wait_one(struct lockctx *lc, struct backend *b, const size_t *pe,
    const size_t *zg, size_t st, const struct app *a)
{
	if (st == (size_t)-1)
		return;
	for (size_t j = 0; j < b->npes; j++) {
		plan_dep(lc->p, st, pe[j]);
		if (zg[j] != (size_t)-1)
			plan_dep(lc->p, st, zg[j]);
	}
	if (a->integration)
		lock_links(lc, b, a->integration->vnet, st);
}

/* slset: the settings step of each app's slots, or -1: a slot's settings
 * wait as its app's, through the slot's own integration. */
static void
settings_wait(struct lockctx *lc, struct backend *b, const size_t *pe,
    const size_t *zg, const size_t *sstep, size_t *const *slset)
{
	struct spec *s = lc->p->spec;
	size_t k = (size_t)(b - s->backends);

	for (size_t u = 0; u < lc->nall + lc->nusers[k]; u++) {
		size_t a = u < lc->nall ? lc->all[u] : lc->users[k][u -
		    lc->nall];
		settings_wait_one(lc, b, pe, zg, sstep[a], &s->apps[a]);
		for (size_t j = 0; j < s->apps[a].nslots; j++)
			settings_wait_one(lc, b, pe, zg, slset[a][j],
			    &s->apps[a].slots[j]);
	}
}

/* A function app vnetc creates starts its host at once, on its host
 * storage (docs/azure-notes.md, "Function apps and their plans vnetc
 * creates"): it waits for the storage (created locked when vnetc creates
 * it), its endpoints, their zone groups and the links of their zones to
 * the app's VNet (what the quickstart function-app-storage-private-
 * endpoints' site dependsOn), and on Elastic Premium and Consumption for
 * its content share (Flex Consumption: its package's blob container),
 * made first (after the storage) as Microsoft's secured deployments
 * require. cstep: each back end's create step or -1. */
static void
site_storage_wait(struct lockctx *lc, struct app *a, size_t app,
    const size_t *cstep, size_t **pe, size_t **zg, size_t rg)
{
	struct spec *s = lc->p->spec;
	struct backend *b = a->storage.target;

	if (!a->cr.is || !a->cr.function || !b)
		return;
	size_t k = (size_t)(b - s->backends);
	if (cstep[k] != (size_t)-1)
		plan_dep(lc->p, app, cstep[k]);
	for (size_t j = 0; j < b->npes; j++) {
		plan_dep(lc->p, app, pe[k][j]);
		if (zg[k][j] != (size_t)-1)
			plan_dep(lc->p, app, zg[k][j]);
	}
	if (a->integration)
		lock_links(lc, b, a->integration->vnet, app);
	if (!a->cr.share)
		return;
	size_t sh = plan_add(lc->p, STEP_SHARE, a, a->cr.share_pos,
	    arena_printf(&s->arena, "%s of '%s'", body_flex(a) ?
	    "deployment container" : "content share", a->key));
	plan_dep(lc->p, sh, cstep[k] != (size_t)-1 ? cstep[k] : rg);
	plan_dep(lc->p, app, sh);
}

/* The app's, then each of its slots': a function app's slot is a host of
 * its own, with its own content share (spec.c slot_share). */
static void
host_storage_wait(struct lockctx *lc, size_t i, const size_t *cstep,
    size_t **pe, size_t **zg, size_t rg)
{
	struct plan *p = lc->p;
	struct app *a = &p->spec->apps[i];

	site_storage_wait(lc, a, lc->astep[i], cstep, pe, zg, rg);
	for (size_t j = 0; j < a->nslots; j++)
		for (size_t k = 0; k < p->nsteps; k++)
			if (p->steps[k].kind == STEP_SLOT &&
			    p->steps[k].u.app == &a->slots[j]) {
				site_storage_wait(lc, &a->slots[j], k, cstep,
				    pe, zg, rg);
				break;
			}
}

/* The steps of the NSGs, route tables and NAT gateways (each a step,
 * the existing ones too: apply reads them, the script looks up their
 * ids) and of the public IPs vnetc creates, indexed like s->nsgs, ... */
struct netsteps {
	size_t *nsg, *rt, *nat;
};

static size_t
netres_step(struct plan *p, enum step_kind k, void *obj,
    const struct netres *r, const char *what, size_t rg)
{
	size_t st = plan_add(p, k, obj, r->pos, label(p->spec, what, r->key));

	plan_dep(p, st, rg);
	return st;
}

/* A NAT gateway waits for its public IPs; all of them come before the
 * VNets, whose subnets name them by id: a subnet PUT that names a
 * missing NSG, route table or NAT gateway fails. */
static struct netsteps
netsec_steps(struct plan *p, size_t rg)
{
	struct spec *s = p->spec;
	struct netsteps ns;

	ns.nsg = arena_alloc(&s->arena, (s->nnsgs + 1) * sizeof(size_t));
	ns.rt = arena_alloc(&s->arena, (s->nrtables + 1) * sizeof(size_t));
	ns.nat = arena_alloc(&s->arena, (s->nnatgws + 1) * sizeof(size_t));
	for (size_t i = 0; i < s->nnatgws; i++) {
		struct natgw *g = s->natgws[i];
		size_t pips[NELEM_PIPS];
		size_t np = 0;
		for (size_t j = 0; j < g->npips && np < NELEM_PIPS; j++) {
			struct pip *ip = &g->pips[j];
			if (ip->existing)
				continue;
			pips[np] = plan_add(p, STEP_PIP, ip, ip->pos,
			    arena_printf(&s->arena, "public IP '%s' of NAT "
			    "gateway '%s'", tmpl_eval(s, &ip->name), g->r.key));
			plan_dep(p, pips[np++], rg);
		}
		ns.nat[i] = netres_step(p, STEP_NATGW, g, &g->r, "NAT gateway",
		    rg);
		for (size_t j = 0; j < np; j++)
			plan_dep(p, ns.nat[i], pips[j]);
	}
	for (size_t i = 0; i < s->nnsgs; i++)
		ns.nsg[i] = netres_step(p, STEP_NSG, s->nsgs[i], &s->nsgs[i]->r,
		    "nsg", rg);
	for (size_t i = 0; i < s->nrtables; i++)
		ns.rt[i] = netres_step(p, STEP_RT, s->rtables[i],
		    &s->rtables[i]->r, "route table", rg);
	return ns;
}

/* Index of x in v[0..n) (pointers), for the steps above. */
static size_t
index_of(void *const *v, size_t n, const void *x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return i;
	return (size_t)-1;
}

static void
vnet_netsec(struct plan *p, const struct netsteps *ns, const struct vnet *vn,
    size_t vs)
{
	struct spec *s = p->spec;

	for (size_t j = 0; j < vn->nsubnets; j++) {
		const struct subnet *sn = &vn->subnets[j];
		size_t k;
		if (sn->nsg && (k = index_of((void *const *)s->nsgs, s->nnsgs,
		    sn->nsg)) != (size_t)-1)
			plan_dep(p, vs, ns->nsg[k]);
		if (sn->rt && (k = index_of((void *const *)s->rtables,
		    s->nrtables, sn->rt)) != (size_t)-1)
			plan_dep(p, vs, ns->rt[k]);
		if (sn->nat && (k = index_of((void *const *)s->natgws,
		    s->nnatgws, sn->nat)) != (size_t)-1)
			plan_dep(p, vs, ns->nat[k]);
	}
}

/* Index of the step acting on obj, or (size_t)-1. The maps are small
 * arrays indexed like the model's arrays. */
/* A firewall's VNet rules name subnets, which must exist, with their
 * service endpoints, before the rule: the step that writes the rules
 * (a created back end's, or a lock's) waits for their VNets. */
static void
fw_deps(struct plan *p, const struct backend *b, size_t step,
    const size_t *vstep)
{
	for (size_t i = 0; i < b->fw.nsubnets; i++)
		if (b->fw.subnets && b->fw.subnets[i])
			plan_dep(p, step, vstep[b->fw.subnets[i]->vnet -
			    p->spec->vnets]);
}

/* A firewall that is a child resource of its back end (backtypes.c .fw
 * child_type: a Service Bus or Event Hubs namespace's networkRuleSets/
 * default): a step of its own after the step that creates or locks the
 * back end (after: it waits for what the lock waits for), and after the
 * VNets of its rules' subnets. */
static void
fw_child_step(struct plan *p, struct backend *b, size_t after,
    const size_t *vstep)
{
	const struct fwtype *ft = backtype_find(b->type)->fw;

	if (!b->fw.given || !ft || !ft->child_type)
		return;
	size_t f = plan_add(p, STEP_FIREWALL, b, b->fw.pos, label(p->spec,
	    "firewall of", b->key));
	plan_dep(p, f, after);
	fw_deps(p, b, f, vstep);
}

/* The value of each {secret: VAULT/NAME} setting, once naming hooks have
 * given the vault its final name: a Key Vault reference in the form that
 * names the vault and the secret, resolved by App Service with the app's
 * identity (learn.microsoft.com/azure/app-service/
 * app-service-key-vault-references; docs/azure-notes.md, "Key Vault
 * references vnetc writes"): a literal in every output, no lookup, no
 * secret. */
static void
secret_values_of(struct spec *s, struct app *a)
{
	for (size_t j = 0; j < a->nsettings; j++) {
		struct setting *st = &a->settings[j];
		const struct backend *b = st->vault.target;
		if (!st->secret || !b || st->value.nsegs)
			continue;
		st->value.pos = st->pos;
		tmpl_append_lit(s, &st->value,
		    "@Microsoft.KeyVault(VaultName=");
		tmpl_append(s, &st->value, &b->name);
		tmpl_append_lit(s, &st->value, arena_printf(&s->arena,
		    ";SecretName=%s)", st->secret));
	}
}

/* ... of the apps' and of their slots' */
static void
secret_values(struct spec *s)
{
	for (size_t i = 0; i < s->napps; i++) {
		secret_values_of(s, &s->apps[i]);
		for (size_t j = 0; j < s->apps[i].nslots; j++)
			secret_values_of(s, &s->apps[i].slots[j]);
	}
}

/* Whether role assignments o and ro are one: the same role on the same
 * back end for the same user-assigned identity, which any number of apps
 * and slots may carry (its name is guid(back end, identity, role):
 * body.c body_role_name). A system-assigned identity is its site's own. */
static bool
same_assignment(const struct role *o, const struct role *ro)
{
	return !o->system && !ro->system && o->as.target && o->def &&
	    ro->def && o->as.target == ro->as.target &&
	    o->on.target == ro->on.target &&
	    !strcasecmp(o->def->guid, ro->def->guid);
}

/* The role assignments of app (or slot) a's roles:; returns each role's
 * step (an assignment planned already for another app or slot is that
 * step: one resource, made once). A role waits for its principal (the
 * site or slot, astep, for its system-assigned identity, or the
 * user-assigned identity) and its scope (the back end) to exist. */
static size_t *
role_steps(struct plan *p, struct app *a, size_t astep, size_t rg,
    const size_t *istep, const size_t *cstep)
{
	struct spec *s = p->spec;
	size_t *steps = arena_alloc(&s->arena, (a->nroles + 1) *
	    sizeof(*steps));

	for (size_t j = 0; j < a->nroles; j++) {
		struct role *ro = &a->roles[j];
		const struct backend *b = ro->on.target;
		const struct identity *id = ro->as.target;
		size_t k = 0;
		while (k < p->nsteps && !(p->steps[k].kind == STEP_ROLE &&
		    same_assignment(p->steps[k].u.role, ro)))
			k++;
		if ((steps[j] = k) < p->nsteps)
			continue;
		size_t r = steps[j] = plan_add(p, STEP_ROLE, ro, ro->pos,
		    arena_printf(&s->arena, "role '%s' of '%s' (%s) on "
		    "'%s'%s%s%s", ro->def ? ro->def->name : "?", a->key,
		    ro->as.name, ro->on.name, ro->derived ? " (derived: " :
		    "", ro->derived ? ro->why : "", ro->derived ? ")" : ""));
		plan_dep(p, r, rg);
		if (ro->system)
			plan_dep(p, r, astep);
		else if (id && istep[id - s->identities] != (size_t)-1)
			plan_dep(p, r, istep[id - s->identities]);
		if (b && cstep[b - s->backends] != (size_t)-1)
			plan_dep(p, r, cstep[b - s->backends]);
	}
	return steps;
}

struct setctx {
	struct plan *p;
	struct lockctx *lc;
	const size_t *astep, *cstep, *istep;
};

/* The settings step of app (or slot) a of app i, or -1 when it has
 * none: after the site (astep), the locks of the back ends its app
 * reaches, its roles (from rstep on) and the resources its {from:}
 * settings read (a template's reference() needs the dependsOn). */
static size_t
settings_step(struct setctx *sx, size_t i, struct app *a, size_t astep,
    const size_t *rstep)
{
	struct plan *p = sx->p;
	struct spec *s = p->spec;

	if (!a->nsettings)
		return (size_t)-1;
	size_t st = plan_add(p, STEP_SETTINGS, a, a->settings[0].pos,
	    label(s, "app settings of", a->key));
	plan_dep(p, st, astep);
	for (size_t j = 0; j < sx->lc->nlocks[i]; j++)
		plan_dep(p, st, sx->lc->locks[i][j]);
	for (size_t j = 0; j < a->nroles; j++)
		plan_dep(p, st, rstep[j]);
	for (size_t j = 0; j < a->nsettings; j++) {
		const struct setting *se = &a->settings[j];
		size_t d = (size_t)-1;
		if (se->from_kind == FROM_BACKEND)
			d = sx->cstep[(const struct backend *)
			    se->from.target - s->backends];
		else if (se->from_kind == FROM_IDENTITY)
			d = sx->istep[(const struct identity *)
			    se->from.target - s->identities];
		else if (se->from_kind == FROM_APP)
			d = sx->astep[(const struct app *)se->from.target -
			    s->apps];
		if (d != (size_t)-1 && d != st)
			plan_dep(p, st, d);
	}
	return st;
}

struct plan *
plan_build(struct spec *s)
{
	struct plan *p = arena_alloc(&s->arena, sizeof(*p));
	size_t *vstep = arena_alloc(&s->arena, (s->nvnets + 1) *
	    sizeof(size_t));
	size_t *zstep = arena_alloc(&s->arena, (s->nzones + 1) *
	    sizeof(size_t));
	size_t *fstep = arena_alloc(&s->arena, (s->nfarms + 1) *
	    sizeof(size_t));
	size_t *astep = arena_alloc(&s->arena, (s->napps + 1) *
	    sizeof(size_t));
	size_t *lstep = arena_alloc(&s->arena, (s->nlinks + 1) *
	    sizeof(size_t));
	size_t *pstep = arena_alloc(&s->arena, (s->npeerings + 1) *
	    sizeof(size_t));

	p->spec = s;
	secret_values(s);
	size_t rg = plan_add(p, STEP_RG, NULL, s->rg.pos, "resource group");
	struct netsteps ns = netsec_steps(p, rg);
	for (size_t i = 0; i < s->nvnets; i++) {
		vstep[i] = plan_add(p, STEP_VNET, &s->vnets[i],
		    s->vnets[i].pos, label(s, "vnet", s->vnets[i].key));
		plan_dep(p, vstep[i], rg);
		vnet_netsec(p, &ns, &s->vnets[i], vstep[i]);
	}
	/* A peering needs both VNets: its remote by id. */
	for (size_t i = 0; i < s->npeerings; i++) {
		struct peering *pr = &s->peerings[i];
		pstep[i] = plan_add(p, STEP_PEER, pr, pr->pos, arena_printf(
		    &s->arena, "peering of vnet '%s' to vnet '%s'",
		    pr->vnet->key, pr->remote->key));
		plan_dep(p, pstep[i], vstep[pr->vnet - s->vnets]);
		plan_dep(p, pstep[i], vstep[pr->remote - s->vnets]);
	}
	/* A side that uses the remote's gateway after the remote side that
	 * allows it: Azure checks the remote peering's allowGatewayTransit
	 * (s->peerings[2k] and [2k + 1] are one pair). */
	for (size_t i = 0; i < s->npeerings; i++)
		if (s->peerings[i].use_remote_gw)
			plan_dep(p, pstep[i], pstep[i ^ 1]);
	for (size_t i = 0; i < s->nzones; i++) {
		zstep[i] = plan_add(p, STEP_ZONE, &s->zones[i],
		    s->zones[i].pos, label(s, "private DNS zone",
		    s->zones[i].name));
		plan_dep(p, zstep[i], rg);
	}
	for (size_t i = 0; i < s->nlinks; i++) {
		struct link *l = &s->links[i];
		lstep[i] = plan_add(p, STEP_LINK, l, l->pos, arena_printf(
		    &s->arena, "link of %s to vnet '%s'", l->zone->name,
		    l->vnet->key));
		plan_dep(p, lstep[i], zstep[l->zone - s->zones]);
		plan_dep(p, lstep[i], vstep[l->vnet - s->vnets]);
	}
	/* Per back end, per endpoint: its step and its zone group's (or -1),
	 * for the locks below. */
	size_t **pestep = arena_alloc(&s->arena, (s->nbackends + 1) *
	    sizeof(*pestep));
	size_t **zgstep = arena_alloc(&s->arena, (s->nbackends + 1) *
	    sizeof(*zgstep));
	size_t *cstep = arena_alloc(&s->arena, (s->nbackends + 1) *
	    sizeof(size_t));
	for (size_t i = 0; i < s->nbackends; i++) {
		struct backend *b = &s->backends[i];
		/* A back end vnetc creates is created locked, before its
		 * endpoints, which need it: no open window, and nothing to
		 * lock last (docs/outputs.md). */
		size_t cs = (size_t)-1;
		if (b->cr.is) {
			cs = plan_add(p, STEP_CREATE, b, b->cr.pos,
			    label(s, "back end", b->key));
			plan_dep(p, cs, rg);
			fw_deps(p, b, cs, vstep);
			fw_child_step(p, b, cs, vstep);
		}
		/* a created SQL server's databases: its children, after it
		 * (and deleted before it, destroy going backwards) */
		for (size_t j = 0; j < b->cr.ndbs; j++)
			plan_dep(p, plan_add(p, STEP_SQLDB, &b->cr.dbs[j],
			    b->cr.dbs[j].pos, arena_printf(&s->arena,
			    "database '%s' of '%s'", b->cr.dbs[j].key,
			    b->key)), cs);
		cstep[i] = cs;
		pestep[i] = arena_alloc(&s->arena, (b->npes + 1) *
		    sizeof(size_t));
		zgstep[i] = arena_alloc(&s->arena, (b->npes + 1) *
		    sizeof(size_t));
		for (size_t j = 0; j < b->npes; j++) {
			struct pe *pe = &b->pes[j];
			/* a slot's endpoint says its slot (group id
			 * sites-<slot>), not only the app it targets */
			const char *of = pe->slot ? arena_printf(&s->arena,
			    "slot '%s' of '%s'", tmpl_eval(s,
			    &pe->slot->name), b->key) : arena_printf(
			    &s->arena, "'%s'", b->key);
			size_t ps = plan_add(p, STEP_PE, pe, pe->pos,
			    arena_printf(&s->arena, "private endpoint of %s",
			    of));
			pestep[i][j] = ps;
			zgstep[i][j] = (size_t)-1;
			if (cs != (size_t)-1)
				plan_dep(p, ps, cs);
			if (pe->subnet)
				plan_dep(p, ps, vstep[pe->subnet->vnet -
				    s->vnets]);
			else
				plan_dep(p, ps, rg);
			if (!pe->nzones)
				continue;
			size_t zg = plan_add(p, STEP_ZG, pe, pe->pos,
			    arena_printf(&s->arena, "DNS zone group of %s",
			    of));
			plan_dep(p, zg, ps);
			for (size_t k = 0; k < pe->nzones; k++)
				plan_dep(p, zg, zstep[pe->zones[k] - s->zones]);
			zgstep[i][j] = zg;
		}
	}
	/* A user-assigned identity vnetc creates, before the apps that
	 * carry it: ARM refuses a site naming one that does not exist. */
	size_t *istep = arena_alloc(&s->arena, (s->nidentities + 1) *
	    sizeof(size_t));
	for (size_t i = 0; i < s->nidentities; i++) {
		istep[i] = (size_t)-1;
		if (!s->identities[i].cr.is)
			continue;
		istep[i] = plan_add(p, STEP_IDENTITY, &s->identities[i],
		    s->identities[i].pos, label(s, "identity",
		    s->identities[i].key));
		plan_dep(p, istep[i], rg);
	}
	for (size_t i = 0; i < s->nfarms; i++) {
		fstep[i] = plan_add(p, STEP_FARM, &s->farms[i],
		    s->farms[i].pos, label(s, "plan", s->farms[i].key));
		plan_dep(p, fstep[i], rg);
	}
	/* each app's slots' steps */
	size_t **slstep = arena_alloc(&s->arena, (s->napps + 1) *
	    sizeof(*slstep));
	for (size_t i = 0; i < s->napps; i++) {
		struct app *a = &s->apps[i];
		astep[i] = plan_add(p, STEP_APP, a, a->pos, label(s, "app",
		    a->key));
		plan_dep(p, astep[i], rg);
		/* The plan's SKU must support integration first. */
		if (a->farm)
			plan_dep(p, astep[i], fstep[a->farm - s->farms]);
		if (a->integration)
			plan_dep(p, astep[i], vstep[a->integration->vnet -
			    s->vnets]);
		for (size_t j = 0; j < a->nuais; j++) {
			const struct identity *id = a->uais[j].target;
			if (id && istep[id - s->identities] != (size_t)-1)
				plan_dep(p, astep[i],
				    istep[id - s->identities]);
		}
		/* A created app's basic-auth publishing credentials, FTP's
		 * and SCM's: children of the site, after it. */
		for (int k = 0; a->basic_auth >= 0 && k < 2; k++) {
			size_t c = plan_add(p, STEP_PUBCRED, a, a->cr.is ?
			    a->cr.pos : a->pos,
			    arena_printf(&s->arena, "%s basic-auth publishing "
			    "of '%s'", k ? "SCM" : "FTP", a->key));
			p->steps[c].sub = k ? "scm" : "ftp";
			plan_dep(p, c, astep[i]);
		}
		/* Its deployment slots: children of the site, after it, each
		 * with its own integration VNet. */
		slstep[i] = arena_alloc(&s->arena, (a->nslots + 1) *
		    sizeof(size_t));
		for (size_t j = 0; j < a->nslots; j++) {
			struct app *sl = &a->slots[j];
			size_t c = slstep[i][j] = plan_add(p, STEP_SLOT, sl,
			    sl->pos, arena_printf(&s->arena, "slot '%s' of "
			    "'%s'", tmpl_eval(s, &sl->name), a->key));
			plan_dep(p, c, astep[i]);
			/* its own user-assigned identities (identity:) */
			for (size_t k = 0; sl->own_identity && k < sl->nuais;
			    k++) {
				const struct identity *id = sl->uais[k].target;
				if (id && istep[id - s->identities] !=
				    (size_t)-1)
					plan_dep(p, c, istep[id -
					    s->identities]);
			}
			if (sl->integration)
				plan_dep(p, c, vstep[sl->integration->vnet -
				    s->vnets]);
			/* its own basic-auth policies, as its app's */
			for (int k = 0; k < 2; k++) {
				size_t pc = plan_add(p, STEP_PUBCRED, sl,
				    sl->pos, arena_printf(&s->arena, "%s "
				    "basic-auth publishing of '%s'", k ?
				    "SCM" : "FTP", sl->key));
				p->steps[pc].sub = k ? "scm" : "ftp";
				plan_dep(p, pc, c);
			}
		}
	}
	/* An app's access restrictions: its configuration, after the app;
	 * a rule's subnet must exist, with its service endpoint. */
	for (size_t i = 0; i < s->napps; i++) {
		struct app *a = &s->apps[i];
		if (!a->acc.given)
			continue;
		size_t c = plan_add(p, STEP_ACCESS, a, a->acc.pos,
		    label(s, "access restrictions of", a->key));
		plan_dep(p, c, astep[i]);
		const struct arlist *l[] = {&a->acc.main, &a->acc.scm};
		for (size_t k = 0; k < 2; k++)
			for (size_t j = 0; j < l[k]->nrules; j++)
				if (l[k]->rules[j].subnet)
					plan_dep(p, c, vstep[l[k]->rules[j].
					    subnet->vnet - s->vnets]);
	}
	/* An app's slot settings: its configuration, after the app */
	for (size_t i = 0; i < s->napps; i++) {
		struct app *a = &s->apps[i];
		if (!a->nsticky)
			continue;
		size_t c = plan_add(p, STEP_STICKY, a, a->sticky_pos,
		    label(s, "slot settings of", a->key));
		plan_dep(p, c, astep[i]);
	}
	/* An endpoint to a slot (group id sites-<slot>) needs the slot:
	 * Azure knows no such group id before. */
	for (size_t i = 0; i < s->nbackends; i++)
		for (size_t j = 0; j < s->backends[i].npes; j++) {
			const struct pe *pe = &s->backends[i].pes[j];
			for (size_t k = 0; pe->slot && k < p->nsteps; k++)
				if (p->steps[k].kind == STEP_SLOT &&
				    p->steps[k].u.app == pe->slot)
					plan_dep(p, pestep[i][j], k);
		}
	/* A role assignment needs its principal (the site for its
	 * system-assigned identity, or the user-assigned identity) and its
	 * scope (the back end) to exist; the app's settings wait for its
	 * roles below, so that the Key Vault references they hold resolve
	 * when they are written. Each app's are consecutive steps. */
	size_t **rstep = arena_alloc(&s->arena, (s->napps + 1) *
	    sizeof(*rstep));
	size_t ***slrstep = arena_alloc(&s->arena, (s->napps + 1) *
	    sizeof(*slrstep));
	for (size_t i = 0; i < s->napps; i++) {
		struct app *a = &s->apps[i];
		rstep[i] = role_steps(p, a, astep[i], rg, istep, cstep);
		/* a slot's, after the slot: its system-assigned identity is
		 * its own principal */
		slrstep[i] = arena_alloc(&s->arena, (a->nslots + 1) *
		    sizeof(*slrstep[i]));
		for (size_t j = 0; j < a->nslots; j++)
			slrstep[i][j] = role_steps(p, &a->slots[j],
			    slstep[i][j], rg, istep, cstep);
	}
	/* An endpoint to an app that the spec also changes (a back end of
	 * type Microsoft.Web/sites naming one of its apps) waits for that
	 * change: the template restates the site, and ARM must not write
	 * the site and its endpoint connection at once. After, not before:
	 * the app's plan change is what may let the site take an endpoint
	 * at all, and nothing the app waits for waits for an endpoint, so
	 * no cycle (VN501) can come of it. A restated vault or account
	 * needs no edge: its restatement is its lock, which already waits
	 * for its endpoints. Sites back ends are few: a scan of the apps
	 * each. */
	for (size_t i = 0; i < s->nbackends; i++) {
		struct backend *b = &s->backends[i];
		if (!b->rt || b->rt->res != RES_APP || !b->npes)
			continue;
		const char *name = tmpl_eval(s, &b->name);
		for (size_t k = 0; k < s->napps; k++) {
			if (!streqi(tmpl_eval(s, &s->apps[k].name), name))
				continue;
			for (size_t j = 0; j < b->npes; j++)
				plan_dep(p, pestep[i][j], astep[k]);
		}
	}
	/* Lock a back end down only once every way in is ready: its
	 * endpoints, their zone groups, the links of their zones, and the
	 * VNet integration of the apps that call it (lock_reaches).
	 * Otherwise the running app is cut off (the tutorial's HTTP 500
	 * interludes). */
	struct lockctx lc = {.p = p, .astep = astep, .lstep = lstep,
	    .pstep = pstep};
	lc.vpeers = arena_alloc(&s->arena, (s->nvnets + 1) *
	    sizeof(*lc.vpeers));
	lc.nvpeers = arena_alloc(&s->arena, (s->nvnets + 1) *
	    sizeof(*lc.nvpeers));
	for (size_t i = 0; i < s->npeerings; i++) {
		size_t v = (size_t)(s->peerings[i].vnet - s->vnets);
		lc.vpeers[v] = arena_grow(&s->arena, lc.vpeers[v],
		    &lc.nvpeers[v], sizeof(size_t));
		lc.vpeers[v][lc.nvpeers[v] - 1] = i;
	}
	lock_index_apps(&lc);
	for (size_t i = 0; i < s->nbackends; i++) {
		struct backend *b = &s->backends[i];
		if (b->access == ACCESS_KEEP || b->cr.is)
			continue;
		size_t ls = plan_add(p, STEP_LOCK, b, b->access_pos,
		    label(s, "public access of", b->key));
		plan_dep(p, ls, rg);
		/* an app's own (its public_access:): after the app, which
		 * the plan may create or change */
		if (b->self_app)
			plan_dep(p, ls, astep[b->self_app - 1]);
		fw_deps(p, b, ls, vstep);
		for (size_t j = 0; j < b->npes; j++) {
			if (zgstep[i][j] != (size_t)-1)
				plan_dep(p, ls, zgstep[i][j]);
			plan_dep(p, ls, pestep[i][j]);
		}
		lock_reaches(&lc, b, ls);
		fw_child_step(p, b, ls, vstep);
	}
	/* Re-setting Key Vault references forces the app to fetch them
	 * again, now through the VNet (tutorial; KV-REF rotation): after
	 * the locks of the back ends the app reaches. */
	size_t *sstep = arena_alloc(&s->arena, (s->napps + 1) *
	    sizeof(*sstep));
	size_t **slset = arena_alloc(&s->arena, (s->napps + 1) *
	    sizeof(*slset));
	struct setctx sx = {.p = p, .lc = &lc, .astep = astep, .cstep = cstep,
	    .istep = istep};
	for (size_t i = 0; i < s->napps; i++) {
		struct app *a = &s->apps[i];
		sstep[i] = settings_step(&sx, i, a, astep[i], rstep[i]);
		/* a slot's settings are its own step too (its config/
		 * appsettings), after its roles */
		slset[i] = arena_alloc(&s->arena, (a->nslots + 1) *
		    sizeof(size_t));
		for (size_t j = 0; j < a->nslots; j++)
			slset[i][j] = settings_step(&sx, i, &a->slots[j],
			    slstep[i][j], slrstep[i][j]);
	}
	for (size_t i = 0; i < s->nbackends; i++)
		if (s->backends[i].cr.is)
			settings_wait(&lc, &s->backends[i], pestep[i],
			    zgstep[i], sstep, slset);
	for (size_t i = 0; i < s->napps; i++)
		host_storage_wait(&lc, i, cstep, pestep, zgstep, rg);
	if (!plan_sort(p))
		return NULL;
	return p;
}

void
plan_dump(const struct plan *p, FILE *f)
{
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct step *st = &p->steps[i];
		fprintf(f, "%zu %s", i + 1, st->label);
		for (size_t j = 0; j < st->ndeps; j++)
			fprintf(f, "%s%zu", j ? "," : " after ",
			    st->deps[j] + 1);
		fputc('\n', f);
	}
}
