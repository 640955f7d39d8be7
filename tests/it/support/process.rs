//! The `tarjuman` binary as a child process, the way a user runs it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use tarjuman::db::cluster::Cluster;

/// A `tarjuman` command with a clean environment: no `DATABASE_URL` unless the test sets one.
pub fn tarjuman() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tarjuman"));
    command.env_remove("DATABASE_URL").env_remove("TARJUMAN_ADDR").env_remove("TARJUMAN_DATA_DIR");
    command.env("RUST_LOG", "warn");
    command
}

/// A running `tarjuman serve`, killed if the test fails before it stops it.
pub struct Server {
    child: Option<Child>,
    /// `http://127.0.0.1:PORT/`, as the server printed it.
    pub url: String,
    /// Everything it printed to stdout up to the URL.
    pub banner: Vec<String>,
}

impl Server {
    /// Starts `command` (a `serve` on port 0) and waits until it prints the URL it serves.
    pub fn start(command: Command) -> Self {
        Self::start_logging_to(command, Stdio::inherit())
    }

    /// [`Self::start`], its log (stderr) going to `log`.
    pub fn start_logging_to(mut command: Command, log: impl Into<Stdio>) -> Self {
        let mut child = command.stdout(Stdio::piped()).stderr(log).spawn().expect("spawn tarjuman");
        let stdout = child.stdout.take().unwrap();
        let (lines_tx, lines_rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines_tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut banner = Vec::new();
        let mut server = Self { child: Some(child), url: String::new(), banner: Vec::new() };
        while server.url.is_empty() {
            let line = lines_rx.recv_timeout(Duration::from_secs(120)).unwrap_or_else(|_| {
                panic!("tarjuman did not print its URL; it printed {banner:?}");
            });
            if let Some(url) = line.strip_prefix("tarjuman serves ") {
                server.url = url.to_owned();
            }
            banner.push(line);
        }
        server.banner = banner;
        // The data line follows the URL line.
        if let Ok(line) = lines_rx.recv_timeout(Duration::from_secs(5)) {
            server.banner.push(line);
        }
        server
    }

    /// Sends `signal` without waiting for the process to end (dropping the server waits).
    pub fn signal(&self, signal: &str) {
        send_signal(self.child.as_ref().expect("running").id(), signal);
    }

    /// Sends `signal` (e.g. "INT", "KILL") and waits for the process to end.
    pub fn signal_and_wait(mut self, signal: &str) -> ExitStatus {
        let mut child = self.child.take().unwrap();
        send_signal(child.id(), signal);
        child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            send_signal(child.id(), "INT");
            let _ = child.wait();
        }
    }
}

/// Sends a signal by name with kill(1).
pub fn send_signal(pid: u32, signal: &str) {
    let status = Command::new("kill").arg(format!("-{signal}")).arg(pid.to_string()).status().unwrap();
    assert!(status.success(), "kill -{signal} {pid} failed");
}

/// Whether a postmaster serves the cluster in `dir`, according to PostgreSQL's own lock file and the kernel.
pub fn postmaster_running(dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join("postmaster.pid")) else { return false };
    let pid = text.lines().next().unwrap_or_default().trim();
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| !stat.contains(") Z "))
}

/// A data dir under the system temp dir; dropping it (also when a test panics) stops any cluster
/// still running in it and deletes it.
pub struct DataDir(pub PathBuf);

impl DataDir {
    /// A fresh, empty data dir.
    pub fn new(label: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("tarjuman-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    /// The cluster directory inside it.
    pub fn cluster_dir(&self) -> PathBuf {
        self.0.join("pg")
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        if let Ok(cluster) = Cluster::at(self.cluster_dir()) {
            let _ = cluster.stop();
        }
        if let Ok(relocated) = std::fs::read_link(self.cluster_dir()) {
            let _ = std::fs::remove_dir_all(relocated);
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
