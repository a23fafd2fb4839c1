/* password.c: argon2id through libsodium's crypto_pwhash_str */
#include "core/common.h"
#include "auth/password.h"

#include <sodium.h>

#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19u << 20)

static char dummy_hash[PASSWORD_HASH_MAX];

int
password_init(void)
{
	if (sodium_init() < 0)
		return -1;
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

void
password_verify_dummy(const char *pw)
{
	(void)password_verify(dummy_hash, pw);
}
