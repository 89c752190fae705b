//! Dereja: milestone workflows between buyers and sellers in Telegram.
//!
//! `main.rs` only wires these together: [`config`] -> [`store`] -> [`services`] -> [`telegram`].

pub mod app;
pub mod clock;
pub mod config;
pub mod i18n;
pub mod jobs;
pub mod services;
pub mod store;
pub mod telegram;
pub mod templates;

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
