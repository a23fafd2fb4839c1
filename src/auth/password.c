/* password.c: argon2id through libsodium's crypto_pwhash_str */
#include "core/common.h"
#include "auth/password.h"

#include <sodium.h>

/*
** 5 passes over 7 MiB, one lane: "m=7168 (7 MiB), t=5, p=1", one of the
** argon2id settings OWASP's Password Storage Cheat Sheet lists as equal in
** defence to its "m=19456 (19 MiB), t=2, p=1", with less memory. That is
** what makes it cheaper here: libsodium mmaps the memory, faults every
** page in and munmaps it on each call, and in the multi-threaded server
** the munmap also sends TLB-shootdown IPIs to the other threads. Measured
** on our 2-core machine, 40 verifies each: t=2, 19 MiB 29.3 ms a verify
** (user 17.1, sys 12.2); t=5, 7 MiB 16.2 ms (user 11.4, sys 4.8). Logins
** are 0.11% of the replayed school day's requests but ~17-19% of its CPU.
** Hashes made at other settings keep verifying (the parameters are in
** each hash) and are moved over at their next login (api/auth.c).
*/
#define PW_OPSLIMIT 5
#define PW_MEMLIMIT (7u << 20)          /* bytes: m=7168 KiB */

static char dummy_hash[PASSWORD_HASH_MAX];

int
password_init(void)
{
	if (sodium_init() < 0)
		return -1;
	/* at the current settings: an unknown login costs a real verify */
	if (dummy_hash[0] == '\0')
		return password_hash("not a password", dummy_hash);
	return 0;
}

int
password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	_Static_assert(crypto_pwhash_STRBYTES <= PASSWORD_HASH_MAX,
		"hash buffer too small");
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), PW_OPSLIMIT,
	    PW_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	return 0;
}

int
password_verify(const char *hash, const char *pw)
{
	if (hash == NULL || *hash == '\0')
		return -1;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0 ? 0 : -1;
}

bool
password_needs_rehash(const char *hash)
{
	int rc;

	if (hash == NULL || *hash == '\0')
		return false;
	/* -1: libsodium cannot parse it (nor can it have verified) */
	rc = crypto_pwhash_str_needs_rehash(hash, PW_OPSLIMIT, PW_MEMLIMIT);
	if (rc < 0)
		return false;
	/* an argon2i hash parses too: at any settings, it is not ours */
	if (strncmp(hash, crypto_pwhash_argon2id_STRPREFIX,
	    strlen(crypto_pwhash_argon2id_STRPREFIX)) != 0)
		return true;
	return rc != 0;
}

void
password_verify_dummy(const char *pw)
{
	(void)password_verify(dummy_hash, pw);
}
