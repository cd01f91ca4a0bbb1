/* journal.h - the executor's journal, DIR/NAME.journal (journal.c): one
 * JSON line per event, fsync'd, so that a run killed half way leaves
 * what the next one needs to resume. Apart from the operations: it knows
 * records and files, not what an operation does.
 *
 * Ownership: journal_put steals rec; journal_close frees the rest. */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stdbool.h>

#include <jansson.h>

struct journal {
	int fd;          /* -1: closed, or off after a failed write */
	char *path;
	json_t *last;    /* id (lower case) -> its last record */
};

/* Open DIR/BASE.journal (DIR made if needed) for appending, locked
 * against a second vnetc on it, and read each resource's last record.
 * Returns 0, or 2 with the reason printed. */
int journal_open(struct journal *j, const char *dir, const char *base);
/* Append rec (stolen) with a time stamp; a failed write turns the
 * journal off, with a message. */
void journal_put(struct journal *j, json_t *rec);
/* The operation URL of a write to id that ARM accepted and the last run
 * never saw end, or NULL; *location: a Location URL, not
 * Azure-AsyncOperation. */
const char *journal_pending(const struct journal *j, const char *id,
    bool *location);
/* Close and free; a zeroed or closed journal is fine. */
void journal_close(struct journal *j);

#endif
