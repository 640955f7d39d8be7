//! The database: where it is (`DATABASE_URL` or a private cluster under the data dir), the pool, migrations.

pub mod binaries;
pub mod cluster;

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::migrate::{MigrateError, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};

use crate::config::DatabaseSettings;
use cluster::{Cluster, Started};

/// Every migration in `migrations/`, compiled in.
pub static MIGRATOR: Migrator = sqlx::migrate!();

/// The database the private cluster keeps our data in.
const DATABASE_NAME: &str = "tarjuman";
/// Records which `serve` process started the private cluster, so that another one leaves it running.
const SERVE_PID_FILE: &str = "serve.pid";

/// What can go wrong running the private cluster.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// No usable PostgreSQL installation.
    #[error(
        "no PostgreSQL server programs (initdb, pg_ctl, postgres) of version 14 or newer were found: \
         install PostgreSQL 14+ (Debian: apt-get install postgresql) or set DATABASE_URL"
    )]
    NoBinaries,
    /// We are root and there is no `postgres` account to run the cluster as.
    #[error(
        "running as root, the cluster must run as the 'postgres' system user and it does not exist: \
         install PostgreSQL (Debian: apt-get install postgresql) or set DATABASE_URL"
    )]
    NoSystemUser,
    /// The `postgres` account cannot reach the data dir.
    #[error(
        "the '{user}' system user cannot write to {dir}: choose a --data-dir it can reach (not under /root)"
    )]
    Unreachable {
        /// The cluster directory.
        dir: PathBuf,
        /// The account.
        user: String,
    },
    /// The socket path would not fit the kernel's limit.
    #[error("the data dir path {0} is too long for a unix socket: choose a shorter --data-dir")]
    PathTooLong(PathBuf),
    /// A file operation failed.
    #[error("{path}: {source}")]
    Io {
        /// What we touched.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// A PostgreSQL program failed.
    #[error("{program} failed: {message}")]
    Command {
        /// `initdb` or `pg_ctl`.
        program: String,
        /// Its own words.
        message: String,
    },
}

impl ClusterError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io { path: path.to_path_buf(), source }
    }
}

/// What can go wrong opening the database.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The private cluster could not be run.
    #[error(transparent)]
    Cluster(#[from] ClusterError),
    /// `DATABASE_URL` is not a PostgreSQL URL.
    #[error("DATABASE_URL is not a valid PostgreSQL URL: {0}")]
    BadUrl(sqlx::Error),
    /// The server did not let us in.
    #[error("cannot connect to the database: {0}")]
    Connect(sqlx::Error),
    /// A migration failed; the database is as the last good migration left it.
    #[error("migrating the database failed: {0}")]
    Migrate(#[from] MigrateError),
    /// Another `serve` runs on the data dir and did not stop.
    #[error(
        "another tarjuman server (pid {0}) serves this data dir; stop it first (several instances share a \
         database through DATABASE_URL)"
    )]
    DataDirInUse(u32),
    /// A background task died.
    #[error("internal error: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// Who opens the database: a `serve` process owns a private cluster it started (or one a crashed `serve`
/// left running); a one-off command stops only a cluster it started itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opener {
    /// `tarjuman serve`.
    Server,
    /// Any other subcommand.
    Command,
}

/// An open, migrated database.
#[derive(Debug)]
pub struct Database {
    /// The connection pool.
    pub pool: PgPool,
    /// Where the data lives, for the start-up message.
    pub location: String,
    cluster: Option<OwnedCluster>,
}

#[derive(Debug)]
struct OwnedCluster {
    cluster: Cluster,
    serve_pid_file: Option<PathBuf>,
}

impl Database {
    /// Finds the database as the settings say, starts the private cluster if needed, and migrates.
    pub async fn open(settings: &DatabaseSettings, opener: Opener) -> Result<Self, DbError> {
        let database = match &settings.url {
            Some(url) => {
                let options: PgConnectOptions = url.expose().parse().map_err(DbError::BadUrl)?;
                let location = format!("PostgreSQL at {}", describe(&options));
                Self { pool: pool(options, settings.max_connections).await?, location, cluster: None }
            }
            None => Self::open_private(&settings.data_dir, settings.max_connections, opener).await?,
        };
        if let Err(e) = migrate(&database.pool).await {
            database.close().await;
            return Err(e);
        }
        Ok(database)
    }

    async fn open_private(data_dir: &Path, max_connections: u32, opener: Opener) -> Result<Self, DbError> {
        let serve_pid_file = data_dir.join(SERVE_PID_FILE);
        if opener == Opener::Server {
            one_server_per_data_dir(&serve_pid_file).await?;
        }
        let located_in = data_dir.to_path_buf();
        let cluster = tokio::task::spawn_blocking(move || -> Result<_, ClusterError> {
            let cluster = Cluster::at(cluster::locate(&located_in)?)?;
            if cluster.init(false)? {
                tracing::info!(dir = %cluster.dir().display(), "created a private PostgreSQL cluster");
            }
            let started = cluster.start()?;
            Ok((cluster, started))
        })
        .await??;
        let (cluster, started) = cluster;
        let owned = match (started, opener) {
            (Started::Now, Opener::Server) | (Started::AlreadyRunning, Opener::Server)
                if other_server(&serve_pid_file).is_none() =>
            {
                let _ = std::fs::write(&serve_pid_file, std::process::id().to_string());
                Some(OwnedCluster { cluster: cluster.clone(), serve_pid_file: Some(serve_pid_file) })
            }
            (Started::Now, _) => Some(OwnedCluster { cluster: cluster.clone(), serve_pid_file: None }),
            _ => None,
        };
        let location = format!(
            "private PostgreSQL {} cluster in {} ({})",
            cluster.binaries().major,
            cluster.dir().display(),
            if started == Started::Now { "started" } else { "already running" }
        );
        let result = async {
            create_database_if_missing(cluster.connect_options("postgres"), DATABASE_NAME).await?;
            pool(cluster.connect_options(DATABASE_NAME), max_connections).await
        }
        .await;
        match result {
            Ok(pool) => Ok(Self { pool, location, cluster: owned }),
            Err(e) => {
                if let Some(owned) = owned {
                    owned.release().await;
                }
                Err(e)
            }
        }
    }

    /// Closes the pool and stops the private cluster if this process is the one to stop it.
    pub async fn close(self) {
        self.pool.close().await;
        if let Some(owned) = self.cluster {
            owned.release().await;
        }
    }
}

impl OwnedCluster {
    async fn release(self) {
        let stopped = tokio::task::spawn_blocking(move || {
            let result = self.cluster.stop();
            if let Some(file) = self.serve_pid_file {
                let _ = std::fs::remove_file(file);
            }
            result
        })
        .await;
        match stopped {
            Ok(Ok(())) => tracing::info!("stopped the private PostgreSQL cluster"),
            Ok(Err(e)) => tracing::error!(error = %e, "stopping the private PostgreSQL cluster failed"),
            Err(e) => tracing::error!(error = %e, "stopping the private PostgreSQL cluster failed"),
        }
    }
}

/// Applies our migrations (the session table among them), under sqlx's advisory lock, so instances starting
/// together do not race.
pub async fn migrate(pool: &PgPool) -> Result<(), DbError> {
    Ok(MIGRATOR.run(pool).await?)
}

/// A pool whose first connection is made now, so that a wrong URL fails at start, not at first request.
pub async fn pool(options: PgConnectOptions, max_connections: u32) -> Result<PgPool, DbError> {
    // JIT compilation pays off for long analytic queries; ours are short, and the planner's cost guesses
    // for a big memory would make it spend tens of milliseconds compiling a lookup that takes a few.
    let options = options.log_statements(tracing::log::LevelFilter::Trace).options([("jit", "off")]);
    PgPoolOptions::new()
        .max_connections(max_connections)
        // No ping before every use (a round trip per request): a connection that broke fails its query,
        // the request answers with an error, and the pool drops the connection.
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(DbError::Connect)
}

/// Creates `name` unless it exists; a concurrent creator winning the race is fine.
pub async fn create_database_if_missing(admin: PgConnectOptions, name: &str) -> Result<(), DbError> {
    let mut conn = PgConnection::connect_with(&admin).await.map_err(DbError::Connect)?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(name)
        .fetch_one(&mut conn)
        .await
        .map_err(DbError::Connect)?;
    if !exists {
        let created = sqlx::query(&format!("CREATE DATABASE {}", quote_ident(name))).execute(&mut conn).await;
        match created {
            Ok(_) => {}
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {}
            Err(e) => return Err(DbError::Connect(e)),
        }
    }
    conn.close().await.map_err(DbError::Connect)
}

/// Quotes an SQL identifier (database names cannot be bind parameters).
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The pid of another live `serve` that owns the data dir's cluster.
fn other_server(pid_file: &Path) -> Option<u32> {
    let pid = std::fs::read_to_string(pid_file).ok()?.trim().parse::<u32>().ok()?;
    (pid != std::process::id() && cluster::is_live_process(pid, &["tarjuman"])).then_some(pid)
}

/// How long a new server waits for the previous one to finish shutting down (a restart).
const PREVIOUS_SERVER_GRACE: Duration = Duration::from_secs(10);

/// Waits for another server of this data dir to exit. Sharing its cluster is not safe: it stops the
/// cluster when it exits, under the newcomer's feet (a quick restart would otherwise do exactly that).
async fn one_server_per_data_dir(pid_file: &Path) -> Result<(), DbError> {
    let deadline = std::time::Instant::now() + PREVIOUS_SERVER_GRACE;
    while let Some(pid) = other_server(pid_file) {
        if std::time::Instant::now() >= deadline {
            return Err(DbError::DataDirInUse(pid));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// Host, port and database of a URL, never its password.
fn describe(options: &PgConnectOptions) -> String {
    format!(
        "{}:{}/{}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or(options.get_username())
    )
}
