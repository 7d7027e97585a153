// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - runs the KUnit suites inside the module they test
 *
 * make kunit builds cloudabi_kunit.ko: the module itself with each suite
 * included at the end of the file it tests (so it sees that file's
 * static functions), and this file.  A capability the tests make is then
 * a capability of the very module under test.  Debian's kernel has no
 * CONFIG_KUNIT, so struct module has no suite list for kunit.ko to find;
 * the module starts its suites once it is initialised and prints the
 * KTAP header that the built-in executor would have printed.
 */

/* No module-name prefix: the KTAP lines printed here must start the line. */
#undef pr_fmt
#define pr_fmt(fmt) fmt

#include <linux/kernel.h>

#include "cloudabi_kunit.h"

static struct kunit_suite *suites[] = {
	&cloudabi_errno_suite,
	&cloudabi_gate_suite,
	&cloudabi_path_suite,
	&cloudabi_rights_suite,
	&cloudabi_vdso_suite,
};

int cloudabi_kunit_run(void)
{
	pr_info("KTAP version 1\n");
	pr_info("1..%zu\n", ARRAY_SIZE(suites));
	return __kunit_test_suites_init(suites, ARRAY_SIZE(suites));
}

void cloudabi_kunit_stop(void)
{
	__kunit_test_suites_exit(suites, ARRAY_SIZE(suites));
}
