// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-run - host tests of the argdata encoder
 *
 * Byte-for-byte checks of every type at its edges, the examples of the
 * ABI facts, subfield lengths at every varint boundary, deep nesting,
 * ad_print() and out-of-memory paths.  The encoder is included rather
 * than linked so that its allocations can be made to fail on demand and
 * its varint helpers checked beyond what fits in memory.
 *
 * Output is KTAP; the exit status is non-zero when any test fails.
 */

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_test.h"

/*
 * Allocation failure injection: with alloc_countdown = N, N more
 * allocations succeed and every one after them fails; -1 turns it off.
 */
static long alloc_countdown = -1;

static bool alloc_fails(void)
{
	if (alloc_countdown < 0)
		return false;
	if (alloc_countdown > 0) {
		alloc_countdown--;
		return false;
	}
	errno = ENOMEM;
	return true;
}

static void *test_calloc(size_t n, size_t size)
{
	return alloc_fails() ? NULL : calloc(n, size);
}

static void *test_realloc(void *p, size_t size)
{
	return alloc_fails() ? NULL : realloc(p, size);
}

#define calloc test_calloc
#define realloc test_realloc
#include "../argdata.c"
#undef calloc
#undef realloc


static void print_hex(const char *what, const uint8_t *p, size_t len)
{
	size_t i;

	printf("#   %s (%zu):", what, len);
	for (i = 0; i < len && i < 48; i++)
		printf(" %02x", p[i]);
	printf("%s\n", i < len ? " ..." : "");
}

/* "07 81 05" to bytes; returns the count. */
static size_t parse_hex(const char *hex, uint8_t *out)
{
	size_t n = 0;
	unsigned int byte;
	int used;

	while (sscanf(hex, " %2x%n", &byte, &used) == 1) {
		out[n++] = (uint8_t)byte;
		hex += used;
	}
	return n;
}

/*
 * Encodes @n into a buffer with guard bytes behind it and compares with
 * @hex; frees @n.  Checks ad_encoded_size() against the length too.
 */
static void expect_bytes_at(const char *file, int line, struct ad_node *n,
			    const char *hex)
{
	uint8_t want[256], *got;
	size_t want_len = parse_hex(hex, want), size, i;

	if (!n) {
		fail(file, line, "constructor returned NULL for %s", hex);
		return;
	}
	size = ad_encoded_size(n);
	got = malloc(size + 16);
	memset(got, 0xa5, size + 16);
	ad_encode(n, got);
	if (size != want_len || memcmp(got, want, size)) {
		fail(file, line, "encoding differs");
		print_hex("want", want, want_len);
		print_hex("got", got, size);
	}
	for (i = size; i < size + 16; i++)
		if (got[i] != 0xa5) {
			fail(file, line, "wrote past ad_encoded_size()");
			break;
		}
	free(got);
	ad_free(n);
}

#define EXPECT_BYTES(n, hex) expect_bytes_at(__FILE__, __LINE__, n, hex)

/* The encoding of @n in a new buffer; *@len gets its size. */
static uint8_t *encode(const struct ad_node *n, size_t *len)
{
	uint8_t *buf;

	*len = ad_encoded_size(n);
	buf = malloc(*len ? *len : 1);
	ad_encode(n, buf);
	return buf;
}

static struct ad_node *str(const char *s)
{
	return ad_str(s, strlen(s));
}

static struct ad_node *seq_of(int count, ...)
{
	struct ad_node *seq = ad_seq();
	va_list ap;

	va_start(ap, count);
	while (count--)
		if (ad_seq_append(seq, va_arg(ap, struct ad_node *)))
			abort();
	va_end(ap);
	return seq;
}

static void test_null(void)
{
	struct ad_node *n = ad_null();

	EXPECT(ad_node_type(n) == AD_NULL, "type");
	EXPECT(ad_encoded_size(n) == 0, "top-level null has no bytes");
	EXPECT_BYTES(n, "");
	EXPECT_BYTES(seq_of(2, ad_null(), ad_null()), "07 80 80");
	EXPECT_BYTES(seq_of(0), "07");
	EXPECT_BYTES(ad_map(), "06");
}

static void test_bool(void)
{
	struct ad_node *n = ad_bool(0);

	EXPECT(ad_node_type(n) == AD_BOOL, "type");
	EXPECT_BYTES(n, "02");
	EXPECT_BYTES(ad_bool(1), "02 01");
	EXPECT_BYTES(ad_bool(42), "02 01");
	EXPECT_BYTES(ad_bool(-1), "02 01");
}

static void test_fd(void)
{
	struct ad_node *n = ad_fd(0);

	EXPECT(ad_node_type(n) == AD_FD, "type");
	EXPECT_BYTES(n, "03 00 00 00 00");
	EXPECT_BYTES(ad_fd(3), "03 00 00 00 03");
	EXPECT_BYTES(ad_fd(0x12345678), "03 12 34 56 78");
	EXPECT_BYTES(ad_fd(UINT32_MAX), "03 ff ff ff ff");
}

static void test_int_small(void)
{
	static const struct {
		int64_t v;
		const char *hex;
	} cases[] = {
		{ 0, "05" }, { 1, "05 01" }, { -1, "05 ff" },
		{ 127, "05 7f" }, { 128, "05 00 80" }, { 255, "05 00 ff" },
		{ 256, "05 01 00" }, { -128, "05 80" }, { -129, "05 ff 7f" },
		{ -256, "05 ff 00" }, { -257, "05 fe ff" },
		{ 32767, "05 7f ff" }, { 32768, "05 00 80 00" },
		{ -32768, "05 80 00" }, { -32769, "05 ff 7f ff" },
		{ 0x7fffff, "05 7f ff ff" }, { 0x800000, "05 00 80 00 00" },
		{ INT32_MAX, "05 7f ff ff ff" },
		{ INT32_MIN, "05 80 00 00 00" },
		{ (int64_t)INT32_MIN - 1, "05 ff 7f ff ff ff" },
	};
	struct ad_node *n = ad_int(0);
	size_t i;

	EXPECT(ad_node_type(n) == AD_INT, "type");
	ad_free(n);
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		EXPECT_BYTES(ad_int(cases[i].v), cases[i].hex);
}

static void test_int_limits(void)
{
	struct ad_node *n;

	EXPECT_BYTES(ad_int(INT64_MAX), "05 7f ff ff ff ff ff ff ff");
	EXPECT_BYTES(ad_int(INT64_MIN), "05 80 00 00 00 00 00 00 00");
	EXPECT_BYTES(ad_int(INT64_MIN + 1), "05 80 00 00 00 00 00 00 01");
	EXPECT_BYTES(ad_int(-0x80000000000000),
		     "05 80 00 00 00 00 00 00");
	EXPECT_BYTES(ad_int(-0x80000000000001),
		     "05 ff 7f ff ff ff ff ff ff");
	EXPECT_BYTES(ad_uint(0), "05");
	EXPECT_BYTES(ad_uint(128), "05 00 80");
	EXPECT_BYTES(ad_uint(INT64_MAX), "05 7f ff ff ff ff ff ff ff");
	EXPECT_BYTES(ad_uint((uint64_t)INT64_MAX + 1),
		     "05 00 80 00 00 00 00 00 00 00");
	EXPECT_BYTES(ad_uint(UINT64_MAX), "05 00 ff ff ff ff ff ff ff ff");
	n = ad_uint(UINT64_MAX);
	EXPECT(ad_node_type(n) == AD_INT, "a uint is an int");
	ad_free(n);
}

static struct ad_node *float_bits(uint64_t bits)
{
	double d;

	memcpy(&d, &bits, sizeof(d));
	return ad_float(d);
}

static void test_float(void)
{
	struct ad_node *n = ad_float(1.0);

	EXPECT(ad_node_type(n) == AD_FLOAT, "type");
	EXPECT_BYTES(n, "04 3f f0 00 00 00 00 00 00");
	EXPECT_BYTES(ad_float(-2.5), "04 c0 04 00 00 00 00 00 00");
	EXPECT_BYTES(ad_float(0.0), "04 00 00 00 00 00 00 00 00");
	EXPECT_BYTES(ad_float(-0.0), "04 80 00 00 00 00 00 00 00");
	EXPECT_BYTES(ad_float(INFINITY), "04 7f f0 00 00 00 00 00 00");
	EXPECT_BYTES(ad_float(-INFINITY), "04 ff f0 00 00 00 00 00 00");
	EXPECT_BYTES(ad_float(NAN), "04 7f f8 00 00 00 00 00 00");
	/* A NaN's sign and payload are passed on untouched. */
	EXPECT_BYTES(float_bits(0xfff8000000000123),
		     "04 ff f8 00 00 00 00 01 23");
	EXPECT_BYTES(float_bits(1), "04 00 00 00 00 00 00 00 01");
	EXPECT_BYTES(ad_float(0.1), "04 3f b9 99 99 99 99 99 9a");
}

static void test_str(void)
{
	struct ad_node *n = str("");

	EXPECT(ad_node_type(n) == AD_STR, "type");
	EXPECT_BYTES(n, "08 00");
	EXPECT_BYTES(str("A"), "08 41 00");
	EXPECT_BYTES(ad_str("a\0b", 3), "08 61 00 62 00");
	EXPECT_BYTES(ad_str("hello", 2), "08 68 65 00");
	EXPECT_BYTES(ad_str(NULL, 0), "08 00");
	EXPECT_BYTES(str("\xc3\xa9"), "08 c3 a9 00");
}

static void test_binary(void)
{
	struct ad_node *n = ad_binary(NULL, 0);

	EXPECT(ad_node_type(n) == AD_BINARY, "type");
	EXPECT_BYTES(n, "01");
	EXPECT_BYTES(ad_binary("\x00\xff", 2), "01 00 ff");
	EXPECT_BYTES(ad_binary("A", 1), "01 41");
}

static void test_timestamp(void)
{
	struct ad_node *n = ad_timestamp(0, 0);

	EXPECT(ad_node_type(n) == AD_TIMESTAMP, "type");
	EXPECT_BYTES(n, "09");
	EXPECT_BYTES(ad_timestamp(0, 1), "09 01");
	EXPECT_BYTES(ad_timestamp(0, 999999999), "09 3b 9a c9 ff");
	EXPECT_BYTES(ad_timestamp(1, 0), "09 3b 9a ca 00");
	EXPECT_BYTES(ad_timestamp(0, 1000000000), "09 3b 9a ca 00");
	/* nsec beyond a second carries out of the low 64 bits here. */
	EXPECT_BYTES(ad_timestamp(-1, 1000000000), "09");
	EXPECT_BYTES(ad_timestamp(-2, 4000000000), "09 77 35 94 00");
	EXPECT_BYTES(ad_timestamp(-1, 0), "09 c4 65 36 00");
	EXPECT_BYTES(ad_timestamp(-1, 500000000), "09 e2 32 9b 00");
	EXPECT_BYTES(ad_timestamp(-1, 999999999), "09 ff");
	EXPECT_BYTES(ad_timestamp(1445412480, 123456789),
		     "09 14 0f 22 fe 17 ac cd 15");
	/* Around the ends of int64 nanoseconds (year 1677 and 2262). */
	EXPECT_BYTES(ad_timestamp(9223372036, 854775807),
		     "09 7f ff ff ff ff ff ff ff");
	EXPECT_BYTES(ad_timestamp(9223372036, 854775808),
		     "09 00 80 00 00 00 00 00 00 00");
	EXPECT_BYTES(ad_timestamp(-9223372037, 145224192),
		     "09 80 00 00 00 00 00 00 00");
	EXPECT_BYTES(ad_timestamp(-9223372037, 145224191),
		     "09 ff 7f ff ff ff ff ff ff ff");
	/* And far beyond: 96 bits. */
	EXPECT_BYTES(ad_timestamp(INT64_MAX, 999999999),
		     "09 1d cd 64 ff ff ff ff ff ff ff ff ff");
	EXPECT_BYTES(ad_timestamp(INT64_MIN, 0),
		     "09 e2 32 9b 00 00 00 00 00 00 00 00 00");
	EXPECT_BYTES(ad_timestamp(INT64_MIN, 999999999),
		     "09 e2 32 9b 00 00 00 00 00 3b 9a c9 ff");
}

/* The two examples of abi-facts.md section 4, byte for byte. */
static void test_abi_examples(void)
{
	struct ad_node *map = ad_map();

	EXPECT_BYTES(seq_of(3, ad_int(0), ad_bool(1), str("A")),
		     "07 81 05 82 02 01 83 08 41 00");
	EXPECT(!ad_map_put(map, str("tmpdir"), ad_fd(0)), "put");
	EXPECT(!ad_map_put(map, str("logfile"), ad_fd(1)), "put");
	EXPECT(!ad_map_put(map, str("nthreads"), ad_int(1)), "put");
	EXPECT(ad_node_type(map) == AD_MAP, "type");
	EXPECT_BYTES(map,
		     "06 88 08 74 6d 70 64 69 72 00 85 03 00 00 00 00 "
		     "89 08 6c 6f 67 66 69 6c 65 00 85 03 00 00 00 01 "
		     "8a 08 6e 74 68 72 65 61 64 73 00 82 05 01");
}

static void test_map_order(void)
{
	struct ad_node *map = ad_map();

	EXPECT(!ad_map_put(map, str("b"), ad_int(1)), "put");
	EXPECT(!ad_map_put(map, str("a"), ad_null()), "put");
	EXPECT(!ad_map_put(map, ad_null(), ad_int(-1)), "put");
	EXPECT(!ad_map_put(map, ad_int(5), seq_of(0)), "put");
	EXPECT(!ad_map_put(map, str("b"), ad_int(2)), "put");
	EXPECT_BYTES(map,
		     "06 83 08 62 00 82 05 01 83 08 61 00 80 "
		     "80 82 05 ff 82 05 05 81 07 83 08 62 00 82 05 02");
}

/* An independent varint writer: groups collected low first. */
static size_t ref_varint(size_t v, uint8_t *out)
{
	uint8_t group[16];
	size_t n = 0, i;

	do {
		group[n++] = v % 128;
		v /= 128;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = group[n - 1 - i];
	out[n - 1] |= 0x80;
	return n;
}

static void test_varint_values(void)
{
	static const struct {
		size_t v;
		const char *hex;
	} cases[] = {
		{ 0, "80" }, { 6, "86" }, { 127, "ff" }, { 128, "01 80" },
		{ 16383, "7f ff" }, { 16384, "01 00 80" },
		{ 2097151, "7f 7f ff" }, { 2097152, "01 00 00 80" },
	};
	uint8_t buf[16], want[16];
	size_t i, len, want_len;
	unsigned int bits;
	size_t v;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		want_len = parse_hex(cases[i].hex, want);
		len = varint_len(cases[i].v);
		EXPECT(len == want_len && varint_put_back(buf + len,
							   cases[i].v) == buf &&
		       !memcmp(buf, want, len), "varint %zu", cases[i].v);
	}
	/* Each side of every 7-bit boundary up to SIZE_MAX. */
	for (bits = 1; bits <= sizeof(size_t) * 8; bits++) {
		v = bits == sizeof(size_t) * 8 ? SIZE_MAX :
			((size_t)1 << bits) - 1;
		for (i = 0; i < 2; i++, v++) {
			want_len = ref_varint(v, want);
			len = varint_len(v);
			EXPECT(len == want_len &&
			       varint_put_back(buf + len, v) == buf &&
			       !memcmp(buf, want, len), "varint %zu", v);
			if (v == SIZE_MAX)
				break;
		}
	}
}

/*
 * Subfields whose length is each side of a varint boundary, as the
 * encoder writes them in a seq: binaries (tag + payload) and strings
 * (tag + payload + NUL) of the right payload lengths.
 */
static void expect_subfield(size_t sublen, bool as_str, const char *prefix)
{
	size_t payload = sublen - 1 - as_str, len, plen;
	uint8_t want[8], *content, *buf;
	struct ad_node *seq = ad_seq();

	content = malloc(payload ? payload : 1);
	for (len = 0; len < payload; len++)
		content[len] = (uint8_t)('a' + len % 26);
	if (ad_seq_append(seq, as_str ? ad_str((char *)content, payload) :
			  ad_binary(content, payload)))
		abort();
	buf = encode(seq, &len);
	plen = parse_hex(prefix, want);
	EXPECT(len == 1 + plen + sublen, "%s %zu: size %zu",
	       as_str ? "str" : "binary", sublen, len);
	if (len == 1 + plen + sublen) {
		EXPECT(buf[0] == 0x07 && !memcmp(buf + 1, want, plen),
		       "length %zu is %s", sublen, prefix);
		EXPECT(buf[1 + plen] == (as_str ? 0x08 : 0x01), "tag");
		EXPECT(!memcmp(buf + 2 + plen, content, payload), "payload");
		EXPECT(!as_str || buf[len - 1] == 0, "NUL");
	}
	free(buf);
	free(content);
	ad_free(seq);
}

static void test_varint_subfields(void)
{
	static const struct {
		size_t len;
		const char *prefix;
	} cases[] = {
		{ 2, "82" }, { 127, "ff" }, { 128, "01 80" },
		{ 16383, "7f ff" }, { 16384, "01 00 80" },
		{ 2097151, "7f 7f ff" }, { 2097152, "01 00 00 80" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		expect_subfield(cases[i].len, false, cases[i].prefix);
		expect_subfield(cases[i].len, true, cases[i].prefix);
	}
}

/*
 * 100 levels, seqs and maps by turns, around int 1; the expected bytes
 * are built inside out with the reference varint writer.
 */
static void test_deep_nesting(void)
{
	enum { DEPTH = 100 };
	struct ad_node *n = ad_int(1), *c;
	uint8_t want[4096], *got, *p = want + sizeof(want), vi[16];
	size_t len, vlen;
	int level;

	*--p = 0x01;
	*--p = 0x05;
	for (level = 0; level < DEPTH; level++) {
		len = (size_t)(want + sizeof(want) - p);
		vlen = ref_varint(len, vi);
		p -= vlen;
		memcpy(p, vi, vlen);
		if (level % 2) {
			c = ad_map();
			EXPECT(!ad_map_put(c, str("k"), n), "put");
			p -= 4;
			memcpy(p, "\x83\x08k\x00", 4);
			*--p = 0x06;
		} else {
			c = ad_seq();
			EXPECT(!ad_seq_append(c, n), "append");
			*--p = 0x07;
		}
		n = c;
	}
	got = encode(n, &len);
	EXPECT(len == (size_t)(want + sizeof(want) - p), "size %zu", len);
	EXPECT(len == (size_t)(want + sizeof(want) - p) &&
	       !memcmp(got, p, len), "bytes");
	free(got);
	ad_free(n);
}

static void test_long_seq(void)
{
	enum { COUNT = 100000 };
	struct ad_node *seq = ad_seq();
	uint8_t *buf;
	size_t len, i;
	bool ok = true;

	for (i = 0; i < COUNT; i++)
		if (ad_seq_append(seq, ad_int(i % 2 ? 0 : 7)))
			abort();
	buf = encode(seq, &len);
	EXPECT(len == 1 + COUNT / 2 * (1 + 1 + 1 + 2), "size %zu", len);
	for (i = 0; ok && i < COUNT / 2; i++)
		ok = !memcmp(buf + 1 + i * 5, "\x82\x05\x07\x81\x05", 5);
	EXPECT(ok, "items in order");
	free(buf);
	ad_free(seq);
}

/* ad_print() of @n at @indent, as a string to free. */
static char *print(const struct ad_node *n, int indent)
{
	char *text = NULL;
	size_t size;
	FILE *out = open_memstream(&text, &size);

	ad_print(out, n, indent);
	fclose(out);
	return text;
}

static void expect_print_at(const char *file, int line, struct ad_node *n,
			    int indent, const char *want)
{
	char *got = print(n, indent);

	if (strcmp(got, want)) {
		fail(file, line, "ad_print() differs");
		printf("# want:\n%s# got:\n%s", want, got);
	}
	free(got);
	ad_free(n);
}

#define EXPECT_PRINT(n, indent, want) \
	expect_print_at(__FILE__, __LINE__, n, indent, want)

static void test_print_tree(void)
{
	struct ad_node *map = ad_map(), *inner = ad_map();

	ad_map_put(map, str("tmpdir"), ad_fd(0));
	ad_map_put(map, str("logfile"), ad_fd(1));
	ad_map_put(map, str("nthreads"), ad_int(1));
	ad_map_put(map, str("args"),
		   seq_of(4, str("-v"), ad_null(), seq_of(0),
			  seq_of(1, ad_bool(1))));
	ad_map_put(inner, str("key"), ad_binary("\x00\xab", 2));
	ad_map_put(map, str("nested"), inner);
	ad_map_put(map, str("empty"), ad_map());
	EXPECT_PRINT(map, 0,
		     "map\n"
		     "  \"tmpdir\": fd 0\n"
		     "  \"logfile\": fd 1\n"
		     "  \"nthreads\": 1\n"
		     "  \"args\": seq\n"
		     "    - \"-v\"\n"
		     "    - null\n"
		     "    - seq []\n"
		     "    - seq\n"
		     "      - true\n"
		     "  \"nested\": map\n"
		     "    \"key\": binary 00ab\n"
		     "  \"empty\": map {}\n");
	map = ad_map();
	ad_map_put(map, seq_of(2, ad_int(1), ad_int(2)), str("pair"));
	ad_map_put(map, ad_int(3), ad_bool(0));
	EXPECT_PRINT(map, 2,
		     "  map\n"
		     "    ? seq\n"
		     "      - 1\n"
		     "      - 2\n"
		     "    : \"pair\"\n"
		     "    3: false\n");
}

static void test_print_scalars(void)
{
	EXPECT_PRINT(ad_null(), 0, "null\n");
	EXPECT_PRINT(ad_str("a\"\\\n\t\r\0\x01\x7f" "7\xc3\xa9", 12), 0,
		     "\"a\\\"\\\\\\n\\t\\r\\000\\001\\1777\xc3\xa9\"\n");
	EXPECT_PRINT(ad_binary(NULL, 0), 0, "binary (empty)\n");
	EXPECT_PRINT(ad_fd(UINT32_MAX), 0, "fd 4294967295\n");
	EXPECT_PRINT(ad_int(INT64_MIN), 0, "-9223372036854775808\n");
	EXPECT_PRINT(ad_int(-1), 0, "-1\n");
	EXPECT_PRINT(ad_uint(UINT64_MAX), 0, "18446744073709551615\n");
	EXPECT_PRINT(ad_float(1.0), 0, "1.0\n");
	EXPECT_PRINT(ad_float(0.1), 0, "0.1\n");
	EXPECT_PRINT(ad_float(-0.0), 0, "-0.0\n");
	EXPECT_PRINT(ad_float(1e300), 0, "1e+300\n");
	EXPECT_PRINT(ad_float(-INFINITY), 0, "-inf\n");
	EXPECT_PRINT(ad_timestamp(0, 0), 0,
		     "timestamp 1970-01-01T00:00:00.000000000Z\n");
	EXPECT_PRINT(ad_timestamp(-1, 500000000), 0,
		     "timestamp 1969-12-31T23:59:59.500000000Z\n");
	EXPECT_PRINT(ad_timestamp(1445412480, 123456789), 0,
		     "timestamp 2015-10-21T07:28:00.123456789Z\n");
	EXPECT_PRINT(ad_timestamp(0, 1000000000), 0,
		     "timestamp 0 s + 1000000000 ns\n");
}

static void test_out_of_memory(void)
{
	struct ad_node *(*const make[])(void) = { ad_null, ad_seq, ad_map };
	struct ad_node *seq = ad_seq(), *map = ad_map(), *v, *k;
	uint8_t *before, *after;
	size_t i, len_before, len_after;

	for (i = 0; i < ARRAY_SIZE(make); i++) {
		alloc_countdown = 0;
		EXPECT(!make[i](), "constructor %zu fails", i);
	}
	alloc_countdown = 0;
	EXPECT(!ad_binary("x", 1) && !ad_str("x", 1) && !ad_bool(1) &&
	       !ad_fd(1) && !ad_float(1) && !ad_int(1) && !ad_uint(1) &&
	       !ad_timestamp(1, 1), "scalar constructors fail");
	alloc_countdown = -1;
	EXPECT(!ad_binary(NULL, SIZE_MAX) && errno == ENOMEM,
	       "a size that overflows fails");

	/* A failed append leaves the seq as it was and the value ours. */
	for (i = 0; i < 4; i++)
		ad_seq_append(seq, ad_int((int64_t)i));
	before = encode(seq, &len_before);
	v = str("v");
	alloc_countdown = 0;
	errno = 0;
	EXPECT(ad_seq_append(seq, v) == -1 && errno == ENOMEM,
	       "append fails when growing");
	alloc_countdown = -1;
	after = encode(seq, &len_after);
	EXPECT(len_before == len_after && !memcmp(before, after, len_after),
	       "seq unchanged");
	free(after);
	EXPECT(!ad_seq_append(seq, v), "append works again");
	free(before);

	for (i = 0; i < 2; i++)
		ad_map_put(map, ad_int((int64_t)i), ad_null());
	k = str("k");
	v = ad_int(7);
	alloc_countdown = 0;
	EXPECT(ad_map_put(map, k, v) == -1 && errno == ENOMEM,
	       "put fails when growing");
	alloc_countdown = -1;
	EXPECT_BYTES(map, "06 81 05 80 82 05 01 80");
	ad_free(k);
	ad_free(v);

	/* A failed constructor's NULL is refused, not stored. */
	EXPECT(ad_seq_append(seq, NULL) == -1 && errno == ENOMEM,
	       "append NULL");
	map = ad_map();
	k = str("k");
	EXPECT(ad_map_put(map, k, NULL) == -1 && errno == ENOMEM,
	       "put NULL value");
	EXPECT(ad_map_put(map, NULL, NULL) == -1, "put NULL key");
	v = ad_null();
	EXPECT(ad_seq_append(map, v) == -1 && errno == EINVAL,
	       "append to a map");
	ad_free(v);
	EXPECT(ad_map_put(seq, k, k) == -1 && errno == EINVAL,
	       "put into a seq");
	EXPECT_BYTES(map, "06");
	ad_free(k);
	ad_free(seq);
}

/* Encoding in the middle of a buffer touches only its own bytes. */
static void test_encode_exact(void)
{
	struct ad_node *seq = seq_of(3, ad_null(), str("x"), ad_map());
	uint8_t buf[32];
	size_t len = ad_encoded_size(seq);

	memset(buf, 0xee, sizeof(buf));
	ad_encode(seq, buf + 4);
	EXPECT(len == 1 + 1 + 4 + 2, "size %zu", len);
	EXPECT(!memcmp(buf, "\xee\xee\xee\xee\x07\x80\x83\x08x\x00\x81\x06"
		       "\xee", 13), "nothing outside [buf, buf + size)");
	ad_free(seq);
}

static void reset_allocations(void)
{
	alloc_countdown = -1;
}

static const struct host_test tests[] = {
	{ "null", test_null },
	{ "bool", test_bool },
	{ "fd", test_fd },
	{ "int_small", test_int_small },
	{ "int_limits", test_int_limits },
	{ "float", test_float },
	{ "str", test_str },
	{ "binary", test_binary },
	{ "timestamp", test_timestamp },
	{ "abi_examples", test_abi_examples },
	{ "map_order", test_map_order },
	{ "varint_values", test_varint_values },
	{ "varint_subfields", test_varint_subfields },
	{ "deep_nesting", test_deep_nesting },
	{ "long_seq", test_long_seq },
	{ "encode_exact", test_encode_exact },
	{ "print_tree", test_print_tree },
	{ "print_scalars", test_print_scalars },
	{ "out_of_memory", test_out_of_memory },
};

int main(void)
{
	return run_host_tests(tests, ARRAY_SIZE(tests), "argdata_",
			      "argdata encoder", reset_allocations);
}
