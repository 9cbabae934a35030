//! `yr invoke FUNCTION ...`: the one way a test builds a call, as fd's `TestEnv` is its tests' one way to run fd.
//! Every part a test may vary has a method; `run` runs it to its end, `cmd` hands over the command for a test that
//! spawns, feeds or redirects it itself.

use std::ffi::OsString;
use std::path::PathBuf;

use super::{Cmd, Run, TempDir, yr, yr_with_home};

/// A `yr invoke` call being built; see [`invoke`].
#[must_use = "an Invoke does nothing until `run` or `cmd`"]
pub struct Invoke {
    function: OsString,
    home: Option<PathBuf>,
    ignore_stdin: bool,
    endpoint: Option<String>,
    args: Vec<OsString>,
    envs: Vec<(OsString, OsString)>,
}

/// `yr invoke FUNCTION` in the clean environment of [`yr`]. The command line is
/// `yr invoke FUNCTION [--ignore-stdin] [-e URL] ARGS...`, in that order.
pub fn invoke(function: impl Into<OsString>) -> Invoke {
    Invoke {
        function: function.into(),
        home: None,
        ignore_stdin: false,
        endpoint: None,
        args: Vec::new(),
        envs: Vec::new(),
    }
}

impl Invoke {
    /// `-e URL`.
    pub fn endpoint(mut self, url: impl Into<String>) -> Invoke {
        self.endpoint = Some(url.into());
        self
    }

    /// `--ignore-stdin`: the call sends no body unless `-d` gives one.
    pub fn ignore_stdin(mut self) -> Invoke {
        self.ignore_stdin = true;
        self
    }

    /// HOME is this directory (a config file or token file in it), not a fresh empty one.
    pub fn home(mut self, home: &TempDir) -> Invoke {
        self.home = Some(home.path.clone());
        self
    }

    /// Arguments after the function (and `--ignore-stdin`, `-e URL`), as a slice so that `&String`s and `&str`s mix
    /// as they do in the rest of a test.
    pub fn args(mut self, args: &[&str]) -> Invoke {
        self.args.extend(args.iter().map(OsString::from));
        self
    }

    /// One variable on top of the clean environment.
    pub fn env(mut self, name: impl Into<OsString>, value: impl Into<OsString>) -> Invoke {
        self.envs.push((name.into(), value.into()));
        self
    }

    /// These variables on top of the clean environment, in order (a later one wins).
    pub fn envs(mut self, envs: &[(&str, &str)]) -> Invoke {
        self.envs.extend(
            envs.iter()
                .map(|(name, value)| (OsString::from(name), OsString::from(value))),
        );
        self
    }

    /// The command, not yet started.
    pub fn cmd(self) -> Cmd {
        let mut cmd = match &self.home {
            Some(home) => yr_with_home(home),
            None => yr(),
        };
        cmd.arg("invoke").arg(&self.function);
        if self.ignore_stdin {
            cmd.arg("--ignore-stdin");
        }
        if let Some(url) = &self.endpoint {
            cmd.args(["-e", url]);
        }
        cmd.args(&self.args);
        for (name, value) in &self.envs {
            cmd.env(name, value);
        }
        cmd
    }

    /// Runs the call to its end (see [`super::run`]).
    pub fn run(self) -> Run {
        super::run(&mut self.cmd())
    }
}
