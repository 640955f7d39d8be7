//! Settings shared by the subcommands, from flags and the environment (clap reads both).

use std::fmt;
use std::path::PathBuf;

use crate::mt::{Engine, EngineKind};

/// A value that must never reach a log line, such as a URL with a password in it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The value, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// Where the database is.
#[derive(Debug, Clone, clap::Args)]
pub struct DatabaseSettings {
    /// PostgreSQL URL; without it tarjuman runs its own cluster under the data dir.
    #[arg(long = "database-url", env = "DATABASE_URL", value_parser = parse_secret, hide_env_values = true)]
    pub url: Option<Secret>,
    /// Where tarjuman keeps its own PostgreSQL cluster when DATABASE_URL is not set.
    #[arg(long, env = "TARJUMAN_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// The most database connections this process opens.
    #[arg(long, env = "TARJUMAN_DB_MAX_CONNECTIONS", default_value_t = 20)]
    pub max_connections: u32,
}

fn parse_secret(raw: &str) -> Result<Secret, String> {
    Ok(Secret(raw.to_owned()))
}

/// How the server treats requests.
#[derive(Debug, Clone, clap::Args)]
pub struct ServerSettings {
    /// The largest request body accepted, in bytes (larger ones get 413).
    #[arg(long, env = "TARJUMAN_MAX_BODY_BYTES", default_value_t = 20 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Mark the session cookie Secure (browsers then send it over HTTPS only): set it when tarjuman is
    /// served through HTTPS, e.g. behind a TLS-terminating proxy.
    #[arg(long, env = "TARJUMAN_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    #[command(flatten)]
    pub passwords: PasswordSettings,
}

/// The cost of password hashes. The defaults are OWASP's recommendation for argon2id; lower them only for
/// tests, where hashing dominates the run time of a debug build.
#[derive(Debug, Clone, clap::Args)]
pub struct PasswordSettings {
    /// argon2 memory cost in KiB.
    #[arg(long, env = "TARJUMAN_ARGON2_MEMORY_KIB", default_value_t = 19 * 1024, hide = true)]
    pub argon2_memory_kib: u32,
    /// argon2 passes.
    #[arg(long, env = "TARJUMAN_ARGON2_ITERATIONS", default_value_t = 2, hide = true)]
    pub argon2_iterations: u32,
}

/// The machine-translation engines: each is on when its URL or key is given. Keys are secrets: read from
/// here only, never stored in the database, never shown on a page, never logged.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MtSettings {
    /// Base URL of an OpenAI-compatible server, ending in /v1 (OpenAI, vLLM, llama.cpp, Ollama, LM Studio).
    #[arg(long = "mt-openai-url", env = "TARJUMAN_MT_OPENAI_URL")]
    pub openai_url: Option<String>,
    /// The chat model to ask (required with the URL).
    #[arg(long = "mt-openai-model", env = "TARJUMAN_MT_OPENAI_MODEL")]
    pub openai_model: Option<String>,
    /// OpenAI-compatible chat completions: the API key.
    #[arg(long = "mt-openai-key", env = "TARJUMAN_MT_OPENAI_KEY", value_parser = parse_secret, hide_env_values = true)]
    pub openai_key: Option<Secret>,
    /// OpenAI-compatible chat completions: whether it counts as a third party (embargoed articles never reach one).
    #[arg(long = "mt-openai-third-party", env = "TARJUMAN_MT_OPENAI_THIRD_PARTY")]
    pub openai_third_party: Option<bool>,
    /// OpenAI-compatible chat completions: requests in flight at once.
    #[arg(long = "mt-openai-concurrency", env = "TARJUMAN_MT_OPENAI_CONCURRENCY")]
    pub openai_concurrency: Option<usize>,
    /// DeepL API base URL (default https://api.deepl.com/v2, or api-free.deepl.com for a :fx key).
    #[arg(long = "mt-deepl-url", env = "TARJUMAN_MT_DEEPL_URL")]
    pub deepl_url: Option<String>,
    /// A label for the model, shown with its drafts.
    #[arg(long = "mt-deepl-model", env = "TARJUMAN_MT_DEEPL_MODEL")]
    pub deepl_model: Option<String>,
    /// DeepL API v2: the API key.
    #[arg(long = "mt-deepl-key", env = "TARJUMAN_MT_DEEPL_KEY", value_parser = parse_secret, hide_env_values = true)]
    pub deepl_key: Option<Secret>,
    /// DeepL API v2: whether it counts as a third party (embargoed articles never reach one).
    #[arg(long = "mt-deepl-third-party", env = "TARJUMAN_MT_DEEPL_THIRD_PARTY")]
    pub deepl_third_party: Option<bool>,
    /// DeepL API v2: requests in flight at once.
    #[arg(long = "mt-deepl-concurrency", env = "TARJUMAN_MT_DEEPL_CONCURRENCY")]
    pub deepl_concurrency: Option<usize>,
    /// Google Cloud Translation v2 URL (default https://translation.googleapis.com/language/translate/v2).
    #[arg(long = "mt-google-url", env = "TARJUMAN_MT_GOOGLE_URL")]
    pub google_url: Option<String>,
    /// A label for the model, shown with its drafts.
    #[arg(long = "mt-google-model", env = "TARJUMAN_MT_GOOGLE_MODEL")]
    pub google_model: Option<String>,
    /// Google Cloud Translation v2: the API key.
    #[arg(long = "mt-google-key", env = "TARJUMAN_MT_GOOGLE_KEY", value_parser = parse_secret, hide_env_values = true)]
    pub google_key: Option<Secret>,
    /// Google Cloud Translation v2: whether it counts as a third party (embargoed articles never reach one).
    #[arg(long = "mt-google-third-party", env = "TARJUMAN_MT_GOOGLE_THIRD_PARTY")]
    pub google_third_party: Option<bool>,
    /// Google Cloud Translation v2: requests in flight at once.
    #[arg(long = "mt-google-concurrency", env = "TARJUMAN_MT_GOOGLE_CONCURRENCY")]
    pub google_concurrency: Option<usize>,
    /// Microsoft Translator URL (default https://api.cognitive.microsofttranslator.com).
    #[arg(long = "mt-microsoft-url", env = "TARJUMAN_MT_MICROSOFT_URL")]
    pub microsoft_url: Option<String>,
    /// A label for the model, shown with its drafts.
    #[arg(long = "mt-microsoft-model", env = "TARJUMAN_MT_MICROSOFT_MODEL")]
    pub microsoft_model: Option<String>,
    /// Microsoft Translator v3: the API key.
    #[arg(long = "mt-microsoft-key", env = "TARJUMAN_MT_MICROSOFT_KEY", value_parser = parse_secret, hide_env_values = true)]
    pub microsoft_key: Option<Secret>,
    /// Microsoft Translator v3: whether it counts as a third party (embargoed articles never reach one).
    #[arg(long = "mt-microsoft-third-party", env = "TARJUMAN_MT_MICROSOFT_THIRD_PARTY")]
    pub microsoft_third_party: Option<bool>,
    /// Microsoft Translator v3: requests in flight at once.
    #[arg(long = "mt-microsoft-concurrency", env = "TARJUMAN_MT_MICROSOFT_CONCURRENCY")]
    pub microsoft_concurrency: Option<usize>,
    /// Base URL of a LibreTranslate server.
    #[arg(long = "mt-libretranslate-url", env = "TARJUMAN_MT_LIBRETRANSLATE_URL")]
    pub libretranslate_url: Option<String>,
    /// A label for the model, shown with its drafts.
    #[arg(long = "mt-libretranslate-model", env = "TARJUMAN_MT_LIBRETRANSLATE_MODEL")]
    pub libretranslate_model: Option<String>,
    /// LibreTranslate: the API key.
    #[arg(long = "mt-libretranslate-key", env = "TARJUMAN_MT_LIBRETRANSLATE_KEY", value_parser = parse_secret, hide_env_values = true)]
    pub libretranslate_key: Option<Secret>,
    /// LibreTranslate: whether it counts as a third party (embargoed articles never reach one).
    #[arg(long = "mt-libretranslate-third-party", env = "TARJUMAN_MT_LIBRETRANSLATE_THIRD_PARTY")]
    pub libretranslate_third_party: Option<bool>,
    /// LibreTranslate: requests in flight at once.
    #[arg(long = "mt-libretranslate-concurrency", env = "TARJUMAN_MT_LIBRETRANSLATE_CONCURRENCY")]
    pub libretranslate_concurrency: Option<usize>,
    /// Microsoft Translator: the Azure region of a regional or multi-service resource.
    #[arg(long = "mt-microsoft-region", env = "TARJUMAN_MT_MICROSOFT_REGION")]
    pub microsoft_region: Option<String>,
}

impl MtSettings {
    /// The engines configured, in order of preference.
    pub fn engines(&self) -> Result<Vec<Engine>, String> {
        let mut engines = Vec::new();
        let given = Given {
            url: self.openai_url.as_deref(),
            model: self.openai_model.as_deref(),
            key: self.openai_key.as_ref(),
            third_party: self.openai_third_party,
            concurrency: self.openai_concurrency,
        };
        engines.extend(given.engine(EngineKind::OpenAi)?);
        let given = Given {
            url: self.deepl_url.as_deref(),
            model: self.deepl_model.as_deref(),
            key: self.deepl_key.as_ref(),
            third_party: self.deepl_third_party,
            concurrency: self.deepl_concurrency,
        };
        engines.extend(given.engine(EngineKind::DeepL)?);
        let given = Given {
            url: self.google_url.as_deref(),
            model: self.google_model.as_deref(),
            key: self.google_key.as_ref(),
            third_party: self.google_third_party,
            concurrency: self.google_concurrency,
        };
        engines.extend(given.engine(EngineKind::Google)?);
        let given = Given {
            url: self.microsoft_url.as_deref(),
            model: self.microsoft_model.as_deref(),
            key: self.microsoft_key.as_ref(),
            third_party: self.microsoft_third_party,
            concurrency: self.microsoft_concurrency,
        };
        engines.extend(given.engine(EngineKind::Microsoft)?);
        let given = Given {
            url: self.libretranslate_url.as_deref(),
            model: self.libretranslate_model.as_deref(),
            key: self.libretranslate_key.as_ref(),
            third_party: self.libretranslate_third_party,
            concurrency: self.libretranslate_concurrency,
        };
        engines.extend(given.engine(EngineKind::LibreTranslate)?);
        for engine in &mut engines {
            if engine.kind == EngineKind::Microsoft {
                engine.region = self.microsoft_region.clone();
            }
        }
        Ok(engines)
    }
}

/// One engine's settings as given.
struct Given<'a> {
    url: Option<&'a str>,
    model: Option<&'a str>,
    key: Option<&'a Secret>,
    third_party: Option<bool>,
    concurrency: Option<usize>,
}

impl Given<'_> {
    fn engine(&self, kind: EngineKind) -> Result<Option<Engine>, String> {
        let url = self.url.map(str::trim).filter(|u| !u.is_empty());
        if url.is_none() && self.key.is_none() {
            return Ok(None);
        }
        let name = kind.as_str().to_ascii_uppercase();
        if kind == EngineKind::OpenAi && self.model.is_none_or(|m| m.trim().is_empty()) {
            return Err(format!("TARJUMAN_MT_{name}_MODEL (--mt-{kind}-model) is required with its URL"));
        }
        // DeepL's free keys end in `:fx` and are served from their own host.
        let free_deepl = kind == EngineKind::DeepL && self.key.is_some_and(|k| k.expose().ends_with(":fx"));
        let url = url.or(free_deepl.then_some("https://api-free.deepl.com/v2"));
        if let Some(url) = url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(format!("TARJUMAN_MT_{name}_URL must be an http:// or https:// URL"));
            }
        }
        let mut engine =
            Engine::new(kind, url, self.model.map(str::trim), self.key.cloned()).ok_or_else(|| {
                format!(
                    "TARJUMAN_MT_{name}_URL (--mt-{kind}-url) is required: the engine has no public address"
                )
            })?;
        if let Some(third_party) = self.third_party {
            engine.third_party = third_party;
        }
        if let Some(concurrency) = self.concurrency {
            engine.concurrency = concurrency.clamp(1, 256);
        }
        Ok(Some(engine))
    }
}
