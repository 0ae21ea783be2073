/* Baselines of accepted findings: loading (the cJSON adapter for baseline files),
 * matching against an analysis, pruning and writing.
 *
 * How it works: a baseline is a list of entries keyed by (rule, site, service, prefix),
 * each with a reason and an expiry date. Loading validates every entry completely before
 * appending any, so a baseline is used whole or not at all. Matching is a scan per finding
 * (baselines are short): an entry for the finding's own site beats an entry for any site,
 * and file order breaks the remaining ties. Expiry compares ISO dates as text, which
 * orders them correctly; the caller supplies "today", so the library reads no clock.
 * Writing sorts entries by key so regenerating a baseline gives the same bytes. */
#include "erready/baseline.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/internal.h"

typedef struct entry {
    er_baseline_entry pub;
    char *rule, *site, *service, *reason, *expires; /* owned; pub points at them */
} entry;

struct er_baseline {
    entry *v;
    size_t n, cap;
};

er_baseline *er_baseline_new(void) { return calloc(1, sizeof(er_baseline)); }

static void entry_free(entry *e)
{
    free(e->rule);
    free(e->site);
    free(e->service);
    free(e->reason);
    free(e->expires);
}

void er_baseline_free(er_baseline *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        entry_free(&b->v[i]);
    free(b->v);
    free(b);
}

size_t er_baseline_count(const er_baseline *b) { return b ? b->n : 0; }

const er_baseline_entry *er_baseline_entry_at(const er_baseline *b, size_t i)
{
    return b && i < b->n ? &b->v[i].pub : NULL;
}

void er_baseline_fingerprint(const char *rule, const char *site, const char *service,
                             const er_prefix *prefix, char out[ER_FINGERPRINT_HEX + 1])
{
    char pfx[ER_PREFIX_STRLEN], hex[65];
    er_prefix_format(prefix, pfx, sizeof pfx);
    er_sha256 s;
    er_sha256_init(&s);
    const char *parts[] = {"erready-finding-v1", rule, site ? site : "", service, pfx};
    for (size_t i = 0; i < ER_ARRAY_LEN(parts); i++)
        er_sha256_update(&s, parts[i], strlen(parts[i]) + 1); /* NUL separates the parts */
    er_sha256_hex(&s, hex);
    memcpy(out, hex, ER_FINGERPRINT_HEX);
    out[ER_FINGERPRINT_HEX] = '\0';
}

bool er_baseline_date_valid(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

static bool same_key(const er_baseline_entry *a, const er_baseline_entry *b)
{
    return strcmp(a->rule, b->rule) == 0 && strcmp(a->site, b->site) == 0 &&
           strcasecmp(a->service, b->service) == 0 && er_prefix_cmp(&a->prefix, &b->prefix) == 0;
}

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *r = malloc(n);
    if (r)
        memcpy(r, s, n);
    return r;
}

static bool nonempty(const char *s) { return s && s[0]; }

er_status er_baseline_add(er_baseline *b, const er_baseline_entry *e, bool *added)
{
    if (added)
        *added = false;
    if (!b || !e || !nonempty(e->rule) || !nonempty(e->service) || !nonempty(e->reason) ||
        !er_baseline_date_valid(e->expires))
        return ER_ERR_ARG;
    er_baseline_entry key = *e;
    key.site = e->site ? e->site : "";
    er_prefix_mask_host(&key.prefix);
    for (size_t i = 0; i < b->n; i++)
        if (same_key(&b->v[i].pub, &key))
            return ER_OK;
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 16;
        entry *nv = realloc(b->v, nc * sizeof *nv);
        if (!nv)
            return ER_ERR_NOMEM;
        b->v = nv;
        b->cap = nc;
    }
    entry *x = &b->v[b->n];
    memset(x, 0, sizeof *x);
    x->rule = dup(key.rule);
    x->site = dup(key.site);
    x->service = dup(key.service);
    x->reason = dup(key.reason);
    x->expires = dup(key.expires);
    if (!x->rule || !x->site || !x->service || !x->reason || !x->expires) {
        entry_free(x);
        return ER_ERR_NOMEM;
    }
    x->pub = key;
    x->pub.rule = x->rule;
    x->pub.site = x->site;
    x->pub.service = x->service;
    x->pub.reason = x->reason;
    x->pub.expires = x->expires;
    b->n++;
    if (added)
        *added = true;
    return ER_OK;
}

/* Line and column (1-based) of position pos in [s, s+len). */
static void line_col(const char *s, size_t len, size_t pos, uint32_t *line, uint32_t *col)
{
    uint32_t l = 1, c = 1;
    for (size_t i = 0; i < pos && i < len; i++) {
        if (s[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static const char *const known_keys[] = {"rule", "site", "service", "prefix",
                                         "reason", "expires", "fingerprint"};

/* A string member: NULL when absent; *bad when present but not a string. */
static const char *str_member(const cJSON *o, const char *key, bool *bad)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        return NULL;
    if (!cJSON_IsString(v)) {
        *bad = true;
        return NULL;
    }
    return v->valuestring;
}

/* Validate one entry into *e (strings borrowed from the cJSON tree). */
static bool check_entry(const cJSON *o, size_t k, const char *source, er_diags *d,
                        er_baseline_entry *e)
{
    if (!cJSON_IsObject(o)) {
        er_diags_add(d, ER_DIAG_ERROR, source, 0, 0, "entries[%zu]: not an object", k);
        return false;
    }
    for (const cJSON *m = o->child; m; m = m->next) {
        bool known = false;
        for (size_t i = 0; i < ER_ARRAY_LEN(known_keys); i++)
            if (strcmp(m->string, known_keys[i]) == 0)
                known = true;
        if (!known)
            er_diags_add(d, ER_DIAG_WARNING, source, 0, 0, "entries[%zu]: unknown key '%s' ignored",
                         k, m->string);
    }
    static const char *const required[] = {"rule", "service", "prefix", "reason", "expires"};
    const char *val[ER_ARRAY_LEN(required)];
    bool ok = true;
    for (size_t i = 0; i < ER_ARRAY_LEN(required); i++) {
        bool bad = false;
        val[i] = str_member(o, required[i], &bad);
        if (bad) {
            er_diags_add(d, ER_DIAG_ERROR, source, 0, 0, "entries[%zu]: '%s' is not a string",
                         k, required[i]);
            ok = false;
        } else if (!val[i] || !val[i][0]) {
            er_diags_add(d, ER_DIAG_ERROR, source, 0, 0, "entries[%zu]: '%s' is missing or empty%s",
                         k, required[i],
                         strcmp(required[i], "reason") == 0 ? " (say why the finding is accepted)"
                         : strcmp(required[i], "expires") == 0 ? " (give a date YYYY-MM-DD)"
                                                               : "");
            ok = false;
        }
    }
    bool bad = false;
    const char *site = str_member(o, "site", &bad);
    if (bad) {
        er_diags_add(d, ER_DIAG_ERROR, source, 0, 0, "entries[%zu]: 'site' is not a string", k);
        ok = false;
    }
    bad = false;
    const char *fp = str_member(o, "fingerprint", &bad);
    if (bad) {
        er_diags_add(d, ER_DIAG_ERROR, source, 0, 0, "entries[%zu]: 'fingerprint' is not a string",
                     k);
        ok = false;
    }
    if (!ok)
        return false;
    e->rule = val[0];
    e->site = site ? site : "";
    e->service = val[1];
    e->reason = val[3];
    e->expires = val[4];
    er_addr_err ae = er_prefix_parse(val[2], true, &e->prefix);
    if (ae == ER_ADDR_HOST_BITS) {
        er_diags_add(d, ER_DIAG_ERROR, source, 0, 0,
                     "entries[%zu]: prefix '%s' has host bits set", k, val[2]);
        return false;
    }
    if (ae != ER_ADDR_OK) {
        er_diags_add(d, ER_DIAG_ERROR, source, 0, 0, "entries[%zu]: invalid prefix '%s': %s", k,
                     val[2], er_addr_err_str(ae));
        return false;
    }
    if (!er_baseline_date_valid(e->expires)) {
        er_diags_add(d, ER_DIAG_ERROR, source, 0, 0,
                     "entries[%zu]: expiry '%s' is not a date YYYY-MM-DD", k, e->expires);
        return false;
    }
    if (fp) {
        char want[ER_FINGERPRINT_HEX + 1];
        er_baseline_fingerprint(e->rule, e->site, e->service, &e->prefix, want);
        if (strcmp(fp, want) != 0)
            er_diags_add(d, ER_DIAG_WARNING, source, 0, 0,
                         "entries[%zu]: fingerprint does not match rule, site, service and "
                         "prefix (the entry was edited; it matches by those fields)",
                         k);
    }
    return true;
}

er_status er_baseline_load(er_baseline *b, const char *source, const char *json, size_t len,
                           er_diags *d)
{
    if (!b || !json)
        return ER_ERR_ARG;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, false);
    if (!root) {
        uint32_t line = 0, col = 0;
        if (end && end >= json)
            line_col(json, len, (size_t)(end - json), &line, &col);
        er_diags_add(d, ER_DIAG_ERROR, source, line, col, "baseline is not valid JSON");
        return ER_ERR_PARSE;
    }
    er_status st = ER_ERR_PARSE;
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "erready_baseline");
    const cJSON *entries = cJSON_GetObjectItemCaseSensitive(root, "entries");
    if (!cJSON_IsObject(root) || !ver) {
        er_diags_add(d, ER_DIAG_ERROR, source, 0, 0,
                     "not an erready baseline (no \"erready_baseline\": 1 at the top)");
        goto out;
    }
    if (!cJSON_IsNumber(ver) || ver->valuedouble != 1.0) {
        er_diags_add(d, ER_DIAG_ERROR, source, 0, 0,
                     "unsupported baseline version (this erready reads version 1)");
        goto out;
    }
    if (!cJSON_IsArray(entries)) {
        er_diags_add(d, ER_DIAG_ERROR, source, 0, 0, "'entries' is missing or not an array");
        goto out;
    }
    size_t n = (size_t)cJSON_GetArraySize(entries), k = 0;
    er_baseline_entry *tmp = calloc(n ? n : 1, sizeof *tmp);
    if (!tmp) {
        st = ER_ERR_NOMEM;
        goto out;
    }
    bool ok = true;
    for (const cJSON *e = entries->child; e; e = e->next, k++)
        if (!check_entry(e, k, source, d, &tmp[k]))
            ok = false;
    if (ok) {
        st = ER_OK;
        for (k = 0; k < n && st == ER_OK; k++) {
            bool added = false;
            st = er_baseline_add(b, &tmp[k], &added);
            if (st == ER_OK && !added) {
                char pfx[ER_PREFIX_STRLEN];
                er_prefix_format(&tmp[k].prefix, pfx, sizeof pfx);
                er_diags_add(d, ER_DIAG_WARNING, source, 0, 0,
                             "entries[%zu]: duplicate of an earlier entry for %s %s %s; ignored",
                             k, tmp[k].rule, tmp[k].service, pfx);
            }
        }
    }
    free(tmp);
out:
    cJSON_Delete(root);
    return st;
}

er_status er_baseline_load_file(er_baseline *b, const char *path, er_diags *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        er_diags_add(d, ER_DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return ER_ERR_IO;
    }
    er_sb sb;
    er_sb_init(&sb);
    char buf[8192];
    size_t r;
    while ((r = fread(buf, 1, sizeof buf, f)) > 0)
        er_sb_putn(&sb, buf, r);
    bool rerr = ferror(f);
    fclose(f);
    if (rerr) {
        er_diags_add(d, ER_DIAG_ERROR, path, 0, 0, "cannot read");
        er_sb_free(&sb);
        return ER_ERR_IO;
    }
    size_t len = 0;
    char *text = er_sb_take(&sb, &len);
    if (!text)
        return ER_ERR_NOMEM;
    er_status st = er_baseline_load(b, path, text, len, d);
    free(text);
    return st;
}

er_status er_baseline_apply(const er_baseline *b, const er_analysis *a, const char *site,
                            const char *today, er_baseline_match **out)
{
    *out = NULL;
    if (!a || !er_baseline_date_valid(today))
        return ER_ERR_ARG;
    size_t n = er_analysis_finding_count(a);
    if (!n)
        return ER_OK;
    er_baseline_match *m = malloc(n * sizeof *m);
    if (!m)
        return ER_ERR_NOMEM;
    if (!site)
        site = "";
    for (size_t i = 0; i < n; i++) {
        const er_finding *f = er_analysis_finding(a, i);
        const char *svc = er_report_finding_service(a, f);
        size_t best = SIZE_MAX;
        for (size_t k = 0; b && k < b->n; k++) {
            const er_baseline_entry *e = &b->v[k].pub;
            if (strcmp(e->rule, f->rule) || strcasecmp(e->service, svc) ||
                er_prefix_cmp(&e->prefix, &f->prefix))
                continue;
            if (e->site[0] && strcmp(e->site, site))
                continue;
            if (best == SIZE_MAX || (e->site[0] && !b->v[best].pub.site[0]))
                best = k;
            if (e->site[0])
                break;
        }
        m[i].entry = best;
        if (best == SIZE_MAX)
            m[i].state = ER_BASELINE_NONE;
        else
            m[i].state = strcmp(today, b->v[best].pub.expires) > 0 ? ER_BASELINE_EXPIRED
                                                                  : ER_BASELINE_ACCEPTED;
    }
    *out = m;
    return ER_OK;
}

size_t er_baseline_prune(er_baseline *b, const er_baseline_match *m, size_t n_findings)
{
    if (!b || !b->n)
        return 0;
    bool *used = calloc(b->n, sizeof *used);
    if (!used)
        return 0; /* on no memory nothing is removed: pruning only ever shrinks */
    for (size_t i = 0; m && i < n_findings; i++)
        if (m[i].state != ER_BASELINE_NONE && m[i].entry < b->n)
            used[m[i].entry] = true;
    size_t k = 0, removed = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (used[i]) {
            b->v[k++] = b->v[i];
        } else {
            entry_free(&b->v[i]);
            removed++;
        }
    }
    b->n = k;
    free(used);
    return removed;
}

static const er_baseline *sort_b;

static int cmp_entry(const void *x, const void *y)
{
    const er_baseline_entry *a = &sort_b->v[*(const size_t *)x].pub;
    const er_baseline_entry *b = &sort_b->v[*(const size_t *)y].pub;
    int r = strcmp(a->rule, b->rule);
    if (!r)
        r = strcmp(a->site, b->site);
    if (!r)
        r = strcmp(a->service, b->service);
    if (!r)
        r = er_prefix_cmp(&a->prefix, &b->prefix);
    return r;
}

char *er_baseline_to_json(const er_baseline *b, size_t *len)
{
    size_t n = er_baseline_count(b);
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx)
        return NULL;
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    if (n) {
        sort_b = b; /* qsort has no context argument in C11 */
        qsort(idx, n, sizeof *idx, cmp_entry);
        sort_b = NULL;
    }
    er_sb sb;
    er_sb_init(&sb);
    er_sb_puts(&sb, "{\n  \"erready_baseline\": 1,\n  \"entries\": [");
    for (size_t k = 0; k < n; k++) {
        const er_baseline_entry *e = &b->v[idx[k]].pub;
        char pfx[ER_PREFIX_STRLEN], fp[ER_FINGERPRINT_HEX + 1];
        er_prefix_format(&e->prefix, pfx, sizeof pfx);
        er_baseline_fingerprint(e->rule, e->site, e->service, &e->prefix, fp);
        er_sb_puts(&sb, k ? ",\n    {\n      \"rule\": " : "\n    {\n      \"rule\": ");
        er_sb_json_str(&sb, e->rule, strlen(e->rule));
        er_sb_puts(&sb, ",\n      \"site\": ");
        er_sb_json_str(&sb, e->site, strlen(e->site));
        er_sb_puts(&sb, ",\n      \"service\": ");
        er_sb_json_str(&sb, e->service, strlen(e->service));
        er_sb_printf(&sb, ",\n      \"prefix\": \"%s\",\n      \"reason\": ", pfx);
        er_sb_json_str(&sb, e->reason, strlen(e->reason));
        er_sb_printf(&sb, ",\n      \"expires\": \"%s\",\n      \"fingerprint\": \"%s\"\n    }",
                     e->expires, fp);
    }
    er_sb_puts(&sb, n ? "\n  ]\n}\n" : "]\n}\n");
    free(idx);
    return er_sb_take(&sb, len);
}
