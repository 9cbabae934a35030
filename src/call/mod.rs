//! One call as `yr invoke` makes it, on both wings below: when it may be sent again (retry), waiting for an
//! asynchronous call's result (async_call), and the curl line that would send it (curl). bench/, suite/ and
//! commands/ stand on it.

pub mod async_call;
pub mod curl;
pub mod retry;
