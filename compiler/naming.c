/* naming.c - the naming phase: checked model -> final Azure names (and
 * tags) from the spec's Lua naming hook, run in a sandbox, then Azure's
 * naming rules (restypes.c namerules[]) on every name, with or without a
 * hook. Runs after check.c, before plan.c. Owns VN401-VN408; the hook
 * interface is documented in lua/README.md. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "model.h"
#include "unicode.h"

/* The sandbox's limits (lua/README.md). A call may run HOOK_STEPS VM
 * instructions (an endless loop stops in tens of milliseconds) and the
 * whole state may hold HOOK_MEMORY bytes; a name is at most HOOK_MAXNAME
 * bytes before Azure's own limits apply. A call stuck in a C library
 * function (a pattern that backtracks for hours) runs no instructions, so
 * a CPU-time watchdog ends it after HOOK_STUCK_MS. One instruction may
 * copy megabytes (string.rep in a loop: minutes within the instruction
 * budget), so a call also has HOOK_CPU_MS of CPU, counted by the
 * watchdog's ticks and enforced by hook_count. */
/* fuzz/lua_fuzz.c builds lower these, to keep the fuzzer's pace. */
#ifndef VNETC_HOOK_STEPS
#define VNETC_HOOK_STEPS 10000000
#endif
#ifndef VNETC_HOOK_CPU_MS
#define VNETC_HOOK_CPU_MS 1000
#endif
#ifndef VNETC_HOOK_STUCK_MS
#define VNETC_HOOK_STUCK_MS 500
#endif
#ifndef VNETC_HOOK_TICK_MS
#define VNETC_HOOK_TICK_MS 100
#endif
#ifndef VNETC_HOOK_MEMORY
#define VNETC_HOOK_MEMORY (64 << 20)
#endif
enum {
	HOOK_STEPS = VNETC_HOOK_STEPS,
	HOOK_GRAIN = 1000,
	HOOK_MEMORY = VNETC_HOOK_MEMORY,
	HOOK_MAXNAME = 1024,
	HOOK_CPU_MS = VNETC_HOOK_CPU_MS,
	HOOK_STUCK_MS = VNETC_HOOK_STUCK_MS,
	HOOK_TICK_MS = VNETC_HOOK_TICK_MS,
	HOOK_STUCK = -1 /* hook_run's status when the watchdog stopped it */
};

/* Azure's tag limits: "Use tags to organize your Azure resources",
 * Limitations (learn.microsoft.com/azure/azure-resource-manager/management/
 * tag-resources, MicrosoftDocs/azure-docs@000024f4): 50 tags per
 * resource, 15 on private DNS zones and their virtual network links;
 * names 1-512 characters without < > % & \ ? /; values up to 256. */
enum { TAG_MAX = 50, TAG_MAX_DNS = 15, TAG_NAME_MAX = 512,
	TAG_VALUE_MAX = 256 };

/* The kinds of things named, in naming order (lua/README.md). */
enum slot_kind {
	SK_RG, SK_VNET, SK_SUBNET, SK_PEER, SK_BACKEND, SK_ZONE, SK_LINK,
	SK_PE, SK_PEC, SK_ZG, SK_FARM, SK_APP, SK_NSG, SK_NSGRULE, SK_RT,
	SK_ROUTE, SK_NATGW, SK_PIP, SK_UAI, SK_SQLDB
};

/* One name vnetc manages: where it lives in the model, what the hook
 * made of it. */
struct slot {
	enum slot_kind sk;
	enum res res;       /* NRES: a back end of a type without a row */
	const char *kind;   /* r.kind */
	const char *key;    /* r.key */
	const char *label;  /* "vnet 'hub'", for messages: label_of() */
	struct tmpl *name;  /* the model's name; replaced when renamed */
	struct tmpl orig_t; /* as it was before the hook */
	struct pos pos;     /* the resource's spec node */
	struct slot *parent;
	size_t pidx;        /* parent's index + 1 while collecting */
	const char *loc;    /* r.location */
	struct kvlist *tags; /* NULL: the type takes no tags */
	const char *orig, *final;
	bool renamed, existing;
	bool nohook;        /* a security rule, a route or a database: the spec names it,
			     * the hook does not see it; Azure's rules hold */
	size_t index;       /* 1-based within its kind */
	void *obj;          /* struct vnet, subnet, backend, zone, ... */
	const struct scope *scope; /* a resource without a parent: its
				    * resource group's; names are unique there */
};

/* The names, in naming order, and where each object's slot is. */
struct slots {
	struct slot *v;
	size_t n, cap;
	size_t count[NRES + 1]; /* per kind, for r.index */
	size_t *vslot, *bslot, *fslot; /* vnets, back ends, plans */
};

/* A block of the Lua state's memory, behind what Lua sees: two pointers
 * keep malloc's alignment. */
struct lblock {
	struct lblock *prev, *next;
};

/* The hook: one Lua state for the whole run. */
struct hook {
	struct lblock blocks; /* all the state's memory (hook_alloc) */
	lua_State *L;
	struct spec *s;
	const char *file;     /* as shown in diagnostics */
	size_t mem;           /* bytes the state holds */
	bool mem_refused;     /* the allocator said no during this call */
	long steps;           /* instructions in this call, by HOOK_GRAIN */
	bool over;            /* ran over HOOK_STEPS or HOOK_CPU_MS */
	bool over_cpu;        /* ... and it was HOOK_CPU_MS */
	int line_seen;        /* last line of the hook seen running */
	int err_line;         /* line of the last error, 0 unknown */
	char err_src[LUA_IDSIZE]; /* its chunk's short_src */
	int name_line, tags_line; /* where name() / tags() are defined */
	int has_name, has_tags;
	int vars_ref;         /* registry: r.vars, read-only */
	int rmeta_ref;        /* registry: r's metatable */
	/* the call in progress (hook_call) */
	struct slot *cur;
	struct slots *ss;
	int rtype;            /* Lua type name() returned */
	const char *rname;    /* the string it returned (arena) */
	size_t rlen;
	int ttype;            /* Lua type tags() returned, LUA_TNONE: none */
	struct kvlist rtags;
	const char *tfault;   /* why tags() did not give a table of strings */
};

/* The watchdog's (below): the allocator and print() say when they are
 * inside malloc or stdio, where it may not stop them. */
static volatile sig_atomic_t wd_unsafe, wd_progress;
static volatile sig_atomic_t wd_used; /* ticks of CPU in this call */
static void wd_safe(void);

/* ------------------------------------------------------------ sandbox */

/* lua_Alloc with a cap (compare lauxlib.c l_alloc): a hook that
 * allocates gigabytes gets "not enough memory" at HOOK_MEMORY. For a
 * new block ptr is NULL and osize says its type, not a size. */
static void
block_unlink(struct lblock *b)
{
	b->prev->next = b->next;
	b->next->prev = b->prev;
}

static void
block_link(struct hook *h, struct lblock *b)
{
	b->next = h->blocks.next;
	b->prev = &h->blocks;
	b->next->prev = b;
	h->blocks.next = b;
}

/* Every block is on h->blocks, so that a state the watchdog stopped
 * anywhere (hook_failed), which lua_close may not touch, is freed whole:
 * the watchdog never jumps while the list is being changed (wd_unsafe). */
static void *
hook_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct hook *h = ud;
	size_t old = ptr ? osize : 0;
	struct lblock *b = ptr ? (struct lblock *)ptr - 1 : NULL;

	if (nsize == 0) {
		wd_unsafe = 1;
		if (b) {
			block_unlink(b);
			free(b);
		}
		wd_safe();
		h->mem -= old;
		return NULL;
	}
	if (nsize > old && h->mem + (nsize - old) > HOOK_MEMORY) {
		h->mem_refused = true;
		return NULL;
	}
	wd_unsafe = 1;
	if (b)
		block_unlink(b);
	struct lblock *nb = realloc(b, sizeof(*nb) + nsize);
	if (nb)
		block_link(h, nb);
	else if (b)
		block_link(h, b); /* unchanged: Lua keeps the old block */
	wd_unsafe = 0;
	if (nb)
		h->mem = h->mem - old + nsize;
	wd_safe();
	return nb ? nb + 1 : NULL;
}

/* The memory of a state stopped anywhere: freed block by block. */
static void
blocks_free(struct hook *h)
{
	while (h->blocks.next != &h->blocks) {
		struct lblock *b = h->blocks.next;
		block_unlink(b);
		free(b);
	}
}

static struct hook *
hook_of(lua_State *L)
{
	return *(struct hook **)lua_getextraspace(L);
}

/* True if ar (after lua_getinfo "S") runs the hook file itself. */
static bool
in_hook_file(const struct hook *h, const lua_Debug *ar)
{
	return ar->source[0] == '@' && strcmp(ar->source + 1, h->file) == 0;
}

/* The instruction and CPU budgets. Past one the hook fires on every
 * instruction, so a pcall() in the hook cannot catch the error and go
 * on. The CPU is the watchdog's ticks (wd_alarm): no system call here. */
static void
hook_count(lua_State *L, lua_Debug *ar)
{
	struct hook *h = hook_of(L);

	wd_progress++; /* the VM runs: not stuck in C (the watchdog) */
	lua_getinfo(L, "Sl", ar);
	if (ar->currentline > 0 && in_hook_file(h, ar))
		h->line_seen = ar->currentline;
	h->steps += HOOK_GRAIN;
	bool cpu = wd_used * HOOK_TICK_MS >= HOOK_CPU_MS;
	if (h->steps <= HOOK_STEPS && !cpu && !h->over)
		return;
	if (!h->over) {
		lua_sethook(L, hook_count, LUA_MASKCOUNT, 1);
		h->over_cpu = h->steps <= HOOK_STEPS;
	}
	h->over = true;
	if (h->over_cpu)
		lua_pushfstring(L, "%s:%d: ran over %d ms of CPU",
		    ar->short_src, ar->currentline, HOOK_CPU_MS);
	else
		lua_pushfstring(L, "%s:%d: ran over %d instructions",
		    ar->short_src, ar->currentline, HOOK_STEPS);
	lua_error(L);
}

/* Message handler of every call into the hook: notes the hook's line
 * that was running and turns a non-string error into text, without
 * calling the hook's own __tostring. */
static int
hook_msgh(lua_State *L)
{
	struct hook *h = hook_of(L);
	lua_Debug ar;

	h->err_line = 0;
	for (int lv = 1; lua_getstack(L, lv, &ar); lv++) {
		lua_getinfo(L, "Sl", &ar);
		if (ar.currentline > 0 && in_hook_file(h, &ar)) {
			h->err_line = ar.currentline;
			snprintf(h->err_src, sizeof(h->err_src), "%s",
			    ar.short_src);
			break;
		}
	}
	if (lua_type(L, 1) != LUA_TSTRING)
		lua_pushfstring(L, "(error object is a %s value)",
		    luaL_typename(L, 1));
	return 1;
}

/* print() goes to stderr: stdout may be a SARIF log or a dump. */
static int
hook_print(lua_State *L)
{
	struct hook *h = hook_of(L);
	int n = lua_gettop(L);
	luaL_Buffer b;

	luaL_buffinit(L, &b);
	luaL_addstring(&b, h->file);
	luaL_addstring(&b, ": ");
	for (int i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_addchar(&b, '\n');
	luaL_pushresult(&b);
	size_t len;
	const char *s = lua_tolstring(L, -1, &len);
	wd_unsafe = 1; /* stdio's lock: no jump out of fwrite */
	fwrite(s, 1, len, stderr);
	wd_safe();
	return 0;
}

/* load() of text only: crafted bytecode can crash Lua (manual 4.6,
 * load). Chunks from a function are refused too: a string is enough. */
static int
hook_load(lua_State *L)
{
	size_t len;
	const char *s = lua_tolstring(L, 1, &len);
	const char *name = luaL_optstring(L, 2, "=(load)");
	int env = !lua_isnone(L, 4);

	if (!s || lua_type(L, 1) != LUA_TSTRING)
		return luaL_error(L, "load: vnetc's sandbox loads strings only");
	if (luaL_loadbufferx(L, s, len, name, "t") != LUA_OK) {
		luaL_pushfail(L);
		lua_insert(L, -2);
		return 2;
	}
	if (env) {
		lua_pushvalue(L, 4);
		if (!lua_setupvalue(L, -2, 1))
			lua_pop(L, 1);
	}
	return 1;
}

/* setmetatable() without finalizers: Lua runs __gc with debug hooks off
 * (lgc.c GCTM), so a finalizer could loop past the instruction budget;
 * 5.4 registers one only if __gc is there when the metatable is set. */
static int
hook_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "vnetc's sandbox has no finalizers "
			    "(__gc)");
		lua_pop(L, 1);
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* ---- read-only views: r, r.vars and their lists are userdata whose
 * metatable reads a hidden table; rawset() does not take userdata, and
 * __metatable keeps setmetatable/getmetatable away. */

static int
ro_index(lua_State *L)
{
	lua_getiuservalue(L, 1, 1);
	lua_pushvalue(L, 2);
	lua_rawget(L, -2);
	return 1;
}

static int
ro_newindex(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TSTRING)
		return luaL_error(L, "r is read-only: cannot set '%s' (name() "
		    "returns the name instead)", lua_tostring(L, 2));
	return luaL_error(L, "r is read-only");
}

static int
ro_len(lua_State *L)
{
	lua_getiuservalue(L, 1, 1);
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
	return 1;
}

/* pairs() over a view: keys in a stable order (list items first, then
 * names sorted), not Lua's hash order, which changes from run to run.
 * Upvalues: the hidden table, and a table key -> next key. */
static int
ro_iter(lua_State *L)
{
	lua_settop(L, 2);
	if (lua_isnil(L, 2))
		lua_pushstring(L, "\x01first"); /* not a key of any view */
	else
		lua_pushvalue(L, 2);
	lua_rawget(L, lua_upvalueindex(2));
	if (lua_isnil(L, -1))
		return 1;
	lua_pushvalue(L, -1);
	lua_rawget(L, lua_upvalueindex(1));
	return 2;
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
ro_pairs(lua_State *L)
{
	size_t nnames = 0, k = 0;

	lua_getiuservalue(L, 1, 1);       /* 2: the hidden table */
	lua_newtable(L);                  /* 3: key -> next key */
	lua_Integer n = (lua_Integer)lua_rawlen(L, 2);
	for (lua_pushnil(L); lua_next(L, 2); lua_pop(L, 1))
		nnames += lua_type(L, -2) == LUA_TSTRING;
	/* the names, in the state's memory (an error cannot leak them) */
	const char **names = lua_newuserdatauv(L, (nnames + 1) *
	    sizeof(*names), 0);           /* 4 */
	for (lua_pushnil(L); lua_next(L, 2); lua_pop(L, 1))
		if (lua_type(L, -2) == LUA_TSTRING)
			names[k++] = lua_tostring(L, -2);
	qsort(names, nnames, sizeof(*names), key_cmp);
	lua_pushstring(L, "\x01first");   /* the chain starts here */
	for (lua_Integer i = 1; i <= n; i++) {
		lua_pushinteger(L, i);
		lua_pushvalue(L, -1);
		lua_insert(L, -3);
		lua_rawset(L, 3);
	}
	for (size_t i = 0; i < nnames; i++) {
		lua_pushstring(L, names[i]);
		lua_pushvalue(L, -1);
		lua_insert(L, -3);
		lua_rawset(L, 3);
	}
	lua_pop(L, 2);
	lua_pushcclosure(L, ro_iter, 2);
	lua_pushnil(L);
	lua_pushnil(L);
	return 3;
}

/* The table on top of the stack becomes a read-only view of it. */
static void
ro_wrap(lua_State *L)
{
	lua_newuserdatauv(L, 0, 1);
	lua_insert(L, -2);
	lua_setiuservalue(L, -2, 1);
	luaL_setmetatable(L, "vnetc.ro");
}

static void
set_str(lua_State *L, const char *k, const char *v)
{
	if (!v)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

/* ---- r: a userdata over the slot, whose fields are read when the hook
 * asks for them (a table per call with every field cost more than the
 * CAF convention itself on a large estate). */

struct rview {
	struct hook *h;
	struct slot *sl;
};

/* The slot of a subnet: it follows its VNet's, in order. */
static const struct slot *
subnet_slot(const struct hook *h, const struct subnet *sn)
{
	const struct vnet *vn = sn->vnet;

	return &h->ss->v[h->ss->vslot[vn - h->s->vnets] + 1 +
	    (size_t)(sn - vn->subnets)];
}

static int
push_str(lua_State *L, const char *v)
{
	if (v)
		lua_pushstring(L, v);
	else
		lua_pushnil(L);
	return 1;
}

/* What an endpoint, its connection or its zone group connects. */
static int
pe_field(lua_State *L, const struct hook *h, const struct slot *sl,
    const char *k)
{
	const struct pe *pe = sl->obj;
	const struct backend *b = pe->target;
	const struct slot *sn = pe->subnet ? subnet_slot(h, pe->subnet) : NULL;

	if (!strcmp(k, "target"))
		return push_str(L, h->ss->v[h->ss->bslot[b - h->s->backends]].
		    final);
	if (!strcmp(k, "target_key"))
		return push_str(L, b->key);
	if (!strcmp(k, "target_type"))
		return push_str(L, b->type);
	if (!strcmp(k, "target_kind"))
		return push_str(L, b->rt ? b->rt->kind : "backend");
	if (!strcmp(k, "group_id"))
		return push_str(L, pe->group);
	if (!strcmp(k, "endpoint")) {
		lua_pushinteger(L, (lua_Integer)(pe - b->pes) + 1);
		return 1;
	}
	if (!strcmp(k, "subnet"))
		return push_str(L, sn ? sn->final : NULL);
	if (!strcmp(k, "subnet_key"))
		return push_str(L, pe->subnet ? pe->subnet->key : NULL);
	if (!strcmp(k, "vnet"))
		return push_str(L, sn ? sn->parent->final : NULL);
	if (!strcmp(k, "vnet_key"))
		return push_str(L, pe->subnet ? pe->subnet->vnet->key : NULL);
	if (!strcmp(k, "zones") && sl->sk == SK_ZG) {
		lua_createtable(L, (int)pe->nzones, 0);
		for (size_t i = 0; i < pe->nzones; i++) {
			lua_pushstring(L, pe->zones[i]->name);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		ro_wrap(L);
		return 1;
	}
	lua_pushnil(L);
	return 1;
}

static int
push_prefixes(lua_State *L, const struct prefix *p, size_t n)
{
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		char buf[CIDR_STRLEN];
		if (p[i].ok)
			cidr_format(&p[i].c, buf);
		lua_pushstring(L, p[i].ok ? buf : p[i].text ? p[i].text : "");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	ro_wrap(L);
	return 1;
}

/* The fields of one kind (lua/README.md lists them). */
static int
kind_field(lua_State *L, const struct hook *h, const struct slot *sl,
    const char *k)
{
	switch (sl->sk) {
	case SK_VNET:
		if (!strcmp(k, "address_space")) {
			const struct vnet *vn = sl->obj;
			return push_prefixes(L, vn->space, vn->nspace);
		}
		break;
	case SK_SUBNET: {
		const struct subnet *sn = sl->obj;
		if (!strcmp(k, "vnet_key"))
			return push_str(L, sn->vnet->key);
		if (!strcmp(k, "delegation"))
			return push_str(L, sn->delegation);
		if (!strcmp(k, "address_prefixes"))
			return push_prefixes(L, sn->prefixes, sn->nprefixes);
		break;
	}
	case SK_BACKEND:
		if (!strcmp(k, "cognitive_kind"))
			return push_str(L,
			    ((struct backend *)sl->obj)->ex.kind);
		break;
	case SK_ZONE:
		if (!strcmp(k, "zone"))
			return push_str(L, ((struct zone *)sl->obj)->name);
		break;
	case SK_PEER: {
		/* vnet, vnet_key, remote_vnet, remote_vnet_key */
		const struct peering *pr = sl->obj;
		bool remote = !strncmp(k, "remote_", 7);
		const struct vnet *vn = remote ? pr->remote : pr->vnet;
		const char *f = remote ? k + 7 : k;
		if (!strcmp(f, "vnet_key"))
			return push_str(L, vn->key);
		if (!strcmp(f, "vnet"))
			return push_str(L, h->ss->v[h->ss->vslot[vn -
			    h->s->vnets]].final);
		break;
	}
	case SK_LINK: {
		const struct link *l = sl->obj;
		const char *z = l->zone->name;
		if (!strcmp(k, "zone"))
			return push_str(L, z);
		if (!strcmp(k, "label")) {
			if (!strncmp(z, "privatelink.", 12))
				z += 12;
			lua_pushlstring(L, z, strcspn(z, "."));
			return 1;
		}
		if (!strcmp(k, "vnet"))
			return push_str(L, h->ss->v[h->ss->vslot[l->vnet -
			    h->s->vnets]].final);
		if (!strcmp(k, "vnet_key"))
			return push_str(L, l->vnet->key);
		break;
	}
	case SK_PE:
	case SK_PEC:
	case SK_ZG:
		return pe_field(L, h, sl, k);
	case SK_FARM:
		if (!strcmp(k, "sku"))
			return push_str(L, ((struct farm *)sl->obj)->sku);
		break;
	case SK_APP: {
		const struct app *a = sl->obj;
		if (!strcmp(k, "plan"))
			return push_str(L, a->farm ? h->ss->v[h->ss->fslot[
			    a->farm - h->s->farms]].final : NULL);
		if (!strcmp(k, "plan_key"))
			return push_str(L, a->farm ? a->farm->key : NULL);
		break;
	}
	case SK_NSG: case SK_RT: case SK_NATGW: {
		/* the subnets it is on: "vnet/subnet" keys */
		const struct netres *r = sl->obj;
		if (!strcmp(k, "subnets")) {
			lua_createtable(L, (int)r->nsubnets, 0);
			for (size_t i = 0; i < r->nsubnets; i++) {
				lua_pushfstring(L, "%s/%s",
				    r->subnets[i]->vnet->key,
				    r->subnets[i]->key);
				lua_rawseti(L, -2, (lua_Integer)i + 1);
			}
			ro_wrap(L);
			return 1;
		}
		break;
	}
	case SK_RG: case SK_NSGRULE: case SK_ROUTE: case SK_PIP: case SK_UAI:
	case SK_SQLDB:
		break;
	}
	lua_pushnil(L);
	return 1;
}

/* r[k] */
static int
r_field(lua_State *L, const struct rview *rv, const char *k)
{
	const struct hook *h = rv->h;
	const struct slot *sl = rv->sl;
	const struct namerule *nr = restype_namerule(sl->res);

	if (!strcmp(k, "kind"))
		return push_str(L, sl->kind);
	if (!strcmp(k, "key"))
		return push_str(L, sl->key);
	if (!strcmp(k, "name")) /* final in tags(r) */
		return push_str(L, sl == h->cur && h->rname ? h->rname :
		    sl->orig);
	if (!strcmp(k, "location"))
		return push_str(L, sl->loc);
	if (!strcmp(k, "parent"))
		return push_str(L, sl->parent ? sl->parent->final : NULL);
	if (!strcmp(k, "vars")) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, h->vars_ref);
		return 1;
	}
	if (!strcmp(k, "index") || !strcmp(k, "count")) {
		lua_pushinteger(L, (lua_Integer)(k[0] == 'i' ? sl->index :
		    h->ss->count[sl->res]));
		return 1;
	}
	if (!strcmp(k, "type"))
		return push_str(L, sl->sk == SK_BACKEND ?
		    ((struct backend *)sl->obj)->type :
		    restype_get(sl->res)->type);
	if (!strcmp(k, "existing")) {
		lua_pushboolean(L, sl->existing);
		return 1;
	}
	if (nr && (!strcmp(k, "minlen") || !strcmp(k, "maxlen"))) {
		lua_pushinteger(L, k[1] == 'i' ? nr->minlen : nr->maxlen);
		return 1;
	}
	if (nr && (!strcmp(k, "global") || !strcmp(k, "lowercase"))) {
		lua_pushboolean(L, nr->flags & (k[0] == 'g' ? NR_GLOBAL :
		    NR_LOWER));
		return 1;
	}
	return kind_field(L, h, sl, k);
}

static int
r_index(lua_State *L)
{
	const struct rview *rv = lua_touserdata(L, 1);

	if (lua_type(L, 2) != LUA_TSTRING) {
		lua_pushnil(L);
		return 1;
	}
	return r_field(L, rv, lua_tostring(L, 2));
}

/* Every field name of r, sorted: pairs(r) walks them in this order. */
static const char *const r_fields[] = {
	"address_prefixes", "address_space", "cognitive_kind", "count",
	"delegation", "endpoint", "existing", "global", "group_id", "index",
	"key", "kind", "label", "location", "lowercase", "maxlen", "minlen",
	"name", "parent", "plan", "plan_key", "sku", "subnet", "subnet_key",
	"subnets", "target", "target_key", "target_kind", "target_type",
	"type", "vars", "vnet", "vnet_key", "zone", "zones",
};

/* pairs(r): the next field after the control key that is not nil. */
/* Argument idx as r, or a Lua error: only r's own metatable says so. */
static const struct rview *
r_check(lua_State *L, int idx)
{
	bool is_r = false;

	if (lua_type(L, idx) == LUA_TUSERDATA && lua_getmetatable(L, idx)) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, hook_of(L)->rmeta_ref);
		is_r = lua_rawequal(L, -1, -2);
		lua_pop(L, 2);
	}
	if (!is_r)
		luaL_argerror(L, idx, "r expected (the iterator of pairs(r) "
		    "takes r)");
	return lua_touserdata(L, idx);
}

static int
r_iter(lua_State *L)
{
	/* pairs(r) hands the hook this function: it may call it with
	 * anything (found by fuzz/lua_fuzz.c). */
	const struct rview *rv = r_check(L, 1);
	size_t i = 0;

	if (lua_type(L, 2) == LUA_TSTRING) {
		const char *k = lua_tostring(L, 2);
		while (i < NELEM(r_fields) && strcmp(r_fields[i], k) <= 0)
			i++;
	}
	for (; i < NELEM(r_fields); i++) {
		lua_settop(L, 2);
		lua_pushstring(L, r_fields[i]);
		r_field(L, rv, r_fields[i]);
		if (!lua_isnil(L, -1))
			return 2;
	}
	lua_pushnil(L);
	return 1;
}

static int
r_pairs(lua_State *L)
{
	lua_pushcfunction(L, r_iter);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* r for one resource: valid while the hook runs (a hook may keep it). */
static void
push_r(lua_State *L, struct hook *h, struct slot *sl)
{
	struct rview *rv = lua_newuserdatauv(L, sizeof(*rv), 0);

	rv->h = h;
	rv->sl = sl;
	lua_rawgeti(L, LUA_REGISTRYINDEX, h->rmeta_ref);
	lua_setmetatable(L, -2);
}

/* Only base (without dofile, loadfile, binary load, collectgarbage),
 * string (without dump), table, math (seeded once, deterministic) and
 * utf8: no io, os, package, debug (lua/README.md "The sandbox"; Lua's
 * linit.c advice). */
static int
sandbox_open(lua_State *L)
{
	static const luaL_Reg libs[] = {
		{LUA_GNAME, luaopen_base}, {LUA_STRLIBNAME, luaopen_string},
		{LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
		{LUA_UTF8LIBNAME, luaopen_utf8},
	};
	static const char *const gone[] = {"dofile", "loadfile",
		"collectgarbage", "require"};
	static const luaL_Reg ro[] = {
		{"__index", ro_index}, {"__newindex", ro_newindex},
		{"__len", ro_len}, {"__pairs", ro_pairs}, {NULL, NULL},
	};
	static const luaL_Reg rmeta[] = {
		{"__index", r_index}, {"__newindex", ro_newindex},
		{"__pairs", r_pairs}, {NULL, NULL},
	};

	for (size_t i = 0; i < NELEM(libs); i++) {
		luaL_requiref(L, libs[i].name, libs[i].func, 1);
		lua_pop(L, 1);
	}
	for (size_t i = 0; i < NELEM(gone); i++) {
		lua_pushnil(L);
		lua_setglobal(L, gone[i]);
	}
	lua_pushcfunction(L, hook_print);
	lua_setglobal(L, "print");
	lua_pushcfunction(L, hook_load);
	lua_setglobal(L, "load");
	lua_getglobal(L, "setmetatable");
	lua_pushcclosure(L, hook_setmetatable, 1);
	lua_setglobal(L, "setmetatable");
	lua_getglobal(L, "string");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	lua_pop(L, 1);
	/* math.random must give the same names on every run. */
	lua_getglobal(L, "math");
	lua_getfield(L, -1, "randomseed");
	lua_pushinteger(L, 0x766e6574);
	lua_call(L, 1, 0);
	lua_pushnil(L);
	lua_setfield(L, -2, "randomseed");
	lua_pop(L, 1);
	luaL_newmetatable(L, "vnetc.ro");
	luaL_setfuncs(L, ro, 0);
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
	luaL_newmetatable(L, "vnetc.r");
	luaL_setfuncs(L, rmeta, 0);
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
	hook_of(L)->rmeta_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	/* r.vars: naming_vars, the same view for every call */
	struct hook *h = hook_of(L);
	lua_createtable(L, 0, (int)h->s->naming_vars.n);
	for (size_t i = 0; i < h->s->naming_vars.n; i++)
		set_str(L, h->s->naming_vars.items[i].key,
		    h->s->naming_vars.items[i].value);
	ro_wrap(L);
	h->vars_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

/* ------------------------------------------- the CPU-time watchdog */

/* A call stuck inside a C function (string.find with a pattern that
 * backtracks) runs no VM instructions, so hook_count never fires. A
 * CPU-time timer checks every HOOK_TICK_MS that the hook made progress (a
 * new call, or hook_count's thousand instructions); after HOOK_STUCK_MS
 * without any it jumps back to hook_run, which
 * reports VN402 through diag.c like any other failure. The Lua state is
 * then never touched again, not even by lua_close (it was stopped
 * anywhere): its memory is freed block by block (hook_alloc). The jump
 * waits while the hook is inside malloc or stdio (wd_unsafe), whose
 * locks and heap must stay sound for the rest of the run; hook_alloc
 * takes it when it leaves malloc. Every tick of a call also counts in
 * wd_used, its CPU budget (hook_count). */
static volatile sig_atomic_t wd_seen, wd_ticks, wd_active;
static volatile sig_atomic_t wd_pending;
static sigjmp_buf wd_jmp;

static void
wd_alarm(int sig)
{
	(void)sig;
	if (!wd_active)
		return;
	wd_used++;
	if (wd_progress != wd_seen) {
		wd_seen = wd_progress;
		wd_ticks = 0;
		return;
	}
	if (++wd_ticks * HOOK_TICK_MS < HOOK_STUCK_MS)
		return;
	if (wd_unsafe) {
		wd_pending = 1;
		return;
	}
	wd_active = 0;
	siglongjmp(wd_jmp, 1);
}

/* Leaving malloc or stdio: the jump the watchdog put off. */
static void
wd_safe(void)
{
	wd_unsafe = 0;
	if (wd_pending && wd_active) {
		wd_pending = 0;
		wd_active = 0;
		siglongjmp(wd_jmp, 1);
	}
}

/* A call is about to start: progress for the watchdog. */
static void
wd_prepare(void)
{
	wd_progress++;
	wd_pending = 0;
	wd_used = 0;
}

/* Not SIGALRM, which libFuzzer's -timeout (fuzz/lua_fuzz.c) and
 * libcurl's name lookups use: theirs would count as the watchdog's ticks,
 * and theirs would go unseen while a hook runs. */
#define WD_SIGNAL SIGVTALRM

struct watchdog {
	timer_t t;
	bool on;
	struct sigaction old;
};

static void
wd_start(struct watchdog *wd)
{
	/* SA_NODEFER: the jump out of the handler leaves WD_SIGNAL unblocked
	 * (sigsetjmp does not save the mask: a system call per call). */
	struct sigaction sa = {.sa_handler = wd_alarm,
	    .sa_flags = SA_RESTART | SA_NODEFER};
	struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL,
	    .sigev_signo = WD_SIGNAL};
	struct itimerspec it = {
		.it_interval = {0, HOOK_TICK_MS * 1000000L},
		.it_value = {0, HOOK_TICK_MS * 1000000L},
	};

	sigemptyset(&sa.sa_mask);
	if (sigaction(WD_SIGNAL, &sa, &wd->old) < 0)
		return;
	if (timer_create(CLOCK_PROCESS_CPUTIME_ID, &ev, &wd->t) < 0) {
		sigaction(WD_SIGNAL, &wd->old, NULL);
		return;
	}
	timer_settime(wd->t, 0, &it, NULL);
	wd->on = true;
}

static void
wd_stop(struct watchdog *wd)
{
	if (!wd->on)
		return;
	timer_delete(wd->t);
	sigaction(WD_SIGNAL, &wd->old, NULL);
	wd->on = false;
}

/* ------------------------------------------------------ calling it */

/* Runs f (a C function taking the hook) protected, with the budget reset
 * and the watchdog on. Returns the lua_pcall status. */
static int
hook_run(struct hook *h, lua_CFunction f, struct slot *sl)
{
	lua_State *L = h->L;

	h->steps = 0;
	h->mem_refused = false;
	h->line_seen = 0;
	h->cur = sl;
	wd_prepare();
	lua_pushcfunction(L, hook_msgh);
	lua_pushcfunction(L, f);
	lua_pushlightuserdata(L, h);
	if (sigsetjmp(wd_jmp, 0))
		return HOOK_STUCK;
	wd_active = 1;
	int st = lua_pcall(L, 1, 2, -3);
	wd_active = 0;
	return st;
}

/* The chunk's message without its "file:line: " (the note says where). */
static const char *
hook_message(struct hook *h)
{
	const char *m = lua_tostring(h->L, -1);
	size_t sl = strlen(h->err_src);

	if (!m)
		return "(no message)";
	if (h->err_line && sl && strncmp(m, h->err_src, sl) == 0 &&
	    m[sl] == ':') {
		const char *p = m + sl + 1;
		int line = 0;
		while (*p >= '0' && *p <= '9' && line < 10000000)
			line = line * 10 + (*p++ - '0');
		/* error(msg, 2) names the caller's line: the note follows */
		if (p[0] == ':' && p[1] == ' ') {
			h->err_line = line ? line : h->err_line;
			return p + 2;
		}
	}
	return m;
}

/* Report a failed call (VN401-VN403) and say where in the hook. */
static void
hook_failed(struct hook *h, int st, struct pos pos, const char *doing)
{
	if (st == HOOK_STUCK) {
		/* The state was stopped anywhere: never used again, not
		 * even by lua_close; its memory goes block by block. */
		blocks_free(h);
		h->L = NULL;
		diag_report(pos, VN402, "naming hook '%s' spent %d ms of CPU in "
		    "a library call %s without returning to Lua, out of its "
		    "instruction budget's reach (a string pattern that "
		    "backtracks?)", h->file, HOOK_STUCK_MS, doing);
	} else if (h->over) {
		if (h->over_cpu)
			diag_report(pos, VN402, "naming hook '%s' ran over its "
			    "budget of %d ms of CPU %s (a loop of costly "
			    "library calls?)", h->file, HOOK_CPU_MS, doing);
		else
			diag_report(pos, VN402, "naming hook '%s' ran over its "
			    "budget of %d Lua instructions %s (an endless "
			    "loop?)", h->file, HOOK_STEPS, doing);
		if (h->line_seen)
			diag_note((struct pos){h->file, h->line_seen, 0},
			    "running here when it was stopped");
	} else if (st == LUA_ERRMEM || h->mem_refused) {
		diag_report(pos, VN403, "naming hook '%s' needed more than %d "
		    "MiB of memory %s", h->file, HOOK_MEMORY >> 20, doing);
		if (h->line_seen)
			diag_note((struct pos){h->file, h->line_seen, 0},
			    "last seen running here");
		else if (h->cur && h->name_line)
			diag_note((struct pos){h->file, h->name_line, 0},
			    "in name() or what it calls");
	} else {
		const char *msg = hook_message(h);
		diag_report(pos, VN401, "naming hook '%s' failed %s: %s",
		    h->file, doing, msg);
		if (h->err_line)
			diag_note((struct pos){h->file, h->err_line, 0},
			    "the error is here");
	}
}

/* tags()'s table on top: copied into h->rtags, or h->tfault says why
 * not. Raw access only: the hook's metamethods do not run here, and
 * nothing here allocates in the Lua state, so it runs unprotected. */
static void
take_tags(lua_State *L, struct hook *h)
{
	struct spec *s = h->s;
	int t = lua_gettop(L);

	lua_pushnil(L);
	while (lua_next(L, t)) {
		if (lua_type(L, -2) != LUA_TSTRING) {
			h->tfault = arena_printf(&s->arena, "a %s key",
			    luaL_typename(L, -2));
			lua_pop(L, 2);
			return;
		}
		if (lua_type(L, -1) != LUA_TSTRING) {
			h->tfault = arena_printf(&s->arena, "a %s for tag "
			    "'%s'", luaL_typename(L, -1), lua_tostring(L, -2));
			lua_pop(L, 2);
			return;
		}
		size_t kl, vl;
		const char *k = lua_tolstring(L, -2, &kl);
		const char *v = lua_tolstring(L, -1, &vl);
		if (strlen(k) != kl || strlen(v) != vl) {
			bool inkey = strlen(k) != kl;
			h->tfault = arena_printf(&s->arena, "a NUL character "
			    "at byte %zu of the %s of tag '%s'", inkey ?
			    strlen(k) : strlen(v), inkey ? "name" : "value", k);
			lua_pop(L, 2);
			return;
		}
		struct kvlist *r = &h->rtags;
		r->items = arena_grow(&s->arena, r->items, &r->n,
		    sizeof(*r->items));
		r->items[r->n - 1] = (struct kv){arena_strdup(&s->arena, k),
		    arena_strdup(&s->arena, v)};
		lua_pop(L, 1);
		if (r->n > TAG_MAX) { /* enough to report VN408 */
			lua_pop(L, 1);
			return;
		}
	}
}

/* Protected: r, then name(r), then tags(r) with r.name the final name.
 * Returns what they returned (nil for a function not called); hook_apply
 * copies them out once the call is over, so that no malloc of vnetc's
 * runs while the watchdog may stop the call. */
static int
hook_call(lua_State *L)
{
	struct hook *h = lua_touserdata(L, 1);
	struct slot *sl = h->cur;

	h->rtype = LUA_TNIL;
	h->rname = NULL;
	h->ttype = LUA_TNONE;
	push_r(L, h, sl);              /* 2: r */
	if (h->has_name) {
		lua_getglobal(L, "name");
		lua_pushvalue(L, 2);
		lua_call(L, 1, 1);     /* 3: the name */
		h->rtype = lua_type(L, -1);
		/* tags() sees it as r.name (r_field): the string stays on
		 * the stack meanwhile */
		if (h->rtype == LUA_TSTRING)
			h->rname = lua_tolstring(L, -1, &h->rlen);
	} else {
		lua_pushnil(L);
	}
	if (h->has_tags && sl->tags) {
		lua_getglobal(L, "tags");
		lua_pushvalue(L, 2);
		lua_call(L, 1, 1);     /* 4: the tags */
		h->ttype = lua_type(L, -1);
	} else {
		lua_pushnil(L);
	}
	return 2;
}

/* Protected: run the chunk, then find name() and tags(). */
static int
hook_main(lua_State *L)
{
	struct hook *h = lua_touserdata(L, 1);
	lua_Debug ar;

	lua_pushvalue(L, lua_upvalueindex(1));
	lua_call(L, 0, 0);
	lua_getglobal(L, "name");
	h->has_name = lua_type(L, -1);
	if (h->has_name == LUA_TFUNCTION) {
		lua_getinfo(L, ">S", &ar);
		h->name_line = ar.linedefined;
	} else {
		lua_pop(L, 1);
	}
	lua_getglobal(L, "tags");
	h->has_tags = lua_type(L, -1);
	if (h->has_tags == LUA_TFUNCTION) {
		lua_getinfo(L, ">S", &ar);
		h->tags_line = ar.linedefined;
	} else {
		lua_pop(L, 1);
	}
	return 0;
}

/* Runs the chunk on top of the stack with hook_main, protected. */
static int
hook_main_run(struct hook *h)
{
	lua_State *L = h->L;
	int chunk = lua_gettop(L);

	h->steps = 0;
	h->mem_refused = false;
	h->line_seen = 0;
	h->cur = NULL;
	wd_prepare();
	lua_pushcfunction(L, hook_msgh);
	lua_pushvalue(L, chunk);
	lua_pushcclosure(L, hook_main, 1);
	lua_pushlightuserdata(L, h);
	if (sigsetjmp(wd_jmp, 0))
		return HOOK_STUCK;
	wd_active = 1;
	int st = lua_pcall(L, 1, 0, -3);
	wd_active = 0;
	return st;
}

/* ------------------------------------------------------- the hook file */

/* "specs/../lua/caf.lua" -> "lua/caf.lua", and a path inside the working
 * directory relative to it, so that diagnostics stay short. Textual:
 * only for what is shown; the file is opened by its own path. */
static const char *
display_path(struct spec *s, const char *path)
{
	char cwd[PATH_MAX];
	size_t cl = 0;
	struct buf b = {0};
	const char **seg = NULL;
	size_t nseg = 0, up = 0;

	if (path[0] == '/' && getcwd(cwd, sizeof(cwd)) &&
	    (cl = strlen(cwd)) > 1 && strncmp(path, cwd, cl) == 0 &&
	    path[cl] == '/')
		path += cl + 1;
	char *copy = arena_strdup(&s->arena, path);
	for (char *t = strtok(copy, "/"); t; t = strtok(NULL, "/")) {
		if (strcmp(t, ".") == 0)
			continue;
		if (strcmp(t, "..") == 0 && nseg > up) {
			nseg--;
			continue;
		}
		seg = arena_grow(&s->arena, seg, &nseg, sizeof(*seg));
		seg[nseg - 1] = t;
		if (strcmp(t, "..") == 0)
			up = nseg;
	}
	if (path[0] == '/')
		buf_putc(&b, '/');
	for (size_t i = 0; i < nseg; i++)
		buf_printf(&b, "%s%s", i ? "/" : "", seg[i]);
	const char *r = arena_strdup(&s->arena, b.len ? buf_str(&b) : path);
	buf_free(&b);
	return r;
}

/* naming: is relative to the spec's directory; a bare name not found
 * there is looked up in vnetc's lua/ directory (data_path: beside the
 * executable, or share/vnetc/lua when installed). NULL if neither. */
static char *
find_hook(const struct spec *s)
{
	const char *slash = strrchr(s->file, '/');
	struct buf b = {0};

	if (s->naming[0] == '/')
		buf_puts(&b, s->naming);
	else
		buf_printf(&b, "%.*s%s", slash ? (int)(slash - s->file + 1) : 0,
		    s->file, s->naming);
	if (access(b.s, R_OK) == 0 || strchr(s->naming, '/'))
		return b.s;
	buf_free(&b);
	struct buf rel = {0};
	buf_printf(&rel, "lua/%s", s->naming);
	char *p = data_path(rel.s);
	buf_free(&rel);
	return p;
}

/* Load and start the hook; false (reported) if it cannot be used. */
static bool
hook_open(struct hook *h)
{
	struct spec *s = h->s;
	char *path, *text = NULL;
	size_t len = s->naming_len;

	if (s->naming_text) { /* fuzz/lua_fuzz.c: the hook in memory */
		path = xstrdup(s->naming);
		text = memcpy(xmalloc(len + 1), s->naming_text, len);
		text[len] = '\0';
	} else {
		path = find_hook(s);
		text = path ? file_read(path, &len) : NULL;
	}

	if (!text) {
		diag_report(s->naming_pos, VN401, "naming hook '%s': %s",
		    s->naming, path ? strerror(errno) : "not found beside the "
		    "spec nor in vnetc's lua/ directory");
		free(path);
		return false;
	}
	h->file = display_path(s, path);
	free(path);
	h->blocks.prev = h->blocks.next = &h->blocks;
	h->L = lua_newstate(hook_alloc, h);
	if (!h->L) {
		free(text);
		die("naming: cannot create a Lua state");
	}
	*(struct hook **)lua_getextraspace(h->L) = h;
	lua_sethook(h->L, hook_count, LUA_MASKCOUNT, HOOK_GRAIN);
	lua_pushcfunction(h->L, sandbox_open);
	if (lua_pcall(h->L, 0, 0, 0) != LUA_OK)
		die("naming: cannot open the Lua libraries");
	/* Text only: the manual warns that crafted bytecode can crash the
	 * interpreter. "@file" makes Lua's messages read file:line. */
	const char *chunk = arena_printf(&s->arena, "@%s", h->file);
	int st = luaL_loadbufferx(h->L, text, len, chunk, "t");
	free(text);
	if (st != LUA_OK) {
		/* "file:12: unexpected symbol near 'x'": the first ":N: " */
		const char *m = lua_tostring(h->L, -1);
		for (const char *p = m ? strchr(m, ':') : NULL; p;
		    p = strchr(p + 1, ':')) {
			size_t d = strspn(p + 1, "0123456789");
			if (d && p[1 + d] == ':' && p[2 + d] == ' ') {
				h->err_line = atoi(p + 1);
				snprintf(h->err_src, sizeof(h->err_src), "%.*s",
				    (int)(p - m), m);
				break;
			}
		}
		hook_failed(h, st, s->naming_pos, "to load");
		return false;
	}
	st = hook_main_run(h);
	if (st != LUA_OK) {
		hook_failed(h, st, s->naming_pos, "while loading");
		return false;
	}
	lua_settop(h->L, 0);
	if (h->mem_refused) {
		hook_failed(h, LUA_ERRMEM, s->naming_pos, "while loading");
		return false;
	}
	if ((h->has_name != LUA_TFUNCTION && h->has_name != LUA_TNIL) ||
	    (h->has_tags != LUA_TFUNCTION && h->has_tags != LUA_TNIL) ||
	    (h->has_name == LUA_TNIL && h->has_tags == LUA_TNIL)) {
		diag_report(s->naming_pos, VN401, "naming hook '%s' must define "
		    "a function name(r) (and may define tags(r)); it defines "
		    "name as %s and tags as %s", h->file,
		    lua_typename(h->L, h->has_name),
		    lua_typename(h->L, h->has_tags));
		return false;
	}
	h->has_name = h->has_name == LUA_TFUNCTION;
	h->has_tags = h->has_tags == LUA_TFUNCTION;
	return true;
}

/* ------------------------------------------------------------ the slots */

static struct slot *
add_slot(struct spec *s, struct slots *ss, enum slot_kind sk, enum res res,
    const char *key, const char *label, struct tmpl *name, struct pos pos,
    void *obj)
{
	if (ss->n == ss->cap) {
		ss->cap = ss->cap ? 2 * ss->cap : 256;
		ss->v = xrealloc(ss->v, ss->cap * sizeof(*ss->v));
	}
	struct slot *sl = &ss->v[ss->n++];
	*sl = (struct slot){.sk = sk, .res = res, .key = key, .label = label,
	    .name = name, .orig_t = *name, .pos = pos, .obj = obj};
	sl->kind = res < NRES ? restype_get(res)->kind : "backend";
	sl->index = ++ss->count[res];
	sl->orig = tmpl_eval(s, name);
	sl->final = sl->orig;
	return sl;
}

/* The resource group's name as the script uses it: ${groupName}, which
 * -p can set, defaults to resource_group. */
static const char *
rg_name(struct spec *s)
{
	struct tmpl g = {.segs = &(struct seg){.param = spec_param(s,
	    "groupName")}, .nsegs = 1};

	return tmpl_eval(s, &g);
}

/* An NSG, route table or NAT gateway (existing ones are found by their
 * name: a hook that renames one is VN407; one given by id has no name to
 * give, nohook), then its rules or routes, which the hook does not name
 * (nohook), or its public IPs, which it does. */
static struct slot *
netres_slot(struct spec *s, struct slots *ss, enum slot_kind sk,
    enum res res, struct netres *r)
{
	struct slot *sl = add_slot(s, ss, sk, res, r->key, NULL, &r->name,
	    r->pos, r);

	sl->existing = r->existing;
	sl->nohook = r->id.nsegs > 0;
	sl->tags = r->existing ? NULL : &r->tags;
	sl->loc = tmpl_eval(s, &r->location);
	return sl;
}

static void
collect_netsec(struct spec *s, struct slots *ss)
{
	struct slot *sl;

	for (size_t i = 0; i < s->nnsgs; i++) {
		struct nsg *g = s->nsgs[i];
		size_t at = ss->n;
		netres_slot(s, ss, SK_NSG, RES_NSG, &g->r);
		for (size_t j = 0; j < g->nrules; j++) {
			sl = add_slot(s, ss, SK_NSGRULE, RES_NSGRULE, g->r.key,
			    NULL, &g->rules[j].name, g->rules[j].pos,
			    &g->rules[j]);
			sl->nohook = true;
			sl->pidx = at + 1;
			sl->loc = ss->v[at].loc;
		}
	}
	for (size_t i = 0; i < s->nrtables; i++) {
		struct rtable *t = s->rtables[i];
		size_t at = ss->n;
		netres_slot(s, ss, SK_RT, RES_RT, &t->r);
		for (size_t j = 0; j < t->nroutes; j++) {
			sl = add_slot(s, ss, SK_ROUTE, RES_ROUTE, t->r.key,
			    NULL, &t->routes[j].name, t->routes[j].pos,
			    &t->routes[j]);
			sl->nohook = true;
			sl->pidx = at + 1;
			sl->loc = ss->v[at].loc;
		}
	}
	for (size_t i = 0; i < s->nnatgws; i++) {
		struct natgw *g = s->natgws[i];
		size_t at = ss->n;
		netres_slot(s, ss, SK_NATGW, RES_NATGW, &g->r);
		for (size_t j = 0; j < g->npips; j++) {
			struct pip *p = &g->pips[j];
			if (p->existing)
				continue; /* by id: no name of vnetc's */
			sl = add_slot(s, ss, SK_PIP, RES_PIP, p->derived ?
			    g->r.key : tmpl_eval(s, &p->name), NULL, &p->name,
			    p->pos, p);
			sl->tags = &p->tags;
			sl->pidx = at + 1;
			sl->loc = ss->v[at].loc;
		}
	}
}

/* Every name vnetc manages, in the order the hook sees them: the
 * resource group; each VNet and its subnets; the peerings; the back
 * ends; the private DNS zones and their links; each endpoint, its
 * connection and its zone group; plans; apps. Parents come before
 * children, and back ends before the endpoints that reach them, so
 * r.parent and r.target are final. Parents are indices until the array
 * stops moving. */
static void
collect(struct spec *s, struct slots *ss)
{
	struct arena **a = &s->arena;
	size_t *zslot = arena_alloc(a, (s->nzones + 1) * sizeof(size_t));
	const char *loc = tmpl_eval(s, &s->location);
	struct slot *sl;

	ss->vslot = arena_alloc(a, (s->nvnets + 1) * sizeof(size_t));
	ss->bslot = arena_alloc(a, (s->nbackends + 1) * sizeof(size_t));
	ss->fslot = arena_alloc(a, (s->nfarms + 1) * sizeof(size_t));
	sl = add_slot(s, ss, SK_RG, RES_RG, "resource_group",
	    "the resource group", &s->rg, s->rg.pos, NULL);
	sl->orig = sl->final = rg_name(s);
	/* It holds the back ends, plans and apps, which exist: renamed, it
	 * is where vnetc would look for them (VN407). */
	sl->existing = s->nbackends + s->nfarms + s->napps > 0;
	sl->tags = &s->rg_tags;
	sl->loc = loc;
	for (size_t i = 0; i < s->nvnets; i++) {
		struct vnet *vn = &s->vnets[i];
		size_t vi = ss->vslot[i] = ss->n;
		sl = add_slot(s, ss, SK_VNET, RES_VNET, vn->key,
		    NULL, &vn->name, vn->pos,
		    vn);
		sl->tags = &vn->tags;
		sl->scope = vn->scope;
		/* a platform's VNet, referred to by id: renamed, it is where
		 * vnetc would look for it (VN407) */
		sl->existing = vn->existing;
		sl->loc = tmpl_eval(s, &vn->location);
		for (size_t j = 0; j < vn->nsubnets; j++) {
			struct subnet *sn = &vn->subnets[j];
			sl = add_slot(s, ss, SK_SUBNET, RES_SUBNET, sn->key,
			    NULL, &sn->name, sn->pos, sn);
			sl->pidx = vi + 1;
			sl->loc = ss->v[vi].loc;
		}
	}
	/* After every VNet: a peering's r.remote_vnet is final too. */
	for (size_t i = 0; i < s->npeerings; i++) {
		struct peering *pr = &s->peerings[i];
		size_t vi = ss->vslot[pr->vnet - s->vnets];
		sl = add_slot(s, ss, SK_PEER, RES_PEER, tmpl_eval(s, &pr->name),
		    NULL, &pr->name, pr->pos, pr);
		sl->pidx = vi + 1;
		sl->loc = ss->v[vi].loc;
	}
	collect_netsec(s, ss);
	for (size_t i = 0; i < s->nbackends; i++) {
		struct backend *b = &s->backends[i];
		if (b->self_app)
			continue; /* the app's own endpoints: the app's slot */
		ss->bslot[i] = ss->n;
		sl = add_slot(s, ss, SK_BACKEND, b->rt ? b->rt->res : NRES,
		    b->key, NULL, &b->name,
		    b->pos, b);
		sl->existing = b->ex.is;
		if (b->cr.is)
			sl->tags = &b->tags;
		sl->scope = b->scope;
		sl->loc = loc;
		/* its databases: the spec names them, Azure's rules hold */
		for (size_t j = 0; j < b->cr.ndbs; j++) {
			sl = add_slot(s, ss, SK_SQLDB, RES_SQLDB, b->key, NULL,
			    &b->cr.dbs[j].name, b->cr.dbs[j].pos, &b->cr.dbs[j]);
			sl->nohook = true;
			sl->pidx = ss->bslot[i] + 1;
			sl->loc = loc;
		}
	}
	for (size_t i = 0; i < s->nzones; i++) {
		struct zone *z = &s->zones[i];
		zslot[i] = ss->n;
		sl = add_slot(s, ss, SK_ZONE, RES_PDNSZ, z->name,
		    NULL,
		    &z->rname, z->pos, z);
		sl->tags = &z->tags;
		sl->loc = "global";
	}
	for (size_t i = 0; i < s->nlinks; i++) {
		struct link *l = &s->links[i];
		sl = add_slot(s, ss, SK_LINK, RES_LINK, tmpl_eval(s, &l->name),
		    NULL, &l->name, l->pos, l);
		sl->tags = &l->tags;
		sl->pidx = zslot[l->zone - s->zones] + 1;
		sl->loc = "global";
	}
	for (size_t i = 0; i < s->nbackends; i++) {
		struct backend *b = &s->backends[i];
		for (size_t j = 0; j < b->npes; j++) {
			struct pe *pe = &b->pes[j];
			const char *pl = pe->subnet ? ss->v[ss->vslot[
			    pe->subnet->vnet - s->vnets]].loc : loc;
			size_t pep = ss->n;
			sl = add_slot(s, ss, SK_PE, RES_PE, b->key,
			    NULL,
			    &pe->name, pe->pos, pe);
			sl->tags = &pe->tags;
			sl->scope = pe->subnet ? pe->subnet->vnet->scope :
			    NULL;
			sl->loc = pl;
			sl = add_slot(s, ss, SK_PEC, RES_PLSC, b->key,
			    NULL, &pe->conn_name, pe->pos, pe);
			sl->pidx = pep + 1;
			sl->loc = pl;
			if (!pe->nzones)
				continue; /* no zone group (plan.c) */
			sl = add_slot(s, ss, SK_ZG, RES_ZG, b->key,
			    NULL,
			    &pe->zg_name, pe->pos, pe);
			sl->pidx = pep + 1;
			sl->loc = pl;
		}
	}
	for (size_t i = 0; i < s->nidentities; i++) {
		struct identity *id = &s->identities[i];
		sl = add_slot(s, ss, SK_UAI, RES_UAI, id->key, NULL, &id->name,
		    id->pos, id);
		sl->existing = !id->cr.is;
		if (id->cr.is)
			sl->tags = &id->tags;
		sl->scope = id->scope;
		sl->loc = loc;
	}
	for (size_t i = 0; i < s->nfarms; i++) {
		struct farm *f = &s->farms[i];
		ss->fslot[i] = ss->n;
		sl = add_slot(s, ss, SK_FARM, RES_ASP, f->key,
		    NULL, &f->name, f->pos, f);
		sl->existing = f->ex.is;
		if (f->cr.is)
			sl->tags = &f->tags;
		sl->scope = f->scope;
		sl->loc = tmpl_eval(s, &f->location);
	}
	size_t aslot = ss->n;
	for (size_t i = 0; i < s->nbackends; i++)
		if (s->backends[i].self_app)
			ss->bslot[i] = aslot + s->backends[i].self_app - 1;
	for (size_t i = 0; i < s->napps; i++) {
		struct app *ap = &s->apps[i];
		sl = add_slot(s, ss, SK_APP, RES_APP, ap->key,
		    NULL, &ap->name, ap->pos,
		    ap);
		sl->existing = ap->ex.is;
		if (ap->cr.is)
			sl->tags = &ap->tags;
		sl->scope = ap->scope;
		sl->loc = loc;
	}
	for (size_t i = 0; i < ss->n; i++)
		if (ss->v[i].pidx)
			ss->v[i].parent = &ss->v[ss->v[i].pidx - 1];
}

/* -------------------------------------------------- running the hook */

/* "vnet 'hub'", "private endpoint of 'vault' (2)": formatted when a
 * message needs it, not for each of an estate's names. */
static const char *
label_of(struct spec *s, struct slot *sl)
{
	struct arena **a = &s->arena;
	const char *of = NULL;

	if (sl->label)
		return sl->label;
	if (sl->sk == SK_PE || sl->sk == SK_PEC || sl->sk == SK_ZG) {
		const struct pe *pe = sl->obj;
		const struct backend *b = pe->target;
		of = b->npes > 1 ? arena_printf(a, "'%s' (%zu)", b->key,
		    (size_t)(pe - b->pes) + 1) : arena_printf(a, "'%s'",
		    b->key);
	}
	switch (sl->sk) {
	case SK_RG:
		sl->label = "the resource group";
		break;
	case SK_VNET:
		sl->label = arena_printf(a, "vnet '%s'", sl->key);
		break;
	case SK_SUBNET:
		sl->label = arena_printf(a, "subnet '%s/%s'",
		    ((struct subnet *)sl->obj)->vnet->key, sl->key);
		break;
	case SK_BACKEND:
		sl->label = arena_printf(a, "back end '%s'", sl->key);
		break;
	case SK_ZONE:
		sl->label = arena_printf(a, "private DNS zone '%s'", sl->key);
		break;
	case SK_PEER: {
		const struct peering *pr = sl->obj;
		sl->label = arena_printf(a, "peering of vnet '%s' to vnet "
		    "'%s'", pr->vnet->key, pr->remote->key);
		break;
	}
	case SK_LINK: {
		const struct link *l = sl->obj;
		sl->label = arena_printf(a, "link of %s to vnet '%s'",
		    l->zone->name, l->vnet->key);
		break;
	}
	case SK_PE:
		sl->label = arena_printf(a, "private endpoint of %s", of);
		break;
	case SK_PEC:
		sl->label = arena_printf(a, "connection of the private "
		    "endpoint of %s", of);
		break;
	case SK_ZG:
		sl->label = arena_printf(a, "DNS zone group of %s", of);
		break;
	case SK_FARM:
		sl->label = arena_printf(a, "plan '%s'", sl->key);
		break;
	case SK_APP:
		sl->label = arena_printf(a, "app '%s'", sl->key);
		break;
	case SK_UAI:
		sl->label = arena_printf(a, "identity '%s'", sl->key);
		break;
	case SK_NSG:
		sl->label = arena_printf(a, "nsg '%s'", sl->key);
		break;
	case SK_RT:
		sl->label = arena_printf(a, "route table '%s'", sl->key);
		break;
	case SK_NATGW:
		sl->label = arena_printf(a, "NAT gateway '%s'", sl->key);
		break;
	case SK_NSGRULE:
		sl->label = arena_printf(a, "a rule of nsg '%s'", sl->key);
		break;
	case SK_ROUTE:
		sl->label = arena_printf(a, "a route of route table '%s'",
		    sl->key);
		break;
	case SK_SQLDB:
		sl->label = arena_printf(a, "database '%s' of back end '%s'",
		    ((struct sqldb *)sl->obj)->key, sl->key);
		break;
	case SK_PIP:
		sl->label = arena_printf(a, "public IP '%s' of NAT gateway '%s'",
		    sl->orig, ((struct pip *)sl->obj)->nat->r.key);
		break;
	}
	return sl->label;
}

/* Whether a message may print the code point cp as it is: not when it is
 * invisible or changes how the text around it is shown (spaces other than
 * ' ', separators, bidi and other format characters, controls, the
 * default-ignorable letters and marks that unicode_tab.c names). */
static bool
printable(uint32_t cp)
{
	switch (uni_class(cp)) {
	case UC_LETTER: case UC_DIGIT: case UC_MARK: case UC_ENCLOSING_MARK:
	case UC_NUMBER: case UC_PUNCT: case UC_SYMBOL:
		return cp < 0x80 || !uni_name(cp);
	case UC_SPACE:
		return cp == ' ';
	case UC_CONTROL:
		return cp < 0x80; /* diag.c escapes the ASCII ones */
	case UC_UNASSIGNED: case UC_LINE_SEP: case UC_PARA_SEP: case UC_FORMAT:
	case UC_PRIVATE: case UC_SURROGATE:
		break;
	}
	return false;
}

/* A name as messages show it: the code points printable() refuses, and
 * the non-ASCII ones between bytes from and to (the one a message is
 * about), as <U+202E>, bytes that are not UTF-8 as \xff (as diag.c shows
 * them in other messages); a megabyte name is cut after 60 bytes, at a
 * character boundary, with its length. */
static const char *
shown_marked(struct spec *s, const char *name, size_t from, size_t to)
{
	const unsigned char *u = (const unsigned char *)name;
	size_t n = strlen(name), cut = n <= 100 ? n : 60;
	struct buf b = {0};

	while (cut > 0 && cut < n && (u[cut] & 0xc0) == 0x80)
		cut--;
	for (size_t i = 0, l; i < cut; i += l) {
		uint32_t cp;
		if ((l = uni_utf8(u + i, &cp)) == 0) {
			buf_printf(&b, "\\x%02x", u[i]);
			l = 1;
		} else if (printable(cp) && (l == 1 || i < from || i >= to))
			buf_putn(&b, name + i, l);
		else
			buf_printf(&b, "<U+%04lX>", (unsigned long)cp);
	}
	if (cut < n)
		buf_printf(&b, "... (%zu bytes in all)", n);
	const char *r = arena_strdup(&s->arena, buf_str(&b));
	buf_free(&b);
	return r;
}

static const char *
shown(struct spec *s, const char *name)
{
	return shown_marked(s, name, 0, 0);
}

/* "U+202E (a right-to-left override, a format character)"; printable
 * ASCII as itself, quoted. */
static const char *
code_point(struct spec *s, uint32_t cp)
{
	enum uni_class k = uni_class(cp);
	const char *name = uni_name(cp), *kind = uni_class_name(k);

	if (cp > ' ' && cp < 0x7f)
		return arena_printf(&s->arena, "'%c'", (char)cp);
	if (k == UC_UNASSIGNED)
		kind = arena_printf(&s->arena, "%s %s", kind, uni_version);
	if (name && strcmp(name, kind) != 0)
		return arena_printf(&s->arena, "U+%04lX (%s, %s)",
		    (unsigned long)cp, name, kind);
	return arena_printf(&s->arena, "U+%04lX (%s)", (unsigned long)cp,
	    kind);
}

/* Subnets whose name says what they are for: the names of check.c's
 * specials[] (docs/azure-notes.md 1.3; keep in step). check.c checked each
 * subnet under its spec name, so a hook may neither give one of these
 * names nor take one away. */
static const char *const special_subnets[] = {
	"GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet",
	"AzureBastionSubnet", "RouteServerSubnet",
};

static const char *
special_subnet(const char *name)
{
	for (size_t i = 0; i < NELEM(special_subnets); i++)
		if (streqi(special_subnets[i], name))
			return special_subnets[i];
	return NULL;
}

/* Whether sl's name is a parameter set with -p (the resource group's is
 * ${groupName}): an explicit value wins over the hook's name. */
static bool
named_by_p(struct spec *s, const struct slot *sl)
{
	const struct param *p = sl->sk == SK_RG ? spec_param(s, "groupName") :
	    sl->orig_t.nsegs == 1 ? sl->orig_t.segs[0].param : NULL;

	return p && p->value;
}

/* The name a call returned, checked for what Azure's rules cannot say
 * (VN404); false if reported. */
static bool
take_name(struct hook *h, struct slot *sl)
{
	struct pos def = {h->file, h->name_line, 0};

	if (h->rtype == LUA_TNIL)
		return true;
	if (h->rtype != LUA_TSTRING) {
		diag_report(sl->pos, VN404, "naming hook's name() returned a "
		    "%s for %s; it returns the name (a string) or nil to keep "
		    "'%s'", lua_typename(h->L, h->rtype), label_of(h->s, sl),
		    shown(h->s, sl->orig));
	} else if (h->rlen > HOOK_MAXNAME) {
		diag_report(sl->pos, VN404, "naming hook's name() returned %zu "
		    "bytes for %s; vnetc takes at most %d", h->rlen,
		    label_of(h->s, sl), HOOK_MAXNAME);
	} else if (strlen(h->rname) != h->rlen) {
		diag_report(sl->pos, VN404, "naming hook's name() returned a "
		    "name with a NUL character at byte %zu for %s; no Azure "
		    "name can hold one", strlen(h->rname), label_of(h->s, sl));
	} else if (!h->rlen) {
		diag_report(sl->pos, VN404, "naming hook's name() returned an "
		    "empty name for %s; return nil to keep '%s'",
		    label_of(h->s, sl), shown(h->s, sl->orig));
	} else if (sl->sk == SK_ZONE && !streqi(h->rname, sl->orig)) {
		diag_report(sl->pos, VN404, "naming hook's name() returned "
		    "'%s' for %s: a private DNS zone's name is its DNS name; "
		    "return nil", shown(h->s, h->rname), label_of(h->s, sl));
	} else if (sl->sk == SK_SUBNET && special_subnet(h->rname) !=
	    special_subnet(sl->orig)) {
		const char *sp = special_subnet(h->rname);
		diag_report(sl->pos, VN404, "naming hook's name() renames %s "
		    "from '%s' to '%s': %s is the name Azure gives a special "
		    "subnet, which vnetc checked by the spec's name; return "
		    "nil for it", label_of(h->s, sl), shown(h->s, sl->orig),
		    shown(h->s, h->rname), sp ? sp : special_subnet(sl->orig));
	} else {
		if (strcmp(h->rname, sl->orig) != 0 && !named_by_p(h->s, sl)) {
			sl->final = h->rname;
			sl->renamed = true;
		}
		return true;
	}
	diag_note(def, "name() is defined here");
	return false;
}

/* Azure's tag rules (VN408) on what tags() gave; sorts them by name so
 * the outputs do not depend on Lua's table order. */
static int
kv_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->key, ((const struct kv *)b)->key);
}

/* Characters in s, as Azure's tag limits count them (code points, as
 * VN405 counts names: "é" is one character of two bytes); SIZE_MAX with
 * *at the byte where s stops being UTF-8, which no tag may be (the
 * template is JSON). */
static size_t
tag_chars(const char *s, size_t *at)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0, l;
	uint32_t cp;

	for (size_t i = 0; u[i]; i += l, n++)
		if (!(l = uni_utf8(u + i, &cp))) {
			*at = i;
			return SIZE_MAX;
		}
	return n;
}

static bool
take_tags_checked(struct hook *h, struct slot *sl)
{
	struct pos def = {h->file, h->tags_line, 0};
	struct kvlist *t = &h->rtags;
	size_t max = sl->sk == SK_ZONE || sl->sk == SK_LINK ? TAG_MAX_DNS :
	    TAG_MAX;
	bool ok = true;

	if (h->ttype == LUA_TNONE || h->ttype == LUA_TNIL)
		return true;
	if (h->ttype != LUA_TTABLE || h->tfault) {
		diag_report(sl->pos, VN404, "naming hook's tags() returned %s "
		    "for %s; it returns a table of name = value strings, or "
		    "nil", h->tfault ? h->tfault : arena_printf(&h->s->arena,
		    "a %s", lua_typename(h->L, h->ttype)), label_of(h->s, sl));
		diag_note(def, "tags() is defined here");
		return false;
	}
	if (t->n > 1) /* {} has no items: qsort(NULL) is undefined */
		qsort(t->items, t->n, sizeof(*t->items), kv_cmp);
	if (t->n > max) {
		diag_report(sl->pos, VN408, "naming hook's tags() gave %s %s%zu "
		    "tags; Azure takes at most %zu on it", label_of(h->s, sl),
		    t->n > TAG_MAX ? "more than " : "", t->n > TAG_MAX ?
		    (size_t)TAG_MAX : t->n, max);
		ok = false;
	}
	for (size_t i = 0; ok && i < t->n; i++) {
		const char *k = t->items[i].key, *v = t->items[i].value;
		size_t bad = strcspn(k, "<>%&\\?/\x01\x02\x03\x04\x05\x06\x07"
		    "\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
		    "\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f");
		size_t kat = 0, vat = 0, nk = tag_chars(k, &kat),
		    nv = tag_chars(v, &vat);
		if (nk == SIZE_MAX) {
			diag_report(sl->pos, VN408, "naming hook's tags() gave "
			    "%s a tag name that is not UTF-8 (at byte %zu); tags "
			    "are text", label_of(h->s, sl), kat);
			ok = false;
		} else if (nv == SIZE_MAX) {
			diag_report(sl->pos, VN408, "naming hook's tags() gave "
			    "%s tag '%s' a value that is not UTF-8 (at byte %zu); "
			    "tags are text", label_of(h->s, sl), k, vat);
			ok = false;
		} else if (!*k || nk > TAG_NAME_MAX || k[bad]) {
			diag_report(sl->pos, VN408, "naming hook's tags() gave "
			    "%s the tag name '%s'%s: Azure's tag names are 1-%d "
			    "characters without < > %% & \\ ? / or control "
			    "characters", label_of(h->s, sl), k, nk >
			    TAG_NAME_MAX ? " (too long)" : "", TAG_NAME_MAX);
			ok = false;
		} else if (strchr(k, '=') || *k == '-') {
			/* Azure allows both, but az's --tags reads name=value
			 * words, and a word that begins with - as an option:
			 * the script could not set it as the template does. */
			diag_report(sl->pos, VN408, "naming hook's tags() gave "
			    "%s the tag name '%s': the az CLI's --tags reads "
			    "name=value words, so a name cannot %s",
			    label_of(h->s, sl), k, *k == '-' ? "begin with '-' "
			    "(az would read it as an option)" : "hold '='");
			ok = false;
		} else if (nv > TAG_VALUE_MAX) {
			diag_report(sl->pos, VN408, "naming hook's tags() gave "
			    "%s tag '%s' a value of %zu characters; Azure "
			    "takes at most %d", label_of(h->s, sl), k, nv,
			    TAG_VALUE_MAX);
			ok = false;
		} else if (i && streqi(k, t->items[i - 1].key)) {
			diag_report(sl->pos, VN408, "naming hook's tags() gave "
			    "%s the tags '%s' and '%s': tag names are "
			    "case-insensitive, so they are one",
			    label_of(h->s, sl), t->items[i - 1].key, k);
			ok = false;
		}
	}
	if (!ok) {
		diag_note(def, "tags() is defined here");
		return false;
	}
	*sl->tags = *t;
	return true;
}

/* Every slot through name() and tags(). Stops at the first failure: a
 * hook that fails once fails again, and one error says it. */
static void
hook_apply(struct hook *h, struct slots *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		struct slot *sl = &ss->v[i];
		if ((!h->has_name && !sl->tags) || sl->nohook)
			continue;
		int st = hook_run(h, hook_call, sl);
		if (st != LUA_OK || h->mem_refused) {
			hook_failed(h, st, sl->pos, arena_printf(&h->s->arena,
			    "naming %s", label_of(h->s, sl)));
			return;
		}
		/* the stack: msgh, name, tags */
		if (h->rname)
			h->rname = h->rlen <= HOOK_MAXNAME ?
			    arena_strndup(&h->s->arena, h->rname, h->rlen) : "";
		h->rtags = (struct kvlist){0};
		h->tfault = NULL;
		if (h->ttype == LUA_TTABLE)
			take_tags(h->L, h);
		lua_settop(h->L, 0);
		if (!take_name(h, sl) || !take_tags_checked(h, sl))
			return;
	}
}

/* ----------------------------------------- names after the hook */

/* Does t use parameter p, directly or through defaults? */
static bool
uses_param(const struct tmpl *t, const struct param *p, int depth)
{
	for (size_t i = 0; i < t->nsegs; i++) {
		const struct param *q = t->segs[i].param;
		if (!q)
			continue;
		if (q == p)
			return true;
		if (!q->value && q->has_def && depth < 32 &&
		    uses_param(&q->def, p, depth + 1))
			return true;
	}
	return false;
}

static const struct param *
whole_param(const struct tmpl *t)
{
	return t->nsegs == 1 ? t->segs[0].param : NULL;
}

/* A renamed resource whose name was just ${p} makes the hook's name p's
 * value, so that every other use of ${p} (an app setting's
 * https://${vaultName}.vault.azure.net/...) follows, and the script and
 * template keep the parameter. Only when every such resource got the
 * same name and no name the hook kept uses p; otherwise the new name is
 * written as a literal. */
static void
settle(struct spec *s, struct slots *ss)
{
	bool *claim = arena_alloc(&s->arena, (s->nparams + 1) * sizeof(bool));
	const char **val = arena_alloc(&s->arena, (s->nparams + 1) *
	    sizeof(*val));

	for (size_t i = 0; i < s->nparams; i++) {
		const struct param *p = &s->params[i];
		claim[i] = !p->builtin;
		bool any = false;
		for (size_t j = 0; j < ss->n && claim[i]; j++) {
			const struct slot *sl = &ss->v[j];
			if (sl->sk == SK_RG && sl->renamed)
				continue; /* it becomes ${groupName}'s */
			if (sl->renamed && whole_param(&sl->orig_t) == p) {
				any = true;
				if (val[i] && strcmp(val[i], sl->final))
					claim[i] = false;
				val[i] = sl->final;
			} else if (!sl->renamed && uses_param(&sl->orig_t, p,
			    0)) {
				claim[i] = false;
			}
		}
		claim[i] = claim[i] && any;
	}
	for (size_t j = 0; j < ss->n; j++) {
		struct slot *sl = &ss->v[j];
		const struct param *p = whole_param(&sl->orig_t);
		if (!sl->renamed || (p && claim[p - s->params] &&
		    sl->sk != SK_RG))
			continue;
		*sl->name = tmpl_literal(s, sl->final, sl->orig_t.pos);
		if (sl->sk == SK_RG) {
			/* The script and template use ${groupName}. */
			struct param *g = spec_param(s, "groupName");
			g->def = s->rg;
			g->has_def = true;
			g->value = NULL;
		}
		/* A Cognitive Services account's custom subdomain defaults
		 * to its name (spec.c) and follows it. */
		if (sl->sk == SK_BACKEND) {
			struct backend *b = sl->obj;
			if (b->ex.subdomain.segs == sl->orig_t.segs)
				b->ex.subdomain = *sl->name;
		}
	}
	for (size_t i = 0; i < s->nparams; i++) {
		struct param *p = &s->params[i];
		if (!claim[i])
			continue;
		p->def = tmpl_literal(s, val[i], p->def.pos.line ? p->def.pos :
		    p->pos);
		p->has_def = true;
		p->value = NULL;
	}
}

/* ------------------------------------------------ Azure's naming rules */

/* "letters, digits, hyphens and underscores" */
static const char *
allowed(struct spec *s, const struct namerule *nr)
{
	static const struct {
		char c;
		const char *name;
	} names[] = {{'-', "hyphens"}, {'_', "underscores"}, {'.', "periods"},
		{'(', "parentheses"}};
	struct buf b = {0};
	const char *parts[6];
	size_t n = 0;

	bool ascii = !(nr->flags & (NR_UNICODE | NR_IDNA));

	/* "letters" alone would let a Japanese name look allowed */
	parts[n++] = nr->flags & NR_LOWER ? (ascii ? "lowercase ASCII letters" :
	    "lowercase letters") : ascii ? "ASCII letters" : "letters";
	parts[n++] = "digits";
	for (size_t i = 0; i < NELEM(names); i++)
		if (strchr(nr->extra, names[i].c))
			parts[n++] = names[i].name;
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == n ? " and " :
		    ", ", parts[i]);
	if (nr->flags & NR_UNICODE)
		buf_puts(&b, " (letters and digits of any script: Unicode's "
		    "categories L and Nd)");
	if (nr->flags & NR_IDNA)
		buf_puts(&b, " (letters, digits and combining marks of any "
		    "script, as IDNA maps them to Punycode)");
	if (nr->flags & NR_DNS)
		buf_puts(&b, " in labels separated by periods");
	const char *r = arena_strdup(&s->arena, buf_str(&b));
	buf_free(&b);
	return r;
}

/* "it must start with a letter", "it may not end with a hyphen" */
static const char *
edge_clause(struct spec *s, enum name_edge e, const char *where)
{
	static const char *const what[] = {
		[EDGE_ANY] = "anything", [EDGE_ALNUM] = "a letter or digit",
		[EDGE_LETTER] = "a letter",
		[EDGE_ALNUM_US] = "a letter, digit or underscore",
		[EDGE_NOT_HYPHEN] = "a hyphen", [EDGE_NOT_PERIOD] = "a period",
	};
	bool not = e == EDGE_NOT_HYPHEN || e == EDGE_NOT_PERIOD;

	return arena_printf(&s->arena, "it %s %s with %s", not ? "may not" :
	    "must", where, what[e]);
}

/* Why name breaks nr, as the end of a sentence. */
static const char *
explain(struct spec *s, const struct namerule *nr, const char *name,
    const struct name_check *c)
{
	struct arena **a = &s->arena;
	int w = (int)c->len;
	const char *at = name + c->at;
	uint32_t cp = 0, mark = 0;
	size_t l = uni_utf8((const unsigned char *)at, &cp);

	if (l && l < c->len)
		uni_utf8((const unsigned char *)at + l, &mark);

	switch (c->fault) {
	case NF_OK:
		return "";
	case NF_SHORT:
		return arena_printf(a, "is %zu characters; Azure needs at "
		    "least %d", c->chars, nr->minlen);
	case NF_LONG:
		return arena_printf(a, "is %zu characters; Azure allows at most "
		    "%d", c->chars, nr->maxlen);
	case NF_CHAR:
		return arena_printf(a, "has %s at byte %zu; allowed: %s",
		    code_point(s, cp), c->at + 1, allowed(s, nr));
	case NF_UTF8:
		return arena_printf(a, "is not valid UTF-8 at byte %zu",
		    c->at + 1);
	case NF_UPPER:
		return arena_printf(a, "has the uppercase '%.*s'; %s names are "
		    "lowercase", w, at, nr->what);
	case NF_FIRST:
		return arena_printf(a, "starts with '%.*s'; %s", w, at,
		    edge_clause(s, nr->first, "start"));
	case NF_LAST:
		return arena_printf(a, "ends with '%.*s'; %s", w, at,
		    edge_clause(s, nr->last, "end"));
	case NF_HYPHENS:
		return arena_printf(a, "has consecutive hyphens (byte %zu), "
		    "which %s names may not", c->at + 1, nr->what);
	case NF_RESERVED:
		return arena_printf(a, "%s the reserved word %s: Azure refuses "
		    "Microsoft's reserved words and trademarks in names with "
		    "a public endpoint (error-reserved-resource-name)",
		    c->at == 0 && c->len == strlen(name) ? "is" : c->at == 0 &&
		    strcmp(c->word, "LOGIN") == 0 ? "starts with" : "contains",
		    c->word);
	case NF_LABEL:
		return arena_printf(a, "has a DNS label of %zu characters at "
		    "byte %zu; each label is 1-63", c->len, c->at + 1);
	case NF_LABELS:
		return "has fewer than 2 or more than 34 labels; a zone name "
		    "has 2 to 34";
	case NF_IDNA:
		if (c->composed)
			return arena_printf(a, "has %s + %s at byte %zu; %s into "
			    "%s: write that", code_point(s, cp),
			    code_point(s, mark), c->at + 1, c->why,
			    code_point(s, c->composed));
		return arena_printf(a, "has %s at byte %zu; %s",
		    code_point(s, cp), c->at + 1, c->why);
	case NF_ACE:
		return arena_printf(a, "is %zu characters, but %zu in a host "
		    "name, where IDNA writes it as 'xn--' and its Punycode "
		    "form; a DNS label holds at most 63", c->chars, c->ace);
	}
	return "";
}

/* The top-level parameter of t whose value covers byte at of the
 * evaluated name, or NULL when a literal part does (or at is -1: the
 * first parameter). */
static const struct param *
param_at(struct spec *s, const struct tmpl *t, size_t at)
{
	size_t off = 0;

	for (size_t i = 0; i < t->nsegs; i++) {
		const struct seg *g = &t->segs[i];
		size_t n;
		if (g->lit) {
			n = strlen(g->lit);
		} else {
			struct tmpl one = {.segs = (struct seg *)g, .nsegs = 1};
			n = strlen(tmpl_eval(s, &one));
		}
		if (at == (size_t)-1 && g->param)
			return g->param;
		if (at != (size_t)-1 && at < off + n)
			return g->param;
		off += n;
	}
	return NULL;
}

/* "from ${vaultName} = 'my_kv'" at the parameter's default, or where the
 * -p value came from. */
static void
note_param(struct spec *s, const struct param *p)
{
	struct tmpl one = {.segs = &(struct seg){.param = (struct param *)p},
	    .nsegs = 1};
	const char *v = tmpl_eval(s, &one);

	v = shown(s, v);
	if (p->value)
		diag_note(p->pos, "${%s} is '%s', set with -p %s=...", p->name,
		    v, p->name);
	else if (p->builtin && strcmp(p->name, "groupName") == 0)
		diag_note(s->rg.pos, "${groupName} is '%s', from "
		    "resource_group", v);
	else
		diag_note(p->def.pos.line ? p->def.pos : p->pos, "${%s} is "
		    "'%s' (its default)", p->name, v);
}

static void
check_rules(struct spec *s, struct slots *ss, const struct hook *h)
{
	for (size_t i = 0; i < ss->n; i++) {
		struct slot *sl = &ss->v[i];
		const struct namerule *nr = restype_namerule(sl->res);
		struct name_check c;
		if (!nr || !sl->name->nsegs)
			continue;
		sl->final = sl->sk == SK_RG ? rg_name(s) : tmpl_eval(s,
		    sl->name);
		if (restype_name_check(sl->res, sl->final, &c))
			continue;
		struct pos at = sl->name->pos.line ? sl->name->pos : sl->pos;
		bool one = c.fault == NF_CHAR || c.fault == NF_IDNA;
		diag_report(at, VN405, "%s: %s name '%s' %s", label_of(s, sl),
		    nr->what, shown_marked(s, sl->final, c.at, one ? c.at +
		    c.len : 0), explain(s, nr, sl->final, &c));
		if (sl->renamed) {
			diag_note((struct pos){h->file, h->name_line, 0},
			    "the naming hook's name() returned it");
			continue;
		}
		if (sl->sk == SK_PEER) {
			diag_note(sl->pos, "a peering is named <vnet key>-to-"
			    "<remote key>: shorten the keys, or name peerings "
			    "in a naming hook (lua/README.md)");
			continue;
		}
		bool whole = c.fault == NF_SHORT || c.fault == NF_LONG ||
		    c.fault == NF_LABELS || c.fault == NF_RESERVED;
		const struct param *p = param_at(s, sl->name, whole ?
		    (size_t)-1 : c.at);
		const struct param *g = spec_param(s, "groupName");
		if (sl->sk == SK_RG && g->value)
			p = g; /* -p groupName=... */
		if (p)
			note_param(s, p);
	}
}

/* ----------------------------- uniqueness in scope, after the hook */

/* Slots by (type, parent, name case-insensitively): open addressing
 * over the slots themselves, no key strings. */
struct nameset {
	struct slot **v;
	size_t cap, n;
};

static const char *
type_of(const struct slot *sl)
{
	return sl->sk == SK_BACKEND ? ((struct backend *)sl->obj)->type :
	    sl->kind;
}

/* The scope sl's name is unique in: its resource group's, but nothing
 * for a name unique across Azure (NR_GLOBAL). */
static const struct scope *
uniq_scope(const struct slot *sl)
{
	const struct namerule *nr = restype_namerule(sl->res);

	return nr && nr->flags & NR_GLOBAL ? NULL : sl->scope;
}

static size_t
slot_hash(const struct slot *sl)
{
	size_t h = 14695981039346656037u ^ (size_t)sl->parent ^
	    (size_t)uniq_scope(sl);

	for (const char *k = type_of(sl); *k; k++)
		h = (h ^ (unsigned char)(*k | 0x20)) * 1099511628211u;
	for (const char *k = sl->final; *k; k++)
		h = (h ^ (unsigned char)(*k >= 'A' && *k <= 'Z' ? *k | 0x20 :
		    *k)) * 1099511628211u;
	/* FNV's low bits see only the low bits of what went in (the parent
	 * pointer's high bits, the names' ends): mix before masking */
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9u;
	return h ^ (h >> 29);
}

static bool
slot_same(const struct slot *a, const struct slot *b)
{
	return a->parent == b->parent && uniq_scope(a) == uniq_scope(b) &&
	    streqi(type_of(a), type_of(b)) && streqi(a->final, b->final);
}

/* The slot already named like sl in its scope, or NULL after adding sl.
 * The set has room for every slot (nameset_init): it never grows. */
static struct slot *
nameset_add(struct nameset *m, struct slot *sl)
{
	size_t i = slot_hash(sl) & (m->cap - 1);
	while (m->v[i]) {
		if (slot_same(m->v[i], sl))
			return m->v[i];
		i = (i + 1) & (m->cap - 1);
	}
	m->v[i] = sl;
	m->n++;
	return NULL;
}

/* Names are unique per type in their scope (the resource group, the
 * parent; Azure for global ones), compared case-insensitively as Azure
 * does (docs/azure-notes.md 4.1). spec.c's VN301 checked what the spec wrote;
 * this checks what the hook made. Zones are unique by construction, and
 * an endpoint has one connection and one zone group. */
static void
check_unique(struct spec *s, struct slots *ss, const struct hook *h)
{
	struct nameset m = {.cap = 1024};

	while (m.cap < 2 * ss->n)
		m.cap *= 2;
	m.v = calloc(m.cap, sizeof(*m.v));
	if (!m.v)
		die("out of memory:");
	for (size_t i = 0; i < ss->n; i++) {
		struct slot *sl = &ss->v[i];
		const struct namerule *nr = restype_namerule(sl->res);
		if (sl->sk == SK_RG || sl->sk == SK_ZONE || sl->sk == SK_PEC ||
		    sl->sk == SK_ZG || !sl->name->nsegs)
			continue;
		struct slot *first = nameset_add(&m, sl);
		if (!first)
			continue;
		diag_report(sl->pos, VN406, "%s is named '%s' by the naming "
		    "hook, like %s (names are unique in %s, compared "
		    "case-insensitively)", label_of(s, sl),
		    shown(s, sl->final), label_of(s, first),
		    nr ? nr->scope : "a resource group");
		diag_note(first->pos, "%s is named '%s' here",
		    label_of(s, first), shown(s, first->final));
		diag_note((struct pos){h->file, h->name_line, 0}, "name() is "
		    "defined here");
		if (nr && nr->flags & NR_GLOBAL)
			diag_note(sl->pos, "%s names are global: unique "
			    "across all of Azure, not only in this spec",
			    nr->what);
	}
	free(m.v);
}

/* vnetc does not create back ends, plans and apps: a hook that renames
 * one says where the existing resource is (VN407). */
static void
check_existing(struct spec *s, struct slots *ss, const struct hook *h)
{
	for (size_t i = 0; i < ss->n; i++) {
		struct slot *sl = &ss->v[i];
		const struct namerule *nr = restype_namerule(sl->res);
		if (!sl->existing || !sl->renamed)
			continue;
		if (sl->sk == SK_RG)
			diag_report(sl->pos, VN407, "the naming hook renames "
			    "the resource group from '%s' to '%s', but the "
			    "spec's existing resources (back ends, plans, apps) "
			    "are in it: vnetc looks for them in '%s'",
			    shown(s, sl->orig),
			    shown(s, sl->final), shown(s, sl->final));
		else
			diag_report(sl->pos, VN407, "the naming hook renames "
			    "%s, which exists already (vnetc does not create "
			    "it), from '%s' to '%s': it must exist under that "
			    "name", label_of(s, sl), shown(s, sl->orig),
			    shown(s, sl->final));
		diag_note((struct pos){h->file, h->name_line, 0},
		    "name() is defined here");
		if (nr && nr->flags & NR_GLOBAL)
			diag_note(sl->pos, "%s names are global: the name must "
			    "be unique across all of Azure", nr->what);
	}
}

/* ------------------------------------------------------------ the phase */

void
naming_apply(struct spec *s)
{
	struct slots ss = {0};
	struct hook h = {.s = s};
	int before = diag_nerrors();

	collect(s, &ss);
	h.ss = &ss;
	if (s->naming) {
		struct watchdog wd = {0};
		wd_start(&wd);
		if (hook_open(&h))
			hook_apply(&h, &ss);
		wd_stop(&wd);
		/* No finalizers to run (hook_setmetatable): closing ends. */
		if (h.L)
			lua_close(h.L);
		h.L = NULL;
		if (diag_nerrors() > before)
			goto out;
		settle(s, &ss);
	}
	/* An app's own endpoints target the app by its final name (the
	 * hook saw the app only: collect). */
	for (size_t i = 0; i < s->nbackends; i++)
		if (s->backends[i].self_app)
			s->backends[i].name =
			    s->apps[s->backends[i].self_app - 1].name;
	check_rules(s, &ss, &h);
	if (s->naming && diag_nerrors() == before)
		check_unique(s, &ss, &h);
	if (s->naming)
		check_existing(s, &ss, &h);
out:
	free(ss.v);
}
