/* user.c: `mektep user add|passwd`: bootstrap accounts from the shell */
#include "core/common.h"
#include "cli/cli.h"
#include "auth/password.h"
#include "auth/revocations.h"
#include "db/db.h"

#include <getopt.h>
#include <time.h>

static const char user_usage[] =
"usage: mektep user add --db PATH --login L --name NAME --role ROLE "
"[--scope ID]\n"
"       mektep user passwd --db PATH --login L\n"
"ROLE is ministry, region (scope: region id), district (district id),\n"
"school_admin or teacher (school id). The password is read from\n"
"MEKTEP_PASSWORD or the first line of standard input.\n";

/* The new password: MEKTEP_PASSWORD, else one line of stdin. */
static void
read_password(char *buf, size_t cap)
{
	const char *env = getenv("MEKTEP_PASSWORD");
	size_t len;

	if (env != NULL) {
		snprintf(buf, cap, "%s", env);
	} else if (fgets(buf, (int)cap, stdin) == NULL) {
		die("no password: set MEKTEP_PASSWORD or give it on stdin");
	}
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	if (len < 8)
		die("the password must be at least 8 characters long");
}

static struct query q_person_add = QUERY(
	"INSERT INTO people (full_name, login, pw_hash, created_at) "
	"VALUES (?1, ?2, ?3, ?4) RETURNING id");
static struct query q_role_add = QUERY(
	"INSERT INTO roles (person_id, role, region_id, district_id, "
	"school_id) VALUES (?1, ?2, ?3, ?4, ?5)");
static struct query q_passwd = QUERY(
	"UPDATE people SET pw_hash = ?2 WHERE login = ?1 RETURNING id");

static int
user_add(struct db *db, const char *login, const char *name,
	const char *role, int64_t scope)
{
	static const char *const roles[] = { "ministry", "region", "district",
		"school_admin", "teacher" };
	char pw[256], hash[PASSWORD_HASH_MAX];
	struct db_stmt *st;
	struct err e = { 0 };
	int64_t id;
	int ri = -1;

	for (int i = 0; i < (int)ARRAY_SIZE(roles); i++)
		if (strcmp(roles[i], role) == 0)
			ri = i;
	if (ri < 0)
		die("'--role' must be one of ministry, region, district, "
			"school_admin, teacher, not '%s'", role);
	if (ri > 0 && scope <= 0)
		die("the role '%s' needs '--scope ID'", role);
	read_password(pw, sizeof(pw));
	if (password_hash(pw, hash) != 0)
		die("cannot hash the password");
	if (db_begin(db, &e) != 0)
		die("%s", e.msg);
	st = db_prep(db, &q_person_add, &e);
	if (st == NULL)
		die("%s", e.msg);
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, login);
	db_bind_text(st, 3, hash);
	db_bind_i64(st, 4, (int64_t)time(NULL));
	if (db_step(st, &e) != DB_ROW)
		die("cannot add '%s': %s", login, e.code == ERR_CONFLICT ?
			"the login is taken" : e.msg);
	id = db_col_i64(st, 0);
	st = db_prep(db, &q_role_add, &e);
	if (st == NULL)
		die("%s", e.msg);
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, role);
	for (int i = 3; i <= 5; i++) {
		if (ri == i - 2 || (ri == 4 && i == 5))
			db_bind_i64(st, i, scope);
		else
			db_bind_null(st, i);
	}
	if (db_exec(st, &e) != DB_DONE)
		die("cannot give '%s' the role '%s': %s", login, role,
			e.code == ERR_CONFLICT ? "no such scope" : e.msg);
	if (db_commit(db, &e) != 0)
		die("%s", e.msg);
	printf("user '%s' added with id %lld\n", login, (long long)id);
	return 0;
}

static int
user_passwd(struct db *db, const char *login)
{
	char pw[256], hash[PASSWORD_HASH_MAX];
	struct db_stmt *st;
	struct err e = { 0 };
	int64_t id;
	int rc;

	read_password(pw, sizeof(pw));
	if (password_hash(pw, hash) != 0)
		die("cannot hash the password");
	if (db_begin(db, &e) != 0)
		die("%s", e.msg);
	st = db_prep(db, &q_passwd, &e);
	if (st == NULL)
		die("%s", e.msg);
	db_bind_text(st, 1, login);
	db_bind_text(st, 2, hash);
	rc = db_step(st, &e);
	if (rc < 0)
		die("%s", e.msg);
	if (rc != DB_ROW)
		die("no user with the login '%s'", login);
	id = db_col_i64(st, 0);
	/* a new password ends every session of the old one, on every
	** server at once (revocations.h) */
	if (revocation_end_sessions(db, id, &e) != 0 ||
	    db_commit(db, &e) != 0)
		die("%s", e.msg);
	printf("password of '%s' changed\n", login);
	return 0;
}

int
cmd_user(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "login", required_argument, NULL, 'l' },
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "scope", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = cli_env("db", NULL), *login = cli_env("login", NULL);
	const char *name = cli_env("name", NULL), *role = cli_env("role", NULL);
	const char *scope = cli_env("scope", "0");
	const char *sub = argc > 1 ? argv[1] : "";
	struct db *db;
	int c, rc;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'd': url = optarg; break;
		case 'l': login = optarg; break;
		case 'n': name = optarg; break;
		case 'r': role = optarg; break;
		case 's': scope = optarg; break;
		default: fputs(user_usage, stderr); return 2;
		}
	}
	if ((strcmp(sub, "add") != 0 && strcmp(sub, "passwd") != 0) ||
	    login == NULL || (strcmp(sub, "add") == 0 &&
	    (name == NULL || role == NULL))) {
		fputs(user_usage, stderr);
		return 2;
	}
	if (password_init() != 0)
		die("cannot initialise libsodium");
	db = cli_open_db(url);
	if (strcmp(sub, "add") == 0)
		rc = user_add(db, login, name, role, cli_long("scope", scope,
			0, LONG_MAX));
	else
		rc = user_passwd(db, login);
	db_close(db);
	return rc;
}
