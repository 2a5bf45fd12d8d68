//! Who may talk to the inspector: a random token per run (bearer header or the cookie the page
//! sets from the printed URL), a `Host` that names this loopback port (against DNS rebinding),
//! and for actions a same-origin `Origin` (against cross-site requests). No CORS headers are ever
//! sent, so other sites cannot read anything either.

use axum::http::{HeaderMap, header};

pub use crate::token::Token;

/// The checks for one inspector, which knows its own port.
#[derive(Clone)]
pub struct Access {
    pub token: Token,
    pub port: u16,
}

/// How a request proved it may read or act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    Bearer,
    Cookie,
}

impl Access {
    /// The cookie's name; per port, since cookies are shared by every port of a host.
    pub fn cookie_name(&self) -> String {
        format!("trst_inspector_{}", self.port)
    }

    /// The `Set-Cookie` value the page gets when opened from the printed URL.
    pub fn set_cookie(&self) -> String {
        format!(
            "{}={}; Path=/; HttpOnly; SameSite=Strict",
            self.cookie_name(),
            self.token.as_str()
        )
    }

    /// True when `Host` is `127.0.0.1:PORT` or `localhost:PORT`: a page on another name that
    /// resolves to 127.0.0.1 (DNS rebinding) is refused.
    pub fn host_allowed(&self, headers: &HeaderMap) -> bool {
        let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
            return false;
        };
        let Some((name, port)) = host.rsplit_once(':') else {
            return false;
        };
        port == self.port.to_string()
            && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
    }

    /// The credential the request carries, if it is the right token.
    pub fn credential(&self, headers: &HeaderMap) -> Option<Credential> {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if bearer.is_some_and(|t| self.token.is(t.trim())) {
            return Some(Credential::Bearer);
        }
        let name = self.cookie_name();
        let cookie = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(n, v)| n == name && self.token.is(v));
        cookie.then_some(Credential::Cookie)
    }

    /// An action (POST) may go ahead: any `Origin` given must be this inspector's own; a
    /// cookie-authenticated action must give one (browsers always do on POST), while scripts
    /// with the bearer token may leave it out.
    pub fn action_allowed(&self, headers: &HeaderMap, credential: Credential) -> bool {
        match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            Some(origin) => {
                origin == format!("http://127.0.0.1:{}", self.port)
                    || origin.eq_ignore_ascii_case(&format!("http://localhost:{}", self.port))
            }
            None => credential == Credential::Bearer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn access() -> Access {
        Access {
            token: Token::fixed("abc"),
            port: 4300,
        }
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn only_this_port_on_loopback_names_is_a_good_host() {
        let a = access();
        assert!(a.host_allowed(&headers(&[("host", "127.0.0.1:4300")])));
        assert!(a.host_allowed(&headers(&[("host", "LOCALHOST:4300")])));
        for bad in [
            "evil.example:4300",
            "127.0.0.1:4301",
            "127.0.0.1",
            "localhost",
        ] {
            assert!(!a.host_allowed(&headers(&[("host", bad)])), "{bad}");
        }
        assert!(!a.host_allowed(&HeaderMap::new()));
    }

    #[test]
    fn bearer_or_cookie_with_the_right_token() {
        let a = access();
        let bearer = headers(&[("authorization", "Bearer abc")]);
        assert_eq!(a.credential(&bearer), Some(Credential::Bearer));
        let cookie = headers(&[("cookie", "x=1; trst_inspector_4300=abc")]);
        assert_eq!(a.credential(&cookie), Some(Credential::Cookie));
        let other_port = headers(&[("cookie", "trst_inspector_4301=abc")]);
        assert_eq!(a.credential(&other_port), None);
        assert_eq!(
            a.credential(&headers(&[("authorization", "Bearer abd")])),
            None
        );
    }

    #[test]
    fn actions_need_a_same_origin_or_the_bearer_token() {
        let a = access();
        let same = headers(&[("origin", "http://127.0.0.1:4300")]);
        assert!(a.action_allowed(&same, Credential::Cookie));
        let foreign = headers(&[("origin", "http://evil.example")]);
        assert!(!a.action_allowed(&foreign, Credential::Bearer));
        assert!(!a.action_allowed(&HeaderMap::new(), Credential::Cookie));
        assert!(a.action_allowed(&HeaderMap::new(), Credential::Bearer));
    }
}
