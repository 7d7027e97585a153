// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - the gate's extension commands
 *
 * The table the gate consults for numbers from CLOUDABI_GATE_EXT_BASE
 * on, in the same form as the generated one (see
 * include/uapi/cloudabi/cloudabi_gate_ext.h for why they exist).
 */

#include <linux/build_bug.h>
#include <linux/ioctl.h>
#include <linux/stddef.h>

#include "gate_ext.h"

static_assert(CLOUDABI_GATE_FD_RESTRICT ==
	      _IOW(CLOUDABI_GATE_IOC_MAGIC, CLOUDABI_GATE_EXT_BASE,
		   struct cloudabi_gate_fd_restrict));

static long call_fd_restrict(const void *args, void *res)
{
	return cloudabi_fd_restrict(args, res);
}

const struct cloudabi_syscall cloudabi_gate_ext_table[CLOUDABI_GATE_EXT_COUNT] = {
	[0] = {
		.name = "fd_restrict",
		.call = call_fd_restrict,
		.args_size = sizeof(struct cloudabi_gate_fd_restrict),
		.res_size = sizeof(struct cloudabi_result_fd_restrict),
		.nresults = 1,
		.results = {
			{
				.user_ptr_offset =
					offsetof(struct cloudabi_gate_fd_restrict,
						 newfd),
				.value_offset =
					offsetof(struct cloudabi_result_fd_restrict,
						 newfd),
				.size = sizeof(cloudabi_fd_t),
			},
		},
	},
};
