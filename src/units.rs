//! How durations and sizes are written on the command line, parsed in one place so that every
//! flag accepts the same forms: `500ms`, `30s`, `2m`, `1h`, `1d` (and combinations such as
//! `1h 30m`), and `1MiB`, `512KiB` or a bare number of bytes. Parse side only; formatting for
//! people lives in `output`.

use std::time::Duration;

/// The unit a bare number (no unit written) stands for; each flag documents its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BareUnit {
    Milliseconds,
    Seconds,
}

/// Whether a duration of zero means something for a flag (e.g. "no delay") or not (a timeout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zero {
    Allowed,
    Refused,
}

/// Parse a duration: a number with a unit (`ns`, `us`, `ms`, `s`, `m`, `h`, `d`, and the longer
/// spellings `sec`, `min`, `hours`, `days`…, combinable as in `1h 30m`), or a bare whole number
/// in `bare` units.
pub fn parse_duration(text: &str, bare: BareUnit, zero: Zero) -> Result<Duration, String> {
    let text = text.trim();
    let duration = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        let n: u64 = text
            .parse()
            .map_err(|_| format!("`{text}` is too large for a duration"))?;
        match bare {
            BareUnit::Milliseconds => Duration::from_millis(n),
            BareUnit::Seconds => Duration::from_secs(n),
        }
    } else {
        humantime::parse_duration(text).map_err(|e| {
            format!("`{text}` is not a duration: {e} (write e.g. 500ms, 30s, 2m, 1h, 1d)")
        })?
    };
    if zero == Zero::Refused && duration.is_zero() {
        return Err("must be more than zero (e.g. 500ms, 30s)".into());
    }
    Ok(duration)
}

/// Parse a size in bytes: a bare number of bytes, or a number with a binary unit (`KiB`, `MiB`,
/// `GiB`; `K`/`KB`, `M`/`MB`, `G`/`GB` mean the same binary multiples). Zero is refused.
pub fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: usize = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size (e.g. 1MiB, 512KiB, 2000000)"))?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        other => return Err(format!("unknown size unit `{other}` (use KiB, MiB or GiB)")),
    };
    number
        .checked_mul(factor)
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{text}` is not a usable size"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(text: &str) -> Result<Duration, String> {
        parse_duration(text, BareUnit::Seconds, Zero::Refused)
    }

    #[test]
    fn every_unit_is_accepted() {
        assert_eq!(secs("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(secs("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(secs("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(secs("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(secs("1d"), Ok(Duration::from_secs(86_400)));
        assert_eq!(secs("1h 30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(secs(" 20s "), Ok(Duration::from_secs(20)));
    }

    #[test]
    fn a_bare_number_keeps_the_flags_unit() {
        assert_eq!(secs("20"), Ok(Duration::from_secs(20)));
        assert_eq!(
            parse_duration("250", BareUnit::Milliseconds, Zero::Allowed),
            Ok(Duration::from_millis(250))
        );
        assert_eq!(
            parse_duration("1s", BareUnit::Milliseconds, Zero::Allowed),
            Ok(Duration::from_secs(1))
        );
    }

    #[test]
    fn zero_only_where_it_means_something() {
        assert!(secs("0").is_err());
        assert!(secs("0s").is_err());
        assert_eq!(
            parse_duration("0", BareUnit::Milliseconds, Zero::Allowed),
            Ok(Duration::ZERO)
        );
    }

    #[test]
    fn nonsense_is_refused() {
        for text in [
            "",
            "s",
            "-1s",
            "1 parsec",
            "1.5.2s",
            "99999999999999999999999",
        ] {
            assert!(secs(text).is_err(), "{text}");
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("2000"), Ok(2000));
        assert_eq!(parse_size("1MiB"), Ok(1 << 20));
        assert_eq!(parse_size("512 KiB"), Ok(512 << 10));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("MiB").is_err());
        assert!(parse_size("3 parsecs").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }
}
