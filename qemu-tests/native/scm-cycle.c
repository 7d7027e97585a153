// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `scm-cycle ROUNDS` tries, ROUNDS
 * times, to hide a UNIX socket from the kernel's garbage collector of
 * descriptors in flight.  Each round makes a socket pair, asks
 * /dev/cloudabi for a capability over one end and, if it gets one, sends
 * the capability over the other end with SCM_RIGHTS and closes all: the
 * collector only follows files that are UNIX sockets, so the pair would
 * never be freed.  It also asks once for a capability over an eventfd (a
 * file of no CloudABI type, like io_uring's).
 *
 * Prints "refused R sent S other O": R capability requests refused with
 * EOPNOTSUPP, S capabilities sent, O the eventfd request's result.
 */

#include "../raw_syscall.h"

#if defined(__x86_64__)
#define NR_close 3
#define NR_eventfd2 290
#elif defined(__aarch64__)
#define NR_close 57
#define NR_eventfd2 19
#endif

#define O_RDWR 2
#define AT_FDCWD -100
#define EOPNOTSUPP 95
/* _IOW(0xCB, 1, struct cloudabi_cap_request): include/uapi/cloudabi/cloudabi_dev.h */
#define CLOUDABI_IOC_CAPABILITY 0x4018CB01
#define CLOUDABI_CAP_INTERSECT 1

struct cap_request {
	int fd;
	unsigned int flags;
	unsigned long base, inheriting;
};

NATIVE_START();

static long capability(long dev, long fd)
{
	/* FD_READ | FD_WRITE, as far as the file allows. */
	struct cap_request req = {
		.fd = fd, .flags = CLOUDABI_CAP_INTERSECT, .base = 0x42,
	};

	return raw_syscall3(NR_ioctl, dev, CLOUDABI_IOC_CAPABILITY, (long)&req);
}

void start_c(long *sp);

void start_c(long *sp)
{
	long rounds, i, dev, cap, efd, other, refused = 0, sent = 0;
	char msg[80] = "refused ";
	int sv[2], n = 8;

	if (sp[0] < 2)
		raw_syscall3(NR_exit_group, 100, 0, 0);
	rounds = native_number((char *)sp[2]);
	dev = raw_syscall4(NR_openat, AT_FDCWD, (long)"/dev/cloudabi", O_RDWR, 0);
	if (dev < 0)
		raw_syscall3(NR_exit_group, 101, 0, 0);
	for (i = 0; i < rounds; i++) {
		if (raw_syscall4(NR_socketpair, AF_UNIX, SOCK_STREAM, 0,
				 (long)sv) < 0)
			raw_syscall3(NR_exit_group, 102, 0, 0);
		cap = capability(dev, sv[0]);
		if (cap == -EOPNOTSUPP)
			refused++;
		if (cap >= 0) {
			if (native_send_fd(sv[1], "x", 1, cap) == 1)
				sent++;
			raw_syscall3(NR_close, cap, 0, 0);
		}
		raw_syscall3(NR_close, sv[0], 0, 0);
		raw_syscall3(NR_close, sv[1], 0, 0);
	}
	efd = raw_syscall3(NR_eventfd2, 0, 0, 0);
	other = capability(dev, efd);
	n += native_put_num(msg + n, refused);
	for (i = 0; " sent "[i]; i++)
		msg[n++] = " sent "[i];
	n += native_put_num(msg + n, sent);
	for (i = 0; " other "[i]; i++)
		msg[n++] = " other "[i];
	n += native_put_num(msg + n, other);
	msg[n++] = '\n';
	raw_syscall3(NR_write, 1, (long)msg, n);
	raw_syscall3(NR_exit_group, 0, 0, 0);
}
