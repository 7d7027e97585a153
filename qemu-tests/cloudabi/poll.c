// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: poll
 *
 * Started through cloudabi-run with {out: !fd stdout, box: a directory,
 * fifo: the read end of a FIFO a native writer feeds one byte at a time,
 * 10,000 in all}; or with {out, restart: 1}, when the runner stops and
 * continues the process in the middle of a two-second wait.
 */

#include "argdata.h"
#include "rt.h"

#include "../raw_syscall.h"

#define R(x) CLOUDABI_RIGHT_##x
#define MS 1000000ULL
#define RACE_ROUNDS 10000

static cloudabi_event_t ev[8];
static size_t nev;
static cloudabi_fd_t out;

static cloudabi_timestamp_t now(void)
{
	cloudabi_timestamp_t t = 0;

	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 1, &t);
	return t;
}

static cloudabi_subscription_t clock_sub(cloudabi_userdata_t ud,
					 cloudabi_clockid_t id,
					 cloudabi_timestamp_t timeout, int abs)
{
	cloudabi_subscription_t s = {
		.userdata = ud,
		.type = CLOUDABI_EVENTTYPE_CLOCK,
		.clock = {
			.identifier = ud + 1,
			.clock_id = id,
			.timeout = timeout,
			.precision = 0,
			.flags = abs ? CLOUDABI_SUBSCRIPTION_CLOCK_ABSTIME : 0,
		},
	};

	return s;
}

static cloudabi_subscription_t fd_sub(cloudabi_userdata_t ud,
				      cloudabi_fd_t fd, int write)
{
	cloudabi_subscription_t s = {
		.userdata = ud,
		.type = write ? CLOUDABI_EVENTTYPE_FD_WRITE :
			CLOUDABI_EVENTTYPE_FD_READ,
		.fd_readwrite = {
			.fd = fd,
			.flags = CLOUDABI_SUBSCRIPTION_FD_READWRITE_POLL,
		},
	};

	return s;
}

static cloudabi_errno_t do_poll(const cloudabi_subscription_t *in, size_t n)
{
	nev = 99;
	memset(ev, 0xa5, sizeof(ev));
	return RT_SYS(poll)(in, ev, n, &nev);
}

static cloudabi_errno_t put(cloudabi_fd_t fd, const char *s, size_t len)
{
	cloudabi_ciovec_t iov = { .buf = s, .buf_len = len };
	size_t n;

	return RT_SYS(fd_write)(fd, &iov, 1, &n);
}

static void clocks(void)
{
	cloudabi_subscription_t s[3];
	cloudabi_timestamp_t t0, t1, real = 0;

	CHECK(do_poll(s, 0) == 0 && nev == 0,
	      "no subscriptions: no event, at once");

	s[0] = clock_sub(7, CLOUDABI_CLOCK_MONOTONIC, 20 * MS, 0);
	t0 = now();
	CHECK(do_poll(s, 1) == 0 && nev == 1 && ev[0].userdata == 7 &&
	      ev[0].error == 0 && ev[0].type == CLOUDABI_EVENTTYPE_CLOCK,
	      "a relative monotonic clock fires with its userdata");
	t1 = now();
	rt_printf(out, "# poll: 20 ms relative waited %llu us\n",
		  (unsigned long long)(t1 - t0) / 1000);
	CHECK(t1 - t0 >= 20 * MS, "and not before its time");

	s[0] = clock_sub(8, CLOUDABI_CLOCK_MONOTONIC, now() - 1, 1);
	CHECK(do_poll(s, 1) == 0 && nev == 1 && ev[0].userdata == 8,
	      "an absolute clock in the past fires at once");

	/*
	 * The monotonic start is read before the wall clock, so however long
	 * a slow guest takes between the two reads, the deadline is at least
	 * 10 ms of monotonic time after t0 (1 ms of slack for slewing).
	 */
	t0 = now();
	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_REALTIME, 1, &real);
	s[0] = clock_sub(9, CLOUDABI_CLOCK_REALTIME, real + 10 * MS, 1);
	CHECK(do_poll(s, 1) == 0 && nev == 1 && ev[0].userdata == 9,
	      "an absolute wall-clock time fires with its userdata");
	t1 = now();
	rt_printf(out, "# poll: wall clock 10 ms ahead waited %llu us\n",
		  (unsigned long long)(t1 - t0) / 1000);
	CHECK(t1 - t0 >= 9 * MS,
	      "an absolute wall-clock time fires when reached");

	s[0] = clock_sub(10, 99, 0, 0);
	CHECK(do_poll(s, 1) == 0 && nev == 1 && ev[0].userdata == 10 &&
	      ev[0].error == CLOUDABI_EINVAL,
	      "an unknown clock is the event's EINVAL, not the call's");

	s[0] = clock_sub(11, CLOUDABI_CLOCK_THREAD_CPUTIME_ID, 0, 1);
	s[1] = clock_sub(12, CLOUDABI_CLOCK_PROCESS_CPUTIME_ID, 0, 1);
	CHECK(do_poll(s, 2) == 0 && nev == 2 && ev[0].error == 0 &&
	      ev[1].error == 0, "CPU clocks past their time fire at once");

	s[0] = clock_sub(13, CLOUDABI_CLOCK_THREAD_CPUTIME_ID, 3600000 * MS,
			 0);
	s[1] = clock_sub(14, CLOUDABI_CLOCK_MONOTONIC, 5 * MS, 0);
	CHECK(do_poll(s, 2) == 0 && nev == 1 && ev[0].userdata == 14,
	      "a sleeping thread's CPU clock does not run; the other fires");
}

static void descriptors(void)
{
	cloudabi_subscription_t s[4];
	cloudabi_fd_t a, b, narrow, d1, d2;
	cloudabi_fdstat_t st;

	CHECK(RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b) == 0,
	      "a stream socket pair");
	s[0] = fd_sub(1, b, 0);
	s[1] = clock_sub(2, CLOUDABI_CLOCK_MONOTONIC, 10 * MS, 0);
	CHECK(do_poll(s, 2) == 0 && nev == 1 && ev[0].userdata == 2,
	      "nothing to read: only the clock fires");
	s[0] = fd_sub(3, a, 1);
	CHECK(do_poll(s, 1) == 0 && nev == 1 && ev[0].userdata == 3 &&
	      ev[0].type == CLOUDABI_EVENTTYPE_FD_WRITE && ev[0].error == 0 &&
	      ev[0].fd_readwrite.nbytes > 0 && ev[0].fd_readwrite.flags == 0,
	      "a socket with room is writable, nbytes its room (%llu)",
	      (unsigned long long)ev[0].fd_readwrite.nbytes);
	CHECK(put(a, "ping", 4) == 0, "write four bytes");
	s[0] = fd_sub(4, b, 0);
	CHECK(do_poll(s, 1) == 0 && nev == 1 && ev[0].userdata == 4 &&
	      ev[0].fd_readwrite.nbytes == 4,
	      "then the other end is readable with nbytes 4 (%llu)",
	      (unsigned long long)ev[0].fd_readwrite.nbytes);
	s[0] = fd_sub(5, a, 1);
	s[1] = fd_sub(6, b, 1);
	CHECK(do_poll(s, 2) == 0 && nev == 2 && ev[0].userdata == 5 &&
	      ev[1].userdata == 6, "every ready subscription is reported");

	st.fs_rights_base = R(FD_READ) | R(FD_WRITE);
	st.fs_rights_inheriting = 0;
	CHECK(RT_SYS(fd_dup)(b, &narrow) == 0 &&
	      RT_SYS(fd_stat_put)(narrow, &st, CLOUDABI_FDSTAT_RIGHTS) == 0,
	      "a copy without POLL_FD_READWRITE");
	s[0] = fd_sub(7, narrow, 0);
	s[1] = fd_sub(8, 9999, 0);
	s[2] = fd_sub(9, b, 0);
	CHECK(do_poll(s, 3) == 0 && nev == 3 &&
	      ev[0].error == CLOUDABI_ENOTCAPABLE &&
	      ev[1].error == CLOUDABI_EBADF && ev[2].userdata == 9 &&
	      ev[2].error == 0,
	      "a missing right and a bad fd are their events' errors; the rest works");
	s[0].type = CLOUDABI_EVENTTYPE_PROC_TERMINATE;
	s[0].proc_terminate.fd = b;
	s[1].type = 99;
	CHECK(do_poll(s, 2) == 0 && nev == 2 &&
	      ev[0].error == CLOUDABI_ENOTCAPABLE &&
	      ev[1].error == CLOUDABI_EINVAL,
	      "PROC_TERMINATE on a socket, an unknown type: events' errors");

	CHECK(RT_SYS(fd_close)(a) == 0, "close the writing end");
	s[0] = fd_sub(10, b, 0);
	CHECK(do_poll(s, 1) == 0 && nev == 1 &&
	      (ev[0].fd_readwrite.flags & CLOUDABI_EVENT_FD_READWRITE_HANGUP),
	      "the peer gone: readable with HANGUP");
	RT_SYS(fd_close)(b);
	RT_SYS(fd_close)(narrow);

	CHECK(RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_DGRAM, &d1, &d2) == 0 &&
	      put(d1, "abc", 3) == 0 && put(d1, "defgh", 5) == 0,
	      "two datagrams of 3 and 5 bytes");
	s[0] = fd_sub(11, d2, 0);
	CHECK(do_poll(s, 1) == 0 && nev == 1 &&
	      ev[0].fd_readwrite.nbytes == 3,
	      "a datagram socket's nbytes is the next datagram (%llu)",
	      (unsigned long long)ev[0].fd_readwrite.nbytes);
	RT_SYS(fd_close)(d1);
	RT_SYS(fd_close)(d2);
}

static void regular_file(cloudabi_fd_t box)
{
	cloudabi_lookup_t at = { .fd = box };
	cloudabi_fdstat_t req = {
		.fs_rights_base = R(FD_READ) | R(FD_WRITE) | R(FD_SEEK) |
				  R(POLL_FD_READWRITE),
	};
	cloudabi_subscription_t s[2];
	cloudabi_filesize_t pos;
	cloudabi_fd_t f;

	CHECK(RT_SYS(file_open)(at, "ten", 3, CLOUDABI_O_CREAT |
				CLOUDABI_O_TRUNC, &req, &f) == 0 &&
	      put(f, "0123456789", 10) == 0 &&
	      RT_SYS(fd_seek)(f, 3, CLOUDABI_WHENCE_SET, &pos) == 0,
	      "a ten-byte file, positioned at 3");
	s[0] = fd_sub(1, f, 0);
	s[1] = fd_sub(2, f, 1);
	CHECK(do_poll(s, 2) == 0 && nev == 2 &&
	      ev[0].fd_readwrite.nbytes == 7,
	      "a regular file is always ready; nbytes is what is left (%llu)",
	      (unsigned long long)ev[0].fd_readwrite.nbytes);
	RT_SYS(fd_close)(f);
}

static void bad_calls(void)
{
	static const cloudabi_event_t readonly[1];
	cloudabi_subscription_t s[2];

	s[0] = clock_sub(1, CLOUDABI_CLOCK_MONOTONIC, 0, 0);
	CHECK_EQ(do_poll(s, 4097), CLOUDABI_EINVAL,
		 "more than 4096 subscriptions is EINVAL");
	CHECK_EQ(RT_SYS(poll)(NULL, ev, 1, &nev), CLOUDABI_EFAULT,
		 "a NULL subscription array is EFAULT");
	CHECK_EQ(RT_SYS(poll)(s, (cloudabi_event_t *)readonly, 1, &nev),
		 CLOUDABI_EFAULT, "a read-only event array is EFAULT");
	CHECK_EQ(RT_SYS(poll)(s, ev, 1, NULL), CLOUDABI_EFAULT,
		 "a NULL nevents is EFAULT");
	s[0].type = CLOUDABI_EVENTTYPE_LOCK_WRLOCK;
	s[0].lock.lock = NULL;
	CHECK_EQ(RT_SYS(poll)(s, (cloudabi_event_t *)readonly, 1, &nev),
		 CLOUDABI_EFAULT,
		 "a lock first with a read-only event array is EFAULT too");
	s[1] = s[0];
	s[0] = clock_sub(1, CLOUDABI_CLOCK_MONOTONIC, 0, 0);
	CHECK_EQ(do_poll(s, 2), CLOUDABI_EINVAL,
		 "a lock anywhere but first is EINVAL");
}

/*
 * The native writer puts one byte at a time with pauses of its own;
 * each round waits for one byte with a five-second clock beside it.  A
 * lost wake-up would let the clock fire.
 */
static void race(cloudabi_fd_t fifo)
{
	cloudabi_subscription_t s[2];
	unsigned int i, lost = 0, bytes = 0, slept = 0;
	cloudabi_timestamp_t t0;
	char c;
	size_t n;
	cloudabi_iovec_t iov = { .buf = &c, .buf_len = 1 };

	s[0] = fd_sub(1, fifo, 0);
	s[1] = clock_sub(2, CLOUDABI_CLOCK_MONOTONIC, 5000 * MS, 0);
	for (i = 0; i < RACE_ROUNDS; i++) {
		t0 = now();
		if (do_poll(s, 2) || nev != 1 || ev[0].userdata != 1) {
			lost++;
			break;
		}
		slept += now() - t0 > 50000;
		if (RT_SYS(fd_read)(fifo, &iov, 1, &n) || n != 1)
			break;
		bytes++;
	}
	rt_printf(out, "# poll race: %u bytes, %u waits over 50 us, %u lost\n",
		  bytes, slept, lost);
	CHECK(lost == 0 && bytes == RACE_ROUNDS,
	      "10,000 bytes from a racing writer, no wake-up lost (%u)", bytes);
}

static void restart(void)
{
	cloudabi_subscription_t s = clock_sub(1, CLOUDABI_CLOCK_MONOTONIC,
					      2000 * MS, 0);
	cloudabi_timestamp_t t0 = now(), took;

	CHECK(do_poll(&s, 1) == 0 && nev == 1 && ev[0].userdata == 1,
	      "a two-second wait, stopped and continued, completes");
	took = now() - t0;
	rt_printf(out, "# poll restart: waited %llu ms\n",
		  (unsigned long long)took / MS);
	CHECK(took >= 2000 * MS && took < 3000 * MS,
	      "and the stop did not lengthen it (%llu ms)",
	      (unsigned long long)took / MS);
	/* The restart is spent: nothing of the module's is left to call. */
	CHECK_EQ(raw_syscall3(NR_restart_syscall, 0, 0, 0), -4L,
		 "a stray restart_syscall afterwards is EINTR, not poll again");
}

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen }, v;
	uint32_t box, fifo;

	if (!fd_of(&root, "out", &out))
		return 101;
	if (rt_ad_map_get(&root, "restart", &v) == 1) {
		tap_plan_fd(3, out);
		restart();
		return tap_done();
	}
	if (!fd_of(&root, "box", &box) || !fd_of(&root, "fifo", &fifo))
		return 101;
	tap_plan_fd(9 + 13 + 2 + 6 + 1, out);
	clocks();
	descriptors();
	regular_file(box);
	bad_calls();
	race(fifo);
	return tap_done();
}
