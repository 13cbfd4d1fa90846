/*
 * gen-inventory: writes a synthetic resmap inventory (format v1) of N
 * services for the benchmark (`make bench`). Build tool only; not part of
 * resmap, no dependencies.
 *
 *   gen-inventory [-v] -n 100000 -o DIR [--policies 30] [--seed S] [--per-file K]
 *                 [--shape default|dag|violations|warnings|deep]
 *
 * --per-file K puts K services in each services-NNNNN.yaml (default: 1000
 * to 2000 at random); a K of N or more makes one huge file.
 *
 * The shape imitates a large cloud estate: ~N/500 tenants (a few
 * suspended, one disabled), a shared "platform" tenant, services of every
 * kind in regions of several providers from the built-in catalog, geo
 * redundancy, replicas, remote access, and applications of 1-12 services
 * whose depends_on edges form layered chains of at most 5 hops. Data only
 * flows along an edge from a service that holds it, and out-degree is
 * bounded, so the number of residency paths grows linearly with N.
 *
 * The output is a pure function of (N, policies, seed): a private PRNG,
 * no clock, no locale. Writing goes through one growable buffer per file
 * because printf would dominate the run time at a million services.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ---- output buffer ---------------------------------------------------- */

struct out {
	char *buf;
	size_t len, cap;
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "gen-inventory: out of memory\n");
		exit(2);
	}
	return p;
}

static void o_reserve(struct out *o, size_t n)
{
	if (o->len + n <= o->cap)
		return;
	size_t cap = o->cap ? o->cap : 1 << 20;
	while (cap < o->len + n)
		cap *= 2;
	o->buf = xrealloc(o->buf, cap);
	o->cap = cap;
}

static void o_add(struct out *o, const char *s, size_t n)
{
	o_reserve(o, n);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void o_puts(struct out *o, const char *s)
{
	o_add(o, s, strlen(s));
}

/* Unsigned decimal, zero-padded to width (0: no padding). */
static void o_putu(struct out *o, unsigned long v, int width)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width)
		tmp[n++] = '0';
	o_reserve(o, (size_t)n);
	while (n)
		o->buf[o->len++] = tmp[--n];
}

static void o_printf(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void o_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	o_reserve(o, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(o->buf + o->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}

static const char *outdir;

static void o_write(struct out *o, const char *name)
{
	size_t plen = strlen(outdir) + strlen(name) + 2;
	char *path = xrealloc(NULL, plen);
	snprintf(path, plen, "%s/%s", outdir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(o->buf, 1, o->len, f) != o->len || fclose(f) != 0) {
		fprintf(stderr, "gen-inventory: cannot write '%s': %s\n", path,
			strerror(errno));
		exit(2);
	}
	free(path);
	o->len = 0;
}

/* ---- PRNG (splitmix64: tiny, good enough, identical everywhere) ------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static unsigned below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/* True with probability pct percent. */
static int chance(unsigned pct)
{
	return below(100) < pct;
}

/* ---- the vocabulary: catalog ids and the base taxonomy ----------------- */

struct region {
	const char *id;
	int paired;   /* has a paired region in the catalog (geo redundancy) */
};

static const struct region azure_regions[] = {
	{ "azure:westeurope", 1 }, { "azure:northeurope", 1 },
	{ "azure:germanywestcentral", 1 }, { "azure:francecentral", 1 },
	{ "azure:swedencentral", 1 }, { "azure:uksouth", 1 },
	{ "azure:switzerlandnorth", 1 }, { "azure:polandcentral", 0 },
	{ "azure:eastus", 1 }, { "azure:westus2", 1 },
	{ "azure:brazilsouth", 1 }, { "azure:japaneast", 1 },
	{ "azure:centralindia", 1 }, { "azure:southeastasia", 1 },
	{ "azure:israelcentral", 0 },
};
static const struct region aws_regions[] = {
	{ "aws:eu-central-1", 0 }, { "aws:eu-west-1", 0 },
	{ "aws:eu-north-1", 0 }, { "aws:us-east-1", 0 },
	{ "aws:us-west-2", 0 }, { "aws:sa-east-1", 0 },
	{ "aws:ap-southeast-1", 0 }, { "aws:il-central-1", 0 },
};
static const struct region gcp_regions[] = {
	{ "gcp:europe-west4", 0 }, { "gcp:europe-west1", 0 },
	{ "gcp:europe-west3", 0 }, { "gcp:us-central1", 0 },
	{ "gcp:asia-east1", 0 }, { "gcp:southamerica-east1", 0 },
	{ "gcp:me-west1", 0 },
};
static const struct region oracle_regions[] = {
	{ "oracle:eu-frankfurt-1", 0 }, { "oracle:eu-amsterdam-1", 0 },
	{ "oracle:uk-london-1", 0 }, { "oracle:us-ashburn-1", 0 },
	{ "oracle:il-jerusalem-1", 0 }, { "oracle:ap-tokyo-1", 0 },
};

struct provider {
	const char *id;
	const struct region *regions;
	unsigned n;
	unsigned weight;   /* percent of tenants with this home provider */
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
static const struct provider providers[] = {
	{ "azure", azure_regions, NELEM(azure_regions), 45 },
	{ "aws", aws_regions, NELEM(aws_regions), 30 },
	{ "gcp", gcp_regions, NELEM(gcp_regions), 18 },
	{ "oracle", oracle_regions, NELEM(oracle_regions), 7 },
};

/* Leaf data categories: a bit each in a service's "held" mask. */
static const char *const data_ids[] = {
	"personal", "personal.contact.email", "health.records",
	"financial.payment", "comms.voice", "telemetry",
};
static const unsigned data_weight[] = { 15, 30, 10, 15, 5, 25 };
#define NDATA NELEM(data_ids)

static const char *const subject_ids[] = {
	"customers", "employees", "patients", "eu-residents",
};
static const char *const purpose_ids[] = {
	"service.provision", "analytics", "ai.training", "marketing",
};
static const char *const access_countries[] = {
	"US", "IN", "IL", "PH", "CN", "GB", "UA", "BR",
};
static const char *const tenant_countries[] = {
	"NL", "DE", "FR", "US", "IE", "GB", "IL", "BR", "SE", "CH", "JP", "IN",
};
static const char *const volumes[] = {
	"200 GB", "3 TB", "40 TB", "1.5 PB", "8 PB",
};

enum kind { K_STORAGE, K_DATABASE, K_COMPUTE, K_AI, K_ANALYTICS, K_BACKUP,
	    K_QUEUE, K_CDN, K_SAAS, K_OTHER, K__COUNT };
static const char *const kind_ids[K__COUNT] = {
	"storage", "database", "compute", "ai", "analytics", "backup",
	"queue", "cdn", "saas", "other",
};
static const char *const kind_names[K__COUNT] = {
	"Storage account", "Database", "App service", "AI endpoint",
	"Analytics workspace", "Backup vault", "Message queue", "CDN",
	"SaaS integration", "Service",
};

/* Layers of an application, front to back; data flows front to back. */
static const enum kind layer_kinds[6][3] = {
	{ K_COMPUTE, K_CDN, K_SAAS },
	{ K_COMPUTE, K_QUEUE, K_OTHER },
	{ K_DATABASE, K_STORAGE, K_DATABASE },
	{ K_ANALYTICS, K_AI, K_STORAGE },
	{ K_AI, K_BACKUP, K_ANALYTICS },
	{ K_BACKUP, K_STORAGE, K_BACKUP },
};

static int is_store_kind(enum kind k)
{
	return k == K_STORAGE || k == K_DATABASE || k == K_BACKUP;
}

/* ---- the model being generated ----------------------------------------- */

#define MAXHOME 4
struct tenant {
	const struct region *home[MAXHOME];
	unsigned nhome;
	unsigned first, end;      /* service index range */
};

#define MAXDEPS 3
struct svc {
	unsigned char kind, layer;
	unsigned char held;       /* data mask after inflow */
	unsigned char own;        /* data mask in its own stores */
	unsigned char subj, purp; /* the application's: first << 2 | count */
	unsigned ndeps;
	unsigned dep[MAXDEPS];    /* service indexes */
	unsigned char sends[MAXDEPS];
};

static unsigned nsvc, ntenants, nplatform;

/* What -v reports: the shape actually written. */
static struct {
	unsigned long files, regions, geo, replicas, access, stores, edges,
		sends, cross;
} st;
static struct tenant *tenants;
static struct svc *svcs;

static void put_svc_id(struct out *o, unsigned i)
{
	o_puts(o, kind_ids[svcs[i].kind]);
	o_puts(o, "-");
	o_putu(o, i + 1, 7);
}

static void put_tenant_id(struct out *o, unsigned t)
{
	o_puts(o, "tenant-");
	o_putu(o, t + 1, 5);
}

static void put_mask(struct out *o, unsigned mask)
{
	const char *sep = "[";
	for (unsigned d = 0; d < NDATA; d++) {
		if (mask & (1u << d)) {
			o_puts(o, sep);
			o_puts(o, data_ids[d]);
			sep = ", ";
		}
	}
	o_puts(o, "]");
}

static unsigned pick_data(void)
{
	unsigned r = below(100), d = 0;
	while (d + 1 < NDATA && r >= data_weight[d])
		r -= data_weight[d++];
	return d;
}

/* A non-empty random subset of mask (most often all of it). */
static unsigned subset(unsigned mask)
{
	if (chance(60))
		return mask;
	unsigned s = mask & (unsigned)rnd();
	if (!s) {
		for (unsigned d = 0; d < NDATA; d++)
			if (mask & (1u << d))
				return 1u << d;
	}
	return s;
}

static const char *tenant_status(unsigned t)
{
	if (ntenants > 1 && t == ntenants / 2)
		return "disabled";
	if (t != 0 && (t % 29 == 7 || (ntenants >= 3 && t == ntenants - 1)))
		return "suspended";
	return "active";
}

static void plan_tenants(void)
{
	ntenants = nsvc / 500;
	if (ntenants < 5)
		ntenants = 5;   /* small inventories still have a disabled one */
	if (ntenants > nsvc)
		ntenants = nsvc;
	tenants = xrealloc(NULL, ntenants * sizeof(*tenants));
	for (unsigned t = 0; t < ntenants; t++) {
		struct tenant *tn = &tenants[t];
		unsigned r = below(100), p = 0;
		while (p + 1 < NELEM(providers) && r >= providers[p].weight)
			r -= providers[p++].weight;
		const struct provider *pv = &providers[p];
		tn->nhome = 2 + below(2);
		for (unsigned h = 0; h < tn->nhome; h++)
			tn->home[h] = &pv->regions[below(pv->n)];
		if (chance(30)) {   /* multi-cloud tenant */
			const struct provider *o = &providers[below(NELEM(providers))];
			tn->home[tn->nhome++] = &o->regions[below(o->n)];
		}
		tn->first = (unsigned)((uint64_t)t * nsvc / ntenants);
		tn->end = (unsigned)((uint64_t)(t + 1) * nsvc / ntenants);
	}
}

/*
 * One application: services [first, first+m) of tenant t, spread over
 * layers; each service depends on 1-2 services of the next layer and
 * sends part of what it holds. Platform services (the first of tenant 0)
 * are sinks so that the fan-in from every tenant adds no paths.
 */
static void plan_app(unsigned t, unsigned first, unsigned m)
{
	unsigned nlayers = m < 2 ? m : 2 + below(5);
	if (nlayers > m)
		nlayers = m;
	if (nlayers > 6)
		nlayers = 6;
	unsigned start[7], size[6];
	for (unsigned l = 0; l < nlayers; l++)
		size[l] = 1;
	for (unsigned k = nlayers; k < m; k++)
		size[below(nlayers)]++;
	start[0] = first;
	for (unsigned l = 0; l < nlayers; l++)
		start[l + 1] = start[l] + size[l];

	unsigned appdata = 1u << pick_data();
	if (chance(50))
		appdata |= 1u << pick_data();
	if (chance(40))
		appdata |= 1u << 5;   /* telemetry */
	unsigned char subj = (unsigned char)(below(NELEM(subject_ids)) << 2 | (1 + below(2)));
	unsigned char purp = (unsigned char)(below(NELEM(purpose_ids)) << 2 | (1 + below(2)));

	for (unsigned l = 0; l < nlayers; l++) {
		for (unsigned i = start[l]; i < start[l + 1]; i++) {
			struct svc *s = &svcs[i];
			s->layer = (unsigned char)l;
			s->subj = subj;
			s->purp = purp;
			s->kind = (unsigned char)layer_kinds[l][below(3)];
			if (l == 0)
				s->own = (unsigned char)appdata;
			else if (chance(15))
				s->own = (unsigned char)(1u << pick_data());
			s->held |= s->own;
			if (is_store_kind(s->kind))
				s->own |= s->held;   /* at rest what it receives */
		}
	}
	/* Edges after kinds are known, front to back, so held is final. */
	for (unsigned l = 0; l + 1 < nlayers; l++) {
		for (unsigned i = start[l]; i < start[l + 1]; i++) {
			struct svc *s = &svcs[i];
			unsigned want = 1 + (chance(35) ? 1 : 0);
			unsigned nxt = l + 1;
			if (l + 2 < nlayers && chance(10))
				nxt = l + 2;   /* skip a layer now and then */
			for (unsigned k = 0; k < want && s->ndeps < MAXDEPS; k++) {
				unsigned j = start[nxt] + below(size[nxt]);
				if (s->ndeps && s->dep[0] == j)
					continue;
				unsigned sends = s->held && chance(80) ?
					subset(s->held) : 0;
				s->dep[s->ndeps] = j;
				s->sends[s->ndeps++] = (unsigned char)sends;
				svcs[j].held |= (unsigned char)sends;
				if (is_store_kind(svcs[j].kind))
					svcs[j].own |= (unsigned char)sends;
			}
		}
	}
	/* Shared platform services of another tenant: telemetry, AI. */
	if (t != 0 && nplatform) {
		for (unsigned i = first; i < first + m; i++) {
			struct svc *s = &svcs[i];
			if (s->ndeps < MAXDEPS && chance(4)) {
				unsigned sends = s->held ? subset(s->held) : 0;
				s->dep[s->ndeps] = below(nplatform);
				s->sends[s->ndeps++] = (unsigned char)sends;
			}
		}
	}
}

static void plan_services(void)
{
	svcs = calloc(nsvc, sizeof(*svcs));
	if (!svcs) {
		fprintf(stderr, "gen-inventory: out of memory\n");
		exit(2);
	}
	nplatform = tenants[0].end - tenants[0].first;
	if (nplatform > 20)
		nplatform = 20;
	static const enum kind pk[] = { K_AI, K_ANALYTICS, K_QUEUE, K_STORAGE };
	for (unsigned i = 0; i < nplatform; i++)
		svcs[i].kind = (unsigned char)pk[i % NELEM(pk)];
	for (unsigned t = 0; t < ntenants; t++) {
		unsigned i = t == 0 ? nplatform : tenants[t].first;
		while (i < tenants[t].end) {
			unsigned m = 1 + below(12);
			if (m > tenants[t].end - i)
				m = tenants[t].end - i;
			plan_app(t, i, m);
			i += m;
		}
	}
}

/*
 * --shape: the default layered applications above, or one of the shapes
 * of issue 17 that stress other parts of resmap. dag: every service
 * depends on 1-3 services chosen at random among all earlier ones, half
 * of the edges sending data, so flows cross tenants and chains run long;
 * 1-3 stores entries each, 30% geo, 10% access_from, ~20 files.
 * violations: dag plus a broad policy broken by about a third of the
 * facts (with the other policies). warnings: dag plus duplicate depends_on entries and sends to
 * services of the disabled tenant. deep: sends chains of 50 services
 * (only each chain's head owns data, so paths stay linear in N), plus
 * one random earlier dependency that sends nothing.
 */
enum shape { S_DEFAULT, S_DAG, S_VIOLATIONS, S_WARNINGS, S_DEEP };
static enum shape shape;
#define DEEP_CHAIN 50

static unsigned char *svc_dup;     /* warnings: 1 = write dep[0] twice */

static void add_dep(struct svc *s, unsigned j, unsigned sends)
{
	s->dep[s->ndeps] = j;
	s->sends[s->ndeps++] = (unsigned char)sends;
	svcs[j].held |= (unsigned char)sends;
	if (is_store_kind(svcs[j].kind))
		svcs[j].own |= (unsigned char)sends;
}

/*
 * Deps point to earlier indexes and data flows along them, so going from
 * the last service down sees every sender of a service before it.
 */
static void plan_dag(void)
{
	svcs = calloc(nsvc, sizeof(*svcs));
	svc_dup = calloc(nsvc, 1);
	if (!svcs || !svc_dup) {
		fprintf(stderr, "gen-inventory: out of memory\n");
		exit(2);
	}
	for (unsigned i = 0; i < nsvc; i++) {
		struct svc *s = &svcs[i];
		s->kind = (unsigned char)below(K__COUNT);
		s->subj = (unsigned char)(below(NELEM(subject_ids)) << 2 | (1 + below(2)));
		s->purp = (unsigned char)(below(NELEM(purpose_ids)) << 2 | (1 + below(2)));
		if (shape == S_DEEP && i % DEEP_CHAIN != DEEP_CHAIN - 1)
			continue;   /* only a chain's head owns data */
		s->own = (unsigned char)(1u << pick_data());
		if (chance(50))
			s->own |= (unsigned char)(1u << pick_data());
	}
	unsigned dis = ntenants > 1 ? ntenants / 2 : ntenants;
	for (unsigned i = nsvc; i-- > 0;) {
		struct svc *s = &svcs[i];
		s->held |= s->own;
		if (i == 0)
			break;
		if (shape == S_DEEP) {
			if (i % DEEP_CHAIN != 0)
				add_dep(s, i - 1, s->held);
			unsigned j = below(i);
			if (s->ndeps == 0 || s->dep[0] != j)
				add_dep(s, j, 0);
			continue;
		}
		unsigned want = 1 + below(3);
		for (unsigned k = 0; k < want; k++) {
			unsigned j = below(i);
			int seen = 0;
			for (unsigned q = 0; q < s->ndeps; q++)
				seen |= s->dep[q] == j;
			if (seen)
				continue;
			add_dep(s, j, s->held && chance(50) ? subset(s->held) : 0);
		}
		if (shape == S_WARNINGS) {
			if (chance(5))
				svc_dup[i] = 1;
			/* sends to a service of the disabled tenant */
			if (dis < ntenants && tenants[dis].first < i && chance(5) &&
			    s->held && s->ndeps < MAXDEPS) {
				unsigned lo = tenants[dis].first;
				unsigned hi = tenants[dis].end < i ? tenants[dis].end : i;
				unsigned j = lo + below(hi - lo);
				int seen = 0;
				for (unsigned q = 0; q < s->ndeps; q++)
					seen |= s->dep[q] == j;
				if (!seen)
					add_dep(s, j, s->held);
			}
		}
	}
}

/* ---- writing ------------------------------------------------------------ */

static unsigned tenant_of(unsigned i)
{
	/* tenants are contiguous, equal-sized blocks: invert the division */
	unsigned t = (unsigned)(((uint64_t)i * ntenants) / nsvc);
	while (t + 1 < ntenants && tenants[t + 1].first <= i)
		t++;
	while (t > 0 && tenants[t].first > i)
		t--;
	return t;
}

static void put_list(struct out *o, const char *const *ids, unsigned n,
		     unsigned first, unsigned count)
{
	o_puts(o, "[");
	for (unsigned k = 0; k < count; k++) {
		if (k)
			o_puts(o, ", ");
		o_puts(o, ids[(first + k) % n]);
	}
	o_puts(o, "]");
}

static void write_service(struct out *o, unsigned i)
{
	struct svc *s = &svcs[i];
	unsigned t = tenant_of(i);
	struct tenant *tn = &tenants[t];

	o_puts(o, "  ");
	put_svc_id(o, i);
	o_puts(o, ":\n    name: ");
	o_puts(o, kind_names[s->kind]);
	o_puts(o, " ");
	o_putu(o, i + 1, 0);
	o_puts(o, "\n    tenant: ");
	put_tenant_id(o, t);
	o_puts(o, "\n    kind: ");
	o_puts(o, kind_ids[s->kind]);

	const struct region *reg[3];
	unsigned nreg = chance(80) ? 1 : chance(75) ? 2 : 3;
	unsigned h = below(tn->nhome);
	for (unsigned k = 0; k < nreg; k++)
		reg[k] = tn->home[(h + k) % tn->nhome];
	if (nreg > 1 && reg[0] == reg[1])
		nreg = 1;   /* tenant with a repeated home region */
	else if (nreg > 2 && (reg[2] == reg[0] || reg[2] == reg[1]))
		nreg = 2;
	st.regions += nreg;
	o_puts(o, "\n    regions: [");
	int all_paired = 1;
	for (unsigned k = 0; k < nreg; k++) {
		if (k)
			o_puts(o, ", ");
		o_puts(o, reg[k]->id);
		all_paired &= reg[k]->paired;
	}
	o_puts(o, "]\n");

	if (shape != S_DEFAULT) {
		if (chance(30)) {
			o_puts(o, "    redundancy: geo\n");
			st.geo++;
		}
	} else if (is_store_kind(s->kind) || s->kind == K_ANALYTICS) {
		if (all_paired && chance(35)) {
			o_puts(o, "    redundancy: geo\n");
			st.geo++;
		} else if (chance(40))
			o_puts(o, chance(50) ? "    redundancy: zone\n" :
			       "    redundancy: local\n");
		if (chance(6)) {
			const struct provider *pv = &providers[below(NELEM(providers))];
			const struct region *r = &pv->regions[below(pv->n)];
			int dup = 0;
			for (unsigned k = 0; k < nreg; k++)
				dup |= reg[k] == r;
			if (!dup) {
				st.replicas++;
				o_puts(o, "    replicas: [");
				o_puts(o, r->id);
				o_puts(o, "]\n");
			}
		}
	}
	if (chance(10)) {
		st.access++;
		o_puts(o, "    access_from: ");
		put_list(o, access_countries, NELEM(access_countries),
			 below(NELEM(access_countries)), 1 + below(2));
		o_puts(o, "\n");
	}
	if (s->own) {
		st.stores++;
		o_puts(o, "    stores:\n      - data: ");
		put_mask(o, s->own);
		o_puts(o, "\n        subjects: ");
		put_list(o, subject_ids, NELEM(subject_ids), s->subj >> 2, s->subj & 3);
		o_puts(o, "\n        purposes: ");
		put_list(o, purpose_ids, NELEM(purpose_ids), s->purp >> 2, s->purp & 3);
		o_puts(o, "\n");
		if (is_store_kind(s->kind) && chance(50)) {
			o_puts(o, "        volume: ");
			o_puts(o, volumes[below(NELEM(volumes))]);
			o_puts(o, "\n");
		}
		if (shape != S_DEFAULT) {   /* 1-3 entries in all */
			for (unsigned k = below(3); k > 0; k--) {
				o_puts(o, "      - data: [");
				o_puts(o, data_ids[pick_data()]);
				o_puts(o, "]\n        subjects: [");
				o_puts(o, subject_ids[below(NELEM(subject_ids))]);
				o_puts(o, "]\n        purposes: [");
				o_puts(o, purpose_ids[below(NELEM(purpose_ids))]);
				o_puts(o, "]\n");
			}
		} else if (chance(10)) {   /* a second entry: employee data */
			o_puts(o, "      - data: [personal]\n"
			       "        subjects: [employees]\n"
			       "        purposes: [service.provision]\n");
		}
	}
	if (s->ndeps) {
		o_puts(o, "    depends_on:\n");
		for (unsigned k = 0; k < s->ndeps; k++) {
			st.edges++;
			st.sends += s->sends[k] != 0;
			st.cross += tenant_of(s->dep[k]) != t;
			if (s->sends[k]) {
				o_puts(o, "      - service: ");
				put_svc_id(o, s->dep[k]);
				o_puts(o, "\n        sends: ");
				put_mask(o, s->sends[k]);
				o_puts(o, "\n");
			} else {
				o_puts(o, "      - ");
				put_svc_id(o, s->dep[k]);
				o_puts(o, "\n");
			}
		}
		if (svc_dup && svc_dup[i]) {   /* warnings: the first again */
			o_puts(o, "      - ");
			put_svc_id(o, s->dep[0]);
			o_puts(o, "\n");
		}
	}
}

static unsigned long per_file;   /* --per-file; 0: 1000-2000 at random */
static uint64_t split_state;

static void write_services(struct out *o)
{
	unsigned file = 0, i = 0;
	char name[64];
	while (i < nsvc) {
		/* sizes from their own stream: --per-file changes only the split */
		uint64_t keep = rng_state;
		rng_state = split_state;
		unsigned per = per_file ? (unsigned)per_file :
			shape != S_DEFAULT ? (nsvc + 19) / 20 : 1000 + below(1001);
		split_state = rng_state;
		rng_state = keep;
		unsigned end = i + per;
		if (end > nsvc)
			end = nsvc;
		o_puts(o, "# generated by tools/gen-inventory.c\nresmap: 1\n\nservices:\n");
		for (; i < end; i++)
			write_service(o, i);
		snprintf(name, sizeof(name), "services-%05u.yaml", ++file);
		st.files++;
		o_write(o, name);
	}
}

static void write_tenants(struct out *o)
{
	o_puts(o, "# generated by tools/gen-inventory.c\nresmap: 1\n\ntenants:\n");
	for (unsigned t = 0; t < ntenants; t++) {
		o_puts(o, "  ");
		put_tenant_id(o, t);
		if (t == 0)
			o_puts(o, ":\n    name: Shared platform\n");
		else
			o_printf(o, ":\n    name: Customer %u\n", t + 1);
		o_printf(o, "    country: %s\n",
			 tenant_countries[t % NELEM(tenant_countries)]);
		o_printf(o, "    status: %s\n", tenant_status(t));
	}
	o_write(o, "tenants.yaml");
}

static void write_taxonomy(struct out *o)
{
	o_puts(o,
"# generated by tools/gen-inventory.c: the taxonomy the services use,\n"
"# declared here so that the inventory loads whatever the built-in one holds\n"
"resmap: 1\n"
"\n"
"data:\n"
"  personal: { name: Personal data }\n"
"  personal.contact: { name: Contact details }\n"
"  personal.contact.email: { name: E-mail address }\n"
"  health: { name: Health data }\n"
"  health.records: { name: Medical records }\n"
"  financial: { name: Financial data }\n"
"  financial.payment: { name: Payment card and account data }\n"
"  comms: { name: Communications }\n"
"  comms.voice: { name: Recorded phone calls }\n"
"  telemetry: { name: Device and usage telemetry }\n"
"\n"
"subjects:\n"
"  customers: { name: Customers }\n"
"  employees: { name: Employees }\n"
"  patients: { name: Patients }\n"
"  eu-residents: { name: Residents of the EU, jurisdiction: EU }\n"
"\n"
"purposes:\n"
"  service.provision: { name: Providing the service }\n"
"  analytics: { name: Analytics }\n"
"  ai.training: { name: Training AI models }\n"
"  marketing: { name: Marketing }\n");
	o_write(o, "taxonomy.yaml");
}

static const char *const policy_regions[] = {
	"azure:eastus", "aws:us-east-1", "gcp:us-central1", "oracle:us-ashburn-1",
	"azure:westeurope", "aws:il-central-1",
};

/*
 * Global policies: narrow ones, as in a real rule book, so that each one
 * is broken by a small share of the facts, not by every fact it matches.
 */
static void write_global_policy(struct out *o, unsigned g)
{
	static const char *const rare[] = {
		"comms.voice", "health.records", "financial.payment", "health",
	};
	const char *data = rare[(g / 5) % NELEM(rare)];
	const char *region = policy_regions[(g / 5) % NELEM(policy_regions)];
	switch (g % 5) {
	case 0:
		o_printf(o, "    description: No %s of patients trains AI models.\n"
			 "    severity: error\n"
			 "    match: { purposes: [ai.training], data: [%s], subjects: [patients] }\n"
			 "    deny: true\n", data, data);
		break;
	case 1:
		o_printf(o, "    description: %s of EU residents stays in the EU.\n"
			 "    severity: error\n"
			 "    match: { data: [%s], subjects: [eu-residents], modes: [stored, replica] }\n"
			 "    allow_in: [EU]\n"
			 "    except: { tenants: [tenant-%05u] }\n", data,
			 g < 5 ? "health" : data, 1 + g % ntenants);
		break;
	case 2:
		o_printf(o, "    description: %s out of reach of CN law.\n"
			 "    severity: warning\n"
			 "    match: { data: [%s] }\n"
			 "    deny_reach: [CN]\n", data, data);
		break;
	case 3:
		o_printf(o, "    description: No marketing to patients by AI services (%s).\n"
			 "    severity: error\n"
			 "    match: { kinds: [ai], purposes: [marketing], subjects: [patients], data: [%s] }\n"
			 "    deny: true\n", data, data);
		break;
	default:
		o_printf(o, "    description: No %s in %s.\n"
			 "    severity: warning\n"
			 "    match: { regions: [%s], data: [%s] }\n"
			 "    deny: true\n", data, region, region, data);
		break;
	}
}

/*
 * Twelve shapes of tenant-scoped policy, varied by k so that no two are
 * identical. The first two policies and one in ten after them are global.
 */
static void write_policy(struct out *o, unsigned p)
{
	unsigned k = p / 12, v = p % 12;
	unsigned t = 1 + (p * 7) % (ntenants > 1 ? ntenants - 1 : 1);
	unsigned svc = (unsigned)(((uint64_t)p * 7919) % nsvc);
	const char *data = data_ids[k % NDATA];
	const char *purpose = purpose_ids[(k + 3) % NELEM(purpose_ids)];
	const char *region = policy_regions[k % NELEM(policy_regions)];
	const char *prov = providers[k % NELEM(providers)].id;
	char scope[64] = "", who[64] = "";

	o_puts(o, "  policy-");
	o_putu(o, p + 1, 3);
	o_puts(o, ":\n");
	if (p < 2 || p % 10 == 5) {
		write_global_policy(o, p < 2 ? p : 2 + p / 10);
		return;
	}
	if (v != 5 && v != 9 && v != 10) {
		snprintf(scope, sizeof(scope), "tenants: [tenant-%05u], ", t + 1);
		snprintf(who, sizeof(who), " (tenant-%05u)", t + 1);
	}
	switch (v) {
	case 0:
		o_printf(o, "    description: No %s data trains AI models%s.\n"
			 "    severity: error\n"
			 "    match: { %spurposes: [ai.training], data: [%s] }\n"
			 "    deny: true\n", data, who, scope, data);
		break;
	case 1:
		o_printf(o, "    description: Health data of EU residents stays in the EU%s.\n"
			 "    severity: error\n"
			 "    match: { %sdata: [health], subjects: [eu-residents], modes: [stored, replica] }\n"
			 "    allow_in: [EU]\n"
			 "    except: { tenants: [tenant-%05u] }\n", who, scope,
			 1 + (t + 1) % ntenants);
		break;
	case 2:
		o_printf(o, "    description: Recorded calls out of US reach%s.\n"
			 "    severity: warning\n"
			 "    match: { %sdata: [comms.voice] }\n"
			 "    deny_reach: [US]\n", who, scope);
		break;
	case 3:
		o_printf(o, "    description: Payment data on %s stays in the EEA or CH%s.\n"
			 "    severity: error\n"
			 "    match: { %sdata: [financial], providers: [%s] }\n"
			 "    allow_in: [EEA, CH]\n", prov, who, scope, prov);
		break;
	case 4:
		o_printf(o, "    description: No %s of patient data by AI services%s.\n"
			 "    severity: error\n"
			 "    match: { %skinds: [ai], purposes: [%s], subjects: [patients] }\n"
			 "    deny: true\n", purpose, who, scope, purpose);
		break;
	case 5:
		o_printf(o, "    description: Personal data of tenant-%05u out of reach of CN and US law.\n"
			 "    severity: warning\n"
			 "    match: { tenants: [tenant-%05u], data: [personal] }\n"
			 "    deny_reach: [CN, US]\n", t + 1, t + 1);
		break;
	case 6:
		o_printf(o, "    description: No medical records in %s%s.\n"
			 "    severity: warning\n"
			 "    match: { %sregions: [%s], data: [health.records] }\n"
			 "    deny: true\n", region, who, scope, region);
		break;
	case 7:
		o_printf(o, "    description: EU residents' data not at rest in the US or India%s.\n"
			 "    severity: info\n"
			 "    match: { %scountries: [US, IN], subjects: [eu-residents], modes: [stored] }\n"
			 "    deny: true\n", who, scope);
		break;
	case 8:
		o_printf(o, "    description: %s data in the EEA is out of US reach%s.\n"
			 "    severity: warning\n"
			 "    match: { %sjurisdictions: [EEA], data: [%s] }\n"
			 "    deny_reach: [US]\n", data, who, scope, data);
		break;
	case 9:
		o_puts(o, "    description: This service does no analytics.\n"
		       "    severity: info\n"
		       "    match: { services: [");
		put_svc_id(o, svc);
		o_puts(o, "], purposes: [analytics] }\n"
		       "    deny: true\n");
		break;
	case 10:
		o_printf(o, "    description: Telemetry of tenant-%05u stays on Azure, in Frankfurt or in NL.\n"
			 "    severity: warning\n"
			 "    match: { data: [telemetry], tenants: [tenant-%05u] }\n"
			 "    allow_in: [azure, aws:eu-central-1, NL]\n", t + 1, t + 1);
		break;
	default:
		o_printf(o, "    description: Customer e-mail stays in the EU, out of CN reach%s.\n"
			 "    severity: error\n"
			 "    match: { %sdata: [personal.contact.email], subjects: [customers], modes: [stored, replica, processed] }\n"
			 "    allow_in: [EU]\n"
			 "    deny_reach: [CN]\n", who, scope);
		break;
	}
}

static void write_policies(struct out *o, unsigned n)
{
	o_puts(o, "# generated by tools/gen-inventory.c\nresmap: 1\n\npolicies:\n");
	if (n == 0)
		o_puts(o, "  {}\n");
	for (unsigned p = 0; p < n; p++)
		write_policy(o, p);
	if (shape == S_VIOLATIONS)   /* ~22% of the facts at 10k sit on these; with the 30 others about a third break a policy */
		o_puts(o, "  policy-broad:\n"
		       "    description: Nothing runs on GCP or Oracle (broken by about a fifth of the facts).\n"
		       "    severity: error\n"
		       "    match: { providers: [gcp, oracle] }\n"
		       "    deny: true\n");
	o_write(o, "policies.yaml");
}

/*
 * Data paths: origin services (own stores) times every chain of sends
 * edges leading on from them, each counted with the data it carries;
 * a rough lower bound on the facts an engine derives. Edges inside an
 * application go to higher indexes and platform services are sinks, so
 * one pass in index order sees every path.
 */
static void print_stats(unsigned npol)
{
	unsigned long long *paths = calloc(nsvc, sizeof(*paths)), total = 0;
	unsigned char *depth = calloc(nsvc, 1);
	unsigned maxdepth = 0;
	unsigned long status[3] = { 0, 0, 0 };
	if (!paths || !depth) {
		fprintf(stderr, "gen-inventory: out of memory\n");
		exit(2);
	}
	for (unsigned q = 0; q < nsvc; q++) {
		/* the dag shapes' edges go to lower indexes */
		unsigned i = shape == S_DEFAULT ? q : nsvc - 1 - q;
		struct svc *s = &svcs[i];
		if (s->own)
			paths[i]++;
		total += paths[i];
		for (unsigned k = 0; k < s->ndeps; k++) {
			if (!s->sends[k] || !paths[i])
				continue;
			unsigned j = s->dep[k];
			paths[j] += paths[i];
			if (depth[j] < depth[i] + 1)
				depth[j] = (unsigned char)(depth[i] + 1);
			if (depth[j] > maxdepth)
				maxdepth = depth[j];
		}
	}
	for (unsigned t = 0; t < ntenants; t++) {
		const char *x = tenant_status(t);
		status[x[0] == 'a' ? 0 : x[0] == 's' ? 1 : 2]++;
	}
	fprintf(stderr,
		"gen-inventory: %u services in %lu files, %u tenants "
		"(%lu active, %lu suspended, %lu disabled), %u policies\n"
		"  %lu region placements, %lu geo, %lu with replicas, "
		"%lu with access_from, %lu with stores\n"
		"  %lu depends_on edges, %lu sending data, %lu cross-tenant; "
		"longest sends chain %u hops; %llu data paths\n",
		nsvc, st.files, ntenants, status[0], status[1], status[2], npol,
		st.regions, st.geo, st.replicas, st.access, st.stores,
		st.edges, st.sends, st.cross, maxdepth, total);
	free(paths);
	free(depth);
}

/* ---- main --------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr, "usage: gen-inventory [-v] -n N -o DIR [--policies P] [--seed S] [--per-file K]\n"
		"       [--shape default|dag|violations|warnings|deep]\n");
	exit(2);
}

static unsigned long parse_num(const char *s, unsigned long max)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > max) {
		fprintf(stderr, "gen-inventory: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	unsigned long n = 0, npol = 30, seed = 1;
	int verbose = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-v")) {
			verbose = 1;
			continue;
		}
		if (i + 1 >= argc)
			usage();
		if (!strcmp(a, "-n"))
			n = parse_num(argv[++i], 9999999);
		else if (!strcmp(a, "-o"))
			outdir = argv[++i];
		else if (!strcmp(a, "--policies"))
			npol = parse_num(argv[++i], 999);
		else if (!strcmp(a, "--per-file"))
			per_file = parse_num(argv[++i], 9999999);
		else if (!strcmp(a, "--shape")) {
			const char *v = argv[++i];
			static const char *const names[] = { "default", "dag",
				"violations", "warnings", "deep" };
			unsigned k = 0;
			while (k < NELEM(names) && strcmp(v, names[k]))
				k++;
			if (k == NELEM(names)) {
				fprintf(stderr, "gen-inventory: unknown shape '%s' "
					"(default, dag, violations, warnings, deep)\n", v);
				exit(2);
			}
			shape = (enum shape)k;
		} else if (!strcmp(a, "--seed"))
			seed = parse_num(argv[++i], (unsigned long)-1);
		else
			usage();
	}
	if (!n || !outdir)
		usage();
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen-inventory: cannot create '%s': %s\n", outdir,
			strerror(errno));
		return 2;
	}
	rng_state = seed * 0x2545f4914f6cdd1dULL + 1;
	split_state = ~rng_state;
	nsvc = (unsigned)n;
	plan_tenants();
	if (shape == S_DEFAULT)
		plan_services();
	else
		plan_dag();

	struct out o = { NULL, 0, 0 };
	write_taxonomy(&o);
	write_tenants(&o);
	write_services(&o);
	write_policies(&o, (unsigned)npol);
	if (verbose)
		print_stats((unsigned)npol);
	free(o.buf);
	free(svcs);
	free(svc_dup);
	free(tenants);
	return 0;
}
