//! Answers requests that no route took. Actix puts the method guard of `#[get]`-style routes on
//! the resource, so a known path with the wrong method also lands here: the route table, built
//! from the OpenAPI document, tells 405 (with `Allow`) from 404.

use actix_web::dev::ResourceDef;
use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::openapi::OpenApi;

use crate::error::ApiError;

pub struct RouteTable {
    routes: Vec<(ResourceDef, Vec<&'static str>)>,
}

impl RouteTable {
    pub fn new(doc: &OpenApi) -> Self {
        let mut routes: Vec<(ResourceDef, Vec<&'static str>)> = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("PUT", item.put.is_some()),
                    ("POST", item.post.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("PATCH", item.patch.is_some()),
                ];
                let allowed = methods
                    .iter()
                    .filter(|(_, on)| *on)
                    .map(|(m, _)| *m)
                    .collect();
                (ResourceDef::new(path.as_str()), allowed)
            })
            .collect();
        // Served outside the document: the document itself and Swagger UI.
        for path in [super::OPENAPI_PATH, "/docs", "/docs/{_:.*}"] {
            routes.push((ResourceDef::new(path), vec!["GET"]));
        }
        RouteTable { routes }
    }

    fn allowed(&self, path: &str) -> Option<&[&'static str]> {
        self.routes
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, methods)| methods.as_slice())
    }
}

pub async fn not_found_or_method_not_allowed(
    req: HttpRequest,
    routes: web::Data<RouteTable>,
) -> Result<HttpResponse, ApiError> {
    let method = req.method().as_str();
    Err(match routes.allowed(req.path()) {
        Some(allowed) => ApiError::method_not_allowed(method, allowed),
        None => ApiError::route_not_found(method, req.path()),
    })
}
