
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'yr' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'yr'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'yr' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Invoke a function and print its response')
            [CompletionResult]::new('result', 'result', [CompletionResultType]::ParameterValue, 'Show the result of an asynchronous invocation (--wait polls until it is done)')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check the frontend''s /healthz: exit 0 when up, 3 when unreachable, 5 otherwise')
            [CompletionResult]::new('functions', 'functions', [CompletionResultType]::ParameterValue, 'List the tenant''s functions, or show one function and its versions')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Get a developer token for a tenant (`/auth/token/require`), for CI')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'Manage instance sessions')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Invoke a function many times and report throughput, latency and errors')
            [CompletionResult]::new('errors', 'errors', [CompletionResultType]::ParameterValue, 'Explain error codes offline, from the table built into yr')
            [CompletionResult]::new('urn', 'urn', [CompletionResultType]::ParameterValue, 'Print the full URN a function name expands to')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a completion script for SHELL (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), e.g. `yr man > yr.1`')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the version; with -v, the commit, build date, target and linking too')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print every effective setting, its value (the token redacted) and where it came from')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local frontend emulator that answers like the real one; with `-- COMMAND`, run COMMAND against it and exit with COMMAND''s exit code')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run smoke-test suites (TOML files of cases and expectations) and report each case; --junit and --json for CI')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'yr;invoke' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The request body: the text itself, `@FILE`, or `@-` for stdin')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The request body: the text itself, `@FILE`, or `@-` for stdin')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An extra request header, `Name: value` (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra request header, `Name: value` (repeatable)')
            [CompletionResult]::new('--content-type', '--content-type', [CompletionResultType]::ParameterName, 'Content-Type of the body [default: application/json]')
            [CompletionResult]::new('--trace-id', '--trace-id', [CompletionResultType]::ParameterName, 'Trace id of the call (X-Trace-Id)')
            [CompletionResult]::new('--traceparent', '--traceparent', [CompletionResultType]::ParameterName, 'Join an outer trace: a W3C traceparent, `00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>` [env: TRACEPARENT]')
            [CompletionResult]::new('--cpu', '--cpu', [CompletionResultType]::ParameterName, 'CPU for the instance: millicores `500` or `500m`, cores `1.5c`')
            [CompletionResult]::new('--memory', '--memory', [CompletionResultType]::ParameterName, 'Memory for the instance: MB `512`, or `512Mi`, `2Gi`')
            [CompletionResult]::new('--custom-resource', '--custom-resource', [CompletionResultType]::ParameterName, 'A custom resource for the instance, `NAME=COUNT` (repeatable)')
            [CompletionResult]::new('--pool-label', '--pool-label', [CompletionResultType]::ParameterName, 'Resource pool label for affinity scheduling')
            [CompletionResult]::new('--instance-label', '--instance-label', [CompletionResultType]::ParameterName, 'Run on an instance carrying this label')
            [CompletionResult]::new('--session-id', '--session-id', [CompletionResultType]::ParameterName, 'Bind the call to an instance session: 1 to 63 characters')
            [CompletionResult]::new('--session-ttl', '--session-ttl', [CompletionResultType]::ParameterName, 'Session lifetime in seconds, 0 or more; 0 never expires')
            [CompletionResult]::new('--session-concurrency', '--session-concurrency', [CompletionResultType]::ParameterName, 'Concurrent calls on the session: a positive number, or -1')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant of a short FUNCTION name [env: YR_TENANT]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service of a bare FUNCTION name [env: YR_SERVICE]')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'Time between polls of --wait [default: 500ms]')
            [CompletionResult]::new('--webhook', '--webhook', [CompletionResultType]::ParameterName, 'With --async: have the frontend POST the finished call''s record to URL')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the response body to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the response body to FILE instead of stdout')
            [CompletionResult]::new('--expect-status', '--expect-status', [CompletionResultType]::ParameterName, 'Expect this HTTP status; exit 8 when it differs')
            [CompletionResult]::new('--expect-code', '--expect-code', [CompletionResultType]::ParameterName, 'Expect this inner code (0 on success), by number or name; exit 8 when it differs')
            [CompletionResult]::new('--expect-body', '--expect-body', [CompletionResultType]::ParameterName, 'Expect this body, compared as JSON; exit 8 when it differs')
            [CompletionResult]::new('--retry', '--retry', [CompletionResultType]::ParameterName, 'Retry up to N times, only when the function cannot have run')
            [CompletionResult]::new('--retry-delay', '--retry-delay', [CompletionResultType]::ParameterName, 'First wait between attempts; it doubles each time, up to 5s [default: 1s]')
            [CompletionResult]::new('--retry-max-time', '--retry-max-time', [CompletionResultType]::ParameterName, 'Stop retrying when the next attempt would start later than DURATION after the first [default: 60s]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting after DURATION (exit 7)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('--ignore-stdin', '--ignore-stdin', [CompletionResultType]::ParameterName, 'Never read the body from stdin unless -d @- asks for it')
            [CompletionResult]::new('--async', '--async', [CompletionResultType]::ParameterName, 'Invoke asynchronously: print the request id once accepted')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'With --async: poll until the call completes, then print its result')
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'Print a streamed answer''s frames as they arrive')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Print a JSON string result without its quotes and escapes (as `jq -r`)')
            [CompletionResult]::new('--raw-string', '--raw-string', [CompletionResultType]::ParameterName, 'Print a JSON string result without its quotes and escapes (as `jq -r`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object describing the call on stdout')
            [CompletionResult]::new('--logs', '--logs', [CompletionResultType]::ParameterName, 'Print the function''s log tail on stderr')
            [CompletionResult]::new('--curl', '--curl', [CompletionResultType]::ParameterName, 'Print the equivalent curl command and send nothing')
            [CompletionResult]::new('--retry-all-errors', '--retry-all-errors', [CompletionResultType]::ParameterName, 'Also retry after timeouts, broken connections and any 5xx')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;result' {
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'Time between polls of --wait, more than 0 [default: 500ms]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the response body to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the response body to FILE instead of stdout')
            [CompletionResult]::new('--expect-status', '--expect-status', [CompletionResultType]::ParameterName, 'Expect this HTTP status; exit 8 when it differs')
            [CompletionResult]::new('--expect-code', '--expect-code', [CompletionResultType]::ParameterName, 'Expect this inner code (0 on success), by number or name; exit 8 when it differs')
            [CompletionResult]::new('--expect-body', '--expect-body', [CompletionResultType]::ParameterName, 'Expect this body, compared as JSON; exit 8 when it differs')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting after DURATION (exit 7)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Poll until the call completes')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Print a JSON string result without its quotes and escapes (as `jq -r`)')
            [CompletionResult]::new('--raw-string', '--raw-string', [CompletionResultType]::ParameterName, 'Print a JSON string result without its quotes and escapes (as `jq -r`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object describing the call on stdout')
            [CompletionResult]::new('--logs', '--logs', [CompletionResultType]::ParameterName, 'Print the function''s log tail on stderr')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;health' {
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Poll /healthz until it answers 200 or DURATION has passed (exit 7)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting after DURATION (exit 7)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object describing the answer on stdout, as `yr invoke --json` does')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;functions' {
            [CompletionResult]::new('--page', '--page', [CompletionResultType]::ParameterName, 'The page to show, from 1 (the meta service''s `pageIndex`) [default: the meta service''s, 1]')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Entries a page (the meta service''s `pageSize`; one entry per version) [default: the meta service''s, 1000]')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant of a short FUNCTION name [env: YR_TENANT]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service of a bare FUNCTION name [env: YR_SERVICE]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting after DURATION (exit 7)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the meta service''s answer on stdout as it came (its `result.functions`, `functions` or `function`)')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;token' {
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Write the new token to FILE, mode 0600 (created, or emptied first), for --token-file')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'How long the token lasts: a DURATION (`1h`, `30m`; a bare number is seconds), or `never` [default: the IAM server''s]')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The tenant the token is for [env: YR_TENANT]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting after DURATION (exit 7)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the new token on stdout, one line')
            [CompletionResult]::new('--abandon', '--abandon', [CompletionResultType]::ParameterName, 'Say that abandoning (revoking) a developer token is not supported, as the frontend says, and exit 4')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object describing the answer on stdout, as `yr invoke --json` does, the token redacted')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;session' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'End an instance session (DELETE .../sessions/SESSION_ID)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'yr;session;delete' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant of a short FUNCTION name [env: YR_TENANT]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service of a bare FUNCTION name [env: YR_SERVICE]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting after DURATION (exit 7)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object describing the answer on stdout, as `yr invoke --json` does')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;session;help' {
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'End an instance session (DELETE .../sessions/SESSION_ID)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'yr;session;help;delete' {
            break
        }
        'yr;session;help;help' {
            break
        }
        'yr;bench' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Make N calls, warm-up calls not included [default: 200]')
            [CompletionResult]::new('--requests', '--requests', [CompletionResultType]::ParameterName, 'Make N calls, warm-up calls not included [default: 200]')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Call for DURATION (`10s`, `1m`) instead of a number of calls')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Call for DURATION (`10s`, `1m`) instead of a number of calls')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Concurrent workers, each with its own connection')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Concurrent workers, each with its own connection')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Calls per second overall, an open model')
            [CompletionResult]::new('--warmup', '--warmup', [CompletionResultType]::ParameterName, 'Calls made first and left out of the figures')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Ramp the rate linearly to TARGET calls/s over DURATION (`10s:100`); repeatable')
            [CompletionResult]::new('--burst', '--burst', [CompletionResultType]::ParameterName, 'Send calls in bursts of N, one burst every --burst-every')
            [CompletionResult]::new('--burst-every', '--burst-every', [CompletionResultType]::ParameterName, 'The time from one burst to the next (`1s`, `500ms`)')
            [CompletionResult]::new('--bodies', '--bodies', [CompletionResultType]::ParameterName, 'A body per call, from a JSON Lines file or a folder (a body per file)')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'The order bodies are sent in: `sequential` (as listed) or `shuffle` (an order --seed decides)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'The seed of --order shuffle and `{{uuid}}`: the same seed, the same order and ids')
            [CompletionResult]::new('--session-pool', '--session-pool', [CompletionResultType]::ParameterName, 'Spread the calls over N sessions, `yr-bench-<run>-0` to `-<N-1>`, in turn')
            [CompletionResult]::new('--session-ids', '--session-ids', [CompletionResultType]::ParameterName, 'Spread the calls over the session ids in FILE (one per line, blank lines skipped), in turn')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'With --async: the time between polls of a call''s result, more than 0 [default: 500ms]')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Exit 8 when more than this share of calls failed (0.01 = 1%)')
            [CompletionResult]::new('--max-p99', '--max-p99', [CompletionResultType]::ParameterName, 'Exit 8 when the 99th percentile latency is above DURATION')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Write a row per call to FILE as the run goes: `.csv`, `.jsonl` or `.ndjson`')
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Also save the run whole to FILE, for `yr bench show`, `compare`, `merge`')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'The saved run (--save) that --max-regression compares this one with')
            [CompletionResult]::new('--max-regression', '--max-regression', [CompletionResultType]::ParameterName, 'Exit 8 when this run is slower than --baseline by more than PCT (`10%`)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The request body: the text itself, `@FILE`, or `@-` for stdin')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The request body: the text itself, `@FILE`, or `@-` for stdin')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An extra request header, `Name: value` (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra request header, `Name: value` (repeatable)')
            [CompletionResult]::new('--content-type', '--content-type', [CompletionResultType]::ParameterName, 'Content-Type of the body [default: application/json]')
            [CompletionResult]::new('--trace-id', '--trace-id', [CompletionResultType]::ParameterName, 'Trace id of the call (X-Trace-Id)')
            [CompletionResult]::new('--traceparent', '--traceparent', [CompletionResultType]::ParameterName, 'Join an outer trace: a W3C traceparent, `00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>` [env: TRACEPARENT]')
            [CompletionResult]::new('--cpu', '--cpu', [CompletionResultType]::ParameterName, 'CPU for the instance: millicores `500` or `500m`, cores `1.5c`')
            [CompletionResult]::new('--memory', '--memory', [CompletionResultType]::ParameterName, 'Memory for the instance: MB `512`, or `512Mi`, `2Gi`')
            [CompletionResult]::new('--custom-resource', '--custom-resource', [CompletionResultType]::ParameterName, 'A custom resource for the instance, `NAME=COUNT` (repeatable)')
            [CompletionResult]::new('--pool-label', '--pool-label', [CompletionResultType]::ParameterName, 'Resource pool label for affinity scheduling')
            [CompletionResult]::new('--instance-label', '--instance-label', [CompletionResultType]::ParameterName, 'Run on an instance carrying this label')
            [CompletionResult]::new('--session-id', '--session-id', [CompletionResultType]::ParameterName, 'Bind the call to an instance session: 1 to 63 characters')
            [CompletionResult]::new('--session-ttl', '--session-ttl', [CompletionResultType]::ParameterName, 'Session lifetime in seconds, 0 or more; 0 never expires')
            [CompletionResult]::new('--session-concurrency', '--session-concurrency', [CompletionResultType]::ParameterName, 'Concurrent calls on the session: a positive number, or -1')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant of a short FUNCTION name [env: YR_TENANT]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service of a bare FUNCTION name [env: YR_SERVICE]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a call after DURATION (a failed call) [env: YR_TIMEOUT]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting after DURATION (a failed call)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Fill placeholders in each body per call: `{{seq}}`, `{{uuid}}`, `{{now_ms}}`, `{{timestamp}}`')
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'Make each call as `yr invoke --stream`: latency is the time to its last frame')
            [CompletionResult]::new('--async', '--async', [CompletionResultType]::ParameterName, 'Make each call as `yr invoke --async --wait`: latency is the time to its finished result')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the whole report as one JSON object on stdout')
            [CompletionResult]::new('--ignore-stdin', '--ignore-stdin', [CompletionResultType]::ParameterName, 'Accepted as for `yr invoke`; yr bench reads stdin only for -d @- anyway')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a run saved with --save: the report the run printed, byte for byte')
            [CompletionResult]::new('compare', 'compare', [CompletionResultType]::ParameterValue, 'Each figure''s change from the saved run OLD to NEW, with its sign')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Add up runs saved on many machines (--save) into one report')
            break
        }
        'yr;bench;show' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as one JSON object, as `yr bench --json` does')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;bench;compare' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the comparison as one JSON object')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;bench;merge' {
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Also save the merged run to FILE, as --save saves one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the merged report as one JSON object, as `yr bench --json` does')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;errors' {
            [CompletionResult]::new('--class', '--class', [CompletionResultType]::ParameterName, 'Only codes of this class')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: one object for a code, an array for the table')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;urn' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant of a short FUNCTION name [env: YR_TENANT]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service of a bare FUNCTION name [env: YR_SERVICE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;version' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;config' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant of a short FUNCTION name [env: YR_TENANT]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service of a bare FUNCTION name [env: YR_SERVICE]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting after DURATION (exit 7)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: each setting with its value and source')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;serve' {
            [CompletionResult]::new('--function', '--function', [CompletionResultType]::ParameterName, 'Serve a function, `NAME=COMMAND` (repeatable)')
            [CompletionResult]::new('--function-timeout', '--function-timeout', [CompletionResultType]::ParameterName, 'A call running longer is killed (with its children) and answers code 4010; 0: no limit')
            [CompletionResult]::new('--concurrent-num', '--concurrent-num', [CompletionResultType]::ParameterName, 'The functions'' concurrentNum: the most calls a session may run at once')
            [CompletionResult]::new('--instance-label', '--instance-label', [CompletionResultType]::ParameterName, 'A label some instance carries (repeatable)')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on; port 0 picks a free port')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Require this token (read from FILE) as X-Auth, `?token=` or cookie `iam_token`; others get 401')
            [CompletionResult]::new('--max-body-size', '--max-body-size', [CompletionResultType]::ParameterName, 'Bodies larger than SIZE get code 4140 (K, M, G are powers of 1024)')
            [CompletionResult]::new('--keep-results', '--keep-results', [CompletionResultType]::ParameterName, 'How long asynchronous results are kept after they complete; 0: until the emulator exits')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'A request whose headers or body take longer to arrive is refused; 0: no limit')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Connections held at once; the next waits (in the listen queue) until one closes')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS with this certificate chain (PEM); needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--client-ca', '--client-ca', [CompletionResultType]::ParameterName, 'Require clients to present a certificate signed by a CA in FILE (mutual TLS)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;test' {
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Run up to N cases at once')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Run up to N cases at once')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Run only the cases whose name matches this regular expression')
            [CompletionResult]::new('--repeat', '--repeat', [CompletionResultType]::ParameterName, 'Run the whole (filtered) suite N times, one round after another, to catch flaky cases')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write the report as JUnit XML to FILE (for GitHub, GitLab, Jenkins)')
            [CompletionResult]::new('--tap', '--tap', [CompletionResultType]::ParameterName, 'Also write the report as TAP version 13 to FILE')
            [CompletionResult]::new('--jsonl', '--jsonl', [CompletionResultType]::ParameterName, 'Also write the --json lines to FILE (JSON Lines)')
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'Set the variable NAME for `${NAME}` in the suites (repeatable)')
            [CompletionResult]::new('--vars', '--vars', [CompletionResultType]::ParameterName, 'Read variables from FILE, `.env` style (repeatable; a later file wins)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Hide the value of variable NAME in every report (repeatable)')
            [CompletionResult]::new('--traceparent', '--traceparent', [CompletionResultType]::ParameterName, 'Every case''s calls join this outer trace (a W3C traceparent) [env: TRACEPARENT]')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant of a short FUNCTION name [env: YR_TENANT]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service of a bare FUNCTION name [env: YR_SERVICE]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address [env: YR_ENDPOINT]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting after DURATION (exit 7)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file [env: YR_PROFILE]')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Start no case after the first failure')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON object per case and a summary object on stdout')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v the headers, -vv timings too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'yr;help' {
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Invoke a function and print its response')
            [CompletionResult]::new('result', 'result', [CompletionResultType]::ParameterValue, 'Show the result of an asynchronous invocation (--wait polls until it is done)')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check the frontend''s /healthz: exit 0 when up, 3 when unreachable, 5 otherwise')
            [CompletionResult]::new('functions', 'functions', [CompletionResultType]::ParameterValue, 'List the tenant''s functions, or show one function and its versions')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Get a developer token for a tenant (`/auth/token/require`), for CI')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'Manage instance sessions')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Invoke a function many times and report throughput, latency and errors')
            [CompletionResult]::new('errors', 'errors', [CompletionResultType]::ParameterValue, 'Explain error codes offline, from the table built into yr')
            [CompletionResult]::new('urn', 'urn', [CompletionResultType]::ParameterValue, 'Print the full URN a function name expands to')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a completion script for SHELL (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), e.g. `yr man > yr.1`')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the version; with -v, the commit, build date, target and linking too')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print every effective setting, its value (the token redacted) and where it came from')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local frontend emulator that answers like the real one; with `-- COMMAND`, run COMMAND against it and exit with COMMAND''s exit code')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run smoke-test suites (TOML files of cases and expectations) and report each case; --junit and --json for CI')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'yr;help;invoke' {
            break
        }
        'yr;help;result' {
            break
        }
        'yr;help;health' {
            break
        }
        'yr;help;functions' {
            break
        }
        'yr;help;token' {
            break
        }
        'yr;help;session' {
            break
        }
        'yr;help;bench' {
            break
        }
        'yr;help;errors' {
            break
        }
        'yr;help;urn' {
            break
        }
        'yr;help;completions' {
            break
        }
        'yr;help;man' {
            break
        }
        'yr;help;version' {
            break
        }
        'yr;help;config' {
            break
        }
        'yr;help;serve' {
            break
        }
        'yr;help;test' {
            break
        }
        'yr;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
