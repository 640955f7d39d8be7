//! `tarjuman user add` and `tarjuman token create|revoke`.

use std::io::{BufRead, IsTerminal};

use clap::{Args, Subcommand};

use super::{passwords, Failure};
use crate::auth::{password, token};
use crate::config::{DatabaseSettings, PasswordSettings};
use crate::db::{Database, Opener};
use crate::domain::{Role, Username};
use crate::store::tokens;
use crate::store::users::{self, NewUser};

/// User accounts.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user. The password is the first line of standard input when something is piped in,
    /// otherwise generated and printed once.
    Add(AddUser),
}

#[derive(Debug, Args)]
pub struct AddUser {
    /// Sign-in name.
    name: String,
    /// admin, terminologist, translator or reviewer.
    #[arg(long)]
    role: Role,
    /// Name shown to others (default: the sign-in name).
    #[arg(long, default_value = "")]
    display_name: String,
    #[command(flatten)]
    passwords: PasswordSettings,
    #[command(flatten)]
    database: DatabaseSettings,
}

/// API tokens.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for a user and print it once (only its hash is kept).
    Create(CreateToken),
    /// Revoke a token by id.
    Revoke(RevokeToken),
}

#[derive(Debug, Args)]
pub struct CreateToken {
    /// Whose token.
    username: String,
    /// What the token is for, e.g. the script using it.
    #[arg(long, default_value = "cli")]
    name: String,
    #[command(flatten)]
    database: DatabaseSettings,
}

#[derive(Debug, Args)]
pub struct RevokeToken {
    /// The token's id, as `token create` printed it.
    id: i64,
    #[command(flatten)]
    database: DatabaseSettings,
}

impl UserCommand {
    pub(super) async fn run(self) -> Result<(), Failure> {
        let Self::Add(args) = self;
        let username = Username::parse(&args.name).map_err(|e| Failure::Input(e.to_string()))?;
        let hasher = passwords(&args.passwords)?;
        let piped = read_piped_password()?;
        let secret = piped.clone().unwrap_or_else(password::generate);
        let hash = hash_off_runtime(hasher, secret.clone()).await?;
        let database = Database::open(&args.database, Opener::Command).await?;
        let new = NewUser {
            username: &username,
            display_name: &args.display_name,
            password_hash: &hash,
            role: args.role,
        };
        let created = users::create(&database.pool, new).await;
        database.close().await;
        let user = created?;
        println!("created {} {} (id {})", user.role, user.username, user.id);
        if piped.is_none() {
            println!("password: {secret}");
        }
        Ok(())
    }
}

impl TokenCommand {
    pub(super) async fn run(self) -> Result<(), Failure> {
        match self {
            Self::Create(args) => {
                let database = Database::open(&args.database, Opener::Command).await?;
                let created = async {
                    let user = users::by_name(&database.pool, &args.username).await?;
                    let (secret, hash) = token::generate();
                    let id = tokens::create(&database.pool, user.id, &args.name, &hash).await?;
                    Ok::<_, Failure>((user, id, secret))
                }
                .await;
                database.close().await;
                let (user, id, secret) = created?;
                println!("token {id} for {} (shown once; keep it secret):", user.username);
                println!("{secret}");
                Ok(())
            }
            Self::Revoke(args) => {
                let database = Database::open(&args.database, Opener::Command).await?;
                let revoked = tokens::revoke(&database.pool, args.id).await;
                database.close().await;
                revoked?;
                println!("token {} revoked", args.id);
                Ok(())
            }
        }
    }
}

/// The first line of standard input when it is not a terminal (a pipe or a file), without its newline;
/// `None` for a terminal or an empty input (`< /dev/null`), which ask for a generated password.
fn read_piped_password() -> Result<Option<String>, Failure> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok(None);
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::Input(format!("cannot read the password from standard input: {e}")))?;
    let line = line.trim_end_matches(['\r', '\n']).to_owned();
    Ok(Some(line).filter(|l| !l.is_empty()))
}

/// argon2 takes tens of milliseconds of CPU on purpose: off the async runtime.
pub(super) async fn hash_off_runtime(
    hasher: crate::auth::password::Passwords,
    secret: String,
) -> Result<String, Failure> {
    tokio::task::spawn_blocking(move || hasher.hash(&secret)).await.map_err(Failure::from)
}
