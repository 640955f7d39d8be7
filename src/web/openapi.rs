//! The OpenAPI document's frame: title, base path and the two ways to authenticate. The paths and schemas
//! come from the handlers' `#[utoipa::path]` attributes, collected by the router in `web/mod.rs`.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The document's frame.
#[derive(OpenApi)]
#[openapi(
    info(title = "tarjuman", description = "Translation workbench API. Errors are `{\"error\":{\"code\",\"message\"}}`."),
    servers((url = "/api/v1")),
    modifiers(&Authentication),
    security(("token" = []), ("session" = []))
)]
pub struct ApiDoc;

struct Authentication;

impl Modify for Authentication {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("tj_…").build(),
            ),
        );
        components
            .add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("id"))));
    }
}
