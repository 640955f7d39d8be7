//! What every glossary format promises: what it writes, it reads back equal.

use tarjuman::glossary::csv::{read_csv, write_csv};
use tarjuman::glossary::error::GlossaryFileError;
use tarjuman::glossary::model::Glossary;
use tarjuman::glossary::tbx::{read_tbx, write_tbx};
use tarjuman::lang::LanguageTag;

use crate::glossary::support::{lang, sample};

/// A format under contract: its name, writer and reader.
struct Format {
    name: &'static str,
    write: fn(&Glossary) -> Vec<u8>,
    read: fn(&[u8], LanguageTag, LanguageTag) -> Result<Glossary, GlossaryFileError>,
}

const FORMATS: [Format; 2] = [
    Format { name: "csv", write: write_csv, read: read_csv },
    Format {
        name: "tbx",
        write: write_tbx,
        read: |input, source, target| read_tbx(input, source, target).map(|import| import.glossary),
    },
];

#[test]
fn what_is_written_reads_back_equal() {
    let empty = Glossary { concepts: Vec::new(), ..sample() };
    for glossary in [sample(), empty] {
        for Format { name, write, read } in FORMATS {
            let written = write(&glossary);
            let read_back = read(&written, lang("ar"), lang("en"))
                .unwrap_or_else(|e| panic!("{name}: {e}\n{}", String::from_utf8_lossy(&written)));
            assert_eq!(read_back, glossary, "{name}:\n{}", String::from_utf8_lossy(&written));
        }
    }
}

#[test]
fn writing_twice_gives_the_same_bytes() {
    for Format { name, write, read } in FORMATS {
        let once = write(&sample());
        let twice = write(&read(&once, lang("ar"), lang("en")).unwrap());
        assert_eq!(once, twice, "{name}");
    }
}
