// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - TAP output for test programs
 *
 * Results go to the descriptor named by the first argument (CloudABI
 * gives descriptor 1 no special meaning), in the KTAP form the in-guest
 * runner nests under its own results.
 */

#include "rt.h"

static struct {
	cloudabi_fd_t fd;
	unsigned int planned, count, failed;
} tap;

static cloudabi_fd_t parse_fd(const char *s)
{
	cloudabi_fd_t fd = 0;

	if (!s || !*s)
		return 1;
	for (; *s >= '0' && *s <= '9'; s++)
		fd = fd * 10 + (cloudabi_fd_t)(*s - '0');
	return fd;
}

void tap_plan_fd(unsigned int n, cloudabi_fd_t fd)
{
	tap.fd = fd;
	tap.planned = n;
	rt_printf(tap.fd, "KTAP version 1\n1..%u\n", n);
}

void tap_plan(unsigned int n)
{
	tap_plan_fd(n, parse_fd(rt_arg(1)));
}

void tap_result(int ok, const char *file, int line, const char *fmt, ...)
{
	char name[256];
	va_list ap;

	va_start(ap, fmt);
	rt_vformat(name, sizeof(name), fmt, ap);
	va_end(ap);
	tap.count++;
	if (ok) {
		rt_printf(tap.fd, "ok %u %s\n", tap.count, name);
		return;
	}
	tap.failed++;
	rt_printf(tap.fd, "not ok %u %s\n# at %s:%d\n", tap.count, name, file,
		  line);
}

/* The exit status: non-zero when a check failed or the plan was missed. */
int tap_done(void)
{
	if (tap.count != tap.planned) {
		rt_printf(tap.fd, "# planned %u checks, ran %u\n", tap.planned,
			  tap.count);
		return 1;
	}
	return tap.failed ? 1 : 0;
}
