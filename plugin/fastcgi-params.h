// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-params.h - the display of name-value pairs: the "Parameters"
 * subtree of PARAMS, GET_VALUES and GET_VALUES_RESULT records, a row per
 * pair that is a field of its own, pairs split across records, and the
 * expert items about pairs.
 */
#ifndef FASTCGI_PARAMS_H
#define FASTCGI_PARAMS_H

#include <epan/packet.h>
#include <epan/expert.h>

#include "fastcgi-request.h"

void fastcgi_params_register(int proto);

/* The pairs of a PARAMS record, as the first pass found them (ri). */
void fastcgi_show_params(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                         proto_item *record_item, const fastcgi_record_info *ri);

/* The pairs of a GET_VALUES or GET_VALUES_RESULT record (whole in it). */
void fastcgi_show_discrete_pairs(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                 proto_item *record_item);

#endif /* FASTCGI_PARAMS_H */
