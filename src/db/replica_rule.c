/* replica_rule.c: replica URLs, a replica's lag, where reads go */
#include "core/common.h"
#include "db/replica.h"

int64_t
replica_lag_ms(bool caught_up, int64_t replay_age_ms,
	int64_t since_caught_up_ms)
{
	if (caught_up)
		return 0;
	if (replay_age_ms < 0)
		return since_caught_up_ms < 0 ? -1 : since_caught_up_ms;
	if (since_caught_up_ms < 0 || replay_age_ms < since_caught_up_ms)
		return replay_age_ms;
	return since_caught_up_ms;
}

enum db_reads
replica_route(bool reads_only, int64_t now_ms, int64_t wrote_at_ms,
	int64_t lag_ms, int64_t max_lag_ms)
{
	if (!reads_only || lag_ms < 0 || lag_ms > max_lag_ms)
		return DB_READS_PRIMARY;
	if (now_ms - wrote_at_ms <= lag_ms + REPLICA_MARGIN_MS)
		return DB_READS_PRIMARY;        /* it may lack this write */
	return DB_READS_REPLICA;
}

int
replica_split_urls(char *list, const char **urls, int cap)
{
	char *p = list;
	int n = 0;

	while (*p != '\0') {
		char *c = p;

		while ((c = strchr(c, ',')) != NULL && !db_url_is_pg(c + 1))
			c++;
		if (c != NULL)
			*c = '\0';
		if (*p != '\0') {
			if (n == cap)
				return -1;
			urls[n++] = p;
		}
		if (c == NULL)
			break;
		p = c + 1;
	}
	return n;
}
