/* emit_az.c - plan -> a bash script of az CLI commands, one commented
 * section per plan step, each looking before it changes anything so the
 * script can run again. Every spec value reaches the script through
 * tmpl.c's tmpl_sh_* (words, parameters, comments); the fixed prologue
 * comes from templates/prologue.sh. */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "model.h"

#ifndef VNETC_VERSION
#define VNETC_VERSION "0.0.0"
#endif

/* --private-endpoint-network-policies with values is 2.56.0
 * (docs/azure-notes.md 1.6); everything else used here is older. */
static const char *const min_az = "2.56.0";

struct em {
	const struct plan *p;
	struct spec *s;
	struct buf *o;
	size_t n; /* step number */
	const struct scope *sc; /* the step's scope (body_step_scope) */
	bool guid_fn; /* vnetc_guid is defined (the first role step) */
};

static void
out(struct em *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
out(struct em *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(e->o, fmt, ap);
	va_end(ap);
}

static void
word(struct em *e, const struct tmpl *t)
{
	tmpl_sh_word(e->o, t);
}

static void
lit(struct em *e, const char *s)
{
	tmpl_sh_lit(e->o, s);
}

/* true or false, as az's tsv output writes a boolean. */
static const char *
tf(int b)
{
	return b ? "true" : "false";
}

/* " --name=WORD": the = form for every option whose value comes from the
 * spec, so that az never reads a value that begins with - as an option
 * (a resource group may be named -x; the environment may set any value).
 * prefix is what goes before the option: " " or a line break. */
static void
opt(struct em *e, const char *prefix, const struct tmpl *t)
{
	out(e, "%s=", prefix);
	tmpl_sh_word(e->o, t);
}

static void
optlit(struct em *e, const char *prefix, const char *s)
{
	out(e, "%s=", prefix);
	tmpl_sh_lit(e->o, s);
}

/* " --tags k=v ..." when a naming hook's tags() gave the resource tags
 * (naming.c): on the create commands, which take them (tests/azcli). */
static void
tags(struct em *e, const struct kvlist *t)
{
	if (!t->n)
		return;
	out(e, " \\\n    --tags");
	for (size_t i = 0; i < t->n; i++) {
		out(e, " ");
		lit(e, arena_printf(&e->s->arena, "%s=%s", t->items[i].key,
		    t->items[i].value));
	}
}

/* Is sc's subscription the one the run targets (az's default)? */
static bool
run_sub(const struct em *e, const struct scope *sc)
{
	return sc->sub.nsegs == 1 && sc->sub.segs[0].param == e->s->runsub;
}

/* " --subscription=SUB --resource-group=RG" of scope sc: the subscription
 * where it is not the one az is set to (the spec's subscription:, or an
 * object's), so that the script never depends on, nor changes, az's
 * default; the spec's own group is ${groupName}. */
static void
where(struct em *e, const struct scope *sc)
{
	if (!run_sub(e, sc))
		opt(e, " --subscription", &sc->sub);
	if (sc == e->s->scopes[0])
		out(e, " --resource-group=\"${groupName}\"");
	else
		opt(e, " --resource-group", &sc->rg);
}

/* The step's resource: in its scope. */
static void
rg(struct em *e)
{
	where(e, e->sc);
}

/* t as a shell word, its adjacent literal pieces joined first: each
 * piece tmpl.c quotes on its own ('a''b' for the pieces a and b). */
static void
joined_word(struct em *e, struct tmpl *t)
{
	size_t m = 0;

	for (size_t i = 0; i < t->nsegs; i++)
		if (m && t->segs[i].lit && t->segs[m - 1].lit)
			t->segs[m - 1].lit = arena_printf(&e->s->arena, "%s%s",
			    t->segs[m - 1].lit, t->segs[i].lit);
		else
			t->segs[m++] = t->segs[i];
	t->nsegs = m;
	word(e, t);
}

/* The resource id of type in scope sc with names (one per type segment)
 * as one shell word, "/subscriptions/${sub}/resourceGroups/..."; az takes
 * an id where a reference crosses scopes (--remote-vnet, --virtual-network,
 * --private-dns-zone, --vnet: each "name or ID", an id as it is; the
 * azure-cli sources of docs/azure-notes.md's landing-zone section). */
static struct tmpl
id_tmpl(struct em *e, const struct scope *sc, const char *type,
    const struct tmpl *const *names, size_t n)
{
	struct spec *s = e->s;
	struct tmpl t = {0};
	const char *slash = strchr(type, '/');

	/* a template of the pieces: tmpl_sh_word quotes each alike */
	size_t cap = sc->sub.nsegs + sc->rg.nsegs + n + 3;
	for (size_t i = 0; i < n; i++)
		cap += names[i]->nsegs;
	struct seg *g = arena_alloc(&s->arena, cap * sizeof(*g));
	t.segs = g;
	g[t.nsegs++].lit = "/subscriptions/";
	for (size_t i = 0; i < sc->sub.nsegs; i++)
		g[t.nsegs++] = sc->sub.segs[i];
	g[t.nsegs++].lit = "/resourceGroups/";
	for (size_t i = 0; i < sc->rg.nsegs; i++)
		g[t.nsegs++] = sc->rg.segs[i];
	g[t.nsegs++].lit = arena_printf(&s->arena, "/providers/%.*s",
	    (int)(slash - type), type);
	for (size_t i = 0; i < n && slash; i++) {
		const char *next = strchr(slash + 1, '/');
		g[t.nsegs++].lit = arena_printf(&s->arena, "%.*s/", next ?
		    (int)(next - slash) : (int)strlen(slash), slash);
		for (size_t k = 0; k < names[i]->nsegs; k++)
			g[t.nsegs++] = names[i]->segs[k];
		slash = next;
	}
	return t;
}

static void
id_word(struct em *e, const struct scope *sc, const char *type,
    const struct tmpl *const *names, size_t n)
{
	struct tmpl t = id_tmpl(e, sc, type, names, n);

	joined_word(e, &t);
}

/* " OPTION=WORD": a resource of type named name in scope sc, by its name
 * from a command in scope from, by its id from another scope. */
static void
ref(struct em *e, const char *option, const struct scope *from,
    const struct scope *sc, enum res r, const struct tmpl *name)
{
	if (sc == from) {
		opt(e, option, name);
		return;
	}
	out(e, " \\\n   %s=", option); /* an id: a line of its own */
	id_word(e, sc, restype_get(r)->type, &name, 1);
}

static void
section(struct em *e, const struct step *st, const char *why)
{
	out(e, "\n");
	tmpl_sh_comment(e->o, arena_printf(&e->s->arena, "--- Step %zu/%zu: %s",
	    e->n, e->p->nsteps, st->label));
	if (why)
		tmpl_sh_comment(e->o, why);
	if (e->sc != e->s->scopes[0])
		tmpl_sh_comment(e->o, arena_printf(&e->s->arena, "In resource "
		    "group %s of subscription %s.", e->sc->rg.raw,
		    run_sub(e, e->sc) ? "(the one az is set to)" :
		    e->sc->sub.raw));
	out(e, "vnetc_step %zu %zu ", e->n, e->p->nsteps);
	lit(e, st->label);
	out(e, "\n");
}

/* "A B ...": address prefixes (addr: their addresses alone, DNS
 * servers) as shell words. */
static const char *
words(struct em *e, const struct prefix *p, size_t n, bool addr)
{
	struct buf b = {0};

	for (size_t i = 0; i < n; i++) {
		char buf[CIDR_STRLEN];
		if (addr)
			cidr_format_addr(p[i].c.family, p[i].c.addr, buf);
		else
			cidr_format(&p[i].c, buf);
		if (i)
			buf_putc(&b, ' ');
		tmpl_sh_lit(&b, buf);
	}
	const char *r = arena_strdup(&e->s->arena, buf_str(&b));
	buf_free(&b);
	return r;
}

/* Every step looks before it writes, and writes only what differs. A
 * property the spec sets is read, compared with the spec as a set, and
 * written when it differs; the write says that this run changed
 * something (the app settings step reads vnetc_changed):
 *   vnetc_have="$(az ... show ... \
 *       --query Q --output tsv)"
 *   if ! vnetc_same_set "$vnetc_have" WANT; then
 *     az ... update ... \
 *       --option=WANT --output none
 *     vnetc_changed=1
 *   fi
 * ind is the indentation of the if. The caller writes the read's
 * "vnetc_have=\"$(az ... show ..." and then calls tsv(); cond: the read is
 * an if's condition that also asks whether the resource exists (not
 * found is an error, silenced). */
static void
tsv(struct em *e, const char *ind, const char *query, bool cond)
{
	out(e, " \\\n%s    --query ", ind);
	lit(e, query);
	out(e, " --output tsv%s)\"%s\n", cond ? " 2>/dev/null" : "",
	    cond ? "; then" : "");
}

/* The if; then the caller writes the write command and calls wrote(). */
static void
differs(struct em *e, const char *ind, const char *want)
{
	out(e, "%sif ! vnetc_same_set \"$vnetc_have\" %s; then\n%s  ", ind,
	    want, ind);
}

/* differs() with one literal word */
static void
differs_lit(struct em *e, const char *ind, const char *want)
{
	struct buf w = {0};

	tmpl_sh_lit(&w, want);
	differs(e, ind, buf_str(&w));
	buf_free(&w);
}

/* A line break inside the write command. */
static void
cont(struct em *e, const char *ind)
{
	out(e, " \\\n%s    ", ind);
}

static void
wrote(struct em *e, const char *ind)
{
	out(e, " --output none\n%s  vnetc_changed=1\n%sfi\n", ind, ind);
}

/* The end of a create (in an else branch). */
static void
created(struct em *e)
{
	out(e, " --output none\n  vnetc_changed=1\nfi\n");
}

/* " --subscription=SUB" where the spec names its own (subscription:) */
static void
home_sub(struct em *e)
{
	if (!run_sub(e, e->s->scopes[0]))
		opt(e, " --subscription", &e->s->scopes[0]->sub);
}

static void
step_rg(struct em *e)
{
	out(e, "if [ \"$(az group exists");
	home_sub(e);
	out(e, " --name=\"${groupName}\")\" != true ]; then\n  az group "
	    "create");
	home_sub(e);
	out(e, " --name=\"${groupName}\" --location=\"${location}\"");
	tags(e, &e->s->rg_tags);
	created(e);
}

static void
vnet_cmd(struct em *e, const struct vnet *vn, const char *verb)
{
	out(e, "az network vnet %s", verb);
	rg(e);
	opt(e, " --name", &vn->name);
}

static void
subnet_cmd(struct em *e, const struct subnet *sn, const char *verb)
{
	out(e, "az network vnet subnet %s", verb);
	rg(e);
	opt(e, " --vnet-name", &sn->vnet->name);
	opt(e, " --name", &sn->name);
}

/* ---- subnet security (issue 18) ---- */

/* t += lit, or t += x: a shell word (an id, a message) put together
 * from literal text and the spec's strings (names, ${param}s), merged so
 * that it quotes as one word. */
static void
tlit(struct em *e, struct tmpl *t, const char *lit)
{
	tmpl_append_lit(e->s, t, lit);
}

static void
tcat(struct em *e, struct tmpl *t, const struct tmpl *x)
{
	tmpl_append(e->s, t, x);
}

/* The groupName parameter as a template piece. */
static void
tgroup(struct em *e, struct tmpl *t)
{
	struct tmpl g = {.segs = &(struct seg){.param = spec_param(e->s,
	    "groupName")}, .nsegs = 1};

	tcat(e, t, &g);
}

/* " OPTION=..." of a subnet's NSG, route table or NAT gateway: the id it
 * is given, its name where it is in the subnet command's scope (az
 * resolves it in that group), its id where it is in another. brk: the
 * line break and indent before OPTION. */
static void
netres_opt(struct em *e, const char *brk, const char *option,
    const struct netres *r, enum res res)
{
	if (r->id.nsegs || r->scope == e->sc)
		opt(e, arena_printf(&e->s->arena, "%s%s", brk, option),
		    r->id.nsegs ? &r->id : &r->name);
	else
		ref(e, option, e->sc, r->scope, res, &r->name);
}

/* What its id ends with, as a shell word: "/resourceGroups/${groupName}/
 * providers/Microsoft.Network/TYPE/NAME" (its scope's group), or the
 * whole id given. */
static void
netres_suffix(struct em *e, const struct netres *r, enum res res)
{
	struct tmpl t = {0};

	if (r->id.nsegs) {
		word(e, &r->id);
		return;
	}
	tlit(e, &t, "/resourceGroups/");
	if (r->scope == e->s->scopes[0])
		tgroup(e, &t);
	else
		tcat(e, &t, &r->scope->rg);
	tlit(e, &t, arena_printf(&e->s->arena, "/providers/%s/",
	    restype_get(res)->type));
	tcat(e, &t, &r->name);
	word(e, &t);
}

/* "az GROUP VERB -g RG --name=NAME" or, by id, "az GROUP VERB --ids ID" */
static void
netres_cmd(struct em *e, const char *group, const char *verb,
    const struct netres *r)
{
	out(e, "az %s %s", group, verb);
	if (r->id.nsegs) {
		out(e, " --ids ");
		word(e, &r->id);
		return;
	}
	rg(e);
	opt(e, " --name", &r->name);
}

/* An NSG, route table or NAT gateway the spec says exists: the script
 * writes nothing of it, and stops here if it is not there. */
static void
netres_exists(struct em *e, const char *group, const struct netres *r)
{
	netres_cmd(e, group, "show", r);
	out(e, " --output none\n");
}

/* Created when missing: the create carries location, the extra options
 * (create is a PUT: it is never sent over one that exists, which would
 * reset what it does not name), then the tags. */
static void
netres_create(struct em *e, const char *group, const struct netres *r,
    const struct tmpl *location, const char *extra, const struct kvlist *tg)
{
	out(e, "if ! ");
	netres_cmd(e, group, "show", r);
	out(e, " --output none 2>/dev/null; then\n  ");
	netres_cmd(e, group, "create", r);
	opt(e, " \\\n    --location", location);
	out(e, "%s", extra);
	tags(e, tg);
	created(e);
}

/* The words of a rule's address (az's --*-address-prefixes) and ports. */
static void
addr_words(struct em *e, struct buf *b, const struct addr *a)
{
	char t[CIDR_STRLEN];

	if (a->kind == ADDR_TAG) {
		tmpl_sh_lit(b, a->tag);
		return;
	}
	if (a->kind != ADDR_PREFIXES) {
		tmpl_sh_lit(b, "*");
		return;
	}
	for (size_t i = 0; i < a->nall; i++) {
		netsec_prefix_text(&a->all[i], t);
		if (i)
			buf_putc(b, ' ');
		tmpl_sh_lit(b, t);
	}
	(void)e;
}

static void
port_words(struct buf *b, const struct ports *p)
{
	char t[16];

	if (!p->n)
		tmpl_sh_lit(b, "*");
	for (size_t i = 0; i < p->n; i++) {
		netsec_port_text(&p->r[i], t);
		buf_printf(b, "%s%s", i ? " " : "", t);
	}
}

static int
cmp_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* An address or ports as the list query prints them: the one value, or
 * the values sorted (JMESPath's sort) and joined by ','. */
static void
join_sorted(struct em *e, struct tmpl *t, const char **v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_text);
	for (size_t i = 0; i < n; i++) {
		if (i)
			tlit(e, t, ",");
		tlit(e, t, v[i]);
	}
}

static void
addr_field(struct em *e, struct tmpl *t, const struct addr *a)
{
	char buf[CIDR_STRLEN];
	const char **v;

	if (a->kind != ADDR_PREFIXES) {
		tlit(e, t, a->kind == ADDR_TAG ? a->tag : "*");
		return;
	}
	v = arena_alloc(&e->s->arena, (a->nall + 1) * sizeof(*v));
	for (size_t i = 0; i < a->nall; i++) {
		netsec_prefix_text(&a->all[i], buf);
		v[i] = arena_strdup(&e->s->arena, buf);
	}
	join_sorted(e, t, v, a->nall);
}

static void
ports_field(struct em *e, struct tmpl *t, const struct ports *p)
{
	char buf[16];
	const char **v = arena_alloc(&e->s->arena, (p->n + 1) * sizeof(*v));

	if (!p->n) {
		tlit(e, t, "*");
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		netsec_port_text(&p->r[i], buf);
		v[i] = arena_strdup(&e->s->arena, buf);
	}
	join_sorted(e, t, v, p->n);
}

/* A rule as the list query below prints it, one line:
 * NAME|PRIORITY|DIRECTION|ACCESS|PROTOCOL|SOURCE|SOURCE PORTS|
 * DESTINATION|PORTS|DESCRIPTION. The first three fields are its key: a
 * rule whose priority or direction moves is deleted first, so that no
 * two rules hold one priority while the others are written. */
static const char rule_query[] = "[].join('|', [name, to_string(priority), "
    "direction, access, protocol, sourceAddressPrefix || join(',', "
    "sort(sourceAddressPrefixes || `[]`)), sourcePortRange || join(',', "
    "sort(sourcePortRanges || `[]`)), destinationAddressPrefix || join(',', "
    "sort(destinationAddressPrefixes || `[]`)), destinationPortRange || "
    "join(',', sort(destinationPortRanges || `[]`)), description || ''])";

static struct tmpl
rule_line(struct em *e, const struct secrule *r, size_t nkey)
{
	struct tmpl t = {0};

	tcat(e, &t, &r->name);
	tlit(e, &t, "|");
	if (nkey == 1)
		return t;
	tlit(e, &t, arena_printf(&e->s->arena, "%d|%s|", r->priority,
	    r->outbound ? "Outbound" : "Inbound"));
	if (nkey == 3)
		return t;
	tlit(e, &t, arena_printf(&e->s->arena, "%s|%s|", r->deny ? "Deny" :
	    "Allow", netsec_proto(r->proto)));
	addr_field(e, &t, &r->src);
	tlit(e, &t, "|");
	ports_field(e, &t, &r->sports);
	tlit(e, &t, "|");
	addr_field(e, &t, &r->dst);
	tlit(e, &t, "|");
	ports_field(e, &t, &r->dports);
	tlit(e, &t, "|");
	tcat(e, &t, &r->description);
	return t;
}

/* A route as its list query prints it: NAME|PREFIX|TYPE|NEXT HOP IP;
 * NAME|PREFIX| is its key (Azure refuses two routes with one prefix). */
static const char route_query[] = "[].join('|', [name, addressPrefix, "
    "nextHopType, nextHopIpAddress || ''])";

static struct tmpl
route_line(struct em *e, const struct route *r, size_t nkey)
{
	struct tmpl t = {0};
	char buf[CIDR_STRLEN];

	tcat(e, &t, &r->name);
	tlit(e, &t, "|");
	if (nkey == 1)
		return t;
	if (r->prefix.kind == ADDR_TAG)
		tlit(e, &t, r->prefix.tag);
	else if (r->prefix.nall) {
		netsec_prefix_text(&r->prefix.all[0], buf);
		tlit(e, &t, buf);
	}
	tlit(e, &t, "|");
	if (nkey == 2)
		return t;
	tlit(e, &t, netsec_hop(r->hop));
	tlit(e, &t, "|");
	tcat(e, &t, &r->nh);
	return t;
}

/* The children (rules, routes) of an NSG or route table, one az group:
 * read them all in one list; delete those the spec does not have, and
 * those whose key moves; write each that differs. A second run finds
 * every line and writes nothing. */
struct children {
	const char *group;   /* "network nsg rule" */
	const char *popt;    /* " --nsg-name" */
	const char *query;
	size_t nkey;         /* fields of the key */
	size_t n;
	struct tmpl (*line)(struct em *, const void *, size_t);
	const void *(*at)(const void *, size_t);
	const void *parent;
	void (*write)(struct em *, const void *parent, const void *x);
};

static void
child_cmd2(struct em *e, const struct children *c, const struct netres *r,
    const char *verb)
{
	out(e, "az %s %s", c->group, verb);
	rg(e);
	opt(e, c->popt, &r->name);
}

static void
sync_children(struct em *e, const struct children *c, const struct netres *r)
{
	out(e, "vnetc_list=\"$(");
	child_cmd2(e, c, r, "list");
	tsv(e, "", c->query, false);
	out(e, "# What the spec does not have goes: the set it states is "
	    "the resource's.\nwhile IFS='|' read -r vnetc_name _; do\n"
	    "  case \"$vnetc_name\" in\n  ''");
	for (size_t i = 0; i < c->n; i++) {
		struct tmpl k = c->line(e, c->at(c->parent, i), 0);
		out(e, " | ");
		word(e, &k);
	}
	out(e, ") ;;\n  *)\n    ");
	child_cmd2(e, c, r, "delete");
	out(e, " \\\n      --name=\"$vnetc_name\" --output none\n"
	    "    vnetc_changed=1\n    ;;\n  esac\ndone <<<\"$vnetc_list\"\n");
	for (size_t i = 0; i < c->n; i++) {
		const void *x = c->at(c->parent, i);
		struct tmpl name = c->line(e, x, 0);
		struct tmpl k1 = c->line(e, x, 1), kk = c->line(e, x, c->nkey);
		out(e, "if vnetc_moved \"$vnetc_list\" ");
		word(e, &k1);
		out(e, " \\\n    ");
		word(e, &kk);
		out(e, "; then\n  ");
		child_cmd2(e, c, r, "delete");
		out(e, " --name=");
		word(e, &name);
		out(e, " \\\n    --output none\n  vnetc_changed=1\nfi\n");
	}
	for (size_t i = 0; i < c->n; i++) {
		const void *x = c->at(c->parent, i);
		struct tmpl all = c->line(e, x, (size_t)-1);
		out(e, "if ! vnetc_has_line \"$vnetc_list\" ");
		word(e, &all);
		out(e, "; then\n  ");
		c->write(e, c->parent, x);
		out(e, " --output none\n  vnetc_changed=1\nfi\n");
	}
}

static struct tmpl
rule_line_of(struct em *e, const void *x, size_t nkey)
{
	/* 0: the name alone (a case pattern) */
	struct tmpl t = {0};
	if (nkey == 0) {
		tcat(e, &t, &((const struct secrule *)x)->name);
		return t;
	}
	return rule_line(e, x, nkey);
}

static const void *
rule_at(const void *parent, size_t i)
{
	return &((const struct nsg *)parent)->rules[i];
}

static void
rule_write(struct em *e, const void *parent, const void *x)
{
	const struct secrule *r = x;
	struct buf b = {0};

	child_cmd2(e, &(struct children){.group = "network nsg rule",
	    .popt = " --nsg-name"}, &((const struct nsg *)parent)->r,
	    "create");
	opt(e, " \\\n      --name", &r->name);
	out(e, " --priority=%d --direction=%s --access=%s --protocol=",
	    r->priority, r->outbound ? "Outbound" : "Inbound", r->deny ?
	    "Deny" : "Allow");
	lit(e, netsec_proto(r->proto));
	/* Every option given: az's defaults are Inbound, Allow, any
	 * protocol and destination port 80 (network nsg rule create). */
	addr_words(e, &b, &r->src);
	out(e, " \\\n      --source-address-prefixes %s", buf_str(&b));
	b.len = 0;
	port_words(&b, &r->sports);
	out(e, " --source-port-ranges %s", buf_str(&b));
	b.len = 0;
	addr_words(e, &b, &r->dst);
	out(e, " \\\n      --destination-address-prefixes %s", buf_str(&b));
	b.len = 0;
	port_words(&b, &r->dports);
	out(e, " --destination-port-ranges %s", buf_str(&b));
	if (r->description.nsegs)
		opt(e, " \\\n      --description", &r->description);
	buf_free(&b);
}

static void
step_nsg(struct em *e, const struct nsg *g)
{
	if (g->r.existing) {
		netres_exists(e, "network nsg", &g->r);
		return;
	}
	netres_create(e, "network nsg", &g->r, &g->r.location, "",
	    &g->r.tags);
	sync_children(e, &(struct children){.group = "network nsg rule",
	    .popt = " --nsg-name", .query = rule_query, .nkey = 3,
	    .n = g->nrules, .line = rule_line_of, .at = rule_at, .parent = g,
	    .write = rule_write}, &g->r);
}

static struct tmpl
route_line_of(struct em *e, const void *x, size_t nkey)
{
	struct tmpl t = {0};
	if (nkey == 0) {
		tcat(e, &t, &((const struct route *)x)->name);
		return t;
	}
	return route_line(e, x, nkey);
}

static const void *
route_at(const void *parent, size_t i)
{
	return &((const struct rtable *)parent)->routes[i];
}

static void
route_write(struct em *e, const void *parent, const void *x)
{
	const struct route *r = x;
	char buf[CIDR_STRLEN];

	child_cmd2(e, &(struct children){.group = "network route-table route",
	    .popt = " --route-table-name"}, &((const struct rtable *)parent)->r,
	    "create");
	opt(e, " \\\n      --name", &r->name);
	if (r->prefix.kind == ADDR_TAG) {
		optlit(e, " --address-prefix", r->prefix.tag);
	} else {
		netsec_prefix_text(&r->prefix.all[0], buf);
		optlit(e, " --address-prefix", buf);
	}
	out(e, " --next-hop-type=%s", netsec_hop(r->hop));
	if (r->nh.nsegs)
		opt(e, " \\\n      --next-hop-ip-address", &r->nh);
}

static void
step_rt(struct em *e, const struct rtable *t)
{
	const char *prop = t->propagate < 0 ? "" : t->propagate ?
	    " --disable-bgp-route-propagation=false" :
	    " --disable-bgp-route-propagation=true";

	if (t->r.existing) {
		netres_exists(e, "network route-table", &t->r);
		return;
	}
	netres_create(e, "network route-table", &t->r, &t->r.location, prop,
	    &t->r.tags);
	if (t->propagate >= 0) {
		const char *want = t->propagate ? "false" : "true";
		out(e, "vnetc_have=\"$(");
		netres_cmd(e, "network route-table", "show", &t->r);
		tsv(e, "", "disableBgpRoutePropagation", false);
		differs_lit(e, "", want);
		netres_cmd(e, "network route-table", "update", &t->r);
		out(e, " \\\n    --disable-bgp-route-propagation=%s", want);
		wrote(e, "");
	}
	sync_children(e, &(struct children){.group = "network route-table route",
	    .popt = " --route-table-name", .query = route_query, .nkey = 2,
	    .n = t->nroutes, .line = route_line_of, .at = route_at,
	    .parent = t, .write = route_write}, &t->r);
}

/* Standard, static, IPv4: what a Standard NAT gateway takes
 * (docs/azure-notes.md 15.6); zonal with its NAT gateway. */
static void
step_pip(struct em *e, const struct pip *ip)
{
	out(e, "if ! az network public-ip show");
	rg(e);
	opt(e, " --name", &ip->name);
	out(e, " \\\n    --output none 2>/dev/null; then\n"
	    "  az network public-ip create");
	rg(e);
	opt(e, " --name", &ip->name);
	opt(e, " \\\n    --location", &ip->nat->r.location);
	out(e, " --sku=Standard --allocation-method=Static --version=IPv4");
	if (ip->nat->zone)
		out(e, " --zone %d", ip->nat->zone);
	tags(e, &ip->tags);
	created(e);
}

/* "A B": the NAT gateway's public IPs, by name or id. */
static void
pip_words(struct em *e, const struct natgw *g)
{
	for (size_t i = 0; i < g->npips; i++) {
		out(e, " ");
		word(e, g->pips[i].existing ? &g->pips[i].id : &g->pips[i].name);
	}
}

static void
step_natgw(struct em *e, const struct natgw *g)
{
	struct buf x = {0};
	struct em sub = *e;

	if (g->r.existing) {
		netres_exists(e, "network nat gateway", &g->r);
		return;
	}
	sub.o = &x;
	out(&sub, " \\\n    --public-ip-addresses");
	pip_words(&sub, g);
	if (g->has_idle)
		out(&sub, " --idle-timeout=%d", g->idle);
	if (g->zone)
		out(&sub, " --zone %d", g->zone);
	netres_create(e, "network nat gateway", &g->r, &g->r.location,
	    buf_str(&x), &g->r.tags);
	buf_free(&x);
	/* The IPs and the idle timeout may change; the zone may not. IPs
	 * compare by their names, the ids' last segments. */
	out(e, "vnetc_have=\"$(");
	netres_cmd(e, "network nat gateway", "show", &g->r);
	tsv(e, "", "publicIpAddresses[].id", false);
	out(e, "if ! vnetc_same_names \"$vnetc_have\"");
	pip_words(e, g);
	out(e, "; then\n  ");
	netres_cmd(e, "network nat gateway", "update", &g->r);
	out(e, " \\\n    --public-ip-addresses");
	pip_words(e, g);
	wrote(e, "");
	if (!g->has_idle)
		return;
	out(e, "vnetc_have=\"$(");
	netres_cmd(e, "network nat gateway", "show", &g->r);
	tsv(e, "", "idleTimeoutInMinutes", false);
	differs_lit(e, "", arena_printf(&e->s->arena, "%d", g->idle));
	netres_cmd(e, "network nat gateway", "update", &g->r);
	out(e, " --idle-timeout=%d", g->idle);
	wrote(e, "");
}

/* A subnet's service endpoints as az takes them: --service-endpoints A B,
 * or, when the spec gives locations, --endpoints with JSON objects (the
 * two cannot be combined). */
static bool
ses_located(const struct subnet *sn)
{
	for (size_t i = 0; i < sn->nses; i++)
		if (sn->ses[i].nlocations)
			return true;
	return false;
}

static void
ses_option(struct em *e, const struct subnet *sn)
{
	if (!ses_located(sn)) {
		out(e, " --service-endpoints");
		for (size_t i = 0; i < sn->nses; i++) {
			out(e, " ");
			lit(e, sn->ses[i].service);
		}
		return;
	}
	struct buf j = {0};
	buf_putc(&j, '[');
	for (size_t i = 0; i < sn->nses; i++) {
		const struct svcendpoint *x = &sn->ses[i];
		buf_printf(&j, "%s{\"service\":\"%s\"", i ? "," : "", x->service);
		for (size_t k = 0; k < x->nlocations; k++)
			buf_printf(&j, "%s\"%s\"", k ? "," : ",\"locations\":[",
			    x->locations[k]);
		buf_puts(&j, x->nlocations ? "]}" : "}");
	}
	buf_putc(&j, ']');
	out(e, " --endpoints ");
	lit(e, buf_str(&j));
	buf_free(&j);
}

/* The associations of a subnet being created. */
static void
subnet_netsec_args(struct em *e, const struct subnet *sn)
{
	if (sn->nsg)
		netres_opt(e, " \\\n   ", " --nsg", &sn->nsg->r, RES_NSG);
	if (sn->rt)
		netres_opt(e, " \\\n   ", " --route-table", &sn->rt->r, RES_RT);
	if (sn->nat)
		netres_opt(e, " \\\n   ", " --nat-gateway", &sn->nat->r,
		    RES_NATGW);
	if (sn->nses) {
		out(e, " \\\n   ");
		ses_option(e, sn);
	}
}

/* What the spec no longer attaches to a subnet that exists (all subnets
 * of the spec are vnetc's) is taken off, as the template and the executor
 * do by writing the whole subnet: az's "null" detaches (the help of
 * --nsg, --route-table and --nat-gateway in azure-cli's
 * network/aaz/latest/network/vnet/subnet/_update.py: "Use null to detach
 * it"; --service-endpoints null clears the list, assign_aaz_list_arg in
 * azure-cli-core's aaz/utils.py). */
static void
detach(struct em *e, const struct subnet *sn, const char *query,
    const char *option)
{
	out(e, "  vnetc_have=\"$(");
	subnet_cmd(e, sn, "show");
	tsv(e, "  ", query, false);
	out(e, "  if [ -n \"$vnetc_have\" ]; then\n    ");
	subnet_cmd(e, sn, "update");
	out(e, " \\\n     %s null", option);
	wrote(e, "  ");
}

/* The associations of a subnet that exists: each read, compared by id
 * (without case, as ARM compares ids) and written alone when it
 * differs. */
static void
subnet_netsec_fix(struct em *e, const struct subnet *sn)
{
	const struct netres *r[] = {sn->nsg ? &sn->nsg->r : NULL,
	    sn->rt ? &sn->rt->r : NULL, sn->nat ? &sn->nat->r : NULL};
	static const char *const query[] = {"networkSecurityGroup.id",
	    "routeTable.id", "natGateway.id"};
	static const char *const option[] = {" --nsg", " --route-table",
	    " --nat-gateway"};
	static const enum res res[] = {RES_NSG, RES_RT, RES_NATGW};

	for (size_t i = 0; i < NELEM(r); i++) {
		if (!r[i]) {
			detach(e, sn, query[i], option[i]);
			continue;
		}
		out(e, "  vnetc_have=\"$(");
		subnet_cmd(e, sn, "show");
		tsv(e, "  ", query[i], false);
		out(e, "  if ! vnetc_id_is \"$vnetc_have\" ");
		netres_suffix(e, r[i], res[i]);
		out(e, "; then\n    ");
		subnet_cmd(e, sn, "update");
		netres_opt(e, " \\\n     ", option[i], r[i], res[i]);
		wrote(e, "  ");
	}
	if (!sn->nses) {
		detach(e, sn, "serviceEndpoints[].service",
		    " --service-endpoints");
		return;
	}
	out(e, "  vnetc_have=\"$(");
	subnet_cmd(e, sn, "show");
	tsv(e, "  ", "serviceEndpoints[].service", false);
	out(e, "  vnetc_ok=1\n  vnetc_same_set \"$vnetc_have\"");
	for (size_t i = 0; i < sn->nses; i++) {
		out(e, " ");
		lit(e, sn->ses[i].service);
	}
	out(e, " || vnetc_ok=\n");
	if (ses_located(sn)) {
		/* locations only where the spec gives them: Azure fills in
		 * the others (docs/azure-notes.md 15.4) */
		out(e, "  vnetc_have=\"$(");
		subnet_cmd(e, sn, "show");
		tsv(e, "  ", "serviceEndpoints[].join('|', [service, join(',', "
		    "sort(locations || `[]`))])", false);
		for (size_t i = 0; i < sn->nses; i++) {
			const struct svcendpoint *x = &sn->ses[i];
			const char **v;
			struct tmpl t = {0};
			if (!x->nlocations)
				continue;
			v = arena_alloc(&e->s->arena, (x->nlocations + 1) *
			    sizeof(*v));
			memcpy(v, x->locations, x->nlocations * sizeof(*v));
			tlit(e, &t, x->service);
			tlit(e, &t, "|");
			join_sorted(e, &t, v, x->nlocations);
			out(e, "  vnetc_has_line \"$vnetc_have\" ");
			word(e, &t);
			out(e, " || vnetc_ok=\n");
		}
	}
	out(e, "  if [ -z \"$vnetc_ok\" ]; then\n    ");
	subnet_cmd(e, sn, "update");
	out(e, " \\\n     ");
	ses_option(e, sn);
	wrote(e, "  ");
}

/* defaultOutboundAccess as az takes it and prints it in tsv (compared
 * without case), NULL when the spec leaves it to Azure. */
static const char *
outbound_access(const struct subnet *sn)
{
	return sn->outbound_access < 0 ? NULL : sn->outbound_access ? "true" :
	    "false";
}

/* A subnet that exists, its prefixes read into $vnetc_have: each property
 * the spec sets gets a write of its own, so that a delegation is not
 * written again (while an app uses the subnet) when only the policies
 * differ. Service names and policies are case-insensitive in Azure. */
static void
subnet_fix(struct em *e, const struct subnet *sn)
{
	const char *pfx = words(e, sn->prefixes, sn->nprefixes, false);
	const char *const query[] = {"delegations[].serviceName",
	    "privateEndpointNetworkPolicies",
	    "privateLinkServiceNetworkPolicies", "defaultOutboundAccess"};
	const char *const option[] = {"--delegations",
	    "--private-endpoint-network-policies",
	    "--private-link-service-network-policies",
	    "--default-outbound-access"};
	const char *const want[] = {sn->delegation, sn->pe_policies,
	    sn->pls_policies, outbound_access(sn)};

	differs(e, "  ", pfx);
	subnet_cmd(e, sn, "update");
	cont(e, "  ");
	out(e, "--address-prefixes %s", pfx);
	wrote(e, "  ");
	for (size_t i = 0; i < NELEM(want); i++) {
		if (!want[i])
			continue;
		out(e, "  vnetc_have=\"$(");
		subnet_cmd(e, sn, "show");
		tsv(e, "  ", query[i], false);
		differs_lit(e, "  ", want[i]);
		subnet_cmd(e, sn, "update");
		cont(e, "  ");
		optlit(e, option[i], want[i]);
		wrote(e, "  ");
	}
	subnet_netsec_fix(e, sn);
}

static void
subnet_args(struct em *e, const struct subnet *sn)
{
	const char *doa = outbound_access(sn);

	out(e, " \\\n    --address-prefixes %s", words(e, sn->prefixes,
	    sn->nprefixes, false));
	if (sn->delegation)
		optlit(e, " --delegations", sn->delegation);
	if (sn->pe_policies)
		optlit(e, " \\\n    --private-endpoint-network-policies",
		    sn->pe_policies);
	if (sn->pls_policies)
		optlit(e, " \\\n    --private-link-service-network-policies",
		    sn->pls_policies);
	if (doa)
		optlit(e, " \\\n    --default-outbound-access", doa);
	subnet_netsec_args(e, sn);
}

/* "NAME in resource group RG of subscription SUB" (or "of the
 * subscription az is set to"): where a message says a resource is. */
static void
cat_scope(struct em *e, struct tmpl *t, const struct scope *sc)
{
	tlit(e, t, "resource group ");
	tcat(e, t, &sc->rg);
	if (run_sub(e, sc)) {
		tlit(e, t, " of the subscription az is set to");
		return;
	}
	tlit(e, t, " of subscription ");
	tcat(e, t, &sc->sub);
}

static void
cat_where(struct em *e, struct tmpl *t, const struct tmpl *name,
    const struct scope *sc)
{
	tcat(e, t, name);
	tlit(e, t, " in ");
	cat_scope(e, t, sc);
}

/* A resource the spec says exists and vnetc only refers to (a platform's
 * VNet, a central zone): the caller has written "az ... show ...";
 * missing, the script stops before anything refers to it. */
static void
or_die(struct em *e, const char *what, const struct tmpl *name,
    const struct scope *sc, const char *why)
{
	struct tmpl t = {0};

	tlit(e, &t, what);
	cat_where(e, &t, name, sc);
	tlit(e, &t, why);
	out(e, " --output none 2>/dev/null ||\n  vnetc_die ");
	joined_word(e, &t);
	out(e, "\n");
}

/* A VNet's property read with query (tsv's many), compared as a set with
 * the words val and written with option when it differs; lead opens the
 * line ("if " for the first read: its else creates the VNet), ind indents
 * the read's continuation. */
static void
vnet_fix(struct em *e, const struct vnet *vn, const char *lead,
    const char *ind, const char *query, bool many, const char *option,
    const char *val)
{
	out(e, "%svnetc_have=\"$(", lead);
	vnet_cmd(e, vn, "show");
	tsv(e, ind, query, many);
	differs(e, "  ", val);
	vnet_cmd(e, vn, "update");
	cont(e, "  ");
	out(e, "%s %s", option, val);
	wrote(e, "  ");
}

/* The VNet's address prefixes compare as a set, as do a subnet's. */
static void
step_vnet(struct em *e, const struct vnet *vn)
{
	if (vn->existing) {
		out(e, "# It exists (existing:): checked before the first "
		    "write, never written.\n");
		return;
	}
	const char *pfx = words(e, vn->space, vn->nspace, false);
	const char *dns = vn->ndns_servers ? words(e, vn->dns_servers,
	    vn->ndns_servers, true) : NULL;

	/* the address prefixes; the DNS servers (dhcpOptions) likewise */
	vnet_fix(e, vn, "if ", "", "addressSpace.addressPrefixes", true,
	    "--address-prefixes", pfx);
	if (dns)
		vnet_fix(e, vn, "  ", "  ", "dhcpOptions.dnsServers", false,
		    "--dns-servers", dns);
	out(e, "else\n  ");
	vnet_cmd(e, vn, "create");
	opt(e, " \\\n    --location", &vn->location);
	out(e, " --address-prefixes %s", pfx);
	if (dns)
		out(e, " \\\n    --dns-servers %s", dns);
	tags(e, &vn->tags);
	created(e);
	/* One subnet at a time: ARM rejects parallel writes to subnets of
	 * one VNet (AnotherOperationInProgress). */
	for (size_t i = 0; i < vn->nsubnets; i++) {
		const struct subnet *sn = &vn->subnets[i];
		/* A chosen prefix moves when a larger sized subnet is added:
		 * say so where a reviewer sees it (check.c, VN213). */
		if (sn->auto_prefix && sn->nprefixes == 1) {
			char buf[CIDR_STRLEN];
			cidr_format(&sn->prefixes[0].c, buf);
			out(e, "# %s: chosen by vnetc for 'size: /%d'; write it "
			    "as the subnet's prefix once deployed\n", buf,
			    sn->size);
		}
		/* A subnet made with one prefix has addressPrefix, one
		 * made with more has addressPrefixes (docs/azure-notes.md). */
		out(e, "if vnetc_have=\"$(");
		subnet_cmd(e, sn, "show");
		tsv(e, "", "addressPrefixes || [addressPrefix]", true);
		subnet_fix(e, sn);
		out(e, "else\n  ");
		subnet_cmd(e, sn, "create");
		subnet_args(e, sn);
		created(e);
	}
}

/* "az GROUP VERB -g RG PARENT-OPTION PARENT --name NAME": a call on a
 * child resource (a peering, a zone group). */
static void
child_cmd(struct em *e, const char *group, const char *verb,
    const char *popt, const struct tmpl *parent, const struct tmpl *name)
{
	out(e, "az %s %s", group, verb);
	rg(e);
	opt(e, popt, parent);
	opt(e, " \\\n    --name", name);
}

static void
peer_cmd(struct em *e, const struct peering *pr, const char *verb)
{
	child_cmd(e, "network vnet peering", verb, " --vnet-name",
	    &pr->vnet->name, &pr->name);
}

/* In an existing VNet (a platform's hub, which other specs peer with
 * too), a peering of this side's name that peers with another VNet is
 * another workload's: the script stops before it writes to it.
 *   elif ! vnetc_same_set "$(az network vnet peering show ... \
 *       --query remoteVirtualNetwork.id --output tsv)" REMOTE-ID; then
 *     vnetc_die ... */
static void
peer_guard(struct em *e, const struct peering *pr)
{
	const struct tmpl *rname = &pr->remote->name;
	struct tmpl t = {0};

	out(e, "elif ! vnetc_same_set \"$(");
	peer_cmd(e, pr, "show");
	out(e, " --query remoteVirtualNetwork.id \\\n    --output tsv)\" ");
	id_word(e, pr->remote->scope, restype_get(RES_VNET)->type, &rname, 1);
	out(e, "; then\n  vnetc_die ");
	tlit(e, &t, "peering ");
	tcat(e, &t, &pr->name);
	tlit(e, &t, " of vnet ");
	cat_where(e, &t, &pr->vnet->name, pr->vnet->scope);
	tlit(e, &t, " peers with another VNet: another workload's; vnetc "
	    "leaves it (name this side otherwise in a naming hook)");
	joined_word(e, &t);
	out(e, "\n");
}

/* The remote by name: az makes it an id in the same resource group. The
 * flags are body.c's peer_json, written out: az's default for
 * --allow-vnet-access is false. A peering that exists is synced when a
 * VNet's address space changed since (peeringSyncLevel): the step before
 * updates the prefixes, and Azure does not carry them across by itself. */
static void
step_peer(struct em *e, const struct peering *pr)
{
	out(e, "if ! vnetc_sync=\"$(");
	peer_cmd(e, pr, "show");
	out(e, " --query peeringSyncLevel \\\n    --output tsv 2>/dev/null)\"; "
	    "then\n  ");
	peer_cmd(e, pr, "create");
	ref(e, " --remote-vnet", e->sc, pr->remote->scope, RES_VNET,
	    &pr->remote->name);
	out(e, " --allow-vnet-access true \\\n    --allow-forwarded-traffic "
	    "%s --allow-gateway-transit %s --use-remote-gateways %s "
	    "\\\n    --output none\n  vnetc_changed=1\n", tf(pr->fwd),
	    tf(pr->gw_transit), tf(pr->use_remote_gw));
	if (pr->vnet->existing)
		peer_guard(e, pr);
	out(e, "elif [ \"$vnetc_sync\" != FullyInSync ]; then\n  ");

	peer_cmd(e, pr, "sync");
	created(e);
	/* Forwarded traffic and gateway transit as the spec says, on a
	 * peering made before too: the three flags read as one line,
	 * "fwd|transit|remote" (a list would print one per line, an
	 * unordered set to vnetc_same_set). */
	const char *want = arena_printf(&e->s->arena, "%s|%s|%s",
	    tf(pr->fwd), tf(pr->gw_transit), tf(pr->use_remote_gw));
	out(e, "vnetc_have=\"$(");
	peer_cmd(e, pr, "show");
	tsv(e, "", "join('|', [to_string(allowForwardedTraffic), "
	    "to_string(allowGatewayTransit), to_string(useRemoteGateways)])",
	    false);
	differs_lit(e, "", want);
	peer_cmd(e, pr, "update");
	out(e, " \\\n    --set allowForwardedTraffic=%s allowGatewayTransit=%s "
	    "useRemoteGateways=%s", tf(pr->fwd), tf(pr->gw_transit),
	    tf(pr->use_remote_gw));
	wrote(e, "");
}

static void
step_zone(struct em *e, const struct zone *z)
{
	if (z->central) {
		out(e, "# A central zone (dns:): checked before the first "
		    "write, never written.\n");
		return;
	}
	out(e, "if ! az network private-dns zone show");
	rg(e);
	opt(e, " --name", &z->rname);
	out(e, " \\\n    --output none 2>/dev/null; then\n"
	    "  az network private-dns zone create");
	rg(e);
	opt(e, " --name", &z->rname);
	tags(e, &z->tags);
	created(e);
}

/* Azure allows one link per (zone, VNet): one of another name (made in
 * the portal, or by hand) satisfies the step, and the script says which
 * (vnetc_link_to: the zone's links as "name<TAB>VNet id" lines, the id
 * compared without case). */
static void
step_link(struct em *e, const struct link *l)
{
	const struct tmpl *vn = &l->vnet->name;

	out(e, "vnetc_other=\nif ! az network private-dns link vnet show");
	rg(e);
	opt(e, " --zone-name", &l->zone->rname);
	opt(e, " \\\n    --name", &l->name);
	out(e, " --output none 2>/dev/null &&\n  ! vnetc_other=\"$(vnetc_link_to "
	    "\"$(az network private-dns link vnet list");
	rg(e);
	opt(e, " \\\n    --zone-name", &l->zone->rname);
	out(e, " --query '[].[name, virtualNetwork.id]' --output tsv)\" "
	    "\\\n    ");
	id_word(e, l->vnet->scope, restype_get(RES_VNET)->type, &vn, 1);
	out(e, ")\"; then\n"
	    "  az network private-dns link vnet create");
	rg(e);
	opt(e, " --zone-name", &l->zone->rname);
	opt(e, " \\\n    --name", &l->name);
	ref(e, " --virtual-network", e->sc, l->vnet->scope, RES_VNET,
	    &l->vnet->name);
	out(e, " --registration-enabled false");
	tags(e, &l->tags);
	out(e, " --output none\n  vnetc_changed=1\nelif [ -n \"${vnetc_other-}\" ]; "
	    "then\n  printf 'vnetc: the zone'\\''s link %%s links the VNet "
	    "already: satisfied; not vnetc'\\''s\\n' \"$vnetc_other\" >&2\n"
	    "fi\n");
}

/* vnetc_target=<id of the back end>: also proves it exists. */
static void
target(struct em *e, const struct backend *b)
{
	out(e, "vnetc_target=\"$(az resource show");
	where(e, b->scope);
	opt(e, " --name", &b->name);
	optlit(e, " \\\n    --resource-type", b->type);
	out(e, " --query id --output tsv)\"\n");
}

/* One security setting of a back end vnetc creates, as the script checks
 * and writes it: the field its az show prints, the value it must have (in
 * lower case: az's tsv output, compared without case), and the option of
 * the type's create and update commands that sets it. */
struct azset {
	const char *query, *want, *opt, *val;
	const char *create_opt; /* the create's option, where it differs */
};

/* How the script creates and repairs a back end of a type vnetc creates
 * (Azure/azure-cli src/azure-cli/azure/cli/command_modules/keyvault/
 * _params.py, storage/_params.py; docs/azure-notes.md 19): its az command
 * group, the settings it checks and writes, the options only its create
 * takes. */
struct azcreate {
	const char *group, *noun;
	struct azset set[8];
	size_t n;
	const char *create_only;
	/* the group whose create makes it, where it is not .group's (an
	 * Elastic Premium plan: az functionapp plan create) */
	const char *create_group;
	/* the command that repairs the settings ("GROUP update" when NULL);
	 * after_create: its create takes none of them, so a create is
	 * followed by it (a web app: az webapp config set) */
	const char *update;
	bool after_create;
	const struct app *app; /* a web app: its plan and runtime */
	/* writes the create instead of "az GROUP create" (a function app) */
	void (*create)(struct em *, const struct app *);
	/* a plan created by az rest with its whole body (no az command
	 * creates it by name: Consumption, Flex Consumption) */
	const struct farm *farm_put;
	const struct tmpl *location; /* NULL: the spec's */
	/* a SQL server: its Microsoft Entra admin, on the create line; its
	 * create takes no --tags, so they follow by its update's --set */
	const struct backend *sql;
	/* created by az resource create with the whole body (its create
	 * command cannot create it locked) */
	const struct backend *full;
	/* after the name in its show: az resource show's type and version */
	const char *show_opts;
};

static void farm_put(struct em *e, const struct farm *f);

static void
azset(struct azcreate *c, const char *query, const char *want,
    const char *opt, const char *val)
{
	assert(c->n < NELEM(c->set));
	c->set[c->n++] = (struct azset){.query = query, .want = want,
	    .opt = opt, .val = val};
}

/* An Azure SQL server (azure-cli sql/_params.py, 'sql server' and 'sql
 * server create': --minimal-tls-version, --enable-public-network, three
 * state; --enable-ad-only-auth and the --external-admin-* options, create
 * only; no --tags). az sql server show prints the SDK's model, the
 * properties flattened. */
static void
az_create_sql(struct azcreate *c, const struct backend *b)
{
	bool off = b->access == ACCESS_DISABLED;

	c->group = "sql server";
	c->noun = "SQL server";
	c->sql = b;
	azset(c, "minimalTlsVersion", b->cr.min_tls, "--minimal-tls-version",
	    b->cr.min_tls);
	azset(c, "publicNetworkAccess", off ? "disabled" : "enabled",
	    "--enable-public-network", off ? "false" : "true");
}

/* An Azure AI services account: az cognitiveservices account create has
 * no option for public network access, disableLocalAuth or the
 * firewall (azure-cli cognitiveservices/_params.py), and its update
 * comes after an open moment; so the script creates it with its whole
 * body (az resource create --is-full-object), as the template does, and
 * repairs it with az resource update --set. az cognitiveservices
 * account show prints properties nested, as ARM does. */
static void
az_create_cog(struct em *e, struct azcreate *c, const struct backend *b)
{
	bool off = b->access == ACCESS_DISABLED;
	bool allow = b->access == ACCESS_ENABLED;

	c->group = "cognitiveservices account";
	c->noun = "Azure AI services account";
	c->full = b;
	c->update = arena_printf(&e->s->arena, "resource update "
	    "--resource-type %s --api-version %s", b->rt->type,
	    backtype_api(backtype_find(b->type)));
	azset(c, "properties.disableLocalAuth", tf(!b->cr.local_auth), "--set",
	    arena_printf(&e->s->arena, "properties.disableLocalAuth=%s",
	    tf(!b->cr.local_auth)));
	azset(c, "properties.publicNetworkAccess", off ? "disabled" :
	    "enabled", "--set", off ? "properties.publicNetworkAccess=Disabled" :
	    "properties.publicNetworkAccess=Enabled");
	azset(c, "properties.networkAcls.defaultAction", allow ? "allow" :
	    "deny", "--set", allow ? "properties.networkAcls.defaultAction="
	    "Allow" : "properties.networkAcls.defaultAction=Deny");
	if (!b->fw.given) /* else change_block writes it */
		azset(c, "properties.networkAcls.bypass", "none", "--set",
		    "properties.networkAcls.bypass=None");
}

/* A Cosmos DB account, Service Bus namespace or App Configuration store:
 * created by az resource create with the body the executor sends (az
 * cosmosdb create, az servicebus namespace create and az appconfig
 * create take the settings, but not all of them: no --minimal-tls-version
 * in az cosmosdb create of azure-cli 2.67, and a namespace's SKU
 * capacity and TLS by separate options; one body is one truth), read by
 * az resource show (the resource as ARM returns it) and repaired by az
 * resource update --set. */
static void
az_create_data(struct em *e, struct azcreate *c, const struct backend *b)
{
	const char *tv = arena_printf(&e->s->arena, "--resource-type %s "
	    "--api-version %s", b->rt->type, backtype_api(backtype_find(
	    b->type)));
	const char *off = b->access == ACCESS_DISABLED ? "Disabled" :
	    "Enabled";
	const char *tls = b->rt->res == RES_COSMOS ? "minimalTlsVersion" :
	    b->rt->res == RES_SB ? "minimumTlsVersion" : NULL;
	const char *tlsv = b->rt->res == RES_COSMOS ? "Tls12" : "1.2";

	c->group = "resource";
	c->noun = restype_namerule(b->rt->res)->what;
	c->full = b;
	c->show_opts = arena_printf(&e->s->arena, " \\\n    %s", tv);
	c->update = arena_printf(&e->s->arena, "resource update %s", tv);
	azset(c, "properties.disableLocalAuth", tf(!b->cr.local_auth), "--set",
	    arena_printf(&e->s->arena, "properties.disableLocalAuth=%s",
	    tf(!b->cr.local_auth)));
	azset(c, "properties.publicNetworkAccess", b->access ==
	    ACCESS_DISABLED ? "disabled" : "enabled", "--set",
	    arena_printf(&e->s->arena, "properties.publicNetworkAccess=%s",
	    off));
	if (tls)
		azset(c, arena_printf(&e->s->arena, "properties.%s", tls),
		    b->rt->res == RES_COSMOS ? "tls12" : "1.2",
		    "--set", arena_printf(&e->s->arena, "properties.%s=%s",
		    tls, tlsv));
	/* a Cosmos DB account's firewall gate, as the create body has it
	 * (body.c fw_gate); its rules and bypass: change_block */
	const struct fwtype *ft = backtype_find(b->type)->fw;
	if (ft && ft->gate && b->access != ACCESS_DISABLED) {
		const char *g = tf(b->access == ACCESS_DENY);
		azset(c, arena_printf(&e->s->arena, "properties.%s", ft->gate),
		    g, "--set", arena_printf(&e->s->arena, "properties.%s=%s",
		    ft->gate, g));
	}
}

static void json_fn(struct em *e);

/* The create line of a back end created with its whole body: the body
 * as the executor sends it, but with the spec's parameters (its location
 * and custom subdomain may be some) as the script's variables. vnetc
 * checks their values (VN405, VN325), but the environment may set them
 * as the script runs: each is JSON-quoted by vnetc_json, as a site's
 * body's values are. */
static void
full_create(struct em *e, const struct backend *b)
{
	struct valctx vc = {.mode = VAL_REST, .spec = e->s};
	json_t *o = body_resource(&vc, &(struct step){.kind = STEP_CREATE,
	    .u.backend = (struct backend *)b}, &(const char *){NULL});
	const struct tmpl *var[] = {&e->s->location, &b->ex.subdomain};
	/* where they go: markers that no name, kind or tag holds */
	const char *mark[] = {"@@vnetc-location@@", "@@vnetc-subdomain@@"};

	json_object_del(o, "type");
	json_object_del(o, "apiVersion");
	json_object_del(o, "name");
	json_object_set_new(o, "location", json_string(mark[0]));
	if (b->rt->res == RES_COG)
		json_object_set_new(json_object_get(o, "properties"),
		    "customSubDomainName", json_string(mark[1]));
	/* a Cosmos DB account's region, in its locations */
	json_t *loc = json_array_get(json_object_get(json_object_get(o,
	    "properties"), "locations"), 0);
	if (loc)
		json_object_set_new(loc, "locationName", json_string(mark[0]));
	/* its firewall's VNet rules name subnets by ids the script reads
	 * as it runs: change_block adds them after (fewer rules: nothing
	 * more is let in meanwhile) */
	const struct backtype *bt = backtype_find(b->type);
	json_t *acl = json_object_get(o, "properties");
	if (bt->acl && *bt->acl)
		acl = json_object_get(acl, bt->acl);
	if (json_object_get(acl, "virtualNetworkRules"))
		json_object_set_new(acl, "virtualNetworkRules", json_array());
	char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	out(e, " \\\n    --resource-type %s --api-version %s --is-full-object"
	    " \\\n    --properties ", b->rt->type, backtype_api(
	    backtype_find(b->type)));
	/* each mark is a whole JSON string: "MARK" */
	for (char *p = text; *p;) {
		char *m = strstr(p, "\"@@vnetc-");
		if (!m) {
			lit(e, p);
			break;
		}
		int k = strncmp(m + 1, mark[0], strlen(mark[0])) != 0;
		*m = '\0';
		if (*p)
			lit(e, p);
		out(e, "\"$(vnetc_json ");
		tmpl_sh_word(e->o, var[k]);
		out(e, ")\"");
		p = m + 1 + strlen(mark[k]) + 1;
	}
	free(text);
	json_decref(o);
}

/* Microsoft Entra-only authentication and its admin, on the create line
 * only: Azure takes them at creation, and the admin's login and object
 * id may be parameters. */
static void
sql_create_opts(struct em *e, const struct backend *b)
{
	const struct create *cr = &b->cr;

	out(e, " \\\n    --enable-ad-only-auth");
	optlit(e, " --external-admin-principal-type", cr->admin_type ?
	    cr->admin_type : "Group");
	opt(e, " \\\n    --external-admin-name", &cr->admin_login);
	opt(e, " --external-admin-sid", &cr->admin_oid);
}

static void
az_create_of(struct em *e, const struct backend *b, struct azcreate *c)
{
	const struct create *cr = &b->cr;
	bool off = b->access == ACCESS_DISABLED;
	bool allow = b->access == ACCESS_ENABLED;

	*c = (struct azcreate){0};
	if (b->rt->res == RES_KV) {
		c->group = "keyvault";
		c->noun = "key vault";
		/* az keyvault show prints the resource as ARM does */
		azset(c, "properties.enableRbacAuthorization", tf(cr->rbac),
		    "--enable-rbac-authorization", tf(cr->rbac));
		/* Key Vault takes no false (body.c create_json) */
		if (cr->purge)
			azset(c, "properties.enablePurgeProtection", "true",
			    "--enable-purge-protection", "true");
		azset(c, "properties.publicNetworkAccess", off ? "disabled" :
		    "enabled", "--public-network-access", off ? "Disabled" :
		    "Enabled");
		azset(c, "properties.networkAcls.defaultAction", allow ?
		    "allow" : "deny", "--default-action", allow ? "Allow" :
		    "Deny");
		if (!b->fw.given) /* else change_block writes it */
			azset(c, "properties.networkAcls.bypass",
			    "azureservices", "--bypass", "AzureServices");
		/* the retention "cannot be changed" once set */
		c->create_only = arena_printf(&e->s->arena, " --sku=%s "
		    "--retention-days %d", cr->sku, cr->soft_days);
		return;
	}
	if (b->rt->res == RES_SQL) {
		az_create_sql(c, b);
		return;
	}
	if (b->rt->res == RES_COG) {
		az_create_cog(e, c, b);
		return;
	}
	if (b->rt->res == RES_COSMOS || b->rt->res == RES_SB ||
	    b->rt->res == RES_APPCS) {
		az_create_data(e, c, b);
		return;
	}
	c->group = "storage account";
	c->noun = "storage account";
	/* az storage account show prints the SDK's model: the properties
	 * flattened, networkAcls as networkRuleSet, supportsHttpsTrafficOnly
	 * as enableHttpsTrafficOnly */
	azset(c, "minimumTlsVersion", "tls1_2", "--min-tls-version", "TLS1_2");
	azset(c, "enableHttpsTrafficOnly", "true", "--https-only", "true");
	azset(c, "allowBlobPublicAccess", "false", "--allow-blob-public-access",
	    "false");
	azset(c, "allowSharedKeyAccess", tf(cr->shared_key),
	    "--allow-shared-key-access", tf(cr->shared_key));
	azset(c, "allowCrossTenantReplication", "false",
	    "--allow-cross-tenant-replication", "false");
	azset(c, "publicNetworkAccess", off ? "disabled" : "enabled",
	    "--public-network-access", off ? "Disabled" : "Enabled");
	azset(c, "networkRuleSet.defaultAction", allow ? "allow" : "deny",
	    "--default-action", allow ? "Allow" : "Deny");
	if (!b->fw.given)
		azset(c, "networkRuleSet.bypass", "azureservices", "--bypass",
		    "AzureServices");
	c->create_only = arena_printf(&e->s->arena, " --sku=%s "
	    "--kind=StorageV2", cr->sku);
}

/* The settings' options, after " \\\n" + ind, three a line (create:
 * as the create command names them). */
static void
azset_opts(struct em *e, const struct azcreate *c, const char *ind,
    bool create)
{
	for (size_t i = 0; i < c->n; i++) {
		out(e, "%s%s ", i % 3 ? " " : arena_printf(&e->s->arena,
		    " \\\n%s    ", ind), create && c->set[i].create_opt ?
		    c->set[i].create_opt : c->set[i].opt);
		lit(e, c->set[i].val); /* a runtime is the spec's text */
	}
}

/* The options only a web app's create takes: its plan (by id from
 * another group) and its stack as az's --runtime names it, STACK:VERSION
 * (az webapp list-runtimes; the spec's is linuxFxVersion's STACK|VERSION,
 * which the update writes as it is). */
static void
app_create_opts(struct em *e, const struct app *a)
{
	ref(e, " --plan", e->sc, a->farm->scope, RES_ASP, &a->farm->name);
	if (a->cr.runtime && !a->cr.win) {
		char *rt = arena_strdup(&e->s->arena, a->cr.runtime);
		rt[strcspn(rt, "|")] = ':';
		optlit(e, " --runtime", rt);
	}
	/* az's name of the system-assigned identity (appservice/_params.py,
	 * --assign-identity: "Use '[system]' to refer system assigned
	 * identity") */
	/* nargs='*': the values follow as words, not after '=' */
	if (a->cr.system_identity || a->nuais)
		out(e, " --assign-identity");
	if (a->cr.system_identity) {
		out(e, " ");
		tmpl_sh_lit(e->o, "[system]");
	}
	/* and each user-assigned one by its resource id */
	for (size_t i = 0; i < a->nuais; i++) {
		const struct identity *id = a->uais[i].target;
		if (!id)
			continue;
		const struct tmpl *n = &id->name;
		out(e, " ");
		id_word(e, id->scope, restype_get(RES_UAI)->type, &n, 1);
	}
}

/* " --name NAME" in create_block, and " --slot SLOT" after the app's
 * name when c makes a deployment slot (site_name). */
static void
block_name(struct em *e, const struct azcreate *c, const struct tmpl *name)
{
	opt(e, " --name", name);
	if (c->app && c->app->slot_of)
		opt(e, " --slot", &c->app->name);
}

/* A resource vnetc creates (c), locked from the start; one of that name
 * without vnetc's ownership tags is another's: the script stops rather
 * than write over it (what: "back end 'vault'"). One that has them is
 * brought back to the spec's security settings (the SKU and a vault's
 * retention stay as created). */
static void
create_block(struct em *e, const struct azcreate *c, const struct tmpl *name,
    const struct kvlist *own, const char *what)
{
	const char *base = e->s->owner;
	const char *update = c->update ? c->update : arena_printf(
	    &e->s->arena, "%s update", c->group);
	struct kvlist t = *own;
	struct buf q = {0}, want = {0};

	buf_printf(&q, "[tags.\"%s\", tags.\"%s\"", body_owner_tag,
	    body_spec_tag);
	for (size_t i = 0; i < c->n; i++) {
		buf_printf(&q, ", %s", c->set[i].query);
		buf_printf(&want, "%s ", c->set[i].want);
	}
	buf_putc(&q, ']');
	out(e, "vnetc_read=\"$(az %s show", c->group);
	rg(e);
	block_name(e, c, name);
	if (c->show_opts)
		out(e, "%s", c->show_opts);
	out(e, " \\\n    --query ");
	lit(e, buf_str(&q));
	out(e, " \\\n    --output tsv 2>/dev/null)\" || vnetc_read=\n"
	    "if [ -z \"$vnetc_read\" ]; then\n");
	if (c->create) {
		c->create(e, c->app);
		goto made;
	}
	if (c->farm_put) {
		farm_put(e, c->farm_put);
		goto made;
	}
	if (c->full)
		json_fn(e);
	out(e, "  az %s create", c->full ? "resource" : c->create_group ?
	    c->create_group : c->group);
	rg(e);
	block_name(e, c, name);
	if (c->full)
		full_create(e, c->full);
	else if (c->app)
		app_create_opts(e, c->app);
	else
		opt(e, " \\\n    --location", c->location ? c->location :
		    &e->s->location);
	if (c->sql)
		sql_create_opts(e, c->sql);
	out(e, "%s", c->create_only ? c->create_only : "");
	if (!c->after_create && !c->full)
		azset_opts(e, c, "", true);
	/* the ownership tags, then the hook's (tags() names neither) */
	t.items = arena_alloc(&e->s->arena, (t.n + 2) * sizeof(*t.items));
	t.items[0].key = body_owner_tag;
	t.items[0].value = "vnetc";
	t.items[1].key = body_spec_tag;
	t.items[1].value = base;
	if (own->n)
		memcpy(t.items + 2, own->items, own->n * sizeof(*t.items));
	t.n += 2;
	if (!c->sql && !c->full) /* the body has them */
		tags(e, &t);
	out(e, " --output none\n");
	if (c->sql) {
		/* one killed between these two lines leaves a server without
		 * the tags, which the next run refuses as another's. The
		 * whole object: a new server has none, and --set of a member
		 * needs its object ("Couldn't find 'tags'") */
		json_t *o = json_object();
		for (size_t i = 0; i < t.n; i++)
			json_object_set_new(o, t.items[i].key, json_string(
			    t.items[i].value));
		char *text = json_dumps(o, JSON_COMPACT);
		out(e, "  az %s", update);
		rg(e);
		block_name(e, c, name);
		out(e, " \\\n    --set ");
		lit(e, arena_printf(&e->s->arena, "tags=%s", text));
		out(e, " --output none\n");
		free(text);
		json_decref(o);
	}
	if (c->after_create) {
		out(e, "  az %s", update);
		rg(e);
		block_name(e, c, name);
		azset_opts(e, c, "", false);
		out(e, " --output none\n");
	}
made:
	out(e, "  vnetc_changed=1\nelse\n"
	    "  mapfile -t vnetc_props <<<\"$vnetc_read\"\n"
	    "  if [ \"${vnetc_props[0]}\" != vnetc ] || "
	    "[ \"${vnetc_props[1]}\" != ");
	lit(e, base);
	/* vnetc's tags with another project: a spec renamed since keeps
	 * what it created with project: (docs/spec.md) */
	out(e, " ]; then\n    [ \"${vnetc_props[0]}\" != vnetc ] || vnetc_die ");
	lit(e, arena_printf(&e->s->arena, "%s of %s was created by vnetc for "
	    "project '", c->noun, what));
	out(e, "\"${vnetc_props[1]}\"");
	/* a slot takes no existing: (spec.c slot_keys) */
	const char *fix = c->app && c->app->slot_of ? "give it another name "
	    "(a slot takes no 'existing:': vnetc creates every slot the spec "
	    "names), or remove the one there" : "write 'existing: true' for it "
	    "instead of 'create:', or give it another name";
	lit(e, arena_printf(&e->s->arena, "' (tag %s), not for this spec's "
	    "'%s': if this spec is that one renamed, write that name as "
	    "'project:' at its top to own it again; otherwise %s",
	    body_spec_tag, base, fix));
	out(e, "\n    vnetc_die ");
	lit(e, arena_printf(&e->s->arena, "%s of %s exists and is not "
	    "vnetc's (it lacks the tags %s=vnetc and %s=%s): %s", c->noun,
	    what, body_owner_tag, body_spec_tag, base, fix));
	if (!c->n) { /* nothing but its tags to compare (an identity) */
		out(e, "\n  fi\nfi\n");
		buf_free(&q);
		buf_free(&want);
		return;
	}
	out(e, "\n  fi\n  vnetc_have=\"$(printf '%%s ' "
	    "\"${vnetc_props[@]:2}\")\"\n  if [ \"${vnetc_have,,}\" != ");
	lit(e, buf_str(&want));
	out(e, " ]; then\n    az %s", update);
	rg(e);
	block_name(e, c, name);
	azset_opts(e, c, "  ", false);
	out(e, " --output none\n    vnetc_changed=1\n  fi\nfi\n");
	buf_free(&q);
	buf_free(&want);
}

/* A database of a SQL server vnetc creates (azure-cli sql/_params.py,
 * 'sql db create': --server, --service-objective, --tags): created when
 * missing, tagged as vnetc's; one of the name without the tags stops the
 * script, as its server would. Its SKU is not changed on later runs (a
 * scale operation of its own, az sql db update). */
static void
step_sqldb(struct em *e, const struct sqldb *d)
{
	const char *base = e->s->owner;

	out(e, "vnetc_read=\"$(az sql db show");
	rg(e);
	opt(e, " --server", &d->server->name);
	opt(e, " --name", &d->name);
	out(e, " \\\n    --query ");
	lit(e, arena_printf(&e->s->arena, "[tags.\"%s\", tags.\"%s\"]",
	    body_owner_tag, body_spec_tag));
	out(e, " --output tsv 2>/dev/null)\" || vnetc_read=\n"
	    "if [ -z \"$vnetc_read\" ]; then\n  az sql db create");
	rg(e);
	opt(e, " --server", &d->server->name);
	opt(e, " --name", &d->name);
	optlit(e, " \\\n    --service-objective", d->sku);
	struct kvlist t = d->server->tags;
	t.items = arena_alloc(&e->s->arena, (t.n + 2) * sizeof(*t.items));
	t.items[0] = (struct kv){.key = body_owner_tag, .value = "vnetc"};
	t.items[1] = (struct kv){.key = body_spec_tag, .value = base};
	if (d->server->tags.n)
		memcpy(t.items + 2, d->server->tags.items, d->server->tags.n *
		    sizeof(*t.items));
	t.n += 2;
	tags(e, &t);
	out(e, " --yes --output none\n  vnetc_changed=1\nelse\n"
	    "  mapfile -t vnetc_props <<<\"$vnetc_read\"\n"
	    "  if [ \"${vnetc_props[0]}\" != vnetc ] || "
	    "[ \"${vnetc_props[1]}\" != ");
	lit(e, base);
	out(e, " ]; then\n    vnetc_die ");
	lit(e, arena_printf(&e->s->arena, "SQL database '%s' of back end "
	    "'%s' exists and is not this spec's (it lacks the tags "
	    "%s=vnetc and %s=%s): give it another name", d->key,
	    d->server->key, body_owner_tag, body_spec_tag, base));
	out(e, "\n  fi\nfi\n");
}

static void change_block(struct em *e, const struct backend *b,
    json_t *patch, const char *api);

static void
step_create(struct em *e, const struct backend *b)
{
	struct azcreate c;

	az_create_of(e, b, &c);
	create_block(e, &c, &b->name, &b->tags, arena_printf(&e->s->arena,
	    "back end '%s'", b->key));
	/* its firewall's bypass and rules, as a lock writes them: the
	 * create commands take lists, but only change_block compares and
	 * repairs them on a later run */
	struct valctx vc = {.mode = VAL_REST, .spec = e->s};
	json_t *fw = body_firewall(&vc, b);
	if (fw) {
		target(e, b);
		change_block(e, b, fw, backtype_api(backtype_find(b->type)));
		json_decref(fw);
	}
}

/* A user-assigned identity vnetc creates (az identity create): its
 * location and vnetc's tags are all it has. */
static void
step_identity(struct em *e, const struct identity *id)
{
	struct azcreate c = {.group = "identity", .noun = "user-assigned "
	    "identity"};

	create_block(e, &c, &id->name, &id->tags, arena_printf(&e->s->arena,
	    "identity '%s'", id->key));
}

/* ARM's guid(): a version 5 UUID (RFC 9562 5.5) in ARM's namespace of
 * the arguments joined by '-', as compiler/uuid.c computes it for the
 * executor (docs/azure-notes.md, "Role assignments"). */
static const char guid_fn[] =
    "# vnetc_guid ARG...: ARM's guid(ARG, ...), the name the template gives "
    "the\n# same role assignment (UUID v5 of the arguments joined by '-').\n"
    "vnetc_guid() {\n"
    "  local IFS=- h\n"
    "  h=\"$({ printf '\\x11\\xfb\\x06\\xfb\\x71\\x2d\\x4d\\xdd\\x98"
    "\\xc7\\xe7\\x1b\\xbd\\x58\\x88\\x30'; printf '%s' \"$*\"; } | "
    "sha1sum)\"\n"
    "  printf '%s-%s-5%s-%x%s-%s\\n' \"${h:0:8}\" \"${h:8:4}\" \"${h:13:3}\" "
    "\\\n    $(( (0x${h:16:1} & 3) | 8 )) \"${h:17:3}\" \"${h:20:12}\"\n"
    "}\n";

/* A role assignment (roles:): its principal's object id read from the
 * site or the identity, its name the template's guid(scope id, principal
 * resource id, role GUID); created unless the principal has the role on
 * the back end already, under whatever name (ARM refuses a second one:
 * RoleAssignmentExists). */
static void
step_role(struct em *e, const struct role *ro)
{
	const struct app *a = ro->app;
	const struct backend *b = ro->on.target;
	const struct identity *id = ro->as.target;
	const struct tmpl *bn = &b->name;
	/* the principal: the site or slot (APP/SLOT: a slot's
	 * system-assigned identity is its own), or the identity */
	const struct tmpl *pn[] = {ro->system && a->slot_of ?
	    &a->slot_of->name : ro->system ? &a->name : &id->name, &a->name};
	size_t npn = ro->system && a->slot_of ? 2 : 1;
	const struct restype *pt = restype_get(!ro->system ? RES_UAI :
	    a->slot_of ? RES_SLOT : RES_APP);

	if (!e->guid_fn) {
		out(e, "%s", guid_fn);
		e->guid_fn = true;
	}
	out(e, "vnetc_principal=\"$(az resource show --ids ");
	id_word(e, ro->system ? a->scope : id->scope, pt->type, pn, npn);
	out(e, " \\\n    --api-version %s", pt->api);
	tsv(e, "", ro->system ? "identity.principalId" :
	    "properties.principalId", false);
	out(e, "vnetc_scope=");
	id_word(e, b->scope, b->type, &bn, 1);
	out(e, "\nvnetc_name=\"$(vnetc_guid \"$vnetc_scope\" ");
	id_word(e, ro->system ? a->scope : id->scope, pt->type, pn, npn);
	out(e, " %s)\"\n", ro->def->guid);
	out(e, "if [ -z \"$(az role assignment list --scope \"$vnetc_scope\" "
	    "--role %s \\\n    --query \"[?principalId=='${vnetc_principal}']"
	    ".id\" --output tsv)\" ]; then\n", ro->def->guid);
	out(e, "  az role assignment create --name \"$vnetc_name\" "
	    "--scope \"$vnetc_scope\" \\\n    --role %s "
	    "--assignee-object-id \"$vnetc_principal\" \\\n"
	    "    --assignee-principal-type ServicePrincipal --output none\n"
	    "  vnetc_changed=1\nfi\n", ro->def->guid);
}

static void
step_pe(struct em *e, const struct pe *pe)
{
	target(e, pe->target);
	out(e, "if ! az network private-endpoint show");
	rg(e);
	opt(e, " --name", &pe->name);
	out(e, " --output none 2>/dev/null; then\n"
	    "  az network private-endpoint create");
	rg(e);
	opt(e, " --name", &pe->name);
	opt(e, " \\\n    --location", pe->subnet ? &pe->subnet->vnet->location : &e->s->location);
	opt(e, " --vnet-name", &pe->subnet->vnet->name);
	opt(e, " --subnet", &pe->subnet->name);
	out(e, " \\\n    --private-connection-resource-id=\"${vnetc_target}\"");
	optlit(e, " --group-id", pe->group);
	opt(e, " \\\n    --connection-name", &pe->conn_name);
	tags(e, &pe->tags);
	created(e);
}

static void
zg_cmd(struct em *e, const struct pe *pe, const char *verb)
{
	child_cmd(e, "network private-endpoint dns-zone-group", verb,
	    " --endpoint-name", &pe->name, &pe->zg_name);
}

/* The group is made with its first zone; each zone it lacks is added, so
 * that a zone the spec gains later is added on the next run. Zones are
 * compared by the id's last segment, as the portal names the configs of
 * a group it makes otherwise. */
/* zone_group: policy: a DeployIfNotExists policy makes the group (its
 * name is the policy's, "deployedByPolicy" for Azure's) some minutes
 * after the endpoint. The script makes none; it waits until a group of
 * the endpoint, whatever its name, holds every zone the endpoint needs,
 * so that the lock-down after it does not cut the app off. Zones are
 * compared by their full id: a group that points at a zone of the same
 * name in another group (a spoke's own) resolves nothing for the VNets
 * linked to the central one. */
static void
zg_policy(struct em *e, const struct pe *pe)
{
	tmpl_sh_comment(e->o, "Left to Azure Policy (zone_group: policy): "
	    "waits until a zone group of the\nendpoint, whatever its name, "
	    "holds every zone it needs; makes none.");
	out(e, "vnetc_waited=0\nuntil vnetc_zones=\"$(az network "
	    "private-endpoint dns-zone-group list");
	rg(e);
	opt(e, " \\\n    --endpoint-name", &pe->name);
	out(e, " --query '[].privateDnsZoneConfigs[].privateDnsZoneId' "
	    "\\\n    --output tsv)\"");
	for (size_t i = 0; i < pe->nzones; i++) {
		const struct tmpl *zn = &pe->zones[i]->rname;
		out(e, " &&\n  vnetc_has_id \"$vnetc_zones\" ");
		id_word(e, pe->zones[i]->scope, restype_get(RES_PDNSZ)->type,
		    &zn, 1);
	}
	out(e, "; do\n  vnetc_wait_policy ");
	struct tmpl t = {0};
	tlit(e, &t, "the zone group a policy makes for private endpoint ");
	cat_where(e, &t, &pe->name, e->sc);
	joined_word(e, &t);
	out(e, "\ndone\n");
}

static void
step_zg(struct em *e, const struct pe *pe)
{
	if (pe->zg_policy) {
		zg_policy(e, pe);
		return;
	}
	const struct scope *zs = pe->zones[0]->scope;
	out(e, "if ! vnetc_zones=\"$(");
	zg_cmd(e, pe, "show");
	out(e, " \\\n    --query 'privateDnsZoneConfigs[].privateDnsZoneId' "
	    "--output tsv 2>/dev/null)\"; then\n  ");
	zg_cmd(e, pe, "create");
	ref(e, " --private-dns-zone", e->sc, zs, RES_PDNSZ,
	    &pe->zones[0]->rname);
	optlit(e, " --zone-name", pe->zones[0]->name);
	out(e, " --output none\n  vnetc_changed=1\n  vnetc_zones=");
	word(e, &pe->zones[0]->rname);
	out(e, "\nfi\n");
	for (size_t i = 0; i < pe->nzones; i++) {
		out(e, "if ! vnetc_has_zone \"$vnetc_zones\" ");
		word(e, &pe->zones[i]->rname);
		out(e, "; then\n  ");
		zg_cmd(e, pe, "add");
		ref(e, " --private-dns-zone", e->sc, pe->zones[i]->scope,
		    RES_PDNSZ, &pe->zones[i]->rname);
		optlit(e, " --zone-name", pe->zones[i]->name);
		created(e);
	}
}

/* A plan vnetc creates (az appservice plan create: Windows unless
 * --is-linux); the SKU is what it repairs. An Elastic Premium plan is
 * created by az functionapp plan create, which gives it its kind
 * (elastic) and maximum elastic workers (--max-burst; --is-linux a
 * three-state flag there: appservice/_params.py 'functionapp plan'), and
 * repaired as any plan (appservice plan update
 * --max-elastic-worker-count). */
static void
farm_create(struct em *e, const struct farm *f)
{
	struct azcreate c = {.group = "appservice plan", .noun = "App Service "
	    "plan", .location = &f->location};
	char *want = arena_strdup(&e->s->arena, f->sku);
	bool linux = strcmp(f->cr.os, "linux") == 0;

	for (char *p = want; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	azset(&c, "sku.name", want, "--sku", f->sku);
	if (restype_sku_is(f->sku, "Dynamic") ||
	    restype_sku_is(f->sku, "FlexConsumption"))
		c.farm_put = f;
	else if (f->cr.max_workers) {
		const char *n = arena_printf(&e->s->arena, "%d",
		    f->cr.max_workers);
		c.create_group = "functionapp plan";
		azset(&c, "maximumElasticWorkerCount", n,
		    "--max-elastic-worker-count", n);
		c.set[c.n - 1].create_opt = "--max-burst";
		c.create_only = linux ? " --is-linux true" : " --is-linux false";
	} else if (linux)
		c.create_only = " --is-linux";
	create_block(e, &c, &f->name, &f->tags, arena_printf(&e->s->arena,
	    "plan '%s'", f->key));
}

/* SKU names are case-insensitive ("P1v3" is az's "P1V3"). */
static void
step_farm(struct em *e, const struct farm *f)
{
	if (f->cr.is) {
		farm_create(e, f);
		return;
	}
	if (!f->sku) {
		out(e, "# Nothing to change: the spec keeps the plan's SKU.\n");
		return;
	}
	out(e, "vnetc_have=\"$(az appservice plan show");
	rg(e);
	opt(e, " --name", &f->name);
	tsv(e, "", "sku.name", false);
	differs_lit(e, "", f->sku);
	out(e, "az appservice plan update");
	rg(e);
	opt(e, " --name", &f->name);
	optlit(e, " --sku", f->sku);
	wrote(e, "");
}

/* " --name APP" of an app, " --name APP --slot SLOT" of a deployment
 * slot: az's webapp commands take a slot so. */
static void
site_name(struct em *e, const struct app *a)
{
	opt(e, " --name", a->slot_of ? &a->slot_of->name : &a->name);
	if (a->slot_of)
		opt(e, " --slot", &a->name);
}

static void
webapp_cmd(struct em *e, const struct app *a, const char *verb)
{
	out(e, "az webapp %s", verb);
	rg(e);
	site_name(e, a);
}

/* One string of a body the script writes at run time: a value known only
 * then (an id az reads, the host storage's connection string) as the
 * shell expression that gives it, JSON-quoted by vnetc_json. */
struct jsub {
	const char *value, *sh;
};

/* v's JSON text as shell words, into the body being built: literal
 * pieces single-quoted, the subs' values replaced by their expressions. */
static void
json_sh(struct em *e, struct buf *text, json_t *v, const struct jsub *subs,
    size_t n)
{
	const char *k;
	json_t *m;
	size_t i;

	if (json_is_string(v)) {
		for (i = 0; i < n; i++)
			if (strcmp(json_string_value(v), subs[i].value) == 0) {
				if (text->len)
					lit(e, buf_str(text));
				text->len = 0;
				out(e, "%s", subs[i].sh);
				return;
			}
	}
	if (json_is_object(v)) {
		buf_putc(text, '{');
		i = 0;
		json_object_foreach(v, k, m) {
			json_t *ks = json_string(k);
			buf_puts(text, i++ ? "," : "");
			/* a member named by an id (an identity's) */
			json_sh(e, text, ks, subs, n);
			json_decref(ks);
			buf_putc(text, ':');
			json_sh(e, text, m, subs, n);
		}
		buf_putc(text, '}');
		return;
	}
	if (json_is_array(v)) {
		buf_putc(text, '[');
		json_array_foreach(v, i, m) {
			if (i)
				buf_putc(text, ',');
			json_sh(e, text, m, subs, n);
		}
		buf_putc(text, ']');
		return;
	}
	char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	buf_puts(text, t);
	free(t);
}

/* The shell function vnetc_json: its argument as a JSON string. */
static void
json_fn(struct em *e)
{
	out(e, "  vnetc_json() { local s=\"${1//\\\\/\\\\\\\\}\"; printf '\"%%s\"' "
	    "\"${s//\\\"/\\\\\\\"}\"; }\n");
}

/* The shell function vnetc_json and the values of a site's body that
 * the script knows only when it runs, as subs (at most 3): the spec's
 * location, its plan's id, its integration subnet's id (p: the body's
 * properties). Returns how many. */
static size_t
site_subs(struct em *e, const struct app *a, json_t *p, struct jsub *subs)
{
	size_t n = 0;
	struct buf w = {0};

	json_fn(e);
	tmpl_sh_word(&w, &e->s->location);
	subs[n++] = (struct jsub){tmpl_eval(e->s, &e->s->location),
	    arena_printf(&e->s->arena, "\"$(vnetc_json %s)\"", buf_str(&w))};
	buf_free(&w);
	out(e, "  vnetc_plan=\"$(az appservice plan show");
	where(e, a->farm->scope);
	opt(e, " --name", &a->farm->name);
	out(e, " --query id --output tsv)\"\n");
	subs[n++] = (struct jsub){json_string_value(json_object_get(p,
	    "serverFarmId")), "\"$(vnetc_json \"$vnetc_plan\")\""};
	if (a->integration) {
		const struct subnet *sn = a->integration;
		out(e, "  vnetc_subnet=\"$(az network vnet subnet show");
		where(e, sn->vnet->scope);
		opt(e, " --vnet-name", &sn->vnet->name);
		opt(e, " \\\n    --name", &sn->name);
		out(e, " --query id --output tsv)\"\n");
		subs[n++] = (struct jsub){json_string_value(json_object_get(p,
		    "virtualNetworkSubnetId")), "\"$(vnetc_json "
		    "\"$vnetc_subnet\")\""};
	}
	return n;
}

/* A Consumption (Y1) or Flex Consumption (FC1) plan vnetc creates: az
 * has no command that creates one by name (az functionapp create
 * --consumption-plan-location and --flexconsumption-location make a plan
 * of az's own naming with the app; docs/azure-notes.md), so the script
 * PUTs the body the executor sends (body.c) by az rest, with the plan's
 * location as the script has it. */
static void
farm_put(struct em *e, const struct farm *f)
{
	struct valctx vc = {.mode = VAL_REST, .spec = e->s};
	const char *left = NULL;
	json_t *body = body_rest(&vc, &(struct step){.kind = STEP_FARM,
	    .u.farm = (struct farm *)f}, &left);
	struct buf w = {0}, text = {0};

	json_fn(e);
	tmpl_sh_word(&w, &f->location);
	struct jsub sub = {tmpl_eval(e->s, &f->location), arena_printf(
	    &e->s->arena, "\"$(vnetc_json %s)\"", buf_str(&w))};
	if (run_sub(e, f->scope))
		out(e, "  vnetc_subscription=\"${vnetc_subscription:-$(az account "
		    "show --query id --output tsv)}\"\n");
	out(e, "  az rest --method put --uri ");
	id_word(e, f->scope, restype_get(RES_ASP)->type,
	    &(const struct tmpl *){&f->name}, 1);
	lit(e, arena_printf(&e->s->arena, "?api-version=%s",
	    restype_get(RES_ASP)->api));
	out(e, " \\\n    --body ");
	json_sh(e, &text, body, &sub, 1);
	if (text.len)
		lit(e, buf_str(&text));
	out(e, " --output none\n");
	buf_free(&text);
	buf_free(&w);
	json_decref(body);
}

/* A function app's (or its slot's) host storage connection string, which
 * holds the account's key: read at run time into vnetc_cs, and the
 * substitution of the body's value that carries body_key_mark (into
 * sub; 1, or 0 for a site without host storage). With storage_identity:
 * the substitutions of the account's name or service URIs and of a
 * user-assigned identity's client id (into vnetc_cs; at most 5). The
 * caller writes the body into vnetc_secret_file and clears vnetc_cs. */
static size_t
host_key(struct em *e, const struct app *a, json_t *p, struct jsub *sub,
    bool *key)
{
	const struct backend *b = a->storage.target;
	const struct app *own = a->slot_of ? a->slot_of : a;
	const struct identity *id = own->storage_identity.target;
	json_t *set = json_object_get(json_object_get(p, "siteConfig"),
	    "appSettings");
	const char *cs = NULL;
	size_t i, n = 0;
	json_t *it;
	struct buf w = {0};

	if (!b)
		return 0;
	tmpl_sh_word(&w, &b->name);
	/* the values the script knows when it runs: the key's connection
	 * string (the host's, or the content share's), and with
	 * storage_identity: (body.c storage_identity_settings) the
	 * account's name or service URIs and a user-assigned identity's
	 * client id */
	json_array_foreach(set, i, it) {
		const char *k = json_string_value(json_object_get(it,
		    "name")), *v = json_string_value(json_object_get(it,
		    "value"));
		const char *svc = k && v && !strncmp(k,
		    "AzureWebJobsStorage__", 21) ? k + 21 : "";
		size_t sl = strlen(svc);
		if (v && strstr(v, body_key_mark) && !cs)
			cs = v;
		else if (!strcmp(svc, "accountName"))
			sub[n++] = (struct jsub){v, arena_printf(&e->s->arena,
			    "\"$(vnetc_json %s)\"", buf_str(&w))};
		else if (sl > 10 && !strcmp(svc + sl - 10, "ServiceUri"))
			sub[n++] = (struct jsub){v, arena_printf(&e->s->arena,
			    "\"$(vnetc_json https://%s.%.*s.%s)\"", buf_str(&w),
			    (int)(sl - 10), svc, body_storage_suffix(e->s))};
	}
	buf_free(&w);
	*key = cs != NULL;
	if (cs)
		out(e, "  # the host storage's connection string holds its "
		    "account key: into this\n  # user's own file (mode 600), "
		    "never an argument nor printed\n");
	out(e, "  vnetc_secret_file=\"$(mktemp)\"\n"
	    "  trap 'rm -f \"$vnetc_secret_file\"' EXIT\n");
	if (cs) {
		out(e, "  vnetc_cs=\"$(az storage account "
		    "show-connection-string");
		where(e, b->scope);
		opt(e, " --name", &b->name);
		out(e, " \\\n    --query connectionString --output tsv)\"\n");
		sub[n++] = (struct jsub){cs, "\"$(vnetc_json \"$vnetc_cs\")\""};
	}
	if (id) {
		out(e, "  vnetc_cid=\"$(az identity show");
		where(e, id->scope);
		opt(e, " --name", &id->name);
		out(e, " --query clientId --output tsv)\"\n");
		sub[n++] = (struct jsub){body_client_mark, "\"$(vnetc_json "
		    "\"$vnetc_cid\")\""};
	}
	return n;
}

/* The ids of a site's user-assigned identities as az reads them when the
 * script runs (the REST view's have no subscription), into subs (one per
 * identity): the members of its identity block, and the same text where
 * the body names one again (Flex Consumption's package authentication,
 * storage_identity:). Returns how many. */
static size_t
uai_subs(struct em *e, const struct app *a, json_t *body, struct jsub *subs)
{
	json_t *u = json_object_get(json_object_get(body, "identity"),
	    "userAssignedIdentities");
	const char *k;
	json_t *v;
	size_t j = 0, n = 0;
	/* app_identity's members: the identities in the spec's order */
	json_object_foreach(u, k, v) {
		while (j < a->nuais && !a->uais[j].target)
			j++;
		const struct identity *id = a->uais[j++].target;
		out(e, "  vnetc_uai_%zu=\"$(az identity show", j);
		where(e, id->scope);
		opt(e, " --name", &id->name);
		out(e, " --query id --output tsv)\"\n");
		subs[n++] = (struct jsub){arena_strdup(&e->s->arena, k),
		    arena_printf(&e->s->arena, "\"$(vnetc_json "
		    "\"$vnetc_uai_%zu\")\"", j)};
	}
	return n;
}

/* A function app vnetc creates: one PUT of the site with what its host
 * needs to start (body.c, as the executor and the template write it),
 * by az rest, as az functionapp create would set its own host storage
 * and content share. The connection strings hold the storage account's
 * key: read at run time (az storage account show-connection-string),
 * never an argument of a command nor printed, written only into a file
 * that mktemp makes readable by this user alone (mode 600) and that is
 * removed after the PUT, or by the trap on exit; az rest reads the body
 * from it (--body @FILE). */
static void
function_create(struct em *e, const struct app *a)
{
	struct valctx vc = {.mode = VAL_REST, .spec = e->s};
	const char *left = NULL;
	json_t *body = body_rest(&vc, &(struct step){.kind = STEP_APP,
	    .u.app = (struct app *)a}, &left);
	const struct backend *b = a->storage.target;
	json_t *p = json_object_get(body, "properties");
	struct jsub *subs = arena_alloc(&e->s->arena, (a->nuais + 10) *
	    sizeof(*subs));
	struct buf text = {0};
	bool key = false;
	size_t n = site_subs(e, a, p, subs);
	n += uai_subs(e, a, body, subs + n);
	n += host_key(e, a, p, subs + n, &key);
	/* Flex Consumption: its package container's URL, on the storage's
	 * blob endpoint as az reads it (it ends in '/') */
	const char *url = json_string_value(json_object_get(json_object_get(
	    json_object_get(json_object_get(p, "functionAppConfig"),
	    "deployment"), "storage"), "value"));
	if (b && url) {
		struct buf w = {0};
		tmpl_sh_lit(&w, a->cr.share);
		out(e, "  vnetc_blob=\"$(az storage account show");
		where(e, b->scope);
		opt(e, " --name", &b->name);
		out(e, " \\\n    --query primaryEndpoints.blob --output tsv)\"\n");
		subs[n++] = (struct jsub){url, arena_printf(&e->s->arena,
		    "\"$(vnetc_json \"$vnetc_blob\"%s)\"", buf_str(&w))};
		buf_free(&w);
	}
	out(e, "  printf '%%s' ");
	json_sh(e, &text, body, subs, n);
	if (text.len)
		lit(e, buf_str(&text));
	out(e, " >\"$vnetc_secret_file\"\n%s", key ? "  vnetc_cs=\n" :
	    "");
	/* the run's subscription, where the preflight did not read it */
	if (run_sub(e, a->scope))
		out(e, "  vnetc_subscription=\"${vnetc_subscription:-$(az account "
		    "show --query id --output tsv)}\"\n");
	out(e, "  az rest --method put --uri ");
	id_word(e, a->scope, restype_get(RES_APP)->type,
	    &(const struct tmpl *){&a->name}, 1);
	lit(e, arena_printf(&e->s->arena, "?api-version=%s",
	    restype_get(RES_APP)->api));
	out(e, " \\\n    --body \"@$vnetc_secret_file\" --output none\n"
	    "  rm -f \"$vnetc_secret_file\"\n");
	buf_free(&text);
	json_decref(body);
}

/* A deployment slot vnetc creates, or a Windows web app with its stack
 * (az webapp create sets no stack as the body does: its metadata,
 * docs/azure-notes.md "Windows stacks vnetc sets"): one PUT of the whole
 * body (body.c, as the template and the executor write it) by az rest, the
 * ids az reads when the script runs put in: its plan's, its integration
 * subnet's, and its user-assigned identities' (az webapp deployment slot
 * create takes no tags, identities nor integration: Azure/azure-cli
 * appservice/_params.py, 'webapp deployment slot create'). */
static void
site_put(struct em *e, const struct app *a)
{
	struct valctx vc = {.mode = VAL_REST, .spec = e->s};
	const char *left = NULL;
	json_t *body = body_rest(&vc, &(struct step){.kind = a->slot_of ?
	    STEP_SLOT : STEP_APP, .u.app = (struct app *)a}, &left);
	json_t *p = json_object_get(body, "properties");
	struct jsub *subs = arena_alloc(&e->s->arena, (a->nuais + 10) *
	    sizeof(*subs));
	struct buf text = {0};
	size_t n = site_subs(e, a, p, subs);
	n += uai_subs(e, a, body, subs + n);
	/* a function app's slot: its host's key into a file, as
	 * function_create's */
	bool file = a->storage.target != NULL, key = false;
	n += host_key(e, a, p, subs + n, &key);
	if (file) {
		out(e, "  printf '%%s' ");
		json_sh(e, &text, body, subs, n);
		if (text.len)
			lit(e, buf_str(&text));
		out(e, " >\"$vnetc_secret_file\"\n%s", key ? "  vnetc_cs=\n" : "");
		buf_free(&text);
	}
	if (run_sub(e, a->scope))
		out(e, "  vnetc_subscription=\"${vnetc_subscription:-$(az account "
		    "show --query id --output tsv)}\"\n");
	out(e, "  az rest --method put --uri ");
	const struct restype *rt = restype_get(a->slot_of ? RES_SLOT : RES_APP);
	if (a->slot_of)
		id_word(e, a->scope, rt->type, (const struct tmpl *[]){
		    &a->slot_of->name, &a->name}, 2);
	else
		id_word(e, a->scope, rt->type, (const struct tmpl *[]){
		    &a->name}, 1);
	lit(e, arena_printf(&e->s->arena, "?api-version=%s", rt->api));
	out(e, " \\\n    --body ");
	if (file) {
		out(e, "\"@$vnetc_secret_file\" --output none\n"
		    "  rm -f \"$vnetc_secret_file\"\n");
	} else {
		json_sh(e, &text, body, subs, n);
		if (text.len)
			lit(e, buf_str(&text));
		out(e, " --output none\n");
	}
	buf_free(&text);
	json_decref(body);
}

/* A function app's content share (before the app): az storage share-rm
 * create, the share as an ARM resource (Azure/azure-cli storage
 * _params.py 'storage share-rm'), which needs no access to the locked
 * account's file endpoint. */
static void
step_share(struct em *e, const struct app *a)
{
	const struct backend *b = a->storage.target;
	/* a Flex Consumption app's package container: az storage
	 * container-rm, the container as an ARM resource (Azure/azure-cli
	 * storage _params.py 'storage container-rm') */
	const char *g = body_flex(a) ? "container-rm" : "share-rm";

	out(e, "if ! az storage %s show", g);
	where(e, b->scope);
	opt(e, " --storage-account", &b->name);
	optlit(e, " \\\n    --name", a->cr.share);
	out(e, " --query name --output tsv >/dev/null 2>&1; then\n"
	    "  az storage %s create", g);
	where(e, b->scope);
	opt(e, " --storage-account", &b->name);
	optlit(e, " \\\n    --name", a->cr.share);
	out(e, " --output none\n  vnetc_changed=1\nfi\n");
}

/* key_vault_identity: the site's keyVaultReferenceIdentity, which az
 * webapp create and config set do not take: the generic update sets it,
 * on the site's id. */
static void
kv_identity(struct em *e, const struct app *a)
{
	const struct identity *id = a->kv_identity.target;
	const struct tmpl *n = &id->name;
	const char *type = restype_get(RES_UAI)->type;

	out(e, "vnetc_app=\"$(az webapp show");
	rg(e);
	site_name(e, a);
	out(e, " --query id --output tsv)\"\n");
	out(e, "vnetc_have=\"$(az resource show --ids \"${vnetc_app}\"");
	tsv(e, "", "properties.keyVaultReferenceIdentity", false);
	out(e, "if ! vnetc_same_set \"$vnetc_have\" ");
	id_word(e, id->scope, type, &n, 1);
	out(e, "; then\n  az resource update --ids \"${vnetc_app}\" \\\n"
	    "    --set properties.keyVaultReferenceIdentity=");
	id_word(e, id->scope, type, &n, 1);
	wrote(e, "");
}

/* s in lowercase, as the checks compare what az prints (in the arena) */
static const char *
lower(struct em *e, const char *s)
{
	char *d = arena_strdup(&e->s->arena, s);

	for (char *p = d; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

/* The settings an app's create body writes (body_site_settings: a
 * function app's host settings, a Windows stack's version) that hold no
 * key nor an identity's client id and that its app_settings do not
 * name (their step writes those):
 * put back when one was changed or removed by hand, as apply does
 * (exec.c). The storage connection strings are apply's and the
 * template's to restore: comparing them would put the key in a command's
 * output. A slot's are its body's, written when it is created. */
static const char *setting_query(struct em *e, const char *name);

/* pre and value v as one shell word, the host storage's name in it (its
 * __accountName, a service URI) as the script has it where the spec
 * gives it by a parameter: "${storageName}", not the name the
 * parameter's default makes. */
static void
host_setting_word(struct em *e, const char *pre, const char *v,
    const struct backend *b)
{
	const char *nm = b && !tmpl_is_literal(&b->name) ?
	    tmpl_eval(e->s, &b->name) : NULL;
	const char *at = nm && *nm ? strstr(v, nm) : NULL;
	struct buf w = {0};

	if (!at) {
		lit(e, arena_printf(&e->s->arena, "%s%s", pre, v));
		return;
	}
	if (*pre || at > v)
		lit(e, arena_printf(&e->s->arena, "%s%.*s", pre, (int)(at - v),
		    v));
	tmpl_sh_word(&w, &b->name);
	out(e, "%s", buf_str(&w));
	buf_free(&w);
	if (at[strlen(nm)])
		lit(e, at + strlen(nm));
}

static void
own_settings(struct em *e, const struct app *a)
{
	struct valctx vc = {.mode = VAL_REST, .spec = e->s};
	json_t *own = a->slot_of ? NULL : body_site_settings(&vc, a);
	json_t *set = json_object();
	const char *k;
	json_t *v;

	json_object_foreach(json_object_get(own, "properties"), k, v) {
		bool named = false;
		for (size_t i = 0; i < a->nsettings && !named; i++)
			named = !strcmp(a->settings[i].name, k);
		/* the client id of a user-assigned storage_identity: is
		 * the body's, read as the script runs: written with it */
		if (!named && !strstr(json_string_value(v), body_key_mark) &&
		    !strstr(json_string_value(v), body_client_mark))
			json_object_set(set, k, v);
	}
	json_decref(own);
	if (json_object_size(set)) {
		out(e, "if false");
		json_object_foreach(set, k, v) {
			out(e, " ||\n  ! vnetc_tsv_is \"$(");
			webapp_cmd(e, a, "config appsettings list");
			out(e, " \\\n      --query ");
			lit(e, setting_query(e, k));
			out(e, " --output tsv; echo .)\" ");
			host_setting_word(e, "", json_string_value(v),
			    a->storage.target);
		}
		out(e, "; then\n  ");
		webapp_cmd(e, a, "config appsettings set");
		out(e, " --output none \\\n    --settings");
		json_object_foreach(set, k, v) {
			out(e, " ");
			host_setting_word(e, arena_printf(&e->s->arena,
			    "%s=", k), json_string_value(v), a->storage.target);
		}
		out(e, "\n  vnetc_changed=1\nfi\n");
	}
	json_decref(set);
}

/* A web app vnetc creates (az webapp create on its plan), then its site
 * settings, which az webapp create does not take, by az webapp config
 * set (Azure/azure-cli appservice/_params.py; docs/azure-notes.md,
 * "Plans and web apps vnetc creates");
 * its HTTPS and integration follow as for an existing app. */
static void
app_create(struct em *e, const struct app *a)
{
	const struct create *cr = &a->cr;
	struct azcreate c = {.group = "webapp", .noun = cr->function ?
	    "function app" : "web app", .update = "webapp config set",
	    .after_create = true, .app = a, .create = cr->function ?
	    function_create : cr->win ? site_put : NULL};
	const char *ftps = cr->ftps[0] == 'd' ? "Disabled" : cr->ftps[0] ==
	    'f' ? "FtpsOnly" : "AllAllowed";
	char *fx = arena_strdup(&e->s->arena, cr->runtime ? cr->runtime : "");

	for (char *p = fx; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	/* az webapp show adds the site's configuration as siteConfig */
	azset(&c, "siteConfig.minTlsVersion", cr->min_tls, "--min-tls-version",
	    cr->min_tls);
	azset(&c, "siteConfig.ftpsState", arena_printf(&e->s->arena, "%c%s",
	    tolower((unsigned char)ftps[0]), ftps + 1), "--ftps-state", ftps);
	/* Flex Consumption has no Always On and keeps its runtime in
	 * functionAppConfig, not linuxFxVersion (body.c app_create_json) */
	if (!body_flex(a))
		azset(&c, "siteConfig.alwaysOn", tf(cr->always_on > 0),
		    "--always-on", tf(cr->always_on > 0));
	azset(&c, "siteConfig.http20Enabled", "true", "--http20-enabled",
	    "true");
	if (cr->runtime && !body_flex(a) && a->ex.os && strcmp(a->ex.os,
	    "linux") == 0 && (!cr->function || strchr(cr->runtime, '|')))
		azset(&c, "siteConfig.linuxFxVersion", fx, "--linux-fx-version",
		    cr->runtime);
	/* a Windows stack's siteConfig members, repaired as they drift */
	if (cr->win && cr->win->opt)
		azset(&c, arena_printf(&e->s->arena, "siteConfig.%s",
		    cr->win->key), lower(e, cr->win_val), cr->win->opt,
		    cr->win_val);
	if (cr->win && cr->win->container) {
		azset(&c, "siteConfig.javaContainer", lower(e,
		    cr->win->container), "--java-container", cr->win->container);
		azset(&c, "siteConfig.javaContainerVersion", lower(e,
		    cr->win_cver), "--java-container-version", cr->win_cver);
	}
	if (a->slot_of) {
		c.noun = arena_printf(&e->s->arena, "deployment slot '%s'",
		    tmpl_eval(e->s, &a->name));
		c.create = site_put;
		create_block(e, &c, &a->slot_of->name, &a->slot_of->tags,
		    arena_printf(&e->s->arena, "app '%s'", a->slot_of->key));
	} else {
		create_block(e, &c, &a->name, &a->tags, arena_printf(
		    &e->s->arena, "app '%s'", a->key));
	}
	if (a->kv_identity.target)
		kv_identity(e, a);
	own_settings(e, a);
	if (!cr->system_identity)
		return;
	/* one removed by hand is assigned again; az prints the type as
	 * ARM does ("SystemAssigned", "SystemAssigned, UserAssigned") */
	out(e, "vnetc_have=\"$(");
	webapp_cmd(e, a, "identity show");
	tsv(e, "", "type", false);
	out(e, "case \"${vnetc_have,,}\" in\n*systemassigned*) ;;\n*)\n  ");
	webapp_cmd(e, a, "identity assign");
	out(e, " --identities '[system]' --output none\n  vnetc_changed=1\n  ;;\n"
	    "esac\n");
}

/* An app's basic-auth publishing credentials (ftp or scm): az has
 * no command of their own but the generic one, on the child's id. */
static void
step_pubcred(struct em *e, const struct step *st)
{
	const struct app *a = st->u.app;
	const char *api = restype_get(RES_PUBCRED)->api;

	out(e, "vnetc_app=\"$(");
	webapp_cmd(e, a, "show");
	out(e, " --query id --output tsv)\"\n");
	out(e, "vnetc_have=\"$(az resource show --ids "
	    "\"${vnetc_app}/basicPublishingCredentialsPolicies/%s\" "
	    "\\\n    --api-version %s", st->sub, api);
	tsv(e, "", "properties.allow", false);
	differs(e, "", tf(a->basic_auth > 0));
	out(e, "az resource update --ids "
	    "\"${vnetc_app}/basicPublishingCredentialsPolicies/%s\" "
	    "\\\n    --api-version %s --set properties.allow=%s", st->sub, api,
	    tf(a->basic_auth > 0));
	wrote(e, "");
}

static void
step_app(struct em *e, const struct app *a)
{
	if (a->cr.is)
		app_create(e, a);
	/* a slot's public access, in its body when the script made it
	 * (site_put); a slot made before is repaired */
	if (a->slot_of && (a->slot_access == ACCESS_ENABLED ||
	    a->slot_access == ACCESS_DISABLED)) {
		const char *v = a->slot_access == ACCESS_DISABLED ?
		    "Disabled" : "Enabled";
		out(e, "vnetc_have=\"$(");
		webapp_cmd(e, a, "show");
		tsv(e, "", "publicNetworkAccess", false);
		differs(e, "", v);
		webapp_cmd(e, a, "update");
		out(e, " --set publicNetworkAccess=%s", v);
		wrote(e, "");
	}
	if (a->https_only >= 0) {
		out(e, "vnetc_have=\"$(");
		webapp_cmd(e, a, "show");
		tsv(e, "", "httpsOnly", false);
		differs(e, "", tf(a->https_only));
		webapp_cmd(e, a, "update");
		out(e, " --https-only %s", tf(a->https_only));
		wrote(e, "");
	}
	if (!a->integration)
		return;
	const struct subnet *sn = a->integration;
	const struct scope *vs = sn->vnet->scope;
	out(e, "vnetc_subnet=\"$(az network vnet subnet show");
	where(e, vs);
	opt(e, " --vnet-name", &sn->vnet->name);
	opt(e, " \\\n    --name", &sn->name);
	out(e, " --query id --output tsv)\"\n");
	out(e, "vnetc_current=\"$(az webapp show");
	rg(e);
	site_name(e, a);
	out(e, " \\\n    --query virtualNetworkSubnetId --output tsv)\"\n");
	/* A function app is integrated by the functionapp command group,
	 * as Microsoft's Functions how-tos do: Flex Consumption's subnet is
	 * delegated to Microsoft.App/environments, which the webapp group's
	 * delegation check does not expect. */
	out(e, "if [ \"${vnetc_current,,}\" != \"${vnetc_subnet,,}\" ]; then\n"
	    "  az %s vnet-integration add", a->ex.kind && strstr(a->ex.kind,
	    "functionapp") ? "functionapp" : "webapp");
	rg(e);
	site_name(e, a);
	if (vs == e->sc) {
		opt(e, " \\\n    --vnet", &sn->vnet->name);
		opt(e, " --subnet", &sn->name);
	} else {
		/* In another group: the subnet by its id, which az reads
		 * in the id's subscription (azure-cli appservice custom.py
		 * _get_subnet_info); its delegation check cannot, in
		 * another subscription ("Skip check if ... the VNet is in
		 * another subscription"): the spec delegates the subnet. */
		ref(e, " --vnet", e->sc, vs, RES_VNET, &sn->vnet->name);
		out(e, " \\\n    --subnet=\"${vnetc_subnet}\"");
		if (!streqi(tmpl_eval(e->s, &vs->sub), tmpl_eval(e->s,
		    &e->sc->sub)))
			out(e, " --skip-delegation-check true");
	}
	created(e);
	/* Route All: az turns it on by default, the template says it
	 * explicitly; set it here too so the two agree on every CLI
	 * version (docs/azure-notes.md 2.5). */
	out(e, "vnetc_app=\"$(az webapp show");
	rg(e);
	site_name(e, a);
	out(e, " --query id --output tsv)\"\n");
	/* read with the apiVersion that writes it */
	const char *api = restype_get(RES_APP)->api;
	out(e, "vnetc_have=\"$(az resource show --ids \"${vnetc_app}\" "
	    "--api-version %s", api);
	tsv(e, "", "properties.vnetRouteAllEnabled", false);
	differs(e, "", tf(a->route_all));
	out(e, "az resource update --ids \"${vnetc_app}\" --api-version %s "
	    "\\\n    --set properties.vnetRouteAllEnabled=%s", api,
	    tf(a->route_all));
	wrote(e, "");
}

/* A firewall's list in a lock's change (body.c fw_acl): the member that
 * identifies its rules, or NULL for any other member. */
static const char *
fw_list_id(const char *k, const struct fwtype *ft)
{
	const char *dot = strrchr(k, '.');
	const char *leaf = dot ? dot + 1 : k;

	return strcmp(leaf, "ipRules") == 0 ? fw_ip_key(ft) :
	    strcmp(leaf, "virtualNetworkRules") != 0 ? NULL :
	    ft && ft->subnet_obj ? "subnet.id" : "id";
}

/* The marker fw_subnet_vars puts where a subnet's id goes: the id is known
 * when the script runs, in the variable the marker names. */
#define FW_MARK "@vnetc_fw_subnet_"

/* text as one shell word, each marker of it the variable it names:
 * properties.networkAcls.virtualNetworkRules=[{"id":"${vnetc_fw_subnet_0}"}]
 * quoted by the one helper that quotes the spec's words. */
static void
marked_word(struct em *e, const char *text)
{
	struct tmpl t = {0};
	const char *p = text, *m;

	while ((m = strstr(p, FW_MARK)) && strchr(m + 1, '@')) {
		const char *end = strchr(m + 1, '@');
		struct param *v = arena_alloc(&e->s->arena, sizeof(*v));
		v->name = arena_strndup(&e->s->arena, m + 1,
		    (size_t)(end - m - 1));
		tlit(e, &t, arena_strndup(&e->s->arena, p, (size_t)(m - p)));
		struct tmpl x = {.segs = &(struct seg){.param = v}, .nsegs = 1};
		tcat(e, &t, &x);
		p = end + 1;
	}
	tlit(e, &t, p);
	tmpl_sh_word(e->o, &t);
}

/* The ids of a firewall's VNet rules, read when the script runs (the
 * subscription is az's), into vnetc_fw_subnet_N; the change's ids become
 * markers of those variables (marked_word). */
static void
fw_subnet_vars(struct em *e, const struct backend *b, json_t *change)
{
	const struct backtype *bt = backtype_find(b->type);
	json_t *rules = json_object_get(bt->acl && *bt->acl ?
	    json_object_get(change, bt->acl) : change, "virtualNetworkRules");
	size_t r = 0;

	for (size_t i = 0; i < b->fw.nsubnets; i++) {
		const struct subnet *sn = b->fw.subnets ? b->fw.subnets[i] :
		    NULL;
		if (!sn)
			continue;
		out(e, "vnetc_fw_subnet_%zu=\"$(az network vnet subnet show",
		    i);
		where(e, sn->vnet->scope);
		opt(e, " --vnet-name", &sn->vnet->name);
		opt(e, " \\\n    --name", &sn->name);
		out(e, " --query id --output tsv)\"\n");
		json_t *rule = json_array_get(rules, r++);
		/* {"id"} or {"subnet": {"id"}} (backtypes.c .subnet_obj) */
		if (json_object_get(rule, "subnet"))
			rule = json_object_get(rule, "subnet");
		if (rule)
			json_object_set_new(rule, "id", json_string(arena_printf(
			    &e->s->arena, FW_MARK "%zu@", i)));
	}
}

/* The JMESPath list of what lock_member compares, in its order:
 * type() of each object, to_string() of each value ("null" when
 * absent), so that every item is a string and takes one line of az's
 * --output tsv (docs/azure-notes.md 13); a firewall's list as the ids of
 * its rules on one line (none: an empty line). */
static void
lock_query(struct em *e, struct buf *q, const char *prefix, json_t *change,
    const struct fwtype *ft)
{
	const char *k;
	json_t *v;

	json_object_foreach(change, k, v) {
		const char *id = json_is_array(v) ? fw_list_id(k, ft) : NULL;
		if (id)
			buf_printf(q, "%sjoin(`\" \"`, properties.%s%s[].%s || "
			    "`[]`)", q->len > 1 ? ", " : "", prefix, k, id);
		else
			buf_printf(q, "%s%s(properties.%s%s)", q->len > 1 ?
			    ", " : "", json_is_object(v) ? "type" :
			    "to_string", prefix, k);
		if (json_is_object(v))
			lock_query(e, q, arena_printf(&e->s->arena, "%s%s.",
			    prefix, k), v, ft);
	}
}

/* One member of the change: compare line *n of the read with it
 * (vnetc_same_set: without case, as ARM compares enum values; a boolean
 * is true or false), add what differs to vnetc_set as az's generic --set
 * takes it: properties.PATH=V, a string as it is, anything else as JSON
 * (az parses a --set value as JSON first). An object is compared member
 * by member and set whole only when it is missing: what the change does
 * not name stays. A firewall's list is compared as the set of its rules'
 * ids (an address, a subnet's id) and set whole. */
static void
lock_member(struct em *e, const char *k, json_t *v, size_t *n,
    const struct fwtype *ft)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	const char *want = json_is_string(v) ? json_string_value(v) : text;
	const char *id = json_is_array(v) ? fw_list_id(k, ft) : NULL;

	if (id) {
		/* -: an empty list is the read's last, empty line, which
		 * $(...) drops */
		out(e, "vnetc_same_set \"$(tr ' ' '\\n' <<<\"${vnetc_props"
		    "[%zu]-}\")\"", (*n)++);
		for (size_t i = 0; i < json_array_size(v); i++) {
			/* id: a member or a dotted path ("subnet.id") */
			json_t *r = json_array_get(v, i);
			const char *p = id, *dot;
			while ((dot = strchr(p, '.'))) {
				r = json_object_getn(r, p, (size_t)(dot - p));
				p = dot + 1;
			}
			out(e, " ");
			marked_word(e, json_string_value(json_object_get(r,
			    p)));
		}
		out(e, " \\\n  || vnetc_set+=(");
	} else if (json_is_object(v)) {
		const char *m;
		json_t *mv;
		out(e, "if [ \"${vnetc_props[%zu]}\" = object ]; then\n",
		    (*n)++);
		json_object_foreach(v, m, mv) {
			out(e, "  ");
			lock_member(e, arena_printf(&e->s->arena, "%s.%s", k,
			    m), mv, n, ft);
		}
		out(e, "else\n  vnetc_set+=(");
	} else {
		out(e, "vnetc_same_set \"${vnetc_props[%zu]}\" ", (*n)++);
		lit(e, want);
		out(e, " || vnetc_set+=(");
	}
	marked_word(e, arena_printf(&e->s->arena, "properties.%s=%s", k,
	    want));
	out(e, json_is_object(v) ? ")\nfi\n" : ")\n");
	free(text);
}

/* A change to back end b, as the executor and the template make it
 * (body.c): merged into what the back end has. Looks before it writes: a
 * back end already in the wanted state gets no write, and a write sets
 * vnetc_changed as every other step's does. az resource update is a GET
 * and a PUT of the whole resource (azure-cli's resource module,
 * _ResourceUtils.update: resources.create_or_update_by_id), so what
 * --set does not name stays: ipRules, virtualNetworkRules, bypass, ...
 * (docs/azure-notes.md 14). vnetc_target is b's id. */
static void
change_block(struct em *e, const struct backend *b, json_t *patch,
    const char *api)
{
	json_t *change = json_object_get(patch, "properties");
	const struct fwtype *ft = backtype_find(b->type)->fw;
	const char *k;
	json_t *v;
	struct buf q = {0};
	size_t n = 0;

	fw_subnet_vars(e, b, change);
	buf_putc(&q, '[');
	lock_query(e, &q, "", change, ft);
	buf_putc(&q, ']');
	out(e, "vnetc_read=\"$(az resource show --ids \"${vnetc_target}\" "
	    "--api-version ");
	lit(e, api);
	tsv(e, "", buf_str(&q), false);
	out(e, "mapfile -t vnetc_props <<<\"$vnetc_read\"\nvnetc_set=()\n");
	json_object_foreach(change, k, v)
		lock_member(e, k, v, &n, ft);
	out(e, "if [ \"${#vnetc_set[@]}\" -gt 0 ]; then\n");
	if (backtype_find(b->type)->omit) {
		/* A PUT of what a GET returned would restate what the type
		 * refuses on an update (backtypes.c .omit), and az resource
		 * update is such a PUT: the change goes by PATCH, the
		 * executor's body, which names no object a PATCH would
		 * replace whole (backtypes_test). az rest puts the cloud's
		 * ARM endpoint before an id. */
		char *body = json_dumps(patch, JSON_COMPACT);
		out(e, "  az rest --method patch --uri \"${vnetc_target}\"");
		lit(e, arena_printf(&e->s->arena, "?api-version=%s", api));
		out(e, " \\\n    --body ");
		marked_word(e, body);
		free(body);
	} else {
		out(e, "  az resource update --ids \"${vnetc_target}\" "
		    "--api-version ");
		lit(e, api);
		out(e, " \\\n    --set \"${vnetc_set[@]}\"");
	}
	out(e, " --output none\n"
	    "  vnetc_changed=1\n  vnetc_wait_succeeded \"${vnetc_target}\"\n"
	    "fi\n");
	buf_free(&q);
}

/* The lock-down: change_block with the lock's change. */
static void
step_lock(struct em *e, const struct step *st)
{
	const struct backend *b = st->u.backend;
	struct valctx vc = {.mode = VAL_REST, .spec = e->s};
	json_t *patch = body_patch(&vc, st);
	const char *api = body_step_api(st);

	assert(patch && api); /* spec.c refused the others (VN309) */
	target(e, b);
	change_block(e, b, patch, api);
	json_decref(patch);
}

/* A firewall that is a child resource of its back end (backtypes.c .fw
 * child_type: a namespace's networkRuleSets/default): change_block on the
 * child, whose id is the back end's with the child's type and name. az
 * resource update PUTs what it read with the change, publicNetworkAccess
 * included, which the executor and the template leave out (.child_omit):
 * the script runs in order, so it is the value the back end has by then
 * (its lock, an earlier step), and a PUT of it changes nothing. */
static void
step_firewall(struct em *e, const struct step *st)
{
	const struct backend *b = st->u.backend;
	const struct fwtype *ft = backtype_find(b->type)->fw;
	struct valctx vc = {.mode = VAL_REST, .spec = e->s};
	json_t *patch = body_patch(&vc, st);

	target(e, b);
	out(e, "vnetc_target+=");
	lit(e, arena_printf(&e->s->arena, "/%s/%s", strrchr(ft->child_type,
	    '/') + 1, ft->child_name));
	out(e, "\n");
	change_block(e, b, patch, body_step_api(st));
	json_decref(patch);
}

/* An app's access restrictions (access:): its config/web, read as lines
 * of text (each list's default action, whether the SCM site uses the main
 * site's rules, a line a rule but App Service's own last one, "Allow
 * all" or "Deny all" at priority 2147483647) and compared as a set
 * without case; when a line differs, the executor's change is PATCHed
 * whole (az webapp config access-restriction adds or removes one rule a
 * call, and would add the subnets' service endpoints itself: azure-cli
 * appservice/access_restrictions.py). The address of a rule is as App
 * Service answers it (with its length: spec.c); a subnet's id is read
 * when the script runs (fw_subnet_vars' markers). */
static void
step_access(struct em *e, const struct app *a)
{
	static const char *const list[] = {"main", "scm"};
	static const char *const prop[] = {"ipSecurityRestrictions",
	    "scmIpSecurityRestrictions"};
	struct valctx vc = {.mode = VAL_REST, .spec = e->s};
	struct step st = {.kind = STEP_ACCESS, .u.app = (struct app *)a};
	json_t *patch = body_patch(&vc, &st);
	json_t *props = json_object_get(patch, "properties");
	const struct arlist *l[] = {&a->acc.main, &a->acc.scm};
	const char *api = restype_get(RES_SITECONFIG)->api;
	struct buf q = {0};
	size_t nl = a->acc.scm_own ? 2 : 1, v = 0, nw = 0;
	const char **words = arena_alloc(&e->s->arena, (3 +
	    l[0]->nrules + l[1]->nrules) * sizeof(*words));

	out(e, "vnetc_app=\"$(");
	webapp_cmd(e, a, "show");
	out(e, " --query id --output tsv)\"\n");
	buf_puts(&q, "[join('|', ['main', to_string(properties."
	    "ipSecurityRestrictionsDefaultAction)]), join('|', ['scm-main', "
	    "to_string(properties.scmIpSecurityRestrictionsUseMain)])");
	words[nw++] = arena_printf(&e->s->arena, "main|%s", l[0]->deny ?
	    "Deny" : "Allow");
	words[nw++] = arena_printf(&e->s->arena, "scm-main|%s",
	    tf(!a->acc.scm_own));
	if (a->acc.scm_own) {
		buf_puts(&q, ", join('|', ['scm', to_string(properties."
		    "scmIpSecurityRestrictionsDefaultAction)])");
		words[nw++] = arena_printf(&e->s->arena, "scm|%s",
		    l[1]->deny ? "Deny" : "Allow");
	}
	for (size_t k = 0; k < nl; k++) {
		json_t *rules = json_object_get(props, prop[k]);
		buf_printf(&q, ", properties.%s[?priority != `2147483647`]."
		    "join('|', ['%s', to_string(name), to_string(priority), "
		    "to_string(action), to_string(ipAddress || "
		    "vnetSubnetResourceId)]) || `[]`", prop[k], list[k]);
		for (size_t j = 0; j < l[k]->nrules; j++) {
			const struct arrule *r = &l[k]->rules[j];
			const char *src = r->value;
			if (r->kind == AR_SUBNET) {
				const struct subnet *sn = r->subnet;
				out(e, "vnetc_fw_subnet_%zu=\"$(az network vnet "
				    "subnet show", v);
				where(e, sn->vnet->scope);
				opt(e, " --vnet-name", &sn->vnet->name);
				opt(e, " \\\n    --name", &sn->name);
				out(e, " --query id --output tsv)\"\n");
				src = arena_printf(&e->s->arena, FW_MARK "%zu@",
				    v++);
				json_object_set_new(json_array_get(rules, j),
				    "vnetSubnetResourceId", json_string(src));
			}
			words[nw++] = arena_printf(&e->s->arena,
			    "%s|%s|%ld|%s|%s", list[k], r->name, r->priority,
			    r->deny ? "Deny" : "Allow", src);
		}
	}
	buf_puts(&q, "] | []");
	out(e, "vnetc_have=\"$(az resource show --ids \"${vnetc_app}/config/web\" "
	    "--api-version %s", api);
	tsv(e, "", buf_str(&q), false);
	out(e, "if ! vnetc_same_set \"$vnetc_have\"");
	for (size_t i = 0; i < nw; i++) {
		out(e, " \\\n    ");
		marked_word(e, words[i]);
	}
	out(e, "; then\n  az rest --method patch --uri \"${vnetc_app}/config/web\"");
	lit(e, arena_printf(&e->s->arena, "?api-version=%s", api));
	char *body = json_dumps(patch, JSON_COMPACT);
	out(e, " \\\n    --body ");
	marked_word(e, body);
	free(body);
	out(e, " --output none\n  vnetc_changed=1\nfi\n");
	buf_free(&q);
	json_decref(patch);
}

/* An app's slot settings (slot_settings:): its config/slotConfigNames,
 * read as its list of names and compared as a set; when it differs, the
 * spec's list is PATCHed whole, as the executor does (az webapp config
 * appsettings set --slot-settings marks a name only with a value, and
 * never unmarks one). */
static void
step_sticky(struct em *e, const struct app *a)
{
	struct valctx vc = {.mode = VAL_REST, .spec = e->s};
	struct step st = {.kind = STEP_STICKY, .u.app = (struct app *)a};
	json_t *patch = body_patch(&vc, &st);
	const char *api = restype_get(RES_SITECONFIG)->api;
	char *body = json_dumps(patch, JSON_COMPACT);

	out(e, "vnetc_app=\"$(");
	webapp_cmd(e, a, "show");
	out(e, " --query id --output tsv)\"\n");
	out(e, "vnetc_have=\"$(az resource show --ids "
	    "\"${vnetc_app}/config/slotConfigNames\" --api-version %s", api);
	tsv(e, "", "properties.appSettingNames || `[]`", false);
	out(e, "if ! vnetc_same_set \"$vnetc_have\"");
	for (size_t i = 0; i < a->nsticky; i++) {
		out(e, " \\\n    ");
		lit(e, a->sticky[i]);
	}
	out(e, "; then\n  az rest --method patch --uri "
	    "\"${vnetc_app}/config/slotConfigNames\"");
	lit(e, arena_printf(&e->s->arena, "?api-version=%s", api));
	out(e, " \\\n    --body ");
	lit(e, body);
	out(e, " --output none\n  vnetc_changed=1\nfi\n");
	free(body);
	json_decref(patch);
}

/* The JMESPath query for the value of the app setting name:
 * [?name==`"NAME"`].value, the name a JSON string in a JSON literal. Not
 * a raw string ('NAME'): there jmespath.py, which az uses, undoes \' and
 * nothing else, so that a name with a \ before a ' or at its end has no
 * spelling; a JSON string spells every name. Its text holds no `, which
 * would end the literal (\u0060), nor control characters
 * (docs/azure-notes.md). */
static const char *
setting_query(struct em *e, const char *name)
{
	struct buf b = {0};

	buf_puts(&b, "[?name==`\"");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p == '"' || *p == '\\')
			buf_printf(&b, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f || *p == '`')
			buf_printf(&b, "\\u%04x", *p);
		else
			buf_putc(&b, (char)*p);
	buf_puts(&b, "\"`].value");
	const char *r = arena_strdup(&e->s->arena, buf_str(&b));
	buf_free(&b);
	return r;
}

/* A {from:} setting's value, read when the script runs (the template's
 * reference(), the executor's GET): the property of the resource, by its
 * id, into vnetc_from_N (N: the setting's place); empty (no such
 * property, or one that is null), the script stops before it writes a
 * setting. az resource show answers the resource as ARM's GET does, its
 * properties under properties. */
static void
read_from(struct em *e, const struct setting *st, size_t n)
{
	struct from_res fr;
	struct tmpl t = {0};

	body_from_res(st, &fr);
	out(e, "vnetc_from_%zu=\"$(az resource show --ids ", n);
	id_word(e, fr.sc, fr.type, &fr.name, 1);
	out(e, " \\\n    --api-version %s", fr.api);
	tsv(e, "", arena_printf(&e->s->arena, "properties.%s", st->prop),
	    false);
	out(e, "[ -n \"$vnetc_from_%zu\" ] ||\n  vnetc_die ", n);
	tlit(e, &t, arena_printf(&e->s->arena, "app setting %s: %s's "
	    "properties.%s is empty: is that a property ARM answers for ",
	    st->name, st->from.name, st->prop));
	tcat(e, &t, fr.name);
	tlit(e, &t, "?");
	joined_word(e, &t);
	out(e, "\n");
}

/* The value of setting i as one shell word: its text, or a {from:}'s,
 * after "NAME=" when eq (az's --settings NAME=VALUE): the name joins the
 * value's first literal piece, or goes before it as a piece of its own. */
static void
setting_word(struct em *e, const struct setting *st, size_t i, bool eq)
{
	const char *pre = eq ? arena_printf(&e->s->arena, "%s=", st->name) :
	    "";
	struct from_res fr;

	body_from_res(st, &fr);
	if (setting_from_read(st)) {
		if (eq)
			lit(e, pre);
		out(e, "\"${vnetc_from_%zu}\"", i + 1);
		return;
	}
	struct tmpl t = !st->from.target ? st->value :
	    !strcmp(st->prop, "name") ? *fr.name : id_tmpl(e, fr.sc, fr.type,
	    &fr.name, 1);
	struct tmpl w = {0};
	tlit(e, &w, pre);
	tcat(e, &w, &t);
	joined_word(e, &w);
}

/* Written when this run changed anything (vnetc_changed) or a value
 * differs from the app's: each setting is read until one differs. The
 * values are data, compared byte for byte (vnetc_tsv_is). The write does
 * not set vnetc_changed: another app's settings do not depend on it. The
 * {from:} values are read first. */
static void
step_settings(struct em *e, const struct app *a)
{
	for (size_t i = 0; i < a->nsettings; i++)
		if (setting_from_read(&a->settings[i]))
			read_from(e, &a->settings[i], i + 1);
	out(e, "if [ -n \"$vnetc_changed\" ]");
	for (size_t i = 0; i < a->nsettings; i++) {
		out(e, " ||\n  ! vnetc_tsv_is \"$(az webapp config appsettings "
		    "list");
		rg(e);
		site_name(e, a);
		out(e, " \\\n      --query ");
		lit(e, setting_query(e, a->settings[i].name));
		out(e, " --output tsv; echo .)\" \\\n    ");
		setting_word(e, &a->settings[i], i, false);
	}
	out(e, "; then\n  az webapp config appsettings set");
	rg(e);
	site_name(e, a);
	out(e, " --output none \\\n    --settings");
	for (size_t i = 0; i < a->nsettings; i++) {
		out(e, " \\\n      ");
		setting_word(e, &a->settings[i], i, true);
	}
	out(e, "\nelse\n  vnetc_skip 'every value is the spec value, and this "
	    "run changed nothing else'\nfi\n");
}

static const char *const why[] = {
	[STEP_RG] = "The resource group the topology lives in.",
	[STEP_VNET] = "The VNet and its subnets, created or brought to the "
	    "spec's prefixes.",
	[STEP_PEER] = "One side of a peering; traffic flows once both "
	    "sides exist.",
	[STEP_ZONE] = "Private DNS zone: holds the back end's private "
	    "address.",
	[STEP_LINK] = "Without this link the VNet resolves the back end's "
	    "public address.",
	[STEP_PE] = "Private endpoint: a private address for the back end "
	    "in the endpoint subnet.",
	[STEP_ZG] = "Zone group: keeps the zone's records in step with the "
	    "endpoint.",
	[STEP_FARM] = "The plan's SKU: VNet integration needs Basic or "
	    "higher, or a Functions plan with it (Elastic Premium, Flex "
	    "Consumption) (https://learn.microsoft.com/azure/app-service/"
	    "overview-vnet-integration).",
	[STEP_APP] = "HTTPS only; regional VNet integration; Route All.",
	[STEP_LOCK] = "Last: every way in through the VNet is ready, so "
	    "the app is never cut off.",
	[STEP_SETTINGS] = "Writing the settings again makes the app fetch "
	    "its Key Vault references now, through the VNet:\nwritten when "
	    "a value differs or this run changed anything, else skipped.",
	[STEP_PIP] = "A public IP of the NAT gateway: Standard, static, IPv4.",
	[STEP_NATGW] = "NAT gateway: the subnets' outbound traffic to the "
	    "internet leaves from its public IPs.",
	[STEP_NSG] = "Network security group: its rules are the spec's, "
	    "those it does not state are removed.",
	[STEP_RT] = "Route table: its routes are the spec's, those it does "
	    "not state are removed.",
	[STEP_CREATE] = "A back end vnetc creates, locked from the start "
	    "(only its private endpoints reach it), tagged as vnetc's; one of "
	    "that name without the tags stops the script.",
	[STEP_PUBCRED] = "Basic-auth publishing credentials of an app vnetc "
	    "created: off unless the spec allows them (basic_auth:).",
	[STEP_SQLDB] = "A database of a SQL server vnetc creates, after the "
	    "server, tagged as vnetc's.",
	[STEP_IDENTITY] = "A user-assigned managed identity vnetc creates, "
	    "tagged as vnetc's, before the apps that carry it; one of that "
	    "name without the tags stops the script.",
	[STEP_ROLE] = "A role of an app's identity on a back end (roles:), "
	    "named as the template names it; kept when the identity has it "
	    "already.",
	[STEP_SHARE] = "The storage a function app runs its code from, made "
	    "before the app as Microsoft's secured deployments require: its "
	    "Azure Files share (Elastic Premium, Consumption) or its "
	    "package's blob container (Flex Consumption).",
	[STEP_ACCESS] = "An app's access restrictions (access:): the rules "
	    "are the spec's, those it does not state are removed.",
	[STEP_SLOT] = "A deployment slot vnetc creates, with its "
	    "own HTTPS, VNet integration and Route All; Azure copies nothing "
	    "from the app to it.",
	[STEP_STICKY] = "The app settings that stay with their slot on a "
	    "swap (slot_settings:): the list is the spec's.",
	[STEP_FIREWALL] = "A back end's firewall (firewall:), a resource of "
	    "its own under it: its rules are the spec's, after its lock.",
};

/* The table of contents lists every step up to TOC_FULL of them; past
 * that (a list would run to thousands of lines before the first command)
 * it counts each kind and gives the steps it spans. */
enum { TOC_FULL = 100 };

static const char *const kind_name[] = {
	[STEP_RG] = "resource group", [STEP_VNET] = "VNet",
	[STEP_PEER] = "VNet peering", [STEP_ZONE] = "private DNS zone",
	[STEP_LINK] = "zone link", [STEP_PE] = "private endpoint",
	[STEP_ZG] = "zone group", [STEP_FARM] = "App Service plan",
	[STEP_APP] = "app", [STEP_LOCK] = "public access lock-down",
	[STEP_SETTINGS] = "app settings", [STEP_PIP] = "public IP",
	[STEP_NATGW] = "NAT gateway", [STEP_NSG] = "network security group",
	[STEP_RT] = "route table", [STEP_CREATE] = "back end created",
	[STEP_PUBCRED] = "publishing credentials",
	[STEP_SQLDB] = "SQL database",
	[STEP_IDENTITY] = "managed identity", [STEP_ROLE] = "role assignment",
	[STEP_SHARE] = "content share",
	[STEP_ACCESS] = "access restrictions", [STEP_SLOT] = "deployment slot",
	[STEP_STICKY] = "slot settings",
	[STEP_FIREWALL] = "firewall",
};

static void
toc(struct em *e)
{
	const struct plan *p = e->p;
	size_t n[NELEM(kind_name)] = {0}, first[NELEM(kind_name)] = {0},
	    last[NELEM(kind_name)] = {0};

	if (p->nsteps <= TOC_FULL) {
		out(e, "# Steps, in order:\n");
		for (size_t i = 0; i < p->nsteps; i++)
			tmpl_sh_comment(e->o, arena_printf(&e->s->arena,
			    " %2zu. %s", i + 1, p->steps[i].label));
		return;
	}
	for (size_t i = 0; i < p->nsteps; i++) {
		enum step_kind k = p->steps[i].kind;
		if (!n[k]++)
			first[k] = i + 1;
		last[k] = i + 1;
	}
	out(e, "# Steps: %zu, by kind (each begins '# --- Step N/%zu'):\n",
	    p->nsteps, p->nsteps);
	for (size_t k = 0; k < NELEM(kind_name); k++) {
		if (!n[k])
			continue;
		if (n[k] == 1)
			out(e, "#   %-24s %7zu   step %zu\n", kind_name[k], n[k],
			    first[k]);
		else
			out(e, "#   %-24s %7zu   steps %zu-%zu%s\n",
			    kind_name[k], n[k], first[k], last[k],
			    last[k] - first[k] + 1 == n[k] ? "" :
			    ", among others");
	}
}

static void
header(struct em *e)
{
	struct spec *s = e->s;

	/* SC2016: '$x' in a spec value is a literal on purpose; SC1003: so
	 * is a backslash before a value's closing quote ('a\'). The spec's
	 * file name is spec text too: it goes through the comment helper. */
	out(e, "#!/usr/bin/env bash\n# shellcheck disable=SC2016,SC1003\n");
	tmpl_sh_comment(e->o, arena_printf(&s->arena, "%s.sh: generated by "
	    "vnetc %s from %s.yaml. Do not edit;\nchange the spec and run "
	    "'vnetc build' again.\n\n", s->base, VNETC_VERSION, s->base));
	if (s->description) {
		tmpl_sh_comment(e->o, s->description);
		out(e, "#\n");
	}
	toc(e);
	tmpl_sh_comment(e->o, arena_printf(&s->arena, "\nNeeds Azure CLI %s "
	    "or later, logged in (az login) to the target subscription.\n"
	    "Safe to run again: each step looks before it changes anything."
	    "\nEvery parameter below can be set from the environment, e.g.\n"
	    "  appName=my-app ./%s.sh", min_az, s->base));
	out(e, "set -euo pipefail\n\n");
	out(e, "# Parameters (the environment's values win)\n");
	for (size_t i = 0; i < s->nparams; i++) {
		const struct param *p = &s->params[i];
		if (p->desc)
			tmpl_sh_comment(e->o, p->desc);
		tmpl_sh_param(e->o, p);
	}
}

static bool *used_scopes(struct em *e);

/* Does the script change az's default subscription (a scope it writes
 * without --subscription)? Then the prologue names it; the preflight
 * names the others. */
static bool
writes_default(struct em *e)
{
	bool *used = used_scopes(e);

	for (size_t i = 0; i < e->s->nscopes; i++)
		if (used[i] && run_sub(e, e->s->scopes[i]))
			return true;
	return false;
}

/* The fixed helpers and preflight checks, with @MIN_AZ@ filled in. */
static bool
prologue(struct em *e)
{
	char *path = data_path("templates/prologue.sh");
	char *text = NULL;
	size_t len;

	if (path)
		text = file_read(path, &len);
	if (!text) {
		fprintf(stderr, "vnetc: cannot read templates/prologue.sh "
		    "(looked beside %s and in $VNETC_DATADIR)%s%s\n", exe_dir(),
		    path ? ": " : "", path ? strerror(errno) : "");
		free(path);
		return false;
	}
	free(path);
	/* The template's placeholders: @NAME@ -> value. */
	const char *const subst[][2] = {
		{"@MIN_AZ@", min_az},
		{"@AZ_CLOUD@", privatelink_cloud_azname(e->s->cloud)},
		{"@SAY_ACCOUNT@", writes_default(e) ? "vnetc_say_account" :
		    "# (az's default subscription is not one it changes: the "
		    "preflight names those)"},
	};
	const char *p = text, *m;
	out(e, "\n");
	while ((m = strchr(p, '@'))) {
		size_t i = 0;
		while (i < NELEM(subst) && strncmp(m, subst[i][0],
		    strlen(subst[i][0])))
			i++;
		buf_putn(e->o, p, (size_t)(m - p) + (i == NELEM(subst)));
		p = m + 1;
		if (i < NELEM(subst)) {
			buf_puts(e->o, subst[i][1]);
			p = m + strlen(subst[i][0]);
		}
	}
	out(e, "%s", p);
	free(text);
	return true;
}

/* Does the script address more than the spec's group in az's default
 * subscription? Then it names each scope, and checks each first. */
static bool
multi(const struct em *e)
{
	return e->s->nscopes > 1 || !run_sub(e, e->s->scopes[0]);
}

/* Does the spec refer to resources by id (an existing VNet, a central
 * zone, a zone link's VNet, an app's identities)? */
static bool
refers(const struct em *e)
{
	for (size_t i = 0; i < e->s->nvnets; i++)
		if (e->s->vnets[i].existing)
			return true;
	for (size_t i = 0; i < e->s->nzones; i++)
		if (e->s->zones[i].central)
			return true;
	/* a zone's links are compared by their VNet's id (step_link) */
	if (e->s->nlinks)
		return true;
	/* an app's user-assigned identities, by id (app_create_opts), and
	 * the scopes and principals of its roles (step_role) */
	for (size_t i = 0; i < e->s->napps; i++)
		if (e->s->apps[i].nuais || e->s->apps[i].nroles)
			return true;
	return false;
}

/* The scopes the plan's steps and back ends are in: used[i] for
 * s->scopes[i]. */
static bool *
used_scopes(struct em *e)
{
	struct spec *s = e->s;
	bool *used = arena_alloc(&s->arena, (s->nscopes + 1) * sizeof(*used));

	used[0] = true;
	for (size_t i = 0; i < e->p->nsteps; i++)
		used[body_step_scope(s, &e->p->steps[i])->id] = true;
	for (size_t i = 0; i < s->nbackends; i++)
		used[s->backends[i].scope->id] = true;
	return used;
}

/* Does an endpoint leave its zone group to a policy (zone_group:
 * policy)? Its wait compares zones by id. */
static bool
any_policy(const struct em *e)
{
	for (size_t i = 0; i < e->p->nsteps; i++)
		if (e->p->steps[i].kind == STEP_ZG &&
		    e->p->steps[i].u.pe->zg_policy)
			return true;
	return false;
}

/* The ${vnetc_hN} of the names of children vnetc writes into another
 * workload's VNet or zone (spec.c shared_child_name), from the VNet's
 * id as this run has it: the hash is tmpl_hash's (FNV-1a, 32 bits, over
 * the lowercased bytes, LC_ALL=C so that a character is its bytes). */
static void
hashes(struct em *e)
{
	if (!e->s->nhashes)
		return;
	out(e, "# Names of what vnetc writes in a VNet or zone that other "
	    "workloads share: a hash\n# of the id of the VNet it is for.\n"
	    "vnetc_hash() {\n  local LC_ALL=C\n  local s=\"${1,,}\" "
	    "h=2166136261 i c\n  for ((i = 0; i < ${#s}; i++)); do\n"
	    "    printf -v c '%%d' \"'${s:i:1}\"\n"
	    "    h=$(( ((h ^ (c & 255)) * 16777619) & 0xffffffff ))\n"
	    "  done\n  printf '%%08x' \"$h\"\n}\n");
	for (size_t i = 0; i < e->s->nhashes; i++) {
		const struct param *h = e->s->hashes[i];
		out(e, "%s=\"$(vnetc_hash ", h->name);
		word(e, h->hash_of);
		out(e, ")\"\n");
	}
}

/* Before the first write, each subscription the spec names is reachable
 * and each resource group but its own exists (vnetc creates only that
 * one: a group elsewhere is the platform's or a data team's):
 *   az account show --subscription="${billingSub}" --output none ... ||
 *     vnetc_die ...
 *   [ "$(az group exists --subscription=... --name=rg-billing)" = true ] ||
 *     vnetc_die ... */
static void
preflight(struct em *e)
{
	struct spec *s = e->s;
	bool *used = used_scopes(e);

	out(e, "\n# --- Preflight: the spec's subscriptions, resource groups, "
	    "and what it refers to\n");
	if (run_sub(e, s->scopes[0]) && (multi(e) || refers(e) ||
	    any_policy(e)))
		out(e, "# Resources of the spec's own group are referred to by "
		    "id from the others.\nvnetc_subscription=\"$(az account "
		    "show --query id --output tsv)\"\n");
	hashes(e);
	for (size_t i = 0; i < s->nscopes && multi(e); i++) {
		const struct scope *sc = s->scopes[i];
		const char *v = tmpl_eval(s, &sc->sub);
		bool seen = !used[i] || run_sub(e, sc);
		for (size_t j = 0; j < i && !seen; j++)
			seen = used[j] && streqi(tmpl_eval(s,
			    &s->scopes[j]->sub), v);
		if (seen)
			continue;
		struct tmpl t = {0};
		tlit(e, &t, "subscription ");
		tcat(e, &t, &sc->sub);
		tlit(e, &t, " is not reachable: log in (az login) as an "
		    "account that has access to it (az account list shows "
		    "those it has)");
		out(e, "vnetc_account=\"$(az account show");
		opt(e, " --subscription", &sc->sub);
		out(e, " --query '[name, id]' --output tsv 2>/dev/null)\" ||"
		    "\n  vnetc_die ");
		joined_word(e, &t);
		out(e, "\nvnetc_say_account\n");
	}
	for (size_t i = 1; i < s->nscopes; i++) {
		const struct scope *sc = s->scopes[i];
		if (!used[i] || !multi(e))
			continue;
		struct tmpl t = {0};
		cat_scope(e, &t, sc);
		tlit(e, &t, " does not exist: vnetc creates only the spec's "
		    "own group (resource_group:); create it first");
		out(e, "[ \"$(az group exists");
		if (!run_sub(e, sc))
			opt(e, " --subscription", &sc->sub);
		opt(e, " --name", &sc->rg);
		out(e, ")\" = true ] ||\n  vnetc_die ");
		joined_word(e, &t);
		out(e, "\n");
	}
	/* what the spec refers to and never creates: there before anything
	 * is written that refers to it */
	for (size_t i = 0; i < s->nvnets; i++) {
		const struct vnet *vn = &s->vnets[i];
		if (!vn->existing)
			continue;
		out(e, "az network vnet show");
		where(e, vn->scope);
		opt(e, " --name", &vn->name);
		or_die(e, "vnet ", &vn->name, vn->scope, " is not there: the spec "
		    "says it exists (existing:), and vnetc refers to it without "
		    "creating it");
	}
	for (size_t i = 0; i < s->nzones; i++) {
		const struct zone *z = &s->zones[i];
		if (!z->central)
			continue;
		out(e, "az network private-dns zone show");
		where(e, z->scope);
		opt(e, " --name", &z->rname);
		out(e, " \\\n   ");
		or_die(e, "the central private DNS zone ", &z->rname, z->scope,
		    " is not there: the spec's dns: block says it exists, and "
		    "vnetc refers to it without creating it");
	}
}

/* zone_group: policy: the wait for a policy's zone group (zg_policy),
 * bounded like vnetc_wait_succeeded's. */
static void
policy_helper(struct em *e)
{
	if (!any_policy(e))
		return;
	out(e, "\n# Waits 10 s more for what a policy makes (zone_group: "
	    "policy), up to\n# VNETC_WAIT_TIMEOUT seconds (default 900) a "
	    "step; Azure's policies deploy some\n# minutes after the "
	    "resource they watch.\nvnetc_wait_policy() {\n"
	    "  if [ \"$vnetc_waited\" -ge \"${VNETC_WAIT_TIMEOUT:-900}\" ]; "
	    "then\n    vnetc_die \"timed out after ${vnetc_waited}s waiting "
	    "for $*: is the policy assigned to this subscription, with the "
	    "zones the endpoint needs? (raise VNETC_WAIT_TIMEOUT, or see the "
	    "policy's compliance in the portal)\"\n  fi\n  sleep 10\n"
	    "  vnetc_waited=$((vnetc_waited + 10))\n}\n");
}

void
emit_az(const struct plan *p, struct buf *o)
{
	if (!emit_az_sink(p, o, NULL))
		exit(2);
}

/* A large estate's script is tens of megabytes: with a sink it leaves in
 * chunks of about SINK_CHUNK, whole steps each. */
enum { SINK_CHUNK = 1 << 20 };

bool
emit_az_sink(const struct plan *p, struct buf *o, struct sink *k)
{
	struct em e = {.p = p, .s = p->spec, .o = o};

	header(&e);
	if (!prologue(&e))
		return false;
	policy_helper(&e);
	e.sc = p->spec->scopes[0];
	if (multi(&e) || refers(&e) || any_policy(&e))
		preflight(&e);
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct step *st = &p->steps[i];
		if (o->len > SINK_CHUNK)
			sink_flush(k, o);
		e.n = i + 1;
		e.sc = body_step_scope(p->spec, st);
		section(&e, st, body_step_existing(st) && (st->kind ==
		    STEP_NSG || st->kind == STEP_RT || st->kind == STEP_NATGW) ?
		    "Exists (existing: true): read, never written; the "
		    "check fails the script if it is missing." : why[st->kind]);
		switch (st->kind) {
		case STEP_RG:
			step_rg(&e);
			break;
		case STEP_VNET:
			step_vnet(&e, st->u.vnet);
			break;
		case STEP_PEER:
			step_peer(&e, st->u.peering);
			break;
		case STEP_ZONE:
			step_zone(&e, st->u.zone);
			break;
		case STEP_LINK:
			step_link(&e, st->u.link);
			break;
		case STEP_PE:
			step_pe(&e, st->u.pe);
			break;
		case STEP_ZG:
			step_zg(&e, st->u.pe);
			break;
		case STEP_FARM:
			step_farm(&e, st->u.farm);
			break;
		case STEP_APP:
			step_app(&e, st->u.app);
			break;
		case STEP_LOCK:
			step_lock(&e, st);
			break;
		case STEP_SETTINGS:
			step_settings(&e, st->u.app);
			break;
		case STEP_PIP:
			step_pip(&e, st->u.pip);
			break;
		case STEP_NATGW:
			step_natgw(&e, st->u.natgw);
			break;
		case STEP_NSG:
			step_nsg(&e, st->u.nsg);
			break;
		case STEP_RT:
			step_rt(&e, st->u.rtable);
			break;
		case STEP_CREATE:
			step_create(&e, st->u.backend);
			break;
		case STEP_PUBCRED:
			step_pubcred(&e, st);
			break;
		case STEP_SQLDB:
			step_sqldb(&e, st->u.db);
			break;
		case STEP_IDENTITY:
			step_identity(&e, st->u.identity);
			break;
		case STEP_ROLE:
			step_role(&e, st->u.role);
			break;
		case STEP_SHARE:
			step_share(&e, st->u.app);
			break;
		case STEP_ACCESS:
			step_access(&e, st->u.app);
			break;
		case STEP_SLOT:
			step_app(&e, st->u.app);
			break;
		case STEP_STICKY:
			step_sticky(&e, st->u.app);
			break;
		case STEP_FIREWALL:
			step_firewall(&e, st);
			break;
		case STEP_SITECFG: /* the executor's only: az webapp config
				    * set repairs it with its app */
			break;
		}
	}
	out(&e, "\necho \"vnetc: all %zu steps done${vnetc_changed:+; this "
	    "run changed the topology}.\" >&2\n", p->nsteps);
	sink_flush(k, o);
	return true;
}
