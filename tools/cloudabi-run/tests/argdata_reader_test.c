// SPDX-License-Identifier: GPL-2.0
/*
 * Host test: the test programs' argdata reader against the launcher's
 * encoder.  Values encoded by tools/cloudabi-run/argdata.c read back
 * the same through qemu-tests/runtime/argdata.c, trees survive a round
 * trip byte for byte, and malformed or damaged blobs give -1 without a
 * read outside them: every blob under test sits in a heap block of its
 * exact size, so AddressSanitizer catches a byte read too far.
 *
 * Output is KTAP; the exit status is non-zero when any test fails.
 */

#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../qemu-tests/runtime/argdata.h"
#include "../argdata.h"
#include "host_test.h"


/*
 * An encoded value in a heap block of exactly its size (one byte for
 * null, which is then not part of the value); @bytes NULL leaves it to
 * be filled.
 */
struct blob {
	uint8_t *buf;
	struct rt_ad v;
};

static struct blob blob_of(const void *bytes, size_t len)
{
	struct blob b;

	b.buf = malloc(len ? len : 1);
	if (!b.buf)
		abort();
	if (bytes && len)
		memcpy(b.buf, bytes, len);
	b.v.buf = b.buf;
	b.v.len = len;
	return b;
}

/* Encodes @n with the launcher's encoder and frees it. */
static struct blob encode(struct ad_node *n)
{
	struct blob b;
	size_t len;

	if (!n)
		abort();
	len = ad_encoded_size(n);
	b = blob_of(NULL, len);
	ad_encode(n, b.buf);
	ad_free(n);
	return b;
}

/* "07 81 05" as a blob. */
static struct blob hex(const char *text)
{
	uint8_t bytes[256];
	size_t n = 0;
	unsigned int byte;
	int used;

	while (sscanf(text, " %2x%n", &byte, &used) == 1) {
		bytes[n++] = (uint8_t)byte;
		text += used;
	}
	return blob_of(bytes, n);
}

static void blob_free(struct blob *b)
{
	free(b->buf);
}

static struct ad_node *str(const char *s)
{
	return ad_str(s, strlen(s));
}

static void put(struct ad_node *map, struct ad_node *key,
		struct ad_node *value)
{
	if (ad_map_put(map, key, value))
		abort();
}

static void append(struct ad_node *seq, struct ad_node *value)
{
	if (ad_seq_append(seq, value))
		abort();
}

/* Every getter but the one for @type refuses @v. */
static void expect_only(const char *file, int line, const struct rt_ad *v,
			int type)
{
	struct rt_ad_iter it;
	const char *s;
	const void *p;
	size_t len;
	int64_t i;
	uint32_t fd;
	int b;

	if (type != RT_AD_STR && !rt_ad_str(v, &s, &len))
		fail(file, line, "read as str");
	if (type != RT_AD_INT && !rt_ad_int(v, &i))
		fail(file, line, "read as int");
	if (type != RT_AD_BOOL && !rt_ad_bool(v, &b))
		fail(file, line, "read as bool");
	if (type != RT_AD_FD && !rt_ad_fd(v, &fd))
		fail(file, line, "read as fd");
	if (type != RT_AD_BINARY && !rt_ad_binary(v, &p, &len))
		fail(file, line, "read as binary");
	if (type != RT_AD_SEQ && !rt_ad_seq_begin(v, &it))
		fail(file, line, "iterated as seq");
	if (type != RT_AD_MAP && !rt_ad_map_begin(v, &it))
		fail(file, line, "iterated as map");
}

#define EXPECT_ONLY(v, type) expect_only(__FILE__, __LINE__, v, type)

static void test_null(void)
{
	struct blob b = encode(ad_null());

	EXPECT(rt_ad_type(&b.v) == RT_AD_NULL, "type");
	EXPECT_ONLY(&b.v, RT_AD_NULL);
	blob_free(&b);
}

static void test_bool(void)
{
	int value, out;

	for (value = 0; value < 2; value++) {
		struct blob b = encode(ad_bool(value));

		out = -1;
		EXPECT(rt_ad_type(&b.v) == RT_AD_BOOL, "type");
		EXPECT(!rt_ad_bool(&b.v, &out) && out == value, "%d", value);
		EXPECT_ONLY(&b.v, RT_AD_BOOL);
		blob_free(&b);
	}
}

static void test_fd(void)
{
	static const uint32_t fds[] = { 0, 1, 3, 0x12345678, UINT32_MAX };
	uint32_t out;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fds); i++) {
		struct blob b = encode(ad_fd(fds[i]));

		out = 7;
		EXPECT(rt_ad_type(&b.v) == RT_AD_FD, "type");
		EXPECT(!rt_ad_fd(&b.v, &out) && out == fds[i], "fd %" PRIu32
		       " read as %" PRIu32, fds[i], out);
		EXPECT_ONLY(&b.v, RT_AD_FD);
		blob_free(&b);
	}
}

static void test_int(void)
{
	static const int64_t values[] = {
		0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, -32768,
		0x7fffffff, -0x80000000LL, 0x80000000LL, 0x123456789abcdefLL,
		-0x123456789abcdefLL, INT64_MAX, INT64_MIN, INT64_MAX - 1,
		INT64_MIN + 1,
	};
	struct blob b;
	int64_t out;
	size_t i;
	int shift;

	for (i = 0; i < ARRAY_SIZE(values); i++) {
		b = encode(ad_int(values[i]));
		out = 42;
		EXPECT(rt_ad_type(&b.v) == RT_AD_INT, "type");
		EXPECT(!rt_ad_int(&b.v, &out) && out == values[i],
		       "%" PRId64 " read as %" PRId64, values[i], out);
		EXPECT_ONLY(&b.v, RT_AD_INT);
		blob_free(&b);
	}
	/* Each side of every byte boundary, both signs. */
	for (shift = 0; shift < 63; shift++) {
		int64_t v = (int64_t)1 << shift, w;
		int k;

		for (k = 0; k < 4; k++) {
			w = k & 1 ? -v : v;
			w = k & 2 ? w - 1 : w;
			b = encode(ad_int(w));
			EXPECT(!rt_ad_int(&b.v, &out) && out == w,
			       "%" PRId64, w);
			blob_free(&b);
		}
	}
	b = encode(ad_uint(INT64_MAX));
	EXPECT(!rt_ad_int(&b.v, &out) && out == INT64_MAX, "uint INT64_MAX");
	blob_free(&b);
	b = encode(ad_uint((uint64_t)INT64_MAX + 1));
	EXPECT(rt_ad_type(&b.v) == RT_AD_INT, "big uint type");
	EXPECT(rt_ad_int(&b.v, &out) == -1, "INT64_MAX + 1 overflows");
	blob_free(&b);
	b = encode(ad_uint(UINT64_MAX));
	EXPECT(rt_ad_int(&b.v, &out) == -1, "UINT64_MAX overflows");
	blob_free(&b);
}

static void test_str(void)
{
	static const struct {
		const char *s;
		size_t len;
	} cases[] = {
		{ "", 0 }, { "A", 1 }, { "hello, world", 12 },
		{ "a\0b", 3 }, { "\xc3\xa9t\xc3\xa9", 6 },
	};
	const char *s;
	size_t i, len;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct blob b = encode(ad_str(cases[i].s, cases[i].len));

		s = NULL;
		EXPECT(rt_ad_type(&b.v) == RT_AD_STR, "type");
		EXPECT(!rt_ad_str(&b.v, &s, &len) && len == cases[i].len &&
		       !memcmp(s, cases[i].s, len) && s[len] == '\0',
		       "string %zu", i);
		EXPECT_ONLY(&b.v, RT_AD_STR);
		blob_free(&b);
	}
}

static void test_binary(void)
{
	const void *p;
	size_t len;
	struct blob b = encode(ad_binary(NULL, 0));

	EXPECT(rt_ad_type(&b.v) == RT_AD_BINARY, "type");
	EXPECT(!rt_ad_binary(&b.v, &p, &len) && len == 0, "empty");
	EXPECT_ONLY(&b.v, RT_AD_BINARY);
	blob_free(&b);
	b = encode(ad_binary("\x00\xff\x01", 3));
	EXPECT(!rt_ad_binary(&b.v, &p, &len) && len == 3 &&
	       !memcmp(p, "\x00\xff\x01", 3), "three bytes");
	blob_free(&b);
}

/* No getter for these: the type, the payload, and no other reading. */
static void test_float_timestamp(void)
{
	struct blob b = encode(ad_float(-0.0));

	EXPECT(rt_ad_type(&b.v) == RT_AD_FLOAT, "float type");
	EXPECT(b.v.len == 9 && b.buf[1] == 0x80, "-0.0");
	EXPECT_ONLY(&b.v, RT_AD_FLOAT);
	blob_free(&b);
	b = encode(ad_timestamp(-1, 500000000));
	EXPECT(rt_ad_type(&b.v) == RT_AD_TIMESTAMP, "timestamp type");
	EXPECT_ONLY(&b.v, RT_AD_TIMESTAMP);
	blob_free(&b);
}

/* The two examples of abi-facts.md section 4, as a program reads them. */
static void test_abi_examples(void)
{
	struct ad_node *seq = ad_seq(), *map = ad_map();
	struct rt_ad_iter it;
	struct rt_ad value;
	struct blob b;
	const char *s;
	size_t len;
	int64_t i;
	uint32_t fd;
	int t;

	append(seq, ad_int(0));
	append(seq, ad_bool(1));
	append(seq, str("A"));
	b = encode(seq);
	EXPECT(b.v.len == 10 && !memcmp(b.buf, "\x07\x81\x05\x82\x02\x01"
					"\x83\x08\x41\x00", 10), "bytes");
	EXPECT(rt_ad_type(&b.v) == RT_AD_SEQ, "seq type");
	EXPECT(!rt_ad_seq_begin(&b.v, &it), "begin");
	EXPECT(rt_ad_seq_next(&it, &value) == 1 &&
	       !rt_ad_int(&value, &i) && i == 0, "0");
	EXPECT(rt_ad_seq_next(&it, &value) == 1 &&
	       !rt_ad_bool(&value, &t) && t == 1, "true");
	EXPECT(rt_ad_seq_next(&it, &value) == 1 &&
	       !rt_ad_str(&value, &s, &len) && len == 1 && *s == 'A', "A");
	EXPECT(rt_ad_seq_next(&it, &value) == 0, "end");
	EXPECT(rt_ad_seq_next(&it, &value) == 0, "end stays");
	blob_free(&b);

	put(map, str("tmpdir"), ad_fd(0));
	put(map, str("logfile"), ad_fd(1));
	put(map, str("nthreads"), ad_int(1));
	b = encode(map);
	EXPECT(b.v.len == 46, "46 bytes");
	EXPECT(rt_ad_map_get(&b.v, "tmpdir", &value) == 1 &&
	       !rt_ad_fd(&value, &fd) && fd == 0, "tmpdir");
	EXPECT(rt_ad_map_get(&b.v, "logfile", &value) == 1 &&
	       !rt_ad_fd(&value, &fd) && fd == 1, "logfile");
	EXPECT(rt_ad_map_get(&b.v, "nthreads", &value) == 1 &&
	       !rt_ad_int(&value, &i) && i == 1, "nthreads");
	EXPECT(rt_ad_map_get(&b.v, "tmp", &value) == 0, "a prefix");
	EXPECT(rt_ad_map_get(&b.v, "tmpdirs", &value) == 0, "longer");
	EXPECT(rt_ad_map_get(&b.v, "", &value) == 0, "empty key");
	blob_free(&b);
}

static void test_map_walk(void)
{
	struct ad_node *map = ad_map();
	struct rt_ad_iter it;
	struct rt_ad key, value;
	struct blob b;
	const char *s;
	size_t len;
	int64_t i;

	put(map, ad_int(5), str("int key"));
	put(map, ad_null(), ad_null());
	put(map, ad_str("a\0b", 3), ad_int(1));
	put(map, str("a"), ad_int(2));
	put(map, str("a"), ad_int(3));
	put(map, str("z"), ad_seq());
	b = encode(map);
	EXPECT(!rt_ad_map_begin(&b.v, &it), "begin");
	EXPECT(rt_ad_map_next(&it, &key, &value) == 1 &&
	       !rt_ad_int(&key, &i) && i == 5 &&
	       !rt_ad_str(&value, &s, &len) && len == 7, "int key first");
	EXPECT(rt_ad_map_next(&it, &key, &value) == 1 &&
	       rt_ad_type(&key) == RT_AD_NULL &&
	       rt_ad_type(&value) == RT_AD_NULL, "null key and value");
	EXPECT(rt_ad_map_next(&it, &key, &value) == 1 &&
	       !rt_ad_str(&key, &s, &len) && len == 3, "key with a NUL");
	EXPECT(rt_ad_map_next(&it, &key, &value) == 1, "a");
	EXPECT(rt_ad_map_next(&it, &key, &value) == 1, "a again");
	EXPECT(rt_ad_map_next(&it, &key, &value) == 1 &&
	       rt_ad_type(&value) == RT_AD_SEQ && value.len == 1, "z");
	EXPECT(rt_ad_map_next(&it, &key, &value) == 0, "end");
	/* The first "a" wins; "a\0b" is not "a"; an int key is no string. */
	EXPECT(rt_ad_map_get(&b.v, "a", &value) == 1 &&
	       !rt_ad_int(&value, &i) && i == 2, "first match");
	EXPECT(rt_ad_map_get(&b.v, "5", &value) == 0, "int key");
	blob_free(&b);
}

/* Subfield lengths at the varint boundaries, read back whole. */
static void test_long_values(void)
{
	static const size_t lens[] = {
		126, 127, 128, 16382, 16383, 16384, 2097150, 2097151, 2097152,
	};
	struct ad_node *seq = ad_seq();
	struct rt_ad_iter it;
	struct rt_ad value;
	struct blob b;
	uint8_t *data = malloc(lens[8]);
	const void *p;
	const char *s;
	size_t i, len;

	for (i = 0; i < lens[8]; i++)
		data[i] = (uint8_t)(i * 7 + 1);
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		append(seq, ad_binary(data, lens[i] - 1));
		append(seq, ad_str((char *)data, lens[i] - 2));
	}
	b = encode(seq);
	EXPECT(!rt_ad_seq_begin(&b.v, &it), "begin");
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		EXPECT(rt_ad_seq_next(&it, &value) == 1 &&
		       value.len == lens[i] &&
		       !rt_ad_binary(&value, &p, &len) &&
		       len == lens[i] - 1 && !memcmp(p, data, len),
		       "binary subfield of %zu", lens[i]);
		EXPECT(rt_ad_seq_next(&it, &value) == 1 &&
		       value.len == lens[i] &&
		       !rt_ad_str(&value, &s, &len) &&
		       len == lens[i] - 2 && !memcmp(s, data, len),
		       "str subfield of %zu", lens[i]);
	}
	EXPECT(rt_ad_seq_next(&it, &value) == 0, "end");
	blob_free(&b);
	free(data);
}

/* 100 levels, seqs and maps by turns, walked down to the int inside. */
static void test_deep_nesting(void)
{
	enum { DEPTH = 100 };
	struct ad_node *n = ad_int(1), *c;
	struct rt_ad_iter it;
	struct rt_ad v, next;
	struct blob b;
	int level, ok = 1;
	int64_t i = 0;

	for (level = 0; level < DEPTH; level++) {
		c = level % 2 ? ad_map() : ad_seq();
		if (level % 2)
			put(c, str("k"), n);
		else
			append(c, n);
		n = c;
	}
	b = encode(n);
	v = b.v;
	for (level = DEPTH - 1; ok && level >= 0; level--) {
		if (level % 2) {
			ok = rt_ad_map_get(&v, "k", &next) == 1;
		} else {
			ok = !rt_ad_seq_begin(&v, &it) &&
			     rt_ad_seq_next(&it, &next) == 1 &&
			     rt_ad_seq_next(&it, &v) == 0;
		}
		v = next;
	}
	EXPECT(ok, "walked down to level %d", level + 1);
	EXPECT(ok && !rt_ad_int(&v, &i) && i == 1, "the int inside");
	blob_free(&b);
}

/* A small deterministic PRNG (xorshift64*), so failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1d;
}

static struct ad_node *random_tree(int depth)
{
	struct ad_node *n;
	char text[24];
	int i, count;

	switch (rng() % (depth > 0 ? 11 : 9)) {
	case 0:
		return ad_null();
	case 1:
		for (i = 0; i < (int)sizeof(text); i++)
			text[i] = (char)rng();
		return ad_binary(text, rng() % sizeof(text));
	case 2:
		return ad_bool((int)(rng() % 2));
	case 3:
		return ad_fd((uint32_t)rng());
	case 4:
		return ad_float((double)(int64_t)rng() / 1024);
	case 5:
		return ad_int((int64_t)rng() >> (rng() % 64));
	case 6:
		for (i = 0; i < (int)sizeof(text); i++)
			text[i] = (char)('a' + rng() % 26);
		return ad_str(text, rng() % sizeof(text));
	case 7:
		return ad_timestamp((int64_t)rng() >> 30,
				    (uint32_t)(rng() % 1000000000));
	case 8:
		return ad_uint(rng());
	case 9:
		n = ad_seq();
		for (count = (int)(rng() % 6); count > 0; count--)
			append(n, random_tree(depth - 1));
		return n;
	default:
		n = ad_map();
		for (count = (int)(rng() % 6); count > 0; count--)
			put(n, random_tree(depth - 1), random_tree(depth - 1));
		return n;
	}
}

/*
 * Rebuilds the tree a reader sees, with the encoder's constructors:
 * ints, fds, strings through the getters under test; floats and
 * timestamps (which have none) from their payload bytes.  NULL when the
 * reader refuses something it should not.
 */
static struct ad_node *rebuild(const struct rt_ad *v)
{
	struct ad_node *n = NULL, *k, *e;
	struct rt_ad_iter it;
	struct rt_ad key, value;
	const void *p;
	const char *s;
	uint64_t bits = 0;
	size_t len, i;
	int64_t num;
	uint32_t fd;
	int b, r = 0;

	switch (rt_ad_type(v)) {
	case RT_AD_NULL:
		return ad_null();
	case RT_AD_BINARY:
		return rt_ad_binary(v, &p, &len) ? NULL : ad_binary(p, len);
	case RT_AD_BOOL:
		return rt_ad_bool(v, &b) ? NULL : ad_bool(b);
	case RT_AD_FD:
		return rt_ad_fd(v, &fd) ? NULL : ad_fd(fd);
	case RT_AD_FLOAT: {
		double d;

		for (i = 1; i < 9; i++)
			bits = bits << 8 | v->buf[i];
		memcpy(&d, &bits, sizeof(d));
		return ad_float(d);
	}
	case RT_AD_INT:
		if (!rt_ad_int(v, &num))
			return ad_int(num);
		/* Only a uint beyond INT64_MAX may overflow. */
		if (v->len != 10 || v->buf[1] != 0x00)
			return NULL;
		for (i = 2; i < 10; i++)
			bits = bits << 8 | v->buf[i];
		return ad_uint(bits);
	case RT_AD_TIMESTAMP: {
		/* The nanoseconds are an int's payload behind another tag. */
		uint8_t copy[16];
		struct rt_ad as_int = { copy, v->len };

		if (v->len > sizeof(copy))
			return NULL;
		memcpy(copy, v->buf, v->len);
		copy[0] = RT_AD_INT;
		if (rt_ad_int(&as_int, &num))
			return NULL;
		if (num % 1000000000 < 0)
			return ad_timestamp(num / 1000000000 - 1,
					    num % 1000000000 + 1000000000);
		return ad_timestamp(num / 1000000000, num % 1000000000);
	}
	case RT_AD_STR:
		return rt_ad_str(v, &s, &len) ? NULL : ad_str(s, len);
	case RT_AD_SEQ:
		if (rt_ad_seq_begin(v, &it))
			return NULL;
		n = ad_seq();
		while ((r = rt_ad_seq_next(&it, &value)) == 1) {
			e = rebuild(&value);
			if (!e)
				break;
			append(n, e);
		}
		break;
	case RT_AD_MAP:
		if (rt_ad_map_begin(v, &it))
			return NULL;
		n = ad_map();
		while ((r = rt_ad_map_next(&it, &key, &value)) == 1) {
			k = rebuild(&key);
			e = k ? rebuild(&value) : NULL;
			if (!e) {
				ad_free(k);
				break;
			}
			put(n, k, e);
		}
		break;
	default:
		return NULL;
	}
	if (r != 0) {
		ad_free(n);
		return NULL;
	}
	return n;
}

static void test_round_trip(void)
{
	struct ad_node *n, *back;
	struct blob b, again;
	int round, bad = 0;

	for (round = 0; round < 2000; round++) {
		n = random_tree(4);
		b = encode(n);
		back = rebuild(&b.v);
		if (!back) {
			EXPECT(back, "round %d: the reader refused it", round);
			blob_free(&b);
			break;
		}
		again = encode(back);
		if (again.v.len != b.v.len ||
		    memcmp(again.buf, b.buf, b.v.len))
			bad++;
		blob_free(&again);
		blob_free(&b);
	}
	EXPECT(!bad, "%d of 2000 trees differ after the round trip", bad);
}

static void test_malformed_scalars(void)
{
	static const struct {
		const char *hex, *what;
	} bad[] = {
		{ "00", "tag 0" }, { "0a", "tag 10" }, { "ff 01", "tag 255" },
		{ "02 00", "bool 00" }, { "02 02", "bool 02" },
		{ "02 01 01", "bool too long" }, { "03", "fd empty" },
		{ "03 00 00 01", "fd 3 bytes" },
		{ "03 00 00 00 00 01", "fd 5 bytes" },
		{ "04 3f f0 00 00 00 00 00", "float 7 bytes" },
		{ "04 3f f0 00 00 00 00 00 00 00", "float 9 bytes" },
		{ "08", "str empty" }, { "08 41", "str without NUL" },
		{ "08 41 00 42", "str NUL not last" },
	};
	struct blob b;
	int64_t i;
	size_t k;
	const char *s;
	size_t len;

	for (k = 0; k < ARRAY_SIZE(bad); k++) {
		b = hex(bad[k].hex);
		EXPECT(rt_ad_type(&b.v) == -1, "type of %s", bad[k].what);
		EXPECT_ONLY(&b.v, -1);
		blob_free(&b);
	}
	/* Ints: only significant bytes beyond eight overflow. */
	b = hex("05 00 80 00 00 00 00 00 00 00");
	EXPECT(rt_ad_int(&b.v, &i) == -1, "INT64_MAX + 1");
	blob_free(&b);
	b = hex("05 ff 7f ff ff ff ff ff ff ff");
	EXPECT(rt_ad_int(&b.v, &i) == -1, "INT64_MIN - 1");
	blob_free(&b);
	b = hex("05 01 00 00 00 00 00 00 00 00");
	EXPECT(rt_ad_int(&b.v, &i) == -1, "2^64");
	blob_free(&b);
	b = hex("05 00 00 00 7f ff ff ff ff ff ff ff");
	EXPECT(!rt_ad_int(&b.v, &i) && i == INT64_MAX, "padded INT64_MAX");
	blob_free(&b);
	b = hex("05 ff ff 80 00 00 00 00 00 00 00");
	EXPECT(!rt_ad_int(&b.v, &i) && i == INT64_MIN, "padded INT64_MIN");
	blob_free(&b);
	b = hex("05 00 00");
	EXPECT(!rt_ad_int(&b.v, &i) && i == 0, "padded 0");
	blob_free(&b);
	/* Strings may hold NULs; only the last must be one. */
	b = hex("08 00 00");
	EXPECT(!rt_ad_str(&b.v, &s, &len) && len == 1, "NUL in a string");
	blob_free(&b);
}

static void test_malformed_containers(void)
{
	static const struct {
		const char *hex, *what;
	} bad[] = {
		{ "07 01", "truncated varint" },
		{ "07 01 01 01", "varint without an end" },
		{ "07 85 05 01", "length past the end" },
		{ "07 81", "length past the end, nothing left" },
		{ "07 81 05 82 02", "second length past the end" },
		{ "07 7f 7f 7f 7f 7f 7f 7f 7f 7f 7f ff", "varint overflow" },
		{ "07 02 00 00 00 00 00 00 00 00 80", "varint of 2^64" },
		{ "07 01 ff ff ff ff ff ff ff ff", "huge length" },
	};
	struct rt_ad_iter it;
	struct rt_ad key, value;
	struct blob b;
	size_t k;
	int r;

	for (k = 0; k < ARRAY_SIZE(bad); k++) {
		b = hex(bad[k].hex);
		EXPECT(rt_ad_type(&b.v) == RT_AD_SEQ, "type of %s",
		       bad[k].what);
		EXPECT(!rt_ad_seq_begin(&b.v, &it), "begin");
		while ((r = rt_ad_seq_next(&it, &value)) == 1)
			;
		EXPECT(r == -1, "%s: %d", bad[k].what, r);
		EXPECT(rt_ad_seq_next(&it, &value) == -1, "%s stays",
		       bad[k].what);
		/* The same bytes as a map fail in the same place. */
		b.buf[0] = RT_AD_MAP;
		EXPECT(!rt_ad_map_begin(&b.v, &it), "map begin");
		while ((r = rt_ad_map_next(&it, &key, &value)) == 1)
			;
		EXPECT(r == -1, "%s as map: %d", bad[k].what, r);
		EXPECT(rt_ad_map_get(&b.v, "x", &value) == -1, "%s, get",
		       bad[k].what);
		blob_free(&b);
	}
	/* A length of 2^63 with 9 bytes: no overflow, but past the end. */
	b = hex("07 01 00 00 00 00 00 00 00 00 80");
	EXPECT(!rt_ad_seq_begin(&b.v, &it) &&
	       rt_ad_seq_next(&it, &value) == -1, "2^63 past the end");
	blob_free(&b);
	/* Long but valid: leading zero groups, a length that just fits. */
	b = hex("07 00 00 82 05 01 80");
	EXPECT(!rt_ad_seq_begin(&b.v, &it) &&
	       rt_ad_seq_next(&it, &value) == 1 && value.len == 2 &&
	       rt_ad_seq_next(&it, &value) == 1 && value.len == 0 &&
	       rt_ad_seq_next(&it, &value) == 0, "padded varint");
	blob_free(&b);
	/* A map with a key but no value. */
	b = hex("06 82 08 00");
	EXPECT(!rt_ad_map_begin(&b.v, &it) &&
	       rt_ad_map_next(&it, &key, &value) == -1, "odd map");
	EXPECT(rt_ad_map_get(&b.v, "", &value) == -1, "odd map, get");
	blob_free(&b);
	/* A match before the damage is found; a miss reaches it. */
	b = hex("06 83 08 61 00 82 05 07 85 08");
	EXPECT(rt_ad_map_get(&b.v, "a", &value) == 1, "match first");
	EXPECT(rt_ad_map_get(&b.v, "b", &value) == -1, "miss");
	blob_free(&b);
	/* Containers only as themselves, and a null is neither. */
	b = hex("07");
	EXPECT(rt_ad_map_begin(&b.v, &it) == -1, "seq as map");
	EXPECT(rt_ad_map_get(&b.v, "a", &value) == -1, "get on a seq");
	blob_free(&b);
	b = hex("06");
	EXPECT(rt_ad_seq_begin(&b.v, &it) == -1, "map as seq");
	EXPECT(rt_ad_map_get(&b.v, "a", &value) == 0, "empty map");
	blob_free(&b);
	b = hex("");
	EXPECT(rt_ad_seq_begin(&b.v, &it) == -1 &&
	       rt_ad_map_begin(&b.v, &it) == -1, "null");
	blob_free(&b);
}

/*
 * Reads everything in @v the way a program could, checking that a type
 * reported means its getter works; -1 at the first malformed part.
 */
static int walk(const struct rt_ad *v, int depth)
{
	struct rt_ad_iter it;
	struct rt_ad key, value;
	const void *p;
	const char *s;
	size_t len;
	int64_t i;
	uint32_t fd;
	int b, r, type = rt_ad_type(v);

	EXPECT(depth < 1000, "runaway depth");
	switch (type) {
	case RT_AD_BINARY:
		EXPECT(!rt_ad_binary(v, &p, &len), "binary");
		break;
	case RT_AD_BOOL:
		EXPECT(!rt_ad_bool(v, &b), "bool");
		break;
	case RT_AD_FD:
		EXPECT(!rt_ad_fd(v, &fd), "fd");
		break;
	case RT_AD_INT:
		rt_ad_int(v, &i);
		break;
	case RT_AD_STR:
		EXPECT(!rt_ad_str(v, &s, &len) && s[len] == '\0', "str");
		break;
	case RT_AD_SEQ:
		EXPECT(!rt_ad_seq_begin(v, &it), "seq");
		while ((r = rt_ad_seq_next(&it, &value)) == 1)
			if (walk(&value, depth + 1))
				return -1;
		return r;
	case RT_AD_MAP:
		EXPECT(!rt_ad_map_begin(v, &it), "map");
		while ((r = rt_ad_map_next(&it, &key, &value)) == 1) {
			if (walk(&key, depth + 1) || walk(&value, depth + 1))
				return -1;
			rt_ad_map_get(v, "k", &value);
		}
		return r;
	}
	return type < 0 ? -1 : 0;
}

/*
 * Damaged blobs, each in a block of its exact size: every truncation of
 * an encoded tree, then random byte changes and random bytes.  Nothing
 * may read outside (AddressSanitizer) and a walk must end.
 */
static void test_damage(void)
{
	struct ad_node *n = ad_map(), *seq = ad_seq();
	static const uint8_t zeros[130];
	struct blob whole, part;
	size_t len, k;
	int round, valid = 0;

	put(n, str("k"), random_tree(5));
	put(n, str("long"), ad_binary(zeros, 130));
	append(seq, ad_int(-1));
	append(seq, ad_null());
	append(seq, ad_fd(3));
	append(seq, ad_bool(1));
	append(seq, ad_timestamp(1, 2));
	put(n, str("seq"), seq);
	whole = encode(n);
	EXPECT(!walk(&whole.v, 0), "the whole tree is valid");
	for (len = 0; len < whole.v.len; len++) {
		part = blob_of(whole.buf, len);
		walk(&part.v, 0);
		blob_free(&part);
	}
	for (round = 0; round < 20000; round++) {
		part = blob_of(whole.buf, whole.v.len);
		for (k = 1 + rng() % 3; k > 0; k--)
			part.buf[rng() % whole.v.len] = (uint8_t)rng();
		valid += !walk(&part.v, 0);
		blob_free(&part);
	}
	for (round = 0; round < 20000; round++) {
		len = rng() % 24;
		part = blob_of(NULL, len);
		for (k = 0; k < len; k++)
			part.buf[k] = (uint8_t)(k ? rng() : 6 + rng() % 2);
		walk(&part.v, 0);
		blob_free(&part);
	}
	printf("# %d of 20000 damaged trees still read as valid\n", valid);
	blob_free(&whole);
}

static const struct host_test tests[] = {
	{ "null", test_null },
	{ "bool", test_bool },
	{ "fd", test_fd },
	{ "int", test_int },
	{ "str", test_str },
	{ "binary", test_binary },
	{ "float_timestamp", test_float_timestamp },
	{ "abi_examples", test_abi_examples },
	{ "map_walk", test_map_walk },
	{ "long_values", test_long_values },
	{ "deep_nesting", test_deep_nesting },
	{ "round_trip", test_round_trip },
	{ "malformed_scalars", test_malformed_scalars },
	{ "malformed_containers", test_malformed_containers },
	{ "damage", test_damage },
};

int main(void)
{
	return run_host_tests(tests, ARRAY_SIZE(tests), "argdata_reader_",
			      "argdata reader", NULL);
}
