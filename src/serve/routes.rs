//! The routes the frontend serves (`InitRoute` in pkg/frontend/api/api.go, gin's tree), matched on the decoded path.

use hyper::Method;

use super::rules;

/// The route a request's decoded path names (`InitRoute` in pkg/frontend/api/api.go).
#[derive(Debug)]
pub enum Route {
    Healthz,
    /// `POST /serverless/v1/functions/:function-urn/invocations`
    Invoke(String),
    /// `POST /invocations/:tenant-id/:namespace/:function/`, or the deprecated `POST /:tenant-id/:namespace/:function/`.
    Short {
        tenant: String,
        service: String,
        function: String,
        legacy: bool,
    },
    AsyncResult(String),
    DeleteSession {
        urn: String,
        id: String,
    },
    /// `GET /admin/v1/functions` (`RegisterFunctionRoutes` in api/metaservice/handler.go).
    FunctionList,
    /// `GET /admin/v1/functions/:functionName`.
    FunctionGet(String),
    /// `GET /admin/v1/functions/:functionName/versions`.
    FunctionVersions(String),
    /// `GET /auth/token/require` (the `auth` group).
    TokenRequire,
    /// `GET /auth/token/abandon`.
    TokenAbandon,
    NotFound,
}

/// The first tenant segments for which the deprecated short route is not an invoke URL for token roles
/// (`isInvokeURL` in middleware/publicfunc_jwt_skip.go).
const NOT_LEGACY_INVOKE: [&str; 10] = [
    "serverless",
    "datasystem",
    "client",
    "frontend",
    "admin",
    "api",
    "terminal",
    "functions",
    "healthz",
    "invocations",
];

pub fn route(method: &Method, path: &str) -> Route {
    let Some(rest) = path.strip_prefix('/') else {
        return Route::NotFound;
    };
    let parts: Vec<&str> = rest.split('/').collect();
    let owned = |s: &str| s.to_string();
    match (method, parts.as_slice()) {
        (&Method::GET, ["healthz"]) => Route::Healthz,
        (&Method::POST, ["serverless", "v1", "functions", urn, "invocations"]) => Route::Invoke(owned(urn)),
        (&Method::POST, ["invocations", tenant, service, function, ""]) => Route::Short {
            tenant: owned(tenant),
            service: owned(service),
            function: owned(function),
            legacy: false,
        },
        (&Method::POST, [tenant, service, function, ""]) if legacy_route(tenant, service, function) => Route::Short {
            tenant: owned(tenant),
            service: owned(service),
            function: owned(function),
            legacy: true,
        },
        (&Method::GET, ["serverless", "v1", "functions", "async-results", id]) => Route::AsyncResult(owned(id)),
        (&Method::DELETE, ["serverless", "v1", "functions", urn, "sessions", id]) => Route::DeleteSession {
            urn: owned(urn),
            id: owned(id),
        },
        (&Method::GET, ["admin", "v1", "functions"]) => Route::FunctionList,
        (&Method::GET, ["admin", "v1", "functions", name]) if !name.is_empty() => Route::FunctionGet(owned(name)),
        (&Method::GET, ["admin", "v1", "functions", name, "versions"]) if !name.is_empty() => {
            Route::FunctionVersions(owned(name))
        }
        (&Method::GET, ["auth", "token", "require"]) => Route::TokenRequire,
        (&Method::GET, ["auth", "token", "abandon"]) => Route::TokenAbandon,
        _ => Route::NotFound,
    }
}

/// gin tries the deprecated short route after its static ones: the catch-alls `/direct/*`, `/tunnel/*` and
/// `/serverless/v1/http/*` keep their paths, and `/invocations/a/b/` ends on the short route's node without gin
/// backtracking (it does not backtrack from a remaining `/`).
fn legacy_route(tenant: &str, service: &str, function: &str) -> bool {
    let caught = matches!(tenant, "direct" | "tunnel") || (tenant, service, function) == ("serverless", "v1", "http");
    !caught && tenant != "invocations"
}

impl Route {
    /// Whether `InvokePreprocessMiddleware` marks the request an invoke URL: the route is one, and the function
    /// key can be read from its parameters.
    pub fn is_invoke_url(&self) -> bool {
        match self {
            Route::Invoke(urn) => !urn.is_empty() && rules::parse_urn(urn).is_ok(),
            Route::Short {
                tenant,
                service,
                function,
                legacy,
            } => {
                let named = [tenant, service, function].iter().all(|part| !part.is_empty());
                let excluded = *legacy && NOT_LEGACY_INVOKE.contains(&tenant.as_str());
                named && !excluded && rules::parse_urn(&rules::short_route_urn(tenant, service, function)).is_ok()
            }
            _ => false,
        }
    }
}

/// The URN an invoke route names.
pub enum Target {
    Urn(String),
    Short {
        tenant: String,
        service: String,
        function: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        let post = |p: &str| route(&Method::POST, p);
        assert!(matches!(post("/serverless/v1/functions/u/invocations"), Route::Invoke(u) if u == "u"));
        assert!(matches!(post("/serverless/v1/functions//invocations"), Route::Invoke(u) if u.is_empty()));
        assert!(matches!(
            post("/invocations/t/s/f/"),
            Route::Short { legacy: false, .. }
        ));
        assert!(matches!(post("/t/s/f:1/"), Route::Short { legacy: true, .. }));
        assert!(matches!(
            post("/serverless/v1/functions/"),
            Route::Short { legacy: true, .. }
        ));
        for none in [
            "/t/s/f",
            "/invocations/t/s/f",
            "/invocations/t/s/",
            "/direct/a/b/",
            "/tunnel/a/b/",
            "/serverless/v1/http/",
            "/a/b/c/d/",
        ] {
            assert!(matches!(post(none), Route::NotFound), "{none}");
        }
        assert!(matches!(route(&Method::GET, "/t/s/f/"), Route::NotFound));
        // upstream: pkg/frontend/api/metaservice/handler.go RegisterFunctionRoutes, api/api.go the `auth` group
        let get = |p: &str| route(&Method::GET, p);
        assert!(matches!(get("/admin/v1/functions"), Route::FunctionList));
        assert!(matches!(get("/admin/v1/functions/0@s@f"), Route::FunctionGet(n) if n == "0@s@f"));
        assert!(matches!(get("/admin/v1/functions/0@s@f/versions"), Route::FunctionVersions(n) if n == "0@s@f"));
        assert!(matches!(get("/auth/token/require"), Route::TokenRequire));
        assert!(matches!(get("/auth/token/abandon"), Route::TokenAbandon));
        assert!(matches!(get("/admin/v1/functions/a/b"), Route::NotFound));
        assert!(post("/serverless/v1/functions/sn:cn:yrk:t:function:0@s@f:1/invocations").is_invoke_url());
        assert!(!post("/serverless/v1/functions/a:b/invocations").is_invoke_url());
        assert!(!post("/serverless/v1/functions//invocations").is_invoke_url());
        assert!(post("/t/s/f/").is_invoke_url());
        assert!(!post("/api/s/f/").is_invoke_url());
        assert!(!post("/t//f/").is_invoke_url());
    }
}
