// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: no escape through a directory renamed during a walk
 *
 * Started through cloudabi-run with {out: !fd stdout, box: /tmp/race/box}
 * while the runner's native renamer moves box/a/b to /tmp/race/b and back
 * without pause.  The probe walks down to a/b/c/d/e/f/g/h, steps into
 * h/i and back out some hundreds of times to stay below b a while, then
 * climbs seven levels and asks for "secret": box/a/secret, which holds
 * "inside".  A walk that went below b while b was inside the box and
 * climbed after b left it would find /tmp/race/secret, "outside", instead.
 * For ten seconds the program walks that path with file_stat_get (the
 * serial number tells the files apart) and file_open (the contents do).
 *
 * Then, with root: / and a second renamer moving a link /tmp/race/flip
 * -> ../../proc/self/fd in and out of place, it creates "flip/N" (N one
 * of its own descriptors) for three seconds: a walk that misses the link
 * and a lookup that then finds it hand the creation a procfs magic link,
 * which must be refused, not followed (its ->get_link() oopses outside a
 * walk).
 */

#include "argdata.h"
#include "rt.h"

#define DOWN "a/b/c/d/e/f/g/h/"
#define LINGER "i/../"
#define UP "../../../../../../../secret"
#define LINGERS 200

static char probe[sizeof(DOWN) + LINGERS * (sizeof(LINGER) - 1) + sizeof(UP)];
static size_t probe_len;

static void make_probe(void)
{
	unsigned int i;

	memcpy(probe, DOWN, sizeof(DOWN) - 1);
	probe_len = sizeof(DOWN) - 1;
	for (i = 0; i < LINGERS; i++) {
		memcpy(probe + probe_len, LINGER, sizeof(LINGER) - 1);
		probe_len += sizeof(LINGER) - 1;
	}
	memcpy(probe + probe_len, UP, sizeof(UP) - 1);
	probe_len += sizeof(UP) - 1;
}
#define SECONDS 10

struct tally {
	unsigned long long walks, inside, enoent, enotcapable, eagain, other;
	unsigned long long escapes;
};

/* @err of a walk; when 0, @found tells whether it found box/a/secret. */
static void count(struct tally *t, cloudabi_errno_t err, int found)
{
	t->walks++;
	if (err == 0 && found)
		t->inside++;
	else if (err == 0)
		t->escapes++;
	else if (err == CLOUDABI_ENOENT)
		t->enoent++;
	else if (err == CLOUDABI_ENOTCAPABLE)
		t->enotcapable++;
	else if (err == CLOUDABI_EAGAIN)
		t->eagain++;
	else
		t->other++;
}

static cloudabi_errno_t stat_at(uint32_t box, const char *path, size_t len,
				cloudabi_inode_t *ino)
{
	cloudabi_lookup_t at = { .fd = box };
	cloudabi_filestat_t st;
	cloudabi_errno_t err;

	err = RT_SYS(file_stat_get)(at, path, len, &st);
	*ino = st.st_ino;
	return err;
}

/* Open the probe and read it: *inside tells which file it was. */
static cloudabi_errno_t open_probe(uint32_t box, int *inside)
{
	cloudabi_lookup_t at = { .fd = box };
	cloudabi_fdstat_t req = { .fs_rights_base = CLOUDABI_RIGHT_FD_READ };
	char buf[8] = { 0 };
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = sizeof(buf) };
	cloudabi_errno_t err;
	cloudabi_fd_t fd;
	size_t n = 0;

	err = RT_SYS(file_open)(at, probe, probe_len, 0, &req, &fd);
	if (err)
		return err;
	RT_SYS(fd_read)(fd, &iov, 1, &n);
	*inside = n == 7 && !rt_memcmp(buf, "inside\n", 7);
	RT_SYS(fd_close)(fd);
	return 0;
}

/*
 * O_CREAT of flip/<out> while flip comes and goes: never a file, never an
 * answer other than ENOENT (flip was away) or ENOTCAPABLE (a magic link).
 */
static void creat_through_flipping_link(uint32_t root, uint32_t out)
{
	cloudabi_lookup_t at = { .fd = root,
				 .flags = CLOUDABI_LOOKUP_SYMLINK_FOLLOW };
	cloudabi_fdstat_t req = { .fs_rights_base = CLOUDABI_RIGHT_FD_READ };
	unsigned long long opens = 0, enoent = 0, enotcapable = 0, other = 0;
	cloudabi_timestamp_t start = 0, now = 0;
	char path[32] = "tmp/race/flip/";
	cloudabi_errno_t err;
	cloudabi_fd_t fd;
	size_t len = 14;
	unsigned int i;

	path[len++] = (char)('0' + out % 10);
	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 1, &start);
	do {
		for (i = 0; i < 32; i++, opens++) {
			err = RT_SYS(file_open)(at, path, len,
						CLOUDABI_O_CREAT, &req, &fd);
			if (err == CLOUDABI_ENOENT)
				enoent++;
			else if (err == CLOUDABI_ENOTCAPABLE)
				enotcapable++;
			else
				other++;
			if (!err)
				RT_SYS(fd_close)(fd);
		}
		RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 1, &now);
	} while (now - start < 3 * 1000000000ULL);
	rt_printf(out, "# flip: %llu creates: %llu ENOENT, %llu ENOTCAPABLE, %llu other\n",
		  opens, enoent, enotcapable, other);
	CHECK(other == 0,
	      "O_CREAT through a link racing to a procfs fd: ENOENT or ENOTCAPABLE only (%llu other)",
	      other);
	CHECK(enoent && enotcapable,
	      "the flipper ran: the link was seen both present and gone");
}

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen };
	cloudabi_timestamp_t start = 0, now = 0;
	struct tally t = { 0 };
	int present = 0, absent = 0, inside = 0;
	cloudabi_inode_t ino = 0, inside_ino = 0;
	cloudabi_errno_t err;
	uint32_t out, box, slash;
	unsigned int i;

	if (!fd_of(&root, "out", &out) || !fd_of(&root, "box", &box) ||
	    !fd_of(&root, "root", &slash) || out > 9)
		return 101;
	tap_plan_fd(7, out);
	make_probe();
	stat_at(box, "a/secret", 8, &inside_ino);
	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 1, &start);
	do {
		for (i = 0; i < 32; i++) {
			err = stat_at(box, probe, probe_len, &ino);
			count(&t, err, ino == inside_ino);
			err = open_probe(box, &inside);
			count(&t, err, inside);
			err = stat_at(box, "a/b", 3, &ino);
			present |= err == 0;
			absent |= err == CLOUDABI_ENOENT;
		}
		RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 1, &now);
	} while (now - start < SECONDS * 1000000000ULL);
	rt_printf(out, "# race: %llu walks in %u s: %llu inside, %llu ENOENT, %llu ENOTCAPABLE, %llu EAGAIN, %llu other\n",
		  t.walks, SECONDS, t.inside, t.enoent, t.enotcapable, t.eagain,
		  t.other);
	CHECK(t.escapes == 0, "no walk reached the secret outside (%llu did)",
	      t.escapes);
	CHECK(t.other == 0,
	      "each failed walk ended in ENOENT, ENOTCAPABLE or EAGAIN (%llu other)",
	      t.other);
	CHECK(t.inside > 0, "walks that met b in the box found box/a/secret");
	CHECK(present && absent,
	      "the renamer ran: a/b was seen both inside the box and gone");
	CHECK(t.walks >= 1000, "at least 1000 walks (%llu)", t.walks);
	creat_through_flipping_link(slash, out);
	return tap_done();
}
