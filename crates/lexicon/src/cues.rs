//! `cues.txt`: reporting cues, the words that attribute content to a speaker, with the
//! stance the wording gives that content.
//!
//! ```text
//! say; says; said; saying         | neutral | verb
//! claim; claims; claimed; claiming | doubted | verb
//! according to                    | neutral | prefix
//! reportedly                      | neutral | adverb
//! there have been reports         | neutral | passive
//! allegation; allegations         | doubted | noun
//! falsely                         | false   | adverb_stance
//! ```
//! News rarely asserts things on its own authority: "Budanov said that ...", "according to
//! South Korean intelligence, ...", "Peskov claimed ...". sitrep turns these into claims
//! (speaker, content, stance) so that events inside them can be traced to who said so, and so
//! that "claimed" (doubted), "falsely framed" (false) and "denied" (denied) are kept apart
//! from plain reporting. The frame says where the speaker and the content stand around the
//! cue; `adverb_stance` lines are not cues but the author's words that change the stance of
//! the cue they modify.

use crate::{records, LexiconError};

pub const FILE: &str = "cues.txt";

/// How the text presents the reported content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stance {
    /// Reported without judgement: "said", "according to", "reportedly".
    Neutral,
    /// The wording casts doubt: "claimed", "alleged", "purportedly".
    Doubted,
    /// The author says the content is untrue: "falsely said", "lied that".
    False,
    /// The speaker says the content is untrue: "denied that", "rejected claims that".
    Denied,
}

impl Stance {
    /// The name used in the lexicon file and in sitrep's JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Neutral => "neutral",
            Stance::Doubted => "doubted",
            Stance::False => "false",
            Stance::Denied => "denied",
        }
    }

    fn parse(s: &str) -> Option<Stance> {
        Some(match s {
            "neutral" => Stance::Neutral,
            "doubted" => Stance::Doubted,
            "false" => Stance::False,
            "denied" => Stance::Denied,
            _ => return None,
        })
    }
}

/// Where speaker and content stand around the cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frame {
    /// Speaker, cue, content ("X said that ..."), or content first ("..., X said.").
    Verb,
    /// Cue, speaker, content: "According to X, ...", "..., quoting X".
    Prefix,
    /// An unattributed cue inside the content: "Seoul is reportedly considering ...".
    Adverb,
    /// An unattributed frame before the content: "it was reported that", "reports said".
    Passive,
    /// A noun whose complement is the content: "X's claim that ...", "reports of ...".
    Noun,
    /// The author's word for how things seem or are expected: "the team appeared
    /// paralyzed", "Sanders is expected to win". No speaker; the content is the clause
    /// around the cue, from its subject on.
    Evidential,
    /// A document whose findings open the sentence: "In a CNN poll released Monday,
    /// CONTENT". The cue is "In", the source the phrase up to the comma.
    Finding,
    /// A verb that reports speech only when it frames a quotation, in either order of
    /// the `Verb` frame: "\"...,\" Trump continued.", "She went on: \"...\"", "the
    /// crowd chanted \"...\"". Without a quotation it is no cue ("the talks continued").
    Quotation,
    /// Not a cue: the author's word that sets the stance of the cue it modifies
    /// ("falsely claimed" is false, "claimed without evidence" doubted).
    AdverbStance,
}

impl Frame {
    /// The name used in the lexicon file.
    pub fn as_str(self) -> &'static str {
        match self {
            Frame::Verb => "verb",
            Frame::Prefix => "prefix",
            Frame::Adverb => "adverb",
            Frame::Passive => "passive",
            Frame::Noun => "noun",
            Frame::Evidential => "evidential",
            Frame::Finding => "finding",
            Frame::Quotation => "quotation",
            Frame::AdverbStance => "adverb_stance",
        }
    }

    fn parse(s: &str) -> Option<Frame> {
        Some(match s {
            "verb" => Frame::Verb,
            "prefix" => Frame::Prefix,
            "adverb" => Frame::Adverb,
            "passive" => Frame::Passive,
            "noun" => Frame::Noun,
            "evidential" => Frame::Evidential,
            "finding" => Frame::Finding,
            "quotation" => Frame::Quotation,
            "adverb_stance" => Frame::AdverbStance,
            _ => return None,
        })
    }
}

/// One line of `cues.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Lower-case forms; multi-word forms match consecutive words ("according to").
    pub forms: Vec<String>,
    pub stance: Stance,
    pub frame: Frame,
}

/// Parses `cues.txt`; `file` names the file in error messages.
pub fn parse(text: &str, file: &str) -> Result<Vec<Cue>, LexiconError> {
    let mut out = Vec::new();
    for r in records(text) {
        let err = |message: String| LexiconError::Syntax { file: file.to_string(), line: r.line, message };
        if r.fields.len() != 3 {
            return Err(err(format!("expected 'cue forms | stance | frame', found {} fields", r.fields.len())));
        }
        let forms: Vec<String> = r.list(0).into_iter().map(str::to_lowercase).collect();
        if forms.is_empty() {
            return Err(err("no cue forms".to_string()));
        }
        let stance = Stance::parse(r.field(1)).ok_or_else(|| {
            err(format!("unknown stance '{}' (expected neutral, doubted, false or denied)", r.field(1)))
        })?;
        let frame = Frame::parse(r.field(2)).ok_or_else(|| {
            err(format!(
                "unknown frame '{}' (expected verb, prefix, adverb, passive, noun, evidential, finding, quotation or adverb_stance)",
                r.field(2)
            ))
        })?;
        out.push(Cue { forms, stance, frame });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_forms_stance_and_frame() {
        let text = "# cues\nSay; says; said | neutral | verb\nAccording to | neutral | prefix  # note\n\
                    falsely; wrongly | false | adverb_stance\nallegation | doubted | noun\n";
        let c = parse(text, "t").unwrap();
        assert_eq!(c.len(), 4);
        assert_eq!(c[0].forms, vec!["say", "says", "said"]);
        assert_eq!((c[0].stance, c[0].frame), (Stance::Neutral, Frame::Verb));
        assert_eq!(c[1].forms, vec!["according to"]);
        assert_eq!(c[1].frame, Frame::Prefix);
        assert_eq!((c[2].stance, c[2].frame), (Stance::False, Frame::AdverbStance));
        assert_eq!(c[3].stance.as_str(), "doubted");
        assert_eq!(c[3].frame.as_str(), "noun");
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = parse("said | neutral | verb\nclaimed | dubious | verb\n", "cues.txt").unwrap_err().to_string();
        assert!(e.starts_with("cues.txt:2:") && e.contains("dubious"), "{e}");
        let e = parse("\n\nclaimed | doubted | clause\n", "cues.txt").unwrap_err().to_string();
        assert!(e.starts_with("cues.txt:3:") && e.contains("clause"), "{e}");
        let e = parse("claimed | doubted\n", "cues.txt").unwrap_err().to_string();
        assert!(e.starts_with("cues.txt:1:") && e.contains("fields"), "{e}");
        assert!(parse(" ; | neutral | verb\n", "cues.txt").unwrap_err().to_string().contains("no cue forms"));
        assert!(parse("said | neutral | verb | extra\n", "cues.txt").is_err());
    }

    #[test]
    fn builtin_file_parses_and_covers_every_stance_and_frame() {
        let cues = parse(include_str!("../../../lexicon/cues.txt"), FILE).unwrap();
        assert!(cues.len() >= 100, "{} cues", cues.len());
        for stance in [Stance::Neutral, Stance::Doubted, Stance::False, Stance::Denied] {
            assert!(cues.iter().any(|c| c.stance == stance), "no {} cue", stance.as_str());
        }
        let frames = [
            Frame::Verb,
            Frame::Prefix,
            Frame::Adverb,
            Frame::Passive,
            Frame::Noun,
            Frame::Evidential,
            Frame::Quotation,
            Frame::AdverbStance,
        ];
        for frame in frames {
            assert!(cues.iter().any(|c| c.frame == frame), "no {} cue", frame.as_str());
        }
        let find = |form: &str, frame: Frame| {
            cues.iter().find(|c| c.frame == frame && c.forms.iter().any(|f| f == form)).map(|c| c.stance)
        };
        assert_eq!(find("said", Frame::Verb), Some(Stance::Neutral));
        assert_eq!(find("claimed", Frame::Verb), Some(Stance::Doubted));
        assert_eq!(find("denied", Frame::Verb), Some(Stance::Denied));
        assert_eq!(find("according to", Frame::Prefix), Some(Stance::Neutral));
        assert_eq!(find("allegedly", Frame::Adverb), Some(Stance::Doubted));
        assert_eq!(find("falsely", Frame::AdverbStance), Some(Stance::False));
        assert_eq!(find("seemed", Frame::Evidential), Some(Stance::Neutral));
        assert_eq!(find("poll", Frame::Finding), Some(Stance::Neutral));
        assert_eq!(find("continued", Frame::Quotation), Some(Stance::Neutral));
        assert_eq!(find("continued", Frame::Verb), None);
        assert_eq!(find("without evidence", Frame::AdverbStance), Some(Stance::Doubted));
    }

    #[test]
    fn builtin_file_gives_each_form_one_stance_per_frame() {
        let cues = parse(include_str!("../../../lexicon/cues.txt"), FILE).unwrap();
        let mut seen = std::collections::HashMap::new();
        for c in &cues {
            for f in &c.forms {
                if let Some(old) = seen.insert((f.as_str(), c.frame), c.stance) {
                    assert_eq!(old, c.stance, "'{f}' ({}) has two stances", c.frame.as_str());
                }
            }
        }
    }
}
