/* diag.c - prints every diagnostic and counts them; nothing else prints
 * problems in the input. Output is one line per diagnostic:
 *   specs/hub.yaml:14:9: error: subnet 'app' ... [VN201]
 *   specs/hub.yaml:6:5: note: address space of 'hub' declared here */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

#include "util.h"

static const struct ruleinfo rules[] = {
#define RULE(id, sev, slug, summary) {#id, slug, summary, SEV_##sev},
#include "rules.h"
#undef RULE
};

static int nerrors, nwarnings;
static FILE *stream;
static bool stream_set, json;

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
		json = false;
	else if (strcmp(fmt, "json") == 0)
		json = true;
	else
		return false;
	return true;
}

void
diag_reset(void)
{
	nerrors = nwarnings = 0;
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

static void
json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void
emit(struct pos pos, const char *sev, const char *id, const char *fmt,
    va_list ap)
{
	FILE *f = stream_set ? stream : stderr;
	struct buf msg = {0};

	if (!f)
		return;
	buf_vprintf(&msg, fmt, ap);
	if (json) {
		fputs("{\"file\":", f);
		json_str(f, pos.file ? pos.file : "");
		fprintf(f, ",\"line\":%d,\"col\":%d,\"severity\":\"%s\"",
		    pos.line, pos.col, sev);
		if (id)
			fprintf(f, ",\"rule\":\"%s\"", id);
		fputs(",\"message\":", f);
		json_str(f, buf_str(&msg));
		fputs("}\n", f);
	} else {
		if (pos.file && pos.line)
			fprintf(f, "%s:%d:%d: ", pos.file, pos.line, pos.col);
		else if (pos.file)
			fprintf(f, "%s: ", pos.file);
		fprintf(f, "%s: %s", sev, buf_str(&msg));
		if (id)
			fprintf(f, " [%s]", id);
		fputc('\n', f);
	}
	buf_free(&msg);
}

void
diag_report(struct pos pos, enum rule r, const char *fmt, ...)
{
	va_list ap;
	const struct ruleinfo *ri = &rules[r];
	const char *sev = ri->sev == SEV_ERROR ? "error" : "warning";

	if (ri->sev == SEV_ERROR)
		nerrors++;
	else
		nwarnings++;
	va_start(ap, fmt);
	emit(pos, sev, ri->id, fmt, ap);
	va_end(ap);
}

void
diag_note(struct pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(pos, "note", NULL, fmt, ap);
	va_end(ap);
}
