// amtctl's help text: the short usage printed after a usage error, and the full help (--help).
// Issue spec "amtctl"; defaults come from args.ts so text and behaviour cannot drift apart.

import {
  BOOT_TARGETS,
  DEFAULT_CONCURRENCY,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_SIM_COUNT,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TLS_POLICY,
  DEFAULT_WAIT_TIMEOUT_MS,
  DEFAULT_WOL_PORT,
  DEFAULT_WOL_REPEAT,
  MAX_WOL_REPEAT,
  TLS_POLICIES,
  DEFAULT_IDER_START,
} from './args';
import { MAX_HOSTS } from './host-sources';

export const SHORT_USAGE = `usage: amtctl power status|on|off|soft-off|reset|graceful-reset|cycle|sleep|hibernate HOST... [--wait]
       amtctl info HOST...
       amtctl inventory HOST...
       amtctl boot HOST... --to ${BOOT_TARGETS.join('|')}
       amtctl hostid init --file F | --host H... | --ip A...    amtctl hostid show HOST    amtctl hostid clear HOST --yes
       amtctl wake MAC... --broadcast ADDR | --ip A --mask M   (or -f FILE of 'MAC [IP MASK]' lines)
       amtctl sol HOST [--send KEYS]... [--expect TEXT] [--port N] [--consent-code CODE] [--enable-redirection]
       amtctl ider HOST --floppy IMG | --cd ISO [--start now|graceful|reboot] [--boot] [--json] [--port N]
                   [--consent-code CODE] [--enable-redirection]
       amtctl job create|list|show|cancel|retry|run|defaults --data DIR [options]   (see --help, "Jobs")
       amtctl relay --data DIR [--console HOST:PORT --code CODE]   this machine as a console's relay (relay --help)
       amtctl sim [--count N] [--json] [--base-address A] [--time-scale X] [--initial-power on|soft-off|mixed]
                  [--bios script|qemu]
run 'amtctl --help' for every option`;

export const FULL_HELP = `amtctl: Intel AMT out-of-band management from a terminal

${SHORT_USAGE.replace(/\nrun 'amtctl --help'.*$/, '')}

Jobs (client control over a console's data folder, the console's own store and scheduler):
  job create --data DIR --name N --type power-on|power-off|restart|collect-info|boot-bios
             targets: --client HOST... --client-id N... --relay-id N... --filter TEXT --targets-csv FILE
             schedule (default now): --at ISO-TIME | --daily HH:MM | --weekly mon,fri@HH:MM
             options (default: the console's job defaults): --wait-sec 0-1800 --retries 0-5
             --retry-interval-sec N --max-concurrent N --max-per-relay N (0: client control cannot
             start clients) --up-port N --no-client-control --no-wol-fallback --shutdown-after
             --wait: run the job here until it ends (progress line on a terminal)
  job list|show ID [--csv]|cancel ID|retry ID [--wait] --data DIR [--json]
  job defaults --data DIR [--json] [option flags]   show the console's job defaults (M7); with option flags
             (as for create, and --no-up-port --no-shutdown-after --wol-fallback) change them first
  job run --data DIR [--until-idle]   run the scheduler (one per data folder) until SIGINT/SIGTERM
             --wol-port N --wol-to-client (magic packet to the client's address, not its subnet broadcast)
  exit codes: 0 done, 1 some target failed or was cancelled, 2 bad input (the field is named),
              3 not found / another scheduler runs / the data folder cannot be opened

Hosts (combined, duplicates dropped, at most ${MAX_HOSTS} per run):
  HOST or HOST:PORT         names or IPv4 addresses as arguments
  -f, --hosts-file FILE     one host per line; '#' starts a comment; '-' reads stdin
  --range A.B.C.D-A.B.C.E   an IPv4 range (the end may be just the last octet: 10.0.0.1-50)
  --range A.B.C.D/N         a CIDR block (network and broadcast addresses left out for /30 and wider)

Credentials:
  -u, --user NAME           AMT user (default: $AMT_USER, else 'admin')
  AMT_PASSWORD              the password; when unset and stdin is a terminal, amtctl asks without echo

Connection:
  --tls-policy POLICY       ${TLS_POLICIES.join(' | ')} (default ${DEFAULT_TLS_POLICY}: TLS on 16993 first;
                            plain HTTP on 16992 only when nothing accepts TCP on 16993 and the
                            host has no pin; a handshake or certificate problem never falls back)
  --legacy-tls              allow old, weak TLS 1.0/1.1 for this run (AMT 11 and older only speak it);
                            off by default, never saved
  --pin SHA256              accept exactly this certificate fingerprint and record it as the pin
                            (one host only: every device has its own certificate)
  --pins-file FILE          where pins are kept (default: $XDG_CONFIG_HOME/amt-console/pins.json,
                            else ~/.config/amt-console/pins.json); first contact pins the certificate
  --timeout MS              per-request timeout (default ${DEFAULT_TIMEOUT_MS})
  --concurrency N           hosts worked on at once (default ${DEFAULT_CONCURRENCY})

Power:
  --wait                    after the action, poll until the expected state is reached
  --wait-timeout MS         give up waiting after this long (default ${DEFAULT_WAIT_TIMEOUT_MS})
  --poll-interval MS        time between polls (default ${DEFAULT_POLL_INTERVAL_MS})

Boot:
  --to TARGET               ${BOOT_TARGETS.join(', ')}: set the next boot, then power on (or reset if on)

Host ID in AMT storage (hostid; Third Party Data Storage, the console's own block):
  init --file F | --host H... | --ip A...
                            initialise many clients: a valid stored host ID is kept, a missing or blank
                            block gets a new one; garbage, another program's data or a block of the wrong
                            size is never overwritten (that client fails with the reason). Exit 0 only
                            when every client succeeded
  show HOST                 the stored host ID (or why there is none)
  clear HOST --yes          delete the console's block on HOST (the host ID is gone from AMT)

Wake-on-LAN (wake; UDP magic packets, no AMT and no password needed):
  MAC                       aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabbccddeeff
  --broadcast ADDR          send here: the clients' subnet broadcast (192.168.10.255), or
                            255.255.255.255 for this machine's own link only
  --ip A --mask M           the clients' subnet: any address in it (usually the client's) and its
                            mask (255.255.255.0 or 24); the broadcast is computed. /31 and /32 are refused
  -f, --hosts-file FILE     one target per line: 'MAC IP MASK', 'MAC IP/N', or 'MAC' (then the
                            command line's destination applies)
  --port N                  UDP port (default ${DEFAULT_WOL_PORT}, discard; 7, echo, is the other usual one)
  --repeat N                packets per target, 100 ms apart (default ${DEFAULT_WOL_REPEAT}, at most ${MAX_WOL_REPEAT})
  --secureon XX-XX-XX-XX-XX-XX  SecureOn password (4 or 6 bytes) for NICs set up with one
  WoL does not cross routers: the broadcast must reach the client's own subnet (or run amtctl there).
  'sent' means the packets left this machine; it does not prove the PC woke.

Serial-over-LAN (sol, one host; redirection port 16994, TLS 16995 under the same --tls-policy and pins):
  (no --send/--expect)      interactive: keys to the host, its screen to stdout (raw mode on a terminal,
                            LF sent as CR); Ctrl+] quits and is never sent
  --send KEYS               send KEYS as one keystroke message (repeatable); escapes \\e \\r \\n \\t \\xHH \\\\,
                            e.g. --send '\\e[B' is Down
  --expect TEXT             print the host's output until TEXT appears (exit 0) or --timeout passes (exit 1)
  --port N                  the plain redirection port (TLS: N + 1)

IDE redirection (ider, one host; the same redirection ports, --tls-policy and pins as sol):
  --floppy IMG              serve IMG as the redirected floppy (512-byte sectors, at most 256 MiB)
  --cd ISO                  serve ISO as the redirected CD-ROM (2048-byte sectors, at most 9 GiB)
                            the image is checked first (exists, readable, whole sectors), read by range, read-only
  --start now|graceful|reboot  when AMT attaches the drives: at once, when the host's IDE bus is idle, or at the
                            next reboot (default ${DEFAULT_IDER_START})
  --boot                    then set the next boot to the redirected drive and power the host on (or reset it);
                            AMT's boot setting is one-shot, so the boot after that is the normal one again
  Runs until Ctrl-C (or the device ends the session); a progress line on a terminal, with --json one event per
  line: started, boot, progress (about 1/s), reset, firmware-error, write-refused, stopped, error.

Consent and redirection settings (sol, ider; asked over WS-Man at HOST, or HOST:PORT, when the session is refused):
  client control mode       AMT shows a 6-digit code on the PC's screen; on a terminal amtctl asks for the code
                            the user reads out, otherwise it ends (exit 1) saying to run again with it
  --consent-code CODE       the code the user reads out, sent before the session (while it shows on the screen)
  --enable-redirection      where SOL/IDE-R or the redirection listener is off in AMT_RedirectionService, turn it
                            on (what changed is printed); without it amtctl says what is off and exits 1

Simulator (demo and tests; needs 'npm run build'):
  --count N                 simulated devices (default ${DEFAULT_SIM_COUNT}); runs until Ctrl-C or SIGTERM
  --base-address A          first loopback address, one device per address on 16992/16993
                            (default: the simulator's, 127.50.0.1)
  --time-scale X            multiply power transition times (1 = like real PCs, 0.05 = 20x faster)
  --initial-power STATE     on, soft-off or mixed (default on)
  --bios script|qemu        the host behind each device: the scripted BIOS (default), or a QEMU VM (Debian's
                            qemu-system-x86, SeaBIOS, no KVM needed): SOL is its COM1, IDE-R drives reach it
                            through an NBD export, power actions start, reset and stop it

Output:
  -j, --json                one JSON object per host per line, in the order the hosts were given

Exit status: 0 all hosts succeeded, 1 some host failed, 2 usage error.`;
