// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - the gate: copy-in, dispatch, copy-out
 *
 * The vDSO enters the module with one ioctl command per system call.  The
 * command encodes the call's number and the size of its argument block,
 * so a block of the wrong size never reaches a handler.  The block is
 * copied in once; handlers see only the kernel copy and fill a result
 * struct, which the gate stores at the user addresses the block names.
 * Nothing else happens here: rights, descriptors and paths are the
 * handlers' business.
 */

#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/ioctl.h>
#include <linux/kernel.h>
#include <linux/uaccess.h>

#include "errno_convert.h"
#include "gate.h"
#include "gate_table.h"

/* Big enough for every argument block and result struct in the table. */
#define GATE_ARGS_MAX 64
#define GATE_RES_MAX 16

/**
 * gate_entry() - the table entry a command selects
 * @cmd: the ioctl command
 *
 * Return: the entry, or NULL when @cmd is not one of ours: another ioctl
 * type or direction, a number beyond the tables, a call the gate does not
 * serve, or a block size other than the call's.  Numbers from
 * CLOUDABI_GATE_EXT_BASE on select the extension commands.
 */
static const struct cloudabi_syscall *gate_entry(unsigned int cmd)
{
	const struct cloudabi_syscall *sc;
	unsigned int nr = _IOC_NR(cmd);

	if (_IOC_TYPE(cmd) != CLOUDABI_GATE_IOC_MAGIC)
		return NULL;
	if (nr >= CLOUDABI_GATE_EXT_BASE &&
	    nr - CLOUDABI_GATE_EXT_BASE < CLOUDABI_GATE_EXT_COUNT)
		sc = &cloudabi_gate_ext_table[nr - CLOUDABI_GATE_EXT_BASE];
	else if (nr < CLOUDABI_GATE_NSYSCALLS)
		sc = &cloudabi_syscall_table[nr];
	else
		return NULL;
	if (!sc->call)
		return NULL;
	if (_IOC_DIR(cmd) != (sc->args_size ? _IOC_WRITE : _IOC_NONE) ||
	    _IOC_SIZE(cmd) != sc->args_size)
		return NULL;
	return sc;
}

/*
 * Before a call acts: every result address must be writable, so that a
 * call which installs a descriptor never does so and then fails to say
 * where (the program would never learn the number).  Each slot is read
 * and its bytes written back, which faults it in for writing exactly as
 * the final store will, with plain user-mode accesses: no mmap_lock and
 * no page-table walk of our own (fault_in_safe_writeable() took both on
 * every call, a measurable part of a gated call).  A failed call leaves
 * the slots as they were.  A store to the very slot between the read and
 * the write-back (by another thread, or another process sharing the
 * page) is undone; the slot is this call's to fill, and whoever stores
 * there could write it anyway.  Another thread that unmaps a slot while
 * the call runs still makes the final store fail (EFAULT after the call
 * acted): only the program itself loses by that.
 */
static int probe_results(const struct cloudabi_syscall *sc, const u8 *args)
{
	u8 old[GATE_RES_MAX];
	void __user *uaddr;
	unsigned int i;
	u64 addr;

	for (i = 0; i < sc->nresults; i++) {
		memcpy(&addr, args + sc->results[i].user_ptr_offset,
		       sizeof(addr));
		uaddr = u64_to_user_ptr(addr);
		if (copy_from_user(old, uaddr, sc->results[i].size) ||
		    copy_to_user(uaddr, old, sc->results[i].size))
			return -EFAULT;
	}
	return 0;
}

static int store_results(const struct cloudabi_syscall *sc, const u8 *args,
			 const u8 *res)
{
	const struct cloudabi_syscall_result *r;
	unsigned int i;
	u64 uaddr;

	for (i = 0; i < sc->nresults; i++) {
		r = &sc->results[i];
		memcpy(&uaddr, args + r->user_ptr_offset, sizeof(uaddr));
		if (copy_to_user(u64_to_user_ptr(uaddr), res + r->value_offset,
				 r->size))
			return -EFAULT;
	}
	return 0;
}

/* Non-zero padding would make the block ambiguous once fields grow. */
static bool padding_is_zero(const struct cloudabi_syscall *sc, const u8 *args)
{
	unsigned long pad = sc->padding;
	unsigned int i;

	for_each_set_bit(i, &pad, GATE_ARGS_MAX)
		if (args[i])
			return false;
	return true;
}

/**
 * cloudabi_gate_call() - run the system call a gate command names
 * @cmd: the ioctl command, CLOUDABI_GATE_<NAME>
 * @uargs: the user's argument block
 *
 * Return: 0 or a negative Linux error, the handler's or one of:
 *
 * - %-ENOTTY: @cmd is not a gate command (see gate_entry());
 * - %-EFAULT: the block cannot be read, or a result address cannot be
 *   written (found before the call acts);
 * - %-EINVAL: a padding byte of the block is not zero.
 */
long cloudabi_gate_call(unsigned int cmd, void __user *uargs)
{
	const struct cloudabi_syscall *sc = gate_entry(cmd);
	u64 args[GATE_ARGS_MAX / sizeof(u64)];
	u64 res[GATE_RES_MAX / sizeof(u64)] = {};
	long ret;

	if (!sc)
		return -ENOTTY;
	if (copy_from_user(args, uargs, sc->args_size))
		return -EFAULT;
	if (!padding_is_zero(sc, (const u8 *)args))
		return -EINVAL;
	ret = probe_results(sc, (const u8 *)args);
	if (ret)
		return ret;
	ret = sc->call(args, res);
	if (ret)
		return ret;
	return store_results(sc, (const u8 *)args, (const u8 *)res);
}

/**
 * cloudabi_gate_result() - the ioctl's return value for a call's result
 * @err: 0 or a negative Linux error
 *
 * The vDSO receives the CloudABI errno as a non-negative value.  Restart
 * codes pass through untranslated, so that the kernel restarts the call
 * after a signal instead of showing them to the program.
 *
 * Return: a CloudABI errno, or @err when it asks for a restart.
 */
long cloudabi_gate_result(long err)
{
	switch (err) {
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK:
		return err;
	default:
		return cloudabi_convert_errno(err);
	}
}

static int check_entry(const struct cloudabi_syscall *sc)
{
	const struct cloudabi_syscall_result *r;
	unsigned int i;

	if (WARN_ON_ONCE(sc->args_size > GATE_ARGS_MAX ||
			 sc->res_size > GATE_RES_MAX ||
			 sc->nresults > ARRAY_SIZE(sc->results)))
		return -EINVAL;
	for (i = 0; i < sc->nresults; i++) {
		r = &sc->results[i];
		if (WARN_ON_ONCE(r->user_ptr_offset + sizeof(u64) >
				 sc->args_size ||
				 r->value_offset + r->size > sc->res_size))
			return -EINVAL;
	}
	return 0;
}

/**
 * cloudabi_gate_init() - check the generated table against the gate
 *
 * Return: 0, or -EINVAL when an entry would not fit the gate's buffers or
 * names results outside its own structs (a generator bug).
 */
int cloudabi_gate_init(void)
{
	const struct cloudabi_syscall *sc;
	unsigned int nr;
	int err;

	for (nr = 0; nr < CLOUDABI_GATE_NSYSCALLS + CLOUDABI_GATE_EXT_COUNT;
	     nr++) {
		sc = nr < CLOUDABI_GATE_NSYSCALLS ? &cloudabi_syscall_table[nr] :
		     &cloudabi_gate_ext_table[nr - CLOUDABI_GATE_NSYSCALLS];
		if (!sc->call)
			continue;
		err = check_entry(sc);
		if (err)
			return err;
	}
	return 0;
}

#ifdef CLOUDABI_KUNIT
/* The suite is built into the module that it tests (make kunit). */
#include "../kunit/gate_test.c"
#endif
