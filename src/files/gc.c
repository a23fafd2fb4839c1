/* gc.c: blobs no row uses are removed, never one an upload is about to
** name (gc.h) */
#include "core/common.h"
#include "files/gc.h"
#include "core/log.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HEX_LEN 64
#define PATH_CAP 4200

/* out = a "/" b suffix, or "" when it does not fit (never used then). */
static bool
join(char *out, const char *a, const char *b, size_t blen,
	const char *suffix)
{
	size_t na = strlen(a), ns = strlen(suffix);

	if (na + 1 + blen + ns + 1 > PATH_CAP) {
		*out = '\0';
		return false;
	}
	memcpy(out, a, na);
	out[na] = '/';
	memcpy(out + na + 1, b, blen);
	memcpy(out + na + 1 + blen, suffix, ns + 1);
	return true;
}

static bool
is_blob_name(const char *name, const char *prefix)
{
	if (strlen(name) != HEX_LEN || strncmp(name, prefix, 2) != 0)
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
used(char **refs, size_t n, const char *hex)
{
	return n > 0 &&
		bsearch(&hex, refs, n, sizeof(*refs), cmp_str) != NULL;
}

/*
** Remove path unless it was renewed: renamed aside first (atomic), so an
** upload renaming its bytes to path from now on makes a new blob; the
** one set aside is looked at again and put back when its mtime is
** recent (an upload replaced it before the rename: a row is coming).
** The bytes are the same by their hash, so putting back is always right.
*/
static int
remove_blob(const char *path, int64_t cutoff, struct files_gc_stats *st)
{
	char aside[PATH_CAP];
	struct stat sb;

	if (strlen(path) + 4 > sizeof(aside))
		return -1;
	memcpy(aside, path, strlen(path));
	memcpy(aside + strlen(path), ".gc", 4);
	if (rename(path, aside) != 0)
		return errno == ENOENT ? 0 : -1;
	if (stat(aside, &sb) != 0)
		return -1;
	if ((int64_t)sb.st_mtime > cutoff) {
		if (rename(aside, path) != 0)
			return -1;
		st->reprieved++;
		return 0;
	}
	if (unlink(aside) != 0)
		return -1;
	st->removed++;
	st->removed_bytes += (uint64_t)sb.st_size;
	return 0;
}

/* A blob a gc set aside and did not finish with (it was stopped): back
** to its name, or dropped when an upload has put the same bytes there. */
static void
restore(const char *folder, const char *name)
{
	char aside[PATH_CAP], path[PATH_CAP];
	struct stat sb;

	if (!join(aside, folder, name, strlen(name), "") ||
	    !join(path, folder, name, HEX_LEN, ""))
		return;
	if (stat(path, &sb) == 0)
		(void)unlink(aside);
	else
		(void)rename(aside, path);
}

/* One folder DIR/blobs/xx. */
static int
gc_folder(const char *folder, const char *prefix, int64_t cutoff,
	bool dry_run, files_refs_fn refs, void *arg,
	struct files_gc_stats *st, struct err *e)
{
	DIR *d = opendir(folder);
	struct dirent *de;
	char **old = NULL, **ref = NULL;
	size_t nold = 0, cap = 0, nref = 0;
	int rc = 0;

	if (d == NULL)
		return err_set(e, ERR_INTERNAL, "cannot read '%s': %s", folder,
			strerror(errno));
	/* 1. the blobs old enough to go, listed before the rows are read */
	while ((de = readdir(d)) != NULL) {
		char path[PATH_CAP];
		struct stat sb;

		if (!dry_run && strlen(de->d_name) == HEX_LEN + 3 &&
		    strcmp(de->d_name + HEX_LEN, ".gc") == 0)
			restore(folder, de->d_name);
		if (!is_blob_name(de->d_name, prefix))
			continue;
		st->blobs++;
		if (!join(path, folder, de->d_name, HEX_LEN, "") ||
		    stat(path, &sb) != 0)
			continue;
		if ((int64_t)sb.st_mtime > cutoff) {
			st->young++;
			continue;
		}
		if (nold == cap) {
			cap = cap ? cap * 2 : 64;
			old = xrealloc(old, cap * sizeof(*old));
		}
		old[nold++] = xstrdup(de->d_name);
	}
	closedir(d);
	/* 2. the hashes rows use now; 3. the rest go */
	if (nold > 0 && (rc = refs(arg, prefix, &ref, &nref, e)) == 0) {
		for (size_t i = 0; i < nold; i++) {
			char path[PATH_CAP];

			if (used(ref, nref, old[i])) {
				st->used++;
				continue;
			}
			(void)join(path, folder, old[i], HEX_LEN, "");
			if (dry_run) {
				struct stat sb;

				st->removed++;
				if (stat(path, &sb) == 0)
					st->removed_bytes += (uint64_t)sb.st_size;
			} else if (remove_blob(path, cutoff, st) != 0) {
				rc = err_set(e, ERR_INTERNAL, "cannot remove "
					"'%s': %s", path, strerror(errno));
				break;
			}
		}
	}
	for (size_t i = 0; i < nold; i++)
		free(old[i]);
	for (size_t i = 0; i < nref; i++)
		free(ref[i]);
	free(old);
	free(ref);
	return rc;
}

int
files_gc(const char *dir, int64_t grace_s, bool dry_run, files_refs_fn refs,
	void *arg, struct files_gc_stats *st, struct err *e)
{
	static const char hex[] = "0123456789abcdef";
	int64_t cutoff = (int64_t)time(NULL) - grace_s;
	char blobs[4096];
	struct stat sb;

	char lock[PATH_CAP];
	int lfd, rc = 0;

	memset(st, 0, sizeof(*st));
	if (snprintf(blobs, sizeof(blobs), "%s/blobs", dir) >=
	    (int)sizeof(blobs) || stat(blobs, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return err_set(e, ERR_INVAL, "'%s' is not a file store (no "
			"blobs/ in it)", dir);
	/* one collection at a time (each puts back what another set aside) */
	(void)join(lock, dir, "gc.lock", 7, "");
	if ((lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0640)) < 0)
		return err_set(e, ERR_INTERNAL, "cannot open '%s': %s", lock,
			strerror(errno));
	if (flock(lfd, LOCK_EX | LOCK_NB) != 0) {
		close(lfd);
		return err_set(e, ERR_CONFLICT, "another collection of '%s' "
			"is running", dir);
	}
	for (int i = 0; i < 256 && rc == 0; i++) {
		char prefix[3] = { hex[i >> 4], hex[i & 15], '\0' };
		char folder[PATH_CAP];

		(void)join(folder, blobs, prefix, 2, "");
		if (stat(folder, &sb) == 0)
			rc = gc_folder(folder, prefix, cutoff, dry_run, refs, arg,
				st, e);
	}
	close(lfd);             /* the lock goes with it */
	return rc;
}
