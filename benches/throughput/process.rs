//! A bot under test as a process of its own: Dereja's release binary or the echo bot; its peak memory, and the
//! counters Dereja's `/metrics` shows.

use dereja_fakebot::FakeBotApi;
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};

pub const ADMIN: i64 = 900;

/// Dereja's writes so far.
#[derive(Clone, Copy, Default)]
pub struct Writes {
    pub transactions: f64,
    pub commits: f64,
}

impl std::ops::Sub for Writes {
    type Output = Writes;

    fn sub(self, before: Writes) -> Writes {
        Writes {
            transactions: self.transactions - before.transactions,
            commits: self.commits - before.commits,
        }
    }
}

pub struct BotProcess {
    child: Child,
    /// Dereja's operator endpoints (none for the echo bot).
    listen: Option<String>,
}

impl BotProcess {
    /// Dereja (`dereja run`) on `database_url`, pacing off (the fake limits nothing), `ADMIN` as its admin; the
    /// benchmark's own `DEREJA_MAX_HANDLERS`, if set, to try another number of handlers.
    pub async fn dereja(fake: &FakeBotApi, database_url: &str) -> BotProcess {
        let listen = format!("127.0.0.1:{}", free_port());
        let mut command = Command::new(env!("CARGO_BIN_EXE_dereja"));
        command.arg("run").env_clear();
        if let Ok(handlers) = std::env::var("DEREJA_MAX_HANDLERS") {
            command.env("DEREJA_MAX_HANDLERS", handlers);
        }
        let child = command
            .env("TELOXIDE_TOKEN", "123456789:benchmark-token-for-the-fake")
            .env("TELOXIDE_API_URL", fake.url())
            .env("DATABASE_URL", database_url)
            .env("DEREJA_ADMINS", ADMIN.to_string())
            .env("DEREJA_SEND_LIMITS", "off")
            .env("DEREJA_LISTEN", &listen)
            .env("RUST_LOG", "warn")
            .current_dir(std::env::temp_dir())
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start the dereja binary");
        BotProcess::ready(child, Some(listen), fake).await
    }

    /// The echo bot: this benchmark's own binary in its echo mode.
    pub async fn echo(fake: &FakeBotApi) -> BotProcess {
        let child = Command::new(std::env::current_exe().expect("the benchmark binary"))
            .args(["--echo-bot", fake.url()])
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start the echo bot");
        BotProcess::ready(child, None, fake).await
    }

    /// Once the bot polls for updates, it is ready.
    async fn ready(child: Child, listen: Option<String>, fake: &FakeBotApi) -> BotProcess {
        let polls = fake.polls();
        for _ in 0..600 {
            if fake.polls() > polls {
                return BotProcess { child, listen };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the bot did not start polling within 30 s");
    }

    /// The most memory the process has held (VmHWM), in MiB.
    pub fn peak_rss_mib(&self) -> f64 {
        let pid = self.child.id().expect("a running process");
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(f64::NAN);
        kib / 1024.0
    }

    /// Write transactions Dereja has begun so far, and durable commits it has made
    /// (`dereja_db_write_transactions_total`, `dereja_db_commits_total`).
    pub async fn writes(&self) -> Writes {
        let Some(listen) = &self.listen else {
            return Writes::default();
        };
        let exposition = http_get(listen, "/metrics").await;
        let counter = |name: &str| {
            exposition
                .lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0.0)
        };
        Writes {
            transactions: counter("dereja_db_write_transactions_total"),
            commits: counter("dereja_db_commits_total"),
        }
    }

    pub async fn stop(mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }
}

pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("an address").port()
}

/// A plain HTTP/1.1 GET on loopback: the body.
async fn http_get(address: &str, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect to /metrics");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default()
}
