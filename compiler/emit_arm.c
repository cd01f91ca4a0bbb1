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
/* seen[d] == stamp: step d already visited for this resource (a stamp per
 * resource instead of clearing the array each time); ids: the id strings
 * already in out, as a set (a scan of out made a back end waiting for
 * thousands of steps quadratic, issue 6). */
static void
deps(const struct plan *p, const struct valctx *vc, size_t i, bool *has,
    size_t *seen, size_t stamp, json_t *ids, json_t *out)
{
	const struct step *st = &p->steps[i];

	for (size_t j = 0; j < st->ndeps; j++) {
		size_t d = st->deps[j];
		if (seen[d] == stamp)
			continue;
		seen[d] = stamp;
		if (!has[d]) {
			deps(p, vc, d, has, seen, stamp, ids, out);
			continue;
		}
		json_t *id = body_step_id(vc, &p->steps[d]);
		const char *key = json_string_value(id);
		if (key && json_object_get(ids, key)) {
			json_decref(id);
			continue;
		}
		if (key)
			json_object_set_new(ids, key, json_true());
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

/* ------------------------------------------------- ARM template limits */

/* One template holds at most 800 resources and 4 MB (arm-facts.md 2.2,
 * [RES-DECL]); a larger one is split into linked templates NAME.1.json,
 * NAME.2.json, ... in plan order, and NAME.json becomes a main template of
 * Microsoft.Resources/deployments that link them by relativePath
 * (docs/outputs.md). ARM_PART_BYTES leaves a margin under 4 MiB for the
 * estimate below. */
enum {
	ARM_MAX_RESOURCES = 800,
	ARM_MAX_BYTES = 4 * 1024 * 1024,
	ARM_PART_BYTES = ARM_MAX_BYTES - 256 * 1024
};

/* Deployments: arm-facts.md 0 pins 2024-03-01 (relativePath needs
 * 2020-06-01 or later). */
static const char *const deploy_api = "2024-03-01";

static int
dump_cb(const char *data, size_t len, void *b)
{
	buf_putn(b, data, len);
	return 0;
}

/* The JSON text of j and a newline, appended to out (no copy in between:
 * a large template is tens of megabytes). */
static void
dump(json_t *j, struct buf *out)
{
	if (json_dump_callback(j, dump_cb, out, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER) < 0)
		die("json_dump: out of memory");
	buf_putc(out, '\n');
}

/* The template's skeleton: $schema, contentVersion, metadata, parameters
 * (a copy of ps); meta is stolen. */
static json_t *
skeleton(json_t *meta, json_t *ps)
{
	json_t *root = json_object();

	json_object_set_new(root, "$schema", json_string(schema));
	json_object_set_new(root, "contentVersion", json_string("1.0.0.0"));
	json_object_set_new(root, "metadata", meta);
	json_object_set_new(root, "parameters", json_deep_copy(ps));
	return root;
}

/* "vnetc-NAME-K": a deployment name is 1-64 of alphanumerics, '_', '(',
 * ')', '-', '.' (azure-facts.md, naming rules). */
static const char *
part_deployment(struct spec *s, size_t k)
{
	struct buf b = {0};

	buf_puts(&b, "vnetc-");
	for (const char *c = s->base; *c && b.len < 48; c++) {
		bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("_()-.", *c);
		buf_putc(&b, ok ? *c : '-');
	}
	buf_printf(&b, "-%zu", k);
	const char *r = arena_strdup(&s->arena, buf_str(&b));
	buf_free(&b);
	return r;
}

/* The main template's deployment of part k (1-based), waiting for the
 * parts that hold what its resources depend on (after, a set of part
 * numbers): linked by relativePath, every parameter passed through. */
static json_t *
part_deployment_res(struct spec *s, size_t k, json_t *ps, bool *after)
{
	json_t *d = json_object(), *on = json_array(), *pv = json_object();
	const char *key;
	json_t *v;

	json_object_set_new(d, "type",
	    json_string("Microsoft.Resources/deployments"));
	json_object_set_new(d, "apiVersion", json_string(deploy_api));
	json_object_set_new(d, "name", json_string(part_deployment(s, k)));
	for (size_t j = 1; j < k; j++)
		if (after[j])
			json_array_append_new(on, json_string(arena_printf(
			    &s->arena, "[resourceId('Microsoft.Resources/"
			    "deployments', '%s')]", part_deployment(s, j))));
	if (json_array_size(on))
		json_object_set_new(d, "dependsOn", on);
	else
		json_decref(on);
	json_object_foreach(ps, key, v)
		json_object_set_new(pv, key, json_pack("{s:s}", "value",
		    arena_printf(&s->arena, "[parameters('%s')]", key)));
	json_object_set_new(d, "properties", json_pack("{s:s,s:{s:s,s:s},s:o}",
	    "mode", "Incremental", "templateLink", "relativePath",
	    arena_printf(&s->arena, "%s.%zu.json", s->base, k),
	    "contentVersion", "1.0.0.0", "parameters", pv));
	return d;
}

/* Part k: res[start, end) with each dependsOn cut to the resources of
 * the part (a template may only name its own); after[j] is set for each
 * earlier part j that holds a dependency. where maps the id of each
 * resource of an earlier part to its part. The resources are shallow
 * copies: res is left as it was, for a retry with fewer. */
static json_t *
part_template(struct spec *s, json_t *res, size_t start, size_t end,
    size_t k, json_t *where, json_t *ps, bool *after)
{
	json_t *chunk = json_array();

	for (size_t i = start; i < end; i++) {
		json_t *r = json_copy(json_array_get(res, i));
		json_t *on = json_object_get(r, "dependsOn");
		json_t *mine = json_array();
		for (size_t j = 0; j < json_array_size(on); j++) {
			json_t *d = json_array_get(on, j);
			json_t *w = json_object_get(where,
			    json_string_value(d));
			if (w)
				after[json_integer_value(w)] = true;
			else
				json_array_append(mine, d);
		}
		if (json_array_size(mine))
			json_object_set(r, "dependsOn", mine);
		else if (on)
			json_object_del(r, "dependsOn");
		json_decref(mine);
		json_array_append_new(chunk, r);
	}
	json_t *meta = json_pack("{s:{s:s,s:s},s:{s:s,s:i}}", "_generator",
	    "name", "vnetc", "version", VNETC_VERSION, "vnetc", "spec",
	    s->base, "part", (json_int_t)k);
	json_t *part = skeleton(meta, ps);
	json_object_set_new(part, "resources", chunk);
	return part;
}

/* Split res (ids[i]: the id of res[i]) into parts of at most 800
 * resources and ARM_PART_BYTES, in plan order, so that every dependency
 * of a part is in it or in an earlier one; a dependency on an earlier
 * part becomes its deployment's dependsOn. A part is dumped once, and cut
 * in half while it is too large (resources of ~2 KB make that rare).
 * Returns the main template's resources. */
static json_t *
split(struct spec *s, json_t *res, json_t **ids, json_t *ps,
    struct buf **parts, size_t *nparts)
{
	size_t n = json_array_size(res);
	json_t *where = json_object(), *main_res = json_array();

	for (size_t start = 0, k = 1; start < n; k++) {
		size_t end = start + ARM_MAX_RESOURCES < n ?
		    start + ARM_MAX_RESOURCES : n;
		bool *after = xmalloc((k + 1) * sizeof(*after));
		struct buf text = {0};
		for (;;) {
			memset(after, 0, (k + 1) * sizeof(*after));
			json_t *part = part_template(s, res, start, end, k,
			    where, ps, after);
			text.len = 0;
			dump(part, &text);
			json_decref(part);
			if (text.len <= ARM_PART_BYTES || end - start == 1)
				break;
			end = start + (end - start) / 2;
		}
		/* One resource over the limit: ARM will refuse it, and no
		 * split can help; the part is written as it is. */
		*parts = xrealloc(*parts, k * sizeof(**parts));
		(*parts)[k - 1] = text;
		/* Done with these resources: free them as their text
		 * grows, so that the two never peak together. */
		for (size_t i = start; i < end; i++) {
			json_object_set_new(where, json_string_value(ids[i]),
			    json_integer((json_int_t)k));
			json_array_set_new(res, i, json_null());
		}
		json_array_append_new(main_res, part_deployment_res(s, k, ps,
		    after));
		free(after);
		*nparts = k;
		start = end;
	}
	json_decref(where);
	return main_res;
}

/* ------------------------------------------------------------- the emit */

/* VN308 for a step the template leaves to the script, also listed in
 * metadata.vnetc.leftToScript (left, when not NULL). */
static void
report_left(const struct step *st, const char *why, json_t *left)
{
	diag_report(st->pos, VN308, "%s: %s", st->label, why);
	if (left)
		json_array_append_new(left, json_pack("{s:s,s:s}", "step",
		    st->label, "reason", why));
}

void
emit_arm_check(const struct plan *p)
{
	for (size_t i = 0; i < p->nsteps; i++) {
		const char *why = body_step_left(&p->steps[i]);
		if (why)
			report_left(&p->steps[i], why, NULL);
	}
}

void
emit_arm(const struct plan *p, struct buf *out, struct buf *pout)
{
	emit_arm_parts(p, out, pout, NULL, NULL);
}

void
emit_arm_parts(const struct plan *p, struct buf *out, struct buf *pout,
    struct buf **parts, size_t *nparts)
{
	struct spec *s = p->spec;
	struct valctx vc = {.mode = VAL_ARM, .spec = s};
	json_t *res = json_array();
	json_t *left = json_array(), *pvals = json_object();
	bool *has = calloc(p->nsteps + 1, sizeof(bool));
	size_t *seen = calloc(p->nsteps + 1, sizeof(size_t));
	json_t **bodies = calloc(p->nsteps + 1, sizeof(json_t *));
	json_t **ids = calloc(p->nsteps + 1, sizeof(json_t *));
	size_t nids = 0;

	if (!has || !seen || !bodies || !ids)
		die("out of memory:");
	if (parts)
		*parts = NULL, *nparts = 0;
	for (size_t i = 0; i < p->nsteps; i++) {
		const char *why = NULL;
		bodies[i] = body_resource(&vc, &p->steps[i], &why);
		has[i] = bodies[i] != NULL;
		if (why)
			report_left(&p->steps[i], why, left);
	}
	json_t *meta = json_pack("{s:{s:s,s:s}}", "_generator", "name",
	    "vnetc", "version", VNETC_VERSION);
	if (s->description)
		json_object_set_new(meta, "description",
		    json_string(s->description));
	json_object_set_new(meta, "vnetc", json_pack("{s:s,s:o}", "spec",
	    s->base, "leftToScript", left));
	json_t *ps = parameters(s, &vc, pvals);
	json_t *root = skeleton(meta, ps);
	for (size_t i = 0; i < p->nsteps; i++) {
		if (!has[i])
			continue;
		json_t *r = bodies[i], *d = json_array(), *seen_ids;
		seen_ids = json_object();
		deps(p, &vc, i, has, seen, i + 1, seen_ids, d);
		json_decref(seen_ids);
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
		ids[nids++] = body_step_id(&vc, &p->steps[i]);
	}
	/* One template if it fits: the dump is needed anyway to know. */
	json_object_set(root, "resources", res);
	if (!parts || nids <= ARM_MAX_RESOURCES)
		dump(root, out);
	if (parts && (nids > ARM_MAX_RESOURCES || out->len > ARM_PART_BYTES)) {
		out->len = 0;
		json_object_set_new(root, "resources", split(s, res, ids, ps,
		    parts, nparts));
		dump(root, out);
	}
	json_decref(res);
	json_decref(root);
	json_decref(ps);

	json_t *pf = json_pack("{s:s,s:s,s:o}", "$schema", pschema,
	    "contentVersion", "1.0.0.0", "parameters", pvals);
	dump(pf, pout);
	json_decref(pf);
	for (size_t i = 0; i < nids; i++)
		json_decref(ids[i]);
	free(ids);
	free(has);
	free(seen);
	free(bodies);
}
