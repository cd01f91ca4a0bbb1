/* yamlmsg.h - libyaml's syntax errors in plain words (yamlmsg.c). */
#ifndef YAMLMSG_H
#define YAMLMSG_H

#include <stdbool.h>

#include "util.h"

/* What a syntax error is, said for a person, and where (line and column
 * from 1; the line of the mistake, which may be above libyaml's). */
struct yaml_why {
	int line, col;
	struct buf msg;
};

/* libyaml's context and problem at line:col of text (from 1): true with
 * *w set (w->msg zeroed before, freed by the caller) when the mistake is
 * one yamlmsg.c knows; false, w untouched, otherwise. */
bool yaml_explain(const char *text, size_t len, const char *context,
    const char *problem, int line, int col, struct yaml_why *w);

#endif
