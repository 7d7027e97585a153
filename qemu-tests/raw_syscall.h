/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw Linux system calls for test programs without a libc: the native
 * helpers, and CloudABI programs that attempt forbidden calls on purpose.
 */
#ifndef _CLOUDABI_TESTS_RAW_SYSCALL_H
#define _CLOUDABI_TESTS_RAW_SYSCALL_H

#define NR_pidfd_open		434
#define NR_pidfd_getfd		438

/*
 * A thread as pthreads makes one: CLONE_VM, FS, FILES, SIGHAND, THREAD,
 * SYSVSEM and CHILD_CLEARTID.
 */
#define NATIVE_THREAD_FLAGS	0x250f00

#if defined(__x86_64__)
#define NR_write		1
#define NR_fstat		5
#define NR_ioctl		16
#define NR_dup3			292
#define NR_close		3
#define NR_getpid		39
#define NR_socket		41
#define NR_execve		59
#define NR_execveat		322
#define NR_pread64		17
#define NR_getrandom		318
#define NR_kill			62
#define NR_ptrace		101
#define NR_clock_gettime	228
#define NR_clock_getres		229
#define NR_exit_group		231
#define NR_openat		257
#define NR_renameat		264
#define NR_mprotect		10
#define NR_madvise		28
#define NR_mmap			9
#define NR_munmap		11
#define NR_restart_syscall	219
#define NR_sendmsg		46
#define NR_socketpair		53
#define NR_clone		56
#define NR_clone3		435
#define NR_futex		202
#define NR_wait4		61
#define NR_read			0
#define NR_connect		42
#define NR_bind			49
#define NR_listen		50
#define NR_setsockopt		54
#define NR_accept4		288
#define NR_readv		19
#define NR_writev		20
#define NR_pwrite64		18
#define NR_ppoll		271
#define NR_dup			32
#define NR_exit			60

/* Native programs: _start passes the initial stack to start_c(). */
#define NATIVE_START() \
	__asm__(".globl _start\n_start:\n\tmov %rsp, %rdi\n" \
		"\tand $-16, %rsp\n\tcall start_c\n\thlt\n")

static inline long raw_syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b),
			 "d"(c) : "rcx", "r11", "memory");
	return ret;
}

static inline long raw_syscall4(long nr, long a, long b, long c, long d)
{
	register long r10 __asm__("r10") = d;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b),
			 "d"(c), "r"(r10) : "rcx", "r11", "memory");
	return ret;
}

static inline long raw_syscall5(long nr, long a, long b, long c, long d,
				long e)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b),
			 "d"(c), "r"(r10), "r"(r8) : "rcx", "r11", "memory");
	return ret;
}

static inline long raw_syscall6(long nr, long a, long b, long c, long d,
				long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b),
			 "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
/*
 * A thread running @fn(@arg) on @stack_top (16-byte aligned), which exits
 * when @fn returns; the kernel zeroes *@ctid and wakes it then (set it
 * non-zero before).  The child never returns from this asm: it runs on a
 * stack the compiler knows nothing of.
 */
static inline long native_spawn(void (*fn)(void *), void *arg,
				void *stack_top, int *ctid)
{
	register long r10 __asm__("r10") = (long)ctid;
	register long r8 __asm__("r8") = 0;
	register void (*r12)(void *) __asm__("r12") = fn;
	register void *r13 __asm__("r13") = arg;
	long ret;

	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "mov %%r13, %%rdi\n\t"
			 "call *%%r12\n\t"
			 "mov $60, %%eax\n\t"
			 "xor %%edi, %%edi\n\t"
			 "syscall\n"
			 "1:"
			 : "=a"(ret)
			 : "a"(NR_clone), "D"(NATIVE_THREAD_FLAGS),
			   "S"(stack_top), "d"(0), "r"(r10), "r"(r8), "r"(r12),
			   "r"(r13)
			 : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
#define NR_dup3			24
#define NR_close		57
#define NR_ioctl		29
#define NR_openat		56
#define NR_write		64
#define NR_fstat		80
#define NR_exit_group		94
#define NR_clock_gettime	113
#define NR_clock_getres		114
#define NR_ptrace		117
#define NR_kill			129
#define NR_getpid		172
#define NR_socket		198
#define NR_execveat		281
#define NR_pread64		67
#define NR_getrandom		278
#define NR_execve		221
#define NR_renameat		38
#define NR_mprotect		226
#define NR_madvise		233
#define NR_mmap			222
#define NR_munmap		215
#define NR_restart_syscall	128
#define NR_sendmsg		211
#define NR_socketpair		199
#define NR_clone		220
#define NR_clone3		435
#define NR_futex		98
#define NR_wait4		260
#define NR_read			63
#define NR_connect		203
#define NR_bind			200
#define NR_listen		201
#define NR_setsockopt		208
#define NR_accept4		242
#define NR_readv		65
#define NR_writev		66
#define NR_pwrite64		68
#define NR_ppoll		73
#define NR_dup			23
#define NR_exit			93

#define NATIVE_START() \
	__asm__(".globl _start\n_start:\n\tmov x0, sp\n\tbl start_c\n" \
		"\tbrk #0\n")

static inline long raw_syscall3(long nr, long a, long b, long c)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2)
			 : "memory");
	return x0;
}

static inline long raw_syscall4(long nr, long a, long b, long c, long d)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2),
			 "r"(x3) : "memory");
	return x0;
}

static inline long raw_syscall5(long nr, long a, long b, long c, long d,
				long e)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2),
			 "r"(x3), "r"(x4) : "memory");
	return x0;
}

static inline long raw_syscall6(long nr, long a, long b, long c, long d,
				long e, long f)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2),
			 "r"(x3), "r"(x4), "r"(x5) : "memory");
	return x0;
}
/* As on x86-64: clone's arguments are flags, stack, ptid, tls, ctid. */
static inline long native_spawn(void (*fn)(void *), void *arg,
				void *stack_top, int *ctid)
{
	register long x8 __asm__("x8") = NR_clone;
	register long x0 __asm__("x0") = NATIVE_THREAD_FLAGS;
	register long x1 __asm__("x1") = (long)stack_top;
	register long x2 __asm__("x2") = 0;
	register long x3 __asm__("x3") = 0;
	register long x4 __asm__("x4") = (long)ctid;
	register void (*x19)(void *) __asm__("x19") = fn;
	register void *x20 __asm__("x20") = arg;

	__asm__ volatile("svc #0\n\t"
			 "cbnz x0, 1f\n\t"
			 "mov x0, x20\n\t"
			 "blr x19\n\t"
			 "mov x0, #0\n\t"
			 "mov x8, #93\n\t"
			 "svc #0\n"
			 "1:"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4),
			   "r"(x19), "r"(x20)
			 : "x30", "memory");
	return x0;
}
#else
#error "unsupported architecture"
#endif

/* Native programs have no libc: the two conversions they need. */
static inline long native_number(const char *s)
{
	long n = 0;

	for (; s && *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (*s - '0');
	return n;
}

/* Writes @v in decimal at @p; returns the number of characters. */
static inline int native_put_num(char *p, long v)
{
	char d[24];
	int n = 0, k = 0;

	if (v < 0) {
		p[k++] = '-';
		v = -v;
	}
	do {
		d[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		p[k++] = d[--n];
	return k;
}

/* Sockets, for the helpers that pass descriptors with SCM_RIGHTS. */
#define AF_UNIX		1
#define SOCK_STREAM	1
#define SOL_SOCKET	1
#define SCM_RIGHTS	1

struct native_iovec {
	const void *base;
	unsigned long len;
};

struct native_msghdr {
	void *name;
	int namelen;
	struct native_iovec *iov;
	unsigned long iovlen;
	void *control;
	unsigned long controllen;
	int flags;
};

/* One cmsghdr carrying one descriptor: CMSG_LEN 20, CMSG_SPACE 24. */
struct native_cmsg_fd {
	unsigned long len;
	int level, type, fd, pad;
};

/* sendmsg() of @len bytes at @data with descriptor @fd attached. */
static inline long native_send_fd(long sock, const void *data,
				  unsigned long len, int fd)
{
	struct native_iovec iov = { data, len };
	struct native_cmsg_fd c = {
		.len = 20, .level = SOL_SOCKET, .type = SCM_RIGHTS, .fd = fd,
	};
	struct native_msghdr m = {
		.iov = &iov, .iovlen = 1, .control = &c, .controllen = sizeof(c),
	};

	return raw_syscall3(NR_sendmsg, sock, (long)&m, 0);
}

/* IPv4 on the loopback, for the TCP demo's acceptor and client. */
#define AF_INET		2
#define SO_REUSEADDR	2

struct native_sockaddr_in {
	unsigned short family;
	unsigned short port;		/* network order */
	unsigned int addr;		/* network order */
	unsigned char zero[8];
};

static inline struct native_sockaddr_in native_loopback(long port)
{
	struct native_sockaddr_in sin = {
		.family = AF_INET,
		.port = (unsigned short)(((port & 0xff) << 8) |
					 ((port >> 8) & 0xff)),
		.addr = 0x0100007f,	/* 127.0.0.1 on a little-endian CPU */
	};

	return sin;
}

#endif /* _CLOUDABI_TESTS_RAW_SYSCALL_H */
