/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CLOUDABI_VDSO_CLOCK_H
#define _CLOUDABI_VDSO_CLOCK_H

struct page;

int cloudabi_vdso_clock_init(void);
void cloudabi_vdso_clock_exit(void);
struct page *cloudabi_vdso_clock_page(void);

#endif /* _CLOUDABI_VDSO_CLOCK_H */
