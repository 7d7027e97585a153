// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - KUnit suite for the errno translation
 */

#include "cloudabi_kunit.h"

static void test_success_is_zero(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(0), 0);
}

static void test_named_errors(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(-E2BIG), CLOUDABI_E2BIG);
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(-ENOENT),
			CLOUDABI_ENOENT);
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(-EBADF), CLOUDABI_EBADF);
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(-EXDEV), CLOUDABI_EXDEV);
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(-EAGAIN),
			CLOUDABI_EAGAIN);
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(-EOPNOTSUPP),
			CLOUDABI_ENOTSUP);
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(-EDEADLK),
			CLOUDABI_EDEADLK);
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(-ETXTBSY),
			CLOUDABI_ETXTBSY);
}

static void test_notcapable(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(-ENOTCAPABLE),
			CLOUDABI_ENOTCAPABLE);
	/* It must not collide with any error Linux itself returns. */
	KUNIT_EXPECT_GE(test, ENOTCAPABLE,
			(int)ARRAY_SIZE(cloudabi_errno_from_linux));
	KUNIT_EXPECT_LT(test, ENOTCAPABLE, MAX_ERRNO);
}

/* Errors without a CloudABI name must still read as failure. */
static void test_unnamed_errors_are_eio(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(-ENOTBLK),
			CLOUDABI_EIO);
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(-ECHRNG), CLOUDABI_EIO);
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(-MAX_ERRNO),
			CLOUDABI_EIO);
	KUNIT_EXPECT_EQ(test, cloudabi_convert_errno(-ERESTARTSYS),
			CLOUDABI_EIO);
}

/*
 * Every CloudABI error but ENOTCAPABLE is the image of some Linux error:
 * a value missing from the generated table would never reach a program.
 */
static void test_every_errno_reachable(struct kunit *test)
{
	DECLARE_BITMAP(seen, CLOUDABI_ENOTCAPABLE + 1);
	unsigned int i;

	bitmap_zero(seen, CLOUDABI_ENOTCAPABLE + 1);
	for (i = 1; i < ARRAY_SIZE(cloudabi_errno_from_linux); i++) {
		u16 v = cloudabi_convert_errno(-(long)i);

		KUNIT_ASSERT_LE(test, v, CLOUDABI_ENOTCAPABLE);
		KUNIT_EXPECT_NE(test, v, 0);
		__set_bit(v, seen);
	}
	for (i = 1; i < CLOUDABI_ENOTCAPABLE; i++)
		KUNIT_EXPECT_TRUE_MSG(test, test_bit(i, seen),
				      "CloudABI errno %u unreachable", i);
}

static struct kunit_case errno_cases[] = {
	KUNIT_CASE(test_success_is_zero),
	KUNIT_CASE(test_named_errors),
	KUNIT_CASE(test_notcapable),
	KUNIT_CASE(test_unnamed_errors_are_eio),
	KUNIT_CASE(test_every_errno_reachable),
	{}
};

struct kunit_suite cloudabi_errno_suite = {
	.name = "cloudabi_errno",
	.test_cases = errno_cases,
};
