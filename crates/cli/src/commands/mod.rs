pub mod bench;
pub mod bench_serve;
pub mod bench_store;
pub mod disputes;
pub mod eval;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod query;
pub mod rows;
pub mod serve;
pub mod sources;

use std::path::Path;

use anyhow::{Context, Result};
use sitrep_extract::Extractor;
use sitrep_lexicon::Lexicon;

/// A folder of PETRARCH/TABARI dictionaries given with `--dictionaries`, set once by
/// `main` before any command runs.
pub static DICTIONARIES: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// The pipeline over the built-in lexicons plus the user's folder and PETRARCH
/// dictionaries, if any.
pub fn extractor(lexicon_dir: Option<&Path>, quiet: bool) -> Result<Extractor> {
    let mut lexicon = Lexicon::builtin();
    if let Some(dir) = DICTIONARIES.get() {
        let import = sitrep_lexicon::petrarch::load_dir(&mut lexicon, dir)
            .with_context(|| format!("cannot load PETRARCH dictionaries from {}", dir.display()))?;
        if !quiet {
            eprintln!("sitrep: {import}");
        }
    }
    if let Some(dir) = lexicon_dir {
        let read =
            lexicon.extend_from_dir(dir).with_context(|| format!("cannot load lexicon folder {}", dir.display()))?;
        if read.is_empty() {
            anyhow::bail!("{}: no lexicon files found (expected names such as countries.txt)", dir.display());
        }
        if !quiet {
            eprintln!("sitrep: lexicon: added {} file(s) from {}", read.len(), dir.display());
        }
    }
    Ok(Extractor::new(lexicon))
}
