// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - the start-up stack of a CloudABI process
 *
 * From the top: the argument data (the argv area the exec core copied,
 * which is how a native parent passes argdata), 64 random canary bytes,
 * the 16-byte random process UUID, the TCB and the auxv with all twelve
 * CloudABI entries.  The stack pointer starts at the auxv, 16-byte
 * aligned.
 */

#include <linux/binfmts.h>
#include <linux/cpumask.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>

#include <cloudabi_types.h>

#include "exec_stack.h"

#define CANARY_LEN 64
#define UUID_LEN 16
#define AUXV_ENTRIES 13

/* Walk @count strings from @p, which the exec core copied there. */
static int skip_strings(unsigned long p, int count, unsigned long *end)
{
	long len;
	int i;

	for (i = 0; i < count; i++) {
		len = strnlen_user((const char __user *)p, MAX_ARG_STRLEN);
		if (!len || len > MAX_ARG_STRLEN)
			return -EINVAL;
		p += len;
	}
	*end = p;
	return 0;
}

/*
 * The argv area is the argument data; the environment strings after it
 * are the parent's and may hold secrets the program was never given, and
 * above them lies the path it was executed by (bprm->exec), a name in a
 * namespace it has no business knowing: wipe them all.
 */
static int measure_argv(struct linux_binprm *bprm, unsigned long *end)
{
	unsigned long env_end, exec_end;
	int err;

	err = skip_strings(bprm->p, bprm->argc, end);
	err = err ?: skip_strings(*end, bprm->envc, &env_end);
	err = err ?: skip_strings(bprm->exec, 1, &exec_end);
	if (err)
		return err;
	if (bprm->exec < env_end)
		return -EINVAL;
	return clear_user((void __user *)*end, exec_end - *end) ? -EFAULT : 0;
}

static int push(unsigned long *sp, const void *data, size_t len)
{
	*sp -= len;
	return copy_to_user((void __user *)*sp, data, len) ? -EFAULT : 0;
}

static int push_random(unsigned long *sp, size_t len, bool uuid)
{
	u8 bytes[CANARY_LEN];

	get_random_bytes(bytes, len);
	if (uuid) {
		/* RFC 4122 version 4, variant 1. */
		bytes[6] = (bytes[6] & 0x0f) | 0x40;
		bytes[8] = (bytes[8] & 0x3f) | 0x80;
	}
	return push(sp, bytes, len);
}

/*
 * x86-64: %fs points at a word that points at the TCB (the runtime swaps
 * in its own TCB through that word).  arm64: tpidr_el0 points at the
 * 16-byte TCB itself.
 */
static int push_tcb(unsigned long *sp, unsigned long *tls)
{
	u64 tcb[2] = { 0, 0 };

	if (push(sp, tcb, sizeof(tcb)))
		return -EFAULT;
#ifdef CONFIG_X86_64
	tcb[0] = *sp + sizeof(u64);
	if (copy_to_user((void __user *)*sp, tcb, sizeof(u64)))
		return -EFAULT;
#endif
	*tls = *sp;
	return 0;
}

/*
 * Where the argument data lies: proc_exec's is pushed below the strings
 * the exec core copied; a native parent's is its argv area, whose final
 * NUL (added by the exec core) is not part of the data.
 */
static int argdata_area(struct linux_binprm *bprm,
			const struct cloudabi_start *start,
			unsigned long *argstart, unsigned long *argend)
{
	unsigned long sp = bprm->p;
	int err;

	err = measure_argv(bprm, argend);
	if (!err && start->argdata) {
		err = push(&sp, start->argdata, start->argdata_len);
		*argstart = sp;
		*argend = sp + start->argdata_len;
		return err;
	}
	*argstart = bprm->p;
	if (!err && *argend > bprm->p)
		(*argend)--;
	return err;
}

/**
 * cloudabi_stack_build() - lay out the start-up stack below bprm->p
 * @bprm: the exec in progress, after setup_arg_pages()
 * @start: the loader's addresses in; sp, auxv and tls out
 *
 * Return: 0, -EINVAL for an argument area that changed under us, or
 * -EFAULT when the stack cannot be written.
 */
int cloudabi_stack_build(struct linux_binprm *bprm,
			 struct cloudabi_start *start)
{
	struct mm_struct *mm = current->mm;
	cloudabi_auxv_t auxv[AUXV_ENTRIES];
	unsigned long sp, argstart, argend, canary, uuid;
	unsigned int i = 0;
	int err;

	/* The entries have padding: clear it all, never leak stack bytes. */
	memset(auxv, 0, sizeof(auxv));
	err = argdata_area(bprm, start, &argstart, &argend);
	if (err)
		return err;
	/*
	 * /proc/PID/cmdline shows any user the argument area: proc_exec's
	 * data is the program's own business, so it shows nothing.
	 */
	mm->arg_start = start->argdata ? argend : argstart;
	mm->arg_end = argend;
	mm->env_start = mm->env_end = argend;

	sp = argstart & ~15UL;
	err = push_random(&sp, CANARY_LEN, false);
	canary = sp;
	err = err ?: push_random(&sp, UUID_LEN, true);
	uuid = sp;
	err = err ?: push_tcb(&sp, &start->tls);
	if (err)
		return err;

#define AUX(type, value) do {						\
		auxv[i].a_type = CLOUDABI_AT_##type;			\
		auxv[i].a_val = (value);				\
		i++;							\
	} while (0)
	AUX(ARGDATA, argstart);
	AUX(ARGDATALEN, argend - argstart);
	AUX(BASE, start->base);
	AUX(CANARY, canary);
	AUX(CANARYLEN, CANARY_LEN);
	AUX(NCPUS, num_online_cpus());
	AUX(PAGESZ, PAGE_SIZE);
	AUX(PHDR, start->phdr);
	AUX(PHNUM, start->phnum);
	AUX(PID, uuid);
	AUX(SYSINFO_EHDR, start->vdso);
	AUX(TID, task_pid_vnr(current));
	AUX(NULL, 0);
#undef AUX
	BUILD_BUG_ON(sizeof(auxv) != AUXV_ENTRIES * 16);

	sp = (sp - sizeof(auxv)) & ~15UL;
	if (copy_to_user((void __user *)sp, auxv, sizeof(auxv)))
		return -EFAULT;
	start->auxv = sp;
	start->sp = sp;
	mm->start_stack = sp;
	return 0;
}
