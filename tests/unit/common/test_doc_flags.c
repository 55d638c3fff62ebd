/* test_doc_flags.c - suite common/doc_flags: Traefik-style flags. */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/doc.h"
#include "beacon/limits.h"
#include "doc_test_util.h"
#include "test_support.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void assert_flags_are(int argc, const char *const argv[],
			     const char *expected)
{
	beacon_error_detail err;
	json_t *want = json_loads(expected, 0, NULL);
	json_t *doc = NULL;
	char *got;

	ck_assert_ptr_nonnull(want);
	ck_assert_beacon_ok(beacon_doc_from_flags(&doc, argc, argv, &err),
			    &err);
	got = json_dumps(doc, JSON_SORT_KEYS);
	ck_assert_msg(json_equal(doc, want), "got %s want %s", got, expected);
	free(got);
	json_decref(doc);
	json_decref(want);
}

START_TEST(bare_flags_are_true_or_enabled_sections)
{
	const char *const argv[] = { "--global.sendAnonymousUsage",
				     "--providers.docker",
				     "--api.insecure",
				     "--entryPoints.web.http3",
				     "--ping=true",
				     "--metrics.prometheus=false" };

	assert_flags_are(N(argv), argv,
			 "{\"global\":{\"sendAnonymousUsage\":true},"
			 "\"providers\":{\"docker\":{}},"
			 "\"api\":{\"insecure\":true},"
			 "\"entryPoints\":{\"web\":{\"http3\":{}}},"
			 "\"ping\":{},\"metrics\":{\"prometheus\":false}}");
}
END_TEST

START_TEST(enabling_a_section_keeps_its_settings)
{
	const char *const argv[] = { "--providers.docker.endpoint=unix:///x",
				     "--providers.docker", "--API",
				     "--api.dashboard=true" };

	assert_flags_are(N(argv), argv,
			 "{\"providers\":{\"docker\":{\"endpoint\":"
			 "\"unix:///x\"}},\"API\":{\"dashboard\":true}}");
}
END_TEST

START_TEST(values_are_typed_where_unambiguous)
{
	const char *const argv[] = { "--a.t=true", "--a.f=false", "--a.i=42",
				     "--a.n=-7",   "--a.r=0.5",   "--a.s=:80",
				     "--a.d=42s",  "--a.e=",      "--a.z=007",
				     "--a.y=yes",  "--a.u=null",  "--a.c=x,y" };

	assert_flags_are(N(argv), argv,
			 "{\"a\":{\"t\":true,\"f\":false,\"i\":42,\"n\":-7,"
			 "\"r\":0.5,\"s\":\":80\",\"d\":\"42s\",\"e\":\"\","
			 "\"z\":\"007\",\"y\":\"yes\",\"u\":\"null\","
			 "\"c\":\"x,y\"}}");
}
END_TEST

START_TEST(known_slices_split_on_commas)
{
	const char *const argv[] = {
		"--entryPoints.web.forwardedHeaders.trustedIPs=10.0.0.1,10.0.0."
		"2",
		"--providers.kubernetesCRD.namespaces=",
		"--metrics.prometheus.buckets=0.1,1,2.5",
		"--accessLog.filters.statusCodes=200,300-302"
	};

	assert_flags_are(
	    N(argv), argv,
	    "{\"entryPoints\":{\"web\":{\"forwardedHeaders\":{\"trustedIPs\":"
	    "[\"10.0.0.1\",\"10.0.0.2\"]}}},"
	    "\"providers\":{\"kubernetesCRD\":{\"namespaces\":[]}},"
	    "\"metrics\":{\"prometheus\":{\"buckets\":[0.1,1,2.5]}},"
	    "\"accessLog\":{\"filters\":{\"statusCodes\":[\"200\","
	    "\"300-302\"]}}}");
}
END_TEST

START_TEST(indexes_and_spelling)
{
	const char *const argv[] = {
		"--entryPoints.ws.http.tls.domains[1].main=b.example",
		"--entrypoints.WS.http.tls.domains[0].main=a.example",
		"--entryPoints.ws.http.tls.domains[0].sans=c,d",
		"-log.level",
		"DEBUG",
		"--log.level=INFO"
	};

	assert_flags_are(
	    N(argv), argv,
	    "{\"entryPoints\":{\"ws\":{\"http\":{\"tls\":{\"domains\":["
	    "{\"main\":\"a.example\",\"sans\":[\"c\",\"d\"]},"
	    "{\"main\":\"b.example\"}]}}}},\"log\":{\"level\":\"INFO\"}}");
}
END_TEST

static void assert_flags_fail(const char *arg, int code, const char *frag)
{
	const char *const argv[] = { "--ok=1", arg };
	beacon_error_detail err;
	json_t *doc = NULL;

	ck_assert_int_eq(beacon_doc_from_flags(&doc, 2, argv, &err), code);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(err.source, "flags");
	ck_assert_msg(strstr(err.text, frag) != NULL, "\"%s\" lacks \"%s\"",
		      err.text, frag);
}

START_TEST(bad_flags_are_refused)
{
	assert_flags_fail("positional", BEACON_EINVAL, "not a configuration");
	assert_flags_fail("--", BEACON_EINVAL, "not a configuration");
	assert_flags_fail("--a..b=1", BEACON_EINVAL, "malformed");
	assert_flags_fail("--a.=1", BEACON_EINVAL, "malformed");
	assert_flags_fail("--=1", BEACON_EINVAL, "malformed");
	assert_flags_fail("--a[x]=1", BEACON_EINVAL, "malformed");
	assert_flags_fail("--a[1=1", BEACON_EINVAL, "malformed");
	assert_flags_fail("--ok.x=2", BEACON_EINVAL, "already set");
	assert_flags_fail("--a[5000].b=1", BEACON_ELIMIT, "index");
	assert_flags_fail("--a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y."
			  "z.aa.bb.cc.dd.ee.ff.gg=1",
			  BEACON_ELIMIT, "limit");
}
END_TEST

static int build_flags(json_t **out, const void *payload,
		       beacon_error_detail *err)
{
	const char *const *argv = payload;

	return beacon_doc_from_flags(out, 3, argv, err);
}

START_TEST(allocation_failures_are_clean)
{
	static const char *const argv[] = {
		"--providers.docker", "--entryPoints.web.address=:80",
		"--entryPoints.web.http.tls.domains[0].sans=a,b"
	};
	json_t *doc = doc_test_alloc_loop(build_flags, argv, 0);

	ck_assert_str_eq(json_string_value(beacon_doc_get(
			     doc, "entryPoints.web.http.tls.domains.0.sans.1")),
			 "b");
	json_decref(doc);
}
END_TEST

static Suite *doc_flags_suite(void)
{
	Suite *s = suite_create("common/doc_flags");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, bare_flags_are_true_or_enabled_sections);
	tcase_add_test(tc, enabling_a_section_keeps_its_settings);
	tcase_add_test(tc, values_are_typed_where_unambiguous);
	tcase_add_test(tc, known_slices_split_on_commas);
	tcase_add_test(tc, indexes_and_spelling);
	tcase_add_test(tc, bad_flags_are_refused);
	tcase_add_test(tc, allocation_failures_are_clean);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(doc_flags_suite());
}
