// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: proc_fork, process descriptors and PROC_TERMINATE
 *
 * Started through cloudabi-run with {out: !fd stdout, forks: N}.  A child
 * continues with the same descriptors and memory (copied); the parent's
 * descriptor is a PROCESS capability whose poll reports the exit code or
 * the signal; closing it kills the child; N forks in a row leave no
 * descriptor behind (the runner counts the zombies).  A fork outside the
 * vDSO is confine.run's: seccomp kills it.
 */

#include "argdata.h"
#include "rt.h"

#include "../raw_syscall.h"

#define PROCESS_CHILD CLOUDABI_PROCESS_CHILD

static cloudabi_errno_t wait_end(cloudabi_fd_t proc, cloudabi_event_t *ev,
				 cloudabi_timestamp_t timeout)
{
	cloudabi_subscription_t in[2] = {
		{ .userdata = 5, .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE,
		  .proc_terminate.fd = proc },
		{ .userdata = 6, .type = CLOUDABI_EVENTTYPE_CLOCK,
		  .clock = { .clock_id = CLOUDABI_CLOCK_MONOTONIC,
			     .timeout = timeout } },
	};
	size_t n = 0;

	return RT_SYS(poll)(in, ev, timeout ? 2 : 1, &n);
}

static cloudabi_errno_t put(cloudabi_fd_t fd, const char *s)
{
	cloudabi_ciovec_t iov = { .buf = s, .buf_len = rt_strlen(s) };
	size_t n;

	return RT_SYS(fd_write)(fd, &iov, 1, &n);
}

static void exit_codes(cloudabi_tid_t me)
{
	static int copied = 41;
	cloudabi_fd_t proc, a, b;
	cloudabi_fdstat_t st;
	cloudabi_event_t ev;
	cloudabi_tid_t tid = 0;
	char c = 0;
	cloudabi_iovec_t iov = { .buf = &c, .buf_len = 1 };
	size_t n;

	RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b);
	copied = 42;
	if (RT_SYS(proc_fork)(&proc, &tid) == 0 && proc == PROCESS_CHILD) {
		/* The child: its own ID, the parent's memory and sockets. */
		put(a, tid != me && copied == 42 ? "y" : "n");
		copied = 7;
		RT_SYS(proc_exit)(7);
	}
	/* The spec leaves tid undefined in the parent: only the child's. */
	CHECK(proc != PROCESS_CHILD &&
	      RT_SYS(fd_stat_get)(proc, &st) == 0 &&
	      st.fs_filetype == CLOUDABI_FILETYPE_PROCESS &&
	      st.fs_rights_base == (CLOUDABI_RIGHT_POLL_PROC_TERMINATE |
				    CLOUDABI_RIGHT_FILE_STAT_FGET),
	      "the parent gets a process descriptor (rights %llx)",
	      (unsigned long long)st.fs_rights_base);
	CHECK(RT_SYS(fd_read)(b, &iov, 1, &n) == 0 && n == 1 && c == 'y' &&
	      copied == 42,
	      "the child ran with its own ID, a copy of the memory and the "
	      "same sockets");
	CHECK(wait_end(proc, &ev, 0) == 0 && ev.userdata == 5 &&
	      ev.error == 0 && ev.proc_terminate.exitcode == 7 &&
	      ev.proc_terminate.signal == 0,
	      "PROC_TERMINATE reports its exit code 7");
	CHECK(wait_end(proc, &ev, 0) == 0 && ev.proc_terminate.exitcode == 7,
	      "and again, for as long as the descriptor is open");
	RT_SYS(fd_close)(proc);

	if (RT_SYS(proc_fork)(&proc, &tid) == 0 && proc == PROCESS_CHILD)
		RT_SYS(proc_raise)(CLOUDABI_SIGTERM);
	CHECK(wait_end(proc, &ev, 0) == 0 && ev.proc_terminate.exitcode == 0 &&
	      ev.proc_terminate.signal == CLOUDABI_SIGTERM,
	      "a child ended by SIGTERM reports the signal");
	RT_SYS(fd_close)(proc);

	if (RT_SYS(proc_fork)(&proc, &tid) == 0 && proc == PROCESS_CHILD) {
		cloudabi_subscription_t hour = {
			.type = CLOUDABI_EVENTTYPE_CLOCK,
			.clock = { .clock_id = CLOUDABI_CLOCK_MONOTONIC,
				   .timeout = 3600ULL * 1000000000ULL },
		};

		/* Sleeps an hour unless killed. */
		RT_SYS(poll)(&hour, &ev, 1, &n);
		RT_SYS(proc_exit)(1);
	}
	CHECK(wait_end(proc, &ev, 20000000) == 0 && ev.userdata == 6,
	      "a sleeping child: its descriptor is not ready");
	RT_SYS(fd_close)(proc);
	RT_SYS(fd_close)(a);
	CHECK(RT_SYS(fd_read)(b, &iov, 1, &n) == 0 && n == 0,
	      "closing the descriptor killed it: its socket end closed");
	RT_SYS(fd_close)(b);
}

/* A child is as confined as its parent; its descriptor travels. */
static void confined_and_sent(void)
{
	cloudabi_fd_t proc, got = 77, a, b, c2, d2;
	size_t n;
	cloudabi_tid_t tid;
	cloudabi_event_t ev;
	char c = 0;
	cloudabi_ciovec_t ciov = { .buf = "p", .buf_len = 1 };
	cloudabi_iovec_t iov = { .buf = &c, .buf_len = 1 };
	cloudabi_send_in_t si = { .si_data = &ciov, .si_data_len = 1,
				  .si_fds = &proc, .si_fds_len = 1 };
	cloudabi_recv_in_t ri = { .ri_data = &iov, .ri_data_len = 1,
				  .ri_fds = &got, .ri_fds_len = 1 };
	cloudabi_send_out_t so;
	cloudabi_recv_out_t ro;

	if (RT_SYS(proc_fork)(&proc, &tid) == 0 && proc == PROCESS_CHILD) {
		raw_syscall3(NR_getpid, 0, 0, 0);
		RT_SYS(proc_exit)(0);
	}
	CHECK(wait_end(proc, &ev, 0) == 0 &&
	      ev.proc_terminate.signal == CLOUDABI_SIGSYS,
	      "a child's raw getpid kills it by SIGSYS, as its parent's would");
	RT_SYS(fd_close)(proc);

	RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b);
	RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &c2, &d2);
	if (RT_SYS(proc_fork)(&proc, &tid) == 0 && proc == PROCESS_CHILD) {
		RT_SYS(fd_read)(c2, &iov, 1, &n);	/* until told */
		RT_SYS(proc_exit)(9);
	}
	CHECK(RT_SYS(sock_send)(b, &si, &so) == 0 &&
	      RT_SYS(sock_recv)(a, &ri, &ro) == 0 && ro.ro_fdslen == 1 &&
	      RT_SYS(fd_close)(proc) == 0 &&
	      wait_end(got, &ev, 20000000) == 0 && ev.userdata == 6,
	      "a descriptor sent over a socket keeps the child alive when "
	      "the original is closed");
	ciov.buf = "g";
	si.si_fds_len = 0;
	CHECK(RT_SYS(sock_send)(d2, &si, &so) == 0 &&
	      wait_end(got, &ev, 0) == 0 && ev.proc_terminate.exitcode == 9,
	      "and reports its exit through the received copy");
	RT_SYS(fd_close)(got);
	RT_SYS(fd_close)(c2);
	RT_SYS(fd_close)(d2);
	RT_SYS(fd_close)(a);
	RT_SYS(fd_close)(b);
}

/* With the table full the parent gets EMFILE and the child never runs. */
static void fork_without_room(void)
{
	static cloudabi_fd_t dups[1100];
	cloudabi_fd_t a, b, proc = 0;
	cloudabi_errno_t err;
	cloudabi_tid_t tid;
	unsigned int n = 0, i;
	char c = 0;
	cloudabi_iovec_t iov = { .buf = &c, .buf_len = 1 };
	size_t got = 9;

	RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b);
	while (n < 1100 && RT_SYS(fd_dup)(a, &dups[n]) == 0)
		n++;
	err = RT_SYS(proc_fork)(&proc, &tid);
	if (!err && proc == PROCESS_CHILD) {
		put(a, "r");
		RT_SYS(proc_exit)(0);
	}
	for (i = 0; i < n; i++)
		RT_SYS(fd_close)(dups[i]);
	if (!err)
		RT_SYS(fd_close)(proc);
	RT_SYS(fd_close)(a);
	CHECK(err == CLOUDABI_EMFILE && n < 1100 &&
	      RT_SYS(fd_read)(b, &iov, 1, &got) == 0 && got == 0,
	      "a fork with no slot for its descriptor is EMFILE, and the "
	      "child is killed before it runs (err %u, %u dups)", err, n);
	RT_SYS(fd_close)(b);
}

/* A write lock in shared memory, between a parent and its child. */
static cloudabi_errno_t lock_shared(_Atomic(cloudabi_lock_t) *l)
{
	cloudabi_subscription_t in = {
		.type = CLOUDABI_EVENTTYPE_LOCK_WRLOCK,
		.lock = { .lock = l, .lock_scope = CLOUDABI_SCOPE_SHARED },
	};
	cloudabi_event_t ev;
	size_t n;

	return RT_SYS(poll)(&in, &ev, 1, &n) ?: ev.error;
}

static void shared_locks(cloudabi_tid_t me)
{
	cloudabi_filestat_t size = { .st_size = 4096 };
	_Atomic(cloudabi_lock_t) *l = NULL;
	cloudabi_fd_t shm, proc, a, b;
	cloudabi_event_t ev;
	cloudabi_tid_t tid;
	char c = 0;
	cloudabi_iovec_t iov = { .buf = &c, .buf_len = 1 };
	size_t n = 9;
	void *mem;

	if (RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm) ||
	    RT_SYS(file_stat_fput)(shm, &size, CLOUDABI_FILESTAT_SIZE) ||
	    RT_SYS(mem_map)(NULL, 4096, CLOUDABI_PROT_READ |
			    CLOUDABI_PROT_WRITE, CLOUDABI_MAP_SHARED, shm, 0,
			    &mem))
		mem = NULL;
	l = mem;
	if (l)
		*l = me | CLOUDABI_LOCK_WRLOCKED;
	if (l && RT_SYS(proc_fork)(&proc, &tid) == 0 &&
	    proc == PROCESS_CHILD) {
		/* Blocks until the parent unlocks, then holds it. */
		RT_SYS(proc_exit)(lock_shared(l) == 0 &&
				  (*l & ~CLOUDABI_LOCK_KERNEL_MANAGED) ==
				  (tid | CLOUDABI_LOCK_WRLOCKED) ? 5 : 6);
	}
	CHECK(l && wait_end(proc, &ev, 50000000) == 0 && ev.userdata == 6 &&
	      RT_SYS(lock_unlock)(l, CLOUDABI_SCOPE_SHARED) == 0 &&
	      wait_end(proc, &ev, 0) == 0 && ev.proc_terminate.exitcode == 5,
	      "a shared lock: the child waits while the parent holds it, "
	      "then takes it");
	if (l)
		RT_SYS(fd_close)(proc);

	/* A child blocked in a lock wait dies when its descriptor closes. */
	RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b);
	if (l)
		*l = me | CLOUDABI_LOCK_WRLOCKED;
	if (l && RT_SYS(proc_fork)(&proc, &tid) == 0 &&
	    proc == PROCESS_CHILD) {
		lock_shared(l);
		put(a, "x");
		RT_SYS(proc_exit)(0);
	}
	if (l) {
		wait_end(proc, &ev, 20000000);
		RT_SYS(fd_close)(proc);
	}
	RT_SYS(fd_close)(a);
	CHECK(l && RT_SYS(fd_read)(b, &iov, 1, &n) == 0 && n == 0,
	      "a child blocked on a lock is killed by closing its descriptor");
	RT_SYS(fd_close)(b);
	if (l)
		RT_SYS(mem_unmap)(mem, 4096);
	RT_SYS(fd_close)(shm);
}

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen }, v;
	cloudabi_fd_t out, proc;
	cloudabi_event_t ev;
	cloudabi_tid_t tid;
	unsigned int before, i, bad = 0;
	int64_t forks = 100;

	if (!fd_of(&root, "out", &out))
		return 101;
	if (rt_ad_map_get(&root, "forks", &v) == 1)
		rt_ad_int(&v, &forks);
	tap_plan_fd(7 + 3 + 2 + 1 + 1, out);
	exit_codes(rt.tid);
	confined_and_sent();
	shared_locks(rt.tid);
	fork_without_room();

	before = rt_open_slots();
	for (i = 0; i < forks; i++) {
		if (RT_SYS(proc_fork)(&proc, &tid)) {
			bad++;
			continue;
		}
		if (proc == PROCESS_CHILD)
			RT_SYS(proc_exit)(i & 0xff);
		bad += wait_end(proc, &ev, 0) != 0 ||
		       ev.proc_terminate.exitcode != (i & 0xff);
		RT_SYS(fd_close)(proc);
	}
	CHECK(!bad && rt_open_slots() == before,
	      "%u forks, each exit code seen, no descriptor left (%u bad)",
	      (unsigned int)forks, bad);
	return tap_done();
}
