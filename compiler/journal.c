/* journal.c - the executor's journal (issue 5 item 5): records in, one
 * JSON line each, fsync'd; on open, each resource's last record out, for
 * the resume of an operation a killed run left running. Locked against a
 * second vnetc; compacted to its last runs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "journal.h"
#include "util.h"

static void
iso_now(char *buf, size_t n)
{
	struct timespec t;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &t);
	gmtime_r(&t.tv_sec, &tm);
	size_t k = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + k, n - k, ".%03dZ", (int)(t.tv_nsec / 1000000));
}

static char *
lower(const char *s)
{
	char *d = xstrdup(s);

	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p |= 32;
	return d;
}

/* Append one record and fsync it: after kill -9 the journal holds every
 * operation that ended, and every write ARM accepted with the URL of its
 * operation, so the next run can wait for it instead of writing over it. */
void
journal_put(struct journal *j, json_t *rec)
{
	char t[40];

	if (j->fd < 0) {
		json_decref(rec);
		return;
	}
	iso_now(t, sizeof(t));
	json_t *line = json_pack("{s:s}", "t", t);
	json_object_update(line, rec);
	json_decref(rec);
	/* What vnetc created stays its own in every later record of it (an
	 * operation accepted, a later step of the same resource: an app's
	 * public access after its creation) until a delete: destroy deletes
	 * only that (journal_created). The record is then the id's last, as
	 * the next run will read it. */
	const char *id = json_string_value(json_object_get(line, "id"));
	if (id && j->last) {
		char *k = lower(id);
		const char *res = json_string_value(json_object_get(line,
		    "result"));
		if (json_is_true(json_object_get(json_object_get(j->last, k),
		    "created")) && !(res && (!strcmp(res, "deleted") ||
		    !strcmp(res, "absent"))))
			json_object_set_new(line, "created", json_true());
		json_object_set(j->last, k, line);
		free(k);
	}
	char *s = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6));
	json_decref(line);
	if (!s)
		die("out of memory:");
	size_t n = strlen(s);
	s[n] = '\n'; /* replaces the NUL: written with its length */
	const char *p = s;
	size_t left = n + 1;
	while (left) {
		ssize_t w = write(j->fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "vnetc: journal %s: %s (journal off)\n",
			    j->path, strerror(errno));
			close(j->fd);
			j->fd = -1;
			break;
		}
		p += w;
		left -= (size_t)w;
	}
	if (j->fd >= 0 && fsync(j->fd) < 0)
		fprintf(stderr, "vnetc: journal %s: fsync: %s\n", j->path,
		    strerror(errno));
	free(s);
}


/* The journal keeps the records of its last JOURNAL_KEEP runs: when an
 * apply finds more than JOURNAL_MAX, the older ones go (what a resume
 * needs is in the last run; the rest is history). */
enum { JOURNAL_KEEP = 10, JOURNAL_MAX = 20 };

/* How often a run that waits (--lock-timeout) tries the lock again. */
enum { LOCK_POLL_MS = 250 };

/* The run holding the lock, from what it wrote in the lock file:
 * "vnetc apply, pid 4242 on host ci-7, since 2026-12-06T13:30:01.123Z";
 * else fcntl's pid of the holder (one that has not written yet, over a
 * file that names the run before it). */
static char *
holder(int fd, const char *path)
{
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	long lpid = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK ?
	    (long)fl.l_pid : 0;
	size_t len;
	char *text = file_read(path, &len);
	json_t *h = text ? json_loads(text, 0, NULL) : NULL;
	json_int_t pid = json_integer_value(json_object_get(h, "pid"));
	const char *cmd = json_string_value(json_object_get(h, "command"));
	const char *host = json_string_value(json_object_get(h, "host"));
	const char *t = json_string_value(json_object_get(h, "started"));
	char *d;

	free(text);
	if (pid > 0 && cmd && host && t && (!lpid || pid == lpid))
		d = xfmt("vnetc %s, pid %lld on host %s, since %s", cmd,
		    (long long)pid, host, t);
	else if (lpid)
		d = xfmt("another vnetc, pid %ld", lpid);
	else
		d = xstrdup("another vnetc");
	json_decref(h);
	return d;
}

/* Say who holds the lock in the lock file, for the run it refuses. */
static void
holder_write(int fd, const char *cmd)
{
	char host[256] = "?", t[40];

	if (gethostname(host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "?");
	host[sizeof(host) - 1] = '\0';
	iso_now(t, sizeof(t));
	json_t *h = json_pack("{s:I,s:s,s:s,s:s}", "pid", (json_int_t)getpid(),
	    "host", host, "started", t, "command", cmd);
	char *s = json_dumps(h, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(h);
	if (!s)
		die("out of memory:");
	/* a lock file that cannot say who holds it still locks */
	if (ftruncate(fd, 0) < 0 || pwrite(fd, s, strlen(s), 0) < 0)
		fprintf(stderr, "vnetc: cannot write the lock file: %s\n",
		    strerror(errno));
	free(s);
}

int
journal_lock(struct journal *j, const char *dir, const char *base,
    const char *cmd, long timeout_s)
{
	size_t made;

	/* -o a/b/c: the directories above it too, as vnetc build makes */
	if (dir_make(dir, &made) < 0) {
		fprintf(stderr, "vnetc: cannot create %s: %s\n", dir,
		    strerror(errno));
		return 2;
	}
	j->path = xfmt("%s/%s.journal", dir, base);
	char *lpath = xfmt("%s.lock", j->path);
	int fd = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "vnetc: cannot open the lock file %s: %s\n",
		    lpath, strerror(errno));
		free(lpath);
		return 2;
	}
	/* An fcntl lock ends with its process, killed or not: a dead run
	 * leaves a file that names it, never a lock. */
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	long end = now_ms() + timeout_s * 1000;
	bool said = false;
	int rc = 0;
	while (fcntl(fd, F_SETLK, &fl) < 0) {
		if (errno != EACCES && errno != EAGAIN) {
			fprintf(stderr, "vnetc: cannot lock %s: %s\n", lpath,
			    strerror(errno));
			rc = 2;
			break;
		}
		bool wait = now_ms() < end;
		if (!wait || !said) {
			char *who = holder(fd, lpath);
			if (wait)
				fprintf(stderr, "vnetc: %s is in use by %s; "
				    "waiting up to %ld s (--lock-timeout)\n",
				    j->path, who, timeout_s);
			else if (timeout_s > 0)
				fprintf(stderr, "vnetc: %s is still in use by "
				    "%s after %ld s (--lock-timeout); wait for "
				    "it to end, or give a longer --lock-timeout\n",
				    j->path, who, timeout_s);
			else
				fprintf(stderr, "vnetc: %s is in use by %s; "
				    "wait for it to end, or give --lock-timeout "
				    "SECONDS\n", j->path, who);
			free(who);
		}
		if (!wait) {
			rc = 3;
			break;
		}
		said = true;
		sleep_ms(LOCK_POLL_MS);
	}
	free(lpath);
	if (rc) {
		close(fd);
		return rc;
	}
	holder_write(fd, cmd);
	j->lockfd = fd;
	return 0;
}

/* Replace the journal by its text from keep on (a new file renamed over
 * it); fd, open on the old one, is closed and the new one opened in its
 * place, or fd kept when that failed (the journal stays whole). */
static int
journal_compact(const char *path, int fd, const char *keep, size_t n)
{
	if (file_write_atomic(path, keep, n, 0644) < 0) {
		fprintf(stderr, "vnetc: journal %s: not compacted: %s\n",
		    path, strerror(errno));
		return fd;
	}
	int nfd = open(path, O_RDWR | O_APPEND | O_CLOEXEC);
	if (nfd < 0)
		return fd;
	close(fd);
	return nfd;
}

/* Each record of text (the journal, split into lines here) into j->last,
 * the last one of each id; runs (if not NULL) gets where each run starts. */
static void
load(struct journal *j, char *text, size_t **runs, size_t *nruns)
{
	for (char *line = text, *nl; line && *line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		else
			nl = line + strlen(line);
		/* a line cut short by a kill is skipped */
		json_t *rec = json_loads(line, 0, NULL);
		const char *id = json_string_value(json_object_get(rec, "id"));
		const char *ev = json_string_value(json_object_get(rec,
		    "event"));
		if (id) {
			char *k = lower(id);
			json_object_set(j->last, k, rec);
			free(k);
		} else if (ev && !strcmp(ev, "run") && runs) {
			*runs = xrealloc(*runs, (*nruns + 1) * sizeof(**runs));
			(*runs)[(*nruns)++] = (size_t)(line - text);
		}
		json_decref(rec);
	}
}

/* The journal's records without locking, opening for writing or making
 * anything: what destroy --dry-run needs to say what destroy would
 * delete (journal_created). No journal: no records. */
void
journal_peek(struct journal *j, const char *dir, const char *base)
{
	size_t len = 0;

	/* a plan --lock has locked it: the path is known */
	if (!j->path)
		j->path = xfmt("%s/%s.journal", dir, base);
	j->last = json_object();
	char *text = file_read(j->path, &len);
	load(j, text, NULL, NULL);
	free(text);
}

size_t
journal_created_under(const struct journal *j, const char *part,
    const char **ids, size_t max)
{
	const char *k;
	json_t *rec;
	size_t n = 0;
	char *lp = lower(part); /* the keys are lower case */

	json_object_foreach(j->last, k, rec) {
		const char *id = json_string_value(json_object_get(rec, "id"));
		if (!id || !json_is_true(json_object_get(rec, "created")) ||
		    !strstr(k, lp))
			continue;
		if (n < max)
			ids[n] = id;
		n++;
	}
	free(lp);
	return n;
}

/* The last records that say vnetc created their resource, one a line
 * (in the order of the ids' first records). */
static char *
created_records(const struct journal *j)
{
	const char *id;
	json_t *rec;
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);

	if (!f)
		return xfmt("%s", "");
	json_object_foreach(j->last, id, rec)
		if (json_is_true(json_object_get(rec, "created")) &&
		    json_dumpf(rec, f, JSON_COMPACT |
		    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) == 0)
			fputc('\n', f);
	fclose(f);
	return out;
}

int
journal_open(struct journal *j)
{
	j->last = json_object();
	j->fd = open(j->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (j->fd < 0) {
		fprintf(stderr, "vnetc: cannot open the journal %s: %s\n",
		    j->path, strerror(errno));
		return 2;
	}
	size_t len = 0, nruns = 0, *runs = NULL;
	char *text = file_read(j->path, &len);
	load(j, text, &runs, &nruns);
	if (nruns > JOURNAL_MAX) {
		size_t from = runs[nruns - JOURNAL_KEEP];
		for (size_t i = from; i < len; i++)
			if (text[i] == '\0')
				text[i] = '\n'; /* the lines, as they were */
		/* what vnetc created stays known however old its last
		 * record: destroy deletes nothing else (journal_created);
		 * a later record of the same id, kept, overrides it */
		char *keep = created_records(j);
		char *all = xfmt("%s%.*s", keep, (int)(len - from),
		    text + from);
		j->fd = journal_compact(j->path, j->fd, all, strlen(all));
		free(all);
		free(keep);
	}
	free(runs);
	free(text);
	return 0;
}

const char *
journal_pending(const struct journal *j, const char *id, bool *location)
{
	char *k = lower(id);
	json_t *rec = json_object_get(j->last, k);
	const char *ev = json_string_value(json_object_get(rec, "event"));
	const char *poll = json_string_value(json_object_get(rec, "poll"));

	free(k);
	if (!ev || strcmp(ev, "accepted") || !poll)
		return NULL;
	*location = json_is_true(json_object_get(rec, "location"));
	return poll;
}

bool
journal_created(const struct journal *j, const char *id)
{
	char *k = lower(id);
	json_t *rec = json_object_get(j->last, k);

	free(k);
	return json_is_true(json_object_get(rec, "created"));
}

bool
journal_deleted(const struct journal *j, const char *id)
{
	char *k = lower(id);
	json_t *rec = json_object_get(j->last, k);
	const char *res = json_string_value(json_object_get(rec, "result"));

	free(k);
	return res && !strcmp(res, "deleted");
}

void
journal_close(struct journal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	if (j->lockfd >= 0)
		close(j->lockfd);
	j->fd = j->lockfd = -1;
	free(j->path);
	j->path = NULL;
	json_decref(j->last);
	j->last = NULL;
}
