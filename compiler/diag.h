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
/* Output format: "text" (default) or "json" lines. Returns false if unknown. */
bool diag_set_format(const char *fmt);
const struct ruleinfo *diag_rule(enum rule r);
/* Reset counters (tests, several specs in one run). */
void diag_reset(void);

#endif
