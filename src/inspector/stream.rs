//! `GET /api/stream`: server-sent events, one `delivery` event (a list summary) per new delivery
//! that passes the filters in the query. A page that falls too far behind gets one `resync`
//! event and should reload the list. Serialisation happens here, per watching page, never on the
//! listener's path.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use tokio::sync::broadcast::error::RecvError;

use super::Shared;
use super::filter::Filter;

/// The stream of new deliveries until the page goes away or the inspector stops.
pub async fn stream(State(shared): State<Arc<Shared>>, Query(filter): Query<Filter>) -> Response {
    let news = shared.store.subscribe();
    let closing = shared.closing.subscribe();
    let events = stream::unfold(
        (news, closing, shared, filter),
        |(mut news, mut closing, shared, filter)| async move {
            loop {
                let next = tokio::select! {
                    next = news.recv() => next,
                    _ = closing.wait_for(|c| *c) => return None,
                };
                let event = match next {
                    Ok(entry) => {
                        let run = &shared.store.run;
                        if !filter.matches(&entry, run) {
                            continue;
                        }
                        let Some(summary) = entry.summary(run) else {
                            continue;
                        };
                        let data = serde_json::to_string(summary).unwrap_or_default();
                        Event::default().event("delivery").data(data)
                    }
                    Err(RecvError::Lagged(_)) => Event::default().event("resync").data("{}"),
                    Err(RecvError::Closed) => return None,
                };
                return Some((Ok::<_, Infallible>(event), (news, closing, shared, filter)));
            }
        },
    );
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}
