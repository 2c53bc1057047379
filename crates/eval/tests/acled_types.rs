//! Sentences written for the project, run through the whole pipeline and the built-in
//! PLOVER to ACLED table: the label each kind of report must get.

use sitrep_eval::classify::{predict_one, Mapping, ACLED_TSV};
use sitrep_extract::Extractor;
use sitrep_model::Document;

fn label(text: &str) -> Option<String> {
    static EXTRACTOR: std::sync::LazyLock<Extractor> = std::sync::LazyLock::new(Extractor::builtin);
    let mapping = Mapping::parse(ACLED_TSV, "acled").unwrap();
    let x =
        EXTRACTOR.extract(&Document { text: text.into(), published: Some("2021-03-05".into()), ..Document::default() });
    predict_one(&mapping, &x)
}

fn check(cases: &[(&str, &str)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(text, want)| {
            let got = label(text);
            (got.as_deref() != Some(*want)).then(|| format!("{text:?}: want {want}, got {got:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn violence_by_demonstrators_makes_a_violent_demonstration() {
    check(&[
        (
            "Protesters threw stones at police and set fire to several vehicles in the capital on Monday.",
            "VIOL_DEMONSTR",
        ),
        ("Demonstrators clashed with security forces outside the parliament building.", "VIOL_DEMONSTR"),
        // The crowd's violence decides over the force that answers it.
        ("Police fired tear gas to disperse stone-throwing protesters who had blocked the highway.", "VIOL_DEMONSTR"),
        ("The protest turned violent when demonstrators torched a police station.", "VIOL_DEMONSTR"),
        ("Hundreds of people took to the streets to protest against the new tax law.", "PEACE_PROTEST"),
        ("Police dispersed the protesters with water cannon and arrested 20 of them.", "PROTEST_WITH_INTER"),
        // The participle after the comma is the soldiers' act, not the demonstrators'.
        ("Soldiers opened fire on peaceful demonstrators, killing four.", "FORCE_AGAINST_PROTEST"),
        ("A mob lynched a man suspected of cattle theft.", "MOB_VIOL"),
        // A clash takes two sides: the demonstrators fought too.
        ("Police clashed with protesters in the main square.", "VIOL_DEMONSTR"),
        ("Demonstrators scuffled with police outside the ministry.", "VIOL_DEMONSTR"),
    ]);
}

#[test]
fn the_defining_weapon_decides_over_the_blast() {
    check(&[
        ("A suicide bomber blew himself up at a checkpoint, killing five soldiers.", "SUIC_BOMB"),
        ("An explosion ripped through the market after a suicide bomber detonated his vest.", "SUIC_BOMB"),
        ("Unknown assailants hurled a grenade at a police post, wounding two policemen.", "GRENADE"),
        ("Government forces used chlorine gas in a rocket attack on the town, killing 12.", "CHEM_WEAP"),
    ]);
}

#[test]
fn claims_and_blame_are_attribution() {
    check(&[
        ("The Islamic State group claimed responsibility for the suicide bombing that killed 20 people.", "ATTRIB"),
        ("The Pakistani Taliban claimed responsibility for the attack on the police convoy.", "ATTRIB"),
        ("No group has claimed responsibility for the attack, but officials blamed the Taliban.", "ATTRIB"),
        ("Russia blamed Ukraine for the drone attack on the bridge.", "ATTRIB"),
    ]);
    // Taking responsibility for something that is no attack is no event.
    assert_eq!(label("The minister took responsibility for the failure."), None);
}

#[test]
fn bases_set_up_by_armed_groups() {
    check(&[
        ("Boko Haram fighters established a new base in the forest near the border.", "HQ_ESTABLISHED"),
        ("The militants set up their headquarters in an abandoned school in the town.", "HQ_ESTABLISHED"),
        ("The insurgents moved their command centre to the hills.", "HQ_ESTABLISHED"),
    ]);
    assert_eq!(label("The company set up a new factory near the town."), None);
    assert_eq!(label("The agency opened an office in the capital."), None);
}

#[test]
fn ceasefires_are_agreements_and_defused_bombs_disrupted_weapons() {
    check(&[
        ("The Sudanese army and the Rapid Support Forces declared a ceasefire on Sunday.", "AGREEMENT"),
        ("The rebels withdrew from the town.", "NON_VIOL_TERRIT_TRANSFER"),
        ("The bomb disposal squad diffused an explosive device planted near the school.", "DISR_WEAP"),
        ("Security forces foiled a suicide attack in the city.", "DISR_WEAP"),
        ("Army engineers carried out a controlled explosion of the device.", "DISR_WEAP"),
    ]);
}
