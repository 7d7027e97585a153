// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - mapping files
 *
 * Anonymous memory is the vDSO's (vdso/mem.c); a mapping of a descriptor
 * comes here.  The capability file itself is mapped, so that its ->mmap
 * (lsm/capability.c) checks the rights, bounds what the mapping may
 * become and hands it to the inner file: the same path a native holder's
 * mmap(2) takes.  This handler checks the arguments as the vDSO does (a
 * program may issue the gate command by hand) and answers a missing right
 * with ENOTCAPABLE before anything is mapped.
 */

#include <linux/file.h>
#include <linux/mm.h>
#include <linux/mman.h>

#include "capability.h"
#include "generated/syscall_table.h"

/* Linux's protection, or -EOPNOTSUPP (ENOTSUP) for unknown bits or W|X. */
static long linux_prot(u8 prot)
{
	const u8 wx = CLOUDABI_PROT_WRITE | CLOUDABI_PROT_EXEC;

	if ((prot & ~CLOUDABI_ALL_MPROT) || (prot & wx) == wx)
		return -EOPNOTSUPP;
	return (prot & CLOUDABI_PROT_READ ? PROT_READ : 0) |
	       (prot & CLOUDABI_PROT_WRITE ? PROT_WRITE : 0) |
	       (prot & CLOUDABI_PROT_EXEC ? PROT_EXEC : 0);
}

/* Linux's flags for a file mapping, or -EINVAL. */
static long linux_map_flags(u8 flags)
{
	u8 sharing = flags & (CLOUDABI_MAP_PRIVATE | CLOUDABI_MAP_SHARED);

	if ((flags & ~CLOUDABI_ALL_MFLAGS) || (flags & CLOUDABI_MAP_ANON))
		return -EINVAL;
	if (sharing != CLOUDABI_MAP_PRIVATE && sharing != CLOUDABI_MAP_SHARED)
		return -EINVAL;
	return (sharing == CLOUDABI_MAP_SHARED ? MAP_SHARED : MAP_PRIVATE) |
	       (flags & CLOUDABI_MAP_FIXED ? MAP_FIXED : 0);
}

/* The rights a mapping with @prot and @flags needs, as cap_mmap() asks. */
static u64 map_rights(u8 prot, u8 flags)
{
	u64 need = CLOUDABI_RIGHT_MEM_MAP;

	if (prot & CLOUDABI_PROT_READ)
		need |= CLOUDABI_RIGHT_FD_READ;
	if ((prot & CLOUDABI_PROT_WRITE) && (flags & CLOUDABI_MAP_SHARED))
		need |= CLOUDABI_RIGHT_FD_WRITE;
	if (prot & CLOUDABI_PROT_EXEC)
		need |= CLOUDABI_RIGHT_MEM_MAP_EXEC;
	return need;
}

/**
 * cloudabi_sys_mem_map() - map a file
 * @args: addr (a hint, or the place with CLOUDABI_MAP_FIXED), len, prot,
 *	flags (CLOUDABI_MAP_PRIVATE or _SHARED, maybe _FIXED; never _ANON,
 *	which the vDSO serves), fd, off (page aligned)
 * @res: mem, the mapping's address
 *
 * PROT_READ needs CLOUDABI_RIGHT_FD_READ, PROT_WRITE on a shared mapping
 * CLOUDABI_RIGHT_FD_WRITE and PROT_EXEC CLOUDABI_RIGHT_MEM_MAP_EXEC, each
 * beside CLOUDABI_RIGHT_MEM_MAP; the mapping can never be given more later
 * (mem_protect or mprotect answer EACCES).
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: unknown flags, CLOUDABI_MAP_ANON, not exactly one of
 *   private and shared, a zero length, an unaligned offset or address;
 * - %-ENOTSUP: unknown protection bits, or writable and executable;
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: a right above is missing;
 * - %-EACCES: the file was not opened for the access, or executing from
 *   a noexec mount;
 * - %-ENODEV: the file cannot be mapped (a socket, a directory);
 * - %-ENOMEM, %-EOVERFLOW, and the other errors of mmap(2).
 */
long cloudabi_sys_mem_map(const struct cloudabi_gate_mem_map *args,
			  struct cloudabi_result_mem_map *res)
{
	struct cloudabi_cap *cap;
	struct file *file;
	long prot, flags;
	unsigned long addr;
	int err;

	prot = linux_prot(args->prot);
	if (prot < 0)
		return prot;
	flags = linux_map_flags(args->flags);
	if (flags < 0)
		return flags;
	if (!args->len || offset_in_page(args->off) ||
	    args->off > LLONG_MAX)
		return -EINVAL;
	cap = cloudabi_cap_get(args->fd, map_rights(args->prot, args->flags),
			       &file, &err);
	if (!cap)
		return err;
	addr = vm_mmap(file, args->addr, args->len, prot, flags, args->off);
	fput(file);
	if (IS_ERR_VALUE(addr))
		return addr;
	res->mem = addr;
	return 0;
}
