// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-body.h - the display of what streams carry: STDIN and DATA
 * bodies, the CGI response on STDOUT (header lines, status, the body
 * decompressed and handed to Wireshark's media dissectors), STDERR text.
 */
#ifndef FASTCGI_BODY_H
#define FASTCGI_BODY_H

#include <epan/packet.h>
#include <epan/prefs.h>

#include "fastcgi-request.h"

void fastcgi_body_register(int proto, module_t *prefs);
void fastcgi_body_handoff(void);

/* A record whose content the first pass kept as stream octets
 * (FASTCGI_REC_KEPT): remembered for this frame, so that a stream that
 * completes in the frame where all its octets came is rebuilt from its
 * records.  Called for every such record, in record order, every pass. */
void fastcgi_body_keep(packet_info *pinfo, const fastcgi_request *req, guint8 type,
                       tvbuff_t *content);

/* The stream (of `type`) that completed with this record
 * (FASTCGI_REC_DONE). */
void fastcgi_show_done_stream(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                              const fastcgi_record_info *ri, guint8 type);

/* The stream (of `type`) went over max_body with this record
 * (FASTCGI_REC_LIMIT): said here, where it happens, since a stream that
 * never ends has no completing record. */
void fastcgi_show_stream_limit(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                               guint8 type);

/* STDERR content as text lines. */
void fastcgi_show_stderr(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                         proto_item *record_item);

/* The response's status and content type, generated, for an END_REQUEST
 * whose frame does not show the STDOUT itself. */
void fastcgi_show_response_summary(proto_tree *tree, tvbuff_t *tvb,
                                   const fastcgi_request *req);

#endif /* FASTCGI_BODY_H */
