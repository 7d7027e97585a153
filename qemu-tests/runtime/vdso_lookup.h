/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CLOUDABI_RT_VDSO_LOOKUP_H
#define _CLOUDABI_RT_VDSO_LOOKUP_H

/* The address of the vDSO function @name, or NULL. */
const void *rt_vdso_lookup(const void *vdso, const char *name);

#endif /* _CLOUDABI_RT_VDSO_LOOKUP_H */
