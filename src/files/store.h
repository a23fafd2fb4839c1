/* store.h: the content-addressed file store under the data directory */
#ifndef MK_FILES_STORE_H
#define MK_FILES_STORE_H

#include "core/err.h"
#include "files/sniff.h"
#include <sodium.h>

/*
** Layout (docs/ASSIGNMENTS.md): DIR/blobs/ab/abcdef... holds the bytes
** of every stored file under the hex SHA-256 of its content (the same
** bytes uploaded twice are kept once); DIR/tmp/ holds uploads in
** progress, named after the server's pid. A blob is complete before it
** has its name: written to tmp, fsync'd, renamed, its folder fsync'd;
** only then is it recorded in the database, so a recorded file always
** has its bytes, whenever the server dies.
*/

struct files_config {
	const char *dir;
	uint64_t max_file;              /* bytes per file */
	uint64_t max_handin;            /* bytes of all files of a hand-in */
};

/*
** Create DIR, DIR/blobs and DIR/tmp when missing and remove what uploads
** of servers no longer running left in DIR/tmp. Called once at start;
** the config is kept (dir must outlive the process).
*/
int files_init(const struct files_config *c, struct err *e);
const struct files_config *files_config(void);

/* "<db path>.files" for a SQLite database, "mektep-files" for a URL;
** malloc'd. */
char *files_default_dir(const char *db_url);

/* One upload being written to a temporary file. */
struct files_stream {
	int fd;                         /* -1: none */
	char tmp[4096];
	crypto_hash_sha256_state sha;
	uint64_t len;
	unsigned char *head;            /* the first SNIFF_HEAD bytes */
	size_t head_len;
	struct sniff_text text;
	bool too_big;                   /* more than max_file came */
	int failed;                     /* errno of a failed write, 0 */
};

/* Open a temporary file in DIR/tmp; head must hold SNIFF_HEAD bytes. */
int files_stream_open(struct files_stream *s, unsigned char *head,
	struct err *e);
/* Append bytes; past max_file the stream only notes too_big. */
void files_stream_write(struct files_stream *s, const void *p, size_t len);
/*
** Make the bytes a blob: fsync, rename to DIR/blobs/xx/HEX (or drop them
** when that blob exists), fsync the folder. hex gets 65 bytes. The stream
** is closed either way.
*/
int files_stream_commit(struct files_stream *s, char *hex, struct err *e);
/* Close and remove the temporary file (a no-op once closed). */
void files_stream_abort(struct files_stream *s);

/* Open blob hex for reading: an fd and its size, or a negative err. */
int files_blob_open(const char *hex, uint64_t *size, struct err *e);

#endif
