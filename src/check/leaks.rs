//! The patterns that mark an error answer as leaking internals: stack traces, exception names,
//! source file paths, framework debug pages and raw database errors. Each is specific enough to
//! stay quiet on ordinary error bodies ("Unauthorized", `{"error":"invalid signature"}`, an nginx
//! error page, "Cannot POST /webhooks/trst"); the tests below hold both sides of that line.
//! Documented for users in `docs/check.md`.

use std::sync::LazyLock;

use regex::Regex;

use super::report::{Exchange, LeakFinding};

/// One documented leak pattern.
pub struct Pattern {
    /// Stable name for JSON output.
    pub name: &'static str,
    /// What a match means, for people.
    pub what: &'static str,
    regex: &'static str,
}

/// The list, in the order findings are reported.
pub const PATTERNS: &[Pattern] = &[
    Pattern {
        name: "python_traceback",
        what: "a Python traceback",
        regex: r#"Traceback \(most recent call last\)|File "[^"\n]+", line \d+"#,
    },
    Pattern {
        name: "jvm_stack_frame",
        what: "a Java/JVM stack frame",
        regex: r"\bat [\w$.]+\.[\w$<>]+\((?:[\w$]+\.(?:java|kt|scala|groovy):\d+|Native Method|Unknown Source)\)",
    },
    Pattern {
        name: "dotnet_stack_frame",
        what: "a .NET stack frame",
        regex: r"\bat [\w.`<>]+\(.*\) in .+:line \d+|--- End of (?:inner exception )?stack trace",
    },
    Pattern {
        name: "node_stack_frame",
        what: "a Node.js stack frame",
        regex: r"\bat (?:[\w$.<>\[\] ]+ \()?(?:/|[A-Za-z]:\\|file://|node:)[^\s()]+:\d+:\d+\)?",
    },
    Pattern {
        name: "ruby_backtrace",
        what: "a Ruby backtrace line",
        regex: r"\.rb:\d+:in [`'‘]",
    },
    Pattern {
        name: "go_panic",
        what: "a Go panic",
        regex: r"goroutine \d+ \[running\]|panic: runtime error",
    },
    Pattern {
        name: "rust_panic",
        what: "a Rust panic",
        regex: r"panicked at [^\s:]+\.rs:\d+:\d+|RUST_BACKTRACE=",
    },
    Pattern {
        name: "php_error",
        what: "a PHP error or stack trace",
        regex: r"PHP (?:Fatal|Parse|Warning|Notice) error|(?:Fatal|Parse) error: .+ in \S+\.php|\.php(?::\d+| on line \d+)|Stack trace:\s*#0 ",
    },
    Pattern {
        name: "exception_name",
        what: "an exception name",
        regex: r#"(?:^|[\s"'>(])(?:[A-Za-z_]\w*\.)+[A-Z]\w*(?:Exception|Error)\b|(?:^|[\s"'>(])[A-Z][A-Za-z]*(?:Exception|Error): |\b(?:NullPointerException|NullReferenceException|IndexOutOfRangeException|ArrayIndexOutOfBoundsException|ClassCastException|IllegalStateException|IllegalArgumentException|NoMethodError|KeyError|AttributeError|ZeroDivisionError|UnboundLocalError|JSONDecodeError|SQLException)\b"#,
    },
    Pattern {
        name: "source_path",
        what: "a source file path",
        regex: r#"(?:^|[\s"'(=>\[])(?:/[\w.\-@]+)+/[\w.\-@]+\.(?:py|rb|js|mjs|cjs|ts|java|kt|scala|go|rs|php|cs|ex|exs|erl|pl|lua|jsp|jar|class)\b|\b[A-Za-z]:\\(?:[\w.\- ]+\\)+[\w.\-]+"#,
    },
    Pattern {
        name: "debug_page",
        what: "a framework debug page",
        regex: r"you have DEBUG = True|Werkzeug Debugger|The debugger caught an exception|Action Controller: Exception caught|Whoops\\|Ignition|Symfony\\Component\\|sf-toolbar|Server Error in '/' Application|Exception Details:|Laravel\\|__debugger__",
    },
    Pattern {
        name: "database_error",
        what: "a raw database error",
        regex: r"SQLSTATE\[|You have an error in your SQL syntax|syntax error at or near|\bORA-\d{5}\b|sqlite3\.\w+Error|duplicate key value violates unique constraint",
    },
];

static COMPILED: LazyLock<Vec<(&'static Pattern, Regex)>> = LazyLock::new(|| {
    PATTERNS
        .iter()
        .filter_map(|p| Regex::new(&format!("(?m){}", p.regex)).ok().map(|r| (p, r)))
        .collect()
});

/// Every pattern that matches `body`, once each, with the matched text shortened.
pub fn scan(body: &str) -> Vec<(&'static Pattern, String)> {
    COMPILED
        .iter()
        .filter_map(|(p, r)| r.find(body).map(|m| (*p, excerpt(m.as_str()))))
        .collect()
}

/// The leaks in one exchange's answer (none when there was no answer).
pub fn inspect(exchange: &Exchange) -> Vec<LeakFinding> {
    let Some(answer) = exchange.answer() else {
        return Vec::new();
    };
    scan(&answer.body)
        .into_iter()
        .map(|(p, text)| LeakFinding {
            request: exchange.sent.label.clone(),
            status: answer.status,
            pattern: p.name,
            what: p.what,
            excerpt: text,
        })
        .collect()
}

fn excerpt(text: &str) -> String {
    let trimmed = text.trim_start_matches(|c: char| "\"'(=>[".contains(c) || c.is_whitespace());
    let one_line = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 100 {
        format!("{}…", one_line.chars().take(100).collect::<String>())
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(body: &str) -> Vec<&'static str> {
        scan(body).into_iter().map(|(p, _)| p.name).collect()
    }

    #[test]
    fn every_pattern_compiles() {
        assert_eq!(COMPILED.len(), PATTERNS.len());
    }

    #[test]
    fn finds_real_world_leaks() {
        let cases: &[(&str, &str)] = &[
            (
                "Traceback (most recent call last):\n  File \"/app/server.py\", line 42, in hook\nKeyError: 'data'",
                "python_traceback",
            ),
            (
                "  File \"/srv/hooks/views.py\", line 7, in post",
                "python_traceback",
            ),
            (
                "java.lang.NullPointerException\n\tat com.acme.hooks.Handler.handle(Handler.java:57)",
                "jvm_stack_frame",
            ),
            (
                "\tat sun.reflect.Foo.invoke(Native Method)",
                "jvm_stack_frame",
            ),
            (
                "   at Acme.Hooks.Receiver.Post() in C:\\src\\Hooks\\Receiver.cs:line 31",
                "dotnet_stack_frame",
            ),
            (
                "--- End of stack trace from previous location ---",
                "dotnet_stack_frame",
            ),
            (
                "TypeError: Cannot read properties of undefined (reading 'event_type')\n    at handler (/app/index.js:12:30)",
                "node_stack_frame",
            ),
            ("    at /srv/app/routes/hooks.ts:8:11", "node_stack_frame"),
            (
                "    at Layer.handle (node:internal/process:9:3)",
                "node_stack_frame",
            ),
            (
                "/app/app/controllers/hooks_controller.rb:14:in `create'",
                "ruby_backtrace",
            ),
            ("panic: runtime error: invalid memory address", "go_panic"),
            ("goroutine 7 [running]:\nmain.handle()", "go_panic"),
            (
                "thread 'tokio' panicked at src/hooks.rs:42:9:\nindex out of bounds",
                "rust_panic",
            ),
            (
                "PHP Fatal error:  Uncaught Error in /var/www/hook.php:3",
                "php_error",
            ),
            (
                "Warning: Undefined index data in /var/www/html/hook.php on line 9",
                "php_error",
            ),
            ("Stack trace:\n#0 /var/www/x.php(3): f()", "php_error"),
            ("java.lang.IllegalStateException", "exception_name"),
            ("{\"error\":\"KeyError: 'event_type'\"}", "exception_name"),
            (
                "System.InvalidOperationException: Sequence contains no elements",
                "exception_name",
            ),
            ("NoMethodError", "exception_name"),
            (
                "error reading /home/deploy/app/lib/verify.py",
                "source_path",
            ),
            (
                "failed in C:\\inetpub\\wwwroot\\hooks\\Web.config",
                "source_path",
            ),
            (
                "You're seeing this error because you have DEBUG = True in your Django settings",
                "debug_page",
            ),
            ("<title>Werkzeug Debugger</title>", "debug_page"),
            ("<h1>Server Error in '/' Application.</h1>", "debug_page"),
            (
                "SQLSTATE[23000]: Integrity constraint violation",
                "database_error",
            ),
            (
                "ERROR: duplicate key value violates unique constraint \"events_pkey\"",
                "database_error",
            ),
            ("ORA-00001: unique constraint violated", "database_error"),
        ];
        for (body, expected) in cases {
            assert!(
                names(body).contains(expected),
                "{expected} not found in {body:?}: {:?}",
                names(body)
            );
        }
    }

    #[test]
    fn stays_quiet_on_ordinary_error_bodies() {
        let benign = [
            "",
            "Unauthorized",
            "Internal Server Error",
            "invalid signature",
            "{\"error\":\"invalid signature\"}",
            "{\"error\":\"unauthorized\",\"message\":\"missing X-Webhook-Signature\"}",
            "{\"error\":\"bad_request\",\"detail\":\"body is not valid JSON\"}",
            "Error: invalid signature",
            "Cannot POST /webhooks/trst",
            "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25.3</center></body></html>",
            "<html><body><h1>404 Not Found</h1><p>See https://example.com/docs/app.js for help</p></body></html>",
            "Request failed; see https://status.example.com/incidents/42 (request id 550e8400-e29b-41d4-a716-446655440000)",
            "{\"error\":\"duplicate event\",\"event_id\":\"550e8400-e29b-41d4-a716-446655440000\"}",
            "Too Many Requests, retry at 2026-01-02T03:04:05Z",
            "The server encountered an error and could not complete your request.",
            "signature error: mismatch",
            "{\"type\":\"ValidationError\",\"message\":\"bad input\"}",
        ];
        for body in benign {
            assert!(
                names(body).is_empty(),
                "false positive on {body:?}: {:?}",
                names(body)
            );
        }
    }

    #[test]
    fn excerpts_are_one_short_line() {
        let long = format!("File \"/{}.py\", line 1", "a".repeat(300));
        let found = scan(&long);
        assert!(found[0].1.chars().count() <= 101);
        let (_, text) = &scan("Traceback (most recent call last):\n  x")[0];
        assert!(!text.contains('\n'));
    }
}
