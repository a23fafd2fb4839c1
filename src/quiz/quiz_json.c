/* quiz_json.c: a test's questions and answers as JSON (quiz_json.h) */
#include "core/common.h"
#include "quiz/quiz_json.h"
#include "core/jw.h"
#include "http/jv.h"
#include "http/reply.h"

#include <math.h>

static const char *const kinds[] = { "single", "multiple", "number", "text",
	NULL };

/* An option index in [0, n) from an integer JSON value; -1 if not. */
static int
option_index(json_t *v, int n)
{
	json_int_t i;

	if (!json_is_integer(v))
		return -1;
	i = json_integer_value(v);
	return i >= 0 && i < n ? (int)i : -1;
}

/* A set of distinct option indexes as bits; 0 when not one. */
static uint32_t
option_set(json_t *v, int n)
{
	uint32_t set = 0;
	size_t i;
	json_t *x;

	if (!json_is_array(v) || json_array_size(v) == 0)
		return 0;
	json_array_foreach(v, i, x) {
		int k = option_index(x, n);

		if (k < 0 || (set & (1u << k)))
			return 0;
		set |= 1u << k;
	}
	return set;
}

static int
strings_check(struct req *r, json_t *q, const char *path, const char *name,
	int minn, int maxn)
{
	json_t *arr, *x;
	size_t i;

	if (jv_arr(r, q, path, name, JV_REQ, (size_t)maxn, &arr))
		return -1;
	if (json_array_size(arr) < (size_t)minn)
		return reply_err_field(r, ERR_INVAL, jv_field(r, path, name),
			"'%s' needs at least %d entries", name, minn), -1;
	json_array_foreach(arr, i, x) {
		const char *s = json_string_value(x);

		if (s == NULL || s[0] == '\0' || strlen(s) > QUIZ_TEXT_MAX)
			return reply_err_field(r, ERR_INVAL,
				arena_printf(r->a, "%s[%zu]",
				jv_field(r, path, name), i), "each entry must "
				"be a text of 1 to %d bytes", QUIZ_TEXT_MAX), -1;
	}
	return 0;
}

static int
question_check(struct req *r, json_t *q, const char *path, int *points)
{
	const char *text;
	int64_t pts;
	int kind;
	json_t *c;

	if (!json_is_object(q))
		return reply_err_field(r, ERR_INVAL, path, "each question must "
			"be an object"), -1;
	if (jv_only(r, q, path, "kind", "text", "points", "options",
	    "correct", "tolerance", "accepted", NULL) ||
	    jv_enum(r, q, path, "kind", JV_REQ, kinds, &kind) ||
	    jv_str(r, q, path, "text", JV_REQ, 1, 2000, &text) ||
	    jv_i64(r, q, path, "points", JV_REQ, 1, 100, &pts))
		return -1;
	*points = (int)pts;
	c = json_object_get(q, "correct");
	switch (kind) {
	case QUIZ_SINGLE:
	case QUIZ_MULTIPLE: {
		int n;

		if (strings_check(r, q, path, "options", 2, QUIZ_OPTIONS_MAX))
			return -1;
		n = (int)json_array_size(json_object_get(q, "options"));
		if (kind == QUIZ_SINGLE ? option_index(c, n) < 0 :
		    option_set(c, n) == 0)
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "correct"), kind ==
				QUIZ_SINGLE ? "'correct' must be the index of "
				"an option" : "'correct' must be an array of "
				"distinct option indexes"), -1;
		if (json_object_get(q, "tolerance") ||
		    json_object_get(q, "accepted"))
			return reply_err_field(r, ERR_INVAL, path, "a choice "
				"question has options and correct only"), -1;
		break;
	}
	case QUIZ_NUMBER: {
		json_t *t = json_object_get(q, "tolerance");

		if (!json_is_number(c) || !isfinite(json_number_value(c)))
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "correct"), "'correct' must "
				"be a number"), -1;
		if (t != NULL && (!json_is_number(t) ||
		    !(json_number_value(t) >= 0) ||
		    !isfinite(json_number_value(t))))
			return reply_err_field(r, ERR_INVAL,
				jv_field(r, path, "tolerance"), "'tolerance' "
				"must be a number >= 0"), -1;
		if (json_object_get(q, "options") ||
		    json_object_get(q, "accepted"))
			return reply_err_field(r, ERR_INVAL, path, "a number "
				"question has correct and tolerance only"), -1;
		break;
	}
	case QUIZ_TEXT:
		if (strings_check(r, q, path, "accepted", 1,
		    QUIZ_ACCEPTED_MAX))
			return -1;
		if (c || json_object_get(q, "options") ||
		    json_object_get(q, "tolerance"))
			return reply_err_field(r, ERR_INVAL, path, "a text "
				"question has accepted answers only"), -1;
		break;
	}
	return 0;
}

int
quiz_questions_check(struct req *r, json_t *arr, int *max_points)
{
	json_t *q;
	size_t i;

	*max_points = 0;
	if (json_array_size(arr) == 0)
		return reply_err_field(r, ERR_INVAL, "questions", "a test needs "
			"at least one question"), -1;
	json_array_foreach(arr, i, q) {
		int pts;

		if (question_check(r, q, arena_printf(r->a, "questions[%zu]",
		    i), &pts))
			return -1;
		*max_points += pts;
	}
	return 0;
}

static void
release(void *p)
{
	json_decref(p);
}

int
quiz_questions_load(struct arena *a, const char *text, json_t **arr,
	struct quiz_question **qs, int *n)
{
	json_t *root = json_loads(text ? text : "", 0, NULL), *q;
	size_t i;

	if (root == NULL)
		return -1;
	arena_defer(a, release, root);
	if (!json_is_array(root))
		return -1;
	*arr = root;
	*n = (int)json_array_size(root);
	*qs = arena_alloc(a, (size_t)(*n + 1) * sizeof(**qs));
	json_array_foreach(root, i, q) {
		struct quiz_question *x = &(*qs)[i];
		json_t *c = json_object_get(q, "correct"), *acc, *s;
		size_t k;

		memset(x, 0, sizeof(*x));
		x->kind = quiz_kind_parse(json_string_value(
			json_object_get(q, "kind")));
		x->points = (int)json_integer_value(json_object_get(q,
			"points"));
		x->noptions = (int)json_array_size(json_object_get(q,
			"options"));
		switch (x->kind) {
		case QUIZ_SINGLE:
			if (option_index(c, x->noptions) < 0)
				return -1;
			x->correct = 1u << option_index(c, x->noptions);
			break;
		case QUIZ_MULTIPLE:
			x->correct = option_set(c, x->noptions);
			break;
		case QUIZ_NUMBER:
			x->number = json_number_value(c);
			x->tolerance = json_number_value(json_object_get(q,
				"tolerance"));
			break;
		case QUIZ_TEXT: {
			const char **v;

			acc = json_object_get(q, "accepted");
			v = arena_alloc(a, (json_array_size(acc) + 1) *
				sizeof(*v));
			json_array_foreach(acc, k, s)
				v[k] = json_string_value(s);
			x->accepted = v;
			x->naccepted = (int)json_array_size(acc);
			break;
		}
		default:
			return -1;
		}
	}
	return 0;
}

void
quiz_json_write(struct sb *s, json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		jw_obj_begin(s);
		json_object_foreach(v, key, x) {
			jw_key(s, key);
			quiz_json_write(s, x);
		}
		jw_obj_end(s);
		break;
	case JSON_ARRAY:
		jw_arr_begin(s);
		json_array_foreach(v, i, x)
			quiz_json_write(s, x);
		jw_arr_end(s);
		break;
	case JSON_STRING:
		jw_strn(s, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		jw_i64(s, json_integer_value(v));
		break;
	case JSON_REAL:
		jw_f64(s, json_real_value(v), 6);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		jw_bool(s, json_is_true(v));
		break;
	default:
		jw_null(s);
		break;
	}
}

void
quiz_questions_write(struct sb *s, json_t *arr, bool with_key)
{
	static const char *const open[] = { "kind", "text", "points",
		"options", NULL };
	static const char *const key[] = { "correct", "tolerance",
		"accepted", NULL };
	json_t *q;
	size_t i;

	jw_arr_begin(s);
	json_array_foreach(arr, i, q) {
		jw_obj_begin(s);
		jw_kv_i64(s, "index", (int64_t)i);
		for (int k = 0; open[k]; k++) {
			json_t *v = json_object_get(q, open[k]);

			if (v == NULL)
				continue;
			jw_key(s, open[k]);
			quiz_json_write(s, v);
		}
		for (int k = 0; with_key && key[k]; k++) {
			json_t *v = json_object_get(q, key[k]);

			if (v == NULL)
				continue;
			jw_key(s, key[k]);
			quiz_json_write(s, v);
		}
		jw_obj_end(s);
	}
	jw_arr_end(s);
}

int
quiz_answer_check(const struct quiz_question *q, json_t *v, char *msg,
	size_t cap)
{
	switch (q->kind) {
	case QUIZ_SINGLE:
		if (option_index(v, q->noptions) < 0)
			return snprintf(msg, cap, "the answer must be the index "
				"of an option (0 to %d)", q->noptions - 1), -1;
		return 0;
	case QUIZ_MULTIPLE:
		if (option_set(v, q->noptions) == 0)
			return snprintf(msg, cap, "the answer must be an array "
				"of distinct option indexes"), -1;
		return 0;
	case QUIZ_NUMBER:
		if (!json_is_number(v) || !isfinite(json_number_value(v)))
			return snprintf(msg, cap, "the answer must be a "
				"number"), -1;
		return 0;
	case QUIZ_TEXT:
		if (!json_is_string(v) ||
		    json_string_length(v) > QUIZ_TEXT_MAX)
			return snprintf(msg, cap, "the answer must be a text "
				"of at most %d bytes", QUIZ_TEXT_MAX), -1;
		return 0;
	default:
		return snprintf(msg, cap, "unknown question"), -1;
	}
}

void
quiz_answer_load(const struct quiz_question *q, json_t *v,
	struct quiz_answer *a)
{
	memset(a, 0, sizeof(*a));
	if (v == NULL || json_is_null(v))
		return;
	a->given = 1;
	switch (q->kind) {
	case QUIZ_SINGLE: {
		int k = option_index(v, q->noptions);

		a->chosen = k >= 0 ? 1u << k : 0;
		break;
	}
	case QUIZ_MULTIPLE:
		a->chosen = option_set(v, q->noptions);
		break;
	case QUIZ_NUMBER:
		a->number = json_number_value(v);
		break;
	case QUIZ_TEXT:
		a->text = json_string_value(v);
		break;
	default:
		a->given = 0;
		break;
	}
}
