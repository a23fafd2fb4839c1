/* test_authz.c: the scope rules over resolved places */
#include "harness.h"
#include "auth/authz.h"
#include "auth/auth.h"

static struct auth
who(enum role role, int64_t region, int64_t district, int64_t school,
	int64_t klass, int64_t pupil)
{
	struct auth a;

	memset(&a, 0, sizeof(a));
	a.person_id = 100;
	a.ngrants = 1;
	a.grants[0] = (struct grant){ role, region, district, school, klass,
		pupil };
	return a;
}

/* pupil 7 in class 5 of school 3, district 2, region 1 */
static const struct place pupil7 = { 1, 2, 3, 5, 0, 7, false };
static const struct place school3 = { 1, 2, 3, 0, 0, 0, false };
static const struct place school9 = { 1, 4, 9, 0, 0, 0, false };

TEST(parents_see_only_their_children)
{
	struct auth mine = who(ROLE_PARENT, 1, 2, 3, 5, 7);
	struct auth other = who(ROLE_PARENT, 1, 2, 3, 5, 8);

	CHECK(authz_allows(&mine, ACC_READ, OBJ_STUDENT, &pupil7));
	CHECK(!authz_allows(&other, ACC_READ, OBJ_STUDENT, &pupil7));
	CHECK(!authz_allows(&mine, ACC_WRITE, OBJ_STUDENT, &pupil7));
}

TEST(pupils_see_themselves)
{
	struct auth self = who(ROLE_PUPIL, 1, 2, 3, 5, 7);
	struct auth mate = who(ROLE_PUPIL, 1, 2, 3, 5, 8);

	self.person_id = 7;
	mate.person_id = 8;
	CHECK(authz_allows(&self, ACC_READ, OBJ_STUDENT, &pupil7));
	CHECK(!authz_allows(&mate, ACC_READ, OBJ_STUDENT, &pupil7));
	CHECK(!authz_allows(&self, ACC_WRITE, OBJ_SCHOOL, &school3));
}

TEST(teachers_see_pupils_they_teach)
{
	struct auth t = who(ROLE_TEACHER, 1, 2, 3, 0, 0);
	struct place taught = pupil7;

	CHECK(!authz_allows(&t, ACC_READ, OBJ_STUDENT, &pupil7));
	taught.teaches = true;
	CHECK(authz_allows(&t, ACC_READ, OBJ_STUDENT, &taught));
	CHECK(authz_allows(&t, ACC_READ, OBJ_SCHOOL, &school3));
	CHECK(!authz_allows(&t, ACC_READ, OBJ_SCHOOL, &school9));
	CHECK(!authz_allows(&t, ACC_WRITE, OBJ_SCHOOL, &school3));
}

TEST(officials_by_area)
{
	struct auth d2 = who(ROLE_DISTRICT, 1, 2, 0, 0, 0);
	struct auth r1 = who(ROLE_REGION, 1, 0, 0, 0, 0);
	struct auth r2 = who(ROLE_REGION, 2, 0, 0, 0, 0);
	struct auth m = who(ROLE_MINISTRY, 0, 0, 0, 0, 0);

	CHECK(authz_allows(&d2, ACC_READ, OBJ_STUDENT, &pupil7));
	CHECK(authz_allows(&d2, ACC_READ, OBJ_REGION,
		&(struct place){ 1, 0, 0, 0, 0, 0, false }));
	CHECK(!authz_allows(&d2, ACC_WRITE, OBJ_REGION,
		&(struct place){ 1, 0, 0, 0, 0, 0, false }));
	CHECK(!authz_allows(&d2, ACC_READ, OBJ_SCHOOL, &school9));
	CHECK(authz_allows(&r1, ACC_WRITE, OBJ_SCHOOL, &school9));
	CHECK(!authz_allows(&r2, ACC_READ, OBJ_SCHOOL, &school3));
	CHECK(authz_allows(&m, ACC_WRITE, OBJ_STUDENT, &pupil7));
}

TEST(school_admin_in_own_school_only)
{
	struct auth a = who(ROLE_SCHOOL_ADMIN, 1, 2, 3, 0, 0);

	CHECK(authz_allows(&a, ACC_WRITE, OBJ_STUDENT, &pupil7));
	CHECK(authz_allows(&a, ACC_WRITE, OBJ_SCHOOL, &school3));
	CHECK(!authz_allows(&a, ACC_READ, OBJ_SCHOOL, &school9));
}

HARNESS_MAIN(parents_see_only_their_children, pupils_see_themselves,
	teachers_see_pupils_they_teach, officials_by_area,
	school_admin_in_own_school_only)
