//! Glossaries, their concepts and terms, and the log of changes to them. Every change bumps the
//! glossary's `version` in the same transaction, which is what keeps every instance's term index fresh.

use serde_json::{json, Value};
use sqlx::{Acquire, PgConnection, PgExecutor, PgPool, Postgres};
use time::OffsetDateTime;

use super::{on_unique, StoreError};
use crate::glossary::model::{Concept, Glossary, MatchMode, PartOfSpeech, Term, TermStatus};
use crate::lang::LanguageTag;

/// A glossary without its entries.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GlossaryInfo {
    /// Database id.
    pub id: i64,
    /// Unique name.
    pub name: String,
    /// Source language (BCP 47).
    pub source_lang: LanguageTag,
    /// Target language (BCP 47).
    pub target_lang: LanguageTag,
    /// Free text.
    pub description: String,
    /// Bumped by every change to the entries.
    pub version: i64,
    /// Number of entries.
    pub entries: i64,
    /// When it was created.
    pub created_at: OffsetDateTime,
}

/// A glossary to create.
#[derive(Debug)]
pub struct NewGlossary<'a> {
    /// Unique name.
    pub name: &'a str,
    /// Source language.
    pub source_lang: &'a LanguageTag,
    /// Target language.
    pub target_lang: &'a LanguageTag,
    /// Free text.
    pub description: &'a str,
}

/// A stored concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Database id.
    pub id: i64,
    /// The concept.
    pub concept: Concept,
}

/// What a change did, as the log records it.
#[derive(Debug, Clone, Copy)]
enum Action {
    Create,
    Add,
    Edit,
    Remove,
    Import,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Add => "add",
            Self::Edit => "edit",
            Self::Remove => "remove",
            Self::Import => "import",
        }
    }
}

const INFO: &str =
    "SELECT g.id, g.name, g.source_lang, g.target_lang, g.description, g.version, g.created_at,
       (SELECT count(*) FROM concepts c WHERE c.glossary_id = g.id) AS entries
FROM glossaries g";

/// Creates an empty glossary; a taken name is a [`StoreError::Constraint`].
pub async fn create(
    pool: &PgPool,
    new: NewGlossary<'_>,
    user: Option<i64>,
) -> Result<GlossaryInfo, StoreError> {
    let mut tx = pool.begin().await?;
    let id = insert(&mut tx, &new).await?;
    log(&mut tx, id, None, user, Action::Create, None, Some(json!({ "name": new.name }))).await?;
    let info = get(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(info)
}

async fn insert(conn: &mut PgConnection, new: &NewGlossary<'_>) -> Result<i64, StoreError> {
    let name = new.name.trim();
    if name.is_empty() {
        return Err(StoreError::Invalid("a glossary needs a name".into()));
    }
    sqlx::query_scalar(
        "INSERT INTO glossaries (name, source_lang, target_lang, description) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(name)
    .bind(new.source_lang)
    .bind(new.target_lang)
    .bind(new.description)
    .fetch_one(conn)
    .await
    .map_err(on_unique("glossaries_name_key", || format!("a glossary named {name:?} already exists")))
}

/// Every glossary, by name.
pub async fn list(pool: &PgPool) -> Result<Vec<GlossaryInfo>, StoreError> {
    Ok(sqlx::query_as(&format!("{INFO} ORDER BY lower(g.name)")).fetch_all(pool).await?)
}

/// One glossary.
pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<GlossaryInfo, StoreError> {
    sqlx::query_as(&format!("{INFO} WHERE g.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or(StoreError::NotFound("glossary"))
}

/// A glossary's id by name (any letter case).
pub async fn id_by_name(db: impl PgExecutor<'_>, name: &str) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar("SELECT id FROM glossaries WHERE lower(name) = lower($1)")
        .bind(name.trim())
        .fetch_optional(db)
        .await?)
}

/// A glossary's entries, in the order they were added; with `search`, only those with a term (either side)
/// containing it, compared in normalised form.
pub async fn entries(pool: &PgPool, glossary: i64, search: Option<&str>) -> Result<Vec<Entry>, StoreError> {
    get(pool, glossary).await?;
    let pattern = search.map(|s| format!("%{}%", like_escape(&normalized(s.trim()))));
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT c.id FROM concepts c WHERE c.glossary_id = $1
           AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM terms t WHERE t.concept_id = c.id AND t.normalized LIKE $2))
         ORDER BY c.id",
    )
    .bind(glossary)
    .bind(pattern)
    .fetch_all(pool)
    .await?;
    load_entries(pool, &ids).await
}

/// The glossary as the file writers and the matcher take it.
pub async fn load(pool: &PgPool, id: i64) -> Result<(GlossaryInfo, Glossary), StoreError> {
    let info = get(pool, id).await?;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM concepts WHERE glossary_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(pool)
        .await?;
    let concepts = load_entries(pool, &ids).await?.into_iter().map(|e| e.concept).collect();
    let glossary =
        Glossary { source_lang: info.source_lang.clone(), target_lang: info.target_lang.clone(), concepts };
    Ok((info, glossary))
}

/// The concepts of several glossaries, in glossary order then entry order, for the term index.
pub async fn concepts_of(pool: &PgPool, glossaries: &[i64]) -> Result<Vec<Concept>, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT c.id FROM concepts c JOIN unnest($1::bigint[]) WITH ORDINALITY AS g(id, n) ON g.id = c.glossary_id
         ORDER BY g.n, c.id",
    )
    .bind(glossaries)
    .fetch_all(pool)
    .await?;
    Ok(load_entries(pool, &ids).await?.into_iter().map(|e| e.concept).collect())
}

/// The current version of each of `glossaries` that still exists: one cheap query per article read.
pub async fn versions(pool: &PgPool, glossaries: &[i64]) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(sqlx::query_as("SELECT id, version FROM glossaries WHERE id = ANY($1) ORDER BY id")
        .bind(glossaries)
        .fetch_all(pool)
        .await?)
}

/// Adds an entry.
pub async fn add_entry(
    pool: &PgPool,
    glossary: i64,
    concept: &Concept,
    user: i64,
) -> Result<Entry, StoreError> {
    let mut tx = pool.begin().await?;
    bump(&mut tx, glossary).await?;
    let id = insert_concept(&mut tx, glossary, concept).await?;
    log(&mut tx, glossary, Some(id), Some(user), Action::Add, None, Some(concept_json(concept))).await?;
    tx.commit().await?;
    Ok(Entry { id, concept: concept.clone() })
}

/// Replaces an entry's fields and terms.
pub async fn edit_entry(
    pool: &PgPool,
    glossary: i64,
    entry: i64,
    concept: &Concept,
    user: i64,
) -> Result<Entry, StoreError> {
    exportable(concept)?;
    let mut tx = pool.begin().await?;
    bump(&mut tx, glossary).await?;
    ensure_in(&mut tx, glossary, entry).await?;
    let before = load_entries(&mut *tx, &[entry]).await?.pop().ok_or(StoreError::NotFound("entry"))?;
    sqlx::query("UPDATE concepts SET external_id = $2, part_of_speech = $3, match_mode = $4, domain = $5, note = $6 WHERE id = $1")
        .bind(entry)
        .bind(&concept.id)
        .bind(concept.part_of_speech)
        .bind(concept.match_mode)
        .bind(&concept.domain)
        .bind(&concept.note)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM terms WHERE concept_id = $1").bind(entry).execute(&mut *tx).await?;
    insert_terms(&mut tx, entry, concept).await?;
    let (before, after) = (concept_json(&before.concept), concept_json(concept));
    log(&mut tx, glossary, Some(entry), Some(user), Action::Edit, Some(before), Some(after)).await?;
    tx.commit().await?;
    Ok(Entry { id: entry, concept: concept.clone() })
}

/// Removes an entry (the change log keeps what it was).
pub async fn remove_entry(pool: &PgPool, glossary: i64, entry: i64, user: i64) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    bump(&mut tx, glossary).await?;
    ensure_in(&mut tx, glossary, entry).await?;
    let before = load_entries(&mut *tx, &[entry]).await?.pop().ok_or(StoreError::NotFound("entry"))?;
    sqlx::query("DELETE FROM concepts WHERE id = $1").bind(entry).execute(&mut *tx).await?;
    log(
        &mut tx,
        glossary,
        Some(entry),
        Some(user),
        Action::Remove,
        Some(concept_json(&before.concept)),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds every concept to an existing glossary, all or nothing; returns how many were added.
pub async fn import(
    pool: &PgPool,
    glossary: i64,
    concepts: &[Concept],
    user: Option<i64>,
) -> Result<usize, StoreError> {
    let mut tx = pool.begin().await?;
    bump(&mut tx, glossary).await?;
    add_all(&mut tx, glossary, concepts, user).await?;
    tx.commit().await?;
    Ok(concepts.len())
}

/// Creates a glossary holding `concepts`, all or nothing.
pub async fn create_with<'c>(
    db: impl Acquire<'c, Database = Postgres>,
    new: NewGlossary<'_>,
    concepts: &[Concept],
    user: Option<i64>,
) -> Result<GlossaryInfo, StoreError> {
    let mut tx = db.begin().await?;
    let id = insert(&mut tx, &new).await?;
    log(&mut tx, id, None, user, Action::Create, None, Some(json!({ "name": new.name }))).await?;
    add_all(&mut tx, id, concepts, user).await?;
    let info = get(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(info)
}

async fn add_all(
    conn: &mut PgConnection,
    glossary: i64,
    concepts: &[Concept],
    user: Option<i64>,
) -> Result<(), StoreError> {
    for concept in concepts {
        insert_concept(conn, glossary, concept).await?;
    }
    log(conn, glossary, None, user, Action::Import, None, Some(json!({ "entries": concepts.len() }))).await
}

/// Locks the glossary row and bumps its version; every entry change starts here, so concurrent edits of
/// one glossary queue up and each index rebuild sees a consistent version.
async fn bump(conn: &mut PgConnection, glossary: i64) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE glossaries SET version = version + 1 WHERE id = $1")
        .bind(glossary)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("glossary"));
    }
    Ok(())
}

async fn ensure_in(conn: &mut PgConnection, glossary: i64, entry: i64) -> Result<(), StoreError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM concepts WHERE id = $1 AND glossary_id = $2")
        .bind(entry)
        .bind(glossary)
        .fetch_optional(conn)
        .await?;
    found.map(|_| ()).ok_or(StoreError::NotFound("entry"))
}

/// Refuses an entry that a TBX or XLIFF export could not carry, whichever way it came in (the form, the
/// API, a CSV file), so that every stored entry exports as it was typed.
fn exportable(concept: &Concept) -> Result<(), StoreError> {
    let terms = concept.source_terms.iter().chain(&concept.target_terms).map(|t| ("a term", t.text.as_str()));
    let fields =
        [("the note", &concept.note), ("the domain", &concept.domain), ("the entry's id", &concept.id)];
    let fields = fields.into_iter().filter_map(|(what, text)| Some((what, text.as_deref()?)));
    terms
        .chain(fields)
        .try_for_each(|(what, text)| crate::text::chars::exportable(what, text))
        .map_err(StoreError::Invalid)
}

async fn insert_concept(
    conn: &mut PgConnection,
    glossary: i64,
    concept: &Concept,
) -> Result<i64, StoreError> {
    exportable(concept)?;
    let id = sqlx::query_scalar(
        "INSERT INTO concepts (glossary_id, external_id, part_of_speech, match_mode, domain, note)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(glossary)
    .bind(&concept.id)
    .bind(concept.part_of_speech)
    .bind(concept.match_mode)
    .bind(&concept.domain)
    .bind(&concept.note)
    .fetch_one(&mut *conn)
    .await?;
    insert_terms(conn, id, concept).await?;
    Ok(id)
}

async fn insert_terms(conn: &mut PgConnection, concept_id: i64, concept: &Concept) -> Result<(), StoreError> {
    let sides = [("source", &concept.source_terms), ("target", &concept.target_terms)];
    let terms = sides
        .iter()
        .flat_map(|(side, terms)| terms.iter().enumerate().map(move |(i, t)| (*side, i as i32, t)));
    let (mut side, mut position, mut text, mut norm, mut status) = (vec![], vec![], vec![], vec![], vec![]);
    for (s, p, t) in terms {
        side.push(s);
        position.push(p);
        text.push(t.text.trim());
        norm.push(normalized(t.text.trim()));
        status.push(t.status.as_str());
    }
    sqlx::query(
        "INSERT INTO terms (concept_id, side, position, text, normalized, status)
         SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[])",
    )
    .bind(concept_id)
    .bind(side)
    .bind(position)
    .bind(text)
    .bind(norm)
    .bind(status)
    .execute(conn)
    .await?;
    Ok(())
}

async fn load_entries(db: impl PgExecutor<'_>, ids: &[i64]) -> Result<Vec<Entry>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        external_id: Option<String>,
        part_of_speech: Option<PartOfSpeech>,
        match_mode: MatchMode,
        domain: Option<String>,
        note: Option<String>,
        sides: Vec<String>,
        texts: Vec<String>,
        statuses: Vec<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.id, c.external_id, c.part_of_speech, c.match_mode, c.domain, c.note,
                array_agg(t.side ORDER BY t.side DESC, t.position) AS sides,
                array_agg(t.text ORDER BY t.side DESC, t.position) AS texts,
                array_agg(t.status ORDER BY t.side DESC, t.position) AS statuses
         FROM unnest($1::bigint[]) WITH ORDINALITY AS wanted(id, n)
         JOIN concepts c ON c.id = wanted.id JOIN terms t ON t.concept_id = c.id
         GROUP BY c.id, wanted.n ORDER BY wanted.n",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|row| {
            let mut concept = Concept {
                id: row.external_id,
                part_of_speech: row.part_of_speech,
                match_mode: row.match_mode,
                domain: row.domain,
                note: row.note,
                ..Concept::default()
            };
            for ((side, text), status) in row.sides.iter().zip(row.texts).zip(row.statuses) {
                let status: TermStatus =
                    status.parse().map_err(|e: crate::glossary::model::UnknownValue| {
                        StoreError::Database(sqlx::Error::Decode(e.into()))
                    })?;
                let term = Term { text, status };
                if side == "source" {
                    concept.source_terms.push(term)
                } else {
                    concept.target_terms.push(term)
                }
            }
            Ok(Entry { id: row.id, concept })
        })
        .collect()
}

async fn log(
    conn: &mut PgConnection,
    glossary: i64,
    concept: Option<i64>,
    user: Option<i64>,
    action: Action,
    before: Option<Value>,
    after: Option<Value>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO glossary_changes (glossary_id, concept_id, user_id, action, before, after)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(glossary)
    .bind(concept)
    .bind(user)
    .bind(action.as_str())
    .bind(before)
    .bind(after)
    .execute(conn)
    .await?;
    Ok(())
}

/// The entry as the change log keeps it.
fn concept_json(concept: &Concept) -> Value {
    let terms = |terms: &[Term]| -> Vec<Value> {
        terms.iter().map(|t| json!({ "text": t.text, "status": t.status.as_str() })).collect()
    };
    json!({
        "id": concept.id,
        "source_terms": terms(&concept.source_terms),
        "target_terms": terms(&concept.target_terms),
        "part_of_speech": concept.part_of_speech.map(PartOfSpeech::as_str),
        "match_mode": concept.match_mode.as_str(),
        "domain": concept.domain,
        "note": concept.note,
    })
}

/// The folded form of a term or a search, stored in `terms.normalized`: the text engine's normaliser, so
/// that search folds letters exactly as the matcher does.
fn normalized(text: &str) -> String {
    crate::text::normalize(text)
}

/// Escapes LIKE's wildcards in user input.
fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
