/* log.c: diagnostics as JSON lines on standard error */
#include "core/common.h"
#include "core/log.h"
#include "core/sb.h"
#include "core/jw.h"

#include <time.h>
#include <unistd.h>

int log_threshold = LOG_INFO;

void
time_rfc3339(int64_t t, char *buf, size_t cap)
{
	struct tm tm;
	time_t tt = (time_t)t;

	gmtime_r(&tt, &tm);
	strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
log_line(const char *line, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDERR_FILENO, line, len);

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return;
		}
		line += n;
		len -= (size_t)n;
	}
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	static const char *names[] = { "error", "warn", "info", "debug" };
	char msg[1024], ts[32];
	struct sb s;
	va_list ap;

	if ((int)lvl > log_threshold)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	time_rfc3339(time(NULL), ts, sizeof(ts));
	sb_init(&s, NULL, 4096);
	jw_obj_begin(&s);
	jw_kv_str(&s, "ts", ts);
	jw_kv_str(&s, "level", names[lvl]);
	/* the message may hold bytes that are not UTF-8: escape them all */
	jw_key(&s, "msg");
	jw_strn(&s, msg, strlen(msg));
	jw_obj_end(&s);
	sb_addc(&s, '\n');
	log_line(s.buf, s.len);
	sb_release(&s);
}
