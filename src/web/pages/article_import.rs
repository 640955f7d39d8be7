//! `POST /articles/{id}/import`: work done in another tool (XLIFF 1.2 or 2 exported from here) comes back
//! as new revisions; what changed on both sides is listed and left alone unless the translator says.

use axum::extract::State;
use axum::response::Html;
use minijinja::{context, Value};

use super::{Page, PageError};
use crate::app::interchange;
use crate::app::quality::Checks;
use crate::domain::Role;
use crate::inline::Code;
use crate::store::{articles, exchange};
use crate::web::article_files::ImportReport;
use crate::web::articles::ArticleInfo;
use crate::web::auth::require;
use crate::web::csrf::CsrfMultipart;
use crate::web::extract::{field_bytes, Path};
use crate::web::{templates, ApiError, AppState};

/// Applies an uploaded XLIFF file to the article and shows what happened.
pub async fn post_import_into(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    CsrfMultipart(mut form): CsrfMultipart,
) -> Result<Html<String>, PageError> {
    let (mut bytes, mut overwrite) = (Vec::new(), false);
    while let Some(field) = form.next_field().await.map_err(ApiError::from)? {
        match field.name().unwrap_or_default() {
            "overwrite" => overwrite = true,
            "file" => bytes = field_bytes(field).await?.to_vec(),
            other => return Err(ApiError::Validation(format!("unknown form field {other:?}")).into()),
        }
    }
    require(page.user.role, Role::may_translate, "import translations")?;
    let article = articles::get(&state.pool, id).await?;
    if bytes.is_empty() {
        return Err(ApiError::Validation("choose an XLIFF file exported from this article".into()).into());
    }
    let doc = interchange::read_bilingual(&bytes).map_err(ApiError::from)?;
    let by = exchange::Importer { user: page.user.id, role: page.user.role, overwrite };
    let checks = Checks::of_article(&state.pool, &state.terms, &article).await?;
    let check = |s: &str, c: &[Code], t: &str, st| checks.check(s, c, t, st);
    let report = exchange::import_into(&state.pool, id, &doc, by, &check).await.map_err(ApiError::from)?;
    let context = context! {
        article => ArticleInfo::from(article),
        report => ImportReport::from(report),
        ..Value::from_serialize(page.chrome("dashboard"))
    };
    Ok(templates::render("import_report.html", context)?)
}
