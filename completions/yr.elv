
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
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
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
            cand test 'Run smoke-test suites (TOML files of cases and expectations) and report each case; --junit and --json for CI'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'yr;invoke'= {
            cand -d 'The request body: the text itself, `@FILE`, or `@-` for stdin'
            cand --data 'The request body: the text itself, `@FILE`, or `@-` for stdin'
            cand -H 'An extra request header, `Name: value` (repeatable)'
            cand --header 'An extra request header, `Name: value` (repeatable)'
            cand --content-type 'Content-Type of the body [default: application/json]'
            cand --trace-id 'Trace id of the call (X-Trace-Id)'
            cand --cpu 'CPU for the instance: millicores `500` or `500m`, cores `1.5c`'
            cand --memory 'Memory for the instance: MB `512`, or `512Mi`, `2Gi`'
            cand --custom-resource 'A custom resource for the instance, `NAME=COUNT` (repeatable)'
            cand --pool-label 'Resource pool label for affinity scheduling'
            cand --instance-label 'Run on an instance carrying this label'
            cand --session-id 'Bind the call to an instance session: 1 to 63 characters'
            cand --session-ttl 'Session lifetime in seconds, 0 or more; 0 never expires'
            cand --session-concurrency 'Concurrent calls on the session: a positive number, or -1'
            cand --tenant 'Tenant of a short FUNCTION name [env: YR_TENANT]'
            cand --service 'Service of a bare FUNCTION name [env: YR_SERVICE]'
            cand --poll-interval 'Time between polls of --wait [default: 500ms]'
            cand --webhook 'With --async: have the frontend POST the finished call''s record to URL'
            cand -o 'Write the response body to FILE instead of stdout'
            cand --output 'Write the response body to FILE instead of stdout'
            cand --expect-status 'Expect this HTTP status; exit 8 when it differs'
            cand --expect-code 'Expect this inner code (0 on success), by number or name; exit 8 when it differs'
            cand --expect-body 'Expect this body, compared as JSON; exit 8 when it differs'
            cand --retry 'Retry up to N times, only when the function cannot have run'
            cand --retry-delay 'First wait between attempts; it doubles each time, up to 5s [default: 1s]'
            cand --retry-max-time 'Stop retrying when the next attempt would start later than DURATION after the first [default: 60s]'
            cand -e 'The frontend''s address [env: YR_ENDPOINT]'
            cand --endpoint 'The frontend''s address [env: YR_ENDPOINT]'
            cand --token-file 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]'
            cand --timeout 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]'
            cand --connect-timeout 'Give up connecting after DURATION (exit 7)'
            cand --proxy 'Send through this HTTP proxy'
            cand --cacert 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]'
            cand --cert 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]'
            cand --key 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]'
            cand --tls-server-name 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]'
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand --ignore-stdin 'Never read the body from stdin unless -d @- asks for it'
            cand --async 'Invoke asynchronously: print the request id once accepted'
            cand --wait 'With --async: poll until the call completes, then print its result'
            cand --stream 'Print a streamed answer''s frames as they arrive'
            cand -r 'Print a JSON string result without its quotes and escapes (as `jq -r`)'
            cand --raw-string 'Print a JSON string result without its quotes and escapes (as `jq -r`)'
            cand --json 'Print one JSON object describing the call on stdout'
            cand --logs 'Print the function''s log tail on stderr'
            cand --curl 'Print the equivalent curl command and send nothing'
            cand --retry-all-errors 'Also retry after timeouts, broken connections and any 5xx'
            cand --no-proxy 'Use no proxy, whatever the environment says'
            cand -k 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand --insecure 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'yr;result'= {
            cand --poll-interval 'Time between polls of --wait, more than 0 [default: 500ms]'
            cand -o 'Write the response body to FILE instead of stdout'
            cand --output 'Write the response body to FILE instead of stdout'
            cand --expect-status 'Expect this HTTP status; exit 8 when it differs'
            cand --expect-code 'Expect this inner code (0 on success), by number or name; exit 8 when it differs'
            cand --expect-body 'Expect this body, compared as JSON; exit 8 when it differs'
            cand -e 'The frontend''s address [env: YR_ENDPOINT]'
            cand --endpoint 'The frontend''s address [env: YR_ENDPOINT]'
            cand --token-file 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]'
            cand --timeout 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]'
            cand --connect-timeout 'Give up connecting after DURATION (exit 7)'
            cand --proxy 'Send through this HTTP proxy'
            cand --cacert 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]'
            cand --cert 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]'
            cand --key 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]'
            cand --tls-server-name 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]'
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand --wait 'Poll until the call completes'
            cand -r 'Print a JSON string result without its quotes and escapes (as `jq -r`)'
            cand --raw-string 'Print a JSON string result without its quotes and escapes (as `jq -r`)'
            cand --json 'Print one JSON object describing the call on stdout'
            cand --logs 'Print the function''s log tail on stderr'
            cand --no-proxy 'Use no proxy, whatever the environment says'
            cand -k 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand --insecure 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'yr;health'= {
            cand --wait 'Poll /healthz until it answers 200 or DURATION has passed (exit 7)'
            cand -e 'The frontend''s address [env: YR_ENDPOINT]'
            cand --endpoint 'The frontend''s address [env: YR_ENDPOINT]'
            cand --token-file 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]'
            cand --timeout 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]'
            cand --connect-timeout 'Give up connecting after DURATION (exit 7)'
            cand --proxy 'Send through this HTTP proxy'
            cand --cacert 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]'
            cand --cert 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]'
            cand --key 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]'
            cand --tls-server-name 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]'
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand --json 'Print one JSON object describing the answer on stdout, as `yr invoke --json` does'
            cand --no-proxy 'Use no proxy, whatever the environment says'
            cand -k 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand --insecure 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'yr;session'= {
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand delete 'End an instance session (DELETE .../sessions/SESSION_ID)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'yr;session;delete'= {
            cand --tenant 'Tenant of a short FUNCTION name [env: YR_TENANT]'
            cand --service 'Service of a bare FUNCTION name [env: YR_SERVICE]'
            cand -e 'The frontend''s address [env: YR_ENDPOINT]'
            cand --endpoint 'The frontend''s address [env: YR_ENDPOINT]'
            cand --token-file 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]'
            cand --timeout 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]'
            cand --connect-timeout 'Give up connecting after DURATION (exit 7)'
            cand --proxy 'Send through this HTTP proxy'
            cand --cacert 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]'
            cand --cert 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]'
            cand --key 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]'
            cand --tls-server-name 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]'
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand --json 'Print one JSON object describing the answer on stdout, as `yr invoke --json` does'
            cand --no-proxy 'Use no proxy, whatever the environment says'
            cand -k 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand --insecure 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
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
            cand -n 'Make N calls, warm-up calls not included [default: 200]'
            cand --requests 'Make N calls, warm-up calls not included [default: 200]'
            cand -z 'Call for DURATION (`10s`, `1m`) instead of a number of calls'
            cand --duration 'Call for DURATION (`10s`, `1m`) instead of a number of calls'
            cand -c 'Concurrent workers, each with its own connection'
            cand --concurrency 'Concurrent workers, each with its own connection'
            cand --rate 'Calls per second overall, an open model'
            cand --warmup 'Calls made first and left out of the figures'
            cand --max-error-rate 'Exit 8 when more than this share of calls failed (0.01 = 1%)'
            cand --max-p99 'Exit 8 when the 99th percentile latency is above DURATION'
            cand --save 'Also save the whole run to FILE (JSON), for `yr bench show`, `compare`, `merge` and --baseline'
            cand --baseline 'The saved run (--save) that --max-regression compares this one with'
            cand --max-regression 'Exit 8 when this run is slower than --baseline by more than PCT (`10%`)'
            cand --tap 'Also write the report as TAP version 13 to FILE'
            cand --jsonl 'Also write the --json lines to FILE (JSON Lines)'
            cand -d 'The request body: the text itself, `@FILE`, or `@-` for stdin'
            cand --data 'The request body: the text itself, `@FILE`, or `@-` for stdin'
            cand -H 'An extra request header, `Name: value` (repeatable)'
            cand --header 'An extra request header, `Name: value` (repeatable)'
            cand --content-type 'Content-Type of the body [default: application/json]'
            cand --trace-id 'Trace id of the call (X-Trace-Id)'
            cand --cpu 'CPU for the instance: millicores `500` or `500m`, cores `1.5c`'
            cand --memory 'Memory for the instance: MB `512`, or `512Mi`, `2Gi`'
            cand --custom-resource 'A custom resource for the instance, `NAME=COUNT` (repeatable)'
            cand --pool-label 'Resource pool label for affinity scheduling'
            cand --instance-label 'Run on an instance carrying this label'
            cand --session-id 'Bind the call to an instance session: 1 to 63 characters'
            cand --session-ttl 'Session lifetime in seconds, 0 or more; 0 never expires'
            cand --session-concurrency 'Concurrent calls on the session: a positive number, or -1'
            cand --tenant 'Tenant of a short FUNCTION name [env: YR_TENANT]'
            cand --service 'Service of a bare FUNCTION name [env: YR_SERVICE]'
            cand -e 'The frontend''s address [env: YR_ENDPOINT]'
            cand --endpoint 'The frontend''s address [env: YR_ENDPOINT]'
            cand --token-file 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]'
            cand --timeout 'Give up on a call after DURATION (a failed call) [env: YR_TIMEOUT]'
            cand --connect-timeout 'Give up connecting after DURATION (a failed call)'
            cand --proxy 'Send through this HTTP proxy'
            cand --cacert 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]'
            cand --cert 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]'
            cand --key 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]'
            cand --tls-server-name 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]'
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand --json 'Print the whole report as one JSON object on stdout'
            cand --ignore-stdin 'Accepted as for `yr invoke`; yr bench reads stdin only for -d @- anyway'
            cand --no-proxy 'Use no proxy, whatever the environment says'
            cand -k 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand --insecure 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand show 'Print a run saved with --save: the report the run printed, byte for byte'
            cand compare 'Each figure''s change from the saved run OLD to NEW, with its sign'
            cand merge 'Add up runs saved on many machines (--save) into one report'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'yr;bench;show'= {
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand --json 'Print the report as one JSON object, as `yr bench --json` does'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'yr;bench;compare'= {
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand --json 'Print the comparison as one JSON object'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'yr;bench;merge'= {
            cand --save 'Also save the merged run to FILE, as --save saves one'
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand --json 'Print the merged report as one JSON object, as `yr bench --json` does'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'yr;bench;help'= {
            cand show 'Print a run saved with --save: the report the run printed, byte for byte'
            cand compare 'Each figure''s change from the saved run OLD to NEW, with its sign'
            cand merge 'Add up runs saved on many machines (--save) into one report'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'yr;bench;help;show'= {
        }
        &'yr;bench;help;compare'= {
        }
        &'yr;bench;help;merge'= {
        }
        &'yr;bench;help;help'= {
        }
        &'yr;errors'= {
            cand --class 'Only codes of this class'
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand --json 'Print JSON: one object for a code, an array for the table'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'yr;urn'= {
            cand --tenant 'Tenant of a short FUNCTION name [env: YR_TENANT]'
            cand --service 'Service of a bare FUNCTION name [env: YR_SERVICE]'
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'yr;completions'= {
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'yr;man'= {
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'yr;config'= {
            cand --tenant 'Tenant of a short FUNCTION name [env: YR_TENANT]'
            cand --service 'Service of a bare FUNCTION name [env: YR_SERVICE]'
            cand -e 'The frontend''s address [env: YR_ENDPOINT]'
            cand --endpoint 'The frontend''s address [env: YR_ENDPOINT]'
            cand --token-file 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]'
            cand --timeout 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]'
            cand --connect-timeout 'Give up connecting after DURATION (exit 7)'
            cand --proxy 'Send through this HTTP proxy'
            cand --cacert 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]'
            cand --cert 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]'
            cand --key 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]'
            cand --tls-server-name 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]'
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand --json 'Print one JSON object: each setting with its value and source'
            cand --no-proxy 'Use no proxy, whatever the environment says'
            cand -k 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand --insecure 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'yr;serve'= {
            cand --function 'Serve a function, `NAME=COMMAND` (repeatable)'
            cand --function-timeout 'A call running longer is killed (with its children) and answers code 4010; 0: no limit'
            cand --concurrent-num 'The functions'' concurrentNum: the most calls a session may run at once'
            cand --instance-label 'A label some instance carries (repeatable)'
            cand --listen 'Address to listen on; port 0 picks a free port'
            cand --token-file 'Require this token (read from FILE) as X-Auth, `?token=` or cookie `iam_token`; others get 401'
            cand --max-body-size 'Bodies larger than SIZE get code 4140 (K, M, G are powers of 1024)'
            cand --keep-results 'How long asynchronous results are kept after they complete; 0: until the emulator exits'
            cand --read-timeout 'A request whose headers or body take longer to arrive is refused; 0: no limit'
            cand --max-connections 'Connections held at once; the next waits (in the listen queue) until one closes'
            cand --tls-cert 'Serve HTTPS with this certificate chain (PEM); needs --tls-key'
            cand --tls-key 'Private key (PEM) of --tls-cert'
            cand --client-ca 'Require clients to present a certificate signed by a CA in FILE (mutual TLS)'
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'yr;test'= {
            cand -j 'Run up to N cases at once'
            cand --jobs 'Run up to N cases at once'
            cand --filter 'Run only the cases whose name matches this regular expression'
            cand --repeat 'Run the whole (filtered) suite N times, one round after another, to catch flaky cases'
            cand --junit 'Also write the report as JUnit XML to FILE (for GitHub, GitLab, Jenkins)'
            cand --tap 'Also write the report as TAP version 13 to FILE'
            cand --jsonl 'Also write the --json lines to FILE (JSON Lines)'
            cand --var 'Set the variable NAME for `${NAME}` in the suites (repeatable)'
            cand --vars 'Read variables from FILE, `.env` style (repeatable; a later file wins)'
            cand --secret 'Hide the value of variable NAME in every report (repeatable)'
            cand --tenant 'Tenant of a short FUNCTION name [env: YR_TENANT]'
            cand --service 'Service of a bare FUNCTION name [env: YR_SERVICE]'
            cand -e 'The frontend''s address [env: YR_ENDPOINT]'
            cand --endpoint 'The frontend''s address [env: YR_ENDPOINT]'
            cand --token-file 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]'
            cand --timeout 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]'
            cand --connect-timeout 'Give up connecting after DURATION (exit 7)'
            cand --proxy 'Send through this HTTP proxy'
            cand --cacert 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]'
            cand --cert 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]'
            cand --key 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]'
            cand --tls-server-name 'Check the frontend''s certificate against NAME [env: YR_SERVER_NAME]'
            cand --color 'When to colour output'
            cand --profile 'Use this profile of the config file [env: YR_PROFILE]'
            cand --fail-fast 'Start no case after the first failure'
            cand --json 'Print a JSON object per case and a summary object on stdout'
            cand --no-proxy 'Use no proxy, whatever the environment says'
            cand -k 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand --insecure 'Do not verify the frontend''s certificate [env: YR_INSECURE=true]'
            cand -v 'More on stderr: -v the headers, -vv timings too'
            cand --verbose 'More on stderr: -v the headers, -vv timings too'
            cand -q 'Nothing on stderr but errors'
            cand --quiet 'Nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
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
            cand test 'Run smoke-test suites (TOML files of cases and expectations) and report each case; --junit and --json for CI'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'yr;help;invoke'= {
        }
        &'yr;help;result'= {
        }
        &'yr;help;health'= {
        }
        &'yr;help;session'= {
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
        &'yr;help;test'= {
        }
        &'yr;help;help'= {
        }
    ]
    $completions[$command]
}
