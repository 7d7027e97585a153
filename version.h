/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CLOUDABI_VERSION
#define CLOUDABI_VERSION "0.1.0"
#endif
