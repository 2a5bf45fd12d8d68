//! `check`: TRST's production checklist for receivers (contract §5) run against a live endpoint.
//! [`plan`] builds the requests, [`probe`] sends them, [`checks`] judges the answers (pure),
//! [`leaks`] holds the leak patterns, and [`report`] is the result model. [`run`] ties them
//! together: a reachability request first, then the latency samples one at a time (so a queue of
//! our own requests does not inflate them), then the other checks concurrently, each duplicate
//! pair in order.

mod acks;
pub mod checks;
pub mod leaks;
pub mod plan;
pub mod probe;
mod raw_body;
pub mod report;
mod security;

use std::sync::Arc;

use tokio::sync::Semaphore;
use url::Url;

use checks::{CheckId, JudgeContext, Thresholds};
use plan::{CheckPlan, Ingredients, PlannedRequest};
use probe::Probe;
use report::{CheckResult, Exchange, ProbeOutcome, Report, Status, Summary, Unreachable};

/// Everything one run needs.
pub struct Settings {
    pub url: Url,
    /// The checks to run, in report order.
    pub selected: Vec<CheckId>,
    pub thresholds: Thresholds,
    /// How many requests may be in flight at once.
    pub concurrency: usize,
    pub strict: bool,
    pub project_id: String,
    /// Describes the secret for the report (masked, with its origin).
    pub secret_label: String,
}

/// Run the chosen checks and judge them. `ing` supplies the secret, the time and ids; the
/// returned report carries every exchange for `-v` and JSON.
pub async fn run(
    settings: &Settings,
    probe: &Probe,
    ing: &mut Ingredients<'_>,
) -> Result<Report, crate::fixtures::RenderError> {
    let preflight_delivery = plan::preflight(ing)?;
    let plans = plan::plan(&settings.selected, ing)?;
    let preflight = probe.send(&preflight_delivery).await;
    let loopback = crate::urlpolicy::is_loopback(&settings.url);

    let unreachable = match &preflight.outcome {
        ProbeOutcome::Failed { kind, reason } => Some(Unreachable::new(*kind, reason, loopback)),
        _ => None,
    };

    let mut own: Vec<(CheckId, Vec<Exchange>)> = Vec::new();
    if unreachable.is_none() {
        let (sequential, parallel): (Vec<CheckPlan>, Vec<CheckPlan>) =
            plans.into_iter().partition(|p| p.id == CheckId::Latency);
        for plan in sequential {
            own.push((plan.id, send_in_order(probe, &plan.deliveries).await));
        }
        own.extend(send_concurrently(probe, parallel, settings.concurrency.max(1)).await);
    }

    let all: Vec<&Exchange> = std::iter::once(&preflight)
        .chain(own.iter().flat_map(|(_, list)| list.iter()))
        .collect();
    let ctx = JudgeContext {
        url: &settings.url,
        thresholds: settings.thresholds,
        preflight: &preflight,
        all: &all,
        secret_label: &settings.secret_label,
    };
    let mut results: Vec<CheckResult> = Vec::new();
    for &id in &settings.selected {
        let result = match (&unreachable, id) {
            (_, CheckId::Transport) => checks::judge(id, vec![preflight.clone()], &ctx),
            (Some(_), _) => CheckResult::new(
                id,
                Status::Skip,
                "not run: the endpoint could not be reached",
            ),
            (None, _) => {
                let exchanges = own
                    .iter()
                    .find(|(own_id, _)| *own_id == id)
                    .map(|(_, list)| list.clone())
                    .unwrap_or_default();
                checks::judge(id, exchanges, &ctx)
            }
        };
        results.push(result);
    }
    let mut summary = Summary::of(&results, settings.strict);
    if unreachable.is_some() {
        summary.ok = false;
    }
    let not_selected: Vec<CheckId> = CheckId::ALL
        .iter()
        .copied()
        .filter(|id| !settings.selected.contains(id))
        .collect();
    summary.complete = not_selected.is_empty();
    Ok(Report {
        url: settings.url.to_string(),
        loopback,
        project_id: settings.project_id.clone(),
        secret: settings.secret_label.clone(),
        unreachable,
        results,
        not_selected,
        summary,
    })
}

/// One after another; stop at the first delivery that got no answer (the rest would wait as long).
async fn send_in_order(probe: &Probe, deliveries: &[PlannedRequest]) -> Vec<Exchange> {
    let mut out = Vec::with_capacity(deliveries.len());
    for delivery in deliveries {
        let exchange = probe.send(delivery).await;
        let stop = !matches!(exchange.outcome, ProbeOutcome::Answered(_));
        out.push(exchange);
        if stop {
            break;
        }
    }
    out
}

/// Every plan at once, at most `limit` requests in flight; sequential plans keep their order.
async fn send_concurrently(
    probe: &Probe,
    plans: Vec<CheckPlan>,
    limit: usize,
) -> Vec<(CheckId, Vec<Exchange>)> {
    let permits = Arc::new(Semaphore::new(limit));
    let mut tasks = tokio::task::JoinSet::new();
    for (plan_index, plan) in plans.iter().enumerate() {
        if plan.sequential {
            let (probe, permits, deliveries) =
                (probe.clone(), permits.clone(), plan.deliveries.clone());
            tasks.spawn(async move {
                let mut out = Vec::new();
                for (i, delivery) in deliveries.iter().enumerate() {
                    let _permit = permits.acquire().await.ok();
                    out.push((i, probe.send(delivery).await));
                }
                (plan_index, out)
            });
        } else {
            for (i, delivery) in plan.deliveries.iter().enumerate() {
                let (probe, permits, delivery) = (probe.clone(), permits.clone(), delivery.clone());
                tasks.spawn(async move {
                    let _permit = permits.acquire().await.ok();
                    (plan_index, vec![(i, probe.send(&delivery).await)])
                });
            }
        }
    }
    let mut collected: Vec<Vec<(usize, Exchange)>> = plans.iter().map(|_| Vec::new()).collect();
    while let Some(joined) = tasks.join_next().await {
        if let Ok((plan_index, exchanges)) = joined
            && let Some(slot) = collected.get_mut(plan_index)
        {
            slot.extend(exchanges);
        }
    }
    plans
        .iter()
        .zip(collected)
        .map(|(plan, mut list)| {
            list.sort_by_key(|(i, _)| *i);
            (plan.id, list.into_iter().map(|(_, e)| e).collect())
        })
        .collect()
}
