// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: a program started through cloudabi-run
 *
 * Run by the in-guest runner as `cloudabi-run launched.test <
 * launched.yaml`.  It must see exactly the descriptors the document names,
 * numbered in order of first appearance, with the rights it names, and
 * the document itself as its argument data.
 */

#include "argdata.h"
#include "rt.h"

#define R(x) CLOUDABI_RIGHT_##x

static struct rt_ad root;

static int get(const char *key, struct rt_ad *v)
{
	return rt_ad_map_get(&root, key, v) == 1;
}

static int fd_of(const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return get(key, &v) && rt_ad_fd(&v, fd) == 0;
}

static int int_of(const char *key, int64_t *i)
{
	struct rt_ad v;

	return get(key, &v) && rt_ad_int(&v, i) == 0;
}

static int str_is(const struct rt_ad *v, const char *want)
{
	const char *s;
	size_t len;

	return rt_ad_str(v, &s, &len) == 0 && len == rt_strlen(want) &&
	       !rt_memcmp(s, want, len);
}

static void check_seq(void)
{
	struct rt_ad list, v;
	struct rt_ad_iter it;
	int64_t i = 0;
	int b = 0;

	CHECK(get("list", &list) && rt_ad_seq_begin(&list, &it) == 0 &&
	      rt_ad_seq_next(&it, &v) == 1 && rt_ad_int(&v, &i) == 0 &&
	      i == 1 && rt_ad_seq_next(&it, &v) == 1 && str_is(&v, "two") &&
	      rt_ad_seq_next(&it, &v) == 1 && rt_ad_bool(&v, &b) == 0 && b &&
	      rt_ad_seq_next(&it, &v) == 1 && rt_ad_type(&v) == 0 &&
	      rt_ad_seq_next(&it, &v) == 0,
	      "argdata: list is [1, \"two\", true, null]");
}

static void check_nested(void)
{
	struct rt_ad a, b, c;

	CHECK(get("nested", &a) && rt_ad_map_get(&a, "inner", &b) == 1 &&
	      rt_ad_map_get(&b, "leaf", &c) == 1 && str_is(&c, "value"),
	      "argdata: nested maps");
}

int program_main(void)
{
	static const char want[] = "capability demo\n";
	uint32_t out = 99, data = 99, dir = 99, fd;
	cloudabi_fdstat_t st;
	cloudabi_iovec_t iov;
	struct rt_ad v;
	char buf[64];
	int64_t n = 0;
	size_t got;

	root.buf = rt.argdata;
	root.len = rt.argdatalen;
	if (!fd_of("out", &out))
		return 101;
	tap_plan_fd(15, out);
	CHECK(rt_ad_type(&root) == 6, "argdata is a map");
	CHECK_EQ(out, 0, "out is descriptor 0 (first to appear)");
	CHECK(fd_of("data", &data) && data == 1, "data is descriptor 1");
	CHECK(fd_of("dir", &dir) && dir == 2, "dir is descriptor 2");
	CHECK(fd_of("again", &fd) && fd == 0,
	      "the same !fd again is the same descriptor");
	CHECK(int_of("n", &n) && n == 42, "argdata: n is 42");
	CHECK(get("s", &v) && str_is(&v, "text"), "argdata: s is \"text\"");
	check_seq();
	check_nested();

	CHECK(RT_SYS(fd_stat_get)(data, &st) == 0 &&
	      st.fs_filetype == CLOUDABI_FILETYPE_REGULAR_FILE &&
	      (st.fs_rights_base & R(FD_READ)) &&
	      !(st.fs_rights_base & (R(FD_WRITE) | R(FILE_ALLOCATE))),
	      "data is read-only, as the document asks");
	iov.buf = buf;
	iov.buf_len = sizeof(buf);
	CHECK(RT_SYS(fd_read)(data, &iov, 1, &got) == 0 &&
	      got == sizeof(want) - 1 && !rt_memcmp(buf, want, got),
	      "data reads the file's contents");
	CHECK_EQ(RT_SYS(fd_write)(data, (const cloudabi_ciovec_t *)&iov, 1,
				  &got),
		 CLOUDABI_ENOTCAPABLE, "writing to data is ENOTCAPABLE");
	CHECK(RT_SYS(fd_stat_get)(dir, &st) == 0 &&
	      st.fs_filetype == CLOUDABI_FILETYPE_DIRECTORY &&
	      st.fs_rights_base == (R(FILE_OPEN) | R(FILE_READDIR)) &&
	      st.fs_rights_inheriting == R(FD_READ),
	      "dir has exactly the rights the document names");
	CHECK(RT_SYS(fd_stat_get)(out, &st) == 0 &&
	      (st.fs_rights_base & R(FD_WRITE)), "out can be written");
	for (fd = 3, n = 0; fd < 64; fd++)
		n += RT_SYS(fd_stat_get)(fd, &st) != CLOUDABI_EBADF;
	CHECK_EQ(n, 0, "no other descriptor is open");
	return tap_done();
}
