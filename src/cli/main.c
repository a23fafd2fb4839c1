/* main.c: the mektep command: serve, migrate, demo, user, version */
#include "core/common.h"
#include "core/log.h"
#include "db/db.h"
#include "db/replica.h"
#include "http/server.h"
#include "auth/password.h"
#include "demo/demo.h"
#include "rules/dates.h"
#include "cli/cli.h"
#include "journal/school_cal.h"
#include "files/store.h"
#include "api/online.h"

#include <getopt.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
"usage: mektep <command> [options]\n"
"\n"
"commands:\n"
"  serve     --db PATH --listen HOST:PORT [--threads N] [--timeout S]\n"
"            [--max-body BYTES] [--quiet] [--today YYYY-MM-DD]\n"
"            [--cache-mb MB] (answers kept in memory; 0: none)\n"
"            [--commit-window-ms MS] (write requests share a commit for\n"
"            up to MS; -1: each commits alone; docs/ARCHITECTURE.md)\n"
"            [--data-dir DIR] (uploaded files; default: beside --db)\n"
"            [--max-file BYTES] [--max-handin BYTES]\n"
"            [--bbb-url URL --bbb-secret S] (BigBlueButton join links)\n"
"            [--max-inflight N] [--queue-timeout-ms MS] [--max-conns N]\n"
"            [--per-address-conns N] [--trusted-proxy ADDR]...\n"
"            [--request-timeout S] [--min-rate BYTES/S] (overload and\n"
"            slow clients: docs/OVERLOAD.md; 0 turns a limit off)\n"
"            [--db-replica URL]... [--replica-max-lag S] (PostgreSQL\n"
"            standbys that serve reads; MEKTEP_DB_REPLICA: comma-separated)\n"
"                                             serve the web page and API\n"
"  migrate   --db PATH                        apply database migrations\n"
"  demo      --db PATH [--schools N] [--seed S] [--today YYYY-MM-DD]\n"
"                                             create a demo region\n"
"  demo-logins                                print the demo logins\n"
"  gen       --db PATH (--pupils N | --scale F) [--seed S] [--today D]\n"
"                                             a generated country\n"
"  user add  --db PATH --login L --name NAME --role ROLE [--scope ID]\n"
"            (password from MEKTEP_PASSWORD or the first line of stdin)\n"
"  user passwd --db PATH --login L            set a new password\n"
"  audit verify --db PATH                     check the audit chain\n"
"  backup    --db PATH --to FILE              a consistent copy, while\n"
"                                             servers run (SQLite)\n"
"  files gc  --db PATH [--data-dir DIR] [--grace S] [--dry-run]\n"
"                                             remove unused stored files\n"
"  --version, --help\n"
"\n"
"Every option can also be set in the environment: --db as MEKTEP_DB,\n"
"--listen as MEKTEP_LISTEN, --threads as MEKTEP_THREADS, and so on\n"
"(MEKTEP_ and the option's name in capitals, '-' as '_').\n";

/*
** The overload and slow-client options (docs/OVERLOAD.md): from the
** environment first (MEKTEP_TRUSTED_PROXY: comma-separated), then from
** the command line, where each --trusted-proxy adds one.
*/
#define MAX_TRUSTED 16
static const char *trusted[MAX_TRUSTED];
static char *trusted_env;

static void
serve_limit(struct server_opts *o, const struct option *lo, int c,
	const char *v)
{
	const char *name = NULL;

	for (int i = 0; lo[i].name != NULL; i++)
		if (lo[i].val == c)
			name = lo[i].name;
	switch (c) {
	case 'I': o->max_inflight = (int)cli_long(name, v, 0, 1000000); break;
	case 'Q': o->queue_timeout_ms = (int)cli_long(name, v, 0, 3600000);
		break;
	case 'M': o->max_conns = (int)cli_long(name, v, 0, 1000000); break;
	case 'A': o->per_address_conns = (int)cli_long(name, v, 0, 1000000);
		break;
	case 'R': o->request_timeout_s = (int)cli_long(name, v, 0, 3600);
		break;
	case 'N': o->min_rate = (int)cli_long(name, v, 0, 1L << 30); break;
	case 'P':
		if (o->ntrusted == MAX_TRUSTED)
			die("at most %d '--trusted-proxy'", MAX_TRUSTED);
		trusted[o->ntrusted++] = v;
		o->trusted = trusted;
		break;
	}
}

static void
serve_limits_env(struct server_opts *o, const struct option *lo)
{
	const char *v;

	for (int i = 0; lo[i].name != NULL; i++)
		if (strchr("IQMARN", lo[i].val) != NULL &&
		    (v = cli_env(lo[i].name, NULL)) != NULL)
			serve_limit(o, lo, lo[i].val, v);
	if ((v = cli_env("trusted-proxy", NULL)) != NULL) {
		char *t, *rest = trusted_env = xstrdup(v);

		while ((t = strsep(&rest, ",")) != NULL)
			if (*t != '\0')
				serve_limit(o, lo, 'P', t);
	}
}

static int
cmd_serve(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "max-body", required_argument, NULL, 'b' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "today", required_argument, NULL, 'D' },
		{ "cache-mb", required_argument, NULL, 'C' },
		{ "commit-window-ms", required_argument, NULL, 'W' },
		{ "data-dir", required_argument, NULL, 'F' },
		{ "max-file", required_argument, NULL, 'm' },
		{ "max-handin", required_argument, NULL, 'H' },
		{ "bbb-url", required_argument, NULL, 'U' },
		{ "bbb-secret", required_argument, NULL, 'S' },
		{ "max-inflight", required_argument, NULL, 'I' },
		{ "queue-timeout-ms", required_argument, NULL, 'Q' },
		{ "max-conns", required_argument, NULL, 'M' },
		{ "per-address-conns", required_argument, NULL, 'A' },
		{ "trusted-proxy", required_argument, NULL, 'P' },
		{ "request-timeout", required_argument, NULL, 'R' },
		{ "min-rate", required_argument, NULL, 'N' },
		{ "db-replica", required_argument, NULL, 'r' },
		{ "replica-max-lag", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	const char *reps[REPLICA_MAX];
	char *reps_env = NULL;
	int nreps = 0;
	bool reps_given = false;
	long max_lag;
	const char *today = cli_env("today", NULL);
	const char *bbb_url = cli_env("bbb-url", NULL);
	const char *bbb_secret = cli_env("bbb-secret", NULL);
	struct server_opts o;
	struct files_config fc;
	struct err fe = { 0 };
	struct db *db;
	int c;

	server_opts_default(&o);
	o.db_url = cli_env("db", NULL);
	o.listen = cli_env("listen", o.listen);
	o.threads = (int)cli_long("threads", cli_env("threads", "4"), 1, 256);
	o.conn_timeout_s = (int)cli_long("timeout", cli_env("timeout", "30"),
		1, 3600);
	o.max_body = (size_t)cli_long("max-body", cli_env("max-body",
		"1048576"), 1024, 1L << 30);
	o.log_requests = strcmp(cli_env("quiet", "0"), "1") != 0;
	o.cache_bytes = (size_t)cli_long("cache-mb", cli_env("cache-mb",
		"64"), 0, 1L << 20) << 20;
	o.commit_window_ms = (int)cli_long("commit-window-ms",
		cli_env("commit-window-ms", "5"), -1, 1000);
	serve_limits_env(&o, lo);
	fc.dir = cli_env("data-dir", NULL);
	fc.max_file = (uint64_t)cli_long("max-file", cli_env("max-file",
		"10485760"), 1, 1L << 32);
	fc.max_handin = (uint64_t)cli_long("max-handin", cli_env("max-handin",
		"26214400"), 1, 1L << 34);
	max_lag = cli_long("replica-max-lag", cli_env("replica-max-lag", "5"),
		1, 3600);
	if (cli_env("db-replica", NULL) != NULL) {
		reps_env = xstrdup(cli_env("db-replica", NULL));
		if ((nreps = replica_split_urls(reps_env, reps,
		    REPLICA_MAX)) < 0)
			die("MEKTEP_DB_REPLICA: at most %d replicas",
				REPLICA_MAX);
	}
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'r':       /* on the command line: instead of the env */
			if (!reps_given)
				nreps = 0;
			reps_given = true;
			if (nreps == REPLICA_MAX)
				die("at most %d '--db-replica'", REPLICA_MAX);
			reps[nreps++] = optarg;
			break;
		case 'g': max_lag = cli_long("replica-max-lag", optarg, 1,
			3600); break;
		case 'd': o.db_url = optarg; break;
		case 'l': o.listen = optarg; break;
		case 'F': fc.dir = optarg; break;
		case 'm': fc.max_file = (uint64_t)cli_long("max-file", optarg,
			1, 1L << 32); break;
		case 'H': fc.max_handin = (uint64_t)cli_long("max-handin",
			optarg, 1, 1L << 34); break;
		case 't': o.threads = (int)cli_long("threads", optarg, 1, 256);
			break;
		case 'T': o.conn_timeout_s = (int)cli_long("timeout", optarg,
			1, 3600); break;
		case 'b': o.max_body = (size_t)cli_long("max-body", optarg,
			1024, 1L << 30); break;
		case 'q': o.log_requests = false; break;
		case 'D': today = optarg; break;
		case 'U': bbb_url = optarg; break;
		case 'S': bbb_secret = optarg; break;
		case 'C': o.cache_bytes = (size_t)cli_long("cache-mb", optarg,
			0, 1L << 20) << 20; break;
		case 'W': o.commit_window_ms = (int)cli_long("commit-window-ms",
			optarg, -1, 1000); break;
		case 'I': case 'Q': case 'M': case 'A': case 'P': case 'R':
		case 'N': serve_limit(&o, lo, c, optarg); break;
		default: fputs(usage, stderr); return 2;
		}
	}
	/* before the store is opened: bad replica options fail at once */
	if (replica_start(o.db_url ? o.db_url : "", reps, nreps,
	    max_lag * 1000, &fe) != 0)
		die("%s", fe.msg);
	if (today != NULL) {
		int32_t day;

		if (date_parse(today, &day) != 0)
			die("'--today' must be a date YYYY-MM-DD, not '%s'",
				today);
		school_today_fix(day);
	}
	if (password_init() != 0)
		die("cannot initialise libsodium");
	db = cli_open_db(o.db_url);     /* migrations run before serving */
	db_close(db);
	if (fc.dir == NULL)
		fc.dir = files_default_dir(o.db_url);
	if (files_init(&fc, &fe) != 0)  /* also clears unfinished uploads */
		die("%s", fe.msg);
	if ((bbb_url == NULL) != (bbb_secret == NULL))
		die("'--bbb-url' and '--bbb-secret' go together");
	online_bbb_config(bbb_url, bbb_secret);
	c = server_run(&o);
	replica_stop();
	free(reps_env);
	return c;
}

static int
cmd_migrate(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = cli_env("db", NULL);
	struct db *db;
	struct err e = { 0 };
	int c, applied;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c != 'd') {
			fputs(usage, stderr);
			return 2;
		}
		url = optarg;
	}
	if (url == NULL)
		die("no database: give --db PATH or set MEKTEP_DB");
	if (db_open(&db, url, &e) != 0)
		die("%s", e.msg);
	if (db_migrate(db, &applied, &e) != 0)
		die("cannot migrate '%s': %s", url, e.msg);
	printf("%d migration(s) applied\n", applied);
	db_close(db);
	return 0;
}

static int
cmd_demo(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "schools", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "today", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = cli_env("db", NULL);
	const char *today = cli_env("today", NULL);
	struct demo_opts o;
	struct db *db;
	struct err e = { 0 };
	struct timespec t0, t1;
	int c;

	memset(&o, 0, sizeof(o));
	o.schools = (int)cli_long("schools", cli_env("schools", "10"), 1,
		10000);
	o.seed = (uint64_t)cli_long("seed", cli_env("seed", "1"), 0,
		LONG_MAX);
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'd': url = optarg; break;
		case 's': o.schools = (int)cli_long("schools", optarg, 1,
			10000); break;
		case 'S': o.seed = (uint64_t)cli_long("seed", optarg, 0,
			LONG_MAX); break;
		case 't': today = optarg; break;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (today != NULL) {
		if (date_parse(today, &o.today) != 0)
			die("'--today' must be a date YYYY-MM-DD, not '%s'",
				today);
	} else {
		o.today = date_today((int64_t)time(NULL), 5 * 3600);
	}
	if (password_init() != 0)
		die("cannot initialise libsodium");
	db = cli_open_db(url);
	db_bulk(db, true);              /* a million rows: no round trip each */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (demo_generate(db, &o, &e) != 0)
		die("cannot create the demo: %s", e.msg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	db_close(db);
	fprintf(stderr, "demo region with %d schools written to '%s' in "
		"%.2f s\n", o.schools, url, (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (cmd == NULL || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage, cmd ? stdout : stderr);
		return cmd ? 0 : 2;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("mektep %s\n", MK_VERSION);
		return 0;
	}
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(argc - 1, argv + 1);
	if (strcmp(cmd, "migrate") == 0)
		return cmd_migrate(argc - 1, argv + 1);
	if (strcmp(cmd, "demo") == 0)
		return cmd_demo(argc - 1, argv + 1);
	if (strcmp(cmd, "demo-logins") == 0) {
		demo_print_logins(stdout);
		return 0;
	}
	if (strcmp(cmd, "user") == 0)
		return cmd_user(argc - 1, argv + 1);
	if (strcmp(cmd, "audit") == 0)
		return cmd_audit(argc - 1, argv + 1);
	if (strcmp(cmd, "backup") == 0)
		return cmd_backup(argc - 1, argv + 1);
	if (strcmp(cmd, "files") == 0)
		return cmd_files(argc - 1, argv + 1);
	if (strcmp(cmd, "gen") == 0)
		return cmd_gen(argc - 1, argv + 1);
	fprintf(stderr, "mektep: unknown command '%s'\n\n%s", cmd, usage);
	return 2;
}
