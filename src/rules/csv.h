/* csv.h: RFC 4180 CSV parsing and the field rules of a school import */
#ifndef MK_CSV_H
#define MK_CSV_H

struct arena;

/*
** A parsed CSV document. Pure: no I/O, no store; memory comes from the
** arena given to csv_parse() and lives as long as it.
**
** What is accepted: an optional UTF-8 byte order mark; records ending in
** CRLF, LF or a lone CR; fields separated by one separator character;
** quoted fields ("...") that may hold separators, line breaks and doubled
** quotes (""), with spaces or tabs allowed after the closing quote.
** Lines that are entirely empty are skipped; the last line need not end
** in a line break.
**
** What is reported (as issues, parsing goes on with the next record):
** bytes that are not UTF-8 or are NUL, a quote inside an unquoted field,
** text after a closing quote, a record with more or fewer fields than the
** header ("ragged"), too many fields, and a quote never closed (which ends
** parsing). Every issue names the physical line (1-based) where its
** record starts; quoted line breaks count as lines.
*/
#define CSV_MAX_FIELDS 64
#define CSV_MAX_ISSUES 100

struct csv_row {
	int line;               /* physical line the record starts on */
	int n;                  /* number of fields */
	char **f;               /* the fields, NUL-terminated */
};

struct csv_issue {
	int line;
	int col;                /* 0-based field, -1 for the whole record */
	const char *msg;
};

struct csv {
	char sep;
	struct csv_row *rows;   /* rows[0] is the header when nrows > 0 */
	int nrows;
	struct csv_issue *issues;
	int nissues;            /* kept, at most CSV_MAX_ISSUES */
	int nissues_total;      /* found */
};

/*
** The separator of a file whose first record is a header: ';' when the
** header holds more semicolons than commas outside quotes, else ','.
*/
char csv_detect_sep(const char *buf, size_t len);

/*
** Parse len bytes at buf with separator sep (0: detect it). Returns 0,
** or ERR_INVAL when there are issues (out->issues tells which); out is
** filled in either case.
*/
int csv_parse(struct arena *a, const char *buf, size_t len, char sep,
	struct csv *out);

/* ----- field rules shared by the import and the JSON API ----- */

/*
** A Kazakh IIN (individual identification number): exactly 12 digits,
** the last a check digit: the sum of the first 11 digits weighted 1..11,
** mod 11; if that is 10, weighted 3..11,1,2, mod 11; a result of 10 again
** makes the IIN invalid. Returns 1 when valid, else 0.
*/
int csv_iin_valid(const char *s);

/*
** A class letter: 1 or 2 letters, each a capital Latin (A-Z), Russian
** (А-Я, Ё) or Kazakh (Ә Ғ Қ Ң Ө Ұ Ү Һ І) letter. Small letters are
** accepted and written in capitals. Writes the normalised letter into out
** (cap >= 9) and returns 0, or returns -1.
*/
int csv_class_letter(const char *s, char *out, size_t cap);

/*
** A class name "5 А", "11Ә", "5-а": a grade 0-11, optional spaces or one
** hyphen, and a class letter as above. Returns 0 and fills *grade and
** letter (cap >= 9), or -1.
*/
int csv_class_name(const char *s, int *grade, char *letter, size_t cap);

/*
** Lower-case UTF-8 in place: Latin, Latin-1, Cyrillic with its Kazakh
** letters. Other characters are left alone; byte lengths do not change,
** so the result may be compared byte for byte (case-insensitive search
** over names, which SQLite's LIKE only does for ASCII).
*/
void csv_lower(char *s);

/*
** A person's name or other one-line text: valid UTF-8 (checked by the
** caller), no control characters, not blank. Returns 1 when acceptable.
*/
int csv_text_ok(const char *s);

#endif
