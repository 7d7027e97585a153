// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI demo: an echo server that never listens
 *
 * Started by the native acceptor through cloudabi-run with
 * {out: !fd stdout, switchboard: !fd 5}.  It holds no listening socket
 * and no path: each TCP connection arrives over the switchboard as a
 * capability, is answered and closed.  It ends when the acceptor closes
 * the switchboard, with the number of connections served as its status.
 */

#include "argdata.h"
#include "rt.h"

/* The next connection, or -1 once the acceptor is gone. */
static int64_t next_connection(cloudabi_fd_t sw)
{
	cloudabi_fd_t conn;
	char c;
	cloudabi_iovec_t iov = { .buf = &c, .buf_len = 1 };
	cloudabi_recv_in_t in = {
		.ri_data = &iov, .ri_data_len = 1,
		.ri_fds = &conn, .ri_fds_len = 1,
	};
	cloudabi_recv_out_t out;

	if (RT_SYS(sock_recv)(sw, &in, &out) || out.ro_datalen == 0 ||
	    out.ro_fdslen != 1)
		return -1;
	return conn;
}

static void serve(cloudabi_fd_t log, cloudabi_fd_t conn, unsigned int n)
{
	char buf[200] = "echo: ";
	cloudabi_iovec_t in = { .buf = buf + 6, .buf_len = sizeof(buf) - 6 };
	cloudabi_ciovec_t reply = { .buf = buf };
	cloudabi_fdstat_t st;
	size_t len = 0, done;

	if (RT_SYS(fd_stat_get)(conn, &st) == 0)
		rt_printf(log, "server: connection %u: %s, rights 0x%llx\n", n,
			  st.fs_filetype == CLOUDABI_FILETYPE_SOCKET_STREAM ?
			  "a stream socket" : "something else",
			  (unsigned long long)st.fs_rights_base);
	if (RT_SYS(fd_read)(conn, &in, 1, &len) == 0 && len > 0) {
		reply.buf_len = 6 + len;
		RT_SYS(fd_write)(conn, &reply, 1, &done);
	}
	RT_SYS(sock_shutdown)(conn, CLOUDABI_SHUT_RD | CLOUDABI_SHUT_WR);
	RT_SYS(fd_close)(conn);
}

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

int program_main(void)
{
	struct rt_ad root = { rt.argdata, rt.argdatalen };
	uint32_t log, sw;
	unsigned int n = 0;
	int64_t conn;

	if (!fd_of(&root, "out", &log) || !fd_of(&root, "switchboard", &sw))
		return 101;
	while ((conn = next_connection(sw)) >= 0)
		serve(log, conn, ++n);
	rt_printf(log, "server: switchboard closed after %u connections\n", n);
	return n;
}
