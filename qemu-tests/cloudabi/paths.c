// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: paths resolved beneath a directory capability
 *
 * Started through cloudabi-run with {out: !fd stdout, box: the directory
 * /tmp/box, nostat: the same directory without FILE_STAT_GET}.  The runner
 * builds the tree: a file, a subdirectory, symbolic links that stay inside
 * and links that lead out, a link loop, /proc mounted at box/p (magic
 * links inside the tree), and a secret next to the box.
 */

#include "argdata.h"
#include "rt.h"

static uint32_t box, nostat;

static cloudabi_errno_t stat_at(uint32_t dir, const char *path, size_t len,
				int follow, cloudabi_filestat_t *st)
{
	cloudabi_lookup_t at = {
		.fd = dir,
		.flags = follow ? CLOUDABI_LOOKUP_SYMLINK_FOLLOW : 0,
	};

	return RT_SYS(file_stat_get)(at, path, len, st);
}

static cloudabi_errno_t stat_path(const char *path, int follow,
				  cloudabi_filestat_t *st)
{
	return stat_at(box, path, rt_strlen(path), follow, st);
}

static void expect(const char *path, int follow, cloudabi_errno_t want)
{
	cloudabi_filestat_t st;

	CHECK_EQ(stat_path(path, follow, &st), want, path);
}

static void expect_type(const char *path, int follow, cloudabi_filetype_t t)
{
	cloudabi_filestat_t st;

	CHECK(stat_path(path, follow, &st) == 0 && st.st_filetype == t,
	      "%s%s is type %u", path, follow ? " (followed)" : "",
	      (unsigned int)t);
}

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

static void readlink_checks(void)
{
	char buf[64];
	size_t n = 0;

	CHECK(RT_SYS(file_readlink)(box, "link-in", 7, buf, sizeof(buf),
				    &n) == 0 && n == 4 &&
	      !rt_memcmp(buf, "file", 4), "file_readlink: link-in is \"file\"");
	CHECK(RT_SYS(file_readlink)(box, "link-abs", 8, buf, sizeof(buf),
				    &n) == 0 && n == 4 &&
	      !rt_memcmp(buf, "/etc", 4),
	      "file_readlink reads a link that points out, without following");
	CHECK(RT_SYS(file_readlink)(box, "link-in", 7, buf, 2, &n) == 0 &&
	      n == 2 && !rt_memcmp(buf, "fi", 2),
	      "file_readlink into a short buffer cuts the link short");
	CHECK_EQ(RT_SYS(file_readlink)(box, "file", 4, buf, sizeof(buf), &n),
		 CLOUDABI_EINVAL, "file_readlink of a regular file is EINVAL");
	CHECK_EQ(RT_SYS(file_readlink)(box, "../outside/secret", 17, buf,
				       sizeof(buf), &n),
		 CLOUDABI_ENOTCAPABLE, "file_readlink outside is ENOTCAPABLE");
	CHECK_EQ(RT_SYS(file_readlink)(nostat, "link-in", 7, buf, sizeof(buf),
				       &n),
		 CLOUDABI_ENOTCAPABLE, "file_readlink without the right");
}

#define R(x) CLOUDABI_RIGHT_##x

static cloudabi_errno_t open_at(uint32_t dir, const char *path, int follow,
				cloudabi_oflags_t oflags, uint64_t base,
				cloudabi_fd_t *fd)
{
	cloudabi_lookup_t at = {
		.fd = dir,
		.flags = follow ? CLOUDABI_LOOKUP_SYMLINK_FOLLOW : 0,
	};
	cloudabi_fdstat_t req = { .fs_rights_base = base };

	return RT_SYS(file_open)(at, path, rt_strlen(path), oflags, &req, fd);
}

static void expect_open(uint32_t dir, const char *path, int follow,
			cloudabi_oflags_t oflags, uint64_t base,
			cloudabi_errno_t want)
{
	cloudabi_fd_t fd = 0;
	cloudabi_errno_t err = open_at(dir, path, follow, oflags, base, &fd);

	CHECK_EQ(err, want, path);
	if (!err)
		RT_SYS(fd_close)(fd);
}

static void open_checks(void)
{
	cloudabi_fd_t fd = 0, sub = 0;
	cloudabi_fdstat_t st;
	cloudabi_filestat_t fst;
	cloudabi_iovec_t iov;
	cloudabi_ciovec_t ciov;
	char buf[8];
	size_t n = 0;

	CHECK(open_at(box, "file", 0, 0, R(FD_READ), &fd) == 0 &&
	      RT_SYS(fd_stat_get)(fd, &st) == 0 &&
	      st.fs_rights_base == R(FD_READ),
	      "file_open: exactly the rights asked for");
	iov.buf = buf;
	iov.buf_len = sizeof(buf);
	CHECK(RT_SYS(fd_read)(fd, &iov, 1, &n) == 0 && n == 3 &&
	      !rt_memcmp(buf, "hi\n", 3), "file_open: reads the file");
	ciov.buf = buf;
	ciov.buf_len = 1;
	CHECK_EQ(RT_SYS(fd_write)(fd, &ciov, 1, &n), CLOUDABI_ENOTCAPABLE,
		 "file_open: no FD_WRITE asked, none held");
	RT_SYS(fd_close)(fd);
	CHECK(open_at(box, "new", 0, CLOUDABI_O_CREAT,
		      R(FD_READ) | R(FD_WRITE) | R(FD_SEEK), &fd) == 0 &&
	      RT_SYS(fd_write)(fd, &ciov, 1, &n) == 0 && n == 1,
	      "file_open O_CREAT creates and writes");
	RT_SYS(fd_close)(fd);
	expect_open(box, "new", 0, CLOUDABI_O_CREAT | CLOUDABI_O_EXCL,
		    R(FD_READ), CLOUDABI_EEXIST);
	CHECK(open_at(box, "new", 0, CLOUDABI_O_TRUNC, R(FD_WRITE), &fd) ==
	      0 && RT_SYS(file_stat_fget)(fd, &fst) == CLOUDABI_ENOTCAPABLE,
	      "O_TRUNC: opened, and no FILE_STAT_FGET was asked");
	RT_SYS(fd_close)(fd);
	CHECK(stat_path("new", 0, &fst) == 0 && fst.st_size == 0,
	      "O_TRUNC truncated it");
	expect_open(nostat, "newer", 0, CLOUDABI_O_CREAT, R(FD_READ),
		    CLOUDABI_ENOTCAPABLE);
	expect_open(nostat, "file", 0, 0, R(FD_WRITE), CLOUDABI_ENOTCAPABLE);
	expect_open(box, "file", 0, CLOUDABI_O_DIRECTORY, R(FD_READ),
		    CLOUDABI_ENOTDIR);
	CHECK(open_at(box, "sub", 0, CLOUDABI_O_DIRECTORY,
		      R(FD_READ) | R(FILE_OPEN) | R(FILE_STAT_GET), &sub) == 0 &&
	      RT_SYS(fd_stat_get)(sub, &st) == 0 &&
	      st.fs_rights_base == (R(FILE_OPEN) | R(FILE_STAT_GET)),
	      "a directory: FD_READ dropped, for it cannot apply");
	CHECK_EQ(stat_at(sub, ".", 1, 0, &fst), 0,
		 "walking from the new directory");
	CHECK_EQ(stat_at(sub, "up/file", 7, 0, &fst), CLOUDABI_ENOTCAPABLE,
		 "but never above it, not even by a link that is inside box");
	RT_SYS(fd_close)(sub);
	expect_open(box, "link-in", 1, 0, R(FD_READ), 0);
	expect_open(box, "link-in", 0, 0, R(FD_READ), CLOUDABI_ELOOP);
	expect_open(box, ".", 0, 0, R(FILE_OPEN), 0);
	expect_open(box, "sub/../newest", 0, CLOUDABI_O_CREAT, R(FD_READ), 0);
	/* The ways out, opening and creating. */
	expect_open(box, "..", 0, 0, R(FILE_OPEN), CLOUDABI_ENOTCAPABLE);
	expect_open(box, "../outside/secret", 0, 0, R(FD_READ),
		    CLOUDABI_ENOTCAPABLE);
	expect_open(box, "/etc/passwd", 0, 0, R(FD_READ),
		    CLOUDABI_ENOTCAPABLE);
	expect_open(box, "link-out-rel", 1, 0, R(FD_READ),
		    CLOUDABI_ENOTCAPABLE);
	expect_open(box, "link-abs", 1, 0, R(FILE_OPEN),
		    CLOUDABI_ENOTCAPABLE);
	expect_open(box, "p/self/fd/1", 1, 0, R(FD_READ),
		    CLOUDABI_ENOTCAPABLE);
	expect_open(box, "../escaped", 0, CLOUDABI_O_CREAT, R(FD_READ),
		    CLOUDABI_ENOTCAPABLE);
	expect_open(box, "dangle", 1, CLOUDABI_O_CREAT, R(FD_READ),
		    CLOUDABI_ENOTCAPABLE);
	expect_open(box, "sub/upup/outside/secret", 0, 0, R(FD_READ),
		    CLOUDABI_ENOTCAPABLE);
}

static cloudabi_errno_t mk(uint32_t dir, const char *path,
			   cloudabi_filetype_t type)
{
	return RT_SYS(file_create)(dir, path, rt_strlen(path), type);
}

static cloudabi_errno_t rm(uint32_t dir, const char *path, int rmdir)
{
	return RT_SYS(file_unlink)(dir, path, rt_strlen(path),
				   rmdir ? CLOUDABI_UNLINK_REMOVEDIR : 0);
}

static void create_unlink_checks(void)
{
	static const char *const out_of_tree[] = {
		"../outdir", "/tmp/outdir", "link-abs/x", "sub/upup/outdir",
		"..",
	};
	cloudabi_filestat_t st;
	unsigned int i;

	CHECK_EQ(mk(box, "made", CLOUDABI_FILETYPE_DIRECTORY), 0,
		 "file_create a directory");
	expect_type("made", 0, CLOUDABI_FILETYPE_DIRECTORY);
	CHECK_EQ(mk(box, "made", CLOUDABI_FILETYPE_DIRECTORY), CLOUDABI_EEXIST,
		 "file_create of an existing name is EEXIST");
	CHECK_EQ(mk(box, "plain", CLOUDABI_FILETYPE_REGULAR_FILE),
		 CLOUDABI_EINVAL, "file_create of a regular file is EINVAL");
	CHECK_EQ(mk(nostat, "made2", CLOUDABI_FILETYPE_DIRECTORY),
		 CLOUDABI_ENOTCAPABLE, "file_create without the right");
	for (i = 0; i < sizeof(out_of_tree) / sizeof(out_of_tree[0]); i++) {
		CHECK_EQ(mk(box, out_of_tree[i], CLOUDABI_FILETYPE_DIRECTORY),
			 CLOUDABI_ENOTCAPABLE, out_of_tree[i]);
		CHECK_EQ(rm(box, out_of_tree[i], 1), CLOUDABI_ENOTCAPABLE,
			 out_of_tree[i]);
	}
	CHECK_EQ(rm(box, "../outside/secret", 0), CLOUDABI_ENOTCAPABLE,
		 "file_unlink of a file outside is ENOTCAPABLE");
	CHECK_EQ(rm(box, "made", 0), CLOUDABI_EPERM,
		 "file_unlink of a directory without REMOVEDIR is EPERM");
	CHECK_EQ(rm(box, "file", 1), CLOUDABI_ENOTDIR,
		 "REMOVEDIR of a file is ENOTDIR");
	CHECK_EQ(rm(box, "sub", 1), CLOUDABI_ENOTEMPTY,
		 "REMOVEDIR of a full directory is ENOTEMPTY");
	CHECK_EQ(rm(box, ".", 1), CLOUDABI_EINVAL, "file_unlink of . is EINVAL");
	CHECK_EQ(rm(nostat, "new", 0), CLOUDABI_ENOTCAPABLE,
		 "file_unlink without the right");
	CHECK_EQ(rm(box, "made", 1), 0, "REMOVEDIR of an empty directory");
	CHECK_EQ(rm(box, "new", 0), 0, "file_unlink of a file");
	CHECK_EQ(stat_path("new", 0, &st), CLOUDABI_ENOENT, "it is gone");
	CHECK_EQ(rm(box, "link-abs", 0), 0,
		 "file_unlink of a link that points out removes the link");
	CHECK_EQ(rm(box, "nonexistent", 0), CLOUDABI_ENOENT,
		 "file_unlink of nothing is ENOENT");
}

static cloudabi_errno_t ln(uint32_t dir, const char *target,
			   const char *path)
{
	return RT_SYS(file_symlink)(target, rt_strlen(target), dir, path,
				    rt_strlen(path));
}

static void symlink_checks(void)
{
	cloudabi_filestat_t st;

	CHECK_EQ(ln(box, "file", "made-link"), 0, "file_symlink");
	expect_type("made-link", 1, CLOUDABI_FILETYPE_REGULAR_FILE);
	CHECK_EQ(ln(box, "/etc/passwd", "made-out"), 0,
		 "file_symlink may point anywhere...");
	CHECK_EQ(stat_path("made-out", 1, &st), CLOUDABI_ENOTCAPABLE,
		 "... but following it out is ENOTCAPABLE");
	CHECK_EQ(ln(box, "file", "../outside/made"), CLOUDABI_ENOTCAPABLE,
		 "file_symlink outside is ENOTCAPABLE");
	CHECK_EQ(ln(box, "file", "made-link"), CLOUDABI_EEXIST,
		 "file_symlink over a name is EEXIST");
	CHECK_EQ(ln(nostat, "file", "x"), CLOUDABI_ENOTCAPABLE,
		 "file_symlink without the right");
	CHECK_EQ(RT_SYS(file_symlink)("fi\0le", 5, box, "y", 1),
		 CLOUDABI_EINVAL, "a NUL inside the contents is EINVAL");
}

static cloudabi_errno_t ren(const char *from, const char *to)
{
	return RT_SYS(file_rename)(box, from, rt_strlen(from), box, to,
				   rt_strlen(to));
}

static cloudabi_errno_t lnk(const char *from, int follow, const char *to)
{
	cloudabi_lookup_t at = {
		.fd = box,
		.flags = follow ? CLOUDABI_LOOKUP_SYMLINK_FOLLOW : 0,
	};

	return RT_SYS(file_link)(at, from, rt_strlen(from), box, to,
				 rt_strlen(to));
}

static cloudabi_errno_t touch(const char *path, int follow)
{
	cloudabi_lookup_t at = {
		.fd = box,
		.flags = follow ? CLOUDABI_LOOKUP_SYMLINK_FOLLOW : 0,
	};
	cloudabi_filestat_t st = { .st_mtim = 1 };

	return RT_SYS(file_stat_put)(at, path, rt_strlen(path), &st,
				     CLOUDABI_FILESTAT_MTIM);
}

/* The calls that move, link and touch names, against every way out. */
static void rename_link_touch_checks(void)
{
	static const char *const out[] = {
		"../outside/secret", "/tmp/outside/secret",
		"sub/upup/outside/secret", "sub/../../outside/secret",
		"p/self/root/tmp/outside/secret", "p/self/cwd/tmp/outside/secret",
	};
	unsigned int i;

	for (i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
		CHECK_EQ(ren(out[i], "stolen"), CLOUDABI_ENOTCAPABLE, out[i]);
		CHECK_EQ(ren("file", out[i]), CLOUDABI_ENOTCAPABLE, out[i]);
		CHECK_EQ(lnk(out[i], 0, "stolen"), CLOUDABI_ENOTCAPABLE,
			 out[i]);
		CHECK_EQ(lnk("file", 0, out[i]), CLOUDABI_ENOTCAPABLE, out[i]);
		CHECK_EQ(touch(out[i], 1), CLOUDABI_ENOTCAPABLE, out[i]);
	}
	CHECK_EQ(lnk("link-out-rel", 1, "stolen"), CLOUDABI_ENOTCAPABLE,
		 "file_link following a link out");
	CHECK_EQ(lnk("p/self/fd/1", 1, "stolen"), CLOUDABI_ENOTCAPABLE,
		 "file_link following a magic link");
	CHECK_EQ(touch("link-out-rel", 1), CLOUDABI_ENOTCAPABLE,
		 "file_stat_put following a link out");
	CHECK_EQ(touch("p/self/exe", 1), CLOUDABI_ENOTCAPABLE,
		 "file_stat_put following a magic link");
	CHECK_EQ(ren("..", "stolen"), CLOUDABI_ENOTCAPABLE,
		 "file_rename of the directory's parent");
	CHECK_EQ(ren("sub", "sub/up/../.."), CLOUDABI_ENOTCAPABLE,
		 "file_rename onto a parent reached through a link");
	CHECK_EQ(touch("link-out-rel", 0), 0,
		 "file_stat_put of a link that points out touches the link");
}

/*
 * A file where a directory should be, for every call that looks its last
 * component up itself.  "exe" is executable, so the lookup's search
 * permission check passes and only the type check stands between the
 * call and a file system's missing ->lookup.
 */
static void file_as_directory_checks(void)
{
	static const char *const not_dirs[] = { "exe/x", "file/x", "link-in/x" };
	unsigned int i;

	for (i = 0; i < sizeof(not_dirs) / sizeof(not_dirs[0]); i++) {
		CHECK_EQ(mk(box, not_dirs[i], CLOUDABI_FILETYPE_DIRECTORY),
			 CLOUDABI_ENOTDIR, not_dirs[i]);
		CHECK_EQ(rm(box, not_dirs[i], 0), CLOUDABI_ENOTDIR,
			 not_dirs[i]);
		CHECK_EQ(ln(box, "file", not_dirs[i]), CLOUDABI_ENOTDIR,
			 not_dirs[i]);
		CHECK_EQ(lnk("file", 0, not_dirs[i]), CLOUDABI_ENOTDIR,
			 not_dirs[i]);
		CHECK_EQ(ren("file", not_dirs[i]), CLOUDABI_ENOTDIR,
			 not_dirs[i]);
		CHECK_EQ(ren(not_dirs[i], "moved"), CLOUDABI_ENOTDIR,
			 not_dirs[i]);
	}
}

/* open(2)'s own rules for O_CREAT on what exists, through links too. */
static void open_existing_checks(void)
{
	cloudabi_fdstat_t st;
	cloudabi_fd_t fd = 0;
	char buf[8] = { 0 };
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = sizeof(buf) };
	size_t n = 0;

	expect_open(box, "sub", 1, CLOUDABI_O_CREAT | CLOUDABI_O_EXCL,
		    R(FILE_OPEN), CLOUDABI_EEXIST);
	expect_open(box, "link-in", 1, CLOUDABI_O_CREAT | CLOUDABI_O_EXCL,
		    R(FD_READ), CLOUDABI_EEXIST);
	expect_open(box, "dangle", 1, CLOUDABI_O_CREAT | CLOUDABI_O_EXCL,
		    R(FD_READ), CLOUDABI_EEXIST);
	expect_open(box, ".", 0, CLOUDABI_O_CREAT, R(FD_READ),
		    CLOUDABI_EISDIR);
	CHECK_EQ(RT_SYS(file_open)((cloudabi_lookup_t){ .fd = box }, "file",
				   4, 0x10, &(cloudabi_fdstat_t){ 0 }, &fd),
		 CLOUDABI_EINVAL, "file_open with an unknown oflag: EINVAL");
	CHECK_EQ(RT_SYS(file_open)((cloudabi_lookup_t){ .fd = nostat }, "sub",
				   3, CLOUDABI_O_DIRECTORY,
				   &(cloudabi_fdstat_t){
					.fs_rights_inheriting = R(FD_WRITE) },
				   &fd),
		 CLOUDABI_ENOTCAPABLE,
		 "inheriting rights beyond the directory's: ENOTCAPABLE");
	/* The rights decide the access mode, as open(2)'s O_RDWR would. */
	CHECK_EQ(open_at(box, "sub", 0, CLOUDABI_O_DIRECTORY,
			 R(FILE_OPEN) | R(FD_WRITE) | R(FILE_STAT_FPUT_SIZE) |
			 R(FD_DATASYNC), &fd),
		 CLOUDABI_EISDIR, "O_DIRECTORY with write rights: EISDIR");
	CHECK(open_at(box, "sub", 0, CLOUDABI_O_DIRECTORY,
		      R(FILE_OPEN) | R(FILE_READDIR), &fd) == 0 &&
	      RT_SYS(fd_stat_get)(fd, &st) == 0 &&
	      st.fs_rights_base == (R(FILE_OPEN) | R(FILE_READDIR)),
	      "O_DIRECTORY with reading rights: exactly those");
	RT_SYS(fd_close)(fd);
	/* box/bound is a file bind-mounted from outside, by the runner. */
	CHECK(open_at(box, "link-bound", 1, 0, R(FD_READ), &fd) == 0 &&
	      RT_SYS(fd_read)(fd, &iov, 1, &n) == 0 && n == 6 &&
	      !rt_memcmp(buf, "bound\n", 6),
	      "a link to a file mounted in the box opens that file");
	RT_SYS(fd_close)(fd);
}

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen };
	static char longpath[5000];
	cloudabi_filestat_t st;
	uint32_t out;
	size_t i;

	if (!fd_of(&root, "out", &out) || !fd_of(&root, "box", &box) ||
	    !fd_of(&root, "nostat", &nostat))
		return 101;
	tap_plan_fd(163, out);

	/* Inside the tree. */
	CHECK(stat_path("file", 0, &st) == 0 &&
	      st.st_filetype == CLOUDABI_FILETYPE_REGULAR_FILE &&
	      st.st_size == 3, "file: a regular file of 3 bytes");
	expect_type("sub", 0, CLOUDABI_FILETYPE_DIRECTORY);
	expect_type("sub/../file", 0, CLOUDABI_FILETYPE_REGULAR_FILE);
	expect_type("./sub/./", 0, CLOUDABI_FILETYPE_DIRECTORY);
	expect_type("link-in", 0, CLOUDABI_FILETYPE_SYMBOLIC_LINK);
	expect_type("link-in", 1, CLOUDABI_FILETYPE_REGULAR_FILE);
	expect_type("link-dotdot-in", 1, CLOUDABI_FILETYPE_REGULAR_FILE);
	expect_type("sub/up/file", 0, CLOUDABI_FILETYPE_REGULAR_FILE);
	expect_type("link-out-rel", 0, CLOUDABI_FILETYPE_SYMBOLIC_LINK);

	/* Every way out. */
	expect("/etc/passwd", 0, CLOUDABI_ENOTCAPABLE);
	expect("/", 0, CLOUDABI_ENOTCAPABLE);
	expect("..", 0, CLOUDABI_ENOTCAPABLE);
	expect("../outside/secret", 0, CLOUDABI_ENOTCAPABLE);
	expect("sub/../../outside/secret", 0, CLOUDABI_ENOTCAPABLE);
	expect("sub/../..", 0, CLOUDABI_ENOTCAPABLE);
	expect("link-out-rel", 1, CLOUDABI_ENOTCAPABLE);
	expect("link-abs", 1, CLOUDABI_ENOTCAPABLE);
	expect("link-abs/x", 0, CLOUDABI_ENOTCAPABLE);
	expect("sub/upup/outside/secret", 0, CLOUDABI_ENOTCAPABLE);
	expect("p/self/root", 1, CLOUDABI_ENOTCAPABLE);
	expect("p/self/cwd/tmp", 0, CLOUDABI_ENOTCAPABLE);
	expect("p/self/fd/1", 1, CLOUDABI_ENOTCAPABLE);

	/* Bad paths and arguments. */
	expect("loop", 1, CLOUDABI_ELOOP);
	expect("nonexistent", 0, CLOUDABI_ENOENT);
	expect("", 0, CLOUDABI_ENOENT);
	expect("file/", 0, CLOUDABI_ENOTDIR);
	expect("file/x", 0, CLOUDABI_ENOTDIR);
	CHECK_EQ(stat_at(box, "fi\0le", 5, 0, &st), CLOUDABI_EINVAL,
		 "a NUL inside the path is EINVAL");
	for (i = 0; i < sizeof(longpath); i++)
		longpath[i] = i % 2 ? '/' : 'a';
	CHECK_EQ(stat_at(box, longpath, sizeof(longpath), 0, &st),
		 CLOUDABI_ENAMETOOLONG, "a 5000-byte path is ENAMETOOLONG");
	CHECK_EQ(stat_at(nostat, "file", 4, 0, &st), CLOUDABI_ENOTCAPABLE,
		 "without FILE_STAT_GET: ENOTCAPABLE");
	CHECK_EQ(stat_at(box, (const char *)8, 4, 0, &st), CLOUDABI_EFAULT,
		 "a bad path pointer is EFAULT");
	CHECK_EQ(stat_at(box, "file", 4, 0, (cloudabi_filestat_t *)8),
		 CLOUDABI_EFAULT, "a bad result pointer is EFAULT");
	CHECK_EQ(RT_SYS(file_stat_get)((cloudabi_lookup_t){ .fd = box,
							     .flags = 2 },
				       "file", 4, &st),
		 CLOUDABI_EINVAL, "an unknown lookup flag is EINVAL");
	readlink_checks();
	open_checks();
	create_unlink_checks();
	symlink_checks();
	rename_link_touch_checks();
	file_as_directory_checks();
	open_existing_checks();
	return tap_done();
}
