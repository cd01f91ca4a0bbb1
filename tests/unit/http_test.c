/* http_test.c - unit tests for http.c and auth.c: the pure helpers first,
 * then real requests against tests/mockarm/server.py, which this program
 * starts on 127.0.0.1 and stops. Run from the project root. Tokens and
 * secrets are made up at run time and must never reach any output. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "auth.h"
#include "http.h"

extern char **environ;

static int npass, nfail;

#define CHECK(expr) do { \
	if (expr) { \
		npass++; \
	} else { \
		nfail++; \
		printf("%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
			#expr); \
		fflush(stdout); \
	} \
} while (0)

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char api[] = "api-version=2024-05-01";

static char tmpdir[64];
static char token[64], secret[64], idheader[64];
static char authz[128];	/* "Authorization: Bearer <token>" */
static char base[64];	/* http://127.0.0.1:PORT */
static pid_t mock_pid = -1;

static void
sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) == EOF || fclose(f) == EOF) {
		perror(path);
		exit(2);
	}
	chmod(path, mode);
}

/* Whole file as a string (caller frees), or NULL. */
static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = NULL;
	size_t n = 0, cap = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			s = realloc(s, cap);
			if (!s)
				exit(2);
		}
		r = fread(s + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	s[n] = '\0';
	fclose(f);
	return s;
}

static const char *
path_in(const char *name)
{
	static char buf[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", tmpdir, name);
	return buf[i];
}

static void
req_set(struct http_req *q, const char *method, const char *url,
	const char *body, const char *const *headers)
{
	memset(q, 0, sizeof *q);
	q->method = method;
	q->url = url;
	q->body = body;
	q->headers = headers;
	q->timeout_ms = 10000;
}

/* Pure helpers */

static void
test_url_policy(void)
{
	static const struct {
		const char *url;
		bool ok;
	} cases[] = {
		{"https://management.azure.com/subscriptions?api-version=1", true},
		{"HTTPS://management.azure.com/", true},
		{"https://10.0.0.1/", true},
		{"http://127.0.0.1:8080/x", true},
		{"http://127.255.0.9/", true},
		{"http://localhost/", true},
		{"http://LOCALHOST:1234/", true},
		{"http://[::1]:8080/", true},
		{"http://10.0.0.1/", false},
		{"http://0.0.0.0/", false},
		{"http://example.com/", false},
		{"http://169.254.169.254/metadata/identity", false},
		{"http://localhost.example.com/", false},
		{"http://127.0.0.1@example.com/", false},
		{"http://[::ffff:10.0.0.1]/", false},
		{"http://[::2]/", false},
		{"ftp://127.0.0.1/", false},
		{"file:///etc/passwd", false},
		{"gopher://127.0.0.1/", false},
		{"https://user:pw@management.azure.com/", false},
		{"management.azure.com/subscriptions", false},
		{"", false},
	};
	char why[200];
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		bool ok = http_url_allowed(cases[i].url, why, sizeof why);

		if (ok != cases[i].ok)
			printf("url policy: %s\n", cases[i].url);
		CHECK(ok == cases[i].ok);
		CHECK(ok ? why[0] == '\0' : why[0] != '\0');
	}
	CHECK(!http_url_allowed(NULL, why, sizeof why));
	CHECK(!http_url_allowed("http://10.0.0.1/", NULL, 0));
	CHECK(http_url_allowed("http://10.0.0.1/", why, 8) == false &&
		strlen(why) == 7);

	CHECK(http_same_origin("https://management.azure.com/a?x=1",
		"https://MANAGEMENT.azure.com:443/operations/b"));
	CHECK(!http_same_origin("https://management.azure.com/",
		"https://evil.example/"));
	CHECK(!http_same_origin("https://management.azure.com/",
		"http://management.azure.com/"));
	CHECK(!http_same_origin("http://127.0.0.1:8080/", "http://127.0.0.1:8081/"));
	CHECK(!http_same_origin(NULL, "https://a/"));
}

static void
test_retry_after(void)
{
	char date[64];
	time_t t = time(NULL) + 30;
	struct tm tm;
	long ms;

	CHECK(http_retry_after_ms("0") == 0);
	CHECK(http_retry_after_ms("5") == 5000);
	CHECK(http_retry_after_ms(" 7 ") == 7000);
	CHECK(http_retry_after_ms("600") == 600000);
	CHECK(http_retry_after_ms("601") == 600000);
	CHECK(http_retry_after_ms("99999999999999999999999") == 600000);
	CHECK(http_retry_after_ms("1.5") == -1);
	CHECK(http_retry_after_ms("10s") == -1);
	CHECK(http_retry_after_ms("-1") == -1);
	CHECK(http_retry_after_ms("soon") == -1);
	CHECK(http_retry_after_ms("") == -1);
	CHECK(http_retry_after_ms(NULL) == -1);
	CHECK(http_retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT") == 0);
	CHECK(http_retry_after_ms("Fri, 31 Dec 2100 23:59:59 GMT") == 600000);
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	ms = http_retry_after_ms(date);
	CHECK(ms >= 27000 && ms <= 30000);
}

static void
test_backoff(void)
{
	uint64_t a = 42, b = 42, c = 43;
	long va[12], vb[12], top, v, lo = 1000000, hi = -1;
	bool differ = false;
	int i;

	for (i = 0; i < 12; i++) {
		va[i] = http_backoff_ms(i, 100, 5000, &a);
		vb[i] = http_backoff_ms(i, 100, 5000, &b);
		if (http_backoff_ms(i, 100, 5000, &c) != va[i])
			differ = true;
		top = 100L << i;
		if (top > 5000)
			top = 5000;
		CHECK(va[i] >= 0 && va[i] <= top);
		CHECK(va[i] == vb[i]);
	}
	CHECK(differ);
	for (i = 0; i < 1000; i++) {
		v = http_backoff_ms(3, 100, 60000, &a);
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	CHECK(lo >= 0 && hi <= 800);
	CHECK(lo < 200 && hi > 600);	/* full jitter spreads */
	v = http_backoff_ms(1000, 1000, 30000, &a);
	CHECK(v >= 0 && v <= 30000);
	v = http_backoff_ms(62, 1L << 40, 1L << 50, &a);
	CHECK(v >= 0 && v <= 1L << 50);
	CHECK(http_backoff_ms(3, 0, 1000, &a) == 0);
	CHECK(http_backoff_ms(0, 5000, 1000, &a) <= 1000);
}

static void
test_classify(void)
{
	CHECK(http_classify(200, NULL, 0) == HTTP_OK);
	CHECK(http_classify(201, "", 0) == HTTP_OK);
	CHECK(http_classify(204, NULL, 0) == HTTP_OK);
	CHECK(http_classify(429, "TooManyRequests", 0) == HTTP_RETRY);
	CHECK(http_classify(408, NULL, 0) == HTTP_RETRY);
	CHECK(http_classify(500, NULL, 0) == HTTP_RETRY);
	CHECK(http_classify(503, "ServiceUnavailable", 0) == HTTP_RETRY);
	CHECK(http_classify(504, "GatewayTimeout", 0) == HTTP_RETRY);
	CHECK(http_classify(409, "AnotherOperationInProgress", 0) == HTTP_RETRY);
	CHECK(http_classify(429, "RetryableErrorDueToAnotherOperation", 0) ==
		HTTP_RETRY);
	CHECK(http_classify(400, "RetryableError", 0) == HTTP_RETRY);
	CHECK(http_classify(409, "Conflict", 0) == HTTP_FATAL);
	CHECK(http_classify(400, "InUseSubnetCannotBeDeleted", 0) == HTTP_FATAL);
	CHECK(http_classify(404, "ParentResourceNotFound", 0) == HTTP_FATAL);
	CHECK(http_classify(401, "AuthenticationFailed", 0) == HTTP_FATAL);
	CHECK(http_classify(403, NULL, 0) == HTTP_FATAL);
	CHECK(http_classify(302, NULL, 0) == HTTP_FATAL);
	/* a failed async operation answers 200 with an error */
	CHECK(http_classify(200, "InvalidResourceReference", 0) == HTTP_FATAL);
	CHECK(http_classify(200, "AnotherOperationInProgress", 0) == HTTP_RETRY);
	CHECK(http_classify(0, NULL, 7) == HTTP_RETRY);	/* couldn't connect */
	CHECK(http_classify(0, NULL, 28) == HTTP_RETRY);	/* timeout */
	CHECK(http_classify(0, NULL, 52) == HTTP_RETRY);	/* got nothing */
	CHECK(http_classify(0, NULL, 55) == HTTP_RETRY);	/* send error */
	/* ARM out of reach for every request, or only this one failed */
	CHECK(http_unreachable(60));	/* certificate not trusted */
	CHECK(http_unreachable(6));	/* no address for the name */
	CHECK(http_unreachable(77));	/* CA file unusable */
	CHECK(!http_unreachable(23));	/* write error: this answer only */
	CHECK(!http_unreachable(7));	/* couldn't connect: retried */
	CHECK(!http_unreachable(0));
	CHECK(!http_unreachable(-1));	/* refused before sending */
	CHECK(http_classify(0, NULL, 56) == HTTP_RETRY);	/* reset */
	CHECK(http_classify(0, NULL, 6) == HTTP_FATAL);	/* DNS */
	CHECK(http_classify(0, NULL, 60) == HTTP_FATAL);	/* bad cert */
	CHECK(http_classify(0, NULL, -1) == HTTP_FATAL);	/* refused */
}

static void
test_arm_error(void)
{
	/* Bicep#2579, as ARM sends it */
	static const char nested[] =
		"{\"error\":{\"code\":\"DeploymentFailed\",\"message\":\"At least"
		" one resource deployment operation failed.\",\"details\":[{"
		"\"code\":\"Conflict\",\"message\":\"{\\r\\n  \\\"status\\\": "
		"\\\"Failed\\\",\\r\\n  \\\"error\\\": {\\r\\n    \\\"code\\\": "
		"\\\"AnotherOperationInProgress\\\",\\r\\n    \\\"message\\\": "
		"\\\"Another operation on this or dependent resource is in "
		"progress.\\\",\\r\\n    \\\"details\\\": []\\r\\n  }\\r\\n}\"}]}}";
	char code[64], msg[256], small[8];

	CHECK(http_arm_error("{\"error\":{\"code\":\"ResourceNotFound\","
		"\"message\":\"not found\"}}", code, sizeof code, msg, sizeof msg));
	CHECK(strcmp(code, "ResourceNotFound") == 0);
	CHECK(strcmp(msg, "not found") == 0);
	CHECK(http_arm_error(nested, code, sizeof code, msg, sizeof msg));
	CHECK(strcmp(code, "AnotherOperationInProgress") == 0);
	CHECK(strncmp(msg, "Another operation", 17) == 0);
	CHECK(http_arm_error("{\"error\":{\"code\":\"DeploymentFailed\","
		"\"message\":\"x\",\"details\":[{\"code\":\"InUseSubnetCannotBe"
		"Deleted\",\"message\":\"in use\"}]}}", code, sizeof code, msg,
		sizeof msg));
	CHECK(strcmp(code, "InUseSubnetCannotBeDeleted") == 0);
	CHECK(strcmp(msg, "in use") == 0);
	/* a message that only looks like JSON keeps the outer error */
	CHECK(http_arm_error("{\"error\":{\"code\":\"Conflict\",\"message\":"
		"\"{not json\"}}", code, sizeof code, msg, sizeof msg));
	CHECK(strcmp(code, "Conflict") == 0);
	/* async operation body and the capitalised Microsoft.Web form */
	CHECK(http_arm_error("{\"status\":\"Failed\",\"error\":{\"code\":"
		"\"InternalError\",\"message\":\"m\"}}", code, sizeof code, NULL,
		0));
	CHECK(strcmp(code, "InternalError") == 0);
	CHECK(http_arm_error("{\"Code\":\"BadRequest\",\"Message\":\"web\"}",
		code, sizeof code, msg, sizeof msg));
	CHECK(strcmp(code, "BadRequest") == 0 && strcmp(msg, "web") == 0);
	CHECK(http_arm_error(nested, small, sizeof small, NULL, 0));
	CHECK(strcmp(small, "Another") == 0);
	CHECK(!http_arm_error("{\"id\":\"x\"}", code, sizeof code, msg,
		sizeof msg));
	CHECK(code[0] == '\0' && msg[0] == '\0');
	CHECK(!http_arm_error("<html>502</html>", code, sizeof code, msg,
		sizeof msg));
	CHECK(!http_arm_error("", code, sizeof code, msg, sizeof msg));
	CHECK(!http_arm_error(NULL, code, sizeof code, msg, sizeof msg));
}

static void
test_redact(void)
{
	char out[256], tiny[6];

	http_redact(out, sizeof out, "Authorization: Bearer eyJ0.eyJ1.sig");
	CHECK(strcmp(out, "Authorization: ***") == 0);
	http_redact(out, sizeof out, "{\"token_type\":\"Bearer\","
		"\"access_token\":\"eyJ0.x\\\"y\",\"expires_in\":3599}");
	CHECK(strcmp(out, "{\"token_type\":\"Bearer\",\"access_token\":"
		"\"***\",\"expires_in\":3599}") == 0);
	http_redact(out, sizeof out, "grant_type=client_credentials&"
		"client_id=abc&client_secret=s3cr%2Ft&scope=x");
	CHECK(strcmp(out, "grant_type=client_credentials&client_id=abc&"
		"client_secret=***&scope=x") == 0);
	http_redact(out, sizeof out, "x-identity-header: 0123");
	CHECK(strcmp(out, "x-identity-header: ***") == 0);
	http_redact(out, sizeof out, "{\"accessToken\": \"abc\", "
		"\"tenant\": \"t\"}");
	CHECK(strcmp(out, "{\"accessToken\": \"***\", \"tenant\": \"t\"}") == 0);
	http_redact(out, sizeof out, "got bearer abc.def here");
	CHECK(strcmp(out, "got bearer *** here") == 0);
	http_redact(out, sizeof out, "no secrets, token_type only");
	CHECK(strcmp(out, "no secrets, token_type only") == 0);
	http_redact(tiny, sizeof tiny, "Authorization: Bearer x");
	CHECK(strcmp(tiny, "Autho") == 0);
}

/* The mock server */

static int
mock_start(void)
{
	static char args[][32] = {
		"/usr/bin/python3", "tests/mockarm/server.py", "0",
		"--scenario", "", "--log", "", "--tenant", "tenant1",
		"--max-seconds", "90"
	};
	char *argv[NELEM(args) + 1];
	char scen[64], logp[64], line[32];
	posix_spawn_file_actions_t fa;
	struct pollfd p;
	size_t n = 0;
	int fd[2], e;

	snprintf(scen, sizeof scen, "%s", path_in("scenario.json"));
	snprintf(logp, sizeof logp, "%s", path_in("mock.log"));
	for (n = 0; n < NELEM(args); n++)
		argv[n] = args[n];
	argv[n] = NULL;
	argv[4] = scen;
	argv[6] = logp;
	n = 0;
	if (access(argv[1], R_OK) < 0) {
		printf("no %s: run from the project root\n", argv[1]);
		return -1;
	}
	if (pipe(fd) < 0)
		return -1;
	/* secrets reach the mock through its environment, not its argv */
	setenv("MOCKARM_TOKEN", token, 1);
	setenv("MOCKARM_CLIENT_SECRET", secret, 1);
	setenv("MOCKARM_IDENTITY_HEADER", idheader, 1);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	posix_spawn_file_actions_addclose(&fa, fd[1]);
	e = posix_spawn(&mock_pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	unsetenv("MOCKARM_TOKEN");
	unsetenv("MOCKARM_CLIENT_SECRET");
	unsetenv("MOCKARM_IDENTITY_HEADER");
	close(fd[1]);
	if (e) {
		printf("posix_spawn python3: %s\n", strerror(e));
		close(fd[0]);
		return -1;
	}
	/* the first stdout line is the port */
	p.fd = fd[0];
	p.events = POLLIN;
	while (n + 1 < sizeof line && poll(&p, 1, 10000) > 0) {
		if (read(fd[0], line + n, 1) != 1 || line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	close(fd[0]);
	if (atoi(line) <= 0) {
		printf("mock server gave no port\n");
		return -1;
	}
	snprintf(base, sizeof base, "http://127.0.0.1:%d", atoi(line));
	return 0;
}

static void
mock_stop(void)
{
	struct http_req q;
	struct http_resp r;
	char url[128];
	int status, i;

	if (mock_pid < 0)
		return;
	snprintf(url, sizeof url, "%s/__shutdown", base);
	req_set(&q, "GET", url, NULL, NULL);
	http_do(&q, &r);
	http_resp_free(&r);
	for (i = 0; i < 50; i++) {
		if (waitpid(mock_pid, &status, WNOHANG) == mock_pid) {
			mock_pid = -1;
			return;
		}
		sleep_ms(100);
	}
	kill(mock_pid, SIGTERM);
	waitpid(mock_pid, &status, 0);
	mock_pid = -1;
}

static const char *
vnet_url(char *buf, size_t sz, const char *name)
{
	snprintf(buf, sz, "%s/subscriptions/s1/resourceGroups/rg/providers/"
		"Microsoft.Network/virtualNetworks/%s?%s", base, name, api);
	return buf;
}

/* A JSON string member of body, copied to buf ("" if absent). */
static const char *
json_member(char *buf, size_t sz, const char *body, const char *k1,
	const char *k2)
{
	json_t *root = json_loads(body ? body : "", 0, NULL);
	json_t *v = json_object_get(root, k1);

	if (k2)
		v = json_object_get(v, k2);
	snprintf(buf, sz, "%s", json_is_string(v) ? json_string_value(v) : "");
	json_decref(root);
	return buf;
}

static void
test_parallel(void)
{
	const char *hdrs[] = {authz, "Content-Type: application/json", NULL};
	struct http_req q[20];
	struct http_resp r[20];
	char urls[20][256], state[32];
	double t0;
	size_t i;
	int ok = 0;

	for (i = 0; i < 20; i++) {
		char name[16];

		snprintf(name, sizeof name, "par%zu", i);
		req_set(&q[i], "PUT", vnet_url(urls[i], sizeof urls[i], name),
			"{\"location\":\"westeurope\",\"properties\":{}}", hdrs);
	}
	CHECK(http_perform(q, r, 20, 4) == 0);
	for (i = 0; i < 20; i++) {
		ok += r[i].status == 201 && r[i].async_op != NULL;
		http_resp_free(&r[i]);
	}
	CHECK(ok == 20);
	for (i = 0; i < 20; i++)
		req_set(&q[i], "GET", urls[i], NULL, hdrs);
	CHECK(http_perform(q, r, 20, 4) == 0);
	for (ok = 0, i = 0; i < 20; i++) {
		json_member(state, sizeof state, r[i].body, "properties",
			"provisioningState");
		ok += r[i].status == 200 && strcmp(state, "Creating") == 0 &&
			r[i].request_id != NULL;
		http_resp_free(&r[i]);
	}
	CHECK(ok == 20);

	/* 8 requests the mock holds 0.4 s each, 4 at a time: two waves */
	for (i = 0; i < 8; i++) {
		snprintf(urls[i], sizeof urls[i], "%s/subscriptions/s1/lazy/%zu?%s",
			base, i, api);
		req_set(&q[i], "GET", urls[i], NULL, hdrs);
	}
	t0 = now_s();
	CHECK(http_perform(q, r, 8, 4) == 0);
	t0 = now_s() - t0;
	CHECK(t0 > 0.75 && t0 < 2.5);
	for (ok = 0, i = 0; i < 8; i++) {
		ok += r[i].status == 404;
		http_resp_free(&r[i]);
	}
	CHECK(ok == 8);
}

/* What apply.c will do for one PUT: send, classify, back off, poll the
 * operation URL until terminal. Returns the final class; *code gets the
 * ARM error code, *nsent the number of PUTs sent. */
static enum http_class
put_and_wait(const char *name, char *code, size_t codesz, int *nsent)
{
	const char *hdrs[] = {authz, "Content-Type: application/json", NULL};
	static uint64_t rng = 7;
	struct http_req q;
	struct http_resp r;
	char url[256], op[512], status[32];
	enum http_class c = HTTP_FATAL;
	int attempt, polls;
	long wait;

	*nsent = 0;
	vnet_url(url, sizeof url, name);
	for (attempt = 0; attempt < 5; attempt++) {
		req_set(&q, "PUT", url, "{\"location\":\"westeurope\","
			"\"properties\":{\"addressSpace\":{\"addressPrefixes\":"
			"[\"10.1.0.0/16\"]}}}", hdrs);
		http_do(&q, &r);
		(*nsent)++;
		http_arm_error(r.body, code, codesz, NULL, 0);
		c = http_classify(r.status, code, r.curl_code);
		if (c != HTTP_RETRY)
			break;
		wait = http_retry_after_ms(r.retry_after);
		if (wait < 0)
			wait = http_backoff_ms(attempt, 10, 200, &rng);
		sleep_ms(wait);
		http_resp_free(&r);
	}
	if (c != HTTP_OK || !r.async_op) {
		http_resp_free(&r);
		return c;
	}
	/* the token goes only where the ARM endpoint is */
	CHECK(http_same_origin(r.async_op, url));
	snprintf(op, sizeof op, "%s", r.async_op);
	http_resp_free(&r);
	for (polls = 0; polls < 10; polls++) {
		req_set(&q, "GET", op, NULL, hdrs);
		http_do(&q, &r);
		json_member(status, sizeof status, r.body, "status", NULL);
		http_arm_error(r.body, code, codesz, NULL, 0);
		wait = http_retry_after_ms(r.retry_after);
		http_resp_free(&r);
		if (strcmp(status, "Succeeded") == 0)
			return HTTP_OK;
		if (strcmp(status, "Failed") == 0 ||
		    strcmp(status, "Canceled") == 0)
			return http_classify(200, code, 0);
		sleep_ms(wait > 0 ? wait : 10);
	}
	return HTTP_FATAL;
}

static void
test_async(void)
{
	const char *hdrs[] = {authz, NULL};
	struct http_req q;
	struct http_resp r;
	char code[64], url[256], state[32];
	int n;

	CHECK(put_and_wait("hub", code, sizeof code, &n) == HTTP_OK);
	CHECK(n == 1);
	req_set(&q, "GET", vnet_url(url, sizeof url, "hub"), NULL, hdrs);
	CHECK(http_do(&q, &r) == 0);
	CHECK(r.status == 200);
	json_member(state, sizeof state, r.body, "properties",
		"provisioningState");
	CHECK(strcmp(state, "Succeeded") == 0);
	http_resp_free(&r);

	/* 429 twice with Retry-After: 0, then accepted */
	CHECK(put_and_wait("throttled", code, sizeof code, &n) == HTTP_OK);
	CHECK(n == 3);
	/* 409 AnotherOperationInProgress nested in DeploymentFailed */
	CHECK(put_and_wait("busy", code, sizeof code, &n) == HTTP_OK);
	CHECK(n == 2);
	/* the operation ends Failed */
	CHECK(put_and_wait("doomed", code, sizeof code, &n) == HTTP_FATAL);
	CHECK(strcmp(code, "InvalidResourceReference") == 0);

	/* PATCH: 202 + Location, 202, then the resource */
	req_set(&q, "PATCH", url, "{\"tags\":{\"env\":\"test\"}}", hdrs);
	CHECK(http_do(&q, &r) == 0);
	CHECK(r.status == 202 && r.location && !r.async_op);
	CHECK(r.retry_after && http_retry_after_ms(r.retry_after) == 0);
	if (r.location) {
		char loc[512];

		snprintf(loc, sizeof loc, "%s", r.location);
		http_resp_free(&r);
		req_set(&q, "GET", loc, NULL, hdrs);
		http_do(&q, &r);
		CHECK(r.status == 202);
		http_resp_free(&r);
		http_do(&q, &r);
		CHECK(r.status == 200);
		json_member(state, sizeof state, r.body, "tags", "env");
		CHECK(strcmp(state, "test") == 0);
	}
	http_resp_free(&r);
}

static void
test_errors(void)
{
	const char *hdrs[] = {authz, NULL};
	const char *bad[] = {"X-Test: a\r\nInjected: b", NULL};
	struct http_req q[4];
	struct http_resp r[4];
	char url[4][256], code[64];

	/* refused URLs never reach curl; the allowed one still runs. Live
	 * requests name only this machine (0.0.0.0 is not loopback to the
	 * policy but is local to the kernel): a broken policy would still
	 * send nothing off the host. */
	vnet_url(url[0], sizeof url[0], "hub");
	req_set(&q[0], "GET", url[0], NULL, hdrs);
	req_set(&q[1], "GET", "http://0.0.0.0:1/x", NULL, hdrs);
	req_set(&q[2], "GET", "ftp://127.0.0.1:1/x", NULL, hdrs);
	req_set(&q[3], "GET", url[0], NULL, bad);
	CHECK(http_perform(q, r, 4, 2) == 0);
	CHECK(r[0].status == 200);
	CHECK(r[1].status == 0 && r[1].curl_code == -1 &&
		strstr(r[1].errbuf, "0.0.0.0"));
	CHECK(r[2].status == 0 && r[2].curl_code == -1 && r[2].errbuf[0]);
	CHECK(r[3].status == 0 && r[3].curl_code == -1);
	CHECK(r[1].body && r[1].body[0] == '\0');
	CHECK(http_classify(r[1].status, NULL, r[1].curl_code) == HTTP_FATAL);
	for (int i = 0; i < 4; i++)
		http_resp_free(&r[i]);

	/* no token: 401; no api-version: 400 */
	req_set(&q[0], "GET", url[0], NULL, NULL);
	http_do(&q[0], &r[0]);
	CHECK(r[0].status == 401);
	http_arm_error(r[0].body, code, sizeof code, NULL, 0);
	CHECK(strcmp(code, "AuthenticationFailed") == 0);
	CHECK(http_classify(r[0].status, code, 0) == HTTP_FATAL);
	http_resp_free(&r[0]);
	snprintf(url[1], sizeof url[1], "%s/subscriptions/s1/resourceGroups/rg",
		base);
	req_set(&q[0], "GET", url[1], NULL, hdrs);
	http_do(&q[0], &r[0]);
	CHECK(r[0].status == 400);
	http_arm_error(r[0].body, code, sizeof code, NULL, 0);
	CHECK(strcmp(code, "MissingApiVersionParameter") == 0);
	http_resp_free(&r[0]);

	/* a child whose parent does not exist */
	snprintf(url[1], sizeof url[1], "%s/subscriptions/s1/resourceGroups/rg/"
		"providers/Microsoft.Network/virtualNetworks/nope/subnets/a?%s",
		base, api);
	req_set(&q[0], "PUT", url[1], "{\"properties\":{}}", hdrs);
	http_do(&q[0], &r[0]);
	CHECK(r[0].status == 404);
	http_arm_error(r[0].body, code, sizeof code, NULL, 0);
	CHECK(strcmp(code, "ParentResourceNotFound") == 0);
	http_resp_free(&r[0]);

	/* transport failures: dropped, reset, too slow, nobody listening */
	snprintf(url[0], sizeof url[0], "%s/subscriptions/s1/dropme?%s", base,
		api);
	snprintf(url[1], sizeof url[1], "%s/subscriptions/s1/resetme?%s", base,
		api);
	snprintf(url[2], sizeof url[2], "%s/subscriptions/s1/slowpoke?%s", base,
		api);
	snprintf(url[3], sizeof url[3], "http://127.0.0.1:1/nothing?%s", api);
	for (int i = 0; i < 4; i++)
		req_set(&q[i], "GET", url[i], NULL, hdrs);
	q[2].timeout_ms = 300;
	CHECK(http_perform(q, r, 4, 4) == 0);
	for (int i = 0; i < 4; i++) {
		CHECK(r[i].status == 0 && r[i].curl_code > 0 && r[i].errbuf[0]);
		CHECK(http_classify(r[i].status, NULL, r[i].curl_code) ==
			HTTP_RETRY);
		http_resp_free(&r[i]);
	}

	/* one 503, then fine */
	req_set(&q[0], "GET", vnet_url(url[0], sizeof url[0], "flaky"), NULL,
		hdrs);
	http_do(&q[0], &r[0]);
	CHECK(r[0].status == 503);
	CHECK(http_classify(r[0].status, NULL, 0) == HTTP_RETRY);
	http_resp_free(&r[0]);
	http_do(&q[0], &r[0]);
	CHECK(r[0].status == 404);
	http_resp_free(&r[0]);
}

/* Auth */

static void
clear_auth_env(void)
{
	static const char *const vars[] = {
		"AZURE_ACCESS_TOKEN", "AZURE_TENANT_ID", "AZURE_CLIENT_ID",
		"AZURE_CLIENT_SECRET", "AZURE_AUTHORITY_HOST",
		"IDENTITY_ENDPOINT", "IDENTITY_HEADER",
	};
	size_t i;

	for (i = 0; i < NELEM(vars); i++)
		unsetenv(vars[i]);
}

static bool
secret_free(const char *s)
{
	return !strstr(s, token) && !strstr(s, secret) && !strstr(s, idheader);
}

static void
test_auth(void)
{
	struct auth_opts o = {0};
	char err[512], url[128], script[512], *t = NULL, *oldpath;
	const char *p;

	o.cloud_arm_resource = "https://management.azure.com/";
	clear_auth_env();

	/* 1. AZURE_ACCESS_TOKEN, trimmed */
	snprintf(url, sizeof url, "  %s\n", token);
	setenv("AZURE_ACCESS_TOKEN", url, 1);
	CHECK(auth_token(&o, &t, err, sizeof err) == 0);
	CHECK(t && strcmp(t, token) == 0);
	CHECK(strcmp(auth_source(), "AZURE_ACCESS_TOKEN") == 0);
	auth_token_free(t);
	setenv("AZURE_ACCESS_TOKEN", "Bearer abc", 1);
	CHECK(auth_token(&o, &t, err, sizeof err) == -1 && !t);
	CHECK(strstr(err, "AZURE_ACCESS_TOKEN") != NULL);
	unsetenv("AZURE_ACCESS_TOKEN");

	/* 2. client credentials against the mock's token endpoint */
	setenv("AZURE_TENANT_ID", "tenant1", 1);
	setenv("AZURE_CLIENT_ID", "mock-client-id", 1);
	setenv("AZURE_CLIENT_SECRET", secret, 1);
	o.login_endpoint = base;
	CHECK(auth_token(&o, &t, err, sizeof err) == 0);
	CHECK(t && strcmp(t, token) == 0);
	CHECK(strcmp(auth_source(),
		"client credentials (AZURE_CLIENT_ID=mock-client-id)") == 0);
	CHECK(secret_free(auth_source()));
	auth_token_free(t);
	t = NULL;
	setenv("AZURE_CLIENT_SECRET", "wrong-secret-value", 1);
	CHECK(auth_token(&o, &t, err, sizeof err) == -1 && !t);
	CHECK(strstr(err, "client credentials (AZURE_CLIENT_ID=mock-client-id)"));
	CHECK(strstr(err, "401") && strstr(err, "invalid_client"));
	CHECK(!strstr(err, "wrong-secret-value") && secret_free(err));
	setenv("AZURE_CLIENT_SECRET", secret, 1);
	/* the login endpoint from AZURE_AUTHORITY_HOST */
	o.login_endpoint = NULL;
	setenv("AZURE_AUTHORITY_HOST", base, 1);
	CHECK(auth_token(&o, &t, err, sizeof err) == 0);
	auth_token_free(t);
	t = NULL;
	unsetenv("AZURE_AUTHORITY_HOST");
	/* no login endpoint is known for a mock ARM resource */
	o.cloud_arm_resource = base;
	CHECK(auth_token(&o, &t, err, sizeof err) == -1);
	CHECK(strstr(err, "AZURE_AUTHORITY_HOST") && secret_free(err));
	o.cloud_arm_resource = "https://management.azure.com/";
	unsetenv("AZURE_TENANT_ID");
	CHECK(auth_token(&o, &t, err, sizeof err) == -1);
	CHECK(strstr(err, "AZURE_TENANT_ID") && secret_free(err));
	unsetenv("AZURE_CLIENT_SECRET");
	unsetenv("AZURE_CLIENT_ID");

	/* 3. managed identity */
	snprintf(url, sizeof url, "%s/msi/token", base);
	setenv("IDENTITY_ENDPOINT", url, 1);
	setenv("IDENTITY_HEADER", idheader, 1);
	CHECK(auth_token(&o, &t, err, sizeof err) == 0);
	CHECK(t && strcmp(t, token) == 0);
	CHECK(strstr(auth_source(), "managed identity") != NULL);
	auth_token_free(t);
	t = NULL;
	setenv("AZURE_CLIENT_ID", "user-assigned-id", 1);
	CHECK(auth_token(&o, &t, err, sizeof err) == 0);
	auth_token_free(t);
	t = NULL;
	unsetenv("AZURE_CLIENT_ID");
	setenv("IDENTITY_HEADER", "wrong-identity-header", 1);
	CHECK(auth_token(&o, &t, err, sizeof err) == -1);
	CHECK(strstr(err, "managed identity") && strstr(err, "401"));
	CHECK(!strstr(err, "wrong-identity-header"));
	/* http to a non-loopback address is refused, not sent (and were it
	 * sent, 0.0.0.0:1 stays on this machine) */
	setenv("IDENTITY_ENDPOINT", "http://0.0.0.0:1/msi/token", 1);
	CHECK(auth_token(&o, &t, err, sizeof err) == -1);
	CHECK(strstr(err, "not allowed") != NULL);
	unsetenv("IDENTITY_ENDPOINT");
	unsetenv("IDENTITY_HEADER");

	/* 4. az: missing, failing, working (fake az scripts on PATH) */
	p = getenv("PATH");
	oldpath = strdup(p ? p : "/usr/bin:/bin");
	mkdir(path_in("empty"), 0700);
	mkdir(path_in("azok"), 0700);
	mkdir(path_in("azbad"), 0700);
	setenv("PATH", path_in("empty"), 1);
	CHECK(auth_token(&o, &t, err, sizeof err) == -1 && !t);
	CHECK(strstr(err, "Azure CLI") && strstr(err, "not on PATH"));
	snprintf(script, sizeof script, "#!/bin/sh\n"
		"[ \"$1 $2 $4 $6\" = 'account get-access-token "
		"https://management.azure.com/ json' ] || exit 3\n"
		"echo '{\"accessToken\": \"%s\", \"tokenType\": \"Bearer\"}'\n",
		token);
	write_file(path_in("azok/az"), script, 0700);
	write_file(path_in("azbad/az"), "#!/bin/sh\necho \"ERROR: Please run "
		"'az login' to setup account.\" >&2\nexit 1\n", 0700);
	setenv("PATH", path_in("azok"), 1);
	CHECK(auth_token(&o, &t, err, sizeof err) == 0);
	CHECK(t && strcmp(t, token) == 0);
	CHECK(strstr(auth_source(), "Azure CLI") != NULL);
	auth_token_free(t);
	t = NULL;
	setenv("PATH", path_in("azbad"), 1);
	CHECK(auth_token(&o, &t, err, sizeof err) == -1);
	CHECK(strstr(err, "exit status 1") && strstr(err, "az login"));
	setenv("PATH", oldpath, 1);
	free(oldpath);
}

/* VNETC_HTTP_DEBUG=2 prints headers and bodies: none of the secrets. */
static void
test_debug_redaction(void)
{
	const char *hdrs[] = {authz, NULL};
	struct auth_opts o = {0};
	struct http_req q;
	struct http_resp r;
	char url[256], err[256], *t = NULL, *out;
	int saved, fd;

	fflush(stderr);
	saved = dup(2);
	fd = open(path_in("debug.err"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(saved >= 0 && fd >= 0);
	if (saved < 0 || fd < 0)
		return;
	dup2(fd, 2);
	close(fd);
	setenv("VNETC_HTTP_DEBUG", "2", 1);

	req_set(&q, "GET", vnet_url(url, sizeof url, "hub"), NULL, hdrs);
	http_do(&q, &r);
	http_resp_free(&r);
	clear_auth_env();
	setenv("AZURE_TENANT_ID", "tenant1", 1);
	setenv("AZURE_CLIENT_ID", "mock-client-id", 1);
	setenv("AZURE_CLIENT_SECRET", secret, 1);
	o.login_endpoint = base;
	CHECK(auth_token(&o, &t, err, sizeof err) == 0);
	auth_token_free(t);
	t = NULL;
	clear_auth_env();
	snprintf(url, sizeof url, "%s/msi/token", base);
	setenv("IDENTITY_ENDPOINT", url, 1);
	setenv("IDENTITY_HEADER", idheader, 1);
	CHECK(auth_token(&o, &t, err, sizeof err) == 0);
	auth_token_free(t);
	clear_auth_env();

	unsetenv("VNETC_HTTP_DEBUG");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	out = read_file(path_in("debug.err"));
	CHECK(out != NULL);
	if (!out)
		return;
	CHECK(strstr(out, "http: GET ") != NULL);	/* it did print */
	CHECK(strstr(out, "Authorization: ***") != NULL);
	CHECK(strstr(out, "client_secret=***") != NULL);
	CHECK(strstr(out, "\"access_token\": \"***\"") != NULL);
	CHECK(strstr(out, "X-IDENTITY-HEADER: ***") != NULL);
	CHECK(secret_free(out));
	free(out);
}

static void
test_mock_log(void)
{
	char *log = read_file(path_in("mock.log"));

	CHECK(log != NULL);
	if (!log)
		return;
	CHECK(secret_free(log));
	CHECK(strstr(log, "\"auth_ok\": true") != NULL);
	CHECK(strstr(log, "\"secret_ok\": true") != NULL);
	CHECK(strstr(log, "\"identity_header_ok\": true") != NULL);
	free(log);
}

/* Remove what the tests wrote under tmpdir. */
static void
cleanup_tmp(void)
{
	static const char *const files[] = {
		"azok/az", "azbad/az", "debug.err", "mock.log", "scenario.json",
	};
	static const char *const dirs[] = {"azok", "azbad", "empty"};
	size_t i;

	for (i = 0; i < NELEM(files); i++)
		unlink(path_in(files[i]));
	for (i = 0; i < NELEM(dirs); i++)
		rmdir(path_in(dirs[i]));
	rmdir(tmpdir);
}

static void
make_secrets(void)
{
	unsigned long long x = (unsigned long long)time(NULL) * 2654435761u ^
		(unsigned long long)getpid() << 16;

	snprintf(token, sizeof token, "tok.%llx.%llx", x, x * 31);
	snprintf(secret, sizeof secret, "sec~%llx+/=%llx", x * 7, x * 13);
	snprintf(idheader, sizeof idheader, "idh-%llx", x * 17);
	snprintf(authz, sizeof authz, "Authorization: Bearer %s", token);
}

/* The growing buffer of token responses and auth.c's strings: pieces of
 * every length up to past several doublings, from nothing and from a
 * buffer that already holds text, come out whole and NUL-terminated. */
static void
test_secret_append(void)
{
	char want[5000], piece[300];
	size_t wlen = 0;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	bool ok = true;

	for (size_t n = 0; n < sizeof piece && wlen + n < sizeof want; n++) {
		for (size_t i = 0; i < n; i++)
			piece[i] = (char)('a' + (n + i) % 26);
		memcpy(want + wlen, piece, n);
		wlen += n;
		ok &= http_secret_append(&buf, &len, &cap, piece, n);
		ok &= len == wlen && cap > len && buf[len] == '\0' &&
		    memcmp(buf, want, wlen) == 0;
	}
	CHECK(ok);
	CHECK(wlen > 4000);
	http_wipe(buf, cap);
	free(buf);
	/* a byte at a time: every length meets every capacity */
	buf = NULL, len = 0, cap = 0, ok = true;
	for (size_t i = 0; i < 2100; i++) {
		ok &= http_secret_append(&buf, &len, &cap, want + i, 1);
		ok &= len == i + 1 && cap > len && buf[len] == '\0' &&
		    memcmp(buf, want, len) == 0;
	}
	CHECK(ok);
	free(buf);
	/* an empty append to nothing still gives a string */
	buf = NULL, len = 0, cap = 0;
	CHECK(http_secret_append(&buf, &len, &cap, "", 0));
	CHECK(buf && len == 0 && buf[0] == '\0');
	/* a buffer that starts with room (http.c's 1024) keeps it */
	CHECK(http_secret_append(&buf, &len, &cap, "token=", 6));
	CHECK(http_secret_append(&buf, &len, &cap, "xyz", 3));
	CHECK(len == 9 && strcmp(buf, "token=xyz") == 0);
	free(buf);
}

int
main(void)
{
	struct http_opts ho = {0};
	char tmpl[] = "/tmp/http_test.XXXXXX";

	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(tmpdir, sizeof tmpdir, "%s", tmpl);
	make_secrets();
	/* the log would show every request's timing; keep it quiet */
	unsetenv("VNETC_HTTP_DEBUG");

	test_url_policy();
	test_retry_after();
	test_backoff();
	test_classify();
	test_arm_error();
	test_redact();
	test_secret_append();

	write_file(path_in("scenario.json"), "{\"faults\": [\n"
		"{\"method\": \"PUT\", \"path\": \"/virtualNetworks/throttled$\","
		" \"times\": 2, \"status\": 429, \"retry_after\": 0},\n"
		"{\"method\": \"PUT\", \"path\": \"/virtualNetworks/busy$\","
		" \"status\": 409, \"code\": \"AnotherOperationInProgress\","
		" \"nested\": true},\n"
		"{\"method\": \"GET\", \"path\": \"/virtualNetworks/flaky$\","
		" \"status\": 503},\n"
		"{\"method\": \"PUT\", \"path\": \"/virtualNetworks/doomed$\","
		" \"action\": \"fail_operation\","
		" \"code\": \"InvalidResourceReference\","
		" \"message\": \"Resource /x referenced by /y was not found.\"},\n"
		"{\"path\": \"/dropme$\", \"times\": -1, \"action\": \"drop\"},\n"
		"{\"path\": \"/resetme$\", \"times\": -1, \"action\": \"reset\"},\n"
		"{\"path\": \"/slowpoke$\", \"times\": -1, \"action\": \"slow\","
		" \"seconds\": 2},\n"
		"{\"path\": \"/lazy/\", \"times\": -1, \"action\": \"slow\","
		" \"seconds\": 0.4}\n"
		"]}\n", 0600);
	ho.version = "test";
	CHECK(http_init(&ho) == 0);
	CHECK(http_active());
	if (mock_start() == 0) {
		test_parallel();
		test_async();
		test_errors();
		test_auth();
		test_debug_redaction();
		mock_stop();
		test_mock_log();
	} else {
		CHECK(!"mock server started");
	}
	http_cleanup();
	CHECK(!http_active());
	cleanup_tmp();

	printf("%d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
