/* arm.c - the connection to Azure Resource Manager: the cloud's endpoint
 * and audience, the subscription, the bearer token (auth.c), and the one
 * function every request goes out by (arm_start) and the one every answer
 * comes in by (arm_next), on http.c. Decides nothing about resources. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arm.h"
#include "privatelink.h"

const char dry_run_sub[] = DRY_RUN_SUB;

#ifndef VNETC_VERSION
#define VNETC_VERSION "0.0.0"
#endif

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

/* Every path byte outside RFC 3986's
 * pchar set percent-encoded: a -p value cannot reach the query. */
char *
arm_url(const struct arm *a, const char *path, const char *api)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
	    "TUVWXYZ0123456789-._~!$&'()*+,;=:@/";
	struct buf b = {0};

	buf_puts(&b, a->endpoint);
	for (const unsigned char *s = (const unsigned char *)path; *s; s++)
		if (strchr(ok, *s))
			buf_putc(&b, (char)*s);
		else
			buf_printf(&b, "%%%02X", *s);
	buf_printf(&b, "?api-version=%s", api);
	return b.s;
}

static bool
subscription_ok(const char *s)
{
	return s && *s && strlen(s) < 80 && strspn(s, "abcdefghijklmnopqrstu"
	    "vwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == strlen(s);
}

/* a->subscription = sub, or 2 with why not printed. */
static int
subscription_set(struct arm *a, const char *sub)
{
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
	a->subscription = sub;
	return 0;
}

/* The cloud's endpoint and audience, or --arm-endpoint's; -1 with the
 * reason printed when a URL is not one vnetc sends a token to. */
static int
endpoints(struct arm *a, enum cloud c, const struct apply_opts *o,
    struct arena **arena)
{
	char why[256];

	a->audience = clouds[c].audience;
	const char *ep = o->arm_endpoint ? o->arm_endpoint : clouds[c].arm;
	size_t n = strlen(ep);
	while (n && ep[n - 1] == '/')
		n--;
	a->endpoint = arena_strndup(arena, ep, n);
	if (!http_url_allowed(a->endpoint, why, sizeof(why)) ||
	    strchr(a->endpoint + 8, '?') || strchr(a->endpoint, '#')) {
		fprintf(stderr, "vnetc: --arm-endpoint %s: %s\n", a->endpoint,
		    why[0] ? why : "no query or fragment, please");
		return -1;
	}
	if (o->login_endpoint && !http_url_allowed(o->login_endpoint, why,
	    sizeof(why))) {
		fprintf(stderr, "vnetc: --login-endpoint %s: %s\n",
		    o->login_endpoint, why);
		return -1;
	}
	return 0;
}

int
arm_open(struct arm *a, enum cloud c, const struct apply_opts *o,
    struct arena **arena)
{
	if (endpoints(a, c, o, arena))
		return 2;
	return subscription_set(a, o->subscription ? o->subscription :
	    getenv("AZURE_SUBSCRIPTION_ID"));
}

int
arm_resolve(struct arm *a, struct spec *s, const struct apply_opts *o)
{
	enum cloud c = s->cloud;

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
	if (endpoints(a, c, o, &s->arena))
		return 2;
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
	if (subscription_set(a, sub))
		return 2;
	/* ${vnetc_subscription}: every id of the home scope, and of the
	 * scopes that name no subscription, is in this one (body.c) */
	s->runsub->value = sub;
	return 0;
}

int
arm_login(struct arm *a, const struct apply_opts *o)
{
	char err[512];
	struct http_opts ho = {.ca_bundle = o->ca_bundle,
	    .version = VNETC_VERSION};

	if (http_init(&ho) < 0) {
		fprintf(stderr, "vnetc: cannot start libcurl\n");
		return 3;
	}
	a->ao = (struct auth_opts){.cloud_arm_resource = a->audience,
	    .login_endpoint = o->login_endpoint,
	    .ca_bundle = o->ca_bundle};
	if (auth_token(&a->ao, &a->token, err, sizeof(err)) < 0) {
		fprintf(stderr, "vnetc: %s\n", err);
		return 3;
	}
	a->authz = xfmt("Authorization: Bearer %s", a->token);
	a->hdr_auth[0] = "Content-Type: application/json";
	a->hdr_auth[1] = a->authz;
	a->hdr_auth[2] = NULL;
	a->hdr_plain[0] = "Content-Type: application/json";
	a->hdr_plain[1] = NULL;
	pace_reset();
	return 0;
}

/* A new token after ARM said the old one expired (auth.c note 7). */
bool
arm_reauth(struct arm *a)
{
	char err[512];
	char *t;

	if (auth_token(&a->ao, &t, err, sizeof(err)) < 0) {
		fprintf(stderr, "vnetc: %s\n", err);
		return false;
	}
	auth_token_free(a->token);
	http_wipe(a->authz, strlen(a->authz));
	free(a->authz);
	a->token = t;
	a->authz = xfmt("Authorization: Bearer %s", t);
	a->hdr_auth[1] = a->authz;
	return true;
}

int
arm_start(struct arm *a, struct http_req *req, struct http_resp *resp,
    bool own)
{
	enum pace_class c = pace_class_of(req->method);
	long now = now_ms(), wait = pace_wait_ms(c, now);
	struct pace_ticket t;

	if (wait > 0)
		return wait < INT_MAX ? (int)wait : INT_MAX;
	/* The token goes only to the ARM endpoint's own origin (http.h):
	 * an operation URL elsewhere is polled without it. */
	req->headers = own || http_same_origin(req->url, a->endpoint) ?
	    a->hdr_auth : a->hdr_plain;
	pace_take(c, now, &t);
	if (http_start(req, resp) < 0) {
		pace_answer(&t, 0, NULL, -1, now);	/* never sent */
		return -1;
	}
	if (a->nfl == a->capfl) {
		a->capfl = a->capfl ? 2 * a->capfl : 16;
		a->fl = xrealloc(a->fl, a->capfl * sizeof(*a->fl));
	}
	a->fl[a->nfl++] = (struct arm_flight){req, resp, t};
	return 0;
}

const struct http_req *
arm_next(struct arm *a, long wait_ms)
{
	if (http_pending() == 0) {
		sleep_ms(wait_ms);
		return NULL;
	}
	const struct http_req *q = http_next(wait_ms);
	for (size_t i = 0; q && i < a->nfl; i++) {
		if (a->fl[i].req != q)
			continue;
		struct http_resp *rs = a->fl[i].resp;
		pace_answer(&a->fl[i].ticket, rs->status, rs->remaining,
		    http_retry_after_ms(rs->retry_after), now_ms());
		a->fl[i] = a->fl[--a->nfl];
		break;
	}
	return q;
}

void
arm_close(struct arm *a)
{
	free(a->fl);
	a->fl = NULL;
	a->nfl = a->capfl = 0;
	auth_token_free(a->token);
	a->token = NULL;
	if (a->authz) {
		http_wipe(a->authz, strlen(a->authz));
		free(a->authz);
		a->authz = NULL;
	}
	if (http_active())
		http_cleanup();
}
