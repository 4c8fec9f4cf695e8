/* SPDX-License-Identifier: MIT */
/* commands.h - the subcommands of `fcgi`; each lives in cmd_<name>.c. */
#ifndef FCGI_TOOL_COMMANDS_H
#define FCGI_TOOL_COMMANDS_H

/* Each returns the process exit status.  argv[0] is the subcommand name. */
int cmd_dump(int argc, char **argv);
int cmd_request(int argc, char **argv);
int cmd_values(int argc, char **argv);
int cmd_ping(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_proxy(int argc, char **argv);

#endif
