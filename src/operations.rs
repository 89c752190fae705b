//! The operator's HTTP endpoints, served at `DEREJA_LISTEN`: `/healthz` (the process runs), `/readyz` (the
//! database answers with this version's schema and Telegram answered recently) and `/metrics` (Prometheus). The
//! counters are recorded where things happen (`metrics::counter!`); the figures that live in the database are
//! read at each scrape.

use crate::app::App;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::net::SocketAddr;

/// Seconds, for the handler latency histogram: from a quick reply to a slow export.
const LATENCY_BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// Installs the process's metrics recorder; its handle renders `/metrics`.
pub fn recorder() -> anyhow::Result<PrometheusHandle> {
    Ok(PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full("dereja_handler_seconds".into()),
            &LATENCY_BUCKETS,
        )?
        .install_recorder()?)
}

/// Serves the endpoints, and `webhook` (the route Telegram posts updates to) when given, until the process stops.
pub async fn serve(
    address: SocketAddr,
    app: App,
    metrics: PrometheusHandle,
    webhook: Option<Router>,
) -> anyhow::Result<()> {
    let mut router = Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(scrape))
        .with_state((app, metrics));
    if let Some(webhook) = webhook {
        router = router.merge(webhook);
    }
    let listener = tokio::net::TcpListener::bind(address).await?;
    tracing::info!(%address, "serving /healthz, /readyz and /metrics");
    axum::serve(listener, router).await?;
    Ok(())
}

async fn ready(State((app, _)): State<(App, PrometheusHandle)>) -> (StatusCode, String) {
    match app.health.ready().await {
        Ok(()) => (StatusCode::OK, "ready\n".into()),
        Err(problems) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {}\n", problems.join("; ")),
        ),
    }
}

async fn scrape(State((app, metrics)): State<(App, PrometheusHandle)>) -> String {
    record_figures(&app).await;
    metrics.render()
}

/// Sets the gauges read from the database; a database that does not answer leaves them as they were and says so.
async fn record_figures(app: &App) {
    use metrics::gauge;
    gauge!("dereja_db_connections_in_use").set(f64::from(app.health.connections_in_use()));
    let figures = match app.health.figures().await {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the figures for /metrics");
            gauge!("dereja_database_up").set(0.0);
            return;
        }
    };
    gauge!("dereja_database_up").set(1.0);
    let now = chrono::Utc::now();
    let age = |since: Option<chrono::DateTime<chrono::Utc>>| {
        since.map_or(0.0, |s| (now - s).num_milliseconds().max(0) as f64 / 1000.0)
    };
    gauge!("dereja_inbox_open").set(figures.inbox_open as f64);
    gauge!("dereja_outbox_backlog").set(figures.outbox_backlog as f64);
    gauge!("dereja_outbox_oldest_seconds").set(age(figures.outbox_oldest));
    gauge!("dereja_jobs_due").set(figures.jobs_due as f64);
    gauge!("dereja_jobs_lag_seconds").set(age(figures.jobs_oldest_due));
    for (currency, minor) in figures.escrow {
        gauge!("dereja_escrow_held_minor", "currency" => currency).set(minor as f64);
    }
    gauge!("dereja_disputes_open").set(figures.disputes_open as f64);
    gauge!("dereja_payments_to_confirm").set(figures.payments_to_confirm as f64);
    gauge!("dereja_payments_unsettled").set(figures.payments_unsettled as f64);
    for kind in ["earnings", "refund"] {
        let waiting = figures
            .payouts_waiting
            .iter()
            .find(|(k, _)| k == kind)
            .map_or(0, |(_, n)| *n);
        gauge!("dereja_payouts_waiting", "kind" => kind).set(waiting as f64);
    }
}
