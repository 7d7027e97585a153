// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: inherited descriptors as capabilities
 *
 * `fd.test FD`, started by the runner with FD a regular file opened
 * write-only (its output), descriptor 0 a pipe read end and nothing else
 * open but the gate.
 */

#include "rt.h"

#define ALL_BITS(x, bits) (((x) & (bits)) == (bits))

int program_main(void)
{
	static const char msg[] = "written through fd_write\n";
	cloudabi_ciovec_t ciov = { .buf = msg, .buf_len = sizeof(msg) - 1 };
	cloudabi_fd_t out = 1, gate = 0;
	cloudabi_iovec_t iov;
	cloudabi_fdstat_t st;
	size_t n = 0;
	char buf[16];
	unsigned int fd;

	tap_plan(21);
	out = (cloudabi_fd_t)(rt_arg(1) ? rt_arg(1)[0] - '0' : 1);
	CHECK_EQ(RT_SYS(fd_write)(out, &ciov, 1, &n), 0, "fd_write on an inherited file");
	CHECK_EQ(n, sizeof(msg) - 1, "fd_write writes everything");

	CHECK_EQ(RT_SYS(fd_stat_get)(out, &st), 0, "fd_stat_get on it");
	CHECK_EQ(st.fs_filetype, CLOUDABI_FILETYPE_REGULAR_FILE,
		 "it is a regular file");
	CHECK(ALL_BITS(st.fs_rights_base, CLOUDABI_RIGHT_FD_WRITE |
		       CLOUDABI_RIGHT_FD_SEEK | CLOUDABI_RIGHT_FILE_STAT_FGET),
	      "a write-only file may write, seek and stat");
	CHECK(!(st.fs_rights_base & CLOUDABI_RIGHT_FD_READ),
	      "a write-only file has no FD_READ");
	CHECK_EQ(st.fs_rights_inheriting, 0, "a file passes on no rights");
	iov.buf = buf;
	iov.buf_len = sizeof(buf);
	CHECK_EQ(RT_SYS(fd_read)(out, &iov, 1, &n), CLOUDABI_ENOTCAPABLE,
		 "fd_read without FD_READ is ENOTCAPABLE");

	CHECK_EQ(RT_SYS(fd_stat_get)(0, &st), 0, "fd_stat_get on the pipe");
	CHECK_EQ(st.fs_filetype, CLOUDABI_FILETYPE_SOCKET_STREAM,
		 "a pipe is a byte stream");
	CHECK(!(st.fs_rights_base & (CLOUDABI_RIGHT_FD_SEEK |
				     CLOUDABI_RIGHT_FD_WRITE |
				     CLOUDABI_RIGHT_MEM_MAP)),
	      "a pipe's read end cannot seek, write or map");
	CHECK_EQ(RT_SYS(fd_read)(0, &iov, 1, &n), 0, "fd_read from the pipe");
	CHECK(n == 3 && !rt_memcmp(buf, "abc", 3), "fd_read reads its bytes");

	/* The gate is an fd of this process, but never a capability. */
	for (fd = 2; fd < 16 && !gate; fd++)
		/* The first descriptor past the inherited ones. */
		if (RT_SYS(fd_stat_get)(fd, &st) == CLOUDABI_EBADF)
			gate = fd;
	CHECK(gate != 0, "the gate's descriptor is no capability (EBADF)");
	CHECK_EQ(RT_SYS(fd_write)(gate, &ciov, 1, &n), CLOUDABI_EBADF,
		 "fd_write on the gate's descriptor is EBADF");
	CHECK_EQ(RT_SYS(fd_write)(1000, &ciov, 1, &n), CLOUDABI_EBADF,
		 "fd_write on a closed descriptor is EBADF");
	CHECK_EQ(RT_SYS(fd_stat_get)(0xffffffff, &st), CLOUDABI_EBADF,
		 "fd_stat_get on descriptor -1 is EBADF");
	CHECK_EQ(RT_SYS(fd_write)(out, (const cloudabi_ciovec_t *)8, 1, &n),
		 CLOUDABI_EFAULT, "fd_write with a bad iovec array is EFAULT");
	ciov.buf = (const void *)16;
	CHECK_EQ(RT_SYS(fd_write)(out, &ciov, 1, &n), CLOUDABI_EFAULT,
		 "fd_write from a bad buffer is EFAULT");
	CHECK_EQ(RT_SYS(fd_write)(out, &ciov, 100000, &n), CLOUDABI_EINVAL,
		 "fd_write with too many buffers is EINVAL");
	CHECK_EQ(RT_SYS(fd_stat_get)(out, (cloudabi_fdstat_t *)8),
		 CLOUDABI_EFAULT, "fd_stat_get into a bad buffer is EFAULT");
	return tap_done();
}
