//! Settings shared by the subcommands, from flags and the environment (clap reads both).

use std::fmt;
use std::path::PathBuf;

/// A value that must never reach a log line, such as a URL with a password in it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The value, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// Where the database is.
#[derive(Debug, Clone, clap::Args)]
pub struct DatabaseSettings {
    /// PostgreSQL URL; without it tarjuman runs its own cluster under the data dir.
    #[arg(long = "database-url", env = "DATABASE_URL", value_parser = parse_secret, hide_env_values = true)]
    pub url: Option<Secret>,
    /// Where tarjuman keeps its own PostgreSQL cluster when DATABASE_URL is not set.
    #[arg(long, env = "TARJUMAN_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// The most database connections this process opens.
    #[arg(long, env = "TARJUMAN_DB_MAX_CONNECTIONS", default_value_t = 20)]
    pub max_connections: u32,
}

fn parse_secret(raw: &str) -> Result<Secret, String> {
    Ok(Secret(raw.to_owned()))
}

/// How the server treats requests.
#[derive(Debug, Clone, clap::Args)]
pub struct ServerSettings {
    /// The largest request body accepted, in bytes (larger ones get 413).
    #[arg(long, env = "TARJUMAN_MAX_BODY_BYTES", default_value_t = 20 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Mark the session cookie Secure (browsers then send it over HTTPS only): set it when tarjuman is
    /// served through HTTPS, e.g. behind a TLS-terminating proxy.
    #[arg(long, env = "TARJUMAN_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    #[command(flatten)]
    pub passwords: PasswordSettings,
}

/// The cost of password hashes. The defaults are OWASP's recommendation for argon2id; lower them only for
/// tests, where hashing dominates the run time of a debug build.
#[derive(Debug, Clone, clap::Args)]
pub struct PasswordSettings {
    /// argon2 memory cost in KiB.
    #[arg(long, env = "TARJUMAN_ARGON2_MEMORY_KIB", default_value_t = 19 * 1024, hide = true)]
    pub argon2_memory_kib: u32,
    /// argon2 passes.
    #[arg(long, env = "TARJUMAN_ARGON2_ITERATIONS", default_value_t = 2, hide = true)]
    pub argon2_iterations: u32,
}
