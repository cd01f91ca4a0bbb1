/* parse_only.c - the bench's baselines.
 *
 * parse_only FILE: read a spec and pull every libyaml event, building
 * nothing. What vnetc's front end cannot beat; `make bench` compares check
 * and build times against it.
 *
 * parse_only FILE --write-like DIR DEST: the same, then write into DEST a
 * file of the same size for every file in DIR (a build's outputs) the way
 * vnetc writes its outputs (temporary file, fsync, rename; util.c). No
 * model, no checks, no text to make: the least a build that reads this
 * spec and writes these outputs can take, the "floor" of the bench table.
 *
 * Exit 0, 1 on a YAML error, 2 on a usage or I/O error. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "util.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The bytes written do not matter (no compression on the way); their
 * number, the files and the fsyncs do. */
static void
write_like(const char *dir, const char *dest)
{
	static char chunk[64 * 1024];
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		die("cannot read %s:", dir);
	if (mkdir(dest, 0755) < 0 && errno != EEXIST)
		die("cannot create %s:", dest);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			names = xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = xstrdup(e->d_name);
		}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	memset(chunk, 'x', sizeof(chunk));
	struct fileset fs = {0};
	for (size_t i = 0; i < n; i++) {
		struct buf src = {0}, dst = {0};
		struct stat st;
		buf_printf(&src, "%s/%s", dir, names[i]);
		buf_printf(&dst, "%s/%s", dest, names[i]);
		if (stat(buf_str(&src), &st) < 0)
			die("cannot stat %s:", buf_str(&src));
		int fd = file_stage_open(&fs, buf_str(&dst));
		if (fd < 0)
			die("cannot create %s:", buf_str(&dst));
		for (off_t left = st.st_size; left > 0;) {
			size_t k = left < (off_t)sizeof(chunk) ?
			    (size_t)left : sizeof(chunk);
			if (file_stage_write(fd, chunk, k) < 0)
				die("cannot write %s:", buf_str(&dst));
			left -= (off_t)k;
		}
		if (file_stage_close(fd, 0644) < 0)
			die("cannot write %s:", buf_str(&dst));
		buf_free(&src);
		buf_free(&dst);
		free(names[i]);
	}
	free(names);
	if (file_commit(&fs))
		die("cannot rename into %s:", dest);
}

int
main(int argc, char **argv)
{
	yaml_parser_t p;
	yaml_event_t ev;
	size_t len, nev = 0;
	int rc = 0;

	if (argc != 2 && (argc != 5 || strcmp(argv[2], "--write-like"))) {
		fputs("usage: parse_only FILE [--write-like DIR DEST]\n",
		    stderr);
		return 2;
	}
	/* Read the whole file first, as spec_load does. */
	char *text = file_read(argv[1], &len);
	if (!text)
		die("cannot read %s:", argv[1]);
	if (!yaml_parser_initialize(&p))
		die("yaml_parser_initialize: out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "parse_only: %s\n", p.problem ?
			    p.problem : "YAML error");
			rc = 1;
			break;
		}
		nev++;
		yaml_event_type_t t = ev.type;
		yaml_event_delete(&ev);
		if (t == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&p);
	free(text);
	if (rc == 0 && argc == 5)
		write_like(argv[3], argv[4]);
	printf("%zu events\n", nev);
	return rc;
}
