/* SPDX-License-Identifier: GPL-2.0 */
/* The real vDSO image, for the suites that validate it. */
#include "../module/vdso_image.S"
