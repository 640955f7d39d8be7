//! The spelling check on saves: Hunspell's dictionary (Debian's hunspell-en-us and hunspell-en-gb), the
//! glossaries' names, the desk's and the article's word lists, US or UK spelling per article or glossary.

use axum::http::StatusCode;
use serde_json::{json, Value};
use tarjuman::app::setup::{first_start, Options};
use tarjuman::domain::Role;

use crate::support::api::{article, Client};
use crate::support::db::TestDb;
use crate::support::http::test_passwords;

const SOURCE: &str = "وردّ توكاييف أولًا بإقالة الحكومة.";

async fn setup() -> (TestDb, Client, i64, i64) {
    assert!(
        std::path::Path::new("/usr/share/hunspell/en_US.dic").is_file()
            && std::path::Path::new("/usr/share/hunspell/en_GB.dic").is_file(),
        "the spelling tests need Debian's dictionaries: apt-get install hunspell-en-us hunspell-en-gb \
         (scripts/test.sh installs them)"
    );
    let db = TestDb::new().await;
    first_start(&db.pool, &test_passwords(), Options { admin_password: Some("pw".into()), sample: false })
        .await
        .unwrap();
    let translator = Client::new(&db, Role::Translator, "").await;
    let (id, segments) = article(&db, &translator.user, &[SOURCE]).await;
    (db, translator, id, segments[0])
}

fn spelling(answer: &Value) -> Vec<&Value> {
    answer["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == "spelling").collect()
}

async fn save(client: &Client, segment: i64, target: &str, base: i64) -> Value {
    let body = json!({"target": target, "status": "translated", "base_revision": base});
    let (code, answer) = client.put(&format!("/api/v1/segments/{segment}"), body).await;
    assert_eq!(code, StatusCode::OK, "{answer}");
    answer
}

#[tokio::test]
async fn misspelt_words_are_found_with_the_right_suggestion_first_and_glossary_names_are_known() {
    let (_db, translator, _, segment) = setup().await;
    let target = "Tokayev first dismissed the goverment of Kazahstan.";
    let answer = save(&translator, segment, target, 0).await;
    let found = spelling(&answer);
    assert_eq!(found.len(), 2, "Tokayev is a name of the shipped glossary: {answer}");
    assert_eq!(found[0]["span"], json!({"side": "target", "start": 28, "end": 37}), "«goverment»");
    assert_eq!(found[0]["suggestions"][0], "government");
    assert_eq!(found[1]["span"], json!({"side": "target", "start": 41, "end": 50}), "«Kazahstan»");
    assert_eq!(found[1]["suggestions"][0], "Kazakhstan");
    assert!(found.iter().all(|f| f["suggestions"].as_array().unwrap().len() <= 5));
    assert_eq!(found[0]["severity"], "warning");
}

#[tokio::test]
async fn words_added_by_the_article_or_the_desk_are_known() {
    let (db, translator, article, segment) = setup().await;
    let target = "Tokayev dismissed the Mazhilis and the akimat.";
    assert_eq!(spelling(&save(&translator, segment, target, 0).await).len(), 2);
    let (code, added) = translator
        .post(&format!("/api/v1/articles/{article}/spelling/words"), json!({"word": "Mazhilis"}))
        .await;
    assert_eq!(code, StatusCode::CREATED, "{added}");
    let (code, _) = translator.post("/api/v1/spelling/words", json!({"word": "akimat"})).await;
    assert_eq!(code, StatusCode::FORBIDDEN, "the desk's list is the terminologists'");
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (code, _) = terminologist.post("/api/v1/spelling/words", json!({"word": "akimat"})).await;
    assert_eq!(code, StatusCode::CREATED);
    let (code, answer) = terminologist.post("/api/v1/spelling/words", json!({"word": "two words"})).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let again = save(&translator, segment, &format!("{target} "), 1).await;
    assert_eq!(spelling(&again), Vec::<&Value>::new(), "{again}");
}

#[tokio::test]
async fn british_or_american_spelling_is_chosen_per_article_or_glossary() {
    let (db, translator, article, segment) = setup().await;
    let target = "Tokayev's government said the organisation of the centre was its favourite.";
    assert_eq!(spelling(&save(&translator, segment, target, 0).await).len(), 3, "American by default");
    let glossary: i64 =
        sqlx::query_scalar("SELECT min(id) FROM glossaries").fetch_one(&db.pool).await.unwrap();
    let terminologist = Client::new(&db, Role::Terminologist, "").await;
    let (code, _) = terminologist
        .put(&format!("/api/v1/glossaries/{glossary}/spelling"), json!({"dictionary": "en-GB"}))
        .await;
    assert_eq!(code, StatusCode::NO_CONTENT);
    let british = save(&translator, segment, &format!("{target} "), 1).await;
    assert_eq!(spelling(&british), Vec::<&Value>::new(), "the glossary asks for British spelling: {british}");
    let (code, _) =
        translator.put(&format!("/api/v1/articles/{article}/spelling"), json!({"dictionary": "en-US"})).await;
    assert_eq!(code, StatusCode::NO_CONTENT);
    assert_eq!(spelling(&save(&translator, segment, target, 2).await).len(), 3, "the article's choice first");
    let (code, answer) =
        translator.put(&format!("/api/v1/articles/{article}/spelling"), json!({"dictionary": "fr-FR"})).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
}
