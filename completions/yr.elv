
use builtin;
use str;

set edit:completion:arg-completer[yr] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'yr'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'yr'= {
            cand --color 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`'
            cand --profile 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]'
            cand -v 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand --verbose 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand invoke 'Invoke a function and print its response'
            cand result 'Show the result of an asynchronous invocation (--wait polls until it is done)'
            cand health 'Check the frontend''s /healthz: exit 0 when up, 3 when unreachable, 5 otherwise'
            cand session 'Manage instance sessions'
            cand bench 'Invoke a function many times and report throughput, latency and errors'
            cand errors 'Explain error codes offline, from the table built into yr'
            cand urn 'Print the full URN a function name expands to'
            cand completions 'Print a completion script for SHELL (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the manual page (roff), e.g. `yr man > yr.1`'
            cand config 'Print every effective setting, its value (the token redacted) and where it came from'
            cand serve 'Run a local frontend emulator that answers like the real one; with `-- COMMAND`, run COMMAND against it and exit with COMMAND''s exit code'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'yr;invoke'= {
            cand --color 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`'
            cand --profile 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]'
            cand --tenant 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]'
            cand --service 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]'
            cand -d 'The request body: the text itself, `@FILE` for a file''s bytes, or `@-` for stdin. Without -d a body is read from stdin when stdin is not a terminal (see --ignore-stdin); otherwise the body is empty, which the frontend treats as `{}`. A JSON content type (the default) is checked before sending'
            cand --data 'The request body: the text itself, `@FILE` for a file''s bytes, or `@-` for stdin. Without -d a body is read from stdin when stdin is not a terminal (see --ignore-stdin); otherwise the body is empty, which the frontend treats as `{}`. A JSON content type (the default) is checked before sending'
            cand --content-type 'Content-Type of the body; a type other than JSON is sent unchecked. [default: application/json]'
            cand -H 'An extra request header, `Name: value` (repeatable). X-Auth cannot be given here: use YR_JWT_TOKEN or --token-file'
            cand --header 'An extra request header, `Name: value` (repeatable). X-Auth cannot be given here: use YR_JWT_TOKEN or --token-file'
            cand --cpu 'CPU for the instance (X-Instance-Cpu): millicores `500` or `500m`, or cores `1.5c`. The frontend applies it only together with --memory'
            cand --memory 'Memory for the instance (X-Instance-Memory): MB `512`, or `512Mi`, `2Gi`, `512M`, `2G` (all MiB units). The frontend applies it only together with --cpu'
            cand --custom-resource 'A custom resource for the instance, `NAME=COUNT` with a positive integer COUNT (repeatable; X-Instance-Custom-Resource), e.g. `NPU/.+/count=1`'
            cand --pool-label 'Resource pool label for affinity scheduling (X-Pool-Label)'
            cand --instance-label 'Run on an instance carrying this label (X-Instance-Label)'
            cand --session-id 'Bind the call to an instance session (X-Instance-Session): 1 to 63 characters'
            cand --session-ttl 'Session lifetime in seconds, 0 or more; 0 never expires. Needs --session-id. [default: 0]'
            cand --session-concurrency 'Concurrent calls on the session: a positive number, or -1 for a whole instance of its own. Needs --session-id. [default: 1]'
            cand --trace-id 'Trace id of the call (X-Trace-Id), at most 128 characters; the frontend makes one when absent'
            cand -e 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]'
            cand --endpoint 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]'
            cand --token-file 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile''s token_file] The token is never printed'
            cand --timeout 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend''s 900 s function timeout]'
            cand --connect-timeout 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]'
            cand --cacert 'Trust the CA certificates in FILE (PEM) for the frontend''s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]'
            cand --cert 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]'
            cand --key 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]'
            cand --tls-server-name 'Check the frontend''s certificate against NAME instead of the endpoint''s host (the connection still goes to the endpoint''s address). [env: YR_SERVER_NAME]'
            cand --proxy 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]'
            cand -o 'Write the response body to FILE instead of stdout; FILE is replaced only once the whole body has arrived, and only when the call succeeded'
            cand --output 'Write the response body to FILE instead of stdout; FILE is replaced only once the whole body has arrived, and only when the call succeeded'
            cand --expect-status 'Expect this HTTP status; exit 8 when it differs'
            cand --expect-code 'Expect this inner code (X-Inner-Code; 0 on success); exit 8 when it differs. An expected failure code makes that failure a pass'
            cand --expect-body 'Expect this body, compared as JSON values (not as text); exit 8 when it differs'
            cand --retry 'Send the call again, up to N more times, but only when the function cannot have run: the connection failed before sending, HTTP 429, or a code marked retry-safe (`yr errors`)'
            cand --retry-delay 'First wait between attempts; it doubles each time (with jitter). A Retry-After header wins'
            cand --retry-max-time 'Stop retrying when the next attempt would start later than DURATION after the first'
            cand --poll-interval 'Time between polls of --wait. [default: 500ms]'
            cand --webhook 'With --async: have the frontend POST the finished call''s record to URL (X-Webhook-Url, as yrcli''s `async-invoke --webhook`). URL starts with http:// or https://. The frontend sends it only when its webhook setting is on (asyncInvocation.webhook.enabled, off by default)'
            cand -v 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand --verbose 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand --ignore-stdin 'Never read the body from stdin unless -d @- asks for it (for CI runners whose stdin is an open pipe)'
            cand -k 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]'
            cand --insecure 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]'
            cand --no-proxy 'Use no proxy, whatever the environment says'
            cand -r 'Print a JSON string result without its quotes and escapes (as `jq -r`)'
            cand --raw-string 'Print a JSON string result without its quotes and escapes (as `jq -r`)'
            cand --json 'Print one JSON object on stdout whatever happened: ok, status, code, class, message, trace_id, body, headers, elapsed_ms, attempts (and request_id for --async)'
            cand --logs 'Print the function''s log tail (X-Log-Result, base64-decoded) on stderr'
            cand --retry-all-errors 'Also retry after timeouts, broken connections and any 5xx, accepting that the function may run twice'
            cand --async 'Invoke asynchronously (X-Invoke-Type: async): print the request id on stdout and exit 0 once the frontend accepts the call (202). See --wait and `yr result`'
            cand --wait 'With --async: poll the result until the call completes, then print it as a synchronous call would. A wait that outlasts --timeout exits 7 and prints the request id'
            cand --stream 'Ask for a streamed answer (Accept: text/event-stream): print each frame''s data on its own line as it arrives. An error, framed or not, is reported as a synchronous call''s'
            cand --curl 'Print the equivalent curl command and send nothing (X-Auth shows as <redacted>)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'yr;result'= {
            cand --color 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`'
            cand --profile 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]'
            cand --poll-interval 'Time between polls of --wait. [default: 500ms]'
            cand -e 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]'
            cand --endpoint 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]'
            cand --token-file 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile''s token_file] The token is never printed'
            cand --timeout 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend''s 900 s function timeout]'
            cand --connect-timeout 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]'
            cand --cacert 'Trust the CA certificates in FILE (PEM) for the frontend''s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]'
            cand --cert 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]'
            cand --key 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]'
            cand --tls-server-name 'Check the frontend''s certificate against NAME instead of the endpoint''s host (the connection still goes to the endpoint''s address). [env: YR_SERVER_NAME]'
            cand --proxy 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]'
            cand -o 'Write the response body to FILE instead of stdout; FILE is replaced only once the whole body has arrived, and only when the call succeeded'
            cand --output 'Write the response body to FILE instead of stdout; FILE is replaced only once the whole body has arrived, and only when the call succeeded'
            cand --expect-status 'Expect this HTTP status; exit 8 when it differs'
            cand --expect-code 'Expect this inner code (X-Inner-Code; 0 on success); exit 8 when it differs. An expected failure code makes that failure a pass'
            cand --expect-body 'Expect this body, compared as JSON values (not as text); exit 8 when it differs'
            cand -v 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand --verbose 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand --wait 'Poll until the call completes (bounded by --timeout; exit 7 when it runs out)'
            cand -k 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]'
            cand --insecure 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]'
            cand --no-proxy 'Use no proxy, whatever the environment says'
            cand -r 'Print a JSON string result without its quotes and escapes (as `jq -r`)'
            cand --raw-string 'Print a JSON string result without its quotes and escapes (as `jq -r`)'
            cand --json 'Print one JSON object on stdout whatever happened: ok, status, code, class, message, trace_id, body, headers, elapsed_ms, attempts (and request_id for --async)'
            cand --logs 'Print the function''s log tail (X-Log-Result, base64-decoded) on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'yr;health'= {
            cand --color 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`'
            cand --profile 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]'
            cand --wait 'Poll /healthz until it answers 200 or DURATION has passed (exit 7)'
            cand -e 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]'
            cand --endpoint 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]'
            cand --token-file 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile''s token_file] The token is never printed'
            cand --timeout 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend''s 900 s function timeout]'
            cand --connect-timeout 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]'
            cand --cacert 'Trust the CA certificates in FILE (PEM) for the frontend''s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]'
            cand --cert 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]'
            cand --key 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]'
            cand --tls-server-name 'Check the frontend''s certificate against NAME instead of the endpoint''s host (the connection still goes to the endpoint''s address). [env: YR_SERVER_NAME]'
            cand --proxy 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]'
            cand -v 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand --verbose 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -k 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]'
            cand --insecure 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]'
            cand --no-proxy 'Use no proxy, whatever the environment says'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'yr;session'= {
            cand --color 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`'
            cand --profile 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]'
            cand -v 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand --verbose 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand delete 'End an instance session (DELETE .../sessions/SESSION_ID)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'yr;session;delete'= {
            cand --color 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`'
            cand --profile 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]'
            cand --tenant 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]'
            cand --service 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]'
            cand -e 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]'
            cand --endpoint 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]'
            cand --token-file 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile''s token_file] The token is never printed'
            cand --timeout 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend''s 900 s function timeout]'
            cand --connect-timeout 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]'
            cand --cacert 'Trust the CA certificates in FILE (PEM) for the frontend''s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]'
            cand --cert 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]'
            cand --key 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]'
            cand --tls-server-name 'Check the frontend''s certificate against NAME instead of the endpoint''s host (the connection still goes to the endpoint''s address). [env: YR_SERVER_NAME]'
            cand --proxy 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]'
            cand -v 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand --verbose 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -k 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]'
            cand --insecure 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]'
            cand --no-proxy 'Use no proxy, whatever the environment says'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'yr;session;help'= {
            cand delete 'End an instance session (DELETE .../sessions/SESSION_ID)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'yr;session;help;delete'= {
        }
        &'yr;session;help;help'= {
        }
        &'yr;bench'= {
            cand --color 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`'
            cand --profile 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]'
            cand --tenant 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]'
            cand --service 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]'
            cand -d 'The request body: the text itself, `@FILE` for a file''s bytes, or `@-` for stdin. Without -d a body is read from stdin when stdin is not a terminal (see --ignore-stdin); otherwise the body is empty, which the frontend treats as `{}`. A JSON content type (the default) is checked before sending'
            cand --data 'The request body: the text itself, `@FILE` for a file''s bytes, or `@-` for stdin. Without -d a body is read from stdin when stdin is not a terminal (see --ignore-stdin); otherwise the body is empty, which the frontend treats as `{}`. A JSON content type (the default) is checked before sending'
            cand --content-type 'Content-Type of the body; a type other than JSON is sent unchecked. [default: application/json]'
            cand -H 'An extra request header, `Name: value` (repeatable). X-Auth cannot be given here: use YR_JWT_TOKEN or --token-file'
            cand --header 'An extra request header, `Name: value` (repeatable). X-Auth cannot be given here: use YR_JWT_TOKEN or --token-file'
            cand --cpu 'CPU for the instance (X-Instance-Cpu): millicores `500` or `500m`, or cores `1.5c`. The frontend applies it only together with --memory'
            cand --memory 'Memory for the instance (X-Instance-Memory): MB `512`, or `512Mi`, `2Gi`, `512M`, `2G` (all MiB units). The frontend applies it only together with --cpu'
            cand --custom-resource 'A custom resource for the instance, `NAME=COUNT` with a positive integer COUNT (repeatable; X-Instance-Custom-Resource), e.g. `NPU/.+/count=1`'
            cand --pool-label 'Resource pool label for affinity scheduling (X-Pool-Label)'
            cand --instance-label 'Run on an instance carrying this label (X-Instance-Label)'
            cand --session-id 'Bind the call to an instance session (X-Instance-Session): 1 to 63 characters'
            cand --session-ttl 'Session lifetime in seconds, 0 or more; 0 never expires. Needs --session-id. [default: 0]'
            cand --session-concurrency 'Concurrent calls on the session: a positive number, or -1 for a whole instance of its own. Needs --session-id. [default: 1]'
            cand --trace-id 'Trace id of the call (X-Trace-Id), at most 128 characters; the frontend makes one when absent'
            cand -e 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]'
            cand --endpoint 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]'
            cand --token-file 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile''s token_file] The token is never printed'
            cand --timeout 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend''s 900 s function timeout]'
            cand --connect-timeout 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]'
            cand --cacert 'Trust the CA certificates in FILE (PEM) for the frontend''s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]'
            cand --cert 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]'
            cand --key 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]'
            cand --tls-server-name 'Check the frontend''s certificate against NAME instead of the endpoint''s host (the connection still goes to the endpoint''s address). [env: YR_SERVER_NAME]'
            cand --proxy 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]'
            cand -n 'Make N calls (warm-up calls not included). [default: 200 when -z is not given]'
            cand --requests 'Make N calls (warm-up calls not included). [default: 200 when -z is not given]'
            cand -z 'Call for DURATION (`10s`, `1m`) instead of a number of calls'
            cand --duration 'Call for DURATION (`10s`, `1m`) instead of a number of calls'
            cand -c 'Concurrent workers, each with its own connection'
            cand --concurrency 'Concurrent workers, each with its own connection'
            cand --rate 'Calls per second overall (an open model: calls start on schedule whether or not earlier ones finished; latency counts from the scheduled start, correcting coordinated omission)'
            cand --warmup 'Calls made first and left out of the figures'
            cand --max-error-rate 'Exit 8 when more than this share of calls failed (0.01 = 1%)'
            cand --max-p99 'Exit 8 when the 99th percentile latency is above DURATION'
            cand -v 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand --verbose 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand --ignore-stdin 'Never read the body from stdin unless -d @- asks for it (for CI runners whose stdin is an open pipe)'
            cand -k 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]'
            cand --insecure 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]'
            cand --no-proxy 'Use no proxy, whatever the environment says'
            cand --json 'Print the whole report as one JSON object on stdout (field names in the README)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'yr;errors'= {
            cand --color 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`'
            cand --profile 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]'
            cand --class 'Only codes of this class'
            cand -v 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand --verbose 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand --json 'Print JSON: one object for a code, an array for the table'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'yr;urn'= {
            cand --color 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`'
            cand --profile 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]'
            cand --tenant 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]'
            cand --service 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]'
            cand -v 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand --verbose 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'yr;completions'= {
            cand --color 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`'
            cand --profile 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]'
            cand -v 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand --verbose 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'yr;man'= {
            cand --color 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`'
            cand --profile 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]'
            cand -v 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand --verbose 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'yr;config'= {
            cand --color 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`'
            cand --profile 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]'
            cand -e 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]'
            cand --endpoint 'The frontend''s address, `http(s)://host:port` or a bare `host:port`: https when --cacert, --insecure or --cert is set (as yrcli), else http. [env: YR_ENDPOINT, then YR_SERVER_ADDRESS] [then: the profile''s endpoint, then a local cluster''s frontend from /tmp/yr_sessions] [default: http://127.0.0.1:8888]'
            cand --token-file 'Read the token sent as X-Auth from FILE (one trailing newline is trimmed). [env: YR_JWT_TOKEN holds the token itself] [then: the profile''s token_file] The token is never printed'
            cand --timeout 'Give up on the whole call after DURATION (`500ms`, `30s`, `5m`; a bare number is seconds; `0` waits for ever). Exit code 7. [env: YR_TIMEOUT] [default: 15m, past the frontend''s 900 s function timeout]'
            cand --connect-timeout 'Give up connecting (TCP and TLS) after DURATION. Exit code 7. [default: 10s]'
            cand --cacert 'Trust the CA certificates in FILE (PEM) for the frontend''s certificate. [env: YR_VERIFY_FILE] [default: the built-in web PKI roots]'
            cand --cert 'Client certificate (PEM) for mutual TLS; needs --key. [env: YR_CERT_FILE]'
            cand --key 'Private key (PEM) of --cert. [env: YR_PRIVATE_KEY_FILE]'
            cand --tls-server-name 'Check the frontend''s certificate against NAME instead of the endpoint''s host (the connection still goes to the endpoint''s address). [env: YR_SERVER_NAME]'
            cand --proxy 'Send through this HTTP proxy (`http://host:port`). [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, upper or lower case]'
            cand --tenant 'Tenant of a short FUNCTION name. [env: YR_TENANT] [default: default]'
            cand --service 'Service of a bare FUNCTION name. [env: YR_SERVICE] [default: default]'
            cand -v 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand --verbose 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -k 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]'
            cand --insecure 'Do not verify the frontend''s certificate. [env: YR_INSECURE=true]'
            cand --no-proxy 'Use no proxy, whatever the environment says'
            cand --json 'Print one JSON object: each setting with its value and source'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'yr;serve'= {
            cand --color 'When to colour output: `auto` colours a stream that is a terminal, unless NO_COLOR is set and not empty or TERM is `dumb`'
            cand --profile 'Use this profile of the config file ($YR_CONFIG_DIR/config.json, else $XDG_CONFIG_HOME/yr/config.json, else ~/.config/yr/config.json). [env: YR_PROFILE] [default: the file''s default_profile]'
            cand --listen 'Address to listen on; port 0 picks a free port. [default: 127.0.0.1:8888, or 127.0.0.1:0 with COMMAND]'
            cand --function 'Serve a function, `NAME=COMMAND` (repeatable). NAME is `svc@fn`, `fn` or a full URN, as for `yr invoke`. Each call runs COMMAND through `sh -c` with the JSON body on stdin; its stdout is the result (JSON, or text returned as a JSON string), its stderr the log tail'
            cand --function-timeout 'A call running longer is killed (with its children) and answers code 4010'
            cand --concurrent-num 'The functions'' concurrentNum: the most calls a session may run at once'
            cand --instance-label 'A label some instance carries (repeatable); calls asking for another X-Instance-Label get code 150444'
            cand --max-body-size 'Bodies larger than SIZE get code 4140 (K, M, G are powers of 1024)'
            cand --token-file 'Require this token (read from FILE) as X-Auth, `?token=` or cookie `iam_token`; others get 401'
            cand --keep-results 'How long asynchronous results are kept after they complete'
            cand --read-timeout 'A request whose headers or body take longer to arrive is refused'
            cand --tls-cert 'Serve HTTPS with this certificate chain (PEM); needs --tls-key'
            cand --tls-key 'Private key (PEM) of --tls-cert'
            cand --client-ca 'Require clients to present a certificate signed by a CA in FILE (mutual TLS)'
            cand -v 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand --verbose 'More on stderr: -v prints the request and response headers (X-Auth redacted), -vv adds timings (connect, first byte, total)'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'yr;help'= {
            cand invoke 'Invoke a function and print its response'
            cand result 'Show the result of an asynchronous invocation (--wait polls until it is done)'
            cand health 'Check the frontend''s /healthz: exit 0 when up, 3 when unreachable, 5 otherwise'
            cand session 'Manage instance sessions'
            cand bench 'Invoke a function many times and report throughput, latency and errors'
            cand errors 'Explain error codes offline, from the table built into yr'
            cand urn 'Print the full URN a function name expands to'
            cand completions 'Print a completion script for SHELL (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the manual page (roff), e.g. `yr man > yr.1`'
            cand config 'Print every effective setting, its value (the token redacted) and where it came from'
            cand serve 'Run a local frontend emulator that answers like the real one; with `-- COMMAND`, run COMMAND against it and exit with COMMAND''s exit code'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'yr;help;invoke'= {
        }
        &'yr;help;result'= {
        }
        &'yr;help;health'= {
        }
        &'yr;help;session'= {
            cand delete 'End an instance session (DELETE .../sessions/SESSION_ID)'
        }
        &'yr;help;session;delete'= {
        }
        &'yr;help;bench'= {
        }
        &'yr;help;errors'= {
        }
        &'yr;help;urn'= {
        }
        &'yr;help;completions'= {
        }
        &'yr;help;man'= {
        }
        &'yr;help;config'= {
        }
        &'yr;help;serve'= {
        }
        &'yr;help;help'= {
        }
    ]
    $completions[$command]
}
