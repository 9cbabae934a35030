# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_yr_global_optspecs
    string join \n color= v/verbose q/quiet profile= h/help V/version
end

function __fish_yr_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_yr_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_yr_using_subcommand
    set -l cmd (__fish_yr_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c yr -n "__fish_yr_needs_command" -l color -d 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_needs_command" -l profile -d 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file\'s default_profile]' -r
complete -c yr -n "__fish_yr_needs_command" -s v -l verbose -d 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
complete -c yr -n "__fish_yr_needs_command" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_needs_command" -s h -l help -d 'Print help'
complete -c yr -n "__fish_yr_needs_command" -s V -l version -d 'Print version'
complete -c yr -n "__fish_yr_needs_command" -f -a "invoke" -d 'Invoke a function and print its response'
complete -c yr -n "__fish_yr_needs_command" -f -a "result" -d 'Show the result of an asynchronous invocation (--wait polls until it is done)'
complete -c yr -n "__fish_yr_needs_command" -f -a "health" -d 'Check the frontend\'s /healthz: exit 0 when up, 3 when unreachable, 5 otherwise'
complete -c yr -n "__fish_yr_needs_command" -f -a "session" -d 'Manage instance sessions'
complete -c yr -n "__fish_yr_needs_command" -f -a "bench" -d 'Invoke a function many times and report throughput, latency and errors'
complete -c yr -n "__fish_yr_needs_command" -f -a "errors" -d 'Explain error codes offline, from the table built into yr'
complete -c yr -n "__fish_yr_needs_command" -f -a "urn" -d 'Print the full URN a function name expands to'
complete -c yr -n "__fish_yr_needs_command" -f -a "completions" -d 'Print a completion script for SHELL (bash, zsh, fish, powershell, elvish)'
complete -c yr -n "__fish_yr_needs_command" -f -a "man" -d 'Print the manual page (roff), e.g. `yr man > yr.1`'
complete -c yr -n "__fish_yr_needs_command" -f -a "config" -d 'Print every effective setting, its value (the token redacted) and where it came from'
complete -c yr -n "__fish_yr_needs_command" -f -a "serve" -d 'Run a local frontend emulator that answers like the real one; with `-- COMMAND`, run COMMAND against it and exit with COMMAND\'s exit code'
complete -c yr -n "__fish_yr_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l color -d 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand invoke" -l profile -d 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file\'s default_profile]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l tenant -d 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l service -d 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -s d -l data -d 'The request body: the text itself, `@FILE` for a file\'s bytes, or `@-` for stdin. Without -d a body is read from stdin when stdin is not a terminal (see --ignore-stdin); otherwise the body is empty, which the frontend treats as `{}`. A JSON content type (the default) is checked before sending' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l content-type -d 'Content-Type of the body; a type other than JSON is sent unchecked. [default: application/json]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -s H -l header -d 'An extra request header, `Name: value` (repeatable). X-Auth cannot be given here: use YR_JWT_TOKEN or --token-file' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l cpu -d 'CPU for the instance (X-Instance-Cpu): millicores `500` or `500m`, or cores `1.5c`. The frontend applies it only together with --memory' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l memory -d 'Memory for the instance (X-Instance-Memory): MB `512`, or `512Mi`, `2Gi`, `512M`, `2G` (all MiB units). The frontend applies it only together with --cpu' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l custom-resource -d 'A custom resource for the instance, `NAME=COUNT` with a positive integer COUNT (repeatable; X-Instance-Custom-Resource), e.g. `NPU/.+/count=1`' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l pool-label -d 'Resource pool label for affinity scheduling (X-Pool-Label)' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l instance-label -d 'Run on an instance carrying this label (X-Instance-Label)' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l session-id -d 'Bind the call to an instance session (X-Instance-Session): 1 to 63 characters' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l session-ttl -d 'Session lifetime in seconds, 0 or more; 0 never expires. Needs --session-id. [default: 0]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l session-concurrency -d 'Concurrent calls on the session: a positive number, or -1 for a whole instance of its own. Needs --session-id. [default: 1]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l trace-id -d 'Trace id of the call (X-Trace-Id), at most 128 characters; the frontend makes one when absent' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -s e -l endpoint -d 'The frontend\'s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile\'s endpoint, then a local cluster\'s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l token-file -d 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile\'s token_file] The token is never printed' -r -F
complete -c yr -n "__fish_yr_using_subcommand invoke" -l timeout -d 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend\'s 900 s function timeout]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l connect-timeout -d 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l cacert -d 'Trust the CA certificates in FILE (PEM) for the frontend\'s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]' -r -F
complete -c yr -n "__fish_yr_using_subcommand invoke" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand invoke" -l key -d 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand invoke" -l tls-server-name -d 'Check the frontend\'s certificate against NAME instead of the endpoint\'s host (the connection still goes to the endpoint\'s address). [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l proxy -d 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -s o -l output -d 'Write the response body to FILE instead of stdout; FILE is replaced only once the whole body has arrived, and only when the call succeeded' -r -F
complete -c yr -n "__fish_yr_using_subcommand invoke" -l expect-status -d 'Expect this HTTP status; exit 8 when it differs' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l expect-code -d 'Expect this inner code (X-Inner-Code; 0 on success); exit 8 when it differs. An expected failure code makes that failure a pass' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l expect-body -d 'Expect this body, compared as JSON values (not as text); exit 8 when it differs' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l retry -d 'Send the call again, up to N more times, but only when the function cannot have run: the connection failed before sending, HTTP 429, or a code marked retry-safe (`yr errors`)' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l retry-delay -d 'First wait between attempts; it doubles each time (with jitter). A Retry-After header wins' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l retry-max-time -d 'Stop retrying when the next attempt would start later than DURATION after the first' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l poll-interval -d 'Time between polls of --wait. [default: 500ms]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l webhook -d 'With --async: have the frontend POST the finished call\'s record to URL (X-Webhook-Url, as yrcli\'s `async-invoke --webhook`). URL starts with http:// or https://. The frontend sends it only when its webhook setting is on (asyncInvocation.webhook.enabled, off by default)' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -s v -l verbose -d 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
complete -c yr -n "__fish_yr_using_subcommand invoke" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l ignore-stdin -d 'Never read the body from stdin unless -d @- asks for it (for CI runners whose stdin is an open pipe)'
complete -c yr -n "__fish_yr_using_subcommand invoke" -s k -l insecure -d 'Do not verify the frontend\'s certificate. [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand invoke" -s r -l raw-string -d 'Print a JSON string result without its quotes and escapes (as `jq -r`)'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l json -d 'Print one JSON object on stdout whatever happened: ok, status, code, class, message, trace_id, body, headers, elapsed_ms, attempts (and request_id for --async)'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l logs -d 'Print the function\'s log tail (X-Log-Result, base64-decoded) on stderr'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l retry-all-errors -d 'Also retry after timeouts, broken connections and any 5xx, accepting that the function may run twice'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l async -d 'Invoke asynchronously (X-Invoke-Type: async): print the request id on stdout and exit 0 once the frontend accepts the call (202). See --wait and `yr result`'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l wait -d 'With --async: poll the result until the call completes, then print it as a synchronous call would. A wait that outlasts --timeout exits 7 and prints the request id'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l stream -d 'Ask for a streamed answer (Accept: text/event-stream): print each frame\'s data on its own line as it arrives. An error, framed or not, is reported as a synchronous call\'s'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l curl -d 'Print the equivalent curl command and send nothing (X-Auth shows as <redacted>)'
complete -c yr -n "__fish_yr_using_subcommand invoke" -s h -l help -d 'Print help'
complete -c yr -n "__fish_yr_using_subcommand result" -l color -d 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand result" -l profile -d 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file\'s default_profile]' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l poll-interval -d 'Time between polls of --wait. [default: 500ms]' -r
complete -c yr -n "__fish_yr_using_subcommand result" -s e -l endpoint -d 'The frontend\'s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile\'s endpoint, then a local cluster\'s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l token-file -d 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile\'s token_file] The token is never printed' -r -F
complete -c yr -n "__fish_yr_using_subcommand result" -l timeout -d 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend\'s 900 s function timeout]' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l connect-timeout -d 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l cacert -d 'Trust the CA certificates in FILE (PEM) for the frontend\'s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]' -r -F
complete -c yr -n "__fish_yr_using_subcommand result" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand result" -l key -d 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand result" -l tls-server-name -d 'Check the frontend\'s certificate against NAME instead of the endpoint\'s host (the connection still goes to the endpoint\'s address). [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l proxy -d 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]' -r
complete -c yr -n "__fish_yr_using_subcommand result" -s o -l output -d 'Write the response body to FILE instead of stdout; FILE is replaced only once the whole body has arrived, and only when the call succeeded' -r -F
complete -c yr -n "__fish_yr_using_subcommand result" -l expect-status -d 'Expect this HTTP status; exit 8 when it differs' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l expect-code -d 'Expect this inner code (X-Inner-Code; 0 on success); exit 8 when it differs. An expected failure code makes that failure a pass' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l expect-body -d 'Expect this body, compared as JSON values (not as text); exit 8 when it differs' -r
complete -c yr -n "__fish_yr_using_subcommand result" -s v -l verbose -d 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
complete -c yr -n "__fish_yr_using_subcommand result" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand result" -l wait -d 'Poll until the call completes (bounded by --timeout; exit 7 when it runs out)'
complete -c yr -n "__fish_yr_using_subcommand result" -s k -l insecure -d 'Do not verify the frontend\'s certificate. [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand result" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand result" -s r -l raw-string -d 'Print a JSON string result without its quotes and escapes (as `jq -r`)'
complete -c yr -n "__fish_yr_using_subcommand result" -l json -d 'Print one JSON object on stdout whatever happened: ok, status, code, class, message, trace_id, body, headers, elapsed_ms, attempts (and request_id for --async)'
complete -c yr -n "__fish_yr_using_subcommand result" -l logs -d 'Print the function\'s log tail (X-Log-Result, base64-decoded) on stderr'
complete -c yr -n "__fish_yr_using_subcommand result" -s h -l help -d 'Print help'
complete -c yr -n "__fish_yr_using_subcommand health" -l color -d 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand health" -l profile -d 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file\'s default_profile]' -r
complete -c yr -n "__fish_yr_using_subcommand health" -l wait -d 'Poll /healthz until it answers 200 or DURATION has passed (exit 7)' -r
complete -c yr -n "__fish_yr_using_subcommand health" -s e -l endpoint -d 'The frontend\'s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile\'s endpoint, then a local cluster\'s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]' -r
complete -c yr -n "__fish_yr_using_subcommand health" -l token-file -d 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile\'s token_file] The token is never printed' -r -F
complete -c yr -n "__fish_yr_using_subcommand health" -l timeout -d 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend\'s 900 s function timeout]' -r
complete -c yr -n "__fish_yr_using_subcommand health" -l connect-timeout -d 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]' -r
complete -c yr -n "__fish_yr_using_subcommand health" -l cacert -d 'Trust the CA certificates in FILE (PEM) for the frontend\'s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]' -r -F
complete -c yr -n "__fish_yr_using_subcommand health" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand health" -l key -d 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand health" -l tls-server-name -d 'Check the frontend\'s certificate against NAME instead of the endpoint\'s host (the connection still goes to the endpoint\'s address). [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand health" -l proxy -d 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]' -r
complete -c yr -n "__fish_yr_using_subcommand health" -s v -l verbose -d 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
complete -c yr -n "__fish_yr_using_subcommand health" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand health" -s k -l insecure -d 'Do not verify the frontend\'s certificate. [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand health" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand health" -s h -l help -d 'Print help'
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -l color -d 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -l profile -d 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file\'s default_profile]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -s v -l verbose -d 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -s h -l help -d 'Print help'
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -f -a "delete" -d 'End an instance session (DELETE .../sessions/SESSION_ID)'
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l color -d 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l profile -d 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file\'s default_profile]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l service -d 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -s e -l endpoint -d 'The frontend\'s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile\'s endpoint, then a local cluster\'s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l token-file -d 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile\'s token_file] The token is never printed' -r -F
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l timeout -d 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend\'s 900 s function timeout]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l connect-timeout -d 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l cacert -d 'Trust the CA certificates in FILE (PEM) for the frontend\'s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]' -r -F
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l key -d 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l tls-server-name -d 'Check the frontend\'s certificate against NAME instead of the endpoint\'s host (the connection still goes to the endpoint\'s address). [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l proxy -d 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -s k -l insecure -d 'Do not verify the frontend\'s certificate. [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "delete" -d 'End an instance session (DELETE .../sessions/SESSION_ID)'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c yr -n "__fish_yr_using_subcommand bench" -l color -d 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand bench" -l profile -d 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file\'s default_profile]' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l tenant -d 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l service -d 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -s d -l data -d 'The request body: the text itself, `@FILE` for a file\'s bytes, or `@-` for stdin. Without -d a body is read from stdin when stdin is not a terminal (see --ignore-stdin); otherwise the body is empty, which the frontend treats as `{}`. A JSON content type (the default) is checked before sending' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l content-type -d 'Content-Type of the body; a type other than JSON is sent unchecked. [default: application/json]' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -s H -l header -d 'An extra request header, `Name: value` (repeatable). X-Auth cannot be given here: use YR_JWT_TOKEN or --token-file' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l cpu -d 'CPU for the instance (X-Instance-Cpu): millicores `500` or `500m`, or cores `1.5c`. The frontend applies it only together with --memory' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l memory -d 'Memory for the instance (X-Instance-Memory): MB `512`, or `512Mi`, `2Gi`, `512M`, `2G` (all MiB units). The frontend applies it only together with --cpu' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l custom-resource -d 'A custom resource for the instance, `NAME=COUNT` with a positive integer COUNT (repeatable; X-Instance-Custom-Resource), e.g. `NPU/.+/count=1`' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l pool-label -d 'Resource pool label for affinity scheduling (X-Pool-Label)' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l instance-label -d 'Run on an instance carrying this label (X-Instance-Label)' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l session-id -d 'Bind the call to an instance session (X-Instance-Session): 1 to 63 characters' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l session-ttl -d 'Session lifetime in seconds, 0 or more; 0 never expires. Needs --session-id. [default: 0]' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l session-concurrency -d 'Concurrent calls on the session: a positive number, or -1 for a whole instance of its own. Needs --session-id. [default: 1]' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l trace-id -d 'Trace id of the call (X-Trace-Id), at most 128 characters; the frontend makes one when absent' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -s e -l endpoint -d 'The frontend\'s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile\'s endpoint, then a local cluster\'s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l token-file -d 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile\'s token_file] The token is never printed' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench" -l timeout -d 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend\'s 900 s function timeout]' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l connect-timeout -d 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l cacert -d 'Trust the CA certificates in FILE (PEM) for the frontend\'s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench" -l key -d 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench" -l tls-server-name -d 'Check the frontend\'s certificate against NAME instead of the endpoint\'s host (the connection still goes to the endpoint\'s address). [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l proxy -d 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -s n -l requests -d 'Make N calls (warm-up calls not included). [default: 200 when -z is not given]' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -s z -l duration -d 'Call for DURATION (`10s`, `1m`) instead of a number of calls' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -s c -l concurrency -d 'Concurrent workers, each with its own connection' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l rate -d 'Calls per second overall (an open model: calls start on schedule whether or not earlier ones finished; latency counts from the scheduled start, correcting coordinated omission)' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l warmup -d 'Calls made first and left out of the figures' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l max-error-rate -d 'Exit 8 when more than this share of calls failed (0.01 = 1%)' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -l max-p99 -d 'Exit 8 when the 99th percentile latency is above DURATION' -r
complete -c yr -n "__fish_yr_using_subcommand bench" -s v -l verbose -d 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
complete -c yr -n "__fish_yr_using_subcommand bench" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand bench" -l ignore-stdin -d 'Never read the body from stdin unless -d @- asks for it (for CI runners whose stdin is an open pipe)'
complete -c yr -n "__fish_yr_using_subcommand bench" -s k -l insecure -d 'Do not verify the frontend\'s certificate. [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand bench" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand bench" -l json -d 'Print the whole report as one JSON object on stdout (field names in the README)'
complete -c yr -n "__fish_yr_using_subcommand bench" -s h -l help -d 'Print help'
complete -c yr -n "__fish_yr_using_subcommand errors" -l color -d 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand errors" -l profile -d 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file\'s default_profile]' -r
complete -c yr -n "__fish_yr_using_subcommand errors" -l class -d 'Only codes of this class' -r -f -a "ok\t''
request\t''
platform\t''
function\t''"
complete -c yr -n "__fish_yr_using_subcommand errors" -s v -l verbose -d 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
complete -c yr -n "__fish_yr_using_subcommand errors" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand errors" -l json -d 'Print JSON: one object for a code, an array for the table'
complete -c yr -n "__fish_yr_using_subcommand errors" -s h -l help -d 'Print help'
complete -c yr -n "__fish_yr_using_subcommand urn" -l color -d 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand urn" -l profile -d 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file\'s default_profile]' -r
complete -c yr -n "__fish_yr_using_subcommand urn" -l tenant -d 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]' -r
complete -c yr -n "__fish_yr_using_subcommand urn" -l service -d 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]' -r
complete -c yr -n "__fish_yr_using_subcommand urn" -s v -l verbose -d 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
complete -c yr -n "__fish_yr_using_subcommand urn" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand urn" -s h -l help -d 'Print help'
complete -c yr -n "__fish_yr_using_subcommand completions" -l color -d 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand completions" -l profile -d 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file\'s default_profile]' -r
complete -c yr -n "__fish_yr_using_subcommand completions" -s v -l verbose -d 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
complete -c yr -n "__fish_yr_using_subcommand completions" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand completions" -s h -l help -d 'Print help'
complete -c yr -n "__fish_yr_using_subcommand man" -l color -d 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand man" -l profile -d 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file\'s default_profile]' -r
complete -c yr -n "__fish_yr_using_subcommand man" -s v -l verbose -d 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
complete -c yr -n "__fish_yr_using_subcommand man" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand man" -s h -l help -d 'Print help'
complete -c yr -n "__fish_yr_using_subcommand config" -l color -d 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand config" -l profile -d 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file\'s default_profile]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -s e -l endpoint -d 'The frontend\'s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile\'s endpoint, then a local cluster\'s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -l token-file -d 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile\'s token_file] The token is never printed' -r -F
complete -c yr -n "__fish_yr_using_subcommand config" -l timeout -d 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend\'s 900 s function timeout]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -l connect-timeout -d 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -l cacert -d 'Trust the CA certificates in FILE (PEM) for the frontend\'s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]' -r -F
complete -c yr -n "__fish_yr_using_subcommand config" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand config" -l key -d 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand config" -l tls-server-name -d 'Check the frontend\'s certificate against NAME instead of the endpoint\'s host (the connection still goes to the endpoint\'s address). [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -l proxy -d 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -l tenant -d 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -l service -d 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -s v -l verbose -d 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
complete -c yr -n "__fish_yr_using_subcommand config" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand config" -s k -l insecure -d 'Do not verify the frontend\'s certificate. [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand config" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand config" -l json -d 'Print one JSON object: each setting with its value and source'
complete -c yr -n "__fish_yr_using_subcommand config" -s h -l help -d 'Print help'
complete -c yr -n "__fish_yr_using_subcommand serve" -l color -d 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand serve" -l profile -d 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file\'s default_profile]' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l listen -d 'Address to listen on; port 0 picks a free port. [default: 127.0.0.1:8888, or 127.0.0.1:0 with COMMAND]' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l function -d 'Serve a function, `NAME=COMMAND` (repeatable). NAME is `svc@fn`, `fn` or a full URN, as for `yr invoke`. Each call runs COMMAND through `sh -c` with the JSON body on stdin; its stdout is the result (JSON, or text returned as a JSON string), its stderr the log tail' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l function-timeout -d 'A call running longer is killed (with its children) and answers code 4010' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l concurrent-num -d 'The functions\' concurrentNum: the most calls a session may run at once' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l instance-label -d 'A label some instance carries (repeatable); calls asking for another X-Instance-Label get code 150444' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l max-body-size -d 'Bodies larger than SIZE get code 4140 (K, M, G are powers of 1024)' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l token-file -d 'Require this token (read from FILE) as X-Auth, `?token=` or cookie `iam_token`; others get 401' -r -F
complete -c yr -n "__fish_yr_using_subcommand serve" -l keep-results -d 'How long asynchronous results are kept after they complete' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l read-timeout -d 'A request whose headers or body take longer to arrive is refused' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l tls-cert -d 'Serve HTTPS with this certificate chain (PEM); needs --tls-key' -r -F
complete -c yr -n "__fish_yr_using_subcommand serve" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c yr -n "__fish_yr_using_subcommand serve" -l client-ca -d 'Require clients to present a certificate signed by a CA in FILE (mutual TLS)' -r -F
complete -c yr -n "__fish_yr_using_subcommand serve" -s v -l verbose -d 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
complete -c yr -n "__fish_yr_using_subcommand serve" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand serve" -s h -l help -d 'Print help'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health session bench errors urn completions man config serve help" -f -a "invoke" -d 'Invoke a function and print its response'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health session bench errors urn completions man config serve help" -f -a "result" -d 'Show the result of an asynchronous invocation (--wait polls until it is done)'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health session bench errors urn completions man config serve help" -f -a "health" -d 'Check the frontend\'s /healthz: exit 0 when up, 3 when unreachable, 5 otherwise'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health session bench errors urn completions man config serve help" -f -a "session" -d 'Manage instance sessions'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health session bench errors urn completions man config serve help" -f -a "bench" -d 'Invoke a function many times and report throughput, latency and errors'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health session bench errors urn completions man config serve help" -f -a "errors" -d 'Explain error codes offline, from the table built into yr'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health session bench errors urn completions man config serve help" -f -a "urn" -d 'Print the full URN a function name expands to'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health session bench errors urn completions man config serve help" -f -a "completions" -d 'Print a completion script for SHELL (bash, zsh, fish, powershell, elvish)'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health session bench errors urn completions man config serve help" -f -a "man" -d 'Print the manual page (roff), e.g. `yr man > yr.1`'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health session bench errors urn completions man config serve help" -f -a "config" -d 'Print every effective setting, its value (the token redacted) and where it came from'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health session bench errors urn completions man config serve help" -f -a "serve" -d 'Run a local frontend emulator that answers like the real one; with `-- COMMAND`, run COMMAND against it and exit with COMMAND\'s exit code'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health session bench errors urn completions man config serve help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c yr -n "__fish_yr_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "delete" -d 'End an instance session (DELETE .../sessions/SESSION_ID)'
