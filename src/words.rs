//! English words for counts and durations, written once and shared by every layer: the terminal
//! views in `output` and the engines' own messages (the emulator's API errors, `check`'s
//! findings, the API client's hints) use the same rules. Durations: milliseconds under a second
//! (`0.4 ms`, `240 ms`), seconds under a minute (`1.21 s`, `20 s`), then the two largest units
//! (`2m 5s`, `3h 20m`, `13d 17h`); JSON keeps plain numbers.

use std::time::Duration;

/// The word for `count` things: `one` for exactly one, else `many` ("1 delivery", "2 deliveries").
pub fn plural<'a, N: PartialEq + From<u8>>(count: N, one: &'a str, many: &'a str) -> &'a str {
    if count == N::from(1) { one } else { many }
}

/// `240 ms`, `1.21 s`, `2m 5s`, `13d 17h`.
pub fn human(d: Duration) -> String {
    const MINUTE: u64 = 60;
    const HOUR: u64 = 60 * MINUTE;
    const DAY: u64 = 24 * HOUR;
    if d < Duration::from_secs(1) {
        let ms = d.as_secs_f64() * 1000.0;
        let text = if ms < 10.0 {
            format!("{ms:.1}")
        } else {
            format!("{ms:.0}")
        };
        return format!("{} ms", trim_zeros(&text));
    }
    if d < Duration::from_secs(MINUTE) {
        let s = d.as_secs_f64();
        let text = if s < 10.0 {
            format!("{s:.2}")
        } else {
            format!("{s:.1}")
        };
        return format!("{} s", trim_zeros(&text));
    }
    let secs = d.as_secs();
    let (big, big_unit, small, small_unit) = if secs < HOUR {
        (secs / MINUTE, "m", secs % MINUTE, "s")
    } else if secs < DAY {
        (secs / HOUR, "h", secs % HOUR / MINUTE, "m")
    } else {
        (secs / DAY, "d", secs % DAY / HOUR, "h")
    };
    if small == 0 {
        format!("{big}{big_unit}")
    } else {
        format!("{big}{big_unit} {small}{small_unit}")
    }
}

/// A duration given in (fractional) milliseconds, as the statistics hold it.
pub fn human_ms(ms: f64) -> String {
    human(Duration::from_secs_f64((ms / 1000.0).max(0.0)))
}

fn trim_zeros(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
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

    #[test]
    fn one_style_at_every_scale() {
        let cases = [
            (Duration::ZERO, "0 ms"),
            (Duration::from_micros(400), "0.4 ms"),
            (Duration::from_micros(3250), "3.2 ms"),
            (Duration::from_millis(240), "240 ms"),
            (Duration::from_micros(999_400), "999 ms"),
            (Duration::from_millis(1201), "1.2 s"),
            (Duration::from_millis(1210), "1.21 s"),
            (Duration::from_millis(2402), "2.4 s"),
            (Duration::from_secs(20), "20 s"),
            (Duration::from_millis(20_500), "20.5 s"),
            (Duration::from_secs(125), "2m 5s"),
            (Duration::from_secs(120), "2m"),
            (Duration::from_secs(3 * 3600 + 20 * 60 + 7), "3h 20m"),
            (
                Duration::from_secs(13 * 86400 + 17 * 3600 + 36 * 60),
                "13d 17h",
            ),
        ];
        for (d, text) in cases {
            assert_eq!(human(d), text, "{d:?}");
        }
        assert_eq!(human_ms(1201.4), "1.2 s");
        assert_eq!(human_ms(2402.46), "2.4 s");
        assert_eq!(human_ms(0.36), "0.4 ms");
    }
}
