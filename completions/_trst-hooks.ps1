
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'trst-hooks' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'trst-hooks'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'trst-hooks' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive, verify and show deliveries on a local endpoint')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Sign and send events as TRST would: fixtures, files, replays, load')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify signatures offline and diagnose failures')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the X-Webhook-Signature for a body')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Run TRST''s production checklist against a live endpoint')
            [CompletionResult]::new('webhooks', 'webhooks', [CompletionResultType]::ParameterValue, 'Manage webhooks with the TRST management API')
            [CompletionResult]::new('emulator', 'emulator', [CompletionResultType]::ParameterValue, 'Run TRST''s webhook API and delivery engine locally (state in SQLite)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Trust the working directory''s config file, or show the effective settings')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script, or write the man pages')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trst-hooks;listen' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to bind (a non-loopback address needs a real secret)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Port to bind; 0 picks a free one (printed in the ready line)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to bind; 0 picks a free one (printed in the ready line)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Path deliveries are expected on')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'Append deliveries to this JSON Lines log [default: deliveries.jsonl in the data dir]')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Answer this status to valid deliveries instead of 200 (e.g. 503)')
            [CompletionResult]::new('--delay', '--delay', [CompletionResultType]::ParameterName, 'Wait this long before answering each delivery (e.g. 250ms, 2s; a bare number is ms)')
            [CompletionResult]::new('--fail-first', '--fail-first', [CompletionResultType]::ParameterName, 'Answer 500 to the first N deliveries of each event_id (to test retries)')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest body accepted (413 above it); e.g. 1MiB, 512KiB, 2000000')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Relay each delivery (raw body, signature unchanged) to your app; answer with its status')
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, 'Run a shell command per verified delivery: body on stdin, TRST_EVENT_TYPE/TRST_EVENT_ID set')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Stop with exit 0 once N verified deliveries (valid signature, JSON body) have arrived')
            [CompletionResult]::new('--body-timeout', '--body-timeout', [CompletionResultType]::ParameterName, 'Answer 408 to a request whose whole body has not arrived within this long (e.g. 20s)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop after this long (e.g. 30s, 2m); with --expect, exit 1 if not met by then')
            [CompletionResult]::new('--ui-port', '--ui-port', [CompletionResultType]::ParameterName, 'Port of the web inspector, always on 127.0.0.1 (the next free one when busy; 0: any)')
            [CompletionResult]::new('--ui-history', '--ui-history', [CompletionResultType]::ParameterName, 'How many deliveries the inspector keeps in memory (the log''s latest at start, then new)')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (one trailing newline is stripped); repeatable')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret itself (warns: it lands in your shell history); repeatable')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The public URL that reaches this listener (a bare origin gets --path appended)')
            [CompletionResult]::new('--tunnel', '--tunnel', [CompletionResultType]::ParameterName, 'Start this tunnel for the listener''s port and register the HTTPS URL it prints')
            [CompletionResult]::new('--tunnel-cmd', '--tunnel-cmd', [CompletionResultType]::ParameterName, 'Run CMD as the tunnel and register the first http(s) URL it prints ({port} becomes the port)')
            [CompletionResult]::new('--event-type', '--event-type', [CompletionResultType]::ParameterName, 'Event type to subscribe to (repeatable or comma-separated) [default: every known type]')
            [CompletionResult]::new('--save-secret', '--save-secret', [CompletionResultType]::ParameterName, 'Also write the webhook''s secret to this new file (mode 0600)')
            [CompletionResult]::new('--health-interval', '--health-interval', [CompletionResultType]::ParameterName, 'Probe the public URL this often and warn when the probe does not come back (0 or off: never)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from a file (one trailing newline is stripped)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries on 429 (and on 5xx or no answer for reads)')
            [CompletionResult]::new('--retry-scale', '--retry-scale', [CompletionResultType]::ParameterName, 'Multiply every retry wait by this factor (for tests)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--any-path', '--any-path', [CompletionResultType]::ParameterName, 'Accept deliveries on every path')
            [CompletionResult]::new('--no-log', '--no-log', [CompletionResultType]::ParameterName, 'Do not log deliveries')
            [CompletionResult]::new('--fsync', '--fsync', [CompletionResultType]::ParameterName, 'Flush each log write to disk before answering (survives power loss; slower)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per request on stdout, then a summary object')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Show whole bodies (default: fold after 40 lines)')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'One line per delivery: time, verdict, type, id, answer, latency (automatic above 20/s)')
            [CompletionResult]::new('--no-ui', '--no-ui', [CompletionResultType]::ParameterName, 'No web inspector')
            [CompletionResult]::new('--open', '--open', [CompletionResultType]::ParameterName, 'Open the inspector in the browser')
            [CompletionResult]::new('--dev-secret', '--dev-secret', [CompletionResultType]::ParameterName, 'Use the documented local development secret (what listen/send use on loopback)')
            [CompletionResult]::new('--register', '--register', [CompletionResultType]::ParameterName, 'Create a temporary webhook in your TRST project for this listener (deleted when it stops)')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the webhook when listen stops (delete it later with `webhooks delete ID`)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete the temporary webhooks earlier runs left behind without asking')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Let --save-secret replace an existing file')
            [CompletionResult]::new('--plain-url', '--plain-url', [CompletionResultType]::ParameterName, 'Register the public URL as given, without the ?trst_hooks_temporary=… marker')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'trst-hooks;send' {
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Send this file''s bytes exactly (no parsing, no overrides); - for stdin')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to send: a URL, or a target name from the config file [default: the local listener]')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Replace project_id')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a field: dotted path = value (JSON when it parses, else a string); repeatable')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Replace the data object with this JSON file''s (its event_type is kept if the file has none)')
            [CompletionResult]::new('--event-id', '--event-id', [CompletionResultType]::ParameterName, 'Use this event_id (with --replay: the delivery to resend)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Add a request header, e.g. ''X-Test: 1'' (replaces one of ours with the same name); repeatable')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Add a request header, e.g. ''X-Test: 1'' (replaces one of ours with the same name); repeatable')
            [CompletionResult]::new('--repeat', '--repeat', [CompletionResultType]::ParameterName, 'Send the same bytes and event_id N times (test duplicate handling)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on an answer after this long (TRST''s limit is 20 s)')
            [CompletionResult]::new('--replay', '--replay', [CompletionResultType]::ParameterName, 'Resend a delivery from a listen log (default: listen''s default log)')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry non-2xx answers and timeouts up to N times, with exponential backoff and jitter')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'The delay before the first retry; each next one doubles (minus up to 25% jitter)')
            [CompletionResult]::new('--max-backoff', '--max-backoff', [CompletionResultType]::ParameterName, 'Cap on the delay between retries')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Load mode: send N fresh events (each its own event_id and signature), then a summary')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Load mode: requests in flight at once')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Load mode: requests in flight at once')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Load mode: at most R requests per second in total')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (one trailing newline is stripped); repeatable')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret itself (warns: it lands in your shell history); repeatable')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Send one event of every known type')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask before sending to a target marked production = true')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask before sending to a target marked production = true')
            [CompletionResult]::new('--top-level-type', '--top-level-type', [CompletionResultType]::ParameterName, 'Also put event_type at the top level (the docs'' example handler reads it there)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact request and an equivalent curl command; send nothing')
            [CompletionResult]::new('--bad-signature', '--bad-signature', [CompletionResultType]::ParameterName, 'Sign wrongly (one hex digit off): succeeds when the endpoint answers 401')
            [CompletionResult]::new('--no-signature', '--no-signature', [CompletionResultType]::ParameterName, 'Send no X-Webhook-Signature header: succeeds when the endpoint answers 401')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'With --replay: the last delivery in the log')
            [CompletionResult]::new('--keep-signature', '--keep-signature', [CompletionResultType]::ParameterName, 'With --replay: send the logged signature instead of signing again')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show request and response headers')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show request and response headers')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Show the whole answer body read (up to 64 KiB), not the first 40 lines')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: one line per attempt (load mode: one summary line)')
            [CompletionResult]::new('--dev-secret', '--dev-secret', [CompletionResultType]::ParameterName, 'Use the documented local development secret (what listen/send use on loopback)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;verify' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The X-Webhook-Signature value the body came with')
            [CompletionResult]::new('--signature', '--signature', [CompletionResultType]::ParameterName, 'The X-Webhook-Signature value the body came with')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'Verify every delivery in a listen log (default: the listen default log)')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (one trailing newline is stripped); repeatable')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret itself (warns: it lands in your shell history); repeatable')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'Read INPUT as a raw HTTP/1.1 request (detected automatically when it starts with one)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'With --log, list valid deliveries too, not only failures')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'With --log, list valid deliveries too, not only failures')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (one line per delivery with --log, then a summary line)')
            [CompletionResult]::new('--dev-secret', '--dev-secret', [CompletionResultType]::ParameterName, 'Use the documented local development secret (what listen/send use on loopback)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;sign' {
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (one trailing newline is stripped); repeatable')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret itself (warns: it lands in your shell history); repeatable')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Print the whole header line, not just its value')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {signature, header, body_sha256, bytes} as JSON')
            [CompletionResult]::new('--dev-secret', '--dev-secret', [CompletionResultType]::ParameterName, 'Use the documented local development secret (what listen/send use on loopback)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;check' {
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Run only these checks (comma-separated or repeated)')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Leave out these checks (comma-separated or repeated)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on an answer after this long (TRST''s delivery timeout)')
            [CompletionResult]::new('--slow-threshold', '--slow-threshold', [CompletionResultType]::ParameterName, 'Answers slower than this warn (TRST''s docs: aim for under 1 s)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'At most this many requests in flight at once')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'The project_id put in every event, so receiver logs show they came from a check')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (one trailing newline is stripped); repeatable')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret itself (warns: it lands in your shell history); repeatable')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: {url, checks: [{id, title, status, reason, fix, …}], summary}')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show every request sent and the answer to it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show every request sent and the answer to it')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Warnings fail too (exit 1)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask before sending test events to a target marked production')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask before sending test events to a target marked production')
            [CompletionResult]::new('--dev-secret', '--dev-secret', [CompletionResultType]::ParameterName, 'Use the documented local development secret (what listen/send use on loopback)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;webhooks' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from a file (one trailing newline is stripped)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries on 429 (and on 5xx or no answer for reads)')
            [CompletionResult]::new('--retry-scale', '--retry-scale', [CompletionResultType]::ParameterName, 'Multiply every retry wait by this factor (for tests)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (the API''s objects, every field) instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the project''s webhooks')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one webhook')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a webhook (the secret is shown or stored once)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a webhook''s URL, event types or enabled state')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a webhook')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a test event to a webhook (and wait for the result)')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'List a webhook''s deliveries (or one delivery''s attempts)')
            [CompletionResult]::new('attempts', 'attempts', [CompletionResultType]::ParameterValue, 'List the attempts of one delivery')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trst-hooks;webhooks;list' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from a file (one trailing newline is stripped)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries on 429 (and on 5xx or no answer for reads)')
            [CompletionResult]::new('--retry-scale', '--retry-scale', [CompletionResultType]::ParameterName, 'Multiply every retry wait by this factor (for tests)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (the API''s objects, every field) instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;webhooks;get' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from a file (one trailing newline is stripped)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries on 429 (and on 5xx or no answer for reads)')
            [CompletionResult]::new('--retry-scale', '--retry-scale', [CompletionResultType]::ParameterName, 'Multiply every retry wait by this factor (for tests)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (the API''s objects, every field) instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;webhooks;create' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Where TRST delivers (https, public host) [asked on a terminal when missing]')
            [CompletionResult]::new('--event-type', '--event-type', [CompletionResultType]::ParameterName, 'An event type to subscribe to (repeatable or comma-separated) [asked on a terminal]')
            [CompletionResult]::new('--save-secret', '--save-secret', [CompletionResultType]::ParameterName, 'Write the secret to this new file (mode 0600)')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Append TRST_WEBHOOK_SECRET=… to this env file (created with mode 0600 if new)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from a file (one trailing newline is stripped)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries on 429 (and on 5xx or no answer for reads)')
            [CompletionResult]::new('--retry-scale', '--retry-scale', [CompletionResultType]::ParameterName, 'Multiply every retry wait by this factor (for tests)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--disabled', '--disabled', [CompletionResultType]::ParameterName, 'Create it disabled (TRST delivers nothing until `update --enable`)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Let --save-secret replace an existing file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (the API''s objects, every field) instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;webhooks;update' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The new URL (https, public host)')
            [CompletionResult]::new('--event-type', '--event-type', [CompletionResultType]::ParameterName, 'The new event types (repeatable or comma-separated; replaces the list)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from a file (one trailing newline is stripped)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries on 429 (and on 5xx or no answer for reads)')
            [CompletionResult]::new('--retry-scale', '--retry-scale', [CompletionResultType]::ParameterName, 'Multiply every retry wait by this factor (for tests)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--enable', '--enable', [CompletionResultType]::ParameterName, 'Start delivering again')
            [CompletionResult]::new('--disable', '--disable', [CompletionResultType]::ParameterName, 'Stop delivering (the webhook is kept)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (the API''s objects, every field) instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;webhooks;delete' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from a file (one trailing newline is stripped)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries on 429 (and on 5xx or no answer for reads)')
            [CompletionResult]::new('--retry-scale', '--retry-scale', [CompletionResultType]::ParameterName, 'Multiply every retry wait by this factor (for tests)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (the API''s objects, every field) instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;webhooks;test' {
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'Time between polls with --wait (e.g. 15s, 500ms) [default: 15s; 1s for a loopback API]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long (and on a retry due later than that)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from a file (one trailing newline is stripped)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries on 429 (and on 5xx or no answer for reads)')
            [CompletionResult]::new('--retry-scale', '--retry-scale', [CompletionResultType]::ParameterName, 'Multiply every retry wait by this factor (for tests)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Follow the test delivery until it succeeds or fails')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (the API''s objects, every field) instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;webhooks;deliveries' {
            [CompletionResult]::new('--delivery', '--delivery', [CompletionResultType]::ParameterName, 'Show the attempts of this delivery instead (same as `webhooks attempts ID DELIVERY_ID`)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only deliveries with this outcome')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N deliveries (after filtering)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from a file (one trailing newline is stripped)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries on 429 (and on 5xx or no answer for reads)')
            [CompletionResult]::new('--retry-scale', '--retry-scale', [CompletionResultType]::ParameterName, 'Multiply every retry wait by this factor (for tests)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (the API''s objects, every field) instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;webhooks;attempts' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N attempts')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'API base URL [default: $TRST_API_BASE, the profile''s api_base, or TRST''s production API]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project ID [default: $TRST_PROJECT_ID or the profile''s project]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to read api_base, api_key_env/api_key_file and project from [default: default]')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from a file (one trailing newline is stripped)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries on 429 (and on 5xx or no answer for reads)')
            [CompletionResult]::new('--retry-scale', '--retry-scale', [CompletionResultType]::ParameterName, 'Multiply every retry wait by this factor (for tests)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON lines (the API''s objects, every field) instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request and answer on stderr (the API key stays masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;webhooks;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the project''s webhooks')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one webhook')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a webhook (the secret is shown or stored once)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a webhook''s URL, event types or enabled state')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a webhook')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a test event to a webhook (and wait for the result)')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'List a webhook''s deliveries (or one delivery''s attempts)')
            [CompletionResult]::new('attempts', 'attempts', [CompletionResultType]::ParameterValue, 'List the attempts of one delivery')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trst-hooks;webhooks;help;list' {
            break
        }
        'trst-hooks;webhooks;help;get' {
            break
        }
        'trst-hooks;webhooks;help;create' {
            break
        }
        'trst-hooks;webhooks;help;update' {
            break
        }
        'trst-hooks;webhooks;help;delete' {
            break
        }
        'trst-hooks;webhooks;help;test' {
            break
        }
        'trst-hooks;webhooks;help;deliveries' {
            break
        }
        'trst-hooks;webhooks;help;attempts' {
            break
        }
        'trst-hooks;webhooks;help;help' {
            break
        }
        'trst-hooks;emulator' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to bind (loopback by default; anything else exposes the emulator to your network)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Port to bind; 0 picks a free one (the banner shows which)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to bind; 0 picks a free one (the banner shows which)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite database file [default: <data dir>/emulator.sqlite3]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'Require this API key (warns: it lands in your shell history); default: any Bearer key')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Require the API key held in env var NAME')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Require the API key held in a file (one trailing newline stripped)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Apply TRST''s per-minute limit: sandbox 5, business 100, enterprise 5000 [default: none]')
            [CompletionResult]::new('--rate-window', '--rate-window', [CompletionResultType]::ParameterName, 'The --plan limit''s window (a minute; shorter for tests)')
            [CompletionResult]::new('--retry-schedule', '--retry-schedule', [CompletionResultType]::ParameterName, 'Delays between attempts, e.g. 1s,5s,30s or 1m,24h*13 or none [default: the ASSUMED schedule]')
            [CompletionResult]::new('--time-scale', '--time-scale', [CompletionResultType]::ParameterName, 'Run the retry schedule N times faster (timestamps stay real)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-attempt timeout, real time (TRST documents 20s)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--in-memory', '--in-memory', [CompletionResultType]::ParameterName, 'Keep all state in memory (lost when the emulator stops)')
            [CompletionResult]::new('--strict-urls', '--strict-urls', [CompletionResultType]::ParameterName, 'Refuse loopback webhook URLs too, exactly as TRST does')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per line on stdout (API calls, attempts) instead of the terminal view')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Make a running emulator emit an event to its subscribed webhooks')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trst-hooks;emulator;trigger' {
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override a field: PATH=VALUE (VALUE is JSON if it parses, else a string); repeatable')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Only this project''s webhooks [default: every project]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'The emulator''s base URL [default: $TRST_API_BASE if loopback, else http://127.0.0.1:4010/v1]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--top-level-type', '--top-level-type', [CompletionResultType]::ParameterName, 'Also put event_type at the top level of the event (the docs'' handler reads it there)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON line per queued delivery')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;emulator;help' {
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Make a running emulator emit an event to its subscribed webhooks')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trst-hooks;emulator;help;trigger' {
            break
        }
        'trst-hooks;emulator;help;help' {
            break
        }
        'trst-hooks;config' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Trust a config file as it is now [default: ./trst-hooks.toml]')
            [CompletionResult]::new('untrust', 'untrust', [CompletionResultType]::ParameterValue, 'Stop trusting a config file [default: ./trst-hooks.toml]')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective settings and where each comes from (secrets masked)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trst-hooks;config;trust' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object instead of a sentence')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;config;untrust' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object instead of a sentence')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;config;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile whose API settings to show [default: default]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object (schema: docs/schemas/config-show.schema.json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trst-hooks;config;help' {
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Trust a config file as it is now [default: ./trst-hooks.toml]')
            [CompletionResult]::new('untrust', 'untrust', [CompletionResultType]::ParameterValue, 'Stop trusting a config file [default: ./trst-hooks.toml]')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective settings and where each comes from (secrets masked)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trst-hooks;config;help;trust' {
            break
        }
        'trst-hooks;config;help;untrust' {
            break
        }
        'trst-hooks;config;help;show' {
            break
        }
        'trst-hooks;config;help;help' {
            break
        }
        'trst-hooks;completions' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write the files into DIR (created if missing) instead of printing')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'With --dir: one JSON line per file written ({"path"})')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'trst-hooks;help' {
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive, verify and show deliveries on a local endpoint')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Sign and send events as TRST would: fixtures, files, replays, load')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify signatures offline and diagnose failures')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the X-Webhook-Signature for a body')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Run TRST''s production checklist against a live endpoint')
            [CompletionResult]::new('webhooks', 'webhooks', [CompletionResultType]::ParameterValue, 'Manage webhooks with the TRST management API')
            [CompletionResult]::new('emulator', 'emulator', [CompletionResultType]::ParameterValue, 'Run TRST''s webhook API and delivery engine locally (state in SQLite)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Trust the working directory''s config file, or show the effective settings')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script, or write the man pages')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trst-hooks;help;listen' {
            break
        }
        'trst-hooks;help;send' {
            break
        }
        'trst-hooks;help;verify' {
            break
        }
        'trst-hooks;help;sign' {
            break
        }
        'trst-hooks;help;check' {
            break
        }
        'trst-hooks;help;webhooks' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the project''s webhooks')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one webhook')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a webhook (the secret is shown or stored once)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a webhook''s URL, event types or enabled state')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a webhook')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a test event to a webhook (and wait for the result)')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'List a webhook''s deliveries (or one delivery''s attempts)')
            [CompletionResult]::new('attempts', 'attempts', [CompletionResultType]::ParameterValue, 'List the attempts of one delivery')
            break
        }
        'trst-hooks;help;webhooks;list' {
            break
        }
        'trst-hooks;help;webhooks;get' {
            break
        }
        'trst-hooks;help;webhooks;create' {
            break
        }
        'trst-hooks;help;webhooks;update' {
            break
        }
        'trst-hooks;help;webhooks;delete' {
            break
        }
        'trst-hooks;help;webhooks;test' {
            break
        }
        'trst-hooks;help;webhooks;deliveries' {
            break
        }
        'trst-hooks;help;webhooks;attempts' {
            break
        }
        'trst-hooks;help;emulator' {
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Make a running emulator emit an event to its subscribed webhooks')
            break
        }
        'trst-hooks;help;emulator;trigger' {
            break
        }
        'trst-hooks;help;config' {
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Trust a config file as it is now [default: ./trst-hooks.toml]')
            [CompletionResult]::new('untrust', 'untrust', [CompletionResultType]::ParameterValue, 'Stop trusting a config file [default: ./trst-hooks.toml]')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective settings and where each comes from (secrets masked)')
            break
        }
        'trst-hooks;help;config;trust' {
            break
        }
        'trst-hooks;help;config;untrust' {
            break
        }
        'trst-hooks;help;config;show' {
            break
        }
        'trst-hooks;help;completions' {
            break
        }
        'trst-hooks;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
