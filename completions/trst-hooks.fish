# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_trst_hooks_global_optspecs
    string join \n color= h/help V/version
end

function __fish_trst_hooks_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_trst_hooks_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_trst_hooks_using_subcommand
    set -l cmd (__fish_trst_hooks_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -s V -l version -d 'Print version'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "listen" -d 'Receive, verify and show deliveries on a local endpoint'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "send" -d 'Sign and send events as TRST would: fixtures, files, replays, load'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "verify" -d 'Verify signatures offline and diagnose failures'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "sign" -d 'Print the X-Webhook-Signature for a body'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "check" -d 'Run TRST\'s production checklist against a live endpoint'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "webhooks" -d 'Manage webhooks with the TRST management API'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "emulator" -d 'Run TRST\'s webhook API and delivery engine locally (state in SQLite)'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "config" -d 'Trust the working directory\'s config file, or show the effective settings'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "completions" -d 'Print a shell completion script, or write the man pages'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l host -d 'Address to bind (a non-loopback address needs a real secret)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -s p -l port -d 'Port to bind; 0 picks a free one (printed in the ready line)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l path -d 'Path deliveries are expected on' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l log -d 'Append deliveries to this JSON Lines log [default: deliveries.jsonl in the data dir]' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l status -d 'Answer this status to valid deliveries instead of 200 (e.g. 503)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l delay -d 'Wait this long before answering each delivery (e.g. 250ms, 2s; a bare number is ms)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l fail-first -d 'Answer 500 to the first N deliveries of each event_id (to test retries)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l max-body -d 'Largest body accepted (413 above it); e.g. 1MiB, 512KiB, 2000000' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l forward-to -d 'Relay each delivery (raw body, signature unchanged) to your app; answer with its status' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l exec -d 'Run a shell command per verified delivery: body on stdin, TRST_EVENT_TYPE/TRST_EVENT_ID set' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l expect -d 'Stop with exit 0 once N verified deliveries (valid signature, JSON body) have arrived' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l body-timeout -d 'Answer 408 to a request whose whole body has not arrived within this long (e.g. 20s)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l timeout -d 'Stop after this long (e.g. 30s, 2m); with --expect, exit 1 if not met by then' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l ui-port -d 'Port of the web inspector, always on 127.0.0.1 (the next free one when busy; 0: any)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l ui-history -d 'How many deliveries the inspector keeps in memory (the log\'s latest at start, then new)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l secret-env -d 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l secret-file -d 'Read the secret from a file (one trailing newline is stripped); repeatable' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l secret -d 'The secret itself (warns: it lands in your shell history); repeatable' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l public-url -d 'The public URL that reaches this listener (a bare origin gets --path appended)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l tunnel -d 'Start this tunnel for the listener\'s port and register the HTTPS URL it prints' -r -f -a "cloudflared\t'Cloudflare\'s quick tunnel (`cloudflared tunnel --url …`, no account needed)'
ngrok\t'`ngrok http …` (needs an ngrok account\'s authtoken)'"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l tunnel-cmd -d 'Run CMD as the tunnel and register the first http(s) URL it prints ({port} becomes the port)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l event-type -d 'Event type to subscribe to (repeatable or comma-separated) [default: every known type]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l save-secret -d 'Also write the webhook\'s secret to this new file (mode 0600)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l health-interval -d 'Probe the public URL this often and warn when the probe does not come back (0 or off: never)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l base-url -d 'API base URL [default: $TRST_API_BASE, the profile\'s api_base, or TRST\'s production API]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l project -d 'Project ID [default: $TRST_PROJECT_ID or the profile\'s project]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l profile -d 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l api-key-file -d 'Read the API key from a file (one trailing newline is stripped)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l api-key -d 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l max-retries -d 'Retries on 429 (and on 5xx or no answer for reads)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l retry-scale -d 'Multiply every retry wait by this factor (for tests)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l any-path -d 'Accept deliveries on every path'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l no-log -d 'Do not log deliveries'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l fsync -d 'Flush each log write to disk before answering (survives power loss; slower)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l json -d 'One JSON object per request on stdout, then a summary object'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l full -d 'Show whole bodies (default: fold after 40 lines)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l compact -d 'One line per delivery: time, verdict, type, id, answer, latency (automatic above 20/s)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l no-ui -d 'No web inspector'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l open -d 'Open the inspector in the browser'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l dev-secret -d 'Use the documented local development secret (what listen/send use on loopback)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l register -d 'Create a temporary webhook in your TRST project for this listener (deleted when it stops)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l keep -d 'Keep the webhook when listen stops (delete it later with `webhooks delete ID`)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l yes -d 'Delete the temporary webhooks earlier runs left behind without asking'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l force -d 'Let --save-secret replace an existing file'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -l plain-url -d 'Register the public URL as given, without the ?trst_hooks_temporary=… marker'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l raw -d 'Send this file\'s bytes exactly (no parsing, no overrides); - for stdin' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l to -d 'Where to send: a URL, or a target name from the config file [default: the local listener]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l project-id -d 'Replace project_id' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l set -d 'Set a field: dotted path = value (JSON when it parses, else a string); repeatable' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l data -d 'Replace the data object with this JSON file\'s (its event_type is kept if the file has none)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l event-id -d 'Use this event_id (with --replay: the delivery to resend)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -s H -l header -d 'Add a request header, e.g. \'X-Test: 1\' (replaces one of ours with the same name); repeatable' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l repeat -d 'Send the same bytes and event_id N times (test duplicate handling)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l timeout -d 'Give up on an answer after this long (TRST\'s limit is 20 s)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l replay -d 'Resend a delivery from a listen log (default: listen\'s default log)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l retries -d 'Retry non-2xx answers and timeouts up to N times, with exponential backoff and jitter' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l backoff -d 'The delay before the first retry; each next one doubles (minus up to 25% jitter)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l max-backoff -d 'Cap on the delay between retries' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l count -d 'Load mode: send N fresh events (each its own event_id and signature), then a summary' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -s c -l concurrency -d 'Load mode: requests in flight at once' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l rate -d 'Load mode: at most R requests per second in total' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l secret-env -d 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l secret-file -d 'Read the secret from a file (one trailing newline is stripped); repeatable' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l secret -d 'The secret itself (warns: it lands in your shell history); repeatable' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l all -d 'Send one event of every known type'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -s y -l yes -d 'Do not ask before sending to a target marked production = true'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l top-level-type -d 'Also put event_type at the top level (the docs\' example handler reads it there)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l dry-run -d 'Print the exact request and an equivalent curl command; send nothing'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l bad-signature -d 'Sign wrongly (one hex digit off): succeeds when the endpoint answers 401'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l no-signature -d 'Send no X-Webhook-Signature header: succeeds when the endpoint answers 401'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l last -d 'With --replay: the last delivery in the log'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l keep-signature -d 'With --replay: send the logged signature instead of signing again'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -s v -l verbose -d 'Show request and response headers'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l full -d 'Show the whole answer body read (up to 64 KiB), not the first 40 lines'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l json -d 'Print JSON: one line per attempt (load mode: one summary line)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -l dev-secret -d 'Use the documented local development secret (what listen/send use on loopback)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand send" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand verify" -s s -l signature -d 'The X-Webhook-Signature value the body came with' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand verify" -l log -d 'Verify every delivery in a listen log (default: the listen default log)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand verify" -l secret-env -d 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand verify" -l secret-file -d 'Read the secret from a file (one trailing newline is stripped); repeatable' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand verify" -l secret -d 'The secret itself (warns: it lands in your shell history); repeatable' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand verify" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand verify" -l request -d 'Read INPUT as a raw HTTP/1.1 request (detected automatically when it starts with one)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand verify" -s v -l verbose -d 'With --log, list valid deliveries too, not only failures'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand verify" -l json -d 'Print JSON (one line per delivery with --log, then a summary line)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand verify" -l dev-secret -d 'Use the documented local development secret (what listen/send use on loopback)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand verify" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand sign" -l secret-env -d 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand sign" -l secret-file -d 'Read the secret from a file (one trailing newline is stripped); repeatable' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand sign" -l secret -d 'The secret itself (warns: it lands in your shell history); repeatable' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand sign" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand sign" -l header -d 'Print the whole header line, not just its value'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand sign" -l json -d 'Print {signature, header, body_sha256, bytes} as JSON'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand sign" -l dev-secret -d 'Use the documented local development secret (what listen/send use on loopback)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand sign" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -l only -d 'Run only these checks (comma-separated or repeated)' -r -f -a "transport\t'HTTPS with a certificate that verifies; a URL TRST accepts'
event-types\t'Every known event type is acknowledged with 2xx'
latency\t'Acknowledgements come fast (under 1 s; never past 20 s)'
signatures\t'Unsigned, forged, tampered and malformed signatures are refused with 401'
raw-body\t'Correctly signed bodies that a JSON parser would rewrite are acknowledged'
duplicates\t'The same delivery twice is acknowledged both times'
unknown-type\t'An event type TRST does not send yet is acknowledged'
envelope-shapes\t'event_type in data and at the top level are both acknowledged'
leaks\t'Error answers do not leak stack traces, exception names, paths or debug pages'"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -l skip -d 'Leave out these checks (comma-separated or repeated)' -r -f -a "transport\t'HTTPS with a certificate that verifies; a URL TRST accepts'
event-types\t'Every known event type is acknowledged with 2xx'
latency\t'Acknowledgements come fast (under 1 s; never past 20 s)'
signatures\t'Unsigned, forged, tampered and malformed signatures are refused with 401'
raw-body\t'Correctly signed bodies that a JSON parser would rewrite are acknowledged'
duplicates\t'The same delivery twice is acknowledged both times'
unknown-type\t'An event type TRST does not send yet is acknowledged'
envelope-shapes\t'event_type in data and at the top level are both acknowledged'
leaks\t'Error answers do not leak stack traces, exception names, paths or debug pages'"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -l timeout -d 'Give up on an answer after this long (TRST\'s delivery timeout)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -l slow-threshold -d 'Answers slower than this warn (TRST\'s docs: aim for under 1 s)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -l concurrency -d 'At most this many requests in flight at once' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -l project-id -d 'The project_id put in every event, so receiver logs show they came from a check' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -l secret-env -d 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -l secret-file -d 'Read the secret from a file (one trailing newline is stripped); repeatable' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -l secret -d 'The secret itself (warns: it lands in your shell history); repeatable' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -l json -d 'Print one JSON object: {url, checks: [{id, title, status, reason, fix, …}], summary}'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -s v -l verbose -d 'Show every request sent and the answer to it'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -l strict -d 'Warnings fail too (exit 1)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -s y -l yes -d 'Do not ask before sending test events to a target marked production'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -l dev-secret -d 'Use the documented local development secret (what listen/send use on loopback)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand check" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -l base-url -d 'API base URL [default: $TRST_API_BASE, the profile\'s api_base, or TRST\'s production API]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -l project -d 'Project ID [default: $TRST_PROJECT_ID or the profile\'s project]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -l profile -d 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -l api-key-file -d 'Read the API key from a file (one trailing newline is stripped)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -l api-key -d 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -l max-retries -d 'Retries on 429 (and on 5xx or no answer for reads)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -l retry-scale -d 'Multiply every retry wait by this factor (for tests)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -l json -d 'Print JSON lines (the API\'s objects, every field) instead of tables'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -s v -l verbose -d 'Show each request and answer on stderr (the API key stays masked)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -f -a "list" -d 'List the project\'s webhooks'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -f -a "get" -d 'Show one webhook'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -f -a "create" -d 'Create a webhook (the secret is shown or stored once)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -f -a "update" -d 'Change a webhook\'s URL, event types or enabled state'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -f -a "delete" -d 'Delete a webhook'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -f -a "test" -d 'Send a test event to a webhook (and wait for the result)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -f -a "deliveries" -d 'List a webhook\'s deliveries (or one delivery\'s attempts)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -f -a "attempts" -d 'List the attempts of one delivery'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and not __fish_seen_subcommand_from list get create update delete test deliveries attempts help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l base-url -d 'API base URL [default: $TRST_API_BASE, the profile\'s api_base, or TRST\'s production API]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l project -d 'Project ID [default: $TRST_PROJECT_ID or the profile\'s project]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l profile -d 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l api-key-file -d 'Read the API key from a file (one trailing newline is stripped)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l api-key -d 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l max-retries -d 'Retries on 429 (and on 5xx or no answer for reads)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l retry-scale -d 'Multiply every retry wait by this factor (for tests)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l json -d 'Print JSON lines (the API\'s objects, every field) instead of tables'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each request and answer on stderr (the API key stays masked)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from get" -l base-url -d 'API base URL [default: $TRST_API_BASE, the profile\'s api_base, or TRST\'s production API]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from get" -l project -d 'Project ID [default: $TRST_PROJECT_ID or the profile\'s project]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from get" -l profile -d 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from get" -l api-key-file -d 'Read the API key from a file (one trailing newline is stripped)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from get" -l api-key -d 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from get" -l max-retries -d 'Retries on 429 (and on 5xx or no answer for reads)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from get" -l retry-scale -d 'Multiply every retry wait by this factor (for tests)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from get" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from get" -l json -d 'Print JSON lines (the API\'s objects, every field) instead of tables'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Show each request and answer on stderr (the API key stays masked)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l url -d 'Where TRST delivers (https, public host) [asked on a terminal when missing]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l event-type -d 'An event type to subscribe to (repeatable or comma-separated) [asked on a terminal]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l save-secret -d 'Write the secret to this new file (mode 0600)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l env-file -d 'Append TRST_WEBHOOK_SECRET=… to this env file (created with mode 0600 if new)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l base-url -d 'API base URL [default: $TRST_API_BASE, the profile\'s api_base, or TRST\'s production API]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l project -d 'Project ID [default: $TRST_PROJECT_ID or the profile\'s project]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l profile -d 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l api-key-file -d 'Read the API key from a file (one trailing newline is stripped)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l api-key -d 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l max-retries -d 'Retries on 429 (and on 5xx or no answer for reads)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l retry-scale -d 'Multiply every retry wait by this factor (for tests)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l disabled -d 'Create it disabled (TRST delivers nothing until `update --enable`)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l force -d 'Let --save-secret replace an existing file'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -l json -d 'Print JSON lines (the API\'s objects, every field) instead of tables'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Show each request and answer on stderr (the API key stays masked)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -l url -d 'The new URL (https, public host)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -l event-type -d 'The new event types (repeatable or comma-separated; replaces the list)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -l base-url -d 'API base URL [default: $TRST_API_BASE, the profile\'s api_base, or TRST\'s production API]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -l project -d 'Project ID [default: $TRST_PROJECT_ID or the profile\'s project]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -l profile -d 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -l api-key-file -d 'Read the API key from a file (one trailing newline is stripped)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -l api-key -d 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -l max-retries -d 'Retries on 429 (and on 5xx or no answer for reads)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -l retry-scale -d 'Multiply every retry wait by this factor (for tests)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -l enable -d 'Start delivering again'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -l disable -d 'Stop delivering (the webhook is kept)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -l json -d 'Print JSON lines (the API\'s objects, every field) instead of tables'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Show each request and answer on stderr (the API key stays masked)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from delete" -l base-url -d 'API base URL [default: $TRST_API_BASE, the profile\'s api_base, or TRST\'s production API]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from delete" -l project -d 'Project ID [default: $TRST_PROJECT_ID or the profile\'s project]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from delete" -l profile -d 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from delete" -l api-key-file -d 'Read the API key from a file (one trailing newline is stripped)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from delete" -l api-key -d 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from delete" -l max-retries -d 'Retries on 429 (and on 5xx or no answer for reads)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from delete" -l retry-scale -d 'Multiply every retry wait by this factor (for tests)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from delete" -l json -d 'Print JSON lines (the API\'s objects, every field) instead of tables'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Show each request and answer on stderr (the API key stays masked)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l poll-interval -d 'Time between polls with --wait (e.g. 15s, 500ms) [default: 15s; 1s for a loopback API]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l timeout -d 'Give up waiting after this long (and on a retry due later than that)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l base-url -d 'API base URL [default: $TRST_API_BASE, the profile\'s api_base, or TRST\'s production API]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l project -d 'Project ID [default: $TRST_PROJECT_ID or the profile\'s project]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l profile -d 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l api-key-file -d 'Read the API key from a file (one trailing newline is stripped)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l api-key -d 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l max-retries -d 'Retries on 429 (and on 5xx or no answer for reads)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l retry-scale -d 'Multiply every retry wait by this factor (for tests)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l wait -d 'Follow the test delivery until it succeeds or fails'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l json -d 'Print JSON lines (the API\'s objects, every field) instead of tables'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -s v -l verbose -d 'Show each request and answer on stderr (the API key stays masked)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l delivery -d 'Show the attempts of this delivery instead (same as `webhooks attempts ID DELIVERY_ID`)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l status -d 'Only deliveries with this outcome' -r -f -a "failed\t''
succeeded\t''
pending\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l limit -d 'Show at most N deliveries (after filtering)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l base-url -d 'API base URL [default: $TRST_API_BASE, the profile\'s api_base, or TRST\'s production API]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l project -d 'Project ID [default: $TRST_PROJECT_ID or the profile\'s project]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l profile -d 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l api-key-file -d 'Read the API key from a file (one trailing newline is stripped)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l api-key -d 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l max-retries -d 'Retries on 429 (and on 5xx or no answer for reads)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l retry-scale -d 'Multiply every retry wait by this factor (for tests)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l json -d 'Print JSON lines (the API\'s objects, every field) instead of tables'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -s v -l verbose -d 'Show each request and answer on stderr (the API key stays masked)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from attempts" -l limit -d 'Show at most N attempts' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from attempts" -l base-url -d 'API base URL [default: $TRST_API_BASE, the profile\'s api_base, or TRST\'s production API]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from attempts" -l project -d 'Project ID [default: $TRST_PROJECT_ID or the profile\'s project]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from attempts" -l profile -d 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from attempts" -l api-key-file -d 'Read the API key from a file (one trailing newline is stripped)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from attempts" -l api-key -d 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from attempts" -l max-retries -d 'Retries on 429 (and on 5xx or no answer for reads)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from attempts" -l retry-scale -d 'Multiply every retry wait by this factor (for tests)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from attempts" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from attempts" -l json -d 'Print JSON lines (the API\'s objects, every field) instead of tables'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from attempts" -s v -l verbose -d 'Show each request and answer on stderr (the API key stays masked)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from attempts" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the project\'s webhooks'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one webhook'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a webhook (the secret is shown or stored once)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a webhook\'s URL, event types or enabled state'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a webhook'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "test" -d 'Send a test event to a webhook (and wait for the result)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "deliveries" -d 'List a webhook\'s deliveries (or one delivery\'s attempts)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "attempts" -d 'List the attempts of one delivery'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l host -d 'Address to bind (loopback by default; anything else exposes the emulator to your network)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -s p -l port -d 'Port to bind; 0 picks a free one (the banner shows which)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l db -d 'SQLite database file [default: <data dir>/emulator.sqlite3]' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l api-key -d 'Require this API key (warns: it lands in your shell history); default: any Bearer key' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l api-key-env -d 'Require the API key held in env var NAME' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l api-key-file -d 'Require the API key held in a file (one trailing newline stripped)' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l plan -d 'Apply TRST\'s per-minute limit: sandbox 5, business 100, enterprise 5000 [default: none]' -r -f -a "sandbox\t'5 requests per minute'
business\t'100 requests per minute'
enterprise\t'5,000 requests per minute'"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l rate-window -d 'The --plan limit\'s window (a minute; shorter for tests)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l retry-schedule -d 'Delays between attempts, e.g. 1s,5s,30s or 1m,24h*13 or none [default: the ASSUMED schedule]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l time-scale -d 'Run the retry schedule N times faster (timestamps stay real)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l timeout -d 'Per-attempt timeout, real time (TRST documents 20s)' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l in-memory -d 'Keep all state in memory (lost when the emulator stops)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l strict-urls -d 'Refuse loopback webhook URLs too, exactly as TRST does'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -l json -d 'One JSON object per line on stdout (API calls, attempts) instead of the terminal view'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -f -a "trigger" -d 'Make a running emulator emit an event to its subscribed webhooks'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and not __fish_seen_subcommand_from trigger help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and __fish_seen_subcommand_from trigger" -l set -d 'Override a field: PATH=VALUE (VALUE is JSON if it parses, else a string); repeatable' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and __fish_seen_subcommand_from trigger" -l project -d 'Only this project\'s webhooks [default: every project]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and __fish_seen_subcommand_from trigger" -l base-url -d 'The emulator\'s base URL [default: $TRST_API_BASE if loopback, else http://127.0.0.1:4010/v1]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and __fish_seen_subcommand_from trigger" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and __fish_seen_subcommand_from trigger" -l top-level-type -d 'Also put event_type at the top level of the event (the docs\' handler reads it there)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and __fish_seen_subcommand_from trigger" -l json -d 'One JSON line per queued delivery'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and __fish_seen_subcommand_from trigger" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and __fish_seen_subcommand_from help" -f -a "trigger" -d 'Make a running emulator emit an event to its subscribed webhooks'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand emulator; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and not __fish_seen_subcommand_from trust untrust show help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and not __fish_seen_subcommand_from trust untrust show help" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and not __fish_seen_subcommand_from trust untrust show help" -f -a "trust" -d 'Trust a config file as it is now [default: ./trst-hooks.toml]'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and not __fish_seen_subcommand_from trust untrust show help" -f -a "untrust" -d 'Stop trusting a config file [default: ./trst-hooks.toml]'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and not __fish_seen_subcommand_from trust untrust show help" -f -a "show" -d 'Print the effective settings and where each comes from (secrets masked)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and not __fish_seen_subcommand_from trust untrust show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from trust" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from trust" -l json -d 'Print one JSON object instead of a sentence'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from trust" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from untrust" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from untrust" -l json -d 'Print one JSON object instead of a sentence'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from untrust" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'The profile whose API settings to show [default: default]' -r
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON object (schema: docs/schemas/config-show.schema.json)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "trust" -d 'Trust a config file as it is now [default: ./trst-hooks.toml]'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "untrust" -d 'Stop trusting a config file [default: ./trst-hooks.toml]'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective settings and where each comes from (secrets masked)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand completions" -l dir -d 'Write the files into DIR (created if missing) instead of printing' -r -F
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand completions" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand completions" -l json -d 'With --dir: one JSON line per file written ({"path"})'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send verify sign check webhooks emulator config completions help" -f -a "listen" -d 'Receive, verify and show deliveries on a local endpoint'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send verify sign check webhooks emulator config completions help" -f -a "send" -d 'Sign and send events as TRST would: fixtures, files, replays, load'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send verify sign check webhooks emulator config completions help" -f -a "verify" -d 'Verify signatures offline and diagnose failures'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send verify sign check webhooks emulator config completions help" -f -a "sign" -d 'Print the X-Webhook-Signature for a body'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send verify sign check webhooks emulator config completions help" -f -a "check" -d 'Run TRST\'s production checklist against a live endpoint'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send verify sign check webhooks emulator config completions help" -f -a "webhooks" -d 'Manage webhooks with the TRST management API'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send verify sign check webhooks emulator config completions help" -f -a "emulator" -d 'Run TRST\'s webhook API and delivery engine locally (state in SQLite)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send verify sign check webhooks emulator config completions help" -f -a "config" -d 'Trust the working directory\'s config file, or show the effective settings'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send verify sign check webhooks emulator config completions help" -f -a "completions" -d 'Print a shell completion script, or write the man pages'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from listen send verify sign check webhooks emulator config completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "list" -d 'List the project\'s webhooks'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "get" -d 'Show one webhook'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "create" -d 'Create a webhook (the secret is shown or stored once)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "update" -d 'Change a webhook\'s URL, event types or enabled state'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "delete" -d 'Delete a webhook'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "test" -d 'Send a test event to a webhook (and wait for the result)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "deliveries" -d 'List a webhook\'s deliveries (or one delivery\'s attempts)'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "attempts" -d 'List the attempts of one delivery'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and __fish_seen_subcommand_from emulator" -f -a "trigger" -d 'Make a running emulator emit an event to its subscribed webhooks'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "trust" -d 'Trust a config file as it is now [default: ./trst-hooks.toml]'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "untrust" -d 'Stop trusting a config file [default: ./trst-hooks.toml]'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective settings and where each comes from (secrets masked)'
# The values of positional arguments (added by trst-hooks).
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand completions" -f -a "bash zsh fish powershell elvish man all"
