//! The first stage of a fuzzy lookup: word keys, and which of a sentence's keys a candidate must share.
//!
//! Trigrams alone are too blunt for a million units: every sentence shares «في», «من» and «ال…» trigrams with
//! half the memory. Instead each unit is indexed by its distinct word keys (a light stem: clitics and
//! inflectional endings off, so «والقوات» and «القوات» are one key), and a lookup asks only for the rarest
//! keys of the sentence. If a unit may miss at most `k` of the sentence's `n` keys and still reach the
//! threshold, then any `k + r` of those keys contain at least `r` of the unit's: a unit sharing fewer of the
//! rarest `k + r` keys cannot qualify (prefix filtering, as in set-similarity joins). Rare keys have short
//! posting lists, so the index hands back a few rows instead of a few hundred thousand.
//!
//! Pure: the store decides how rare a key is and runs the query.

use crate::text::arabic::{INFLECTIONS, PROCLITICS};
use crate::text::{tokenize, TokenKind};

/// Shortest stem left when a clitic or an ending comes off: «ولد» is a word, not a conjunction on «لد».
const MIN_KEY_CHARS: usize = 3;

/// The distinct word keys of a text, in first-seen order.
pub fn keys(text: &str) -> Vec<String> {
    let tokens = tokenize(text);
    let mut keys: Vec<String> = Vec::new();
    for token in tokens.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
        let key = stem(tokens.norm(token));
        if !keys.iter().any(|k| k == key) {
            keys.push(key.to_owned());
        }
    }
    keys
}

/// A normalised word without its longest proclitic and its longest inflectional ending, as long as a stem
/// of [`MIN_KEY_CHARS`] is left. Words outside the Arabic script come back as they are.
fn stem(word: &str) -> &str {
    let mut stem = word;
    if let Some(rest) = longest_strip(stem, PROCLITICS.iter().copied(), str::strip_prefix) {
        stem = rest;
    }
    let endings = INFLECTIONS.iter().map(|i| i.text_ending).chain(["ه"]);
    if let Some(rest) = longest_strip(stem, endings, str::strip_suffix) {
        stem = rest;
    }
    stem
}

fn longest_strip<'a>(
    word: &'a str,
    affixes: impl Iterator<Item = &'static str>,
    strip: fn(&'a str, &'static str) -> Option<&'a str>,
) -> Option<&'a str> {
    affixes
        .filter_map(|affix| strip(word, affix))
        .filter(|rest| rest.chars().count() >= MIN_KEY_CHARS)
        .min_by_key(|rest| rest.len())
}

/// Which keys a lookup asks the index for, and how many of them a candidate must contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// The rarest keys of the sentence.
    pub keys: Vec<String>,
    /// How many of them a candidate must share.
    pub required: usize,
    /// Whether every chosen key is rare enough that the units holding them are few, so that every unit
    /// that may reach the threshold is found. When not (a sentence of the commonest words), the probe is the
    /// sentence's four rarest keys, two of them enough, and the store reads a bounded number of the units
    /// holding them: finding every unit would mean reading a good part of the memory.
    pub selective: bool,
}

/// A probe of the index: the units holding every key of `all` and at least one of `any` (positions in
/// [`Probe::keys`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Keys a candidate of this group holds, each.
    pub all: Vec<usize>,
    /// Keys a candidate of this group holds one of, at least.
    pub any: Vec<usize>,
}

impl Probe {
    /// Groups whose candidates together are the units holding `required` of the keys or more: for each
    /// choice of `required - 1` keys, the units holding them and one of the keys after the last of them
    /// (a unit's first `required` keys name its group). Fewer probes than one per choice of `required`
    /// keys, each intersecting the rarest posting lists first. With `required` 1, one group per key.
    pub fn groups(&self) -> Vec<Group> {
        let n = self.keys.len();
        if self.required <= 1 {
            return (0..n).map(|k| Group { all: vec![k], any: vec![k] }).collect();
        }
        let mut choices = Vec::new();
        let mut choice = Vec::with_capacity(self.required - 1);
        combinations(n.saturating_sub(1), self.required - 1, 0, &mut choice, &mut choices);
        choices
            .into_iter()
            .map(|all| {
                let after = all.last().map_or(0, |last| last + 1);
                Group { all, any: (after..n).collect() }
            })
            .collect()
    }
}

fn combinations(n: usize, size: usize, from: usize, group: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    if group.len() == size {
        out.push(group.clone());
        return;
    }
    for next in from..n {
        group.push(next);
        combinations(n, size, next + 1, group, out);
        group.pop();
    }
}

/// How many of a probe's keys a qualifying candidate shares at least, when enough keys are left over.
const REQUIRED_SHARED: usize = 2;

/// A key held by more than this share of units is no evidence: two of them together still name thousands
/// of units in a million.
const COMMON_SHARE: f64 = 0.02;

/// The probe for a sentence whose `keys` come with how common each is (a share of units, 0 when unknown),
/// for candidates scoring at least `minimum` percent. The score counts edited characters, so a unit at
/// `minimum` misses about `100 - minimum` percent of the sentence's keys; rounding up leaves room for short
/// words, which cost few characters. Unknown keys count as the rarest, longer ones first.
pub fn probe(mut keys: Vec<(String, f64)>, minimum: u8) -> Probe {
    let n = keys.len();
    let may_miss = (n * usize::from(100 - minimum.min(100))).div_ceil(100);
    keys.sort_by(|(a, fa), (b, fb)| fa.total_cmp(fb).then(b.chars().count().cmp(&a.chars().count())));
    let take = (may_miss + REQUIRED_SHARED).min(n);
    let selective = keys.iter().take(take).all(|(_, share)| *share <= COMMON_SHARE);
    let (take, required) = if selective {
        (take, take.saturating_sub(may_miss).max(1).min(take))
    } else {
        // A near twin keeps most of the sentence's words: two of its four rarest keys, say.
        let take = (REQUIRED_SHARED + 2).min(n);
        (take, if take > REQUIRED_SHARED { REQUIRED_SHARED } else { 1 })
    };
    keys.truncate(take);
    Probe { required, selective, keys: keys.into_iter().map(|k| k.0).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::LanguageTag;
    use crate::text::segment;
    use crate::tm::score::score;

    const SEED: &str = include_str!("../../samples/kazakhstan-csto.ar.txt");

    /// Sentences of the seed changed the ways a newsroom's next sentence differs from its last one.
    fn variants(sentence: &str) -> Vec<String> {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let with = |f: &dyn Fn(usize, &str) -> Option<String>| -> String {
            words.iter().enumerate().filter_map(|(i, w)| f(i, w)).collect::<Vec<_>>().join(" ")
        };
        let mut out = Vec::new();
        for at in 0..words.len() {
            out.push(with(&|i, w| Some(if i == at { "تغيير".to_owned() } else { w.to_owned() })));
            out.push(with(&|i, w| (i != at).then(|| w.to_owned())));
            out.push(with(&|i, w| Some(if i / 2 == at / 2 { "جديد".to_owned() } else { w.to_owned() })));
            out.push(with(&|i, w| Some(if i % 3 == at % 3 { format!("و{w}") } else { w.to_owned() })));
        }
        out.push(format!("{sentence} وأضاف"));
        out
    }

    /// What the store asks the index: does the candidate hold every key of a group and one of its others?
    fn passes(probe: &Probe, candidate: &str) -> bool {
        let candidate = keys(candidate);
        let holds = |k: &usize| candidate.contains(&probe.keys[*k]);
        probe.groups().iter().any(|group| group.all.iter().all(holds) && group.any.iter().any(holds))
    }

    #[test]
    fn every_variant_scoring_seventy_or_more_passes_the_first_stage() {
        let ar = LanguageTag::parse("ar").unwrap();
        let mut checked = 0;
        for sentence in segment(SEED, &ar) {
            let sentence = sentence.text;
            // Whichever keys the statistics call rarest: the longest first, then the shortest first.
            let by_length = |sign: f64| -> Vec<(String, f64)> {
                keys(&sentence)
                    .into_iter()
                    .map(|k| (k.clone(), sign * k.chars().count() as f64 / 1e4))
                    .collect()
            };
            for rarity in [by_length(0.0), by_length(1.0)] {
                let probe = probe(rarity, 70);
                for variant in variants(&sentence) {
                    if score(&sentence, &variant).percent >= 70 {
                        checked += 1;
                        assert!(passes(&probe, &variant), "{sentence}\n{variant}\n{probe:?}");
                    }
                }
            }
        }
        assert!(checked > 500, "only {checked} variants reached 70%");
    }

    #[test]
    fn clitics_and_endings_fold_into_one_key() {
        for (name, a, b) in [
            ("conjunction and article", "والقوات", "القوات"),
            ("preposition and article", "بالمنظمة", "المنظمه"),
            ("attached pronoun on a ta marbuta", "منظمتها", "منظمة"),
            ("hamza and tatweel", "أوكـرانيا", "اوكرانيا"),
            ("sound plural", "المحتجون", "محتج"),
        ] {
            assert_eq!(keys(a), keys(b), "{name}");
        }
    }

    #[test]
    fn short_words_keep_their_letters() {
        assert_eq!(keys("ولد في بلد"), vec!["ولد", "في", "بلد"]);
        assert_eq!(keys("CSTO troops, 2019 and 8٪"), vec!["csto", "troops", "2019", "and", "8"]);
    }

    #[test]
    fn keys_are_distinct() {
        assert_eq!(keys("القوات والقوات قوات"), vec!["قوات"]);
    }

    #[test]
    fn a_probe_takes_the_rarest_keys_and_leaves_room_for_the_misses() {
        let keys: Vec<(String, f64)> = [
            ("في", 0.4),
            ("قوات", 0.01),
            ("كازاخستان", 0.0),
            ("منظم", 0.02),
            ("من", 0.5),
            ("امن", 0.03),
            ("جماع", 0.0),
            ("معاهد", 0.001),
            ("سلام", 0.02),
            ("حفظ", 0.05),
        ]
        .into_iter()
        .map(|(k, f)| (k.to_owned(), f))
        .collect();
        // Ten keys at 70%: three may be missing, so five are asked for and two must be shared.
        assert_eq!(
            probe(keys.clone(), 70),
            Probe {
                keys: vec!["كازاخستان", "جماع", "معاهد", "قوات", "منظم"]
                    .into_iter()
                    .map(String::from)
                    .collect(),
                required: 2,
                selective: true,
            }
        );
        assert_eq!(probe(keys.clone(), 100).required, 2);
        // At 50% the five may-miss keys and two more reach «امن», in three units of a hundred: too common to
        // read every unit holding it, so the four rarest keys are asked for, two of them enough.
        let rarest = ["كازاخستان", "جماع", "معاهد", "قوات"].map(String::from).to_vec();
        let broad = Probe { keys: rarest, required: 2, selective: false };
        assert_eq!(probe(keys, 50), broad);
    }

    #[test]
    fn groups_name_every_unit_holding_the_required_number_of_keys() {
        let group = |all: &[usize], any: &[usize]| Group { all: all.to_vec(), any: any.to_vec() };
        let probe =
            Probe { keys: ["a", "b", "c", "d"].map(String::from).to_vec(), required: 2, selective: true };
        assert_eq!(probe.groups(), [group(&[0], &[1, 2, 3]), group(&[1], &[2, 3]), group(&[2], &[3])]);
        let three = Probe { required: 3, ..probe.clone() };
        assert_eq!(three.groups(), [group(&[0, 1], &[2, 3]), group(&[0, 2], &[3]), group(&[1, 2], &[3])]);
        let one = Probe { required: 1, ..probe.clone() };
        assert_eq!(
            one.groups(),
            [group(&[0], &[0]), group(&[1], &[1]), group(&[2], &[2]), group(&[3], &[3])]
        );
        // Every set of keys passes exactly when it holds `required` of them.
        for required in 1..=4 {
            let probe = Probe { required, ..probe.clone() };
            for held in 0..16u32 {
                let holds = |k: &usize| held & (1 << k) != 0;
                let passes =
                    probe.groups().iter().any(|g| g.all.iter().all(holds) && g.any.iter().any(holds));
                assert_eq!(passes, held.count_ones() as usize >= required, "{required} of {held:04b}");
            }
        }
    }

    #[test]
    fn a_short_sentence_asks_for_every_key() {
        let keys = vec![("قوات".to_owned(), 0.1), ("امن".to_owned(), 0.2)];
        // One of two words may differ at 70% (short words cost few characters): either key will do.
        let both = Probe { keys: vec!["قوات".into(), "امن".into()], required: 1, selective: false };
        assert_eq!(probe(keys, 70), both);
        assert_eq!(probe(vec![], 70), Probe { keys: vec![], required: 0, selective: true });
    }
}
