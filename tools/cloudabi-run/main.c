// SPDX-License-Identifier: GPL-2.0
/*
 * cloudabi-run - start a CloudABI program with exactly the capabilities
 * a YAML document names
 *
 *   cloudabi-run [-f CONFIG] [--dry-run] PROGRAM < CONFIG
 *
 * The document becomes the program's argument data; each descriptor tag
 * in it becomes a descriptor of the program, numbered 0..n-1 in order of
 * first appearance.  The program inherits nothing else: no other
 * descriptor, no environment.  Everything is resolved before the exec, so
 * an error never leaves a half-started program.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launcher.h"

#define EXIT_USAGE 2

void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("cloudabi-run: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

void fail_at(const struct launch *l, unsigned long line, unsigned long col,
	     const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "cloudabi-run: %s:%lu:%lu: ", l->file, line, col);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: cloudabi-run [-f CONFIG] [--dry-run] PROGRAM < CONFIG\n");
	exit(EXIT_USAGE);
}

static void dry_run(const struct launch *l, const struct ad_node *tree)
{
	int i;

	printf("argdata:\n");
	ad_print(stdout, tree, 1);
	printf("descriptors:\n");
	for (i = 0; i < l->nslots; i++) {
		printf("  %d: %s", i, l->slots[i].what);
		if (l->slots[i].has_rights) {
			printf(" rights ");
			rights_print(stdout, l->slots[i].base);
			if (l->slots[i].inheriting) {
				printf(" inheriting ");
				rights_print(stdout, l->slots[i].inheriting);
			}
			if (l->slots[i].intersect)
				printf(" (as far as the file allows)");
		}
		printf("\n");
	}
}

/*
 * Exec passes argument strings, not bytes: split the argdata at its NUL
 * bytes.  The kernel joins the strings with NULs again, which gives back
 * the argdata plus one final NUL that AT_ARGDATALEN leaves out.
 */
static char **argdata_argv(const uint8_t *buf, size_t len)
{
	size_t i, n = 1, k = 0;
	char **argv;

	for (i = 0; i < len; i++)
		n += !buf[i];
	argv = calloc(n + 1, sizeof(*argv));
	if (!argv)
		fail("out of memory");
	argv[k++] = (char *)buf;
	for (i = 0; i < len; i++)
		if (!buf[i])
			argv[k++] = (char *)buf + i + 1;
	return argv;
}

int main(int argc, char **argv)
{
	static struct launch l = { .file = "<stdin>" };
	const char *config = NULL, *program;
	char *envp[] = { NULL };
	struct ad_node *tree;
	int dry = 0, progfd, errfd, i;
	FILE *in = stdin;
	uint8_t *buf;
	size_t len;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			dry = 1;
		else if (!strcmp(argv[i], "-f") && i + 1 < argc)
			config = argv[++i];
		else if (!strcmp(argv[i], "--"))
			break;
		else
			usage();
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i + 1 != argc)
		usage();
	program = argv[i];
	progfd = open(program, O_PATH | O_CLOEXEC);
	if (progfd < 0)
		fail("%s: %s", program, strerror(errno));
	if (config) {
		in = fopen(config, "re");
		if (!in)
			fail("%s: %s", config, strerror(errno));
		l.file = config;
	}
	tree = config_load(&l, in);
	if (dry) {
		dry_run(&l, tree);
		return 0;
	}
	len = ad_encoded_size(tree);
	buf = malloc(len + 1);
	if (!buf)
		fail("out of memory");
	ad_encode(tree, buf);
	buf[len] = 0;
	fds_apply_rights(&l);
	/* Slot 2 may take stderr's place: keep it to report a failed exec. */
	errfd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, MAX_FDS);
	fds_arrange(&l, &progfd);
	execveat(progfd, "", argdata_argv(buf, len), envp, AT_EMPTY_PATH);
	i = errno;
	if (errfd >= 0)
		dup2(errfd, STDERR_FILENO);
	fail("%s: %s", program, strerror(i));
}
