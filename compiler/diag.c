/* diag.c - prints every diagnostic and counts them; nothing else prints
 * problems in the input. Output is one line per diagnostic:
 *   specs/hub.yaml:14:9: error: subnet 'app' ... [VN201]
 *   specs/hub.yaml:6:5: note: address space of 'hub' declared here
 * on stderr, or JSON lines on stdout, or one SARIF 2.1.0 log on stdout at
 * the end. Also decides what is
 * shown: silences from the spec, -W no-RULE, --werror. */
#include "diag.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unicode.h"
#include "util.h"

#ifndef VNETC_VERSION
#define VNETC_VERSION "0.0.0"
#endif

static const struct ruleinfo rules[] = {
#define RULE(id, sev, slug, summary) {#id, slug, summary, SEV_##sev},
#include "rules.h"
#undef RULE
};

/* The fix hint of each rule, for SARIF's help text (GitHub code scanning
 * shows it beside the alert); rules without one fall back to the
 * summary. */
static const char *const helps[NRULES] = {
#define HELP(id, text) [id] = text,
#include "rulehelp.h"
#undef HELP
};

static int nerrors, nwarnings;
static FILE *stream;
static bool stream_set, json, sarif;

/* What is shown (see the second half of this file). */
struct silence {
	enum rule r;
	char *file, *reason;
	int l0, c0, l1, c1;
};
static struct silence *silences;
static size_t nsilences;
static bool disabled[NRULES], werror;
/* Notes follow their diagnostic: dropped with it. */
static bool dropping;

static json_t *sarif_results, *sarif_last;
static void sarif_result(struct pos pos, enum rule r, bool error,
    const char *msg, const char *why);
static void sarif_note(struct pos pos, const char *msg);

void
diag_set_stream(FILE *f)
{
	stream = f;
	stream_set = true;
}

bool
diag_set_format(const char *fmt)
{
	if (strcmp(fmt, "text") == 0)
		json = sarif = false;
	else if (strcmp(fmt, "json") == 0)
		json = true, sarif = false;
	else if (strcmp(fmt, "sarif") == 0)
		json = false, sarif = true;
	else
		return false;
	return true;
}

void
diag_reset(void)
{
	nerrors = nwarnings = 0;
	for (size_t i = 0; i < nsilences; i++) {
		free(silences[i].file);
		free(silences[i].reason);
	}
	free(silences);
	silences = NULL;
	nsilences = 0;
	dropping = false;
}

int
diag_nerrors(void)
{
	return nerrors;
}

int
diag_nwarnings(void)
{
	return nwarnings;
}

const struct ruleinfo *
diag_rule(enum rule r)
{
	return &rules[r];
}

/* ------------------------------------------------------ showing values
 * A message quotes what the spec or a hook holds, byte for byte: a value
 * with a newline would split one diagnostic over lines, an ESC sequence
 * would reach the terminal, a right-to-left override would show other
 * text than the file holds. */

/* uni_put_shown(s, false), in arena-free memory the caller frees. */
static char *
valid_utf8(const char *s)
{
	struct buf b = {0};

	uni_put_shown(&b, s, strlen(s), false);
	return b.s ? b.s : xstrdup("");
}

static void
json_str(struct buf *out, const char *s)
{
	char *v = valid_utf8(s);

	buf_putc(out, '"');
	for (const char *q = v; *q; q++) {
		unsigned char c = (unsigned char)*q;
		if (c == '"' || c == '\\')
			buf_printf(out, "\\%c", c);
		else if (c < 0x20)
			buf_printf(out, "\\u%04x", c);
		else
			buf_putc(out, (char)c);
	}
	buf_putc(out, '"');
	free(v);
}

/* ------------------------------------------------------------ order
 * Diagnostics come in the order the checks run; they are shown sorted by
 * position (file, line, column, then rule), as a reader goes through the
 * spec. Each one waits, with its notes, until diag_flush. */
struct pending {
	char *file;
	int line, col;
	const char *rule; /* "" for a note with no diagnostic before it */
	size_t seq;
	struct buf text; /* its lines and its notes' (text, JSON) */
	json_t *res;     /* its SARIF result, notes inside */
};
static struct pending *pend;
static size_t npend, seq;

static void flush_at_exit(void);

/* A new diagnostic at pos under rule id (NULL: a note). */
static struct pending *
pend_new(struct pos pos, const char *id)
{
	static bool registered;

	/* die() exits from deep inside a phase: what was found before is
	 * still shown. */
	if (!registered)
		registered = atexit(flush_at_exit) == 0;
	pend = xrealloc(pend, (npend + 1) * sizeof(*pend));
	struct pending *p = &pend[npend++];
	*p = (struct pending){xstrdup(pos.file ? pos.file : ""), pos.line,
	    pos.col, id ? id : "", seq++, {0}, NULL};
	return p;
}

static int
pend_cmp(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (!c)
		c = (x->line > y->line) - (x->line < y->line);
	if (!c)
		c = (x->col > y->col) - (x->col < y->col);
	if (!c)
		c = strcmp(x->rule, y->rule);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* One diagnostic: a line of text ("file:line:col: error: ... [VN201]",
 * every value in it shown by uni_put_shown) or a JSON object, into out. */
static void
emit(struct buf *out, struct pos pos, const char *sev, const char *id,
    const char *fmt, va_list ap)
{
	struct buf msg = {0}, line = {0};

	buf_vprintf(&msg, fmt, ap);
	if (json) {
		buf_puts(out, "{\"file\":");
		json_str(out, pos.file ? pos.file : "");
		buf_printf(out, ",\"line\":%d,\"col\":%d,\"severity\":\"%s\"",
		    pos.line, pos.col, sev);
		if (id)
			buf_printf(out, ",\"rule\":\"%s\"", id);
		buf_puts(out, ",\"message\":");
		json_str(out, buf_str(&msg));
		buf_puts(out, "}\n");
	} else {
		if (pos.file && pos.line && pos.col)
			buf_printf(&line, "%s:%d:%d: ", pos.file, pos.line,
			    pos.col);
		else if (pos.file && pos.line) /* a Lua hook's file:line */
			buf_printf(&line, "%s:%d: ", pos.file, pos.line);
		else if (pos.file)
			buf_printf(&line, "%s: ", pos.file);
		buf_printf(&line, "%s: %s", sev, buf_str(&msg));
		if (id)
			buf_printf(&line, " [%s]", id);
		uni_put_shown(out, line.s, line.len, true);
		buf_putc(out, '\n');
	}
	buf_free(&msg);
	buf_free(&line);
}

/* Where text and JSON lines go: JSON lines are machine output, on stdout
 * as SARIF's log, so that "> d.json" and "| jq" get them; text is for
 * people, on stderr. */
static FILE *
out_stream(void)
{
	return stream_set ? stream : json ? stdout : stderr;
}

void
diag_flush(void)
{
	FILE *f = out_stream();

	if (npend) /* qsort's array may not be NULL, even empty */
		qsort(pend, npend, sizeof(*pend), pend_cmp);
	for (size_t i = 0; i < npend; i++) {
		struct pending *p = &pend[i];
		if (p->res) {
			if (!sarif_results)
				sarif_results = json_array();
			json_array_append_new(sarif_results, p->res);
		} else if (f && p->text.len) {
			fwrite(p->text.s, 1, p->text.len, f);
		}
		free(p->file);
		buf_free(&p->text);
	}
	if (f)
		fflush(f);
	free(pend);
	pend = NULL;
	npend = 0;
	sarif_last = NULL;
}

static void
flush_at_exit(void)
{
	if (!sarif)
		diag_flush();
}

static const char *silenced(enum rule r, struct pos pos);

void
diag_report(struct pos pos, enum rule r, const char *fmt, ...)
{
	va_list ap;
	const struct ruleinfo *ri = &rules[r];
	bool warn = ri->sev == SEV_WARN;
	const char *why = warn ? silenced(r, pos) : NULL;

	dropping = warn && (disabled[r] || why);
	if (dropping) {
		/* SARIF keeps a silenced result, marked suppressed with the
		 * spec's reason, so that reviewers still see it. */
		if (sarif && why) {
			struct buf msg = {0};
			va_start(ap, fmt);
			buf_vprintf(&msg, fmt, ap);
			va_end(ap);
			sarif_result(pos, r, false, buf_str(&msg), why);
			buf_free(&msg);
			dropping = false; /* its notes go with it */
		}
		return;
	}
	bool error = !warn || werror;
	if (error)
		nerrors++;
	else
		nwarnings++;
	if (stream_set && !stream && !sarif)
		return; /* silenced: counted only */
	va_start(ap, fmt);
	if (sarif) {
		struct buf msg = {0};
		buf_vprintf(&msg, fmt, ap);
		sarif_result(pos, r, error, buf_str(&msg), NULL);
		buf_free(&msg);
	} else {
		emit(&pend_new(pos, ri->id)->text, pos, error ? "error" :
		    "warning", ri->id, fmt, ap);
	}
	va_end(ap);
}

void
diag_note(struct pos pos, const char *fmt, ...)
{
	va_list ap;

	if (dropping || (stream_set && !stream && !sarif))
		return;
	va_start(ap, fmt);
	if (sarif) {
		struct buf msg = {0};
		buf_vprintf(&msg, fmt, ap);
		sarif_note(pos, buf_str(&msg));
		buf_free(&msg);
	} else {
		/* with the diagnostic it follows */
		struct pending *p = npend ? &pend[npend - 1] : pend_new(pos, NULL);
		emit(&p->text, pos, "note", NULL, fmt, ap);
	}
	va_end(ap);
}

/* ------------------------------------ silences, -W no-RULE, --werror */

bool
diag_rule_parse(const char *id, enum rule *out)
{
	for (size_t i = 0; i < NRULES; i++)
		if (strcmp(rules[i].id, id) == 0) {
			*out = (enum rule)i;
			return true;
		}
	return false;
}

void
diag_silence(enum rule r, struct pos from, struct pos to, const char *reason)
{
	silences = xrealloc(silences, (nsilences + 1) * sizeof(*silences));
	silences[nsilences++] = (struct silence){r,
	    xstrdup(from.file ? from.file : ""), xstrdup(reason),
	    from.line, from.col, to.line, to.col};
}

static bool
pos_le(int l0, int c0, int l1, int c1)
{
	return l0 < l1 || (l0 == l1 && c0 <= c1);
}

/* The reason r is silenced at pos, or NULL. */
static const char *
silenced(enum rule r, struct pos pos)
{
	for (size_t i = 0; i < nsilences; i++) {
		const struct silence *si = &silences[i];
		if (si->r == r && pos.file && strcmp(si->file, pos.file) == 0 &&
		    pos_le(si->l0, si->c0, pos.line, pos.col) &&
		    pos_le(pos.line, pos.col, si->l1, si->c1))
			return si->reason;
	}
	return NULL;
}

bool
diag_disable(enum rule r)
{
	if (rules[r].sev != SEV_WARN)
		return false;
	disabled[r] = true;
	return true;
}

void
diag_set_werror(bool on)
{
	werror = on;
}

/* ---------------------------------------------------------------- SARIF
 * One log, printed by diag_finish: tool.driver.rules holds every rule
 * with its summary and fix hint; each result points at the spec
 * (artifactLocation + region) and carries its notes as relatedLocations.
 * Strings are copied into the tree, so the model may be freed first. */

/* A file path as a URI reference: RFC 3986 unreserved bytes and '/'
 * stay, everything else is percent-encoded. */
static json_t *
sarif_uri(const char *path)
{
	struct buf b = {0};

	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	json_t *s = json_string(buf_str(&b));
	buf_free(&b);
	return s;
}

static json_t *
sarif_location(struct pos pos)
{
	json_t *loc = json_object();

	if (!pos.file)
		return loc;
	json_t *phys = json_pack("{s:{s:o}}", "artifactLocation", "uri",
	    sarif_uri(pos.file));
	if (pos.line > 0)
		json_object_set_new(phys, "region", json_pack("{s:i,s:i}",
		    "startLine", pos.line, "startColumn",
		    pos.col > 0 ? pos.col : 1));
	json_object_set_new(loc, "physicalLocation", phys);
	return loc;
}

static void
sarif_result(struct pos pos, enum rule r, bool error, const char *msg,
    const char *why)
{
	/* jansson takes UTF-8 only: a hook's name that is not UTF-8 made
	 * json_pack fail, and the result was missing from the log. */
	char *m = valid_utf8(msg), *w = why ? valid_utf8(why) : NULL;

	json_t *res = json_pack("{s:s,s:i,s:s,s:{s:s}}", "ruleId", rules[r].id,
	    "ruleIndex", (int)r, "level", error ? "error" : "warning",
	    "message", "text", m);
	json_object_set_new(res, "locations", json_pack("[o]",
	    sarif_location(pos)));
	if (w)
		json_object_set_new(res, "suppressions", json_pack("[{s:s,s:s}]",
		    "kind", "inSource", "justification", w));
	pend_new(pos, rules[r].id)->res = res;
	sarif_last = res;
	free(m);
	free(w);
}

static void
sarif_note(struct pos pos, const char *msg)
{
	if (!sarif_last)
		return;
	json_t *rel = json_object_get(sarif_last, "relatedLocations");
	if (!rel) {
		rel = json_array();
		json_object_set_new(sarif_last, "relatedLocations", rel);
	}
	json_t *loc = sarif_location(pos);
	json_object_set_new(loc, "id", json_integer(
	    (json_int_t)json_array_size(rel)));
	char *m = valid_utf8(msg);
	json_object_set_new(loc, "message", json_pack("{s:s}", "text", m));
	free(m);
	json_array_append_new(rel, loc);
}

static json_t *
sarif_rules(void)
{
	json_t *a = json_array();

	for (size_t i = 0; i < NRULES; i++) {
		const struct ruleinfo *ri = &rules[i];
		struct buf help = {0};
		/* the fix, then where the rule is told in full: a man page an
		 * installed vnetc has, and the Markdown beside it (make
		 * install puts it in share/doc/vnetc) */
		const char *fix = helps[i] ? helps[i] : ri->summary;
		buf_printf(&help, "%s%s See %s in vnetc-rules(7) (man "
		    "vnetc-rules) or docs/rules.md.", fix,
		    has_suffix(fix, ".") ? "" : ".", ri->id);
		json_array_append_new(a, json_pack("{s:s,s:s,s:{s:s},s:{s:s},"
		    "s:{s:s},s:{s:s}}", "id", ri->id, "name", ri->slug,
		    "shortDescription", "text", ri->summary,
		    "fullDescription", "text", ri->summary,
		    "help", "text", buf_str(&help),
		    "defaultConfiguration", "level",
		    ri->sev == SEV_ERROR ? "error" : "warning"));
		buf_free(&help);
	}
	return a;
}

bool
diag_finish(void)
{
	diag_flush();
	if (!sarif)
		return true;
	json_t *log = json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:s,s:o}},s:s,s:o}]}",
	    "$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/"
	    "errata01/os/schemas/sarif-schema-2.1.0.json",
	    "version", "2.1.0", "runs", "tool", "driver", "name", "vnetc",
	    "version", VNETC_VERSION, "rules", sarif_rules(),
	    "columnKind", "unicodeCodePoints",
	    "results", sarif_results ? sarif_results : json_array());
	sarif_results = sarif_last = NULL;
	bool ok = log && json_dumpf(log, stdout, JSON_INDENT(2)) == 0 &&
	    fputc('\n', stdout) != EOF && fflush(stdout) == 0 &&
	    !ferror(stdout);
	json_decref(log);
	return ok;
}
