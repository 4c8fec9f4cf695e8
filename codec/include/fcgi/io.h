/* SPDX-License-Identifier: MIT */
/*
 * fcgi/io.h - blocking reads and writes of records on file descriptors.
 *
 * For POSIX descriptors (sockets, pipes, files).  Every call blocks until done, retries on EINTR, and
 * handles short reads and writes; on a descriptor set non-blocking, EAGAIN
 * waits in poll() and goes on, so the calls block all the same.  Nothing
 * allocates and nothing is copied: writes gather header, content and
 * padding with writev()/sendmsg().
 *
 * SIGPIPE: on sockets, writes use MSG_NOSIGNAL, so a peer that went away
 * gives FCGI_E_IO with errno EPIPE.  On pipes and other descriptors the
 * signal is raised as for any write(); callers writing to pipes ignore or
 * block SIGPIPE themselves.
 *
 * Errors: FCGI_E_IO leaves errno as the failing system call set it.
 * FCGI_E_EOF is a clean end of stream before the first octet of a header;
 * FCGI_E_UNEXPECTED_EOF is an end of stream in the middle of a record.
 */
#ifndef FCGI_IO_H
#define FCGI_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fcgi/export.h"
#include "fcgi/protocol.h"
#include "fcgi/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reads exactly one header.  Returns FCGI_OK, FCGI_E_EOF,
 * FCGI_E_UNEXPECTED_EOF, FCGI_E_IO or FCGI_E_VERSION. */
FCGI_API fcgi_status fcgi_read_header(int fd, fcgi_header *out);

/* Reads exactly one whole record (header, content, padding) into
 * buf[0..cap) and parses it as fcgi_parse_record() does; out's spans point
 * into buf.  cap >= FCGI_MAX_RECORD_LEN always suffices; a record that does
 * not fit gives FCGI_E_BUFFER_TOO_SMALL with *record_len set and nothing
 * beyond the header consumed.  *record_len (may be NULL) receives the
 * record's length.  When the body is malformed the record has still been
 * consumed whole (the stream stays in step) and the body's error is
 * returned.  Returns FCGI_OK, FCGI_E_EOF, FCGI_E_UNEXPECTED_EOF, FCGI_E_IO,
 * FCGI_E_VERSION, FCGI_E_BUFFER_TOO_SMALL or a fcgi_parse_record_body()
 * error. */
FCGI_API fcgi_status fcgi_read_record(int fd, void *buf, size_t cap, fcgi_record *out,
                                      size_t *record_len);

/* Writes one header.  FCGI_OK or FCGI_E_IO. */
FCGI_API fcgi_status fcgi_write_header(int fd, uint8_t type, uint16_t request_id,
                                       uint16_t content_length, uint8_t padding_length);

/* Writes one record as fcgi_build_record() builds it.  FCGI_OK,
 * FCGI_E_CONTENT_TOO_LONG or FCGI_E_IO. */
FCGI_API fcgi_status fcgi_write_record(int fd, uint8_t type, uint16_t request_id,
                                       const void *content, size_t content_len);

/* Writes a stream as fcgi_build_stream() builds it, without building it in
 * memory: the segments' headers and content go out straight from where they
 * are, up to 32 segments per system call.  On FCGI_E_IO an unknown prefix
 * of the stream has been written.  FCGI_OK or FCGI_E_IO. */
FCGI_API fcgi_status fcgi_write_stream(int fd, uint8_t type, uint16_t request_id,
                                       const void *content, size_t content_len, bool terminate);

/* Waits until fd is readable (writable) or timeout_ms milliseconds pass
 * (negative: wait forever; 0: poll).  EINTR restarts the wait with the time
 * that remains.  Returns FCGI_OK when ready (which includes end of stream
 * and error conditions, as poll() reports them), FCGI_E_TIMEOUT, or
 * FCGI_E_IO. */
FCGI_API fcgi_status fcgi_can_read(int fd, int timeout_ms);
FCGI_API fcgi_status fcgi_can_write(int fd, int timeout_ms);

#ifdef __cplusplus
}
#endif

#endif /* FCGI_IO_H */
