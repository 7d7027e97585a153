/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the descriptor table of a new CloudABI process
 */
#ifndef _CLOUDABI_FDTABLE_H
#define _CLOUDABI_FDTABLE_H

int cloudabi_fdtable_check_exec(unsigned int extra);
int cloudabi_fdtable_wrap_inherited(void);

#endif /* _CLOUDABI_FDTABLE_H */
