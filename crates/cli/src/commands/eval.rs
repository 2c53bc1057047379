//! `sitrep eval`: score the pipeline on a gold file or a public benchmark.
//!
//! The readers and scorers live in `sitrep-eval`; this command picks one, runs it and
//! prints its report as a table or as JSON. Every metric is described in the crate docs
//! of `sitrep-eval` and in each subcommand's `--help`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use sitrep_eval::{Options, Split};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    set: Set,
    /// Score only the first N documents (snippets, sentences, records).
    #[arg(long, global = true, value_name = "N")]
    limit: Option<usize>,
    /// Which split to score, for sets that have splits (default: test).
    #[arg(long, global = true, value_enum, value_name = "test|dev|train")]
    split: Option<SplitArg>,
    /// Output: a plain table, or the whole report as JSON.
    #[arg(long, global = true, value_enum, default_value = "table")]
    format: ReportFormat,
    /// Print error categories with up to N examples each.
    #[arg(long, global = true, value_name = "N", default_value_t = 0)]
    errors: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SplitArg {
    Test,
    Dev,
    Train,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Table,
    Json,
}

#[derive(clap::Subcommand)]
enum Set {
    /// Seed-format gold files (*.gold.json + their text), scored exactly as tools/score.py does.
    ///
    /// Per layer (entities, events, claims, quantities, times, places): precision, recall
    /// and F1 of greedy one-to-one matching inside the sentence holding each gold item's
    /// anchor text; "among matches" checks (linking, code, factuality, CAMEO root, stance,
    /// cue, unit, approx, country) as right/total; score = mean of the layers' F1 rounded to
    /// three decimals. Empty layers: precision 1 when nothing was missed, recall 1 when
    /// nothing was to be found.
    Gold {
        /// A gold file, or a folder of *.gold.json files.
        #[arg(value_name = "DIR|FILE")]
        path: PathBuf,
        /// Score this saved `sitrep extract` output instead of running the pipeline.
        #[arg(long, value_name = "FILE")]
        system: Option<PathBuf>,
    },
    /// CoNLL-2003 English NER: exact typed spans (PER, ORG, LOC, MISC), conlleval-style.
    ///
    /// Reads test.txt (--split test, default), valid.txt (dev) or train.txt from the folder
    /// (or the file given); each document's tokens are joined by spaces, sentences by
    /// newlines, and extracted without a publication date. Mapping: person->PER,
    /// organization->ORG, place->LOC, country->LOC (a country adjective or demonym such as
    /// "German"->MISC), group->MISC for its leading country adjective only. Reports P/R/F1
    /// per type, micro over PER/ORG/LOC (MISC left out) and micro over all four.
    Conll {
        #[arg(value_name = "DIR|FILE")]
        path: PathBuf,
    },
    /// TempEval-3 TIMEX3: strict and relaxed span P/R/F1, value accuracy and value F1.
    ///
    /// Reads the .tml files of the folder given, or of the TempEval-3 layout's split
    /// (test: te3-platinum, the default; train: TBAQ-cleaned). Each <TEXT>, tags stripped, is
    /// extracted with the DCT as publication date. Gold and sitrep expressions are paired one
    /// to one (same span preferred, else overlap). Strict = same span, relaxed = overlap;
    /// value accuracy = share of relaxed pairs with the gold value; value F1 counts a pair
    /// when spans overlap and values are equal, over all system and gold expressions.
    Tempeval {
        #[arg(value_name = "DIR|FILE")]
        path: PathBuf,
    },
    /// Geoparsing (LGL lgl.xml, TR-News.xml, GeoWebNews GWN.xml, GeoVirus.xml): toponym
    /// recognition P/R/F1 and resolution accuracy within 161 km, median error in km.
    ///
    /// Predicted toponyms are sitrep's places plus its country mentions that are names,
    /// capitals or seats of power (not adjectives); a country mention is placed at its
    /// capital. Recognition: a gold toponym is found when a prediction overlaps it, a
    /// prediction is right when it overlaps a gold toponym (the "exact span" row asks for the
    /// same span). Resolution: over found gold toponyms with coordinates, the share within
    /// 161 km, and the median/mean error; "all" also counts unfound toponyms as wrong.
    /// GeoWebNews: only the toponym types (Literal, Mixed, Coercion, Embedded_Literal,
    /// Literal_Modifier, Metonymic, Non_Literal_Modifier, Embedded_Non_Lit), adjectival
    /// modifiers excepted, are gold.
    Geo {
        #[arg(value_name = "FILE")]
        path: PathBuf,
    },
    /// CASE 2021 Task 2 event types (ACLED sub-event types + unseen types): accuracy, macro-F1.
    ///
    /// Each snippet is extracted on its own; its label is that of its first event that the
    /// mapping table (crates/eval/mappings/plover_to_acled.tsv, or --mapping) maps from
    /// PLOVER type, CAMEO code, source actor and trigger. Reports accuracy over all snippets
    /// and over those whose gold label the table covers, P/R/F1 per label, and macro-F1 over
    /// the covered labels and over all gold labels (uncovered labels count with F1 0).
    Case2021 {
        /// The task's TSV (test_set_final_release_with_labels.tsv) or its folder.
        #[arg(value_name = "FILE")]
        path: PathBuf,
        /// A mapping table to use instead of the built-in one (same columns).
        #[arg(long, value_name = "TSV")]
        mapping: Option<PathBuf>,
    },
    /// IndiaPoliceEvents police actions (KILL, ARREST, FAIL, FORCE, ANY_ACTION) per sentence.
    ///
    /// Each sentence of sents.jsonl is extracted on its own, dated by its article
    /// (metadata.jsonl); its labels are the union of its events' labels under the mapping
    /// (crates/eval/mappings/plover_to_ipe.tsv, or --mapping), which asks for a police source.
    /// Reports per-label P/R/F1, macro-F1 over covered labels and over all five, subset
    /// accuracy (predicted set = gold set), and the same per document (docs.jsonl labels; a
    /// document has a label when one of its sentences has it).
    Ipe {
        #[arg(value_name = "DIR")]
        path: PathBuf,
        /// A mapping table to use instead of the built-in one (same columns).
        #[arg(long, value_name = "TSV")]
        mapping: Option<PathBuf>,
    },
    /// PLOVER gold-standard records (PLOVER_GSR_CAMEO.txt): event type and source country.
    ///
    /// Each record's sentence is extracted on its own; its main event is sitrep's first
    /// event in text order. The file's PLOVER 0.5 types are mapped (DEMAND->REQUEST,
    /// DISAPPROVE->ACCUSE, FIGHT->ASSAULT, INVESTIGATE->ACCUSE). Reports event-type accuracy
    /// of the main event (and of any event), and source-country accuracy over sentences whose
    /// gold source has a country code (the event's source country, else its code's first
    /// three letters, must be one of them).
    Plover {
        #[arg(value_name = "FILE")]
        path: PathBuf,
    },
    /// PETRARCH2 unit-test records (PETR.UnitTest.records.xml): expected (source, target, CAMEO).
    ///
    /// Each record's text (not its parse tree) is extracted. An event matches an expected
    /// coding when the CAMEO codes are equal and source and target match on the code's
    /// country/IGO part (first 6 characters for IGO/NGO/IMG/MNC/NGM codes, else first 3;
    /// "---GOV" matches any GOV actor). Reports the share of expected codings found (and
    /// with only the CAMEO root equal), the extra codings and the precision. Error-test
    /// records and literal-text actors are skipped. The records' fictional actors and verb
    /// patterns live in the PETR.Validate.* dictionaries: load them with --environment
    /// (the files the records' <Environment> block names) or the global --dictionaries DIR.
    Petrarch {
        #[arg(value_name = "FILE")]
        path: PathBuf,
        /// Import the dictionaries named in the file's <Environment> block, from its folder.
        #[arg(long)]
        environment: bool,
    },
    /// PolNeAR attribution relations (source, cue, content) against sitrep's claims.
    ///
    /// Reads <DIR>/<split>/text and attributions (--split test by default). A claim's
    /// source is where its speaker's text occurs in the claim's sentence. Parts match
    /// strictly (equal spans), partly (overlap of at least half the longer span) or
    /// leniently (overlap of at least half the shorter span); a relation matches when cue,
    /// content and source (or no source on both sides) match. Reports P/R/F1 at each level
    /// over all relations, direct ones (content in quotation marks; claims flagged direct)
    /// and indirect ones, and each part alone;
    /// and, for the split's articles annotated twice, the same figures for one annotator
    /// against the other (the human ceiling).
    Polnear {
        #[arg(value_name = "DIR")]
        path: PathBuf,
        /// Score another tool's relations instead of sitrep's claims: JSON Lines, one
        /// relation per line, {"article": NAME, "source": [START, END] or null, "cue":
        /// [START, END], "content": [START, END]}, with character offsets into the
        /// article's text as in the corpus's own files.
        #[arg(long, value_name = "FILE")]
        system: Option<PathBuf>,
    },
}

/// The pipeline with the PETRARCH dictionaries that a records file's `<Environment>` names,
/// on top of what `super::extractor` loads (built-in lexicons, --dictionaries, --lexicon).
fn environment_extractor(
    records: &Path,
    lexicon_dir: Option<&Path>,
    quiet: bool,
) -> Result<(sitrep_extract::Extractor, String)> {
    let base = super::extractor(lexicon_dir, true)?;
    let mut lexicon = base.lexicon().clone();
    let import = sitrep_eval::petrarch::load_environment(&mut lexicon, records)?;
    if !quiet {
        eprintln!("sitrep: {import}");
    }
    Ok((sitrep_extract::Extractor::new(lexicon), import.to_string()))
}

pub fn run(args: Args, lexicon: Option<&Path>, quiet: bool) -> Result<ExitCode> {
    let opts = Options {
        limit: args.limit,
        errors: args.errors,
        split: args.split.map(|s| match s {
            SplitArg::Test => Split::Test,
            SplitArg::Dev => Split::Dev,
            SplitArg::Train => Split::Train,
        }),
    };
    let extractor = super::extractor(lexicon, quiet)?;
    // A document that makes the pipeline panic is scored as empty and named in the report;
    // say so in one line rather than a backtrace.
    std::panic::set_hook(Box::new(move |info| {
        if quiet {
            return;
        }
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        let message: String = message.chars().take(160).collect();
        let at = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("sitrep: the extractor panicked at {at}: {message}");
    }));
    let report = match &args.set {
        Set::Gold { path, system } => sitrep_eval::gold::evaluate(&extractor, path, system.as_deref(), &opts)?,
        Set::Conll { path } => sitrep_eval::conll::evaluate(&extractor, path, &opts)?,
        Set::Tempeval { path } => sitrep_eval::timeml::evaluate(&extractor, path, &opts)?,
        Set::Geo { path } => sitrep_eval::geoparse::evaluate(&extractor, path, &opts)?,
        Set::Case2021 { path, mapping } => {
            sitrep_eval::classify::evaluate_case(&extractor, path, mapping.as_deref(), &opts)?
        }
        Set::Ipe { path, mapping } => sitrep_eval::classify::evaluate_ipe(&extractor, path, mapping.as_deref(), &opts)?,
        Set::Plover { path } => sitrep_eval::plover::evaluate(&extractor, path, &opts)?,
        Set::Petrarch { path, environment } => {
            let mut loaded: Vec<String> =
                super::DICTIONARIES.get().map(|d| format!("--dictionaries {}", d.display())).into_iter().collect();
            let with_env;
            let ex = if *environment {
                let (ex, import) = environment_extractor(path, lexicon, quiet)?;
                loaded.push(format!("<Environment> files: {import}"));
                with_env = ex;
                &with_env
            } else {
                &extractor
            };
            let loaded = (!loaded.is_empty()).then(|| loaded.join("; "));
            sitrep_eval::petrarch::evaluate(ex, path, loaded.as_deref(), &opts)?
        }
        Set::Polnear { path, system: Some(system) } => sitrep_eval::polnear::evaluate_relations(path, system, &opts)?,
        Set::Polnear { path, system: None } => sitrep_eval::polnear::evaluate(&extractor, path, &opts)?,
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        ReportFormat::Table => out.write_all(report.render(args.errors).as_bytes())?,
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
