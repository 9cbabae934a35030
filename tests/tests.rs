//! The one integration-test crate: every area is a module here, so `tests/support` is compiled and linked once
//! (as ripgrep's `tests/tests.rs` does). Each module drives the built `yr` binary against real servers on
//! 127.0.0.1. Run one area with `cargo test --test integration serve_rules::`.

mod support;

mod bench;
mod bench_load;
mod bench_modes;
mod bench_saved;
mod bench_saved_modes;
mod contract;
mod docs;
mod faults;
mod flag_extremes;
mod functions;
mod help;
mod invoke_answers;
mod invoke_bad_input;
mod invoke_modes;
mod invoke_output;
mod invoke_request;
mod invoke_upstream;
mod layers;
mod offline_commands;
mod proxy;
mod secrets;
mod serve_abuse;
mod serve_functions;
mod serve_log;
mod serve_rules;
mod serve_smoke;
mod serve_upstream;
mod settings;
mod shell_integration;
mod ship;
mod sizes;
mod special_files;
mod support_selftest;
mod tls;
mod token;
mod trace;
mod yr_test;
mod yr_test_flows;
mod yr_test_predicates;
mod yr_test_reports;
