/* erready services: list the service catalog (tags, regions, prefix counts) and its data version.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "erready/catalog.h"

enum { OPT_SEARCH = 1, OPT_DATA, OPT_SERVICES, OPT_FORMAT };

static const cli_opt opts[] = {
    {"search", 0, "TEXT", "only tags whose name, region or system service contains TEXT",
     OPT_SEARCH},
    {"data", 0, "FILE", "read this Service Tags file instead of the bundled snapshot", OPT_DATA},
    {"services", 's', "SEL", "only these tags (same syntax as 'erready check --services')",
     OPT_SERVICES},
    {"format", 'f', "FMT", "text (default) or json", OPT_FORMAT},
    {NULL, 0, NULL, NULL, 0},
};

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i]) {
            int a = (unsigned char)hay[i], b = (unsigned char)needle[i];
            if ((a >= 'A' && a <= 'Z' ? a + 32 : a) != (b >= 'A' && b <= 'Z' ? b + 32 : b))
                break;
            i++;
        }
        if (i == n)
            return true;
    }
    return n == 0;
}

static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else if (ch < 0x20)
            printf("\\u%04x", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

static void print_text(const er_catalog *c, const size_t *list, size_t n)
{
    const er_feed_info *f = er_catalog_feed(c);
    printf("data: %s%s, cloud %s, changeNumber %u, date %s\n", f->source,
           f->bundled ? " (bundled snapshot)" : "", f->cloud, f->change_number,
           f->date[0] ? f->date : "unknown");
    int w = 4;
    for (size_t i = 0; i < n; i++) {
        int k = (int)strlen(er_catalog_service(c, list[i])->name);
        w = k > w ? (k < 60 ? k : 60) : w;
    }
    size_t v4 = 0, v6 = 0;
    if (n)
        printf("\n%-*s  %-20s %7s %7s\n", w, "TAG", "REGION", "IPV4", "IPV6");
    for (size_t i = 0; i < n; i++) {
        const er_service *s = er_catalog_service(c, list[i]);
        printf("%-*s  %-20s %7zu %7zu\n", w, s->name, s->region[0] ? s->region : "(global)",
               s->n_v4, s->n_v6);
        v4 += s->n_v4;
        v6 += s->n_v6;
    }
    printf("\n%zu tag%s, %zu IPv4 / %zu IPv6 prefixes\n", n, n == 1 ? "" : "s", v4, v6);
}

static void print_json(const er_catalog *c, const size_t *list, size_t n)
{
    const er_feed_info *f = er_catalog_feed(c);
    printf("{\n  \"data\": {\"source\": ");
    json_str(f->source);
    printf(", \"cloud\": ");
    json_str(f->cloud);
    printf(", \"changeNumber\": %u, \"date\": ", f->change_number);
    json_str(f->date);
    printf(", \"kind\": ");
    json_str(f->kind);
    printf(", \"bundled\": %s},\n  \"services\": [", f->bundled ? "true" : "false");
    size_t v4 = 0, v6 = 0;
    for (size_t i = 0; i < n; i++) {
        const er_service *s = er_catalog_service(c, list[i]);
        printf("%s\n    {\"name\": ", i ? "," : "");
        json_str(s->name);
        printf(", \"family\": ");
        json_str(s->family);
        printf(", \"region\": ");
        json_str(s->region);
        printf(", \"regionId\": %u, \"systemService\": ", s->region_id);
        json_str(s->system_service);
        printf(", \"changeNumber\": %u, \"ipv4\": %zu, \"ipv6\": %zu, \"erEligible\": %s}",
               s->change_number, s->n_v4, s->n_v6, s->er_eligible ? "true" : "false");
        v4 += s->n_v4;
        v6 += s->n_v6;
    }
    printf("%s],\n  \"totals\": {\"services\": %zu, \"ipv4\": %zu, \"ipv6\": %zu}\n}\n",
           n ? "\n  " : "", n, v4, v6);
}

int cmd_services(int argc, char **argv)
{
    cli_parser p;
    cli_init(&p, "erready services",
             "[--search TEXT] [--data FILE] [--services SEL] [--format FMT]",
             "List the service tags erready knows (name, region, IPv4 and IPv6 prefix counts) "
             "and the version of the data: source file, cloud, changeNumber and date. Without "
             "--data this is the snapshot bundled into erready.",
             opts, argc, argv);
    const char *search = NULL, *data = NULL, *services = NULL, *format = "text";
    for (int id; (id = cli_next(&p)) != CLI_END;) {
        switch (id) {
        case CLI_HELP: cli_help(&p, stdout); return EXIT_READY;
        case CLI_ERROR: return EXIT_USAGE;
        case OPT_SEARCH: search = p.optarg; break;
        case OPT_DATA: data = p.optarg; break;
        case OPT_SERVICES: services = p.optarg; break;
        case OPT_FORMAT: format = p.optarg; break;
        case CLI_POSITIONAL:
            cli_err("services: unexpected argument '%s' (see 'erready services --help')", p.optarg);
            return EXIT_USAGE;
        default: return EXIT_USAGE;
        }
    }
    bool json = strcmp(format, "json") == 0;
    if (!json && strcmp(format, "text") != 0) {
        cli_err("services: unknown format '%s' (text or json)", format);
        return EXIT_USAGE;
    }
    er_diags *d = er_diags_new(0);
    er_catalog *c = er_catalog_new();
    if (!d || !c) {
        cli_err("out of memory");
        er_diags_free(d);
        er_catalog_free(c);
        return EXIT_USAGE;
    }
    int rc = EXIT_USAGE;
    size_t *sel = NULL, n = 0;
    er_status st = data ? er_catalog_load_file(c, data, d) : er_catalog_load_bundled(c, d);
    if (st != ER_OK) {
        cli_print_diags(d, 20);
        cli_err("services: cannot load %s: %s", data ? data : "the bundled data",
                er_status_str(st));
        rc = (st == ER_ERR_IO || st == ER_ERR_NOTFOUND) ? EXIT_STALE : EXIT_USAGE;
        goto out;
    }
    st = er_catalog_select(c, services ? services : "all", NULL, &sel, &n, d);
    cli_print_diags(d, 20);
    if (st != ER_OK) {
        cli_err("services: bad --services '%s': %s", services ? services : "all",
                er_status_str(st));
        goto out;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const er_service *s = er_catalog_service(c, sel[i]);
        if (!search || contains_ci(s->name, search) || contains_ci(s->region, search) ||
            contains_ci(s->system_service, search))
            sel[k++] = sel[i];
    }
    if (json)
        print_json(c, sel, k);
    else
        print_text(c, sel, k);
    rc = fflush(stdout) == 0 ? EXIT_READY : EXIT_USAGE;
out:
    free(sel);
    er_catalog_free(c);
    er_diags_free(d);
    return rc;
}
