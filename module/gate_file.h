/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the per-process gate file
 */
#ifndef _CLOUDABI_GATE_FILE_H
#define _CLOUDABI_GATE_FILE_H

#include <linux/types.h>

struct file;

int cloudabi_gate_install(void);
bool cloudabi_gate_file_is_gate(struct file *file);
int cloudabi_gate_file_init(void);
void cloudabi_gate_file_exit(void);

#endif /* _CLOUDABI_GATE_FILE_H */
