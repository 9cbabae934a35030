//! `yr test`: smoke-test suites in TOML. `file` reads a suite as written, `plan` turns each case into the request
//! `yr invoke` would send and the expectations to check (`plan_step` checks and builds one step), `run` sends them
//! round after round (`pool` runs a round's cases concurrently, serial cases alone), `call` makes one case's call,
//! `expect` judges it, and `report`, `junit` and `tap` tell the result. It stands on the layers below (a call as `yr invoke` makes it), never on commands/, bench/ or serve/ (tests/layers.rs).

pub mod call;
pub mod expect;
pub mod file;
pub mod flow;
pub mod junit;
pub mod plan;
pub mod plan_step;
pub mod pool;
pub mod report;
pub mod run;
pub mod step;
pub mod tap;
pub mod vars;
