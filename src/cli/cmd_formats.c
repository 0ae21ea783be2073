/* `erready formats`: the registered route parsers with their detection hints. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_formats(int argc, char **argv)
{
    static const cli_opt opts[] = {{NULL, 0, NULL, NULL, 0}};
    cli_parser p;
    cli_init(&p, "erready formats", "",
             "Lists the route formats erready reads. Detection is automatic; force a format\n"
             "with --input-format NAME.",
             opts, argc, argv);
    for (int id; (id = cli_next(&p)) != CLI_END;) {
        if (id == CLI_HELP) {
            cli_help(&p, stdout);
            return EXIT_READY;
        }
        if (id == CLI_POSITIONAL)
            cli_err("formats: unexpected argument '%s'", p.optarg);
        return EXIT_USAGE;
    }
    const er_parser *const *ps = er_parsers();
    for (size_t i = 0; ps[i]; i++)
        printf("%-22s %s\n%-22s   detects: %s\n", ps[i]->name, ps[i]->title, "", ps[i]->hint);
    return EXIT_READY;
}
