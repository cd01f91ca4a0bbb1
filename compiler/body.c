/* body.c - plan step -> the resource's desired JSON. The one place that
 * knows what each Azure resource looks like (the ARM schemas at the
 * versions of docs/azure-notes.md 8): emit_arm.c
 * wraps it in a template, apply.c sends it, emit_az.c uses the patches.
 * Values render as ARM expressions (VAL_ARM) or concrete text (VAL_REST). */
#include <assert.h>
#include <string.h>

#include "model.h"
#include "uuid.h"

static struct arena **
ar(const struct valctx *vc)
{
	return &vc->spec->arena;
}

/* The scope whose template a VAL_ARM value is written in. */
static const struct scope *
at_of(const struct valctx *vc)
{
	return vc->at ? vc->at : vc->spec->scopes[0];
}

/* Inside a nested template, deployed into another scope than home's. */
static bool
nested(const struct valctx *vc)
{
	return at_of(vc) != vc->spec->scopes[0];
}

json_t *
body_str(const struct valctx *vc, const struct tmpl *t)
{
	return json_string(vc->mode == VAL_REST ? tmpl_eval(vc->spec, t) :
	    tmpl_arm_string_at(vc->spec, t, nested(vc)));
}

static json_t *
lit(const char *s)
{
	return json_string(s);
}

/* Resource id of type in scope sc, with one name per type segment after
 * the namespace: resourceId('A/b/c', n1, n2) for a resource in the
 * template's own scope, resourceId(sub, rg, 'A/b/c', n1, n2) for one in
 * another (learn.microsoft.com/azure/azure-resource-manager/templates/
 * template-functions-resource#resourceid), or
 * /subscriptions/SUB/resourceGroups/RG/providers/A/b/n1/c/n2. Every id
 * goes through here, so a resource kind added later has scopes too. */
static json_t *
resid(const struct valctx *vc, const struct scope *sc, const char *type,
    const struct tmpl *const *names, size_t n)
{
	struct buf b = {0};

	if (vc->mode == VAL_ARM) {
		bool in = nested(vc);
		buf_puts(&b, "[resourceId(");
		if (sc != at_of(vc)) {
			tmpl_arm_expr_at(&b, &sc->sub, in);
			buf_puts(&b, ", ");
			tmpl_arm_expr_at(&b, &sc->rg, in);
			buf_puts(&b, ", ");
		}
		tmpl_arm_quote(&b, type);
		for (size_t i = 0; i < n; i++) { /* no vsnprintf: ids are many */
			buf_puts(&b, ", ");
			tmpl_arm_expr_at(&b, names[i], in);
		}
		buf_puts(&b, ")]");
	} else {
		buf_printf(&b, "/subscriptions/%s/resourceGroups/%s/providers/",
		    tmpl_eval(vc->spec, &sc->sub), tmpl_eval(vc->spec,
		    &sc->rg));
		const char *slash = strchr(type, '/');
		buf_putn(&b, type, (size_t)(slash - type));
		const char *seg = slash;
		for (size_t i = 0; i < n && seg; i++) {
			const char *next = strchr(seg + 1, '/');
			buf_putn(&b, seg, next ? (size_t)(next - seg) :
			    strlen(seg));
			buf_printf(&b, "/%s", tmpl_eval(vc->spec, names[i]));
			seg = next;
		}
	}
	json_t *j = json_string(buf_str(&b));
	buf_free(&b);
	return j;
}

static json_t *
id1(const struct valctx *vc, const struct scope *sc, enum res r,
    const struct tmpl *a)
{
	const struct tmpl *names[] = {a};

	return resid(vc, sc, restype_get(r)->type, names, 1);
}

static json_t *
id2(const struct valctx *vc, const struct scope *sc, enum res r,
    const struct tmpl *a, const struct tmpl *b)
{
	const struct tmpl *names[] = {a, b};

	return resid(vc, sc, restype_get(r)->type, names, 2);
}

/* Name of a child resource in a template: "parent/child" (n names:
 * "app/slot/ftp"). */
static json_t *
child_names(const struct valctx *vc, const struct tmpl *const *t, size_t n)
{
	bool lits = true;
	struct buf b = {0};

	for (size_t i = 0; i < n; i++)
		lits &= tmpl_is_literal(t[i]);
	if (vc->mode == VAL_REST || lits) {
		for (size_t i = 0; i < n; i++)
			buf_printf(&b, "%s%s", i ? "/" : "", tmpl_eval(vc->spec,
			    t[i]));
		const char *name = arena_strdup(ar(vc), buf_str(&b));
		buf_free(&b);
		return json_string(vc->mode == VAL_REST ? name :
		    tmpl_arm_literal(vc->spec, name));
	}
	buf_puts(&b, "[format('{0}");
	for (size_t i = 1; i < n; i++)
		buf_printf(&b, "/{%zu}", i);
	buf_puts(&b, "'");
	for (size_t i = 0; i < n; i++) {
		buf_puts(&b, ", ");
		tmpl_arm_expr_at(&b, t[i], nested(vc));
	}
	buf_puts(&b, ")]");
	json_t *j = json_string(buf_str(&b));
	buf_free(&b);
	return j;
}

static json_t *
child_name(const struct valctx *vc, const struct tmpl *parent,
    const struct tmpl *child)
{
	const struct tmpl *t[] = {parent, child};

	return child_names(vc, t, 2);
}

static json_t *
base(const struct valctx *vc, enum res r, json_t *name)
{
	const struct restype *rt = restype_get(r);
	json_t *o = json_object();

	json_object_set_new(o, "type", lit(rt->type));
	json_object_set_new(o, "apiVersion", lit(rt->api));
	json_object_set_new(o, "name", name);
	(void)vc;
	return o;
}

/* The tags a naming hook's tags() gave (naming.c), on a resource whose
 * ARM schema has "tags"; a value that looks like an expression is
 * escaped in a template. Nothing when there are none. */
static void
set_tags(const struct valctx *vc, json_t *o, const struct kvlist *t)
{
	if (!t->n)
		return;
	json_t *j = json_object();
	for (size_t i = 0; i < t->n; i++)
		json_object_set_new(j, t->items[i].key, lit(vc->mode == VAL_ARM ?
		    tmpl_arm_literal(vc->spec, t->items[i].value) :
		    t->items[i].value));
	json_object_set_new(o, "tags", j);
}

static json_t *
subnet_id(const struct valctx *vc, const struct subnet *sn)
{
	return id2(vc, sn->vnet->scope, RES_SUBNET, &sn->vnet->name,
	    &sn->name);
}

static json_t *
prefixes_json(const struct prefix *p, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		char buf[CIDR_STRLEN];
		if (p[i].ok)
			cidr_format(&p[i].c, buf);
		json_array_append_new(a, lit(p[i].ok ? buf :
		    p[i].text ? p[i].text : ""));
	}
	return a;
}

/* The id of an NSG, route table or NAT gateway: by its name in its
 * scope, its VNet's (one vnetc creates, or an existing one named so), or
 * the id an existing one is given by (any group). */
static json_t *
netres_id(const struct valctx *vc, enum res r, const struct netres *nr)
{
	return nr->id.nsegs ? body_str(vc, &nr->id) : id1(vc, nr->scope, r,
	    &nr->name);
}

static json_t *
subnet_json(const struct valctx *vc, const struct subnet *sn)
{
	json_t *o = json_object(), *pr = json_object();

	json_object_set_new(o, "name", body_str(vc, &sn->name));
	json_t *pfx = prefixes_json(sn->prefixes, sn->nprefixes);
	if (json_array_size(pfx) == 1) {
		json_object_set(pr, "addressPrefix", json_array_get(pfx, 0));
		json_decref(pfx);
	} else {
		json_object_set_new(pr, "addressPrefixes", pfx);
	}
	if (sn->delegation) {
		json_t *d = json_object(), *dp = json_object();
		/* az names delegations "0", "1", ...; the service name reads
		 * better and is just as stable, but a child name cannot hold
		 * '/': Microsoft.Web/serverFarms -> Microsoft.Web.serverFarms,
		 * the dotted form az itself accepts. */
		char *dn = arena_strdup(ar(vc), sn->delegation);
		for (char *c = dn; *c; c++)
			if (*c == '/')
				*c = '.';
		json_object_set_new(d, "name", lit(dn));
		json_object_set_new(dp, "serviceName", lit(sn->delegation));
		json_object_set_new(d, "properties", dp);
		json_object_set_new(pr, "delegations",
		    json_pack("[o]", d));
	}
	if (sn->pe_policies)
		json_object_set_new(pr, "privateEndpointNetworkPolicies",
		    lit(sn->pe_policies));
	if (sn->pls_policies)
		json_object_set_new(pr, "privateLinkServiceNetworkPolicies",
		    lit(sn->pls_policies));
	if (sn->outbound_access >= 0)
		json_object_set_new(pr, "defaultOutboundAccess",
		    json_boolean(sn->outbound_access));
	if (sn->nsg)
		json_object_set_new(pr, "networkSecurityGroup", json_pack(
		    "{s:o}", "id", netres_id(vc, RES_NSG, &sn->nsg->r)));
	if (sn->rt)
		json_object_set_new(pr, "routeTable", json_pack("{s:o}", "id",
		    netres_id(vc, RES_RT, &sn->rt->r)));
	if (sn->nat)
		json_object_set_new(pr, "natGateway", json_pack("{s:o}", "id",
		    netres_id(vc, RES_NATGW, &sn->nat->r)));
	if (sn->nses) {
		/* locations only when the spec gives them: Azure fills in
		 * its own otherwise (docs/azure-notes.md 15.4) */
		json_t *a = json_array();
		for (size_t i = 0; i < sn->nses; i++) {
			const struct svcendpoint *e = &sn->ses[i];
			json_t *x = json_pack("{s:s}", "service", e->service);
			if (e->nlocations) {
				json_t *l = json_array();
				for (size_t k = 0; k < e->nlocations; k++)
					json_array_append_new(l,
					    lit(e->locations[k]));
				json_object_set_new(x, "locations", l);
			}
			json_array_append_new(a, x);
		}
		json_object_set_new(pr, "serviceEndpoints", a);
	}
	json_object_set_new(o, "properties", pr);
	return o;
}

/* ---- subnet security (issue 18): NSGs with their rules, route tables
 * with their routes, written inline in one PUT each: the set the spec
 * states is the resource's (docs/outputs.md) ---- */

/* A rule's address: "*", a tag, one prefix (the singular field) or
 * several (the plural one), as ARM's SecurityRulePropertiesFormat has
 * them. */
static void
rule_addr(json_t *p, const char *one, const char *many, const struct addr *a)
{
	char t[CIDR_STRLEN];

	if (a->kind == ADDR_TAG) {
		json_object_set_new(p, one, lit(a->tag));
	} else if (a->kind != ADDR_PREFIXES) {
		json_object_set_new(p, one, lit("*"));
	} else if (a->nall == 1) {
		netsec_prefix_text(&a->all[0], t);
		json_object_set_new(p, one, lit(t));
	} else {
		json_t *l = json_array();
		for (size_t i = 0; i < a->nall; i++) {
			netsec_prefix_text(&a->all[i], t);
			json_array_append_new(l, lit(t));
		}
		json_object_set_new(p, many, l);
	}
}

static void
rule_ports(json_t *p, const char *one, const char *many,
    const struct ports *x)
{
	char t[16];

	if (x->n <= 1) {
		if (x->n)
			netsec_port_text(&x->r[0], t);
		json_object_set_new(p, one, lit(x->n ? t : "*"));
		return;
	}
	json_t *l = json_array();
	for (size_t i = 0; i < x->n; i++) {
		netsec_port_text(&x->r[i], t);
		json_array_append_new(l, lit(t));
	}
	json_object_set_new(p, many, l);
}

static json_t *
rule_json(const struct valctx *vc, const struct secrule *r)
{
	json_t *p = json_object();

	if (r->description.nsegs)
		json_object_set_new(p, "description",
		    body_str(vc, &r->description));
	json_object_set_new(p, "protocol", lit(netsec_proto(r->proto)));
	rule_ports(p, "sourcePortRange", "sourcePortRanges", &r->sports);
	rule_ports(p, "destinationPortRange", "destinationPortRanges",
	    &r->dports);
	rule_addr(p, "sourceAddressPrefix", "sourceAddressPrefixes", &r->src);
	rule_addr(p, "destinationAddressPrefix", "destinationAddressPrefixes",
	    &r->dst);
	json_object_set_new(p, "access", lit(r->deny ? "Deny" : "Allow"));
	json_object_set_new(p, "priority", json_integer(r->priority));
	json_object_set_new(p, "direction", lit(r->outbound ? "Outbound" :
	    "Inbound"));
	return json_pack("{s:o,s:o}", "name", body_str(vc, &r->name),
	    "properties", p);
}

static json_t *
nsg_json(const struct valctx *vc, const struct nsg *g)
{
	json_t *o, *rules;

	if (g->r.existing)
		return NULL; /* attached, never written */
	rules = json_array();
	o = base(vc, RES_NSG, body_str(vc, &g->r.name));
	json_object_set_new(o, "location", body_str(vc, &g->r.location));
	set_tags(vc, o, &g->r.tags);
	for (size_t i = 0; i < g->nrules; i++)
		json_array_append_new(rules, rule_json(vc, &g->rules[i]));
	json_object_set_new(o, "properties", json_pack("{s:o}",
	    "securityRules", rules));
	return o;
}

static json_t *
route_json(const struct valctx *vc, const struct route *r)
{
	json_t *p = json_object();
	char t[CIDR_STRLEN];

	if (r->prefix.kind == ADDR_TAG) {
		json_object_set_new(p, "addressPrefix", lit(r->prefix.tag));
	} else {
		if (r->prefix.nall)
			netsec_prefix_text(&r->prefix.all[0], t);
		json_object_set_new(p, "addressPrefix", lit(r->prefix.nall ? t :
		    ""));
	}
	json_object_set_new(p, "nextHopType", lit(netsec_hop(r->hop)));
	if (r->nh.nsegs)
		json_object_set_new(p, "nextHopIpAddress", body_str(vc, &r->nh));
	return json_pack("{s:o,s:o}", "name", body_str(vc, &r->name),
	    "properties", p);
}

static json_t *
rt_json(const struct valctx *vc, const struct rtable *t)
{
	json_t *o, *p, *routes;

	if (t->r.existing)
		return NULL;
	p = json_object();
	routes = json_array();
	o = base(vc, RES_RT, body_str(vc, &t->r.name));
	json_object_set_new(o, "location", body_str(vc, &t->r.location));
	set_tags(vc, o, &t->r.tags);
	/* the portal's "propagate gateway routes" is ARM's opposite */
	if (t->propagate >= 0)
		json_object_set_new(p, "disableBgpRoutePropagation",
		    json_boolean(!t->propagate));
	for (size_t i = 0; i < t->nroutes; i++)
		json_array_append_new(routes, route_json(vc, &t->routes[i]));
	json_object_set_new(p, "routes", routes);
	json_object_set_new(o, "properties", p);
	return o;
}

/* A NAT gateway's zone, as the zones array of it and its public IPs. */
static void
set_zone(json_t *o, int zone)
{
	char z[4];

	if (!zone)
		return;
	snprintf(z, sizeof(z), "%d", zone);
	json_object_set_new(o, "zones", json_pack("[s]", z));
}

/* Standard (NAT gateway takes no Basic public IP), static, IPv4 (a
 * Standard NAT gateway takes no IPv6 one): docs/azure-notes.md 15.6. */
static json_t *
pip_json(const struct valctx *vc, const struct pip *ip)
{
	json_t *o = base(vc, RES_PIP, body_str(vc, &ip->name));

	json_object_set_new(o, "location", body_str(vc, &ip->nat->r.location));
	set_tags(vc, o, &ip->tags);
	json_object_set_new(o, "sku", json_pack("{s:s}", "name", "Standard"));
	set_zone(o, ip->nat->zone);
	json_object_set_new(o, "properties", json_pack("{s:s,s:s}",
	    "publicIPAllocationMethod", "Static", "publicIPAddressVersion",
	    "IPv4"));
	return o;
}

static json_t *
natgw_json(const struct valctx *vc, const struct natgw *g)
{
	json_t *o, *p, *ips;

	if (g->r.existing)
		return NULL;
	p = json_object();
	ips = json_array();
	o = base(vc, RES_NATGW, body_str(vc, &g->r.name));
	json_object_set_new(o, "location", body_str(vc, &g->r.location));
	set_tags(vc, o, &g->r.tags);
	json_object_set_new(o, "sku", json_pack("{s:s}", "name", "Standard"));
	set_zone(o, g->zone);
	if (g->has_idle)
		json_object_set_new(p, "idleTimeoutInMinutes",
		    json_integer(g->idle));
	for (size_t i = 0; i < g->npips; i++)
		json_array_append_new(ips, json_pack("{s:o}", "id",
		    g->pips[i].existing ? body_str(vc, &g->pips[i].id) :
		    id1(vc, g->r.scope, RES_PIP, &g->pips[i].name)));
	json_object_set_new(p, "publicIpAddresses", ips);
	json_object_set_new(o, "properties", p);
	return o;
}

static json_t *
vnet_json(const struct valctx *vc, const struct vnet *vn)
{
	json_t *o = base(vc, RES_VNET, body_str(vc, &vn->name));
	json_t *p = json_object(), *subs = json_array();

	json_object_set_new(o, "location", body_str(vc, &vn->location));
	set_tags(vc, o, &vn->tags);
	json_object_set_new(p, "addressSpace", json_pack("{s:o}",
	    "addressPrefixes", prefixes_json(vn->space, vn->nspace)));
	/* A spoke that resolves through the hub's resolver or firewall
	 * (docs/azure-notes.md, landing zones) */
	if (vn->ndns_servers) {
		json_t *a = json_array();
		for (size_t i = 0; i < vn->ndns_servers; i++) {
			char buf[CIDR_STRLEN];
			cidr_format_addr(vn->dns_servers[i].c.family,
			    vn->dns_servers[i].c.addr, buf);
			json_array_append_new(a, lit(buf));
		}
		json_object_set_new(p, "dhcpOptions", json_pack("{s:o}",
		    "dnsServers", a));
	}
	/* Subnets inline: ARM fails parallel subnet writes, and a VNet PUT
	 * that lists them keeps them (docs/azure-notes.md 5.3). */
	for (size_t i = 0; i < vn->nsubnets; i++)
		json_array_append_new(subs, subnet_json(vc, &vn->subnets[i]));
	json_object_set_new(p, "subnets", subs);
	json_object_set_new(o, "properties", p);
	return o;
}

static json_t *
zone_json(const struct valctx *vc, const struct zone *z)
{
	json_t *o = base(vc, RES_PDNSZ, body_str(vc, &z->rname));

	json_object_set_new(o, "location", lit("global"));
	set_tags(vc, o, &z->tags);
	json_object_set_new(o, "properties", json_object());
	return o;
}

static json_t *
link_json(const struct valctx *vc, const struct link *l)
{
	json_t *o = base(vc, RES_LINK, child_name(vc, &l->zone->rname,
	    &l->name));

	json_object_set_new(o, "location", lit("global"));
	set_tags(vc, o, &l->tags);
	json_object_set_new(o, "properties", json_pack("{s:b,s:{s:o}}",
	    "registrationEnabled", 0, "virtualNetwork", "id",
	    id1(vc, l->vnet->scope, RES_VNET, &l->vnet->name)));
	return o;
}

/* Access to the remote VNet on; forwarded traffic as the spec says
 * (allow_forwarded_traffic: a hub's appliance forwards into this VNet),
 * off by default; gateway transit as it says (allow_gateway_transit,
 * use_remote_gateways), off by default. All four are written out: az's
 * create defaults --allow-vnet-access to false, ARM's to true. No tags:
 * peerings take none. */
static json_t *
peer_json(const struct valctx *vc, const struct peering *pr)
{
	json_t *o = base(vc, RES_PEER, child_name(vc, &pr->vnet->name,
	    &pr->name));

	json_object_set_new(o, "properties", json_pack("{s:b,s:b,s:b,s:b,"
	    "s:{s:o}}", "allowVirtualNetworkAccess", 1,
	    "allowForwardedTraffic", pr->fwd, "allowGatewayTransit",
	    pr->gw_transit, "useRemoteGateways", pr->use_remote_gw,
	    "remoteVirtualNetwork", "id",
	    id1(vc, pr->remote->scope, RES_VNET, &pr->remote->name)));
	return o;
}

static json_t *
target_id(const struct valctx *vc, const struct backend *b)
{
	const struct tmpl *names[] = {&b->name};

	return resid(vc, b->scope, b->type, names, 1);
}

static json_t *
pe_json(const struct valctx *vc, const struct pe *pe)
{
	json_t *o = base(vc, RES_PE, body_str(vc, &pe->name));
	json_t *conn = json_pack("{s:o,s:{s:o,s:[s]}}",
	    "name", body_str(vc, &pe->conn_name),
	    "properties", "privateLinkServiceId", target_id(vc, pe->target),
	    "groupIds", pe->group ? pe->group : "");

	/* The endpoint lives in its VNet's region (docs/azure-notes.md 3.1). */
	json_object_set_new(o, "location", pe->subnet ?
	    body_str(vc, &pe->subnet->vnet->location) :
	    body_str(vc, &vc->spec->location));
	set_tags(vc, o, &pe->tags);
	json_object_set_new(o, "properties", json_pack("{s:{s:o},s:[o]}",
	    "subnet", "id", pe->subnet ? subnet_id(vc, pe->subnet) : lit(""),
	    "privateLinkServiceConnections", conn));
	return o;
}

static json_t *
zg_json(const struct valctx *vc, const struct pe *pe)
{
	json_t *o = base(vc, RES_ZG, child_name(vc, &pe->name, &pe->zg_name));
	json_t *cfgs = json_array();

	/* az's --zone-name is the config name; the tutorial uses the zone's
	 * own name for it. */
	for (size_t i = 0; i < pe->nzones; i++)
		json_array_append_new(cfgs, json_pack("{s:s,s:{s:o}}",
		    "name", pe->zones[i]->name, "properties",
		    "privateDnsZoneId", id1(vc, pe->zones[i]->scope, RES_PDNSZ,
		    &pe->zones[i]->rname)));
	json_object_set_new(o, "properties", json_pack("{s:o}",
	    "privateDnsZoneConfigs", cfgs));
	return o;
}

static void
app_props(const struct valctx *vc, const struct app *a, json_t *p)
{
	if (a->farm)
		json_object_set_new(p, "serverFarmId", id1(vc,
		    a->farm->scope, RES_ASP, &a->farm->name));
	if (a->https_only >= 0)
		json_object_set_new(p, "httpsOnly", json_boolean(a->https_only));
	if (a->integration) {
		json_object_set_new(p, "virtualNetworkSubnetId",
		    subnet_id(vc, a->integration));
		/* az webapp vnet-integration add turns Route All on; say it
		 * explicitly so both outputs agree
		 * (docs/azure-notes.md 2.5). */
		json_object_set_new(p, "vnetRouteAllEnabled",
		    json_boolean(a->route_all));
	}
}

/* ---- back ends vnetc creates (issue 16) ---- */

const char body_owner_tag[] = "managed-by", body_spec_tag[] = "vnetc-spec";

/* vnetc's ownership tags, then the naming hook's: apply refuses to write
 * over a resource of the name without them, and destroy deletes only one
 * that has them (docs/outputs.md, "What vnetc creates"). */
static void
owner_tags(const struct valctx *vc, json_t *o, const struct kvlist *t)
{
	set_tags(vc, o, t);
	json_t *j = json_object_get(o, "tags");
	if (!j) {
		j = json_object();
		json_object_set_new(o, "tags", j);
	}
	json_object_set_new(j, body_owner_tag, lit("vnetc"));
	json_object_set_new(j, body_spec_tag, lit(vc->mode == VAL_ARM ?
	    tmpl_arm_literal(vc->spec, vc->spec->owner) : vc->spec->owner));
}

bool
body_owned(const struct spec *s, json_t *res)
{
	const char *sp = body_owner_of(res);

	return sp && strcmp(sp, s->owner) == 0;
}

const char *
body_owner_of(json_t *res)
{
	json_t *t = json_object_get(res, "tags");
	const char *o = json_string_value(json_object_get(t, body_owner_tag));
	const char *sp = json_string_value(json_object_get(t, body_spec_tag));

	return o && sp && strcmp(o, "vnetc") == 0 ? sp : NULL;
}

/* The firewall's members of a back end's ACL (spec.c parse_firewall):
 * the lists the spec writes, whole (they replace Azure's: ARM's union()
 * and merge_into replace arrays), and bypass; a created back end gets
 * every member (empty lists, bypass unless written its create default:
 * AzureServices, an AI services account's None, cog_props). */
static void
fw_acl(const struct valctx *vc, const struct backend *b, json_t *acl,
    bool all)
{
	const struct firewall *fw = &b->fw;
	const struct fwtype *ft = backtype_find(b->type)->fw;
	const char *bk = fw_bypass_key(ft);

	/* A storage account's combination ("Logging, Metrics": "any
	 * combination of Logging|Metrics|AzureServices", its REST spec) is
	 * a value Azure takes that the official template schema's enum
	 * lacks: a template says it through an expression, which the schema
	 * lets through. Its words are backtypes.c's: no quote to escape. */
	const char *by = fw->bypass ? fw->bypass : ft && ft->created ?
	    ft->created : "AzureServices"; /* created: the type's default */
	if (fw->bypass && strchr(fw->bypass, ',') && vc->mode == VAL_ARM)
		json_object_set_new(acl, bk, json_string(arena_printf(
		    ar(vc), "[string('%s')]", fw->bypass)));
	else if ((fw->bypass || all) && ft && ft->bypass_bool)
		json_object_set_new(acl, bk, json_boolean(strcmp(by,
		    "AzureServices") == 0));
	else if (fw->bypass || all)
		json_object_set_new(acl, bk, lit(by));
	if (fw->has_ips || all) {
		json_t *a = json_array();
		for (size_t i = 0; i < fw->nips; i++) {
			json_t *r = json_pack("{s:s}", fw_ip_key(ft),
			    fw->ips[i].value);
			if (ft && ft->action)
				json_object_set_new(r, "action", lit("Allow"));
			json_array_append_new(a, r);
		}
		json_object_set_new(acl, "ipRules", a);
	}
	if (fw->has_subnets || all) {
		json_t *a = json_array();
		for (size_t i = 0; i < fw->nsubnets; i++) {
			if (!fw->subnets || !fw->subnets[i])
				continue;
			json_t *r = json_pack("{s:o}", "id", subnet_id(vc,
			    fw->subnets[i]));
			if (ft && ft->subnet_obj) /* {"subnet": {"id"}} */
				r = json_pack("{s:o}", "subnet", r);
			else if (ft && ft->action)
				json_object_set_new(r, "action", lit("Allow"));
			json_array_append_new(a, r);
		}
		json_object_set_new(acl, "virtualNetworkRules", a);
	}
}

/* What deny (true) or enabled (false) sets in a firewall beside its
 * rules: its default action, Deny or Allow; on a type without one (.fw
 * gate, Cosmos DB) the gate, and enabled empties the IP rules, which
 * would still keep out everyone else (backtypes.c fw_cosmos). */
static void
fw_gate(json_t *acl, const struct fwtype *ft, bool deny)
{
	if (!ft || !ft->gate) {
		json_object_set_new(acl, "defaultAction", json_string(deny ?
		    "Deny" : "Allow"));
		return;
	}
	json_object_set_new(acl, ft->gate, json_boolean(deny));
	if (!deny)
		json_object_set_new(acl, "ipRules", json_array());
}

/* The type of a firewall step's back end (STEP_FIREWALL: plan.c makes
 * one only for a type whose firewall is a child resource). */
static const struct fwtype *
fw_child(const struct step *st)
{
	const struct fwtype *ft = backtype_find(st->u.backend->type)->fw;

	assert(ft && ft->child_type);
	return ft;
}

/* The child's own name ("default"), as a name template. */
static const struct tmpl *
fw_child_name(const struct step *st)
{
	static struct seg seg;
	static const struct tmpl t = {.segs = &seg, .nsegs = 1};

	seg.lit = fw_child(st)->child_name;
	return &t;
}

/* The properties a firewall child resource gets: the default action as
 * public_access says (deny: Deny; disabled keeps it, its rules are
 * written for later) and the rules; a created back end's child gets every
 * member (fw_acl). Never publicNetworkAccess (.child_omit): the lock or
 * the create body sets it on the back end itself. */
static json_t *
fw_child_props(const struct valctx *vc, const struct backend *b)
{
	json_t *acl = json_object();

	if (b->access == ACCESS_DENY || b->access == ACCESS_ENABLED)
		fw_gate(acl, backtype_find(b->type)->fw, b->access ==
		    ACCESS_DENY);
	fw_acl(vc, b, acl, b->cr.is);
	return acl;
}

/* props[bt->acl] = acl (stolen), or acl's members in props itself where
 * the type's firewall is members of its properties (acl ""). */
static void
acl_put(json_t *props, const struct backtype *bt, json_t *acl)
{
	if (*bt->acl)
		json_object_set_new(props, bt->acl, acl);
	else
		json_object_update_new(props, acl);
}

/* The tenant a created resource names: the deployment's in a template,
 * the token's for the executor; NULL for a plan that has none (nothing
 * compared, nothing written: apply.c find_tenant). New reference. */
static json_t *
tenant(const struct valctx *vc)
{
	return vc->mode == VAL_ARM ? lit("[subscription().tenantId]") :
	    vc->tenant ? lit(vc->tenant) : NULL;
}

/* An Azure SQL server vnetc creates (Microsoft.Sql 2023-08-01
 * ServerProperties): Microsoft Entra-only authentication
 * (administrators.azureADOnlyAuthentication), so no administratorLogin
 * and no password; minimalTlsVersion 1.2; public network access
 * disabled. administrators "can only be used at server create time. If
 * used for server update, it will be ignored or it will result in an
 * error": the executor leaves it out of a PUT over the server
 * (backtypes.c .omit, exec.c), and a template deployed again over it
 * fails there (docs/azure-notes.md). */
static json_t *
sql_props(const struct valctx *vc, const struct backend *b)
{
	const struct create *cr = &b->cr;
	json_t *ad = json_pack("{s:s,s:b,s:o,s:o,s:s}", "administratorType",
	    "ActiveDirectory", "azureADOnlyAuthentication", 1, "login",
	    body_str(vc, &cr->admin_login), "sid", body_str(vc,
	    &cr->admin_oid), "principalType", cr->admin_type ? cr->admin_type :
	    "Group");
	json_t *t = tenant(vc);

	if (t)
		json_object_set_new(ad, "tenantId", t);
	return json_pack("{s:s,s:s,s:s,s:o}", "version", "12.0",
	    "minimalTlsVersion", cr->min_tls, "publicNetworkAccess",
	    b->access == ACCESS_DISABLED ? "Disabled" : "Enabled",
	    "administrators", ad);
}

/* A database of a created SQL server (2023-08-01 servers/databases): its
 * SKU by name (Basic, S0, GP_S_Gen5_1, ...), tagged as its server. */
static json_t *
sqldb_json(const struct valctx *vc, const struct sqldb *d)
{
	json_t *o = json_object();

	json_object_set_new(o, "type", lit(restype_get(RES_SQLDB)->type));
	json_object_set_new(o, "apiVersion", lit(backtype_api(backtype_find(
	    d->server->type))));
	json_object_set_new(o, "name", child_name(vc, &d->server->name,
	    &d->name));
	json_object_set_new(o, "location", body_str(vc, &vc->spec->location));
	owner_tags(vc, o, &d->server->tags);
	json_object_set_new(o, "sku", json_pack("{s:s}", "name", d->sku));
	json_object_set_new(o, "properties", json_object());
	return o;
}

/* An Azure AI services account vnetc creates (Microsoft.CognitiveServices
 * 2024-10-01 Account): its kind and SKU, the custom subdomain its private
 * endpoint and Microsoft Entra ID need, local (key) authentication off
 * (disableLocalAuth), public network access disabled and the firewall
 * denying, trusted Azure services not let through (bypass None). */
static json_t *
cog_props(const struct valctx *vc, const struct backend *b, json_t *o)
{
	const struct create *cr = &b->cr;

	json_object_set_new(o, "kind", lit(cr->kind ? cr->kind : ""));
	json_object_set_new(o, "sku", json_pack("{s:s}", "name", cr->sku));
	return json_pack("{s:o,s:b,s:s,s:{s:s,s:s,s:[],s:[]}}",
	    "customSubDomainName", body_str(vc, &b->ex.subdomain),
	    "disableLocalAuth", !cr->local_auth, "publicNetworkAccess",
	    b->access == ACCESS_DISABLED ? "Disabled" : "Enabled",
	    "networkAcls", "defaultAction", b->access == ACCESS_ENABLED ?
	    "Allow" : "Deny", "bypass", "None", "ipRules",
	    "virtualNetworkRules");
}

/* Soft delete, "automatically enabled for all stores in the Standard and
 * Premium tiers", and purge protection with it
 * (learn.microsoft.com/azure/azure-app-configuration/concept-soft-delete):
 * a Free or Developer store takes neither. */
bool
appcs_soft_delete(const struct create *cr)
{
	return streqi(cr->sku, "standard") || streqi(cr->sku, "premium");
}

/* A Cosmos DB account vnetc creates (Microsoft.DocumentDB 2024-11-15
 * DatabaseAccountCreateUpdateProperties): its API as kind and capability
 * (GlobalDocumentDB for Sql; MongoDB with its server version; EnableCassandra,
 * EnableGremlin, EnableTable, as the property's description names
 * them), in the spec's region alone (locations and
 * databaseAccountOfferType are required), its default consistency; keys
 * off where its API takes Microsoft Entra ID (spec.c), TLS 1.2 ("The
 * default value is Tls 1.2", written all the same), public network
 * access disabled, no trusted service let through the firewall. */
static json_t *
cosmos_props(const struct valctx *vc, const struct backend *b, json_t *o)
{
	const struct create *cr = &b->cr;
	bool mongo = streqi(cr->kind, "MongoDB"), sql = streqi(cr->kind, "Sql");
	json_t *caps = json_array(), *p;

	json_object_set_new(o, "kind", lit(mongo ? "MongoDB" :
	    "GlobalDocumentDB"));
	if (!sql)
		json_array_append_new(caps, json_pack("{s:s}", "name", mongo ?
		    "EnableMongo" : arena_printf(&vc->spec->arena, "Enable%s",
		    cr->kind)));
	p = json_pack("{s:s,s:[{s:o,s:i,s:b}],s:{s:s},s:o,s:b,s:s,s:s,s:s}",
	    "databaseAccountOfferType", "Standard", "locations",
	    "locationName", body_str(vc, &vc->spec->location),
	    "failoverPriority", 0, "isZoneRedundant", 0, "consistencyPolicy",
	    "defaultConsistencyLevel", cr->consistency, "capabilities", caps,
	    "disableLocalAuth", !cr->local_auth, "minimalTlsVersion", "Tls12",
	    "publicNetworkAccess", b->access == ACCESS_DISABLED ? "Disabled" :
	    "Enabled", "networkAclBypass", "None");
	/* "Currently, supported only for MongoDB API"; 4.2, the version
	 * Microsoft's quickstart template (Azure/azure-quickstart-templates,
	 * quickstarts/microsoft.documentdb/cosmosdb-mongodb) defaults to */
	if (mongo)
		json_object_set_new(p, "apiProperties", json_pack("{s:s}",
		    "serverVersion", "4.2"));
	return p;
}

/* A Service Bus namespace vnetc creates (Microsoft.ServiceBus 2024-01-01
 * SBNamespaceProperties): Premium, which private endpoints need, with
 * its messaging units; SAS keys off (disableLocalAuth), TLS 1.2,
 * public network access disabled. */
static json_t *
sb_props(const struct backend *b, json_t *o)
{
	const struct create *cr = &b->cr;
	json_t *sku = json_pack("{s:s,s:s}", "name", cr->sku, "tier", cr->sku);

	/* "Messaging units for your service bus premium namespace" */
	if (streqi(cr->sku, "Premium"))
		json_object_set_new(sku, "capacity", json_integer(cr->capacity));
	json_object_set_new(o, "sku", sku);
	return json_pack("{s:b,s:s,s:s}", "disableLocalAuth", !cr->local_auth,
	    "minimumTlsVersion", "1.2", "publicNetworkAccess", b->access ==
	    ACCESS_DISABLED ? "Disabled" : "Enabled");
}

/* An App Configuration store vnetc creates (Microsoft.AppConfiguration
 * 2024-05-01 ConfigurationStoreProperties): standard, access keys off
 * (disableLocalAuth), public network access disabled, soft delete for
 * its days and purge protection, which only the Standard and Premium
 * tiers have (appcs_soft_delete). */
static json_t *
appcs_props(const struct backend *b, json_t *o)
{
	const struct create *cr = &b->cr;
	json_t *p = json_pack("{s:b,s:s}", "disableLocalAuth", !cr->local_auth,
	    "publicNetworkAccess", b->access == ACCESS_DISABLED ? "Disabled" :
	    "Enabled");

	json_object_set_new(o, "sku", json_pack("{s:s}", "name", cr->sku));
	if (appcs_soft_delete(cr)) {
		json_object_set_new(p, "enablePurgeProtection",
		    json_boolean(cr->purge));
		json_object_set_new(p, "softDeleteRetentionInDays",
		    json_integer(cr->soft_days));
	}
	return p;
}

/* A back end created locked: its public access and firewall in the create
 * body (Key Vault and Storage both: publicNetworkAccess, networkAcls with
 * defaultAction and bypass, docs/azure-notes.md 19), so there is no
 * moment when it is open. Key Vault (Microsoft.KeyVault 2023-07-01
 * VaultProperties): tenantId and sku required; enableRbacAuthorization "If
 * null or not specified, the vault is created with the default value of
 * false", so it is always written; enablePurgeProtection "does not accept
 * false as its value", so false leaves it out. Storage (2023-05-01
 * StorageAccountPropertiesCreateParameters): minimumTlsVersion's "default
 * interpretation is TLS 1.0" and allowSharedKeyAccess's null "is
 * equivalent to true", so both are written. */
static json_t *
create_json(const struct valctx *vc, const struct backend *b)
{
	const struct create *cr = &b->cr;
	json_t *o = json_object(), *p;

	json_object_set_new(o, "type", lit(b->rt->type));
	json_object_set_new(o, "apiVersion", lit(backtype_api(backtype_find(
	    b->type))));
	json_object_set_new(o, "name", body_str(vc, &b->name));
	json_object_set_new(o, "location", body_str(vc, &vc->spec->location));
	owner_tags(vc, o, &b->tags);
	if (b->rt->res == RES_SQL) {
		json_object_set_new(o, "properties", sql_props(vc, b));
		return o;
	}
	if (b->rt->res == RES_COSMOS || b->rt->res == RES_SB ||
	    b->rt->res == RES_APPCS) {
		p = b->rt->res == RES_COSMOS ? cosmos_props(vc, b, o) :
		    b->rt->res == RES_SB ? sb_props(b, o) : appcs_props(b, o);
		/* a Cosmos DB account's firewall: members of its properties
		 * (acl_put); disabled leaves them as Azure makes them */
		const struct backtype *bt = backtype_find(b->type);
		if (bt->fw && !bt->fw->child_type && (b->access !=
		    ACCESS_DISABLED || b->fw.given)) {
			json_t *acl = json_object();
			if (b->access != ACCESS_DISABLED)
				fw_gate(acl, bt->fw, b->access == ACCESS_DENY);
			fw_acl(vc, b, acl, b->access != ACCESS_DISABLED);
			acl_put(p, bt, acl);
		}
		json_object_set_new(o, "properties", p);
		return o;
	}
	if (b->rt->res == RES_COG) {
		p = cog_props(vc, b, o);
		fw_acl(vc, b, json_object_get(p, "networkAcls"), false);
		json_object_set_new(o, "properties", p);
		return o;
	}
	if (b->rt->res == RES_KV) {
		p = json_object();
		/* a plan without the tenant (apply.c find_tenant) leaves it
		 * out: nothing to compare, nothing written */
		if (vc->mode == VAL_ARM || vc->tenant)
			json_object_set_new(p, "tenantId", lit(vc->mode ==
			    VAL_ARM ? "[subscription().tenantId]" :
			    vc->tenant));
		json_object_update_new(p, json_pack("{s:{s:s,s:s},s:b,s:b,"
		    "s:i}", "sku", "family", "A", "name", cr->sku,
		    "enableRbacAuthorization", cr->rbac, "enableSoftDelete", 1,
		    "softDeleteRetentionInDays", cr->soft_days));
		if (cr->purge)
			json_object_set_new(p, "enablePurgeProtection",
			    json_true());
	} else {
		json_object_set_new(o, "kind", lit("StorageV2"));
		json_object_set_new(o, "sku", json_pack("{s:s}", "name",
		    cr->sku));
		p = json_pack("{s:s,s:b,s:b,s:b,s:b}", "minimumTlsVersion",
		    "TLS1_2", "supportsHttpsTrafficOnly", 1,
		    "allowBlobPublicAccess", 0, "allowSharedKeyAccess",
		    cr->shared_key, "allowCrossTenantReplication", 0);
	}
	json_object_set_new(p, "publicNetworkAccess", lit(b->access ==
	    ACCESS_DISABLED ? "Disabled" : "Enabled"));
	json_t *acl = json_pack("{s:s}", "defaultAction", b->access ==
	    ACCESS_ENABLED ? "Allow" : "Deny");
	fw_acl(vc, b, acl, true);
	json_object_set_new(p, "networkAcls", acl);
	json_object_set_new(o, "properties", p);
	return o;
}

/* A created plan's kind: its SKU family's (Elastic Premium: "elastic",
 * in Linux and Windows plans alike, as the quickstart
 * function-app-storage-private-endpoints writes it), else its OS's. */
const char *
farm_create_kind(const struct farm *f)
{
	if (restype_sku_kind(f->sku))
		return restype_sku_kind(f->sku);
	return strcmp(f->cr.os, "linux") == 0 ? "linux" : "app";
}

/* A plan vnetc creates (Microsoft.Web 2024-04-01 AppServicePlan): the
 * SKU's name and tier, and reserved, which "If Linux app service plan
 * <code>true</code>, <code>false</code> otherwise" (kind "linux" beside
 * it, as Azure's own templates write it; docs/azure-notes.md 11), and an
 * Elastic Premium plan's maximumElasticWorkerCount. */
static json_t *
farm_create_json(const struct valctx *vc, const struct farm *f)
{
	bool linux = strcmp(f->cr.os, "linux") == 0;
	json_t *o = base(vc, RES_ASP, body_str(vc, &f->name));
	json_t *p = json_pack("{s:b}", "reserved", linux);

	json_object_set_new(o, "location", body_str(vc, &f->location));
	owner_tags(vc, o, &f->tags);
	json_object_set_new(o, "kind", lit(farm_create_kind(f)));
	json_object_set_new(o, "sku", json_pack("{s:s,s:s}", "name", f->sku,
	    "tier", restype_sku_tier(f->sku)));
	if (f->cr.max_workers)
		json_object_set_new(p, "maximumElasticWorkerCount",
		    json_integer(f->cr.max_workers));
	json_object_set_new(o, "properties", p);
	return o;
}

/* ---- function apps vnetc creates (docs/azure-notes.md, "Function apps
 * and their plans vnetc creates") ---- */

const char body_key_mark[] = "{{vnetc:account-key}}";
const char body_client_mark[] = "{{vnetc:client-id}}";

/* A literal as a template of one segment. */
static const struct tmpl *
lit_tmpl(const struct valctx *vc, const char *text)
{
	struct seg *g = arena_alloc(ar(vc), sizeof(*g));
	struct tmpl *t = arena_alloc(ar(vc), sizeof(*t));

	g->lit = text;
	t->segs = g;
	t->nsegs = 1;
	return t;
}

/* The storage suffix of the spec's cloud, for the REST view's connection
 * string (the template asks environment().suffixes.storage): the
 * endpoints of learn.microsoft.com/azure/storage/common/
 * storage-account-overview and its national clouds. */
const char *
body_storage_suffix(const struct spec *s)
{
	return s->cloud == CLOUD_USGOV ? "core.usgovcloudapi.net" :
	    s->cloud == CLOUD_CHINA ? "core.chinacloudapi.cn" :
	    "core.windows.net";
}

/* The host storage's connection string with its account key: listKeys()
 * in the template, evaluated by ARM when it deploys, so no key is in any
 * file; in the REST view body_key_mark, which the executor replaces with
 * the key it reads (POST listKeys) only in the request it sends. */
static json_t *
storage_connection(const struct valctx *vc, const struct backend *b)
{
	const char *api = backtype_api(backtype_find(b->type));

	if (vc->mode == VAL_REST)
		return json_string(arena_printf(ar(vc), "DefaultEndpoints"
		    "Protocol=https;AccountName=%s;EndpointSuffix=%s;"
		    "AccountKey=%s", tmpl_eval(vc->spec, &b->name),
		    body_storage_suffix(vc->spec), body_key_mark));
	json_t *id = target_id(vc, b);
	const char *ids = json_string_value(id);
	struct buf x = {0};
	buf_puts(&x, "[format('DefaultEndpointsProtocol=https;AccountName={0};"
	    "EndpointSuffix={1};AccountKey={2}', ");
	tmpl_arm_expr_at(&x, &b->name, nested(vc));
	/* "[resourceId(...)]" -> listKeys(resourceId(...), 'api') */
	buf_printf(&x, ", environment().suffixes.storage, listKeys(%.*s, "
	    "'%s').keys[0].value)]", (int)strlen(ids) - 2, ids + 1, api);
	json_decref(id);
	json_t *j = json_string(buf_str(&x));
	buf_free(&x);
	return j;
}

static json_t *uai_id(const struct valctx *, const struct identity *);
static const char *inner(const struct valctx *, json_t *);

bool
body_flex(const struct app *a)
{
	const struct app *own = a->slot_of ? a->slot_of : a;

	return own->farm && restype_sku_is(own->farm->sku, "FlexConsumption");
}

/* A Flex Consumption app's deployment container as functionAppConfig
 * names it, by URL: the host storage's blob endpoint and the container
 * (the quickstarts write primaryEndpoints.blob + name; the template
 * builds the same from the account's name and its cloud's storage
 * suffix). */
static json_t *
container_url(const struct valctx *vc, const struct app *a)
{
	const struct backend *b = a->storage.target;

	if (vc->mode == VAL_REST)
		return json_string(arena_printf(ar(vc), "https://%s.blob.%s/%s",
		    tmpl_eval(vc->spec, &b->name),
		    body_storage_suffix(vc->spec), a->cr.share));
	struct buf x = {0};
	buf_puts(&x, "[format('https://{0}.blob.{1}/{2}', ");
	tmpl_arm_expr_at(&x, &b->name, nested(vc));
	buf_puts(&x, ", environment().suffixes.storage, ");
	tmpl_arm_quote(&x, a->cr.share);
	buf_puts(&x, ")]");
	json_t *j = json_string(buf_str(&x));
	buf_free(&x);
	return j;
}

/* functionAppConfig of a Flex Consumption app (Microsoft.Web 2024-04-01
 * FunctionAppConfig, from 2023-12-01 on): its package's container, read
 * with the connection string in AzureWebJobsStorage (authentication
 * StorageAccountConnectionString: one copy of the key, not two), its
 * language and version, and its scale. */
static json_t *
flex_config(const struct valctx *vc, const struct app *a)
{
	const struct create *cr = &a->cr;
	const char *bar = strchr(cr->runtime, '|');
	const struct identity *id = a->storage_identity.target;
	/* with storage_identity: the same identity reads the package
	 * (FunctionsDeploymentStorageAuthentication: SystemAssignedIdentity,
	 * or UserAssignedIdentity with its resource id) */
	json_t *auth = id ? json_pack("{s:s,s:o}", "type",
	    "UserAssignedIdentity", "userAssignedIdentityResourceId",
	    uai_id(vc, id)) : a->storage_system ? json_pack("{s:s}", "type",
	    "SystemAssignedIdentity") : json_pack("{s:s,s:s}", "type",
	    "StorageAccountConnectionString",
	    "storageAccountConnectionStringName", "AzureWebJobsStorage");
	json_t *st = json_pack("{s:s,s:o,s:o}", "type", "blobContainer",
	    "value", container_url(vc, a), "authentication", auth);

	return json_pack("{s:{s:o},s:{s:s,s:s},s:{s:i,s:i}}", "deployment",
	    "storage", st, "runtime", "name", cr->worker, "version",
	    bar ? bar + 1 : "", "scaleAndConcurrency", "maximumInstanceCount",
	    cr->max_instances, "instanceMemoryMB", cr->instance_memory);
}

static void
add_setting(json_t *list, const char *name, json_t *value)
{
	json_array_append_new(list, json_pack("{s:s,s:o}", "name", name,
	    "value", value));
}

/* A Windows app's stack (spec.c win_version): its version in its
 * siteConfig member or app setting (into set, created when NULL), a web
 * app's CURRENT_STACK and Java's container. */
static void
win_props(const struct app *a, json_t *set, json_t *sc)
{
	const struct winver *w = a->cr.win;

	if (!w)
		return;
	if (!w->key) {
		/* a stack vnetc does not know: its name alone (VN412) */
	} else if (w->setting) {
		if (!set)
			json_object_set_new(sc, "appSettings", set =
			    json_array());
		add_setting(set, w->key, lit(a->cr.win_val));
	} else {
		json_object_set_new(sc, w->key, lit(a->cr.win_val));
	}
	if (w->container) {
		json_object_set_new(sc, "javaContainer", lit(w->container));
		json_object_set_new(sc, "javaContainerVersion", lit(
		    a->cr.win_cver));
	}
	if (w->current)
		json_object_set_new(sc, "metadata", json_pack("[{s:s,s:s}]",
		    "name", "CURRENT_STACK", "value", w->current));
}

/* ASP.NET (.NET Framework): the CLR version Azure keeps for each
 * (docs/azure-notes.md, "Windows stacks vnetc sets") */
static const char *const aspnet_versions[] = {"4.8", "v4.0", "3.5", "v2.0",
    NULL};

/* docs/azure-notes.md, "Windows stacks vnetc sets" */
const struct winver win_versions[] = {
	{"dotnet-isolated", "netFrameworkVersion", "v", "8.0", false, false,
	    "--net-framework-version", NULL, NULL, NULL, NULL},
	{"node", "WEBSITE_NODE_DEFAULT_VERSION", "~", "20", true, true,
	    NULL, NULL, NULL, NULL, NULL},
	{"powershell", "powerShellVersion", "", "7.4", false, false,
	    "--powershell-version", NULL, NULL, NULL, NULL},
	{"java", "javaVersion", "", "17", false, false, "--java-version",
	    NULL, NULL, NULL, NULL},
	{0},
}, win_stacks[] = {
	/* before DOTNET, which import would read v2.0 as; v4.0, every
	 * Windows site's default, says neither (import.c win_runtime) */
	{"ASPNET", "netFrameworkVersion", "", "V4.8", false, false,
	    "--net-framework-version", "dotnet", NULL, NULL, aspnet_versions},
	{"DOTNET", "netFrameworkVersion", "v", "8.0", false, false,
	    "--net-framework-version", "dotnet", NULL, NULL, NULL},
	{"NODE", "WEBSITE_NODE_DEFAULT_VERSION", "~", "20-lts", true, true,
	    NULL, "node", NULL, NULL, NULL},
	/* Java SE, its embedded web server */
	{"JAVA", "javaVersion", "", "17", false, false, "--java-version",
	    "java", "JAVA", "SE", NULL},
	/* Tomcat: the container's version from the spec */
	{"TOMCAT", "javaVersion", "", "10.1-java17", false, false,
	    "--java-version", "java", "TOMCAT", NULL, NULL},
	{0},
};

/* The host's connection to its storage through the app's identity
 * (storage_identity:; docs/azure-notes.md 24.1): in Azure's public cloud
 * the account's name (AzureWebJobsStorage__accountName, from which the
 * host builds the core.windows.net service URIs), elsewhere the blob,
 * queue and table service URIs on the cloud's storage suffix; and for a
 * user-assigned identity __credential managedidentity and its client id
 * (a resource id is not taken there), which the template reads with
 * reference(), the executor with a GET (body_client_mark) and the script
 * with az identity show. */
static void
storage_identity_settings(const struct valctx *vc, const struct app *a,
    json_t *set)
{
	static const char *const svc[] = {"blob", "queue", "table"};
	const struct backend *b = a->storage.target;
	const struct identity *id = a->storage_identity.target;

	if (vc->spec->cloud == CLOUD_PUBLIC)
		add_setting(set, "AzureWebJobsStorage__accountName",
		    body_str(vc, &b->name));
	for (size_t i = 0; vc->spec->cloud != CLOUD_PUBLIC && i < NELEM(svc);
	    i++) {
		const char *name = arena_printf(ar(vc),
		    "AzureWebJobsStorage__%sServiceUri", svc[i]);
		if (vc->mode == VAL_REST) {
			add_setting(set, name, json_string(arena_printf(ar(vc),
			    "https://%s.%s.%s", tmpl_eval(vc->spec, &b->name),
			    svc[i], body_storage_suffix(vc->spec))));
			continue;
		}
		struct buf x = {0};
		buf_printf(&x, "[format('https://{0}.%s.{1}', ", svc[i]);
		tmpl_arm_expr_at(&x, &b->name, nested(vc));
		buf_puts(&x, ", environment().suffixes.storage)]");
		add_setting(set, name, json_string(buf_str(&x)));
		buf_free(&x);
	}
	if (!id)
		return;
	add_setting(set, "AzureWebJobsStorage__credential",
	    lit("managedidentity"));
	add_setting(set, "AzureWebJobsStorage__clientId", vc->mode ==
	    VAL_REST ? lit(body_client_mark) : json_string(arena_printf(ar(vc),
	    "[reference(%s, '%s').clientId]", inner(vc, uai_id(vc, id)),
	    restype_get(RES_UAI)->api)));
}

/* What a function app needs to start, in its create body so that its
 * host starts right the first time (as the quickstarts write them): the
 * runtime's major version and language, its host storage, and on Elastic
 * Premium its content share, over the VNet when the storage refuses
 * public traffic (vnetContentShareEnabled, "formerly
 * WEBSITE_CONTENTOVERVNET": learn.microsoft.com/azure/azure-functions/
 * storage-considerations) with runtime scale monitoring for its triggers
 * in the VNet. The user's settings come after, merged. */
static void
function_props(const struct valctx *vc, const struct app *a, json_t *p,
    json_t *sc)
{
	const struct create *cr = &a->cr;
	const struct backend *b = a->storage.target;
	const struct app *own = a->slot_of ? a->slot_of : a;
	json_t *set = json_array();
	bool flex = body_flex(a);

	/* Flex Consumption refuses these two: the runtime is
	 * functionAppConfig's, the host always 4.x (functions-app-settings,
	 * flex-consumption-plan "Deprecated properties") */
	if (!flex) {
		add_setting(set, "FUNCTIONS_EXTENSION_VERSION", lit("~4"));
		add_setting(set, "FUNCTIONS_WORKER_RUNTIME", lit(cr->worker));
	}
	win_props(a, set, sc);
	if (b && own->storage_identity.name)
		storage_identity_settings(vc, own, set);
	else if (b)
		add_setting(set, "AzureWebJobsStorage", storage_connection(vc,
		    b));
	if (flex && b)
		json_object_set_new(p, "functionAppConfig", flex_config(vc, a));
	if (b && cr->share && !flex) {
		add_setting(set, "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
		    storage_connection(vc, b));
		add_setting(set, "WEBSITE_CONTENTSHARE", lit(cr->share));
	}
	/* Elastic Premium only: a Consumption app reaches no VNet (VN368) */
	if (b && cr->share && restype_sku_is(a->farm->sku, "ElasticPremium")) {
		if (b->access == ACCESS_DENY || b->access == ACCESS_DISABLED)
			json_object_set_new(p, "vnetContentShareEnabled",
			    json_true());
		json_object_set_new(sc, "functionsRuntimeScaleMonitoringEnabled",
		    json_true());
	}
	json_object_set_new(sc, "appSettings", set);
}

/* A function app's content share (Microsoft.Storage 2023-05-01
 * storageAccounts/fileServices/shares), made before the app: "you must
 * both explicitly set the WEBSITE_CONTENTSHARE setting and create the
 * file share resource named in this setting" when the storage is secured
 * (learn.microsoft.com/azure/azure-functions/
 * functions-infrastructure-as-code, "Secured deployments"). */
static const struct tmpl *const *
share_names(const struct valctx *vc, const struct app *a)
{
	const struct tmpl **n = arena_alloc(ar(vc), 3 * sizeof(*n));

	n[0] = &((const struct backend *)a->storage.target)->name;
	n[1] = lit_tmpl(vc, "default"); /* fileServices/ or blobServices/ */
	n[2] = lit_tmpl(vc, a->cr.share);
	return n;
}

static json_t *
share_json(const struct valctx *vc, const struct app *a)
{
	const struct tmpl *const *n = share_names(vc, a);
	json_t *name;

	if (vc->mode == VAL_REST || tmpl_is_literal(n[0]))
		name = json_string(arena_printf(ar(vc), "%s/default/%s",
		    tmpl_eval(vc->spec, n[0]), a->cr.share));
	else {
		struct buf x = {0};
		buf_puts(&x, "[format('{0}/default/{1}', ");
		tmpl_arm_expr_at(&x, n[0], nested(vc));
		buf_puts(&x, ", ");
		tmpl_arm_quote(&x, a->cr.share);
		buf_puts(&x, ")]");
		name = json_string(buf_str(&x));
		buf_free(&x);
	}
	json_t *o = base(vc, body_flex(a) ? RES_CONTAINER : RES_SHARE, name);
	/* a package container is private, as every container of a storage
	 * account vnetc creates (allowBlobPublicAccess false) */
	json_object_set_new(o, "properties", body_flex(a) ? json_pack("{s:s}",
	    "publicAccess", "None") : json_object());
	return o;
}

/* ftpsState as SiteConfig spells the spec's ftps: value. */
static const char *
ftps_state(const char *v)
{
	return v[0] == 'd' ? "Disabled" : v[0] == 'f' ? "FtpsOnly" :
	    "AllAllowed";
}

static json_t *
uai_id(const struct valctx *vc, const struct identity *id)
{
	return id1(vc, id->scope, RES_UAI, &id->name);
}

/* A user-assigned identity vnetc creates: a location and vnetc's tags are
 * all it has (Microsoft.ManagedIdentity 2023-01-31 userAssignedIdentities;
 * its principalId and clientId are Azure's answer). */
static json_t *
uai_json(const struct valctx *vc, const struct identity *id)
{
	json_t *o = base(vc, RES_UAI, body_str(vc, &id->name));

	json_object_set_new(o, "location", body_str(vc, &vc->spec->location));
	owner_tags(vc, o, &id->tags);
	return o;
}

/* A created app's managed identities: SystemAssigned, UserAssigned or
 * both, the user-assigned ones keyed by their resource ids (ARM's
 * ManagedServiceIdentity: "The user assigned identities associated with
 * the resource. The user identity dictionary key references will be ARM
 * resource ids"). */
static void
app_identity(const struct valctx *vc, const struct app *a, json_t *o)
{
	if (!a->cr.system_identity && !a->nuais)
		return;
	json_t *j = json_pack("{s:s}", "type", !a->nuais ? "SystemAssigned" :
	    a->cr.system_identity ? "SystemAssigned, UserAssigned" :
	    "UserAssigned");
	if (a->nuais) {
		json_t *u = json_object();
		for (size_t i = 0; i < a->nuais; i++) {
			if (!a->uais[i].target)
				continue;
			json_t *k = uai_id(vc, a->uais[i].target);
			json_object_set_new(u, json_string_value(k),
			    json_object());
			json_decref(k);
		}
		json_object_set_new(j, "userAssignedIdentities", u);
	}
	json_object_set_new(o, "identity", j);
}

/* ---- role assignments (roles:) ---- */

/* The expression inside "[...]" of an ARM string j (stolen): what a
 * template function takes as an argument. Arena-allocated. */
static const char *
inner(const struct valctx *vc, json_t *j)
{
	const char *v = json_string_value(j);
	size_t n = strlen(v);
	const char *e = arena_printf(ar(vc), "%.*s", (int)(n - 2), v + 1);

	json_decref(j);
	return e;
}

/* The id of site a: an app's, or a deployment slot's (APP/SLOT). New
 * reference. */
static json_t *
site_id(const struct valctx *vc, const struct app *a)
{
	if (a->slot_of)
		return id2(vc, a->scope, RES_SLOT, &a->slot_of->name,
		    &a->name);
	return id1(vc, a->scope, RES_APP, &a->name);
}

/* The resource id of a role's principal: the site (its system-assigned
 * identity) or the user-assigned identity. New reference. */
static json_t *
principal_rid(const struct valctx *vc, const struct role *ro)
{
	const struct app *a = ro->app;

	if (ro->system)
		return site_id(vc, a);
	return uai_id(vc, ro->as.target);
}

const char *
body_role_name(const struct valctx *vc, const struct role *ro)
{
	json_t *sc = target_id(vc, ro->on.target), *pr = principal_rid(vc, ro);

	if (vc->mode == VAL_ARM)
		return arena_printf(ar(vc), "[guid(%s, %s, '%s')]", inner(vc,
		    sc), inner(vc, pr), ro->def->guid);
	const char *args[] = {json_string_value(sc), json_string_value(pr),
	    ro->def->guid};
	char u[37];
	arm_guid(args, 3, u);
	json_decref(sc);
	json_decref(pr);
	return arena_strdup(ar(vc), u);
}

/* Its id: the back end's, /providers/Microsoft.Authorization/
 * roleAssignments/NAME (an extension resource). */
static json_t *
role_id(const struct valctx *vc, const struct role *ro)
{
	const char *name = body_role_name(vc, ro);
	const char *type = restype_get(RES_ROLE)->type;

	if (vc->mode == VAL_ARM)
		return json_string(arena_printf(ar(vc), "[extensionResourceId("
		    "%s, '%s', %s)]", inner(vc, target_id(vc, ro->on.target)),
		    type, arena_printf(ar(vc), "%.*s", (int)strlen(name) - 2,
		    name + 1)));
	json_t *sc = target_id(vc, ro->on.target);
	json_t *j = json_string(arena_printf(ar(vc), "%s/providers/%s/%s",
	    json_string_value(sc), type, name));
	json_decref(sc);
	return j;
}

/* The assignment: its role definition at the subscription, its
 * principal (a service principal: a managed identity's) and, in a
 * template, its scope. The principal's object id is Azure's: in a
 * template reference() reads it when the deployment runs; the executor
 * reads it (exec.c) and fills it in; here it is "". */
static json_t *
role_json(const struct valctx *vc, const struct role *ro)
{
	json_t *o = base(vc, RES_ROLE, json_string(body_role_name(vc, ro)));
	json_t *p = json_object();

	if (vc->mode == VAL_ARM) {
		json_object_set_new(o, "scope", target_id(vc, ro->on.target));
		json_object_set_new(p, "roleDefinitionId", json_string(
		    arena_printf(ar(vc), "[subscriptionResourceId('Microsoft."
		    "Authorization/roleDefinitions', '%s')]", ro->def->guid)));
		json_object_set_new(p, "principalId", json_string(ro->system ?
		    arena_printf(ar(vc), "[reference(%s, '%s', 'Full')."
		    "identity.principalId]", inner(vc, principal_rid(vc, ro)),
		    restype_get(ro->app->slot_of ? RES_SLOT : RES_APP)->api) :
		    arena_printf(ar(vc),
		    "[reference(%s, '%s').principalId]", inner(vc,
		    principal_rid(vc, ro)), restype_get(RES_UAI)->api)));
	} else {
		json_object_set_new(p, "roleDefinitionId", json_string(
		    arena_printf(ar(vc), "/subscriptions/%s/providers/"
		    "Microsoft.Authorization/roleDefinitions/%s",
		    vc->subscription, ro->def->guid)));
		json_object_set_new(p, "principalId", lit(""));
	}
	json_object_set_new(p, "principalType", lit("ServicePrincipal"));
	json_object_set_new(o, "properties", p);
	return o;
}

json_t *
body_role_principal(const struct valctx *vc, const struct step *st)
{
	return principal_rid(vc, st->u.role);
}

/* A web app vnetc creates, with its site settings (Microsoft.Web
 * 2024-04-01 SiteProperties, SiteConfig; docs/azure-notes.md, "Plans and
 * web apps vnetc creates"): the
 * app's HTTPS, integration and Route All as for an existing app
 * (app_props), its stack, TLS 1.2 (the site's; its SCM site's
 * scmMinTlsVersion is left at Azure's default, 1.2, as az webapp config
 * set has no option for it), FTPS off (az's default is AllAllowed),
 * HTTP/2, Always On where the tier has it.
 * The basic-auth policies are children of their own (pubcred_json). */
/* What a slot's own keys add to its body: its public network access
 * (its app's unless it says: spec.c parse_app), set as the slot is made.
 * Its app settings are a step of their own, as its app's (STEP_SETTINGS,
 * merged): written after its roles, so that its Key Vault references
 * resolve with its own identity, and with what its {from:} settings
 * read. */
static void
slot_props(const struct app *a, json_t *p)
{
	if (a->slot_access == ACCESS_ENABLED || a->slot_access ==
	    ACCESS_DISABLED)
		json_object_set_new(p, "publicNetworkAccess", lit(
		    a->slot_access == ACCESS_DISABLED ? "Disabled" :
		    "Enabled"));
}

/* A deployment slot (a->slot_of) is the same body under
 * Microsoft.Web/sites/slots, APP/SLOT, with its app's tags and its own
 * HTTPS and integration: Azure copies nothing from the app to a slot
 * (docs/azure-notes.md, "Deployment slots"). */
static json_t *
app_create_json(const struct valctx *vc, const struct app *a)
{
	const struct create *cr = &a->cr;
	const struct app *own = a->slot_of ? a->slot_of : a;
	json_t *o = a->slot_of ? base(vc, RES_SLOT, child_name(vc,
	    &own->name, &a->name)) : base(vc, RES_APP, body_str(vc,
	    &a->name));
	json_t *p = json_object();
	json_t *sc = json_pack("{s:s,s:s,s:b,s:b}", "minTlsVersion",
	    cr->min_tls, "ftpsState", ftps_state(cr->ftps), "alwaysOn",
	    cr->always_on > 0, "http20Enabled", 1);

	json_object_set_new(o, "location", body_str(vc, &vc->spec->location));
	owner_tags(vc, o, &own->tags);
	json_object_set_new(o, "kind", lit(a->ex.kind ? a->ex.kind : "app"));
	app_identity(vc, a, o);
	app_props(vc, a, p);
	/* the identity that resolves its Key Vault references (SiteProperties
	 * keyVaultReferenceIdentity: a user-assigned identity's resource id;
	 * App Service uses the system-assigned one without it) */
	if (a->kv_identity.target)
		json_object_set_new(p, "keyVaultReferenceIdentity",
		    uai_id(vc, a->kv_identity.target));
	/* Flex Consumption: the runtime is functionAppConfig's, and it has
	 * no Always On (flex-consumption-plan, "Deprecated properties") */
	if (cr->runtime && !body_flex(a) && a->ex.os && strcmp(a->ex.os,
	    "linux") == 0 && (!cr->function || strchr(cr->runtime, '|')))
		json_object_set_new(sc, "linuxFxVersion", lit(cr->runtime));
	if (body_flex(a))
		json_object_del(sc, "alwaysOn");
	json_object_set_new(p, "reserved", json_boolean(a->ex.os &&
	    strcmp(a->ex.os, "linux") == 0));
	if (cr->function)
		function_props(vc, a, p, sc);
	else
		win_props(a, json_object_get(sc, "appSettings"), sc);
	if (a->slot_of)
		slot_props(a, p);
	json_object_set_new(p, "siteConfig", sc);
	json_object_set_new(o, "properties", p);
	return o;
}

json_t *
body_site_config(const struct valctx *vc, const struct app *a)
{
	json_t *o = app_create_json(vc, a);
	json_t *sc = json_deep_copy(json_object_get(json_object_get(o,
	    "properties"), "siteConfig"));

	json_decref(o);
	json_object_del(sc, "appSettings");
	/* metadata (a Windows stack's CURRENT_STACK) is write-only: a GET
	 * of config/web answers none (docs/azure-notes.md, "Windows stacks
	 * vnetc sets") */
	json_object_del(sc, "metadata");
	return json_pack("{s:o}", "properties", sc);
}

json_t *
body_site_settings(const struct valctx *vc, const struct app *a)
{
	json_t *o = app_create_json(vc, a);
	json_t *set = json_object_get(json_object_get(json_object_get(o,
	    "properties"), "siteConfig"), "appSettings");
	json_t *p = json_object();

	for (size_t i = 0; i < json_array_size(set); i++) {
		json_t *e = json_array_get(set, i);
		json_object_set(p, json_string_value(json_object_get(e, "name")),
		    json_object_get(e, "value"));
	}
	json_decref(o);
	if (!json_object_size(p)) {
		json_decref(p);
		return NULL;
	}
	return json_pack("{s:o}", "properties", p);
}

static const struct tmpl *
pubcred_name(const struct step *st)
{
	static struct seg ftp = {.lit = "ftp"}, scm = {.lit = "scm"};
	static const struct tmpl t[] = {{.segs = &ftp, .nsegs = 1},
	    {.segs = &scm, .nsegs = 1}};

	return &t[strcmp(st->sub, "scm") == 0];
}

/* "ftp" or "scm" of a created app: "allow": false turns basic auth off
 * for FTP, or for the SCM site and its deployments
 * (learn.microsoft.com/azure/app-service/configure-basic-auth-disable). */
static json_t *
pubcred_json(const struct valctx *vc, const struct step *st)
{
	const struct app *a = st->u.app;
	json_t *o = a->slot_of ? base(vc, RES_SLOTPUBCRED, child_names(vc,
	    (const struct tmpl *[]){&a->slot_of->name, &a->name,
	    pubcred_name(st)}, 3)) : base(vc, RES_PUBCRED, child_name(vc,
	    &a->name, pubcred_name(st)));

	json_object_set_new(o, "properties", json_pack("{s:b}", "allow",
	    a->basic_auth > 0));
	return o;
}

/* ---- an app's access restrictions (access:, spec.c parse_access) ---- */

static struct seg web_seg = {.lit = "web"};
static const struct tmpl web_cfg = {.segs = &web_seg, .nsegs = 1};

/* One list as SiteConfig spells it (Microsoft.Web 2024-04-01
 * IpSecurityRestriction): name, priority, action, and ipAddress (an
 * address or prefix; with tag ServiceTag, a service tag) or
 * vnetSubnetResourceId, as az webapp config access-restriction add writes
 * them (azure-cli appservice/access_restrictions.py). */
static json_t *
ar_rules(const struct valctx *vc, const struct arlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->nrules; i++) {
		const struct arrule *r = &l->rules[i];
		if (r->kind == AR_SUBNET && !r->subnet)
			continue; /* VN302 */
		json_t *o = json_pack("{s:s,s:I,s:s}", "name", r->name,
		    "priority", (json_int_t)r->priority, "action", r->deny ?
		    "Deny" : "Allow");
		if (r->kind == AR_SUBNET) {
			json_object_set_new(o, "vnetSubnetResourceId",
			    subnet_id(vc, r->subnet));
		} else {
			json_object_set_new(o, "ipAddress", lit(r->value));
			if (r->kind == AR_TAG)
				json_object_set_new(o, "tag", lit("ServiceTag"));
		}
		json_array_append_new(a, o);
	}
	return a;
}

/* What access: sets in the app's configuration (config/web): the main
 * site's rules and default action, and whether the SCM site uses them
 * (scmIpSecurityRestrictionsUseMain) or its own. The lists are the
 * spec's whole (they replace Azure's); what it does not write stays. */
static json_t *
access_props(const struct valctx *vc, const struct app *a)
{
	const struct app_access *acc = &a->acc;
	json_t *p = json_pack("{s:o,s:s,s:b}", "ipSecurityRestrictions",
	    ar_rules(vc, &acc->main), "ipSecurityRestrictionsDefaultAction",
	    acc->main.deny ? "Deny" : "Allow",
	    "scmIpSecurityRestrictionsUseMain", !acc->scm_own);

	if (acc->scm_own) {
		json_object_set_new(p, "scmIpSecurityRestrictions",
		    ar_rules(vc, &acc->scm));
		json_object_set_new(p, "scmIpSecurityRestrictionsDefaultAction",
		    lit(acc->scm.deny ? "Deny" : "Allow"));
	}
	return p;
}

/* The template's resource: config/web with the members access: owns
 * only, as templates that set access restrictions write it
 * (docs/azure-notes.md, "An app's own lock-down"); the executor PATCHes
 * the same members. */
static json_t *
access_json(const struct valctx *vc, const struct app *a)
{
	json_t *o = base(vc, RES_SITECONFIG, child_name(vc, &a->name,
	    &web_cfg));

	json_object_set_new(o, "properties", access_props(vc, a));
	return o;
}

/* ---- an app's slot settings (slot_settings:, spec.c) ---- */

static struct seg sticky_seg = {.lit = "slotConfigNames"};
static const struct tmpl sticky_cfg = {.segs = &sticky_seg, .nsegs = 1};

/* The names of the app settings that stay with their slot on a swap:
 * the site's config/slotConfigNames appSettingNames (Microsoft.Web
 * 2024-04-01 SlotConfigNames), the spec's whole list, in its order. */
static json_t *
sticky_props(const struct app *a)
{
	json_t *n = json_array();

	for (size_t i = 0; i < a->nsticky; i++)
		json_array_append_new(n, json_string(a->sticky[i]));
	return json_pack("{s:o}", "appSettingNames", n);
}

static json_t *
sticky_json(const struct valctx *vc, const struct app *a)
{
	json_t *o = base(vc, RES_SITECONFIG, child_name(vc, &a->name,
	    &sticky_cfg));

	json_object_set_new(o, "properties", sticky_props(a));
	return o;
}

bool
body_step_created(const struct step *st)
{
	switch (st->kind) {
	case STEP_CREATE:
	case STEP_SQLDB:
	case STEP_IDENTITY:
	case STEP_ROLE:
	case STEP_SLOT:
		return true;
	case STEP_FARM:
		return st->u.farm->cr.is;
	case STEP_APP:
		return st->u.app->cr.is;
	default:
		return false;
	}
}

/* A back end whose endpoint's zone group a policy makes: the template
 * cannot wait for it (DeployIfNotExists deploys minutes after the
 * endpoint, docs/azure-notes.md), and a lock before it cuts the app off. */
static const char *
lock_left(const struct backend *b)
{
	for (size_t i = 0; i < b->npes; i++)
		if (b->pes[i].zg_policy && b->access != ACCESS_KEEP &&
		    b->access != ACCESS_ENABLED)
			return "the template leaves the lock-down to the script: "
			    "a policy makes the zone group of its endpoint some "
			    "minutes after the endpoint (zone_group: policy), "
			    "which a template cannot wait for; the script and "
			    "vnetc apply wait for it";
	return NULL;
}

/* What the template leaves to the script (VN308), and why: the lock-down
 * of a back end whose zone group a policy makes (lock_left). Every other
 * change the template makes to something that exists is a restatement of
 * it as ARM reads it (restate_json), which needs nothing the spec does not
 * say. */
const char *
body_step_left(const struct step *st)
{
	return st->kind == STEP_LOCK ? lock_left(st->u.backend) : NULL;
}

/* ---- a back end's public access (backtypes.c) ---- */

/* o[path] = v (stolen), path "a" or "a.b": a.b creates or extends o's
 * object a. */
static void
set_path(json_t *o, const char *path, json_t *v)
{
	const char *dot = strchr(path, '.');

	if (!dot) {
		json_object_set_new(o, path, v);
		return;
	}
	json_t *sub = json_object_getn(o, path, (size_t)(dot - path));
	if (!json_is_object(sub)) {
		sub = json_object();
		json_object_setn_new(o, path, (size_t)(dot - path), sub);
	}
	set_path(sub, dot + 1, v);
}

/* What public_access a sets on b, as the members of its properties:
 * {"publicNetworkAccess": "Disabled"}, {"networkAcls": {"defaultAction":
 * "Deny"}}, ...; NULL when a keeps it as it is or b's type cannot take it
 * (spec.c has said VN309). The ACL's other members (ipRules, bypass, ...)
 * are not named: every output merges the change into what exists. */
static json_t *
lock_change(const struct valctx *vc, const struct backend *b, enum access a)
{
	const struct backtype *bt = backtype_find(b->type);
	json_t *p;

	if (a == ACCESS_KEEP || !backtype_supports(bt, a))
		return NULL;
	p = json_object();
	if (a != ACCESS_DENY) {
		const char *v = a == ACCESS_ENABLED ? bt->on : bt->off;
		set_path(p, bt->prop, bt->boolean ? json_boolean(strcmp(v,
		    "true") == 0) : json_string(v));
	}
	/* enabled opens the ACL too: public access with a default Deny
	 * would still refuse the public. */
	if (bt->acl && (a != ACCESS_DISABLED || b->fw.given)) {
		json_t *acl = json_object();
		if (a != ACCESS_DISABLED)
			fw_gate(acl, bt->fw, a == ACCESS_DENY);
		fw_acl(vc, b, acl, false);
		acl_put(p, bt, acl);
	}
	return p;
}

/* dst with src merged in: objects member by member, all the way down,
 * anything else replaced, as ARM's union() does ("merges not only the
 * top-level elements but also recursively ... nested objects"; nested
 * arrays are not merged): the template's restatement, the executor's
 * and the script's end states agree by construction. */
static void
merge_into(json_t *dst, json_t *src)
{
	const char *k;
	json_t *v;

	json_object_foreach(src, k, v) {
		json_t *cur = json_object_get(dst, k);
		if (json_is_object(v) && json_is_object(cur))
			merge_into(cur, v);
		else
			json_object_set_new(dst, k, json_deep_copy(v));
	}
}

/* ---- restating what exists (docs/outputs.md) ---- */

/* What a restatement of an existing resource carries besides location
 * and properties (env: envelope keys as read) and leaves out of its
 * properties (omit), and how its deployment is named. */
struct restate {
	const char *type, *api, *env, *omit;
	const char *what;          /* "lock", "plan", "app" */
	size_t n;                  /* 1-based, in its list of the spec */
	const char *key;           /* the spec's key */
	const struct tmpl *name;
	const struct tmpl *child;  /* a child resource's own name; NULL */
};

/* A plan: the envelope keys of AppServicePlan (Microsoft.Web 2024-04-01;
 * schemas/2024-04-01/Microsoft.Web.json) that are not read-only. */
static const char farm_env[] = "tags sku kind extendedLocation";
/* A site: those of Site, and its properties without siteConfig: "A GET
 * on Microsoft.Web/sites won't reveal the config object, this is a
 * limitation of the RP" (Azure/arm-template-whatif#90), so the siteConfig
 * a GET returns is not the site's configuration (docs/azure-notes.md
 * 5.4). */
static const char app_env[] = "tags kind identity extendedLocation";
static const char app_omit[] = "siteConfig";

/* The restatement of st's resource, false for a step that restates
 * nothing (a back end of a type without a row). */
static bool
step_restate(const struct valctx *vc, const struct step *st,
    struct restate *rs)
{
	const struct spec *s = vc->spec;
	const struct backtype *bt;

	switch (st->kind) {
	case STEP_LOCK:
		if (!(bt = backtype_find(st->u.backend->type)))
			return false;
		*rs = (struct restate){bt->type, backtype_api(bt), bt->env,
		    bt->omit, "lock", (size_t)(st->u.backend - s->backends) +
		    1, st->u.backend->key, &st->u.backend->name, NULL};
		return true;
	case STEP_FIREWALL: {
		const struct fwtype *ft = fw_child(st);
		*rs = (struct restate){ft->child_type, ft->child_api, NULL,
		    ft->child_omit, "firewall", (size_t)(st->u.backend -
		    s->backends) + 1, st->u.backend->key,
		    &st->u.backend->name, fw_child_name(st)};
		return true;
	}
	case STEP_FARM:
		*rs = (struct restate){restype_get(RES_ASP)->type,
		    restype_get(RES_ASP)->api, farm_env, NULL, "plan",
		    (size_t)(st->u.farm - s->farms) + 1, st->u.farm->key,
		    &st->u.farm->name, NULL};
		return true;
	case STEP_APP:
		*rs = (struct restate){restype_get(RES_APP)->type,
		    restype_get(RES_APP)->api, app_env, app_omit, "app",
		    (size_t)(st->u.app - s->apps) + 1, st->u.app->key,
		    &st->u.app->name, NULL};
		return true;
	default:
		return false;
	}
}

/* "vnetc-lock-N-KEY", "vnetc-plan-N-KEY", "vnetc-app-N-KEY": the
 * deployment that restates the N-th back end, plan or app (a deployment
 * name is 1-64 of alphanumerics, '_', '(', ')', '-', '.'; the number
 * keeps two keys that differ in other characters apart). */
static const char *
restate_deployment(const struct valctx *vc, const struct restate *rs)
{
	struct buf n = {0};

	buf_printf(&n, "vnetc-%s-%zu-", rs->what, rs->n);
	for (const char *c = rs->key; *c && n.len < 64; c++)
		buf_putc(&n, (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <=
		    'Z') || (*c >= '0' && *c <= '9') || strchr("_()-.", *c) ?
		    *c : '-');
	const char *r = arena_strdup(ar(vc), buf_str(&n));
	buf_free(&n);
	return r;
}

/* Whether the space-separated list has the word w (n bytes). */
static bool
has_word(const char *list, const char *w, size_t n)
{
	for (const char *k = list; k && *k;) {
		size_t l = strcspn(k, " ");
		if (l == n && strncmp(k, w, n) == 0)
			return true;
		k += l + (k[l] == ' ');
	}
	return false;
}

/* The resource a restating deployment PUTs: the resource as
 * reference(id, apiVersion, 'Full') returned it when the deployment
 * started (parameter current) with each key of the change (parameter
 * change: {"properties": {...}}, {"sku": {...}}) merged into it by
 * union(). Envelope keys: location and rs->env; a key the resource lacks
 * is null(), left out of the request (the "identity: cond ? {...} :
 * null" of Bicep templates), tags {}. The members of properties in
 * rs->omit are filtered out of it (filter() over items(), toObject()
 * back: ARM has no function that removes a key). */
static json_t *
restated(const struct restate *rs, json_t *change)
{
	static const char cur[] = "parameters('current')";
	json_t *r = json_object();
	const char *k = rs->env;
	struct buf base = {0};

	json_object_set_new(r, "type", lit(rs->type));
	json_object_set_new(r, "apiVersion", lit(rs->api));
	json_object_set_new(r, "name", lit("[parameters('name')]"));
	if (!rs->child) /* a child resource (a firewall's) has none */
		json_object_set_new(r, "location", json_sprintf(
		    "[%s.location]", cur));
	while (k && *k) {
		size_t n = strcspn(k, " ");
		bool tags = n == 4 && strncmp(k, "tags", 4) == 0;
		if (json_object_getn(change, k, n))
			json_object_setn_new(r, k, n, json_sprintf("[union(if("
			    "contains(%s, '%.*s'), %s.%.*s, createObject()), "
			    "parameters('change').%.*s)]", cur, (int)n, k, cur,
			    (int)n, k, (int)n, k));
		else
			json_object_setn_new(r, k, n, json_sprintf("[if("
			    "contains(%s, '%.*s'), %s.%.*s, %s)]", cur, (int)n,
			    k, cur, (int)n, k, tags ? "createObject()" :
			    "null()"));
		k += n + (k[n] == ' ');
	}
	if (rs->omit) {
		buf_printf(&base, "toObject(filter(items(%s.properties), "
		    "lambda('p', not(contains(createArray(", cur);
		for (k = rs->omit; *k;) {
			size_t n = strcspn(k, " ");
			buf_printf(&base, "%s'%.*s'", k == rs->omit ? "" :
			    ", ", (int)n, k);
			k += n + (k[n] == ' ');
		}
		buf_puts(&base, "), lambdaVariables('p').key)))), "
		    "lambda('p', lambdaVariables('p').key), lambda('p', "
		    "lambdaVariables('p').value))");
	} else {
		buf_printf(&base, "%s.properties", cur);
	}
	json_object_set_new(r, "properties", json_object_get(change,
	    "properties") ? json_sprintf("[union(%s, parameters('change')."
	    "properties)]", buf_str(&base)) : json_sprintf("[%s]",
	    buf_str(&base)));
	buf_free(&base);
	return r;
}

/* Whether st changes nothing: no change, or {"properties": {}}. */
static bool
no_change(json_t *p)
{
	json_t *props = json_object_get(p, "properties");

	return !p || (json_object_size(p) == 1 && props &&
	    json_object_size(props) == 0);
}

/* A change to something that exists, in a template: a nested deployment
 * (its own scope, so that its expressions read its own parameters) that
 * restates the resource as it is with the change merged in. A resource
 * in a template is a full PUT, which resets what it does not state;
 * stating everything the GET returned resets nothing (docs/outputs.md).
 * NULL when st changes nothing. */
static json_t *
restate_json(const struct valctx *vc, const struct step *st)
{
	struct restate rs;
	json_t *change = body_patch(vc, st);

	if (no_change(change) || !step_restate(vc, st, &rs)) {
		json_decref(change);
		return NULL;
	}
	const struct tmpl *names[] = {rs.name, rs.child};
	json_t *id = resid(vc, body_step_scope(vc->spec, st), rs.type, names,
	    rs.child ? 2 : 1);
	const char *ids = json_string_value(id);
	/* every key of the change is one the restatement merges it into */
	const char *k;
	json_t *v;
	json_object_foreach(change, k, v)
		assert(strcmp(k, "properties") == 0 || has_word(rs.env, k,
		    strlen(k)));
	/* "[resourceId(...)]" -> reference(resourceId(...), 'api', 'Full') */
	json_t *current = json_sprintf("[reference(%.*s, '%s', 'Full')]",
	    (int)strlen(ids) - 2, ids + 1, rs.api);
	json_decref(id);
	json_t *tpl = json_pack("{s:s,s:s,s:{s:{s:s},s:{s:s},s:{s:s}},s:[o]}",
	    "$schema", "https://schema.management.azure.com/schemas/"
	    "2019-04-01/deploymentTemplate.json#", "contentVersion", "1.0.0.0",
	    "parameters", "name", "type", "string", "current", "type",
	    "object", "change", "type", "object", "resources", restated(&rs,
	    change));
	json_t *o = json_pack("{s:s,s:s,s:s}", "type",
	    "Microsoft.Resources/deployments", "apiVersion",
	    restype_deploy_api, "name", restate_deployment(vc, &rs));
	json_object_set_new(o, "properties", json_pack("{s:s,s:{s:s},"
	    "s:{s:{s:o},s:{s:o},s:{s:o}},s:o}", "mode", "Incremental",
	    "expressionEvaluationOptions", "scope", "Inner", "parameters",
	    "name", "value", rs.child ? child_name(vc, rs.name, rs.child) :
	    body_str(vc, rs.name), "current", "value",
	    current, "change", "value", change, "template", tpl));
	return o;
}

/* The resource a {from:} setting reads (spec.c resolve_from): its scope,
 * ARM type, name and the apiVersion vnetc reads it with. */
void
body_from_res(const struct setting *st, struct from_res *fr)
{
	const struct backend *b = st->from.target;
	const struct identity *id = st->from.target;
	const struct app *a = st->from.target;

	switch (st->from_kind) {
	case FROM_BACKEND:
		*fr = (struct from_res){b->scope, b->type, &b->name,
		    backtype_api(backtype_find(b->type))};
		break;
	case FROM_IDENTITY:
		*fr = (struct from_res){id->scope, restype_get(RES_UAI)->type,
		    &id->name, restype_get(RES_UAI)->api};
		break;
	case FROM_APP:
		*fr = (struct from_res){a->scope, restype_get(RES_APP)->type,
		    &a->name, restype_get(RES_APP)->api};
		break;
	case FROM_NONE:
		*fr = (struct from_res){0};
		break;
	}
}

json_t *
body_from_id(const struct valctx *vc, const struct setting *st)
{
	struct from_res fr;

	body_from_res(st, &fr);
	return resid(vc, fr.sc, fr.type, &fr.name, 1);
}

/* A setting's value: its text, or a {from:}'s. The executor's value of a
 * property read (VAL_REST) is "" here: exec.c reads the resource and sets
 * it (PH_FROM). */
static json_t *
setting_value(const struct valctx *vc, const struct setting *st)
{
	struct from_res fr;

	if (!st->from.target)
		return body_str(vc, &st->value);
	body_from_res(st, &fr);
	if (!strcmp(st->prop, "name"))
		return body_str(vc, fr.name);
	if (!strcmp(st->prop, "id"))
		return body_from_id(vc, st);
	if (vc->mode == VAL_REST)
		return lit("");
	return json_string(arena_printf(ar(vc), "[reference(%s, '%s').%s]",
	    inner(vc, body_from_id(vc, st)), fr.api, st->prop));
}

static json_t *
settings_obj(const struct valctx *vc, const struct app *a)
{
	json_t *o = json_object();

	for (size_t i = 0; i < a->nsettings; i++)
		json_object_set_new(o, a->settings[i].name,
		    setting_value(vc, &a->settings[i]));
	return o;
}

static struct seg appsettings_seg = {.lit = "appsettings"};
static const struct tmpl appsettings = {.segs = &appsettings_seg,
    .nsegs = 1};

/* The id of the app settings of site a (an app's or a slot's). New
 * reference. */
static json_t *
settings_id(const struct valctx *vc, const struct app *a)
{
	if (a->slot_of)
		return resid(vc, a->scope, restype_get(RES_SLOTSETTINGS)->type,
		    (const struct tmpl *[]){&a->slot_of->name, &a->name,
		    &appsettings}, 3);
	return id2(vc, a->scope, RES_APPSETTINGS, &a->name, &appsettings);
}

static json_t *
settings_json(const struct valctx *vc, const struct app *a)
{
	enum res res = a->slot_of ? RES_SLOTSETTINGS : RES_APPSETTINGS;
	json_t *o = base(vc, res, a->slot_of ? child_names(vc,
	    (const struct tmpl *[]){&a->slot_of->name, &a->name,
	    &appsettings}, 3) : child_name(vc, &a->name, &appsettings));
	struct buf b = {0};

	/* A PUT of appsettings replaces the whole set, whereas the script's
	 * "appsettings set" merges. union() with the current settings
	 * (list()) gives the template the script's end state. */
	json_t *id = settings_id(vc, a);
	const char *ids = json_string_value(id);
	/* "[resourceId(...)]" -> union(list(resourceId(...), ...) */
	buf_printf(&b, "[union(list(%.*s, '%s').properties, createObject(",
	    (int)strlen(ids) - 2, ids + 1, restype_get(res)->api);
	json_decref(id);
	for (size_t i = 0; i < a->nsettings; i++) {
		const struct setting *st = &a->settings[i];
		if (i)
			buf_puts(&b, ", ");
		tmpl_arm_quote(&b, st->name);
		buf_puts(&b, ", ");
		struct from_res fr;
		body_from_res(st, &fr);
		if (!st->from.target || !strcmp(st->prop, "name")) {
			tmpl_arm_expr_at(&b, st->from.target ? fr.name :
			    &st->value, nested(vc));
			continue;
		}
		/* an id or a reference(): "[...]" without its brackets */
		buf_puts(&b, inner(vc, setting_value(vc, st)));
	}
	buf_puts(&b, "))]");
	json_object_set_new(o, "properties", json_string(buf_str(&b)));
	buf_free(&b);
	return o;
}

const struct scope *
body_step_scope(const struct spec *s, const struct step *st)
{
	const struct pe *pe;

	switch (st->kind) {
	case STEP_VNET:
		return st->u.vnet->scope;
	case STEP_PEER:
		return st->u.peering->vnet->scope;
	case STEP_ZONE:
		return st->u.zone->scope;
	case STEP_LINK:
		return st->u.link->zone->scope;
	case STEP_PE:
	case STEP_ZG:
		pe = st->u.pe;
		return pe->subnet ? pe->subnet->vnet->scope : s->scopes[0];
	case STEP_FARM:
		return st->u.farm->scope;
	case STEP_APP:
	case STEP_SLOT:
	case STEP_SETTINGS:
	case STEP_PUBCRED:
	case STEP_ACCESS:
	case STEP_STICKY:
	case STEP_SITECFG:
		return st->u.app->scope;
	case STEP_LOCK:
	case STEP_CREATE:
	case STEP_FIREWALL:
		return st->u.backend->scope;
	case STEP_SQLDB:
		return st->u.db->server->scope;
	case STEP_IDENTITY:
		return st->u.identity->scope;
	case STEP_ROLE:
		return ((const struct backend *)st->u.role->on.target)->scope;
	case STEP_SHARE:
		return ((const struct backend *)st->u.app->storage.target)->scope;
	case STEP_PIP:
		return st->u.pip->nat->r.scope;
	case STEP_NATGW:
		return st->u.natgw->r.scope;
	case STEP_NSG:
		return st->u.nsg->r.scope;
	case STEP_RT:
		return st->u.rtable->r.scope;
	case STEP_RG:
		break;
	}
	return s->scopes[0];
}

json_t *
body_step_id(const struct valctx *vc, const struct step *st)
{
	const struct scope *sc = body_step_scope(vc->spec, st);

	switch (st->kind) {
	case STEP_RG:
		return NULL;
	case STEP_VNET:
		return id1(vc, sc, RES_VNET, &st->u.vnet->name);
	case STEP_PEER:
		return id2(vc, sc, RES_PEER, &st->u.peering->vnet->name,
		    &st->u.peering->name);
	case STEP_ZONE:
		return id1(vc, sc, RES_PDNSZ, &st->u.zone->rname);
	case STEP_LINK:
		return id2(vc, sc, RES_LINK, &st->u.link->zone->rname,
		    &st->u.link->name);
	case STEP_PE:
		return id1(vc, sc, RES_PE, &st->u.pe->name);
	case STEP_ZG:
		return id2(vc, sc, RES_ZG, &st->u.pe->name,
		    &st->u.pe->zg_name);
	case STEP_FARM:
		if (st->u.farm->cr.is)
			return id1(vc, sc, RES_ASP, &st->u.farm->name);
		/* FALLTHROUGH */
	case STEP_APP:
		if (st->kind == STEP_APP && st->u.app->cr.is)
			return id1(vc, sc, RES_APP, &st->u.app->name);
		/* FALLTHROUGH */
	case STEP_LOCK: {
		/* In a template, what exists is changed by a deployment
		 * (restate_json) in its scope; the REST view acts on the
		 * resource. */
		struct restate rs;
		if (!step_restate(vc, st, &rs))
			return NULL;
		if (vc->mode == VAL_ARM) {
			const struct tmpl *n[] = {&(struct tmpl){.segs =
			    &(struct seg){.lit = restate_deployment(vc, &rs)},
			    .nsegs = 1}};
			return resid(vc, sc, "Microsoft.Resources/deployments",
			    n, 1);
		}
		const struct tmpl *names[] = {rs.name};
		return resid(vc, sc, rs.type, names, 1);
	}
	case STEP_SETTINGS:
		return settings_id(vc, st->u.app);
	case STEP_PIP:
		return id1(vc, sc, RES_PIP, &st->u.pip->name);
	case STEP_NATGW:
		return netres_id(vc, RES_NATGW, &st->u.natgw->r);
	case STEP_NSG:
		return netres_id(vc, RES_NSG, &st->u.nsg->r);
	case STEP_RT:
		return netres_id(vc, RES_RT, &st->u.rtable->r);
	case STEP_CREATE:
		return target_id(vc, st->u.backend);
	case STEP_PUBCRED:
		if (st->u.app->slot_of)
			return resid(vc, sc, restype_get(RES_SLOTPUBCRED)->type,
			    (const struct tmpl *[]){&st->u.app->slot_of->name,
			    &st->u.app->name, pubcred_name(st)}, 3);
		return id2(vc, sc, RES_PUBCRED, &st->u.app->name,
		    pubcred_name(st));
	case STEP_ACCESS:
		return id2(vc, sc, RES_SITECONFIG, &st->u.app->name, &web_cfg);
	case STEP_STICKY:
		return id2(vc, sc, RES_SITECONFIG, &st->u.app->name,
		    &sticky_cfg);
	case STEP_FIREWALL:
		return resid(vc, sc, fw_child(st)->child_type,
		    (const struct tmpl *[]){&st->u.backend->name,
		    fw_child_name(st)}, 2);
	case STEP_SQLDB:
		return id2(vc, sc, RES_SQLDB, &st->u.db->server->name,
		    &st->u.db->name);
	case STEP_IDENTITY:
		return uai_id(vc, st->u.identity);
	case STEP_ROLE:
		return role_id(vc, st->u.role);
	case STEP_SHARE:
		return resid(vc, sc, restype_get(body_flex(st->u.app) ?
		    RES_CONTAINER : RES_SHARE)->type, share_names(vc, st->u.app),
		    3);
	case STEP_SLOT:
		return id2(vc, sc, RES_SLOT, &st->u.app->slot_of->name,
		    &st->u.app->name);
	case STEP_SITECFG: {
		/* the executor's (VAL_REST): its site's or slot's, and
		 * config/web */
		struct step s = {.kind = st->u.app->slot_of ? STEP_SLOT :
		    STEP_APP, .u.app = st->u.app};
		json_t *id = body_step_id(vc, &s);
		json_t *j = json_string(arena_printf(ar(vc), "%s/config/web",
		    json_string_value(id)));
		json_decref(id);
		return j;
	}
	}
	return NULL;
}

json_t *
body_resource(const struct valctx *vc, const struct step *st,
    const char **left)
{
	*left = NULL;
	switch (st->kind) {
	case STEP_RG:
		return NULL;
	case STEP_VNET:
		/* an existing VNet is referred to, never written */
		return st->u.vnet->existing ? NULL : vnet_json(vc, st->u.vnet);
	case STEP_PEER:
		return peer_json(vc, st->u.peering);
	case STEP_ZONE:
		/* a central zone likewise */
		return st->u.zone->central ? NULL : zone_json(vc, st->u.zone);
	case STEP_LINK:
		return link_json(vc, st->u.link);
	case STEP_PE:
		return pe_json(vc, st->u.pe);
	case STEP_ZG:
		/* zone_group: policy: the policy makes it */
		return st->u.pe->zg_policy ? NULL : zg_json(vc, st->u.pe);
	case STEP_FARM:
		if (st->u.farm->cr.is)
			return farm_create_json(vc, st->u.farm);
		/* FALLTHROUGH */
	case STEP_APP:
		if (st->kind == STEP_APP && st->u.app->cr.is)
			return app_create_json(vc, st->u.app);
		/* FALLTHROUGH */
	case STEP_FIREWALL: /* restated, as a lock */
	case STEP_LOCK:
		/* what exists: vnetc changes it,
		 * where a template can (body_step_left) */
		if ((*left = body_step_left(st)))
			return NULL;
		return restate_json(vc, st);
	case STEP_SETTINGS:
		return settings_json(vc, st->u.app);
	case STEP_PIP:
		return pip_json(vc, st->u.pip);
	case STEP_NATGW:
		return natgw_json(vc, st->u.natgw);
	case STEP_NSG:
		return nsg_json(vc, st->u.nsg);
	case STEP_RT:
		return rt_json(vc, st->u.rtable);
	case STEP_CREATE:
		return create_json(vc, st->u.backend);
	case STEP_PUBCRED:
		return pubcred_json(vc, st);
	case STEP_ACCESS:
		return access_json(vc, st->u.app);
	case STEP_STICKY:
		return sticky_json(vc, st->u.app);
	case STEP_SQLDB:
		return sqldb_json(vc, st->u.db);
	case STEP_IDENTITY:
		return uai_json(vc, st->u.identity);
	case STEP_ROLE:
		return role_json(vc, st->u.role);
	case STEP_SHARE:
		return share_json(vc, st->u.app);
	case STEP_SLOT:
		return app_create_json(vc, st->u.app);
	case STEP_SITECFG: /* the executor's only: made with its site */
		return NULL;
	}
	return NULL;
}

json_t *
body_patch(const struct valctx *vc, const struct step *st)
{
	json_t *p;

	switch (st->kind) {
	case STEP_FARM:
		if (!st->u.farm->sku)
			return NULL;
		return json_pack("{s:{s:s,s:s}}", "sku", "name",
		    st->u.farm->sku, "tier", restype_sku_tier(st->u.farm->sku) ?
		    restype_sku_tier(st->u.farm->sku) : "");
	case STEP_APP:
		p = json_object();
		app_props(vc, st->u.app, p);
		return json_pack("{s:o}", "properties", p);
	case STEP_LOCK:
		p = lock_change(vc, st->u.backend, st->u.backend->access);
		return p ? json_pack("{s:o}", "properties", p) : NULL;
	case STEP_SETTINGS:
		return json_pack("{s:o}", "properties",
		    settings_obj(vc, st->u.app));
	case STEP_ACCESS:
		return json_pack("{s:o}", "properties",
		    access_props(vc, st->u.app));
	case STEP_STICKY:
		return json_pack("{s:o}", "properties",
		    sticky_props(st->u.app));
	case STEP_SITECFG:
		return body_site_config(vc, st->u.app);
	case STEP_FIREWALL:
		return json_pack("{s:o}", "properties",
		    fw_child_props(vc, st->u.backend));
	default:
		return NULL;
	}
}

json_t *
body_firewall(const struct valctx *vc, const struct backend *b)
{
	const struct backtype *bt = b->fw.given ? backtype_find(b->type) :
	    NULL;

	if (!bt || !bt->acl)
		return NULL;
	json_t *acl = json_object(), *p = json_object();
	fw_acl(vc, b, acl, true);
	acl_put(p, bt, acl);
	return json_pack("{s:o}", "properties", p);
}

/* ---- the executor's REST view (apply.c): the same bodies and ids, plus
 * what a template does not need: the resource group, PATCH bodies made
 * against what exists, action URLs ---- */

bool
body_step_existing(const struct step *st)
{
	switch (st->kind) {
	case STEP_VNET:
		return st->u.vnet->existing;
	case STEP_ZONE:
		return st->u.zone->central;
	case STEP_FARM:
		return st->u.farm->ex.is;
	case STEP_APP:
	case STEP_SETTINGS:
		return st->u.app->ex.is;
	case STEP_LOCK:
		/* an app's own public access (spec.c app_self) is changed
		 * on the app, which exists by then: it waits for the app
		 * (plan.c) when the plan creates it */
		return st->u.backend->ex.is || st->u.backend->self_app;
	case STEP_ACCESS:
	case STEP_STICKY:
	case STEP_SITECFG:
		/* the app's configuration: PATCHed, its app created first */
		return true;
	case STEP_FIREWALL:
		/* Azure makes it with its back end: read, merged, PUT */
		return true;
	case STEP_NATGW:
		return st->u.natgw->r.existing;
	case STEP_NSG:
		return st->u.nsg->r.existing;
	case STEP_RT:
		return st->u.rtable->r.existing;
	default:
		return false;
	}
}

const struct restype *
body_step_type(const struct step *st)
{
	static const enum res res[] = {
		[STEP_RG] = RES_RG, [STEP_VNET] = RES_VNET,
		[STEP_PEER] = RES_PEER, [STEP_ZONE] = RES_PDNSZ,
		[STEP_LINK] = RES_LINK, [STEP_PE] = RES_PE, [STEP_ZG] = RES_ZG,
		[STEP_FARM] = RES_ASP, [STEP_APP] = RES_APP,
		[STEP_SETTINGS] = RES_APPSETTINGS, [STEP_PIP] = RES_PIP,
		[STEP_NATGW] = RES_NATGW, [STEP_NSG] = RES_NSG,
		[STEP_RT] = RES_RT, [STEP_PUBCRED] = RES_PUBCRED,
		[STEP_SQLDB] = RES_SQLDB,
		[STEP_IDENTITY] = RES_UAI, [STEP_ROLE] = RES_ROLE,
		[STEP_SHARE] = RES_SHARE, [STEP_ACCESS] = RES_SITECONFIG,
		[STEP_SLOT] = RES_SLOT, [STEP_STICKY] = RES_SITECONFIG,
		[STEP_SITECFG] = RES_SITECONFIG,
	};

	/* A lock acts on the back end, of any type; so does its firewall's
	 * child (its kind is the back end's) */
	if (st->kind == STEP_LOCK || st->kind == STEP_CREATE ||
	    st->kind == STEP_FIREWALL)
		return st->u.backend->rt;
	if (st->kind == STEP_SHARE && body_flex(st->u.app))
		return restype_get(RES_CONTAINER);
	if (st->kind == STEP_PUBCRED && st->u.app->slot_of)
		return restype_get(RES_SLOTPUBCRED);
	if (st->kind == STEP_SETTINGS && st->u.app->slot_of)
		return restype_get(RES_SLOTSETTINGS);
	return restype_get(res[st->kind]);
}

const char *
body_step_api(const struct step *st)
{
	const struct restype *rt = body_step_type(st);

	/* A back end's apiVersion is its backtypes.c row's, never a
	 * fallback: a type without one is refused before (VN309). */
	if (st->kind == STEP_LOCK || st->kind == STEP_CREATE)
		return backtype_api(backtype_find(st->u.backend->type));
	if (st->kind == STEP_SQLDB) /* its server's */
		return backtype_api(backtype_find(st->u.db->server->type));
	if (st->kind == STEP_FIREWALL)
		return fw_child(st)->child_api;
	return rt ? rt->api : NULL;
}

bool
body_step_put(const struct step *st)
{
	const struct backtype *bt;

	/* A plan's PATCH model (AppServicePlanPatchResource) has no sku:
	 * az appservice plan update --sku reads the plan, sets the SKU's
	 * name and tier and PUTs it back (docs/azure-notes.md 11). */
	if (st->kind == STEP_FARM)
		return true;
	if (st->kind == STEP_FIREWALL) /* no PATCH: a PUT, whole */
		return true;
	if (st->kind != STEP_LOCK)
		return false;
	bt = backtype_find(st->u.backend->type);
	return bt && !bt->patch;
}

const char *
body_scope_path(const struct valctx *vc, const struct scope *sc)
{
	return arena_printf(ar(vc), "/subscriptions/%s/resourceGroups/%s",
	    tmpl_eval(vc->spec, &sc->sub), tmpl_eval(vc->spec, &sc->rg));
}

const char *
body_rest_path(const struct valctx *vc, const struct step *st,
    enum rest_path what)
{
	struct spec *s = vc->spec;
	const char *rg = body_scope_path(vc, body_step_scope(s, st));

	if (st->kind == STEP_RG)
		return what == PATH_SELF ? rg : NULL;
	json_t *id = body_step_id(vc, st);
	const char *self = arena_strdup(ar(vc), json_string_value(id));
	json_decref(id);
	switch (what) {
	case PATH_SELF:
		return self;
	case PATH_LIST:
		/* POST .../config/appsettings/list reads the current set. */
		return st->kind == STEP_SETTINGS ?
		    arena_printf(ar(vc), "%s/list", self) : NULL;
	case PATH_INTEGRATION:
		/* The swift connection child (docs/azure-notes.md 2.4):
		 * deleting it disconnects the app from the subnet. */
		return st->kind == STEP_APP && st->u.app->integration ?
		    arena_printf(ar(vc), "%s/networkConfig/virtualNetwork",
		    self) : NULL;
	case PATH_KEYS:
	case PATH_CLIENT: {
		/* a created function app's, or its slot's: its host
		 * storage's keys (POST listKeys), which the connection
		 * strings of its create body need (body_key_mark): the
		 * host's own without storage_identity:, the content share's
		 * (Elastic Premium, Consumption) in any case; with a
		 * user-assigned storage_identity: that identity, whose
		 * client id (GET) the body needs (body_client_mark) */
		const struct app *a = st->u.app;
		const struct app *own = a->slot_of ? a->slot_of : a;
		if ((st->kind != STEP_APP && st->kind != STEP_SLOT) ||
		    !a->cr.is || !a->cr.function || !a->storage.target)
			return NULL;
		if (what == PATH_CLIENT) {
			if (!own->storage_identity.target)
				return NULL;
			id = uai_id(vc, own->storage_identity.target);
			self = arena_strdup(ar(vc), json_string_value(id));
			json_decref(id);
			return self;
		}
		if (own->storage_identity.name && (!a->cr.share ||
		    body_flex(a)))
			return NULL;
		id = target_id(vc, a->storage.target);
		self = arena_printf(ar(vc), "%s/listKeys",
		    json_string_value(id));
		json_decref(id);
		return self;
	}
	case PATH_PURGE:
		/* Frees a service association link an integration left on
		 * a subnet, which blocks deleting the VNet
		 * (docs/azure-notes.md 2.4), in the VNet's group; apps live
		 * in the spec's location. */
		return arena_printf(ar(vc), "%s/providers/Microsoft.Web/"
		    "locations/%s/purgeUnusedVirtualNetworkIntegration", rg,
		    tmpl_eval(s, &s->location));
	}
	return NULL;
}

json_t *
body_rg(const struct valctx *vc)
{
	json_t *o = json_pack("{s:o}", "location", body_str(vc,
	    &vc->spec->location));

	set_tags(vc, o, &vc->spec->rg_tags);
	return o;
}

json_t *
body_rest(const struct valctx *vc, const struct step *st, const char **left)
{
	json_t *o = body_resource(vc, st, left);

	/* The URL carries the type, the name and the apiVersion. */
	if (o) {
		json_object_del(o, "type");
		json_object_del(o, "apiVersion");
		json_object_del(o, "name");
	}
	return o;
}

json_t *
body_patch_onto(const struct valctx *vc, const struct step *st,
    json_t *actual)
{
	json_t *p = body_patch(vc, st);
	json_t *want = json_object_get(p, "properties");
	json_t *have = json_object_get(actual, "properties");
	const char *k;
	json_t *v;
	void *tmp;

	struct restate rs;
	if (body_step_put(st) && json_is_object(actual) &&
	    step_restate(vc, st, &rs)) {
		/* GET, merge, PUT: what the template's deployment does
		 * (restate_json), computed here from the GET answer. A type
		 * whose restatement leaves members out is PATCHed instead
		 * (backtypes_test; sites: app_props), so nothing is. */
		json_t *o = json_object(), *props = json_is_object(have) ?
		    json_deep_copy(have) : json_object();
		const char *e = rs.env;
		/* what the restatement leaves out: a child's member that
		 * is its parent's setting (backtypes.c .child_omit) */
		for (const char *w = rs.omit; w && *w;) {
			size_t n = strcspn(w, " ");
			assert(rs.child);
			json_object_deln(props, w, n);
			w += n + (w[n] == ' ');
		}
		if (!rs.child)
			json_object_set(o, "location", json_object_get(actual,
			    "location"));
		while (e && *e) {
			size_t n = strcspn(e, " ");
			json_t *ev = json_object_getn(actual, e, n);
			if (ev && !json_is_null(ev))
				json_object_setn_new(o, e, n,
				    json_deep_copy(ev));
			e += n + (e[n] == ' ');
		}
		json_object_set_new(o, "properties", props);
		json_object_foreach(p, k, v) {
			json_t *cur = json_object_get(o, k);
			if (!json_is_object(cur)) {
				cur = json_object();
				json_object_set_new(o, k, cur);
			}
			merge_into(cur, v);
		}
		json_decref(p);
		return o;
	}
	/* A PATCH replaces an object property whole: Key Vault's networkAcls
	 * sent as {defaultAction} would drop the vault's ipRules and
	 * virtualNetworkRules. Start from what is there. */
	json_object_foreach_safe(want, tmp, k, v) {
		json_t *cur = json_object_get(have, k);
		if (!json_is_object(v) || !json_is_object(cur))
			continue;
		json_t *m = json_deep_copy(cur);
		merge_into(m, v);
		json_object_set_new(want, k, m);
	}
	return p;
}
