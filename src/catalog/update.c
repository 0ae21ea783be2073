/* Updating a dataset: finding the data URL, conditional download, validation, commit.
 *
 * How it works: er_update_run holds the dataset's lock for the whole update and never
 * writes before the candidate has passed every check, so any failure leaves the data in
 * use untouched. Service Tags: Microsoft publishes a new file name every week, so the
 * data URL is found on the download page (the newest ServiceTags_<cloud>_<date>.json
 * link) unless the caller gives one; the request is conditional (ETag, Last-Modified)
 * when the URL is the one the cached version came from. M365: the web service's
 * version endpoint is asked first and nothing is downloaded when the cached version is
 * the latest. A downloaded candidate identical to the cached file is "unchanged";
 * otherwise it is parsed with the real loader (er_catalog_load_servicetags, er_m365_load),
 * judged against the current version (cloud, version order, collapse), committed by the
 * store, and diffed against the version it replaces. Imports of hand-downloaded files
 * take the same path without the network. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "catalog/update_internal.h"
#include "erready/update.h"

#define MAX_IMPORT ((size_t)256 << 20)

const char *er_update_status_str(er_update_status st)
{
    switch (st) {
    case ER_UPD_UPDATED: return "updated";
    case ER_UPD_UNCHANGED: return "unchanged";
    case ER_UPD_DOWNLOAD: return "download failed";
    case ER_UPD_DISCOVERY: return "download link not found";
    case ER_UPD_INVALID: return "invalid data";
    case ER_UPD_REFUSED: return "refused";
    case ER_UPD_LOCAL: return "cache error";
    case ER_UPD_ARG: return "invalid arguments";
    }
    return "unknown";
}

void er_update_result_clear(er_update_result *r)
{
    if (!r)
        return;
    free(r->url);
    er_dataset_info_clear(&r->before);
    er_dataset_info_clear(&r->after);
    er_feed_diff_free(r->diff);
    memset(r, 0, sizeof *r);
}

/* ---- download page parsing ---- */

static bool url_char(char c)
{
    return isalnum((unsigned char)c) || (c && strchr("-._~:/?#[]@!$&*+,;=%\\", c));
}

/* Host part of an https URL into buf; false when it is not one. */
static bool url_host(const char *url, size_t len, char *buf, size_t size)
{
    if (len < 9 || strncasecmp(url, "https://", 8) != 0)
        return false;
    const char *h = url + 8, *end = url + len, *e = h;
    while (e < end && *e != '/' && *e != '?' && *e != '#')
        e++;
    const char *at = memchr(h, '@', (size_t)(e - h));
    if (at)
        return false; /* no credentials in links */
    const char *colon = memchr(h, ':', (size_t)(e - h));
    if (h < e && *h == '[')
        colon = memchr(h, ']', (size_t)(e - h)) ? memchr(memchr(h, ']', (size_t)(e - h)), ':',
                                                         (size_t)(e - h)) : NULL;
    size_t n = (size_t)((colon ? colon : e) - h);
    if (n == 0 || n >= size)
        return false;
    memcpy(buf, h, n);
    buf[n] = '\0';
    return true;
}

char *er_update_find_link(const char *page, size_t len, const char *feed_cloud,
                          const char *page_url)
{
    char needle[64], page_host[256] = "";
    int nl = snprintf(needle, sizeof needle, "ServiceTags_%s_", feed_cloud);
    if (nl <= 0 || (size_t)nl >= sizeof needle)
        return NULL;
    if (page_url)
        url_host(page_url, strlen(page_url), page_host, sizeof page_host);
    const char *end = page + len;
    char *best = NULL;
    char best_date[9] = "";
    for (const char *p = page; p + nl + 13 <= end;) {
        const char *hit = NULL;
        for (const char *q = p; q + nl <= end; q++)
            if (*q == 'S' && memcmp(q, needle, (size_t)nl) == 0) {
                hit = q;
                break;
            }
        if (!hit)
            break;
        p = hit + nl;
        const char *d = hit + nl;
        if (d + 13 > end)
            break;
        bool ok = memcmp(d + 8, ".json", 5) == 0;
        for (int i = 0; ok && i < 8; i++)
            ok = isdigit((unsigned char)d[i]);
        if (!ok)
            continue;
        const char *tok_end = d + 13;
        const char *s = hit;
        while (s > page && url_char(s[-1]))
            s--;
        /* The link starts at the last "https:" of the token (href=https://... etc.). */
        const char *start = NULL;
        for (const char *q = s; q + 6 <= hit; q++)
            if (strncasecmp(q, "https:", 6) == 0)
                start = q;
        if (!start)
            continue;
        size_t n = (size_t)(tok_end - start);
        char *url = malloc(n + 1);
        if (!url)
            break;
        size_t w = 0;
        for (size_t i = 0; i < n; i++) {
            if (start[i] == '\\' && i + 1 < n && start[i + 1] == '/')
                continue; /* JSON-escaped "\/" */
            url[w++] = start[i];
        }
        url[w] = '\0';
        char host[256];
        bool good = strchr(url, '\\') == NULL && url_host(url, w, host, sizeof host) &&
                    (strcasecmp(host, "download.microsoft.com") == 0 ||
                     (page_host[0] && strcasecmp(host, page_host) == 0));
        if (good && memcmp(d, best_date, 8) > 0) {
            free(best);
            best = url;
            memcpy(best_date, d, 8);
        } else {
            free(url);
        }
    }
    return best;
}

/* ---- helpers ---- */

static const char *base_name(const char *path)
{
    const char *q = strchr(path, '?');
    size_t n = q ? (size_t)(q - path) : strlen(path);
    const char *b = path;
    for (size_t i = 0; i < n; i++)
        if (path[i] == '/')
            b = path + i + 1;
    return b;
}

/* A file name hint from a URL or path: its base name when it is a plain *.json name. */
static void name_from(const char *path, char *buf, size_t size, const char *fallback)
{
    const char *b = base_name(path);
    size_t n = 0;
    while (b[n] && b[n] != '?' && b[n] != '#' &&
           (isalnum((unsigned char)b[n]) || b[n] == '.' || b[n] == '_' || b[n] == '-'))
        n++;
    bool ok = n > 5 && n < size && b[0] != '.' && (b[n] == '\0' || b[n] == '?' || b[n] == '#') &&
              strncmp(b + n - 5, ".json", 5) == 0;
    if (ok)
        snprintf(buf, size, "%.*s", (int)n, b);
    else
        snprintf(buf, size, "%s", fallback);
}

/* "YYYY-MM-DD" from a name ending in _YYYYMMDD.json, or "". */
static void date_from_name(const char *name, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t n = strlen(name);
    if (n < 14 || strcmp(name + n - 5, ".json") != 0 || name[n - 14] != '_')
        return;
    const char *d = name + n - 13;
    for (int i = 0; i < 8; i++)
        if (!isdigit((unsigned char)d[i]))
            return;
    snprintf(buf, size, "%.4s-%.2s-%.2s", d, d + 4, d + 6);
}

/* True when the cached current version has exactly these bytes. */
static bool same_bytes(const er_dataset_info *cur, const char *data, size_t len)
{
    if (!cur->path || cur->bytes != len || cur->hash != er_fnv1a64(data, len))
        return false;
    char *buf;
    size_t n;
    if (er_file_read_capped(cur->path, MAX_IMPORT, &buf, &n) != ER_OK)
        return false;
    bool same = n == len && memcmp(buf, data, len) == 0;
    free(buf);
    return same;
}

static char *dup0(const char *s)
{
    return strdup(s ? s : "");
}

static er_update_status finish(er_store *s, er_update_result *res, er_update_status st,
                               er_diags *diags)
{
    (void)diags;
    res->status = st;
    er_store_unlock(s);
    return st;
}

/* Re-read the current version into res->after. */
static void reload_after(er_store *s, const er_dataset_id *id, er_update_result *res,
                         er_diags *diags)
{
    er_dataset_info_clear(&res->after);
    if (er_store_current(s, id, &res->after, diags) != ER_OK)
        er_dataset_info_clear(&res->after);
}

static er_update_status mark_unchanged(er_store *s, const er_dataset_id *id, int64_t now,
                                       const er_fetch_resp *r, er_update_result *res,
                                       er_diags *diags, bool touch)
{
    if (touch && res->before.id &&
        er_store_mark_checked(s, id, now, r ? r->etag : NULL, r ? r->last_modified : NULL,
                              diags) != ER_OK)
        return finish(s, res, ER_UPD_LOCAL, diags);
    reload_after(s, id, res, diags);
    return finish(s, res, ER_UPD_UNCHANGED, diags);
}

/* Validate and commit a Service Tags candidate already in memory. */
static er_update_status take_servicetags(er_store *s, const er_dataset_id *id,
                                         const er_update_opts *o, const char *source,
                                         const char *data, size_t len, const er_fetch_resp *r,
                                         int64_t checked, er_update_result *res,
                                         er_diags *diags)
{
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    if (same_bytes(&res->before, data, len))
        return mark_unchanged(s, id, now, r, res, diags, checked != 0);
    er_catalog *cand = er_catalog_new(), *cur = NULL;
    er_update_status st = ER_UPD_LOCAL;
    if (!cand)
        goto out;
    if (er_catalog_load_servicetags(cand, source, data, len, diags) != ER_OK) {
        er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0, "not a valid service tags file");
        st = ER_UPD_INVALID;
        goto out;
    }
    if (res->before.path) {
        cur = er_catalog_new();
        if (!cur)
            goto out;
        er_diags *quiet = er_diags_new(0);
        if (er_catalog_load_file(cur, res->before.path, quiet) != ER_OK) {
            er_diags_add(diags, ER_DIAG_WARNING, res->before.path, 0, 0,
                         "the cached version cannot be read; judging the new file alone");
            er_catalog_free(cur);
            cur = NULL;
        }
        er_diags_free(quiet);
    }
    er_judge_opts jo = {id->feed_name, o->force, o->max_drop, source};
    er_verdict v = er_store_judge_servicetags(cur, cand, &jo, diags);
    if (v == ER_VERDICT_REFUSE) {
        st = ER_UPD_REFUSED;
        goto out;
    }
    if (v == ER_VERDICT_SAME) {
        er_catalog_free(cand);
        er_catalog_free(cur);
        return mark_unchanged(s, id, now, r, res, diags, checked != 0);
    }
    er_dataset_info meta;
    if (er_dataset_info_from_catalog(cand, &meta) != ER_OK)
        goto out;
    char name[256], fallback[128], date[16];
    snprintf(fallback, sizeof fallback, "ServiceTags_%s_cn%u.json", id->feed_name,
             er_catalog_feed(cand)->change_number);
    name_from(source, name, sizeof name, fallback);
    date_from_name(name, date, sizeof date);
    free(meta.source);
    meta.source = dup0(source);
    if (date[0]) {
        free(meta.date);
        meta.date = dup0(date);
    }
    free(meta.etag);
    meta.etag = dup0(r ? r->etag : NULL);
    free(meta.last_modified);
    meta.last_modified = dup0(r ? r->last_modified : NULL);
    meta.checked = checked;
    meta.stored = now;
    if (!meta.source || !meta.date || !meta.etag || !meta.last_modified) {
        er_dataset_info_clear(&meta);
        goto out;
    }
    er_status rc = er_store_commit(s, id, data, len, name, &meta, diags);
    er_dataset_info_clear(&meta);
    if (rc != ER_OK)
        goto out;
    if (cur)
        er_feed_diff_catalogs(cur, cand, &res->diff);
    reload_after(s, id, res, diags);
    st = ER_UPD_UPDATED;
out:
    er_catalog_free(cand);
    er_catalog_free(cur);
    return finish(s, res, st, diags);
}

/* "2025120100" -> "2025-12-01". */
static void date_from_version(const char *v, char *buf, size_t size)
{
    buf[0] = '\0';
    if (v && strlen(v) == 10)
        snprintf(buf, size, "%.4s-%.2s-%.2s", v, v + 4, v + 6);
}

static er_update_status take_m365(er_store *s, const er_dataset_id *id, const er_update_opts *o,
                                  const char *source, const char *version, const char *data,
                                  size_t len, const er_fetch_resp *r, int64_t checked,
                                  er_update_result *res, er_diags *diags)
{
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    if (same_bytes(&res->before, data, len))
        return mark_unchanged(s, id, now, r, res, diags, checked != 0);
    er_m365 *cand = er_m365_new(), *cur = NULL;
    er_update_status st = ER_UPD_LOCAL;
    if (!cand)
        goto out;
    if (er_m365_load(cand, source, data, len, diags) != ER_OK) {
        er_diags_add(diags, ER_DIAG_ERROR, source, 0, 0,
                     "not a valid microsoft 365 endpoints document");
        st = ER_UPD_INVALID;
        goto out;
    }
    if (res->before.path) {
        cur = er_m365_new();
        er_diags *quiet = er_diags_new(0);
        if (!cur || er_m365_load_file(cur, res->before.path, quiet) != ER_OK) {
            er_diags_add(diags, ER_DIAG_WARNING, res->before.path, 0, 0,
                         "the cached version cannot be read; judging the new document alone");
            er_m365_free(cur);
            cur = NULL;
        }
        er_diags_free(quiet);
    }
    er_judge_opts jo = {id->feed_name, o->force, o->max_drop, source};
    er_verdict v = er_store_judge_m365(cur, res->before.version, cand, version, &jo, diags);
    if (v == ER_VERDICT_REFUSE) {
        st = ER_UPD_REFUSED;
        goto out;
    }
    if (v == ER_VERDICT_SAME) {
        er_m365_free(cand);
        er_m365_free(cur);
        return mark_unchanged(s, id, now, r, res, diags, checked != 0);
    }
    char name[256], fallback[128], date[16];
    if (version && *version)
        snprintf(fallback, sizeof fallback, "m365_endpoints_%s_%s.json", id->name, version);
    else
        snprintf(fallback, sizeof fallback, "m365_endpoints_%s.json", id->name);
    if (version && *version)
        snprintf(name, sizeof name, "%s", fallback);
    else
        name_from(source, name, sizeof name, fallback);
    date_from_version(version, date, sizeof date);
    er_dataset_info meta;
    memset(&meta, 0, sizeof meta);
    meta.source = (char *)source;
    meta.cloud = (char *)id->feed_name;
    meta.version = (char *)(version ? version : "");
    meta.date = date;
    meta.etag = r ? r->etag : NULL;
    meta.last_modified = r ? r->last_modified : NULL;
    meta.checked = checked;
    meta.stored = now;
    meta.n_sets = er_m365_count(cand);
    meta.n_prefixes = er_m365_prefix_total(cand);
    if (er_store_commit(s, id, data, len, name, &meta, diags) != ER_OK)
        goto out;
    if (cur)
        er_feed_diff_m365(cur, cand, &res->diff);
    reload_after(s, id, res, diags);
    st = ER_UPD_UPDATED;
out:
    er_m365_free(cand);
    er_m365_free(cur);
    return finish(s, res, st, diags);
}

static er_update_status begin(er_store *s, const er_dataset_id *id, er_update_result *res,
                              er_diags *diags)
{
    if (er_store_lock(s, id, diags) != ER_OK)
        return ER_UPD_LOCAL;
    er_status rc = er_store_current(s, id, &res->before, diags);
    if (rc != ER_OK && rc != ER_ERR_NOTFOUND) {
        er_store_unlock(s);
        return ER_UPD_LOCAL;
    }
    return ER_UPD_UPDATED;
}

static er_update_status fetch_failed(er_store *s, er_update_result *res, er_fetch_err e,
                                     const er_fetch_resp *r, er_diags *diags)
{
    res->fetch_err = e;
    res->http_status = r->status;
    return finish(s, res, ER_UPD_DOWNLOAD, diags);
}

static er_update_status run_servicetags(er_store *s, er_fetcher *f, const er_update_opts *o,
                                        er_update_result *res, er_diags *diags)
{
    const er_dataset_id *id = o->dataset;
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    char *url = NULL;
    er_fetch_resp r;
    er_fetch_err e;
    if (o->url) {
        url = strdup(o->url);
    } else {
        char page_url[512];
        if (o->page_url)
            snprintf(page_url, sizeof page_url, "%s", o->page_url);
        else
            snprintf(page_url, sizeof page_url, "%s%s", ER_SERVICETAGS_PAGE, id->ms_id);
        e = er_fetch_get(f, page_url, NULL, NULL, &r, diags);
        if (e != ER_FETCH_OK) {
            er_update_status st = fetch_failed(s, res, e, &r, diags);
            er_fetch_resp_clear(&r);
            return st;
        }
        url = er_update_find_link(r.body, r.len, id->feed_name, r.url ? r.url : page_url);
        er_fetch_resp_clear(&r);
        if (!url) {
            er_diags_add(diags, ER_DIAG_ERROR, page_url, 0, 0,
                         "no ServiceTags_%s_YYYYMMDD.json link on the download page (the page "
                         "may have changed): download the file by hand and use --from, or "
                         "pass its address with --url",
                         id->feed_name);
            res->url = strdup("");
            return finish(s, res, ER_UPD_DISCOVERY, diags);
        }
    }
    if (!url)
        return finish(s, res, ER_UPD_LOCAL, diags);
    res->url = url;
    bool same_url = res->before.source && strcmp(res->before.source, url) == 0;
    e = er_fetch_get(f, url, same_url && !o->force ? res->before.etag : NULL,
                     same_url && !o->force ? res->before.last_modified : NULL, &r, diags);
    er_update_status st;
    if (e == ER_FETCH_NOT_MODIFIED) {
        st = mark_unchanged(s, id, now, &r, res, diags, true);
    } else if (e != ER_FETCH_OK) {
        st = fetch_failed(s, res, e, &r, diags);
    } else {
        res->http_status = r.status;
        st = take_servicetags(s, id, o, url, r.body, r.len, &r, now, res, diags);
    }
    er_fetch_resp_clear(&r);
    return st;
}

static er_update_status run_m365(er_store *s, er_fetcher *f, const er_update_opts *o,
                                 er_update_result *res, er_diags *diags)
{
    const er_dataset_id *id = o->dataset;
    int64_t now = o->now ? o->now : (int64_t)time(NULL);
    char version[16] = "";
    er_fetch_resp r;
    er_fetch_err e;
    char *url;
    if (o->url) {
        url = strdup(o->url);
    } else {
        char cid[40], vurl[600];
        if (er_store_client_id(s, cid, sizeof cid, diags) != ER_OK)
            return finish(s, res, ER_UPD_LOCAL, diags);
        const char *base = o->m365_base ? o->m365_base : ER_M365_BASE;
        size_t bl = strlen(base);
        while (bl && base[bl - 1] == '/')
            bl--;
        snprintf(vurl, sizeof vurl, "%.*s/version/%s?clientrequestid=%s", (int)bl, base,
                 id->ms_id, cid);
        e = er_fetch_get(f, vurl, NULL, NULL, &r, diags);
        if (e != ER_FETCH_OK) {
            er_update_status st = fetch_failed(s, res, e, &r, diags);
            er_fetch_resp_clear(&r);
            return st;
        }
        er_status vs = er_m365_parse_version(vurl, r.body, r.len, id->ms_id, version,
                                             sizeof version, diags);
        er_fetch_resp_clear(&r);
        if (vs != ER_OK)
            return finish(s, res, ER_UPD_INVALID, diags);
        if (!o->force && res->before.version && strcmp(res->before.version, version) == 0)
            return mark_unchanged(s, id, now, NULL, res, diags, true);
        if (!o->force && res->before.version && res->before.version[0] &&
            strcmp(version, res->before.version) < 0) {
            er_diags_add(diags, ER_DIAG_ERROR, vurl, 0, 0,
                         "the service reports version %s, older than the cached %s; use "
                         "--force to go back",
                         version, res->before.version);
            return finish(s, res, ER_UPD_REFUSED, diags);
        }
        char durl[600];
        snprintf(durl, sizeof durl, "%.*s/endpoints/%s?clientrequestid=%s", (int)bl, base,
                 id->ms_id, cid);
        url = strdup(durl);
    }
    if (!url)
        return finish(s, res, ER_UPD_LOCAL, diags);
    res->url = url;
    bool conditional = o->url && !o->force && res->before.source &&
                       strcmp(res->before.source, url) == 0;
    e = er_fetch_get(f, url, conditional ? res->before.etag : NULL,
                     conditional ? res->before.last_modified : NULL, &r, diags);
    er_update_status st;
    if (e == ER_FETCH_NOT_MODIFIED) {
        st = mark_unchanged(s, id, now, &r, res, diags, true);
    } else if (e != ER_FETCH_OK) {
        st = fetch_failed(s, res, e, &r, diags);
    } else {
        res->http_status = r.status;
        st = take_m365(s, id, o, url, version, r.body, r.len, &r, now, res, diags);
    }
    er_fetch_resp_clear(&r);
    return st;
}

er_update_status er_update_run(er_store *s, er_fetcher *f, const er_update_opts *o,
                               er_update_result *res, er_diags *diags)
{
    memset(res, 0, sizeof *res);
    if (!s || !f || !o || !o->dataset || o->dataset->kind == ER_DATA_UNKNOWN) {
        res->status = ER_UPD_ARG;
        return ER_UPD_ARG;
    }
    er_update_status st = begin(s, o->dataset, res, diags);
    if (st != ER_UPD_UPDATED) {
        res->status = st;
        return st;
    }
    if (o->dataset->kind == ER_DATA_SERVICETAGS)
        return run_servicetags(s, f, o, res, diags);
    return run_m365(s, f, o, res, diags);
}

er_update_status er_update_import(er_store *s, const char *path, const er_update_opts *o,
                                  er_update_result *res, er_diags *diags)
{
    memset(res, 0, sizeof *res);
    res->status = ER_UPD_ARG;
    if (!s || !path || !o)
        return ER_UPD_ARG;
    char *data;
    size_t len;
    er_status rc = er_file_read_capped(path, MAX_IMPORT, &data, &len);
    if (rc != ER_OK) {
        if (rc == ER_ERR_NOTFOUND)
            er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "cannot open: no such file");
        else
            er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0,
                         "cannot read (not a regular file, unreadable, or larger than %zu MiB)",
                         MAX_IMPORT >> 20);
        return ER_UPD_ARG;
    }
    char *abs = realpath(path, NULL);
    const char *source = abs ? abs : path;
    er_update_status st = ER_UPD_INVALID;
    er_data_kind kind = er_data_detect(data, len);
    const er_dataset_id *id = NULL;
    res->status = st;
    if (kind == ER_DATA_SERVICETAGS) {
        /* The dataset follows the file's own cloud. */
        er_catalog *c = er_catalog_new();
        if (!c) {
            st = res->status = ER_UPD_LOCAL;
            goto out;
        }
        if (er_catalog_load_servicetags(c, source, data, len, diags) != ER_OK) {
            er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "not a valid service tags file");
            er_catalog_free(c);
            goto out;
        }
        const char *cloud = er_catalog_feed(c)->cloud;
        id = er_dataset_lookup(ER_DATA_SERVICETAGS, cloud);
        er_catalog_free(c);
        if (!id) {
            er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "unknown cloud '%s' in the file",
                         cloud ? cloud : "");
            goto out;
        }
        const er_dataset_id *want =
            o->cloud_given ? er_dataset_lookup(ER_DATA_SERVICETAGS, o->cloud_given) : NULL;
        if (want && want != id) {
            er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0, "the file is for cloud '%s', not '%s'",
                         id->feed_name, want->feed_name);
            st = res->status = ER_UPD_REFUSED;
            goto out;
        }
    } else if (kind == ER_DATA_M365) {
        id = o->dataset && o->dataset->kind == ER_DATA_M365
                 ? o->dataset
                 : er_dataset_lookup(ER_DATA_M365, "worldwide");
    } else {
        er_diags_add(diags, ER_DIAG_ERROR, path, 0, 0,
                     "neither a service tags file nor a microsoft 365 endpoints document "
                     "(expected a json object or array)");
        goto out;
    }
    st = begin(s, id, res, diags);
    if (st != ER_UPD_UPDATED) {
        res->status = st;
        goto out;
    }
    res->url = strdup(source);
    if (kind == ER_DATA_SERVICETAGS)
        st = take_servicetags(s, id, o, source, data, len, NULL, 0, res, diags);
    else
        st = take_m365(s, id, o, source, "", data, len, NULL, 0, res, diags);
out:
    free(abs);
    free(data);
    return st;
}
