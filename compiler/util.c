/* util.c - arena, growable buffer, die(), atomic file writes.
 * Nothing here knows about Azure or the spec. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { ARENA_BLOCK = 64 * 1024 };

struct arena {
	struct arena *next;
	size_t used, cap;
	max_align_t data[];
};

void
die(const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(fmt);
	int err = errno;

	fputs("vnetc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(err));
	fputc('\n', stderr);
	exit(2);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory:");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory:");
	return p;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

char *
xfmt(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return b.s ? b.s : xstrdup("");
}

long
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void
sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};

	while (ms > 0 && nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

/* n bytes aligned to al (a power of two), zeroed. An allocation larger
 * than a quarter block gets a block of its own, linked behind the head,
 * so that the head's free space is not given up for it. Alignment is
 * that of a pointer or a 64-bit integer, the most anything in an arena
 * needs, and 1 for strings: max_align_t's 16 made the node tree of a
 * large spec a fifth larger (issue 6). */
static void *
arena_take(struct arena **a, size_t n, size_t al)
{
	struct arena *b = *a;
	size_t off = b ? (b->used + al - 1) & ~(al - 1) : 0;

	if (!b || off + n > b->cap) {
		if (n > ARENA_BLOCK / 4) {
			struct arena *big = xmalloc(sizeof(*big) + n);
			big->used = big->cap = n;
			big->next = b ? b->next : NULL;
			if (b)
				b->next = big;
			else
				*a = big;
			return memset(big->data, 0, n);
		}
		b = xmalloc(sizeof(*b) + ARENA_BLOCK);
		b->next = *a;
		b->cap = ARENA_BLOCK;
		*a = b;
		off = 0;
	}
	void *p = (char *)b->data + off;
	b->used = off + n;
	return memset(p, 0, n);
}

void *
arena_alloc(struct arena **a, size_t n)
{
	return arena_take(a, n, 8);
}

char *
arena_strndup(struct arena **a, const char *s, size_t n)
{
	char *p = arena_take(a, n + 1, 1);

	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *
arena_strdup(struct arena **a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena **a, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *p = arena_strndup(a, buf_str(&b), b.len);
	buf_free(&b);
	return p;
}

/* Arrays in the arena double in place: the old block is abandoned, which
 * is fine because nothing is freed before the run ends. Capacity is the
 * next power of two above *n, so it need not be stored. */
void *
arena_grow(struct arena **a, void *arr, size_t *n, size_t elemsz)
{
	size_t cnt = *n;

	if (cnt == 0 || (cnt & (cnt - 1)) == 0) {
		size_t cap = cnt ? cnt * 2 : 1;
		void *p = arena_alloc(a, cap * elemsz);

		if (cnt)
			memcpy(p, arr, cnt * elemsz);
		arr = p;
	}
	(*n)++;
	return arr;
}

void
arena_free(struct arena **a)
{
	while (*a) {
		struct arena *next = (*a)->next;

		free(*a);
		*a = next;
	}
}

void
buf_reserve(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

size_t
buf_room(struct buf *b, size_t want)
{
	buf_reserve(b, want);
	return b->cap - b->len - 1;
}

void
buf_putn(struct buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_putn(b, s, strlen(s));
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;

	/* The emitters print tens of megabytes, much of it constant text:
	 * no conversion, no vsnprintf; otherwise one vsnprintf into the
	 * room there is, a second only when it did not fit. */
	if (!strchr(fmt, '%')) {
		buf_puts(b, fmt);
		return;
	}
	buf_reserve(b, 64);
	va_copy(ap2, ap);
	int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		die("vsnprintf:");
	if ((size_t)n >= b->cap - b->len) {
		buf_reserve(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *
buf_str(struct buf *b)
{
	if (!b->s)
		buf_reserve(b, 0), b->s[0] = 0;
	return b->s;
}

void
buf_free(struct buf *b)
{
	free(b->s);
	*b = (struct buf){0};
}

bool
streqi(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (ascii_lower((unsigned char)*a) !=
		    ascii_lower((unsigned char)*b))
			return false;
	return *a == *b;
}

/* Is id /subscriptions/S/resourceGroups/G/providers/NS/TYPE/NAME with
 * NS/TYPE type, every segment non-empty, the fixed words and the type
 * compared without case (as ARM compares them)? */
bool
arm_id_is(const char *id, const char *type)
{
	static const char *const fixed[] = {"", "subscriptions", NULL,
	    "resourceGroups", NULL, "providers"};
	const char *p = id;

	for (size_t i = 0; i < NELEM(fixed); i++) {
		size_t l = strcspn(p, "/");
		if (fixed[i] ? l != strlen(fixed[i]) ||
		    strncasecmp(p, fixed[i], l) != 0 : l == 0)
			return false;
		if (p[l] != '/')
			return false;
		p += l + 1;
	}
	size_t t = strlen(type);
	return strncasecmp(p, type, t) == 0 && p[t] == '/' && p[t + 1] &&
	    !strchr(p + t + 1, '/');
}

bool
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int
edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	int row[64];

	if (n >= NELEM(row) || m >= NELEM(row))
		return 255;
	for (size_t j = 0; j <= m; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= n; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= m; j++) {
			int up = row[j];
			int cost = ascii_lower((unsigned char)a[i - 1]) !=
			    ascii_lower((unsigned char)b[j - 1]);
			int v = diag + cost;
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
		}
	}
	return row[m] > 255 ? 255 : row[m];
}

bool
near_miss(const char *typed, int dist)
{
	return dist > 0 && dist <= 2 && (size_t)dist * 2 < strlen(typed);
}

const char *
arg_split(const char *a, const char *shorts, const char **name)
{
	static struct buf opt;
	const char *eq = a[0] == '-' && a[1] == '-' ? strchr(a, '=') : NULL;
	size_t n;

	*name = a;
	if (eq)
		n = (size_t)(eq - a);
	else if (a[0] == '-' && a[1] && a[1] != '-' && strchr(shorts, a[1]) &&
	    a[2])
		n = 2;
	else
		return NULL;
	opt.len = 0;
	buf_putn(&opt, a, n);
	*name = buf_str(&opt);
	return a + n + (eq != NULL);
}

const char *
usage_nearest(const char *usage, const char *a, int *dist)
{
	static struct buf best;
	struct buf w = {0};

	*dist = 255;
	best.len = 0;
	for (const char *p = usage; *p;) {
		size_t n = strcspn(p, " \t\n[]|,=");
		/* a word that starts with '-' and a letter: "-o", "--format" */
		if (n >= 2 && p[0] == '-' && (p == usage ||
		    strchr(" \t\n[|,", p[-1])) && (isalpha((unsigned char)p[1]) ||
		    (p[1] == '-' && isalpha((unsigned char)p[2])))) {
			w.len = 0;
			buf_putn(&w, p, n);
			int d = edit_distance(a, buf_str(&w));
			if (d < *dist) {
				*dist = d;
				best.len = 0;
				buf_putn(&best, p, n);
			}
		}
		p += n ? n : 1;
	}
	buf_free(&w);
	return best.len ? buf_str(&best) : NULL;
}

char *
file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	char *text = stream_read(f, len);
	int err = errno;
	fclose(f);
	errno = err;
	return text;
}

char *
stream_read(FILE *f, size_t *len)
{
	struct buf b = {0};
	char tmp[65536];
	size_t n;

	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_putn(&b, tmp, n);
	if (ferror(f)) {
		int err = errno;
		buf_free(&b);
		errno = err ? err : EIO;
		return NULL;
	}
	buf_str(&b);
	*len = b.len;
	return b.s;
}

int
file_write_atomic(const char *path, const char *data, size_t len, int mode)
{
	struct fileset fs = {0};

	if (file_stage(&fs, path, data, len, mode) < 0) {
		int err = errno;
		file_abort(&fs);
		errno = err;
		return -1;
	}
	return file_commit(&fs) ? -1 : 0;
}

int
file_stage(struct fileset *fs, const char *path, const char *data,
    size_t len, int mode)
{
	int fd = file_stage_open(fs, path);

	if (fd < 0)
		return -1;
	if (file_stage_write(fd, data, len) < 0) {
		int err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return file_stage_close(fd, mode);
}

int
file_stage_open(struct fileset *fs, const char *path)
{
	struct buf tmp = {0};
	struct stat st;
	int fd;

	/* A path that names a device, a pipe or a socket (-o /dev/stdout,
	 * a FIFO, a symlink to /dev/null) is written in place: renaming a
	 * temporary file over it would replace the device's name with a
	 * regular file (as root, /dev/stdout itself), and there is nothing
	 * half-written to protect. tmp NULL marks it for commit and abort. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode)) {
		if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
			return -1;
	} else {
		buf_printf(&tmp, "%s.tmp.XXXXXX", path);
		if ((fd = mkstemp(tmp.s)) < 0) {
			int err = errno;
			buf_free(&tmp);
			errno = err;
			return -1;
		}
	}
	fs->tmp = xrealloc(fs->tmp, (fs->n + 1) * sizeof(*fs->tmp));
	fs->path = xrealloc(fs->path, (fs->n + 1) * sizeof(*fs->path));
	fs->tmp[fs->n] = tmp.s;
	fs->path[fs->n++] = xstrdup(path);
	return fd;
}

int
file_stage_write(int fd, const char *data, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

int
file_stage_close(int fd, int mode)
{
	/* mkstemp creates 0600; outputs are meant to be read (and the
	 * script run) by others, like any compiler output. */
	struct stat st;

	if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode))
		return close(fd);  /* in place: neither its mode nor fsync */
	if (fchmod(fd, (mode_t)mode) < 0 || fsync(fd) < 0) {
		int err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return close(fd);
}

int
sink_flush(struct sink *k, struct buf *b)
{
	if (!k || !b->len)
		return 0;
	if (!k->err && k->write(k->ctx, b->s, b->len) < 0)
		k->err = errno ? errno : EIO;
	b->len = 0;
	return k->err ? -1 : 0;
}

static void
fileset_free(struct fileset *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->tmp[i]);
		free(fs->path[i]);
	}
	free(fs->tmp);
	free(fs->path);
	*fs = (struct fileset){0};
}

const char *
file_commit(struct fileset *fs)
{
	static char failed[4096];
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (fs->tmp[i] && rename(fs->tmp[i], fs->path[i]) < 0)
			break;
	if (i == fs->n) {
		fileset_free(fs);
		return NULL;
	}
	int err = errno;
	snprintf(failed, sizeof(failed), "%s", fs->path[i]);
	for (; i < fs->n; i++)
		if (fs->tmp[i])
			unlink(fs->tmp[i]);
	fileset_free(fs);
	errno = err;
	return failed;
}

void
file_abort(struct fileset *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		if (fs->tmp[i])
			unlink(fs->tmp[i]);
	fileset_free(fs);
}

/* The first len bytes of p less their last component; "" when none is
 * left. */
static size_t
dir_up(const char *p, size_t len)
{
	while (len > 0 && p[len - 1] == '/')
		len--;
	while (len > 0 && p[len - 1] != '/')
		len--;
	while (len > 1 && p[len - 1] == '/')
		len--;
	return len;
}

/* rmdir the n deepest directories of the first len bytes of p. */
static void
unmake(char *p, size_t len, size_t n)
{
	for (; n > 0 && len > 0; n--) {
		char c = p[len];
		p[len] = '\0';
		rmdir(p);
		p[len] = c;
		len = dir_up(p, len);
	}
}

char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	char *d = xmalloc((size_t)(slash - path) + 1);
	memcpy(d, path, (size_t)(slash - path));
	d[slash - path] = 0;
	return d;
}

int
dir_make(const char *path, size_t *made)
{
	char *p = xstrdup(path);
	size_t len = strlen(p);
	struct stat st;
	int rc = 0;

	*made = 0;
	/* Each prefix that ends a component, shortest first: a/, a/b/, ... */
	for (size_t i = 1; i <= len && rc == 0; i++) {
		if (i < len && (p[i] != '/' || p[i - 1] == '/'))
			continue;
		char c = p[i];
		p[i] = '\0';
		if (mkdir(p, 0777) == 0) {
			(*made)++;
		} else {
			int e = errno;
			if (stat(p, &st) < 0) {
				errno = e;
				rc = -1;
			} else if (!S_ISDIR(st.st_mode)) {
				errno = ENOTDIR;
				rc = -1;
			}
		}
		p[i] = c;
		if (rc < 0) {
			int e = errno;
			unmake(p, dir_up(p, i), *made);
			*made = 0;
			errno = e;
		}
	}
	free(p);
	return rc;
}

void
dir_unmake(const char *path, size_t n)
{
	char *p = xstrdup(path);
	size_t len = strlen(p);

	while (len > 1 && p[len - 1] == '/')
		len--;
	unmake(p, len, n);
	free(p);
}

const char *
exe_dir(void)
{
	static char dir[PATH_MAX];
	ssize_t n;

	if (dir[0])
		return dir;
	n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	if (n <= 0) {
		strcpy(dir, ".");
		return dir;
	}
	dir[n] = 0;
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = 0;
	return dir;
}

/* rel beside the executable: in the source tree (build/vnetc,
 * build/san/vnetc), then under the installed share/ directory. */
static char *
beside_exe(const char *rel, const char *installed, struct buf *b)
{
	const char *const up[] = {"/..", "/../.."};

	for (size_t i = 0; i <= NELEM(up); i++) {
		b->len = 0;
		if (i < NELEM(up))
			buf_printf(b, "%s%s/%s", exe_dir(), up[i], rel);
		else
			buf_printf(b, "%s/../%s/%s", exe_dir(), installed, rel);
		if (access(b->s, R_OK) == 0)
			return b->s;
	}
	buf_free(b);
	return NULL;
}

char *
data_path(const char *rel)
{
	const char *env = getenv("VNETC_DATADIR");
	struct buf b = {0};

	if (env && *env) {
		buf_printf(&b, "%s/%s", env, rel);
		if (access(b.s, R_OK) == 0)
			return b.s;
	}
	return beside_exe(rel, "share/vnetc", &b);
}

char *
doc_path(const char *rel)
{
	struct buf b = {0};
	char *p = beside_exe(rel, "share/doc/vnetc", &b);

	if (!p)
		return NULL;
	/* "/usr/bin/../share/doc/vnetc/..." shown as a person writes it:
	 * each "DIR/.." goes (exe_dir() has no symbolic links left) */
	char *q;
	while ((q = strstr(p, "/../")) && q > p) {
		char *d = q - 1;
		while (d > p && *d != '/')
			d--;
		memmove(d, q + 3, strlen(q + 3) + 1);
	}
	return p;
}
