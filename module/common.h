/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - names shared by every file of the module
 */
#ifndef _CLOUDABI_COMMON_H
#define _CLOUDABI_COMMON_H

#ifndef CLOUDABI_VERSION
#include "../version.h"
#endif

#endif /* _CLOUDABI_COMMON_H */
