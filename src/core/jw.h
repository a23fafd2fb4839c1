/* jw.h: the one JSON writer for every answer */
#ifndef MK_JW_H
#define MK_JW_H

#include "core/sb.h"

/*
** Writes JSON into a string buffer. Commas are placed automatically: a
** value or key written after another value in the same container gets
** one. Strings are escaped by jw_str() alone: quote, backslash, bytes
** below 0x20 (as \u00XX or the short escapes), '<', '>', '&' and
** U+2028/U+2029 as \uXXXX, so output is safe inside <script>. Input
** strings must be valid UTF-8 (checked at the API's input boundary).
*/
void jw_obj_begin(struct sb *s);
void jw_obj_end(struct sb *s);
void jw_arr_begin(struct sb *s);
void jw_arr_end(struct sb *s);
void jw_key(struct sb *s, const char *key);
void jw_str(struct sb *s, const char *str);            /* NULL -> null */
void jw_strn(struct sb *s, const char *str, size_t len);
void jw_i64(struct sb *s, int64_t v);
void jw_f64(struct sb *s, double v, int decimals);     /* NaN -> null */
void jw_bool(struct sb *s, bool v);
void jw_null(struct sb *s);
void jw_raw(struct sb *s, const char *json);           /* trusted JSON */

void jw_kv_str(struct sb *s, const char *key, const char *str);
void jw_kv_i64(struct sb *s, const char *key, int64_t v);
void jw_kv_bool(struct sb *s, const char *key, bool v);
void jw_kv_null(struct sb *s, const char *key);

/* 1 if the len bytes at p are valid UTF-8 without NUL, else 0. */
int utf8_valid(const char *p, size_t len);

#endif
