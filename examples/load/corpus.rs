//! A synthetic Arabic news memory, as large as wanted and the same on every run: unit `i` depends only on
//! `i`, so the suggestion benchmark can rebuild any unit it queries without reading the TMX back.
//!
//! Words follow Zipf's law over a vocabulary the size of a newsroom's (the seed article's words first, so
//! «في», «من» and «على» are as common as in news, then 60,000 forms built from three-letter roots, templates
//! and clitics), sentences have 8 to 30 words, some commas and numbers. What the first stage of a lookup
//! meets in real news, common words everywhere and rare words somewhere, it meets here.

const SEED: &str = include_str!("../../samples/kazakhstan-csto.ar.txt");
const LETTERS: &[char] = &[
    'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ', 'ف', 'ق', 'ك',
    'ل', 'م', 'ن', 'ه', 'و', 'ي',
];
/// Arabic word templates over a root's three letters (1, 2, 3).
const TEMPLATES: &[&str] =
    &["123", "م123", "1ا23", "12ي3", "ت123", "م12و3", "123ات", "است123", "12ا3", "ا12ا3", "1و23", "م1ت23"];
const CLITICS: &[&str] = &["", "", "", "ال", "و", "ب", "وال", "بال", "ل", "لل"];
const SYNTHETIC_WORDS: usize = 60_000;
const ENGLISH_WORDS: usize = 5_000;

/// The same stream of numbers for the same seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// splitmix64.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub struct Corpus {
    arabic: Vec<String>,
    english: Vec<String>,
    /// Cumulative Zipf weights over `arabic`'s ranks.
    cumulative: Vec<f64>,
}

/// One unit: the Arabic source and its (nonsense but realistically sized) English target.
pub struct Sentence {
    pub source: String,
    pub target: String,
}

impl Corpus {
    pub fn new() -> Self {
        let mut arabic: Vec<String> = Vec::new();
        for word in SEED.split_whitespace() {
            let word: String =
                word.chars().filter(|c| !c.is_ascii_punctuation() && !"،؛؟«»“”".contains(*c)).collect();
            if !word.is_empty() && !arabic.contains(&word) {
                arabic.push(word);
            }
        }
        let mut rng = Rng::new(7);
        while arabic.len() < SYNTHETIC_WORDS {
            let root = [
                LETTERS[rng.below(LETTERS.len())],
                LETTERS[rng.below(LETTERS.len())],
                LETTERS[rng.below(LETTERS.len())],
            ];
            let template = TEMPLATES[rng.below(TEMPLATES.len())];
            let stem: String =
                template.chars().map(|c| c.to_digit(10).map_or(c, |d| root[d as usize - 1])).collect();
            arabic.push(format!("{}{stem}", CLITICS[rng.below(CLITICS.len())]));
        }
        let english = (0..ENGLISH_WORDS)
            .map(|_| (0..3 + rng.below(7)).map(|_| (b'a' + rng.below(26) as u8) as char).collect())
            .collect();
        let mut total = 0.0;
        let cumulative = (1..=arabic.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Self { arabic, english, cumulative }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let at = rng.unit() * self.cumulative.last().expect("words");
        &self.arabic[self.cumulative.partition_point(|&c| c < at).min(self.arabic.len() - 1)]
    }

    /// Unit `i` of the memory generated with `seed`.
    pub fn sentence(&self, seed: u64, i: u64) -> Sentence {
        let mut rng = Rng::new(seed.wrapping_mul(0x1000_0000_01B3) ^ i);
        let length = 8 + rng.below(23);
        let mut words: Vec<String> = (0..length).map(|_| self.word(&mut rng).to_owned()).collect();
        if rng.below(5) == 0 {
            let at = rng.below(length);
            words[at] = (1 + rng.below(2025)).to_string();
        }
        if rng.below(3) == 0 {
            let at = rng.below(length - 1);
            words[at].push('،');
        }
        let target_words: Vec<&str> =
            (0..length + length / 4).map(|_| self.english[rng.below(self.english.len())].as_str()).collect();
        Sentence { source: format!("{}.", words.join(" ")), target: format!("{}.", target_words.join(" ")) }
    }

    /// `sentence` with `changes` words replaced by others, as the next article of a story differs.
    pub fn edited(&self, sentence: &str, changes: usize, rng: &mut Rng) -> String {
        let mut words: Vec<String> = sentence.trim_end_matches('.').split(' ').map(str::to_owned).collect();
        for _ in 0..changes {
            let at = rng.below(words.len());
            words[at] = self.word(rng).to_owned();
        }
        format!("{}.", words.join(" "))
    }
}

/// A TMX 1.4b file of units `from..to`.
pub fn tmx(corpus: &Corpus, seed: u64, from: u64, to: u64) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"tarjuman-load\" \
         creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"tarjuman\" adminlang=\"en\" srclang=\"ar\" \
         datatype=\"plaintext\"/>\n<body>\n",
    );
    for i in from..to {
        let Sentence { source, target } = corpus.sentence(seed, i);
        out.push_str(&format!(
            "<tu tuid=\"{i}\"><tuv xml:lang=\"ar\"><seg>{source}</seg></tuv><tuv xml:lang=\"en\"><seg>{target}</seg></tuv></tu>\n"
        ));
    }
    out.push_str("</body>\n</tmx>\n");
    out
}
