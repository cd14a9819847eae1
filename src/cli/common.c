#include "base/compat.h"
#include "base/buf.h"
#include "cli/cli.h"
#include "io/json_mem.h"
#include "usecase/accounts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_exit_for(enum cnap_err code)
{
	switch (code) {
	case CNAP_OK: return EXIT_OK;
	case CNAP_ENOTFOUND: return EXIT_NOT_FOUND;
	case CNAP_EINVAL:
	case CNAP_ETOOBIG: return EXIT_INVALID;
	case CNAP_ECONFLICT: return EXIT_CONFLICT;
	case CNAP_EPERM: return EXIT_DENIED;
	case CNAP_EFORMAT: return EXIT_FORMAT;
	default: return EXIT_FAILURE_INTERNAL;
	}
}

/*
 * Lower layers name fields by stable keys ("question.refers_to"); the
 * command line shows the option the user typed, with a hint where to look.
 */
static const struct {
	const char *key, *flag, *hint;
} flags[] = {
	{ "question.id", "--id", NULL },
	{ "question.item", "--item", "see 'cnap outline show'" },
	{ "question.page", "--page", NULL },
	{ "question.text", "--text", NULL },
	{ "question.note", "--note", NULL },
	{ "question.due_on", "--due", NULL },
	{ "question.refers_to", "--refers-to", NULL },
	{ "question.no", "--no", NULL },
	{ "question.status", "--status", NULL },
	{ "question.quote", "--quote", NULL },
	{ "question.version", "--version", "see 'cnap outline show'" },
	{ "answer.text", "--text", NULL },
	{ "backup.output", "--output", NULL },
	{ "restore.input", "--input", NULL },
	{ "restore.target", "--db", NULL },
	{ "answer.return_comment", "--comment", NULL },
	{ "question.reopen_reason", "--comment", NULL },
	{ "question.reopen", "--id", "reopen it first: cnap question reopen --id ID --comment REASON" },
	{ "edition.note", "--note", NULL },
	{ "last_year", "--last-year", NULL },
	{ "draft", "--draft", NULL },
	{ "draft_stale", "--draft", "discard the stale item with the web editor, or set it again" },
	{ "edition", "--edition", "see 'cnap publish editions'" },
	{ "user.login", "--login", "see 'cnap user list'" },
	{ "user.name", "--name", NULL },
	{ "user.association", "--association", NULL },
	{ "user.cycle", "--cycle", NULL },
	{ "user.email", "--email", NULL },
	{ "user.role", "--role", NULL },
	{ "user.active", "--deactivate", NULL },
	{ "user.password", "password", NULL },
	{ "cycle", "--cycle", "see 'cnap cycle list'" },
	{ "cycle.year", "--year", NULL },
	{ "cycle.actual_fiscal_year", "--actual-year", NULL },
	{ "cycle.name", "--name", NULL },
	{ "wg", "--wg", "see 'cnap wg list'" },
	{ "wg.code", "--code", NULL },
	{ "wg.name", "--name", NULL },
	{ "association", "--association", "see 'cnap association list'" },
	{ "association.code", "--code", NULL },
	{ "association.name", "--name", NULL },
	{ "association.industry", "--industry", NULL },
	{ "participation.template", "--template", NULL },
	{ "participation.wg", "--wg", "see 'cnap wg list'" },
	{ "participation.association", "--association", "see 'cnap association list'" },
	{ "participation.position", "--position", NULL },
	{ "participation", "--association", NULL },
	{ "submission.submitted_on", "--submitted-on", NULL },
	{ "format", "--format", NULL },
	{ "db", "--db", "create one with 'cnap init --db PATH'" },
};

int cli_error(const char *command, const struct cnap_error *err)
{
	const char *where = err->where, *hint = NULL;
	for (size_t i = 0; i < CNAP_ARRAY_LEN(flags); i++)
		if (strcmp(where, flags[i].key) == 0) {
			where = flags[i].flag;
			hint = err->code == CNAP_ENOTFOUND ? flags[i].hint : NULL;
			break;
		}
	const char *msg = err->message[0] ? err->message : cnap_strerror(err->code);
	if (where[0])
		fprintf(stderr, "cnap %s: error: %s: %s%s%s%s\n", command, where, msg, hint ? " (" : "", hint ? hint : "",
			hint ? ")" : "");
	else
		fprintf(stderr, "cnap %s: error: %s\n", command, msg);
	return cli_exit_for(err->code);
}

bool cli_begin(struct cli_ctx *c, const char *command, int argc, char **argv, const struct cli_opt_spec *spec,
	       size_t n, const char *synopsis, unsigned open_flags, int *exit_code)
{
	memset(c, 0, sizeof(*c));
	cnap_arena_init(&c->arena);
	c->command = command;
	if (!cli_parse(argc, argv, command, spec, n, &c->args)) {
		*exit_code = EXIT_USAGE;
		return false;
	}
	if (c->args.help) {
		cli_usage(stdout, command, synopsis, spec, n);
		*exit_code = EXIT_OK;
		return false;
	}
	const char *db = cli_str(&c->args, "--db");
	if (!db)
		db = getenv("CNAP_DB");
	if (!db) {
		fprintf(stderr, "cnap %s: --db PATH is required (or set CNAP_DB)\n", command);
		*exit_code = EXIT_USAGE;
		return false;
	}
	struct cnap_error err = { 0 };
	if (cnap_store_open(db, open_flags, &c->store, &err)) {
		*exit_code = cli_error(command, &err);
		return false;
	}
	const char *as = cli_str(&c->args, "--as");
	if (as) {
		if (cnap_uc_actor_load(c->store, as, &c->arena, &c->actor, &err)) {
			snprintf(err.where, sizeof(err.where), "--as");
			*exit_code = cli_error(command, &err);
			cli_end(c);
			return false;
		}
	} else {
		const char *user = getenv("USER");
		c->actor.login = cnap_arena_printf(&c->arena, "cli:%s", user && *user ? user : "operator");
		c->actor.role = CNAP_ROLE_SECRETARIAT;
		c->actor.system = true;
		if (!c->actor.login) {
			/* The audit would name nobody. */
			cnap_fail(&err, CNAP_ENOMEM, "", "out of memory");
			*exit_code = cli_error(command, &err);
			cli_end(c);
			return false;
		}
	}
	cnap_store_set_actor(c->store, c->actor.login);
	return true;
}

void cli_end(struct cli_ctx *c)
{
	cnap_store_close(c->store);
	c->store = NULL;
	cnap_arena_release(&c->arena);
}

bool cli_need(struct cli_ctx *c, const char *name, const char **out)
{
	*out = cli_str(&c->args, name);
	if (!*out) {
		fprintf(stderr, "cnap %s: %s is required (see 'cnap %s --help')\n", c->command, name, c->command);
		return false;
	}
	return true;
}

bool cli_need_year(struct cli_ctx *c, int *year)
{
	const char *s;
	if (!cli_need(c, "--cycle", &s))
		return false;
	long v = 0;
	if (!cli_int(&c->args, "--cycle", 1990, 2100, &v))
		return false;
	*year = (int)v;
	return true;
}

enum cnap_err cli_read_file(const char *path, size_t limit, struct cnap_arena *a, char **out, size_t *len,
			    struct cnap_error *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return cnap_fail(err, errno == ENOENT ? CNAP_ENOTFOUND : CNAP_EIO, path, "cannot open '%s': %s", path,
				 strerror(errno));
	struct cnap_buf b;
	cnap_buf_init(&b, limit);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (cnap_buf_add(&b, chunk, n))
			break;
	bool bad = ferror(f);
	if (f != stdin)
		fclose(f);
	enum cnap_err rc = CNAP_OK;
	if (b.status == CNAP_ETOOBIG)
		rc = cnap_fail(err, CNAP_ETOOBIG, path, "'%s' is larger than %zu bytes", path, limit);
	else if (b.status == CNAP_ENOMEM)
		rc = cnap_fail(err, CNAP_ENOMEM, path, "cannot read '%s': out of memory", path);
	else if (b.status || bad)
		rc = cnap_fail(err, CNAP_EIO, path, "cannot read '%s'", path);
	if (!rc) {
		*out = cnap_arena_strndup(a, b.data ? b.data : "", b.len);
		*len = b.len;
		if (!*out)
			rc = cnap_fail(err, CNAP_ENOMEM, "", "out of memory");
	}
	cnap_buf_release(&b);
	return rc;
}

enum cnap_err cli_write_file(const char *path, const char *data, size_t len, struct cnap_error *err)
{
	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout))
			return cnap_fail(err, CNAP_EIO, "--output", "cannot write to standard output");
		return CNAP_OK;
	}
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return cnap_fail(err, CNAP_EIO, "--output", "cannot create '%s': %s", path, strerror(errno));
	bool ok = fwrite(data, 1, len, f) == len;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		int e = errno;
		remove(tmp);
		return cnap_fail(err, CNAP_EIO, "--output", "cannot write '%s': %s", path, strerror(e));
	}
	return CNAP_OK;
}

const char *cli_text(struct cli_ctx *c, const char *name, const char *file_name, size_t limit_bytes, bool *failed)
{
	const char *text = cli_str(&c->args, name);
	const char *file = file_name ? cli_str(&c->args, file_name) : NULL;
	*failed = false;
	if (text && file) {
		fprintf(stderr, "cnap %s: give %s or %s, not both\n", c->command, name, file_name);
		*failed = true;
		return NULL;
	}
	if (!file)
		return text;
	char *data;
	size_t len;
	struct cnap_error err = { 0 };
	if (cli_read_file(file, limit_bytes, &c->arena, &data, &len, &err)) {
		cli_error(c->command, &err);
		*failed = true;
		return NULL;
	}
	if (strlen(data) != len) {
		fprintf(stderr, "cnap %s: %s: '%s' contains NUL bytes\n", c->command, file_name, file);
		*failed = true;
		return NULL;
	}
	/* A trailing newline from an editor is not part of the text. */
	while (len && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		data[--len] = '\0';
	return data;
}

bool cli_print_json(json_t *v)
{
	/* jansson drops what it could not allocate while the value was built; a part is not the answer. */
	char *s = cnap_json_alloc_failures() ? NULL : json_dumps(v, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	json_decref(v);
	if (s && cnap_json_alloc_failures()) {
		free(s);
		s = NULL;
	}
	if (!s) {
		fprintf(stderr, "cnap: error: out of memory\n");
		return false;
	}
	fputs(s, stdout);
	fputc('\n', stdout);
	free(s);
	return true;
}

/* East Asian wide characters take two columns. */
static int display_width(const char *s)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		w += *p >= 0xE0 ? 2 : 1;
	}
	return w;
}

void cli_print_padded(const char *s, int width)
{
	s = s ? s : "";
	fputs(s, stdout);
	int w = display_width(s);
	if (w >= width) /* an over-long value still keeps its column apart */
		fputc(' ', stdout);
	for (; w < width; w++)
		fputc(' ', stdout);
}

bool cli_split_codes(struct cnap_arena *a, const char *list, const char ***out, size_t *n)
{
	char *copy = cnap_arena_strdup(a, list), *save = NULL;
	size_t cap = 1;
	for (const char *p = list; *p; p++)
		cap += *p == ',';
	*n = 0;
	*out = cnap_arena_calloc(a, cap, sizeof(**out));
	if (!copy || !*out)
		return false;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		(*out)[(*n)++] = t;
	return true;
}

void cli_print_problems(const char *command, const struct cnap_table_problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->v[i].line)
			fprintf(stderr, "cnap %s: %zu行目 %s: %s\n", command, p->v[i].line, p->v[i].column, p->v[i].message);
		else
			fprintf(stderr, "cnap %s: %s\n", command, p->v[i].message);
	}
	if (p->omitted)
		fprintf(stderr, "cnap %s: ほか%zu件の問題は省略しました\n", command, p->omitted);
}

json_t *cli_problems_json(const struct cnap_table_problems *p)
{
	json_t *list = json_array();
	for (size_t i = 0; i < p->n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s}", "line", (json_int_t)p->v[i].line, "column",
						      p->v[i].column, "message", p->v[i].message));
	return list;
}
