/*
 * gen-plan: writes a synthetic `terraform show -json` plan of N resources
 * for the benchmark of `resmap import terraform` (`make bench`). Build
 * tool only; not part of resmap, no dependencies.
 *
 *   gen-plan -n 1000000 -o FILE
 *
 * The shape imitates a big estate written with `count`: five resource
 * blocks (azurerm storage accounts and their containers, AWS S3 buckets
 * whose region comes from a variable of the provider configuration,
 * Google buckets, and IAM roles that hold no data), N instances in all,
 * each in planned_values and again in resource_changes as terraform
 * writes them, tags on every data resource, and the configuration's
 * references from containers to accounts. One line, as terraform writes
 * it. The output is a pure function of N.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const az_regions[] = { "westeurope", "northeurope", "swedencentral",
					  "germanywestcentral", "francecentral" };
static const char *const gcp_locations[] = { "EU", "europe-west1", "US", "EUR4",
					     "europe-north1" };
static const char *const datas[] = { "customer.contact", "health.records",
				     "finance.payments", "telemetry" };

/* values of resource k (instance i of its block) */
static void values(FILE *f, unsigned long k, unsigned long i)
{
	const char *d = datas[i % 4];
	switch (k % 5) {
	case 0:
		fprintf(f, "{\"name\":\"sa%lu\",\"location\":\"%s\",\"account_tier\":\"Standard\","
			"\"account_replication_type\":\"%s\",\"tags\":{\"resmap-data\":\"%s\","
			"\"resmap-tenant\":\"t%lu\"}}", i, az_regions[i % 5], i % 3 ? "LRS" : "GRS",
			d, i % 50);
		break;
	case 1:
		fprintf(f, "{\"name\":\"c%lu\",\"storage_account_name\":\"sa%lu\","
			"\"container_access_type\":\"private\"}", i, i);
		break;
	case 2:
		fprintf(f, "{\"bucket\":\"b%lu\",\"force_destroy\":false,\"tags\":{\"resmap-data\":"
			"\"%s\",\"resmap-tenant\":\"t%lu\"},\"tags_all\":{\"resmap-data\":\"%s\","
			"\"resmap-tenant\":\"t%lu\"}}", i, d, i % 50, d, i % 50);
		break;
	case 3:
		fprintf(f, "{\"name\":\"g%lu\",\"location\":\"%s\",\"storage_class\":\"STANDARD\","
			"\"labels\":{\"resmap-data\":\"%s\",\"resmap-tenant\":\"t%lu\"}}", i,
			gcp_locations[i % 5], strchr(d, '.') ? "customer__contact" : d, i % 50);
		break;
	default:
		fprintf(f, "{\"name\":\"role%lu\",\"assume_role_policy\":\"{\\\"Version\\\":"
			"\\\"2012-10-17\\\"}\"}", i);
		break;
	}
}

static const char *const types[] = { "azurerm_storage_account", "azurerm_storage_container",
				      "aws_s3_bucket", "google_storage_bucket", "aws_iam_role" };
static const char *const names[] = { "sa", "c", "b", "g", "role" };
static const char *const providers[] = { "registry.terraform.io/hashicorp/azurerm",
					  "registry.terraform.io/hashicorp/azurerm",
					  "registry.terraform.io/hashicorp/aws",
					  "registry.terraform.io/hashicorp/google",
					  "registry.terraform.io/hashicorp/aws" };

int main(int argc, char **argv)
{
	unsigned long n = 0;
	const char *out = NULL;
	for (int a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "-n") && a + 1 < argc)
			n = strtoul(argv[++a], NULL, 10);
		else if (!strcmp(argv[a], "-o") && a + 1 < argc)
			out = argv[++a];
		else {
			fprintf(stderr, "usage: gen-plan -n N -o FILE\n");
			return 2;
		}
	}
	if (!n || !out) {
		fprintf(stderr, "usage: gen-plan -n N -o FILE\n");
		return 2;
	}
	FILE *f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 2;
	}
	static char buf[1 << 20];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	fputs("{\"format_version\":\"1.2\",\"terraform_version\":\"1.6.6\",\"variables\":"
	      "{\"aws_region\":{\"value\":\"eu-central-1\"}},\"planned_values\":{\"root_module\":"
	      "{\"resources\":[", f);
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned long k = 0; k < n; k++) {
			unsigned long i = k / 5;
			if (k)
				fputc(',', f);
			if (pass == 0)
				fprintf(f, "{\"address\":\"%s.%s[%lu]\",\"mode\":\"managed\",\"type\":"
					"\"%s\",\"name\":\"%s\",\"index\":%lu,\"provider_name\":\"%s\","
					"\"schema_version\":0,\"values\":", types[k % 5], names[k % 5], i,
					types[k % 5], names[k % 5], i, providers[k % 5]);
			else
				fprintf(f, "{\"address\":\"%s.%s[%lu]\",\"mode\":\"managed\",\"type\":"
					"\"%s\",\"name\":\"%s\",\"index\":%lu,\"provider_name\":\"%s\","
					"\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":",
					types[k % 5], names[k % 5], i, types[k % 5], names[k % 5], i,
					providers[k % 5]);
			values(f, k, i);
			fputs(pass == 0 ? ",\"sensitive_values\":{}}" : ",\"after_unknown\":{\"id\":true}}}", f);
		}
		fputs(pass == 0 ? "]}},\"resource_changes\":[" : "],", f);
	}
	unsigned long per = (n + 4) / 5;
	fprintf(f, "\"configuration\":{\"provider_config\":{\"aws\":{\"name\":\"aws\",\"full_name\":"
		"\"registry.terraform.io/hashicorp/aws\",\"expressions\":{\"region\":{\"references\":"
		"[\"var.aws_region\"]}}},\"azurerm\":{\"name\":\"azurerm\"},\"google\":{\"name\":"
		"\"google\",\"expressions\":{\"region\":{\"constant_value\":\"europe-west1\"}}}},"
		"\"root_module\":{\"resources\":[");
	for (int t = 0; t < 5; t++) {
		fprintf(f, "%s{\"address\":\"%s.%s\",\"mode\":\"managed\",\"type\":\"%s\",\"name\":\"%s\","
			"\"provider_config_key\":\"%s\",\"expressions\":{%s},\"schema_version\":0,"
			"\"count_expression\":{\"constant_value\":%lu}}", t ? "," : "", types[t], names[t],
			types[t], names[t], t == 0 || t == 1 ? "azurerm" : t == 3 ? "google" : "aws",
			t == 1 ? "\"storage_account_name\":{\"references\":[\"azurerm_storage_account.sa[count.index]\",\"azurerm_storage_account.sa\"]}" : "",
			per);
	}
	fputs("],\"variables\":{\"aws_region\":{\"default\":\"us-east-1\"}}}}}\n", f);
	if (fclose(f) != 0) {
		perror(out);
		return 2;
	}
	return 0;
}
