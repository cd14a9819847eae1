#include "base/compat.h"
#include "cli/args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#undef strtol
static long parse_long(const char *s, bool *ok)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	*ok = *s && !*end && errno == 0;
	return v;
}

static int find_spec(const struct cli_opt_spec *spec, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(spec[i].name) == len && strncmp(spec[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

bool cli_parse(int argc, char **argv, const char *command, const struct cli_opt_spec *spec, size_t n,
	       struct cli_args *out)
{
	memset(out, 0, sizeof(*out));
	out->spec = spec;
	out->n_spec = n < CLI_MAX_OPTS ? n : CLI_MAX_OPTS;
	out->argc = argc;
	out->argv = argv;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			out->help = true;
			continue;
		}
		if (strncmp(arg, "--", 2) != 0) {
			fprintf(stderr, "cnap %s: unexpected argument '%s' (options start with --)\n", command, arg);
			return false;
		}
		const char *eq = strchr(arg, '=');
		size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
		int k = find_spec(spec, out->n_spec, arg, len);
		if (k < 0) {
			fprintf(stderr, "cnap %s: unknown option '%.*s' (see 'cnap %s --help')\n", command, (int)len, arg,
				command);
			return false;
		}
		if (out->present[k] && !(spec[k].help && strstr(spec[k].help, "(repeatable"))) {
			fprintf(stderr, "cnap %s: option '%s' given twice\n", command, spec[k].name);
			return false;
		}
		out->present[k] = true;
		if (spec[k].takes_value) {
			if (eq)
				out->values[k] = eq + 1;
			else if (i + 1 < argc)
				out->values[k] = argv[++i];
			else {
				fprintf(stderr, "cnap %s: option '%s' needs a value\n", command, spec[k].name);
				return false;
			}
		} else if (eq) {
			fprintf(stderr, "cnap %s: option '%s' takes no value\n", command, spec[k].name);
			return false;
		}
	}
	return true;
}

const char *cli_str(const struct cli_args *a, const char *name)
{
	int k = find_spec(a->spec, a->n_spec, name, strlen(name));
	return k >= 0 ? a->values[k] : NULL;
}

bool cli_flag(const struct cli_args *a, const char *name)
{
	int k = find_spec(a->spec, a->n_spec, name, strlen(name));
	return k >= 0 && a->present[k];
}

static bool int_value(const char *name, const char *s, long lo, long hi, long *out)
{
	bool ok;
	long v = parse_long(s, &ok);
	if (!ok || v < lo || v > hi) {
		fprintf(stderr, "cnap: %s must be a whole number between %ld and %ld (got '%s')\n", name, lo, hi, s);
		return false;
	}
	*out = v;
	return true;
}

bool cli_int(const struct cli_args *a, const char *name, long lo, long hi, long *out)
{
	const char *s = cli_str(a, name);
	return !s || int_value(name, s, lo, hi, out);
}

bool cli_strs(const struct cli_args *a, const char *name, const char **out, size_t max, size_t *n)
{
	size_t len = strlen(name);
	*n = 0;
	/* cli_parse accepted these arguments: every option is --name, --name=value or --name value. */
	for (int i = 0; i < a->argc; i++) {
		const char *arg = a->argv[i];
		const char *value = NULL;
		if (strncmp(arg, name, len) == 0 && arg[len] == '=')
			value = arg + len + 1;
		else if (strcmp(arg, name) == 0 && i + 1 < a->argc)
			value = a->argv[++i];
		else {
			if (strncmp(arg, "--", 2) == 0 && !strchr(arg, '=')) {
				int k = find_spec(a->spec, a->n_spec, arg, strlen(arg));
				if (k >= 0 && a->spec[k].takes_value)
					i++; /* its value, which may look like anything */
			}
			continue;
		}
		if (*n == max) {
			fprintf(stderr, "cnap: %s may be given at most %zu times\n", name, max);
			return false;
		}
		out[(*n)++] = value;
	}
	return true;
}

bool cli_ints(const struct cli_args *a, const char *name, long lo, long hi, long *out, size_t max, size_t *n)
{
	const char *values[64];
	if (max > CNAP_ARRAY_LEN(values))
		max = CNAP_ARRAY_LEN(values);
	if (!cli_strs(a, name, values, max, n))
		return false;
	for (size_t i = 0; i < *n; i++)
		if (!int_value(name, values[i], lo, hi, &out[i]))
			return false;
	return true;
}

void cli_usage(FILE *f, const char *command, const char *synopsis, const struct cli_opt_spec *spec, size_t n)
{
	fprintf(f, "usage: cnap %s %s\n\noptions:\n", command, synopsis);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-22s %s\n", spec[i].takes_value ? spec[i].name : spec[i].name, spec[i].help);
	fprintf(f, "  %-22s %s\n", "--help", "show this help");
}
