/* audit.c: appending to and verifying the audit hash chain */
#include "core/common.h"
#include "journal/audit.h"
#include "db/db.h"
#include "core/sb.h"

#include <sodium.h>

static struct query q_head = QUERY(
	"SELECT seq, hash FROM audit_head WHERE id = 1");
static struct query q_head_set = QUERY(
	"UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1");
static struct query q_add = QUERY(
	"INSERT INTO audit_log (seq, at, person_id, request_id, lesson_id, "
	"student_id, what, old_value, new_value, prev_hash, hash) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");

/*
** The canonical form: fields joined by '\x1f' (unit separator), NULL as
** '\x00'-free marker "\x1e" (record separator), so that NULL, "" and any
** text differ. Nothing in a field can contain these bytes: values are
** numbers, statuses and request ids.
*/
static void
audit_field(crypto_hash_sha256_state *st, const char *s)
{
	static const unsigned char us = 0x1f, rs = 0x1e;

	if (s == NULL)
		crypto_hash_sha256_update(st, &rs, 1);
	else
		crypto_hash_sha256_update(st, (const unsigned char *)s,
			strlen(s));
	crypto_hash_sha256_update(st, &us, 1);
}

static void
audit_field_i64(crypto_hash_sha256_state *st, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	audit_field(st, buf);
}

void
audit_hash(const char *prev_hex, int64_t seq, const struct audit_entry *ent,
	char hex[65])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	audit_field(&st, prev_hex);
	audit_field_i64(&st, seq);
	audit_field_i64(&st, ent->at);
	audit_field_i64(&st, ent->person_id);
	audit_field(&st, ent->request_id);
	audit_field_i64(&st, ent->lesson_id);
	audit_field_i64(&st, ent->student_id);
	audit_field(&st, ent->what);
	audit_field(&st, ent->old_value);
	audit_field(&st, ent->new_value);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

int
audit_begin(struct db *db, struct audit_batch *b, struct err *e)
{
	struct db_stmt *st = db_prep(db, &q_head, e);
	int rc;

	if (st == NULL)
		return ERR_DB;
	if ((rc = db_step(st, e)) != DB_ROW)
		return rc < 0 ? rc : err_set(e, ERR_DB, "no audit head");
	b->seq = db_col_i64(st, 0);
	snprintf(b->hash, sizeof(b->hash), "%s", db_col_text(st, 1));
	b->added = 0;
	return 0;
}

int
audit_add(struct db *db, struct audit_batch *b, const struct audit_entry *ent,
	struct err *e)
{
	struct db_stmt *st = db_prep(db, &q_add, e);
	char hex[65];
	int64_t seq = b->seq + 1;

	if (st == NULL)
		return ERR_DB;
	audit_hash(b->hash, seq, ent, hex);
	db_bind_i64(st, 1, seq);
	db_bind_i64(st, 2, ent->at);
	db_bind_i64(st, 3, ent->person_id);
	db_bind_text(st, 4, ent->request_id);
	db_bind_i64(st, 5, ent->lesson_id);
	db_bind_i64(st, 6, ent->student_id);
	db_bind_text(st, 7, ent->what);
	db_bind_text(st, 8, ent->old_value);
	db_bind_text(st, 9, ent->new_value);
	db_bind_text(st, 10, b->hash);
	db_bind_text(st, 11, hex);
	if (db_exec(st, e) != DB_DONE)
		return e ? e->code : ERR_DB;
	b->seq = seq;
	memcpy(b->hash, hex, sizeof(b->hash));
	b->added++;
	return 0;
}

int
audit_end(struct db *db, struct audit_batch *b, struct err *e)
{
	struct db_stmt *st;

	if (b->added == 0)
		return 0;
	if ((st = db_prep(db, &q_head_set, e)) == NULL)
		return ERR_DB;
	db_bind_i64(st, 1, b->seq);
	db_bind_text(st, 2, b->hash);
	return db_exec(st, e) == DB_DONE ? 0 : (e ? e->code : ERR_DB);
}

/* ---------------------------------------------------------------- */

static struct query q_walk = QUERY(
	"SELECT seq, at, person_id, request_id, lesson_id, student_id, what, "
	"old_value, new_value, prev_hash, hash FROM audit_log ORDER BY seq");

/*
** The state the chain says should be stored, compared with what is
** stored: both sides sorted by (lesson, student, what), merged; "what"
** in byte order (COLLATE "C"), as strcmp() compares it, on every store.
*/
static struct query q_replay = QUERY(
	"SELECT a.lesson_id, a.student_id, a.what, a.new_value, a.seq "
	"FROM audit_log a JOIN (SELECT lesson_id, student_id, what, "
	"MAX(seq) AS seq FROM audit_log GROUP BY lesson_id, student_id, what) "
	"last ON last.seq = a.seq WHERE a.new_value IS NOT NULL "
	"ORDER BY a.lesson_id, a.student_id, a.what COLLATE \"C\"");
static struct query q_stored = QUERY(
	"SELECT lesson_id, student_id, ('mark:' || kind) COLLATE \"C\", "
	"CASE WHEN kind = 'formative' THEN CAST(value AS TEXT) "
	"ELSE CAST(value AS TEXT) || '/' || CAST(max AS TEXT) END "
	"FROM marks UNION ALL "
	"SELECT lesson_id, student_id, 'attendance' COLLATE \"C\", status "
	"FROM attendance "
	"ORDER BY 1, 2, 3");

static int
key_cmp(int64_t l1, int64_t s1, const char *w1, int64_t l2, int64_t s2,
	const char *w2)
{
	if (l1 != l2)
		return l1 < l2 ? -1 : 1;
	if (s1 != s2)
		return s1 < s2 ? -1 : 1;
	return strcmp(w1, w2);
}

static int
verify_state(struct db *db, struct err *e)
{
	struct db_stmt *a = db_prep(db, &q_replay, e);
	struct db_stmt *b = db_prep(db, &q_stored, e);
	int ra, rb;

	if (a == NULL || b == NULL)
		return ERR_DB;
	ra = db_step(a, e);
	rb = db_step(b, e);
	while (ra == DB_ROW || rb == DB_ROW) {
		int c;

		if (ra < 0 || rb < 0)
			return ra < 0 ? ra : rb;
		if (ra != DB_ROW)
			c = 1;
		else if (rb != DB_ROW)
			c = -1;
		else
			c = key_cmp(db_col_i64(a, 0), db_col_i64(a, 1),
				db_col_text(a, 2), db_col_i64(b, 0),
				db_col_i64(b, 1), db_col_text(b, 2));
		if (c < 0)
			return err_set(e, ERR_CONFLICT, "entry %lld: %s of "
				"pupil %lld in lesson %lld is '%s' in the log "
				"but missing from the journal",
				(long long)db_col_i64(a, 4), db_col_text(a, 2),
				(long long)db_col_i64(a, 1),
				(long long)db_col_i64(a, 0), db_col_text(a, 3));
		if (c > 0)
			return err_set(e, ERR_CONFLICT, "%s of pupil %lld in "
				"lesson %lld is '%s' in the journal but no "
				"entry of the log set it", db_col_text(b, 2),
				(long long)db_col_i64(b, 1),
				(long long)db_col_i64(b, 0), db_col_text(b, 3));
		if (strcmp(db_col_text(a, 3), db_col_text(b, 3)) != 0)
			return err_set(e, ERR_CONFLICT, "entry %lld: %s of "
				"pupil %lld in lesson %lld is '%s' in the log "
				"but '%s' in the journal",
				(long long)db_col_i64(a, 4), db_col_text(a, 2),
				(long long)db_col_i64(a, 1),
				(long long)db_col_i64(a, 0), db_col_text(a, 3),
				db_col_text(b, 3));
		ra = db_step(a, e);
		rb = db_step(b, e);
	}
	return ra < 0 ? ra : rb < 0 ? rb : 0;
}

static int audit_verify_snapshot(struct db *db, int64_t *checked,
	struct err *e);

/* Chain, head and journal are all read from one snapshot, so a server
** writing meanwhile cannot make them disagree. */
int
audit_verify(struct db *db, int64_t *checked, struct err *e)
{
	int rc;

	*checked = 0;
	if ((rc = db_begin_read(db, e)) != 0)
		return rc;
	rc = audit_verify_snapshot(db, checked, e);
	db_rollback(db);
	return rc;
}

static int
audit_verify_snapshot(struct db *db, int64_t *checked, struct err *e)
{
	struct db_stmt *st = db_prep(db, &q_walk, e);
	char prev[65] = "0000000000000000000000000000000000000000000000000000"
		"000000000000", hex[65];
	int64_t n = 0, expect = 1;
	struct audit_batch head;
	int rc;

	*checked = 0;
	if (st == NULL)
		return ERR_DB;
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct audit_entry ent;
		int64_t seq = db_col_i64(st, 0);

		ent.at = db_col_i64(st, 1);
		ent.person_id = db_col_i64(st, 2);
		ent.request_id = db_col_text(st, 3);
		ent.lesson_id = db_col_i64(st, 4);
		ent.student_id = db_col_i64(st, 5);
		ent.what = db_col_text(st, 6);
		ent.old_value = db_col_text(st, 7);
		ent.new_value = db_col_text(st, 8);
		if (seq != expect)
			return err_set(e, ERR_CONFLICT, "entry %lld is "
				"missing: the log jumps to %lld",
				(long long)expect, (long long)seq);
		if (strcmp(db_col_text(st, 9), prev) != 0)
			return err_set(e, ERR_CONFLICT, "entry %lld does not "
				"link to entry %lld", (long long)seq,
				(long long)seq - 1);
		audit_hash(prev, seq, &ent, hex);
		if (strcmp(db_col_text(st, 10), hex) != 0)
			return err_set(e, ERR_CONFLICT, "entry %lld was "
				"changed: its hash does not match its content",
				(long long)seq);
		memcpy(prev, hex, sizeof(prev));
		expect++;
		n++;
	}
	if (rc < 0)
		return rc;
	*checked = n;
	if ((rc = audit_begin(db, &head, e)) != 0)
		return rc;
	if (head.seq != n || strcmp(head.hash, prev) != 0)
		return err_set(e, ERR_CONFLICT, "the log ends at entry %lld "
			"but its head says %lld: entries were removed or added "
			"around it", (long long)n, (long long)head.seq);
	return verify_state(db, e);
}
