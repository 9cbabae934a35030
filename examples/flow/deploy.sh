#!/bin/sh
# `deploy`: starts a "deployment" that is ready after its third readiness check. Its id is a folder that holds the
# count of checks (the emulator runs each call as a new process, so the state lives on disk).
set -eu
dir=$(mktemp -d "${TMPDIR:-/tmp}/yr-flow.XXXXXX")
echo 0 > "$dir/checks"
printf '{"deployment":"%s"}\n' "$dir"
