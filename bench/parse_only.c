/* parse_only.c - the bench's baseline: read a spec and pull every libyaml
 * event, building nothing. What vnetc's front end cannot beat; `make bench`
 * compares check and build times against it.
 * usage: parse_only FILE   (exit 0, or 1 on a YAML error) */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

#include "util.h"

int
main(int argc, char **argv)
{
	yaml_parser_t p;
	yaml_event_t ev;
	size_t len, nev = 0;
	int rc = 0;

	if (argc != 2) {
		fputs("usage: parse_only FILE\n", stderr);
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
	printf("%zu events\n", nev);
	return rc;
}
