//! English words for counts, written once and shared by every layer: the terminal views in
//! `output` and the engines' own messages (the emulator's API errors) use the same rule.

/// The word for `count` things: `one` for exactly one, else `many` ("1 delivery", "2 deliveries").
pub fn plural<'a, N: PartialEq + From<u8>>(count: N, one: &'a str, many: &'a str) -> &'a str {
    if count == N::from(1) { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_everything_else_plural() {
        assert_eq!(plural(1u64, "delivery", "deliveries"), "delivery");
        assert_eq!(plural(0usize, "delivery", "deliveries"), "deliveries");
        assert_eq!(plural(2u32, "line", "lines"), "lines");
    }
}
