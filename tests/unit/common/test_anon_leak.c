/*
 * test_anon_leak.c - suite common/anon_leak: the anonymizer as a property.
 *
 * Generates LEAK_CONFIGS configurations per run from the export schema
 * (seeded PRNG; the seed is printed, BEACON_LEAK_SEED=<n> replays one),
 * with canaries planted in every non-exported position (tokens, passwords,
 * URLs, host names, IPv4/IPv6 addresses, e-mails, PEM blocks, home paths,
 * base64-encoded credentials),
 * inside exported strings and in user-chosen map keys (maskable kinds
 * there: a bare token in a field Traefik exports is, by design, exported),
 * in values whose shape contradicts the schema and in the dynamic sections,
 * and as KEYS the schema does not name (a plain "canary-secret-key-<n>"
 * that masking cannot catch: only dropping the unknown key removes it) in
 * every object that is not a "*" map, top level included, and inside
 * non-exported objects.
 * The compact output must contain no canary, in any letter case, nor its
 * base64; and every benign value planted in an exported position must
 * survive, so the property can fail both ways.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "beacon/alloc.h"
#include "beacon/anon.h"
#include "beacon/base64.h"
#include "beacon/doc.h"
#include "test_support.h"

#define LEAK_CONFIGS 2000
#define SCHEMA_FILE BEACON_SOURCE_DIR "/schema/traefik-static.export.yaml"
#define MAX_PLANTS 4096
#define NEEDLE_LEN 12
#define TEXT_SIZE 160
#define PERCENT 100

typedef struct plant {
	char needle[TEXT_SIZE]; /* must not appear */
	char value[TEXT_SIZE];  /* the whole planted string */
} plant;

typedef struct gen {
	uint64_t state;
	plant canaries[MAX_PLANTS];
	size_t ncanaries;
	char benign[MAX_PLANTS][TEXT_SIZE]; /* must appear */
	size_t nbenign;
	unsigned nkeys; /* key canaries planted in this configuration */
} gen;

static gen g;
static const json_t *export_rules;
static uint64_t seed;

static uint64_t next(void)
{
	uint64_t z = (g.state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static unsigned pick(unsigned n)
{
	return (unsigned)(next() % n);
}

static int chance(unsigned percent)
{
	return pick(PERCENT) < percent;
}

static void random_word(char *out, const char *prefix)
{
	size_t n = strlen(prefix), i;

	memcpy(out, prefix, n);
	for (i = 0; i < NEEDLE_LEN; i++)
		out[n + i] = (char)('a' + pick(26));
	out[n + NEEDLE_LEN] = '\0';
}

/* A canary of a maskable kind (any=0) or of any kind (any=1). */
static const char *canary(int any)
{
	plant *p = &g.canaries[g.ncanaries < MAX_PLANTS - 1 ? g.ncanaries++
							    : g.ncanaries];
	char w[NEEDLE_LEN + 3], addr[NEEDLE_LEN * 4];
	unsigned kind = pick(any ? 11 : 7);
	char *b64 = NULL;

	random_word(w, "zq");
	snprintf(p->needle, sizeof(p->needle), "%s", w);
	switch (kind) {
	case 0:
		snprintf(p->value, sizeof(p->value),
			 "https://%s.example.com/p?token=t", w);
		break;
	case 1:
		snprintf(p->value, sizeof(p->value), "%s.corp.internal:8443",
			 w);
		break;
	case 2:
		snprintf(addr, sizeof(addr), "10.%u.%u.%u", 1 + pick(250),
			 1 + pick(250), 1 + pick(250));
		snprintf(p->needle, sizeof(p->needle), "%s", addr);
		snprintf(p->value, sizeof(p->value), "%s:8080", addr);
		break;
	case 3:
		snprintf(addr, sizeof(addr), "2001:db8:%x:%x::%x",
			 1 + pick(0xfff0), 1 + pick(0xfff0), 1 + pick(0xfff0));
		snprintf(p->needle, sizeof(p->needle), "%s", addr);
		snprintf(p->value, sizeof(p->value), "[%s]:443", addr);
		break;
	case 4:
		snprintf(p->value, sizeof(p->value), "%s@example.org", w);
		break;
	case 5:
		snprintf(p->value, sizeof(p->value),
			 "-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE "
			 "KEY-----",
			 w);
		break;
	case 6:
		snprintf(p->value, sizeof(p->value), "/home/%s/certs/key.pem",
			 w);
		break;
	case 7:
		snprintf(p->value, sizeof(p->value), "sk_live_%s", w);
		break;
	case 8:
		snprintf(p->value, sizeof(p->value), "%s", w); /* password */
		break;
	case 9:
		snprintf(p->value, sizeof(p->value), "/var/lib/%s/secret", w);
		break;
	default: /* an encoded credential: the needle is its base64 */
		if (beacon_base64_encode(&b64, NULL, w, strlen(w)) != BEACON_OK)
			ck_abort_msg("base64 failed");
		snprintf(p->needle, sizeof(p->needle), "%s", b64);
		snprintf(p->value, sizeof(p->value), "Basic %s", b64);
		beacon_free(b64);
		break;
	}
	return p->value;
}

/* A secret written as a key at a position the schema does not name: a
 * plain token, so the masking pass would keep it. */
static const char *key_canary(void)
{
	plant *p = &g.canaries[g.ncanaries < MAX_PLANTS - 1 ? g.ncanaries++
							    : g.ncanaries];

	snprintf(p->needle, sizeof(p->needle), "canary-secret-key-%u",
		 g.nkeys++);
	memcpy(p->value, p->needle, sizeof(p->value));
	return p->value;
}

static const char *benign(void)
{
	char *b =
	    g.benign[g.nbenign < MAX_PLANTS - 1 ? g.nbenign++ : g.nbenign];

	random_word(b, "ok");
	return b;
}

/* Random letter case: matching must be case-insensitive. */
static void recase(char *dst, const char *src, size_t size)
{
	size_t i;

	snprintf(dst, size, "%s", src);
	if (chance(70))
		return;
	for (i = 0; dst[i] != '\0'; i++)
		if (dst[i] >= 'a' && dst[i] <= 'z' && chance(50))
			dst[i] = (char)(dst[i] - 'a' + 'A');
}

/* A value for a position that is not exported. */
static json_t *secret_value(int depth)
{
	json_t *v;

	switch (pick(depth > 2 ? 3 : 5)) {
	case 0:
		return json_string(canary(1));
	case 1:
		return json_pack("[ss]", canary(1), canary(1));
	case 2:
		return json_integer((json_int_t)pick(100000));
	case 3:
		v = json_object();
		json_object_set_new(v, canary(0), secret_value(depth + 1));
		json_object_set_new(v, "password", secret_value(depth + 1));
		json_object_set_new(v, key_canary(), secret_value(depth + 1));
		return v;
	default:
		return json_pack("[{s:s}]", "token", canary(1));
	}
}

/* A value for an exported leaf: benign (must survive), or a maskable
 * canary inside benign text, or a shape the schema does not expect. */
static json_t *leaf_value(void)
{
	char text[2 * TEXT_SIZE];

	switch (pick(6)) {
	case 0:
		return json_string(benign());
	case 1:
		snprintf(text, sizeof(text), "%s %s", benign(), canary(0));
		return json_string(text);
	case 2:
		return json_pack("[ss]", benign(), canary(0));
	case 3:
		return json_pack("{s:s}", "nested", canary(1));
	case 4:
		return chance(50) ? json_true() : json_integer(42);
	default:
		return json_pack("[[s]]", canary(1));
	}
}

static json_t *gen_object(const json_t *rule, int depth);

static json_t *gen_for_rule(const json_t *rule, int depth)
{
	if (json_is_object(rule)) {
		if (json_object_get(rule, "[]") != NULL)
			return json_pack(
			    "[o]",
			    gen_object(json_object_get(rule, "[]"), depth + 1));
		if (chance(5)) /* wrong shape: anything but an object */
			return chance(50) ? json_pack("[s]", canary(1))
					  : json_string(canary(1));
		return gen_object(rule, depth + 1);
	}
	if (strcmp(json_string_value(rule), "keep") == 0)
		return leaf_value();
	return secret_value(depth); /* redact, drop */
}

/* A user-chosen map key: a plain name or a host name (masked). Not
 * recorded as must-survive: its value may legitimately be dropped. */
static const char *map_key(void)
{
	static char name[TEXT_SIZE];

	random_word(name, "ep");
	return chance(60) ? name : canary(0);
}

static json_t *gen_object(const json_t *rule, int depth)
{
	json_t *obj = json_object(), *child;
	const char *key;
	char cased[TEXT_SIZE];
	unsigned i, extra = 1 + pick(2);
	int keep_map;

	json_object_foreach((json_t *)(uintptr_t)rule, key, child)
	{
		if (strcmp(key, "[]") == 0 || !chance(depth < 2 ? 60 : 35))
			continue;
		recase(cased, strcmp(key, "*") == 0 ? map_key() : key,
		       sizeof(cased));
		json_object_set_new(obj, cased, gen_for_rule(child, depth));
	}
	/* Members the schema does not know; under a "*": keep map they are
	 * exported leaves, so only maskable canaries go there. */
	keep_map =
	    json_is_string(json_object_get(rule, "*")) &&
	    strcmp(json_string_value(json_object_get(rule, "*")), "keep") == 0;
	for (i = 0; i < extra; i++)
		json_object_set_new(obj, i ? canary(0) : "credentials",
				    keep_map ? json_string(canary(0))
					     : secret_value(depth));
	/* Not a map: any other key is unknown there, a secret as a key. A
	 * string value, which the old rule kept (as "xxxx") with its key. */
	if (json_object_get(rule, "*") == NULL)
		json_object_set_new(obj, key_canary(), json_string(canary(1)));
	return obj;
}

static json_t *gen_config(void)
{
	json_t *config = gen_object(export_rules, 0);
	static const char *const dynamic[] = { "http", "tcp",  "udp",
					       "tls",  "HTTP", "Tcp" };
	size_t k = pick(6);

	while (json_object_get(config, dynamic[k]) != NULL)
		k = (k + 1) % 6;
	json_object_set_new(config, dynamic[k],
			    json_pack("{s:{s:{s:s,s:s}}}", "routers", "r",
				      "rule", canary(1), "service", benign()));
	g.nbenign--; /* that benign value is in a dropped section */
	return config;
}

/* ASCII lower-case copy (new, beacon_free): searches are case-blind. */
static char *lowered(const char *s)
{
	char *copy = beacon_strdup(s);
	size_t i;

	if (copy == NULL)
		ck_abort_msg("out of memory");
	for (i = 0; copy[i] != '\0'; i++)
		if (copy[i] >= 'A' && copy[i] <= 'Z')
			copy[i] = (char)(copy[i] - 'A' + 'a');
	return copy;
}

static int contains_ci(const char *lower_hay, const char *needle)
{
	char *lower_needle = lowered(needle);
	int found = strstr(lower_hay, lower_needle) != NULL;

	beacon_free(lower_needle);
	return found;
}

/* Hot loop: ck_abort_msg only on failure, since every passing ck_assert
 * writes a progress record and that dominated the run time. */
static void assert_absent(const char *out, const char *lower_out, const char *s)
{
	char *b64 = NULL;

	if (contains_ci(lower_out, s))
		ck_abort_msg("seed %" PRIu64
			     ": canary \"%s\" leaked in %.2000s",
			     seed, s, out);
	if (beacon_base64_encode(&b64, NULL, s, strlen(s)) != BEACON_OK)
		ck_abort_msg("base64 failed");
	if (strstr(out, b64) != NULL)
		ck_abort_msg("seed %" PRIu64 ": base64 of \"%s\" in output",
			     seed, s);
	beacon_free(b64);
}

static void check_one(const beacon_export_schema *schema)
{
	json_t *config, *out = NULL;
	char *text = NULL, *in_text = NULL, *lower_text, *lower_in;
	beacon_error_detail err;
	size_t i;

	g.ncanaries = g.nbenign = 0;
	g.nkeys = 0;
	config = gen_config();
	ck_assert_beacon_ok(beacon_anonymize(&out, config, schema, &err), &err);
	ck_assert_beacon_ok(
	    beacon_anon_dump(&text, NULL, out, BEACON_DUMP_COMPACT, &err),
	    &err);
	ck_assert_beacon_ok(
	    beacon_anon_dump(&in_text, NULL, config, BEACON_DUMP_COMPACT, &err),
	    &err);
	lower_text = lowered(text);
	lower_in = lowered(in_text);
	for (i = 0; i < g.ncanaries; i++) {
		if (!contains_ci(lower_in, g.canaries[i].needle))
			ck_abort_msg("canary %s not planted",
				     g.canaries[i].needle);
		assert_absent(text, lower_text, g.canaries[i].needle);
		assert_absent(text, lower_text, g.canaries[i].value);
	}
	for (i = 0; i < g.nbenign; i++)
		if (strstr(text, g.benign[i]) == NULL)
			ck_abort_msg("seed %" PRIu64
				     ": exported value %s lost in %.2000s",
				     seed, g.benign[i], text);
	beacon_free(lower_in);
	beacon_free(lower_text);
	beacon_free(in_text);
	beacon_free(text);
	json_decref(out);
	json_decref(config);
}

START_TEST(no_canary_survives)
{
	beacon_export_schema *schema = NULL;
	beacon_error_detail err;
	json_t *schema_doc = NULL;
	int n;

	ck_assert_beacon_ok(beacon_doc_load_file(&schema_doc, SCHEMA_FILE,
						 BEACON_DOC_YAML, &err),
			    &err);
	export_rules = json_object_get(schema_doc, "export");
	ck_assert_ptr_nonnull(export_rules);
	ck_assert_beacon_ok(beacon_export_schema_traefik(&schema, &err), &err);
	g.state = seed;
	for (n = 0; n < LEAK_CONFIGS; n++)
		check_one(schema);
	beacon_export_schema_free(schema);
	json_decref(schema_doc);
}
END_TEST

int main(void)
{
	const char *env = getenv("BEACON_LEAK_SEED");
	Suite *s = suite_create("common/anon_leak");
	TCase *tc = tcase_create("leak");

	seed = env != NULL ? strtoull(env, NULL, 10)
			   : (uint64_t)time(NULL) ^ (uint64_t)clock();
	fprintf(stderr,
		"test_anon_leak: seed %" PRIu64 " (BEACON_LEAK_SEED=%" PRIu64
		" replays it)\n",
		seed, seed);
	tcase_add_test(tc, no_canary_survives);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return beacon_test_run(s);
}
