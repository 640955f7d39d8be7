//! `GET /api/v1/openapi.json`.

use axum::http::StatusCode;

use crate::support::db::TestDb;
use crate::support::http::{get, send};

#[tokio::test]
async fn the_document_lists_every_route_with_its_methods() {
    let db = TestDb::new().await;
    let (status, doc) = send(&db.pool, get("/api/v1/openapi.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{}", doc["openapi"]);
    for (path, method) in [
        ("/session", "post"),
        ("/articles", "post"),
        ("/articles", "get"),
        ("/articles/{id}", "get"),
        ("/articles/{id}", "patch"),
        ("/articles/{id}/history", "get"),
        ("/articles/{id}/progress", "get"),
        ("/articles/{id}/analysis", "get"),
        ("/articles/{id}/analysis", "post"),
        ("/analysis/rates", "get"),
        ("/analysis/rates", "put"),
        ("/glossaries/{id}/import", "post"),
        ("/glossaries/{id}/export", "get"),
        ("/segments/{id}", "put"),
        ("/segments/{id}/revisions", "get"),
        ("/segments/{id}/revert", "post"),
        ("/segments/{id}/split", "post"),
        ("/segments/{id}/merge", "post"),
        ("/glossaries", "post"),
        ("/glossaries", "get"),
        ("/glossaries/{id}/entries", "get"),
        ("/glossaries/{id}/entries", "post"),
        ("/glossaries/{id}/entries/{entry}", "put"),
        ("/glossaries/{id}/entries/{entry}", "delete"),
        ("/segments/{id}/machine-translations", "get"),
        ("/segments/{id}/machine-translations", "post"),
        ("/articles/{id}/pretranslate", "post"),
        ("/mt/effort", "get"),
        ("/articles/{id}/assignments", "post"),
        ("/articles/{id}/assignments", "get"),
        ("/assignments/{id}", "delete"),
        ("/assignments/mine", "get"),
        ("/assignments/load", "get"),
        ("/statistics", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path} missing from the OpenAPI document");
    }
    assert!(doc["components"]["securitySchemes"]["token"].is_object());
}

/// Schema names are part of the contract (generated clients name their types after them), and the views
/// that carry them live in `web/`, apart from the rows they are built from: renaming a view or a column
/// must not rename or reshape a schema.
#[tokio::test]
async fn the_schemas_keep_their_names_and_words() {
    let db = TestDb::new().await;
    let (_, doc) = send(&db.pool, get("/api/v1/openapi.json")).await;
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut names: Vec<&str> = schemas.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "AddWord",
            "AnnotateSegment",
            "AnnotationView",
            "ArticleAnalysis",
            "ArticleChange",
            "ArticleInfo",
            "ArticleView",
            "AssignmentView",
            "Band",
            "BandLine",
            "Category",
            "Change",
            "ChooseDictionary",
            "Chunk",
            "CommentBody",
            "CommentEdit",
            "CommentPart",
            "CommentView",
            "Confirmed",
            "CreateArticle",
            "CreateGlossary",
            "CreatedWebhook",
            "Credentials",
            "DeliveryView",
            "EffortReportLine",
            "EngineCount",
            "EngineFailure",
            "EntryBody",
            "EntryView",
            "ErrorSeverity",
            "GlossaryInfo",
            "GroupView",
            "Heartbeat",
            "HistoryEntry",
            "Hit",
            "IgnoreFinding",
            "Ignored",
            "ImportConflict",
            "ImportReport",
            "Inbox",
            "InboxEntry",
            "LoadView",
            "MachineTranslation",
            "MarkRead",
            "NewAssignmentBody",
            "NewWebhook",
            "Op",
            "Presence",
            "PretranslationView",
            "Preview",
            "Progress",
            "QualityView",
            "ReplaceInTargets",
            "Replaced",
            "Report",
            "ReportErrorView",
            "ReportSegment",
            "ReportView",
            "Resolve",
            "RevertSegment",
            "RevisionInfo",
            "RevisionOrigin",
            "Role",
            "SaveSegment",
            "SavedRevision",
            "ScoreView",
            "ScoringChange",
            "ScoringView",
            "SegmentBand",
            "SegmentStatus",
            "SegmentView",
            "SegmentWithMatches",
            "SessionView",
            "Severity",
            "Side",
            "Skipped",
            "SkippedEntry",
            "SourceChange",
            "Span",
            "SplitSegment",
            "StoredFinding",
            "Suggestion",
            "Summary",
            "TakeMachineTranslation",
            "Tally",
            "Task",
            "TermBody",
            "TmImport",
            "Totals",
            "UpdateArticle",
            "UpdateCounts",
            "UpdateEntry",
            "User",
            "WebhookView",
            "WordView",
            "WorkLineView",
        ]
    );
    for (schema, words) in [
        ("SegmentStatus", &["initial", "translated", "reviewed", "final"][..]),
        ("Band", &["repetition", "in_context", "exact", "95-99", "85-94", "75-84", "50-74", "no_match"]),
        ("Op", &["equal", "delete", "insert"]),
        ("ErrorSeverity", &["minor", "major", "critical"]),
        (
            "Category",
            &[
                "mistranslation",
                "omission",
                "addition",
                "untranslated",
                "grammar",
                "spelling",
                "punctuation",
                "terminology",
                "style",
                "numbers",
                "dates",
                "names",
            ],
        ),
        ("RevisionOrigin", &["manual", "import", "tm", "revert", "split", "merge", "mt"]),
        ("Task", &["translate", "review"]),
    ] {
        assert_eq!(schemas[schema]["enum"], serde_json::json!(words), "{schema}");
        assert_eq!(schemas[schema]["type"], "string", "{schema}");
    }
}
