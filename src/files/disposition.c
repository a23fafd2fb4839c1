/* disposition.c: Content-Disposition (RFC 6266, RFC 5987 filename*) */
#include "core/common.h"
#include "files/disposition.h"

const char *
files_base_name(const char *name)
{
	const char *base = name;

	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	return base;
}

/* Printable ASCII that is safe inside a quoted-string filename. */
static bool
plain_ok(unsigned char c)
{
	return c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' &&
		c != ';' && c != '/';
}

/* RFC 5987 attr-char: ALPHA DIGIT ! # $ & + - . ^ _ ` | ~ */
static bool
attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || (c && strchr("!#$&+-.^_`|~", c));
}

void
files_disposition(struct sb *s, const char *name)
{
	const unsigned char *base =
		(const unsigned char *)files_base_name(name);
	bool lossy = false;

	if (*base == '\0')
		base = (const unsigned char *)"file";
	sb_adds(s, "attachment; filename=\"");
	for (const unsigned char *p = base; *p; p++) {
		if (plain_ok(*p)) {
			sb_addc(s, (char)*p);
		} else {
			sb_addc(s, '_');
			lossy = true;
		}
	}
	sb_addc(s, '"');
	if (!lossy)
		return;
	sb_adds(s, "; filename*=UTF-8''");
	for (const unsigned char *p = base; *p; p++) {
		if (attr_char(*p))
			sb_addc(s, (char)*p);
		else
			sb_addf(s, "%%%02X", *p);
	}
}
