//! First start: the admin, the shipped glossaries, the sample, once.

use tarjuman::app::setup::{first_start, shipped_glossary_files, Options};
use tarjuman::store::{articles, glossaries};

use crate::support::db::TestDb;
use crate::support::http::test_passwords;

fn options(sample: bool) -> Options {
    Options { admin_password: None, sample }
}

#[tokio::test]
async fn an_empty_database_gets_an_admin_the_glossaries_and_the_sample_once() {
    let db = TestDb::new().await;
    let created =
        first_start(&db.pool, &test_passwords(), options(true)).await.unwrap().expect("first start");
    let password = created.generated_password.expect("a generated password");
    assert!(password.len() >= 16);
    let (user, hash) = tarjuman::store::users::for_sign_in(&db.pool, "admin").await.unwrap().unwrap();
    assert_eq!(user.role.as_str(), "admin");
    assert!(test_passwords().verify(&password, &hash));

    let article = created.sample_article.expect("the sample");
    assert_eq!(articles::segments(&db.pool, article).await.unwrap().len(), 24);
    let listed = glossaries::list(&db.pool).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].entries > 20);

    assert_eq!(first_start(&db.pool, &test_passwords(), options(true)).await.unwrap(), None, "only once");
    assert_eq!(glossaries::list(&db.pool).await.unwrap().len(), 1, "glossaries load by name, once");
    assert_eq!(articles::list(&db.pool, false).await.unwrap().len(), 1);
}

#[tokio::test]
async fn two_instances_starting_together_create_one_admin() {
    let db = TestDb::new().await;
    let passwords = test_passwords();
    let (a, b) = tokio::join!(
        first_start(&db.pool, &passwords, options(false)),
        first_start(&db.pool, &passwords, options(false)),
    );
    assert_eq!([a.unwrap().is_some(), b.unwrap().is_some()].iter().filter(|c| **c).count(), 1);
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&db.pool).await.unwrap();
    assert_eq!(users, 1);
    assert!(articles::list(&db.pool, false).await.unwrap().is_empty(), "--no-sample");
}

#[tokio::test]
async fn a_given_admin_password_is_used_and_not_echoed() {
    let db = TestDb::new().await;
    let given = Options { admin_password: Some("correct horse battery".into()), sample: false };
    let created = first_start(&db.pool, &test_passwords(), given).await.unwrap().unwrap();
    assert_eq!(created.generated_password, None);
    let (_, hash) = tarjuman::store::users::for_sign_in(&db.pool, "ADMIN").await.unwrap().unwrap();
    assert!(test_passwords().verify("correct horse battery", &hash));
}

#[test]
fn every_file_in_glossaries_ships() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("glossaries");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tbx"))
        .collect();
    on_disk.sort();
    let mut shipped = shipped_glossary_files();
    shipped.sort();
    assert_eq!(shipped, on_disk, "add the new file to setup::GLOSSARIES");
}
