/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - proc_exec, between the gate and binfmt
 */
#ifndef _CLOUDABI_EXEC_H
#define _CLOUDABI_EXEC_H

#include <linux/list.h>
#include <linux/types.h>

struct file;
struct task_struct;

/**
 * struct cloudabi_exec - an exec the gate checked, for binfmt to make
 * @node: in the list of prepared execs
 * @task: the thread that prepared it, the only one that can make it
 * @image: the executable, opened for exec
 * @data: the new image's argument data
 * @data_len: its length
 * @fds: the capability files that become descriptors 0 to @nfds - 1
 * @nfds: their number
 * @vdso_base: where the caller's vDSO is mapped, and the new one goes
 * @begun: binfmt has taken the gate's exec and handed it the image
 */
struct cloudabi_exec {
	struct list_head node;
	struct task_struct *task;
	struct file *image;
	void *data;
	size_t data_len;
	struct file **fds;
	unsigned int nfds;
	unsigned long vdso_base;
	bool begun;
};

bool cloudabi_exec_prepared(void);
struct cloudabi_exec *cloudabi_exec_begin(void);
struct cloudabi_exec *cloudabi_exec_take(struct file *image);
void cloudabi_exec_release(struct cloudabi_exec *e);
void cloudabi_exec_prune(void);
void cloudabi_exec_exit(void);

#endif /* _CLOUDABI_EXEC_H */
