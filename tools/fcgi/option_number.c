/* SPDX-License-Identifier: MIT */
#include "option_number.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

long option_number(const char *prog, const char *opt, const char *text, int base, long min,
                   long max)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, base);
    if (errno || end == text || *end || v < min || v > max) {
        fprintf(stderr, "%s: %s: '%s' is not a number from %ld to %ld\n", prog, opt, text, min,
                max);
        return -1;
    }
    return v;
}
