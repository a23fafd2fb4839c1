/* password.h: password hashing with argon2id (libsodium) */
#ifndef MK_PASSWORD_H
#define MK_PASSWORD_H

#define PASSWORD_HASH_MAX 128

/*
** argon2id, 5 passes over 7 MiB, one lane (OWASP's equivalent of 2 passes
** over 19 MiB, cheaper here: see password.c). Returns 0, or -1 if out of
** memory.
*/
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);

/* 0 when pw matches hash; -1 otherwise (a malformed hash too). */
int password_verify(const char *hash, const char *pw);

/*
** Whether hash, which verified, should be replaced by a new password_hash()
** of the same password: true when it is not argon2id at the current
** settings (an older setting, or argon2i). false for NULL, "" or a hash
** libsodium cannot parse (it cannot have verified).
*/
bool password_needs_rehash(const char *hash);

/* Burn the same time as a verification at the current settings, for
** unknown logins. */
void password_verify_dummy(const char *pw);

/* Once per process, before any other call. */
int password_init(void);

#endif
