// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: one name call, for the runner to judge from outside
 *
 * Started by a native parent as `names.run OUT DIR OP A [B]` with a
 * directory on descriptor DIR: OP is link (A to B), symlink (B pointing
 * at A) or rmdir (A).  Writes "OP N" to descriptor OUT, N the CloudABI
 * errno.  The runner uses it where the answer depends on how the module
 * was set up (its parameters), which a KTAP program cannot change.
 */

#include "rt.h"

int program_main(void)
{
	const char *op = rt_arg(3), *a = rt_arg(4), *b = rt_arg(5);
	cloudabi_fd_t dir = rt_number(rt_arg(2));
	cloudabi_errno_t err;

	if (!op || !a)
		return 100;
	if (!rt_strcmp(op, "link") && b)
		err = RT_SYS(file_link)((cloudabi_lookup_t){ .fd = dir }, a,
					rt_strlen(a), dir, b, rt_strlen(b));
	else if (!rt_strcmp(op, "symlink") && b)
		err = RT_SYS(file_symlink)(a, rt_strlen(a), dir, b,
					   rt_strlen(b));
	else if (!rt_strcmp(op, "rmdir"))
		err = RT_SYS(file_unlink)(dir, a, rt_strlen(a),
					  CLOUDABI_UNLINK_REMOVEDIR);
	else
		return 100;
	rt_printf(rt_number(rt_arg(1)), "%s %u\n", op, (unsigned int)err);
	return 0;
}
