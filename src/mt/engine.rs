//! What an engine is: the declaration every engine makes (in the spirit of Weblate's `machinery/base.py`)
//! and the dispatch to its wire format.

use std::time::Duration;

use super::prompt::Message;
use super::{deepl, google, libre, microsoft, openai, Failure, Item, WireAnswer, WireRequest};
use crate::config::Secret;
use crate::domain::words;
use crate::lang::LanguageTag;

words! {
    /// The kinds of engine tarjuman speaks to, in the order drafts are preferred when nothing measured
    /// says otherwise: the glossary-constrained chat model first.
    pub enum EngineKind ("engine") {
        /// Any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, llama.cpp, Ollama, LM Studio).
        OpenAi => "openai",
        /// DeepL API v2.
        DeepL => "deepl",
        /// Google Cloud Translation v2.
        Google => "google",
        /// Microsoft Translator v3.
        Microsoft => "microsoft",
        /// LibreTranslate (self-hosted).
        LibreTranslate => "libretranslate",
    }
}

impl EngineKind {
    /// The base URL when none is configured (the self-hosted kinds have none: they must be given one).
    pub fn default_url(self) -> Option<&'static str> {
        match self {
            Self::OpenAi | Self::LibreTranslate => None,
            Self::DeepL => Some("https://api.deepl.com/v2"),
            Self::Google => Some("https://translation.googleapis.com/language/translate/v2"),
            Self::Microsoft => Some("https://api.cognitive.microsofttranslator.com"),
        }
    }

    /// Whether the service is someone else's unless the configuration says otherwise: the commercial
    /// services are; a chat model or LibreTranslate is usually the newsroom's own server.
    pub fn third_party_by_default(self) -> bool {
        matches!(self, Self::DeepL | Self::Google | Self::Microsoft)
    }

    /// Texts per request, at most: the documented limits (DeepL 50, Google 128, Microsoft 1000 elements),
    /// well under them so a request stays small; a chat model gets one segment per request.
    pub fn batch_size(self) -> usize {
        match self {
            Self::OpenAi => 1,
            Self::DeepL => 50,
            Self::Google => 100,
            Self::Microsoft => 100,
            Self::LibreTranslate => 25,
        }
    }

    /// Requests in flight at once, by default: a chat server batches concurrent requests on its GPU.
    pub fn concurrency(self) -> usize {
        match self {
            Self::OpenAi => 16,
            Self::DeepL | Self::Google | Self::Microsoft => 4,
            Self::LibreTranslate => 4,
        }
    }

    /// Whether the engine is sent the glossary terms of the segment and its context.
    pub fn takes_glossary(self) -> bool {
        matches!(self, Self::OpenAi)
    }

    /// Whether the engine keeps glossaries of its own, made from the article's (DeepL, for the pairs it
    /// lists).
    pub fn keeps_glossaries(self) -> bool {
        matches!(self, Self::DeepL)
    }

    /// The model label shown when none is configured.
    fn default_model(self) -> &'static str {
        match self {
            Self::OpenAi => "",
            Self::DeepL => "v2",
            Self::Google => "v2",
            Self::Microsoft => "v3",
            Self::LibreTranslate => "libretranslate",
        }
    }
}

/// One configured engine: its declaration and how to reach it.
#[derive(Debug, Clone)]
pub struct Engine {
    /// Which API it speaks.
    pub kind: EngineKind,
    /// Base URL (no trailing slash).
    pub url: String,
    /// The model (the chat model's name; a label for the others).
    pub model: String,
    /// The API key, when the service takes one.
    pub key: Option<Secret>,
    /// Whether text sent there leaves the newsroom (embargoed articles never reach such an engine).
    pub third_party: bool,
    /// Azure region of a Microsoft resource that needs it.
    pub region: Option<String>,
    /// Texts per request.
    pub batch_size: usize,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// How long one request may take.
    pub timeout: Duration,
}

impl Engine {
    /// An engine of `kind` at `url` (or its default) with the defaults of its kind.
    pub fn new(
        kind: EngineKind,
        url: Option<&str>,
        model: Option<&str>,
        key: Option<Secret>,
    ) -> Option<Self> {
        let url = url.or(kind.default_url())?.trim_end_matches('/').to_owned();
        let model = model.filter(|m| !m.is_empty()).unwrap_or(kind.default_model()).to_owned();
        Some(Self {
            kind,
            url,
            model,
            key,
            third_party: kind.third_party_by_default(),
            region: None,
            batch_size: kind.batch_size(),
            concurrency: kind.concurrency(),
            timeout: Duration::from_secs(if kind == EngineKind::OpenAi { 60 } else { 20 }),
        })
    }

    /// The engine's name as the API and the pages show it.
    pub fn name(&self) -> &'static str {
        self.kind.as_str()
    }

    /// Whether the engine translates from `from` to `to` (DeepL declares its languages; the others are
    /// asked, and an unsupported pair is the failure they answer).
    pub fn serves(&self, from: &LanguageTag, to: &LanguageTag) -> bool {
        from.primary() != to.primary() && (self.kind != EngineKind::DeepL || deepl::serves(from, to))
    }

    /// Whether inline codes go through as `<x id="N"/>` placeholders: all engines here take markup.
    pub fn inline_codes(&self) -> bool {
        true
    }

    /// The request for `items` (a chat engine: one item, with its `prompt`; DeepL: with its glossary's id).
    pub fn request(
        &self,
        from: &LanguageTag,
        to: &LanguageTag,
        items: &[Item],
        prompt: &[Message],
        glossary: Option<&str>,
    ) -> WireRequest {
        let key = self.key.as_ref().map(Secret::expose);
        match self.kind {
            EngineKind::OpenAi => openai::request(&self.url, &self.model, key, prompt),
            EngineKind::DeepL => deepl::request(&self.url, key, from, to, items, glossary),
            EngineKind::Google => google::request(&self.url, key, from, to, items),
            EngineKind::Microsoft => {
                microsoft::request(&self.url, key, self.region.as_deref(), from, to, items)
            }
            EngineKind::LibreTranslate => libre::request(&self.url, key, from, to, items),
        }
    }

    /// The `n` translations in an answer, or why there are none.
    pub fn read(&self, answer: &WireAnswer, n: usize) -> Result<Vec<String>, Failure> {
        let json = super::read_json(answer)?;
        match self.kind {
            EngineKind::OpenAi => openai::read(&json),
            EngineKind::DeepL => super::strings_at(&json, "/translations", "/text", n),
            EngineKind::Google => super::strings_at(&json, "/data/translations", "/translatedText", n),
            EngineKind::Microsoft => microsoft::read(&json, n),
            EngineKind::LibreTranslate => libre::read(&json, n),
        }
    }
}
