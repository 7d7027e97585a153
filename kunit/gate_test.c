// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - KUnit suite for the gate's dispatch
 *
 * The command decoding is what keeps a malformed block away from the
 * handlers, so every way of getting a command wrong is tried against the
 * real generated table.
 */

#include "cloudabi_kunit.h"

static unsigned int command(unsigned int dir, unsigned int nr,
			    unsigned int size)
{
	return _IOC(dir, CLOUDABI_GATE_IOC_MAGIC, nr, size);
}

static unsigned int own_command(const struct cloudabi_syscall *sc,
				unsigned int nr)
{
	return command(sc->args_size ? _IOC_WRITE : _IOC_NONE, nr,
		       sc->args_size);
}

static void test_table_fits_gate(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cloudabi_gate_init(), 0);
}

static void test_every_call_selected_by_its_command(struct kunit *test)
{
	const struct cloudabi_syscall *sc;
	unsigned int nr, served = 0;

	for (nr = 0; nr < CLOUDABI_GATE_NSYSCALLS; nr++) {
		sc = &cloudabi_syscall_table[nr];
		if (!sc->call)
			continue;
		served++;
		KUNIT_EXPECT_PTR_EQ(test, gate_entry(own_command(sc, nr)), sc);
	}
	/* 49 calls, 15 of them done by the vDSO alone. */
	KUNIT_EXPECT_EQ(test, served, 34U);
}

/* The generator marks exactly the padding bytes the gate must find zero. */
static void test_padding_masks(struct kunit *test)
{
	const struct cloudabi_syscall *t = cloudabi_syscall_table;

	/* fd (4 bytes), 4 of padding, the result address. */
	KUNIT_EXPECT_EQ(test, t[CLOUDABI_NR_FD_DUP].padding, 0xf0ULL);
	/* fd, padding, offset, whence (1 byte), 7 of padding, result. */
	KUNIT_EXPECT_EQ(test, t[CLOUDABI_NR_FD_SEEK].padding, 0xfe00f0ULL);
	/* Two 32-bit descriptors fill the block. */
	KUNIT_EXPECT_EQ(test, t[CLOUDABI_NR_FD_REPLACE].padding, 0ULL);
}

static void test_published_commands(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, gate_entry(CLOUDABI_GATE_FD_WRITE)->name,
			   "fd_write");
	KUNIT_EXPECT_STREQ(test, gate_entry(CLOUDABI_GATE_FILE_OPEN)->name,
			   "file_open");
	KUNIT_EXPECT_STREQ(test, gate_entry(CLOUDABI_GATE_PROC_EXEC)->name,
			   "proc_exec");
}

static void test_extension_commands(struct kunit *test)
{
	unsigned int size = _IOC_SIZE(CLOUDABI_GATE_FD_RESTRICT);

	KUNIT_EXPECT_STREQ(test, gate_entry(CLOUDABI_GATE_FD_RESTRICT)->name,
			   "fd_restrict");
	KUNIT_EXPECT_NULL(test, gate_entry(command(_IOC_WRITE,
						   CLOUDABI_GATE_EXT_BASE,
						   size + 8)));
	KUNIT_EXPECT_NULL(test, gate_entry(command(_IOC_WRITE,
						   CLOUDABI_GATE_EXT_BASE +
						   CLOUDABI_GATE_EXT_COUNT,
						   size)));
	/* Between the two tables lies nothing. */
	KUNIT_EXPECT_NULL(test, gate_entry(command(_IOC_WRITE,
						   CLOUDABI_GATE_EXT_BASE - 1,
						   size)));
}

static void test_vdso_only_calls_refused(struct kunit *test)
{
	static const unsigned int local[] = {
		CLOUDABI_NR_CLOCK_TIME_GET, CLOUDABI_NR_PROC_EXIT,
		CLOUDABI_NR_THREAD_EXIT, CLOUDABI_NR_RANDOM_GET,
		CLOUDABI_NR_LOCK_UNLOCK, CLOUDABI_NR_THREAD_CREATE,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(local); i++) {
		KUNIT_EXPECT_NULL(test, gate_entry(command(_IOC_WRITE, local[i],
							   8)));
		KUNIT_EXPECT_NULL(test, gate_entry(command(_IOC_NONE, local[i],
							   0)));
	}
}

static void test_malformed_commands_refused(struct kunit *test)
{
	unsigned int good = CLOUDABI_GATE_FD_WRITE;
	unsigned int nr = _IOC_NR(good), size = _IOC_SIZE(good);

	KUNIT_ASSERT_NOT_NULL(test, gate_entry(good));
	/* Wrong size, either way, and the size of another call's block. */
	KUNIT_EXPECT_NULL(test, gate_entry(command(_IOC_WRITE, nr, size + 8)));
	KUNIT_EXPECT_NULL(test, gate_entry(command(_IOC_WRITE, nr, size - 8)));
	KUNIT_EXPECT_NULL(test, gate_entry(command(_IOC_WRITE, nr, 0)));
	/* Wrong direction. */
	KUNIT_EXPECT_NULL(test, gate_entry(command(_IOC_READ, nr, size)));
	KUNIT_EXPECT_NULL(test, gate_entry(command(_IOC_READ | _IOC_WRITE, nr,
						   size)));
	KUNIT_EXPECT_NULL(test, gate_entry(command(_IOC_NONE, nr, 0)));
	/* Another ioctl type with our number. */
	KUNIT_EXPECT_NULL(test, gate_entry(_IOC(_IOC_WRITE, 'T', nr, size)));
	/* Numbers beyond the table. */
	KUNIT_EXPECT_NULL(test, gate_entry(command(_IOC_WRITE, 49, size)));
	KUNIT_EXPECT_NULL(test, gate_entry(command(_IOC_WRITE, 255, size)));
	KUNIT_EXPECT_NULL(test, gate_entry(0));
	KUNIT_EXPECT_NULL(test, gate_entry(~0U));
}

static void test_call_refuses_before_copy(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cloudabi_gate_call(0, NULL), -ENOTTY);
	KUNIT_EXPECT_EQ(test,
			cloudabi_gate_call(command(_IOC_WRITE,
						   CLOUDABI_NR_FD_WRITE, 40),
					   NULL), -ENOTTY);
}

/* A kernel thread has no user memory: every block is unreadable. */
static void test_unreadable_block(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cloudabi_gate_call(CLOUDABI_GATE_FD_WRITE, NULL),
			-EFAULT);
}

static void test_result_translation(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cloudabi_gate_result(0), 0);
	KUNIT_EXPECT_EQ(test, cloudabi_gate_result(-ENOENT), CLOUDABI_ENOENT);
	KUNIT_EXPECT_EQ(test, cloudabi_gate_result(-ENOSYS), CLOUDABI_ENOSYS);
	KUNIT_EXPECT_EQ(test, cloudabi_gate_result(-ENOTCAPABLE),
			CLOUDABI_ENOTCAPABLE);
	KUNIT_EXPECT_EQ(test, cloudabi_gate_result(-ERESTARTSYS),
			(long)-ERESTARTSYS);
	KUNIT_EXPECT_EQ(test, cloudabi_gate_result(-ERESTARTNOINTR),
			(long)-ERESTARTNOINTR);
	KUNIT_EXPECT_EQ(test, cloudabi_gate_result(-ERESTARTNOHAND),
			(long)-ERESTARTNOHAND);
	KUNIT_EXPECT_EQ(test, cloudabi_gate_result(-ERESTART_RESTARTBLOCK),
			(long)-ERESTART_RESTARTBLOCK);
}

static struct kunit_case gate_cases[] = {
	KUNIT_CASE(test_table_fits_gate),
	KUNIT_CASE(test_every_call_selected_by_its_command),
	KUNIT_CASE(test_padding_masks),
	KUNIT_CASE(test_published_commands),
	KUNIT_CASE(test_extension_commands),
	KUNIT_CASE(test_vdso_only_calls_refused),
	KUNIT_CASE(test_malformed_commands_refused),
	KUNIT_CASE(test_call_refuses_before_copy),
	KUNIT_CASE(test_unreadable_block),
	KUNIT_CASE(test_result_translation),
	{}
};

struct kunit_suite cloudabi_gate_suite = {
	.name = "cloudabi_gate",
	.test_cases = gate_cases,
};
