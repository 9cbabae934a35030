//! Ending an instance session: the one DELETE that `yr session delete` and a suite's `session-delete` step send.

use anyhow::Result;

use crate::answer::reply::Judged;
use crate::call::send;
use crate::client::body::WireBody;
use crate::client::config::Connection;
use crate::client::http::{Client, WireRequest};
use crate::urn::{FunctionUrn, percent_encode_segment};

/// The longest session id the frontend takes (as `--session-id`).
const SESSION_ID_CHARS: usize = 63;

/// A session id as `yr session delete` takes it; the error is worded for SESSION_ID.
pub fn check_id(id: &str) -> Result<(), String> {
    let length = id.chars().count();
    if length == 0 || length > SESSION_ID_CHARS || id.chars().any(char::is_control) {
        return Err(format!(
            "SESSION_ID must be 1 to {SESSION_ID_CHARS} characters without control characters, got {length}"
        ));
    }
    Ok(())
}

/// `DELETE /serverless/v1/functions/{urn}/sessions/{id}`, sent once (the frontend may have ended the session even
/// if the answer is lost), bounded by --timeout.
pub fn delete(connection: &Connection, urn: &FunctionUrn, id: &str) -> Result<Judged> {
    let request = WireRequest {
        method: "DELETE",
        path: format!(
            "/serverless/v1/functions/{}/sessions/{}",
            urn.path_segment(),
            percent_encode_segment(id)
        ),
        headers: connection.auth_headers(),
        body: WireBody::EMPTY,
    };
    send::once(&Client::new(connection)?, &request, connection.timeout.value)
}
