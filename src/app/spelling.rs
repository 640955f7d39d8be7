//! Hunspell dictionaries, read once per process on first use and shared by every request, and the
//! dictionary an article is checked with. Debian's `hunspell-en-us` and `hunspell-en-gb` put them in
//! `/usr/share/hunspell` (`TARJUMAN_HUNSPELL_DIR` elsewhere). A dictionary that is missing or broken turns
//! the check off for its language and says so once in the log; it never fails a save.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::lang::LanguageTag;
use crate::qa::spelling::Dictionary;

/// Where dictionaries are looked for when `TARJUMAN_HUNSPELL_DIR` is unset.
const DEFAULT_DIR: &str = "/usr/share/hunspell";

type Slot = Arc<OnceLock<Option<Arc<Dictionary>>>>;

/// The dictionaries of one process, each read the first time a language asks for it.
#[derive(Debug)]
pub struct Dictionaries {
    dir: PathBuf,
    loaded: Mutex<HashMap<LanguageTag, Slot>>,
}

impl Dictionaries {
    /// Dictionaries read from `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into(), loaded: Mutex::default() }
    }

    /// The process's dictionaries, from `TARJUMAN_HUNSPELL_DIR` or `/usr/share/hunspell`.
    pub fn shared() -> &'static Self {
        static SHARED: OnceLock<Dictionaries> = OnceLock::new();
        SHARED.get_or_init(|| {
            Self::new(std::env::var_os("TARJUMAN_HUNSPELL_DIR").map_or(DEFAULT_DIR.into(), PathBuf::from))
        })
    }

    /// The dictionary of `tag` (`en-US`, `en-GB`, `fr`), read on first use off the async threads; `None`
    /// when it is missing or cannot be read, which is logged the first time.
    pub async fn get(&self, tag: &LanguageTag) -> Option<Arc<Dictionary>> {
        let slot = {
            let mut loaded = self.loaded.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            loaded.entry(tag.clone()).or_default().clone()
        };
        if let Some(dictionary) = slot.get() {
            return dictionary.clone();
        }
        let (dir, tag) = (self.dir.clone(), tag.clone());
        let reading = tokio::task::spawn_blocking(move || slot.get_or_init(|| load(&dir, tag)).clone());
        reading.await.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
    }

    /// Logs, at start, each of the dictionaries the desk may choose that is not installed.
    pub fn report_missing(&self) {
        for tag in ["en-US", "en-GB"] {
            let (aff, dic) = files(&self.dir, &LanguageTag::parse(tag).expect("a valid tag"));
            if !aff.is_file() || !dic.is_file() {
                tracing::warn!("{}", missing(tag, &dic));
            }
        }
    }
}

/// The dictionary an article is checked with: the one it or its glossaries chose, else its target language
/// with English spelt the American way unless the tag says otherwise (`en-GB`).
pub fn dictionary_tag(chosen: Option<LanguageTag>, target: &LanguageTag) -> LanguageTag {
    chosen.unwrap_or_else(|| match target.as_str() {
        "en" => LanguageTag::parse("en-US").expect("a valid tag"),
        _ => target.clone(),
    })
}

/// The `.aff` and `.dic` files of a tag, named as Hunspell packages name them (`en_US.dic`, `fr.dic`).
fn files(dir: &Path, tag: &LanguageTag) -> (PathBuf, PathBuf) {
    let name = tag.as_str().replace('-', "_");
    (dir.join(format!("{name}.aff")), dir.join(format!("{name}.dic")))
}

fn missing(tag: &str, dic: &Path) -> String {
    let package = format!("hunspell-{}", tag.to_ascii_lowercase());
    format!(
        "spelling check off for {tag}: no dictionary at {} (Debian: apt-get install {package}, or set \
         TARJUMAN_HUNSPELL_DIR)",
        dic.display()
    )
}

fn load(dir: &Path, tag: LanguageTag) -> Option<Arc<Dictionary>> {
    let (aff, dic) = files(dir, &tag);
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let parsed = read(&aff).and_then(|aff_text| {
        let dic_text = read(&dic)?;
        Dictionary::parse(tag.clone(), &aff_text, &dic_text).map_err(|e| format!("{}: {e}", dic.display()))
    });
    match parsed {
        Ok(dictionary) => {
            tracing::info!("spelling dictionary {tag} read from {}", dir.display());
            Some(Arc::new(dictionary))
        }
        Err(e) if !aff.is_file() || !dic.is_file() => {
            tracing::warn!("{} ({e})", missing(tag.as_str(), &dic));
            None
        }
        Err(e) => {
            tracing::warn!("spelling check off for {tag}: the dictionary cannot be read: {e}");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(raw: &str) -> LanguageTag {
        LanguageTag::parse(raw).unwrap()
    }

    #[test]
    fn english_is_american_unless_chosen_or_tagged_otherwise() {
        assert_eq!(dictionary_tag(None, &tag("en")), tag("en-US"));
        assert_eq!(dictionary_tag(None, &tag("en-GB")), tag("en-GB"));
        assert_eq!(dictionary_tag(Some(tag("en-GB")), &tag("en")), tag("en-GB"));
    }

    #[tokio::test]
    async fn a_missing_dictionary_turns_the_check_off() {
        let dir = std::env::temp_dir().join(format!("tarjuman-no-hunspell-{}", std::process::id()));
        let dictionaries = Dictionaries::new(&dir);
        assert!(dictionaries.get(&tag("en-US")).await.is_none());
        assert!(missing("en-US", &files(&dir, &tag("en-US")).1).contains("apt-get install hunspell-en-us"));
    }
}
