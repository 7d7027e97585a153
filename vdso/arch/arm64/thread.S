/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - arm64 clone trampoline for thread_create
 *
 * long vdso_clone_thread(flags, stack, ptid, ctid, tls): clone(2) with the
 * stack pointer at a struct thread_start (vdso/thread.c).  The parent
 * returns the new thread's ID or an error; the child calls
 * entry(tid, argument) on its own stack and never returns.
 */
	.text
	.globl vdso_clone_thread
	.hidden vdso_clone_thread
	.type vdso_clone_thread, %function
vdso_clone_thread:
	mov	x5, x3			/* arm64: clone(flags, sp, ptid, tls, ctid) */
	mov	x3, x4
	mov	x4, x5
	mov	x8, #220
	svc	#0
	cbnz	x0, 1f
	mov	x29, xzr
	mov	x30, xzr
	ldr	x9, [sp, #0]		/* entry */
	ldr	x1, [sp, #8]		/* argument */
	ldr	x2, [sp, #16]
	ldr	w0, [x2]		/* tid, stored by CLONE_CHILD_SETTID */
	blr	x9
	brk	#0
1:	ret
	.size vdso_clone_thread, . - vdso_clone_thread
	.section .note.GNU-stack, "", %progbits
