/* Reading route files: whole-file reads (mmap for regular files, read() for pipes),
 * refusal of directories and devices, transparent gzip, detection, then the parser. */
#include "erready/routes.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "routes/internal.h"

#define DETECT_WINDOW (64 * 1024)

bool er_is_gzip(const char *buf, size_t len)
{
    return len >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b;
}

/* How it works: zlib inflates with gzip framing (windowBits 16+15) into a buffer that
 * doubles up to the cap. Input and output are fed in chunks of at most UINT_MAX bytes
 * because z_stream counts in uInt. After a member ends, another member may follow
 * (what `cat a.gz b.gz` produces); anything else after the end is an error, like a
 * stream that runs out of input before its end. */
er_status er_gunzip(const char *buf, size_t len, size_t cap, char **out, size_t *out_len,
                    const char **why)
{
    *out = NULL;
    *out_len = 0;
    *why = NULL;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        *why = "cannot start the gzip decoder";
        return ER_ERR_NOMEM;
    }
    size_t ocap = len < (1u << 14) ? (size_t)1 << 16 : len * 4;
    if (len > SIZE_MAX / 4 || ocap > cap)
        ocap = cap;
    if (ocap == 0)
        ocap = 1;
    char *o = malloc(ocap);
    if (!o) {
        inflateEnd(&zs);
        *why = "out of memory";
        return ER_ERR_NOMEM;
    }
    const unsigned char *in = (const unsigned char *)buf;
    size_t in_left = len, n = 0;
    er_status st = ER_OK;
    for (;;) {
        if (zs.avail_in == 0 && in_left) {
            size_t chunk = in_left < UINT_MAX ? in_left : UINT_MAX;
            zs.next_in = (Bytef *)(uintptr_t)in;
            zs.avail_in = (uInt)chunk;
            in += chunk;
            in_left -= chunk;
        }
        if (n == ocap) {
            if (ocap >= cap) {
                *why = "decompressed data exceeds the size limit (gzip bomb?)";
                st = ER_ERR_PARSE;
                break;
            }
            size_t nc = ocap > cap / 2 ? cap : ocap * 2;
            char *no = realloc(o, nc);
            if (!no) {
                *why = "out of memory";
                st = ER_ERR_NOMEM;
                break;
            }
            o = no;
            ocap = nc;
        }
        size_t room = ocap - n < UINT_MAX ? ocap - n : UINT_MAX;
        zs.next_out = (Bytef *)(o + n);
        zs.avail_out = (uInt)room;
        int r = inflate(&zs, Z_NO_FLUSH);
        n += room - zs.avail_out;
        if (r == Z_STREAM_END) {
            size_t rest = zs.avail_in + in_left;
            if (rest == 0)
                break;
            /* The next member's first two bytes may straddle a chunk boundary only
             * for inputs above 4 GiB; peek at both places. */
            bool magic = false;
            if (rest >= 2) {
                unsigned char b0 = zs.avail_in ? zs.next_in[0] : in[0];
                unsigned char b1 = zs.avail_in > 1 ? zs.next_in[1] : zs.avail_in ? in[0] : in[1];
                magic = b0 == 0x1f && b1 == 0x8b;
            }
            if (!magic) {
                *why = "trailing data after the gzip stream";
                st = ER_ERR_PARSE;
                break;
            }
            if (inflateReset(&zs) != Z_OK) {
                *why = "cannot restart the gzip decoder";
                st = ER_ERR_PARSE;
                break;
            }
            continue;
        }
        if (r == Z_OK || r == Z_BUF_ERROR) {
            if (zs.avail_out != 0 && zs.avail_in == 0 && in_left == 0) {
                *why = "gzip data is truncated";
                st = ER_ERR_PARSE;
                break;
            }
            continue;
        }
        if (r == Z_MEM_ERROR) {
            *why = "out of memory";
            st = ER_ERR_NOMEM;
        } else {
            *why = zs.msg ? zs.msg : "corrupt gzip data";
            st = ER_ERR_PARSE;
        }
        break;
    }
    inflateEnd(&zs);
    if (st != ER_OK) {
        free(o);
        return st;
    }
    *out = o;
    *out_len = n;
    return ER_OK;
}

static er_status load_plain(er_rtable *t, uint32_t file_idx, const char *name, const char *buf,
                            size_t len, const er_parser *parser, const char *vrf_filter,
                            er_diags *diags)
{
    if (len == 0) {
        er_diags_add(diags, ER_DIAG_ERROR, name, 0, 0, "file is empty");
        return ER_ERR_PARSE;
    }
    if (!parser) {
        parser = er_detect_format(buf, len < DETECT_WINDOW ? len : DETECT_WINDOW);
        if (!parser) {
            er_diags_add(diags, ER_DIAG_ERROR, name, 0, 0,
                         "cannot tell which route format this is; name it with "
                         "--input-format (see 'erready formats')");
            return ER_ERR_PARSE;
        }
    }
    er_rtable_set_format(&t->files[file_idx], parser->name);
    /* Size hint: a route line of any text format is at least ~64 bytes and its strings
     * (AS path, names) take well under half of it. Reserved pages that stay untouched
     * cost address space only. */
    if (len >= ((size_t)1 << 20))
        er_rtable_reserve(t, len / 64, len / 2);
    er_parse_stats stats = {0};
    er_parse_ctx ctx = {t, diags, t->files[file_idx].path, file_idx, &stats, vrf_filter};
    er_status st = parser->parse(&ctx, buf, len);
    /* The parser may have grown the file array? No: only routes and arena grow. */
    t->files[file_idx].stats = stats;
    if (st == ER_OK && stats.routes == 0) {
        er_diags_add(diags, ER_DIAG_ERROR, name, 0, 0,
                     "no routes found in %llu lines (read as %s)",
                     (unsigned long long)stats.lines, parser->name);
        return ER_ERR_PARSE;
    }
    return st;
}

er_status er_rtable_load_buffer(er_rtable *t, const char *name, const char *buf, size_t len,
                                const er_parser *parser, const char *vrf_filter,
                                er_diags *diags)
{
    er_rfile *f = er_rtable_add_file(t, name);
    if (!f)
        return ER_ERR_NOMEM;
    uint32_t file_idx = (uint32_t)(t->n_files - 1);
    if (!er_is_gzip(buf, len))
        return load_plain(t, file_idx, name, buf, len, parser, vrf_filter, diags);
    char *plain = NULL;
    size_t plain_len = 0;
    const char *why = NULL;
    er_status st = er_gunzip(buf, len, ER_GZIP_MAX, &plain, &plain_len, &why);
    if (st != ER_OK) {
        er_diags_add(diags, ER_DIAG_ERROR, name, 0, 0, "cannot decompress gzip input: %s", why);
        return st;
    }
    if (er_is_gzip(plain, plain_len)) {
        er_diags_add(diags, ER_DIAG_ERROR, name, 0, 0,
                     "gzip inside gzip: decompress the outer layer first");
        st = ER_ERR_PARSE;
    } else {
        st = load_plain(t, file_idx, name, plain, plain_len, parser, vrf_filter, diags);
    }
    free(plain);
    return st;
}

/* Read all of fd into a malloc'd buffer. */
static er_status read_all(int fd, char **out, size_t *out_len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return ER_ERR_NOMEM;
    for (;;) {
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return ER_ERR_NOMEM;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN) {
                /* Non-blocking FIFO with a writer still running: wait for data. */
                int fl = fcntl(fd, F_GETFL);
                if (fl >= 0 && fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == 0)
                    continue;
            }
            free(buf);
            return ER_ERR_IO;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *out = buf;
    *out_len = n;
    return ER_OK;
}

er_status er_rtable_load(er_rtable *t, const char *path, const er_parser *parser,
                         const char *vrf_filter, er_diags *diags)
{
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? 0 : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return ER_ERR_IO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "cannot stat: %s", strerror(errno));
        if (!is_stdin)
            close(fd);
        return ER_ERR_IO;
    }
    if (S_ISDIR(st.st_mode)) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "is a directory, not a route file");
        close(fd);
        return ER_ERR_IO;
    }
    if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode) &&
        !S_ISSOCK(st.st_mode)) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "not a regular file");
        if (!is_stdin)
            close(fd);
        return ER_ERR_IO;
    }
    er_status rc;
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
        size_t len = (size_t)st.st_size;
        void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED) {
            er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
            if (!is_stdin)
                close(fd);
            return ER_ERR_IO;
        }
#ifdef MADV_SEQUENTIAL
        madvise(m, len, MADV_SEQUENTIAL);
#endif
        rc = er_rtable_load_buffer(t, path, m, len, parser, vrf_filter, diags);
        munmap(m, len);
    } else {
        if (!is_stdin) {
            /* FIFOs were opened non-blocking so a FIFO without a writer cannot hang open(). */
            int fl = fcntl(fd, F_GETFL);
            if (fl >= 0)
                fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
        }
        char *buf = NULL;
        size_t len = 0;
        rc = read_all(fd, &buf, &len);
        if (rc != ER_OK) {
            er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
        } else {
            rc = er_rtable_load_buffer(t, is_stdin ? "<stdin>" : path, buf, len, parser,
                                       vrf_filter, diags);
        }
        free(buf);
    }
    if (!is_stdin)
        close(fd);
    return rc;
}
