/* tmpl_test.c - every renderer of tmpl.c over one hostile corpus, read
 * back by what reads the outputs: bash runs the script's words, parameter
 * lines and comments and must print exactly the values and run nothing
 * else; tests/tools/arm_expr.py evaluates the template's strings and must
 * get the same values. Linked with tmpl.o and util.o alone: the renderers
 * need nothing else of vnetc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "unicode.h"

static int npass, nfail;

#define CHECK(e) do { \
	if (e) npass++; \
	else { nfail++; printf("%s:%d: CHECK(%s) failed\n", __FILE__, \
	    __LINE__, #e); } \
} while (0)

static char tmpdir[] = "/tmp/vnetc-tmpl-XXXXXX";
static struct spec sp; /* only its arena: the renderers need no model */

/* The corpus: what an attacker or an unlucky user writes in a spec. */
static const char *const fixed[] = {
	"plain-name_1.2", "", " ", "with space", "it's", "'", "''", "\"",
	"\"dq\"", "$HOME", "${HOME}", "$(touch PWNED)", "`touch PWNED`",
	"${x:-'}", "${x:-\"}", "}", "{", "\\", "\\'", "a\\", "*", "a*b?[c]",
	"~root", "-x", "--name", "-", "=", "a=b", "line1\nline2", "\n",
	"x\ntouch PWNED", "x\rtouch PWNED", "\r\n", "\t", "\x1b[31mred",
	"\x7f", "\xc2\x85", "\xe2\x80\xae" "evil", "\xe2\x80\xa8", "\xef\xbb\xbf",
	"\xff\xfe", "caf\xc3\xa9", "[v]", "[[v]", "[v]]", "[", "]", "[]",
	"[concat('a')]", "['x']", "[v] x", "x [v]", "'[v]'", "[parameters('p')]",
	"a'b\"c$d`e\\f}g", "#", "# x", "; touch PWNED", "| touch PWNED",
	"&& touch PWNED", "!", "!!", "^", "%s%n", "\\n", "$'x'", "$\"x\"",
};

static char **corpus;
static size_t ncorpus;

static void
add(const char *s)
{
	corpus = xrealloc(corpus, (ncorpus + 1) * sizeof(*corpus));
	corpus[ncorpus++] = xstrdup(s);
}

static void
make_corpus(void)
{
	char one[2] = {0}, three[4] = {'a', 0, 'b', 0};
	struct buf big = {0};

	for (size_t i = 0; i < NELEM(fixed); i++)
		add(fixed[i]);
	for (int c = 1; c < 256; c++) {
		one[0] = (char)c;
		three[1] = (char)c;
		add(one);
		add(three);
	}
	for (int i = 0; i < 500; i++)
		buf_puts(&big, fixed[i % NELEM(fixed)]);
	add(buf_str(&big));
	buf_free(&big);
}

static struct seg *
segs2(const char *a, struct param *p, const char *b)
{
	struct seg *g = arena_alloc(&sp.arena, 3 * sizeof(*g));

	g[0].lit = a;
	g[1].param = p;
	g[2].lit = b;
	return g;
}

static void
hex(FILE *f, const char *s)
{
	if (!*s)
		fputc('-', f); /* an empty field */
	for (; *s; s++)
		fprintf(f, "%02x", (unsigned char)*s);
}

/* Runs cmd, returns its stdout (malloc'd, *n bytes). */
static char *
run(const char *cmd, size_t *n)
{
	struct buf b = {0};
	char chunk[65536];
	size_t k;
	FILE *p = popen(cmd, "r");

	if (!p)
		die("popen:");
	while ((k = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_putn(&b, chunk, k);
	int st = pclose(p);
	CHECK(st == 0);
	*n = b.len;
	return b.s ? b.s : xstrdup("");
}

/* The shell: for each corpus string v, a parameter whose default is v
 * (tmpl_sh_param), one whose -p value is v, the word of v alone and of
 * v, a parameter and v again (tmpl_sh_word), and v as a comment
 * (tmpl_sh_comment). bash prints every value NUL-separated; they must be
 * the values tmpl_eval gives, and nothing else may run. */
static void
test_shell(void)
{
	struct buf sh = {0}, cmd = {0};
	const char **want = xmalloc(5 * ncorpus * sizeof(*want));
	size_t nwant = 0;
	struct param *ps = arena_alloc(&sp.arena, 3 * ncorpus * sizeof(*ps));

	buf_puts(&sh, "set -eu\n");
	for (size_t i = 0; i < ncorpus; i++) {
		struct param *d = &ps[3 * i], *v = &ps[3 * i + 1],
		    *e = &ps[3 * i + 2];
		d->name = arena_printf(&sp.arena, "d%zu", i);
		d->def = tmpl_literal(&sp, corpus[i], (struct pos){0});
		d->has_def = true;
		v->name = arena_printf(&sp.arena, "v%zu", i);
		v->value = corpus[i];
		v->has_def = true;
		v->def = tmpl_literal(&sp, "not this", (struct pos){0});
		/* the environment wins over the default */
		e->name = arena_printf(&sp.arena, "e%zu", i);
		e->def = tmpl_literal(&sp, "not this either",
		    (struct pos){0});
		e->has_def = true;
		tmpl_sh_comment(&sh, corpus[i]);
		tmpl_sh_param(&sh, d);
		tmpl_sh_param(&sh, v);
		buf_printf(&sh, "unset e%zu\n", i);
		buf_printf(&sh, "e%zu=\"$(printf '%%s.' ", i);
		tmpl_sh_lit(&sh, corpus[i]);
		buf_printf(&sh, ")\"\ne%zu=\"${e%zu%%.}\"\n", i, i);
		tmpl_sh_param(&sh, e);
	}
	for (size_t i = 0; i < ncorpus; i++) {
		struct param *d = &ps[3 * i];
		const char *next = corpus[(i + 1) % ncorpus];
		struct tmpl one = tmpl_literal(&sp, corpus[i], (struct pos){0});
		struct tmpl mixed = {.segs = segs2(corpus[i], d, next),
		    .nsegs = 3};

		buf_printf(&sh, "printf '%%s\\0' \"$d%zu\" \"$v%zu\" \"$e%zu\" ",
		    i, i, i);
		tmpl_sh_word(&sh, &one);
		buf_putc(&sh, ' ');
		tmpl_sh_word(&sh, &mixed);
		buf_putc(&sh, '\n');
		want[nwant++] = corpus[i];
		want[nwant++] = corpus[i];
		/* an empty value in the environment counts as unset */
		want[nwant++] = *corpus[i] ? corpus[i] : "not this either";
		want[nwant++] = corpus[i];
		want[nwant++] = tmpl_eval(&sp, &mixed);
	}
	char path[300];
	snprintf(path, sizeof(path), "%s/words.sh", tmpdir);
	FILE *f = fopen(path, "w");
	if (!f)
		die("fopen %s:", path);
	fwrite(sh.s, 1, sh.len, f);
	fclose(f);
	buf_printf(&cmd, "cd %s && env -i PATH=/usr/bin:/bin bash words.sh",
	    tmpdir);
	size_t n, at = 0, got = 0;
	char *out = run(buf_str(&cmd), &n);
	for (size_t k = 0; at < n && k < nwant; k++, got++) {
		size_t len = strlen(out + at);
		if (strcmp(out + at, want[k]) != 0) {
			printf("value %zu: want [%s] got [%s]\n", k, want[k],
			    out + at);
			nfail++;
		} else {
			npass++;
		}
		at += len + 1;
	}
	CHECK(got == nwant && at == n);
	snprintf(path, sizeof(path), "%s/PWNED", tmpdir);
	CHECK(access(path, F_OK) != 0);
	free(out);
	free((void *)want);
	buf_free(&sh);
	buf_free(&cmd);
}

/* A word shows what it holds: no control character, bidi override or
 * byte that is not UTF-8 reaches the script as it is (bash reads the
 * escapes back: test_shell). */
static void
test_word_shown(void)
{
	for (size_t i = 0; i < ncorpus; i++) {
		struct buf b = {0}, shown = {0};
		tmpl_sh_lit(&b, corpus[i]);
		uni_put_shown(&shown, b.s, b.len, true);
		if (strcmp(buf_str(&b), buf_str(&shown)) != 0)
			printf("word of corpus[%zu]: %s\n", i, buf_str(&shown));
		CHECK(strcmp(buf_str(&b), buf_str(&shown)) == 0);
		buf_free(&b);
		buf_free(&shown);
	}
}

/* A comment is lines of "# text" (or "#"), each one line of plain text:
 * no control character, nothing that reorders or hides text. */
static void
test_comment(void)
{
	for (size_t i = 0; i < ncorpus; i++) {
		struct buf b = {0};
		tmpl_sh_comment(&b, corpus[i]);
		const char *s = buf_str(&b);
		bool good = b.len > 0 && s[b.len - 1] == '\n';
		for (const char *l = s; *l && good; l = strchr(l, '\n') + 1) {
			good = l[0] == '#' && (l[1] == ' ' || l[1] == '\n');
			for (const char *p = l; *p != '\n' && good; p++)
				good = (unsigned char)*p >= 0x20 && *p != 0x7f &&
				    strncmp(p, "\xe2\x80\xae", 3) != 0 &&
				    strncmp(p, "\xe2\x80\xa8", 3) != 0 &&
				    strncmp(p, "\xc2\x85", 2) != 0;
		}
		if (!good)
			printf("comment of corpus[%zu]: %s", i, s);
		CHECK(good);
		buf_free(&b);
	}
	struct buf b = {0};
	tmpl_sh_comment(&b, "a\n\nb\r\x1b[2J\xe2\x80\xae");
	CHECK(strcmp(buf_str(&b), "# a\n#\n# b\\r\\x1b[2J\\u202e\n") == 0);
	buf_free(&b);
}

/* The template: each corpus string as a literal, and in a concat with a
 * parameter, evaluated by tests/tools/arm_expr.py with the parameter's
 * value; the result must be the value tmpl_eval gives. */
static void
test_arm(void)
{
	char path[300];
	struct param p = {.name = "p", .value = "P'[x]\n"};
	snprintf(path, sizeof(path), "%s/arm.txt", tmpdir);
	FILE *f = fopen(path, "w");
	size_t nlines = 0;

	if (!f)
		die("fopen %s:", path);
	for (size_t i = 0; i < ncorpus; i++) {
		const char *next = corpus[(i + 1) % ncorpus];
		struct tmpl one = tmpl_literal(&sp, corpus[i], (struct pos){0});
		struct tmpl mixed = {.segs = segs2(corpus[i], &p, next),
		    .nsegs = 3};
		const struct tmpl *ts[] = {&one, &mixed};
		for (size_t k = 0; k < NELEM(ts); k++) {
			hex(f, tmpl_eval(&sp, ts[k]));
			fputc(' ', f);
			hex(f, tmpl_arm_string(&sp, ts[k]));
			fputs(" p=", f);
			hex(f, p.value);
			fputc('\n', f);
			nlines++;
		}
	}
	fclose(f);
	struct buf cmd = {0};
	buf_printf(&cmd, "/usr/bin/python3 tests/tools/arm_expr.py --eval %s",
	    path);
	size_t n;
	char *out = run(buf_str(&cmd), &n);
	char want[64];
	snprintf(want, sizeof(want), "ok: %zu strings\n", nlines);
	if (strcmp(out, want) != 0)
		printf("arm_expr.py --eval: %s", out);
	CHECK(strcmp(out, want) == 0);
	free(out);
	buf_free(&cmd);

	/* The shapes, once by hand. */
	struct tmpl t = {.segs = segs2("it's-", &p, ""), .nsegs = 2};
	CHECK(strcmp(tmpl_arm_string(&sp, &t),
	    "[concat('it''s-', parameters('p'))]") == 0);
	CHECK(strcmp(tmpl_arm_literal(&sp, "[v]"), "[[v]") == 0);
	CHECK(strcmp(tmpl_arm_literal(&sp, "[v] x"), "[v] x") == 0);
	CHECK(strcmp(tmpl_arm_literal(&sp, "["), "[") == 0);
}

/* The shell word's shape: plain words stay plain, a value that begins
 * with - is quoted (az still reads it as an option: the script passes
 * values as --option=VALUE), a parameter is "${name}". */
static void
test_word_shape(void)
{
	struct param p = {.name = "app"};
	struct tmpl t = {.segs = segs2("x y", &p, "'"), .nsegs = 3};
	struct buf b = {0};

	tmpl_sh_word(&b, &t);
	CHECK(strcmp(buf_str(&b), "'x y'\"${app}\"''\\'''") == 0);
	b.len = 0;
	tmpl_sh_lit(&b, "plain-name_1.2");
	CHECK(strcmp(buf_str(&b), "plain-name_1.2") == 0);
	b.len = 0;
	tmpl_sh_lit(&b, "-x");
	CHECK(strcmp(buf_str(&b), "'-x'") == 0);
	b.len = 0;
	tmpl_sh_lit(&b, "a\x1b[31m'\\\xe2\x80\xae\xff");
	CHECK(strcmp(buf_str(&b), "$'a\\x1b[31m\\'\\\\\\xe2\\x80\\xae\\xff'") == 0);
	b.len = 0;
	p.has_def = true;
	p.def = tmpl_literal(&sp, "'", (struct pos){0});
	tmpl_sh_param(&b, &p);
	CHECK(strcmp(buf_str(&b), "[ -n \"${app:-}\" ] || app=''\\'''\n") == 0);
	buf_free(&b);
}

int
main(void)
{
	if (!mkdtemp(tmpdir))
		die("mkdtemp:");
	make_corpus();
	test_word_shape();
	test_word_shown();
	test_comment();
	test_shell();
	test_arm();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		nfail++;
	arena_free(&sp.arena);
	for (size_t i = 0; i < ncorpus; i++)
		free(corpus[i]);
	free(corpus);
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail != 0;
}
