//! Arabic morphology as data: the proclitics a word may carry and the inflectional endings the light
//! stemmer may swap. Every form is written normalised (ة as ه, bare alef), as the matcher compares them.
//!
//! The endings are inflection only (gender, number, attached pronouns). Derivational endings such as the
//! nisba ي/ية/يين are deliberately absent: they make a new word («إيران» Iran → «الإيرانيين» Iranians,
//! «إرهاب» terrorism → «إرهابي» terrorist), so a term ending in ي lists its own nisba and inflects from there
//! («كازاخي» → «الكازاخية»).

/// The definite article, optional on every word of a multi-word term.
pub const ARTICLE: &str = "ال";

/// Proclitic sequences allowed on the first word of a term: conjunctions و ف, prepositions ب ك ل, the
/// article, and their combinations. ل + ال is written لل.
pub const PROCLITICS: &[&str] = &[
    "و", "ف", "ب", "ك", "ل", "ال", "لل", "وال", "فال", "بال", "كال", "ولل", "فلل", "وب", "فب", "وك", "فك",
    "ول", "فل", "وبال", "فبال", "وكال", "فكال",
];

/// Shortest stem (in letters) left after stripping a proclitic or an ending: «لل» + «سلطات» is a split,
/// «ل» + «ن» is not.
pub const MIN_STEM_CHARS: usize = 2;

/// Shortest term word (in letters) that may be spelled differently and still be reported as a variant.
pub const MIN_VARIANT_WORD_CHARS: usize = 4;

/// One inflection: a term word ending in `term_ending` appears in text with `text_ending` instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inflection {
    /// How the dictionary form ends: empty, or ه (a normalised ta marbuta).
    pub term_ending: &'static str,
    /// How the inflected form ends.
    pub text_ending: &'static str,
}

const fn swap(term_ending: &'static str, text_ending: &'static str) -> Inflection {
    Inflection { term_ending, text_ending }
}

/// The endings the light stemmer knows.
pub const INFLECTIONS: &[Inflection] = &[
    // Feminine, sound plurals, duals: كازاخي → كازاخية، مواطن → مواطنون، جندي → جنديان.
    swap("", "ه"),
    swap("", "ات"),
    swap("", "ان"),
    swap("", "ين"),
    swap("", "ون"),
    // Attached pronouns: حقوقهم، بلادنا.
    swap("", "ها"),
    swap("", "هم"),
    swap("", "هما"),
    swap("", "هن"),
    swap("", "كم"),
    swap("", "كما"),
    swap("", "كن"),
    swap("", "نا"),
    swap("", "ك"),
    // Ta marbuta: plural, dual, and ت before a pronoun: ناقلة → ناقلات، منظمة → منظمتها.
    swap("ه", "ات"),
    swap("ه", "تان"),
    swap("ه", "تين"),
    swap("ه", "ته"),
    swap("ه", "تها"),
    swap("ه", "تهم"),
    swap("ه", "تهما"),
    swap("ه", "تهن"),
    swap("ه", "تك"),
    swap("ه", "تكم"),
    swap("ه", "تنا"),
    swap("ه", "تي"),
    swap("ه", "اته"),
    swap("ه", "اتها"),
    swap("ه", "اتهم"),
    swap("ه", "اتنا"),
    swap("ه", "اتكم"),
];

/// The dictionary-form endings that [`INFLECTIONS`] may replace, besides the empty one.
pub const TERM_ENDINGS: &[&str] = &["ه"];
