/* pace_test.c - unit tests for pace.c: the published figures before any
 * answer, Retry-After to the ms, and a simulated run against a token
 * bucket that throttles as ARM does (and as tests/mockarm/server.py
 * --bucket does): parallel workers share one budget, the pacer learns a
 * bucket smaller and slower than the published one from the remaining-
 * requests header, and few requests meet a 429. Time is simulated: no
 * test here depends on the machine's speed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pace.h"

static int npass, nfail;

#define CHECK(expr) do { \
	if (expr) { \
		npass++; \
	} else { \
		nfail++; \
		printf("%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
			#expr); \
	} \
} while (0)

static void
test_classes(void)
{
	CHECK(pace_class_of("GET") == PACE_READS);
	CHECK(pace_class_of(NULL) == PACE_READS);
	CHECK(pace_class_of("HEAD") == PACE_READS);
	CHECK(pace_class_of("PUT") == PACE_WRITES);
	CHECK(pace_class_of("PATCH") == PACE_WRITES);
	CHECK(pace_class_of("POST") == PACE_WRITES);
	CHECK(pace_class_of("DELETE") == PACE_DELETES);
	CHECK(strcmp(pace_class_name(PACE_DELETES), "deletes") == 0);
}

/* Before any answer: ARM's published buckets, full. */
static void
test_published(void)
{
	struct pace_ticket t;

	pace_reset();
	for (int i = 0; i < 200; i++) {
		CHECK(pace_wait_ms(PACE_WRITES, 0) == 0);
		pace_take(PACE_WRITES, 0, &t);
	}
	/* the 201st write waits for a token: 10 a second */
	long w = pace_wait_ms(PACE_WRITES, 0);
	CHECK(w >= 100 && w <= 101);
	CHECK(pace_wait_ms(PACE_WRITES, 101) == 0);
	/* reads and deletes have budgets of their own */
	CHECK(pace_wait_ms(PACE_READS, 0) == 0);
	CHECK(pace_wait_ms(PACE_DELETES, 0) == 0);
	CHECK(pace_rate(PACE_READS) == 25 && pace_rate(PACE_WRITES) == 10);
	CHECK(pace_tokens(PACE_READS, 0) == 250);
}

/* A 429 stops its class for Retry-After exactly, no more, no less. */
static void
test_retry_after(void)
{
	struct pace_ticket t, r;

	pace_reset();
	pace_take(PACE_WRITES, 1000, &t);
	pace_take(PACE_READS, 1000, &r);
	pace_answer(&t, 429, "0", 1500, 1000);
	CHECK(pace_wait_ms(PACE_WRITES, 1000) == 1500);
	CHECK(pace_wait_ms(PACE_WRITES, 2499) == 1);
	CHECK(pace_wait_ms(PACE_WRITES, 2500) == 0);
	CHECK(pace_wait_ms(PACE_READS, 1000) == 0);
	CHECK(pace_stats().throttled[PACE_WRITES] == 1);
	/* a 429 without Retry-After: a second */
	pace_take(PACE_WRITES, 2500, &t);
	pace_answer(&t, 429, NULL, -1, 2500);
	CHECK(pace_wait_ms(PACE_WRITES, 2500) == 1000);
	/* one of minutes is about its resource: the others wait 5 s */
	pace_take(PACE_WRITES, 4000, &t);
	pace_answer(&t, 429, NULL, 301000, 4000);
	CHECK(pace_wait_ms(PACE_WRITES, 4000) == 5000);
}

/* The header sets what the pacer believes the server holds, less the
 * requests in flight; an older answer can only lower it. */
static void
test_header(void)
{
	struct pace_ticket a, b, c;

	pace_reset();
	pace_take(PACE_WRITES, 0, &a);
	pace_take(PACE_WRITES, 0, &b);
	pace_take(PACE_WRITES, 0, &c);
	pace_answer(&b, 201, "4", -1, 0);	/* a and c in flight */
	CHECK(fabs(pace_tokens(PACE_WRITES, 0) - 2) < 1e-9);
	pace_answer(&a, 201, "9", -1, 0);	/* older news: 8 */
	CHECK(fabs(pace_tokens(PACE_WRITES, 0) - 2) < 1e-9);
	pace_answer(&c, 201, "junk", -1, 0);
	CHECK(fabs(pace_tokens(PACE_WRITES, 0) - 2) < 1e-9);
	/* the bucket is as large as it was seen to hold (9 + a's token),
	 * not the published 200 */
	CHECK(fabs(pace_tokens(PACE_WRITES, 100000) - 10) < 1e-9);
}

/* The 429s of one burst are one loss: the rate halves once for them, and
 * none of them is counted in a span that starts after it was sent. The
 * burst of tests/apply.sh's mock (4 writes refilled at 2 a second, 8
 * sent at once): 4 answered, then 4 429s. */
static void
burst(struct pace_ticket *t)
{
	static const char *rem[] = {"3", "2", "1", "0"};
	static const int ok[] = {3, 2, 7, 4}, refused[] = {6, 1, 5, 8};

	pace_reset();
	for (int i = 1; i <= 8; i++)
		pace_take(PACE_WRITES, 0, &t[i]);
	for (int i = 0; i < 4; i++)
		pace_answer(&t[ok[i]], 201, rem[i], -1, 50 + i);
	for (int i = 0; i < 4; i++)
		pace_answer(&t[refused[i]], 429, "0", 1000, 100 + i);
}

static void
test_burst(void)
{
	struct pace_ticket t[11];

	burst(t);
	CHECK(pace_rate(PACE_WRITES) == 5);	/* 10 / 2, once */
	/* a later request's 429 is another loss */
	pace_take(PACE_WRITES, 1100, &t[9]);
	pace_answer(&t[9], 429, "0", 500, 1150);
	CHECK(pace_rate(PACE_WRITES) == 2.5);

	/* The same burst, then two requests answered a second later with
	 * the bucket still empty. What they measure from the burst's
	 * answers is no refill at all, but the bucket was near full when
	 * the span began (its refill may have stopped at its size), and
	 * the four 429s took nothing: a lower bound, which does not lower
	 * the rate. The old measure counted 429s of requests sent before
	 * its span and took the span for exact: the rate fell to the floor
	 * of 0.1 a second, and the pacer then waited 10 s a token while the
	 * bucket refilled in 2. */
	burst(t);
	pace_take(PACE_WRITES, 1100, &t[9]);
	pace_answer(&t[9], 201, "0", -1, 1150);
	pace_take(PACE_WRITES, 1600, &t[10]);
	pace_answer(&t[10], 201, "0", -1, 1650);
	CHECK(pace_rate(PACE_WRITES) == 5);
}

/* ---- a simulated run ------------------------------------------------ */

/* ARM's bucket for one class, as the mock keeps it. */
struct server {
	double size, rate, tokens;
	long t;
};

static bool
server_take(struct server *s, long now, long *rem, long *retry_ms)
{
	s->tokens += s->rate * (double)(now - s->t) / 1000.0;
	if (s->tokens > s->size)
		s->tokens = s->size;
	s->t = now;
	if (s->tokens >= 1) {
		s->tokens -= 1;
		*rem = (long)s->tokens;
		return true;
	}
	*rem = 0;
	*retry_ms = 1000 * (long)ceil((1 - s->tokens) / s->rate);
	return false;
}

struct worker {
	bool busy;
	long arrive, answer;	/* at the server; back at the client */
	struct pace_ticket t;
	long status, rem, retry_ms;
	long not_before;	/* after a 429: its own Retry-After */
};

struct sim {
	long done_ms;
	int throttled;
};

static unsigned long lcg = 1;

/* 0 .. n-1, the same each run */
static long
jitter(long n)
{
	lcg = lcg * 6364136223846793005UL + 1442695040888963407UL;
	return n > 0 ? (long)((lcg >> 33) % (unsigned long)n) : 0;
}

/* nreq requests of one class from nworkers workers at once, each
 * request LAT ms there and back, plus up to JIT ms more on the way there
 * (so that the server counts them out of order); paced or not. */
static struct sim
simulate(double size, double rate, int nreq, int nworkers, long lat,
    long jit, bool paced)
{
	struct server s = {size, rate, size, 0};
	struct worker w[64] = {0};
	int left = nreq, sent_ok = 0;
	struct sim out = {0, 0};
	char hdr[32];

	pace_reset();
	for (long now = 0; now < 3600000 && sent_ok < nreq; now++) {
		for (int i = 0; i < nworkers; i++) {
			struct worker *x = &w[i];
			if (x->busy && now == x->arrive) {
				bool ok = server_take(&s, now, &x->rem,
				    &x->retry_ms);
				x->status = ok ? 201 : 429;
			}
			if (x->busy && now == x->answer) {
				x->busy = false;
				snprintf(hdr, sizeof hdr, "%ld", x->rem);
				pace_answer(&x->t, x->status, hdr,
				    x->status == 429 ? x->retry_ms : -1, now);
				if (x->status == 429) {
					out.throttled++;
					x->not_before = now + x->retry_ms;
					left++;
				} else if (++sent_ok == nreq) {
					out.done_ms = now;
				}
			}
		}
		for (int i = 0; i < nworkers; i++) {
			struct worker *x = &w[i];
			if (x->busy || left == 0 || now < x->not_before)
				continue;
			if (paced && pace_wait_ms(PACE_WRITES, now) > 0)
				continue;
			pace_take(PACE_WRITES, now, &x->t);
			x->busy = true;
			x->arrive = now + lat / 2 + jitter(jit);
			x->answer = x->arrive + lat / 2;
			left--;
		}
	}
	return out;
}

static void
test_simulated(void)
{
	/* a bucket of 20 refilled at 2 a second (the published 200 and 10,
	 * scaled down), 200 writes from 8 workers: the bound is the burst,
	 * then the refill: (200 - 20) / 2 = 90 s */
	struct sim p = simulate(20, 2, 200, 8, 20, 0, true);
	printf("paced: %.1f s, %d 429s; rate learned %.2f/s\n",
	    p.done_ms / 1000.0, p.throttled, pace_rate(PACE_WRITES));
	CHECK(p.done_ms > 0 && p.done_ms <= 1.10 * 90000);
	CHECK(p.throttled <= 4);	/* <= 2% of 200 */
	CHECK(pace_rate(PACE_WRITES) > 1.5 && pace_rate(PACE_WRITES) <= 2.1);

	/* the same unpaced: a storm of 429s (what the pacer saves) */
	struct sim u = simulate(20, 2, 200, 8, 20, 0, false);
	printf("unpaced: %.1f s, %d 429s\n", u.done_ms / 1000.0,
	    u.throttled);
	CHECK(u.throttled > 10 * (p.throttled + 1));

	/* ARM's own figures, 1000 writes: bound (1000 - 200) / 10 = 80 s */
	p = simulate(200, 10, 1000, 8, 50, 0, true);
	printf("published: %.1f s, %d 429s\n", p.done_ms / 1000.0,
	    p.throttled);
	CHECK(p.done_ms > 0 && p.done_ms <= 1.10 * 80000);
	CHECK(p.throttled <= 10);

	/* 64 at once, answered in any order (0-50 ms on the way), against
	 * ARM's reads x 5: bound (10000 - 1250) / 125 = 70 s; at most 1%
	 * of the requests meet a 429 */
	p = simulate(1250, 125, 10000, 64, 10, 50, true);
	printf("64 workers: %.1f s, %d 429s; rate learned %.1f/s\n",
	    p.done_ms / 1000.0, p.throttled, pace_rate(PACE_WRITES));
	CHECK(p.done_ms > 0 && p.done_ms <= 1.10 * 70000);
	CHECK(p.throttled <= 100);

	/* a bucket smaller than the workers (tests/apply.sh's mock: 4
	 * writes refilled at 2 a second, 8 at once): the first burst meets
	 * 429s together, and the rate must not fall once per 429 of one
	 * burst, or the pacer waits many seconds a token. Bound:
	 * (60 - 4) / 2 = 28 s */
	for (long jit = 0; jit <= 400; jit += 100) {
		p = simulate(4, 2, 60, 8, 40, jit, true);
		printf("small bucket, jitter %ld ms: %.1f s, %d 429s; rate "
		    "learned %.2f/s\n", jit, p.done_ms / 1000.0, p.throttled,
		    pace_rate(PACE_WRITES));
		CHECK(p.done_ms > 0 && p.done_ms <= 1.10 * 28000);
		CHECK(pace_rate(PACE_WRITES) > 1.5);
	}
}

int
main(void)
{
	test_classes();
	test_published();
	test_retry_after();
	test_header();
	test_burst();
	test_simulated();
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
