/* yamlmsg.c - libyaml's syntax errors in plain words, for the mistakes a
 * person makes by hand: a tab in the indentation, a key indented deeper
 * or less deep than the keys beside it, ${param} unquoted inside a flow
 * collection ({ ... } or [ ... ]: docs/spec.md). libyaml names the token
 * it did not expect, not the mistake, and for a key indented too deep it
 * blames the key after it. Reads the spec's text only. */
#include "yamlmsg.h"

#include <stdlib.h>
#include <string.h>

/* One line of the text: start, length (no newline), indentation. */
struct line {
	const char *s;
	size_t len;
	int indent;
	bool blank; /* empty, spaces or a comment */
};

/* The spec's text and where each line starts (so that looking lines up
 * costs nothing: a large spec has 100,000 lines). */
struct text {
	const char *s;
	size_t len, *start, nlines;
};

/* Line n (from 1) of t, false past the end. */
static bool
line_at(const struct text *t, int n, struct line *l)
{
	if (n < 1 || (size_t)n > t->nlines)
		return false;
	const char *p = t->s + t->start[n - 1], *end = t->s + t->len;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	l->s = p;
	l->len = (size_t)((nl ? nl : end) - p);
	if (l->len && p[l->len - 1] == '\r')
		l->len--;
	l->indent = 0;
	while ((size_t)l->indent < l->len && p[l->indent] == ' ')
		l->indent++;
	l->blank = (size_t)l->indent == l->len || p[l->indent] == '#';
	return true;
}

/* The byte offset of column col (from 1, in characters: libyaml's) in l. */
static size_t
col_byte(const struct line *l, int col)
{
	size_t b = 0;

	for (int c = 1; c < col && b < l->len; c++)
		do
			b++;
		while (b < l->len && ((unsigned char)l->s[b] & 0xC0) == 0x80);
	return b;
}

/* Where a key starts on l: after the indentation and a "- " that opens a
 * sequence item ("- name: a" is a mapping whose keys line up with name). */
static int
key_col(const struct line *l)
{
	int c = l->indent;

	while ((size_t)c + 1 < l->len && l->s[c] == '-' && l->s[c + 1] == ' ') {
		c += 2;
		while ((size_t)c < l->len && l->s[c] == ' ')
			c++;
	}
	return c;
}

/* The key of l: the text from key_col to ": " (or to the end, at most 40
 * bytes; the message shows it escaped). */
static void
key_of(const struct line *l, struct buf *out)
{
	size_t c = (size_t)key_col(l), e = c;

	while (e < l->len && !(l->s[e] == ':' && (e + 1 == l->len ||
	    l->s[e + 1] == ' ')))
		e++;
	buf_putn(out, l->s + c, e - c > 40 ? 40 : e - c);
}

/* The nearest line above n that is not blank; 0 if none. */
static int
prev_line(const struct text *t, int n, struct line *l)
{
	while (--n >= 1)
		if (line_at(t, n, l) && !l->blank)
			return n;
	return 0;
}

/* "indent it by N spaces", or "do not indent it" */
static void
indent_by(struct buf *b, const char *what, int n)
{
	if (n)
		buf_printf(b, "indent %s by %d space%s", what, n, n == 1 ? "" :
		    "s");
	else
		buf_printf(b, "do not indent %s", what);
}

/* An item of a block sequence that holds a scalar ("- 10.0.0.0/16"), no
 * mapping. */
static bool
scalar_item(const struct line *l)
{
	return key_col(l) > l->indent && !memchr(l->s, ':', l->len);
}

/* The mistake is the key of l, line n: there, with its key in *k and
 * that of the line above it, p, in *pk. */
static void
at_key(struct yaml_why *w, int n, const struct line *l, const struct line *p,
    struct buf *k, struct buf *pk)
{
	key_of(l, k);
	key_of(p, pk);
	w->line = n;
	w->col = l->indent + 1;
}

/* A key on line n indented deeper than the key above it, whose value is
 * complete (a scalar, a flow collection): libyaml says "mapping values
 * are not allowed in this context" or "did not find expected key". */
static bool
too_deep(const struct text *t, int n, struct yaml_why *w)
{
	struct line l, p;
	int pn = prev_line(t, n, &p);

	if (!line_at(t, n, &l) || !pn || (l.indent <= key_col(&p) &&
	    !scalar_item(&p)))
		return false;
	struct buf k = {0}, pk = {0};
	at_key(w, n, &l, &p, &k, &pk);
	if (scalar_item(&p))
		buf_printf(&w->msg, "'%s' is indented under the list item "
		    "'%s' (line %d), which holds no mapping; the keys of one "
		    "mapping line up", buf_str(&k), buf_str(&pk), pn);
	else
		buf_printf(&w->msg, "'%s' is indented deeper than '%s' on line "
		    "%d; the keys of one mapping line up: ", buf_str(&k),
		    buf_str(&pk), pn);
	if (!scalar_item(&p))
		indent_by(&w->msg, "it", key_col(&p));
	buf_free(&k);
	buf_free(&pk);
	return true;
}

/* Keys of one mapping at two indentations: libyaml blames line n ("did not
 * find expected key") even when the keys above it are the ones indented
 * too deep. The file's own step (the indentation of its first indented
 * line) tells which. */
static bool
misaligned(const struct text *t, int n, struct yaml_why *w)
{
	struct line l, x, f;
	int xn, fn = 0, p;

	if (!line_at(t, n, &l))
		return false;
	/* X: the nearest line above that is not deeper than line n, the
	 * parent of both (or, a list between, a sibling); F: the first line
	 * between them of the least indentation, a key of the other group */
	for (xn = n - 1; xn >= 1; xn--) {
		if (!line_at(t, xn, &x) || x.blank)
			continue;
		if (key_col(&x) <= l.indent)
			break;
		if (!fn || key_col(&x) <= key_col(&f))
			fn = xn, f = x;
	}
	if (xn < 1)
		return false;
	if (!fn || f.s[f.indent] == '-')
		return too_deep(t, n, w);
	p = key_col(&x);
	int k = key_col(&f), step = 0;
	for (int i = 1; !step; i++) {
		struct line y;
		if (!line_at(t, i, &y))
			break;
		if (!y.blank && y.indent > 0)
			step = y.indent;
	}
	struct buf lk = {0}, fk = {0}, xk = {0};
	key_of(&l, &lk);
	key_of(&f, &fk);
	key_of(&x, &xk);
	/* the keys above are the odd ones when line n is one step in */
	bool above = l.indent - p == step && k - p != step;
	w->line = above ? fn : n;
	w->col = (above ? k : l.indent) + 1;
	buf_printf(&w->msg, "'%s' is indented %d more than '%s' (line %d), "
	    "and '%s' (line %d) %d: the keys of one mapping line up; ",
	    above ? buf_str(&fk) : buf_str(&lk), (above ? k : l.indent) - p,
	    buf_str(&xk), xn, above ? buf_str(&lk) : buf_str(&fk),
	    above ? n : fn, (above ? l.indent : k) - p);
	indent_by(&w->msg, "it", above ? l.indent : k);
	buf_free(&lk);
	buf_free(&fk);
	buf_free(&xk);
	return true;
}

/* A key on line n that lines up with the '-' of the list item above
 * ("- name: a" then "prefix: ..."), not with the item's keys: libyaml
 * expected another '-'. */
static bool
item_key(const struct text *t, int n, struct yaml_why *w)
{
	struct line l, p;
	int pn = prev_line(t, n, &p);

	if (!line_at(t, n, &l) || !pn || p.indent != l.indent ||
	    key_col(&p) <= l.indent || scalar_item(&p))
		return false;
	struct buf k = {0}, pk = {0};
	at_key(w, n, &l, &p, &k, &pk);
	buf_printf(&w->msg, "'%s' lines up with the '-' of the list item on "
	    "line %d, not with its key '%s': ", buf_str(&k), pn, buf_str(&pk));
	indent_by(&w->msg, "it", key_col(&p));
	buf_free(&k);
	buf_free(&pk);
	return true;
}

/* ${...} in a plain value inside { ... } or [ ... ]: the '{' ends the
 * value for YAML. The value is quoted in the fix. */
static bool
flow_param(const struct line *l, int col, struct yaml_why *w, int n)
{
	size_t m = col_byte(l, col);
	const char *d = NULL;

	for (size_t i = 0; i + 1 < l->len && i <= m; i++)
		if (l->s[i] == '$' && l->s[i + 1] == '{')
			d = l->s + i; /* the last one before the mark */
	if (!d)
		return false;
	const char *b = d, *e, *end = l->s + l->len;
	while (b > l->s && !strchr(" ,{[", b[-1]))
		b--;
	int depth = 0; /* inside ${...} */
	for (e = d; e < end; e++) {
		if (e[0] == '$' && e + 1 < end && e[1] == '{')
			depth++, e++;
		else if (*e == '}' && depth)
			depth--;
		else if (!depth && strchr(" ,]}", *e))
			break;
	}
	w->line = n;
	w->col = 1;
	for (const char *q = l->s; q < b; q++)
		w->col += ((unsigned char)*q & 0xC0) != 0x80;
	buf_puts(&w->msg, "'${' in a value that is not quoted, inside { ... } or "
	    "[ ... ]: braces are YAML syntax there; quote the value: \"");
	buf_putn(&w->msg, b, (size_t)(e - b));
	buf_puts(&w->msg, "\"");
	return true;
}

/* The explanation of one of the mistakes above, or false. */
static bool
explain(const struct text *t, const char *context, const char *problem,
    int line, int col, struct yaml_why *w)
{
	struct line l;

	if (!problem || !line_at(t, line, &l))
		return false;
	size_t b = col_byte(&l, col);
	if (strstr(problem, "cannot start any token") && b < l.len &&
	    l.s[b] == '\t') {
		w->line = line;
		w->col = col;
		buf_puts(&w->msg, "a tab: tabs cannot indent YAML; use spaces");
		return true;
	}
	if (context && strstr(context, "flow") &&
	    strstr(problem, "did not find expected"))
		return flow_param(&l, col, w, line);
	if (strstr(problem, "mapping values are not allowed"))
		return too_deep(t, line, w);
	if (context && strstr(context, "block mapping") &&
	    strstr(problem, "did not find expected key"))
		return misaligned(t, line, w);
	if (context && strstr(context, "block collection") &&
	    strstr(problem, "'-' indicator"))
		return item_key(t, line, w);
	return false;
}

bool
yaml_explain(const char *text, size_t len, const char *context,
    const char *problem, int line, int col, struct yaml_why *w)
{
	struct text t = {text, len, NULL, 1};

	for (size_t i = 0; i < len; i++)
		t.nlines += text[i] == '\n';
	t.start = xmalloc(t.nlines * sizeof(*t.start));
	t.start[0] = 0;
	for (size_t i = 0, k = 1; i < len; i++)
		if (text[i] == '\n')
			t.start[k++] = i + 1;
	bool ok = explain(&t, context, problem, line, col, w);
	free(t.start);
	return ok;
}
