//! Finding the PostgreSQL server programs installed on this machine.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::ClusterError;

/// The oldest major version whose `initdb` knows every option we pass (`--no-instructions`).
const MINIMUM_MAJOR: u32 = 14;
/// Names the one directory to take the programs from, for machines with several installations.
pub const BINDIR_VARIABLE: &str = "TARJUMAN_PG_BINDIR";

/// A directory holding `initdb`, `pg_ctl` and `postgres` of one PostgreSQL version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgBinaries {
    /// Where the programs are.
    pub bindir: PathBuf,
    /// Major version, e.g. 15.
    pub major: u32,
}

impl PgBinaries {
    /// The path of one program of this installation.
    pub fn program(&self, name: &str) -> PathBuf {
        self.bindir.join(name)
    }

    /// Uses `TARJUMAN_PG_BINDIR` when set; otherwise looks in `PATH`, in `pg_config --bindir` and in
    /// Debian's `/usr/lib/postgresql/*/bin`, and the newest version wins.
    pub fn find() -> Result<Self, ClusterError> {
        let dirs = match std::env::var_os(BINDIR_VARIABLE) {
            Some(dir) => vec![PathBuf::from(dir)],
            None => candidate_dirs(),
        };
        dirs.into_iter()
            .filter_map(|dir| Self::probe(&dir))
            .filter(|found| found.major >= MINIMUM_MAJOR)
            .max_by_key(|found| found.major)
            .ok_or(ClusterError::NoBinaries)
    }

    fn probe(dir: &Path) -> Option<Self> {
        let complete = ["initdb", "pg_ctl", "postgres"].iter().all(|name| dir.join(name).is_file());
        if !complete {
            return None;
        }
        let output = Command::new(dir.join("postgres")).arg("--version").output().ok()?;
        let major = parse_major(&String::from_utf8_lossy(&output.stdout))?;
        let bindir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        Some(Self { bindir, major })
    }
}

fn candidate_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        std::env::var_os("PATH").map(|path| std::env::split_paths(&path).collect()).unwrap_or_default();
    if let Ok(output) = Command::new("pg_config").arg("--bindir").output() {
        if output.status.success() {
            dirs.push(PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()));
        }
    }
    if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
        dirs.extend(entries.flatten().map(|entry| entry.path().join("bin")));
    }
    dirs
}

/// Reads the major version out of `postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`.
fn parse_major(version_line: &str) -> Option<u32> {
    let number =
        version_line.split_whitespace().find(|word| word.starts_with(|c: char| c.is_ascii_digit()))?;
    number.split(['.', 'b', 'r']).next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_version_from_version_lines() {
        for (line, expected) in [
            ("postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", Some(15)),
            ("postgres (PostgreSQL) 17beta2", Some(17)),
            ("postgres (PostgreSQL) 9.6.24", Some(9)),
            ("garbage", None),
        ] {
            assert_eq!(parse_major(line), expected, "{line}");
        }
    }
}
