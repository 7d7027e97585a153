// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - strings, formatting and arguments for test programs
 */

#include "rt.h"

void *memcpy(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	char *d = dst;

	while (n--)
		*d++ = (char)c;
	return dst;
}

unsigned int rt_number(const char *s)
{
	unsigned int n = 0;

	for (; s && *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (unsigned int)(*s - '0');
	return n;
}

size_t rt_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int rt_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int rt_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/*
 * Started by a native parent, the argument data is the argv area: the
 * strings one after the other, each with its NUL.
 */
const char *rt_arg(unsigned int index)
{
	const char *p = rt.argdata, *end = p + rt.argdatalen;

	if (!p)
		return NULL;
	while (index-- > 0) {
		while (p < end && *p)
			p++;
		if (p >= end)
			return NULL;
		p++;
	}
	return p < end ? p : NULL;
}

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_number(struct out *o, unsigned long long v, unsigned int base)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put(o, digits[--n]);
}

size_t rt_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	const char *s;
	long long v;
	int longs;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (longs = 0; fmt[1] == 'l' || fmt[1] == 'z'; fmt++)
			longs = 2;
		switch (*++fmt) {
		case 'd':
			v = longs ? va_arg(ap, long long) : va_arg(ap, int);
			if (v < 0) {
				put(&o, '-');
				v = -v;
			}
			put_number(&o, (unsigned long long)v, 10);
			break;
		case 'u':
		case 'x':
			put_number(&o, longs ? va_arg(ap, unsigned long long) :
				   va_arg(ap, unsigned int), *fmt == 'u' ? 10 : 16);
			break;
		case 's':
			for (s = va_arg(ap, const char *); s && *s; s++)
				put(&o, *s);
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		default:
			put(&o, '%');
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

void rt_printf(cloudabi_fd_t fd, const char *fmt, ...)
{
	char buf[512];
	cloudabi_ciovec_t iov;
	size_t len, written;
	va_list ap;

	va_start(ap, fmt);
	len = rt_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	iov.buf = buf;
	iov.buf_len = len < sizeof(buf) ? len : sizeof(buf) - 1;
	RT_SYS(fd_write)(fd, &iov, 1, &written);
}

unsigned int rt_open_slots(void)
{
	cloudabi_fdstat_t st;
	unsigned int fd, n = 0;

	for (fd = 0; fd < 128; fd++)
		n += RT_SYS(fd_stat_get)(fd, &st) == 0;
	return n;
}
