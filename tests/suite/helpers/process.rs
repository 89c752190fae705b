//! The real `dereja` binary as a process against the fake Bot API, for the tests of the process itself: start-up,
//! configuration errors, a worker replica, a clean stop on SIGTERM.

use super::{ScratchDir, WAIT};
use dereja_fakebot::FakeBotApi;
use std::process::Stdio;
use tokio::process::{Child, Command};

const TOKEN: &str = "123456789:TEST-token_for-the-fake-bot-api";

/// The bot process; its log is printed if the test fails.
pub struct RunningBot {
    child: Child,
    dir: ScratchDir,
}

impl RunningBot {
    pub fn start(fake: &FakeBotApi, database_url: &str) -> RunningBot {
        RunningBot::start_with(fake, database_url, &[])
    }

    /// Starts the real binary against the fake, with extra environment variables.
    pub fn start_with(fake: &FakeBotApi, database_url: &str, env: &[(&str, &str)]) -> RunningBot {
        let dir = ScratchDir::new();
        let log = std::fs::File::create(dir.0.join("bot.log")).expect("create log file");
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
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .expect("start the dereja binary");
        RunningBot { child, dir }
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
            let log = std::fs::read_to_string(self.dir.0.join("bot.log")).unwrap_or_default();
            eprintln!("---- bot log ----\n{log}");
        }
    }
}
