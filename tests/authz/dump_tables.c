/*
 * Prints the route table and the CLI command table, one row a line, so the
 * authorization matrix (matrix.py) is built from the tables themselves: a
 * route or command added without its expectation row fails the matrix.
 *   route  METHOD  PATTERN  public|login  api|html
 *   command  GROUP-or-"-"  NAME
 */
#include "base/compat.h"
#include "cli/cli.h"
#include "web/app.h"

#include <stdio.h>

int main(void)
{
	struct web_route_info r;
	for (size_t i = 0; web_route_at(i, &r); i++)
		printf("route\t%s\t%s\t%s\t%s\n", r.method, r.pattern, r.public_route ? "public" : "login",
		       r.api ? "api" : "html");
	size_t n;
	const struct cli_command *c = cli_commands(&n);
	for (size_t i = 0; i < n; i++)
		printf("command\t%s\t%s\n", c[i].group ? c[i].group : "-", c[i].name);
	return 0;
}
