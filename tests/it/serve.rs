//! `tarjuman serve` as a user runs it: its own PostgreSQL under the data dir, or `DATABASE_URL`.

use std::net::TcpListener;
use std::process::Stdio;
use std::time::{Duration, Instant};

use sqlx::{Connection, PgConnection};

use crate::support::db::TestDb;
use crate::support::http::{get_over_tcp, send_over_tcp};
use crate::support::process::{postmaster_running, send_signal, tarjuman, DataDir, Server};

fn serve_in(data: &DataDir) -> Server {
    let mut command = tarjuman();
    command.args(["serve", "--addr", "127.0.0.1:0", "--data-dir"]).arg(&data.0);
    Server::start(command)
}

fn assert_healthy(server: &Server) {
    let (status, body) = get_over_tcp(&server.url, "/healthz").unwrap();
    assert_eq!((status, body.as_str()), (200, r#"{"status":"ok","database":"ok"}"#));
}

async fn private_connection(data: &DataDir) -> PgConnection {
    let cluster = tarjuman::db::cluster::Cluster::at(data.cluster_dir()).unwrap();
    PgConnection::connect_with(&cluster.connect_options("tarjuman")).await.unwrap()
}

#[tokio::test]
async fn private_cluster_survives_restarts_and_stops_with_the_server() {
    let data = DataDir::new("serve");
    let server = serve_in(&data);
    assert!(
        server.banner.iter().any(|l| l.contains("private PostgreSQL") && l.contains("pg")),
        "{:?}",
        server.banner
    );
    assert_healthy(&server);
    let mut conn = private_connection(&data).await;
    sqlx::raw_sql("CREATE TABLE marker (word text); INSERT INTO marker VALUES ('kept')")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    assert!(server.signal_and_wait("INT").success(), "Ctrl-C is a clean exit");
    assert!(!postmaster_running(&data.cluster_dir()), "Ctrl-C leaves no postgres running");

    let server = serve_in(&data);
    assert_healthy(&server);
    let mut conn = private_connection(&data).await;
    let word: String = sqlx::query_scalar("SELECT word FROM marker").fetch_one(&mut conn).await.unwrap();
    assert_eq!(word, "kept", "the second start reuses the data");
    conn.close().await.unwrap();
    assert!(server.signal_and_wait("TERM").success());
    assert!(!postmaster_running(&data.cluster_dir()), "SIGTERM leaves no postgres running");
}

#[tokio::test]
async fn restarts_after_the_server_and_its_postmaster_are_killed() {
    let data = DataDir::new("kill9");
    let server = serve_in(&data);
    let mut conn = private_connection(&data).await;
    sqlx::raw_sql("CREATE TABLE marker (word text); INSERT INTO marker VALUES ('kept')")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let postmaster = std::fs::read_to_string(data.cluster_dir().join("postmaster.pid")).unwrap();
    let postmaster: u32 = postmaster.lines().next().unwrap().parse().unwrap();

    server.signal_and_wait("KILL");
    send_signal(postmaster, "KILL");

    let server = serve_in(&data);
    assert_healthy(&server);
    let mut conn = private_connection(&data).await;
    let word: String = sqlx::query_scalar("SELECT word FROM marker").fetch_one(&mut conn).await.unwrap();
    assert_eq!(word, "kept");
    conn.close().await.unwrap();
    assert!(server.signal_and_wait("INT").success());
    assert!(!postmaster_running(&data.cluster_dir()));
}

#[tokio::test]
async fn a_server_killed_alone_leaves_a_cluster_the_next_one_adopts_and_stops() {
    let data = DataDir::new("adopt");
    serve_in(&data).signal_and_wait("KILL");
    assert!(postmaster_running(&data.cluster_dir()), "the orphaned cluster keeps running");

    let server = serve_in(&data);
    assert!(server.banner.iter().any(|l| l.contains("already running")), "{:?}", server.banner);
    assert_healthy(&server);
    assert!(server.signal_and_wait("INT").success());
    assert!(!postmaster_running(&data.cluster_dir()), "the adopting server stops it");
}

#[test]
fn a_second_server_on_a_data_dir_in_use_is_refused() {
    let data = DataDir::new("twice");
    let first = serve_in(&data);
    let mut second = tarjuman()
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(&data.0)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // It waits a while for the first to stop (a restart), then gives up.
    let deadline = Instant::now() + Duration::from_secs(60);
    while second.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            second.kill().unwrap();
            panic!("a second server is serving a data dir in use");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let output = second.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("serves this data dir"), "{stderr}");
    assert_healthy(&first);
}

#[tokio::test]
async fn a_quick_restart_serves_and_stops_its_own_cluster() {
    let data = DataDir::new("restart");
    let first = serve_in(&data);
    first.signal("INT");
    let second = serve_in(&data);
    // Once the first has stopped (and, had they shared it, stopped the cluster), the second still serves.
    drop(first);
    assert_healthy(&second);
    assert!(second.signal_and_wait("INT").success());
    assert!(!postmaster_running(&data.cluster_dir()), "the second server stopped its own cluster");
}

#[test]
fn a_port_in_use_fails_with_a_clear_message() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let data = DataDir::new("port");
    let output = tarjuman().args(["serve", "--addr", &addr, "--data-dir"]).arg(&data.0).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("cannot listen on {addr}")) && stderr.contains("--addr"), "{stderr}");
    assert!(!data.cluster_dir().exists(), "no cluster is created for a server that cannot listen");
}

#[test]
fn missing_postgresql_is_one_clear_line() {
    let data = DataDir::new("nopg");
    let output = tarjuman()
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(&data.0)
        .env(tarjuman::db::binaries::BINDIR_VARIABLE, &data.0)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("install PostgreSQL 14+") && stderr.contains("DATABASE_URL"), "{stderr}");
}

#[tokio::test]
async fn two_servers_share_one_database_url() {
    let db = TestDb::new().await;
    let start = || {
        let mut command = tarjuman();
        command.args(["serve", "--addr", "127.0.0.1:0"]).env("DATABASE_URL", db.url());
        Server::start(command)
    };
    let (first, second) = (start(), start());
    assert_healthy(&first);
    assert_healthy(&second);
    assert!(first.banner.iter().any(|l| l.starts_with("data: PostgreSQL at")), "{:?}", first.banner);
    assert!(first.signal_and_wait("INT").success());
    assert_healthy(&second);
}

#[tokio::test]
async fn migrate_uses_the_running_private_cluster_and_leaves_it_running() {
    let data = DataDir::new("migrate");
    let server = serve_in(&data);
    let output = tarjuman().arg("migrate").arg("--data-dir").arg(&data.0).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_healthy(&server);
    assert!(server.signal_and_wait("INT").success());
    assert!(!postmaster_running(&data.cluster_dir()));
}

#[test]
fn migrate_alone_starts_and_stops_the_private_cluster() {
    let data = DataDir::new("migrate-alone");
    let output = tarjuman().arg("migrate").arg("--data-dir").arg(&data.0).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(data.cluster_dir().join("PG_VERSION").exists());
    assert!(!postmaster_running(&data.cluster_dir()));
}

#[tokio::test]
async fn a_data_dir_the_postgres_user_cannot_reach_gets_a_linked_cluster() {
    use std::os::unix::fs::PermissionsExt;
    // A clone in a `mktemp -d` directory (mode 0700) run as root: postgres cannot traverse into it.
    let private = DataDir::new("private");
    std::fs::set_permissions(&private.0, std::fs::Permissions::from_mode(0o700)).unwrap();
    let data = DataDir(private.0.join("data"));
    let server = serve_in(&data);
    assert_healthy(&server);
    let running_as_root =
        std::fs::metadata("/proc/self").is_ok_and(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0);
    if running_as_root {
        let target =
            std::fs::read_link(data.cluster_dir()).expect("<data-dir>/pg links to the relocated cluster");
        assert!(target.starts_with("/var/lib/tarjuman/clusters"), "{}", target.display());
    }
    assert!(server.signal_and_wait("INT").success());
    assert!(!postmaster_running(&data.cluster_dir()));

    let server = serve_in(&data);
    assert!(server.banner.iter().any(|l| l.contains("(started)")), "{:?}", server.banner);
    assert_healthy(&server);
    assert!(server.signal_and_wait("INT").success());
}

#[tokio::test]
async fn first_start_prints_the_admin_password_once_and_a_restart_loses_nothing() {
    let db = TestDb::new().await;
    let start = || {
        let mut command = tarjuman();
        command
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("DATABASE_URL", db.url())
            .env("TARJUMAN_ARGON2_MEMORY_KIB", "8")
            .env("TARJUMAN_ARGON2_ITERATIONS", "1");
        Server::start(command)
    };
    let server = start();
    let password = server
        .banner
        .iter()
        .find_map(|l| l.strip_prefix("first start: created user admin with password "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no password line in {:?}", server.banner))
        .to_owned();
    let (_, hash) = tarjuman::store::users::for_sign_in(&db.pool, "admin").await.unwrap().unwrap();
    assert!(crate::support::http::test_passwords().verify(&password, &hash));

    let (secret, stored) = tarjuman::auth::token::generate();
    let admin = tarjuman::store::users::by_name(&db.pool, "admin").await.unwrap();
    tarjuman::store::tokens::create(&db.pool, admin.id, "test", &stored).await.unwrap();
    let (status, list) = send_over_tcp(&server.url, "GET", "/api/v1/articles", Some(&secret), None).unwrap();
    assert_eq!(status, 200, "{list}");
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    let article = list[0]["id"].as_i64().expect("the sample article");
    let (_, body) =
        send_over_tcp(&server.url, "GET", &format!("/api/v1/articles/{article}"), Some(&secret), None)
            .unwrap();
    let segment =
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["segments"][0]["id"].as_i64().unwrap();
    let save = serde_json::json!({"target": "After Ukraine", "status": "translated", "base_revision": 0});
    let (status, saved) =
        send_over_tcp(&server.url, "PUT", &format!("/api/v1/segments/{segment}"), Some(&secret), Some(&save))
            .unwrap();
    assert_eq!(status, 200, "{saved}");
    assert!(server.signal_and_wait("KILL").code().is_none());

    let again = start();
    assert!(!again.banner.iter().any(|l| l.starts_with("first start")), "{:?}", again.banner);
    let (_, history) = send_over_tcp(
        &again.url,
        "GET",
        &format!("/api/v1/segments/{segment}/revisions"),
        Some(&secret),
        None,
    )
    .unwrap();
    assert!(history.contains("After Ukraine"), "{history}");
}
