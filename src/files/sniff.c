/* sniff.c: the type allow-list, checked by content (magic bytes) */
#include "core/common.h"
#include "files/sniff.h"

void
sniff_text_feed(struct sniff_text *t, const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len && !t->bad; i++) {
		unsigned c = p[i];

		if (t->need > 0) {
			if ((c & 0xC0) != 0x80) {
				t->bad = true;
				break;
			}
			t->cp = t->cp << 6 | (c & 0x3F);
			if (--t->need == 0 && (t->cp < t->min ||
			    t->cp > 0x10FFFF ||
			    (t->cp >= 0xD800 && t->cp <= 0xDFFF)))
				t->bad = true;
			continue;
		}
		if (c < 0x80) {
			/* text: no NUL, no controls but tab, LF, FF, CR */
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f' &&
			    c != '\r') || c == 0x7F)
				t->bad = true;
		} else if ((c & 0xE0) == 0xC0) {
			t->need = 1, t->cp = c & 0x1F, t->min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			t->need = 2, t->cp = c & 0x0F, t->min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			t->need = 3, t->cp = c & 0x07, t->min = 0x10000;
		} else {
			t->bad = true;
		}
	}
}

bool
sniff_text_ok(const struct sniff_text *t)
{
	return !t->bad && t->need == 0;
}

static bool
starts(const unsigned char *p, size_t len, const char *magic, size_t mlen)
{
	return len >= mlen && memcmp(p, magic, mlen) == 0;
}

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

/* The OpenDocument types name themselves in a first, stored member. */
static const char *const odf_types[] = {
	"application/vnd.oasis.opendocument.text",
	"application/vnd.oasis.opendocument.spreadsheet",
	"application/vnd.oasis.opendocument.presentation",
};

/* Office Open XML: the folder its main part lives in. */
static const struct {
	const char *prefix, *type;
} ooxml_types[] = {
	{ "word/", "application/vnd.openxmlformats-officedocument."
	  "wordprocessingml.document" },
	{ "xl/", "application/vnd.openxmlformats-officedocument."
	  "spreadsheetml.sheet" },
	{ "ppt/", "application/vnd.openxmlformats-officedocument."
	  "presentationml.presentation" },
};

/*
** A ZIP archive: the first member "mimetype" (OpenDocument), else the
** names of the local file headers found in the head (Office Open XML).
** Members are found by their signature rather than by walking sizes:
** writers that stream (flag bit 3) leave the sizes out of the header.
*/
static const char *
sniff_zip(const unsigned char *p, size_t len)
{
	if (len >= 30 + 8 && le16(p + 26) == 8 &&
	    memcmp(p + 30, "mimetype", 8) == 0) {
		size_t off = 30 + 8 + le16(p + 28);

		for (size_t i = 0; i < ARRAY_SIZE(odf_types); i++) {
			size_t n = strlen(odf_types[i]);

			if (off + n <= len && memcmp(p + off, odf_types[i],
			    n) == 0 && (off + n == len ||
			    p[off + n] == 'P' || p[off + n] < 0x20))
				return odf_types[i];
		}
		return NULL;
	}
	for (size_t o = 0; o + 30 <= len; o++) {
		size_t nlen;

		if (memcmp(p + o, "PK\x03\x04", 4) != 0)
			continue;
		nlen = le16(p + o + 26);
		if (o + 30 + nlen > len)
			break;
		for (size_t i = 0; i < ARRAY_SIZE(ooxml_types); i++) {
			size_t n = strlen(ooxml_types[i].prefix);

			if (nlen > n && memcmp(p + o + 30,
			    ooxml_types[i].prefix, n) == 0)
				return ooxml_types[i].type;
		}
	}
	return NULL;
}

/*
** A lesson's recording: MP4 (an ISO media file whose first box is "ftyp"
** with a brand of MPEG-4 video or audio), WebM (an EBML header naming
** the "webm" doc type) or MP3 (an ID3 tag first).
*/
static const char *
sniff_media(const unsigned char *p, size_t len)
{
	static const char *const mp4[] = { "isom", "iso2", "iso4", "iso5",
		"iso6", "mp41", "mp42", "avc1", "M4V ", "dash" };

	if (len >= 12 && memcmp(p + 4, "ftyp", 4) == 0) {
		if (memcmp(p + 8, "M4A ", 4) == 0)
			return "audio/mp4";
		for (size_t i = 0; i < ARRAY_SIZE(mp4); i++)
			if (memcmp(p + 8, mp4[i], 4) == 0)
				return "video/mp4";
		return NULL;
	}
	if (starts(p, len, "\x1a\x45\xdf\xa3", 4)) {
		for (size_t o = 4; o + 7 <= len && o < 64; o++)
			if (memcmp(p + o, "\x42\x82", 2) == 0 &&
			    memcmp(p + o + 3, "webm", 4) == 0)
				return "video/webm";
		return NULL;
	}
	if (starts(p, len, "ID3", 3) && len >= 10 && p[3] >= 2 && p[3] <= 4)
		return "audio/mpeg";    /* an ID3v2 tag: version 2.2 to 2.4 */
	return NULL;
}

const char *
sniff_type(const unsigned char *head, size_t head_len, bool is_text)
{
	const char *media;

	if (starts(head, head_len, "%PDF-", 5))
		return "application/pdf";
	if (starts(head, head_len, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (starts(head, head_len, "\xff\xd8\xff", 3))
		return "image/jpeg";
	if (starts(head, head_len, "PK\x03\x04", 4))
		return sniff_zip(head, head_len);
	if ((media = sniff_media(head, head_len)) != NULL)
		return media;
	if (is_text && head_len > 0)
		return "text/plain; charset=utf-8";
	return NULL;
}
