//! Where a claim's speaker, cue and content start and end, following the attribution
//! conventions of English news (the complementiser opens the content, the verb group is
//! the cue, a quotation is whole).

use sitrep_extract::Extractor;
use sitrep_model::{Claim, Extraction};

fn extract(text: &str) -> Extraction {
    static EXTRACTOR: std::sync::LazyLock<Extractor> = std::sync::LazyLock::new(Extractor::builtin);
    EXTRACTOR.extract(&sitrep_model::Document {
        text: text.into(),
        published: Some("2024-05-01".into()),
        ..Default::default()
    })
}

fn claim<'a>(x: &'a Extraction, cue: &str) -> &'a Claim {
    x.claims.iter().find(|c| c.cue.text.ends_with(cue)).unwrap_or_else(|| panic!("no {cue:?} claim: {:#?}", x.claims))
}

fn speaker(c: &Claim) -> &str {
    c.speaker.as_ref().map_or("", |s| s.text.as_str())
}

#[test]
fn that_opens_the_content_and_the_verb_group_is_the_cue() {
    let x = extract("The governor has also said that the bridge will reopen in May.");
    let c = claim(&x, "said");
    assert_eq!(c.cue.text, "has also said");
    assert_eq!(c.content.text, "that the bridge will reopen in May");
    assert_eq!(speaker(c), "The governor");
}

#[test]
fn a_colon_after_the_cue_belongs_to_it_and_a_quotation_runs_to_its_close() {
    let x = extract("Maria Lopez said: \"The plan failed. We need a new one.\" Then she left.");
    let c = claim(&x, "said:");
    assert_eq!(c.content.text, "\"The plan failed. We need a new one.\"");
    assert!(c.direct);
}

#[test]
fn a_quotation_interrupted_by_its_attribution_is_one_content() {
    let x =
        extract("\"We will rebuild the school,\" the mayor said. \"The money is already there.\"\n\nOthers disagreed.");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "\"We will rebuild the school,\" the mayor said. \"The money is already there.\"");
    assert_eq!(speaker(c), "the mayor");
    let x = extract("\"We will rebuild,\" the mayor said, \"and we will do it soon.\"");
    assert_eq!(claim(&x, "said").content.text, "\"We will rebuild,\" the mayor said, \"and we will do it soon.\"");
}

#[test]
fn a_next_quotation_with_its_own_cue_stays_apart() {
    let x = extract("\"The vote was fair,\" the mayor said. \"It was not,\" the judge added.");
    assert_eq!(claim(&x, "said").content.text, "\"The vote was fair,\"");
    assert_eq!(claim(&x, "added").content.text, "\"It was not,\"");
}

#[test]
fn the_speaker_is_the_whole_subject_phrase() {
    let x = extract("Maria Lopez, a nurse from Ohio, said the clinic had closed.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "Maria Lopez, a nurse from Ohio");
    assert_eq!(c.content.text, "the clinic had closed");
    let x = extract("The plan was criticised by Maria Lopez, who said the figures were wrong.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "who");
    assert_eq!(c.speaker.as_ref().and_then(|s| s.name.as_deref()), Some("Maria Lopez"));
}

#[test]
fn a_noun_that_ends_in_ly_is_not_part_of_the_cue() {
    let x = extract("The family said that the school had been closed.");
    let c = claim(&x, "said");
    assert_eq!(c.cue.text, "said");
    assert_eq!(speaker(c), "The family");
}

#[test]
fn a_preposition_after_the_cue_joins_it_when_its_object_is_the_content() {
    let x = extract("The farmers complained about the price of diesel.");
    let c = claim(&x, "about");
    assert_eq!(c.cue.text, "complained about");
    assert_eq!(c.content.text, "the price of diesel");
}

#[test]
fn a_relative_that_after_an_infinitive_does_not_open_the_content() {
    let x = extract("The council urged the company to close the plants that pollute the river.");
    let c = claim(&x, "urged");
    assert_eq!(c.content.text, "the company to close the plants that pollute the river");
}

#[test]
fn the_authors_clause_after_but_is_not_reported() {
    let x = extract("The minister said the talks had failed, but the markets rose anyway.");
    assert_eq!(claim(&x, "said").content.text, "the talks had failed");
}

#[test]
fn titles_and_modifiers_before_a_name_belong_to_the_speaker() {
    let x = extract("Campaign spokesman Jason Miller said the rally would go ahead.");
    assert_eq!(speaker(claim(&x, "said")), "Campaign spokesman Jason Miller");
}

#[test]
fn a_participle_after_a_comma_speaks_for_the_sentence_subject() {
    let x = extract("Maria Lopez spoke on the radio on Monday, saying that the strike would go on.");
    let c = claim(&x, "saying");
    assert_eq!(c.speaker.as_ref().and_then(|s| s.name.as_deref()), Some("Maria Lopez"));
    assert_eq!(c.content.text, "that the strike would go on");
}

#[test]
fn a_participle_speaks_for_a_main_subject_that_names_no_actor() {
    let x = extract("The treasurer spoke to the press on Friday, saying that the budget was balanced.");
    let c = claim(&x, "saying");
    assert_eq!(speaker(c), "The treasurer");
    assert_eq!(c.content.text, "that the budget was balanced");
    // After an introductory phrase, and with a prepositional phrase in the subject.
    let x =
        extract("On Tuesday, a spokeswoman for the hospital declined to comment, noting that the inquiry was open.");
    let c = claim(&x, "noting");
    assert_eq!(speaker(c), "a spokeswoman for the hospital");
    assert_eq!(c.content.text, "that the inquiry was open");
    // An irregular past form ends the subject too.
    let x = extract("The two farmers went to the capital, arguing that prices had collapsed.");
    assert_eq!(speaker(claim(&x, "arguing")), "The two farmers");
}

#[test]
fn a_cue_s_content_stops_before_a_participle_cue_after_a_comma() {
    let x = extract("The union criticized the offer, saying that it ignores pensions.");
    let c = claim(&x, "criticized");
    assert_eq!(c.content.text, "the offer");
    let c = claim(&x, "saying");
    assert_eq!(speaker(c), "The union");
    assert_eq!(c.content.text, "that it ignores pensions");
}

#[test]
fn a_participle_after_a_quotation_s_attribution_has_its_own_content() {
    let x = extract("\"The road is safe,\" the engineer said in a report, adding that repairs would end soon.");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "\"The road is safe,\"");
    let c = claim(&x, "adding");
    assert_eq!(speaker(c), "the engineer");
    assert_eq!(c.content.text, "that repairs would end soon");
}

#[test]
fn a_quotation_closed_by_its_comma_ends_before_a_participle_cue() {
    let x = extract("The coach insisted that the team had \"played its best,\" adding that the referee erred.");
    assert_eq!(claim(&x, "insisted").content.text, "that the team had \"played its best,\"");
    let c = claim(&x, "adding");
    assert_eq!(speaker(c), "The coach");
    assert_eq!(c.content.text, "that the referee erred");
}

#[test]
fn the_object_of_a_naming_verb_is_part_of_the_content() {
    let x = extract("The chairman then stood up, calling her \"the best mayor in years.\"");
    let c = claim(&x, "calling");
    assert_eq!(speaker(c), "The chairman");
    assert_eq!(c.content.text, "her \"the best mayor in years.\"");
}

#[test]
fn a_verb_of_continuing_reports_only_a_quotation() {
    let x = extract("\"The river is rising,\" the mayor continued. \"We must act now.\"");
    let c = claim(&x, "continued");
    assert_eq!(speaker(c), "the mayor");
    assert_eq!(c.content.text, "\"The river is rising,\" the mayor continued. \"We must act now.\"");
    let x = extract("The pilot went on: \"Nobody was hurt.\"");
    let c = claim(&x, "went on:");
    assert_eq!(c.content.text, "\"Nobody was hurt.\"");
    assert!(extract("The talks continued for hours.").claims.is_empty());
}

#[test]
fn a_verb_of_aspect_carries_an_infinitive_cue() {
    let x = extract("The judge went on to say that the appeal had no merit.");
    let c = claim(&x, "to say");
    assert_eq!(c.cue.text, "went on to say");
    assert_eq!(speaker(c), "The judge");
    assert_eq!(c.content.text, "that the appeal had no merit");
}

#[test]
fn a_participle_clause_opening_the_sentence_is_a_claim_of_its_own() {
    let x = extract("Asked whether the bridge was safe, the engineer said she had no doubts.");
    let c = claim(&x, "Asked");
    assert_eq!(speaker(c), "");
    assert_eq!(c.content.text, "whether the bridge was safe");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "the engineer");
    assert_eq!(c.content.text, "she had no doubts");
    let x = extract("When asked why, the coach replied: \"We were tired.\"");
    assert_eq!(claim(&x, "asked").content.text, "why");
}

#[test]
fn a_passive_cue_speaks_for_its_agent_or_for_no_one() {
    let x = extract("The minister was asked if the tax would rise.");
    let c = claim(&x, "asked");
    assert_eq!(c.cue.text, "was asked");
    assert!(c.speaker.is_none());
    assert_eq!(c.content.text, "if the tax would rise");
    let x = extract("Asked by a farmer whether prices would fall, the minister smiled.");
    let c = claim(&x, "Asked");
    assert_eq!(speaker(c), "a farmer");
    assert_eq!(c.content.text, "whether prices would fall");
}

#[test]
fn a_phrase_set_off_by_dashes_belongs_to_the_subject() {
    let x = extract("The retired judge - who once said he would never vote - said on Sunday that the count was fair.");
    let inner = x.claims.iter().find(|c| c.cue.text.ends_with("once said")).expect("inner claim");
    assert_eq!(inner.content.text, "he would never vote");
    let c = x.claims.iter().find(|c| c.cue.text == "said").expect("main claim");
    assert_eq!(speaker(c), "The retired judge - who once said he would never vote -");
    assert_eq!(c.content.text, "that the count was fair");
}

#[test]
fn a_participle_s_subject_keeps_its_apposition_and_skips_an_introduction() {
    let x = extract("Jo Kemp, the county's chief nurse, stayed at home, noting that the review was private.");
    assert_eq!(speaker(claim(&x, "noting")), "Jo Kemp, the county's chief nurse,");
    let x = extract("Speaking in Dayton, Ohio, the treasurer spoke about debt, arguing that rates would rise.");
    assert_eq!(speaker(claim(&x, "arguing")), "the treasurer");
}

#[test]
fn a_cue_coordinated_with_the_main_predicate_shares_its_subject() {
    let x = extract("Nurses at the county clinic stopped work on Friday and said the wards were unsafe.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "Nurses at the county clinic");
    assert_eq!(c.content.text, "the wards were unsafe");
}

#[test]
fn a_gerund_after_a_subordinator_speaks_for_the_main_subject() {
    let x = extract("The new coach ended the meeting by saying that the season was over.");
    let c = claim(&x, "saying");
    assert_eq!(speaker(c), "The new coach");
    assert_eq!(c.content.text, "that the season was over");
    // An act on an object is no claim: "by supporting".
    let x = extract("The new coach ended the strike by supporting higher wages.");
    assert!(x.claims.iter().all(|c| !c.cue.text.ends_with("supporting")), "{:#?}", x.claims);
}

#[test]
fn a_participle_opening_the_sentence_speaks_for_the_subject_after_it() {
    let x = extract("Citing a new survey, the farm lobby said that prices would fall.");
    let c = claim(&x, "Citing");
    assert_eq!(speaker(c), "the farm lobby");
    assert_eq!(c.content.text, "a new survey");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "that prices would fall");
}

#[test]
fn a_cue_after_a_conjunction_takes_the_speaker_of_the_claim_before_it() {
    let x = extract("In May, the county auditor called the budget \"a mess,\" but said no money was missing.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "the county auditor");
    assert_eq!(c.content.text, "no money was missing");
}

#[test]
fn a_party_label_in_parentheses_belongs_to_the_head_of_an_apposition() {
    let x = extract("Rep. Ann Fry (D-Ore.), a member of the panel, said the hearing would resume.");
    assert_eq!(speaker(claim(&x, "said")), "Rep. Ann Fry (D-Ore.), a member of the panel");
}

#[test]
fn a_cue_in_an_object_relative_clause_reports_from_the_pronoun_on() {
    let x = extract("The council opened the new pool, which she said was the largest in the county.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "she");
    assert_eq!(c.content.text, "which she said was the largest in the county");
    let x = extract("The levy, which farmers described as \"ruinous,\" was dropped in June.");
    assert_eq!(claim(&x, "described as").content.text, "which farmers described as \"ruinous,\"");
}

#[test]
fn a_participle_after_a_quotation_s_long_attribution_keeps_the_quotation_for_the_cue() {
    let x =
        extract("\"The count is over,\" the clerk told the county board on Monday, adding that no ballots were lost.");
    assert_eq!(claim(&x, "told").content.text, "\"The count is over,\"");
    assert_eq!(claim(&x, "adding").content.text, "that no ballots were lost");
}

#[test]
fn what_a_subject_cites_is_the_content() {
    let x = extract("The ministry postponed the vote, citing security concerns in the north.");
    let c = claim(&x, "citing");
    assert_eq!(speaker(c), "The ministry");
    assert_eq!(c.content.text, "security concerns in the north");
}

#[test]
fn a_long_attribution_after_a_quotation_still_closes_it() {
    let x = extract("\"The strike will go on,\" Maria Lopez told a crowd of nurses in Ohio on Monday.");
    let c = claim(&x, "told");
    assert_eq!(c.content.text, "\"The strike will go on,\"");
    assert_eq!(speaker(c), "Maria Lopez");
}

#[test]
fn a_that_clause_after_a_setting_opens_the_content() {
    let x = extract("The senator said during a rally in Ohio that the plant would stay open.");
    assert_eq!(claim(&x, "said").content.text, "that the plant would stay open");
}

#[test]
fn an_attribution_inside_the_sentence_reports_the_sentence_around_it() {
    let x = extract("But the test, the army said, was its biggest yet.");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "the test, the army said, was its biggest yet");
    assert_eq!(speaker(c), "the army");
}

#[test]
fn doubled_apostrophes_quote_like_quotation_marks() {
    let x = extract("''We will win,'' said Maria Lopez. ''The nurses are with us.''\n\nThe vote is on Friday.");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "''We will win,'' said Maria Lopez. ''The nurses are with us.''");
    assert_eq!(speaker(c), "Maria Lopez");
}

#[test]
fn a_common_noun_before_a_named_group_is_not_the_speaker() {
    let x = extract("Kyiv would talk only after all troops had left, a condition Russian officials have rejected.");
    let c = claim(&x, "rejected");
    assert_eq!(speaker(c), "Russian officials");
}

#[test]
fn a_cue_verb_used_as_a_noun_after_a_determiner_is_no_cue() {
    let x = extract("The mayor wants the bridge closed by May, a demand the city council has rejected.");
    assert!(x.claims.iter().all(|c| !c.cue.text.contains("demand")), "{:#?}", x.claims);
    assert!(x.claims.iter().all(|c| speaker(c) != "a"), "{:#?}", x.claims);
}

#[test]
fn an_unresolved_subject_pronoun_speaks_and_is_the_whole_speaker() {
    let x = extract("The agency closed the office. It said the move would save money.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "It");
    assert_eq!(c.content.text, "the move would save money");
    let x = extract("On Monday he said the talks had failed.");
    assert_eq!(speaker(claim(&x, "said")), "he");
}

#[test]
fn a_pronoun_after_a_noun_heads_a_relative_clause_not_a_claim() {
    let x = extract("The council counted the damage it said the storm had caused.");
    assert!(x.claims.iter().all(|c| speaker(c) != "the damage it"), "{:#?}", x.claims);
}

#[test]
fn an_opening_quotation_mark_is_no_content_before_the_speaker() {
    let x = extract("\"I think the plan will work,\" the minister said.");
    assert!(x.claims.iter().all(|c| c.content.text != "\"I think the plan will work,\"" || speaker(c) != "I"));
    assert_eq!(speaker(claim(&x, "said")), "the minister");
}

#[test]
fn a_title_before_a_name_is_part_of_the_speaker() {
    let x = extract("Mr. Lopez said the wall would be built.");
    assert_eq!(speaker(claim(&x, "said")), "Mr. Lopez");
}

#[test]
fn a_cue_inside_a_quotation_belongs_to_the_quotation() {
    let x = extract("\"I think the plan will work, and I know the workers want it,\" the minister said.");
    assert_eq!(x.claims.len(), 1, "{:#?}", x.claims);
    assert_eq!(speaker(claim(&x, "said")), "the minister");
}

#[test]
fn wishes_decisions_and_criticism_are_attributed_like_speech() {
    let x = extract("The union wanted the talks to resume. The mayor blamed the heat for the outage.");
    assert_eq!(claim(&x, "wanted").content.text, "the talks to resume");
    assert_eq!(speaker(claim(&x, "blamed")), "The mayor");
}

#[test]
fn a_later_quotation_in_the_author_s_clause_does_not_continue_the_content() {
    let x = extract(
        "\"You won,\" she said, but the crowd was cheering, and he spoke of \"a rigged system,\" again.\n\nIt ended.",
    );
    assert_eq!(claim(&x, "said").content.text, "\"You won,\"");
}

#[test]
fn a_subject_set_off_by_commas_is_the_name_and_its_apposition() {
    let x = extract("Scot Ross, executive director of One Wisconsin Now, said the numbers were even more dramatic.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "Scot Ross, executive director of One Wisconsin Now");
    assert_eq!(c.content.text, "the numbers were even more dramatic");
    let x = extract("McCain, who has tangled with Cruz repeatedly, said he had met him once.");
    assert_eq!(speaker(claim(&x, "said")), "McCain, who has tangled with Cruz repeatedly");
}

#[test]
fn an_aside_between_commas_is_not_part_of_the_speaker() {
    let x = extract("Murphy, though, said he backs the plan.");
    assert_eq!(speaker(claim(&x, "said")), "Murphy");
    let x = extract("In Iowa, Maria Lopez, a nurse, said the clinic had closed.");
    assert_eq!(speaker(claim(&x, "said")), "Maria Lopez, a nurse");
}

#[test]
fn shares_of_a_poll_and_modified_nouns_are_whole_speakers() {
    let x = extract("Six in 10 say he is at least somewhat decisive.");
    assert_eq!(speaker(claim(&x, "say")), "Six in 10");
    let x = extract("In the poll, 46 percent said they were unenthusiastic about the election.");
    assert_eq!(speaker(claim(&x, "said")), "46 percent");
    let x = extract("Two-thirds of Democratic insiders said the deficit would hurt her.");
    assert_eq!(speaker(claim(&x, "said")), "Two-thirds of Democratic insiders");
    let x = extract("A spokesman for the campaign said the rally would go ahead.");
    assert_eq!(speaker(claim(&x, "said")), "A spokesman for the campaign");
}

#[test]
fn the_source_after_according_to_is_its_whole_phrase() {
    let x = extract("According to the Associated Press, the senator has 400 delegates.");
    let c = x.claims.iter().find(|c| c.cue.text == "According to").expect("claim");
    assert_eq!(speaker(c), "the Associated Press");
    let x = extract("The senator has 400 delegates, according to a tally by the Associated Press, but she needs more.");
    let c = x.claims.iter().find(|c| c.cue.text == "according to").expect("claim");
    assert_eq!(speaker(c), "a tally by the Associated Press");
}

#[test]
fn an_inverted_speaker_runs_to_an_aside_of_the_author() {
    let x = extract("\"It is good strategy,\" said Ed Rendell, a former Pennsylvania governor, referring to the list.");
    assert_eq!(speaker(claim(&x, "said")), "Ed Rendell, a former Pennsylvania governor");
    let x = extract("\"We will see,\" J. Gerald Hebert, director of the Campaign Legal Center, said in an interview.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "J. Gerald Hebert, director of the Campaign Legal Center");
    assert_eq!(c.content.text, "\"We will see,\"");
}

#[test]
fn an_infinitive_after_a_cue_of_intention_is_the_content() {
    let x = extract("A spokesman for the mayor declined to comment on the report.");
    let c = claim(&x, "declined");
    assert_eq!(c.cue.text, "declined");
    assert_eq!(c.content.text, "to comment on the report");
    assert_eq!(speaker(c), "A spokesman for the mayor");
    let x = extract("In a statement, the union plans to strike on Monday.");
    assert_eq!(claim(&x, "plans").content.text, "to strike on Monday");
    let x = extract("The city council has many plans. Rents declined in May.");
    assert!(x.claims.is_empty(), "{:#?}", x.claims);
}

#[test]
fn a_label_before_a_colon_is_no_cue() {
    let x = extract("Note: The mayor will speak at noon.");
    assert!(x.claims.is_empty(), "{:#?}", x.claims);
}

#[test]
fn a_headline_with_a_speaker_and_a_colon_is_a_claim() {
    let x = extract("Hillary Clinton: The economy is not working for families.\n\nThe candidate spoke in Ohio.");
    let c = claim(&x, ":");
    assert_eq!(speaker(c), "Hillary Clinton");
    assert_eq!(c.content.text, "The economy is not working for families");
    let x = extract("Breaking: The bridge is closed.\n\nIt reopens on Monday.");
    assert!(x.claims.is_empty(), "{:#?}", x.claims);
}

#[test]
fn the_listener_of_a_cue_is_not_part_of_the_content() {
    let x = extract("The senator told reporters he would vote against the bill.");
    assert_eq!(claim(&x, "told").content.text, "he would vote against the bill");
    let x = extract("Maria Lopez told the crowd at a rally in Ohio that the strike would go on.");
    assert_eq!(claim(&x, "told").content.text, "that the strike would go on");
    // What someone is urged to do keeps its object.
    let x = extract("The mayor urged residents to stay home.");
    assert_eq!(claim(&x, "urged").content.text, "residents to stay home");
}

#[test]
fn a_preposition_that_completes_the_cue_verb_joins_it() {
    let x = extract("The union called for an independent inquiry into the crash.");
    let c = claim(&x, "for");
    assert_eq!(c.cue.text, "called for");
    assert_eq!(c.content.text, "an independent inquiry into the crash");
    let x = extract("The mayor has also commented on the closure of the bridge.");
    assert_eq!(claim(&x, "on").cue.text, "has also commented on");
}

#[test]
fn a_name_after_a_quotation_keeps_its_prepositional_phrase_out_of_the_content() {
    let x = extract("\"It was the least bad outcome,\" Mr. Morgan of the Sierra Club said.");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "\"It was the least bad outcome,\"");
    assert_eq!(speaker(c), "Mr. Morgan of the Sierra Club");
    let x = extract("''I have never been edited,'' Mr. King, 82, told me.");
    assert_eq!(claim(&x, "told").content.text, "''I have never been edited,''");
}

#[test]
fn how_things_seem_or_are_expected_is_the_author_s_attribution_without_a_speaker() {
    let x = extract("After the debate, the campaign team appeared paralyzed.");
    let c = claim(&x, "appeared");
    assert!(c.speaker.is_none());
    assert_eq!(c.content.text, "the campaign team appeared paralyzed");
    let x = extract("Sanders is expected to win the primary in New Hampshire.");
    assert_eq!(claim(&x, "is expected").content.text, "Sanders is expected to win the primary in New Hampshire");
    // A verb of presence is no cue.
    let x = extract("The senator appeared on Fox News on Sunday.");
    assert!(x.claims.is_empty(), "{:#?}", x.claims);
}

#[test]
fn a_cue_that_ends_the_text_has_no_listener() {
    // Texts cut off after the cue ("Officials said"): nothing follows to be the listener.
    for text in ["The minister told", "He warned", "Officials said", "The army claimed"] {
        let x = extract(text);
        assert!(x.claims.iter().all(|c| c.content.end <= text.len()), "{text:?}: {:?}", x.claims);
    }
}

#[test]
fn a_paragraph_that_opens_with_a_speaker_label_and_a_colon_is_a_claim() {
    let x = extract("The governor spoke on Sunday.\n\nTAPPER: Do you think the bridge will reopen?\n\nQ: When?");
    let c = claim(&x, ":");
    assert_eq!(speaker(c), "TAPPER");
    assert_eq!(c.content.text, "Do you think the bridge will reopen?");
    let q = x.claims.iter().find(|c| speaker(c) == "Q").expect("the Q label speaks");
    assert_eq!(q.content.text, "When?");
    let x = extract("Poll: Voters in Ohio favour the bridge.\n\nThe survey was taken in May.");
    let c = claim(&x, ":");
    assert_eq!(speaker(c), "Poll");
    assert_eq!(c.content.text, "Voters in Ohio favour the bridge");
    let x = extract("The Latest: The bridge is closed.\n\nIt reopens on Monday.");
    assert!(x.claims.is_empty(), "{:#?}", x.claims);
}

#[test]
fn a_sentence_that_opens_with_a_poll_attributes_its_findings_to_it() {
    let x = extract("In a national CNN poll released Monday, 31% of voters said they were enthusiastic.");
    let c = claim(&x, "In");
    assert_eq!(speaker(c), "a national CNN poll released Monday");
    assert_eq!(c.content.text, "31% of voters said they were enthusiastic");
    // The noun is no cue inside a speaker's phrase.
    let x = extract("A new poll shows that the governor leads.");
    assert_eq!(speaker(claim(&x, "shows")), "A new poll");
}

#[test]
fn a_cue_that_ends_the_text_reads_nothing_after_it() {
    for text in ["The mayor told", "The mayor called for", "Sanders is expected", "The team appeared", "Q:"] {
        let x = extract(text);
        assert!(x.claims.iter().all(|c| !c.content.text.is_empty()), "{text}: {:#?}", x.claims);
    }
}

#[test]
fn a_negated_auxiliary_belongs_to_the_cue_and_a_subjectless_participle_has_no_speaker() {
    let x = extract("I don't think the bridge will reopen.");
    let c = claim(&x, "think");
    assert_eq!(c.cue.text, "don't think");
    assert_eq!(speaker(c), "I");
    let x = extract("When asked about the bridge, the mayor said it would reopen.");
    let c = claim(&x, "asked about");
    assert!(c.speaker.is_none(), "{c:#?}");
}

#[test]
fn a_setting_after_a_content_first_cue_stays_out_of_the_content() {
    let x = extract("\"We never asked for the money,\" Dana Weller said in March after the council cut its budget for the coming year and hired two teachers.");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "\"We never asked for the money,\"");
    assert_eq!(speaker(c), "Dana Weller");
    let x = extract("\"The roof will hold,\" the engineer said, adding that the walls needed work.");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "\"The roof will hold,\"");
    assert_eq!(speaker(c), "the engineer");
    let x = extract("The harbour will stay closed until the storm passes, a port official said, adding that ferries were cancelled.");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "The harbour will stay closed until the storm passes");
    assert_eq!(speaker(c), "a port official");
}

#[test]
fn a_fronted_setting_or_an_object_is_no_content_first() {
    let x = extract("In her speech on Tuesday, the senator stressed the need for new roads.");
    let c = claim(&x, "stressed");
    assert_eq!(speaker(c), "the senator");
    assert_eq!(c.content.text, "the need for new roads");
    let x = extract(
        "It was a long night for the party, as the chairman echoed the criticism, adding that nothing had changed.",
    );
    assert!(x.claims.iter().all(|c| !c.content.text.starts_with("It was")), "{:#?}", x.claims);
}

#[test]
fn a_question_closed_by_its_mark_is_the_content_of_the_next_sentence_s_attribution() {
    let x = extract("\"Why would anyone vote for that?\" Dana Weller asked. The hall fell silent.");
    let c = claim(&x, "asked");
    assert_eq!(c.content.text, "\"Why would anyone vote for that?\"");
    assert_eq!(speaker(c), "Dana Weller");
    let x = extract("\"The bridge is open. Come and see it!\" said the mayor. Nobody came.");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "\"The bridge is open. Come and see it!\"");
    assert_eq!(speaker(c), "the mayor");
    let x = extract("\"We will rebuild.\" The mayor said, twice, that the school would reopen.");
    assert_eq!(claim(&x, "said").content.text, "that the school would reopen");
}

#[test]
fn a_document_or_an_unnamed_source_speaks_after_the_content() {
    let x = extract("\"The fund will pay for the new roof,\" the statement said.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "the statement");
    assert_eq!(c.content.text, "\"The fund will pay for the new roof,\"");
    let x = extract("The ministry lost track of the payments, the report said.");
    assert_eq!(speaker(claim(&x, "said")), "the report");
    let x = extract("The team is also buying data from two firms, sources said.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "sources");
    assert_eq!(c.cue.text, "said");
    assert_eq!(c.content.text, "The team is also buying data from two firms");
    let x = extract("The report said that the ministry lost track of the payments.");
    assert_eq!(speaker(claim(&x, "said")), "The report");
}

#[test]
fn a_speaker_leaves_out_the_setting_and_the_manner_but_keeps_what_says_who() {
    // A time setting right after the name says when, not who.
    let x = extract("The mayor on Tuesday said the bridge would reopen.");
    assert_eq!(speaker(claim(&x, "said")), "The mayor");
    // A participle clause between commas says how.
    let x = extract("Maria Lopez, speaking to reporters in Toledo, said the bridge would reopen.");
    assert_eq!(speaker(claim(&x, "said")), "Maria Lopez");
    // An apposition and a relative clause say who; a date inside them stays.
    let x = extract("Maria Lopez, a nurse from Ohio, said the bridge would reopen.");
    assert_eq!(speaker(claim(&x, "said")), "Maria Lopez, a nurse from Ohio");
    let x = extract("The mayor, who took office in May, said the bridge would reopen.");
    assert_eq!(speaker(claim(&x, "said")), "The mayor, who took office in May");
}

#[test]
fn an_inverted_speaker_keeps_its_long_phrase_and_relative_clause() {
    let x =
        extract("\"It will be close,\" said one aide with knowledge of the mayor's plans, who asked not to be named.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "one aide with knowledge of the mayor's plans, who asked not to be named");
    assert_eq!(c.content.text, "\"It will be close,\"");
    let x = extract("The ferry will run again in June, said a group of engineers who point to the new pier.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "a group of engineers who point to the new pier");
    assert_eq!(c.content.text, "The ferry will run again in June");
    // Not after a verb that does not invert, nor before a clause of its own.
    let x = extract("Lena Ortiz, the clerk of the county board, proposed a budget that would cut school funding.");
    assert!(x.claims.iter().all(|c| !speaker(c).starts_with("a budget")), "{:#?}", x.claims);
    let x = extract("Even the two mayors, like their deputies, say the bulk of the money should go to schools, a plan the council opposes.");
    assert!(x.claims.iter().all(|c| !speaker(c).starts_with("the bulk")), "{:#?}", x.claims);
}

#[test]
fn according_to_after_the_content_takes_a_long_source_a_quotation_or_no_comma() {
    let x = extract("The ministry deleted a dozen files, according to a memo released Friday by the county's auditor.");
    let c = claim(&x, "according to");
    assert_eq!(speaker(c), "a memo released Friday by the county's auditor");
    assert_eq!(c.content.text, "The ministry deleted a dozen files");
    let x = extract("\"We have no plans to sell the land,\" according to the company's filing.");
    let c = claim(&x, "according to");
    assert_eq!(c.content.text, "\"We have no plans to sell the land,\"");
    assert_eq!(speaker(c), "the company's filing");
    let x = extract("The mayor leads her rival by 12 points according to a survey by the local paper.");
    let c = claim(&x, "according to");
    assert_eq!(c.content.text, "The mayor leads her rival by 12 points");
    let x = extract("The main problem, according to the auditor, was the lack of staff.");
    let c = claim(&x, "according to");
    assert_eq!(c.content.text, "The main problem, according to the auditor, was the lack of staff");
    assert_eq!(speaker(c), "the auditor");
}

#[test]
fn a_closed_quotation_is_the_content_whatever_setting_follows_its_speaker() {
    let x = extract(
        "\"We are still neighbours,\" Tom Avery, 61, told a woman walking past who seemed puzzled by the two signs.",
    );
    let c = claim(&x, "told");
    assert_eq!(c.content.text, "\"We are still neighbours,\"");
    assert_eq!(speaker(c), "Tom Avery, 61");
    let x = extract("\"It was the night the town changed,\" she said in her speech that night.");
    assert_eq!(claim(&x, "said").content.text, "\"It was the night the town changed,\"");
    let x = extract("\"He asked me, 'Can you help?'\" Ada Brook said. The room was quiet.");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "\"He asked me, 'Can you help?'\"");
    let x = extract("\"Who pays for it?\" the senator said as he left the hall.");
    assert_eq!(claim(&x, "said").content.text, "\"Who pays for it?\"");
    // A new sentence that reports a clause of its own is read from its subject.
    let x = extract("\"It is over.\" Ada Brook said both towns would vote again.");
    assert_eq!(claim(&x, "said").content.text, "both towns would vote again");
}

#[test]
fn a_cue_that_opens_the_sentence_takes_the_speaker_after_it_and_the_quotation() {
    let x = extract("Said the mayor, \"Nobody here will forget this winter.\"");
    let c = claim(&x, "Said");
    assert_eq!(speaker(c), "the mayor");
    assert_eq!(c.content.text, "\"Nobody here will forget this winter.\"");
    let x = extract("Said one neighbour, who grew up on the street, \"We were all proud of her.\"");
    let c = claim(&x, "Said");
    assert_eq!(speaker(c), "one neighbour, who grew up on the street");
    assert_eq!(c.content.text, "\"We were all proud of her.\"");
    // A participle that opens the sentence has no speaker after it.
    let x = extract("Asked on Tuesday about the plan, the mayor said \"We will see,\" and left.");
    assert!(x.claims.iter().all(|c| !speaker(c).starts_with("on Tuesday")), "{:#?}", x.claims);
}

#[test]
fn a_speaker_may_join_two_nouns_and_a_quotation_after_the_cue_is_its_content() {
    let x = extract("The new rules slowed every shipment, current and former officials said.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "current and former officials");
    assert_eq!(c.content.text, "The new rules slowed every shipment");
    let x = extract(
        "\"People look at the vote and say 'what a mess',\" the mayor told a meeting of students in the old town hall.",
    );
    assert_eq!(claim(&x, "told").content.text, "\"People look at the vote and say 'what a mess',\"");
    let x = extract("Ana Ruiz, president of the growers' union, stated, \"It is not a weather problem.\"");
    let c = claim(&x, "stated");
    assert_eq!(c.content.text, "\"It is not a weather problem.\"");
    assert_eq!(speaker(c), "Ana Ruiz, president of the growers' union");
}

#[test]
fn a_long_apposition_after_a_quotation_keeps_the_quotation_as_the_content() {
    let x = extract("\"It is a copy. It is a plain copy,\" Dan Ortiz, the chief strategist of the mayor's 2019 campaign, said just after midnight on the radio.");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "\"It is a copy. It is a plain copy,\"");
    assert_eq!(speaker(c), "Dan Ortiz, the chief strategist of the mayor's 2019 campaign");
}

#[test]
fn a_setting_after_the_cue_is_passed_and_an_agent_or_a_place_is_no_content() {
    let x = extract("The senator said on Monday the bridge would reopen.");
    assert_eq!(claim(&x, "said").content.text, "the bridge would reopen");
    let x = extract("The mayor added to reporters that the plan was dead.");
    assert_eq!(claim(&x, "added").content.text, "that the plan was dead");
    for text in [
        "Our correspondent reported from Kyiv for three weeks.",
        "The decision added to the uncertainty over the talks.",
        "The rebel groups were backed by Ankara.",
        "The poll was reported by the local radio on Tuesday.",
        "The campaign reports to the election commission every month.",
    ] {
        assert!(extract(text).claims.is_empty(), "{text}: {:#?}", extract(text).claims);
    }
}

#[test]
fn a_cue_form_after_a_possessive_is_a_noun_and_a_tally_is_no_claim() {
    for text in
        ["Editor's note: The story was updated on Friday.", "The governor's plans drew protests in the capital."]
    {
        assert!(extract(text).claims.is_empty(), "{text}: {:#?}", extract(text).claims);
    }
    let x = extract("Count so far.\n\nJane Moreau: 1,769\n\nPaul Kent: 1,501");
    assert!(x.claims.is_empty(), "{:#?}", x.claims);
}

#[test]
fn a_content_that_opens_a_quotation_runs_to_its_close() {
    let x = extract("The coach said the team \"played hard. We will be back next year,\" and left the room.");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "the team \"played hard. We will be back next year,\"");
    // A quotation closed inside the content leaves it as it is.
    let x = extract("The coach said the team \"played hard\" in the final.");
    assert_eq!(claim(&x, "said").content.text, "the team \"played hard\" in the final");
}

#[test]
fn a_content_that_opens_its_sentence_leaves_out_the_author_s_connective() {
    let x = extract("Still, the harvest will be late this year, the growers union said.");
    let c = claim(&x, "said");
    assert_eq!(c.content.text, "the harvest will be late this year");
    assert_eq!(speaker(c), "the growers union");
    let x = extract("In fact, the bridge was never closed, the mayor said.");
    assert_eq!(claim(&x, "said").content.text, "the bridge was never closed");
    // A fronted phrase that belongs to what is said stays in the content.
    let x = extract("Instead, the council will vote in June, the mayor said.");
    assert_eq!(claim(&x, "said").content.text, "Instead, the council will vote in June");
}

#[test]
fn a_hyphen_or_slash_inside_a_word_stays_in_the_speaker() {
    let x = extract("The 30-second advertisement says the senator voted against the bill.");
    assert_eq!(speaker(claim(&x, "says")), "The 30-second advertisement");
    let x = extract("A new ABC/Ipsos poll shows the mayor ahead by six points.");
    assert_eq!(speaker(claim(&x, "shows")), "A new ABC/Ipsos poll");
}

#[test]
fn an_adverb_inside_the_verb_group_belongs_to_the_cue() {
    let x = extract("The growers have long argued that the canal is too small.");
    let c = claim(&x, "argued");
    assert_eq!(c.cue.text, "have long argued");
    assert_eq!(speaker(c), "The growers");
    let x = extract("The mayor always says the budget is balanced.");
    let c = claim(&x, "says");
    assert_eq!(c.cue.text, "always says");
    assert_eq!(speaker(c), "The mayor");
}

#[test]
fn a_participle_after_a_document_put_out_speaks_for_the_verb_s_subject() {
    let x = extract("The growers union issued a statement saying the canal is too small.");
    let c = claim(&x, "saying");
    assert_eq!(c.cue.text, "issued a statement saying");
    assert_eq!(speaker(c), "The growers union");
    assert_eq!(c.content.text, "the canal is too small");
    let x = extract("The council sent a letter this week urging the governor to act.");
    let c = claim(&x, "urging");
    assert_eq!(c.cue.text, "sent a letter this week urging");
    assert_eq!(speaker(c), "The council");
}

#[test]
fn a_that_after_a_long_listener_opens_the_content() {
    let x = extract("The mayor told The Daily Courier newspaper of Riverton on Saturday that the bridge will reopen.");
    let c = claim(&x, "told");
    assert_eq!(c.content.text, "that the bridge will reopen");
    assert_eq!(speaker(c), "The mayor");
    // A "that" after a clause of the content is not the complementiser.
    let x = extract("The mayor told reporters he would back the plan that the council passed.");
    assert_eq!(claim(&x, "told").content.text, "he would back the plan that the council passed");
}

#[test]
fn a_question_word_after_a_long_object_of_asking_opens_the_content() {
    let x = extract("A reporter asked the former governor of the state whether he would run again.");
    let c = claim(&x, "asked");
    assert_eq!(c.content.text, "whether he would run again");
    assert_eq!(speaker(c), "A reporter");
}

#[test]
fn a_naming_participle_after_an_indefinite_noun_names_a_thing() {
    for text in [
        "She founded a program called Sandy Hook Promise in 2013.",
        "The so-called hardliners met in the capital.",
        "He taught a 2002 psychology class called \"Perception\" at the college.",
    ] {
        assert!(extract(text).claims.is_empty(), "{text}: {:#?}", extract(text).claims);
    }
    let x = extract("A spokesman called the report \"fake news.\"");
    assert_eq!(claim(&x, "called").content.text, "the report \"fake news.\"");
    let x = extract("The mayor called Smith a hero.");
    assert_eq!(speaker(claim(&x, "called")), "The mayor");
}

#[test]
fn after_a_possessive_only_the_noun_frame_reads_a_cue_and_a_contraction_is_no_possessive() {
    let x = extract("The host's show was cancelled after two years.");
    assert!(x.claims.is_empty(), "{:#?}", x.claims);
    // The noun frame still reads "X's claim that ...", and "let's" is "let us".
    let x = extract("The senator's claim that the bridge is safe, however, was disputed.");
    assert_eq!(claim(&x, "claim").content.text, "that the bridge is safe");
    let x = extract("Let's hope the bridge holds.");
    assert_eq!(claim(&x, "hope").content.text, "the bridge holds");
}

#[test]
fn a_that_after_an_object_with_an_article_belongs_to_the_object() {
    let x = extract("The mayor rejected the notion that the bridge was unsafe.");
    assert_eq!(claim(&x, "rejected").content.text, "the notion that the bridge was unsafe");
    let x = extract("The mayor says a plan that the council passed will fail.");
    assert_eq!(claim(&x, "says").content.text, "a plan that the council passed will fail");
    // The listener of a verb of telling is not what is said.
    let x = extract("The mayor told the crowd that the bridge will reopen.");
    assert_eq!(claim(&x, "told").content.text, "that the bridge will reopen");
}

#[test]
fn a_subject_pronoun_before_a_that_opens_the_content() {
    let x = extract("The agency said it found no evidence that the files were sent.");
    assert_eq!(claim(&x, "said").content.text, "it found no evidence that the files were sent");
    let x = extract("The agency said that it found no evidence.");
    assert_eq!(claim(&x, "said").content.text, "that it found no evidence");
}

#[test]
fn a_phrasal_verb_with_up_and_a_base_form_after_a_name_are_no_cues() {
    for text in [
        "He was a guest on The Daily Show last year.",
        "Many women show up to vote in the primaries.",
        "She appeared on the CW show for two seasons.",
    ] {
        assert!(extract(text).claims.is_empty(), "{text}: {:#?}", extract(text).claims);
    }
    let x = extract("Republicans say the bill is dead.");
    assert_eq!(claim(&x, "say").content.text, "the bill is dead");
    let x = extract("Polls show the race is tight.");
    assert_eq!(speaker(claim(&x, "show")), "Polls");
}

#[test]
fn a_gerund_after_the_cue_opens_the_content_and_keeps_its_relative_clause() {
    let x = extract("Hezbollah denied firing the rocket that hit a football pitch in the town.");
    assert_eq!(claim(&x, "denied").content.text, "firing the rocket that hit a football pitch in the town");
    // A setting before "that" is no gerund.
    let x = extract("The mayor said during a rally that the bridge would reopen.");
    assert_eq!(claim(&x, "said").content.text, "that the bridge would reopen");
}

#[test]
fn a_name_in_a_prepositional_phrase_belongs_to_the_speaker_phrase() {
    let x = extract("Troops remained on high alert along the border, the defence ministry in Yerevan said.");
    let c = claim(&x, "said");
    assert_eq!(speaker(c), "the defence ministry in Yerevan");
    assert_eq!(c.content.text, "Troops remained on high alert along the border");
}
