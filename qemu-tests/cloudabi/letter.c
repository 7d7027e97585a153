// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: landed calls by the letter of the spec, and as cloudlibc
 * uses them
 *
 * Started through cloudabi-run with {out: !fd stdout, box: /tmp/letter,
 * ro: /tmp/letter-ro (mode 0444, opened for writing)}.
 * Each group is one rule of the spec (or of POSIX where the spec is
 * silent) that an earlier version of the module broke.
 */

#include "argdata.h"
#include "rt.h"

#define R(x) CLOUDABI_RIGHT_##x

static uint32_t box;

static cloudabi_lookup_t at(cloudabi_fd_t fd)
{
	return (cloudabi_lookup_t){ .fd = fd };
}

static cloudabi_errno_t open_as(cloudabi_fd_t dir, const char *path,
				cloudabi_oflags_t oflags, uint64_t base,
				uint64_t inheriting, uint16_t fdflags,
				cloudabi_fd_t *fd)
{
	cloudabi_fdstat_t req = {
		.fs_flags = fdflags,
		.fs_rights_base = base,
		.fs_rights_inheriting = inheriting,
	};

	return RT_SYS(file_open)(at(dir), path, rt_strlen(path), oflags, &req,
				 fd);
}

static cloudabi_errno_t put(cloudabi_fd_t fd, const char *s)
{
	cloudabi_ciovec_t iov = { .buf = s, .buf_len = rt_strlen(s) };
	size_t n;

	return RT_SYS(fd_write)(fd, &iov, 1, &n);
}

static int size_is(cloudabi_fd_t dir, const char *path, uint64_t size)
{
	cloudabi_filestat_t st;

	return RT_SYS(file_stat_get)(at(dir), path, rt_strlen(path), &st) ==
	       0 && st.st_size == size;
}

/*
 * 3 checks.  fopen(name, "w") one directory down: cloudlibc opens the
 * directory read-only (no FILE_STAT_FPUT_SIZE of its own, all of it to
 * pass on), then the file with O_TRUNC.
 */
static void trunc_through_read_only_directory(void)
{
	cloudabi_fd_t dir = 0, lean = 0, f = 0;
	const uint64_t dir_base = R(FILE_OPEN) | R(FILE_CREATE_FILE) |
				  R(FILE_READDIR) | R(FILE_STAT_GET);
	const uint64_t file_rights = R(FD_READ) | R(FD_WRITE) | R(FD_SEEK) |
				     R(FILE_STAT_FPUT_SIZE);
	int ok;

	ok = RT_SYS(file_create)(box, "sub", 3,
				 CLOUDABI_FILETYPE_DIRECTORY) == 0 &&
	     open_as(box, "sub/f", CLOUDABI_O_CREAT, R(FD_WRITE), 0, 0, &f) ==
	     0 && put(f, "old data") == 0 && RT_SYS(fd_close)(f) == 0;
	ok = ok && open_as(box, "sub", CLOUDABI_O_DIRECTORY, dir_base,
			   file_rights, 0, &dir) == 0;
	CHECK(ok && open_as(dir, "f", CLOUDABI_O_CREAT | CLOUDABI_O_TRUNC,
			    R(FD_WRITE), 0, 0, &f) == 0 &&
	      size_is(box, "sub/f", 0),
	      "O_TRUNC through a read-only directory that may pass the right on");
	RT_SYS(fd_close)(f);
	CHECK(ok && open_as(box, "sub", CLOUDABI_O_DIRECTORY, dir_base,
			    R(FD_READ) | R(FD_WRITE), 0, &lean) == 0 &&
	      open_as(lean, "f", CLOUDABI_O_TRUNC, R(FD_WRITE), 0, 0, &f) ==
	      CLOUDABI_ENOTCAPABLE,
	      "O_TRUNC where FILE_STAT_FPUT_SIZE cannot be passed on: ENOTCAPABLE");
	CHECK(open_as(dir, "new", CLOUDABI_O_CREAT | CLOUDABI_O_TRUNC,
		      R(FD_WRITE), 0, 0, &f) == 0 && size_is(box, "sub/new", 0),
	      "O_CREAT | O_TRUNC of a new file there");
	RT_SYS(fd_close)(f);
	RT_SYS(fd_close)(lean);
	RT_SYS(fd_close)(dir);
}

/* 5 checks.  The rights decide the access mode: writing a directory is EISDIR. */
static void write_rights_on_directories(void)
{
	cloudabi_fd_t fd = 0;

	CHECK_EQ(open_as(box, "sub", CLOUDABI_O_DIRECTORY,
			 R(FILE_OPEN) | R(FD_WRITE), 0, 0, &fd),
		 CLOUDABI_EISDIR, "O_DIRECTORY with FD_WRITE: EISDIR");
	CHECK_EQ(open_as(box, "sub", 0, R(FD_WRITE), 0, 0, &fd),
		 CLOUDABI_EISDIR, "a directory with FD_WRITE: EISDIR");
	CHECK_EQ(open_as(box, "sub", CLOUDABI_O_DIRECTORY,
			 R(FILE_OPEN) | R(FD_DATASYNC), 0, 0, &fd),
		 CLOUDABI_EISDIR, "O_DIRECTORY with FD_DATASYNC: EISDIR");
	CHECK_EQ(open_as(box, "sub", CLOUDABI_O_DIRECTORY,
			 R(FILE_OPEN) | R(FILE_STAT_FPUT_SIZE), 0, 0, &fd),
		 CLOUDABI_EISDIR, "O_DIRECTORY with FILE_STAT_FPUT_SIZE: EISDIR");
	CHECK(open_as(box, "sub", CLOUDABI_O_DIRECTORY,
		      R(FILE_OPEN) | R(FILE_READDIR), 0, 0, &fd) == 0 &&
	      RT_SYS(fd_close)(fd) == 0,
	      "O_DIRECTORY with reading rights opens");
}

/* 2 checks.  FD_SEEK implies FD_TELL. */
static void seek_implies_tell(void)
{
	cloudabi_fd_t f = 0;
	cloudabi_filesize_t pos = 1;
	int ok;

	ok = open_as(box, "sub/f", 0, R(FD_WRITE) | R(FD_SEEK), 0, 0, &f) ==
	     0 && put(f, "abc") == 0;
	CHECK(ok && RT_SYS(fd_seek)(f, 0, CLOUDABI_WHENCE_CUR, &pos) == 0 &&
	      pos == 3, "fd_seek(0, CUR) with FD_SEEK and no FD_TELL");
	CHECK(ok && RT_SYS(fd_seek)(f, 1, CLOUDABI_WHENCE_SET, &pos) == 0 &&
	      pos == 1, "and FD_SEEK still moves it");
	RT_SYS(fd_close)(f);
}

/* 6 checks.  The synchronous flags stand for the sync rights. */
static void sync_flags_need_rights(void)
{
	cloudabi_fd_t d = 0, f = 0;
	const uint64_t dir_base = R(FILE_OPEN) | R(FILE_READDIR);
	const uint64_t plain = R(FD_READ) | R(FD_WRITE);

	CHECK(open_as(box, "sub", CLOUDABI_O_DIRECTORY, dir_base, plain, 0,
		      &d) == 0 &&
	      open_as(d, "f", 0, R(FD_WRITE), 0, CLOUDABI_FDFLAG_DSYNC, &f) ==
	      CLOUDABI_ENOTCAPABLE,
	      "DSYNC where neither FD_DATASYNC nor FD_SYNC passes: ENOTCAPABLE");
	CHECK_EQ(open_as(d, "f", 0, R(FD_READ), 0, CLOUDABI_FDFLAG_RSYNC, &f),
		 CLOUDABI_ENOTCAPABLE, "RSYNC without FD_SYNC: ENOTCAPABLE");
	CHECK_EQ(open_as(d, "f", 0, R(FD_WRITE), 0, CLOUDABI_FDFLAG_SYNC, &f),
		 CLOUDABI_ENOTCAPABLE, "SYNC without FD_SYNC: ENOTCAPABLE");
	RT_SYS(fd_close)(d);
	CHECK(open_as(box, "sub", CLOUDABI_O_DIRECTORY, dir_base,
		      plain | R(FD_DATASYNC), 0, &d) == 0 &&
	      open_as(d, "f", 0, R(FD_WRITE), 0, CLOUDABI_FDFLAG_DSYNC, &f) ==
	      0 && RT_SYS(fd_close)(f) == 0,
	      "DSYNC where FD_DATASYNC passes");
	CHECK_EQ(open_as(d, "f", 0, R(FD_WRITE), 0, CLOUDABI_FDFLAG_RSYNC, &f),
		 CLOUDABI_ENOTCAPABLE, "but RSYNC still needs FD_SYNC");
	RT_SYS(fd_close)(d);
	CHECK(open_as(box, "sub", CLOUDABI_O_DIRECTORY, dir_base,
		      plain | R(FD_SYNC), 0, &d) == 0 &&
	      open_as(d, "f", 0, R(FD_READ), 0,
		      CLOUDABI_FDFLAG_RSYNC | CLOUDABI_FDFLAG_DSYNC, &f) == 0 &&
	      RT_SYS(fd_close)(f) == 0,
	      "RSYNC and DSYNC where FD_SYNC passes");
	RT_SYS(fd_close)(d);
}

/* 2 checks.  Fewer rights than asked only where a right does not apply. */
static void rights_that_apply_are_kept(void)
{
	const uint64_t handle = R(FILE_STAT_FGET) | R(FILE_ADVISE) |
				R(FD_SEEK) | R(FD_TELL);
	cloudabi_fdstat_t st;
	cloudabi_fd_t f = 0;

	CHECK(open_as(box, "sub/f", 0, R(FD_READ) | R(FD_SYNC), 0, 0, &f) ==
	      0 && RT_SYS(fd_stat_get)(f, &st) == 0 &&
	      st.fs_rights_base == (R(FD_READ) | R(FD_SYNC)),
	      "FD_READ | FD_SYNC on a regular file: both kept");
	RT_SYS(fd_close)(f);
	CHECK(open_as(box, "sub/f", 0, handle, 0, 0, &f) == 0 &&
	      RT_SYS(fd_stat_get)(f, &st) == 0 && st.fs_rights_base == handle,
	      "stat, advise, seek and tell without reading: all kept");
	RT_SYS(fd_close)(f);
}

/* 2 checks.  A failed fd_stat_put changes nothing. */
static void stat_put_is_atomic(void)
{
	cloudabi_fdstat_t st, now;
	cloudabi_fd_t f = 0;
	int ok;

	ok = open_as(box, "sub/f", 0,
		     R(FD_WRITE) | R(FD_STAT_PUT_FLAGS) | R(FILE_STAT_FGET), 0,
		     0, &f) == 0 && RT_SYS(fd_stat_get)(f, &st) == 0;
	st.fs_flags = CLOUDABI_FDFLAG_APPEND;
	st.fs_rights_base |= R(FD_READ);
	CHECK(ok && RT_SYS(fd_stat_put)(f, &st, CLOUDABI_FDSTAT_FLAGS |
					CLOUDABI_FDSTAT_RIGHTS) ==
	      CLOUDABI_ENOTCAPABLE,
	      "fd_stat_put widening the rights and setting APPEND: ENOTCAPABLE");
	CHECK(ok && RT_SYS(fd_stat_get)(f, &now) == 0 &&
	      !(now.fs_flags & CLOUDABI_FDFLAG_APPEND) &&
	      !(now.fs_rights_base & R(FD_READ)),
	      "and neither the flags nor the rights changed");
	RT_SYS(fd_close)(f);
}

/* 2 checks.  A full table leaves no file behind an O_CREAT. */
static void creat_on_full_table(void)
{
	static cloudabi_fd_t fds[4096];
	cloudabi_filestat_t st;
	cloudabi_fd_t f = 0;
	unsigned int n = 0, i;

	while (n < 4096 && RT_SYS(fd_dup)(box, &fds[n]) == 0)
		n++;
	CHECK(n < 4096 && open_as(box, "full", CLOUDABI_O_CREAT, R(FD_WRITE),
				  0, 0, &f) == CLOUDABI_EMFILE,
	      "O_CREAT with no descriptor left: EMFILE (after %u dups)", n);
	for (i = 0; i < n; i++)
		RT_SYS(fd_close)(fds[i]);
	CHECK_EQ(RT_SYS(file_stat_get)(at(box), "full", 4, &st),
		 CLOUDABI_ENOENT, "and no file was created");
}

/* 2 checks.  The rights of new objects, as cloudlibc expects them. */
static void new_object_rights(void)
{
	const uint64_t shm_rights = R(FD_READ) | R(FD_WRITE) |
		R(FILE_STAT_FGET) | R(FILE_STAT_FPUT_SIZE) | R(MEM_MAP) |
		R(MEM_MAP_EXEC);
	cloudabi_fd_t shm = 0, a = 0, b = 0;
	cloudabi_fdstat_t st;

	CHECK(RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm) == 0 &&
	      RT_SYS(fd_stat_get)(shm, &st) == 0 &&
	      st.fs_rights_base == shm_rights && st.fs_rights_inheriting == 0,
	      "shared memory: fstat, ftruncate and mmap rights, no more");
	CHECK(RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b) ==
	      0 && RT_SYS(fd_stat_get)(a, &st) == 0 &&
	      st.fs_rights_inheriting == CLOUDABI_ALL_RIGHTS,
	      "a socket pair's inheriting rights are all rights");
	RT_SYS(fd_close)(shm);
	RT_SYS(fd_close)(a);
	RT_SYS(fd_close)(b);
}

/* 3 checks.  readv(2)'s answers for iovec arrays. */
static void iovec_errors(void)
{
	char a[4], b[4];
	cloudabi_iovec_t iov[2] = {
		{ .buf = a, .buf_len = (size_t)1 << 62 },
		{ .buf = b, .buf_len = (size_t)1 << 62 },
	};
	cloudabi_ciovec_t ok = { .buf = "ab", .buf_len = 2 };
	cloudabi_fd_t f = 0;
	size_t n = 0;

	CHECK(open_as(box, "sub/iov", CLOUDABI_O_CREAT,
		      R(FD_READ) | R(FD_WRITE) | R(FD_SEEK), 0, 0, &f) == 0 &&
	      RT_SYS(fd_read)(f, iov, 2, &n) == CLOUDABI_EINVAL,
	      "iovec lengths whose sum overflows: EINVAL");
	iov[0].buf = (void *)16;
	iov[0].buf_len = 4;
	iov[1].buf_len = 4;
	CHECK(RT_SYS(fd_pwrite)(f, &ok, 1, 0, &n) == 0 &&
	      RT_SYS(fd_pread)(f, iov, 2, 0, &n) == CLOUDABI_EFAULT,
	      "a first buffer that cannot be reached: EFAULT");
	iov[0].buf = a;
	CHECK(RT_SYS(fd_pread)(f, iov, 2, 0, &n) == 0 && n == 2 &&
	      !rt_memcmp(a, "ab", 2), "and a plain pair of buffers reads");
	RT_SYS(fd_close)(f);
}

/* 3 checks.  Clearing the shared APPEND flag takes FD_SEEK as well. */
static void append_needs_seek_to_clear(void)
{
	cloudabi_fdstat_t st = { .fs_flags = CLOUDABI_FDFLAG_APPEND };
	cloudabi_fd_t f = 0, seeker = 0;
	int ok;

	ok = open_as(box, "sub/app", CLOUDABI_O_CREAT,
		     R(FD_WRITE) | R(FD_STAT_PUT_FLAGS) | R(FD_SEEK), 0,
		     CLOUDABI_FDFLAG_APPEND, &seeker) == 0 &&
	     RT_SYS(fd_dup)(seeker, &f) == 0;
	st.fs_rights_base = R(FD_WRITE) | R(FD_STAT_PUT_FLAGS);
	ok = ok && RT_SYS(fd_stat_put)(f, &st, CLOUDABI_FDSTAT_RIGHTS) == 0;
	st.fs_flags = 0;
	CHECK(ok && RT_SYS(fd_stat_put)(f, &st, CLOUDABI_FDSTAT_FLAGS) ==
	      CLOUDABI_ENOTCAPABLE,
	      "clearing APPEND without FD_SEEK: ENOTCAPABLE");
	st.fs_flags = CLOUDABI_FDFLAG_APPEND;
	CHECK(ok && RT_SYS(fd_stat_put)(f, &st, CLOUDABI_FDSTAT_FLAGS) == 0,
	      "keeping it set needs FD_STAT_PUT_FLAGS only");
	st.fs_flags = 0;
	CHECK(ok && RT_SYS(fd_stat_put)(seeker, &st, CLOUDABI_FDSTAT_FLAGS) ==
	      0, "clearing it with FD_SEEK");
	RT_SYS(fd_close)(f);
	RT_SYS(fd_close)(seeker);
}

/*
 * 6 checks.  Paths that stay inside open, however they get there: a last
 * "..", and links that climb out of a subdirectory but not the tree.
 */
static void paths_that_stay_inside(void)
{
	cloudabi_lookup_t follow = { .fd = box,
				     .flags = CLOUDABI_LOOKUP_SYMLINK_FOLLOW };
	cloudabi_fdstat_t req = { .fs_rights_base = R(FD_READ) };
	cloudabi_fd_t fd = 0;
	char buf[8] = { 0 };
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = sizeof(buf) };
	size_t n = 0;
	int ok;

	ok = RT_SYS(file_create)(box, "sub/inner", 9,
				 CLOUDABI_FILETYPE_DIRECTORY) == 0 &&
	     open_as(box, "in.txt", CLOUDABI_O_CREAT, R(FD_WRITE), 0, 0, &fd) ==
	     0 && put(fd, "inside") == 0 && RT_SYS(fd_close)(fd) == 0 &&
	     RT_SYS(file_symlink)("../in.txt", 9, box, "sub/uplink", 10) == 0 &&
	     RT_SYS(file_symlink)("..", 2, box, "sub/updir", 9) == 0;
	CHECK(ok && open_as(box, "sub/..", CLOUDABI_O_DIRECTORY, R(FILE_OPEN),
			    0, 0, &fd) == 0 && RT_SYS(fd_close)(fd) == 0,
	      "sub/.. opens the directory itself");
	CHECK(open_as(box, "sub/inner/../..", CLOUDABI_O_DIRECTORY,
		      R(FILE_OPEN), 0, 0, &fd) == 0 &&
	      RT_SYS(fd_close)(fd) == 0, "sub/inner/../.. too");
	CHECK(RT_SYS(file_open)(follow, "sub/uplink", 10, 0, &req, &fd) == 0 &&
	      RT_SYS(fd_read)(fd, &iov, 1, &n) == 0 && n == 6 &&
	      !rt_memcmp(buf, "inside", 6) && RT_SYS(fd_close)(fd) == 0,
	      "a followed link sub/uplink -> ../in.txt opens that file");
	req.fs_rights_base = R(FILE_OPEN);
	CHECK(RT_SYS(file_open)(follow, "sub/updir", 9, CLOUDABI_O_DIRECTORY,
				&req, &fd) == 0 && RT_SYS(fd_close)(fd) == 0,
	      "a followed link sub/updir -> .. opens the directory");
	CHECK_EQ(open_as(box, "sub/../..", CLOUDABI_O_DIRECTORY, R(FILE_OPEN),
			 0, 0, &fd), CLOUDABI_ENOTCAPABLE,
		 "but sub/../.. leaves it: ENOTCAPABLE");
	CHECK_EQ(RT_SYS(file_open)(follow, "sub/updir/..", 12,
				   CLOUDABI_O_DIRECTORY, &req, &fd),
		 CLOUDABI_ENOTCAPABLE, "and so does sub/updir/..");
}

/* 2 checks.  O_CREAT with a trailing slash is EISDIR, as open(2) says. */
static void creat_with_trailing_slash(void)
{
	cloudabi_filestat_t st;
	cloudabi_fd_t f = 0;

	CHECK_EQ(open_as(box, "newdir/", CLOUDABI_O_CREAT, R(FD_WRITE), 0, 0,
			 &f), CLOUDABI_EISDIR,
		 "O_CREAT of a new name with a trailing slash: EISDIR");
	CHECK_EQ(RT_SYS(file_stat_get)(at(box), "newdir", 6, &st),
		 CLOUDABI_ENOENT, "and nothing was created");
}

/* 1 check.  The runner dated "far" in the year 2600. */
static void far_times_saturate(void)
{
	cloudabi_filestat_t st;

	CHECK(RT_SYS(file_stat_get)(at(box), "far", 3, &st) == 0 &&
	      st.st_mtim == UINT64_MAX,
	      "a time past 2^64 ns reads as the largest, not wrapped (%llu)",
	      (unsigned long long)st.st_mtim);
}

/* The length of a string literal, for the calls that take one. */
#define P(s) s, sizeof(s) - 1

static int type_is(const char *path, size_t len, cloudabi_filetype_t type)
{
	cloudabi_filestat_t st;

	return RT_SYS(file_stat_get)(at(box), path, len, &st) == 0 &&
	       st.st_filetype == type;
}

/*
 * 6 checks.  A trailing slash follows a final link, as every walk does:
 * "link/" names the directory the link leads to, for open and stat alike,
 * and unlink of it is unlink of a directory.
 */
static void trailing_slash_through_links(void)
{
	cloudabi_filestat_t st;
	cloudabi_fd_t fd = 0;
	int ok;

	ok = RT_SYS(file_symlink)(P("sub"), box, P("sublink")) == 0 &&
	     RT_SYS(file_symlink)(P(".."), box, P("outlink")) == 0 &&
	     RT_SYS(file_create)(box, P("empty"),
				 CLOUDABI_FILETYPE_DIRECTORY) == 0 &&
	     RT_SYS(file_symlink)(P("empty"), box, P("emptylink")) == 0;
	CHECK_EQ(RT_SYS(file_stat_get)(at(box), P("outlink/"), &st),
		 CLOUDABI_ENOTCAPABLE, "stat of outlink/ (-> ..): ENOTCAPABLE");
	CHECK_EQ(open_as(box, "outlink/", 0, R(FILE_OPEN), 0, 0, &fd),
		 CLOUDABI_ENOTCAPABLE, "open of outlink/ answers the same");
	CHECK(ok && open_as(box, "sublink/", 0, R(FILE_OPEN), 0, 0, &fd) ==
	      0 && RT_SYS(fd_close)(fd) == 0,
	      "open of sublink/ (-> sub) opens the directory");
	CHECK_EQ(RT_SYS(file_unlink)(box, P("sublink/"), 0), CLOUDABI_EPERM,
		 "unlink of sublink/ names a directory: EPERM");
	CHECK_EQ(RT_SYS(file_unlink)(box, P("emptylink/"),
				     CLOUDABI_UNLINK_REMOVEDIR),
		 CLOUDABI_ENOTDIR, "rmdir of emptylink/: ENOTDIR, as on Linux");
	CHECK(type_is(P("sublink"), CLOUDABI_FILETYPE_SYMBOLIC_LINK) &&
	      type_is(P("emptylink"), CLOUDABI_FILETYPE_SYMBOLIC_LINK) &&
	      type_is(P("empty"), CLOUDABI_FILETYPE_DIRECTORY),
	      "links and directories are all still there");
}

/*
 * 5 checks.  O_CREAT through a dangling link creates what the link names,
 * as open(2) does, and only inside the tree.
 */
static void creat_through_dangling_links(void)
{
	cloudabi_lookup_t follow = { .fd = box,
				     .flags = CLOUDABI_LOOKUP_SYMLINK_FOLLOW };
	cloudabi_fdstat_t req = { .fs_rights_base = R(FD_WRITE) };
	cloudabi_fd_t fd = 0;
	int ok;

	ok = RT_SYS(file_symlink)(P("../made"), box, P("sub/updangle")) == 0 &&
	     RT_SYS(file_symlink)(P("chain2"), box, P("chain1")) == 0 &&
	     RT_SYS(file_symlink)(P("sub/chained"), box, P("chain2")) == 0 &&
	     RT_SYS(file_symlink)(P("/tmp/letter/abs"), box,
				  P("absdangle")) == 0 &&
	     RT_SYS(file_symlink)(P("../../made"), box,
				  P("sub/outdangle")) == 0;
	CHECK(ok && RT_SYS(file_open)(follow, P("sub/updangle"),
				      CLOUDABI_O_CREAT, &req, &fd) == 0 &&
	      RT_SYS(fd_close)(fd) == 0 &&
	      type_is(P("made"), CLOUDABI_FILETYPE_REGULAR_FILE),
	      "O_CREAT through sub/updangle -> ../made makes made");
	CHECK(RT_SYS(file_open)(follow, P("chain1"), CLOUDABI_O_CREAT, &req,
				&fd) == 0 && RT_SYS(fd_close)(fd) == 0 &&
	      type_is(P("sub/chained"), CLOUDABI_FILETYPE_REGULAR_FILE),
	      "and through a chain of two dangling links");
	CHECK_EQ(RT_SYS(file_open)(follow, P("absdangle"), CLOUDABI_O_CREAT,
				   &req, &fd),
		 CLOUDABI_ENOTCAPABLE, "through an absolute link: ENOTCAPABLE");
	CHECK_EQ(RT_SYS(file_open)(follow, P("sub/outdangle"), CLOUDABI_O_CREAT,
				   &req, &fd),
		 CLOUDABI_ENOTCAPABLE, "through one that climbs out: ENOTCAPABLE");
	CHECK_EQ(RT_SYS(file_open)(at(box), P("sub/updangle"),
				   CLOUDABI_O_CREAT, &req, &fd),
		 CLOUDABI_ELOOP, "without FOLLOW the link is the file: ELOOP");
}

/*
 * 7 checks.  Paths that climb and come back down stay inside for every
 * call that takes one, not only for file_open.
 */
static void climbing_paths_for_every_call(void)
{
	cloudabi_filestat_t st = { 0 };
	char buf[8];
	size_t n = 0;

	CHECK(RT_SYS(file_stat_get)(at(box), P("sub/inner/../../in.txt"),
				    &st) == 0 && st.st_size == 6,
	      "file_stat_get of sub/inner/../../in.txt");
	CHECK(RT_SYS(file_stat_put)(at(box), P("sub/../in.txt"), &st,
				    CLOUDABI_FILESTAT_ATIM_NOW |
				    CLOUDABI_FILESTAT_MTIM_NOW) == 0,
	      "file_stat_put of sub/../in.txt");
	CHECK(RT_SYS(file_create)(box, P("sub/inner/../../climbed"),
				  CLOUDABI_FILETYPE_DIRECTORY) == 0 &&
	      type_is(P("climbed"), CLOUDABI_FILETYPE_DIRECTORY),
	      "file_create of sub/inner/../../climbed");
	CHECK(RT_SYS(file_symlink)(P("in.txt"), box,
				   P("sub/../climblink")) == 0 &&
	      RT_SYS(file_readlink)(box, P("sub/inner/../../climblink"), buf,
				    sizeof(buf), &n) == 0 && n == 6 &&
	      !rt_memcmp(buf, "in.txt", 6),
	      "file_symlink and file_readlink through sub/..");
	CHECK(RT_SYS(file_link)(at(box), P("sub/../in.txt"), box,
				P("sub/inner/../../hard")) == 0,
	      "file_link from and to climbing paths");
	CHECK(RT_SYS(file_rename)(box, P("sub/../hard"), box,
				  P("sub/inner/../../hard2")) == 0 &&
	      type_is(P("hard2"), CLOUDABI_FILETYPE_REGULAR_FILE),
	      "file_rename between climbing paths");
	CHECK(RT_SYS(file_unlink)(box, P("sub/../hard2"), 0) == 0 &&
	      RT_SYS(file_unlink)(box, P("sub/inner/../../climbed"),
				  CLOUDABI_UNLINK_REMOVEDIR) == 0,
	      "file_unlink, with and without REMOVEDIR");
}

/*
 * 2 checks.  ftruncate(2), not truncate(2): the launcher opened "ro" (mode
 * 0444) for writing, and the descriptor may set its size although the
 * program, which holds no Linux capability, could not open it so.
 */
static void truncate_by_descriptor(cloudabi_fd_t ro)
{
	cloudabi_filestat_t st = { .st_size = 2 };

	CHECK(RT_SYS(file_stat_fput)(ro, &st, CLOUDABI_FILESTAT_SIZE) == 0,
	      "file_stat_fput SIZE on a descriptor open for writing");
	CHECK(RT_SYS(file_stat_fget)(ro, &st) == 0 && st.st_size == 2,
	      "and the size is 2 (%llu)", (unsigned long long)st.st_size);
}

/*
 * Run under landlock-run (a Landlock domain that grants TRUNCATE nowhere):
 * the mode check is answered by the open, the LSMs' truncate hooks are
 * not, as for ftruncate(2).
 */
static void truncate_denied_by_an_lsm(cloudabi_fd_t ro)
{
	cloudabi_filestat_t st = { .st_size = 2 };

	CHECK(RT_SYS(file_stat_fput)(ro, &st, CLOUDABI_FILESTAT_SIZE) ==
	      CLOUDABI_EACCES,
	      "in a Landlock domain without TRUNCATE, file_stat_fput SIZE is EACCES");
	CHECK(RT_SYS(file_stat_fget)(ro, &st) == 0 && st.st_size == 6,
	      "and the file keeps its 6 bytes (%llu)",
	      (unsigned long long)st.st_size);
}

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen }, v;
	uint32_t out, ro;

	if (!fd_of(&root, "out", &out) || !fd_of(&root, "box", &box) ||
	    !fd_of(&root, "ro", &ro))
		return 101;
	if (rt_ad_map_get(&root, "landlocked", &v) == 1) {
		tap_plan_fd(2, out);
		truncate_denied_by_an_lsm(ro);
		return tap_done();
	}
	tap_plan_fd(3 + 5 + 2 + 6 + 2 + 2 + 2 + 2 + 3 + 3 + 6 + 1 + 2 +
		    6 + 5 + 7 + 2, out);
	trunc_through_read_only_directory();
	write_rights_on_directories();
	seek_implies_tell();
	sync_flags_need_rights();
	rights_that_apply_are_kept();
	stat_put_is_atomic();
	creat_on_full_table();
	new_object_rights();
	iovec_errors();
	append_needs_seek_to_clear();
	paths_that_stay_inside();
	far_times_saturate();
	creat_with_trailing_slash();
	trailing_slash_through_links();
	creat_through_dangling_links();
	climbing_paths_for_every_call();
	truncate_by_descriptor(ro);
	return tap_done();
}
