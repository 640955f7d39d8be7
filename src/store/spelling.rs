//! The spelling check's settings: the dictionary an article or glossary asks for, and the words a desk
//! (per language) or an article adds to the dictionary.

use serde::Serialize;
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;

use super::{on_unique, StoreError};
use crate::lang::LanguageTag;

/// The spelling settings of article `a`, as columns of a lateral subquery: `spelling`, the dictionary it
/// asks for (its own choice, else the first of its glossaries that has one, lowest id; null when neither
/// says), and `known_words`, the words its list and the desk's list in the dictionary's language add. The
/// desk keeps its words per primary language (`LanguageTag::primary`): the first subtag of the dictionary's
/// tag, the article's choice or else its target language.
pub(super) const SETTINGS: &str = "SELECT c.spelling,
        ARRAY(SELECT w.word FROM spelling_words w
              WHERE w.article_id = a.id
                 OR (w.article_id IS NULL
                     AND w.lang = split_part(COALESCE(c.spelling, a.target_lang), '-', 1))) AS known_words
    FROM (SELECT COALESCE(a.spelling,
                   (SELECT g.spelling FROM article_glossaries ag JOIN glossaries g ON g.id = ag.glossary_id
                    WHERE ag.article_id = a.id AND g.spelling IS NOT NULL ORDER BY g.id LIMIT 1)) AS spelling) c";

/// What an article is spelt with: the dictionary it asks for, if any, and the words added to it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleSpelling {
    /// The dictionary the article or its glossaries chose.
    pub spelling: Option<LanguageTag>,
    /// The words the article's and the desk's lists add.
    pub known_words: Vec<String>,
}

/// The spelling settings of an article ([`SETTINGS`]).
pub async fn of_article(db: impl PgExecutor<'_>, article: i64) -> Result<ArticleSpelling, StoreError> {
    sqlx::query_as(&format!("SELECT d.* FROM articles a, LATERAL ({SETTINGS}) d WHERE a.id = $1"))
        .bind(article)
        .fetch_optional(db)
        .await?
        .ok_or(StoreError::NotFound("article"))
}

/// The dictionary the article itself chose, if it did.
pub async fn own_choice(pool: &PgPool, article: i64) -> Result<Option<LanguageTag>, StoreError> {
    let chosen: Option<Option<LanguageTag>> =
        sqlx::query_scalar("SELECT spelling FROM articles WHERE id = $1")
            .bind(article)
            .fetch_optional(pool)
            .await?;
    chosen.ok_or(StoreError::NotFound("article"))
}

/// Sets (or with `None` clears) the dictionary of an article.
pub async fn set_article_choice(
    pool: &PgPool,
    article: i64,
    tag: Option<&LanguageTag>,
) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE articles SET spelling = $2 WHERE id = $1")
        .bind(article)
        .bind(tag)
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("article"));
    }
    Ok(())
}

/// Sets (or with `None` clears) the dictionary of a glossary's articles that do not choose their own.
pub async fn set_glossary_choice(
    pool: &PgPool,
    glossary: i64,
    tag: Option<&LanguageTag>,
) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE glossaries SET spelling = $2 WHERE id = $1")
        .bind(glossary)
        .bind(tag)
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("glossary"));
    }
    Ok(())
}

/// A word of a list.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ListedWord {
    /// Database id (what a removal takes).
    pub id: i64,
    /// The word.
    pub word: String,
    /// Who added it (user name).
    pub added_by: String,
    /// When.
    pub added_at: OffsetDateTime,
}

const LISTED: &str = "SELECT w.id, w.word, u.username AS added_by, w.added_at
    FROM spelling_words w JOIN users u ON u.id = w.added_by";

/// The desk's list for a language (`article` `None`) or an article's list, alphabetical.
pub async fn list(pool: &PgPool, lang: &str, article: Option<i64>) -> Result<Vec<ListedWord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "{LISTED} WHERE CASE WHEN $2::bigint IS NULL THEN w.article_id IS NULL AND w.lang = $1
                             ELSE w.article_id = $2 END
         ORDER BY lower(w.word), w.word"
    ))
    .bind(lang)
    .bind(article)
    .fetch_all(pool)
    .await?)
}

/// Adds a word to the desk's list of `lang` or to an article's list (the caller checks the word and the
/// role); `409` when it is there already.
pub async fn add(
    pool: &PgPool,
    lang: &str,
    article: Option<i64>,
    word: &str,
    user: i64,
) -> Result<ListedWord, StoreError> {
    let taken = || format!("«{word}» is already on the list");
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO spelling_words (lang, article_id, word, added_by) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(lang)
    .bind(article)
    .bind(word)
    .bind(user)
    .fetch_one(pool)
    .await
    .map_err(|e| match article {
        None => on_unique("spelling_words_desk", taken)(e),
        Some(_) => on_unique("spelling_words_article", taken)(e),
    })?;
    Ok(sqlx::query_as(&format!("{LISTED} WHERE w.id = $1")).bind(id).fetch_one(pool).await?)
}

/// Removes a word of the desk's list of `lang` (`article` `None`) or of an article's list.
pub async fn remove(pool: &PgPool, lang: &str, article: Option<i64>, id: i64) -> Result<(), StoreError> {
    let done = sqlx::query(
        "DELETE FROM spelling_words WHERE id = $1
           AND CASE WHEN $3::bigint IS NULL THEN article_id IS NULL AND lang = $2 ELSE article_id = $3 END",
    )
    .bind(id)
    .bind(lang)
    .bind(article)
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("word"));
    }
    Ok(())
}
