//! Per-run secrets that a request must present: the inspector's access token (in the printed
//! URL) and the token of `listen --register`'s health probe. One way to make them (the operating
//! system's randomness) and one way to compare them (constant time).

/// A per-run secret: 128 random bits from the operating system, as 32 hex digits.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// 128 random bits from the operating system, as 32 hex digits.
    pub fn random() -> std::io::Result<Token> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(Token(hex::encode(bytes)))
    }

    /// A known token, for tests.
    #[cfg(test)]
    pub(crate) fn fixed(text: &str) -> Token {
        Token(text.to_owned())
    }

    /// The token's text (it goes into a URL, a cookie or a header).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Constant-time comparison with what a request presented.
    pub fn is(&self, presented: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), presented.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_fresh() {
        let (a, b) = (Token::random().unwrap(), Token::random().unwrap());
        assert_eq!(a.as_str().len(), 32);
        assert!(!a.is(b.as_str()));
        assert!(a.is(a.as_str()));
    }
}
