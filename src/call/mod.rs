//! One call, on both wings below, the one path every command makes it by: sending it and reading what came back
//! (send), when it may be sent again (retry), reading a stream of frames (stream), waiting for an asynchronous
//! call's result (async_call), a look at /healthz (health), a session's end (session), the function API (functions),
//! a developer token (token), and the curl line that would send it (curl). bench/, suite/ and commands/ stand on
//! it.

pub mod async_call;
pub mod curl;
pub mod functions;
pub mod health;
pub mod retry;
pub mod send;
pub mod session;
pub mod stream;
pub mod token;
pub mod wait;
