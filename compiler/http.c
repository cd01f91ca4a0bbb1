/* http.c - libcurl under the executor: requests -> responses, run in
 * parallel through one multi handle, with the URL policy, retry arithmetic
 * and ARM error-body parsing apply.c builds on. It checks every CURLcode and
 * HTTP status but knows nothing about Azure resource types. libcurl is
 * loaded at run time, the first time a function here needs it. */
#include "http.h"

#include <arpa/inet.h>
#include <assert.h>
#include <ctype.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

enum {
	MAX_BODY = 64 * 1024 * 1024,	/* an ARM body is kilobytes */
	MAX_RETRY_AFTER_MS = 10 * 60 * 1000,	/* RPC: Retry-After <= 10 min */
	MAX_ERROR_DEPTH = 8,	/* nested ARM errors seen in practice: 3 */
	DEBUG_BODY = 2000,	/* chars of a body shown by VNETC_HTTP_DEBUG=2 */
};

_Static_assert(sizeof(((struct http_resp *)0)->errbuf) >= CURL_ERROR_SIZE,
	"CURLOPT_ERRORBUFFER needs CURL_ERROR_SIZE bytes");

/* libcurl is opened with dlopen(), not linked: linked, it costs every
 * vnetc command some 5 ms of start-up (about 30 libraries, GnuTLS,
 * Kerberos, LDAP..., and their constructors), and only plan, apply and
 * destroy ever send a request. <curl/curl.h> still gives the types and
 * constants; the calls go through these pointers, which have the types of
 * its prototypes (curl_sym_table checks them). curl.easy_setopt and
 * curl.easy_getinfo miss the header's gcc type-checking macros, which
 * apply only to calls spelt curl_easy_setopt(...). */
#define CURL_LIB "libcurl.so.4"

static struct {
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *curl);
	CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
	CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
	const char *(*easy_strerror)(CURLcode);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_cleanup)(CURLM *multi);
	CURLMcode (*multi_add_handle)(CURLM *multi, CURL *curl);
	CURLMcode (*multi_remove_handle)(CURLM *multi, CURL *curl);
	CURLMcode (*multi_perform)(CURLM *multi, int *running);
	CURLMcode (*multi_poll)(CURLM *multi, struct curl_waitfd extra_fds[],
		unsigned int extra_nfds, int timeout_ms, int *numfds);
	CURLMsg *(*multi_info_read)(CURLM *multi, int *msgs_in_queue);
	const char *(*multi_strerror)(CURLMcode);
	struct curl_slist *(*slist_append)(struct curl_slist *list,
		const char *data);
	void (*slist_free_all)(struct curl_slist *list);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *u);
	CURLUcode (*url_set)(CURLU *u, CURLUPart what, const char *part,
		unsigned int flags);
	CURLUcode (*url_get)(CURLU *u, CURLUPart what, char **part,
		unsigned int flags);
	void (*free)(void *p);
	time_t (*getdate)(const char *p, const time_t *unused);
} curl;

/* One row per function above: its name in libcurl and its slot. The
 * sizeof of an assignment from the header's declaration makes the compiler
 * check the slot's type without evaluating it (so nothing links libcurl),
 * and is the slot's size for curl_load's memcpy. */
#define CURL_SYM(f) {"curl_" #f, &curl.f, sizeof(curl.f = curl_##f)}

static const struct {
	const char *name;
	void *slot;
	size_t size;
} curl_sym_table[] = {
	CURL_SYM(global_init),
	CURL_SYM(global_cleanup),
	CURL_SYM(easy_init),
	CURL_SYM(easy_cleanup),
	CURL_SYM(easy_setopt),
	CURL_SYM(easy_getinfo),
	CURL_SYM(easy_strerror),
	CURL_SYM(multi_init),
	CURL_SYM(multi_cleanup),
	CURL_SYM(multi_add_handle),
	CURL_SYM(multi_remove_handle),
	CURL_SYM(multi_perform),
	CURL_SYM(multi_poll),
	CURL_SYM(multi_info_read),
	CURL_SYM(multi_strerror),
	CURL_SYM(slist_append),
	CURL_SYM(slist_free_all),
	CURL_SYM(url),
	CURL_SYM(url_cleanup),
	CURL_SYM(url_set),
	CURL_SYM(url_get),
	CURL_SYM(free),
	CURL_SYM(getdate),
};

/* dlsym() returns a void *; POSIX makes it as wide as a function
 * pointer, which is what copying one into the other needs. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
	"dlsym() results must fit function pointers");

static struct {
	int state;	/* 0 not tried, 1 loaded, -1 failed (why says why) */
	char why[256];
} curl_lib;

static struct {
	int ninit;
	CURLM *multi;	/* kept between calls: its connection cache */
	char *ca_bundle;
	char useragent[64];
	long connect_ms, timeout_ms;
	/* http_start/http_next: a second multi handle, so that a blocking
	 * http_perform() (auth.c refreshing a token) never sees their
	 * transfers; pend lists the transfers in flight there */
	CURLM *multi2;
	struct xfer **pend;
	size_t npend, cappend;
} st;

/* One transfer in flight. */
struct xfer {
	CURL *easy;
	struct curl_slist *hdrs;
	const struct http_req *req;
	struct http_resp *resp;
	char *body;
	size_t len, cap;
	bool toobig;
};

/* Curl codes that mean the connection, not the request, failed: the same
 * request may succeed later (ORDER: http_classify). A DNS failure is not
 * here: it is usually a wrong endpoint, and should fail at once. */
static const CURLcode retry_curl_codes[] = {
	CURLE_COULDNT_CONNECT,
	CURLE_OPERATION_TIMEDOUT,
	CURLE_SEND_ERROR,
	CURLE_RECV_ERROR,
	CURLE_GOT_NOTHING,
	CURLE_PARTIAL_FILE,
	CURLE_SSL_CONNECT_ERROR,
	CURLE_HTTP2,
	CURLE_HTTP2_STREAM,
	CURLE_AGAIN,
};

/* Curl codes that say the server cannot be reached from here by any
 * request: a name with no address, a certificate not trusted, a CA file
 * that cannot be used (http_unreachable). */
static const CURLcode unreachable_curl_codes[] = {
	CURLE_COULDNT_RESOLVE_PROXY,
	CURLE_COULDNT_RESOLVE_HOST,
	CURLE_PEER_FAILED_VERIFICATION,
	CURLE_SSL_CACERT_BADFILE,
	CURLE_SSL_CERTPROBLEM,
	CURLE_SSL_ISSUER_ERROR,
};

/* Names whose values never reach debug output. to_eol: an unquoted value
 * runs to the end of the line (headers), else to the next delimiter. */
static const struct {
	const char *name;
	bool to_eol;
} secret_keys[] = {
	{"proxy-authorization", true},
	{"authorization", true},
	{"x-identity-header", true},
	{"access_token", false},
	{"accesstoken", false},
	{"refresh_token", false},
	{"id_token", false},
	{"client_secret", false},
	{"client_assertion", false},
	{"password", false},
};

/* volatile so the stores are not elided (explicit_bzero is not POSIX
 * 2008). */
void
http_wipe(void *p, size_t n)
{
	volatile unsigned char *q = p;

	while (n--)
		*q++ = 0;
}

bool
http_secret_append(char **buf, size_t *len, size_t *cap, const void *p,
    size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap : 256;
		while (c < *len + n + 1)
			c *= 2;
		/* not realloc: the old block would keep a copy of the secret
		 * in freed memory */
		char *s = malloc(c);
		if (!s)
			return false;
		if (*buf) {
			memcpy(s, *buf, *len);
			http_wipe(*buf, *cap);
			free(*buf);
		}
		*buf = s;
		*cap = c;
	}
	memcpy(*buf + *len, p, n);
	*len += n;
	(*buf)[*len] = '\0';
	return true;
}

static void
free_str(char **s)
{
	free(*s);
	*s = NULL;
}

static bool
contains_ci(const char *s, const char *sub)
{
	size_t n = strlen(sub);

	for (; *s; s++)
		if (strncasecmp(s, sub, n) == 0)
			return true;
	return false;
}

static int
debug_level(void)
{
	const char *s = getenv("VNETC_HTTP_DEBUG");

	return s ? atoi(s) : 0;
}

/* Open libcurl and fill curl from curl_sym_table, once; a failure is
 * kept and said again to every later caller. RTLD_NOW: a function missing
 * from an old libcurl is found here, before any request, not in the
 * middle of an apply; RTLD_LOCAL: its symbols serve only this table. Once
 * loaded it stays: OpenSSL, which it loads, cannot be unloaded anyway
 * (NODELETE). Returns 0, or -1 with dlerror()'s text in curl_lib.why, e.g.
 *   libcurl.so.4: cannot open shared object file: No such file or directory */
static int
curl_load(void)
{
	void *lib, *p;
	const char *err;
	size_t i;

	if (curl_lib.state != 0)
		return curl_lib.state > 0 ? 0 : -1;
	curl_lib.state = -1;
	if (!(lib = dlopen(CURL_LIB, RTLD_NOW | RTLD_LOCAL))) {
		err = dlerror();
		snprintf(curl_lib.why, sizeof curl_lib.why, "%s",
			err ? err : CURL_LIB ": cannot be loaded");
		return -1;
	}
	for (i = 0; i < sizeof curl_sym_table / sizeof curl_sym_table[0];
	    i++) {
		(void)dlerror();
		p = dlsym(lib, curl_sym_table[i].name);
		if (!p) {
			err = dlerror();
			snprintf(curl_lib.why, sizeof curl_lib.why, "%s",
				err ? err : curl_sym_table[i].name);
			memset(&curl, 0, sizeof curl);
			dlclose(lib);
			return -1;
		}
		assert(curl_sym_table[i].size == sizeof p);
		memcpy(curl_sym_table[i].slot, &p, sizeof p);
	}
	curl_lib.state = 1;
	return 0;
}

int
http_load(char *why, size_t whysz)
{
	if (curl_load() == 0)
		return 0;
	if (why && whysz)
		snprintf(why, whysz, "%s", curl_lib.why);
	return -1;
}

int
http_init(const struct http_opts *opts)
{
	static const struct http_opts defaults;
	const char *version;

	if (st.ninit > 0) {
		st.ninit++;
		return 0;
	}
	if (!opts)
		opts = &defaults;
	if (curl_load() < 0 ||
	    curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	st.multi = curl.multi_init();
	if (!st.multi) {
		curl.global_cleanup();
		return -1;
	}
	st.ca_bundle = NULL;
	if (opts->ca_bundle && !(st.ca_bundle = strdup(opts->ca_bundle))) {
		curl.multi_cleanup(st.multi);
		curl.global_cleanup();
		return -1;
	}
	version = opts->version ? opts->version : "dev";
	snprintf(st.useragent, sizeof st.useragent, "vnetc/%s", version);
	st.connect_ms = opts->connect_timeout_ms > 0 ?
		opts->connect_timeout_ms : 10 * 1000;
	st.timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : 120 * 1000;
	st.ninit = 1;
	return 0;
}

void
http_cleanup(void)
{
	if (st.ninit == 0 || --st.ninit > 0)
		return;
	curl.multi_cleanup(st.multi);
	st.multi = NULL;
	http_abandon();
	free_str(&st.ca_bundle);
	curl.global_cleanup();
}

bool
http_active(void)
{
	return st.ninit > 0;
}

void
http_resp_free(struct http_resp *r)
{
	if (!r)
		return;
	if (r->body)
		http_wipe(r->body, r->len);
	free(r->body);
	free(r->retry_after);
	free(r->location);
	free(r->async_op);
	free(r->request_id);
	free(r->remaining);
	memset(r, 0, sizeof *r);
}

/* URL policy */

static void
say(char *why, size_t whysz, const char *fmt, const char *arg)
{
	if (why && whysz)
		snprintf(why, whysz, fmt, arg);
}

/* Host names as curl's URL parser returns them: IPv6 in brackets. */
static bool
host_is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	char buf[64];
	size_t n = strlen(host);

	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (n > 2 && n < sizeof buf && host[0] == '[' && host[n - 1] == ']') {
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		return inet_pton(AF_INET6, buf, &a6) == 1 &&
			IN6_IS_ADDR_LOOPBACK(&a6);
	}
	return false;
}

/* Parse url with curl's own parser, so the host we check is the host curl
 * connects to (a hand-written split differs on "http://a@b", "\\" etc.). */
static CURLU *
url_parse(const char *url)
{
	CURLU *u;

	if (curl_load() < 0 || !(u = curl.url()))
		return NULL;
	if (curl.url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		curl.url_cleanup(u);
		return NULL;
	}
	return u;
}

static char *
url_part(CURLU *u, CURLUPart what, unsigned flags)
{
	char *s = NULL;

	if (curl.url_get(u, what, &s, flags) != CURLUE_OK)
		return NULL;
	return s;
}

bool
http_url_allowed(const char *url, char *why, size_t whysz)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL, *user = NULL;
	bool ok = false;

	say(why, whysz, "%s", "");
	if (curl_load() < 0) {
		say(why, whysz, "%s", curl_lib.why);
		return false;
	}
	if (!url || !(u = url_parse(url))) {
		say(why, whysz, "%s", "not a valid absolute URL");
		return false;
	}
	scheme = url_part(u, CURLUPART_SCHEME, 0);
	host = url_part(u, CURLUPART_HOST, 0);
	user = url_part(u, CURLUPART_USER, 0);
	if (!scheme || (strcmp(scheme, "https") && strcmp(scheme, "http"))) {
		say(why, whysz, "scheme '%s' is not allowed (https only, "
			"or http to a loopback address)", scheme ? scheme : "?");
	} else if (!host || !*host) {
		say(why, whysz, "%s", "URL has no host");
	} else if (user) {
		/* credentials in a URL end up in logs and debug output */
		say(why, whysz, "%s", "URL carries user credentials");
	} else if (strcmp(scheme, "http") == 0 && !host_is_loopback(host)) {
		say(why, whysz, "plain http to '%s' is not allowed (use "
			"https; http is for 127.0.0.0/8, localhost, [::1])", host);
	} else {
		ok = true;
	}
	curl.free(scheme);
	curl.free(host);
	curl.free(user);
	curl.url_cleanup(u);
	return ok;
}

bool
http_same_origin(const char *a, const char *b)
{
	static const CURLUPart parts[] = {
		CURLUPART_SCHEME, CURLUPART_HOST, CURLUPART_PORT
	};
	CURLU *ua, *ub;
	bool same = true;
	size_t i;

	if (!a || !b)
		return false;
	ua = url_parse(a);
	ub = url_parse(b);
	if (!ua || !ub)
		same = false;
	for (i = 0; same && i < sizeof parts / sizeof parts[0]; i++) {
		char *pa = url_part(ua, parts[i], CURLU_DEFAULT_PORT);
		char *pb = url_part(ub, parts[i], CURLU_DEFAULT_PORT);

		same = pa && pb && strcasecmp(pa, pb) == 0;
		curl.free(pa);
		curl.free(pb);
	}
	curl.url_cleanup(ua);
	curl.url_cleanup(ub);
	return same;
}

/* Redaction, for debug output */

struct out {
	char *s;
	size_t n, sz;
};

static void
out_putn(struct out *o, const char *s, size_t n)
{
	while (n-- && o->n + 1 < o->sz)
		o->s[o->n++] = *s++;
	o->s[o->n] = '\0';
}

static bool
is_value_end(int c, bool to_eol)
{
	if (c == '\0' || c == '\r' || c == '\n')
		return true;
	if (to_eol)
		return false;
	return isspace(c) || strchr("&,;}]\"'", c) != NULL;
}

/* If a secret key starts at s, write the key, separator and "***" and
 * return how much of s that consumed; else 0. */
static size_t
redact_key(struct out *o, const char *s)
{
	size_t i, k, j;
	bool to_eol;

	for (i = 0; i < sizeof secret_keys / sizeof secret_keys[0]; i++) {
		k = strlen(secret_keys[i].name);
		if (strncasecmp(s, secret_keys[i].name, k) == 0)
			break;
	}
	if (i == sizeof secret_keys / sizeof secret_keys[0])
		return 0;
	to_eol = secret_keys[i].to_eol;
	j = k;
	if (s[j] == '"')
		j++;
	while (s[j] == ' ' || s[j] == '\t')
		j++;
	if (s[j] != ':' && s[j] != '=')
		return 0;
	j++;
	while (s[j] == ' ' || s[j] == '\t')
		j++;
	out_putn(o, s, j);
	if (s[j] == '"') {
		out_putn(o, "\"***", 4);
		for (j++; s[j] && s[j] != '"'; j++)
			if (s[j] == '\\' && s[j + 1])
				j++;
		if (s[j] == '"') {
			out_putn(o, "\"", 1);
			j++;
		}
		return j;
	}
	if (!is_value_end((unsigned char)s[j], to_eol))
		out_putn(o, "***", 3);
	while (!is_value_end((unsigned char)s[j], to_eol))
		j++;
	return j;
}

char *
http_redact(char *dst, size_t dstsz, const char *src)
{
	struct out o = {dst, 0, dstsz};
	size_t used, j;

	if (!dst || dstsz == 0)
		return dst;
	dst[0] = '\0';
	while (src && *src) {
		if ((used = redact_key(&o, src)) > 0) {
			src += used;
		} else if (strncasecmp(src, "bearer ", 7) == 0) {
			out_putn(&o, src, 7);
			for (j = 7; !is_value_end((unsigned char)src[j], false);)
				j++;
			if (j > 7)
				out_putn(&o, "***", 3);
			src += j;
		} else {
			out_putn(&o, src++, 1);
		}
	}
	return dst;
}

/* Transfers */

static size_t
on_body(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;

	if (n > MAX_BODY - x->len) {
		x->toobig = true;
		return 0;	/* curl aborts with CURLE_WRITE_ERROR */
	}
	/* a token response is a secret */
	return http_secret_append(&x->body, &x->len, &x->cap, p, n) ? n : 0;
}

static bool
header_is(const char *p, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n > k && p[k] == ':' && strncasecmp(p, name, k) == 0;
}

/* Keep the headers apply.c acts on. A status line starts a new response
 * (after "100 Continue"), so only the final one's headers survive. */
static size_t
on_header(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	struct http_resp *r = x->resp;
	size_t n = size * nmemb, k, v;
	char **dst = NULL;

	if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		free_str(&r->retry_after);
		free_str(&r->location);
		free_str(&r->async_op);
		free_str(&r->request_id);
		free_str(&r->remaining);
		return n;
	}
	if (header_is(p, n, "retry-after"))
		dst = &r->retry_after;
	else if (header_is(p, n, "location"))
		dst = &r->location;
	else if (header_is(p, n, "azure-asyncoperation"))
		dst = &r->async_op;
	else if (header_is(p, n, "x-ms-request-id"))
		dst = &r->request_id;
	else if (header_is(p, n, "x-ms-ratelimit-remaining-subscription-reads")
	    || header_is(p, n, "x-ms-ratelimit-remaining-subscription-writes")
	    || header_is(p, n, "x-ms-ratelimit-remaining-subscription-deletes"))
		dst = &r->remaining;
	if (!dst)
		return n;
	for (k = 0; p[k] != ':'; k++)
		;
	for (k++; k < n && (p[k] == ' ' || p[k] == '\t'); k++)
		;
	for (v = n; v > k && isspace((unsigned char)p[v - 1]); v--)
		;
	free(*dst);
	if (!(*dst = strndup(p + k, v - k)))
		return 0;
	return n;
}

/* Mark a response as not sent: status 0, curl_code -1, reason in errbuf. */
static void
resp_refuse(struct http_resp *r, const char *why)
{
	r->status = 0;
	r->curl_code = -1;
	snprintf(r->errbuf, sizeof r->errbuf, "%s", why);
	if (!r->body && (r->body = malloc(1)))
		r->body[0] = '\0';
	r->len = 0;
}

static void
xfer_free(struct xfer *x)
{
	struct curl_slist *l;

	if (x->easy)
		curl.easy_cleanup(x->easy);
	/* our copies of the headers hold the Authorization token */
	for (l = x->hdrs; l; l = l->next)
		http_wipe(l->data, strlen(l->data));
	curl.slist_free_all(x->hdrs);
	if (x->body)
		http_wipe(x->body, x->cap);
	free(x->body);
	memset(x, 0, sizeof *x);
}

/* A method is one upper-case token: anything else would let a caller's
 * string into the request line. */
static bool
method_ok(const char *m)
{
	size_t i;

	for (i = 0; m[i]; i++)
		if (!isupper((unsigned char)m[i]) || i >= 16)
			return false;
	return i > 0;
}

static bool
is_method(const char *m, const char *name)
{
	return strcmp(m, name) == 0;
}

#define SETOPT(opt, val) do { \
	CURLcode c_ = curl.easy_setopt(x->easy, opt, val); \
	if (c_ != CURLE_OK) { \
		snprintf(why, sizeof why, "curl.easy_setopt(%s): %s", #opt, \
			curl.easy_strerror(c_)); \
		goto fail; \
	} \
} while (0)

/* Build the easy handle for req. Returns 0, or -1 with resp refused. */
static int
xfer_start(struct xfer *x, const struct http_req *req, struct http_resp *resp)
{
	const char *m = req->method ? req->method : "GET";
	char why[256];
	struct curl_slist *l;
	size_t i;
	bool loopback;

	x->req = req;
	x->resp = resp;
	if (!http_url_allowed(req->url, why, sizeof why))
		goto fail;
	loopback = strncasecmp(req->url, "http:", 5) == 0;
	if (!method_ok(m)) {
		snprintf(why, sizeof why, "%s", "bad HTTP method");
		goto fail;
	}
	for (i = 0; req->headers && req->headers[i]; i++) {
		if (strpbrk(req->headers[i], "\r\n")) {
			snprintf(why, sizeof why, "%s", "header contains CR or LF");
			goto fail;
		}
		if (!(l = curl.slist_append(x->hdrs, req->headers[i])))
			goto oom;
		x->hdrs = l;
	}
	/* ARM bodies are small; waiting for 100-continue only adds latency */
	if (!(l = curl.slist_append(x->hdrs, "Expect:")))
		goto oom;
	x->hdrs = l;
	x->cap = 1024;
	if (!(x->body = malloc(x->cap)))
		goto oom;
	x->body[0] = '\0';
	if (!(x->easy = curl.easy_init()))
		goto oom;

	SETOPT(CURLOPT_URL, req->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	SETOPT(CURLOPT_PROTOCOLS_STR, "http,https");
	SETOPT(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	SETOPT(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	SETOPT(CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	/* a redirect could carry the Authorization header to another host */
	SETOPT(CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(CURLOPT_SSL_VERIFYPEER, 1L);
	SETOPT(CURLOPT_SSL_VERIFYHOST, 2L);
	if (st.ca_bundle)
		SETOPT(CURLOPT_CAINFO, st.ca_bundle);
	/* loopback never goes through an http_proxy from the environment */
	if (loopback)
		SETOPT(CURLOPT_NOPROXY, "*");
	SETOPT(CURLOPT_USERAGENT, st.useragent);
	SETOPT(CURLOPT_CONNECTTIMEOUT_MS, st.connect_ms);
	SETOPT(CURLOPT_TIMEOUT_MS,
		req->timeout_ms > 0 ? req->timeout_ms : st.timeout_ms);
	SETOPT(CURLOPT_ACCEPT_ENCODING, "");
	SETOPT(CURLOPT_ERRORBUFFER, resp->errbuf);
	SETOPT(CURLOPT_WRITEFUNCTION, on_body);
	SETOPT(CURLOPT_WRITEDATA, (void *)x);
	SETOPT(CURLOPT_HEADERFUNCTION, on_header);
	SETOPT(CURLOPT_HEADERDATA, (void *)x);
	SETOPT(CURLOPT_PRIVATE, (void *)x);
	SETOPT(CURLOPT_HTTPHEADER, x->hdrs);
	if (is_method(m, "GET")) {
		SETOPT(CURLOPT_HTTPGET, 1L);
	} else if (is_method(m, "HEAD")) {
		SETOPT(CURLOPT_NOBODY, 1L);
	} else {
		if (req->body || is_method(m, "PUT") || is_method(m, "PATCH") ||
		    is_method(m, "POST")) {
			const char *b = req->body ? req->body : "";

			SETOPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(b));
			SETOPT(CURLOPT_POSTFIELDS, b);
		}
		SETOPT(CURLOPT_CUSTOMREQUEST, m);
	}
	return 0;
oom:
	snprintf(why, sizeof why, "%s", "out of memory");
fail:
	xfer_free(x);
	resp_refuse(resp, why);
	return -1;
}

/* VNETC_HTTP_DEBUG=1: one line per request; =2: headers and bodies too.
 * Everything passes through http_redact():
 *   http: PUT http://127.0.0.1:8080/subscriptions/...?api-version=2024-05-01
 *     -> 201 (3 ms, x-ms-request-id 1f0c...)
 *   http: > Authorization: *** */
static void
debug_print(const struct xfer *x, long ms)
{
	static char line[8192];
	const struct http_req *q = x->req;
	const struct http_resp *r = x->resp;
	int level = debug_level();
	size_t i;

	if (level <= 0)
		return;
	fprintf(stderr, "http: %s %s", q->method ? q->method : "GET",
		http_redact(line, sizeof line, q->url));
	if (r->status)
		fprintf(stderr, " -> %ld (%ld ms, x-ms-request-id %s)\n",
			r->status, ms, r->request_id ? r->request_id : "-");
	else
		fprintf(stderr, " -> error %d: %s\n", r->curl_code,
			http_redact(line, sizeof line, r->errbuf));
	if (level < 2)
		return;
	for (i = 0; q->headers && q->headers[i]; i++)
		fprintf(stderr, "http: > %s\n",
			http_redact(line, sizeof line, q->headers[i]));
	if (q->body)
		fprintf(stderr, "http: > %.*s\n", DEBUG_BODY,
			http_redact(line, sizeof line, q->body));
	if (r->body && r->len)
		fprintf(stderr, "http: < %.*s\n", DEBUG_BODY,
			http_redact(line, sizeof line, r->body));
}

/* Move the result of a finished transfer into its response. */
static void
xfer_finish(struct xfer *x, CURLcode cc)
{
	struct http_resp *r = x->resp;
	curl_off_t us = 0;
	long status = 0;
	CURLcode c;

	if (cc == CURLE_OK) {
		c = curl.easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
		if (c != CURLE_OK || status < 100 || status > 999) {
			cc = c != CURLE_OK ? c : CURLE_WEIRD_SERVER_REPLY;
			snprintf(r->errbuf, sizeof r->errbuf, "no HTTP status");
		}
	}
	if (curl.easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &us) != CURLE_OK)
		us = 0;
	if (cc == CURLE_OK) {
		r->status = status;
		r->body = x->body;
		r->len = x->len;
		x->body = NULL;
	} else {
		/* a half-read body is no answer: status 0, empty body */
		r->status = 0;
		r->curl_code = (int)cc;
		if (x->toobig)
			snprintf(r->errbuf, sizeof r->errbuf,
				"response body larger than %d bytes", MAX_BODY);
		else if (!r->errbuf[0])
			snprintf(r->errbuf, sizeof r->errbuf, "%s",
				curl.easy_strerror(cc));
		http_wipe(x->body, x->cap);
		x->body[0] = '\0';
		r->body = x->body;
		r->len = 0;
		x->body = NULL;
	}
	debug_print(x, (long)(us / 1000));
}

int
http_perform(const struct http_req *reqs, struct http_resp *resps, size_t n,
	int parallelism)
{
	struct xfer *xs;
	struct CURLMsg *msg;
	size_t i, next = 0, active = 0;
	int still = 0, left, rc = 0;
	char why[256] = "";
	CURLMcode mc;

	for (i = 0; i < n; i++)
		memset(&resps[i], 0, sizeof resps[i]);
	if (n == 0)
		return 0;
	if (st.ninit == 0 || !(xs = calloc(n, sizeof *xs))) {
		for (i = 0; i < n; i++)
			resp_refuse(&resps[i], st.ninit ? "out of memory" :
				"http_init() was not called");
		return -1;
	}
	if (parallelism < 1)
		parallelism = 1;
	while (next < n || active > 0) {
		while (active < (size_t)parallelism && next < n) {
			i = next++;
			if (xfer_start(&xs[i], &reqs[i], &resps[i]) < 0)
				continue;
			mc = curl.multi_add_handle(st.multi, xs[i].easy);
			if (mc != CURLM_OK) {
				xfer_free(&xs[i]);
				resp_refuse(&resps[i], curl.multi_strerror(mc));
				continue;
			}
			active++;
		}
		if (active == 0)
			continue;
		if ((mc = curl.multi_perform(st.multi, &still)) != CURLM_OK)
			goto broken;
		while ((msg = curl.multi_info_read(st.multi, &left))) {
			char *p = NULL;
			struct xfer *x;
			CURLcode res = msg->data.result;
			CURL *e = msg->easy_handle;

			if (msg->msg != CURLMSG_DONE)
				continue;
			if (curl.easy_getinfo(e, CURLINFO_PRIVATE, &p) != CURLE_OK
			    || !p) {
				mc = CURLM_INTERNAL_ERROR;
				goto broken;
			}
			x = (struct xfer *)(void *)p;
			xfer_finish(x, res);
			mc = curl.multi_remove_handle(st.multi, e);
			xfer_free(x);
			active--;
			if (mc != CURLM_OK)
				goto broken;
		}
		if (active > 0 && still > 0) {
			mc = curl.multi_poll(st.multi, NULL, 0, 1000, NULL);
			if (mc != CURLM_OK)
				goto broken;
		}
	}
	free(xs);
	return 0;

broken:
	/* the multi handle is unusable: fail whatever has not finished */
	snprintf(why, sizeof why, "curl multi: %s", curl.multi_strerror(mc));
	for (i = 0; i < n; i++) {
		if (xs[i].easy) {
			curl.multi_remove_handle(st.multi, xs[i].easy);
			xfer_free(&xs[i]);
			resp_refuse(&resps[i], why);
		} else if (i >= next) {
			resp_refuse(&resps[i], why);
		}
	}
	rc = -1;
	free(xs);
	return rc;
}

int
http_do(const struct http_req *req, struct http_resp *resp)
{
	return http_perform(req, resp, 1, 1);
}

/* Incremental use, for a scheduler: apply.c starts a request when an
 * operation is ready and takes each answer as it comes, so one slow
 * request never holds back the others (http_perform waits for a batch). */

int
http_start(const struct http_req *req, struct http_resp *resp)
{
	struct xfer *x;
	CURLMcode mc;

	memset(resp, 0, sizeof *resp);
	if (st.ninit == 0) {
		resp_refuse(resp, "http_init() was not called");
		return -1;
	}
	if (!st.multi2 && !(st.multi2 = curl.multi_init())) {
		resp_refuse(resp, "out of memory");
		return -1;
	}
	if (st.npend == st.cappend) {
		size_t cap = st.cappend ? 2 * st.cappend : 16;
		struct xfer **p = realloc(st.pend, cap * sizeof *p);

		if (!p) {
			resp_refuse(resp, "out of memory");
			return -1;
		}
		st.pend = p;
		st.cappend = cap;
	}
	if (!(x = calloc(1, sizeof *x))) {
		resp_refuse(resp, "out of memory");
		return -1;
	}
	if (xfer_start(x, req, resp) < 0) {
		free(x);
		return -1;
	}
	if ((mc = curl.multi_add_handle(st.multi2, x->easy)) != CURLM_OK) {
		xfer_free(x);
		free(x);
		resp_refuse(resp, curl.multi_strerror(mc));
		return -1;
	}
	st.pend[st.npend++] = x;
	return 0;
}

/* Take x out of the pending list and the multi handle, and free it. */
static const struct http_req *
pend_drop(struct xfer *x)
{
	const struct http_req *req = x->req;
	size_t i;

	for (i = 0; i < st.npend && st.pend[i] != x; i++)
		;
	if (i < st.npend)
		st.pend[i] = st.pend[--st.npend];
	curl.multi_remove_handle(st.multi2, x->easy);
	xfer_free(x);
	free(x);
	return req;
}

const struct http_req *
http_next(long timeout_ms)
{
	struct timespec t0, t1;
	struct CURLMsg *msg;
	CURLMcode mc;
	int still = 0, left;
	long waited;

	if (st.npend == 0)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if ((mc = curl.multi_perform(st.multi2, &still)) != CURLM_OK)
			goto broken;
		while ((msg = curl.multi_info_read(st.multi2, &left))) {
			char *p = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			if (curl.easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    &p) != CURLE_OK || !p) {
				mc = CURLM_INTERNAL_ERROR;
				goto broken;
			}
			xfer_finish((struct xfer *)(void *)p, msg->data.result);
			return pend_drop((struct xfer *)(void *)p);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		waited = (long)(t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (waited >= timeout_ms)
			return NULL;
		mc = curl.multi_poll(st.multi2, NULL, 0,
		    (int)(timeout_ms - waited < 1000 ? timeout_ms - waited :
		    1000), NULL);
		if (mc != CURLM_OK)
			goto broken;
	}
broken:
	/* the multi handle is unusable: answer the oldest request with the
	 * reason; the caller's next calls drain the others the same way */
	{
		struct xfer *x = st.pend[0];
		struct http_resp *r = x->resp;
		char why[256];

		snprintf(why, sizeof why, "curl multi: %s",
		    curl.multi_strerror(mc));
		resp_refuse(r, why);
		return pend_drop(x);
	}
}

size_t
http_pending(void)
{
	return st.npend;
}

void
http_abandon(void)
{
	while (st.npend) {
		/* the responses stay as they were: their owner may be gone */
		pend_drop(st.pend[st.npend - 1]);
	}
	free(st.pend);
	st.pend = NULL;
	st.cappend = 0;
	if (st.multi2)
		curl.multi_cleanup(st.multi2);
	st.multi2 = NULL;
}

/* Retry arithmetic */

long
http_retry_after_ms(const char *s)
{
	long long secs = 0;
	time_t when;
	double d;

	if (!s)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return -1;
	if (isdigit((unsigned char)*s)) {
		for (; isdigit((unsigned char)*s); s++)
			if (secs <= MAX_RETRY_AFTER_MS / 1000)
				secs = secs * 10 + (*s - '0');
		while (isspace((unsigned char)*s))
			s++;
		if (*s)
			return -1;	/* "1.5", "10s": not RFC 9110 */
		if (secs > MAX_RETRY_AFTER_MS / 1000)
			return MAX_RETRY_AFTER_MS;
		return (long)secs * 1000;
	}
	if (curl_load() < 0 || (when = curl.getdate(s, NULL)) == -1)
		return -1;
	d = difftime(when, time(NULL));
	if (d <= 0)
		return 0;
	if (d >= MAX_RETRY_AFTER_MS / 1000)
		return MAX_RETRY_AFTER_MS;
	return (long)(d * 1000);
}

/* splitmix64: small, seedable with any value including 0. */
static uint64_t
rng_next(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

long
http_backoff_ms(int attempt, long base_ms, long cap_ms, uint64_t *rng_state)
{
	long top;
	int i;

	assert(rng_state);
	if (base_ms <= 0 || cap_ms <= 0)
		return 0;
	top = base_ms < cap_ms ? base_ms : cap_ms;
	for (i = 0; i < attempt && top < cap_ms; i++)
		top = top > cap_ms / 2 ? cap_ms : top * 2;
	return (long)(rng_next(rng_state) % ((uint64_t)top + 1));
}

static bool
arm_code_retryable(const char *code)
{
	return strcasecmp(code, "AnotherOperationInProgress") == 0 ||
		contains_ci(code, "Retryable");
}

enum http_class
http_classify(long status, const char *arm_error_code, int curl_code)
{
	size_t i;

	if (curl_code != 0) {
		for (i = 0; i < sizeof retry_curl_codes /
		    sizeof retry_curl_codes[0]; i++)
			if (curl_code == (int)retry_curl_codes[i])
				return HTTP_RETRY;
		return HTTP_FATAL;
	}
	if (status == 408 || status == 429 || (status >= 500 && status < 600))
		return HTTP_RETRY;
	if (arm_error_code && *arm_error_code) {
		if (arm_code_retryable(arm_error_code))
			return HTTP_RETRY;
		return HTTP_FATAL;
	}
	if (status >= 200 && status < 300)
		return HTTP_OK;
	return HTTP_FATAL;
}

/* The codes of the statuses http_classify retries, as an operation's
 * error carries them when the resource provider failed for a passing
 * reason (the issue's InternalServerError); and what a message says when
 * it asks for a retry ("Please retry the request", "try again later").
 * Validation, quota and authorization failures (InvalidParameter,
 * QuotaExceeded, AuthorizationFailed) are none of these: final at once.
 * https://learn.microsoft.com/azure/architecture/best-practices/transient-faults
 * (docs/azure-notes.md 17). */
static const char *const transient_codes[] = {
	"RequestTimeout", "TooManyRequests", "InternalServerError",
	"ServiceUnavailable", "GatewayTimeout",
};
static const char *const retry_words[] = {
	"please retry", "retry the request", "retry the operation",
	"retry later", "try again",
};

bool
http_op_transient(const char *code, const char *msg)
{
	if (code && *code && arm_code_retryable(code))
		return true;
	for (size_t i = 0; code && i < sizeof transient_codes /
	    sizeof transient_codes[0]; i++)
		if (strcasecmp(code, transient_codes[i]) == 0)
			return true;
	for (size_t i = 0; msg && i < sizeof retry_words /
	    sizeof retry_words[0]; i++)
		if (contains_ci(msg, retry_words[i]))
			return true;
	return false;
}

bool
http_unreachable(int curl_code)
{
	for (size_t i = 0; i < sizeof unreachable_curl_codes /
	    sizeof unreachable_curl_codes[0]; i++)
		if (curl_code == (int)unreachable_curl_codes[i])
			return true;
	return false;
}

/* ARM error bodies */

static const char *
json_str_ci(json_t *o, const char *lower, const char *upper)
{
	json_t *v = json_object_get(o, lower);

	if (!v)
		v = json_object_get(o, upper);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The error object in root: {"error":{...}}, or root itself when it has a
 * code (some RPs, Microsoft.Web among them, send {"Code","Message"}). */
static json_t *
error_object(json_t *root)
{
	json_t *e;

	if (!json_is_object(root))
		return NULL;
	e = json_object_get(root, "error");
	if (!e)
		e = json_object_get(root, "Error");
	if (json_is_object(e))
		return e;
	if (json_str_ci(root, "code", "Code"))
		return root;
	return NULL;
}

static void
copy_out(char *dst, size_t sz, const char *s)
{
	if (dst && sz)
		snprintf(dst, sz, "%s", s ? s : "");
}

/* Write err's code and message, then let a deeper error overwrite them:
 * first a message that is itself JSON, else details[0]. */
static bool
innermost(json_t *err, int depth, char *code, size_t codesz, char *msg,
	size_t msgsz)
{
	const char *c = json_str_ci(err, "code", "Code");
	const char *m = json_str_ci(err, "message", "Message");
	json_t *details, *inner;
	const char *p;

	if (!c)
		return false;
	copy_out(code, codesz, c);
	copy_out(msg, msgsz, m);
	if (depth >= MAX_ERROR_DEPTH)
		return true;
	for (p = m; p && isspace((unsigned char)*p); p++)
		;
	if (p && *p == '{') {
		json_t *root = json_loads(p, 0, NULL);
		bool found = false;

		if ((inner = error_object(root)))
			found = innermost(inner, depth + 1, code, codesz, msg,
				msgsz);
		json_decref(root);
		if (found)
			return true;
	}
	details = json_object_get(err, "details");
	if (!details)
		details = json_object_get(err, "Details");
	if (json_is_array(details) && json_array_size(details) > 0 &&
	    json_is_object(inner = json_array_get(details, 0)))
		innermost(inner, depth + 1, code, codesz, msg, msgsz);
	return true;
}

bool
http_arm_error(const char *body, char *code, size_t codesz, char *msg,
	size_t msgsz)
{
	json_t *root, *err;
	bool found = false;

	copy_out(code, codesz, "");
	copy_out(msg, msgsz, "");
	if (!body || !*body)
		return false;
	root = json_loads(body, 0, NULL);
	if ((err = error_object(root)))
		found = innermost(err, 0, code, codesz, msg, msgsz);
	json_decref(root);
	return found;
}
