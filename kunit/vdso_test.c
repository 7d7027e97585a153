// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - KUnit suite for the vDSO image validation
 *
 * Each case damages a copy of the real embedded image in one way and
 * expects the check to refuse it.
 */

#include <linux/slab.h>

#include "cloudabi_kunit.h"

static size_t image_size(void)
{
	return cloudabi_vdso_image_end - cloudabi_vdso_image_start;
}

static u8 *image_copy(struct kunit *test)
{
	u8 *copy = kunit_kmalloc(test, image_size(), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, copy);
	memcpy(copy, cloudabi_vdso_image_start, image_size());
	return copy;
}

static int check(const void *image, size_t size)
{
	struct cloudabi_vdso_info info;

	return cloudabi_vdso_check(image, size, ELF_ARCH, &info);
}

static Elf64_Phdr *find_phdr(u8 *image, u32 type)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
	Elf64_Phdr *ph = (Elf64_Phdr *)(image + eh->e_phoff);
	unsigned int i;

	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == type)
			return &ph[i];
	return NULL;
}

static void test_real_image(struct kunit *test)
{
	struct cloudabi_vdso_info info;

	KUNIT_ASSERT_EQ(test, cloudabi_vdso_check(cloudabi_vdso_image_start,
						  image_size(), ELF_ARCH,
						  &info), 0);
	KUNIT_EXPECT_EQ(test, info.nsyscalls, 49U);
	KUNIT_EXPECT_EQ(test, info.size, image_size());
}

static void test_wrong_machine(struct kunit *test)
{
	struct cloudabi_vdso_info info;
	u16 other = EM_X86_64 + EM_AARCH64 - ELF_ARCH;

	KUNIT_EXPECT_EQ(test, cloudabi_vdso_check(cloudabi_vdso_image_start,
						  image_size(), other, &info),
			-ENOEXEC);
}

static void test_truncated(struct kunit *test)
{
	const u8 *image = cloudabi_vdso_image_start;

	KUNIT_EXPECT_EQ(test, check(image, 0), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, check(image, sizeof(Elf64_Ehdr) - 1), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, check(image, sizeof(Elf64_Ehdr) + 8), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, check(image, image_size() / 2), -ENOEXEC);
}

/* Cut inside the loadable segment, past the headers that describe it. */
static void test_truncated_segment(struct kunit *test)
{
	u8 *copy = image_copy(test);
	Elf64_Phdr *load = find_phdr(copy, PT_LOAD);

	KUNIT_ASSERT_NOT_NULL(test, load);
	KUNIT_EXPECT_EQ(test, check(copy, load->p_offset + load->p_filesz - 1),
			-ENOEXEC);
}

static void test_bad_magic(struct kunit *test)
{
	u8 *copy = image_copy(test);

	copy[EI_MAG1] = 'e';
	KUNIT_EXPECT_EQ(test, check(copy, image_size()), -ENOEXEC);
}

static void test_program_headers_out_of_bounds(struct kunit *test)
{
	u8 *copy = image_copy(test);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)copy;

	eh->e_phoff = U64_MAX - 8;
	KUNIT_EXPECT_EQ(test, check(copy, image_size()), -ENOEXEC);
	eh->e_phoff = image_size() - sizeof(Elf64_Phdr);
	eh->e_phnum = 2;
	KUNIT_EXPECT_EQ(test, check(copy, image_size()), -ENOEXEC);
}

static void test_writable_segment(struct kunit *test)
{
	u8 *copy = image_copy(test);
	Elf64_Phdr *load = find_phdr(copy, PT_LOAD);

	KUNIT_ASSERT_NOT_NULL(test, load);
	load->p_flags |= PF_W;
	KUNIT_EXPECT_EQ(test, check(copy, image_size()), -ENOEXEC);
}

static void test_no_dynamic(struct kunit *test)
{
	u8 *copy = image_copy(test);
	Elf64_Phdr *dyn = find_phdr(copy, PT_DYNAMIC);

	KUNIT_ASSERT_NOT_NULL(test, dyn);
	dyn->p_type = PT_NOTE;
	KUNIT_EXPECT_EQ(test, check(copy, image_size()), -ENOEXEC);
}

static u32 *find_hash(struct kunit *test, u8 *image)
{
	Elf64_Phdr *dph = find_phdr(image, PT_DYNAMIC);
	Elf64_Dyn *dyn;

	KUNIT_ASSERT_NOT_NULL(test, dph);
	for (dyn = (Elf64_Dyn *)(image + dph->p_offset); dyn->d_tag; dyn++)
		if (dyn->d_tag == DT_HASH)
			return (u32 *)(image + dyn->d_un.d_ptr);
	KUNIT_FAIL(test, "no DT_HASH");
	return NULL;
}

static void test_hash_out_of_bounds(struct kunit *test)
{
	u8 *copy = image_copy(test);
	u32 *hash = find_hash(test, copy);

	KUNIT_ASSERT_NOT_NULL(test, hash);
	hash[1] = U32_MAX;
	KUNIT_EXPECT_EQ(test, check(copy, image_size()), -ENOEXEC);
}

static u8 *memmem_or_null(u8 *hay, size_t size, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= size; i++)
		if (!memcmp(hay + i, needle, n))
			return hay + i;
	return NULL;
}

/* A system call that lost its name is a call programs cannot find. */
static void test_missing_syscall(struct kunit *test)
{
	u8 *copy = image_copy(test);
	u8 *name;

	name = memmem_or_null(copy, image_size(), "cloudabi_sys_fd_write");
	KUNIT_ASSERT_NOT_NULL(test, name);
	name[0] = 'k';
	KUNIT_EXPECT_EQ(test, check(copy, image_size()), -ENOEXEC);
}

static struct kunit_case vdso_cases[] = {
	KUNIT_CASE(test_real_image),
	KUNIT_CASE(test_wrong_machine),
	KUNIT_CASE(test_truncated),
	KUNIT_CASE(test_truncated_segment),
	KUNIT_CASE(test_bad_magic),
	KUNIT_CASE(test_program_headers_out_of_bounds),
	KUNIT_CASE(test_writable_segment),
	KUNIT_CASE(test_no_dynamic),
	KUNIT_CASE(test_hash_out_of_bounds),
	KUNIT_CASE(test_missing_syscall),
	{}
};

struct kunit_suite cloudabi_vdso_suite = {
	.name = "cloudabi_vdso",
	.test_cases = vdso_cases,
};
