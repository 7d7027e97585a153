/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the vDSO image, embedded in the module
 *
 * The image is linked by the top-level Makefile for the target
 * architecture; module/vdso.c validates it at load time.
 */

	.section .rodata.cloudabi_vdso, "a"
	.balign 4096
	.globl cloudabi_vdso_image_start
cloudabi_vdso_image_start:
	.incbin CLOUDABI_VDSO_IMAGE
	.globl cloudabi_vdso_image_end
cloudabi_vdso_image_end:
	.balign 4096
