// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `exec-errno PATH` executes PATH
 * and, when the exec fails, prints "errno N" and exits 0.  When the exec
 * succeeds, PATH's own status is what the caller sees.  The runner uses it
 * to check which error the kernel gives for a malformed executable.
 */

#if defined(__x86_64__)
#define NR_write 1
#define NR_execve 59
#define NR_exit_group 231
__asm__(".globl _start\n_start:\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n"
	"\tcall start_c\n\thlt\n");

static long sys3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b),
			 "d"(c) : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
#define NR_write 64
#define NR_execve 221
#define NR_exit_group 94
__asm__(".globl _start\n_start:\n\tmov x0, sp\n\tbl start_c\n\tbrk #0\n");

static long sys3(long nr, long a, long b, long c)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2)
			 : "memory");
	return x0;
}
#endif

void start_c(long *sp);

void start_c(long *sp)
{
	char *path = sp[0] > 1 ? (char *)sp[2] : "";
	char *argv[] = { path, 0 };
	char *envp[] = { 0 };
	char msg[16] = "errno ";
	long err = -sys3(NR_execve, (long)path, (long)argv, (long)envp);
	int n = 6;

	if (err >= 100)
		msg[n++] = '0' + err / 100;
	if (err >= 10)
		msg[n++] = '0' + err / 10 % 10;
	msg[n++] = '0' + err % 10;
	msg[n++] = '\n';
	sys3(NR_write, 1, (long)msg, n);
	sys3(NR_exit_group, 0, 0, 0);
}
