
use builtin;
use str;

set edit:completion:arg-completer[trst-hooks] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'trst-hooks'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'trst-hooks'= {
            cand --color 'When to use colour'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand listen 'Receive, verify and show deliveries on a local endpoint'
            cand send 'Sign and send events as TRST would: fixtures, files, replays, load'
            cand verify 'Verify signatures offline and diagnose failures'
            cand sign 'Print the X-Webhook-Signature for a body'
            cand check 'Run TRST''s production checklist against a live endpoint'
            cand webhooks 'Manage webhooks with the TRST management API'
            cand emulator 'Run TRST''s webhook API and delivery engine locally (state in SQLite)'
            cand config 'Trust the working directory''s config file, or show the effective settings'
            cand completions 'Print a shell completion script, or write the man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trst-hooks;listen'= {
            cand --host 'Address to bind (a non-loopback address needs a real secret)'
            cand -p 'Port to bind; 0 picks a free one (printed in the ready line)'
            cand --port 'Port to bind; 0 picks a free one (printed in the ready line)'
            cand --path 'Path deliveries are expected on'
            cand --log 'Append deliveries to this JSON Lines log [default: deliveries.jsonl in the data dir]'
            cand --status 'Answer this status to valid deliveries instead of 200 (e.g. 503)'
            cand --delay 'Wait this long before answering each delivery (e.g. 250ms, 2s; a bare number is ms)'
            cand --fail-first 'Answer 500 to the first N deliveries of each event_id (to test retries)'
            cand --max-body 'Largest body accepted (413 above it); e.g. 1MiB, 512KiB, 2000000'
            cand --forward-to 'Relay each delivery (raw body, signature unchanged) to your app; answer with its status'
            cand --exec 'Run a shell command per verified delivery: body on stdin, TRST_EVENT_TYPE/TRST_EVENT_ID set'
            cand --expect 'Stop with exit 0 once N verified deliveries (valid signature, JSON body) have arrived'
            cand --body-timeout 'Answer 408 to a request whose whole body has not arrived within this long (e.g. 20s)'
            cand --timeout 'Stop after this long (e.g. 30s, 2m); with --expect, exit 1 if not met by then'
            cand --ui-port 'Port of the web inspector, always on 127.0.0.1 (the next free one when busy; 0: any)'
            cand --ui-history 'How many deliveries the inspector keeps in memory (the log''s latest at start, then new)'
            cand --secret-env 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation'
            cand --secret-file 'Read the secret from a file (one trailing newline is stripped); repeatable'
            cand --secret 'The secret itself (warns: it lands in your shell history); repeatable'
            cand --public-url 'The public URL that reaches this listener (a bare origin gets --path appended)'
            cand --tunnel 'Start this tunnel for the listener''s port and register the HTTPS URL it prints'
            cand --tunnel-cmd 'Run CMD as the tunnel and register the first http(s) URL it prints ({port} becomes the port)'
            cand --event-type 'Event type to subscribe to (repeatable or comma-separated) [default: every known type]'
            cand --save-secret 'Also write the webhook''s secret to this new file (mode 0600)'
            cand --health-interval 'Probe the public URL this often and warn when the probe does not come back (0 or off: never)'
            cand --base-url 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]'
            cand --project 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]'
            cand --profile 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]'
            cand --api-key-file 'Read the API key from a file (one trailing newline is stripped)'
            cand --api-key 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)'
            cand --max-retries 'Retries on 429 (and on 5xx or no answer for reads)'
            cand --retry-scale 'Multiply every retry wait by this factor (for tests)'
            cand --color 'When to use colour'
            cand --any-path 'Accept deliveries on every path'
            cand --no-log 'Do not log deliveries'
            cand --fsync 'Flush each log write to disk before answering (survives power loss; slower)'
            cand --json 'One JSON object per request on stdout, then a summary object'
            cand --full 'Show whole bodies (default: fold after 40 lines)'
            cand --compact 'One line per delivery: time, verdict, type, id, answer, latency (automatic above 20/s)'
            cand --no-ui 'No web inspector'
            cand --open 'Open the inspector in the browser'
            cand --dev-secret 'Use the documented local development secret (what listen/send use on loopback)'
            cand --register 'Create a temporary webhook in your TRST project for this listener (deleted when it stops)'
            cand --keep 'Keep the webhook when listen stops (delete it later with `webhooks delete ID`)'
            cand --yes 'Delete the temporary webhooks earlier runs left behind without asking'
            cand --force 'Let --save-secret replace an existing file'
            cand --plain-url 'Register the public URL as given, without the ?trst_hooks_temporary=… marker'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'trst-hooks;send'= {
            cand --raw 'Send this file''s bytes exactly (no parsing, no overrides); - for stdin'
            cand --to 'Where to send: a URL, or a target name from the config file [default: the local listener]'
            cand --project-id 'Replace project_id'
            cand --set 'Set a field: dotted path = value (JSON when it parses, else a string); repeatable'
            cand --data 'Replace the data object with this JSON file''s (its event_type is kept if the file has none)'
            cand --event-id 'Use this event_id (with --replay: the delivery to resend)'
            cand -H 'Add a request header, e.g. ''X-Test: 1'' (replaces one of ours with the same name); repeatable'
            cand --header 'Add a request header, e.g. ''X-Test: 1'' (replaces one of ours with the same name); repeatable'
            cand --repeat 'Send the same bytes and event_id N times (test duplicate handling)'
            cand --timeout 'Give up on an answer after this long (TRST''s limit is 20 s)'
            cand --replay 'Resend a delivery from a listen log (default: listen''s default log)'
            cand --retries 'Retry non-2xx answers and timeouts up to N times, with exponential backoff and jitter'
            cand --backoff 'The delay before the first retry; each next one doubles (minus up to 25% jitter)'
            cand --max-backoff 'Cap on the delay between retries'
            cand --count 'Load mode: send N fresh events (each its own event_id and signature), then a summary'
            cand -c 'Load mode: requests in flight at once'
            cand --concurrency 'Load mode: requests in flight at once'
            cand --rate 'Load mode: at most R requests per second in total'
            cand --secret-env 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation'
            cand --secret-file 'Read the secret from a file (one trailing newline is stripped); repeatable'
            cand --secret 'The secret itself (warns: it lands in your shell history); repeatable'
            cand --color 'When to use colour'
            cand --all 'Send one event of every known type'
            cand -y 'Do not ask before sending to a target marked production = true'
            cand --yes 'Do not ask before sending to a target marked production = true'
            cand --top-level-type 'Also put event_type at the top level (the docs'' example handler reads it there)'
            cand --dry-run 'Print the exact request and an equivalent curl command; send nothing'
            cand --bad-signature 'Sign wrongly (one hex digit off): succeeds when the endpoint answers 401'
            cand --no-signature 'Send no X-Webhook-Signature header: succeeds when the endpoint answers 401'
            cand --last 'With --replay: the last delivery in the log'
            cand --keep-signature 'With --replay: send the logged signature instead of signing again'
            cand -v 'Show request and response headers'
            cand --verbose 'Show request and response headers'
            cand --full 'Show the whole answer body read (up to 64 KiB), not the first 40 lines'
            cand --json 'Print JSON: one line per attempt (load mode: one summary line)'
            cand --dev-secret 'Use the documented local development secret (what listen/send use on loopback)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;verify'= {
            cand -s 'The X-Webhook-Signature value the body came with'
            cand --signature 'The X-Webhook-Signature value the body came with'
            cand --log 'Verify every delivery in a listen log (default: the listen default log)'
            cand --secret-env 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation'
            cand --secret-file 'Read the secret from a file (one trailing newline is stripped); repeatable'
            cand --secret 'The secret itself (warns: it lands in your shell history); repeatable'
            cand --color 'When to use colour'
            cand --request 'Read INPUT as a raw HTTP/1.1 request (detected automatically when it starts with one)'
            cand -v 'With --log, list valid deliveries too, not only failures'
            cand --verbose 'With --log, list valid deliveries too, not only failures'
            cand --json 'Print JSON (one line per delivery with --log, then a summary line)'
            cand --dev-secret 'Use the documented local development secret (what listen/send use on loopback)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;sign'= {
            cand --secret-env 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation'
            cand --secret-file 'Read the secret from a file (one trailing newline is stripped); repeatable'
            cand --secret 'The secret itself (warns: it lands in your shell history); repeatable'
            cand --color 'When to use colour'
            cand --header 'Print the whole header line, not just its value'
            cand --json 'Print {signature, header, body_sha256, bytes} as JSON'
            cand --dev-secret 'Use the documented local development secret (what listen/send use on loopback)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;check'= {
            cand --only 'Run only these checks (comma-separated or repeated)'
            cand --skip 'Leave out these checks (comma-separated or repeated)'
            cand --timeout 'Give up on an answer after this long (TRST''s delivery timeout)'
            cand --slow-threshold 'Answers slower than this warn (TRST''s docs: aim for under 1 s)'
            cand --concurrency 'At most this many requests in flight at once'
            cand --project-id 'The project_id put in every event, so receiver logs show they came from a check'
            cand --secret-env 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation'
            cand --secret-file 'Read the secret from a file (one trailing newline is stripped); repeatable'
            cand --secret 'The secret itself (warns: it lands in your shell history); repeatable'
            cand --color 'When to use colour'
            cand --json 'Print one JSON object: {url, checks: [{id, title, status, reason, fix, …}], summary}'
            cand -v 'Show every request sent and the answer to it'
            cand --verbose 'Show every request sent and the answer to it'
            cand --strict 'Warnings fail too (exit 1)'
            cand -y 'Do not ask before sending test events to a target marked production'
            cand --yes 'Do not ask before sending test events to a target marked production'
            cand --dev-secret 'Use the documented local development secret (what listen/send use on loopback)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;webhooks'= {
            cand --base-url 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]'
            cand --project 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]'
            cand --profile 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]'
            cand --api-key-file 'Read the API key from a file (one trailing newline is stripped)'
            cand --api-key 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)'
            cand --max-retries 'Retries on 429 (and on 5xx or no answer for reads)'
            cand --retry-scale 'Multiply every retry wait by this factor (for tests)'
            cand --color 'When to use colour'
            cand --json 'Print JSON lines (the API''s objects, every field) instead of tables'
            cand -v 'Show each request and answer on stderr (the API key stays masked)'
            cand --verbose 'Show each request and answer on stderr (the API key stays masked)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List the project''s webhooks'
            cand get 'Show one webhook'
            cand create 'Create a webhook (the secret is shown or stored once)'
            cand update 'Change a webhook''s URL, event types or enabled state'
            cand delete 'Delete a webhook'
            cand test 'Send a test event to a webhook (and wait for the result)'
            cand deliveries 'List a webhook''s deliveries (or one delivery''s attempts)'
            cand attempts 'List the attempts of one delivery'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trst-hooks;webhooks;list'= {
            cand --base-url 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]'
            cand --project 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]'
            cand --profile 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]'
            cand --api-key-file 'Read the API key from a file (one trailing newline is stripped)'
            cand --api-key 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)'
            cand --max-retries 'Retries on 429 (and on 5xx or no answer for reads)'
            cand --retry-scale 'Multiply every retry wait by this factor (for tests)'
            cand --color 'When to use colour'
            cand --json 'Print JSON lines (the API''s objects, every field) instead of tables'
            cand -v 'Show each request and answer on stderr (the API key stays masked)'
            cand --verbose 'Show each request and answer on stderr (the API key stays masked)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;webhooks;get'= {
            cand --base-url 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]'
            cand --project 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]'
            cand --profile 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]'
            cand --api-key-file 'Read the API key from a file (one trailing newline is stripped)'
            cand --api-key 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)'
            cand --max-retries 'Retries on 429 (and on 5xx or no answer for reads)'
            cand --retry-scale 'Multiply every retry wait by this factor (for tests)'
            cand --color 'When to use colour'
            cand --json 'Print JSON lines (the API''s objects, every field) instead of tables'
            cand -v 'Show each request and answer on stderr (the API key stays masked)'
            cand --verbose 'Show each request and answer on stderr (the API key stays masked)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;webhooks;create'= {
            cand --url 'Where TRST delivers (https, public host) [asked on a terminal when missing]'
            cand --event-type 'An event type to subscribe to (repeatable or comma-separated) [asked on a terminal]'
            cand --save-secret 'Write the secret to this new file (mode 0600)'
            cand --env-file 'Append TRST_WEBHOOK_SECRET=… to this env file (created with mode 0600 if new)'
            cand --base-url 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]'
            cand --project 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]'
            cand --profile 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]'
            cand --api-key-file 'Read the API key from a file (one trailing newline is stripped)'
            cand --api-key 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)'
            cand --max-retries 'Retries on 429 (and on 5xx or no answer for reads)'
            cand --retry-scale 'Multiply every retry wait by this factor (for tests)'
            cand --color 'When to use colour'
            cand --disabled 'Create it disabled (TRST delivers nothing until `update --enable`)'
            cand --force 'Let --save-secret replace an existing file'
            cand --json 'Print JSON lines (the API''s objects, every field) instead of tables'
            cand -v 'Show each request and answer on stderr (the API key stays masked)'
            cand --verbose 'Show each request and answer on stderr (the API key stays masked)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;webhooks;update'= {
            cand --url 'The new URL (https, public host)'
            cand --event-type 'The new event types (repeatable or comma-separated; replaces the list)'
            cand --base-url 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]'
            cand --project 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]'
            cand --profile 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]'
            cand --api-key-file 'Read the API key from a file (one trailing newline is stripped)'
            cand --api-key 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)'
            cand --max-retries 'Retries on 429 (and on 5xx or no answer for reads)'
            cand --retry-scale 'Multiply every retry wait by this factor (for tests)'
            cand --color 'When to use colour'
            cand --enable 'Start delivering again'
            cand --disable 'Stop delivering (the webhook is kept)'
            cand --json 'Print JSON lines (the API''s objects, every field) instead of tables'
            cand -v 'Show each request and answer on stderr (the API key stays masked)'
            cand --verbose 'Show each request and answer on stderr (the API key stays masked)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;webhooks;delete'= {
            cand --base-url 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]'
            cand --project 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]'
            cand --profile 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]'
            cand --api-key-file 'Read the API key from a file (one trailing newline is stripped)'
            cand --api-key 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)'
            cand --max-retries 'Retries on 429 (and on 5xx or no answer for reads)'
            cand --retry-scale 'Multiply every retry wait by this factor (for tests)'
            cand --color 'When to use colour'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --json 'Print JSON lines (the API''s objects, every field) instead of tables'
            cand -v 'Show each request and answer on stderr (the API key stays masked)'
            cand --verbose 'Show each request and answer on stderr (the API key stays masked)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;webhooks;test'= {
            cand --poll-interval 'Time between polls with --wait (e.g. 15s, 500ms) [default: 15s; 1s for a loopback API]'
            cand --timeout 'Give up waiting after this long (and on a retry due later than that)'
            cand --base-url 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]'
            cand --project 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]'
            cand --profile 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]'
            cand --api-key-file 'Read the API key from a file (one trailing newline is stripped)'
            cand --api-key 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)'
            cand --max-retries 'Retries on 429 (and on 5xx or no answer for reads)'
            cand --retry-scale 'Multiply every retry wait by this factor (for tests)'
            cand --color 'When to use colour'
            cand --wait 'Follow the test delivery until it succeeds or fails'
            cand --json 'Print JSON lines (the API''s objects, every field) instead of tables'
            cand -v 'Show each request and answer on stderr (the API key stays masked)'
            cand --verbose 'Show each request and answer on stderr (the API key stays masked)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;webhooks;deliveries'= {
            cand --delivery 'Show the attempts of this delivery instead (same as `webhooks attempts ID DELIVERY_ID`)'
            cand --status 'Only deliveries with this outcome'
            cand --limit 'Show at most N deliveries (after filtering)'
            cand --base-url 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]'
            cand --project 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]'
            cand --profile 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]'
            cand --api-key-file 'Read the API key from a file (one trailing newline is stripped)'
            cand --api-key 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)'
            cand --max-retries 'Retries on 429 (and on 5xx or no answer for reads)'
            cand --retry-scale 'Multiply every retry wait by this factor (for tests)'
            cand --color 'When to use colour'
            cand --json 'Print JSON lines (the API''s objects, every field) instead of tables'
            cand -v 'Show each request and answer on stderr (the API key stays masked)'
            cand --verbose 'Show each request and answer on stderr (the API key stays masked)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;webhooks;attempts'= {
            cand --limit 'Show at most N attempts'
            cand --base-url 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]'
            cand --project 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]'
            cand --profile 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]'
            cand --api-key-file 'Read the API key from a file (one trailing newline is stripped)'
            cand --api-key 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)'
            cand --max-retries 'Retries on 429 (and on 5xx or no answer for reads)'
            cand --retry-scale 'Multiply every retry wait by this factor (for tests)'
            cand --color 'When to use colour'
            cand --json 'Print JSON lines (the API''s objects, every field) instead of tables'
            cand -v 'Show each request and answer on stderr (the API key stays masked)'
            cand --verbose 'Show each request and answer on stderr (the API key stays masked)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;webhooks;help'= {
            cand list 'List the project''s webhooks'
            cand get 'Show one webhook'
            cand create 'Create a webhook (the secret is shown or stored once)'
            cand update 'Change a webhook''s URL, event types or enabled state'
            cand delete 'Delete a webhook'
            cand test 'Send a test event to a webhook (and wait for the result)'
            cand deliveries 'List a webhook''s deliveries (or one delivery''s attempts)'
            cand attempts 'List the attempts of one delivery'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trst-hooks;webhooks;help;list'= {
        }
        &'trst-hooks;webhooks;help;get'= {
        }
        &'trst-hooks;webhooks;help;create'= {
        }
        &'trst-hooks;webhooks;help;update'= {
        }
        &'trst-hooks;webhooks;help;delete'= {
        }
        &'trst-hooks;webhooks;help;test'= {
        }
        &'trst-hooks;webhooks;help;deliveries'= {
        }
        &'trst-hooks;webhooks;help;attempts'= {
        }
        &'trst-hooks;webhooks;help;help'= {
        }
        &'trst-hooks;emulator'= {
            cand --host 'Address to bind (loopback by default; anything else exposes the emulator to your network)'
            cand -p 'Port to bind; 0 picks a free one (the banner shows which)'
            cand --port 'Port to bind; 0 picks a free one (the banner shows which)'
            cand --db 'SQLite database file [default: <data dir>/emulator.sqlite3]'
            cand --api-key 'Require this API key (warns: it lands in your shell history); default: any Bearer key'
            cand --api-key-env 'Require the API key held in env var NAME'
            cand --api-key-file 'Require the API key held in a file (one trailing newline stripped)'
            cand --plan 'Apply TRST''s per-minute limit: sandbox 5, business 100, enterprise 5000 [default: none]'
            cand --rate-window 'The --plan limit''s window (a minute; shorter for tests)'
            cand --retry-schedule 'Delays between attempts, e.g. 1s,5s,30s or 1m,24h*13 or none [default: the ASSUMED schedule]'
            cand --time-scale 'Run the retry schedule N times faster (timestamps stay real)'
            cand --timeout 'Per-attempt timeout, real time (TRST documents 20s)'
            cand --color 'When to use colour'
            cand --in-memory 'Keep all state in memory (lost when the emulator stops)'
            cand --strict-urls 'Refuse loopback webhook URLs too, exactly as TRST does'
            cand --json 'One JSON object per line on stdout (API calls, attempts) instead of the terminal view'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand trigger 'Make a running emulator emit an event to its subscribed webhooks'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trst-hooks;emulator;trigger'= {
            cand --set 'Override a field: PATH=VALUE (VALUE is JSON if it parses, else a string); repeatable'
            cand --project 'Only this project''s webhooks [default: every project]'
            cand --base-url 'The emulator''s base URL [default: $TRST_API_BASE if loopback, else http://127.0.0.1:4010/v1]'
            cand --color 'When to use colour'
            cand --top-level-type 'Also put event_type at the top level of the event (the docs'' handler reads it there)'
            cand --json 'One JSON line per queued delivery'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;emulator;help'= {
            cand trigger 'Make a running emulator emit an event to its subscribed webhooks'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trst-hooks;emulator;help;trigger'= {
        }
        &'trst-hooks;emulator;help;help'= {
        }
        &'trst-hooks;config'= {
            cand --color 'When to use colour'
            cand -h 'Print help'
            cand --help 'Print help'
            cand trust 'Trust a config file as it is now [default: ./trst-hooks.toml]'
            cand untrust 'Stop trusting a config file [default: ./trst-hooks.toml]'
            cand show 'Print the effective settings and where each comes from (secrets masked)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trst-hooks;config;trust'= {
            cand --color 'When to use colour'
            cand --json 'Print one JSON object instead of a sentence'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;config;untrust'= {
            cand --color 'When to use colour'
            cand --json 'Print one JSON object instead of a sentence'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;config;show'= {
            cand --profile 'The profile whose API settings to show [default: default]'
            cand --color 'When to use colour'
            cand --json 'Print one JSON object (schema: docs/schemas/config-show.schema.json)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trst-hooks;config;help'= {
            cand trust 'Trust a config file as it is now [default: ./trst-hooks.toml]'
            cand untrust 'Stop trusting a config file [default: ./trst-hooks.toml]'
            cand show 'Print the effective settings and where each comes from (secrets masked)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trst-hooks;config;help;trust'= {
        }
        &'trst-hooks;config;help;untrust'= {
        }
        &'trst-hooks;config;help;show'= {
        }
        &'trst-hooks;config;help;help'= {
        }
        &'trst-hooks;completions'= {
            cand --dir 'Write the files into DIR (created if missing) instead of printing'
            cand --color 'When to use colour'
            cand --json 'With --dir: one JSON line per file written ({"path"})'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'trst-hooks;help'= {
            cand listen 'Receive, verify and show deliveries on a local endpoint'
            cand send 'Sign and send events as TRST would: fixtures, files, replays, load'
            cand verify 'Verify signatures offline and diagnose failures'
            cand sign 'Print the X-Webhook-Signature for a body'
            cand check 'Run TRST''s production checklist against a live endpoint'
            cand webhooks 'Manage webhooks with the TRST management API'
            cand emulator 'Run TRST''s webhook API and delivery engine locally (state in SQLite)'
            cand config 'Trust the working directory''s config file, or show the effective settings'
            cand completions 'Print a shell completion script, or write the man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trst-hooks;help;listen'= {
        }
        &'trst-hooks;help;send'= {
        }
        &'trst-hooks;help;verify'= {
        }
        &'trst-hooks;help;sign'= {
        }
        &'trst-hooks;help;check'= {
        }
        &'trst-hooks;help;webhooks'= {
            cand list 'List the project''s webhooks'
            cand get 'Show one webhook'
            cand create 'Create a webhook (the secret is shown or stored once)'
            cand update 'Change a webhook''s URL, event types or enabled state'
            cand delete 'Delete a webhook'
            cand test 'Send a test event to a webhook (and wait for the result)'
            cand deliveries 'List a webhook''s deliveries (or one delivery''s attempts)'
            cand attempts 'List the attempts of one delivery'
        }
        &'trst-hooks;help;webhooks;list'= {
        }
        &'trst-hooks;help;webhooks;get'= {
        }
        &'trst-hooks;help;webhooks;create'= {
        }
        &'trst-hooks;help;webhooks;update'= {
        }
        &'trst-hooks;help;webhooks;delete'= {
        }
        &'trst-hooks;help;webhooks;test'= {
        }
        &'trst-hooks;help;webhooks;deliveries'= {
        }
        &'trst-hooks;help;webhooks;attempts'= {
        }
        &'trst-hooks;help;emulator'= {
            cand trigger 'Make a running emulator emit an event to its subscribed webhooks'
        }
        &'trst-hooks;help;emulator;trigger'= {
        }
        &'trst-hooks;help;config'= {
            cand trust 'Trust a config file as it is now [default: ./trst-hooks.toml]'
            cand untrust 'Stop trusting a config file [default: ./trst-hooks.toml]'
            cand show 'Print the effective settings and where each comes from (secrets masked)'
        }
        &'trst-hooks;help;config;trust'= {
        }
        &'trst-hooks;help;config;untrust'= {
        }
        &'trst-hooks;help;config;show'= {
        }
        &'trst-hooks;help;completions'= {
        }
        &'trst-hooks;help;help'= {
        }
    ]
    $completions[$command]
}
