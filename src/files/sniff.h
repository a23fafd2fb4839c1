/* sniff.h: what a file is, judged by its bytes, never by its name */
#ifndef MK_SNIFF_H
#define MK_SNIFF_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/*
** The allow-list of stored types (docs/ASSIGNMENTS.md). A type is
** recognised by the file's first bytes (magic numbers); the office
** formats, which are all ZIP archives, by the names of the archive's
** members seen in its first SNIFF_HEAD bytes; a lesson's recording (MP4,
** WebM, MP3) by its container's header; plain text by being valid
** UTF-8 throughout, with no NUL and no control characters other than
** tab, CR, LF and form feed.
*/
#define SNIFF_HEAD 65536

/*
** Incremental check of plain text: feed every byte of the file in
** order, then sniff_text_ok() says whether it is all valid UTF-8 text
** (an unfinished sequence at the end is not).
*/
struct sniff_text {
	uint32_t need;          /* continuation bytes still expected */
	uint32_t cp, min;       /* code point so far, least allowed */
	bool bad;
};

void sniff_text_feed(struct sniff_text *t, const unsigned char *p,
	size_t len);
bool sniff_text_ok(const struct sniff_text *t);

/*
** The MIME type of a file whose first head_len bytes (at most
** SNIFF_HEAD) are head and whose whole content is_text (as above), or
** NULL when it is none of the allowed types. The returned string is a
** constant.
*/
const char *sniff_type(const unsigned char *head, size_t head_len,
	bool is_text);

#endif
