// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - the rights engine: what each kind of file allows
 *
 * A descriptor never holds a right its file cannot honour: a directory
 * cannot be read as bytes, a socket cannot seek, a terminal cannot be
 * mapped, and a file opened read-only cannot be written through any
 * right.  Rights computed here are the maximum; a descriptor may hold
 * fewer, never more.
 */

#include <linux/fs.h>
#include <linux/net.h>

#include <cloudabi_types.h>

#include "rights.h"

#define R(x) CLOUDABI_RIGHT_##x

/* Plain data files and block devices: everything a byte store offers. */
#define RIGHTS_STORE (R(FD_DATASYNC) | R(FD_READ) | R(FD_SEEK) |	\
	R(FD_STAT_PUT_FLAGS) | R(FD_SYNC) | R(FD_TELL) | R(FD_WRITE) |	\
	R(FILE_ADVISE) | R(FILE_ALLOCATE) | R(FILE_STAT_FGET) |		\
	R(FILE_STAT_FPUT_SIZE) | R(FILE_STAT_FPUT_TIMES) | R(MEM_MAP) |	\
	R(MEM_MAP_EXEC) | R(POLL_FD_READWRITE))

#define RIGHTS_REGULAR (RIGHTS_STORE | R(PROC_EXEC))

/* FILE_STAT_FPUT_SIZE on a directory is the right to open with O_TRUNC. */
#define RIGHTS_DIRECTORY (R(FD_STAT_PUT_FLAGS) | R(FD_SYNC) |		\
	R(FILE_ADVISE) | R(FILE_CREATE_DIRECTORY) | R(FILE_CREATE_FILE) | \
	R(FILE_LINK_SOURCE) | R(FILE_LINK_TARGET) | R(FILE_OPEN) |	\
	R(FILE_READDIR) | R(FILE_READLINK) | R(FILE_RENAME_SOURCE) |	\
	R(FILE_RENAME_TARGET) | R(FILE_STAT_FGET) |			\
	R(FILE_STAT_FPUT_SIZE) | R(FILE_STAT_FPUT_TIMES) |		\
	R(FILE_STAT_GET) | R(FILE_STAT_PUT_TIMES) | R(FILE_SYMLINK) |	\
	R(FILE_UNLINK) | R(POLL_FD_READWRITE))

#define RIGHTS_STREAM (R(FD_READ) | R(FD_STAT_PUT_FLAGS) | R(FD_WRITE) | \
	R(FILE_STAT_FGET) | R(POLL_FD_READWRITE))

#define RIGHTS_SOCKET (RIGHTS_STREAM | R(SOCK_SHUTDOWN))

/*
 * Anonymous shared memory: what fstat, ftruncate and mmap need, as
 * cloudlibc's shm_open expects; no position, no storage to advise on or
 * allocate, nothing to poll.
 */
#define RIGHTS_SHARED_MEMORY (R(FD_READ) | R(FD_WRITE) |		\
	R(FILE_STAT_FGET) | R(FILE_STAT_FPUT_SIZE) | R(MEM_MAP) |	\
	R(MEM_MAP_EXEC))

/* Rights that move or change bytes: gone without the matching mode. */
#define RIGHTS_NEED_READ (R(FD_READ) | R(MEM_MAP) | R(MEM_MAP_EXEC) |	\
	R(PROC_EXEC))
/* fsync(2) and fdatasync(2) work on a file open for reading too. */
#define RIGHTS_NEED_WRITE (R(FD_WRITE) | R(FILE_ALLOCATE) |		\
	R(FILE_STAT_FPUT_SIZE))

/**
 * cloudabi_filetype_of() - the CloudABI type of an open file
 * @file: the file
 *
 * Return: a CLOUDABI_FILETYPE_* value.  Pipes and FIFOs are byte streams
 * like stream sockets, as other CloudABI kernels present them; objects
 * without a CloudABI type (eventfd and the like) are UNKNOWN.
 */
u8 cloudabi_filetype_of(const struct file *file)
{
	umode_t mode = file_inode(file)->i_mode;
	struct socket *sock;

	if (S_ISSOCK(mode)) {
		sock = sock_from_file((struct file *)file);
		if (sock && (sock->type == SOCK_DGRAM ||
			     sock->type == SOCK_SEQPACKET))
			return CLOUDABI_FILETYPE_SOCKET_DGRAM;
	}
	return cloudabi_filetype_of_mode(mode);
}

/**
 * cloudabi_filetype_of_mode() - the CloudABI type of an inode mode
 * @mode: the inode's i_mode
 *
 * Return: a CLOUDABI_FILETYPE_* value; sockets are streams here, since
 * only an open socket tells its type (see cloudabi_filetype_of()).
 */
u8 cloudabi_filetype_of_mode(umode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return CLOUDABI_FILETYPE_REGULAR_FILE;
	case S_IFDIR:
		return CLOUDABI_FILETYPE_DIRECTORY;
	case S_IFCHR:
		return CLOUDABI_FILETYPE_CHARACTER_DEVICE;
	case S_IFBLK:
		return CLOUDABI_FILETYPE_BLOCK_DEVICE;
	case S_IFLNK:
		return CLOUDABI_FILETYPE_SYMBOLIC_LINK;
	case S_IFIFO:
	case S_IFSOCK:
		return CLOUDABI_FILETYPE_SOCKET_STREAM;
	default:
		return CLOUDABI_FILETYPE_UNKNOWN;
	}
}

/**
 * cloudabi_rights_max() - the most a descriptor of a kind may hold
 * @filetype: CLOUDABI_FILETYPE_* of the file
 * @mode: the open file's FMODE_READ/FMODE_WRITE/FMODE_LSEEK
 * @mappable: the file can be memory-mapped
 * @rights: filled in
 */
void cloudabi_rights_max(u8 filetype, fmode_t mode, bool mappable,
			 struct cloudabi_rights *rights)
{
	u64 base, inheriting = 0;

	switch (filetype) {
	case CLOUDABI_FILETYPE_REGULAR_FILE:
		base = RIGHTS_REGULAR;
		break;
	case CLOUDABI_FILETYPE_BLOCK_DEVICE:
		base = RIGHTS_STORE;
		break;
	case CLOUDABI_FILETYPE_SHARED_MEMORY:
		base = RIGHTS_SHARED_MEMORY;
		break;
	case CLOUDABI_FILETYPE_CHARACTER_DEVICE:
		base = RIGHTS_STORE;
		break;
	case CLOUDABI_FILETYPE_DIRECTORY:
		base = RIGHTS_DIRECTORY;
		inheriting = CLOUDABI_ALL_RIGHTS;
		break;
	/*
	 * A socket's inheriting rights do not cap the descriptors received
	 * over it, which keep the rights they were sent with (the spec
	 * caps nothing there); they are all rights, as cloudlibc expects.
	 */
	case CLOUDABI_FILETYPE_SOCKET_STREAM:
	case CLOUDABI_FILETYPE_SOCKET_DGRAM:
		base = RIGHTS_SOCKET;
		inheriting = CLOUDABI_ALL_RIGHTS;
		break;
	/* Wait for it to end; closing the last one kills it. */
	case CLOUDABI_FILETYPE_PROCESS:
		base = R(POLL_PROC_TERMINATE) | R(FILE_STAT_FGET);
		break;
	default:
		base = R(FILE_STAT_FGET);
		break;
	}
	/* Terminals, pipes and the like have no position... */
	if (!(mode & FMODE_LSEEK))
		base &= ~(R(FD_SEEK) | R(FD_TELL));
	/* ... and most devices cannot be mapped. */
	if (!mappable)
		base &= ~(R(MEM_MAP) | R(MEM_MAP_EXEC));
	/*
	 * A directory is always open read-only; what it may change inside
	 * is checked by the file system, path by path.
	 */
	if (!(mode & FMODE_READ))
		base &= ~RIGHTS_NEED_READ;
	if (!(mode & FMODE_WRITE) && filetype != CLOUDABI_FILETYPE_DIRECTORY)
		base &= ~RIGHTS_NEED_WRITE;
	rights->base = base;
	rights->inheriting = inheriting;
}

/**
 * cloudabi_rights_of_file() - the rights an inherited file starts with
 * @file: a file a native parent passed down
 * @filetype: its CloudABI type
 * @rights: filled in: the maximum its kind and open mode allow
 */
void cloudabi_rights_of_file(const struct file *file, u8 filetype,
			     struct cloudabi_rights *rights)
{
	fmode_t mode = file->f_mode;

	/*
	 * An O_PATH file is a name, not an open file: its file operations
	 * are empty and nothing but stat may reach them (fadvise on one
	 * would crash FUSE and NFS readahead).
	 */
	if (mode & FMODE_PATH) {
		rights->base = R(FILE_STAT_FGET);
		rights->inheriting = 0;
		return;
	}
	if ((mode & FMODE_STREAM) || file->f_op->llseek == no_llseek ||
	    !file->f_op->llseek)
		mode &= ~FMODE_LSEEK;
	cloudabi_rights_max(filetype, mode, file->f_op->mmap != NULL, rights);
}

/**
 * cloudabi_fdflags_permitted() - may a descriptor carry these flags?
 * @flags: CLOUDABI_FDFLAG_* asked for, at file_open or fd_stat_put
 * @rights: the rights that decide (the directory's inheriting rights at
 *	file_open, the descriptor's own at fd_stat_put)
 *
 * The synchronous flags stand for the sync calls: DSYNC for fd_datasync
 * (which FD_SYNC includes), RSYNC and SYNC for fd_sync.
 *
 * Return: whether @rights allow @flags.
 */
bool cloudabi_fdflags_permitted(u16 flags, u64 rights)
{
	if ((flags & (CLOUDABI_FDFLAG_RSYNC | CLOUDABI_FDFLAG_SYNC)) &&
	    !(rights & R(FD_SYNC)))
		return false;
	if ((flags & CLOUDABI_FDFLAG_DSYNC) &&
	    !(rights & (R(FD_DATASYNC) | R(FD_SYNC))))
		return false;
	return true;
}

/**
 * cloudabi_rights_implied() - rights with those they imply
 * @base: a descriptor's base rights
 *
 * FD_SEEK implies FD_TELL, by the spec: reading the offset is seeking
 * by nothing.
 *
 * Return: @base with every implied right added.
 */
u64 cloudabi_rights_implied(u64 base)
{
	return base & R(FD_SEEK) ? base | R(FD_TELL) : base;
}

#ifdef CLOUDABI_KUNIT
/* The suite is built into the module that it tests (make kunit). */
#include "../kunit/rights_test.c"
#endif
