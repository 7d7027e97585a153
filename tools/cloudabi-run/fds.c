// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-run - the descriptors the program starts with
 *
 * Slots are numbered in the order they first appear in the document.
 * Rights are applied through /dev/cloudabi, which never grants a right the
 * file does not allow; the slots are then moved to 0..n-1 and everything
 * else is marked close-on-exec, so the program inherits nothing more.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../../include/uapi/cloudabi/cloudabi_dev.h"
#include "launcher.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/**
 * fds_add() - a descriptor the program will get
 * @l: the launch
 * @hostfd: the launcher's descriptor
 * @dedup: the same @hostfd appearing again gets the same slot (!fd)
 * @what: description
 *
 * Return: the slot number, the fd number the program sees.
 */
int fds_add(struct launch *l, int hostfd, int dedup, const char *what)
{
	struct fd_slot *s;
	int i;

	for (i = 0; dedup && i < l->nslots; i++)
		if (l->slots[i].hostfd == hostfd)
			return i;
	if (l->nslots == MAX_FDS)
		fail("%s: more than %d descriptors", l->file, MAX_FDS);
	s = &l->slots[l->nslots];
	memset(s, 0, sizeof(*s));
	s->hostfd = hostfd;
	snprintf(s->what, sizeof(s->what), "%s", what);
	return l->nslots++;
}

/* Replace each restricted slot's descriptor by a capability over it. */
int fds_apply_rights(struct launch *l)
{
	struct cloudabi_cap_request req;
	int dev = -1, i, cap;

	for (i = 0; i < l->nslots; i++) {
		struct fd_slot *s = &l->slots[i];

		if (!s->has_rights)
			continue;
		if (dev < 0) {
			dev = open(CLOUDABI_DEV_PATH, O_RDWR | O_CLOEXEC);
			if (dev < 0)
				fail("%s: %s (is the cloudabi module loaded?)",
				     CLOUDABI_DEV_PATH, strerror(errno));
		}
		memset(&req, 0, sizeof(req));
		req.fd = s->hostfd;
		req.flags = s->intersect ? CLOUDABI_CAP_INTERSECT : 0;
		req.rights_base = s->base;
		req.rights_inheriting = s->inheriting;
		cap = ioctl(dev, CLOUDABI_IOC_CAPABILITY, &req);
		if (cap < 0 && errno == EPERM)
			fail("%s: %s cannot have all the rights asked for",
			     l->file, s->what);
		/* Never more rights than asked for: refuse, do not pass it. */
		if (cap < 0 && errno == EOPNOTSUPP)
			fail("%s: %s: rights cannot be chosen for a UNIX socket "
			     "or a file of no CloudABI type; without rights: it "
			     "gets those its type allows", l->file, s->what);
		if (cap < 0)
			fail("%s: %s: %s", l->file, s->what, strerror(errno));
		s->hostfd = cap;
	}
	if (dev >= 0)
		close(dev);
	return 0;
}

/*
 * Move slot i to descriptor i.  Every slot is first copied above the
 * range, so that no dup2() overwrites a slot that is still to be moved;
 * so is @keep (the program to exec), which may sit inside the range.
 */
int fds_arrange(struct launch *l, int *keep)
{
	int high[MAX_FDS], i;

	*keep = fcntl(*keep, F_DUPFD_CLOEXEC, l->nslots);
	if (*keep < 0)
		fail("program: %s", strerror(errno));

	for (i = 0; i < l->nslots; i++) {
		high[i] = fcntl(l->slots[i].hostfd, F_DUPFD_CLOEXEC, l->nslots);
		if (high[i] < 0)
			fail("%s: %s", l->slots[i].what, strerror(errno));
	}
	for (i = 0; i < l->nslots; i++)
		if (dup2(high[i], i) < 0)
			fail("%s: %s", l->slots[i].what, strerror(errno));
	if (close_range(l->nslots, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		fail("close_range: %s", strerror(errno));
	return 0;
}
