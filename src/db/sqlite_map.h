/* sqlite_map.h: database pages read from one memory map per file, shared
** by every connection of the process (private to src/db) */
#ifndef MK_SQLITE_MAP_H
#define MK_SQLITE_MAP_H

#include <stdbool.h>
#include <stdint.h>

/*
** SQLite in WAL mode drops a connection's whole page cache at its next
** read after any commit by another connection (pager_reset), and each
** page is then read again with pread(2): about 8 system calls a request
** under the day's mix at 0.1 of the country, 17 % of the server's CPU.
** SQLite's own memory map does not help: the same reset unmaps it too.
**
** sq_map_register() puts a VFS named "mektep" in front of SQLite's
** default one and makes it the default. It passes everything through
** unchanged, except that a main database file's pages are served from a
** read-only shared mapping of the file, made once per file and process,
** which no commit drops: by pointer where SQLite fetches (the pages of
** read transactions), by copy where it reads. It holds the same bytes as pread(2) would return
** (one page cache in the kernel); writes, syncs and locks go to the file
** as before. A read past what the map covers, or past the end of the file
** as last seen, goes to pread(2).
**
** With MEKTEP_DB_MAP=0 in the environment nothing is mapped (the reads
** go to pread(2) as before: for measuring, or a file system where mmap
** is unwelcome). Before the first sqlite3_open_v2(); once is enough,
** more calls do nothing.
*/
void sq_map_register(void);

/* Registered: a connection then sets PRAGMA mmap_size above 0, so that
** SQLite asks for pages by xFetch, which the map answers with a pointer
** (no copy, nothing kept in the page cache). */
bool sq_map_on(void);

/* Reads served from a map and reads passed to pread(2), since start. */
void sq_map_counts(uint64_t *mapped, uint64_t *passed);

#endif
