/* fuzz_upload.c: what an upload brings besides its bytes' storage: the
** type judged by content (files/sniff.c) and the file name made into a
** Content-Disposition header (files/disposition.c) */
#include "core/common.h"
#include "core/sb.h"
#include "files/disposition.h"
#include "files/sniff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sniff_text t = { 0 };
	size_t half = size / 2;
	const char *type;
	char *name;
	struct sb s;

	/* fed in two pieces, as a streamed body arrives */
	sniff_text_feed(&t, data, half);
	sniff_text_feed(&t, data + half, size - half);
	type = sniff_type(data, size < SNIFF_HEAD ? size : SNIFF_HEAD,
		sniff_text_ok(&t));
	if (type != NULL && strchr(type, '/') == NULL)
		abort();

	/* the same bytes as a client's file name */
	name = malloc(size + 1);
	memcpy(name, data, size);
	name[size] = '\0';
	sb_init(&s, NULL, 1u << 20);
	files_disposition(&s, name);
	sb_addc(&s, '\0');
	/* a header value: printable ASCII only, no line breaks or quotes
	** inside the quoted name */
	for (size_t i = 0; i + 1 < s.len; i++)
		if ((unsigned char)s.buf[i] < 0x20 ||
		    (unsigned char)s.buf[i] >= 0x7f)
			abort();
	if (strncmp(s.buf, "attachment; filename=\"", 22) != 0)
		abort();
	if (strchr(files_base_name(name), '/') != NULL)
		abort();
	sb_release(&s);
	free(name);
	return 0;
}
