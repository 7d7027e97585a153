/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - what starting a task needs on each architecture
 *
 * binfmt.c is written once for both architectures; the two places where
 * they differ (telling a 32-bit caller, and setting the registers of the
 * new image) are here.
 */
#ifndef _CLOUDABI_EXEC_ARCH_H
#define _CLOUDABI_EXEC_ARCH_H

#include <linux/compat.h>
#include <linux/elf.h>
#include <linux/thread_info.h>
#include <asm/processor.h>
#include <asm/ptrace.h>

/* The exec comes from a 32-bit task (ia32, x32 or AArch32 state). */
static inline bool cloudabi_compat_task(void)
{
#ifdef CONFIG_X86_64
	if (test_thread_flag(TIF_ADDR32))
		return true;
#endif
#ifdef CONFIG_ARM64
	if (test_thread_flag(TIF_32BIT))
		return true;
#endif
	return in_compat_syscall();
}

#ifdef CONFIG_X86_64
/* Clear the registers as binfmt_elf does, then start at @pc. */
static inline void cloudabi_start_thread(struct pt_regs *regs,
					 unsigned long pc, unsigned long sp)
{
	ELF_PLAT_INIT(regs, 0);
	start_thread(regs, pc, sp);
}
#endif

#ifdef CONFIG_ARM64
/*
 * arm64's start_thread() is an inline that calls the unexported
 * spectre_v4_enable_task_mitigation(); start the task by hand, leaving
 * PSTATE.SSBS clear, the mitigated state.
 */
static inline void cloudabi_start_thread(struct pt_regs *regs,
					 unsigned long pc, unsigned long sp)
{
	s32 syscallno = regs->syscallno;

	memset(regs, 0, sizeof(*regs));
	regs->syscallno = syscallno;
	regs->pc = pc;
	regs->sp = sp;
	regs->pstate = PSR_MODE_EL0t;
	if (system_uses_irq_prio_masking())
		regs->pmr_save = GIC_PRIO_IRQON;
}
#endif

#endif /* _CLOUDABI_EXEC_ARCH_H */
