//! A private PostgreSQL cluster under the data dir, for machines where nobody set `DATABASE_URL`.
//!
//! The cluster listens on a unix socket inside its own directory only (no TCP port), trusts that socket
//! (the directory is mode 0700, so only its owner and root reach it), and runs as the `postgres` system
//! user when we are root, because `initdb` refuses root.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use sqlx::postgres::PgConnectOptions;

use super::binaries::PgBinaries;
use super::ClusterError;

/// The superuser every cluster we create has, whoever runs it.
const SUPERUSER: &str = "postgres";
/// The system account that runs the cluster when we are root.
const SYSTEM_USER: &str = "postgres";
/// The longest unix socket path the kernel accepts (`sun_path` is 108 bytes with its NUL).
const MAX_SOCKET_PATH: usize = 107;
/// How long a start may take, including crash recovery after a `kill -9`.
const START_TIMEOUT_SECS: &str = "120";

/// Settings that trade durability for speed; only for throwaway test clusters.
const THROWAWAY_SETTINGS: &str = "fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n";

/// Where clusters live whose data dir the `postgres` system user cannot reach.
const RELOCATED_CLUSTERS: &str = "/var/lib/tarjuman/clusters";

/// The cluster directory of a data dir: `<data-dir>/pg`.
///
/// When we are root and the `postgres` system user cannot reach the data dir (a clone under `/root`, or in a
/// `mktemp -d` directory, both mode 0700), the cluster is created under `/var/lib/tarjuman/clusters/` and
/// `<data-dir>/pg` is a symbolic link to it: the data dir still says where its data is, and no permission of
/// the user's own directories is loosened.
pub fn locate(data_dir: &Path) -> Result<PathBuf, ClusterError> {
    let data_dir = absolute(data_dir.to_path_buf())?;
    let link = data_dir.join("pg");
    if let Ok(target) = fs::read_link(&link) {
        return Ok(target);
    }
    if !running_as_root() || link.exists() {
        return Ok(link);
    }
    fs::create_dir_all(&data_dir).map_err(|e| ClusterError::io(&data_dir, e))?;
    if runs_as(SYSTEM_USER, "test", &["-x".as_ref(), data_dir.as_os_str()]) {
        return Ok(link);
    }
    let id = fs::read_to_string("/proc/sys/kernel/random/uuid").map_err(|e| ClusterError::io(&link, e))?;
    let target = Path::new(RELOCATED_CLUSTERS).join(id.trim().replace('-', ""));
    fs::create_dir_all(&target).map_err(|e| ClusterError::io(&target, e))?;
    std::os::unix::fs::symlink(&target, &link).map_err(|e| ClusterError::io(&link, e))?;
    tracing::info!(
        link = %link.display(),
        cluster = %target.display(),
        "the postgres user cannot reach the data dir: the cluster lives in {RELOCATED_CLUSTERS}, linked from it"
    );
    Ok(target)
}

/// A PostgreSQL cluster directory and the programs that run it.
#[derive(Debug, Clone)]
pub struct Cluster {
    dir: PathBuf,
    binaries: PgBinaries,
    run_as: Option<&'static str>,
}

/// Whether a start found the cluster already running (another process of ours is using it) or started it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    /// We started the postmaster.
    Now,
    /// A postmaster was already serving this directory.
    AlreadyRunning,
}

impl Cluster {
    /// A cluster at `dir` (created on [`Cluster::init`] if missing), run by the newest PostgreSQL found.
    pub fn at(dir: impl Into<PathBuf>) -> Result<Self, ClusterError> {
        let dir = absolute(dir.into())?;
        let socket = dir.join(".s.PGSQL.5432");
        if socket.as_os_str().len() > MAX_SOCKET_PATH {
            return Err(ClusterError::PathTooLong(dir));
        }
        let run_as = running_as_root().then_some(SYSTEM_USER);
        Ok(Self { dir, binaries: PgBinaries::find()?, run_as })
    }

    /// The cluster directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The PostgreSQL version running it.
    pub fn binaries(&self) -> &PgBinaries {
        &self.binaries
    }

    /// Creates the cluster unless it exists. `throwaway` clusters skip fsync: for tests only.
    pub fn init(&self, throwaway: bool) -> Result<bool, ClusterError> {
        if self.dir.join("PG_VERSION").exists() {
            return Ok(false);
        }
        fs::create_dir_all(&self.dir).map_err(|e| ClusterError::io(&self.dir, e))?;
        self.hand_to_system_user(&self.dir)?;
        let dir = self.dir.to_string_lossy();
        self.run(
            "initdb",
            &[
                "-D",
                &dir,
                "-U",
                SUPERUSER,
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--auth-local=trust",
                "--auth-host=reject",
                "--no-instructions",
            ],
        )?;
        let mut settings = format!(
            "\n# tarjuman: a private cluster on a unix socket in this directory, no TCP.\n\
             listen_addresses = ''\nunix_socket_directories = '{}'\nunix_socket_permissions = 0700\n",
            dir.replace('\'', "''")
        );
        if throwaway {
            settings.push_str(THROWAWAY_SETTINGS);
        }
        let conf = self.dir.join("postgresql.conf");
        let mut text = fs::read_to_string(&conf).map_err(|e| ClusterError::io(&conf, e))?;
        text.push_str(&settings);
        fs::write(&conf, text).map_err(|e| ClusterError::io(&conf, e))?;
        Ok(true)
    }

    /// Starts the postmaster unless one already serves this directory; clears a stale `postmaster.pid`
    /// left by a crash or `kill -9` first.
    pub fn start(&self) -> Result<Started, ClusterError> {
        if self.postmaster_pid().is_some() {
            return Ok(Started::AlreadyRunning);
        }
        let pid_file = self.dir.join("postmaster.pid");
        if pid_file.exists() {
            tracing::warn!(path = %pid_file.display(), "removing stale postmaster.pid left by a crash");
            fs::remove_file(&pid_file).map_err(|e| ClusterError::io(&pid_file, e))?;
        }
        let dir = self.dir.to_string_lossy();
        let log = self.dir.join("server.log");
        let log = log.to_string_lossy();
        // Backends of a postmaster killed with -9 hold its shared memory for a moment after it dies.
        let mut attempts = 0;
        loop {
            match self.run("pg_ctl", &["start", "-w", "-s", "-t", START_TIMEOUT_SECS, "-D", &dir, "-l", &log])
            {
                Ok(_) => return Ok(Started::Now),
                Err(_) if attempts < 10 && self.postmaster_pid().is_none() => {
                    attempts += 1;
                    std::thread::sleep(Duration::from_millis(500));
                }
                Err(e) => return Err(self.with_log_tail(e)),
            }
        }
    }

    /// Stops the postmaster, letting running transactions roll back (`-m fast`).
    pub fn stop(&self) -> Result<(), ClusterError> {
        if self.postmaster_pid().is_none() {
            return Ok(());
        }
        self.run("pg_ctl", &["stop", "-w", "-s", "-m", "fast", "-D", &self.dir.to_string_lossy()]).map(drop)
    }

    /// Connection options for `database` on this cluster's socket.
    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new().socket(&self.dir).username(SUPERUSER).database(database)
    }

    /// The pid of a live postmaster serving this directory, if any.
    ///
    /// `pg_ctl status` trusts any live process with the recorded pid; after a reboot or in a container the
    /// pid is often reused by something else, so we also ask the kernel what that process is.
    pub fn postmaster_pid(&self) -> Option<u32> {
        let text = fs::read_to_string(self.dir.join("postmaster.pid")).ok()?;
        let pid: u32 = text.lines().next()?.trim().parse().ok()?;
        is_live_process(pid, &["postgres", "postmaster"]).then_some(pid)
    }

    /// For throwaway clusters: stops the cluster and deletes its directory once process `pid` has exited,
    /// however it exits (a panic, a signal, an abort), so that test runs leave nothing behind.
    pub fn remove_when_process_exits(&self, pid: u32) -> std::io::Result<()> {
        let stop = format!(
            "{}{} stop -s -m immediate -D \"$1\"",
            self.run_as.map(|user| format!("runuser -u {user} -- ")).unwrap_or_default(),
            self.binaries.program("pg_ctl").display()
        );
        let script = format!("while kill -0 \"$0\" 2>/dev/null; do sleep 0.2; done; {stop}; rm -rf \"$1\"");
        Command::new("sh")
            .args(["-c", &script])
            .arg(pid.to_string())
            .arg(&self.dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0)
            .spawn()
            .map(drop)
    }

    fn hand_to_system_user(&self, path: &Path) -> Result<(), ClusterError> {
        let Some(user) = self.run_as else { return Ok(()) };
        let status = Command::new("chown")
            .arg(format!("{user}:"))
            .arg(path)
            .status()
            .map_err(|e| ClusterError::io(path, e))?;
        if !status.success() {
            return Err(ClusterError::NoSystemUser);
        }
        fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .map_err(|e| ClusterError::io(path, e))?;
        reachable_by_system_user(path, user)
    }

    /// Runs a PostgreSQL program, as the system user when we are root, in its own process group so that a
    /// Ctrl-C in our terminal reaches us (who then stop the cluster cleanly) and not the postmaster.
    fn run(&self, program: &str, args: &[&str]) -> Result<Output, ClusterError> {
        let binary = self.binaries.program(program);
        let mut command = match self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&binary);
                c
            }
            None => Command::new(&binary),
        };
        command.args(args).current_dir(&self.dir).process_group(0);
        let output = command.output().map_err(|e| ClusterError::io(&binary, e))?;
        if output.status.success() {
            return Ok(output);
        }
        let mut message = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        if message.is_empty() {
            message = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        }
        Err(ClusterError::Command { program: program.to_owned(), message })
    }

    fn with_log_tail(&self, error: ClusterError) -> ClusterError {
        let log = fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(5).collect();
        match error {
            ClusterError::Command { program, message } if !tail.is_empty() => ClusterError::Command {
                program,
                message: format!(
                    "{message}; server.log ends: {}",
                    tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
                ),
            },
            other => other,
        }
    }
}

fn absolute(path: PathBuf) -> Result<PathBuf, ClusterError> {
    if path.is_absolute() {
        return Ok(path);
    }
    let cwd = std::env::current_dir().map_err(|e| ClusterError::io(&path, e))?;
    Ok(cwd.join(path))
}

/// Whether `pid` runs one of `names`; a zombie (a killed process nobody reaped yet) does not count.
pub(crate) fn is_live_process(pid: u32, names: &[&str]) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else { return false };
    // The format is `pid (comm) state ...`, and comm itself may contain spaces and parentheses.
    let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else { return false };
    let state = stat[close + 1..].split_whitespace().next();
    names.contains(&&stat[open + 1..close]) && !matches!(state, Some("Z" | "X"))
}

fn running_as_root() -> bool {
    fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

/// The system user needs to traverse every parent of the cluster directory; `/root/...` is a common trap.
fn reachable_by_system_user(path: &Path, user: &str) -> Result<(), ClusterError> {
    if runs_as(user, "test", &["-w".as_ref(), path.as_os_str()]) {
        Ok(())
    } else {
        Err(ClusterError::Unreachable { dir: path.to_path_buf(), user: user.to_owned() })
    }
}

/// Whether `program args` succeeds when run as `user`.
fn runs_as(user: &str, program: &str, args: &[&std::ffi::OsStr]) -> bool {
    Command::new("runuser")
        .args(["-u", user, "--", program])
        .args(args)
        .status()
        .is_ok_and(|status| status.success())
}
