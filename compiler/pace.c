/* pace.c - one budget of ARM requests for the run (pace.h). */
#include "pace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ARM's buckets per subscription and principal since 2024, the figures
 * before the first answer: "Understand how Azure Resource Manager
 * throttles requests", https://learn.microsoft.com/azure/
 * azure-resource-manager/management/request-limits-and-throttling
 * (docs/azure-notes.md 18). */
static const struct {
	const char *name;
	double size, rate;	/* tokens; tokens a second */
} published[PACE_NCLASS] = {
	[PACE_READS] = {"reads", 250, 25},
	[PACE_WRITES] = {"writes", 200, 10},
	[PACE_DELETES] = {"deletes", 200, 10},
};

/* The slowest refill the pacer believes in: a measure below it is noise
 * (the header counts whole tokens), and a run must go on. */
#define RATE_MIN 0.1
/* The longest a 429 holds back the other requests of its class. ARM's
 * buckets give a token back within a second (10 and 25 a second); a
 * longer Retry-After is about the one resource (its provider's throttling,
 * an operation on it), which the request that met it waits alone. */
#define HOLD_MAX_MS 5000
/* The shortest span a refill rate is measured over. */
#define MEASURE_MS 1000

struct bucket {
	double size, rate;
	double tokens;	/* what the server holds for us, as of t */
	long t;
	long blocked_until;	/* a 429's Retry-After */
	bool sized;	/* size from an answer, not the published one */
	unsigned long seq;	/* requests taken */
	unsigned long inflight;	/* taken, not answered yet */
	unsigned long newest;	/* seq of the newest answer used */
	unsigned long refused;	/* 429s */
	unsigned long cut_seq;	/* the newest request when the rate last fell */
	/* the answer the refill rate is measured from */
	bool anchored;
	unsigned long a_seq, a_refused;
	long a_t;
	double a_rem;
};

static struct bucket bk[PACE_NCLASS];
static struct pace_stats stats;
static bool ready;

enum pace_class
pace_class_of(const char *method)
{
	if (!method || strcmp(method, "GET") == 0 ||
	    strcmp(method, "HEAD") == 0)
		return PACE_READS;
	return strcmp(method, "DELETE") == 0 ? PACE_DELETES : PACE_WRITES;
}

const char *
pace_class_name(enum pace_class c)
{
	return published[c].name;
}

void
pace_reset(void)
{
	for (int c = 0; c < PACE_NCLASS; c++)
		bk[c] = (struct bucket){.size = published[c].size,
		    .rate = published[c].rate, .tokens = published[c].size};
	memset(&stats, 0, sizeof stats);
	ready = true;
}

static struct bucket *
get(enum pace_class c)
{
	if (!ready)
		pace_reset();
	return &bk[c];
}

/* The tokens as of now: refilled since t, up to the bucket's size. */
static void
refill(struct bucket *b, long now)
{
	if (now <= b->t)
		return;
	if (b->tokens < b->size) {
		b->tokens += b->rate * (double)(now - b->t) / 1000.0;
		if (b->tokens > b->size)
			b->tokens = b->size;
	}
	b->t = now;
}

long
pace_wait_ms(enum pace_class c, long now)
{
	struct bucket *b = get(c);

	if (now < b->blocked_until)
		return b->blocked_until - now;
	refill(b, now);
	if (b->tokens >= 1)
		return 0;
	/* rounded up: a token is whole at that time, not just before */
	long ms = (long)((1 - b->tokens) * 1000.0 / b->rate);
	return ms + 1;
}

void
pace_take(enum pace_class c, long now, struct pace_ticket *t)
{
	struct bucket *b = get(c);

	refill(b, now);
	b->tokens -= 1;
	b->inflight++;
	stats.sent[c]++;
	*t = (struct pace_ticket){.cls = c, .seq = ++b->seq, .t_ms = now};
}

/* A whole number of tokens, as the header says it. */
static bool
parse_count(const char *s, double *out)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end)
		return false;
	*out = (double)v;
	return true;
}

/* The refill rate from two answers: between them the count went from
 * a_rem to rem while the server counted the requests sent in between
 * (those answered 429 take nothing). Half a token less than measured: the
 * header rounds down, and a rate too high costs 429s where one too low
 * costs a little time. While the bucket is near full at either end the
 * refill may have stopped at its size: the measure is then only a lower
 * bound, which can raise the rate but not lower it (a bucket smaller than
 * the requests in flight is near full at the start of every burst, and a
 * rate learned too low would never be measured again: the pacer would
 * wait for the full bucket each time), and the next span starts here. */
static void
measure(struct bucket *b, const struct pace_ticket *t, double rem)
{
	if (!b->anchored) {
		b->anchored = true;
		b->a_seq = t->seq;
		b->a_refused = b->refused;
		b->a_t = t->t_ms;
		b->a_rem = rem;
		return;
	}
	/* the requests in flight may be counted in any order: a span of
	 * many times as many keeps that error small */
	long span = t->t_ms - b->a_t;
	if (span < MEASURE_MS || t->seq - b->a_seq < 4 * b->inflight)
		return;
	double counted = (double)(t->seq - b->a_seq) -
	    (double)(b->refused - b->a_refused);
	double r = (rem - b->a_rem + counted - 0.5) * 1000.0 / (double)span;
	if (rem * 2 < b->size && b->a_rem * 2 < b->size) {
		b->rate = r < RATE_MIN ? RATE_MIN : r;
		return;
	}
	if (r > b->rate)
		b->rate = r;
	b->anchored = false;
	measure(b, t, rem);
}

void
pace_answer(const struct pace_ticket *t, long status, const char *remaining,
    long retry_after_ms, long now)
{
	double rem;

	if (!t || !t->seq)
		return;
	struct bucket *b = get(t->cls);
	if (b->inflight)
		b->inflight--;
	if (status == 429) {
		/* the whole class waits Retry-After (ARM: a request sent
		 * before it has passed "isn't processed"), up to
		 * HOLD_MAX_MS, and then holds one token, as ARM's bucket
		 * does */
		long ra = retry_after_ms >= 0 ? retry_after_ms : 1000;
		if (ra > HOLD_MAX_MS)
			ra = HOLD_MAX_MS;
		stats.throttled[t->cls]++;
		/* a request sent before the span's anchor took nothing in
		 * the span (measure) */
		if (!b->anchored || t->seq > b->a_seq)
			b->refused++;
		if (now + ra > b->blocked_until)
			b->blocked_until = now + ra;
		/* the pacer thought a token was there: its refill rate is too
		 * high until an answer measures it (a halving, as TCP's
		 * congestion window falls on a loss). Once for the requests
		 * sent together: the 429s of one burst are one loss, and
		 * halving for each would leave a rate far too low */
		if (t->seq > b->cut_seq) {
			if (b->rate / 2 > RATE_MIN)
				b->rate /= 2;
			b->cut_seq = b->seq;
		}
		b->tokens = 1 - b->rate * (double)ra / 1000.0;
		b->t = now;
		return;
	}
	if (!parse_count(remaining, &rem))
		return;
	if (!b->sized || rem + 1 > b->size) {
		b->size = rem + 1;
		b->sized = true;
	}
	/* The server held rem when it counted this request; of the
	 * requests still in flight it may not have counted any (the server
	 * counts them in no set order), and its refill since is left out:
	 * a little less than it holds. The newest answer sets the count,
	 * an older one can only lower it (it may have been counted before
	 * requests since answered). */
	double est = rem - (double)b->inflight;
	refill(b, now);
	if (t->seq > b->newest) {
		b->newest = t->seq;
		measure(b, t, rem);
		b->tokens = est < b->size ? est : b->size;
	} else if (est < b->tokens) {
		b->tokens = est;
	}
}

double
pace_rate(enum pace_class c)
{
	return get(c)->rate;
}

double
pace_tokens(enum pace_class c, long now)
{
	struct bucket *b = get(c);

	refill(b, now);
	return b->tokens;
}

struct pace_stats
pace_stats(void)
{
	return stats;
}
