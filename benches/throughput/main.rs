//! Throughput: how many updates Dereja handles per second, how fast it answers, how many durable commits an update
//! costs and how much memory it holds, each beside its baseline measured in the same run (a minimal teloxide echo
//! bot for the same updates; the database's own single-row commit rate), so the machine's noise cancels.
//!
//! `cargo bench --bench throughput` (SQLite, and Postgres from `TEST_POSTGRES_URL` or the local server on
//! 127.0.0.1:5432 if one answers). `DEREJA_BENCH_SIZE=small` runs a few updates only (CI's smoke test: it fails
//! on errors, never on timings); `DEREJA_BENCH_ONLY=postgres,read-only` runs only the databases and workloads named. The bots run as processes (Dereja's release binary, and this binary as the echo
//! bot) against the project's fake Bot API with Telegram's limits off, and Dereja's pacing off
//! (`DEREJA_SEND_LIMITS=off`): what is measured is the bot, not Telegram's ceilings. How to read the output:
//! docs/BENCHMARKS.md.

mod commits;
mod databases;
mod echo;
mod lifecycle;
mod load;
mod memory;
mod process;
mod reminders;
mod replies;
mod seeding;
mod stats;

use dereja_fakebot::{FakeBotApi, Limits};
use process::BotProcess;
use stats::Figures;
use std::sync::Arc;

/// How much each workload does.
struct Size {
    users: usize,
    per_user: usize,
    orders: usize,
    /// Orders whose reminders are all due at once.
    reminders: usize,
    /// Open orders in the database for the memory comparison: few, then many.
    open_orders: (usize, usize),
}

impl Size {
    fn from_env() -> Size {
        match std::env::var("DEREJA_BENCH_SIZE").as_deref() {
            Ok("small") => Size {
                users: 40,
                per_user: 2,
                orders: 8,
                reminders: 100,
                open_orders: (10, 100),
            },
            _ => Size {
                users: 500,
                per_user: 20,
                orders: 300,
                reminders: 10_000,
                open_orders: (1_000, 100_000),
            },
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--echo-bot") {
        echo::run(args.get(at + 1).expect("the fake's URL after --echo-bot"));
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(bench(Size::from_env()));
}

async fn bench(size: Size) {
    println!(
        "throughput: {} people x {} read-only updates; {} orders in parallel",
        size.users, size.per_user, size.orders
    );
    let only = Only::from_env();
    let fake = fresh_fake().await;
    let echo = BotProcess::echo(&fake).await;
    let baseline = load::read_only(&fake, &echo, size.users, size.per_user).await;
    echo.stop().await;
    report::header();
    report::row("read-only", "teloxide echo bot", &baseline, None);
    for backend in databases::available().await {
        if only.skips(backend.name) {
            continue;
        }
        let name = format!("Dereja, {}", backend.name);
        if !only.skips("read-only") {
            let fake = fresh_fake().await;
            let bot = BotProcess::dereja(&fake, &backend.fresh().await).await;
            let read_only = load::read_only(&fake, &bot, size.users, size.per_user).await;
            bot.stop().await;
            report::row("read-only", &name, &read_only, Some((&baseline, "echo")));
        }
        if !only.skips("lifecycle") {
            lifecycle_row(&backend, &name, size.orders).await;
        }
        if !only.skips("reminders") {
            // The baseline is measured right before the burst: the disk's rate moves from minute to minute.
            let commits = commits::rate(&backend.fresh().await).await;
            let burst =
                reminders::run(&fresh_fake().await, &backend.fresh().await, size.reminders).await;
            println!(
                "  {}: {commits:.0} single-row commits/s; reminder burst: {} due jobs, {:.0} jobs/s ({:.2}x commits)",
                backend.name,
                burst.jobs,
                burst.per_second,
                burst.per_second / commits
            );
        }
        if !only.skips("memory") {
            let (few, many) = size.open_orders;
            let memory = memory::against_open_orders(&backend, few, many).await;
            println!(
                "  {}: peak memory with {} open orders {:.1} MiB, with {} {:.1} MiB ({:.2}x)",
                backend.name,
                memory.few.0,
                memory.few.1,
                memory.many.0,
                memory.many.1,
                memory.many.1 / memory.few.1
            );
        }
        backend.clean().await;
    }
}

/// The lifecycle beside the raw commit rate measured right before it and right after, whose mean is its baseline:
/// on some machines the disk's rate moves threefold from one minute to the next, which a single measurement made
/// the lifecycle's ratio carry.
async fn lifecycle_row(backend: &databases::Backend, name: &str, orders: usize) {
    let before = commits::rate(&backend.fresh().await).await;
    let fake = fresh_fake().await;
    let bot = BotProcess::dereja(&fake, &backend.fresh().await).await;
    let lifecycle = lifecycle::run(&fake, &bot, orders).await;
    bot.stop().await;
    let after = commits::rate(&backend.fresh().await).await;
    let raw = Figures {
        per_second: (before + after) / 2.0,
        ..Figures::none()
    };
    report::row(
        "lifecycle",
        name,
        &lifecycle.figures,
        Some((&raw, "commits")),
    );
    println!(
        "  {}: raw commits {before:.0}/s right before the lifecycle, {after:.0}/s right after (the ratio is of their mean)",
        backend.name
    );
    println!(
        "  {}: the admin's steps (their one chat, every order's notice and confirmation in turn): {:.0}% of an order's time",
        backend.name,
        100.0 * lifecycle.admin_share
    );
}

/// `DEREJA_BENCH_ONLY`: a comma-separated list of databases (`SQLite`, `Postgres`) and workloads (`read-only`,
/// `lifecycle`, `reminders`, `memory`) to run, for working on one of them; unset, all. The echo bot always runs.
struct Only(Vec<String>);

impl Only {
    fn from_env() -> Only {
        let list = std::env::var("DEREJA_BENCH_ONLY").unwrap_or_default();
        Only(
            list.split(',')
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty())
                .collect(),
        )
    }

    /// Whether `what` (a database or a workload) is left out: a list that names some of its kind leaves the
    /// others out.
    fn skips(&self, what: &str) -> bool {
        const DATABASES: [&str; 2] = ["sqlite", "postgres"];
        let what = what.to_lowercase();
        let of_kind =
            |s: &&String| DATABASES.contains(&s.as_str()) == DATABASES.contains(&what.as_str());
        let named: Vec<&String> = self.0.iter().filter(of_kind).collect();
        !named.is_empty() && !named.iter().any(|s| **s == what)
    }
}

async fn fresh_fake() -> Arc<FakeBotApi> {
    Arc::new(FakeBotApi::with_limits(Limits::unlimited()).await)
}

mod report {
    use crate::stats::Figures;

    pub fn header() {
        println!(
            "{:<10} {:<20} {:>8} {:>10} {:>16} {:>8} {:>8} {:>10} {:>8} {:>9} {:>9}",
            "workload",
            "bot",
            "updates",
            "updates/s",
            "ratio",
            "p50 ms",
            "p99 ms",
            "p99 ratio",
            "writes/u",
            "commits/u",
            "peak MiB"
        );
    }

    /// One bot's figures, with its rate and p99 as ratios of `baseline`'s.
    pub fn row(workload: &str, bot: &str, f: &Figures, baseline: Option<(&Figures, &str)>) {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        let (ratio, p99_ratio) = match baseline {
            Some((b, name)) => (
                format!("{:.2}x {name}", f.per_second / b.per_second),
                if b.p99.is_zero() {
                    "-".into()
                } else {
                    format!("{:.2}x", ms(f.p99) / ms(b.p99))
                },
            ),
            None => ("baseline".into(), "baseline".into()),
        };
        println!(
            "{workload:<10} {bot:<20} {:>8} {:>10.0} {ratio:>16} {:>8.1} {:>8.1} {p99_ratio:>10} {:>8.2} {:>9.2} {:>9.1}",
            f.updates,
            f.per_second,
            ms(f.p50),
            ms(f.p99),
            f.writes_per_update,
            f.commits_per_update,
            f.peak_rss_mib
        );
    }
}
