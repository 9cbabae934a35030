
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
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Invoke a function and print its response')
            [CompletionResult]::new('result', 'result', [CompletionResultType]::ParameterValue, 'Show the result of an asynchronous invocation (--wait polls until it is done)')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check the frontend''s /healthz: exit 0 when up, 3 when unreachable, 5 otherwise')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'Manage instance sessions')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Invoke a function many times and report throughput, latency and errors')
            [CompletionResult]::new('errors', 'errors', [CompletionResultType]::ParameterValue, 'Explain error codes offline, from the table built into yr')
            [CompletionResult]::new('urn', 'urn', [CompletionResultType]::ParameterValue, 'Print the full URN a function name expands to')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a completion script for SHELL (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), e.g. `yr man > yr.1`')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print every effective setting, its value (the token redacted) and where it came from')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local frontend emulator that answers like the real one; with `-- COMMAND`, run COMMAND against it and exit with COMMAND''s exit code')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'yr;invoke' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The request body: the text itself, `@FILE` for a file''s bytes, or `@-` for stdin. Without -d a body is read from stdin when stdin is not a terminal (see --ignore-stdin); otherwise the body is empty, which the frontend treats as `{}`. A JSON content type (the default) is checked before sending')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The request body: the text itself, `@FILE` for a file''s bytes, or `@-` for stdin. Without -d a body is read from stdin when stdin is not a terminal (see --ignore-stdin); otherwise the body is empty, which the frontend treats as `{}`. A JSON content type (the default) is checked before sending')
            [CompletionResult]::new('--content-type', '--content-type', [CompletionResultType]::ParameterName, 'Content-Type of the body; a type other than JSON is sent unchecked. [default: application/json]')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An extra request header, `Name: value` (repeatable). X-Auth cannot be given here: use YR_JWT_TOKEN or --token-file')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra request header, `Name: value` (repeatable). X-Auth cannot be given here: use YR_JWT_TOKEN or --token-file')
            [CompletionResult]::new('--cpu', '--cpu', [CompletionResultType]::ParameterName, 'CPU for the instance (X-Instance-Cpu): millicores `500` or `500m`, or cores `1.5c`. The frontend applies it only together with --memory')
            [CompletionResult]::new('--memory', '--memory', [CompletionResultType]::ParameterName, 'Memory for the instance (X-Instance-Memory): MB `512`, or `512Mi`, `2Gi`, `512M`, `2G` (all MiB units). The frontend applies it only together with --cpu')
            [CompletionResult]::new('--custom-resource', '--custom-resource', [CompletionResultType]::ParameterName, 'A custom resource for the instance, `NAME=COUNT` with a positive integer COUNT (repeatable; X-Instance-Custom-Resource), e.g. `NPU/.+/count=1`')
            [CompletionResult]::new('--pool-label', '--pool-label', [CompletionResultType]::ParameterName, 'Resource pool label for affinity scheduling (X-Pool-Label)')
            [CompletionResult]::new('--instance-label', '--instance-label', [CompletionResultType]::ParameterName, 'Run on an instance carrying this label (X-Instance-Label)')
            [CompletionResult]::new('--session-id', '--session-id', [CompletionResultType]::ParameterName, 'Bind the call to an instance session (X-Instance-Session): 1 to 63 characters')
            [CompletionResult]::new('--session-ttl', '--session-ttl', [CompletionResultType]::ParameterName, 'Session lifetime in seconds, 0 or more; 0 never expires. Needs --session-id. [default: 0]')
            [CompletionResult]::new('--session-concurrency', '--session-concurrency', [CompletionResultType]::ParameterName, 'Concurrent calls on the session: a positive number, or -1 for a whole instance of its own. Needs --session-id. [default: 1]')
            [CompletionResult]::new('--trace-id', '--trace-id', [CompletionResultType]::ParameterName, 'Trace id of the call (X-Trace-Id), at most 128 characters; the frontend makes one when absent')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile''s token_file] The token is never printed')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend''s 900 s function timeout]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) for the frontend''s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME instead of the endpoint''s host (the connection still goes to the endpoint''s address). [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the response body to FILE instead of stdout; FILE is replaced only once the whole body has arrived, and only when the call succeeded')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the response body to FILE instead of stdout; FILE is replaced only once the whole body has arrived, and only when the call succeeded')
            [CompletionResult]::new('--expect-status', '--expect-status', [CompletionResultType]::ParameterName, 'Expect this HTTP status; exit 8 when it differs')
            [CompletionResult]::new('--expect-code', '--expect-code', [CompletionResultType]::ParameterName, 'Expect this inner code (X-Inner-Code; 0 on success); exit 8 when it differs. An expected failure code makes that failure a pass')
            [CompletionResult]::new('--expect-body', '--expect-body', [CompletionResultType]::ParameterName, 'Expect this body, compared as JSON values (not as text); exit 8 when it differs')
            [CompletionResult]::new('--retry', '--retry', [CompletionResultType]::ParameterName, 'Send the call again, up to N more times, but only when the function cannot have run: the connection failed before sending, HTTP 429, or a code marked retry-safe (`yr errors`)')
            [CompletionResult]::new('--retry-delay', '--retry-delay', [CompletionResultType]::ParameterName, 'First wait between attempts; it doubles each time (with jitter). A Retry-After header wins')
            [CompletionResult]::new('--retry-max-time', '--retry-max-time', [CompletionResultType]::ParameterName, 'Stop retrying when the next attempt would start later than DURATION after the first')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'Time between polls of --wait. [default: 500ms]')
            [CompletionResult]::new('--webhook', '--webhook', [CompletionResultType]::ParameterName, 'With --async: have the frontend POST the finished call''s record to URL (X-Webhook-Url, as yrcli''s `async-invoke --webhook`). URL starts with http:// or https://. The frontend sends it only when its webhook setting is on (asyncInvocation.webhook.enabled, off by default)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--ignore-stdin', '--ignore-stdin', [CompletionResultType]::ParameterName, 'Never read the body from stdin unless -d @- asks for it (for CI runners whose stdin is an open pipe)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Print a JSON string result without its quotes and escapes (as `jq -r`)')
            [CompletionResult]::new('--raw-string', '--raw-string', [CompletionResultType]::ParameterName, 'Print a JSON string result without its quotes and escapes (as `jq -r`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout whatever happened: ok, status, code, class, message, trace_id, body, headers, elapsed_ms, attempts (and request_id for --async)')
            [CompletionResult]::new('--logs', '--logs', [CompletionResultType]::ParameterName, 'Print the function''s log tail (X-Log-Result, base64-decoded) on stderr')
            [CompletionResult]::new('--retry-all-errors', '--retry-all-errors', [CompletionResultType]::ParameterName, 'Also retry after timeouts, broken connections and any 5xx, accepting that the function may run twice')
            [CompletionResult]::new('--async', '--async', [CompletionResultType]::ParameterName, 'Invoke asynchronously (X-Invoke-Type: async): print the request id on stdout and exit 0 once the frontend accepts the call (202). See --wait and `yr result`')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'With --async: poll the result until the call completes, then print it as a synchronous call would. A wait that outlasts --timeout exits 7 and prints the request id')
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'Ask for a streamed answer (Accept: text/event-stream): print each frame''s data on its own line as it arrives. An error, framed or not, is reported as a synchronous call''s')
            [CompletionResult]::new('--curl', '--curl', [CompletionResultType]::ParameterName, 'Print the equivalent curl command and send nothing (X-Auth shows as <redacted>)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'yr;result' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'Time between polls of --wait. [default: 500ms]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile''s token_file] The token is never printed')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend''s 900 s function timeout]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) for the frontend''s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME instead of the endpoint''s host (the connection still goes to the endpoint''s address). [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the response body to FILE instead of stdout; FILE is replaced only once the whole body has arrived, and only when the call succeeded')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the response body to FILE instead of stdout; FILE is replaced only once the whole body has arrived, and only when the call succeeded')
            [CompletionResult]::new('--expect-status', '--expect-status', [CompletionResultType]::ParameterName, 'Expect this HTTP status; exit 8 when it differs')
            [CompletionResult]::new('--expect-code', '--expect-code', [CompletionResultType]::ParameterName, 'Expect this inner code (X-Inner-Code; 0 on success); exit 8 when it differs. An expected failure code makes that failure a pass')
            [CompletionResult]::new('--expect-body', '--expect-body', [CompletionResultType]::ParameterName, 'Expect this body, compared as JSON values (not as text); exit 8 when it differs')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Poll until the call completes (bounded by --timeout; exit 7 when it runs out)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Print a JSON string result without its quotes and escapes (as `jq -r`)')
            [CompletionResult]::new('--raw-string', '--raw-string', [CompletionResultType]::ParameterName, 'Print a JSON string result without its quotes and escapes (as `jq -r`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout whatever happened: ok, status, code, class, message, trace_id, body, headers, elapsed_ms, attempts (and request_id for --async)')
            [CompletionResult]::new('--logs', '--logs', [CompletionResultType]::ParameterName, 'Print the function''s log tail (X-Log-Result, base64-decoded) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'yr;health' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Poll /healthz until it answers 200 or DURATION has passed (exit 7)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile''s token_file] The token is never printed')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend''s 900 s function timeout]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) for the frontend''s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME instead of the endpoint''s host (the connection still goes to the endpoint''s address). [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'yr;session' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'End an instance session (DELETE .../sessions/SESSION_ID)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'yr;session;delete' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile''s token_file] The token is never printed')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend''s 900 s function timeout]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) for the frontend''s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME instead of the endpoint''s host (the connection still goes to the endpoint''s address). [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
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
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The request body: the text itself, `@FILE` for a file''s bytes, or `@-` for stdin. Without -d a body is read from stdin when stdin is not a terminal (see --ignore-stdin); otherwise the body is empty, which the frontend treats as `{}`. A JSON content type (the default) is checked before sending')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The request body: the text itself, `@FILE` for a file''s bytes, or `@-` for stdin. Without -d a body is read from stdin when stdin is not a terminal (see --ignore-stdin); otherwise the body is empty, which the frontend treats as `{}`. A JSON content type (the default) is checked before sending')
            [CompletionResult]::new('--content-type', '--content-type', [CompletionResultType]::ParameterName, 'Content-Type of the body; a type other than JSON is sent unchecked. [default: application/json]')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An extra request header, `Name: value` (repeatable). X-Auth cannot be given here: use YR_JWT_TOKEN or --token-file')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra request header, `Name: value` (repeatable). X-Auth cannot be given here: use YR_JWT_TOKEN or --token-file')
            [CompletionResult]::new('--cpu', '--cpu', [CompletionResultType]::ParameterName, 'CPU for the instance (X-Instance-Cpu): millicores `500` or `500m`, or cores `1.5c`. The frontend applies it only together with --memory')
            [CompletionResult]::new('--memory', '--memory', [CompletionResultType]::ParameterName, 'Memory for the instance (X-Instance-Memory): MB `512`, or `512Mi`, `2Gi`, `512M`, `2G` (all MiB units). The frontend applies it only together with --cpu')
            [CompletionResult]::new('--custom-resource', '--custom-resource', [CompletionResultType]::ParameterName, 'A custom resource for the instance, `NAME=COUNT` with a positive integer COUNT (repeatable; X-Instance-Custom-Resource), e.g. `NPU/.+/count=1`')
            [CompletionResult]::new('--pool-label', '--pool-label', [CompletionResultType]::ParameterName, 'Resource pool label for affinity scheduling (X-Pool-Label)')
            [CompletionResult]::new('--instance-label', '--instance-label', [CompletionResultType]::ParameterName, 'Run on an instance carrying this label (X-Instance-Label)')
            [CompletionResult]::new('--session-id', '--session-id', [CompletionResultType]::ParameterName, 'Bind the call to an instance session (X-Instance-Session): 1 to 63 characters')
            [CompletionResult]::new('--session-ttl', '--session-ttl', [CompletionResultType]::ParameterName, 'Session lifetime in seconds, 0 or more; 0 never expires. Needs --session-id. [default: 0]')
            [CompletionResult]::new('--session-concurrency', '--session-concurrency', [CompletionResultType]::ParameterName, 'Concurrent calls on the session: a positive number, or -1 for a whole instance of its own. Needs --session-id. [default: 1]')
            [CompletionResult]::new('--trace-id', '--trace-id', [CompletionResultType]::ParameterName, 'Trace id of the call (X-Trace-Id), at most 128 characters; the frontend makes one when absent')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile''s token_file] The token is never printed')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend''s 900 s function timeout]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) for the frontend''s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME instead of the endpoint''s host (the connection still goes to the endpoint''s address). [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Make N calls (warm-up calls not included). [default: 200 when -z is not given]')
            [CompletionResult]::new('--requests', '--requests', [CompletionResultType]::ParameterName, 'Make N calls (warm-up calls not included). [default: 200 when -z is not given]')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Call for DURATION (`10s`, `1m`) instead of a number of calls')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Call for DURATION (`10s`, `1m`) instead of a number of calls')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Concurrent workers, each with its own connection')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Concurrent workers, each with its own connection')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Calls per second overall (an open model: calls start on schedule whether or not earlier ones finished; latency counts from the scheduled start, correcting coordinated omission)')
            [CompletionResult]::new('--warmup', '--warmup', [CompletionResultType]::ParameterName, 'Calls made first and left out of the figures')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Exit 8 when more than this share of calls failed (0.01 = 1%)')
            [CompletionResult]::new('--max-p99', '--max-p99', [CompletionResultType]::ParameterName, 'Exit 8 when the 99th percentile latency is above DURATION')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--ignore-stdin', '--ignore-stdin', [CompletionResultType]::ParameterName, 'Never read the body from stdin unless -d @- asks for it (for CI runners whose stdin is an open pipe)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the whole report as one JSON object on stdout (field names in the README)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'yr;errors' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]')
            [CompletionResult]::new('--class', '--class', [CompletionResultType]::ParameterName, 'Only codes of this class')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: one object for a code, an array for the table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'yr;urn' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'yr;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'yr;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'yr;config' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile''s token_file] The token is never printed')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend''s 900 s function timeout]')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust the CA certificates in FILE (PEM) for the frontend''s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]')
            [CompletionResult]::new('--tls-server-name', '--tls-server-name', [CompletionResultType]::ParameterName, 'Check the frontend''s certificate against NAME instead of the endpoint''s host (the connection still goes to the endpoint''s address). [env: YR_SERVER_NAME]')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Use no proxy, whatever the environment says')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: each setting with its value and source')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'yr;serve' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on; port 0 picks a free port. [default: 127.0.0.1:8888, or 127.0.0.1:0 with COMMAND]')
            [CompletionResult]::new('--function', '--function', [CompletionResultType]::ParameterName, 'Serve a function, `NAME=COMMAND` (repeatable). NAME is `svc@fn`, `fn` or a full URN, as for `yr invoke`. Each call runs COMMAND through `sh -c` with the JSON body on stdin; its stdout is the result (JSON, or text returned as a JSON string), its stderr the log tail')
            [CompletionResult]::new('--function-timeout', '--function-timeout', [CompletionResultType]::ParameterName, 'A call running longer is killed (with its children) and answers code 4010')
            [CompletionResult]::new('--concurrent-num', '--concurrent-num', [CompletionResultType]::ParameterName, 'The functions'' concurrentNum: the most calls a session may run at once')
            [CompletionResult]::new('--instance-label', '--instance-label', [CompletionResultType]::ParameterName, 'A label some instance carries (repeatable); calls asking for another X-Instance-Label get code 150444')
            [CompletionResult]::new('--max-body-size', '--max-body-size', [CompletionResultType]::ParameterName, 'Bodies larger than SIZE get code 4140 (K, M, G are powers of 1024)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Require this token (read from FILE) as X-Auth, `?token=` or cookie `iam_token`; others get 401')
            [CompletionResult]::new('--keep-results', '--keep-results', [CompletionResultType]::ParameterName, 'How long asynchronous results are kept after they complete')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'A request whose headers or body take longer to arrive is refused')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS with this certificate chain (PEM); needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--client-ca', '--client-ca', [CompletionResultType]::ParameterName, 'Require clients to present a certificate signed by a CA in FILE (mutual TLS)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'yr;help' {
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Invoke a function and print its response')
            [CompletionResult]::new('result', 'result', [CompletionResultType]::ParameterValue, 'Show the result of an asynchronous invocation (--wait polls until it is done)')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Check the frontend''s /healthz: exit 0 when up, 3 when unreachable, 5 otherwise')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'Manage instance sessions')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Invoke a function many times and report throughput, latency and errors')
            [CompletionResult]::new('errors', 'errors', [CompletionResultType]::ParameterValue, 'Explain error codes offline, from the table built into yr')
            [CompletionResult]::new('urn', 'urn', [CompletionResultType]::ParameterValue, 'Print the full URN a function name expands to')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a completion script for SHELL (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), e.g. `yr man > yr.1`')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print every effective setting, its value (the token redacted) and where it came from')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local frontend emulator that answers like the real one; with `-- COMMAND`, run COMMAND against it and exit with COMMAND''s exit code')
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
        'yr;help;session' {
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'End an instance session (DELETE .../sessions/SESSION_ID)')
            break
        }
        'yr;help;session;delete' {
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
        'yr;help;config' {
            break
        }
        'yr;help;serve' {
            break
        }
        'yr;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
