//! Query parameters: parsed as strings, then checked one by one so that a bad value
//! gets a 400 answer whose message names the parameter.

use std::str::FromStr;

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use sitrep_store::{ClaimFilter, DisputeKind, DisputeOptions, EntityFilter, EventFilter, EventSort, Page, TimeBucket};
use utoipa::IntoParams;

use crate::error::ApiError;

/// Rows per page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 100;
/// The largest `limit`.
pub const MAX_LIMIT: usize = 1000;

/// Query parameters of type `T`; a query string that cannot be read is a 400.
pub struct Q<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        Query::<T>::try_from_uri(&parts.uri)
            .map(|Query(t)| Q(t))
            .map_err(|e| ApiError::bad_request(format!("bad query string: {}", e.body_text())))
    }
}

/// The value of a parameter, trimmed; empty counts as absent.
fn text(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn number<T: FromStr>(name: &str, v: &Option<String>, what: &str) -> Result<Option<T>, ApiError> {
    text(v).map(|s| s.parse::<T>().map_err(|_| ApiError::bad_request(format!("{name} {s:?}: not {what}")))).transpose()
}

fn one_of(name: &str, v: &Option<String>, allowed: &[&str]) -> Result<Option<String>, ApiError> {
    match text(v) {
        Some(s) if !allowed.contains(&s.to_ascii_lowercase().as_str()) => {
            Err(ApiError::bad_request(format!("{name} {s:?}: expected {}", allowed.join(" or "))))
        }
        other => Ok(other.map(|s| s.to_ascii_lowercase())),
    }
}

fn date(name: &str, v: &Option<String>) -> Result<Option<String>, ApiError> {
    match text(v) {
        Some(s) if sitrep_store::keys::since_bound(&s).is_none() => {
            Err(ApiError::bad_request(format!("{name} {s:?}: not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")))
        }
        other => Ok(other),
    }
}

/// Keyset pagination.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Rows per page, 1 to 1000 (default 100).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}

impl PageParams {
    /// The page asked for.
    pub fn page(&self) -> Result<Page, ApiError> {
        let limit = number::<usize>("limit", &self.limit, "a whole number")?.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::bad_request(format!("limit {limit}: must be between 1 and {MAX_LIMIT}")));
        }
        Ok(Page { limit, after: text(&self.after) })
    }
}

/// The filters of `sitrep events`, shared by the events, timeline, graph and map views.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventFilterParams {
    /// Source or target actor: a code (`PRK` matches PRK, PRKMIL, PRKGOV...), a code
    /// prefix ending in `*`, or part of a name.
    pub actor: Option<String>,
    /// Source actor (code or name).
    pub source: Option<String>,
    /// Target actor (code or name).
    pub target: Option<String>,
    /// PLOVER event type (MOBILIZE, ASSAULT...).
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub plover: Option<String>,
    /// CAMEO code or prefix of 2 to 4 digits (`19` matches 190-196).
    pub cameo: Option<String>,
    /// asserted, possible, planned or negated.
    pub factuality: Option<String>,
    /// Country (ISO alpha-3) of an actor or of the place.
    pub country: Option<String>,
    /// Place name (prefix, case-insensitive) or gazetteer id (`geonames:538560`).
    pub place: Option<String>,
    /// From this day on: YYYY, YYYY-MM or YYYY-MM-DD.
    pub since: Option<String>,
    /// Up to this day (inclusive): YYYY, YYYY-MM or YYYY-MM-DD.
    pub until: Option<String>,
    /// Reported by at least this many distinct sources.
    #[param(value_type = Option<i64>)]
    pub min_sources: Option<String>,
}

impl EventFilterParams {
    /// The store's filter (newest first).
    pub fn filter(&self) -> Result<EventFilter, ApiError> {
        if let Some(c) = text(&self.cameo) {
            if !(2..=4).contains(&c.len()) || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ApiError::bad_request(format!(
                    "cameo {c:?}: expected a CAMEO code of 2 to 4 digits such as 19 or 193"
                )));
            }
        }
        Ok(EventFilter {
            actor: text(&self.actor),
            source_actor: text(&self.source),
            target_actor: text(&self.target),
            plover: text(&self.plover),
            cameo: text(&self.cameo),
            factuality: one_of("factuality", &self.factuality, &["asserted", "possible", "planned", "negated"])?,
            country: text(&self.country),
            place: text(&self.place),
            since: date("since", &self.since)?,
            until: date("until", &self.until)?,
            min_sources: number("min_sources", &self.min_sources, "a whole number")?,
            sort: EventSort::Date,
            ascending: false,
        })
    }
}

/// Sort order of events.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderParams {
    /// What to sort by: `date` (the default), `sources`, `documents`, `mentions`, `type`,
    /// `cameo`, `source`, `target`, `factuality` or `place`. Pages follow the order.
    pub sort: Option<String>,
    /// `desc` (largest or newest first, the default) or `asc`.
    pub order: Option<String>,
}

impl OrderParams {
    /// True for smallest (oldest) first.
    pub fn ascending(&self) -> Result<bool, ApiError> {
        Ok(one_of("order", &self.order, &["asc", "desc"])?.as_deref() == Some("asc"))
    }

    /// The column to sort by.
    pub fn sort(&self) -> Result<EventSort, ApiError> {
        match text(&self.sort) {
            None => Ok(EventSort::Date),
            Some(s) => EventSort::from_name(&s)
                .ok_or_else(|| ApiError::bad_request(format!("sort {s:?}: expected one of {}", EventSort::names()))),
        }
    }
}

/// Filters of claims.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClaimParams {
    /// Part of the speaker's name, or the speaker's code.
    pub speaker: Option<String>,
    /// neutral, doubted, false or denied.
    pub stance: Option<String>,
    /// Words the claim's content must contain.
    pub about: Option<String>,
}

impl ClaimParams {
    pub fn filter(&self) -> Result<ClaimFilter, ApiError> {
        Ok(ClaimFilter {
            speaker: text(&self.speaker),
            stance: one_of("stance", &self.stance, &["neutral", "doubted", "false", "denied"])?,
            about: text(&self.about),
        })
    }
}

/// Filters of entities.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntityParams {
    /// country, person, organization, place or group.
    pub kind: Option<String>,
    /// Part of the name.
    pub name: Option<String>,
    /// Actor code or prefix.
    pub code: Option<String>,
    /// Country (ISO alpha-3).
    pub country: Option<String>,
    /// Named in at least this many documents.
    #[param(value_type = Option<i64>)]
    pub min_documents: Option<String>,
}

impl EntityParams {
    pub fn filter(&self) -> Result<EntityFilter, ApiError> {
        Ok(EntityFilter {
            kind: text(&self.kind),
            name: text(&self.name),
            code: text(&self.code),
            country: text(&self.country),
            min_documents: number("min_documents", &self.min_documents, "a whole number")?,
        })
    }
}

/// Options of dispute detection.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DisputeParams {
    /// Only disputes of this kind: quantity, event or claim.
    pub kind: Option<String>,
    /// Values conflict when one exceeds the other by more than this fraction (default 0.25).
    #[param(value_type = Option<f64>)]
    pub tolerance: Option<String>,
    /// Values reported more than this many days apart are not compared (default 30).
    #[param(value_type = Option<i64>)]
    pub window_days: Option<String>,
}

impl DisputeParams {
    pub fn options(&self) -> Result<(Option<DisputeKind>, DisputeOptions), ApiError> {
        let kind = one_of("kind", &self.kind, &["quantity", "event", "claim"])?.map(|k| match k.as_str() {
            "quantity" => DisputeKind::Quantity,
            "event" => DisputeKind::Event,
            _ => DisputeKind::Claim,
        });
        let mut options = DisputeOptions::default();
        if let Some(t) = number::<f64>("tolerance", &self.tolerance, "a number")? {
            if !(0.0..=100.0).contains(&t) {
                return Err(ApiError::bad_request(format!("tolerance {t}: must be between 0 and 100")));
            }
            options.tolerance = t;
        }
        if let Some(w) = number::<i64>("window_days", &self.window_days, "a whole number")? {
            if w < 0 {
                return Err(ApiError::bad_request(format!("window_days {w}: must not be negative")));
            }
            options.window_days = w;
        }
        Ok((kind, options))
    }
}

/// Full-text search.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words to find (all required; `"a phrase"` is a phrase). Required.
    #[param(required = true, value_type = String)]
    pub q: Option<String>,
}

impl SearchParams {
    pub fn query(&self) -> Result<String, ApiError> {
        text(&self.q).ok_or_else(|| ApiError::bad_request("q: required (the words to search for)"))
    }
}

/// Time buckets of the timeline.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineParams {
    /// day (the default), week (ISO weeks, named by their Monday) or month.
    pub by: Option<String>,
}

impl TimelineParams {
    pub fn bucket(&self) -> Result<TimeBucket, ApiError> {
        Ok(match one_of("by", &self.by, &["day", "week", "month"])?.as_deref() {
            Some("week") => TimeBucket::Week,
            Some("month") => TimeBucket::Month,
            _ => TimeBucket::Day,
        })
    }
}

/// Options of the actor graph.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GraphParams {
    /// Only edges with at least this many events (default 1).
    #[param(value_type = Option<i64>)]
    pub min_events: Option<String>,
}

impl GraphParams {
    pub fn min_events(&self) -> Result<i64, ApiError> {
        Ok(number("min_events", &self.min_events, "a whole number")?.unwrap_or(1))
    }
}

/// What the map shows.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MapParams {
    /// `event` (events at their places), `place` (places named in documents) or both
    /// when absent.
    pub kind: Option<String>,
}

impl MapParams {
    /// (events, places)
    pub fn kinds(&self) -> Result<(bool, bool), ApiError> {
        Ok(match one_of("kind", &self.kind, &["event", "place"])?.as_deref() {
            Some("event") => (true, false),
            Some("place") => (false, true),
            _ => (true, true),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_name_their_parameter() {
        let p = PageParams { limit: Some("ten".into()), after: None };
        assert_eq!(p.page().unwrap_err().message, "limit \"ten\": not a whole number");
        let p = PageParams { limit: Some("0".into()), after: None };
        assert!(p.page().unwrap_err().message.starts_with("limit 0: must be between 1 and 1000"));
        let p = PageParams { limit: Some(" ".into()), after: Some("".into()) };
        assert_eq!(p.page().unwrap(), Page { limit: DEFAULT_LIMIT, after: None });
        let f = EventFilterParams { since: Some("yesterday".into()), ..Default::default() };
        assert!(f.filter().unwrap_err().message.starts_with("since \"yesterday\": not a date"));
        let f = EventFilterParams { cameo: Some("1a".into()), ..Default::default() };
        assert!(f.filter().unwrap_err().message.starts_with("cameo \"1a\""));
        let o = OrderParams { order: Some("sideways".into()), ..Default::default() };
        assert_eq!(o.ascending().unwrap_err().message, "order \"sideways\": expected asc or desc");
        assert!(OrderParams { order: Some("ASC".into()), ..Default::default() }.ascending().unwrap());
        assert_eq!(OrderParams::default().sort().unwrap(), EventSort::Date);
        assert_eq!(
            OrderParams { sort: Some("Sources".into()), ..Default::default() }.sort().unwrap(),
            EventSort::Sources
        );
        let bad = OrderParams { sort: Some("colour".into()), ..Default::default() }.sort().unwrap_err();
        assert!(bad.message.starts_with("sort \"colour\": expected one of date, sources"), "{}", bad.message);
        let t = TimelineParams { by: Some("year".into()) };
        assert_eq!(t.bucket().unwrap_err().message, "by \"year\": expected day or week or month");
        assert!(SearchParams { q: Some("  ".into()) }.query().is_err());
    }
}
