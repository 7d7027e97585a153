// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - module initialisation and exit
 */

#include <linux/module.h>
#include <linux/init.h>

#include "binfmt.h"
#include "common.h"
#include "dev.h"
#include "exec.h"
#include "gate.h"
#include "gate_file.h"
#include "inflight.h"
#include "process.h"
#include "shm.h"
#include "vdso_clock.h"
#include "vdso_map.h"

#ifdef CLOUDABI_KUNIT
#include "../kunit/cloudabi_kunit.h"
#else
static inline int cloudabi_kunit_run(void) { return 0; }
static inline void cloudabi_kunit_stop(void) { }
#endif

static int __init cloudabi_init(void)
{
	int err;

	err = cloudabi_gate_init();
	if (err)
		return err;
	err = cloudabi_vdso_init();
	if (err)
		return err;
	err = cloudabi_vdso_clock_init();
	if (err)
		goto out_vdso;
	err = cloudabi_gate_file_init();
	if (err)
		goto out_clock;
	err = cloudabi_shm_init();
	if (err)
		goto out_gate_file;
	err = cloudabi_dev_init();
	if (err)
		goto out_shm;
	cloudabi_binfmt_init();

	pr_info("CloudABI " CLOUDABI_VERSION " loaded\n");
	/* Only in cloudabi_kunit.ko: the suites, against the live module. */
	if (cloudabi_kunit_run())
		pr_err("KUnit suites could not start\n");
	return 0;

out_shm:
	cloudabi_shm_exit();
out_gate_file:
	cloudabi_gate_file_exit();
out_clock:
	cloudabi_vdso_clock_exit();
out_vdso:
	cloudabi_vdso_exit();
	return err;
}

static void __exit cloudabi_exit(void)
{
	cloudabi_kunit_stop();
	cloudabi_binfmt_exit();
	cloudabi_dev_exit();
	cloudabi_inflight_exit();
	cloudabi_process_exit();
	cloudabi_exec_exit();
	cloudabi_shm_exit();
	cloudabi_gate_file_exit();
	cloudabi_vdso_clock_exit();
	cloudabi_vdso_exit();
	pr_info("CloudABI unloaded\n");
}

module_init(cloudabi_init);
module_exit(cloudabi_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("CloudABI: capability-based programs on stock Linux");
MODULE_AUTHOR("cloudabi-linux developers");
MODULE_VERSION(CLOUDABI_VERSION);
