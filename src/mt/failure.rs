//! Why an engine gave no draft, and how long a failing engine is left alone.

use std::time::Duration;

/// A failed request, in words the translator's panel and the admin page show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    /// 401 or 403: the key is wrong, missing or not allowed.
    #[error("the engine refused the key (HTTP {status}): {message}")]
    BadKey {
        /// The status.
        status: u16,
        /// The engine's words.
        message: String,
    },
    /// 456 (DeepL) or a quota the engine names: nothing more this period.
    #[error("the engine's quota is used up (HTTP {status}): {message}")]
    Quota {
        /// The status.
        status: u16,
        /// The engine's words.
        message: String,
    },
    /// 429: too many requests.
    #[error("the engine asks to slow down (HTTP 429){}", retry_after.map(|s| format!(", retry after {s} s")).unwrap_or_default())]
    RateLimited {
        /// Seconds the engine asked to wait.
        retry_after: Option<u64>,
    },
    /// 400 and the like: the engine will not do this request (an unsupported language pair, say).
    #[error("the engine refused the request (HTTP {status}): {message}")]
    Refused {
        /// The status.
        status: u16,
        /// The engine's words.
        message: String,
    },
    /// 5xx.
    #[error("the engine failed (HTTP {status}): {message}")]
    Server {
        /// The status.
        status: u16,
        /// The engine's words.
        message: String,
    },
    /// No answer in time.
    #[error("the engine did not answer in time")]
    Timeout,
    /// No connection.
    #[error("the engine cannot be reached: {0}")]
    Network(String),
    /// An answer that is not what the API documents.
    #[error("the engine's answer cannot be read: {0}")]
    Unreadable(String),
    /// The draft lost, added or broke an inline code: refused rather than shown.
    #[error("the draft does not keep the inline codes intact")]
    CodesLost,
    /// The engine is resting after repeated failures.
    #[error("skipped for {seconds} s after repeated failures: {reason}")]
    BackingOff {
        /// Seconds left.
        seconds: u64,
        /// The last failure.
        reason: String,
    },
}

impl Failure {
    /// The failure an HTTP error status stands for; `message` is the engine's own.
    pub fn from_status(status: u16, retry_after: Option<u64>, message: String) -> Self {
        let quota_words = ["quota", "limit exceeded", "dailylimit", "insufficient_quota"];
        let lower = message.to_lowercase();
        match status {
            456 => Self::Quota { status, message },
            429 if quota_words.iter().any(|w| lower.contains(w)) && retry_after.is_none() => {
                Self::Quota { status, message }
            }
            429 => Self::RateLimited { retry_after },
            // Google and Microsoft answer an exhausted quota with 403 and say so.
            403 if quota_words.iter().any(|w| lower.contains(w)) => Self::Quota { status, message },
            401 | 403 => Self::BadKey { status, message },
            // Google answers a key it does not know with 400 and says so.
            400 if lower.contains("api key") => Self::BadKey { status, message },
            500..=599 => Self::Server { status, message },
            _ => Self::Refused { status, message },
        }
    }

    /// How long to leave the engine alone after this failure, its `failures`-th in a row: a bad key or a
    /// spent quota will not mend in seconds; a rate limit says how long; anything else gets two more tries
    /// and then a back-off that doubles from 30 s up to 10 minutes.
    pub fn back_off(&self, failures: u32) -> Option<Duration> {
        const MAX: u64 = 600;
        match self {
            Self::BadKey { .. } | Self::Quota { .. } => Some(Duration::from_secs(MAX)),
            Self::RateLimited { retry_after: Some(s) } => Some(Duration::from_secs((*s).clamp(1, MAX))),
            Self::RateLimited { retry_after: None } => Some(Duration::from_secs(30)),
            // A refused request or a lost code is about one text, not the engine's health.
            Self::Refused { .. } | Self::CodesLost | Self::BackingOff { .. } => None,
            Self::Server { .. } | Self::Timeout | Self::Network(_) | Self::Unreadable(_) if failures >= 3 => {
                Some(Duration::from_secs((30u64 << (failures - 3).min(5)).min(MAX)))
            }
            _ => None,
        }
    }

    /// Whether this failure counts against the engine's health (see [`Self::back_off`]).
    pub fn is_engine_fault(&self) -> bool {
        !matches!(self, Self::Refused { .. } | Self::CodesLost | Self::BackingOff { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_name_their_failure() {
        for (status, message, want) in [
            (456, "Quota exceeded", "quota"),
            (403, "Wrong API key", "key"),
            (400, "API key not valid. Please pass a valid API key.", "key"),
            (401, "", "key"),
            (403, "Daily Limit Exceeded", "quota"),
            (429, "Too many requests", "rate"),
            (400, "Unsupported language pair", "refused"),
            (503, "busy", "server"),
        ] {
            let got = match Failure::from_status(status, None, message.into()) {
                Failure::Quota { .. } => "quota",
                Failure::BadKey { .. } => "key",
                Failure::RateLimited { .. } => "rate",
                Failure::Refused { .. } => "refused",
                Failure::Server { .. } => "server",
                _ => "other",
            };
            assert_eq!(got, want, "{status} {message}");
        }
    }

    #[test]
    fn back_off_grows_after_the_third_failure_and_stops_at_ten_minutes() {
        let timeout = Failure::Timeout;
        assert_eq!(timeout.back_off(1), None);
        assert_eq!(timeout.back_off(2), None);
        assert_eq!(timeout.back_off(3), Some(Duration::from_secs(30)));
        assert_eq!(timeout.back_off(4), Some(Duration::from_secs(60)));
        assert_eq!(timeout.back_off(40), Some(Duration::from_secs(600)));
        assert_eq!(Failure::RateLimited { retry_after: Some(7) }.back_off(1), Some(Duration::from_secs(7)));
        assert_eq!(Failure::CodesLost.back_off(9), None);
    }
}
