/* Command-line options of one cnap subcommand: --name VALUE, --name=VALUE and flags. */
#ifndef CNAP_CLI_ARGS_H
#define CNAP_CLI_ARGS_H

#include "base/compat.h"

#define CLI_MAX_OPTS 24

struct cli_opt_spec {
	const char *name;  /* "--db" */
	bool takes_value;
	const char *help;  /* one line for --help; "(repeatable" in it: may be given more than once (cli_ints) */
};

struct cli_args {
	const char *values[CLI_MAX_OPTS]; /* by spec index; NULL if absent */
	bool present[CLI_MAX_OPTS];
	const struct cli_opt_spec *spec;
	size_t n_spec;
	int argc;          /* the arguments parsed, for the values of a repeated option */
	char **argv;
	bool help;
};

/*
 * Parse argv against spec (n entries). Unknown options, missing values
 * and repeated options are usage errors: a message goes to stderr and the
 * function returns false.
 */
bool cli_parse(int argc, char **argv, const char *command, const struct cli_opt_spec *spec, size_t n,
	       struct cli_args *out);

const char *cli_str(const struct cli_args *a, const char *name);
bool cli_flag(const struct cli_args *a, const char *name);
/* Integer option; false (after a message) when present but not an integer in [lo, hi]. */
bool cli_int(const struct cli_args *a, const char *name, long lo, long hi, long *out);

/*
 * Every value of a repeatable integer option, in the order given (at most max; *n 0 when absent);
 * false (after a message) when one is not an integer in [lo, hi] or there are more than max.
 */
bool cli_ints(const struct cli_args *a, const char *name, long lo, long hi, long *out, size_t max, size_t *n);

/* Every value of a repeatable option, in the order given (at most max; *n 0 when absent). */
bool cli_strs(const struct cli_args *a, const char *name, const char **out, size_t max, size_t *n);

/* Print "usage" and the option list. */
void cli_usage(FILE *f, const char *command, const char *synopsis, const struct cli_opt_spec *spec, size_t n);

#endif
