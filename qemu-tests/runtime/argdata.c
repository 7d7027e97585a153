// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - reading argument data (argdata) in test programs
 *
 * The blob comes from the launcher through the kernel, and a test that
 * feeds a program a damaged one must see -1, not a fault: so nothing here
 * reads a byte before checking that it lies inside the value at hand,
 * and a subfield length is checked against what is left of its container
 * before it is used.  Freestanding, with no helpers from lib.c, so the
 * host can build it alone next to the launcher's encoder.
 */

#include <stddef.h>
#include <stdint.h>

#include "argdata.h"

/* The first byte, unchecked, or 0 for null: for the getters' type test. */
static int tag_of(const struct rt_ad *v)
{
	return v->len ? v->buf[0] : 0;
}

int rt_ad_type(const struct rt_ad *v)
{
	const uint8_t *p = v->buf;
	size_t len = v->len;

	if (!len)
		return RT_AD_NULL;
	switch (p[0]) {
	case RT_AD_BOOL:
		/* false is no payload, true exactly 0x01 */
		if (len > 2 || (len == 2 && p[1] != 0x01))
			return -1;
		break;
	case RT_AD_FD:
		if (len != 1 + 4)
			return -1;
		break;
	case RT_AD_FLOAT:
		if (len != 1 + 8)
			return -1;
		break;
	case RT_AD_STR:
		if (len < 2 || p[len - 1] != '\0')
			return -1;
		break;
	case RT_AD_BINARY:
	case RT_AD_INT:
	case RT_AD_MAP:
	case RT_AD_SEQ:
	case RT_AD_TIMESTAMP:
		/* Any payload length; containers are checked as walked. */
		break;
	default:
		return -1;
	}
	return p[0];
}

int rt_ad_str(const struct rt_ad *v, const char **s, size_t *len)
{
	if (rt_ad_type(v) != RT_AD_STR)
		return -1;
	*s = (const char *)v->buf + 1;
	*len = v->len - 2;
	return 0;
}

/*
 * Big-endian two's complement of any length.  The encoder writes the
 * fewest bytes, but longer forms with redundant sign bytes mean the same
 * number and are read; only significant bytes beyond eight overflow.
 */
int rt_ad_int(const struct rt_ad *v, int64_t *out)
{
	const uint8_t *p;
	size_t n;
	uint64_t u;

	if (tag_of(v) != RT_AD_INT)
		return -1;
	p = v->buf + 1;
	n = v->len - 1;
	for (; n > 8; p++, n--)
		if (!((p[0] == 0x00 && !(p[1] & 0x80)) ||
		      (p[0] == 0xff && (p[1] & 0x80))))
			return -1;
	u = n && (p[0] & 0x80) ? UINT64_MAX : 0;
	while (n--)
		u = u << 8 | *p++;
	*out = (int64_t)u;
	return 0;
}

int rt_ad_bool(const struct rt_ad *v, int *out)
{
	if (rt_ad_type(v) != RT_AD_BOOL)
		return -1;
	*out = v->len == 2;
	return 0;
}

int rt_ad_fd(const struct rt_ad *v, uint32_t *out)
{
	const uint8_t *p = v->buf;

	if (rt_ad_type(v) != RT_AD_FD)
		return -1;
	*out = (uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 8 | p[4];
	return 0;
}

int rt_ad_binary(const struct rt_ad *v, const void **p, size_t *len)
{
	if (tag_of(v) != RT_AD_BINARY)
		return -1;
	*p = v->buf + 1;
	*len = v->len - 1;
	return 0;
}

static int iter_begin(const struct rt_ad *v, struct rt_ad_iter *it, int tag)
{
	if (tag_of(v) != tag)
		return -1;
	it->p = v->buf + 1;
	it->end = v->buf + v->len;
	return 0;
}

int rt_ad_seq_begin(const struct rt_ad *v, struct rt_ad_iter *it)
{
	return iter_begin(v, it, RT_AD_SEQ);
}

int rt_ad_map_begin(const struct rt_ad *v, struct rt_ad_iter *it)
{
	return iter_begin(v, it, RT_AD_MAP);
}

/*
 * The subfield at *@pp, which must end by @end: a length, most
 * significant group first, the high bit set on its last byte, then that
 * many bytes.  0 and *@pp moved past it, or -1 when the length runs off
 * the end, would not fit a size_t, or is more than what is left.
 */
static int subfield(const uint8_t **pp, const uint8_t *end,
		    struct rt_ad *out)
{
	const uint8_t *p = *pp;
	size_t len = 0;
	uint8_t byte;

	do {
		if (p == end || len > SIZE_MAX >> 7)
			return -1;
		byte = *p++;
		len = len << 7 | (byte & 0x7f);
	} while (!(byte & 0x80));
	if (len > (size_t)(end - p))
		return -1;
	out->buf = p;
	out->len = len;
	*pp = p + len;
	return 0;
}

int rt_ad_seq_next(struct rt_ad_iter *it, struct rt_ad *value)
{
	const uint8_t *p = it->p;

	if (p == it->end)
		return 0;
	if (subfield(&p, it->end, value))
		return -1;
	it->p = p;
	return 1;
}

/* A key with no value after it is malformed: the map's count is odd. */
int rt_ad_map_next(struct rt_ad_iter *it, struct rt_ad *key,
		   struct rt_ad *value)
{
	const uint8_t *p = it->p;
	struct rt_ad k, v;

	if (p == it->end)
		return 0;
	if (subfield(&p, it->end, &k) || subfield(&p, it->end, &v))
		return -1;
	*key = k;
	*value = v;
	it->p = p;
	return 1;
}

/* Whether the string value @v is exactly the C string @key. */
static int str_is(const struct rt_ad *v, const char *key)
{
	const char *s;
	size_t len, i;

	if (rt_ad_str(v, &s, &len))
		return 0;
	for (i = 0; i < len; i++)
		if (!key[i] || key[i] != s[i])
			return 0;
	return !key[len];
}

int rt_ad_map_get(const struct rt_ad *map, const char *key,
		  struct rt_ad *value)
{
	struct rt_ad_iter it;
	struct rt_ad k, v;
	int r;

	if (rt_ad_map_begin(map, &it))
		return -1;
	while ((r = rt_ad_map_next(&it, &k, &v)) == 1) {
		if (str_is(&k, key)) {
			*value = v;
			return 1;
		}
	}
	return r;
}
