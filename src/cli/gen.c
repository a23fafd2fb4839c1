/* gen.c: `mektep gen`: a generated country for load tests */
#include "core/common.h"
#include "cli/cli.h"
#include "db/db.h"
#include "demo/country.h"
#include "rules/dates.h"

#include <getopt.h>
#include <sys/stat.h>
#include <time.h>

static const char gen_usage[] =
	"usage: mektep gen --db PATH (--pupils N | --scale F) [--seed S] "
	"[--today YYYY-MM-DD]\n";

static struct query q_pupils = QUERY("SELECT count(*) FROM pupils");

/* The scale F of the whole country (COUNTRY_PUPILS) as pupils. */
static int64_t
scale_pupils(const char *s)
{
	char *end;
	double f = strtod(s, &end);

	if (end == s || *end != '\0' || !(f > 0 && f <= 2))
		die("'--scale' must be a number above 0 and at most 2, not "
			"'%s'", s);
	return (int64_t)(f * COUNTRY_PUPILS + 0.5);
}

/* Bytes of a SQLite file and its WAL; 0 for a PostgreSQL URL. */
static long long
file_bytes(const char *url)
{
	char wal[4096];
	struct stat st;
	long long n = 0;

	if (strncmp(url, "postgres", 8) == 0)
		return 0;
	if (stat(url, &st) == 0)
		n += st.st_size;
	snprintf(wal, sizeof(wal), "%s-wal", url);
	if (stat(wal, &st) == 0)
		n += st.st_size;
	return n;
}

int
cmd_gen(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "pupils", required_argument, NULL, 'p' },
		{ "scale", required_argument, NULL, 'f' },
		{ "seed", required_argument, NULL, 'S' },
		{ "today", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = cli_env("db", NULL);
	const char *today = cli_env("today", NULL);
	const char *scale = cli_env("scale", NULL);
	struct country_opts o = { .progress = true };
	struct timespec t0, t1;
	struct err e = { 0 };
	struct db *db;
	int64_t pupils = 0;
	long long bytes;
	double secs;
	int c;

	o.pupils = cli_long("pupils", cli_env("pupils", "0"), 0, 10000000);
	o.seed = (uint64_t)cli_long("seed", cli_env("seed", "1"), 0,
		LONG_MAX);
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'd': url = optarg; break;
		case 'p': o.pupils = cli_long("pupils", optarg, 1000,
			10000000); break;
		case 'f': scale = optarg; break;
		case 'S': o.seed = (uint64_t)cli_long("seed", optarg, 0,
			LONG_MAX); break;
		case 't': today = optarg; break;
		default: fputs(gen_usage, stderr); return 2;
		}
	}
	if (scale != NULL && o.pupils != 0)
		die("give '--pupils' or '--scale', not both");
	if (scale != NULL)
		o.pupils = scale_pupils(scale);
	if (o.pupils == 0) {
		fputs(gen_usage, stderr);
		return 2;
	}
	if (today != NULL && date_parse(today, &o.today) != 0)
		die("'--today' must be a date YYYY-MM-DD, not '%s'", today);
	db = cli_open_db(url);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (country_generate(db, &o, &e) != 0)
		die("cannot generate the country: %s", e.msg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (db_get_i64(db, &q_pupils, &pupils, &e, 0) != 0)
		die("cannot count the pupils: %s", e.msg);
	db_close(db);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	bytes = file_bytes(url);
	fprintf(stderr, "gen: %lld pupils written to '%s' in %.1f s: %.0f "
		"pupils/s", (long long)pupils, url, secs, (double)pupils /
		secs);
	if (bytes > 0)
		fprintf(stderr, ", %lld bytes, %.0f bytes a pupil", bytes,
			(double)bytes / (double)pupils);
	fputc('\n', stderr);
	return 0;
}
