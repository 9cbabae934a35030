#!/usr/bin/env bash
# `yr test` as the GitHub Action (action.yml) and the GitLab template run it, from their inputs:
#   YR_SUITES           suite files or patterns, separated by spaces, expanded here (a pattern that matches nothing
#                       is passed on as it is, so yr names it in its error)
#   YR_JUNIT            the JUnit report's path (default yr-report.xml)
#   YR_ARGS             more arguments for yr test, separated by spaces
#   YR_ENDPOINT_INPUT   when set, becomes YR_ENDPOINT
# The exit code is yr test's (docs/test.md, "Exit codes of `yr test`").
set -euo pipefail
[[ -n ${YR_SUITES:-} ]] || {
    echo "ci-test.sh: no suites given (the action's \`suites\` input, the template's YR_SUITES)" >&2
    exit 2
}
if [[ -n ${YR_ENDPOINT_INPUT:-} ]]; then
    export YR_ENDPOINT=$YR_ENDPOINT_INPUT
fi
read -ra patterns <<<"$YR_SUITES"
suites=()
for pattern in "${patterns[@]}"; do
    matched=()
    # shellcheck disable=SC2206 # the pattern is expanded on purpose
    matched=($pattern)
    suites+=("${matched[@]}")
done
read -ra extra <<<"${YR_ARGS:-}"
set -x
exec yr test "${suites[@]}" --junit "${YR_JUNIT:-yr-report.xml}" ${extra[@]+"${extra[@]}"}
