/* graph.c - checked (and named) model -> a diagram of the topology: DOT
 * (written here), Mermaid (written here) or SVG (Graphviz's dot, run with
 * posix_spawnp, no shell). VNets are boxes holding their subnets; each
 * subnet shows its prefix, delegation, address use and private endpoints.
 * Owns no rule: it draws only models that passed every check. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model.h"
#include "unicode.h"

extern char **environ;

/* Colours: Azure's blue for networks, green for what is locked down,
 * amber for what is left open or unknown, red for a full subnet. */
#define C_VNET_LINE "#0078d4"
#define C_VNET_FILL "#f3f8fd"
#define C_SUBNET_LINE "#7fb2e5"
#define C_TEXT_DIM "#5f6b7a"
#define C_OK "#2e7d32"
#define C_OK_FILL "#e8f5e9"
#define C_OPEN "#b26a00"
#define C_OPEN_FILL "#fff4e0"
#define C_PE_FILL "#eef1f5"
#define C_ZONE_FILL "#f6f0fb"
#define C_ZONE_LINE "#7b4fa3"
#define C_APP_FILL "#e8f1fb"
#define C_BAR_FREE "#e3e7ec"
#define C_BAR_LOW "#3a9d4a"
#define C_BAR_MID "#e0a100"
#define C_BAR_HIGH "#d13438"
#define C_BAR_UNKNOWN "#f3d9a4"

/* HTML labels collapse spaces; no-break spaces keep a gap. */
#define GAP "&#160;&#160;&#160;"

enum { BAR_W = 150, BAR_H = 9, BAR_TEXT_CELLS = 20 };

/* ------------------------------------------------------------ the facts */

/* What the picture says about a back-end type: a reader knows "Key Vault"
 * better than its ARM type. Types not listed show the ARM type alone. */
static const struct {
	const char *type, *title;
} kinds[] = {
	{"Microsoft.KeyVault/vaults", "Key Vault"},
	{"Microsoft.CognitiveServices/accounts", "Azure AI services"},
	{"Microsoft.Storage/storageAccounts", "Storage account"},
	{"Microsoft.Sql/servers", "Azure SQL logical server"},
	{"Microsoft.Web/sites", "App Service app"},
	{"Microsoft.DocumentDB/databaseAccounts", "Cosmos DB account"},
	{"Microsoft.ContainerRegistry/registries", "Container registry"},
	{"Microsoft.ServiceBus/namespaces", "Service Bus namespace"},
	{"Microsoft.EventHub/namespaces", "Event Hubs namespace"},
	{"Microsoft.AppConfiguration/configurationStores",
	    "App Configuration store"},
};

static const char *
kind_title(const char *type)
{
	for (size_t i = 0; i < NELEM(kinds); i++)
		if (type && streqi(type, kinds[i].type))
			return kinds[i].title;
	return NULL;
}

/* The node an endpoint of back end i points at: an app's own endpoints
 * (private_endpoints: of the app, kept as a back end of type
 * Microsoft.Web/sites) point at the app's box, which is the only one drawn
 * of it; the others at the back end's. */
static const char *
pe_target(const struct spec *s, size_t i, char *buf, size_t n)
{
	size_t a = s->backends[i].self_app;

	snprintf(buf, n, a ? "app_%zu" : "backend_%zu", a ? a - 1 : i);
	return buf;
}

/* The cloud as its users call it. ORDER CLOUD */
static const char *
cloud_title(enum cloud c)
{
	static const char *const titles[] = {"Azure", "Azure Government",
	    "Azure China (21Vianet)"};

	return (size_t)c < NELEM(titles) ? titles[c] : "?";
}

/* What public_access does, in the words of docs/spec.md's table. */
static const char *
access_text(const struct backend *b)
{
	switch (b->access) {
	case ACCESS_DENY:
		return "public access blocked (firewall default Deny)";
	case ACCESS_DISABLED:
		return "public access disabled";
	case ACCESS_ENABLED:
		return "public access enabled";
	case ACCESS_KEEP:
		break;
	}
	return "public access left as it is";
}

/* A back end vnetc creates, and how (docs/spec.md), or NULL. */
static const char *
created_text(const struct backend *b)
{
	if (!b->cr.is)
		return NULL;
	/* a SQL server and an AI account: who can sign in */
	if (b->rt->res == RES_SQL)
		return b->cr.ndbs ? "created by vnetc, with its databases "
		    "(Microsoft Entra only)" : "created by vnetc (Microsoft "
		    "Entra only)";
	if (b->rt->res == RES_COG || b->rt->res == RES_COSMOS ||
	    b->rt->res == RES_SB || b->rt->res == RES_APPCS)
		return b->cr.local_auth ? "created by vnetc (keys allowed)" :
		    "created by vnetc (Microsoft Entra ID only)";
	/* RBAC or access policies: a vault's own property */
	if (b->rt->res != RES_KV)
		return "created by vnetc";
	return b->cr.rbac ? "created by vnetc (Azure RBAC)" :
	    "created by vnetc (access policies)";
}

/* An app vnetc creates, and its plan if vnetc creates that too, or NULL. */
static const char *
app_created_text(const struct app *a)
{
	if (!a->cr.is)
		return NULL;
	return a->farm && a->farm->cr.is ? "created by vnetc, with its plan" :
	    "created by vnetc";
}

/* A function app vnetc creates: its language, its host storage, and on
 * Flex Consumption its scale (docs/spec.md, "Function apps vnetc
 * creates"), or NULL. Arena-allocated. */
static const char *
function_text(struct spec *s, const struct app *a)
{
	const struct create *cr = &a->cr;
	const struct backend *b = a->storage.target;

	if (!cr->is || !cr->function || !cr->worker)
		return NULL;
	if (cr->max_instances > 0)
		return arena_printf(&s->arena, "function app (%s), host storage "
		    "%s; up to %d instances of %d MB", cr->runtime, b ? b->key :
		    "?", cr->max_instances, cr->instance_memory);
	return arena_printf(&s->arena, "function app (%s), host storage %s",
	    cr->runtime, b ? b->key : "?");
}

static bool
access_blocked(const struct backend *b)
{
	return b->access == ACCESS_DENY || b->access == ACCESS_DISABLED;
}

/* Address use of a subnet: each private endpoint takes one IP (one IP
 * configuration; services with several take more, docs/azure-notes.md 3.1);
 * an integrated plan takes one IP per instance (docs/azure-notes.md 2.2), so
 * the use is unknown when a plan does not state "instances". */
struct use {
	uint64_t usable; /* IPv4 addresses left after Azure's 5 reserved */
	uint64_t used;   /* known part */
	size_t npes, nplans, ninstances;
	bool has_v4, has_v6, known;
};

static struct use
subnet_use(const struct spec *s, const struct subnet *sn)
{
	struct use u = {.known = true};

	for (size_t i = 0; i < sn->nprefixes; i++)
		if (sn->prefixes[i].ok && sn->prefixes[i].c.family == 4) {
			u.has_v4 = true;
			u.usable += cidr_azure_usable(&sn->prefixes[i].c);
		} else if (sn->prefixes[i].ok) {
			u.has_v6 = true;
		}
	u.npes = sn->npes; /* counted by spec.c */
	u.used = u.npes;
	/* One plan's instances share its IPs, whatever its app count. */
	for (size_t i = 0; sn->nintegrations && i < s->napps; i++) {
		const struct app *ap = &s->apps[i];
		if (ap->integration != sn)
			continue;
		bool seen = false;
		for (size_t j = 0; j < i; j++)
			if (s->apps[j].integration == sn && ap->farm &&
			    s->apps[j].farm == ap->farm)
				seen = true;
		if (seen)
			continue;
		u.nplans++;
		if (ap->farm && ap->farm->instances > 0) {
			u.ninstances += (size_t)ap->farm->instances;
			u.used += (uint64_t)ap->farm->instances;
		} else {
			u.known = false;
		}
	}
	return u;
}

static const char *
bar_colour(const struct use *u)
{
	if (u->used * 5 >= u->usable * 4)
		return C_BAR_HIGH;
	if (u->used * 2 >= u->usable)
		return C_BAR_MID;
	return C_BAR_LOW;
}

/* "2 / 251 IPs", "? / 251 IPs"; "IPv4 2 / 251 IPs" in a dual-stack
 * subnet (endpoints and integration take IPv4 addresses). */
static void
use_text(struct buf *b, const struct use *u)
{
	if (u->has_v6)
		buf_puts(b, "IPv4 ");
	if (u->known)
		buf_printf(b, "%llu / %llu IPs", (unsigned long long)u->used,
		    (unsigned long long)u->usable);
	else
		buf_printf(b, "? / %llu IPs", (unsigned long long)u->usable);
}

/* "2 private endpoints", "1 plan, 3 instances (x2 while scaling)",
 * "1 plan, instance count not in the spec" */
static void
use_detail(struct buf *b, const struct use *u)
{
	if (u->npes)
		buf_printf(b, "%zu private endpoint%s", u->npes,
		    u->npes == 1 ? "" : "s");
	if (u->nplans && u->known)
		buf_printf(b, "%s%zu plan%s, %zu instance%s (x2 while scaling)",
		    u->npes ? ", " : "", u->nplans, u->nplans == 1 ? "" : "s",
		    u->ninstances, u->ninstances == 1 ? "" : "s");
	else if (u->nplans)
		buf_printf(b, "%s%zu plan%s, instance count not in the spec",
		    u->npes ? ", " : "", u->nplans, u->nplans == 1 ? "" : "s");
	if (!u->npes && !u->nplans)
		buf_puts(b, "nothing placed here by this spec");
}

/* "10.0.0.0/16, 10.1.0.0/16" */
static void
prefixes_text(struct buf *b, const struct prefix *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? ", " : "", p[i].text);
}

static const char *
ev(struct spec *s, const struct tmpl *t)
{
	return t->nsegs ? tmpl_eval(s, t) : "";
}

/* The j-th user-assigned identity an app carries, one line: "identity
 * id-web (created by vnetc)"; NULL when the key names none. */
static const char *
identity_text(struct spec *s, const struct app *a, size_t j)
{
	const struct identity *id = a->uais[j].target;

	if (!id)
		return NULL;
	return arena_printf(&s->arena, "identity %s%s", ev(s, &id->name),
	    id->cr.is ? " (created by vnetc)" : "");
}

/* An endpoint's edge to its target: its group id, and for a slot's
 * (sites-<slot>, on the app) the slot it reaches, which the group id
 * alone leaves to the reader. */
static const char *
pe_label(struct spec *s, const struct pe *pe)
{
	if (pe->slot)
		return arena_printf(&s->arena, "%s: slot %s", pe->group ?
		    pe->group : "?", ev(s, &pe->slot->name));
	return pe->group ? pe->group : "?";
}

/* A line per deployment slot of an app: "slot staging: integration
 * snet-app, 1 private endpoint" (its endpoints are drawn with the app's,
 * in their subnets). */
static const char *
slot_text(struct spec *s, const struct app *a, size_t j)
{
	const struct app *sl = &a->slots[j];
	size_t npe = 0;
	struct buf t = {0};

	for (size_t i = 0; i < s->nbackends; i++)
		for (size_t k = 0; k < s->backends[i].npes; k++)
			npe += s->backends[i].pes[k].slot == sl;
	buf_printf(&t, "slot %s", ev(s, &sl->name));
	if (sl->integration)
		buf_printf(&t, ": integration %s", ev(s, &sl->integration->name));
	if (npe)
		buf_printf(&t, "%s%zu private endpoint%s", sl->integration ?
		    ", " : ": ", npe, npe > 1 ? "s" : "");
	if (sl->slot_access == ACCESS_DISABLED)
		buf_printf(&t, "%spublic access disabled", sl->integration ||
		    npe ? ", " : ": ");
	const char *r = arena_strdup(&s->arena, buf_str(&t));
	buf_free(&t);
	return r;
}

/* ------------------------------------------ subnet security badges */

/* The lines a subnet's box gains for its NSG, route table, NAT gateway
 * and service endpoints (issue 18), as text; *warn[i] says a line is a
 * warning (the NSG or table its private endpoints ignore, VN340). Short,
 * so that a large estate stays readable: names and counts, the default
 * route's next hop. Returns the number of lines (at most 4). */
/* The name an NSG, route table or NAT gateway goes by: its id's last
 * segment when the spec gives its id. */
static const char *
netres_shown(struct spec *s, const struct netres *r)
{
	if (r->id.nsegs) {
		const char *id = ev(s, &r->id), *slash = strrchr(id, '/');
		return slash && slash[1] ? slash + 1 : id;
	}
	return ev(s, &r->name);
}

/* A peering's label: whether either side lets forwarded traffic in. */
static const char *
peering_label(struct spec *s, size_t i)
{
	const struct peering *a = &s->peerings[i], *b = &s->peerings[i + 1];

	if (a->fwd && b->fwd)
		return "peering, forwarded traffic both ways";
	if (a->fwd || b->fwd)
		return arena_printf(&s->arena, "peering, forwarded traffic "
		    "into %s", ev(s, &(a->fwd ? a : b)->vnet->name));
	return "peering";
}

static size_t
badges(struct spec *s, const struct subnet *sn, struct buf *b, bool *warn)
{
	size_t n = 0;
	bool pe_nsg = sn->pe_policies && (!strcmp(sn->pe_policies, "Enabled") ||
	    !strcmp(sn->pe_policies, "NetworkSecurityGroupEnabled"));
	bool pe_rt = sn->pe_policies && (!strcmp(sn->pe_policies, "Enabled") ||
	    !strcmp(sn->pe_policies, "RouteTableEnabled"));

	if (sn->nsg) {
		size_t in = 0, outb = 0;
		for (size_t i = 0; i < sn->nsg->nrules; i++)
			sn->nsg->rules[i].outbound ? outb++ : in++;
		if (sn->nsg->r.existing)
			buf_printf(&b[n], "NSG %s (existing)",
			    netres_shown(s, &sn->nsg->r));
		else
			buf_printf(&b[n], "NSG %s \xc2\xb7 %zu in, %zu out",
			    ev(s, &sn->nsg->r.name), in, outb);
		warn[n] = sn->npes && !pe_nsg;
		if (warn[n])
			buf_puts(&b[n], " \xe2\x9a\xa0 not applied to its private "
			    "endpoints");
		n++;
	}
	if (sn->rt) {
		const struct route *d = NULL;
		for (size_t i = 0; i < sn->rt->nroutes && !d; i++)
			if (sn->rt->routes[i].prefix.kind == ADDR_PREFIXES &&
			    sn->rt->routes[i].prefix.nall &&
			    sn->rt->routes[i].prefix.all[0].c.len == 0)
				d = &sn->rt->routes[i];
		buf_printf(&b[n], "RT %s", netres_shown(s, &sn->rt->r));
		if (sn->rt->r.existing)
			buf_puts(&b[n], " (existing)");
		else if (d)
			buf_printf(&b[n], " \xc2\xb7 %s \xe2\x86\x92 %s",
			    netsec_addr_text(s, &d->prefix), d->nh.nsegs ?
			    ev(s, &d->nh) : netsec_hop(d->hop));
		else
			buf_printf(&b[n], " \xc2\xb7 %zu route%s", sn->rt->nroutes,
			    sn->rt->nroutes == 1 ? "" : "s");
		warn[n] = sn->npes && !pe_rt;
		if (warn[n])
			buf_puts(&b[n], " \xe2\x9a\xa0 not applied to its private "
			    "endpoints");
		n++;
	}
	if (sn->nat) {
		buf_printf(&b[n], "NAT %s", netres_shown(s, &sn->nat->r));
		if (sn->nat->r.existing)
			buf_puts(&b[n], " (existing)");
		else
			buf_printf(&b[n], " \xc2\xb7 %zu public IP%s",
			    sn->nat->npips, sn->nat->npips == 1 ? "" : "s");
		warn[n++] = false;
	}
	if (sn->nses) {
		buf_puts(&b[n], "SE ");
		for (size_t i = 0; i < sn->nses; i++) {
			const struct svcendpoint *e = &sn->ses[i];
			const char *svc = strncmp(e->service, "Microsoft.", 10) ?
			    e->service : e->service + 10;
			buf_printf(&b[n], "%s%s", i ? ", " : "", svc);
			for (size_t k = 0; k < e->nlocations; k++)
				buf_printf(&b[n], "%s%s", k ? " " : "(",
				    e->locations[k]);
			if (e->nlocations)
				buf_putc(&b[n], ')');
		}
		warn[n++] = false;
	}
	return n;
}

/* The subnet holding the next hop of sn's default route to an
 * appliance, for the diagram's egress edge; NULL when there is none or
 * it is in no subnet of the spec. */
static const struct subnet *
egress_subnet(const struct spec *s, const struct subnet *sn)
{
	for (size_t i = 0; sn->rt && i < sn->rt->nroutes; i++) {
		const struct route *r = &sn->rt->routes[i];
		if (!r->nh_ok || r->hop != HOP_APPLIANCE || r->prefix.kind !=
		    ADDR_PREFIXES || !r->prefix.nall ||
		    r->prefix.all[0].c.len != 0)
			continue;
		struct cidr a = {r->nh_family, {0}, r->nh_family == 4 ? 32 : 128};
		memcpy(a.addr, r->nh_addr, sizeof(a.addr));
		for (size_t v = 0; v < s->nvnets; v++)
			for (size_t k = 0; k < s->vnets[v].nsubnets; k++) {
				const struct subnet *t = &s->vnets[v].subnets[k];
				for (size_t p = 0; p < t->nprefixes; p++)
					if (t->prefixes[p].ok && cidr_contains(
					    &t->prefixes[p].c, &a))
						return t;
			}
	}
	return NULL;
}

static void subnet_index(const struct spec *s, const struct subnet *sn,
    size_t *vi, size_t *si);

/* One dashed edge from each subnet whose default route goes to an
 * appliance in a subnet of the spec (a hub's firewall) to that subnet. */
static void
egress_edges(const struct spec *s, struct buf *b, bool mermaid)
{
	for (size_t v = 0; v < s->nvnets; v++)
		for (size_t k = 0; k < s->vnets[v].nsubnets; k++) {
			const struct subnet *to = egress_subnet(s,
			    &s->vnets[v].subnets[k]);
			size_t tv, ts;
			if (!to)
				continue;
			subnet_index(s, to, &tv, &ts);
			if (mermaid)
				buf_printf(b, "  subnet_%zu_%zu_use -.->|"
				    "\"0.0.0.0/0\"| subnet_%zu_%zu_use\n", v, k,
				    tv, ts);
			else
				buf_printf(b, "\tsubnet_%zu_%zu -> subnet_%zu_%zu "
				    "[label=\"0.0.0.0/0\", style=dashed, color="
				    "\"%s\", fontcolor=\"%s\", constraint=false];"
				    "\n", v, k, tv, ts, C_OPEN, C_OPEN);
		}
}

/* ----------------------------------------------------------------- DOT */

/* A label format's escapes: each character it may not hold as itself,
 * and what it is written as instead (NUL-terminated table). */
struct esc {
	char c;
	const char *as;
};

static void
escape(struct buf *b, const char *s, const struct esc *t)
{
	for (; *s; s++) {
		const struct esc *e = t;
		while (e->c && e->c != *s)
			e++;
		if (e->c)
			buf_puts(b, e->as);
		else
			buf_putc(b, *s);
	}
}

/* Text for a Graphviz HTML-like label. */
static const struct esc html_esc[] = {
	{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"},
	{'\n', " "}, {0, NULL},
};

/* The spec's file name in a // or %% comment line: one line of text
 * whatever it holds (a newline ended the comment, and dot read the rest
 * as the graph's text). */
static void
comment_text(struct buf *b, const char *s)
{
	uni_put_shown(b, s, strlen(s), true);
}

static void
html(struct buf *b, const char *s)
{
	escape(b, s, html_esc);
}

/* Bold text with room after it: Graphviz 2.43 measures bold text about
 * 4% narrower than it draws, so a long bold name would overrun its box. */
static void
dot_bold(struct buf *b, const char *text)
{
	buf_puts(b, "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\">"
	    "<TR><TD ALIGN=\"LEFT\"><B>");
	html(b, text);
	buf_printf(b, "</B></TD><TD WIDTH=\"%zu\"></TD></TR></TABLE>",
	    2 + strlen(text) / 4);
}

/* One left-aligned row: <TR><TD ALIGN="LEFT">text</TD></TR>, in colour
 * and size when given. */
static void
dot_row(struct buf *b, const char *text, const char *colour, int size,
    bool bold)
{
	buf_puts(b, "<TR><TD ALIGN=\"LEFT\">");
	if (colour || size) {
		buf_puts(b, "<FONT");
		if (colour)
			buf_printf(b, " COLOR=\"%s\"", colour);
		if (size)
			buf_printf(b, " POINT-SIZE=\"%d\"", size);
		buf_puts(b, ">");
	}
	if (bold)
		dot_bold(b, text);
	else
		html(b, text);
	if (colour || size)
		buf_puts(b, "</FONT>");
	buf_puts(b, "</TD></TR>\n");
}

/* A heading row: the name in bold, then its prefixes (and a region that
 * differs from the spec's), in cells of their own: HTML labels collapse
 * spaces, and a cell keeps the gap whatever font the viewer has. */
static void
dot_head(struct buf *b, const char *name, const char *prefixes,
    const char *region)
{
	buf_puts(b, "<TR><TD ALIGN=\"LEFT\"><TABLE BORDER=\"0\" "
	    "CELLSPACING=\"0\" CELLPADDING=\"0\"><TR><TD ALIGN=\"LEFT\">");
	dot_bold(b, name);
	buf_puts(b, "</TD><TD WIDTH=\"12\"></TD><TD ALIGN=\"LEFT\">");
	html(b, prefixes);
	buf_puts(b, "</TD>");
	if (region) {
		buf_puts(b, "<TD WIDTH=\"12\"></TD><TD ALIGN=\"LEFT\"><FONT "
		    "COLOR=\"" C_TEXT_DIM "\">");
		html(b, region);
		buf_puts(b, "</FONT></TD>");
	}
	buf_puts(b, "</TR></TABLE></TD></TR>\n");
}

/* The address-use bar: a fixed-width strip, the used part coloured. */
static void
dot_bar(struct buf *b, const struct use *u)
{
	int w = 0;

	/* The known part in colour; when a plan's instance count is not
	 * given the rest is amber, "unknown", rather than the grey of free
	 * space, which would promise room the subnet may not have. */
	if (u->usable && u->used) {
		uint64_t x = u->used >= u->usable ? BAR_W :
		    u->used * BAR_W / u->usable;
		w = x < 3 ? 3 : (int)x; /* one PE in a /24 stays visible */
	}
	/* A fixed-size table, or a wider cell would stretch the strip; no
	 * border, which Graphviz 2.43 draws at the wrong size on one. */
	buf_printf(b, "<TR><TD ALIGN=\"LEFT\"><TABLE BORDER=\"0\" "
	    "CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\" "
	    "ALIGN=\"LEFT\" FIXEDSIZE=\"TRUE\" WIDTH=\"%d\" HEIGHT=\"%d\">"
	    "<TR>", BAR_W, BAR_H);
	if (w)
		buf_printf(b, "<TD WIDTH=\"%d\" HEIGHT=\"%d\" FIXEDSIZE=\"TRUE\""
		    " BGCOLOR=\"%s\"></TD>", w, BAR_H, bar_colour(u));
	if (w < BAR_W)
		buf_printf(b, "<TD WIDTH=\"%d\" HEIGHT=\"%d\" FIXEDSIZE=\"TRUE\""
		    " BGCOLOR=\"%s\"></TD>", BAR_W - w, BAR_H,
		    u->known ? C_BAR_FREE : C_BAR_UNKNOWN);
	buf_puts(b, "</TR></TABLE></TD></TR>\n");
}

static void
dot_subnet(struct spec *s, struct buf *b, size_t vi, size_t si)
{
	const struct subnet *sn = &s->vnets[vi].subnets[si];
	struct use u = subnet_use(s, sn);
	struct buf t = {0};

	buf_printf(b, "\t\tsubnet_%zu_%zu [shape=none, margin=0, label=<"
	    "<TABLE BORDER=\"1\" STYLE=\"ROUNDED\" COLOR=\"%s\" "
	    "BGCOLOR=\"white\" CELLBORDER=\"0\" CELLSPACING=\"2\" "
	    "CELLPADDING=\"2\">\n", vi, si, C_SUBNET_LINE);
	prefixes_text(&t, sn->prefixes, sn->nprefixes);
	dot_head(b, ev(s, &sn->name), buf_str(&t), NULL);
	if (sn->delegation) {
		t.len = 0;
		buf_printf(&t, "delegated to %s", sn->delegation);
		dot_row(b, buf_str(&t), C_TEXT_DIM, 9, false);
	}
	struct buf bl[4] = {{0}};
	bool warn[4];
	size_t nb = badges(s, sn, bl, warn);
	for (size_t i = 0; i < nb; i++) {
		dot_row(b, buf_str(&bl[i]), warn[i] ? C_OPEN : C_VNET_LINE, 9,
		    false);
		buf_free(&bl[i]);
	}
	if (u.has_v4) {
		dot_bar(b, &u);
		t.len = 0;
		use_text(&t, &u);
		buf_puts(&t, ": ");
		use_detail(&t, &u);
		dot_row(b, buf_str(&t), C_TEXT_DIM, 8, false);
	}
	/* Private endpoints sit in their subnet; each row is a port that
	 * the edge to its target leaves from. */
	for (size_t i = 0; sn->npes && i < s->nbackends; i++)
		for (size_t j = 0; j < s->backends[i].npes; j++) {
			const struct pe *pe = &s->backends[i].pes[j];
			if (pe->subnet != sn)
				continue;
			/* One cell of text: a nested table would be
			 * stretched to the row and centre the name. */
			buf_printf(b, "<TR><TD ALIGN=\"LEFT\" PORT=\"pe_%zu_%zu\" "
			    "BGCOLOR=\"%s\" BORDER=\"1\" COLOR=\"%s\" "
			    "STYLE=\"ROUNDED\"><FONT COLOR=\"%s\" "
			    "POINT-SIZE=\"9\">private endpoint </FONT><B>", i, j,
			    C_PE_FILL, C_SUBNET_LINE, C_TEXT_DIM);
			html(b, ev(s, &pe->name));
			buf_puts(b, "</B>" GAP "</TD></TR>\n");
		}
	buf_puts(b, "</TABLE>>];\n");
	buf_free(&t);
}

static void
dot_vnet(struct spec *s, struct buf *b, size_t vi)
{
	const struct vnet *vn = &s->vnets[vi];
	struct buf t = {0};

	buf_printf(b, "\tsubgraph cluster_vnet_%zu {\n", vi);
	/* a VNet vnetc only refers to (a platform's hub): dashed */
	buf_printf(b, "\t\tstyle=\"rounded,filled%s\"; color=\"%s\"; "
	    "fillcolor=\"%s\"; penwidth=1.5; margin=12;\n", vn->existing ?
	    ",dashed" : "", C_VNET_LINE, C_VNET_FILL);
	buf_puts(b, "\t\tlabel=<<TABLE BORDER=\"0\" CELLPADDING=\"1\" "
	    "CELLSPACING=\"0\">");
	dot_row(b, vn->existing ? "VIRTUAL NETWORK (exists; vnetc only peers "
	    "with it)" : "VIRTUAL NETWORK", C_VNET_LINE, 9, false);
	prefixes_text(&t, vn->space, vn->nspace);
	const char *loc = ev(s, &vn->location);
	dot_head(b, ev(s, &vn->name), buf_str(&t),
	    *loc && strcmp(loc, ev(s, &s->location)) ? loc : NULL);
	buf_puts(b, "</TABLE>>;\n");
	buf_puts(b, "\t\tlabeljust=l;\n");
	for (size_t i = 0; i < vn->nsubnets; i++)
		dot_subnet(s, b, vi, i);
	if (!vn->nsubnets)
		buf_printf(b, "\t\tsubnet_%zu_0 [shape=none, label=<<FONT "
		    "COLOR=\"%s\">%s</FONT>>];\n", vi, C_TEXT_DIM,
		    vn->existing ? "its subnets are its owner's" : "no subnets");
	/* The subnets stack in one column, as in Azure's own diagrams. */
	if (vn->nsubnets > 1) {
		buf_puts(b, "\t\t{rank=same;");
		for (size_t i = 0; i < vn->nsubnets; i++)
			buf_printf(b, " subnet_%zu_%zu;", vi, i);
		buf_puts(b, "}\n");
	}
	buf_puts(b, "\t}\n");
	buf_free(&t);
}

/* The node of a box drawn as an HTML-like table: "\tKIND_I [...<TABLE
 * ...>\n"; the caller adds its rows and "</TABLE>>];\n". */
static void
dot_box(struct buf *b, const char *kind, size_t i, int border,
    const char *line, const char *fill)
{
	buf_printf(b, "\t%s_%zu [shape=none, margin=0, label=<<TABLE "
	    "BORDER=\"%d\" STYLE=\"ROUNDED\" COLOR=\"%s\" BGCOLOR=\"%s\" "
	    "CELLBORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"3\">\n", kind,
	    i, border, line, fill);
}

static void
dot_app(struct spec *s, struct buf *b, size_t i)
{
	const struct app *ap = &s->apps[i];

	dot_box(b, "app", i, 1, C_VNET_LINE, C_APP_FILL);
	dot_row(b, "APP SERVICE APP", C_VNET_LINE, 9, false);
	dot_row(b, ev(s, &ap->name), NULL, 0, true);
	if (ap->farm) {
		struct buf t = {0};
		buf_printf(&t, "plan %s", ev(s, &ap->farm->name));
		if (ap->farm->sku)
			buf_printf(&t, ", SKU %s", ap->farm->sku);
		dot_row(b, buf_str(&t), C_TEXT_DIM, 9, false);
		buf_free(&t);
	}
	if (ap->https_only == 1)
		dot_row(b, "HTTPS only", C_TEXT_DIM, 9, false);
	if (app_created_text(ap))
		dot_row(b, app_created_text(ap), C_TEXT_DIM, 8, false);
	if (function_text(s, ap))
		dot_row(b, function_text(s, ap), C_TEXT_DIM, 8, false);
	for (size_t j = 0; j < ap->nuais; j++)
		if (identity_text(s, ap, j))
			dot_row(b, identity_text(s, ap, j), C_TEXT_DIM, 8,
			    false);
	for (size_t j = 0; j < ap->nslots; j++)
		dot_row(b, slot_text(s, ap, j), C_TEXT_DIM, 8, false);
	buf_puts(b, "</TABLE>>];\n");
}

static void
dot_backend(struct spec *s, struct buf *b, size_t i)
{
	const struct backend *be = &s->backends[i];
	bool blocked = access_blocked(be);
	const char *title = kind_title(be->type);

	if (be->self_app) /* drawn as its app */
		return;
	dot_box(b, "backend", i, blocked ? 2 : 1, blocked ? C_OK : C_OPEN,
	    blocked ? C_OK_FILL : C_OPEN_FILL);
	if (title) {
		struct buf t = {0};
		for (const char *p = title; *p; p++)
			buf_putc(&t, *p >= 'a' && *p <= 'z' ?
			    (char)(*p - 'a' + 'A') : *p);
		dot_row(b, buf_str(&t), C_TEXT_DIM, 9, false);
		buf_free(&t);
	}
	dot_row(b, ev(s, &be->name), NULL, 0, true);
	dot_row(b, be->type ? be->type : "?", C_TEXT_DIM, 8, false);
	dot_row(b, access_text(be), blocked ? C_OK : C_OPEN, 9, true);
	if (created_text(be))
		dot_row(b, created_text(be), C_TEXT_DIM, 8, false);
	buf_puts(b, "</TABLE>>];\n");
}

static void
dot_zone(struct spec *s, struct buf *b, size_t i)
{
	const struct zone *z = &s->zones[i];

	dot_box(b, "zone", i, 1, C_ZONE_LINE, C_ZONE_FILL);
	dot_row(b, z->central ? "CENTRAL PRIVATE DNS ZONE (exists)" :
	    "PRIVATE DNS ZONE (global)", C_ZONE_LINE, 9, false);
	dot_row(b, ev(s, &z->rname), NULL, 0, true);
	if (strcmp(ev(s, &z->rname), z->name))
		dot_row(b, z->name, C_TEXT_DIM, 8, false);
	buf_puts(b, "</TABLE>>];\n");
}

/* Index of v in s->vnets. */
static size_t
vnet_index(const struct spec *s, const struct vnet *v)
{
	return (size_t)(v - s->vnets);
}

static void
subnet_index(const struct spec *s, const struct subnet *sn, size_t *vi,
    size_t *si)
{
	*vi = vnet_index(s, sn->vnet);
	*si = (size_t)(sn - sn->vnet->subnets);
}

/* "the subscription az is set to", or its value: what a scope's
 * subscription is called in a label. A GUID says little to a reader; the
 * spec has no display names for subscriptions, but one given as a
 * parameter (${connectivitySub}) is named by it: "connectivitySub
 * (GUID)". */
static const char *
sub_title(struct spec *s, const struct scope *sc)
{
	const struct param *p = sc->sub.nsegs == 1 ? sc->sub.segs[0].param :
	    NULL;

	if (p && p == s->runsub)
		return "the one the run targets";
	if (p)
		return arena_printf(&s->arena, "%s (%s)", p->name, ev(s,
		    &sc->sub));
	return ev(s, &sc->sub);
}

/* Is scope i the first of its subscription (in scope order)? */
static bool
first_of_sub(struct spec *s, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (streqi(ev(s, &s->scopes[j]->sub), ev(s,
		    &s->scopes[i]->sub)))
			return false;
	return true;
}

/* Scope boundaries (several groups or subscriptions): a cluster per
 * subscription holding one per resource group, each with the apps,
 * VNets, back ends and zones that live in it. */
static void
dot_scopes(struct spec *s, struct buf *b)
{
	for (size_t i = 0; i < s->nscopes; i++) {
		if (!first_of_sub(s, i))
			continue;
		buf_printf(b, "\tsubgraph cluster_sub_%zu {\n\t\tstyle=\"dashed\";"
		    " color=\"%s\"; margin=16; labeljust=l;\n\t\tlabel=<"
		    "<FONT COLOR=\"%s\" POINT-SIZE=\"9\">SUBSCRIPTION ", i,
		    C_TEXT_DIM, C_TEXT_DIM);
		html(b, sub_title(s, s->scopes[i]));
		buf_puts(b, "</FONT>>;\n");
		for (size_t j = i; j < s->nscopes; j++) {
			const struct scope *sc = s->scopes[j];
			if (!streqi(ev(s, &sc->sub), ev(s, &s->scopes[i]->sub)))
				continue;
			buf_printf(b, "\tsubgraph cluster_rg_%zu {\n\t\tstyle="
			    "\"rounded\"; color=\"%s\"; margin=12; labeljust=l;"
			    "\n\t\tlabel=<<FONT COLOR=\"%s\" POINT-SIZE=\"9\">"
			    "RESOURCE GROUP ", j, C_TEXT_DIM, C_TEXT_DIM);
			html(b, ev(s, &sc->rg));
			buf_puts(b, "</FONT>>;\n");
			for (size_t k = 0; k < s->napps; k++)
				if (s->apps[k].scope == sc)
					dot_app(s, b, k);
			for (size_t k = 0; k < s->nvnets; k++)
				if (s->vnets[k].scope == sc)
					dot_vnet(s, b, k);
			for (size_t k = 0; k < s->nbackends; k++)
				if (s->backends[k].scope == sc)
					dot_backend(s, b, k);
			for (size_t k = 0; k < s->nzones; k++)
				if (s->zones[k].scope == sc)
					dot_zone(s, b, k);
			buf_puts(b, "\t}\n");
		}
		buf_puts(b, "\t}\n");
	}
}

void
graph_dot(struct spec *s, struct buf *b)
{
	buf_puts(b, "// vnetc graph of ");
	comment_text(b, s->base);
	buf_puts(b, ".yaml; generated, do not edit\n");
	buf_puts(b, "digraph vnetc {\n");
	buf_puts(b, "\tgraph [rankdir=LR, compound=true, newrank=true, "
	    "fontname=\"Helvetica,Arial,sans-serif\", fontsize=11, "
	    "nodesep=0.25, ranksep=0.9, pad=0.3, labelloc=t, labeljust=l];\n");
	buf_puts(b, "\tnode [fontname=\"Helvetica,Arial,sans-serif\", "
	    "fontsize=10];\n");
	buf_puts(b, "\tedge [fontname=\"Helvetica,Arial,sans-serif\", "
	    "fontsize=9, color=\"" C_TEXT_DIM "\", fontcolor=\""
	    C_TEXT_DIM "\", arrowsize=0.7];\n");
	/* Title: where it all goes. */
	buf_puts(b, "\tlabel=<<B>");
	html(b, s->base);
	buf_puts(b, "</B>" GAP "<FONT COLOR=\"" C_TEXT_DIM "\">resource group ");
	html(b, ev(s, &s->rg));
	buf_puts(b, ", ");
	html(b, ev(s, &s->location));
	if (s->cloud != CLOUD_PUBLIC) {
		buf_puts(b, ", ");
		html(b, cloud_title(s->cloud));
	}
	buf_puts(b, "</FONT>");
	if (s->description) {
		buf_puts(b, "<BR ALIGN=\"LEFT\"/><FONT POINT-SIZE=\"10\" "
		    "COLOR=\"" C_TEXT_DIM "\">");
		html(b, s->description);
		buf_puts(b, "</FONT>");
	}
	buf_puts(b, "<BR ALIGN=\"LEFT\"/> >;\n\n");

	if (s->nscopes > 1) {
		dot_scopes(s, b);
	} else {
		for (size_t i = 0; i < s->napps; i++)
			dot_app(s, b, i);
		for (size_t i = 0; i < s->nvnets; i++)
			dot_vnet(s, b, i);
		for (size_t i = 0; i < s->nbackends; i++)
			dot_backend(s, b, i);
	}
	/* Back ends in one column, right of the networks. */
	if (s->nbackends > 1) {
		buf_puts(b, "\t{rank=same;");
		for (size_t i = 0; i < s->nbackends; i++)
			if (!s->backends[i].self_app)
				buf_printf(b, " backend_%zu;", i);
		buf_puts(b, "}\n");
	}
	/* Private DNS zones are global resources, outside every VNet: one
	 * box of them, in one column right of the networks, that the links
	 * reach around the VNets (below). A spec of several scopes draws
	 * them in their resource group's. */
	if (s->nscopes < 2 && s->nzones) {
		buf_printf(b, "\tsubgraph cluster_zones {\n\t\tstyle=\"rounded,"
		    "dashed\"; color=\"%s\"; margin=10;\n\t\tlabel=<<FONT "
		    "COLOR=\"%s\" POINT-SIZE=\"9\">PRIVATE DNS ZONES</FONT>>;"
		    "\n\t\tlabeljust=l;\n", C_ZONE_LINE, C_ZONE_LINE);
		for (size_t i = 0; i < s->nzones; i++)
			buf_puts(b, "\t"), dot_zone(s, b, i);
		buf_puts(b, "\t\t{rank=same;");
		for (size_t i = 0; i < s->nzones; i++)
			buf_printf(b, " zone_%zu;", i);
		buf_puts(b, "}\n\t}\n");
	}

	buf_puts(b, "\n");
	for (size_t i = 0; i < s->napps; i++) {
		const struct app *ap = &s->apps[i];
		if (!ap->integration)
			continue;
		size_t vi, si;
		subnet_index(s, ap->integration, &vi, &si);
		buf_printf(b, "\tapp_%zu -> subnet_%zu_%zu [label=\"VNet "
		    "integration%s\", color=\"%s\", fontcolor=\"%s\", "
		    "penwidth=1.5];\n", i, vi, si,
		    ap->route_all ? ", route all" : "", C_VNET_LINE,
		    C_VNET_LINE);
	}
	for (size_t i = 0; i < s->nbackends; i++)
		for (size_t j = 0; j < s->backends[i].npes; j++) {
			const struct pe *pe = &s->backends[i].pes[j];
			if (!pe->subnet)
				continue;
			size_t vi, si;
			subnet_index(s, pe->subnet, &vi, &si);
			char to[32];
			buf_printf(b, "\tsubnet_%zu_%zu:pe_%zu_%zu:e -> "
			    "%s [label=<", vi, si, i, j, pe_target(s, i, to,
			    sizeof(to)));
			html(b, pe_label(s, pe));
			buf_printf(b, ">, color=\"%s\", penwidth=1.3];\n",
			    C_OK);
		}
	/* A zone answers only in the VNets linked to it
	 * (docs/azure-notes.md 3.2). One scope: one edge from each VNet's
	 * box to the box of the zones, naming its links; an edge per link
	 * crossed the other VNets' boxes on its way to its zone (a hub
	 * between the spokes and the zones). Several scopes: an edge per
	 * link, to the zone in its resource group. */
	for (size_t i = 0; s->nscopes < 2 && i < s->nvnets; i++) {
		const char *sep = "";
		for (size_t k = 0; k < s->nlinks; k++) {
			const struct link *l = &s->links[k];
			if (l->vnet != &s->vnets[i])
				continue;
			if (!*sep)
				buf_printf(b, "\tsubnet_%zu_0 -> zone_%zu [ltail="
				    "cluster_vnet_%zu, lhead=cluster_zones, "
				    "dir=none, style=dashed, color=\"%s\", "
				    "fontcolor=\"%s\", label=<", i,
				    (size_t)(l->zone - s->zones), i,
				    C_ZONE_LINE, C_ZONE_LINE);
			buf_puts(b, sep);
			html(b, ev(s, &l->name));
			sep = "<BR/>";
		}
		if (*sep)
			buf_puts(b, ">];\n");
	}
	for (size_t i = 0; s->nscopes > 1 && i < s->nlinks; i++) {
		const struct link *l = &s->links[i];
		size_t vi = vnet_index(s, l->vnet);
		buf_printf(b, "\tsubnet_%zu_0 -> zone_%zu [ltail=cluster_vnet_%zu"
		    ", dir=none, style=dashed, color=\"%s\", fontcolor=\"%s\", "
		    "label=<", vi, (size_t)(l->zone - s->zones), vi,
		    C_ZONE_LINE, C_ZONE_LINE);
		html(b, ev(s, &l->name));
		buf_puts(b, ">];\n");
	}
	/* Peerings join VNet boxes; traffic flows both ways. One line per
	 * pair: s->peerings holds both sides, [2k] and [2k + 1]. */
	for (size_t i = 0; i < s->npeerings; i += 2) {
		size_t v = vnet_index(s, s->peerings[i].vnet);
		size_t k = vnet_index(s, s->peerings[i].remote);
		buf_printf(b, "\tsubnet_%zu_0 -> subnet_%zu_0 [ltail="
		    "cluster_vnet_%zu, lhead=cluster_vnet_%zu, dir=both, "
		    "color=\"%s\", fontcolor=\"%s\", penwidth=2, label="
		    "\"%s\"];\n", v, k, v, k, C_VNET_LINE, C_VNET_LINE,
		    peering_label(s, i));
	}
	/* A subnet whose default route goes to an appliance in a subnet of
	 * the spec (a hub's firewall): one dashed edge to it. */
	egress_edges(s, b, false);
	buf_puts(b, "}\n");
}

/* ------------------------------------------------------------- Mermaid */

/* Text inside a Mermaid "..." label: quotes and angle brackets as
 * Mermaid's #entity; codes so a name cannot end the label or open HTML. */
static const struct esc mmd_esc[] = {
	{'"', "#quot;"}, {'<', "#lt;"}, {'>', "#gt;"}, {'#', "#35;"},
	{'&', "#amp;"}, {'\n', " "}, {0, NULL},
};

static void
mmd(struct buf *b, const char *s)
{
	escape(b, s, mmd_esc);
}

/* Text inside a YAML double-quoted scalar. */
static void
yaml_dq(struct buf *b, const char *s)
{
	for (; *s; s++)
		if (*s == '"' || *s == '\\')
			buf_printf(b, "\\%c", *s);
		else if ((unsigned char)*s < ' ')
			buf_putc(b, ' ');
		else
			buf_putc(b, *s);
}

/* A text bar for Markdown: ▰ used, ▱ free, 20 cells; none when the use
 * is unknown (the text says "?"). */
static void
mmd_bar(struct buf *b, const struct use *u)
{
	size_t n = 0;

	if (!u->known)
		return;
	if (u->usable && u->used) {
		uint64_t x = u->used >= u->usable ? BAR_TEXT_CELLS :
		    u->used * BAR_TEXT_CELLS / u->usable;
		n = x ? (size_t)x : 1;
	}
	for (size_t i = 0; i < BAR_TEXT_CELLS; i++)
		buf_puts(b, i < n ? "\xe2\x96\xb0" : "\xe2\x96\xb1");
	buf_putc(b, ' ');
}

/* An app's node; in is its indent. */
static void
mmd_app(struct spec *s, struct buf *b, size_t i, const char *in)
{
	const struct app *ap = &s->apps[i];

	buf_printf(b, "%sapp_%zu[\"App Service app<br/><b>", in, i);
	mmd(b, ev(s, &ap->name));
	buf_puts(b, "</b>");
	if (ap->farm) {
		buf_puts(b, "<br/>plan ");
		mmd(b, ev(s, &ap->farm->name));
		if (ap->farm->sku) {
			buf_puts(b, ", SKU ");
			mmd(b, ap->farm->sku);
		}
	}
	if (ap->https_only == 1)
		buf_puts(b, "<br/>HTTPS only");
	if (app_created_text(ap)) {
		buf_puts(b, "<br/>");
		mmd(b, app_created_text(ap));
	}
	if (function_text(s, ap)) {
		buf_puts(b, "<br/>");
		mmd(b, function_text(s, ap));
	}
	for (size_t j = 0; j < ap->nuais; j++)
		if (identity_text(s, ap, j)) {
			buf_puts(b, "<br/>");
			mmd(b, identity_text(s, ap, j));
		}
	for (size_t j = 0; j < ap->nslots; j++) {
		buf_puts(b, "<br/>");
		mmd(b, slot_text(s, ap, j));
	}
	buf_puts(b, "\"]\n");
}

/* A VNet's subgraph with its subnets, their facts and endpoints. */
static void
mmd_vnet(struct spec *s, struct buf *b, size_t vi, const char *in)
{
	const struct vnet *vn = &s->vnets[vi];
	struct buf t = {0};

	buf_printf(b, "%ssubgraph vnet_%zu[\"VNet <b>", in, vi);
	mmd(b, ev(s, &vn->name));
	buf_puts(b, "</b> ");
	prefixes_text(&t, vn->space, vn->nspace);
	mmd(b, buf_str(&t));
	buf_puts(b, "\"]\n");
	/* a subgraph needs a node to be drawn */
	if (vn->existing && !vn->nsubnets)
		buf_printf(b, "%s  vnet_%zu_info[\"exists: vnetc only peers with "
		    "it<br/>its subnets are its owner's\"]\n", in, vi);
	for (size_t si = 0; si < vn->nsubnets; si++) {
		const struct subnet *sn = &vn->subnets[si];
		struct use u = subnet_use(s, sn);
		buf_printf(b, "%s  subgraph subnet_%zu_%zu[\"<b>", in, vi, si);
		mmd(b, ev(s, &sn->name));
		buf_puts(b, "</b> ");
		t.len = 0;
		prefixes_text(&t, sn->prefixes, sn->nprefixes);
		mmd(b, buf_str(&t));
		buf_puts(b, "\"]\n");
		/* A subgraph needs a node to be drawn: the subnet's facts
		 * are one. */
		buf_printf(b, "%s    subnet_%zu_%zu_use[\"", in, vi, si);
		if (sn->delegation) {
			buf_puts(b, "delegated to ");
			mmd(b, sn->delegation);
			buf_puts(b, "<br/>");
		}
		struct buf bl[4] = {{0}};
		bool warn[4];
		size_t nb = badges(s, sn, bl, warn);
		for (size_t i = 0; i < nb; i++) {
			mmd(b, buf_str(&bl[i]));
			buf_puts(b, "<br/>");
			buf_free(&bl[i]);
		}
		if (u.has_v4) {
			mmd_bar(b, &u);
			t.len = 0;
			use_text(&t, &u);
			mmd(b, buf_str(&t));
			buf_puts(b, "<br/>");
			t.len = 0;
			use_detail(&t, &u);
			mmd(b, buf_str(&t));
		} else {
			buf_puts(b, "IPv6 only");
		}
		buf_puts(b, "\"]\n");
		for (size_t i = 0; sn->npes && i < s->nbackends; i++)
			for (size_t j = 0; j < s->backends[i].npes; j++) {
				const struct pe *pe = &s->backends[i].pes[j];
				if (pe->subnet != sn)
					continue;
				buf_printf(b, "%s    pe_%zu_%zu[\"private "
				    "endpoint<br/><b>", in, i, j);
				mmd(b, ev(s, &pe->name));
				buf_puts(b, "</b>\"]\n");
			}
		buf_printf(b, "%s  end\n", in);
	}
	buf_printf(b, "%send\n", in);
	buf_free(&t);
}

static void
mmd_backend(struct spec *s, struct buf *b, size_t i, const char *in)
{
	const struct backend *be = &s->backends[i];
	const char *title = kind_title(be->type);

	if (be->self_app) /* drawn as its app */
		return;
	buf_printf(b, "%sbackend_%zu[\"", in, i);
	if (title) {
		mmd(b, title);
		buf_puts(b, "<br/>");
	}
	buf_puts(b, "<b>");
	mmd(b, ev(s, &be->name));
	buf_puts(b, "</b><br/>");
	mmd(b, be->type ? be->type : "?");
	buf_puts(b, "<br/>");
	mmd(b, access_text(be));
	if (created_text(be)) {
		buf_puts(b, "<br/>");
		mmd(b, created_text(be));
	}
	buf_puts(b, "\"]\n");
}

static void
mmd_zone(struct spec *s, struct buf *b, size_t i, const char *in)
{
	buf_printf(b, "%szone_%zu[\"%s<br/><b>", in, i, s->zones[i].central ?
	    "central private DNS zone (exists)" : "private DNS zone");
	mmd(b, ev(s, &s->zones[i].rname));
	buf_puts(b, "</b>\"]\n");
}

/* Scope boundaries: a subgraph per subscription holding one per resource
 * group, as the DOT diagram draws them (dot_scopes). */
static void
mmd_scopes(struct spec *s, struct buf *b)
{
	for (size_t i = 0; i < s->nscopes; i++) {
		if (!first_of_sub(s, i))
			continue;
		buf_printf(b, "  subgraph sub_%zu[\"subscription ", i);
		mmd(b, sub_title(s, s->scopes[i]));
		buf_puts(b, "\"]\n");
		for (size_t j = i; j < s->nscopes; j++) {
			const struct scope *sc = s->scopes[j];
			if (!streqi(ev(s, &sc->sub), ev(s, &s->scopes[i]->sub)))
				continue;
			buf_printf(b, "    subgraph rg_%zu[\"resource group ", j);
			mmd(b, ev(s, &sc->rg));
			buf_puts(b, "\"]\n");
			for (size_t k = 0; k < s->napps; k++)
				if (s->apps[k].scope == sc)
					mmd_app(s, b, k, "      ");
			for (size_t k = 0; k < s->nvnets; k++)
				if (s->vnets[k].scope == sc)
					mmd_vnet(s, b, k, "      ");
			for (size_t k = 0; k < s->nbackends; k++)
				if (s->backends[k].scope == sc)
					mmd_backend(s, b, k, "      ");
			for (size_t k = 0; k < s->nzones; k++)
				if (s->zones[k].scope == sc)
					mmd_zone(s, b, k, "      ");
			buf_puts(b, "    end\n");
		}
		buf_puts(b, "  end\n");
	}
}

/* The edges, then the styles. */
static void
mmd_edges(struct spec *s, struct buf *b)
{
	for (size_t i = 0; i < s->napps; i++) {
		const struct app *ap = &s->apps[i];
		if (!ap->integration)
			continue;
		size_t vi, si;
		subnet_index(s, ap->integration, &vi, &si);
		buf_printf(b, "  app_%zu ==>|\"VNet integration%s\"| "
		    "subnet_%zu_%zu\n", i, ap->route_all ? ", route all" : "",
		    vi, si);
	}
	for (size_t i = 0; i < s->nbackends; i++)
		for (size_t j = 0; j < s->backends[i].npes; j++) {
			const struct pe *pe = &s->backends[i].pes[j];
			if (!pe->subnet)
				continue;
			char to[32];
			buf_printf(b, "  pe_%zu_%zu -->|\"", i, j);
			mmd(b, pe_label(s, pe));
			buf_printf(b, "\"| %s\n", pe_target(s, i, to,
			    sizeof(to)));
		}
	for (size_t i = 0; i < s->nlinks; i++) {
		const struct link *l = &s->links[i];
		buf_printf(b, "  vnet_%zu -.-|\"", vnet_index(s, l->vnet));
		mmd(b, ev(s, &l->name));
		buf_printf(b, "\"| zone_%zu\n", (size_t)(l->zone - s->zones));
	}
	for (size_t i = 0; i < s->npeerings; i += 2)
		buf_printf(b, "  vnet_%zu <-->|\"%s\"| vnet_%zu\n",
		    vnet_index(s, s->peerings[i].vnet), peering_label(s, i),
		    vnet_index(s, s->peerings[i].remote));
	egress_edges(s, b, true);
	/* Styles last, so the structure above reads first. */
	buf_puts(b, "  classDef vnet fill:" C_VNET_FILL ",stroke:" C_VNET_LINE
	    "\n  classDef subnet fill:#ffffff,stroke:" C_SUBNET_LINE
	    "\n  classDef app fill:" C_APP_FILL ",stroke:" C_VNET_LINE
	    "\n  classDef pe fill:" C_PE_FILL ",stroke:" C_SUBNET_LINE
	    "\n  classDef info fill:#ffffff,stroke:#ffffff,color:" C_TEXT_DIM
	    "\n  classDef blocked fill:" C_OK_FILL ",stroke:" C_OK
	    ",stroke-width:2px"
	    "\n  classDef open fill:" C_OPEN_FILL ",stroke:" C_OPEN
	    "\n  classDef zone fill:" C_ZONE_FILL ",stroke:" C_ZONE_LINE "\n");
	for (size_t vi = 0; vi < s->nvnets; vi++) {
		buf_printf(b, "  class vnet_%zu vnet\n", vi);
		for (size_t si = 0; si < s->vnets[vi].nsubnets; si++)
			buf_printf(b, "  class subnet_%zu_%zu subnet\n"
			    "  class subnet_%zu_%zu_use info\n", vi, si, vi, si);
	}
	for (size_t i = 0; i < s->napps; i++)
		buf_printf(b, "  class app_%zu app\n", i);
	for (size_t i = 0; i < s->nbackends; i++) {
		for (size_t j = 0; j < s->backends[i].npes; j++)
			if (s->backends[i].pes[j].subnet)
				buf_printf(b, "  class pe_%zu_%zu pe\n", i, j);
		if (!s->backends[i].self_app)
			buf_printf(b, "  class backend_%zu %s\n", i,
			    access_blocked(&s->backends[i]) ? "blocked" :
			    "open");
	}
	for (size_t i = 0; i < s->nzones; i++)
		buf_printf(b, "  class zone_%zu zone\n", i);
	/* what vnetc refers to and never writes: dashed */
	bool dashed = false;
	for (size_t i = 0; i < s->nvnets; i++)
		dashed |= s->vnets[i].existing;
	for (size_t i = 0; i < s->nzones; i++)
		dashed |= s->zones[i].central;
	if (dashed)
		buf_puts(b, "  classDef existing stroke-dasharray:5 5\n");
	for (size_t i = 0; i < s->nvnets; i++)
		if (s->vnets[i].existing)
			buf_printf(b, "  class vnet_%zu existing\n", i);
	for (size_t i = 0; i < s->nzones; i++)
		if (s->zones[i].central)
			buf_printf(b, "  class zone_%zu existing\n", i);
}

void
graph_mermaid(struct spec *s, struct buf *b)
{
	struct buf t = {0};

	/* Front matter first (Mermaid wants it on the first line): the title,
	 * a YAML double-quoted string. */
	buf_puts(b, "---\ntitle: \"");
	t.len = 0;
	buf_printf(&t, "%s: resource group %s, %s", s->base, ev(s, &s->rg),
	    ev(s, &s->location));
	if (s->cloud != CLOUD_PUBLIC)
		buf_printf(&t, ", %s", cloud_title(s->cloud));
	if (s->description)
		buf_printf(&t, ". %s", s->description);
	yaml_dq(b, buf_str(&t));
	buf_puts(b, "\"\n---\n");
	buf_puts(b, "%% vnetc graph of ");
	comment_text(b, s->base);
	buf_puts(b, ".yaml; generated, do not edit\n");
	buf_puts(b, "flowchart LR\n");
	if (s->nscopes > 1) {
		mmd_scopes(s, b);
	} else {
		for (size_t i = 0; i < s->napps; i++)
			mmd_app(s, b, i, "  ");
		for (size_t vi = 0; vi < s->nvnets; vi++)
			mmd_vnet(s, b, vi, "  ");
		for (size_t i = 0; i < s->nbackends; i++)
			mmd_backend(s, b, i, "  ");
		for (size_t i = 0; i < s->nzones; i++)
			mmd_zone(s, b, i, "  ");
	}
	mmd_edges(s, b);
	buf_free(&t);
}

/* ----------------------------------------------------------------- SVG */

bool
graph_format_parse(const char *s, enum graph_format *out)
{
	static const char *const names[] = {"dot", "mermaid", "svg"};

	for (size_t i = 0; i < NELEM(names); i++)
		if (!strcmp(s, names[i])) {
			*out = (enum graph_format)i; /* ORDER GRAPH_FORMAT */
			return true;
		}
	return false;
}

size_t
graph_size(const struct spec *s)
{
	size_t n = s->napps + s->nbackends + s->nzones + s->nvnets;

	for (size_t i = 0; i < s->nvnets; i++)
		n += s->vnets[i].nsubnets;
	return n;
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Moves data between us and the child: writes in (all of it, then closes
 * the child's stdin) while reading its stdout and stderr, so that neither
 * side blocks on a full pipe. Returns false on an I/O error. */
static bool
pump(int *in, const char *data, size_t len, int *out, struct buf *ob,
    int *err, struct buf *eb)
{
	size_t off = 0;
	char chunk[8192];

	if (len == 0)
		close_fd(in);
	while (*in >= 0 || *out >= 0 || *err >= 0) {
		struct pollfd p[3] = {
			{.fd = *in, .events = POLLOUT},
			{.fd = *out, .events = POLLIN},
			{.fd = *err, .events = POLLIN},
		};
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		if (*in >= 0 && p[0].revents) {
			ssize_t w = write(*in, data + off, len - off);
			if (w < 0 && errno != EAGAIN && errno != EINTR)
				close_fd(in); /* EPIPE: dot died; its
					       * stderr says why */
			else if (w > 0 && (off += (size_t)w) == len)
				close_fd(in);
		}
		for (int i = 1; i < 3; i++) {
			int *fd = i == 1 ? out : err;
			if (*fd < 0 || !p[i].revents)
				continue;
			ssize_t r = read(*fd, chunk, sizeof(chunk));
			if (r > 0)
				buf_putn(i == 1 ? ob : eb, chunk, (size_t)r);
			else if (r == 0 || (errno != EAGAIN && errno != EINTR))
				close_fd(fd);
		}
	}
	return true;
}

int
graph_svg(const char *dot, size_t len, struct buf *svg, struct buf *err)
{
	int in[2], out[2], ep[2];
	char *argv[] = {(char *)"dot", (char *)"-Tsvg", NULL};
	posix_spawn_file_actions_t fa;
	struct sigaction ign = {.sa_handler = SIG_IGN}, old;
	pid_t pid;
	int rc, status;

	if (pipe(in) < 0 || pipe(out) < 0 || pipe(ep) < 0)
		die("pipe:");
	/* Our ends close in the child; its ends are dup2'd to 0, 1, 2,
	 * which clears the flag on the copies. */
	int fds[] = {in[0], in[1], out[0], out[1], ep[0], ep[1]};
	for (size_t i = 0; i < NELEM(fds); i++)
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, ep[1], 2);
	rc = posix_spawnp(&pid, "dot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(out[1]);
	close(ep[1]);
	if (rc) {
		close(in[1]);
		close(out[0]);
		close(ep[0]);
		if (rc == ENOENT)
			return GRAPH_NODOT;
		buf_printf(err, "cannot run dot: %s\n", strerror(rc));
		return -1;
	}
	/* A dot that exits before reading everything must not kill us with
	 * SIGPIPE: the write fails with EPIPE instead. */
	sigaction(SIGPIPE, &ign, &old);
	bool ok = pump(&in[1], dot, len, &out[0], svg, &ep[0], err);
	sigaction(SIGPIPE, &old, NULL);
	close_fd(&in[1]);
	close_fd(&out[0]);
	close_fd(&ep[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid:");
	if (!ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    !svg->len) {
		if (!WIFEXITED(status))
			buf_printf(err, "dot was killed by signal %d\n",
			    WTERMSIG(status));
		else if (WEXITSTATUS(status))
			buf_printf(err, "dot exited with status %d\n",
			    WEXITSTATUS(status));
		return -1;
	}
	return 0;
}
