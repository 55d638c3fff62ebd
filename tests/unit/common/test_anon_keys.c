/*
 * test_anon_keys.c - suite common/anon_keys: keys the schema does not name
 * do not survive (beacon/anon.h): a secret written as a key is dropped with
 * its value at the top level, in a known section, in an exported object and
 * deep inside a non-exported one; keys the schema names but does not export
 * keep Traefik's "xxxx"; user-chosen keys of a "*" map are kept, and the
 * masking pass still applies to them.
 */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/anon.h"
#include "beacon/doc.h"
#include "beacon/mask.h"
#include "test_support.h"

static json_t *yaml(const char *text)
{
	beacon_error_detail err;
	json_t *doc = NULL;

	ck_assert_beacon_ok(beacon_doc_load_buffer(&doc, text, strlen(text),
						   BEACON_DOC_YAML, "test",
						   &err),
			    &err);
	return doc;
}

/* Compact anonymized text of config (steals config), with the schema given
 * or the embedded Traefik one. New, beacon_free. */
static char *anon_text(json_t *config, const beacon_export_schema *given)
{
	beacon_export_schema *schema = NULL;
	beacon_error_detail err;
	json_t *out = NULL;
	char *text = NULL;

	if (given == NULL)
		ck_assert_beacon_ok(beacon_export_schema_traefik(&schema, &err),
				    &err);
	ck_assert_beacon_ok(
	    beacon_anonymize(&out, config, given ? given : schema, &err), &err);
	ck_assert_beacon_ok(
	    beacon_anon_dump(&text, NULL, out, BEACON_DUMP_COMPACT, &err),
	    &err);
	json_decref(out);
	json_decref(config);
	beacon_export_schema_free(schema);
	return text;
}

static void expect(const char *input_yaml, const char *want,
		   const char *const *secrets)
{
	char *text = anon_text(yaml(input_yaml), NULL);

	ck_assert_str_eq(text, want);
	for (; secrets != NULL && *secrets != NULL; secrets++)
		ck_assert_msg(strstr(text, *secrets) == NULL, "%s leaked: %s",
			      *secrets, text);
	beacon_free(text);
}

START_TEST(top_level)
{
	static const char *const secrets[] = { "ghp_", "SECRET", "value",
					       NULL };

	expect("ghp_SECRETtoken123: value\n"
	       "global:\n  checkNewVersion: true\n"
	       "sk_live_SECRET: {nested: value}\n",
	       "{\"global\":{\"checkNewVersion\":true}}", secrets);
}
END_TEST

/* providers.docker is known: endpoint is named (not exported): "xxxx". */
START_TEST(known_section)
{
	static const char *const secrets[] = { "s3cr3t", "ghp_", "docker.sock",
					       NULL };

	expect("providers:\n  docker:\n"
	       "    exposedByDefault: false\n"
	       "    endpoint: unix:///var/run/docker.sock\n"
	       "    s3cr3tKey: \"v\"\n"
	       "    ghp_tokenAsKey: [a, b]\n"
	       "    s3cr3tNumber: 1\n",
	       "{\"providers\":{\"docker\":{\"exposedByDefault\":false,"
	       "\"endpoint\":\"xxxx\"}}}",
	       secrets);
}
END_TEST

START_TEST(exported_object)
{
	static const char *const secrets[] = { "sk_live", "ghp_", NULL };

	expect("serversTransport:\n  forwardingTimeouts:\n"
	       "    dialTimeout: 10s\n"
	       "    sk_live_SECRET: \"v\"\n"
	       "global:\n  ghp_SECRET: v\n  sendAnonymousUsage: true\n",
	       "{\"serversTransport\":{\"forwardingTimeouts\":{"
	       "\"dialTimeout\":\"10s\"}},"
	       "\"global\":{\"sendAnonymousUsage\":true}}",
	       secrets);
}
END_TEST

/* udp is named, not exported: dropped with everything below it; the same
 * for an unknown key's subtree. trustedIPs: named strings -> "xxxx". */
START_TEST(deep_in_non_exported)
{
	static const char *const secrets[] = { "ghp_", "timeout", "mystery",
					       "10.0.0", NULL };

	expect("entryPoints:\n  web:\n    address: \":80\"\n"
	       "    reusePort: true\n"
	       "    udp:\n      timeout: 10s\n"
	       "      ghp_deepInUdp: {x: {ghp_deeper: v}}\n"
	       "    proxyProtocol:\n"
	       "      trustedIPs: [10.0.0.1, 10.0.0.2]\n"
	       "      insecure: true\n"
	       "      ghp_inProxy: v\n"
	       "mysteryBlock:\n  nested:\n    ghp_deepUnknown: v\n",
	       "{\"entryPoints\":{\"web\":{\"address\":\":80\","
	       "\"proxyProtocol\":{\"trustedIPs\":[\"xxxx\",\"xxxx\"],"
	       "\"insecure\":true}}}}",
	       secrets);
}
END_TEST

/* Named keys match in any letter case; the user's spelling is kept. */
START_TEST(named_any_case)
{
	static const char *const secrets[] = { "tcp://", "hunter2", "ghp_",
					       NULL };

	expect("PROVIDERS:\n  DOCKER:\n    ENDPOINT: tcp://h:2375\n"
	       "    Password: hunter2\n    GHP_X: v\n"
	       "  knative:\n    publicService: {Name: svc, desc: d}\n",
	       "{\"PROVIDERS\":{\"DOCKER\":{\"ENDPOINT\":\"xxxx\","
	       "\"Password\":\"xxxx\"},\"knative\":{\"publicService\":{"
	       "\"Name\":\"xxxx\",\"desc\":\"xxxx\"}}}}",
	       secrets);
}
END_TEST

/* A "*" map keeps user-chosen keys; URL/IP/e-mail/domain-like ones are
 * masked. A plain token there is, by design (DESIGN), kept. */
static const char *const maskable_keys[] = {
	"api.example.com",           "10.1.2.3",    "alice@example.org",
	"https://hub.example.net/x", "2001:db8::1",
};

START_TEST(map_key_masked)
{
	const char *key = maskable_keys[_i];
	json_t *config =
	    json_pack("{s:{s:{s:s},s:{s:s}},s:{s:{s:{s:s,s:s}}}}",
		      "entryPoints", key, "address", ":81", "plain-name-7",
		      "address", ":85", "certificatesResolvers", key, "acme",
		      "email", "bob@example.com", "ghp_inAcme", "v");
	char want[512];
	char *text = anon_text(config, NULL);

	snprintf(want, sizeof(want),
		 "{\"entryPoints\":{\"%s\":{\"address\":\":81\"},"
		 "\"plain-name-7\":{\"address\":\":85\"}},"
		 "\"certificatesResolvers\":{\"%s\":{\"acme\":{\"email\":"
		 "\"xxxx\"}}}}",
		 BEACON_MASK_TEXT, BEACON_MASK_TEXT);
	ck_assert_str_eq(text, want);
	ck_assert_ptr_null(strstr(text, "example"));
	ck_assert_ptr_null(strstr(text, "ghp_"));
	beacon_free(text);
}
END_TEST

/* The free-form map providers.http.headers: keys kept, values redacted. */
START_TEST(redacted_map_keys)
{
	static const char *const secrets[] = { "Bearer", "example", NULL };

	expect("providers:\n  http:\n    headers:\n"
	       "      Authorization: Bearer abc\n"
	       "      X-Host.example.com: v\n",
	       "{\"providers\":{\"http\":{\"headers\":{\"Authorization\":"
	       "\"xxxx\",\"" BEACON_MASK_TEXT "\":\"xxxx\"}}}}",
	       secrets);
}
END_TEST

/* Any schema: {} exports the object, not its members; "redact" names a
 * key; an unnamed key is dropped whatever its value. */
START_TEST(custom_schema)
{
	json_t *sdoc = yaml("format: beacon-export-schema/1\n"
			    "export:\n  api: {}\n  db:\n    port: keep\n"
			    "    password: redact\n");
	beacon_export_schema *schema = NULL;
	beacon_error_detail err;
	char *text;

	ck_assert_beacon_ok(beacon_export_schema_load_doc(&schema, sdoc, &err),
			    &err);
	json_decref(sdoc);
	text = anon_text(yaml("api: {dashboard: true, ghp_x: v}\n"
			      "db: {port: 5432, password: pw, ghp_y: [v]}\n"
			      "ghp_z: v\n"),
			 schema);
	ck_assert_str_eq(text, "{\"api\":{},\"db\":{\"port\":5432,"
			       "\"password\":\"xxxx\"}}");
	beacon_free(text);
	beacon_export_schema_free(schema);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("common/anon_keys");
	TCase *tc = tcase_create("keys");

	tcase_add_test(tc, top_level);
	tcase_add_test(tc, known_section);
	tcase_add_test(tc, exported_object);
	tcase_add_test(tc, deep_in_non_exported);
	tcase_add_test(tc, named_any_case);
	tcase_add_loop_test(tc, map_key_masked, 0,
			    sizeof(maskable_keys) / sizeof(maskable_keys[0]));
	tcase_add_test(tc, redacted_map_keys);
	tcase_add_test(tc, custom_schema);
	suite_add_tcase(s, tc);
	return beacon_test_run(s);
}
