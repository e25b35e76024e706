//! The OpenAPI 3.1 document of the host API, generated from the handlers' annotations
//! (`#[utoipa::path]`) and the reply types (`ToSchema`), served at `/api/v1/openapi.json`.
//! The `/api/v1` routes are registered through `utoipa_axum`, so a route cannot exist without
//! its documentation.
//!
//! Dependencies go one way: this document names the handlers (`files::package`) and the error
//! schema (`error::ErrorBody`); the handlers never name this module.

use super::error::{ErrorBody, ErrorDetail};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ministore host-app API",
        version = "1",
        description = "Find, resolve, download and report on mini-programs. Every `/api/v1` call \
                       carries `Authorization: Bearer <app key>.<secret>`."
    ),
    paths(super::files::package),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&Bearer),
    tags(
        (name = "catalogue", description = "Mini-programs released to this host app"),
        (name = "resolve", description = "Which version a user gets (grayscale releases)"),
        (name = "packages", description = "Content-addressed package downloads"),
        (name = "events", description = "Analytics events"),
        (name = "users", description = "A host app's users: recently opened and favourites"),
    )
)]
pub struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("<app key>.<secret>")
                    .build(),
            ),
        );
    }
}
