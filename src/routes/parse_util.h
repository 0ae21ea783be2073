/* Module-private toolkit of the route parsers (prefix pu_): the line loop and its
 * accounting, diagnostics, strict prefix reading with host-bit repair, the VRF filter,
 * interning, route output, the line shapes every vendor shares, and JSON documents with
 * line numbers. Nothing here allocates per line. */
#ifndef ER_ROUTES_PARSE_UTIL_H
#define ER_ROUTES_PARSE_UTIL_H

#include <string.h>

#include "erready/routes.h"

#include "routes/internal.h"
#include "routes/scan.h"

/* Interning slots: the last string interned per slot is reused while it repeats, so a
 * table of a million routes through one uplink holds one copy of "Ethernet1". */
enum { PU_SLOT_IFACE, PU_SLOT_ASPATH, PU_SLOT_COMM, PU_SLOT_OTHER, PU_SLOTS };

/* One parse of one file. */
typedef struct pu_state {
    er_parse_ctx *ctx;
    er_lines it;  /* the line loop (pu_next_line) */
    size_t first; /* table index of the first route of this file */
    bool failed;  /* an error was reported: the parse ends with ER_ERR_PARSE */
    bool nomem;   /* the table could not grow: ER_ERR_NOMEM */
    bool doc;     /* a parsed JSON document: skips move lines from understood */
    /* The current VRF ({0,0} = default) and whether ctx->vrf_filter keeps its routes. */
    er_strref vrf;
    bool vrf_keep;
    er_strref cache[PU_SLOTS];
} pu_state;

/* Start a parse of [buf, buf+len) for ctx; the current VRF is the default one. */
void pu_init(pu_state *pu, er_parse_ctx *ctx, const char *buf, size_t len);

/* Status of the parse: ER_ERR_NOMEM, ER_ERR_PARSE after an error, else ER_OK. */
static inline er_status pu_finish(const pu_state *pu)
{
    return pu->nomem ? ER_ERR_NOMEM : pu->failed ? ER_ERR_PARSE : ER_OK;
}

/* ---- the line loop ----
 * Every line returned by pu_next_line is counted in stats->lines; the parser then
 * accounts for it exactly once: pu_ok (understood), pu_skip or pu_error (skipped). */

static inline bool pu_next_line(pu_state *pu, const char **s, const char **e)
{
    if (!er_lines_next(&pu->it, s, e))
        return false;
    pu->ctx->stats->lines++;
    return true;
}

/* Line number of the line pu_next_line returned last. */
static inline uint32_t pu_lineno(const pu_state *pu)
{
    return pu->it.lineno;
}

/* The whole line loop for parsers with one function per line: fn(st, s, e, line) for
 * every line, until fn returns something other than ER_OK, which is returned. (Inline, so
 * that the compiler may inline fn into the loop.) */
static inline er_status pu_each_line(pu_state *pu, void *st,
                                     er_status (*fn)(void *st, const char *s, const char *e,
                                                     uint32_t line))
{
    const char *s, *e;
    while (pu_next_line(pu, &s, &e)) {
        er_status rc = fn(st, s, e, pu_lineno(pu));
        if (rc != ER_OK)
            return rc;
    }
    return ER_OK;
}

/* n lines understood. */
static inline void pu_ok(pu_state *pu)
{
    pu->ctx->stats->understood++;
}
static inline void pu_ok_n(pu_state *pu, uint64_t n)
{
    pu->ctx->stats->understood += n;
}

/* ---- diagnostics ----
 * Messages are lowercase, without a trailing period; input text is quoted as a snippet. */

/* Longest snippet of input text in a message, "..." not counted. */
#define PU_QUOTE 72

/* [s,e) for a message into buf (size >= 8): the text as written up to its first line
 * end, trailing blanks dropped, bytes other than printable ASCII and tab shown as '?',
 * at most size-1 bytes with "..." when cut. Returns buf. */
char *pu_snippet(char *buf, size_t size, const char *s, const char *e);

/* The NUL-terminated input string s (a JSON key or value) as a snippet for a message. */
#define PU_QUOTED(buf, s) pu_snippet((buf), sizeof(buf), (s), (s) + strlen(s))

/* Column of at in the line starting at ls (1-based); 0 when ls is NULL (no line text). */
static inline uint32_t pu_col(const char *ls, const char *at)
{
    return ls ? (uint32_t)(at - ls) + 1 : 0;
}

/* A line not understood: one warning "not understood[: <why>]: '<snippet>'", the line
 * counted as skipped. */
void pu_skip(pu_state *pu, uint32_t line, const char *why, const char *s, const char *e);

/* pu_skip with a formatted reason and no snippet: "not understood: <fmt...>". */
void pu_skipf(pu_state *pu, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Malformed input where a route was meant: one error "<why>: '<snippet of [s,e)>'" at
 * line:col, the line counted as skipped, and the parse ends with ER_ERR_PARSE. */
void pu_error(pu_state *pu, uint32_t line, uint32_t col, const char *why, const char *s,
              const char *e);

/* pu_error for an address that does not scan: "invalid <what> (<reason>)" quoting the
 * token at s (up to a blank, ',', ']', ')' or the line end). */
void pu_bad_addr(pu_state *pu, uint32_t line, uint32_t col, const char *what, er_addr_err err,
                 const char *s, const char *e);

/* Any other diagnostic; no line accounting. */
void pu_diag(pu_state *pu, er_diag_level level, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* ---- addresses and prefixes ---- */

/* All of [s,e) as one address: the scanner's code, ER_ADDR_TRAILING when text follows. */
static inline er_addr_err pu_addr_err(const char *s, const char *e, er_prefix *out)
{
    const char *next = NULL;
    er_addr_err err = er_addr_scan(s, e, out, &next);
    return err == ER_ADDR_OK && next != e ? ER_ADDR_TRAILING : err;
}

/* All of [s,e) as one address. */
static inline bool pu_addr(const char *s, const char *e, er_prefix *out)
{
    return pu_addr_err(s, e, out) == ER_ADDR_OK;
}

/* All of [s,e) as a prefix (a bare address is a host prefix unless require_len). Host
 * bits are cleared with a warning at line:col ("host bits set in A; using B") and
 * ER_RF_HOSTBITS added to *flags; the result is then ER_ADDR_OK. Otherwise the scanner's
 * code (ER_ADDR_TRAILING when text follows the prefix); no message. */
er_addr_err pu_prefix(pu_state *pu, uint32_t line, uint32_t col, const char *s, const char *e,
                      bool require_len, er_prefix *out, uint8_t *flags);

/* The prefix token [s,e) ("addr/len") of the line starting at ls, with host bits
 * repaired as pu_prefix does; when it does not scan, the error "invalid prefix: '...'"
 * (the line counted as skipped) and false. */
bool pu_read_prefix(pu_state *pu, uint32_t line, const char *ls, const char *s, const char *e,
                    er_prefix *out, uint8_t *flags);

/* Clear host bits of *p with the warning of pu_prefix; ER_RF_HOSTBITS if any, else 0. */
uint8_t pu_fix_hostbits(pu_state *pu, er_prefix *p, uint32_t line, uint32_t col);

/* Scan a network or address token at s: *p filled, *next past it, *has_len whether a
 * "/len" was written. The scanner's code (host bits are not repaired here);
 * ER_ADDR_TRAILING when the token goes on past the address. */
er_addr_err pu_prefix_tok(const char *s, const char *e, er_prefix *p, const char **next,
                          bool *has_len);

/* True if c may follow an address or prefix token (end of token). */
static inline bool pu_addr_delim(const char *p, const char *e)
{
    return p >= e || *p == ' ' || *p == '\t';
}

/* Token [s,e) written like an IPv4/IPv6 address or prefix: hex digits, dots, colons, a
 * slash, with a dot or colon (so failing to scan it is an error, not another line). */
bool pu_looks_like_addr(const char *s, const char *e);

/* The token at s (up to a blank or e) when it looks like an address as above: its end;
 * else NULL. One pass for pu_looks_like_addr(s, <end of the token at s>). */
const char *pu_addr_token_end(const char *s, const char *e);

/* Token [s,e) starts with a digit or holds a colon: it stands where an address belongs,
 * so a token that does not scan is a malformed address rather than a word. */
static inline bool pu_addr_like(const char *s, const char *e)
{
    return s < e && (sc_is_digit(*s) || memchr(s, ':', (size_t)(e - s)) != NULL);
}

/* Text of digits, hex letters, '.', ':' and '/' with at least one of '.', ':', '/': a
 * mistyped address or prefix, not a word. */
bool pu_addrish(const char *s, const char *e);

/* A valid AS path as routers print it: ASNs (asplain or asdot), AS sets "{1,2}" and
 * confederation segments "(1 2)" / "[1 2]", balanced. Empty is valid. */
bool pu_valid_as_path(const char *s, const char *e);

/* [s,e) holds only digits, blanks and the AS path punctuation ".{},()[]". */
bool pu_as_path_chars(const char *s, const char *e);

/* "i", "e" or "?": a BGP origin code. */
static inline bool pu_origin_code(const char *s, const char *e)
{
    return e - s == 1 && (*s == 'i' || *s == 'e' || *s == '?');
}

/* Natural (classful) length of an IPv4 network printed without a mask: 8, 16 or 24;
 * 0 for 0.0.0.0 (the default route); -1 for class D/E (no natural mask). */
int pu_classful_len(uint32_t v4);

/* "[a/b]" exactly: two decimal numbers. */
bool pu_bracket_pair(const char *s, const char *e, uint32_t *a, uint32_t *b);

/* "[a/b]" at p (p at '['), up to the first ']' of [p,e): *after past it. */
bool pu_bracket_at(const char *p, const char *e, uint32_t *a, uint32_t *b, const char **after);

/* ---- VRF filter ----
 * Convention of every parser: the VRF named "default" (or an empty name) is the default
 * VRF, stored as absent; the filter "default" or "" selects it. */

/* Make [s,e) (blank-trimmed) the current VRF; the name is interned once per change. */
void pu_set_vrf(pu_state *pu, const char *s, const char *e);

/* True if routes of VRF [s,e) pass ctx->vrf_filter (same convention). */
bool pu_vrf_wanted(const er_parse_ctx *ctx, const char *s, const char *e);

/* ---- strings and routes ---- */

/* Copy [s,e) into the table's arena ({0,0} if empty); sets pu->nomem on failure. */
er_strref pu_intern(pu_state *pu, const char *s, const char *e);

/* pu_intern reusing the last string of the slot when [s,e) repeats it. */
er_strref pu_intern_slot(pu_state *pu, int slot, const char *s, const char *e);

/* A fresh route of `line`: everything absent, not classified. */
static inline void pu_route_init(er_route *r, uint32_t line)
{
    memset(r, 0, sizeof *r);
    r->path_class = ER_PC_UNSET;
    r->line = line;
}

/* Add r unless the current VRF is filtered out: file, VRF and an unset path class are
 * filled in here, routes/best counted. ER_ERR_NOMEM (and pu->nomem) when the table
 * cannot grow. */
er_status pu_push(pu_state *pu, er_route *r);

/* The next hop of r from an address. */
static inline void pu_set_nh(er_route *r, const er_prefix *nh)
{
    r->next_hop = nh->addr;
    r->nh_family = nh->family;
    r->flags |= ER_RF_HAS_NH;
}

/* The outgoing interface of r (interned through the interface slot); "Null0" makes r a
 * discard route. */
void pu_set_iface(pu_state *pu, er_route *r, const char *s, const char *e);

/* Account for a line whose reading ended: nothing when an error was already reported for
 * it (reported), else skipped with why, or understood when why is NULL. */
void pu_line_done(pu_state *pu, uint32_t line, const char *why, bool reported, const char *s,
                  const char *e);

/* Protocol from a word such as "BGP", "Static", "ospf6", "kernel", "direct"
 * (case-insensitive); ER_PROTO_OTHER if unknown. */
er_proto pu_proto_word(const char *s, const char *e);

/* [s,e) is one or more decimal digits. */
bool pu_digits(const char *s, const char *e);

/* [s,e) starts with one of the words (NULL-terminated list) / holds one of them. */
bool pu_starts_any(const char *s, const char *e, const char *const *words);
bool pu_find_any(const char *s, const char *e, const char *const *words);

/* Case-sensitive: [s,e) starts with w, then ends or goes on with a non-alphanumeric. */
bool pu_word(const char *s, const char *e, const char *w);

/* Split "a, b, c" at the next comma: field [*fs,*fe) trimmed, *p moved past the comma.
 * False when only blanks are left. */
bool pu_next_field(const char **p, const char *e, const char **fs, const char **fe);

/* ---- a big input read by several threads ----
 * A parser whose state at some lines is known in advance (the same at each: say, the
 * columns and VRF in force at the first route line) cuts the rest of its input at such
 * lines into chunks. It reads the chunks from the front itself, into the table, while
 * worker threads take chunks from the back, each into a table, diagnostics sink and
 * statistics of its own, starting from that known state. When they meet, the parser
 * checks that every chunk a worker read began in the assumed state (its own state where
 * it stopped, each worker chunk's state at its end); then pu_chunks_finish appends the
 * workers' output in input order as if one thread had read it all. Otherwise it drops
 * their output and the parser reads the rest itself. The output is the same either way
 * (tests/unit/test_parse_split.c compares it line by line). */

/* Inputs (after the parser's head) shorter than this stay on one thread. */
extern size_t pu_split_min;
/* Tests: cut at the first candidate line at or after this offset of the buffer instead
 * of into equal chunks (0 = equal chunks), and then every pu_split_step bytes (0 = only
 * there). */
extern size_t pu_split_at;
extern size_t pu_split_step;
/* Inputs whose chunks were merged so far (tests see whether a split was taken). */
extern size_t pu_split_merged;

#define PU_CHUNKS_MAX 64
#define PU_WORKERS_MAX 8

/* What a parser gives the chunk reader. A chunk's state is the parser's own struct whose
 * first member is its pu_state. */
typedef struct pu_chunk_ops {
    /* A state reading [s, e) into ctx, from the known state start; NULL on no memory. */
    pu_state *(*begin)(const void *start, er_parse_ctx *ctx, const char *s, const char *e);
    /* Read the state's lines (to the end of its chunk, pending lines flushed). */
    er_status (*run)(pu_state *st);
    /* Whether st is in the known state start (at the end of its chunk). */
    bool (*same)(const void *start, const pu_state *st);
    /* Free a state made by begin (not its context). */
    void (*end)(pu_state *st);
} pu_chunk_ops;

typedef struct pu_chunk {
    er_parse_ctx ctx; /* the chunk's own table, diagnostics and statistics */
    er_parse_stats stats;
    er_status rc;     /* what run returned */
    bool read;        /* a worker read it */
    bool ends_same;   /* its state at its end was the known state */
    bool failed, nomem;
} pu_chunk;

typedef struct pu_chunks {
    const pu_chunk_ops *ops;
    const void *start;
    er_parse_ctx ctx;                /* the parser's, as it was at the start */
    size_t diag_cap;
    size_t n;                        /* chunks: chunk i is [at[i], at[i+1]) */
    const char *at[PU_CHUNKS_MAX + 1];
    pu_chunk chunk[PU_CHUNKS_MAX];
    size_t front, back;              /* the parser's last chunk, the workers' first */
    bool cancel;
    size_t workers;
    void *sync;                      /* lock and threads (kept out of this header) */
} pu_chunks;

/* Cut [from, end) of the buffer starting at buf (from at a line start) at lines for
 * which starts(line) holds, and start the workers. True when split: the parser reads
 * [from, at[1]) and asks pu_chunks_claim for more. False when [from, end) is under
 * pu_split_min, no cut line comes, or no thread or memory can be had: the parser then
 * reads on alone (nothing to finish). */
bool pu_chunks_start(pu_chunks *c, const pu_chunk_ops *ops, const void *start,
                     er_parse_ctx *parent, const char *buf, const char *from, const char *end,
                     bool (*starts)(const char *s, const char *e));

/* The parser is at the end of its chunks: the end of the next chunk it reads, or NULL
 * when the workers have the rest. */
const char *pu_chunks_claim(pu_chunks *c);

/* Wait for the workers. When the parser's state where it stopped was the known state
 * (same) and every worker chunk but the last ended in it, append the workers' routes,
 * diagnostics (line numbers shifted by the lines before each chunk) and statistics to
 * pu's in input order and return true: the input is read. Otherwise return false and
 * drop them: the parser reads on from where it stopped. Frees the workers either way. */
bool pu_chunks_finish(pu_chunks *c, pu_state *pu, bool same);

/* ---- line shapes ---- */

/* A line of blanks only. */
static inline bool pu_is_blank(const char *s, const char *e)
{
    return sc_skip_ws(s, e) == e;
}

/* Remove a pager mark ("--More--", " --More-- " with the backspaces and blanks that erase
 * it) from the start of [*s,*e). True if one was removed. */
bool pu_strip_pager(const char **s, const char **e);

/* A line that is a pager mark ("--More--", "-- More --"). */
bool pu_is_pager_line(const char *s, const char *e);

/* Noise around Junos, FRR, Linux and BIRD captures: a blank line, a pager mark anywhere,
 * a device or shell prompt with a command ("user@host> show ...", "$ ip route"), the
 * vtysh banner, a timestamp line. */
bool pu_is_prompt_or_noise(const char *s, const char *e);

/* ---- JSON documents (cJSON stays out of this header) ----
 * Convention: when the document parses, every line of the file counts as understood; when
 * it does not, one error names the line and column where it broke and every line counts
 * as skipped. After a successful parse, pu_skip, pu_skipf and pu_error on an element move
 * one line from understood to skipped (while any is left, so the counts keep adding up). */
struct cJSON;

/* Lines as er_lines counts them. */
uint64_t pu_count_lines(const char *buf, size_t len);

/* A document (JSON, XML) read whole: every line of buf counted and understood, and from
 * now on skips move lines from understood to skipped. */
void pu_doc_begin(pu_state *pu, const char *buf, size_t len);

/* Reject the document as a whole (broken, wrong shape): one error, every line skipped. */
void pu_doc_reject(pu_state *pu, uint32_t line, uint32_t col, const char *msg);

/* Parse the document at [start,end) of buf into *out (caller deletes); sets the file's
 * line counts. Lines of buf outside the document must be blank, or satisfy noise() when
 * given. ER_ERR_PARSE after the error. */
er_status pu_json_parse(pu_state *pu, const char *buf, size_t len, const char *start,
                        const char *end, bool (*noise)(const char *, const char *),
                        struct cJSON **out);

/* Member accessors: string or NULL; bool as 1/0, -1 absent, -2 not a bool; a number that
 * fits in uint32. */
const char *pu_json_str(const struct cJSON *obj, const char *key);
int pu_json_bool(const struct cJSON *obj, const char *key);
bool pu_json_u32(const struct cJSON *obj, const char *key, uint32_t *out);

/* Line locator: a forward-only search in the raw text for the next occurrence of a
 * needle (walks over a parsed document go in document order). */
typedef struct pu_jline {
    const char *p, *end;
    uint32_t line;
} pu_jline;

void pu_jline_init(pu_jline *j, const char *buf, size_t len);
/* Move to the next occurrence of needle (j->line its line); false (j unchanged) if none. */
bool pu_jline_find(pu_jline *j, const char *needle);
/* Line of the next occurrence of the member name `"key"` followed by ':' (the cursor
 * moves past the name), or the current line if there is none. */
uint32_t pu_jline_key(pu_jline *j, const char *key);

#endif
