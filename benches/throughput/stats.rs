//! The figures of one workload on one bot, and how they are summarised.

use std::time::Duration;

pub struct Figures {
    pub updates: usize,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub writes_per_update: f64,
    pub commits_per_update: f64,
    pub peak_rss_mib: f64,
}

impl Figures {
    /// Nothing measured: a baseline that has only a rate.
    pub fn none() -> Figures {
        Figures {
            updates: 0,
            per_second: 0.0,
            p50: Duration::ZERO,
            p99: Duration::ZERO,
            writes_per_update: 0.0,
            commits_per_update: 0.0,
            peak_rss_mib: 0.0,
        }
    }
}

/// The `q` quantile (0.5 = median) of some durations, nearest rank.
pub fn percentile(values: &[Duration], q: f64) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort();
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}
