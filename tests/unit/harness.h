/* harness.h: a tiny unit-test harness; ends with "N passed, N failed" */
#ifndef MK_HARNESS_H
#define MK_HARNESS_H

#include "core/common.h"

/*
** TEST(name) { CHECK(...); } defines a test; HARNESS_MAIN(a, b, ...) runs
** them in order. A failed CHECK prints file:line and the condition and
** marks the test failed; the test goes on to its end.
*/
static int harness_failed_now;
static const char *harness_name;

#define TEST(name) static void name(void)

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "  %s:%d: %s: CHECK(%s) failed\n", __FILE__, \
			__LINE__, harness_name, #cond); \
		harness_failed_now = 1; \
	} \
} while (0)

#define CHECK_EQ_INT(a, b) do { \
	long long va_ = (long long)(a), vb_ = (long long)(b); \
	if (va_ != vb_) { \
		fprintf(stderr, "  %s:%d: %s: %s == %lld, expected %s == " \
			"%lld\n", __FILE__, __LINE__, harness_name, #a, va_, \
			#b, vb_); \
		harness_failed_now = 1; \
	} \
} while (0)

#define CHECK_EQ_STR(a, b) do { \
	const char *sa_ = (a), *sb_ = (b); \
	if (sa_ == NULL || sb_ == NULL || strcmp(sa_, sb_) != 0) { \
		fprintf(stderr, "  %s:%d: %s: %s is \"%s\", expected " \
			"\"%s\"\n", __FILE__, __LINE__, harness_name, #a, \
			sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)"); \
		harness_failed_now = 1; \
	} \
} while (0)

struct harness_test {
	const char *name;
	void (*fn)(void);
};

static inline int
harness_run(const char *file, const struct harness_test *t, int n)
{
	int passed = 0, failed = 0;

	for (int i = 0; i < n; i++) {
		harness_failed_now = 0;
		harness_name = t[i].name;
		t[i].fn();
		if (harness_failed_now) {
			fprintf(stderr, "FAIL %s: %s\n", file, t[i].name);
			failed++;
		} else {
			passed++;
		}
	}
	printf("%s: %d passed, %d failed\n", file, passed, failed);
	return failed ? 1 : 0;
}

#define HARNESS_T(fn) { #fn, fn },
#define HARNESS_MAIN(...) \
int main(void) \
{ \
	static const struct harness_test t_[] = { \
		HARNESS_EACH(__VA_ARGS__) \
	}; \
	return harness_run(__FILE__, t_, (int)ARRAY_SIZE(t_)); \
}

/* HARNESS_EACH(a, b, c) -> HARNESS_T(a) HARNESS_T(b) HARNESS_T(c) */
#define H_E1(a) HARNESS_T(a)
#define H_E2(a, ...) HARNESS_T(a) H_E1(__VA_ARGS__)
#define H_E3(a, ...) HARNESS_T(a) H_E2(__VA_ARGS__)
#define H_E4(a, ...) HARNESS_T(a) H_E3(__VA_ARGS__)
#define H_E5(a, ...) HARNESS_T(a) H_E4(__VA_ARGS__)
#define H_E6(a, ...) HARNESS_T(a) H_E5(__VA_ARGS__)
#define H_E7(a, ...) HARNESS_T(a) H_E6(__VA_ARGS__)
#define H_E8(a, ...) HARNESS_T(a) H_E7(__VA_ARGS__)
#define H_E9(a, ...) HARNESS_T(a) H_E8(__VA_ARGS__)
#define H_E10(a, ...) HARNESS_T(a) H_E9(__VA_ARGS__)
#define H_E11(a, ...) HARNESS_T(a) H_E10(__VA_ARGS__)
#define H_E12(a, ...) HARNESS_T(a) H_E11(__VA_ARGS__)
#define H_E13(a, ...) HARNESS_T(a) H_E12(__VA_ARGS__)
#define H_E14(a, ...) HARNESS_T(a) H_E13(__VA_ARGS__)
#define H_E15(a, ...) HARNESS_T(a) H_E14(__VA_ARGS__)
#define H_E16(a, ...) HARNESS_T(a) H_E15(__VA_ARGS__)
#define H_E17(a, ...) HARNESS_T(a) H_E16(__VA_ARGS__)
#define H_E18(a, ...) HARNESS_T(a) H_E17(__VA_ARGS__)
#define H_E19(a, ...) HARNESS_T(a) H_E18(__VA_ARGS__)
#define H_E20(a, ...) HARNESS_T(a) H_E19(__VA_ARGS__)
#define H_NTH(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, \
	_15, _16, _17, _18, _19, _20, N, ...) N
#define HARNESS_EACH(...) H_NTH(__VA_ARGS__, H_E20, H_E19, H_E18, H_E17, \
	H_E16, H_E15, H_E14, H_E13, H_E12, H_E11, H_E10, H_E9, H_E8, H_E7, \
	H_E6, H_E5, H_E4, H_E3, H_E2, H_E1)(__VA_ARGS__)

#endif
