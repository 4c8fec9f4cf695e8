/* SPDX-License-Identifier: MIT */
/*
 * fcgi/fcgi.h - the whole fcgicodec library.
 *
 *   fcgi/constant.h  protocol constants (compatible with libfcgi's fastcgi.h)
 *   fcgi/status.h    the result type and its messages
 *   fcgi/protocol.h  build/parse/dump of every message
 *   fcgi/parser.h    incremental record parser and name-value stream decoder
 *   fcgi/io.h        blocking record I/O on descriptors
 *   fcgi/cgi.h       the CGI response header block at the start of STDOUT
 *
 * Not included: fcgi/parser_inline.h, inline calls for fcgi/parser.h that
 * tie a program to the library version it was compiled against.
 *
 * The functions of protocol.h and io.h are named after those of Perl's
 * Net::FastCGI (fcgi_ + its name); README.md says how the two compare.
 */
#ifndef FCGI_FCGI_H
#define FCGI_FCGI_H

#include "fcgi/constant.h"
#include "fcgi/status.h"
#include "fcgi/protocol.h"
#include "fcgi/parser.h"
#include "fcgi/io.h"
#include "fcgi/cgi.h"

#define FCGI_CODEC_VERSION_MAJOR 0
#define FCGI_CODEC_VERSION_MINOR 1
#define FCGI_CODEC_VERSION_PATCH 0
#define FCGI_CODEC_VERSION_STRING "0.1.0"

#endif /* FCGI_FCGI_H */
