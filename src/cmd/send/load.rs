//! Load mode (`--count N --concurrency C [--rate R]`): every request a fresh event with its own
//! event_id and signature, over pooled keep-alive connections; a progress bar on a terminal;
//! Ctrl-C stops early and the summary is still printed.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Args;
use super::target::Destination;
use crate::clock;
use crate::error::{Code, UserError};
use crate::output::{self, send as view};
use crate::secret::Sourced;
use crate::sender::event::Builder;
use crate::sender::load::{self, LoadPlan};
use crate::sender::request::{self, Signing};
use crate::sender::stats::SendResult;

/// Run the load and print the summary.
pub fn run(
    args: &Args,
    destination: &Destination,
    builder: Builder,
    secret: &Sourced,
    extra_headers: &[(String, String)],
) -> anyhow::Result<Code> {
    let count = usize::try_from(args.count.unwrap_or(1)).unwrap_or(usize::MAX);
    let concurrency = usize::try_from(args.concurrency).unwrap_or(1);
    // Fail on a bad override now, not once per request; then render once with slots.
    let compiled = builder
        .compile()
        .map_err(|e| UserError::usage(e.to_string()))?;
    let url = destination.url.clone();
    let key = secret.secret.expose().to_owned();
    let extra = extra_headers.to_vec();
    let make = Arc::new(move || {
        let body = compiled.build(&mut quick_event_id, &clock::now_rfc3339());
        Ok(request::build(&url, body, &key, &Signing::Valid, &extra))
    });
    let plan = LoadPlan {
        count,
        concurrency,
        rate: args.rate,
        timeout: args.timeout,
    };
    let http =
        crate::sender::client::for_url(&destination.url, concurrency).map_err(UserError::usage)?;
    output::note(&format!(
        "sending {count} {} event(s) to {}, {concurrency} at a time{}, signed with {} (Ctrl-C stops and summarises)",
        args.event.as_deref().unwrap_or("?"),
        destination.url,
        args.rate
            .map(|r| format!(", at most {r}/s"))
            .unwrap_or_default(),
        secret.describe()
    ));
    let bar = progress_bar(count as u64, args.json);
    let failed = Arc::new(AtomicUsize::new(0));
    let on_sample = {
        let (bar, failed) = (bar.clone(), failed.clone());
        Arc::new(move |outcome: &SendResult| {
            bar.inc(1);
            if !matches!(outcome, SendResult::Status(200..=299)) {
                let n = failed.fetch_add(1, Ordering::Relaxed) + 1;
                bar.set_message(format!("{n} failed"));
            }
        })
    };
    let finished = runtime()?.block_on(async {
        let stop = interrupted();
        load::run(&destination.url, http, plan, make, stop, on_sample).await
    });
    bar.finish_and_clear();
    if let Some(reason) = &finished.build_error {
        return Err(UserError::usage(format!("cannot build an event: {reason}")).into());
    }
    let summary = finished
        .stats
        .summary(count, finished.elapsed, finished.interrupted);
    if args.json {
        view::load_json(&mut crate::output::stdout(), &summary)?;
    } else {
        view::load_human(&mut crate::output::stdout(), &summary)?;
    }
    Ok(if summary.all_ok() {
        Code::Ok
    } else {
        Code::Failed
    })
}

/// A UUID v4 from a fast thread-local generator: ids must be unique, not unpredictable, and the
/// system generator (one syscall per id) showed up in load profiles.
fn quick_event_id() -> String {
    uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes())
        .into_uuid()
        .to_string()
}

/// Load runs on one thread, like `wrk -t1`: with client and endpoint sharing a small machine,
/// measured faster than a multi-threaded runtime (no cross-thread wake-ups per request), and it
/// leaves the other cores to the endpoint under test.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| UserError::usage(format!("cannot start the async runtime: {e}")).into())
}

fn progress_bar(len: u64, json: bool) -> ProgressBar {
    if json || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::default_bar()
        .template("{bar:30.cyan/blue} {pos}/{len}  {elapsed}  eta {eta}  {msg}")
    {
        bar.set_style(style);
    }
    bar
}

/// Resolves on Ctrl-C. The handler is installed before any request goes out, so an early Ctrl-C
/// still ends with a summary; where signals cannot be watched it never resolves.
fn interrupted() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt());
        async move {
            match signal {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}
