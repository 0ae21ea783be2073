/* Line shapes of Cisco-style CLI captures: prompts, show commands, banners, uptimes. */
#include "routes/cisco_text.h"

#include <string.h>

#include "routes/parse_util.h"

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_host_char(char c)
{
    return is_letter(c) || sc_is_digit(c) || c == '.' || c == '_' || c == '-' || c == ':' ||
           c == '/' || c == '(' || c == ')';
}

bool cisco_is_prompt(const char *s, const char *e, const char **cmd, const char **cmd_end)
{
    const char *p = s;
    if (p >= e || !(is_letter(*p) || sc_is_digit(*p)))
        return false;
    while (p < e && p - s < 128 && is_host_char(*p))
        p++;
    if (p >= e || (*p != '#' && *p != '>'))
        return false;
    p++;
    const char *c = sc_skip_ws(p, e), *ce = e;
    sc_trim(&c, &ce);
    /* The echoed command, if any, starts with a word. */
    if (c < ce && !is_letter(*c))
        return false;
    *cmd = c;
    *cmd_end = ce;
    return true;
}

bool cisco_is_show_cmd(const char *s, const char *e)
{
    const char *p = sc_skip_ws(s, e), *ts, *te;
    if (!sc_token(&p, e, &ts, &te))
        return false;
    return sc_eq(ts, te, "show") || sc_eq(ts, te, "sh") || sc_eq(ts, te, "sho");
}

bool cisco_is_cmd_prompt(const char *s, const char *e)
{
    const char *c, *ce;
    if (!cisco_is_prompt(s, e, &c, &ce))
        return false;
    return c == ce || cisco_is_show_cmd(c, ce) || sc_starts(c, ce, "term") ||
           sc_starts(c, ce, "run ");
}

bool cisco_cmd_vrf(const char *s, const char *e, const char **vs, const char **ve)
{
    const char *p = s, *ts, *te;
    while (sc_token(&p, e, &ts, &te)) {
        if (!sc_eq(ts, te, "vrf"))
            continue;
        if (!sc_token(&p, e, &ts, &te) || sc_eq(ts, te, "*") || sc_eq(ts, te, "all"))
            return false;
        *vs = ts;
        *ve = te;
        return true;
    }
    return false;
}

static bool word_in(const char *s, const char *e, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (sc_eq(s, e, words[i]))
            return true;
    return false;
}

bool cisco_is_banner(const char *s, const char *e)
{
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", NULL};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                         "Aug", "Sep", "Oct", "Nov", "Dec", NULL};
    const char *p = sc_skip_ws(s, e), *ts, *te;
    if (sc_starts(p, e, "Load for five secs:") || sc_starts(p, e, "Time source is"))
        return true;
    if (p < e && *p == '*')
        p++;
    if (!sc_token(&p, e, &ts, &te) || !word_in(ts, te, days))
        return false;
    if (!sc_token(&p, e, &ts, &te) || !word_in(ts, te, months))
        return false;
    /* Day of month, then a time hh:mm:ss[.fff]. */
    if (!sc_token(&p, e, &ts, &te) || !sc_is_digit(*ts))
        return false;
    if (!sc_token(&p, e, &ts, &te) || te - ts < 8 || ts[2] != ':' || ts[5] != ':')
        return false;
    return true;
}

bool cisco_is_noise(const char *s, const char *e)
{
    return pu_is_blank(s, e) || cisco_is_banner(s, e) || cisco_is_cmd_prompt(s, e);
}

bool cisco_is_legend_cont(const char *s, const char *e)
{
    if (s >= e || !sc_is_space(*s))
        return false;
    return sc_find(s, e, " - ") != NULL;
}

bool cisco_legend(bool *in, const char *s, const char *e, const char *head)
{
    if (sc_starts(s, e, head))
        *in = true;
    else if (!*in || !cisco_is_legend_cont(s, e))
        *in = false;
    else
        return true;
    return *in;
}

bool cisco_connected_iface(const char *p, const char *e, const char **is, const char **ie)
{
    const char *fs, *fe;
    *is = NULL;
    while (pu_next_field(&p, e, &fs, &fe))
        if (!cisco_is_uptime(fs, fe)) {
            *is = fs;
            *ie = fe;
        }
    return *is != NULL;
}

bool cisco_is_uptime(const char *s, const char *e)
{
    if (s >= e || !sc_is_digit(*s))
        return false;
    bool unit = false, colon = false, dot = false;
    for (const char *p = s; p < e; p++) {
        char c = *p;
        if (sc_is_digit(c))
            continue;
        if (c == ':')
            colon = true;
        else if (c == '.')
            dot = true;
        else if (c == 'y' || c == 'w' || c == 'd' || c == 'h' || c == 'm' || c == 's')
            unit = true;
        else
            return false;
    }
    return unit || colon || dot;
}
