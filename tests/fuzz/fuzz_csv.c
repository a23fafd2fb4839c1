/* fuzz_csv.c: the CSV import parser and its field rules (rules/csv.c) */
#include "core/common.h"
#include "core/arena.h"
#include "rules/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct csv out;
	char *buf = arena_alloc(a, size + 1);

	memcpy(buf, data, size);
	buf[size] = '\0';
	(void)csv_detect_sep(buf, size);
	if (csv_parse(a, buf, size, 0, &out) == 0 || out.nrows > 0) {
		for (int i = 0; i < out.nrows; i++) {
			const struct csv_row *row = &out.rows[i];

			if (row->n < 0 || row->n > CSV_MAX_FIELDS)
				abort();
			for (int j = 0; j < row->n; j++) {
				char letter[16], *low;
				size_t n = strlen(row->f[j]);
				int grade;

				(void)csv_iin_valid(row->f[j]);
				(void)csv_text_ok(row->f[j]);
				(void)csv_class_letter(row->f[j], letter,
					sizeof(letter));
				if (csv_class_name(row->f[j], &grade, letter,
				    sizeof(letter)) == 0 &&
				    (grade < 0 || grade > 11))
					abort();
				/* lower-casing keeps the byte length */
				low = arena_strdup(a, row->f[j]);
				csv_lower(low);
				if (strlen(low) != n)
					abort();
			}
		}
	}
	if (out.nissues > CSV_MAX_ISSUES || out.nissues > out.nissues_total)
		abort();
	arena_free(a);
	return 0;
}
