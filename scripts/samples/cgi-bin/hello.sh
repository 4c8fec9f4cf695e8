#!/bin/sh
# SPDX-License-Identifier: MIT
# A CGI script run by fcgiwrap: prints a few CGI variables and the body it got.
printf 'Content-Type: text/plain\r\n'
printf 'X-Served-By: fcgiwrap\r\n\r\n'
echo "CGI script $SCRIPT_NAME"
echo "method=$REQUEST_METHOD query=$QUERY_STRING"
if [ -n "$CONTENT_LENGTH" ] && [ "$CONTENT_LENGTH" -gt 0 ]; then
  printf 'body='
  head -c "$CONTENT_LENGTH"
  echo
fi
