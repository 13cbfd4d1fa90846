#!/bin/sh
# ingest-corpus.sh RESMAP: imports every Terraform, Resource Graph and Cloud
# Asset Inventory file of ../shared/corpora/ingest (skipped when absent)
# and asserts, per file, the exit status (0, or 2 with a message saying
# what is missing: never a crash or a sanitizer report), the set of regions
# and replicas of the services written, and that the output loads again
# (`resmap check`).
set -u
RESMAP=$1
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/../shared/corpora/ingest
[ -d "$dir" ] || [ ! -d "$root/../../shared/corpora/ingest" ] || dir=$root/../../shared/corpora/ingest
[ -d "$dir" ] || [ ! -d /work/shared/corpora/ingest ] || dir=/work/shared/corpora/ingest
if [ ! -d "$dir" ]; then
	echo "ingest-corpus: SKIPPED: $dir not present"
	exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# list KEY FILE: the sorted region ids under KEY (regions, replicas)
list() {
	awk -v k="    $1:" '$0 == k {r=1; next} /^    [a-z_]+:/ {r=0} r && /^      - / {print $2}' "$2" |
		sort -u | tr '\n' ' ' | sed 's/ $//'
}

# expect FILE STATUS "REGIONS" "REPLICAS" [MESSAGE]
expect() {
	f=$1 want=$2 wregs=$3 wreps=$4 wmsg=${5:-}
	case $f in
	terraform-*) imp=terraform ;;
	azure-*) imp=azure-graph ;;
	*) imp=gcp-assets ;;
	esac
	timeout 60 "$RESMAP" import $imp --tenant corpus "$dir/$f" -o "$tmp/out.yaml" \
		>/dev/null 2>"$tmp/err" </dev/null
	st=$?
	why=
	[ "$st" = "$want" ] || why="exit $st, expected $want"
	grep -q "Sanitizer\|runtime error" "$tmp/err" && why="sanitizer report"
	if [ -z "$why" ] && [ "$st" = 0 ]; then
		regs=$(list regions "$tmp/out.yaml") reps=$(list replicas "$tmp/out.yaml")
		[ "$regs" = "$wregs" ] || why="regions '$regs', expected '$wregs'"
		[ "$reps" = "$wreps" ] || why="$why replicas '$reps', expected '$wreps'"
		"$RESMAP" check "$tmp/out.yaml" >/dev/null 2>"$tmp/cerr"
		if [ $? -ge 2 ]; then
			why="$why; the output does not load: $(grep ': error: ' "$tmp/cerr" | head -1)"
		fi
	fi
	if [ -z "$why" ] && [ "$st" = 2 ] && ! grep -q "${wmsg:-: error: }" "$tmp/err"; then
		why="exit 2 without '$wmsg'"
	fi
	if [ -z "$why" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "ingest-corpus: $f: $why"
		head -3 "$tmp/err"
	fi
}

noregion="has no region"
expect terraform-plan/checkov-modules_edges.plan.json 0 "aws:eu-central-1" ""
expect terraform-plan/checkov-plan_tags.aws.plan.json 0 "aws:us-west-2" ""
expect terraform-plan/checkov-py_graph_check.google.plan.json 0 "" ""
expect terraform-plan/infracost-azure_firewall.plan.json 0 "" ""
expect terraform-plan/infracost-terraform_v0.14.plan.json 0 "aws:us-east-1" ""
expect terraform-plan/regula-azurerm-storage-account_microsoft_services.plan.json 0 "azure:westeurope" ""
expect terraform-plan/regula-resource_view_03-azurerm-grs.plan.json 0 "azure:westeurope" ""
expect terraform-plan/regula-resource_view_07-aws-google.plan.json 0 "aws:us-west-2 gcp:us gcp:us-central1" ""
expect terraform-plan/tfcompliance-issue249-aws-tags.plan.json 0 "aws:us-east-1" ""
# the virtual machines' location comes from a data source, known after apply
expect terraform-plan/tfcompliance-issue294-azurerm.plan.json 2 "" "" "$noregion"
expect terraform-plan/tfcompliance-issue394-azurerm.plan.json 0 "azure:eastus" ""
expect terraform-plan/tfvalidator-full_sql_database_instance.google.plan.json 0 "gcp:us-central1" ""
expect terraform-plan/tfvalidator-full_storage_bucket.google.plan.json 0 "gcp:eu" ""
expect terraform-plan/tfvalidator-tf1_0plan.allcoverage.google.plan.json 0 "gcp:eu gcp:us-central1" ""
expect terraform-state/infracost-terraform_v0.12.state.json 0 "aws:us-east-1" ""
expect terraform-state/infracost-terraform_v0.14.state.json 0 "aws:us-east-1" ""
# inframap's states are pruned of locations (their README says so)
expect terraform-state/inframap-aws_state_cyclic.json 2 "" "" "$noregion"
expect terraform-state/inframap-flexibleengine_state.json 0 "" ""
expect terraform-state/inframap-google_state.json 2 "" "" "$noregion"
expect terraform-state/inframap-repeated_modules.json 2 "" "" "$noregion"
expect terraform-state/inframap-version_3_state.json 2 "" "" "$noregion"
expect terraform-state/inframap-azure.tfstate 2 "" "" "$noregion"
expect terraform-state/user-00inboxtest-learn-terraform-gcp.tfstate 0 "gcp:us-west4" ""
expect azure-resource-graph/c7n-recorded-arg-storage.table.json 0 "azure:southcentralus" ""
expect azure-resource-graph/c7n-recorded-arg-vm.table.json 0 "azure:southcentralus" ""
expect azure-resource-graph/fluxcd-reaper-az-group-list.json 0 "" ""
expect azure-resource-graph/fluxcd-reaper-az-resource-list.json 0 "azure:centralindia" ""
expect azure-resource-graph/restspec-ResourcesBasicQuery.example.json 0 "" ""
expect azure-resource-graph/restspec-ResourcesFilterQuery.example.json 0 "azure:centralus azure:eastus" ""
expect gcp-asset/fluxcd-reaper-gcloud-search-all-resources.json 0 "gcp:asia-south1" ""
# a Pub/Sub topic has no region (no message storage policy)
expect gcp-asset/forseti-additional_cai_resources.export.jsonl 2 "" "" "$noregion"
expect gcp-asset/forseti-mock_cai_resources.export.jsonl 2 "" "" "$noregion"
expect gcp-asset/policylib-appengine_location.assets.json 0 \
	"gcp:australia-southeast1 gcp:europe-west6 gcp:southamerica-east1 gcp:us-central1" ""
expect gcp-asset/policylib-bq_dataset_location.assets.json 0 "gcp:eu gcp:us-east4 gcp:us-west2" ""
expect gcp-asset/policylib-enforce_labels_buckets.assets.json 0 "gcp:us-central1" ""
expect gcp-asset/policylib-gke_cluster_location.assets.json 0 "gcp:us-central1 gcp:us-west1" ""
expect gcp-asset/policylib-spanner_location.assets.json 0 \
	"gcp:europe-north1 gcp:nam-eur-asia1 gcp:nam3 gcp:us-central1" ""
expect gcp-asset/policylib-sql_location.assets.json 0 "gcp:asia-southeast1 gcp:australia-southeast1" ""
expect gcp-asset/policylib-storage_location.assets.json 0 "gcp:us gcp:us-central1" ""
expect gcp-asset/psa-asset-inventory-resource.export.jsonl 0 "gcp:us-central1" ""

# every file of the three formats is listed above
for f in "$dir"/terraform-plan/*.json "$dir"/terraform-state/*.json "$dir"/terraform-state/*.tfstate \
	 "$dir"/azure-resource-graph/*.json "$dir"/gcp-asset/*.json*; do
	rel=${f#"$dir"/}
	grep -q "^expect $rel " "$0" || { fail=$((fail + 1)); echo "ingest-corpus: $rel: not asserted"; }
done
echo "ingest-corpus: $pass passed, $fail failed"
[ $fail = 0 ]
