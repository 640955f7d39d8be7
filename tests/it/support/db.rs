//! A fresh, migrated database for every test, on `DATABASE_URL` when it is set, otherwise on a throwaway
//! cluster this test process starts and a watchdog removes when the process ends.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};
use tarjuman::db::cluster::Cluster;
use tarjuman::db::{migrate, quote_ident};

/// The PostgreSQL server this test process uses and the migrated template every test database copies.
pub struct TestServer {
    /// A superuser connection to the server's maintenance database.
    pub admin: PgConnectOptions,
    template: String,
}

static SERVER: OnceLock<TestServer> = OnceLock::new();
static NEXT_DATABASE: AtomicUsize = AtomicUsize::new(0);

/// The server, started and templated on first use.
pub fn server() -> &'static TestServer {
    SERVER.get_or_init(|| {
        // The app's error log, shown with a failing test's output.
        let _ = tracing_subscriber::fmt().with_test_writer().with_env_filter("warn").try_init();
        // Each #[tokio::test] has its own runtime; a connection made in one would die with it, so the
        // one-off setup runs on a runtime of its own.
        std::thread::spawn(start_server).join().expect("test database setup panicked")
    })
}

fn start_server() -> TestServer {
    let pid = std::process::id();
    let admin = match std::env::var("DATABASE_URL") {
        Ok(url) => url.parse().expect("DATABASE_URL is not a PostgreSQL URL"),
        Err(_) => {
            let dir = std::env::temp_dir().join(format!("tarjuman-test-{pid}"));
            let _ = std::fs::remove_dir_all(&dir);
            let cluster = Cluster::at(&dir).expect("PostgreSQL binaries for the test cluster");
            cluster.init(true).expect("initdb of the test cluster");
            cluster.remove_when_process_exits(pid).expect("test cluster watchdog");
            cluster.start().expect("start of the test cluster");
            cluster.connect_options("postgres")
        }
    };
    let template = format!("tarjuman_tpl_{pid}");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let mut conn = PgConnection::connect_with(&admin).await.expect("connect to the test server");
        drop_leftovers(&mut conn).await;
        sqlx::query(&format!("CREATE DATABASE {}", quote_ident(&template))).execute(&mut conn).await.unwrap();
        conn.close().await.unwrap();
        let pool = PgPool::connect_with(admin.clone().database(&template)).await.unwrap();
        migrate(&pool).await.expect("migrations apply to an empty database");
        pool.close().await;
    });
    TestServer { admin, template }
}

/// Test databases of runs that ended (their process is gone) on a shared `DATABASE_URL` server.
async fn drop_leftovers(conn: &mut PgConnection) {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT datname FROM pg_database WHERE datname LIKE 'tarjuman\\_tpl\\_%' OR datname LIKE 'tarjuman\\_t\\_%'",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for name in names {
        let pid = name.trim_start_matches("tarjuman_tpl_").trim_start_matches("tarjuman_t_");
        let pid = pid.split('_').next().unwrap_or_default();
        if std::path::Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(&name)))
            .execute(&mut *conn)
            .await;
    }
}

/// A database of its own for one test.
pub struct TestDb {
    /// Connections to it.
    pub pool: PgPool,
    /// How to reach it, for a server process under test.
    pub options: PgConnectOptions,
}

impl TestDb {
    /// A new database, migrated, empty.
    pub async fn new() -> Self {
        let server = server();
        let name =
            format!("tarjuman_t_{}_{}", std::process::id(), NEXT_DATABASE.fetch_add(1, Ordering::Relaxed));
        let mut conn = PgConnection::connect_with(&server.admin).await.unwrap();
        sqlx::query(&format!(
            "CREATE DATABASE {} TEMPLATE {}",
            quote_ident(&name),
            quote_ident(&server.template)
        ))
        .execute(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
        let options = server.admin.clone().database(&name);
        let pool = PgPoolOptions::new().max_connections(5).connect_with(options.clone()).await.unwrap();
        Self { pool, options }
    }

    /// A `DATABASE_URL` for this database, for a `tarjuman` process under test.
    pub fn url(&self) -> String {
        let o = &self.options;
        let database = o.get_database().unwrap_or_default();
        match o.get_socket() {
            Some(socket) => {
                let host = socket.display().to_string().replace('/', "%2F");
                format!("postgres://{}@{host}/{database}", o.get_username())
            }
            None => match std::env::var("DATABASE_URL") {
                Ok(url) => replace_database(&url, database),
                Err(_) => {
                    format!("postgres://{}@{}:{}/{database}", o.get_username(), o.get_host(), o.get_port())
                }
            },
        }
    }
}

/// The server's own URL (it may carry a password) pointed at another database.
fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_end..].find('/').map_or(base.len(), |i| authority_end + i);
    let mut out = format!("{}/{database}", &base[..path_start]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}
