/* apply.c - plan -> ARM REST operations (vnetc plan, apply, destroy). For
 * each step: GET what exists, compare it with body.c's desired state on
 * the properties the spec manages, write only what differs (PUT what vnetc
 * creates, PATCH what exists), follow the long-running operation, retry
 * what ARM calls transient (docs/azure-notes.md 6.3); independent steps run
 * at once in the plan's order; every operation goes to the journal.
 * Decides only: http.c does the HTTP, body.c knows what resources look
 * like. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "apply.h"
#include "auth.h"
#include "http.h"

#ifndef VNETC_VERSION
#define VNETC_VERSION "0.0.0"
#endif

/* The retry rules, as vnetc(1) states them (tests/apply.sh counts them):
 * - an answer 408, 429 or 5xx, an ARM code AnotherOperationInProgress or
 *   one containing "Retryable", or a connection that fails: the same
 *   request again, MAX_TRIES tries in a row at most (an answer that is
 *   no error, such as a poll saying InProgress, starts the count anew);
 * - between tries, the answer's Retry-After, else a backoff with full
 *   jitter (BACKOFF_BASE_MS, doubling up to BACKOFF_CAP_MS); a step's
 *   waits add up to RETRY_BUDGET_MS at most, so a Retry-After beyond
 *   what is left fails it at once;
 * - an operation that ends Failed with such a code: the write again,
 *   MAX_TRIES writes at most, after the same backoff;
 * - polling: after the write's Retry-After (else at once), then each
 *   poll's Retry-After, else 1, 2, 4 .. POLL_CAP_MS; an operation ends
 *   within OP_LIMIT_MS;
 * - an expired token (401 ExpiredAuthenticationToken): renewed once per
 *   step, and the request sent again;
 * - a resource not yet visible after its write: read again, SETTLE_TRIES
 *   times at most, 1, 2, 4 .. 10 s apart.
 * So a broken endpoint fails a step in minutes, never hours. */
enum {
	MAX_TRIES = 7,
	RETRY_BUDGET_MS = 5 * 60 * 1000,
	OP_LIMIT_MS = 60 * 60 * 1000,
	BACKOFF_BASE_MS = 1000,
	BACKOFF_CAP_MS = 60 * 1000,
	POLL_CAP_MS = 30 * 1000,  /* polling without Retry-After */
	SETTLE_TRIES = 8,         /* re-GETs for eventual consistency */
};

/* ORDER CLOUD: one row per enum cloud (docs/azure-notes.md 6.1, 7). */
static const struct {
	const char *arm, *audience;
} clouds[] = {
	{"https://management.azure.com", "https://management.azure.com/"},
	{"https://management.usgovcloudapi.net",
	    "https://management.usgovcloudapi.net/"},
	{"https://management.chinacloudapi.cn",
	    "https://management.chinacloudapi.cn/"},
};

/* What one operation does with its step. */
enum kind {
	K_LEFT,       /* nothing: an existing resource the step leaves */
	K_RG,         /* GET; PUT if missing */
	K_PUT,        /* what vnetc creates: GET, compare, PUT */
	K_PATCH,      /* an existing resource: GET, compare, PATCH */
	K_SETTINGS,   /* POST list, merge, PUT (az appsettings set) */
	K_DELETE,     /* destroy: GET, DELETE */
	K_DISCONNECT, /* destroy: the app leaves its integration subnet */
	K_POLICY,     /* zone_group: policy: GET the endpoint's zone groups
		       * until one holds every zone it needs; never a write */
};

enum phase {
	PH_WAIT, PH_RESUME, PH_READ, PH_WRITE, PH_POLL, PH_CONFIRM, PH_PURGE,
	PH_DONE
};

/* What the read decided (plan) and how it ended (apply). */
enum act { ACT_NONE, ACT_CREATE, ACT_UPDATE, ACT_DELETE, ACT_DISCONNECT };

enum result {
	R_NONE, R_UNCHANGED, R_CREATED, R_UPDATED, R_DELETED, R_ABSENT,
	R_DISCONNECTED, R_LEFT, R_FAILED, R_SKIPPED /* ORDER RESULT */
};

static const char *const result_names[] = {
	"", "unchanged", "created", "updated", "deleted", "absent",
	"disconnected", "left alone", "failed", "not attempted",
};

static const char *const act_names[] = {
	"no change", "create", "update", "delete", "disconnect",
};

struct op {
	const struct step *st;
	enum kind kind;
	const char *label, *kindname, *name;
	const char *path, *api; /* the resource (arena) */
	const char *left;       /* K_LEFT: why */
	bool verify;            /* K_LEFT, K_RG: the spec says it exists; a
				 * GET must find it before anything is
				 * written (issue 14) */
	json_t *want;           /* desired body / patch / settings / subnet id */
	size_t *deps;           /* ops this one waits for */
	size_t ndeps;

	enum phase ph;
	enum act act;
	enum result res;
	bool active, busy, existed, wrote, purged, reauthed, resume;
	bool sync;              /* a peering PUT with syncRemoteAddressSpace */
	bool pending;           /* K_POLICY: not there yet (the plan says so) */
	const char *scope_note; /* "resource group RG of subscription S" of a
				 * resource outside the spec's own group */
	const char *gone;       /* K_LEFT: what to say when it is missing */
	json_t *actual, *diffs, *send;
	char *poll;             /* operation URL being polled */
	bool poll_loc;          /* a Location URL, not Azure-AsyncOperation */
	const char *wmethod;    /* of the last write */
	int tries, nretries, npoll, nsettle, nrewrite;
	long retry_waited, t_start, t_end, due, deadline;
	struct http_req req;
	struct http_resp resp;
	char *url, *body;
	char why[700];
	const char *blocker;
};

struct run {
	const struct plan *p;
	const struct apply_opts *o;
	struct valctx vc;
	struct op *ops;
	size_t nops;
	const char *endpoint, *audience;
	char *token, *authz;
	const char *hdr_auth[3], *hdr_plain[2];
	struct auth_opts ao;
	uint64_t rng;
	int jfd;
	char *jpath;
	json_t *journal;        /* id (lower case) -> last record */
	bool readonly;          /* plan: decide, write nothing */
	size_t nactive;
	size_t lo;              /* ops before it are all done */
	long t0;
	bool progress;          /* a live line on the terminal */
	char shown[80];         /* what it says now */
	char *unreachable;      /* why ARM could not be reached, or NULL */
	bool unreachable_said;
	size_t nplan_err;       /* plan_pass: steps failed or not read */
};

/* The command as the user typed it, and what it is doing, for messages. */
static const struct {
	const char *name, *doing;
} cmds[] = {
	[APPLY_PLAN] = {"plan", "planning"},
	[APPLY_APPLY] = {"apply", "applying"},
	[APPLY_DESTROY] = {"destroy", "destroying"},
};

static long
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void
sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};

	while (ms > 0 && nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

/* printf into a new malloc'd string. */
static char *xfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
xfmt(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return b.s ? b.s : xstrdup("");
}

/* ---- URLs ---- */

/* endpoint + path + ?api-version=api, every path byte outside RFC 3986's
 * pchar set percent-encoded (a -p value cannot reach the query). */
static char *
url_of(struct run *r, const char *path, const char *api)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
	    "TUVWXYZ0123456789-._~!$&'()*+,;=:@/";
	struct buf b = {0};

	buf_puts(&b, r->endpoint);
	for (const unsigned char *s = (const unsigned char *)path; *s; s++)
		if (strchr(ok, *s))
			buf_putc(&b, (char)*s);
		else
			buf_printf(&b, "%%%02X", *s);
	buf_printf(&b, "?api-version=%s", api);
	return b.s;
}

/* ---- comparing what is there with what the spec wants ---- */

/* ARM ids, names, enum values and locations compare without case
 * (RPs answer "Disabled" to "disabled"); locations also without spaces
 * ("West Europe" is westeurope). Tag values and app settings are data,
 * compared exactly ("Tag values are case-sensitive",
 * https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources). */
static bool
str_same(const char *key, const char *a, const char *b, bool exact)
{
	if (exact)
		return strcmp(a, b) == 0;
	if (key && strcmp(key, "location") == 0) {
		for (;;) {
			while (*a == ' ')
				a++;
			while (*b == ' ')
				b++;
			if (!*a || !*b)
				return *a == *b;
			if (tolower((unsigned char)*a) !=
			    tolower((unsigned char)*b))
				return false;
			a++, b++;
		}
	}
	return strcasecmp(a, b) == 0;
}

static void
diff_add(json_t *out, const char *path, json_t *old, json_t *new)
{
	json_t *d = json_pack("{s:s}", "path", path);

	/* absent stays absent: JSON null is a value */
	if (old)
		json_object_set(d, "old", old);
	if (new)
		json_object_set(d, "new", new);
	json_array_append_new(out, d);
}

static void diff(const char *key, json_t *want, json_t *have,
    const char *path, bool exact, json_t *out);

/* Member k of o; in a tags object, whatever its case: "Tag names are
 * case-insensitive for operations" and an RP may keep the casing it has
 * (the page above), so Env is env's value, not a second tag, and a
 * difference in a name's case alone is none (writing it could not end
 * it). */
static json_t *
member(const char *key, json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	const char *ok;

	if (v || !key || strcmp(key, "tags") || !json_is_object(o))
		return v;
	json_object_foreach(o, ok, v)
		if (strcasecmp(ok, k) == 0)
			return v;
	return NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Arrays of strings (address prefixes, group ids) are sets. */
static bool
strset_same(json_t *a, json_t *b, bool exact)
{
	size_t n = json_array_size(a);

	if (!json_is_array(b) || json_array_size(b) != n)
		return false;
	const char **x = xmalloc((n + 1) * sizeof(*x));
	const char **y = xmalloc((n + 1) * sizeof(*y));
	bool same = true;
	for (size_t i = 0; i < n; i++) {
		x[i] = json_string_value(json_array_get(a, i));
		y[i] = json_string_value(json_array_get(b, i));
		if (!x[i] || !y[i])
			same = false;
	}
	if (same) {
		qsort(x, n, sizeof(*x), cmp_str);
		qsort(y, n, sizeof(*y), cmp_str);
		for (size_t i = 0; i < n && same; i++)
			same = str_same(NULL, x[i], y[i], exact);
	}
	free(x);
	free(y);
	return same;
}

static bool
all_strings(json_t *a)
{
	for (size_t i = 0; i < json_array_size(a); i++)
		if (!json_is_string(json_array_get(a, i)))
			return false;
	return true;
}

/* What identifies a member of array key: its name, but a delegation's
 * service: az names delegations "0", "1", ... where vnetc (and ARM, which
 * takes no '/' in a child name) says Microsoft.Web.serverFarms, and a
 * subnet the script delegated is the same subnet; and a service
 * endpoint's service (they have no name, and Azure keeps their order as
 * it will). */
static const char *
member_id(const char *key, json_t *e)
{
	if (key && strcmp(key, "delegations") == 0) {
		const char *svc = json_string_value(json_object_get(
		    json_object_get(e, "properties"), "serviceName"));
		if (svc)
			return svc;
	}
	if (key && strcmp(key, "serviceEndpoints") == 0)
		return json_string_value(json_object_get(e, "service"));
	return json_string_value(json_object_get(e, "name"));
}

static bool
all_named(const char *key, json_t *a)
{
	for (size_t i = 0; i < json_array_size(a); i++)
		if (!member_id(key, json_array_get(a, i)))
			return false;
	return json_array_size(a) > 0;
}

static json_t *
by_name(const char *key, json_t *a, const char *name)
{
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *e = json_array_get(a, i);
		const char *n = member_id(key, e);
		if (n && strcasecmp(n, name) == 0)
			return e;
	}
	return NULL;
}

/* Arrays of named objects (subnets, delegations, connections, zone
 * configs) match by name (member_id); the spec owns the whole list, so a
 * member only Azure has is a difference too (a PUT would remove it). */
static void
diff_named(const char *key, json_t *want, json_t *have, const char *path,
    bool exact, json_t *out)
{
	char *sub;

	for (size_t i = 0; i < json_array_size(want); i++) {
		json_t *w = json_array_get(want, i);
		const char *n = member_id(key, w);
		json_t *h = by_name(key, have, n);
		sub = xfmt("%s[%s]", path, n);
		if (h) {
			/* the same delegation under another name */
			json_t *wc = json_deep_copy(w);
			if (key && strcmp(key, "delegations") == 0)
				json_object_del(wc, "name");
			diff(NULL, wc, h, sub, exact, out);
			json_decref(wc);
		} else {
			diff_add(out, sub, NULL, w);
		}
		free(sub);
	}
	for (size_t i = 0; i < json_array_size(have); i++) {
		json_t *h = json_array_get(have, i);
		const char *n = member_id(key, h);
		if (n && by_name(key, want, n))
			continue;
		sub = xfmt("%s[%s]", path, n ? n : "?");
		diff_add(out, sub, h, NULL);
		free(sub);
	}
}

/* Append {path, old, new} to out for every leaf of want that have lacks
 * or holds otherwise. Only what want says is compared: what Azure adds
 * (ids, provisioningState, defaults) is no difference. */
static void
diff(const char *key, json_t *want, json_t *have, const char *path,
    bool exact, json_t *out)
{
	if (json_is_object(want)) {
		if (json_object_size(want) == 0)
			return; /* "properties": {} asks for nothing */
		if (!json_is_object(have)) {
			diff_add(out, path, have, want);
			return;
		}
		const char *k;
		json_t *v;
		json_object_foreach(want, k, v) {
			char *sub = xfmt("%s%s%s", path, *path ? "." : "", k);
			diff(k, v, member(key, have, k), sub,
			    exact || strcmp(k, "tags") == 0, out);
			free(sub);
		}
		return;
	}
	if (json_is_array(want)) {
		if (!json_is_array(have)) {
			diff_add(out, path, have, want);
		} else if (all_strings(want)) {
			if (!strset_same(want, have, exact))
				diff_add(out, path, have, want);
		} else if (all_named(key, want)) {
			diff_named(key, want, have, path, exact, out);
		} else if (json_array_size(want) != json_array_size(have)) {
			diff_add(out, path, have, want);
		} else {
			for (size_t i = 0; i < json_array_size(want); i++) {
				char *sub = xfmt("%s[%zu]", path, i);
				diff(NULL, json_array_get(want, i),
				    json_array_get(have, i), sub, exact, out);
				free(sub);
			}
		}
		return;
	}
	if (json_is_string(want) && json_is_string(have)) {
		if (!str_same(key, json_string_value(want),
		    json_string_value(have), exact))
			diff_add(out, path, have, want);
	} else if (json_is_number(want) && json_is_number(have)) {
		if (json_number_value(want) != json_number_value(have))
			diff_add(out, path, have, want);
	} else if (!json_equal(want, have)) {
		diff_add(out, path, have, want);
	}
}

/* A peering whose VNets' address spaces changed since it was made is
 * out of sync (peeringSyncLevel) until a PUT with syncRemoteAddressSpace
 * carries them across: the script's az network vnet peering sync. */
static void
peering_sync(struct op *op, json_t *have)
{
	const char *lvl = json_string_value(json_object_get(json_object_get(
	    have, "properties"), "peeringSyncLevel"));

	op->sync = false;
	if (op->st->kind != STEP_PEER || !lvl ||
	    strcasecmp(lvl, "FullyInSync") == 0)
		return;
	json_t *want = json_string("FullyInSync");
	diff_add(op->diffs, "properties.peeringSyncLevel",
	    json_object_get(json_object_get(have, "properties"),
	    "peeringSyncLevel"), want);
	json_decref(want);
	op->sync = true;
}

/* ---- provisioning and operation states (docs/azure-notes.md 6.2) ---- */

static const char *
prov_state(json_t *body)
{
	return json_string_value(json_object_get(json_object_get(body,
	    "properties"), "provisioningState"));
}

/* Absent means finished and succeeded. */
static bool
state_terminal(const char *s)
{
	return !s || !strcasecmp(s, "Succeeded") || !strcasecmp(s, "Failed") ||
	    !strcasecmp(s, "Canceled");
}

static bool
state_failed(const char *s)
{
	return s && (!strcasecmp(s, "Failed") || !strcasecmp(s, "Canceled"));
}

/* ---- the journal (issue 5 item 5) ---- */

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

/* Append one record and fsync it: after kill -9 the journal holds every
 * operation that ended, and every write ARM accepted with the URL of its
 * operation, so the next run can wait for it instead of writing over it. */
static void
journal_put(struct run *r, json_t *rec)
{
	char t[40];

	if (r->jfd < 0) {
		json_decref(rec);
		return;
	}
	iso_now(t, sizeof(t));
	json_t *line = json_pack("{s:s}", "t", t);
	json_object_update(line, rec);
	json_decref(rec);
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
		ssize_t w = write(r->jfd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "vnetc: journal %s: %s (journal off)\n",
			    r->jpath, strerror(errno));
			close(r->jfd);
			r->jfd = -1;
			break;
		}
		p += w;
		left -= (size_t)w;
	}
	if (r->jfd >= 0 && fsync(r->jfd) < 0)
		fprintf(stderr, "vnetc: journal %s: fsync: %s\n", r->jpath,
		    strerror(errno));
	free(s);
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

/* The journal keeps the records of its last JOURNAL_KEEP runs: when an
 * apply finds more than JOURNAL_MAX, the older ones go (what a resume
 * needs is in the last run; the rest is history). */
enum { JOURNAL_KEEP = 10, JOURNAL_MAX = 20 };

/* Open path for appending and lock it against a second vnetc; the fd, or
 * -1 with the reason printed. */
static int
journal_lock(const char *path)
{
	int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0) {
		fprintf(stderr, "vnetc: cannot open the journal %s: %s\n",
		    path, strerror(errno));
		return -1;
	}
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	if (fcntl(fd, F_SETLK, &fl) < 0) {
		fprintf(stderr, "vnetc: %s is in use by another vnetc "
		    "apply or destroy; wait for it to end\n", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* Replace the journal, locked on fd, by its text from keep on (a new
 * file renamed over it, locked before the old one is let go); the new
 * fd, or fd itself when that failed (the journal stays whole). */
static int
journal_compact(const char *path, int fd, const char *keep, size_t n)
{
	if (file_write_atomic(path, keep, n, 0644) < 0) {
		fprintf(stderr, "vnetc: journal %s: not compacted: %s\n",
		    path, strerror(errno));
		return fd;
	}
	int nfd = journal_lock(path);
	if (nfd < 0)
		return fd;
	close(fd);
	return nfd;
}

/* Open DIR/NAME.journal for appending, locked against a second vnetc on
 * it, and remember the last record of each resource. Returns 0, or 2 with
 * the reason printed. */
static int
journal_open(struct run *r)
{
	const char *dir = r->o->outdir ? r->o->outdir : "out";
	struct buf path = {0};

	size_t made;

	/* -o a/b/c: the directories above it too, as vnetc build makes */
	if (dir_make(dir, &made) < 0) {
		fprintf(stderr, "vnetc: cannot create %s: %s\n", dir,
		    strerror(errno));
		return 2;
	}
	buf_printf(&path, "%s/%s.journal", dir, r->p->spec->base);
	r->jpath = path.s;
	r->journal = json_object();
	/* locked before it is read: a second vnetc compacts nothing */
	if ((r->jfd = journal_lock(r->jpath)) < 0)
		return 2;
	size_t len = 0, nruns = 0, *runs = NULL;
	char *text = file_read(r->jpath, &len);
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
			json_object_set(r->journal, k, rec);
			free(k);
		} else if (ev && !strcmp(ev, "run")) {
			runs = xrealloc(runs, (nruns + 1) * sizeof(*runs));
			runs[nruns++] = (size_t)(line - text);
		}
		json_decref(rec);
	}
	if (nruns > JOURNAL_MAX) {
		size_t from = runs[nruns - JOURNAL_KEEP];
		for (size_t i = from; i < len; i++)
			if (text[i] == '\0')
				text[i] = '\n'; /* the lines, as they were */
		r->jfd = journal_compact(r->jpath, r->jfd, text + from,
		    len - from);
	}
	free(runs);
	free(text);
	return 0;
}

/* An operation the journal says was accepted and never seen to end. */
static void
journal_resume(struct run *r, struct op *op)
{
	char *k = lower(op->path);
	json_t *rec = json_object_get(r->journal, k);
	const char *ev = json_string_value(json_object_get(rec, "event"));
	const char *poll = json_string_value(json_object_get(rec, "poll"));

	free(k);
	if (!ev || strcmp(ev, "accepted") || !poll ||
	    !http_url_allowed(poll, NULL, 0))
		return;
	op->poll = xstrdup(poll);
	op->poll_loc = json_is_true(json_object_get(rec, "location"));
	op->resume = true;
	fprintf(stderr, "vnetc: %s: the last run stopped while ARM was "
	    "working on it (%s); waiting for that operation first\n",
	    op->label, r->jpath);
}

/* ---- building the operations ---- */

static const char *
last_seg(struct spec *s, const char *path)
{
	const char *p = strrchr(path, '/');

	return arena_strdup(&s->arena, p ? p + 1 : path);
}

static const char *
step_kindname(const struct step *st)
{
	const struct restype *rt = body_step_type(st);

	return rt ? rt->kind : "resource";
}

/* The names and paths of op's resource. */
static void
op_init(struct run *r, struct op *op, const struct step *st)
{
	struct spec *s = r->p->spec;
	const struct scope *sc = body_step_scope(s, st);

	op->st = st;
	op->label = st->label;
	op->kindname = step_kindname(st);
	op->path = body_rest_path(&r->vc, st, PATH_SELF);
	op->api = body_step_api(st);
	op->name = last_seg(s, op->path);
	if (sc != s->scopes[0])
		op->scope_note = arena_printf(&s->arena, "resource group %s of "
		    "subscription %s", tmpl_eval(s, &sc->rg), tmpl_eval(s,
		    &sc->sub));
}

/* The first resource the spec says exists in its own resource group, as
 * "back end 'vault'", or NULL: then that group exists too. */
static const char *
existing_in_rg(struct spec *s)
{
	const struct scope *h = s->scopes[0];

	for (size_t i = 0; i < s->nbackends; i++)
		if (s->backends[i].scope == h)
			return arena_printf(&s->arena, "back end '%s'",
			    s->backends[i].key);
	for (size_t i = 0; i < s->nfarms; i++)
		if (s->farms[i].scope == h)
			return arena_printf(&s->arena, "plan '%s'",
			    s->farms[i].key);
	for (size_t i = 0; i < s->napps; i++)
		if (s->apps[i].scope == h)
			return arena_printf(&s->arena, "app '%s'",
			    s->apps[i].key);
	for (size_t i = 0; i < s->nvnets; i++)
		if (s->vnets[i].scope == h && s->vnets[i].existing)
			return arena_printf(&s->arena, "vnet '%s'",
			    s->vnets[i].key);
	return NULL;
}

/* A resource vnetc only refers to: why it leaves it. */
static const char *
referred(const struct step *st)
{
	return st->kind == STEP_VNET ? "existing (existing:): vnetc peers "
	    "with it and links zones to it, it never writes it" :
	    "a central zone (dns:): vnetc refers to it, it never writes it";
}

/* zone_group: policy: the endpoint's zone groups, whatever their names
 * (a policy names its own: Azure's "deployedByPolicy"). */
static void
op_policy(struct run *r, struct op *op)
{
	const struct pe *pe = op->st->u.pe;
	json_t *id = body_step_id(&r->vc, &(struct step){.kind = STEP_PE,
	    .u.pe = (struct pe *)pe});

	op->kind = K_POLICY;
	op->path = arena_printf(&r->p->spec->arena, "%s/privateDnsZoneGroups",
	    json_string_value(id));
	op->name = arena_printf(&r->p->spec->arena, "%s/*", tmpl_eval(
	    r->p->spec, &pe->name));
	json_decref(id);
	op->left = "made by a policy (zone_group: policy): vnetc waits for "
	    "it and never writes it";
}

/* What apply does with a step. */
static void
op_apply(struct run *r, struct op *op)
{
	const struct step *st = op->st;
	const char *left = NULL;

	switch (st->kind) {
	case STEP_RG:
		/* must exist when what exists is in it */
		op->kind = K_RG;
		op->want = body_rg(&r->vc);
		op->verify = existing_in_rg(r->p->spec) != NULL;
		return;
	case STEP_SETTINGS:
		op->kind = K_SETTINGS;
		op->want = body_patch(&r->vc, st);
		return;
	case STEP_ZG:
		if (st->u.pe->zg_policy) {
			op_policy(r, op);
			return;
		}
		break;
	default:
		break;
	}
	if (st->kind == STEP_NSG || st->kind == STEP_RT ||
	    st->kind == STEP_NATGW) {
		/* existing: true: attached by the VNet, read (it must be
		 * there), never written */
		if (body_step_existing(st)) {
			op->kind = K_LEFT;
			op->verify = true;
			op->left = "existing: attached, vnetc writes nothing of "
			    "it";
			return;
		}
	}
	if (!body_step_existing(st)) {
		op->kind = K_PUT;
		op->want = body_rest(&r->vc, st, &left);
		if (!op->want) {
			op->kind = K_LEFT;
			op->left = left ? left : "nothing to change";
		}
		return;
	}
	/* Existing resources: PATCH only what the spec sets, or, where the
	 * PATCH cannot carry it, PUT the resource as read with it merged in
	 * (body_patch_onto): never a PUT that would reset what the spec
	 * does not know (docs/azure-notes.md 5.4). */
	op->kind = K_PATCH;
	op->want = body_patch(&r->vc, st);
	json_t *props = json_object_get(op->want, "properties");
	if (!op->want || (json_object_size(op->want) == 1 && props &&
	    json_object_size(props) == 0)) {
		op->kind = K_LEFT;
		op->verify = true;
		op->left = st->kind == STEP_FARM ? "the spec keeps its SKU" :
		    st->kind == STEP_VNET || st->kind == STEP_ZONE ?
		    referred(st) : "the spec changes nothing on it";
		if (st->kind == STEP_VNET)
			op->gone = "the spec says it exists (existing:); vnetc "
			    "does not create it: is the id right?";
		else if (st->kind == STEP_ZONE)
			op->gone = "the dns: block says this central zone "
			    "exists; vnetc does not create it: are its group "
			    "and subscription right?";
	}
}

/* A back end the spec only connects (public_access: keep) has no step;
 * its endpoints need it, so apply reads it first, as a step of its own
 * that leaves it alone (issue 14). */
static void
op_backend(struct run *r, struct op *op, struct backend *b)
{
	struct spec *s = r->p->spec;
	struct step *st = arena_alloc(&s->arena, sizeof(*st));

	st->kind = STEP_LOCK; /* a lock's view of it: type, id, apiVersion */
	st->u.backend = b;
	st->pos = b->pos;
	st->label = arena_printf(&s->arena, "back end '%s'", b->key);
	op_init(r, op, st);
	op->kind = K_LEFT;
	op->verify = true;
	op->left = "existing; its public access stays as it is";
}

/* What destroy does with a step: delete what vnetc created, leave what
 * existed (issue 5 item 6). */
static void
op_destroy(struct run *r, struct op *op)
{
	const struct step *st = op->st;

	op->kind = K_LEFT;
	if (st->kind == STEP_RG) {
		op->left = "vnetc never deletes the resource group: it holds "
		    "resources the spec did not create";
	} else if (st->kind == STEP_ZG && st->u.pe->zg_policy) {
		op->left = "made by a policy: it goes with its endpoint";
	} else if (st->kind == STEP_VNET || st->kind == STEP_ZONE) {
		if (body_step_existing(st))
			op->left = referred(st);
		else
			op->kind = K_DELETE;
	} else if (!body_step_existing(st)) {
		op->kind = K_DELETE;
	} else if (st->kind == STEP_APP && st->u.app->integration) {
		/* Its service association link keeps the subnet, and so
		 * the VNet, from being deleted (docs/azure-notes.md 2.4): the
		 * app leaves the subnet first. HTTPS and Route All stay. */
		json_t *p = body_patch(&r->vc, st);
		op->kind = K_DISCONNECT;
		op->want = json_incref(json_object_get(json_object_get(p,
		    "properties"), "virtualNetworkSubnetId"));
		json_decref(p);
	} else if (st->kind == STEP_LOCK) {
		op->left = "existing: its public access stays as it is; "
		    "without its private endpoint nothing reaches it until "
		    "it is opened again, a decision vnetc does not make for "
		    "you";
	} else if (st->kind == STEP_SETTINGS) {
		op->left = "existing: the app settings stay";
	} else if (st->kind == STEP_FARM) {
		op->left = "existing: destroy leaves it (its SKU stays)";
	} else {
		op->left = "existing: destroy leaves it";
	}
}

/* op waits for ops[d]: counted in pass 0, stored in pass 1. */
static void
op_dep(struct op *op, size_t d, int pass)
{
	if (pass)
		op->deps[op->ndeps] = d;
	op->ndeps++;
}

/* The ops of the plan's steps, in its order (destroy: backwards), then,
 * for apply and plan, the reads of the back ends it only connects
 * (op_backend), which their endpoints wait for. */
/* A read the run needs before its first write: a subscription the spec
 * names (sub: its id), or a resource group other than the spec's own (sc),
 * which must exist (vnetc creates only that one). ops NULL: count. */
static void
op_scope(struct run *r, struct op *op, const struct scope *sc,
    const char *sub)
{
	struct spec *s = r->p->spec;
	struct step *st = arena_alloc(&s->arena, sizeof(*st));

	st->kind = STEP_RG;
	st->pos = sc->pos;
	op->st = st;
	op->kind = K_LEFT;
	op->label = st->label = sub ? arena_printf(&s->arena, "subscription "
	    "'%s'", sub) : arena_printf(&s->arena, "resource group '%s'",
	    tmpl_eval(s, &sc->rg));
	op->verify = true;
	op->kindname = sub ? "subscription" : "rg";
	if (sub) {
		op->path = arena_printf(&s->arena, "/subscriptions/%s", sub);
		op->name = sub;
		/* Subscriptions - Get (azure-rest-api-specs, specification/
		 * resources/.../Microsoft.Resources/stable/2022-12-01/
		 * subscriptions.json) */
		op->api = "2022-12-01";
		op->left = "the spec names it: vnetc reads it first, creates "
		    "none";
		op->gone = "is it the right id, and may these credentials "
		    "use it?";
		return;
	}
	op->path = body_scope_path(&r->vc, sc);
	op->name = tmpl_eval(s, &sc->rg);
	op->api = restype_get(RES_RG)->api;
	op->scope_note = arena_printf(&s->arena, "subscription %s",
	    tmpl_eval(s, &sc->sub));
	op->left = "must exist: vnetc creates only the spec's own group";
	op->gone = "vnetc creates only the spec's own resource group "
	    "(resource_group:); create this one first";
}

/* The scope reads of a spec that names more than its own group: each
 * subscription once, each other group in use (by a step or a back end).
 * Returns their number; ops NULL: only counts. */
static size_t
scope_ops(struct run *r, struct op *ops)
{
	struct spec *s = r->p->spec;
	bool *used = arena_alloc(&s->arena, (s->nscopes + 1) * sizeof(*used));
	size_t n = 0;

	if (s->nscopes < 2)
		return 0;
	for (size_t i = 0; i < r->p->nsteps; i++)
		used[body_step_scope(s, &r->p->steps[i])->id] = true;
	for (size_t i = 0; i < s->nbackends; i++)
		used[s->backends[i].scope->id] = true;
	used[0] = true;
	for (size_t i = 0; i < s->nscopes; i++) {
		const char *sub = tmpl_eval(s, &s->scopes[i]->sub);
		bool seen = !used[i];
		for (size_t j = 0; j < i && !seen; j++)
			seen = used[j] && streqi(tmpl_eval(s,
			    &s->scopes[j]->sub), sub);
		if (seen)
			continue;
		if (ops)
			op_scope(r, &ops[n], s->scopes[i], sub);
		n++;
	}
	for (size_t i = 1; i < s->nscopes; i++) {
		if (!used[i])
			continue;
		if (ops)
			op_scope(r, &ops[n], s->scopes[i], NULL);
		n++;
	}
	return n;
}

static void
ops_build(struct run *r)
{
	const struct plan *p = r->p;
	struct spec *s = p->spec;
	size_t n = p->nsteps, nb = 0, ns = 0;
	bool destroy = r->o->cmd == APPLY_DESTROY;

	for (size_t i = 0; !destroy && i < s->nbackends; i++)
		nb += s->backends[i].access == ACCESS_KEEP;
	if (!destroy)
		ns = scope_ops(r, NULL);
	r->ops = xmalloc((n + nb + ns + 1) * sizeof(*r->ops));
	memset(r->ops, 0, (n + nb + ns + 1) * sizeof(*r->ops));
	r->nops = n + nb + ns;
	scope_ops(r, ns ? r->ops + n + nb : NULL);
	for (size_t i = 0; i < n; i++) {
		/* destroy runs the plan backwards: dependants first */
		struct op *op = &r->ops[i];
		op_init(r, op, &p->steps[destroy ? n - 1 - i : i]);
		if (destroy)
			op_destroy(r, op);
		else
			op_apply(r, op);
	}
	for (size_t i = 0, k = n; k < n + nb; i++)
		if (s->backends[i].access == ACCESS_KEEP)
			op_backend(r, &r->ops[k++], &s->backends[i]);
	/* apply: t waits for d; destroy: d waits for t. Counted first, so
	 * that each op's list is as long as it needs to be. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; pass && i < r->nops; i++) {
			r->ops[i].deps = xmalloc((r->ops[i].ndeps + 1) *
			    sizeof(size_t));
			r->ops[i].ndeps = 0;
		}
		for (size_t t = 0; t < n; t++) {
			const struct step *st = &p->steps[t];
			for (size_t j = 0; j < st->ndeps; j++) {
				size_t d = st->deps[j];
				if (destroy)
					op_dep(&r->ops[n - 1 - d], n - 1 - t,
					    pass);
				else
					op_dep(&r->ops[t], d, pass);
			}
			for (size_t k = n; st->kind == STEP_PE && k < n + nb;
			    k++)
				if (r->ops[k].st->u.backend == st->u.pe->target)
					op_dep(&r->ops[t], k, pass);
		}
	}
}

static void
op_reset_req(struct op *op)
{
	free(op->url);
	free(op->body);
	op->url = op->body = NULL;
	http_resp_free(&op->resp);
}

static void
ops_free(struct run *r)
{
	for (size_t i = 0; i < r->nops; i++) {
		struct op *op = &r->ops[i];
		op_reset_req(op);
		json_decref(op->want);
		json_decref(op->actual);
		json_decref(op->diffs);
		json_decref(op->send);
		free(op->poll);
		free(op->deps);
	}
	free(r->ops);
	r->ops = NULL;
	r->nops = 0;
	r->lo = 0;
}

/* ---- output ---- */

static void
progress_clear(struct run *r)
{
	if (r->progress)
		fputs("\r\033[K", stdout);
	r->shown[0] = '\0';
}

/* The live line, on a terminal only:
 *   [5/15] vnet 'vnet', private DNS zone '...' */
static void
progress_show(struct run *r)
{
	size_t done = 0;
	struct buf b = {0};

	if (!r->progress)
		return;
	for (size_t i = 0; i < r->nops; i++)
		done += r->ops[i].ph == PH_DONE;
	buf_printf(&b, "[%zu/%zu]", done, r->nops);
	for (size_t i = 0; i < r->nops && b.len < 76; i++)
		if (r->ops[i].active && r->ops[i].ph != PH_DONE)
			buf_printf(&b, " %s,", r->ops[i].label);
	if (b.len && b.s[b.len - 1] == ',')
		b.len--;
	if (b.len > 78)
		b.len = 78;
	char line[80];
	snprintf(line, sizeof(line), "%.*s", (int)b.len, buf_str(&b));
	if (strcmp(line, r->shown)) {
		printf("\r\033[K%s", line);
		fflush(stdout);
		memcpy(r->shown, line, sizeof(line));
	}
	buf_free(&b);
}

static double
secs(const struct op *op)
{
	return op->t_end > op->t_start ? (op->t_end - op->t_start) / 1000.0 :
	    0.0;
}

/* One line per operation as it ends, e.g.
 *   created       vnet 'vnet' [myVNet] 0.4s
 *   failed        private endpoint of 'vault' [securekeyvault-pe] 1.2s:
 *                 PUT: HTTP 400 InvalidSubnet: ...
 * or a JSON line with --output json. */
static void
print_op(struct run *r, const struct op *op)
{
	if (r->readonly)
		return;
	if (r->o->json) {
		json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:f}", "event",
		    "op", "step", op->label, "kind", op->kindname, "name",
		    op->name, "id", op->path, "result", result_names[op->res],
		    "seconds", secs(op));
		if (op->nretries)
			json_object_set_new(j, "retries",
			    json_integer(op->nretries));
		if (op->res == R_FAILED)
			json_object_set_new(j, "error", json_string(op->why));
		if (op->res == R_SKIPPED && op->blocker)
			json_object_set_new(j, "blocked_by",
			    json_string(op->blocker));
		if (op->res == R_LEFT)
			json_object_set_new(j, "reason", json_string(op->left));
		char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(6));
		puts(s);
		free(s);
		json_decref(j);
		fflush(stdout);
		return;
	}
	progress_clear(r);
	printf("%-13s %s [%s]", result_names[op->res], op->label, op->name);
	if (op->scope_note)
		printf(" in %s", op->scope_note);
	if (op->res != R_SKIPPED && op->res != R_LEFT)
		printf(" %.1fs", secs(op));
	if (op->nretries)
		printf(" (%d %s)", op->nretries, op->nretries == 1 ? "retry" :
		    "retries");
	if (op->res == R_FAILED)
		printf(":\n              %s", op->why);
	else if (op->res == R_SKIPPED && op->blocker)
		printf(": waits for %s", op->blocker);
	else if (op->res == R_LEFT)
		printf(": %s", op->left);
	putchar('\n');
	fflush(stdout);
}

/* ---- operation life ---- */

static void
op_finish(struct run *r, struct op *op, enum result res)
{
	op->res = res;
	op->ph = PH_DONE;
	op->t_end = now_ms();
	if (op->active) {
		op->active = false;
		r->nactive--;
	}
	if (!r->readonly && (op->kind != K_LEFT || res == R_FAILED) &&
	    res != R_SKIPPED) {
		json_t *rec = json_pack("{s:s,s:s,s:s,s:s,s:f}", "event",
		    res == R_FAILED ? "failed" : "done", "step", op->label,
		    "id", op->path, "result", result_names[res], "seconds",
		    secs(op));
		if (res == R_FAILED)
			json_object_set_new(rec, "error", json_string(op->why));
		journal_put(r, rec);
	}
	print_op(r, op);
}

static void op_fail(struct run *r, struct op *op, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
op_fail(struct run *r, struct op *op, const char *fmt, ...)
{
	char raw[sizeof(op->why)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* ARM's messages pass through here: nothing token-like survives */
	http_redact(op->why, sizeof(op->why), raw);
	op_finish(r, op, R_FAILED);
}

/* An answer, classified. */
struct answer {
	long status;
	char code[128], msg[400];
	enum http_class cls;
	json_t *body;
};

static void
answer_read(struct op *op, struct answer *a)
{
	const struct http_resp *rs = &op->resp;

	a->status = rs->status;
	a->body = NULL;
	if (rs->status == 0) {
		a->code[0] = '\0';
		snprintf(a->msg, sizeof(a->msg), "%s", rs->errbuf);
		a->cls = rs->curl_code < 0 ? HTTP_FATAL :
		    http_classify(0, NULL, rs->curl_code);
		return;
	}
	http_arm_error(rs->body, a->code, sizeof(a->code), a->msg,
	    sizeof(a->msg));
	a->cls = http_classify(rs->status, a->code, 0);
	if (rs->body && *rs->body)
		a->body = json_loads(rs->body, 0, NULL);
}

/* "HTTP 409 AnotherOperationInProgress: ..." or "no answer: ..." */
static const char *
answer_str(const struct answer *a, char *buf, size_t n)
{
	if (a->status == 0)
		snprintf(buf, n, "no answer: %s", a->msg);
	else if (a->code[0])
		snprintf(buf, n, "HTTP %ld %s: %s", a->status, a->code, a->msg);
	else
		snprintf(buf, n, "HTTP %ld", a->status);
	return buf;
}

/* The same request again after hint_ms (Retry-After) or a backoff with
 * jitter; false when the operation has used its tries or retry time. */
static bool
retry(struct run *r, struct op *op, long hint_ms)
{
	if (++op->tries >= MAX_TRIES)
		return false;
	long ms = hint_ms >= 0 ? hint_ms : http_backoff_ms(op->tries - 1,
	    BACKOFF_BASE_MS, BACKOFF_CAP_MS, &r->rng);
	if (op->retry_waited + ms > RETRY_BUDGET_MS)
		return false;
	op->retry_waited += ms;
	op->nretries++;
	op->due = now_ms() + ms;
	return true;
}

static void
phase(struct op *op, enum phase ph, long delay_ms)
{
	op->ph = ph;
	op->tries = 0;
	op->due = now_ms() + delay_ms;
}

/* Wait before looking again at a resource that is still being worked on
 * (or not yet visible): 1, 2, 4 .. 10 s, within the operation's limit. */
static bool
settle(struct op *op)
{
	long ms = 1000L << (op->nsettle < 4 ? op->nsettle : 4);

	if (ms > 10000)
		ms = 10000;
	op->nsettle++;
	if (now_ms() + ms > op->deadline)
		return false;
	op->due = now_ms() + ms;
	return true;
}

/* A new token after ARM said the old one expired (auth.c note 7). */
static bool
reauth(struct run *r)
{
	char err[512];
	char *t;

	if (auth_token(&r->ao, &t, err, sizeof(err)) < 0) {
		fprintf(stderr, "vnetc: %s\n", err);
		return false;
	}
	auth_token_free(r->token);
	http_wipe(r->authz, strlen(r->authz));
	free(r->authz);
	r->token = t;
	r->authz = xfmt("Authorization: Bearer %s", t);
	r->hdr_auth[1] = r->authz;
	return true;
}

/* Build and start the request of op's phase. */
static void
op_send(struct run *r, struct op *op)
{
	const char *method = "GET", *path = op->path, *api = op->api;
	const char *full = NULL;
	json_t *body = NULL;

	op_reset_req(op);
	switch (op->ph) {
	case PH_RESUME:
	case PH_POLL:
		full = op->poll;
		break;
	case PH_READ:
	case PH_CONFIRM:
		if (op->kind == K_SETTINGS) {
			method = "POST";
			path = body_rest_path(&r->vc, op->st, PATH_LIST);
		}
		break;
	case PH_WRITE:
		body = op->send;
		switch (op->kind) {
		case K_RG: case K_PUT: case K_SETTINGS:
			method = "PUT";
			break;
		case K_PATCH:
			/* a plan, a back end whose PATCH does not take the
			 * change: the GET's resource, merged, PUT back
			 * (body.c) */
			method = body_step_put(op->st) ? "PUT" : "PATCH";
			break;
		case K_DELETE:
			method = "DELETE";
			break;
		case K_DISCONNECT:
			method = "DELETE";
			path = body_rest_path(&r->vc, op->st, PATH_INTEGRATION);
			break;
		case K_LEFT:
		case K_POLICY:
			break;
		}
		break;
	case PH_PURGE:
		method = "POST";
		path = body_rest_path(&r->vc, op->st, PATH_PURGE);
		api = restype_get(RES_APP)->api;
		break;
	case PH_WAIT:
	case PH_DONE:
		return;
	}
	op->url = full ? xstrdup(full) : url_of(r, path, api);
	if (op->ph == PH_WRITE && op->sync) {
		char *u = xfmt("%s&syncRemoteAddressSpace=true", op->url);
		free(op->url);
		op->url = u;
	}
	if (body)
		op->body = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
	op->req = (struct http_req){.method = method, .url = op->url,
	    .body = op->body, .user = op};
	/* The token goes only to the ARM endpoint's own origin (http.h):
	 * an operation URL elsewhere is polled without it. */
	op->req.headers = !full || http_same_origin(full, r->endpoint) ?
	    r->hdr_auth : r->hdr_plain;
	op->busy = true;
	if (op->ph == PH_WRITE)
		op->wmethod = method;
	/* refused before sending (URL policy): the caller handles resp as
	 * any answer */
	if (http_start(&op->req, &op->resp) < 0)
		op->busy = false;
}

/* ---- deciding after the read ---- */

static void
decide_write(struct run *r, struct op *op, enum act act)
{
	op->act = act;
	if (r->readonly) {
		op_finish(r, op, R_NONE);
		return;
	}
	phase(op, PH_WRITE, 0);
}

/* Whether a lock this step waits for was written in this run (apply) or
 * will be (plan): the app settings are written again then, which makes
 * the app fetch its Key Vault references now, through the VNet (the
 * tutorial's last step; docs/azure-notes.md 2.6). */
static bool
lock_written(struct run *r, const struct op *op)
{
	for (size_t i = 0; i < op->ndeps; i++) {
		const struct op *d = &r->ops[op->deps[i]];
		if (d->st->kind == STEP_LOCK && (d->wrote ||
		    (r->readonly && d->act == ACT_UPDATE)))
			return true;
	}
	return false;
}

/* Does one of the zone groups in list (a GET of an endpoint's
 * privateDnsZoneGroups) hold zone name? By the id's last segment, without
 * case, as the script's vnetc_has_zone compares. */
static bool
groups_hold(json_t *list, const char *name)
{
	json_t *g, *c;
	size_t i, j;

	json_array_foreach(json_object_get(list, "value"), i, g)
		json_array_foreach(json_object_get(json_object_get(g,
		    "properties"), "privateDnsZoneConfigs"), j, c) {
			const char *id = json_string_value(json_object_get(
			    json_object_get(c, "properties"),
			    "privateDnsZoneId"));
			const char *last = id ? strrchr(id, '/') : NULL;
			if (last && strcasecmp(last + 1, name) == 0)
				return true;
		}
	return false;
}

/* zone_group: policy, read: done when a group of the endpoint holds every
 * zone it needs; else a plan says apply will wait, and apply looks
 * again until VNETC_WAIT_TIMEOUT (op->deadline). */
static void
policy_read(struct run *r, struct op *op, json_t *list)
{
	const struct pe *pe = op->st->u.pe;
	const char *missing = NULL;

	for (size_t i = 0; i < pe->nzones && !missing; i++)
		if (!groups_hold(list, pe->zones[i]->name))
			missing = pe->zones[i]->name;
	op->act = ACT_NONE;
	op->pending = missing != NULL;
	if (!missing || r->readonly) {
		op_finish(r, op, r->readonly ? R_NONE : R_LEFT);
		return;
	}
	if (!settle(op))
		op_fail(r, op, "no zone group of the endpoint holds %s after "
		    "%ld s: is the policy assigned to this subscription, with "
		    "that zone? (VNETC_WAIT_TIMEOUT)", missing,
		    (op->deadline - op->t_start) / 1000);
}

static void
read_done(struct run *r, struct op *op, struct answer *a)
{
	json_t *have = a->body;

	if (op->kind == K_POLICY) {
		policy_read(r, op, have);
		return;
	}
	if (op->kind != K_SETTINGS && op->kind != K_RG &&
	    op->kind != K_LEFT && !state_terminal(prov_state(have))) {
		/* ARM is still working on it (a run killed half way, or
		 * someone else): writing now would conflict. */
		if (!settle(op))
			op_fail(r, op, "still %s after %d minutes",
			    prov_state(have), OP_LIMIT_MS / 60000);
		return;
	}
	json_decref(op->actual);
	op->actual = json_incref(have);
	op->existed = true;
	json_decref(op->diffs);
	op->diffs = json_array();
	switch (op->kind) {
	case K_RG:
		/* its location cannot change; existing is enough */
		op->act = ACT_NONE;
		break;
	case K_PUT:
		diff("", op->want, have, "", false, op->diffs);
		peering_sync(op, have);
		if (state_failed(prov_state(have))) {
			/* a PUT again is how ARM repairs a failed resource */
			json_t *ok = json_string("Succeeded");
			diff_add(op->diffs, "properties.provisioningState",
			    json_object_get(json_object_get(have,
			    "properties"), "provisioningState"), ok);
			json_decref(ok);
		}
		op->act = json_array_size(op->diffs) ? ACT_UPDATE : ACT_NONE;
		json_decref(op->send);
		op->send = json_incref(op->want);
		break;
	case K_PATCH:
		diff("", op->want, have, "", false, op->diffs);
		op->act = json_array_size(op->diffs) ? ACT_UPDATE : ACT_NONE;
		json_decref(op->send);
		op->send = body_patch_onto(&r->vc, op->st, have);
		break;
	case K_SETTINGS: {
		/* app settings values are data: compared exactly */
		diff("", op->want, have, "", true, op->diffs);
		json_t *merged = json_object();
		json_t *cur = json_object_get(have, "properties");
		if (json_is_object(cur))
			json_object_update(merged, cur);
		json_object_update(merged, json_object_get(op->want,
		    "properties"));
		json_decref(op->send);
		op->send = json_pack("{s:o}", "properties", merged);
		op->act = json_array_size(op->diffs) || lock_written(r, op) ?
		    ACT_UPDATE : ACT_NONE;
		break;
	}
	case K_DELETE:
		op->act = ACT_DELETE;
		break;
	case K_DISCONNECT: {
		const char *cur = json_string_value(json_object_get(
		    json_object_get(have, "properties"),
		    "virtualNetworkSubnetId"));
		op->act = cur && json_is_string(op->want) && !strcasecmp(cur,
		    json_string_value(op->want)) ? ACT_DISCONNECT : ACT_NONE;
		break;
	}
	case K_LEFT:
	case K_POLICY:
		break;
	}
	if (op->act == ACT_NONE) {
		op_finish(r, op, r->readonly ? R_NONE : op->kind == K_LEFT ?
		    R_LEFT : op->kind == K_DISCONNECT ? R_ABSENT :
		    R_UNCHANGED);
		return;
	}
	decide_write(r, op, op->act);
}

static void
read_missing(struct run *r, struct op *op, struct answer *a)
{
	char buf[600];

	json_decref(op->actual);
	op->actual = NULL;
	switch (op->kind) {
	case K_POLICY: /* the endpoint is not there yet */
		policy_read(r, op, NULL);
		return;
	case K_RG:
		if (op->verify) {
			op_fail(r, op, "the spec's existing resources (%s "
			    "among them) are in it, but GET answered %s (are "
			    "resource_group and the subscription right?)",
			    existing_in_rg(r->p->spec), answer_str(a, buf,
			    sizeof(buf)));
			return;
		}
		/* FALLTHROUGH */
	case K_PUT:
		json_decref(op->send);
		op->send = json_incref(op->want);
		decide_write(r, op, ACT_CREATE);
		return;
	case K_DELETE:
	case K_DISCONNECT:
		op->act = ACT_NONE;
		op_finish(r, op, r->readonly ? R_NONE : R_ABSENT);
		return;
	default:
		if (op->gone) {
			op_fail(r, op, "GET answered %s: %s", answer_str(a,
			    buf, sizeof(buf)), op->gone);
			return;
		}
		op_fail(r, op, "the spec says it exists, but GET answered %s "
		    "(vnetc changes existing resources; it does not create "
		    "them)", answer_str(a, buf, sizeof(buf)));
		return;
	}
}

static enum result
write_result(const struct op *op)
{
	switch (op->kind) {
	case K_RG: case K_PUT:
		return op->existed ? R_UPDATED : R_CREATED;
	case K_DELETE:
		return R_DELETED;
	case K_DISCONNECT:
		return R_DISCONNECTED;
	default:
		return R_UPDATED;
	}
}

/* Polling waits Retry-After when given (RPC: integer seconds), else
 * 1, 2, 4 .. 30 s. Three polls told "0" in a row wait a second, so a
 * server that always says 0 is not hammered. */
static long
poll_wait(struct op *op)
{
	long ms = http_retry_after_ms(op->resp.retry_after);

	op->npoll++;
	if (ms < 0) {
		ms = 1000L << (op->npoll < 5 ? op->npoll - 1 : 5);
		if (ms > POLL_CAP_MS)
			ms = POLL_CAP_MS;
	}
	if (op->npoll > 3 && ms < 1000)
		ms = 1000;
	return ms;
}

/* A write ARM accepted: follow its operation, if it has one. */
static void
write_done(struct run *r, struct op *op, struct answer *a)
{
	const struct http_resp *rs = &op->resp;
	const char *poll = rs->async_op ? rs->async_op :
	    a->status == 202 && rs->location ? rs->location : NULL;

	op->wrote = true;
	if (poll) {
		free(op->poll);
		op->poll = xstrdup(poll);
		op->poll_loc = !rs->async_op;
		op->npoll = 0;
		journal_put(r, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "event",
		    "accepted", "step", op->label, "id", op->path, "op",
		    op->req.method, "poll", op->poll, "location",
		    op->poll_loc));
		/* the first look after the write's Retry-After, or at once */
		long ms = http_retry_after_ms(rs->retry_after);
		phase(op, PH_POLL, ms > 0 ? ms : 0);
		return;
	}
	if (op->kind == K_SETTINGS || op->kind == K_DELETE ||
	    op->kind == K_DISCONNECT || state_terminal(prov_state(a->body))) {
		if (state_failed(prov_state(a->body))) {
			op_fail(r, op, "%s: provisioningState %s",
			    op->req.method, prov_state(a->body));
			return;
		}
		op_finish(r, op, write_result(op));
		return;
	}
	/* 201/202 with a non-terminal state and no operation URL: watch
	 * the resource itself */
	phase(op, PH_CONFIRM, 0);
	if (!settle(op))
		op_fail(r, op, "no end in sight");
}

/* A failed operation whose code ARM calls retryable: write again. */
static bool
rewrite(struct run *r, struct op *op)
{
	if (++op->nrewrite >= MAX_TRIES)
		return false;
	phase(op, PH_WRITE, http_backoff_ms(op->nrewrite - 1,
	    BACKOFF_BASE_MS, BACKOFF_CAP_MS, &r->rng));
	op->nretries++;
	return true;
}

/* The subnet is held by a service association link (an integration an
 * app left behind): purge unused integrations once, then delete again
 * (docs/azure-notes.md 2.4). */
static bool
subnet_in_use(const struct op *op, const char *code, const char *msg)
{
	return op->kind == K_DELETE && op->st->kind == STEP_VNET &&
	    !op->purged && (strstr(code, "InUse") ||
	    strstr(msg, "serviceAssociationLink") ||
	    strstr(msg, "ServiceAssociationLink"));
}

static void
poll_done(struct run *r, struct op *op, struct answer *a)
{
	char buf[600];

	if (!op->poll_loc) {
		/* Azure-AsyncOperation: always 200 with a status; 4xx/5xx
		 * means reading the status failed, not the operation */
		if (a->status == 200) {
			const char *s = json_string_value(json_object_get(
			    a->body, "status"));
			if (s && !strcasecmp(s, "Succeeded")) {
				phase(op, PH_CONFIRM, 0);
				return;
			}
			if (s && state_failed(s)) {
				char code[128], msg[400];
				http_arm_error(op->resp.body, code,
				    sizeof(code), msg, sizeof(msg));
				if (http_classify(200, code, 0) == HTTP_RETRY &&
				    rewrite(r, op))
					return;
				if (subnet_in_use(op, code, msg)) {
					op->purged = true;
					phase(op, PH_PURGE, 0);
					return;
				}
				op_fail(r, op, "%s: operation %s: %s: %s",
				    op->wmethod, s, code[0] ? code :
				    "(no code)", msg);
				return;
			}
			op->due = now_ms() + poll_wait(op);
			if (op->due > op->deadline)
				op_fail(r, op, "operation still %s after %d "
				    "minutes", s ? s : "running",
				    OP_LIMIT_MS / 60000);
			return;
		}
	} else {
		/* Location: 202 while running, then the operation's own
		 * final answer */
		if (a->status == 202) {
			if (op->resp.location) {
				free(op->poll);
				op->poll = xstrdup(op->resp.location);
			}
			op->due = now_ms() + poll_wait(op);
			if (op->due > op->deadline)
				op_fail(r, op, "operation still running after "
				    "%d minutes", OP_LIMIT_MS / 60000);
			return;
		}
		if (a->status >= 200 && a->status < 300) {
			phase(op, PH_CONFIRM, 0);
			return;
		}
		if (a->status >= 400 && a->status < 500 && a->status != 408 &&
		    a->status != 429) {
			if (a->cls == HTTP_RETRY && rewrite(r, op))
				return;
			if (subnet_in_use(op, a->code, a->msg)) {
				op->purged = true;
				phase(op, PH_PURGE, 0);
				return;
			}
			op_fail(r, op, "%s: operation failed: %s", op->wmethod,
			    answer_str(a, buf, sizeof(buf)));
			return;
		}
	}
	if (a->cls == HTTP_RETRY && retry(r, op,
	    http_retry_after_ms(op->resp.retry_after)))
		return;
	op_fail(r, op, "polling the operation: %s", answer_str(a, buf,
	    sizeof(buf)));
}

static void
confirm_done(struct run *r, struct op *op, struct answer *a)
{
	char buf[600];

	if (op->kind == K_SETTINGS && a->status == 200) {
		op_finish(r, op, write_result(op));
		return;
	}
	if (op->kind == K_DELETE) {
		if (a->status == 404) {
			op_finish(r, op, R_DELETED);
			return;
		}
		if (a->status == 200) {
			if (!settle(op) || op->nsettle > SETTLE_TRIES + 4)
				op_fail(r, op, "still there after DELETE "
				    "(provisioningState %s)",
				    prov_state(a->body) ? prov_state(a->body) :
				    "none");
			return;
		}
	} else if (op->kind == K_DISCONNECT && a->status == 200) {
		const char *cur = json_string_value(json_object_get(
		    json_object_get(a->body, "properties"),
		    "virtualNetworkSubnetId"));
		if (!cur || !*cur || strcasecmp(cur, json_string_value(
		    op->want))) {
			op_finish(r, op, R_DISCONNECTED);
			return;
		}
		if (!settle(op) || op->nsettle > SETTLE_TRIES)
			op_fail(r, op, "the app is still in the subnet after "
			    "DELETE networkConfig/virtualNetwork");
		return;
	} else if (a->status == 200) {
		const char *s = prov_state(a->body);
		if (state_failed(s)) {
			op_fail(r, op, "provisioningState %s after the write",
			    s);
			return;
		}
		if (state_terminal(s)) {
			op_finish(r, op, write_result(op));
			return;
		}
		if (!settle(op))
			op_fail(r, op, "still %s after %d minutes", s,
			    OP_LIMIT_MS / 60000);
		return;
	} else if (a->status == 404) {
		/* not visible yet: reads can lag writes */
		if (op->nsettle < SETTLE_TRIES && settle(op))
			return;
		op_fail(r, op, "GET after the write: %s", answer_str(a, buf,
		    sizeof(buf)));
		return;
	}
	if (a->cls == HTTP_RETRY && retry(r, op,
	    http_retry_after_ms(op->resp.retry_after)))
		return;
	op_fail(r, op, "GET after the write: %s", answer_str(a, buf,
	    sizeof(buf)));
}

static void
op_handle(struct run *r, struct op *op)
{
	struct answer a;
	char buf[600];

	answer_read(op, &a);
	/* Tries count one request sent again and again: an answer (a poll
	 * saying InProgress, a resource still Updating) starts anew. */
	if (a.cls != HTTP_RETRY)
		op->tries = 0;
	/* A failure to reach the server that no retry mends (a certificate
	 * not trusted, a host with no address) will meet every step: the
	 * steps not yet started are not attempted (activate). */
	if (a.status == 0 && http_unreachable(op->resp.curl_code) &&
	    !r->unreachable)
		r->unreachable = xstrdup(a.msg);
	if (a.status == 401 && !strcasecmp(a.code,
	    "ExpiredAuthenticationToken") && !op->reauthed) {
		op->reauthed = true;
		if (reauth(r)) {
			op->due = now_ms();
			json_decref(a.body);
			return;
		}
	}
	switch (op->ph) {
	case PH_RESUME:
		/* whatever the old operation says, once it is not running
		 * the read decides */
		if (a.status == 202 || (a.status == 200 && !op->poll_loc &&
		    !state_terminal(json_string_value(json_object_get(a.body,
		    "status"))))) {
			op->due = now_ms() + poll_wait(op);
			if (op->due > op->deadline)
				phase(op, PH_READ, 0);
		} else if (a.cls == HTTP_RETRY && retry(r, op,
		    http_retry_after_ms(op->resp.retry_after))) {
			;
		} else {
			phase(op, PH_READ, 0);
		}
		break;
	case PH_READ:
		if (a.status == 200)
			read_done(r, op, &a);
		else if (a.status == 404)
			read_missing(r, op, &a);
		else if (!(a.cls == HTTP_RETRY && retry(r, op,
		    http_retry_after_ms(op->resp.retry_after))))
			op_fail(r, op, "%s: %s", op->req.method,
			    answer_str(&a, buf, sizeof(buf)));
		break;
	case PH_WRITE:
		if (a.status >= 200 && a.status < 300 && !a.code[0]) {
			write_done(r, op, &a);
		} else if (subnet_in_use(op, a.code, a.msg)) {
			op->purged = true;
			phase(op, PH_PURGE, 0);
		} else if (!(a.cls == HTTP_RETRY && retry(r, op,
		    http_retry_after_ms(op->resp.retry_after)))) {
			op_fail(r, op, "%s: %s", op->req.method,
			    answer_str(&a, buf, sizeof(buf)));
		}
		break;
	case PH_POLL:
		poll_done(r, op, &a);
		break;
	case PH_CONFIRM:
		confirm_done(r, op, &a);
		break;
	case PH_PURGE:
		if (a.status >= 200 && a.status < 300)
			phase(op, PH_WRITE, 0);
		else if (!(a.cls == HTTP_RETRY && retry(r, op,
		    http_retry_after_ms(op->resp.retry_after))))
			op_fail(r, op, "purging unused VNet integrations: %s",
			    answer_str(&a, buf, sizeof(buf)));
		break;
	case PH_WAIT:
	case PH_DONE:
		break;
	}
	json_decref(a.body);
	if (op->ph != PH_DONE)
		http_resp_free(&op->resp);
}

/* How long apply waits for a policy's zone group: VNETC_WAIT_TIMEOUT
 * seconds, as the script does (default 900; Azure's policies deploy
 * some minutes after the endpoint). */
static long
policy_wait_ms(void)
{
	const char *v = getenv("VNETC_WAIT_TIMEOUT");
	char *end;
	long n = v ? strtol(v, &end, 10) : 900;

	if (!v || *end || n < 0 || n > 86400)
		n = 900;
	return n * 1000;
}

/* Start op if its turn has come: what it waits for is done, and fewer
 * than --parallelism operations are under way. A plan (readonly) reads
 * everything at once: reads need no order. */
static void
activate(struct run *r, struct op *op)
{
	if (!r->readonly)
		for (size_t i = 0; i < op->ndeps; i++) {
			const struct op *d = &r->ops[op->deps[i]];
			if (d->res == R_FAILED || d->res == R_SKIPPED) {
				op->blocker = d->label;
				op_finish(r, op, R_SKIPPED);
				return;
			}
			if (d->ph != PH_DONE)
				return;
		}
	if (op->kind == K_LEFT && !op->verify) {
		op_finish(r, op, R_LEFT);
		return;
	}
	if (r->unreachable) {
		op->blocker = "ARM, which could not be reached";
		op_finish(r, op, R_SKIPPED);
		return;
	}
	if (r->nactive >= (size_t)r->o->parallelism)
		return;
	r->nactive++;
	op->active = true;
	op->t_start = now_ms();
	op->deadline = op->t_start + (op->kind == K_POLICY ? policy_wait_ms() :
	    OP_LIMIT_MS);
	if (!op->api) {
		/* nothing can read it: an error of the plan, before any
		 * write */
		op_fail(r, op, "vnetc knows no apiVersion for %s, so it "
		    "cannot read this %s", op->st->kind == STEP_LOCK ?
		    op->st->u.backend->type : op->kindname, op->kind ==
		    K_LEFT ? "back end, which the spec says exists" :
		    "resource or change it");
		return;
	}
	phase(op, op->resume && !r->readonly ? PH_RESUME : PH_READ, 0);
}

/* The scheduler: start what is ready and due, take answers as they come. */
static void
run_ops(struct run *r)
{
	for (;;) {
		long now = now_ms(), next = now + 1000;
		bool pending = false;

		while (r->lo < r->nops && r->ops[r->lo].ph == PH_DONE)
			r->lo++;
		for (size_t i = r->lo; i < r->nops; i++) {
			struct op *op = &r->ops[i];
			if (op->ph == PH_WAIT)
				activate(r, op);
			if (op->ph == PH_DONE)
				continue;
			pending = true;
			if (op->ph == PH_WAIT || op->busy)
				continue;
			if (op->due <= now) {
				op_send(r, op);
				if (!op->busy)
					op_handle(r, op); /* refused */
			} else if (op->due < next) {
				next = op->due;
			}
		}
		if (!pending)
			break;
		progress_show(r);
		long wait = next - now_ms();
		if (wait < 0)
			wait = 0;
		if (http_pending() == 0) {
			sleep_ms(wait);
			continue;
		}
		const struct http_req *q = http_next(wait);
		if (q) {
			struct op *op = q->user;
			op->busy = false;
			op_handle(r, op);
		}
	}
	progress_clear(r);
	if (r->progress)
		fflush(stdout);
	if (r->unreachable && !r->unreachable_said) {
		r->unreachable_said = true;
		fprintf(stderr, "vnetc: could not reach ARM at %s: %s%s\n",
		    r->endpoint, r->unreachable, strstr(r->unreachable,
		    "certificate") ? " (a private CA? trust it with "
		    "--ca-bundle FILE)" : "");
	}
}

/* ---- plan output ---- */

static char *
jtext(json_t *v)
{
	if (!v)
		return xstrdup("(absent)");
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
	    JSON_PRESERVE_ORDER);
	return s ? s : xstrdup("?");
}

/* The plan of a readonly run.
 *   + create      vnet 'vnet' [myVNet]
 *   ~ update      plan 'plan' [my-language-app]
 *                     sku.name: "F1" -> "S1"
 *   = no change   private DNS zone '...' [...]
 *   . left alone  plan 'plan' [...]: the spec keeps its SKU */
static void
print_plan(struct run *r)
{
	static const char sign[] = {' ', '+', '~', '-', '-'};
	size_t n[5] = {0}, nleft = 0, nerr = 0, nunread = 0;
	bool json = r->o->json;
	json_t *steps = json_array();

	for (size_t i = 0; i < r->nops; i++) {
		struct op *op = &r->ops[i];
		json_t *j = json_pack("{s:s,s:s,s:s,s:s}", "step", op->label,
		    "kind", op->kindname, "name", op->name, "id", op->path);
		const char *what;
		if (op->res == R_FAILED) {
			nerr++;
			what = "error";
			json_object_set_new(j, "error", json_string(op->why));
		} else if (op->res == R_SKIPPED) {
			nunread++;
			what = "not read";
			json_object_set_new(j, "blocked_by",
			    json_string(op->blocker));
		} else if (op->kind == K_LEFT || op->kind == K_POLICY) {
			nleft++;
			what = op->kind == K_LEFT ? "left alone" :
			    "left to policy";
			json_object_set_new(j, "reason", json_string(op->left));
			if (op->pending)
				json_object_set_new(j, "pending", json_true());
		} else {
			n[op->act]++;
			what = r->o->cmd == APPLY_DESTROY && op->act ==
			    ACT_NONE ? "absent" : act_names[op->act];
		}
		json_object_set_new(j, "action", json_string(what));
		if (!json) {
			printf("  %c %-11s %s [%s]", op->res == R_FAILED ? '!' :
			    op->res == R_SKIPPED ? '?' : op->kind == K_LEFT ||
			    op->kind == K_POLICY ? '.' : op->act == ACT_NONE ?
			    '=' : sign[op->act], what, op->label, op->name);
			if (op->res == R_FAILED)
				printf(":\n                %s", op->why);
			else if (op->res == R_SKIPPED)
				printf(": waits for %s", op->blocker);
			else if (op->kind == K_LEFT || op->kind == K_POLICY)
				printf(": %s%s", op->left, op->pending ? " (not "
				    "there yet: apply waits for it)" : "");
			if (op->scope_note)
				printf("\n                in %s", op->scope_note);
			putchar('\n');
		}
		bool secret = op->kind == K_SETTINGS;
		json_t *ch = json_array();
		for (size_t k = 0; op->act == ACT_UPDATE &&
		    k < json_array_size(op->diffs); k++) {
			json_t *d = json_array_get(op->diffs, k);
			const char *path = json_string_value(json_object_get(d,
			    "path"));
			json_t *old = json_object_get(d, "old");
			json_t *new = json_object_get(d, "new");
			/* an app setting's old value may be a secret */
			char *o = secret && old ? xstrdup("(hidden)") :
			    jtext(old);
			char *nw = jtext(new);
			if (!json)
				printf("                  %s: %s -> %s\n", path,
				    o, nw);
			free(o);
			free(nw);
			/* JSON: the values themselves; absent is left out */
			json_t *c = json_pack("{s:s}", "path", path);
			if (old && secret)
				json_object_set_new(c, "old_hidden",
				    json_true());
			else if (old)
				json_object_set(c, "old", old);
			if (new)
				json_object_set(c, "new", new);
			json_array_append_new(ch, c);
		}
		if (op->kind == K_SETTINGS && op->act == ACT_UPDATE &&
		    !json_array_size(op->diffs) && !json)
			printf("                  (written again: the app "
			    "fetches its Key Vault references anew)\n");
		json_object_set_new(j, "changes", ch);
		json_array_append_new(steps, j);
	}
	if (json) {
		/* The plan apply shows before it asks is a "plan" too. */
		json_t *j = json_pack("{s:s,s:s,s:o,s:{s:I,s:I,s:I,s:I,s:I,"
		    "s:I,s:I,s:I}}", "command", r->o->cmd == APPLY_DESTROY ?
		    "destroy" : "plan", "spec", r->p->spec->file, "steps", steps,
		    "summary", "create", (json_int_t)n[ACT_CREATE], "update",
		    (json_int_t)n[ACT_UPDATE], "delete",
		    (json_int_t)n[ACT_DELETE], "disconnect",
		    (json_int_t)n[ACT_DISCONNECT], "unchanged",
		    (json_int_t)n[ACT_NONE], "left_alone", (json_int_t)nleft,
		    "errors", (json_int_t)nerr, "not_read",
		    (json_int_t)nunread);
		char *t = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(t);
		free(t);
		json_decref(j);
	} else {
		json_decref(steps);
		if (r->o->cmd == APPLY_DESTROY)
			printf("\nDestroy: %zu to delete, %zu to disconnect, "
			    "%zu already absent, %zu left alone", n[ACT_DELETE],
			    n[ACT_DISCONNECT], n[ACT_NONE], nleft);
		else
			printf("\nPlan: %zu to create, %zu to update, %zu "
			    "unchanged, %zu left alone", n[ACT_CREATE],
			    n[ACT_UPDATE], n[ACT_NONE], nleft);
		if (nerr)
			printf(", %zu %s", nerr, nerr == 1 ? "error" : "errors");
		if (nunread)
			printf(", %zu not read", nunread);
		printf(".\n");
	}
	fflush(stdout);
}

/* ---- summary ---- */

/* apply: 9 created, 5 updated, 1 unchanged; 0 failed, 0 not attempted
 * (4.2s) and then each failure and what it held back. Returns the number
 * of failed or not attempted operations. */
static size_t
print_summary(struct run *r)
{
	size_t n[R_SKIPPED + 1] = {0};
	double wall = (now_ms() - r->t0) / 1000.0;

	for (size_t i = 0; i < r->nops; i++)
		n[r->ops[i].res]++;
	const char *cmd = cmds[r->o->cmd].name;
	if (r->o->json) {
		json_t *j = json_pack("{s:s,s:s,s:f}", "event", "summary",
		    "command", cmd, "seconds", wall);
		for (int k = R_UNCHANGED; k <= R_SKIPPED; k++)
			json_object_set_new(j, result_names[k],
			    json_integer((json_int_t)n[k]));
		char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(6));
		puts(s);
		free(s);
		json_decref(j);
	} else {
		printf("\n%s: ", cmd);
		const char *sep = "";
		for (int k = R_UNCHANGED; k <= R_LEFT; k++)
			if (n[k]) {
				printf("%s%zu %s", sep, n[k], result_names[k]);
				sep = ", ";
			}
		printf("%s%zu failed, %zu not attempted (%.1fs)\n",
		    *sep ? "; " : "", n[R_FAILED], n[R_SKIPPED], wall);
		for (size_t i = 0; i < r->nops; i++)
			if (r->ops[i].res == R_FAILED)
				printf("  failed: %s [%s]: %s\n",
				    r->ops[i].label, r->ops[i].name,
				    r->ops[i].why);
		for (size_t i = 0; i < r->nops; i++)
			if (r->ops[i].res == R_SKIPPED)
				printf("  not attempted: %s [%s] (waits for "
				    "%s)\n", r->ops[i].label, r->ops[i].name,
				    r->ops[i].blocker ? r->ops[i].blocker :
				    "?");
	}
	fflush(stdout);
	return n[R_FAILED] + n[R_SKIPPED];
}

/* ---- --dry-run: the requests, as if nothing existed yet ---- */

/* The subscription of a dry run given none: no subscription has it. */
#define DRY_RUN_SUB "00000000-0000-0000-0000-000000000000"
/* The one a dry run without a subscription puts in its URLs; compared by
 * address, so that a spec whose subscription: is this id is not told that
 * its subscription is a placeholder. */
static const char dry_run_sub[] = DRY_RUN_SUB;

static void
dry_body(json_t *b)
{
	char *s = json_dumps(b, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	printf("%s\n", s);
	free(s);
}

/* Each step's requests, in order, for review and golden tests:
 *   # 2/15 vnet 'vnet' [myVNet]
 *   GET https://management.azure.com/subscriptions/.../myVNet?api-version=..
 *   PUT https://...
 *   { ...body... }
 * Bodies sent against what exists (a PATCH carried onto the current
 * networkAcls, settings merged into the current ones) show the spec's
 * part. Never a header: the token is not read at all. */
static void
dry_run(struct run *r)
{
	const char *what = cmds[r->o->cmd].name;

	printf("# vnetc %s --dry-run %s: the requests, assuming %s\n", what,
	    r->p->spec->file, r->o->cmd == APPLY_DESTROY ? "every resource "
	    "the spec creates exists" : "no resource the spec creates exists "
	    "yet");
	if (r->vc.subscription == dry_run_sub)
		printf("# subscription %s is a placeholder: give "
		    "--subscription ID (or set AZURE_SUBSCRIPTION_ID) for the "
		    "real URLs\n", DRY_RUN_SUB);
	for (size_t i = 0; i < r->nops; i++) {
		struct op *op = &r->ops[i];
		const struct step *st = op->st;
		char *u;
		printf("\n# %zu/%zu %s [%s]\n", i + 1, r->nops, op->label,
		    op->name);
		if (op->kind == K_LEFT) {
			printf("# left alone: %s%s\n", op->left, op->verify ?
			    "; read, as the spec says it exists" : "");
			if (!op->verify)
				continue;
		}
		if (!op->api) {
			printf("# error: no apiVersion known for %s\n",
			    op->kindname);
			continue;
		}
		const char *read = op->kind == K_SETTINGS ?
		    body_rest_path(&r->vc, st, PATH_LIST) : op->path;
		u = url_of(r, read, op->api);
		printf("%s %s\n", op->kind == K_SETTINGS ? "POST" : "GET", u);
		free(u);
		switch (op->kind) {
		case K_RG:
			if (op->verify) {
				printf("# never created: the spec's existing "
				    "resources are in it\n");
				u = NULL;
				break;
			}
			/* FALLTHROUGH */
		case K_PUT:
			u = url_of(r, op->path, op->api);
			printf("PUT %s\n", u);
			dry_body(op->want);
			break;
		case K_PATCH: {
			json_t *b = body_patch_onto(&r->vc, st, NULL);
			u = url_of(r, op->path, op->api);
			if (body_step_put(st))
				printf("# if it differs: the resource as read, "
				    "with this merged into it\nPUT %s\n", u);
			else
				printf("# if it differs\nPATCH %s\n", u);
			dry_body(b);
			json_decref(b);
			break;
		}
		case K_SETTINGS:
			u = url_of(r, op->path, op->api);
			printf("# if it differs, or a lock it waits for was "
			    "written; merged into the current settings\n"
			    "PUT %s\n", u);
			dry_body(op->want);
			break;
		case K_DELETE:
			u = url_of(r, op->path, op->api);
			printf("DELETE %s\n", u);
			break;
		case K_DISCONNECT:
			u = url_of(r, body_rest_path(&r->vc, st,
			    PATH_INTEGRATION), op->api);
			printf("# if it is integrated with %s\nDELETE %s\n",
			    json_string_value(op->want), u);
			break;
		case K_POLICY:
			printf("# %s; read again until a group holds every "
			    "zone the endpoint needs\n", op->left);
			u = NULL;
			break;
		case K_LEFT:
			u = NULL;
			break;
		}
		free(u);
	}
}

/* ---- the command ---- */

/* Ask on the terminal; true only for "yes". */
static bool
confirm(struct run *r)
{
	char line[64];

	fprintf(stderr, "\nvnetc: %s these changes in subscription %s? Only "
	    "'yes' goes on: ", r->o->cmd == APPLY_DESTROY ? "Make" : "Apply",
	    r->vc.subscription);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, "yes") == 0;
}

static bool
subscription_ok(const char *s)
{
	return s && *s && strlen(s) < 80 && strspn(s, "abcdefghijklmnopqrstu"
	    "vwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == strlen(s);
}

/* Endpoints, subscription, cloud: returns 0, or 2 (printed). */
static int
resolve(struct run *r)
{
	const struct apply_opts *o = r->o;
	struct spec *s = r->p->spec;
	enum cloud c = s->cloud;
	char why[256];

	if (o->cloud) {
		if (!privatelink_cloud_parse(o->cloud, &c)) {
			fprintf(stderr, "vnetc: --cloud '%s': use public, usgov "
			    "or china\n", o->cloud);
			return 2;
		}
		/* the spec's private DNS zones are its cloud's */
		if (c != s->cloud) {
			fprintf(stderr, "vnetc: --cloud %s, but %s is written "
			    "for the %s cloud (its private DNS zones are that "
			    "cloud's)\n", o->cloud, s->file,
			    privatelink_cloud_name(s->cloud));
			return 2;
		}
	}
	r->audience = clouds[c].audience;
	const char *ep = o->arm_endpoint ? o->arm_endpoint : clouds[c].arm;
	size_t n = strlen(ep);
	while (n && ep[n - 1] == '/')
		n--;
	r->endpoint = arena_strndup(&s->arena, ep, n);
	if (!http_url_allowed(r->endpoint, why, sizeof(why)) ||
	    strchr(r->endpoint + 8, '?') || strchr(r->endpoint, '#')) {
		fprintf(stderr, "vnetc: --arm-endpoint %s: %s\n", r->endpoint,
		    why[0] ? why : "no query or fragment, please");
		return 2;
	}
	if (o->login_endpoint && !http_url_allowed(o->login_endpoint, why,
	    sizeof(why))) {
		fprintf(stderr, "vnetc: --login-endpoint %s: %s\n",
		    o->login_endpoint, why);
		return 2;
	}
	/* The spec's subscription: is the home one; --subscription gives it
	 * where the spec does not, and may not say otherwise. */
	const char *spec_sub = s->sub.nsegs ? tmpl_eval(s, &s->sub) : NULL;
	if (spec_sub && o->subscription && strcasecmp(spec_sub,
	    o->subscription)) {
		fprintf(stderr, "vnetc: --subscription %s, but %s says "
		    "subscription: %s (%s); give one of them, or the same\n",
		    o->subscription, s->file, spec_sub, s->sub.raw);
		return 2;
	}
	const char *sub = spec_sub ? spec_sub : o->subscription ?
	    o->subscription : getenv("AZURE_SUBSCRIPTION_ID");
	if (!sub && o->dry_run)
		sub = dry_run_sub;
	if (!sub) {
		fprintf(stderr, "vnetc: which subscription? Give "
		    "--subscription ID or set AZURE_SUBSCRIPTION_ID\n");
		return 2;
	}
	if (!subscription_ok(sub)) {
		fprintf(stderr, "vnetc: subscription '%s' is not a "
		    "subscription id\n", sub);
		return 2;
	}
	r->vc = (struct valctx){.mode = VAL_REST, .spec = s,
	    .subscription = sub};
	/* ${vnetc_subscription}: every id of the home scope, and of the
	 * scopes that name no subscription, is in this one (body.c) */
	s->runsub->value = sub;
	return 0;
}

static int
login(struct run *r)
{
	char err[512];
	struct http_opts ho = {.ca_bundle = r->o->ca_bundle,
	    .version = VNETC_VERSION};

	if (http_init(&ho) < 0) {
		fprintf(stderr, "vnetc: cannot start libcurl\n");
		return 3;
	}
	r->ao = (struct auth_opts){.cloud_arm_resource = r->audience,
	    .login_endpoint = r->o->login_endpoint,
	    .ca_bundle = r->o->ca_bundle};
	if (auth_token(&r->ao, &r->token, err, sizeof(err)) < 0) {
		fprintf(stderr, "vnetc: %s\n", err);
		return 3;
	}
	r->authz = xfmt("Authorization: Bearer %s", r->token);
	r->hdr_auth[0] = "Content-Type: application/json";
	r->hdr_auth[1] = r->authz;
	r->hdr_auth[2] = NULL;
	r->hdr_plain[0] = "Content-Type: application/json";
	r->hdr_plain[1] = NULL;
	if (!r->o->json)
		fprintf(stderr, "vnetc: %s %s at %s, subscription %s, "
		    "credentials from %s\n", cmds[r->o->cmd].doing,
		    r->p->spec->file, r->endpoint,
		    r->vc.subscription, auth_source());
	return 0;
}

/* A readonly pass: every step read and decided, nothing written; the
 * plan printed, unless quiet and it has no errors. Returns the number of
 * changes, or -1 when the plan has errors (a read failed, a resource the
 * spec says exists is not there, a step could not be read), their number
 * in r->nplan_err. */
static int
plan_pass(struct run *r, bool quiet)
{
	size_t changes = 0;

	r->readonly = true;
	r->nplan_err = 0;
	ops_build(r);
	run_ops(r);
	for (size_t i = 0; i < r->nops; i++) {
		/* locks decided after the settings were read */
		struct op *op = &r->ops[i];
		if (op->kind == K_SETTINGS && op->res != R_FAILED &&
		    op->act == ACT_NONE && lock_written(r, op))
			op->act = ACT_UPDATE;
		if (op->res == R_FAILED || op->res == R_SKIPPED)
			r->nplan_err++;
		else if (op->kind != K_LEFT && op->act != ACT_NONE)
			changes++;
	}
	if (!quiet || r->nplan_err)
		print_plan(r);
	ops_free(r);
	r->readonly = false;
	return r->nplan_err ? -1 : (int)changes;
}

static void
journal_run(struct run *r)
{
	journal_put(r, json_pack("{s:s,s:s,s:s,s:s}", "event", "run",
	    "command", cmds[r->o->cmd].name, "spec", r->p->spec->file,
	    "endpoint", r->endpoint));
}

/* apply and destroy, --yes or not, write nothing when their plan has
 * errors (issue 14): half an estate is worse than none.
 *   vnetc: apply stopped before its first write: the plan above has 1
 *   error; nothing was changed */
static int
refuse(struct run *r)
{
	fprintf(stderr, "vnetc: %s stopped before its first write: the plan "
	    "%s has %zu %s; nothing was changed\n", cmds[r->o->cmd].name,
	    r->o->json ? "printed" : "above", r->nplan_err,
	    r->nplan_err == 1 ? "error" : "errors");
	journal_run(r);
	journal_put(r, json_pack("{s:s,s:I,s:I,s:I}", "event", "end",
	    "plan_errors", (json_int_t)r->nplan_err, "failed", (json_int_t)0,
	    "written", (json_int_t)0));
	return 3;
}

static int
execute(struct run *r)
{
	size_t written = 0;

	ops_build(r);
	if (r->jfd >= 0) {
		for (size_t i = 0; i < r->nops; i++)
			if (r->ops[i].kind != K_LEFT)
				journal_resume(r, &r->ops[i]);
		journal_run(r);
	}
	r->t0 = now_ms();
	r->progress = !r->o->json && isatty(STDOUT_FILENO);
	run_ops(r);
	size_t bad = print_summary(r);
	for (size_t i = 0; i < r->nops; i++)
		written += r->ops[i].wrote;
	journal_put(r, json_pack("{s:s,s:I,s:I}", "event", "end", "failed",
	    (json_int_t)bad, "written", (json_int_t)written));
	ops_free(r);
	return bad ? 3 : 0;
}

int
apply_run(const struct plan *p, const struct apply_opts *o)
{
	struct run r = {.p = p, .o = o, .jfd = -1};
	char why[256];
	int rc;

	/* libcurl is loaded only now (http.c), so say at once if it is not
	 * there, before any journal is written. 3, as when it cannot start
	 * (login); not 2, which plan --detailed-exitcode reads as changes:
	 *   vnetc: plan needs libcurl (libcurl.so.4: cannot open shared
	 *   object file: No such file or directory): install the Debian
	 *   package libcurl4 */
	if (http_load(why, sizeof(why)) < 0) {
		fprintf(stderr, "vnetc: %s needs libcurl (%s): install the "
		    "Debian package libcurl4\n", cmds[o->cmd].name, why);
		return 3;
	}
	if ((rc = resolve(&r)))
		return rc;
	r.rng = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	if (o->dry_run) {
		ops_build(&r);
		dry_run(&r);
		ops_free(&r);
		return fflush(stdout) ? 2 : 0;
	}
	if (o->cmd != APPLY_PLAN && !o->yes && !isatty(STDIN_FILENO)) {
		fprintf(stderr, "vnetc: %s changes Azure and asks first, but "
		    "there is no terminal to ask on; pass --yes to go on "
		    "without asking\n", cmds[o->cmd].name);
		return 2;
	}
	if (o->cmd != APPLY_PLAN && (rc = journal_open(&r)))
		goto out;
	/* A reader that goes away (| head) must not stop an apply half way:
	 * output fails quietly, the operations go on to the journal. */
	if (o->cmd != APPLY_PLAN)
		signal(SIGPIPE, SIG_IGN);
	if ((rc = login(&r)))
		goto out;
	if (o->cmd == APPLY_PLAN) {
		int ch = plan_pass(&r, false);
		rc = ch < 0 ? (o->detailed ? 1 : 3) :
		    o->detailed && ch > 0 ? 2 : 0;
		goto out;
	}
	/* Every resource is read before the first write, --yes or not: a
	 * plan with errors stops here (shown even with --yes). */
	int ch = plan_pass(&r, o->yes);
	if (ch < 0) {
		rc = refuse(&r);
		goto out;
	}
	if (!o->yes) {
		if (ch == 0) {
			fprintf(stderr, "vnetc: nothing to do\n");
			rc = 0;
			goto out;
		}
		if (!confirm(&r)) {
			fprintf(stderr, "vnetc: %s cancelled; nothing was "
			    "changed\n", cmds[o->cmd].name);
			rc = APPLY_CANCELLED;
			goto out;
		}
	}
	rc = execute(&r);
out:
	if (r.jfd >= 0)
		close(r.jfd);
	free(r.jpath);
	json_decref(r.journal);
	free(r.unreachable);
	auth_token_free(r.token);
	if (r.authz) {
		http_wipe(r.authz, strlen(r.authz));
		free(r.authz);
	}
	if (http_active())
		http_cleanup();
	return rc;
}
