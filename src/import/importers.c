/*
 * importers: the table of `resmap import` formats. To add an importer:
 * its file in src/import/ (a read function over the parsed documents,
 * declared in import.h) and its row here.
 */
#include <string.h>

#include "import/import.h"

/* A plan holds the planned values and the prior state; read one. */
static void terraform_opts(struct imp_opts *o)
{
	static const char *const plan_skip[] = { "resource_changes", "prior_state", NULL };
	static const char *const prior_skip[] = { "resource_changes", "planned_values", NULL };
	o->json_skip = o->prior ? prior_skip : plan_skip;
}

static const struct importer table[] = {
	{ "backstage", import_backstage, false, walk_yaml_name, "*.yaml or *.yml", NULL, false,
	  "Backstage: Component and Resource entities become services, their owner\n"
	  "(Group or User, kind and namespace stripped) the tenant, spec.type the kind\n"
	  "(database; storage, s3-bucket, bucket; queue, kafka-topic, topic; service,\n"
	  "website, function -> compute; cdn; anything else -> other), dependsOn,\n"
	  "consumesApis (via the providers of the API), dependencyOf and subcomponentOf\n"
	  "become depends_on. Annotations read:\n"
	  "  resmap.io/regions        azure:westeurope,azure:northeurope (on a System: the\n"
	  "                           default of its components and resources)\n"
	  "  resmap.io/stores         DATA[,DATA] [@ SUBJECT[,SUBJECT]] [for PURPOSE[,PURPOSE]]\n"
	  "                           entries separated by ';'\n"
	  "  resmap.io/redundancy     local | zone | geo\n"
	  "  resmap.io/access-from    country codes: IL,US\n"
	  "  resmap.io/tenant-status  active | suspended | disabled (on a Group or service)\n"
	  "  resmap.io/kind           a resmap kind, overriding spec.type\n" },
	{ "fides", import_fides, false, walk_yaml_name, "*.yaml or *.yml", NULL, false,
	  "Fides: systems become services (fides_key), privacy_declarations stores\n"
	  "(data_categories, data_subjects, data_use as purpose), egress and ingress\n"
	  "flows between systems depends_on with sends, the organization the tenant,\n"
	  "custom data_category/data_use/data_subject entries declarations; policy rules\n"
	  "whose three conditions are all 'matches: ANY' become deny policies. Fides has\n"
	  "no location: regions come from a system's meta.resmap_regions (or a top-level\n"
	  "resmap_regions) list, else from --region.\n" },
	/* the three deployed sources share one help section */
	{ "terraform", import_terraform, true, imp_json_name, "*.json, *.jsonl or *.tfstate",
	  terraform_opts, true,
	  "terraform (terraform show -json of a plan or state; raw state v3/v4), azure-graph\n"
	  "(az graph query, Resource Graph REST, az resource list) and gcp-assets (Cloud Asset\n"
	  "Inventory exports, JSON lines or arrays; gcloud asset search-all-resources): every\n"
	  "resource that holds data becomes part of a service, in the region the source gives\n"
	  "(Terraform AWS: the provider configuration's region). Tags and GCP labels read:\n"
	  "  resmap-data, resmap-subjects, resmap-purposes   ids, comma-separated\n"
	  "  resmap-tenant                                    the tenant\n"
	  "  resmap-service                                   resources with one value form a service\n"
	  "GCP label values allow no '.' or ',': write '__' for '.' and '--' between ids\n"
	  "(resmap-data: customer__contact--health__records).\n" },
	{ "azure-graph", import_azure_graph, true, imp_json_name, "*.json, *.jsonl or *.tfstate",
	  NULL, false, NULL },
	{ "gcp-assets", import_gcp_assets, true, imp_json_name, "*.json, *.jsonl or *.tfstate",
	  NULL, false, NULL },
};
#define NIMPORTERS (sizeof table / sizeof table[0])

size_t importer_count(void) { return NIMPORTERS; }
const struct importer *importer_at(size_t i) { return &table[i]; }

void importer_names(struct strbuf *sb, const char *sep)
{
	size_t n = importer_count();
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(sb, sep ? sep : i + 1 == n ? " or " : ", ");
		sb_adds(sb, table[i].name);
	}
}

int imp_run(const struct importer *imp, struct imp_opts *o, char **paths, int npaths,
	    struct imp_inv *inv, struct diag *d)
{
	o->json = imp->json;
	o->want = imp->want;
	o->files = imp->files;
	if (imp->prepare)
		imp->prepare(o);
	imp_init(inv, o, d);
	struct ptrvec docs = PTRVEC_INIT;
	int rc = -1;
	if (imp_check_opts(inv, o, d) == 0 && imp_read(inv, paths, npaths, o, d, &docs) == 0 &&
	    imp->read(inv, &docs, d) == 0 && imp_finish(inv, o, d) == 0)
		rc = 0;
	pv_release(&docs);
	return rc;
}

const struct importer *importer_find(const char *name)
{
	for (size_t i = 0; i < NIMPORTERS; i++)
		if (!strcmp(table[i].name, name))
			return &table[i];
	return NULL;
}
