/* import_rows.c: the CSV import's passes 0 and 1: the header, each row */
#include "core/common.h"
#include "api/import.h"
#include "journal/school_cal.h"
#include "rules/dates.h"

const char *const import_col_names[C_COUNT] = {
	"kind", "full_name", "class", "login", "iin", "birth_date",
	"parent_of", "language", "shift", "subject",
};


static const char *const kind_names[K_COUNT] = {
	"class", "pupil", "parent", "teacher",
};

#define B(c) (1u << (c))
/* The columns each kind of row uses, and those it must fill. */
static const unsigned kind_uses[K_COUNT] = {
	[K_CLASS] = B(C_KIND) | B(C_CLASS) | B(C_LANGUAGE) | B(C_SHIFT),
	[K_PUPIL] = B(C_KIND) | B(C_FULL_NAME) | B(C_CLASS) | B(C_LOGIN) |
		B(C_IIN) | B(C_BIRTH_DATE),
	[K_PARENT] = B(C_KIND) | B(C_FULL_NAME) | B(C_PARENT_OF) |
		B(C_LOGIN) | B(C_IIN) | B(C_BIRTH_DATE),
	[K_TEACHER] = B(C_KIND) | B(C_FULL_NAME) | B(C_CLASS) | B(C_LOGIN) |
		B(C_IIN) | B(C_BIRTH_DATE) | B(C_SUBJECT),
};
static const unsigned kind_needs[K_COUNT] = {
	[K_CLASS] = B(C_CLASS),
	[K_PUPIL] = B(C_FULL_NAME) | B(C_CLASS),
	[K_PARENT] = B(C_FULL_NAME) | B(C_PARENT_OF),
	[K_TEACHER] = B(C_FULL_NAME),
};


const char *
import_trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static void
lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* ----- pass 0: the header ----- */

void
import_read_header(struct import *im, const struct csv_row *h)
{
	for (int c = 0; c < C_COUNT; c++)
		im->cols[c] = -1;
	for (int i = 0; i < h->n; i++) {
		char *name = (char *)import_trim(h->f[i]);
		int c;

		lower_ascii(name);
		if (*name == '\0')
			continue;       /* an unnamed column must stay empty */
		for (c = 0; c < C_COUNT; c++)
			if (strcmp(import_col_names[c], name) == 0)
				break;
		if (c == C_COUNT)
			import_fail(im, h->line, name, "unknown column '%.40s'",
				name);
		else if (im->cols[c] >= 0)
			import_fail(im, h->line, name, "the column '%s' "
				"appears twice", name);
		else
			im->cols[c] = i;
	}
	if (im->cols[C_KIND] < 0)
		import_fail(im, h->line, "kind", "the header must name the "
			"column 'kind'");
}

/* ----- pass 1: each row alone ----- */

/* A birth date YYYY-MM-DD or DD.MM.YYYY, in the past: *out 'YYYY-MM-DD'. */
static int
birth_date(struct import *im, const char *s, const char **out)
{
	char buf[11];
	int32_t day;

	if (strlen(s) == 10 && s[2] == '.' && s[5] == '.') {
		snprintf(buf, sizeof(buf), "%.4s-%.2s-%.2s", s + 6, s + 3, s);
		s = buf;
	}
	if (date_parse(s, &day) != 0 ||
	    day > school_today(im->r->now))
		return -1;
	*out = arena_strdup(im->r->a, s);
	return 0;
}

/* Split a '|'-separated list in place; at most max parts. */
static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int
import_check_row(struct import *im, const struct csv_row *row, struct item *it)
{
	char kind[16];
	const char **v = it->v;

	memset(it, 0, sizeof(*it));
	it->line = row->line;
	it->class_item = -1;
	for (int c = 0; c < C_COUNT; c++) {
		int i = im->cols[c];

		v[c] = i >= 0 && i < row->n ? import_trim(row->f[i]) : "";
	}
	/* unnamed columns must be empty */
	for (int i = 0; i < row->n; i++) {
		bool named = false;

		for (int c = 0; c < C_COUNT; c++)
			named |= im->cols[c] == i;
		if (!named && *import_trim(row->f[i]) != '\0')
			import_fail(im, row->line, NULL, "field %d has no "
				"column name in the header", i + 1);
	}
	snprintf(kind, sizeof(kind), "%s", v[C_KIND]);
	lower_ascii(kind);
	for (it->kind = 0; it->kind < K_COUNT; it->kind++)
		if (strcmp(kind_names[it->kind], kind) == 0)
			break;
	if (it->kind == K_COUNT) {
		import_fail(im, row->line, "kind", "'kind' must be class, "
			"pupil, parent or teacher");
		return -1;
	}
	/* from here on the row is kept even when a field is wrong, so
	** that the checks between rows do not report it as missing */
	for (int c = 0; c < C_COUNT; c++) {
		if (*v[c] != '\0' && !(kind_uses[it->kind] & B(c)))
			import_fail(im, row->line, import_col_names[c], "a %s "
				"row has no '%s'", kind_names[it->kind],
				import_col_names[c]);
		else if (*v[c] == '\0' && (kind_needs[it->kind] & B(c)))
			import_fail(im, row->line, import_col_names[c], "a %s "
				"row needs '%s'", kind_names[it->kind],
				import_col_names[c]);
	}
	if (*v[C_FULL_NAME] && (!csv_text_ok(v[C_FULL_NAME]) ||
	    utf8_chars(v[C_FULL_NAME]) > 200))
		import_fail(im, row->line, "full_name", "'full_name' must be "
			"one line of at most 200 characters");
	if (*v[C_CLASS] && csv_class_name(v[C_CLASS], &it->grade, it->letter,
	    sizeof(it->letter)) != 0)
		import_fail(im, row->line, "class", "'class' must be a grade "
			"0-11 and a letter, such as '5 А'");
	if (*v[C_LOGIN] && !api_login_ok(v[C_LOGIN]))
		import_fail(im, row->line, "login", "'login' must be 3 to 64 "
			"Latin letters, digits or . _ - @");
	if (*v[C_IIN] && !csv_iin_valid(v[C_IIN]))
		import_fail(im, row->line, "iin", "'%.20s' is not a valid IIN "
			"(12 digits with a check digit)", v[C_IIN]);
	if (*v[C_BIRTH_DATE] && birth_date(im, v[C_BIRTH_DATE],
	    &it->birth_date) != 0)
		import_fail(im, row->line, "birth_date", "'birth_date' must be "
			"a past date YYYY-MM-DD or DD.MM.YYYY");
	it->language = im->school_language;
	if (*v[C_LANGUAGE]) {
		if (strcmp(v[C_LANGUAGE], "kk") != 0 &&
		    strcmp(v[C_LANGUAGE], "ru") != 0 &&
		    strcmp(v[C_LANGUAGE], "mixed") != 0)
			import_fail(im, row->line, "language", "'language' "
				"must be kk, ru or mixed");
		it->language = v[C_LANGUAGE];
	}
	it->shift = 1;
	if (*v[C_SHIFT]) {
		if (strlen(v[C_SHIFT]) != 1 || v[C_SHIFT][0] < '1' ||
		    v[C_SHIFT][0] > '3')
			import_fail(im, row->line, "shift", "'shift' must be "
				"1, 2 or 3");
		it->shift = v[C_SHIFT][0] - '0';
	}
	return 0;
}

