/* fuzz_params.c: what a URL brings: percent-decoding (req_unescape),
** route matching with :params (router_match), and the date and ISO week
** parameters (rules/dates.c) */
#include "core/common.h"
#include "core/arena.h"
#include "http/req.h"
#include "http/router.h"
#include "rules/dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum http_method methods[] = { HTTP_GET, HTTP_POST, HTTP_PUT,
	HTTP_PATCH, HTTP_DELETE };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req r;
	char *s;
	size_t n;
	unsigned allow;
	int32_t day, monday;
	char back[16];

	if (size == 0)
		return 0;
	memset(&r, 0, sizeof(r));
	r.a = arena_new();
	sb_init(&r.out, r.a, 1u << 20);
	s = arena_strndup(r.a, (const char *)data + 1, size - 1);
	n = req_unescape(s);
	if (n != strlen(s) || n > size - 1)
		abort();
	r.path = s;
	r.method = methods[data[0] % ARRAY_SIZE(methods)];
	if (router_match(&r, &allow) >= 0 && (r.nparams < 0 ||
	    r.nparams > REQ_MAX_PARAMS))
		abort();
	/* a parsed date formats back to the same text */
	if (date_parse(s, &day) == 0) {
		date_format(day, back);
		if (strcmp(back, s) != 0)
			abort();
	}
	if (date_parse_week(s, &monday) == 0 && date_weekday(monday) != 1)
		abort();
	arena_free(r.a);
	return 0;
}
