/* Line shapes of Cisco-style CLI captures (IOS, IOS-XE, NX-OS, IOS-XR, ASA, EOS): prompts
 * with echoed show commands, exec banners and timestamps, legend continuations and
 * uptimes. Predicates over (pointer, end) ranges; nothing allocates. */
#ifndef ER_ROUTES_CISCO_TEXT_H
#define ER_ROUTES_CISCO_TEXT_H

#include <stdbool.h>
#include <stdint.h>

/* A device prompt with an optional echoed command: "router#show ip bgp", "R1>", an
 * IOS-XR "RP/0/RSP0/CPU0:pe1#..." prompt. The command (maybe empty) goes to cmd..cmd_end. */
bool cisco_is_prompt(const char *s, const char *e, const char **cmd, const char **cmd_end);

/* A prompt alone or followed by a command that starts like one ("show", "sh",
 * "terminal", "run"): "RP/0/RP0/CPU0:r1#show route", "leaf1# show ip route vrf all".
 * Stricter than cisco_is_prompt: an NX-OS BGP row "s>i10.0.0.0/8" is not a prompt. */
bool cisco_is_cmd_prompt(const char *s, const char *e);

/* True if [s,e) (blank-trimmed) is an echoed show command ("show ip route vrf X",
 * "sh ip bgp"). */
bool cisco_is_show_cmd(const char *s, const char *e);

/* The VRF named by a show command ("... vrf NAME ..."): true and the name if present
 * (not for "vrf all" / "vrf *"). */
bool cisco_cmd_vrf(const char *s, const char *e, const char **vs, const char **ve);

/* Timestamp and exec banner lines: "Tue May 22 22:32:30.765 UTC",
 * "Load for five secs: ...", "Time source is NTP, ...". */
bool cisco_is_banner(const char *s, const char *e);

/* Lines every NX-OS, IOS-XR, ASA and EOS parser takes as noise: blank, banner, prompt. */
bool cisco_is_noise(const char *s, const char *e);

/* Legend continuation: indented and holding "X - name" pairs. */
bool cisco_is_legend_cont(const char *s, const char *e);

/* The route code legend: a line starting with head ("Codes:") opens it and indented
 * "X - name" lines continue it (true for both, *in tracks the state); any other line
 * ends it (false). */
bool cisco_legend(bool *in, const char *s, const char *e, const char *head);

/* The interface of a connected path "..., uptime, Interface": the last comma-separated
 * field of [p,e) that is not an uptime; false if there is none. */
bool cisco_connected_iface(const char *p, const char *e, const char **is, const char **ie);

/* An uptime such as "04:43:54", "1w2d", "2y49w", "0.000000", "00:00:01". */
bool cisco_is_uptime(const char *s, const char *e);

#endif
