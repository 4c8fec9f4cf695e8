/* SPDX-License-Identifier: MIT */
/* pcapng.h - a minimal pcapng writer: one section, interfaces, enhanced
 * packet blocks, comments.
 *
 * Blocks are written in host byte order (the Section Header's byte-order
 * magic tells readers which).  Layout follows draft-ietf-opsawg-pcapng:
 *   SHB  block type 0x0A0D0D0A, options shb_userappl, opt_comment
 *   IDB  block type 1, options if_name, if_description, if_tsresol,
 *        opt_comment
 *   EPB  block type 6, 64-bit timestamp in the interface's resolution,
 *        option opt_comment
 * Every option value is padded to 32 bits; every block ends with its
 * total length repeated.
 *
 * The writer never buffers a block itself: each call hands one complete
 * block to stdio.  With `flush_each` set, stdio is flushed after every
 * block, which is what a live reader on a pipe (`wireshark -k -i -`) needs.
 * After the first write error the writer stops writing and every later
 * call returns -1 at once (a reader that went away must not stop the
 * caller's real work). */
#ifndef FCGI_TOOL_PCAPNG_H
#define FCGI_TOOL_PCAPNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Link types (https://www.tcpdump.org/linktypes.html). */
#define PCAPNG_LINKTYPE_ETHERNET 1
#define PCAPNG_LINKTYPE_IPV4 228 /* raw IPv4 packets, no link header */

typedef struct pcapng_writer {
    FILE *out;
    bool flush_each;
    bool failed;       /* sticky: a write failed, nothing more is written */
    int error;         /* errno of that failure */
    uint32_t interfaces;
    uint64_t packets;
} pcapng_writer;

/* Prepares w to write to out (owned by the caller, who closes it). */
void pcapng_writer_init(pcapng_writer *w, FILE *out, bool flush_each);

/* Writes the Section Header Block.  app names the writing program
 * (shb_userappl), comment may be NULL.  0 on success, -1 on failure. */
int pcapng_write_section(pcapng_writer *w, const char *app, const char *comment);

/* Writes an Interface Description Block with nanosecond timestamps
 * (if_tsresol = 9).  name, description and comment may be NULL.  On
 * success returns the new interface's id (0, 1, ...), otherwise -1. */
int pcapng_write_interface(pcapng_writer *w, uint16_t linktype, uint32_t snaplen,
                           const char *name, const char *description, const char *comment);

/* Writes an Enhanced Packet Block for interface `ifid`: the len octets of
 * data, captured whole, stamped ts_ns nanoseconds since the Unix epoch,
 * with an optional comment.  0 on success, -1 on failure. */
int pcapng_write_packet(pcapng_writer *w, uint32_t ifid, uint64_t ts_ns, const void *data,
                        size_t len, const char *comment);

/* Pushes stdio's buffer to the file.  0 on success, -1 on failure. */
int pcapng_flush(pcapng_writer *w);

#endif
