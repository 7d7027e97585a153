/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the host tests share: expectations that record a failure and go
 * on, and a runner that prints one KTAP line per test.
 */
#ifndef _CLOUDABI_RUN_HOST_TEST_H
#define _CLOUDABI_RUN_HOST_TEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct host_test {
	const char *name;
	void (*run)(void);
};

/* Set by a failed expectation; a test passes when it stays false. */
static bool failed;

static void fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	failed = true;
	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define EXPECT(cond, ...)						\
	do {								\
		if (!(cond))						\
			fail(__FILE__, __LINE__, __VA_ARGS__);		\
	} while (0)

/*
 * Run @n @tests as "ok N <prefix><name>" lines under one KTAP plan,
 * calling @reset (if any) before each; return the process's exit status.
 */
static int run_host_tests(const struct host_test *tests, size_t n,
			  const char *prefix, const char *suite,
			  void (*reset)(void))
{
	int failures = 0;
	size_t i;

	printf("KTAP version 1\n1..%zu\n", n);
	for (i = 0; i < n; i++) {
		failed = false;
		if (reset)
			reset();
		tests[i].run();
		failures += failed;
		printf("%sok %zu %s%s\n", failed ? "not " : "", i + 1, prefix,
		       tests[i].name);
		fflush(stdout);
	}
	printf("# %s: %zu tests, %d failed\n", suite, n, failures);
	return failures ? 1 : 0;
}

#endif /* _CLOUDABI_RUN_HOST_TEST_H */
