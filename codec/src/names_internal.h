/* SPDX-License-Identifier: MIT */
/* names_internal.h - the names of names.c, written straight into a line
 * (for the dumper).  Not installed. */
#ifndef FCGI_NAMES_INTERNAL_H
#define FCGI_NAMES_INTERNAL_H

#include <stdint.h>

/* Room each fcgi__put_*_name() call needs at q: the longest name
 * ("FCGI_GET_VALUES_RESULT", 22 characters) rounded up, because the names
 * are copied as whole fixed-size slots (a constant-size copy compiles to
 * two moves; a strlen + memcpy pair is two library calls). */
#define FCGI__NAME_SLOT 24

/* Write the name of a type, role or protocol status, or Net::FastCGI's
 * hexadecimal fallback for an unknown value, at q (not NUL-terminated;
 * octets up to q + FCGI__NAME_SLOT may be overwritten) and return the end
 * of the name. */
char *fcgi__put_type_name(char *q, uint8_t type);
char *fcgi__put_role_name(char *q, uint16_t role);
char *fcgi__put_protocol_status_name(char *q, uint8_t protocol_status);

#endif /* FCGI_NAMES_INTERNAL_H */
