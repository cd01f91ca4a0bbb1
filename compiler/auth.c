/* auth.c - environment -> ARM bearer token, for apply.c: AZURE_ACCESS_TOKEN,
 * client credentials, managed identity or the Azure CLI
 * (docs/azure-notes.md 7).
 * Every buffer that held a secret is wiped before it is freed; messages
 * name the source and the reason, never the secret or the token. */
#include "auth.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "http.h"

extern char **environ;

enum {
	AZ_TIMEOUT_MS = 60 * 1000,	/* az refreshes over the network */
	AZ_MAX_OUT = 1024 * 1024,
	AZ_MAX_ERR = 4096,
	MAX_TOKEN = 32 * 1024,	/* JWTs are a few KB */
	TOKEN_TIMEOUT_MS = 30 * 1000,
};

static const char default_resource[] = "https://management.azure.com/";
static const char mi_api_version[] = "2019-08-01";

/* ARM host -> login endpoint (docs/azure-notes.md 7). */
static const struct {
	const char *arm_host;
	const char *login;
} clouds[] = {
	{"management.azure.com", "https://login.microsoftonline.com"},
	{"management.core.windows.net", "https://login.microsoftonline.com"},
	{"management.usgovcloudapi.net", "https://login.microsoftonline.us"},
	{"management.core.usgovcloudapi.net", "https://login.microsoftonline.us"},
	{"management.chinacloudapi.cn", "https://login.chinacloudapi.cn"},
	{"management.core.chinacloudapi.cn", "https://login.chinacloudapi.cn"},
};

static char source[192];

/* A string that may hold a secret: grown by copying, wiped when freed. */
struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

/* The value of base64url digit c, or -1. */
static int
b64url(int c)
{
	static const char d[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_";
	const char *p = c ? strchr(d, c) : NULL;

	return p ? (int)(p - d) : -1;
}

/* An access token of the Microsoft identity platform is a JWT whose
 * payload names the tenant in its tid claim ("the tenant that the user is
 * signing in to", learn.microsoft.com/entra/identity-platform/
 * access-token-claims-reference). A Key Vault vnetc creates needs it
 * (body.c create_json). */
char *
auth_token_tenant(const char *token)
{
	const char *p = token ? strchr(token, '.') : NULL;
	const char *end = p ? strchr(p + 1, '.') : NULL;
	char *raw, *tid = NULL;
	size_t n = 0;
	unsigned acc = 0;
	int bits = 0;

	if (!end)
		return NULL;
	raw = malloc((size_t)(end - p) + 1);
	if (!raw)
		return NULL;
	for (const char *c = p + 1; c < end; c++) {
		int v = b64url(*c);
		if (v < 0)
			break;
		acc = (acc << 6) | (unsigned)v;
		if ((bits += 6) >= 8) {
			bits -= 8;
			raw[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	json_t *j = json_loadb(raw, n, 0, NULL);
	const char *t = json_string_value(json_object_get(j, "tid"));
	if (t && *t)
		tid = strdup(t);
	json_decref(j);
	free(raw);
	return tid;
}

void
auth_token_free(char *token)
{
	if (!token)
		return;
	http_wipe(token, strlen(token));
	free(token);
}

const char *
auth_source(void)
{
	return source;
}

static void
sb_putn(struct sbuf *b, const char *s, size_t n)
{
	if (!b->oom && !http_secret_append(&b->s, &b->len, &b->cap, s, n))
		b->oom = true;
}

static void
sb_puts(struct sbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

/* application/x-www-form-urlencoded and query strings: RFC 3986
 * unreserved characters stay, everything else is %XX. */
static void
sb_escape(struct sbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[3];

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c)) {
			sb_putn(b, s, 1);
		} else {
			e[0] = '%';
			e[1] = hex[c >> 4];
			e[2] = hex[c & 15];
			sb_putn(b, e, 3);
		}
	}
}

static void
sb_free(struct sbuf *b)
{
	if (b->s)
		http_wipe(b->s, b->cap);
	free(b->s);
	memset(b, 0, sizeof *b);
}

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* A token goes into an HTTP header: printable ASCII without spaces, so a
 * stray newline cannot add a header of its own. */
static bool
token_ok(const char *t, size_t n)
{
	size_t i;

	if (n == 0 || n > MAX_TOKEN)
		return false;
	for (i = 0; i < n; i++)
		if (t[i] < 0x21 || t[i] > 0x7e)
			return false;
	return true;
}

/* Copy of s without surrounding whitespace ("$(cat token)\n" is common). */
static char *
trimmed_copy(const char *s)
{
	size_t n;
	char *t;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	if (!(t = malloc(n + 1)))
		return NULL;
	memcpy(t, s, n);
	t[n] = '\0';
	return t;
}

/* An identifier safe to show: the client id is not secret, but it comes
 * from the environment and goes to a terminal. */
static void
show_id(char *dst, size_t sz, const char *id)
{
	size_t i, n = 0;

	for (i = 0; id[i] && n + 4 < sz && i < 64; i++)
		if ((id[i] >= 0x21 && id[i] <= 0x7e) && id[i] != '"')
			dst[n++] = id[i];
	if (id[i] && n + 4 < sz) {
		memcpy(dst + n, "...", 3);
		n += 3;
	}
	dst[n] = '\0';
}

/* err := "<what>: <fmt...>"; then drop it wholesale if, despite
 * everything, one of the secrets made it in. */
static void
fail(char *err, size_t errsz, const char *what, const char *const *secrets,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
fail(char *err, size_t errsz, const char *what, const char *const *secrets,
	const char *fmt, ...)
{
	char msg[512], red[512];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	http_redact(red, sizeof red, msg);
	for (i = 0; secrets && secrets[i]; i++) {
		if (*secrets[i] && strstr(red, secrets[i])) {
			snprintf(red, sizeof red, "%s",
				"failed (details withheld: they echoed a secret)");
			break;
		}
	}
	if (err && errsz)
		snprintf(err, errsz, "%s: %s", what, red);
	http_wipe(msg, sizeof msg);
}

/* First line of s, at most n chars, for messages. */
static void
first_line(char *dst, size_t sz, const char *s)
{
	size_t n = strcspn(s, "\r\n");

	if (n >= sz)
		n = sz - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* The token under key in a JSON body; NULL with *why set if absent. */
static char *
token_from_json(const char *body, size_t len, const char *key,
	const char **why)
{
	json_t *root, *v;
	const char *t;
	char *copy = NULL;
	size_t n;

	root = json_loadb(body, len, 0, NULL);
	v = json_object_get(root, key);
	if (!root) {
		*why = "answer is not JSON";
	} else if (!json_is_string(v)) {
		*why = "answer has no token";
	} else {
		t = json_string_value(v);
		n = json_string_length(v);
		if (!token_ok(t, n))
			*why = "token has unexpected characters";
		else if (!(copy = strdup(t)))
			*why = "out of memory";
	}
	json_decref(root);
	return copy;
}

/* "invalid_client: AADSTS7000215: Invalid client secret provided." from an
 * Entra ID error body, or the ARM-style error, or "". */
static void
token_error(char *dst, size_t sz, const char *body)
{
	json_t *root = json_loads(body ? body : "", 0, NULL);
	const char *e = json_string_value(json_object_get(root, "error"));
	const char *d = json_string_value(json_object_get(root,
		"error_description"));
	char code[128], msg[256], line[256];

	/* cut to fit: a message is for a person, the code is what matters */
	dst[0] = '\0';
	if (e) {
		first_line(line, sizeof line, d ? d : "");
		snprintf(dst, sz, ": %.60s%s%.200s", e, *line ? ": " : "", line);
	} else if (http_arm_error(body, code, sizeof code, msg, sizeof msg)) {
		first_line(line, sizeof line, msg);
		snprintf(dst, sz, ": %.100s: %.200s", code, line);
	}
	json_decref(root);
}

/* Run one token request; 0 and *token (what becomes the token's
 * source), or -1 with err. */
static int
fetch_token(const struct http_req *req, const char *what,
	const char *const *secrets, char **token, char *err, size_t errsz)
{
	struct http_resp resp;
	const char *why = NULL;
	char detail[320];

	if (http_do(req, &resp) < 0 || resp.status == 0) {
		fail(err, errsz, what, secrets, "could not reach %s: %s",
			req->url, resp.errbuf);
		http_resp_free(&resp);
		return -1;
	}
	if (resp.status != 200) {
		token_error(detail, sizeof detail, resp.body);
		fail(err, errsz, what, secrets, "%s answered %ld%s", req->url,
			resp.status, detail);
		http_resp_free(&resp);
		return -1;
	}
	*token = token_from_json(resp.body, resp.len, "access_token", &why);
	http_resp_free(&resp);
	if (!*token) {
		fail(err, errsz, what, secrets, "%s: %s", req->url, why);
		return -1;
	}
	snprintf(source, sizeof source, "%s", what);
	return 0;
}

/* The login endpoint of the cloud whose ARM host is resource's host. */
static const char *
cloud_login(const char *resource)
{
	const char *h = resource;
	size_t i, n;

	if (strncmp(h, "https://", 8) != 0)
		return NULL;
	h += 8;
	n = strcspn(h, ":/?#");
	for (i = 0; i < sizeof clouds / sizeof clouds[0]; i++)
		if (strlen(clouds[i].arm_host) == n &&
		    strncasecmp(h, clouds[i].arm_host, n) == 0)
			return clouds[i].login;
	return NULL;
}

static int
from_client_secret(const struct auth_opts *opts, const char *resource,
	char **token, char *err, size_t errsz)
{
	const char *tenant = env("AZURE_TENANT_ID");
	const char *id = env("AZURE_CLIENT_ID");
	const char *secret = env("AZURE_CLIENT_SECRET");
	const char *login, *secrets[] = {secret, NULL};
	const char *headers[] = {
		"Content-Type: application/x-www-form-urlencoded",
		"Accept: application/json",
		NULL
	};
	struct sbuf url = {0}, form = {0}, scope = {0};
	struct http_req req = {0};
	char what[128], shown[80];
	size_t n;
	int rc = -1;

	show_id(shown, sizeof shown, id ? id : "");
	snprintf(what, sizeof what, "client credentials (AZURE_CLIENT_ID=%s)",
		id ? shown : "unset");
	login = opts->login_endpoint ? opts->login_endpoint :
		env("AZURE_AUTHORITY_HOST") ? env("AZURE_AUTHORITY_HOST") :
		cloud_login(resource);
	if (!tenant || !id) {
		fail(err, errsz, what, secrets, "AZURE_CLIENT_SECRET is set "
			"but %s is not", !tenant ? "AZURE_TENANT_ID" :
			"AZURE_CLIENT_ID");
		return -1;
	}
	if (strspn(tenant, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") != strlen(tenant)) {
		fail(err, errsz, what, secrets, "%s",
			"AZURE_TENANT_ID is not a tenant id or domain");
		return -1;
	}
	if (!login) {
		fail(err, errsz, what, secrets, "no known login endpoint for "
			"ARM resource %s; set AZURE_AUTHORITY_HOST", resource);
		return -1;
	}
	n = strlen(login);
	while (n && login[n - 1] == '/')
		n--;
	sb_putn(&url, login, n);
	sb_puts(&url, "/");
	sb_puts(&url, tenant);
	sb_puts(&url, "/oauth2/v2.0/token");
	/* v2 scope is the resource plus "/.default" (docs/azure-notes.md 7) */
	n = strlen(resource);
	while (n && resource[n - 1] == '/')
		n--;
	sb_putn(&scope, resource, n);
	sb_puts(&scope, "/.default");
	sb_puts(&form, "grant_type=client_credentials&client_id=");
	sb_escape(&form, id);
	sb_puts(&form, "&client_secret=");
	sb_escape(&form, secret);
	sb_puts(&form, "&scope=");
	sb_escape(&form, scope.s ? scope.s : "");
	if (url.oom || form.oom || scope.oom) {
		fail(err, errsz, what, secrets, "%s", "out of memory");
		goto out;
	}
	req.method = "POST";
	req.url = url.s;
	req.body = form.s;
	req.headers = headers;
	req.timeout_ms = TOKEN_TIMEOUT_MS;
	rc = fetch_token(&req, what, secrets, token, err, errsz);
out:
	sb_free(&url);
	sb_free(&form);
	sb_free(&scope);
	return rc;
}

static int
from_managed_identity(const char *resource, char **token, char *err,
	size_t errsz)
{
	const char *endpoint = env("IDENTITY_ENDPOINT");
	const char *secret = env("IDENTITY_HEADER");
	const char *client = env("AZURE_CLIENT_ID");
	const char *secrets[] = {secret, NULL};
	const char *headers[3] = {NULL, "Accept: application/json", NULL};
	struct sbuf url = {0}, hdr = {0};
	struct http_req req = {0};
	char what[160], shown[80];
	int rc = -1;

	show_id(shown, sizeof shown, client ? client : "");
	snprintf(what, sizeof what, "managed identity (IDENTITY_ENDPOINT%s%s)",
		client ? ", AZURE_CLIENT_ID=" : "", client ? shown : "");

	sb_puts(&url, endpoint);
	sb_puts(&url, strchr(endpoint, '?') ? "&" : "?");
	sb_puts(&url, "resource=");
	sb_escape(&url, resource);
	sb_puts(&url, "&api-version=");
	sb_puts(&url, mi_api_version);
	if (client) {
		/* a user-assigned identity, as the Azure SDKs read it */
		sb_puts(&url, "&client_id=");
		sb_escape(&url, client);
	}
	sb_puts(&hdr, "X-IDENTITY-HEADER: ");
	sb_puts(&hdr, secret);
	if (url.oom || hdr.oom) {
		fail(err, errsz, what, secrets, "%s", "out of memory");
		goto out;
	}
	headers[0] = hdr.s;
	req.method = "GET";
	req.url = url.s;
	req.headers = headers;
	req.timeout_ms = TOKEN_TIMEOUT_MS;
	rc = fetch_token(&req, what, secrets, token, err, errsz);
out:
	sb_free(&url);
	sb_free(&hdr);
	return rc;
}

/* Read az's stdout and stderr until both close or the deadline passes.
 * Returns 0, or -1 on timeout or a read error. */
static int
drain(int fdout, int fderr, struct sbuf *out, struct sbuf *errs)
{
	struct pollfd p[2] = {{fdout, POLLIN, 0}, {fderr, POLLIN, 0}};
	struct timespec t0, t1;
	char buf[4096];
	ssize_t r;
	long left;
	int i, nopen = 2;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (nopen > 0) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		left = AZ_TIMEOUT_MS - ((t1.tv_sec - t0.tv_sec) * 1000 +
			(t1.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			return -1;
		if (poll(p, 2, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			r = read(p[i].fd, buf, sizeof buf);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				p[i].fd = -1;
				nopen--;
				continue;
			}
			if (i == 0 && out->len + (size_t)r <= AZ_MAX_OUT)
				sb_putn(out, buf, (size_t)r);
			else if (i == 1 && errs->len + (size_t)r <= AZ_MAX_ERR)
				sb_putn(errs, buf, (size_t)r);
		}
	}
	http_wipe(buf, sizeof buf);
	return 0;
}

static int
from_az(const char *resource, char **token, char *err, size_t errsz)
{
	const char *what = "Azure CLI (az account get-access-token)";
	static char a0[] = "az", a1[] = "account", a2[] = "get-access-token",
		a3[] = "--resource", a5[] = "--output", a6[] = "json";
	char *argv[] = {a0, a1, a2, a3, NULL, a5, a6, NULL};
	posix_spawn_file_actions_t fa;
	struct sbuf out = {0}, errs = {0};
	int po[2] = {-1, -1}, pe[2] = {-1, -1}, i, status, e, rc = -1;
	char line[200], *res;
	const char *why = NULL;
	bool timedout;
	pid_t pid;

	/* argv is char *const[] for historical reasons: give it copies */
	if (!(res = strdup(resource))) {
		fail(err, errsz, what, NULL, "%s", "out of memory");
		return -1;
	}
	argv[4] = res;
	if (pipe(po) < 0 || pipe(pe) < 0) {
		fail(err, errsz, what, NULL, "pipe: %s", strerror(errno));
		goto out;
	}
	for (i = 0; i < 2; i++) {
		fcntl(po[i], F_SETFD, FD_CLOEXEC);
		fcntl(pe[i], F_SETFD, FD_CLOEXEC);
	}
	if ((e = posix_spawn_file_actions_init(&fa)) != 0) {
		fail(err, errsz, what, NULL, "spawn: %s", strerror(e));
		goto out;
	}
	e = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (!e)
		e = posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	if (!e)
		e = posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	/* no shell: the resource string is one argv element, never parsed */
	if (!e)
		e = posix_spawnp(&pid, "az", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e == ENOENT) {
		fail(err, errsz, what, NULL, "%s", "'az' is not on PATH; set "
			"AZURE_ACCESS_TOKEN, AZURE_TENANT_ID + AZURE_CLIENT_ID + "
			"AZURE_CLIENT_SECRET, or IDENTITY_ENDPOINT + "
			"IDENTITY_HEADER, or install the Azure CLI and run "
			"'az login'");
		goto out;
	} else if (e) {
		fail(err, errsz, what, NULL, "cannot run az: %s", strerror(e));
		goto out;
	}
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	timedout = drain(po[0], pe[0], &out, &errs) < 0;
	if (timedout)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	first_line(line, sizeof line, errs.s ? errs.s : "");
	if (timedout) {
		fail(err, errsz, what, NULL, "no answer within %d s",
			AZ_TIMEOUT_MS / 1000);
	} else if (status == -1 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		/* az prints e.g. "ERROR: Please run 'az login' to setup
		 * account." */
		fail(err, errsz, what, NULL, "az failed (%s %d)%s%s",
			WIFEXITED(status) ? "exit status" : "signal",
			WIFEXITED(status) ? WEXITSTATUS(status) :
			WIFSIGNALED(status) ? WTERMSIG(status) : -1,
			*line ? ": " : "", line);
	} else if (out.oom || errs.oom) {
		fail(err, errsz, what, NULL, "%s", "out of memory");
	} else if (!(*token = token_from_json(out.s ? out.s : "", out.len,
	    "accessToken", &why))) {
		fail(err, errsz, what, NULL, "%s", why);
	} else {
		snprintf(source, sizeof source, "%s", what);
		rc = 0;
	}
out:
	for (i = 0; i < 2; i++) {
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	sb_free(&out);
	sb_free(&errs);
	free(res);
	return rc;
}

int
auth_token(const struct auth_opts *opts, char **token, char *err,
	size_t errsz)
{
	static const struct auth_opts none;
	const char *resource, *t;
	bool started = false;
	int rc;

	*token = NULL;
	source[0] = '\0';
	if (err && errsz)
		err[0] = '\0';
	if (!opts)
		opts = &none;
	resource = opts->cloud_arm_resource ? opts->cloud_arm_resource :
		default_resource;
	if ((t = env("AZURE_ACCESS_TOKEN"))) {
		if (!(*token = trimmed_copy(t))) {
			fail(err, errsz, "AZURE_ACCESS_TOKEN", NULL, "%s",
				"out of memory");
			return -1;
		}
		if (!token_ok(*token, strlen(*token))) {
			auth_token_free(*token);
			*token = NULL;
			fail(err, errsz, "AZURE_ACCESS_TOKEN", NULL, "%s",
				"not a bearer token (empty, spaces or control "
				"characters; give the token alone, without "
				"\"Bearer \")");
			return -1;
		}
		snprintf(source, sizeof source, "AZURE_ACCESS_TOKEN");
		return 0;
	}
	if (!env("AZURE_CLIENT_SECRET") &&
	    !(env("IDENTITY_ENDPOINT") && env("IDENTITY_HEADER")))
		return from_az(resource, token, err, errsz);
	if (!http_active()) {
		struct http_opts ho = {0};

		ho.ca_bundle = opts->ca_bundle;
		if (http_init(&ho) < 0) {
			fail(err, errsz, "auth", NULL, "%s",
				"cannot start libcurl");
			return -1;
		}
		started = true;
	}
	if (env("AZURE_CLIENT_SECRET"))
		rc = from_client_secret(opts, resource, token, err, errsz);
	else
		rc = from_managed_identity(resource, token, err, errsz);
	if (started)
		http_cleanup();
	return rc;
}
