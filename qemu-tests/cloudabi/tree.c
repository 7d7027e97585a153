// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: calls that read and change a tree beneath a capability:
 * file_readdir, file_rename, file_link, file_stat_fput, file_stat_put
 *
 * Started through cloudabi-run with {out: !fd stdout, box: /tmp/tree,
 * other: /tmp/tree2, ro: /tmp/tree with only lookup rights}.  The runner
 * mounts a second tmpfs at box/mnt, for the calls that cannot cross
 * mounts.
 */

#include "argdata.h"
#include "rt.h"

#define R(x) CLOUDABI_RIGHT_##x
#define NFILES 40

static uint32_t box, other, ro;

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

static cloudabi_errno_t open_at(uint32_t dir, const char *path,
				cloudabi_oflags_t oflags, uint64_t base,
				cloudabi_fd_t *fd)
{
	cloudabi_lookup_t at = { .fd = dir };
	cloudabi_fdstat_t req = { .fs_rights_base = base };

	return RT_SYS(file_open)(at, path, rt_strlen(path), oflags, &req, fd);
}

static cloudabi_errno_t mkfile(uint32_t dir, const char *path)
{
	cloudabi_fd_t fd;
	cloudabi_errno_t err = open_at(dir, path, CLOUDABI_O_CREAT,
				       R(FD_READ), &fd);

	if (!err)
		RT_SYS(fd_close)(fd);
	return err;
}

static cloudabi_errno_t mkdir_at(uint32_t dir, const char *path)
{
	return RT_SYS(file_create)(dir, path, rt_strlen(path),
				   CLOUDABI_FILETYPE_DIRECTORY);
}

static cloudabi_errno_t stat_at(uint32_t dir, const char *path, int follow,
				cloudabi_filestat_t *st)
{
	cloudabi_lookup_t at = {
		.fd = dir,
		.flags = follow ? CLOUDABI_LOOKUP_SYMLINK_FOLLOW : 0,
	};

	return RT_SYS(file_stat_get)(at, path, rt_strlen(path), st);
}

static uint64_t ino_of(uint32_t dir, const char *path)
{
	cloudabi_filestat_t st;

	return stat_at(dir, path, 0, &st) ? 0 : st.st_ino;
}

/* --- file_readdir ------------------------------------------------------- */

struct entry {
	cloudabi_dircookie_t next;
	cloudabi_inode_t ino;
	cloudabi_filetype_t type;
	char name[8];
};

static struct entry all[NFILES + 8];
static char dirbuf[4096];

/* The complete entries at the start of a buffer; cut ones are left. */
static unsigned int parse(const char *buf, size_t used, struct entry *out,
			  unsigned int max)
{
	cloudabi_dirent_t d;
	unsigned int n = 0;
	size_t at = 0;

	while (n < max && used - at >= sizeof(d)) {
		memcpy(&d, buf + at, sizeof(d));
		if (used - at - sizeof(d) < d.d_namlen)
			break;
		out[n].next = d.d_next;
		out[n].ino = d.d_ino;
		out[n].type = d.d_type;
		memset(out[n].name, 0, sizeof(out[n].name));
		memcpy(out[n].name, buf + at + sizeof(d),
		       d.d_namlen < 7 ? d.d_namlen : 7);
		at += sizeof(d) + d.d_namlen;
		n++;
	}
	return n;
}

static void name_of(unsigned int i, char *name)
{
	name[0] = 'f';
	name[1] = '0' + i / 10;
	name[2] = '0' + i % 10;
	name[3] = '\0';
}

/* Each of the NFILES files once, plus "." and "..": 0 when so. */
static int listing_wrong(const struct entry *e, unsigned int n)
{
	unsigned int seen[NFILES] = { 0 }, dots = 0, i, j;
	char name[4];

	for (i = 0; i < n; i++) {
		if (!rt_strcmp(e[i].name, ".") || !rt_strcmp(e[i].name, "..")) {
			dots += e[i].type == CLOUDABI_FILETYPE_DIRECTORY;
			continue;
		}
		for (j = 0; j < NFILES; j++) {
			name_of(j, name);
			if (!rt_strcmp(e[i].name, name) &&
			    e[i].type == CLOUDABI_FILETYPE_REGULAR_FILE)
				seen[j]++;
		}
	}
	for (j = 0; j < NFILES; j++)
		if (seen[j] != 1)
			return 1;
	return dots != 2 || n != NFILES + 2;
}

static cloudabi_errno_t readdir(cloudabi_fd_t fd, void *buf, size_t len,
				cloudabi_dircookie_t cookie, size_t *used)
{
	return RT_SYS(file_readdir)(fd, buf, len, cookie, used);
}

/* Read a directory through a buffer of @len bytes, from cookie to cookie. */
static unsigned int read_in_steps(cloudabi_fd_t fd, size_t len,
				  struct entry *out, unsigned int max)
{
	cloudabi_dircookie_t cookie = CLOUDABI_DIRCOOKIE_START;
	unsigned int n = 0, got;
	size_t used;

	for (;;) {
		if (readdir(fd, dirbuf, len, cookie, &used))
			return 0;
		got = parse(dirbuf, used, out + n, max - n);
		n += got;
		if (used < len)
			return n;
		if (!got || n == max)
			return 0;
		cookie = out[n - 1].next;
	}
}

/* d_type of a directory and of a link, then both removed again. */
static void type_checks(cloudabi_fd_t d)
{
	struct entry e[NFILES + 8];
	unsigned int n = 0, i, dir = 0, link = 0;
	size_t used;

	mkdir_at(box, "list/zd");
	RT_SYS(file_symlink)("f01", 3, box, "list/zl", 7);
	if (readdir(d, dirbuf, sizeof(dirbuf), 0, &used) == 0)
		n = parse(dirbuf, used, e, NFILES + 8);
	for (i = 0; i < n; i++) {
		dir += !rt_strcmp(e[i].name, "zd") &&
		       e[i].type == CLOUDABI_FILETYPE_DIRECTORY;
		link += !rt_strcmp(e[i].name, "zl") &&
			e[i].type == CLOUDABI_FILETYPE_SYMBOLIC_LINK;
	}
	CHECK(dir == 1 && link == 1,
	      "d_type: DIRECTORY for a directory, SYMBOLIC_LINK for a link");
	RT_SYS(file_unlink)(box, "list/zd", 7, CLOUDABI_UNLINK_REMOVEDIR);
	RT_SYS(file_unlink)(box, "list/zl", 7, 0);
}

static void readdir_checks(void)
{
	struct entry steps[NFILES + 8], first;
	unsigned int n, i, wrong = 0;
	cloudabi_fd_t d = 0, f = 0, gone = 0;
	char name[16];
	size_t used = 0;

	mkdir_at(box, "list");
	for (i = 0; i < NFILES; i++) {
		memcpy(name, "list/", 5);
		name_of(i, name + 5);
		mkfile(box, name);
	}
	CHECK_EQ(open_at(box, "list", CLOUDABI_O_DIRECTORY,
			 R(FILE_READDIR) | R(FILE_STAT_FGET), &d), 0,
		 "open a directory with FILE_READDIR");
	CHECK(readdir(d, dirbuf, sizeof(dirbuf), CLOUDABI_DIRCOOKIE_START,
		      &used) == 0 && used < sizeof(dirbuf),
	      "file_readdir reads the whole directory into a big buffer");
	n = parse(dirbuf, used, all, NFILES + 8);
	CHECK(!listing_wrong(all, n),
	      "every file once, with \".\" and \"..\" and their types (%u)", n);
	for (i = 0; i < n && rt_strcmp(all[i].name, "f07"); i++)
		;
	CHECK(i < n && all[i].ino == ino_of(box, "list/f07"),
	      "d_ino is the file's serial number");
	for (i = 0; i + 1 < n; i++)
		if (readdir(d, dirbuf, 64, all[i].next, &used) ||
		    parse(dirbuf, used, &first, 1) != 1 ||
		    rt_strcmp(first.name, all[i + 1].name))
			wrong++;
	CHECK(n && !wrong,
	      "reading from each entry's d_next resumes at the next entry");
	CHECK(n && readdir(d, dirbuf, 64, all[n - 1].next, &used) == 0 &&
	      used == 0, "from the last d_next: nothing, the end");
	CHECK(!listing_wrong(steps, read_in_steps(d, 30, steps, NFILES + 8)),
	      "a 30-byte buffer, cut entries re-read from cookies: same set");
	CHECK(readdir(d, dirbuf, 10, CLOUDABI_DIRCOOKIE_START, &used) == 0 &&
	      used == 10, "a buffer shorter than a header is filled, cut");
	CHECK(readdir(d, dirbuf, 0, CLOUDABI_DIRCOOKIE_START, &used) == 0 &&
	      used == 0, "an empty buffer takes nothing");
	CHECK_EQ(readdir(d, dirbuf, 64, 1ULL << 63, &used), CLOUDABI_EINVAL,
		 "a cookie past 2^63-1 is EINVAL");
	CHECK_EQ(readdir(d, (void *)8, 100, 0, &used), CLOUDABI_EFAULT,
		 "a bad buffer is EFAULT");
	CHECK_EQ(readdir(1000, dirbuf, 64, 0, &used), CLOUDABI_EBADF,
		 "a closed descriptor is EBADF");
	RT_SYS(file_unlink)(box, "list/f05", 8, 0);
	n = 0;
	if (readdir(d, dirbuf, sizeof(dirbuf), 0, &used) == 0)
		n = parse(dirbuf, used, steps, NFILES + 8);
	for (i = 0; i < n && rt_strcmp(steps[i].name, "f05"); i++)
		;
	CHECK(n == NFILES + 1 && i == n,
	      "an unlinked file is gone from the next read, and only it");
	mkfile(box, "list/f05");
	type_checks(d);
	CHECK(open_at(box, "list/f01", 0, R(FD_READ) | R(FILE_READDIR), &f) ==
	      0 && readdir(f, dirbuf, 64, 0, &used) == CLOUDABI_ENOTCAPABLE,
	      "a regular file never holds FILE_READDIR");
	RT_SYS(fd_close)(f);
	CHECK(open_at(box, "list", CLOUDABI_O_DIRECTORY, R(FILE_STAT_FGET),
		      &f) == 0 &&
	      readdir(f, dirbuf, 64, 0, &used) == CLOUDABI_ENOTCAPABLE,
	      "a directory without FILE_READDIR: ENOTCAPABLE");
	RT_SYS(fd_close)(f);
	mkdir_at(box, "gone");
	open_at(box, "gone", CLOUDABI_O_DIRECTORY, R(FILE_READDIR), &gone);
	RT_SYS(file_unlink)(box, "gone", 4, CLOUDABI_UNLINK_REMOVEDIR);
	CHECK_EQ(readdir(gone, dirbuf, 64, 0, &used), CLOUDABI_ENOENT,
		 "a removed directory reads ENOENT");
	RT_SYS(fd_close)(gone);
	RT_SYS(fd_close)(d);
}

/* --- file_rename -------------------------------------------------------- */

static cloudabi_errno_t ren(uint32_t d1, const char *p1, uint32_t d2,
			    const char *p2)
{
	return RT_SYS(file_rename)(d1, p1, rt_strlen(p1), d2, p2,
				   rt_strlen(p2));
}

static void rename_checks(void)
{
	cloudabi_filestat_t st;
	uint64_t ino;

	mkfile(box, "r1");
	ino = ino_of(box, "r1");
	CHECK(ren(box, "r1", box, "r2") == 0 && ino_of(box, "r2") == ino &&
	      stat_at(box, "r1", 0, &st) == CLOUDABI_ENOENT,
	      "file_rename within a directory moves the name");
	CHECK(ren(box, "r2", other, "r3") == 0 && ino_of(other, "r3") == ino,
	      "file_rename between two directory capabilities");
	CHECK(ren(other, "r3", box, "list/f00") == 0 &&
	      ino_of(box, "list/f00") == ino,
	      "file_rename over a file replaces it");
	mkdir_at(box, "rd");
	mkdir_at(box, "rd/sub");
	mkdir_at(box, "full");
	mkfile(box, "full/x");
	mkfile(box, "rf");
	CHECK_EQ(ren(box, "rd", box, "full"), CLOUDABI_ENOTEMPTY,
		 "over a directory with entries: ENOTEMPTY");
	CHECK_EQ(ren(box, "rd", box, "rd/sub/in"), CLOUDABI_EINVAL,
		 "a directory beneath itself: EINVAL");
	CHECK_EQ(ren(box, "rd/sub", box, "rd"), CLOUDABI_ENOTEMPTY,
		 "over its own ancestor: ENOTEMPTY");
	CHECK_EQ(ren(box, "rf", box, "full"), CLOUDABI_EISDIR,
		 "a file over a directory: EISDIR");
	CHECK_EQ(ren(box, "rd", box, "rf"), CLOUDABI_ENOTDIR,
		 "a directory over a file: ENOTDIR");
	CHECK_EQ(ren(box, "nothing", box, "x"), CLOUDABI_ENOENT,
		 "a source that does not exist: ENOENT");
	CHECK_EQ(ren(box, "rf/", box, "x"), CLOUDABI_ENOTDIR,
		 "a file named with a trailing slash: ENOTDIR");
	CHECK(ren(box, "rd/", box, "rd2/") == 0 &&
	      ren(box, "rd2", box, "rd") == 0,
	      "a directory named with trailing slashes moves");
	CHECK_EQ(ren(box, ".", box, "x"), CLOUDABI_EINVAL, "renaming .: EINVAL");
	CHECK_EQ(ren(box, "rf", box, "rd/.."), CLOUDABI_EINVAL,
		 "renaming onto ..: EINVAL");
	CHECK_EQ(ren(box, "rf", box, "mnt/rf"), CLOUDABI_EXDEV,
		 "to another mount: EXDEV");
	CHECK_EQ(ren(ro, "rf", box, "x"), CLOUDABI_ENOTCAPABLE,
		 "without FILE_RENAME_SOURCE: ENOTCAPABLE");
	CHECK_EQ(ren(box, "rf", ro, "x"), CLOUDABI_ENOTCAPABLE,
		 "without FILE_RENAME_TARGET: ENOTCAPABLE");
	CHECK_EQ(ren(1000, "rf", box, "x"), CLOUDABI_EBADF,
		 "a closed source descriptor: EBADF");
	CHECK_EQ(RT_SYS(file_rename)(box, "r\0f", 3, box, "x", 1),
		 CLOUDABI_EINVAL, "a NUL inside the path: EINVAL");
	CHECK_EQ(RT_SYS(file_rename)(box, "rf", 2, box, (const char *)8, 1),
		 CLOUDABI_EFAULT, "a bad path pointer: EFAULT");
	RT_SYS(file_symlink)("rf", 2, box, "rl", 2);
	CHECK(ren(box, "rl", box, "rl2") == 0 &&
	      stat_at(box, "rl2", 0, &st) == 0 &&
	      st.st_filetype == CLOUDABI_FILETYPE_SYMBOLIC_LINK,
	      "a symbolic link is moved, not followed");
}

/* A trailing slash names a directory, for every call that takes a name. */
static void trailing_slash_checks(void)
{
	CHECK_EQ(RT_SYS(file_unlink)(box, "rf/", 3, 0), CLOUDABI_ENOTDIR,
		 "file_unlink of a file named with a trailing slash: ENOTDIR");
	CHECK_EQ(RT_SYS(file_unlink)(box, "none/", 5, 0), CLOUDABI_ENOENT,
		 "file_unlink of nothing with a trailing slash: ENOENT");
	CHECK_EQ(RT_SYS(file_symlink)("rf", 2, box, "sl/", 3), CLOUDABI_ENOENT,
		 "file_symlink to a name with a trailing slash: ENOENT");
	CHECK_EQ(RT_SYS(file_symlink)("rf", 2, box, "rd/", 3), CLOUDABI_EEXIST,
		 "file_symlink onto an existing directory/: EEXIST");
	CHECK_EQ(RT_SYS(file_symlink)("", 0, box, "empty", 5), CLOUDABI_ENOENT,
		 "file_symlink with empty contents: ENOENT");
	CHECK_EQ(mkdir_at(box, "rf/"), CLOUDABI_EEXIST,
		 "file_create over a file, trailing slash: EEXIST");
	CHECK(mkdir_at(box, "slashed/") == 0 &&
	      RT_SYS(file_unlink)(box, "slashed/", 8,
				  CLOUDABI_UNLINK_REMOVEDIR) == 0,
	      "file_create and REMOVEDIR of a directory named with a slash");
}

/* --- file_link ---------------------------------------------------------- */

static cloudabi_errno_t lnk(uint32_t d1, int follow, const char *p1,
			    uint32_t d2, const char *p2)
{
	cloudabi_lookup_t at = {
		.fd = d1,
		.flags = follow ? CLOUDABI_LOOKUP_SYMLINK_FOLLOW : 0,
	};

	return RT_SYS(file_link)(at, p1, rt_strlen(p1), d2, p2,
				 rt_strlen(p2));
}

static void link_checks(void)
{
	uint64_t ino = ino_of(box, "rf");
	cloudabi_filestat_t st;

	CHECK(lnk(box, 0, "rf", box, "rf-link") == 0 &&
	      stat_at(box, "rf-link", 0, &st) == 0 && st.st_ino == ino &&
	      st.st_nlink == 2, "file_link: a second name, nlink 2");
	CHECK(lnk(box, 0, "rf", other, "rf-other") == 0 &&
	      ino_of(other, "rf-other") == ino,
	      "file_link into another directory capability");
	CHECK_EQ(lnk(box, 0, "rf", box, "rf-link"), CLOUDABI_EEXIST,
		 "onto an existing name: EEXIST");
	CHECK_EQ(lnk(box, 0, "rd", box, "rd-link"), CLOUDABI_EPERM,
		 "to a directory: EPERM");
	CHECK(lnk(box, 1, "rl2", box, "via-follow") == 0 &&
	      ino_of(box, "via-follow") == ino,
	      "SYMLINK_FOLLOW links what the link names");
	CHECK(lnk(box, 0, "rl2", box, "via-link") == 0 &&
	      stat_at(box, "via-link", 0, &st) == 0 &&
	      st.st_filetype == CLOUDABI_FILETYPE_SYMBOLIC_LINK,
	      "without it, the link itself");
	CHECK_EQ(lnk(box, 0, "rf", box, "mnt/rf"), CLOUDABI_EXDEV,
		 "to another mount: EXDEV");
	CHECK_EQ(lnk(box, 0, "nothing", box, "x"), CLOUDABI_ENOENT,
		 "a source that does not exist: ENOENT");
	CHECK_EQ(lnk(ro, 0, "rf", box, "x"), CLOUDABI_ENOTCAPABLE,
		 "without FILE_LINK_SOURCE: ENOTCAPABLE");
	CHECK_EQ(lnk(box, 0, "rf", ro, "x"), CLOUDABI_ENOTCAPABLE,
		 "without FILE_LINK_TARGET: ENOTCAPABLE");
	CHECK_EQ(RT_SYS(file_link)((cloudabi_lookup_t){ .fd = box,
							.flags = 2 },
				   "rf", 2, box, "x", 1),
		 CLOUDABI_EINVAL, "an unknown lookup flag: EINVAL");
	CHECK_EQ(lnk(box, 0, "rf", box, "."), CLOUDABI_EINVAL,
		 "onto .: EINVAL");
	CHECK_EQ(RT_SYS(file_link)((cloudabi_lookup_t){ .fd = box },
				   (const char *)8, 2, box, "x", 1),
		 CLOUDABI_EFAULT, "a bad source path pointer: EFAULT");
	CHECK_EQ(RT_SYS(file_link)((cloudabi_lookup_t){ .fd = box }, "rf", 2,
				   box, (const char *)8, 1),
		 CLOUDABI_EFAULT, "a bad target path pointer: EFAULT");
}

/* --- file_stat_fput and file_stat_put ----------------------------------- */

/* APPEND, at open or set later, makes every write land at the end. */
static void append_checks(void)
{
	cloudabi_fdstat_t req = {
		.fs_rights_base = R(FD_WRITE) | R(FD_SEEK) |
				  R(FD_STAT_PUT_FLAGS) | R(FILE_STAT_FGET),
		.fs_flags = CLOUDABI_FDFLAG_APPEND,
	};
	cloudabi_ciovec_t iov = { .buf = "abc", .buf_len = 3 };
	cloudabi_lookup_t at = { .fd = box };
	cloudabi_filesize_t pos;
	cloudabi_filestat_t st;
	cloudabi_fd_t fd = 0;
	size_t n;

	CHECK(RT_SYS(file_open)(at, "app", 3, CLOUDABI_O_CREAT, &req, &fd) ==
	      0 && RT_SYS(fd_write)(fd, &iov, 1, &n) == 0 &&
	      RT_SYS(fd_seek)(fd, 0, CLOUDABI_WHENCE_SET, &pos) == 0 &&
	      RT_SYS(fd_write)(fd, &iov, 1, &n) == 0 &&
	      RT_SYS(file_stat_fget)(fd, &st) == 0 && st.st_size == 6,
	      "APPEND at open: a write after a seek to 0 still appends");
	req.fs_flags = 0;
	CHECK(RT_SYS(fd_stat_put)(fd, &req, CLOUDABI_FDSTAT_FLAGS) == 0 &&
	      RT_SYS(fd_seek)(fd, 0, CLOUDABI_WHENCE_SET, &pos) == 0 &&
	      RT_SYS(fd_write)(fd, &iov, 1, &n) == 0 &&
	      RT_SYS(file_stat_fget)(fd, &st) == 0 && st.st_size == 6,
	      "APPEND cleared by fd_stat_put: the write lands at 0");
	RT_SYS(fd_close)(fd);
}

#define TIMES (CLOUDABI_FILESTAT_ATIM | CLOUDABI_FILESTAT_MTIM)

static void stat_fput_checks(void)
{
	cloudabi_filestat_t st = { 0 }, got, before;
	cloudabi_timestamp_t now = 0;
	cloudabi_fd_t fd = 0, rdonly = 0, shm = 0;

	CHECK_EQ(open_at(box, "sz", CLOUDABI_O_CREAT,
			 R(FD_READ) | R(FD_WRITE) | R(FILE_STAT_FGET) |
			 R(FILE_STAT_FPUT_SIZE) | R(FILE_STAT_FPUT_TIMES), &fd),
		 0, "open a file with FILE_STAT_FPUT_*");
	st.st_size = 5000;
	CHECK(RT_SYS(file_stat_fput)(fd, &st, CLOUDABI_FILESTAT_SIZE) == 0 &&
	      RT_SYS(file_stat_fget)(fd, &got) == 0 && got.st_size == 5000,
	      "file_stat_fput SIZE grows the file");
	st.st_size = 3;
	CHECK(RT_SYS(file_stat_fput)(fd, &st, CLOUDABI_FILESTAT_SIZE) == 0 &&
	      RT_SYS(file_stat_fget)(fd, &got) == 0 && got.st_size == 3,
	      "and shrinks it");
	CHECK_EQ(RT_SYS(file_stat_fput)(fd, &st, CLOUDABI_FILESTAT_SIZE |
					CLOUDABI_FILESTAT_MTIM),
		 CLOUDABI_EINVAL, "SIZE with a time: EINVAL");
	CHECK_EQ(RT_SYS(file_stat_fput)(fd, &st, 0x20), CLOUDABI_EINVAL,
		 "an unknown flag: EINVAL");
	st.st_size = 1ULL << 63;
	CHECK_EQ(RT_SYS(file_stat_fput)(fd, &st, CLOUDABI_FILESTAT_SIZE),
		 CLOUDABI_EINVAL, "a size past 2^63-1: EINVAL");
	st.st_atim = 1000000000123ULL;
	st.st_mtim = 2000000000456ULL;
	CHECK(RT_SYS(file_stat_fput)(fd, &st, TIMES) == 0 &&
	      RT_SYS(file_stat_fget)(fd, &got) == 0 &&
	      got.st_atim == st.st_atim && got.st_mtim == st.st_mtim,
	      "ATIM and MTIM set both times, to the nanosecond");
	CHECK_EQ(RT_SYS(file_stat_fput)(fd, &st, CLOUDABI_FILESTAT_ATIM |
					CLOUDABI_FILESTAT_ATIM_NOW),
		 CLOUDABI_EINVAL, "ATIM with ATIM_NOW: EINVAL");
	CHECK(RT_SYS(clock_time_get)(CLOUDABI_CLOCK_REALTIME, 1, &now) == 0 &&
	      RT_SYS(file_stat_fput)(fd, &st, CLOUDABI_FILESTAT_MTIM_NOW) ==
	      0 && RT_SYS(file_stat_fget)(fd, &got) == 0 &&
	      got.st_mtim + 1000000000ULL >= now &&
	      got.st_mtim <= now + 1000000000ULL &&
	      got.st_atim == st.st_atim,
	      "MTIM_NOW sets mtime to now and leaves atime");
	RT_SYS(file_stat_fget)(fd, &before);
	CHECK(RT_SYS(file_stat_fput)(fd, &st, 0) == 0 &&
	      RT_SYS(file_stat_fget)(fd, &got) == 0 &&
	      got.st_ctim == before.st_ctim && got.st_mtim == before.st_mtim,
	      "no flags: nothing changes, not even ctime");
	CHECK_EQ(RT_SYS(file_stat_fput)(fd, (const cloudabi_filestat_t *)8,
					TIMES),
		 CLOUDABI_EFAULT, "a bad filestat pointer: EFAULT");
	RT_SYS(fd_close)(fd);
	CHECK(open_at(box, "sz", 0, R(FD_READ) | R(FILE_STAT_FGET),
		      &rdonly) == 0 &&
	      RT_SYS(file_stat_fput)(rdonly, &st, CLOUDABI_FILESTAT_SIZE) ==
	      CLOUDABI_ENOTCAPABLE,
	      "without FILE_STAT_FPUT_SIZE: ENOTCAPABLE");
	CHECK_EQ(RT_SYS(file_stat_fput)(rdonly, &st, TIMES),
		 CLOUDABI_ENOTCAPABLE, "without FILE_STAT_FPUT_TIMES");
	RT_SYS(fd_close)(rdonly);
	CHECK_EQ(open_at(box, "rd", CLOUDABI_O_DIRECTORY,
			 R(FILE_STAT_FPUT_SIZE), &rdonly),
		 CLOUDABI_EISDIR, "a directory asked for SIZE: EISDIR");
	CHECK_EQ(RT_SYS(file_stat_fput)(box, &st, CLOUDABI_FILESTAT_SIZE),
		 CLOUDABI_EISDIR, "SIZE of a directory: EISDIR");
	append_checks();
	st.st_size = 8192;
	CHECK(RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm) == 0 &&
	      RT_SYS(file_stat_fput)(shm, &st, CLOUDABI_FILESTAT_SIZE) == 0 &&
	      RT_SYS(file_stat_fget)(shm, &got) == 0 && got.st_size == 8192,
	      "shared memory is sized with file_stat_fput");
	RT_SYS(fd_close)(shm);
}

static cloudabi_errno_t stat_put(uint32_t dir, const char *path, int follow,
				 const cloudabi_filestat_t *st,
				 cloudabi_fsflags_t flags)
{
	cloudabi_lookup_t at = {
		.fd = dir,
		.flags = follow ? CLOUDABI_LOOKUP_SYMLINK_FOLLOW : 0,
	};

	return RT_SYS(file_stat_put)(at, path, rt_strlen(path), st, flags);
}

static void stat_put_checks(void)
{
	cloudabi_filestat_t st = { 0 }, got;

	st.st_atim = 3000000000ULL;
	st.st_mtim = 4000000000ULL;
	CHECK(stat_put(box, "rf", 0, &st, TIMES) == 0 &&
	      stat_at(box, "rf", 0, &got) == 0 &&
	      got.st_atim == st.st_atim && got.st_mtim == st.st_mtim,
	      "file_stat_put sets times by path");
	st.st_mtim = 5000000000ULL;
	CHECK(stat_put(box, "rl2", 0, &st, CLOUDABI_FILESTAT_MTIM) == 0 &&
	      stat_at(box, "rl2", 0, &got) == 0 && got.st_mtim == st.st_mtim &&
	      stat_at(box, "rf", 0, &got) == 0 && got.st_mtim == 4000000000ULL,
	      "without SYMLINK_FOLLOW: the link's own time");
	CHECK(stat_put(box, "rl2", 1, &st, CLOUDABI_FILESTAT_MTIM) == 0 &&
	      stat_at(box, "rf", 0, &got) == 0 && got.st_mtim == st.st_mtim,
	      "with it: the time of what it names");
	CHECK_EQ(stat_put(box, "rf", 0, &st, CLOUDABI_FILESTAT_SIZE),
		 CLOUDABI_EINVAL, "SIZE by path: EINVAL");
	CHECK_EQ(stat_put(box, "nothing", 0, &st, TIMES), CLOUDABI_ENOENT,
		 "a path to nothing: ENOENT");
	CHECK_EQ(stat_put(ro, "rf", 0, &st, TIMES), CLOUDABI_ENOTCAPABLE,
		 "without FILE_STAT_PUT_TIMES: ENOTCAPABLE");
	CHECK_EQ(stat_put(box, "rf", 0, &st, CLOUDABI_FILESTAT_MTIM |
			  CLOUDABI_FILESTAT_MTIM_NOW),
		 CLOUDABI_EINVAL, "MTIM with MTIM_NOW: EINVAL");
	CHECK_EQ(stat_put(box, "rf", 0, (const cloudabi_filestat_t *)8, TIMES),
		 CLOUDABI_EFAULT, "a bad filestat pointer: EFAULT");
	CHECK_EQ(stat_put(1000, "rf", 0, &st, TIMES), CLOUDABI_EBADF,
		 "a closed descriptor: EBADF");
	CHECK_EQ(RT_SYS(file_stat_put)((cloudabi_lookup_t){ .fd = box,
							    .flags = 2 },
				       "rf", 2, &st, TIMES),
		 CLOUDABI_EINVAL, "an unknown lookup flag: EINVAL");
	CHECK_EQ(RT_SYS(file_unlink)(box, "rf", 2, 0x80), CLOUDABI_EINVAL,
		 "file_unlink with an unknown flag: EINVAL");
}

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen };
	uint32_t out;

	if (!fd_of(&root, "out", &out) || !fd_of(&root, "box", &box) ||
	    !fd_of(&root, "other", &other) || !fd_of(&root, "ro", &ro))
		return 101;
	tap_plan_fd(87, out);
	readdir_checks();
	rename_checks();
	trailing_slash_checks();
	link_checks();
	stat_fput_checks();
	stat_put_checks();
	return tap_done();
}
