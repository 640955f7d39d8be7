//! The account and import commands, run as a user runs them, against a test database.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use axum::http::StatusCode;
use serde_json::json;

use crate::support::db::TestDb;
use crate::support::http::{authed, send};
use crate::support::process::tarjuman;

fn on(db: &TestDb, args: &[&str]) -> Command {
    let mut command = tarjuman();
    command
        .args(args)
        .env("DATABASE_URL", db.url())
        .env("TARJUMAN_ARGON2_MEMORY_KIB", "8")
        .env("TARJUMAN_ARGON2_ITERATIONS", "1");
    command
}

fn run_with_stdin(mut command: Command, stdin: &str) -> Output {
    let mut child =
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path).display().to_string()
}

#[tokio::test]
async fn user_add_token_create_and_import_work_together() {
    let db = TestDb::new().await;
    let added = run_with_stdin(on(&db, &["user", "add", "sara", "--role", "translator"]), "s3cret pass\n");
    assert!(stdout(&added).contains("created translator sara"));
    let (_, hash) = tarjuman::store::users::for_sign_in(&db.pool, "sara").await.unwrap().unwrap();
    assert!(
        crate::support::http::test_passwords().verify("s3cret pass", &hash),
        "the piped password is the password"
    );

    let token = stdout(&on(&db, &["token", "create", "sara", "--name", "script"]).output().unwrap());
    let token = token.lines().last().unwrap().trim().to_owned();
    assert!(token.starts_with("tj_"), "{token}");

    let glossary =
        stdout(&on(&db, &["glossary", "import", &repo("glossaries/seed-world.ar-en.tbx")]).output().unwrap());
    assert!(glossary.contains("seed-world"), "{glossary}");
    let imported = on(
        &db,
        &["import", &repo("samples/kazakhstan-csto.ar.txt"), "--title", "CSTO", "--source-lang", "ar"],
    )
    .args(["--target-lang", "en", "--glossary", "seed-world", "--as", "sara"])
    .output()
    .unwrap();
    assert!(stdout(&imported).contains("24 segments"));

    let (status, list) = send(&db.pool, authed("GET", "/api/v1/articles", &token, None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list[0]["title"], "CSTO");
    assert_eq!(list[0]["created_by"], "sara");
    let (status, article) =
        send(&db.pool, authed("GET", &format!("/api/v1/articles/{}", list[0]["id"]), &token, None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!article["segments"][1]["matches"].as_array().unwrap().is_empty());
    let body = json!({"target": "x", "status": "translated", "base_revision": 0});
    let uri = format!("/api/v1/segments/{}", article["segments"][0]["id"]);
    assert_eq!(send(&db.pool, authed("PUT", &uri, &token, Some(body))).await.0, StatusCode::OK);
}

#[tokio::test]
async fn without_piped_input_a_generated_password_is_printed_once() {
    let db = TestDb::new().await;
    let output =
        on(&db, &["user", "add", "omar", "--role", "reviewer"]).stdin(Stdio::null()).output().unwrap();
    let printed = stdout(&output);
    let password =
        printed.lines().find_map(|l| l.strip_prefix("password: ")).expect("the password line").to_owned();
    let (_, hash) = tarjuman::store::users::for_sign_in(&db.pool, "omar").await.unwrap().unwrap();
    assert!(crate::support::http::test_passwords().verify(&password, &hash));
    let piped = run_with_stdin(on(&db, &["user", "add", "lina", "--role", "reviewer"]), "given\n");
    assert!(!stdout(&piped).contains("password"), "a piped password is not echoed");
}

#[tokio::test]
async fn mistakes_are_one_line_and_exit_2() {
    let db = TestDb::new().await;
    run_with_stdin(on(&db, &["user", "add", "admin", "--role", "admin"]), "pw\n");
    let dir = std::env::temp_dir().join(format!("tarjuman-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "\n \n").unwrap();
    let empty = empty.display().to_string();
    for (args, expected) in [
        (vec!["user", "add", "x y", "--role", "translator"], "not a valid user name"),
        (vec!["token", "create", "nobody"], "user not found"),
        (
            vec!["import", "/no/such/file.txt", "--title", "t", "--source-lang", "ar", "--target-lang", "en"],
            "/no/such/file.txt",
        ),
        (
            vec!["import", &empty, "--title", "t", "--source-lang", "ar", "--target-lang", "en"],
            "the text is empty",
        ),
        (
            vec!["import", &empty, "--title", " ", "--source-lang", "ar", "--target-lang", "en"],
            "needs a title",
        ),
    ] {
        let output = run_with_stdin(on(&db, &args), "pw\n");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    let twice = run_with_stdin(on(&db, &["user", "add", "dup", "--role", "admin"]), "pw\n");
    assert!(twice.status.success());
    let again = run_with_stdin(on(&db, &["user", "add", "DUP", "--role", "admin"]), "pw\n");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(again.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn export_writes_the_file_and_import_reads_html_docx_and_xliff() {
    let db = TestDb::new().await;
    run_with_stdin(on(&db, &["user", "add", "admin", "--role", "admin"]), "pw\n");
    let dir = std::env::temp_dir().join(format!("tarjuman-cli-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("page.html");
    std::fs::write(&page, "<html><body><h1>العنوان</h1><p>الجملة الأولى. الجملة الثانية.</p></body></html>")
        .unwrap();
    let page = page.display().to_string();
    let imported =
        on(&db, &["import", &page, "--source-lang", "ar", "--target-lang", "en"]).output().unwrap();
    assert!(stdout(&imported).contains("(3 segments): page.html"), "{}", stdout(&imported));
    let id = stdout(&imported).split_whitespace().nth(2).unwrap().to_owned();

    let xliff = dir.join("out.xlf");
    let exported =
        on(&db, &["export", &id, "--format", "xliff2", "-o", &xliff.display().to_string()]).output().unwrap();
    assert!(stdout(&exported).contains("3 segments"), "{}", stdout(&exported));
    let file = std::fs::read_to_string(&xliff).unwrap();
    assert!(file.contains("urn:oasis:names:tc:xliff:document:2.0") && file.contains("العنوان"), "{file}");

    // The exported XLIFF as a new article: the languages come from the file.
    let again = on(&db, &["import", &xliff.display().to_string(), "--title", "again"]).output().unwrap();
    assert!(stdout(&again).contains("(3 segments): again"), "{}", stdout(&again));

    for (args, expected) in [
        (vec!["export", &id, "--format", "pdf", "-o", "/tmp/x"], "unknown format \"pdf\""),
        (vec!["export", "999999", "-o", "/tmp/x"], "article not found"),
        (vec!["import", &page], "--source-lang"),
    ] {
        let output = on(&db, &args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn import_machine_translates_the_article_when_asked() {
    use tarjuman::mt::EngineKind;

    use crate::support::engines::{echo, LocalEngine};
    let db = TestDb::new().await;
    run_with_stdin(on(&db, &["user", "add", "admin", "--role", "admin"]), "pw\n");
    let seed = repo("samples/kazakhstan-csto.ar.txt");
    let args = [
        "import",
        &seed,
        "--title",
        "CSTO",
        "--source-lang",
        "ar",
        "--target-lang",
        "en",
        "--machine-translate",
    ];
    // Without an engine the option is refused before anything is stored.
    let refused = on(&db, &args).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("configure an engine"));
    let articles: i64 =
        sqlx::query_scalar("SELECT count(*) FROM articles").fetch_one(&db.pool).await.unwrap();
    assert_eq!(articles, 0);

    let libre = LocalEngine::start(EngineKind::LibreTranslate, "k", echo).await;
    let mut command = on(&db, &args);
    command.envs(libre.env());
    let output = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
    let printed = stdout(&output);
    assert!(
        printed.contains(
            "machine translation done: 0 from the memory, drafted by 24 libretranslate, 0 left empty"
        ),
        "{printed}"
    );
    let drafts: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM revisions r JOIN mt_drafts d ON d.revision_id = r.id
         WHERE r.origin = 'mt' AND d.engine = 'libretranslate'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(drafts, 24);
}
