// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: resource limits reached from a program
 *
 * Started through cloudabi-run with {out: !fd stdout, dir: !file DIR,
 * limit: NAME}, once per limit, with the runner having set that limit
 * first:
 *
 *   nofile  ulimit -n 32: descriptors run out with EMFILE on every call
 *           that makes one, a pair never half-made, and a close frees one
 *   as      ulimit -v 65536: mappings past the address-space bound are
 *           ENOMEM and lose nothing
 *   fsize   ulimit -f 16: writes past the file-size bound are EFBIG (no
 *           SIGXFSZ ends the program: start-up ignores it)
 *   pids    a pids cgroup of at most 4 tasks: proc_fork and thread_create
 *           are EAGAIN, and work again once children end
 *   memcg   a memory cgroup of 48 MiB: a child that touches 256 MiB is
 *           ended by the cgroup's OOM killer (SIGKILL), its parent is not
 */

#include "argdata.h"
#include "rt.h"

#define R(x) CLOUDABI_RIGHT_##x
#define MIB (1024 * 1024)

static cloudabi_fd_t out, dir;

static cloudabi_errno_t create(const char *name, cloudabi_fd_t *fd)
{
	cloudabi_fdstat_t req = {
		.fs_rights_base = R(FD_READ) | R(FD_WRITE) | R(FD_SEEK) |
				  R(FILE_ALLOCATE) | R(FILE_STAT_FPUT_SIZE),
	};

	return RT_SYS(file_open)((cloudabi_lookup_t){ .fd = dir }, name,
				 rt_strlen(name),
				 CLOUDABI_O_CREAT | CLOUDABI_O_TRUNC, &req, fd);
}

static cloudabi_errno_t map_anon(size_t len, void **p)
{
	return RT_SYS(mem_map)(NULL, len, CLOUDABI_PROT_READ |
			       CLOUDABI_PROT_WRITE, CLOUDABI_MAP_ANON |
			       CLOUDABI_MAP_PRIVATE, CLOUDABI_MAP_ANON_FD, 0, p);
}

static cloudabi_errno_t wait_end(cloudabi_fd_t proc, cloudabi_event_t *ev)
{
	cloudabi_subscription_t in = {
		.userdata = 5, .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE,
		.proc_terminate.fd = proc,
	};
	size_t n = 0;

	return RT_SYS(poll)(&in, ev, 1, &n);
}

/* ulimit -n 32 */
static void nofile(void)
{
	cloudabi_fd_t fd, a = ~0u, b = ~0u, last = 0;
	cloudabi_errno_t err = 0;
	unsigned int n = 0, open;

	while (!err && n < 100) {
		err = RT_SYS(fd_dup)(out, &fd);
		if (!err) {
			last = fd;
			n++;
		}
	}
	CHECK(err == CLOUDABI_EMFILE && n > 20 && n < 32,
	      "fd_dup stops at RLIMIT_NOFILE with EMFILE (after %u)", n);
	open = rt_open_slots();
	CHECK_EQ(create("f", &fd), CLOUDABI_EMFILE,
		 "file_open with a full table is EMFILE");
	CHECK_EQ(RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &fd),
		 CLOUDABI_EMFILE, "fd_create1 with a full table is EMFILE");
	RT_SYS(fd_close)(last);
	err = RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b);
	CHECK(err == CLOUDABI_EMFILE && rt_open_slots() == open - 1,
	      "fd_create2 with one slot free is EMFILE and keeps no half "
	      "(%u, %u slots)", err, rt_open_slots());
	CHECK(RT_SYS(fd_dup)(out, &fd) == 0 && fd == last,
	      "a closed slot is there for the next descriptor");
}

/* ulimit -v 65536 (KiB) */
static void address_space(void)
{
	void *p = NULL, *q = NULL;
	cloudabi_fd_t shm;
	cloudabi_errno_t err;

	CHECK_EQ(map_anon(256 * MIB, &p), CLOUDABI_ENOMEM,
		 "mem_map of 256 MiB past RLIMIT_AS is ENOMEM");
	err = RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm);
	CHECK(!err && RT_SYS(mem_map)(NULL, 256 * MIB, CLOUDABI_PROT_READ,
				      CLOUDABI_MAP_SHARED, shm, 0, &q) ==
	      CLOUDABI_ENOMEM, "a shared mapping past it is ENOMEM too");
	CHECK(map_anon(MIB, &p) == 0 && (((char *)p)[MIB - 1] = 1) &&
	      RT_SYS(mem_unmap)(p, MIB) == 0,
	      "and 1 MiB still maps afterwards");
}

/* ulimit -f 16 (busybox: 512-byte blocks, 8 KiB) */
static void file_size(void)
{
	static char kib[1024];
	cloudabi_ciovec_t iov = { .buf = kib, .buf_len = sizeof(kib) };
	cloudabi_filestat_t st = { .st_size = MIB };
	cloudabi_errno_t err = 0;
	cloudabi_fd_t fd, shm;
	unsigned int n = 0;
	size_t w;

	if (create("big", &fd)) {
		CHECK(0, "a file to grow");
		return;
	}
	while (!err && n < 1024) {
		err = RT_SYS(fd_write)(fd, &iov, 1, &w);
		n += !err;
	}
	CHECK(err == CLOUDABI_EFBIG && n >= 1 && n <= 64,
	      "fd_write past RLIMIT_FSIZE is EFBIG, and the program lives "
	      "(after %u KiB)", n);
	CHECK_EQ(RT_SYS(fd_pwrite)(fd, &iov, 1, MIB, &w), CLOUDABI_EFBIG,
		 "fd_pwrite at 1 MiB is EFBIG");
	CHECK_EQ(RT_SYS(file_allocate)(fd, 0, MIB), CLOUDABI_EFBIG,
		 "file_allocate to 1 MiB is EFBIG");
	CHECK_EQ(RT_SYS(file_stat_fput)(fd, &st, CLOUDABI_FILESTAT_SIZE),
		 CLOUDABI_EFBIG, "file_stat_fput of a 1 MiB size is EFBIG");
	err = RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm);
	for (n = 0; !err && n < 1024; n += !err)
		err = RT_SYS(fd_write)(shm, &iov, 1, &w);
	CHECK(err == CLOUDABI_EFBIG && n >= 1 && n <= 64,
	      "shared memory is bounded by it too (EFBIG after %u KiB: %u)",
	      n, err);
}

static cloudabi_errno_t dummy_thread(cloudabi_tid_t *tid);

/* A pids cgroup of 4 tasks: children that wait until told to end. */
static void pids(void)
{
	cloudabi_fd_t procs[8], a, b;
	cloudabi_errno_t err = 0;
	cloudabi_event_t ev;
	cloudabi_tid_t tid;
	unsigned int n = 0, i, open, ended = 0;
	char c;
	cloudabi_iovec_t iov = { .buf = &c, .buf_len = 1 };
	size_t r;

	if (RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b)) {
		CHECK(0, "a socket pair to hold the children");
		return;
	}
	while (!err && n < 8) {
		err = RT_SYS(proc_fork)(&procs[n], &tid);
		if (!err && procs[n] == CLOUDABI_PROCESS_CHILD) {
			/* Until the parent closes its end, the last. */
			RT_SYS(fd_close)(a);
			RT_SYS(fd_read)(b, &iov, 1, &r);
			RT_SYS(proc_exit)(0);
		}
		n += !err;
	}
	open = rt_open_slots();
	CHECK(err == CLOUDABI_EAGAIN && n >= 1 && n < 4,
	      "proc_fork past pids.max is EAGAIN (after %u, %u)", n, err);
	CHECK(dummy_thread(&tid) == CLOUDABI_EAGAIN &&
	      rt_open_slots() == open,
	      "thread_create past it is EAGAIN, and nothing is left over");
	RT_SYS(fd_close)(a);
	for (i = 0; i < n; i++)
		ended += wait_end(procs[i], &ev) == 0 && ev.error == 0 &&
			 ev.proc_terminate.exitcode == 0 &&
			 RT_SYS(fd_close)(procs[i]) == 0;
	CHECK(ended == n, "the %u children end", n);
	err = RT_SYS(proc_fork)(&procs[0], &tid);
	if (!err && procs[0] == CLOUDABI_PROCESS_CHILD)
		RT_SYS(proc_exit)(9);
	CHECK(!err && wait_end(procs[0], &ev) == 0 &&
	      ev.proc_terminate.exitcode == 9,
	      "and proc_fork works again");
}

static _Noreturn void thread_entry(cloudabi_tid_t tid, void *arg)
{
	(void)tid;
	(void)arg;
	RT_SYS(thread_exit)((_Atomic(cloudabi_lock_t) *)arg,
			    CLOUDABI_SCOPE_PRIVATE);
	__builtin_unreachable();
}

static cloudabi_errno_t dummy_thread(cloudabi_tid_t *tid)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	static _Atomic(cloudabi_lock_t) join = CLOUDABI_LOCK_BOGUS;
	cloudabi_threadattr_t attr = {
		.entry_point = thread_entry, .stack = stack,
		.stack_len = sizeof(stack), .argument = (void *)&join,
	};

	return RT_SYS(thread_create)(&attr, tid);
}

/* A memory cgroup of 48 MiB: a child touching 256 MiB is the OOM victim. */
static void memcg(void)
{
	cloudabi_event_t ev;
	cloudabi_fd_t proc;
	cloudabi_tid_t tid;
	char *p;
	size_t i;
	void *q;

	if (RT_SYS(proc_fork)(&proc, &tid)) {
		CHECK(0, "a child to be the victim");
		CHECK(0, "a child to be the victim");
		return;
	}
	if (proc == CLOUDABI_PROCESS_CHILD) {
		if (map_anon(256 * MIB, &q))
			RT_SYS(proc_exit)(3);
		for (p = q, i = 0; i < 256 * MIB; i += 4096)
			p[i] = 1;
		RT_SYS(proc_exit)(4);
	}
	CHECK(wait_end(proc, &ev) == 0 &&
	      ev.proc_terminate.signal == CLOUDABI_SIGKILL,
	      "a child touching 256 MiB in a 48 MiB cgroup is killed "
	      "(exit %u, signal %u)", ev.proc_terminate.exitcode,
	      ev.proc_terminate.signal);
	CHECK(map_anon(MIB, &q) == 0 && (((char *)q)[0] = 1) &&
	      RT_SYS(mem_unmap)(q, MIB) == 0,
	      "its parent lives on and still maps memory");
}

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

static const struct {
	const char *name;
	void (*run)(void);
	unsigned int checks;
} limits[] = {
	{ "nofile", nofile, 5 },
	{ "as", address_space, 3 },
	{ "fsize", file_size, 5 },
	{ "pids", pids, 4 },
	{ "memcg", memcg, 2 },
};

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen }, v;
	const char *name;
	size_t len;
	unsigned int i;

	if (!fd_of(&root, "out", &out) || !fd_of(&root, "dir", &dir) ||
	    rt_ad_map_get(&root, "limit", &v) != 1 ||
	    rt_ad_str(&v, &name, &len) != 0)
		return 101;
	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		if (rt_strcmp(name, limits[i].name))
			continue;
		tap_plan_fd(limits[i].checks, out);
		limits[i].run();
		return tap_done();
	}
	return 102;
}
