//! The client wing: how yr reaches the frontend. The endpoint and every connection setting (config, profiles),
//! the run's TLS, the HTTP client, the request and its body, server-sent events. It stands on the leaves (urn,
//! values, exit, secrets, wording, pem) only: it knows nothing of verdicts, printing or commands, and nothing of
//! clap (commands/ turns the flags into the plain values it takes).

pub mod agent;
pub mod body;
pub mod config;
pub mod credentials;
pub mod discovery;
pub mod endpoint;
pub mod http;
pub mod profiles;
pub mod request;
pub mod sse;
pub mod tls;
pub mod token;
