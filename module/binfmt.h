/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the binary format handler
 */
#ifndef _CLOUDABI_BINFMT_H
#define _CLOUDABI_BINFMT_H

#include <linux/types.h>

struct file;
struct mm_struct;

void cloudabi_binfmt_init(void);
int cloudabi_binfmt_check_image(struct file *image);
bool cloudabi_mm_is_cloudabi(struct mm_struct *mm);
void cloudabi_binfmt_exit(void);

#endif /* _CLOUDABI_BINFMT_H */
