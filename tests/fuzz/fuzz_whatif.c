/*
 * fuzz_whatif: libFuzzer target for `resmap impact` and `resmap diff`,
 * through their command entry points so that their text, JSON and
 * Markdown writers run too (they are private to cmd_impact.c and
 * cmd_diff.c).
 *
 * Input: byte 0 picks the output format and the kind of thing to
 * disable, byte 1 which one (an index into the model's tenants,
 * services, regions, providers or countries); the rest is an inventory,
 * optionally followed by a line "%%%" and a second inventory, the new
 * side of a diff. Both are written to files in a private temporary
 * directory, since the commands read paths; the catalog is
 * tests/fuzz/catalog. The output goes to /dev/null, which outfile writes
 * in place. The commands run only on inventories that load without any
 * message (checked in memory first), so that their stderr stays quiet
 * and a sanitizer report still shows.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "load/load.h"
#include "engine/model.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/resmap-fuzz-whatif.XXXXXX";
static char old_path[64], new_path[64];

static void cleanup(void)
{
	unlink(old_path);
	unlink(new_path);
	rmdir(dir);
}

static int put(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	if (n)
		fwrite(p, 1, n, f);
	return fclose(f);
}

/* Loads len bytes; NULL unless they load without a message. */
static struct model *load_quiet(const char *name, const uint8_t *p, size_t len, FILE *sink)
{
	struct diag d;
	diag_init(&d, sink);
	struct load_opts o;
	load_opts_default(&o);
	o.catalog_dir = "tests/fuzz/catalog";
	bool ok;
	struct model *m = load_buffer(name, (const char *)p, len, &o, &d, &ok);
	if (!ok || d.count[DIAG_ERROR] || d.count[DIAG_WARNING] || d.count[DIAG_NOTE]) {
		model_free(m);
		m = NULL;
	}
	diag_release(&d);
	return m;
}

/* The thing to disable, "KIND:ID" to free(), or NULL. */
static char *pick(const struct model *m, unsigned kind, unsigned i)
{
	static const char *const names[] = { "tenant", "service", "region", "provider",
					     "country" };
	const char *id = NULL;
	switch (kind % 5) {
	case 0: if (m->ntenants) id = m->tenants[i % m->ntenants]->id; break;
	case 1: if (m->nservices) id = m->services[i % m->nservices]->id; break;
	case 2: if (m->nregions) id = m->regions[i % m->nregions]->id; break;
	case 3: if (m->nproviders) id = m->providers[i % m->nproviders]->id; break;
	default: if (m->ncountries) id = m->countries[i % m->ncountries]->id; break;
	}
	if (!id)
		return NULL;
	return xasprintf("%s:%s", names[kind % 5], id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	static const char *const formats[] = { "text", "json", "md" };
	if (!sink) {
		sink = fopen("/dev/null", "w");
		if (!mkdtemp(dir))
			abort();
		snprintf(old_path, sizeof old_path, "%s/old.yaml", dir);
		snprintf(new_path, sizeof new_path, "%s/new.yaml", dir);
		atexit(cleanup);
	}
	if (size < 2)
		return 0;
	const char *fmt = formats[(data[0] >> 3) % 3];
	unsigned kind = data[0] & 7, which = data[1];
	data += 2;
	size -= 2;
	size_t old_len = size;
	const uint8_t *new = NULL;
	size_t new_len = 0;
	for (size_t i = 0; i + 5 <= size; i++)
		if (!memcmp(data + i, "\n%%%\n", 5)) {
			old_len = i + 1;
			new = data + i + 5;
			new_len = size - i - 5;
			break;
		}

	struct model *m = load_quiet("old.yaml", data, old_len, sink);
	if (!m)
		return 0;
	char *disable = pick(m, kind, which);
	struct model *m2 = new ? load_quiet("new.yaml", new, new_len, sink) : NULL;
	if (put(old_path, data, old_len) == 0) {
		if (disable) {
			char *argv[] = { "impact", "--catalog", "tests/fuzz/catalog", "-f",
					 (char *)fmt, "-o", "/dev/null", "--disable",
					 disable, old_path, NULL };
			cmd_impact(10, argv);
		}
		if (m2 && put(new_path, new, new_len) == 0) {
			char *argv[] = { "diff", "--catalog", "tests/fuzz/catalog", "-f",
					 (char *)fmt, "-o", "/dev/null", old_path, new_path, NULL };
			cmd_diff(9, argv);
		}
	}
	free(disable);
	model_free(m2);
	model_free(m);
	return 0;
}
