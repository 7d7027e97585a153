// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: the switchboard of the TCP
 * demo.  `acceptor PORT COUNT YAML RUN PROG` listens on 127.0.0.1:PORT,
 * starts `RUN PROG` with YAML on its standard input and one end of a UNIX
 * socket pair as descriptor 5, then accepts COUNT connections and passes
 * each to the program as a capability (read, write, poll, shutdown, stat)
 * through /dev/cloudabi's CLOUDABI_IOC_SEND.  The program never holds the
 * listening socket, nor any path.  Exits with the program's status.
 */

#include <cloudabi_dev.h>
#include <cloudabi_types.h>

#include "../raw_syscall.h"

#define AT_FDCWD	(-100)
#define O_RDWR		2
#define SIGCHLD		17

/* What a passed connection may do: no more than an echo server needs. */
#define CONN_RIGHTS (CLOUDABI_RIGHT_FD_READ | CLOUDABI_RIGHT_FD_WRITE | \
		     CLOUDABI_RIGHT_POLL_FD_READWRITE | \
		     CLOUDABI_RIGHT_SOCK_SHUTDOWN | \
		     CLOUDABI_RIGHT_FILE_STAT_FGET)

NATIVE_START();

void start_c(long *sp);

static void say(const char *s, long n)
{
	char buf[96];
	int k = 0;

	while (*s && k < 64)
		buf[k++] = *s++;
	if (n >= 0)
		k += native_put_num(buf + k, n);
	buf[k++] = '\n';
	raw_syscall3(NR_write, 2, (long)buf, k);
}

static void fail(const char *why, long code)
{
	say(why, code);
	raw_syscall3(NR_exit_group, 100, 0, 0);
}

static long listener(long port)
{
	struct native_sockaddr_in sin = native_loopback(port);
	int one = 1;
	long s = raw_syscall3(NR_socket, AF_INET, SOCK_STREAM, 0);

	if (s < 0)
		fail("acceptor: socket ", s);
	raw_syscall6(NR_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, (long)&one,
		     sizeof(one), 0);
	if (raw_syscall3(NR_bind, s, (long)&sin, sizeof(sin)) ||
	    raw_syscall3(NR_listen, s, 8, 0))
		fail("acceptor: cannot listen on port ", port);
	return s;
}

/* The program: YAML on 0, the switchboard end on 5, nothing else. */
static long start_server(char **run, char **envp, const char *yaml,
			 int end, int other, long lsock)
{
	long pid = raw_syscall6(NR_clone, SIGCHLD, 0, 0, 0, 0, 0);
	long in;

	if (pid)
		return pid;
	raw_syscall3(NR_close, lsock, 0, 0);
	raw_syscall3(NR_close, other, 0, 0);
	in = raw_syscall4(NR_openat, AT_FDCWD, (long)yaml, 0, 0);
	if (in < 0 || raw_syscall3(NR_dup3, in, 0, 0) != 0 ||
	    raw_syscall3(NR_dup3, end, 5, 0) != 5)
		fail("acceptor: cannot set up the server", -1);
	raw_syscall3(NR_execve, (long)run[0], (long)run, (long)envp);
	fail("acceptor: cannot execute the server", -1);
	return -1;
}

/* Wrap @conn into a capability and send it to the program. */
static void pass(long dev, long sw, long conn, long n)
{
	struct cloudabi_cap_request req = {
		.fd = conn, .flags = CLOUDABI_CAP_INTERSECT,
		.rights_base = CONN_RIGHTS,
	};
	struct cloudabi_send_request send = { .data = (long)"c", .data_len = 1,
					      .fds_len = 1, .sock = sw };
	unsigned int cap;
	long ret;

	ret = raw_syscall3(NR_ioctl, dev, CLOUDABI_IOC_CAPABILITY, (long)&req);
	if (ret < 0)
		fail("acceptor: no capability: ", ret);
	cap = ret;
	send.fds = (long)&cap;
	ret = raw_syscall3(NR_ioctl, dev, CLOUDABI_IOC_SEND, (long)&send);
	if (ret != 1)
		fail("acceptor: CLOUDABI_IOC_SEND: ", ret);
	raw_syscall3(NR_close, cap, 0, 0);
	say("acceptor: passed connection ", n);
}

void start_c(long *sp)
{
	char **argv = (char **)(sp + 1);
	char **envp = argv + sp[0] + 1;
	char *run[3];
	long lsock, dev, conn, pid, n, count;
	int sv[2], status = -1;

	if (sp[0] != 6)
		fail("usage: acceptor PORT COUNT YAML RUN PROG", -1);
	count = native_number(argv[2]);
	lsock = listener(native_number(argv[1]));
	dev = raw_syscall4(NR_openat, AT_FDCWD, (long)CLOUDABI_DEV_PATH,
			   O_RDWR, 0);
	if (dev < 0 ||
	    raw_syscall4(NR_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sv))
		fail("acceptor: no /dev/cloudabi or socket pair", dev);
	run[0] = argv[4];
	run[1] = argv[5];
	run[2] = 0;
	pid = start_server(run, envp, argv[3], sv[1], sv[0], lsock);
	raw_syscall3(NR_close, sv[1], 0, 0);
	say("acceptor: listening on 127.0.0.1:", native_number(argv[1]));
	for (n = 1; n <= count; n++) {
		conn = raw_syscall4(NR_accept4, lsock, 0, 0, 0);
		if (conn < 0)
			fail("acceptor: accept: ", conn);
		pass(dev, sv[0], conn, n);
		raw_syscall3(NR_close, conn, 0, 0);
	}
	raw_syscall3(NR_close, sv[0], 0, 0);
	if (raw_syscall4(NR_wait4, pid, (long)&status, 0, 0) != pid)
		fail("acceptor: wait4", -1);
	raw_syscall3(NR_exit_group, (status >> 8) & 0xff, 0, 0);
}
