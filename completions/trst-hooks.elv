
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
            cand sign 'Print the X-Webhook-Signature for a body'
            cand verify 'Verify signatures offline and diagnose failures'
            cand completions 'Print a shell completion script or the man page'
            cand help 'Print this message or the help of the given subcommand(s)'
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
        &'trst-hooks;completions'= {
            cand --color 'When to use colour'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'trst-hooks;help'= {
            cand sign 'Print the X-Webhook-Signature for a body'
            cand verify 'Verify signatures offline and diagnose failures'
            cand completions 'Print a shell completion script or the man page'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trst-hooks;help;sign'= {
        }
        &'trst-hooks;help;verify'= {
        }
        &'trst-hooks;help;completions'= {
        }
        &'trst-hooks;help;help'= {
        }
    ]
    $completions[$command]
}
