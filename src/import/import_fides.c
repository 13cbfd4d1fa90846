/*
 * import_fides: Fides manifests (fideslang: top-level system, dataset,
 * data_category, data_use, data_subject, policy, organization lists of
 * entries keyed by dotted fides_keys) into a resmap inventory.
 *
 * Systems become services and their privacy declarations stores: the
 * declaration's data categories, subjects and data use (as the purpose).
 * A declaration with no categories that references datasets takes the
 * categories the datasets declare (Fides' own convention for "everything
 * in this database"). egress/ingress flows between systems become
 * depends_on edges that send the flow's categories. Fides' data
 * categories are put on resmap's taxonomy through category_map (so that
 * policies on resmap's categories catch them); every other key used is
 * declared in the inventory (custom entries with their names) unless the
 * built-in catalog has it.
 *
 * Fides has no notion of location: regions come from a system's
 * meta.resmap_regions (or a top-level resmap_regions), else from the
 * command line. Policy rules carry over only where the meaning is the
 * same in resmap (all three conditions `matches: ANY`); every other rule
 * is a warning that says why.
 */
#include "import/import.h"
#include "import/alpha3.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

struct fides {
	struct imp_inv *inv;
	struct diag *d;
	struct ptrvec systems;           /* const struct ynode * entries */
	struct ptrvec policies;
	struct strmap datasets;          /* fides_key -> struct fds * */
	struct ptrvec dataset_v;
	struct strmap orgs;              /* fides_key -> const struct ynode * */
};

struct fds {
	const char *key;
	const struct ynode *node;
	bool used;
	struct ptrvec cats;              /* computed on first use */
	bool computed;
};

static const char *const top_keys[] = {
	"system", "dataset", "data_category", "data_use", "data_subject", "policy",
	"organization", "data_qualifier", "registry", "evaluation",
};

static const char *const system_known[] = {
	"fides_key", "name", "description", "organization_fides_key", "system_type",
	"administrating_department", "privacy_declarations", "egress", "ingress", "tags",
	"meta", "fidesctl_meta", "resmap_regions", "third_country_transfers",
	"data_responsibility_title", "joint_controller", "data_protection_impact_assessment",
	"registry_id", "system_dependencies", "dataset_references", "vendor_id",
	"processes_personal_data", "exempt_from_privacy_regulations", "reason_for_exemption",
	"uses_profiling", "legal_basis_for_profiling", "does_international_transfers",
	"legal_basis_for_transfers", "requires_data_protection_assessments", "dpa_location",
	"dpa_progress", "privacy_policy", "legal_name", "legal_address", "responsibility",
	"dpo", "joint_controller_info", "data_security_practices", "cookie_max_age_seconds",
	"uses_cookies", "cookie_refresh", "uses_non_cookie_access", "legitimate_interest_disclosure_url",
	"previous_vendor_id", "cookies", "system_managers",
};

static const char *const decl_known[] = {
	"name", "data_categories", "data_use", "data_subjects", "dataset_references",
	"egress", "ingress", "features", "legal_basis_for_processing",
	"impact_assessment_location", "retention_period", "processes_special_category_data",
	"special_category_legal_basis", "data_shared_with_third_parties", "third_parties",
	"shared_categories", "cookies", "flexible_legal_basis_for_processing", "data_qualifier",
};

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

static void check_keys(struct fides *f, const struct ynode *map, const char *const *known,
		       size_t n, const char *what)
{
	for (size_t i = 0; i < map->u.map.n; i++) {
		const struct ynode *k = map->u.map.pairs[i].key;
		if (!in_list(k->u.scalar.s, known, n))
			imp_diag(f->d, DIAG_WARNING, k->pos, "%s key '%s' is not mapped; ignored",
				what, k->u.scalar.s);
	}
}

static const char *key_of(struct fides *f, const struct ynode *entry, const char *what)
{
	if (entry->type != YN_MAP) {
		imp_diag(f->d, DIAG_WARNING, entry->pos, "a %s entry is a mapping, not %s; skipped",
			what, ynode_type_name(entry->type));
		return NULL;
	}
	const struct ynode *k = ynode_get(entry, "fides_key");
	const char *s = imp_scalar(k);
	if (!s || !*s) {
		imp_diag(f->d, DIAG_WARNING, k ? k->pos : entry->pos, "%s entry without a fides_key; "
			"skipped", what);
		return NULL;
	}
	for (const char *p = s; *p; p++)
		if (isspace((unsigned char)*p) || (unsigned char)*p < 0x20) {
			imp_diag(f->d, DIAG_WARNING, k->pos, "fides_key '%s' holds a blank or control "
				"character; skipped", s);
			return NULL;
		}
	return imp_str(f->inv, s);
}

/*
 * Fides data categories (fideslang's "user.*", "system.*") on resmap's
 * taxonomy, so that a policy on `health` or `personal` catches what Fides
 * calls user.health_and_medical or user.contact.email. The longest
 * matching prefix wins and the rest of the key is kept below it
 * (user.health_and_medical.genetic -> health.genetic); keys under no row
 * are kept as they are. doc/interop.md shows the table.
 */
static const struct { const char *fides, *resmap; } category_map[] = {
	{ "system.authentication", "credentials" },
	{ "system.operations", "telemetry.logs" },
	{ "user", "personal" },
	{ "user.account", "personal.identifier" },
	{ "user.authorization", "credentials" },
	{ "user.behavior", "personal.behavior" },
	{ "user.biometric", "biometric" },
	{ "user.contact", "personal.contact" },
	{ "user.contact.address", "personal.contact.address" },
	{ "user.contact.email", "personal.contact.email" },
	{ "user.contact.phone_number", "personal.contact.phone" },
	{ "user.content", "content" },
	{ "user.criminal_history", "personal.criminal" },
	{ "user.demographic", "personal.demographic" },
	{ "user.demographic.political_opinion", "personal.special.political_opinion" },
	{ "user.demographic.race_ethnicity", "personal.special.race_ethnicity" },
	{ "user.demographic.religious_belief", "personal.special.religious_belief" },
	{ "user.demographic.sexual_orientation", "personal.special.sexual_orientation" },
	{ "user.device", "personal.identifier.online" },
	{ "user.financial", "financial" },
	{ "user.financial.bank_account", "financial.account" },
	{ "user.financial.credit_card", "financial.payment" },
	{ "user.government_id", "personal.identifier.government" },
	{ "user.health_and_medical", "health" },
	{ "user.location", "personal.location" },
	{ "user.name", "personal.identifier" },
	{ "user.payment", "financial.payment" },
	{ "user.unique_id", "personal.identifier" },
};

/* The resmap id of a Fides data category (see category_map). */
static const char *map_category(struct fides *f, const char *key)
{
	size_t best = 0, blen = 0;
	bool found = false;
	for (size_t i = 0; i < ARRAY_LEN(category_map); i++) {
		size_t n = strlen(category_map[i].fides);
		if (n > blen && !strncmp(key, category_map[i].fides, n) &&
		    (key[n] == '\0' || key[n] == '.')) {
			best = i;
			blen = n;
			found = true;
		}
	}
	if (!found)
		return key;
	return imp_strf(f->inv, "%s%s", category_map[best].resmap, key + blen);
}

/* One id of a list, unless resmap cannot take it (warned). */
enum id_mode { ID_PLAIN, ID_DOTTED, ID_CATEGORY };

static void push_id(struct fides *f, const struct ynode *n, const char *what, enum id_mode mode,
		    struct ptrvec *out)
{
	const char *s = imp_scalar(n);
	if (!s) {
		imp_diag(f->d, DIAG_WARNING, n->pos, "%s: not a key; ignored", what);
		return;
	}
	const char *why = imp_id_problem(s, mode != ID_PLAIN);
	if (why) {
		if (strstr(why, "control"))
			imp_diag(f->d, DIAG_WARNING, n->pos, "%s: a key %s; ignored", what, why);
		else
			imp_diag(f->d, DIAG_WARNING, n->pos, "%s: '%s' %s; ignored", what, s, why);
		return;
	}
	imp_push_unique(out, mode == ID_CATEGORY ? map_category(f, s) : imp_str(f->inv, s));
}

/* A list of scalar ids (a lone scalar is taken as a list of one); dotted
 * for data categories and uses, whose hierarchy is on dots. */
static void scalars(struct fides *f, const struct ynode *n, const char *what, enum id_mode mode,
		    struct ptrvec *out)
{
	if (!n)
		return;
	if (n->type == YN_SCALAR) {
		if (n->u.scalar.len)
			push_id(f, n, what, mode, out);
		return;
	}
	if (!imp_expect(f->d, n, YN_SEQ, what))
		return;
	for (size_t i = 0; i < n->u.seq.n; i++)
		push_id(f, n->u.seq.items[i], what, mode, out);
}

/* ---- taxonomy and organizations ---- */

static void read_taxonomy(struct fides *f, const struct ynode *list, enum imp_term_kind k,
			  const char *what)
{
	if (!imp_expect(f->d, list, YN_SEQ, what))
		return;
	for (size_t i = 0; i < list->u.seq.n; i++) {
		const struct ynode *e = list->u.seq.items[i];
		const char *key = key_of(f, e, what);
		if (!key)
			continue;
		const char *why = imp_id_problem(key, k != IMP_SUBJECT);
		if (why) {
			imp_diag(f->d, DIAG_WARNING, ynode_get(e, "fides_key")->pos, "%s '%s' %s; "
				 "skipped", what, key, why);
			continue;
		}
		const char *id = k == IMP_DATA ? map_category(f, key) : key;
		struct imp_term *t = imp_term(f->inv, k, id, ynode_get(e, "fides_key")->pos);
		if (t->declared) {
			imp_diag(f->d, DIAG_WARNING, ynode_get(e, "fides_key")->pos, "duplicate %s "
				"'%s'%s%s; skipped", what, key, id != key ? ", which is resmap's " : "",
				id != key ? id : "");
			imp_diag(f->d, DIAG_NOTE, t->pos, "first defined here");
			continue;
		}
		t->declared = true;
		t->name = imp_str(f->inv, imp_scalar(ynode_get(e, "name")));
		const char *desc = imp_scalar(ynode_get(e, "description"));
		if (id != key)
			t->description = desc && *desc ?
				imp_strf(f->inv, "%s (Fides data category %s)", desc, key) :
				imp_strf(f->inv, "Fides data category %s", key);
		else
			t->description = imp_str(f->inv, desc);
		const struct ynode *pk = ynode_get(e, "parent_key");
		const char *parent = imp_scalar(pk);
		if (parent && *parent) {
			size_t pl = strlen(parent);
			if (strncmp(key, parent, pl) || key[pl] != '.')
				imp_diag(f->d, DIAG_WARNING, pk->pos, "parent_key '%s' is not the dotted "
					"prefix of '%s'; resmap takes the hierarchy from the dots", parent,
					key);
		}
	}
}

/* ---- datasets ---- */

/* Every data category a dataset declares, on itself, its collections
 * and their fields at any depth (iterative: fields nest freely). */
static void dataset_cats(struct fides *f, struct fds *ds)
{
	if (ds->computed)
		return;
	ds->computed = true;
	struct ptrvec stack = PTRVEC_INIT;
	pv_push(&stack, (void *)ds->node);
	while (stack.n) {
		const struct ynode *n = stack.v[--stack.n];
		if (n->type == YN_SEQ) {
			for (size_t i = n->u.seq.n; i-- > 0;)
				pv_push(&stack, n->u.seq.items[i]);
			continue;
		}
		if (n->type != YN_MAP)
			continue;
		const struct ynode *c = ynode_get(n, "data_categories");
		if (c && c->type == YN_SEQ)
			for (size_t i = 0; i < c->u.seq.n; i++) {
				push_id(f, c->u.seq.items[i], "data_categories", ID_CATEGORY, &ds->cats);
			}
		const struct ynode *sub = ynode_get(n, "fields");
		if (sub)
			pv_push(&stack, (void *)sub);
		sub = ynode_get(n, "collections");
		if (sub)
			pv_push(&stack, (void *)sub);
	}
	pv_release(&stack);
}

/* ---- systems ---- */

static const char *map_system_type(struct fides *f, const struct ynode *n)
{
	static const struct { const char *type, *kind; } types[] = {
		{ "service", "compute" }, { "application", "compute" }, { "app", "compute" },
		{ "api", "compute" }, { "database", "database" }, { "db", "database" },
		{ "storage", "storage" }, { "queue", "queue" }, { "analytics", "analytics" },
		{ "saas", "saas" }, { "vendor", "saas" }, { "backup", "backup" }, { "cdn", "cdn" },
	};
	const char *t = imp_scalar(n);
	if (!t)
		return "other";
	for (size_t i = 0; i < ARRAY_LEN(types); i++)
		if (!strcasecmp(t, types[i].type))
			return types[i].kind;
	imp_diag(f->d, DIAG_NOTE, n->pos, "system_type '%s' has no clear resmap kind; kind 'other'",
		t);
	return "other";
}

static void read_regions(struct fides *f, struct imp_service *s, const struct ynode *n)
{
	struct ptrvec ids = PTRVEC_INIT;
	if (n->type == YN_SCALAR) {
		/* a comma list, as in Backstage annotations */
		const char *p = n->u.scalar.s;
		while (*p) {
			const char *e = strchr(p, ',');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			while (len && isspace((unsigned char)*p)) {
				p++;
				len--;
			}
			while (len && isspace((unsigned char)p[len - 1]))
				len--;
			if (len)
				imp_push_unique(&ids, imp_strn(f->inv, p, len));
			if (!e)
				break;
			p = e + 1;
		}
	} else {
		scalars(f, n, "resmap_regions", ID_PLAIN, &ids);
	}
	for (size_t i = 0; i < ids.n; i++) {
		const char *hint;
		if (imp_known_region(f->inv, ids.v[i], &hint))
			imp_push_unique(&s->regions, ids.v[i]);
		else
			imp_diag(f->d, DIAG_WARNING, n->pos, "no region '%s' in the catalog; ignored%s%s%s",
				(char *)ids.v[i], hint ? "; did you mean '" : "", hint ? hint : "",
				hint ? "'?" : "");
	}
	pv_release(&ids);
}

static void read_declaration(struct fides *f, struct imp_service *s, const struct ynode *pd)
{
	if (!imp_expect(f->d, pd, YN_MAP, "a privacy declaration"))
		return;
	check_keys(f, pd, decl_known, ARRAY_LEN(decl_known), "privacy declaration");
	const char *dname = imp_scalar(ynode_get(pd, "name"));
	struct imp_store *st = imp_add_store(f->inv, s, pd->pos);
	scalars(f, ynode_get(pd, "data_categories"), "data_categories", ID_CATEGORY, &st->data);
	scalars(f, ynode_get(pd, "data_subjects"), "data_subjects", ID_PLAIN, &st->subjects);
	scalars(f, ynode_get(pd, "data_use"), "data_use", ID_DOTTED, &st->purposes);
	const struct ynode *refs = ynode_get(pd, "dataset_references");
	if (!st->data.n && refs) {
		struct ptrvec keys = PTRVEC_INIT;
		scalars(f, refs, "dataset_references", ID_PLAIN, &keys);
		for (size_t i = 0; i < keys.n; i++) {
			struct fds *ds = strmap_get(&f->datasets, keys.v[i], strlen(keys.v[i]));
			if (!ds) {
				imp_diag(f->d, DIAG_WARNING, refs->pos, "dataset '%s' is not in the "
					"imported manifests; its categories are unknown",
					(char *)keys.v[i]);
				continue;
			}
			ds->used = true;
			dataset_cats(f, ds);
			for (size_t j = 0; j < ds->cats.n; j++)
				imp_push_unique(&st->data, ds->cats.v[j]);
		}
		if (st->data.n)
			imp_diag(f->d, DIAG_NOTE, pd->pos, "declaration%s%s%s lists no data_categories; "
				"took the %zu that its datasets declare", dname ? " '" : "",
				dname ? dname : "", dname ? "'" : "", st->data.n);
		pv_release(&keys);
	} else if (refs) {
		struct ptrvec keys = PTRVEC_INIT;
		scalars(f, refs, "dataset_references", ID_PLAIN, &keys);
		for (size_t i = 0; i < keys.n; i++) {
			struct fds *ds = strmap_get(&f->datasets, keys.v[i], strlen(keys.v[i]));
			if (ds)
				ds->used = true;
		}
		pv_release(&keys);
	}
	if (!st->data.n) {
		imp_diag(f->d, DIAG_WARNING, pd->pos, "declaration%s%s%s names no data category; "
			"no store written", dname ? " '" : "", dname ? dname : "", dname ? "'" : "");
		pv_release(&st->data);
		pv_release(&st->subjects);
		pv_release(&st->purposes);
		s->stores.n--;
	}
}

/* A flow: egress (from `self` to the entry) or ingress (to `self`). */
static void read_flows(struct fides *f, struct imp_service *self, const struct ynode *list,
		       bool egress)
{
	const char *what = egress ? "egress" : "ingress";
	if (!imp_expect(f->d, list, YN_SEQ, what))
		return;
	for (size_t i = 0; i < list->u.seq.n; i++) {
		const struct ynode *e = list->u.seq.items[i];
		const char *key = key_of(f, e, what);
		if (!key)
			continue;
		const char *type = imp_scalar(ynode_get(e, "type"));
		if (type && strcmp(type, "system")) {
			imp_diag(f->d, DIAG_WARNING, e->pos, "%s to %s '%s' is not mapped: resmap "
				"edges join services (systems) only", what, type, key);
			continue;
		}
		struct imp_service *other = imp_find_service(f->inv, key);
		if (!other) {
			imp_diag(f->d, DIAG_WARNING, ynode_get(e, "fides_key")->pos, "%s: system '%s' "
				"is not in the imported manifests; flow dropped", what, key);
			continue;
		}
		if (other == self)
			continue;
		struct imp_service *from = egress ? self : other;
		struct imp_service *to = egress ? other : self;
		size_t had = from->deps.n;
		struct imp_dep *dp = imp_add_dep(f->inv, from, to->id, e->pos);
		const struct ynode *cats = ynode_get(e, "data_categories");
		if (!cats || (cats->type == YN_SEQ && !cats->u.seq.n)) {
			/* the other side of a flow already noted says it again */
			if (from->deps.n > had)
				imp_diag(f->d, DIAG_NOTE, e->pos, "%s between '%s' and '%s' names no "
					"data_categories; written as a plain dependency", what,
					from->id, to->id);
			continue;
		}
		scalars(f, cats, "data_categories", ID_CATEGORY, &dp->sends);
	}
}

static void read_system(struct fides *f, const struct ynode *e)
{
	const char *key = key_of(f, e, "system");
	if (!key)
		return;
	const struct ynode *kn = ynode_get(e, "fides_key");
	bool created;
	struct imp_service *s = imp_service(f->inv, key, kn->pos, &created);
	if (!created) {
		imp_diag(f->d, DIAG_WARNING, kn->pos, "duplicate system '%s'; skipped", key);
		imp_diag(f->d, DIAG_NOTE, s->pos, "first defined here");
		return;
	}
	check_keys(f, e, system_known, ARRAY_LEN(system_known), "system");
	pv_push(&s->comments, (void *)imp_strf(f->inv, "Fides system '%s' at %s:%u", key,
		kn->pos.file, kn->pos.line));
	const char *dept = imp_scalar(ynode_get(e, "administrating_department"));
	if (dept && *dept)
		pv_push(&s->comments, (void *)imp_strf(f->inv, "administrating_department: %s", dept));
	s->name = imp_str(f->inv, imp_scalar(ynode_get(e, "name")));
	s->kind = map_system_type(f, ynode_get(e, "system_type"));
	const struct ynode *org = ynode_get(e, "organization_fides_key");
	const char *tid = imp_scalar(org);
	/* Fides puts every resource in "default_organization" unless told */
	if (tid && imp_id_problem(tid, false)) {
		imp_diag(f->d, DIAG_WARNING, org->pos, "organization_fides_key %s; tenant "
			 "'default_organization'", imp_id_problem(tid, false));
		tid = NULL;
	}
	s->tenant = imp_str(f->inv, tid && *tid ? tid : "default_organization");
	struct imp_tenant *t = imp_tenant(f->inv, s->tenant, org ? org->pos : kn->pos);
	if (!t->name) {
		const struct ynode *o = strmap_get(&f->orgs, s->tenant, strlen(s->tenant));
		if (o)
			t->name = imp_str(f->inv, imp_scalar(ynode_get(o, "name")));
	}
	const struct ynode *meta = ynode_get(e, "meta");
	const struct ynode *rr = meta && meta->type == YN_MAP ? ynode_get(meta, "resmap_regions") : NULL;
	if (!rr)
		rr = ynode_get(e, "resmap_regions");
	if (rr)
		read_regions(f, s, rr);
	const struct ynode *tct = ynode_get(e, "third_country_transfers");
	if (tct) {
		struct ptrvec cs = PTRVEC_INIT;
		scalars(f, tct, "third_country_transfers", ID_PLAIN, &cs);
		for (size_t i = 0; i < cs.n; i++) {
			const char *hint;
			/* Fides' own examples write alpha-3 codes ("IND") */
			const char *a2 = iso3166_alpha3_to_alpha2(cs.v[i]);
			if (a2)
				cs.v[i] = (void *)imp_str(f->inv, a2);
			if (imp_known_country(f->inv, cs.v[i], &hint))
				imp_push_unique(&s->access_from, cs.v[i]);
			else
				imp_diag(f->d, DIAG_WARNING, tct->pos, "third_country_transfers: no "
					"country '%s' in the catalog; ignored", (char *)cs.v[i]);
		}
		pv_release(&cs);
	}
	const struct ynode *pds = ynode_get(e, "privacy_declarations");
	if (pds && imp_expect(f->d, pds, YN_SEQ, "privacy_declarations"))
		for (size_t i = 0; i < pds->u.seq.n; i++)
			read_declaration(f, s, pds->u.seq.items[i]);
}

static void read_system_flows(struct fides *f, const struct ynode *e)
{
	const char *key = imp_scalar(ynode_get(e, "fides_key"));
	struct imp_service *s = key ? imp_find_service(f->inv, key) : NULL;
	if (!s || s->pos.line != ynode_get(e, "fides_key")->pos.line ||
	    s->pos.file != ynode_get(e, "fides_key")->pos.file)
		return;   /* skipped as a duplicate or malformed */
	const struct ynode *n;
	if ((n = ynode_get(e, "egress")))
		read_flows(f, s, n, true);
	if ((n = ynode_get(e, "ingress")))
		read_flows(f, s, n, false);
	const struct ynode *pds = ynode_get(e, "privacy_declarations");
	if (pds && pds->type == YN_SEQ)
		for (size_t i = 0; i < pds->u.seq.n; i++) {
			const struct ynode *pd = pds->u.seq.items[i];
			if (pd->type != YN_MAP)
				continue;
			if ((n = ynode_get(pd, "egress")))
				read_flows(f, s, n, true);
			if ((n = ynode_get(pd, "ingress")))
				read_flows(f, s, n, false);
		}
	const struct ynode *sd = ynode_get(e, "system_dependencies");
	if (sd && sd->type == YN_SEQ)
		for (size_t i = 0; i < sd->u.seq.n; i++) {
			const char *to = imp_scalar(sd->u.seq.items[i]);
			if (!to || !imp_find_service(f->inv, to)) {
				imp_diag(f->d, DIAG_WARNING, sd->u.seq.items[i]->pos, "system_dependencies: "
					"'%s' is not an imported system; dropped", to ? to : "?");
				continue;
			}
			if (strcmp(to, s->id))
				imp_add_dep(f->inv, s, to, sd->u.seq.items[i]->pos);
		}
}

/* ---- policies ---- */

static void slug(struct strbuf *sb, const char *s)
{
	bool dash = false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c)) {
			if (dash && sb->len)
				sb_addc(sb, '-');
			sb_addc(sb, (char)tolower(c));
			dash = false;
		} else {
			dash = true;
		}
	}
}

/* One condition of a rule; true when it carries over (ANY with values). */
static bool condition(struct fides *f, const struct ynode *rule, const char *key,
		      const char *rname, struct ptrvec *out)
{
	const struct ynode *c = ynode_get(rule, key);
	if (!c) {
		imp_diag(f->d, DIAG_WARNING, rule->pos, "rule '%s' has no %s condition; rule skipped "
			"(Fides requires all three)", rname, key);
		return false;
	}
	if (!imp_expect(f->d, c, YN_MAP, key))
		return false;
	const struct ynode *m = ynode_get(c, "matches");
	const char *ms = imp_scalar(m);
	if (!ms) {
		imp_diag(f->d, DIAG_WARNING, c->pos, "rule '%s': %s has no 'matches'; rule skipped",
			rname, key);
		return false;
	}
	if (strcmp(ms, "ANY")) {
		const char *why =
			!strcmp(ms, "ALL") ? "ALL requires one declaration to name every value, and "
			"a resmap match is any-of" :
			!strcmp(ms, "NONE") ? "NONE matches declarations that name none of the "
			"values, a negation over the whole declaration that resmap selectors do not "
			"express" :
			!strcmp(ms, "OTHER") ? "OTHER matches declarations that name anything outside "
			"the values, which resmap selectors do not express" :
			"it is not one of ANY, ALL, NONE, OTHER";
		imp_diag(f->d, DIAG_WARNING, m->pos, "rule '%s': %s 'matches: %s' does not carry over: "
			"%s; rule skipped", rname, key, ms, why);
		return false;
	}
	scalars(f, ynode_get(c, "values"), "values",
		!strcmp(key, "data_categories") ? ID_CATEGORY :
		!strcmp(key, "data_subjects") ? ID_PLAIN : ID_DOTTED, out);
	if (!out->n) {
		imp_diag(f->d, DIAG_WARNING, c->pos, "rule '%s': %s 'matches: ANY' with no values "
			"matches nothing; rule skipped", rname, key);
		return false;
	}
	return true;
}

static void read_policy(struct fides *f, const struct ynode *e)
{
	const char *key = key_of(f, e, "policy");
	if (!key)
		return;
	const char *pname = imp_scalar(ynode_get(e, "name"));
	const struct ynode *rules = ynode_get(e, "rules");
	if (!rules || !imp_expect(f->d, rules, YN_SEQ, "rules")) {
		if (!rules)
			imp_diag(f->d, DIAG_WARNING, e->pos, "policy '%s' has no rules; skipped", key);
		return;
	}
	for (size_t i = 0; i < rules->u.seq.n; i++) {
		const struct ynode *r = rules->u.seq.items[i];
		if (!imp_expect(f->d, r, YN_MAP, "a policy rule"))
			continue;
		const char *rname = imp_scalar(ynode_get(r, "name"));
		struct strbuf id = STRBUF_INIT;
		sb_adds(&id, key);
		sb_addc(&id, '-');
		size_t base = id.len;
		if (rname)
			slug(&id, rname);
		if (id.len == base)
			sb_addf(&id, "rule-%zu", i + 1);
		const char *shown = rname ? rname : id.buf + base;
		struct ptrvec data = PTRVEC_INIT, uses = PTRVEC_INIT, subjects = PTRVEC_INIT;
		bool ok = condition(f, r, "data_categories", shown, &data);
		ok = condition(f, r, "data_uses", shown, &uses) && ok;
		ok = condition(f, r, "data_subjects", shown, &subjects) && ok;
		if (ok) {
			bool created;
			struct imp_policy *p = imp_policy(f->inv, id.buf, r->pos, &created);
			if (!created) {
				imp_diag(f->d, DIAG_WARNING, r->pos, "rule '%s' of policy '%s' gives the "
					"same resmap id '%s' as an earlier rule; skipped", shown, key, id.buf);
				ok = false;
			} else {
				const char *desc = imp_scalar(ynode_get(r, "description"));
				p->description = desc ? imp_str(f->inv, desc) :
					imp_strf(f->inv, "%s: %s", pname ? pname : key, shown);
				pv_push(&p->comments, (void *)imp_strf(f->inv, "Fides policy '%s' rule "
					"'%s' at %s:%u", key, shown, r->pos.file, r->pos.line));
				p->data = data;
				p->purposes = uses;
				p->subjects = subjects;
			}
		}
		if (!ok) {
			pv_release(&data);
			pv_release(&uses);
			pv_release(&subjects);
		}
		sb_release(&id);
	}
}

/* ---- the manifests ---- */

static void each_entry(struct fides *f, const struct ynode *list, const char *what,
		       struct ptrvec *out)
{
	if (!imp_expect(f->d, list, YN_SEQ, what))
		return;
	for (size_t i = 0; i < list->u.seq.n; i++)
		pv_push(out, list->u.seq.items[i]);
}

int import_fides(struct imp_inv *inv, const struct ptrvec *docs, struct diag *d)
{
	struct fides f = { inv, d, PTRVEC_INIT, PTRVEC_INIT, { 0 }, PTRVEC_INIT, { 0 } };
	strmap_init(&f.datasets);
	strmap_init(&f.orgs);
	inv->source = "Fides manifests";
	pv_push(&inv->header, (void *)"Imported from Fides manifests by 'resmap import fides'.");
	pv_push(&inv->header, (void *)"Fides has no locations: regions come from resmap_regions "
		"or the command line; see 'resmap import --help'.");
	struct ptrvec orgs = PTRVEC_INIT, datasets = PTRVEC_INIT;
	for (size_t i = 0; i < docs->n; i++) {
		const struct imp_doc *doc = docs->v[i];
		const struct ynode *root = doc->root;
		if (root->type != YN_MAP) {
			imp_diag(d, DIAG_WARNING, root->pos, "a Fides manifest is a mapping, not %s; "
				"skipped", ynode_type_name(root->type));
			continue;
		}
		for (size_t j = 0; j < root->u.map.n; j++) {
			const struct ynode *k = root->u.map.pairs[j].key;
			const struct ynode *v = root->u.map.pairs[j].value;
			const char *ks = k->u.scalar.s;
			if (v->type == YN_SCALAR && !v->u.scalar.len)
				continue;   /* "policy:" with nothing under it */
			if (!strcmp(ks, "system"))
				each_entry(&f, v, "system", &f.systems);
			else if (!strcmp(ks, "policy"))
				each_entry(&f, v, "policy", &f.policies);
			else if (!strcmp(ks, "organization"))
				each_entry(&f, v, "organization", &orgs);
			else if (!strcmp(ks, "dataset"))
				each_entry(&f, v, "dataset", &datasets);
			else if (!strcmp(ks, "data_category"))
				read_taxonomy(&f, v, IMP_DATA, "data_category");
			else if (!strcmp(ks, "data_use"))
				read_taxonomy(&f, v, IMP_PURPOSE, "data_use");
			else if (!strcmp(ks, "data_subject"))
				read_taxonomy(&f, v, IMP_SUBJECT, "data_subject");
			else if (in_list(ks, top_keys, ARRAY_LEN(top_keys)))
				imp_diag(d, DIAG_NOTE, k->pos, "'%s' entries have no resmap meaning; "
					"ignored", ks);
			else
				imp_diag(d, DIAG_WARNING, k->pos, "'%s' is not a Fides resource type; "
					"ignored", ks);
		}
	}
	for (size_t i = 0; i < orgs.n; i++) {
		const char *key = key_of(&f, orgs.v[i], "organization");
		if (key && strmap_put(&f.orgs, key, strlen(key), orgs.v[i]))
			imp_diag(d, DIAG_WARNING, ((const struct ynode *)orgs.v[i])->pos,
				"duplicate organization '%s'; skipped", key);
	}
	for (size_t i = 0; i < datasets.n; i++) {
		const char *key = key_of(&f, datasets.v[i], "dataset");
		if (!key)
			continue;
		struct fds *ds = arena_alloc(&inv->arena, sizeof *ds);
		ds->key = key;
		ds->node = datasets.v[i];
		if (strmap_put(&f.datasets, key, strlen(key), ds)) {
			imp_diag(d, DIAG_WARNING, ds->node->pos, "duplicate dataset '%s'; skipped", key);
			continue;
		}
		pv_push(&f.dataset_v, ds);
	}
	for (size_t i = 0; i < f.systems.n; i++)
		read_system(&f, f.systems.v[i]);
	for (size_t i = 0; i < f.systems.n; i++)
		if (((const struct ynode *)f.systems.v[i])->type == YN_MAP)
			read_system_flows(&f, f.systems.v[i]);
	for (size_t i = 0; i < f.policies.n; i++)
		read_policy(&f, f.policies.v[i]);
	for (size_t i = 0; i < f.dataset_v.n; i++) {
		struct fds *ds = f.dataset_v.v[i];
		if (!ds->used)
			imp_diag(d, DIAG_NOTE, ynode_get(ds->node, "fides_key")->pos, "dataset '%s' is "
				"referenced by no imported system; not imported (a dataset has no "
				"region of its own)", ds->key);
		pv_release(&ds->cats);
	}
	pv_release(&orgs);
	pv_release(&datasets);
	pv_release(&f.systems);
	pv_release(&f.policies);
	pv_release(&f.dataset_v);
	strmap_release(&f.datasets);
	strmap_release(&f.orgs);
	return 0;
}
