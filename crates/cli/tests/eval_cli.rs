//! `sitrep eval` as a user runs it, on tiny benchmark files written here in each set's
//! format: exit codes, report tables and JSON, one-line errors naming the file and line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sitrep(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).current_dir(dir).output().expect("run sitrep")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "exit {:?}: {}", out.status.code(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(out)).expect("stdout is one JSON report")
}

/// The row named `name` of the report's tables.
fn row<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["rows"].as_array().unwrap())
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name} in {report}"))
}

const GOLD: &str = r#"{
  "text": "pair.txt", "published": "2024-10-22",
  "entities": [
    {"kinds": ["country"], "code": "KOR", "aliases": ["South Korea", "Seoul"], "linked": ["South Korea", "Seoul"]},
    {"kinds": ["person"], "aliases": ["Kyrylo Budanov", "Budanov"]},
    {"kinds": ["organization"], "aliases": ["Yonhap"], "also": ["Yonhap News Agency"]}
  ],
  "quantities": [
    {"sentence": "Budanov said", "value": 11000, "unit": ["troop", "soldier"], "approx": "about"},
    {"sentence": "Seoul may deploy staff", "value": 5, "unit": ["staff"]}
  ],
  "times": [{"sentence": "Budanov said", "text": "by 1 November", "value": "2024-11-01"}]
}"#;

/// A saved system record for [`GOLD`]. `python3 tools/score.py gold.json system.json` on
/// this pair prints: entities P 0.500 R 0.667 F1 0.571, quantities 0.500 0.500 0.500,
/// times 1.000 1.000 1.000, score: 0.690.
const SYSTEM: &str = r#"[{
  "sentences": [
    {"text": "Seoul may deploy staff to Ukraine, Yonhap News Agency reported.", "start": 0, "end": 63},
    {"text": "Budanov said close to 11,000 troops are in Russia's Kursk region by 1 November.", "start": 64, "end": 143}
  ],
  "entities": [
    {"id": "KOR", "name": "South Korea", "kind": "country", "code": "KORGOV", "mentions": [{"text": "Seoul", "start": 0, "end": 5, "sentence": 0}]},
    {"id": "UKR", "name": "Ukraine", "kind": "country", "code": "UKR", "mentions": [{"text": "Ukraine", "start": 26, "end": 33, "sentence": 0}]},
    {"id": "yonhap", "name": "Yonhap News Agency", "kind": "organization", "code": null, "mentions": [{"text": "Yonhap News Agency", "start": 35, "end": 53, "sentence": 0}]},
    {"id": "budanov", "name": "Budanov", "kind": "person", "code": null, "mentions": [{"text": "Budanov", "start": 64, "end": 71, "sentence": 1}]},
    {"id": "RUS", "name": "Russia", "kind": "country", "code": "RUS", "mentions": [{"text": "Russia's", "start": 110, "end": 118, "sentence": 1}]}
  ],
  "quantities": [
    {"sentence": 1, "text": "close to 11,000 troops", "value": 11000, "unit": "troops", "approx": "about"},
    {"sentence": 0, "text": "5", "value": 6, "unit": null, "approx": "exact"}
  ],
  "times": [{"sentence": 1, "text": "by 1 November", "value": "2024-11-01"}]
}]"#;

#[test]
fn gold_scores_a_saved_record_as_score_py_does() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pair.gold.json", GOLD);
    write(dir.path(), "pair.txt", "Seoul may deploy staff to Ukraine, Yonhap News Agency reported.\nBudanov said close to 11,000 troops are in Russia's Kursk region by 1 November.");
    write(dir.path(), "system.json", SYSTEM);
    let out = sitrep(&["eval", "gold", "pair.gold.json", "--system", "system.json"], dir.path());
    let table = stdout(&out);
    assert!(table.contains("entities         0.500   0.667   0.571"), "{table}");
    assert!(table.contains("quantities       0.500   0.500   0.500"), "{table}");
    assert!(table.contains("score            0.690"), "{table}");
    // The pipeline itself runs on the folder's text file.
    let out = sitrep(&["eval", "gold", ".", "--format", "json"], dir.path());
    let report = json(&out);
    assert_eq!(report["documents"], 1);
    assert!(row(&report, "score")["value"].as_f64().unwrap() > 0.0);
}

#[test]
fn conll_reports_types_and_micro_figures() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "test.txt",
        "-DOCSTART- -X- -X- O\n\nGerman NNP B-NP B-MISC\ntroops NNS I-NP O\nentered VBD B-VP O\nUkraine NNP B-NP B-LOC\n. . O O\n",
    );
    let report = json(&sitrep(&["eval", "conll", ".", "--format", "json", "--errors", "3"], dir.path()));
    assert_eq!(report["set"], "conll2003 test");
    assert_eq!(report["items"], 2);
    assert_eq!(row(&report, "LOC")["counts"]["tp"], 1, "{report}");
    assert_eq!(row(&report, "MISC")["counts"]["tp"], 1, "{report}");
    assert!(row(&report, "micro PER/ORG/LOC")["f1"].is_number());
    assert!(row(&report, "micro all four")["f1"].is_number());
}

#[test]
fn bad_input_is_one_line_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "test.txt", "-DOCSTART- -X- -X- O\n\nword NN B-NP B-WHO\n");
    let out = sitrep(&["eval", "conll", "test.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("sitrep: error: test.txt:3: unknown NER tag \"B-WHO\""), "{err}");
    let out = sitrep(&["eval", "geo", "missing.xml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "sitrep: error: missing.xml: no such file or folder\n");
}

#[test]
fn tempeval_scores_timex_spans_and_values() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "tml/a.tml",
        r#"<?xml version="1.0" ?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TEXT>Troops crossed the border on <TIMEX3 tid="t1" type="DATE" value="2013-03-21">Thursday</TIMEX3>.</TEXT></TimeML>"#,
    );
    let report = json(&sitrep(&["eval", "tempeval", "tml", "--format", "json"], dir.path()));
    assert_eq!(report["items"], 1);
    let relaxed = row(&report, "relaxed (overlap)");
    assert_eq!(relaxed["counts"]["tp"], 1, "{report}");
    assert_eq!(row(&report, "value accuracy")["value"], 1.0, "{report}");
}

#[test]
fn geo_scores_recognition_and_resolution() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lgl.xml",
        r#"<articles><article docid="1"><dltime>2009-03-20 12:00</dltime><text>Shelling hit Kharkiv and Kyiv on Monday.</text><toponyms>
<toponym><start>13</start><end>20</end><phrase>Kharkiv</phrase><gaztag geonameid="706483"><name>Kharkiv</name><fclass>P</fclass><fcode>PPLA</fcode><lat>49.98</lat><lon>36.25</lon></gaztag></toponym>
<toponym><start>25</start><end>29</end><phrase>Kyiv</phrase><gaztag geonameid="703448"><name>Kyiv</name><fclass>P</fclass><fcode>PPLC</fcode><lat>50.45</lat><lon>30.52</lon></gaztag></toponym>
</toponyms></article></articles>"#,
    );
    let report = json(&sitrep(&["eval", "geo", "lgl.xml", "--format", "json"], dir.path()));
    assert_eq!(report["items"], 2);
    assert!(row(&report, "overlap")["recall"].as_f64().unwrap() > 0.0, "{report}");
    assert!(row(&report, "accuracy@161km (found)")["value"].is_number());
}

#[test]
fn case2021_and_the_help_describe_the_metrics() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.tsv", "id\tEventSnippet\tSubType\n1\tRussian jets bombed Aleppo on Monday.\tAIR_STRIKE\n2\tA flood hit the town.\tNATURAL_DISASTER\n3\tA statue was unveiled.\tOTHER\n");
    let report = json(&sitrep(&["eval", "case2021", "t.tsv", "--format", "json"], dir.path()));
    assert_eq!(report["documents"], 3);
    assert!(row(&report, "macro-F1 (covered labels)")["value"].is_number());
    assert_eq!(row(&report, "NATURAL_DISASTER")["recall"].as_f64(), Some(1.0), "{report}");
    assert!(row(&report, "OTHER")["detail"].as_str().unwrap().contains("not covered"));
    let help = stdout(&sitrep(&["eval", "conll", "--help"], dir.path()));
    assert!(help.contains("micro over PER/ORG/LOC"), "{help}");
    let help = stdout(&sitrep(&["eval", "--help"], dir.path()));
    for set in ["gold", "conll", "tempeval", "geo", "case2021", "ipe", "plover", "petrarch", "polnear"] {
        assert!(help.contains(set), "{set} missing from:\n{help}");
    }
}

#[test]
fn polnear_plover_and_petrarch_read_their_formats() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Officials said the talks failed.";
    write(dir.path(), "pn/test/text/a.txt", text);
    write(
        dir.path(),
        "pn/test/attributions/a_ef2d.ann",
        "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 31\tthe talks failed\nT4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
    );
    let report = json(&sitrep(&["eval", "polnear", "pn", "--format", "json"], dir.path()));
    assert_eq!(report["items"], 1);
    assert!(row(&report, "all: lenient")["f1"].is_number());

    write(
        dir.path(),
        "gsr.json",
        r#"[{"id": "D", "event": "DOCUMENT"}, {"id": "A-1", "date": "2000-01-01", "event": "FIGHT",
            "source": [{"code": "ISR"}], "text": "Israeli troops attacked Hamas positions in Gaza."}]"#,
    );
    let report = json(&sitrep(&["eval", "plover", "gsr.json", "--format", "json"], dir.path()));
    assert_eq!(report["items"], 1);
    assert!(row(&report, "event type (main event)")["value"].is_number());

    write(
        dir.path(),
        "u.xml",
        r#"<V><Sentence date="19950101" id="D-0" category="DEMO"><EventCoding sourcecode="ISR" targetcode="PSE" eventcode="190"></EventCoding>
<Text>Israel attacked the Palestinians.</Text></Sentence></V>"#,
    );
    let report = json(&sitrep(&["eval", "petrarch", "u.xml", "--format", "json"], dir.path()));
    assert_eq!(report["items"], 1);
    assert!(row(&report, "expected codings found")["value"].is_number());
}
