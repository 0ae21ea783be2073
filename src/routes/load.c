/* Reading route files: whole-file reads (mmap for regular files, read() for pipes),
 * refusal of directories and devices, detection, then the parser. */
#include "erready/routes.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "routes/internal.h"

#define DETECT_WINDOW (64 * 1024)

er_status er_rtable_load_buffer(er_rtable *t, const char *name, const char *buf, size_t len,
                                const er_parser *parser, const char *vrf_filter,
                                er_diags *diags)
{
    er_rfile *f = er_rtable_add_file(t, name);
    if (!f)
        return ER_ERR_NOMEM;
    uint32_t file_idx = (uint32_t)(t->n_files - 1);
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
