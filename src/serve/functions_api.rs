//! The function API, `GET /admin/v1/functions[...]`: the frontend forwards it to the meta service (upstream frontend
//! `pkg/frontend/api/metaservice/handler.go`); the emulator is its own meta service and lists what it serves, the
//! built-ins and each `--function`, in the meta service's shapes (functionsystem `apps/meta_service/router/function.go`
//! and `function_repo/model/function.go`). Every served function has one version, the one its name gave (`latest`
//! unless NAME said otherwise). The meta service's JSON is written by hand, in Go's field order; `device` (a struct
//! of the platform's accelerator types) is left out.

use hyper::StatusCode;

use super::answers::{GIN_JSON, go_response};
use super::auth::query_value;
use super::functions::{Registry, Served};
use super::reply_body::ReplyBody;
use super::rules;

/// `FunctionNotFound` (function_repo/errmsg/errors.go).
const FUNCTION_NOT_FOUND: i64 = 4115;

/// What the emulator tells the meta service's answers about its functions.
pub struct FunctionApi<'a> {
    pub registry: &'a Registry,
    /// `timeout` (seconds) and `concurrentNum` of every function, from --function-timeout and --concurrent-num.
    pub timeout_secs: u64,
    pub concurrent_num: i64,
}

/// A page as the meta service's `parsePageParam` reads it: `strconv.Atoi` of `pageIndex` and `pageSize` (absent:
/// "1" and "1000"; not a number: 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Page {
    index: i64,
    size: i64,
}

const DEFAULT_PAGE_INDEX: i64 = 1;
const DEFAULT_PAGE_SIZE: i64 = 1000;

impl Page {
    fn from_query(query: Option<&str>) -> Page {
        let read = |name: &str, default: i64| match query.and_then(|q| query_value(q, name)) {
            None => default,
            Some(text) => text.parse::<i64>().unwrap_or(0),
        };
        Page {
            index: read("pageIndex", DEFAULT_PAGE_INDEX),
            size: read("pageSize", DEFAULT_PAGE_SIZE),
        }
    }

    /// `newPageInfo` then `ExecuteWithPage` (meta_service/gen/kv.go.tmpl) over `total` entries: the range shown,
    /// Err(()) for `PageError` (an index without a size), which the list route answers as an empty list. A negative
    /// index or size makes Go's slice panic, which gin's recovery answers 500: None.
    fn range(&self, total: usize) -> Option<Result<std::ops::Range<usize>, ()>> {
        let (begin, size) = match (self.index, self.size) {
            (0, _) => (0, DEFAULT_PAGE_SIZE),
            (_, 0) => return Some(Err(())),
            (index, size) => (size.checked_mul(index - 1)?, size),
        };
        if begin < 0 || size < 0 {
            return None;
        }
        let total_i = total as i64;
        if begin > total_i {
            return Some(Ok(total..total));
        }
        let end = begin.saturating_add(size).min(total_i);
        Some(Ok(begin as usize..end as usize))
    }
}

impl FunctionApi<'_> {
    /// The tenant's served functions, built-ins first.
    fn of_tenant<'s>(&'s self, tenant: &'s str) -> impl Iterator<Item = (&'s Served, rules::Urn)> + 's {
        self.registry.listed().filter_map(move |served| {
            let urn = rules::parse_urn(&served.urn).ok()?;
            (urn.tenant == tenant).then_some((served, urn))
        })
    }

    /// `getFunctionList`: `{"code":0,"message":"","result":{"functions":[...],"total":N}}`.
    pub fn list(&self, tenant: &str, query: Option<&str>) -> hyper::Response<ReplyBody> {
        let all: Vec<String> = self
            .of_tenant(tenant)
            .map(|(s, u)| self.version_json(s, &u, None))
            .collect();
        let body = match Page::from_query(query).range(all.len()) {
            None => return panicked(),
            // GetFunctionList answers a storage error with an empty response: no list, no total.
            Some(Err(())) => r#"{"code":0,"message":"","result":{"functions":null,"total":0}}"#.to_string(),
            Some(Ok(range)) => format!(
                r#"{{"code":0,"message":"","result":{{"functions":{},"total":{}}}}}"#,
                json_list(&all[range]),
                all.len()
            ),
        };
        json(StatusCode::OK, body)
    }

    /// `getFunctionVersionList` for a user: `{"functions":[...],"pageInfo":{"pageIndex","pageSize","total"}}`; an
    /// unknown function has no versions (a missing key is an empty list).
    pub fn versions(&self, tenant: &str, name: &str, query: Option<&str>) -> hyper::Response<ReplyBody> {
        let page = Page::from_query(query);
        let all: Vec<String> = self
            .of_tenant(tenant)
            .filter(|(_, u)| u.name == name)
            .map(|(s, u)| self.version_json(s, &u, Some(&u.version)))
            .collect();
        let shown = match page.range(all.len()) {
            None => return panicked(),
            Some(Err(())) => "null".to_string(),
            Some(Ok(range)) => json_list(&all[range]),
        };
        json(
            StatusCode::OK,
            format!(
                r#"{{"functions":{shown},"pageInfo":{{"pageIndex":"{}","pageSize":"{}","total":{}}}}}"#,
                page.index,
                page.size,
                if shown == "null" { 0 } else { all.len() }
            ),
        )
    }

    /// `getFunctionInfo` for a user: `{"code":0,"message":"SUCCESS","function":{...}}`, the version of
    /// `versionNumber` (else `latest`); an unknown one is 404 with the meta service's error (`handleBadRequestResp`).
    pub fn one(&self, tenant: &str, name: &str, query: Option<&str>) -> hyper::Response<ReplyBody> {
        let version = query
            .and_then(|q| query_value(q, "versionNumber"))
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "latest".into());
        let found = self
            .of_tenant(tenant)
            .find(|(_, u)| u.name == name && u.version == version)
            .map(|(s, u)| self.version_json(s, &u, Some(&u.version)));
        match found {
            Some(function) => json(
                StatusCode::OK,
                format!(r#"{{"code":0,"message":"SUCCESS","function":{function}}}"#),
            ),
            None => {
                let message = format!("function [{name}] is not found. check input parameters");
                json(
                    StatusCode::NOT_FOUND,
                    format!(
                        r#"{{"code":{FUNCTION_NOT_FOUND},"message":{}}}"#,
                        serde_json::Value::from(message)
                    ),
                )
            }
        }
    }

    /// One version in `FunctionVersion`'s field order (`FunctionForUser`'s, with `id` first and `created` last, when
    /// `for_user` gives the version: the answers for one function).
    fn version_json(&self, served: &Served, urn: &rules::Urn, for_user: Option<&str>) -> String {
        let text = |s: &str| serde_json::Value::from(s).to_string();
        let function_urn = served
            .urn
            .rsplit_once(':')
            .map_or(served.urn.as_str(), |(head, _)| head);
        let business = served.urn.split(':').nth(2).unwrap_or("yrk");
        let mut fields = Vec::new();
        if for_user.is_some() {
            fields.push(format!(r#""id":{}"#, text(&served.urn)));
        }
        fields.push(format!(
            r#""createTime":"","updateTime":"","functionUrn":{},"name":{},"tenantId":{},"businessId":{},"productId":"","reversedConcurrency":0,"description":"","tag":null"#,
            text(function_urn),
            text(&urn.name),
            text(&urn.tenant),
            text(business)
        ));
        fields.push(format!(
            r#""functionVersionUrn":{},"revisionId":"","codeSize":0,"codeSha256":"","bucketId":"","objectId":"","handler":"","layers":null,"cpu":0,"memory":0,"runtime":"","timeout":{},"versionNumber":{},"versionDesc":"","environment":null,"customResources":null,"statefulFlag":0,"lastModified":"","Published":"","minInstance":0,"maxInstance":0,"concurrentNum":{},"funcLayer":null,"status":"","instanceNum":0"#,
            text(&served.urn),
            self.timeout_secs,
            text(&urn.version),
            self.concurrent_num
        ));
        if for_user.is_some() {
            fields.push(r#""created":"""#.to_string());
        }
        format!("{{{}}}", fields.join(","))
    }
}

/// Go's `json.Marshal` of a slice: `null` when empty (a nil slice), else the items.
fn json_list(items: &[String]) -> String {
    if items.is_empty() {
        "null".into()
    } else {
        format!("[{}]", items.join(","))
    }
}

fn json(status: StatusCode, body: String) -> hyper::Response<ReplyBody> {
    go_response(
        status,
        vec![("Content-Type", GIN_JSON.as_bytes().to_vec())],
        bytes::Bytes::from(body),
    )
}

/// gin's `Recovery` after a panic in a handler: 500, no body.
fn panicked() -> hyper::Response<ReplyBody> {
    go_response(StatusCode::INTERNAL_SERVER_ERROR, Vec::new(), bytes::Bytes::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    // upstream: functionsystem apps/meta_service/router/function.go parsePageParam, gen/kv.go.tmpl newPageInfo and
    // ExecuteWithPage
    #[test]
    fn pages() {
        let page = |q: &str| Page::from_query(Some(q));
        assert_eq!(Page::from_query(None), Page { index: 1, size: 1000 });
        assert_eq!(page("pageIndex=x"), Page { index: 0, size: 1000 });
        assert_eq!(page("pageIndex=2&pageSize=2").range(5), Some(Ok(2..4)));
        assert_eq!(page("pageIndex=3&pageSize=2").range(5), Some(Ok(4..5)));
        assert_eq!(page("pageIndex=9&pageSize=2").range(5), Some(Ok(5..5)));
        assert_eq!(page("pageIndex=0&pageSize=1").range(5), Some(Ok(0..5)));
        assert_eq!(page("pageIndex=1&pageSize=0").range(5), Some(Err(())));
        assert_eq!(page("pageIndex=2&pageSize=-1").range(5), None);
    }

    #[test]
    fn shapes() {
        let registry = Registry::new(&["greet=echo hi".to_string(), "s@f:2=true".to_string()]).unwrap();
        let api = FunctionApi {
            registry: &registry,
            timeout_secs: 900,
            concurrent_num: 1,
        };
        let body = |response: hyper::Response<ReplyBody>| match response.into_body() {
            ReplyBody::Full(bytes) => serde_json::from_slice::<serde_json::Value>(&bytes).unwrap(),
            _ => panic!("a whole body"),
        };
        let list = body(api.list("default", Some("pageIndex=2&pageSize=2")));
        assert_eq!(list["result"]["total"], 4);
        let names: Vec<&str> = list["result"]["functions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["0@default@greet", "0@s@f"]);
        assert_eq!(
            body(api.list("other", None))["result"]["functions"],
            serde_json::Value::Null
        );
        let one = body(api.one("default", "0@s@f", Some("versionNumber=2")));
        assert_eq!(one["function"]["versionNumber"], "2");
        assert_eq!(one["function"]["id"], "sn:cn:yrk:default:function:0@s@f:2");
        let missing = api.one("default", "0@s@f", None);
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            body(missing)["message"],
            "function [0@s@f] is not found. check input parameters"
        );
        let versions = body(api.versions("default", "0@default@hello", None));
        assert_eq!(versions["pageInfo"]["total"], 1);
        assert_eq!(versions["functions"][0]["versionNumber"], "latest");
    }
}
