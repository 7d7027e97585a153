// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - the clock page: the timekeeper, readable in the vDSO
 *
 * Linux reads CLOCK_MONOTONIC and CLOCK_REALTIME in its own vDSO from a
 * data page the timekeeper keeps current; a module can reach neither that
 * page nor update_vsyscall().  What it can reach is the notifier KVM uses
 * for the same purpose, pvclock_gtod_register_notifier(): it is called on
 * every timekeeping update (each tick, an NTP adjustment, a clock set, a
 * resume), with the timekeeper locked, and is exported on every kernel
 * this module supports.  This file copies from the timekeeper what the
 * computation needs into one page, under a sequence count, and
 * vdso_map.c maps that page read-only into every CloudABI process.
 *
 * The vDSO reads the counter itself only when the kernel's clocksource
 * declares that user mode may (its vdso_clock_mode: the arm64 generic
 * timer, the x86-64 TSC).  Otherwise, and once the module is going away,
 * the page says so and the vDSO asks the kernel as before.
 */

#include <linux/clocksource.h>
#include <linux/hrtimer.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/pvclock_gtod.h>
#include <linux/timekeeper_internal.h>

#include <cloudabi_vdso_data.h>

#include "vdso_clock.h"

static struct page *clock_page;

static struct cloudabi_vdso_clock *clock_data(void)
{
	return page_address(clock_page);
}

/* Whether user mode may read the clocksource the timekeeper uses. */
static u32 clock_mode(const struct clocksource *cs)
{
#if defined(CONFIG_X86_64)
	if (cs->vdso_clock_mode == VDSO_CLOCKMODE_TSC)
		return CLOUDABI_VDSO_CLOCK_COUNTER;
#elif defined(CONFIG_ARM64)
	/* NOCOMPAT: only 32-bit readers are kept from the counter. */
	if (cs->vdso_clock_mode == VDSO_CLOCKMODE_ARCHTIMER ||
	    cs->vdso_clock_mode == VDSO_CLOCKMODE_ARCHTIMER_NOCOMPAT)
		return CLOUDABI_VDSO_CLOCK_COUNTER;
#endif
	return CLOUDABI_VDSO_CLOCK_SYSCALL;
}

/* Open and close a write, as a seqcount writer does. */
static void clock_write_begin(struct cloudabi_vdso_clock *c)
{
	WRITE_ONCE(c->seq, c->seq + 1);
	/* The odd count is seen before any field changes... */
	smp_wmb();
}

static void clock_write_end(struct cloudabi_vdso_clock *c)
{
	/* ...and every field before the even one; the vDSO's loads pair. */
	smp_wmb();
	WRITE_ONCE(c->seq, c->seq + 1);
}

/*
 * The same bases update_vsyscall() gives Linux's vDSO: both clocks at
 * the counter's last value, their nanoseconds kept shifted so that the
 * reader adds cycles times mult before shifting back.
 */
static int clock_update(struct notifier_block *nb, unsigned long was_set,
			void *priv)
{
	struct cloudabi_vdso_clock *c = clock_data();
	struct timekeeper *tk = priv;
	u32 shift = tk->tkr_mono.shift;
	u64 sec, snsec;

	clock_write_begin(c);
	c->mode = clock_mode(tk->tkr_mono.clock);
	c->mult = tk->tkr_mono.mult;
	c->shift = shift;
	c->res_ns = hrtimer_resolution;
	c->cycle_last = tk->tkr_mono.cycle_last;
	c->mask = tk->tkr_mono.mask;
	c->real_sec = tk->xtime_sec;
	c->real_snsec = tk->tkr_mono.xtime_nsec;
	sec = tk->xtime_sec + tk->wall_to_monotonic.tv_sec;
	snsec = tk->tkr_mono.xtime_nsec +
		((u64)tk->wall_to_monotonic.tv_nsec << shift);
	while (snsec >= ((u64)NSEC_PER_SEC << shift)) {
		snsec -= (u64)NSEC_PER_SEC << shift;
		sec++;
	}
	c->mono_sec = sec;
	c->mono_snsec = snsec;
	clock_write_end(c);
	return NOTIFY_OK;
}

static struct notifier_block clock_notifier = {
	.notifier_call = clock_update,
};

/**
 * cloudabi_vdso_clock_page() - the page every CloudABI process maps
 *
 * Return: the clock page; mappings take their own references.
 */
struct page *cloudabi_vdso_clock_page(void)
{
	return clock_page;
}

/**
 * cloudabi_vdso_clock_init() - allocate the clock page and start keeping
 *	it current (registering fills it at once)
 *
 * Return: 0 or -ENOMEM.
 */
int cloudabi_vdso_clock_init(void)
{
	clock_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!clock_page)
		return -ENOMEM;
	pvclock_gtod_register_notifier(&clock_notifier);
	return 0;
}

/**
 * cloudabi_vdso_clock_exit() - stop updating, and tell the processes that
 *	still map the page (a process can outlive its gate, and so the
 *	module) to ask the kernel from now on
 */
void cloudabi_vdso_clock_exit(void)
{
	struct cloudabi_vdso_clock *c = clock_data();

	pvclock_gtod_unregister_notifier(&clock_notifier);
	clock_write_begin(c);
	c->mode = CLOUDABI_VDSO_CLOCK_SYSCALL;
	clock_write_end(c);
	/* Mappings hold their own references to the page. */
	__free_page(clock_page);
}
