/* log.h: diagnostics to standard error, one line each */
#ifndef MK_LOG_H
#define MK_LOG_H

enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

extern int log_threshold;               /* messages above it are dropped */

/* A JSON line {"ts","level","msg"} written with one write(2). */
void log_msg(enum log_level lvl, const char *fmt, ...) MK_PRINTF(2, 3);

/* Write a complete line (already ending in '\n') with one write(2). */
void log_line(const char *line, size_t len);

/* RFC 3339 UTC time of t into buf (at least 21 bytes). */
void time_rfc3339(int64_t t, char *buf, size_t cap);

#endif
