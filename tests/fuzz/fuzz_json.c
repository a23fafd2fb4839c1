/* fuzz_json.c: a request body as handlers decode it: req_json() (UTF-8,
** jansson, duplicates refused) and the jv_*() field checks */
#include "core/common.h"
#include "core/arena.h"
#include "http/jv.h"
#include "http/req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const modes[] = { "in_person", "online_sync",
	"online_async", "tv", NULL };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req r;
	json_t *body, *arr;

	memset(&r, 0, sizeof(r));
	r.a = arena_new();
	sb_init(&r.body, r.a, 1u << 20);
	sb_init(&r.out, r.a, 1u << 20);
	sb_add(&r.body, (const char *)data, size);
	if ((body = req_json(&r)) != NULL) {
		const char *s, *d;
		int64_t n;
		bool b;
		int idx;

		/* a status is always given when a check refuses */
		if (jv_only(&r, body, NULL, "topic", "n", "b", "mode", "date",
		    "marks", NULL) && r.status == 0)
			abort();
		(void)jv_str(&r, body, NULL, "topic", JV_NULL, 0, 500, &s);
		(void)jv_i64(&r, body, NULL, "n", JV_OPT, -5, 10, &n);
		(void)jv_bool(&r, body, NULL, "b", JV_OPT, &b);
		(void)jv_enum(&r, body, NULL, "mode", JV_OPT, modes, &idx);
		(void)jv_date(&r, body, NULL, "date", JV_OPT, &d);
		if (jv_arr(&r, body, NULL, "marks", JV_OPT, 50, &arr) == 0 &&
		    arr != NULL) {
			size_t i;
			json_t *e;

			json_array_foreach(arr, i, e) {
				if (json_is_object(e))
					(void)jv_i64(&r, e, "marks", "value",
						JV_REQ, 1, 10, &n);
			}
		}
	} else if (r.status != 400) {
		abort();                /* a refused body is a 400 */
	}
	arena_free(r.a);
	return 0;
}
