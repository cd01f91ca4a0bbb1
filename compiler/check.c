/* check.c - the rule catalogue: resolved model -> diagnostics (and the
 * prefixes of subnets given by size, VN213). Owns VN203-VN214 (addresses,
 * subnets, peerings) and VN311-VN326 (delegations, App Service, private
 * endpoints, DNS, lock-down); skips whatever spec.c could not read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "regions.h"

/* ---------------------------------------------------------------- tables */

/* Ranges Azure refuses in a VNet's address space (docs/azure-notes.md 1.1). */
static const struct {
	struct cidr c;
	const char *what;
} forbidden[] = {
	{{4, {224}, 4}, "multicast"},
	{{4, {255, 255, 255, 255}, 32}, "broadcast"},
	{{4, {127}, 8}, "loopback"},
	{{4, {169, 254}, 16}, "link-local"},
	{{4, {168, 63, 129, 16}, 32}, "Azure's DNS and health probe address"},
};

/* RFC 1918: with Route All off, only these ranges enter the VNet from an
 * integrated app (docs/azure-notes.md 2.5). */
static const struct cidr rfc1918[] = {
	{4, {10}, 8}, {4, {172, 16}, 12}, {4, {192, 168}, 16},
};

/* Subnets Azure reserves for one service, by exact name: the longest
 * prefix Azure accepts (VN210) and the one Microsoft recommends (VN211);
 * none takes a delegation or private endpoints (VN212). docs/azure-notes.md
 * 1.3; RouteServerSubnet: sources disagree, /27 enforced, /26 advised. */
static const struct special {
	const char *name, *service;
	int min, rec;
} specials[] = {
	{"GatewaySubnet", "VPN and ExpressRoute gateways", 29, 27},
	{"AzureFirewallSubnet", "Azure Firewall", 26, 26},
	{"AzureFirewallManagementSubnet", "Azure Firewall's management NIC",
	    26, 26},
	{"AzureBastionSubnet", "Azure Bastion", 26, 26},
	{"RouteServerSubnet", "Azure Route Server", 27, 26},
};

/* Delegations with a documented minimum size (VN313) and a larger size
 * advised (VN314; 0: none beyond VN317's arithmetic). docs/azure-notes.md
 * 1.4. */
static const struct delegsize {
	const char *service;
	int min, rec;
	const char *why;
} delegsizes[] = {
	{"Microsoft.Web/serverFarms", 28, 0, "App Service VNet integration"},
	{"Microsoft.Sql/managedInstances", 28, 27, "a /28 holds only a "
	    "single dev/test managed instance"},
	{"Microsoft.DBforPostgreSQL/flexibleServers", 28, 0,
	    "PostgreSQL flexible server"},
	/* the advice is a Container Apps environment's; the delegation
	 * also serves Flex Consumption apps (sized by VN317 when the spec
	 * integrates them here, and then not advised) and other services */
	{"Microsoft.App/environments", 27, 23, "for a consumption-only "
	    "Container Apps environment; /27 is for workload profiles, and a "
	    "subnet that serves another service, such as a Flex Consumption "
	    "app outside this spec, may be smaller: silence VN314 with that "
	    "reason"},
};

/* ------------------------------------------------------------- helpers */

/* Scratch arrays reused for every VNet, grown as needed: prefixes with
 * the node each came from, for cidr_find_overlaps. */
struct scratch {
	struct cidr *v;
	size_t *idx;
	size_t (*pairs)[2];
	struct prefix **pfx;
	struct subnet **sub;  /* NULL for an address space prefix */
	struct vnet **vnet;
	size_t n, cap;
};

static void
push(struct scratch *sc, struct prefix *p, struct subnet *sn,
    struct vnet *vn)
{
	if (sc->n == sc->cap) {
		sc->cap = sc->cap ? 2 * sc->cap : 64;
		sc->v = xrealloc(sc->v, sc->cap * sizeof(*sc->v));
		sc->idx = xrealloc(sc->idx, sc->cap * sizeof(*sc->idx));
		sc->pairs = xrealloc(sc->pairs, sc->cap * sizeof(*sc->pairs));
		sc->pfx = xrealloc(sc->pfx, sc->cap * sizeof(*sc->pfx));
		sc->sub = xrealloc(sc->sub, sc->cap * sizeof(*sc->sub));
		sc->vnet = xrealloc(sc->vnet, sc->cap * sizeof(*sc->vnet));
	}
	sc->v[sc->n] = p->c;
	sc->pfx[sc->n] = p;
	sc->sub[sc->n] = sn;
	sc->vnet[sc->n++] = vn;
}

/* Pairs {container, contained} among sc->v, by sort and sweep. */
static size_t
overlaps(struct scratch *sc)
{
	if (sc->n < 2)
		return 0;
	return cidr_find_overlaps(sc->v, sc->n, sc->idx, sc->pairs, sc->n);
}

static void
scratch_free(struct scratch *sc)
{
	free(sc->v);
	free(sc->idx);
	free(sc->pairs);
	free(sc->pfx);
	free(sc->sub);
	free(sc->vnet);
}

/* "10.0.1.0–10.0.1.255": the addresses of c. */
static void
range_str(const struct cidr *c, char *buf, size_t n)
{
	char a[CIDR_STRLEN], b[CIDR_STRLEN];
	uint8_t last[16];

	cidr_format_addr(c->family, c->addr, a);
	cidr_last(c, last);
	cidr_format_addr(c->family, last, b);
	snprintf(buf, n, "%s\u2013%s", a, b);
}

static bool
has_family(const struct prefix *p, size_t n, int family)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].ok && p[i].c.family == family)
			return true;
	return false;
}

static bool
all_ok(const struct prefix *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!p[i].ok)
			return false;
	return true;
}

/* IPv6 prefixes and no IPv4 one, all of them valid (VN209): Azure has
 * no IPv6-only VNet or subnet. */
static bool
v6_only(const struct prefix *p, size_t n)
{
	return has_family(p, n, 6) && !has_family(p, n, 4) && all_ok(p, n);
}

/* The smallest IPv4 prefix of a subnet (the one that limits it), or
 * NULL. */
static const struct prefix *
smallest_v4(const struct subnet *sn)
{
	const struct prefix *best = NULL;

	for (size_t i = 0; i < sn->nprefixes; i++)
		if (sn->prefixes[i].ok && sn->prefixes[i].c.family == 4 &&
		    (!best || sn->prefixes[i].c.len > best->c.len))
			best = &sn->prefixes[i];
	return best;
}

/* The lowest free aligned /len in vn's address space (family of the
 * space), around every subnet prefix: the fix hint of VN206, VN207. */
static bool
free_block(const struct vnet *vn, int family, int len, struct cidr *out)
{
	size_t n = 0;

	for (size_t i = 0; i < vn->nsubnets; i++)
		n += vn->subnets[i].nprefixes;
	struct cidr *taken = xmalloc((n + 1) * sizeof(*taken));
	struct cidr *scratch = xmalloc((n + 1) * sizeof(*scratch));
	n = 0;
	for (size_t i = 0; i < vn->nsubnets; i++)
		for (size_t j = 0; j < vn->subnets[i].nprefixes; j++)
			if (vn->subnets[i].prefixes[j].ok)
				taken[n++] = vn->subnets[i].prefixes[j].c;
	bool found = false;
	for (size_t i = 0; i < vn->nspace && !found; i++)
		if (vn->space[i].ok && vn->space[i].c.family == family)
			found = cidr_alloc(&vn->space[i].c, taken, n, len,
			    scratch, out);
	free(taken);
	free(scratch);
	return found;
}

/* Hints per VNet: each costs a sort of its prefixes, so a VNet with
 * thousands of overlaps stays O(n log n) overall. */
enum { MAX_HINTS = 16 };

/* "; a free /24 is 10.0.4.0/24", or "" when there is none. *nhints
 * counts the hints given for this VNet. */
static const char *
free_hint(struct spec *s, const struct vnet *vn, const struct cidr *c,
    size_t *nhints)
{
	struct cidr f;
	char buf[CIDR_STRLEN];

	if ((*nhints)++ >= MAX_HINTS ||
	    !free_block(vn, c->family, c->len, &f))
		return "";
	cidr_format(&f, buf);
	return arena_printf(&s->arena, "; a free /%d in vnet '%s' is %s",
	    c->len, vn->key, buf);
}

static const struct special *
special_of(struct spec *s, const struct subnet *sn)
{
	if (!sn->name.nsegs)
		return NULL;
	/* Most names are literal: no need to evaluate (and allocate). */
	const char *name = sn->name.nsegs == 1 && sn->name.segs[0].lit ?
	    sn->name.segs[0].lit : tmpl_eval(s, &sn->name);
	for (size_t i = 0; i < NELEM(specials); i++)
		if (streqi(specials[i].name, name))
			return &specials[i];
	return NULL;
}

static bool
peered(const struct vnet *a, const struct vnet *b)
{
	for (size_t i = 0; i < a->npeerings; i++)
		if (a->peerings[i].target == b)
			return true;
	for (size_t i = 0; i < b->npeerings; i++)
		if (b->peerings[i].target == a)
			return true;
	return false;
}

/* 2^(32-len) for IPv4. */
static uint64_t
v4size(int len)
{
	return UINT64_C(1) << (32 - len);
}

/* ------------------------------------------------ automatic addressing */

/* Addresses of the union of v[0..n): blocks nest or are disjoint, so it
 * is the sum over the blocks that no other contains. */
static uint64_t
union_size(struct scratch *sc)
{
	size_t np = overlaps(sc);
	uint64_t total = 0;
	bool *inner = calloc(sc->n + 1, sizeof(bool));

	if (!inner)
		die("out of memory:");
	for (size_t i = 0; i < np; i++)
		inner[sc->pairs[i][1]] = true;
	for (size_t i = 0; i < sc->n; i++)
		if (!inner[i])
			total += v4size(sc->v[i].len);
	free(inner);
	return total;
}

static int
by_size(const void *a, const void *b)
{
	const struct subnet *x = *(struct subnet *const *)a;
	const struct subnet *y = *(struct subnet *const *)b;

	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	return x < y ? -1 : x > y; /* spec order */
}

/* Free IPv4 addresses of vn's space around taken[0..ntaken). */
static uint64_t
free_addresses(const struct vnet *vn, const struct cidr *taken,
    size_t ntaken, struct scratch *sc)
{
	struct prefix tmp;
	uint64_t space, used;

	sc->n = 0;
	for (size_t i = 0; i < vn->nspace; i++)
		if (vn->space[i].ok && vn->space[i].c.family == 4)
			push(sc, &vn->space[i], NULL, NULL);
	space = union_size(sc);
	/* Taken blocks inside the space (a block covering a whole space
	 * prefix counts as that prefix). */
	size_t nspace = sc->n;
	struct cidr *spaces = xmalloc((nspace + 1) * sizeof(*spaces));
	if (nspace) /* sc->v is NULL in a VNet without IPv4 space */
		memcpy(spaces, sc->v, nspace * sizeof(*spaces));
	sc->n = 0;
	for (size_t i = 0; i < ntaken; i++)
		for (size_t j = 0; j < nspace; j++) {
			tmp.c = cidr_contains(&spaces[j], &taken[i]) ?
			    taken[i] : spaces[j];
			if (cidr_overlaps(&spaces[j], &taken[i])) {
				push(sc, &tmp, NULL, NULL);
				break;
			}
		}
	used = union_size(sc);
	free(spaces);
	return space > used ? space - used : 0;
}

/* Subnets with "size: /N" get the lowest aligned free block of that
 * length, largest first and in spec order among equals, so that the
 * result is deterministic and packs without waste. Not enough room is
 * VN213, with the numbers. */
static void
assign_sizes(struct spec *s, struct vnet *vn, struct scratch *sc)
{
	size_t nsized = 0, ntaken = 0, nfail = 0;

	for (size_t i = 0; i < vn->nsubnets; i++) {
		nsized += vn->subnets[i].size >= 0;
		ntaken += vn->subnets[i].nprefixes;
	}
	if (!nsized || !all_ok(vn->space, vn->nspace) || !vn->nspace)
		return; /* nothing to do, or VN201 said why not */
	struct subnet **order = xmalloc(nsized * sizeof(*order));
	struct subnet **failed = xmalloc(nsized * sizeof(*failed));
	struct cidr *taken = xmalloc((ntaken + nsized) * sizeof(*taken));
	struct cidr *scratch = xmalloc((ntaken + nsized) * sizeof(*scratch));
	nsized = ntaken = 0;
	for (size_t i = 0; i < vn->nsubnets; i++) {
		struct subnet *sn = &vn->subnets[i];
		if (sn->size >= 0)
			order[nsized++] = sn;
		for (size_t j = 0; j < sn->nprefixes; j++)
			if (sn->prefixes[j].ok)
				taken[ntaken++] = sn->prefixes[j].c;
	}
	qsort(order, nsized, sizeof(*order), by_size);
	for (size_t i = 0; i < nsized; i++) {
		struct subnet *sn = order[i];
		struct cidr got;
		bool ok = false;
		for (size_t j = 0; j < vn->nspace && !ok; j++)
			if (vn->space[j].c.family == 4)
				ok = cidr_alloc(&vn->space[j].c, taken, ntaken,
				    sn->size, scratch, &got);
		if (!ok) {
			failed[nfail++] = sn;
			continue;
		}
		char buf[CIDR_STRLEN];
		cidr_format(&got, buf);
		sn->prefixes = arena_alloc(&s->arena, sizeof(*sn->prefixes));
		sn->prefixes[0] = (struct prefix){arena_strdup(&s->arena, buf),
		    got, true, sn->size_pos};
		sn->nprefixes = 1;
		sn->auto_prefix = true;
		taken[ntaken++] = got;
	}
	if (nfail) {
		uint64_t need = 0, avail = free_addresses(vn, taken, ntaken,
		    sc);
		for (size_t i = 0; i < nfail; i++)
			need += v4size(failed[i]->size);
		struct subnet *f = failed[0];
		struct buf more = {0};
		if (nfail > 1)
			buf_printf(&more, " and %zu more sized subnet%s", nfail -
			    1, nfail > 2 ? "s" : "");
		if (!has_family(vn->space, vn->nspace, 4)) {
			diag_report(f->size_pos, VN213, "subnet '%s' (size /%d) "
			    "needs IPv4 address space, and vnet '%s' has none; "
			    "add an IPv4 prefix to its address_space", f->key,
			    f->size, vn->key);
		} else if (need > avail) {
			diag_report(f->size_pos, VN213, "no room for subnet '%s' "
			    "(size /%d)%s in vnet '%s': %llu addresses needed, "
			    "%llu free; %llu more are missing; widen the "
			    "address space or shrink the subnets", f->key,
			    f->size, buf_str(&more), vn->key,
			    (unsigned long long)need,
			    (unsigned long long)avail,
			    (unsigned long long)(need - avail));
		} else {
			int largest = -1;
			for (int len = 0; len <= 32 && largest < 0; len++)
				for (size_t j = 0; j < vn->nspace; j++) {
					struct cidr got;
					if (vn->space[j].c.family == 4 &&
					    cidr_alloc(&vn->space[j].c, taken,
					    ntaken, len, scratch, &got)) {
						largest = len;
						break;
					}
				}
			diag_report(f->size_pos, VN213, "no room for subnet '%s' "
			    "(size /%d)%s in vnet '%s': %llu addresses are free "
			    "but split up; the largest free aligned block is "
			    "%s%d; widen the address space or move the subnets "
			    "with fixed prefixes", f->key, f->size,
			    buf_str(&more), vn->key, (unsigned long long)avail,
			    largest < 0 ? "none, not even /" : "/",
			    largest < 0 ? 32 : largest);
		}
		buf_free(&more);
		for (size_t i = 1; i < nfail; i++)
			diag_note(failed[i]->size_pos, "subnet '%s' (size /%d) "
			    "is not placed either", failed[i]->key,
			    failed[i]->size);
		diag_note(vn->space_pos, "address space of vnet '%s'",
		    vn->key);
	}
	free(order);
	free(failed);
	free(taken);
	free(scratch);
}

/* ------------------------------------------------ address spaces (VN2xx) */

static void
check_space(struct vnet *vn, struct scratch *sc)
{
	char a[CIDR_STRLEN], b[CIDR_STRLEN], r[2 * CIDR_STRLEN + 8];

	sc->n = 0;
	for (size_t i = 0; i < vn->nspace; i++) {
		struct prefix *p = &vn->space[i];
		if (!p->ok)
			continue;
		push(sc, p, NULL, vn);
		cidr_format(&p->c, a);
		bool bad = false;
		for (size_t j = 0; j < NELEM(forbidden); j++) {
			if (!cidr_overlaps(&p->c, &forbidden[j].c))
				continue;
			cidr_format(&forbidden[j].c, b);
			diag_report(p->pos, VN204, "vnet '%s' address space %s "
			    "%s %s (%s), which Azure refuses in a virtual "
			    "network; use a private range such as 10.0.0.0/16",
			    vn->key, a, cidr_contains(&p->c, &forbidden[j].c) ?
			    "includes" : "is inside", b, forbidden[j].what);
			bad = true;
		}
		if (!bad && !cidr_is_private(&p->c))
			diag_report(p->pos, VN205, "vnet '%s' address space %s "
			    "is outside the private ranges (%s); Azure allows "
			    "it, but the VNet then cannot reach whoever owns "
			    "%s on the internet", vn->key, a,
			    p->c.family == 4 ? "10.0.0.0/8, 172.16.0.0/12, "
			    "192.168.0.0/16, 100.64.0.0/10" : "fc00::/7", a);
	}
	size_t np = overlaps(sc);
	for (size_t i = 0; i < np; i++) {
		const struct prefix *outer = sc->pfx[sc->pairs[i][0]];
		const struct prefix *inner = sc->pfx[sc->pairs[i][1]];
		cidr_format(&outer->c, a);
		cidr_format(&inner->c, b);
		range_str(&inner->c, r, sizeof(r));
		if (cidr_cmp(&outer->c, &inner->c) == 0)
			diag_report(inner->pos, VN203, "vnet '%s' lists address "
			    "prefix %s twice; remove one", vn->key, b);
		else
			diag_report(inner->pos, VN203, "vnet '%s' address "
			    "prefix %s overlaps %s (%s); Azure needs disjoint "
			    "prefixes: drop %s", vn->key, b, a, r, b);
		diag_note(outer->pos, "%s is declared here", a);
	}
	if (v6_only(vn->space, vn->nspace))
		diag_report(vn->space_pos, VN209, "vnet '%s' has only IPv6 "
		    "address space; Azure VNets are IPv4 or dual-stack: add an "
		    "IPv4 prefix", vn->key);
}

/* ---------------------------------------------------- subnets (VN2xx) */

static void
check_subnet_prefixes(struct spec *s, struct vnet *vn, struct subnet *sn,
    const struct special *sp, size_t *nhints)
{
	char a[CIDR_STRLEN];
	bool space_ok = vn->nspace && all_ok(vn->space, vn->nspace);

	for (size_t i = 0; i < sn->nprefixes; i++) {
		struct prefix *p = &sn->prefixes[i];
		if (!p->ok)
			continue;
		cidr_format(&p->c, a);
		bool inside = false;
		for (size_t j = 0; j < vn->nspace && !inside; j++)
			inside = vn->space[j].ok &&
			    cidr_contains(&vn->space[j].c, &p->c);
		if (!inside && space_ok) {
			struct buf sp_list = {0};
			for (size_t j = 0; j < vn->nspace; j++) {
				char t[CIDR_STRLEN];
				cidr_format(&vn->space[j].c, t);
				buf_printf(&sp_list, "%s%s", j ? ", " : "", t);
			}
			diag_report(p->pos, VN206, "subnet '%s' %s is outside "
			    "vnet '%s' address space %s%s", sn->key, a, vn->key,
			    buf_str(&sp_list), free_hint(s, vn, &p->c,
			    nhints));
			diag_note(vn->space_pos, "address space of vnet '%s'",
			    vn->key);
			buf_free(&sp_list);
		}
		if (p->c.family == 4 && p->c.len < 2)
			diag_report(p->pos, VN208, "subnet '%s' %s is larger "
			    "than Azure's largest subnet, /2", sn->key, a);
		else if (p->c.family == 4 && p->c.len > 29)
			diag_report(p->pos, VN208, "subnet '%s' %s has %llu "
			    "addresses; Azure's smallest IPv4 subnet is /29 (8 "
			    "addresses, 3 usable after the 5 it reserves)",
			    sn->key, a,
			    (unsigned long long)cidr_size(&p->c));
		else if (p->c.family == 6 && p->c.len != 64)
			diag_report(p->pos, VN208, "subnet '%s' %s: Azure IPv6 "
			    "subnets are exactly /64", sn->key, a);
		else if (sp && p->c.family == 4 && p->c.len > sp->min)
			diag_report(p->pos, VN210, "%s %s is too small for %s: "
			    "Azure needs /%d or larger (%llu addresses)",
			    sp->name, a, sp->service, sp->min,
			    (unsigned long long)v4size(sp->min));
		else if (sp && p->c.family == 4 && p->c.len > sp->rec)
			diag_report(p->pos, VN211, "%s %s is smaller than "
			    "Microsoft recommends for %s: /%d or larger",
			    sp->name, a, sp->service, sp->rec);
	}
	if (v6_only(sn->prefixes, sn->nprefixes))
		diag_report(sn->pos, VN209, "subnet '%s' has only an IPv6 "
		    "prefix; Azure IPv6 subnets are dual-stack: add an IPv4 "
		    "prefix beside it", sn->key);
}

/* No two subnet prefixes of one VNet overlap (VN207): one sort and
 * sweep over all of them, each overlapping prefix reported once, beside
 * the outermost one it overlaps. */
static void
check_subnet_overlaps(struct spec *s, struct vnet *vn, struct scratch *sc,
    size_t *nhints)
{
	char a[CIDR_STRLEN], b[CIDR_STRLEN], r[2 * CIDR_STRLEN + 8];

	sc->n = 0;
	for (size_t i = 0; i < vn->nsubnets; i++)
		for (size_t j = 0; j < vn->subnets[i].nprefixes; j++)
			if (vn->subnets[i].prefixes[j].ok)
				push(sc, &vn->subnets[i].prefixes[j],
				    &vn->subnets[i], vn);
	size_t np = overlaps(sc);
	for (size_t i = 0; i < np; i++) {
		size_t o = sc->pairs[i][0], n = sc->pairs[i][1];
		const struct prefix *po = sc->pfx[o], *pn = sc->pfx[n];
		const struct subnet *so = sc->sub[o], *sn = sc->sub[n];
		cidr_format(&po->c, a);
		cidr_format(&pn->c, b);
		range_str(&pn->c, r, sizeof(r));
		if (so == sn)
			diag_report(pn->pos, VN207, "subnet '%s' lists %s, which "
			    "overlaps its own %s (%s); drop one", sn->key, b, a,
			    r);
		else
			diag_report(pn->pos, VN207, "subnet '%s' %s overlaps "
			    "subnet '%s' %s (%s)%s", sn->key, b, so->key, a, r,
			    free_hint(s, vn, &pn->c, nhints));
		diag_note(po->pos, "subnet '%s' %s is declared here", so->key,
		    a);
	}
}

static void
check_delegation(struct subnet *sn, const struct special *sp)
{
	if (!sn->delegation)
		return;
	if (sn->ndelegations > 1) {
		diag_report(sn->delegation2_pos, VN312, "subnet '%s' is "
		    "delegated to %zu services; a subnet is delegated to one "
		    "service at a time", sn->key, sn->ndelegations);
		diag_note(sn->delegation_pos, "first delegation here");
	}
	if (sp)
		diag_report(sn->delegation_pos, VN212, "%s is reserved for %s: "
		    "it cannot be delegated; delegate another subnet",
		    sp->name, sp->service);
	const char *canon = restype_delegation(sn->delegation);
	if (!canon) {
		const char *best = NULL, *d;
		int bestd = 255;
		for (size_t i = 0; (d = restype_delegation_at(i)); i++) {
			int e = edit_distance(d, sn->delegation);
			if (e < bestd)
				bestd = e, best = d;
		}
		if (best && bestd <= 3)
			diag_report(sn->delegation_pos, VN311, "subnet '%s' "
			    "delegation '%s' is not a service vnetc knows; did "
			    "you mean '%s'?", sn->key, sn->delegation, best);
		else
			diag_report(sn->delegation_pos, VN311, "subnet '%s' "
			    "delegation '%s' is not a service vnetc knows; `az "
			    "network vnet subnet list-available-delegations -l "
			    "REGION` lists Azure's", sn->key, sn->delegation);
		return;
	}
	const struct prefix *p = smallest_v4(sn);
	if (!p)
		return;
	for (size_t i = 0; i < NELEM(delegsizes); i++) {
		const struct delegsize *d = &delegsizes[i];
		char a[CIDR_STRLEN];
		if (strcmp(d->service, canon) != 0)
			continue;
		cidr_format(&p->c, a);
		if (p->c.len > d->min)
			diag_report(p->pos, VN313, "subnet '%s' %s is delegated "
			    "to %s, which needs /%d or larger (%s); it has "
			    "%llu usable addresses, /%d has %llu", sn->key, a,
			    canon, d->min, d->why,
			    (unsigned long long)cidr_azure_usable(&p->c),
			    d->min, (unsigned long long)(v4size(d->min) - 5));
		else if (d->rec && p->c.len > d->rec && !sn->nintegrations)
			/* The advice is a Container Apps environment's; a
			 * Flex Consumption app's integration subnet is sized
			 * by VN317. */
			diag_report(p->pos, VN314, "subnet '%s' %s is delegated "
			    "to %s: /%d or larger is advised (%s)", sn->key, a,
			    canon, d->rec, d->why);
	}
}

/* ------------------------------------------------------ peerings (VN214) */

static void
check_peerings(struct spec *s, struct scratch *sc)
{
	char a[CIDR_STRLEN], b[CIDR_STRLEN], r[2 * CIDR_STRLEN + 8];

	for (size_t i = 0; i < s->nvnets; i++) {
		struct vnet *vn = &s->vnets[i];
		for (size_t j = 0; j < vn->npeerings; j++) {
			struct vnet *w = vn->peerings[j].target;
			bool seen = false;
			if (!w)
				continue;
			/* Once per pair, however many times it is declared. */
			for (size_t k = 0; k < j; k++)
				seen |= vn->peerings[k].target == w;
			if (w < vn)
				for (size_t k = 0; k < w->npeerings; k++)
					seen |= w->peerings[k].target == vn;
			if (seen)
				continue;
			sc->n = 0;
			for (size_t k = 0; k < vn->nspace; k++)
				if (vn->space[k].ok)
					push(sc, &vn->space[k], NULL, vn);
			for (size_t k = 0; k < w->nspace; k++)
				if (w->space[k].ok)
					push(sc, &w->space[k], NULL, w);
			size_t np = overlaps(sc);
			for (size_t k = 0; k < np; k++) {
				size_t o = sc->pairs[k][0], n = sc->pairs[k][1];
				if (sc->vnet[o] == sc->vnet[n])
					continue; /* VN203 */
				struct prefix *mine = sc->vnet[o] == vn ?
				    sc->pfx[o] : sc->pfx[n];
				struct prefix *theirs = sc->vnet[o] == vn ?
				    sc->pfx[n] : sc->pfx[o];
				cidr_format(&mine->c, a);
				cidr_format(&theirs->c, b);
				range_str(&sc->v[n], r, sizeof(r));
				diag_report(vn->peerings[j].pos, VN214, "vnet "
				    "'%s' %s overlaps peered vnet '%s' %s (%s); "
				    "Azure does not peer VNets whose address "
				    "spaces overlap", vn->key, a, w->key, b, r);
				diag_note(theirs->pos, "address space of vnet "
				    "'%s'", w->key);
			}
		}
	}
}

/* Gateway transit (VN215, VN216; docs/azure-notes.md 16.7):
 * useRemoteGateways: "Only one peering can have this flag set to true.
 * This flag cannot be set if virtual network already has a gateway", and
 * it needs allowGatewayTransit on the remote side and a gateway in the
 * remote VNet (learn.microsoft.com/rest/api/virtualnetwork/
 * virtualnetworkpeerings/createorupdate), or Azure refuses the peering
 * with RemoteVnetHasNoGateways. vnetc sees a gateway only as its
 * GatewaySubnet (the gateway is not vnetc's), and nothing of an existing
 * VNet's subnets: accepted. */
static bool
has_gateway_subnet(struct spec *s, const struct vnet *vn)
{
	for (size_t i = 0; i < vn->nsubnets; i++)
		if (streqi(tmpl_eval(s, &vn->subnets[i].name), "GatewaySubnet"))
			return true;
	return false;
}

static void
check_gateway_transit(struct spec *s)
{
	for (size_t i = 0; i < s->npeerings; i++) {
		const struct peering *pr = &s->peerings[i];
		/* the other side of the pair: s->peerings[2k], [2k + 1] */
		const struct peering *back = &s->peerings[i ^ 1];
		if (!pr->use_remote_gw)
			continue;
		if (back->use_remote_gw) {
			/* each side would wait for the other (VN501): once */
			if (i % 2 == 0) {
				diag_report(pr->gw_pos, VN215, "vnet '%s' and "
				    "vnet '%s' each use the other's remote "
				    "gateways: only one side of a peering can; "
				    "keep use_remote_gateways on the VNet without "
				    "a gateway (the spoke)", pr->vnet->key,
				    back->vnet->key);
				diag_note(back->gw_pos, "use_remote_gateways of "
				    "vnet '%s'", back->vnet->key);
			}
			continue;
		}
		if (back->transit_off.line) {
			diag_report(back->transit_off, VN215, "vnet '%s' says "
			    "allow_gateway_transit: false to vnet '%s', which "
			    "uses its gateways (use_remote_gateways: true): "
			    "Azure needs allowGatewayTransit on this side for "
			    "that; remove one of the two", back->vnet->key,
			    pr->vnet->key);
			diag_note(pr->gw_pos, "use_remote_gateways of vnet '%s'",
			    pr->vnet->key);
		}
		for (size_t k = 0; k < i; k++) {
			const struct peering *o = &s->peerings[k];
			if (!o->use_remote_gw || o->vnet != pr->vnet)
				continue;
			diag_report(pr->gw_pos, VN215, "vnet '%s' uses the "
			    "remote gateways of vnet '%s' and of vnet '%s': "
			    "Azure lets a VNet use remote gateways over one "
			    "peering only; keep use_remote_gateways on one",
			    pr->vnet->key, o->remote->key, pr->remote->key);
			diag_note(o->gw_pos, "use_remote_gateways to vnet '%s'",
			    o->remote->key);
			break;
		}
		if (has_gateway_subnet(s, pr->vnet))
			diag_report(pr->gw_pos, VN215, "vnet '%s' has a "
			    "GatewaySubnet, for a gateway of its own, and uses "
			    "the remote gateways of vnet '%s': Azure refuses "
			    "useRemoteGateways on a VNet that has a gateway; "
			    "remove its GatewaySubnet or use_remote_gateways",
			    pr->vnet->key, pr->remote->key);
		if (pr->remote->existing)
			continue;
		if (!has_gateway_subnet(s, pr->remote))
			diag_report(pr->gw_pos, VN215, "vnet '%s' uses the "
			    "remote gateways of vnet '%s', which has no "
			    "GatewaySubnet and so no VPN or ExpressRoute gateway: "
			    "Azure refuses useRemoteGateways without one; give "
			    "vnet '%s' a GatewaySubnet (and its gateway), or "
			    "remove use_remote_gateways", pr->vnet->key,
			    pr->remote->key, pr->remote->key);
		else
			diag_report(pr->gw_pos, VN216, "vnet '%s' uses the "
			    "remote gateways of vnet '%s', which this spec "
			    "makes, and vnetc makes no VPN or ExpressRoute "
			    "gateway: Azure refuses the peering "
			    "(RemoteVnetHasNoGateways) until a gateway is in "
			    "its GatewaySubnet; deploy the gateway first, or "
			    "give vnet '%s' as existing: once it has one",
			    pr->vnet->key, pr->remote->key, pr->remote->key);
	}
}

/* ---------------------------------------------------- private endpoints */

/* Zone name against a table pattern, ASCII case-insensitively; a
 * placeholder such as {regionName} stands for one DNS label. */
static bool
zone_match(const char *pat, const char *z)
{
	while (*pat) {
		if (*pat == '{') {
			const char *end = strchr(pat, '}');
			if (!end)
				return false;
			if (!*z || *z == '.')
				return false;
			/* one label: try every end inside it */
			for (const char *e = z + 1;; e++) {
				if (zone_match(end + 1, e))
					return true;
				if (!*e || *e == '.')
					return false;
			}
		}
		if (ascii_lower((unsigned char)*pat++) !=
		    ascii_lower((unsigned char)*z++))
			return false;
	}
	return !*z;
}

/* Zone i of row as the user would write it: {regionName} filled in from
 * the spec's location, other placeholders left as the doc writes them. */
static const char *
shown_zone(struct spec *s, const struct plrow *row, size_t i)
{
	char buf[300];

	if (privatelink_expand(row->zones[i], tmpl_eval(s, &s->location), buf,
	    sizeof(buf), NULL))
		return arena_strdup(&s->arena, buf);
	return row->zones[i];
}

/* VN323: a given zone that is none of the row's; "did you mean" the
 * closest of them when it is close (a misspelling, privatelink. left
 * off), else the list. */
static void
zone_not_recommended(struct spec *s, struct backend *b, struct pe *pe,
    const struct plrow *row, size_t nz, const struct zone *z)
{
	const char *best = NULL;
	int bestd = 255;
	struct buf all = {0};

	for (size_t i = 0; i < nz; i++) {
		const char *r = shown_zone(s, row, i);
		int d = edit_distance(z->name, r);
		if (d < bestd)
			bestd = d, best = r;
		buf_printf(&all, "%s%s", i ? ", " : "", r);
	}
	if (best && 2 * (size_t)bestd <= strlen(best))
		diag_report(z->pos, VN323, "zone '%s' is not a recommended "
		    "zone of %s/%s; did you mean %s? Azure's private DNS "
		    "integration expects the recommended names", z->name,
		    b->type, pe->group, best);
	else
		diag_report(z->pos, VN323, "zone '%s' is not a recommended "
		    "zone of %s/%s (%s); Azure's private DNS integration "
		    "expects the recommended names", z->name, b->type,
		    pe->group, buf_str(&all));
	buf_free(&all);
}

/* dns_zones written in the spec against the zone table row (VN322,
 * VN323, VN327); the derived ones come from the row and need no check.
 * Which zones a target needs can depend on its kind (privatelink_need):
 * the one its endpoint resolves through is an error to leave out, the
 * ones that serve its other names a warning. */
static void
check_given_zones(struct spec *s, struct backend *b, struct pe *pe)
{
	const struct plrow *row = privatelink_find(s->cloud, b->type,
	    pe->group);
	const char *pename = tmpl_eval(s, &pe->name);
	const char *kind, *why = NULL;

	if (!row)
		return;
	/* the kind, where the row's zones depend on it */
	kind = privatelink_by_kind(row) ? b->ex.kind : NULL;
	size_t nz = 0;
	while (nz < PL_MAXZONES && row->zones[nz])
		nz++;
	bool choose = privatelink_choose(row);
	size_t nmatched_alt = 0, nmissing = 0, nuseful = 0;
	struct buf missing = {0}, useful = {0};
	for (size_t i = 0; i < nz; i++) {
		const char *w;
		enum plneed need = privatelink_need(row, i, kind, &w);
		if (need == PL_UNUSED)
			continue;
		bool found = false;
		for (size_t k = 0; k < pe->nzones && !found; k++)
			found = zone_match(row->zones[i], pe->zones[k]->name);
		nmatched_alt += found;
		if (found || choose)
			continue;
		/* "zone (what it serves)" when the table says */
		const char *what = privatelink_serves(row, i);
		struct buf *l = need == PL_NEEDED ? &missing : &useful;
		size_t *nl = need == PL_NEEDED ? &nmissing : &nuseful;
		buf_printf(l, "%s%s%s%s%s", (*nl)++ ? " and " : "",
		    shown_zone(s, row, i), what ? " (" : "", what ? what : "",
		    what ? ")" : "");
		if (need == PL_USEFUL)
			why = w;
	}
	/* A row whose zones depend on the kind, which the spec does not
	 * give, needs them all. */
	if (nmissing && !b->ex.kind && privatelink_by_kind(row))
		diag_report(pe->pos, VN322, "private endpoint '%s' (%s, group "
		    "'%s') lists dns_zones without %s; with the target's kind "
		    "unknown, vnetc cannot tell which of the table's zones its "
		    "DNS records need: add %s, state the kind under existing:, "
		    "or drop dns_zones to let vnetc derive them", pename,
		    b->type, pe->group, buf_str(&missing), nmissing > 1 ?
		    "them" : "it");
	else if (nmissing)
		diag_report(pe->pos, VN322, "private endpoint '%s' (%s%s%s, "
		    "group '%s') lists dns_zones without %s, which its DNS "
		    "records need; add %s, or drop dns_zones to let vnetc "
		    "derive them", pename, b->type, kind ? " kind " : "",
		    kind ? kind : "", pe->group, buf_str(&missing),
		    nmissing > 1 ? "them" : "it");
	if (nuseful)
		diag_report(pe->pos, VN327, "private endpoint '%s' (%s kind "
		    "%s, group '%s') lists dns_zones without %s: %s; add %s, "
		    "or silence VN327 with a reason", pename, b->type, kind,
		    pe->group, buf_str(&useful), why ? why : "the table lists "
		    "them", nuseful > 1 ? "them" : "it");
	buf_free(&missing);
	buf_free(&useful);
	if (choose && !nmatched_alt && pe->nzones) {
		diag_report(pe->pos, VN322, "private endpoint '%s' (%s, group "
		    "'%s') lists none of the zones the table offers (%s%s%s)",
		    pename, b->type, pe->group, row->zones[0],
		    nz > 1 ? ", " : "", nz > 1 ? row->zones[1] : "");
	}
	for (size_t k = 0; k < pe->nzones; k++) {
		bool found = false;
		for (size_t i = 0; i < nz && !found; i++)
			found = zone_match(row->zones[i], pe->zones[k]->name);
		if (!found)
			zone_not_recommended(s, b, pe, row, nz, pe->zones[k]);
	}
}

/* Cognitive Services: a private endpoint needs the account's custom
 * subdomain (docs/azure-notes.md 3.4), a DNS label: 2-64 letters, digits and
 * hyphens, starting and ending with a letter or digit. Known only when
 * "existing:" describes the account, or vnetc creates it (which writes
 * it, endpoints or not). */
static void
check_subdomain(struct spec *s, struct backend *b)
{
	if (!b->rt || b->rt->res != RES_COG || (!b->ex.described &&
	    !b->cr.is) || (!b->npes && !b->cr.is))
		return;
	const char *sub = b->ex.subdomain.nsegs ?
	    tmpl_eval(s, &b->ex.subdomain) : "";
	struct pos pos = b->ex.subdomain.pos.line ? b->ex.subdomain.pos :
	    b->cr.is ? b->cr.pos : b->ex.pos;
	size_t n = strlen(sub);
	bool ok = n >= 2 && n <= 64;
	for (size_t i = 0; i < n && ok; i++) {
		char c = sub[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9');
		ok = alnum || (c == '-' && i > 0 && i + 1 < n);
	}
	if (!n)
		diag_report(pos, VN325, "Cognitive Services account '%s' has "
		    "private endpoints but no custom subdomain; set "
		    "custom_subdomain (the endpoint's DNS name is "
		    "SUBDOMAIN.cognitiveservices.azure.com)", b->key);
	else if (!ok)
		diag_report(pos, VN325, "Cognitive Services account '%s': "
		    "custom subdomain '%s'%s is not a DNS label (2-64 letters, "
		    "digits and hyphens, starting and ending with a letter or "
		    "digit); set custom_subdomain", b->key, sub,
		    b->ex.subdomain.segs == b->name.segs ? " (by default the "
		    "account name)" : "");
}

static void
check_endpoints(struct spec *s)
{
	for (size_t i = 0; i < s->nbackends; i++) {
		struct backend *b = &s->backends[i];
		check_subdomain(s, b);
		for (size_t j = 0; j < b->npes; j++) {
			struct pe *pe = &b->pes[j];
			struct subnet *sn = pe->subnet;
			if (sn && sn->delegation) {
				diag_report(pe->subnet_pos, VN315, "private "
				    "endpoint '%s' is in subnet '%s', which is "
				    "delegated to %s; a delegated subnet cannot "
				    "hold private endpoints: use another subnet",
				    tmpl_eval(s, &pe->name), sn->key,
				    sn->delegation);
				diag_note(sn->delegation_pos, "delegation of "
				    "'%s'", sn->key);
			}
			const struct special *sp = sn ? special_of(s, sn) :
			    NULL;
			if (sp)
				diag_report(pe->subnet_pos, VN212, "%s is "
				    "reserved for %s: it cannot hold private "
				    "endpoints", sp->name, sp->service);
			if (!pe->zones_given)
				continue;
			if (pe->nzones > 5)
				diag_report(pe->pos, VN324, "private endpoint "
				    "'%s' lists %zu DNS zones; a zone group "
				    "holds at most 5", tmpl_eval(s, &pe->name),
				    pe->nzones);
			for (size_t k = 1; k < pe->nzones; k++)
				for (size_t l = 0; l < k; l++)
					if (pe->zones[k] == pe->zones[l]) {
						diag_report(pe->pos, VN324,
						    "private endpoint '%s' lists "
						    "zone '%s' twice; a zone group "
						    "takes each zone once",
						    tmpl_eval(s, &pe->name),
						    pe->zones[k]->name);
						break;
					}
			if (b->type && pe->group)
				check_given_zones(s, b, pe);
		}
	}
}

/* -------------------------------------- App Service integration (VN3xx) */

struct integ {
	struct app *app;
	struct subnet *sn;
	struct farm *farm;
	size_t order;
};

static int
by_subnet(const void *a, const void *b)
{
	const struct integ *x = a, *y = b;

	if (x->sn != y->sn)
		return x->sn < y->sn ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int
by_farm(const void *a, const void *b)
{
	const struct integ *x = a, *y = b;

	if (x->farm != y->farm)
		return x->farm < y->farm ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The plan's tier, if its SKU is given and known. */
static const char *
tier_of(const struct farm *f)
{
	return f && f->sku ? restype_sku_tier(f->sku) : NULL;
}

/* The delegation an app's integration subnet needs: Flex Consumption
 * apps integrate through Microsoft.App/environments
 * (learn.microsoft.com/azure/azure-functions/flex-consumption-plan,
 * "Considerations"), every other plan through Microsoft.Web/serverFarms.
 * A plan without sku: is taken to be App Service's. */
static const char *
integration_delegation(const struct farm *f)
{
	const char *tier = tier_of(f);

	return tier && strcmp(tier, "FlexConsumption") == 0 ?
	    "Microsoft.App/environments" : "Microsoft.Web/serverFarms";
}

/* The longest IPv4 prefix whose usable addresses reach need. */
static int
len_for(uint64_t need)
{
	int len = 29;

	while (len > 2 && v4size(len) - 5 < need)
		len--;
	return len;
}

/* Whether plan f's SKU has regional VNet integration: not Free, Shared,
 * Consumption (Y1) nor an App Service Environment's (VN320 says why;
 * check_integration_plan). An unknown SKU is given the benefit. */
static bool
farm_integrates(const struct farm *f)
{
	const char *tier = tier_of(f);

	return !tier || !(!strcmp(tier, "Free") || !strcmp(tier, "Shared") ||
	    !strcmp(tier, "Dynamic") || !strncmp(tier, "Isolated", 8));
}

/* One integration subnet and the apps (v[0..n), sorted by spec order)
 * that use it: delegation, family, capacity, sharing, region. */
static void
check_integration_subnet(struct spec *s, struct integ *v, size_t n)
{
	struct subnet *sn = v[0].sn;
	const struct special *sp = special_of(s, sn);
	char a[CIDR_STRLEN];

	for (size_t i = 0; i < n; i++) {
		struct app *ap = v[i].app;
		if (sp)
			diag_report(ap->subnet_pos, VN212, "%s is reserved for "
			    "%s: app '%s' cannot integrate with it", sp->name,
			    sp->service, ap->key);
		const char *need = integration_delegation(v[i].farm);
		/* a plan with no integration at all: VN320 alone, as no
		 * delegation would make the app integrate */
		bool integ = farm_integrates(v[i].farm);
		if (integ && !sn->delegation) {
			diag_report(ap->subnet_pos, VN316, "app '%s' integrates "
			    "with subnet '%s', which is not delegated; add "
			    "'delegation: %s' to it (az adds it, an ARM "
			    "deployment fails without it)", ap->key, sn->key,
			    need);
			diag_note(sn->pos, "subnet '%s' is declared here",
			    sn->key);
		} else if (integ && !streqi(sn->delegation, need)) {
			diag_report(ap->subnet_pos, VN316, "app '%s' integrates "
			    "with subnet '%s', which is delegated to %s; %s "
			    "needs a subnet delegated to %s", ap->key, sn->key,
			    sn->delegation, strcmp(need,
			    "Microsoft.Web/serverFarms") ? "a Flex Consumption "
			    "app" : "App Service", need);
			diag_note(sn->delegation_pos, "delegation of '%s'",
			    sn->key);
		}
		struct farm *f = v[i].farm;
		if (f && f->location.nsegs && sn->vnet->location.nsegs) {
			const char *fl = tmpl_eval(s, &f->location);
			const char *vl = tmpl_eval(s, &sn->vnet->location);
			if (*fl && *vl && !region_same(fl, vl)) {
				diag_report(ap->subnet_pos, VN319, "app '%s' on "
				    "plan '%s' (%s) integrates with vnet '%s' "
				    "in %s; regional VNet integration needs the "
				    "VNet in the plan's region", ap->key, f->key,
				    fl, sn->vnet->key, vl);
				if (f->location.segs == s->location.segs)
					diag_note(f->pos, "plan '%s' is in the "
					    "spec's location; set its "
					    "'location:' if it is elsewhere",
					    f->key);
				else
					diag_note(f->location.pos, "location "
					    "of plan '%s'", f->key);
			}
		}
	}
	/* An IPv6-only subnet is VN209 already. */
	const struct prefix *p = smallest_v4(sn);
	if (!p)
		return;
	cidr_format(&p->c, a);
	/* The distinct plans (v is in spec order; a plan counts once). */
	struct farm **plans = xmalloc(n * sizeof(*plans));
	size_t nplans = 0, instances = 0;
	bool known = true;
	for (size_t i = 0; i < n; i++) {
		struct farm *f = v[i].farm;
		bool dup = !f;
		for (size_t k = 0; k < nplans && !dup; k++)
			dup = plans[k] == f;
		if (dup)
			continue;
		plans[nplans++] = f;
		instances += (size_t)f->instances;
		known &= f->instances > 0;
	}
	/* Several plans in one subnet (MPSJ): /26 at least
	 * (docs/azure-notes.md 2.2; Azure's error text quoted). */
	if (nplans > 1 && p->c.len > 26) {
		diag_report(p->pos, VN318, "subnet '%s' %s is shared by %zu App "
		    "Service plans; Azure needs /26 or larger for that "
		    "(\"Minimum subnet size allowed for joining multiple App "
		    "Service Plans to same subnet is /26\")", sn->key, a,
		    nplans);
		for (size_t i = 0; i < n; i++)
			if (v[i].farm)
				diag_note(v[i].app->subnet_pos, "plan '%s' "
				    "joins through app '%s'", v[i].farm->key,
				    v[i].app->key);
	} else if (p->c.len <= 28) {
		/* One address per instance, two while scaling
		 * (docs/azure-notes.md 2.2). Below /28 VN313 has spoken. */
		uint64_t usable = cidr_azure_usable(&p->c);
		if (known && nplans && 2 * (uint64_t)instances > usable) {
			struct buf who = {0};
			if (nplans == 1)
				buf_printf(&who, "plan '%s' at %d instance%s "
				    "needs", plans[0]->key, plans[0]->instances,
				    plans[0]->instances > 1 ? "s" : "");
			for (size_t k = 0; nplans > 1 && k < nplans; k++)
				buf_printf(&who, "%s'%s' (%d)%s", k ? ", " :
				    "plans ", plans[k]->key,
				    plans[k]->instances, k + 1 < nplans ? "" :
				    " together need");
			diag_report(p->pos, VN317, "subnet '%s' %s has %llu "
			    "usable addresses (%llu minus the 5 Azure "
			    "reserves); %s %zu x 2 = %zu while scaling (one "
			    "address per instance, twice during scale "
			    "operations); use a /%d or larger", sn->key, a,
			    (unsigned long long)usable,
			    (unsigned long long)cidr_size(&p->c),
			    buf_str(&who), instances, 2 * instances,
			    len_for(2 * (uint64_t)instances));
			buf_free(&who);
		} else if (!known && p->c.len > 26) {
			diag_report(p->pos, VN317, "subnet '%s' %s has %llu "
			    "usable addresses: enough for %llu instances while "
			    "scaling (one address per instance, twice during "
			    "scale operations); Microsoft recommends /26 (59 "
			    "usable, 29 instances); set 'instances:' on the "
			    "plan to check its real need", sn->key, a,
			    (unsigned long long)usable,
			    (unsigned long long)(usable / 2));
		}
	}
	free(plans);
}

/* Per plan: a SKU that has VNet integration, at most two integration
 * subnets (docs/azure-notes.md 2.1, 2.3). v[0..n) are its apps. */
static void
check_integration_plan(struct integ *v, size_t n)
{
	struct farm *f = v[0].farm;
	const char *tier = tier_of(f);

	/* Free and Shared have no VNet integration; nor has the
	 * Consumption plan (Y1), unlike Flex Consumption (FC1), which has
	 * (learn.microsoft.com/azure/azure-functions/
	 * functions-networking-options, the table of features by plan). */
	if (tier && (!strcmp(tier, "Free") || !strcmp(tier, "Shared")))
		diag_report(f->sku_pos, VN320, "plan '%s' SKU %s (%s) has no "
		    "regional VNet integration, which app '%s' needs; use "
		    "Basic (B1) or higher", f->key, f->sku, tier,
		    v[0].app->key);
	else if (tier && !strcmp(tier, "Dynamic"))
		diag_report(f->sku_pos, VN320, "plan '%s' SKU %s (Consumption) "
		    "has no VNet integration, which app '%s' needs; move the "
		    "app to a Flex Consumption (FC1) or Elastic Premium "
		    "(EP1-EP3) plan", f->key, f->sku, v[0].app->key);
	else if (tier && !strncmp(tier, "Isolated", 8))
		diag_report(f->sku_pos, VN320, "plan '%s' SKU %s (%s) runs in "
		    "an App Service Environment, which is inside a VNet "
		    "already; regional VNet integration does not apply: "
		    "remove vnet_integration from app '%s'", f->key, f->sku,
		    tier, v[0].app->key);
	/* Two virtual interfaces per worker: two subnets per plan. */
	const struct subnet *seen[2] = {NULL, NULL};
	size_t nseen = 0;
	for (size_t i = 0; i < n; i++) {
		const struct subnet *sn = v[i].sn;
		if ((nseen > 0 && seen[0] == sn) || (nseen > 1 && seen[1] == sn))
			continue;
		if (nseen < 2) {
			seen[nseen++] = sn;
			continue;
		}
		diag_report(v[i].app->subnet_pos, VN321, "plan '%s' would have "
		    "a third VNet integration (subnet '%s' through app '%s'); "
		    "a plan has at most two", f->key, sn->key, v[i].app->key);
		diag_note(f->pos, "plan '%s' is declared here", f->key);
		break;
	}
}

/* An Elastic Premium plan vnetc creates bursts to at most what
 * Microsoft's table gives its region and OS (regions.c ep_bursts): above
 * it, its max_elastic_workers promises instances the region does not
 * give one plan. A region the table does not list, or a location that is
 * a parameter without a value, is held to 1-100 only (spec.c). */
static void
check_elastic_bursts(struct spec *s)
{
	for (size_t i = 0; i < s->nfarms; i++) {
		const struct farm *f = &s->farms[i];
		if (!f->cr.is || !f->cr.max_workers_pos.line ||
		    !f->location.nsegs)
			continue;
		const char *loc = tmpl_eval(s, &f->location);
		bool linux = f->cr.os && strcmp(f->cr.os, "linux") == 0;
		int most = *loc ? region_ep_max_burst(loc, linux) : -1;
		if (most > 0 && f->cr.max_workers > most)
			diag_report(f->cr.max_workers_pos, VN104, "plan '%s': "
			    "max_elastic_workers: %d, but an Elastic Premium "
			    "plan on %s in %s scales out to %d instances at "
			    "most (Microsoft's Premium plan table, \"Region "
			    "max scale-out\"); write %d or less", f->key,
			    f->cr.max_workers, linux ? "Linux" : "Windows", loc,
			    most, most);
	}
}

static void
check_integrations(struct spec *s)
{
	size_t cap = s->napps, n = 0, order = 0;

	for (size_t i = 0; i < s->napps; i++)
		cap += s->apps[i].nslots;
	struct integ *v = xmalloc((cap + 1) * sizeof(*v));
	/* an app, then its slots: a slot's integration is its own, on its
	 * app's plan, under the same rules */
	for (size_t i = 0; i < s->napps; i++)
		for (size_t j = 0; j <= s->apps[i].nslots; j++, order++) {
			struct app *ap = j ? &s->apps[i].slots[j - 1] :
			    &s->apps[i];
			if (ap->nintegration_refs > 1)
				diag_report(ap->subnet2_pos, VN321, "app '%s' "
				    "lists %zu integration subnets; an app has "
				    "one VNet integration", ap->key,
				    ap->nintegration_refs);
			if (ap->integration)
				v[n++] = (struct integ){ap, ap->integration,
				    ap->farm, order};
		}
	qsort(v, n, sizeof(*v), by_subnet);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && v[j].sn == v[i].sn; j++)
			;
		check_integration_subnet(s, v + i, j - i);
	}
	qsort(v, n, sizeof(*v), by_farm);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && v[j].farm == v[i].farm; j++)
			;
		if (v[i].farm)
			check_integration_plan(v + i, j - i);
	}
	free(v);
}

/* ------------------------------------------- lock-down consistency */

static bool
in_rfc1918(const struct subnet *sn)
{
	for (size_t i = 0; i < sn->nprefixes; i++)
		for (size_t k = 0; k < NELEM(rfc1918); k++)
			if (sn->prefixes[i].ok &&
			    cidr_contains(&rfc1918[k], &sn->prefixes[i].c))
				return true;
	return false;
}

/* Every (zone, VNet) link, sorted, so that "is z linked to vn" is a
 * binary search: a zone shared by thousands of VNets would otherwise make
 * the lock-down check quadratic. */
struct linkidx {
	const struct link **v;
	size_t n;
};

static int
link_cmp(const void *a, const void *b)
{
	const struct link *x = *(const struct link *const *)a;
	const struct link *y = *(const struct link *const *)b;
	uintptr_t xz = (uintptr_t)x->zone, yz = (uintptr_t)y->zone;
	uintptr_t xv = (uintptr_t)x->vnet, yv = (uintptr_t)y->vnet;

	if (xz != yz)
		return xz < yz ? -1 : 1;
	return xv < yv ? -1 : xv > yv;
}

static bool
linked(const struct linkidx *li, const struct zone *z, const struct vnet *vn)
{
	struct link key = {.zone = (struct zone *)z,
	    .vnet = (struct vnet *)vn};
	const struct link *kp = &key;

	return li->n && bsearch(&kp, li->v, li->n, sizeof(*li->v),
	    link_cmp) != NULL;
}

/* Does zone z answer in vn: linked to it by a link the spec makes, or,
 * for a central zone whose links the platform owns, vn is one the
 * platform links (dns: linked_vnets)? */
static bool
visible(const struct linkidx *li, const struct spec *s, const struct zone *z,
    const struct vnet *vn)
{
	if (linked(li, z, vn))
		return true;
	if (z->central && s->dns.platform)
		for (size_t i = 0; i < s->dns.nlinked_vnets; i++)
			if (s->dns.linked_vnets[i].target == vn)
				return true;
	return false;
}

/* ... or in the VNet vn's DNS servers resolve through (resolves_through:
 * its resolver asks Azure DNS there, which answers from the zones linked
 * to that VNet). */
static bool
resolvable(const struct linkidx *li, const struct spec *s,
    const struct zone *z, const struct vnet *vn)
{
	const struct vnet *r = vn->resolves_through.target;

	return visible(li, s, z, vn) || (r && visible(li, s, z, r));
}

/* The first zone of pe not resolvable from vn, or NULL. */
static const struct zone *
unlinked_zone(const struct linkidx *li, const struct spec *s,
    const struct pe *pe, const struct vnet *vn)
{
	for (size_t k = 0; k < pe->nzones; k++)
		if (!resolvable(li, s, pe->zones[k], vn))
			return pe->zones[k];
	return NULL;
}

static const char *const access_words[] = {"", "enabled", "deny",
    "disabled"};

/* App ap calls back end b, which refuses public traffic: some private
 * endpoint of b must be reachable from ap's integration VNet (same VNet
 * or peered, through Route All or an RFC 1918 address) and every zone of
 * that endpoint linked to that VNet; otherwise the app resolves or routes
 * to the public address and is refused: the tutorial's HTTP 500. */
/* What b is in a message: an app's own (its public_access:, spec.c
 * app_self) or a back end. */
static const char *
who(const struct backend *b)
{
	return b->self_app ? "app" : "back end";
}

/* Without "uses:" an app is taken to call every back end: say how to
 * narrow that, after a VN326. */
static void
uses_note(const struct app *ap, const struct backend *b)
{
	if (!ap->has_uses)
		diag_note(ap->pos, "app '%s' is taken to call every back end; "
		    "if it does not call '%s', list those it calls under "
		    "'uses:'", ap->key, b->key);
}

/* App ap reaches endpoint pe of b from vn, but some zone of pe answers
 * neither there nor where vn resolves through: the app resolves the
 * public address (VN326). Custom DNS servers with no resolves_through
 * may answer it; vnetc cannot tell (VN352). */
static void
unresolved(const struct linkidx *li, const struct spec *s,
    const struct app *ap, const struct backend *b, const struct pe *pe,
    const struct vnet *vn)
{
	const char *lock = access_words[b->access];
	const struct zone *z = unlinked_zone(li, s, pe, vn);
	bool platform = z->central && s->dns.platform;

	if (vn->ndns_servers && !vn->resolves_through.name) {
		diag_report(b->access_pos, VN352, "%s '%s' refuses public "
		    "traffic (public_access: %s); app '%s' resolves it through "
		    "the custom DNS servers of vnet '%s', which vnetc cannot "
		    "follow: make sure they answer from zone '%s' (forward to "
		    "a resolver in a VNet linked to it), and say so with "
		    "resolves_through: on the VNet", who(b), b->key, lock, ap->key,
		    vn->key, z->name);
		diag_note(vn->dns_servers_pos, "DNS servers of vnet '%s'",
		    vn->key);
		return;
	}
	if (platform)
		diag_report(b->access_pos, VN326, "%s '%s' refuses public "
		    "traffic (public_access: %s), but the platform links the "
		    "central zone '%s' of its private endpoint (dns: links: "
		    "platform) to none of the VNets that vnet '%s', where app "
		    "'%s' is integrated, resolves through: the app resolves the "
		    "public address and is refused; add '%s' to dns: "
		    "linked_vnets if the platform links it, or give it "
		    "resolves_through: a linked VNet", who(b), b->key, lock, z->name,
		    vn->key, ap->key, vn->key);
	else
		diag_report(b->access_pos, VN326, "%s '%s' refuses public "
		    "traffic (public_access: %s), but zone '%s' of its private "
		    "endpoint is not linked to vnet '%s', where app '%s' is "
		    "integrated, so the app resolves the public address and is "
		    "refused; add 'dns_links: [%s]' to the endpoint", who(b), b->key,
		    lock, z->name, vn->key, ap->key, vn->key);
	diag_note(pe->pos, "private endpoint of '%s'", b->key);
	uses_note(ap, b);
}

static void
check_reach(const struct linkidx *li, const struct spec *s, struct app *ap,
    struct backend *b)
{
	const char *lock = access_words[b->access];

	if (!ap->integration) {
		diag_report(b->access_pos, VN326, "%s '%s' refuses public "
		    "traffic (public_access: %s), but app '%s' has no "
		    "vnet_integration, so it can reach '%s' only publicly and "
		    "fails; integrate the app with a VNet that has an endpoint "
		    "of '%s'", who(b), b->key, lock, ap->key, b->key, b->key);
		diag_note(ap->pos, "app '%s' is declared here", ap->key);
		uses_note(ap, b);
		return;
	}
	/* a firewall VNet rule for the app's integration subnet lets it in
	 * by the subnet's service endpoint (VN393 checks it has one):
	 * "configure service endpoints against the integration subnet"
	 * (learn.microsoft.com/azure/app-service/overview-vnet-integration,
	 * "Service endpoints"); deny keeps the public endpoint for it */
	for (size_t i = 0; b->access == ACCESS_DENY && i < b->fw.nsubnets;
	    i++)
		if (b->fw.subnets && b->fw.subnets[i] == ap->integration)
			return;
	struct vnet *vn = ap->integration->vnet;
	if (!b->npes) {
		diag_report(b->access_pos, VN326, "%s '%s' refuses public "
		    "traffic (public_access: %s), but has no private endpoint, "
		    "so app '%s' cannot reach it; add a private endpoint in "
		    "vnet '%s'", who(b), b->key, lock, ap->key, vn->key);
		diag_note(ap->subnet_pos, "app '%s' is integrated here",
		    ap->key);
		uses_note(ap, b);
		return;
	}
	const struct pe *near = NULL, *routed = NULL;
	for (size_t i = 0; i < b->npes; i++) {
		const struct pe *pe = &b->pes[i];
		if (!pe->subnet || !pe->nzones)
			return; /* reported elsewhere: no verdict */
		if (pe->subnet->vnet != vn && !peered(pe->subnet->vnet, vn))
			continue;
		if (!near)
			near = pe;
		if (!ap->route_all && !in_rfc1918(pe->subnet))
			continue;
		if (!routed)
			routed = pe;
		if (!unlinked_zone(li, s, pe, vn))
			return; /* reachable and resolvable */
	}
	if (!near) {
		diag_report(b->access_pos, VN326, "%s '%s' refuses public "
		    "traffic (public_access: %s), but none of its private "
		    "endpoints is in vnet '%s', where app '%s' is integrated, "
		    "or in a vnet peered with it; add an endpoint there or "
		    "declare the peering", who(b), b->key, lock, vn->key, ap->key);
		diag_note(ap->subnet_pos, "app '%s' is integrated here",
		    ap->key);
		uses_note(ap, b);
	} else if (!routed) {
		diag_report(b->access_pos, VN326, "%s '%s' refuses public "
		    "traffic (public_access: %s), but app '%s' has route_all: "
		    "false, so only RFC 1918 traffic enters its VNet, and the "
		    "endpoint subnet '%s' is not in RFC 1918; set route_all: "
		    "true", who(b), b->key, lock, ap->key, near->subnet->key);
		diag_note(near->pos, "private endpoint of '%s'", b->key);
		uses_note(ap, b);
	} else {
		unresolved(li, s, ap, b, routed, vn);
	}
}

/* The endpoint of b with group id g that app ap reaches from vn and
 * resolves there, if any. */
static bool
reaches_group(const struct linkidx *li, const struct spec *s,
    const struct app *ap, const struct backend *b, const struct vnet *vn,
    const char *g)
{
	for (size_t i = 0; i < b->npes; i++) {
		const struct pe *pe = &b->pes[i];
		if (!pe->group || !streqi(pe->group, g) || !pe->subnet ||
		    (pe->subnet->vnet != vn && !peered(pe->subnet->vnet, vn)) ||
		    (!ap->route_all && !in_rfc1918(pe->subnet)))
			continue;
		if (!unlinked_zone(li, s, pe, vn))
			return true;
	}
	return false;
}

/* A function app vnetc creates whose host storage refuses public
 * traffic: the host reaches Blob (its keys, triggers' state) and, on
 * Elastic Premium, Files (its content share) only through endpoints of
 * those group ids, from its integration VNet (VN368); Queue and Table
 * serve Durable Functions and some triggers (VN369): "the storage
 * account must have private endpoints for the file and blob
 * subresources. For Durable Functions, you must also make queue and
 * table subresources accessible through private endpoints"
 * (learn.microsoft.com/azure/azure-functions/configure-networking-how-to). */
static void
check_host_storage(const struct linkidx *li, const struct spec *s,
    const struct app *ap)
{
	const struct backend *b = ap->storage.target;

	if (!b || !ap->cr.is || !ap->cr.function || (b->access !=
	    ACCESS_DENY && b->access != ACCESS_DISABLED))
		return;
	const char *lock = access_words[b->access];
	/* "You can't use a network-secured storage account when your
	 * function app is hosted in the Consumption plan"
	 * (learn.microsoft.com/azure/azure-functions/storage-considerations) */
	if (restype_sku_is(ap->farm ? ap->farm->sku : NULL, "Dynamic")) {
		diag_report(ap->storage.pos, VN368, "app '%s': host storage "
		    "'%s' refuses public traffic (public_access: %s), but a "
		    "Consumption app (plan '%s', %s) reaches no VNet, so its "
		    "host cannot reach it and does not start; put the app on "
		    "a Flex Consumption (FC1) or Elastic Premium plan "
		    "integrated with a VNet where '%s' has endpoints", ap->key,
		    b->key, lock, ap->farm->key, ap->farm->sku, b->key);
		diag_note(b->access_pos, "public access of '%s'", b->key);
		return;
	}
	if (!ap->integration) {
		diag_report(ap->storage.pos, VN368, "app '%s': host storage "
		    "'%s' refuses public traffic (public_access: %s), but the "
		    "app has no vnet_integration, so its host cannot reach "
		    "it and does not start; integrate the app with a VNet "
		    "where '%s' has endpoints", ap->key, b->key, lock, b->key);
		return;
	}
	const struct vnet *vn = ap->integration->vnet;
	struct buf miss = {0};
	for (int k = 0; k < 2; k++) {
		const char *g = k ? "file" : "blob";
		/* Flex Consumption's package is a blob container */
		if (k && (!ap->cr.share || body_flex(ap)))
			continue;
		if (reaches_group(li, s, ap, b, vn, g))
			continue;
		diag_report(ap->storage.pos, VN368, "app '%s': host storage "
		    "'%s' refuses public traffic (public_access: %s), but has "
		    "no '%s' endpoint that the app reaches from vnet '%s' "
		    "(with its zone linked there): the host %s and does not "
		    "start; add '{subnet: ..., group_id: %s}' to its "
		    "private_endpoints", ap->key, b->key, lock, g, vn->key,
		    k ? "cannot mount its content share (Azure Files)" :
		    "cannot read its keys and state (Blob)", g);
		diag_note(b->access_pos, "public access of '%s'", b->key);
	}
	for (int k = 0; k < 2; k++) {
		const char *g = k ? "table" : "queue";
		if (!reaches_group(li, s, ap, b, vn, g))
			buf_printf(&miss, "%s'%s'", miss.len ? " and " : "", g);
	}
	if (miss.len)
		diag_report(ap->storage.pos, VN369, "app '%s': host storage "
		    "'%s' refuses public traffic and has no endpoint for %s "
		    "that the app reaches from vnet '%s': Durable Functions and "
		    "triggers that keep state in queues or tables fail; add "
		    "them, or silence VN369 with the reason", ap->key, b->key,
		    buf_str(&miss), vn->key);
	buf_free(&miss);
}

/* An app's own inbound private endpoints on a Consumption plan (Y1),
 * which has none: "Inbound private endpoints" is a feature of Flex
 * Consumption, Elastic Premium and Dedicated plans only
 * (learn.microsoft.com/azure/azure-functions/functions-networking-options,
 * the table of features by plan). */
static void
check_consumption_endpoints(const struct spec *s)
{
	for (size_t i = 0; i < s->nbackends; i++) {
		const struct backend *b = &s->backends[i];
		if (!b->self_app || !b->npes)
			continue;
		const struct app *ap = &s->apps[b->self_app - 1];
		const struct farm *f = ap->farm;
		if (!f || !restype_sku_is(f->sku, "Dynamic"))
			continue;
		diag_report(b->pes[0].pos, VN388, "app '%s': plan '%s' (%s, "
		    "Consumption) has no inbound private endpoints; put the "
		    "app on a Flex Consumption (FC1), Elastic Premium or App "
		    "Service plan, or remove its private_endpoints", ap->key,
		    f->key, f->sku);
		diag_note(f->sku_pos, "SKU of plan '%s'", f->key);
	}
}

/* A Flex Consumption plan hosts one app: "Function apps per plan" is 1
 * on Flex Consumption (learn.microsoft.com/azure/azure-functions/
 * functions-scale, "Service limits"). */
static void
check_flex_apps(const struct spec *s)
{
	for (size_t i = 0; i < s->napps; i++) {
		const struct app *ap = &s->apps[i];
		if (!ap->farm || !restype_sku_is(ap->farm->sku,
		    "FlexConsumption"))
			continue;
		for (size_t j = 0; j < i; j++) {
			if (s->apps[j].farm != ap->farm)
				continue;
			diag_report(ap->farm_pos, VN389, "app '%s': plan '%s' "
			    "(%s) hosts app '%s' already, and a Flex Consumption "
			    "plan hosts one app; give '%s' a plan of its own",
			    ap->key, ap->farm->key, ap->farm->sku,
			    s->apps[j].key, ap->key);
			diag_note(s->apps[j].farm_pos, "app '%s' on plan '%s'",
			    s->apps[j].key, ap->farm->key);
			break;
		}
	}
}

static void
check_lockdown(struct spec *s)
{
	struct linkidx li = {xmalloc((s->nlinks + 1) * sizeof(*li.v)),
	    s->nlinks};

	for (size_t i = 0; i < s->nlinks; i++)
		li.v[i] = &s->links[i];
	qsort(li.v, li.n, sizeof(*li.v), link_cmp);
	check_consumption_endpoints(s);
	check_flex_apps(s);
	for (size_t i = 0; i < s->napps; i++) {
		struct app *ap = &s->apps[i];
		if (ap->subnet_ref && !ap->integration)
			continue; /* VN302 */
		size_t n = ap->has_uses ? ap->nuses : s->nbackends;
		for (size_t j = 0; j < n; j++) {
			struct backend *b = ap->has_uses ? ap->uses[j].target :
			    &s->backends[j];
			/* an app does not call itself, and calls another
			 * app only when its uses: says so */
			if (b && (b->access == ACCESS_DENY ||
			    b->access == ACCESS_DISABLED) &&
			    b->self_app != i + 1 && (ap->has_uses ||
			    !b->self_app))
				check_reach(&li, s, ap, b);
		}
		check_host_storage(&li, s, ap);
	}
	free(li.v);
}

/* ------------------------------------- central zones and scopes (VN35x) */

/* Where the dns: block would put zone name: its id's position, or the
 * zones' group's; NULL when no central zone has that name. */
static const struct pos *
central_for(const struct spec *s, const char *name)
{
	const struct dns *d = &s->dns;

	for (size_t k = 0; k < d->nids; k++)
		if (streqi(d->id_names[k], name))
			return &d->ids[k].pos;
	return d->scope ? &d->zones_pos : NULL;
}

/* A zone of the spec's own, which the dns: block does not name
 * (central_pos unset), where the endpoint says its zones are central.
 * VN358: a policy's zone group points at the platform's central zones,
 * never at a zone vnetc would make in the spec's group: with no dns:
 * block naming them, vnetc would make and link a second zone of the name
 * (the split brain VN350 is for) that the policy's group never uses.
 * VN359: a dns: block that names zones by id only and not this one;
 * docs/spec.md says every endpoint then uses central zones and creates
 * none, so a local zone made silently would split DNS too. */
static void
dns_unnamed(struct spec *s, const struct pe *pe, const char *pename,
    const struct zone *z)
{
	if (z->central_pos.line || pe->zones_local)
		return;
	if (pe->zg_policy) {
		diag_report(pe->zg_pos.line ? pe->zg_pos : s->dns.zg_pos,
		    VN358, "private endpoint '%s' leaves its zone group to a "
		    "policy (zone_group: policy), but %s zone '%s': a policy's "
		    "zone group writes the records into the platform's central "
		    "zone, while vnetc would make a zone of that name in the "
		    "spec's group and link it to the VNet, which then answers "
		    "from that empty zone (split-brain DNS); name the "
		    "central zones in a dns: block (dns: zones: "
		    "{subscription, resource_group} or ids), or write "
		    "zone_group: create", pename, s->dns.given ? "the dns: "
		    "block does not name its" : "no dns: block names its",
		    z->name);
		return;
	}
	if (!s->dns.given || s->dns.refused_any)
		return;
	for (size_t i = 0; i < s->dns.nrefused; i++)
		if (streqi(s->dns.refused[i], z->name))
			return; /* its id was refused (VN110) */
	diag_report(pe->pos, VN359, "private endpoint '%s' needs zone '%s', "
	    "which the dns: block's zones do not name: vnetc would make a "
	    "zone of the spec's own beside the central ones; add the central "
	    "zone's id to dns: zones: ids (or give zones: a resource_group "
	    "that holds it), or write zone_scope: local to keep this "
	    "endpoint's zones in the spec's group", pename, z->name);
	diag_note(s->dns.zones_pos.line ? s->dns.zones_pos : s->dns.pos,
	    "the dns: block");
}

/* VN350: an endpoint keeps its zones local (zone_scope: local) where the
 * dns: block has a central zone of the name: two zones of one name, the
 * other VNets resolving from the central one and this endpoint's records
 * only in the local one ("works in one VNet, resolves the public address
 * in another"); and Azure refuses to link one VNet to both ("A virtual
 * network cannot be linked to multiple zones with overlapping
 * namespaces"). VN351: a policy makes the zone group from one zone. */
static void
check_central(struct spec *s)
{
	for (size_t i = 0; i < s->nbackends; i++)
		for (size_t j = 0; j < s->backends[i].npes; j++) {
			struct pe *pe = &s->backends[i].pes[j];
			const char *pename = tmpl_eval(s, &pe->name);
			for (size_t k = 0; pe->zones_local && k < pe->nzones;
			    k++) {
				const struct pos *c = central_for(s,
				    pe->zones[k]->name);
				if (!c)
					continue;
				diag_report(pe->zones_local_pos, VN350, "private "
				    "endpoint '%s' keeps zone '%s' in the spec's "
				    "group (zone_scope: local) while the dns: "
				    "block's central zone of that name serves the "
				    "other VNets: split-brain DNS, its records in "
				    "one zone and the others' in the other; use "
				    "the central zone (remove zone_scope)",
				    pename, pe->zones[k]->name);
				diag_note(*c, "the central zone '%s'",
				    pe->zones[k]->name);
			}
			for (size_t k = 0; k < pe->nzones; k++)
				dns_unnamed(s, pe, pename, pe->zones[k]);
			if (pe->zg_policy && pe->nzones > 1)
				diag_report(pe->zg_pos.line ? pe->zg_pos :
				    s->dns.zg_pos, VN351, "private endpoint '%s' "
				    "needs %zu zones (%s, ...), but a policy's "
				    "zone group holds the one zone its assignment "
				    "names (Azure's built-in Cognitive Services "
				    "policy adds only privatelink.cognitiveservices."
				    "azure.com): names in the others resolve "
				    "publicly unless the platform assigns a policy "
				    "per zone; or write zone_group: create",
				    pename, pe->nzones, pe->zones[0]->name);
		}
}


/* A scope's subscription as a message names it. */
static const char *
sub_name(struct spec *s, const struct scope *sc)
{
	if (sc->sub.nsegs == 1 && sc->sub.segs[0].param == s->runsub)
		return "the subscription the run targets";
	return arena_printf(&s->arena, "subscription %s", tmpl_eval(s,
	    &sc->sub));
}

/* Are a and b in one subscription, as far as vnetc can tell? A scope
 * refused by VN109 stands in for its object: nothing more is said of it. */
static bool
same_sub(struct spec *s, const struct scope *a, const struct scope *b)
{
	return a->bad || b->bad || streqi(tmpl_eval(s, &a->sub),
	    tmpl_eval(s, &b->sub));
}

/* VN353-VN356: what a VNet and a peering say about DNS and scopes that
 * vnetc can only half check. */
static void
check_vnet_scopes(struct spec *s)
{
	for (size_t i = 0; i < s->nvnets; i++) {
		struct vnet *vn = &s->vnets[i];
		const struct vnet *r = vn->resolves_through.target;
		if (r && !peered(vn, r))
			diag_report(vn->resolves_through.pos, VN353, "vnet '%s' "
			    "resolves through vnet '%s', but the two are not "
			    "peered: its DNS servers must reach the resolver "
			    "there some other way (a VPN, a virtual WAN), which "
			    "vnetc cannot see; peer them (peerings: [%s])",
			    vn->key, r->key, r->key);
		if (r && !vn->existing && !vn->ndns_servers)
			diag_report(vn->resolves_through.pos, VN354, "vnet '%s' "
			    "resolves through vnet '%s', but has no "
			    "dns_servers: vnetc creates it with Azure's DNS, "
			    "which answers only from the zones linked to '%s'; "
			    "set dns_servers: to the resolver's (or the "
			    "firewall's) address in '%s'", vn->key, r->key,
			    vn->key, r->key);
		for (size_t j = 0; j < vn->npeerings; j++) {
			const struct vnet *w = vn->peerings[j].target;
			if (w && (w->existing || vn->existing) &&
			    !(w->existing ? w : vn)->nspace)
				diag_report(vn->peerings[j].pos, VN356, "vnet "
				    "'%s' exists and its address_space is not "
				    "given: vnetc cannot check that it does not "
				    "overlap vnet '%s' (VN214); write its "
				    "address_space", (w->existing ? w :
				    vn)->key, (w->existing ? vn : w)->key);
		}
	}
	/* Microsoft.Web must be registered in the VNet's subscription
	 * (learn.microsoft.com/azure/app-service/
	 * configure-vnet-integration-enable) */
	for (size_t i = 0; i < s->napps; i++) {
		struct app *ap = &s->apps[i];
		if (!ap->integration || !ap->scope)
			continue;
		const struct scope *vs = ap->integration->vnet->scope;
		if (same_sub(s, vs, ap->scope))
			continue;
		diag_report(ap->subnet_pos, VN355, "app '%s' (in %s) integrates "
		    "with a subnet of vnet '%s' in %s: that subscription must "
		    "have the Microsoft.Web resource "
		    "provider registered (az provider register --namespace "
		    "Microsoft.Web --subscription ...), or the integration "
		    "fails", ap->key, sub_name(s, ap->scope),
		    ap->integration->vnet->key, sub_name(s, vs));
	}
}

/* The subscription a resource id names (arena), or NULL when the id is
 * not all literal (a ${param} vnetc cannot read at compile time). */
static const char *
id_sub(struct spec *s, const struct tmpl *id)
{
	for (size_t i = 0; i < id->nsegs; i++)
		if (!id->segs[i].lit)
			return NULL;
	const char *v = tmpl_eval(s, id), *p = strchr(v + 1, '/');
	return p ? arena_printf(&s->arena, "%.*s", (int)strcspn(p + 1, "/"),
	    p + 1) : NULL;
}

/* VN104, VN357: an NSG, route table or NAT gateway and the VNets of its
 * subnets. Each "must exist in the same subscription and location as
 * the virtual network" (learn.microsoft.com/azure/virtual-network/
 * virtual-network-manage-subnet, subnet settings; the locations are
 * VN346's). vnetc makes one in its first subnet's VNet's scope; one given
 * by id is where the id says, and is of the id's type. */
static void
check_netres_scope(struct spec *s, const struct netres *r, const char *what,
    const char *type, const char *cmd)
{
	const char *sub = NULL;

	if (r->id.nsegs) {
		const char *id = tmpl_eval(s, &r->id);
		if (!arm_id_is(id, type)) {
			diag_report(r->id.pos, VN104, "%s '%s': '%s' is not the id "
			    "of a %s; it takes /subscriptions/SUB/resourceGroups/"
			    "RG/providers/%s/NAME ('az network %s show --query "
			    "id' prints it)", what, r->key, id, what, type, cmd);
			return;
		}
		sub = id_sub(s, &r->id);
	} else if (r->scope && r->scope->sub.nsegs) {
		sub = tmpl_eval(s, &r->scope->sub);
	}
	for (size_t j = 0; sub && j < r->nsubnets; j++) {
		const struct subnet *sn = r->subnets[j];
		const struct scope *vs = sn->vnet->scope;
		/* the run's own subscription is known only when it runs; a
		 * scope VN109 refused says nothing more (same_sub) */
		if (!vs || vs->bad || (r->scope && r->scope->bad) ||
		    (r->id.nsegs && vs->sub.nsegs == 1 &&
		    vs->sub.segs[0].param == s->runsub) ||
		    streqi(tmpl_eval(s, &vs->sub), sub))
			continue;
		const struct ref *at = sn->nsg && &sn->nsg->r == r ?
		    &sn->nsg_ref : sn->rt && &sn->rt->r == r ? &sn->rt_ref :
		    &sn->nat_ref;
		if (r->id.nsegs)
			diag_report(at->pos, VN357, "subnet '%s' of vnet '%s' (in "
			    "%s) uses %s '%s', whose id puts it in subscription "
			    "%s: Azure attaches a %s only to subnets of VNets in "
			    "its own subscription; attach a %s of %s", sn->key,
			    sn->vnet->key, sub_name(s, vs), what, r->key, sub,
			    what, what, sub_name(s, vs));
		else
			diag_report(at->pos, VN357, "subnet '%s' of vnet '%s' (in "
			    "%s) uses %s '%s', which vnetc makes beside vnet '%s' "
			    "(in %s): Azure attaches a %s only to subnets of "
			    "VNets in its own subscription; give vnet '%s' a %s "
			    "of its own", sn->key, sn->vnet->key, sub_name(s, vs),
			    what, r->key, r->subnets[0]->vnet->key, sub_name(s,
			    r->scope), what, sn->vnet->key, what);
		diag_note(r->pos, "%s '%s'", what, r->key);
	}
}

static void
check_netres_scopes(struct spec *s)
{
	for (size_t i = 0; i < s->nnsgs; i++)
		check_netres_scope(s, &s->nsgs[i]->r, "network security group",
		    "Microsoft.Network/networkSecurityGroups", "nsg");
	for (size_t i = 0; i < s->nrtables; i++)
		check_netres_scope(s, &s->rtables[i]->r, "route table",
		    "Microsoft.Network/routeTables", "route-table");
	for (size_t i = 0; i < s->nnatgws; i++)
		check_netres_scope(s, &s->natgws[i]->r, "NAT gateway",
		    "Microsoft.Network/natGateways", "nat gateway");
}

/* ----------------------------------------------------------------- all */

void
check_spec(struct spec *s)
{
	struct scratch sc = {0};

	for (size_t i = 0; i < s->nvnets; i++)
		assign_sizes(s, &s->vnets[i], &sc);
	for (size_t i = 0; i < s->nvnets; i++) {
		struct vnet *vn = &s->vnets[i];
		size_t nhints = 0;
		check_space(vn, &sc);
		for (size_t j = 0; j < vn->nsubnets; j++) {
			struct subnet *sn = &vn->subnets[j];
			const struct special *sp = special_of(s, sn);
			check_subnet_prefixes(s, vn, sn, sp, &nhints);
			check_delegation(sn, sp);
		}
		check_subnet_overlaps(s, vn, &sc, &nhints);
	}
	check_peerings(s, &sc);
	check_gateway_transit(s);
	check_endpoints(s);
	check_integrations(s);
	check_elastic_bursts(s);
	check_lockdown(s);
	if (s->nscopes) { /* a spec that parsed */
		check_central(s);
		check_vnet_scopes(s);
		check_netres_scopes(s);
	}
	netsec_check(s);
	scratch_free(&sc);
}
