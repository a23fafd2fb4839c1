/* embed.h: files compiled into the binary (tools/embed.c writes them) */
#ifndef MK_EMBED_H
#define MK_EMBED_H

struct embedded_file {
	const char *name;               /* path relative to its source dir */
	const unsigned char *data;      /* NUL-terminated too */
	size_t len;
};

/* Migrations, sorted by name; the list ends with a NULL name. */
extern const struct embedded_file mk_migrations[];

#endif
