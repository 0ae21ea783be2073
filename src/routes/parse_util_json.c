/* The JSON part of the parsers' toolkit (the cJSON adapter of the JSON route parsers):
 * parsing a document with line numbers, member accessors, a forward line locator. */
#include "routes/parse_util.h"

#include <cjson/cJSON.h>
#include <string.h>

uint64_t pu_count_lines(const char *buf, size_t len)
{
    er_lines it;
    er_lines_init(&it, buf, len);
    const char *s, *e;
    while (er_lines_next(&it, &s, &e))
        ;
    return it.lineno;
}

/* Newlines in [s,e). */
static uint32_t newlines(const char *s, const char *e)
{
    uint32_t n = 0;
    while (s < e && (s = memchr(s, '\n', (size_t)(e - s))) != NULL) {
        n++;
        s++;
    }
    return n;
}

void pu_doc_begin(pu_state *pu, const char *buf, size_t len)
{
    er_parse_stats *st = pu->ctx->stats;
    st->lines = pu_count_lines(buf, len);
    st->understood = st->lines;
    st->skipped = 0;
    pu->doc = true;
}

void pu_doc_reject(pu_state *pu, uint32_t line, uint32_t col, const char *msg)
{
    pu_diag(pu, ER_DIAG_ERROR, line, col, "%s", msg);
    pu->ctx->stats->understood = 0;
    pu->ctx->stats->skipped = pu->ctx->stats->lines;
    pu->failed = true;
}

/* pu_doc_reject at the position `at` of buf (the last character when at is past the end). */
static er_status fail_at(pu_state *pu, const char *buf, size_t len, const char *at, const char *msg)
{
    if (at >= buf + len)
        at = len ? buf + len - 1 : buf;
    const char *ls = at;
    while (ls > buf && ls[-1] != '\n')
        ls--;
    pu_doc_reject(pu, 1 + newlines(buf, at), (uint32_t)(at - ls) + 1, msg);
    return ER_ERR_PARSE;
}

/* The first text in [s,e) that is not on a blank (or noise) line; NULL if none. */
static const char *stray_text(const char *s, const char *e,
                              bool (*noise)(const char *, const char *))
{
    er_lines it;
    er_lines_init(&it, s, (size_t)(e - s));
    const char *ls, *le;
    while (er_lines_next(&it, &ls, &le))
        if (!pu_is_blank(ls, le) && !(noise && noise(ls, le)))
            return sc_skip_ws(ls, le);
    return NULL;
}

er_status pu_json_parse(pu_state *pu, const char *buf, size_t len, const char *start,
                        const char *end, bool (*noise)(const char *, const char *), cJSON **out)
{
    *out = NULL;
    pu_doc_begin(pu, buf, len);
    const char *stray = noise ? stray_text(buf, start, noise) : NULL;
    if (stray)
        return fail_at(pu, buf, len, stray, "unexpected text before the json document");
    const char *stop = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(start, (size_t)(end - start), &stop, false);
    if (!doc) {
        if (!stop || stop < start || stop > end)
            stop = end;
        const char *t = stop; /* only blanks left: the document ends too early */
        while (t < end && (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n'))
            t++;
        return fail_at(pu, buf, len, stop,
                       t >= end ? "invalid or truncated json document"
                                : "invalid json document (broken here)");
    }
    stray = stray_text(stop ? stop : end, end, noise);
    if (!stray && noise)
        stray = stray_text(end, buf + len, noise);
    if (stray) {
        cJSON_Delete(doc);
        return fail_at(pu, buf, len, stray, "unexpected text after the json document");
    }
    *out = doc;
    return ER_OK;
}

const char *pu_json_str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int pu_json_bool(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return -1;
    if (cJSON_IsBool(v))
        return cJSON_IsTrue(v) ? 1 : 0;
    return -2;
}

bool pu_json_u32(const cJSON *obj, const char *key, uint32_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 4294967295.0)
        return false;
    *out = (uint32_t)v->valuedouble;
    return true;
}

void pu_jline_init(pu_jline *j, const char *buf, size_t len)
{
    j->p = buf;
    j->end = buf + len;
    j->line = 1;
}

bool pu_jline_find(pu_jline *j, const char *needle)
{
    const char *f = *needle ? sc_find(j->p, j->end, needle) : NULL;
    if (!f)
        return false;
    j->line += newlines(j->p, f);
    j->p = f;
    return true;
}

uint32_t pu_jline_key(pu_jline *j, const char *key)
{
    size_t kn = strlen(key);
    for (const char *p = j->p; p < j->end;) {
        const char *q = memchr(p, '"', (size_t)(j->end - p));
        if (!q || (size_t)(j->end - q) < kn + 2)
            break;
        if (memcmp(q + 1, key, kn) == 0 && q[kn + 1] == '"') {
            const char *c = q + kn + 2;
            while (c < j->end && (*c == ' ' || *c == '\t' || *c == '\r' || *c == '\n'))
                c++;
            if (c < j->end && *c == ':') {
                j->line += newlines(j->p, q);
                j->p = q + kn + 2;
                return j->line;
            }
        }
        p = q + 1;
    }
    return j->line;
}
