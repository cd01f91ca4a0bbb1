/* auth.h - an ARM bearer token from the environment, for apply.c.
 *
 * Sources, in order; the first one configured is the one used, and if it
 * fails auth_token() fails (it does not fall through to another identity):
 *   1. AZURE_ACCESS_TOKEN
 *   2. client credentials: AZURE_CLIENT_SECRET set (with AZURE_TENANT_ID,
 *      AZURE_CLIENT_ID) -> POST <login>/<tenant>/oauth2/v2.0/token
 *   3. managed identity: IDENTITY_ENDPOINT and IDENTITY_HEADER set
 *      (AZURE_CLIENT_ID, if set, picks a user-assigned identity)
 *   4. `az account get-access-token --resource <arm resource> --output json`
 * Secrets and tokens never appear in err, auth_source() or any output.
 * Ownership: *token is malloc'd; release it with auth_token_free(). */
#ifndef AUTH_H
#define AUTH_H

#include <stddef.h>

struct auth_opts {
	const char *cloud_arm_resource;	/* token audience, e.g.
					 * "https://management.azure.com/";
					 * NULL: public cloud */
	const char *login_endpoint;	/* NULL: $AZURE_AUTHORITY_HOST, else
					 * the cloud's (public, usgov, china) */
	const char *ca_bundle;	/* for http_init() if http is not started */
};

/* Get a token. Returns 0 and a malloc'd *token, or -1 with err naming the
 * source tried and why it failed. */
int auth_token(const struct auth_opts *opts, char **token, char *err,
	size_t errsz);
/* Which source the last successful auth_token() used, e.g.
 * "client credentials (AZURE_CLIENT_ID=0c3e...)"; "" before that. */
const char *auth_source(void);
/* The tenant a token was issued in: its tid claim (a JWT's payload,
 * base64url), or NULL for a token that is not such a JWT. Malloc'd. */
char *auth_token_tenant(const char *token);
/* Wipe and free a token from auth_token(). NULL is fine. */
void auth_token_free(char *token);

#endif
