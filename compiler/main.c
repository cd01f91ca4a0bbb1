/* main.c - command line, then the phases in order: spec_load -> check_spec
 * -> naming_apply -> plan_build -> emit_az / emit_arm (or apply_run), stopping after any phase that found
 * errors. Exit: 0 ok (warnings allowed), 1 errors in the spec, 2 usage or
 * I/O, 3 an Azure operation failed (plan, apply, destroy), 4 apply's or
 * destroy's question answered no. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "apply.h"
#include "model.h"
#include "unicode.h"

#ifndef VNETC_VERSION
#define VNETC_VERSION "0.0.0"
#endif

static const char usage_main[] =
"usage: vnetc COMMAND [OPTIONS] SPEC\n"
"\n"
"vnetc compiles an Azure network-isolation topology (a YAML spec: VNets,\n"
"subnets, private endpoints, private DNS, App Service VNet integration)\n"
"into a reviewable az CLI script and an ARM template, after checking\n"
"everything that can be checked before Azure is touched.\n"
"It connects and locks down resources that exist, and creates them too:\n"
"web and function apps, their plans and slots, Key Vault, Storage, SQL,\n"
"AI services, Cosmos DB, Service Bus, App Configuration, managed\n"
"identities and their role assignments, firewalls, access restrictions.\n"
"\n"
"commands:\n"
"  build SPEC   check, then write OUT/NAME.sh, NAME.json, NAME.parameters.json\n"
"  check SPEC...  check only; print diagnostics\n"
"  cidr PREFIX...  address calculator: sizes, Azure-usable ranges, overlaps\n"
"  graph SPEC   check, then draw the topology (SVG, DOT or Mermaid)\n"
"  plan SPEC    compare Azure with the spec: what apply would change\n"
"  apply SPEC   make Azure match the spec over the ARM REST API\n"
"  destroy SPEC delete what apply created (never what existed before)\n"
"  import       write a spec of what runs in Azure, and audit it\n"
"  schema       print the spec format as a JSON Schema, for editors\n"
"\n"
"  vnetc COMMAND --help   options of a command (or vnetc help COMMAND)\n"
"  vnetc --version        print the version\n"
"\n"
"exit status: 0 ok (warnings allowed), 1 errors in the spec\n"
"(import: findings), 2 usage or I/O errors, 3 an Azure operation failed\n"
"(plan, apply, destroy), 4 apply's or destroy's question answered no\n"
"(nothing was changed).\n"
"The spec format: vnetc-spec(5), docs/spec.md. Example:\n"
"specs/isolated-backend.yaml.\n";

static const char usage_build[] =
"usage: vnetc build SPEC [-o DIR] [-p NAME=VALUE]...\n"
"                  [--format text|json|sarif] [-W no-RULE]... [--werror] [-q]\n"
"\n"
"Checks SPEC, then writes, with NAME the spec's file name without .yaml:\n"
"  DIR/NAME.sh               bash script of az CLI commands (re-runnable)\n"
"  DIR/NAME.json             ARM deployment template\n"
"  DIR/NAME.parameters.json  its parameters file\n"
"  DIR/NAME.svg              diagram of the topology, when Graphviz's dot\n"
"                            is installed (as vnetc graph draws it)\n"
"Nothing is written when the spec has errors; each file is replaced\n"
"atomically, so a failed build leaves earlier outputs as they were. A\n"
"build that wrote them says so on stderr (vnetc: wrote DIR/NAME.{sh,...}).\n"
"\n"
"options:\n"
"  -o DIR              output directory (default: out), created with its\n"
"                      parents if missing\n"
"  -p NAME=VALUE       set a spec parameter's value (repeatable); it becomes\n"
"                      the script's default and the parameters file's value\n"
"  --format text|json|sarif  diagnostics as text lines on stderr\n"
"                      (default), or on stdout JSON lines or a SARIF 2.1.0\n"
"                      log\n"
"  -W no-RULE          do not show warning RULE (e.g. -W no-VN205)\n"
"  --werror            warnings are errors: nothing is written\n"
"  -d spec|named|plan  print the model after that phase instead of building\n"
"  --no-graph          do not write NAME.svg\n"
"  -q, --quiet         do not print the line that says what was written\n"
"  -h, --help          this help\n"
"\n"
"example:\n"
"  vnetc build specs/isolated-backend.yaml -p appName=contoso-web\n";

static const char usage_check[] =
"usage: vnetc check SPEC... [-p NAME=VALUE]... [--format text|json|sarif]\n"
"                  [-W no-RULE]... [--werror] [-d spec|named|plan] [-q]\n"
"\n"
"Reads each SPEC (- for stdin, named <stdin>) and reports every problem\n"
"found before Azure is touched, as\n"
"  FILE:LINE:COL: error: MESSAGE [RULE]\n"
"and each spec without errors as 'SPEC: ok: no problems' (on stderr).\n"
"The exit status is the worst of the specs'. Rules are listed in\n"
"docs/rules.md. Writes nothing.\n"
"\n"
"options:\n"
"  -p NAME=VALUE       set a spec parameter (repeatable)\n"
"  --format text|json|sarif  diagnostics as text lines on stderr\n"
"                      (default), or on stdout JSON lines (one object a\n"
"                      line) or a SARIF 2.1.0 log (for GitHub code\n"
"                      scanning: vnetc check SPEC --format sarif >\n"
"                      vnetc.sarif)\n"
"  -W no-RULE          do not show warning RULE (repeatable); a spec can\n"
"                      silence one with a reason instead: docs/spec.md\n"
"  --werror            warnings are errors (exit status 1)\n"
"  -d spec|named|plan  print the model after that phase (stable text;\n"
"                      named: after the naming hook and Azure's name rules)\n"
"  -q, --quiet         do not print 'SPEC: ok: no problems' for a spec\n"
"                      without errors\n"
"  -h, --help          this help\n";

static const char usage_graph[] =
"usage: vnetc graph SPEC [-o FILE] [--format svg|dot|mermaid] [-p NAME=VALUE]...\n"
"\n"
"Checks SPEC like vnetc check, then draws the topology as vnetc sees it:\n"
"each VNet with its address space; its subnets with prefix, delegation,\n"
"address use (used / Azure-usable) and private endpoints; the endpoints'\n"
"targets and their public access; private DNS zones and the VNets linked\n"
"to them; apps and their VNet integration. Nothing is drawn when the spec\n"
"has errors.\n"
"\n"
"options:\n"
"  -o FILE                   write to FILE (atomically) instead of stdout;\n"
"                            SVG is not written to a terminal: without -o,\n"
"                            redirect it (> NAME.svg)\n"
"  --format svg|dot|mermaid  SVG (default; needs Graphviz's dot), Graphviz\n"
"                            DOT, or a Mermaid flowchart for Markdown\n"
"  -p NAME=VALUE             set a spec parameter (repeatable)\n"
"  -h, --help                this help\n"
"\n"
"example:\n"
"  vnetc graph specs/isolated-backend.yaml -o topology.svg\n";

/* The options plan, apply and destroy share (apply.c, issue 5). */
#define ARM_OPTIONS \
"  --subscription ID   the spec's home subscription when it names none\n" \
"                      (default: $AZURE_SUBSCRIPTION_ID); one it does\n" \
"                      name must agree\n" \
"  -p NAME=VALUE       set a spec parameter (repeatable)\n" \
"  --output text|json  text lines (default) or JSON for pipelines\n" \
"  --parallelism N     operations under way at once (default 8)\n" \
"  --verbose           a line per operation as it ends, on a terminal too\n" \
"                      (there: a progress line and the failures only)\n" \
"  --cloud public|usgov|china  sets the ARM and login endpoints (default:\n" \
"                      the spec's cloud)\n" \
"  --arm-endpoint URL  ARM endpoint (default https://management.azure.com);\n" \
"                      https, or http to a loopback address only\n" \
"  --login-endpoint URL  token endpoint host for client credentials\n" \
"  --ca-bundle FILE    PEM file of CA certificates to trust (private CAs)\n" \
"  --lock-timeout SECONDS  wait that long for another run on the same\n" \
"                      journal to end (default 0: refuse at once, exit 3)\n" \
"  -h, --help          this help\n" \
"\n" \
"credentials, the first one set is used: AZURE_ACCESS_TOKEN; client\n" \
"credentials (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET);\n" \
"managed identity (IDENTITY_ENDPOINT, IDENTITY_HEADER); else\n" \
"'az account get-access-token'. The token is never printed or written.\n"

static const char usage_plan[] =
"usage: vnetc plan SPEC [--subscription ID] [--detailed-exitcode] [options]\n"
"\n"
"Reads every resource of SPEC's plan from Azure and prints what vnetc\n"
"apply would do to it: create, update (each differing property, old ->\n"
"new), no change, or left alone (an existing resource the spec does not\n"
"change). Only the properties the spec sets are compared. Writes nothing\n"
"(with --lock, the lock file beside the journal).\n"
"\n"
"options:\n"
"  --detailed-exitcode exit 0 no changes, 2 changes, 1 error (terraform's)\n"
"  --lock              hold the journal's lock while reading, as apply\n"
"                      does, so that no apply runs meanwhile\n"
"  -o DIR              directory of the journal (default: out)\n"
ARM_OPTIONS
"\n"
"exit status: 0 ok, 1 errors in the spec, 2 usage, 3 Azure could not be\n"
"read, or another run holds the lock; with --detailed-exitcode as above.\n"
"\n"
"example:\n"
"  vnetc plan specs/isolated-backend.yaml --detailed-exitcode\n";

static const char usage_apply[] =
"usage: vnetc apply SPEC [--subscription ID] [--yes] [--dry-run] [options]\n"
"\n"
"Makes Azure match SPEC over the ARM REST API (no az CLI). Each step of\n"
"the plan (vnetc check -d plan) reads its resource, compares it with the\n"
"spec, and writes only what differs: PUT for what vnetc creates; for\n"
"an existing resource, PATCH where its API takes the change, else the\n"
"resource read, changed and PUT back whole, so that nothing the spec does\n"
"not state is reset; an unchanged spec sends no writes. Steps\n"
"that do not wait for each other run at once; ARM's asynchronous\n"
"operations are followed to their end; throttling and transient errors\n"
"are retried (7 tries at most, waiting Retry-After, else a backoff:\n"
"vnetc(1) gives the rules). A failed step stops what depends on it; the\n"
"rest finishes and the summary lists what was done, what failed and\n"
"what was not attempted. It shows the plan and asks first. Every\n"
"resource is read before the first write, --yes or not: when the plan\n"
"has errors (an existing resource missing, a read refused), nothing is\n"
"written.\n"
"\n"
"Every operation is appended to DIR/NAME.journal; after a crash or kill\n"
"the next apply waits for what ARM was still doing, then goes on. One\n"
"run at a time per journal: a second apply, destroy or plan --lock is\n"
"refused (exit 3) and told who holds it, or waits --lock-timeout.\n"
"\n"
"options:\n"
"  --yes               do not ask (without a terminal, apply refuses to\n"
"                      go on unless --yes is given)\n"
"  --dry-run           print the requests (method, URL, body) and send\n"
"                      nothing; needs no credentials\n"
"  -o DIR              directory of the journal (default: out)\n"
ARM_OPTIONS
"\n"
"exit status: 0 done, 1 errors in the spec, 2 usage, 3 an operation\n"
"failed, or the plan had errors and nothing was written, or another run\n"
"holds the journal, 4 the question was answered no (anything but\n"
"'yes'): nothing was changed.\n"
"\n"
"example:\n"
"  vnetc apply specs/isolated-backend.yaml --subscription SUB --yes\n";

static const char usage_destroy[] =
"usage: vnetc destroy SPEC [--subscription ID] [--yes] [--dry-run] [options]\n"
"\n"
"Deletes what vnetc apply created for SPEC, dependants first: DNS zone\n"
"groups, private endpoints, VNet links, private DNS zones, peerings,\n"
"VNets, and the back ends, apps and plans the spec creates (create:);\n"
"each only when the journal (-o DIR) says vnetc created it, and, for\n"
"back ends, plans and apps, their tags too (a deleted Key Vault stays\n"
"soft-deleted, its name taken; destroy says how to recover it). What the\n"
"journal does not record (another project's, or made by the script or\n"
"the template) stays, and destroy says so. An app integrated with a VNet\n"
"it deletes leaves its subnet first. Never touches what existed before\n"
"(back ends, plans and apps marked existing, the resource group): their\n"
"public access, SKU, HTTPS setting and app settings stay as they are,\n"
"and destroy says so. It shows what it will delete and asks first.\n"
"\n"
"options:\n"
"  --yes               do not ask (required without a terminal)\n"
"  --dry-run           print the requests and send nothing\n"
"  --delete-unrecorded also delete what the spec creates that the journal\n"
"                      does not say vnetc created (an estate the script or\n"
"                      the template made, a lost journal): be sure no other\n"
"                      project uses it; tags still decide for back ends,\n"
"                      plans and apps\n"
"  -o DIR              directory of the journal (default: out)\n"
ARM_OPTIONS
"\n"
"exit status: 0 done, 1 errors in the spec, 2 usage, 3 an operation failed\n"
"or another run holds the journal, 4 the question was answered no\n"
"(anything but 'yes'): nothing was deleted.\n";

struct opts {
	const char *cmd, *outdir, *dump;
	const char **specs; /* check takes several; "-" is stdin */
	size_t nspecs;
	const char *graph_out; /* graph -o, NULL: stdout */
	enum graph_format graph_fmt;
	bool no_graph, quiet;
	struct override *ov;
	size_t nov;
	struct apply_opts apply; /* plan, apply, destroy */
};

/* s as one line of text for a message: an argument or a file name may
 * hold anything, a newline or an ESC sequence too (uni_put_shown). The
 * text lives until the fourth call after. */
static const char *
shown(const char *s)
{
	static struct buf slot[4];
	static size_t next;
	struct buf *b = &slot[next++ % NELEM(slot)];

	b->len = 0;
	uni_put_shown(b, s, strlen(s), true);
	return buf_str(b);
}

/* A usage error: its cause on one line, then where the help is (the
 * whole help would bury the cause). cmd NULL: the command itself. */
static int
usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "vnetc: ");
	fprintf(stderr, fmt, shown(arg));
	fprintf(stderr, "\nsee 'vnetc %s%s--help'\n", cmd ? shown(cmd) : "",
	    cmd ? " " : "");
	return 2;
}

/* An unknown command (cmd NULL) or option a, with "did you mean" the
 * nearest known one when one is near. */
static int
unknown(const char *cmd, const char *a, const char *near)
{
	fprintf(stderr, "vnetc: unknown %s '%s'", cmd ? "option" : "command",
	    shown(a));
	if (near)
		fprintf(stderr, "; did you mean '%s'?", shown(near));
	fprintf(stderr, "\nsee 'vnetc %s%s--help'\n", cmd ? shown(cmd) : "",
	    cmd ? " " : "");
	return 2;
}

/* An option usage does not list. */
static int
unknown_option(const char *cmd, const char *usage, const char *a)
{
	int d;
	const char *near = usage_nearest(usage, a, &d);

	return unknown(cmd, a, near_miss(a, d) ? near : NULL);
}

/* -W no-RULE: 0 done; 1 RULE is an error's id, which cannot be turned
 * off; -1 not of that form, or no rule's id. */
static int
warn_off(const char *val)
{
	enum rule r;

	if (strncmp(val, "no-", 3) || !diag_rule_parse(val + 3, &r))
		return -1;
	return diag_disable(r) ? 0 : 1;
}

/* An option of plan/apply/destroy: 1 takes a value (set by arm_value),
 * 2 a flag (set in *ao), 0 not one of them, -1 one this command does not
 * take. ao NULL: only classify (a flag gives 0). */
static int
arm_option(const char *usage, const char *a, struct apply_opts *ao)
{
	static const char *const valued[] = {
		"--subscription", "--output", "--parallelism", "--cloud",
		"--arm-endpoint", "--login-endpoint", "--ca-bundle",
		"--lock-timeout",
	};
	bool arm = usage == usage_plan || usage == usage_apply ||
	    usage == usage_destroy;

	for (size_t i = 0; i < NELEM(valued); i++)
		if (!strcmp(a, valued[i]))
			return arm ? 1 : -1;
	bool yes = !strcmp(a, "--yes"), dry = !strcmp(a, "--dry-run");
	bool det = !strcmp(a, "--detailed-exitcode");
	bool lock = !strcmp(a, "--lock");
	bool verbose = !strcmp(a, "--verbose");
	bool unrec = !strcmp(a, "--delete-unrecorded");
	if (!yes && !dry && !det && !lock && !verbose && !unrec)
		return 0;
	if (!arm || ((det || lock) && usage != usage_plan) ||
	    (unrec && usage != usage_destroy) ||
	    ((yes || dry) && usage == usage_plan))
		return -1;
	if (ao) {
		ao->yes |= yes;
		ao->dry_run |= dry;
		ao->detailed |= det;
		ao->lock |= lock;
		ao->verbose |= verbose;
		ao->unrecorded |= unrec;
	}
	return ao ? 2 : 0;
}

/* Sets the value of an option arm_option() said takes one; NULL, or what
 * is wrong with it (a format for the value). */
static const char *
arm_value(struct apply_opts *ao, const char *a, const char *v)
{
	if (!strcmp(a, "--subscription"))
		ao->subscription = v;
	else if (!strcmp(a, "--cloud"))
		ao->cloud = v;
	else if (!strcmp(a, "--arm-endpoint"))
		ao->arm_endpoint = v;
	else if (!strcmp(a, "--login-endpoint"))
		ao->login_endpoint = v;
	else if (!strcmp(a, "--ca-bundle"))
		ao->ca_bundle = v;
	else if (!strcmp(a, "--output")) {
		if (strcmp(v, "text") && strcmp(v, "json"))
			return "--output '%s': use text or json";
		ao->json = !strcmp(v, "json");
	} else if (!strcmp(a, "--parallelism")) {
		char *end;
		long n = strtol(v, &end, 10);
		if (*end || end == v || n < 1 || n > 64)
			return "--parallelism '%s': a number from 1 to 64";
		ao->parallelism = (int)n;
	} else if (!strcmp(a, "--lock-timeout")) {
		char *end;
		long n = strtol(v, &end, 10);
		if (*end || end == v || n < 0 || n > 86400)
			return "--lock-timeout '%s': seconds, 0 to 86400";
		ao->lock_timeout = n;
		ao->lock = true; /* plan: waiting for the lock is taking it */
	}
	return NULL;
}

/* --ca-bundle names a file libcurl reads for every request: say at once,
 * not once a request, when it cannot be read. */
static bool
ca_bundle_ok(const char *path)
{
	struct stat st;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "vnetc: --ca-bundle %s: %s\n", shown(path),
		    strerror(errno));
		return false;
	}
	bool reg = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
	fclose(f);
	if (!reg)
		fprintf(stderr, "vnetc: --ca-bundle %s: not a file (a PEM "
		    "file of CA certificates)\n", shown(path));
	return reg;
}

/* A command's --help; build's and check's end with the warnings -W can
 * turn off (bash completion offers them: completions/vnetc.bash). */
static void
print_help(const char *usage)
{
	fputs(usage, stdout);
	if (usage == usage_build || usage == usage_check) {
		printf("\nwarnings (-W no-RULE turns one off; "
		    "vnetc-rules(7)):\n");
		for (size_t i = 0; i < NRULES; i++) {
			const struct ruleinfo *ri = diag_rule((enum rule)i);
			if (ri->sev == SEV_WARN)
				printf("  %s  %s\n", ri->id, ri->slug);
		}
	}
	/* where the documentation is: the man pages, and the Markdown of
	 * the source tree or of make install (share/doc/vnetc) */
	char *d = doc_path("docs/rules.md"), *dir = d ? dir_of(d) : NULL;
	printf("\nmanuals: vnetc(1), vnetc-spec(5) (the spec format), "
	    "vnetc-rules(7)\n(the rules)");
	if (dir)
		printf("; as Markdown: %s/", shown(dir));
	printf("\n");
	free(d);
	free(dir);
}

/* The command a misspelled one is nearest to, or NULL. */
static const char *
command_nearest(const char *cmd)
{
	static const char *const cmds[] = {
		"build", "check", "cidr", "graph", "plan", "apply", "destroy",
		"schema", "import",
	};
	const char *best = NULL;
	int bd = 255;

	for (size_t i = 0; i < NELEM(cmds); i++) {
		int d = edit_distance(cmd, cmds[i]);
		if (d < bd)
			bd = d, best = cmds[i];
	}
	return near_miss(cmd, bd) ? best : NULL;
}

/* Returns -1 to go on, or the exit status. */
static int
parse_args(int argc, char **argv, struct opts *o)
{
	if (argc < 2) {
		fputs(usage_main, stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") ||
	    !strcmp(cmd, "help")) {
		print_help(usage_main);
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		printf("vnetc %s\n", VNETC_VERSION);
		return 0;
	}
	const char *usage;
	if (!strcmp(cmd, "build"))
		usage = usage_build;
	else if (!strcmp(cmd, "check"))
		usage = usage_check;
	else if (!strcmp(cmd, "graph"))
		usage = usage_graph, o->graph_fmt = GRAPH_SVG;
	else if (!strcmp(cmd, "plan"))
		usage = usage_plan, o->apply.cmd = APPLY_PLAN;
	else if (!strcmp(cmd, "apply"))
		usage = usage_apply, o->apply.cmd = APPLY_APPLY;
	else if (!strcmp(cmd, "destroy"))
		usage = usage_destroy, o->apply.cmd = APPLY_DESTROY;
	else
		return unknown(NULL, cmd, command_nearest(cmd));
	o->cmd = cmd;
	o->ov = xmalloc((size_t)argc * sizeof(*o->ov));
	o->specs = xmalloc((size_t)argc * sizeof(*o->specs));
	for (int i = 2; i < argc; i++) {
		const char *a;
		const char *v = arg_split(argv[i], "opdW", &a);
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_help(usage);
			return 0;
		}
		bool hasval = !strcmp(a, "-o") || !strcmp(a, "-p") ||
		    !strcmp(a, "--format") || !strcmp(a, "-d") ||
		    !strcmp(a, "-W") || arm_option(usage, a, NULL) > 0;
		if (hasval && !v && i + 1 >= argc)
			return usage_error(cmd, "%s needs a value", a);
		if (hasval && !v)
			v = argv[++i];
		if (!hasval && v) {
			int d;
			const char *known = usage_nearest(usage, a, &d);
			if (!known || strcmp(known, a))
				return unknown_option(cmd, usage, a);
			return usage_error(cmd, "%s takes no value", a);
		}
		int ao = arm_option(usage, a, &o->apply);
		if (ao < 0) {
			return unknown_option(cmd, usage, a);
		} else if (ao == 2) {
			continue; /* a flag, set */
		} else if (ao == 1) {
			const char *why = arm_value(&o->apply, a, v);
			if (why)
				return usage_error(cmd, why, v);
			if (!strcmp(a, "--ca-bundle") && !ca_bundle_ok(v))
				return 2;
		} else if (!strcmp(a, "-o") && !*v) {
			/* "" is no directory: it must not mean "/" */
			return usage_error(cmd, "%s needs a directory or file "
			    "name, not ''", a);
		} else if (!strcmp(a, "-o") && (usage == usage_build ||
		    usage == usage_plan || usage == usage_apply ||
		    usage == usage_destroy)) {
			o->outdir = v;
		} else if (usage == usage_graph && (!strcmp(a, "-o") ||
		    !strcmp(a, "--format"))) {
			if (!strcmp(a, "-o"))
				o->graph_out = v;
			else if (!graph_format_parse(v, &o->graph_fmt))
				return usage_error(cmd, "--format '%s': use "
				    "svg, dot or mermaid", v);
		} else if (!strcmp(a, "--no-graph") && usage == usage_build) {
			o->no_graph = true;
		} else if ((!strcmp(a, "-q") || !strcmp(a, "--quiet")) &&
		    (usage == usage_build || usage == usage_check)) {
			o->quiet = true;
		} else if (!strcmp(a, "-p")) {
			const char *eq = strchr(v, '=');
			if (!eq || eq == v)
				return usage_error(cmd, "-p '%s': write "
				    "-p NAME=VALUE", v);
			/* A spec's text is UTF-8 (VN105); a value that is not
			 * would reach the script but not the template's JSON. */
			if (!uni_valid(v))
				return usage_error(cmd, "-p '%s': the value is "
				    "not UTF-8 text", v);
			o->ov[o->nov].name = strndup(v, (size_t)(eq - v));
			o->ov[o->nov++].value = eq + 1;
		} else if (!strcmp(a, "--format")) {
			if (!diag_set_format(v))
				return usage_error(cmd, "--format '%s': use "
				    "text, json or sarif", v);
		} else if (!strcmp(a, "--werror")) {
			diag_set_werror(true);
		} else if (!strcmp(a, "-W")) {
			int w = warn_off(v);
			if (w > 0)
				return usage_error(cmd, "-W: %s is an error, "
				    "which cannot be turned off; -W no-RULE "
				    "takes warnings (vnetc check --help lists "
				    "them)", v + 3);
			if (w < 0)
				return usage_error(cmd, "-W '%s': write -W "
				    "no-RULE with RULE a warning (vnetc check "
				    "--help lists them)", v);
		} else if (!strcmp(a, "-d")) {
			o->dump = v;
			if (strcmp(o->dump, "spec") && strcmp(o->dump,
			    "named") && strcmp(o->dump, "plan"))
				return usage_error(cmd, "-d '%s': use spec, "
				    "named or plan", o->dump);
		} else if (a[0] == '-' && a[1]) {
			return unknown_option(cmd, usage, a);
		} else if (o->nspecs && usage != usage_check) {
			return usage_error(cmd, "one spec at a time ('%s'); "
			    "vnetc check takes several", a);
		} else if (!strcmp(a, "-") && usage != usage_check) {
			/* the outputs, the journal are named after the file */
			return usage_error(cmd, "'%s' (the spec on stdin) is "
			    "for vnetc check; name the spec's file", a);
		} else {
			o->specs[o->nspecs++] = a;
		}
	}
	if (!o->nspecs)
		return usage_error(cmd, "%s: which spec?", cmd);
	return -1;
}

/* vnetc graph: the diagram of a checked model to -o FILE or stdout. */
static int
run_graph(const struct opts *o, struct spec *s)
{
	struct buf text = {0}, svg = {0}, err = {0};
	int rc = 0;

	/* SVG is one long line of markup: on a terminal it is noise (as
	 * gzip refuses to write compressed data to one) */
	if (o->graph_fmt == GRAPH_SVG && !o->graph_out &&
	    isatty(STDOUT_FILENO)) {
		fprintf(stderr, "vnetc: graph: SVG is not for a terminal; "
		    "write it to a file (-o %s.svg, or > %s.svg), or print "
		    "text with --format mermaid or dot\n", shown(s->base),
		    shown(s->base));
		return 2;
	}
	if (o->graph_fmt == GRAPH_MERMAID)
		graph_mermaid(s, &text);
	else
		graph_dot(s, &text);
	struct buf *out = &text;
	if (o->graph_fmt == GRAPH_SVG) {
		int r = graph_svg(text.s, text.len, &svg, &err);
		if (r == GRAPH_NODOT) {
			fprintf(stderr, "vnetc: graph: SVG needs Graphviz's dot, "
			    "which is not on PATH (Debian: apt-get install "
			    "graphviz); --format dot or mermaid need "
			    "nothing\n");
			rc = 2;
		} else if (r < 0) {
			fprintf(stderr, "vnetc: graph: %s", buf_str(&err));
			rc = 2;
		}
		out = &svg;
	}
	if (rc == 0 && o->graph_out) {
		size_t made = 0;
		char *dir = dir_of(o->graph_out);
		if (dir_make(dir, &made) < 0 || file_write_atomic(o->graph_out,
		    buf_str(out), out->len, 0644) < 0) {
			fprintf(stderr, "vnetc: cannot write %s: %s\n",
			    shown(o->graph_out), strerror(errno));
			dir_unmake(dir, made);
			rc = 2;
		}
		free(dir);
	} else if (rc == 0 && (fwrite(buf_str(out), 1, out->len, stdout) !=
	    out->len || fflush(stdout) != 0)) {
		fprintf(stderr, "vnetc: cannot write the graph: %s\n",
		    strerror(errno));
		rc = 2;
	}
	buf_free(&text);
	buf_free(&svg);
	buf_free(&err);
	return rc;
}

/* vnetc build's NAME.svg: 0 with the SVG in *svg, or with *svg empty when
 * there is none to write (no dot, or too big to read: a note says so);
 * -1 when dot failed (reported). */
static int
build_svg(struct spec *s, struct buf *svg)
{
	struct buf dot = {0}, err = {0};
	int rc = 0;

	/* A diagram of thousands of boxes helps no review and costs dot
	 * minutes; vnetc graph still draws it on request. */
	if (graph_size(s) > GRAPH_BUILD_MAX) {
		fprintf(stderr, "vnetc: note: %s.svg not written: %zu boxes "
		    "are too many to read (vnetc graph draws them anyway; "
		    "--no-graph skips this note)\n", shown(s->base),
		    graph_size(s));
		return 0;
	}
	graph_dot(s, &dot);
	int r = graph_svg(dot.s, dot.len, svg, &err);
	if (r == GRAPH_NODOT) {
		fprintf(stderr, "vnetc: note: %s.svg not written: Graphviz's "
		    "dot is not on PATH (--no-graph skips this note)\n",
		    shown(s->base));
	} else if (r < 0) {
		fprintf(stderr, "vnetc: graph: %s", buf_str(&err));
		rc = -1;
	}
	buf_free(&dot);
	buf_free(&err);
	return rc;
}

/* After the commit: NAME.K.json of an earlier, larger build go, so that
 * the directory holds one consistent set, and the split is announced:
 *   vnetc: note: out/estate.json exceeds ARM's limits (800 resources,
 *   4 MB): split into 2 linked templates estate.1.json .. estate.2.json,
 *   deployed by estate.json in order (docs/outputs.md) */
static void
parts_done(const char *dir, const char *base, size_t nparts)
{
	struct buf path = {0};

	for (size_t k = nparts + 1;; k++) {
		buf_printf(&path, "%s/%s.%zu.json", dir, base, k);
		int gone = unlink(path.s);
		path.len = 0;
		if (gone < 0)
			break;
	}
	buf_free(&path);
	if (nparts)
		fprintf(stderr, "vnetc: note: %s/%s.json exceeds ARM's "
		    "limits (800 resources, 4 MB): split into %zu linked "
		    "templates %s.1.json .. %s.%zu.json, deployed by %s.json "
		    "in order (docs/outputs.md)\n", shown(dir), shown(base),
		    nparts, shown(base), shown(base), nparts, shown(base));
}

/* VNETC_TIMES=1: each phase's wall time on stderr, for make bench and
 * profiling ("vnetc: time: check 12.3 ms"). */
static void
phase_done(const char *name)
{
	static int on = -1;
	static struct timespec t0;
	struct timespec t;

	if (on < 0)
		on = getenv("VNETC_TIMES") != NULL;
	if (!on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t);
	if (name && t0.tv_sec)
		fprintf(stderr, "vnetc: time: %s %.1f ms\n", name,
		    (double)(t.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(t.tv_nsec - t0.tv_nsec) / 1e6);
	t0 = t;
}

/* The line a command that succeeded ends with (build, check), after the
 * warnings:
 *   vnetc: specs/hub.yaml: ok: no problems
 *   vnetc: wrote out/hub.{sh,json,parameters.json,svg} (1 warning)
 * -q drops it. */
static void
said_ok(const char *what)
{
	int w = diag_nwarnings();

	diag_flush();
	fprintf(stderr, "vnetc: %s", shown(what));
	if (w)
		fprintf(stderr, " (%d warning%s)", w, w == 1 ? "" : "s");
	fputc('\n', stderr);
}

/* build's outputs, each staged (a temporary file beside it) as soon as
 * it is made, the script and the linked templates while they are made
 * (issue 6: a large estate's outputs are tens of megabytes), then all
 * renamed together: a failure half way (a full disk) leaves the earlier
 * outputs as they were, every one of them. */
struct stager {
	struct fileset fs;
	const char *dir, *base;
	const char *sh_path;
	int sh_fd;
};

static const char *
out_path(const struct stager *st, const char *ext)
{
	static struct buf path;

	path.len = 0;
	buf_printf(&path, "%s/%s%s", st->dir, st->base, ext);
	return buf_str(&path);
}

/* Stage DIR/BASE.EXT with b's text; 0, or -1 said on stderr. */
static int
stage_buf(struct stager *st, const char *ext, const struct buf *b, int mode)
{
	const char *path = out_path(st, ext);

	if (file_stage(&st->fs, path, buf_str((struct buf *)b), b->len,
	    mode) == 0)
		return 0;
	fprintf(stderr, "vnetc: cannot write %s: %s\n", shown(path),
	    strerror(errno));
	return -1;
}

/* emit_arm_stream's fn: NAME.K.json. */
static int
stage_part(void *ctx, size_t k, struct buf *text)
{
	char ext[32];

	snprintf(ext, sizeof(ext), ".%zu.json", k);
	return stage_buf(ctx, ext, text, 0644);
}

/* The script's sink. */
static int
stage_sh(void *ctx, const char *data, size_t len)
{
	return file_stage_write(((struct stager *)ctx)->sh_fd, data, len);
}

/* vnetc build: the outputs of plan p into o->outdir; the exit status. */
static int
run_build(const struct opts *o, struct spec *s, struct plan *p)
{
	struct stager st = {.dir = o->outdir, .base = s->base, .sh_fd = -1};
	struct buf sh = {0}, arm = {0}, params = {0}, svg = {0};
	struct sink k = {.write = stage_sh, .ctx = &st};
	size_t made = 0; /* directories -o made: mkdir -p */
	int rc = 2;

	if (dir_make(o->outdir, &made) < 0) {
		int e = errno;
		struct stat sb;
		if (stat(o->outdir, &sb) == 0 && !S_ISDIR(sb.st_mode))
			fprintf(stderr, "vnetc: -o %s: exists and is not a "
			    "directory\n", shown(o->outdir));
		else
			fprintf(stderr, "vnetc: cannot create %s: %s\n",
			    shown(o->outdir), strerror(e));
		return 2;
	}
	st.sh_path = xstrdup(out_path(&st, ".sh"));
	if ((st.sh_fd = file_stage_open(&st.fs, st.sh_path)) < 0) {
		fprintf(stderr, "vnetc: cannot write %s: %s\n",
		    shown(st.sh_path), strerror(errno));
		goto out;
	}
	size_t nparts = emit_arm_stream(p, &arm, &params, stage_part, &st);
	phase_done("emit_arm");
	if (nparts == (size_t)-1)
		goto out;
	if (!emit_az_sink(p, &sh, &k))
		goto out;
	phase_done("emit_az");
	if (k.err || file_stage_close(st.sh_fd, 0755) < 0) {
		st.sh_fd = -1;
		fprintf(stderr, "vnetc: cannot write %s: %s\n",
		    shown(st.sh_path), strerror(k.err ? k.err : errno));
		goto out;
	}
	st.sh_fd = -1;
	if (diag_nerrors()) {
		rc = 1;
		goto out;
	}
	if ((!o->no_graph && build_svg(s, &svg) < 0) ||
	    stage_buf(&st, ".json", &arm, 0644) < 0 ||
	    stage_buf(&st, ".parameters.json", &params, 0644) < 0 ||
	    (svg.len && stage_buf(&st, ".svg", &svg, 0644) < 0))
		goto out;
	const char *failed = file_commit(&st.fs);
	if (failed) {
		fprintf(stderr, "vnetc: cannot write %s: %s\n", shown(failed),
		    strerror(errno));
	} else {
		parts_done(o->outdir, s->base, nparts);
		/* No diagram this time: an earlier one would show another
		 * topology beside these outputs. */
		if (!svg.len)
			unlink(out_path(&st, ".svg"));
		rc = 0;
		if (!o->quiet) {
			struct buf what = {0};
			buf_printf(&what, "wrote %s/%s.{sh,json,parameters.json%s}",
			    o->outdir, s->base, svg.len ? ",svg" : "");
			said_ok(buf_str(&what));
			buf_free(&what);
		}
	}
	phase_done("write");
out:
	if (st.sh_fd >= 0)
		close(st.sh_fd);
	file_abort(&st.fs); /* nothing when committed */
	/* A build that wrote nothing leaves no directory behind. */
	if (rc && made)
		dir_unmake(o->outdir, made);
	free((char *)st.sh_path);
	buf_free(&svg);
	buf_free(&sh);
	buf_free(&arm);
	buf_free(&params);
	return rc;
}

/* The spec at path, or on stdin for "-" (named <stdin> in diagnostics,
 * as gcc and clang name it); NULL when it cannot be read (said). */
static struct spec *
load(const struct opts *o, const char *path)
{
	if (strcmp(path, "-"))
		return spec_load(path, o->ov, o->nov);
	size_t len;
	char *text = stream_read(stdin, &len);
	if (!text) {
		fprintf(stderr, "vnetc: cannot read the standard input: %s\n",
		    strerror(errno));
		return NULL;
	}
	struct spec *s = spec_load_mem("<stdin>", text, len, o->ov, o->nov);
	free(text);
	return s;
}

/* The phases, in order, for the spec s read from path; returns the exit
 * status. */
static int
run(const struct opts *o, const char *path, struct spec *s)
{
	phase_done("load");
	/* -p names a parameter the spec does not have: a usage error, so
	 * that a typo never silently builds with the default. */
	for (size_t i = 0; i < o->nov; i++)
		if (!spec_param(s, o->ov[i].name) && !diag_nerrors()) {
			fprintf(stderr, "vnetc: -p %s: %s has no parameter "
			    "'%s'\n", shown(o->ov[i].name), shown(path),
			    shown(o->ov[i].name));
			return 2;
		}
	check_spec(s);
	phase_done("check");
	if (o->dump && !strcmp(o->dump, "spec")) {
		spec_dump(s, stdout);
		return diag_nerrors() ? 1 : 0;
	}
	if (diag_nerrors())
		return 1;
	naming_apply(s);
	phase_done("naming");
	if (o->dump && !strcmp(o->dump, "named")) {
		spec_dump(s, stdout);
		return diag_nerrors() ? 1 : 0;
	}
	if (diag_nerrors())
		return 1;
	struct plan *p = plan_build(s);
	phase_done("plan");
	if (!p || diag_nerrors())
		return 1;
	if (o->dump) {
		plan_dump(p, stdout);
		return 0;
	}
	if (!strcmp(o->cmd, "plan") || !strcmp(o->cmd, "apply") ||
	    !strcmp(o->cmd, "destroy")) {
		/* The script asks for such a parameter (${x:?}) and the
		 * template requires it; the executor would send "" (an
		 * imported spec's setting values are such parameters). */
		for (size_t i = 0; i < s->nparams; i++) {
			const struct param *pa = &s->params[i];
			if (pa->used && !pa->builtin && !pa->value &&
			    !pa->has_def) {
				fprintf(stderr, "vnetc: %s: parameter '%s' has "
				    "no default in %s: give its value with -p "
				    "%s=VALUE\n", o->cmd, shown(pa->name),
				    shown(path), shown(pa->name));
				return 2;
			}
		}
		struct apply_opts ao = o->apply;
		ao.outdir = o->outdir;
		diag_flush(); /* the spec's warnings before apply's lines */
		return apply_run(p, &ao);
	}
	/* check and graph report what build reports, without the cost of
	 * the outputs (most of a large estate's build). */
	if (strcmp(o->cmd, "build")) {
		emit_arm_check(p);
		phase_done("emit_arm_check");
		if (diag_nerrors())
			return 1;
		if (!strcmp(o->cmd, "graph"))
			return run_graph(o, s);
		if (!o->quiet) {
			struct buf what = {0};
			buf_printf(&what, "%s: ok: %s", path, diag_nwarnings() ?
			    "no errors" : "no problems");
			said_ok(buf_str(&what));
			buf_free(&what);
		}
		return 0;
	}
	return run_build(o, s, p);
}

int
main(int argc, char **argv)
{
	struct opts o = {.outdir = "out", .apply.parallelism = 8};
	/* "vnetc help CMD" is "vnetc CMD --help"; an unknown CMD is the
	 * same mistake as "vnetc CMD" and gets the same answer */
	static char help_opt[] = "--help";
	char *helpv[4];
	if (argc == 3 && !strcmp(argv[1], "help") && strcmp(argv[2], "help") &&
	    argv[2][0] != '-') {
		helpv[0] = argv[0], helpv[1] = argv[2], helpv[2] = help_opt;
		helpv[3] = NULL;
		argc = 3, argv = helpv;
	}
	if (argc > 1 && !strcmp(argv[1], "cidr"))
		return cidrcmd_main(argc - 2, argv + 2);
	if (argc > 1 && !strcmp(argv[1], "schema"))
		return schema_main(argc - 2, argv + 2);
	if (argc > 1 && !strcmp(argv[1], "import"))
		return import_main(argc - 2, argv + 2);
	int rc = parse_args(argc, argv, &o);

	if (rc < 0) {
		/* check's several specs: the diagnostics of all, the exit
		 * status of the worst (2 over 1 over 0) */
		bool unread = false;
		rc = 0;
		for (size_t i = 0; i < o.nspecs; i++) {
			phase_done(NULL);
			diag_reset();
			struct spec *s = load(&o, o.specs[i]);
			int r = s ? run(&o, o.specs[i], s) : 2;
			unread |= !s;
			rc = r > rc ? r : rc;
			spec_free(s);
		}
		/* The SARIF log; none when a spec could not be read, so that
		 * code scanning never takes that for "no problems". */
		if (!unread && !diag_finish() && rc == 0)
			rc = 2;
	}
	for (size_t i = 0; i < o.nov; i++)
		free((char *)o.ov[i].name);
	free(o.ov);
	free(o.specs);
	return rc;
}
