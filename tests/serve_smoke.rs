//! The emulator answers the API page's example, through the raw route and through `yr invoke`.

use crate::support::*;

#[test]
fn hello_answers_the_api_example() {
    let emulator = Emulator::start(&[]);
    let answer = emulator.invoke(
        "sn:cn:yrk:default:function:0@default@hello:latest",
        &[("X-Trace-Id", "t-1")],
        r#"{"name":"yuanrong"}"#,
    );
    assert_eq!((answer.status, answer.text().as_str()), (200, "\"hello yuanrong\""));
    assert_eq!(answer.header("x-trace-id"), Some("t-1"));
    assert_eq!(answer.header("x-inner-code"), Some("0"));
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let out = yr()
        .args([
            "invoke",
            "hello",
            "--ignore-stdin",
            "-e",
            &emulator.url,
            "-d",
            r#"{"name":"yuanrong"}"#,
        ])
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), out.stdout.as_slice(), out.stderr.as_slice()),
        (Some(0), &b"\"hello yuanrong\""[..], &b""[..])
    );
}

#[test]
fn serve_runs_a_command_against_itself() {
    let out = yr()
        .args(["serve", "--", "yr", "invoke", "hello", "-d", r#"{"name":"yuanrong"}"#])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "\"hello yuanrong\"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
