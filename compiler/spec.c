/* spec.c - YAML spec -> model. Reads the file, checks it is UTF-8 text,
 * builds a node tree from libyaml events (aliases bounded), then walks it
 * with per-object key tables into struct spec and resolves references.
 * Owns VN100-VN107 (shape), VN201-VN202 (prefix syntax) and VN301-VN310
 * (names, references, parameters, private-link zones). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "model.h"
#include "unicode.h"
#include "regions.h"
#include "yamlmsg.h"

/* A document may expand (through aliases) to at most this many nodes: far
 * above any real topology, far below what would hurt ("billion laughs").
 * Written out, it may have MAX_NODES: eight times `make bench`'s 2,000
 * VNets (250,000 nodes), and about 200 MB of node tree, where a 100 MB
 * list of numbers would take a gigabyte (tests/hostile.sh). */
enum { MAX_EXPANDED = 200000, MAX_DEPTH = 64, MAX_NODES = 2000000 };

enum ykind { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ykind kind;
	struct pos pos;
	const char *s; /* scalar text */
	bool plain;    /* plain (unquoted) scalar: may be null/bool */
	bool *dupk;    /* map, once check_keys saw it: key i/2 repeats one */
	struct ynode **items; /* seq items; map: key, value, key, value... */
	size_t nitems;
	uint64_t size; /* nodes after alias expansion, saturating */
};

struct ctx {
	struct spec *s;
	struct arena **a;
	/* The node tree (nodes, item arrays, anchors; not the strings, which
	 * the model keeps): freed once the model is built, a third of the
	 * memory of a large spec (issue 6). */
	struct arena *tree;
	const char *text;
	size_t len;
};

static struct pos
mkpos(struct ctx *cx, yaml_mark_t m)
{
	/* libyaml marks count from 0; diagnostics count from 1. */
	return (struct pos){cx->s->file, (int)m.line + 1, (int)m.column + 1};
}

/* String -> (first pointer, count): an open-addressing hash table, so that
 * anchors and resolution stay linear at estate scale (issue 6: thousands of VNets,
 * subnets and endpoints; a scan per reference made it quadratic). Keys
 * live in the arena; the slots are malloc'd and freed by smap_free. */
struct smap_ent {
	const char *key;
	void *first;
	size_t count;
};

struct smap {
	struct smap_ent *e;
	size_t cap, n;
};

static size_t
smap_hash(const char *k)
{
	size_t h = 14695981039346656037u; /* FNV-1a */

	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211u;
	return h;
}

static struct smap_ent *
smap_slot(struct smap *m, const char *k)
{
	size_t i = smap_hash(k) & (m->cap - 1);

	while (m->e[i].key && strcmp(m->e[i].key, k) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->e[i];
}

/* The entry for k, or NULL. */
static struct smap_ent *
smap_get(struct smap *m, const char *k)
{
	if (!m->cap)
		return NULL;
	struct smap_ent *e = smap_slot(m, k);
	return e->key ? e : NULL;
}

/* Count one more k; the first pointer given for k is kept. Returns the
 * entry (count 1: k is new). */
static struct smap_ent *
smap_add(struct smap *m, const char *k, void *ptr)
{
	if (2 * (m->n + 1) > m->cap) {
		struct smap old = *m;
		m->cap = old.cap ? 2 * old.cap : 64;
		m->e = calloc(m->cap, sizeof(*m->e));
		if (!m->e)
			die("out of memory:");
		for (size_t i = 0; i < old.cap; i++)
			if (old.e[i].key)
				*smap_slot(m, old.e[i].key) = old.e[i];
		free(old.e);
	}
	struct smap_ent *e = smap_slot(m, k);
	if (!e->key) {
		*e = (struct smap_ent){k, ptr, 0};
		m->n++;
	}
	e->count++;
	return e;
}

/* Make k's pointer ptr (the latest wins: YAML anchors may be redefined). */
static void
smap_put(struct smap *m, const char *k, void *ptr)
{
	smap_add(m, k, ptr)->first = ptr;
}

static void
smap_free(struct smap *m)
{
	free(m->e);
	*m = (struct smap){0};
}

/* ---------------------------------------------------------------- input */

/* Line and column (in characters) of byte at: counted only when there
 * is something to report, not for every byte of a large spec. */
static struct pos
text_pos(const struct ctx *cx, size_t at)
{
	const unsigned char *p = (const unsigned char *)cx->text;
	int line = 1, col = 1;

	for (size_t i = 0; i < at; i++) {
		if (p[i] == '\n')
			line++, col = 1;
		else if ((p[i] & 0xc0) != 0x80)
			col++;
	}
	return (struct pos){cx->s->file, line, col};
}

/* Reject what libyaml would misreport: empty files, NUL bytes, invalid
 * UTF-8 (the position of the first bad byte is reported). */
static bool
check_text(struct ctx *cx)
{
	const unsigned char *p = (const unsigned char *)cx->text;
	size_t n = cx->len, i = 0;
	bool content = false;
	bool comment = false;

	while (i < n) {
		unsigned c = p[i];
		size_t need = 0;
		if (c - 1 < 0x7f) { /* ASCII but NUL: most of any spec */
			if (content) {
				i++;
				continue;
			}
			if (c == '#')
				comment = true;
			else if (c == '\n')
				comment = false;
			else if (!comment && !isspace((int)c) && c != '-')
				content = true;
			i++;
			continue;
		}
		if (c == 0) {
			diag_report(text_pos(cx, i), VN105, "binary input: NUL "
			    "byte; a spec is UTF-8 YAML text");
			return false;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3;
		else
			goto bad;
		if (i + need >= n)
			goto bad;
		for (size_t k = 1; k <= need; k++)
			if ((p[i + k] & 0xc0) != 0x80)
				goto bad;
		if (need == 2 && ((c == 0xe0 && p[i + 1] < 0xa0) ||
		    (c == 0xed && p[i + 1] > 0x9f)))
			goto bad; /* overlong or surrogate */
		if (need == 3 && ((c == 0xf0 && p[i + 1] < 0x90) ||
		    (c == 0xf4 && p[i + 1] > 0x8f)))
			goto bad;
		content |= !comment;
		i += need + 1;
		continue;
bad:
		diag_report(text_pos(cx, i), VN105, "invalid UTF-8 (byte "
		    "0x%02x); save the spec as UTF-8", c);
		return false;
	}
	if (!content) {
		diag_report((struct pos){cx->s->file, 0, 0}, VN105,
		    "empty spec: it needs at least resource_group, location "
		    "and a vnet (see docs/spec.md)");
		return false;
	}
	return true;
}

/* ------------------------------------------------------------ node tree */

struct tree {
	struct ctx *cx;
	yaml_parser_t parser;
	struct smap anchors; /* name -> struct ynode */
	uint64_t nreal;      /* nodes written out (not through aliases) */
	bool failed;
	/* Children of the open sequences and mappings, innermost last: each
	 * node's items are copied out once, at their final size (growing
	 * them in the arena left every smaller copy behind, issue 6). */
	struct ynode **stack;
	size_t nstack, capstack;
};

static uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static void
add_anchor(struct tree *t, const yaml_char_t *name, struct ynode *n)
{
	if (!name)
		return;
	smap_put(&t->anchors, arena_strdup(&t->cx->tree, (const char *)name),
	    n);
}

static bool
next_event(struct tree *t, yaml_event_t *ev)
{
	if (yaml_parser_parse(&t->parser, ev))
		return true;
	struct pos pos = mkpos(t->cx, t->parser.problem_mark);
	const char *ctxmsg = t->parser.context ? t->parser.context : NULL;
	struct yaml_why why = {0};
	if (yaml_explain(t->cx->text, t->cx->len, ctxmsg, t->parser.problem,
	    pos.line, pos.col, &why))
		diag_report((struct pos){pos.file, why.line, why.col}, VN100,
		    "%s", buf_str(&why.msg));
	else if (ctxmsg)
		diag_report(pos, VN100, "%s %s", ctxmsg, t->parser.problem);
	else
		diag_report(pos, VN100, "%s", t->parser.problem ?
		    t->parser.problem : "YAML syntax error");
	buf_free(&why.msg);
	t->failed = true;
	return false;
}

/* Build the node that starts with ev (already read). NULL on error. */
static struct ynode *
build(struct tree *t, yaml_event_t *ev, int depth)
{
	struct arena **a = &t->cx->tree;
	struct ynode *n;

	if (depth > MAX_DEPTH) {
		diag_report(mkpos(t->cx, ev->start_mark), VN106,
		    "nesting deeper than %d levels", MAX_DEPTH);
		t->failed = true;
		return NULL;
	}
	if (t->nreal >= MAX_NODES) {
		diag_report(mkpos(t->cx, ev->start_mark), VN106,
		    "more than %d YAML nodes, far beyond any topology (2,000 "
		    "VNets take 250,000); is this a spec?", MAX_NODES);
		t->failed = true;
		return NULL;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT: {
		const char *name = (const char *)ev->data.alias.anchor;
		struct smap_ent *e = smap_get(&t->anchors, name);
		if (e)
			return e->first;
		diag_report(mkpos(t->cx, ev->start_mark), VN100,
		    "alias *%s names no anchor", name);
		t->failed = true;
		return NULL;
	}
	case YAML_SCALAR_EVENT:
		n = arena_alloc(a, sizeof(*n));
		n->kind = Y_SCALAR;
		n->pos = mkpos(t->cx, ev->start_mark);
		/* check_text refused NUL bytes; an escape ("\0", "\x00",
		 * "\u0000") still makes one, and every C string after this
		 * (names, settings, tags, the outputs) would end there. */
		size_t nul = strlen((const char *)ev->data.scalar.value);
		if (nul != ev->data.scalar.length)
			diag_report(n->pos, VN105, "this string holds a NUL "
			    "character at byte %zu of %zu (a YAML \"\\0\" "
			    "escape); no Azure name or value can hold one, and "
			    "the text would end there: remove it", nul,
			    ev->data.scalar.length);
		n->s = arena_strndup(t->cx->a,
		    (const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		n->size = 1;
		t->nreal++;
		add_anchor(t, ev->data.scalar.anchor, n);
		return n;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool map = ev->type == YAML_MAPPING_START_EVENT;
		yaml_event_type_t end = map ? YAML_MAPPING_END_EVENT :
		    YAML_SEQUENCE_END_EVENT;
		n = arena_alloc(a, sizeof(*n));
		n->kind = map ? Y_MAP : Y_SEQ;
		n->pos = mkpos(t->cx, ev->start_mark);
		n->size = 1;
		t->nreal++;
		const yaml_char_t *anchor = map ?
		    ev->data.mapping_start.anchor :
		    ev->data.sequence_start.anchor;
		struct ynode *self = n;
		size_t base = t->nstack;
		for (;;) {
			yaml_event_t sub;
			if (!next_event(t, &sub))
				return NULL;
			if (sub.type == end) {
				yaml_event_delete(&sub);
				break;
			}
			struct ynode *c = build(t, &sub, depth + 1);
			yaml_event_delete(&sub);
			if (!c)
				return NULL;
			/* YAML 1.1's merge key: YAML 1.2 (libyaml) has none,
			 * and other tools would read this spec merged while
			 * vnetc read an entry named "<<". Refused; the value
			 * is left out so no follow-on error names "<<". */
			if (map && (t->nstack - base) % 2 == 0 &&
			    c->kind == Y_SCALAR && c->plain &&
			    strcmp(c->s, "<<") == 0) {
				diag_report(c->pos, VN101, "'<<' (a YAML merge "
				    "key) is not part of the spec format: write "
				    "the keys out, or put shared values in "
				    "parameters");
				if (!next_event(t, &sub))
					return NULL;
				c = build(t, &sub, depth + 1);
				yaml_event_delete(&sub);
				if (!c)
					return NULL;
				continue;
			}
			if (t->nstack == t->capstack) {
				t->capstack = t->capstack ? 2 * t->capstack :
				    256;
				t->stack = xrealloc(t->stack, t->capstack *
				    sizeof(*t->stack));
			}
			t->stack[t->nstack++] = c;
			n->size = sat_add(n->size, c->size);
			/* The limit is on what aliases add: a large spec
			 * written out in full is no bomb (issue 6's 2,000
			 * VNets have 250,000 nodes). */
			if (n->size > MAX_EXPANDED + t->nreal) {
				diag_report(c->pos, VN106, "aliases expand the "
				    "document by more than %d nodes; write the "
				    "values out or use fewer aliases",
				    MAX_EXPANDED);
				t->failed = true;
				return NULL;
			}
		}
		n->nitems = t->nstack - base;
		n->items = arena_alloc(a, (n->nitems + 1) * sizeof(*n->items));
		if (n->nitems) /* t->stack is NULL until an item is pushed */
			memcpy(n->items, t->stack + base, n->nitems *
			    sizeof(*n->items));
		t->nstack = base;
		/* Anchored after its content: an alias inside its own
		 * anchor (a cycle) is then "names no anchor". */
		add_anchor(t, anchor, self);
		return n;
	}
	default:
		diag_report(mkpos(t->cx, ev->start_mark), VN100,
		    "unexpected YAML event");
		t->failed = true;
		return NULL;
	}
}

static struct ynode *
parse_tree(struct ctx *cx)
{
	struct tree t = {.cx = cx};
	yaml_event_t ev;
	struct ynode *root = NULL;
	int docs = 0;

	if (!yaml_parser_initialize(&t.parser))
		die("yaml_parser_initialize: out of memory");
	yaml_parser_set_input_string(&t.parser,
	    (const unsigned char *)cx->text, cx->len);
	for (;;) {
		if (!next_event(&t, &ev))
			break;
		yaml_event_type_t type = ev.type;
		if (type == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			diag_report(mkpos(cx, ev.start_mark), VN100,
			    "a spec is one YAML document; remove the '---'");
			t.failed = true;
		} else if (type == YAML_SEQUENCE_START_EVENT ||
		    type == YAML_MAPPING_START_EVENT ||
		    type == YAML_SCALAR_EVENT || type == YAML_ALIAS_EVENT) {
			root = build(&t, &ev, 0);
		}
		yaml_event_delete(&ev);
		if (t.failed || type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&t.parser);
	smap_free(&t.anchors);
	free(t.stack);
	return t.failed ? NULL : root;
}

/* ----------------------------------------------------- node accessors */

static bool
is_null(const struct ynode *n)
{
	return !n || (n->kind == Y_SCALAR && n->plain &&
	    (!*n->s || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0));
}

static const char *
kind_name(const struct ynode *n)
{
	if (is_null(n))
		return "nothing";
	return n->kind == Y_MAP ? "a mapping" :
	    n->kind == Y_SEQ ? "a list" : "a scalar";
}

static bool
want(const struct ynode *n, enum ykind k, const char *what)
{
	static const char *names[] = {"a scalar", "a list", "a mapping"};

	if (n && n->kind == k && !(k == Y_SCALAR && is_null(n)))
		return true;
	diag_report(n->pos, VN102, "%s must be %s, not %s", what, names[k],
	    kind_name(n));
	return false;
}

static struct ynode *
get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->nitems; i += 2)
		if (map->items[i]->kind == Y_SCALAR &&
		    strcmp(map->items[i]->s, key) == 0)
			return map->items[i + 1];
	return NULL;
}

/* keys: NULL-terminated; a leading '*' marks a required key. Reports
 * unknown keys (with the closest known one), duplicate keys and missing
 * required keys. The number of unknown keys: a caller whose next
 * message would only restate the misspelling stops there. */
static size_t
check_keys(struct ctx *cx, const struct ynode *map, const char *what,
    const char *const *keys)
{
	/* Duplicates through a hash of the keys, remembered in the map for
	 * dup_key: a scan of the earlier keys made a section of thousands
	 * of VNets quadratic (issue 6). */
	struct smap seen = {0};
	bool *dupk = arena_alloc(&cx->tree, (map->nitems / 2 + 1) *
	    sizeof(*dupk));
	/* the keys a misspelt one was taken for: a required one among them
	 * is not reported missing too (one mistake, one message) */
	const char **meant = arena_alloc(&cx->tree, (map->nitems / 2 + 1) *
	    sizeof(*meant));
	size_t nmeant = 0, unknown = 0;

	for (size_t i = 0; i + 1 < map->nitems; i += 2) {
		const struct ynode *k = map->items[i];
		if (k->kind != Y_SCALAR) {
			diag_report(k->pos, VN102, "keys in %s must be "
			    "scalars", what);
			dupk[i / 2] = true;
			continue;
		}
		struct smap_ent *e = smap_add(&seen, k->s, (void *)k);
		if (e->count > 1) {
			diag_report(k->pos, VN301, "duplicate key '%s' in %s",
			    k->s, what);
			diag_note(((const struct ynode *)e->first)->pos,
			    "first '%s' is here", k->s);
			dupk[i / 2] = true;
		}
		if (!keys)
			continue;
		const char *best = NULL;
		int bestd = 255;
		bool found = false;
		for (const char *const *kk = keys; *kk && !found; kk++)
			found = strcmp(**kk == '*' ? *kk + 1 : *kk, k->s) == 0;
		if (found)
			continue;
		unknown++;
		/* Distances only for a key that is wrong: computing them
		 * for every key was a tenth of a large spec's check time. */
		for (const char *const *kk = keys; *kk; kk++) {
			const char *name = **kk == '*' ? *kk + 1 : *kk;
			int d = edit_distance(name, k->s);
			if (d < bestd)
				bestd = d, best = name;
		}
		if (!*keys) {
			/* "(known: )" would be a riddle */
			diag_report(k->pos, VN101, "unknown key '%s' in %s, "
			    "which takes no keys; remove it", k->s, what);
		} else if (best && bestd <= 2 + (int)strlen(k->s) / 4) {
			diag_report(k->pos, VN101, "unknown key '%s' in %s; "
			    "did you mean '%s'?", k->s, what, best);
			meant[nmeant++] = best;
		} else {
			struct buf b = {0};
			for (const char *const *kk = keys; *kk; kk++)
				buf_printf(&b, "%s%s", b.len ? ", " : "",
				    **kk == '*' ? *kk + 1 : *kk);
			diag_report(k->pos, VN101, "unknown key '%s' in %s "
			    "(known: %s)", k->s, what, buf_str(&b));
			buf_free(&b);
		}
	}
	smap_free(&seen);
	((struct ynode *)map)->dupk = dupk;
	if (!keys)
		return 0;
	for (const char *const *kk = keys; *kk; kk++) {
		bool told = false;
		for (size_t i = 0; i < nmeant && !told; i++)
			told = meant[i] == *kk + 1;
		if (**kk == '*' && !told && !get(map, *kk + 1))
			diag_report(map->pos, VN103, "%s needs '%s'", what,
			    *kk + 1);
	}
	return unknown;
}

/* True if the key at items[i] already appeared in map: check_keys reports
 * it once, and the later entry is skipped so it causes nothing more. */
static bool
dup_key(const struct ynode *map, size_t i)
{
	const struct ynode *k = map->items[i];

	if (map->dupk)
		return map->dupk[i / 2];
	if (k->kind != Y_SCALAR)
		return true;
	for (size_t j = 0; j < i; j += 2)
		if (map->items[j]->kind == Y_SCALAR &&
		    strcmp(map->items[j]->s, k->s) == 0)
			return true;
	return false;
}

static const char *
scalar(struct ctx *cx, const struct ynode *n, const char *what)
{
	(void)cx;
	if (!n || !want(n, Y_SCALAR, what))
		return NULL;
	return n->s;
}

/* -1 absent, 0/1, -2 wrong. */
static int
boolean(const struct ynode *n, const char *what)
{
	static const char *yes[] = {"true", "True", "TRUE"};
	static const char *no[] = {"false", "False", "FALSE"};

	if (!n)
		return -1;
	if (n->kind == Y_SCALAR && n->plain) {
		for (size_t i = 0; i < NELEM(yes); i++) {
			if (strcmp(n->s, yes[i]) == 0)
				return 1;
			if (strcmp(n->s, no[i]) == 0)
				return 0;
		}
	}
	diag_report(n->pos, VN102, "%s must be true or false, not %s%s%s",
	    what, n->kind == Y_SCALAR ? "'" : "",
	    n->kind == Y_SCALAR ? n->s : kind_name(n),
	    n->kind == Y_SCALAR ? "'" : "");
	return -2;
}

/* Value from a fixed set (compared case-insensitively; the canonical
 * spelling is returned). NULL if absent or wrong (reported). */
static const char *
oneof(const struct ynode *n, const char *what, const char *const *vals)
{
	if (!n)
		return NULL;
	if (!want(n, Y_SCALAR, what))
		return NULL;
	for (const char *const *v = vals; *v; v++)
		if (streqi(n->s, *v))
			return *v;
	/* The value meant: one the text begins (Mongo for MongoDB), else
	 * the closest by edit distance, as check_keys judges a key. */
	const char *best = NULL;
	int bestd = 255;
	for (const char *const *v = vals; *v; v++) {
		int d = strlen(n->s) >= 3 &&
		    strncasecmp(*v, n->s, strlen(n->s)) == 0 ? 1 :
		    edit_distance(*v, n->s);
		if (d < bestd)
			bestd = d, best = *v;
	}
	if (!near_miss(n->s, bestd))
		best = NULL;
	struct buf b = {0};
	for (const char *const *v = vals; *v; v++)
		buf_printf(&b, "%s%s", b.len ? ", " : "", *v);
	if (best)
		diag_report(n->pos, VN104, "%s '%s' is not one of: %s; did "
		    "you mean '%s'?", what, n->s, buf_str(&b), best);
	else
		diag_report(n->pos, VN104, "%s '%s' is not one of: %s", what,
		    n->s, buf_str(&b));
	buf_free(&b);
	return NULL;
}

/* ------------------------------------------------------------ templates */

static struct tmpl
mktmpl(struct ctx *cx, const struct ynode *n, const char *what)
{
	struct tmpl t = {0};
	const char *s = scalar(cx, n, what);
	struct buf lit = {0};

	if (!s)
		return t;
	t.raw = s;
	t.pos = n->pos;
	for (const char *p = s; *p;) {
		if (p[0] == '$' && p[1] == '$' && p[2] == '{') {
			buf_puts(&lit, "${");
			p += 3;
			continue;
		}
		if (p[0] != '$' || p[1] != '{') {
			buf_putc(&lit, *p++);
			continue;
		}
		const char *end = strchr(p, '}');
		if (!end) {
			diag_report(n->pos, VN104, "%s: '${' without '}' in "
			    "'%s' (write $${ for a literal ${)", what, s);
			buf_free(&lit);
			return (struct tmpl){0};
		}
		if (lit.len) {
			t.segs = arena_grow(cx->a, t.segs, &t.nsegs,
			    sizeof(*t.segs));
			t.segs[t.nsegs - 1].lit = arena_strdup(cx->a,
			    buf_str(&lit));
			lit.len = 0;
		}
		const char *name = arena_strndup(cx->a, p + 2,
		    (size_t)(end - p - 2));
		struct param *pr = spec_param(cx->s, name);
		if (!pr) {
			const char *best = NULL;
			int bestd = 255;
			for (size_t i = 0; i < cx->s->nparams; i++) {
				int d = edit_distance(name,
				    cx->s->params[i].name);
				if (d < bestd)
					bestd = d, best = cx->s->params[i].name;
			}
			if (best && bestd <= 2)
				diag_report(n->pos, VN304, "${%s} names no "
				    "parameter; did you mean ${%s}?", name,
				    best);
			else
				diag_report(n->pos, VN304, "${%s} names no "
				    "parameter; declare it under "
				    "'parameters:'", name);
		} else {
			pr->used = true;
			t.segs = arena_grow(cx->a, t.segs, &t.nsegs,
			    sizeof(*t.segs));
			t.segs[t.nsegs - 1].param = pr;
		}
		p = end + 1;
	}
	if (lit.len || t.nsegs == 0) {
		t.segs = arena_grow(cx->a, t.segs, &t.nsegs, sizeof(*t.segs));
		t.segs[t.nsegs - 1].lit = arena_strdup(cx->a, buf_str(&lit));
	}
	buf_free(&lit);
	return t;
}

struct param *
spec_param(const struct spec *s, const char *name)
{
	for (size_t i = 0; i < s->nparams; i++)
		if (strcmp(s->params[i].name, name) == 0)
			return &s->params[i];
	return NULL;
}

/* A template that is just the key, for names that default to it. */
static struct tmpl
key_tmpl(struct ctx *cx, const char *key, struct pos pos)
{
	return tmpl_literal(cx->s, key, pos);
}

static struct tmpl
name_or_key(struct ctx *cx, const struct ynode *map, const char *key,
    struct pos pos, const char *what)
{
	const struct ynode *n = get(map, "name");

	return n ? mktmpl(cx, n, what) : key_tmpl(cx, key, pos);
}

/* ------------------------------------------------------------- prefixes */

static void
mkprefix(struct ctx *cx, const struct ynode *n, struct prefix *p,
    const char *what)
{
	const char *s = scalar(cx, n, what);

	p->pos = n->pos;
	if (!s)
		return;
	p->text = s;
	if (strstr(s, "${")) {
		diag_report(n->pos, VN201, "%s '%s': address prefixes must be "
		    "literal so vnetc can check them", what, s);
		return;
	}
	/* A quoted scalar keeps its spaces, and cidr_parse's reasons
	 * ("prefix length not 0-32") would point at the wrong thing. */
	size_t n_s = strlen(s);
	if (n_s && (isspace((unsigned char)s[0]) ||
	    isspace((unsigned char)s[n_s - 1]))) {
		diag_report(n->pos, VN201, "%s '%s' has a space at its %s; "
		    "write the prefix alone", what, s,
		    isspace((unsigned char)s[0]) ? "start" : "end");
		return;
	}
	enum cidr_err e = cidr_parse(s, &p->c);
	if (e == CIDR_OK) {
		p->ok = true;
	} else if (e == CIDR_HOST_BITS) {
		char fixed[CIDR_STRLEN];
		cidr_format(&p->c, fixed);
		diag_report(n->pos, VN202, "%s '%s' has host bits set; the "
		    "network is %s", what, s, fixed);
		p->ok = true; /* checks go on with the corrected prefix */
	} else {
		diag_report(n->pos, VN201, "%s '%s' is not a valid prefix: %s",
		    what, s, cidr_strerror(e));
	}
}

/* One prefix or a list of them. */
static void
mkprefixes(struct ctx *cx, const struct ynode *n, struct prefix **out,
    size_t *nout, const char *what)
{
	if (n->kind == Y_SEQ) {
		if (n->nitems == 0)
			diag_report(n->pos, VN102, "%s is an empty list", what);
		for (size_t i = 0; i < n->nitems; i++) {
			*out = arena_grow(cx->a, *out, nout, sizeof(**out));
			mkprefix(cx, n->items[i], &(*out)[*nout - 1], what);
		}
	} else {
		*out = arena_grow(cx->a, *out, nout, sizeof(**out));
		mkprefix(cx, n, &(*out)[*nout - 1], what);
	}
}

/* --------------------------------------------------------------- objects */

static const char *const top_keys[] = {"vnetc", "project", "description",
    "cloud",
    "*resource_group", "subscription", "*location", "parameters", "dns",
    "*vnets", "backends", "plans", "apps", "nsgs", "route_tables",
    "nat_gateways", "silence", "naming", "naming_vars", "identities", NULL};
static const char *const param_keys[] = {"default", "description", NULL};
/* address_space: parse_vnet says when it is needed (not on an existing
 * VNet) */
static const char *const vnet_keys[] = {"name", "location",
    "address_space", "subnets", "peerings", "resource_group",
    "subscription", "existing", "dns_servers", "resolves_through",
    "silence", NULL};
static const char *const dns_keys[] = {"zones", "links", "linked_vnets",
    "zone_groups", NULL};
static const char *const dns_zones_keys[] = {"resource_group",
    "subscription", "ids", "existing", NULL};
/* prefix or size: parse_subnet says when neither is there */
static const char *const subnet_keys[] = {"name", "prefix", "size",
    "delegation", "private_endpoint_network_policies",
    "private_link_service_network_policies", "default_outbound_access",
    "nsg", "route_table", "nat_gateway", "service_endpoints", "silence",
    NULL};
/* Subnet security (issue 18): docs/spec.md "nsgs", "route_tables",
 * "nat_gateways". */
static const char *const nsg_keys[] = {"name", "existing", "id", "rules",
    "silence", NULL};
static const char *const rule_keys[] = {"*name", "*priority", "*direction",
    "*access", "protocol", "*source", "*destination", "ports",
    "source_ports", "description", NULL};
static const char *const rt_keys[] = {"name", "existing", "id",
    "propagate_gateway_routes", "routes", "silence", NULL};
static const char *const route_keys[] = {"*name", "*prefix", "*next_hop",
    "next_hop_ip", NULL};
static const char *const nat_keys[] = {"name", "existing", "id", "zone",
    "idle_timeout", "public_ips", "silence", NULL};
static const char *const pip_keys[] = {"*id", NULL};
static const char *const se_keys[] = {"*service", "locations", NULL};
static const char *const addr_ref_keys[] = {"subnet", "vnet", NULL};
static const char *const peer_keys[] = {"*vnet", "allow_forwarded_traffic",
    "allow_gateway_transit", "use_remote_gateways", NULL};
/* type: parse_backend says when it is needed (not with an id) */
static const char *const backend_keys[] = {"type", "name", "id",
    "resource_group", "subscription", "existing", "create", "public_access",
    "firewall",
    "private_endpoints", "silence", NULL};
static const char *const firewall_keys[] = {"bypass", "ip_rules",
    "vnet_rules", NULL};
static const char *const pe_keys[] = {"name", "*subnet", "group_id",
    "connection_name", "zone_group", "dns_zones", "dns_links", "zone_scope",
    NULL};
static const char *const farm_keys[] = {"name", "sku", "existing",
    "create", "location", "instances", "resource_group", "subscription", "silence",
    NULL};
static const char *const app_keys[] = {"name", "*plan", "existing",
    "create", "identity", "https_only", "vnet_integration", "route_all", "app_settings", "uses", "access", "basic_auth",
    "private_endpoints", "public_access", "slots", "slot_settings", "roles", "storage",
    "key_vault_identity", "storage_identity", "resource_group", "subscription",
    "silence", NULL};

/* access: of an app (issue 16): its access restrictions */
static const char *const access_keys[] = {"default", "rules", "scm", NULL};
static const char *const scm_access_keys[] = {"default", "rules", NULL};
static const char *const ar_keys[] = {"*name", "priority", "action", "ip",
    "service_tag", "subnet", NULL};
static const char *const ar_action_vals[] = {"allow", "deny", NULL};
/* an app setting's value that comes from another resource (issue 16) */
static const char *const setting_ref_keys[] = {"secret", "from", "property",
    NULL};

/* identities: (issue 16): a user-assigned identity vnetc creates or one
 * that exists, by its resource id */
static const char *const uai_keys[] = {"name", "resource_group",
    "subscription", "create", "existing", NULL};
static const char *const uai_create_keys[] = {NULL};
/* roles: of an app (issue 16) */
static const char *const role_keys[] = {"*on", "*role", "*as", NULL};

static const char *const pe_policy_vals[] = {"Disabled", "Enabled",
    "NetworkSecurityGroupEnabled", "RouteTableEnabled", NULL};
static const char *const pls_policy_vals[] = {"Disabled", "Enabled",
    NULL};
static const char *const access_vals[] = {"enabled", "deny", "disabled",
    NULL};
static const char *const os_vals[] = {"windows", "linux", NULL};
static const char *const identity_vals[] = {"SystemAssigned",
    "UserAssigned", "SystemAssigned, UserAssigned", "None", NULL};
static const char *const direction_vals[] = {"Inbound", "Outbound", NULL};
static const char *const rule_access_vals[] = {"Allow", "Deny", NULL};
/* an app's public_access: a site has no network ACL for deny (its access
 * restrictions are access:) */
static const char *const app_access_vals[] = {"enabled", "disabled", NULL};
/* ORDER PROTO; "any" is also "*" */
static const char *const proto_vals[] = {"*", "Tcp", "Udp", "Icmp", "Esp",
    "Ah", NULL};
/* ORDER HOP */
static const char *const hop_vals[] = {"VirtualAppliance",
    "VirtualNetworkGateway", "VnetLocal", "Internet", "None", NULL};
static const char *const zone_scope_vals[] = {"central", "local", NULL};
static const char *const dns_links_vals[] = {"owned", "platform", NULL};
static const char *const dns_zg_vals[] = {"create", "policy", NULL};

/* Parameter names become shell variables and ARM parameter names: a
 * lowercase first letter keeps them clear of environment variables such
 * as PATH or IFS, and of the script's own (which start with "vnetc_"). */
static bool
valid_param_name(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return false;
	return strncmp(s, "vnetc_", 6) != 0 && strlen(s) <= 64;
}

static void
add_param(struct ctx *cx, const char *name, struct pos pos, bool builtin)
{
	struct spec *s = cx->s;

	s->params = arena_grow(cx->a, s->params, &s->nparams,
	    sizeof(*s->params));
	struct param *p = &s->params[s->nparams - 1];
	p->name = name;
	p->pos = pos;
	p->builtin = builtin;
}

/* Parameters are declared in a first pass so that defaults and every
 * other value can refer to any of them, in any order. */
static void
declare_params(struct ctx *cx, const struct ynode *root)
{
	const struct ynode *ps = get(root, "parameters");

	add_param(cx, "groupName", cx->s->pos, true);
	add_param(cx, "location", cx->s->pos, true);
	if (!ps || is_null(ps))
		return;
	if (!want(ps, Y_MAP, "parameters"))
		return;
	check_keys(cx, ps, "parameters", NULL);
	for (size_t i = 0; i + 1 < ps->nitems; i += 2) {
		const struct ynode *k = ps->items[i];
		if (k->kind != Y_SCALAR)
			continue;
		if (!valid_param_name(k->s)) {
			diag_report(k->pos, VN104, "parameter name '%s': use "
			    "letters, digits and '_', starting with a "
			    "lowercase letter (it becomes a shell variable)",
			    k->s);
			continue;
		}
		if (spec_param(cx->s, k->s)) {
			if (strcmp(k->s, "location") == 0 ||
			    strcmp(k->s, "groupName") == 0)
				diag_report(k->pos, VN301, "parameter '%s' is "
				    "built in (from '%s:')", k->s,
				    k->s[0] == 'l' ? "location" :
				    "resource_group");
			continue; /* duplicate keys: check_keys said so */
		}
		add_param(cx, k->s, k->pos, false);
	}
}

static void
define_params(struct ctx *cx, const struct ynode *root)
{
	const struct ynode *ps = get(root, "parameters");
	struct spec *s = cx->s;

	spec_param(s, "groupName")->def = s->rg;
	spec_param(s, "groupName")->has_def = true;
	spec_param(s, "groupName")->desc = "Resource group of the topology";
	spec_param(s, "location")->def = s->location;
	spec_param(s, "location")->has_def = true;
	spec_param(s, "location")->desc = "Azure region of the regional "
	    "resources";
	if (!ps || ps->kind != Y_MAP)
		return;
	for (size_t i = 0; i + 1 < ps->nitems; i += 2) {
		const struct ynode *k = ps->items[i], *v = ps->items[i + 1];
		if (k->kind != Y_SCALAR)
			continue;
		struct param *p = spec_param(s, k->s);
		if (!p || p->builtin || p->has_def || p->desc)
			continue;
		char what[128];
		snprintf(what, sizeof(what), "parameter '%s'", k->s);
		if (v->kind == Y_MAP) {
			check_keys(cx, v, what, param_keys);
			const struct ynode *d = get(v, "default");
			if (d && !is_null(d)) {
				p->def = mktmpl(cx, d, what);
				p->has_def = true;
			}
			const struct ynode *ds = get(v, "description");
			if (ds)
				p->desc = scalar(cx, ds, what);
		} else if (!is_null(v)) {
			p->def = mktmpl(cx, v, what);
			p->has_def = true;
		}
	}
}

/* ------------------------------ keys the rule catalogue (check.c) needs */

/* The last position inside n: a diagnostic about anything in the node
 * lies between the node's key and this. */
static struct pos
node_end(const struct ynode *n)
{
	struct pos p = n->pos;

	for (size_t i = 0; i < n->nitems; i++) {
		struct pos q = node_end(n->items[i]);
		if (q.line > p.line || (q.line == p.line && q.col > p.col))
			p = q;
	}
	return p;
}

/* "silence: { VN317: reason }" at the top level (node NULL) or in one
 * vnet, subnet, backend, plan or app: diag.c then drops those warnings
 * inside the node (from its key to its end). Only warnings, and only with a
 * reason, so that the spec says why a reviewer need not worry. */
static void
parse_silence(struct ctx *cx, const struct ynode *n, struct pos from,
    const struct ynode *node)
{
	if (!n || !want(n, Y_MAP, "silence"))
		return;
	struct pos to = node ? node_end(node) :
	    (struct pos){from.file, INT_MAX, INT_MAX};
	check_keys(cx, n, "silence", NULL);
	for (size_t i = 0; i + 1 < n->nitems; i += 2) {
		const struct ynode *k = n->items[i], *v = n->items[i + 1];
		enum rule r;
		if (dup_key(n, i))
			continue;
		if (!diag_rule_parse(k->s, &r)) {
			diag_report(k->pos, VN104, "silence: '%s' is not a rule "
			    "id (e.g. VN205; docs/rules.md lists them)", k->s);
			continue;
		}
		if (diag_rule(r)->sev != SEV_WARN) {
			diag_report(k->pos, VN104, "silence: %s is an error; "
			    "only warnings can be silenced", k->s);
			continue;
		}
		const char *why = scalar(cx, v, "the reason for a silence");
		if (!why)
			continue;
		if (!*why) {
			diag_report(v->pos, VN104, "silence: %s needs a reason "
			    "a reviewer can read", k->s);
			continue;
		}
		diag_silence(r, from, to, why);
	}
}

/* ---------------------------------------------------------------- scopes */

/* "resource_group:" and "subscription:" of an object. */
static void
parse_place(struct ctx *cx, const struct ynode *map, struct place *at,
    const char *what)
{
	const struct ynode *n;

	if ((n = get(map, "resource_group")))
		at->rg = mktmpl(cx, n, what);
	if ((n = get(map, "subscription")))
		at->sub = mktmpl(cx, n, what);
}

/* Append a piece (a literal or a parameter) to t, keeping its raw text. */
static void
tmpl_push(struct spec *s, struct tmpl *t, struct buf *raw, struct seg g)
{
	if (g.lit && !*g.lit)
		return;
	t->segs = arena_grow(&s->arena, t->segs, &t->nsegs, sizeof(*t->segs));
	t->segs[t->nsegs - 1] = g;
	if (g.lit)
		buf_puts(raw, g.lit);
	else
		buf_printf(raw, "${%s}", g.param->name);
}

/* The segment cur, complete: stored as out[*n] (the literal "" when
 * empty) if it fits. */
static void
seg_done(struct spec *s, struct tmpl *cur, struct buf *raw, struct tmpl *out,
    size_t *n, size_t max)
{
	if (!cur->nsegs) {
		cur->segs = arena_alloc(&s->arena, sizeof(*cur->segs));
		cur->segs[0].lit = "";
		cur->nsegs = 1;
	}
	cur->raw = arena_strdup(&s->arena, buf_str(raw));
	if (*n < max)
		out[*n] = *cur;
	(*n)++;
	*cur = (struct tmpl){.pos = cur->pos};
	raw->len = 0;
}

/* t cut at each '/' of its literal text: the segments of a resource id,
 * each a template ("${sub}" stays whole in its segment). Returns their
 * number; at most max are stored. */
static size_t
split_tmpl(struct spec *s, const struct tmpl *t, struct tmpl *out,
    size_t max)
{
	struct tmpl cur = {.pos = t->pos};
	struct buf raw = {0};
	size_t n = 0;

	for (size_t i = 0; i < t->nsegs; i++) {
		const struct seg *g = &t->segs[i];
		if (g->param) {
			tmpl_push(s, &cur, &raw, *g);
			continue;
		}
		for (const char *p = g->lit;; p++) {
			size_t l = strcspn(p, "/");
			tmpl_push(s, &cur, &raw, (struct seg){.lit =
			    arena_strndup(&s->arena, p, l)});
			p += l;
			if (!*p)
				break;
			seg_done(s, &cur, &raw, out, &n, max);
		}
	}
	seg_done(s, &cur, &raw, out, &n, max);
	buf_free(&raw);
	return n;
}

/* A resource id as the spec writes it:
 * /subscriptions/SUB/resourceGroups/RG/providers/NS/TYPE/NAME, SUB, RG
 * and NAME may be ${param}s. The fixed words compare case-insensitively,
 * as ARM compares them. */
enum { ID_SEGS = 9 };
static const char *const id_words[ID_SEGS] = {"", "subscriptions", NULL,
    "resourceGroups", NULL, "providers", NULL, NULL, NULL};

/* The id form a message asks for: ".../providers/Microsoft.X/y/NAME". */
static const char *
id_form(struct spec *s, const char *type)
{
	return arena_printf(&s->arena, "/subscriptions/SUB/resourceGroups/RG/"
	    "providers/%s/NAME", type ? type : "NAMESPACE/TYPE");
}

/* Cut the id t (of a `what`) into its scope, type and name: false (VN110
 * reported) when it is not an id of that shape, or not of type want (if
 * want is not NULL). */
static bool
parse_resid(struct spec *s, const struct tmpl *t, const char *want,
    const char *what, struct place *at, struct tmpl *name,
    const char **type)
{
	struct tmpl seg[ID_SEGS];
	size_t n = split_tmpl(s, t, seg, ID_SEGS);
	bool ok = n == ID_SEGS;

	for (size_t i = 0; ok && i < ID_SEGS; i++) {
		bool lit = tmpl_is_literal(&seg[i]);
		const char *v = lit ? tmpl_eval(s, &seg[i]) : NULL;
		if (id_words[i] || i == 0)
			ok = lit && streqi(v, id_words[i]);
		else if (i == 6 || i == 7)
			ok = lit && *v; /* the type is checked here */
		else
			ok = !lit || *v;
	}
	if (!ok) {
		diag_report(t->pos, VN110, "%s '%s' is not a resource id of the "
		    "form %s ('az resource show ... --query id' prints it; "
		    "the type's words must be literal)", what, t->raw,
		    id_form(s, want));
		return false;
	}
	const char *ty = arena_printf(&s->arena, "%s/%s", tmpl_eval(s,
	    &seg[6]), tmpl_eval(s, &seg[7]));
	if (want && !streqi(ty, want)) {
		diag_report(t->pos, VN110, "%s '%s' is the id of a %s, not of "
		    "a %s: %s", what, t->raw, ty, want, id_form(s, want));
		return false;
	}
	at->sub = seg[2];
	at->rg = seg[4];
	*name = seg[8];
	if (type)
		*type = ty;
	return true;
}

/* A subscription id: a GUID, 8-4-4-4-12 hexadecimal digits. */
bool
guid_ok(const char *g)
{
	static const int len[] = {8, 4, 4, 4, 12};

	for (size_t i = 0; i < NELEM(len); i++) {
		for (int k = 0; k < len[i]; k++, g++)
			if (!isxdigit((unsigned char)*g))
				return false;
		if (i + 1 < NELEM(len) && *g++ != '-')
			return false;
	}
	return *g == '\0';
}

/* " (the value of ${x})" after a value that came from parameters. */
static const char *
via(struct spec *s, const struct tmpl *t)
{
	return tmpl_is_literal(t) ? "" : arena_printf(&s->arena, " (%s)",
	    t->raw);
}

/* VN110 when the name in an id given with parameters is no segment of
 * a resource id once they have values: a value may hold a '/' (its
 * subscription and group are VN109's). */
static void
check_id_value(struct spec *s, const char *what, struct pos pos,
    const struct tmpl *name)
{
	const char *v = tmpl_eval(s, name);

	if (*v && !strchr(v, '/'))
		return;
	diag_report(pos, VN110, "%s: its name is '%s'%s: %s", what, v,
	    via(s, name), *v ? "a segment of a resource id holds no '/'" :
	    "empty");
}

/* Where a VN109 about t is reported: at t, or, when t is a parameter
 * whose default gives the value, at the default, once however many
 * objects use it (NULL: reported already). */
static const struct pos *
scope_fault_at(const struct tmpl *t)
{
	struct param *p = t->nsegs == 1 ? t->segs[0].param : NULL;

	if (!p || p->value || !p->has_def || !p->def.pos.line)
		return &t->pos;
	if (p->refused)
		return NULL;
	p->refused = true;
	return &p->def.pos;
}

/* VN109: a subscription that is not a subscription id. */
static bool
check_sub(struct spec *s, const struct tmpl *t)
{
	const char *v = tmpl_eval(s, t);

	if (guid_ok(v))
		return true;
	const struct pos *at = scope_fault_at(t);
	if (!at)
		return false;
	diag_report(*at, VN109, "subscription '%s'%s is not a subscription "
	    "id: a GUID such as 00000000-0000-0000-0000-000000000000 ('az "
	    "account show --query id' prints yours)", v, at == &t->pos ?
	    via(s, t) : arena_printf(&s->arena, " (the default of %s)",
	    t->raw));
	if (at != &t->pos)
		diag_note(t->pos, "first used as a subscription here");
	return false;
}

/* VN109: a resource group name Azure refuses (restypes.c's rule). */
static bool
check_rg(struct spec *s, const struct tmpl *t)
{
	const char *v = tmpl_eval(s, t);
	struct name_check c;

	if (restype_name_check(RES_RG, v, &c))
		return true;
	diag_report(t->pos, VN109, "resource group '%s'%s is not a name Azure "
	    "takes for a resource group: %d-%d characters, %s", v, via(s, t),
	    restype_get(RES_RG)->minlen, restype_get(RES_RG)->maxlen,
	    restype_get(RES_RG)->chars);
	return false;
}

/* The scope of an object at place at (NULL or nothing given: home), made
 * on the first use of its (subscription, resource group) pair, compared
 * after parameters and without case, as ARM compares them. A new pair's
 * subscription and group are checked (VN109). */
static const struct scope *
intern_scope(struct spec *s, const struct place *at, struct pos pos)
{
	const struct scope *home = s->scopes[0];

	if (!at || (!at->sub.nsegs && !at->rg.nsegs))
		return home;
	const struct tmpl *sub = at->sub.nsegs ? &at->sub : &home->sub;
	const struct tmpl *rg = at->rg.nsegs ? &at->rg : &home->rg;
	const char *sv = tmpl_eval(s, sub), *rv = tmpl_eval(s, rg);
	for (size_t i = 0; i < s->nscopes; i++)
		if (streqi(tmpl_eval(s, &s->scopes[i]->sub), sv) &&
		    streqi(tmpl_eval(s, &s->scopes[i]->rg), rv))
			return s->scopes[i];
	/* both checked: a bad subscription and a bad group beside it are
	 * two errors at once */
	bool ok = !at->sub.nsegs || check_sub(s, &at->sub);
	if (at->rg.nsegs && !check_rg(s, &at->rg))
		ok = false;
	if (!ok) {
		/* reported: go on as if it were home, but marked, so that
		 * no check reports it again as a scope (VN355, VN357) */
		struct scope *bad = arena_alloc(&s->arena, sizeof(*bad));
		*bad = *home;
		bad->bad = true;
		return bad;
	}
	/* One by one: objects keep pointers to them. */
	struct scope *sc = arena_alloc(&s->arena, sizeof(*sc));
	*sc = (struct scope){*sub, *rg, pos, s->nscopes, false};
	s->scopes = arena_grow(&s->arena, s->scopes, &s->nscopes,
	    sizeof(*s->scopes));
	s->scopes[s->nscopes - 1] = sc;
	return sc;
}

/* One logical name or a list of them: peerings, dns_links, uses. */
static void
mkrefs(struct ctx *cx, const struct ynode *n, struct ref **out,
    size_t *nout, const char *what)
{
	if (!n || is_null(n))
		return;
	if (n->kind != Y_SCALAR && !want(n, Y_SEQ, what))
		return;
	size_t cnt = n->kind == Y_SCALAR ? 1 : n->nitems;
	for (size_t i = 0; i < cnt; i++) {
		const struct ynode *it = n->kind == Y_SCALAR ? n : n->items[i];
		const char *name = scalar(cx, it, what);
		if (!name)
			continue;
		*out = arena_grow(cx->a, *out, nout, sizeof(**out));
		(*out)[*nout - 1] = (struct ref){.name = name, .pos = it->pos,
		    .fwd = -1};
	}
}

/* A small count (instances) or prefix length (size): digits without a
 * leading zero, in [lo, hi]; -1 otherwise. */
static int
small_int(const char *s, int lo, int hi)
{
	int v = 0;

	if (!*s || (s[0] == '0' && s[1]) || strlen(s) > 4)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v >= lo && v <= hi ? v : -1;
}

/* t (n's text) as a whole number from lo to hi, said with its unit
 * ("days", "instances"); -1 and VN104 otherwise: a number out of range
 * says the range, not that it is not a number. */
static int
int_in(const struct ynode *n, const char *t, const char *what,
    const char *key, int lo, int hi, const char *unit)
{
	int v = small_int(t, lo, hi);
	bool digits = *t && strspn(t, "0123456789") == strlen(t);

	if (v >= 0)
		return v;
	if (digits)
		diag_report(n->pos, VN104, "%s: %s %s is out of range: write "
		    "a number of %s from %d to %d", what, key, t, unit, lo, hi);
	else
		diag_report(n->pos, VN104, "%s: %s '%s' is not a whole "
		    "number: write a number of %s from %d to %d", what, key, t,
		    unit, lo, hi);
	return -1;
}

/* "size: /26": check.c packs the subnet into the free space (VN213). */
static void
parse_size(struct ctx *cx, const struct ynode *n, struct subnet *sn,
    const char *what, bool has_prefix)
{
	const char *s = scalar(cx, n, "size");

	if (!s)
		return;
	if (has_prefix) {
		diag_report(n->pos, VN104, "%s: give 'prefix' or 'size', not "
		    "both", what);
		return;
	}
	int len = small_int(s[0] == '/' ? s + 1 : s, 0, 32);
	if (len < 0) {
		diag_report(n->pos, VN104, "%s: size '%s' is not an IPv4 "
		    "prefix length (/0 to /32) such as /26", what, s);
		return;
	}
	sn->size = len;
	sn->size_pos = n->pos;
}

/* ------------------------------------- subnet security (issue 18) */

/* Digits only, no sign, no leading zero, at most 9 of them; -1 otherwise.
 * The range is the rule's to check (VN328, VN342). */
static long
number(const char *s)
{
	long v = 0;

	if (!*s || (s[0] == '0' && s[1]) || strlen(s) > 9)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

/* A bare address ("10.0.1.4") or a prefix: kept with its text, so that
 * the outputs write a bare address bare. */
/* An address or a prefix, into p: an address is a /32 (/128). */
static void
mkaddr(struct ctx *cx, const struct ynode *n, struct prefix *p,
    const char *what)
{
	if (strchr(n->s, '/')) {
		mkprefix(cx, n, p, what);
		return;
	}
	p->pos = n->pos;
	p->text = n->s;
	if (cidr_parse_addr(n->s, &p->c.family, p->c.addr)) {
		p->c.len = p->c.family == 4 ? 32 : 128;
		p->ok = true;
	} else {
		diag_report(n->pos, VN201, "%s '%s' is not a valid address or "
		    "prefix", what, n->s);
	}
}

static void
addr_prefix(struct ctx *cx, const struct ynode *n, struct addr *a,
    const char *what)
{
	a->lits = arena_grow(cx->a, a->lits, &a->nlits, sizeof(*a->lits));
	mkaddr(cx, n, &a->lits[a->nlits - 1], what);
}

/* One item of an address: "*", an address or prefix, a service tag, or
 * {subnet: KEY} / {vnet: KEY}. Which of them may stand together is
 * netsec.c's to say (VN329). */
static void
addr_item(struct ctx *cx, const struct ynode *n, struct addr *a,
    const char *what)
{
	if (n->kind == Y_MAP) {
		check_keys(cx, n, what, addr_ref_keys);
		const struct ynode *sub = get(n, "subnet"), *vn = get(n, "vnet");
		if ((sub != NULL) == (vn != NULL)) {
			diag_report(n->pos, VN103, "%s: write one of {subnet: "
			    "KEY} or {vnet: KEY}", what);
			return;
		}
		const char *k = scalar(cx, sub ? sub : vn, what);
		if (!k)
			return;
		a->refs = arena_grow(cx->a, a->refs, &a->nrefs,
		    sizeof(*a->refs));
		a->refs[a->nrefs - 1] = (struct addr_ref){k, (sub ? sub : vn)->
		    pos, vn != NULL, NULL, NULL};
		return;
	}
	const char *v = scalar(cx, n, what);
	if (!v)
		return;
	if (strstr(v, "${")) {
		diag_report(n->pos, VN201, "%s '%s': addresses must be literal "
		    "so vnetc can check them", what, v);
		return;
	}
	if (strcmp(v, "*") == 0) {
		if (!a->nany++)
			a->any_pos = n->pos;
		return;
	}
	if ((v[0] >= '0' && v[0] <= '9') || strchr(v, ':')) {
		addr_prefix(cx, n, a, what);
		return;
	}
	/* A service tag's name: letters, digits and '.' (Storage.WestEurope,
	 * AzureFrontDoor.Backend). */
	if (strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789.") != strlen(v)) {
		diag_report(n->pos, VN201, "%s '%s' is not an address, a prefix, "
		    "'*' or a service tag", what, v);
		return;
	}
	a->tags = arena_grow(cx->a, a->tags, &a->ntags, sizeof(*a->tags));
	a->tags[a->ntags - 1] = v;
	size_t np = a->ntags - 1;
	a->tag_pos = arena_grow(cx->a, a->tag_pos, &np, sizeof(*a->tag_pos));
	a->tag_pos[np - 1] = n->pos;
}

static void
parse_addr(struct ctx *cx, const struct ynode *n, struct addr *a,
    const char *what)
{
	if (!n)
		return;
	a->pos = n->pos;
	if (n->kind == Y_SEQ) {
		if (!n->nitems)
			diag_report(n->pos, VN102, "%s is an empty list", what);
		for (size_t i = 0; i < n->nitems; i++)
			addr_item(cx, n->items[i], a, what);
	} else {
		addr_item(cx, n, a, what);
	}
}

/* "443", "8080-8090", "*", or a list of ports and ranges (VN331). */
static void
port_item(struct ctx *cx, const struct ynode *n, struct ports *p,
    const char *what, bool *any)
{
	const char *v = scalar(cx, n, what);
	char lo[16], hi[16];
	long a, b;

	if (!v)
		return;
	if (strcmp(v, "*") == 0) {
		*any = true;
		return;
	}
	if (strchr(v, ',')) {
		/* "80,443": one string, meant as a list */
		struct buf list = {0};
		for (const char *q = v; *q;) {
			q += strspn(q, " ,");
			size_t l = strcspn(q, " ,");
			if (l)
				buf_printf(&list, "%s%.*s", list.len ? ", " : "",
				    (int)l, q);
			q += l;
		}
		diag_report(n->pos, VN331, "%s '%s' is one string, not a list "
		    "of ports; write [%s]", what, v, buf_str(&list));
		buf_free(&list);
		return;
	}
	size_t dash = strcspn(v, "-");
	if (dash >= sizeof(lo) || strlen(v) - dash >= sizeof(hi)) {
		diag_report(n->pos, VN331, "%s '%s' is not a port (0-65535) or "
		    "a range such as 8080-8090", what, v);
		return;
	}
	memcpy(lo, v, dash);
	lo[dash] = 0;
	snprintf(hi, sizeof(hi), "%s", v[dash] ? v + dash + 1 : lo);
	a = number(lo);
	b = number(hi);
	if (a < 0 || b < 0) {
		diag_report(n->pos, VN331, "%s '%s' is not a port (0-65535) or "
		    "a range such as 8080-8090", what, v);
	} else if (a > 65535 || b > 65535) {
		diag_report(n->pos, VN331, "%s '%s': ports are 0 to 65535", what,
		    v);
	} else if (a > b) {
		diag_report(n->pos, VN331, "%s '%s' runs backwards; write "
		    "%ld-%ld", what, v, b, a);
	} else {
		p->r = arena_grow(cx->a, p->r, &p->n, sizeof(*p->r));
		p->r[p->n - 1] = (struct portrange){(unsigned)a, (unsigned)b};
	}
}

static void
parse_ports(struct ctx *cx, const struct ynode *n, struct ports *p,
    const char *what)
{
	bool any = false;

	if (!n)
		return; /* any */
	p->pos = n->pos;
	if (n->kind == Y_SEQ) {
		if (!n->nitems)
			diag_report(n->pos, VN102, "%s is an empty list", what);
		for (size_t i = 0; i < n->nitems; i++)
			port_item(cx, n->items[i], p, what, &any);
	} else {
		port_item(cx, n, p, what, &any);
	}
	/* "*" matches every port: in a list it says nothing more, and
	 * Azure takes it alone. */
	if (any && (p->n || (n->kind == Y_SEQ && n->nitems > 1)))
		diag_report(n->pos, VN331, "%s: '*' (every port) stands alone, "
		    "not in a list with other ports", what);
	if (any)
		p->n = 0;
}

static void
parse_rule(struct ctx *cx, struct nsg *g, const struct ynode *v, size_t i)
{
	char what[200];
	struct secrule *r = &g->rules[g->nrules++]; /* sized by parse_nsg */
	const struct ynode *n;

	r->pos = v->pos;
	snprintf(what, sizeof(what), "rule %zu of nsg '%s'", i + 1, g->r.key);
	if (!want(v, Y_MAP, what))
		return;
	check_keys(cx, v, what, rule_keys);
	if ((n = get(v, "name"))) {
		r->name = mktmpl(cx, n, what);
		snprintf(what, sizeof(what), "rule '%s' of nsg '%s'", n->kind ==
		    Y_SCALAR ? n->s : "?", g->r.key);
	}
	if ((n = get(v, "priority"))) {
		const char *t = scalar(cx, n, "priority");
		r->priority_pos = n->pos;
		if (t && (r->priority = (int)number(t)) < 0) {
			r->priority = 0;
			diag_report(n->pos, VN104, "%s: priority '%s' is not a "
			    "number (100-4096)%s", what, t, strstr(t, "${") ?
			    "; parameters are not allowed in a priority, which "
			    "the checks need to know (VN328, VN332): write the "
			    "number" : "");
		}
	}
	if ((n = get(v, "direction"))) {
		const char *d = oneof(n, "direction", direction_vals);
		r->outbound = d && d[0] == 'O';
		r->direction_pos = n->pos;
	}
	if ((n = get(v, "access"))) {
		const char *a = oneof(n, "access", rule_access_vals);
		r->deny = a && a[0] == 'D';
	}
	if ((n = get(v, "protocol"))) {
		const char *pr = n->kind == Y_SCALAR && streqi(n->s, "any") ?
		    "*" : oneof(n, "protocol (or any)", proto_vals);
		for (size_t k = 0; pr && proto_vals[k]; k++)
			if (pr == proto_vals[k])
				r->proto = (enum proto)k;
	}
	parse_addr(cx, get(v, "source"), &r->src, arena_printf(cx->a,
	    "%s: source", what));
	parse_addr(cx, get(v, "destination"), &r->dst, arena_printf(cx->a,
	    "%s: destination", what));
	parse_ports(cx, get(v, "ports"), &r->dports, arena_printf(cx->a,
	    "%s: ports", what));
	parse_ports(cx, get(v, "source_ports"), &r->sports, arena_printf(cx->a,
	    "%s: source_ports", what));
	if ((n = get(v, "description")))
		r->description = mktmpl(cx, n, what);
}

static void
parse_route(struct ctx *cx, struct rtable *t, const struct ynode *v,
    size_t i)
{
	char what[200];
	struct route *r = &t->routes[t->nroutes++]; /* sized by parse_rt */
	const struct ynode *n;

	r->pos = v->pos;
	snprintf(what, sizeof(what), "route %zu of route table '%s'", i + 1,
	    t->r.key);
	if (!want(v, Y_MAP, what))
		return;
	check_keys(cx, v, what, route_keys);
	if ((n = get(v, "name"))) {
		r->name = mktmpl(cx, n, what);
		snprintf(what, sizeof(what), "route '%s' of route table '%s'",
		    n->kind == Y_SCALAR ? n->s : "?", t->r.key);
	}
	parse_addr(cx, get(v, "prefix"), &r->prefix, arena_printf(cx->a,
	    "%s: prefix", what));
	if ((n = get(v, "next_hop"))) {
		const char *h = oneof(n, arena_printf(cx->a, "%s: next_hop",
		    what), hop_vals);
		r->hop_pos = n->pos;
		for (size_t k = 0; h && hop_vals[k]; k++)
			if (h == hop_vals[k])
				r->hop = (enum hop)k, r->has_hop = true;
	}
	/* An address, or a ${param}: checked on its value (netsec.c). */
	if ((n = get(v, "next_hop_ip")))
		r->nh = mktmpl(cx, n, what);
}

/* "existing: true" (and "id:") of an NSG, a route table, a NAT gateway:
 * attached, never written. */
static void
parse_netres(struct ctx *cx, struct netres *r, const struct ynode *v,
    const char *what)
{
	const struct ynode *n;

	if ((n = get(v, "name")))
		r->name = mktmpl(cx, n, what);
	if ((n = get(v, "existing"))) {
		int b = boolean(n, "existing");
		r->existing = b == 1;
		r->existing_pos = n->pos;
	}
	if ((n = get(v, "id"))) {
		r->id = mktmpl(cx, n, what);
		if (!r->existing)
			diag_report(n->pos, VN104, "%s: id names a resource "
			    "that exists; add 'existing: true' (vnetc then "
			    "attaches it and writes nothing of it)", what);
		else if (get(v, "name"))
			diag_report(n->pos, VN104, "%s: give 'name' (in the "
			    "spec's resource group) or 'id' (anywhere), not "
			    "both", what);
		else
			r->name = (struct tmpl){0}; /* it is the id's */
	}
}

/* What a resource that exists may not be given: vnetc writes nothing of
 * it. */
static void
existing_refuses(const struct netres *r, const struct ynode *v,
    const char *what, const char *const *keys)
{
	for (const char *const *k = keys; r->existing && *k; k++) {
		const struct ynode *n = get(v, *k);
		if (n)
			diag_report(n->pos, VN104, "%s exists (existing: true): "
			    "vnetc attaches it and writes nothing of it, so "
			    "'%s' has no effect; remove it, or drop existing "
			    "to let vnetc own it", what, *k);
	}
}

static void
netres_init(struct ctx *cx, struct netres *r, const char *key,
    struct pos pos, bool inl)
{
	r->key = key;
	r->pos = pos;
	r->inline_ = inl;
	/* inline: named in resolve(), once every subnet key is known */
	if (!inl)
		r->name = key_tmpl(cx, key, pos);
}

static struct nsg *
parse_nsg_body(struct ctx *cx, const char *key, struct pos pos,
    const struct ynode *v, bool inl)
{
	struct spec *s = cx->s;
	struct nsg *g = arena_alloc(cx->a, sizeof(*g));
	char what[200];
	static const char *const owned[] = {"rules", NULL};

	netres_init(cx, &g->r, key, pos, inl);
	s->nsgs = arena_grow(cx->a, s->nsgs, &s->nnsgs, sizeof(*s->nsgs));
	s->nsgs[s->nnsgs - 1] = g;
	snprintf(what, sizeof(what), "nsg '%s'", key);
	if (is_null(v) || !want(v, Y_MAP, what))
		return g;
	check_keys(cx, v, what, nsg_keys);
	parse_silence(cx, get(v, "silence"), pos, v);
	parse_netres(cx, &g->r, v, what);
	existing_refuses(&g->r, v, what, owned);
	const struct ynode *n = get(v, "rules");
	if (n && !is_null(n) && want(n, Y_SEQ, "rules")) {
		g->rules_pos = n->pos;
		g->rules = arena_alloc(cx->a, (n->nitems + 1) *
		    sizeof(*g->rules));
		for (size_t i = 0; i < n->nitems; i++) {
			int e0 = diag_nerrors();
			parse_rule(cx, g, n->items[i], i);
			g->rules[i].bad = diag_nerrors() > e0;
		}
	}
	return g;
}

static struct rtable *
parse_rt_body(struct ctx *cx, const char *key, struct pos pos,
    const struct ynode *v, bool inl)
{
	struct spec *s = cx->s;
	struct rtable *t = arena_alloc(cx->a, sizeof(*t));
	char what[200];
	static const char *const owned[] = {"routes",
	    "propagate_gateway_routes", NULL};

	netres_init(cx, &t->r, key, pos, inl);
	t->propagate = -1;
	s->rtables = arena_grow(cx->a, s->rtables, &s->nrtables,
	    sizeof(*s->rtables));
	s->rtables[s->nrtables - 1] = t;
	snprintf(what, sizeof(what), "route table '%s'", key);
	if (is_null(v) || !want(v, Y_MAP, what))
		return t;
	check_keys(cx, v, what, rt_keys);
	parse_silence(cx, get(v, "silence"), pos, v);
	parse_netres(cx, &t->r, v, what);
	existing_refuses(&t->r, v, what, owned);
	const struct ynode *n = get(v, "propagate_gateway_routes");
	if (n) {
		int b = boolean(n, "propagate_gateway_routes");
		t->propagate = b >= 0 ? b : -1;
		t->propagate_pos = n->pos;
	}
	n = get(v, "routes");
	if (n && !is_null(n) && want(n, Y_SEQ, "routes")) {
		t->routes_pos = n->pos;
		t->routes = arena_alloc(cx->a, (n->nitems + 1) *
		    sizeof(*t->routes));
		for (size_t i = 0; i < n->nitems; i++)
			parse_route(cx, t, n->items[i], i);
	}
	return t;
}

/* public_ips: a name is a Standard static IPv4 public IP that vnetc
 * creates, {id: ...} one that exists. */
static void
parse_pips(struct ctx *cx, struct natgw *g, const struct ynode *n,
    const char *what)
{
	size_t cnt = n->kind == Y_SEQ ? n->nitems : 1;

	g->pips_pos = n->pos;
	if (n->kind == Y_SEQ && !n->nitems)
		diag_report(n->pos, VN102, "public_ips is an empty list");
	g->pips = arena_alloc(cx->a, (cnt + 1) * sizeof(*g->pips));
	for (size_t i = 0; i < cnt; i++) {
		const struct ynode *it = n->kind == Y_SEQ ? n->items[i] : n;
		struct pip *p = &g->pips[g->npips];
		p->pos = it->pos;
		if (it->kind == Y_MAP) {
			check_keys(cx, it, what, pip_keys);
			const struct ynode *id = get(it, "id");
			if (!id)
				continue;
			p->id = mktmpl(cx, id, what);
			p->existing = true;
		} else {
			p->name = mktmpl(cx, it, what);
			if (!p->name.nsegs)
				continue;
		}
		g->npips++;
	}
}

static struct natgw *
parse_nat_body(struct ctx *cx, const char *key, struct pos pos,
    const struct ynode *v, bool inl)
{
	struct spec *s = cx->s;
	struct natgw *g = arena_alloc(cx->a, sizeof(*g));
	char what[200];
	static const char *const owned[] = {"zone", "idle_timeout",
	    "public_ips", NULL};

	netres_init(cx, &g->r, key, pos, inl);
	s->natgws = arena_grow(cx->a, s->natgws, &s->nnatgws,
	    sizeof(*s->natgws));
	s->natgws[s->nnatgws - 1] = g;
	snprintf(what, sizeof(what), "NAT gateway '%s'", key);
	if (is_null(v))
		goto defaults;	/* "x:" is "x: {}", as for NSGs and tables */
	if (!want(v, Y_MAP, what))
		return g;
	check_keys(cx, v, what, nat_keys);
	parse_silence(cx, get(v, "silence"), pos, v);
	parse_netres(cx, &g->r, v, what);
	existing_refuses(&g->r, v, what, owned);
	const struct ynode *n;
	if ((n = get(v, "zone"))) {
		const char *z = scalar(cx, n, "zone");
		g->zone_pos = n->pos;
		if (z && (g->zone = (int)number(z)) < 1) {
			g->zone = 0;
			diag_report(n->pos, VN104, "%s: zone '%s' is not an "
			    "availability zone (1, 2 or 3; leave zone out for "
			    "no zone)", what, z);
		} else if (z && g->zone > 3) {
			diag_report(n->pos, VN104, "%s: zone '%s' is not an "
			    "availability zone (1, 2 or 3)", what, z);
			g->zone = 0;
		}
	}
	if ((n = get(v, "idle_timeout"))) {
		const char *t = scalar(cx, n, "idle_timeout");
		g->idle_pos = n->pos;
		if (t && (g->idle = (int)number(t)) < 0) {
			g->idle = 0;
			diag_report(n->pos, VN104, "%s: idle_timeout '%s' is not "
			    "a number of minutes (4-120)", what, t);
		} else if (t) {
			g->has_idle = true; /* the range is VN342's */
		}
	}
	if ((n = get(v, "public_ips")) && !is_null(n))
		parse_pips(cx, g, n, what);
defaults:
	if (!g->r.existing && !g->npips && !get(v, "public_ips")) {
		/* its Standard static public IP: "<name>-pip" by default */
		g->pips = arena_alloc(cx->a, sizeof(*g->pips));
		g->npips = 1;
		g->pips[0].pos = pos;
		g->pips[0].derived = true; /* named in resolve(): <name>-pip */
	}
	for (size_t i = 0; i < g->npips; i++)
		g->pips[i].nat = g;
	return g;
}

static void
parse_nsg(struct ctx *cx, const struct ynode *k, const struct ynode *v)
{
	parse_nsg_body(cx, k->s, k->pos, v, false);
}

static void
parse_rt(struct ctx *cx, const struct ynode *k, const struct ynode *v)
{
	parse_rt_body(cx, k->s, k->pos, v, false);
}

static void
parse_nat(struct ctx *cx, const struct ynode *k, const struct ynode *v)
{
	parse_nat_body(cx, k->s, k->pos, v, false);
}

/* nsg:, route_table:, nat_gateway: on a subnet: a key of the top-level
 * section, or the resource written here (named after the subnet). */
static void
subnet_netres(struct ctx *cx, struct subnet *sn, const struct ynode *v,
    const char *key)
{
	const struct ynode *n = get(v, key);
	const char *ikey;

	if (!n)
		return;
	struct ref *r = key[0] == 'n' && key[1] == 's' ? &sn->nsg_ref :
	    key[0] == 'r' ? &sn->rt_ref : &sn->nat_ref;
	r->pos = n->pos;
	if (n->kind == Y_SCALAR && !is_null(n)) {
		r->name = n->s;
		return;
	}
	if (!want(n, Y_MAP, key))
		return;
	ikey = arena_printf(cx->a, "%s/%s", sn->vnet->key, sn->key);
	if (r == &sn->nsg_ref)
		sn->nsg = parse_nsg_body(cx, ikey, n->pos, n, true);
	else if (r == &sn->rt_ref)
		sn->rt = parse_rt_body(cx, ikey, n->pos, n, true);
	else
		sn->nat = parse_nat_body(cx, ikey, n->pos, n, true);
}

/* service_endpoints: [Microsoft.KeyVault, {service: Microsoft.Storage,
 * locations: [westeurope]}]; netsec.c checks the names (VN344, VN345),
 * check_locations() the locations. */
static void
parse_service_endpoints(struct ctx *cx, struct subnet *sn,
    const struct ynode *n, const char *what)
{
	if (!n || is_null(n))
		return;
	if (n->kind != Y_SEQ && !want(n, Y_SEQ, "service_endpoints"))
		return;
	sn->ses = arena_alloc(cx->a, (n->nitems + 1) * sizeof(*sn->ses));
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ynode *it = n->items[i], *loc = NULL;
		struct svcendpoint *e = &sn->ses[sn->nses];
		e->pos = it->pos;
		if (it->kind == Y_MAP) {
			check_keys(cx, it, what, se_keys);
			loc = get(it, "locations");
			it = get(it, "service");
			if (!it)
				continue;
		}
		if (!(e->service = scalar(cx, it, "service")))
			continue;
		sn->nses++;
		if (!loc || is_null(loc))
			continue;
		size_t cnt = loc->kind == Y_SEQ ? loc->nitems : 1;
		if (loc->kind == Y_SEQ && !cnt)
			diag_report(loc->pos, VN102, "locations is an empty "
			    "list");
		e->locations = arena_alloc(cx->a, (cnt + 1) *
		    sizeof(*e->locations));
		e->location_pos = arena_alloc(cx->a, (cnt + 1) *
		    sizeof(*e->location_pos));
		for (size_t k = 0; k < cnt; k++) {
			const struct ynode *l = loc->kind == Y_SEQ ?
			    loc->items[k] : loc;
			const char *t = scalar(cx, l, "a location");
			if (!t)
				continue;
			e->location_pos[e->nlocations] = l->pos;
			e->locations[e->nlocations++] = t;
		}
	}
}

/* peerings: [hub] or [{vnet: hub, allow_forwarded_traffic: true,
 * allow_gateway_transit: true, use_remote_gateways: true}]. */
static void
parse_peerings(struct ctx *cx, struct vnet *vn, const struct ynode *n)
{
	if (!n || is_null(n))
		return;
	if (n->kind != Y_SCALAR && !want(n, Y_SEQ, "peerings"))
		return;
	size_t cnt = n->kind == Y_SCALAR ? 1 : n->nitems;
	for (size_t i = 0; i < cnt; i++) {
		const struct ynode *it = n->kind == Y_SCALAR ? n : n->items[i];
		const struct ynode *f = NULL;
		struct ref r = {.fwd = -1};
		if (it->kind == Y_MAP) {
			check_keys(cx, it, "a peering", peer_keys);
			f = get(it, "allow_forwarded_traffic");
			if (f && (r.fwd = boolean(f,
			    "allow_forwarded_traffic")) < 0)
				r.fwd = -1;
			f = get(it, "allow_gateway_transit");
			int gt = f ? boolean(f, "allow_gateway_transit") : -1;
			r.gw_transit = gt == 1;
			if (gt == 0)
				r.transit_off = f->pos;
			f = get(it, "use_remote_gateways");
			r.use_remote_gw = f && boolean(f,
			    "use_remote_gateways") == 1;
			if (f)
				r.gw_pos = f->pos;
			if (!(it = get(it, "vnet")))
				continue;
		}
		if (!(r.name = scalar(cx, it, "peerings")))
			continue;
		r.pos = it->pos;
		vn->peerings = arena_grow(cx->a, vn->peerings, &vn->npeerings,
		    sizeof(*vn->peerings));
		vn->peerings[vn->npeerings - 1] = r;
	}
}

static void
parse_subnet(struct ctx *cx, struct vnet *vn, const struct ynode *k,
    const struct ynode *v)
{
	char what[160];

	struct subnet *sn = &vn->subnets[vn->nsubnets++]; /* parse_vnet */
	sn->key = k->s;
	sn->pos = k->pos;
	sn->vnet = vn;
	sn->size = -1;
	snprintf(what, sizeof(what), "subnet '%s'", k->s);
	if (!want(v, Y_MAP, what)) {
		sn->name = key_tmpl(cx, k->s, k->pos);
		return;
	}
	check_keys(cx, v, what, subnet_keys);
	parse_silence(cx, get(v, "silence"), k->pos, v);
	sn->name = name_or_key(cx, v, k->s, k->pos, what);
	const struct ynode *n = get(v, "prefix");
	if (n)
		mkprefixes(cx, n, &sn->prefixes, &sn->nprefixes, what);
	if (get(v, "size"))
		parse_size(cx, get(v, "size"), sn, what, n != NULL);
	else if (!n)
		diag_report(v->pos, VN103, "%s needs 'prefix' (or 'size', for "
		    "a prefix vnetc chooses)", what);
	if ((n = get(v, "delegation"))) {
		/* A list is read so that check.c can say why one is the
		 * limit (VN312); the first one is used. */
		sn->ndelegations = 1;
		if (n->kind == Y_SEQ && n->nitems > 0) {
			sn->ndelegations = n->nitems;
			if (n->nitems > 1)
				sn->delegation2_pos = n->items[1]->pos;
			n = n->items[0];
		}
		const char *d = scalar(cx, n, what);
		sn->delegation_pos = n->pos;
		if (d) {
			const char *canon = restype_delegation(d);
			/* Unknown names are kept as written; check.c says
			 * whether Azure knows them (VN3xx). */
			sn->delegation = canon ? canon : d;
		}
	}
	if ((n = get(v, "private_endpoint_network_policies"))) {
		sn->pe_policies = oneof(n, "private_endpoint_network_policies",
		    pe_policy_vals);
		sn->pe_policies_pos = n->pos;
	}
	sn->pls_policies = oneof(get(v, "private_link_service_network_policies"),
	    "private_link_service_network_policies", pls_policy_vals);
	sn->outbound_access = -1;
	if ((n = get(v, "default_outbound_access"))) {
		int b = boolean(n, "default_outbound_access");
		sn->outbound_access = b < 0 ? -1 : b;
	}
	subnet_netres(cx, sn, v, "nsg");
	subnet_netres(cx, sn, v, "route_table");
	subnet_netres(cx, sn, v, "nat_gateway");
	parse_service_endpoints(cx, sn, get(v, "service_endpoints"), what);
}

/* "existing: /subscriptions/.../virtualNetworks/NAME": a VNet vnetc
 * refers to (a platform's hub) and never writes; its id gives its name
 * and scope. */
static void
parse_vnet_existing(struct ctx *cx, struct vnet *vn, const struct ynode *v,
    const struct ynode *n, const char *what)
{
	static const char *const clash[] = {"name", "resource_group",
	    "subscription", "dns_servers"};
	struct tmpl id = mktmpl(cx, n, "existing");

	/* existing even when the id is wrong: VN110 or VN104 says so, and
	 * nothing more (no "needs address_space") */
	vn->existing = true;
	vn->existing_pos = n->pos;
	if (!id.nsegs)
		return;
	for (size_t i = 0; i < NELEM(clash); i++)
		if (get(v, clash[i])) {
			diag_report(get(v, clash[i])->pos, VN104, "%s: "
			    "'existing:' gives the VNet by its id, which says "
			    "its name and scope%s; remove '%s'", what, i == 3 ?
			    ", and vnetc does not write its DNS servers" : "",
			    clash[i]);
			return;
		}
	parse_resid(cx->s, &id, restype_get(RES_VNET)->type,
	    "existing vnet id", &vn->at, &vn->name, NULL);
}

/* "dns_servers: [10.100.0.4]": the VNet's DNS servers (dhcpOptions), each
 * an address as written. */
static void
parse_dns_servers(struct ctx *cx, struct vnet *vn, const struct ynode *n,
    const char *what)
{
	vn->dns_servers_pos = n->pos;
	size_t cnt = n->kind == Y_SEQ ? n->nitems : 1;
	if (n->kind != Y_SEQ && !want(n, Y_SCALAR, "dns_servers"))
		return;
	for (size_t i = 0; i < cnt; i++) {
		const struct ynode *it = n->kind == Y_SEQ ? n->items[i] : n;
		const char *a = scalar(cx, it, "a dns_servers entry");
		struct prefix p = {.text = a, .pos = it->pos};
		uint8_t addr[16];
		if (!a)
			continue;
		if (!cidr_parse_addr(a, &p.c.family, addr)) {
			diag_report(it->pos, VN104, "%s: DNS server '%s' is not "
			    "an IP address (write the resolver's or the "
			    "firewall's private address, e.g. 10.100.0.4)",
			    what, a);
			continue;
		}
		memcpy(p.c.addr, addr, sizeof(addr));
		p.c.len = p.c.family == 4 ? 32 : 128;
		p.ok = true;
		vn->dns_servers = arena_grow(cx->a, vn->dns_servers,
		    &vn->ndns_servers, sizeof(*vn->dns_servers));
		vn->dns_servers[vn->ndns_servers - 1] = p;
	}
}

static void
parse_vnet(struct ctx *cx, const struct ynode *k, const struct ynode *v)
{
	struct spec *s = cx->s;
	char what[160];

	s->vnets = arena_grow(cx->a, s->vnets, &s->nvnets, sizeof(*s->vnets));
	struct vnet *vn = &s->vnets[s->nvnets - 1];
	vn->key = k->s;
	vn->pos = k->pos;
	snprintf(what, sizeof(what), "vnet '%s'", k->s);
	vn->name = key_tmpl(cx, k->s, k->pos);
	vn->location = s->location;
	if (!want(v, Y_MAP, what))
		return;
	check_keys(cx, v, what, vnet_keys);
	parse_silence(cx, get(v, "silence"), k->pos, v);
	parse_peerings(cx, vn, get(v, "peerings"));
	vn->name = name_or_key(cx, v, k->s, k->pos, what);
	parse_place(cx, v, &vn->at, what);
	const struct ynode *n = get(v, "location");
	if (n)
		vn->location = mktmpl(cx, n, what);
	if ((n = get(v, "existing")))
		parse_vnet_existing(cx, vn, v, n, what);
	if ((n = get(v, "address_space"))) {
		vn->space_pos = n->pos;
		mkprefixes(cx, n, &vn->space, &vn->nspace, what);
	} else if (!vn->existing) {
		diag_report(v->pos, VN103, "%s needs 'address_space'", what);
	}
	if ((n = get(v, "dns_servers")))
		parse_dns_servers(cx, vn, n, what);
	if ((n = get(v, "resolves_through")) && scalar(cx, n,
	    "resolves_through"))
		vn->resolves_through = (struct ref){.name = n->s, .pos = n->pos,
		    .fwd = -1};
	n = get(v, "subnets");
	if (!n || is_null(n))
		return;
	if (!want(n, Y_MAP, "subnets"))
		return;
	if (vn->existing) {
		diag_report(n->pos, VN104, "%s exists (existing:): vnetc "
		    "refers to a VNet it does not create, it does not add "
		    "subnets to it; declare the subnets' VNet as one vnetc "
		    "creates, or leave the subnets to its owner", what);
		return;
	}
	check_keys(cx, n, "subnets", NULL);
	/* Sized once: grown one by one, each VNet left a copy of every
	 * smaller array behind in the arena (issue 6). */
	vn->subnets = arena_alloc(cx->a, (n->nitems / 2 + 1) *
	    sizeof(*vn->subnets));
	for (size_t i = 0; i + 1 < n->nitems; i += 2)
		if (!dup_key(n, i))
			parse_subnet(cx, vn, n->items[i], n->items[i + 1]);
}

static const char *const cog_ex_keys[] = {"*kind", "*sku",
    "custom_subdomain", NULL};
static const char *const kv_ex_keys[] = {"*sku", "*rbac_authorization",
    NULL};
/* os or kind: parse_farm and resolve say which is needed */
static const char *const farm_ex_keys[] = {"os", "kind", NULL};
static const char *const app_ex_keys[] = {"identity", "os", "kind", NULL};
static const char *const identity_keys[] = {"*type", "user_assigned", NULL};
static const char *const kv_sku_vals[] = {"standard", "premium", NULL};
/* "create:" of a vault (issue 16; docs/spec.md, docs/azure-notes.md "Key
 * Vaults vnetc creates") */
static const char *const kv_create_keys[] = {"sku", "rbac_authorization",
    "purge_protection", "soft_delete_days", NULL};
/* ... of a storage account: a general-purpose v2 account (StorageV2) */
static const char *const st_create_keys[] = {"sku", "shared_key", NULL};
/* ... of an Azure SQL server (Microsoft Entra-only) and of its
 * databases, and of an Azure AI services account (docs/azure-notes.md,
 * "Azure SQL and Azure AI services vnetc creates") */
/* entra_admin and kind are required, said by VN378 and VN380 */
static const char *const sql_create_keys[] = {"entra_admin", "min_tls",
    "databases", NULL};
static const char *const sql_admin_keys[] = {"*login", "*object_id",
    "*type", NULL};
static const char *const sql_db_keys[] = {"name", "sku", NULL};
/* ServerExternalAdministrator.principalType (Microsoft.Sql 2023-08-01) */
static const char *const sql_admin_types[] = {"User", "Group",
    "Application", NULL};
/* minimalTlsVersion: "None", "1.0", "1.1", "1.2", "1.3" (2023-08-01) */
static const char *const sql_tls_vals[] = {"1.2", "1.3", "1.0", "1.1",
    NULL};
static const char *const cog_create_keys[] = {"kind", "sku",
    "custom_subdomain", "local_auth", NULL};
/* ... of a Cosmos DB account, a Service Bus namespace and an App
 * Configuration store (docs/azure-notes.md, "Cosmos DB, Service Bus and
 * App Configuration vnetc creates") */
static const char *const cosmos_create_keys[] = {"api", "consistency",
    "local_auth", NULL};
static const char *const sb_create_keys[] = {"sku", "capacity",
    "local_auth", NULL};
static const char *const appcs_create_keys[] = {"sku", "local_auth",
    "purge_protection", "soft_delete_days", NULL};
/* A Cosmos DB account's API, by its private-endpoint group id (the
 * account's kind and capabilities follow from it, body.c) */
static const char *const cosmos_api_vals[] = {"Sql", "MongoDB", "Cassandra",
    "Gremlin", "Table", NULL};
/* ConsistencyPolicy.defaultConsistencyLevel (2024-11-15) but
 * BoundedStaleness, which needs two more settings vnetc does not take */
static const char *const cosmos_consistency_vals[] = {"Session", "Eventual",
    "ConsistentPrefix", "Strong", NULL};
/* SBSku.name (2024-01-01); az appconfig create --sku */
static const char *const sb_sku_vals[] = {"Premium", "Standard", "Basic",
    NULL};
static const char *const appcs_sku_vals[] = {"standard", "premium", "free",
    "developer", NULL};
/* ... of an App Service plan and of a web app (docs/spec.md "Plans and
 * apps vnetc creates"; docs/azure-notes.md, "Plans and web apps vnetc
 * creates") */
static const char *const farm_create_keys[] = {"os", "max_elastic_workers",
    NULL};
static const char *const app_create_keys[] = {"kind", "runtime", "min_tls",
    "ftps", "basic_auth", "always_on", "content_share",
    "deployment_container", "max_instances", "instance_memory", NULL};
/* create.kind of an app: a web app (the default) or a function app */
static const char *const app_kind_vals[] = {"app", "functionapp", NULL};
/* A function app's language, FUNCTIONS_WORKER_RUNTIME's values and the
 * first half of a Linux app's linuxFxVersion ("python|3.11": "The
 * language specified in the linuxfxversion must also match the worker
 * runtime", github.com/Azure/azure-functions-host/wiki/
 * Using-LinuxFxVersion-for-Linux-Function-Apps; the worker runtimes:
 * learn.microsoft.com/azure/azure-functions/functions-app-settings,
 * FUNCTIONS_WORKER_RUNTIME). */
static const char *const worker_vals[] = {"dotnet-isolated", "node",
    "python", "java", "powershell", "custom", NULL};
/* The languages of App Service's Linux stacks, the first half of
 * linuxFxVersion (az webapp list-runtimes --os linux; the runtimeStack
 * values of Azure Pipelines' AzureWebApp@1 task, docs/azure-notes.md
 * section 19). Azure adds stacks: another is a warning (VN412). */
static const char *const web_stacks[] = {"DOTNETCORE", "NODE", "PYTHON",
    "PHP", "JAVA", "TOMCAT", "JBOSSEAP", NULL};
/* Names a user may write for a language, beside near misses */
static const struct {
	const char *alias, *is;
} runtime_alias[] = {
	{"dotnet", "dotnet-isolated"}, {"dotnetcore", "DOTNETCORE"},
	{"node.js", "node"}, {"nodejs", "node"}, {"jboss", "JBOSSEAP"},
};

/* The language of vals closest to the first n characters of w (an alias,
 * or within 2 edits, any case), or NULL. */
static const char *
runtime_guess(const char *w, size_t n, const char *const *vals)
{
	char buf[64];
	const char *best = NULL;
	int bestd = 3;

	if (n >= sizeof(buf))
		return NULL;
	memcpy(buf, w, n);
	buf[n] = '\0';
	for (size_t i = 0; i < NELEM(runtime_alias); i++)
		if (!strcasecmp(buf, runtime_alias[i].alias))
			for (const char *const *v = vals; *v; v++)
				if (!strcasecmp(*v, runtime_alias[i].is))
					return *v;
	for (char *c = buf; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	for (const char *const *v = vals; *v; v++) {
		char lv[64];
		size_t k = 0;
		for (; (*v)[k] && k + 1 < sizeof(lv); k++)
			lv[k] = (char)tolower((unsigned char)(*v)[k]);
		lv[k] = '\0';
		int d = edit_distance(buf, lv);
		if (d < bestd)
			bestd = d, best = *v;
	}
	return best;
}
/* siteConfig.minTlsVersion and ftpsState (Microsoft.Web 2024-04-01
 * SiteConfig: SupportedTlsVersions 1.0-1.3; FtpsState AllAllowed,
 * FtpsOnly, Disabled) */
static const char *const tls_vals[] = {"1.0", "1.1", "1.2", "1.3", NULL};
static const char *const ftps_vals[] = {"disabled", "ftps_only",
    "all_allowed", NULL};
/* The redundancies of a standard general-purpose v2 account
 * (learn.microsoft.com/azure/storage/common/storage-account-overview,
 * Types of storage accounts); premium ones are other kinds. */
static const char *const st_sku_vals[] = {"Standard_LRS", "Standard_ZRS",
    "Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS",
    NULL};
/* A plan's kind as Azure spells it: "app" and "windows" (Windows),
 * "linux", "elastic" (Elastic Premium, Logic Apps Standard),
 * "functionapp" (Consumption, Flex Consumption), "xenon" (Windows
 * containers). Only reserved makes a plan Linux (docs/azure-notes.md). */
static const char *const plan_kind_vals[] = {"app", "windows", "linux",
    "elastic", "functionapp", "xenon", NULL};
/* The words of a site's kind, comma-separated ("functionapp,linux"):
 * Azure/app-service-linux-docs, Things_You_Should_Know/kind_property.md,
 * and Logic Apps Standard's "functionapp,workflowapp". */
static const char *const site_kind_words[] = {"app", "api", "functionapp",
    "workflowapp", "linux", "windows", "container", "kubernetes",
    "azurecontainerapps", "hyperV", NULL};

/* The OS a kind says, or NULL when it does not say (a plan "elastic", a
 * site "functionapp"). */
static const char *
kind_os(const char *kind, bool site)
{
	if (!kind)
		return NULL;
	if (!site)
		return streqi(kind, "linux") ? "linux" : streqi(kind, "app") ||
		    streqi(kind, "windows") || streqi(kind, "xenon") ?
		    "windows" : NULL;
	size_t n = strlen(kind);
	for (const char *w = kind; w < kind + n; w += strcspn(w, ",") + 1) {
		size_t l = strcspn(w, ",");
		if (l == 5 && strncmp(w, "linux", 5) == 0)
			return "linux";
		if ((l == 7 && strncmp(w, "windows", 7) == 0) ||
		    (l == 6 && strncmp(w, "hyperV", 6) == 0))
			return "windows";
	}
	return NULL;
}

/* A site's kind in Azure's spelling: known words, lowercase (hyperV as
 * it is), no spaces; NULL (reported) when a word is unknown. */
static const char *
site_kind(struct ctx *cx, const struct ynode *n)
{
	const char *k = scalar(cx, n, "kind");
	struct buf b = {0};
	bool what = false, ok = k != NULL;

	for (const char *w = k; ok && w; w = strchr(w, ',') ? strchr(w, ',') +
	    1 : NULL) {
		size_t l = strcspn(w, ",");
		while (l && (*w == ' ' || *w == '\t'))
			w++, l--;
		while (l && (w[l - 1] == ' ' || w[l - 1] == '\t'))
			l--;
		char *word = arena_printf(cx->a, "%.*s", (int)l, w);
		const char *const *v = site_kind_words;
		while (*v && !streqi(*v, word))
			v++;
		if (*v) {
			buf_printf(&b, "%s%s", b.len ? "," : "", *v);
			what |= strcmp(*v, "app") == 0 || strcmp(*v, "api") ==
			    0 || strcmp(*v, "functionapp") == 0 ||
			    strcmp(*v, "hyperV") == 0;
			continue;
		}
		const char *best = NULL;
		int bestd = 3;
		for (v = site_kind_words; *v; v++) {
			int d = edit_distance(*v, word);
			if (d < bestd)
				bestd = d, best = *v;
		}
		if (best)
			diag_report(n->pos, VN104, "kind '%s': unknown word "
			    "'%s'; did you mean '%s'?", k, word, best);
		else
			diag_report(n->pos, VN104, "kind '%s': unknown word "
			    "'%s' (an app's kind is words like app, "
			    "functionapp, linux, container: 'az webapp show "
			    "--query kind' prints it)", k, word);
		ok = false;
	}
	if (ok && !what) {
		diag_report(n->pos, VN104, "kind '%s' does not say what the "
		    "site is (app, api, functionapp or hyperV), e.g. "
		    "'app,linux' or 'functionapp,linux'", k);
		ok = false;
	}
	const char *r = ok ? arena_strdup(cx->a, buf_str(&b)) : NULL;
	buf_free(&b);
	return r;
}

/* os: and kind: must agree: a kind that names an OS is that OS. */
static void
os_agrees(const struct existing *ex, const char *what, bool site)
{
	const char *os = kind_os(ex->kind, site);

	if (!ex->os || !os || strcmp(os, ex->os) == 0)
		return;
	diag_report(ex->kind_pos, VN104, "existing %s: kind '%s' is a %s "
	    "kind, but os is %s; write the kind Azure shows for it ('az "
	    "resource show --query kind') and the matching os", what,
	    ex->kind, os, ex->os);
	diag_note(ex->os_pos, "os of %s", what);
}

/* "identity: SystemAssigned", or a mapping naming the user-assigned
 * identities, which ARM needs for the types with UserAssigned:
 *   identity:
 *     type: SystemAssigned, UserAssigned
 *     user_assigned: [/subscriptions/.../userAssignedIdentities/app-id]
 * The ids are checked once parameters have values (check_uids). */
static void
parse_identity(struct ctx *cx, const struct ynode *n, struct existing *ex,
    const char *what)
{
	const struct ynode *type = n, *ua = NULL;

	if (n->kind == Y_MAP) {
		char w[240];
		snprintf(w, sizeof(w), "the identity of %s", what);
		check_keys(cx, n, w, identity_keys);
		type = get(n, "type");
		ua = get(n, "user_assigned");
	}
	if (!type || !(ex->identity = oneof(type, "identity", identity_vals)))
		return;
	bool user = strstr(ex->identity, "UserAssigned") != NULL;
	if (ua && !is_null(ua) && !user) {
		diag_report(ua->pos, VN104, "%s: identity type '%s' has no "
		    "user-assigned identities; write 'type: SystemAssigned, "
		    "UserAssigned' to keep both, or remove user_assigned",
		    what, ex->identity);
		return;
	}
	if (ua && !is_null(ua) && (ua->kind == Y_SCALAR ||
	    want(ua, Y_SEQ, "user_assigned"))) {
		size_t cnt = ua->kind == Y_SCALAR ? 1 : ua->nitems;
		ex->uids = arena_alloc(cx->a, (cnt + 1) * sizeof(*ex->uids));
		for (size_t i = 0; i < cnt; i++) {
			const struct ynode *it = ua->kind == Y_SCALAR ? ua :
			    ua->items[i];
			struct tmpl t = mktmpl(cx, it, "user_assigned");
			if (t.raw)
				ex->uids[ex->nuids++] = t;
		}
	}
	if (user && (!ua || is_null(ua) || (ua->kind == Y_SEQ &&
	    ua->nitems == 0)))
		diag_report(n->pos, VN103, "%s: identity type '%s' needs "
		    "'user_assigned', the resource ids of its identities "
		    "(ARM requires them): identity: { type: \"%s\", "
		    "user_assigned: [/subscriptions/SUB/resourceGroups/RG/"
		    "providers/Microsoft.ManagedIdentity/"
		    "userAssignedIdentities/NAME] }", what, ex->identity,
		    ex->identity);
}

/* "existing:" is true, false, or a mapping describing the resource as a
 * full ARM PUT must restate it. keys is the type's description keys. */
static void
parse_existing(struct ctx *cx, const struct ynode *n, struct existing *ex,
    const char *what, const char *const *keys)
{
	ex->is = true;
	ex->rbac = -1;
	if (!n)
		return;
	ex->pos = n->pos;
	if (n->kind != Y_MAP) {
		int b = boolean(n, "existing");
		if (b == 0)
			diag_report(n->pos, VN309, "%s: 'existing: false' "
			    "does not say what vnetc should create; write "
			    "'create:' with its settings ({} takes the secure "
			    "defaults) for a resource vnetc creates, or "
			    "'existing: true' for one that exists", what);
		return;
	}
	char w[200];
	snprintf(w, sizeof(w), "existing %s", what);
	if (!keys) {
		diag_report(n->pos, VN309, "%s: vnetc cannot restate this "
		    "type in an ARM template; write 'existing: true'", what);
		return;
	}
	check_keys(cx, n, w, keys);
	ex->described = true;
	const struct ynode *m;
	if ((m = get(n, "kind"))) {
		ex->kind_pos = m->pos;
		ex->kind = keys == farm_ex_keys ? oneof(m, "plan kind",
		    plan_kind_vals) : keys == app_ex_keys ? site_kind(cx, m) :
		    scalar(cx, m, "kind");
	}
	if ((m = get(n, "sku")))
		ex->sku = keys == kv_ex_keys ? oneof(m, "sku", kv_sku_vals) :
		    scalar(cx, m, "sku");
	if ((m = get(n, "custom_subdomain")))
		ex->subdomain = mktmpl(cx, m, "custom_subdomain");
	if ((m = get(n, "rbac_authorization")))
		ex->rbac = boolean(m, "rbac_authorization");
	if ((m = get(n, "os"))) {
		ex->os_pos = m->pos;
		ex->os = oneof(m, "os", os_vals);
	}
	if ((m = get(n, "identity")))
		parse_identity(cx, m, ex, what);
	if (keys == farm_ex_keys || keys == app_ex_keys) {
		bool site = keys == app_ex_keys;
		if (!get(n, "os") && !get(n, "kind") && !site)
			diag_report(n->pos, VN103, "%s needs 'os' or 'kind'",
			    w);
		os_agrees(ex, what, site);
		if (!ex->os)
			ex->os = kind_os(ex->kind, site);
	}
}

/* The tutorial's convention: securecstext-pe has its connection
 * securecstext-pc and zone group securecstext-zg. A name without "-pe"
 * gets the suffix appended. Works on segments, so ${app}-pe -> ${app}-pc. */
static struct tmpl
sibling_name(struct ctx *cx, const struct tmpl *pe, const char *suffix)
{
	struct tmpl t = *pe;

	if (!pe->nsegs)
		return t;
	t.segs = arena_alloc(cx->a, (pe->nsegs + 1) * sizeof(*t.segs));
	memcpy(t.segs, pe->segs, pe->nsegs * sizeof(*t.segs));
	struct seg *last = &t.segs[t.nsegs - 1];
	if (last->lit && has_suffix(last->lit, "-pe") &&
	    (strlen(last->lit) > 3 || t.nsegs > 1)) {
		last->lit = arena_printf(cx->a, "%.*s%s",
		    (int)(strlen(last->lit) - 3), last->lit, suffix);
	} else if (last->lit) {
		last->lit = arena_printf(cx->a, "%s%s", last->lit, suffix);
	} else {
		t.segs[t.nsegs++].lit = suffix;
	}
	struct buf b = {0};
	for (size_t i = 0; i < t.nsegs; i++)
		if (t.segs[i].lit)
			buf_puts(&b, t.segs[i].lit);
		else
			buf_printf(&b, "${%s}", t.segs[i].param->name);
	t.raw = arena_strdup(cx->a, buf_str(&b));
	buf_free(&b);
	return t;
}

static void
parse_pe(struct ctx *cx, struct backend *b, const struct ynode *v,
    size_t idx)
{
	char what[200];

	struct pe *pe = &b->pes[b->npes++]; /* sized by parse_backend */
	pe->pos = v->pos;
	pe->target = b;
	snprintf(what, sizeof(what), "private endpoint %zu of '%s'", idx + 1,
	    b->key);
	if (!want(v, Y_MAP, what))
		return;
	check_keys(cx, v, what, pe_keys);
	const struct ynode *n = get(v, "name");
	if (n) {
		pe->name = mktmpl(cx, n, what);
	} else {
		char *nm = arena_printf(cx->a, "%s-pe", b->key);
		pe->name = tmpl_literal(cx->s, nm, v->pos);
	}
	if ((n = get(v, "connection_name")))
		pe->conn_name = mktmpl(cx, n, what);
	else
		pe->conn_name = sibling_name(cx, &pe->name, "-pc");
	/* "policy" and "create" say who makes the zone group (the dns:
	 * block's zone_groups: is the default); any other value is its
	 * name, and vnetc makes it. */
	pe->zg_name = sibling_name(cx, &pe->name, "-zg");
	if ((n = get(v, "zone_group")) && scalar(cx, n, "zone_group")) {
		pe->zg_pos = n->pos;
		pe->zg_set = true;
		if (strcmp(n->s, "policy") == 0)
			pe->zg_policy = true, pe->zg_set = false;
		else if (strcmp(n->s, "create") != 0)
			pe->zg_name = mktmpl(cx, n, what);
	}
	if ((n = get(v, "zone_scope"))) {
		const char *zs = oneof(n, "zone_scope", zone_scope_vals);
		pe->zones_local = zs && strcmp(zs, "local") == 0;
		pe->zones_local_pos = n->pos;
	}
	if ((n = get(v, "subnet"))) {
		pe->subnet_ref = scalar(cx, n, "subnet");
		pe->subnet_pos = n->pos;
	}
	if ((n = get(v, "group_id"))) {
		pe->group = scalar(cx, n, "group_id");
		pe->group_pos = n->pos;
	}
	mkrefs(cx, get(v, "dns_links"), &pe->dns_links, &pe->ndns_links,
	    "dns_links");
	if ((n = get(v, "dns_zones"))) {
		pe->zones_given = true;
		if (n->kind == Y_SCALAR)
			n = NULL, diag_report(get(v, "dns_zones")->pos,
			    VN102, "dns_zones must be a list of zone names");
		else if (want(n, Y_SEQ, "dns_zones"))
			for (size_t i = 0; i < n->nitems; i++) {
				const char *z = scalar(cx, n->items[i],
				    "dns zone");
				if (!z)
					continue;
				pe->zones = arena_grow(cx->a, pe->zones,
				    &pe->nzones, sizeof(*pe->zones));
				struct zone *zz = arena_alloc(cx->a,
				    sizeof(*zz));
				zz->name = z;
				zz->pos = n->items[i]->pos;
				zz->id = (size_t)-1; /* until interned */
				pe->zones[pe->nzones - 1] = zz;
			}
	}
}

/* VN309 at public_access: why the back end's type cannot take the value,
 * and what it can take instead, e.g.
 *   public_access: deny sets a network ACL's default action, which
 *   Microsoft.ServiceBus/namespaces does not have; write 'public_access:
 *   disabled' or 'enabled' */
static void
access_refused(const struct backend *b, struct pos pos, const char *what)
{
	const struct backtype *bt = backtype_find(b->type);

	if (!bt)
		diag_report(pos, VN309, "%s: vnetc cannot change the public "
		    "access of %s: it knows no such property of that type "
		    "(docs/azure-notes.md 14 lists the back-end types and what "
		    "public_access sets on each); remove public_access",
		    what, b->type);
	else if (bt->why || !backtype_api(bt))
		diag_report(pos, VN309, "%s: vnetc cannot change the public "
		    "access of %s: %s; remove public_access and set it "
		    "outside vnetc", what, bt->type, bt->why ? bt->why :
		    "no stable apiVersion");
	else if (b->access == ACCESS_DENY)
		diag_report(pos, VN309, "%s: public_access: deny sets a "
		    "network ACL's default action, which %s does not have; "
		    "write 'public_access: disabled' or 'enabled'", what,
		    bt->type);
	else
		diag_report(pos, VN309, "%s: %s has no public network access "
		    "property%s%s; write 'public_access: deny' (its network "
		    "ACL)", what, bt->type, bt->why ? ": " : "",
		    bt->why ? bt->why : "");
}

/* "id: /subscriptions/.../providers/NS/TYPE/NAME": a back end by its
 * resource id, which gives its type, name and scope; a type: written too
 * must be the id's. */
static void
parse_backend_id(struct ctx *cx, struct backend *b, const struct ynode *v,
    const struct ynode *n, const char *what)
{
	static const char *const clash[] = {"name", "resource_group",
	    "subscription"};
	struct tmpl id = mktmpl(cx, n, "id");
	const char *type;

	if (!id.nsegs)
		return;
	for (size_t i = 0; i < NELEM(clash); i++)
		if (get(v, clash[i])) {
			diag_report(get(v, clash[i])->pos, VN104, "%s: 'id:' "
			    "says the back end's name and scope; remove '%s'",
			    what, clash[i]);
			return;
		}
	if (!parse_resid(cx->s, &id, b->type, "back end id", &b->at, &b->name,
	    &type))
		return;
	b->id_pos = n->pos;
	if (!b->type) {
		b->type = type;
		b->type_pos = n->pos;
		b->rt = restype_by_type(type);
		if (b->rt)
			b->type = b->rt->type;
	}
}

/* The types create: takes, and the keys of each (docs/spec.md, "create:
 * back ends vnetc creates"). */
const struct spec_create_type spec_create_types[] = {
	{"Microsoft.KeyVault/vaults", "kv_create"},
	{"Microsoft.Storage/storageAccounts", "st_create"},
	{"Microsoft.Sql/servers", "sql_create"},
	{"Microsoft.CognitiveServices/accounts", "cog_create"},
	{"Microsoft.DocumentDB/databaseAccounts", "cosmos_create"},
	{"Microsoft.ServiceBus/namespaces", "sb_create"},
	{"Microsoft.AppConfiguration/configurationStores", "appcs_create"},
	{NULL, NULL},
};

static const struct spec_create_type *
create_type(const char *type)
{
	for (const struct spec_create_type *ct = spec_create_types; type &&
	    ct->type; ct++)
		if (strcasecmp(ct->type, type) == 0)
			return ct;
	return NULL;
}

/* spec_key_tables' table of that name (one of this file's) */
static const char *const *
key_table(const char *name)
{
	const struct spec_table *t = spec_key_tables;

	while (strcmp(t->name, name))
		t++;
	return t->words;
}

/* A secure default the spec loosens on a resource vnetc creates
 * (VN363): a warning that silence: with a reason takes away. */
static void
loosened(struct pos at, const char *what, const char *how, const char *why)
{
	diag_report(at, VN363, "%s: %s loosens vnetc's secure default: %s; "
	    "keep the default, or silence VN363 with the reason", what, how,
	    why);
}

/* What every "create:" (n, of the mapping v) says first: {}, true or a
 * mapping, and not beside existing: or id: (VN361). False when it
 * creates nothing. noun: "back end", "plan", "app". */
static bool
create_head(struct create *cr, const struct ynode *v, const struct ynode *n,
    const char *what, const char *noun)
{
	const struct ynode *m;

	cr->pos = n->pos;
	if (n->kind != Y_MAP && !is_null(n)) {
		int t = boolean(n, "create");
		if (t != 1) {
			if (t == 0)
				diag_report(n->pos, VN104, "%s: 'create: "
				    "false' creates nothing; remove it (the "
				    "%s then exists)", what, noun);
			return false;
		}
	}
	if ((m = get(v, "existing")) || (m = get(v, "id"))) {
		diag_report(m->pos, VN361, "%s: 'create:' says vnetc creates "
		    "it, '%s' that it exists; keep one (a created %s is "
		    "named by name:, resource_group: and subscription:)",
		    what, m == get(v, "id") ? "id:" : "existing:", noun);
		diag_note(n->pos, "create: of %s", what);
		return false;
	}
	return true;
}

/* "databases:" of a SQL server vnetc creates: key -> {name, sku} */
static void
parse_sql_dbs(struct ctx *cx, struct backend *b, const struct ynode *n)
{
	struct create *cr = &b->cr;

	if (is_null(n) || !want(n, Y_MAP, "databases"))
		return;
	cr->dbs = arena_alloc(cx->a, (n->nitems / 2 + 1) * sizeof(*cr->dbs));
	for (size_t i = 0; i + 1 < n->nitems; i += 2) {
		const struct ynode *k = n->items[i], *v = n->items[i + 1], *m;
		char w[200];
		if (dup_key(n, i))
			continue;
		struct sqldb *d = &cr->dbs[cr->ndbs++];
		d->key = k->s;
		d->pos = k->pos;
		d->server = b; /* moved with it: resolve() */
		d->sku = "Basic";
		d->name = key_tmpl(cx, k->s, k->pos);
		snprintf(w, sizeof(w), "database '%s' of back end '%s'", k->s,
		    b->key);
		if (is_null(v) || !want(v, Y_MAP, w))
			continue;
		check_keys(cx, v, w, sql_db_keys);
		d->name = name_or_key(cx, v, k->s, k->pos, w);
		if ((m = get(v, "sku")) && !(d->sku = scalar(cx, m, "sku")))
			d->sku = "Basic";
	}
}

/* "create:" of an Azure SQL server: Microsoft Entra-only authentication,
 * so no password anywhere, with the admin it needs (VN378); TLS 1.2 */
static void
parse_create_sql(struct ctx *cx, struct backend *b, const struct ynode *n,
    const char *what)
{
	struct create *cr = &b->cr;
	const struct ynode *m, *a;

	cr->min_tls = "1.2";
	if (n->kind == Y_MAP)
		check_keys(cx, n, arena_printf(cx->a, "create: of %s", what),
		    key_table("sql_create"));
	a = n->kind == Y_MAP ? get(n, "entra_admin") : NULL;
	if (!a) {
		diag_report(n->pos, VN378, "%s: a SQL server vnetc "
		    "creates needs its Microsoft Entra administrator, as it "
		    "takes no password: write 'create: {entra_admin: {login: "
		    "NAME, object_id: GUID, type: Group}}' (a group's object "
		    "id: 'az ad group show --group NAME --query id')", what);
		return;
	}
	if (want(a, Y_MAP, "entra_admin")) {
		check_keys(cx, a, arena_printf(cx->a, "entra_admin of %s",
		    what), sql_admin_keys);
		if ((m = get(a, "login")))
			cr->admin_login = mktmpl(cx, m, "login");
		if ((m = get(a, "object_id")))
			cr->admin_oid = mktmpl(cx, m, "object_id");
		if ((m = get(a, "type")))
			cr->admin_type = oneof(m, "type", sql_admin_types);
	}
	if ((m = get(n, "min_tls")) && (cr->min_tls = oneof(m, "min_tls",
	    sql_tls_vals)) && strcmp(cr->min_tls, "1.2") < 0)
		loosened(m->pos, what, arena_printf(cx->a, "min_tls: \"%s\"",
		    cr->min_tls), "clients may then connect with TLS versions "
		    "that are no longer considered secure");
	if (!cr->min_tls)
		cr->min_tls = "1.2";
	if ((m = get(n, "databases")))
		parse_sql_dbs(cx, b, m);
}

/* "create:" of an Azure AI services account (AIServices, OpenAI, ...):
 * its kind, which Azure needs and which chooses its zones (VN380); a
 * custom subdomain, which its endpoints and Microsoft Entra ID need;
 * local (key) authentication off. */
static void
parse_create_cog(struct ctx *cx, struct backend *b, const struct ynode *n,
    const char *what)
{
	struct create *cr = &b->cr;
	const struct ynode *m;

	cr->sku = "S0";
	b->ex.subdomain = b->name;
	m = n->kind == Y_MAP ? get(n, "kind") : NULL;
	if (n->kind == Y_MAP)
		check_keys(cx, n, arena_printf(cx->a, "create: of %s", what),
		    key_table("cog_create"));
	if (!m)
		diag_report(n->pos, VN380, "%s: an Azure AI services account "
		    "vnetc creates needs its kind: write 'create: {kind: "
		    "AIServices}' (Azure AI services), OpenAI (Azure "
		    "OpenAI), or another of 'az cognitiveservices account "
		    "list-kinds'", what);
	if (m && (cr->kind = scalar(cx, m, "kind")))
		b->ex.kind = cr->kind;
	if (n->kind != Y_MAP)
		return;
	if ((m = get(n, "sku")) && !(cr->sku = scalar(cx, m, "sku")))
		cr->sku = "S0";
	if ((m = get(n, "custom_subdomain")))
		b->ex.subdomain = mktmpl(cx, m, "custom_subdomain");
	if ((m = get(n, "local_auth")) &&
	    (cr->local_auth = boolean(m, "local_auth")) == 1)
		loosened(m->pos, what, "local_auth: true", "its keys then "
		    "authorize requests besides Microsoft Entra ID");
	if (cr->local_auth < 0)
		cr->local_auth = 0;
}

/* local_auth: of a created Cosmos DB account, Service Bus namespace or
 * App Configuration store: keys off unless the spec says (VN363) */
static void
local_auth_of(struct create *cr, const struct ynode *n, const char *what)
{
	const struct ynode *m = n->kind == Y_MAP ? get(n, "local_auth") : NULL;
	int v = boolean(m, "local_auth");

	if (v == 1)
		loosened(m->pos, what, "local_auth: true", "its keys (or SAS "
		    "tokens) then authorize requests besides Microsoft Entra "
		    "ID");
	if (v >= 0)
		cr->local_auth = v;
}

/* APIs of Cosmos DB whose data plane takes Microsoft Entra ID: NoSQL
 * (learn.microsoft.com/azure/cosmos-db/nosql/security/
 * how-to-grant-data-plane-role-based-access) and Table
 * (learn.microsoft.com/azure/cosmos-db/table/security/
 * how-to-grant-data-plane-role-based-access). The others sign clients in
 * with keys only: their keys stay on. */
static bool
cosmos_entra(const char *api)
{
	return streqi(api, "Sql") || streqi(api, "Table");
}

/* A number from a fixed set, or 0 (reported). */
static int
number_of(const struct ynode *m, const char *what, const char *key, int lo,
    int hi, const char *unit)
{
	int d = m->kind == Y_SCALAR && m->s[0] && strspn(m->s, "0123456789") ==
	    strlen(m->s) && strlen(m->s) < 4 ? atoi(m->s) : -1;

	if (d >= lo && d <= hi)
		return d;
	diag_report(m->pos, VN104, "%s: %s '%s' is not a number of %s from %d "
	    "to %d", what, key, m->kind == Y_SCALAR ? m->s : kind_name(m),
	    unit, lo, hi);
	return 0;
}

/* "create:" of a Cosmos DB account, a Service Bus namespace or an App
 * Configuration store: each type's secure defaults, then what the spec
 * says. */
static void
parse_create_data(struct ctx *cx, struct backend *b, const struct ynode *n,
    const char *what)
{
	struct create *cr = &b->cr;
	const struct ynode *m, *map = n->kind == Y_MAP ? n : NULL;
	int v;

	if (map)
		check_keys(cx, n, arena_printf(cx->a, "create: of %s", what),
		    key_table(create_type(b->type)->table));
	if (b->rt->res == RES_COSMOS) {
		cr->kind = "Sql";
		cr->consistency = "Session";
		if (map && (m = get(n, "api")) && !(cr->kind = oneof(m, "api",
		    cosmos_api_vals)))
			cr->kind = "Sql";
		if (map && (m = get(n, "consistency")) && !(cr->consistency =
		    oneof(m, "consistency", cosmos_consistency_vals)))
			cr->consistency = "Session";
		cr->local_auth = !cosmos_entra(cr->kind);
		m = map ? get(n, "local_auth") : NULL;
		if (m && boolean(m, "local_auth") == 0 &&
		    !cosmos_entra(cr->kind))
			diag_report(m->pos, VN371, "%s: a Cosmos DB account "
			    "of the %s API signs clients in with its keys only "
			    "(Microsoft Entra ID serves the Sql and Table "
			    "APIs): 'local_auth: false' would lock every "
			    "client out; remove it", what, cr->kind);
		else if (cosmos_entra(cr->kind))
			local_auth_of(cr, n, what);
		return;
	}
	if (b->rt->res == RES_SB) {
		cr->sku = "Premium";
		cr->capacity = 1;
		if (map && (m = get(n, "sku")) && !(cr->sku = oneof(m, "sku",
		    sb_sku_vals)))
			cr->sku = "Premium";
		/* SBSku.capacity: messaging units of a Premium namespace,
		 * 1, 2, 4, 8 or 16 with one partition */
		if (map && (m = get(n, "capacity")) && (v = number_of(m, what,
		    "capacity", 1, 16, "messaging units")) && !(v & (v - 1)))
			cr->capacity = v;
		else if (map && m && v)
			diag_report(m->pos, VN104, "%s: capacity %d is not one "
			    "of 1, 2, 4, 8, 16", what, v);
		local_auth_of(cr, n, what);
		return;
	}
	cr->sku = "standard";
	cr->purge = 1;
	cr->soft_days = 7;
	if (map && (m = get(n, "sku")) && !(cr->sku = oneof(m, "sku",
	    appcs_sku_vals)))
		cr->sku = "standard";
	local_auth_of(cr, n, what);
	if (map && (m = get(n, "purge_protection")) &&
	    (v = boolean(m, "purge_protection")) >= 0 && !(cr->purge = v))
		loosened(m->pos, what, "purge_protection: false", "a deleted "
		    "store and its key-values can then be purged before the "
		    "end of its retention");
	/* softDeleteRetentionInDays: 1-7 (az appconfig create
	 * --retention-days) */
	if (map && (m = get(n, "soft_delete_days")) && (v = number_of(m, what,
	    "soft_delete_days", 1, 7, "days")))
		cr->soft_days = v;
}

/* "create:" of a back end: {} or true for the secure defaults, or a
 * mapping of the type's settings. Types vnetc creates: spec_create_types
 * (Key Vault, Storage, SQL, AI services, Cosmos DB, Service Bus, App
 * Configuration). */
static void
parse_create(struct ctx *cx, struct backend *b, const struct ynode *v,
    const struct ynode *n, const char *what)
{
	struct create *cr = &b->cr;
	const struct ynode *m;

	if (!create_head(cr, v, n, what, "back end"))
		return;
	const struct spec_create_type *ct = create_type(b->type);
	if (b->type && !ct) {
		struct buf l = {0};
		for (ct = spec_create_types; ct->type; ct++)
			buf_printf(&l, "%s%s", ct == spec_create_types ? "" :
			    ct[1].type ? ", " : " and ", ct->type);
		diag_report(n->pos, VN362, "%s: vnetc cannot create a %s yet; "
		    "it creates %s; create this one outside vnetc and write "
		    "'existing: true'", what, b->type, buf_str(&l));
		buf_free(&l);
		return;
	}
	if (!b->type)
		return;
	bool kv = b->rt->res == RES_KV;
	cr->is = true;
	b->ex.is = false;
	if (b->rt->res == RES_SQL) {
		parse_create_sql(cx, b, n, what);
		return;
	}
	if (b->rt->res == RES_COG) {
		parse_create_cog(cx, b, n, what);
		return;
	}
	if (b->rt->res == RES_COSMOS || b->rt->res == RES_SB ||
	    b->rt->res == RES_APPCS) {
		parse_create_data(cx, b, n, what);
		return;
	}
	cr->sku = kv ? "standard" : "Standard_LRS";
	cr->rbac = cr->purge = 1;
	cr->soft_days = 90;
	if (n->kind != Y_MAP)
		return;
	char w[200];
	snprintf(w, sizeof(w), "create: of %s", what);
	check_keys(cx, n, w, key_table(ct->table));
	if ((m = get(n, "sku")) && !(cr->sku = oneof(m, "sku", kv ?
	    kv_sku_vals : st_sku_vals)))
		cr->sku = kv ? "standard" : "Standard_LRS";
	if (!kv) {
		if ((m = get(n, "shared_key")) &&
		    (cr->shared_key = boolean(m, "shared_key")) == 1)
			loosened(m->pos, what, "shared_key: true", "the "
			    "account keys (and SAS tokens made with them) then "
			    "authorize requests besides Microsoft Entra ID");
		if (cr->shared_key < 0)
			cr->shared_key = 0;
		return;
	}
	if ((m = get(n, "rbac_authorization")) &&
	    (cr->rbac = boolean(m, "rbac_authorization")) == 0)
		loosened(m->pos, what, "rbac_authorization: false",
		    "the vault then grants data access by access policies, "
		    "which vnetc writes none of, instead of Azure RBAC");
	if (cr->rbac < 0)
		cr->rbac = 1;
	if ((m = get(n, "purge_protection")) &&
	    (cr->purge = boolean(m, "purge_protection")) == 0)
		loosened(m->pos, what, "purge_protection: false", "a deleted "
		    "vault and its secrets can then be purged before the "
		    "retention period ends");
	if (cr->purge < 0)
		cr->purge = 1;
	if ((m = get(n, "soft_delete_days"))) {
		const char *t = scalar(cx, m, "soft_delete_days");
		/* "It accepts >=7 and <=90" (az keyvault create
		 * --retention-days; the schema's softDeleteRetentionInDays) */
		if (t && (cr->soft_days = int_in(m, t, what,
		    "soft_delete_days", 7, 90, "days")) < 0)
			cr->soft_days = 90;
	}
}

/* bypass: one of the type's values, or (Storage) a combination of them,
 * spelled as the type does ("Logging, Metrics"); NULL: refused. */
static const char *
fw_bypass(struct ctx *cx, const struct ynode *n, const struct fwtype *ft,
    const char *what)
{
	struct buf b = {0}, allowed = {0};
	const char *s = n->s, *ret = NULL;
	size_t ntok = 0;
	bool none = false, bad = false;

	for (const char *w = ft->bypass; *w; ) {
		size_t l = strcspn(w, " ");
		buf_printf(&allowed, "%s%.*s", allowed.len ? ", " : "",
		    (int)l, w);
		w += l + (w[l] == ' ');
	}
	while (*s && !bad) {
		while (*s == ' ' || *s == ',')
			s++;
		size_t l = strcspn(s, " ,");
		if (!l)
			break;
		const char *hit = NULL;
		for (const char *w = ft->bypass; *w && !hit; ) {
			size_t wl = strcspn(w, " ");
			if (wl == l && strncasecmp(w, s, l) == 0)
				hit = w;
			w += wl + (w[wl] == ' ');
		}
		if (!hit) {
			diag_report(n->pos, VN390, "%s: firewall bypass '%s': "
			    "'%.*s' is not one of %s", what, n->s, (int)l, s,
			    buf_str(&allowed));
			bad = true;
			break;
		}
		none |= strncmp(hit, "None", 4) == 0;
		buf_printf(&b, "%s%.*s", ntok++ ? ", " : "", (int)l, hit);
		s += l;
	}
	if (!bad && ntok == 0)
		diag_report(n->pos, VN390, "%s: firewall bypass is empty: write "
		    "one of %s", what, buf_str(&allowed)), bad = true;
	else if (!bad && ntok > 1 && (!ft->bypass_list || none))
		diag_report(n->pos, VN390, "%s: firewall bypass '%s': %s", what,
		    n->s, none ? "None stands alone" : "write one value, not "
		    "several"), bad = true;
	if (!bad)
		ret = arena_strdup(cx->a, buf_str(&b));
	buf_free(&b);
	buf_free(&allowed);
	return ret;
}

/* One of ip_rules: an IPv4 address or prefix on the public internet,
 * spelled as the type takes it (.fw): one address bare or as a /32. */
static void
fw_ip(struct ctx *cx, struct firewall *fw, const struct ynode *n,
    const struct fwtype *ft, const char *what)
{
	/* the last, shared address space (RFC 6598), only where the type
	 * says so (.cgnat) */
	static const char *const rfc1918[] = {"10.0.0.0/8", "172.16.0.0/12",
	    "192.168.0.0/16", "100.64.0.0/10"};
	struct fwip ip = {0};

	if (!scalar(cx, n, "ip rule"))
		return;
	mkaddr(cx, n, &ip.p, "firewall ip rule");
	if (!ip.p.ok)
		return;
	if (ip.p.c.family != 4) {
		diag_report(n->pos, VN390, "%s: firewall ip rule '%s' is IPv6; "
		    "the firewall takes IPv4 addresses and prefixes only",
		    what, n->s);
		return;
	}
	for (size_t i = 0; i < NELEM(rfc1918) - !ft->cgnat; i++) {
		struct cidr c;
		cidr_parse(rfc1918[i], &c);
		if (cidr_overlaps(&c, &ip.p.c)) {
			diag_report(n->pos, VN390, "%s: firewall ip rule '%s' "
			    "is in the %s range %s, which Azure refuses "
			    "in IP rules: a caller inside a network comes "
			    "through the private endpoint or a VNet rule "
			    "(vnet_rules)", what, n->s, i == 3 ? "shared "
			    "(RFC 6598)" : "private", rfc1918[i]);
			return;
		}
	}
	char buf[CIDR_STRLEN];
	cidr_format(&ip.p.c, buf);
	if (ip.p.c.len == 32 && ft->single_bare)
		*strchr(buf, '/') = '\0';
	else if (ip.p.c.len == 31 && ft->single_bare) {
		diag_report(n->pos, VN390, "%s: firewall ip rule '%s': the "
		    "type takes no /31 (nor /32); write its two addresses",
		    what, n->s);
		return;
	}
	ip.value = arena_strdup(cx->a, buf);
	for (size_t i = 0; i < fw->nips; i++)
		if (strcmp(fw->ips[i].value, ip.value) == 0) {
			diag_report(n->pos, VN301, "%s: firewall ip rule '%s' "
			    "is listed twice", what, n->s);
			diag_note(fw->ips[i].p.pos, "first listed here");
			return;
		}
	fw->ips = arena_grow(cx->a, fw->ips, &fw->nips, sizeof(*fw->ips));
	fw->ips[fw->nips - 1] = ip;
}

/* firewall: who still comes in over a back end's public endpoint while
 * its public access is deny: Azure's trusted services (bypass), public
 * IPv4 addresses (ip_rules) and subnets by their service endpoint
 * (vnet_rules, resolved with the other subnet references). */
static void
parse_firewall(struct ctx *cx, struct backend *b, const struct ynode *n,
    const char *what)
{
	struct firewall *fw = &b->fw;
	const struct backtype *bt = b->type ? backtype_find(b->type) : NULL;
	const struct ynode *m;

	if (!want(n, Y_MAP, "firewall"))
		return;
	check_keys(cx, n, "firewall", firewall_keys);
	if (!bt || !bt->fw) {
		if (b->type && bt && bt->fw_why)
			diag_report(n->pos, VN390, "%s: vnetc sets no "
			    "firewall on %s: %s; remove firewall:", what,
			    b->type, bt->fw_why);
		else if (b->type)
			diag_report(n->pos, VN390, "%s: vnetc sets the "
			    "firewall of Key Vaults, storage accounts, Azure "
			    "AI services, Cosmos DB accounts and Service Bus "
			    "and Event Hubs namespaces, not of %s; remove "
			    "firewall:", what, b->type);
		return;
	}
	fw->given = true;
	fw->pos = n->pos;
	if ((m = get(n, "bypass")) && scalar(cx, m, "bypass")) {
		fw->bypass = fw_bypass(cx, m, bt->fw, what);
		fw->bypass_pos = m->pos;
	}
	if ((m = get(n, "ip_rules"))) {
		fw->has_ips = true;
		if (!is_null(m) && want(m, Y_SEQ, "ip_rules"))
			for (size_t i = 0; i < m->nitems; i++)
				fw_ip(cx, fw, m->items[i], bt->fw, what);
	}
	if ((m = get(n, "vnet_rules"))) {
		fw->has_subnets = true;
		if (is_null(m) || !want(m, Y_SEQ, "vnet_rules"))
			return;
		fw->subnet_refs = arena_alloc(cx->a, (m->nitems + 1) *
		    sizeof(*fw->subnet_refs));
		fw->subnet_pos = arena_alloc(cx->a, (m->nitems + 1) *
		    sizeof(*fw->subnet_pos));
		for (size_t i = 0; i < m->nitems; i++) {
			const char *r = scalar(cx, m->items[i], "vnet rule");
			if (!r)
				continue;
			fw->subnet_refs[fw->nsubnets] = r;
			fw->subnet_pos[fw->nsubnets++] = m->items[i]->pos;
		}
	}
}

/* firewall: beside public_access. The rules let callers in only while
 * the default action is Deny (public_access: deny); a created back end
 * with rules is created so. Azure ignores them while public access is
 * disabled ("This will override the set firewall rules",
 * docs/azure-notes.md, "Back-end firewalls"). */
static void
firewall_access(struct backend *b, const char *what)
{
	if (!b->fw.given)
		return;
	if (b->access == ACCESS_ENABLED || (b->access == ACCESS_KEEP &&
	    !b->cr.is))
		diag_report(b->access == ACCESS_KEEP ? b->fw.pos :
		    b->access_pos, VN391, "%s: firewall rules let callers in "
		    "only while everyone else is refused: write "
		    "'public_access: deny'%s", what, b->access ==
		    ACCESS_KEEP ? " beside firewall:" : " (enabled lets "
		    "everyone in)");
	else if (b->access == ACCESS_DISABLED)
		diag_report(b->access_pos.line ? b->access_pos : b->fw.pos,
		    VN392, "%s: Azure ignores the firewall rules while public "
		    "access is disabled; write 'public_access: deny' to let "
		    "them in, or remove firewall:", what);
}

/* deny on a type whose firewall has no default action (.fw gate,
 * Cosmos DB) or lets everyone in without a rule whatever its default
 * action (.needs_rule, a namespace: "If there are no IP and virtual
 * network rules, all the traffic flows into the namespace even if you set
 * the defaultAction to deny"): deny needs the rules written, and at least
 * one (docs/azure-notes.md 20). A created back end's VNet rules need a
 * SKU that takes them (.vnet_skus: a Service Bus namespace's Premium).
 * Whether it reported a deny without rules, at at when not NULL. */
static bool
firewall_gate(struct backend *b, const char *what, const struct pos *at)
{
	const struct backtype *bt = b->type ? backtype_find(b->type) : NULL;
	const struct fwtype *ft = bt ? bt->fw : NULL;
	const struct firewall *fw = &b->fw;

	bool sku_ok = !ft || !ft->vnet_skus || !b->cr.is || !b->cr.sku;
	for (const char *w = sku_ok ? "" : ft->vnet_skus; *w;) {
		size_t l = strcspn(w, " ");
		sku_ok |= strlen(b->cr.sku) == l && strncasecmp(w, b->cr.sku,
		    l) == 0;
		w += l + (w[l] == ' ');
	}
	if (!sku_ok && fw->nsubnets)
		diag_report(fw->subnet_pos[0], VN390, "%s: a %s of the %s "
		    "tier takes no VNet rules (only %s does): write 'sku: %s' "
		    "under create:, or let its callers in by ip_rules or its "
		    "private endpoints", what, restype_namerule(b->rt->res)->
		    what, b->cr.sku, ft->vnet_skus, ft->vnet_skus);
	if (b->access != ACCESS_DENY || !ft || !(ft->gate ||
	    ft->needs_rule) || fw->nips + fw->nsubnets)
		return false;
	diag_report(at ? *at : b->access_pos.line ? b->access_pos : fw->given ?
	    fw->pos : b->pos, VN390, "%s: the firewall of %s %s; write "
	    "firewall: with ip_rules or vnet_rules, or 'public_access: "
	    "disabled'", what, b->type, ft->gate ? "has no default action: "
	    "without a rule it lets everyone in" : "lets everyone in while it "
	    "has no rule, whatever its default action");
	return true;
}

static void
parse_backend(struct ctx *cx, const struct ynode *k, const struct ynode *v)
{
	struct spec *s = cx->s;
	char what[160];

	s->backends = arena_grow(cx->a, s->backends, &s->nbackends,
	    sizeof(*s->backends));
	struct backend *b = &s->backends[s->nbackends - 1];
	b->key = k->s;
	b->pos = k->pos;
	b->ex.is = true;
	b->ex.rbac = -1;
	snprintf(what, sizeof(what), "back end '%s'", k->s);
	b->name = key_tmpl(cx, k->s, k->pos);
	if (!want(v, Y_MAP, what))
		return;
	check_keys(cx, v, what, backend_keys);
	parse_silence(cx, get(v, "silence"), k->pos, v);
	b->name = name_or_key(cx, v, k->s, k->pos, what);
	parse_place(cx, v, &b->at, what);
	const struct ynode *n = get(v, "type");
	if (n && (b->type = scalar(cx, n, "type"))) {
		b->type_pos = n->pos;
		/* a misspelled type is said first, and the rest is checked
		 * as for the type meant: no fixes for a type nobody meant */
		const char *near = backtype_nearest(b->type);
		if (near) {
			diag_report(n->pos, VN104, "%s: unknown type '%s'; did "
			    "you mean %s?", what, b->type, near);
			b->type = near;
		}
		b->rt = restype_by_type(b->type);
		if (b->rt)
			b->type = b->rt->type;
	}
	if ((n = get(v, "id")))
		parse_backend_id(cx, b, v, n, what);
	else if (!get(v, "type"))
		diag_report(v->pos, VN103, "%s needs 'type' (or 'id', its "
		    "resource id)", what);
	const char *const *exkeys = NULL;
	if (b->rt && b->rt->res == RES_COG)
		exkeys = cog_ex_keys;
	else if (b->rt && b->rt->res == RES_KV)
		exkeys = kv_ex_keys;
	if ((n = get(v, "create")))
		parse_create(cx, b, v, n, what);
	if (!b->cr.is)
		parse_existing(cx, get(v, "existing"), &b->ex, what, exkeys);
	if (b->rt && b->rt->res == RES_COG && b->ex.described &&
	    !b->ex.subdomain.nsegs)
		b->ex.subdomain = b->name; /* as the prerequisite did */
	/* an empty firewall: is VN102 below, unless VN390 says more */
	const struct ynode *fwn = get(v, "firewall");
	if (fwn && !is_null(fwn))
		parse_firewall(cx, b, fwn, what);
	if ((n = get(v, "public_access"))) {
		const char *a = oneof(n, "public_access", access_vals);
		b->access_pos = n->pos;
		b->access = !a ? ACCESS_KEEP : a[1] == 'n' ? ACCESS_ENABLED :
		    a[0] == 'd' && a[1] == 'e' ? ACCESS_DENY : ACCESS_DISABLED;
		/* Only what backtypes.c knows how to set, with an apiVersion
		 * read from the type's REST spec: never a guessed version,
		 * never a property the type lacks (found by fuzzing). */
		if (b->type && !backtype_supports(backtype_find(b->type),
		    b->access)) {
			access_refused(b, n->pos, what);
			b->access = ACCESS_KEEP;
		}
		if (b->cr.is && b->access == ACCESS_ENABLED)
			loosened(n->pos, what, "public_access: enabled",
			    "it is then reachable from the internet, not only "
			    "through its private endpoints");
	} else if (b->cr.is) {
		/* created locked: nothing reaches it but its endpoints, and
		 * the callers its firewall lets in */
		b->access = b->fw.given ? ACCESS_DENY : ACCESS_DISABLED;
		b->access_pos = b->cr.pos;
	}
	firewall_access(b, what);
	/* an empty firewall: on a type that lets everyone in without a
	 * rule, what to write under it (VN390) rather than its YAML type
	 * too (one mistake, one message) */
	bool fw_empty = fwn && is_null(fwn);
	if (!firewall_gate(b, what, fw_empty ? &fwn->pos : NULL) && fw_empty)
		want(fwn, Y_MAP, "firewall");
	n = get(v, "private_endpoints");
	if (n && !is_null(n) && want(n, Y_SEQ, "private_endpoints")) {
		b->pes = arena_alloc(cx->a, (n->nitems + 1) * sizeof(*b->pes));
		for (size_t i = 0; i < n->nitems; i++)
			parse_pe(cx, b, n->items[i], i);
	}
}

/* The plan's OS where os: and kind: leave it open. Flex Consumption runs
 * only on Linux (learn.microsoft.com/azure/azure-functions/
 * flex-consumption-plan). A plan the template restates (it has a sku:)
 * needs its OS: reserved is what makes a plan Linux. */
static void
farm_os(struct farm *f, const char *what)
{
	const char *tier = f->sku ? restype_sku_tier(f->sku) : NULL;

	if (tier && strcmp(tier, "FlexConsumption") == 0) {
		if (f->ex.os && strcmp(f->ex.os, "linux") != 0) {
			diag_report(f->ex.os_pos, VN104, "%s: os is %s, but a "
			    "Flex Consumption plan (%s) runs only on Linux; "
			    "write 'os: linux'", what, f->ex.os, f->sku);
			diag_note(f->sku_pos, "SKU of %s", what);
		}
		f->ex.os = "linux";
	}
	if (f->ex.described && f->sku && f->ex.kind && !f->ex.os)
		diag_report(f->ex.pos, VN103, "existing %s needs 'os': kind "
		    "'%s' is used by Windows and Linux plans alike, and the "
		    "template must restate which (reserved)", what,
		    f->ex.kind);
	/* Without kind: the kind Azure gives the SKU's family, else the
	 * OS's ("app" is a Windows plan). */
	if (f->ex.described && !f->ex.kind && f->ex.os)
		f->ex.kind = f->sku && restype_sku_kind(f->sku) ?
		    restype_sku_kind(f->sku) : strcmp(f->ex.os, "linux") == 0 ?
		    "linux" : "app";
}

/* Does plan f host function apps (Elastic Premium, Consumption, Flex
 * Consumption, Logic Apps Standard)? Then its apps' kind cannot be
 * guessed. */
static bool
farm_functions(const struct farm *f)
{
	return (f->sku && restype_sku_kind(f->sku)) || (f->ex.kind &&
	    (strcmp(f->ex.kind, "elastic") == 0 ||
	    strcmp(f->ex.kind, "functionapp") == 0));
}

/* The user-assigned identities, now that parameters have values: each a
 * resource id, none twice (they are the keys of userAssignedIdentities). */
static void
check_uids(struct spec *s, const struct existing *ex, const char *what)
{
	for (size_t i = 0; i < ex->nuids; i++) {
		const struct tmpl *t = &ex->uids[i];
		const char *id = tmpl_eval(s, t);
		if (!arm_id_is(id, "Microsoft.ManagedIdentity/"
		    "userAssignedIdentities")) {
			diag_report(t->pos, VN104, "%s: user-assigned identity "
			    "'%s'%s%s%s is not a resource id of the form "
			    "/subscriptions/SUB/resourceGroups/RG/providers/"
			    "Microsoft.ManagedIdentity/userAssignedIdentities/"
			    "NAME ('az identity show --query id' prints it)",
			    what, id, tmpl_is_literal(t) ? "" : " (",
			    tmpl_is_literal(t) ? "" : t->raw,
			    tmpl_is_literal(t) ? "" : ")");
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (streqi(tmpl_eval(s, &ex->uids[j]), id)) {
				diag_report(t->pos, VN301, "%s: user-assigned "
				    "identity '%s' is listed twice", what, id);
				diag_note(ex->uids[j].pos, "first listed here");
				break;
			}
	}
}

/* A SQL server vnetc creates, once parameters have values: its admin's
 * object id is a GUID (the sid Azure stores; a name or UPN there is
 * refused by Azure, minutes into the deployment). */
static void
sql_created(struct spec *s, const struct backend *b)
{
	const struct tmpl *t = &b->cr.admin_oid;

	if (!b->cr.is || !b->rt || b->rt->res != RES_SQL || !t->nsegs)
		return;
	const char *v = tmpl_eval(s, t);
	if (!guid_ok(v))
		diag_report(t->pos, VN379, "back end '%s': entra_admin "
		    "object_id '%s'%s is not an object id: write the GUID of "
		    "the user, group or application (its Microsoft Entra "
		    "object id: 'az ad group show --group NAME --query id', "
		    "'az ad user show --id UPN --query id')", b->key, v,
		    via(s, t));
}

/* A created app runs on its plan's OS, with its kind on Windows or on
 * Linux: 1 Linux, 0 Windows, -1 (reported) a plan that does not say. */
static int
created_os(struct app *ap, const char *what, const char *kind,
    const char *linux_kind)
{
	const struct farm *f = ap->farm;

	if (!f->ex.os) {
		diag_report(ap->cr.pos, VN103, "%s: vnetc creates it on plan "
		    "'%s', which does not say whether it runs Windows or "
		    "Linux; write the plan's 'existing: {os: ...}'", what,
		    f->key);
		return -1;
	}
	ap->ex.os = f->ex.os;
	bool linux = strcmp(f->ex.os, "linux") == 0;
	ap->ex.kind = linux ? linux_kind : kind;
	return linux;
}

/* A content share's name as Azure Files takes it: 3-63 lowercase letters,
 * digits and single hyphens, a letter or digit first and last
 * (learn.microsoft.com/rest/api/storageservices/
 * naming-and-referencing-shares--directories--files--and-metadata). */
static bool
share_name_ok(const char *n)
{
	size_t len = strlen(n);

	if (len < 3 || len > 63 || n[0] == '-' || n[len - 1] == '-' ||
	    strstr(n, "--"))
		return false;
	return strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789-") == len;
}

/* A literal name made of an app's key, lowercase, '_' as '-' (a share's
 * or container's: the key is literal where the name may be a parameter). */
static const char *
key_name(struct arena **a, const char *pre, const char *key, const char *suf)
{
	char *d = arena_printf(a, "%s%s%s", pre, key, suf);

	for (char *p = d; *p; p++)
		*p = *p == '_' ? '-' : (char)tolower((unsigned char)*p);
	return d;
}

/* A created function app on Flex Consumption: its code is a package in a
 * blob container of its host storage (functionAppConfig.deployment), made
 * before the app, and its scale is functionAppConfig.scaleAndConcurrency
 * (docs/azure-notes.md, "Function apps and their plans vnetc creates"). */
static void
flex_created(struct spec *s, struct app *ap, const char *what)
{
	struct create *cr = &ap->cr;

	if (cr->share && (cr->share_pos.line != cr->pos.line ||
	    cr->share_pos.col != cr->pos.col))
		diag_report(cr->share_pos, VN104, "%s: content_share is the "
		    "Azure Files share of an Elastic Premium or Consumption "
		    "app; a Flex Consumption app runs from a package in a blob "
		    "container: write 'deployment_container:' instead", what);
	if (cr->container) {
		cr->share = cr->container;
		cr->share_pos = cr->container_pos;
	} else {
		cr->share = key_name(&s->arena, "app-package-", ap->key, "");
		cr->share_pos = cr->pos;
	}
	/* Microsoft's defaults (flex-consumption-how-to: 100 instances at
	 * most, 2048 MB instances) */
	if (cr->max_instances <= 0)
		cr->max_instances = 100;
	if (cr->instance_memory <= 0)
		cr->instance_memory = 2048;
	if (!share_name_ok(cr->share))
		diag_report(cr->share_pos, VN104, "%s: deployment container "
		    "'%s' is not a name Blob storage takes: 3-63 lowercase "
		    "letters, digits and single hyphens, a letter or digit "
		    "first and last%s", what, cr->share, cr->container ? "" :
		    " (it is made of the app's key; write "
		    "'deployment_container:' in its create:)");
}

/* A version Azure takes: digits in dot-separated parts, none empty;
 * major: one part, the major version, with a '~' before it as the node
 * setting writes it or "-lts" after it as linuxFxVersion and az do
 * ("20-lts", "20LTS"). The version to write (in the arena), or NULL. */
static const char *
version_ok(struct spec *s, const char *v, bool major)
{
	char *d = arena_strdup(&s->arena, v + (major && *v == '~'));
	size_t n = strlen(d);

	if (major && n > 3 && !strcasecmp(d + n - 3, "lts"))
		d[n -= 3 + (d[n - 4] == '-')] = '\0';
	if (!isdigit((unsigned char)*d))
		return NULL;
	for (const char *p = d; *p; p++)
		if (!isdigit((unsigned char)*p) && (major || *p != '.' ||
		    !isdigit((unsigned char)p[1])))
			return NULL;
	return d;
}

/* A Tomcat version as Linux spells it, "10.1-java17" (or -jre8): the
 * container's version (into *cver) and the Java version Windows keeps,
 * 8 as "1.8" (App Service's stacks API), or NULL. */
static const char *
tomcat_version(struct spec *s, const char *ver, const char **cver)
{
	const char *dash = strchr(ver, '-'), *j;
	size_t pre;

	if (!dash)
		return NULL;
	if (!strncasecmp(dash + 1, "java", 4))
		pre = 4;
	else if (!strncasecmp(dash + 1, "jre", 3))
		pre = 3;
	else
		return NULL;
	*cver = version_ok(s, arena_printf(&s->arena, "%.*s", (int)(dash -
	    ver), ver), false);
	j = version_ok(s, dash + 1 + pre, false);
	if (!*cver || !j)
		return NULL;
	return strcmp(j, "8") == 0 ? "1.8" : j;
}

/* A Windows app's "LANG|VERSION" with lang in table w: where the version
 * goes and its value (cr->win, cr->win_val, cr->win_cver), or an error
 * for a version Azure cannot take. False: lang is not in w. */
static bool
win_version(struct spec *s, struct create *cr, const char *what,
    const struct winver *w, const char *lang, size_t n, const char *ver)
{
	for (; w->worker; w++) {
		if (strlen(w->worker) != n || strncasecmp(w->worker, lang, n))
			continue;
		const char *v = NULL, *cver = w->container_version;
		const char *const *m = w->map;
		char form[96];
		if (m) {
			/* ASPNET|V4.8, as az names it (ASPNET:V4.8) */
			const char *bare = ver + (*ver == 'V' || *ver == 'v');
			for (; *m && !v; m += 2)
				if (!strcmp(bare, m[0]))
					v = m[1];
			struct buf l = {0};
			for (m = w->map; *m; m += 2)
				buf_printf(&l, "%sV%s", m == w->map ? "" :
				    " or ", m[0]);
			snprintf(form, sizeof(form), "one of App Service's: %s",
			    buf_str(&l));
			buf_free(&l);
		} else if (w->container && !cver) {
			v = tomcat_version(s, ver, &cver);
			snprintf(form, sizeof(form), "Tomcat's version and "
			    "the Java it runs on, as Linux writes them: "
			    "V-javaN");
		} else {
			v = version_ok(s, ver, w->major);
			snprintf(form, sizeof(form), "%s", w->major ?
			    "its major version, digits" : "digits and dots");
		}
		if (!v) {
			diag_report(cr->runtime_pos, VN104,
			    "%s: runtime '%s': '%s' is "
			    "not a version Azure takes for %s on Windows (%s, "
			    "e.g. \"%s|%s\")", what, cr->runtime, ver,
			    w->worker, form, w->worker, w->example);
			return true;
		}
		cr->win = w;
		cr->win_val = m ? v : arena_printf(&s->arena, "%s%s", w->pre, v);
		cr->win_cver = w->container ? cver : NULL;
		return true;
	}
	return false;
}

/* A Windows web app's stack, "STACK|VERSION" as the Linux one: DOTNET,
 * NODE, JAVA, TOMCAT and ASPNET (win_stacks) set where Windows keeps
 * them; another stack
 * is a warning (Azure adds stacks) written as its CURRENT_STACK alone
 * (docs/azure-notes.md, "Windows stacks vnetc sets"). */
static void
win_stack(struct spec *s, struct create *cr, const char *what)
{
	static const char *const names[] = {"DOTNET", "ASPNET", "NODE",
	    "JAVA", "TOMCAT", NULL};
	const char *rt = cr->runtime, *bar = strchr(rt, '|');

	if (!bar) {
		/* az webapp create's Windows names: dotnet:8, NODE:20LTS,
		 * java:17:Java SE:17, java:17:TOMCAT:10.1 */
		const char *c = strchr(rt, ':');
		const char *t = c ? strchr(c + 1, ':') : NULL;
		char hint[96] = "";
		if (t && !strncasecmp(t + 1, "tomcat:", 7)) {
			int jn = (int)(t - c - 1);
			if (jn == 3 && !strncmp(c + 1, "1.8", 3))
				c += 2, jn = 1;
			snprintf(hint, sizeof(hint), "; did you mean "
			    "'TOMCAT|%s-java%.*s'?", t + 8, jn, c + 1);
		} else if (c) {
			char *st = arena_printf(&s->arena, "%.*s", (int)(c - rt),
			    rt);
			for (char *p = st; *p; p++)
				*p = (char)toupper((unsigned char)*p);
			snprintf(hint, sizeof(hint), "; did you mean '%s|%.*s'?",
			    st, (int)strcspn(c + 1, ":"), c + 1);
		}
		diag_report(cr->runtime_pos, VN104,
		    "%s: runtime '%s' is not a stack as "
		    "vnetc spells it, STACK|VERSION (e.g. \"DOTNET|8.0\", "
		    "\"NODE|20-lts\", \"JAVA|17\", \"TOMCAT|10.1-java17\", "
		    "\"ASPNET|V4.8\")%s", what, rt, hint);
		return;
	}
	size_t n = (size_t)(bar - rt);
	if (win_version(s, cr, what, win_stacks, rt, n, bar + 1))
		return;
	const char *g = runtime_guess(rt, n, names);
	diag_report(cr->runtime_pos, VN412, "%s: runtime '%s': '%.*s' is not a "
	    "Windows stack that vnetc knows (DOTNET, ASPNET, NODE, JAVA, "
	    "TOMCAT)%s%s%s Azure "
	    "adds stacks, so vnetc writes its name as the app's CURRENT_STACK "
	    "and no version: check it with 'az webapp list-runtimes --os "
	    "windows'", what, rt, (int)n, rt, g ? "; did you mean '" : "",
	    g ? g : "", g ? "'?" : ";");
	struct winver *w = arena_alloc(&s->arena, sizeof(*w));
	char *cur = arena_printf(&s->arena, "%.*s", (int)n, rt);
	for (char *p = cur; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	*w = (struct winver){.worker = cur, .current = cur};
	cr->win = w;
}

/* The language versions Flex Consumption runs, as functionAppConfig's
 * runtime.version spells them (learn.microsoft.com/azure/azure-functions/
 * flex-consumption-plan, "Supported language stack versions"); custom has
 * no version list. Microsoft adds versions: another is a warning (VN418). */
static const struct {
	const char *worker, *const versions[4];
} flex_versions[] = {
	{"dotnet-isolated", {"8.0", "9.0", "10.0"}},
	{"java", {"11", "17", "21"}},
	{"node", {"20", "22"}},
	{"powershell", {"7.4"}},
	{"python", {"3.10", "3.11", "3.12"}},
};

/* A Flex Consumption app's version against flex_versions (VN418) */
static void
flex_version(const struct create *cr, const char *what, const char *ver)
{
	for (size_t i = 0; i < NELEM(flex_versions); i++) {
		if (strcmp(flex_versions[i].worker, cr->worker))
			continue;
		const char *const *v = flex_versions[i].versions;
		for (; *v; v++)
			if (!strcmp(*v, ver))
				return;
		struct buf l = {0};
		for (v = flex_versions[i].versions; *v; v++)
			buf_printf(&l, "%s%s", l.len ? ", " : "", *v);
		diag_report(cr->runtime_pos, VN418,
		    "%s: runtime '%s': Microsoft lists %s %s for Flex "
		    "Consumption, not '%s', and an app on a version Flex does "
		    "not run fails to start or to be created: write one of "
		    "them, or check a newer one with 'az functionapp "
		    "list-flexconsumption-runtimes --location LOCATION "
		    "--runtime %s'", what, cr->runtime, cr->worker, buf_str(&l),
		    ver, cr->worker);
		buf_free(&l);
		return;
	}
}

/* A created function app once its plan is known: on an Elastic Premium,
 * Consumption, Flex Consumption or Dedicated plan (not Workflow Standard,
 * Logic Apps': VN362), the plan's OS, its language (and on Linux its
 * version, linuxFxVersion), on Elastic Premium and Consumption its
 * content share, on Flex Consumption its deployment container and scale
 * (docs/azure-notes.md, "Function apps and their plans vnetc creates"). */
static void
function_created(struct spec *s, struct app *ap, const char *what)
{
	struct create *cr = &ap->cr;
	const struct farm *f = ap->farm;
	const char *tier = f->sku ? restype_sku_tier(f->sku) : NULL;
	bool elastic = tier && strcmp(tier, "ElasticPremium") == 0;
	bool dynamic = tier && strcmp(tier, "Dynamic") == 0;
	bool flex = tier && strcmp(tier, "FlexConsumption") == 0;

	if (!elastic && !dynamic && !flex && farm_functions(f)) {
		diag_report(cr->pos, VN362, "%s: vnetc creates function apps "
		    "on Elastic Premium (EP1-EP3), Consumption (Y1), Flex "
		    "Consumption (FC1) and App Service plans; plan '%s' (%s) %s",
		    what, f->key, f->sku ? f->sku : f->ex.kind, tier ?
		    "is a Logic Apps Standard plan, whose apps are workflow "
		    "apps: create the app outside vnetc and write 'existing:'" :
		    "does not say its SKU: write its 'sku:' (e.g. EP1, Y1, "
		    "FC1)");
		return;
	}
	if (tier && (strcmp(tier, "Free") == 0 || strcmp(tier, "Shared") ==
	    0)) {
		diag_report(cr->pos, VN104, "%s: a function app cannot run on "
		    "plan '%s' (%s): Free and Shared plans do not host them; "
		    "use Basic or higher, or Elastic Premium", what, f->key,
		    f->sku);
		return;
	}
	if (!flex && (cr->container || cr->flex_pos.line)) {
		diag_report(cr->container ? cr->container_pos : cr->flex_pos,
		    VN366, "%s: %s a Flex Consumption app's "
		    "(functionAppConfig); plan '%s' (%s) is not Flex "
		    "Consumption (FC1): remove %s", what, cr->container ?
		    "deployment_container is" : "max_instances and "
		    "instance_memory are", f->key, f->sku ? f->sku : "?",
		    cr->container ? "it" : "them");
		cr->container = NULL;
	}
	int os = created_os(ap, what, "functionapp",
	    "functionapp,linux");
	if (os < 0)
		return;
	bool linux = os == 1;
	/* the plans that scale by events; Consumption and Flex Consumption
	 * have no Always On (functions-scale, "Always on") */
	if ((dynamic || flex) && cr->always_on > 0)
		diag_report(cr->always_on_pos.line ? cr->always_on_pos :
		    cr->pos, VN366, "%s: always_on is an Elastic "
		    "Premium or App Service app's; a %s app scales by events "
		    "and has none: remove it", what, flex ? "Flex Consumption" :
		    "Consumption");
	if (cr->always_on < 0 || dynamic || flex)
		cr->always_on = !elastic && !dynamic && !flex;
	if (!cr->runtime) {
		diag_report(cr->pos, VN364, "%s: a function app vnetc creates "
		    "needs 'runtime', its language%s (e.g. runtime: %s)", what,
		    linux ? " and version" : "", linux ? "\"python|3.11\", "
		    "\"dotnet-isolated|8.0\", \"node|20\"" : "dotnet-isolated, "
		    "node, powershell");
		return;
	}
	const char *bar = strchr(cr->runtime, '|');
	size_t n = bar ? (size_t)(bar - cr->runtime) : strlen(cr->runtime);
	for (const char *const *w = worker_vals; *w; w++)
		if (strlen(*w) == n && strncasecmp(*w, cr->runtime, n) == 0)
			cr->worker = *w;
	if (!cr->worker) {
		/* az's LANGUAGE:VERSION form, or a near miss */
		const char *colon = bar ? NULL : strchr(cr->runtime, ':');
		size_t cn = colon ? (size_t)(colon - cr->runtime) : n;
		const char *g = runtime_guess(cr->runtime, cn, worker_vals);
		char hint[96] = "";
		if (g)
			snprintf(hint, sizeof(hint), "; did you mean '%s%s%s'?",
			    g, colon || bar ? "|" : "", colon ? colon + 1 :
			    bar ? bar + 1 : "");
		diag_report(cr->runtime_pos, VN104,
		    "%s: runtime '%s' is not a language "
		    "of Azure Functions: dotnet-isolated, node, python, java, "
		    "powershell or custom, with its version on Linux (e.g. "
		    "\"python|3.11\")%s", what, cr->runtime, hint);
		return;
	}
	/* Python functions run on Linux only ("serverless hosting on
	 * Linux", Azure/azure-functions-python-worker's README; az
	 * functionapp create has no Windows Python stack) */
	if (!linux && !strcmp(cr->worker, "python")) {
		diag_report(cr->runtime_pos, VN104, "%s: runtime '%s': Python function "
		    "apps run on Linux only, and plan '%s' is Windows: host it "
		    "on a Linux plan (os: linux)", what, cr->runtime, f->key);
		return;
	}
	/* Flex Consumption's functionAppConfig.runtime has a version for
	 * every language, custom's too (the quickstarts write one) */
	if (linux && !bar && (flex || strcmp(cr->worker, "custom") != 0))
		diag_report(cr->runtime_pos, VN364,
		    "%s: a Linux function app needs "
		    "its language's version, as %s spells it: runtime: "
		    "\"%s|VERSION\" (e.g. \"python|3.11\")", what, flex ?
		    "functionAppConfig.runtime" : "linuxFxVersion", cr->worker);
	else if (!linux && bar && !win_version(s, cr, what, win_versions,
	    cr->worker, strlen(cr->worker), bar + 1))
		diag_report(cr->runtime_pos, VN104,
		    "%s: runtime '%s': a Windows "
		    "function app's %s has no version vnetc sets "
		    "(dotnet-isolated, node, powershell and java have one); "
		    "write 'runtime: %s'", what, cr->runtime, cr->worker,
		    cr->worker);
	if (flex) {
		if (bar)
			flex_version(cr, what, bar + 1);
		flex_created(s, ap, what);
		return;
	}
	if (!elastic && !dynamic) {
		if (cr->share && (cr->share_pos.line != cr->pos.line ||
		    cr->share_pos.col != cr->pos.col))
			diag_report(cr->share_pos, VN104, "%s: content_share is "
			    "an Elastic Premium or Consumption app's (its code's "
			    "Azure Files share); on plan '%s' (%s) the code "
			    "lives in App Service's storage: remove it", what,
			    f->key, f->sku ? f->sku : "?");
		cr->share = NULL;
		return;
	}
	if (cr->share && !share_name_ok(cr->share))
		diag_report(cr->share_pos, VN104, "%s: content share '%s' is "
		    "not a name Azure Files takes: 3-63 lowercase letters, "
		    "digits and single hyphens, a letter or digit first and "
		    "last%s", what, cr->share, cr->share_pos.line ==
		    cr->pos.line && cr->share_pos.col == cr->pos.col ? " (it is "
		    "made of the app's key; write 'content_share:' in its "
		    "create:)" : "");
}

/* The settings a function app's create request writes (body.c
 * function_props): a setting of the same name in app_settings would
 * fight it, written over it or over the user's (VN411). Flex Consumption
 * takes AzureWebJobsStorage only. */
static void
function_own_settings(const struct app *ap, const char *what)
{
	static const struct {
		const char *name;
		bool flex, share; /* written on Flex; only with a share */
		const char *why;
	} own[] = {
		{"FUNCTIONS_EXTENSION_VERSION", false, false, "vnetc writes "
		    "~4, the Functions host it creates apps for"},
		{"FUNCTIONS_WORKER_RUNTIME", false, false, "vnetc writes the "
		    "language of create.runtime; to change it, change "
		    "create.runtime (a different value would contradict it)"},
		{"AzureWebJobsStorage", true, false, "vnetc writes the "
		    "connection string of the host storage ('storage:')"},
		{"WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", false, true,
		    "vnetc writes the connection string of the host storage, "
		    "whose Azure Files share holds the code"},
		{"WEBSITE_CONTENTSHARE", false, true, "vnetc writes the "
		    "content share's name; write it as create.content_share"},
	};
	const struct create *cr = &ap->cr;

	if (!cr->is || !cr->function || !ap->farm)
		return;
	bool flex = restype_sku_is(ap->farm->sku, "FlexConsumption");
	for (size_t i = 0; i < ap->nsettings; i++) {
		const struct setting *st = &ap->settings[i];
		for (size_t k = 0; k < NELEM(own); k++) {
			/* Flex Consumption refuses a worker runtime setting
			 * ("The following app setting (Site.SiteConfig.
			 * AppSettings.FUNCTIONS_WORKER_RUNTIME) ... is
			 * invalid", docs/azure-notes.md 24) */
			/* names compared as App Service does, in any case
			 * (VN419) */
			if (!strcasecmp(st->name, own[k].name) && flex &&
			    !strcmp(own[k].name, "FUNCTIONS_WORKER_RUNTIME")) {
				diag_report(st->pos, VN411, "%s: setting %s is "
				    "one a Flex Consumption app does not take, "
				    "and Azure refuses it: its language and "
				    "version are create.runtime "
				    "(functionAppConfig.runtime); remove it from "
				    "app_settings", what, st->name);
				continue;
			}
			if (strcasecmp(st->name, own[k].name) || (flex &&
			    !own[k].flex) || (own[k].share && (flex ||
			    !cr->share)) || (!strcmp(own[k].name,
			    "AzureWebJobsStorage") && (!ap->storage.target ||
			    (ap->slot_of ? ap->slot_of :
			    ap)->storage_identity.name)))
				continue;
			diag_report(st->pos, VN411, "%s: setting %s is one "
			    "vnetc writes itself in the request that creates "
			    "the function app: %s; a value of your own would "
			    "fight it: remove it from app_settings", what,
			    st->name,
			    own[k].why);
		}
		/* storage_identity: the host's connection is the
		 * AzureWebJobsStorage__ group body.c writes */
		const struct app *o = ap->slot_of ? ap->slot_of : ap;
		if (o->storage_identity.name && o->storage.target &&
		    !strncasecmp(st->name, "AzureWebJobsStorage", 19) &&
		    (!st->name[19] || !strncmp(st->name + 19, "__", 2)))
			diag_report(st->pos, VN411, "%s: setting %s is the "
			    "host's storage connection, which vnetc writes "
			    "itself in the request that creates the function "
			    "app: its host connects to storage '%s' with "
			    "identity '%s' (storage_identity:); a value of your "
			    "own would fight it: remove it from app_settings",
			    what, st->name, o->storage.name,
			    o->storage_identity.name);
	}
}

/* "storage:" of an app: a function app vnetc creates needs its host
 * storage, a storage account of the spec's back ends (VN367), where the
 * host keeps its keys, triggers' state and (Elastic Premium) its code
 * (learn.microsoft.com/azure/azure-functions/storage-considerations). */
static void
app_storage(struct spec *s, struct app *ap)
{
	struct ref *r = &ap->storage;
	bool fn = ap->cr.is && ap->cr.function;

	if (r->name && !fn) {
		diag_report(r->pos, VN367, "app '%s': 'storage:' is the host "
		    "storage of a function app vnetc creates (create: {kind: "
		    "functionapp}); remove it", ap->key);
		return;
	}
	if (!fn || !ap->cr.worker)
		return;
	if (!r->name) {
		diag_report(ap->cr.pos, VN367, "app '%s': a function app needs "
		    "its host storage: write 'storage: KEY', the key of a "
		    "back end of type Microsoft.Storage/storageAccounts", ap->key);
		return;
	}
	for (size_t i = 0; i < s->nbackends && !r->target; i++)
		if (strcmp(s->backends[i].key, r->name) == 0)
			r->target = &s->backends[i];
	struct backend *b = r->target;
	if (!b) {
		diag_report(r->pos, VN302, "app '%s': storage '%s' is not "
		    "declared under 'backends:'", ap->key, r->name);
		return;
	}
	if (!b->rt || b->rt->res != RES_STORAGE) {
		diag_report(r->pos, VN367, "app '%s': storage '%s' is a %s; a "
		    "function app's host storage is a storage account (type "
		    "Microsoft.Storage/storageAccounts)", ap->key, r->name,
		    b->type ? b->type : "back end of unknown type");
		diag_note(b->pos, "back end '%s'", b->key);
		r->target = NULL;
		return;
	}
	/* Without storage_identity: the host connects with the account's
	 * key, its connection string in AzureWebJobsStorage (which on Flex
	 * Consumption also reads the package). Elastic Premium's and
	 * Consumption's content share takes the key in any case:
	 * WEBSITE_CONTENTAZUREFILECONNECTIONSTRING has no identity form, as
	 * Azure Files has none for it (learn.microsoft.com/azure/
	 * azure-functions/storage-considerations; docs/azure-notes.md 24.1) */
	bool ident = ap->storage_identity.name != NULL;
	bool flex = ap->farm && restype_sku_is(ap->farm->sku,
	    "FlexConsumption");
	/* a Flex Consumption app's cr.share is its package container */
	bool share = ap->cr.share && !flex;
	if (!b->cr.is || b->cr.shared_key == 1 || (ident && !share))
		return;
	if (share)
		diag_report(r->pos, VN370, "app '%s': host storage '%s' is "
		    "created without shared-key access, but the app's content "
		    "share (Azure Files, WEBSITE_CONTENTAZUREFILE"
		    "CONNECTIONSTRING, on %s plans) takes only a connection "
		    "string with the account key: Azure Files has no "
		    "identity-based connection for it%s; write 'shared_key: "
		    "true' in its create: (and "
		    "silence VN363 with this reason), or host the app on Flex "
		    "Consumption, which has no content share", ap->key, b->key,
		    ap->farm && restype_sku_is(ap->farm->sku,
		    "ElasticPremium") ? "Elastic Premium" : "Consumption",
		    ident ? ", even with storage_identity:" : "");
	else
		diag_report(r->pos, VN370, "app '%s': host storage '%s' is "
		    "created without shared-key access, but the Functions host "
		    "connects to it with the account key (AzureWebJobsStorage%s); "
		    "write 'storage_identity: system' (or a user-assigned "
		    "identity of the app) to connect with the app's identity, "
		    "or 'shared_key: true' in the storage's create: (and "
		    "silence VN363 with this reason)", ap->key, b->key, flex ?
		    ", which also reads the deployment package" : "");
	diag_note(b->cr.pos, "create: of back end '%s'", b->key);
}

/* The data roles the host needs on its storage to connect with an
 * identity (docs/azure-notes.md 24.1): Storage Blob Data Owner, which
 * "covers the basic needs of Functions host storage"; Storage Queue and
 * Table Data Contributor where the account has a queue or table private
 * endpoint, i.e. where the spec says the host keeps queues and tables
 * there (VN369: Durable Functions, blob triggers), as the Flex
 * quickstarts grant each with its endpoint. */
static const struct {
	const char *role, *group;
} storage_role_tab[] = {
	{"Storage Blob Data Owner", NULL},
	{"Storage Queue Data Contributor", "queue"},
	{"Storage Table Data Contributor", "table"},
};

/* storage_identity: of a created function app (app_storage resolved its
 * storage): the identity, system or one of its user-assigned ones
 * (VN416), and the roles it needs on the account, derived as a Key Vault
 * reference's are (resolve_secrets), unless roles: gives them already. */
static void
storage_identity(struct spec *s, struct app *ap)
{
	struct ref *r = &ap->storage_identity;
	struct backend *b = ap->storage.target;

	if (!r->name)
		return;
	if (!ap->cr.is || !ap->cr.function || !ap->storage.name) {
		diag_report(r->pos, VN416, "app '%s': 'storage_identity:' is "
		    "the identity the host of a function app vnetc creates "
		    "connects to its storage: with (create: {kind: "
		    "functionapp} and storage:); remove it", ap->key);
		return;
	}
	if (!strcmp(r->name, "system")) {
		if (!ap->cr.system_identity) {
			diag_report(r->pos, VN416, "app '%s': "
			    "'storage_identity: system' names the app's "
			    "system-assigned identity, and the app has none: "
			    "add system to its identity: list", ap->key);
			return;
		}
		if (ap->nslots) {
			diag_report(r->pos, VN416, "app '%s': its slots run "
			    "the same host settings, but each slot's "
			    "system-assigned identity is a principal of its own "
			    "that vnetc grants nothing on the storage; give the "
			    "app a user-assigned identity, which its slots "
			    "share, and name it in storage_identity:", ap->key);
			return;
		}
		ap->storage_system = true;
	} else {
		for (size_t k = 0; k < ap->nuais; k++)
			if (!strcmp(ap->uais[k].name, r->name))
				r->target = ap->uais[k].target;
		if (!r->target) {
			diag_report(r->pos, VN416, "app '%s': "
			    "'storage_identity: %s' is neither system nor a "
			    "user-assigned identity the app carries; add it to "
			    "its identity: list", ap->key, r->name);
			return;
		}
		/* a slot runs its app's host settings, this identity's
		 * client id among them: a slot with an identity: of its own
		 * must carry it, or its host gets no token for it */
		for (size_t j = 0; j < ap->nslots; j++) {
			const struct app *sl = &ap->slots[j];
			bool has = !sl->own_identity;
			for (size_t k = 0; k < sl->nuais && !has; k++)
				has = !strcmp(sl->uais[k].name, r->name);
			if (!has)
				diag_report(sl->pos, VN416, "slot '%s' of app "
				    "'%s': its host connects to storage with "
				    "'%s' (its app's storage_identity:), which "
				    "its own identity: list leaves out; add %s "
				    "to it", strchr(sl->key, '/') ?
				    strchr(sl->key, '/') + 1 : sl->key, ap->key,
				    r->name, r->name);
		}
	}
	if (!b)
		return;
	for (size_t t = 0; t < NELEM(storage_role_tab); t++) {
		bool want = !storage_role_tab[t].group;
		for (size_t j = 0; j < b->npes && !want; j++)
			want = b->pes[j].group && !strcmp(b->pes[j].group,
			    storage_role_tab[t].group);
		const struct roledef *def = roledef_find(
		    storage_role_tab[t].role);
		bool have = !want;
		for (size_t k = 0; k < ap->nroles && !have; k++) {
			const struct role *o = &ap->roles[k];
			have = o->def == def && o->on.target == b &&
			    o->system == ap->storage_system &&
			    (ap->storage_system || o->as.target == r->target);
		}
		if (have)
			continue;
		ap->roles = arena_grow(&s->arena, ap->roles, &ap->nroles,
		    sizeof(*ap->roles));
		ap->roles[ap->nroles - 1] = (struct role){.pos = r->pos,
		    .app = ap, .on = {.name = b->key, .pos = ap->storage.pos,
		    .target = b}, .def = def, .role_pos = r->pos, .as = {.name =
		    r->name, .pos = r->pos, .target = r->target}, .system =
		    ap->storage_system, .derived = true, .why = "its host "
		    "storage"};
	}
}

/* A Cosmos DB account, Service Bus namespace or App Configuration store
 * vnetc creates, once its endpoints and name are known: a tier with
 * private endpoints (VN398), endpoints of the account's API (VN399), a
 * namespace name Azure takes (VN410). */
static void
data_created(struct spec *s, const struct backend *b)
{
	const struct create *cr = &b->cr;

	if (!cr->is || !b->rt || (b->rt->res != RES_COSMOS &&
	    b->rt->res != RES_SB && b->rt->res != RES_APPCS))
		return;
	/* "Private endpoints are available in the Premium tier"
	 * (learn.microsoft.com/azure/service-bus-messaging/
	 * private-link-service); App Configuration's Free and Developer
	 * tiers have no private link (learn.microsoft.com/azure/
	 * azure-app-configuration/faq, "Which App Configuration tier
	 * should I use?") */
	bool none = b->rt->res == RES_SB ? !streqi(cr->sku, "Premium") :
	    b->rt->res == RES_APPCS && (streqi(cr->sku, "free") ||
	    streqi(cr->sku, "developer"));
	if (none && b->npes)
		diag_report(b->pes[0].pos, VN398, "back end '%s': %s %s of "
		    "the %s tier has no private endpoints; write 'sku: %s' "
		    "under create:, or reach it otherwise", b->key,
		    b->rt->res == RES_SB ? "a" : "an",
		    restype_namerule(b->rt->res)->what, cr->sku,
		    b->rt->res == RES_SB ? "Premium" : "standard");
	for (size_t j = 0; b->rt->res == RES_COSMOS && j < b->npes; j++) {
		const struct pe *pe = &b->pes[j];
		if (pe->group && !streqi(pe->group, cr->kind))
			diag_report(pe->group_pos.line ? pe->group_pos :
			    pe->pos, VN399, "back end '%s': group_id '%s' is "
			    "not the API of the Cosmos DB account vnetc "
			    "creates ('%s'), which answers on its '%s' "
			    "endpoint only; write 'group_id: %s', or 'api: "
			    "%s' under create:", b->key, pe->group, cr->kind,
			    cr->kind, cr->kind, pe->group);
	}
	if (b->rt->res != RES_SB)
		return;
	/* "The name ... can't end with '-sb' or '-mgmt'" (the REST API's
	 * Create Namespace page, learn.microsoft.com/rest/api/servicebus/
	 * create-namespace): the service's own host names */
	const char *n = tmpl_eval(s, &b->name);
	size_t l = strlen(n);
	if ((l >= 3 && strcasecmp(n + l - 3, "-sb") == 0) || (l >= 5 &&
	    strcasecmp(n + l - 5, "-mgmt") == 0))
		diag_report(b->name.pos.line ? b->name.pos : b->pos, VN410,
		    "back end '%s': Service Bus refuses the namespace name "
		    "'%s'%s: it may not end in -sb or -mgmt; write another "
		    "name", b->key, n, via(s, &b->name));
}

/* A created app once its plan is known: its OS and kind are the plan's,
 * a web app's; Linux needs its stack; Always On is on where the plan's
 * tier has it, not Free or Shared (docs/azure-notes.md 19, "Plans and web
 * apps vnetc creates"). */
static void
app_created(struct spec *s, struct app *ap)
{
	struct create *cr = &ap->cr;
	const struct farm *f = ap->farm;
	char what[160];

	if (!cr->is || !f)
		return;
	snprintf(what, sizeof(what), "app '%s'", ap->key);
	if (cr->function) {
		function_created(s, ap, what);
		return;
	}
	if (cr->share) {
		diag_report(cr->share_pos, VN104, "%s: content_share is a "
		    "function app's (create: {kind: functionapp}); remove it",
		    what);
		cr->share = NULL;
	}
	if (farm_functions(f)) {
		diag_report(cr->pos, VN364, "%s: plan '%s' (%s) hosts function "
		    "apps; write 'kind: functionapp' in its create: (and its "
		    "runtime and storage:), or put the web app on an App "
		    "Service plan", what, f->key, f->sku ? f->sku : f->ex.kind);
		return;
	}
	int os = created_os(ap, what, "app", "app,linux");
	if (os < 0)
		return;
	bool linux = os == 1;
	if (linux && !cr->runtime)
		diag_report(cr->pos, VN364, "%s: a Linux app vnetc creates "
		    "needs 'runtime', its stack as Azure's linuxFxVersion "
		    "spells it (e.g. runtime: \"PYTHON|3.12\", "
		    "\"DOTNETCORE|8.0\", \"NODE|20-lts\"; 'az webapp "
		    "list-runtimes --os linux' lists them)", what);
	else if (!linux && cr->runtime)
		win_stack(s, cr, what);
	else if (cr->runtime && !strchr(cr->runtime, '|')) {
		/* az webapp create's --runtime spells it PYTHON:3.12 */
		const char *colon = strchr(cr->runtime, ':');
		char hint[96] = "";
		if (colon)
			snprintf(hint, sizeof(hint), "; did you mean '%.*s|%s'?",
			    (int)(colon - cr->runtime), cr->runtime, colon + 1);
		diag_report(cr->runtime_pos, VN104,
		    "%s: runtime '%s' is not a stack "
		    "as Azure's linuxFxVersion spells it, STACK|VERSION (e.g. "
		    "\"PYTHON|3.12\")%s", what, cr->runtime, hint);
	} else if (linux && cr->runtime) {
		size_t n = (size_t)(strchr(cr->runtime, '|') - cr->runtime);
		bool known = false;
		for (const char *const *w = web_stacks; *w && !known; w++)
			known = strlen(*w) == n && !strncasecmp(*w,
			    cr->runtime, n);
		const char *g = known ? NULL : runtime_guess(cr->runtime, n,
		    web_stacks);
		if (!known)
			diag_report(cr->runtime_pos, VN412,
			    "%s: runtime '%s': '%.*s' "
			    "is not a language of App Service's Linux stacks "
			    "that vnetc knows (DOTNETCORE, NODE, PYTHON, PHP, "
			    "JAVA, TOMCAT, JBOSSEAP)%s%s%s Azure adds stacks, "
			    "so vnetc writes it as it is: check it with 'az "
			    "webapp list-runtimes --os linux'", what,
			    cr->runtime, (int)n, cr->runtime, g ? "; did you "
			    "mean '" : "", g ? g : "", g ? "'?" : ";");
	}
	const char *t = f->sku ? restype_sku_tier(f->sku) : NULL;
	bool small = t && (strcmp(t, "Free") == 0 || strcmp(t, "Shared") ==
	    0);
	/* ARM answers 409 "AlwaysOn cannot be set for this site as the plan
	 * does not allow it" (docs/azure-notes.md section 19) */
	if (small && cr->always_on > 0)
		diag_report(cr->always_on_pos.line ? cr->always_on_pos :
		    cr->pos, VN366, "%s: always_on: true on plan '%s' (%s, "
		    "%s): Azure refuses Always On on Free and Shared plans; "
		    "remove it, or put the app on Basic (B1) or higher", what,
		    f->key, f->sku, t);
	if (cr->always_on < 0 || small)
		cr->always_on = !small;
}

/* An app's existing: mapping once its plan is known: the OS defaults to
 * the plan's and must agree with it; the kind defaults to a web app's
 * ("app", "app,linux") only on a plan that hosts web apps. A guess would
 * turn a function app into a web app when the template is deployed. */
static void
app_existing(struct spec *s, struct app *ap)
{
	struct existing *ex = &ap->ex;
	const struct farm *f = ap->farm;
	char what[160];

	if (!ex->described)
		return;
	snprintf(what, sizeof(what), "existing app '%s'", ap->key);
	check_uids(s, ex, what);
	if (f && f->ex.os && ex->os && strcmp(f->ex.os, ex->os) != 0) {
		bool said = ex->os_pos.line != 0;
		diag_report(said ? ex->os_pos : ex->kind_pos, VN104, "%s is "
		    "%s%s%s%s, but its plan '%s' is %s: an app runs on its "
		    "plan's OS", what, ex->os, said ? "" : " (kind '",
		    said ? "" : ex->kind, said ? "" : "')", f->key, f->ex.os);
		diag_note(f->ex.os_pos.line ? f->ex.os_pos : f->ex.pos,
		    "OS of plan '%s'", f->key);
	}
	if (!ex->os && f)
		ex->os = f->ex.os;
	/* An os: or kind: that did not parse was reported already. */
	if ((ex->os_pos.line && !ex->os) || (ex->kind_pos.line && !ex->kind))
		return;
	if (!ex->os) {
		diag_report(ex->pos, VN103, "%s needs 'os' or 'kind': its plan "
		    "'%s' does not say whether it runs on Windows or Linux",
		    what, f ? f->key : "?");
		return;
	}
	if (ex->kind)
		return;
	if (f && farm_functions(f)) {
		diag_report(ex->pos, VN103, "%s needs 'kind': plan '%s' (%s) "
		    "hosts function apps, and the template must restate the "
		    "app's kind as it is, e.g. kind: %s", what, f->key,
		    f->sku ? f->sku : f->ex.kind, strcmp(ex->os, "linux") ?
		    "functionapp" : "functionapp,linux");
		return;
	}
	ex->kind = strcmp(ex->os, "linux") == 0 ? "app,linux" : "app";
}

/* An Elastic Premium SKU (EP1-EP3): a Functions plan vnetc creates. */
static bool
farm_elastic(const char *sku)
{
	const char *t = restype_sku_tier(sku);

	return t && strcmp(t, "ElasticPremium") == 0;
}

/* create.max_elastic_workers: an Elastic Premium plan's most instances
 * (maximumElasticWorkerCount); only EP has it. Microsoft's Premium plan
 * table lets a plan reach 100 at most, by region and OS (regions.c
 * ep_bursts; check.c holds it to the plan's region and OS once its
 * location is known), and az functionapp plan create --max-burst takes
 * 0-100 (docs/azure-notes.md, "Function apps and their plans vnetc
 * creates"). */
static void
farm_max_workers(struct ctx *cx, struct farm *f, const struct ynode *m,
    const char *what)
{
	const char *t = scalar(cx, m, "max_elastic_workers");

	if (!farm_elastic(f->sku)) {
		diag_report(m->pos, VN366, "%s: 'max_elastic_workers' is an "
		    "Elastic Premium plan's (EP1-EP3); a %s plan (%s) scales "
		    "by 'instances'; remove it", what,
		    restype_sku_tier(f->sku), f->sku);
		return;
	}
	int v = t ? int_in(m, t, what, "max_elastic_workers", 1, 100,
	    "workers") : -1;
	if (v > 0) {
		f->cr.max_workers = v;
		f->cr.max_workers_pos = m->pos;
	}
}

/* "create:" of a plan: App Service's own tiers, Elastic Premium,
 * Consumption (Y1) and Flex Consumption (FC1), which runs on Linux only;
 * not Workflow Standard, Logic Apps' (VN362); its SKU is the plan's sku:,
 * which it needs (VN364). */
static void
parse_farm_create(struct ctx *cx, struct farm *f, const struct ynode *v,
    const struct ynode *n, const char *what)
{
	struct create *cr = &f->cr;
	const struct ynode *m;

	if (!create_head(cr, v, n, what, "plan"))
		return;
	if (!f->sku) {
		if (!get(v, "sku"))
			diag_report(n->pos, VN364, "%s: a plan vnetc creates "
			    "needs 'sku' (e.g. B1, S1, P1v3): Azure has no "
			    "default for it", what);
		return;
	}
	bool elastic = farm_elastic(f->sku);
	bool flex = restype_sku_is(f->sku, "FlexConsumption");
	if (restype_sku_is(f->sku, "WorkflowStandard")) {
		diag_report(f->sku_pos, VN362, "%s: a Workflow Standard plan "
		    "(%s) hosts Logic Apps Standard workflows, which vnetc "
		    "does not create; it creates App Service plans (B1, S1, "
		    "P1v3, ...) and the function apps' (EP1-EP3, Y1, FC1); "
		    "create this one outside vnetc and write 'existing:'", what,
		    f->sku);
		return;
	}
	cr->is = true;
	/* az appservice plan create's default; Flex Consumption runs on
	 * Linux only (learn.microsoft.com/azure/azure-functions/
	 * flex-consumption-plan) */
	cr->os = flex ? "linux" : "windows";
	/* the quickstart's maximumElasticWorkerCount (docs/azure-notes.md,
	 * "Function apps and their plans vnetc creates") */
	cr->max_workers = elastic ? 20 : 0;
	if (n->kind != Y_MAP)
		return;
	char w[200];
	snprintf(w, sizeof(w), "create: of %s", what);
	check_keys(cx, n, w, farm_create_keys);
	if ((m = get(n, "os")) && !(cr->os = oneof(m, "os", os_vals)))
		cr->os = flex ? "linux" : "windows";
	if (m && flex && strcmp(cr->os, "linux") != 0) {
		diag_report(m->pos, VN104, "%s: os is %s, but a Flex "
		    "Consumption plan (%s) runs only on Linux; write 'os: "
		    "linux' or leave it out", what, cr->os, f->sku);
		cr->os = "linux";
	}
	if ((m = get(n, "max_elastic_workers")))
		farm_max_workers(cx, f, m, what);
}

static void
parse_farm(struct ctx *cx, const struct ynode *k, const struct ynode *v)
{
	struct spec *s = cx->s;
	char what[160];

	s->farms = arena_grow(cx->a, s->farms, &s->nfarms, sizeof(*s->farms));
	struct farm *f = &s->farms[s->nfarms - 1];
	f->key = k->s;
	f->pos = k->pos;
	f->ex.is = true;
	snprintf(what, sizeof(what), "plan '%s'", k->s);
	f->name = key_tmpl(cx, k->s, k->pos);
	f->location = s->location;
	if (!want(v, Y_MAP, what))
		return;
	check_keys(cx, v, what, farm_keys);
	parse_silence(cx, get(v, "silence"), k->pos, v);
	f->name = name_or_key(cx, v, k->s, k->pos, what);
	parse_place(cx, v, &f->at, what);
	const struct ynode *n = get(v, "location");
	if (n)
		f->location = mktmpl(cx, n, what);
	if ((n = get(v, "instances"))) {
		const char *t = scalar(cx, n, "instances");
		f->instances_pos = n->pos;
		/* App Service scales a plan to at most 100 instances (ASE
		 * excepted); the bound only catches typos. */
		if (t && (f->instances = int_in(n, t, what, "instances", 1,
		    1000, "instances")) < 0)
			f->instances = 0;
	}
	n = get(v, "sku");
	if (n && (f->sku = scalar(cx, n, "sku"))) {
		f->sku_pos = n->pos;
		/* docs/spec.md: a fixed-set value is written in Azure's
		 * spelling, whatever the case it is typed in */
		if (restype_sku_canon(f->sku))
			f->sku = restype_sku_canon(f->sku);
		else
			diag_report(n->pos, VN104, "unknown App Service plan "
			    "SKU '%s' (e.g. B1, S1, P1v3, EP1, FC1; docs/"
			    "azure-notes.md lists them)", f->sku);
	}
	if ((n = get(v, "create")))
		parse_farm_create(cx, f, v, n, what);
	/* instances: the most the plan scales to, which vnetc does not
	 * write (it sizes the integration subnet, VN317); on an Elastic
	 * Premium plan maximumElasticWorkerCount is that most: two values
	 * for one thing that disagree (VN415, a warning: the subnet is
	 * only larger than needed) */
	if (f->cr.is && farm_elastic(f->sku) && f->instances > 0 &&
	    f->cr.max_workers > 0 && f->instances > f->cr.max_workers)
		diag_report(f->instances_pos, VN415, "%s: instances: %d, but "
		    "the plan bursts to at most %d (max_elastic_workers%s), "
		    "so it never runs %d instances and the integration "
		    "subnet is sized for instances it cannot have; lower "
		    "instances to %d, or raise max_elastic_workers",
		    what, f->instances, f->cr.max_workers,
		    get(n, "max_elastic_workers") ? "" : ", vnetc's default",
		    f->instances, f->cr.max_workers);
	if (f->cr.is) {
		f->ex.is = false;
		f->ex.os = f->cr.os;
		f->ex.os_pos = f->cr.pos;
		return;
	}
	parse_existing(cx, get(v, "existing"), &f->ex, what, farm_ex_keys);
	farm_os(f, what);
}

/* Bytes of the UTF-8 character that starts with c, so that a message
 * quotes a letter of another script whole (a -p value need not be UTF-8:
 * "%.*s" stops at its NUL, and diag.c shows a stray byte as \xHH). */
static int
char_len(unsigned char c)
{
	return c < 0xc0 || c >= 0xf8 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/* App Service's rule for app setting names: "letters, numbers (0-9),
 * periods (.), and underscores (_)" (learn.microsoft.com/azure/
 * app-service/configure-common; docs/azure-notes.md). It also keeps the
 * names the script's "az webapp config appsettings set --settings
 * NAME=VALUE" can carry: az splits at the first '=' and reads a word
 * that starts with '-' as an option. False if reported (VN104). */
static bool
check_setting_name(const struct ynode *k, const char *app)
{
	static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789._";
	const char *s = k->s;
	size_t at = strspn(s, ok);

	if (!*s) {
		diag_report(k->pos, VN104, "app '%s': an app setting name is "
		    "empty; App Service's setting names are letters, digits, "
		    "'.' and '_'", app);
		return false;
	}
	if (!s[at])
		return true;
	unsigned char c = (unsigned char)s[at];
	diag_report(k->pos, VN104, "app '%s': app setting name '%s' holds "
	    "'%.*s'%s; App Service allows only letters (A-Z, a-z), digits, "
	    "'.' and '_' in setting names", app, s, char_len(c), s + at,
	    c == '=' ? " (and az's --settings NAME=VALUE would cut the name "
	    "there)" : c == ':' ? " (write '__' for ':': ASP.NET Core reads "
	    "it as ':')" : c == '-' && !at ? " (and az would read it as an "
	    "option)" : "");
	return false;
}

/* "{secret: VAULT/NAME}": an app setting that is a Key Vault reference to
 * secret NAME of back end VAULT (resolved by resolve_secrets; its value is
 * written by plan_build). A secret's name is 1-127 letters, digits and
 * dashes (learn.microsoft.com/azure/key-vault/general/about-keys-secrets-
 * certificates, "Object identifiers"). */
static void
parse_secret(struct ctx *cx, struct setting *st, const struct ynode *n,
    const char *what)
{
	const char *v = scalar(cx, n, "secret");
	if (!v)
		return;
	const char *slash = strchr(v, '/');
	const char *name = slash ? slash + 1 : "";
	size_t len = strlen(name);
	if (!slash || slash == v || !len || len > 127 ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-") != len) {
		diag_report(n->pos, VN384, "%s: setting %s: 'secret: %s' is not "
		    "VAULT/NAME, the key of a key vault back end and a secret "
		    "name of 1-127 letters, digits and dashes", what, st->name,
		    v);
		return;
	}
	st->vault = (struct ref){.name = arena_printf(cx->a, "%.*s",
	    (int)(slash - v), v), .pos = n->pos};
	st->secret = name;
}

/* Properties that hold a secret: a key or a connection string with one.
 * ARM's GET never answers them (they come of list*() actions, which vnetc
 * never calls for a setting), so {from:} refuses them by name, with the
 * way that needs no secret (VN387). Compared case-insensitively with the
 * path's last segment. */
static const char *const secret_props[] = {"primaryKey", "secondaryKey",
    "primaryConnectionString", "secondaryConnectionString",
    "primaryMasterKey", "secondaryMasterKey", "primaryReadonlyMasterKey",
    "secondaryReadonlyMasterKey", "connectionString", "connectionStrings",
    "key1", "key2", "keys", "accessKey", "accessKeys", "sharedKey",
    "password", "administratorLoginPassword", "clientSecret", "secret",
    NULL};

/* "{from: KEY, property: P}": an app setting whose value is property P of
 * the back end, identity or app KEY (resolved by resolve_from): P is a
 * dotted path of identifiers under the resource's properties, as ARM's
 * reference() answers them, or name or id, the resource's own. The
 * identifiers are those ARM's property access and az's JMESPath --query
 * both read unquoted: a letter or _, then letters, digits and _. */
static void
parse_from(struct ctx *cx, struct setting *st, const struct ynode *m,
    const char *what)
{
	const struct ynode *n = get(m, "from"), *p = get(m, "property");
	const char *k = n ? scalar(cx, n, "from") : NULL;
	const char *v = p ? scalar(cx, p, "property") : NULL;

	if (!p) {
		diag_report(m->pos, VN387, "%s: setting %s: {from: %s} needs "
		    "property:, the path of the value under the resource's "
		    "properties (e.g. vaultUri), or name or id", what,
		    st->name, k ? k : "KEY");
		return;
	}
	if (!n) {
		diag_report(m->pos, VN387, "%s: setting %s: property: needs "
		    "from:, the key of the back end, identity or app whose "
		    "property it is", what, st->name);
		return;
	}
	if (!k || !v)
		return;
	bool ok = *v != '\0';
	for (const char *q = v; ok && *q; q++) {
		bool start = q == v || q[-1] == '.';
		ok = *q == '.' ? !start && q[1] : *q == '_' ||
		    (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
		    (!start && *q >= '0' && *q <= '9');
	}
	if (!ok) {
		diag_report(p->pos, VN387, "%s: setting %s: 'property: %s' is "
		    "not a dotted path of identifiers (letters, digits and _, "
		    "not starting with a digit), such as primaryEndpoints.blob",
		    what, st->name, v);
		return;
	}
	if (!strncasecmp(v, "properties.", 11)) {
		/* every output reads the path under properties already */
		diag_report(p->pos, VN387, "%s: setting %s: 'property: %s' "
		    "names properties twice: the path is read under the "
		    "resource's properties; write 'property: %s'", what,
		    st->name, v, v + 11);
		return;
	}
	const char *last = strrchr(v, '.') ? strrchr(v, '.') + 1 : v;
	for (const char *const *sp = secret_props; *sp; sp++)
		if (!strcasecmp(last, *sp)) {
			diag_report(p->pos, VN387, "%s: setting %s: '%s' is a "
			    "secret, which vnetc never reads nor writes into an "
			    "output (ARM's GET does not answer it); use the "
			    "resource's managed-identity form (e.g. "
			    "AzureWebJobsStorage__accountName: {from: %s, "
			    "property: name} and a role), or a Key Vault "
			    "reference {secret: VAULT/NAME}", what, st->name, v,
			    k);
			return;
		}
	st->from = (struct ref){.name = k, .pos = n->pos};
	st->prop = v;
	st->prop_pos = p->pos;
}

/* An app setting written as a map: {secret:} or {from:, property:}, one
 * form only (VN387 for a mix). */
static void
parse_setting_ref(struct ctx *cx, struct setting *st, const struct ynode *m,
    const char *what)
{
	/* {form: ...}: VN101's did-you-mean alone, not also what the
	 * setting lacks for want of the key it meant (one mistake, one
	 * message) */
	if (check_keys(cx, m, "app setting", setting_ref_keys))
		return;
	const struct ynode *sn = get(m, "secret");
	const struct ynode *fn = get(m, "from") ? get(m, "from") :
	    get(m, "property");
	if (sn && fn) {
		diag_report(fn->pos, VN387, "%s: setting %s: a setting is "
		    "{secret: VAULT/NAME} or {from: KEY, property: P}, not "
		    "both; write one", what, st->name);
		return;
	}
	if (sn)
		parse_secret(cx, st, sn, what);
	else if (fn)
		parse_from(cx, st, m, what);
	else
		diag_report(m->pos, VN103, "%s: setting %s: a setting written "
		    "as a map needs 'secret' (a Key Vault reference) or "
		    "'from' and 'property' (another resource's property)",
		    what, st->name);
}

/* "create:" of a web app: its runtime and the site settings vnetc keeps
 * secure (docs/spec.md): TLS 1.2, FTPS off, basic-auth publishing
 * credentials off; loosening one is VN363. The OS and kind are its
 * plan's (app_created, once the plan is known). */
static void
parse_app_create(struct ctx *cx, struct app *ap, const struct ynode *v,
    const struct ynode *n, const char *what)
{
	struct create *cr = &ap->cr;
	const struct ynode *m;

	if (!create_head(cr, v, n, what, "app"))
		return;
	cr->is = true;
	cr->min_tls = "1.2";
	cr->ftps = "disabled";
	cr->always_on = -1; /* by the plan's tier */
	if (n->kind != Y_MAP)
		return;
	char w[200];
	snprintf(w, sizeof(w), "create: of %s", what);
	check_keys(cx, n, w, app_create_keys);
	if ((m = get(n, "kind")))
		cr->function = oneof(m, "kind", app_kind_vals) ==
		    app_kind_vals[1];
	if ((m = get(n, "runtime"))) {
		cr->runtime = scalar(cx, m, "runtime");
		cr->runtime_pos = m->pos;
	}
	if ((m = get(n, "content_share"))) {
		cr->share = scalar(cx, m, "content_share");
		cr->share_pos = m->pos;
	} else if (cr->function) {
		/* the key's, which is literal where the name may be a
		 * parameter: "<key>-content", lowercase */
		cr->share = key_name(cx->a, "", ap->key, "-content");
		cr->share_pos = cr->pos;
	}
	if ((m = get(n, "min_tls")) && (cr->min_tls = oneof(m, "min_tls",
	    tls_vals)) && strcmp(cr->min_tls, "1.2") < 0)
		loosened(m->pos, what, arena_printf(cx->a, "min_tls: \"%s\"",
		    cr->min_tls), "clients may then connect with TLS versions "
		    "that Microsoft no longer recommends");
	if (!cr->min_tls)
		cr->min_tls = "1.2";
	if ((m = get(n, "ftps")) && (cr->ftps = oneof(m, "ftps", ftps_vals)) &&
	    strcmp(cr->ftps, "disabled") != 0)
		loosened(m->pos, what, arena_printf(cx->a, "ftps: %s",
		    cr->ftps), cr->ftps[0] == 'a' ? "the app then takes "
		    "deployments by plain FTP, credentials in clear text" :
		    "the app then takes deployments by FTPS");
	if (!cr->ftps)
		cr->ftps = "disabled";
	if ((m = get(n, "basic_auth")) &&
	    (cr->basic_auth = boolean(m, "basic_auth")) == 1)
		loosened(m->pos, what, "basic_auth: true", "the app's "
		    "publishing user name and password then deploy to it "
		    "(FTP and the SCM site), besides Microsoft Entra ID");
	if (cr->basic_auth < 0)
		cr->basic_auth = 0;
	if ((m = get(n, "always_on"))) {
		cr->always_on = boolean(m, "always_on");
		cr->always_on_pos = m->pos;
	}
	/* a Flex Consumption app's (function_created checks the plan) */
	if ((m = get(n, "deployment_container"))) {
		cr->container = scalar(cx, m, "deployment_container");
		cr->container_pos = m->pos;
	}
	if ((m = get(n, "max_instances"))) {
		const char *t = scalar(cx, m, "max_instances");
		cr->max_instances = t ? int_in(m, t, what, "max_instances", 1,
		    1000, "instances") : -1;
		cr->flex_pos = m->pos;
	}
	if ((m = get(n, "instance_memory"))) {
		const char *t = scalar(cx, m, "instance_memory");
		cr->instance_memory = t ? int_in(m, t, what,
		    "instance_memory", 512, 4096, "MB") : -1;
		if (cr->instance_memory > 0 && cr->instance_memory != 512 &&
		    cr->instance_memory != 2048 && cr->instance_memory != 4096) {
			diag_report(m->pos, VN104, "%s: instance_memory %d is "
			    "not a Flex Consumption instance size: write 512, "
			    "2048 or 4096 (MB)", what, cr->instance_memory);
			cr->instance_memory = -1;
		}
		cr->flex_pos = m->pos;
	}
}

static void parse_identity_list(struct ctx *cx, struct app *ap,
    const struct ynode *n);
static void parse_roles(struct ctx *cx, struct app *ap,
    const struct ynode *n, const char *what, bool slot);

/* "identity:" of an app vnetc creates: a list of its managed identities,
 * "system" for the system-assigned one (what az webapp create
 * --assign-identity calls [system]). An existing app's identity is
 * restated by existing: {identity: ...}, never written (VN365). */
static void
parse_app_identity(struct ctx *cx, struct app *ap, const struct ynode *n,
    const char *what)
{
	if (!ap->cr.is) {
		diag_report(n->pos, VN365, "%s: 'identity:' gives an app vnetc "
		    "creates its managed identities; vnetc does not change an "
		    "existing app's (write it in existing: {identity: ...} so "
		    "the template restates it)", what);
		return;
	}
	parse_identity_list(cx, ap, n);
}

/* identity: n of an app or a slot vnetc creates: system, and keys of
 * identities: (resolve_refs, VN302). */
static void
parse_identity_list(struct ctx *cx, struct app *ap, const struct ynode *n)
{
	if (n->kind != Y_SCALAR && !want(n, Y_SEQ, "identity"))
		return;
	size_t cnt = n->kind == Y_SEQ ? n->nitems : 1;
	for (size_t i = 0; i < cnt; i++) {
		const struct ynode *it = n->kind == Y_SEQ ? n->items[i] : n;
		const char *id = scalar(cx, it, "identity");
		if (id && strcmp(id, "system") == 0) {
			ap->cr.system_identity = true;
		} else if (id) {
			/* a key of identities: (resolve_refs, VN302) */
			ap->uais = arena_grow(cx->a, ap->uais, &ap->nuais,
			    sizeof(*ap->uais));
			ap->uais[ap->nuais - 1] = (struct ref){.name = id,
			    .pos = it->pos};
		}
	}
}

/* The back end that stands for the app being parsed (k) itself: a back
 * end of type Microsoft.Web/sites under the app's key and named as the
 * app, made on first use. Its endpoints are the app's own inbound private
 * endpoints (private_endpoints:, group id sites) and its deployment
 * slots' (group id sites-<slot>), its public access the app's
 * (public_access:). That is what a spec wrote before apps took them, and
 * the plan (the endpoint waits for the app or its slot, the lock for the
 * endpoint), the checks (uses: [key] reaches it, VN326) and every output
 * treat both alike. The back ends were parsed before the apps, so a key
 * both use is known here (VN301, and NULL; why: what the app has).
 * naming.c copies the app's name again once a naming hook has set it.
 * cap: the endpoints it holds, the app's and its slots' (parse_app). */
static struct backend *
self_backend(struct ctx *cx, const struct ynode *k, size_t cap,
    struct pos at, const char *why)
{
	struct spec *s = cx->s;

	for (size_t i = 0; i < s->nbackends; i++) {
		if (s->backends[i].self_app == s->napps)
			return &s->backends[i];
		if (strcmp(s->backends[i].key, k->s) == 0) {
			diag_report(k->pos, VN301, "app '%s' has %s, and a "
			    "back end is named '%s' too: both would be '%s' in "
			    "uses: and in the endpoints' names; rename the back "
			    "end", k->s, why, k->s, k->s);
			diag_note(s->backends[i].pos, "back end '%s'", k->s);
			return NULL;
		}
	}
	const struct app *ap = &s->apps[s->napps - 1];
	s->backends = arena_grow(cx->a, s->backends, &s->nbackends,
	    sizeof(*s->backends));
	struct backend *b = &s->backends[s->nbackends - 1];
	b->key = k->s;
	b->pos = k->pos;
	b->rt = restype_by_type("Microsoft.Web/sites");
	b->type = b->rt->type;
	b->type_pos = at;
	b->name = ap->name;
	b->at = ap->at;
	/* not read first when the plan creates the app: ops.c */
	b->ex.is = ap->ex.is;
	b->ex.rbac = -1;
	b->self_app = s->napps;
	b->pes = arena_alloc(cx->a, (cap + 1) * sizeof(*b->pes));
	return b;
}

/* The endpoints a list n of private_endpoints: holds (0 if it is not
 * one: parse_pe's caller says so). */
static size_t
n_endpoints(const struct ynode *n)
{
	return n && n->kind == Y_SEQ ? n->nitems : 0;
}

/* Endpoint v of slot sl (key sk) of an app: on the app's own back end b,
 * its group id sites-<slot> (VN383 for another), named after the app
 * and the slot unless it says otherwise. */
static void
slot_endpoint(struct ctx *cx, struct backend *b, struct app *sl,
    const struct ynode *sk, const struct ynode *v)
{
	const char *group = arena_printf(cx->a, "sites-%s", sk->s);

	parse_pe(cx, b, v, b->npes);
	struct pe *pe = &b->pes[b->npes - 1];
	pe->slot = sl;
	if (v->kind != Y_MAP)
		return;
	if (!get(v, "name")) {
		pe->name = tmpl_literal(cx->s, arena_printf(cx->a, "%s-%s-pe",
		    b->key, sk->s), v->pos);
		if (!get(v, "connection_name"))
			pe->conn_name = sibling_name(cx, &pe->name, "-pc");
		if (!pe->zg_set || !get(v, "zone_group") ||
		    strcmp(get(v, "zone_group")->s, "create") == 0)
			pe->zg_name = sibling_name(cx, &pe->name, "-zg");
	}
	if (!pe->group) {
		pe->group = group;
		pe->group_pos = v->pos;
	} else if (!streqi(pe->group, group)) {
		diag_report(pe->group_pos, VN383, "the endpoint of slot '%s' "
		    "has group id '%s': a slot is reached through its app with "
		    "group id '%s'; remove group_id", sl->key, pe->group,
		    group);
		pe->group = group;
	}
}

/* app_settings: n of app (or slot) ap: names checked, values literal,
 * ${param} or {secret: VAULT/NAME}. */
static void
parse_settings(struct ctx *cx, struct app *ap, const struct ynode *n,
    const char *what)
{
	if (!n || is_null(n) || !want(n, Y_MAP, "app_settings"))
		return;
	check_keys(cx, n, "app_settings", NULL);
	/* App Service keeps one setting for names that differ only in case
	 * (docs/azure-notes.md, "App setting names and case"): by their
	 * lowercase, so that a spec of thousands stays linear */
	struct smap folded = {0};
	for (size_t i = 0; i + 1 < n->nitems; i += 2) {
		const struct ynode *sk = n->items[i];
		if (dup_key(n, i) || !check_setting_name(sk, ap->key))
			continue;
		char *low = arena_strdup(cx->a, sk->s);
		for (char *c = low; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		struct smap_ent *e = smap_add(&folded, low, (void *)sk);
		if (e->count > 1) {
			const struct ynode *first = e->first;
			diag_report(sk->pos, VN419, "%s: settings '%s' and '%s' "
			    "differ only in case, and App Service takes setting "
			    "names case-insensitively: it keeps one of them, "
			    "not both; remove one or rename it", what, first->s,
			    sk->s);
			diag_note(first->pos, "'%s' is here", first->s);
			continue;
		}
		ap->settings = arena_grow(cx->a, ap->settings, &ap->nsettings,
		    sizeof(*ap->settings));
		struct setting *st = &ap->settings[ap->nsettings - 1];
		st->name = sk->s;
		st->pos = sk->pos;
		if (n->items[i + 1]->kind == Y_MAP)
			parse_setting_ref(cx, st, n->items[i + 1], what);
		else
			st->value = mktmpl(cx, n->items[i + 1], "app setting");
	}
	smap_free(&folded);
}

static const char *const slot_keys[] = {"https_only", "vnet_integration",
    "route_all", "private_endpoints", "public_access", "app_settings",
    "content_share", "identity", "key_vault_identity", "roles", NULL};

/* slots: of app ap (key k), each slot a struct app of its own (model.h);
 * its endpoints go on the app's own back end self (NULL: none, VN301).
 * What it shares with its app is copied once the app is resolved
 * (app_slots). */
static void
parse_slots(struct ctx *cx, struct app *ap, const struct ynode *k,
    const struct ynode *n, struct backend *self)
{
	if (!want(n, Y_MAP, "slots"))
		return;
	check_keys(cx, n, "slots", NULL);
	ap->slots = arena_alloc(cx->a, (n->nitems / 2 + 1) *
	    sizeof(*ap->slots));
	for (size_t i = 0; i + 1 < n->nitems; i += 2) {
		const struct ynode *sk = n->items[i], *sv = n->items[i + 1], *m;
		char what[200];
		if (dup_key(n, i))
			continue;
		struct app *sl = &ap->slots[ap->nslots++];
		sl->key = arena_printf(cx->a, "%s/%s", k->s, sk->s);
		sl->pos = sk->pos;
		sl->name = key_tmpl(cx, sk->s, sk->pos);
		sl->https_only = 1;
		sl->route_all = true;
		snprintf(what, sizeof(what), "slot '%s' of app '%s'", sk->s,
		    k->s);
		if (is_null(sv) || !want(sv, Y_MAP, what))
			continue;
		check_keys(cx, sv, what, slot_keys);
		int b = boolean(get(sv, "https_only"), "https_only");
		if (b == 0)
			loosened(get(sv, "https_only")->pos, what,
			    "https_only: false", "the slot then answers plain "
			    "HTTP too");
		if (b >= 0)
			sl->https_only = b;
		if ((b = boolean(get(sv, "route_all"), "route_all")) >= 0)
			sl->route_all = b;
		if ((m = get(sv, "vnet_integration"))) {
			sl->nintegration_refs = 1;
			sl->subnet_ref = scalar(cx, m, "vnet_integration");
			sl->subnet_pos = m->pos;
		}
		const char *pa = oneof(get(sv, "public_access"),
		    "public_access", app_access_vals);
		if (pa) {
			sl->slot_access = pa[0] == 'e' ? ACCESS_ENABLED :
			    ACCESS_DISABLED;
			sl->slot_access_pos = get(sv, "public_access")->pos;
		}
		if ((m = get(sv, "content_share"))) {
			sl->slot_share = scalar(cx, m, "content_share");
			sl->slot_share_pos = m->pos;
		}
		parse_settings(cx, sl, get(sv, "app_settings"), what);
		/* its own identities (a slot is always one vnetc creates),
		 * else its app's (app_slots); its roles: and the identity
		 * of its Key Vault references, as an app's */
		if ((m = get(sv, "identity"))) {
			sl->own_identity = true;
			parse_identity_list(cx, sl, m);
		}
		if ((m = get(sv, "key_vault_identity")))
			sl->kv_identity = (struct ref){.name = scalar(cx, m,
			    "key_vault_identity"), .pos = m->pos};
		if ((m = get(sv, "roles")))
			parse_roles(cx, sl, m, what, true);
		m = get(sv, "private_endpoints");
		if (!m || is_null(m) || !self ||
		    !want(m, Y_SEQ, "private_endpoints"))
			continue;
		for (size_t j = 0; j < m->nitems; j++)
			slot_endpoint(cx, self, sl, sk, m->items[j]);
	}
}

/* slot_settings: [NAME, ...] of an app with slots: the names of the app
 * settings that stay with their slot on a swap; the spec's whole list
 * (config/slotConfigNames), so an app without slots: has none to keep
 * (VN104). */
static void
parse_sticky(struct ctx *cx, struct app *ap, const struct ynode *n,
    const char *what)
{
	if (is_null(n) || !want(n, Y_SEQ, "slot_settings"))
		return;
	if (!ap->nslots) {
		diag_report(n->pos, VN104, "%s: slot_settings: names the "
		    "settings that stay with their slot on a swap; the app has "
		    "no slots: (write them, or remove slot_settings:)", what);
		return;
	}
	ap->sticky_pos = n->pos;
	ap->sticky = arena_alloc(cx->a, (n->nitems + 1) *
	    sizeof(*ap->sticky));
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ynode *m = n->items[i];
		const char *name = scalar(cx, m, "slot_settings");
		bool dup = false;
		if (!name || !check_setting_name(m, ap->key))
			continue;
		for (size_t j = 0; j < ap->nsticky && !dup; j++)
			dup = strcmp(ap->sticky[j], name) == 0;
		if (dup) {
			diag_report(m->pos, VN301, "%s: slot_settings: names "
			    "'%s' twice", what, name);
			continue;
		}
		ap->sticky[ap->nsticky++] = name;
	}
}

/* The endpoints an app's spec v holds, its own and its slots'. */
static size_t
app_endpoint_count(const struct ynode *v)
{
	const struct ynode *sl = get(v, "slots");
	size_t n = n_endpoints(get(v, "private_endpoints"));

	for (size_t i = 1; sl && sl->kind == Y_MAP && i < sl->nitems; i += 2)
		if (sl->items[i]->kind == Y_MAP)
			n += n_endpoints(get(sl->items[i],
			    "private_endpoints"));
	return n;
}

/* An app's public_access: its site's publicNetworkAccess (Microsoft.Web
 * 2024-04-01 SiteProperties: "Allowed Values: 'Enabled', 'Disabled' or
 * an empty string"), set as a back end's is: the lock step, after the
 * app's own endpoints and the integration of the apps that call it. */
static const struct backend *
app_public_access(struct ctx *cx, const struct ynode *k,
    const struct ynode *n)
{
	const char *a = oneof(n, "public_access", app_access_vals);
	struct backend *b;

	if (!a || !(b = self_backend(cx, k, 0, n->pos, "public_access:")))
		return NULL;
	b->access_pos = n->pos;
	b->access = a[0] == 'e' ? ACCESS_ENABLED : ACCESS_DISABLED;
	return b;
}

/* The role a role: names (a name of roles.c's table or a GUID), or NULL
 * (VN372, with the name it may mean). A GUID vnetc has no row for is a
 * custom role: kept as written. */
static const struct roledef *
parse_roledef(struct ctx *cx, const struct ynode *n, const char *what)
{
	const char *r = scalar(cx, n, "role");
	const struct roledef *d, *best = NULL;
	int bestd = 255;

	if (!r)
		return NULL;
	if ((d = roledef_find(r)))
		return d;
	if ((d = roledef_foreign(r))) {
		diag_report(n->pos, VN372, "%s: role '%s' is a Cosmos DB "
		    "data-plane role (%s, %s), defined by the account itself "
		    "(sqlRoleDefinitions) and granted by a sqlRoleAssignment: "
		    "no Azure role assignment grants it, and vnetc makes no "
		    "sqlRoleAssignments yet; grant it after apply with az "
		    "cosmosdb sql role assignment create --account-name ACCOUNT "
		    "--resource-group RG --role-definition-id %s --principal-id "
		    "PRINCIPAL --scope /, or keep the account's keys "
		    "(create: {local_auth: true})", what, r, d->name, d->guid,
		    d->guid);
		return NULL;
	}
	if (guid_ok(r)) {
		struct roledef *g = arena_alloc(cx->a, sizeof(*g));
		g->name = g->guid = r;
		return g;
	}
	for (size_t i = 0; (d = roledef_at(i)); i++) {
		int e = edit_distance(d->name, r);
		if (e < bestd)
			bestd = e, best = d;
	}
	diag_report(n->pos, VN372, "%s: role '%s' is not a built-in role "
	    "vnetc knows nor a role definition GUID%s%s%s (docs/spec.md lists "
	    "the names; a GUID from az role definition list --name NAME "
	    "--query [].name is taken as it is)", what, r, best && bestd <= 6 ?
	    "; did you mean '" : "", best && bestd <= 6 ? best->name : "",
	    best && bestd <= 6 ? "'?" : "");
	return NULL;
}

/* "roles: [{on: BACKEND, role: NAME-OR-GUID, as: system|IDENTITY}]" of an
 * app vnetc creates; the keys are resolved by resolve_refs. */
static void
parse_roles(struct ctx *cx, struct app *ap, const struct ynode *n,
    const char *what, bool slot)
{
	if (!want(n, Y_SEQ, "roles"))
		return;
	/* a slot is always one vnetc creates; what identities it has is
	 * known once its app is (resolve_slot_refs) */
	if (!slot && !ap->cr.is) {
		diag_report(n->pos, VN374, "%s: 'roles:' gives the identities "
		    "of an app vnetc creates their roles; vnetc does not know "
		    "an existing app's identities", what);
		return;
	}
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ynode *m = n->items[i];
		if (!want(m, Y_MAP, "roles entry"))
			continue;
		check_keys(cx, m, "roles entry", role_keys);
		const struct ynode *on = get(m, "on"), *r = get(m, "role"),
		    *as = get(m, "as");
		if (!on || !r || !as)
			continue;
		ap->roles = arena_grow(cx->a, ap->roles, &ap->nroles,
		    sizeof(*ap->roles));
		struct role *ro = &ap->roles[ap->nroles - 1];
		ro->pos = m->pos;
		ro->on = (struct ref){.name = scalar(cx, on, "on"),
		    .pos = on->pos};
		ro->role_pos = r->pos;
		ro->def = parse_roledef(cx, r, what);
		ro->as = (struct ref){.name = scalar(cx, as, "as"),
		    .pos = as->pos};
		ro->system = ro->as.name && !strcmp(ro->as.name, "system");
		if (!slot && ro->system && !ap->cr.system_identity)
			diag_report(as->pos, VN374, "%s: 'as: system' names the "
			    "app's system-assigned identity, which it does not "
			    "have: add 'system' to its identity: list", what);
		if (ro->def && ro->def->broad)
			diag_report(r->pos, VN373, "%s: role '%s' governs the "
			    "back end itself (its settings, or who may reach "
			    "it), not its data: an app needs a data role "
			    "(e.g. Key Vault Secrets User, Storage Blob Data "
			    "Contributor); silence VN373 with the reason if it "
			    "needs this one", what, ro->def->name);
	}
}

/* "identities: KEY:": a user-assigned managed identity. create: {} (or
 * true): vnetc creates it in the spec's region, tagged, and owns it as a
 * created back end; existing: its resource id, which gives its name and
 * scope (az identity show --query id prints it). */
static void
parse_uai(struct ctx *cx, const struct ynode *k, const struct ynode *v)
{
	struct spec *s = cx->s;
	char what[160];
	const struct ynode *n;

	s->identities = arena_grow(cx->a, s->identities, &s->nidentities,
	    sizeof(*s->identities));
	struct identity *id = &s->identities[s->nidentities - 1];
	id->key = k->s;
	id->pos = k->pos;
	snprintf(what, sizeof(what), "identity '%s'", k->s);
	id->name = key_tmpl(cx, k->s, k->pos);
	if (!want(v, Y_MAP, what))
		return;
	check_keys(cx, v, what, uai_keys);
	if ((n = get(v, "create"))) {
		if (!create_head(&id->cr, v, n, what, "identity"))
			return;
		if (n->kind == Y_MAP) {
			char cwhat[200];
			snprintf(cwhat, sizeof(cwhat), "create: of %s", what);
			check_keys(cx, n, cwhat, uai_create_keys);
		}
		id->cr.is = true;
		id->name = name_or_key(cx, v, k->s, k->pos, what);
		parse_place(cx, v, &id->at, what);
		return;
	}
	if (!(n = get(v, "existing"))) {
		diag_report(k->pos, VN103, "%s needs 'create:' (vnetc creates "
		    "it) or 'existing:' (its resource id)", what);
		return;
	}
	static const char *const clash[] = {"name", "resource_group",
	    "subscription"};
	for (size_t i = 0; i < NELEM(clash); i++)
		if (get(v, clash[i])) {
			diag_report(get(v, clash[i])->pos, VN104, "%s: "
			    "'existing:' gives the identity by its id, which "
			    "says its name and scope; remove '%s'", what,
			    clash[i]);
			return;
		}
	id->id = mktmpl(cx, n, "existing");
	id->id_pos = n->pos;
	if (id->id.nsegs)
		parse_resid(cx->s, &id->id, restype_get(RES_UAI)->type,
		    "existing identity id", &id->at, &id->name, NULL);
}

/* ---- an app's access restrictions (access:, issue 16) ---- */

/* "There is a limit of 512 access restriction rules"
 * (learn.microsoft.com/azure/app-service/app-service-ip-restrictions);
 * Azure's own last rule, "Allow all" or "Deny all", has the highest
 * priority, 2147483647 (github.com/Azure/arm-template-whatif issue 82). */
#define AR_MAX 512
#define AR_LAST 2147483647L

/* A rule's priority: digits only, 1 to AR_LAST - 1; -1 otherwise. */
static long
ar_priority(const char *s)
{
	long v = 0;

	if (!*s || s[0] == '0' || strlen(s) > 10)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v < AR_LAST ? v : -1;
}

/* One rule of an access list: {name, priority?, action?, and one of ip,
 * service_tag, subnet}; i: its index (the default priority is 100 a
 * rule, in order, as az's examples space them). */
static void
parse_arrule(struct ctx *cx, struct arlist *l, const struct ynode *n,
    size_t i, const char *what)
{
	static const char *const src[] = {"ip", "service_tag", "subnet"};
	struct arrule r = {.pos = n->pos, .priority = (long)(i + 1) * 100};
	const struct ynode *m, *from = NULL;
	size_t nsrc = 0;

	if (!want(n, Y_MAP, "access rule"))
		return;
	check_keys(cx, n, "access rule", ar_keys);
	if (!(m = get(n, "name")) || !(r.name = scalar(cx, m, "name")))
		return;
	/* the script compares the rules as text, one separator apart */
	for (const char *c = r.name; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr(" ._-", *c)) {
			diag_report(m->pos, VN394, "%s: access rule name '%s': "
			    "vnetc takes letters, digits, spaces, '.', '_' and "
			    "'-' in it", what, r.name);
			return;
		}
	for (size_t k = 0; k < l->nrules; k++)
		if (streqi(l->rules[k].name, r.name)) {
			diag_report(m->pos, VN301, "%s: access rule '%s' is "
			    "listed twice (Azure tells rules apart by name)",
			    what, r.name);
			diag_note(l->rules[k].pos, "first listed here");
			return;
		}
	if ((m = get(n, "priority"))) {
		const char *t = scalar(cx, m, "priority");
		if (!t)
			return;
		if ((r.priority = ar_priority(t)) < 0) {
			diag_report(m->pos, VN394, "%s: access rule '%s': "
			    "priority '%s' is not a whole number from 1 to %ld "
			    "(%ld is Azure's own last rule's)", what, r.name, t,
			    AR_LAST - 1, AR_LAST);
			return;
		}
	}
	for (size_t k = 0; k < l->nrules; k++)
		if (l->rules[k].priority == r.priority) {
			diag_report(m ? m->pos : n->pos, VN394, "%s: access "
			    "rule '%s' has priority %ld, as '%s' has: give each "
			    "rule its own, so that the order they apply in is "
			    "written", what, r.name, r.priority,
			    l->rules[k].name);
			diag_note(l->rules[k].pos, "'%s' is here",
			    l->rules[k].name);
			return;
		}
	const char *a = oneof(get(n, "action"), "action", ar_action_vals);
	r.deny = a && a[0] == 'd';
	for (size_t k = 0; k < NELEM(src); k++)
		if ((m = get(n, src[k]))) {
			nsrc++;
			from = m;
			r.kind = (enum ar_kind)k;
		}
	if (nsrc != 1) {
		diag_report(n->pos, VN394, "%s: access rule '%s' %s: give "
		    "exactly one of ip (an address or prefix), service_tag "
		    "(e.g. AzureFrontDoor.Backend) or subnet (a subnet of the "
		    "spec)", what, r.name, nsrc ? "names more than one source" :
		    "names no source");
		return;
	}
	r.src_pos = from->pos;
	if (!scalar(cx, from, src[r.kind]))
		return;
	if (r.kind == AR_IP) {
		struct prefix p = {0};
		char buf[CIDR_STRLEN];
		mkaddr(cx, from, &p, "access rule ip");
		if (!p.ok)
			return;
		cidr_format(&p.c, buf);
		r.value = arena_strdup(cx->a, buf);
	} else if (r.kind == AR_TAG) {
		r.value = from->s; /* netsec.c checks it (VN396) */
	} else {
		r.subnet_ref = from->s;
	}
	l->rules = arena_grow(cx->a, l->rules, &l->nrules, sizeof(*l->rules));
	l->rules[l->nrules - 1] = r;
}

/* The main site's list (access:) or the SCM site's (scm:): default:
 * allow or deny (deny unless it says), rules: */
static void
parse_arlist(struct ctx *cx, struct arlist *l, const struct ynode *n,
    const char *what)
{
	const struct ynode *m;
	const char *d = oneof(get(n, "default"), "default", ar_action_vals);

	l->deny = !d || d[0] == 'd';
	if (!(m = get(n, "rules")) || is_null(m) || !want(m, Y_SEQ, "rules"))
		return;
	if (m->nitems > AR_MAX) {
		diag_report(m->pos, VN394, "%s: %zu access rules; App Service "
		    "takes at most %d a site: put a gateway (Front Door, "
		    "Application Gateway) in front, or use service tags",
		    what, m->nitems, AR_MAX);
		return;
	}
	for (size_t i = 0; i < m->nitems; i++)
		parse_arrule(cx, l, m->items[i], i, what);
}

/* access: {default, rules, scm: main | {default, rules}} */
static void
parse_access(struct ctx *cx, struct app *ap, const struct ynode *n,
    const char *what)
{
	struct app_access *acc = &ap->acc;
	const struct ynode *m;

	if (!want(n, Y_MAP, "access"))
		return;
	check_keys(cx, n, "access", access_keys);
	acc->given = true;
	acc->pos = n->pos;
	parse_arlist(cx, &acc->main, n, what);
	if (!(m = get(n, "scm")))
		return;
	if (m->kind == Y_SCALAR && streqi(m->s, "main"))
		return;
	if (m->kind != Y_MAP) {
		diag_report(m->pos, VN394, "%s: scm: is 'main' (the SCM site "
		    "takes the main site's rules) or a mapping of its own "
		    "default: and rules:", what);
		return;
	}
	check_keys(cx, m, "scm", scm_access_keys);
	acc->scm_own = true;
	parse_arlist(cx, &acc->scm, m, what);
}

static void
parse_app(struct ctx *cx, const struct ynode *k, const struct ynode *v)
{
	struct spec *s = cx->s;
	char what[160];

	s->apps = arena_grow(cx->a, s->apps, &s->napps, sizeof(*s->apps));
	struct app *ap = &s->apps[s->napps - 1];
	ap->key = k->s;
	ap->pos = k->pos;
	ap->https_only = -1;
	ap->route_all = true;
	ap->ex.is = true;
	snprintf(what, sizeof(what), "app '%s'", k->s);
	ap->name = key_tmpl(cx, k->s, k->pos);
	if (!want(v, Y_MAP, what))
		return;
	check_keys(cx, v, what, app_keys);
	parse_silence(cx, get(v, "silence"), k->pos, v);
	ap->name = name_or_key(cx, v, k->s, k->pos, what);
	parse_place(cx, v, &ap->at, what);
	if (get(v, "uses")) {
		ap->has_uses = true;
		mkrefs(cx, get(v, "uses"), &ap->uses, &ap->nuses, "uses");
	}
	const struct ynode *n = get(v, "plan");
	if (n) {
		ap->farm_ref = scalar(cx, n, "plan");
		ap->farm_pos = n->pos;
	}
	if ((n = get(v, "create")))
		parse_app_create(cx, ap, v, n, what);
	if ((n = get(v, "storage"))) {
		ap->storage.name = scalar(cx, n, "storage");
		ap->storage.pos = n->pos;
	}
	if (ap->cr.is)
		ap->ex.is = false;
	else
		parse_existing(cx, get(v, "existing"), &ap->ex, what,
		    app_ex_keys);
	/* basic-auth publishing: an existing app's, or a created one's as
	 * create.basic_auth says it (once) */
	ap->basic_auth = ap->cr.is ? ap->cr.basic_auth : -1;
	if ((n = get(v, "basic_auth"))) {
		int ba = boolean(n, "basic_auth");
		if (ap->cr.is && get(get(v, "create"), "basic_auth"))
			diag_report(n->pos, VN301, "%s: basic_auth is written "
			    "twice, here and under create:; keep one", what);
		else if (ba >= 0)
			ap->basic_auth = ap->cr.basic_auth = ba;
		if (ap->cr.is && ba == 1)
			loosened(n->pos, what, "basic_auth: true", "the app's "
			    "publishing user name and password then deploy to "
			    "it (FTP and the SCM site), besides Microsoft Entra "
			    "ID");
	}
	if ((n = get(v, "identity")))
		parse_app_identity(cx, ap, n, what);
	if ((n = get(v, "roles")))
		parse_roles(cx, ap, n, what, false);
	if ((n = get(v, "key_vault_identity"))) {
		ap->kv_identity = (struct ref){.name = scalar(cx, n,
		    "key_vault_identity"), .pos = n->pos};
		if (!ap->cr.is)
			diag_report(n->pos, VN386, "%s: 'key_vault_identity:' "
			    "sets the identity of an app vnetc creates that "
			    "resolves its Key Vault references; vnetc does not "
			    "change an existing app's (az webapp update --set "
			    "keyVaultReferenceIdentity=ID does)", what);
	}
	if ((n = get(v, "storage_identity")))
		ap->storage_identity = (struct ref){.name = scalar(cx, n,
		    "storage_identity"), .pos = n->pos};
	int b = boolean(get(v, "https_only"), "https_only");
	if (b >= 0)
		ap->https_only = b;
	if (ap->cr.is && b == 0)
		loosened(get(v, "https_only")->pos, what, "https_only: false",
		    "the app then answers plain HTTP too");
	else if (ap->cr.is)
		ap->https_only = 1;
	/* az webapp vnet-integration add turns Route All on (CLI >= 2.27),
	 * so that is the default here too; docs/azure-notes.md 2.5. */
	b = boolean(get(v, "route_all"), "route_all");
	if (b >= 0)
		ap->route_all = b;
	if ((n = get(v, "vnet_integration"))) {
		/* An app has one integration; a list is read so that check.c
		 * can say so (VN322). */
		ap->nintegration_refs = 1;
		if (n->kind == Y_SEQ && n->nitems > 0) {
			ap->nintegration_refs = n->nitems;
			if (n->nitems > 1)
				ap->subnet2_pos = n->items[1]->pos;
			n = n->items[0];
		}
		ap->subnet_ref = scalar(cx, n, "vnet_integration");
		ap->subnet_pos = n->pos;
	}
	size_t npes = app_endpoint_count(v);
	struct backend *self = npes ? self_backend(cx, k, npes,
	    (get(v, "private_endpoints") ? get(v, "private_endpoints") :
	    get(v, "slots"))->pos, "private endpoints of its own") : NULL;
	if ((n = get(v, "private_endpoints")) && !is_null(n) && self &&
	    want(n, Y_SEQ, "private_endpoints"))
		for (size_t i = 0; i < n->nitems; i++)
			parse_pe(cx, self, n->items[i], i);
	if ((n = get(v, "slots")) && !is_null(n))
		parse_slots(cx, ap, k, n, self);
	if ((n = get(v, "slot_settings")))
		parse_sticky(cx, ap, n, what);
	const struct backend *pub = NULL;
	if ((n = get(v, "public_access")))
		pub = app_public_access(cx, k, n);
	if ((n = get(v, "access")))
		parse_access(cx, ap, n, what);
	/* restrictions apply to the public endpoint, which disabled closes
	 * ("Access restrictions don't apply to traffic entering through a
	 * private endpoint", overview-access-restrictions) */
	/* Disabled closes the site and its SCM site to the internet
	 * (docs/azure-notes.md 25); without an endpoint of its own nothing
	 * reaches the app, its deployments included. A worker that only its
	 * triggers wake, deployed from a package URL, may want that. */
	if (pub && pub->access == ACCESS_DISABLED &&
	    !n_endpoints(get(v, "private_endpoints")))
		diag_report(pub->access_pos, VN376, "%s: public_access: "
		    "disabled closes the app's public endpoint and it has no "
		    "private endpoint of its own, so nothing reaches it: not "
		    "its callers, not a deployment through its SCM site (az "
		    "webapp deploy); give it 'private_endpoints:', or, for a "
		    "worker that only its triggers wake, silence VN376 with "
		    "that reason", what);
	/* A slot is a site of its own, public unless its own
	 * publicNetworkAccess says otherwise: one that does not write
	 * public_access: takes its app's, so that closing the app does not
	 * leave its staging copy open; one that writes enabled under an
	 * app that disables it answers publicly (VN375). */
	for (size_t i = 0; pub && i < ap->nslots; i++) {
		struct app *sl = &ap->slots[i];
		if (sl->slot_access == ACCESS_KEEP) {
			sl->slot_access = pub->access;
			sl->slot_access_pos = pub->access_pos;
		} else if (sl->slot_access == ACCESS_ENABLED &&
		    pub->access == ACCESS_DISABLED)
			diag_report(sl->slot_access_pos, VN375, "%s: "
			    "public_access: disabled closes the app's public "
			    "endpoint, but slot '%s' writes public_access: "
			    "enabled and answers publicly; remove it (a slot "
			    "takes its app's), or silence VN375 with the "
			    "reason", what, tmpl_eval(s, &sl->name));
	}
	if (ap->acc.given && pub && pub->access == ACCESS_DISABLED)
		diag_report(ap->acc.pos, VN397, "%s: public_access: disabled "
		    "closes the public endpoint that access: restricts, so "
		    "its rules let no one in; write public_access: enabled "
		    "to let the rules' callers in, or remove access:", what);
	parse_settings(cx, ap, get(v, "app_settings"), what);
}

/* Walk a mapping section whose keys are logical names. */
static void
section(struct ctx *cx, const struct ynode *root, const char *key,
    void (*fn)(struct ctx *, const struct ynode *, const struct ynode *))
{
	const struct ynode *n = get(root, key);

	if (!n || is_null(n) || !want(n, Y_MAP, key))
		return;
	check_keys(cx, n, key, NULL);
	for (size_t i = 0; i + 1 < n->nitems; i += 2)
		if (!dup_key(n, i))
			fn(cx, n->items[i], n->items[i + 1]);
}

/* ------------------------------------------------------------ resolution */

/* Parameter defaults may refer to other parameters, but not in a circle. */
static void
check_param_cycles(struct spec *s)
{
	enum { WHITE, GREY, BLACK };
	int *color = calloc(s->nparams, sizeof(int));
	size_t *stack = calloc(s->nparams + 1, sizeof(size_t));
	size_t *iter = calloc(s->nparams + 1, sizeof(size_t));

	if (!color || !stack || !iter)
		die("out of memory:");
	for (size_t root = 0; root < s->nparams; root++) {
		if (color[root] != WHITE)
			continue;
		size_t sp = 0;
		stack[sp] = root, iter[sp] = 0, color[root] = GREY;
		while (1) {
			struct param *p = &s->params[stack[sp]];
			if (p->value || iter[sp] >= p->def.nsegs) {
				color[stack[sp]] = BLACK;
				if (sp == 0)
					break;
				sp--;
				continue;
			}
			const struct seg *g = &p->def.segs[iter[sp]++];
			if (!g->param)
				continue;
			size_t q = (size_t)(g->param - s->params);
			if (color[q] == GREY) {
				struct buf chain = {0};
				size_t from = sp;
				while (from > 0 && stack[from] != q)
					from--;
				for (size_t k = from; k <= sp; k++)
					buf_printf(&chain, "%s -> ",
					    s->params[stack[k]].name);
				buf_puts(&chain, s->params[q].name);
				diag_report(p->def.pos, VN305, "parameter "
				    "defaults refer to each other in a circle: "
				    "%s", buf_str(&chain));
				buf_free(&chain);
				g->param->value = ""; /* stop the walk */
			} else if (color[q] == WHITE) {
				color[q] = GREY;
				stack[++sp] = q, iter[sp] = 0;
			}
		}
	}
	free(color);
	free(stack);
	free(iter);
}

/* Index of subnets by "SUBNET" and by "VNET/SUBNET" (the vnet key's length
 * first, so that a '/' inside a key cannot make two pairs collide), for
 * find_subnet. */
static char *
subnet_ref_key(struct spec *s, const char *vnet, size_t vlen,
    const char *subnet)
{
	return arena_printf(&s->arena, "%zu:%.*s/%s", vlen, (int)vlen, vnet,
	    subnet);
}

static void
index_subnets(struct spec *s, struct smap *bykey, struct smap *bypath)
{
	for (size_t i = 0; i < s->nvnets; i++) {
		struct vnet *vn = &s->vnets[i];
		for (size_t j = 0; j < vn->nsubnets; j++) {
			struct subnet *sn = &vn->subnets[j];
			smap_add(bykey, sn->key, sn);
			smap_add(bypath, subnet_ref_key(s, vn->key,
			    strlen(vn->key), sn->key), sn);
		}
	}
}

static struct subnet *
find_subnet(struct spec *s, struct smap *bykey, struct smap *bypath,
    const char *ref, struct pos pos, const char *what)
{
	const char *slash = strchr(ref, '/');
	struct subnet *hit = NULL;
	size_t nhits = 0;
	struct smap_ent *e = slash ? smap_get(bypath, subnet_ref_key(s, ref,
	    (size_t)(slash - ref), slash + 1)) : smap_get(bykey, ref);

	if (e)
		hit = e->first, nhits = e->count;
	if (nhits == 1)
		return hit;
	if (nhits > 1) {
		struct buf b = {0};
		size_t k = 0;
		for (size_t i = 0; i < s->nvnets; i++)
			for (size_t j = 0; j < s->vnets[i].nsubnets; j++)
				if (strcmp(s->vnets[i].subnets[j].key, ref) == 0)
					buf_printf(&b, "%s%s/%s", !k++ ? "" :
					    k == nhits ? " or " : ", ",
					    s->vnets[i].key, ref);
		diag_report(pos, VN303, "%s '%s' matches a subnet in several "
		    "vnets; write VNET/SUBNET: %s", what, ref, buf_str(&b));
		buf_free(&b);
		return NULL;
	}
	const char *best = NULL;
	int bestd = 255;
	for (size_t i = 0; i < s->nvnets; i++)
		for (size_t j = 0; j < s->vnets[i].nsubnets; j++) {
			int d = edit_distance(ref, s->vnets[i].subnets[j].key);
			if (d < bestd)
				bestd = d, best = s->vnets[i].subnets[j].key;
		}
	if (best && bestd <= 3)
		diag_report(pos, VN302, "%s '%s' names no subnet; did you "
		    "mean '%s'?", what, ref, best);
	else
		diag_report(pos, VN302, "%s '%s' names no subnet of any vnet",
		    what, ref);
	return NULL;
}

/* An app or slot as a message names it, and what it is ("app",
 * "slot"). */
static const char *
site_who(struct spec *s, const struct app *ap, const char **it)
{
	*it = ap->slot_of ? "slot" : "app";
	return ap->slot_of ? arena_printf(&s->arena, "slot '%s' of app '%s'",
	    tmpl_eval(s, &ap->name), ap->slot_of->key) :
	    arena_printf(&s->arena, "app '%s'", ap->key);
}

/* Whether subnet sn has the service endpoint svc (or svc.Global). */
static bool
has_endpoint(const struct subnet *sn, const char *svc)
{
	size_t l = strlen(svc);

	for (size_t k = 0; k < sn->nses; k++) {
		const char *e = sn->ses[k].service;
		if (e && strncasecmp(e, svc, l) == 0 && (!e[l] ||
		    strcasecmp(e + l, ".Global") == 0))
			return true;
	}
	return false;
}

/* An app's access rules by subnet: subnets of the spec with the
 * Microsoft.Web service endpoint ("If the FROM address is in a subnet
 * that's configured with service endpoints to Microsoft.Web, the source
 * subnet is compared against the virtual network rules",
 * app-service-ip-restrictions; az webapp config access-restriction add
 * adds the endpoint unless --ignore-missing-endpoint, azure-cli
 * appservice/access_restrictions.py _ensure_subnet_service_endpoint).
 * vnetc does not add it: the subnet's service_endpoints: are the spec's. */
static void
resolve_access(struct spec *s, struct app *ap, struct arlist *l,
    struct smap *sn_key, struct smap *sn_path)
{
	for (size_t i = 0; i < l->nrules; i++) {
		struct arrule *r = &l->rules[i];
		if (r->kind != AR_SUBNET)
			continue;
		r->subnet = find_subnet(s, sn_key, sn_path, r->subnet_ref,
		    r->src_pos, "access rule subnet");
		if (r->subnet && !has_endpoint(r->subnet, "Microsoft.Web"))
			diag_report(r->src_pos, VN395, "app '%s': access rule "
			    "'%s' lets in subnet '%s/%s' by its service "
			    "endpoint, which it lacks: add 'service_endpoints: "
			    "[Microsoft.Web]' to the subnet", ap->key, r->name,
			    r->subnet->vnet->key, r->subnet->key);
	}
}

/* A firewall's VNet rules: subnets of the spec, each with the service
 * endpoint of the back end's type (Azure refuses a rule whose subnet has
 * none, unless told to ignore it, which vnetc never does: the rule would
 * let nothing in). Storage's global endpoint serves as well. */
static void
resolve_firewall(struct spec *s, struct backend *b, struct smap *sn_key,
    struct smap *sn_path)
{
	struct firewall *fw = &b->fw;
	const struct fwtype *ft = fw->given ? backtype_find(b->type)->fw :
	    NULL;

	if (!ft || !fw->nsubnets)
		return;
	fw->subnets = arena_alloc(&s->arena, fw->nsubnets *
	    sizeof(*fw->subnets));
	for (size_t i = 0; i < fw->nsubnets; i++) {
		struct subnet *sn = find_subnet(s, sn_key, sn_path,
		    fw->subnet_refs[i], fw->subnet_pos[i], "vnet rule");
		fw->subnets[i] = sn;
		bool has = sn && has_endpoint(sn, ft->endpoint);
		for (size_t k = 0; sn && k < i; k++)
			if (fw->subnets[k] == sn) {
				diag_report(fw->subnet_pos[i], VN301, "back end "
				    "'%s': vnet rule '%s' is listed twice",
				    b->key, fw->subnet_refs[i]);
				has = true;
			}
		if (sn && !has)
			diag_report(fw->subnet_pos[i], VN393, "back end '%s': "
			    "the firewall lets in subnet '%s/%s' by its "
			    "service endpoint, which it lacks: add "
			    "'service_endpoints: [%s]' to the subnet", b->key,
			    sn->vnet->key, sn->key, ft->endpoint);
	}
}

/* Zones are allocated one by one while endpoints are resolved (their
 * pointers must stay valid), then copied into s->zones in first-use
 * order by finish_zones(). */
/* Where the zone name of endpoint pe lives: a central zone of the dns:
 * block (by its id, else in its group), unless the endpoint keeps its
 * zones local (zone_scope: local); else the spec's own group. *central:
 * it exists, vnetc only refers to it. *from: the dns: key that says so. */
static const struct scope *
zone_place(struct spec *s, const struct pe *pe, const char *name,
    bool *central, struct pos *from)
{
	const struct dns *d = &s->dns;

	*central = false;
	if (!d->given || pe->zones_local)
		return s->scopes[0];
	for (size_t k = 0; k < d->nids; k++)
		if (streqi(d->id_names[k], name)) {
			*central = true;
			*from = d->ids[k].pos;
			return d->id_scopes[k];
		}
	if (!d->scope)
		return s->scopes[0];
	*central = !d->owned;
	*from = d->zones_pos;
	return d->scope;
}

static struct zone *
intern_zone(struct spec *s, struct zone ***tmp, size_t *ntmp,
    const char *name, struct pos pos, const struct pe *pe)
{
	bool central;
	struct pos from = {0};
	const struct scope *sc = zone_place(s, pe, name, &central, &from);

	/* One zone per (name, scope): a local zone of a central zone's name
	 * is a second zone (split-brain, check.c VN350). */
	for (size_t i = 0; i < *ntmp; i++)
		if (streqi((*tmp)[i]->name, name) && (*tmp)[i]->scope == sc)
			return (*tmp)[i];
	struct zone *z = arena_alloc(&s->arena, sizeof(*z));
	z->name = arena_strdup(&s->arena, name);
	z->pos = pos;
	z->rname = tmpl_literal(s, z->name, pos);
	z->scope = sc;
	z->central = central;
	z->central_pos = from;
	z->id = *ntmp;
	*tmp = arena_grow(&s->arena, *tmp, ntmp, sizeof(**tmp));
	(*tmp)[*ntmp - 1] = z;
	return z;
}

static void
finish_zones(struct spec *s, struct zone **tmp, size_t ntmp)
{
	s->zones = arena_alloc(&s->arena, (ntmp + 1) * sizeof(*s->zones));
	s->nzones = ntmp;
	for (size_t i = 0; i < ntmp; i++)
		s->zones[i] = *tmp[i];
	for (size_t i = 0; i < s->nbackends; i++)
		for (size_t j = 0; j < s->backends[i].npes; j++) {
			struct pe *pe = &s->backends[i].pes[j];
			size_t m = 0;
			/* An endpoint in error (no type, no group id) kept
			 * its dns_zones as written, never interned: it gets
			 * none, rather than zone 0 or one past the end
			 * (found by fuzz/spec_fuzz.c). */
			for (size_t k = 0; k < pe->nzones; k++)
				if (pe->zones[k]->id != (size_t)-1)
					pe->zones[m++] =
					    &s->zones[pe->zones[k]->id];
			pe->nzones = m;
		}
}

/* "privatelink.vaultcore.azure.net" -> "vaultcore": the tutorial's link
 * names are <label>-zonelink. */
static const char *
zone_label(struct spec *s, const char *zone)
{
	const char *p = zone;

	if (strncmp(p, "privatelink.", 12) == 0)
		p += 12;
	else if (strncmp(p, "privatelink-", 12) == 0)
		p += 12;
	size_t n = strcspn(p, ".");
	return arena_strndup(&s->arena, p, n);
}

static void
resolve_pe(struct spec *s, struct backend *b, struct pe *pe,
    struct zone ***tmp, size_t *ntmp, struct smap *sn_key,
    struct smap *sn_path)
{
	const char *groups[16];

	if (pe->subnet_ref) {
		pe->subnet = find_subnet(s, sn_key, sn_path, pe->subnet_ref,
		    pe->subnet_pos, "subnet");
		if (pe->subnet)
			pe->subnet->npes++;
	}
	if (!b->type)
		return;
	size_t ng = privatelink_groups(s->cloud, b->type, groups,
	    NELEM(groups));
	/* a Cosmos DB account vnetc creates: its API's (VN399) */
	if (!pe->group && b->cr.is && b->rt && b->rt->res == RES_COSMOS)
		pe->group = b->cr.kind;
	if (!pe->group) {
		if (ng == 1) {
			pe->group = groups[0];
		} else if (ng > 1) {
			struct buf l = {0};
			for (size_t i = 0; i < ng && i < NELEM(groups); i++)
				buf_printf(&l, "%s%s", i ? ", " : "",
				    groups[i]);
			diag_report(pe->pos, VN307, "%s has several private "
			    "link group ids (%s): set group_id", b->type,
			    buf_str(&l));
			buf_free(&l);
			return;
		} else if (!pe->nzones) {
			const char *hint = privatelink_hint(s->cloud, b->type);
			diag_report(b->type_pos, VN306, "%s is not in the %s "
			    "cloud's private DNS zone table: %s", b->type,
			    privatelink_cloud_name(s->cloud), hint ? hint :
			    "set group_id and dns_zones");
			return;
		} else {
			diag_report(pe->pos, VN103, "private endpoint of '%s' "
			    "needs 'group_id'", b->key);
			return;
		}
	}
	const struct plrow *row = privatelink_find(s->cloud, b->type,
	    pe->group);
	/* The doc's spelling, unless the group id names an instance
	 * (sites-<slot name>), which keeps its own. */
	if (row && streqi(row->group, pe->group))
		pe->group = row->group;
	if (pe->nzones) {
		/* Given zones replace the derived ones; check.c warns when
		 * they differ from the recommended names. */
		for (size_t i = 0; i < pe->nzones; i++)
			pe->zones[i] = intern_zone(s, tmp, ntmp,
			    pe->zones[i]->name, pe->zones[i]->pos, pe);
		return;
	}
	/* a slot's derived group id is unknown only when the slot's name
	 * is one Azure refuses: VN409 says so, once */
	struct name_check nc;
	if (!row && pe->slot && !restype_name_check(RES_SLOT,
	    tmpl_eval(s, &pe->slot->name), &nc))
		return;
	if (!row) {
		struct buf l = {0};
		const char *hint = privatelink_hint(s->cloud, b->type);
		for (size_t i = 0; i < ng && i < NELEM(groups); i++)
			buf_printf(&l, "%s%s", i ? ", " : " (known: ",
			    groups[i]);
		if (hint)
			buf_printf(&l, "; %s", hint);
		buf_puts(&l, ng ? ")" : hint ? "" : "; set dns_zones");
		diag_report(pe->group_pos.line ? pe->group_pos : pe->pos,
		    VN306, "group id '%s' is not known for %s in the %s cloud"
		    "%s", pe->group, b->type,
		    privatelink_cloud_name(s->cloud), buf_str(&l));
		buf_free(&l);
		return;
	}
	if (privatelink_choose(row)) {
		diag_report(pe->pos, VN310, "%s/%s has alternative zones (%s): "
		    "list the one you use under dns_zones", b->type, pe->group,
		    row->note ? row->note : "see docs/privatelink.md");
		return;
	}
	const char *region = tmpl_eval(s, &s->location);
	for (size_t i = 0; i < PL_MAXZONES && row->zones[i]; i++) {
		char buf[300];
		const char *missing = NULL;
		/* The zones the target's kind has names in: Cognitive
		 * Services "account" lists three, of which the tutorial's
		 * TextAnalytics needs the first (privatelink_need). */
		if (privatelink_need(row, i, b->ex.kind, NULL) == PL_UNUSED)
			continue;
		if (!privatelink_expand(row->zones[i], region, buf,
		    sizeof(buf), &missing)) {
			diag_report(pe->pos, VN310, "zone '%s' of %s/%s needs "
			    "{%s}, which vnetc cannot derive: list the zones "
			    "under dns_zones", row->zones[i], b->type,
			    pe->group, missing ? missing : "?");
			continue;
		}
		pe->zones = arena_grow(&s->arena, pe->zones, &pe->nzones,
		    sizeof(*pe->zones));
		pe->zones[pe->nzones - 1] = intern_zone(s, tmp, ntmp, buf,
		    pe->pos, pe);
	}
}

/* A child vnetc writes into a parent other workloads write into too (a
 * link in a connectivity subscription's central zone, the hub side of a
 * peering in an existing hub) is named <vnet name>-<8 hex digits of a
 * hash of the VNet's id>, the VNet it is for: a name made of this spec's
 * keys could be another spec's (CAF's Terraform module names such links
 * <subscription id>-<uuidv5 of the VNet id>,
 * Azure/terraform-azurerm-caf-enterprise-scale,
 * modules/connectivity/locals.tf). The id is "SUB/GROUP/NAME", lowercase
 * (tmpl_hash). Where the spec names all three it is a literal; where one
 * is the run's (a spec without subscription: is in the subscription the
 * run targets, its group is ${groupName}) the hash is ${vnetc_hN}, which
 * each output computes from the real id at run time: two teams whose
 * spokes share a name and a group in two subscriptions get two names. */
static struct tmpl
shared_child_name(struct spec *s, struct vnet *vn, struct pos pos)
{
	struct tmpl id = {0}, t = {0};
	const struct tmpl *parts[] = {&vn->scope->sub, &vn->scope->rg,
	    &vn->name};

	for (size_t i = 0; i < 3; i++) {
		if (i)
			tmpl_append_lit(s, &id, "/");
		tmpl_append(s, &id, parts[i]);
	}
	if (tmpl_is_literal(&id))
		return tmpl_literal(s, arena_printf(&s->arena, "%s-%08x",
		    tmpl_eval(s, &vn->name), (unsigned)tmpl_hash(
		    tmpl_eval(s, &id))), pos);
	if (!vn->hash) { /* one per VNet, for its links and its peering */
		struct tmpl *of = arena_alloc(&s->arena, sizeof(*of));
		*of = id;
		of->raw = "";
		vn->hash = arena_alloc(&s->arena, sizeof(*vn->hash));
		vn->hash->hash_of = of;
		vn->hash->builtin = true;
		vn->hash->pos = vn->pos;
		s->hashes = arena_grow(&s->arena, s->hashes, &s->nhashes,
		    sizeof(*s->hashes));
		s->hashes[s->nhashes - 1] = vn->hash;
		vn->hash->name = arena_printf(&s->arena, "vnetc_h%zu",
		    s->nhashes);
	}
	tmpl_append(s, &t, &vn->name);
	tmpl_append_lit(s, &t, "-");
	t.segs = arena_grow(&s->arena, t.segs, &t.nsegs, sizeof(*t.segs));
	t.segs[t.nsegs - 1].param = vn->hash;
	t.raw = tmpl_eval(s, &t);
	t.pos = pos;
	return t;
}

static void
add_link(struct spec *s, struct smap *seen, struct zone *z, struct vnet *vn,
    struct pos pos)
{
	/* One link per (zone, VNet), however many endpoints need it; z->links
	 * is filled only by index_links, so the pairs are kept in seen. */
	if (smap_add(seen, arena_printf(&s->arena, "%zu:%zu",
	    (size_t)(z - s->zones), (size_t)(vn - s->vnets)), z)->count > 1)
		return;
	s->links = arena_grow(&s->arena, s->links, &s->nlinks,
	    sizeof(*s->links));
	struct link *l = &s->links[s->nlinks - 1];
	l->zone = z;
	l->vnet = vn;
	l->pos = pos;
	const char *label = zone_label(s, z->name);
	if (z->scope != s->scopes[0]) {
		l->name = shared_child_name(s, vn, pos);
		return;
	}
	l->name = tmpl_literal(s, s->nvnets == 1 ?
	    arena_printf(&s->arena, "%s-zonelink", label) :
	    arena_printf(&s->arena, "%s-%s-zonelink", label, vn->key), pos);
}

/* Links are stored by pointer in zones only after every link exists:
 * s->links moves while it grows. */
static void
index_links(struct spec *s)
{
	for (size_t i = 0; i < s->nlinks; i++) {
		struct zone *z = s->links[i].zone;
		z->links = arena_grow(&s->arena, z->links, &z->nlinks,
		    sizeof(*z->links));
		z->links[z->nlinks - 1] = &s->links[i];
	}
}

/* Each peered pair once, whichever side (or both) declares it: a peering
 * resource on each VNet, "a-to-b" and "b-to-a" (keys, like link names;
 * a naming hook may rename them). The side in an existing VNet (a
 * platform's hub, which other specs peer with too) is named after the
 * remote VNet instead (shared_child_name): two specs whose spokes share a
 * key would otherwise write, and destroy, one peering. */
static void
derive_peerings(struct spec *s)
{
	struct smap seen = {0};

	for (size_t i = 0; i < s->nvnets; i++) {
		struct vnet *vn = &s->vnets[i];
		for (size_t j = 0; j < vn->npeerings; j++) {
			struct vnet *w = vn->peerings[j].target;
			if (!w)
				continue;
			size_t a = i, b = (size_t)(w - s->vnets);
			if (smap_add(&seen, arena_printf(&s->arena, "%zu:%zu",
			    a < b ? a : b, a < b ? b : a), vn)->count > 1)
				continue;
			struct vnet *side[2][2] = {{vn, w}, {w, vn}};
			/* Each side's allow_forwarded_traffic comes from its own
			 * VNet's entry for the other (docs/spec.md). */
			const struct ref *decl[2] = {&vn->peerings[j], NULL};
			for (size_t k = 0; k < w->npeerings; k++)
				if (w->peerings[k].target == vn && !decl[1])
					decl[1] = &w->peerings[k];
			for (size_t k = 0; k < 2; k++) {
				s->peerings = arena_grow(&s->arena,
				    s->peerings, &s->npeerings,
				    sizeof(*s->peerings));
				struct peering *pr = &s->peerings[
				    s->npeerings - 1];
				pr->vnet = side[k][0];
				pr->remote = side[k][1];
				pr->pos = vn->peerings[j].pos;
				pr->name = pr->vnet->existing ?
				    shared_child_name(s, pr->remote, pr->pos) :
				    tmpl_literal(s, arena_printf(&s->arena,
				    "%s-to-%s", pr->vnet->key, pr->remote->key),
				    pr->pos);
				pr->fwd = decl[k] && decl[k]->fwd == 1;
				pr->fwd_pos = decl[k] ? decl[k]->pos : pr->pos;
				/* a side that uses the remote's gateway needs
				 * the remote side to allow it: one key says
				 * both, as an existing hub has no entry */
				pr->use_remote_gw = decl[k] &&
				    decl[k]->use_remote_gw;
				pr->gw_pos = pr->use_remote_gw ?
				    decl[k]->gw_pos : pr->pos;
				pr->transit_off = decl[k] ?
				    decl[k]->transit_off : (struct pos){0};
				pr->gw_transit = (decl[k] &&
				    decl[k]->gw_transit) || (decl[1 - k] &&
				    decl[1 - k]->use_remote_gw);
			}
		}
	}
	smap_free(&seen);
}

/* Two things of one kind in one scope with the same Azure name. Names are
 * compared after parameter substitution, case-insensitively, as Azure
 * does. */
static bool
dup_name(struct spec *s, struct smap *seen, const char *what,
    const struct scope *sc, const struct tmpl *t)
{
	if (!t->nsegs)
		return false;
	const char *y = tmpl_eval(s, t);
	/* Keyed by kind, scope and lowercased name: each thing is evaluated
	 * once and compared in O(1), not with every earlier one. Names are
	 * unique in their resource group: two spokes may share a name in
	 * two subscriptions. */
	char *key = arena_printf(&s->arena, "%s\n%zu\n%s", what,
	    sc ? sc->id : 0, y);
	for (char *p = key; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	struct smap_ent *e = smap_add(seen, key, (void *)t);
	if (e->count == 1)
		return false;
	diag_report(t->pos, VN301, "%s name '%s' is used twice", what, y);
	diag_note(((const struct tmpl *)e->first)->pos, "first used here");
	return true;
}

/* The struct whose key (its first member) is r->name, among n keys
 * stride bytes apart, through the index idx; reports VN302 otherwise. */
static void *
find_key(struct smap *idx, void *base, size_t n, size_t stride,
    const struct ref *r, const char *what, const char *section)
{
	const char *best = NULL;
	int bestd = 255;

	if (!idx->cap)
		for (size_t i = 0; i < n; i++)
			smap_add(idx, *(const char **)((char *)base +
			    i * stride), (char *)base + i * stride);
	struct smap_ent *e = smap_get(idx, r->name);
	if (e)
		return e->first;
	for (size_t i = 0; i < n; i++) {
		const char *key = *(const char **)((char *)base + i * stride);
		int d = edit_distance(key, r->name);
		if (d < bestd)
			bestd = d, best = key;
	}
	if (best && bestd <= 3)
		diag_report(r->pos, VN302, "%s '%s' is not declared under "
		    "%s; did you mean '%s'?", what, r->name, section, best);
	else
		diag_report(r->pos, VN302, "%s '%s' is not declared under "
		    "%s", what, r->name, section);
	return NULL;
}

/* An entry of an app's uses:, a back end or an app that has its own
 * endpoints (apps.<key>.private_endpoints: a back end of the app's key,
 * app_endpoints). */
static void
resolve_use(struct spec *s, struct ref *r, struct smap *backends)
{
	for (size_t k = 0; k < s->napps; k++) {
		/* the name first: the back ends are read for one app only (a
		 * scan per app made uses: cubic, 3 minutes at 2000 VNets) */
		if (strcmp(s->apps[k].key, r->name))
			continue;
		bool own = false;
		for (size_t b = 0; b < s->nbackends && !own; b++)
			own = s->backends[b].self_app == k + 1;
		if (own)
			break;
		diag_report(r->pos, VN302, "app '%s' has no private endpoint "
		    "of its own, so nothing reaches it privately: give it "
		    "'private_endpoints:' (apps.%s.private_endpoints), or "
		    "leave it out of 'uses:'", r->name, r->name);
		return;
	}
	r->target = find_key(backends, s->backends, s->nbackends,
	    sizeof(*s->backends), r, "back end or app",
	    "'backends:' (or 'apps:' with private endpoints)");
}

/* Does vnetc make z's links? Not for a central zone whose links the
 * platform owns (dns: links: platform). */
static bool
owns_links(const struct spec *s, const struct zone *z)
{
	return !(z->central && s->dns.platform);
}

/* Every object's scope, the dns: block's and its zone ids', interned in
 * spec order (home first); an id's value checked once parameters have
 * values (VN110). */
static void
resolve_scopes(struct spec *s)
{
	struct dns *d = &s->dns;

	if (s->sub.nsegs)
		check_sub(s, &s->sub);
	for (size_t i = 0; i < s->nvnets; i++) {
		struct vnet *vn = &s->vnets[i];
		vn->scope = intern_scope(s, &vn->at, vn->pos);
		if (vn->existing)
			check_id_value(s, "existing vnet id", vn->existing_pos,
			    &vn->name);
	}
	for (size_t i = 0; i < s->nbackends; i++) {
		struct backend *b = &s->backends[i];
		b->scope = intern_scope(s, &b->at, b->pos);
		if (b->id_pos.line)
			check_id_value(s, "back end id", b->id_pos,
			    &b->name);
	}
	for (size_t i = 0; i < s->nfarms; i++)
		s->farms[i].scope = intern_scope(s, &s->farms[i].at,
		    s->farms[i].pos);
	for (size_t i = 0; i < s->nidentities; i++)
		s->identities[i].scope = intern_scope(s, &s->identities[i].at,
		    s->identities[i].pos);
	for (size_t i = 0; i < s->napps; i++)
		s->apps[i].scope = intern_scope(s, &s->apps[i].at,
		    s->apps[i].pos);
	if (d->zones.rg.nsegs || d->zones.sub.nsegs)
		d->scope = intern_scope(s, &d->zones, d->zones_pos);
	d->id_scopes = arena_alloc(&s->arena, (d->nids + 1) *
	    sizeof(*d->id_scopes));
	for (size_t i = 0; i < d->nids; i++)
		d->id_scopes[i] = intern_scope(s, &d->id_at[i], d->ids[i].pos);
}

/* ------------------------------------- subnet security: resolution */

/* t with suffix appended: ${nat}-pip from ${nat}, keeping parameters. */
static struct tmpl
tmpl_suffix(struct spec *s, const struct tmpl *t, const char *suffix)
{
	struct tmpl r = *t;

	r.segs = arena_alloc(&s->arena, (t->nsegs + 1) * sizeof(*r.segs));
	memcpy(r.segs, t->segs, t->nsegs * sizeof(*r.segs));
	r.segs[r.nsegs++].lit = suffix;
	r.raw = arena_printf(&s->arena, "%s%s", t->raw ? t->raw : "", suffix);
	return r;
}

/* A subnet's own NSG, route table or NAT gateway is named after it,
 * "<subnet key>-nsg", or "<vnet key>-<subnet key>-nsg" when several
 * VNets have a subnet of that key (docs/spec.md). */
static void
inline_name(struct spec *s, struct netres *r, const struct subnet *sn,
    struct smap *sn_key, const char *suffix)
{
	struct smap_ent *e = smap_get(sn_key, sn->key);

	if (!r->inline_ || r->name.nsegs)
		return;
	r->name = tmpl_literal(s, e && e->count > 1 ? arena_printf(&s->arena,
	    "%s-%s-%s", sn->vnet->key, sn->key, suffix) :
	    arena_printf(&s->arena, "%s-%s", sn->key, suffix), r->pos);
}

static void
netres_use(struct spec *s, struct netres *r, struct subnet *sn)
{
	r->subnets = arena_grow(&s->arena, r->subnets, &r->nsubnets,
	    sizeof(*r->subnets));
	r->subnets[r->nsubnets - 1] = sn;
}

/* The named (not inline) NSG, route table or NAT gateway whose key is
 * r->name: v holds n pointers to structs that begin with a struct
 * netres. VN302 otherwise, with the closest key. */
static struct netres *
find_netres(void *const *v, size_t n, const struct ref *r, const char *what,
    const char *section)
{
	const char *best = NULL;
	int bestd = 255;

	for (size_t i = 0; i < n; i++) {
		struct netres *x = v[i];
		if (x->inline_)
			continue;
		if (strcmp(x->key, r->name) == 0)
			return x;
		int d = edit_distance(x->key, r->name);
		if (d < bestd)
			bestd = d, best = x->key;
	}
	if (best && bestd <= 3)
		diag_report(r->pos, VN302, "%s '%s' is not declared under '%s:'; "
		    "did you mean '%s'?", what, r->name, section, best);
	else
		diag_report(r->pos, VN302, "%s '%s' is not declared under '%s:' "
		    "(or write it on the subnet as a mapping)", what, r->name,
		    section);
	return NULL;
}

/* {subnet: KEY} and {vnet: KEY} in an address. */
static void
resolve_addr(struct spec *s, struct addr *a, struct smap *sn_key,
    struct smap *sn_path, struct smap *vnets)
{
	for (size_t i = 0; i < a->nrefs; i++) {
		struct addr_ref *r = &a->refs[i];
		if (!r->vnet) {
			r->subnet = find_subnet(s, sn_key, sn_path, r->key, r->pos,
			    "subnet");
			continue;
		}
		struct ref tmp = {.name = r->key, .pos = r->pos};
		r->vn = find_key(vnets, s->vnets, s->nvnets, sizeof(*s->vnets),
		    &tmp, "vnet", "'vnets:'");
	}
}

/* Names unique in their scope: NSGs, route tables, NAT gateways and
 * public IPs in the resource group (an existing one named by id is
 * elsewhere), rules in their NSG, routes in their table (VN301). */
static void
netres_names(struct spec *s, struct smap *names, struct netres *r,
    const char *what)
{
	r->scope = r->nsubnets ? r->subnets[0]->vnet->scope : s->scopes[0];
	if (!r->id.nsegs)
		dup_name(s, names, what, r->scope, &r->name);
}

static void
resolve_netsec(struct spec *s, struct smap *sn_key, struct smap *sn_path,
    struct smap *names)
{
	struct smap vnets = {0}, scope = {0};

	for (size_t i = 0; i < s->nvnets; i++)
		for (size_t j = 0; j < s->vnets[i].nsubnets; j++) {
			struct subnet *sn = &s->vnets[i].subnets[j];
			if (sn->nsg_ref.name)
				sn->nsg = (struct nsg *)find_netres(
				    (void *const *)s->nsgs, s->nnsgs, &sn->nsg_ref,
				    "nsg", "nsgs");
			if (sn->rt_ref.name)
				sn->rt = (struct rtable *)find_netres(
				    (void *const *)s->rtables, s->nrtables,
				    &sn->rt_ref, "route table", "route_tables");
			if (sn->nat_ref.name)
				sn->nat = (struct natgw *)find_netres(
				    (void *const *)s->natgws, s->nnatgws,
				    &sn->nat_ref, "NAT gateway", "nat_gateways");
			if (sn->nsg) {
				inline_name(s, &sn->nsg->r, sn, sn_key, "nsg");
				netres_use(s, &sn->nsg->r, sn);
			}
			if (sn->rt) {
				inline_name(s, &sn->rt->r, sn, sn_key, "rt");
				netres_use(s, &sn->rt->r, sn);
			}
			if (sn->nat) {
				inline_name(s, &sn->nat->r, sn, sn_key, "ng");
				netres_use(s, &sn->nat->r, sn);
			}
		}
	for (size_t i = 0; i < s->nnsgs; i++) {
		struct nsg *g = s->nsgs[i];
		netres_names(s, names, &g->r, "network security group");
		for (size_t j = 0; j < g->nrules; j++) {
			resolve_addr(s, &g->rules[j].src, sn_key, sn_path, &vnets);
			resolve_addr(s, &g->rules[j].dst, sn_key, sn_path, &vnets);
			dup_name(s, &scope, "security rule", NULL,
			    &g->rules[j].name);
		}
		smap_free(&scope);
	}
	for (size_t i = 0; i < s->nrtables; i++) {
		struct rtable *t = s->rtables[i];
		netres_names(s, names, &t->r, "route table");
		for (size_t j = 0; j < t->nroutes; j++) {
			resolve_addr(s, &t->routes[j].prefix, sn_key, sn_path,
			    &vnets);
			dup_name(s, &scope, "route", NULL, &t->routes[j].name);
		}
		smap_free(&scope);
	}
	for (size_t i = 0; i < s->nnatgws; i++) {
		struct natgw *g = s->natgws[i];
		netres_names(s, names, &g->r, "NAT gateway");
		for (size_t j = 0; j < g->npips; j++) {
			struct pip *p = &g->pips[j];
			if (p->derived && g->r.name.nsegs)
				p->name = tmpl_suffix(s, &g->r.name, "-pip");
			if (!p->existing)
				dup_name(s, names, "public IP address",
				    g->r.scope, &p->name);
		}
	}
	smap_free(&vnets);
}

/* A data role vnetc knows for a back end type, the first in its table,
 * or a word saying to look one up. */
static const char *
role_example(const char *type)
{
	const struct roledef *d;

	for (size_t i = 0; (d = roledef_at(i)); i++)
		if (d->type && !strcasecmp(d->type, type))
			return d->name;
	return "a built-in role of its service";
}

/* peerings, dns_links and uses: the references check.c's rules need. */
/* roles:: the back end each names, and the identity: an identity key
 * must be one the app carries (VN374), as the role is its; the same role
 * twice on one back end for one identity is one assignment (VN301). */
static void
resolve_roles(struct spec *s, struct app *ap, struct smap *backends)
{
	for (size_t j = 0; j < ap->nroles; j++) {
		struct role *ro = &ap->roles[j];
		ro->app = ap;
		if (ro->on.name)
			ro->on.target = find_key(backends, s->backends,
			    s->nbackends, sizeof(*s->backends), &ro->on,
			    "back end", "'backends:'");
		/* a data role's dataActions are its service's: on another
		 * service's resource it grants nothing (a warning: the
		 * assignment itself is accepted) */
		const struct backend *b = ro->on.target;
		if (ro->def && ro->def->type && b && b->type &&
		    strcasecmp(ro->def->type, b->type))
			diag_report(ro->role_pos.line ? ro->role_pos : ro->pos,
			    VN414, "app '%s': role '%s' reaches the data of %s; "
			    "on back end '%s' (%s) it grants nothing: choose a "
			    "role of that service (e.g. %s), or put it 'on:' a "
			    "back end of type %s", ap->key, ro->def->name,
			    ro->def->type, b->key, b->type,
			    role_example(b->type), ro->def->type);
		if (ro->as.name && !ro->system) {
			for (size_t k = 0; k < ap->nuais; k++)
				if (!strcmp(ap->uais[k].name, ro->as.name))
					ro->as.target = ap->uais[k].target;
			if (!ro->as.target) {
				struct buf l = {0};
				for (size_t k = 0; k < ap->nuais; k++)
					buf_printf(&l, ", %s", ap->uais[k].name);
				const char *it, *who = site_who(s, ap, &it);
				diag_report(ro->as.pos, VN374, "%s: 'as: %s' "
				    "is not an identity the %s carries (its "
				    "identity: list has %s%s); add %s to it",
				    who, ro->as.name, it,
				    ap->cr.system_identity ? "system" :
				    "no system", buf_str(&l), ro->as.name);
				buf_free(&l);
			}
		}
		for (size_t k = 0; k < j; k++) {
			const struct role *o = &ap->roles[k];
			if (ro->def && o->def && ro->on.target &&
			    o->on.target == ro->on.target &&
			    !strcasecmp(o->def->guid, ro->def->guid) &&
			    o->system == ro->system &&
			    o->as.target == ro->as.target)
				diag_report(ro->pos, VN301, "app '%s': role "
				    "'%s' on '%s' for '%s' is written twice",
				    ap->key, ro->def->name, ro->on.name,
				    ro->as.name);
		}
	}
}

/* An app's {secret:} settings: each names a key vault back end (VN384),
 * which an app with uses: calls (so that VN326 checks the path to it);
 * key_vault_identity: one of the app's identities (VN386). A created app
 * resolves its references with that identity, else its system-assigned
 * one (VN385 when it has neither), which gets Key Vault Secrets User on
 * each RBAC vault, unless roles: gives it already: a derived role, named
 * as roles: are. */
/* Whether a {secret:}'s vault r names a back end; if not, VN302 with the
 * vault it may mean: the closest key vault, or the spec's only one (not
 * any back end: a Service Bus one letter away is no help). */
static bool
known_vault(struct spec *s, const struct ref *r)
{
	const char *best = NULL, *only = NULL;
	int bestd = 4;
	size_t nkv = 0;

	for (size_t i = 0; i < s->nbackends; i++) {
		const struct backend *b = &s->backends[i];
		if (!strcmp(b->key, r->name))
			return true;
		if (!b->rt || b->rt->res != RES_KV)
			continue;
		nkv++;
		only = b->key;
		int d = edit_distance(b->key, r->name);
		if (d < bestd)
			bestd = d, best = b->key;
	}
	if (!best && nkv == 1)
		best = only;
	diag_report(r->pos, VN302, "key vault '%s' is not declared under "
	    "'backends:'%s%s%s", r->name, best ? "; did you mean '" : "",
	    best ? best : "", best ? "'?" : "");
	return false;
}

static void
resolve_secrets(struct spec *s, struct app *ap, struct smap *backends)
{
	const struct roledef *ksu = roledef_find("Key Vault Secrets User");
	struct ref *kvi = &ap->kv_identity;

	if (kvi->name && ap->cr.is) {
		for (size_t k = 0; k < ap->nuais; k++)
			if (!strcmp(ap->uais[k].name, kvi->name))
				kvi->target = ap->uais[k].target;
		const char *it, *who = site_who(s, ap, &it);
		if (!kvi->target)
			diag_report(kvi->pos, VN386, "%s: "
			    "'key_vault_identity: %s' is not a user-assigned "
			    "identity the %s carries; add it to its identity: "
			    "list", who, kvi->name, it);
	}
	for (size_t i = 0; i < ap->nsettings; i++) {
		struct setting *st = &ap->settings[i];
		if (!st->secret)
			continue;
		if (!known_vault(s, &st->vault))
			continue;
		struct backend *b = st->vault.target = find_key(backends,
		    s->backends, s->nbackends, sizeof(*s->backends),
		    &st->vault, "back end", "'backends:'");
		if (!b)
			continue;
		if (!b->rt || b->rt->res != RES_KV) {
			diag_report(st->vault.pos, VN384, "app '%s': setting %s: "
			    "back end '%s' is %s, not a key vault: a Key Vault "
			    "reference names a vault (write the value itself, "
			    "or a ${param})", ap->key, st->name, b->key,
			    b->type ? b->type : "of no type");
			st->vault.target = NULL;
			continue;
		}
		bool used = !ap->has_uses;
		for (size_t k = 0; k < ap->nuses; k++)
			used |= ap->uses[k].target == b;
		if (!used) {
			ap->uses = arena_grow(&s->arena, ap->uses, &ap->nuses,
			    sizeof(*ap->uses));
			ap->uses[ap->nuses - 1] = (struct ref){.name = b->key,
			    .pos = st->vault.pos, .target = b};
		}
		if (!ap->cr.is)
			continue;
		bool sys = !kvi->name;
		if (sys && !ap->cr.system_identity) {
			/* a slot's own identity resolves its references */
			const char *it, *who = site_who(s, ap, &it);
			diag_report(st->pos, VN385, "%s: setting %s is a Key "
			    "Vault reference, which App Service resolves with "
			    "the %s's managed identity, and the %s has none: "
			    "add system to its identity: list, or a "
			    "user-assigned identity and key_vault_identity:",
			    who, st->name, it, it);
			continue;
		}
		if (!sys && !kvi->target)
			continue;
		/* A vault on access policies, or one the spec does not say
		 * uses RBAC: vnetc grants nothing there (it writes no access
		 * policy), and the new identity cannot read the secret until
		 * someone grants it: said once per vault (VN413). */
		if (!(b->cr.is ? b->cr.rbac > 0 : b->ex.rbac > 0)) {
			bool said = false;
			for (size_t j = 0; j < i && !said; j++)
				said = ap->settings[j].secret &&
				    ap->settings[j].vault.target == b;
			char who[200];
			if (sys)
				snprintf(who, sizeof(who), "the system-assigned "
				    "identity of app '%s' (a new principal, made "
				    "with the app)", ap->key);
			else
				snprintf(who, sizeof(who), "user-assigned identity "
				    "'%s' (key_vault_identity)", kvi->name);
			if (!said && b->cr.is)
				diag_report(st->vault.pos, VN413, "app '%s': "
				    "setting %s reads a secret of vault '%s', "
				    "which uses access policies "
				    "(rbac_authorization: false), and vnetc writes "
				    "none: %s needs an access policy with secret "
				    "get on the vault before the reference "
				    "resolves; add one once the app exists, or "
				    "let the vault use Azure RBAC, where vnetc "
				    "grants Key Vault Secrets User", ap->key,
				    st->name, b->key, who);
			else if (!said)
				diag_report(st->vault.pos, VN413, "app '%s': "
				    "setting %s reads a secret of existing vault "
				    "'%s', which the spec does not say uses Azure "
				    "RBAC: vnetc grants %s nothing there, so the "
				    "vault's owner must (Key Vault Secrets User, "
				    "or an access policy with secret get); if the "
				    "vault uses RBAC, write 'existing: "
				    "{rbac_authorization: true}' and vnetc grants "
				    "the role", ap->key, st->name, b->key, who);
			continue;
		}
		bool have = false;
		for (size_t k = 0; k < ap->nroles && !have; k++) {
			const struct role *o = &ap->roles[k];
			have = o->def && !strcasecmp(o->def->guid, ksu->guid) &&
			    o->on.target == b && o->system == sys &&
			    (sys || o->as.target == kvi->target);
		}
		if (have)
			continue;
		ap->roles = arena_grow(&s->arena, ap->roles, &ap->nroles,
		    sizeof(*ap->roles));
		ap->roles[ap->nroles - 1] = (struct role){.pos = st->pos,
		    .app = ap, .on = {.name = b->key, .pos = st->vault.pos,
		    .target = b}, .def = ksu, .role_pos = st->pos,
		    .as = {.name = sys ? "system" : kvi->name, .pos = st->pos,
		    .target = sys ? NULL : kvi->target}, .system = sys,
		    .derived = true, .why = "its Key Vault references"};
	}
}

/* The properties a GET answers that vnetc knows a setting may take, per
 * type (docs/azure-notes.md, "Settings that come from other resources":
 * the REST specs of the apiVersions vnetc reads): a path not among them
 * is VN377, a warning (Azure may answer more than vnetc knows, and a
 * check must not refuse what Azure accepts), with the known spelling of
 * a path that differs from it in case only (ARM's member access is
 * case-insensitive, az's JMESPath is not: the outputs would disagree). */
static const struct {
	const char *type;
	const char *const props[8];
} from_known[] = {
	{"Microsoft.AppConfiguration/configurationStores", {"endpoint"}},
	{"Microsoft.CognitiveServices/accounts", {"endpoint",
	    "customSubDomainName"}},
	{"Microsoft.DocumentDB/databaseAccounts", {"documentEndpoint"}},
	{"Microsoft.KeyVault/vaults", {"vaultUri", "tenantId"}},
	{"Microsoft.ManagedIdentity/userAssignedIdentities", {"clientId",
	    "principalId", "tenantId"}},
	{"Microsoft.ServiceBus/namespaces", {"serviceBusEndpoint"}},
	{"Microsoft.Sql/servers", {"fullyQualifiedDomainName"}},
	{"Microsoft.Storage/storageAccounts", {"primaryEndpoints.blob",
	    "primaryEndpoints.queue", "primaryEndpoints.table",
	    "primaryEndpoints.file", "primaryEndpoints.dfs",
	    "primaryEndpoints.web", "primaryLocation"}},
	{"Microsoft.Web/sites", {"defaultHostName"}},
};

/* VN377 for a {from:} path vnetc does not know on a type whose paths it
 * knows. */
static void
from_unknown_prop(const struct app *ap, const struct setting *st,
    const char *type)
{
	for (size_t i = 0; i < NELEM(from_known); i++) {
		if (strcasecmp(from_known[i].type, type))
			continue;
		const char *best = NULL, *const *pp = from_known[i].props;
		int bestd = 3;
		for (; *pp; pp++) {
			if (!strcmp(*pp, st->prop))
				return;
			int d = strcasecmp(*pp, st->prop) ? edit_distance(*pp,
			    st->prop) : 0;
			if (d < bestd)
				bestd = d, best = *pp;
		}
		struct buf b = {0};
		for (pp = from_known[i].props; *pp; pp++)
			buf_printf(&b, "%s%s", b.len ? ", " : "", *pp);
		diag_report(st->prop_pos, VN377, "app '%s': setting %s: vnetc "
		    "knows no property '%s' of %s%s%s%s (it knows %s, name and "
		    "id); the script reads the path as spelt, the template "
		    "whatever its case: write it as a GET answers it", ap->key,
		    st->name, st->prop, type, best ? "; did you mean '" : "",
		    best ? best : "", best ? "'?" : "", buf_str(&b));
		buf_free(&b);
		return;
	}
}

/* An app's {from: KEY} settings: KEY names a back end (the app's own, of
 * its private_endpoints:, is the app), a user-assigned identity or an app
 * of the spec; else VN387 with the closest key of the three sections. A
 * back end of a type vnetc knows no apiVersion for cannot be read. */
static void
resolve_from(struct spec *s, struct app *ap)
{
	for (size_t i = 0; i < ap->nsettings; i++) {
		struct setting *st = &ap->settings[i];
		const char *k = st->from.name, *best = NULL;
		int bestd = 4;
		if (!st->prop)
			continue;
		for (size_t j = 0; j < s->nbackends && !st->from_kind; j++) {
			struct backend *b = &s->backends[j];
			if (strcmp(b->key, k))
				continue;
			st->from_kind = b->self_app ? FROM_APP : FROM_BACKEND;
			st->from.target = b->self_app ? (void *)&s->apps[
			    b->self_app - 1] : (void *)b;
		}
		for (size_t j = 0; j < s->nidentities && !st->from_kind; j++)
			if (!strcmp(s->identities[j].key, k)) {
				st->from_kind = FROM_IDENTITY;
				st->from.target = &s->identities[j];
			}
		for (size_t j = 0; j < s->napps && !st->from_kind; j++)
			if (!strcmp(s->apps[j].key, k)) {
				st->from_kind = FROM_APP;
				st->from.target = &s->apps[j];
			}
		if (!st->from_kind) {
			for (size_t j = 0; j < s->nbackends; j++) {
				int d = edit_distance(s->backends[j].key, k);
				if (d < bestd)
					bestd = d, best = s->backends[j].key;
			}
			for (size_t j = 0; j < s->nidentities; j++) {
				int d = edit_distance(s->identities[j].key, k);
				if (d < bestd)
					bestd = d, best = s->identities[j].key;
			}
			for (size_t j = 0; j < s->napps; j++) {
				int d = edit_distance(s->apps[j].key, k);
				if (d < bestd)
					bestd = d, best = s->apps[j].key;
			}
			diag_report(st->from.pos, VN387, "app '%s': setting %s: "
			    "'from: %s' is no back end, identity or app of the "
			    "spec%s%s%s", ap->key, st->name, k, best ?
			    "; did you mean '" : "", best ? best : "", best ?
			    "'?" : "");
			continue;
		}
		const struct backend *b = st->from.target;
		if (!setting_from_local(st))
			from_unknown_prop(ap, st, st->from_kind == FROM_BACKEND ?
			    (b->type ? b->type : "") : st->from_kind ==
			    FROM_IDENTITY ? restype_get(RES_UAI)->type :
			    restype_get(RES_APP)->type);
		if (st->from_kind == FROM_BACKEND && !setting_from_local(st) &&
		    !backtype_api(backtype_find(b->type))) {
			diag_report(st->from.pos, VN387, "app '%s': setting %s: "
			    "vnetc knows no apiVersion for back end '%s' (%s), "
			    "so it cannot read its properties; write the value "
			    "itself, or a ${param}", ap->key, st->name, b->key,
			    b->type ? b->type : "of no type");
			st->from_kind = FROM_NONE;
			st->from.target = NULL;
		}
	}
}

/* What a slot's settings, roles: and identity: name, once its app is
 * resolved (app_slots: its identities are known then), as an app's are
 * (resolve_refs). */
static void
resolve_slot_refs(struct spec *s, struct app *sl)
{
	struct smap backends = {0}, uais = {0};

	for (size_t j = 0; sl->own_identity && j < sl->nuais; j++) {
		struct ref *r = &sl->uais[j];
		r->target = find_key(&uais, s->identities, s->nidentities,
		    sizeof(*s->identities), r, "identity", "'identities:'");
		for (size_t k = 0; r->target && k < j; k++)
			if (sl->uais[k].target == r->target)
				diag_report(r->pos, VN301, "app '%s': identity "
				    "'%s' is listed twice", sl->key, r->name);
	}
	for (size_t j = 0; j < sl->nroles; j++)
		if (sl->roles[j].system && !sl->cr.system_identity)
			diag_report(sl->roles[j].as.pos, VN374, "slot '%s' of "
			    "app '%s': 'as: system' names the slot's "
			    "system-assigned identity, which it does not have: "
			    "add 'system' to its identity: list%s",
			    tmpl_eval(s, &sl->name), sl->slot_of->key,
			    sl->own_identity ? "" : " (or its app's, which it "
			    "carries without one of its own)");
	resolve_roles(s, sl, &backends);
	resolve_secrets(s, sl, &backends);
	resolve_from(s, sl);
	smap_free(&backends);
	smap_free(&uais);
}

static void
resolve_refs(struct spec *s, struct smap *links)
{
	struct smap vnets = {0}, backends = {0};

	for (size_t i = 0; i < s->nvnets; i++) {
		struct vnet *vn = &s->vnets[i];
		for (size_t j = 0; j < vn->npeerings; j++) {
			struct ref *r = &vn->peerings[j];
			r->target = find_key(&vnets, s->vnets, s->nvnets,
			    sizeof(*s->vnets), r, "peered vnet", "'vnets:'");
			if (r->target == vn) {
				diag_report(r->pos, VN104, "vnet '%s' cannot "
				    "be peered with itself", vn->key);
				r->target = NULL;
			}
		}
	}
	struct smap uais = {0};
	for (size_t i = 0; i < s->napps; i++)
		for (size_t j = 0; j < s->apps[i].nuais; j++) {
			struct ref *r = &s->apps[i].uais[j];
			r->target = find_key(&uais, s->identities,
			    s->nidentities, sizeof(*s->identities), r,
			    "identity", "'identities:'");
			for (size_t k = 0; r->target && k < j; k++)
				if (s->apps[i].uais[k].target == r->target)
					diag_report(r->pos, VN301, "app '%s': "
					    "identity '%s' is listed twice",
					    s->apps[i].key, r->name);
		}
	smap_free(&uais);
	for (size_t i = 0; i < s->napps; i++)
		resolve_roles(s, &s->apps[i], &backends);
	for (size_t i = 0; i < s->napps; i++)
		for (size_t j = 0; j < s->apps[i].nuses; j++)
			resolve_use(s, &s->apps[i].uses[j], &backends);
	for (size_t i = 0; i < s->napps; i++)
		resolve_secrets(s, &s->apps[i], &backends);
	for (size_t i = 0; i < s->napps; i++)
		resolve_from(s, &s->apps[i]);
	/* Each endpoint's zones are linked to its own VNet (resolve) and to
	 * the VNets dns_links names, e.g. a spoke whose app must resolve
	 * the endpoint (VN326). */
	for (size_t i = 0; i < s->nbackends; i++)
		for (size_t j = 0; j < s->backends[i].npes; j++) {
			struct pe *pe = &s->backends[i].pes[j];
			for (size_t k = 0; k < pe->ndns_links; k++) {
				struct ref *r = &pe->dns_links[k];
				r->target = find_key(&vnets, s->vnets,
				    s->nvnets, sizeof(*s->vnets), r,
				    "dns_links vnet", "'vnets:'");
				size_t made = 0;
				for (size_t z = 0; r->target && z < pe->nzones;
				    z++)
					if (owns_links(s, pe->zones[z]))
						made++, add_link(s, links,
						    pe->zones[z], r->target,
						    r->pos);
				if (r->target && pe->nzones && !made)
					diag_report(r->pos, VN104, "dns_links: "
					    "the endpoint's zones are central and "
					    "the platform links them (dns: links: "
					    "platform); name the VNets it links "
					    "under dns: linked_vnets");
			}
		}
	/* The VNets a VNet's DNS servers resolve through (VN326) and those
	 * the platform links the central zones to. */
	for (size_t i = 0; i < s->nvnets; i++) {
		struct ref *r = &s->vnets[i].resolves_through;
		if (!r->name)
			continue;
		r->target = find_key(&vnets, s->vnets, s->nvnets,
		    sizeof(*s->vnets), r, "resolves_through vnet", "'vnets:'");
		if (r->target == &s->vnets[i]) {
			diag_report(r->pos, VN104, "vnet '%s' cannot resolve "
			    "through itself; name the VNet whose resolver its "
			    "DNS servers are", s->vnets[i].key);
			r->target = NULL;
		}
	}
	for (size_t i = 0; i < s->dns.nlinked_vnets; i++) {
		struct ref *r = &s->dns.linked_vnets[i];
		r->target = find_key(&vnets, s->vnets, s->nvnets,
		    sizeof(*s->vnets), r, "linked_vnets vnet", "'vnets:'");
	}
	smap_free(&vnets);
	smap_free(&backends);
}

/* Deployment slots per app by plan tier (the tier's name starts with
 * the row's), production not counted: App Service "Deployment slots per
 * app": Free, Shared, Basic 0, Standard 5, Premium 20, Isolated 20
 * (learn.microsoft.com/azure/azure-resource-manager/management/
 * azure-subscription-service-limits, "App Service limits";
 * learn.microsoft.com/azure/app-service/overview-hosting-plans: staging
 * slots from Standard up); Functions count production among theirs:
 * "Slots (including production)" Consumption 2, Flex Consumption none,
 * Premium 3 (learn.microsoft.com/azure/azure-functions/
 * functions-deployment-slots), so 1, 0 and 2 here. */
static const struct {
	const char *tier;
	size_t slots;
} slot_limits[] = {
	{"Free", 0}, {"Shared", 0}, {"Basic", 0}, {"Standard", 5},
	{"Premium", 20}, {"Isolated", 20}, {"Dynamic", 1},
	{"FlexConsumption", 0}, {"ElasticPremium", 2},
};

/* A function app's slot runs from a content share of its own (Elastic
 * Premium): two sites on one share deploy over each other's code
 * (docs/azure-notes.md, "Deployment slots"). Its name: content_share: as
 * written, else its app's, '-' and the slot's name, lowercase. */
static void
slot_share(struct spec *s, const struct app *ap, struct app *sl,
    const char *name)
{
	struct create *cr = &sl->cr;

	if (!cr->share) {
		if (sl->slot_share)
			diag_report(sl->slot_share_pos, VN104, "slot '%s' of "
			    "app '%s': content_share is an Elastic Premium "
			    "function app's slot's; remove it", name, ap->key);
		return;
	}
	if (sl->slot_share) {
		cr->share = sl->slot_share;
		cr->share_pos = sl->slot_share_pos;
	} else {
		char *d = arena_printf(&s->arena, "%s-%s", ap->cr.share, name);
		for (char *p = d; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		cr->share = d;
		cr->share_pos = sl->pos;
	}
	if (!share_name_ok(cr->share))
		diag_report(cr->share_pos, VN104, "slot '%s' of app '%s': "
		    "content share '%s' is not a name Azure Files takes: 3-63 "
		    "lowercase letters, digits and single hyphens, a letter or "
		    "digit first and last%s", name, ap->key, cr->share,
		    sl->slot_share ? "" : " (it is the app's share and the "
		    "slot's name; write 'content_share:' in the slot)");
	if (strcmp(cr->share, ap->cr.share) == 0)
		diag_report(cr->share_pos, VN301, "slot '%s' of app '%s': "
		    "content share '%s' is its app's; each slot needs its own, "
		    "or a deployment to the slot overwrites production's code",
		    name, ap->key, cr->share);
	for (const struct app *o = ap->slots; o < sl; o++)
		if (o->cr.share && strcmp(o->cr.share, cr->share) == 0)
			diag_report(cr->share_pos, VN301, "slot '%s' of app "
			    "'%s': content share '%s' is slot '%s''s too; each "
			    "slot needs its own", name, ap->key, cr->share,
			    tmpl_eval(s, &o->name));
}

/* A slot vnetc makes for an app it does not create (existing:): the
 * slot is created, so it gets a created app's secure site settings (TLS
 * 1.2, FTPS and basic-auth publishing off, Always On where the plan's
 * known tier has it) and the app's kind and OS as existing: says them;
 * not its stack nor its identities, which vnetc does not read. A
 * function app's slot needs host settings vnetc does not know (VN381). */
static void
existing_app_slot(const struct app *ap, struct app *sl, const char *tier)
{
	struct create *cr = &sl->cr;

	*cr = (struct create){.is = true, .pos = sl->pos, .min_tls = "1.2",
	    .ftps = "disabled", .always_on = tier && strcmp(tier, "Free") &&
	    strcmp(tier, "Shared")};
	sl->ex.is = false;
	sl->uais = NULL;
	sl->nuais = 0;
	/* the slot runs on its app's OS: existing: or the plan says it */
	const struct farm *f = ap->farm;
	const char *os = ap->ex.os ? ap->ex.os : f && f->ex.os ? f->ex.os :
	    f ? f->cr.os : NULL;
	if (!os)
		diag_report(sl->pos, VN103, "slot '%s' of app '%s': vnetc makes "
		    "the slot on its app's OS and cannot tell it: write "
		    "existing: { kind: \"app,linux\" } (or os: windows) on the "
		    "app, or os: on its plan", strchr(sl->key, '/') + 1,
		    ap->key);
	sl->ex.os = os;
	if (!sl->ex.kind && os)
		sl->ex.kind = strcmp(os, "linux") == 0 ? "app,linux" : "app";
	if (ap->ex.kind && strstr(ap->ex.kind, "functionapp"))
		diag_report(sl->pos, VN381, "slot '%s' of app '%s': vnetc makes "
		    "slots of a function app it creates only; an existing "
		    "function app's slot needs host settings (its storage, "
		    "its content share) that vnetc does not read",
		    strchr(sl->key, '/') + 1, ap->key);
}

/* Slots of app ap once it is resolved: each shares its app's plan,
 * scope, create: settings, kind and identities (model.h), resolves its
 * own integration subnet; their names (VN409), host names (VN382) and
 * number on the plan's tier (VN381). */
static void
app_slots(struct spec *s, struct app *ap, struct smap *sn_key,
    struct smap *sn_path)
{
	const char *tier = ap->farm && ap->farm->sku ?
	    restype_sku_tier(ap->farm->sku) : NULL;

	/* "Slots are currently not available for the Linux Consumption
	 * plan" (learn.microsoft.com/azure/azure-functions/
	 * functions-deployment-slots); Windows Consumption has one */
	const char *os = ap->ex.os ? ap->ex.os : ap->farm ? ap->farm->ex.os ?
	    ap->farm->ex.os : ap->farm->cr.os : NULL;
	bool linux_y1 = tier && !strcmp(tier, "Dynamic") && os &&
	    !strcmp(os, "linux");
	if (linux_y1 && ap->nslots)
		diag_report(ap->slots[0].pos, VN381, "app '%s' has a deployment "
		    "slot; plan '%s' is a Linux Consumption plan (%s), which has "
		    "none (Windows Consumption has one, Elastic Premium and "
		    "Dedicated plans more): drop slots:, or host the app on an "
		    "Elastic Premium plan", ap->key, ap->farm->key,
		    ap->farm->sku);
	for (size_t i = 0; tier && !linux_y1 && ap->nslots &&
	    i < NELEM(slot_limits); i++) {
		const char *t = slot_limits[i].tier;
		if (strncmp(tier, t, strlen(t)) != 0 ||
		    ap->nslots <= slot_limits[i].slots)
			continue;
		diag_report(ap->slots[slot_limits[i].slots].pos, VN381, "app "
		    "'%s' has %zu deployment slot%s; plan '%s' (%s, tier %s) "
		    "allows %zu per app%s", ap->key, ap->nslots,
		    ap->nslots > 1 ? "s" : "", ap->farm->key, ap->farm->sku,
		    tier, slot_limits[i].slots, slot_limits[i].slots ? "" :
		    !strcmp(t, "FlexConsumption") ? ": Flex Consumption has "
		    "no deployment slots (an Elastic Premium plan, EP1, has "
		    "two besides production)" :
		    ": deployment slots start at Standard (S1)");
		break;
	}
	for (size_t i = 0; i < ap->nslots; i++) {
		struct app *sl = &ap->slots[i];
		const char *name = tmpl_eval(s, &sl->name);
		struct name_check c;
		bool sys = sl->cr.system_identity;
		struct ref *uais = sl->uais;
		size_t nuais = sl->nuais;
		sl->slot_of = ap;
		sl->farm = ap->farm;
		sl->scope = ap->scope;
		sl->at = ap->at;
		sl->cr = ap->cr;
		sl->ex = ap->ex;
		if (!ap->cr.is)
			existing_app_slot(ap, sl, tier);
		if (sl->own_identity) {
			sl->cr.system_identity = sys;
			sl->uais = uais;
			sl->nuais = nuais;
		} else {
			sl->uais = ap->uais;
			sl->nuais = ap->nuais;
			if (!sl->kv_identity.name && ap->cr.is)
				sl->kv_identity = ap->kv_identity;
		}
		sl->storage = ap->storage;
		slot_share(s, ap, sl, name);
		if (!restype_name_check(RES_SLOT, name, &c))
			diag_report(sl->pos, VN409, "slot name '%s' of app '%s': "
			    "Azure takes 2-59 letters, digits and hyphens "
			    "(its endpoint's group id is sites-<slot name>)",
			    name, ap->key);
		/* "production" is the app itself, reserved in any case
		 * (docs/azure-notes.md section 28) */
		else if (streqi(name, "production"))
			diag_report(sl->pos, VN409, "slot name '%s' of app "
			    "'%s': App Service reserves 'production' for the "
			    "app itself (the site outside its slots); give "
			    "the slot another name, such as 'staging'", name,
			    ap->key);
		/* The host name <app>-<slot>: over 59 characters, App
		 * Service cuts the app's name to 40 and may add a hash
		 * (learn.microsoft.com/azure/app-service/
		 * deploy-staging-slots, "Add a slot") */
		size_t host = strlen(tmpl_eval(s, &ap->name)) + 1 +
		    strlen(name);
		if (host > 59)
			diag_report(sl->pos, VN382, "slot '%s' of app '%s': its "
			    "host name %s-%s is %zu characters; over 59, App "
			    "Service shortens it (the app's name cut to 40 "
			    "characters), so it is not the name a client "
			    "would guess; shorten the slot's or the app's "
			    "name", name, ap->key, tmpl_eval(s, &ap->name),
			    name, host);
		if (sl->subnet_ref) {
			sl->integration = find_subnet(s, sn_key, sn_path,
			    sl->subnet_ref, sl->subnet_pos,
			    "vnet_integration subnet");
			if (sl->integration)
				sl->integration->nintegrations++;
		}
	}
}

static void
resolve(struct spec *s)
{
	struct zone **tmp = NULL;
	size_t ntmp = 0;
	struct smap names = {0}, subnames = {0}, sn_key = {0}, sn_path = {0};
	struct smap links = {0}, farms = {0};

	/* Arrays grew while they were parsed; point children at the final
	 * copies of their parents. */
	for (size_t i = 0; i < s->nvnets; i++)
		for (size_t j = 0; j < s->vnets[i].nsubnets; j++)
			s->vnets[i].subnets[j].vnet = &s->vnets[i];
	for (size_t i = 0; i < s->nbackends; i++) {
		for (size_t j = 0; j < s->backends[i].npes; j++)
			s->backends[i].pes[j].target = &s->backends[i];
		struct smap dbnames = {0};
		for (size_t j = 0; j < s->backends[i].cr.ndbs; j++) {
			s->backends[i].cr.dbs[j].server = &s->backends[i];
			/* unique in their server (naming.c: Azure's rule) */
			dup_name(s, &dbnames, "SQL database", NULL,
			    &s->backends[i].cr.dbs[j].name);
		}
		smap_free(&dbnames);
	}
	check_param_cycles(s);
	resolve_scopes(s);
	for (size_t i = 0; i < s->nvnets; i++) {
		struct vnet *vn = &s->vnets[i];
		dup_name(s, &names, "vnet", vn->scope, &vn->name);
		for (size_t j = 0; j < vn->nsubnets; j++)
			dup_name(s, &subnames, "subnet", NULL,
			    &vn->subnets[j].name);
		smap_free(&subnames); /* subnet names are per VNet */
	}
	index_subnets(s, &sn_key, &sn_path);
	resolve_netsec(s, &sn_key, &sn_path, &names);
	for (size_t i = 0; i < s->nbackends; i++) {
		struct backend *b = &s->backends[i];
		for (size_t j = 0; j < b->npes; j++) {
			struct pe *pe = &b->pes[j];
			/* the dns: block's zone_groups, where the endpoint
			 * says nothing */
			if (s->dns.zg_policy && !pe->zg_set && !pe->zg_policy)
				pe->zg_policy = true;
			resolve_pe(s, b, pe, &tmp, &ntmp, &sn_key, &sn_path);
		}
		resolve_firewall(s, b, &sn_key, &sn_path);
	}
	for (size_t i = 0; i < s->napps; i++) {
		resolve_access(s, &s->apps[i], &s->apps[i].acc.main, &sn_key,
		    &sn_path);
		resolve_access(s, &s->apps[i], &s->apps[i].acc.scm, &sn_key,
		    &sn_path);
	}
	for (size_t i = 0; i < s->nbackends; i++) {
		sql_created(s, &s->backends[i]);
		data_created(s, &s->backends[i]);
	}
	finish_zones(s, tmp, ntmp);
	/* Every private endpoint's zones are linked to its VNet; without the
	 * link the app resolves the public address
	 * (docs/azure-notes.md 3.2). */
	for (size_t i = 0; i < s->nbackends; i++)
		for (size_t j = 0; j < s->backends[i].npes; j++) {
			struct pe *pe = &s->backends[i].pes[j];
			if (!pe->subnet)
				continue;
			for (size_t k = 0; k < pe->nzones; k++)
				if (owns_links(s, pe->zones[k]))
					add_link(s, &links, pe->zones[k],
					    pe->subnet->vnet, pe->pos);
		}
	resolve_refs(s, &links);
	index_links(s);
	derive_peerings(s);
	for (size_t i = 0; i < s->nbackends; i++)
		for (size_t j = 0; j < s->backends[i].npes; j++) {
			struct pe *pe = &s->backends[i].pes[j];
			const struct backend *b = &s->backends[i];
			if (dup_name(s, &names, "private endpoint", pe->subnet ?
			    pe->subnet->vnet->scope : s->scopes[0],
			    &pe->name) && b->npes > 1 && !strcmp(tmpl_eval(s,
			    &pe->name), arena_printf(&s->arena, "%s-pe",
			    b->key)))
				diag_note(pe->pos, "'%s' has %zu private "
				    "endpoints, and the default name, "
				    "'<key>-pe', serves one: give each a "
				    "'name:' (e.g. '%s-%s-pe')", b->key,
				    b->npes, b->key, pe->group ? pe->group :
				    "2");
		}
	/* The kind is the type as the first one wrote it: types compare
	 * case-insensitively, like the names. */
	for (size_t i = 0; i < s->nbackends; i++)
		if (s->backends[i].type)
			dup_name(s, &names, s->backends[i].type,
			    s->backends[i].scope, &s->backends[i].name);
	for (size_t i = 0; i < s->nidentities; i++)
		dup_name(s, &names, "identity", s->identities[i].scope,
		    &s->identities[i].name);
	for (size_t i = 0; i < s->nfarms; i++) {
		dup_name(s, &names, "plan", s->farms[i].scope,
		    &s->farms[i].name);
		smap_add(&farms, s->farms[i].key, &s->farms[i]);
	}
	for (size_t i = 0; i < s->napps; i++) {
		struct app *ap = &s->apps[i];
		dup_name(s, &names, "app", ap->scope, &ap->name);
		if (ap->farm_ref) {
			struct smap_ent *e = smap_get(&farms, ap->farm_ref);
			ap->farm = e ? e->first : NULL;
			if (!ap->farm)
				diag_report(ap->farm_pos, VN302, "plan '%s' is "
				    "not declared under 'plans:'",
				    ap->farm_ref);
		}
		if (ap->subnet_ref) {
			ap->integration = find_subnet(s, &sn_key, &sn_path,
			    ap->subnet_ref, ap->subnet_pos,
			    "vnet_integration subnet");
			if (ap->integration)
				ap->integration->nintegrations++;
		}
		app_existing(s, ap);
		app_created(s, ap);
		app_storage(s, ap);
		storage_identity(s, ap);
		app_slots(s, ap, &sn_key, &sn_path);
		char what[160];
		snprintf(what, sizeof(what), "app '%s'", ap->key);
		function_own_settings(ap, what);
		for (size_t k = 0; k < ap->nslots; k++) {
			snprintf(what, sizeof(what), "slot '%s' of app '%s'",
			    ap->slots[k].key, ap->key);
			function_own_settings(&ap->slots[k], what);
			resolve_slot_refs(s, &ap->slots[k]);
		}
	}
	smap_free(&names);
	smap_free(&sn_key);
	smap_free(&sn_path);
	smap_free(&links);
	smap_free(&farms);
}

/* A zone id VN110 refused: the zone it names, its last segment, is one
 * the dns: block was meant to name (VN359 says nothing of it); an id
 * without a literal last segment could have named any. */
static void
dns_refused(struct spec *s, struct dns *d, const struct tmpl *id)
{
	const struct seg *g = &id->segs[id->nsegs - 1];
	const char *slash = g->lit ? strrchr(g->lit, '/') : NULL;

	if (!slash || !slash[1]) {
		d->refused_any = true;
		return;
	}
	d->refused = arena_grow(&s->arena, d->refused, &d->nrefused,
	    sizeof(*d->refused));
	d->refused[d->nrefused - 1] = slash + 1;
}

/* dns: zones: the group the central zones are in, ids of zones anywhere,
 * and whether they exist (the default) or vnetc creates them there. */
static void
parse_dns_zones(struct ctx *cx, struct dns *d, const struct ynode *m)
{
	const struct ynode *n;

	check_keys(cx, m, "dns zones", dns_zones_keys);
	d->zones_pos = m->pos;
	parse_place(cx, m, &d->zones, "dns zones");
	int b = boolean(get(m, "existing"), "existing");
	d->owned = b == 0;
	if (d->owned && !d->zones.rg.nsegs)
		diag_report(get(m, "existing")->pos, VN104, "dns zones: "
		    "existing: false creates the zones in the group "
		    "resource_group names; add resource_group");
	if (!(n = get(m, "ids")) || is_null(n))
		return;
	if (n->kind != Y_SCALAR && !want(n, Y_SEQ, "ids"))
		return;
	size_t cnt = n->kind == Y_SEQ ? n->nitems : 1;
	d->ids = arena_alloc(cx->a, (cnt + 1) * sizeof(*d->ids));
	d->id_names = arena_alloc(cx->a, (cnt + 1) * sizeof(*d->id_names));
	d->id_at = arena_alloc(cx->a, (cnt + 1) * sizeof(*d->id_at));
	for (size_t i = 0; i < cnt; i++) {
		const struct ynode *it = n->kind == Y_SEQ ? n->items[i] : n;
		struct tmpl id = mktmpl(cx, it, "a zone id"), name;
		struct place at = {0};
		if (!id.nsegs)
			continue;
		if (!parse_resid(cx->s, &id, restype_get(RES_PDNSZ)->type,
		    "zone id", &at, &name, NULL)) {
			dns_refused(cx->s, d, &id);
			continue;
		}
		if (!tmpl_is_literal(&name)) {
			diag_report(it->pos, VN110, "zone id '%s': the zone's "
			    "name (its last segment) must be literal: vnetc "
			    "matches it with the zones the endpoints need",
			    id.raw);
			d->refused_any = true;
			continue;
		}
		for (size_t k = 0; k < d->nids; k++)
			if (streqi(d->id_names[k], tmpl_eval(cx->s, &name))) {
				diag_report(it->pos, VN301, "dns zones: zone "
				    "'%s' is listed twice", d->id_names[k]);
				diag_note(d->ids[k].pos, "first listed here");
				name.nsegs = 0;
				break;
			}
		if (!name.nsegs)
			continue;
		d->id_names[d->nids] = tmpl_eval(cx->s, &name);
		d->id_at[d->nids] = at;
		d->ids[d->nids++] = id;
	}
}

/* "dns:": the central private DNS zones (a connectivity subscription's)
 * that endpoints use instead of zones of their own, who links them, who
 * makes the zone groups:
 *   dns:
 *     zones: { subscription: ${hubSub}, resource_group: rg-dns, ids: [...] }
 *     links: owned | platform
 *     linked_vnets: [hub]
 *     zone_groups: create | policy */
static void
parse_dns(struct ctx *cx, const struct ynode *root)
{
	struct dns *d = &cx->s->dns;
	const struct ynode *n = get(root, "dns"), *m;
	const char *v;

	if (!n || is_null(n) || !want(n, Y_MAP, "dns"))
		return;
	check_keys(cx, n, "dns", dns_keys);
	d->given = true;
	d->pos = n->pos;
	if ((m = get(n, "zones")) && want(m, Y_MAP, "dns zones"))
		parse_dns_zones(cx, d, m);
	if ((m = get(n, "links")) && (v = oneof(m, "links", dns_links_vals))) {
		d->platform = strcmp(v, "platform") == 0;
		d->links_pos = m->pos;
	}
	mkrefs(cx, get(n, "linked_vnets"), &d->linked_vnets,
	    &d->nlinked_vnets, "linked_vnets");
	if (d->nlinked_vnets && !d->platform)
		diag_report(get(n, "linked_vnets")->pos, VN104, "dns: "
		    "linked_vnets names the VNets the platform links the central "
		    "zones to, with 'links: platform'; with links: owned vnetc "
		    "makes the links itself (dns_links on an endpoint adds "
		    "VNets)");
	if ((m = get(n, "zone_groups")) && (v = oneof(m, "zone_groups", dns_zg_vals))) {
		d->zg_policy = strcmp(v, "policy") == 0;
		d->zg_pos = m->pos;
	}
}

/* "naming: FILE.lua" and "naming_vars: { workload: lang, ... }": the
 * hook and the strings handed to it as r.vars; naming.c runs it. */
static void
parse_naming(struct ctx *cx, const struct ynode *root)
{
	struct spec *s = cx->s;
	const struct ynode *n = get(root, "naming");

	if (n && (s->naming = scalar(cx, n, "naming")))
		s->naming_pos = n->pos;
	if (s->naming && !*s->naming)
		diag_report(n->pos, VN104, "naming: give a Lua file (docs/spec.md)");
	n = get(root, "naming_vars");
	if (!n || is_null(n) || !want(n, Y_MAP, "naming_vars"))
		return;
	check_keys(cx, n, "naming_vars", NULL);
	for (size_t i = 0; i + 1 < n->nitems; i += 2) {
		const char *v;
		if (dup_key(n, i) || !(v = scalar(cx, n->items[i + 1],
		    "a naming_vars value")))
			continue;
		s->naming_vars.items = arena_grow(cx->a, s->naming_vars.items,
		    &s->naming_vars.n, sizeof(struct kv));
		s->naming_vars.items[s->naming_vars.n - 1] =
		    (struct kv){n->items[i]->s, v};
	}
}

/* ------------------------------------------------------------ locations
 * Every location reaches az's --location, the template and the region
 * in derived DNS zone names ({regionName}): checked against the region
 * table of the spec's cloud (regions.c), after -p, at the value's
 * position (VN104 for what cannot be a region, VN108 for a well-formed
 * name the table lacks). ARM and az also take a region's display name
 * ("West Europe"; ARM compares locations without case and spaces): a
 * value is kept in the name's form, lowercase without spaces, as the
 * Azure SDKs turn one into the other, so that zone names, naming hooks
 * and URLs see "westeurope". The environment may still override the
 * script's location at run time: that is the user's business. */

enum { REGION_MAX = 40 }; /* bytes; the longest name today has 18 */

struct locseen {
	const void **v; /* templates' segs and parameters already checked */
	size_t n;
};

static bool
loc_seen(struct locseen *ls, const void *p)
{
	for (size_t i = 0; i < ls->n; i++)
		if (ls->v[i] == p)
			return true;
	ls->v = xrealloc(ls->v, (ls->n + 1) * sizeof(*ls->v));
	ls->v[ls->n++] = p;
	return false;
}

/* One location's value v, found at pos (via says how: "" for a value
 * written there, " (the default of parameter 'x')", " (from -p x)";
 * joined: the template t that put it together from parameters, whose
 * value cannot be rewritten). Returns the value in name form (lowercase,
 * no spaces), or NULL if it cannot be a region (reported). */
static const char *
check_region(struct spec *s, const char *v, struct pos pos, const char *via,
    const struct tmpl *joined)
{
	struct buf nb = {0};
	const char *bad = NULL;

	for (const char *p = v; *p; p++) {
		char c = *p;
		if (c == ' ')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') &&
		    !bad)
			bad = p;
		buf_putc(&nb, c);
	}
	char *norm = arena_strdup(&s->arena, buf_str(&nb));
	buf_free(&nb);
	const char *cloud = privatelink_cloud_azname(s->cloud);
	int d;
	const char *near = region_nearest(s->cloud, norm, &d);
	const char *dym = near && d <= 1 + (int)strlen(norm) / 5 ?
	    arena_printf(&s->arena, "; did you mean '%s'?", near) : "";
	enum cloud other;

	if (strlen(v) > REGION_MAX) {
		diag_report(pos, VN104, "location%s is %zu bytes long; Azure "
		    "region names are short words such as westeurope (az "
		    "account list-locations gives them)", via, strlen(v));
		return NULL;
	}
	if (!*norm) {
		diag_report(pos, VN104, "location%s is empty; give an Azure "
		    "region such as westeurope (az account list-locations "
		    "gives them)", via);
		return NULL;
	}
	if (bad) {
		diag_report(pos, VN104, "location '%s'%s is not a region name: "
		    "it holds '%.*s'; region names are letters and digits, "
		    "such as westeurope (or the display form West Europe)%s",
		    v, via, char_len((unsigned char)*bad), bad, dym);
		return NULL;
	}
	if (joined && strcmp(norm, v) != 0) {
		diag_report(pos, VN104, "location '%s' (%s) is put together "
		    "from parameters: write it as the region's name, '%s'", v,
		    joined->raw, norm);
		return NULL;
	}
	if (region_known(s->cloud, norm))
		return norm;
	if (region_cloud_of(norm, &other)) {
		diag_report(pos, VN104, "location '%s'%s is a region of %s, "
		    "not of %s; set 'cloud: %s' or use a region of %s", v, via,
		    privatelink_cloud_azname(other), cloud,
		    privatelink_cloud_name(other), cloud);
		return NULL;
	}
	diag_report(pos, VN108, "location '%s'%s is not a region vnetc knows "
	    "in %s%s (a region newer than vnetc's table: silence VN108 with "
	    "a reason)", v, via, cloud, dym);
	return norm;
}

/* The location t, wherever its value comes from: t itself, or when t is
 * just ${p}, p's -p value or (recursively) its default. */
static void
check_location(struct spec *s, struct tmpl *t, const char *via,
    struct locseen *ls, int depth)
{
	if (!t->nsegs || depth > 32 || loc_seen(ls, t->segs))
		return; /* nothing parsed; a cycle (VN305); checked already */
	if (t->nsegs == 1 && t->segs[0].param) {
		struct param *p = t->segs[0].param;
		if (p->value && !loc_seen(ls, p)) {
			const char *r = check_region(s, p->value, t->pos,
			    arena_printf(&s->arena, " (from -p %s)", p->name),
			    NULL);
			p->value = r ? r : p->value;
		} else if (!p->value && p->has_def) {
			check_location(s, &p->def, p->builtin ? "" :
			    arena_printf(&s->arena, " (the default of parameter "
			    "'%s')", p->name), ls, depth + 1);
		}
		/* no value at all: the script's environment gives it */
		return;
	}
	const char *v = tmpl_eval(s, t);
	const char *r = check_region(s, v, t->pos, via, t->nsegs > 1 ? t :
	    NULL);
	if (r && t->nsegs == 1)
		t->segs[0].lit = r;
}

/* Every place a location is given: the spec's (through the location
 * parameter), each vnet's and each plan's. */
static void
check_locations(struct spec *s)
{
	struct locseen ls = {0};

	check_location(s, &s->location, "", &ls, 0);
	for (size_t i = 0; i < s->nvnets; i++)
		check_location(s, &s->vnets[i].location, "", &ls, 0);
	for (size_t i = 0; i < s->nfarms; i++)
		check_location(s, &s->farms[i].location, "", &ls, 0);
	/* A service endpoint's locations: literal region names. */
	for (size_t i = 0; i < s->nvnets; i++)
		for (size_t j = 0; j < s->vnets[i].nsubnets; j++) {
			struct subnet *sn = &s->vnets[i].subnets[j];
			for (size_t k = 0; k < sn->nses; k++) {
				struct svcendpoint *e = &sn->ses[k];
				for (size_t l = 0; l < e->nlocations; l++) {
					const char *r = check_region(s,
					    e->locations[l], e->location_pos[l], "",
					    NULL);
					if (r)
						e->locations[l] = r;
				}
			}
		}
	free(ls.v);
}

/* The home scope: the spec's subscription (or ${vnetc_subscription},
 * the run's) and ${groupName}, so that the script and a template use the
 * parameter, and a naming hook's new group name follows (naming.c). */
static void
home_scope(struct spec *s)
{
	struct scope *h = arena_alloc(&s->arena, sizeof(*h));
	struct param *rs = arena_alloc(&s->arena, sizeof(*rs));

	rs->name = "vnetc_subscription";
	rs->builtin = true;
	rs->pos = s->pos;
	s->runsub = rs;
	h->sub = s->sub;
	if (!h->sub.nsegs) {
		h->sub.segs = arena_alloc(&s->arena, sizeof(*h->sub.segs));
		h->sub.segs[0].param = rs;
		h->sub.nsegs = 1;
		h->sub.raw = "${vnetc_subscription}";
		h->sub.pos = s->pos;
	}
	h->rg.segs = arena_alloc(&s->arena, sizeof(*h->rg.segs));
	h->rg.segs[0].param = spec_param(s, "groupName");
	h->rg.nsegs = 1;
	h->rg.raw = "${groupName}";
	h->rg.pos = s->rg.pos;
	h->pos = s->rg.pos;
	s->scopes = arena_alloc(&s->arena, sizeof(*s->scopes));
	s->scopes[0] = h;
	s->nscopes = 1;
}

/* ------------------------------------------------------------- the load */

/* "project:": the name that owns what the spec creates (tag vnetc-spec)
 * and its journal, instead of the file's name. A file name's characters
 * (the journal is out/PROJECT.journal), fixed: no parameter, as the
 * owner of a resource cannot change with a -p. */
static void
parse_project(struct ctx *cx, struct spec *s, const struct ynode *n)
{
	const char *t = scalar(cx, n, "project");
	size_t len = t ? strlen(t) : 0;

	if (!t)
		return;
	if (len && len <= 64 && strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789._-") == len && t[0] != '.' &&
	    t[0] != '-') {
		s->owner = t;
		return;
	}
	diag_report(n->pos, VN104, "project '%s' is not a project name: 1 to "
	    "64 letters, digits, '.', '_' or '-', not first '.' or '-', and no "
	    "parameter (it names the owner of what vnetc creates, tag "
	    "vnetc-spec, and the journal out/PROJECT.journal)", t);
}

static void
parse_root(struct ctx *cx, const struct ynode *root)
{
	struct spec *s = cx->s;

	if (root->kind != Y_MAP) {
		diag_report(root->pos, VN102, "a spec is a mapping with "
		    "resource_group, location, vnets, ... (see docs/spec.md)");
		return;
	}
	s->pos = root->pos;
	check_keys(cx, root, "the spec", top_keys);
	parse_silence(cx, get(root, "silence"), (struct pos){s->file, 0, 0},
	    NULL);
	const struct ynode *n = get(root, "vnetc");
	if (n && !(n->kind == Y_SCALAR && strcmp(n->s, "1") == 0))
		diag_report(n->pos, VN107, "this vnetc reads spec format 1; "
		    "write 'vnetc: 1'");
	if ((n = get(root, "description")))
		s->description = scalar(cx, n, "description");
	if ((n = get(root, "project")))
		parse_project(cx, s, n);
	if ((n = get(root, "cloud"))) {
		const char *c = scalar(cx, n, "cloud");
		if (c && !privatelink_cloud_parse(c, &s->cloud))
			diag_report(n->pos, VN104, "cloud '%s' is not one of: "
			    "public, usgov, china", c);
	}
	declare_params(cx, root);
	if ((n = get(root, "resource_group")))
		s->rg = mktmpl(cx, n, "resource_group");
	if ((n = get(root, "subscription")))
		s->sub = mktmpl(cx, n, "subscription");
	if ((n = get(root, "location")))
		s->location = mktmpl(cx, n, "location");
	define_params(cx, root);
	home_scope(s);
	/* From here on, the location the resources name is the parameter. */
	struct pos lp = s->location.pos;
	s->location = (struct tmpl){0};
	s->location.segs = arena_alloc(cx->a, sizeof(*s->location.segs));
	s->location.segs[0].param = spec_param(s, "location");
	s->location.nsegs = 1;
	s->location.raw = "${location}";
	s->location.pos = lp;
	/* Before the VNets, whose subnets may add their own (inline). */
	section(cx, root, "nsgs", parse_nsg);
	section(cx, root, "route_tables", parse_rt);
	section(cx, root, "nat_gateways", parse_nat);
	section(cx, root, "vnets", parse_vnet);
	section(cx, root, "identities", parse_uai);
	section(cx, root, "backends", parse_backend);
	section(cx, root, "plans", parse_farm);
	section(cx, root, "apps", parse_app);
	parse_dns(cx, root);
	parse_naming(cx, root);
}

/* A spec with its file and base names set, nothing else. */
static struct spec *
new_spec(const char *path)
{
	struct arena *a = NULL;
	struct spec *s = arena_alloc(&a, sizeof(*s));

	s->arena = a;
	s->file = arena_strdup(&s->arena, path);
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t bl = strlen(base);
	if (has_suffix(base, ".yaml"))
		bl -= 5;
	else if (has_suffix(base, ".yml"))
		bl -= 4;
	s->base = arena_strndup(&s->arena, base, bl);
	s->owner = s->base;
	return s;
}

/* Everything after reading: text is len bytes and a NUL, malloc'd; it is
 * freed as soon as the node tree holds copies (a spec may be large). */
static struct spec *
load_text(struct spec *s, char *text, size_t len,
    const struct override *ov, size_t nov)
{
	struct ctx cx = {.s = s, .a = &s->arena, .text = text, .len = len};

	struct ynode *root = check_text(&cx) ? parse_tree(&cx) : NULL;
	free(text);
	if (!root) {
		arena_free(&cx.tree);
		return s; /* unreadable as YAML: nothing more to say */
	}
	parse_root(&cx, root);
	for (size_t i = 0; i < nov; i++) {
		struct param *p = spec_param(s, ov[i].name);
		if (p)
			p->value = arena_strdup(&s->arena, ov[i].value);
	}
	if (root->kind == Y_MAP)
		check_locations(s); /* before resolve derives zone names */
	/* Resolution runs even after errors so that one run reports every
	 * independent mistake; it skips what did not parse. */
	if (root->kind == Y_MAP)
		resolve(s);
	arena_free(&cx.tree);
	return s;
}

struct spec *
spec_load(const char *path, const struct override *ov, size_t nov)
{
	struct spec *s = new_spec(path);
	size_t len;
	char *text = file_read(path, &len);

	if (!text) {
		struct buf b = {0};
		/* the path as one line: it may hold a newline or ESC */
		uni_put_shown(&b, path, strlen(path), true);
		fprintf(stderr, "vnetc: cannot read %s: %s\n", buf_str(&b),
		    strerror(errno));
		buf_free(&b);
		spec_free(s);
		return NULL;
	}
	return load_text(s, text, len, ov, nov);
}

struct spec *
spec_load_mem(const char *name, const char *data, size_t len,
    const struct override *ov, size_t nov)
{
	struct spec *s = new_spec(name);
	char *text = xmalloc(len + 1);

	memcpy(text, data, len);
	text[len] = 0;
	return load_text(s, text, len, ov, nov);
}

void
spec_free(struct spec *s)
{
	if (!s)
		return;
	struct arena *a = s->arena;
	arena_free(&a);
}

/* ----------------------------------------------------------------- dump */

static void
dump_tmpl(FILE *f, const char *key, const struct tmpl *t)
{
	fprintf(f, " %s=", key);
	for (size_t i = 0; i < t->nsegs; i++)
		if (t->segs[i].lit)
			fputs(t->segs[i].lit, f);
		else
			fprintf(f, "${%s}", t->segs[i].param->name);
}

/* " tags=k=v,k=v" when a naming hook gave tags (vnetc -d named). */
static void
dump_tags(FILE *f, const struct kvlist *t)
{
	for (size_t i = 0; i < t->n; i++)
		fprintf(f, "%s%s=%s", i ? "," : " tags=", t->items[i].key,
		    t->items[i].value);
}

/* " sub=... rg=..." for a scope other than home (vnetc -d spec). */
static void
dump_scope(FILE *f, const struct scope *sc)
{
	if (!sc || !sc->id)
		return;
	dump_tmpl(f, "sub", &sc->sub);
	dump_tmpl(f, "rg", &sc->rg);
}

static void
dump_prefixes(FILE *f, const struct prefix *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? "," : " ", p[i].text ? p[i].text : "?");
}

/* " src=10.0.0.0/26 (subnet spoke/app)", as netsec.c expanded it. */
static void
dump_addr(const struct spec *s, FILE *f, const char *key,
    const struct addr *a)
{
	if (!a->pos.line)
		return;
	fprintf(f, " %s=%s", key, netsec_addr_text((struct spec *)s, a));
	for (size_t i = 0; i < a->nrefs; i++)
		fprintf(f, "%s%s %s", i ? ", " : " (", a->refs[i].vnet ? "vnet" :
		    "subnet", a->refs[i].key);
	if (a->nrefs)
		fputc(')', f);
}

static void
dump_ports(FILE *f, const char *key, const struct ports *p)
{
	char t[16];

	fprintf(f, " %s=", key);
	if (!p->n)
		fputc('*', f);
	for (size_t i = 0; i < p->n; i++) {
		netsec_port_text(&p->r[i], t);
		fprintf(f, "%s%s", i ? "," : "", t);
	}
}

static void
dump_netres(FILE *f, const char *what, const struct netres *r)
{
	fprintf(f, "%s %s", what, r->key);
	if (r->id.nsegs)
		dump_tmpl(f, "id", &r->id);
	else
		dump_tmpl(f, "name", &r->name);
	if (r->existing)
		fprintf(f, " existing");
	if (r->inline_)
		fprintf(f, " inline");
	dump_tmpl(f, "location", &r->location);
	for (size_t i = 0; i < r->nsubnets; i++)
		fprintf(f, "%s%s/%s", i ? "," : " subnets=",
		    r->subnets[i]->vnet->key, r->subnets[i]->key);
	dump_tags(f, &r->tags);
	fputc('\n', f);
}

/* NSGs and their rules, route tables and routes, NAT gateways and their
 * public IPs (issue 18). */
static void
dump_netsec(const struct spec *s, FILE *f)
{
	for (size_t i = 0; i < s->nnsgs; i++) {
		const struct nsg *g = s->nsgs[i];
		dump_netres(f, "nsg", &g->r);
		for (size_t j = 0; j < g->nrules; j++) {
			const struct secrule *r = &g->rules[j];
			fprintf(f, "  rule");
			dump_tmpl(f, "name", &r->name);
			fprintf(f, " priority=%d %s %s proto=%s", r->priority,
			    r->outbound ? "outbound" : "inbound", r->deny ?
			    "deny" : "allow", netsec_proto(r->proto));
			dump_addr(s, f, "src", &r->src);
			dump_ports(f, "sports", &r->sports);
			dump_addr(s, f, "dst", &r->dst);
			dump_ports(f, "ports", &r->dports);
			fputc('\n', f);
		}
	}
	for (size_t i = 0; i < s->nrtables; i++) {
		const struct rtable *t = s->rtables[i];
		dump_netres(f, "route_table", &t->r);
		for (size_t j = 0; j < t->nroutes; j++) {
			const struct route *r = &t->routes[j];
			fprintf(f, "  route");
			dump_tmpl(f, "name", &r->name);
			dump_addr(s, f, "prefix", &r->prefix);
			fprintf(f, " next_hop=%s", r->has_hop ?
			    netsec_hop(r->hop) : "?");
			if (r->nh.nsegs)
				dump_tmpl(f, "ip", &r->nh);
			fputc('\n', f);
		}
	}
	for (size_t i = 0; i < s->nnatgws; i++) {
		const struct natgw *g = s->natgws[i];
		dump_netres(f, "nat_gateway", &g->r);
		for (size_t j = 0; j < g->npips; j++) {
			fprintf(f, "  public_ip");
			if (g->pips[j].existing)
				dump_tmpl(f, "id", &g->pips[j].id);
			else
				dump_tmpl(f, "name", &g->pips[j].name);
			dump_tags(f, &g->pips[j].tags);
			fputc('\n', f);
		}
	}
}

void
spec_dump(const struct spec *s, FILE *f)
{
	static const char *access[] = {"keep", "enabled", "deny", "disabled"};

	fprintf(f, "spec %s cloud=%s\n", s->base,
	    privatelink_cloud_name(s->cloud));
	if (s->naming) {
		fprintf(f, "naming %s", s->naming);
		for (size_t i = 0; i < s->naming_vars.n; i++)
			fprintf(f, " %s=%s", s->naming_vars.items[i].key,
			    s->naming_vars.items[i].value);
		dump_tags(f, &s->rg_tags);
		fputc('\n', f);
	}
	for (size_t i = 0; i < s->nparams; i++) {
		const struct param *p = &s->params[i];
		fprintf(f, "param %s%s", p->name, p->builtin ? " builtin" : "");
		if (p->has_def)
			dump_tmpl(f, "default", &p->def);
		if (p->value)
			fprintf(f, " value=%s", p->value);
		fputc('\n', f);
	}
	for (size_t i = 0; i < s->nvnets; i++) {
		const struct vnet *v = &s->vnets[i];
		fprintf(f, "vnet %s", v->key);
		dump_tmpl(f, "name", &v->name);
		dump_scope(f, v->scope);
		if (v->existing)
			fputs(" existing", f);
		dump_prefixes(f, v->space, v->nspace);
		for (size_t j = 0; j < v->ndns_servers; j++)
			fprintf(f, "%s%s", j ? "," : " dns_servers=",
			    v->dns_servers[j].text);
		if (v->resolves_through.target)
			fprintf(f, " resolves_through=%s",
			    v->resolves_through.name);
		dump_tags(f, &v->tags);
		fputc('\n', f);
		for (size_t j = 0; j < v->nsubnets; j++) {
			const struct subnet *sn = &v->subnets[j];
			fprintf(f, "  subnet %s", sn->key);
			dump_tmpl(f, "name", &sn->name);
			dump_prefixes(f, sn->prefixes, sn->nprefixes);
			if (sn->size >= 0)
				fprintf(f, " size=/%d%s", sn->size,
				    sn->auto_prefix ? " (chosen by vnetc)" : "");
			if (sn->delegation)
				fprintf(f, " delegation=%s", sn->delegation);
			if (sn->pe_policies)
				fprintf(f, " pe_policies=%s", sn->pe_policies);
			if (sn->pls_policies)
				fprintf(f, " pls_policies=%s", sn->pls_policies);
			if (sn->outbound_access >= 0)
				fprintf(f, " default_outbound_access=%s",
				    sn->outbound_access ? "true" : "false");
			if (sn->nsg)
				fprintf(f, " nsg=%s", sn->nsg->r.key);
			if (sn->rt)
				fprintf(f, " route_table=%s", sn->rt->r.key);
			if (sn->nat)
				fprintf(f, " nat_gateway=%s", sn->nat->r.key);
			for (size_t k = 0; k < sn->nses; k++) {
				fprintf(f, "%s%s", k ? "," : " service_endpoints=",
				    sn->ses[k].service);
				for (size_t l = 0; l < sn->ses[k].nlocations; l++)
					fprintf(f, "%s%s", l ? "+" : "@",
					    sn->ses[k].locations[l]);
			}
			fprintf(f, " pes=%zu integrations=%zu\n", sn->npes,
			    sn->nintegrations);
		}
	}
	for (size_t i = 0; i < s->npeerings; i++) {
		const struct peering *pr = &s->peerings[i];
		fprintf(f, "peering vnet=%s remote=%s", pr->vnet->key,
		    pr->remote->key);
		dump_tmpl(f, "name", &pr->name);
		if (pr->fwd)
			fprintf(f, " allow_forwarded_traffic");
		if (pr->gw_transit)
			fprintf(f, " allow_gateway_transit");
		if (pr->use_remote_gw)
			fprintf(f, " use_remote_gateways");
		fputc('\n', f);
	}
	for (size_t i = 0; i < s->nbackends; i++) {
		const struct backend *b = &s->backends[i];
		fprintf(f, "backend %s type=%s", b->key, b->type ? b->type :
		    "?");
		dump_tmpl(f, "name", &b->name);
		dump_scope(f, b->scope);
		fprintf(f, " access=%s described=%d", access[b->access],
		    b->ex.described);
		if (b->cr.is)
			fprintf(f, " create sku=%s rbac=%d purge=%d "
			    "soft_delete_days=%d shared_key=%d", b->cr.sku,
			    b->cr.rbac, b->cr.purge, b->cr.soft_days,
			    b->cr.shared_key);
		fputc('\n', f);
		for (size_t j = 0; j < b->npes; j++) {
			const struct pe *pe = &b->pes[j];
			fprintf(f, "  pe");
			dump_tmpl(f, "name", &pe->name);
			dump_tmpl(f, "connection", &pe->conn_name);
			dump_tmpl(f, "zone_group", &pe->zg_name);
			fprintf(f, " group=%s subnet=%s/%s", pe->group ?
			    pe->group : "?", pe->subnet ?
			    pe->subnet->vnet->key : "?", pe->subnet ?
			    pe->subnet->key : "?");
			for (size_t k = 0; k < pe->nzones; k++)
				fprintf(f, "%s%s", k ? "," : " zones=",
				    pe->zones[k]->name);
			if (pe->zg_policy)
				fputs(" zone_group_by=policy", f);
			dump_tags(f, &pe->tags);
			fputc('\n', f);
		}
	}
	for (size_t i = 0; i < s->nzones; i++) {
		const struct zone *z = &s->zones[i];
		fprintf(f, "zone %s", z->name);
		dump_scope(f, z->scope);
		if (z->central)
			fputs(" central", f);
		dump_tags(f, &z->tags);
		fputc('\n', f);
		for (size_t j = 0; j < z->nlinks; j++) {
			fprintf(f, "  link vnet=%s", z->links[j]->vnet->key);
			dump_tmpl(f, "name", &z->links[j]->name);
			dump_tags(f, &z->links[j]->tags);
			fputc('\n', f);
		}
	}
	dump_netsec(s, f);
	for (size_t i = 0; i < s->nidentities; i++) {
		const struct identity *id = &s->identities[i];
		fprintf(f, "identity %s", id->key);
		dump_tmpl(f, "name", &id->name);
		dump_scope(f, id->scope);
		fprintf(f, " %s\n", id->cr.is ? "create" : "existing");
	}
	for (size_t i = 0; i < s->nfarms; i++) {
		const struct farm *fm = &s->farms[i];
		fprintf(f, "plan %s", fm->key);
		dump_tmpl(f, "name", &fm->name);
		dump_scope(f, fm->scope);
		fprintf(f, " sku=%s", fm->sku ? fm->sku : "keep");
		if (fm->cr.is)
			fprintf(f, " create os=%s", fm->cr.os);
		fputc('\n', f);
	}
	for (size_t i = 0; i < s->napps; i++) {
		const struct app *a = &s->apps[i];
		fprintf(f, "app %s", a->key);
		dump_tmpl(f, "name", &a->name);
		dump_scope(f, a->scope);
		fprintf(f, " plan=%s https_only=%d integration=%s "
		    "route_all=%d\n", a->farm ? a->farm->key : "?",
		    a->https_only, a->integration ? a->integration->key :
		    "-", a->route_all);
		if (a->cr.is)
			fprintf(f, "  create kind=%s runtime=%s min_tls=%s "
			    "ftps=%s basic_auth=%d always_on=%d identity=%s\n",
			    a->ex.kind ? a->ex.kind : "?", a->cr.runtime ?
			    a->cr.runtime : "-", a->cr.min_tls, a->cr.ftps,
			    a->cr.basic_auth, a->cr.always_on,
			    a->cr.system_identity ? "system" : "-");
		for (size_t j = 0; j < a->nuais; j++)
			fprintf(f, "  identity %s\n", a->uais[j].name);
		for (size_t j = 0; j < a->nroles; j++)
			fprintf(f, "  role %s on=%s as=%s\n",
			    a->roles[j].def ? a->roles[j].def->guid : "?",
			    a->roles[j].on.name, a->roles[j].as.name);
		for (size_t j = 0; j < a->nsettings; j++) {
			fprintf(f, "  setting %s", a->settings[j].name);
			dump_tmpl(f, "value", &a->settings[j].value);
			fputc('\n', f);
		}
	}
}

/* The key and value tables above, by name, for "vnetc schema" (schema.c):
 * its objects are these tables, so that the schema can neither miss a key
 * the parser takes nor list one it refuses. tests/schema.sh checks that
 * every *_keys and *_vals table of this file is here. */
const struct spec_table spec_key_tables[] = {
	{"top", top_keys}, {"param", param_keys}, {"vnet", vnet_keys},
	{"dns", dns_keys}, {"dns_zones", dns_zones_keys},
	{"subnet", subnet_keys}, {"nsg", nsg_keys}, {"rule", rule_keys},
	{"rt", rt_keys}, {"route", route_keys}, {"nat", nat_keys},
	{"pip", pip_keys}, {"se", se_keys}, {"addr_ref", addr_ref_keys},
	{"peer", peer_keys}, {"backend", backend_keys}, {"pe", pe_keys},
	{"firewall", firewall_keys},
	{"farm", farm_keys}, {"app", app_keys}, {"cog_ex", cog_ex_keys},
	{"kv_ex", kv_ex_keys}, {"kv_create", kv_create_keys},
	{"st_create", st_create_keys}, {"farm_create", farm_create_keys},
	{"sql_create", sql_create_keys}, {"sql_admin", sql_admin_keys},
	{"sql_db", sql_db_keys}, {"cog_create", cog_create_keys},
	{"cosmos_create", cosmos_create_keys}, {"sb_create", sb_create_keys},
	{"appcs_create", appcs_create_keys},
	{"app_create", app_create_keys},
	{"farm_ex", farm_ex_keys},
	{"app_ex", app_ex_keys}, {"identity", identity_keys},
	{"uai", uai_keys}, {"uai_create", uai_create_keys},
	{"role", role_keys}, {"access", access_keys},
	{"scm_access", scm_access_keys}, {"access_rule", ar_keys},
	{"setting_ref", setting_ref_keys}, {"slot", slot_keys}, {NULL, NULL},
};
const struct spec_table spec_value_tables[] = {
	{"pe_policy", pe_policy_vals}, {"pls_policy", pls_policy_vals},
	{"access", access_vals}, {"app_access", app_access_vals},
	{"ar_action", ar_action_vals},
	{"os", os_vals}, {"identity", identity_vals},
	{"direction", direction_vals}, {"rule_access", rule_access_vals},
	{"proto", proto_vals}, {"hop", hop_vals},
	{"zone_scope", zone_scope_vals}, {"dns_links", dns_links_vals},
	{"dns_zg", dns_zg_vals}, {"kv_sku", kv_sku_vals},
	{"st_sku", st_sku_vals}, {"tls", tls_vals}, {"ftps", ftps_vals},
	{"plan_kind", plan_kind_vals}, {"sql_admin_type", sql_admin_types},
	{"sql_tls", sql_tls_vals}, {"app_kind", app_kind_vals},
	{"worker", worker_vals}, {"cosmos_api", cosmos_api_vals},
	{"cosmos_consistency", cosmos_consistency_vals},
	{"sb_sku", sb_sku_vals}, {"appcs_sku", appcs_sku_vals}, {NULL, NULL},
};
