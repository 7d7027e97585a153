// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - anonymous memory, managed in the vDSO
 *
 * Mapping anonymous memory and changing, advising, syncing or removing
 * any mapping act on the calling process's own address space and touch no
 * capability, so the vDSO makes them itself on mmap, mprotect, madvise,
 * msync and munmap.  The seccomp filter allows those calls only with the
 * flags and advice used here (mmap only with MAP_ANONYMOUS), so nothing
 * below may pass a value outside them: each argument is translated bit by
 * bit and anything unknown is refused before the call is made.
 *
 * Mapping a file needs the descriptor's rights and goes through the gate.
 * What such a mapping may later become is not checked here either: the
 * module clears VM_MAYWRITE/VM_MAYEXEC on it, so Linux's mprotect refuses
 * to exceed the rights (EACCES).
 */

#include "vdso.h"

/* Linux's values, the same on x86-64 and arm64 (asm-generic/mman-common.h). */
#define LINUX_PROT_READ		0x1
#define LINUX_PROT_WRITE	0x2
#define LINUX_PROT_EXEC		0x4

#define LINUX_MAP_SHARED	0x01
#define LINUX_MAP_PRIVATE	0x02
#define LINUX_MAP_FIXED		0x10
#define LINUX_MAP_ANONYMOUS	0x20

#define LINUX_MADV_NORMAL	0
#define LINUX_MADV_RANDOM	1
#define LINUX_MADV_SEQUENTIAL	2
#define LINUX_MADV_WILLNEED	3

#define LINUX_MS_ASYNC		1
#define LINUX_MS_INVALIDATE	2
#define LINUX_MS_SYNC		4

/* mmap returns an address, or -errno in the top 4095 values. */
static int linux_mmap_failed(long ret)
{
	return (unsigned long)ret >= -4095UL;
}

/*
 * Linux's protection for @prot.  Writable and executable together is a
 * valid request that this implementation does not perform: the ABI
 * promises W^X (cloudabi.txt, mprot), hence ENOTSUP rather than EINVAL.
 */
static cloudabi_errno_t linux_prot(cloudabi_mprot_t prot, long *out)
{
	const cloudabi_mprot_t wx = CLOUDABI_PROT_WRITE | CLOUDABI_PROT_EXEC;

	/* As the reference implementations answer: not supported. */
	if (prot & ~CLOUDABI_ALL_MPROT)
		return CLOUDABI_ENOTSUP;
	if ((prot & wx) == wx)
		return CLOUDABI_ENOTSUP;
	*out = (prot & CLOUDABI_PROT_READ ? LINUX_PROT_READ : 0) |
	       (prot & CLOUDABI_PROT_WRITE ? LINUX_PROT_WRITE : 0) |
	       (prot & CLOUDABI_PROT_EXEC ? LINUX_PROT_EXEC : 0);
	return 0;
}

/*
 * Linux's mmap flags for @flags, less MAP_ANONYMOUS.  A mapping is private
 * or shared, never both and never neither: Linux would pick one silently.
 */
static cloudabi_errno_t linux_map_flags(cloudabi_mflags_t flags, long *out)
{
	const cloudabi_mflags_t sharing = CLOUDABI_MAP_PRIVATE |
					  CLOUDABI_MAP_SHARED;

	if (flags & ~CLOUDABI_ALL_MFLAGS)
		return CLOUDABI_EINVAL;
	if ((flags & sharing) != CLOUDABI_MAP_PRIVATE &&
	    (flags & sharing) != CLOUDABI_MAP_SHARED)
		return CLOUDABI_EINVAL;
	*out = (flags & CLOUDABI_MAP_PRIVATE ? LINUX_MAP_PRIVATE : 0) |
	       (flags & CLOUDABI_MAP_SHARED ? LINUX_MAP_SHARED : 0) |
	       (flags & CLOUDABI_MAP_FIXED ? LINUX_MAP_FIXED : 0);
	return 0;
}

/* A file mapping needs the descriptor's rights: the module makes it. */
static cloudabi_errno_t map_file(void *addr, size_t len,
				 cloudabi_mprot_t prot,
				 cloudabi_mflags_t flags, cloudabi_fd_t fd,
				 cloudabi_filesize_t off, void **mem)
{
	struct cloudabi_gate_mem_map args = {
		.addr = (uint64_t)(uintptr_t)addr,
		.len = len,
		.prot = prot,
		.flags = flags,
		.fd = fd,
		.off = off,
		.mem = (uint64_t)(uintptr_t)mem,
	};

	return cloudabi_vdso_gate(CLOUDABI_GATE_MEM_MAP, &args);
}

/*
 * A result pointer the program cannot write is EFAULT, as from the gate:
 * a vDSO cannot catch the fault of a store, but the kernel tells EFAULT
 * for a getrandom() into it, which writes exactly the bytes the result
 * then takes.  It runs once the mapping succeeded, so a failed call
 * leaves *mem alone; the mapping is then removed again (with MAP_FIXED,
 * what it replaced is gone: Linux's mmap has no way to undo that).
 */
static cloudabi_errno_t probe_result(void **mem)
{
	long ret = linux_syscall3(LINUX_NR_getrandom, (long)mem, sizeof(*mem),
				  0);

	return ret == sizeof(*mem) ? 0 : CLOUDABI_EFAULT;
}

/**
 * vdso_mem_map - map anonymous memory, or a file through the gate
 *
 * Without CLOUDABI_MAP_FIXED, @addr is only a hint.  With it, the mapping
 * replaces whatever was at @addr, as Linux's MAP_FIXED does; Linux checks
 * the alignment against the real page size, which the vDSO does not know.
 * *@mem is written only on success.
 *
 * Possible returned errors are:
 * - EINVAL: unknown bits in @flags, not exactly one of
 *   CLOUDABI_MAP_PRIVATE and CLOUDABI_MAP_SHARED, @len is zero, an
 *   anonymous mapping with @fd other than CLOUDABI_MAP_ANON_FD or a
 *   non-zero @off, or CLOUDABI_MAP_FIXED with @addr not page aligned;
 * - ENOTSUP: unknown bits in @prot, or @prot both writable and
 *   executable (W^X);
 * - ENOMEM: no room for @len bytes, or over the address-space limit;
 * - EPERM: CLOUDABI_MAP_FIXED below the lowest address Linux maps;
 * - EFAULT: @mem cannot be written (the mapping is undone);
 * - whatever the module answers for a file mapping.
 */
cloudabi_errno_t vdso_mem_map(void *addr, size_t len, cloudabi_mprot_t prot,
			      cloudabi_mflags_t flags, cloudabi_fd_t fd,
			      cloudabi_filesize_t off, void **mem)
{
	cloudabi_errno_t error;
	long lflags, lprot, ret;

	error = linux_map_flags(flags, &lflags);
	if (error)
		return error;
	error = linux_prot(prot, &lprot);
	if (error)
		return error;
	if (len == 0)
		return CLOUDABI_EINVAL;
	if (!(flags & CLOUDABI_MAP_ANON))
		return map_file(addr, len, prot, flags, fd, off, mem);
	if (fd != CLOUDABI_MAP_ANON_FD || off != 0)
		return CLOUDABI_EINVAL;

	ret = linux_syscall6(LINUX_NR_mmap, (long)addr, (long)len, lprot,
			     lflags | LINUX_MAP_ANONYMOUS, -1, 0);
	if (linux_mmap_failed(ret))
		return vdso_errno_from_linux(ret);
	if (probe_result(mem)) {
		linux_syscall3(LINUX_NR_munmap, ret, (long)len, 0);
		return CLOUDABI_EFAULT;
	}
	*mem = (void *)ret;
	return 0;
}

/**
 * vdso_mem_unmap - remove the mappings in a range
 *
 * Possible returned errors are:
 * - EINVAL: @mapping not page aligned, or @mapping_len zero or too large;
 * - ENOMEM: splitting a mapping would exceed the number of mappings Linux
 *   allows a process.
 */
cloudabi_errno_t vdso_mem_unmap(void *mapping, size_t mapping_len)
{
	long ret;

	ret = linux_syscall3(LINUX_NR_munmap, (long)mapping, (long)mapping_len,
			     0);
	return vdso_errno_from_linux(ret);
}

/**
 * vdso_mem_protect - change the protection of a range
 *
 * Possible returned errors are:
 * - EINVAL: @mapping not page aligned;
 * - ENOTSUP: unknown bits in @prot, or @prot both writable and
 *   executable (W^X);
 * - ENOMEM: part of the range is not mapped, or splitting a mapping would
 *   exceed the number of mappings Linux allows a process;
 * - EACCES: a file mapping whose descriptor's rights do not allow @prot.
 */
cloudabi_errno_t vdso_mem_protect(void *mapping, size_t mapping_len,
				  cloudabi_mprot_t prot)
{
	cloudabi_errno_t error;
	long lprot, ret;

	error = linux_prot(prot, &lprot);
	if (error)
		return error;
	ret = linux_syscall3(LINUX_NR_mprotect, (long)mapping,
			     (long)mapping_len, lprot);
	return vdso_errno_from_linux(ret);
}

/*
 * Linux's madvise advice for @advice; -1 for a value the ABI lacks.
 *
 * CloudABI's advice is only advice, as POSIX's is: it never changes what
 * the memory holds.  Linux's MADV_DONTNEED does: on a private mapping it
 * drops the pages and the next read finds zeros or the file's contents,
 * which is why glibc's posix_madvise() does not pass it on either.  Its
 * harmless counterpart, MADV_COLD, is not on the seccomp allow-list.
 * Linux 6.1 has no MADV_NOREUSE at all (6.3's FMODE_NOREUSE is for
 * fadvise only).  So dontneed and noreuse become MADV_NORMAL: new advice
 * replaces the range's earlier advice, Linux can act on neither, and the
 * call still checks that the range is mapped.
 */
static long linux_advice(cloudabi_advice_t advice)
{
	switch (advice) {
	case CLOUDABI_ADVICE_DONTNEED:
	case CLOUDABI_ADVICE_NOREUSE:
	case CLOUDABI_ADVICE_NORMAL:
		return LINUX_MADV_NORMAL;
	case CLOUDABI_ADVICE_RANDOM:
		return LINUX_MADV_RANDOM;
	case CLOUDABI_ADVICE_SEQUENTIAL:
		return LINUX_MADV_SEQUENTIAL;
	case CLOUDABI_ADVICE_WILLNEED:
		return LINUX_MADV_WILLNEED;
	default:
		return -1;
	}
}

/**
 * vdso_mem_advise - advise the kernel on how a range will be used
 *
 * Possible returned errors are:
 * - EINVAL: @advice is not one of CloudABI's, or @mapping not page aligned;
 * - ENOMEM: part of the range is not mapped;
 * - EAGAIN: the kernel ran short of resources for CLOUDABI_ADVICE_WILLNEED.
 */
cloudabi_errno_t vdso_mem_advise(void *mapping, size_t mapping_len,
				 cloudabi_advice_t advice)
{
	long ladvice = linux_advice(advice);
	long ret;

	if (ladvice < 0)
		return CLOUDABI_EINVAL;
	ret = linux_syscall3(LINUX_NR_madvise, (long)mapping, (long)mapping_len,
			     ladvice);
	return vdso_errno_from_linux(ret);
}

/**
 * vdso_mem_sync - write a range back to what it maps
 *
 * Exactly one of CLOUDABI_MS_ASYNC and CLOUDABI_MS_SYNC says how; Linux
 * would take neither as asynchronous.  Anonymous memory has nothing to
 * write back: the call only checks the range.
 *
 * Possible returned errors are:
 * - EINVAL: unknown bits in @flags, not exactly one of CLOUDABI_MS_ASYNC
 *   and CLOUDABI_MS_SYNC, or @mapping not page aligned;
 * - ENOMEM: part of the range is not mapped;
 * - EBUSY: CLOUDABI_MS_INVALIDATE on locked memory;
 * - EIO, ENOSPC, EDQUOT...: writing back a file mapping failed.
 */
cloudabi_errno_t vdso_mem_sync(void *mapping, size_t mapping_len,
			       cloudabi_msflags_t flags)
{
	long lflags, ret;

	if (flags & ~CLOUDABI_ALL_MSFLAGS)
		return CLOUDABI_EINVAL;
	if (!(flags & CLOUDABI_MS_ASYNC) == !(flags & CLOUDABI_MS_SYNC))
		return CLOUDABI_EINVAL;
	lflags = (flags & CLOUDABI_MS_ASYNC ? LINUX_MS_ASYNC : 0) |
		 (flags & CLOUDABI_MS_INVALIDATE ? LINUX_MS_INVALIDATE : 0) |
		 (flags & CLOUDABI_MS_SYNC ? LINUX_MS_SYNC : 0);
	ret = linux_syscall3(LINUX_NR_msync, (long)mapping, (long)mapping_len,
			     lflags);
	return vdso_errno_from_linux(ret);
}
