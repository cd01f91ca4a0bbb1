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
	int lockfd;      /* the lock file, locked; -1: not held */
	char *path;
	json_t *last;    /* id (lower case) -> its last record */
};

/* One run at a time per journal: lock DIR/BASE.journal (DIR made if
 * needed) through the lock file DIR/BASE.journal.lock, which then names
 * the holder (cmd, pid, host, start) for the runs it refuses. Waits up to
 * timeout_s seconds for another run to let go (0: not at all). Returns
 * 0; 2 (printed) when the lock file cannot be made; 3 (printed, naming
 * the holder) when another run holds it. */
int journal_lock(struct journal *j, const char *dir, const char *base,
    const char *cmd, long timeout_s);
/* Open the journal journal_lock locked for appending, and read each
 * resource's last record. Returns 0, or 2 with the reason printed. */
int journal_open(struct journal *j);
/* The records of DIR/BASE.journal, read only, for a plan or a dry run
 * (a locked journal's path kept); then only journal_created,
 * journal_created_under, journal_pending and journal_close. */
void journal_peek(struct journal *j, const char *dir, const char *base);
/* Append rec (stolen) with a time stamp; a failed write turns the
 * journal off, with a message. */
void journal_put(struct journal *j, json_t *rec);
/* The operation URL of a write to id that ARM accepted and the last run
 * never saw end, or NULL; *location: a Location URL, not
 * Azure-AsyncOperation. */
const char *journal_pending(const struct journal *j, const char *id,
    bool *location);
/* Whether the journal says vnetc created id: its last record is marked
 * "created" (exec.c marks every record of a resource it created). */
bool journal_created(const struct journal *j, const char *id);
/* The ids whose last record says vnetc created them and which contain
 * part (case ignored, as ARM does), in the journal's order: the
 * first max into ids (valid while j is open). Returns how many. */
size_t journal_created_under(const struct journal *j, const char *part,
    const char **ids, size_t max);
/* Whether the journal's last record of id is vnetc's delete of it: a
 * resource of that name made since is not vnetc's. */
bool journal_deleted(const struct journal *j, const char *id);
/* Close, unlock and free; a closed journal (fds -1) is fine. */
void journal_close(struct journal *j);

#endif
