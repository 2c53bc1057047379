//! `quantities.txt`: placeholder until the quantity lexicon lands.
use crate::LexiconError;
pub const FILE: &str = "quantities.txt";
#[derive(Debug, Clone, Default)]
pub struct QuantityLexicon {}
impl QuantityLexicon {
    pub fn parse(_text: &str, _file: &str) -> Result<Self, LexiconError> {
        Ok(QuantityLexicon {})
    }
    pub fn extend(&mut self, _other: QuantityLexicon) {}
}
