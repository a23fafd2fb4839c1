/* test_quiz_score.c: scoring each question kind, text normalisation,
** test times */
#include "harness.h"
#include "quiz/score.h"

static const struct quiz_question single = { QUIZ_SINGLE, 2, 3, 1u << 1,
	0, 0, NULL, 0 };
static const struct quiz_question multi = { QUIZ_MULTIPLE, 3, 4,
	(1u << 0) | (1u << 2), 0, 0, NULL, 0 };
static const struct quiz_question num = { QUIZ_NUMBER, 4, 0, 0, 2.5, 0.1,
	NULL, 0 };
static const char *const accepted[] = { "Астана", "Nur-Sultan" };
static const struct quiz_question text = { QUIZ_TEXT, 5, 0, 0, 0, 0,
	accepted, 2 };

TEST(test_single)
{
	struct quiz_answer a = { 1, 1u << 1, 0, NULL };

	CHECK_EQ_INT(quiz_score(&single, &a), 2);
	a.chosen = 1u << 0;
	CHECK_EQ_INT(quiz_score(&single, &a), 0);
	a.given = 0;
	a.chosen = 1u << 1;
	CHECK_EQ_INT(quiz_score(&single, &a), 0);
	CHECK_EQ_INT(quiz_score(&single, NULL), 0);
}

TEST(test_multiple_all_or_nothing)
{
	struct quiz_answer a = { 1, (1u << 0) | (1u << 2), 0, NULL };

	CHECK_EQ_INT(quiz_score(&multi, &a), 3);
	a.chosen = 1u << 0;                     /* half right: nothing */
	CHECK_EQ_INT(quiz_score(&multi, &a), 0);
	a.chosen = 0xf;                         /* every box: nothing */
	CHECK_EQ_INT(quiz_score(&multi, &a), 0);
	a.chosen = 0;
	CHECK_EQ_INT(quiz_score(&multi, &a), 0);
}

TEST(test_number_tolerance)
{
	struct quiz_answer a = { 1, 0, 2.5, NULL };

	CHECK_EQ_INT(quiz_score(&num, &a), 4);
	a.number = 2.6;                         /* at the edge: right */
	CHECK_EQ_INT(quiz_score(&num, &a), 4);
	a.number = 2.4;
	CHECK_EQ_INT(quiz_score(&num, &a), 4);
	a.number = 2.61;
	CHECK_EQ_INT(quiz_score(&num, &a), 0);
	a.number = -2.5;
	CHECK_EQ_INT(quiz_score(&num, &a), 0);
}

TEST(test_text_case_and_space)
{
	struct quiz_answer a = { 1, 0, 0, "  АСТАНА\t" };

	CHECK_EQ_INT(quiz_score(&text, &a), 5);
	a.text = "nur-sultan";
	CHECK_EQ_INT(quiz_score(&text, &a), 5);
	a.text = "Nur -Sultan";
	CHECK_EQ_INT(quiz_score(&text, &a), 0);
	a.text = "";
	CHECK_EQ_INT(quiz_score(&text, &a), 0);
	a.text = "Алматы";
	CHECK_EQ_INT(quiz_score(&text, &a), 0);
}

TEST(test_text_norm)
{
	char out[64];

	quiz_text_norm("  ҚАЗАҚСТАН   Республикасы ", out, sizeof(out));
	CHECK_EQ_STR(out, "қазақстан республикасы");
	quiz_text_norm("ЁЛКА", out, sizeof(out));
	CHECK_EQ_STR(out, "елка");
	quiz_text_norm("ӘҒҚҢӨҰҮҺІ", out, sizeof(out));
	CHECK_EQ_STR(out, "әғқңөұүһі");
	/* cut at a character boundary */
	quiz_text_norm("ққққ", out, 6);
	CHECK_EQ_STR(out, "ққ");
}

TEST(test_kinds_and_times)
{
	int64_t t;

	CHECK_EQ_INT(quiz_kind_parse("multiple"), QUIZ_MULTIPLE);
	CHECK_EQ_INT(quiz_kind_parse("essay"), -1);
	CHECK_EQ_STR(quiz_kind_name(QUIZ_TEXT), "text");
	CHECK_EQ_INT(quiz_time_parse("1970-01-02T00:00:01Z", &t), 0);
	CHECK_EQ_INT(t, 86401);
	CHECK_EQ_INT(quiz_time_parse("2026-11-24T10:30+00:00", &t), 0);
	CHECK_EQ_INT(t % 86400, 10 * 3600 + 30 * 60);
	CHECK(quiz_time_parse("2026-11-24 10:30:00Z", &t) != 0);
	CHECK(quiz_time_parse("2026-11-24T25:00:00Z", &t) != 0);
	CHECK(quiz_time_parse("2026-11-24T10:00:00+05:00", &t) != 0);
	CHECK(quiz_time_parse("2026-02-30T10:00:00Z", &t) != 0);
}

HARNESS_MAIN(test_single, test_multiple_all_or_nothing,
	test_number_tolerance, test_text_case_and_space, test_text_norm,
	test_kinds_and_times)
