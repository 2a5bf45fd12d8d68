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
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "sign" -d 'Print the X-Webhook-Signature for a body'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "verify" -d 'Verify signatures offline and diagnose failures'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "completions" -d 'Print a shell completion script or the man page'
complete -c trst-hooks -n "__fish_trst_hooks_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand completions" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from sign verify completions help" -f -a "sign" -d 'Print the X-Webhook-Signature for a body'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from sign verify completions help" -f -a "verify" -d 'Verify signatures offline and diagnose failures'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from sign verify completions help" -f -a "completions" -d 'Print a shell completion script or the man page'
complete -c trst-hooks -n "__fish_trst_hooks_using_subcommand help; and not __fish_seen_subcommand_from sign verify completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
