/* The cache of downloaded feeds: layout, state file, atomic replacement, validation,
 * the previous version, and which data is in use.
 *
 * How it works: each dataset has its own directory in the cache (servicetags-public,
 * m365-worldwide, ...) holding immutable data files under their published names
 * (ServiceTags_Public_20251103.json) and one small text file, "state", that names the
 * current and the previous version with their metadata: source URL, cloud, change number
 * or M365 version, date, HTTP validators, size, FNV-1a hash, counts and times. Data files
 * are never modified in place. A commit writes the new data file (temporary name, fsync,
 * rename, fsync of the directory), then replaces the state file the same way; the state
 * rename is the single commit point. Whatever is interrupted, the state names complete
 * files, and files it does not name (stray temporaries, versions older than the previous
 * one) are removed by the next commit. Readers trust the state only after checking the
 * named file's size and hash, and fall back to the previous version when the current one
 * is damaged, then to the bundled snapshot. Updates of one dataset are serialised by an
 * fcntl lock on its ".lock" file. Validation ("judges") compares a candidate with the
 * current version before anything is written. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "erready/update.h"
#include "catalog/update_internal.h"

#define STATE_NAME "state"
#define STATE_MAGIC "erready-cache 1"
#define MAX_DATA_FILE ((size_t)256 << 20)

struct er_store {
    char *dir;
    int lock_fd;
    const er_dataset_id *locked;
};

/* ---- datasets ---- */

static const er_dataset_id datasets[] = {
    {ER_DATA_SERVICETAGS, "public", "Public", "56519", "servicetags-public"},
    {ER_DATA_SERVICETAGS, "usgov", "AzureGovernment", "57063", "servicetags-usgov"},
    {ER_DATA_SERVICETAGS, "china", "China", "57062", "servicetags-china"},
    {ER_DATA_M365, "worldwide", "Worldwide", "Worldwide", "m365-worldwide"},
    {ER_DATA_M365, "usgovdod", "USGovDoD", "USGovDoD", "m365-usgovdod"},
    {ER_DATA_M365, "usgovgcchigh", "USGovGCCHigh", "USGovGCCHigh", "m365-usgovgcchigh"},
    {ER_DATA_M365, "china", "China", "China", "m365-china"},
};

/* Other names clouds go by (ARM / PowerShell environment names). */
static const struct {
    const char *alias, *name;
} cloud_aliases[] = {
    {"AzureCloud", "public"},          {"AzurePublicCloud", "public"},
    {"AzureUSGovernment", "usgov"},    {"usgovernment", "usgov"},
    {"AzureChinaCloud", "china"},
};

const er_dataset_id *er_dataset_lookup(er_data_kind kind, const char *name)
{
    if (!name)
        return NULL;
    if (kind == ER_DATA_SERVICETAGS)
        for (size_t i = 0; i < ER_ARRAY_LEN(cloud_aliases); i++)
            if (strcasecmp(name, cloud_aliases[i].alias) == 0)
                name = cloud_aliases[i].name;
    for (size_t i = 0; i < ER_ARRAY_LEN(datasets); i++)
        if (datasets[i].kind == kind && (strcasecmp(name, datasets[i].name) == 0 ||
                                         strcasecmp(name, datasets[i].feed_name) == 0))
            return &datasets[i];
    return NULL;
}

const er_dataset_id *er_dataset_all(size_t *n)
{
    *n = ER_ARRAY_LEN(datasets);
    return datasets;
}

er_data_kind er_data_detect(const char *buf, size_t len)
{
    size_t i = 0;
    if (len >= 3 && (unsigned char)buf[0] == 0xef && (unsigned char)buf[1] == 0xbb &&
        (unsigned char)buf[2] == 0xbf)
        i = 3;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        i++;
    if (i < len && buf[i] == '{')
        return ER_DATA_SERVICETAGS;
    if (i < len && buf[i] == '[')
        return ER_DATA_M365;
    return ER_DATA_UNKNOWN;
}

/* ---- dataset info ---- */

void er_dataset_info_clear(er_dataset_info *i)
{
    if (!i)
        return;
    free(i->path);
    free(i->file);
    free(i->source);
    free(i->cloud);
    free(i->version);
    free(i->date);
    free(i->etag);
    free(i->last_modified);
    memset(i, 0, sizeof *i);
}

static char *dup0(const char *s)
{
    return strdup(s ? s : "");
}

/* Give every string field of i a value ("" when NULL). False on no memory. */
static bool fill_strings(er_dataset_info *i)
{
    char **f[] = {&i->source, &i->cloud, &i->version, &i->date, &i->etag, &i->last_modified};
    for (size_t k = 0; k < ER_ARRAY_LEN(f); k++)
        if (!*f[k] && !(*f[k] = strdup("")))
            return false;
    return true;
}

er_status er_dataset_info_from_catalog(const er_catalog *c, er_dataset_info *out)
{
    memset(out, 0, sizeof *out);
    const er_feed_info *fi = er_catalog_feed(c);
    out->id = er_dataset_lookup(ER_DATA_SERVICETAGS, fi->cloud);
    out->source = dup0(fi->source);
    out->cloud = dup0(fi->cloud);
    out->date = dup0(fi->date);
    out->change_number = fi->change_number;
    out->bundled = fi->bundled;
    if (!fi->bundled && fi->source && !(out->path = strdup(fi->source))) {
        er_dataset_info_clear(out);
        return ER_ERR_NOMEM;
    }
    out->n_sets = er_catalog_count(c);
    for (size_t k = 0; k < out->n_sets; k++)
        out->n_prefixes += er_catalog_service(c, k)->n_prefixes;
    if (!out->source || !out->cloud || !out->date || !fill_strings(out)) {
        er_dataset_info_clear(out);
        return ER_ERR_NOMEM;
    }
    return ER_OK;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* "YYYY-MM-DD" to unix time at 00:00 UTC; false when malformed. */
static bool parse_date(const char *s, int64_t *t)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    unsigned y = (unsigned)atoi(s), m = (unsigned)atoi(s + 5), d = (unsigned)atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    *t = days_from_civil(y, m, d) * 86400;
    return true;
}

double er_dataset_age_days(const er_dataset_info *i, time_t now)
{
    int64_t t;
    if (i->checked > 0)
        t = i->checked;
    else if (!parse_date(i->date, &t) && (t = i->stored) <= 0)
        return -1;
    double days = ((double)now - (double)t) / 86400.0;
    return days < 0 ? 0 : days;
}

/* ---- files ---- */

uint64_t er_fnv1a64(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

/* Read a whole file (NUL-terminated) of at most max bytes. ER_ERR_NOTFOUND when absent. */
er_status er_file_read_capped(const char *path, size_t max, char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? ER_ERR_NOTFOUND : ER_ERR_IO;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > max) {
        close(fd);
        return ER_ERR_IO;
    }
    size_t n = (size_t)st.st_size;
    char *b = malloc(n + 1);
    if (!b) {
        close(fd);
        return ER_ERR_NOMEM;
    }
    size_t off = 0;
    while (off < n) {
        ssize_t r = read(fd, b + off, n - off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        off += (size_t)r;
    }
    close(fd);
    if (off != n) {
        free(b);
        return ER_ERR_IO;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return ER_OK;
}

static bool fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    int rc = fsync(fd);
    close(fd);
    return rc == 0 || errno == EINVAL;
}

/* Write dir/name atomically: dir/.tmp-<pid>-<name>, fsync, rename, fsync dir. */
static er_status write_atomic(const char *dir, const char *name, const char *data, size_t len,
                              er_diags *diags)
{
    char tmpname[300];
    snprintf(tmpname, sizeof tmpname, ".tmp-%ld-%s", (long)getpid(), name);
    char *tmp = join(dir, tmpname), *dst = join(dir, name);
    if (!tmp || !dst) {
        free(tmp);
        free(dst);
        return ER_ERR_NOMEM;
    }
    er_status st = ER_OK;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        er_diags_add(diags, ER_DIAG_ERROR, tmp, 0, 0, "cannot create: %s", strerror(errno));
        st = ER_ERR_IO;
        goto out;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            er_diags_add(diags, ER_DIAG_ERROR, tmp, 0, 0, "cannot write: %s", strerror(errno));
            st = ER_ERR_IO;
            break;
        }
        off += (size_t)w;
    }
    if (st == ER_OK && fsync(fd) != 0) {
        er_diags_add(diags, ER_DIAG_ERROR, tmp, 0, 0, "cannot sync: %s", strerror(errno));
        st = ER_ERR_IO;
    }
    if (close(fd) != 0 && st == ER_OK) {
        er_diags_add(diags, ER_DIAG_ERROR, tmp, 0, 0, "cannot write: %s", strerror(errno));
        st = ER_ERR_IO;
    }
    if (st == ER_OK && rename(tmp, dst) != 0) {
        er_diags_add(diags, ER_DIAG_ERROR, dst, 0, 0, "cannot rename '%s' into place: %s",
                     tmpname, strerror(errno));
        st = ER_ERR_IO;
    }
    if (st != ER_OK)
        unlink(tmp);
    else if (!fsync_dir(dir)) {
        er_diags_add(diags, ER_DIAG_ERROR, dir, 0, 0, "cannot sync directory: %s",
                     strerror(errno));
        st = ER_ERR_IO;
    }
out:
    free(tmp);
    free(dst);
    return st;
}

static er_status mkdir_p(const char *path, er_diags *diags)
{
    char *p = strdup(path);
    if (!p)
        return ER_ERR_NOMEM;
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0700) != 0 && errno != EEXIST) {
                er_diags_add(diags, ER_DIAG_ERROR, p, 0, 0, "cannot create directory: %s",
                             strerror(errno));
                free(p);
                return ER_ERR_IO;
            }
            *s = c;
            if (c == '\0')
                break;
        }
    }
    free(p);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "not a directory");
        return ER_ERR_IO;
    }
    return ER_OK;
}

/* ---- the store ---- */

char *er_store_default_dir(void)
{
    const char *x = getenv("XDG_CACHE_HOME");
    if (x && x[0] == '/')
        return join(x, "erready");
    const char *h = getenv("HOME");
    if (h && h[0]) {
        char *c = join(h, ".cache");
        char *d = c ? join(c, "erready") : NULL;
        free(c);
        return d;
    }
    return NULL;
}

er_status er_store_open(const char *dir, er_store **out, er_diags *diags)
{
    *out = NULL;
    er_store *s = calloc(1, sizeof *s);
    if (!s)
        return ER_ERR_NOMEM;
    s->lock_fd = -1;
    s->dir = dir ? strdup(dir) : er_store_default_dir();
    if (!s->dir) {
        free(s);
        if (dir)
            return ER_ERR_NOMEM;
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0,
                     "no cache directory: neither XDG_CACHE_HOME nor HOME is set");
        return ER_ERR_NOTFOUND;
    }
    *out = s;
    return ER_OK;
}

void er_store_free(er_store *s)
{
    if (!s)
        return;
    er_store_unlock(s);
    free(s->dir);
    free(s);
}

const char *er_store_dir(const er_store *s)
{
    return s->dir;
}

static char *dataset_dir(const er_store *s, const er_dataset_id *id)
{
    return join(s->dir, id->dir);
}

/* ---- the state file ---- */

typedef struct state {
    er_dataset_info cur, prev;
    bool has_cur, has_prev;
} state;

static void state_clear(state *st)
{
    er_dataset_info_clear(&st->cur);
    er_dataset_info_clear(&st->prev);
    st->has_cur = st->has_prev = false;
}

static bool parse_u64(const char *v, uint64_t *out, int base)
{
    if (!*v || (base == 10 && !isdigit((unsigned char)*v)) ||
        (base == 16 && !isxdigit((unsigned char)*v)))
        return false;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, base);
    if (errno || *end)
        return false;
    *out = x;
    return true;
}

/* Apply "key value" to an entry; false when the key is known but the value malformed. */
static bool set_field(er_dataset_info *e, const char *key, const char *v)
{
    char **str = NULL;
    if (strcmp(key, "file") == 0)
        str = &e->file;
    else if (strcmp(key, "source") == 0)
        str = &e->source;
    else if (strcmp(key, "cloud") == 0)
        str = &e->cloud;
    else if (strcmp(key, "version") == 0)
        str = &e->version;
    else if (strcmp(key, "date") == 0)
        str = &e->date;
    else if (strcmp(key, "etag") == 0)
        str = &e->etag;
    else if (strcmp(key, "last_modified") == 0)
        str = &e->last_modified;
    if (str) {
        free(*str);
        *str = strdup(v);
        return *str != NULL;
    }
    uint64_t x;
    if (strcmp(key, "hash") == 0)
        return parse_u64(v, &e->hash, 16);
    if (!parse_u64(v, &x, 10))
        return strcmp(key, "change") && strcmp(key, "bytes") && strcmp(key, "stored") &&
               strcmp(key, "checked") && strcmp(key, "sets") && strcmp(key, "prefixes");
    if (strcmp(key, "change") == 0)
        e->change_number = x > UINT32_MAX ? UINT32_MAX : (uint32_t)x;
    else if (strcmp(key, "bytes") == 0)
        e->bytes = x;
    else if (strcmp(key, "stored") == 0)
        e->stored = (int64_t)x;
    else if (strcmp(key, "checked") == 0)
        e->checked = (int64_t)x;
    else if (strcmp(key, "sets") == 0)
        e->n_sets = (size_t)x;
    else if (strcmp(key, "prefixes") == 0)
        e->n_prefixes = (size_t)x;
    return true;
}

/* A file name the store may have written: no path separators, not hidden. */
static bool safe_name(const char *n)
{
    return n && n[0] && n[0] != '.' && !strchr(n, '/') && strlen(n) < 256;
}

/* Read the dataset's state. ER_ERR_NOTFOUND when there is none; ER_ERR_PARSE (with a
 * warning) when it is damaged. */
static er_status state_read(const er_store *s, const er_dataset_id *id, state *st,
                            er_diags *diags)
{
    memset(st, 0, sizeof *st);
    char *dir = dataset_dir(s, id);
    char *path = dir ? join(dir, STATE_NAME) : NULL;
    char *buf = NULL;
    size_t len;
    er_status rc = path ? er_file_read_capped(path, 1 << 20, &buf, &len) : ER_ERR_NOMEM;
    if (rc == ER_ERR_IO)
        er_diags_add(diags, ER_DIAG_WARNING, path, 0, 0, "cannot read cache state: %s",
                     strerror(errno));
    if (rc != ER_OK)
        goto out;
    uint32_t lineno = 0;
    bool magic = false;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (lineno == 1) {
            magic = strcmp(line, STATE_MAGIC) == 0;
            if (!magic)
                break;
            continue;
        }
        if (line[0] == '#' || line[0] == '\0')
            continue;
        er_dataset_info *e = NULL;
        char *key = line;
        if (strncmp(line, "current.", 8) == 0) {
            e = &st->cur;
            st->has_cur = true;
            key += 8;
        } else if (strncmp(line, "previous.", 9) == 0) {
            e = &st->prev;
            st->has_prev = true;
            key += 9;
        }
        char *sp = strchr(key, ' ');
        if (!e || !sp) {
            er_diags_add(diags, ER_DIAG_WARNING, path, lineno, 0, "malformed cache state line");
            rc = ER_ERR_PARSE;
            break;
        }
        *sp = '\0';
        if (!set_field(e, key, sp + 1)) {
            er_diags_add(diags, ER_DIAG_WARNING, path, lineno, 0,
                         "malformed value for '%s' in cache state", key);
            rc = ER_ERR_PARSE;
            break;
        }
    }
    if (rc == ER_OK && !magic) {
        er_diags_add(diags, ER_DIAG_WARNING, path, 1, 0,
                     "not an erready cache state file (expected '%s')", STATE_MAGIC);
        rc = ER_ERR_PARSE;
    }
    er_dataset_info *es[2] = {&st->cur, &st->prev};
    bool has[2] = {st->has_cur, st->has_prev};
    for (int k = 0; rc == ER_OK && k < 2; k++) {
        if (!has[k])
            continue;
        if (!safe_name(es[k]->file)) {
            er_diags_add(diags, ER_DIAG_WARNING, path, 0, 0,
                         "cache state names no valid %s file", k ? "previous" : "current");
            rc = ER_ERR_PARSE;
        } else if (!fill_strings(es[k]) || !(es[k]->path = join(dir, es[k]->file))) {
            rc = ER_ERR_NOMEM;
        } else {
            es[k]->id = id;
        }
    }
out:
    if (rc != ER_OK)
        state_clear(st);
    free(buf);
    free(path);
    free(dir);
    return rc;
}

/* Append "prefix.key value\n" lines for an entry to buf. */
static void put_entry(char *buf, size_t size, size_t *n, const char *pfx,
                      const er_dataset_info *e)
{
    const struct {
        const char *k, *v;
    } strs[] = {
        {"file", e->file},       {"source", e->source}, {"cloud", e->cloud},
        {"version", e->version}, {"date", e->date},     {"etag", e->etag},
        {"last_modified", e->last_modified},
    };
    for (size_t i = 0; i < ER_ARRAY_LEN(strs); i++) {
        const char *v = strs[i].v ? strs[i].v : "";
        /* Values are single lines; anything with a control character is not stored. */
        for (const char *p = v; *p; p++)
            if ((unsigned char)*p < 0x20) {
                v = "";
                break;
            }
        *n += (size_t)snprintf(buf + *n, *n < size ? size - *n : 0, "%s.%s %s\n", pfx,
                               strs[i].k, v);
    }
    *n += (size_t)snprintf(buf + *n, *n < size ? size - *n : 0,
                           "%s.change %u\n%s.bytes %llu\n%s.hash %016llx\n%s.stored %lld\n"
                           "%s.checked %lld\n%s.sets %zu\n%s.prefixes %zu\n",
                           pfx, e->change_number, pfx, (unsigned long long)e->bytes, pfx,
                           (unsigned long long)e->hash, pfx, (long long)e->stored, pfx,
                           (long long)e->checked, pfx, e->n_sets, pfx, e->n_prefixes);
}

static er_status state_write(const er_store *s, const er_dataset_id *id, const state *st,
                             er_diags *diags)
{
    /* Room for the fixed text plus every string value (URLs can be long). */
    size_t size = 4096, n = 0;
    const er_dataset_info *es[2] = {st->has_cur ? &st->cur : NULL,
                                    st->has_prev ? &st->prev : NULL};
    for (int k = 0; k < 2; k++) {
        const char *v[] = {es[k] ? es[k]->file : NULL,   es[k] ? es[k]->source : NULL,
                           es[k] ? es[k]->cloud : NULL,  es[k] ? es[k]->version : NULL,
                           es[k] ? es[k]->date : NULL,   es[k] ? es[k]->etag : NULL,
                           es[k] ? es[k]->last_modified : NULL};
        for (size_t i = 0; i < ER_ARRAY_LEN(v); i++)
            size += v[i] ? strlen(v[i]) + 32 : 0;
    }
    char *buf = malloc(size);
    if (!buf)
        return ER_ERR_NOMEM;
    n += (size_t)snprintf(buf, size,
                          "%s\n# written by erready update: the data in use (current) and the "
                          "version before it (previous)\n",
                          STATE_MAGIC);
    if (st->has_cur)
        put_entry(buf, size, &n, "current", &st->cur);
    if (st->has_prev)
        put_entry(buf, size, &n, "previous", &st->prev);
    er_status rc;
    if (n >= size) {
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0, "cache state too large");
        rc = ER_ERR_ARG;
    } else {
        char *dir = dataset_dir(s, id);
        rc = dir ? write_atomic(dir, STATE_NAME, buf, n, diags) : ER_ERR_NOMEM;
        free(dir);
    }
    free(buf);
    return rc;
}

/* Check an entry's file against its recorded size and hash. */
static bool entry_intact(const er_dataset_info *e, const char *which, er_diags *diags)
{
    char *buf;
    size_t len;
    er_status rc = er_file_read_capped(e->path, MAX_DATA_FILE, &buf, &len);
    if (rc == ER_ERR_NOMEM)
        return false;
    if (rc != ER_OK) {
        er_diags_add(diags, ER_DIAG_WARNING, e->path, 0, 0, "cached %s data is missing",
                     which);
        return false;
    }
    bool ok = len == e->bytes && er_fnv1a64(buf, len) == e->hash;
    free(buf);
    if (!ok)
        er_diags_add(diags, ER_DIAG_WARNING, e->path, 0, 0,
                     "cached %s data is damaged (size or checksum differs from the cache "
                     "state)",
                     which);
    return ok;
}

static er_status take_entry(state *st, bool prev, er_dataset_info *out)
{
    *out = prev ? st->prev : st->cur;
    memset(prev ? &st->prev : &st->cur, 0, sizeof *out);
    return ER_OK;
}

er_status er_store_current(er_store *s, const er_dataset_id *id, er_dataset_info *out,
                           er_diags *diags)
{
    memset(out, 0, sizeof *out);
    state st;
    er_status rc = state_read(s, id, &st, diags);
    if (rc == ER_ERR_NOMEM)
        return rc;
    if (rc != ER_OK)
        return ER_ERR_NOTFOUND;
    if (st.has_cur && entry_intact(&st.cur, "current", diags))
        rc = take_entry(&st, false, out);
    else if (st.has_prev && entry_intact(&st.prev, "previous", diags)) {
        if (st.has_cur)
            er_diags_add(diags, ER_DIAG_WARNING, st.prev.path, 0, 0,
                         "using the previous cached version instead");
        rc = take_entry(&st, true, out);
    } else
        rc = ER_ERR_NOTFOUND;
    state_clear(&st);
    return rc;
}

er_status er_store_previous(er_store *s, const er_dataset_id *id, er_dataset_info *out,
                            er_diags *diags)
{
    memset(out, 0, sizeof *out);
    state st;
    er_status rc = state_read(s, id, &st, diags);
    if (rc == ER_ERR_NOMEM)
        return rc;
    if (rc != ER_OK)
        return ER_ERR_NOTFOUND;
    if (st.has_prev && entry_intact(&st.prev, "previous", diags))
        rc = take_entry(&st, true, out);
    else
        rc = ER_ERR_NOTFOUND;
    state_clear(&st);
    return rc;
}

er_status er_store_resolve(const char *cache_dir, const char *cloud, er_dataset_info *out,
                           er_diags *diags)
{
    memset(out, 0, sizeof *out);
    const er_dataset_id *id = er_dataset_lookup(ER_DATA_SERVICETAGS, cloud ? cloud : "public");
    if (!id) {
        er_diags_add(diags, ER_DIAG_ERROR, NULL, 0, 0,
                     "unknown cloud '%s' (expected public, usgov or china)", cloud);
        return ER_ERR_ARG;
    }
    er_store *s;
    er_diags *quiet = er_diags_new(0);
    er_status rc = er_store_open(cache_dir, &s, quiet);
    er_diags_free(quiet);
    if (rc == ER_ERR_NOMEM)
        return rc;
    if (rc != ER_OK)
        return ER_ERR_NOTFOUND;
    rc = er_store_current(s, id, out, diags);
    er_store_free(s);
    return rc;
}

/* ---- locking ---- */

er_status er_store_lock(er_store *s, const er_dataset_id *id, er_diags *diags)
{
    if (s->lock_fd >= 0)
        return s->locked == id ? ER_OK : ER_ERR_ARG;
    char *dir = dataset_dir(s, id);
    if (!dir)
        return ER_ERR_NOMEM;
    er_status rc = mkdir_p(dir, diags);
    char *path = rc == ER_OK ? join(dir, ".lock") : NULL;
    free(dir);
    if (rc != ER_OK)
        return rc;
    if (!path)
        return ER_ERR_NOMEM;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "cannot open lock file: %s",
                     strerror(errno));
        free(path);
        return ER_ERR_IO;
    }
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &fl) != 0) {
        int e = errno;
        if (e == EACCES || e == EAGAIN)
            er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0,
                         "another erready update of %s is running", id->dir);
        else
            er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "cannot lock: %s", strerror(e));
        close(fd);
        free(path);
        return ER_ERR_IO;
    }
    free(path);
    s->lock_fd = fd;
    s->locked = id;
    return ER_OK;
}

void er_store_unlock(er_store *s)
{
    if (s && s->lock_fd >= 0) {
        close(s->lock_fd); /* releases the fcntl lock */
        s->lock_fd = -1;
        s->locked = NULL;
    }
}

/* ---- commit ---- */

static bool name_taken(const state *st, const char *name)
{
    return (st->has_cur && strcmp(st->cur.file, name) == 0) ||
           (st->has_prev && strcmp(st->prev.file, name) == 0);
}

/* Remove files of the dataset directory that the state does not name. */
static void collect_garbage(const char *dir, const state *st)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *n = de->d_name;
        size_t len = strlen(n);
        bool ours = strncmp(n, ".tmp-", 5) == 0 ||
                    (n[0] != '.' && len > 5 && strcmp(n + len - 5, ".json") == 0);
        if (!ours || name_taken(st, n))
            continue;
        char *p = join(dir, n);
        if (p)
            unlink(p);
        free(p);
    }
    closedir(d);
}

er_status er_store_commit(er_store *s, const er_dataset_id *id, const char *data, size_t len,
                          const char *name_hint, const er_dataset_info *meta, er_diags *diags)
{
    if (s->lock_fd < 0 || s->locked != id)
        return ER_ERR_ARG;
    char *dir = dataset_dir(s, id);
    if (!dir)
        return ER_ERR_NOMEM;
    state st;
    er_status rc = state_read(s, id, &st, diags);
    if (rc == ER_ERR_NOMEM) {
        free(dir);
        return rc;
    }
    if (rc != ER_OK)
        memset(&st, 0, sizeof st);

    /* A free file name: the hint, else hint with ".2", ".3"... before ".json". */
    char name[300];
    const char *hint = safe_name(name_hint) ? name_hint : "data.json";
    snprintf(name, sizeof name, "%s", hint);
    size_t hl = strlen(hint);
    size_t stem = hl > 5 && strcmp(hint + hl - 5, ".json") == 0 ? hl - 5 : hl;
    for (int k = 2; name_taken(&st, name) && k < 1000; k++)
        snprintf(name, sizeof name, "%.*s.%d.json", (int)stem, hint, k);

    er_dataset_info e;
    memset(&e, 0, sizeof e);
    e.id = id;
    e.file = strdup(name);
    e.path = join(dir, name);
    e.source = dup0(meta->source);
    e.cloud = dup0(meta->cloud);
    e.version = dup0(meta->version);
    e.date = dup0(meta->date);
    e.etag = dup0(meta->etag);
    e.last_modified = dup0(meta->last_modified);
    e.change_number = meta->change_number;
    e.checked = meta->checked;
    e.stored = meta->stored ? meta->stored : (int64_t)time(NULL);
    e.n_sets = meta->n_sets;
    e.n_prefixes = meta->n_prefixes;
    e.bytes = len;
    e.hash = er_fnv1a64(data, len);
    if (!e.file || !e.path || !e.source || !e.cloud || !e.version || !e.date || !e.etag ||
        !e.last_modified) {
        rc = ER_ERR_NOMEM;
        goto out;
    }
    rc = write_atomic(dir, name, data, len, diags);
    if (rc != ER_OK)
        goto out;
    state next;
    memset(&next, 0, sizeof next);
    next.cur = e;
    next.has_cur = true;
    if (st.has_cur) {
        next.prev = st.cur;
        next.has_prev = true;
    }
    rc = state_write(s, id, &next, diags);
    if (rc != ER_OK) {
        /* The old state still rules; the new file is an orphan the next commit removes. */
        goto out;
    }
    collect_garbage(dir, &next);
out:
    er_dataset_info_clear(&e);
    state_clear(&st);
    free(dir);
    return rc;
}

er_status er_store_mark_checked(er_store *s, const er_dataset_id *id, int64_t when,
                                const char *etag, const char *last_modified, er_diags *diags)
{
    if (s->lock_fd < 0 || s->locked != id)
        return ER_ERR_ARG;
    state st;
    er_status rc = state_read(s, id, &st, diags);
    if (rc != ER_OK)
        return rc == ER_ERR_NOMEM ? rc : ER_ERR_NOTFOUND;
    if (!st.has_cur) {
        state_clear(&st);
        return ER_ERR_NOTFOUND;
    }
    st.cur.checked = when;
    if (etag) {
        free(st.cur.etag);
        st.cur.etag = strdup(etag);
    }
    if (last_modified) {
        free(st.cur.last_modified);
        st.cur.last_modified = strdup(last_modified);
    }
    if (!st.cur.etag || !st.cur.last_modified)
        rc = ER_ERR_NOMEM;
    else
        rc = state_write(s, id, &st, diags);
    state_clear(&st);
    return rc;
}

er_status er_store_client_id(er_store *s, char *buf, size_t size, er_diags *diags)
{
    if (size < 37)
        return ER_ERR_ARG;
    char *path = join(s->dir, "client-id");
    if (!path)
        return ER_ERR_NOMEM;
    char *data;
    size_t len;
    er_status rc = er_file_read_capped(path, 4096, &data, &len);
    if (rc == ER_OK) {
        bool ok = len >= 36;
        for (size_t i = 0; ok && i < 36; i++)
            ok = (i == 8 || i == 13 || i == 18 || i == 23) ? data[i] == '-'
                                                           : isxdigit((unsigned char)data[i]);
        if (ok) {
            memcpy(buf, data, 36);
            buf[36] = '\0';
        }
        free(data);
        if (ok) {
            free(path);
            return ER_OK;
        }
    }
    unsigned char r[16];
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    ssize_t got = fd >= 0 ? read(fd, r, sizeof r) : -1;
    if (fd >= 0)
        close(fd);
    if (got != (ssize_t)sizeof r) {
        er_diags_add(diags, ER_DIAG_ERROR, "/dev/urandom", 0, 0, "cannot read random bytes");
        free(path);
        return ER_ERR_IO;
    }
    r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
    r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
    snprintf(buf, size,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", r[0], r[1],
             r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14],
             r[15]);
    rc = mkdir_p(s->dir, diags);
    if (rc == ER_OK) {
        char line[40];
        snprintf(line, sizeof line, "%s\n", buf);
        rc = write_atomic(s->dir, "client-id", line, 37, diags);
    }
    free(path);
    return rc;
}

/* ---- validation ---- */

static size_t catalog_prefixes(const er_catalog *c)
{
    size_t n = 0;
    for (size_t i = 0; i < er_catalog_count(c); i++)
        n += er_catalog_service(c, i)->n_prefixes;
    return n;
}

/* A count falling from before to after by more than max_drop: refuse, or warn if forced. */
static bool collapsed(size_t before, size_t after, const er_judge_opts *o, const char *what,
                      er_diags *diags)
{
    double drop = o->max_drop > 0 ? o->max_drop : ER_DEFAULT_MAX_DROP;
    if (before == 0 || (double)after >= (double)before * (1.0 - drop))
        return false;
    double pct = 100.0 * (double)(before - after) / (double)before;
    er_diags_add(diags, o->force ? ER_DIAG_WARNING : ER_DIAG_ERROR, o->source, 0, 0,
                 "%s fell from %zu to %zu (-%.1f%%, more than the %.0f%% allowed)%s", what,
                 before, after, pct, drop * 100.0,
                 o->force ? ": accepted because of --force" : "; use --force to accept it");
    return !o->force;
}

er_verdict er_store_judge_servicetags(const er_catalog *cur, const er_catalog *cand,
                                      const er_judge_opts *o, er_diags *diags)
{
    const er_feed_info *nf = er_catalog_feed(cand);
    const char *cloud = nf->cloud ? nf->cloud : "";
    if (o->expect_cloud && strcasecmp(cloud, o->expect_cloud) != 0) {
        er_diags_add(diags, ER_DIAG_ERROR, o->source, 0, 0,
                     "the file is for cloud '%s', not '%s'", cloud, o->expect_cloud);
        return ER_VERDICT_REFUSE;
    }
    size_t n_new = catalog_prefixes(cand);
    if (er_catalog_count(cand) == 0 || n_new == 0) {
        er_diags_add(diags, ER_DIAG_ERROR, o->source, 0, 0, "the file has no service tags");
        return ER_VERDICT_REFUSE;
    }
    if (!cur)
        return ER_VERDICT_ACCEPT;
    const er_feed_info *of = er_catalog_feed(cur);
    if (nf->change_number < of->change_number) {
        er_diags_add(diags, o->force ? ER_DIAG_WARNING : ER_DIAG_ERROR, o->source, 0, 0,
                     "changeNumber %u is older than the cached %u%s", nf->change_number,
                     of->change_number,
                     o->force ? ": going back because of --force" : "; use --force to go back");
        if (!o->force)
            return ER_VERDICT_REFUSE;
    } else if (nf->change_number == of->change_number && !o->force) {
        return ER_VERDICT_SAME;
    }
    if (collapsed(catalog_prefixes(cur), n_new, o, "prefix entries", diags))
        return ER_VERDICT_REFUSE;
    return ER_VERDICT_ACCEPT;
}

er_verdict er_store_judge_m365(const er_m365 *cur, const char *cur_version,
                               const er_m365 *cand, const char *cand_version,
                               const er_judge_opts *o, er_diags *diags)
{
    if (er_m365_count(cand) == 0) {
        er_diags_add(diags, ER_DIAG_ERROR, o->source, 0, 0, "the document has no endpoint sets");
        return ER_VERDICT_REFUSE;
    }
    if (!cur)
        return ER_VERDICT_ACCEPT;
    if (cur_version && cand_version && *cur_version && *cand_version) {
        int c = strcmp(cand_version, cur_version);
        if (c < 0) {
            er_diags_add(diags, o->force ? ER_DIAG_WARNING : ER_DIAG_ERROR, o->source, 0, 0,
                         "version %s is older than the cached %s%s", cand_version, cur_version,
                         o->force ? ": going back because of --force"
                                  : "; use --force to go back");
            if (!o->force)
                return ER_VERDICT_REFUSE;
        } else if (c == 0 && !o->force) {
            return ER_VERDICT_SAME;
        }
    }
    if (collapsed(er_m365_count(cur), er_m365_count(cand), o, "endpoint sets", diags) ||
        collapsed(er_m365_prefix_total(cur), er_m365_prefix_total(cand), o, "prefix entries",
                  diags))
        return ER_VERDICT_REFUSE;
    return ER_VERDICT_ACCEPT;
}
