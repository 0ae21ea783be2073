/* Fuzz target for format detection and loading: every detector, then er_rtable_load_buffer
 * with the detected parser, gzip'd input included. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "erready/routes.h"
#include "fuzz_check.h"
#include "routes/internal.h"

/* Decompressed gzip inputs larger than this are skipped (a 1 MiB bomb inflates to 1 GiB). */
#define FUZZ_GZIP_CAP ((size_t)8 << 20)
#define FUZZ_DETECT_WINDOW ((size_t)64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > ER_FUZZ_MAX_INPUT)
        return 0;
    const char *buf = (const char *)data;
    const er_parser *const *all = er_parsers();
    for (size_t i = 0; all[i]; i++) {
        int s = all[i]->detect(buf, size);
        ER_FUZZ_REQUIRE(s >= 0 && s <= 100);
    }
    /* er_rtable_load_buffer detects on the first 64 KiB. */
    const er_parser *det = er_detect_format(buf, size < FUZZ_DETECT_WINDOW ? size : FUZZ_DETECT_WINDOW);

    /* Lines of what the parser will see: the decompressed text for gzip input. */
    uint64_t lines;
    if (er_is_gzip(buf, size)) {
        char *plain = NULL;
        size_t plain_len = 0;
        const char *why = NULL;
        er_status gst = er_gunzip(buf, size, FUZZ_GZIP_CAP, &plain, &plain_len, &why);
        if (gst == ER_OK) {
            lines = er_fuzz_count_lines(plain, plain_len);
        } else {
            ER_FUZZ_REQUIRE(why != NULL);
            lines = 0;
            if (strstr(why, "size limit")) {
                free(plain);
                return 0;
            }
        }
        free(plain);
    } else {
        lines = er_fuzz_count_lines(buf, size);
    }

    er_rtable *t = er_rtable_new();
    er_diags *d = er_diags_new(0);
    ER_FUZZ_REQUIRE(t && d);
    er_status st = er_rtable_load_buffer(t, "fuzz-input", buf, size, NULL, NULL, d);
    er_fuzz_check_status(st, d);
    er_fuzz_check_diags(d, lines);
    er_fuzz_check_table(t, lines);
    if (st == ER_OK && det && !er_is_gzip(buf, size)) {
        /* The parser that read plain text is the one the detector picked. */
        const er_rfile *f = er_rtable_file(t, 0);
        ER_FUZZ_REQUIRE(f->format && strcmp(f->format, det->name) == 0);
    }
    er_rtable_free(t);
    er_diags_free(d);
    return 0;
}
