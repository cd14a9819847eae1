/*
 * Shared pieces of the cnap command line: exit codes, error printing, the
 * opened store and the acting user. Only the cli knows argv, stdout and
 * exit codes.
 */
#ifndef CNAP_CLI_H
#define CNAP_CLI_H

#include "auth/policy.h"
#include "cli/args.h"
#include "io/table_read.h"
#include "store/store.h"

#include <jansson.h>

/* Exit codes (docs/cli.md). */
enum cli_exit {
	EXIT_OK = 0,
	EXIT_FAILURE_INTERNAL = 1, /* database, file or memory failure */
	EXIT_USAGE = 2,            /* bad command line */
	EXIT_NOT_FOUND = 3,        /* unknown cycle, WG, association, item, question, user */
	EXIT_INVALID = 4,          /* input breaks a rule */
	EXIT_CONFLICT = 5,         /* exists already, or the state does not allow it */
	EXIT_DENIED = 6,           /* not allowed for this user */
	EXIT_FORMAT = 7,           /* file is not ours or from a newer cnap */
};

/* Options every command that reads or writes on someone's behalf takes. */
#define CLI_DB_OPT { "--db", true, "database PATH" }
#define CLI_AS_OPT { "--as", true, "act as this user LOGIN (default: the local operator, secretariat rights)" }

struct cli_ctx {
	struct cnap_store *store;
	struct cnap_arena arena;
	struct cnap_actor actor;
	struct cli_args args;
	const char *command; /* "question file" */
};

typedef int (*cli_cmd_fn)(int argc, char **argv);

struct cli_command {
	const char *group; /* "question", or NULL for top-level */
	const char *name;  /* "file" */
	cli_cmd_fn fn;
	const char *summary;
};

/* Every subcommand, in the order `cnap --help` lists them. */
const struct cli_command *cli_commands(size_t *n);

/* Print "cnap <cmd>: <where>: <message>" and return the matching exit code. */
int cli_error(const char *command, const struct cnap_error *err);
int cli_exit_for(enum cnap_err code);

/*
 * Parse options and open the store named by --db; load the actor from
 * --as (or the local operator). On failure returns false and sets *exit_code.
 */
bool cli_begin(struct cli_ctx *c, const char *command, int argc, char **argv, const struct cli_opt_spec *spec,
	       size_t n, const char *synopsis, unsigned open_flags, int *exit_code);
void cli_end(struct cli_ctx *c);

/* Required options: print a usage error naming the option when absent. */
bool cli_need(struct cli_ctx *c, const char *name, const char **out);
bool cli_need_year(struct cli_ctx *c, int *year);

/*
 * A text given as --NAME or --NAME-file (FILE or - for stdin, at most
 * limit_bytes). Returns NULL after printing a message if unreadable.
 */
const char *cli_text(struct cli_ctx *c, const char *name, const char *file_name, size_t limit_bytes, bool *failed);

/* Read a whole file (or "-" for stdin) into a, NUL-terminated; bounded. */
enum cnap_err cli_read_file(const char *path, size_t limit, struct cnap_arena *a, char **out, size_t *len,
			    struct cnap_error *err);
/* Write bytes to path atomically (temp file + rename); "-" is stdout. */
enum cnap_err cli_write_file(const char *path, const char *data, size_t len, struct cnap_error *err);

/*
 * Print a JSON value to stdout (pretty, stable order) and free it. False,
 * with a message, when memory ran out while it was built or printed.
 */
bool cli_print_json(json_t *v);

/* A bulk file's problems (io/table_read.h) on standard error, one a line: 「cnap CMD: 3行目 列: what」. */
void cli_print_problems(const char *command, const struct cnap_table_problems *p);
/* The same as JSON: [{line, column, message}]. */
json_t *cli_problems_json(const struct cnap_table_problems *p);

/* "a,b,c" as codes in a (empty pieces dropped); false when out of memory. */
bool cli_split_codes(struct cnap_arena *a, const char *list, const char ***out, size_t *n);

/* Display width-aware padding for Japanese text in plain listings. */
void cli_print_padded(const char *s, int width);

#endif
