/* diag.h - the only way problems in the input are reported.
 * Format: "file:line:col: error: message [VN201]", then notes. */
#ifndef DIAG_H
#define DIAG_H

#include <stdbool.h>
#include <stdio.h>

/* A place in a spec (or hook) file. line and col count from 1; 0 = unknown. */
struct pos {
	const char *file;
	int line, col;
};

enum sev { SEV_NOTE, SEV_WARN, SEV_ERROR };

enum rule {
#define RULE(id, sev, slug, summary) id,
#include "rules.h"
#undef RULE
	NRULES
};

struct ruleinfo {
	const char *id, *slug, *summary;
	enum sev sev;
};

/* Report at pos under rule (severity from rules.h). */
void diag_report(struct pos pos, enum rule r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A note that follows the previous diagnostic ("declared here"). */
void diag_note(struct pos pos, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Errors and warnings so far. */
int diag_nerrors(void);
int diag_nwarnings(void);
/* Where diagnostics go (default stderr); NULL silences them. */
void diag_set_stream(FILE *f);
/* Output format: "text" (default, to the stream: stderr), "json" lines
 * (to the stream set, else stdout) or "sarif" (SARIF 2.1.0, to stdout at
 * diag_finish). False if unknown. */
bool diag_set_format(const char *fmt);
const struct ruleinfo *diag_rule(enum rule r);
/* Reset counters and silences (tests, several specs in one run). */
void diag_reset(void);

/* ---- what is shown: silences, -W no-RULE, --werror, SARIF ---- */

/* "VN205" -> its rule; false if no rule has that id. */
bool diag_rule_parse(const char *id, enum rule *out);
/* Drop warnings of rule r reported between from and to (same file,
 * inclusive, by line then column), with the spec's reason; SARIF keeps
 * them as suppressed results. The reason is copied. */
void diag_silence(enum rule r, struct pos from, struct pos to,
    const char *reason);
/* -W no-RULE: never show r. False (nothing changed) if r is an error. */
bool diag_disable(enum rule r);
/* --werror: warnings are reported and counted as errors. */
void diag_set_werror(bool on);
/* Ends the run's output: prints the SARIF log to stdout when that is the
 * format (an empty results list when nothing was found). False if the
 * write failed. Call once, after the last diagnostic. */
bool diag_finish(void);
/* Diagnostics are held and shown sorted by position (file, line, column,
 * rule), each with its notes: this shows those held so far (before a
 * command's own output, e.g. apply's). diag_finish and exit() call it. */
void diag_flush(void);

#endif
