/* test_password.c: argon2id hashes and session tokens */
#include "harness.h"
#include "auth/password.h"
#include "auth/auth.h"

#include <sodium.h>

TEST(hash_and_verify)
{
	char h[PASSWORD_HASH_MAX];

	CHECK_EQ_INT(password_init(), 0);
	CHECK_EQ_INT(password_hash("қауіпсіз құпия сөз", h), 0);
	CHECK(strncmp(h, "$argon2id$", 10) == 0);
	CHECK_EQ_INT(password_verify(h, "қауіпсіз құпия сөз"), 0);
	CHECK(password_verify(h, "қауіпсіз құпия сөз ") != 0);
	CHECK(password_verify("", "x") != 0);
	CHECK(password_verify(NULL, "x") != 0);
	CHECK(password_verify("$argon2id$garbage", "x") != 0);
}

/* what password_hash() makes now: OWASP's m=7168 (7 MiB), t=5, p=1 */
TEST(hash_has_current_settings)
{
	char h[PASSWORD_HASH_MAX];
	const char *prefix = "$argon2id$v=19$m=7168,t=5,p=1$";

	CHECK_EQ_INT(password_init(), 0);
	CHECK_EQ_INT(password_hash("demo", h), 0);
	CHECK(strncmp(h, prefix, strlen(prefix)) == 0);
	CHECK_EQ_INT(password_verify(h, "demo"), 0);
	CHECK(!password_needs_rehash(h));
}

/* hashes of the earlier setting (t=2, 19 MiB) verify and are moved over */
TEST(old_hash_verifies_and_needs_rehash)
{
	char h[crypto_pwhash_STRBYTES];
	const char *prefix = "$argon2id$v=19$m=19456,t=2,p=1$";

	CHECK_EQ_INT(password_init(), 0);
	CHECK_EQ_INT(crypto_pwhash_str_alg(h, "demo", 4, 2, 19u << 20,
		crypto_pwhash_ALG_ARGON2ID13), 0);
	CHECK(strncmp(h, prefix, strlen(prefix)) == 0);
	CHECK_EQ_INT(password_verify(h, "demo"), 0);
	CHECK(password_verify(h, "Demo") != 0);
	CHECK(password_needs_rehash(h));

	/* argon2i at our very settings is still not argon2id */
	CHECK_EQ_INT(crypto_pwhash_str_alg(h, "demo", 4, 5, 7u << 20,
		crypto_pwhash_ALG_ARGON2I13), 0);
	CHECK(strncmp(h, "$argon2i$", 9) == 0);
	CHECK_EQ_INT(password_verify(h, "demo"), 0);
	CHECK(password_needs_rehash(h));
}

/* what cannot be parsed cannot have verified: nothing to move over */
TEST(unparseable_needs_no_rehash)
{
	CHECK(!password_needs_rehash(NULL));
	CHECK(!password_needs_rehash(""));
	CHECK(!password_needs_rehash("$argon2id$garbage"));
	CHECK(!password_needs_rehash("$2b$12$notbcryptatall"));
	CHECK(!password_needs_rehash("plain text"));
}

TEST(tokens_are_random_and_hashed)
{
	char a[64], b[64], ha[65], hb[65];

	auth_token_new(a, sizeof(a));
	auth_token_new(b, sizeof(b));
	CHECK_EQ_INT(strlen(a), 43);            /* 32 bytes, base64url */
	CHECK(strcmp(a, b) != 0);
	auth_token_hash(a, ha);
	auth_token_hash(b, hb);
	CHECK_EQ_INT(strlen(ha), 64);
	CHECK(strcmp(ha, hb) != 0);
	auth_token_hash("abc", ha);
	CHECK_EQ_STR(ha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"
		"b410ff61f20015ad");
}

HARNESS_MAIN(hash_and_verify, hash_has_current_settings,
	old_hash_verifies_and_needs_rehash, unparseable_needs_no_rehash,
	tokens_are_random_and_hashed)
