/*
 * deployed: the shared half of the three importers of deployed
 * infrastructure (see deployed.h): type tables, regions, tags, the --map
 * file, grouping into services, replicas and references.
 */
#include "import/deployed.h"

#include "base/input.h"
#include "base/suggest.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- resource types ---- */

/* kind NULL: holds no data (skipped with a count). A pattern ending in
 * '*' matches by prefix; the first match wins, so specific entries come
 * before general ones. Matching ignores case (ARM types have none). */
struct dtype {
	const char *pattern, *kind;
	const char *parent_attrs;  /* attributes naming the parent, comma-separated */
};

static const struct dtype types[] = {
	/* azurerm */
	{ "azurerm_storage_account_*", NULL, NULL },
	{ "azurerm_storage_account", "storage", NULL },
	{ "azurerm_storage_container", "storage", "storage_account_id,storage_account_name" },
	{ "azurerm_storage_blob", "storage", "storage_account_name" },
	{ "azurerm_storage_share", "storage", "storage_account_id,storage_account_name" },
	{ "azurerm_storage_queue", "queue", "storage_account_id,storage_account_name" },
	{ "azurerm_storage_table", "storage", "storage_account_id,storage_account_name" },
	{ "azurerm_storage_data_lake_gen2_filesystem", "storage", "storage_account_id" },
	{ "azurerm_mssql_server", "database", NULL },
	{ "azurerm_sql_server", "database", NULL },
	{ "azurerm_mssql_database", "database", "server_id" },
	{ "azurerm_sql_database", "database", "server_name" },
	{ "azurerm_mssql_failover_group", NULL, NULL },
	{ "azurerm_sql_failover_group", NULL, NULL },
	{ "azurerm_postgresql_flexible_server_database", "database", "server_id" },
	{ "azurerm_postgresql_flexible_server", "database", NULL },
	{ "azurerm_postgresql_database", "database", "server_name" },
	{ "azurerm_postgresql_server", "database", NULL },
	{ "azurerm_mysql_flexible_database", "database", "server_name" },
	{ "azurerm_mysql_flexible_server", "database", NULL },
	{ "azurerm_mysql_database", "database", "server_name" },
	{ "azurerm_mysql_server", "database", NULL },
	{ "azurerm_mariadb_server", "database", NULL },
	{ "azurerm_cosmosdb_account", "database", NULL },
	{ "azurerm_cosmosdb_*", "database", "account_name" },
	{ "azurerm_redis_cache", "database", NULL },
	{ "azurerm_servicebus_namespace", "queue", NULL },
	{ "azurerm_servicebus_queue", "queue", "namespace_id,namespace_name" },
	{ "azurerm_servicebus_topic", "queue", "namespace_id,namespace_name" },
	{ "azurerm_eventhub_namespace", "queue", NULL },
	{ "azurerm_eventhub", "queue", "namespace_id,namespace_name" },
	{ "azurerm_cognitive_account", "ai", NULL },
	{ "azurerm_cognitive_deployment", "ai", "cognitive_account_id" },
	{ "azurerm_machine_learning_workspace", "ai", NULL },
	{ "azurerm_search_service", "ai", NULL },
	{ "azurerm_synapse_workspace", "analytics", NULL },
	{ "azurerm_databricks_workspace", "analytics", NULL },
	{ "azurerm_data_factory", "analytics", NULL },
	{ "azurerm_kusto_cluster", "analytics", NULL },
	{ "azurerm_log_analytics_workspace", "analytics", NULL },
	{ "azurerm_recovery_services_vault", "backup", NULL },
	{ "azurerm_data_protection_backup_vault", "backup", NULL },
	{ "azurerm_linux_virtual_machine", "compute", NULL },
	{ "azurerm_windows_virtual_machine", "compute", NULL },
	{ "azurerm_virtual_machine", "compute", NULL },
	{ "azurerm_kubernetes_cluster", "compute", NULL },
	{ "azurerm_linux_function_app", "compute", NULL },
	{ "azurerm_windows_function_app", "compute", NULL },
	{ "azurerm_function_app", "compute", NULL },
	{ "azurerm_linux_web_app", "compute", NULL },
	{ "azurerm_windows_web_app", "compute", NULL },
	{ "azurerm_app_service", "compute", NULL },
	{ "azurerm_container_group", "compute", NULL },
	{ "azurerm_managed_disk", "storage", NULL },
	{ "azurerm_container_registry", "storage", NULL },
	{ "azurerm_resource_group", NULL, NULL },
	{ "azurerm_role_*", NULL, NULL },
	{ "azurerm_virtual_network*", NULL, NULL },
	{ "azurerm_subnet*", NULL, NULL },
	{ "azurerm_network_*", NULL, NULL },
	{ "azurerm_public_ip*", NULL, NULL },
	{ "azurerm_firewall*", NULL, NULL },
	{ "azurerm_*_firewall_rule", NULL, NULL },
	{ "azurerm_dns_*", NULL, NULL },
	{ "azurerm_private_dns_*", NULL, NULL },
	{ "azurerm_private_endpoint", NULL, NULL },
	{ "azurerm_monitor_*", NULL, NULL },
	{ "azurerm_key_vault_access_policy", NULL, NULL },
	{ "azurerm_user_assigned_identity", NULL, NULL },
	{ "azurerm_management_lock", NULL, NULL },
	{ "azurerm_policy_*", NULL, NULL },
	{ "azurerm_lb*", NULL, NULL },
	{ "azurerm_route*", NULL, NULL },
	/* aws */
	{ "aws_s3_bucket", "storage", NULL },
	{ "aws_s3_bucket_object", "storage", "bucket" },
	{ "aws_s3_object", "storage", "bucket" },
	{ "aws_s3_bucket_*", NULL, NULL },
	{ "aws_db_instance", "database", NULL },
	{ "aws_rds_cluster_instance", "database", "cluster_identifier" },
	{ "aws_rds_cluster", "database", NULL },
	{ "aws_rds_global_cluster", NULL, NULL },
	{ "aws_dynamodb_table", "database", NULL },
	{ "aws_dynamodb_table_replica", NULL, NULL },
	{ "aws_docdb_cluster", "database", NULL },
	{ "aws_neptune_cluster", "database", NULL },
	{ "aws_elasticache_cluster", "database", NULL },
	{ "aws_elasticache_replication_group", "database", NULL },
	{ "aws_memorydb_cluster", "database", NULL },
	{ "aws_redshift_cluster", "analytics", NULL },
	{ "aws_opensearch_domain", "analytics", NULL },
	{ "aws_elasticsearch_domain", "analytics", NULL },
	{ "aws_athena_workgroup", "analytics", NULL },
	{ "aws_glue_catalog_database", "analytics", NULL },
	{ "aws_efs_file_system", "storage", NULL },
	{ "aws_ecr_repository", "storage", NULL },
	{ "aws_ebs_volume", "storage", NULL },
	{ "aws_glacier_vault", "backup", NULL },
	{ "aws_backup_vault", "backup", NULL },
	{ "aws_sqs_queue", "queue", NULL },
	{ "aws_sns_topic", "queue", NULL },
	{ "aws_kinesis_stream", "queue", NULL },
	{ "aws_kinesis_firehose_delivery_stream", "queue", NULL },
	{ "aws_msk_cluster", "queue", NULL },
	{ "aws_mq_broker", "queue", NULL },
	{ "aws_sagemaker_endpoint", "ai", NULL },
	{ "aws_sagemaker_notebook_instance", "ai", NULL },
	{ "aws_sagemaker_domain", "ai", NULL },
	{ "aws_bedrock*", "ai", NULL },
	{ "aws_comprehend*", "ai", NULL },
	{ "aws_instance", "compute", NULL },
	{ "aws_lambda_function", "compute", NULL },
	{ "aws_ecs_service", "compute", NULL },
	{ "aws_eks_cluster", "compute", NULL },
	{ "aws_autoscaling_group", "compute", NULL },
	{ "aws_cloudfront_distribution", "cdn", NULL },
	{ "aws_iam_*", NULL, NULL },
	{ "aws_security_group*", NULL, NULL },
	{ "aws_vpc*", NULL, NULL },
	{ "aws_subnet", NULL, NULL },
	{ "aws_route*", NULL, NULL },
	{ "aws_internet_gateway", NULL, NULL },
	{ "aws_nat_gateway", NULL, NULL },
	{ "aws_eip*", NULL, NULL },
	{ "aws_network_*", NULL, NULL },
	{ "aws_lb*", NULL, NULL },
	{ "aws_alb*", NULL, NULL },
	{ "aws_elb", NULL, NULL },
	{ "aws_cloudwatch_*", NULL, NULL },
	{ "aws_kms_*", NULL, NULL },
	{ "aws_acm_*", NULL, NULL },
	{ "aws_db_subnet_group", NULL, NULL },
	{ "aws_db_parameter_group", NULL, NULL },
	{ "aws_db_option_group", NULL, NULL },
	{ "aws_elasticache_subnet_group", NULL, NULL },
	{ "aws_elasticache_parameter_group", NULL, NULL },
	{ "aws_key_pair", NULL, NULL },
	{ "aws_launch_configuration", NULL, NULL },
	{ "aws_launch_template", NULL, NULL },
	{ "aws_lambda_permission", NULL, NULL },
	{ "aws_ssm_parameter", NULL, NULL },
	{ "aws_sqs_queue_policy", NULL, NULL },
	{ "aws_sns_topic_*", NULL, NULL },
	/* google */
	{ "google_storage_bucket", "storage", NULL },
	{ "google_storage_bucket_object", "storage", "bucket" },
	{ "google_storage_bucket_*", NULL, NULL },
	{ "google_sql_database_instance", "database", NULL },
	{ "google_sql_database", "database", "instance" },
	{ "google_sql_user", NULL, NULL },
	{ "google_bigquery_dataset", "analytics", NULL },
	{ "google_bigquery_table", "analytics", "dataset_id" },
	{ "google_bigquery_*", NULL, NULL },
	{ "google_spanner_instance", "database", NULL },
	{ "google_spanner_database", "database", "instance" },
	{ "google_bigtable_instance", "database", NULL },
	{ "google_bigtable_table", "database", "instance_name" },
	{ "google_firestore_database", "database", NULL },
	{ "google_redis_instance", "database", NULL },
	{ "google_alloydb_cluster", "database", NULL },
	{ "google_pubsub_topic", "queue", NULL },
	{ "google_pubsub_subscription", "queue", "topic" },
	{ "google_compute_instance", "compute", NULL },
	{ "google_compute_disk", "storage", NULL },
	{ "google_container_cluster", "compute", NULL },
	{ "google_container_node_pool", "compute", "cluster" },
	{ "google_cloudfunctions*_function", "compute", NULL },
	{ "google_cloud_run_service", "compute", NULL },
	{ "google_cloud_run_v2_service", "compute", NULL },
	{ "google_app_engine_application", "compute", NULL },
	{ "google_vertex_ai_*", "ai", NULL },
	{ "google_dataproc_cluster", "analytics", NULL },
	{ "google_dataflow_job", "analytics", NULL },
	{ "google_filestore_instance", "storage", NULL },
	{ "google_artifact_registry_repository", "storage", NULL },
	{ "google_*_iam_*", NULL, NULL },
	{ "google_project*", NULL, NULL },
	{ "google_compute_*", NULL, NULL },
	{ "google_service_account*", NULL, NULL },
	{ "google_dns_*", NULL, NULL },
	{ "google_kms_*", NULL, NULL },
	{ "google_organization*", NULL, NULL },
	{ "google_folder*", NULL, NULL },
	/* everywhere */
	{ "random_*", NULL, NULL },
	{ "null_resource", NULL, NULL },
	{ "terraform_data", NULL, NULL },
	{ "time_*", NULL, NULL },
	{ "tls_*", NULL, NULL },
	{ "local_*", NULL, NULL },
	/* Azure Resource Manager types (Resource Graph, az) */
	{ "microsoft.storage/storageaccounts", "storage", NULL },
	{ "microsoft.sql/servers", "database", NULL },
	{ "microsoft.sql/servers/*", "database", NULL },
	{ "microsoft.documentdb/databaseaccounts", "database", NULL },
	{ "microsoft.dbforpostgresql/*", "database", NULL },
	{ "microsoft.dbformysql/*", "database", NULL },
	{ "microsoft.dbformariadb/*", "database", NULL },
	{ "microsoft.cache/redis", "database", NULL },
	{ "microsoft.servicebus/namespaces", "queue", NULL },
	{ "microsoft.eventhub/namespaces", "queue", NULL },
	{ "microsoft.cognitiveservices/accounts", "ai", NULL },
	{ "microsoft.machinelearningservices/workspaces", "ai", NULL },
	{ "microsoft.search/searchservices", "ai", NULL },
	{ "microsoft.synapse/workspaces", "analytics", NULL },
	{ "microsoft.databricks/workspaces", "analytics", NULL },
	{ "microsoft.datafactory/factories", "analytics", NULL },
	{ "microsoft.kusto/clusters", "analytics", NULL },
	{ "microsoft.operationalinsights/workspaces", "analytics", NULL },
	{ "microsoft.recoveryservices/vaults", "backup", NULL },
	{ "microsoft.dataprotection/backupvaults", "backup", NULL },
	{ "microsoft.compute/virtualmachines", "compute", NULL },
	{ "microsoft.compute/disks", "storage", NULL },
	{ "microsoft.containerregistry/registries", "storage", NULL },
	{ "microsoft.web/sites", "compute", NULL },
	{ "microsoft.containerservice/managedclusters", "compute", NULL },
	{ "microsoft.network/*", NULL, NULL },
	{ "microsoft.authorization/*", NULL, NULL },
	{ "microsoft.insights/*", NULL, NULL },
	{ "microsoft.resources/*", NULL, NULL },
	{ "microsoft.managedidentity/*", NULL, NULL },
	{ "microsoft.compute/*", NULL, NULL },
	{ "microsoft.web/serverfarms", NULL, NULL },
	/* Cloud Asset Inventory types */
	{ "storage.googleapis.com/bucket", "storage", NULL },
	{ "sqladmin.googleapis.com/instance", "database", NULL },
	{ "bigquery.googleapis.com/dataset", "analytics", NULL },
	{ "bigquery.googleapis.com/table", "analytics", NULL },
	{ "spanner.googleapis.com/instance", "database", NULL },
	{ "spanner.googleapis.com/database", "database", NULL },
	{ "bigtableadmin.googleapis.com/*", "database", NULL },
	{ "redis.googleapis.com/instance", "database", NULL },
	{ "firestore.googleapis.com/database", "database", NULL },
	{ "pubsub.googleapis.com/topic", "queue", NULL },
	{ "pubsub.googleapis.com/subscription", "queue", NULL },
	{ "compute.googleapis.com/instance", "compute", NULL },
	{ "google.compute.instance", "compute", NULL },
	{ "compute.googleapis.com/disk", "storage", NULL },
	{ "google.compute.disk", "storage", NULL },
	{ "container.googleapis.com/cluster", "compute", NULL },
	{ "container.googleapis.com/nodepool", "compute", NULL },
	{ "appengine.googleapis.com/application", "compute", NULL },
	{ "appengine.googleapis.com/*", NULL, NULL },
	{ "cloudfunctions.googleapis.com/*", "compute", NULL },
	{ "run.googleapis.com/service", "compute", NULL },
	{ "aiplatform.googleapis.com/*", "ai", NULL },
	{ "dataproc.googleapis.com/cluster", "analytics", NULL },
	{ "file.googleapis.com/instance", "storage", NULL },
	{ "artifactregistry.googleapis.com/repository", "storage", NULL },
	{ "compute.googleapis.com/*", NULL, NULL },
	{ "google.compute.*", NULL, NULL },
	{ "iam.googleapis.com/*", NULL, NULL },
	{ "cloudresourcemanager.googleapis.com/*", NULL, NULL },
	{ "google.cloud.resourcemanager.*", NULL, NULL },
	{ "serviceusage.googleapis.com/*", NULL, NULL },
	{ "dns.googleapis.com/*", NULL, NULL },
	{ "cloudkms.googleapis.com/*", NULL, NULL },
	{ "cloudbilling.googleapis.com/*", NULL, NULL },
	{ "logging.googleapis.com/*", NULL, NULL },
	{ "monitoring.googleapis.com/*", NULL, NULL },
	{ "servicemanagement.googleapis.com/*", NULL, NULL },
	{ "k8s.io/*", NULL, NULL },
	{ "rbac.authorization.k8s.io/*", NULL, NULL },
};

static bool type_match(const char *pattern, const char *type)
{
	for (;; pattern++, type++) {
		if (*pattern == '*') {
			/* '*' in the middle: the rest must match some suffix */
			for (const char *t = type;; t++) {
				if (type_match(pattern + 1, t))
					return true;
				if (!*t)
					return false;
			}
		}
		if (tolower((unsigned char)*pattern) != tolower((unsigned char)*type))
			return false;
		if (!*pattern)
			return true;
	}
}

static const struct dtype *find_type(const char *type)
{
	for (size_t i = 0; i < ARRAY_LEN(types); i++)
		if (type_match(types[i].pattern, type))
			return &types[i];
	return NULL;
}

enum dprov dset_provider(const char *type)
{
	if (!strncmp(type, "azurerm_", 8) || !strncasecmp(type, "microsoft.", 10))
		return DP_AZURE;
	if (!strncmp(type, "aws_", 4))
		return DP_AWS;
	if (!strncmp(type, "google_", 7) || strstr(type, "googleapis.com/") ||
	    !strncmp(type, "google.", 7))
		return DP_GCP;
	return DP_OTHER;
}

/* ---- the --map file ---- */

struct dtagrule {
	const char *key, *value;      /* value "*": any */
	struct ptrvec data, subjects, purposes;
	const char *tenant;
};

struct dmap {
	struct ptrvec rules;          /* struct dtagrule * */
	struct strmap types;          /* type (lowercase) -> kind, or "" for none */
	struct strmap tenants;        /* account -> tenant */
	const char *group_by;         /* resource_group | module | project | tag:KEY */
};

struct map_ctx {
	struct dset *s;
	int rc;
};

static const char *lower(struct imp_inv *inv, const char *s)
{
	char *c = (char *)imp_str(inv, s);
	size_t n = strlen(c);
	char *l = arena_strndup(&inv->arena, c, n);
	for (size_t i = 0; i < n; i++)
		l[i] = (char)tolower((unsigned char)l[i]);
	return imp_str(inv, l);
}

static void map_list(struct dset *s, const struct ynode *n, struct ptrvec *out)
{
	if (!n)
		return;
	if (n->type == YN_SCALAR) {
		pv_push(out, (void *)imp_str(s->inv, n->u.scalar.s));
		return;
	}
	if (!imp_expect(s->d, n, YN_SEQ, "a list of ids"))
		return;
	for (size_t i = 0; i < n->u.seq.n; i++) {
		const char *v = imp_scalar(n->u.seq.items[i]);
		if (v)
			pv_push(out, (void *)imp_str(s->inv, v));
	}
}

static int map_doc(void *ctx, const struct ynode *root, struct arena *a)
{
	struct map_ctx *mc = ctx;
	struct dset *s = mc->s;
	struct dmap *m = s->map;
	(void)a;
	if (!root)
		return 0;
	if (!imp_expect(s->d, root, YN_MAP, "a mapping (tags, types, tenants, group_by)")) {
		mc->rc = -1;
		return 0;
	}
	for (size_t i = 0; i < root->u.map.n; i++) {
		const struct ypair *p = &root->u.map.pairs[i];
		const char *k = p->key->u.scalar.s;
		const struct ynode *v = p->value;
		if (!strcmp(k, "group_by")) {
			const char *g = imp_scalar(v);
			if (g && (!strcmp(g, "resource_group") || !strcmp(g, "module") ||
				  !strcmp(g, "project") || !strncmp(g, "tag:", 4)))
				m->group_by = imp_str(s->inv, g);
			else {
				imp_diag(s->d, DIAG_ERROR, v->pos, "group_by: expected resource_group, "
					 "module, project or tag:KEY");
				mc->rc = -1;
			}
		} else if (!strcmp(k, "types") || !strcmp(k, "tenants")) {
			if (!imp_expect(s->d, v, YN_MAP, "a mapping")) {
				mc->rc = -1;
				continue;
			}
			for (size_t j = 0; j < v->u.map.n; j++) {
				const char *from = v->u.map.pairs[j].key->u.scalar.s;
				const char *to = imp_scalar(v->u.map.pairs[j].value);
				if (!to) {
					imp_expect(s->d, v->u.map.pairs[j].value, YN_SCALAR, "an id");
					mc->rc = -1;
					continue;
				}
				if (k[1] == 'y') {
					static const char *const kinds[] = { "storage", "database",
						"compute", "ai", "analytics", "backup", "queue", "cdn",
						"saas", "other", "none" };
					bool ok = false;
					for (size_t q = 0; q < ARRAY_LEN(kinds); q++)
						ok |= !strcmp(kinds[q], to);
					if (!ok) {
						imp_diag(s->d, DIAG_ERROR, v->u.map.pairs[j].value->pos,
							 "types: '%s' is not a kind (storage, database, "
							 "compute, ai, analytics, backup, queue, cdn, saas, "
							 "other, or none)", to);
						mc->rc = -1;
						continue;
					}
					const char *lt = lower(s->inv, from);
					strmap_put(&m->types, lt, strlen(lt), (void *)(strcmp(to, "none") ?
						   imp_str(s->inv, to) : ""));
				} else {
					const char *f = imp_str(s->inv, from);
					strmap_put(&m->tenants, f, strlen(f), (void *)imp_str(s->inv, to));
				}
			}
		} else if (!strcmp(k, "tags")) {
			/* tags: {KEY: {VALUE: {data: [...], subjects: [...], purposes: [...],
			 *                      tenant: T}}}; VALUE "*" matches any */
			if (!imp_expect(s->d, v, YN_MAP, "a mapping of tag names")) {
				mc->rc = -1;
				continue;
			}
			for (size_t j = 0; j < v->u.map.n; j++) {
				const struct ynode *vals = v->u.map.pairs[j].value;
				if (!imp_expect(s->d, vals, YN_MAP, "a mapping of tag values")) {
					mc->rc = -1;
					continue;
				}
				for (size_t q = 0; q < vals->u.map.n; q++) {
					const struct ynode *what = vals->u.map.pairs[q].value;
					if (!imp_expect(s->d, what, YN_MAP, "a mapping (data, subjects, "
							"purposes, tenant)")) {
						mc->rc = -1;
						continue;
					}
					struct dtagrule *r = arena_alloc(&s->inv->arena, sizeof *r);
					r->key = imp_str(s->inv, v->u.map.pairs[j].key->u.scalar.s);
					r->value = imp_str(s->inv, vals->u.map.pairs[q].key->u.scalar.s);
					map_list(s, ynode_get(what, "data"), &r->data);
					map_list(s, ynode_get(what, "subjects"), &r->subjects);
					map_list(s, ynode_get(what, "purposes"), &r->purposes);
					const char *t = imp_scalar(ynode_get(what, "tenant"));
					r->tenant = t ? imp_str(s->inv, t) : NULL;
					pv_push(&m->rules, r);
				}
			}
		} else {
			static const char *const keys[] = { "tags", "types", "tenants", "group_by" };
			struct suggest sg;
			suggest_init(&sg, k);
			for (size_t q = 0; q < ARRAY_LEN(keys); q++)
				suggest_add(&sg, keys[q]);
			const char *hint = suggest_best(&sg);
			imp_diag(s->d, DIAG_ERROR, p->key->pos, "'%s' is not a key of a --map file%s%s%s",
				 k, hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
			mc->rc = -1;
		}
	}
	return 0;
}

int dset_init(struct dset *s, struct imp_inv *inv, struct diag *d)
{
	memset(s, 0, sizeof *s);
	s->inv = inv;
	s->d = d;
	strmap_init(&s->by_addr);
	strmap_init(&s->by_name);
	s->map = arena_alloc(&inv->arena, sizeof *s->map);
	strmap_init(&s->map->types);
	strmap_init(&s->map->tenants);
	const char *path = inv->opts ? inv->opts->map_file : NULL;
	if (!path)
		return 0;
	/* an input like the others: bounded, never a device, and never
	 * replaced by -o */
	char *buf;
	size_t len;
	bool regular;
	if (input_read(path, inv->opts->max_input, d, &buf, &len, &regular) < 0)
		return -1;
	const char *name = imp_str(inv, strcmp(path, "-") ? path : "<stdin>");
	if (!regular)
		diag_add_source(d, name, buf, len);
	struct map_ctx mc = { s, 0 };
	int rc = ytree_parse_buffer(buf, len, name, &inv->opts->limits, d, map_doc, &mc);
	free(buf);
	return rc < 0 || mc.rc < 0 ? -1 : 0;
}

void dset_release(struct dset *s)
{
	for (size_t i = 0; i < s->res.n; i++) {
		struct dres *r = s->res.v[i];
		pv_release(&r->replicas);
		pv_release(&r->refs);
		pv_release(&r->replica_refs);
	}
	pv_release(&s->res);
	strmap_release(&s->by_addr);
	strmap_release(&s->by_name);
	if (s->map) {
		for (size_t i = 0; i < s->map->rules.n; i++) {
			struct dtagrule *r = s->map->rules.v[i];
			pv_release(&r->data);
			pv_release(&r->subjects);
			pv_release(&r->purposes);
		}
		pv_release(&s->map->rules);
		strmap_release(&s->map->types);
		strmap_release(&s->map->tenants);
	}
}

/* ---- resources ---- */

struct dres *dset_add(struct dset *s, const char *file, const struct jnode *at,
		      const char *address, const char *type, enum dprov prov)
{
	struct dres *r = arena_alloc(&s->inv->arena, sizeof *r);
	memset(r, 0, sizeof *r);
	r->file = file;
	r->at = at;
	r->address = imp_str(s->inv, address);
	r->type = imp_str(s->inv, type);
	r->prov = prov;
	pv_push(&s->res, r);
	strmap_put(&s->by_addr, r->address, strlen(r->address), r);   /* the first one stays */
	return r;
}

void dset_alias(struct dset *s, struct dres *r, const char *name)
{
	if (!name || !*name)
		return;
	name = imp_str(s->inv, name);
	strmap_put(&s->by_name, name, strlen(name), r);   /* the first one stays */
}

/*
 * A string made for one resource (its path, its key among services, its
 * comment): copied, not interned. Interning them grew the intern table by
 * several entries per resource, each a cache miss (issue 17: 1M resources).
 */
static const char *copyf(struct imp_inv *inv, const char *fmt, ...) ATTR_PRINTF(2, 3);
static const char *copyf(struct imp_inv *inv, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	const char *r = arena_strndup(&inv->arena, sb.buf ? sb.buf : "", sb.len);
	sb_release(&sb);
	return r;
}

struct pos dset_pos(struct dset *s, const char *file, const struct jnode *n)
{
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%s: ", file);
	jtree_path(&sb, n);
	struct pos p = { arena_strndup(&s->inv->arena, sb.buf, sb.len), 0, 0 };
	sb_release(&sb);
	return p;
}

/* The position of a resource, made once. */
static struct pos res_pos(struct dset *s, struct dres *r)
{
	if (!r->pos_file)
		r->pos_file = dset_pos(s, r->file, r->at).file;
	struct pos p = { r->pos_file, 0, 0 };
	return p;
}

static bool in_catalog(struct dset *s, const char *id)
{
	const char *hint;
	return imp_known_region(s->inv, id, &hint);
}

const char *dset_region(struct dset *s, enum dprov p, const char *raw)
{
	if (!raw)
		return NULL;
	char buf[128];
	size_t n = 0;
	/* a URL or path: its last segment (zones in CAI data, selfLinks) */
	const char *slash = strrchr(raw, '/');
	if (slash && slash[1])
		raw = slash + 1;
	for (const char *c = raw; *c && n + 1 < sizeof buf; c++) {
		if (p == DP_AZURE && (*c == ' ' || *c == '-'))
			continue;
		buf[n++] = (char)tolower((unsigned char)*c);
	}
	buf[n] = 0;
	if (!n)
		return NULL;
	const char *prefix = p == DP_AZURE ? "azure:" : p == DP_AWS ? "aws:" :
			     p == DP_GCP ? "gcp:" : NULL;
	if (!prefix)
		return NULL;
	char id[160];
	if (p == DP_GCP && !strncmp(buf, "regional-", 9))
		memmove(buf, buf + 9, strlen(buf + 9) + 1);
	snprintf(id, sizeof id, "%s%s", prefix, buf);
	if (in_catalog(s, id))
		return imp_str(s->inv, id);
	size_t len = strlen(buf);
	if (p == DP_GCP || p == DP_AWS) {
		/* a zone: us-west4-b (gcp), eu-west-1a (aws) */
		char z[160];
		snprintf(z, sizeof z, "%s", id);
		size_t zl = strlen(z);
		if (zl > 2 && z[zl - 2] == '-' && isalpha((unsigned char)z[zl - 1])) {
			z[zl - 2] = 0;
			if (in_catalog(s, z))
				return imp_str(s->inv, z);
		}
		snprintf(z, sizeof z, "%s", id);
		if (zl > 1 && isalpha((unsigned char)z[zl - 1]) && isdigit((unsigned char)z[zl - 2])) {
			z[zl - 1] = 0;
			if (in_catalog(s, z))
				return imp_str(s->inv, z);
		}
	}
	/* PROVIDER:global is every region of the provider; the catalog makes it
	 * itself rather than list it */
	if (!strcmp(buf, "global") && p != DP_AWS)
		return imp_str(s->inv, id);
	if (p == DP_GCP) {
		/* App Engine's location ids drop the 1: us-central, europe-west */
		if (len && !isdigit((unsigned char)buf[len - 1])) {
			char z[170];
			snprintf(z, sizeof z, "%s1", id);
			if (in_catalog(s, z))
				return imp_str(s->inv, z);
		}
	}
	return NULL;
}

bool dset_set_region(struct dset *s, struct dres *r, const struct jnode *n)
{
	const char *raw = jstr(n);
	if (!raw || !*raw)
		return false;
	const char *id = dset_region(s, r->prov, raw);
	if (id) {
		r->region = id;
		return true;
	}
	if (!r->bad_region) {
		r->bad_region = imp_str(s->inv, raw);
		r->bad_region_at = n;
	}
	return false;
}

void dset_add_replica(struct dset *s, struct dres *r, const char *region)
{
	(void)s;
	if (region)
		imp_push_unique(&r->replicas, region);
}

/* ---- tags ---- */

/* Splits a tag value into ids: ',' separates; in GCP labels '--' separates
 * and '__' stands for '.'. */
static void tag_ids(struct dset *s, const char *v, bool labels, struct ptrvec *out)
{
	struct strbuf cur = STRBUF_INIT;
	for (const char *p = v;; p++) {
		bool end = !*p || (!labels && *p == ',') || (labels && p[0] == '-' && p[1] == '-');
		if (end) {
			size_t b = 0, e = cur.len;
			while (b < e && cur.buf[b] == ' ')
				b++;
			while (e > b && cur.buf[e - 1] == ' ')
				e--;
			if (e > b)
				imp_push_unique(out, imp_strn(s->inv, cur.buf + b, e - b));
			sb_reset(&cur);
			if (!*p)
				break;
			if (labels)
				p++;
			continue;
		}
		if (labels && p[0] == '_' && p[1] == '_') {
			sb_addc(&cur, '.');
			p++;
			continue;
		}
		sb_addc(&cur, *p);
	}
	sb_release(&cur);
}

static const char *tag(const struct dres *r, const char *key)
{
	if (!r->tags)
		return NULL;
	for (uint32_t i = 0; i < r->tags->n; i++)
		if (!strcasecmp(r->tags->v.kids[i].key, key))
			return jstr(&r->tags->v.kids[i]);
	return NULL;
}

/* ---- building the services ---- */

static const char *kind_of(struct dset *s, struct dres *r, bool *known)
{
	const char *lt = lower(s->inv, r->type);
	const char *k = strmap_get(&s->map->types, lt, strlen(lt));
	*known = true;
	if (k)
		return *k ? k : NULL;
	const struct dtype *t = find_type(r->type);
	if (t)
		return t->kind;
	*known = false;
	return NULL;
}

static struct dres *find_ref_from(struct dset *s, const struct dres *from, const char *ref)
{
	struct dres *t = NULL;
	if (from && from->index_key) {
		const char *k = imp_strf(s->inv, "%s%s", ref, from->index_key);
		t = strmap_get(&s->by_addr, k, strlen(k));
	}
	if (!t)
		t = strmap_get(&s->by_addr, ref, strlen(ref));
	if (!t)
		t = strmap_get(&s->by_name, ref, strlen(ref));
	if (!t) {
		/* ARM ids compare without case */
		const char *l = lower(s->inv, ref);
		t = strmap_get(&s->by_addr, l, strlen(l));
	}
	return t;
}

static struct dres *find_ref(struct dset *s, const char *ref)
{
	return find_ref_from(s, NULL, ref);
}

static struct dres *root_of(struct dres *r)
{
	for (int i = 0; r->owner && r->owner != r && i < 16; i++)
		r = r->owner;
	return r;
}

/* An id for a service: the tag, else the short name, else the address. */
static const char *service_id(struct dset *s, struct dres *r)
{
	const char *t = tag(r, "resmap-service");
	if (t && *t)
		return imp_str(s->inv, t);
	return r->name && *r->name ? r->name : r->address;
}

static const char *group_key(struct dset *s, struct dres *r)
{
	const char *g = s->map->group_by;
	if (!g)
		return NULL;
	if (!strcmp(g, "resource_group") || !strcmp(g, "project"))
		return r->group;
	if (!strcmp(g, "module"))
		return r->module && *r->module ? r->module : NULL;
	return tag(r, g + 4);
}

static int cmp_res(const void *a, const void *b)
{
	const struct dres *x = *(const struct dres *const *)a;
	const struct dres *y = *(const struct dres *const *)b;
	return strcmp(x->address, y->address);
}

int dset_finish(struct dset *s)
{
	struct imp_inv *inv = s->inv;
	int rc = 0;
	size_t nodata = 0;
	struct strmap unknown;          /* type -> count (as a pointer-sized int) */
	strmap_init(&unknown);
	struct ptrvec unknown_v = PTRVEC_INIT;
	struct ptrvec data = PTRVEC_INIT;
	xqsort(s->res.v, s->res.n, sizeof *s->res.v, cmp_res);
	for (int pass = 0; pass < 4; pass++)
		for (size_t i = 0; i < s->res.n; i++) {
			struct dres *r = s->res.v[i];
			struct dres *f = !r->region && r->region_from ?
					 find_ref_from(s, r, r->region_from) : NULL;
			if (f && f != r && f->region)
				r->region = f->region;
		}
	for (size_t i = 0; i < s->res.n; i++) {
		struct dres *r = s->res.v[i];
		bool known;
		r->kind = kind_of(s, r, &known);
		if (!known) {
			uintptr_t c = (uintptr_t)strmap_get(&unknown, r->type, strlen(r->type));
			if (!c)
				pv_push(&unknown_v, (void *)r->type);
			strmap_put(&unknown, r->type, strlen(r->type), (void *)(c + 1));
			continue;
		}
		if (!r->kind) {
			nodata++;
			/* settings of a data resource (a failover group, a bucket's
			 * replication) pass their replicas on to it */
			struct dres *p = r->parent ? find_ref_from(s, r, r->parent) : NULL;
			if (!p && r->parent_name)
				p = find_ref(s, r->parent_name);
			if (p && p != r) {
				for (size_t j = 0; j < r->replicas.n; j++)
					imp_push_unique(&p->replicas, r->replicas.v[j]);
				for (size_t j = 0; j < r->replica_refs.n; j++)
					imp_push_unique(&p->replica_refs, r->replica_refs.v[j]);
			}
			continue;
		}
		pv_push(&data, r);
	}
	/* parents: by address, else by name */
	for (size_t i = 0; i < data.n; i++) {
		struct dres *r = data.v[i];
		struct dres *p = NULL;
		if (r->parent)
			p = find_ref_from(s, r, r->parent);
		if (!p && r->parent_name)
			p = find_ref(s, r->parent_name);
		if (p && p != r && p->kind)
			r->owner = p;
	}
	/* services: resmap-service tag, else the map's group, else the root
	 * parent; first resource (sorted) names the service */
	struct strmap bykey;
	strmap_init(&bykey);
	for (size_t i = 0; i < data.n; i++) {
		struct dres *r = data.v[i];
		const char *st = tag(r, "resmap-service");
		const char *gk = st && *st ? NULL : group_key(s, r);
		struct dres *root = root_of(r);
		const char *key;
		if (st && *st)
			key = copyf(inv, "s\x1f%s", st);
		else if (gk)
			key = copyf(inv, "g\x1f%s", gk);
		else if (root != r)
			key = NULL;
		else
			key = copyf(inv, "r\x1f%s", r->address);
		if (!key)
			continue;   /* joins its parent's below */
		struct dres *lead = strmap_put(&bykey, key, strlen(key), r);
		if (lead) {
			r->owner = lead;
			continue;
		}
		r->owner = NULL;
		const char *id = st && *st ? imp_str(inv, st) : gk ? imp_str(inv, gk) : service_id(s, r);
		if (imp_find_service(inv, id) && !(st && *st) && !gk) {
			/* the same short name twice: qualify by group, then address */
			id = r->group ? imp_strf(inv, "%s/%s", r->group, id) : r->address;
			if (imp_find_service(inv, id))
				id = r->address;
		}
		bool created;
		r->svc = imp_service(inv, id, res_pos(s, r), &created);
	}
	strmap_release(&bykey);
	size_t unplaced = 0;
	struct ptrvec bad = PTRVEC_INIT;     /* services with a location not in the catalog */
	for (size_t i = 0; i < data.n; i++) {
		struct dres *r = data.v[i];
		struct dres *lead = root_of(r);
		struct imp_service *svc = lead->svc ? lead->svc : r->svc;
		if (!svc)
			continue;
		r->svc = svc;
		struct pos pos = res_pos(s, r);
		imp_push_unique(&svc->comments, copyf(inv, "from %s (%s)", r->address, r->type));
		if (!svc->kind || r == lead)
			svc->kind = r->kind;
		if (r->region && r->replica_of_parent && r != lead) {
			imp_push_unique(&svc->replicas, r->region);
		} else if (r->region) {
			imp_push_unique(&svc->regions, r->region);
		} else if (r->bad_region) {
			/* the nearest catalog id, as the provider's name would read */
			const char *hint = NULL;
			struct strbuf id = STRBUF_INIT;
			sb_adds(&id, r->prov == DP_AZURE ? "azure:" : r->prov == DP_AWS ? "aws:" : "gcp:");
			for (const char *c = r->bad_region; *c; c++)
				if (!(r->prov == DP_AZURE && (*c == ' ' || *c == '-')))
					sb_addc(&id, (char)tolower((unsigned char)*c));
			imp_known_region(inv, id.buf, &hint);
			imp_diag(s->d, DIAG_ERROR, dset_pos(s, r->file, r->bad_region_at),
				 "'%s' is not a region resmap knows for %s%s%s%s", r->bad_region,
				 r->address, hint ? "; did you mean '" : "", hint ? hint : "",
				 hint ? "'?" : "");
			sb_release(&id);
			pv_push(&bad, svc);
			rc = -1;
		} else {
			unplaced++;
		}
		for (size_t j = 0; j < r->replicas.n; j++)
			imp_push_unique(&svc->replicas, r->replicas.v[j]);
		for (size_t j = 0; j < r->replica_refs.n; j++) {
			struct dres *o = find_ref(s, r->replica_refs.v[j]);
			if (o && o->region)
				imp_push_unique(&svc->replicas, o->region);
		}
		if (r->redundancy && (!svc->redundancy || !strcmp(r->redundancy, "geo")))
			svc->redundancy = r->redundancy;
		/* tenant */
		const char *t = tag(r, "resmap-tenant");
		if (t && *t)
			svc->tenant = imp_str(inv, t);
		/* data: the resmap-* tags and the --map rules that match, one store */
		struct ptrvec terms[3] = { PTRVEC_INIT, PTRVEC_INIT, PTRVEC_INIT };
		static const char *const keys[] = { "resmap-data", "resmap-subjects", "resmap-purposes" };
		for (int k = 0; k < 3; k++) {
			const char *v = tag(r, keys[k]);
			if (v && *v)
				tag_ids(s, v, r->labels, &terms[k]);
		}
		for (size_t j = 0; j < s->map->rules.n && r->tags; j++) {
			struct dtagrule *rule = s->map->rules.v[j];
			const char *v = tag(r, rule->key);
			if (!v || (strcmp(rule->value, "*") && strcasecmp(rule->value, v)))
				continue;
			const struct ptrvec *from[3] = { &rule->data, &rule->subjects, &rule->purposes };
			for (int k = 0; k < 3; k++)
				for (size_t q = 0; q < from[k]->n; q++)
					imp_push_unique(&terms[k], from[k]->v[q]);
			if (rule->tenant && !svc->tenant)
				svc->tenant = rule->tenant;
		}
		if (terms[0].n) {
			struct imp_store *st = imp_add_store(inv, svc, pos);
			st->data = terms[0];
			st->subjects = terms[1];
			st->purposes = terms[2];
		} else {
			if (terms[1].n || terms[2].n)
				imp_diag(s->d, DIAG_WARNING, pos, "%s has subjects or purposes but no "
					 "data (resmap-data, or a --map tag); ignored", r->address);
			for (int k = 0; k < 3; k++)
				pv_release(&terms[k]);
		}
	}
	/* tenants from the account, --tenant, the account itself */
	for (size_t i = 0; i < data.n; i++) {
		struct dres *r = data.v[i];
		struct imp_service *svc = r->svc;
		if (!svc || svc->tenant)
			continue;
		const char *t = r->account ? strmap_get(&s->map->tenants, r->account,
							strlen(r->account)) : NULL;
		if (!t && inv->opts && inv->opts->tenant)
			t = imp_str(inv, inv->opts->tenant);
		if (!t && r->account)
			t = r->account;
		if (!t)
			t = "unassigned";
		svc->tenant = imp_str(inv, t);
	}
	/* references: a service depends on the services of what it refers to */
	for (size_t i = 0; i < data.n; i++) {
		struct dres *r = data.v[i];
		if (!r->svc)
			continue;
		for (size_t j = 0; j < r->refs.n; j++) {
			struct dres *t = find_ref_from(s, r, r->refs.v[j]);
			if (!t || !t->svc || t->svc == r->svc)
				continue;
			imp_add_dep(inv, r->svc, t->svc->id, res_pos(s, r));
		}
	}
	if (nodata)
		diag_msg(s->d, DIAG_NOTE, "%zu resource%s that hold%s no data skipped (networks, IAM, "
			 "DNS, ...)", nodata, nodata == 1 ? "" : "s", nodata == 1 ? "s" : "");
	xqsort(unknown_v.v, unknown_v.n, sizeof *unknown_v.v, cmp_strp);
	for (size_t i = 0; i < unknown_v.n; i++) {
		const char *t = unknown_v.v[i];
		uintptr_t c = (uintptr_t)strmap_get(&unknown, t, strlen(t));
		diag_msg(s->d, DIAG_WARNING, "%lu resource%s of type '%s' skipped: resmap does not know "
			 "whether it holds data (say so in the --map file: types: {%s: KIND or none})",
			 (unsigned long)c, c == 1 ? "" : "s", t, t);
	}
	if (rc < 0 && unplaced && !(inv->opts && inv->opts->ndefault_regions)) {
		/* imp_finish will not run: say here what else lacks a region */
		for (size_t i = 0; i < inv->service_v.n; i++) {
			struct imp_service *svc = inv->service_v.v[i];
			bool is_bad = false;
			for (size_t j = 0; j < bad.n; j++)
				is_bad |= bad.v[j] == svc;
			if (!svc->regions.n && !is_bad)
				imp_diag(s->d, DIAG_ERROR, svc->pos, "service '%s' has no region; resmap "
					 "needs one for every service", svc->id);
		}
	}
	if (data.n)
		pv_push(&inv->header, (void *)imp_strf(inv, "%zu resource%s mapped to %zu service%s",
						       data.n, data.n == 1 ? "" : "s",
						       inv->service_v.n,
						       inv->service_v.n == 1 ? "" : "s"));
	pv_release(&bad);
	pv_release(&data);
	pv_release(&unknown_v);
	strmap_release(&unknown);
	return rc;
}
