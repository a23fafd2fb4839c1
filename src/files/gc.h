/* gc.h: removing blobs that no file row uses (`mektep files gc`) */
#ifndef MK_FILES_GC_H
#define MK_FILES_GC_H

#include "core/err.h"

/*
** The hashes (lower-case hex) that rows use among those starting with
** the two characters of prefix, sorted: *out and *n, malloc'd by the
** callback (freed by files_gc()). 0, or an error code with e filled.
*/
typedef int (*files_refs_fn)(void *arg, const char *prefix, char ***out,
	size_t *n, struct err *e);

struct files_gc_stats {
	uint64_t blobs;         /* seen */
	uint64_t young;         /* kept: changed within the grace period */
	uint64_t used;          /* kept: a row names it */
	uint64_t removed, removed_bytes;
	uint64_t reprieved;     /* renewed by an upload while being removed */
};

/*
** Remove the blobs under DIR/blobs that refs() does not name and that
** have not changed for grace_s seconds; dry_run only counts them. Safe
** while servers upload (docs/ASSIGNMENTS.md "Collecting files"): a blob
** is renamed aside before it goes, and put back when an upload renewed
** it meanwhile (its mtime). Folder by folder: refs() is asked after the
** folder's blobs were listed, so a row added since is seen.
*/
int files_gc(const char *dir, int64_t grace_s, bool dry_run,
	files_refs_fn refs, void *arg, struct files_gc_stats *st,
	struct err *e);

#endif
