//! Unit tests of gojson.rs: Go's scanner errors, unmarshalling, quoting and strconv words, case by case.

use super::*;

fn err(data: &str) -> String {
    validate(data.as_bytes()).unwrap_err()
}

#[test]
fn valid_documents() {
    for ok in [
        "{}",
        " [1, -0.5e+3, \"a\\u00e9\\n\", true, false, null, {\"k\": []}] ",
        "0",
        "-12",
        "1.5E2",
        "\"\u{ff}\"",
    ] {
        assert_eq!(validate(ok.as_bytes()), Ok(()), "{ok}");
    }
    // Go does not check UTF-8 inside strings.
    assert_eq!(validate(b"\"\xff\xfe\""), Ok(()));
}

#[test]
fn go_syntax_errors() {
    assert_eq!(err(""), "unexpected end of JSON input");
    assert_eq!(err("   "), "unexpected end of JSON input");
    assert_eq!(
        err("{bad"),
        "invalid character 'b' looking for beginning of object key string"
    );
    assert_eq!(err("hello"), "invalid character 'h' looking for beginning of value");
    assert_eq!(err("{\"a\":1} trailing"), "invalid character 't' after top-level value");
    assert_eq!(err("[1,2"), "unexpected end of JSON input");
    assert_eq!(err("{\"a\" 1}"), "invalid character '1' after object key");
    assert_eq!(
        err("{\"a\":1 \"b\"}"),
        "invalid character '\"' after object key:value pair"
    );
    assert_eq!(err("[1 2]"), "invalid character '2' after array element");
    assert_eq!(err("\"a\u{1}\""), "invalid character '\\x01' in string literal");
    assert_eq!(err("\"\\q\""), "invalid character 'q' in string escape code");
    assert_eq!(
        err("\"\\u12g4\""),
        "invalid character 'g' in \\u hexadecimal character escape"
    );
    assert_eq!(err("-x"), "invalid character 'x' in numeric literal");
    assert_eq!(
        err("1.x"),
        "invalid character 'x' after decimal point in numeric literal"
    );
    assert_eq!(err("1ex"), "invalid character 'x' in exponent of numeric literal");
    // Go's eof() feeds a space: what a space breaks is reported with that space.
    assert_eq!(err("tru"), "invalid character ' ' in literal true (expecting 'e')");
    assert_eq!(
        err("1."),
        "invalid character ' ' after decimal point in numeric literal"
    );
    assert_eq!(err("-"), "invalid character ' ' in numeric literal");
    assert_eq!(err("\"ab"), "unexpected end of JSON input");
    assert_eq!(err("trux"), "invalid character 'x' in literal true (expecting 'e')");
    assert_eq!(err("nul1"), "invalid character '1' in literal null (expecting 'l')");
    assert_eq!(err("01"), "invalid character '1' after top-level value");
    assert_eq!(err("é"), "invalid character 'Ã' looking for beginning of value");
    assert_eq!(err("'a'"), "invalid character '\\'' looking for beginning of value");
    let deep = "[".repeat(10_001);
    assert_eq!(err(&deep), "invalid character '[' exceeded max depth");
    assert_eq!(err(&"[".repeat(10_000)), "unexpected end of JSON input");
}

const SESSION: Struct = Struct {
    name: "InstanceSessionConfig",
    qualified: "types.InstanceSessionConfig",
    fields: &[
        Field {
            name: "sessionID",
            kind: Kind::String,
        },
        Field {
            name: "sessionTTL",
            kind: Kind::Int("int"),
        },
        Field {
            name: "concurrency",
            kind: Kind::Int("int"),
        },
    ],
};

#[test]
fn structs_decode_as_go_does() {
    let got = unmarshal_struct(
        br#"{"SESSIONID":"a","sessionttl":5,"x":[1],"concurrency":-1}"#,
        &SESSION,
    );
    assert_eq!(
        got,
        Ok(Some(vec![
            ("sessionID", Decoded::String("a".into())),
            ("sessionTTL", Decoded::Int(5)),
            ("concurrency", Decoded::Int(-1)),
        ]))
    );
    assert_eq!(unmarshal_struct(b"null", &SESSION), Ok(None));
    assert_eq!(
        unmarshal_struct(b"[]", &SESSION).unwrap_err(),
        "json: cannot unmarshal array into Go value of type types.InstanceSessionConfig"
    );
    assert_eq!(
        unmarshal_struct(br#"{"sessionID":1}"#, &SESSION).unwrap_err(),
        "json: cannot unmarshal number into Go struct field InstanceSessionConfig.sessionID of type string"
    );
    assert_eq!(
        unmarshal_struct(br#"{"sessionTTL":1.5,"concurrency":"2"}"#, &SESSION).unwrap_err(),
        "json: cannot unmarshal number 1.5 into Go struct field InstanceSessionConfig.sessionTTL of type int"
    );
    assert_eq!(
        unmarshal_struct(br#"{"sessionID":"a","sessionID":"b"}"#, &SESSION),
        Ok(Some(vec![("sessionID", Decoded::String("b".into()))]))
    );
}

#[test]
fn int_maps_decode_as_go_does() {
    assert_eq!(
        unmarshal_int_map(br#"{"NPU":2,"GPU":0,"X":null}"#),
        Ok(Some(vec![("NPU".into(), 2), ("GPU".into(), 0), ("X".into(), 0)]))
    );
    assert_eq!(unmarshal_int_map(b"null"), Ok(None));
    assert_eq!(
        unmarshal_int_map(b"[1]").unwrap_err(),
        "json: cannot unmarshal array into Go value of type map[string]int64"
    );
    assert_eq!(
        unmarshal_int_map(br#"{"NPU":"x"}"#).unwrap_err(),
        "json: cannot unmarshal string into Go value of type int64"
    );
    assert_eq!(
        unmarshal_int_map(br#"{"NPU":1.5}"#).unwrap_err(),
        "json: cannot unmarshal number 1.5 into Go value of type int64"
    );
}

#[test]
fn parse_int_as_strconv() {
    assert_eq!(parse_int(b"500"), Ok(500));
    assert_eq!(parse_int(b"+5"), Ok(5));
    assert_eq!(parse_int(b"-9223372036854775808"), Ok(i64::MIN));
    assert_eq!(parse_int(b"9223372036854775808"), Err(IntError::Range));
    assert_eq!(parse_int(b"99999999999999999999x"), Err(IntError::Range));
    for bad in [&b""[..], b"-", b"1.5", b" 1", b"1_0", b"abc"] {
        assert_eq!(parse_int(bad), Err(IntError::Syntax), "{bad:?}");
    }
    assert_eq!(
        parse_int_error(b"abc", IntError::Syntax),
        "strconv.ParseInt: parsing \"abc\": invalid syntax"
    );
    assert_eq!(
        parse_int_error(b"a\"\xff", IntError::Syntax),
        "strconv.ParseInt: parsing \"a\\\"\\xff\": invalid syntax"
    );
}

#[test]
fn go_quote_as_strconv() {
    assert_eq!(
        go_quote(b"a\"\\\xff\xe2\x82\xe2\x82\xac\x01\n\xc3\xa9\xf0\x9f\x98\x80\xe2\x80\xa8\xf0\x9f\x98"),
        "\"a\\\"\\\\\\xff\\xe2\\x82\u{20ac}\\x01\\n\u{e9}\u{1f600}\\u2028\\xf0\\x9f\\x98\""
    );
}

#[test]
fn long_values_quote_in_one_pass() {
    // As long as an X-Instance-Cpu header may be: a valid run of 300 KB, then broken sequences. Decoding all that
    // was left at each character made this quadratic (15 s in a debug build; now milliseconds).
    let mut value = "1\u{e9}\u{20ac}".repeat(50_000).into_bytes();
    value.extend_from_slice(&b"\xff\xe2\x82\"\x7fx".repeat(10_000));
    let expected = format!(
        "\"{}{}\"",
        "1\u{e9}\u{20ac}".repeat(50_000),
        "\\xff\\xe2\\x82\\\"\\x7fx".repeat(10_000)
    );
    assert_eq!(go_quote(&value), expected);
}

#[test]
fn strings_encode_as_go_marshal() {
    assert_eq!(
        string("a<b>&\"\\\n\u{1}é"),
        "\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\u0001é\""
    );
    assert_eq!(
        object(&[("code", "1".into()), ("message", string("m"))]),
        r#"{"code":1,"message":"m"}"#
    );
}
