//! Builders for the scorers' unit tests.

use sitrep_model::{ActorRef, Event, Factuality, Span};

/// An asserted event with no actors, its trigger at byte `at` of sentence 0.
pub(crate) fn event(plover: &str, cameo: &str, trigger: &str, at: usize) -> Event {
    Event {
        sentence: 0,
        trigger: Span { text: trigger.into(), start: at, end: at + trigger.len() },
        plover: plover.into(),
        cameo: cameo.into(),
        source: None,
        target: None,
        factuality: Factuality::Asserted,
        claim: None,
        place: None,
        time: None,
        quantities: vec![],
    }
}

/// An actor as the text names it, with its code.
pub(crate) fn actor(text: &str, code: &str) -> ActorRef {
    ActorRef { text: text.into(), entity: None, code: Some(code.into()), country: None }
}
