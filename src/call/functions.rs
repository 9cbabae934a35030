//! The function API: the GETs `yr functions` sends to the frontend's `/admin/v1/functions` routes, which it forwards
//! to the meta service (upstream frontend `pkg/frontend/api/metaservice/handler.go`, `RegisterFunctionRoutes`). The
//! query parameters are the meta service's (functionsystem `apps/meta_service/router/function.go`:
//! `parsePageParam` reads `pageIndex` and `pageSize`, `getFunctionInfo` reads `versionNumber`), and the tenant goes
//! as `X-Tenant-Id` (its `InitTenantInfoMiddle`), as yrcli's `query_function` sends it.

use std::time::Duration;

use anyhow::Result;

use crate::answer::reply::Judged;
use crate::call::send;
use crate::client::body::WireBody;
use crate::client::http::{Client, WireRequest};
use crate::urn::{FunctionUrn, percent_encode_segment};

/// The route's prefix on the frontend.
pub const ADMIN_FUNCTIONS: &str = "/admin/v1/functions";

/// Which page of a list (`--page`, `--page-size`); None leaves the meta service's default (page 1 of 1000).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Page {
    pub index: Option<u32>,
    pub size: Option<u32>,
}

impl Page {
    fn query(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(index) = self.index {
            pairs.push(format!("pageIndex={index}"));
        }
        if let Some(size) = self.size {
            pairs.push(format!("pageSize={size}"));
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

/// What is asked for.
#[derive(Debug, Clone)]
pub enum Asked<'a> {
    /// `GET /admin/v1/functions`: the tenant's functions, a version an entry.
    All { tenant: &'a str, page: Page },
    /// `GET /admin/v1/functions/{0@S@N}/versions`: one function's versions.
    Versions { urn: &'a FunctionUrn, page: Page },
    /// `GET /admin/v1/functions/{0@S@N}?versionNumber=V`: one version (as yrcli's `query`).
    One { urn: &'a FunctionUrn },
}

impl Asked<'_> {
    fn path_and_tenant(&self) -> (String, &str) {
        match self {
            Asked::All { tenant, page } => (format!("{ADMIN_FUNCTIONS}{}", page.query()), tenant),
            Asked::Versions { urn, page } => (
                format!(
                    "{ADMIN_FUNCTIONS}/{}/versions{}",
                    percent_encode_segment(urn.name()),
                    page.query()
                ),
                urn.tenant(),
            ),
            Asked::One { urn } => (
                format!(
                    "{ADMIN_FUNCTIONS}/{}?versionNumber={}",
                    percent_encode_segment(urn.name()),
                    percent_encode_segment(urn.version())
                ),
                urn.tenant(),
            ),
        }
    }
}

/// The request for `asked`, with the connection's `auth` headers (X-Auth).
pub fn request(asked: &Asked, auth: Vec<(String, String)>) -> WireRequest<'static> {
    let (path, tenant) = asked.path_and_tenant();
    let mut headers = auth;
    headers.push(("X-Tenant-Id".to_string(), tenant.to_string()));
    WireRequest {
        method: "GET",
        path,
        headers,
        body: WireBody::EMPTY,
    }
}

/// Sends it once (a GET that changes nothing, but retries are `invoke`'s business), bounded by --timeout.
pub fn fetch(client: &Client, wire: &WireRequest, limit: Option<Duration>) -> Result<Judged> {
    send::once(client, wire, limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::urn::NameDefaults;

    // upstream: functionsystem apps/meta_service/router/function.go (parsePageParam, getFunctionInfo)
    #[test]
    fn paths() {
        let urn = FunctionUrn::parse("shop@checkout:3", &NameDefaults::default()).unwrap();
        let page = Page {
            index: Some(2),
            size: Some(50),
        };
        let path = |asked: Asked| request(&asked, Vec::new()).path;
        assert_eq!(
            path(Asked::All {
                tenant: "t",
                page: Page::default()
            }),
            "/admin/v1/functions"
        );
        assert_eq!(
            path(Asked::All { tenant: "t", page }),
            "/admin/v1/functions?pageIndex=2&pageSize=50"
        );
        assert_eq!(
            path(Asked::Versions { urn: &urn, page }),
            "/admin/v1/functions/0@shop@checkout/versions?pageIndex=2&pageSize=50"
        );
        assert_eq!(
            path(Asked::One { urn: &urn }),
            "/admin/v1/functions/0@shop@checkout?versionNumber=3"
        );
        let wire = request(&Asked::One { urn: &urn }, Vec::new());
        assert_eq!(wire.headers, vec![("X-Tenant-Id".to_string(), "default".to_string())]);
    }
}
