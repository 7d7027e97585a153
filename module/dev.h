/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - /dev/cloudabi, the interface for native programs
 */
#ifndef _CLOUDABI_DEV_H
#define _CLOUDABI_DEV_H

int cloudabi_dev_init(void);
void cloudabi_dev_exit(void);

#endif /* _CLOUDABI_DEV_H */
