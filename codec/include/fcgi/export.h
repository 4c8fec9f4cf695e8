/* SPDX-License-Identifier: MIT */
/* fcgi/export.h - symbol visibility.  The library is compiled with hidden
 * visibility; only what is marked FCGI_API is exported. */
#ifndef FCGI_EXPORT_H
#define FCGI_EXPORT_H

#if defined(_WIN32) && defined(FCGI_SHARED_BUILD)
#  define FCGI_API __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#  define FCGI_API __attribute__((visibility("default")))
#else
#  define FCGI_API
#endif

#endif /* FCGI_EXPORT_H */
