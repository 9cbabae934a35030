//! yr: the command-line client for openYuanrong functions (the work is in lib.rs).

fn main() -> std::process::ExitCode {
    yr::main()
}
