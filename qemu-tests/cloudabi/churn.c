// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: descriptors changed under threads that use them
 *
 * Started through cloudabi-run with {out: !fd stdout, dir: !file DIR,
 * self: !executable churn.test, seconds: N}.  One slot, X, is replaced,
 * closed and made again by a mutator thread for N seconds, as a file, a
 * socket and shared memory in turn, while a user thread reads, writes,
 * maps, polls, duplicates and sends whatever X holds, and a receiver
 * thread takes what was sent and closes it.  Every call must succeed or
 * fail with an errno that a descriptor changing kind or vanishing
 * explains (EBADF, ENOTCAPABLE, ...); anything else (EFAULT, EIO, ENOMEM,
 * an unknown errno) is a failure, and afterwards the table holds what it
 * held before.  Then children exec this program while two other threads
 * of theirs make calls: each image must start (it exits 33).
 *
 * With {out, block: HOW} the program writes "blocked" and blocks for
 * ever in HOW (poll, recv, lock or condvar), for the runner to kill it
 * there.  With no argument data at all it exits 33 at once.
 */

#include <stdatomic.h>

#include "argdata.h"
#include "rt.h"

#define R(x) CLOUDABI_RIGHT_##x
#define PRIVATE CLOUDABI_SCOPE_PRIVATE
#define WRLOCKED CLOUDABI_LOCK_WRLOCKED

static cloudabi_fd_t out, dir, self;
static cloudabi_fd_t file, sock_a, sock_b, shm, pass_a, pass_b;
static _Atomic(cloudabi_fd_t) slot;
static atomic_int stop;

/* What a call may answer while its descriptor changes under it. */
static const cloudabi_errno_t explained[] = {
	0, CLOUDABI_EBADF, CLOUDABI_ENOTCAPABLE, CLOUDABI_EAGAIN,
	CLOUDABI_ESPIPE, CLOUDABI_ENOTSOCK, CLOUDABI_EINVAL, CLOUDABI_EACCES,
	CLOUDABI_ENODEV, CLOUDABI_ENOTDIR,
};

static atomic_ulong calls, unexplained;
static atomic_uint last_unexplained, last_call;

static void note(unsigned int call, cloudabi_errno_t err)
{
	unsigned int i;

	atomic_fetch_add(&calls, 1);
	for (i = 0; i < sizeof(explained) / sizeof(explained[0]); i++)
		if (err == explained[i])
			return;
	atomic_fetch_add(&unexplained, 1);
	atomic_store(&last_unexplained, err);
	atomic_store(&last_call, call);
}

static cloudabi_timestamp_t now(void)
{
	cloudabi_timestamp_t t = 0;

	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0, &t);
	return t;
}

/* --- the churn ------------------------------------------------------ */

/* X becomes a file, a socket, shared memory, nothing, a file again. */
static void mutator(void *unused __attribute__((unused)))
{
	unsigned int i;
	cloudabi_fd_t fd;

	for (i = 0; !atomic_load(&stop); i++) {
		switch (i % 5) {
		case 0:
			note(100, RT_SYS(fd_replace)(file, slot));
			break;
		case 1:
			note(101, RT_SYS(fd_replace)(sock_a, slot));
			break;
		case 2:
			note(102, RT_SYS(fd_replace)(shm, slot));
			break;
		case 3:
			note(103, RT_SYS(fd_close)(slot));
			break;
		case 4:
			/* The lowest free slot: X again, unless a received
			 * descriptor took it; then that one is X. */
			if (!RT_SYS(fd_dup)(file, &fd))
				atomic_store(&slot, fd);
			break;
		}
	}
}

static void use_once(unsigned int i)
{
	cloudabi_fd_t x = atomic_load(&slot), fd;
	char buf[16] = "churn";
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = sizeof(buf) };
	cloudabi_ciovec_t ciov = { .buf = buf, .buf_len = 1 };
	cloudabi_subscription_t sub[2] = {
		{ .type = CLOUDABI_EVENTTYPE_FD_READ,
		  .fd_readwrite.fd = x },
		{ .type = CLOUDABI_EVENTTYPE_CLOCK,
		  .clock = { .clock_id = CLOUDABI_CLOCK_MONOTONIC } },
	};
	cloudabi_send_in_t si = { .si_data = &ciov, .si_data_len = 1,
				  .si_fds = &x, .si_fds_len = 1 };
	cloudabi_send_out_t so;
	cloudabi_event_t ev[2];
	cloudabi_fdstat_t st;
	size_t n;
	void *p;

	switch (i % 8) {
	case 0:
		note(0, RT_SYS(fd_write)(x, &ciov, 1, &n));
		break;
	case 1:
		note(1, RT_SYS(fd_read)(x, &iov, 1, &n));
		break;
	case 2:
		note(2, RT_SYS(fd_stat_get)(x, &st));
		break;
	case 3:
		note(3, RT_SYS(fd_pread)(x, &iov, 1, 0, &n));
		break;
	case 4:
		if (!RT_SYS(mem_map)(NULL, 4096, CLOUDABI_PROT_READ,
				     CLOUDABI_MAP_SHARED, x, 0, &p)) {
			note(4, 0);
			RT_SYS(mem_unmap)(p, 4096);
		} else {
			note(4, CLOUDABI_EBADF);
		}
		break;
	case 5:
		note(5, RT_SYS(poll)(sub, ev, 2, &n));
		if (n == 2 || (n == 1 && ev[0].type == sub[0].type))
			note(5, ev[0].error);
		break;
	case 6:
		if (!RT_SYS(fd_dup)(x, &fd)) {
			note(6, RT_SYS(fd_stat_get)(fd, &st));
			note(6, RT_SYS(fd_close)(fd));
		}
		break;
	case 7:
		note(7, RT_SYS(sock_send)(pass_a, &si, &so));
		break;
	}
}

static void user(void *unused __attribute__((unused)))
{
	unsigned int i;

	for (i = 0; !atomic_load(&stop); i++)
		use_once(i);
}

/* Takes what the user sent and closes it; drains the stream socket. */
static void receiver(void *unused __attribute__((unused)))
{
	char buf[64];
	cloudabi_fd_t fds[4];
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = sizeof(buf) };
	cloudabi_recv_in_t ri = { .ri_data = &iov, .ri_data_len = 1,
				  .ri_fds = fds, .ri_fds_len = 4 };
	cloudabi_recv_out_t ro;
	size_t i, n;

	while (!atomic_load(&stop)) {
		if (!RT_SYS(sock_recv)(pass_b, &ri, &ro))
			for (i = 0; i < ro.ro_fdslen; i++)
				note(200, RT_SYS(fd_close)(fds[i]));
		RT_SYS(fd_read)(sock_b, &iov, 1, &n);
	}
}

static cloudabi_errno_t nonblocking(cloudabi_fd_t fd)
{
	cloudabi_fdstat_t st = { .fs_flags = CLOUDABI_FDFLAG_NONBLOCK };

	return RT_SYS(fd_stat_put)(fd, &st, CLOUDABI_FDSTAT_FLAGS);
}

static int setup(void)
{
	cloudabi_fdstat_t req = {
		.fs_rights_base = R(FD_READ) | R(FD_WRITE) | R(FD_SEEK) |
				  R(MEM_MAP) | R(POLL_FD_READWRITE) |
				  R(FD_STAT_PUT_FLAGS),
	};
	cloudabi_fd_t x;

	return RT_SYS(file_open)((cloudabi_lookup_t){ .fd = dir }, "f", 1,
				 CLOUDABI_O_CREAT, &req, &file) == 0 &&
	       RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &sock_a,
				  &sock_b) == 0 &&
	       RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_DGRAM, &pass_a,
				  &pass_b) == 0 &&
	       RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm) == 0 &&
	       nonblocking(sock_a) == 0 && nonblocking(sock_b) == 0 &&
	       nonblocking(pass_a) == 0 && nonblocking(pass_b) == 0 &&
	       RT_SYS(fd_dup)(file, &x) == 0 && (atomic_store(&slot, x), 1);
}

static void churn(unsigned int seconds)
{
	static struct rt_thread w[3];
	unsigned int before, i;
	cloudabi_timestamp_t end;
	int started;

	if (!setup()) {
		CHECK(0, "descriptors to churn");
		CHECK(0, "descriptors to churn");
		return;
	}
	before = rt_open_slots();
	started = rt_thread_start(&w[0], mutator, NULL) &&
		  rt_thread_start(&w[1], user, NULL) &&
		  rt_thread_start(&w[2], receiver, NULL);
	end = now() + seconds * 1000000000ULL;
	while (started && now() < end)
		use_once(3);	/* a fourth thread, reading in place */
	atomic_store(&stop, 1);
	for (i = 0; i < 3; i++)
		started &= rt_thread_join(&w[i]);
	CHECK(started && atomic_load(&unexplained) == 0 && calls > 1000,
	      "%lu calls on a slot changing under them, %lu unexplained "
	      "(last: errno %u from call %u)", atomic_load(&calls),
	      atomic_load(&unexplained), atomic_load(&last_unexplained),
	      atomic_load(&last_call));
	/* X may be open or not; anything a receive left is closed. */
	RT_SYS(fd_close)(atomic_load(&slot));
	CHECK(rt_open_slots() == before - 1,
	      "afterwards the table holds what it held (%u, %u before, "
	      "with X)", rt_open_slots(), before);
}

/* --- exec racing other threads ------------------------------------- */

static void hammer(void *unused __attribute__((unused)))
{
	unsigned int i;

	for (i = 0; !atomic_load(&stop); i++)
		use_once(i % 3);
}

static void exec_races(void)
{
	unsigned int i, ok = 0, rounds = 20;
	cloudabi_subscription_t in = {
		.type = CLOUDABI_EVENTTYPE_PROC_TERMINATE,
	};
	cloudabi_event_t ev;
	cloudabi_fd_t proc;
	cloudabi_tid_t tid;
	size_t n;

	atomic_store(&stop, 0);
	atomic_store(&slot, file);
	for (i = 0; i < rounds; i++) {
		if (RT_SYS(proc_fork)(&proc, &tid))
			continue;
		if (proc == CLOUDABI_PROCESS_CHILD) {
			static struct rt_thread w[2];

			rt_thread_start(&w[0], hammer, NULL);
			rt_thread_start(&w[1], hammer, NULL);
			RT_SYS(proc_exec)(self, NULL, 0, NULL, 0);
			RT_SYS(proc_exit)(1);
		}
		in.proc_terminate.fd = proc;
		ok += RT_SYS(poll)(&in, &ev, 1, &n) == 0 &&
		      ev.proc_terminate.signal == 0 &&
		      ev.proc_terminate.exitcode == 33;
		RT_SYS(fd_close)(proc);
	}
	CHECK(ok == rounds, "proc_exec while two other threads make calls: "
	      "%u of %u images started", ok, rounds);
}

/* --- blocked for ever, for the runner's kill ----------------------- */

static _Atomic(cloudabi_lock_t) held, cv;

static void wait_for_lock(void *unused __attribute__((unused)))
{
	cloudabi_subscription_t in = {
		.type = CLOUDABI_EVENTTYPE_LOCK_WRLOCK,
		.lock = { .lock = &held, .lock_scope = PRIVATE },
	};
	cloudabi_event_t ev;
	size_t n;

	RT_SYS(poll)(&in, &ev, 1, &n);
}

static int block(const char *how)
{
	static struct rt_thread w;
	cloudabi_subscription_t in = { .type = CLOUDABI_EVENTTYPE_FD_READ };
	cloudabi_ciovec_t msg = { .buf = "blocked\n", .buf_len = 8 };
	char buf[8];
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = sizeof(buf) };
	cloudabi_recv_in_t ri = { .ri_data = &iov, .ri_data_len = 1 };
	cloudabi_recv_out_t ro;
	cloudabi_event_t ev;
	cloudabi_fd_t a, b;
	size_t n;

	if (RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b))
		return 1;
	held = rt.tid | WRLOCKED;
	if (!rt_strcmp(how, "lock") && !rt_thread_start(&w, wait_for_lock, NULL))
		return 1;
	RT_SYS(fd_write)(out, &msg, 1, &n);
	if (!rt_strcmp(how, "poll")) {
		in.fd_readwrite.fd = b;
		RT_SYS(poll)(&in, &ev, 1, &n);
	} else if (!rt_strcmp(how, "recv") || !rt_strcmp(how, "lock")) {
		RT_SYS(sock_recv)(b, &ri, &ro);
	} else if (!rt_strcmp(how, "condvar")) {
		in.type = CLOUDABI_EVENTTYPE_CONDVAR;
		in.condvar.condvar = &cv;
		in.condvar.lock = &held;
		in.condvar.condvar_scope = PRIVATE;
		in.condvar.lock_scope = PRIVATE;
		RT_SYS(poll)(&in, &ev, 1, &n);
	}
	return 2;	/* never: the runner kills it first */
}

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen }, v;
	int64_t seconds = 3;
	const char *how;
	size_t len;

	if (rt.argdatalen == 0)
		return 33;
	if (!fd_of(&root, "out", &out))
		return 101;
	if (rt_ad_map_get(&root, "block", &v) == 1 &&
	    rt_ad_str(&v, &how, &len) == 0)
		return block(how);
	if (!fd_of(&root, "dir", &dir) || !fd_of(&root, "self", &self))
		return 102;
	if (rt_ad_map_get(&root, "seconds", &v) == 1)
		rt_ad_int(&v, &seconds);
	tap_plan_fd(3, out);
	churn((unsigned int)seconds);
	exec_races();
	return tap_done();
}
