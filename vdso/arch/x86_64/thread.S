/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - x86-64 clone trampoline for thread_create
 *
 * long vdso_clone_thread(flags, stack, ptid, ctid, tls): clone(2) with the
 * stack pointer at a struct thread_start (vdso/thread.c).  The parent
 * returns the new thread's ID or an error; the child calls
 * entry(tid, argument) on its own stack and never returns.
 */
	.text
	.globl vdso_clone_thread
	.hidden vdso_clone_thread
	.type vdso_clone_thread, @function
vdso_clone_thread:
	movq	%rcx, %r10		/* clone(flags, sp, ptid, ctid, tls) */
	movl	$56, %eax
	syscall
	testq	%rax, %rax
	jnz	1f
	xorl	%ebp, %ebp
	movq	0(%rsp), %rax		/* entry */
	movq	8(%rsp), %rsi		/* argument */
	movq	16(%rsp), %rdi
	movl	(%rdi), %edi		/* tid, stored by CLONE_CHILD_SETTID */
	call	*%rax
	ud2
1:	ret
	.size vdso_clone_thread, . - vdso_clone_thread
	.section .note.GNU-stack, "", @progbits
