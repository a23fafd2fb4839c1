/* cli.h: shared pieces of the command-line tools */
#ifndef MK_CLI_H
#define MK_CLI_H

struct db;

/* An option's value from MEKTEP_<NAME> or dflt. */
const char *cli_env(const char *opt, const char *dflt);
/* A whole number option in [min, max]; dies with a clear message. */
long cli_long(const char *name, const char *s, long min, long max);
/* Open url and apply migrations; dies on failure. */
struct db *cli_open_db(const char *url);

int cmd_user(int argc, char **argv);    /* user.c */
int cmd_audit(int argc, char **argv);   /* audit.c */
int cmd_backup(int argc, char **argv);  /* backup.c */
int cmd_gen(int argc, char **argv);     /* gen.c */
int cmd_files(int argc, char **argv);   /* files.c */

#endif
