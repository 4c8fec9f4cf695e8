/* SPDX-License-Identifier: MIT */
/* option_number.h - a numeric command-line value, checked against its
 * range, for fcgi and fcgidump alike. */
#ifndef FCGI_TOOL_OPTION_NUMBER_H
#define FCGI_TOOL_OPTION_NUMBER_H

/* Parses all of `text` as a number in `base` (8 for modes, 10 otherwise)
 * within [min, max], min >= 0.  Returns it, or -1 after printing
 * "PROG: OPT: 'TEXT' is not a number from MIN to MAX" on standard error. */
long option_number(const char *prog, const char *opt, const char *text, int base, long min,
                   long max);

#endif /* FCGI_TOOL_OPTION_NUMBER_H */
