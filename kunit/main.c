// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - runs the KUnit suites when the test module loads
 *
 * Debian's kernel has no CONFIG_KUNIT, so struct module has no suite list
 * for kunit.ko to find; the module starts its suites itself and prints the
 * KTAP header that the built-in executor would have printed.
 */

#include <linux/module.h>

#include "cloudabi_kunit.h"

static struct kunit_suite *suites[] = {
	&cloudabi_errno_suite,
	&cloudabi_gate_suite,
	&cloudabi_path_suite,
	&cloudabi_rights_suite,
	&cloudabi_vdso_suite,
};

static int __init cloudabi_kunit_init(void)
{
	pr_info("KTAP version 1\n");
	pr_info("1..%zu\n", ARRAY_SIZE(suites));
	return __kunit_test_suites_init(suites, ARRAY_SIZE(suites));
}

static void __exit cloudabi_kunit_exit(void)
{
	__kunit_test_suites_exit(suites, ARRAY_SIZE(suites));
}

module_init(cloudabi_kunit_init);
module_exit(cloudabi_kunit_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suites for the CloudABI module");
