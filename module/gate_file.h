/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the per-process gate file
 */
#ifndef _CLOUDABI_GATE_FILE_H
#define _CLOUDABI_GATE_FILE_H

int cloudabi_gate_install(void);

#endif /* _CLOUDABI_GATE_FILE_H */
