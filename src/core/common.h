/* common.h: the first include of every .c file: system headers, attributes */
#ifndef MK_COMMON_H
#define MK_COMMON_H

#define _GNU_SOURCE 1
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <assert.h>
#include <limits.h>

#define MK_VERSION "0.1.0"

#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#define MK_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define MK_NORETURN __attribute__((noreturn))
#define MK_UNUSED __attribute__((unused))

/*
** Long-lived allocations: abort on out-of-memory (Redis, h2o). Request
** data lives in the request arena instead (core/arena.h).
*/
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* A 64-bit integer's bits mixed (splitmix64's finalizer, Steele et al.):
** hash tables keyed by ids, and the demo's random seeds. */
uint64_t mix64(uint64_t x);

/* Programmer errors: print and abort. */
MK_NORETURN void mk_bug(const char *file, int line, const char *fmt, ...)
	MK_PRINTF(3, 4);
#define BUG(...) mk_bug(__FILE__, __LINE__, __VA_ARGS__)

/* Fatal runtime errors in command-line tools: print and exit(1). */
MK_NORETURN void die(const char *fmt, ...) MK_PRINTF(1, 2);

#include "core/banned.h"

#endif
