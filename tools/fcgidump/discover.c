/* SPDX-License-Identifier: MIT */
/* discover.c - the php-fpm sockets of this machine (see discover.h). */
#include "discover.h"

#include <ctype.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LINE_MAX_LEN 1024
#define FILE_MAX_OCTETS (1 << 20)

struct found {
    discovered *items;
    size_t count, max;
};

/* The interface list is lines of {key=value} fields: text that could
 * end a field or a line cannot be shown. */
static bool printable(const char *text)
{
    for (const char *p = text; *p; p++)
        if (*p == '{' || *p == '}' || (unsigned char)*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

/* Adds path when it is (a link to) an existing socket not listed yet. */
static void add_socket(struct found *f, const char *path, const char *pool)
{
    char resolved[PATH_MAX];
    struct stat sb;
    if (f->count >= f->max || path[0] != '/' || !realpath(path, resolved) ||
        stat(resolved, &sb) != 0 || !S_ISSOCK(sb.st_mode) ||
        strlen(resolved) >= sizeof f->items[0].path)
        return;
    if (!printable(resolved))
        return;
    if (pool && !printable(pool))
        pool = NULL;
    for (size_t i = 0; i < f->count; i++) {
        if (!strcmp(f->items[i].path, resolved)) {
            if (!f->items[i].pool[0] && pool)
                snprintf(f->items[i].pool, sizeof f->items[i].pool, "%s", pool);
            return;
        }
    }
    discovered *d = &f->items[f->count++];
    memset(d, 0, sizeof *d);
    memcpy(d->path, resolved, strlen(resolved) + 1); /* its length was checked */
    if (pool)
        snprintf(d->pool, sizeof d->pool, "%s", pool);
    d->left_interposed = interpose_in_progress(resolved);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* The value of a `listen` line as php-fpm reads it: quotes removed,
 * `;` starting a comment outside them, `$pool` replaced by the section's
 * name.  Writes "" when the value uses anything else php-fpm would expand. */
static void listen_value(const char *raw, const char *pool, char *out, size_t cap)
{
    char value[LINE_MAX_LEN];
    size_t n = 0;
    if (*raw == '"' || *raw == '\'') {
        char q = *raw++;
        while (*raw && *raw != q && n + 1 < sizeof value)
            value[n++] = *raw++;
    } else {
        while (*raw && *raw != ';' && n + 1 < sizeof value)
            value[n++] = *raw++;
    }
    value[n] = '\0';
    char *v = trim(value);
    size_t o = 0;
    out[0] = '\0';
    for (const char *p = v; *p; p++) {
        if (*p == '$') {
            if (strncmp(p, "$pool", 5) != 0 || !pool) {
                out[0] = '\0';
                return;
            }
            int w = snprintf(out + o, cap - o, "%s", pool);
            if (w < 0 || (size_t)w >= cap - o) {
                out[0] = '\0';
                return;
            }
            o += (size_t)w;
            p += 4;
        } else {
            if (o + 1 >= cap) {
                out[0] = '\0';
                return;
            }
            out[o++] = *p;
            out[o] = '\0';
        }
    }
}

/* Reads the pool sections of one php-fpm configuration file. */
static void scan_config(struct found *f, const char *file)
{
    FILE *in = fopen(file, "re");
    if (!in)
        return;
    char line[LINE_MAX_LEN + 2];
    char pool[64] = "";
    long octets = 0;
    while (octets < FILE_MAX_OCTETS && fgets(line, sizeof line, in)) {
        size_t n = strlen(line);
        octets += (long)n;
        if (n > 0 && line[n - 1] != '\n' && !feof(in)) {
            /* Longer than any sane line: skip the rest of it. */
            int ch;
            while ((ch = fgetc(in)) != EOF && ch != '\n')
                octets++;
            continue;
        }
        char *s = trim(line);
        if (*s == '\0' || *s == ';' || *s == '#')
            continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (end) {
                *end = '\0';
                snprintf(pool, sizeof pool, "%s", trim(s + 1));
            }
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq)
            continue;
        *eq = '\0';
        if (strcmp(trim(s), "listen") != 0 || !pool[0] || !strcmp(pool, "global"))
            continue;
        char path[PATH_MAX];
        listen_value(trim(eq + 1), pool, path, sizeof path);
        add_socket(f, path, pool);
    }
    fclose(in);
}

/* Calls fn for every file matching one of the colon-separated patterns. */
static void each_match(struct found *f, const char *patterns,
                       void (*fn)(struct found *, const char *))
{
    char *copy = strdup(patterns);
    if (!copy)
        return;
    char *save = NULL;
    for (char *pat = strtok_r(copy, ":", &save); pat; pat = strtok_r(NULL, ":", &save)) {
        glob_t g;
        if (glob(pat, 0, NULL, &g) == 0) {
            for (size_t i = 0; i < g.gl_pathc; i++)
                fn(f, g.gl_pathv[i]);
        }
        globfree(&g);
    }
    free(copy);
}

static void add_socket_file(struct found *f, const char *path)
{
    add_socket(f, path, NULL);
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const discovered *)a)->path, ((const discovered *)b)->path);
}

/* fcgidump-BASE, BASE being the file name without ".sock", in characters
 * that are safe in a file name (Wireshark names its FIFO after it). */
static void base_name(const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/') + 1;
    size_t len = strlen(base);
    if (len > 5 && !strcmp(base + len - 5, ".sock"))
        len -= 5;
    size_t o = (size_t)snprintf(out, cap, "%s", DISCOVER_PREFIX);
    for (size_t i = 0; i < len && o + 1 < cap - 4; i++) {
        char c = base[i];
        out[o++] = (isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-') ? c : '_';
    }
    out[o] = '\0';
}

size_t discover_sockets(discovered *out, size_t max)
{
    struct found f = {.items = out, .max = max > DISCOVER_MAX ? DISCOVER_MAX : max};
    const char *configs = getenv("FCGIDUMP_POOL_CONFIGS");
    const char *sockets = getenv("FCGIDUMP_SOCKETS");
    /* Configurations first: they also say which pool a socket serves. */
    each_match(&f, configs ? configs : DISCOVER_POOL_CONFIGS, scan_config);
    each_match(&f, sockets ? sockets : DISCOVER_SOCKETS, add_socket_file);
    qsort(out, f.count, sizeof *out, by_path);
    for (size_t i = 0; i < f.count; i++) {
        char base[sizeof out[i].name];
        base_name(out[i].path, base, sizeof base);
        snprintf(out[i].name, sizeof out[i].name, "%.50s", base);
        for (unsigned n = 2; n < 100; n++) {
            bool taken = false;
            for (size_t j = 0; j < i; j++)
                taken |= !strcmp(out[j].name, out[i].name);
            if (!taken)
                break;
            snprintf(out[i].name, sizeof out[i].name, "%.50s-%u", base, n);
        }
    }
    return f.count;
}

int discover_find(const char *name, discovered *out)
{
    discovered all[DISCOVER_MAX];
    size_t n = discover_sockets(all, DISCOVER_MAX);
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(all[i].name, name)) {
            *out = all[i];
            return 0;
        }
    }
    return -1;
}
