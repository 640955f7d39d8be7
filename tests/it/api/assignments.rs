//! `/articles/{id}/assignments`, `/assignments/mine`, `/assignments/load`, `/statistics`: the desk's plan
//! (who translates and reviews what, by when) and its work per person and period.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{json, Value};
use tarjuman::domain::Role;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::support::api::{article, Client};
use crate::support::browser_session::Visitor;
use crate::support::db::TestDb;

/// Sentences of 3, 4, 5 and 6 words.
const SENTENCES: [&str; 4] = [
    "انسحبت كازاخستان أمس.",
    "وقال الوزير إن القرار.",
    "ولم يعلق الكرملين على الخبر.",
    "وتضم المنظمة ست دول سوفيتية سابقة.",
];

fn in_seconds(seconds: i64) -> String {
    (OffsetDateTime::now_utc() + time::Duration::seconds(seconds)).format(&Rfc3339).unwrap()
}

async fn save(client: &Client, segment: i64, target: &str, status: &str, base: i64) -> Value {
    let body = json!({"target": target, "status": status, "base_revision": base});
    let (code, saved) = client.put(&format!("/api/v1/segments/{segment}"), body).await;
    assert_eq!(code, StatusCode::OK, "{saved}");
    saved
}

#[tokio::test]
async fn reviewers_and_admins_assign_articles_and_ranges_with_deadlines() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    Client::new(&db, Role::Translator, "2").await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let (id, segments) = article(&db, &translator.user, &SENTENCES).await;
    let (other, other_segments) = article(&db, &translator.user, &SENTENCES[..1]).await;
    let uri = format!("/api/v1/articles/{id}/assignments");
    let deadline = in_seconds(3600);

    let whole = json!({"task": "translate", "user": "translator", "deadline": deadline});
    let (status, _) = translator.post(&uri, whole.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a translator does not plan the desk");
    let (status, made) = reviewer.post(&uri, whole).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(
        (
            &made["user"],
            &made["task"],
            &made["first_index"],
            &made["words"],
            &made["open_words"],
            &made["overdue"]
        ),
        (&json!("translator"), &json!("translate"), &Value::Null, &json!(18), &json!(18), &json!(false))
    );

    // Refused, and nothing stored: a review for a translator, half a range, a segment of another article, a
    // deadline already past, an unknown person.
    let range = |user: &str, first: i64, last: i64, deadline: &str| json!({"task": "review", "user": user, "first_segment": first, "last_segment": last, "deadline": deadline});
    for (why, body) in [
        ("a translator does not review", range("translator", segments[1], segments[2], &deadline)),
        ("half a range", json!({"task": "review", "user": "reviewer", "first_segment": segments[1]})),
        ("another article's segment", range("reviewer", segments[1], other_segments[0], &deadline)),
        ("a past deadline", range("reviewer", segments[1], segments[2], &in_seconds(-60))),
        ("nobody", range("nobody", segments[1], segments[2], &deadline)),
    ] {
        let (status, refused) = reviewer.post(&uri, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{why}: {refused}");
    }
    let (_, listed) = reviewer.get(&uri).await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");

    // The review of segments 2 to 3, given last to first: their words only.
    let (status, review) = reviewer.post(&uri, range("reviewer", segments[2], segments[1], &deadline)).await;
    assert_eq!(status, StatusCode::CREATED, "{review}");
    assert_eq!(
        (&review["first_index"], &review["last_index"], &review["words"]),
        (&json!(1), &json!(2), &json!(9))
    );

    // The article's assignee is its whole-article translation: the old field and the new list agree.
    let (_, info) = translator.get(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(info["assignee"], "translator");
    let (status, info) =
        translator.patch(&format!("/api/v1/articles/{id}"), json!({"assignee": "translator2"})).await;
    assert_eq!((status, &info["assignee"]), (StatusCode::OK, &json!("translator2")));
    let (_, listed) = reviewer.get(&uri).await;
    let tasks: Vec<(&Value, &Value, &Value)> =
        listed.as_array().unwrap().iter().map(|a| (&a["task"], &a["user"], &a["deadline"])).collect();
    assert_eq!(
        tasks,
        [
            (&json!("translate"), &json!("translator2"), &made["deadline"]),
            (&json!("review"), &json!("reviewer"), &review["deadline"])
        ],
        "handing the article on keeps its deadline"
    );

    // Assigning the whole article again replaces its translation assignment; a range is taken back.
    let again = json!({"task": "translate", "user": "translator"});
    let (status, _) = reviewer.post(&uri, again).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = translator.call("DELETE", &format!("/api/v1/assignments/{}", review["id"]), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = reviewer.call("DELETE", &format!("/api/v1/assignments/{}", review["id"]), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, listed) = reviewer.get(&uri).await;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!((&listed[0]["user"], &listed[0]["deadline"]), (&json!("translator"), &Value::Null));
    let (status, _) = reviewer.get(&format!("/api/v1/articles/{}/assignments", other + 1000)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn my_work_is_due_first_with_the_overdue_marked_and_the_admin_sees_the_load() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let admin = Client::new(&db, Role::Admin, "").await;
    let (late, _) = article(&db, &translator.user, &SENTENCES[..1]).await;
    let (later, later_segments) = article(&db, &translator.user, &SENTENCES[1..2]).await;
    let (open, open_segments) = article(&db, &translator.user, &SENTENCES[2..]).await;
    let assign = |article: i64, body: Value| {
        let admin = admin.clone();
        async move {
            let (status, made) = admin.post(&format!("/api/v1/articles/{article}/assignments"), body).await;
            assert_eq!(status, StatusCode::CREATED, "{made}");
            made
        }
    };
    // No deadline, the last segment only; due in an hour; due in three seconds (then overdue).
    assign(
        open,
        json!({"task": "translate", "user": "translator", "first_segment": open_segments[1], "last_segment": open_segments[1]}),
    )
    .await;
    assign(later, json!({"task": "translate", "user": "translator", "deadline": in_seconds(3600)})).await;
    assign(late, json!({"task": "translate", "user": "translator", "deadline": in_seconds(3)})).await;
    tokio::time::sleep(Duration::from_millis(3500)).await;

    let (_, mine) = translator.get("/api/v1/assignments/mine").await;
    let rows: Vec<(&Value, &Value, &Value)> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (&a["article_id"], &a["overdue"], &a["open_words"]))
        .collect();
    assert_eq!(
        rows,
        [
            (&json!(late), &json!(true), &json!(3)),
            (&json!(later), &json!(false), &json!(4)),
            (&json!(open), &json!(false), &json!(6))
        ]
    );

    // The dashboard says it in words, not only colour.
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let page = visitor.get("/").await;
    let row = page.body.split(&format!("data-assignment-id=\"{}\"", mine[0]["id"])).nth(1).unwrap();
    let row = row.split("</tr>").next().unwrap();
    assert!(row.contains("<strong class=\"badge fail\">overdue</strong>"), "{row}");
    assert!(!page.body.contains("id=\"desk-load\""), "a translator sees no load");

    // Work done leaves «my work» and counts as done this week.
    save(&translator, later_segments[0], "The minister said the decision.", "translated", 0).await;
    let (_, mine) = translator.get("/api/v1/assignments/mine").await;
    let articles: Vec<&Value> = mine.as_array().unwrap().iter().map(|a| &a["article_id"]).collect();
    assert_eq!(articles, [&json!(late), &json!(open)]);

    let (status, _) = translator.get("/api/v1/assignments/load").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, load) = admin.get("/api/v1/assignments/load").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        load,
        json!([{"user": "translator", "open_words": 9, "assignments": 2, "overdue": 1, "done_this_week": 4}])
    );
    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("admin", "secret-password").await;
    let page = visitor.get("/").await;
    let row = page.body.split("id=\"desk-load\"").nth(1).unwrap();
    assert!(row.contains("<td>translator</td><td>9</td><td>2</td><td>1</td><td>4</td>"), "{row}");
}

#[tokio::test]
async fn statistics_count_words_revisions_and_edits_after_review_per_person_and_period() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    let reviewer = Client::new(&db, Role::Reviewer, "").await;
    let (_, segments) = article(&db, &translator.user, &SENTENCES[..2]).await;

    save(&translator, segments[0], "Kazakhstan withdrew yesterday.", "translated", 0).await;
    save(&translator, segments[1], "The minister said the decision.", "translated", 0).await;
    save(&reviewer, segments[0], "Kazakhstan withdrew yesterday.", "reviewed", 1).await;
    // Sent back with a comment, then reworded by the translator: one edit after review.
    let back = json!({"target": "Kazakhstan withdrew yesterday.", "status": "initial", "base_revision": 2,
                      "comment": "Say from what."});
    let (status, _) = reviewer.put(&format!("/api/v1/segments/{}", segments[0]), back).await;
    assert_eq!(status, StatusCode::OK);
    save(&translator, segments[0], "Kazakhstan withdrew from the CSTO yesterday.", "translated", 3).await;

    let today = OffsetDateTime::now_utc().date();
    let (status, lines) =
        reviewer.get(&format!("/api/v1/statistics?period=day&since={today}&until={today}")).await;
    assert_eq!(status, StatusCode::OK, "{lines}");
    assert_eq!(
        lines,
        json!([
            {"user": "reviewer", "period": today.to_string(), "words_translated": 0, "words_reviewed": 3,
             "revisions": 2, "edits_after_review": 0},
            {"user": "translator", "period": today.to_string(), "words_translated": 10, "words_reviewed": 0,
             "revisions": 3, "edits_after_review": 1},
        ])
    );
    let yesterday = today.previous_day().unwrap();
    let (_, none) = reviewer.get(&format!("/api/v1/statistics?until={yesterday}")).await;
    assert_eq!(none, json!([]));

    let (status, csv) = reviewer.get("/api/v1/statistics?period=month&format=csv").await;
    assert_eq!(status, StatusCode::OK);
    let month = today.replace_day(1).unwrap();
    assert_eq!(
        csv.as_str().unwrap().lines().collect::<Vec<_>>(),
        [
            "\u{feff}user,period,words_translated,words_reviewed,revisions,edits_after_review",
            &format!("reviewer,{month},0,3,2,0"),
            &format!("translator,{month},10,0,3,1"),
        ]
    );

    for (query, expected) in [
        (format!("since={today}&until={yesterday}"), StatusCode::UNPROCESSABLE_ENTITY),
        ("period=year".to_owned(), StatusCode::BAD_REQUEST),
        ("format=pdf".to_owned(), StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let (status, answer) = reviewer.get(&format!("/api/v1/statistics?{query}")).await;
        assert_eq!(status, expected, "{query}: {answer}");
    }
    let (status, _) = translator.get("/api/v1/statistics").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("reviewer", "secret-password").await;
    let page = visitor.get("/statistics?period=week").await;
    assert_eq!(page.status, StatusCode::OK);
    let row = page.body.split("data-user=\"translator\"").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(row.ends_with("<td>translator</td><td>10</td><td>0</td><td>3</td><td>1</td>"), "{row}");
}

#[tokio::test]
async fn the_assignments_page_assigns_a_range_by_segment_numbers() {
    let db = TestDb::new().await;
    let translator = Client::new(&db, Role::Translator, "").await;
    Client::new(&db, Role::Reviewer, "").await;
    let (id, _) = article(&db, &translator.user, &SENTENCES).await;

    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("translator", "secret-password").await;
    let page = visitor.get(&format!("/articles/{id}/assignments")).await;
    assert!(page.body.contains("Nobody is assigned yet."));
    assert!(!page.body.contains("action=\"/articles/"), "no form for a translator");

    let mut visitor = Visitor::new(&db.pool);
    visitor.sign_in("reviewer", "secret-password").await;
    let csrf = visitor.get(&format!("/articles/{id}/assignments")).await.csrf();
    let path = format!("/articles/{id}/assignments");
    let form = |to: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("task", "review".into()),
            ("user", "reviewer".into()),
            ("from", "2".into()),
            ("to", to.into()),
            ("deadline", "2099-01-31T18:30".into()),
        ]
    };
    let fields = form("9");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = visitor.post_form(&path, &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("segments 1 to 4"), "{}", refused.body);

    let fields = form("3");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = visitor.post_form(&path, &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = visitor.get(&path).await;
    assert!(page.body.contains("Assigned to reviewer (review)."), "{}", page.body);
    let (_, listed) = translator.get(&format!("/api/v1/articles/{id}/assignments")).await;
    assert_eq!(
        (&listed[0]["first_index"], &listed[0]["last_index"], &listed[0]["deadline"]),
        (&json!(1), &json!(2), &json!("2099-01-31T18:30:00Z"))
    );
}
