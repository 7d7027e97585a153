// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: mem_map of descriptors
 *
 * Started through cloudabi-run with {out: !fd stdout, box: a directory}.
 * Shared memory and a regular file are mapped shared and private, at
 * offsets; every protection needs its right, and a mapping can never be
 * given more than its descriptor's rights later.
 */

#include "argdata.h"
#include "rt.h"

#define R(x) CLOUDABI_RIGHT_##x
#define PAGE 4096
#define RW (CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE)
#define RO CLOUDABI_PROT_READ
#define RX (CLOUDABI_PROT_READ | CLOUDABI_PROT_EXEC)
#define SHARED CLOUDABI_MAP_SHARED
#define PRIVATE CLOUDABI_MAP_PRIVATE

static cloudabi_errno_t map(cloudabi_fd_t fd, size_t len, int prot,
			    int flags, cloudabi_filesize_t off, char **p)
{
	void *mem = NULL;
	cloudabi_errno_t err;

	err = RT_SYS(mem_map)(NULL, len, prot, flags, fd, off, &mem);
	*p = mem;
	return err;
}

static cloudabi_errno_t resize(cloudabi_fd_t fd, cloudabi_filesize_t size)
{
	cloudabi_filestat_t st = { .st_size = size };

	return RT_SYS(file_stat_fput)(fd, &st, CLOUDABI_FILESTAT_SIZE);
}

static int pread_is(cloudabi_fd_t fd, cloudabi_filesize_t off,
		    const char *want, size_t len)
{
	char buf[16] = { 0 };
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = len };
	size_t n = 0;

	return RT_SYS(fd_pread)(fd, &iov, 1, off, &n) == 0 && n == len &&
	       !rt_memcmp(buf, want, len);
}

/* Shared memory has no FD_SEEK: read from its position, which is 0. */
static int read_is(cloudabi_fd_t fd, const char *want, size_t len)
{
	char buf[16] = { 0 };
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = len };
	size_t n = 0;

	return RT_SYS(fd_read)(fd, &iov, 1, &n) == 0 && n == len &&
	       !rt_memcmp(buf, want, len);
}

/* A copy of @fd holding only @rights. */
static cloudabi_fd_t narrowed(cloudabi_fd_t fd, cloudabi_rights_t rights)
{
	cloudabi_fdstat_t st = { .fs_rights_base = rights };
	cloudabi_fd_t copy = 0;

	if (RT_SYS(fd_dup)(fd, &copy) ||
	    RT_SYS(fd_stat_put)(copy, &st, CLOUDABI_FDSTAT_RIGHTS))
		return (cloudabi_fd_t)-1;
	return copy;
}

static void shared_memory(void)
{
	cloudabi_fd_t shm = 0, ro, wo, nomap, noexec;
	char *p = NULL, *q = NULL, *x = NULL;

	CHECK(RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm) == 0 &&
	      resize(shm, 2 * PAGE) == 0, "shared memory of two pages");
	CHECK_EQ(map(shm, 2 * PAGE, RW, SHARED, 0, &p), 0,
		 "mem_map shared read-write");
	if (!p)
		return;
	memcpy(p, "hello", 5);
	CHECK(read_is(shm, "hello", 5),
	      "a store through the mapping is in the file");
	CHECK(map(shm, PAGE, RW, SHARED, PAGE, &q) == 0 && q,
	      "a second mapping of the second page (offset 4096)");
	q[0] = 'Z';
	CHECK(p[PAGE] == 'Z', "both mappings share the page");
	CHECK(RT_SYS(mem_sync)(p, 2 * PAGE, CLOUDABI_MS_SYNC) == 0 &&
	      RT_SYS(mem_advise)(p, 2 * PAGE, CLOUDABI_ADVICE_WILLNEED) == 0,
	      "mem_sync and mem_advise on a file mapping");
	CHECK(resize(shm, 4 * PAGE) == 0 &&
	      map(shm, 4 * PAGE, RW, SHARED, 0, &q) == 0 && q[PAGE] == 'Z',
	      "grown to four pages, mapped whole");

	ro = narrowed(shm, R(FD_READ) | R(MEM_MAP));
	CHECK_EQ(map(ro, PAGE, RW, SHARED, 0, &q), CLOUDABI_ENOTCAPABLE,
		 "shared and writable without FD_WRITE is ENOTCAPABLE");
	CHECK(map(ro, PAGE, RO, SHARED, 0, &q) == 0 && q[0] == 'h',
	      "read-only shared without FD_WRITE maps");
	CHECK_EQ(RT_SYS(mem_protect)(q, PAGE, RW), CLOUDABI_EACCES,
		 "and mem_protect cannot make it writable (EACCES)");
	CHECK(map(ro, PAGE, RW, PRIVATE, 0, &q) == 0 && q[0] == 'h',
	      "a private writable copy needs no FD_WRITE");
	q[0] = 'j';
	CHECK(p[0] == 'h', "and its stores stay private");

	wo = narrowed(shm, R(FD_WRITE) | R(MEM_MAP));
	CHECK_EQ(map(wo, PAGE, RO, SHARED, 0, &q), CLOUDABI_ENOTCAPABLE,
		 "reading without FD_READ is ENOTCAPABLE");
	nomap = narrowed(shm, R(FD_READ) | R(FD_WRITE));
	CHECK_EQ(map(nomap, PAGE, RO, SHARED, 0, &q), CLOUDABI_ENOTCAPABLE,
		 "any mapping without MEM_MAP is ENOTCAPABLE");
	noexec = narrowed(shm, R(FD_READ) | R(MEM_MAP));
	CHECK_EQ(map(noexec, PAGE, RX, SHARED, 0, &q), CLOUDABI_ENOTCAPABLE,
		 "executable without MEM_MAP_EXEC is ENOTCAPABLE");
	CHECK(map(noexec, PAGE, RO, PRIVATE, 0, &q) == 0 &&
	      RT_SYS(mem_protect)(q, PAGE, RX) == CLOUDABI_EACCES,
	      "nor can mem_protect make it executable");
	CHECK_EQ(map(shm, PAGE, RX, PRIVATE, 0, &x), 0,
		 "with MEM_MAP_EXEC an executable mapping is made");

	CHECK_EQ(map(shm, PAGE, RO, SHARED, 100, &q), CLOUDABI_EINVAL,
		 "an unaligned offset is EINVAL");
	CHECK_EQ(map(9999, PAGE, RO, SHARED, 0, &q), CLOUDABI_EBADF,
		 "a bad descriptor is EBADF");
	RT_SYS(fd_close)(ro);
	RT_SYS(fd_close)(wo);
	RT_SYS(fd_close)(nomap);
	RT_SYS(fd_close)(noexec);
	RT_SYS(fd_close)(shm);
	CHECK(p[0] == 'h', "a mapping outlives its descriptor");
}

static void regular_file(cloudabi_fd_t box)
{
	cloudabi_lookup_t at = { .fd = box };
	cloudabi_fdstat_t req = {
		.fs_rights_base = R(FD_READ) | R(FD_WRITE) | R(FD_SEEK) |
				  R(MEM_MAP),
	};
	static char page[PAGE];
	cloudabi_ciovec_t iov = { .buf = page, .buf_len = PAGE };
	cloudabi_fd_t f, sock1, sock2;
	size_t n;
	char *p;

	memset(page, 'a', PAGE);
	CHECK(RT_SYS(file_open)(at, "data", 4, CLOUDABI_O_CREAT |
				CLOUDABI_O_TRUNC, &req, &f) == 0 &&
	      RT_SYS(fd_write)(f, &iov, 1, &n) == 0, "a file of 'a's...");
	memset(page, 'b', PAGE);
	CHECK(RT_SYS(fd_write)(f, &iov, 1, &n) == 0, "...then 'b's");
	CHECK(map(f, PAGE, RO, PRIVATE, PAGE, &p) == 0 && p[0] == 'b' &&
	      p[PAGE - 1] == 'b', "its second page mapped at offset 4096");
	CHECK(map(f, PAGE, RW, SHARED, 0, &p) == 0 &&
	      (p[0] = 'c') && pread_is(f, 0, "c", 1),
	      "mapped shared, a store reaches the file");
	RT_SYS(fd_close)(f);

	CHECK(RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &sock1,
				 &sock2) == 0 &&
	      map(sock1, PAGE, RO, SHARED, 0, &p) == CLOUDABI_ENOTCAPABLE,
	      "a socket has no MEM_MAP: ENOTCAPABLE");
	RT_SYS(fd_close)(sock1);
	RT_SYS(fd_close)(sock2);
}

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen };
	uint32_t out, box;

	if (!fd_of(&root, "out", &out) || !fd_of(&root, "box", &box))
		return 101;
	tap_plan_fd(20 + 5, out);
	shared_memory();
	regular_file(box);
	return tap_done();
}
