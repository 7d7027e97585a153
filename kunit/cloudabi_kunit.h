/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the KUnit suites of cloudabi_kunit.ko
 */
#ifndef _CLOUDABI_KUNIT_H
#define _CLOUDABI_KUNIT_H

#include <kunit/test.h>

extern struct kunit_suite cloudabi_errno_suite;
extern struct kunit_suite cloudabi_gate_suite;
extern struct kunit_suite cloudabi_path_suite;
extern struct kunit_suite cloudabi_rights_suite;
extern struct kunit_suite cloudabi_vdso_suite;

#endif /* _CLOUDABI_KUNIT_H */
