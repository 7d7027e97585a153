/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - arm64 fork for proc_fork
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
	.type vdso_fork, %function
vdso_fork:
	stp	x19, x20, [sp, #-32]!
	mov	w19, w0			/* the gate */
	mov	x20, x1			/* fd */
	mov	x0, #17			/* clone(SIGCHLD, 0, 0, 0, 0) */
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	mov	x4, xzr
	mov	x8, #220
	svc	#0
	.globl vdso_fork_site
	.hidden vdso_fork_site
vdso_fork_site:
	tbnz	x0, #63, 3f
	cbz	x0, 2f
	str	w0, [sp, #16]		/* struct cloudabi_gate_proc_adopt */
	str	wzr, [sp, #20]
	str	x20, [sp, #24]
	mov	w0, w19			/* ioctl(gate, PROC_ADOPT, block) */
	movz	w1, #0xca81
	movk	w1, #0x4010, lsl #16
	add	x2, sp, #16
	mov	x8, #29
	svc	#0
	b	3f
2:	mov	w0, w19			/* ioctl(gate, PROC_FORKED, 0) */
	mov	w1, #0xca82
	mov	x2, xzr
	mov	x8, #29
	svc	#0
	cbnz	x0, 4f
	mov	w1, #-1			/* CLOUDABI_PROCESS_CHILD */
	str	w1, [x20]
	mov	x0, xzr
3:	ldp	x19, x20, [sp], #32
	ret
4:	mov	x0, #127		/* never adopted: exit_group(127) */
	mov	x8, #94
	svc	#0
	brk	#0
	.size vdso_fork, . - vdso_fork
	.section .note.GNU-stack, "", %progbits
