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

/* The steps whose resources step i's resource waits for: its plan
 * dependencies, looking through steps that have no resource in the
 * template (the resource group, a change left to the script), each id
 * once. seen[d] == stamp: step d already visited for this resource (a
 * stamp per resource instead of clearing the array each time); byid: the
 * ids already taken, as a set (a scan made a back end waiting for
 * thousands of steps quadratic, issue 6). */
static void
deps(const struct plan *p, json_t **ids, const size_t *where, size_t i,
    size_t *seen, size_t stamp, json_t *byid, size_t **out, size_t *nout,
    size_t *cap)
{
	const struct step *st = &p->steps[i];

	for (size_t j = 0; j < st->ndeps; j++) {
		size_t d = st->deps[j];
		if (seen[d] == stamp)
			continue;
		seen[d] = stamp;
		if (!ids[d]) {
			deps(p, ids, where, d, seen, stamp, byid, out, nout,
			    cap);
			continue;
		}
		/* an id is relative to the template it is in (a nested
		 * deployment's or the main one's) */
		const char *key = json_string_value(ids[d]);
		char *wk = NULL;
		if (where[d]) {
			size_t n = strlen(key) + 32;
			wk = xmalloc(n);
			snprintf(wk, n, "%zu:%s", where[d], key);
			key = wk;
		}
		bool dup = json_object_get(byid, key) != NULL;
		if (!dup)
			json_object_set_new(byid, key, json_true());
		free(wk);
		if (dup)
			continue;
		if (*nout == *cap) {
			*cap = *cap ? 2 * *cap : 16;
			*out = xrealloc(*out, *cap * sizeof(**out));
		}
		(*out)[(*nout)++] = d;
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

/* One template holds at most 800 resources and 4 MB
 * (docs/azure-notes.md 5.1); a larger one is split into linked templates
 * NAME.1.json, NAME.2.json, ... in plan order, and NAME.json becomes a
 * main template of Microsoft.Resources/deployments that link them by
 * relativePath (docs/outputs.md). ARM_PART_BYTES leaves a margin under
 * 4 MiB for the estimate below. */
enum {
	ARM_MAX_RESOURCES = 800,
	ARM_MAX_BYTES = 4 * 1024 * 1024,
	ARM_PART_BYTES = ARM_MAX_BYTES - 256 * 1024
};

/* ------------------------------------------------------ the JSON text */

/* A newline and the indent of depth levels (2 spaces each). */
static void
indent(struct buf *out, size_t depth)
{
	buf_putc(out, '\n');
	for (size_t n = 2 * depth; n; n--)
		buf_putc(out, ' ');
}

/* s as a JSON string, escaped as jansson escapes it: '"', '\\' and the
 * control characters; UTF-8 as it is. */
static void
json_str(struct buf *out, const char *s, size_t n)
{
	static const char short_esc[32] = {['\b'] = 'b', ['\f'] = 'f',
	    ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't'};
	size_t from = 0;

	buf_putc(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_putn(out, s + from, i - from);
		from = i + 1;
		if (c >= 0x20)
			buf_printf(out, "\\%c", c);
		else if (short_esc[c])
			buf_printf(out, "\\%c", short_esc[c]);
		else
			buf_printf(out, "\\u%04X", c);
	}
	buf_putn(out, s + from, n - from);
	buf_putc(out, '"');
}

/* Written here rather than by json_dumpb: jansson's dump was a fifth of
 * a 2,000-VNet build (a callback per token, then a second pass to indent
 * each resource into its place; issue 6). tests/unit/core_test.c checks
 * the two agree on random trees. */
void
emit_json(json_t *j, size_t depth, struct buf *out)
{
	bool obj = json_is_object(j);
	void *it;
	size_t n;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
	case JSON_ARRAY:
		n = obj ? json_object_size(j) : json_array_size(j);
		buf_putc(out, obj ? '{' : '[');
		it = obj ? json_object_iter(j) : NULL;
		for (size_t i = 0; i < n; i++) {
			indent(out, depth + 1);
			if (obj) {
				json_str(out, json_object_iter_key(it),
				    json_object_iter_key_len(it));
				buf_puts(out, ": ");
				emit_json(json_object_iter_value(it), depth + 1,
				    out);
				it = json_object_iter_next(j, it);
			} else {
				emit_json(json_array_get(j, i), depth + 1, out);
			}
			if (i + 1 < n)
				buf_putc(out, ',');
		}
		if (n)
			indent(out, depth);
		buf_putc(out, obj ? '}' : ']');
		break;
	case JSON_STRING:
		json_str(out, json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		break;
	case JSON_TRUE:
		buf_puts(out, "true");
		break;
	case JSON_FALSE:
		buf_puts(out, "false");
		break;
	case JSON_NULL:
		buf_puts(out, "null");
		break;
	default: { /* a real: jansson's shortest round-trip digits */
		char *t = json_dumps(j, JSON_ENCODE_ANY);
		if (!t)
			die("json_dumps: out of memory");
		buf_puts(out, t);
		free(t);
	}
	}
}

/* The same and a newline: a whole file. */
static void
dump(json_t *j, struct buf *out)
{
	emit_json(j, 0, out);
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

/* "vnetc-" and the spec's file name, cut to max characters in all, any
 * character a deployment name cannot hold made '-': a deployment name
 * is 1-64 of alphanumerics, '_', '(', ')', '-', '.' (docs/azure-notes.md
 * 4.3). */
static void
deploy_base(struct buf *b, const struct spec *s, size_t max)
{
	buf_puts(b, "vnetc-");
	for (const char *c = s->base; *c && b->len < max; c++)
		buf_putc(b, (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <=
		    'Z') || (*c >= '0' && *c <= '9') || strchr("_()-.", *c) ?
		    *c : '-');
}

/* "vnetc-NAME-K", the deployment of linked template K. */
static const char *
part_deployment(struct spec *s, size_t k)
{
	struct buf b = {0};

	deploy_base(&b, s, 48);
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
	json_object_set_new(d, "apiVersion", json_string(restype_deploy_api));
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

/* ------------------------------------------------- the streaming writer */

/* Resources are rendered one at a time, in plan order, into the text of
 * the current part, and each part is handed on (to a staged file) when
 * it is full: a 40,000-resource estate is never one JSON tree, nor one
 * text (issue 6). A part is cut greedily at 800 resources or when its
 * text would pass ARM_PART_BYTES; everything a resource depends on is in
 * its part or an earlier one, since the plan is sorted. */
/* A nested deployment into one scope other than home's (a landing
 * zone's other groups and subscriptions): subscriptionId and
 * resourceGroup, an inner-scope inline template of the steps in that
 * scope (learn.microsoft.com/azure/azure-resource-manager/templates/
 * deploy-to-resource-group, "Deploy to multiple resource groups";
 * docs/outputs.md). It takes steps of its scope in plan order until
 * something outside it depends on it; then it is sealed and placed, and
 * the scope's next steps open its next deployment: a deployment that
 * nothing yet waits for can wait for anything, so no two ever wait for
 * each other. */
struct nest {
	const struct scope *sc;
	const char *name;    /* [vnetc-BASE-HASH-sSCOPE-K] (nest_open) */
	json_t *res;         /* its template's resources */
	struct tgt *on;      /* what it waits for, outside it */
	size_t non;
	json_t *id;          /* its id in the main template */
	size_t part;         /* the part it is placed in; 0: not yet */
};

/* Something a resource of the main template waits for: an id and the
 * part holding it. */
struct tgt {
	json_t *id;
	size_t part;
};

struct armw {
	struct spec *s;
	const struct plan *plan;
	json_t *ps;          /* the parameters' declarations */
	arm_part_fn fn;      /* NULL: one template, never split */
	void *ctx;
	json_t **ids;        /* per step: its resource's id, NULL: none */
	size_t *part;        /* per step: the part holding its resource */
	size_t *where;       /* per step: 0 the main template, else its
			      * nested deployment's index + 1 */
	struct nest *nest;   /* the nested deployments, in order of opening */
	size_t nnest;
	size_t *open;        /* per scope: its open deployment's index + 1 */
	struct buf res;      /* the current part's resources, as text */
	size_t nres, k;      /* ... how many; the current part, from 1 */
	bool *after;         /* after[j]: part k waits for part j < k */
	size_t room;         /* bytes a part's resources may take */
	json_t *main_res;    /* the deployments of the closed parts */
	int failed;          /* fn said stop */
};

/* root's text with "resources": [the part's resources] as its last
 * member, byte for byte what dumping the whole tree gives: root ends in
 * "\n}", and an item of the array sits 4 spaces in. */
static void
compose(json_t *root, const struct buf *res, size_t nres, struct buf *out)
{
	emit_json(root, 0, out);
	out->len -= 2; /* "\n}" */
	buf_puts(out, ",\n  \"resources\": [");
	if (nres) {
		buf_putn(out, res->s, res->len);
		buf_puts(out, "\n  ]");
	} else {
		buf_puts(out, "]");
	}
	buf_puts(out, "\n}\n");
}

static json_t *
part_meta(struct spec *s, size_t k)
{
	return json_pack("{s:{s:s,s:s},s:{s:s,s:i}}", "_generator", "name",
	    "vnetc", "version", VNETC_VERSION, "vnetc", "spec", s->base,
	    "part", (json_int_t)k);
}

/* Hand part k on and start part k + 1. */
static void
close_part(struct armw *w)
{
	struct buf text = {0};

	if (!w->nres)
		return;
	json_t *root = skeleton(part_meta(w->s, w->k), w->ps);
	compose(root, &w->res, w->nres, &text);
	json_decref(root);
	if (!w->failed && w->fn(w->ctx, w->k, &text) < 0)
		w->failed = 1;
	buf_free(&text);
	json_array_append_new(w->main_res, part_deployment_res(w->s, w->k,
	    w->ps, w->after));
	w->k++;
	w->after = xrealloc(w->after, (w->k + 1) * sizeof(*w->after));
	memset(w->after, 0, (w->k + 1) * sizeof(*w->after));
	w->res.len = 0;
	w->nres = 0;
}

/* r with dependsOn (ids, in order) after name/location, before
 * properties. */
static void
depends_on(json_t *r, json_t *on)
{
	json_t *props = json_object_get(r, "properties");

	json_incref(props);
	json_object_del(r, "properties");
	json_object_del(r, "dependsOn");
	if (json_array_size(on))
		json_object_set(r, "dependsOn", on);
	json_object_set_new(r, "properties", props);
}

/* r's text as an item of part k's array: dependsOn (the dependencies in
 * this part; a template may only name its own resources) after
 * name/location, before properties. */
static void
render(struct armw *w, json_t *r, const struct tgt *on, size_t non,
    struct buf *text)
{
	json_t *a = json_array();

	for (size_t j = 0; j < non; j++)
		if (on[j].part == w->k)
			json_array_append(a, on[j].id);
	depends_on(r, a);
	json_decref(a);
	text->len = 0;
	buf_puts(text, w->nres ? ",\n    " : "\n    ");
	emit_json(r, 2, text); /* an item of "resources", 4 spaces in */
}

/* Resource r of the main template, waiting for on; it counts as weight
 * resources (a nested deployment as 1 and those it holds). Returns the
 * part it is in. */
static size_t
place(struct armw *w, json_t *r, const struct tgt *on, size_t non,
    size_t weight, struct buf *text)
{
	if (w->fn && w->nres && w->nres + weight > ARM_MAX_RESOURCES)
		close_part(w);
	render(w, r, on, non, text);
	if (w->fn && w->nres && w->res.len + text->len > w->room) {
		close_part(w);
		render(w, r, on, non, text);
	}
	buf_putn(&w->res, text->s, text->len);
	for (size_t j = 0; j < non; j++)
		if (on[j].part < w->k)
			w->after[on[j].part] = true;
	w->nres += weight;
	return w->k;
}

/* t += (id, part), once per id. */
static void
tgt_add(struct tgt **t, size_t *n, json_t *id, size_t part)
{
	for (size_t i = 0; i < *n; i++)
		if (json_equal((*t)[i].id, id))
			return;
	*t = xrealloc(*t, (*n + 1) * sizeof(**t));
	(*t)[(*n)++] = (struct tgt){id, part};
}

/* The nested deployment resource of n: its scope, the spec's parameters
 * passed through (and the home group and subscription, which it sees as
 * parameters: tmpl.c), an inner-scope template of its resources. */
static json_t *
nest_json(struct armw *w, struct nest *n)
{
	struct spec *s = w->s;
	json_t *d = json_object(), *pv = json_object(), *ps;
	const char *key;
	json_t *v;

	json_object_set_new(d, "type",
	    json_string("Microsoft.Resources/deployments"));
	json_object_set_new(d, "apiVersion", json_string(restype_deploy_api));
	json_object_set_new(d, "name", json_string(n->name));
	/* the run's subscription is the deployment's own */
	if (!(n->sc->sub.nsegs == 1 && n->sc->sub.segs[0].param == s->runsub))
		json_object_set_new(d, "subscriptionId", json_string(
		    tmpl_arm_string(s, &n->sc->sub)));
	json_object_set_new(d, "resourceGroup", json_string(
	    tmpl_arm_string(s, &n->sc->rg)));
	ps = json_deep_copy(w->ps);
	json_object_foreach(w->ps, key, v)
		json_object_set_new(pv, key, json_pack("{s:s}", "value",
		    arena_printf(&s->arena, "[parameters('%s')]", key)));
	json_object_set_new(ps, "groupName", json_pack("{s:s}", "type",
	    "string"));
	json_object_set_new(pv, "groupName", json_pack("{s:s}", "value",
	    "[resourceGroup().name]"));
	json_object_set_new(ps, "vnetc_subscription", json_pack("{s:s}",
	    "type", "string"));
	json_object_set_new(pv, "vnetc_subscription", json_pack("{s:s}",
	    "value", "[subscription().subscriptionId]"));
	json_t *tpl = json_pack("{s:s,s:s,s:o,s:O}", "$schema", schema,
	    "contentVersion", "1.0.0.0", "parameters", ps, "resources",
	    n->res);
	json_object_set_new(d, "properties", json_pack("{s:s,s:{s:s},s:o,"
	    "s:o}", "mode", "Incremental", "expressionEvaluationOptions",
	    "scope", "Inner", "parameters", pv, "template", tpl));
	return d;
}

/* Seal n and place it in the main template now, if it is not placed:
 * something is about to wait for it. */
static void
nest_place(struct armw *w, struct nest *n, struct buf *text)
{
	if (n->part)
		return;
	for (size_t i = 0; i < w->s->nscopes; i++)
		if (w->open[i] && &w->nest[w->open[i] - 1] == n)
			w->open[i] = 0;
	json_t *d = nest_json(w, n);
	n->part = place(w, d, n->on, n->non, 1 + json_array_size(n->res),
	    text);
	json_decref(d);
}

/* The scope's open deployment, or a new one. */
static struct nest *
nest_open(struct armw *w, const struct scope *sc)
{
	struct spec *s = w->s;
	size_t k = 1;

	if (w->open[sc->id])
		return &w->nest[w->open[sc->id] - 1];
	for (size_t i = 0; i < w->nnest; i++)
		k += w->nest[i].sc == sc;
	w->nest = xrealloc(w->nest, (w->nnest + 1) * sizeof(*w->nest));
	struct nest *n = &w->nest[w->nnest++];
	/* "vnetc-NAME-HASH-sSCOPE-K". The deployment lives in the scope's
	 * group, which other specs deploy into too (a platform's hub): HASH,
	 * uniqueString of the home group's id, keeps this spec's apart from
	 * another's of the same file name, which would overwrite it in the
	 * group's deployment history. HASH is 13 characters
	 * (template-functions-string, "uniqueString"); NAME is cut so that
	 * all fits in 64. */
	char tail[64];
	snprintf(tail, sizeof(tail), "-s%zu-%zu", sc->id, k);
	struct buf b = {0};
	deploy_base(&b, s, 64 - 14 - strlen(tail));
	buf_putc(&b, '-');
	struct buf name = {0};
	buf_puts(&name, "concat(");
	tmpl_arm_quote(&name, buf_str(&b));
	buf_puts(&name, ", uniqueString(resourceGroup().id), ");
	tmpl_arm_quote(&name, tail);
	buf_putc(&name, ')');
	*n = (struct nest){.sc = sc, .res = json_array(),
	    .name = arena_printf(&s->arena, "[%s]", buf_str(&name))};
	buf_free(&b);
	/* resourceId(sub, rg, 'Microsoft.Resources/deployments', name): a
	 * deployment with a resourceGroup lives in that group */
	struct buf id = {0};
	buf_puts(&id, "[resourceId(");
	tmpl_arm_expr(&id, &sc->sub);
	buf_puts(&id, ", ");
	tmpl_arm_expr(&id, &sc->rg);
	buf_puts(&id, ", 'Microsoft.Resources/deployments', ");
	buf_puts(&id, buf_str(&name));
	buf_puts(&id, ")]");
	n->id = json_string(buf_str(&id));
	buf_free(&id);
	buf_free(&name);
	w->open[sc->id] = w->nnest;
	return n;
}

/* Step i's resource r, waiting for the steps dep: in the main template
 * (its scope is home's), or in its scope's nested deployment. */
static void
put(struct armw *w, size_t i, json_t *r, const size_t *dep, size_t ndep,
    struct buf *text)
{
	const struct scope *sc = body_step_scope(w->s, &w->plan->steps[i]);
	struct tgt *on = NULL;
	size_t non = 0;

	if (sc == w->s->scopes[0]) {
		for (size_t j = 0; j < ndep; j++) {
			size_t d = dep[j];
			if (!w->where[d]) {
				tgt_add(&on, &non, w->ids[d], w->part[d]);
				continue;
			}
			struct nest *m = &w->nest[w->where[d] - 1];
			nest_place(w, m, text);
			tgt_add(&on, &non, m->id, m->part);
		}
		w->part[i] = place(w, r, on, non, 1, text);
		free(on);
		return;
	}
	struct nest *n = nest_open(w, sc);
	size_t ni = (size_t)(n - w->nest) + 1;
	json_t *inner = json_array();
	for (size_t j = 0; j < ndep; j++) {
		size_t d = dep[j];
		if (w->where[d] == ni) {
			json_array_append(inner, w->ids[d]);
		} else if (!w->where[d]) {
			tgt_add(&n->on, &n->non, w->ids[d], w->part[d]);
		} else {
			struct nest *m = &w->nest[w->where[d] - 1];
			nest_place(w, m, text);
			tgt_add(&n->on, &n->non, m->id, m->part);
		}
	}
	depends_on(r, inner);
	json_decref(inner);
	json_array_append(n->res, r);
	w->where[i] = ni;
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

size_t
emit_arm_stream(const struct plan *p, struct buf *out, struct buf *pout,
    arm_part_fn fn, void *ctx)
{
	struct spec *s = p->spec;
	struct valctx vc = {.mode = VAL_ARM, .spec = s};
	json_t *left = json_array(), *pvals = json_object();
	struct armw w = {.s = s, .plan = p, .fn = fn, .ctx = ctx, .k = 1,
	    .main_res = json_array()};
	size_t *seen = calloc(p->nsteps + 1, sizeof(size_t));
	size_t *dep = NULL, ndep = 0, capdep = 0;
	struct buf text = {0};

	w.ids = calloc(p->nsteps + 1, sizeof(*w.ids));
	w.part = calloc(p->nsteps + 1, sizeof(*w.part));
	w.where = calloc(p->nsteps + 1, sizeof(*w.where));
	w.open = calloc(s->nscopes + 1, sizeof(*w.open));
	w.after = calloc(2, sizeof(*w.after));
	if (!seen || !w.ids || !w.part || !w.after || !w.where || !w.open)
		die("out of memory:");
	w.ps = parameters(s, &vc, pvals);
	/* A part's resources get what its skeleton leaves of the limit. */
	json_t *probe = skeleton(part_meta(s, p->nsteps), w.ps);
	emit_json(probe, 0, &text);
	json_decref(probe);
	w.room = ARM_PART_BYTES - text.len - 64;
	for (size_t i = 0; i < p->nsteps; i++) {
		const char *why = NULL;
		/* written as seen from the template it goes in */
		vc.at = body_step_scope(s, &p->steps[i]);
		json_t *r = body_resource(&vc, &p->steps[i], &why);
		if (why)
			report_left(&p->steps[i], why, left);
		if (!r)
			continue;
		json_t *byid = json_object();
		ndep = 0;
		deps(p, w.ids, w.where, i, seen, i + 1, byid, &dep, &ndep,
		    &capdep);
		json_decref(byid);
		w.ids[i] = body_step_id(&vc, &p->steps[i]);
		put(&w, i, r, dep, ndep, &text);
		json_decref(r);
	}
	/* what nothing waited for */
	for (size_t i = 0; i < w.nnest; i++)
		nest_place(&w, &w.nest[i], &text);
	json_t *meta = json_pack("{s:{s:s,s:s}}", "_generator", "name",
	    "vnetc", "version", VNETC_VERSION);
	if (s->description)
		json_object_set_new(meta, "description",
		    json_string(s->description));
	json_object_set_new(meta, "vnetc", json_pack("{s:s,s:o}", "spec",
	    s->base, "leftToScript", left));
	json_t *root = skeleton(meta, w.ps);
	/* One template when it fits, metadata and all. */
	if (w.k == 1) {
		compose(root, &w.res, w.nres, out);
		if (fn && out->len > ARM_PART_BYTES) {
			out->len = 0;
			close_part(&w);
		}
	} else {
		close_part(&w);
	}
	size_t nparts = w.k - 1;
	if (nparts) {
		json_object_set(root, "resources", w.main_res);
		dump(root, out);
	}
	json_decref(root);
	json_decref(w.main_res);
	json_decref(w.ps);
	json_t *pf = json_pack("{s:s,s:s,s:o}", "$schema", pschema,
	    "contentVersion", "1.0.0.0", "parameters", pvals);
	dump(pf, pout);
	json_decref(pf);
	for (size_t i = 0; i < p->nsteps; i++)
		json_decref(w.ids[i]);
	for (size_t i = 0; i < w.nnest; i++) {
		json_decref(w.nest[i].res);
		json_decref(w.nest[i].id);
		free(w.nest[i].on);
	}
	free(w.nest);
	free(w.open);
	free(w.where);
	free(w.ids);
	free(w.part);
	free(w.after);
	free(seen);
	free(dep);
	buf_free(&w.res);
	buf_free(&text);
	return w.failed ? (size_t)-1 : nparts;
}

void
emit_arm(const struct plan *p, struct buf *out, struct buf *pout)
{
	emit_arm_stream(p, out, pout, NULL, NULL);
}

/* emit_arm_parts keeps the parts in memory. */
struct keep {
	struct buf **parts;
	size_t *nparts;
};

static int
keep_part(void *ctx, size_t k, struct buf *text)
{
	struct keep *kp = ctx;

	*kp->parts = xrealloc(*kp->parts, k * sizeof(**kp->parts));
	(*kp->parts)[k - 1] = *text;
	*text = (struct buf){0};
	*kp->nparts = k;
	return 0;
}

void
emit_arm_parts(const struct plan *p, struct buf *out, struct buf *pout,
    struct buf **parts, size_t *nparts)
{
	struct keep kp = {parts, nparts};

	*parts = NULL;
	*nparts = 0;
	emit_arm_stream(p, out, pout, keep_part, &kp);
}
