/* pace.h - pacing ARM requests under ARM's throttling (issue 19): one
 * budget of reads, writes and deletes for the whole run, whatever number of
 * requests the executor has in flight, so that it keeps under ARM's token
 * buckets rather than finding them through 429s.
 *
 * ARM throttles each subscription and principal with a token bucket per
 * class of request (docs/azure-notes.md 18): reads 250 tokens refilled at
 * 25 a second, writes and deletes 200 at 10. The pacer starts from those
 * published figures and learns the bucket from the answers: each carries
 * x-ms-ratelimit-remaining-subscription-CLASS, the tokens left; the
 * refill rate is measured between two answers as the change of that count
 * plus the requests counted in between. A 429's Retry-After stops the
 * whole class until it has passed.
 *
 * One pacer per process (the executor sends every request from one
 * scheduler: http_start/http_next); times are the caller's, in ms of a
 * monotonic clock, so that tests drive it. Not thread-safe. */
#ifndef PACE_H
#define PACE_H

#include <stdbool.h>

enum pace_class {
	PACE_READS,	/* GET, HEAD (polls of an operation too) */
	PACE_WRITES,	/* PUT, PATCH, POST */
	PACE_DELETES,	/* DELETE */
	PACE_NCLASS
};

/* What pace_take() hands out and pace_answer() gets back: the request's
 * place among its class's requests and when it went. */
struct pace_ticket {
	enum pace_class cls;
	unsigned long seq;	/* 0: none taken */
	long t_ms;
};

struct pace_stats {
	unsigned long sent[PACE_NCLASS];	/* requests that took a token */
	unsigned long throttled[PACE_NCLASS];	/* of them answered 429 */
};

enum pace_class pace_class_of(const char *method);
/* "reads", "writes", "deletes". */
const char *pace_class_name(enum pace_class c);
/* Forget everything: full buckets of the published sizes and rates. */
void pace_reset(void);
/* ms until a request of class c may go (0: now). */
long pace_wait_ms(enum pace_class c, long now_ms);
/* The request goes now: take its token. */
void pace_take(enum pace_class c, long now_ms, struct pace_ticket *t);
/* Its answer: HTTP status (0: none, or never sent: every ticket taken
 * must come back), the remaining-requests header of its class (NULL if
 * absent) and Retry-After in ms (-1 if absent). A ticket with seq 0 is
 * ignored. */
void pace_answer(const struct pace_ticket *t, long status,
	const char *remaining, long retry_after_ms, long now_ms);
/* The pacer's view of class c, for tests and messages. */
double pace_rate(enum pace_class c);
double pace_tokens(enum pace_class c, long now_ms);
struct pace_stats pace_stats(void);

#endif
