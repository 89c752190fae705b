//! The real `dereja` binary as a process against the fake Bot API, for the tests of the process itself: start-up,
//! configuration errors, a worker replica, a clean stop on SIGTERM.

use super::{ScratchDir, WAIT};
use dereja_fakebot::FakeBotApi;
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};

const TOKEN: &str = "123456789:TEST-token_for-the-fake-bot-api";

/// The bot process; its log is printed if the test fails.
pub struct RunningBot {
    child: Child,
    /// The process's working directory (no `.env` up the tree), removed with it.
    _dir: ScratchDir,
    log: std::path::PathBuf,
}

impl RunningBot {
    pub fn start(fake: &FakeBotApi, database_url: &str) -> RunningBot {
        RunningBot::start_with(fake, database_url, &[])
    }

    /// Starts the real binary against the fake, with extra environment variables.
    pub fn start_with(fake: &FakeBotApi, database_url: &str, env: &[(&str, &str)]) -> RunningBot {
        let dir = ScratchDir::new();
        let log = dir.0.join("bot.log");
        RunningBot::start_logging(fake, database_url, env, dir, &log)
    }

    /// Like [`RunningBot::start_with`], appending to `log` (a campaign of restarts keeps one log; all of it is
    /// printed if the test fails).
    pub fn start_logging(
        fake: &FakeBotApi,
        database_url: &str,
        env: &[(&str, &str)],
        dir: ScratchDir,
        log: &std::path::Path,
    ) -> RunningBot {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("open the log file");
        let child = Command::new(env!("CARGO_BIN_EXE_dereja"))
            .arg("run")
            .env_clear()
            .envs(env.iter().copied())
            .env("TELOXIDE_TOKEN", TOKEN)
            .env("TELOXIDE_API_URL", fake.url())
            .env("DATABASE_URL", database_url)
            .env("RUST_LOG", "info,dereja=debug")
            // No .env file up the tree from here.
            .current_dir(&dir.0)
            .stdout(Stdio::null())
            .stderr(file)
            .kill_on_drop(true)
            .spawn()
            .expect("start the dereja binary");
        RunningBot {
            child,
            _dir: dir,
            log: log.to_path_buf(),
        }
    }

    /// Kills the process with SIGKILL, as the kernel's out-of-memory killer or a power cut would: nothing runs after.
    pub async fn kill(mut self) {
        self.child.start_kill().expect("send SIGKILL");
        self.child.wait().await.expect("wait for the bot");
    }

    /// Sends SIGTERM and expects a clean exit.
    pub async fn stop(mut self) {
        let pid = self.child.id().expect("bot is running").to_string();
        let status = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("run kill");
        assert!(status.success());
        let exit = tokio::time::timeout(WAIT, self.child.wait())
            .await
            .expect("the bot stops within the timeout after SIGTERM")
            .expect("wait for the bot");
        assert!(exit.success(), "exit status {exit:?}");
    }
}

impl Drop for RunningBot {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            eprintln!("---- bot log ----\n{log}");
        }
    }
}

/// A plain HTTP GET to the bot's own endpoints (no client crate needed for three paths): the status and the body.
pub async fn get(address: &str, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // The listener may still be starting: try for a while.
    let deadline = tokio::time::Instant::now() + WAIT;
    let mut stream = loop {
        match tokio::net::TcpStream::connect(address).await {
            Ok(stream) => break stream,
            Err(e) => assert!(tokio::time::Instant::now() < deadline, "connect: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    (status, body)
}

/// The value of a metric with these labels in Prometheus's text format (0 when absent).
pub fn metric(exposition: &str, name: &str, labels: &[&str]) -> f64 {
    exposition
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit_once(' '))
        .filter(|(key, _)| {
            let (metric, rest) = key.split_once('{').unwrap_or((key, ""));
            metric == name && labels.iter().all(|label| rest.contains(label))
        })
        .filter_map(|(_, value)| value.parse::<f64>().ok())
        .sum()
}
