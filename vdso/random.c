// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - random_get, on getrandom(2)
 */

#include "vdso.h"

cloudabi_errno_t vdso_random_get(void *buf, size_t buf_len)
{
	char *p = buf;
	long ret;

	/* getrandom() may return fewer bytes than asked for: go on. */
	while (buf_len > 0) {
		ret = linux_syscall3(LINUX_NR_getrandom, (long)p, buf_len, 0);
		if (ret == -4 /* EINTR */)
			continue;
		if (ret < 0)
			return vdso_errno_from_linux(ret);
		p += ret;
		buf_len -= ret;
	}
	return 0;
}
