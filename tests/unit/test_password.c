/* test_password.c: argon2id hashes and session tokens */
#include "harness.h"
#include "auth/password.h"
#include "auth/auth.h"

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

HARNESS_MAIN(hash_and_verify, tokens_are_random_and_hashed)
