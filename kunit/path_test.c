// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - KUnit suite for paths beneath a directory
 *
 * The component rules applied before any walk (empty, absolute, the last
 * component split off for create and remove), then walks from /proc,
 * which every test VM mounts: a parent above the base, a magic link that
 * leaves it, a relative link that stays, a file used as a directory.
 */

#include "cloudabi_kunit.h"

static void test_check(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, cloudabi_path_check(""), -ENOENT);
	KUNIT_EXPECT_EQ(test, cloudabi_path_check("/"), -ENOTCAPABLE);
	KUNIT_EXPECT_EQ(test, cloudabi_path_check("/etc/passwd"),
			-ENOTCAPABLE);
	KUNIT_EXPECT_EQ(test, cloudabi_path_check("a/b"), 0);
	/* ".." is the walk's to judge: it may stay inside the tree. */
	KUNIT_EXPECT_EQ(test, cloudabi_path_check("a/../b"), 0);
}

struct split_case {
	const char *path, *dir, *last;
	bool trailing;
};

static const struct split_case split_cases[] = {
	{ "a/b/c", "a/b", "c", false },
	{ "a/b/", "a", "b", true },
	{ "a///b", "a//", "b", false },
	{ "/a", "", "a", false },
	{ "a", "a", NULL, false },
	{ "a//", "a", NULL, true },
	{ "..", "..", NULL, false },
	{ "a/..", "a", "..", false },
};

static void test_split_last(struct kunit *test)
{
	const struct split_case *c;
	const char *last;
	bool trailing;
	char buf[16];

	for (c = split_cases; c < split_cases + ARRAY_SIZE(split_cases); c++) {
		strscpy(buf, c->path, sizeof(buf));
		last = split_last(buf, &trailing);
		KUNIT_EXPECT_STREQ_MSG(test, buf, c->dir, "path %s", c->path);
		KUNIT_EXPECT_EQ_MSG(test, trailing, c->trailing, "path %s",
				    c->path);
		if (c->last)
			KUNIT_EXPECT_STREQ_MSG(test, last, c->last, "path %s",
					       c->path);
		else
			KUNIT_EXPECT_NULL_MSG(test, last, "path %s", c->path);
	}
}

static void test_dots(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, is_dot_or_dotdot("."));
	KUNIT_EXPECT_TRUE(test, is_dot_or_dotdot(".."));
	KUNIT_EXPECT_FALSE(test, is_dot_or_dotdot("..."));
	KUNIT_EXPECT_FALSE(test, is_dot_or_dotdot(".a"));
	KUNIT_EXPECT_FALSE(test, is_dot_or_dotdot(""));
}

static int walk_from(const char *base, const char *name, bool follow)
{
	struct path root, out;
	int err;

	err = kern_path(base, LOOKUP_FOLLOW, &root);
	if (err)
		return err;
	err = cloudabi_path_resolve_at(&root, name, follow, &out);
	path_put(&root);
	if (!err)
		path_put(&out);
	return err;
}

static void test_walks(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, walk_from("/proc", "self/..", false), 0);
	KUNIT_EXPECT_EQ(test, walk_from("/proc", "..", false), -ENOTCAPABLE);
	KUNIT_EXPECT_EQ(test, walk_from("/proc", "self/../..", false),
			-ENOTCAPABLE);
	/* A magic link to "/": never followed out of the base... */
	KUNIT_EXPECT_EQ(test, walk_from("/proc", "self/root", true),
			-ENOTCAPABLE);
	/* ... though the link itself can be named. */
	KUNIT_EXPECT_EQ(test, walk_from("/proc", "self/root", false), 0);
	/* /proc/mounts is the relative link self/mounts: it stays inside. */
	KUNIT_EXPECT_EQ(test, walk_from("/proc", "mounts", true), 0);
	KUNIT_EXPECT_EQ(test, walk_from("/proc", "version/x", false),
			-ENOTDIR);
	KUNIT_EXPECT_EQ(test, walk_from("/proc/version", "x", false),
			-ENOTDIR);
}

static struct kunit_case path_cases[] = {
	KUNIT_CASE(test_check),
	KUNIT_CASE(test_split_last),
	KUNIT_CASE(test_dots),
	KUNIT_CASE(test_walks),
	{}
};

struct kunit_suite cloudabi_path_suite = {
	.name = "cloudabi_path",
	.test_cases = path_cases,
};
