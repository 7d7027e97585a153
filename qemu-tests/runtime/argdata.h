/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - reading argument data (argdata) in test programs
 *
 * A value is a tag byte and a payload; containers hold subfields, each
 * a base-128 length (high bit on the last byte) and a value.  Every read
 * is checked against the value's bounds, so a malformed blob gives -1,
 * never a read outside it.  Freestanding: also built for the host, where
 * a test checks it against the launcher's encoder.
 */
#ifndef _CLOUDABI_RT_ARGDATA_H
#define _CLOUDABI_RT_ARGDATA_H

#include <stddef.h>
#include <stdint.h>

/* Tags, as rt_ad_type() returns them; null is a value of no bytes. */
enum {
	RT_AD_NULL = 0,
	RT_AD_BINARY = 1,
	RT_AD_BOOL = 2,
	RT_AD_FD = 3,
	RT_AD_FLOAT = 4,
	RT_AD_INT = 5,
	RT_AD_MAP = 6,
	RT_AD_SEQ = 7,
	RT_AD_STR = 8,
	RT_AD_TIMESTAMP = 9,
};

/* One encoded value (tag + payload); @len 0 is null. */
struct rt_ad {
	const uint8_t *buf;
	size_t len;
};

/*
 * The tag (1..9), 0 for null, -1 when malformed: an unknown tag, or a
 * bool, fd, float or str whose payload cannot be one.  So a scalar whose
 * type is reported can be read, ints that overflow excepted.
 */
int rt_ad_type(const struct rt_ad *v);

/*
 * Getters: 0 and the value, or -1 for another type or a malformed one.
 * A string may hold NULs of its own; *@s is followed by the final NUL.
 */
int rt_ad_str(const struct rt_ad *v, const char **s, size_t *len);
/* Also -1 when the value does not fit in 64 signed bits. */
int rt_ad_int(const struct rt_ad *v, int64_t *out);
int rt_ad_bool(const struct rt_ad *v, int *out);
int rt_ad_fd(const struct rt_ad *v, uint32_t *out);
int rt_ad_binary(const struct rt_ad *v, const void **p, size_t *len);

/*
 * Iteration over a seq (one value per step) or a map (key, then value).
 * _begin: 0, or -1 for another type.  _next: 1 with the next entry, 0 at
 * the end, -1 when malformed, where the iterator stays (and so answers
 * -1 again).
 */
struct rt_ad_iter {
	const uint8_t *p, *end;
};

int rt_ad_seq_begin(const struct rt_ad *v, struct rt_ad_iter *it);
int rt_ad_seq_next(struct rt_ad_iter *it, struct rt_ad *value);
int rt_ad_map_begin(const struct rt_ad *v, struct rt_ad_iter *it);
int rt_ad_map_next(struct rt_ad_iter *it, struct rt_ad *key,
		   struct rt_ad *value);

/*
 * The value of the first entry whose key is the string @key: 1 found,
 * 0 not, -1 when @map is no map or is malformed before a match.
 */
int rt_ad_map_get(const struct rt_ad *map, const char *key,
		  struct rt_ad *value);

#endif /* _CLOUDABI_RT_ARGDATA_H */
