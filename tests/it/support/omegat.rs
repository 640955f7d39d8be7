//! OmegaT (Debian `omegat`, 3.6), a real CAT tool, driven through its console modes: a throwaway project
//! whose `source/` holds the files to translate, `omegat/project_save.tmx` the project memory and `tm/auto/`
//! memories whose exact matches it takes; `console-createpseudotranslatetmx` lists the project's segments
//! as OmegaT sees them, `console-translate` writes the translated files into `target/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;

use crate::support::process::DataDir;

/// Where Debian puts OmegaT.
const JAR: &str = "/usr/share/omegat/OmegaT.jar";
const INSTALL: &str =
    "install OmegaT: apt-get install --no-install-recommends omegat (scripts/test.sh does this)";

/// An OmegaT project in a directory of its own, removed when dropped.
pub struct Project {
    dir: DataDir,
}

impl Project {
    /// An empty project from `source_lang` to `target_lang`, segmenting by paragraph (each unit of an XLIFF
    /// file, each block of a page, is one segment: the sentences tarjuman cut stay whole).
    pub fn new(source_lang: &str, target_lang: &str) -> Self {
        assert!(Path::new(JAR).exists(), "{JAR} is missing; {INSTALL}");
        let dir = DataDir::new("omegat");
        for sub in ["source", "target", "tm/auto", "glossary", "dictionary", "omegat", "config"] {
            std::fs::create_dir_all(dir.0.join(sub)).unwrap();
        }
        let (source_tok, target_tok) = (tokenizer(source_lang), tokenizer(target_lang));
        let project = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>{source_lang}</source_lang>
    <target_lang>{target_lang}</target_lang>
    <source_tok>{source_tok}</source_tok>
    <target_tok>{target_tok}</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"#
        );
        std::fs::write(dir.0.join("omegat.project"), project).unwrap();
        // Other tools' memories with their codes: OmegaT reads a TMX's `<bpt>`/`<ept>`/`<ph>` as its own tags
        // (`<a0>`, `<i1>`: the first letter of the native data, numbered in order), without a slash as its HTML
        // filter writes them, instead of dropping them.
        let preferences = r#"<?xml version="1.0" encoding="UTF-8" ?>
<omegat>
  <preference version="1.0">
    <ext_tmx_show_level2>true</ext_tmx_show_level2>
    <ext_tmx_use_slash>false</ext_tmx_use_slash>
  </preference>
</omegat>
"#;
        std::fs::write(dir.0.join("config/omegat.prefs"), preferences).unwrap();
        Self { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.0.join(relative)
    }

    /// Puts a file to translate into `source/`, replacing what was there.
    pub fn set_source(&self, name: &str, bytes: &[u8]) {
        let source = self.path("source");
        std::fs::remove_dir_all(&source).unwrap();
        std::fs::create_dir_all(&source).unwrap();
        std::fs::write(source.join(name), bytes).unwrap();
    }

    /// Puts a memory into `tm/auto/`: OmegaT fills each segment with an exact match it finds there.
    pub fn set_auto_memory(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.path("tm/auto").join(name), bytes).unwrap();
    }

    /// The project's segments as OmegaT sees them (its own tags, `<a0>`…`</a0>`, `<x1/>`), each with its
    /// source as the translation: the pseudo-translated memory OmegaT writes, as text.
    pub fn pseudo_memory(&self) -> String {
        let out = self.path("pseudo.tmx");
        self.run(
            "console-createpseudotranslatetmx",
            &[&format!("--pseudotranslatetmx={}", out.display()), "--pseudotranslatetype=equal"],
        );
        std::fs::read_to_string(out).unwrap()
    }

    /// Makes `memory` the project memory (`omegat/project_save.tmx`), runs console-translate and gives back
    /// the translated file OmegaT wrote into `target/`.
    pub fn translate_with(&self, memory: &str, name: &str) -> Vec<u8> {
        std::fs::write(self.path("omegat/project_save.tmx"), memory).unwrap();
        self.translate(name)
    }

    /// Runs console-translate (the project memory and `tm/auto/` as they are) and gives back the translated
    /// file OmegaT wrote into `target/`.
    pub fn translate(&self, name: &str) -> Vec<u8> {
        let target = self.path("target").join(name);
        let _ = std::fs::remove_file(&target);
        let log = self.run("console-translate", &["--tag-validation=abort"]);
        std::fs::read(&target).unwrap_or_else(|e| panic!("OmegaT wrote no {name} ({e}):\n{log}"))
    }

    /// The level-2 TMX export OmegaT wrote beside the project on its last console-translate: the project
    /// memory with OmegaT's tags as `<bpt>`/`<ept>`/`<ph>`.
    pub fn level2_memory(&self) -> Vec<u8> {
        let name = self.dir.0.file_name().unwrap().to_string_lossy().into_owned();
        std::fs::read(self.path(&format!("{name}-level2.tmx"))).unwrap()
    }

    /// Runs OmegaT in `mode`, headless, with the project's own settings directory; its output.
    fn run(&self, mode: &str, args: &[&str]) -> String {
        let output = Command::new("java")
            .arg("-Djava.awt.headless=true")
            .args(["-jar", JAR, &format!("--mode={mode}")])
            .arg(format!("--config-dir={}", self.path("config").display()))
            .args(["--disable-project-locking", "--no-team"])
            .args(args)
            .arg(&self.dir.0)
            .env_remove("DISPLAY")
            .output()
            .unwrap_or_else(|e| panic!("cannot run java -jar {JAR} ({e}); {INSTALL}"));
        let log =
            format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "OmegaT {mode} failed:\n{log}");
        log
    }
}

/// OmegaT's word splitter for a language (Arabic or English, the languages the tests use).
fn tokenizer(lang: &str) -> &'static str {
    match lang {
        "ar" => "org.omegat.tokenizer.LuceneArabicTokenizer",
        _ => "org.omegat.tokenizer.LuceneEnglishTokenizer",
    }
}

/// OmegaT's tags in a segment's text (`<a0>`, `</a0>`, `<x1/>`).
pub fn tags(text: &str) -> Vec<String> {
    tag().find_iter(text).map(|m| m.as_str().to_owned()).collect()
}

/// A segment's text without OmegaT's tags.
pub fn without_tags(text: &str) -> String {
    tag().replace_all(text, "").into_owned()
}

fn tag() -> Regex {
    Regex::new(r"</?[a-zA-Z]\d+/?>").unwrap()
}

/// An OmegaT memory with each translation (the `<tuv>` in `target_lang`) changed by `translate`, applied
/// to the text between OmegaT's tags: what a translator working in OmegaT would leave in its project memory.
pub fn translated_memory(memory: &str, target_lang: &str, translate: impl Fn(&str) -> String) -> String {
    let variant = Regex::new(&format!(r#"(?s)(<tuv lang="{target_lang}">\s*<seg>)(.*?)(</seg>)"#)).unwrap();
    variant
        .replace_all(memory, |c: &regex::Captures| {
            let seg = unescape(&c[2]);
            let mut out = String::new();
            let mut last = 0;
            for m in tag().find_iter(&seg) {
                out.push_str(&translate(&seg[last..m.start()]));
                out.push_str(m.as_str());
                last = m.end();
            }
            out.push_str(&translate(&seg[last..]));
            format!("{}{}{}", &c[1], escape(&out), &c[3])
        })
        .into_owned()
}

/// The segments of an OmegaT memory: (source, translation) of each `<tu>`, unescaped.
pub fn memory_units(memory: &str) -> Vec<(String, String)> {
    let tu = Regex::new(r"(?s)<tu>.*?<seg>(.*?)</seg>.*?<seg>(.*?)</seg>.*?</tu>").unwrap();
    tu.captures_iter(memory).map(|c| (unescape(&c[1]), unescape(&c[2]))).collect()
}

/// The references OmegaT writes in a memory's text, `&amp;` last.
const REFERENCES: [(&str, &str); 5] =
    [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")];

fn unescape(text: &str) -> String {
    REFERENCES.iter().fold(text.to_owned(), |text, (reference, c)| text.replace(reference, c))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
