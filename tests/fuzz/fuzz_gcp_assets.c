/*
 * fuzz_gcp_assets: libFuzzer target for `resmap import gcp-assets` on
 * arbitrary bytes (deployed_fuzz.h has the input layout and the checks).
 */
#include "deployed_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_deployed(data, size, import_gcp_assets, false);
	return 0;
}
