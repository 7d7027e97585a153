// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - KUnit suite for the rights engine
 *
 * The maximum rights of each kind of file: what a descriptor can never
 * gain, whatever its holder asks for.
 */

#include "cloudabi_kunit.h"

#define RW (FMODE_READ | FMODE_WRITE | FMODE_LSEEK)

static struct cloudabi_rights max_of(u8 type, fmode_t mode, bool mappable)
{
	struct cloudabi_rights r;

	cloudabi_rights_max(type, mode, mappable, &r);
	return r;
}

static void test_regular_file(struct kunit *test)
{
	struct cloudabi_rights r = max_of(CLOUDABI_FILETYPE_REGULAR_FILE, RW,
					  true);
	u64 want = R(FD_READ) | R(FD_WRITE) | R(FD_SEEK) | R(FD_TELL) |
		   R(MEM_MAP) | R(MEM_MAP_EXEC) | R(PROC_EXEC) |
		   R(FILE_ALLOCATE) | R(FILE_STAT_FPUT_SIZE);

	KUNIT_EXPECT_EQ(test, r.base & want, want);
	KUNIT_EXPECT_EQ(test, r.base & (R(FILE_OPEN) | R(SOCK_SHUTDOWN) |
					R(FILE_READDIR)), 0ULL);
	KUNIT_EXPECT_EQ(test, r.inheriting, 0ULL);
}

static void test_open_mode_limits(struct kunit *test)
{
	struct cloudabi_rights ro, wo;

	ro = max_of(CLOUDABI_FILETYPE_REGULAR_FILE, FMODE_READ | FMODE_LSEEK,
		    true);
	wo = max_of(CLOUDABI_FILETYPE_REGULAR_FILE, FMODE_WRITE | FMODE_LSEEK,
		    true);
	KUNIT_EXPECT_TRUE(test, ro.base & R(FD_READ));
	KUNIT_EXPECT_EQ(test, ro.base & (R(FD_WRITE) | R(FILE_ALLOCATE) |
					 R(FILE_STAT_FPUT_SIZE)), 0ULL);
	/* fsync(2) and fdatasync(2) work on a file open for reading. */
	KUNIT_EXPECT_EQ(test, ro.base & (R(FD_SYNC) | R(FD_DATASYNC)),
			R(FD_SYNC) | R(FD_DATASYNC));
	KUNIT_EXPECT_TRUE(test, wo.base & R(FD_WRITE));
	KUNIT_EXPECT_EQ(test, wo.base & (R(FD_READ) | R(MEM_MAP) |
					 R(MEM_MAP_EXEC) | R(PROC_EXEC)), 0ULL);
}

static void test_seek_implies_tell(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cloudabi_rights_implied(R(FD_SEEK)),
			R(FD_SEEK) | R(FD_TELL));
	KUNIT_EXPECT_EQ(test, cloudabi_rights_implied(R(FD_TELL)), R(FD_TELL));
	KUNIT_EXPECT_EQ(test, cloudabi_rights_implied(R(FD_READ)), R(FD_READ));
}

static void test_sync_flags_need_rights(struct kunit *test)
{
	const u16 dsync = CLOUDABI_FDFLAG_DSYNC, rsync = CLOUDABI_FDFLAG_RSYNC;
	const u16 sync = CLOUDABI_FDFLAG_SYNC;

	KUNIT_EXPECT_TRUE(test, cloudabi_fdflags_permitted(
				CLOUDABI_FDFLAG_APPEND, 0));
	KUNIT_EXPECT_FALSE(test, cloudabi_fdflags_permitted(dsync, R(FD_READ)));
	KUNIT_EXPECT_TRUE(test, cloudabi_fdflags_permitted(dsync,
							   R(FD_DATASYNC)));
	KUNIT_EXPECT_TRUE(test, cloudabi_fdflags_permitted(dsync, R(FD_SYNC)));
	KUNIT_EXPECT_FALSE(test, cloudabi_fdflags_permitted(rsync,
							    R(FD_DATASYNC)));
	KUNIT_EXPECT_FALSE(test, cloudabi_fdflags_permitted(sync,
							    R(FD_DATASYNC)));
	KUNIT_EXPECT_TRUE(test, cloudabi_fdflags_permitted(rsync | sync | dsync,
							   R(FD_SYNC)));
}

static void test_directory(struct kunit *test)
{
	struct cloudabi_rights r = max_of(CLOUDABI_FILETYPE_DIRECTORY,
					  FMODE_READ | FMODE_LSEEK, false);

	KUNIT_EXPECT_TRUE(test, r.base & R(FILE_OPEN));
	KUNIT_EXPECT_TRUE(test, r.base & R(FILE_READDIR));
	KUNIT_EXPECT_EQ(test, r.base & (R(FD_READ) | R(FD_WRITE) |
					R(FD_SEEK) | R(MEM_MAP)), 0ULL);
	KUNIT_EXPECT_EQ(test, r.inheriting, CLOUDABI_ALL_RIGHTS);
}

static void test_streams_cannot_seek_or_map(struct kunit *test)
{
	static const u8 types[] = {
		CLOUDABI_FILETYPE_SOCKET_STREAM, CLOUDABI_FILETYPE_SOCKET_DGRAM,
	};
	struct cloudabi_rights r;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		r = max_of(types[i], FMODE_READ | FMODE_WRITE, false);
		KUNIT_EXPECT_TRUE(test, r.base & R(SOCK_SHUTDOWN));
		KUNIT_EXPECT_EQ(test, r.base & (R(FD_SEEK) | R(FD_TELL) |
						R(MEM_MAP) | R(PROC_EXEC)),
				0ULL);
	}
	/* A terminal: a character device with no position, no mapping. */
	r = max_of(CLOUDABI_FILETYPE_CHARACTER_DEVICE,
		   FMODE_READ | FMODE_WRITE, false);
	KUNIT_EXPECT_EQ(test, r.base & (R(FD_SEEK) | R(MEM_MAP)), 0ULL);
	KUNIT_EXPECT_TRUE(test, r.base & R(FD_READ));
}

static void test_unknown_gets_stat_only(struct kunit *test)
{
	struct cloudabi_rights r = max_of(CLOUDABI_FILETYPE_UNKNOWN, RW, true);

	KUNIT_EXPECT_EQ(test, r.base, (u64)R(FILE_STAT_FGET));
	KUNIT_EXPECT_EQ(test, r.inheriting, 0ULL);
}

static void test_never_beyond_the_abi(struct kunit *test)
{
	static const u8 types[] = {
		CLOUDABI_FILETYPE_UNKNOWN, CLOUDABI_FILETYPE_BLOCK_DEVICE,
		CLOUDABI_FILETYPE_CHARACTER_DEVICE, CLOUDABI_FILETYPE_DIRECTORY,
		CLOUDABI_FILETYPE_PROCESS, CLOUDABI_FILETYPE_REGULAR_FILE,
		CLOUDABI_FILETYPE_SHARED_MEMORY, CLOUDABI_FILETYPE_SOCKET_DGRAM,
		CLOUDABI_FILETYPE_SOCKET_STREAM, CLOUDABI_FILETYPE_SYMBOLIC_LINK,
	};
	struct cloudabi_rights r;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		r = max_of(types[i], RW, true);
		KUNIT_EXPECT_EQ(test, r.base & ~CLOUDABI_ALL_RIGHTS, 0ULL);
		KUNIT_EXPECT_EQ(test, r.inheriting & ~CLOUDABI_ALL_RIGHTS,
				0ULL);
	}
}

static struct kunit_case rights_cases[] = {
	KUNIT_CASE(test_regular_file),
	KUNIT_CASE(test_open_mode_limits),
	KUNIT_CASE(test_seek_implies_tell),
	KUNIT_CASE(test_sync_flags_need_rights),
	KUNIT_CASE(test_directory),
	KUNIT_CASE(test_streams_cannot_seek_or_map),
	KUNIT_CASE(test_unknown_gets_stat_only),
	KUNIT_CASE(test_never_beyond_the_abi),
	{}
};

struct kunit_suite cloudabi_rights_suite = {
	.name = "cloudabi_rights",
	.test_cases = rights_cases,
};
