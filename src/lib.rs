//! Dereja: milestone workflows between buyers and sellers in Telegram.
//!
//! `main.rs` only wires these together: [`config`] -> [`store`] -> [`services`] -> [`telegram`] (the edge), and
//! [`jobs`] (the scheduler) beside it. [`messages`] says what to tell whom; it sits below the services.

pub mod app;
pub mod batching;
pub mod clock;
pub mod config;
pub mod i18n;
pub mod jobs;
pub mod messages;
pub mod operations;
pub mod pacing;
pub mod playground;
pub mod services;
pub mod store;
pub mod telegram;
pub mod templates;

/// The bot: the sender and the scheduler in the background, and the dispatcher (unless this replica only sends and
/// schedules) until SIGINT or SIGTERM. Unsent messages stay in the outbox, due jobs in the jobs table, for the next
/// start.
pub async fn run(bot: teloxide::Bot, mut app: app::App) -> anyhow::Result<()> {
    let receive_updates = app.config.receive_updates;
    app.prune_history().await;
    telegram::connect(&bot, &mut app).await?;
    let webhook = match &app.config.webhook {
        Some(webhook) if receive_updates => {
            let secret = telegram::webhook::secret(&app, webhook.secret.as_deref()).await?;
            Some((webhook.url.clone(), secret))
        }
        _ => None,
    };
    let endpoints = match app.config.listen {
        Some(address) => {
            let metrics = operations::recorder()?;
            let route = webhook.as_ref().map(|(url, secret)| {
                telegram::webhook::routes(app.clone(), url.path(), secret.clone())
            });
            Some(tokio::spawn(operations::serve(
                address,
                app.clone(),
                metrics,
                route,
            )))
        }
        None => None,
    };
    if let Some((url, secret)) = &webhook {
        telegram::webhook::register(&bot, url, secret).await;
    }
    let outbox = telegram::sender(&bot, &app);
    let sender = tokio::spawn(outbox.clone().run());
    let scheduler = tokio::spawn(jobs::scheduler::Scheduler::new(app.clone()).run());
    if receive_updates {
        telegram::dispatch(bot, app).await;
    } else {
        tracing::info!(
            "not receiving updates (DEREJA_RECEIVE_UPDATES=false): scheduler and outbox only"
        );
        shutdown_signal().await;
    }
    sender.abort();
    outbox.drain().await;
    scheduler.abort();
    if let Some(endpoints) = endpoints {
        endpoints.abort();
    }
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM (what Docker and systemd send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
