// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: fd_create1 (shared memory) and fd_create2 (socket pairs)
 */

#include <cloudabi_gate.h>
#include <cloudabi_vdso_data.h>

#include "rt.h"

#include "../raw_syscall.h"

#define R(x) CLOUDABI_RIGHT_##x

static cloudabi_errno_t put(cloudabi_fd_t fd, const char *s, size_t *n)
{
	cloudabi_ciovec_t iov = { .buf = s, .buf_len = rt_strlen(s) };

	return RT_SYS(fd_write)(fd, &iov, 1, n);
}

static cloudabi_errno_t get(cloudabi_fd_t fd, char *buf, size_t len,
			    size_t *n)
{
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = len };

	return RT_SYS(fd_read)(fd, &iov, 1, n);
}

static void pair(cloudabi_filetype_t type, const char *what)
{
	cloudabi_fd_t a = 0, b = 0;
	cloudabi_fdstat_t st;
	char buf[8] = { 0 };
	size_t n = 0;

	CHECK(RT_SYS(fd_create2)(type, &a, &b) == 0 && a != b,
	      "fd_create2 %s", what);
	CHECK(RT_SYS(fd_stat_get)(a, &st) == 0 && st.fs_filetype == type &&
	      (st.fs_rights_base & R(SOCK_SHUTDOWN)) &&
	      (st.fs_rights_base & (R(FD_READ) | R(FD_WRITE))) ==
	      (R(FD_READ) | R(FD_WRITE)) &&
	      !(st.fs_rights_base & (R(FD_SEEK) | R(MEM_MAP))),
	      "%s: a socket's rights", what);
	CHECK(put(a, "ping", &n) == 0 && n == 4, "%s: write one end", what);
	CHECK(get(b, buf, sizeof(buf), &n) == 0 && n == 4 &&
	      !rt_memcmp(buf, "ping", 4), "%s: read the other", what);
	CHECK(RT_SYS(sock_shutdown)(a, CLOUDABI_SHUT_WR) == 0 &&
	      (type == CLOUDABI_FILETYPE_SOCKET_DGRAM ||
	       (get(b, buf, sizeof(buf), &n) == 0 && n == 0)),
	      "%s: sock_shutdown of writing", what);
	CHECK_EQ(RT_SYS(sock_shutdown)(a, 0), CLOUDABI_EINVAL,
		 "sock_shutdown of nothing is EINVAL");
	CHECK(RT_SYS(fd_close)(a) == 0 && RT_SYS(fd_close)(b) == 0,
	      "%s: close both", what);
}

/* The gate's number, from the data page the module maps below the vDSO. */
static cloudabi_fd_t gate_fd(void)
{
	const struct cloudabi_vdso_data *data =
		(const void *)((const char *)rt.vdso - rt.pagesz);

	return data->gate_fd;
}

/* 4 checks. */
static void gate_slot_and_padding(void)
{
	cloudabi_fdstat_t st;
	uint64_t newfd = 0;
	struct cloudabi_gate_fd_dup args = {
		.from = 1, .fd = (uint64_t)(uintptr_t)&newfd,
	};
	long ret;

	CHECK_EQ(RT_SYS(fd_close)(gate_fd()), CLOUDABI_EBADF,
		 "fd_close of the gate's slot is EBADF");
	CHECK_EQ(RT_SYS(fd_stat_get)(1, &st), 0,
		 "and every call still reaches the gate");
	/* Blocks can grow into their padding only while it is zero. */
	args.__pad0[3] = 1;
	ret = raw_syscall3(NR_ioctl, gate_fd(), CLOUDABI_GATE_FD_DUP,
			   (long)&args);
	CHECK(ret == CLOUDABI_EINVAL && newfd == 0,
	      "a gate block with a padding byte set is EINVAL and does nothing");
	args.__pad0[3] = 0;
	ret = raw_syscall3(NR_ioctl, gate_fd(), CLOUDABI_GATE_FD_DUP,
			   (long)&args);
	CHECK(ret == 0 && newfd > 2,
	      "the same block with zero padding is served");
	if (newfd > 2)
		RT_SYS(fd_close)(newfd);
}

static void replace(void)
{
	cloudabi_fd_t shm = 0, a = 0, b = 0, gate = 0, fd;
	cloudabi_fdstat_t st;

	RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm);
	RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b);
	for (fd = 0; fd < 16 && !gate; fd++)
		if (RT_SYS(fd_stat_get)(fd, &st) == CLOUDABI_EBADF)
			gate = fd;
	CHECK_EQ(RT_SYS(fd_replace)(shm, a), 0, "fd_replace");
	CHECK(RT_SYS(fd_stat_get)(a, &st) == 0 &&
	      st.fs_filetype == CLOUDABI_FILETYPE_SHARED_MEMORY,
	      "the target now holds the source's capability");
	CHECK(RT_SYS(fd_stat_get)(shm, &st) == 0,
	      "the source stays open");
	CHECK_EQ(RT_SYS(fd_replace)(b, b), 0, "fd_replace of a slot by itself");
	CHECK_EQ(RT_SYS(fd_replace)(shm, 1000), CLOUDABI_EBADF,
		 "fd_replace onto a closed slot is EBADF");
	CHECK_EQ(RT_SYS(fd_replace)(1000, shm), CLOUDABI_EBADF,
		 "fd_replace from a closed slot is EBADF");
	CHECK(gate && RT_SYS(fd_replace)(shm, gate) == CLOUDABI_EBADF &&
	      RT_SYS(fd_replace)(gate, shm) == CLOUDABI_EBADF,
	      "the gate's slot can be neither source nor target");
	RT_SYS(fd_close)(shm);
	RT_SYS(fd_close)(a);
	RT_SYS(fd_close)(b);
}

static unsigned int open_fds(void)
{
	cloudabi_fdstat_t st;
	unsigned int fd, n = 0;

	for (fd = 0; fd < 64; fd++)
		n += RT_SYS(fd_stat_get)(fd, &st) == 0;
	return n;
}

static void stat_put(void)
{
	cloudabi_fd_t a = 0, b = 0, d = 0;
	cloudabi_fdstat_t st, req;
	uint64_t full;
	unsigned int before;
	char buf[4];
	size_t n;

	RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b);
	RT_SYS(fd_dup)(a, &d);
	RT_SYS(fd_stat_get)(a, &st);
	full = st.fs_rights_base;
	before = open_fds();
	req = st;
	req.fs_rights_base = full & ~R(FD_WRITE);
	req.fs_rights_inheriting = 0;
	CHECK_EQ(RT_SYS(fd_stat_put)(a, &req, CLOUDABI_FDSTAT_RIGHTS), 0,
		 "fd_stat_put drops FD_WRITE");
	CHECK(RT_SYS(fd_stat_get)(a, &st) == 0 &&
	      st.fs_rights_base == (full & ~R(FD_WRITE)) &&
	      st.fs_rights_inheriting == 0,
	      "the slot now holds exactly the rights asked for");
	CHECK_EQ(put(a, "x", &n), CLOUDABI_ENOTCAPABLE,
		 "writing through it is ENOTCAPABLE");
	CHECK(RT_SYS(fd_stat_get)(d, &st) == 0 && st.fs_rights_base == full,
	      "its duplicate keeps every right");
	CHECK_EQ(open_fds(), before, "no descriptor is left behind");
	req.fs_rights_base = full;
	CHECK_EQ(RT_SYS(fd_stat_put)(a, &req, CLOUDABI_FDSTAT_RIGHTS),
		 CLOUDABI_ENOTCAPABLE, "rights never widen again");
	req.fs_rights_base = 1ULL << 63;
	CHECK_EQ(RT_SYS(fd_stat_put)(d, &req, CLOUDABI_FDSTAT_RIGHTS),
		 CLOUDABI_EINVAL, "unknown rights bits are EINVAL");
	req.fs_flags = CLOUDABI_FDFLAG_NONBLOCK;
	CHECK_EQ(RT_SYS(fd_stat_put)(d, &req, CLOUDABI_FDSTAT_FLAGS), 0,
		 "fd_stat_put sets NONBLOCK");
	CHECK(RT_SYS(fd_stat_get)(d, &st) == 0 &&
	      (st.fs_flags & CLOUDABI_FDFLAG_NONBLOCK),
	      "fd_stat_get reports NONBLOCK");
	CHECK_EQ(get(d, buf, sizeof(buf), &n), CLOUDABI_EAGAIN,
		 "an empty non-blocking socket reads EAGAIN");
	req.fs_flags = CLOUDABI_FDFLAG_SYNC;
	CHECK_EQ(RT_SYS(fd_stat_put)(d, &req, CLOUDABI_FDSTAT_FLAGS),
		 CLOUDABI_ENOTSUP, "SYNC cannot change after open: ENOTSUP");
	CHECK_EQ(RT_SYS(fd_stat_put)(d, &req, 4), CLOUDABI_EINVAL,
		 "an unknown fdsflags bit is EINVAL");
	req.fs_rights_base = 0;
	CHECK_EQ(RT_SYS(fd_stat_put)(1000, &req, CLOUDABI_FDSTAT_RIGHTS),
		 CLOUDABI_EBADF, "fd_stat_put on a closed descriptor is EBADF");
	CHECK_EQ(RT_SYS(fd_stat_put)(d, (cloudabi_fdstat_t *)8,
				     CLOUDABI_FDSTAT_RIGHTS),
		 CLOUDABI_EFAULT, "fd_stat_put from a bad buffer is EFAULT");
	CHECK_EQ(RT_SYS(fd_dup)(d, (cloudabi_fd_t *)8), CLOUDABI_EFAULT,
		 "fd_dup into a bad result is EFAULT...");
	CHECK_EQ(open_fds(), before, "... and installs nothing");
	RT_SYS(fd_close)(a);
	RT_SYS(fd_close)(b);
	RT_SYS(fd_close)(d);
}

/*
 * Shared memory is bounded as a whole (the module's tmpfs, a quarter of
 * RAM by default): writing 1 MiB at a time ends in ENOSPC before the
 * guest's 512 MiB are gone, and closing gives it all back.
 */
static void bounded_shm(void)
{
	static char chunk[1 << 20];
	cloudabi_ciovec_t iov = { .buf = chunk, .buf_len = sizeof(chunk) };
	cloudabi_errno_t err = 0;
	cloudabi_fd_t shm;
	unsigned int mib;
	size_t n;

	if (RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm)) {
		CHECK(0, "shared memory for the bound");
		CHECK(0, "shared memory for the bound");
		return;
	}
	for (mib = 0; mib < 1024 && !err; mib++)
		err = RT_SYS(fd_write)(shm, &iov, 1, &n);
	CHECK(err == CLOUDABI_ENOSPC && mib > 16 && mib < 512,
	      "shared memory stops at its bound: ENOSPC after %u MiB (%u)",
	      mib - 1, (unsigned int)err);
	CHECK_EQ(RT_SYS(fd_close)(shm), 0, "and closing it frees it");
}

int program_main(void)
{
	cloudabi_fd_t shm = 0, a, b;
	cloudabi_filestat_t fst;
	cloudabi_fdstat_t st;
	size_t n;

	tap_plan(45 + 4 + 3);
	CHECK_EQ(RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm), 0,
		 "fd_create1 shared memory");
	CHECK(RT_SYS(fd_stat_get)(shm, &st) == 0 &&
	      st.fs_filetype == CLOUDABI_FILETYPE_SHARED_MEMORY &&
	      (st.fs_rights_base & (R(FD_WRITE) | R(MEM_MAP))) ==
	      (R(FD_WRITE) | R(MEM_MAP)) &&
	      !(st.fs_rights_base & (R(FD_SEEK) | R(PROC_EXEC))),
	      "shared memory: type and rights");
	CHECK(put(shm, "12345", &n) == 0 && n == 5, "shared memory: write");
	CHECK(RT_SYS(file_stat_fget)(shm, &fst) == 0 && fst.st_size == 5,
	      "shared memory: its size follows");
	CHECK_EQ(RT_SYS(sock_shutdown)(shm, CLOUDABI_SHUT_RD),
		 CLOUDABI_ENOTCAPABLE, "sock_shutdown of shared memory");
	CHECK_EQ(RT_SYS(file_allocate)(shm, 0, 1 << 20), CLOUDABI_ENOTCAPABLE,
		 "shared memory: no storage to allocate");
	bounded_shm();
	CHECK_EQ(RT_SYS(fd_close)(shm), 0, "shared memory: close");
	CHECK_EQ(RT_SYS(fd_create1)(CLOUDABI_FILETYPE_REGULAR_FILE, &shm),
		 CLOUDABI_EINVAL, "fd_create1 of a regular file is EINVAL");
	CHECK_EQ(RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SHARED_MEMORY, &a, &b),
		 CLOUDABI_EINVAL, "fd_create2 of shared memory is EINVAL");
	pair(CLOUDABI_FILETYPE_SOCKET_STREAM, "stream");
	pair(CLOUDABI_FILETYPE_SOCKET_DGRAM, "datagram");
	replace();
	stat_put();
	gate_slot_and_padding();
	return tap_done();
}
