/* netsec.c - subnet security: the resolved, sized model -> the addresses
 * the outputs write (struct addr's all), and diagnostics about NSGs and
 * their rules, route tables and routes, NAT gateways and service
 * endpoints, and how they meet App Service integration, private endpoints
 * and peerings. Owns VN328-VN349 (docs/rules.md); the facts and their
 * sources: docs/azure-notes.md 15. Called by check_spec() once sized
 * subnets have their prefixes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model.h"
#include "regions.h"
#include "servicetags.h"

/* ---------------------------------------------------------------- tables */

/* ORDER PROTO: as ARM spells them (SecurityRulePropertiesFormat). */
static const char *const protos[] = {"*", "Tcp", "Udp", "Icmp", "Esp",
    "Ah"};

/* ORDER HOP: RouteNextHopType. */
static const char *const hops[] = {"VirtualAppliance",
    "VirtualNetworkGateway", "VnetLocal", "Internet", "None"};

/* Service endpoints a subnet may enable (docs/azure-notes.md 15.4):
 * "Virtual Network service endpoints"
 * (learn.microsoft.com/azure/virtual-network/
 * virtual-network-service-endpoints-overview) lists the services; Elastic
 * SAN's networking page adds Microsoft.Storage.Global, the cross-region
 * form of Microsoft.Storage. Names compare without case. */
static const char *const svc_endpoints[] = {
	"Microsoft.AzureActiveDirectory", "Microsoft.AzureCosmosDB",
	"Microsoft.CognitiveServices", "Microsoft.ContainerRegistry",
	"Microsoft.EventHub", "Microsoft.KeyVault", "Microsoft.ServiceBus",
	"Microsoft.Sql", "Microsoft.Storage", "Microsoft.Storage.Global",
	"Microsoft.Web",
};

/* Services that write their own NSG rules (and routes) into the subnet
 * delegated to them, through a network intent policy: an NSG or route
 * table that vnetc owns would fight them (VN336; docs/azure-notes.md
 * 15.5). SQL Managed Instance: "service-aided subnet configuration"
 * (learn.microsoft.com/azure/azure-sql/managed-instance/
 * connectivity-architecture-overview); both: learn.microsoft.com/azure/
 * virtual-network-manager/concept-security-admins, "Nonapplication of
 * security admin rules". */
static const struct {
	const char *service, *what;
	bool rt; /* it writes routes too */
} managed[] = {
	{"Microsoft.Sql/managedInstances", "SQL Managed Instance", true},
	{"Microsoft.Databricks/workspaces", "Azure Databricks", false},
};

/* What Azure's special subnets refuse (VN335) or are better without
 * (VN360): one row per fact, its words quoted in the message; the sources
 * are docs/azure-notes.md 15.5. Names compare without case. */
enum sp_what {
	SP_NSG,           /* any NSG */
	SP_RT,            /* any route table */
	SP_NAT,           /* any NAT gateway */
	SP_DEFAULT,       /* a 0.0.0.0/0 route, whatever its next hop */
	SP_DEFAULT_AWAY,  /* a 0.0.0.0/0 route whose next hop is not Internet */
	SP_ONLY_INTERNET, /* a route other than 0.0.0.0/0 to Internet */
	SP_PROPAGATE_OFF, /* propagate_gateway_routes: false */
	SP_PROPAGATE_ON,  /* gateway routes propagate (false not written) */
};

static const struct {
	const char *subnet;
	enum sp_what what;
	enum rule rule;
	const char *quote;  /* the source's words */
	const char *fix;
	const char *unless; /* a subnet of the same VNet that lifts the row */
} special_rows[] = {
	/* learn.microsoft.com/azure/vpn-gateway/
	 * vpn-gateway-about-vpn-gateway-settings#gwsub */
	{"GatewaySubnet", SP_NSG, VN335, "NSGs on the gateway subnet aren't "
	    "supported", "it may stop the VPN or ExpressRoute gateway; remove "
	    "nsg", NULL},
	/* learn.microsoft.com/azure/nat-gateway/nat-overview */
	{"GatewaySubnet", SP_NAT, VN335, "NAT gateway can't be deployed in a "
	    "gateway subnet", "remove nat_gateway", NULL},
	/* learn.microsoft.com/azure/virtual-network/manage-route-table */
	{"GatewaySubnet", SP_DEFAULT, VN335, "can prevent the gateway from "
	    "functioning properly", "give GatewaySubnet a table without it",
	    NULL},
	/* learn.microsoft.com/azure/virtual-network/virtual-networks-udr-
	 * overview */
	{"GatewaySubnet", SP_PROPAGATE_OFF, VN335, "Route propagation "
	    "shouldn't be disabled on the GatewaySubnet. The gateway will not "
	    "function with this setting disabled", "remove "
	    "propagate_gateway_routes: false", NULL},
	/* learn.microsoft.com/azure/firewall/firewall-faq */
	{"AzureFirewallSubnet", SP_NSG, VN335, "Subnet level NSGs aren't "
	    "required on the AzureFirewallSubnet, and are disabled to ensure "
	    "no service interruption", "remove nsg", NULL},
	/* learn.microsoft.com/azure/firewall/firewall-faq, forced-tunneling */
	{"AzureFirewallSubnet", SP_DEFAULT_AWAY, VN335, "Azure Firewall must "
	    "have direct Internet connectivity", "send 0.0.0.0/0 to Internet, "
	    "or give the VNet an AzureFirewallManagementSubnet for forced "
	    "tunneling", "AzureFirewallManagementSubnet"},
	/* learn.microsoft.com/azure/firewall/management-nic */
	{"AzureFirewallManagementSubnet", SP_NSG, VN360, "All traffic "
	    "required for firewall operational purposes is incorporated into "
	    "the AzureFirewallManagementSubnet", "an NSG there can cut the "
	    "firewall off its management plane; remove nsg", NULL},
	{"AzureFirewallManagementSubnet", SP_ONLY_INTERNET, VN335, "The only "
	    "route allowed on this subnet is a default route to the Internet",
	    "remove the route, or give the subnet no route table", NULL},
	{"AzureFirewallManagementSubnet", SP_PROPAGATE_ON, VN335, "Propagate "
	    "gateway routes must be disabled", "set propagate_gateway_routes: "
	    "false", NULL},
	/* learn.microsoft.com/azure/bastion/bastion-faq#udr; Azure answers
	 * RouteTableCannotBeAttachedForAzureBastionSubnet */
	{"AzureBastionSubnet", SP_RT, VN335, "UDR isn't supported on an Azure "
	    "Bastion subnet", "remove route_table", NULL},
	/* learn.microsoft.com/azure/route-server/route-server-faq */
	{"RouteServerSubnet", SP_NSG, VN335, "Azure Route Server doesn't "
	    "support NSG association to the RouteServerSubnet", "remove nsg",
	    NULL},
	{"RouteServerSubnet", SP_RT, VN335, "Azure Route Server doesn't "
	    "support configuring a UDR on the RouteServerSubnet", "remove "
	    "route_table", NULL},
};

/* The rules an NSG on AzureBastionSubnet must have: the table of
 * learn.microsoft.com/azure/bastion/bastion-nsg ("If you apply an NSG to
 * your Azure Bastion resource, you must create all of the following
 * ingress and egress traffic rules"); Azure refuses an NSG without them
 * (NetworkSecurityGroupNotCompliantForAzureBastionSubnet). The remote
 * side is a service tag or "*"; ips: addresses may stand for the tag
 * (the page: "the source can be either the Internet or a set of public
 * IP addresses"; target VM subnets for VirtualNetwork). Every port is a
 * TCP service: a Tcp or any-protocol rule serves it. */
static const struct {
	const char *name;
	bool outbound;
	const char *remote;
	bool ips;
	unsigned ports[2]; /* 0: none */
} bastion_rules[] = {
	{"AllowHttpsInbound", false, "Internet", true, {443, 0}},
	{"AllowGatewayManagerInbound", false, "GatewayManager", false,
	    {443, 0}},
	{"AllowBastionHostCommunication", false, "VirtualNetwork", true,
	    {8080, 5701}},
	{"AllowAzureLoadBalancerInbound", false, "AzureLoadBalancer", false,
	    {443, 0}},
	{"AllowSshRdpOutbound", true, "VirtualNetwork", true, {22, 3389}},
	{"AllowAzureCloudOutbound", true, "AzureCloud", false, {443, 0}},
	{"AllowBastionCommunication", true, "VirtualNetwork", true,
	    {8080, 5701}},
	{"AllowHttpOutbound", true, "Internet", false, {80, 0}},
};

/* The limits of docs/azure-notes.md 15 that the checks hold a spec to. */
enum {
	PRIO_MIN = 100, PRIO_MAX = 4096, /* security rule priority */
	DESC_MAX = 140,                  /* a rule's description */
	TAG_ROUTES_MAX = 25,             /* service tag routes per table */
	NSG_RULES_MAX = 1000,            /* security rules per NSG */
	ROUTES_MAX = 400,                /* routes per route table */
	NAT_IPS_MAX = 16,                /* public IPs of a Standard NAT gw */
	NAT_IDLE_MIN = 4, NAT_IDLE_MAX = 120, /* TCP idle timeout, minutes */
};

/* RFC 1918: with Route All off, only these enter the VNet from an app
 * (docs/azure-notes.md 2.5). */
static const struct cidr rfc1918[] = {
	{4, {10}, 8}, {4, {172, 16}, 12}, {4, {192, 168}, 16},
};

static const struct cidr default_v4 = {4, {0}, 0};

/* ------------------------------------------------------------- renderings */

const char *
netsec_proto(enum proto p)
{
	return protos[p];
}

const char *
netsec_hop(enum hop h)
{
	return hops[h];
}

void
netsec_prefix_text(const struct prefix *p, char buf[CIDR_STRLEN])
{
	if (p->text && !strchr(p->text, '/'))
		cidr_format_addr(p->c.family, p->c.addr, buf);
	else
		cidr_format(&p->c, buf);
}

void
netsec_port_text(const struct portrange *r, char buf[16])
{
	if (r->lo == r->hi)
		snprintf(buf, 16, "%u", r->lo);
	else
		snprintf(buf, 16, "%u-%u", r->lo, r->hi);
}

/* "10.0.0.0/24, 10.0.1.0/24", "AzureMonitor", "*": for messages and
 * the diagram. Arena-allocated. */
const char *
netsec_addr_text(struct spec *s, const struct addr *a)
{
	struct buf b = {0};
	char t[CIDR_STRLEN];

	if (a->kind == ADDR_ANY)
		buf_puts(&b, "*");
	else if (a->kind == ADDR_TAG)
		buf_puts(&b, a->tag);
	for (size_t i = 0; a->kind == ADDR_PREFIXES && i < a->nall; i++) {
		netsec_prefix_text(&a->all[i], t);
		buf_printf(&b, "%s%s", i ? ", " : "", t);
	}
	const char *r = arena_strdup(&s->arena, buf_str(&b));
	buf_free(&b);
	return r;
}

/* ---------------------------------------------------------- service tags */

/* The tag named name in cloud c's table (without case), or NULL. A
 * cloud without a table of its own knows the documented tags only. */
static const struct svctag *
tag_find(enum cloud c, const char *name)
{
	size_t lo = 0, hi = nsvctags_public;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcasecmp(svctags_public[mid].name, name);
		if (d == 0) {
			const struct svctag *t = &svctags_public[mid];
			return c == CLOUD_PUBLIC || t->flags & ST_DOC ? t :
			    NULL;
		}
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const char *
tag_nearest(const char *name, int *dist)
{
	const char *best = NULL;

	*dist = 255;
	for (size_t i = 0; i < nsvctags_public; i++) {
		int d = edit_distance(svctags_public[i].name, name);
		if (d < *dist)
			*dist = d, best = svctags_public[i].name;
	}
	return best;
}

/* AzureCloud's rows have no UDR feature in the download, but the routing
 * page ranks "AzureCloud regional tags" and "AzureCloud" among the tags a
 * route may hold (docs/azure-notes.md 15.3): the sources disagree, so
 * vnetc lets a route name them. */
static bool
azurecloud(const char *tag)
{
	return strncasecmp(tag, "AzureCloud", 10) == 0 && (!tag[10] ||
	    tag[10] == '.');
}

/* --------------------------------------------------------- addresses */

static bool
vnet_holds(const struct vnet *vn, const struct cidr *c)
{
	for (size_t i = 0; i < vn->nspace; i++)
		if (vn->space[i].ok && cidr_contains(&vn->space[i].c, c))
			return true;
	return false;
}

/* The spec VNet whose address space holds c, or NULL. */
static const struct vnet *
vnet_of(const struct spec *s, const struct cidr *c)
{
	for (size_t i = 0; i < s->nvnets; i++)
		if (vnet_holds(&s->vnets[i], c))
			return &s->vnets[i];
	return NULL;
}

static void
add_prefix(struct spec *s, struct addr *a, const struct prefix *p)
{
	if (!p->ok)
		return;
	for (size_t i = 0; i < a->nall; i++)
		if (cidr_cmp(&a->all[i].c, &p->c) == 0)
			return;
	a->all = arena_grow(&s->arena, a->all, &a->nall, sizeof(*a->all));
	a->all[a->nall - 1] = *p;
}

/* Decide what an address is, say what is wrong with it (VN104, VN329,
 * VN330) and expand its references into all[]. route: a route's prefix,
 * which takes one prefix or one tag that routes may use. */
static void
addr_finish(struct spec *s, struct addr *a, bool route, const char *what)
{
	size_t nother = a->nlits + a->nrefs;

	if (!a->pos.line)
		return;
	if (a->nany) {
		if (route)
			diag_report(a->any_pos, VN104, "%s: a route's prefix is a "
			    "prefix or a service tag; write 0.0.0.0/0 for every "
			    "IPv4 address", what);
		else if (nother || a->ntags || a->nany > 1)
			diag_report(a->any_pos, VN104, "%s: '*' (any address) "
			    "stands alone, not in a list", what);
		else
			a->kind = ADDR_ANY;
		return;
	}
	if (a->ntags > 1 || (a->ntags && nother)) {
		diag_report(a->tag_pos[a->ntags > 1 ? 1 : 0], VN329, "%s: %s; "
		    "Azure takes one service tag alone in an address (\"you "
		    "can't specify multiple service tags\"): write another rule "
		    "for the rest", what, a->ntags > 1 ?
		    "two service tags in one address" :
		    "a service tag beside prefixes");
		return;
	}
	if (a->ntags) {
		const char *t = a->tags[0];
		const struct svctag *st = tag_find(s->cloud, t);
		a->kind = ADDR_TAG;
		a->tag = st ? st->name : t;
		a->st = st;
		if (!st) {
			int d;
			const char *near = s->cloud == CLOUD_PUBLIC ?
			    tag_nearest(t, &d) : NULL;
			if (s->cloud != CLOUD_PUBLIC)
				diag_report(a->tag_pos[0], VN330, "%s: vnetc has "
				    "no copy of the %s cloud's service tag list "
				    "and cannot check '%s'; silence VN330 with a "
				    "reason once you have", what,
				    privatelink_cloud_name(s->cloud), t);
			else if (near && d <= 1 + (int)strlen(t) / 5)
				diag_report(a->tag_pos[0], VN330, "%s: '%s' is "
				    "not a service tag in vnetc's copy of "
				    "Microsoft's list; did you mean '%s'? (a tag "
				    "newer than the list: silence VN330 with a "
				    "reason)", what, t, near);
			else
				diag_report(a->tag_pos[0], VN330, "%s: '%s' is "
				    "not a service tag in vnetc's copy of "
				    "Microsoft's list (a tag newer than the list: "
				    "silence VN330 with a reason)", what, t);
			return;
		}
		unsigned need = route ? ST_UDR : ST_NSG;
		if (st->flags & ST_UNSAID && !(route && azurecloud(st->name))) {
			/* networkFeatures null: the list does not say
			 * (docs/azure-notes.md 15.3) */
			diag_report(a->tag_pos[0], VN330, "%s: Microsoft's list "
			    "has service tag '%s' for its addresses but does not "
			    "say where it may be used (its networkFeatures is "
			    "null); the service tags page lists which services' "
			    "tags are regional: Azure may refuse it %s (if it "
			    "takes it, silence VN330 with a reason)", what,
			    st->name, route ? "in a route" : "in a security "
			    "rule");
			return;
		}
		if (!(st->flags & need) && !(route && azurecloud(st->name)))
			diag_report(a->tag_pos[0], VN329, "%s: service tag '%s' "
			    "cannot be used %s: Microsoft's list gives it %s%s",
			    what, st->name, route ? "in a route (its network "
			    "features lack UDR)" : "in a security rule (its "
			    "network features lack NSG)", st->flags & ST_NSG ?
			    "NSG only" : st->flags & ST_UDR ? "UDR only" :
			    "no network feature", route && st->flags & ST_NSG ?
			    "; match its traffic in an NSG rule instead" : "");
		return;
	}
	a->kind = ADDR_PREFIXES;
	for (size_t i = 0; i < a->nlits; i++)
		add_prefix(s, a, &a->lits[i]);
	for (size_t i = 0; i < a->nrefs; i++) {
		const struct addr_ref *r = &a->refs[i];
		if (r->subnet)
			for (size_t k = 0; k < r->subnet->nprefixes; k++)
				add_prefix(s, a, &r->subnet->prefixes[k]);
		if (r->vn)
			for (size_t k = 0; k < r->vn->nspace; k++)
				add_prefix(s, a, &r->vn->space[k]);
	}
	if (route && (a->nall > 1 || a->nlits + a->nrefs > 1))
		diag_report(a->pos, VN104, "%s: a route has one prefix (this "
		    "names %zu); write a route for each", what, a->nall);
}

/* Does VirtualNetwork certainly hold c for every VNet of vns? The tag is
 * the VNet's address space and its peered VNets' (docs/azure-notes.md
 * 15.1), and more that vnetc cannot see, so this says only "certainly". */
static bool
vnettag_holds(const struct spec *s, struct vnet *const *vns, size_t n,
    const struct cidr *c)
{
	for (size_t i = 0; i < n; i++) {
		bool in = vnet_holds(vns[i], c);
		for (size_t k = 0; !in && k < s->npeerings; k++)
			in = s->peerings[k].vnet == vns[i] &&
			    vnet_holds(s->peerings[k].remote, c);
		if (!in)
			return false;
	}
	return n > 0;
}

/* The VNets an NSG's subnets are in (for VirtualNetwork), into *out. */
static size_t
nsg_vnets(const struct nsg *g, struct vnet **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < g->r.nsubnets && n < max; i++) {
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			seen |= out[k] == g->r.subnets[i]->vnet;
		if (!seen)
			out[n++] = g->r.subnets[i]->vnet;
	}
	return n;
}

/* Certainly a ⊇ b (for the VNets vns, whose VirtualNetwork is the tag's
 * meaning)? False when it cannot tell: no warning on a guess. */
static bool
addr_contains(const struct spec *s, const struct addr *a,
    const struct addr *b, struct vnet *const *vns, size_t nvns)
{
	if (a->kind == ADDR_ANY)
		return true;
	if (b->kind == ADDR_ANY || a->kind == ADDR_NONE || b->kind ==
	    ADDR_NONE)
		return false;
	if (a->kind == ADDR_TAG && b->kind == ADDR_TAG)
		return streqi(a->tag, b->tag);
	if (b->kind == ADDR_TAG)
		return false;
	for (size_t i = 0; i < b->nall; i++) {
		bool in = false;
		if (a->kind == ADDR_TAG)
			in = streqi(a->tag, "VirtualNetwork") &&
			    vnettag_holds(s, vns, nvns, &b->all[i].c);
		for (size_t k = 0; !in && a->kind == ADDR_PREFIXES &&
		    k < a->nall; k++)
			in = cidr_contains(&a->all[k].c, &b->all[i].c);
		if (!in)
			return false;
	}
	return b->nall > 0;
}

/* Do a's ranges together hold lo-hi? No ports (n 0) is every port,
 * and so are 0-65535 and ranges that join up to it. */
static bool
ports_hold(const struct ports *a, unsigned lo, unsigned hi)
{
	unsigned cur = lo;

	if (!a->n)
		return true;
	for (;;) {
		unsigned reach = 0;
		bool found = false;
		for (size_t k = 0; k < a->n; k++)
			if (a->r[k].lo <= cur && cur <= a->r[k].hi &&
			    (!found || a->r[k].hi > reach)) {
				reach = a->r[k].hi;
				found = true;
			}
		if (!found)
			return false;
		if (reach >= hi)
			return true;
		cur = reach + 1;
	}
}

static bool
ports_every(const struct ports *a)
{
	return ports_hold(a, 0, 65535);
}

static bool
ports_contain(const struct ports *a, const struct ports *b)
{
	if (!b->n)
		return ports_every(a);
	for (size_t i = 0; i < b->n; i++)
		if (!ports_hold(a, b->r[i].lo, b->r[i].hi))
			return false;
	return true;
}

/* ------------------------------------------------------------ helpers */

static const char *
ev(struct spec *s, const struct tmpl *t)
{
	return t->nsegs ? tmpl_eval(s, t) : "";
}

/* Whether the subnet is one of Azure's special subnets, by name. */
static bool
named(struct spec *s, const struct subnet *sn, const char *name)
{
	return streqi(ev(s, &sn->name), name);
}

static bool
in_rfc1918(const struct cidr *c)
{
	for (size_t k = 0; k < NELEM(rfc1918); k++)
		if (cidr_contains(&rfc1918[k], c))
			return true;
	return false;
}

static bool
is_default(const struct route *r)
{
	return r->prefix.kind == ADDR_PREFIXES && r->prefix.nall == 1 &&
	    cidr_cmp(&r->prefix.all[0].c, &default_v4) == 0;
}

/* A route that takes the subnet's internet traffic away: 0.0.0.0/0 to
 * an appliance or a gateway. */
static bool
diverts_default(const struct route *r)
{
	return is_default(r) && r->has_hop && (r->hop == HOP_APPLIANCE ||
	    r->hop == HOP_GATEWAY);
}

static const struct route *
default_route(const struct rtable *t)
{
	for (size_t i = 0; t && i < t->nroutes; i++)
		if (diverts_default(&t->routes[i]))
			return &t->routes[i];
	return NULL;
}

/* "10.100.0.4" or "the next hop" */
static const char *
hop_text(struct spec *s, const struct route *r)
{
	if (r->hop == HOP_APPLIANCE && r->nh.nsegs)
		return arena_printf(&s->arena, "the appliance at %s",
		    ev(s, &r->nh));
	return arena_printf(&s->arena, "the %s next hop", hops[r->hop]);
}

/* ---------------------------------------------------- NSGs and rules */

static int
by_priority(const void *a, const void *b)
{
	const struct secrule *x = *(const struct secrule *const *)a;
	const struct secrule *y = *(const struct secrule *const *)b;

	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The rules of one direction, by priority (rules without a valid
 * priority are left out: VN328 or VN104 said so). *n gets their count;
 * free() the result. */
static struct secrule **
rules_by_priority(const struct nsg *g, bool outbound, size_t *n)
{
	struct secrule **v = xmalloc((g->nrules + 1) * sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < g->nrules; i++)
		if (g->rules[i].outbound == outbound && !g->rules[i].bad &&
		    g->rules[i].priority >= PRIO_MIN &&
		    g->rules[i].priority <= PRIO_MAX)
			v[(*n)++] = &g->rules[i];
	qsort(v, *n, sizeof(*v), by_priority);
	return v;
}

static const char *
rule_label(struct spec *s, const struct secrule *r)
{
	return arena_printf(&s->arena, "rule '%s' (priority %d)",
	    ev(s, &r->name), r->priority);
}

static void
check_priorities(struct spec *s, const struct nsg *g)
{
	for (size_t i = 0; i < g->nrules; i++) {
		const struct secrule *r = &g->rules[i];
		if (!r->priority)
			continue;
		if (r->priority < PRIO_MIN || r->priority > PRIO_MAX) {
			diag_report(r->priority_pos, VN328, "nsg '%s': rule '%s' "
			    "has priority %d; priorities are %d to %d, lower "
			    "first", g->r.key, ev(s, &r->name), r->priority,
			    PRIO_MIN, PRIO_MAX);
			continue;
		}
		for (size_t k = 0; k < i; k++) {
			const struct secrule *q = &g->rules[k];
			if (q->priority != r->priority ||
			    q->outbound != r->outbound)
				continue;
			diag_report(r->priority_pos, VN328, "nsg '%s': rules '%s' "
			    "and '%s' are both %s with priority %d; Azure takes "
			    "one rule per priority and direction", g->r.key,
			    ev(s, &q->name), ev(s, &r->name), r->outbound ?
			    "outbound" : "inbound", r->priority);
			diag_note(q->priority_pos, "priority of rule '%s'",
			    ev(s, &q->name));
			break;
		}
	}
}

/* VN332: a rule that an earlier rule of its direction matches whole
 * never decides anything. */
static void
check_shadowed(struct spec *s, const struct nsg *g, bool outbound)
{
	struct vnet *vns[64];
	size_t nv = nsg_vnets(g, vns, NELEM(vns)), n;
	struct secrule **v = rules_by_priority(g, outbound, &n);

	for (size_t j = 1; j < n; j++) {
		const struct secrule *r = v[j];
		for (size_t i = 0; i < j; i++) {
			const struct secrule *q = v[i];
			if ((q->proto != PROTO_ANY && q->proto != r->proto) ||
			    !addr_contains(s, &q->src, &r->src, vns, nv) ||
			    !addr_contains(s, &q->dst, &r->dst, vns, nv) ||
			    !ports_contain(&q->sports, &r->sports) ||
			    !ports_contain(&q->dports, &r->dports))
				continue;
			diag_report(r->pos, VN332, "nsg '%s': %s never applies: "
			    "%s comes first and matches every flow it matches "
			    "(%s)", g->r.key, rule_label(s, r), rule_label(s, q),
			    q->deny == r->deny ? "to the same effect: drop one" :
			    q->deny ? "and denies what this one would allow" :
			    "and allows what this one would deny");
			diag_note(q->pos, "%s", rule_label(s, q));
			break;
		}
	}
	free(v);
}

/* Does some prefix of a (a list of prefixes) overlap one of the n in p? */
static bool
overlaps_any(const struct addr *a, const struct prefix *p, size_t n)
{
	for (size_t i = 0; a->kind == ADDR_PREFIXES && i < a->nall; i++)
		for (size_t k = 0; k < n; k++)
			if (p[k].ok && cidr_overlaps(&p[k].c, &a->all[i].c))
				return true;
	return false;
}

/* Does some prefix of a overlap a prefix of a subnet of g? */
static bool
meets_subnets(const struct addr *a, const struct nsg *g)
{
	for (size_t k = 0; k < g->r.nsubnets; k++)
		if (overlaps_any(a, g->r.subnets[k]->prefixes,
		    g->r.subnets[k]->nprefixes))
			return true;
	return false;
}

/* VN333: an outbound rule whose source, or an inbound rule whose
 * destination, lies outside every subnet the NSG is on sees no traffic.
 * (A rule from IPv4 addresses to IPv6 ones is an error: VN104.) */
static void
check_never(struct spec *s, const struct nsg *g)
{
	for (size_t i = 0; i < g->nrules; i++) {
		const struct secrule *r = &g->rules[i];
		const struct addr *own = r->outbound ? &r->src : &r->dst;
		if (!r->bad && own->kind == ADDR_PREFIXES && own->nall && g->r.nsubnets &&
		    !meets_subnets(own, g)) {
			struct buf on = {0};
			for (size_t k = 0; k < g->r.nsubnets && k < 4; k++)
				buf_printf(&on, "%s'%s'", k ? ", " : "",
				    g->r.subnets[k]->key);
			if (g->r.nsubnets > 4)
				buf_puts(&on, ", ...");
			diag_report(own->pos, VN333, "nsg '%s': %s never "
			    "matches: an %s rule sees traffic %s the NSG's "
			    "subnets (%s), and its %s %s lies outside all of "
			    "them", g->r.key, rule_label(s, r), r->outbound ?
			    "outbound" : "inbound", r->outbound ? "from" : "to",
			    buf_str(&on), r->outbound ? "source" :
			    "destination", netsec_addr_text(s, own));
			buf_free(&on);
		}
	}
}

/* VN334: App Service applies only the outbound rules of its integration
 * subnet's NSG ("The inbound rules in an NSG don't apply to your app"). */
static void
check_inbound_ignored(struct spec *s, const struct nsg *g)
{
	const struct secrule *in = NULL;

	for (size_t i = 0; i < g->r.nsubnets; i++) {
		const struct subnet *sn = g->r.subnets[i];
		if (!sn->nintegrations || !sn->delegation ||
		    strcmp(sn->delegation, "Microsoft.Web/serverFarms") != 0)
			return;
	}
	for (size_t i = 0; i < g->nrules && !in; i++)
		if (!g->rules[i].outbound)
			in = &g->rules[i];
	if (!in || !g->r.nsubnets)
		return;
	diag_report(in->pos, VN334, "nsg '%s': %s is inbound, but the NSG is "
	    "only on App Service integration subnets, where inbound rules do "
	    "not apply to the apps (integration carries their outbound "
	    "traffic only); control inbound traffic with the app's access "
	    "restrictions or private endpoint", g->r.key, rule_label(s, in));
}

static void
check_descriptions(struct spec *s, const struct nsg *g)
{
	for (size_t i = 0; i < g->nrules; i++) {
		const struct secrule *r = &g->rules[i];
		size_t n = 0;
		const char *d = ev(s, &r->description);
		/* characters, not bytes */
		for (const char *p = d; *p; p++)
			n += ((unsigned char)*p & 0xc0) != 0x80;
		if (n > DESC_MAX)
			diag_report(r->description.pos, VN104, "nsg '%s': rule "
			    "'%s' has a description of %zu characters; Azure "
			    "keeps %d at most", g->r.key, ev(s, &r->name), n,
			    DESC_MAX);
	}
}

/* The address families of a's prefixes: bit 0 IPv4, bit 1 IPv6; 0 for
 * '*' and tags, which have no family of their own. */
static unsigned
families(const struct addr *a)
{
	unsigned f = 0;

	for (size_t i = 0; a->kind == ADDR_PREFIXES && i < a->nall; i++)
		f |= a->all[i].c.family == 4 ? 1u : 2u;
	return f;
}

/* VN104: Azure refuses a rule whose prefixes, source and destination
 * together, are of both families
 * (ResourceCannotContainAddressPrefixesFromDifferentAddressFamilies,
 * docs/azure-notes.md 15.8); a {subnet:} of a dual-stack subnet gives
 * both. */
static void
check_families(struct spec *s, const struct secrule *r, const char *w)
{
	if ((families(&r->src) | families(&r->dst)) != 3)
		return;
	unsigned fs = families(&r->src);
	diag_report(fs == 3 ? r->src.pos : families(&r->dst) == 3 ?
	    r->dst.pos : r->pos, VN104, "%s mixes IPv4 and IPv6 addresses "
	    "(source %s; destination %s); Azure refuses a rule with "
	    "both families (ResourceCannotContainAddressPrefixesFrom"
	    "DifferentAddressFamilies): write one rule per family%s", w,
	    netsec_addr_text(s, &r->src), netsec_addr_text(s, &r->dst),
	    r->src.nrefs || r->dst.nrefs ? " (a {subnet:} or {vnet:} with "
	    "both families gives both: write its prefixes instead)" : "");
}

/* A {subnet:} or {vnet:} of a that names nothing (VN302 said so). */
static bool
unresolved(const struct addr *a)
{
	for (size_t i = 0; i < a->nrefs; i++)
		if (!a->refs[i].subnet && !a->refs[i].vn)
			return true;
	return false;
}

static void
check_nsg(struct spec *s, struct nsg *g)
{
	for (size_t i = 0; i < g->nrules; i++) {
		struct secrule *r = &g->rules[i];
		const char *w = arena_printf(&s->arena, "rule '%s' of nsg '%s'",
		    ev(s, &r->name), g->r.key);
		int e0 = diag_nerrors();
		addr_finish(s, &r->src, false, arena_printf(&s->arena,
		    "%s: source", w));
		addr_finish(s, &r->dst, false, arena_printf(&s->arena,
		    "%s: destination", w));
		check_families(s, r, w);
		r->bad |= diag_nerrors() > e0 || unresolved(&r->src) ||
		    unresolved(&r->dst);
	}
	if (g->nrules > NSG_RULES_MAX)
		diag_report(g->rules[NSG_RULES_MAX].pos, VN104, "nsg '%s' has %zu "
		    "rules; Azure takes at most %d per NSG: split them over "
		    "NSGs of their subnets, or join rules (a rule takes lists of "
		    "prefixes and ports)", g->r.key, g->nrules, NSG_RULES_MAX);
	check_priorities(s, g);
	check_descriptions(s, g);
	check_shadowed(s, g, false);
	check_shadowed(s, g, true);
	check_never(s, g);
	check_inbound_ignored(s, g);
}

/* ------------------------------------------------ route tables, routes */

/* The subnet of vn holding address a (family f), or NULL. */
static const struct subnet *
subnet_holding(const struct vnet *vn, const struct cidr *a)
{
	for (size_t i = 0; i < vn->nsubnets; i++)
		for (size_t k = 0; k < vn->subnets[i].nprefixes; k++)
			if (vn->subnets[i].prefixes[k].ok && cidr_contains(
			    &vn->subnets[i].prefixes[k].c, a))
				return &vn->subnets[i];
	return NULL;
}

/* Is a one of the addresses Azure keeps in every subnet (network, .1-.3,
 * last: docs/azure-notes.md 1.2)? IPv4 only. */
static bool
reserved_addr(const struct cidr *subnet, const struct cidr *a)
{
	uint8_t first[16], last[16];

	if (subnet->family != 4)
		return false;
	if (!cidr_azure_first_usable(subnet, first) ||
	    !cidr_azure_last_usable(subnet, last))
		return true;
	return memcmp(a->addr, first, 4) < 0 || memcmp(a->addr, last, 4) > 0;
}

static bool
peered(const struct spec *s, const struct vnet *a, const struct vnet *b)
{
	for (size_t i = 0; i < s->npeerings; i++)
		if (s->peerings[i].vnet == a && s->peerings[i].remote == b)
			return true;
	return false;
}

/* VN337 for one route: a next hop where its type needs one and nowhere
 * else, an address, reachable from every subnet of the table and
 * ownable by an appliance. */
static void
check_next_hop(struct spec *s, const struct rtable *t, struct route *r,
    const char *w)
{
	if (!r->has_hop)
		return;
	if (r->hop != HOP_APPLIANCE) {
		if (r->nh.nsegs)
			diag_report(r->nh.pos, VN337, "%s: next_hop_ip is for "
			    "VirtualAppliance routes only (\"Next hop values are "
			    "only allowed in routes where the next hop type is "
			    "VirtualAppliance\"); remove it, or write next_hop: "
			    "VirtualAppliance", w);
		return;
	}
	if (!r->nh.nsegs) {
		diag_report(r->hop_pos, VN337, "%s: a VirtualAppliance route "
		    "needs next_hop_ip, the private address of the appliance "
		    "(a firewall's, or an internal load balancer's)", w);
		return;
	}
	const char *v = ev(s, &r->nh);
	struct cidr a = {0};
	if (!cidr_parse_addr(v, &a.family, a.addr)) {
		diag_report(r->nh.pos, VN337, "%s: next_hop_ip '%s'%s%s%s is not "
		    "an IP address", w, v, tmpl_is_literal(&r->nh) ? "" : " (",
		    tmpl_is_literal(&r->nh) ? "" : r->nh.raw,
		    tmpl_is_literal(&r->nh) ? "" : ")");
		return;
	}
	a.len = a.family == 4 ? 32 : 128;
	if (r->prefix.kind == ADDR_PREFIXES && r->prefix.nall &&
	    r->prefix.all[0].c.family != a.family) {
		/* An IPv6 packet cannot be forwarded to an IPv4 address nor
		 * the reverse (docs/azure-notes.md 15.8) */
		diag_report(r->nh.pos, VN337, "%s: next_hop_ip %s is an %s "
		    "address but the route's prefix %s is %s; the appliance "
		    "needs an address of the prefix's family: give it one and "
		    "write a route for each family", w, v, a.family == 4 ?
		    "IPv4" : "IPv6", netsec_addr_text(s, &r->prefix),
		    a.family == 4 ? "IPv6" : "IPv4");
		return;
	}
	r->nh_ok = true;
	r->nh_family = a.family;
	memcpy(r->nh_addr, a.addr, sizeof(a.addr));
	const struct vnet *h = vnet_of(s, &a);
	if (!h)
		return; /* a VNet the spec does not have: cannot tell */
	/* An existing VNet's subnets are not in the spec (a platform's hub
	 * and its firewall, the landing zones' usual next hop): its address
	 * space is all vnetc can check. */
	const struct subnet *sn = subnet_holding(h, &a);
	if (!sn && !h->existing) {
		diag_report(r->nh.pos, VN337, "%s: next_hop_ip %s is in vnet "
		    "'%s' but in none of its subnets, so no appliance can have "
		    "it", w, v, h->key);
		return;
	}
	for (size_t k = 0; sn && k < sn->nprefixes; k++)
		if (sn->prefixes[k].ok && cidr_contains(&sn->prefixes[k].c, &a) &&
		    reserved_addr(&sn->prefixes[k].c, &a)) {
			char p[CIDR_STRLEN];
			cidr_format(&sn->prefixes[k].c, p);
			diag_report(r->nh.pos, VN337, "%s: next_hop_ip %s is one "
			    "of the five addresses Azure keeps in subnet '%s' "
			    "(%s: the network, the next three and the last), so "
			    "no appliance can have it", w, v, sn->key, p);
			return;
		}
	for (size_t i = 0; i < t->r.nsubnets; i++) {
		const struct vnet *x = t->r.subnets[i]->vnet;
		if (x == h || peered(s, x, h))
			continue;
		diag_report(r->nh.pos, VN337, "%s: next_hop_ip %s is in vnet "
		    "'%s', which vnet '%s' (subnet '%s' uses the table) is not "
		    "peered with; a next hop needs direct connectivity: peer "
		    "the two VNets", w, v, h->key, x->key,
		    t->r.subnets[i]->key);
		return;
	}
}

/* VN339: an appliance in a subnet that routes through it ("Deploying
 * the virtual appliance to the same subnet ... can result in routing
 * loops"). */
static void
check_loop(struct spec *s, const struct rtable *t, const struct route *r,
    const char *w)
{
	struct cidr a = {r->nh_family, {0}, r->nh_family == 4 ? 32 : 128};

	if (!r->nh_ok)
		return;
	memcpy(a.addr, r->nh_addr, sizeof(a.addr));
	for (size_t i = 0; i < t->r.nsubnets; i++) {
		const struct subnet *sn = t->r.subnets[i];
		for (size_t k = 0; k < sn->nprefixes; k++)
			if (sn->prefixes[k].ok && cidr_contains(
			    &sn->prefixes[k].c, &a)) {
				diag_report(r->nh.pos, VN339, "%s: the appliance "
				    "at %s is in subnet '%s', which uses this "
				    "route table: its own traffic would loop; put "
				    "the appliance in another subnet", w,
				    ev(s, &r->nh), sn->key);
				return;
			}
	}
}

static void
check_rtable(struct spec *s, struct rtable *t)
{
	size_t ntagged = 0;

	if (t->nroutes > ROUTES_MAX)
		diag_report(t->routes[ROUTES_MAX].pos, VN338, "route table '%s' "
		    "has %zu routes; Azure takes at most %d per table: give the "
		    "subnets tables of their own, or join prefixes",
		    t->r.key, t->nroutes, ROUTES_MAX);
	for (size_t i = 0; i < t->nroutes; i++) {
		struct route *r = &t->routes[i];
		const char *w = arena_printf(&s->arena, "route '%s' of route "
		    "table '%s'", ev(s, &r->name), t->r.key);
		addr_finish(s, &r->prefix, true, arena_printf(&s->arena,
		    "%s: prefix", w));
		check_next_hop(s, t, r, w);
		check_loop(s, t, r, w);
		if (r->prefix.kind == ADDR_TAG && ++ntagged == TAG_ROUTES_MAX +
		    1)
			diag_report(r->prefix.pos, VN338, "route table '%s': "
			    "more than %d routes with service tags; Azure takes "
			    "at most %d per table", t->r.key, TAG_ROUTES_MAX,
			    TAG_ROUTES_MAX);
		for (size_t k = 0; k < i; k++) {
			const struct route *q = &t->routes[k];
			bool same = r->prefix.kind == ADDR_TAG ?
			    q->prefix.kind == ADDR_TAG && streqi(q->prefix.tag,
			    r->prefix.tag) : r->prefix.kind == ADDR_PREFIXES &&
			    q->prefix.kind == ADDR_PREFIXES && r->prefix.nall &&
			    q->prefix.nall && cidr_cmp(&r->prefix.all[0].c,
			    &q->prefix.all[0].c) == 0;
			if (!same)
				continue;
			diag_report(r->prefix.pos, VN338, "%s has the prefix of "
			    "route '%s' (%s); Azure refuses two routes with one "
			    "prefix in a table (RouteConflict)", w,
			    ev(s, &q->name), netsec_addr_text(s, &r->prefix));
			diag_note(q->prefix.pos, "prefix of route '%s'",
			    ev(s, &q->name));
			break;
		}
	}
}

/* --------------------------------- where they are used: subnet by subnet */

static bool
pe_policy_has(const struct subnet *sn, const char *what)
{
	return sn->pe_policies && (strcmp(sn->pe_policies, "Enabled") == 0 ||
	    strcmp(sn->pe_policies, what) == 0);
}

/* VN340: private endpoints ignore the subnet's NSG and route table unless
 * its privateEndpointNetworkPolicies says otherwise
 * (docs/azure-notes.md 1.6, 15.2). */
static void
check_pe_policies(const struct subnet *sn)
{
	const char *now = sn->pe_policies ? sn->pe_policies :
	    "Disabled (Azure's default)";
	struct pos at = sn->pe_policies ? sn->pe_policies_pos : sn->pos;

	if (!sn->npes)
		return;
	if (sn->nsg && !pe_policy_has(sn, "NetworkSecurityGroupEnabled"))
		diag_report(sn->nsg_ref.pos, VN340, "subnet '%s' has nsg '%s', "
		    "but its private_endpoint_network_policies is %s, so the "
		    "NSG applies to none of its %zu private endpoint%s; set "
		    "NetworkSecurityGroupEnabled (or Enabled)", sn->key,
		    sn->nsg->r.key, now, sn->npes, sn->npes == 1 ? "" : "s");
	if (sn->rt && !pe_policy_has(sn, "RouteTableEnabled"))
		diag_report(sn->rt_ref.pos, VN340, "subnet '%s' has route table "
		    "'%s', but its private_endpoint_network_policies is %s, so "
		    "its routes apply to none of its %zu private endpoint%s; "
		    "set RouteTableEnabled (or Enabled)", sn->key,
		    sn->rt->r.key, now, sn->npes, sn->npes == 1 ? "" : "s");
	if ((sn->nsg && !pe_policy_has(sn, "NetworkSecurityGroupEnabled")) ||
	    (sn->rt && !pe_policy_has(sn, "RouteTableEnabled")))
		diag_note(at, "private_endpoint_network_policies of '%s'",
		    sn->key);
}

/* The route of t that a special subnet's row is about, or NULL. */
static const struct route *
special_route(const struct rtable *t, enum sp_what w)
{
	for (size_t i = 0; t && i < t->nroutes; i++) {
		const struct route *r = &t->routes[i];
		bool def = is_default(r), inet = r->has_hop &&
		    r->hop == HOP_INTERNET;
		if ((w == SP_DEFAULT && def) ||
		    (w == SP_DEFAULT_AWAY && def && r->has_hop && !inet) ||
		    (w == SP_ONLY_INTERNET && !(def && inet)))
			return r;
	}
	return NULL;
}

static bool
vnet_has_subnet(struct spec *s, const struct vnet *vn, const char *name)
{
	for (size_t i = 0; i < vn->nsubnets; i++)
		if (named(s, &vn->subnets[i], name))
			return true;
	return false;
}

/* One row of special_rows[] on the subnet it names. */
static void
check_special_row(struct spec *s, const struct subnet *sn, size_t i)
{
	const char *sub = special_rows[i].subnet, *q = special_rows[i].quote,
	    *fix = special_rows[i].fix;
	enum rule rule = special_rows[i].rule;
	const char *may = rule == VN335 ? "cannot have" : "should not have";
	const struct rtable *t = sn->rt;
	const struct route *r;

	switch (special_rows[i].what) {
	case SP_NSG:
		if (sn->nsg)
			diag_report(sn->nsg_ref.pos, rule, "%s '%s' %s an NSG: "
			    "\"%s\"; %s", sub, sn->key, may, q, fix);
		break;
	case SP_RT:
		if (t)
			diag_report(sn->rt_ref.pos, rule, "%s '%s' %s a route "
			    "table: \"%s\"; %s", sub, sn->key, may, q, fix);
		break;
	case SP_NAT:
		if (sn->nat)
			diag_report(sn->nat_ref.pos, rule, "%s '%s' %s a NAT "
			    "gateway: \"%s\"; %s", sub, sn->key, may, q, fix);
		break;
	case SP_DEFAULT:
	case SP_DEFAULT_AWAY:
	case SP_ONLY_INTERNET:
		r = special_route(t, special_rows[i].what);
		if (r)
			diag_report(r->prefix.pos, rule, "route '%s' of route "
			    "table '%s' sends %s from %s '%s' to %s: \"%s\"; %s",
			    ev(s, &r->name), t->r.key, netsec_addr_text(s,
			    &r->prefix), sub, sn->key, hop_text(s, r), q, fix);
		break;
	case SP_PROPAGATE_OFF:
		if (t && t->propagate == 0)
			diag_report(t->propagate_pos, rule, "route table '%s' "
			    "turns gateway route propagation off, and %s '%s' "
			    "uses it: \"%s\"; %s", t->r.key, sub, sn->key, q,
			    fix);
		break;
	case SP_PROPAGATE_ON:
		if (t && t->propagate != 0)
			diag_report(t->propagate == 1 ? t->propagate_pos :
			    sn->rt_ref.pos, rule, "route table '%s' lets gateway "
			    "routes propagate%s, and %s '%s' uses it: \"%s\"; %s",
			    t->r.key, t->propagate == 1 ? "" : " (Azure's "
			    "default)", sub, sn->key, q, fix);
		break;
	}
}

/* Does an allow rule r serve port p of bastion_rules[k]: a Tcp or any
 * rule from any source port, to p, with the row's remote side? A deny
 * rule takes the flow when it matches it whole (remote "*" or the tag,
 * own side "*"). */
static bool
bastion_meets(const struct secrule *r, size_t k, unsigned p)
{
	const struct addr *remote = r->outbound ? &r->dst : &r->src;
	const struct addr *own = r->outbound ? &r->src : &r->dst;

	if ((r->proto != PROTO_ANY && r->proto != PROTO_TCP) ||
	    !ports_every(&r->sports) || !ports_hold(&r->dports, p, p))
		return false;
	if (remote->kind == ADDR_ANY || (remote->kind == ADDR_TAG &&
	    streqi(remote->tag, bastion_rules[k].remote)))
		return !r->deny || own->kind == ADDR_ANY;
	return !r->deny && bastion_rules[k].ips &&
	    remote->kind == ADDR_PREFIXES;
}

/* VN335: an NSG on AzureBastionSubnet lacks a rule Azure requires, or
 * denies its traffic first. */
static void
check_bastion_nsg(struct spec *s, const struct subnet *sn)
{
	const struct nsg *g = sn->nsg;
	struct buf miss = {0};
	size_t nmiss = 0;

	if (!g || g->r.existing)
		return;
	for (size_t k = 0; k < NELEM(bastion_rules); k++) {
		size_t n;
		struct secrule **v = rules_by_priority(g,
		    bastion_rules[k].outbound, &n);
		const struct secrule *by = NULL;
		bool ok = true;
		for (size_t j = 0; j < 2 && bastion_rules[k].ports[j]; j++) {
			const struct secrule *d = NULL;
			for (size_t i = 0; i < n && !d; i++)
				if (bastion_meets(v[i], k,
				    bastion_rules[k].ports[j]))
					d = v[i];
			if (!d || d->deny) {
				ok = false;
				by = by ? by : d;
			}
		}
		free(v);
		if (ok)
			continue;
		char ports[32];
		if (bastion_rules[k].ports[1])
			snprintf(ports, sizeof(ports), "ports %u, %u",
			    bastion_rules[k].ports[0], bastion_rules[k].ports[1]);
		else
			snprintf(ports, sizeof(ports), "port %u",
			    bastion_rules[k].ports[0]);
		buf_printf(&miss, "%s%s (%s %s %s, %s)", nmiss++ ? "; " : "",
		    bastion_rules[k].name, bastion_rules[k].outbound ?
		    "outbound" : "inbound", bastion_rules[k].outbound ? "to" :
		    "from", bastion_rules[k].remote, ports);
		if (by)
			buf_printf(&miss, ", denied first by %s",
			    rule_label(s, by));
	}
	if (nmiss)
		diag_report(sn->nsg_ref.pos, VN335, "AzureBastionSubnet '%s' has "
		    "nsg '%s', which lacks %s rule%s that Azure requires on "
		    "it (NetworkSecurityGroupNotCompliantForAzureBastion"
		    "Subnet): %s; allow %s before any deny rule",
		    sn->key, g->r.key, nmiss == 1 ? "a" : "the", nmiss == 1 ?
		    "" : "s", buf_str(&miss), nmiss == 1 ? "it" : "them");
	buf_free(&miss);
}

const char *
netsec_managed(const char *delegation, bool *routes)
{
	for (size_t i = 0; delegation && i < NELEM(managed); i++)
		if (streqi(delegation, managed[i].service)) {
			*routes = managed[i].rt;
			return managed[i].what;
		}
	return NULL;
}

/* VN335, VN360: Azure's special subnets (special_rows[]); VN336: a
 * service that writes its own rules (and routes) into its subnet. */
static void
check_special(struct spec *s, const struct subnet *sn)
{
	for (size_t i = 0; i < NELEM(special_rows); i++)
		if (named(s, sn, special_rows[i].subnet) &&
		    !(special_rows[i].unless && vnet_has_subnet(s, sn->vnet,
		    special_rows[i].unless)))
			check_special_row(s, sn, i);
	if (named(s, sn, "AzureBastionSubnet"))
		check_bastion_nsg(s, sn);
	if (!sn->delegation)
		return;
	for (size_t i = 0; i < NELEM(managed); i++) {
		if (!streqi(sn->delegation, managed[i].service))
			continue;
		if (sn->nat && strcmp(managed[i].service,
		    "Microsoft.Sql/managedInstances") == 0)
			diag_report(sn->nat_ref.pos, VN335, "subnet '%s' is "
			    "delegated to %s, and \"you can't deploy a NAT "
			    "gateway in a ... subnet containing SQL Managed "
			    "Instances\"; remove nat_gateway", sn->key,
			    managed[i].service);
		if (sn->nsg && !sn->nsg->r.existing)
			diag_report(sn->nsg_ref.pos, VN336, "subnet '%s' is "
			    "delegated to %s, which writes its own rules into the "
			    "subnet's NSG (a network intent policy); an NSG that "
			    "vnetc owns would remove them: attach one you keep "
			    "with 'existing: true'", sn->key, managed[i].what);
		if (sn->rt && !sn->rt->r.existing && managed[i].rt)
			diag_report(sn->rt_ref.pos, VN336, "subnet '%s' is "
			    "delegated to %s, which writes its own routes into "
			    "the subnet's route table (a network intent policy); "
			    "a table that vnetc owns would remove them: attach "
			    "one you keep with 'existing: true'", sn->key,
			    managed[i].what);
	}
}

/* VN342, VN343 for one subnet's NAT gateway. */
static void
check_nat_subnet(struct spec *s, const struct subnet *sn)
{
	const struct route *d = default_route(sn->rt);

	if (!sn->nat || !d)
		return;
	diag_report(sn->nat_ref.pos, VN343, "subnet '%s' has NAT gateway '%s', "
	    "but route '%s' of route table '%s' sends its 0.0.0.0/0 traffic "
	    "to %s, which takes precedence: the NAT gateway carries none of "
	    "its internet traffic", sn->key, sn->nat->r.key, ev(s, &d->name),
	    sn->rt->r.key, hop_text(s, d));
}

/* VN344, VN345 */
static void
check_endpoints_svc(const struct subnet *sn)
{
	const struct svcendpoint *local = NULL, *global = NULL;

	for (size_t i = 0; i < sn->nses; i++) {
		struct svcendpoint *e = &sn->ses[i];
		const char *canon = NULL, *best = NULL;
		int bestd = 255;
		for (size_t k = 0; k < NELEM(svc_endpoints) && !canon; k++) {
			if (streqi(svc_endpoints[k], e->service))
				canon = svc_endpoints[k];
			int d = edit_distance(svc_endpoints[k], e->service);
			if (d < bestd)
				bestd = d, best = svc_endpoints[k];
		}
		if (canon) {
			e->service = canon;
			e->known = true;
		} else if (best && bestd <= 3) {
			diag_report(e->pos, VN345, "subnet '%s': service endpoint "
			    "'%s' is not one vnetc knows; did you mean '%s'? (`az "
			    "network vnet list-endpoint-services -l REGION` lists "
			    "Azure's; silence VN345 with a reason for a newer "
			    "one)", sn->key, e->service, best);
		} else {
			diag_report(e->pos, VN345, "subnet '%s': service endpoint "
			    "'%s' is not one vnetc knows (`az network vnet "
			    "list-endpoint-services -l REGION` lists Azure's; "
			    "silence VN345 with a reason for a newer one)",
			    sn->key, e->service);
		}
		for (size_t k = 0; k < i; k++)
			if (streqi(sn->ses[k].service, e->service)) {
				diag_report(e->pos, VN344, "subnet '%s' lists "
				    "service endpoint %s twice; a subnet has one "
				    "endpoint per service", sn->key, e->service);
				diag_note(sn->ses[k].pos, "first listed here");
				break;
			}
		if (streqi(e->service, "Microsoft.Storage"))
			local = e;
		if (streqi(e->service, "Microsoft.Storage.Global"))
			global = e;
	}
	if (local && global) {
		const struct svcendpoint *later = local > global ? local : global;
		diag_report(later->pos, VN344, "subnet '%s' has both "
		    "Microsoft.Storage and Microsoft.Storage.Global: "
		    "\"cross-region service endpoints and local ones can't "
		    "coexist on the same subnet\"; keep one", sn->key);
	}
}

/* ----------------------------------------- NSGs, tables, NAT gateways */

/* VN346, VN347 for an NSG, route table or NAT gateway; sets its
 * location, its first subnet's VNet's (the spec's when it has none). */
static void
check_netres(struct spec *s, struct netres *r, const char *what)
{
	r->location = s->location;
	if (!r->nsubnets) {
		if (!r->inline_)
			diag_report(r->pos, VN347, "%s '%s' is used by no subnet; "
			    "attach it with '%s: %s' on a subnet, or remove it",
			    what, r->key, what[0] == 'n' ? "nsg" : what[0] ==
			    'r' ? "route_table" : "nat_gateway", r->key);
		return;
	}
	const struct vnet *first = r->subnets[0]->vnet;
	r->location = first->location;
	for (size_t i = 1; i < r->nsubnets; i++) {
		const struct vnet *v = r->subnets[i]->vnet;
		const char *a = ev(s, &first->location), *b = ev(s, &v->location);
		if (!*a || !*b || region_same(a, b))
			continue;
		diag_report(r->pos, VN346, "%s '%s' is used by vnet '%s' (%s) and "
		    "vnet '%s' (%s); it must be in the same subscription and "
		    "location as the virtual network of each subnet: use one "
		    "per region", what, r->key, first->key, a, v->key, b);
		break;
	}
}

static void
check_natgw(struct spec *s, struct natgw *g)
{
	size_t n = 0;

	check_netres(s, &g->r, "NAT gateway");
	for (size_t i = 1; i < g->r.nsubnets; i++)
		if (g->r.subnets[i]->vnet != g->r.subnets[0]->vnet) {
			diag_report(g->r.pos, VN342, "NAT gateway '%s' is on "
			    "subnet '%s' of vnet '%s' and subnet '%s' of vnet "
			    "'%s'; \"a NAT gateway can't span multiple virtual "
			    "networks\": give each VNet its own", g->r.key,
			    g->r.subnets[0]->key, g->r.subnets[0]->vnet->key,
			    g->r.subnets[i]->key, g->r.subnets[i]->vnet->key);
			break;
		}
	if (g->r.existing)
		return;
	n = g->npips;
	if (n > NAT_IPS_MAX)
		diag_report(g->pips[NAT_IPS_MAX].pos, VN342, "NAT gateway '%s' "
		    "has %zu public IPs; a Standard NAT gateway takes at most "
		    "%d", g->r.key, n, NAT_IPS_MAX);
	if (!n)
		diag_report(g->pips_pos.line ? g->pips_pos : g->r.pos, VN342,
		    "NAT gateway '%s' has no public IP; give it one (a name: "
		    "vnetc creates it) or leave public_ips out for '%s-pip'",
		    g->r.key, g->r.key);
	if (g->has_idle && (g->idle < NAT_IDLE_MIN || g->idle > NAT_IDLE_MAX))
		diag_report(g->idle_pos, VN342, "NAT gateway '%s': idle_timeout "
		    "%d; the TCP idle timeout is %d to %d minutes", g->r.key,
		    g->idle, NAT_IDLE_MIN, NAT_IDLE_MAX);
}

/* ------------------------------------- App Service integration (VN341) */

static void
check_integration(struct spec *s, const struct app *ap)
{
	const struct subnet *sn = ap->integration;
	const struct route *d;

	if (!sn)
		return;
	if (!ap->route_all) {
		const struct route *pub = NULL;
		for (size_t i = 0; sn->rt && i < sn->rt->nroutes && !pub; i++) {
			const struct route *r = &sn->rt->routes[i];
			if (r->prefix.kind == ADDR_TAG || (r->prefix.kind ==
			    ADDR_PREFIXES && r->prefix.nall &&
			    r->prefix.all[0].c.family == 4 &&
			    !in_rfc1918(&r->prefix.all[0].c)))
				pub = r;
		}
		if (pub)
			diag_report(pub->prefix.pos, VN341, "app '%s' has "
			    "route_all: false, so only its RFC 1918 traffic "
			    "follows the routes of its integration subnet '%s': "
			    "route '%s' (%s) applies to none of the app's "
			    "traffic; set route_all: true", ap->key, sn->key,
			    ev(s, &pub->name),
			    netsec_addr_text(s, &pub->prefix));
		if (sn->nat)
			diag_report(sn->nat_ref.pos, VN341, "app '%s' has "
			    "route_all: false, so its internet traffic does not "
			    "enter its integration subnet '%s' and NAT gateway "
			    "'%s' gives it no outbound address; set route_all: "
			    "true", ap->key, sn->key, sn->nat->r.key);
		return;
	}
	if (!(d = default_route(sn->rt)))
		return;
	diag_report(d->prefix.pos, VN341, "app '%s' routes all its outbound "
	    "traffic into integration subnet '%s', whose route '%s' sends "
	    "0.0.0.0/0 to %s: the app's internet traffic and its calls to "
	    "public Azure endpoints (Key Vault references included) go "
	    "through it and must be allowed there; private endpoints in vnet "
	    "'%s' and its peered VNets stay direct (their routes are more "
	    "specific)", ap->key, sn->key, ev(s, &d->name), hop_text(s, d),
	    sn->vnet->key);
}

/* ------------------------------- forwarded traffic over peerings (VN348) */

static const struct peering *
side_of(const struct spec *s, const struct vnet *v, const struct vnet *remote)
{
	for (size_t i = 0; i < s->npeerings; i++)
		if (s->peerings[i].vnet == v && s->peerings[i].remote == remote)
			return &s->peerings[i];
	return NULL;
}

/* A route that sends traffic of VNet X to an appliance in hub H reaches
 * a third VNet Y through H only if Y's side of the Y-H peering allows
 * traffic forwarded by the appliance ("Allow forwarded traffic",
 * learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering:
 * spoke to spoke through a hub's appliance). */
static void
check_forwarding(struct spec *s, const struct rtable *t)
{
	for (size_t i = 0; i < t->nroutes; i++) {
		const struct route *r = &t->routes[i];
		if (!r->nh_ok || r->hop != HOP_APPLIANCE)
			continue;
		struct cidr a = {r->nh_family, {0}, r->nh_family == 4 ? 32 :
		    128};
		memcpy(a.addr, r->nh_addr, sizeof(a.addr));
		const struct vnet *h = vnet_of(s, &a);
		for (size_t j = 0; h && j < s->nvnets; j++) {
			const struct vnet *y = &s->vnets[j];
			const struct peering *yh = side_of(s, y, h);
			if (y == h || !yh || yh->fwd || !overlaps_any(
			    &r->prefix, y->space, y->nspace))
				continue;
			for (size_t k = 0; k < t->r.nsubnets; k++) {
				const struct vnet *x = t->r.subnets[k]->vnet;
				if (x == y || x == h || !peered(s, x, h) ||
				    peered(s, x, y))
					continue;
				diag_report(r->prefix.pos, VN348, "route '%s' of "
				    "route table '%s' sends traffic from vnet "
				    "'%s' for vnet '%s' to the appliance at %s in "
				    "vnet '%s', but the peering of '%s' with '%s' does "
				    "not allow forwarded traffic, so what the "
				    "appliance forwards never enters '%s'; write "
				    "{vnet: %s, allow_forwarded_traffic: true} in "
				    "the peerings of vnet '%s'", ev(s, &r->name),
				    t->r.key, x->key, y->key, ev(s, &r->nh),
				    h->key, y->key, h->key, y->key, h->key,
				    y->key);
				diag_note(yh->fwd_pos, "peering of vnet '%s' with "
				    "vnet '%s'", y->key, h->key);
				break;
			}
		}
	}
}

/* ------------------------------ NSGs between apps and endpoints (VN349) */

enum match { M_NO, M_PART, M_ALL, M_UNKNOWN };

/* How address a meets the flow's addresses f (all of them in VNets the
 * spec has, seen from VNet x). */
static enum match
addr_meets(const struct spec *s, const struct addr *a, const struct cidr *f,
    size_t nf, struct vnet *x)
{
	size_t in = 0, out = 0;

	if (a->kind == ADDR_ANY)
		return M_ALL;
	if (a->kind == ADDR_TAG) {
		if (!streqi(a->tag, "VirtualNetwork"))
			return M_UNKNOWN;
		for (size_t i = 0; i < nf; i++)
			if (!vnettag_holds(s, &x, 1, &f[i]))
				return M_UNKNOWN;
		return M_ALL;
	}
	for (size_t i = 0; i < nf; i++) {
		bool inside = false, touch = false;
		for (size_t k = 0; k < a->nall; k++) {
			inside |= cidr_contains(&a->all[k].c, &f[i]);
			touch |= cidr_overlaps(&a->all[k].c, &f[i]);
		}
		in += inside;
		out += !touch;
	}
	return in == nf ? M_ALL : out == nf ? M_NO : M_PART;
}

/* How rule r meets TCP from src to dst, any ports. */
static enum match
rule_meets(const struct spec *s, const struct secrule *r,
    const struct cidr *src, size_t nsrc, const struct cidr *dst,
    size_t ndst, struct vnet *x)
{
	enum match m[2];

	if (r->proto != PROTO_ANY && r->proto != PROTO_TCP)
		return M_NO;
	m[0] = addr_meets(s, &r->src, src, nsrc, x);
	m[1] = addr_meets(s, &r->dst, dst, ndst, x);
	if (m[0] == M_NO || m[1] == M_NO)
		return M_NO;
	if (m[0] == M_UNKNOWN || m[1] == M_UNKNOWN)
		return M_UNKNOWN;
	if (m[0] == M_PART || m[1] == M_PART || !ports_every(&r->sports) ||
	    !ports_every(&r->dports))
		return M_PART;
	return M_ALL;
}

/* The rule of g's direction that decides the whole flow, if it is a
 * Deny; NULL when a rule or Azure's defaults (AllowVnetOutBound,
 * AllowVNetInBound: VirtualNetwork to VirtualNetwork) allow it, or when
 * vnetc cannot tell. */
static const struct secrule *
denying_rule(const struct spec *s, const struct nsg *g, bool outbound,
    const struct cidr *src, size_t nsrc, const struct cidr *dst,
    size_t ndst, struct vnet *x)
{
	size_t n;
	struct secrule **v = rules_by_priority(g, outbound, &n);
	const struct secrule *deny = NULL;

	for (size_t i = 0; i < n; i++) {
		enum match m = rule_meets(s, v[i], src, nsrc, dst, ndst, x);
		if (m == M_NO)
			continue;
		if (m == M_ALL && v[i]->deny)
			deny = v[i];
		break;
	}
	free(v);
	return deny;
}

static size_t
v4_prefixes(const struct subnet *sn, struct cidr *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sn->nprefixes && n < max; i++)
		if (sn->prefixes[i].ok && sn->prefixes[i].c.family == 4)
			out[n++] = sn->prefixes[i].c;
	return n;
}

static void
check_app_paths(struct spec *s, const struct app *ap)
{
	const struct subnet *a = ap->integration;
	struct cidr src[8], dst[8];
	size_t nsrc, n;

	if (!a || !(nsrc = v4_prefixes(a, src, NELEM(src))))
		return;
	n = ap->has_uses ? ap->nuses : s->nbackends;
	for (size_t j = 0; j < n; j++) {
		const struct backend *b = ap->has_uses ? ap->uses[j].target :
		    &s->backends[j];
		for (size_t k = 0; b && k < b->npes; k++) {
			const struct pe *pe = &b->pes[k];
			const struct subnet *e = pe->subnet;
			size_t ndst;
			if (!e || (e->vnet != a->vnet && !peered(s, a->vnet,
			    e->vnet)) || !(ndst = v4_prefixes(e, dst,
			    NELEM(dst))))
				continue;
			const struct secrule *r = NULL;
			const struct nsg *g = NULL;
			if (a->nsg && a->nsg->nrules && (r = denying_rule(s, a->nsg,
			    true, src, nsrc, dst, ndst, a->vnet)))
				g = a->nsg;
			else if (e->nsg && e->nsg->nrules && pe_policy_has(e,
			    "NetworkSecurityGroupEnabled") && (r = denying_rule(
			    s, e->nsg, false, src, nsrc, dst, ndst, e->vnet)))
				g = e->nsg;
			if (!g)
				continue;
			diag_report(r->pos, VN349, "nsg '%s' denies app '%s' "
			    "(integration subnet '%s') every TCP connection to "
			    "the private endpoint of back end '%s' in subnet "
			    "'%s': %s is the first of its %s rules that matches, "
			    "and it denies; allow the app's subnet to the "
			    "endpoint's ports in an earlier rule", g->r.key,
			    ap->key, a->key, b->key, e->key, rule_label(s, r),
			    g == a->nsg ? "outbound" : "inbound");
			diag_note(ap->subnet_pos, "app '%s' is integrated here",
			    ap->key);
			break;
		}
	}
}

/* ------------------------------------------------------------------ all */

/* ---------------------------------------- existing resources by id */

/* A NAT gateway's existing public IPs are public IP addresses (VN342). */
static void
check_ids(struct spec *s)
{
	for (size_t i = 0; i < s->nnatgws; i++) {
		const struct natgw *g = s->natgws[i];
		for (size_t k = 0; k < g->npips; k++) {
			const struct tmpl *t = &g->pips[k].id;
			if (!g->pips[k].existing || arm_id_is(ev(s, t),
			    "Microsoft.Network/publicIPAddresses"))
				continue;
			diag_report(t->pos, VN342, "NAT gateway '%s': "
			    "public IP %zu, '%s', is not the id of a "
			    "public IP address; a NAT gateway's "
			    "public_ips take /subscriptions/SUB/"
			    "resourceGroups/RG/providers/Microsoft.Network/"
			    "publicIPAddresses/NAME ('az network public-ip "
			    "show --query id' prints it)", g->r.key, k + 1,
			    ev(s, t));
		}
	}
}

/* The service tags of an app's access rules (access:, spec.c), spelled
 * as Microsoft's list does; one the list lacks is VN396, a warning as
 * VN330 is (a tag newer than vnetc's copy). App Service takes the tags
 * of the list ("All available service tags are supported in access
 * restriction rules", learn.microsoft.com/azure/app-service/
 * app-service-ip-restrictions). */
static void
check_access_tags(struct spec *s, struct app *ap, struct arlist *l)
{
	for (size_t i = 0; i < l->nrules; i++) {
		struct arrule *r = &l->rules[i];
		if (r->kind != AR_TAG || !r->value)
			continue;
		const struct svctag *st = tag_find(s->cloud, r->value);
		if (st) {
			r->value = st->name;
			continue;
		}
		int d = 255;
		const char *near = s->cloud == CLOUD_PUBLIC ?
		    tag_nearest(r->value, &d) : NULL;
		bool close = near && d <= 1 + (int)strlen(r->value) / 5;
		diag_report(r->src_pos, VN396, "app '%s': access rule '%s': "
		    "'%s' is not a service tag in vnetc's copy of Microsoft's "
		    "list%s%s%s (a tag newer than the list: silence VN396 with "
		    "a reason)", ap->key, r->name, r->value, close ?
		    "; did you mean '" : "", close ? near : "", close ? "'?" :
		    "");
	}
}

void
netsec_check(struct spec *s)
{
	for (size_t i = 0; i < s->nnsgs; i++) {
		check_netres(s, &s->nsgs[i]->r, "nsg");
		check_nsg(s, s->nsgs[i]);
	}
	for (size_t i = 0; i < s->nrtables; i++) {
		check_netres(s, &s->rtables[i]->r, "route table");
		check_rtable(s, s->rtables[i]);
	}
	for (size_t i = 0; i < s->nnatgws; i++)
		check_natgw(s, s->natgws[i]);
	check_ids(s);
	for (size_t i = 0; i < s->nvnets; i++)
		for (size_t j = 0; j < s->vnets[i].nsubnets; j++) {
			const struct subnet *sn = &s->vnets[i].subnets[j];
			check_special(s, sn);
			check_pe_policies(sn);
			check_nat_subnet(s, sn);
			check_endpoints_svc(sn);
		}
	for (size_t i = 0; i < s->nrtables; i++)
		check_forwarding(s, s->rtables[i]);
	for (size_t i = 0; i < s->napps; i++) {
		check_integration(s, &s->apps[i]);
		check_app_paths(s, &s->apps[i]);
		check_access_tags(s, &s->apps[i], &s->apps[i].acc.main);
		check_access_tags(s, &s->apps[i], &s->apps[i].acc.scm);
	}
}
