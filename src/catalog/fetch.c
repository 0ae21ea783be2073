/* HTTPS downloads into memory with libcurl: the only file that includes curl headers.
 *
 * How it works: an er_fetcher owns one curl easy handle so that consecutive requests to
 * the same host (the M365 version and endpoints calls) reuse the connection. Every
 * request is set up from scratch on that handle: https only (also for redirects), peer
 * and host verification on, an optional CA bundle, the proxy from the options or
 * libcurl's environment rules, connect/total/stall timeouts, a size cap enforced both
 * from Content-Length and while receiving (so a compressed bomb or a server that lies
 * about its length stops at the cap), and If-None-Match / If-Modified-Since for
 * conditional requests. Each attempt's outcome is classified into an er_fetch_err;
 * transient ones are retried after an exponential backoff, honouring a short
 * Retry-After. The response headers are captured per response (a redirect or a proxy
 * CONNECT answer resets them), so the validators belong to the final answer. */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "erready/update.h"

#define MAX_HEADER_VALUE 1024
#define MAX_BACKOFF_MS 30000L

struct er_fetcher {
    CURL *h;
    er_fetch_opts o;
};

/* State of one attempt. */
typedef struct xfer {
    char *body;
    size_t len, cap, max;
    bool too_large;
    bool nomem;
    char etag[MAX_HEADER_VALUE];
    char last_modified[MAX_HEADER_VALUE];
    long retry_after_s; /* -1 none */
} xfer;

void er_fetch_opts_init(er_fetch_opts *o)
{
    memset(o, 0, sizeof *o);
    o->connect_timeout_ms = 15000;
    o->timeout_ms = 300000;
    o->stall_s = 60;
    o->retries = 3;
    o->retry_delay_ms = 1000;
    o->max_bytes = (size_t)64 << 20;
}

const char *er_fetch_err_str(er_fetch_err e)
{
    switch (e) {
    case ER_FETCH_OK: return "ok";
    case ER_FETCH_NOT_MODIFIED: return "not modified";
    case ER_FETCH_HTTP: return "http error";
    case ER_FETCH_NETWORK: return "network error";
    case ER_FETCH_TIMEOUT: return "timeout";
    case ER_FETCH_TLS: return "tls error";
    case ER_FETCH_TOO_LARGE: return "too large";
    case ER_FETCH_PROXY: return "proxy error";
    case ER_FETCH_ARG: return "invalid request";
    case ER_FETCH_NOMEM: return "out of memory";
    }
    return "unknown error";
}

void er_fetch_resp_clear(er_fetch_resp *r)
{
    if (!r)
        return;
    free(r->body);
    free(r->etag);
    free(r->last_modified);
    free(r->url);
    memset(r, 0, sizeof *r);
}

er_fetcher *er_fetcher_new(const er_fetch_opts *o)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return NULL;
    er_fetcher *f = calloc(1, sizeof *f);
    if (f)
        f->h = curl_easy_init();
    if (!f || !f->h) {
        free(f);
        curl_global_cleanup();
        return NULL;
    }
    if (o)
        f->o = *o;
    else
        er_fetch_opts_init(&f->o);
    return f;
}

void er_fetcher_free(er_fetcher *f)
{
    if (!f)
        return;
    curl_easy_cleanup(f->h);
    free(f);
    curl_global_cleanup();
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ctx)
{
    xfer *x = ctx;
    size_t n = size * nmemb;
    if (n > x->max - x->len) {
        x->too_large = true;
        return 0; /* aborts the transfer */
    }
    if (x->len + n + 1 > x->cap) {
        size_t cap = x->cap ? x->cap : 65536;
        while (cap < x->len + n + 1)
            cap *= 2;
        char *nb = realloc(x->body, cap);
        if (!nb) {
            x->nomem = true;
            return 0;
        }
        x->body = nb;
        x->cap = cap;
    }
    memcpy(x->body + x->len, data, n);
    x->len += n;
    x->body[x->len] = '\0';
    return n;
}

/* Copy a header value without surrounding blanks; values with control characters or
 * longer than the buffer are dropped (they would not be safe to store). */
static void header_value(const char *v, size_t n, char *out, size_t size)
{
    while (n && (*v == ' ' || *v == '\t')) {
        v++;
        n--;
    }
    while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    out[0] = '\0';
    if (n == 0 || n >= size)
        return;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
            return;
    memcpy(out, v, n);
    out[n] = '\0';
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ctx)
{
    xfer *x = ctx;
    size_t n = size * nmemb;
    if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        /* A new response (after a redirect or a proxy's CONNECT answer). */
        x->etag[0] = x->last_modified[0] = '\0';
        x->retry_after_s = -1;
        return n;
    }
    const char *colon = memchr(data, ':', n);
    if (!colon)
        return n;
    size_t klen = (size_t)(colon - data);
    const char *v = colon + 1;
    size_t vlen = n - klen - 1;
    if (klen == 4 && strncasecmp(data, "etag", 4) == 0) {
        header_value(v, vlen, x->etag, sizeof x->etag);
    } else if (klen == 13 && strncasecmp(data, "last-modified", 13) == 0) {
        header_value(v, vlen, x->last_modified, sizeof x->last_modified);
    } else if (klen == 11 && strncasecmp(data, "retry-after", 11) == 0) {
        char buf[32];
        header_value(v, vlen, buf, sizeof buf);
        char *end;
        errno = 0;
        long s = strtol(buf, &end, 10);
        if (buf[0] >= '0' && buf[0] <= '9' && *end == '\0' && errno == 0)
            x->retry_after_s = s;
    }
    return n;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static bool transient_status(long st)
{
    return st == 408 || st == 429 || st == 500 || st == 502 || st == 503 || st == 504;
}

/* Classify a finished attempt. *transient says whether another attempt may help. */
static er_fetch_err classify(CURLcode rc, long status, long connect_code, const xfer *x,
                             bool conditional, bool *transient)
{
    *transient = false;
    if (x->nomem)
        return ER_FETCH_NOMEM;
    if (x->too_large || rc == CURLE_FILESIZE_EXCEEDED)
        return ER_FETCH_TOO_LARGE;
    if (connect_code >= 300)
        return ER_FETCH_PROXY;
    switch (rc) {
    case CURLE_OK:
        if (status >= 200 && status < 300)
            return ER_FETCH_OK;
        if (status == 304 && conditional)
            return ER_FETCH_NOT_MODIFIED;
        *transient = transient_status(status);
        return ER_FETCH_HTTP;
    case CURLE_OPERATION_TIMEDOUT:
        *transient = true;
        return ER_FETCH_TIMEOUT;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        *transient = true;
        return ER_FETCH_NETWORK;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
        *transient = rc == CURLE_COULDNT_RESOLVE_PROXY;
        return ER_FETCH_PROXY;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_SHUTDOWN_FAILED:
        return ER_FETCH_TLS;
    case CURLE_UNSUPPORTED_PROTOCOL: /* the URL itself was checked: a redirect did this */
        return ER_FETCH_HTTP;
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_URL_MALFORMAT:
        return ER_FETCH_ARG;
    case CURLE_OUT_OF_MEMORY:
        return ER_FETCH_NOMEM;
    case CURLE_TOO_MANY_REDIRECTS:
        return ER_FETCH_HTTP;
    default:
        return ER_FETCH_NETWORK;
    }
}

static void describe(er_diags *d, const char *url, er_fetch_err e, CURLcode rc, long status,
                     long connect_code, const char *curl_msg, const er_fetch_opts *o,
                     unsigned attempts)
{
    char tail[64] = "";
    if (attempts > 1)
        snprintf(tail, sizeof tail, " (after %u attempts)", attempts);
    const char *detail = curl_msg[0] ? curl_msg : curl_easy_strerror(rc);
    switch (e) {
    case ER_FETCH_HTTP:
        if (rc == CURLE_TOO_MANY_REDIRECTS)
            er_diags_add(d, ER_DIAG_ERROR, url, 0, 0, "download failed: too many redirects");
        else if (rc == CURLE_UNSUPPORTED_PROTOCOL)
            er_diags_add(d, ER_DIAG_ERROR, url, 0, 0,
                         "download failed: the server redirected to a non-https address, "
                         "which is refused");
        else
            er_diags_add(d, ER_DIAG_ERROR, url, 0, 0, "download failed: server answered HTTP %ld%s",
                         status, tail);
        break;
    case ER_FETCH_TOO_LARGE:
        er_diags_add(d, ER_DIAG_ERROR, url, 0, 0,
                     "download failed: the answer is larger than the size cap of %zu bytes",
                     o->max_bytes);
        break;
    case ER_FETCH_TIMEOUT:
        er_diags_add(d, ER_DIAG_ERROR, url, 0, 0,
                     "download failed: timed out (%s; limits: connect %ld ms, total %ld ms, "
                     "stall %ld s)%s",
                     detail, o->connect_timeout_ms, o->timeout_ms, o->stall_s, tail);
        break;
    case ER_FETCH_TLS:
        er_diags_add(d, ER_DIAG_ERROR, url, 0, 0,
                     "download failed: tls error, server certificate not trusted or handshake "
                     "failed (%s); behind a TLS-inspecting proxy pass its root CA with --cacert",
                     detail);
        break;
    case ER_FETCH_PROXY:
        if (connect_code >= 300)
            er_diags_add(d, ER_DIAG_ERROR, url, 0, 0,
                         "download failed: the proxy refused the connection (HTTP %ld)",
                         connect_code);
        else
            er_diags_add(d, ER_DIAG_ERROR, url, 0, 0, "download failed: proxy error (%s)%s",
                         detail, tail);
        break;
    case ER_FETCH_ARG:
        er_diags_add(d, ER_DIAG_ERROR, url, 0, 0, "download failed: %s", detail);
        break;
    case ER_FETCH_NOMEM:
        er_diags_add(d, ER_DIAG_ERROR, url, 0, 0, "download failed: out of memory");
        break;
    default:
        er_diags_add(d, ER_DIAG_ERROR, url, 0, 0, "download failed: %s%s", detail, tail);
        break;
    }
}

static bool is_https(const char *url)
{
    return strncasecmp(url, "https://", 8) == 0 && url[8] != '\0';
}

er_fetch_err er_fetch_get(er_fetcher *f, const char *url, const char *etag,
                          const char *last_modified, er_fetch_resp *out, er_diags *diags)
{
    memset(out, 0, sizeof *out);
    if (!f || !url)
        return ER_FETCH_ARG;
    if (!is_https(url)) {
        er_diags_add(diags, ER_DIAG_ERROR, url, 0, 0,
                     "download failed: only https urls are allowed");
        return ER_FETCH_ARG;
    }
    const er_fetch_opts *o = &f->o;
    bool conditional = (etag && *etag) || (last_modified && *last_modified);
    struct curl_slist *hdrs = NULL;
    char line[MAX_HEADER_VALUE + 32];
    if (etag && *etag) {
        snprintf(line, sizeof line, "If-None-Match: %s", etag);
        hdrs = curl_slist_append(hdrs, line);
    }
    if (last_modified && *last_modified) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", last_modified);
        struct curl_slist *h2 = curl_slist_append(hdrs, line);
        if (h2)
            hdrs = h2;
    }
    if (conditional && !hdrs)
        return ER_FETCH_NOMEM;

    xfer x;
    char errbuf[CURL_ERROR_SIZE];
    er_fetch_err e = ER_FETCH_NETWORK;
    CURLcode rc = CURLE_OK;
    long status = 0, connect_code = 0;
    long delay = o->retry_delay_ms > 0 ? o->retry_delay_ms : 1000;
    unsigned attempt = 0;
    memset(&x, 0, sizeof x);
    for (;;) {
        attempt++;
        free(x.body);
        memset(&x, 0, sizeof x);
        x.max = o->max_bytes ? o->max_bytes : (size_t)64 << 20;
        x.retry_after_s = -1;
        errbuf[0] = '\0';

        CURL *h = f->h;
        curl_easy_reset(h);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
        curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "https");
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYHOST, 2L);
        if (o->cacert) {
            curl_easy_setopt(h, CURLOPT_CAINFO, o->cacert);
            curl_easy_setopt(h, CURLOPT_PROXY_CAINFO, o->cacert);
            curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
        }
        if (o->proxy)
            curl_easy_setopt(h, CURLOPT_PROXY, o->proxy);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
        if (o->stall_s > 0) {
            curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
            curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, o->stall_s);
        }
        curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x.max);
        curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(h, CURLOPT_USERAGENT, "erready/" ERREADY_VERSION);
        if (hdrs)
            curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

        rc = curl_easy_perform(h);
        status = 0;
        connect_code = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(h, CURLINFO_HTTP_CONNECTCODE, &connect_code);
        bool transient;
        e = classify(rc, status, connect_code, &x, conditional, &transient);
        if (e == ER_FETCH_OK || e == ER_FETCH_NOT_MODIFIED || !transient ||
            attempt > o->retries)
            break;
        long wait = delay;
        if (x.retry_after_s >= 0)
            wait = x.retry_after_s * 1000 > MAX_BACKOFF_MS ? MAX_BACKOFF_MS
                                                            : x.retry_after_s * 1000;
        sleep_ms(wait);
        delay = delay * 2 > MAX_BACKOFF_MS ? MAX_BACKOFF_MS : delay * 2;
    }
    curl_slist_free_all(hdrs);

    out->status = status;
    out->attempts = attempt;
    char *eff = NULL;
    curl_easy_getinfo(f->h, CURLINFO_EFFECTIVE_URL, &eff);
    out->url = strdup(eff ? eff : url);
    if (x.etag[0])
        out->etag = strdup(x.etag);
    if (x.last_modified[0])
        out->last_modified = strdup(x.last_modified);
    if (!out->url || (x.etag[0] && !out->etag) || (x.last_modified[0] && !out->last_modified))
        e = ER_FETCH_NOMEM;
    if (e == ER_FETCH_OK) {
        if (!x.body) {
            x.body = malloc(1);
            if (x.body)
                x.body[0] = '\0';
            else
                e = ER_FETCH_NOMEM;
        }
        out->body = x.body;
        out->len = x.len;
        x.body = NULL;
    }
    free(x.body);
    if (e != ER_FETCH_OK && e != ER_FETCH_NOT_MODIFIED) {
        describe(diags, url, e, rc, status, connect_code, errbuf, o, attempt);
        free(out->body);
        out->body = NULL;
        out->len = 0;
    }
    return e;
}
