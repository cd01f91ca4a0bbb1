/* main.c - command line, then the phases in order: spec_load -> plan_build
 * -> emit_az / emit_arm, stopping after any phase that found errors.
 * Exit: 0 ok (warnings allowed), 1 errors in the spec, 2 usage or I/O. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model.h"

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
"\n"
"commands:\n"
"  build SPEC   check, then write OUT/NAME.sh, NAME.json, NAME.parameters.json\n"
"  check SPEC   check only; print diagnostics\n"
"\n"
"  vnetc COMMAND --help   options of a command\n"
"  vnetc --version        print the version\n"
"\n"
"exit status: 0 ok (warnings allowed), 1 errors in the spec,\n"
"2 usage or I/O errors.\n"
"The spec format: docs/spec.md. Example: specs/isolated-backend.yaml.\n";

static const char usage_build[] =
"usage: vnetc build SPEC [-o DIR] [-p NAME=VALUE]... [--format text|json]\n"
"\n"
"Checks SPEC, then writes, with NAME the spec's file name without .yaml:\n"
"  DIR/NAME.sh               bash script of az CLI commands (re-runnable)\n"
"  DIR/NAME.json             ARM deployment template\n"
"  DIR/NAME.parameters.json  its parameters file\n"
"Nothing is written when the spec has errors; each file is replaced\n"
"atomically, so a failed build leaves earlier outputs as they were.\n"
"\n"
"options:\n"
"  -o DIR              output directory (default: out), created if missing\n"
"  -p NAME=VALUE       set a spec parameter's value (repeatable); it becomes\n"
"                      the script's default and the parameters file's value\n"
"  --format text|json  diagnostics as text lines (default) or JSON lines\n"
"  -d spec|plan        print the model after that phase instead of building\n"
"  -h, --help          this help\n"
"\n"
"example:\n"
"  vnetc build specs/isolated-backend.yaml -p appName=contoso-web\n";

static const char usage_check[] =
"usage: vnetc check SPEC [-p NAME=VALUE]... [--format text|json] [-d spec|plan]\n"
"\n"
"Reads SPEC and reports every problem found before Azure is touched, as\n"
"  FILE:LINE:COL: error: MESSAGE [RULE]\n"
"Rules are listed in docs/rules.md. Writes nothing.\n"
"\n"
"options:\n"
"  -p NAME=VALUE       set a spec parameter (repeatable)\n"
"  --format text|json  diagnostics as text lines (default) or JSON lines\n"
"  -d spec|plan        print the model after that phase (stable text)\n"
"  -h, --help          this help\n";

struct opts {
	const char *cmd, *spec, *outdir, *dump;
	struct override *ov;
	size_t nov;
};

static int
usage_error(const char *usage, const char *fmt, const char *arg)
{
	fprintf(stderr, "vnetc: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n\n%s", usage);
	return 2;
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
		fputs(usage_main, stdout);
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
	else
		return usage_error(usage_main, "unknown command '%s'", cmd);
	o->cmd = cmd;
	o->ov = xmalloc((size_t)argc * sizeof(*o->ov));
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 0;
		}
		bool hasval = !strcmp(a, "-o") || !strcmp(a, "-p") ||
		    !strcmp(a, "--format") || !strcmp(a, "-d");
		if (hasval && i + 1 >= argc)
			return usage_error(usage, "%s needs a value", a);
		if (!strcmp(a, "-o") && usage == usage_build) {
			o->outdir = argv[++i];
		} else if (!strcmp(a, "-p")) {
			const char *nv = argv[++i], *eq = strchr(nv, '=');
			if (!eq || eq == nv)
				return usage_error(usage, "-p '%s': write "
				    "-p NAME=VALUE", nv);
			o->ov[o->nov].name = strndup(nv, (size_t)(eq - nv));
			o->ov[o->nov++].value = eq + 1;
		} else if (!strcmp(a, "--format")) {
			if (!diag_set_format(argv[++i]))
				return usage_error(usage, "--format '%s': use "
				    "text or json", argv[i]);
		} else if (!strcmp(a, "-d")) {
			o->dump = argv[++i];
			if (strcmp(o->dump, "spec") && strcmp(o->dump, "plan"))
				return usage_error(usage, "-d '%s': use spec "
				    "or plan", o->dump);
		} else if (a[0] == '-' && a[1]) {
			return usage_error(usage, "unknown option '%s'", a);
		} else if (o->spec) {
			return usage_error(usage, "one spec at a time ('%s')",
			    a);
		} else {
			o->spec = a;
		}
	}
	if (!o->spec)
		return usage_error(usage, "%s: which spec?", cmd);
	return -1;
}

static int
write_out(const char *dir, const char *base, const char *ext,
    struct buf *b, int mode)
{
	struct buf path = {0};

	buf_printf(&path, "%s/%s%s", dir, base, ext);
	int rc = file_write_atomic(path.s, buf_str(b), b->len, mode);
	if (rc < 0)
		fprintf(stderr, "vnetc: cannot write %s: %s\n", path.s,
		    strerror(errno));
	buf_free(&path);
	return rc;
}

/* The phases, in order; returns the exit status. */
static int
run(const struct opts *o, struct spec *s)
{
	/* -p names a parameter the spec does not have: a usage error, so
	 * that a typo never silently builds with the default. */
	for (size_t i = 0; i < o->nov; i++)
		if (!spec_param(s, o->ov[i].name) && !diag_nerrors()) {
			fprintf(stderr, "vnetc: -p %s: %s has no parameter "
			    "'%s'\n", o->ov[i].name, o->spec, o->ov[i].name);
			return 2;
		}
	if (o->dump && !strcmp(o->dump, "spec")) {
		spec_dump(s, stdout);
		return diag_nerrors() ? 1 : 0;
	}
	if (diag_nerrors())
		return 1;
	struct plan *p = plan_build(s);
	if (!p || diag_nerrors())
		return 1;
	if (o->dump) {
		plan_dump(p, stdout);
		return 0;
	}
	struct buf sh = {0}, arm = {0}, params = {0};
	int rc = 0;
	emit_arm(p, &arm, &params);
	emit_az(p, &sh);
	if (diag_nerrors()) {
		rc = 1;
	} else if (!strcmp(o->cmd, "build")) {
		/* All three are generated before any is written: errors
		 * leave earlier outputs as they were. */
		if (mkdir(o->outdir, 0777) < 0 && errno != EEXIST) {
			fprintf(stderr, "vnetc: cannot create %s: %s\n",
			    o->outdir, strerror(errno));
			rc = 2;
		} else if (write_out(o->outdir, s->base, ".json", &arm,
		    0644) || write_out(o->outdir, s->base, ".parameters.json",
		    &params, 0644) || write_out(o->outdir, s->base, ".sh", &sh,
		    0755)) {
			rc = 2;
		}
	}
	buf_free(&sh);
	buf_free(&arm);
	buf_free(&params);
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o = {.outdir = "out"};
	int rc = parse_args(argc, argv, &o);

	if (rc < 0) {
		struct spec *s = spec_load(o.spec, o.ov, o.nov);
		rc = s ? run(&o, s) : 2;
		spec_free(s);
	}
	for (size_t i = 0; i < o.nov; i++)
		free((char *)o.ov[i].name);
	free(o.ov);
	return rc;
}
