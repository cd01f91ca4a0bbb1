/* batch.h - batched reads (batch.c): one list of a resource group's
 * resources of a type (GET .../resourceGroups/RG/providers/NS/TYPE), or
 * of a resource's children of a type (GET .../NS/TYPE/NAME/CHILD), read
 * page by page through its nextLink, instead of one GET per resource.
 * The executor (exec.c) schedules the pages; an importer can read a
 * group the same way. Pure: no I/O; the caller sends the requests.
 *
 * What a list says: a resource in it is as a GET would have answered it
 * (ARM's list operations answer the same model, docs/azure-notes.md 18);
 * a resource missing from a list read to its end does not exist, as a
 * 404 says; a list not read to its end (it failed, or the caller stopped
 * following its pages) says nothing of what it lacks.
 *
 * Ownership: a batch owns its path, items and next link; batch_free
 * frees them. */
#ifndef BATCH_H
#define BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

enum batch_state {
	B_IDLE,		/* not asked for yet */
	B_BUSY,		/* its pages are being read */
	B_DONE,		/* read to its end (complete) or stopped early */
	B_FAILED,	/* the list could not be read: read each alone */
};

struct batch {
	char *coll;		/* the list's path */
	const char *api;
	size_t nreads;		/* reads it may answer */
	enum batch_state st;
	bool complete;		/* every page read */
	json_t *items;		/* lowercase id -> body */
	char *next;		/* the next page's URL (nextLink), or NULL */
	unsigned pages;		/* pages read */
	long t_sent;		/* when its first page was asked for */
	char why[300];		/* B_FAILED: why */
};

/* The list that holds the resource at path (an ARM id), malloc'd, when
 * ARM lists its type in one request whose answer is the resource's own
 * model (batch.c's table); else NULL. */
char *batch_collection(const char *path);
/* A batch of the list coll with api (nothing read yet). */
void batch_init(struct batch *b, const char *coll, const char *api);
/* One page's answer (the body of a 200): its items kept, its nextLink
 * (if any) in b->next. false: not a list (b->why says so). */
bool batch_page(struct batch *b, const char *body);
/* Should the caller follow b->next? Not when the pages read already
 * cost as much as the single reads the list replaces (a group crowded
 * with others' resources of the type): the rule of docs/azure-notes.md
 * 18. */
bool batch_worth_next(const struct batch *b);
/* The resource at path as the list holds it (borrowed), or NULL. */
json_t *batch_find(const struct batch *b, const char *path);
void batch_free(struct batch *b);

#endif
