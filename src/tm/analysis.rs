//! Analysis of an article against the translation memory, as newsrooms pay freelancers: every segment falls
//! in one match band, and each band's words are paid at a percentage of the full per-word rate (weighted
//! words). Pure: the caller finds each segment's best memory score.
//!
//! Bands, after MateCat: a sentence already seen earlier in the same article (normalised) is a repetition;
//! otherwise its best fuzzy score decides, and a 100% match is in context when the unit was translated
//! between the same sentences as this one (the previous and the next, normalised; the start or end of the
//! article counts as a neighbour). Units imported from TMX carry no neighbours, so they are at most 100%.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::formats::sheet::Sheet;
use crate::text::{normalize, word_count};

/// A match band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Band {
    /// The same normalised sentence earlier in the article.
    #[serde(rename = "repetition")]
    Repetition,
    /// 100% with the same neighbours: the translation can stand as it is.
    #[serde(rename = "in_context")]
    InContext,
    /// 100%: the same sentence once normalised.
    #[serde(rename = "exact")]
    Exact,
    /// 95–99%: near-exact (punctuation or numbers differ) or a letter or two.
    #[serde(rename = "95-99")]
    High,
    /// 85–94%.
    #[serde(rename = "85-94")]
    Good,
    /// 75–84%.
    #[serde(rename = "75-84")]
    Fair,
    /// 50–74%.
    #[serde(rename = "50-74")]
    Low,
    /// Below 50%, or nothing in the memory.
    #[serde(rename = "no_match")]
    NoMatch,
}

/// Each band with its name, label, lowest score (for the bands a score decides), and MateCat's default rate
/// (percent of the full price).
const BANDS: [(Band, &str, &str, Option<u8>, u8); 8] = [
    (Band::Repetition, "repetition", "Repetitions", None, 30),
    (Band::InContext, "in_context", "In context", None, 0),
    (Band::Exact, "exact", "100%", Some(100), 30),
    (Band::High, "95-99", "95–99%", Some(95), 60),
    (Band::Good, "85-94", "85–94%", Some(85), 60),
    (Band::Fair, "75-84", "75–84%", Some(75), 60),
    (Band::Low, "50-74", "50–74%", Some(Band::LOWEST_MATCH), 100),
    (Band::NoMatch, "no_match", "No match", None, 100),
];

impl Band {
    /// Every band, from the cheapest kind of match to none.
    pub const ALL: [Band; 8] = [
        Band::Repetition,
        Band::InContext,
        Band::Exact,
        Band::High,
        Band::Good,
        Band::Fair,
        Band::Low,
        Band::NoMatch,
    ];

    /// The lowest score that is a match at all; below it a sentence is new.
    pub const LOWEST_MATCH: u8 = 50;

    fn row(self) -> &'static (Band, &'static str, &'static str, Option<u8>, u8) {
        &BANDS[self as usize]
    }

    /// The band's word, as stored and sent.
    pub fn as_str(self) -> &'static str {
        self.row().1
    }

    /// The band as people read it.
    pub fn label(self) -> &'static str {
        self.row().2
    }

    /// The band of a segment's best memory score (`None`: the memory has nothing for it).
    pub fn of_score(best: Option<u8>) -> Band {
        let best = best.unwrap_or(0);
        BANDS.iter().find(|row| row.3.is_some_and(|lowest| best >= lowest)).map_or(Band::NoMatch, |row| row.0)
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that names no band.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown match band {0:?} (expected one of: repetition in_context exact 95-99 85-94 75-84 50-74 no_match)")]
pub struct UnknownBand(pub String);

impl FromStr for Band {
    type Err = UnknownBand;

    fn from_str(raw: &str) -> Result<Self, UnknownBand> {
        Band::ALL.into_iter().find(|b| b.as_str() == raw).ok_or_else(|| UnknownBand(raw.to_owned()))
    }
}

/// What each band pays, in percent of the full per-word price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rates([u8; 8]);

impl Default for Rates {
    /// MateCat's defaults.
    fn default() -> Self {
        Self(BANDS.map(|row| row.4))
    }
}

/// A rate outside 0–100%.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the rate of {band} must be a percentage from 0 to 100, not {percent}")]
pub struct RateOutOfRange {
    /// The band.
    pub band: Band,
    /// What was given.
    pub percent: i64,
}

impl Rates {
    /// The rate of `band`.
    pub fn of(&self, band: Band) -> u8 {
        self.0[band as usize]
    }

    /// Sets the rate of `band`; only 0 to 100 is a rate.
    pub fn set(&mut self, band: Band, percent: i64) -> Result<(), RateOutOfRange> {
        self.0[band as usize] = Self::checked(band, percent)?;
        Ok(())
    }

    /// `percent` as the rate of `band`, if it is one (0 to 100).
    pub fn checked(band: Band, percent: i64) -> Result<u8, RateOutOfRange> {
        u8::try_from(percent).ok().filter(|p| *p <= 100).ok_or(RateOutOfRange { band, percent })
    }

    /// Every band with its rate.
    pub fn iter(&self) -> impl Iterator<Item = (Band, u8)> + '_ {
        Band::ALL.into_iter().map(|band| (band, self.of(band)))
    }
}

/// As a JSON object from band to percent, e.g. `{"repetition": 30, "exact": 30, …}`.
impl Serialize for Rates {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(Band::ALL.len()))?;
        for (band, rate) in self.iter() {
            map.serialize_entry(band.as_str(), &rate)?;
        }
        map.end()
    }
}

/// For each source in article order: whether the same normalised sentence came earlier (a repetition,
/// whose first occurrence alone is looked up in the memory).
pub fn repetitions<'a>(sources: impl IntoIterator<Item = &'a str>) -> Vec<bool> {
    let mut seen = HashSet::new();
    sources.into_iter().map(|source| !seen.insert(sentence_key(source))).collect()
}

/// The sentences around a segment, or around the segment a memory unit was translated in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context<'a> {
    /// The sentence before; `None` at the start of the article.
    pub previous: Option<&'a str>,
    /// The sentence after; `None` at the end.
    pub next: Option<&'a str>,
}

impl Context<'_> {
    /// Whether both neighbours are the same sentences once normalised: an exact match in this context
    /// is in context.
    pub fn matches(&self, other: &Context<'_>) -> bool {
        let same = |a: Option<&str>, b: Option<&str>| a.map(sentence_key) == b.map(sentence_key);
        same(self.previous, other.previous) && same(self.next, other.next)
    }
}

/// What makes two sentences the same for analysis: the normalised text, whitespace collapsed.
fn sentence_key(source: &str) -> String {
    normalize(source).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One segment's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentBand {
    /// The segment.
    pub segment_id: i64,
    /// Its band.
    pub band: Band,
    /// The best memory score, when the memory was asked (not for repetitions) and had a candidate.
    pub score: Option<u8>,
    /// Source words.
    pub words: u64,
}

impl SegmentBand {
    /// The band of a segment with `source`, given whether it repeats an earlier one, its best score, and
    /// whether a 100% unit was translated in the same context.
    pub fn new(segment_id: i64, source: &str, repetition: bool, score: Option<u8>, in_context: bool) -> Self {
        let band = match Band::of_score(score) {
            _ if repetition => Band::Repetition,
            Band::Exact if in_context => Band::InContext,
            band => band,
        };
        Self { segment_id, band, score, words: word_count(source) }
    }
}

/// One band's line of an analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct BandLine {
    /// The band.
    pub band: Band,
    /// How people read it.
    pub label: &'static str,
    /// Segments in it.
    pub segments: u64,
    /// Their source words.
    pub words: u64,
    /// Percent of the full price paid for them.
    pub rate: u8,
    /// `words × rate / 100`.
    pub weighted_words: f64,
}

/// The totals over every band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    /// Segments.
    pub segments: u64,
    /// Source words.
    pub words: u64,
    /// Words to pay for at the full price.
    pub weighted_words: f64,
}

/// Segments and words per band, weighted at `rates`.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Every band, in [`Band::ALL`] order, empty ones included.
    pub bands: Vec<BandLine>,
    /// Sums.
    pub total: Totals,
}

impl Summary {
    /// Tallies `segments` by band at `rates`.
    pub fn of(segments: &[SegmentBand], rates: &Rates) -> Self {
        let mut bands: Vec<BandLine> = rates
            .iter()
            .map(|(band, rate)| BandLine {
                band,
                label: band.label(),
                segments: 0,
                words: 0,
                rate,
                weighted_words: 0.0,
            })
            .collect();
        for segment in segments {
            let line = &mut bands[segment.band as usize];
            line.segments += 1;
            line.words += segment.words;
        }
        // Sums in word-percent (integers), divided once: no drift from adding rounded fractions.
        let mut total_percent = 0;
        for line in &mut bands {
            let percent = line.words * u64::from(line.rate);
            line.weighted_words = percent as f64 / 100.0;
            total_percent += percent;
        }
        let total = Totals {
            segments: segments.len() as u64,
            words: segments.iter().map(|s| s.words).sum(),
            weighted_words: total_percent as f64 / 100.0,
        };
        Self { bands, total }
    }

    /// The band table as spreadsheet CSV ([`crate::formats::sheet`]): `band,label,segments,words,rate,
    /// weighted_words`, then a `total` row.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut sheet = Sheet::default();
        sheet.row(["band", "label", "segments", "words", "rate", "weighted_words"]);
        for line in &self.bands {
            let (segments, words, rate, weighted) = (
                line.segments.to_string(),
                line.words.to_string(),
                line.rate.to_string(),
                line.weighted_words.to_string(),
            );
            sheet.row([line.band.as_str(), line.label, &segments, &words, &rate, &weighted]);
        }
        let total = &self.total;
        let (segments, words, weighted) =
            (total.segments.to_string(), total.words.to_string(), total.weighted_words.to_string());
        sheet.row(["total", "Total", &segments, &words, "", &weighted]);
        sheet.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_fall_in_their_bands() {
        for (score, band) in [
            (Some(100), Band::Exact),
            (Some(99), Band::High),
            (Some(95), Band::High),
            (Some(94), Band::Good),
            (Some(85), Band::Good),
            (Some(84), Band::Fair),
            (Some(75), Band::Fair),
            (Some(74), Band::Low),
            (Some(50), Band::Low),
            (Some(49), Band::NoMatch),
            (Some(0), Band::NoMatch),
            (None, Band::NoMatch),
        ] {
            assert_eq!(Band::of_score(score), band, "{score:?}");
        }
    }

    #[test]
    fn a_sentence_repeats_only_after_its_first_occurrence_whatever_its_spelling() {
        for (name, sources, expected) in [
            ("distinct", vec!["ردود فعل", "كيف بدأت القصة؟"], vec![false, false]),
            (
                "hamza, tatweel and spacing do not make a new sentence",
                vec!["وأعلن التلفزيون مقـ.ـتل 13", "كيف بدأت القصة؟", "واعلن  التلفزيون مقتل 13"],
                vec![false, false, true],
            ),
            ("three times", vec!["ردود فعل", "ردود فعل", "ردود فعل"], vec![false, true, true]),
            ("a changed number is another sentence", vec!["مقتل 13", "مقتل 12"], vec![false, false]),
        ] {
            assert_eq!(repetitions(sources), expected, "{name}");
        }
    }

    #[test]
    fn an_exact_match_is_in_context_between_the_same_sentences() {
        let (before, after) = ("وأعلن التلفزيون الرسمي مقـ.ـتل 13 من أفراد الأمن.", "كيف بدأت القصة؟");
        let here = Context { previous: Some(before), next: Some(after) };
        for (name, there, expected) in [
            ("same neighbours", here, true),
            (
                "same neighbours, other spelling",
                Context {
                    previous: Some("واعلن التلفزيون الرسمي مقتل 13 من افراد الامن."),
                    next: Some(after),
                },
                true,
            ),
            ("another sentence before", Context { previous: Some("ردود فعل"), next: Some(after) }, false),
            ("first in its article", Context { previous: None, next: Some(after) }, false),
            ("alone in its article", Context::default(), false),
        ] {
            assert_eq!(here.matches(&there), expected, "{name}");
        }
        assert!(
            Context { previous: None, next: None }.matches(&Context::default()),
            "a one-sentence article"
        );
        let exact =
            |repetition, in_context| SegmentBand::new(1, after, repetition, Some(100), in_context).band;
        assert_eq!(
            [exact(false, true), exact(false, false), exact(true, true)],
            [Band::InContext, Band::Exact, Band::Repetition]
        );
        assert_eq!(
            SegmentBand::new(1, after, false, Some(99), true).band,
            Band::High,
            "only 100% is in context"
        );
    }

    #[test]
    fn weighted_words_follow_the_rates() {
        let segment = |id, source, repetition, score| SegmentBand::new(id, source, repetition, score, false);
        let segments = [
            segment(1, "اعتبرت الصين ما يجري في كازاخستان شأنًا داخليًا.", false, Some(100)), // 8 words
            segment(2, "ردود فعل", false, Some(91)),                                        // 2 words
            segment(3, "ردود فعل", true, None),                                             // 2 words
            segment(4, "كيف بدأت القصة؟", false, Some(30)),                                 // 3 words
            SegmentBand::new(5, "كيف بدأت القصة؟ ردود فعل", false, Some(100), true),        // 5 words
        ];
        let summary = Summary::of(&segments, &Rates::default());
        let line = |band: Band| &summary.bands[band as usize];
        for (band, segments, words, weighted) in [
            (Band::Exact, 1, 8, 2.4),
            (Band::Good, 1, 2, 1.2),
            (Band::Repetition, 1, 2, 0.6),
            (Band::NoMatch, 1, 3, 3.0),
            (Band::High, 0, 0, 0.0),
            (Band::InContext, 1, 5, 0.0),
        ] {
            assert_eq!(
                (line(band).segments, line(band).words, line(band).weighted_words),
                (segments, words, weighted)
            );
        }
        assert_eq!(summary.total, Totals { segments: 5, words: 20, weighted_words: 7.2 });

        let mut rates = Rates::default();
        rates.set(Band::Exact, 0).unwrap();
        rates.set(Band::NoMatch, 50).unwrap();
        assert_eq!(Summary::of(&segments, &rates).total.weighted_words, 3.3, "0 + 1.2 + 0.6 + 1.5");
    }

    #[test]
    fn rates_are_percentages_and_default_to_matecat() {
        let rates = Rates::default();
        let defaults: Vec<(&str, u8)> = rates.iter().map(|(b, r)| (b.as_str(), r)).collect();
        assert_eq!(
            defaults,
            [
                ("repetition", 30),
                ("in_context", 0),
                ("exact", 30),
                ("95-99", 60),
                ("85-94", 60),
                ("75-84", 60),
                ("50-74", 100),
                ("no_match", 100)
            ]
        );
        let mut rates = Rates::default();
        for percent in [-1, 101, 300] {
            assert_eq!(rates.set(Band::High, percent), Err(RateOutOfRange { band: Band::High, percent }));
        }
        assert_eq!(rates, Rates::default(), "a refused rate changes nothing");
        assert_eq!("85-94".parse::<Band>(), Ok(Band::Good));
        assert!(Band::ALL.into_iter().all(|band| band.row().0 == band), "the table follows the enum");
        assert!("fuzzy".parse::<Band>().is_err());
    }
}
