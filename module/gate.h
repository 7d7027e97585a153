/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the gate: how the vDSO enters the module
 */
#ifndef _CLOUDABI_GATE_H
#define _CLOUDABI_GATE_H

#include <linux/compiler_types.h>

long cloudabi_gate_call(unsigned int cmd, void __user *uargs);
long cloudabi_gate_result(long err);
int cloudabi_gate_init(void);

#endif /* _CLOUDABI_GATE_H */
