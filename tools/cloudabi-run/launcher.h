/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cloudabi-run - what the launcher's files share
 */
#ifndef _CLOUDABI_RUN_LAUNCHER_H
#define _CLOUDABI_RUN_LAUNCHER_H

#include <stdint.h>
#include <stdio.h>

#include "argdata.h"

#define MAX_FDS 256

/**
 * struct fd_slot - one descriptor the program will start with
 * @hostfd: the launcher's descriptor for it
 * @base: requested base rights, when @has_rights
 * @inheriting: requested inheriting rights, when @has_rights
 * @has_rights: the document restricted the rights
 * @intersect: @base/@inheriting are a shorthand, to be capped by what
 *	the file allows rather than refused beyond it
 * @what: description for --dry-run and messages
 */
struct fd_slot {
	int hostfd;
	uint64_t base;
	uint64_t inheriting;
	int has_rights;
	int intersect;
	char what[256];
};

struct launch {
	struct fd_slot slots[MAX_FDS];
	int nslots;
	const char *file;	/* name of the configuration, for messages */
};

/* config.c: the YAML document to an argdata tree; slots filled in. */
struct ad_node *config_load(struct launch *l, FILE *in);

/* fds.c */
int fds_add(struct launch *l, int hostfd, int dedup, const char *what);
int fds_apply_rights(struct launch *l);
int fds_arrange(struct launch *l, int *keep);

/* rights.c */
int rights_parse_name(const char *name, uint64_t *right);
void rights_print(FILE *out, uint64_t rights);

__attribute__((format(printf, 4, 5), noreturn))
void fail_at(const struct launch *l, unsigned long line, unsigned long col,
	     const char *fmt, ...);
__attribute__((format(printf, 1, 2), noreturn))
void fail(const char *fmt, ...);

#endif /* _CLOUDABI_RUN_LAUNCHER_H */
