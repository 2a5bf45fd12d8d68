//! The load summary of `send --count`: throughput, statuses, latency percentiles and a
//! histogram for people, or the summary as one JSON line.

use std::io::Write;

use colored::Colorize;

use crate::output::duration::human_ms;
use crate::output::sanitize::one_line;
use crate::output::{dim, json_line, line, mark, status_code};
use crate::sender::stats::Summary;

/// The load summary (human output): throughput, statuses, latency and a histogram.
pub fn load_human<W: Write>(out: &mut W, summary: &Summary) -> std::io::Result<()> {
    let title = if summary.interrupted {
        format!(
            "interrupted after {} of {} requests",
            summary.completed, summary.requested
        )
    } else {
        format!("{} requests", summary.completed)
    };
    line(
        out,
        format!(
            "{} {title} in {}: {} req/s",
            mark(summary.all_ok()),
            human_ms(summary.duration_ms),
            format!("{:.0}", summary.requests_per_sec).bold()
        ),
    )?;
    let statuses: Vec<String> = summary
        .status_counts
        .iter()
        .map(|(code, n)| format!("{} × {n}", status_code(code.parse().unwrap_or(0))))
        .chain(
            summary
                .errors
                .iter()
                .map(|(code, n)| format!("{} × {n}", one_line(code).red())),
        )
        .collect();
    line(out, format!("  status   {}", statuses.join("   ")))?;
    let Some(l) = &summary.latency_ms else {
        return line(out, dim("  no answers, so no latency figures"));
    };
    line(
        out,
        format!(
            "  latency  p50 {}   p90 {}   p99 {}   max {}   mean {}",
            human_ms(l.p50),
            human_ms(l.p90),
            human_ms(l.p99),
            human_ms(l.max),
            human_ms(l.mean)
        ),
    )?;
    let widest = summary
        .histogram
        .iter()
        .map(|b| b.count)
        .max()
        .unwrap_or(1)
        .max(1);
    for bucket in &summary.histogram {
        let width = (bucket.count * 30).div_ceil(widest);
        line(
            out,
            format!(
                "  {:>10} {} {}",
                format!("≤ {}", human_ms(bucket.to_ms)),
                "█".repeat(width).cyan(),
                bucket.count
            ),
        )?;
    }
    Ok(())
}

/// The load summary as one JSON line.
pub fn load_json<W: Write>(out: &mut W, summary: &Summary) -> std::io::Result<()> {
    json_line(out, summary)
}
