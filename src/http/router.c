/* router.c: matching paths against the route table */
#include "core/common.h"
#include "http/router.h"
#include <pthread.h>

/*
** Every request used to walk all patterns character by character, twice
** for a POST: about a tenth of the server's CPU on the lesson-view path.
** The table is now compiled once: each pattern split into segments, its
** key being its last literal segment (position and hash): "views" and
** "diary" tell routes apart, "api" and "v1" do not. Routes are bucketed
** by segment count and sorted by key within a bucket, so a path, split
** once, finds its few candidates by binary search, one search per key
** position the bucket has (one or two). A candidate then has all its
** segments compared. Which candidates come first does not matter: every
** match adds its methods to Allow, and the lowest table index wins.
*/

#define ROUTER_MAX_SEGS 16              /* in a pattern; paths any */
#define NOKEY UINT64_MAX                /* a pattern with no literal */

/* a literal segment of a pattern */
struct lit {
	const char *s;
	uint32_t hash;                  /* seg_hash() */
	uint16_t len;
	uint8_t pos;                    /* segment number */
};

struct croute {
	uint64_t key;                   /* kpos << 32 | hash, or NOKEY */
	unsigned methods;
	int idx;                        /* in routes[] */
	uint16_t lit0;                  /* first in lits[] */
	uint8_t nlit;
	uint8_t nseg;                   /* a final "*" included */
	uint8_t nparam;                 /* ":name" segments, "*" not */
	bool tail;                      /* the last segment is "*" */
	uint8_t param[REQ_MAX_PARAMS];  /* their segment numbers */
};

/* the path as segments; nseg is ROUTER_MAX_SEGS + 1 for more */
struct path {
	int nseg;
	const char *seg[ROUTER_MAX_SEGS];
	size_t len[ROUTER_MAX_SEGS];
	uint32_t hash[ROUTER_MAX_SEGS];
	const char *end;                /* its NUL */
};

#define TAILS (ROUTER_MAX_SEGS + 1)     /* the bucket of "*" routes */

static pthread_once_t compile_once = PTHREAD_ONCE_INIT;
static struct lit *lits;
/*
** Bucket b is croutes[bstart[b]] up to croutes[bstart[b + 1]], sorted by
** key: b segments without a tail, or TAILS. kpos[b] has bit k set when a
** route of the bucket has its key at segment k.
*/
static struct croute *croutes;
static int bstart[TAILS + 2];
static unsigned kpos[TAILS + 1];

/* FNV-1a: a quick "not this literal", never the final word */
static uint32_t
seg_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	while (len-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* One pattern into c and its literals into lits from *nlits on. */
static void
compile_one(const struct route *rt, struct croute *c, int *nlits)
{
	const char *p = rt->pattern, *e;
	struct lit *l;

	if (*p != '/')
		BUG("route '%s' does not begin with '/'", rt->pattern);
	c->methods = rt->methods;
	c->lit0 = (uint16_t)*nlits;
	while (*p == '/') {
		p++;
		for (e = p; *e != '\0' && *e != '/'; e++)
			;
		if (c->nseg == ROUTER_MAX_SEGS)
			BUG("route '%s' has too many segments", rt->pattern);
		if (e - p == 1 && *p == '*' && *e == '\0') {
			c->tail = true;
		} else if (*p == ':') {
			if (c->nparam == REQ_MAX_PARAMS)
				BUG("route '%s' has too many params",
				    rt->pattern);
			c->param[c->nparam++] = c->nseg;
		} else {
			l = &lits[(*nlits)++];
			l->s = p;
			l->len = (uint16_t)(e - p);
			l->hash = seg_hash(p, l->len);
			l->pos = c->nseg;
		}
		c->nseg++;
		p = e;
	}
	if (c->tail && c->nparam == REQ_MAX_PARAMS)
		BUG("route '%s' has too many params", rt->pattern);
	c->nlit = (uint8_t)(*nlits - c->lit0);
	c->key = NOKEY;
	if (c->nlit > 0) {
		l = &lits[*nlits - 1];
		c->key = (uint64_t)l->pos << 32 | l->hash;
	}
}

static int
bucket_of(const struct croute *c)
{
	return c->tail ? TAILS : c->nseg;
}

static int
croute_cmp(const void *va, const void *vb)
{
	const struct croute *a = va, *b = vb;

	if (bucket_of(a) != bucket_of(b))
		return bucket_of(a) < bucket_of(b) ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void
router_compile(void)
{
	int nlits = 0;

	if ((size_t)nroutes * ROUTER_MAX_SEGS > UINT16_MAX)
		BUG("%d routes: too many for the router", nroutes);
	lits = xcalloc((size_t)nroutes * ROUTER_MAX_SEGS + 1, sizeof(*lits));
	croutes = xcalloc((size_t)nroutes + 1, sizeof(*croutes));
	for (int i = 0; i < nroutes; i++) {
		croutes[i].idx = i;
		compile_one(&routes[i], &croutes[i], &nlits);
		bstart[bucket_of(&croutes[i]) + 1]++;
		if (croutes[i].key != NOKEY)
			kpos[bucket_of(&croutes[i])] |=
			    1u << (croutes[i].key >> 32);
	}
	for (int b = 1; b < (int)ARRAY_SIZE(bstart); b++)
		bstart[b] += bstart[b - 1];
	qsort(croutes, (size_t)nroutes, sizeof(*croutes), croute_cmp);
}

/* Split s at '/'; false when it does not begin with one. */
static bool
path_split(const char *s, struct path *p)
{
	const char *e;

	if (*s != '/')
		return false;
	p->nseg = 0;
	for (;;) {
		s++;
		if (p->nseg == ROUTER_MAX_SEGS) {
			/* deeper than any pattern: only a tail can match */
			p->nseg++;
			p->end = s + strlen(s);
			return true;
		}
		for (e = s; *e != '\0' && *e != '/'; e++)
			;
		p->seg[p->nseg] = s;
		p->len[p->nseg] = (size_t)(e - s);
		p->hash[p->nseg++] = seg_hash(s, (size_t)(e - s));
		if (*e == '\0') {
			p->end = e;
			return true;
		}
		s = e;
	}
}

static bool
croute_match(const struct croute *c, const struct path *p)
{
	const struct lit *l = &lits[c->lit0];

	if (c->tail ? c->nseg > p->nseg : c->nseg != p->nseg)
		return false;
	for (int i = 0; i < c->nlit; i++, l++) {
		if (p->hash[l->pos] != l->hash || p->len[l->pos] != l->len ||
		    memcmp(p->seg[l->pos], l->s, l->len) != 0)
			return false;
	}
	for (int i = 0; i < c->nparam; i++) {
		if (p->len[c->param[i]] == 0)
			return false;
	}
	/* "*" takes the rest, "/" included: one segment or more */
	return !c->tail || p->end > p->seg[c->nseg - 1];
}

/* The first of c[0..n) with a key not below key. */
static const struct croute *
lower_bound(const struct croute *c, int n, uint64_t key)
{
	while (n > 0) {
		int half = n / 2;

		if (c[half].key < key) {
			c += half + 1;
			n -= half + 1;
		} else {
			n = half;
		}
	}
	return c;
}

/* The routes of bucket b with this key: each match adds its methods to
** *allow, the lowest index allowing m is kept in *found. */
static void
scan(int b, uint64_t key, const struct path *p, unsigned m,
	unsigned *allow, const struct croute **found)
{
	const struct croute *c = &croutes[bstart[b]];
	const struct croute *end = &croutes[bstart[b + 1]];

	for (c = lower_bound(c, (int)(end - c), key);
	    c < end && c->key == key; c++) {
		if (!croute_match(c, p))
			continue;
		*allow |= c->methods;
		if ((c->methods & m) &&
		    (*found == NULL || c->idx < (*found)->idx))
			*found = c;
	}
}

/* Bucket b: a search for each key position it has, and its NOKEY ones. */
static void
scan_bucket(int b, const struct path *p, unsigned m, unsigned *allow,
	const struct croute **found)
{
	unsigned mask = kpos[b];

	if (bstart[b] == bstart[b + 1])
		return;
	/* a tail's key is below its "*", so within the path */
	for (int k = 0; mask != 0 && k < p->nseg &&
	    k < ROUTER_MAX_SEGS; k++, mask >>= 1) {
		if (mask & 1)
			scan(b, (uint64_t)k << 32 | p->hash[k], p, m, allow,
			    found);
	}
	scan(b, NOKEY, p, m, allow, found);
}

int
router_match(struct req *r, unsigned *allow)
{
	const struct croute *c = NULL;
	struct path p;
	int np = 0;

	pthread_once(&compile_once, router_compile);
	*allow = 0;
	if (!path_split(r->path, &p))
		return -1;
	if (p.nseg <= ROUTER_MAX_SEGS)
		scan_bucket(p.nseg, &p, (unsigned)r->method, allow, &c);
	scan_bucket(TAILS, &p, (unsigned)r->method, allow, &c);
	if (c == NULL)
		return *allow ? -2 : -1;
	for (int i = 0; i < c->nparam; i++)
		r->params[np++] = arena_strndup(r->a, p.seg[c->param[i]],
		    p.len[c->param[i]]);
	if (c->tail)
		r->params[np++] = arena_strndup(r->a, p.seg[c->nseg - 1],
		    (size_t)(p.end - p.seg[c->nseg - 1]));
	r->nparams = np;
	return c->idx;
}

int
router_match_once(struct req *r, unsigned *allow)
{
	if (!r->routed) {
		r->route_found = router_match(r, &r->route_allow);
		r->routed = true;
	}
	*allow = r->route_allow;
	return r->route_found;
}

const char *
router_allow_header(struct req *r, unsigned methods)
{
	static const char *names[] = { "GET", "POST", "PUT", "PATCH",
		"DELETE", "HEAD", "OPTIONS" };
	char buf[64] = "";
	size_t len = 0;

	if (methods & HTTP_GET)
		methods |= HTTP_HEAD;
	for (int i = 0; i < (int)ARRAY_SIZE(names); i++) {
		if (methods & (1u << i))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
				"%s%s", len ? ", " : "", names[i]);
	}
	return arena_strdup(r->a, buf);
}
