/* score.c: scoring a test's answers (score.h) */
#include "core/common.h"
#include "quiz/score.h"
#include "rules/csv.h"
#include "rules/dates.h"

#include <math.h>

static const char *const kind_names[QUIZ_KINDS] = { "single", "multiple",
	"number", "text" };

int
quiz_kind_parse(const char *s)
{
	for (int k = 0; s != NULL && k < QUIZ_KINDS; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return -1;
}

const char *
quiz_kind_name(enum quiz_kind k)
{
	return (unsigned)k < QUIZ_KINDS ? kind_names[k] : "?";
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void
quiz_text_norm(const char *in, char *out, size_t cap)
{
	size_t len = 0;
	int space = 0;

	if (cap == 0)
		return;
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		size_t n = 1;

		if (is_space(*p)) {
			space = len > 0;
			continue;
		}
		/* a whole UTF-8 character or nothing */
		if (*p >= 0xf0)
			n = 4;
		else if (*p >= 0xe0)
			n = 3;
		else if (*p >= 0xc0)
			n = 2;
		if (len + (size_t)space + n + 1 > cap)
			break;
		if (space)
			out[len++] = ' ';
		space = 0;
		for (size_t i = 0; i < n && p[i]; i++)
			out[len++] = (char)p[i];
		p += n - 1;
	}
	out[len] = '\0';
	csv_lower(out);
	/* ё (d1 91) as е (d0 b5): written either way in Russian */
	for (size_t i = 0; i + 1 < len; i++)
		if ((unsigned char)out[i] == 0xd1 &&
		    (unsigned char)out[i + 1] == 0x91) {
			out[i] = (char)0xd0;
			out[i + 1] = (char)0xb5;
		}
}

static int
text_right(const struct quiz_question *q, const char *answer)
{
	char a[QUIZ_TEXT_MAX * 2 + 1], b[QUIZ_TEXT_MAX * 2 + 1];

	quiz_text_norm(answer, a, sizeof(a));
	if (a[0] == '\0')
		return 0;
	for (int i = 0; i < q->naccepted; i++) {
		quiz_text_norm(q->accepted[i], b, sizeof(b));
		if (strcmp(a, b) == 0)
			return 1;
	}
	return 0;
}

int
quiz_score(const struct quiz_question *q, const struct quiz_answer *a)
{
	int right = 0;

	if (a == NULL || !a->given)
		return 0;
	switch (q->kind) {
	case QUIZ_SINGLE:
	case QUIZ_MULTIPLE:
		right = a->chosen != 0 && a->chosen == q->correct;
		break;
	case QUIZ_NUMBER:
		right = isfinite(a->number) &&
		    fabs(a->number - q->number) <= q->tolerance +
		    1e-9 * fmax(1.0, fabs(q->number));
		break;
	case QUIZ_TEXT:
		right = a->text != NULL && text_right(q, a->text);
		break;
	default:
		break;
	}
	return right ? q->points : 0;
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
quiz_time_parse(const char *s, int64_t *out)
{
	char date[11];
	int32_t day;
	int hh, mm, ss = 0;
	const char *p;

	if (s == NULL || strlen(s) < 17 || s[10] != 'T' || s[13] != ':')
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (date_parse(date, &day) != 0 || digits(s + 11, 2, &hh) ||
	    digits(s + 14, 2, &mm) || hh > 23 || mm > 59)
		return -1;
	p = s + 16;
	if (*p == ':') {
		if (digits(p + 1, 2, &ss) || ss > 59)
			return -1;
		p += 3;
	}
	if (strcmp(p, "Z") != 0 && strcmp(p, "+00:00") != 0)
		return -1;
	*out = (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss;
	return 0;
}
