// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: anonymous memory through the mem_* calls
 *
 * Private and shared mappings of every protection W^X allows, MAP_FIXED,
 * protection changes, advice, sync and unmapping, the arguments each call
 * must refuse, a large mapping and an allocator's pattern of many small
 * mappings.  Memory is touched only while mapped with the right
 * protection: a wrong result must fail a check, not kill the program.
 */

#include "rt.h"

#define PAGE		rt.pagesz
#define ANON		CLOUDABI_MAP_ANON
#define PRIV		CLOUDABI_MAP_PRIVATE
#define SHARED		CLOUDABI_MAP_SHARED
#define R		CLOUDABI_PROT_READ
#define W		CLOUDABI_PROT_WRITE
#define X		CLOUDABI_PROT_EXEC
#define RW		(R | W)

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Never a mapping: mem_map must leave its out parameter alone on failure. */
#define SENTINEL	((void *)0x5a5a5000)

static cloudabi_errno_t map_at(void *addr, size_t len, cloudabi_mprot_t prot,
			       cloudabi_mflags_t flags, void **mem)
{
	return RT_SYS(mem_map)(addr, len, prot, flags | ANON,
			       CLOUDABI_MAP_ANON_FD, 0, mem);
}

static cloudabi_errno_t map(size_t len, cloudabi_mprot_t prot,
			    cloudabi_mflags_t flags, void **mem)
{
	return map_at(NULL, len, prot, flags, mem);
}

static cloudabi_errno_t unmap(void *p, size_t len)
{
	return RT_SYS(mem_unmap)(p, len);
}

static cloudabi_errno_t protect(void *p, size_t len, cloudabi_mprot_t prot)
{
	return RT_SYS(mem_protect)(p, len, prot);
}

static cloudabi_errno_t advise(void *p, size_t len, cloudabi_advice_t advice)
{
	return RT_SYS(mem_advise)(p, len, advice);
}

static cloudabi_errno_t sync_mem(void *p, size_t len, cloudabi_msflags_t flags)
{
	return RT_SYS(mem_sync)(p, len, flags);
}

static void fill(void *p, size_t len, unsigned char seed)
{
	unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (unsigned char)(seed + i * 7);
}

/*
 * Make the compiler read memory back rather than reuse what it stored:
 * a check must see what the mapping holds.
 */
static void reload(void)
{
	__asm__ volatile("" : : : "memory");
}

static int holds(const void *p, size_t len, unsigned char seed)
{
	const unsigned char *b = p;
	size_t i;

	reload();
	for (i = 0; i < len; i++)
		if (b[i] != (unsigned char)(seed + i * 7))
			return 0;
	return 1;
}

/* The seed fill() used for @off bytes into its range. */
static unsigned char seed_at(unsigned char seed, size_t off)
{
	return (unsigned char)(seed + off * 7);
}

static int is_zero(const void *p, size_t len)
{
	const unsigned char *b = p;
	size_t i;

	reload();
	for (i = 0; i < len; i++)
		if (b[i])
			return 0;
	return 1;
}

static int page_aligned(const void *p)
{
	return ((uintptr_t)p & (PAGE - 1)) == 0;
}

static const char *prot_name(cloudabi_mprot_t prot)
{
	static const char *const names[] = {
		"none", "X", "W", "WX", "R", "RX", "RW", "RWX",
	};

	return names[prot & 7];
}

/*
 * One page of @sharing memory with @prot: mapped, used as far as @prot
 * allows, unmapped: three checks, or two for none and X, whose pages may
 * not be read (exec-only can fault on a read).
 */
static void check_prot(cloudabi_mflags_t sharing, cloudabi_mprot_t prot)
{
	const char *kind = sharing == PRIV ? "private" : "shared";
	const char *name = prot_name(prot);
	void *p = SENTINEL;
	cloudabi_errno_t err;
	int mapped;

	err = map(PAGE, prot, sharing, &p);
	mapped = err == 0 && p != SENTINEL && page_aligned(p);
	CHECK(mapped, "%s map prot %s (errno %u)", kind, name, err);
	if (prot == RW) {
		if (mapped)
			fill(p, PAGE, 0x11);
		CHECK(mapped && holds(p, PAGE, 0x11),
		      "%s map prot RW reads back what was written", kind);
	} else if (prot == R || prot == (R | X)) {
		CHECK(mapped && is_zero(p, PAGE),
		      "%s map prot %s reads zero", kind, name);
	} else if (prot == W) {
		/* Write-only pages may not be readable: make them so first. */
		if (mapped)
			fill(p, PAGE, 0x22);
		CHECK(mapped && protect(p, PAGE, R) == 0 &&
		      holds(p, PAGE, 0x22),
		      "%s map prot W keeps what was written (read via R)",
		      kind);
	}
	CHECK(mapped && unmap(p, PAGE) == 0, "%s unmap of prot %s", kind,
	      name);
}

/* 36 checks. */
static void test_prot_combinations(void)
{
	static const cloudabi_mflags_t sharings[] = { PRIV, SHARED };
	static const cloudabi_mprot_t allowed[] = { 0, R, W, X, RW, R | X };
	static const cloudabi_mprot_t wx[] = { W | X, R | W | X };
	unsigned int s, i;
	void *p;

	for (s = 0; s < 2; s++) {
		for (i = 0; i < ARRAY_SIZE(allowed); i++)
			check_prot(sharings[s], allowed[i]);
		for (i = 0; i < 2; i++) {
			p = SENTINEL;
			CHECK(map(PAGE, wx[i], sharings[s], &p) ==
			      CLOUDABI_ENOTSUP && p == SENTINEL,
			      "%s map prot %s is ENOTSUP (W^X)",
			      sharings[s] == PRIV ? "private" : "shared",
			      prot_name(wx[i]));
		}
	}
}

/* 11 checks. */
static void test_fixed(void)
{
	unsigned char *base = NULL;
	void *p = SENTINEL, *hinted = NULL;
	int ok;

	ok = map(4 * PAGE, RW, PRIV, (void **)&base) == 0;
	if (ok)
		fill(base, 4 * PAGE, 0xaa);
	CHECK(ok && map_at(base + PAGE, PAGE, RW, PRIV | CLOUDABI_MAP_FIXED,
			   &p) == 0,
	      "MAP_FIXED over an existing mapping succeeds");
	CHECK(ok && p == base + PAGE, "MAP_FIXED maps at the address given");
	CHECK(ok && p == base + PAGE && is_zero(base + PAGE, PAGE),
	      "MAP_FIXED replaces the old contents with zeros");
	CHECK(ok && holds(base, PAGE, 0xaa) &&
	      holds(base + 2 * PAGE, 2 * PAGE, seed_at(0xaa, 2 * PAGE)),
	      "MAP_FIXED leaves the neighbouring pages alone");

	p = SENTINEL;
	CHECK(ok && map_at(base + 1, PAGE, RW, PRIV | CLOUDABI_MAP_FIXED,
			   &p) == CLOUDABI_EINVAL,
	      "MAP_FIXED at an unaligned address is EINVAL");
	CHECK(p == SENTINEL && ok && holds(base, PAGE, 0xaa),
	      "failed MAP_FIXED changes neither *mem nor the memory");
	CHECK(ok && unmap(base, 4 * PAGE) == 0, "unmap after MAP_FIXED");

	/* Without MAP_FIXED the address is a hint, aligned or not. */
	CHECK(map_at((void *)0x20000123, PAGE, RW, PRIV, &hinted) == 0 &&
	      hinted && page_aligned(hinted),
	      "unaligned hint without MAP_FIXED maps page aligned");
	CHECK(hinted && unmap(hinted, PAGE) == 0,
	      "unmap of the hinted mapping");

	/*
	 * Whoever started the program (the runner is root, with
	 * CAP_SYS_RAWIO), nothing maps below mmap_min_addr.
	 */
	p = SENTINEL;
	CHECK(map_at(NULL, PAGE, RW, PRIV | CLOUDABI_MAP_FIXED, &p) ==
	      CLOUDABI_EPERM && p == SENTINEL,
	      "MAP_FIXED at address 0 is EPERM, even started by root");
	p = NULL;
	CHECK(map_at((void *)PAGE, PAGE, RW, PRIV, &p) == 0 && p &&
	      (uintptr_t)p >= PAGE && unmap(p, PAGE) == 0,
	      "a hint below mmap_min_addr maps above it");
}

/* 13 checks. */
static void test_protect(void)
{
	unsigned char *p = NULL;
	int ok;

	ok = map(2 * PAGE, RW, PRIV, (void **)&p) == 0;
	if (ok)
		fill(p, 2 * PAGE, 0x33);
	CHECK(ok && protect(p, 2 * PAGE, R) == 0,
	      "mem_protect down to read-only");
	CHECK(ok && holds(p, 2 * PAGE, 0x33),
	      "read-only memory keeps its contents");
	CHECK(ok && protect(p, 2 * PAGE, RW) == 0,
	      "mem_protect back to read-write");
	if (ok)
		fill(p, 2 * PAGE, 0x44);
	CHECK(ok && holds(p, 2 * PAGE, 0x44),
	      "memory is writable again after protect RW");
	CHECK(ok && protect(p, PAGE, W | X) == CLOUDABI_ENOTSUP,
	      "mem_protect W|X is ENOTSUP (W^X)");
	CHECK(ok && protect(p, PAGE, R | W | X) == CLOUDABI_ENOTSUP,
	      "mem_protect R|W|X is ENOTSUP (W^X)");
	CHECK(ok && protect(p, PAGE, RW | 0x08) == CLOUDABI_ENOTSUP,
	      "mem_protect with an unknown prot bit is ENOTSUP");
	CHECK(ok && protect(p + 1, PAGE, R) == CLOUDABI_EINVAL,
	      "mem_protect at an unaligned address is EINVAL");
	CHECK(ok && protect(p, 2 * PAGE, 0) == 0, "mem_protect to none");
	CHECK(ok && protect(p, 2 * PAGE, R) == 0,
	      "mem_protect from none back to read-only");
	CHECK(ok && holds(p, 2 * PAGE, 0x44),
	      "contents survive protect none and back");
	CHECK(ok && unmap(p, 2 * PAGE) == 0, "unmap after mem_protect");
	/* The range is gone: asking about it touches no memory. */
	CHECK_EQ(ok ? protect(p, 2 * PAGE, R) : 0, CLOUDABI_ENOMEM,
		 "mem_protect of an unmapped range is ENOMEM");
}

/* 21 checks. */
static void test_advise(void)
{
	static const struct {
		cloudabi_advice_t advice;
		const char *name;
	} advice[] = {
		{ CLOUDABI_ADVICE_DONTNEED, "dontneed" },
		{ CLOUDABI_ADVICE_NOREUSE, "noreuse" },
		{ CLOUDABI_ADVICE_NORMAL, "normal" },
		{ CLOUDABI_ADVICE_RANDOM, "random" },
		{ CLOUDABI_ADVICE_SEQUENTIAL, "sequential" },
		{ CLOUDABI_ADVICE_WILLNEED, "willneed" },
	};
	static const cloudabi_advice_t bad[] = { 0, 7, 255 };
	unsigned char *p = NULL, *s = NULL;
	unsigned int i;
	int ok;

	ok = map(4 * PAGE, RW, PRIV, (void **)&p) == 0;
	if (ok)
		fill(p, 4 * PAGE, 0x55);
	for (i = 0; i < ARRAY_SIZE(advice); i++) {
		CHECK(ok && advise(p, 4 * PAGE, advice[i].advice) == 0,
		      "mem_advise %s", advice[i].name);
		/* Advice is only advice: dontneed must not zero the pages. */
		CHECK(ok && holds(p, 4 * PAGE, 0x55),
		      "private memory keeps its contents after %s",
		      advice[i].name);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK(ok && advise(p, PAGE, bad[i]) == CLOUDABI_EINVAL,
		      "mem_advise with advice %u is EINVAL", bad[i]);
	CHECK(ok && advise(p + 1, PAGE, CLOUDABI_ADVICE_NORMAL) ==
	      CLOUDABI_EINVAL, "mem_advise at an unaligned address is EINVAL");
	CHECK(ok && unmap(p, 4 * PAGE) == 0, "unmap after mem_advise");
	CHECK_EQ(ok ? advise(p, 4 * PAGE, CLOUDABI_ADVICE_NORMAL) : 0,
		 CLOUDABI_ENOMEM, "mem_advise of an unmapped range is ENOMEM");

	ok = map(PAGE, RW, SHARED, (void **)&s) == 0;
	if (ok)
		fill(s, PAGE, 0x66);
	CHECK(ok && advise(s, PAGE, CLOUDABI_ADVICE_DONTNEED) == 0,
	      "mem_advise dontneed on shared memory");
	CHECK(ok && holds(s, PAGE, 0x66),
	      "shared memory keeps its contents after dontneed");
	CHECK(ok && unmap(s, PAGE) == 0, "unmap of the shared advised page");
}

/* 14 checks. */
static void test_sync(void)
{
	static const struct {
		cloudabi_msflags_t flags;
		const char *name;
	} good[] = {
		{ CLOUDABI_MS_ASYNC, "async" },
		{ CLOUDABI_MS_SYNC, "sync" },
		{ CLOUDABI_MS_ASYNC | CLOUDABI_MS_INVALIDATE,
		  "async|invalidate" },
		{ CLOUDABI_MS_SYNC | CLOUDABI_MS_INVALIDATE,
		  "sync|invalidate" },
	}, bad[] = {
		{ 0, "no flags" },
		{ CLOUDABI_MS_INVALIDATE, "invalidate alone" },
		{ CLOUDABI_MS_ASYNC | CLOUDABI_MS_SYNC, "async|sync" },
		{ CLOUDABI_ALL_MSFLAGS, "async|sync|invalidate" },
		{ CLOUDABI_MS_SYNC | 0x08, "sync|0x08" },
		{ CLOUDABI_MS_ASYNC | 0x80, "async|0x80" },
	};
	unsigned char *p = NULL;
	unsigned int i;
	int ok;

	ok = map(2 * PAGE, RW, SHARED, (void **)&p) == 0;
	if (ok)
		fill(p, 2 * PAGE, 0x77);
	for (i = 0; i < ARRAY_SIZE(good); i++)
		CHECK(ok && sync_mem(p, 2 * PAGE, good[i].flags) == 0,
		      "mem_sync %s", good[i].name);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK(ok && sync_mem(p, 2 * PAGE, bad[i].flags) ==
		      CLOUDABI_EINVAL, "mem_sync %s is EINVAL", bad[i].name);
	CHECK(ok && sync_mem(p + 1, PAGE, CLOUDABI_MS_SYNC) == CLOUDABI_EINVAL,
	      "mem_sync at an unaligned address is EINVAL");
	CHECK(ok && holds(p, 2 * PAGE, 0x77),
	      "memory keeps its contents after mem_sync invalidate");
	CHECK(ok && unmap(p, 2 * PAGE) == 0, "unmap after mem_sync");
	CHECK_EQ(ok ? sync_mem(p, 2 * PAGE, CLOUDABI_MS_SYNC) : 0,
		 CLOUDABI_ENOMEM, "mem_sync of an unmapped range is ENOMEM");
}

/* 7 checks. */
static void test_unmap(void)
{
	unsigned char *p = NULL;
	int ok;

	ok = map(3 * PAGE, RW, PRIV, (void **)&p) == 0;
	if (ok)
		fill(p, 3 * PAGE, 0x88);
	CHECK(ok, "map three pages to unmap");
	CHECK(ok && unmap(p + PAGE, PAGE) == 0,
	      "mem_unmap of the middle page");
	CHECK(ok && holds(p, PAGE, 0x88) &&
	      holds(p + 2 * PAGE, PAGE, seed_at(0x88, 2 * PAGE)),
	      "pages either side of the hole keep their contents");
	CHECK(ok && unmap(p, 3 * PAGE) == 0,
	      "mem_unmap of a range with a hole in it");
	CHECK(ok && unmap(p, 3 * PAGE) == 0,
	      "mem_unmap of an already unmapped range succeeds");
	CHECK(ok && unmap(p, 0) == CLOUDABI_EINVAL,
	      "mem_unmap of zero bytes is EINVAL");
	CHECK(ok && unmap(p + 1, PAGE) == CLOUDABI_EINVAL,
	      "mem_unmap at an unaligned address is EINVAL");
}

/* 15 checks. */
static void test_map_einval(void)
{
	void **ro_result;
	static const struct {
		size_t len;
		cloudabi_mprot_t prot;
		cloudabi_mflags_t flags;
		cloudabi_fd_t fd;
		cloudabi_filesize_t off;
		const char *name;
	} cases[] = {
		{ 1, RW, ANON, CLOUDABI_MAP_ANON_FD, 0,
		  "neither private nor shared" },
		{ 1, RW, ANON | PRIV | SHARED, CLOUDABI_MAP_ANON_FD, 0,
		  "both private and shared" },
		{ 1, RW, ANON | PRIV | 0x10, CLOUDABI_MAP_ANON_FD, 0,
		  "unknown flag 0x10" },
		{ 1, RW, ANON | SHARED | 0x80, CLOUDABI_MAP_ANON_FD, 0,
		  "unknown flag 0x80" },
		{ 0, RW, ANON | PRIV, CLOUDABI_MAP_ANON_FD, 0, "zero length" },
		{ 1, RW, ANON | PRIV, 0, 0, "anonymous with fd 0" },
		{ 1, RW, ANON | SHARED, 3, 0, "anonymous with fd 3" },
		{ 1, RW, ANON | PRIV, CLOUDABI_MAP_ANON_FD, 4096,
		  "anonymous with a non-zero offset" },
	};
	void *p = SENTINEL;
	unsigned int i;
	int untouched = 1;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		CHECK(RT_SYS(mem_map)(NULL, cases[i].len * PAGE, cases[i].prot,
				      cases[i].flags, cases[i].fd,
				      cases[i].off, &p) == CLOUDABI_EINVAL,
		      "mem_map %s is EINVAL", cases[i].name);
		untouched &= p == SENTINEL;
	}
	/* A protection this system does not know is not supported. */
	CHECK(RT_SYS(mem_map)(NULL, PAGE, RW | 0x08, ANON | PRIV,
			      CLOUDABI_MAP_ANON_FD, 0, &p) == CLOUDABI_ENOTSUP,
	      "mem_map with unknown prot bit 0x08 is ENOTSUP");
	untouched &= p == SENTINEL;
	CHECK(RT_SYS(mem_map)(NULL, PAGE, R | 0x80, ANON | SHARED,
			      CLOUDABI_MAP_ANON_FD, 0, &p) == CLOUDABI_ENOTSUP,
	      "mem_map with unknown prot bit 0x80 is ENOTSUP");
	untouched &= p == SENTINEL;
	CHECK(untouched, "failed mem_map leaves *mem alone");
	CHECK_EQ(map(PAGE, RW, PRIV, NULL), CLOUDABI_EFAULT,
		 "mem_map with a NULL result pointer is EFAULT");
	/* Read-only memory for the result; FIXED tells if anything mapped. */
	ro_result = NULL;
	if (map(PAGE, R, PRIV, (void **)&ro_result) == 0) {
		unsigned char *hole = NULL;

		map(PAGE, RW, PRIV, (void **)&hole);
		unmap(hole, PAGE);
		CHECK(map_at(hole, PAGE, RW, PRIV | CLOUDABI_MAP_FIXED,
			     (void **)ro_result) == CLOUDABI_EFAULT &&
		      protect(hole, PAGE, R) == CLOUDABI_ENOMEM,
		      "mem_map with a read-only result is EFAULT, maps nothing");
		unmap(ro_result, PAGE);
	} else {
		CHECK(0, "mem_map with a read-only result (no setup)");
	}
	CHECK(map(~(size_t)0 & ~(PAGE - 1), R, PRIV, &p) == CLOUDABI_ENOMEM &&
	      p == SENTINEL, "mem_map of the whole address space is ENOMEM");
	/* A file mapping goes to the module: a bad descriptor never maps. */
	CHECK(RT_SYS(mem_map)(NULL, PAGE, R, PRIV, 0x7ffffff0, 0, &p) != 0 &&
	      p == SENTINEL, "mem_map of a bad file descriptor fails");
}

/* 7 checks. */
static void test_large(void)
{
	const size_t len = 64 << 20;
	unsigned char *p = NULL, *s = NULL;
	size_t off, bad = 0;
	int ok;

	ok = map(len, RW, PRIV, (void **)&p) == 0;
	CHECK(ok && page_aligned(p), "private 64 MiB map");
	if (ok) {
		for (off = 0; off < len; off += PAGE)
			p[off] = (unsigned char)(off / PAGE);
		reload();
		for (off = 0; off < len; off += PAGE)
			bad += p[off] != (unsigned char)(off / PAGE) ||
			       p[off + 1] != 0;
	}
	CHECK(ok && bad == 0, "every page of 64 MiB holds its own byte");
	CHECK(ok && unmap(p, len) == 0, "unmap 64 MiB");

	ok = map(len, RW, SHARED, (void **)&s) == 0;
	CHECK(ok && page_aligned(s), "shared 64 MiB map");
	if (ok) {
		s[0] = 1;
		s[len / 2] = 2;
		s[len - 1] = 3;
		reload();
	}
	CHECK(ok && s[0] == 1 && s[len / 2] == 2 && s[len - 1] == 3 &&
	      s[1] == 0 && s[len - 2] == 0,
	      "shared 64 MiB is writable at both ends and the middle");
	CHECK(ok && sync_mem(s, len, CLOUDABI_MS_SYNC) == 0,
	      "mem_sync of 64 MiB shared");
	CHECK(ok && unmap(s, len) == 0, "unmap 64 MiB shared");
}

/*
 * 4 checks.  What malloc does with mem_map: many small blocks of varying
 * size come and go, some shrink from the tail first, and no block's
 * contents leak into another's.
 */
static void test_allocator(void)
{
	enum { SLOTS = 64, ROUNDS = 2000 };
	static struct {
		unsigned char *p;
		size_t len;
	} slot[SLOTS];
	unsigned int round, i, seed = 12345;
	unsigned int map_err = 0, bad = 0, unmap_err = 0, free_err = 0;

	for (round = 0; round < ROUNDS; round++) {
		seed = seed * 1103515245 + 12345;
		i = (seed >> 16) % SLOTS;
		if (!slot[i].p) {
			size_t len = (1 + (seed >> 8) % 8) * PAGE;
			void *p;

			if (map(len, RW, (seed & 1) ? PRIV : SHARED, &p)) {
				map_err++;
				continue;
			}
			slot[i].p = p;
			slot[i].len = len;
			bad += !is_zero(p, 16);
			slot[i].p[0] = (unsigned char)i;
			slot[i].p[len - 1] = (unsigned char)~i;
			continue;
		}
		reload();
		bad += slot[i].p[0] != (unsigned char)i ||
		       slot[i].p[slot[i].len - 1] != (unsigned char)~i;
		/* Shrink like realloc: drop the tail, then the rest. */
		if (slot[i].len > PAGE && (seed & 2)) {
			slot[i].len -= PAGE;
			unmap_err += unmap(slot[i].p + slot[i].len, PAGE) != 0;
			slot[i].p[slot[i].len - 1] = (unsigned char)~i;
			continue;
		}
		unmap_err += unmap(slot[i].p, slot[i].len) != 0;
		slot[i].p = NULL;
	}
	for (i = 0; i < SLOTS; i++) {
		if (!slot[i].p)
			continue;
		reload();
		bad += slot[i].p[0] != (unsigned char)i;
		free_err += unmap(slot[i].p, slot[i].len) != 0;
		slot[i].p = NULL;
	}
	CHECK_EQ(map_err, 0, "allocator pattern: every mem_map succeeds");
	CHECK_EQ(bad, 0,
		 "allocator pattern: blocks start zeroed, keep their contents");
	CHECK_EQ(unmap_err, 0, "allocator pattern: every mem_unmap succeeds");
	CHECK_EQ(free_err, 0, "allocator pattern: final mem_unmaps succeed");
}

int program_main(void)
{
	tap_plan(36 + 11 + 13 + 21 + 14 + 7 + 15 + 7 + 4);
	test_prot_combinations();
	test_fixed();
	test_protect();
	test_advise();
	test_sync();
	test_unmap();
	test_map_einval();
	test_large();
	test_allocator();
	return tap_done();
}
