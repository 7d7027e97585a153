/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the test programs' minimal runtime
 *
 * No libc: the start-up code reads the auxv, relocates the program, finds
 * the vDSO and calls program_main(); system calls are looked up in the
 * vDSO through its SysV hash table, as real CloudABI programs do.
 */
#ifndef _CLOUDABI_RT_H
#define _CLOUDABI_RT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cloudabi_syscalls.h>

/**
 * struct rt_startup - what the kernel handed the program
 * @auxv: the auxiliary vector
 * @argdata: argument data, @argdatalen bytes
 * @vdso: the vDSO's ELF header
 * @base: where the program was loaded
 * @pid: the 16-byte process UUID
 * @canary: @canarylen random bytes
 * @tid: the initial thread's id
 * @ncpus: number of CPUs
 * @pagesz: page size
 * @seen: bit N set when auxv type N (mod 64) was present
 */
struct rt_startup {
	const cloudabi_auxv_t *auxv;
	const void *argdata;
	size_t argdatalen;
	const void *vdso;
	const void *base;
	const uint8_t *pid;
	const uint8_t *canary;
	size_t canarylen;
	uint32_t tid;
	size_t ncpus;
	size_t pagesz;
	uint64_t seen;
};

extern struct rt_startup rt;

/* Entry point of a test program; its result is the exit status. */
int program_main(void);

/* vDSO symbol lookup through DT_HASH; NULL when absent. */
const void *rt_vdso_lookup(const void *vdso, const char *name);

/* A vDSO system call by name; a missing one ends the program (127). */
const void *rt_vdso_require(const char *name);
/*
 * Looked up once per call site, as cloudlibc resolves its table once at
 * start-up: a lookup on every call cost more than some calls themselves
 * and made make bench's rows slower than what programs see.  Threads
 * racing on the first use store the same address.
 */
#define RT_SYS(name) (__extension__({ \
	static __typeof__(&cloudabi_sys_##name) rt_fn_; \
	if (!rt_fn_) \
		rt_fn_ = (__typeof__(&cloudabi_sys_##name)) \
			rt_vdso_require("cloudabi_sys_" #name); \
	rt_fn_; }))

_Noreturn void rt_exit(uint32_t status);

/* Argument strings when started by a native parent (argv area). */
const char *rt_arg(unsigned int index);
/* The decimal number at the start of @s (0 for none or NULL). */
unsigned int rt_number(const char *s);

/* Formatting: %d %u %x %s %c %zu %lu %llu %% only. */
size_t rt_vformat(char *buf, size_t size, const char *fmt, va_list ap);
void rt_printf(cloudabi_fd_t fd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
size_t rt_strlen(const char *s);
int rt_strcmp(const char *a, const char *b);
int rt_memcmp(const void *a, const void *b, size_t n);
/* How many descriptor numbers below 128 are open: tests count leaks. */
unsigned int rt_open_slots(void);
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

/* TAP output on the descriptor named by argument 1 (default 1)... */
void tap_plan(unsigned int n);
/* ... or on @fd, for programs whose argdata is not an argv area. */
void tap_plan_fd(unsigned int n, cloudabi_fd_t fd);
void tap_result(int ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int tap_done(void);

#define CHECK(cond, ...) tap_result(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_EQ(a, b, name)						\
	do {								\
		unsigned long long a_ = (a), b_ = (b);			\
		tap_result(a_ == b_, __FILE__, __LINE__,		\
			   "%s (%llu == %llu)", name, a_, b_);		\
	} while (0)

/**
 * struct rt_thread - a thread started by rt_thread_start()
 * @join: its lock, write-locked by it until it exits
 * @body: what it runs, with @arg
 * @arg: @body's argument
 * @stack: its stack, unmapped by rt_thread_join()
 */
struct rt_thread {
	_Atomic(cloudabi_lock_t) join;
	void (*body)(void *arg);
	void *arg;
	void *stack;
};

/* Start @body(@arg) in a new thread: 1, or 0 when none could start. */
int rt_thread_start(struct rt_thread *t, void (*body)(void *), void *arg);
/* Wait for it to exit and free its stack: 1, or 0 on any error. */
int rt_thread_join(struct rt_thread *t);

#endif /* _CLOUDABI_RT_H */
