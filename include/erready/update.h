/* Fresh Microsoft data: the datasets erready knows, downloading them over HTTPS (libcurl),
 * the cache store (validation, atomic replacement, the previous version, the data in use)
 * and diffs between two feed versions. See docs/update.md.
 * Ownership: structs filled by these functions own their strings and arrays and are
 * released with the matching _clear/_free function; ids (er_dataset_id) are static.
 * The library never prints: every failure is also described in the caller's er_diags. */
#ifndef ERREADY_UPDATE_H
#define ERREADY_UPDATE_H

#include <time.h>

#include "erready/catalog.h"
#include "erready/m365.h"

/* ---- datasets ---------------------------------------------------------------------- */

typedef enum er_data_kind {
    ER_DATA_SERVICETAGS = 0, /* Azure Service Tags (one file per cloud) */
    ER_DATA_M365 = 1,        /* Microsoft 365 endpoints (one document per instance) */
    ER_DATA_UNKNOWN = 2
} er_data_kind;

/* One feed erready can fetch and cache. */
typedef struct er_dataset_id {
    er_data_kind kind;
    const char *name;      /* command-line spelling: "public", "usgov", "china", "worldwide",
                              "usgovdod", "usgovgcchigh" */
    const char *feed_name; /* as the feed spells it: "Public", "AzureGovernment", "China",
                              "Worldwide", "USGovDoD", "USGovGCCHigh" */
    const char *ms_id;     /* Service Tags download id ("56519"), M365 instance ("Worldwide") */
    const char *dir;       /* cache subdirectory: "servicetags-public", "m365-worldwide" */
} er_dataset_id;

/* A dataset by command-line or feed spelling, case-insensitive ("public", "Public",
 * "AzureCloud"; "usgov", "AzureGovernment"; "worldwide"...), or NULL. */
const er_dataset_id *er_dataset_lookup(er_data_kind kind, const char *name);
/* Every dataset, Service Tags first; *n gets the count. */
const er_dataset_id *er_dataset_all(size_t *n);

/* Guess a document's kind from its first non-blank byte: '{' Service Tags, '[' M365. */
er_data_kind er_data_detect(const char *buf, size_t len);

/* What is known about one version of a dataset. */
typedef struct er_dataset_info {
    const er_dataset_id *id; /* NULL when the data matches no known dataset */
    char *path;              /* file holding it; NULL for the bundled snapshot */
    char *file;              /* base name of path inside the cache, NULL otherwise */
    char *source;            /* URL or file it came from ("" unknown) */
    char *cloud;             /* cloud ("Public") or M365 instance ("Worldwide") */
    uint32_t change_number;  /* Service Tags changeNumber; 0 for M365 */
    char *version;           /* M365 version "2025120100", "" when unknown or Service Tags */
    char *date;              /* publication date "2025-11-03", "" when unknown */
    char *etag;              /* HTTP validators of the download, "" when none */
    char *last_modified;
    int64_t stored;          /* unix time it was written to the cache, 0 unknown */
    int64_t checked;         /* last time an update confirmed it is the newest, 0 never */
    uint64_t bytes;          /* file size */
    uint64_t hash;           /* FNV-1a 64 of the file (integrity check) */
    size_t n_sets;           /* tags or endpoint sets */
    size_t n_prefixes;       /* prefix entries over all sets */
    bool bundled;            /* the snapshot compiled into erready */
} er_dataset_info;

/* Free the strings and zero the struct; accepts a zeroed struct. */
void er_dataset_info_clear(er_dataset_info *i);
/* Describe a loaded catalog (a --data file or the bundled snapshot). */
er_status er_dataset_info_from_catalog(const er_catalog *c, er_dataset_info *out);
/* Age in days at `now`: since `checked` if set, else since `date`, else since `stored`;
 * negative when none is known (treat as stale). */
double er_dataset_age_days(const er_dataset_info *i, time_t now);

/* `check` warns when the data in use is older than this many days. */
#define ER_DATA_WARN_DAYS 14

/* ---- download (src/catalog/fetch.c, the only libcurl user) -------------------------- */

typedef struct er_fetch_opts {
    const char *proxy;       /* NULL: libcurl's environment rules (https_proxy, HTTPS_PROXY,
                                all_proxy, no_proxy); "" no proxy; else a proxy URL */
    const char *cacert;      /* CA bundle (PEM) that replaces the system store, e.g. a
                                corporate TLS inspection root; NULL system store */
    long connect_timeout_ms; /* per connection attempt */
    long timeout_ms;         /* whole transfer, per attempt */
    long stall_s;            /* abort when under 1 byte/s for this many seconds */
    unsigned retries;        /* extra attempts after a transient failure */
    long retry_delay_ms;     /* first backoff delay, doubled per retry, capped at 30 s */
    size_t max_bytes;        /* size cap of one response body (after decompression) */
} er_fetch_opts;

/* Defaults: no proxy override, system CAs, 15 s connect, 300 s total, 60 s stall,
 * 3 retries from 1 s, 64 MiB. */
void er_fetch_opts_init(er_fetch_opts *o);

typedef enum er_fetch_err {
    ER_FETCH_OK = 0,       /* 2xx with a body */
    ER_FETCH_NOT_MODIFIED, /* 304 answer to a conditional request */
    ER_FETCH_HTTP,         /* an HTTP error status (5xx, 408, 429 after the retries) */
    ER_FETCH_NETWORK,      /* resolve, connect, send or receive failed; truncated body */
    ER_FETCH_TIMEOUT,      /* connect or total timeout, or a stalled transfer */
    ER_FETCH_TLS,          /* TLS failed or the server certificate was rejected */
    ER_FETCH_TOO_LARGE,    /* the body is larger than max_bytes */
    ER_FETCH_PROXY,        /* the proxy refused or failed */
    ER_FETCH_ARG,          /* not an https URL, unreadable CA file, bad option */
    ER_FETCH_NOMEM
} er_fetch_err;

/* Short lowercase name of a fetch error ("timeout"), never NULL. */
const char *er_fetch_err_str(er_fetch_err e);

typedef struct er_fetch_resp {
    long status;         /* last HTTP status, 0 when none was received */
    char *body;          /* NUL-terminated, NULL unless ER_FETCH_OK */
    size_t len;
    char *etag;          /* validators of the answer, NULL when absent */
    char *last_modified;
    char *url;           /* effective URL after redirects */
    unsigned attempts;   /* 1 + retries used */
} er_fetch_resp;

void er_fetch_resp_clear(er_fetch_resp *r);

typedef struct er_fetcher er_fetcher;

/* A download session (reuses connections). The options are copied, their strings are
 * borrowed and must outlive the fetcher. NULL on no memory or libcurl failure. */
er_fetcher *er_fetcher_new(const er_fetch_opts *o);
void er_fetcher_free(er_fetcher *f);

/* GET an https URL into memory. Certificate and host name verification are always on;
 * redirects are followed (at most 5, https only). When etag or last_modified is given
 * (non-empty) the request is conditional and a 304 gives ER_FETCH_NOT_MODIFIED.
 * Transient failures (connect, timeouts, truncated bodies, 408, 429, 500, 502, 503, 504)
 * are retried with exponential backoff (a Retry-After of seconds is honoured up to 30 s);
 * others fail at once. Any failure adds one error to diags naming the URL. */
er_fetch_err er_fetch_get(er_fetcher *f, const char *url, const char *etag,
                          const char *last_modified, er_fetch_resp *out, er_diags *diags);

/* ---- the cache store (src/catalog/store.c) ------------------------------------------ */

typedef struct er_store er_store;

/* The default cache directory: $XDG_CACHE_HOME/erready when XDG_CACHE_HOME is an absolute
 * path, else $HOME/.cache/erready. malloc'd; NULL when neither is set. */
char *er_store_default_dir(void);

/* Open the cache at dir (NULL = default). Creates nothing yet. ER_ERR_NOTFOUND when no
 * directory can be determined. */
er_status er_store_open(const char *dir, er_store **out, er_diags *diags);
void er_store_free(er_store *s);
const char *er_store_dir(const er_store *s);

/* The version in use (current) or the one before it (previous) of a dataset, with the
 * file verified against its recorded size and hash. A damaged current version makes
 * er_store_current fall back to the previous one with a warning. ER_ERR_NOTFOUND when
 * nothing usable is cached (out is then zeroed). */
er_status er_store_current(er_store *s, const er_dataset_id *id, er_dataset_info *out,
                           er_diags *diags);
er_status er_store_previous(er_store *s, const er_dataset_id *id, er_dataset_info *out,
                            er_diags *diags);

/* The Service Tags file `erready check` should read for a cloud (any spelling, NULL =
 * "public"): ER_OK with out->path set to the newest valid cached file, ER_ERR_NOTFOUND
 * when nothing valid is cached (use the bundled snapshot). cache_dir NULL = default.
 * Never fails because of a damaged cache: that only adds warnings. ER_ERR_ARG for an
 * unknown cloud. */
er_status er_store_resolve(const char *cache_dir, const char *cloud, er_dataset_info *out,
                           er_diags *diags);

/* Take the dataset's update lock (non-blocking); ER_ERR_IO when another process has it.
 * Released by er_store_unlock or er_store_free. */
er_status er_store_lock(er_store *s, const er_dataset_id *id, er_diags *diags);
void er_store_unlock(er_store *s);

/* Make data the current version. meta supplies source, cloud, change number, version,
 * date, validators and counts (path, file, bytes, hash and stored are computed here);
 * name_hint is the file name to keep (e.g. "ServiceTags_Public_20251103.json"), made
 * unique when taken. The file is written to a temporary name, fsync'd and renamed, then
 * the state file is replaced the same way: that rename is the only commit point, so an
 * interruption leaves either the old or the new state, both complete. The old current
 * version becomes the previous one; older files and stray temporaries are removed.
 * Requires the lock. */
er_status er_store_commit(er_store *s, const er_dataset_id *id, const char *data, size_t len,
                          const char *name_hint, const er_dataset_info *meta, er_diags *diags);

/* Record that the current version was confirmed as the newest at `when`, and new HTTP
 * validators when not NULL. Requires the lock. ER_ERR_NOTFOUND when nothing is cached. */
er_status er_store_mark_checked(er_store *s, const er_dataset_id *id, int64_t when,
                                const char *etag, const char *last_modified, er_diags *diags);

/* The M365 clientrequestid of this cache (a random UUID created on first use). */
er_status er_store_client_id(er_store *s, char *buf, size_t size, er_diags *diags);

/* ---- validation (store.c) ----------------------------------------------------------- */

typedef enum er_verdict {
    ER_VERDICT_ACCEPT = 0, /* newer (or forced): replace */
    ER_VERDICT_SAME,       /* same version as the current one: nothing to do */
    ER_VERDICT_REFUSE      /* unsafe: keep the current data (reason in diags) */
} er_verdict;

/* Share of prefix entries a new version may lose before it is refused without --force. */
#define ER_DEFAULT_MAX_DROP 0.20

typedef struct er_judge_opts {
    const char *expect_cloud; /* feed spelling; a mismatch is refused even with force */
    bool force;               /* accept older versions and large drops */
    double max_drop;          /* 0..1, refused when entries fall by more than this share */
    const char *source;       /* names the candidate in diagnostics */
} er_judge_opts;

/* Judge a candidate Service Tags catalog against the current one (cur NULL = nothing
 * cached): cloud must match; a lower changeNumber is refused and an equal one is SAME
 * unless force; a drop in prefix entries larger than max_drop is refused unless force. */
er_verdict er_store_judge_servicetags(const er_catalog *cur, const er_catalog *cand,
                                      const er_judge_opts *o, er_diags *diags);
/* The same for M365 documents; versions "YYYYMMDDNN" ("" unknown: not compared);
 * endpoint sets and prefix entries must not fall by more than max_drop. */
er_verdict er_store_judge_m365(const er_m365 *cur, const char *cur_version,
                               const er_m365 *cand, const char *cand_version,
                               const er_judge_opts *o, er_diags *diags);

/* ---- feed diffs (src/catalog/feeddiff.c) -------------------------------------------- */

/* A named prefix set: a service tag, or an M365 endpoint set ("Exchange:1"). */
typedef struct er_named_prefixes {
    const char *name;
    const er_prefix *prefixes;
    size_t n;
} er_named_prefixes;

typedef struct er_diff_entry {
    char *name;
    int change;              /* +1 only in the new feed, -1 only in the old, 0 in both */
    er_prefix *added;        /* sorted, unique */
    size_t n_added;
    er_prefix *removed;
    size_t n_removed;
    size_t n_old, n_new;     /* unique prefixes before and after */
} er_diff_entry;

typedef struct er_feed_diff {
    er_diff_entry *entries;  /* only sets that changed, sorted by name */
    size_t n_entries;
    size_t n_old_sets, n_new_sets;
    size_t sets_added, sets_removed, sets_changed;
    size_t prefixes_added, prefixes_removed; /* sums over the entries */
    size_t unique_added, unique_removed;     /* prefixes new to / gone from the whole feed */
} er_feed_diff;

/* Compare two lists of named prefix sets (sets with the same name are merged; prefixes
 * compare after masking host bits). */
er_status er_feed_diff_sets(const er_named_prefixes *a, size_t na, const er_named_prefixes *b,
                            size_t nb, er_feed_diff **out);
/* Per service tag, old -> new. */
er_status er_feed_diff_catalogs(const er_catalog *old, const er_catalog *neu,
                                er_feed_diff **out);
/* Per endpoint set ("<serviceArea>:<id>"), old -> new. */
er_status er_feed_diff_m365(const er_m365 *old, const er_m365 *neu, er_feed_diff **out);
void er_feed_diff_free(er_feed_diff *d);

/* ---- update (src/catalog/update.c) -------------------------------------------------- */

typedef enum er_update_status {
    ER_UPD_UPDATED = 0, /* new data stored and in use */
    ER_UPD_UNCHANGED,   /* the source has nothing newer (304, same version or same file) */
    ER_UPD_DOWNLOAD,    /* a download failed: see fetch_err and http_status */
    ER_UPD_DISCOVERY,   /* the download page has no usable Service Tags link */
    ER_UPD_INVALID,     /* the data is not a valid feed of the expected kind */
    ER_UPD_REFUSED,     /* valid but refused by a safety rule (cloud, older, collapsed) */
    ER_UPD_LOCAL,       /* the cache cannot be read or written, or is locked */
    ER_UPD_ARG          /* bad options */
} er_update_status;

/* Short lowercase description ("download failed"), never NULL. */
const char *er_update_status_str(er_update_status st);

/* Microsoft's locations, overridable for tests and mirrors. */
#define ER_SERVICETAGS_PAGE "https://www.microsoft.com/en-us/download/confirmation.aspx?id="
#define ER_M365_BASE "https://endpoints.office.com"

typedef struct er_update_opts {
    const er_dataset_id *dataset;
    const char *url;       /* direct data URL: skips discovery / the version check */
    const char *page_url;  /* Service Tags download page; NULL = ER_SERVICETAGS_PAGE + id */
    const char *m365_base; /* M365 web service; NULL = ER_M365_BASE */
    const char *cloud_given; /* imports: cloud the user named, NULL = take the file's */
    bool force;
    double max_drop;       /* 0 = ER_DEFAULT_MAX_DROP */
    int64_t now;           /* 0 = time(NULL) */
} er_update_opts;

typedef struct er_update_result {
    er_update_status status;
    er_fetch_err fetch_err; /* for ER_UPD_DOWNLOAD */
    long http_status;
    char *url;              /* data URL used ("" none) */
    er_dataset_info before; /* current version before the update (id NULL if none) */
    er_dataset_info after;  /* current version afterwards */
    er_feed_diff *diff;     /* before -> after when updated and a before existed */
} er_update_result;

void er_update_result_clear(er_update_result *r);

/* Bring one dataset up to date: find the data URL (Service Tags: the download page's
 * ServiceTags_<cloud>_<date>.json link, or opts->url; M365: the version endpoint first,
 * stopping when the cached version is the latest, then endpoints/<instance>), download it
 * conditionally, validate (er_store_judge_*), commit. Whatever fails, the data in use is
 * untouched. Takes and releases the dataset lock. */
er_update_status er_update_run(er_store *s, er_fetcher *f, const er_update_opts *o,
                               er_update_result *res, er_diags *diags);

/* Import a file downloaded by hand (air-gapped sites) with the same validation. The kind
 * comes from the content; for Service Tags the dataset from the file's cloud (which must
 * equal opts->cloud_given when set); for M365 opts->dataset names the instance. */
er_update_status er_update_import(er_store *s, const char *path, const er_update_opts *o,
                                  er_update_result *res, er_diags *diags);

/* The newest ServiceTags_<feed_cloud>_<YYYYMMDD>.json link in a download page (HTML,
 * possibly with JSON-escaped "\/"): https only, on download.microsoft.com or the page's
 * own host. malloc'd URL, or NULL when there is none. */
char *er_update_find_link(const char *page, size_t len, const char *feed_cloud,
                          const char *page_url);

#endif
