pub mod bench;
pub mod extract;

use std::path::Path;

use anyhow::{Context, Result};
use sitrep_extract::Extractor;
use sitrep_lexicon::Lexicon;

/// The pipeline over the built-in lexicons plus the user's folder, if any.
pub fn extractor(lexicon_dir: Option<&Path>, quiet: bool) -> Result<Extractor> {
    let mut lexicon = Lexicon::builtin();
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
