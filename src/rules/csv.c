/* csv.c: RFC 4180 CSV parsing and the field rules of a school import */
#include "core/common.h"
#include "rules/csv.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/jw.h"
#include "core/sb.h"

/* ----- the parser ----- */

struct parser {
	struct arena *a;
	const char *p, *end;
	char sep;
	int line;
	int capissues, caprows;
	struct csv *out;
	struct sb field;
};

static void
issue(struct parser *ps, int line, int col, const char *msg)
{
	struct csv *c = ps->out;

	c->nissues_total++;
	if (c->nissues == CSV_MAX_ISSUES)
		return;
	if (c->nissues == ps->capissues) {
		int n = ps->capissues ? ps->capissues * 2 : 8;
		struct csv_issue *v = arena_alloc(ps->a,
			(size_t)n * sizeof(*v));

		if (c->nissues)
			memcpy(v, c->issues, (size_t)c->nissues * sizeof(*v));
		c->issues = v;
		ps->capissues = n;
	}
	c->issues[c->nissues].line = line;
	c->issues[c->nissues].col = col;
	c->issues[c->nissues].msg = msg;
	c->nissues++;
}

static void
add_row(struct parser *ps, int line, char **f, int n)
{
	struct csv *c = ps->out;

	if (c->nrows == ps->caprows) {
		int cap = ps->caprows ? ps->caprows * 2 : 64;
		struct csv_row *v = arena_alloc(ps->a,
			(size_t)cap * sizeof(*v));

		if (c->nrows)
			memcpy(v, c->rows, (size_t)c->nrows * sizeof(*v));
		c->rows = v;
		ps->caprows = cap;
	}
	c->rows[c->nrows].line = line;
	c->rows[c->nrows].n = n;
	c->rows[c->nrows].f = arena_alloc(ps->a, (size_t)(n ? n : 1) *
		sizeof(char *));
	memcpy(c->rows[c->nrows].f, f, (size_t)n * sizeof(char *));
	c->nrows++;
}

static bool
at_eol(const struct parser *ps)
{
	return ps->p == ps->end || *ps->p == '\n' || *ps->p == '\r';
}

/* Step over one line break (CRLF, LF or CR) if there is one. */
static void
skip_eol(struct parser *ps)
{
	if (ps->p < ps->end && *ps->p == '\r') {
		ps->p++;
		if (ps->p < ps->end && *ps->p == '\n')
			ps->p++;
		ps->line++;
	} else if (ps->p < ps->end && *ps->p == '\n') {
		ps->p++;
		ps->line++;
	}
}

/*
** One field into ps->field. Returns 0, or -1 when a quote is never
** closed (parsing ends).
*/
static int
read_field(struct parser *ps, int rec_line, int col)
{
	sb_reset(&ps->field);
	if (ps->p < ps->end && *ps->p == '"') {
		ps->p++;
		for (;;) {
			char c;

			if (ps->p == ps->end) {
				issue(ps, rec_line, col, "a quote is opened "
					"but never closed");
				return -1;
			}
			c = *ps->p;
			if (c == '"') {
				if (ps->p + 1 < ps->end && ps->p[1] == '"') {
					sb_addc(&ps->field, '"');
					ps->p += 2;
					continue;
				}
				ps->p++;
				break;
			}
			if (c == '\n' || (c == '\r' && !(ps->p + 1 < ps->end &&
			    ps->p[1] == '\n')))
				ps->line++;
			sb_addc(&ps->field, c);
			ps->p++;
		}
		while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t'))
			ps->p++;
		if (!at_eol(ps) && *ps->p != ps->sep) {
			issue(ps, rec_line, col, "text after a closing quote");
			while (!at_eol(ps) && *ps->p != ps->sep)
				ps->p++;
		}
		return 0;
	}
	{
		const char *s = ps->p;

		while (!at_eol(ps) && *ps->p != ps->sep)
			ps->p++;
		if (memchr(s, '"', (size_t)(ps->p - s)) != NULL)
			issue(ps, rec_line, col, "a quote inside an unquoted "
				"field: quote the whole field and double "
				"the quote");
		sb_add(&ps->field, s, (size_t)(ps->p - s));
	}
	return 0;
}

char
csv_detect_sep(const char *buf, size_t len)
{
	size_t commas = 0, semis = 0;
	bool quoted = false;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted && c == ',')
			commas++;
		else if (!quoted && c == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

int
csv_parse(struct arena *a, const char *buf, size_t len, char sep,
	struct csv *out)
{
	struct parser ps;
	char *f[CSV_MAX_FIELDS];

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	ps.a = a;
	ps.out = out;
	ps.line = 1;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	ps.p = buf;
	ps.end = buf + len;
	ps.sep = out->sep = sep ? sep : csv_detect_sep(buf, len);
	sb_init(&ps.field, NULL, len + 1);

	while (ps.p < ps.end) {
		int rec_line = ps.line, n = 0, col = 0;
		bool broken = false;

		if (*ps.p == '\n' || *ps.p == '\r') {
			skip_eol(&ps);          /* an empty line */
			continue;
		}
		for (;;) {
			if (read_field(&ps, rec_line, col) != 0) {
				broken = true;
				break;
			}
			if (!utf8_valid(ps.field.buf, ps.field.len)) {
				issue(&ps, rec_line, col, "not valid UTF-8 "
					"text (save the file as UTF-8)");
				sb_reset(&ps.field);
			}
			if (n < CSV_MAX_FIELDS)
				f[n++] = arena_strndup(a, ps.field.buf,
					ps.field.len);
			else if (n == CSV_MAX_FIELDS && col == n)
				issue(&ps, rec_line, -1, "too many fields");
			col++;
			if (ps.p < ps.end && *ps.p == ps.sep) {
				ps.p++;
				continue;
			}
			break;
		}
		if (broken)
			break;
		skip_eol(&ps);
		add_row(&ps, rec_line, f, n);
		if (out->nrows > 1 && col != out->rows[0].n)
			issue(&ps, rec_line, -1, arena_printf(a, "the line has "
				"%d fields, the header has %d", col,
				out->rows[0].n));
	}
	sb_release(&ps.field);
	return out->nissues_total ? ERR_INVAL : 0;
}

/* ----- field rules ----- */

int
csv_iin_valid(const char *s)
{
	static const int w2[11] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2 };
	int d[12], sum = 0, c;

	for (int i = 0; i < 12; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		d[i] = s[i] - '0';
	}
	if (s[12] != '\0')
		return 0;
	for (int i = 0; i < 11; i++)
		sum += d[i] * (i + 1);
	c = sum % 11;
	if (c == 10) {
		sum = 0;
		for (int i = 0; i < 11; i++)
			sum += d[i] * w2[i];
		c = sum % 11;
		if (c == 10)
			return 0;
	}
	return c == d[11];
}

/* Decode one code point of valid UTF-8; its length in *n. */
static uint32_t
utf8_get(const char *s, int *n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x80) {
		*n = 1;
		return u[0];
	}
	if ((u[0] & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80) {
		*n = 2;
		return (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
	}
	if ((u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 &&
	    (u[2] & 0xC0) == 0x80) {
		*n = 3;
		return (uint32_t)(u[0] & 0x0F) << 12 |
			(uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
	}
	*n = 1;
	return 0xFFFD;          /* not expected here: the caller checked */
}

/* Encode a code point below U+0800 (all that the mappings produce). */
static int
utf8_put2(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	out[0] = (char)(0xC0 | (c >> 6));
	out[1] = (char)(0x80 | (c & 0x3F));
	return 2;
}

/* Capital of a small letter of the class-letter alphabets, else c. */
static uint32_t
letter_upper(uint32_t c)
{
	static const uint32_t kz[][2] = {
		{ 0x04D9, 0x04D8 }, { 0x0493, 0x0492 }, { 0x049B, 0x049A },
		{ 0x04A3, 0x04A2 }, { 0x04E9, 0x04E8 }, { 0x04B1, 0x04B0 },
		{ 0x04AF, 0x04AE }, { 0x04BB, 0x04BA },
	};

	if (c >= 'a' && c <= 'z')
		return c - 32;
	if (c >= 0x0430 && c <= 0x044F)
		return c - 0x20;
	if (c >= 0x0450 && c <= 0x045F)
		return c - 0x50;
	for (size_t i = 0; i < ARRAY_SIZE(kz); i++)
		if (kz[i][0] == c)
			return kz[i][1];
	return c;
}

static bool
letter_allowed(uint32_t c)
{
	static const uint32_t kz[] = { 0x0401, 0x0406, 0x04D8, 0x0492,
		0x049A, 0x04A2, 0x04E8, 0x04B0, 0x04AE, 0x04BA };

	if ((c >= 'A' && c <= 'Z') || (c >= 0x0410 && c <= 0x042F))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(kz); i++)
		if (kz[i] == c)
			return true;
	return false;
}

int
csv_class_letter(const char *s, char *out, size_t cap)
{
	size_t len = 0;
	int count = 0;

	if (s == NULL || cap < 9 || !utf8_valid(s, strlen(s)))
		return -1;
	while (*s) {
		int n;
		uint32_t c = letter_upper(utf8_get(s, &n));

		if (!letter_allowed(c) || ++count > 2)
			return -1;
		len += (size_t)utf8_put2(c, out + len);
		s += n;
	}
	out[len] = '\0';
	return count ? 0 : -1;
}

int
csv_class_name(const char *s, int *grade, char *letter, size_t cap)
{
	int g = 0, digits = 0;
	const char *end;
	char buf[32];
	size_t len;

	while (*s == ' ')
		s++;
	while (*s >= '0' && *s <= '9' && digits < 3) {
		g = g * 10 + (*s++ - '0');
		digits++;
	}
	if (digits == 0 || digits > 2 || g > 11)
		return -1;
	while (*s == ' ')
		s++;
	if (*s == '-')
		s++;
	while (*s == ' ')
		s++;
	end = s + strlen(s);
	while (end > s && end[-1] == ' ')
		end--;
	len = (size_t)(end - s);
	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (csv_class_letter(buf, letter, cap) != 0)
		return -1;
	*grade = g;
	return 0;
}

/* Small letter of a capital (Latin, Latin-1, Cyrillic), else c. */
static uint32_t
lower_of(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 0x20;
	if (c >= 0x0410 && c <= 0x042F)
		return c + 0x20;
	if (c >= 0x0400 && c <= 0x040F)
		return c + 0x50;
	/* the extended Cyrillic block pairs a capital with the next code */
	if ((c >= 0x0460 && c <= 0x0481) || (c >= 0x048A && c <= 0x04BF) ||
	    (c >= 0x04D0 && c <= 0x04FF))
		return (c & 1) ? c : c + 1;
	if (c == 0x04C0)
		return 0x04CF;
	if (c >= 0x04C1 && c <= 0x04CE)
		return (c & 1) ? c + 1 : c;
	return c;
}

void
csv_lower(char *s)
{
	while (*s) {
		int n;
		uint32_t c = utf8_get(s, &n);
		uint32_t l = c < 0x0800 ? lower_of(c) : c;

		/* every mapping above keeps the encoded length */
		if (l != c)
			utf8_put2(l, s);
		s += n;
	}
}

int
csv_text_ok(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	bool blank = true;

	for (; *u; u++) {
		if (*u < 0x20 || *u == 0x7F)
			return 0;
		/* C1 controls U+0080..U+009F */
		if (u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F)
			return 0;
		if (*u != ' ')
			blank = false;
	}
	return !blank;
}
