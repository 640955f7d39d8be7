//! The zip around the parts of a `.docx`, opened within [`DocxLimits`].
//!
//! Before anything is inflated the central directory is checked: the number of entries, each entry's
//! declared size, the sum of declared sizes, and the compression ratio of large entries (documents compress
//! some 5–20:1; a bomb thousands to one). A part is then inflated through a reader that stops one byte past
//! the limit, so a header that lies about the size cannot make us inflate more.

use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::ZipArchive;

use super::DocxLimits;
use crate::formats::error::{Format, FormatError, Problem};

/// A `.docx` archive whose central directory passed the limits.
pub(crate) struct Archive<'a> {
    pub zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: DocxLimits,
}

fn fail(problem: Problem) -> FormatError {
    FormatError::new(Format::Docx, None, problem)
}

fn zip_error(e: ZipError) -> FormatError {
    fail(Problem::Zip(e.to_string()))
}

impl<'a> Archive<'a> {
    /// Opens `bytes` and checks its directory against `limits`.
    pub fn open(bytes: &'a [u8], limits: &DocxLimits) -> Result<Self, FormatError> {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
        if zip.len() > limits.max_entries {
            return Err(fail(Problem::TooManyEntries { found: zip.len(), limit: limits.max_entries }));
        }
        let mut total: u64 = 0;
        for index in 0..zip.len() {
            let entry = zip.by_index_raw(index).map_err(zip_error)?;
            let (size, compressed) = (entry.size(), entry.compressed_size());
            let name = || entry.name().map_or_else(|_| format!("entry #{}", index + 1), |n| n.into_owned());
            if size > limits.max_entry_bytes {
                let what = format!("entry {} ({size} bytes uncompressed)", name());
                return Err(fail(Problem::TooLarge { what, limit: limits.max_entry_bytes }));
            }
            if size > limits.ratio_from_bytes && size / compressed.max(1) > limits.max_ratio {
                let (entry, ratio) = (name(), size / compressed.max(1));
                return Err(fail(Problem::CompressionRatio { entry, ratio, limit: limits.max_ratio }));
            }
            total = total.saturating_add(size);
        }
        if total > limits.max_total_bytes {
            let what = format!("the archive ({total} bytes uncompressed)");
            return Err(fail(Problem::TooLarge { what, limit: limits.max_total_bytes }));
        }
        Ok(Self { zip, limits: *limits })
    }

    /// The bytes of the part `name`, inflated within the limits; `None` when the archive has no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, FormatError> {
        let part = match self.zip.by_name(name) {
            Ok(part) => part,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(zip_error(e)),
        };
        let limit = self.limits.max_entry_bytes;
        let mut bytes = Vec::new();
        part.take(limit + 1).read_to_end(&mut bytes).map_err(|e| fail(Problem::Zip(e.to_string())))?;
        if bytes.len() as u64 > limit {
            let what = format!("{name} (inflated past its declared size)");
            return Err(fail(Problem::TooLarge { what, limit }));
        }
        Ok(Some(bytes))
    }

    /// The bytes of the part `name`, which the archive must have.
    pub fn required(&mut self, name: &'static str) -> Result<Vec<u8>, FormatError> {
        self.part(name)?.ok_or_else(|| fail(Problem::MissingPart(name)))
    }
}
