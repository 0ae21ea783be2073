/* A small strict non-allocating XML tokenizer, sufficient for Junos `| display xml` route
 * output: elements, attributes, text, comments, CDATA, the XML declaration and
 * processing instructions. Nesting is checked against a fixed-depth stack. */
#ifndef ER_ROUTES_XML_SCAN_H
#define ER_ROUTES_XML_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XS_MAX_DEPTH 64

typedef enum xs_kind {
    XS_START, /* <name attrs...> or <name/> (then an XS_END follows at once) */
    XS_END,   /* </name> */
    XS_TEXT,  /* character data between tags (raw, entities not decoded), CDATA too */
    XS_EOF,   /* end of input with every element closed */
    XS_ERROR  /* malformed input: msg, line, col */
} xs_kind;

typedef struct xs_token {
    xs_kind kind;
    const char *name, *name_end;   /* START/END */
    const char *attrs, *attrs_end; /* START: raw attribute text */
    const char *text, *text_end;   /* TEXT */
    uint32_t line;                 /* line where the token starts */
    const char *msg;               /* ERROR */
    uint32_t col;                  /* ERROR */
} xs_token;

typedef struct xs_scanner {
    const char *buf, *p, *end;
    uint32_t line;
    const char *line_start;
    int depth;
    const char *stack[XS_MAX_DEPTH];
    size_t stack_len[XS_MAX_DEPTH];
    bool pending_end; /* a self-closing tag's END is due */
    bool done;
} xs_scanner;

void er_xs_init(xs_scanner *x, const char *buf, size_t len);
/* Next token. After XS_ERROR or XS_EOF it keeps returning the same kind. */
xs_token er_xs_next(xs_scanner *x);
/* Current element depth (0 = outside the root). */
static inline int er_xs_depth(const xs_scanner *x) { return x->depth; }

#endif
