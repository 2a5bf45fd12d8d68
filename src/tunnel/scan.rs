//! Finding the public URL in what a tunnel program prints. Each program announces it its own way
//! (and prints other URLs too: terms of service, documentation), so each has its own rule; a
//! `--tunnel-cmd` command gets the generic one: the first http(s) URL on a line.

/// Which rule to read a line with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `cloudflared tunnel --url …`: the `https://<words>.trycloudflare.com` it boxes in its log.
    Cloudflared,
    /// `ngrok http … --log stdout --log-format json`: the `url` of the `started tunnel` line.
    Ngrok,
    /// Any command: the first `https://` or `http://` URL.
    AnyUrl,
}

/// The public URL announced on `line`, if any.
pub fn find(rule: Rule, line: &str) -> Option<String> {
    match rule {
        Rule::Cloudflared => urls(line).find(|u| {
            u.starts_with("https://")
                && host(u).is_some_and(|h| h.ends_with(".trycloudflare.com") && h.len() > 18)
        }),
        Rule::Ngrok => ngrok_json(line).or_else(|| {
            urls(line).find(|u| {
                u.starts_with("https://")
                    && host(u).is_some_and(|h| {
                        [
                            ".ngrok-free.app",
                            ".ngrok-free.dev",
                            ".ngrok.app",
                            ".ngrok.io",
                            ".ngrok.dev",
                        ]
                        .iter()
                        .any(|suffix| h.ends_with(suffix))
                    })
            })
        }),
        Rule::AnyUrl => urls(line).next(),
    }
}

fn ngrok_json(line: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(line.trim()).ok()?;
    if value.get("msg")?.as_str()? != "started tunnel" {
        return None;
    }
    let url = value.get("url")?.as_str()?;
    url.starts_with("https://").then(|| url.to_owned())
}

/// The host of a URL found by [`urls`].
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Every http(s) URL on a line, in order, without trailing punctuation.
fn urls(line: &str) -> impl Iterator<Item = String> + '_ {
    let mut rest = line;
    std::iter::from_fn(move || {
        loop {
            let start = [rest.find("https://"), rest.find("http://")]
                .into_iter()
                .flatten()
                .min()?;
            let tail = &rest[start..];
            let len = tail.find(|c: char| !is_url_char(c)).unwrap_or(tail.len());
            let url = tail[..len].trim_end_matches(['.', ',', ';', ':', ')', ']', '\'', '!']);
            rest = &tail[len..];
            if url.len() > "https://".len() && host(url).is_some_and(|h| !h.is_empty()) {
                return Some(url.to_owned());
            }
        }
    })
}

fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloudflared_announces_its_quick_tunnel_in_a_box() {
        let lines = [
            "2026-11-30T10:00:00Z INF Thank you for trying Cloudflare Tunnel. Doing so, without a Cloudflare account, is a quick way to experiment and try it out. However, be aware that these account-less Tunnels have no uptime guarantee. If you intend to use Tunnels in production you should use a pre-created named tunnel by following: https://developers.cloudflare.com/cloudflare-one/connections/connect-networks",
            "2026-11-30T10:00:00Z INF Requesting new quick Tunnel on trycloudflare.com...",
            "2026-11-30T10:00:01Z INF +--------------------------------------------------------------------------------------------+",
            "2026-11-30T10:00:01Z INF |  https://seasonal-deck-organisms-sf.trycloudflare.com                                      |",
        ];
        let found: Vec<_> = lines
            .iter()
            .filter_map(|l| find(Rule::Cloudflared, l))
            .collect();
        assert_eq!(
            found,
            ["https://seasonal-deck-organisms-sf.trycloudflare.com"]
        );
    }

    #[test]
    fn ngrok_json_log_gives_the_started_tunnel_url() {
        let lines = [
            r#"{"lvl":"info","msg":"starting web service","obj":"web","addr":"127.0.0.1:4040","allow_hosts":[]}"#,
            r#"{"addr":"http://127.0.0.1:3000","lvl":"info","msg":"started tunnel","name":"command_line","obj":"tunnels","url":"https://1a2b-3c4d.ngrok-free.app"}"#,
        ];
        let found: Vec<_> = lines.iter().filter_map(|l| find(Rule::Ngrok, l)).collect();
        assert_eq!(found, ["https://1a2b-3c4d.ngrok-free.app"]);
        assert_eq!(
            find(
                Rule::Ngrok,
                "t=x lvl=info msg=\"started tunnel\" url=https://ab.ngrok.app"
            ),
            Some("https://ab.ngrok.app".into())
        );
        assert_eq!(find(Rule::Ngrok, "see https://ngrok.com/docs"), None);
    }

    #[test]
    fn any_command_gives_its_first_url_without_trailing_punctuation() {
        assert_eq!(
            find(
                Rule::AnyUrl,
                "ready at http://127.0.0.1:4000/webhooks/trst."
            ),
            Some("http://127.0.0.1:4000/webhooks/trst".into())
        );
        assert_eq!(
            find(Rule::AnyUrl, "url=\"https://x.example\" (tunnel)"),
            Some("https://x.example".into())
        );
        assert_eq!(
            find(Rule::AnyUrl, "no url here, only http:// and https://"),
            None
        );
        assert_eq!(find(Rule::AnyUrl, ""), None);
    }

    #[test]
    fn lookalike_hosts_do_not_count() {
        assert_eq!(find(Rule::Cloudflared, "https://trycloudflare.com"), None);
        assert_eq!(
            find(
                Rule::Cloudflared,
                "https://evil.example/?x=.trycloudflare.com"
            ),
            None
        );
    }
}
