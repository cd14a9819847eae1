/*
 * The text comparison benchmark (docs/performance.md "Comparing texts"):
 * generates pairs of Japanese texts with a fixed seed, writes them for the
 * peers (difflib, git), and times cnap_text_diff on each case.
 *
 *   bench_diff OUTDIR REPS all|time
 *
 * all: writes OUTDIR/pairs/<case>-<i>.a/.b and OUTDIR/c_results.txt (per
 * pair: characters deleted and inserted by the cleaned result and by the
 * minimal script, and the level reached), then times. Timings go to
 * OUTDIR/c_timings.txt, one line per case: "c_<case>_s t1 t2 ..." (CPU
 * seconds for all pairs of the case, one per pass, after one untimed
 * warm-up).
 */
#include "base/compat.h"
#include "calc/text_diff.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;

static uint64_t next(void) /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static size_t pick(size_t n)
{
	return (size_t)(next() % n);
}

/* Words of a 調査票, written for this benchmark. */
static const char *const nouns[] = {
	"当団体", "会員企業", "省エネルギー", "設備投資", "高効率ボイラー", "生産活動量", "エネルギー原単位", "CO2排出量",
	"電力排出係数", "再生可能エネルギー", "燃料転換", "廃熱回収", "LED照明", "空調設備", "インバータ制御", "製造工程",
	"基準年度", "目標年度", "見通し", "要因分析", "物流部門", "本社オフィス", "カーボンニュートラル", "水素",
	"技術開発", "実証事業", "普及率", "削減量", "投資額", "稼働率", "需要", "景気",
};
static const char *const particles[] = {"は", "が", "を", "の", "に", "で", "と", "や", "から", "より"};
static const char *const verbs[] = {"進めている", "導入した", "見込まれる", "減少した", "増加した", "改善された",
				    "検討している", "実施した", "継続する", "評価した"};

static char *dup_str(const char *s)
{
	char *d = cnap_strdup(s);
	if (!d)
		abort();
	return d;
}

static char *new_sentence(void)
{
	char buf[1024];
	size_t n = 0, words = 3 + pick(5);
	buf[0] = 0;
	for (size_t w = 0; w < words; w++) {
		if (pick(6) == 0)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%zu,%03zu%s", 1 + pick(99), pick(1000),
					      pick(2) ? "万t-CO2" : "億円");
		else
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", nouns[pick(CNAP_ARRAY_LEN(nouns))]);
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", particles[pick(CNAP_ARRAY_LEN(particles))],
				      pick(5) == 0 ? "、" : "");
	}
	snprintf(buf + n, sizeof buf - n, "%s。%s", verbs[pick(CNAP_ARRAY_LEN(verbs))], pick(4) == 0 ? "\n" : "");
	return dup_str(buf);
}

struct doc {
	char **s;
	size_t n, cap;
};

static void push(struct doc *d, char *s)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->s = cnap_realloc(d->s, d->cap * sizeof *d->s);
		if (!d->s)
			abort();
	}
	d->s[d->n++] = s;
}

static size_t chars(const char *s)
{
	size_t c = 0;
	for (; *s; s++)
		c += ((unsigned char)*s & 0xC0) != 0x80;
	return c;
}

static struct doc generate(size_t want)
{
	struct doc d = {0};
	for (size_t c = 0; c < want;) {
		char *s = new_sentence();
		c += chars(s);
		push(&d, s);
	}
	return d;
}

/* One noun of the sentence replaced by another (a word rewritten), or a digit changed. */
static char *reword(const char *s, bool number)
{
	char buf[2048];
	if (number) {
		snprintf(buf, sizeof buf, "%s", s);
		for (char *p = buf; *p; p++)
			if (*p >= '0' && *p <= '9') {
				*p = (char)('0' + (*p - '0' + 1 + (int)pick(8)) % 10);
				return dup_str(buf);
			}
	}
	for (size_t k = 0; k < CNAP_ARRAY_LEN(nouns); k++) {
		const char *w = nouns[(k + pick(CNAP_ARRAY_LEN(nouns))) % CNAP_ARRAY_LEN(nouns)];
		const char *at = strstr(s, w);
		if (at) {
			const char *with = nouns[pick(CNAP_ARRAY_LEN(nouns))];
			snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - s), s, with, at + strlen(w));
			return dup_str(buf);
		}
	}
	return dup_str(s);
}

enum edit_mix { MIX_EDITS, MIX_REWRITE };

/* b from a: n_edits edits of people (a word, a number, a sentence in or out), or half the sentences rewritten. */
static struct doc edit(const struct doc *a, size_t n_edits, enum edit_mix mix)
{
	struct doc b = {0};
	for (size_t i = 0; i < a->n; i++)
		push(&b, dup_str(a->s[i]));
	if (mix == MIX_REWRITE) {
		for (size_t i = 0; i < b.n; i++)
			if (pick(2)) {
				free(b.s[i]);
				b.s[i] = new_sentence();
			}
		return b;
	}
	for (size_t e = 0; e < n_edits && b.n > 1; e++) {
		size_t i = pick(b.n), kind = pick(4);
		if (kind <= 1) {
			char *r = reword(b.s[i], kind == 1);
			free(b.s[i]);
			b.s[i] = r;
		} else if (kind == 2) {
			push(&b, NULL);
			memmove(b.s + i + 1, b.s + i, (b.n - 1 - i) * sizeof *b.s);
			b.s[i] = new_sentence();
		} else {
			free(b.s[i]);
			memmove(b.s + i, b.s + i + 1, (b.n - 1 - i) * sizeof *b.s);
			b.n--;
		}
	}
	return b;
}

static char *join(const struct doc *d, size_t *len)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += strlen(d->s[i]);
	char *out = cnap_malloc(n + 1), *p = out;
	if (!out)
		abort();
	for (size_t i = 0; i < d->n; i++) {
		size_t l = strlen(d->s[i]);
		memcpy(p, d->s[i], l);
		p += l;
	}
	*p = 0;
	*len = n;
	return out;
}

static void doc_free(struct doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->s[i]);
	free(d->s);
}

/* Text over another alphabet (CJK block U+5000..): shares not a character with the generated Japanese. */
static char *disjoint(size_t n_chars, size_t *len)
{
	char *s = cnap_malloc(3 * n_chars + 1);
	if (!s)
		abort();
	for (size_t i = 0; i < n_chars; i++) {
		uint32_t c = 0x7000 + (uint32_t)pick(0x800);
		s[3 * i] = (char)(0xE0 | (c >> 12));
		s[3 * i + 1] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[3 * i + 2] = (char)(0x80 | (c & 0x3F));
	}
	s[3 * n_chars] = 0;
	*len = 3 * n_chars;
	return s;
}

struct pair {
	char *a, *b;
	size_t na, nb;
};

struct bench_case {
	const char *name;
	size_t pairs, chars, edits;
	enum edit_mix mix;
	bool hostile; /* disjoint, or (edits == 1) unrelated texts of one vocabulary */
	struct pair *v;
};

static struct bench_case cases[] = {
	{"item", 300, 1500, 3, MIX_EDITS, false, NULL},
	{"long", 20, 20000, 20, MIX_EDITS, false, NULL},
	{"rewrite", 20, 3000, 0, MIX_REWRITE, false, NULL},
	{"hostile_disjoint", 1, 100000, 0, MIX_EDITS, true, NULL},
	{"hostile_unrelated", 1, 100000, 1, MIX_EDITS, true, NULL},
};

static void make(struct bench_case *c)
{
	c->v = cnap_calloc(c->pairs, sizeof *c->v);
	if (!c->v)
		abort();
	for (size_t i = 0; i < c->pairs; i++) {
		struct doc a = generate(c->chars);
		c->v[i].a = join(&a, &c->v[i].na);
		if (c->hostile && c->edits == 0) {
			c->v[i].b = disjoint(chars(c->v[i].a), &c->v[i].nb);
		} else {
			struct doc b = c->hostile ? generate(c->chars) : edit(&a, c->edits, c->mix);
			c->v[i].b = join(&b, &c->v[i].nb);
			doc_free(&b);
		}
		doc_free(&a);
	}
}

static void write_file(const char *dir, const char *name, size_t i, const char *ext, const char *s, size_t n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/pairs/%s-%03zu.%s", dir, name, i, ext);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(s, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* CPU time of this process: what the comparison costs, whatever else the shared machine runs. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void run(const struct bench_case *c, struct cnap_arena *ar, FILE *results)
{
	for (size_t i = 0; i < c->pairs; i++) {
		struct cnap_text_diff d;
		struct cnap_error err;
		cnap_arena_release(ar);
		cnap_arena_init(ar);
		if (cnap_text_diff(ar, c->v[i].a, c->v[i].na, c->v[i].b, c->v[i].nb, NULL, &d, &err)) {
			fprintf(stderr, "%s %zu: %s\n", c->name, i, err.message);
			exit(1);
		}
		if (results) {
			struct cnap_text_diff raw;
			struct cnap_diff_options o = {.raw = true};
			if (cnap_text_diff(ar, c->v[i].a, c->v[i].na, c->v[i].b, c->v[i].nb, &o, &raw, &err))
				exit(1);
			fprintf(results, "%s %zu %zu %zu %zu %zu %s\n", c->name, i, d.deleted_chars, d.inserted_chars,
				raw.deleted_chars, raw.inserted_chars,
				d.level == CNAP_DIFF_LEVEL_CHARS ? "chars" : "sentences");
		}
	}
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: bench_diff OUTDIR REPS all|time\n");
		return 2;
	}
	const char *out = argv[1];
	int reps = (int)strtol(argv[2], NULL, 10);
	bool all = strcmp(argv[3], "all") == 0;
	char path[4096];
	for (size_t k = 0; k < CNAP_ARRAY_LEN(cases); k++)
		make(&cases[k]);
	FILE *results = NULL;
	if (all) {
		snprintf(path, sizeof path, "%s/pairs", out);
		mkdir(path, 0755);
		for (size_t k = 0; k < CNAP_ARRAY_LEN(cases); k++)
			for (size_t i = 0; i < cases[k].pairs; i++) {
				write_file(out, cases[k].name, i, "a", cases[k].v[i].a, cases[k].v[i].na);
				write_file(out, cases[k].name, i, "b", cases[k].v[i].b, cases[k].v[i].nb);
			}
		snprintf(path, sizeof path, "%s/c_results.txt", out);
		results = fopen(path, "w");
		if (!results)
			return 1;
	}
	snprintf(path, sizeof path, "%s/c_timings.txt", out);
	FILE *t = fopen(path, "w");
	if (!t)
		return 1;
	struct cnap_arena ar;
	cnap_arena_init(&ar);
	for (size_t k = 0; k < CNAP_ARRAY_LEN(cases); k++) {
		run(&cases[k], &ar, results); /* warm-up (and results) */
		fprintf(t, "c_%s_s", cases[k].name);
		for (int r = 0; r < reps; r++) {
			double t0 = cpu_now();
			run(&cases[k], &ar, NULL);
			fprintf(t, " %.6f", cpu_now() - t0);
		}
		fprintf(t, "\n");
	}
	cnap_arena_release(&ar);
	fclose(t);
	if (results)
		fclose(results);
	return 0;
}
