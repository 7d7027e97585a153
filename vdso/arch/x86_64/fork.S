/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - x86-64 fork for proc_fork
 *
 * long vdso_fork(gate_fd, fd): clone(SIGCHLD), which the seccomp filter
 * allows only with its return address at vdso_fork_site.  What follows
 * the clone touches nothing the program chose before the child is
 * accounted for: the parent adopts it through the gate (the descriptor
 * into *fd) and returns the gate's answer; the child waits in the gate
 * until it is adopted, ending itself if that fails, then stores
 * CLOUDABI_PROCESS_CHILD into *fd and returns 0.  A negative result is
 * clone's own error.  The gate commands are CLOUDABI_GATE_PROC_ADOPT and
 * _PROC_FORKED (checked in vdso/proc.c).
 */
	.text
	.globl vdso_fork
	.hidden vdso_fork
	.type vdso_fork, @function
vdso_fork:
	pushq	%rbx
	pushq	%r12
	subq	$24, %rsp
	movl	%edi, %ebx		/* the gate */
	movq	%rsi, %r12		/* fd */
	movl	$56, %eax		/* clone(SIGCHLD, 0, 0, 0, 0) */
	movl	$17, %edi
	xorl	%esi, %esi
	xorl	%edx, %edx
	xorl	%r10d, %r10d
	xorl	%r8d, %r8d
	syscall
	.globl vdso_fork_site
	.hidden vdso_fork_site
vdso_fork_site:
	testq	%rax, %rax
	js	3f
	jz	2f
	movl	%eax, 0(%rsp)		/* struct cloudabi_gate_proc_adopt */
	movl	$0, 4(%rsp)
	movq	%r12, 8(%rsp)
	movl	$16, %eax		/* ioctl(gate, PROC_ADOPT, block) */
	movl	%ebx, %edi
	movl	$0x4010ca81, %esi
	movq	%rsp, %rdx
	syscall
	jmp	3f
2:	movl	$16, %eax		/* ioctl(gate, PROC_FORKED, 0) */
	movl	%ebx, %edi
	movl	$0x0000ca82, %esi
	xorl	%edx, %edx
	syscall
	testq	%rax, %rax
	jnz	4f
	movl	$0xffffffff, (%r12)	/* CLOUDABI_PROCESS_CHILD */
	xorl	%eax, %eax
3:	addq	$24, %rsp
	popq	%r12
	popq	%rbx
	ret
4:	movl	$231, %eax		/* never adopted: exit_group(127) */
	movl	$127, %edi
	syscall
	ud2
	.size vdso_fork, . - vdso_fork
	.section .note.GNU-stack, "", @progbits
