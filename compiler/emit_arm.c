/* emit_arm.c - plan -> ARM deployment template + parameters file
 * (jansson). Resources come from body.c in plan order; dependsOn follows
 * the plan's edges. Keys appear in insertion order (jansson >= 2.8), the
 * dump uses fixed flags, so the output is byte-stable. */
#include <string.h>

#include "model.h"

#ifndef VNETC_VERSION
#define VNETC_VERSION "0.0.0"
#endif

static const char *const schema =
    "https://schema.management.azure.com/schemas/2019-04-01/"
    "deploymentTemplate.json#";
static const char *const pschema =
    "https://schema.management.azure.com/schemas/2019-04-01/"
    "deploymentParameters.json#";

/* The ids a step's ARM resource waits for: its plan dependencies, looking
 * through steps that have no resource in the template (the resource
 * group, a change left to the script). */
static void
deps(const struct plan *p, const struct valctx *vc, size_t i, bool *has,
    bool *seen, json_t *out)
{
	const struct step *st = &p->steps[i];

	for (size_t j = 0; j < st->ndeps; j++) {
		size_t d = st->deps[j];
		if (seen[d])
			continue;
		seen[d] = true;
		if (!has[d]) {
			deps(p, vc, d, has, seen, out);
			continue;
		}
		json_t *id = body_step_id(vc, &p->steps[d]);
		bool dup = false;
		for (size_t k = 0; k < json_array_size(out); k++)
			if (json_equal(json_array_get(out, k), id))
				dup = true;
		if (dup)
			json_decref(id);
		else
			json_array_append_new(out, id);
	}
}

static json_t *
parameters(struct spec *s, const struct valctx *vc, json_t *pfile)
{
	json_t *ps = json_object();

	for (size_t i = 0; i < s->nparams; i++) {
		struct param *p = &s->params[i];
		if (strcmp(p->name, "groupName") == 0)
			continue; /* the deployment's scope */
		json_t *d = json_object();
		json_object_set_new(d, "type", json_string("string"));
		if (p->builtin)
			json_object_set_new(d, "defaultValue",
			    json_string("[resourceGroup().location]"));
		else if (p->has_def)
			json_object_set_new(d, "defaultValue",
			    body_str(vc, &p->def));
		if (p->desc)
			json_object_set_new(d, "metadata", json_pack("{s:s}",
			    "description", p->desc));
		json_object_set_new(ps, p->name, d);
		/* The parameters file pins every value the script would use,
		 * so the two deploy the same thing. */
		struct tmpl t = {.segs = &(struct seg){.param = p}, .nsegs = 1};
		if (p->value || p->has_def)
			json_object_set_new(pfile, p->name, json_pack("{s:s}",
			    "value", tmpl_eval(s, &t)));
	}
	return ps;
}

void
emit_arm(const struct plan *p, struct buf *out, struct buf *pout)
{
	struct spec *s = p->spec;
	struct valctx vc = {.mode = VAL_ARM, .spec = s};
	json_t *root = json_object(), *res = json_array();
	json_t *left = json_array(), *pvals = json_object();
	bool *has = calloc(p->nsteps + 1, sizeof(bool));
	bool *seen = calloc(p->nsteps + 1, sizeof(bool));
	json_t **bodies = calloc(p->nsteps + 1, sizeof(json_t *));

	if (!has || !seen || !bodies)
		die("out of memory:");
	for (size_t i = 0; i < p->nsteps; i++) {
		const char *why = NULL;
		bodies[i] = body_resource(&vc, &p->steps[i], &why);
		has[i] = bodies[i] != NULL;
		if (why) {
			diag_report(p->steps[i].pos, VN308, "%s: %s",
			    p->steps[i].label, why);
			json_array_append_new(left, json_pack("{s:s,s:s}",
			    "step", p->steps[i].label, "reason", why));
		}
	}
	json_object_set_new(root, "$schema", json_string(schema));
	json_object_set_new(root, "contentVersion", json_string("1.0.0.0"));
	json_t *meta = json_pack("{s:{s:s,s:s}}", "_generator", "name",
	    "vnetc", "version", VNETC_VERSION);
	if (s->description)
		json_object_set_new(meta, "description",
		    json_string(s->description));
	json_object_set_new(meta, "vnetc", json_pack("{s:s,s:o}", "spec",
	    s->base, "leftToScript", left));
	json_object_set_new(root, "metadata", meta);
	json_object_set_new(root, "parameters", parameters(s, &vc, pvals));
	for (size_t i = 0; i < p->nsteps; i++) {
		if (!has[i])
			continue;
		json_t *r = bodies[i], *d = json_array();
		memset(seen, 0, (p->nsteps + 1) * sizeof(bool));
		deps(p, &vc, i, has, seen, d);
		/* dependsOn goes after name/location, before properties. */
		json_t *props = json_object_get(r, "properties");
		json_incref(props);
		json_object_del(r, "properties");
		if (json_array_size(d))
			json_object_set_new(r, "dependsOn", d);
		else
			json_decref(d);
		json_object_set_new(r, "properties", props);
		json_array_append_new(res, r);
	}
	json_object_set_new(root, "resources", res);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text)
		die("json_dumps: out of memory");
	buf_puts(out, text);
	buf_putc(out, '\n');
	free(text);
	json_decref(root);

	json_t *pf = json_pack("{s:s,s:s,s:o}", "$schema", pschema,
	    "contentVersion", "1.0.0.0", "parameters", pvals);
	text = json_dumps(pf, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text)
		die("json_dumps: out of memory");
	buf_puts(pout, text);
	buf_putc(pout, '\n');
	free(text);
	json_decref(pf);
	free(has);
	free(seen);
	free(bodies);
}
