/* util.h - arena, growable buffer, die(), file helpers.
 * Knows nothing about vnetc. Ownership: everything from arena_* lives until
 * arena_free(); buf_* memory belongs to the buf until buf_free(). */
#ifndef UTIL_H
#define UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct arena;

/* Zeroed, aligned memory that lives until arena_free(); dies on OOM. */
void *arena_alloc(struct arena **a, size_t n);
/* Copy of s (or of its first n bytes) in the arena. */
char *arena_strdup(struct arena **a, const char *s);
char *arena_strndup(struct arena **a, const char *s, size_t n);
/* printf into the arena. */
char *arena_printf(struct arena **a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Grow an array in the arena by one element; returns the new element. */
void *arena_grow(struct arena **a, void *arr, size_t *n, size_t elemsz);
void arena_free(struct arena **a);

struct buf {
	char *s;
	size_t len, cap;
};

/* Grow b to hold extra more bytes and the NUL. */
void buf_reserve(struct buf *b, size_t extra);
/* Inline: the emitters quote tens of megabytes a character at a time. */
static inline void
buf_putc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap)
		buf_reserve(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = 0;
}
void buf_puts(struct buf *b, const char *s);
void buf_putn(struct buf *b, const char *s, size_t n);
/* Make room for at least want more bytes (and the NUL) at b->s + b->len;
 * returns how many there are, for a writer that fills them itself. */
size_t buf_room(struct buf *b, size_t want);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Always NUL-terminated, even when empty. */
const char *buf_str(struct buf *b);
void buf_free(struct buf *b);

/* Print "vnetc: msg" (+ strerror(errno) if fmt ends in ':') and exit(2). */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* printf into a new malloc'd string; dies on OOM. */
char *xfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Milliseconds of the monotonic clock, for timeouts and durations. */
long now_ms(void);
/* Sleep ms milliseconds, through signals. */
void sleep_ms(long ms);

/* ASCII lower case: ARM's names and regions compare without case, and the
 * locale must not change what matches. */
static inline int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}
/* ASCII case-insensitive equality (ARM names and types are case-insensitive). */
bool streqi(const char *a, const char *b);
/* id is a resource id of type "NS/TYPE" (ARM's comparison: no case). */
bool arm_id_is(const char *id, const char *type);
bool has_suffix(const char *s, const char *suffix);
/* Levenshtein distance, capped at 255 (for "did you mean"). */
int edit_distance(const char *a, const char *b);
/* A "did you mean" is worth saying: near, and not most of the word. */
bool near_miss(const char *typed, int dist);

/* The command line's conventions, for every command (main.c, cidrcmd.c),
 * as getopt_long and most CLIs have them: "--name=VALUE" is "--name VALUE"
 * and "-xVALUE" is "-x VALUE" for a letter x of shorts (the short options
 * that take a value). Returns the value glued to a, or NULL; *name is the
 * option alone (a itself when nothing is glued, else valid until the next
 * call). */
const char *arg_split(const char *a, const char *shorts, const char **name);
/* The option word of a usage text (a word that starts with '-') nearest
 * to a, with its distance in *dist; NULL when the text has none. Valid
 * until the next call. The help text is the list, so that the two cannot
 * disagree. */
const char *usage_nearest(const char *usage, const char *a, int *dist);

/* Read a whole file; NULL and errno set on failure. *len excludes the NUL
 * that is always appended. */
char *file_read(const char *path, size_t *len);
/* The same for what is left of an open stream (stdin), not closed. */
char *stream_read(FILE *f, size_t *len);
/* Write data to path atomically: temporary file in the same directory,
 * fsync, rename. Returns 0, or -1 with errno set (no partial file left). */
int file_write_atomic(const char *path, const char *data, size_t len, int mode);
/* Several files replaced together: file_stage writes each to a temporary
 * file beside its path (0, or -1 with errno set); then file_commit renames
 * them all (NULL, or the path that failed with errno set; the rest are
 * removed), or file_abort removes them all. A build that fails half way
 * (a full disk) so changes no output at all. Both empty the set. */
struct fileset {
	char **tmp, **path;
	size_t n;
};
int file_stage(struct fileset *fs, const char *path, const char *data,
    size_t len, int mode);
/* The same, in pieces, for an output too large to hold whole: open a
 * temporary file beside path, registered in fs (-1, errno set), write
 * to it, close it with its mode (fsync'd). After a failure the caller
 * still calls file_abort. */
int file_stage_open(struct fileset *fs, const char *path);
int file_stage_write(int fd, const char *data, size_t len);
int file_stage_close(int fd, int mode);
/* Where an emitter hands its text as it goes (a staged file), so that a
 * large output is never whole in memory. write returns 0, or -1 with
 * errno set; the first failure is kept in err and later writes are
 * skipped. */
struct sink {
	int (*write)(void *ctx, const char *data, size_t len);
	void *ctx;
	int err;
};
/* Hand b's text to k and empty b; with k NULL, b keeps it. 0, or -1 once
 * a write failed. */
int sink_flush(struct sink *k, struct buf *b);
const char *file_commit(struct fileset *fs);
void file_abort(struct fileset *fs);
/* mkdir -p: path and the directories above it that are missing, each
 * with mode 0777 less the umask. 0 with *made the number created (the
 * deepest ones; 0 when path was a directory), or -1 with errno set
 * (ENOTDIR when path or a parent is not a directory), having removed
 * what it created. */
int dir_make(const char *path, size_t *made);
/* The directory part of path ("." when it has none), malloc'd. */
char *dir_of(const char *path);
/* Remove the n deepest directories of path (what dir_make made), as far
 * as they are empty. */
void dir_unmake(const char *path, size_t n);
/* Directory holding the running executable (for templates/ and lua/). */
const char *exe_dir(void);
/* Find a data file (e.g. "templates/prologue.sh", "lua/caf.lua"): in
 * $VNETC_DATADIR, then beside the executable in the source tree
 * (build/vnetc, build/san/vnetc), then the installed share/vnetc/.
 * Returns a malloc'd path, or NULL if none exists. */
char *data_path(const char *rel);
/* The same for a file of the documentation ("docs/rules.md"): the source
 * tree's, else the installed share/doc/vnetc/. */
char *doc_path(const char *rel);

#endif
