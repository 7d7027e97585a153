/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the gate's system call table
 *
 * The table itself and the handler prototypes are generated from
 * abi/cloudabi.abi (module/generated/syscall_table.[ch]); this is the
 * shape of one entry.
 */
#ifndef _CLOUDABI_GATE_TABLE_H
#define _CLOUDABI_GATE_TABLE_H

#include <linux/types.h>

#include <cloudabi_gate.h>

/**
 * struct cloudabi_syscall_result - one result the gate stores for a call
 * @user_ptr_offset: offset in the argument block of the u64 user address
 * @value_offset: offset of the value in the handler's result struct
 * @size: bytes to store at the user address
 */
struct cloudabi_syscall_result {
	u16 user_ptr_offset;
	u16 value_offset;
	u16 size;
};

/**
 * struct cloudabi_syscall - a system call the gate serves
 * @name: the call's name, for diagnostics
 * @call: the handler; NULL for calls the vDSO does by itself
 * @args_size: size of struct cloudabi_gate_<name>, which the ioctl
 *	command encodes too
 * @res_size: size of struct cloudabi_result_<name>
 * @nresults: number of used @results
 * @padding: bit i set when byte i of the argument block is padding,
 *	which the gate requires to be zero
 * @results: where each result goes
 */
struct cloudabi_syscall {
	const char *name;
	long (*call)(const void *args, void *res);
	u16 args_size;
	u16 res_size;
	u16 nresults;
	u64 padding;
	struct cloudabi_syscall_result results[2];
};

extern const struct cloudabi_syscall
	cloudabi_syscall_table[CLOUDABI_GATE_NSYSCALLS];
/* The gate commands that are no system call, from CLOUDABI_GATE_EXT_BASE. */
extern const struct cloudabi_syscall
	cloudabi_gate_ext_table[CLOUDABI_GATE_EXT_COUNT];

#endif /* _CLOUDABI_GATE_TABLE_H */
