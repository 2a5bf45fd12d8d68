//! The one way the tool builds an HTTP client, with its two policies written down once:
//! - **no proxies**: the tool talks to loopback and to URLs the user named; an `HTTPS_PROXY` in
//!   the environment must not silently sit between a signed delivery (or the API key) and them;
//! - **no redirects followed**: TRST does not follow them, and a followed redirect hides a
//!   misconfigured URL (and would carry the API key elsewhere); callers see the 3xx itself.

/// A reqwest builder with the tool's proxy and redirect policy; callers add timeouts, pooling
/// and a user agent, then `build()`.
pub fn builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
}

/// The `User-Agent` of one part of the tool: `trst-hooks/<version>`, or
/// `trst-hooks-<role>/<version>` (`check`, `emulator`) so a receiver's logs tell them apart.
pub fn user_agent(role: Option<&str>) -> String {
    match role {
        Some(role) => format!("trst-hooks-{role}/{}", env!("CARGO_PKG_VERSION")),
        None => format!("trst-hooks/{}", env!("CARGO_PKG_VERSION")),
    }
}
