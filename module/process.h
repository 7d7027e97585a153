/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - children and their process descriptors
 */
#ifndef _CLOUDABI_PROCESS_H
#define _CLOUDABI_PROCESS_H

#include <linux/types.h>

struct file;
struct mm_struct;

bool cloudabi_process_adopted(struct mm_struct *mm);
bool cloudabi_process_status(struct file *inner, u8 *signal, u32 *exitcode);
void cloudabi_process_exit(void);

#endif /* _CLOUDABI_PROCESS_H */
