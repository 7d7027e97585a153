// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-run - rights by name, from the generated list
 */

#include <stdio.h>
#include <string.h>

#include "../../include/uapi/cloudabi/generated/cloudabi_types.h"
#include "launcher.h"

static const struct {
	const char *name;
	uint64_t value;
} rights[] = {
#define RIGHT(name, macro) { #name, macro },
#include "generated/rights_names.h"
#undef RIGHT
};

int rights_parse_name(const char *name, uint64_t *right)
{
	size_t i;

	for (i = 0; i < sizeof(rights) / sizeof(rights[0]); i++) {
		if (!strcmp(rights[i].name, name)) {
			*right = rights[i].value;
			return 0;
		}
	}
	return -1;
}

void rights_print(FILE *out, uint64_t value)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < sizeof(rights) / sizeof(rights[0]); i++) {
		if (value & rights[i].value) {
			fprintf(out, "%s%s", sep, rights[i].name);
			sep = ",";
		}
	}
	if (!*sep)
		fprintf(out, "none");
}
