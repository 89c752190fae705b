//! A private Postgres cluster for a test that stops and starts its database, on its own port and folder, so the
//! shared server and the other tests never notice. `initdb` and `pg_ctl` refuse to run as root: as root they run as
//! the `postgres` user, in a folder that user owns.

use super::db::ScratchDir;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct PrivateCluster {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    _dir: ScratchDir,
}

impl PrivateCluster {
    /// Creates and starts a cluster; `None` (with a note) where Postgres's programs are missing outside CI.
    pub fn start() -> Option<PrivateCluster> {
        let Some(bin) = bindir() else {
            assert!(
                !std::env::var("CI").is_ok_and(|v| v == "true"),
                "pg_config is needed in CI to start a private Postgres cluster"
            );
            eprintln!("skipped: no pg_config, the private-cluster test did not run");
            return None;
        };
        let dir = ScratchDir::new();
        let data = dir.0.join("data");
        let port = free_port();
        if is_root() {
            run(Command::new("chown").args(["-R", "postgres"]).arg(&dir.0));
        }
        let cluster = PrivateCluster {
            bin,
            data,
            port,
            _dir: dir,
        };
        cluster.pg(
            "initdb",
            &["-A", "trust", "-U", "postgres", "--no-sync", "-D"],
            true,
        );
        cluster.start_again();
        Some(cluster)
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server at once, as a crash or a restart by the host would.
    pub fn stop(&self) {
        self.pg("pg_ctl", &["-m", "immediate", "-w", "stop", "-D"], true);
    }

    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.data.display()
        );
        let log = self.data.join("server.log");
        let log = log.to_str().expect("a UTF-8 path");
        self.pg(
            "pg_ctl",
            &["-w", "-l", log, "-o", &options, "start", "-D"],
            true,
        );
    }

    /// Runs one of Postgres's programs with `args` and the data folder last.
    fn pg(&self, program: &str, args: &[&str], must: bool) {
        let path = self.bin.join(program);
        let mut command = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        };
        command.args(args).arg(&self.data);
        let ok = command
            .stdout(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok || !must, "{program} {args:?} failed");
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        self.pg("pg_ctl", &["-m", "immediate", "-w", "stop", "-D"], false);
    }
}

fn bindir() -> Option<PathBuf> {
    let out = Command::new("pg_config").arg("--bindir").output().ok()?;
    let dir = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    Path::new(&dir).join("initdb").exists().then_some(dir)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn run(command: &mut Command) {
    assert!(command.status().is_ok_and(|s| s.success()), "{command:?}");
}
