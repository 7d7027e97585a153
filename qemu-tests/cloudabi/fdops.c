// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: the fd_* and file_* calls on an open descriptor
 *
 * `fdops.test 1`, started by the runner with descriptor 3 a regular file
 * open for reading and writing, 4 the same file read-only and 0 a pipe.
 */

#include "rt.h"

#define RW 3
#define RO 4
#define PIPE 0

static cloudabi_errno_t pwrite_str(cloudabi_fd_t fd, const char *s,
				   cloudabi_filesize_t off, size_t *n)
{
	cloudabi_ciovec_t iov = { .buf = s, .buf_len = rt_strlen(s) };

	return RT_SYS(fd_pwrite)(fd, &iov, 1, off, n);
}

static cloudabi_errno_t pread_buf(cloudabi_fd_t fd, char *buf, size_t len,
				  cloudabi_filesize_t off, size_t *n)
{
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = len };

	return RT_SYS(fd_pread)(fd, &iov, 1, off, n);
}

static cloudabi_errno_t pread_iovs(cloudabi_fd_t fd, size_t count)
{
	char buf[4];
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = sizeof(buf) };
	size_t n;

	return RT_SYS(fd_pread)(fd, &iov, count, 0, &n);
}

static cloudabi_errno_t seek(cloudabi_fd_t fd, cloudabi_filedelta_t off,
			     cloudabi_whence_t whence, cloudabi_filesize_t *pos)
{
	return RT_SYS(fd_seek)(fd, off, whence, pos);
}

/*
 * The vDSO's preadv and pwritev on the capability, and what it leaves to
 * the gate: offsets from 2^62 (the capability's own fixed position, which
 * must never read as a plain read), empty requests and ambiguous errors.
 */
static void offsets_and_edges(void)
{
	cloudabi_ciovec_t none = { .buf = "", .buf_len = 0 };
	cloudabi_iovec_t empty = { .buf = 0, .buf_len = 0 };
	char buf[8];
	size_t n = 99;

	CHECK(pread_buf(RW, buf, 5, 1ULL << 62, &n) == 0 && n == 0,
	      "fd_pread at 2^62 reads nothing there, not at the position");
	n = 99;
	CHECK(pread_buf(RW, buf, 5, (1ULL << 62) - 1, &n) == 0 && n == 0,
	      "fd_pread just below 2^62 is the end of the file");
	CHECK_EQ(pwrite_str(RO, "x", 1ULL << 62, &n), CLOUDABI_ENOTCAPABLE,
		 "fd_pwrite at 2^62 on the read-only file is ENOTCAPABLE");
	CHECK_EQ(RT_SYS(fd_pread)(PIPE, &empty, 1, 0, &n), CLOUDABI_ENOTCAPABLE,
		 "an empty fd_pread on a pipe is ENOTCAPABLE");
	n = 99;
	CHECK(RT_SYS(fd_pwrite)(RW, &none, 1, 0, &n) == 0 && n == 0,
	      "an empty fd_pwrite writes nothing");
	CHECK_EQ(RT_SYS(fd_pread)(RW, (cloudabi_iovec_t *)8, 1, 0, &n),
		 CLOUDABI_EFAULT, "fd_pread with a bad iovec array is EFAULT");
	CHECK_EQ(pread_iovs(RW, (1ULL << 32) + 1), CLOUDABI_EINVAL,
		 "fd_pread of 2^32 + 1 buffers is EINVAL, not a read of one");
	CHECK_EQ(RT_SYS(fd_read)(RW, &empty, (1ULL << 32) + 1, &n),
		 CLOUDABI_EINVAL, "fd_read of 2^32 + 1 buffers is EINVAL");
}

static void positions(void)
{
	cloudabi_filesize_t pos = 99;
	char buf[8];
	size_t n;

	CHECK(seek(RW, 0, CLOUDABI_WHENCE_CUR, &pos) == 0 && pos == 0,
	      "fd_pwrite and fd_pread leave the position at 0");
	CHECK(seek(RW, 0, CLOUDABI_WHENCE_END, &pos) == 0 && pos == 11,
	      "fd_seek to the end: 11");
	CHECK(seek(RW, -5, CLOUDABI_WHENCE_CUR, &pos) == 0 && pos == 6,
	      "fd_seek back by 5: 6");
	CHECK(pread_buf(RW, buf, 5, 0, &n) == 0 && n == 5 &&
	      !rt_memcmp(buf, "hello", 5) &&
	      seek(RW, 0, CLOUDABI_WHENCE_CUR, &pos) == 0 && pos == 6,
	      "fd_pread reads at its offset, not at the position 6");
	CHECK_EQ(seek(RW, -100, CLOUDABI_WHENCE_SET, &pos), CLOUDABI_EINVAL,
		 "fd_seek before the start is EINVAL");
	CHECK_EQ(seek(RW, 0, 0, &pos), CLOUDABI_EINVAL,
		 "fd_seek with whence 0 is EINVAL");
	CHECK_EQ(seek(RW, 0, 9, &pos), CLOUDABI_EINVAL,
		 "fd_seek with whence 9 is EINVAL");
	CHECK_EQ(seek(PIPE, 0, CLOUDABI_WHENCE_CUR, &pos),
		 CLOUDABI_ENOTCAPABLE, "a pipe has no FD_TELL");
	CHECK_EQ(seek(PIPE, 1, CLOUDABI_WHENCE_SET, &pos),
		 CLOUDABI_ENOTCAPABLE, "a pipe has no FD_SEEK");
}

static void sync_and_stat(void)
{
	cloudabi_filestat_t st;

	CHECK_EQ(RT_SYS(fd_sync)(RW), 0, "fd_sync");
	CHECK_EQ(RT_SYS(fd_datasync)(RW), 0, "fd_datasync");
	/* fsync(2) works on a file open for reading: the rights apply. */
	CHECK_EQ(RT_SYS(fd_sync)(RO), 0, "fd_sync on a read-only file");
	CHECK_EQ(RT_SYS(fd_datasync)(RO), 0, "fd_datasync on a read-only file");
	CHECK(RT_SYS(file_stat_fget)(RW, &st) == 0 && st.st_size == 11 &&
	      st.st_filetype == CLOUDABI_FILETYPE_REGULAR_FILE &&
	      st.st_nlink == 1 && st.st_mtim > 0 && st.st_ino != 0,
	      "file_stat_fget: a regular file of 11 bytes");
	CHECK_EQ(RT_SYS(file_stat_fget)(RW, (cloudabi_filestat_t *)8),
		 CLOUDABI_EFAULT, "file_stat_fget into a bad buffer is EFAULT");
	CHECK_EQ(RT_SYS(file_allocate)(RW, 0, 4096), 0, "file_allocate 4096");
	CHECK(RT_SYS(file_stat_fget)(RO, &st) == 0 && st.st_size == 4096,
	      "the file grew to 4096, seen through the other descriptor");
	CHECK_EQ(RT_SYS(file_allocate)(RO, 0, 8192), CLOUDABI_ENOTCAPABLE,
		 "file_allocate on a read-only file is ENOTCAPABLE");
	CHECK_EQ(RT_SYS(file_allocate)(RW, 0, 0), CLOUDABI_EINVAL,
		 "file_allocate of nothing is EINVAL");
	CHECK_EQ(RT_SYS(file_advise)(RW, 0, 0, CLOUDABI_ADVICE_SEQUENTIAL), 0,
		 "file_advise sequential");
	CHECK_EQ(RT_SYS(file_advise)(RW, 0, 0, 99), CLOUDABI_EINVAL,
		 "file_advise with an unknown advice is EINVAL");
}

static void dup_and_close(void)
{
	cloudabi_fdstat_t a, b;
	cloudabi_fd_t dup = 0, gate = 0, fd;

	CHECK(RT_SYS(fd_dup)(RO, &dup) == 0 && dup > RO, "fd_dup");
	CHECK(RT_SYS(fd_stat_get)(RO, &a) == 0 &&
	      RT_SYS(fd_stat_get)(dup, &b) == 0 &&
	      a.fs_rights_base == b.fs_rights_base &&
	      a.fs_rights_inheriting == b.fs_rights_inheriting,
	      "the duplicate has the same rights");
	CHECK_EQ(RT_SYS(fd_close)(dup), 0, "fd_close of the duplicate");
	CHECK_EQ(RT_SYS(fd_close)(dup), CLOUDABI_EBADF,
		 "fd_close of a closed descriptor is EBADF");
	CHECK(RT_SYS(fd_stat_get)(RO, &a) == 0,
	      "the original stays open after its duplicate is closed");
	for (fd = RO + 1; fd < 16 && !gate; fd++)
		if (RT_SYS(fd_stat_get)(fd, &a) == CLOUDABI_EBADF)
			gate = fd;
	/* A free slot would be the next duplicate's number: it is taken. */
	CHECK(gate && RT_SYS(fd_dup)(RO, &dup) == 0 && dup != gate &&
	      RT_SYS(fd_close)(gate) == CLOUDABI_EBADF,
	      "the gate's descriptor is taken, yet cannot be closed");
	RT_SYS(fd_close)(dup);
	CHECK_EQ(RT_SYS(fd_dup)(1000, &fd), CLOUDABI_EBADF,
		 "fd_dup of a closed descriptor is EBADF");
}

int program_main(void)
{
	char buf[16] = { 0 };
	size_t n = 0;

	tap_plan(44);
	CHECK(pwrite_str(RW, "hello world", 0, &n) == 0 && n == 11,
	      "fd_pwrite 11 bytes at 0");
	CHECK(pread_buf(RW, buf, 5, 6, &n) == 0 && n == 5 &&
	      !rt_memcmp(buf, "world", 5), "fd_pread 5 bytes at 6");
	CHECK(pread_buf(RO, buf, 5, 0, &n) == 0 && n == 5 &&
	      !rt_memcmp(buf, "hello", 5), "fd_pread on the read-only file");
	CHECK_EQ(pwrite_str(RO, "x", 0, &n), CLOUDABI_ENOTCAPABLE,
		 "fd_pwrite on the read-only file is ENOTCAPABLE");
	CHECK_EQ(pread_buf(PIPE, buf, 1, 0, &n), CLOUDABI_ENOTCAPABLE,
		 "fd_pread on a pipe is ENOTCAPABLE (no FD_SEEK)");
	CHECK_EQ(pread_buf(RW, buf, 1, 1ULL << 63, &n), CLOUDABI_EINVAL,
		 "fd_pread at offset 2^63 is EINVAL");
	CHECK_EQ(pwrite_str(RW, "x", 1ULL << 63, &n), CLOUDABI_EINVAL,
		 "fd_pwrite at offset 2^63 is EINVAL");
	CHECK_EQ(pread_buf(RW, buf, 1, ~0ULL, &n), CLOUDABI_EINVAL,
		 "fd_pread at offset 2^64 - 1 is EINVAL, not a plain read");
	offsets_and_edges();
	positions();
	sync_and_stat();
	dup_and_close();
	return tap_done();
}
