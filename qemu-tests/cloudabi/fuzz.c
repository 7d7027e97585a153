// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: a gate fuzzer
 *
 * Started through cloudabi-run with {out: !fd stdout, dir: !file DIR,
 * seconds: N, seed: S}.  Until N seconds have passed it forks children;
 * each runs a batch of gate calls on four threads, with random commands
 * and argument blocks biased toward what breaks handlers: descriptors at
 * the edges and the process's own, lengths 0, 1, a page, 2^31, 2^63 and
 * 2^64 - 1, pointers that are NULL, unmapped, read-only (the vDSO),
 * kernel addresses or real buffers holding paths made of "..", "/", NUL
 * and long components.  A child that is still inside a call after two
 * seconds (a wait that never ends) is killed by closing its descriptor,
 * so children also die in the middle of every blocking call.  What counts
 * is the kernel: a report fails the run (vm-run), and the runner checks
 * that no module object is left.  The gate commands that would replace
 * or end the fuzzer (proc_exec, proc_raise) or wait for adoption
 * (proc_forked) are left out.
 */

#include <stdatomic.h>

#include <cloudabi_gate.h>

#include "argdata.h"
#include "rt.h"

#include "../raw_syscall.h"

#define PROCESS_CHILD CLOUDABI_PROCESS_CHILD
#define THREADS 4
#define BATCH 400
#define STACK (64 * 1024)
/* Each thread's scratch: a page of results, a page for paths. */
#define SCRATCH 8192
#define PATH_ROOM 4096

static const uint32_t commands[] = {
	CLOUDABI_GATE_FD_CREATE1, CLOUDABI_GATE_FD_CREATE2,
	CLOUDABI_GATE_FD_DATASYNC, CLOUDABI_GATE_FD_DUP,
	CLOUDABI_GATE_FD_PREAD, CLOUDABI_GATE_FD_PWRITE,
	CLOUDABI_GATE_FD_READ, CLOUDABI_GATE_FD_REPLACE,
	CLOUDABI_GATE_FD_SEEK, CLOUDABI_GATE_FD_STAT_GET,
	CLOUDABI_GATE_FD_STAT_PUT, CLOUDABI_GATE_FD_SYNC,
	CLOUDABI_GATE_FD_WRITE, CLOUDABI_GATE_FILE_ADVISE,
	CLOUDABI_GATE_FILE_ALLOCATE, CLOUDABI_GATE_FILE_CREATE,
	CLOUDABI_GATE_FILE_LINK, CLOUDABI_GATE_FILE_OPEN,
	CLOUDABI_GATE_FILE_READDIR, CLOUDABI_GATE_FILE_READLINK,
	CLOUDABI_GATE_FILE_RENAME, CLOUDABI_GATE_FILE_STAT_FGET,
	CLOUDABI_GATE_FILE_STAT_FPUT, CLOUDABI_GATE_FILE_STAT_GET,
	CLOUDABI_GATE_FILE_STAT_PUT, CLOUDABI_GATE_FILE_SYMLINK,
	CLOUDABI_GATE_FILE_UNLINK, CLOUDABI_GATE_MEM_MAP,
	CLOUDABI_GATE_POLL, CLOUDABI_GATE_SOCK_RECV,
	CLOUDABI_GATE_SOCK_SEND, CLOUDABI_GATE_SOCK_SHUTDOWN,
	CLOUDABI_GATE_FD_RESTRICT, CLOUDABI_GATE_PROC_ADOPT,
};

static const char *const paths[] = {
	"", ".", "..", "../..", "/", "/etc/passwd", "a", "a/b", "a/../..",
	"f", "d", "d/", "d/f", "l", "l/", "l/..", "x\0y", "./././f",
	"d/../../x", "proc/self/fd/0",
};

/* What every child shares with the parent: counts, in shared memory. */
struct tally {
	atomic_ulong calls;
	atomic_ulong errors;
};

static struct tally *tally;
static int32_t gate;
static cloudabi_fd_t dir;
static char *buffers;	/* SCRATCH bytes per thread */

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void fill_path(char *buf, uint64_t *s)
{
	const char *p = paths[next(s) % (sizeof(paths) / sizeof(paths[0]))];
	size_t n = rt_strlen(p), i;

	if (next(s) % 8 == 0) {	/* a long path, up to a page */
		n = next(s) % (PATH_ROOM - 8);
		for (i = 0; i < n; i++)
			buf[i] = i % 64 == 63 ? '/' : 'a';
	} else {
		memcpy(buf, p, n + 3);	/* NUL-separated tails too */
	}
	buf[n] = 0;
}

/* A value for one 8-byte word of an argument block. */
static uint64_t word(uint64_t *s, char *buf)
{
	static const uint64_t edges[] = {
		0, 1, 2, 7, 8, 4096, 4097, 0x7fffffff, 0x80000000, 0xffffffff,
		0x100000000ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
		0xffffffffffffffffULL,
	};
	uint64_t r = next(s) % 16;

	switch (r) {
	case 0: case 1: case 2: case 3:
		return next(s) % 12;			/* a descriptor */
	case 4:
		return (uint32_t)gate;
	case 5: case 6:
		return edges[next(s) % (sizeof(edges) / sizeof(edges[0]))];
	case 7: case 8:
		fill_path(buf, s);
		return (uint64_t)(uintptr_t)buf + next(s) % 8;
	case 9:
		return (uint64_t)(uintptr_t)rt.vdso;	/* read-only */
	case 10:
		return 0x1000 * (next(s) % 16);		/* unmapped */
	case 11:
		return 0xffff888000000000ULL + (next(s) % 4096);
	case 12:
		return next(s) % 4;			/* a small length */
	default:
		return next(s);
	}
}

static void one_call(uint64_t *s, char *buf)
{
	uint64_t block[8];
	uint32_t cmd = commands[next(s) % (sizeof(commands) /
					     sizeof(commands[0]))];
	unsigned int i;
	long ret;

	for (i = 0; i < 8; i++)
		block[i] = word(s, buf + SCRATCH - PATH_ROOM);
	/* Sometimes a block that is too short, or lies in a bad place. */
	ret = raw_syscall3(NR_ioctl, gate, cmd,
			   next(s) % 32 ? (long)block :
			   (long)word(s, buf + SCRATCH - PATH_ROOM));
	atomic_fetch_add(&tally->calls, 1);
	/* The gate answers a CloudABI errno, or a Linux one from the ioctl. */
	if (ret)
		atomic_fetch_add(&tally->errors, 1);
}

static void batch(uint64_t seed, char *buf)
{
	uint64_t s = seed | 1;
	unsigned int i;

	for (i = 0; i < BATCH; i++)
		one_call(&s, buf);
}

static uint64_t thread_seeds[THREADS];

static void thread_entry(cloudabi_tid_t tid, void *arg)
{
	unsigned int i = (unsigned int)(uintptr_t)arg;

	(void)tid;
	batch(thread_seeds[i], buffers + SCRATCH * i);
	/* Never unlock, never return: the process's exit ends the thread. */
	for (;;)
		RT_SYS(thread_yield)();
}

static void child(uint64_t seed)
{
	cloudabi_threadattr_t attr = { .entry_point = thread_entry };
	cloudabi_tid_t tid;
	unsigned int i;
	void *stack;

	for (i = 1; i < THREADS; i++) {
		thread_seeds[i] = seed * 31 + i;
		if (RT_SYS(mem_map)(NULL, STACK, CLOUDABI_PROT_READ |
				    CLOUDABI_PROT_WRITE, CLOUDABI_MAP_ANON |
				    CLOUDABI_MAP_PRIVATE,
				    CLOUDABI_MAP_ANON_FD, 0, &stack))
			break;
		attr.stack = stack;
		attr.stack_len = STACK;
		attr.argument = (void *)(uintptr_t)i;
		RT_SYS(thread_create)(&attr, &tid);
	}
	batch(seed, buffers);
	RT_SYS(proc_exit)(0);
}

/* Until 2 s have passed: 0 when the child ended, 1 when it was killed. */
static int reap(cloudabi_fd_t proc)
{
	cloudabi_subscription_t in[2] = {
		{ .type = CLOUDABI_EVENTTYPE_PROC_TERMINATE,
		  .proc_terminate.fd = proc },
		{ .type = CLOUDABI_EVENTTYPE_CLOCK,
		  .clock = { .clock_id = CLOUDABI_CLOCK_MONOTONIC,
			     .timeout = 2000000000ULL } },
	};
	cloudabi_event_t ev[2];
	size_t n = 0;
	int killed;

	RT_SYS(poll)(in, ev, 2, &n);
	killed = !(n >= 1 && ev[0].type == CLOUDABI_EVENTTYPE_PROC_TERMINATE);
	RT_SYS(fd_close)(proc);	/* kills it if it still runs */
	return killed;
}

/* Objects in the directory for the paths to find, and more descriptors. */
static void furnish(void)
{
	cloudabi_fd_t a, b;

	RT_SYS(file_create)(dir, "d", 1, CLOUDABI_FILETYPE_DIRECTORY);
	RT_SYS(file_symlink)("..", 2, dir, "l", 1);
	RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &a);
	/* Ends whose peers are gone: receives end at once, sends fail. */
	if (!RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b))
		RT_SYS(fd_close)(b);
	if (!RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_DGRAM, &a, &b))
		RT_SYS(fd_close)(b);
}

static int number(struct rt_ad *root, const char *key, int64_t *out)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_int(&v, out) == 0;
}

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen }, v;
	cloudabi_timestamp_t now, end;
	int64_t seconds = 10, seed = 1;
	unsigned long children = 0, killed = 0;
	cloudabi_fd_t out, shm, proc;
	cloudabi_tid_t tid;
	void *p;

	if (rt_ad_map_get(&root, "out", &v) != 1 || rt_ad_fd(&v, &out) ||
	    rt_ad_map_get(&root, "dir", &v) != 1 || rt_ad_fd(&v, &dir))
		return 101;
	number(&root, "seconds", &seconds);
	number(&root, "seed", &seed);
	gate = *(const int32_t *)((const char *)rt.vdso - 4096 + 16);
	if (RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm) ||
	    RT_SYS(file_stat_fput)(shm, &(cloudabi_filestat_t){
				   .st_size = 4096 },
				   CLOUDABI_FILESTAT_SIZE) ||
	    RT_SYS(mem_map)(NULL, 4096, CLOUDABI_PROT_READ |
			    CLOUDABI_PROT_WRITE, CLOUDABI_MAP_SHARED, shm, 0,
			    &p) ||
	    RT_SYS(mem_map)(NULL, SCRATCH * THREADS, CLOUDABI_PROT_READ |
			    CLOUDABI_PROT_WRITE, CLOUDABI_MAP_ANON |
			    CLOUDABI_MAP_PRIVATE, CLOUDABI_MAP_ANON_FD, 0,
			    (void **)&buffers))
		return 102;
	RT_SYS(fd_close)(shm);
	tally = p;
	furnish();
	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 1, &now);
	end = now + (cloudabi_timestamp_t)seconds * 1000000000ULL;
	while (now < end) {
		if (RT_SYS(proc_fork)(&proc, &tid) == 0) {
			if (proc == PROCESS_CHILD) {
				/* Random writes go anywhere but the console. */
				RT_SYS(fd_close)(out);
				child((uint64_t)seed * 1000003 + children);
			}
			killed += reap(proc);
			children++;
		}
		RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 1, &now);
	}
	rt_printf(out, "fuzz: seed %lu, %lu s: %lu calls (%lu failed) in %lu children, %lu killed mid-call, %lu calls/s\n",
		  (unsigned long)seed, (unsigned long)seconds,
		  (unsigned long)atomic_load(&tally->calls),
		  (unsigned long)atomic_load(&tally->errors), children,
		  killed,
		  (unsigned long)(atomic_load(&tally->calls) /
				  (seconds ? seconds : 1)));
	return 0;
}
