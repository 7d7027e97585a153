/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - arm64 entry of a new CloudABI process
 *
 * The module starts the process here (the vDSO's e_entry) with the stack
 * pointer at the auxv, 16-byte aligned.  x0 cannot carry it: the exec
 * system call's return value lands there after the loader has run.
 */
	.text
	.globl cloudabi_vdso_entry
	.hidden cloudabi_vdso_entry
	.type cloudabi_vdso_entry, %function
cloudabi_vdso_entry:
	mov	x0, sp
	mov	x29, #0
	mov	x30, #0
	bl	vdso_start
	brk	#0
	.size cloudabi_vdso_entry, . - cloudabi_vdso_entry
	.section .note.GNU-stack, "", %progbits
