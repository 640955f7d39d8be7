//! Domain words and language tags in text columns: encoded as their canonical text, decoded through
//! their one parser, so rows come out of the database as enums and tags, and a corrupt value is a decode
//! error (a server error), not a silent default nor the client's fault.

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::{Decode, Encode, Postgres, Type};

use crate::domain::{RevisionOrigin, Role, SegmentStatus, Task};
use crate::formats::DocumentFormat;
use crate::glossary::model::{MatchMode, PartOfSpeech, TermStatus};
use crate::lang::LanguageTag;
use crate::qa::mqm::{Category, ErrorSeverity};
use crate::qa::{Severity, Side};

macro_rules! text_column {
    ($($ty:ty),+) => {$(
        impl Type<Postgres> for $ty {
            fn type_info() -> PgTypeInfo {
                <&str as Type<Postgres>>::type_info()
            }
            fn compatible(ty: &PgTypeInfo) -> bool {
                <&str as Type<Postgres>>::compatible(ty)
            }
        }
        impl<'r> Decode<'r, Postgres> for $ty {
            fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
                Ok(<&str as Decode<Postgres>>::decode(value)?.parse::<$ty>()?)
            }
        }
        impl Encode<'_, Postgres> for $ty {
            fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
                <&str as Encode<Postgres>>::encode_by_ref(&self.as_str(), buf)
            }
        }
    )+};
}

text_column!(
    Role,
    SegmentStatus,
    RevisionOrigin,
    TermStatus,
    PartOfSpeech,
    MatchMode,
    Severity,
    Side,
    LanguageTag,
    Category,
    ErrorSeverity,
    DocumentFormat,
    Task
);
