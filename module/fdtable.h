/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the descriptor table of a new CloudABI process
 */
#ifndef _CLOUDABI_FDTABLE_H
#define _CLOUDABI_FDTABLE_H

struct file;

int cloudabi_fdtable_check_exec(unsigned int extra);
int cloudabi_fdtable_wrap_inherited(void);
int cloudabi_fdtable_replace_all(struct file **files, unsigned int n);

#endif /* _CLOUDABI_FDTABLE_H */
