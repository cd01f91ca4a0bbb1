/* tmpl.c - a spec string with ${param} references (struct tmpl, made by
 * spec.c and naming.c) and every form vnetc writes one in: its value (the
 * executor, diagnostics), a word of the bash script, a string of the ARM
 * template; and the script's comments, which carry spec text too. Quoting
 * lives here and nowhere else: tests/unit/tmpl_test.c runs each renderer
 * over one hostile corpus, and bash and an ARM expression evaluator read
 * the results back. */
#include <string.h>

#include "model.h"
#include "unicode.h"

/* -------------------------------------------------------------- values */

struct tmpl
tmpl_literal(struct spec *s, const char *text, struct pos pos)
{
	struct tmpl t = {0};

	t.segs = arena_alloc(&s->arena, sizeof(*t.segs));
	t.segs[0].lit = arena_strdup(&s->arena, text);
	t.nsegs = 1;
	t.raw = t.segs[0].lit;
	t.pos = pos;
	return t;
}

/* t += lit, or t += x, merged so that adjacent literals are one
 * segment (a shell word quotes as one). */
void
tmpl_append_lit(struct spec *s, struct tmpl *t, const char *lit)
{
	if (!*lit)
		return;
	if (t->nsegs && t->segs[t->nsegs - 1].lit) {
		t->segs[t->nsegs - 1].lit = arena_printf(&s->arena, "%s%s",
		    t->segs[t->nsegs - 1].lit, lit);
		return;
	}
	t->segs = arena_grow(&s->arena, t->segs, &t->nsegs, sizeof(*t->segs));
	t->segs[t->nsegs - 1].lit = arena_strdup(&s->arena, lit);
}

void
tmpl_append(struct spec *s, struct tmpl *t, const struct tmpl *x)
{
	for (size_t i = 0; i < x->nsegs; i++) {
		if (x->segs[i].lit) {
			tmpl_append_lit(s, t, x->segs[i].lit);
			continue;
		}
		t->segs = arena_grow(&s->arena, t->segs, &t->nsegs,
		    sizeof(*t->segs));
		t->segs[t->nsegs - 1] = x->segs[i];
	}
}

bool
tmpl_is_literal(const struct tmpl *t)
{
	for (size_t i = 0; i < t->nsegs; i++)
		if (t->segs[i].param)
			return false;
	return true;
}

uint32_t
tmpl_hash(const char *text)
{
	uint32_t h = 2166136261u; /* FNV-1a, 32 bits */

	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		h = (h ^ (uint32_t)ascii_lower(*p)) * 16777619u;
	return h;
}

static void eval_into(const struct tmpl *t, struct buf *b, int depth);

/* A ${vnetc_hN}'s value: its id as the run has it now (the executor has
 * set ${vnetc_subscription} by then; at compile time it is empty). */
static void
hash_into(const struct param *p, struct buf *b, int depth)
{
	struct buf id = {0};

	eval_into(p->hash_of, &id, depth + 1);
	buf_printf(b, "%08x", (unsigned)tmpl_hash(buf_str(&id)));
	buf_free(&id);
}

static void
eval_into(const struct tmpl *t, struct buf *b, int depth)
{
	for (size_t i = 0; i < t->nsegs; i++) {
		const struct seg *g = &t->segs[i];
		if (g->lit)
			buf_puts(b, g->lit);
		else if (g->param->hash_of)
			hash_into(g->param, b, depth);
		else if (g->param->value)
			buf_puts(b, g->param->value);
		else if (depth < 32) /* cycles are VN305 errors */
			eval_into(&g->param->def, b, depth + 1);
	}
}

const char *
tmpl_eval(struct spec *s, const struct tmpl *t)
{
	struct buf b = {0};

	eval_into(t, &b, 0);
	const char *r = arena_strdup(&s->arena, buf_str(&b));
	buf_free(&b);
	return r;
}

/* -------------------------------------------------------------- shell */

/* Characters that never need quoting in a shell word. Anything else
 * (space, quotes, $, `, *, ?, [, ~, newline, ...) is single-quoted. A
 * leading - is quoted too: it changes nothing for bash, but a reviewer
 * sees that the word is a value (az reads it as an option all the same:
 * the script passes such values as --option=VALUE). */
static bool
plain_word(const char *s)
{
	return *s && *s != '-' && !s[strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:@%+,=-")];
}

/* Whether s holds a character a reviewer's terminal would not show as
 * itself (a control, ESC, a bidi override, a byte that is not UTF-8). */
static bool
has_hidden(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;

	for (size_t n; *p; p += n)
		if ((n = uni_utf8(p, &c)) == 0 || uni_hidden(c))
			return true;
	return false;
}

/* 'text': inside single quotes every byte is itself but the quote, which
 * closes, gets \' and opens again. A text with hidden characters is
 * written $'text' instead, each of them as \xHH, so that the script shows
 * what it holds: the same value, read by bash. */
static void
sq(struct buf *b, const char *s)
{
	if (has_hidden(s)) {
		const unsigned char *p = (const unsigned char *)s;
		uint32_t c;
		buf_puts(b, "$'");
		while (*p) {
			size_t n = uni_utf8(p, &c);
			if (n && !uni_hidden(c)) {
				if (*p == '\'' || *p == '\\')
					buf_putc(b, '\\');
				buf_putn(b, (const char *)p, n);
				p += n;
				continue;
			}
			for (size_t k = n ? n : 1; k--; p++)
				buf_printf(b, "\\x%02x", *p);
		}
		buf_putc(b, '\'');
		return;
	}
	buf_putc(b, '\'');
	for (; *s; s++)
		if (*s == '\'')
			buf_puts(b, "'\\''");
		else
			buf_putc(b, *s);
	buf_putc(b, '\'');
}

void
tmpl_sh_lit(struct buf *b, const char *s)
{
	if (plain_word(s))
		buf_puts(b, s);
	else
		sq(b, s);
}

void
tmpl_sh_word(struct buf *b, const struct tmpl *t)
{
	size_t start = b->len;

	if (t->nsegs == 1 && t->segs[0].lit) {
		tmpl_sh_lit(b, t->segs[0].lit);
		return;
	}
	for (size_t i = 0; i < t->nsegs; i++) {
		const struct seg *g = &t->segs[i];
		if (g->param)
			/* Double quotes: the value is data, never split or
			 * globbed; names are [a-z][A-Za-z0-9_]* (spec.c). */
			buf_printf(b, "\"${%s}\"", g->param->name);
		else if (*g->lit)
			sq(b, g->lit);
	}
	if (b->len == start)
		buf_puts(b, "''");
}

/* The environment's value wins; else the -p value, else the default.
 *   appName=my-app ./NAME.sh
 * The default is a plain shell word: "${x:-DEFAULT}" would put it in the
 * default's own quoting context, where bash pairs single quotes (a lone '
 * in a default broke the whole script). */
void
tmpl_sh_param(struct buf *b, const struct param *p)
{
	if (!p->value && !p->has_def) {
		buf_printf(b, ": \"${%s:?set %s (no default in the spec)}\"\n",
		    p->name, p->name);
		return;
	}
	buf_printf(b, "[ -n \"${%s:-}\" ] || %s=", p->name, p->name);
	if (p->value)
		tmpl_sh_lit(b, p->value);
	else
		tmpl_sh_word(b, &p->def);
	buf_putc(b, '\n');
}

/* text as comment lines, "# " and one line of text each; every control
 * character but the newline that ends a line is written escaped (a CR
 * would let a reviewer's terminal hide what precedes it). Bash ends a
 * comment at a newline only, so nothing of text can run. */
void
tmpl_sh_comment(struct buf *b, const char *text)
{
	do {
		size_t n = strcspn(text, "\n");
		buf_puts(b, n ? "# " : "#");
		uni_put_shown(b, text, n, true);
		buf_putc(b, '\n');
		text += n + (text[n] == '\n');
	} while (*text);
}

/* --------------------------------------------------------------- ARM */

const char *
tmpl_arm_literal(struct spec *s, const char *lit)
{
	size_t n = strlen(lit);

	/* Only a string that starts with [ and ends with ] is read as an
	 * expression; "[test] value" stays as it is (template-expressions,
	 * "Escape characters"). */
	if (n >= 2 && lit[0] == '[' && lit[n - 1] == ']')
		return arena_printf(&s->arena, "[%s", lit);
	return lit;
}

void
tmpl_arm_quote(struct buf *b, const char *s)
{
	buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_putc(b, '\'');
		buf_putc(b, *s);
	}
	buf_putc(b, '\'');
}

/* The home resource group and subscription are the main template's
 * deployment scope, not parameters: resourceGroup(), subscription(). A
 * nested template deployed into another scope sees its own there, so
 * the main template passes them in as the parameters groupName and
 * vnetc_subscription (emit_arm.c). */
static void hash_expr(struct buf *b, const struct param *p, bool nested);

static void
param_expr(struct buf *b, const struct param *p, bool nested)
{
	if (p->hash_of) {
		hash_expr(b, p, nested);
		return;
	}
	bool rg = p->builtin && strcmp(p->name, "groupName") == 0;
	bool sub = p->builtin && strcmp(p->name, "vnetc_subscription") == 0;

	if (rg && !nested) {
		buf_puts(b, "resourceGroup().name");
	} else if (sub && !nested) {
		buf_puts(b, "subscription().subscriptionId");
	} else {
		buf_puts(b, "parameters('");
		buf_puts(b, p->name);
		buf_puts(b, "')");
	}
}

/* A ${vnetc_hN} as an expression: tmpl_hash of its id, which holds
 * resourceGroup() or subscription(), in ARM's functions (ints are 64
 * bits, so h * 16777619 does not overflow; docs/azure-notes.md 16.1):
 *   reduce(BYTES, 2166136261, lambda('h', 'c',
 *     mod(mul(add(sub(h, mod(h, 256)), XOR), 16777619), 4294967296)))
 * XOR, h's low byte xor c, adds bit k, (h / 2^k + c / 2^k) mod 2, times
 * 2^k for k = 0..7. BYTES: a literal's bytes as numbers, lowercased
 * here; a parameter's characters looked up in printable ASCII, after
 * toLower (the table has spaces for A-Z, which then never occur, so
 * that a case-insensitive indexOf finds the same). The result, 8 hex
 * digits, comes of a second reduce over the digits' weights; no lambda
 * sits in another's body, as ARM requires (template-functions-lambda,
 * "Limitations"). */
static void
hash_expr(struct buf *b, const struct param *p, bool nested)
{
	const struct tmpl *id = p->hash_of;
	char table[96];

	for (int c = 32; c < 127; c++)
		table[c - 32] = (char)(c >= 'A' && c <= 'Z' ? ' ' : c);
	table[95] = '\0';
	buf_puts(b, "reduce(createArray(268435456, 16777216, 1048576, 65536, "
	    "4096, 256, 16, 1), createObject('h', reduce(concat(");
	for (size_t i = 0, n = 0; i < id->nsegs; i++) {
		const struct seg *g = &id->segs[i];
		if (g->lit && !*g->lit)
			continue;
		if (n++)
			buf_puts(b, ", ");
		if (g->lit) {
			buf_puts(b, "createArray(");
			for (const unsigned char *q = (const unsigned char *)
			    g->lit; *q; q++)
				buf_printf(b, "%s%d", q == (const unsigned char *)
				    g->lit ? "" : ", ", ascii_lower(*q));
			buf_putc(b, ')');
			continue;
		}
		buf_puts(b, "map(range(0, length(");
		param_expr(b, g->param, nested);
		buf_puts(b, ")), lambda('i', add(32, indexOf(");
		tmpl_arm_quote(b, table);
		buf_puts(b, ", substring(toLower(");
		param_expr(b, g->param, nested);
		buf_puts(b, "), lambdaVariables('i'), 1)))))");
	}
	buf_puts(b, "), 2166136261, lambda('h', 'c', mod(mul(add(sub("
	    "lambdaVariables('h'), mod(lambdaVariables('h'), 256)), ");
	for (int k = 0; k < 8; k++)
		buf_printf(b, "%smul(%d, mod(add(div(lambdaVariables('h'), %d), "
		    "div(lambdaVariables('c'), %d)), 2))%s", k < 7 ? "add(" : "",
		    1 << k, 1 << k, 1 << k, k < 7 ? ", " : "");
	for (int k = 0; k < 7; k++)
		buf_putc(b, ')');
	buf_puts(b, "), 16777619), 4294967296))), 's', ''), lambda('a', 'd', "
	    "createObject('h', lambdaVariables('a').h, 's', concat("
	    "lambdaVariables('a').s, substring('0123456789abcdef', mod(div("
	    "lambdaVariables('a').h, lambdaVariables('d')), 16), 1))))).s");
}

void
tmpl_arm_expr_at(struct buf *b, const struct tmpl *t, bool nested)
{
	if (t->nsegs == 1 && t->segs[0].param) {
		param_expr(b, t->segs[0].param, nested);
	} else if (t->nsegs <= 1) {
		tmpl_arm_quote(b, t->nsegs ? t->segs[0].lit : "");
	} else {
		buf_puts(b, "concat(");
		for (size_t i = 0; i < t->nsegs; i++) {
			if (i)
				buf_puts(b, ", ");
			if (t->segs[i].param)
				param_expr(b, t->segs[i].param, nested);
			else
				tmpl_arm_quote(b, t->segs[i].lit);
		}
		buf_putc(b, ')');
	}
}

void
tmpl_arm_expr(struct buf *b, const struct tmpl *t)
{
	tmpl_arm_expr_at(b, t, false);
}

const char *
tmpl_arm_string(struct spec *s, const struct tmpl *t)
{
	return tmpl_arm_string_at(s, t, false);
}

const char *
tmpl_arm_string_at(struct spec *s, const struct tmpl *t, bool nested)
{
	if (tmpl_is_literal(t))
		return tmpl_arm_literal(s, tmpl_eval(s, t));

	struct buf b = {0};
	buf_putc(&b, '[');
	tmpl_arm_expr_at(&b, t, nested);
	buf_putc(&b, ']');
	const char *r = arena_strdup(&s->arena, buf_str(&b));
	buf_free(&b);
	return r;
}
