/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the one error code Linux does not have
 *
 * Shared by the rights engine, which returns it, and the gate, which
 * turns it into CLOUDABI_ENOTCAPABLE.
 */
#ifndef _CLOUDABI_ENOTCAPABLE_H
#define _CLOUDABI_ENOTCAPABLE_H

/*
 * CloudABI's ENOTCAPABLE: a descriptor lacks a right, or a path leaves
 * its directory.  It lies above the kernel's internal restart codes
 * (512..530) and below MAX_ERRNO, so IS_ERR_VALUE() still holds for it.
 */
#define ENOTCAPABLE 3000

#endif /* _CLOUDABI_ENOTCAPABLE_H */
