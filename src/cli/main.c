/* cnap: git-style subcommands. */
#include "base/compat.h"
#include "base/testhook.h"
#include "cli/cli.h"

#include <string.h>

static void usage(FILE *f)
{
	size_t n;
	const struct cli_command *commands = cli_commands(&n);
	fprintf(f, "usage: cnap COMMAND [SUBCOMMAND] [OPTIONS]\n\n"
		   "cnap runs the follow-up review of industry Carbon Neutral Action Plans:\n"
		   "survey outlines, pre-meeting questions and answers, and the published 事前質問・回答一覧.\n\n"
		   "commands:\n");
	for (size_t i = 0; i < n; i++) {
		char name[48];
		snprintf(name, sizeof(name), "%s%s%s", commands[i].group ? commands[i].group : "",
			 commands[i].group ? " " : "", commands[i].name);
		fprintf(f, "  %-22s %s\n", name, commands[i].summary);
	}
	fprintf(f, "\n'cnap COMMAND --help' describes the options. Exit codes: 0 ok, 1 internal error,\n"
		   "2 usage, 3 not found, 4 invalid input, 5 conflict, 6 permission denied, 7 unsupported file.\n");
}

/* A subcommand of two words ("text show" of `cnap survey text show`). */
static bool two_words(const char *name, const char *first, const char *second)
{
	size_t n = strlen(first);
	return strncmp(name, first, n) == 0 && name[n] == ' ' && strcmp(name + n + 1, second) == 0;
}

int main(int argc, char **argv)
{
	size_t n;
	const struct cli_command *commands = cli_commands(&n);
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("cnap %s\n", CNAP_VERSION);
		/* Said every time, so an operator can tell a test build from a release one before deploying it. */
		if (cnap_testhook_enabled())
			printf("test hooks: on (obeys CNAP_FAST_HASH and CNAP_FIXED_NOW; never deploy this build)\n");
		else
			printf("test hooks: off\n");
		return EXIT_OK;
	}
	for (size_t i = 0; i < n; i++) {
		const struct cli_command *c = &commands[i];
		if (!c->group && strcmp(argv[1], c->name) == 0)
			return c->fn(argc - 2, argv + 2);
		if (c->group && strcmp(argv[1], c->group) == 0 && argc >= 3 && strcmp(argv[2], c->name) == 0)
			return c->fn(argc - 3, argv + 3);
		if (c->group && strcmp(argv[1], c->group) == 0 && argc >= 4 && two_words(c->name, argv[2], argv[3]))
			return c->fn(argc - 4, argv + 4);
	}
	bool group = false;
	for (size_t i = 0; i < n; i++)
		if (commands[i].group && strcmp(argv[1], commands[i].group) == 0)
			group = true;
	/* 'cnap question --help': the group's subcommands, as 'cnap --help' lists them. */
	if (group && argc >= 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
		printf("usage: cnap %s SUBCOMMAND [OPTIONS]\n\nsubcommands:\n", argv[1]);
		for (size_t i = 0; i < n; i++)
			if (commands[i].group && strcmp(argv[1], commands[i].group) == 0)
				printf("  %-22s %s\n", commands[i].name, commands[i].summary);
		printf("\n'cnap %s SUBCOMMAND --help' describes the options.\n", argv[1]);
		return EXIT_OK;
	}
	if (group)
		fprintf(stderr, "cnap: '%s' needs a subcommand: ", argv[1]);
	else
		fprintf(stderr, "cnap: unknown command '%s'\n", argv[1]);
	if (group) {
		for (size_t i = 0; i < n; i++)
			if (commands[i].group && strcmp(argv[1], commands[i].group) == 0)
				fprintf(stderr, "%s ", commands[i].name);
		fputc('\n', stderr);
	}
	fprintf(stderr, "run 'cnap --help' for the list of commands\n");
	return EXIT_USAGE;
}
