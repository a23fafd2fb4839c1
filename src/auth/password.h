/* password.h: password hashing with argon2id (libsodium) */
#ifndef MK_PASSWORD_H
#define MK_PASSWORD_H

#define PASSWORD_HASH_MAX 128

/*
** Parameters: 2 passes over 19 MiB (OWASP's argon2id minimum). Measured
** on 2 cores: see docs/SECURITY.md. Returns 0, or -1 if out of memory.
*/
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);

/* 0 when pw matches hash; -1 otherwise (a malformed hash too). */
int password_verify(const char *hash, const char *pw);

/* Burn the same time as a verification, for unknown logins. */
void password_verify_dummy(const char *pw);

/* Once per process, before any other call. */
int password_init(void);

#endif
