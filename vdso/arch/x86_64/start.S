/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - x86-64 entry of a new CloudABI process
 *
 * The module starts the process here (the vDSO's e_entry) with the stack
 * pointer at the auxv, 16-byte aligned.  Pass the auxv to vdso_start() and
 * call it as the ABI expects a function to be entered.
 */
	.text
	.globl cloudabi_vdso_entry
	.hidden cloudabi_vdso_entry
	.type cloudabi_vdso_entry, @function
cloudabi_vdso_entry:
	xorl	%ebp, %ebp
	movq	%rsp, %rdi
	andq	$-16, %rsp
	call	vdso_start
	ud2
	.size cloudabi_vdso_entry, . - cloudabi_vdso_entry
	.section .note.GNU-stack, "", @progbits
