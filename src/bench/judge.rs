//! How a call's answer is judged: a 2xx with inner code 0 (or none) is a success that needs nothing of its body;
//! anything else is judged by its headers and whole body as `yr invoke` judges it. For hyper's answers (`classify`)
//! and the lean path's (wire.rs) alike.

use http_body_util::BodyExt;
use hyper::Response;

use super::engine::{FAILURE_BODY_LIMIT, Failed, FailureKind, Sample, transport};
use super::record::Seen;
use crate::answer::reply;

/// Success is a 2xx with inner code 0 (or none); anything else is judged as `yr invoke` judges it.
pub(super) async fn classify(response: Response<hyper::body::Incoming>, seen: &mut Seen) -> Result<(), Failed> {
    let status = response.status().as_u16();
    seen.status = Some(status);
    let inner = response
        .headers()
        .get("x-inner-code")
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    let fast_ok = plainly_ok(status, inner);
    seen.code = inner.and_then(|code| code.parse().ok());
    let (parts, mut body) = response.into_parts();
    if fast_ok {
        // A success needs nothing of its body: read to its end (the connection is kept) and dropped as it comes.
        while let Some(frame) = body.frame().await {
            if let Some(data) = frame.map_err(|e| transport(&e))?.data_ref() {
                seen.bytes += data.len() as u64;
            }
        }
        return Ok(());
    }
    let mut held = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame.map_err(|e| transport(&e))?.into_data() else {
            continue;
        };
        seen.bytes += data.len() as u64;
        if held.len() + data.len() > FAILURE_BODY_LIMIT {
            return Err(too_large(status));
        }
        held.extend_from_slice(&data);
    }
    judge(
        status,
        |name| parts.headers.get(name).and_then(|v| v.to_str().ok()),
        &held,
        seen,
    )
}

/// A 2xx whose inner code is 0 or absent: a success that needs nothing of its body.
pub(super) fn plainly_ok(status: u16, inner: Option<&str>) -> bool {
    (200..300).contains(&status) && inner.is_none_or(|code| code == "0")
}

/// A failed answer whose body is more than bench holds to judge it.
pub(super) fn too_large(status: u16) -> Failed {
    Failed {
        kind: FailureKind::TooLarge(status),
        sample: Sample::NoAnswer {
            message: format!(
                "HTTP {status}, its body over {} MiB, more than yr bench holds to judge a failed call",
                FAILURE_BODY_LIMIT >> 20
            ),
            hint: None,
        },
    }
}

/// An answer that is not plainly a success, judged by its headers and whole body as `yr invoke` judges it.
pub(super) fn judge<'h>(
    status: u16,
    header: impl Fn(&str) -> Option<&'h str>,
    body: &[u8],
    seen: &mut Seen,
) -> Result<(), Failed> {
    let verdict = reply::judge_parts(status, &header, body);
    seen.code = seen.code.or(verdict.code);
    if verdict.ok {
        return Ok(());
    }
    let kind = match verdict.code {
        Some(code) => FailureKind::Code { code, status },
        None => FailureKind::Status(status),
    };
    Err(Failed {
        kind,
        sample: Sample::Answer {
            verdict: Box::new(verdict),
            location: header("Location").map(str::to_string),
        },
    })
}
