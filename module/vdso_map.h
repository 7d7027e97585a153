/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the embedded vDSO image
 */
#ifndef _CLOUDABI_VDSO_MAP_H
#define _CLOUDABI_VDSO_MAP_H

#include <linux/types.h>

/**
 * struct cloudabi_vdso_info - facts about a validated vDSO image
 * @size: bytes of the image, which is mapped from its first byte
 * @entry: offset of the start code, where new processes begin
 * @nsyscalls: number of exported cloudabi_sys_* functions
 */
struct cloudabi_vdso_info {
	size_t size;
	u64 entry;
	unsigned int nsyscalls;
};

struct cloudabi_vdso_data;
struct mm_struct;
struct page;

/* The image, from module/vdso_image.S. */
extern const u8 cloudabi_vdso_image_start[];
extern const u8 cloudabi_vdso_image_end[];

int cloudabi_vdso_check(const void *image, size_t size, u16 machine,
			struct cloudabi_vdso_info *info);
int cloudabi_vdso_init(void);
void cloudabi_vdso_exit(void);
unsigned long cloudabi_vdso_size(void);
unsigned long cloudabi_vdso_base(struct mm_struct *mm);
int cloudabi_vdso_map(unsigned long at, unsigned long *ehdr,
		      unsigned long *start, struct page **data_page);
void cloudabi_vdso_set_data(struct page *data_page,
			    const struct cloudabi_vdso_data *data);

#endif /* _CLOUDABI_VDSO_MAP_H */
