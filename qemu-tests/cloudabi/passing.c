// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: descriptors sent with sock_send, received with sock_recv
 *
 * Started through cloudabi-run.  With {out} alone: the whole behaviour on
 * one process's socket pairs (rights kept exactly, message boundaries,
 * FDS_TRUNCATED, PEEK, the argument errors, sockets sent over themselves).
 * With {rounds: N}: N rounds of sends, receives and cycles, for the runner
 * to compare the kernel's socket and file counts.  With {role, prev, next}:
 * one hop of a capability travelling through three processes, (role give)
 * a send to native cap-recv, (role chain) the bound on descriptors in
 * flight, or (role selfcycle) a socket left in flight over itself.
 */

#include "argdata.h"
#include "rt.h"

#define R(x) CLOUDABI_RIGHT_##x

/* What the first hop restricts the capability to before sending it. */
#define HOP_RIGHTS (R(FD_READ) | R(MEM_MAP) | R(FILE_STAT_FGET))

static cloudabi_errno_t send_fds(cloudabi_fd_t sock, const char *data,
				 const cloudabi_fd_t *fds, size_t nfds)
{
	cloudabi_ciovec_t iov = { .buf = data, .buf_len = rt_strlen(data) };
	cloudabi_send_in_t in = {
		.si_data = &iov, .si_data_len = 1,
		.si_fds = fds, .si_fds_len = nfds,
	};
	cloudabi_send_out_t out;

	return RT_SYS(sock_send)(sock, &in, &out);
}

/* Receive into @buf (NUL-terminated); fds[] is preset to 77 to see writes. */
static cloudabi_errno_t recv_fds(cloudabi_fd_t sock, char *buf, size_t len,
				 cloudabi_fd_t *fds, size_t room,
				 cloudabi_riflags_t flags,
				 cloudabi_recv_out_t *out)
{
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = len - 1 };
	cloudabi_recv_in_t in = {
		.ri_data = &iov, .ri_data_len = 1,
		.ri_fds = fds, .ri_fds_len = room,
		.ri_flags = flags,
	};
	cloudabi_errno_t err;
	size_t i;

	for (i = 0; i < room; i++)
		fds[i] = 77;
	memset(buf, 0, len);
	memset(out, 0xa5, sizeof(*out));
	err = RT_SYS(sock_recv)(sock, &in, out);
	if (err)
		out->ro_fdslen = 0;
	return err;
}

static int same_rights(cloudabi_fd_t a, cloudabi_fd_t b)
{
	cloudabi_fdstat_t sa, sb;

	return RT_SYS(fd_stat_get)(a, &sa) == 0 &&
	       RT_SYS(fd_stat_get)(b, &sb) == 0 &&
	       sa.fs_filetype == sb.fs_filetype &&
	       sa.fs_rights_base == sb.fs_rights_base &&
	       sa.fs_rights_inheriting == sb.fs_rights_inheriting;
}

static cloudabi_filetype_t type_of(cloudabi_fd_t fd)
{
	cloudabi_fdstat_t st;

	return RT_SYS(fd_stat_get)(fd, &st) == 0 ? st.fs_filetype : 0xff;
}

/* Write @s at the start of shared memory @fd, through a shared mapping. */
static cloudabi_errno_t map_write(cloudabi_fd_t fd, const char *s)
{
	cloudabi_errno_t err;
	void *mem;

	err = RT_SYS(mem_map)(NULL, 4096,
			      CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE,
			      CLOUDABI_MAP_SHARED, fd, 0, &mem);
	if (err)
		return err;
	memcpy(mem, s, rt_strlen(s) + 1);
	RT_SYS(mem_unmap)(mem, 4096);
	return 0;
}

/* Whether shared memory @fd starts with @s, read through a mapping. */
static int map_holds(cloudabi_fd_t fd, const char *s)
{
	void *mem;
	int same;

	if (RT_SYS(mem_map)(NULL, 4096, CLOUDABI_PROT_READ,
			    CLOUDABI_MAP_SHARED, fd, 0, &mem))
		return 0;
	same = !rt_memcmp(mem, s, rt_strlen(s) + 1);
	RT_SYS(mem_unmap)(mem, 4096);
	return same;
}

static cloudabi_errno_t make_shm(cloudabi_fd_t *fd)
{
	cloudabi_filestat_t st = { .st_size = 4096 };
	cloudabi_errno_t err;

	err = RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, fd);
	return err ? err : RT_SYS(file_stat_fput)(*fd, &st,
						   CLOUDABI_FILESTAT_SIZE);
}

static cloudabi_fd_t restricted_dup(cloudabi_fd_t fd, cloudabi_rights_t base)
{
	cloudabi_fdstat_t st = { .fs_rights_base = base };
	cloudabi_fd_t copy;

	if (RT_SYS(fd_dup)(fd, &copy) ||
	    RT_SYS(fd_stat_put)(copy, &st, CLOUDABI_FDSTAT_RIGHTS))
		return 0xffffffff;
	return copy;
}

static void rights_and_boundaries(cloudabi_fd_t a, cloudabi_fd_t b,
				  cloudabi_fd_t shm)
{
	cloudabi_fd_t ro = restricted_dup(shm, HOP_RIGHTS);
	cloudabi_fd_t two[2] = { shm, ro }, got[4];
	cloudabi_recv_out_t out;
	char buf[16];

	CHECK(send_fds(a, "ab", NULL, 0) == 0 &&
	      send_fds(a, "cd", two, 2) == 0 && send_fds(a, "ef", NULL, 0) == 0,
	      "a send without descriptors, one with two, one without");
	CHECK(recv_fds(b, buf, sizeof(buf), got, 4, 0, &out) == 0 &&
	      out.ro_datalen == 4 && !rt_memcmp(buf, "abcd", 4) &&
	      out.ro_fdslen == 2 && out.ro_flags == 0 && got[2] == 77,
	      "the receive reaching them gets both and stops at their send's end "
	      "('%s', %zu fds)", buf, out.ro_fdslen);
	CHECK(same_rights(got[0], shm) && got[0] != shm,
	      "the shared memory arrives as a new descriptor, rights exactly kept");
	CHECK(same_rights(got[1], ro) && !same_rights(got[1], shm),
	      "the restricted copy arrives exactly as restricted");
	CHECK(map_write(got[1], "no") == CLOUDABI_ENOTCAPABLE &&
	      map_holds(got[1], "") && map_write(got[0], "xyz") == 0 &&
	      map_holds(shm, "xyz") && map_holds(got[1], "xyz"),
	      "never wider: the copy cannot write; all three are one object");
	CHECK(recv_fds(b, buf, sizeof(buf), got + 2, 2, 0, &out) == 0 &&
	      out.ro_datalen == 2 && !rt_memcmp(buf, "ef", 2) &&
	      out.ro_fdslen == 0 && got[2] == 77,
	      "the next receive gets the last send, with no descriptor "
	      "('%s', %zu fds, flags %u)", buf, out.ro_fdslen, out.ro_flags);
	RT_SYS(fd_close)(got[0]);
	RT_SYS(fd_close)(got[1]);
	RT_SYS(fd_close)(ro);
}

static void truncation_and_errors(cloudabi_fd_t a, cloudabi_fd_t b,
				  cloudabi_fd_t shm)
{
	cloudabi_fd_t three[3] = { shm, shm, shm }, bad[2] = { shm, 999 };
	cloudabi_fd_t got[2], many[254];
	cloudabi_recv_out_t out;
	unsigned int before = rt_open_slots(), i;
	char buf[16];

	CHECK(send_fds(a, "t", three, 3) == 0 &&
	      recv_fds(b, buf, sizeof(buf), got, 1, 0, &out) == 0 &&
	      out.ro_datalen == 1 && out.ro_fdslen == 1 &&
	      out.ro_flags == CLOUDABI_SOCK_RECV_FDS_TRUNCATED,
	      "three sent, room for one: one arrives, FDS_TRUNCATED (flags %u)",
	      out.ro_flags);
	CHECK(rt_open_slots() == before + 1,
	      "the other two are closed, not installed (%u -> %u slots)",
	      before, rt_open_slots());
	RT_SYS(fd_close)(got[0]);

	CHECK_EQ(send_fds(a, "x", bad, 2), CLOUDABI_EBADF,
		 "a send naming a closed descriptor is EBADF");
	for (i = 0; i < 254; i++)
		many[i] = shm;
	CHECK_EQ(send_fds(a, "x", many, 254), CLOUDABI_EINVAL,
		 "254 descriptors in one send are EINVAL (253 is the bound)");
	CHECK_EQ(send_fds(a, "x", NULL, 1), CLOUDABI_EFAULT,
		 "a NULL descriptor array is EFAULT");
	CHECK(send_fds(a, "m", NULL, 0) == 0 &&
	      recv_fds(b, buf, sizeof(buf), got, 2, 0, &out) == 0 &&
	      out.ro_datalen == 1 && buf[0] == 'm' && out.ro_fdslen == 0,
	      "the failed sends sent nothing: next comes 'm' alone");

	CHECK(send_fds(a, "k", three, 1) == 0, "one more with a descriptor");
	{
		cloudabi_iovec_t iov = { .buf = buf, .buf_len = 4 };
		cloudabi_recv_in_t in = {
			.ri_data = &iov, .ri_data_len = 1,
			.ri_fds = NULL, .ri_fds_len = 1,
		};

		before = rt_open_slots();
		CHECK(RT_SYS(sock_recv)(b, &in, &out) == CLOUDABI_EFAULT &&
		      rt_open_slots() == before,
		      "receiving into a NULL descriptor array is EFAULT, "
		      "nothing installed");
	}
	CHECK(recv_fds(b, buf, sizeof(buf), got, 2, 0, &out) == 0 &&
	      buf[0] == 'k' && out.ro_fdslen == 1 &&
	      type_of(got[0]) == CLOUDABI_FILETYPE_SHARED_MEMORY,
	      "and then the byte and its descriptor are still there");
	RT_SYS(fd_close)(got[0]);
}

static void peek_read_and_back(cloudabi_fd_t a, cloudabi_fd_t b,
			       cloudabi_fd_t shm)
{
	cloudabi_fd_t got[2];
	cloudabi_recv_out_t out;
	unsigned int before;
	char buf[16];
	size_t n;

	CHECK(send_fds(a, "p", &shm, 1) == 0 &&
	      recv_fds(b, buf, sizeof(buf), got, 1, CLOUDABI_SOCK_RECV_PEEK,
		       &out) == 0 &&
	      out.ro_datalen == 1 && out.ro_fdslen == 1 &&
	      recv_fds(b, buf, sizeof(buf), got + 1, 1, 0, &out) == 0 &&
	      out.ro_datalen == 1 && out.ro_fdslen == 1 && got[0] != got[1] &&
	      same_rights(got[0], shm) && same_rights(got[1], shm),
	      "PEEK gets a copy of the descriptor; the receive gets its own");
	RT_SYS(fd_close)(got[0]);
	RT_SYS(fd_close)(got[1]);

	before = rt_open_slots();
	{
		cloudabi_iovec_t iov = { .buf = buf, .buf_len = 1 };

		CHECK(send_fds(a, "r", &shm, 1) == 0 &&
		      RT_SYS(fd_read)(b, &iov, 1, &n) == 0 && n == 1 &&
		      buf[0] == 'r' && rt_open_slots() == before,
		      "fd_read reads the bytes and drops their descriptors");
	}
	CHECK(send_fds(a, "s", NULL, 0) == 0 &&
	      recv_fds(b, buf, sizeof(buf), got, 1, 0, &out) == 0 &&
	      buf[0] == 's' && out.ro_fdslen == 0,
	      "so the next receive does not get them late");

	CHECK(send_fds(b, "back", &shm, 1) == 0 &&
	      recv_fds(a, buf, sizeof(buf), got, 1, 0, &out) == 0 &&
	      out.ro_fdslen == 1 && same_rights(got[0], shm),
	      "descriptors travel the other way too");
	RT_SYS(fd_close)(got[0]);
}

static void sockets_over_themselves(void)
{
	cloudabi_fd_t a, b, got[1];
	cloudabi_recv_out_t out;
	char buf[16];

	CHECK(RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b) == 0 &&
	      send_fds(a, "self", &a, 1) == 0 &&
	      recv_fds(b, buf, sizeof(buf), got, 1, 0, &out) == 0 &&
	      out.ro_fdslen == 1 && same_rights(got[0], a),
	      "a socket sent over itself arrives as itself");
	CHECK(send_fds(got[0], "via", NULL, 0) == 0 &&
	      recv_fds(b, buf, sizeof(buf), got, 0, 0, &out) == 0 &&
	      !rt_memcmp(buf, "via", 3),
	      "and sends to the same peer");
	RT_SYS(fd_close)(got[0]);
	RT_SYS(fd_close)(a);
	RT_SYS(fd_close)(b);
}

static void datagrams(cloudabi_fd_t shm)
{
	cloudabi_fd_t a, b, got[2];
	cloudabi_recv_out_t out;
	char buf[16];
	int ok;

	CHECK(RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_DGRAM, &a, &b) == 0 &&
	      send_fds(a, "m1", &shm, 1) == 0 && send_fds(a, "m2", NULL, 0) == 0 &&
	      send_fds(a, "m3", &a, 1) == 0,
	      "three datagrams: with shared memory, without, with a socket");
	ok = recv_fds(b, buf, sizeof(buf), got, 2, 0, &out) == 0 &&
	     !rt_memcmp(buf, "m1", 3) && out.ro_fdslen == 1 &&
	     type_of(got[0]) == CLOUDABI_FILETYPE_SHARED_MEMORY;
	RT_SYS(fd_close)(got[0]);
	ok = ok && recv_fds(b, buf, sizeof(buf), got, 2, 0, &out) == 0 &&
	     !rt_memcmp(buf, "m2", 3) && out.ro_fdslen == 0;
	ok = ok && recv_fds(b, buf, sizeof(buf), got, 2, 0, &out) == 0 &&
	     !rt_memcmp(buf, "m3", 3) && out.ro_fdslen == 1 &&
	     type_of(got[0]) == CLOUDABI_FILETYPE_SOCKET_DGRAM;
	CHECK(ok, "each arrives with exactly its own descriptors");
	RT_SYS(fd_close)(got[0]);
	RT_SYS(fd_close)(a);
	RT_SYS(fd_close)(b);
}

/* --- sends from a second thread, racing the receives ---------------- */

#define RACE_SENDS 2000

struct racer {
	cloudabi_fd_t sock, shm;
	unsigned int failed;
};

/*
 * Every third send carries a descriptor, and its byte says so: 'F'.  A
 * stream receive of 64 bytes reads at most 22 of them: room for 32.
 */
static void race_sender(void *arg)
{
	struct racer *r = arg;
	unsigned int i;

	for (i = 0; i < RACE_SENDS; i++) {
		int with = i % 3 == 0;

		if (send_fds(r->sock, with ? "F" : "p", &r->shm, with))
			r->failed++;
	}
	/* Tell the receiver not to wait for what will never come. */
	if (r->failed)
		send_fds(r->sock, "E", NULL, 0);
}

/* Receive (or peek) once; count how its descriptors match its 'F's. */
static int race_receive(cloudabi_fd_t b, cloudabi_riflags_t flags,
			unsigned int *len, unsigned int *wrong)
{
	cloudabi_recv_out_t out;
	cloudabi_fd_t got[32];
	unsigned int i, fs;
	char buf[64];
	int ended = 0;

	if (recv_fds(b, buf, sizeof(buf), got, 32, flags, &out) ||
	    !out.ro_datalen)
		return 0;
	for (i = fs = 0; i < out.ro_datalen; i++) {
		fs += buf[i] == 'F';
		ended |= buf[i] == 'E';
	}
	*wrong += fs != out.ro_fdslen;
	for (i = 0; i < out.ro_fdslen && i < 32; i++)
		RT_SYS(fd_close)(got[i]);
	*len = out.ro_datalen;
	return !ended;
}

/*
 * A send queues its parcel before its data; the receive that reads the
 * data must find it, though it looks for parcels without the module's
 * lock when there seem to be none.  The receives block in the kernel
 * (no poll first), so that data and parcel often arrive while one waits:
 * a look for parcels made before the wait would miss them.  Each receive, and each peek (every
 * other turn), must get exactly the descriptors of the 'F's it read:
 * none late, none early.
 */
static void race_sends(cloudabi_filetype_t type, const char *what,
		       cloudabi_fd_t shm)
{
	struct racer r = { .shm = shm };
	unsigned int bytes = 0, receives = 0, wrong = 0, len;
	struct rt_thread t = { .stack = NULL };
	cloudabi_fd_t a, b;
	int ok;

	if (RT_SYS(fd_create2)(type, &a, &b)) {
		CHECK(0, "%s: fd_create2 for the race", what);
		return;
	}
	r.sock = a;
	ok = rt_thread_start(&t, race_sender, &r);
	while (ok && bytes < RACE_SENDS) {
		ok = (receives % 2 ||
		      race_receive(b, CLOUDABI_SOCK_RECV_PEEK, &len, &wrong)) &&
		     race_receive(b, 0, &len, &wrong);
		receives++;
		bytes += ok ? len : 0;
	}
	/* A sender blocked on a full socket fails once its peer is gone. */
	RT_SYS(fd_close)(b);
	ok = rt_thread_join(&t) && ok;
	CHECK(ok && !wrong && !r.failed && bytes == RACE_SENDS,
	      "%s: %u sends from a second thread, each receive and peek gets "
	      "the descriptors of exactly the data it read (%u receives, %u "
	      "wrong, %u failed sends)", what, RACE_SENDS, receives, wrong,
	      r.failed);
	RT_SYS(fd_close)(a);
}

/* One round of everything that could leak, for the runner to count. */
static int round_trip(void)
{
	cloudabi_fd_t a, b, c, d, shm, three[3], got[3];
	cloudabi_recv_out_t out;
	char buf[8];
	int ok;

	if (RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b) ||
	    RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_DGRAM, &c, &d) ||
	    RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY, &shm))
		return 0;
	three[0] = shm;
	three[1] = c;
	three[2] = d;
	ok = send_fds(a, "x", three, 3) == 0 &&
	     recv_fds(b, buf, sizeof(buf), got, 3, 0, &out) == 0 &&
	     out.ro_fdslen == 3;
	RT_SYS(fd_close)(got[0]);
	RT_SYS(fd_close)(got[1]);
	RT_SYS(fd_close)(got[2]);
	/* In flight at close: each end in its own queue, and across. */
	ok = ok && send_fds(a, "y", &a, 1) == 0 && send_fds(b, "y", &b, 1) == 0 &&
	     send_fds(c, "z", &d, 1) == 0 && send_fds(d, "z", &c, 1) == 0 &&
	     send_fds(a, "w", three, 3) == 0;
	RT_SYS(fd_close)(a);
	RT_SYS(fd_close)(b);
	RT_SYS(fd_close)(c);
	RT_SYS(fd_close)(d);
	RT_SYS(fd_close)(shm);
	return ok;
}

static int rounds(int64_t n, cloudabi_fd_t out)
{
	unsigned int before = rt_open_slots();
	int64_t i;

	for (i = 0; i < n; i++) {
		if (!round_trip()) {
			rt_printf(out, "round %d failed\n", (int)i);
			return 1;
		}
	}
	if (rt_open_slots() != before) {
		rt_printf(out, "slots %u -> %u\n", before, rt_open_slots());
		return 1;
	}
	rt_printf(out, "%d rounds\n", (int)n);
	return 0;
}

/*
 * Pairs sent down a chain, each over the one before, each closed once
 * sent: the program holds two sockets while the chain holds the rest, so
 * only the per-user bound on descriptors in flight (RLIMIT_NOFILE) stops
 * it, with ENOBUFS.  Closing the first pair must free the whole chain.
 */
static int chain(cloudabi_fd_t out)
{
	cloudabi_fd_t first[2], cur[2], next[2];
	unsigned int before = rt_open_slots(), links;
	cloudabi_errno_t err = 0;

	if (RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &first[0],
			       &first[1]))
		return 1;
	cur[0] = first[0];
	cur[1] = first[1];
	for (links = 0; links < 5000 && !err; links++) {
		if (RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM,
				       &next[0], &next[1]))
			return 1;
		err = send_fds(cur[0], "x", next, 2);
		if (cur[0] != first[0]) {
			RT_SYS(fd_close)(cur[0]);
			RT_SYS(fd_close)(cur[1]);
		}
		cur[0] = next[0];
		cur[1] = next[1];
	}
	RT_SYS(fd_close)(cur[0]);
	RT_SYS(fd_close)(cur[1]);
	RT_SYS(fd_close)(first[0]);
	RT_SYS(fd_close)(first[1]);
	rt_printf(out, "chain stopped after %u links with error %u\n", links,
		  err);
	return err == CLOUDABI_ENOBUFS && links < 5000 &&
	       rt_open_slots() == before ? 0 : 1;
}

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

/* first: make, restrict, send; middle: check, forward; last: check, read. */
static int hop(const char *role, struct rt_ad *root, cloudabi_fd_t out)
{
	cloudabi_fd_t prev, next, shm = 0xffffffff, got[1] = { 0 };
	cloudabi_recv_out_t ro;
	cloudabi_fdstat_t st;
	char buf[16];

	tap_plan_fd(2, out);
	if (!rt_strcmp(role, "give")) {
		cloudabi_fd_t give[2], a = 0xffffffff, b;

		CHECK(fd_of(root, "next", &next) && make_shm(&shm) == 0 &&
		      map_write(shm, "hop") == 0 &&
		      RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM,
					 &a, &b) == 0, "give: made");
		give[0] = restricted_dup(shm, HOP_RIGHTS);
		give[1] = a;
		CHECK(send_fds(next, "g", give, 2) == 0,
		      "give: shared memory and a socket sent to a native peer");
		return tap_done();
	}
	if (!rt_strcmp(role, "first")) {
		CHECK(fd_of(root, "next", &next) &&
		      make_shm(&shm) == 0 &&
		      map_write(shm, "hop") == 0, "first: shared memory made");
		shm = restricted_dup(shm, HOP_RIGHTS);
		CHECK(send_fds(next, "1", &shm, 1) == 0,
		      "first: sent restricted to read");
		return tap_done();
	}
	CHECK(fd_of(root, "prev", &prev) &&
	      recv_fds(prev, buf, sizeof(buf), got, 1, 0, &ro) == 0 &&
	      ro.ro_fdslen == 1 && RT_SYS(fd_stat_get)(got[0], &st) == 0 &&
	      st.fs_rights_base == HOP_RIGHTS &&
	      st.fs_filetype == CLOUDABI_FILETYPE_SHARED_MEMORY,
	      "%s: received with exactly the first hop's rights", role);
	if (!rt_strcmp(role, "middle")) {
		CHECK(fd_of(root, "next", &next) &&
		      send_fds(next, "2", got, 1) == 0, "middle: forwarded");
		return tap_done();
	}
	CHECK(map_holds(got[0], "hop") &&
	      map_write(got[0], "no") == CLOUDABI_ENOTCAPABLE,
	      "last: reads what the first wrote, still cannot write");
	return tap_done();
}

/*
 * (role selfcycle, under native keep-raw) Send {a} over {b}, its peer,
 * and exit: {a} is then held by keep-raw and by its own queue.  When
 * keep-raw closes it, natively, only the queue holds it.
 */
static int self_cycle(struct rt_ad *root)
{
	cloudabi_fd_t a, b;

	if (!fd_of(root, "a", &a) || !fd_of(root, "b", &b))
		return 101;
	return send_fds(b, "c", &a, 1) ? 102 : 0;
}

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen }, v;
	cloudabi_fd_t out, a, b, shm;
	const char *role;
	size_t len;
	int64_t n;

	if (!fd_of(&root, "out", &out))
		return 101;
	if (rt_ad_map_get(&root, "rounds", &v) == 1 && rt_ad_int(&v, &n) == 0)
		return rounds(n, out);
	if (rt_ad_map_get(&root, "role", &v) == 1 &&
	    rt_ad_str(&v, &role, &len) == 0) {
		if (!rt_strcmp(role, "selfcycle"))
			return self_cycle(&root);
		return rt_strcmp(role, "chain") ? hop(role, &root, out) :
						  chain(out);
	}

	tap_plan_fd(6 + 9 + 4 + 2 + 2 + 2, out);
	if (RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b) ||
	    make_shm(&shm))
		return 102;
	rights_and_boundaries(a, b, shm);
	truncation_and_errors(a, b, shm);
	peek_read_and_back(a, b, shm);
	sockets_over_themselves();
	datagrams(shm);
	race_sends(CLOUDABI_FILETYPE_SOCKET_STREAM, "stream", shm);
	race_sends(CLOUDABI_FILETYPE_SOCKET_DGRAM, "datagrams", shm);
	return tap_done();
}
