/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - where shared memory objects live
 */
#ifndef _CLOUDABI_SHM_H
#define _CLOUDABI_SHM_H

struct file;

struct file *cloudabi_shm_file(void);
int cloudabi_shm_init(void);
void cloudabi_shm_exit(void);

#endif /* _CLOUDABI_SHM_H */
