// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-run - building argument data (argdata) for a CloudABI program
 *
 * A value is one tag byte and a payload whose length the enclosing
 * container implies; null is no bytes at all.  Containers hold subfields:
 * a length, big-endian base-128 with the high bit marking the last byte,
 * then the value.
 *
 * Encoding runs backwards, from the end of the buffer: a container
 * writes its last child first and then knows that child's length for the
 * prefix in front of it.  So every node is visited once by
 * ad_encoded_size() and once by ad_encode(), however deep the tree, where
 * a forward encoder would measure each subtree again at every level.
 */

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "argdata.h"

/* The tag bytes; AD_NULL has none. */
enum {
	TAG_BINARY = 0x01,
	TAG_BOOL = 0x02,
	TAG_FD = 0x03,
	TAG_FLOAT = 0x04,
	TAG_INT = 0x05,
	TAG_MAP = 0x06,
	TAG_SEQ = 0x07,
	TAG_STR = 0x08,
	TAG_TIMESTAMP = 0x09,
};

/*
 * Integers and timestamps are kept as a 128-bit big-endian two's
 * complement number: wide enough for any uint64 (which needs a ninth,
 * zero, byte to stay positive) and for any timespec in nanoseconds.  The
 * payload is its last @len bytes, the fewest that keep value and sign.
 */
struct ad_number {
	uint8_t be[16];
	uint8_t len;
	int64_t sec;		/* timestamps, for ad_print() */
	uint32_t nsec;
};

struct ad_node {
	enum ad_type type;
	union {
		struct {
			uint8_t *data;	/* right behind the node, same block */
			size_t len;
		} bytes;		/* AD_BINARY, AD_STR (without NUL) */
		bool boolean;
		uint32_t fd;
		double real;
		struct ad_number num;	/* AD_INT, AD_TIMESTAMP */
		struct {
			struct ad_node **item;	/* maps: key, value, ... */
			size_t n, cap;
		} list;			/* AD_SEQ, AD_MAP */
	} u;
};

static const uint8_t tags[] = {
	[AD_BINARY] = TAG_BINARY, [AD_BOOL] = TAG_BOOL, [AD_FD] = TAG_FD,
	[AD_FLOAT] = TAG_FLOAT, [AD_INT] = TAG_INT, [AD_MAP] = TAG_MAP,
	[AD_SEQ] = TAG_SEQ, [AD_STR] = TAG_STR, [AD_TIMESTAMP] = TAG_TIMESTAMP,
};

static struct ad_node *node_new(enum ad_type type, size_t extra)
{
	struct ad_node *n;

	if (extra > SIZE_MAX - sizeof(*n)) {
		errno = ENOMEM;
		return NULL;
	}
	n = calloc(1, sizeof(*n) + extra);
	if (n)
		n->type = type;
	return n;
}

struct ad_node *ad_null(void)
{
	return node_new(AD_NULL, 0);
}

static struct ad_node *bytes_new(enum ad_type type, const void *p,
				 size_t len)
{
	struct ad_node *n = node_new(type, len);

	if (!n)
		return NULL;
	n->u.bytes.data = (uint8_t *)(n + 1);
	n->u.bytes.len = len;
	if (len)
		memcpy(n->u.bytes.data, p, len);
	return n;
}

struct ad_node *ad_binary(const void *p, size_t len)
{
	return bytes_new(AD_BINARY, p, len);
}

/* Embedded NULs are kept: the length, not a terminator, ends the string. */
struct ad_node *ad_str(const char *s, size_t len)
{
	return bytes_new(AD_STR, s, len);
}

struct ad_node *ad_bool(int value)
{
	struct ad_node *n = node_new(AD_BOOL, 0);

	if (n)
		n->u.boolean = value != 0;
	return n;
}

struct ad_node *ad_fd(uint32_t fd)
{
	struct ad_node *n = node_new(AD_FD, 0);

	if (n)
		n->u.fd = fd;
	return n;
}

struct ad_node *ad_float(double value)
{
	struct ad_node *n = node_new(AD_FLOAT, 0);

	if (n)
		n->u.real = value;
	return n;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

/*
 * Drop leading bytes that only repeat the sign: a 0x00 before a byte
 * whose top bit is clear, a 0xFF before one whose top bit is set.  Zero
 * ends up with no bytes at all, -1 as a single 0xFF.
 */
static void number_set(struct ad_number *num, uint64_t hi, uint64_t lo)
{
	const uint8_t *b = num->be;
	size_t start = 0;

	put_be64(num->be, hi);
	put_be64(num->be + 8, lo);
	while (start < 15 &&
	       ((b[start] == 0x00 && !(b[start + 1] & 0x80)) ||
		(b[start] == 0xff && (b[start + 1] & 0x80))))
		start++;
	if (start == 15 && b[15] == 0x00)
		start = 16;
	num->len = (uint8_t)(16 - start);
}

struct ad_node *ad_int(int64_t value)
{
	struct ad_node *n = node_new(AD_INT, 0);

	if (n)
		number_set(&n->u.num, value < 0 ? UINT64_MAX : 0,
			   (uint64_t)value);
	return n;
}

struct ad_node *ad_uint(uint64_t value)
{
	struct ad_node *n = node_new(AD_INT, 0);

	if (n)
		number_set(&n->u.num, 0, value);
	return n;
}

/*
 * sec * 10^9 + nsec does not fit 64 bits for |sec| beyond about 292
 * years, so it is done in 128: the magnitude of sec times 10^9 in two
 * 32-bit halves (each product below 2^62), negated when sec is negative,
 * then nsec added, as in a timespec where nsec counts forwards.
 */
struct ad_node *ad_timestamp(int64_t sec, uint32_t nsec)
{
	const uint64_t giga = 1000000000;
	struct ad_node *n = node_new(AD_TIMESTAMP, 0);
	uint64_t mag, a, b, lo, hi;

	if (!n)
		return NULL;
	mag = sec < 0 ? 0 - (uint64_t)sec : (uint64_t)sec;
	a = (mag & 0xffffffff) * giga;
	b = (mag >> 32) * giga;
	lo = (b << 32) + a;
	hi = (b >> 32) + (lo < a);
	if (sec < 0) {
		lo = ~lo + 1;
		hi = ~hi + (lo == 0);
	}
	lo += nsec;
	hi += lo < nsec;
	number_set(&n->u.num, hi, lo);
	n->u.num.sec = sec;
	n->u.num.nsec = nsec;
	return n;
}

struct ad_node *ad_seq(void)
{
	return node_new(AD_SEQ, 0);
}

struct ad_node *ad_map(void)
{
	return node_new(AD_MAP, 0);
}

/* Room for @more items, or -1 with errno set and the list unchanged. */
static int list_reserve(struct ad_node *c, size_t more)
{
	struct ad_node **item;
	size_t cap = c->u.list.cap;

	if (c->u.list.n + more <= cap)
		return 0;
	cap = cap ? cap : 4;
	while (cap < c->u.list.n + more) {
		if (cap > SIZE_MAX / 2 / sizeof(*item)) {
			errno = ENOMEM;
			return -1;
		}
		cap *= 2;
	}
	item = realloc(c->u.list.item, cap * sizeof(*item));
	if (!item)
		return -1;
	c->u.list.item = item;
	c->u.list.cap = cap;
	return 0;
}

int ad_seq_append(struct ad_node *seq, struct ad_node *value)
{
	if (!seq || !value) {
		errno = ENOMEM;
		return -1;
	}
	if (seq->type != AD_SEQ) {
		errno = EINVAL;
		return -1;
	}
	if (list_reserve(seq, 1))
		return -1;
	seq->u.list.item[seq->u.list.n++] = value;
	return 0;
}

int ad_map_put(struct ad_node *map, struct ad_node *key,
	       struct ad_node *value)
{
	if (!map || !key || !value) {
		errno = ENOMEM;
		return -1;
	}
	if (map->type != AD_MAP) {
		errno = EINVAL;
		return -1;
	}
	if (list_reserve(map, 2))
		return -1;
	map->u.list.item[map->u.list.n++] = key;
	map->u.list.item[map->u.list.n++] = value;
	return 0;
}

enum ad_type ad_node_type(const struct ad_node *n)
{
	return n->type;
}

static size_t varint_len(size_t v)
{
	size_t len = 1;

	while (v >>= 7)
		len++;
	return len;
}

/* Writes @v so that it ends at @end; returns where it starts. */
static uint8_t *varint_put_back(uint8_t *end, size_t v)
{
	*--end = 0x80 | (v & 0x7f);
	while (v >>= 7)
		*--end = v & 0x7f;
	return end;
}

size_t ad_encoded_size(const struct ad_node *n)
{
	size_t i, size, sub;

	switch (n->type) {
	case AD_NULL:
		return 0;
	case AD_BINARY:
		return 1 + n->u.bytes.len;
	case AD_STR:
		return 1 + n->u.bytes.len + 1;
	case AD_BOOL:
		return 1 + n->u.boolean;
	case AD_FD:
		return 1 + 4;
	case AD_FLOAT:
		return 1 + 8;
	case AD_INT:
	case AD_TIMESTAMP:
		return 1 + n->u.num.len;
	case AD_MAP:
	case AD_SEQ:
		size = 1;
		for (i = 0; i < n->u.list.n; i++) {
			sub = ad_encoded_size(n->u.list.item[i]);
			size += varint_len(sub) + sub;
		}
		return size;
	}
	return 0;
}

/* Writes @n so that it ends at @end; returns where it starts. */
static uint8_t *encode_back(const struct ad_node *n, uint8_t *end)
{
	uint8_t *p = end, *start;
	uint64_t bits;
	size_t i;

	switch (n->type) {
	case AD_NULL:
		return end;
	case AD_BINARY:
	case AD_STR:
		if (n->type == AD_STR)
			*--p = '\0';
		p -= n->u.bytes.len;
		if (n->u.bytes.len)
			memcpy(p, n->u.bytes.data, n->u.bytes.len);
		break;
	case AD_BOOL:
		if (n->u.boolean)
			*--p = 0x01;
		break;
	case AD_FD:
		p -= 4;
		p[0] = (uint8_t)(n->u.fd >> 24);
		p[1] = (uint8_t)(n->u.fd >> 16);
		p[2] = (uint8_t)(n->u.fd >> 8);
		p[3] = (uint8_t)n->u.fd;
		break;
	case AD_FLOAT:
		/* The bits as they are: NaN payloads and -0.0 survive. */
		memcpy(&bits, &n->u.real, sizeof(bits));
		p -= 8;
		put_be64(p, bits);
		break;
	case AD_INT:
	case AD_TIMESTAMP:
		p -= n->u.num.len;
		memcpy(p, n->u.num.be + 16 - n->u.num.len, n->u.num.len);
		break;
	case AD_MAP:
	case AD_SEQ:
		for (i = n->u.list.n; i-- > 0;) {
			start = encode_back(n->u.list.item[i], p);
			p = varint_put_back(start, (size_t)(p - start));
		}
		break;
	}
	*--p = tags[n->type];
	return p;
}

void ad_encode(const struct ad_node *n, uint8_t *buf)
{
	encode_back(n, buf + ad_encoded_size(n));
}

/* The letter of C's escape for @c, or 0 when it has none. */
static char c_escape(uint8_t c)
{
	switch (c) {
	case '\a':
		return 'a';
	case '\b':
		return 'b';
	case '\f':
		return 'f';
	case '\n':
		return 'n';
	case '\r':
		return 'r';
	case '\t':
		return 't';
	case '\v':
		return 'v';
	case '"':
	case '\\':
		return (char)c;
	}
	return 0;
}

/* C escapes for quotes, backslashes and control bytes; UTF-8 as is. */
static void print_str(FILE *out, const uint8_t *s, size_t len)
{
	size_t i;

	fputc('"', out);
	for (i = 0; i < len; i++) {
		if (c_escape(s[i]))
			fprintf(out, "\\%c", c_escape(s[i]));
		else if (s[i] < 0x20 || s[i] == 0x7f)
			/* Octal: \x would swallow a following hex digit. */
			fprintf(out, "\\%03o", s[i]);
		else
			fputc(s[i], out);
	}
	fputc('"', out);
}

/* The shortest form that reads back as the same double, marked float. */
static void print_float(FILE *out, double v)
{
	char buf[40];
	int prec;

	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	snprintf(buf, sizeof(buf), "%.*g", prec, v);
	if (!strpbrk(buf, ".eni"))
		strcat(buf, ".0");
	fputs(buf, out);
}

static void print_number(FILE *out, const struct ad_number *num)
{
	uint64_t low = 0;
	int i;

	for (i = 8; i < 16; i++)
		low = low << 8 | num->be[i];
	if (num->len > 8)
		fprintf(out, "%" PRIu64, low);
	else if (low > INT64_MAX)
		fprintf(out, "%" PRId64, -(int64_t)~low - 1);
	else
		fprintf(out, "%" PRId64, (int64_t)low);
}

static void print_timestamp(FILE *out, const struct ad_number *num)
{
	time_t t = (time_t)num->sec;
	struct tm tm;
	char date[64];

	if (num->nsec < 1000000000 && t == num->sec && gmtime_r(&t, &tm) &&
	    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm))
		fprintf(out, "timestamp %s.%09" PRIu32 "Z", date, num->nsec);
	else
		fprintf(out, "timestamp %" PRId64 " s + %" PRIu32 " ns",
			num->sec, num->nsec);
}

/* The part of @n that fits on its line; a container's children follow. */
static void print_inline(FILE *out, const struct ad_node *n)
{
	size_t i;

	switch (n->type) {
	case AD_NULL:
		fputs("null", out);
		break;
	case AD_BINARY:
		fputs("binary", out);
		if (!n->u.bytes.len)
			fputs(" (empty)", out);
		else
			fputc(' ', out);
		for (i = 0; i < n->u.bytes.len; i++)
			fprintf(out, "%02x", n->u.bytes.data[i]);
		break;
	case AD_STR:
		print_str(out, n->u.bytes.data, n->u.bytes.len);
		break;
	case AD_BOOL:
		fputs(n->u.boolean ? "true" : "false", out);
		break;
	case AD_FD:
		fprintf(out, "fd %" PRIu32, n->u.fd);
		break;
	case AD_FLOAT:
		print_float(out, n->u.real);
		break;
	case AD_INT:
		print_number(out, &n->u.num);
		break;
	case AD_TIMESTAMP:
		print_timestamp(out, &n->u.num);
		break;
	case AD_MAP:
		fputs(n->u.list.n ? "map" : "map {}", out);
		break;
	case AD_SEQ:
		fputs(n->u.list.n ? "seq" : "seq []", out);
		break;
	}
}

static bool has_children(const struct ad_node *n)
{
	return (n->type == AD_MAP || n->type == AD_SEQ) && n->u.list.n;
}

static void print_children(FILE *out, const struct ad_node *n, int indent)
{
	const struct ad_node *key, *value;
	size_t i;

	if (!has_children(n))
		return;
	for (i = 0; i < n->u.list.n; i++) {
		value = n->u.list.item[i];
		fprintf(out, "%*s", indent, "");
		if (n->type == AD_SEQ) {
			fputs("- ", out);
		} else {
			key = value;
			value = n->u.list.item[++i];
			/* A container as key: YAML's "? key" / ": value". */
			if (has_children(key)) {
				fputs("? ", out);
				print_inline(out, key);
				fputc('\n', out);
				print_children(out, key, indent + 2);
				fprintf(out, "%*s", indent, "");
			} else {
				print_inline(out, key);
			}
			fputs(": ", out);
		}
		print_inline(out, value);
		fputc('\n', out);
		print_children(out, value, indent + 2);
	}
}

void ad_print(FILE *out, const struct ad_node *n, int indent)
{
	fprintf(out, "%*s", indent, "");
	print_inline(out, n);
	fputc('\n', out);
	print_children(out, n, indent + 2);
}

void ad_free(struct ad_node *n)
{
	size_t i;

	if (!n)
		return;
	if (n->type == AD_MAP || n->type == AD_SEQ) {
		for (i = 0; i < n->u.list.n; i++)
			ad_free(n->u.list.item[i]);
		free(n->u.list.item);
	}
	free(n);
}
