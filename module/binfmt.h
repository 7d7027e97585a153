/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the binary format handler
 */
#ifndef _CLOUDABI_BINFMT_H
#define _CLOUDABI_BINFMT_H

void cloudabi_binfmt_init(void);
void cloudabi_binfmt_exit(void);

#endif /* _CLOUDABI_BINFMT_H */
