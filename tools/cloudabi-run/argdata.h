/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi-run - building argument data (argdata) for a CloudABI program
 *
 * The launcher turns its YAML description into a tree of nodes, then
 * encodes the tree into the byte blob the program receives as its
 * argument data (AT_ARGDATA).  The encoding is CloudABI's: one tag byte
 * and a payload per value, containers made of length-prefixed subfields.
 *
 * Ownership: a node appended to a sequence or put into a map belongs to
 * that container from then on, and ad_free() of the root frees the whole
 * tree.  A node has at most one parent; appending the same node twice is
 * a bug (it would be freed twice).
 */
#ifndef _CLOUDABI_RUN_ARGDATA_H
#define _CLOUDABI_RUN_ARGDATA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum ad_type {
	AD_NULL,
	AD_BINARY,
	AD_BOOL,
	AD_FD,
	AD_FLOAT,
	AD_INT,
	AD_MAP,
	AD_SEQ,
	AD_STR,
	AD_TIMESTAMP,
};

struct ad_node;

/* Constructors: a new node, or NULL when out of memory. */
struct ad_node *ad_null(void);
struct ad_node *ad_binary(const void *p, size_t len);
struct ad_node *ad_bool(int value);
/* @fd is the number the program will see, not a descriptor of ours. */
struct ad_node *ad_fd(uint32_t fd);
struct ad_node *ad_float(double value);
struct ad_node *ad_int(int64_t value);
/* For values above INT64_MAX; ad_node_type() reports AD_INT. */
struct ad_node *ad_uint(uint64_t value);
/* @len excludes the NUL, which the encoding adds; @s need not end in one. */
struct ad_node *ad_str(const char *s, size_t len);
/* Seconds and nanoseconds as in a timespec; encoded as nanoseconds. */
struct ad_node *ad_timestamp(int64_t sec, uint32_t nsec);
struct ad_node *ad_seq(void);
struct ad_node *ad_map(void);

/*
 * Add to a container, keeping insertion order.  0 on success, when the
 * container takes ownership; -1 with errno ENOMEM (out of memory, or a
 * NULL node from a failed constructor) or EINVAL (not a seq/map), when
 * nothing changes and the caller still owns the nodes.
 */
int ad_seq_append(struct ad_node *seq, struct ad_node *value);
int ad_map_put(struct ad_node *map, struct ad_node *key,
	       struct ad_node *value);

enum ad_type ad_node_type(const struct ad_node *n);

/* Bytes of the encoded value (tag and payload); 0 for a top-level null. */
size_t ad_encoded_size(const struct ad_node *n);
/* Writes exactly ad_encoded_size(@n) bytes to @buf. */
void ad_encode(const struct ad_node *n, uint8_t *buf);

/*
 * A readable tree for --dry-run: one value per line, the first at @indent
 * spaces, children two spaces deeper; map entries as "key: value",
 * sequence items as "- value".
 */
void ad_print(FILE *out, const struct ad_node *n, int indent);

/* Frees @n and everything below it; NULL is allowed. */
void ad_free(struct ad_node *n);

#endif /* _CLOUDABI_RUN_ARGDATA_H */
