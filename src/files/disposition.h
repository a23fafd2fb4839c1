/* disposition.h: Content-Disposition for a stored file's name */
#ifndef MK_DISPOSITION_H
#define MK_DISPOSITION_H

#include "core/sb.h"

/*
** Append to s the value of a Content-Disposition header that offers the
** file as a download named name (RFC 6266): `attachment;
** filename="..."`, where every byte that is not printable ASCII, and
** '"', '\\', '%', ';', '/' are written '_'; and, when that lost anything,
** `; filename*=UTF-8''...` with the name percent-encoded (RFC 5987
** attr-char kept as is). Only the last path segment of name is used
** ("a/b\\c.pdf" -> "c.pdf"); an empty result is "file".
*/
void files_disposition(struct sb *s, const char *name);

/* The base name of a client's file name, as files_disposition() uses it:
** a pointer into name. */
const char *files_base_name(const char *name);

#endif
