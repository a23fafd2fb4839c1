/* sqlite_map.c: database pages read from one memory map per file, shared
** by every connection of the process (see sqlite_map.h) */
#include "core/common.h"
#include "db/sqlite_map.h"

#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/*
** One map per database file (device and inode) and process, shared by its
** connections and counted by them. Its fd stays open until the last of
** them closes: closing any descriptor of a file drops every POSIX lock the
** process holds on it, SQLite's included.
*/
struct map {
	struct map *next;
	dev_t dev;
	ino_t ino;
	int fd;
	int refs;
	const char *base;               /* NULL: mmap(2) failed */
	size_t reserve;                 /* bytes of address space mapped */
	_Atomic uint64_t size;          /* bytes known to be in the file */
};

struct mfile {
	sqlite3_file base;              /* first: SQLite's view */
	sqlite3_file *real;             /* the default VFS's file, after us */
	struct map *map;                /* main database files only */
	uint64_t mapped, passed;        /* reads, counted per connection */
};

#define MAP_MIN_RESERVE ((uint64_t)1 << 30)

static sqlite3_vfs *orig;
static sqlite3_vfs vfs;
static pthread_mutex_t maps_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct map *maps;
static _Atomic uint64_t total_mapped, total_passed;
static bool map_on;

static void
size_raise(struct map *m, uint64_t end)
{
	uint64_t cur = atomic_load(&m->size);

	while (cur < end && !atomic_compare_exchange_weak(&m->size, &cur, end))
		;
}

static void
size_lower(struct map *m, uint64_t end)
{
	uint64_t cur = atomic_load(&m->size);

	while (cur > end && !atomic_compare_exchange_weak(&m->size, &cur, end))
		;
}

/* The map of the file at path, made on first use; NULL when it cannot be
** opened (the reads then go to pread). */
static struct map *
map_get(const char *path)
{
	struct stat sb;
	struct map *m;
	uint64_t reserve;
	void *p;
	int fd;

	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return NULL;
	pthread_mutex_lock(&maps_mutex);
	for (m = maps; m != NULL; m = m->next)
		if (m->dev == sb.st_dev && m->ino == sb.st_ino)
			break;
	if (m != NULL) {
		m->refs++;
		pthread_mutex_unlock(&maps_mutex);
		return m;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		pthread_mutex_unlock(&maps_mutex);
		return NULL;
	}
	/* from here the descriptor is kept until the last connection goes;
	** the size stat() gave may be behind: reads past it go to pread
	** and move it */
	m = xcalloc(1, sizeof(*m));
	m->fd = fd;
	m->dev = sb.st_dev;
	m->ino = sb.st_ino;
	m->refs = 1;
	m->next = maps;
	maps = m;
	atomic_store(&m->size, (uint64_t)sb.st_size);
	/* room to grow to twice the size without a second map; reads past it
	** go to pread */
	reserve = (uint64_t)sb.st_size * 2;
	if (reserve < MAP_MIN_RESERVE)
		reserve = MAP_MIN_RESERVE;
	if (reserve <= SIZE_MAX) {
		p = mmap(NULL, (size_t)reserve, PROT_READ, MAP_SHARED, fd, 0);
		if (p != MAP_FAILED) {
			/* a B-tree is read at random: a page missing from the
			** page cache is read alone, as pread would, not with
			** the 128 KB around it that a fault reads by default
			** (at 0.3 of the country, larger than the memory, that
			** read-around filled the cache with pages never used) */
			(void)madvise(p, (size_t)reserve, MADV_RANDOM);
			m->base = p;
			m->reserve = (size_t)reserve;
		}
	}
	pthread_mutex_unlock(&maps_mutex);
	return m;
}

static void
map_put(struct map *m)
{
	struct map **pp;

	pthread_mutex_lock(&maps_mutex);
	if (--m->refs > 0) {
		pthread_mutex_unlock(&maps_mutex);
		return;
	}
	for (pp = &maps; *pp != m; pp = &(*pp)->next)
		;
	*pp = m->next;
	pthread_mutex_unlock(&maps_mutex);
	if (m->base != NULL)
		munmap((void *)m->base, m->reserve);
	close(m->fd);
	free(m);
}

/* ----- the file: reads from the map, the rest passed through ----- */

#define REAL(f) (((struct mfile *)(f))->real)
#define RM(f) (REAL(f)->pMethods)

static bool
mapped(const struct mfile *mf)
{
	return mf->map != NULL && mf->map->base != NULL;
}

static int
m_close(sqlite3_file *f)
{
	struct mfile *mf = (struct mfile *)f;
	int rc = RM(f)->xClose(mf->real);

	if (mf->map != NULL) {
		map_put(mf->map);
		mf->map = NULL;
	}
	atomic_fetch_add(&total_mapped, mf->mapped);
	atomic_fetch_add(&total_passed, mf->passed);
	return rc;
}

static int
m_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	struct mfile *mf = (struct mfile *)f;
	struct map *m = mf->map;
	uint64_t end = (uint64_t)off + (uint64_t)amt;
	int rc;

	if (mapped(mf) && off >= 0 && end <= m->reserve &&
	    end <= atomic_load_explicit(&m->size, memory_order_acquire)) {
		memcpy(buf, m->base + off, (size_t)amt);
		mf->mapped++;
		return SQLITE_OK;
	}
	rc = RM(f)->xRead(mf->real, buf, amt, off);
	if (m != NULL) {
		mf->passed++;
		if (rc == SQLITE_OK)    /* the file holds at least that much */
			size_raise(m, end);
	}
	return rc;
}

static int
m_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
	struct mfile *mf = (struct mfile *)f;
	int rc = RM(f)->xWrite(mf->real, buf, amt, off);

	if (rc == SQLITE_OK && mf->map != NULL)
		size_raise(mf->map, (uint64_t)off + (uint64_t)amt);
	return rc;
}

static int
m_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct mfile *mf = (struct mfile *)f;

	/* lowered first: no read may touch a page past the end (SIGBUS) */
	if (mf->map != NULL)
		size_lower(mf->map, (uint64_t)size);
	return RM(f)->xTruncate(mf->real, size);
}

static int
m_sync(sqlite3_file *f, int flags)
{
	return RM(f)->xSync(REAL(f), flags);
}

static int
m_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return RM(f)->xFileSize(REAL(f), size);
}

static int
m_lock(sqlite3_file *f, int level)
{
	return RM(f)->xLock(REAL(f), level);
}

static int
m_unlock(sqlite3_file *f, int level)
{
	return RM(f)->xUnlock(REAL(f), level);
}

static int
m_check_reserved(sqlite3_file *f, int *out)
{
	return RM(f)->xCheckReservedLock(REAL(f), out);
}

static int
m_file_control(sqlite3_file *f, int op, void *arg)
{
	struct mfile *mf = (struct mfile *)f;

	/* a mapped file keeps SQLite's own map away: it would be dropped at
	** each reset (our xFetch serves the pages instead); an unmapped one
	** gets no map from it either, and its reads go to pread */
	if (op == SQLITE_FCNTL_MMAP_SIZE) {
		if (mapped(mf))
			return SQLITE_OK;
		*(sqlite3_int64 *)arg = 0;
	}
	return RM(f)->xFileControl(mf->real, op, arg);
}

static int
m_sector_size(sqlite3_file *f)
{
	return RM(f)->xSectorSize(REAL(f));
}

static int
m_device_chars(sqlite3_file *f)
{
	return RM(f)->xDeviceCharacteristics(REAL(f));
}

static int
m_shm_map(sqlite3_file *f, int region, int size, int extend,
	void volatile **out)
{
	return RM(f)->xShmMap(REAL(f), region, size, extend, out);
}

static int
m_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return RM(f)->xShmLock(REAL(f), offset, n, flags);
}

static void
m_shm_barrier(sqlite3_file *f)
{
	RM(f)->xShmBarrier(REAL(f));
}

static int
m_shm_unmap(sqlite3_file *f, int delete_flag)
{
	return RM(f)->xShmUnmap(REAL(f), delete_flag);
}

/*
** A page of a read transaction, not in the WAL: a pointer into the map,
** neither copied nor kept in the connection's page cache, so a commit
** elsewhere costs it nothing (PRAGMA mmap_size above 0 asks SQLite for
** this; see sq_map_on()). NULL sends SQLite to xRead.
*/
static int
m_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **out)
{
	struct mfile *mf = (struct mfile *)f;
	struct map *m = mf->map;
	uint64_t end = (uint64_t)off + (uint64_t)amt;

	if (!mapped(mf))
		return RM(f)->xFetch(mf->real, off, amt, out);
	*out = NULL;
	if (off >= 0 && end <= m->reserve &&
	    end <= atomic_load_explicit(&m->size, memory_order_acquire)) {
		*out = (void *)(m->base + off);
		mf->mapped++;
	}
	return SQLITE_OK;
}

/* Giving a page back, or (off 0, p NULL) dropping every page at a reset:
** nothing to do, the map stays. */
static int
m_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	struct mfile *mf = (struct mfile *)f;

	if (!mapped(mf))
		return RM(f)->xUnfetch(mf->real, off, p);
	return SQLITE_OK;
}

static const sqlite3_io_methods m_io = {
	.iVersion = 3,
	.xClose = m_close,
	.xRead = m_read,
	.xWrite = m_write,
	.xTruncate = m_truncate,
	.xSync = m_sync,
	.xFileSize = m_file_size,
	.xLock = m_lock,
	.xUnlock = m_unlock,
	.xCheckReservedLock = m_check_reserved,
	.xFileControl = m_file_control,
	.xSectorSize = m_sector_size,
	.xDeviceCharacteristics = m_device_chars,
	.xShmMap = m_shm_map,
	.xShmLock = m_shm_lock,
	.xShmBarrier = m_shm_barrier,
	.xShmUnmap = m_shm_unmap,
	.xFetch = m_fetch,
	.xUnfetch = m_unfetch,
};

/* ----- the VFS: opening wraps, the rest passed through ----- */

static int
m_open(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *f, int flags,
	int *out_flags)
{
	struct mfile *mf = (struct mfile *)f;
	int rc;

	(void)v;
	memset(mf, 0, sizeof(*mf));
	mf->real = (sqlite3_file *)(mf + 1);
	rc = orig->xOpen(orig, name, mf->real, flags, out_flags);
	if (mf->real->pMethods == NULL) {
		f->pMethods = NULL;
		return rc;
	}
	f->pMethods = &m_io;
	if (rc == SQLITE_OK && (flags & SQLITE_OPEN_MAIN_DB) && name != NULL &&
	    mf->real->pMethods->iVersion >= 3)
		mf->map = map_get(name);
	return rc;
}

static int
m_delete(sqlite3_vfs *v, const char *name, int sync_dir)
{
	(void)v;
	return orig->xDelete(orig, name, sync_dir);
}

static int
m_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
	(void)v;
	return orig->xAccess(orig, name, flags, out);
}

static int
m_full_pathname(sqlite3_vfs *v, const char *name, int n, char *out)
{
	(void)v;
	return orig->xFullPathname(orig, name, n, out);
}

static void *
m_dl_open(sqlite3_vfs *v, const char *name)
{
	(void)v;
	return orig->xDlOpen(orig, name);
}

static void
m_dl_error(sqlite3_vfs *v, int n, char *msg)
{
	(void)v;
	orig->xDlError(orig, n, msg);
}

static void (*m_dl_sym(sqlite3_vfs *v, void *h, const char *sym))(void)
{
	(void)v;
	return orig->xDlSym(orig, h, sym);
}

static void
m_dl_close(sqlite3_vfs *v, void *h)
{
	(void)v;
	orig->xDlClose(orig, h);
}

static int
m_randomness(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return orig->xRandomness(orig, n, out);
}

static int
m_sleep(sqlite3_vfs *v, int us)
{
	(void)v;
	return orig->xSleep(orig, us);
}

static int
m_current_time(sqlite3_vfs *v, double *out)
{
	(void)v;
	return orig->xCurrentTime(orig, out);
}

static int
m_last_error(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return orig->xGetLastError(orig, n, out);
}

static int
m_current_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
	(void)v;
	return orig->xCurrentTimeInt64(orig, out);
}

static void
map_register(void)
{
	const char *env = getenv("MEKTEP_DB_MAP");

	if (env != NULL && strcmp(env, "0") == 0)
		return;
	if ((orig = sqlite3_vfs_find(NULL)) == NULL || orig->iVersion < 2)
		return;
	vfs = (sqlite3_vfs){
		.iVersion = 2,
		.szOsFile = (int)sizeof(struct mfile) + orig->szOsFile,
		.mxPathname = orig->mxPathname,
		.zName = "mektep",
		.xOpen = m_open,
		.xDelete = m_delete,
		.xAccess = m_access,
		.xFullPathname = m_full_pathname,
		.xDlOpen = m_dl_open,
		.xDlError = m_dl_error,
		.xDlSym = m_dl_sym,
		.xDlClose = m_dl_close,
		.xRandomness = m_randomness,
		.xSleep = m_sleep,
		.xCurrentTime = m_current_time,
		.xGetLastError = m_last_error,
		.xCurrentTimeInt64 = m_current_time64,
	};
	map_on = sqlite3_vfs_register(&vfs, 1) == SQLITE_OK;
}

void
sq_map_register(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, map_register);
}

bool
sq_map_on(void)
{
	return map_on;
}

void
sq_map_counts(uint64_t *mapped, uint64_t *passed)
{
	*mapped = atomic_load(&total_mapped);
	*passed = atomic_load(&total_passed);
}
