/* audit.h: the hash-chained log of every mark and attendance change */
#ifndef MK_AUDIT_H
#define MK_AUDIT_H

#include "core/err.h"

struct db;

/*
** Every change of a mark or an attendance entry is one entry. Its hash is
** SHA-256 over the previous entry's hash and this entry's fields (see
** audit_hash()), so rewriting any entry, or any row of marks/attendance
** without a matching entry, is found by audit_verify().
**
** what: "mark:formative", "mark:sor", "mark:soch" or "attendance".
** Values are text: a formative mark "7", a summative one "15/20", an
** attendance status "absent_sick"; NULL where there was none (set) or is
** none (removed).
*/
struct audit_entry {
	int64_t at;                     /* Unix seconds */
	int64_t person_id;              /* who changed it */
	const char *request_id;
	int64_t lesson_id, student_id;
	const char *what;
	const char *old_value, *new_value;
};

/*
** Appending takes the chain's head once per transaction:
**	audit_begin(db, &b, e); audit_add(db, &b, &ent, e) ...;
**	audit_end(db, &b, e);
** all inside the caller's write transaction (db_begin), which serialises
** writers, so the chain has no forks.
*/
struct audit_batch {
	int64_t seq;
	char hash[65];
	int added;
};

int audit_begin(struct db *db, struct audit_batch *b, struct err *e);
int audit_add(struct db *db, struct audit_batch *b,
	const struct audit_entry *ent, struct err *e);
int audit_end(struct db *db, struct audit_batch *b, struct err *e);

/* hex = SHA-256 of the canonical form of (prev, seq, ent). */
void audit_hash(const char *prev_hex, int64_t seq,
	const struct audit_entry *ent, char hex[65]);

/*
** Check the whole chain (each hash, each link, the head) and that replaying
** it gives exactly the marks and attendance stored now. Returns 0 when all
** holds; otherwise ERR_CONFLICT with e->msg naming the first entry (or
** stored row) that does not match. *checked gets the entries read.
*/
int audit_verify(struct db *db, int64_t *checked, struct err *e);

#endif
