/* store.c: blobs by SHA-256 under the data directory, written durably */
#include "core/common.h"
#include "files/store.h"
#include "core/log.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

static struct files_config cfg;
static atomic_uint tmp_seq;

const struct files_config *
files_config(void)
{
	return &cfg;
}

char *
files_default_dir(const char *db_url)
{
	size_t n;
	char *s;

	if (db_url == NULL || strstr(db_url, "://") != NULL)
		return xstrdup("mektep-files");
	n = strlen(db_url) + sizeof(".files");
	s = xmalloc(n);
	snprintf(s, n, "%s.files", db_url);
	return s;
}

static int
mkdir_p1(const char *path, struct err *e)
{
	if (mkdir(path, 0750) != 0 && errno != EEXIST)
		return err_set(e, ERR_INTERNAL, "cannot create '%s': %s",
			path, strerror(errno));
	return 0;
}

/* fsync a folder, so that a name made or changed in it lasts. */
static int
fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* A temporary file "PID-N.part" whose server is gone is an orphan. */
static void
clean_tmp(const char *tmpdir)
{
	DIR *d = opendir(tmpdir);
	struct dirent *de;
	int removed = 0;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		long pid;
		char *end;

		if (de->d_name[0] == '.')
			continue;
		pid = strtol(de->d_name, &end, 10);
		if (*end == '-' && pid > 0 && pid != (long)getpid() &&
		    (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			continue;               /* a live server's upload */
		if (snprintf(path, sizeof(path), "%s/%s", tmpdir,
		    de->d_name) >= (int)sizeof(path))
			continue;
		if (unlink(path) == 0)
			removed++;
	}
	closedir(d);
	if (removed)
		log_msg(LOG_INFO, "removed %d unfinished upload(s) from '%s'",
			removed, tmpdir);
}

int
files_init(const struct files_config *c, struct err *e)
{
	char path[4096];

	cfg = *c;
	if (mkdir_p1(cfg.dir, e) != 0)
		return e->code;
	snprintf(path, sizeof(path), "%s/blobs", cfg.dir);
	if (mkdir_p1(path, e) != 0)
		return e->code;
	snprintf(path, sizeof(path), "%s/tmp", cfg.dir);
	if (mkdir_p1(path, e) != 0)
		return e->code;
	clean_tmp(path);
	return 0;
}

int
files_stream_open(struct files_stream *s, unsigned char *head, struct err *e)
{
	memset(s, 0, sizeof(*s));
	s->head = head;
	crypto_hash_sha256_init(&s->sha);
	snprintf(s->tmp, sizeof(s->tmp), "%s/tmp/%ld-%u.part", cfg.dir,
		(long)getpid(), atomic_fetch_add(&tmp_seq, 1));
	s->fd = open(s->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (s->fd < 0) {
		log_msg(LOG_ERROR, "cannot create '%s': %s", s->tmp,
			strerror(errno));
		return err_set(e, ERR_UNAVAIL, "the file store is not "
			"available");
	}
	return 0;
}

void
files_stream_write(struct files_stream *s, const void *p, size_t len)
{
	const unsigned char *b = p;

	if (s->fd < 0 || s->too_big || s->failed)
		return;
	if (len > cfg.max_file - s->len) {
		s->too_big = true;
		files_stream_abort(s);          /* keep nothing of it */
		return;
	}
	if (s->head_len < SNIFF_HEAD) {
		size_t n = len < SNIFF_HEAD - s->head_len ? len :
			SNIFF_HEAD - s->head_len;

		memcpy(s->head + s->head_len, b, n);
		s->head_len += n;
	}
	crypto_hash_sha256_update(&s->sha, b, len);
	sniff_text_feed(&s->text, b, len);
	s->len += len;
	while (len > 0) {
		ssize_t w = write(s->fd, b, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->failed = w < 0 ? errno : EIO;
			return;
		}
		b += w;
		len -= (size_t)w;
	}
}

void
files_stream_abort(struct files_stream *s)
{
	if (s->fd < 0)
		return;
	close(s->fd);
	s->fd = -1;
	unlink(s->tmp);
}

static void
blob_path(char *out, size_t cap, const char *hex, bool folder)
{
	if (folder)
		snprintf(out, cap, "%s/blobs/%.2s", cfg.dir, hex);
	else
		snprintf(out, cap, "%s/blobs/%.2s/%s", cfg.dir, hex, hex);
}

int
files_stream_commit(struct files_stream *s, char *hex, struct err *e)
{
	unsigned char sum[crypto_hash_sha256_BYTES];
	char folder[4096], path[4096];

	/* mtime now, whatever the pace of the body (files_gc's grace) */
	if (s->fd >= 0 && !s->failed && futimens(s->fd, NULL) != 0)
		s->failed = errno;
	if (s->fd < 0 || s->failed || fsync(s->fd) != 0) {
		log_msg(LOG_ERROR, "cannot write '%s': %s", s->tmp,
			strerror(s->failed ? s->failed : errno));
		files_stream_abort(s);
		return err_set(e, ERR_UNAVAIL, "the file store is not "
			"available");
	}
	close(s->fd);
	s->fd = -1;
	crypto_hash_sha256_final(&s->sha, sum);
	sodium_bin2hex(hex, 65, sum, sizeof(sum));
	blob_path(folder, sizeof(folder), hex, true);
	blob_path(path, sizeof(path), hex, false);
	/*
	** The same bytes stored already are replaced by ours all the same:
	** one blob per hash still, and its mtime is now, which is what
	** tells `mektep files gc` that a row is about to name it (an old
	** blob no row used could otherwise go between this and our row).
	*/
	if (mkdir(folder, 0750) == 0) {
		char blobs[4096];

		snprintf(blobs, sizeof(blobs), "%s/blobs", cfg.dir);
		(void)fsync_dir(blobs);
	}
	if (rename(s->tmp, path) != 0 || fsync_dir(folder) != 0) {
		log_msg(LOG_ERROR, "cannot store '%s': %s", path,
			strerror(errno));
		unlink(s->tmp);
		return err_set(e, ERR_UNAVAIL, "the file store is not "
			"available");
	}
	return 0;
}

int
files_blob_open(const char *hex, uint64_t *size, struct err *e)
{
	char path[4096];
	struct stat st;
	int fd;

	blob_path(path, sizeof(path), hex, false);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		log_msg(LOG_ERROR, "stored file '%s' is missing: %s", path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return err_set(e, ERR_INTERNAL, "the file cannot be read");
	}
	*size = (uint64_t)st.st_size;
	return fd;
}
