/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the KUnit suites built into cloudabi_kunit.ko
 */
#ifndef _CLOUDABI_KUNIT_H
#define _CLOUDABI_KUNIT_H

#include <kunit/test.h>

extern struct kunit_suite cloudabi_errno_suite;
extern struct kunit_suite cloudabi_gate_suite;
extern struct kunit_suite cloudabi_path_suite;
extern struct kunit_suite cloudabi_rights_suite;
extern struct kunit_suite cloudabi_vdso_suite;

/* Run every suite, once the module is up; undo it before it goes. */
int cloudabi_kunit_run(void);
void cloudabi_kunit_stop(void);

#endif /* _CLOUDABI_KUNIT_H */
