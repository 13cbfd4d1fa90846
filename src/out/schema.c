/*
 * schema: writes the format table as a JSON Schema (schema.h).
 *
 * Only constructs that mean the same in draft 2020-12 and draft-07 are
 * used (a $ref never has siblings; allOf carries a description beside
 * one), since editors' validators differ in which drafts they know.
 * Checks that reach across an inventory (a reference to an undeclared
 * id, a duplicate, a built-in region redefined without override) are
 * the loader's alone; what the schema says it says exactly as the
 * loader does, never stricter.
 */
#include "out/schema.h"

#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/util.h"
#include "load/format.h"

#define DEFS "#/$defs/"

/* The form of an id (load_schema.c: check_id_chars, decl_id): not
 * empty, no control character; a region's "provider:name"; a data
 * category's or purpose's dot-separated segments, none empty; a
 * country's two capital letters (a jurisdiction without members). */
#define ID_PATTERN "^[^\\u0000-\\u001f\\u007f-\\u009f]+$"
#define REGION_PATTERN "^[^:]+:."
#define DOTTED_PATTERN "^[^.]+(\\.[^.]+)*$"
#define COUNTRY_PATTERN "^[A-Z]{2}$"

/* The $defs name of what a reference of type t may name. */
static const char *const ref_def[R__COUNT] = {
	[R_PROVIDER] = "provider-ref", [R_REGION] = "region-ref", [R_JUR] = "jurisdiction-ref",
	[R_COUNTRY] = "country-ref", [R_DATA] = "data-ref", [R_SUBJECT] = "subject-ref",
	[R_PURPOSE] = "purpose-ref", [R_TENANT] = "id", [R_SERVICE] = "id",
	[R_PLACE] = "place-ref",
};

/* The $defs name of the form of an id declared in section kind k. */
static const char *decl_def(enum obj_kind k)
{
	switch (k) {
	case OBJ_REGION: return "region-id";
	case OBJ_DATA: case OBJ_PURPOSE: return "dotted-id";
	default: return "id";
	}
}

static void ref(struct json *j, const char *def)
{
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, DEFS "%s", def);
	json_obj_begin(j);
	json_kstr(j, "$ref", sb.buf);
	json_obj_end(j);
	sb_release(&sb);
}

/* {"description": desc, "allOf": [{"$ref": def}]} */
static void described_ref(struct json *j, const char *desc, const char *def)
{
	json_obj_begin(j);
	json_kstr(j, "description", desc);
	json_key(j, "allOf");
	json_arr_begin(j);
	ref(j, def);
	json_arr_end(j);
	json_obj_end(j);
}

static void entry_def_name(struct strbuf *sb, const struct fmt_entry *e)
{
	for (const char *s = e->name; *s; s++)
		sb_addc(sb, *s == ' ' ? '-' : *s);
}

static void entry_ref(struct json *j, const struct fmt_entry *e)
{
	struct strbuf sb = STRBUF_INIT;
	entry_def_name(&sb, e);
	ref(j, sb.buf);
	sb_release(&sb);
}

static void words_enum(struct json *j, const struct fmt_words *w)
{
	json_key(j, "enum");
	json_arr_begin(j);
	for (int i = w->first; i < w->count; i++)
		json_str(j, w->name(i));
	json_arr_end(j);
}

/* Any scalar: the loader keeps plain numbers and booleans as text. */
static void text_type(struct json *j)
{
	json_key(j, "type");
	json_arr_begin(j);
	json_str(j, "string");
	json_str(j, "number");
	json_str(j, "boolean");
	json_arr_end(j);
}

/* The schema of one item of a list key. */
static void item(struct json *j, const struct fmt_key *k)
{
	switch (k->type) {
	case FMT_TEXTS:
		json_obj_begin(j);
		text_type(j);
		json_obj_end(j);
		break;
	case FMT_WORDS:
		json_obj_begin(j);
		words_enum(j, k->words);
		json_obj_end(j);
		break;
	case FMT_IDS:
		ref(j, ref_def[k->ref]);
		break;
	case FMT_ENTRIES:
		if (!(k->flags & FMT_OR_ID)) {
			entry_ref(j, k->entry);
			break;
		}
		json_obj_begin(j);
		json_key(j, "anyOf");
		json_arr_begin(j);
		ref(j, ref_def[k->ref]);
		entry_ref(j, k->entry);
		json_arr_end(j);
		json_obj_end(j);
		break;
	default:
		break;
	}
}

static void key_schema(struct json *j, const struct fmt_key *k)
{
	switch (k->type) {
	case FMT_ID:
		described_ref(j, k->desc, ref_def[k->ref]);
		return;
	case FMT_MAPPING:
		/* the entry may be null in a section; here it must be given */
		json_obj_begin(j);
		json_kstr(j, "description", k->desc);
		json_kstr(j, "type", "object");
		json_key(j, "allOf");
		json_arr_begin(j);
		entry_ref(j, k->entry);
		json_arr_end(j);
		json_obj_end(j);
		return;
	default:
		break;
	}
	json_obj_begin(j);
	json_kstr(j, "description", k->desc);
	switch (k->type) {
	case FMT_VERSION:
		json_kint(j, "const", 1);
		break;
	case FMT_TEXT:
		text_type(j);
		break;
	case FMT_BOOL:
		json_kstr(j, "type", "boolean");
		break;
	case FMT_WORD:
		words_enum(j, k->words);
		break;
	default:   /* the lists */
		json_kstr(j, "type", "array");
		if (k->flags & FMT_NONEMPTY)
			json_kint(j, "minItems", 1);
		json_key(j, "items");
		item(j, k);
		break;
	}
	json_obj_end(j);
}

static void required_list(struct json *j, const char *name)
{
	json_key(j, "required");
	json_arr_begin(j);
	json_str(j, name);
	json_arr_end(j);
}

static void entry_def(struct json *j, const struct fmt_entry *e)
{
	struct strbuf sb = STRBUF_INIT;
	entry_def_name(&sb, e);
	json_key(j, sb.buf);
	sb_release(&sb);
	json_obj_begin(j);
	json_kstr(j, "description", e->desc);
	bool any_required = e->one_of || e->any_of;
	for (int i = 0; i < e->nkeys; i++)
		any_required |= (e->keys[i].flags & FMT_REQUIRED) != 0;
	/* an entry written "id:" (null) is one with no keys */
	if (any_required) {
		json_kstr(j, "type", "object");
	} else {
		json_key(j, "type");
		json_arr_begin(j);
		json_str(j, "object");
		json_str(j, "null");
		json_arr_end(j);
	}
	json_key(j, "properties");
	json_obj_begin(j);
	for (int i = 0; i < e->nkeys; i++) {
		json_key(j, e->keys[i].name);
		key_schema(j, &e->keys[i]);
	}
	json_obj_end(j);
	json_key(j, "additionalProperties");
	json_bool(j, false);
	bool first = true;
	for (int i = 0; i < e->nkeys; i++) {
		if (!(e->keys[i].flags & FMT_REQUIRED))
			continue;
		if (first) {
			json_key(j, "required");
			json_arr_begin(j);
			first = false;
		}
		json_str(j, e->keys[i].name);
	}
	if (!first)
		json_arr_end(j);
	/* exactly one of (oneOf), at least one of (anyOf; a boolean true) */
	for (int pass = 0; pass < 2; pass++) {
		unsigned mask = pass ? e->any_of : e->one_of;
		if (!mask)
			continue;
		json_key(j, pass ? "anyOf" : "oneOf");
		json_arr_begin(j);
		for (int i = 0; i < e->nkeys; i++) {
			if (!(mask & 1u << i))
				continue;
			json_obj_begin(j);
			required_list(j, e->keys[i].name);
			if (e->keys[i].type == FMT_BOOL) {
				json_key(j, "properties");
				json_obj_begin(j);
				json_key(j, e->keys[i].name);
				json_obj_begin(j);
				json_key(j, "const");
				json_bool(j, true);
				json_obj_end(j);
				json_obj_end(j);
			}
			json_obj_end(j);
		}
		json_arr_end(j);
	}
	json_obj_end(j);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Ids gathered for one enum (borrowed from the model), then sorted. */
struct ids {
	const char **v;
	size_t n;
};

static void ids_add(struct ids *s, const char *id, bool builtin)
{
	if (builtin)
		s->v[s->n++] = id;
}

static void ids_sort(struct ids *s)
{
	qsort(s->v, s->n, sizeof *s->v, cmp_str);
}

/* {"anyOf": [{"enum": [built-in ids]}, {"$ref": form}]}: the catalog's
 * ids for completion, and any id of the right form (an inventory may
 * declare its own). Empties s for the next. */
static void catalog_ref(struct json *j, const char *name, const char *desc, struct ids *s,
			const char *form)
{
	ids_sort(s);
	json_key(j, name);
	json_obj_begin(j);
	json_kstr(j, "description", desc);
	json_key(j, "anyOf");
	json_arr_begin(j);
	if (s->n) {
		json_obj_begin(j);
		json_key(j, "enum");
		json_arr_begin(j);
		for (size_t i = 0; i < s->n; i++)
			json_str(j, s->v[i]);
		json_arr_end(j);
		json_obj_end(j);
	}
	ref(j, form);
	json_arr_end(j);
	json_obj_end(j);
	s->n = 0;
}

/* catalog_ref of the built-in terms among v. */
static void term_ref(struct json *j, const char *name, const char *desc, struct ids *s,
		     struct term *const *v, size_t n, const char *form)
{
	for (size_t i = 0; i < n; i++)
		ids_add(s, v[i]->id, v[i]->builtin);
	catalog_ref(j, name, desc, s, form);
}

static void pattern_def(struct json *j, const char *name, const char *desc, const char *pattern,
			bool base_id)
{
	json_key(j, name);
	json_obj_begin(j);
	json_kstr(j, "description", desc);
	if (base_id) {
		json_key(j, "allOf");
		json_arr_begin(j);
		ref(j, "id");
		json_obj_begin(j);
		json_kstr(j, "pattern", pattern);
		json_obj_end(j);
		json_arr_end(j);
	} else {
		json_kstr(j, "type", "string");
		json_kint(j, "minLength", 1);
		json_kstr(j, "pattern", pattern);
	}
	json_obj_end(j);
}

static void id_defs(struct json *j, const struct model *m)
{
	pattern_def(j, "id", "an id: a string, not empty, without control characters",
		    ID_PATTERN, false);
	pattern_def(j, "region-id", "a region id, provider:name", REGION_PATTERN, true);
	pattern_def(j, "dotted-id", "a hierarchical id: segments separated by dots, none empty",
		    DOTTED_PATTERN, true);
	pattern_def(j, "country-code", "a country: its ISO 3166-1 alpha-2 code",
		    COUNTRY_PATTERN, true);

	size_t most = m->nregions + m->nproviders + m->njurs + m->ndata + m->nsubjects +
		      m->npurposes + 1;
	struct ids s = { xmalloc(most * sizeof *s.v), 0 };
	for (size_t i = 0; i < m->nproviders; i++)
		ids_add(&s, m->providers[i]->id, m->providers[i]->builtin);
	catalog_ref(j, "provider-ref", "a provider id", &s, "id");
	/* retired regions still resolve, with a warning: not offered */
	for (size_t i = 0; i < m->nregions; i++)
		ids_add(&s, m->regions[i]->id, m->regions[i]->builtin && !m->regions[i]->retired);
	catalog_ref(j, "region-ref", "a region id (a multi-region stands for its members)", &s,
		    "region-id");
	for (size_t i = 0; i < m->njurs; i++)
		ids_add(&s, m->jurs[i]->id, m->jurs[i]->builtin && !m->jurs[i]->is_group);
	catalog_ref(j, "country-ref", "a country code", &s, "country-code");
	for (size_t i = 0; i < m->njurs; i++)
		ids_add(&s, m->jurs[i]->id, m->jurs[i]->builtin);
	catalog_ref(j, "jurisdiction-ref", "a jurisdiction: a country code or a group", &s, "id");
	term_ref(j, "data-ref", "a data category id", &s, m->data, m->ndata, "dotted-id");
	term_ref(j, "subject-ref", "a subject id", &s, m->subjects, m->nsubjects, "id");
	term_ref(j, "purpose-ref", "a purpose id", &s, m->purposes, m->npurposes, "dotted-id");
	free(s.v);

	json_key(j, "place-ref");
	json_obj_begin(j);
	json_kstr(j, "description", "a region, jurisdiction or provider id");
	json_key(j, "anyOf");
	json_arr_begin(j);
	ref(j, "region-ref");
	ref(j, "jurisdiction-ref");
	ref(j, "provider-ref");
	json_arr_end(j);
	json_obj_end(j);
}

static void section(struct json *j, const struct fmt_section *s)
{
	json_key(j, s->name);
	json_obj_begin(j);
	json_kstr(j, "description", s->desc);
	if (s->special) {   /* resmap: the version */
		json_kint(j, "const", 1);
		json_obj_end(j);
		return;
	}
	json_key(j, "type");
	json_arr_begin(j);
	json_str(j, "object");
	json_str(j, "null");
	json_arr_end(j);
	const struct fmt_entry *e = &fmt_objects[s->kind];
	json_key(j, "propertyNames");
	ref(j, decl_def(s->kind));
	if (s->kind == OBJ_JUR) {
		/* a jurisdiction without members is a country, named by its code */
		json_key(j, "patternProperties");
		json_obj_begin(j);
		json_key(j, COUNTRY_PATTERN);
		entry_ref(j, e);
		json_obj_end(j);
		json_key(j, "additionalProperties");
		json_obj_begin(j);
		json_key(j, "allOf");
		json_arr_begin(j);
		entry_ref(j, e);
		json_obj_begin(j);
		json_kstr(j, "type", "object");
		required_list(j, e->keys[JU_MEMBERS].name);
		json_obj_end(j);
		json_arr_end(j);
		json_obj_end(j);
	} else {
		json_key(j, "additionalProperties");
		entry_ref(j, e);
	}
	json_obj_end(j);
}

void schema_write(const struct model *m, FILE *out)
{
	struct json j;
	json_init(&j, out, true);
	json_obj_begin(&j);
	json_kstr(&j, "$schema", "https://json-schema.org/draft/2020-12/schema");
	json_kstr(&j, "title", "resmap inventory, format version 1");
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "An inventory document of resmap (see resmap-inventory(5)), written by "
		"'resmap schema' from the table its loader checks with");
	if (m->catalog_version)
		sb_addf(&sb, "; ids offered from built-in catalog %s", m->catalog_version);
	sb_adds(&sb, ". 'resmap check' also resolves every reference.");
	json_kstr(&j, "description", sb.buf);
	sb_release(&sb);
	json_key(&j, "type");
	json_arr_begin(&j);
	json_str(&j, "object");
	json_str(&j, "null");
	json_arr_end(&j);
	json_key(&j, "properties");
	json_obj_begin(&j);
	for (int s = 0; s < SEC__COUNT; s++)
		if (!fmt_sections[s].catalog_only)
			section(&j, &fmt_sections[s]);
	json_obj_end(&j);
	/* "x-" keys hold what anchors refer to */
	json_key(&j, "patternProperties");
	json_obj_begin(&j);
	json_key(&j, "^x-");
	json_obj_begin(&j);
	json_obj_end(&j);
	json_obj_end(&j);
	json_key(&j, "additionalProperties");
	json_bool(&j, false);

	json_key(&j, "$defs");
	json_obj_begin(&j);
	for (int k = 0; k < OBJ__COUNT; k++)
		entry_def(&j, &fmt_objects[k]);
	entry_def(&j, &fmt_store);
	entry_def(&j, &fmt_dep);
	entry_def(&j, &fmt_selector);
	id_defs(&j, m);
	json_obj_end(&j);
	json_obj_end(&j);
	json_finish(&j);
}
