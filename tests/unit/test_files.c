/* test_files.c: type sniffing by content, Content-Disposition names, the
** durable write of a blob, and the time parser of due times */
#include "harness.h"
#include "files/sniff.h"
#include "files/disposition.h"
#include "files/store.h"
#include "assign/assign.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *
sniff(const void *p, size_t len)
{
	struct sniff_text t = { 0 };

	sniff_text_feed(&t, p, len);
	return sniff_type(p, len, sniff_text_ok(&t));
}

#define SNIFF(lit) sniff((lit), sizeof(lit) - 1)

/* A ZIP local file header for a member named name, with no data. */
static size_t
zip_member(unsigned char *out, const char *name, const char *data)
{
	size_t n = strlen(name), d = strlen(data);

	memset(out, 0, 30);
	memcpy(out, "PK\x03\x04", 4);
	out[26] = (unsigned char)n;
	out[18] = out[22] = (unsigned char)d;
	memcpy(out + 30, name, n);
	memcpy(out + 30 + n, data, d);
	return 30 + n + d;
}

TEST(magic_bytes)
{
	CHECK_EQ_STR(SNIFF("%PDF-1.7\n..."), "application/pdf");
	CHECK_EQ_STR(SNIFF("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png");
	CHECK_EQ_STR(SNIFF("\xff\xd8\xff\xe0\0\x10JFIF"), "image/jpeg");
	/* the name says nothing: an executable, a GIF, HTML */
	CHECK(SNIFF("MZ\x90\0\3\0\0\0") == NULL);
	CHECK(SNIFF("GIF89a\1\0\1\0") == NULL);
	/* a lesson's recording */
	CHECK_EQ_STR(SNIFF("\0\0\0\x20" "ftypisom\0\0\2\0isomiso2avc1mp41"),
		"video/mp4");
	CHECK_EQ_STR(SNIFF("\0\0\0\x1c" "ftypM4A \0\0\0\0"), "audio/mp4");
	CHECK(SNIFF("\0\0\0\x14" "ftypheic\0\0\0\0") == NULL);  /* HEIF */
	CHECK_EQ_STR(SNIFF("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7"
		"\x81\x01\x42\x82\x84webm\x42\x87"), "video/webm");
	CHECK(SNIFF("\x1a\x45\xdf\xa3\x9f\x42\x82\x88matroska") == NULL);
	CHECK_EQ_STR(SNIFF("ID3\x04\0\0\0\0\0\x23TSSE"), "audio/mpeg");
	CHECK_EQ_STR(SNIFF("ID3 tags are metadata\n"),
		"text/plain; charset=utf-8");
	/* a magic cut short is no magic: that is just text */
	CHECK_EQ_STR(SNIFF("%PD"), "text/plain; charset=utf-8");
	CHECK(sniff("", 0) == NULL);
}

TEST(plain_text)
{
	const char *kk = "Үй жұмысы: ә ғ қ ң ө ұ ү һ і\r\n\tбет 12\f\n";
	struct sniff_text t = { 0 };

	CHECK_EQ_STR(sniff(kk, strlen(kk)), "text/plain; charset=utf-8");
	CHECK_EQ_STR(SNIFF("\xef\xbb\xbfwith a BOM\n"),
		"text/plain; charset=utf-8");
	/* NUL, other controls, bad UTF-8: not text */
	CHECK(SNIFF("a\0b") == NULL);
	CHECK(SNIFF("a\x1b[31m") == NULL);
	CHECK(SNIFF("a\x7f") == NULL);
	CHECK(SNIFF("caf\xe9") == NULL);                /* Latin-1 */
	CHECK(SNIFF("\xc0\xaf") == NULL);               /* overlong '/' */
	CHECK(SNIFF("\xed\xa0\x80") == NULL);           /* a surrogate */
	CHECK(SNIFF("\xf4\x90\x80\x80") == NULL);       /* past U+10FFFF */
	CHECK(SNIFF("\xd2") == NULL);                   /* cut short */
	/* fed in pieces, a sequence split between them is still whole */
	sniff_text_feed(&t, (const unsigned char *)"\xd2", 1);
	CHECK(!sniff_text_ok(&t));
	sniff_text_feed(&t, (const unsigned char *)"\x9b\n", 2);
	CHECK(sniff_text_ok(&t));
}

TEST(office_archives)
{
	unsigned char buf[512];
	size_t n;

	n = zip_member(buf, "[Content_Types].xml", "<Types/>");
	n += zip_member(buf + n, "word/document.xml", "<w/>");
	CHECK_EQ_STR(sniff_type(buf, n, false), "application/vnd."
		"openxmlformats-officedocument.wordprocessingml.document");
	n = zip_member(buf, "[Content_Types].xml", "<Types/>");
	n += zip_member(buf + n, "xl/workbook.xml", "<w/>");
	CHECK_EQ_STR(sniff_type(buf, n, false), "application/vnd."
		"openxmlformats-officedocument.spreadsheetml.sheet");
	n = zip_member(buf, "ppt/presentation.xml", "<p/>");
	CHECK_EQ_STR(sniff_type(buf, n, false), "application/vnd."
		"openxmlformats-officedocument.presentationml.presentation");
	n = zip_member(buf, "mimetype",
		"application/vnd.oasis.opendocument.text");
	n += zip_member(buf + n, "content.xml", "<c/>");
	CHECK_EQ_STR(sniff_type(buf, n, false),
		"application/vnd.oasis.opendocument.text");
	n = zip_member(buf, "mimetype",
		"application/vnd.oasis.opendocument.spreadsheet");
	CHECK_EQ_STR(sniff_type(buf, n, false),
		"application/vnd.oasis.opendocument.spreadsheet");
	/* any other archive is refused */
	n = zip_member(buf, "mimetype", "application/epub+zip");
	CHECK(sniff_type(buf, n, false) == NULL);
	n = zip_member(buf, "run.exe", "MZ");
	CHECK(sniff_type(buf, n, false) == NULL);
	n = zip_member(buf, "word", "");                /* no folder */
	CHECK(sniff_type(buf, n, false) == NULL);
	/* a header cut by the end of the head is not read past it */
	n = zip_member(buf, "word/document.xml", "");
	CHECK(sniff_type(buf, 40, false) == NULL);
}

static const char *
disposition(const char *name)
{
	static char out[1024];
	struct sb s;

	sb_init(&s, NULL, sizeof(out) - 1);
	files_disposition(&s, name);
	snprintf(out, sizeof(out), "%s", s.buf);
	sb_release(&s);
	return out;
}

TEST(content_disposition)
{
	CHECK_EQ_STR(disposition("report.pdf"),
		"attachment; filename=\"report.pdf\"");
	CHECK_EQ_STR(disposition("Үй.pdf"), "attachment; "
		"filename=\"____.pdf\"; filename*=UTF-8''%D2%AE%D0%B9.pdf");
	/* quotes, backslashes, header breaks and paths go */
	CHECK_EQ_STR(disposition("a\"b.txt"), "attachment; "
		"filename=\"a_b.txt\"; filename*=UTF-8''a%22b.txt");
	CHECK_EQ_STR(disposition("a\r\nSet-Cookie: x=1"), "attachment; "
		"filename=\"a__Set-Cookie: x=1\"; "
		"filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x%3D1");
	CHECK_EQ_STR(disposition("../../etc/passwd"),
		"attachment; filename=\"passwd\"");
	CHECK_EQ_STR(disposition("C:\\Users\\me\\a b;c.txt"), "attachment; "
		"filename=\"a b_c.txt\"; filename*=UTF-8''a%20b%3Bc.txt");
	CHECK_EQ_STR(disposition("100%.txt"), "attachment; "
		"filename=\"100_.txt\"; filename*=UTF-8''100%25.txt");
	CHECK_EQ_STR(disposition("dir/"), "attachment; filename=\"file\"");
	CHECK_EQ_STR(files_base_name("a/b\\c.pdf"), "c.pdf");
}

TEST(blob_write)
{
	char dir[] = "/tmp/mektep-files-XXXXXX", hex[65], path[512];
	struct files_config c = { dir, 16, 64 };
	unsigned char head[SNIFF_HEAD];
	struct files_stream s;
	struct err e = { 0 };
	struct stat st;
	uint64_t size;
	int fd;

	CHECK(sodium_init() >= 0);
	CHECK(mkdtemp(dir) != NULL);
	CHECK_EQ_INT(files_init(&c, &e), 0);
	CHECK_EQ_INT(files_stream_open(&s, head, &e), 0);
	files_stream_write(&s, "abc", 3);
	CHECK_EQ_INT(files_stream_commit(&s, hex, &e), 0);
	/* sha256("abc") */
	CHECK_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223"
		"b00361a396177a9cb410ff61f20015ad");
	snprintf(path, sizeof(path), "%s/blobs/ba/%s", dir, hex);
	CHECK(stat(path, &st) == 0 && st.st_size == 3);
	fd = files_blob_open(hex, &size, &e);
	CHECK(fd >= 0 && size == 3);
	if (fd >= 0)
		close(fd);
	/* past max_file: nothing is kept, not even the temporary file */
	CHECK_EQ_INT(files_stream_open(&s, head, &e), 0);
	files_stream_write(&s, "0123456789", 10);
	files_stream_write(&s, "0123456789", 10);
	CHECK(s.too_big && s.fd == -1);
	CHECK(access(s.tmp, F_OK) != 0);
	/* a server's leftovers are removed at start, a live one's kept */
	snprintf(path, sizeof(path), "%s/tmp/999999999-1.part", dir);
	fclose(fopen(path, "w"));
	CHECK_EQ_INT(files_init(&c, &e), 0);
	CHECK(access(path, F_OK) != 0);
	snprintf(path, sizeof(path), "%s/tmp/1-1.part", dir);  /* init */
	fclose(fopen(path, "w"));
	CHECK_EQ_INT(files_init(&c, &e), 0);
	CHECK(access(path, F_OK) == 0);
	unlink(path);
	snprintf(path, sizeof(path), "%s/blobs/ba/%s", dir, hex);
	unlink(path);
	snprintf(path, sizeof(path), "%s/blobs/ba", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/blobs", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/tmp", dir);
	rmdir(path);
	rmdir(dir);
}

TEST(due_times)
{
	int64_t t;

	CHECK_EQ_INT(assign_parse_time("2026-11-24T18:00:00Z", &t), 0);
	CHECK_EQ_INT(t, 1795543200);
	CHECK_EQ_INT(assign_parse_time("2026-11-24T23:00:00+05:00", &t), 0);
	CHECK_EQ_INT(t, 1795543200);
	CHECK_EQ_INT(assign_parse_time("2026-11-24T18:00Z", &t), 0);
	CHECK_EQ_INT(t, 1795543200);
	CHECK(assign_parse_time("2026-02-29T10:00:00Z", &t) != 0);
	CHECK(assign_parse_time("2026-11-24 18:00:00Z", &t) != 0);
	CHECK(assign_parse_time("2026-11-24T18:00:00", &t) != 0);
	CHECK(assign_parse_time("2026-11-24T24:00:00Z", &t) != 0);
	CHECK(assign_parse_time("2026-11-24T18:00:00Zjunk", &t) != 0);
	CHECK(assign_parse_time("", &t) != 0);
}

HARNESS_MAIN(magic_bytes, plain_text, office_archives, content_disposition,
	blob_write, due_times)
