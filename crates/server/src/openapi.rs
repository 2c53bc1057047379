//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]` attributes
//! and the record types' `ToSchema` derives.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::api;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// sitrep's HTTP API.
#[derive(OpenApi)]
#[openapi(
    info(title = "sitrep", description = "Events, claims, entities, disputes and documents read from news reports, as JSON and CSV. Errors are `{message, code}`; lists are keyset-paginated with `limit` and `after`."),
    paths(
        api::stats,
        api::events, api::events_csv, api::event,
        api::claims, api::claims_csv,
        api::entities, api::entities_csv,
        api::disputes, api::disputes_csv,
        api::documents, api::post_documents, api::documents_csv, api::document, api::task,
        api::search, api::search_csv,
        api::timeline, api::timeline_csv,
        api::graph, api::graph_csv,
        api::map,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "store", description = "the store as a whole"),
        (name = "events", description = "events merged across documents, and views of them"),
        (name = "claims", description = "claims merged by speaker and content"),
        (name = "entities", description = "entities merged across documents"),
        (name = "disputes", description = "where sources disagree"),
        (name = "documents", description = "stored documents, search and ingest"),
    )
)]
pub struct ApiDoc;

/// The document.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document as pretty-printed JSON (as committed in `docs/openapi.json`).
pub fn json() -> String {
    let mut s = document().to_pretty_json().expect("the document serialises");
    s.push('\n');
    s
}
