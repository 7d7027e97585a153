// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: the kernel's own permission checks still hold
 *
 * The runner starts this as the unprivileged user nobody, with descriptor
 * 3 open on /tmp/unpriv, a directory nobody owns that holds files root
 * owns: "rootfile" (0644), "rootrw" (0666) and "suid" (04777).  A right
 * only lets a program ask; the file system still answers: capabilities
 * never lift the permissions of the user a program runs as.
 */

#include "rt.h"

#define DIR 3

static cloudabi_errno_t link_to(const char *from, const char *to)
{
	cloudabi_lookup_t at = { .fd = DIR };

	return RT_SYS(file_link)(at, from, rt_strlen(from), DIR, to,
				 rt_strlen(to));
}

static cloudabi_errno_t put_times(const char *path, cloudabi_fsflags_t flags)
{
	cloudabi_lookup_t at = { .fd = DIR };
	cloudabi_filestat_t st = { .st_atim = 1, .st_mtim = 1 };

	return RT_SYS(file_stat_put)(at, path, rt_strlen(path), &st, flags);
}

static cloudabi_errno_t open_at(const char *path, cloudabi_oflags_t oflags,
				uint64_t rights, cloudabi_fd_t *fd)
{
	cloudabi_lookup_t at = { .fd = DIR };
	cloudabi_fdstat_t req = { .fs_rights_base = rights };

	return RT_SYS(file_open)(at, path, rt_strlen(path), oflags, &req, fd);
}

int program_main(void)
{
	cloudabi_filestat_t st = { .st_size = 2 };
	cloudabi_fd_t fd = 0;

	tap_plan(10);
	CHECK_EQ(link_to("rootfile", "l1"), CLOUDABI_EPERM,
		 "no hard link to a file of another user's we cannot write");
	CHECK_EQ(link_to("suid", "l2"), CLOUDABI_EPERM,
		 "no hard link to another user's set-user-id file");
	CHECK_EQ(link_to("rootrw", "l3"), 0,
		 "a hard link to another user's file we can read and write");
	CHECK(open_at("mine", CLOUDABI_O_CREAT, CLOUDABI_RIGHT_FD_READ,
		      &fd) == 0 && link_to("mine", "l4") == 0,
	      "a hard link to our own file");
	CHECK_EQ(put_times("rootrw", CLOUDABI_FILESTAT_ATIM |
			   CLOUDABI_FILESTAT_MTIM), CLOUDABI_EPERM,
		 "explicit times on another user's file: EPERM");
	CHECK_EQ(put_times("rootrw", CLOUDABI_FILESTAT_ATIM_NOW |
			   CLOUDABI_FILESTAT_MTIM_NOW), 0,
		 "touching another user's file we can write");
	CHECK_EQ(put_times("rootfile", CLOUDABI_FILESTAT_ATIM_NOW |
			   CLOUDABI_FILESTAT_MTIM_NOW), CLOUDABI_EACCES,
		 "touching one we cannot write: EACCES");
	CHECK_EQ(open_at("rootfile", 0, CLOUDABI_RIGHT_FD_WRITE, &fd),
		 CLOUDABI_EACCES, "opening it for writing: EACCES");
	CHECK(open_at("rootrw", 0, CLOUDABI_RIGHT_FD_WRITE |
		      CLOUDABI_RIGHT_FILE_STAT_FGET |
		      CLOUDABI_RIGHT_FILE_STAT_FPUT_SIZE, &fd) == 0 &&
	      RT_SYS(file_stat_fput)(fd, &st, CLOUDABI_FILESTAT_SIZE) == 0 &&
	      RT_SYS(file_stat_fget)(fd, &st) == 0 && st.st_size == 2,
	      "truncating another user's file we can write");
	CHECK_EQ(RT_SYS(file_unlink)(DIR, "../unpriv-sibling", 17, 0),
		 CLOUDABI_ENOTCAPABLE, "and still nothing outside the box");
	return tap_done();
}
