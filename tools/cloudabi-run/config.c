// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-run - the YAML document to argdata and descriptors
 *
 * Compatible with upstream cloudabi-run documents: scalars resolve as in
 * YAML's core schema (null, bool, int, float, str; !!binary and
 * !!timestamp by tag), maps and sequences nest, and the tags under
 * tag:nuxi.nl,2015:cloudabi/ name descriptors: !fd, !file, !executable,
 * and, beyond upstream, !socket and a rights: key on !fd and !file.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "../../include/uapi/cloudabi/generated/cloudabi_types.h"
#include "launcher.h"

#define NUXI "tag:nuxi.nl,2015:cloudabi/"
#define YAML_BINARY_TAG "tag:yaml.org,2002:binary"

/* Rights of a descriptor that only looks: the "read-only" shorthand. */
#define R(x) CLOUDABI_RIGHT_##x
#define RIGHTS_READ_ONLY (R(FD_READ) | R(FD_SEEK) | R(FD_TELL) |	\
	R(FILE_ADVISE) | R(FILE_STAT_FGET) | R(MEM_MAP) |		\
	R(MEM_MAP_EXEC) | R(POLL_FD_READWRITE) | R(PROC_EXEC) |		\
	R(FILE_OPEN) | R(FILE_READDIR) | R(FILE_READLINK) |		\
	R(FILE_STAT_GET))

struct ctx {
	struct launch *l;
	yaml_document_t *doc;
};

#define FAIL_AT(c, n, ...) \
	fail_at((c)->l, (n)->start_mark.line + 1, (n)->start_mark.column + 1, \
		__VA_ARGS__)

static const char *tag_of(const yaml_node_t *n)
{
	const char *t = (const char *)n->tag;

	/* "!fd" without the %TAG directive means the same as with it. */
	if (t && t[0] == '!' && t[1])
		return t + 1;
	if (t && !strncmp(t, NUXI, strlen(NUXI)))
		return t + strlen(NUXI);
	return NULL;
}

static const char *scalar(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
					   : NULL;
}

static yaml_node_t *map_get(struct ctx *c, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;
	const char *k;

	if (map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		k = scalar(yaml_document_get_node(c->doc, p->key));
		if (k && !strcmp(k, key))
			return yaml_document_get_node(c->doc, p->value);
	}
	return NULL;
}

/* Only the keys a tag knows: a typo must not be silently ignored. */
static void check_keys(struct ctx *c, yaml_node_t *map, const char *const *ok)
{
	yaml_node_pair_t *p;
	const char *k;
	int i, known;

	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);

		k = scalar(kn);
		for (known = 0, i = 0; k && ok[i]; i++)
			known |= !strcmp(k, ok[i]);
		if (!known)
			FAIL_AT(c, kn, "unknown key %s", k ? k : "(not a scalar)");
	}
}

/* rights: a list of right names, or "read-only", "all" or one name. */
static void parse_rights(struct ctx *c, yaml_node_t *n, struct fd_slot *s)
{
	const char *name = scalar(n);
	yaml_node_item_t *it;
	uint64_t r;

	s->has_rights = 1;
	if (name && !strcmp(name, "read-only")) {
		s->base = s->inheriting = RIGHTS_READ_ONLY;
		s->intersect = 1;
		return;
	}
	if (name && !strcmp(name, "all")) {
		s->base = s->inheriting = CLOUDABI_ALL_RIGHTS;
		s->intersect = 1;
		return;
	}
	if (name) {
		if (rights_parse_name(name, &r))
			FAIL_AT(c, n, "unknown right %s", name);
		s->base = r;
		return;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		FAIL_AT(c, n, "rights: a list of right names, or read-only");
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	     it++) {
		yaml_node_t *rn = yaml_document_get_node(c->doc, *it);

		name = scalar(rn);
		if (!name || rights_parse_name(name, &r))
			FAIL_AT(c, rn, "unknown right %s", name ? name : "");
		s->base |= r;
	}
}

/* inheriting: a list of right names, for descriptors opened through. */
static void parse_inheriting(struct ctx *c, yaml_node_t *n, struct fd_slot *s)
{
	struct fd_slot tmp = { 0 };

	parse_rights(c, n, &tmp);
	s->has_rights = 1;
	s->inheriting = tmp.intersect ? tmp.inheriting : tmp.base;
	s->intersect |= tmp.intersect;
}

/* The rights: and inheriting: keys of a descriptor tag's map. */
static void slot_rights(struct ctx *c, yaml_node_t *n, int slot)
{
	struct fd_slot *s = &c->l->slots[slot];
	yaml_node_t *r, *i;

	if (n->type != YAML_MAPPING_NODE)
		return;
	r = map_get(c, n, "rights");
	i = map_get(c, n, "inheriting");
	if (r)
		parse_rights(c, r, s);
	if (i)
		parse_inheriting(c, i, s);
}

static int host_fd(struct ctx *c, yaml_node_t *n, const char *s)
{
	char *end;
	long v;

	if (!strcmp(s, "stdin"))
		return 0;
	if (!strcmp(s, "stdout"))
		return 1;
	if (!strcmp(s, "stderr"))
		return 2;
	v = strtol(s, &end, 10);
	if (!*s || *end || v < 0 || v > 65535)
		FAIL_AT(c, n, "!fd: stdin, stdout, stderr or a number, not %s", s);
	if (fcntl((int)v, F_GETFD) < 0)
		FAIL_AT(c, n, "!fd %ld: not an open descriptor", v);
	return (int)v;
}

static struct ad_node *tag_fd(struct ctx *c, yaml_node_t *n)
{
	static const char *const keys[] = { "fd", "rights", "inheriting", NULL };
	yaml_node_t *fdn = n;
	int restricted = 0;
	char what[64];
	int slot, fd;

	if (n->type == YAML_MAPPING_NODE) {
		check_keys(c, n, keys);
		fdn = map_get(c, n, "fd");
		restricted = map_get(c, n, "rights") ||
			     map_get(c, n, "inheriting");
		if (!fdn || !scalar(fdn))
			FAIL_AT(c, n, "!fd needs fd:");
	}
	if (!scalar(fdn))
		FAIL_AT(c, n, "!fd: a scalar or a map with fd:");
	fd = host_fd(c, fdn, scalar(fdn));
	snprintf(what, sizeof(what), "!fd %s", scalar(fdn));
	/* A restricted !fd is its own slot; plain ones share by number. */
	slot = fds_add(c->l, restricted ? dup(fd) : fd, !restricted, what);
	slot_rights(c, n, slot);
	return ad_fd((uint32_t)slot);
}

/* The rights that ask for an open file writing, as file_open has them. */
#define RIGHTS_WRITING (R(FD_WRITE) | R(FD_DATASYNC) | R(FILE_ALLOCATE) | \
			R(FILE_STAT_FPUT_SIZE))

/*
 * The open mode follows the rights asked for, as file_open's does, so a
 * read-only capability never rests on a writable open file (which would
 * also make a program's own binary, passed read-only, fail its exec with
 * ETXTBSY).  Without rights:, or with "all", read-write where allowed.
 * Directories open read-only.
 */
static int open_path(const char *path, const struct fd_slot *s)
{
	int any = !s->has_rights || (s->intersect && (s->base & RIGHTS_WRITING));
	int mode = O_RDONLY;
	struct stat st;
	int fd;

	if (stat(path, &st) < 0)
		return -1;
	if (S_ISDIR(st.st_mode))
		return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (!any && (s->base & RIGHTS_WRITING))
		mode = s->base & R(FD_READ) ? O_RDWR : O_WRONLY;
	if (any)
		mode = O_RDWR;
	fd = open(path, mode | O_CLOEXEC | O_NOCTTY);
	if (any && fd < 0 &&
	    (errno == EACCES || errno == EROFS || errno == EISDIR ||
	     errno == ETXTBSY))
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	return fd;
}

static struct ad_node *tag_file(struct ctx *c, yaml_node_t *n, int exec)
{
	static const char *const keys[] = { "path", "rights", "inheriting",
					    NULL };
	yaml_node_t *pn = n;
	const char *path;
	char what[256];
	int fd, slot;

	if (n->type == YAML_MAPPING_NODE) {
		check_keys(c, n, keys);
		pn = map_get(c, n, "path");
		if (!pn)
			FAIL_AT(c, n, "%s needs path:", exec ? "!executable" : "!file");
	}
	path = scalar(pn);
	if (!path)
		FAIL_AT(c, n, "path: a string");
	snprintf(what, sizeof(what), "%s %s", exec ? "!executable" : "!file",
		 path);
	/* The rights first: they decide the open mode. */
	slot = fds_add(c->l, -1, 0, what);
	slot_rights(c, n, slot);
	fd = exec ? open(path, O_RDONLY | O_CLOEXEC) :
		    open_path(path, &c->l->slots[slot]);
	if (fd < 0)
		FAIL_AT(c, pn, "%s: %s", path, strerror(errno));
	c->l->slots[slot].hostfd = fd;
	return ad_fd((uint32_t)slot);
}

/* "unix:/path", "tcp:1.2.3.4:80", "tcp:[::1]:80" (numeric only). */
static int connect_to(const char *addr)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_un *un = (struct sockaddr_un *)&ss;
	char host[128];
	const char *port;
	socklen_t len;
	int fd;

	if (!strncmp(addr, "unix:", 5)) {
		if (strlen(addr + 5) >= sizeof(un->sun_path))
			return errno = ENAMETOOLONG, -1;
		un->sun_family = AF_UNIX;
		strcpy(un->sun_path, addr + 5);
		len = sizeof(*un);
	} else if (!strncmp(addr, "tcp:", 4)) {
		port = strrchr(addr + 4, ':');
		if (!port || (size_t)(port - addr - 4) >= sizeof(host))
			return errno = EINVAL, -1;
		memcpy(host, addr + 4, port - addr - 4);
		host[port - addr - 4] = '\0';
		if (host[0] == '[' && host[strlen(host) - 1] == ']') {
			host[strlen(host) - 1] = '\0';
			in6->sin6_family = AF_INET6;
			in6->sin6_port = htons((uint16_t)atoi(port + 1));
			if (inet_pton(AF_INET6, host + 1, &in6->sin6_addr) != 1)
				return errno = EINVAL, -1;
			len = sizeof(*in6);
		} else {
			in4->sin_family = AF_INET;
			in4->sin_port = htons((uint16_t)atoi(port + 1));
			if (inet_pton(AF_INET, host, &in4->sin_addr) != 1)
				return errno = EINVAL, -1;
			len = sizeof(*in4);
		}
	} else {
		return errno = EINVAL, -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&ss, len) < 0) {
		int e = errno;

		close(fd);
		return errno = e, -1;
	}
	return fd;
}

static struct ad_node *tag_socket(struct ctx *c, yaml_node_t *n)
{
	static const char *const keys[] = { "connect", "rights", "inheriting",
					    NULL };
	yaml_node_t *an = n;
	char what[256];
	int fd, slot;

	if (n->type == YAML_MAPPING_NODE) {
		check_keys(c, n, keys);
		an = map_get(c, n, "connect");
	}
	if (!an || !scalar(an))
		FAIL_AT(c, n, "!socket needs connect: unix:PATH or tcp:HOST:PORT");
	fd = connect_to(scalar(an));
	if (fd < 0)
		FAIL_AT(c, an, "%s: %s", scalar(an), strerror(errno));
	snprintf(what, sizeof(what), "!socket %s", scalar(an));
	slot = fds_add(c->l, fd, 0, what);
	slot_rights(c, n, slot);
	return ad_fd((uint32_t)slot);
}

static int is_int(const char *s, int64_t *out, uint64_t *uout, int *big)
{
	char *end;
	int base = 10;
	const char *p = s;
	int neg = 0;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o')) {
		base = p[1] == 'x' ? 16 : 8;
		p += 2;
	}
	if (!*p || strspn(p, base == 16 ? "0123456789abcdefABCDEF" :
			  base == 8 ? "01234567" : "0123456789") != strlen(p))
		return 0;
	errno = 0;
	*uout = strtoull(p, &end, base);
	if (errno)
		return 0;
	*big = !neg && *uout > INT64_MAX;
	if (neg && *uout > (uint64_t)INT64_MAX + 1)
		return 0;
	*out = neg ? (int64_t)(0 - *uout) : (int64_t)*uout;
	return 1;
}

static int is_float(const char *s, double *out)
{
	char *end;

	if (!strcmp(s, ".inf") || !strcmp(s, "+.inf") || !strcmp(s, ".Inf"))
		return *out = INFINITY, 1;
	if (!strcmp(s, "-.inf") || !strcmp(s, "-.Inf"))
		return *out = -INFINITY, 1;
	if (!strcmp(s, ".nan") || !strcmp(s, ".NaN"))
		return *out = NAN, 1;
	/* Core schema floats have digits, and a dot or an exponent. */
	if (!strpbrk(s, "0123456789") || !strpbrk(s, ".eE") ||
	    strpbrk(s, "xXnNiI"))
		return 0;
	*out = strtod(s, &end);
	return !*end;
}

static struct ad_node *plain_scalar(const char *s, size_t len)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	static const char *const trues[] = { "true", "True", "TRUE" };
	static const char *const falses[] = { "false", "False", "FALSE" };
	uint64_t u;
	int64_t i;
	double d;
	size_t k;
	int big;

	for (k = 0; k < 5; k++)
		if (!strcmp(s, nulls[k]))
			return ad_null();
	for (k = 0; k < 3; k++) {
		if (!strcmp(s, trues[k]))
			return ad_bool(1);
		if (!strcmp(s, falses[k]))
			return ad_bool(0);
	}
	if (is_int(s, &i, &u, &big))
		return big ? ad_uint(u) : ad_int(i);
	if (is_float(s, &d))
		return ad_float(d);
	return ad_str(s, len);
}

static int b64(int ch)
{
	static const char set[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = ch ? strchr(set, ch) : NULL;

	return p ? (int)(p - set) : -1;
}

static struct ad_node *binary_scalar(struct ctx *c, yaml_node_t *n)
{
	const char *s = scalar(n);
	size_t len = strlen(s), o = 0;
	unsigned int acc = 0, bits = 0;
	struct ad_node *node;
	uint8_t *buf = malloc(len / 4 * 3 + 3);

	if (!buf)
		fail("out of memory");
	for (; *s; s++) {
		int v = b64(*s);

		if (*s == '=' || *s == '\n' || *s == ' ' || *s == '\r')
			continue;
		if (v < 0)
			FAIL_AT(c, n, "!!binary: not base64");
		acc = acc << 6 | (unsigned int)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[o++] = (uint8_t)(acc >> bits);
		}
	}
	node = ad_binary(buf, o);
	free(buf);
	return node;
}

/* YYYY-MM-DD, or with [Tt ]HH:MM:SS[.fraction][Z|+HH:MM|-HH:MM] */
static struct ad_node *timestamp_scalar(struct ctx *c, yaml_node_t *n)
{
	const char *s = scalar(n);
	struct tm tm = { 0 };
	long nsec = 0, scale = 100000000, off = 0;
	int used = 0, oh, om;
	time_t t;

	if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &used) != 3)
		FAIL_AT(c, n, "!!timestamp: not YYYY-MM-DD...");
	s += used;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		if (sscanf(s + 1, "%2d:%2d:%2d%n", &tm.tm_hour, &tm.tm_min,
			   &tm.tm_sec, &used) != 3)
			FAIL_AT(c, n, "!!timestamp: bad time of day");
		s += 1 + used;
		if (*s == '.')
			for (s++; *s >= '0' && *s <= '9'; s++, scale /= 10)
				nsec += (*s - '0') * scale;
		if (*s == 'Z') {
			s++;
		} else if ((*s == '+' || *s == '-') &&
			   sscanf(s + 1, "%2d:%2d%n", &oh, &om, &used) == 2) {
			off = (*s == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
			s += 1 + used;
		}
	}
	if (*s)
		FAIL_AT(c, n, "!!timestamp: trailing %s", s);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	return ad_timestamp((int64_t)t - off, (uint32_t)nsec);
}

static struct ad_node *convert(struct ctx *c, yaml_node_t *n, int depth);

static struct ad_node *convert_scalar(struct ctx *c, yaml_node_t *n)
{
	const char *t = (const char *)n->tag;
	const char *s = scalar(n);
	size_t len = n->data.scalar.length;

	if (strlen(s) != len)
		FAIL_AT(c, n, "a string with a NUL byte cannot be passed");
	if (!strcmp(t, YAML_STR_TAG) &&
	    n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
		return plain_scalar(s, len);
	if (!strcmp(t, YAML_STR_TAG))
		return ad_str(s, len);
	if (!strcmp(t, YAML_BINARY_TAG))
		return binary_scalar(c, n);
	if (!strcmp(t, YAML_TIMESTAMP_TAG))
		return timestamp_scalar(c, n);
	if (!strcmp(t, YAML_NULL_TAG) || !strcmp(t, YAML_BOOL_TAG) ||
	    !strcmp(t, YAML_INT_TAG) || !strcmp(t, YAML_FLOAT_TAG))
		return plain_scalar(s, len);
	FAIL_AT(c, n, "unknown tag %s", t);
}

static struct ad_node *convert(struct ctx *c, yaml_node_t *n, int depth)
{
	const char *tag = tag_of(n);
	struct ad_node *out, *k, *v;
	yaml_node_item_t *it;
	yaml_node_pair_t *p;

	if (depth > 100)
		FAIL_AT(c, n, "nested too deeply");
	if (tag && !strcmp(tag, "fd"))
		return tag_fd(c, n);
	if (tag && !strcmp(tag, "file"))
		return tag_file(c, n, 0);
	if (tag && !strcmp(tag, "executable"))
		return tag_file(c, n, 1);
	if (tag && !strcmp(tag, "socket"))
		return tag_socket(c, n);
	if (tag)
		FAIL_AT(c, n, "unknown tag !%s", tag);
	switch (n->type) {
	case YAML_SCALAR_NODE:
		out = convert_scalar(c, n);
		break;
	case YAML_SEQUENCE_NODE:
		out = ad_seq();
		for (it = n->data.sequence.items.start;
		     out && it < n->data.sequence.items.top; it++) {
			v = convert(c, yaml_document_get_node(c->doc, *it),
				    depth + 1);
			if (!v || ad_seq_append(out, v))
				fail("out of memory");
		}
		break;
	case YAML_MAPPING_NODE:
		out = ad_map();
		for (p = n->data.mapping.pairs.start;
		     out && p < n->data.mapping.pairs.top; p++) {
			k = convert(c, yaml_document_get_node(c->doc, p->key),
				    depth + 1);
			v = convert(c, yaml_document_get_node(c->doc, p->value),
				    depth + 1);
			if (!k || !v || ad_map_put(out, k, v))
				fail("out of memory");
		}
		break;
	default:
		FAIL_AT(c, n, "empty node");
	}
	if (!out)
		fail("out of memory");
	return out;
}

/**
 * config_load() - read one YAML document into an argdata tree
 * @l: the launch; its descriptor slots are filled in as tags are met
 * @in: the document
 *
 * Return: the tree.  Any error ends the launcher with a message naming
 * the line and column, before anything is executed.
 */
struct ad_node *config_load(struct launch *l, FILE *in)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct ctx c = { .l = l, .doc = &doc };
	yaml_node_t *root;
	struct ad_node *tree;

	if (!yaml_parser_initialize(&parser))
		fail("out of memory");
	yaml_parser_set_input_file(&parser, in);
	if (!yaml_parser_load(&parser, &doc))
		fail_at(l, parser.problem_mark.line + 1,
			parser.problem_mark.column + 1, "%s%s%s",
			parser.problem ? parser.problem : "bad YAML",
			parser.context ? " " : "",
			parser.context ? parser.context : "");
	root = yaml_document_get_root_node(&doc);
	tree = root ? convert(&c, root, 0) : ad_null();
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return tree;
}
