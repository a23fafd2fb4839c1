/* auth.h: who is asking: sessions, roles with their scope */
#ifndef MK_AUTH_H
#define MK_AUTH_H

#include "http/req.h"

enum role {
	ROLE_MINISTRY,
	ROLE_REGION,
	ROLE_DISTRICT,
	ROLE_SCHOOL_ADMIN,
	ROLE_TEACHER,
	ROLE_CLASS_TEACHER,
	ROLE_PARENT,
	ROLE_PUPIL,
	ROLE_COUNT
};

/*
** One grant of a role with where it holds. The scope ids above the one
** that defines the grant are filled in too (a teacher's grant carries the
** school's district and region), 0 where none applies. A parent has one
** grant per child (pupil_id, and the child's class and school).
*/
struct grant {
	enum role role;
	int64_t region_id, district_id, school_id, class_id, pupil_id;
};

#define AUTH_MAX_GRANTS 32

struct auth {
	int64_t person_id;
	const char *full_name;
	const char *csrf;
	const char *token_hash;         /* hex SHA-256 of the session token */
	int64_t wrote_at_ms;            /* the session's last write, 0: none */
	bool wrote_noted;               /* auth_note_write() done */
	bool via_cookie;
	int ngrants;
	struct grant grants[AUTH_MAX_GRANTS];
};

#define SESSION_COOKIE "mektep_session"
#define SESSION_TTL_S (14 * 86400)

const char *role_name(enum role role);

/*
** Load the caller's session into r->auth from `Authorization: Bearer` or
** the session cookie. A cookie session must carry X-CSRF-Token on every
** request that changes state. On failure answers 401 (or 403 for CSRF)
** and returns non-zero. Renews the session's expiry (sliding) at most
** once a day.
*/
int auth_session(struct req *r);

/*
** Note in the session's row that it writes now (wrote_at, migration
** 0020), inside the caller's transaction when there is one, so that its
** next reads go to the primary rather than a replica that may lack the
** write (db/replica.h). PostgreSQL only (SQLite has no replicas); a no-op
** without a session or when this request has noted it already.
*/
int auth_note_write(struct db *db, struct auth *a, struct err *e);

/* Now, in milliseconds since the epoch (the clock wrote_at_ms uses). */
int64_t auth_now_ms(void);

/* Load the grants of person into a (used by login and auth_session). */
int auth_load_grants(struct req *r, struct auth *a);

/* Write the roles array of /me and of login's user. */
void auth_write_roles(struct req *r, const struct auth *a);

/* Session tokens: 32 random bytes, base64url; stored as hex SHA-256. */
void auth_token_new(char *token, size_t cap);           /* cap >= 48 */
void auth_token_hash(const char *token, char *hex);     /* 65 bytes */

#endif
