/* jw.c: JSON writer and UTF-8 validation */
#include "core/common.h"
#include "core/jw.h"

#include <math.h>

/* A comma is due unless the last byte opened a container or ended a key. */
static void
jw_sep(struct sb *s)
{
	char c;

	if (s->len == 0)
		return;
	c = s->buf[s->len - 1];
	if (c != '{' && c != '[' && c != ':')
		sb_addc(s, ',');
}

void jw_obj_begin(struct sb *s) { jw_sep(s); sb_addc(s, '{'); }
void jw_obj_end(struct sb *s) { sb_addc(s, '}'); }
void jw_arr_begin(struct sb *s) { jw_sep(s); sb_addc(s, '['); }
void jw_arr_end(struct sb *s) { sb_addc(s, ']'); }

/*
** 1 where a byte can be copied as it is. Everything else takes the slow
** path: control bytes, '"', '\\', '<', '>', '&', and every byte of a
** multi-byte UTF-8 sequence, which is checked whole (U+2028/U+2029 are
** escaped, an invalid sequence becomes U+FFFD).
*/
static const unsigned char json_plain[256] = {
#define R8(v) v, v, v, v, v, v, v, v
	R8(0), R8(0), R8(0), R8(0),                     /* 0x00-0x1f */
	1, 1, 0, 1, 1, 1, 0, 1, R8(1),                  /* 0x20-0x2f */
	R8(1), 1, 1, 1, 1, 0, 1, 0, 1,                  /* 0x30-0x3f */
	R8(1), R8(1), R8(1), 1, 1, 1, 1, 0, 1, 1, 1,    /* 0x40-0x5f */
	R8(1), R8(1), R8(1), R8(1),                     /* 0x60-0x7f */
	R8(0), R8(0), R8(0), R8(0),                     /* 0x80-0x9f */
	R8(0), R8(0), R8(0), R8(0),                     /* 0xa0-0xbf */
	R8(0), R8(0), R8(0), R8(0),                     /* 0xc0-0xdf */
	R8(0), R8(0), R8(0), R8(0),                     /* 0xe0-0xff */
#undef R8
};

/*
** The length of the valid UTF-8 sequence of a non-ASCII lead byte at p
** (at most len bytes available), or 0 when it is not valid: overlong,
** a surrogate, beyond U+10FFFF, or cut short.
*/
static size_t
utf8_seq_len(const unsigned char *p, size_t len)
{
	unsigned c = p[0];
	size_t n;
	uint32_t cp;

	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t k = 1; k < n; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

void
jw_strn(struct sb *s, const char *str, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)str;
	size_t i = 0, start;

	jw_sep(s);
	sb_addc(s, '"');
	while (i < len) {
		char esc[8];
		size_t elen = 0;

		start = i;
		/* copy plain ASCII and valid UTF-8 (but U+2028/9) in one run */
		while (i < len) {
			size_t n;

			if (json_plain[p[i]]) {
				i++;
				continue;
			}
			if (p[i] < 0x80 || (n = utf8_seq_len(p + i, len - i)) == 0 ||
			    (n == 3 && p[i] == 0xE2 && p[i + 1] == 0x80 &&
			    (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)))
				break;
			i += n;
		}
		if (i > start)
			sb_add(s, str + start, i - start);
		if (i >= len)
			break;
		switch (p[i]) {
		case '"': esc[0] = '\\'; esc[1] = '"'; elen = 2; break;
		case '\\': esc[0] = '\\'; esc[1] = '\\'; elen = 2; break;
		case '\n': esc[0] = '\\'; esc[1] = 'n'; elen = 2; break;
		case '\r': esc[0] = '\\'; esc[1] = 'r'; elen = 2; break;
		case '\t': esc[0] = '\\'; esc[1] = 't'; elen = 2; break;
		default:
			if (p[i] >= 0x80) {
				size_t n = utf8_seq_len(p + i, len - i);

				if (n == 0) {
					sb_adds(s, "\\ufffd");
					i++;
				} else if (n == 3 && p[i] == 0xE2 &&
				    p[i + 1] == 0x80 && (p[i + 2] == 0xA8 ||
				    p[i + 2] == 0xA9)) {
					sb_adds(s, p[i + 2] == 0xA8 ?
						"\\u2028" : "\\u2029");
					i += 3;
				} else {
					sb_add(s, str + i, n);
					i += n;
				}
				continue;
			}
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[p[i] >> 4];
			esc[5] = hex[p[i] & 15];
			elen = 6;
			break;
		}
		sb_add(s, esc, elen);
		i++;
	}
	sb_addc(s, '"');
}

void
jw_str(struct sb *s, const char *str)
{
	if (str == NULL)
		jw_null(s);
	else
		jw_strn(s, str, strlen(str));
}

void
jw_key(struct sb *s, const char *key)
{
	jw_str(s, key);
	sb_addc(s, ':');
}

void
jw_i64(struct sb *s, int64_t v)
{
	jw_sep(s);
	sb_add_i64(s, v);
}

void
jw_f64(struct sb *s, double v, int decimals)
{
	jw_sep(s);
	if (!isfinite(v))
		sb_adds(s, "null");
	else
		sb_addf(s, "%.*f", decimals, v);
}

void
jw_bool(struct sb *s, bool v)
{
	jw_sep(s);
	sb_adds(s, v ? "true" : "false");
}

void
jw_null(struct sb *s)
{
	jw_sep(s);
	sb_adds(s, "null");
}

void
jw_raw(struct sb *s, const char *json)
{
	jw_sep(s);
	sb_adds(s, json);
}

void
jw_kv_str(struct sb *s, const char *key, const char *str)
{
	jw_key(s, key);
	jw_str(s, str);
}

void
jw_kv_i64(struct sb *s, const char *key, int64_t v)
{
	jw_key(s, key);
	jw_i64(s, v);
}

void
jw_kv_bool(struct sb *s, const char *key, bool v)
{
	jw_key(s, key);
	jw_bool(s, v);
}

void
jw_kv_null(struct sb *s, const char *key)
{
	jw_key(s, key);
	jw_null(s);
}

int
utf8_valid(const char *str, size_t len)
{
	const unsigned char *p = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		size_t n;

		if (p[i] == 0)
			return 0;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_seq_len(p + i, len - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}
