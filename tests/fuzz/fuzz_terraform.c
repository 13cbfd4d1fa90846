/*
 * fuzz_terraform: libFuzzer target for `resmap import terraform` on
 * arbitrary bytes (deployed_fuzz.h has the input layout and the checks).
 */
#include "deployed_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_deployed(data, size, import_terraform, true);
	return 0;
}
