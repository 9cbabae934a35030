//! The meta service's function answers as `yr functions` shows them. The frontend forwards `/admin/v1/functions` to
//! the meta service (upstream frontend `pkg/frontend/api/metaservice/handler.go`); its shapes are functionsystem's
//! `apps/meta_service/router/function.go` and `function_repo/model/function.go`:
//! - the list: `{"code":0,"message":"","result":{"functions":[FunctionVersion...],"total":N}}` (one entry per
//!   version; yrcli reads `data.result.functions`);
//! - one function's versions: `{"functions":[...],"pageInfo":{"pageIndex":"1","pageSize":"1000","total":N}}`;
//! - one version: `{"code":0,"message":"SUCCESS","function":{...}}` (yrcli's `query`, `data.function`).
//!
//! Each entry names the function `0@SERVICE@NAME` with its `versionNumber`, `cpu` (millicores), `memory` (MB) and
//! `customResources`.

use std::fmt::Write as _;

use serde_json::Value;

/// One version of a function, as a row.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionVersion {
    /// `0@SERVICE@NAME` as the meta service names it.
    pub full_name: String,
    pub service: String,
    pub function: String,
    pub version: String,
    pub cpu: Option<i64>,
    pub memory: Option<i64>,
    /// `NAME=COUNT` pairs, sorted by name.
    pub custom: Vec<(String, f64)>,
}

impl FunctionVersion {
    /// The name `yr invoke` takes: `SERVICE@NAME:VERSION`.
    pub fn invoke_name(&self) -> String {
        format!("{}@{}:{}", self.service, self.function, self.version)
    }

    fn from_entry(entry: &Value) -> Option<FunctionVersion> {
        let full_name = entry.get("name")?.as_str()?.to_string();
        let (service, function) = split_name(&full_name);
        let version = entry
            .get("versionNumber")
            .and_then(Value::as_str)
            .unwrap_or("latest")
            .to_string();
        let positive = |key: &str| entry.get(key).and_then(Value::as_i64).filter(|v| *v > 0);
        let mut custom: Vec<(String, f64)> = entry
            .get("customResources")
            .and_then(Value::as_object)
            .map(|map| map.iter().filter_map(|(k, v)| Some((k.clone(), v.as_f64()?))).collect())
            .unwrap_or_default();
        custom.sort_by(|a, b| a.0.cmp(&b.0));
        Some(FunctionVersion {
            full_name,
            service,
            function,
            version,
            cpu: positive("cpu"),
            memory: positive("memory"),
            custom,
        })
    }

    fn resources(&self) -> String {
        let mut parts = Vec::new();
        if let Some(cpu) = self.cpu {
            parts.push(format!("cpu {cpu}m"));
        }
        if let Some(memory) = self.memory {
            parts.push(format!("memory {memory}Mi"));
        }
        for (name, count) in &self.custom {
            parts.push(format!("{name}={count}"));
        }
        if parts.is_empty() { "-".into() } else { parts.join(", ") }
    }
}

/// `0@SERVICE@NAME` as (SERVICE, NAME); another shape is its own name in the default place.
fn split_name(full: &str) -> (String, String) {
    let parts: Vec<&str> = full.split('@').collect();
    match parts.as_slice() {
        [_, service, name] => (service.to_string(), name.to_string()),
        [service, name] => (service.to_string(), name.to_string()),
        _ => (String::new(), full.to_string()),
    }
}

/// What an answer listed: its versions, and the total the meta service counted (None when it gave none).
#[derive(Debug, Default, PartialEq)]
pub struct Listed {
    pub versions: Vec<FunctionVersion>,
    pub total: Option<u64>,
}

/// The versions an answer of any of the three shapes carries; None when the body is none of them.
pub fn listed(body: &Value) -> Option<Listed> {
    let entries = |list: &Value| -> Vec<FunctionVersion> {
        list.as_array()
            .map(|items| items.iter().filter_map(FunctionVersion::from_entry).collect())
            .unwrap_or_default()
    };
    if let Some(result) = body.get("result").filter(|r| r.is_object()) {
        let functions = result.get("functions").unwrap_or(&Value::Null);
        return Some(Listed {
            versions: entries(functions),
            total: result.get("total").and_then(Value::as_u64),
        });
    }
    if let Some(one) = body.get("function").filter(|f| f.is_object()) {
        return Some(Listed {
            versions: FunctionVersion::from_entry(one).into_iter().collect(),
            total: Some(1),
        });
    }
    if body.get("functions").is_some() || body.get("pageInfo").is_some() {
        let functions = body.get("functions").unwrap_or(&Value::Null);
        return Some(Listed {
            versions: entries(functions),
            total: body.pointer("/pageInfo/total").and_then(Value::as_u64),
        });
    }
    None
}

/// For a pipe: one `SERVICE@NAME:VERSION` a line, each a name `yr invoke` takes (as yrcli's `list` prints them).
pub fn plain_lines(versions: &[FunctionVersion]) -> String {
    versions.iter().map(|v| v.invoke_name() + "\n").collect()
}

/// For a person: one row per function (its versions joined), or with `per_version` one per version.
pub fn table(versions: &[FunctionVersion], per_version: bool) -> String {
    let mut rows: Vec<[String; 5]> = Vec::new();
    if per_version {
        for v in versions {
            rows.push([
                v.invoke_name(),
                v.service.clone(),
                v.function.clone(),
                v.version.clone(),
                v.resources(),
            ]);
        }
    } else {
        let mut grouped: Vec<(&FunctionVersion, Vec<&str>)> = Vec::new();
        for v in versions {
            match grouped.iter_mut().find(|(first, _)| first.full_name == v.full_name) {
                Some((_, list)) => list.push(&v.version),
                None => grouped.push((v, vec![&v.version])),
            }
        }
        for (first, list) in grouped {
            rows.push([
                format!("{}@{}", first.service, first.function),
                first.service.clone(),
                first.function.clone(),
                list.join(","),
                first.resources(),
            ]);
        }
    }
    let header = ["INVOKE AS", "SERVICE", "FUNCTION", "VERSIONS", "RESOURCES"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 5]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let _ = write!(text, "{cell:<width$}  ", width = widths[i]);
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3], &row[4]]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // upstream: functionsystem apps/meta_service/router/function.go getFunctionList (WriteResponse's
    // successJSONBody) and model/function.go FunctionListGetResponse, FunctionVersion
    #[test]
    fn list_shape() {
        let body = json!({"code":0,"message":"","result":{"functions":[
            {"name":"0@shop@checkout","versionNumber":"latest","cpu":500,"memory":1024,
             "customResources":{"NPU":1.0}},
            {"name":"0@shop@checkout","versionNumber":"3","cpu":0,"memory":0},
            {"name":"0@default@hello","versionNumber":"latest"}
        ],"total":3}});
        let listed = listed(&body).unwrap();
        assert_eq!(listed.total, Some(3));
        assert_eq!(
            plain_lines(&listed.versions),
            "shop@checkout:latest\nshop@checkout:3\ndefault@hello:latest\n"
        );
        assert_eq!(
            table(&listed.versions, false),
            "INVOKE AS      SERVICE  FUNCTION  VERSIONS  RESOURCES\n\
             shop@checkout  shop     checkout  latest,3  cpu 500m, memory 1024Mi, NPU=1\n\
             default@hello  default  hello     latest    -\n"
        );
    }

    // upstream: router/function.go adaptRspForVersionList (GetFunctionVersionsResponse) and adaptRsp
    // (successJSONBodyForUser), the answer yrcli's `query` reads as `data.function`
    #[test]
    fn versions_and_one() {
        let versions = json!({"functions":[{"name":"0@s@f","versionNumber":"1"}],
            "pageInfo":{"pageIndex":"1","pageSize":"1000","total":1}});
        assert_eq!(listed(&versions).unwrap().versions[0].invoke_name(), "s@f:1");
        let empty = json!({"functions":null,"pageInfo":{"pageIndex":"1","pageSize":"1000","total":0}});
        assert_eq!(
            listed(&empty).unwrap(),
            Listed {
                versions: vec![],
                total: Some(0)
            }
        );
        let one = json!({"code":0,"message":"SUCCESS","function":{"name":"0@s@f","versionNumber":"latest"}});
        assert_eq!(listed(&one).unwrap().versions[0].invoke_name(), "s@f:latest");
        assert_eq!(listed(&json!({"error":"x"})), None);
    }
}
