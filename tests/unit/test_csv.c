/* test_csv.c: the CSV parser, the IIN checksum and class names */
#include "harness.h"
#include "rules/csv.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/sb.h"

static int
parse(struct arena *a, const char *s, struct csv *c)
{
	return csv_parse(a, s, strlen(s), 0, c);
}

TEST(simple_rows)
{
	struct arena *a = arena_new();
	struct csv c;

	CHECK_EQ_INT(parse(a, "kind,full_name\npupil,Асқар\n", &c), 0);
	CHECK_EQ_INT(c.sep, ',');
	CHECK_EQ_INT(c.nrows, 2);
	CHECK_EQ_INT(c.rows[0].n, 2);
	CHECK_EQ_STR(c.rows[0].f[1], "full_name");
	CHECK_EQ_STR(c.rows[1].f[1], "Асқар");
	CHECK_EQ_INT(c.rows[1].line, 2);
	arena_free(a);
}

TEST(quotes_crlf_and_embedded_newlines)
{
	struct arena *a = arena_new();
	struct csv c;

	CHECK_EQ_INT(parse(a, "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\r\n"
		"lines\"\r\nlast,\"\",end", &c), 0);
	CHECK_EQ_INT(c.nrows, 3);
	CHECK_EQ_STR(c.rows[1].f[0], "x,1");
	CHECK_EQ_STR(c.rows[1].f[1], "say \"hi\"");
	CHECK_EQ_STR(c.rows[1].f[2], "two\r\nlines");
	CHECK_EQ_INT(c.rows[1].line, 2);
	CHECK_EQ_INT(c.rows[2].line, 4);        /* the quoted break counts */
	CHECK_EQ_STR(c.rows[2].f[1], "");
	CHECK_EQ_STR(c.rows[2].f[2], "end");
	arena_free(a);
}

TEST(bom_semicolons_and_empty_lines)
{
	struct arena *a = arena_new();
	struct csv c;

	CHECK_EQ_INT(parse(a, "\xEF\xBB\xBFkind;full_name;class\n\n"
		"class;;5 Ә\r\rpupil;Әлия, Нұрлан;5 Ә\n\n", &c), 0);
	CHECK_EQ_INT(c.sep, ';');
	CHECK_EQ_STR(c.rows[0].f[0], "kind");   /* BOM gone */
	CHECK_EQ_INT(c.nrows, 3);
	CHECK_EQ_INT(c.rows[1].line, 3);
	CHECK_EQ_INT(c.rows[2].line, 5);        /* a lone CR is a break */
	CHECK_EQ_STR(c.rows[2].f[1], "Әлия, Нұрлан");
	CHECK_EQ_STR(c.rows[1].f[1], "");
	arena_free(a);
}

TEST(detects_the_separator_from_the_header_only)
{
	CHECK_EQ_INT(csv_detect_sep("a;b;c\nx,y,z,w,v\n", 16), ';');
	CHECK_EQ_INT(csv_detect_sep("a,b;c\n", 6), ',');
	CHECK_EQ_INT(csv_detect_sep("\"a;b;c\",d\n", 10), ',');
	CHECK_EQ_INT(csv_detect_sep("", 0), ',');
}

TEST(ragged_rows_are_reported_with_their_line)
{
	struct arena *a = arena_new();
	struct csv c;

	CHECK_EQ_INT(parse(a, "a,b,c\n1,2,3\n1,2\n1,2,3,4\n", &c), ERR_INVAL);
	CHECK_EQ_INT(c.nrows, 4);
	CHECK_EQ_INT(c.nissues, 2);
	CHECK_EQ_INT(c.issues[0].line, 3);
	CHECK_EQ_STR(c.issues[0].msg, "the line has 2 fields, the header "
		"has 3");
	CHECK_EQ_INT(c.issues[1].line, 4);
	arena_free(a);
}

TEST(broken_quoting_is_reported)
{
	struct arena *a = arena_new();
	struct csv c;

	CHECK_EQ_INT(parse(a, "a,b\n\"x\"y,1\nab\"c,2\n\"x\" ,3\n", &c),
		ERR_INVAL);
	CHECK_EQ_INT(c.nissues, 2);
	CHECK_EQ_INT(c.issues[0].line, 2);
	CHECK_EQ_INT(c.issues[0].col, 0);
	CHECK_EQ_STR(c.issues[0].msg, "text after a closing quote");
	CHECK_EQ_INT(c.issues[1].line, 3);
	CHECK_EQ_STR(c.rows[3].f[0], "x");      /* spaces after the quote */

	CHECK_EQ_INT(parse(a, "a,b\n1,2\n3,\"never\nclosed\n", &c),
		ERR_INVAL);
	CHECK_EQ_INT(c.nrows, 2);
	CHECK_EQ_INT(c.nissues, 1);
	CHECK_EQ_INT(c.issues[0].line, 3);
	CHECK_EQ_INT(c.issues[0].col, 1);
	arena_free(a);
}

TEST(invalid_utf8_and_nul_are_reported)
{
	struct arena *a = arena_new();
	struct csv c;
	static const char bad[] = "a,b\nok,\xC0\xAF\nx\0y,2\n";

	CHECK_EQ_INT(csv_parse(a, bad, sizeof(bad) - 1, ',', &c), ERR_INVAL);
	CHECK_EQ_INT(c.nissues, 2);
	CHECK_EQ_INT(c.issues[0].line, 2);
	CHECK_EQ_INT(c.issues[0].col, 1);
	CHECK_EQ_INT(c.issues[1].line, 3);
	CHECK_EQ_INT(c.issues[1].col, 0);
	arena_free(a);
}

TEST(issues_are_capped_but_counted)
{
	struct arena *a = arena_new();
	struct csv c;
	struct sb s;

	sb_init(&s, NULL, 1 << 20);
	sb_adds(&s, "a,b\n");
	for (int i = 0; i < 150; i++)
		sb_adds(&s, "1,2,3\n");
	CHECK_EQ_INT(csv_parse(a, s.buf, s.len, 0, &c), ERR_INVAL);
	CHECK_EQ_INT(c.nissues, CSV_MAX_ISSUES);
	CHECK_EQ_INT(c.nissues_total, 150);
	CHECK_EQ_INT(c.nrows, 151);
	sb_release(&s);
	arena_free(a);
}

TEST(trailing_separator_and_empty_input)
{
	struct arena *a = arena_new();
	struct csv c;

	CHECK_EQ_INT(parse(a, "a,b,\n1,2,\n", &c), 0);
	CHECK_EQ_INT(c.rows[1].n, 3);
	CHECK_EQ_STR(c.rows[1].f[2], "");
	CHECK_EQ_INT(parse(a, "", &c), 0);
	CHECK_EQ_INT(c.nrows, 0);
	CHECK_EQ_INT(parse(a, "\xEF\xBB\xBF\r\n", &c), 0);
	CHECK_EQ_INT(c.nrows, 0);
	arena_free(a);
}

TEST(iin_checksum)
{
	CHECK(csv_iin_valid("900101300126"));
	CHECK(csv_iin_valid("850512401232"));
	CHECK(csv_iin_valid("010203500454"));
	CHECK(csv_iin_valid("000000000000"));
	/* the first sum gives 10: the second weights decide */
	CHECK(csv_iin_valid("900101300811"));
	CHECK(!csv_iin_valid("900101300810"));
	/* both sums give 10: no check digit is right */
	for (char d = '0'; d <= '9'; d++) {
		char s[13] = "90010130080";

		s[11] = d;
		s[12] = '\0';
		CHECK(!csv_iin_valid(s));
	}
	CHECK(!csv_iin_valid("900101300127"));
	CHECK(!csv_iin_valid("90010130012"));
	CHECK(!csv_iin_valid("9001013001260"));
	CHECK(!csv_iin_valid("90010130012a"));
	CHECK(!csv_iin_valid(""));
}

TEST(class_letters_and_names)
{
	char l[16];
	int g;

	CHECK(csv_class_letter("А", l, sizeof(l)) == 0);
	CHECK_EQ_STR(l, "А");
	CHECK(csv_class_letter("ә", l, sizeof(l)) == 0);
	CHECK_EQ_STR(l, "Ә");
	CHECK(csv_class_letter("іұ", l, sizeof(l)) == 0);
	CHECK_EQ_STR(l, "ІҰ");
	CHECK(csv_class_letter("b", l, sizeof(l)) == 0);
	CHECK_EQ_STR(l, "B");
	CHECK(csv_class_letter("ё", l, sizeof(l)) == 0);
	CHECK_EQ_STR(l, "Ё");
	CHECK(csv_class_letter("", l, sizeof(l)) != 0);
	CHECK(csv_class_letter("АБВ", l, sizeof(l)) != 0);
	CHECK(csv_class_letter("1", l, sizeof(l)) != 0);
	CHECK(csv_class_letter("А ", l, sizeof(l)) != 0);
	CHECK(csv_class_letter("\xCE\xA9", l, sizeof(l)) != 0); /* Greek */

	CHECK(csv_class_name("5 А", &g, l, sizeof(l)) == 0);
	CHECK_EQ_INT(g, 5);
	CHECK_EQ_STR(l, "А");
	CHECK(csv_class_name("11ә", &g, l, sizeof(l)) == 0);
	CHECK_EQ_INT(g, 11);
	CHECK_EQ_STR(l, "Ә");
	CHECK(csv_class_name(" 0-b ", &g, l, sizeof(l)) == 0);
	CHECK_EQ_INT(g, 0);
	CHECK_EQ_STR(l, "B");
	CHECK(csv_class_name("12 А", &g, l, sizeof(l)) != 0);
	CHECK(csv_class_name("А", &g, l, sizeof(l)) != 0);
	CHECK(csv_class_name("5", &g, l, sizeof(l)) != 0);
	CHECK(csv_class_name("005 А", &g, l, sizeof(l)) != 0);
}

TEST(lower_case_kazakh_and_russian)
{
	char s[] = "ӘЛИЯ Ғалымқызы ҚҰНАНБАЕВА ЁЛКА ІҢҮҺӨ Abc ÀÉ €";

	csv_lower(s);
	CHECK_EQ_STR(s, "әлия ғалымқызы құнанбаева ёлка іңүһө abc àé €");
}

TEST(text_rules)
{
	CHECK(csv_text_ok("Әлия Нұрланқызы"));
	CHECK(!csv_text_ok(""));
	CHECK(!csv_text_ok("   "));
	CHECK(!csv_text_ok("a\tb"));
	CHECK(!csv_text_ok("a\nb"));
	CHECK(!csv_text_ok("a\xC2\x85" "b"));
}

HARNESS_MAIN(simple_rows, quotes_crlf_and_embedded_newlines,
	bom_semicolons_and_empty_lines,
	detects_the_separator_from_the_header_only,
	ragged_rows_are_reported_with_their_line, broken_quoting_is_reported,
	invalid_utf8_and_nul_are_reported, issues_are_capped_but_counted,
	trailing_separator_and_empty_input, iin_checksum,
	class_letters_and_names, lower_case_kazakh_and_russian, text_rules)
