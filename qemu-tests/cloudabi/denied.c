// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: each right, missing, gives ENOTCAPABLE
 *
 * Started through cloudabi-run with {out: !fd stdout, box: /tmp/deny}.
 * For every right that a landed call checks, the call runs twice: through
 * a duplicate restricted to all rights but that one, where it must fail
 * with ENOTCAPABLE, then through a duplicate with every right, where it
 * must not (so that each row shows the right is what decides).
 */

#include "argdata.h"
#include "rt.h"

#define R(x) CLOUDABI_RIGHT_##x

static uint32_t box;
static char buf[64];

typedef cloudabi_errno_t (*call_fn)(cloudabi_fd_t fd);

struct row {
	uint64_t right;
	const char *name;
	call_fn call;
};

static cloudabi_lookup_t at(cloudabi_fd_t fd)
{
	return (cloudabi_lookup_t){ .fd = fd };
}

/* --- calls on a directory ----------------------------------------------- */

static cloudabi_errno_t create_dir(cloudabi_fd_t d)
{
	return RT_SYS(file_create)(d, "cd", 2, CLOUDABI_FILETYPE_DIRECTORY);
}

static cloudabi_errno_t open_creat(cloudabi_fd_t d)
{
	cloudabi_fdstat_t req = { .fs_rights_base = R(FD_READ) };
	cloudabi_fd_t fd;
	cloudabi_errno_t err;

	err = RT_SYS(file_open)(at(d), "cf", 2, CLOUDABI_O_CREAT, &req, &fd);
	if (!err)
		RT_SYS(fd_close)(fd);
	return err;
}

static cloudabi_errno_t open_trunc(cloudabi_fd_t d)
{
	cloudabi_fdstat_t req = { .fs_rights_base = R(FD_WRITE) };
	cloudabi_fd_t fd;
	cloudabi_errno_t err;

	err = RT_SYS(file_open)(at(d), "f", 1, CLOUDABI_O_TRUNC, &req, &fd);
	if (!err)
		RT_SYS(fd_close)(fd);
	return err;
}

static cloudabi_errno_t open_file(cloudabi_fd_t d)
{
	cloudabi_fdstat_t req = { .fs_rights_base = R(FD_READ) };
	cloudabi_fd_t fd;
	cloudabi_errno_t err;

	err = RT_SYS(file_open)(at(d), "f", 1, 0, &req, &fd);
	if (!err)
		RT_SYS(fd_close)(fd);
	return err;
}

static cloudabi_errno_t link_from(cloudabi_fd_t d)
{
	return RT_SYS(file_link)(at(d), "f", 1, box, "l1", 2);
}

static cloudabi_errno_t link_to(cloudabi_fd_t d)
{
	return RT_SYS(file_link)(at(box), "f", 1, d, "l2", 2);
}

static cloudabi_errno_t readdir(cloudabi_fd_t d)
{
	size_t n;

	return RT_SYS(file_readdir)(d, buf, sizeof(buf), 0, &n);
}

static cloudabi_errno_t readlink(cloudabi_fd_t d)
{
	size_t n;

	return RT_SYS(file_readlink)(d, "sl", 2, buf, sizeof(buf), &n);
}

static cloudabi_errno_t rename_from(cloudabi_fd_t d)
{
	return RT_SYS(file_rename)(d, "r1", 2, box, "r1b", 3);
}

static cloudabi_errno_t rename_to(cloudabi_fd_t d)
{
	return RT_SYS(file_rename)(box, "r2", 2, d, "r2b", 3);
}

static cloudabi_errno_t stat_fget(cloudabi_fd_t fd)
{
	cloudabi_filestat_t st;

	return RT_SYS(file_stat_fget)(fd, &st);
}

static cloudabi_errno_t fput_times(cloudabi_fd_t fd)
{
	cloudabi_filestat_t st = { .st_mtim = 1 };

	return RT_SYS(file_stat_fput)(fd, &st, CLOUDABI_FILESTAT_MTIM);
}

static cloudabi_errno_t stat_get(cloudabi_fd_t d)
{
	cloudabi_filestat_t st;

	return RT_SYS(file_stat_get)(at(d), "f", 1, &st);
}

static cloudabi_errno_t stat_put(cloudabi_fd_t d)
{
	cloudabi_filestat_t st = { .st_mtim = 1 };

	return RT_SYS(file_stat_put)(at(d), "f", 1, &st,
				     CLOUDABI_FILESTAT_MTIM);
}

static cloudabi_errno_t symlink(cloudabi_fd_t d)
{
	return RT_SYS(file_symlink)("f", 1, d, "sl2", 3);
}

static cloudabi_errno_t unlink(cloudabi_fd_t d)
{
	return RT_SYS(file_unlink)(d, "u1", 2, 0);
}

/* Rights a directory passes on: checked in its inheriting rights. */
static const struct row dir_passed_rows[] = {
	{ R(FILE_STAT_FPUT_SIZE), "file_open O_TRUNC", open_trunc },
};

static const struct row dir_rows[] = {
	{ R(FILE_CREATE_DIRECTORY), "file_create", create_dir },
	{ R(FILE_CREATE_FILE), "file_open O_CREAT", open_creat },
	{ R(FILE_LINK_SOURCE), "file_link, source", link_from },
	{ R(FILE_LINK_TARGET), "file_link, target", link_to },
	{ R(FILE_OPEN), "file_open", open_file },
	{ R(FILE_READDIR), "file_readdir", readdir },
	{ R(FILE_READLINK), "file_readlink", readlink },
	{ R(FILE_RENAME_SOURCE), "file_rename, source", rename_from },
	{ R(FILE_RENAME_TARGET), "file_rename, target", rename_to },
	{ R(FILE_STAT_FGET), "file_stat_fget of a directory", stat_fget },
	{ R(FILE_STAT_FPUT_TIMES), "file_stat_fput of a directory",
	  fput_times },
	{ R(FILE_STAT_GET), "file_stat_get", stat_get },
	{ R(FILE_STAT_PUT_TIMES), "file_stat_put", stat_put },
	{ R(FILE_SYMLINK), "file_symlink", symlink },
	{ R(FILE_UNLINK), "file_unlink", unlink },
};

/* --- calls on a regular file -------------------------------------------- */

static cloudabi_errno_t fd_read(cloudabi_fd_t fd)
{
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = 1 };
	size_t n;

	return RT_SYS(fd_read)(fd, &iov, 1, &n);
}

static cloudabi_errno_t fd_write(cloudabi_fd_t fd)
{
	cloudabi_ciovec_t iov = { .buf = "x", .buf_len = 1 };
	size_t n;

	return RT_SYS(fd_write)(fd, &iov, 1, &n);
}

static cloudabi_errno_t fd_pread(cloudabi_fd_t fd)
{
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = 1 };
	size_t n;

	return RT_SYS(fd_pread)(fd, &iov, 1, 0, &n);
}

static cloudabi_errno_t fd_pwrite(cloudabi_fd_t fd)
{
	cloudabi_ciovec_t iov = { .buf = "x", .buf_len = 1 };
	size_t n;

	return RT_SYS(fd_pwrite)(fd, &iov, 1, 0, &n);
}

static cloudabi_errno_t fd_seek(cloudabi_fd_t fd)
{
	cloudabi_filesize_t pos;

	return RT_SYS(fd_seek)(fd, 1, CLOUDABI_WHENCE_SET, &pos);
}

static cloudabi_errno_t fd_tell(cloudabi_fd_t fd)
{
	cloudabi_filesize_t pos;

	return RT_SYS(fd_seek)(fd, 0, CLOUDABI_WHENCE_CUR, &pos);
}

static cloudabi_errno_t fd_datasync(cloudabi_fd_t fd)
{
	return RT_SYS(fd_datasync)(fd);
}

static cloudabi_errno_t fd_sync(cloudabi_fd_t fd)
{
	return RT_SYS(fd_sync)(fd);
}

static cloudabi_errno_t fd_flags(cloudabi_fd_t fd)
{
	cloudabi_fdstat_t st = { .fs_flags = CLOUDABI_FDFLAG_APPEND };

	return RT_SYS(fd_stat_put)(fd, &st, CLOUDABI_FDSTAT_FLAGS);
}

static cloudabi_errno_t advise(cloudabi_fd_t fd)
{
	return RT_SYS(file_advise)(fd, 0, 1, CLOUDABI_ADVICE_NORMAL);
}

static cloudabi_errno_t allocate(cloudabi_fd_t fd)
{
	return RT_SYS(file_allocate)(fd, 0, 16);
}

static cloudabi_errno_t fput_size(cloudabi_fd_t fd)
{
	cloudabi_filestat_t st = { .st_size = 8 };

	return RT_SYS(file_stat_fput)(fd, &st, CLOUDABI_FILESTAT_SIZE);
}

/* A page of the file, mapped with @prot and @flags, then unmapped. */
static cloudabi_errno_t map_page(cloudabi_fd_t fd, cloudabi_mprot_t prot,
				 cloudabi_mflags_t flags)
{
	void *mem = NULL;
	cloudabi_errno_t err;

	err = RT_SYS(mem_map)(NULL, 4096, prot, flags, fd, 0, &mem);
	if (!err)
		RT_SYS(mem_unmap)(mem, 4096);
	return err;
}

static cloudabi_errno_t map_read(cloudabi_fd_t fd)
{
	return map_page(fd, CLOUDABI_PROT_READ, CLOUDABI_MAP_PRIVATE);
}

static cloudabi_errno_t map_shared_write(cloudabi_fd_t fd)
{
	return map_page(fd, CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
			CLOUDABI_MAP_SHARED);
}

static cloudabi_errno_t map_exec(cloudabi_fd_t fd)
{
	return map_page(fd, CLOUDABI_PROT_READ | CLOUDABI_PROT_EXEC,
			CLOUDABI_MAP_PRIVATE);
}

/* poll's rights are checked per subscription: the event's error. */
static cloudabi_errno_t poll_sub(cloudabi_fd_t fd, cloudabi_eventtype_t type)
{
	cloudabi_subscription_t sub = {
		.type = type,
		.fd_readwrite.fd = fd,
	};
	cloudabi_event_t ev;
	cloudabi_errno_t err;
	size_t n = 0;

	err = RT_SYS(poll)(&sub, &ev, 1, &n);
	return err ? err : n == 1 ? ev.error : CLOUDABI_EIO;
}

static cloudabi_errno_t poll_read(cloudabi_fd_t fd)
{
	return poll_sub(fd, CLOUDABI_EVENTTYPE_FD_READ);
}

static cloudabi_errno_t poll_write(cloudabi_fd_t fd)
{
	return poll_sub(fd, CLOUDABI_EVENTTYPE_FD_WRITE);
}

static const struct row file_rows[] = {
	{ R(FD_READ), "fd_read", fd_read },
	{ R(FD_WRITE), "fd_write", fd_write },
	{ R(FD_READ), "fd_pread, FD_READ", fd_pread },
	{ R(FD_SEEK), "fd_pread, FD_SEEK", fd_pread },
	{ R(FD_WRITE), "fd_pwrite, FD_WRITE", fd_pwrite },
	{ R(FD_SEEK), "fd_pwrite, FD_SEEK", fd_pwrite },
	{ R(FD_SEEK), "fd_seek", fd_seek },
	/* FD_SEEK implies FD_TELL: both must go. */
	{ R(FD_TELL) | R(FD_SEEK), "fd_seek of 0 from the current position",
	  fd_tell },
	{ R(FD_DATASYNC), "fd_datasync", fd_datasync },
	{ R(FD_SYNC), "fd_sync", fd_sync },
	{ R(FD_STAT_PUT_FLAGS), "fd_stat_put of flags", fd_flags },
	{ R(FILE_ADVISE), "file_advise", advise },
	{ R(FILE_ALLOCATE), "file_allocate", allocate },
	{ R(FILE_STAT_FGET), "file_stat_fget", stat_fget },
	{ R(FILE_STAT_FPUT_SIZE), "file_stat_fput SIZE", fput_size },
	{ R(FILE_STAT_FPUT_TIMES), "file_stat_fput times", fput_times },
	{ R(MEM_MAP), "mem_map, MEM_MAP", map_read },
	{ R(FD_READ), "mem_map PROT_READ, FD_READ", map_read },
	{ R(FD_WRITE), "mem_map shared PROT_WRITE, FD_WRITE", map_shared_write },
	{ R(MEM_MAP_EXEC), "mem_map PROT_EXEC, MEM_MAP_EXEC", map_exec },
	{ R(POLL_FD_READWRITE), "poll FD_READ, POLL_FD_READWRITE", poll_read },
	{ R(FD_READ), "poll FD_READ, FD_READ", poll_read },
	{ R(POLL_FD_READWRITE), "poll FD_WRITE, POLL_FD_READWRITE",
	  poll_write },
	{ R(FD_WRITE), "poll FD_WRITE, FD_WRITE", poll_write },
};

static cloudabi_errno_t shutdown(cloudabi_fd_t fd)
{
	return RT_SYS(sock_shutdown)(fd, CLOUDABI_SHUT_RD);
}

static const struct row sock_rows[] = {
	{ R(SOCK_SHUTDOWN), "sock_shutdown", shutdown },
};

/* --- the matrix ---------------------------------------------------------- */

/*
 * @inheriting: the right goes from the inheriting rights instead of the
 * base rights (the directory passes it on rather than using it).
 */
static void check_row(cloudabi_fd_t base, const struct row *r,
		      int inheriting)
{
	cloudabi_errno_t without, with;
	cloudabi_fd_t less = 0, full = 0;
	cloudabi_fdstat_t st;
	uint64_t *set = inheriting ? &st.fs_rights_inheriting :
				     &st.fs_rights_base;
	int held;

	held = RT_SYS(fd_dup)(base, &less) == 0 &&
	       RT_SYS(fd_dup)(base, &full) == 0 &&
	       RT_SYS(fd_stat_get)(less, &st) == 0 && (*set & r->right);
	*set &= ~r->right;
	held = held && RT_SYS(fd_stat_put)(less, &st,
					   CLOUDABI_FDSTAT_RIGHTS) == 0;
	without = r->call(less);
	with = r->call(full);
	/* Every row's call succeeds with the right: only the right differs. */
	CHECK(held && without == CLOUDABI_ENOTCAPABLE && with == 0,
	      "%s: ENOTCAPABLE without the right (%u), done with it (%u)",
	      r->name, without, with);
	RT_SYS(fd_close)(less);
	RT_SYS(fd_close)(full);
}

static void check_rows(cloudabi_fd_t base, const struct row *rows,
		       unsigned int n, int inheriting)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		check_row(base, &rows[i], inheriting);
}

#define ROWS(a) (sizeof(a) / sizeof((a)[0]))

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen };
	cloudabi_fdstat_t req = {
		.fs_rights_base = R(FD_READ) | R(FD_WRITE) | R(FD_SEEK) |
			R(FD_TELL) | R(FD_DATASYNC) | R(FD_SYNC) |
			R(FD_STAT_PUT_FLAGS) | R(FILE_ADVISE) |
			R(FILE_ALLOCATE) | R(FILE_STAT_FGET) |
			R(FILE_STAT_FPUT_SIZE) | R(FILE_STAT_FPUT_TIMES) |
			R(MEM_MAP) | R(MEM_MAP_EXEC) | R(POLL_FD_READWRITE),
	};
	cloudabi_fd_t file = 0, a = 0, b = 0;
	uint32_t out;

	if (!fd_of(&root, "out", &out) || !fd_of(&root, "box", &box))
		return 101;
	tap_plan_fd(ROWS(dir_rows) + ROWS(dir_passed_rows) + ROWS(file_rows) +
		    ROWS(sock_rows) + 1,
		    out);
	CHECK(RT_SYS(file_open)(at(box), "f", 1, CLOUDABI_O_CREAT, &req,
				&file) == 0 &&
	      RT_SYS(file_symlink)("f", 1, box, "sl", 2) == 0 &&
	      RT_SYS(file_link)(at(box), "f", 1, box, "r1", 2) == 0 &&
	      RT_SYS(file_link)(at(box), "f", 1, box, "r2", 2) == 0 &&
	      RT_SYS(file_link)(at(box), "f", 1, box, "u1", 2) == 0,
	      "the tree to work on");
	check_rows(box, dir_rows, ROWS(dir_rows), 0);
	check_rows(box, dir_passed_rows, ROWS(dir_passed_rows), 1);
	check_rows(file, file_rows, ROWS(file_rows), 0);
	RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b);
	check_rows(a, sock_rows, ROWS(sock_rows), 0);
	return tap_done();
}
