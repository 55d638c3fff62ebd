/* test_base64.c - suite common/base64. */
#include <stdint.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/base64.h"
#include "test_support.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* RFC 4648 section 10 vectors, plus bytes outside ASCII. */
static const struct vector {
	const char *plain;
	size_t len;
	const char *encoded;
} vectors[] = {
	{ "", 0, "" },
	{ "f", 1, "Zg==" },
	{ "fo", 2, "Zm8=" },
	{ "foo", 3, "Zm9v" },
	{ "foob", 4, "Zm9vYg==" },
	{ "fooba", 5, "Zm9vYmE=" },
	{ "foobar", 6, "Zm9vYmFy" },
	{ "\0", 1, "AA==" },
	{ "\xff\xfe\xfd", 3, "//79" },
	{ "\xfb\xef\xbe", 3, "++++" },
	{ "{}", 2, "e30=" },
};

/* One vector of vectors, by index. */
static void encode_vectors_one(int idx)
{
	const struct vector *v = &vectors[idx];
	char *out = NULL;
	size_t len = 99;

	ck_assert_int_eq(beacon_base64_encode(&out, &len, v->plain, v->len),
			 BEACON_OK);
	ck_assert_str_eq(out, v->encoded);
	ck_assert_uint_eq(len, strlen(v->encoded));
	beacon_free(out);
}

START_TEST(encode_vectors)
{
	int i;

	for (i = 0; i < NELEM(vectors); i++)
		encode_vectors_one(i);
}
END_TEST

/* One vector of vectors, by index. */
static void decode_vectors_one(int idx)
{
	const struct vector *v = &vectors[idx];
	void *out = NULL;
	size_t len = 99;

	ck_assert_int_eq(
	    beacon_base64_decode(&out, &len, v->encoded, strlen(v->encoded)),
	    BEACON_OK);
	ck_assert_uint_eq(len, v->len);
	ck_assert_mem_eq(out, v->plain, v->len);
	ck_assert_int_eq(((char *)out)[len], '\0');
	beacon_free(out);
}

START_TEST(decode_vectors)
{
	int i;

	for (i = 0; i < NELEM(vectors); i++)
		decode_vectors_one(i);
}
END_TEST

/* Inputs the strict decoder refuses with BEACON_EPARSE. */
static const char *const bad_inputs[] = {
	"Zg",           /* length not a multiple of 4 */
	"Zg=",          /* idem */
	"Zm9vY",        /* idem */
	"Z===",         /* three padding characters */
	"====",         /* padding only */
	"=Zg=",         /* padding first */
	"Zg=a",         /* padding inside the group */
	"Zg==Zg==",     /* padding before the end */
	"Zh==",         /* non-zero unused bits (canonical is Zg==) */
	"Zm9=",         /* non-zero unused bits (canonical is Zm8=) */
	"Zm9v ",        /* whitespace */
	"Zm9 v",        /* idem, length 5 */
	"Zm9\tYmFy",    /* tab */
	"Zm9vYmFy\n",   /* trailing newline */
	"Zm9vYm\r\nFy", /* line break */
	"Zm9-",         /* URL-safe alphabet */
	"Zm9_",         /* idem */
	"Zm9.",         /* other punctuation */
	"Zm\xc3\xa9",   /* non-ASCII */
};

/* One vector of bad_inputs, by index. */
static void decode_rejects_one(int idx)
{
	const char *s = bad_inputs[idx];
	void *out = (void *)1;
	size_t len = 99;

	ck_assert_msg(beacon_base64_decode(&out, &len, s, strlen(s)) ==
			  BEACON_EPARSE,
		      "accepted \"%s\"", s);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(len, 0);
}

START_TEST(decode_rejects)
{
	int i;

	for (i = 0; i < NELEM(bad_inputs); i++)
		decode_rejects_one(i);
}
END_TEST

START_TEST(decode_rejects_embedded_nul)
{
	void *out = NULL;
	size_t len = 0;

	ck_assert_int_eq(beacon_base64_decode(&out, &len, "Zm\0v", 4),
			 BEACON_EPARSE);
	ck_assert_int_eq(beacon_base64_decode(&out, &len, "Zm9v\0\0\0\0", 8),
			 BEACON_EPARSE);
	ck_assert_ptr_null(out);
}
END_TEST

/* Decode one final group; 1 if accepted and re-encoded identically, 0 if
 * refused with BEACON_EPARSE, -1 for anything else. */
static int canonical_group(const char *group)
{
	void *out = NULL;
	char *again = NULL;
	size_t len = 0;
	int rc = beacon_base64_decode(&out, &len, group, 4), ok;

	if (rc != BEACON_OK)
		return rc == BEACON_EPARSE ? 0 : -1;
	ok = beacon_base64_encode(&again, NULL, out, len) == BEACON_OK &&
	     strcmp(again, group) == 0;
	beacon_free(out);
	beacon_free(again);
	return ok ? 1 : -1;
}

/* Over the final groups "ab==" (all a, b) and "abc=" (all b, c; a at
 * both ends of the alphabet): accepted exactly when canonical. */
START_TEST(only_canonical_final_groups)
{
	const char *abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			  "0123456789+/";
	char group[5] = "xx==";
	size_t a, b, c, accepted = 0, refused = 0, other = 0;
	int r;

	for (a = 0; a < 64; a++) {
		for (b = 0; b < 64; b++) {
			group[0] = abc[a];
			group[1] = abc[b];
			group[2] = '=';
			r = canonical_group(group);
			accepted += r == 1;
			refused += r == 0;
			other += r < 0;
			for (c = 0; a % 63 == 0 && c < 64; c++) {
				group[2] = abc[c];
				r = canonical_group(group);
				accepted += r == 1;
				refused += r == 0;
				other += r < 0;
			}
		}
	}
	ck_assert_uint_eq(other, 0);
	/* "ab==": 4 of 64 b per a; "abc=": 16 of 64 c per (a, b). */
	ck_assert_uint_eq(accepted, 64 * 4 + 2 * 64 * 16);
	ck_assert_uint_eq(accepted + refused, 64 * 64 + 2 * 64 * 64);
}
END_TEST

/* xorshift32: deterministic pseudo-random bytes. */
static uint32_t next_random(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

START_TEST(random_round_trips)
{
	unsigned char data[1024];
	uint32_t state = 0x2545f491u;
	size_t len, i, n, declen;
	char *text;
	void *back;
	int round;

	for (round = 0; round < 500; round++) {
		len = next_random(&state) % sizeof(data);
		for (i = 0; i < len; i++)
			data[i] = (unsigned char)next_random(&state);
		ck_assert_int_eq(beacon_base64_encode(&text, &n, data, len),
				 BEACON_OK);
		ck_assert_uint_eq(n, (len + 2) / 3 * 4);
		ck_assert_uint_eq(strlen(text), n);
		ck_assert_int_eq(beacon_base64_decode(&back, &declen, text, n),
				 BEACON_OK);
		ck_assert_uint_eq(declen, len);
		ck_assert_mem_eq(back, data, len);
		beacon_free(text);
		beacon_free(back);
	}
}
END_TEST

START_TEST(limits_and_arguments)
{
	static const char byte = 'x';
	char *text = (char *)1;
	void *out = (void *)1;
	size_t len = 7;

	/* Sizes are checked before any byte is read. */
	ck_assert_int_eq(beacon_base64_encode(&text, NULL, &byte,
					      BEACON_BASE64_MAX_DECODED + 1),
			 BEACON_ELIMIT);
	ck_assert_ptr_null(text);
	ck_assert_int_eq(beacon_base64_encode(&text, NULL, &byte, SIZE_MAX),
			 BEACON_ELIMIT);
	ck_assert_int_eq(beacon_base64_decode(&out, &len, "AAAA",
					      BEACON_BASE64_MAX_ENCODED + 4),
			 BEACON_ELIMIT);
	ck_assert_int_eq(beacon_base64_decode(&out, &len, "AAAA", SIZE_MAX),
			 BEACON_ELIMIT);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(beacon_base64_encode(NULL, NULL, "a", 1),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacon_base64_encode(&text, NULL, NULL, 1),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacon_base64_decode(NULL, &len, "", 0),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacon_base64_decode(&out, NULL, "", 0),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacon_base64_decode(&out, &len, NULL, 4),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacon_base64_encode(&text, &len, NULL, 0), BEACON_OK);
	ck_assert_str_eq(text, "");
	beacon_free(text);
}
END_TEST

START_TEST(allocation_failure)
{
	char *text = (char *)1;
	void *out = (void *)1;
	size_t len = 7;

	beacon_alloc_fail_after(0);
	ck_assert_int_eq(beacon_base64_encode(&text, &len, "foobar", 6),
			 BEACON_ENOMEM);
	ck_assert_int_eq(beacon_base64_decode(&out, &len, "Zm9vYmFy", 8),
			 BEACON_ENOMEM);
	ck_assert_int_eq(beacon_base64_decode(&out, &len, "", 0),
			 BEACON_ENOMEM);
	ck_assert_int_eq(beacon_alloc_failures(), 3);
	beacon_alloc_fail_after(-1);
	ck_assert_ptr_null(text);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(len, 0);
	/* The first allocation succeeding is enough for both directions. */
	beacon_alloc_fail_after(1);
	ck_assert_int_eq(beacon_base64_encode(&text, &len, "foobar", 6),
			 BEACON_OK);
	beacon_alloc_fail_after(1);
	ck_assert_int_eq(beacon_base64_decode(&out, &len, text, len),
			 BEACON_OK);
	beacon_alloc_fail_after(-1);
	ck_assert_mem_eq(out, "foobar", 6);
	beacon_free(text);
	beacon_free(out);
}
END_TEST

static Suite *base64_suite(void)
{
	Suite *s = suite_create("common/base64");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, encode_vectors);
	tcase_add_test(tc, decode_vectors);
	tcase_add_test(tc, decode_rejects);
	tcase_add_test(tc, decode_rejects_embedded_nul);
	tcase_add_test(tc, only_canonical_final_groups);
	tcase_add_test(tc, random_round_trips);
	tcase_add_test(tc, limits_and_arguments);
	tcase_add_test(tc, allocation_failure);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(base64_suite());
}
