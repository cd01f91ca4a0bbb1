/* http.h - the libcurl layer under apply.c and auth.c: parallel requests,
 * URL policy, retry arithmetic, ARM error bodies. Knows nothing about
 * Azure resource types.
 *
 * Ownership: http_perform() overwrites every resps[i] (zero it or
 * http_resp_free() it before reuse); the strings in a response are malloc'd
 * and belong to it until http_resp_free(), which also wipes the body (token
 * endpoints answer with secrets). Request strings belong to the caller and
 * must live until http_perform() returns. Single-threaded. */
#ifndef HTTP_H
#define HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct http_opts {
	const char *ca_bundle;	/* PEM file for CURLOPT_CAINFO; NULL: curl's */
	const char *version;	/* User-Agent "vnetc/<version>"; NULL: "dev" */
	long connect_timeout_ms;	/* 0: 10 s */
	long timeout_ms;	/* whole request; 0: 120 s */
};

struct http_req {
	const char *method;	/* NULL: "GET" */
	const char *url;
	const char *body;	/* NULL: none (PUT, PATCH, POST send an empty
				 * body with Content-Length: 0) */
	const char *const *headers;	/* NULL-terminated "Name: value"; the
					 * caller sets Content-Type */
	long timeout_ms;	/* 0: http_opts.timeout_ms */
	void *user;	/* the caller's; http.c never reads it */
};

struct http_resp {
	long status;	/* 0: not answered (curl_code, errbuf say why) */
	char *body;	/* NUL-terminated; NULL only when out of memory */
	size_t len;
	char *retry_after;	/* headers of the final response, or NULL */
	char *location;
	char *async_op;	/* Azure-AsyncOperation */
	char *request_id;	/* x-ms-request-id */
	char *remaining;	/* x-ms-ratelimit-remaining-subscription-reads,
				 * -writes or -deletes: ARM's requests left
				 * of the request's class (pace.h) */
	char errbuf[256];	/* transport error or URL refusal, else "" */
	int curl_code;	/* CURLcode; -1: refused before sending (URL policy,
			 * bad request, out of memory) */
};

enum http_class {
	HTTP_OK,
	HTTP_RETRY,
	HTTP_FATAL,
};

/* Load libcurl (libcurl.so.4, opened at run time) if it is not yet loaded.
 * The functions below load it themselves when they need it; a command
 * calls this first to say plainly that libcurl is missing before it does
 * anything. Returns 0, or -1 with dlerror()'s reason in why. */
int http_load(char *why, size_t whysz);
/* Zero n bytes that held a secret (a token, an Authorization header, a
 * token response) in a way the compiler keeps. */
void http_wipe(void *p, size_t n);
/* Append n bytes of p to the NUL-terminated *buf (*len bytes in *cap),
 * growing it by copy and wipe, never realloc, so that no copy of a secret
 * is left in freed memory. false: out of memory, *buf unchanged. */
bool http_secret_append(char **buf, size_t *len, size_t *cap, const void *p,
    size_t n);
/* Start libcurl with opts (NULL: defaults). Calls nest, each needs one
 * http_cleanup(); the outermost call's options apply. Returns 0, or -1
 * (libcurl missing or failing to start). */
int http_init(const struct http_opts *opts);
void http_cleanup(void);
/* Whether http_init() is in force (auth.c starts the layer only if not). */
bool http_active(void);

/* Run n independent requests, at most parallelism at once, filling resps[i].
 * Transport errors and URL refusals are per response (status 0). Returns 0,
 * or -1 if the machinery itself failed (the unfinished get status 0). */
int http_perform(const struct http_req *reqs, struct http_resp *resps,
	size_t n, int parallelism);
/* One request; same as http_perform(req, resp, 1, 1). */
int http_do(const struct http_req *req, struct http_resp *resp);
/* The same one at a time, for a scheduler: http_start() adds a request
 * and returns at once (-1 with resp refused, status 0, if it cannot be
 * sent); http_next() runs the transfers for up to timeout_ms and returns
 * the request whose response is now filled in, or NULL if none finished
 * (or none is pending). req and resp must live until http_next() returns
 * req. They use their own multi handle: http_perform() may run between
 * them. http_abandon() drops all pending ones, leaving their responses
 * as they were; http_cleanup() does it too. */
int http_start(const struct http_req *req, struct http_resp *resp);
const struct http_req *http_next(long timeout_ms);
size_t http_pending(void);
void http_abandon(void);
/* Free and wipe what a response owns; leaves it zeroed. NULL is fine. */
void http_resp_free(struct http_resp *resp);

/* https:// anywhere; http:// only to 127.0.0.0/8, localhost or [::1].
 * false with the reason in why (may be NULL) otherwise. */
bool http_url_allowed(const char *url, char *why, size_t whysz);
/* Same scheme, host and port: apply.c sends its token to a polling URL
 * only if it has the ARM endpoint's origin. */
bool http_same_origin(const char *a, const char *b);

/* Retry-After as integer seconds or an HTTP-date, in ms, capped at 10 min;
 * -1 if absent or unparsable (the caller picks its default). */
long http_retry_after_ms(const char *retry_after);
/* Full jitter: uniform in [0, min(cap_ms, base_ms * 2^attempt)], attempt
 * from 0; the same seed in *rng_state (not NULL) gives the same delays, so
 * seed it once per run (e.g. time ^ pid), or fixed in tests. */
long http_backoff_ms(int attempt, long base_ms, long cap_ms,
	uint64_t *rng_state);
/* OK for 2xx without an error code; RETRY for 408, 429, 5xx, transient
 * curl codes, and ARM codes AnotherOperationInProgress or *Retryable*;
 * FATAL otherwise (an ARM code under 2xx is a failed async operation). */
enum http_class http_classify(long status, const char *arm_error_code,
	int curl_code);
/* An asynchronous operation that ended Failed with this code and message
 * failed for a passing reason and may be written again: a code
 * http_classify retries, one named after a status it retries
 * (InternalServerError ...), or a message asking for a retry. */
bool http_op_transient(const char *arm_error_code, const char *msg);
/* A curl code that every request to the same server will meet (no
 * address for its name, its certificate not trusted): no use going on. */
bool http_unreachable(int curl_code);
/* Innermost ARM error code and message from {"error":{"code","message"}},
 * following details[0] and messages that are themselves JSON (Bicep#2579).
 * false (and "" in both) if body holds no ARM error. msg may be NULL. */
bool http_arm_error(const char *body, char *code, size_t codesz, char *msg,
	size_t msgsz);
/* Copy src to dst (always NUL-terminated, truncated to dstsz) with the
 * values of Bearer tokens, Authorization headers and access_token,
 * client_secret-like fields replaced by "***". Returns dst. */
char *http_redact(char *dst, size_t dstsz, const char *src);

#endif
