//! Character facts used by the normaliser and the tokenizer, as tables.
//!
//! Everything that decides how one character is treated when text is matched lives here, so a new fold or
//! a new invisible control is one line in one table.

/// The tatweel (kashida), a stretching stroke with no meaning.
pub const TATWEEL: char = '\u{0640}';

/// Characters that carry no letter: tatweel, tashkeel, Quranic marks, zero-width and bidi controls.
/// They are dropped from the normalised view and may sit anywhere inside a word.
const IGNORABLE: &[(char, char)] = &[
    ('\u{0640}', '\u{0640}'),   // tatweel
    ('\u{064B}', '\u{065F}'),   // tashkeel: tanween, harakat, shadda, sukun, hamza/madda marks
    ('\u{0670}', '\u{0670}'),   // superscript alef
    ('\u{06D6}', '\u{06ED}'),   // Quranic annotation marks
    ('\u{0610}', '\u{061A}'),   // honorific and Quranic signs above letters
    ('\u{061C}', '\u{061C}'),   // Arabic letter mark
    ('\u{00AD}', '\u{00AD}'),   // soft hyphen
    ('\u{200B}', '\u{200F}'),   // zero-width space, (non-)joiner, LRM, RLM
    ('\u{202A}', '\u{202E}'),   // bidi embeddings and overrides
    ('\u{2060}', '\u{2060}'),   // word joiner
    ('\u{2066}', '\u{2069}'),   // bidi isolates
    ('\u{FEFF}', '\u{FEFF}'),   // byte order mark / zero-width no-break space
    ('\u{F0000}', '\u{FBFFF}'), // inline codes' markers (crate::inline): matching reads the text between codes
];

/// One-to-one folds applied after NFKC: letter shapes that writers use interchangeably, and the Arabic
/// forms of digits and punctuation.
const FOLDS: &[(char, char)] = &[
    ('أ', 'ا'),
    ('إ', 'ا'),
    ('آ', 'ا'),
    ('ٱ', 'ا'),
    ('ى', 'ي'),
    ('ة', 'ه'),
    ('ی', 'ي'), // Persian yeh, typed on Persian keyboards
    ('ک', 'ك'), // Persian keheh
    ('ۀ', 'ه'),
    ('٪', '%'),
    ('٫', '.'),
    ('٬', ','),
    ('،', ','),
    ('؛', ';'),
    ('؟', '?'),
    ('“', '"'),
    ('”', '"'),
    ('„', '"'),
    ('‟', '"'),
    ('«', '"'),
    ('»', '"'),
    ('‘', '\''),
    ('’', '\''),
    ('‚', '\''),
    ('‛', '\''),
];

/// Blocks of decimal digits whose value is `c - start`: Arabic-Indic and Persian (extended Arabic-Indic).
const DIGIT_BLOCKS: &[char] = &['\u{0660}', '\u{06F0}'];

/// Ranges whose characters are letters of the Arabic script (base block, supplements, presentation forms).
const ARABIC_LETTERS: &[(char, char)] = &[
    ('\u{0620}', '\u{063F}'),
    ('\u{0641}', '\u{064A}'),
    ('\u{066E}', '\u{066F}'),
    ('\u{0671}', '\u{06D3}'),
    ('\u{06D5}', '\u{06D5}'),
    ('\u{06EE}', '\u{06EF}'),
    ('\u{06FA}', '\u{06FF}'),
    ('\u{0750}', '\u{077F}'),
    ('\u{08A0}', '\u{08C9}'),
    ('\u{FB50}', '\u{FDFF}'),
    ('\u{FE70}', '\u{FEFC}'),
];

/// Characters that join two digits into one number: `3.67`, `٣٫٦٧`, `1,000`.
pub const NUMBER_JOINERS: &[char] = &['.', '٫', ',', '٬'];

/// Characters that join two Latin letters into one word: `U.S`, `d'Ivoire`.
pub const LATIN_JOINERS: &[char] = &['.', '\'', '’'];

/// Quotation marks that may stand between a separated proclitic and its word: «لـ”رويترز”».
pub const QUOTES: &[char] = &['"', '\'', '“', '”', '„', '«', '»', '‘', '’'];

/// Characters besides whitespace that may link two words of one term: «نور-سلطان», Nur-Sultan.
pub const WORD_LINKS: &[char] = &['-', '‐', '‑'];

const fn in_ranges(c: char, ranges: &[(char, char)]) -> bool {
    let mut i = 0;
    while i < ranges.len() {
        if ranges[i].0 as u32 <= c as u32 && c as u32 <= ranges[i].1 as u32 {
            return true;
        }
        i += 1;
    }
    false
}

/// The Arabic block, where almost all characters of Arabic text live.
const BLOCK_START: u32 = 0x0600;
const BLOCK_LEN: usize = 0x100;

/// What each character of the Arabic block becomes, precomputed from the tables above: `'\0'` for an
/// ignorable, else its fold (Arabic has no case, so nothing else changes).
static BLOCK_FOLDS: [char; BLOCK_LEN] = block_folds();

const fn block_folds() -> [char; BLOCK_LEN] {
    let mut table = ['\0'; BLOCK_LEN];
    let mut i = 0;
    while i < BLOCK_LEN {
        let c = match char::from_u32(BLOCK_START + i as u32) {
            Some(c) => c,
            None => '\0',
        };
        table[i] = if in_ranges(c, IGNORABLE) { '\0' } else { fold_one(c) };
        i += 1;
    }
    table
}

/// `c` after [`FOLDS`] and [`DIGIT_BLOCKS`], without case folding.
const fn fold_one(c: char) -> char {
    let mut i = 0;
    while i < FOLDS.len() {
        if FOLDS[i].0 == c {
            return FOLDS[i].1;
        }
        i += 1;
    }
    let mut d = 0;
    while d < DIGIT_BLOCKS.len() {
        let value = (c as u32).wrapping_sub(DIGIT_BLOCKS[d] as u32);
        if value < 10 {
            return (b'0' + value as u8) as char;
        }
        d += 1;
    }
    c
}

fn block_fold(c: char) -> Option<char> {
    let offset = (c as u32).wrapping_sub(BLOCK_START) as usize;
    BLOCK_FOLDS.get(offset).copied()
}

/// Whether `c` is dropped from the normalised view: tatweel, tashkeel, Quranic marks, invisible controls.
pub fn is_ignorable(c: char) -> bool {
    match block_fold(c) {
        Some(folded) => folded == '\0',
        // Fast path: nothing below U+00AD is ignorable.
        None => c >= '\u{00AD}' && in_ranges(c, IGNORABLE),
    }
}

/// Whether `c` is a letter of the Arabic script.
pub fn is_arabic_letter(c: char) -> bool {
    c >= '\u{0620}' && in_ranges(c, ARABIC_LETTERS)
}

/// Whether `c` belongs inside a word: a letter, a digit or a combining mark, but not an ignorable.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if block_fold(c).is_some() {
        return is_arabic_letter(c) || digit_value(c).is_some();
    }
    !is_ignorable(c) && (c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c))
}

/// Whether `c` is a combining mark, answered fast for ASCII and Arabic letters.
pub fn is_mark(c: char) -> bool {
    (c as u32) >= 0x0300 && !is_arabic_letter(c) && unicode_normalization::char::is_combining_mark(c)
}

/// Whether `c` is a Latin letter (the scripts that use `.` and `'` inside words).
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{00C0}'..='\u{024F}').contains(&c) && c.is_alphabetic())
}

/// The decimal value of `c` if it is an ASCII, Arabic-Indic or Persian digit.
pub fn digit_value(c: char) -> Option<u32> {
    let ascii = (c as u32).wrapping_sub('0' as u32);
    if ascii < 10 {
        return Some(ascii);
    }
    DIGIT_BLOCKS.iter().map(|&zero| (c as u32).wrapping_sub(zero as u32)).find(|&value| value < 10)
}

/// Appends the matching form of one character that NFKC has already seen: folded, then lower-cased.
/// Pushes nothing for ignorables.
pub fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if let Some(folded) = block_fold(c) {
        if folded != '\0' {
            out.push(folded);
        }
    } else if !is_ignorable(c) {
        let folded = fold_one(c);
        if folded == c {
            out.extend(c.to_lowercase());
        } else {
            out.push(folded);
        }
    }
}

/// Whether NFKC leaves `c` unchanged when no combining mark follows it, so the normaliser can skip NFKC.
/// True for ASCII and for the Arabic block except the few characters with compatibility decompositions.
pub fn is_nfkc_inert(c: char) -> bool {
    c.is_ascii() || (('\u{0600}'..='\u{06FF}').contains(&c) && !('\u{0675}'..='\u{0678}').contains(&c))
}

/// Whether XML 1.0 can carry the character: not the C0 controls other than tab, line feed and carriage
/// return, nor U+FFFE and U+FFFF. Every text that may be exported as XML (imported files, targets, titles,
/// glossary terms) is held to this, because a writer can only drop what XML cannot carry, and a dropped
/// character makes an unchanged round trip look like an edit.
pub fn is_xml_char(c: char) -> bool {
    !matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Refuses a text that XML cannot carry, saying which character and where, for people: `what` names the
/// text ("the target"). Saves and titles go through here, so that nothing stored is lost on export.
pub fn exportable(what: &str, text: &str) -> Result<(), String> {
    match first_not_in_xml(text) {
        Some((at, c)) => Err(format!(
            "{what} holds U+{:04X} at character {}: control characters (other than tab and line breaks), U+FFFE \
             and U+FFFF cannot be written to XLIFF, TMX or DOCX; remove it",
            u32::from(c),
            text[..at].chars().count() + 1
        )),
        None => Ok(()),
    }
}

/// The first character of `text` that XML cannot carry, with its byte offset.
pub fn first_not_in_xml(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| !is_xml_char(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_every_block_fold_to_ascii() {
        for (name, input, expected) in [
            ("ascii", '7', Some(7)),
            ("arabic-indic", '٣', Some(3)),
            ("persian", '۹', Some(9)),
            ("letter", 'ب', None),
        ] {
            assert_eq!(digit_value(input), expected, "{name}");
        }
    }

    #[test]
    fn classes() {
        for (name, c, ignorable, word) in [
            ("tatweel", 'ـ', true, false),
            ("fatha", '\u{064E}', true, false),
            ("rlm", '\u{200F}', true, false),
            ("alef", 'ا', false, true),
            ("latin", 'Q', false, true),
            ("arabic comma", '،', false, false),
            ("acute accent", '\u{0301}', false, true),
        ] {
            assert_eq!((is_ignorable(c), is_word_char(c)), (ignorable, word), "{name}");
        }
    }
}
