/* scope.c: the scope=KIND:ID parameter of the reports */
#include "core/common.h"
#include "api/scope.h"

const char *const scope_names[SCOPE_COUNT] = { "region", "district",
	"school", "class" };
const enum obj_kind scope_objs[SCOPE_COUNT] = { OBJ_REGION, OBJ_DISTRICT,
	OBJ_SCHOOL, OBJ_CLASS };

int
scope_parse(const char *s, int *level, int64_t *id)
{
	const char *colon = s ? strchr(s, ':') : NULL;
	int64_t v = 0;
	int lv;

	if (colon == NULL)
		return -1;
	for (lv = 0; lv < SCOPE_COUNT; lv++)
		if (strlen(scope_names[lv]) == (size_t)(colon - s) &&
		    strncmp(s, scope_names[lv], (size_t)(colon - s)) == 0)
			break;
	if (lv == SCOPE_COUNT || colon[1] == '\0' || colon[1] == '0')
		return -1;
	for (const char *p = colon + 1; *p; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	*level = lv;
	*id = v;
	return 0;
}
