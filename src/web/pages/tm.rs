//! `GET /tm`: concordance over the translation memory for people. The hit is cut out here at the char
//! offsets the concordance gives, so that the template only escapes and wraps it in `<mark>`.

use axum::extract::State;
use axum::response::Html;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use super::{Page, PageError};
use crate::store::tm::{self, Side, TmUnit};
use crate::web::extract::Query;
use crate::web::tm::{concordance_side, hit_span};
use crate::web::{templates, AppState};

/// The search form.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct Search {
    #[serde(default)]
    q: String,
    #[serde(default)]
    side: String,
}

/// A text cut around its hit (all of it in `before` when the hit could not be placed).
#[derive(Debug, Default, PartialEq, Serialize)]
struct Highlighted {
    before: String,
    hit: String,
    after: String,
}

impl Highlighted {
    fn new(text: &str, span: Option<(usize, usize)>) -> Self {
        let chars: Vec<char> = text.chars().collect();
        match span {
            Some((start, end)) if start < end && end <= chars.len() => Self {
                before: chars[..start].iter().collect(),
                hit: chars[start..end].iter().collect(),
                after: chars[end..].iter().collect(),
            },
            _ => Self { before: text.to_owned(), ..Self::default() },
        }
    }
}

/// A unit as the page shows it.
#[derive(Serialize)]
struct Row {
    #[serde(flatten)]
    unit: TmUnit,
    source_dir: &'static str,
    source_text: Highlighted,
    target_text: Highlighted,
}

/// The search form and, when there is a query, the units containing it.
pub async fn get_tm(
    State(state): State<AppState>,
    page: Page,
    Query(search): Query<Search>,
) -> Result<Html<String>, PageError> {
    // The form's empty choice is the default side.
    let side = concordance_side(Some(search.side.as_str()).filter(|s| !s.is_empty()))?;
    let query = search.q.trim();
    let units = if query.is_empty() { Vec::new() } else { tm::search(&state.pool, query, side).await? };
    let rows: Vec<Row> = units
        .into_iter()
        .map(|unit| {
            let span = hit_span(&unit, query, side);
            let (source_span, target_span) = match side {
                Side::Source => (span, None),
                Side::Target => (None, span),
            };
            Row {
                source_dir: if unit.source_lang.is_rtl() { "rtl" } else { "ltr" },
                source_text: Highlighted::new(&unit.source, source_span),
                target_text: Highlighted::new(&unit.target, target_span),
                unit,
            }
        })
        .collect();
    let context = context! {
        rows,
        searched => !query.is_empty(),
        side => if side == Side::Target { "target" } else { "source" },
        q => search.q,
        ..Value::from_serialize(page.chrome("tm"))
    };
    Ok(templates::render("tm.html", context)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hit_is_cut_at_char_offsets() {
        let source = "تستعد موسكو لحرب ضد أوكرانيا.";
        let cut = |span| {
            let h = Highlighted::new(source, span);
            (h.before, h.hit, h.after)
        };
        let hit = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
        assert_eq!(cut(Some((20, 28))), hit("تستعد موسكو لحرب ضد ", "أوكرانيا", "."));
        assert_eq!(cut(None), hit(source, "", ""), "no span: the text as it is");
        assert_eq!(cut(Some((20, 99))), hit(source, "", ""), "a span past the end is ignored");
    }
}
