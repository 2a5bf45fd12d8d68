//! How a temporary webhook is recognisable in the API: its URL carries the query parameter
//! `trst_hooks_temporary=<run id>`. The listener matches deliveries on the path only, so the
//! parameter costs nothing; `webhooks list` shows such webhooks as temporary; the next
//! `listen --register` can tell them from the user's own webhooks.

use url::Url;

/// The query parameter that marks a temporary webhook's URL.
pub const PARAM: &str = "trst_hooks_temporary";

/// The URL to register: `public` with the listener's `path` appended when `public` is a bare
/// origin (no path, or `/`), plus the marker unless `plain`. Errors say what is wrong with
/// `public` in words.
pub fn webhook_url(public: &str, path: &str, run_id: &str, plain: bool) -> Result<Url, String> {
    let mut url = Url::parse(public.trim()).map_err(|e| format!("{public}: not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("{public}: use an http:// or https:// URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("{public}: the URL has no host"));
    }
    if url.path() == "/" || url.path().is_empty() {
        url.set_path(path);
    }
    if !plain {
        url.query_pairs_mut().append_pair(PARAM, run_id);
    }
    Ok(url)
}

/// The run id in a temporary webhook's URL, when the URL carries the marker.
pub fn run_id(url: &str) -> Option<String> {
    let url = Url::parse(url).ok()?;
    url.query_pairs()
        .find(|(k, _)| k == PARAM)
        .map(|(_, v)| v.into_owned())
}

/// True when `url` carries the marker of a temporary webhook.
pub fn is_temporary(url: &str) -> bool {
    run_id(url).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_origin_gets_the_listener_path_and_the_marker() {
        let url = webhook_url(
            "https://abc.trycloudflare.com",
            "/webhooks/trst",
            "r1",
            false,
        )
        .expect("valid");
        assert_eq!(
            url.as_str(),
            "https://abc.trycloudflare.com/webhooks/trst?trst_hooks_temporary=r1"
        );
        let slash = webhook_url("https://abc.example/", "/hooks", "r1", true).expect("valid");
        assert_eq!(slash.as_str(), "https://abc.example/hooks");
    }

    #[test]
    fn a_url_with_a_path_keeps_it_and_its_query() {
        let url = webhook_url(
            "https://h.example/in/trst?team=a",
            "/webhooks/trst",
            "r2",
            false,
        )
        .expect("valid");
        assert_eq!(
            url.as_str(),
            "https://h.example/in/trst?team=a&trst_hooks_temporary=r2"
        );
        assert_eq!(run_id(url.as_str()).as_deref(), Some("r2"));
    }

    #[test]
    fn bad_public_urls_are_refused_in_words() {
        assert!(webhook_url("abc.trycloudflare.com", "/w", "r", false).is_err());
        assert!(webhook_url("ftp://h.example/", "/w", "r", false).is_err());
        assert!(webhook_url("", "/w", "r", false).is_err());
    }

    #[test]
    fn only_marked_urls_are_temporary() {
        assert!(is_temporary("https://h.example/w?trst_hooks_temporary=x"));
        assert!(!is_temporary("https://h.example/w?other=1"));
        assert!(!is_temporary("not a url"));
    }
}
