//! `yr functions [NAME]` against `yr serve` and against a local server answering in the meta service's shapes. The
//! frontend forwards `/admin/v1/functions` to the meta service (upstream frontend
//! `pkg/frontend/api/metaservice/handler.go`); the shapes and query parameters are functionsystem's
//! `apps/meta_service/router/function.go` and `function_repo/model/function.go`.

use crate::support::*;

/// `yr functions ARGS -e URL` in a clean environment, piped.
fn functions(endpoint: &str, args: &[&str]) -> Cmd {
    let mut cmd = yr();
    cmd.arg("functions").args(args).args(["-e", endpoint]);
    cmd
}

/// The meta service's list answer (`getFunctionList`, `successJSONBody` in function_repo/utils/request_utils.go).
const LIST: &str = r#"{"code":0,"message":"","result":{"functions":[
    {"name":"0@shop@checkout","versionNumber":"latest","cpu":500,"memory":1024},
    {"name":"0@shop@checkout","versionNumber":"3","cpu":500,"memory":1024},
    {"name":"0@default@hello","versionNumber":"latest"}],"total":5}}"#;

// upstream: functionsystem apps/meta_service/router/function.go getFunctionList and parsePageParam (pageIndex,
// pageSize), function_repo/router/middleware.go InitTenantInfoMiddle (x-tenant-id); frontend
// pkg/frontend/api/metaservice/handler.go (the GET route, forwarded with its query)
#[test]
fn lists_with_paging_tenant_and_token_as_upstream_reads_them() {
    let server = ScriptedServer::start(vec![Reply::json(200, LIST)]);
    let mut cmd = functions(&server.url, &["--page", "1", "--page-size", "3", "--tenant", "t1"]);
    cmd.env("YR_JWT_TOKEN", "operator-secret-token");
    let out = run(&mut cmd);
    assert_run(
        &out,
        0,
        "shop@checkout:latest\nshop@checkout:3\ndefault@hello:latest\n",
        "yr: entries 1 to 3 of 5 shown: --page 2 shows the next page\n",
    );
    let seen = server.only_request();
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, "/admin/v1/functions?pageIndex=1&pageSize=3");
    assert_eq!(seen.header("X-Tenant-Id"), Some("t1"));
    assert_eq!(seen.header("X-Auth"), Some("operator-secret-token"));
}

// upstream: functionsystem router/function.go getFunctionList; --json prints the meta service's answer as it came
#[test]
fn json_is_the_api_answer() {
    let server = ScriptedServer::start(vec![Reply::json(200, LIST)]);
    let out = run(&mut functions(&server.url, &["--json"]));
    assert_eq!(out.code, 0, "{out:?}");
    let printed: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let sent: serde_json::Value = serde_json::from_str(LIST).unwrap();
    assert_eq!(printed, sent);
    assert_eq!(server.only_request().path, "/admin/v1/functions");
}

// upstream: functionsystem router/function.go getFunctionVersionList (adaptRspForVersionList) and getFunctionInfo
// (`versionNumber`, adaptRsp: yrcli's `query` reads `data.function`)
#[test]
fn one_function_its_versions_or_one_version() {
    let versions = ScriptedServer::start(vec![Reply::json(
        200,
        r#"{"functions":[{"name":"0@shop@checkout","versionNumber":"1"},{"name":"0@shop@checkout","versionNumber":"2"}],
            "pageInfo":{"pageIndex":"1","pageSize":"1000","total":2}}"#,
    )]);
    let out = run(&mut functions(&versions.url, &["shop@checkout"]));
    assert_run(&out, 0, "shop@checkout:1\nshop@checkout:2\n", "");
    assert_eq!(
        versions.only_request().path,
        "/admin/v1/functions/0@shop@checkout/versions"
    );

    let one = ScriptedServer::start(vec![Reply::json(
        200,
        r#"{"code":0,"message":"SUCCESS","function":{"name":"0@shop@checkout","versionNumber":"2"}}"#,
    )]);
    let out = run(&mut functions(&one.url, &["shop@checkout:2"]));
    assert_run(&out, 0, "shop@checkout:2\n", "");
    assert_eq!(
        one.only_request().path,
        "/admin/v1/functions/0@shop@checkout?versionNumber=2"
    );
}

// upstream: functionsystem router/function.go handleBadRequestResp (FunctionNotFound, 4115, is HTTP 404) and
// snerror/badresponse.go ({"code","message"}): a rejected request, exit 4, as `yr invoke` classes a 404
#[test]
fn a_missing_function_is_exit_4_with_the_meta_services_message() {
    let server = ScriptedServer::start(vec![Reply::json(
        404,
        r#"{"code":4115,"message":"function [0@shop@nope] is not found. check input parameters"}"#,
    )]);
    let out = run(&mut functions(&server.url, &["shop@nope:1"]));
    assert_eq!((out.code, out.stdout.as_str()), (4, ""), "{out:?}");
    assert!(
        out.stderr
            .starts_with("yr: error: HTTP 404, code 4115: function [0@shop@nope] is not found. check input parameters"),
        "{}",
        out.stderr
    );
}

// The emulator as its own meta service: the built-ins and each --function, in the tenant of X-Tenant-Id.
#[test]
fn against_yr_serve() {
    let serve = Emulator::start(&["--function", "greet=echo hi", "--function", "shop@checkout:2=true"]);
    let out = run(&mut functions(&serve.url, &[]));
    assert_run(
        &out,
        0,
        "default@hello:latest\ndefault@echo:latest\ndefault@greet:latest\nshop@checkout:2\n",
        "",
    );
    let paged = run_json(&serve.url, &["--page", "2", "--page-size", "3"]);
    assert_eq!(paged["result"]["total"], 4);
    assert_eq!(paged["result"]["functions"][0]["name"], "0@shop@checkout");
    assert_eq!(paged["result"]["functions"][0]["versionNumber"], "2");

    let out = run(&mut functions(&serve.url, &["shop@checkout"]));
    assert_run(&out, 0, "shop@checkout:2\n", "");
    let one = run_json(&serve.url, &["shop@checkout:2"]);
    assert_eq!(
        one["function"]["functionVersionUrn"],
        "sn:cn:yrk:default:function:0@shop@checkout:2"
    );

    let other = run(&mut functions(&serve.url, &["--tenant", "other"]));
    assert_run(&other, 0, "", "");
    let missing = run(&mut functions(&serve.url, &["nope"]));
    assert_eq!((missing.code, missing.stdout.as_str()), (4, ""), "{missing:?}");
    assert!(
        missing
            .stderr
            .starts_with("yr: error: function 0@default@nope has no versions in tenant default")
    );
}

fn run_json(endpoint: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = run(&mut functions(endpoint, &all));
    assert_eq!(out.code, 0, "{out:?}");
    serde_json::from_str(&out.stdout).unwrap()
}

// upstream: pkg/frontend/middleware/jwtauth.go (the function API is not in the whitelist of jwtauth_whitelist.go):
// without the token, 401 and exit 4, as for invoke routes
#[test]
fn the_emulator_wants_the_token_as_for_invoke() {
    let dir = TempDir::new();
    let token = test_jwt("tenant1", "developer");
    let token_file = dir.file("token", &token);
    let serve = Emulator::start(&["--token-file", token_file.to_str().unwrap()]);
    let refused = run(&mut functions(&serve.url, &[]));
    assert_eq!(refused.code, 4, "{refused:?}");
    assert!(
        refused
            .stderr
            .starts_with("yr: error: HTTP 401: Authentication failed: no token provided")
    );
    let allowed = run(&mut functions(
        &serve.url,
        &["--token-file", token_file.to_str().unwrap()],
    ));
    assert_eq!(allowed.code, 0, "{allowed:?}");
    assert!(allowed.stdout.starts_with("default@hello:latest\n"));
}

#[test]
fn bad_input_is_exit_2_naming_it_before_anything_is_sent() {
    let server = ScriptedServer::start(vec![Reply::json(200, LIST)]);
    let zero = run(&mut functions(&server.url, &["--page", "0"]));
    assert_eq!(zero.code, 2, "{zero:?}");
    assert!(zero.stderr.contains("--page"), "{}", zero.stderr);
    let name = run(&mut functions(&server.url, &["a:b:c"]));
    assert_eq!(name.code, 2, "{name:?}");
    assert!(name.stderr.starts_with("yr: error: NAME `a:b:c`"), "{}", name.stderr);
    let paged_version = run(&mut functions(&server.url, &["f:1", "--page", "2"]));
    assert_eq!(paged_version.code, 2, "{paged_version:?}");
    assert_eq!(server.count(), 0);
}

// Not reachable: exit 3, as every command that connects (frontend spec, exit codes)
#[test]
fn unreachable_is_exit_3() {
    let out = run(&mut functions(&format!("http://127.0.0.1:{}", closed_port()), &[]));
    assert_eq!((out.code, out.stdout.as_str()), (3, ""), "{out:?}");
}
