//! "Did you mean …?" for a mistyped event type: the known type closest to what was typed, when
//! it is close enough to be the likely intent.

use crate::fixtures;

/// `did you mean "enrollment.completed"? ` for a near miss of a known event type, else nothing.
/// Meant to be put in front of a hint.
pub fn event_type(given: &str) -> String {
    closest(given, &fixtures::known_types())
        .map(|known| format!("did you mean \"{known}\"? "))
        .unwrap_or_default()
}

/// The candidate nearest to `given` by edit distance, if within a third of its length (at
/// least 2 edits).
fn closest<'a>(given: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let given = given.trim().to_ascii_lowercase();
    let limit = (given.chars().count() / 3).max(2);
    candidates
        .iter()
        .map(|c| (distance(&given, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_suggested() {
        let known = ["enrollment.completed", "demo.scan.success", "webhook.test"];
        assert_eq!(
            closest("enrolment.completed", &known),
            Some("enrollment.completed")
        );
        assert_eq!(closest("webhook.tset", &known), Some("webhook.test"));
        assert_eq!(
            closest("Demo.Scan.Success", &known),
            Some("demo.scan.success")
        );
        assert_eq!(closest("payment.failed", &known), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
