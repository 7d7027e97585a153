// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: proc_exec
 *
 * Started through cloudabi-run with {out: !fd stdout, self: !executable
 * exec.test, text: !file data.txt, native: !executable exec-errno,
 * broken: !executable phnum-huge.bad, execs: N}.  Every way proc_exec can
 * fail must leave the caller running with the spec's error and its
 * descriptors as they were.  Then children exec this program again with
 * argument data this one builds, {out, self, step, n, blob}, and the
 * descriptor list [out, self, out]: each image checks that it holds
 * exactly those three slots, that the blob came through byte for byte,
 * and execs the next until n reaches 0 (N images in a row: no filter is
 * stacked per exec).  An image proc_exec made is still confined: a raw
 * system call kills it.  With {then: sleep} the program execs at once
 * into an image that sleeps 3 s, for the runner to inspect from outside.
 */

#include "argdata.h"
#include "rt.h"

#include "../raw_syscall.h"

#define PROCESS_CHILD CLOUDABI_PROCESS_CHILD
#define CHAIN_DONE 42

static const unsigned char blob[] = { 0, 1, 2, 0, 0xff, 0x80, 0, 7 };

/* An argdata encoder just big enough for this test's map. */
struct ad_out {
	unsigned char buf[256];
	size_t len;
};

static void ad_field(struct ad_out *o, const void *val, size_t len)
{
	o->buf[o->len++] = 0x80 | (unsigned char)len;	/* len < 128 */
	memcpy(o->buf + o->len, val, len);
	o->len += len;
}

static void ad_str(struct ad_out *o, const char *s)
{
	unsigned char v[64];
	size_t n = rt_strlen(s);

	v[0] = RT_AD_STR;
	memcpy(v + 1, s, n + 1);
	ad_field(o, v, n + 2);
}

static void ad_fd(struct ad_out *o, uint32_t fd)
{
	unsigned char v[5] = { RT_AD_FD, fd >> 24, fd >> 16, fd >> 8, fd };

	ad_field(o, v, sizeof(v));
}

static void ad_int(struct ad_out *o, uint32_t n)
{
	unsigned char v[6] = { RT_AD_INT, 0, n >> 24, n >> 16, n >> 8, n };

	ad_field(o, v, sizeof(v));
}

/* {out: fd 0, self: fd 1, step: @step, n: @n, blob: binary}. */
static void build_args(struct ad_out *o, const char *step, uint32_t n)
{
	unsigned char b[sizeof(blob) + 1];

	o->len = 0;
	o->buf[o->len++] = RT_AD_MAP;
	ad_str(o, "out");
	ad_fd(o, 0);
	ad_str(o, "self");
	ad_fd(o, 1);
	ad_str(o, "step");
	ad_str(o, step);
	ad_str(o, "n");
	ad_int(o, n);
	ad_str(o, "blob");
	b[0] = RT_AD_BINARY;
	memcpy(b + 1, blob, sizeof(blob));
	ad_field(o, b, sizeof(b));
}

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

static cloudabi_errno_t exec_self(cloudabi_fd_t out, cloudabi_fd_t self,
				  const char *step, uint32_t n)
{
	cloudabi_fd_t fds[3] = { out, self, out };
	struct ad_out o;

	build_args(&o, step, n);
	return RT_SYS(proc_exec)(self, o.buf, o.len, fds, 3);
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

/* Runs @step in a child made to exec, returns how the child ended. */
static int child_exec(cloudabi_fd_t out, cloudabi_fd_t self,
		      const char *step, uint32_t n, cloudabi_signal_t *sig)
{
	cloudabi_fd_t proc;
	cloudabi_tid_t tid;
	cloudabi_event_t ev;

	if (RT_SYS(proc_fork)(&proc, &tid))
		return -1;
	if (proc == PROCESS_CHILD) {
		exec_self(out, self, step, n);
		RT_SYS(proc_exit)(99);	/* the exec failed */
	}
	if (wait_end(proc, &ev) || ev.error)
		return -2;
	RT_SYS(fd_close)(proc);
	*sig = ev.proc_terminate.signal;
	return ev.proc_terminate.signal ? -3 : (int)ev.proc_terminate.exitcode;
}

/* One image of the chain: check what it was given, exec the next. */
static int chain_step(struct rt_ad *root)
{
	cloudabi_fd_t out, self, again;
	cloudabi_fdstat_t a, b;
	struct rt_ad v;
	const void *p;
	size_t len;
	int64_t n;

	if (!fd_of(root, "out", &out) || !fd_of(root, "self", &self) ||
	    out != 0 || self != 1)
		return 11;
	if (rt_ad_map_get(root, "n", &v) != 1 || rt_ad_int(&v, &n))
		return 12;
	if (rt_ad_map_get(root, "blob", &v) != 1 ||
	    rt_ad_binary(&v, &p, &len) || len != sizeof(blob) ||
	    rt_memcmp(p, blob, len))
		return 13;
	/* Exactly [out, self, out]: 2 is a copy of 0, nothing else. */
	again = 2;
	if (rt_open_slots() != 3 || RT_SYS(fd_stat_get)(0, &a) ||
	    RT_SYS(fd_stat_get)(again, &b) || a.fs_filetype != b.fs_filetype ||
	    a.fs_rights_base != b.fs_rights_base)
		return 14;
	if (n == 0)
		return CHAIN_DONE;
	exec_self(out, self, "chain", (uint32_t)n - 1);
	return 15;
}

/* What a thread that execs needs: the two descriptors. */
static cloudabi_fd_t thread_fds[2];

static void exec_from_thread(cloudabi_tid_t tid, void *arg)
{
	(void)tid;
	(void)arg;
	exec_self(thread_fds[0], thread_fds[1], "chain", 0);
	RT_SYS(proc_exit)(98);
}

/*
 * A forked child whose second thread execs while the first sleeps: the
 * exec ends the sleeper, and the parent's descriptor must follow the
 * thread that became the process (its pid, its exit code).
 */
static int thread_exec(cloudabi_fd_t out, cloudabi_fd_t self)
{
	cloudabi_threadattr_t attr = { .entry_point = exec_from_thread };
	cloudabi_subscription_t in[2] = {
		{ .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE },
		{ .type = CLOUDABI_EVENTTYPE_CLOCK,
		  .clock = { .clock_id = CLOUDABI_CLOCK_MONOTONIC,
			     .timeout = 20000000000ULL } },
	};
	cloudabi_event_t ev[2];
	cloudabi_fd_t proc;
	cloudabi_tid_t tid;
	void *stack;
	size_t n = 0;

	if (RT_SYS(proc_fork)(&proc, &tid))
		return -1;
	if (proc == PROCESS_CHILD) {
		thread_fds[0] = out;
		thread_fds[1] = self;
		if (RT_SYS(mem_map)(NULL, 65536, CLOUDABI_PROT_READ |
				    CLOUDABI_PROT_WRITE, CLOUDABI_MAP_ANON |
				    CLOUDABI_MAP_PRIVATE, CLOUDABI_MAP_ANON_FD,
				    0, &stack))
			RT_SYS(proc_exit)(97);
		attr.stack = stack;
		attr.stack_len = 65536;
		if (RT_SYS(thread_create)(&attr, &tid))
			RT_SYS(proc_exit)(96);
		/* Sleep until the exec ends this thread. */
		RT_SYS(poll)(&in[1], ev, 1, &n);
		RT_SYS(proc_exit)(95);
	}
	in[0].proc_terminate.fd = proc;
	if (RT_SYS(poll)(in, ev, 2, &n) || n != 1 ||
	    ev[0].type != CLOUDABI_EVENTTYPE_PROC_TERMINATE)
		return -2;
	RT_SYS(fd_close)(proc);
	return ev[0].proc_terminate.signal ? -3 :
	       (int)ev[0].proc_terminate.exitcode;
}

/* An exec'd image that waits 3 s, for the runner to look at from outside. */
static int sleep_step(void)
{
	cloudabi_subscription_t in = {
		.type = CLOUDABI_EVENTTYPE_CLOCK,
		.clock = { .clock_id = CLOUDABI_CLOCK_MONOTONIC,
			   .timeout = 3000000000ULL },
	};
	cloudabi_event_t ev;
	size_t n;

	return RT_SYS(poll)(&in, &ev, 1, &n) ? 17 : 0;
}

static int escape_step(void)
{
	raw_syscall3(NR_getpid, 0, 0, 0);
	return 16;	/* the filter did not hold */
}

static cloudabi_errno_t exec_with(cloudabi_fd_t fd, const void *data,
				  size_t data_len, const cloudabi_fd_t *fds,
				  size_t nfds)
{
	return RT_SYS(proc_exec)(fd, data, data_len, fds, nfds);
}

/* Each failure leaves the caller as it was: same slots, still working. */
static void failures(struct rt_ad *root, cloudabi_fd_t out,
		     cloudabi_fd_t self)
{
	unsigned int before = rt_open_slots();
	int32_t gate = *(const int32_t *)((const char *)rt.vdso - 4096 + 16);
	cloudabi_fd_t text = 0, native = 0, broken = 0, fds[2] = { out, 999 };
	cloudabi_fd_t with_gate[2] = { out, (cloudabi_fd_t)gate };
	cloudabi_fdstat_t st;
	struct ad_out o;

	build_args(&o, "chain", 0);
	fd_of(root, "text", &text);
	fd_of(root, "native", &native);
	fd_of(root, "broken", &broken);
	CHECK_EQ(exec_with(999, o.buf, o.len, fds, 1), CLOUDABI_EBADF,
		 "proc_exec of a closed descriptor: EBADF");
	CHECK_EQ(exec_with((cloudabi_fd_t)gate, o.buf, o.len, fds, 1),
		 CLOUDABI_EBADF, "proc_exec of the gate: EBADF");
	CHECK_EQ(exec_with(text, o.buf, o.len, fds, 1), CLOUDABI_EACCES,
		 "proc_exec of a file without an execute bit: EACCES");
	CHECK_EQ(exec_with(native, o.buf, o.len, fds, 1), CLOUDABI_ENOEXEC,
		 "proc_exec of a native ELF: ENOEXEC");
	CHECK_EQ(exec_with(broken, o.buf, o.len, fds, 1), CLOUDABI_ENOEXEC,
		 "proc_exec of a broken CloudABI ELF: ENOEXEC");
	CHECK_EQ(exec_with(self, o.buf, o.len, fds, 2), CLOUDABI_EBADF,
		 "proc_exec with a closed descriptor in fds: EBADF");
	CHECK_EQ(exec_with(self, o.buf, o.len, with_gate, 2), CLOUDABI_EBADF,
		 "proc_exec with the gate in fds: EBADF");
	CHECK_EQ(exec_with(self, o.buf, (size_t)1 << 40, fds, 1),
		 CLOUDABI_E2BIG, "proc_exec with 1 TiB of data: E2BIG");
	CHECK_EQ(exec_with(self, o.buf, o.len, fds, (size_t)1 << 20),
		 CLOUDABI_EMFILE, "proc_exec keeping 2^20 descriptors: EMFILE");
	CHECK_EQ(exec_with(self, (const void *)8, 16, fds, 1), CLOUDABI_EFAULT,
		 "proc_exec with unreadable data: EFAULT");
	CHECK_EQ(exec_with(self, o.buf, o.len, (const cloudabi_fd_t *)8, 1),
		 CLOUDABI_EFAULT, "proc_exec with an unreadable fds: EFAULT");
	CHECK_EQ(RT_SYS(fd_stat_get)(out, &st) == 0 ? rt_open_slots() : 0,
		 before, "after every failure the same descriptors work");
}

/* A copy without PROC_EXEC cannot be executed. */
static void needs_right(cloudabi_fd_t self)
{
	cloudabi_fdstat_t st;
	cloudabi_fd_t copy;
	struct ad_out o;

	build_args(&o, "chain", 0);
	if (RT_SYS(fd_dup)(self, &copy) || RT_SYS(fd_stat_get)(copy, &st)) {
		CHECK(0, "fd_dup of the executable");
		return;
	}
	st.fs_rights_base &= ~CLOUDABI_RIGHT_PROC_EXEC;
	RT_SYS(fd_stat_put)(copy, &st, CLOUDABI_FDSTAT_RIGHTS);
	CHECK_EQ(exec_with(copy, o.buf, o.len, &copy, 1),
		 CLOUDABI_ENOTCAPABLE,
		 "proc_exec without CLOUDABI_RIGHT_PROC_EXEC: ENOTCAPABLE");
	RT_SYS(fd_close)(copy);
}

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen }, v;
	cloudabi_fd_t out, self;
	cloudabi_signal_t sig = 0;
	const char *step = "";
	int64_t execs = 100;
	size_t len;
	int ret;

	if (rt_ad_map_get(&root, "step", &v) == 1)
		rt_ad_str(&v, &step, &len);
	if (!rt_strcmp(step, "chain"))
		return chain_step(&root);
	if (!rt_strcmp(step, "escape"))
		return escape_step();
	if (!rt_strcmp(step, "sleep"))
		return sleep_step();
	if (!fd_of(&root, "out", &out) || !fd_of(&root, "self", &self))
		return 101;
	/* {then: sleep}: become the sleeping image at once. */
	if (rt_ad_map_get(&root, "then", &v) == 1) {
		exec_self(out, self, "sleep", 0);
		return 102;
	}
	if (rt_ad_map_get(&root, "execs", &v) == 1)
		rt_ad_int(&v, &execs);
	tap_plan_fd(11 + 1 + 1 + 4, out);
	failures(&root, out, self);
	needs_right(self);

	ret = child_exec(out, self, "chain", 0, &sig);
	CHECK_EQ(ret, CHAIN_DONE,
		 "an exec'd image holds [out, self, out] and the data intact");
	ret = child_exec(out, self, "chain", (uint32_t)execs - 1, &sig);
	CHECK(ret == CHAIN_DONE, "%u execs in a row, each checked (%d)",
	      (unsigned int)execs, ret);
	ret = thread_exec(out, self);
	CHECK(ret == CHAIN_DONE,
	      "an exec by a second thread: its process descriptor reports it (%d)",
	      ret);
	ret = child_exec(out, self, "escape", 0, &sig);
	CHECK(ret == -3 && sig == CLOUDABI_SIGSYS,
	      "an exec'd image is still confined: a raw getpid is SIGSYS (%d, %u)",
	      ret, (unsigned int)sig);
	return tap_done();
}
