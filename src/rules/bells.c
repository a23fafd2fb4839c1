/* bells.c: default bell schedule and lesson lengths */
#include "core/common.h"
#include "rules/bells.h"

/* Break after period p (1-based), in minutes. */
static int
break_after(int p)
{
	static const int breaks[BELLS_PERIODS_MAX] = { 5, 10, 20, 10, 5, 5,
		5, 5, 5, 5, 5, 5 };

	return breaks[p - 1];
}

struct bell
bells_default(int shift, int period)
{
	static const int shift_start[] = { 8 * 60, 14 * 60, 18 * 60 };
	struct bell b;
	int t;

	if (shift < 1 || shift > 3)
		shift = 1;
	if (period < 1)
		period = 1;
	if (period > BELLS_PERIODS_MAX)
		period = BELLS_PERIODS_MAX;
	t = shift_start[shift - 1];
	for (int p = 1; p < period; p++)
		t += 45 + break_after(p);
	b.starts = t;
	b.ends = t + 45;
	return b;
}

int
bells_lesson_minutes(int grade, int month, bool duty)
{
	if (grade == 1 && month == 9)
		return 35;
	if (duty)
		return 40;
	return 45;
}

int
bells_lesson_end(int starts, int stored_ends, int grade, int month,
	bool duty)
{
	int len = bells_lesson_minutes(grade, month, duty);

	if (stored_ends < 0)
		return starts + len;
	if (len < bells_lesson_minutes(2, month, false) &&
	    starts + len < stored_ends)
		return starts + len;
	return stored_ends;
}

void
bells_format(int minutes, char *buf)
{
	unsigned m = minutes < 0 ? 0u : (unsigned)minutes % (24u * 60u);

	snprintf(buf, 6, "%02u:%02u", m / 60u, m % 60u);
}

int
bells_parse(const char *s)
{
	int h, m;

	if (s == NULL || strlen(s) != 5 || s[2] != ':' ||
	    s[0] < '0' || s[0] > '2' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23)
		return -1;
	return h * 60 + m;
}
