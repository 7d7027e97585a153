// SPDX-License-Identifier: GPL-2.0
/*
 * The demo: print a file, then try to change it
 *
 * Started by cloudabi-run with the argdata {file: !file ..., out: !fd
 * stdout}.  It can read the file because the launcher gave it a read-only
 * capability, and its attempt to write is refused with ENOTCAPABLE: it
 * holds no other way to reach the file.
 */

#include "argdata.h"
#include "rt.h"

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen }, v;
	uint32_t file, out;
	char buf[4096];
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = sizeof(buf) };
	cloudabi_ciovec_t ciov = { .buf = buf };
	cloudabi_errno_t err;
	size_t n;

	if (rt_ad_map_get(&root, "out", &v) != 1 || rt_ad_fd(&v, &out) ||
	    rt_ad_map_get(&root, "file", &v) != 1 || rt_ad_fd(&v, &file))
		return 2;
	while (RT_SYS(fd_read)(file, &iov, 1, &n) == 0 && n > 0) {
		ciov.buf_len = n;
		RT_SYS(fd_write)(out, &ciov, 1, &n);
	}
	ciov.buf_len = 1;
	err = RT_SYS(fd_write)(file, &ciov, 1, &n);
	rt_printf(out, "writing to the file: %s\n",
		  err == CLOUDABI_ENOTCAPABLE ? "ENOTCAPABLE, as it should be" :
		  "NOT REFUSED");
	return err == CLOUDABI_ENOTCAPABLE ? 0 : 1;
}
