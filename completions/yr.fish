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

complete -c yr -n "__fish_yr_needs_command" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_needs_command" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_needs_command" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_needs_command" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_needs_command" -s V -l version -d 'Print version'
complete -c yr -n "__fish_yr_needs_command" -f -a "invoke" -d 'Invoke a function and print its response'
complete -c yr -n "__fish_yr_needs_command" -f -a "result" -d 'Show the result of an asynchronous invocation (--wait polls until it is done)'
complete -c yr -n "__fish_yr_needs_command" -f -a "health" -d 'Check the frontend\'s /healthz: exit 0 when up, 3 when unreachable, 5 otherwise'
complete -c yr -n "__fish_yr_needs_command" -f -a "functions" -d 'List the tenant\'s functions, or show one function and its versions'
complete -c yr -n "__fish_yr_needs_command" -f -a "token" -d 'Get a developer token for a tenant (`/auth/token/require`), for CI'
complete -c yr -n "__fish_yr_needs_command" -f -a "session" -d 'Manage instance sessions'
complete -c yr -n "__fish_yr_needs_command" -f -a "bench" -d 'Invoke a function many times and report throughput, latency and errors'
complete -c yr -n "__fish_yr_needs_command" -f -a "errors" -d 'Explain error codes offline, from the table built into yr'
complete -c yr -n "__fish_yr_needs_command" -f -a "urn" -d 'Print the full URN a function name expands to'
complete -c yr -n "__fish_yr_needs_command" -f -a "completions" -d 'Print a completion script for SHELL (bash, zsh, fish, powershell, elvish)'
complete -c yr -n "__fish_yr_needs_command" -f -a "man" -d 'Print the manual page (roff), e.g. `yr man > yr.1`'
complete -c yr -n "__fish_yr_needs_command" -f -a "version" -d 'Print the version; with -v, the commit, build date, target and linking too'
complete -c yr -n "__fish_yr_needs_command" -f -a "config" -d 'Print every effective setting, its value (the token redacted) and where it came from'
complete -c yr -n "__fish_yr_needs_command" -f -a "serve" -d 'Run a local frontend emulator that answers like the real one; with `-- COMMAND`, run COMMAND against it and exit with COMMAND\'s exit code'
complete -c yr -n "__fish_yr_needs_command" -f -a "test" -d 'Run smoke-test suites (TOML files of cases and expectations) and report each case; --junit and --json for CI'
complete -c yr -n "__fish_yr_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c yr -n "__fish_yr_using_subcommand invoke" -s d -l data -d 'The request body: the text itself, `@FILE`, or `@-` for stdin' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -s H -l header -d 'An extra request header, `Name: value` (repeatable)' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l content-type -d 'Content-Type of the body [default: application/json]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l trace-id -d 'Trace id of the call (X-Trace-Id)' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l traceparent -d 'Join an outer trace: a W3C traceparent, `00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>` [env: TRACEPARENT]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l cpu -d 'CPU for the instance: millicores `500` or `500m`, cores `1.5c`' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l memory -d 'Memory for the instance: MB `512`, or `512Mi`, `2Gi`' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l custom-resource -d 'A custom resource for the instance, `NAME=COUNT` (repeatable)' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l pool-label -d 'Resource pool label for affinity scheduling' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l instance-label -d 'Run on an instance carrying this label' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l session-id -d 'Bind the call to an instance session: 1 to 63 characters' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l session-ttl -d 'Session lifetime in seconds, 0 or more; 0 never expires' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l session-concurrency -d 'Concurrent calls on the session: a positive number, or -1' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l tenant -d 'Tenant of a short FUNCTION name [env: YR_TENANT]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l service -d 'Service of a bare FUNCTION name [env: YR_SERVICE]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l poll-interval -d 'Time between polls of --wait [default: 500ms]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l webhook -d 'With --async: have the frontend POST the finished call\'s record to URL' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -s o -l output -d 'Write the response body to FILE instead of stdout' -r -F
complete -c yr -n "__fish_yr_using_subcommand invoke" -l expect-status -d 'Expect this HTTP status; exit 8 when it differs' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l expect-code -d 'Expect this inner code (0 on success), by number or name; exit 8 when it differs' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l expect-body -d 'Expect this body, compared as JSON; exit 8 when it differs' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l retry -d 'Retry up to N times, only when the function cannot have run' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l retry-delay -d 'First wait between attempts; it doubles each time, up to 5s [default: 1s]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l retry-max-time -d 'Stop retrying when the next attempt would start later than DURATION after the first [default: 60s]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -s e -l endpoint -d 'The frontend\'s address [env: YR_ENDPOINT]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l token-file -d 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]' -r -F
complete -c yr -n "__fish_yr_using_subcommand invoke" -l timeout -d 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l connect-timeout -d 'Give up connecting after DURATION (exit 7)' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l proxy -d 'Send through this HTTP proxy' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l cacert -d 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand invoke" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand invoke" -l key -d 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand invoke" -l tls-server-name -d 'Check the frontend\'s certificate against NAME [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand invoke" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand invoke" -l ignore-stdin -d 'Never read the body from stdin unless -d @- asks for it'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l async -d 'Invoke asynchronously: print the request id once accepted'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l wait -d 'With --async: poll until the call completes, then print its result'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l stream -d 'Print a streamed answer\'s frames as they arrive'
complete -c yr -n "__fish_yr_using_subcommand invoke" -s r -l raw-string -d 'Print a JSON string result without its quotes and escapes (as `jq -r`)'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l json -d 'Print one JSON object describing the call on stdout'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l logs -d 'Print the function\'s log tail on stderr'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l curl -d 'Print the equivalent curl command and send nothing'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l retry-all-errors -d 'Also retry after timeouts, broken connections and any 5xx'
complete -c yr -n "__fish_yr_using_subcommand invoke" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand invoke" -s k -l insecure -d 'Do not verify the frontend\'s certificate [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand invoke" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand invoke" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand invoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand result" -l poll-interval -d 'Time between polls of --wait, more than 0 [default: 500ms]' -r
complete -c yr -n "__fish_yr_using_subcommand result" -s o -l output -d 'Write the response body to FILE instead of stdout' -r -F
complete -c yr -n "__fish_yr_using_subcommand result" -l expect-status -d 'Expect this HTTP status; exit 8 when it differs' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l expect-code -d 'Expect this inner code (0 on success), by number or name; exit 8 when it differs' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l expect-body -d 'Expect this body, compared as JSON; exit 8 when it differs' -r
complete -c yr -n "__fish_yr_using_subcommand result" -s e -l endpoint -d 'The frontend\'s address [env: YR_ENDPOINT]' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l token-file -d 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]' -r -F
complete -c yr -n "__fish_yr_using_subcommand result" -l timeout -d 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l connect-timeout -d 'Give up connecting after DURATION (exit 7)' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l proxy -d 'Send through this HTTP proxy' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l cacert -d 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand result" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand result" -l key -d 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand result" -l tls-server-name -d 'Check the frontend\'s certificate against NAME [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand result" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand result" -l wait -d 'Poll until the call completes'
complete -c yr -n "__fish_yr_using_subcommand result" -s r -l raw-string -d 'Print a JSON string result without its quotes and escapes (as `jq -r`)'
complete -c yr -n "__fish_yr_using_subcommand result" -l json -d 'Print one JSON object describing the call on stdout'
complete -c yr -n "__fish_yr_using_subcommand result" -l logs -d 'Print the function\'s log tail on stderr'
complete -c yr -n "__fish_yr_using_subcommand result" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand result" -s k -l insecure -d 'Do not verify the frontend\'s certificate [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand result" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand result" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand result" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand health" -l wait -d 'Poll /healthz until it answers 200 or DURATION has passed (exit 7)' -r
complete -c yr -n "__fish_yr_using_subcommand health" -s e -l endpoint -d 'The frontend\'s address [env: YR_ENDPOINT]' -r
complete -c yr -n "__fish_yr_using_subcommand health" -l token-file -d 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]' -r -F
complete -c yr -n "__fish_yr_using_subcommand health" -l timeout -d 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]' -r
complete -c yr -n "__fish_yr_using_subcommand health" -l connect-timeout -d 'Give up connecting after DURATION (exit 7)' -r
complete -c yr -n "__fish_yr_using_subcommand health" -l proxy -d 'Send through this HTTP proxy' -r
complete -c yr -n "__fish_yr_using_subcommand health" -l cacert -d 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand health" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand health" -l key -d 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand health" -l tls-server-name -d 'Check the frontend\'s certificate against NAME [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand health" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand health" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand health" -l json -d 'Print one JSON object describing the answer on stdout, as `yr invoke --json` does'
complete -c yr -n "__fish_yr_using_subcommand health" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand health" -s k -l insecure -d 'Do not verify the frontend\'s certificate [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand health" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand health" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand health" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand functions" -l page -d 'The page to show, from 1 (the meta service\'s `pageIndex`) [default: the meta service\'s, 1]' -r
complete -c yr -n "__fish_yr_using_subcommand functions" -l page-size -d 'Entries a page (the meta service\'s `pageSize`; one entry per version) [default: the meta service\'s, 1000]' -r
complete -c yr -n "__fish_yr_using_subcommand functions" -l tenant -d 'Tenant of a short FUNCTION name [env: YR_TENANT]' -r
complete -c yr -n "__fish_yr_using_subcommand functions" -l service -d 'Service of a bare FUNCTION name [env: YR_SERVICE]' -r
complete -c yr -n "__fish_yr_using_subcommand functions" -s e -l endpoint -d 'The frontend\'s address [env: YR_ENDPOINT]' -r
complete -c yr -n "__fish_yr_using_subcommand functions" -l token-file -d 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]' -r -F
complete -c yr -n "__fish_yr_using_subcommand functions" -l timeout -d 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]' -r
complete -c yr -n "__fish_yr_using_subcommand functions" -l connect-timeout -d 'Give up connecting after DURATION (exit 7)' -r
complete -c yr -n "__fish_yr_using_subcommand functions" -l proxy -d 'Send through this HTTP proxy' -r
complete -c yr -n "__fish_yr_using_subcommand functions" -l cacert -d 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand functions" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand functions" -l key -d 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand functions" -l tls-server-name -d 'Check the frontend\'s certificate against NAME [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand functions" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand functions" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand functions" -l json -d 'Print the meta service\'s answer on stdout as it came (its `result.functions`, `functions` or `function`)'
complete -c yr -n "__fish_yr_using_subcommand functions" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand functions" -s k -l insecure -d 'Do not verify the frontend\'s certificate [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand functions" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand functions" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand functions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand token" -l save -d 'Write the new token to FILE, mode 0600 (created, or emptied first), for --token-file' -r -F
complete -c yr -n "__fish_yr_using_subcommand token" -l ttl -d 'How long the token lasts: a DURATION (`1h`, `30m`; a bare number is seconds), or `never` [default: the IAM server\'s]' -r
complete -c yr -n "__fish_yr_using_subcommand token" -l tenant -d 'The tenant the token is for [env: YR_TENANT]' -r
complete -c yr -n "__fish_yr_using_subcommand token" -s e -l endpoint -d 'The frontend\'s address [env: YR_ENDPOINT]' -r
complete -c yr -n "__fish_yr_using_subcommand token" -l token-file -d 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]' -r -F
complete -c yr -n "__fish_yr_using_subcommand token" -l timeout -d 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]' -r
complete -c yr -n "__fish_yr_using_subcommand token" -l connect-timeout -d 'Give up connecting after DURATION (exit 7)' -r
complete -c yr -n "__fish_yr_using_subcommand token" -l proxy -d 'Send through this HTTP proxy' -r
complete -c yr -n "__fish_yr_using_subcommand token" -l cacert -d 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand token" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand token" -l key -d 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand token" -l tls-server-name -d 'Check the frontend\'s certificate against NAME [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand token" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand token" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand token" -l print -d 'Print the new token on stdout, one line'
complete -c yr -n "__fish_yr_using_subcommand token" -l abandon -d 'Say that abandoning (revoking) a developer token is not supported, as the frontend says, and exit 4'
complete -c yr -n "__fish_yr_using_subcommand token" -l json -d 'Print one JSON object describing the answer on stdout, as `yr invoke --json` does, the token redacted'
complete -c yr -n "__fish_yr_using_subcommand token" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand token" -s k -l insecure -d 'Do not verify the frontend\'s certificate [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand token" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand token" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -f -a "delete" -d 'End an instance session (DELETE .../sessions/SESSION_ID)'
complete -c yr -n "__fish_yr_using_subcommand session; and not __fish_seen_subcommand_from delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l tenant -d 'Tenant of a short FUNCTION name [env: YR_TENANT]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l service -d 'Service of a bare FUNCTION name [env: YR_SERVICE]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -s e -l endpoint -d 'The frontend\'s address [env: YR_ENDPOINT]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l token-file -d 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]' -r -F
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l timeout -d 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l connect-timeout -d 'Give up connecting after DURATION (exit 7)' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l proxy -d 'Send through this HTTP proxy' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l cacert -d 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l key -d 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l tls-server-name -d 'Check the frontend\'s certificate against NAME [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l json -d 'Print one JSON object describing the answer on stdout, as `yr invoke --json` does'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -s k -l insecure -d 'Do not verify the frontend\'s certificate [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "delete" -d 'End an instance session (DELETE .../sessions/SESSION_ID)'
complete -c yr -n "__fish_yr_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -s n -l requests -d 'Make N calls, warm-up calls not included [default: 200]' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -s z -l duration -d 'Call for DURATION (`10s`, `1m`) instead of a number of calls' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -s c -l concurrency -d 'Concurrent workers, each with its own connection' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l rate -d 'Calls per second overall, an open model' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l warmup -d 'Calls made first and left out of the figures' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l stage -d 'Ramp the rate linearly to TARGET calls/s over DURATION (`10s:100`); repeatable' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l burst -d 'Send calls in bursts of N, one burst every --burst-every' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l burst-every -d 'The time from one burst to the next (`1s`, `500ms`)' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l bodies -d 'A body per call, from a JSON Lines file or a folder (a body per file)' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l order -d 'The order bodies are sent in: `sequential` (as listed) or `shuffle` (an order --seed decides)' -r -f -a "sequential\t''
shuffle\t''"
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l seed -d 'The seed of --order shuffle and `{{uuid}}`: the same seed, the same order and ids' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l session-pool -d 'Spread the calls over N sessions, `yr-bench-<run>-0` to `-<N-1>`, in turn' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l session-ids -d 'Spread the calls over the session ids in FILE (one per line, blank lines skipped), in turn' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l poll-interval -d 'With --async: the time between polls of a call\'s result, more than 0 [default: 500ms]' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l max-error-rate -d 'Exit 8 when more than this share of calls failed (0.01 = 1%)' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l max-p99 -d 'Exit 8 when the 99th percentile latency is above DURATION' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l export -d 'Write a row per call to FILE as the run goes: `.csv`, `.jsonl` or `.ndjson`' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l save -d 'Also save the run whole to FILE, for `yr bench show`, `compare`, `merge`' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l baseline -d 'The saved run (--save) that --max-regression compares this one with' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l max-regression -d 'Exit 8 when this run is slower than --baseline by more than PCT (`10%`)' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -s d -l data -d 'The request body: the text itself, `@FILE`, or `@-` for stdin' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -s H -l header -d 'An extra request header, `Name: value` (repeatable)' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l content-type -d 'Content-Type of the body [default: application/json]' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l trace-id -d 'Trace id of the call (X-Trace-Id)' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l traceparent -d 'Join an outer trace: a W3C traceparent, `00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>` [env: TRACEPARENT]' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l cpu -d 'CPU for the instance: millicores `500` or `500m`, cores `1.5c`' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l memory -d 'Memory for the instance: MB `512`, or `512Mi`, `2Gi`' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l custom-resource -d 'A custom resource for the instance, `NAME=COUNT` (repeatable)' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l pool-label -d 'Resource pool label for affinity scheduling' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l instance-label -d 'Run on an instance carrying this label' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l session-id -d 'Bind the call to an instance session: 1 to 63 characters' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l session-ttl -d 'Session lifetime in seconds, 0 or more; 0 never expires' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l session-concurrency -d 'Concurrent calls on the session: a positive number, or -1' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l tenant -d 'Tenant of a short FUNCTION name [env: YR_TENANT]' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l service -d 'Service of a bare FUNCTION name [env: YR_SERVICE]' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -s e -l endpoint -d 'The frontend\'s address [env: YR_ENDPOINT]' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l token-file -d 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l timeout -d 'Give up on a call after DURATION (a failed call) [env: YR_TIMEOUT]' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l connect-timeout -d 'Give up connecting after DURATION (a failed call)' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l proxy -d 'Send through this HTTP proxy' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l cacert -d 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l key -d 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l tls-server-name -d 'Check the frontend\'s certificate against NAME [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l template -d 'Fill placeholders in each body per call: `{{seq}}`, `{{uuid}}`, `{{now_ms}}`, `{{timestamp}}`'
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l stream -d 'Make each call as `yr invoke --stream`: latency is the time to its last frame'
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l async -d 'Make each call as `yr invoke --async --wait`: latency is the time to its finished result'
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l json -d 'Print the whole report as one JSON object on stdout'
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l ignore-stdin -d 'Accepted as for `yr invoke`; yr bench reads stdin only for -d @- anyway'
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -s k -l insecure -d 'Do not verify the frontend\'s certificate [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -a "show" -d 'Print a run saved with --save: the report the run printed, byte for byte'
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -a "compare" -d 'Each figure\'s change from the saved run OLD to NEW, with its sign'
complete -c yr -n "__fish_yr_using_subcommand bench; and not __fish_seen_subcommand_from show compare merge" -a "merge" -d 'Add up runs saved on many machines (--save) into one report'
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from show" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from show" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from show" -l json -d 'Print the report as one JSON object, as `yr bench --json` does'
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from compare" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from compare" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from compare" -l json -d 'Print the comparison as one JSON object'
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from compare" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from compare" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from compare" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from merge" -l save -d 'Also save the merged run to FILE, as --save saves one' -r -F
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from merge" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from merge" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from merge" -l json -d 'Print the merged report as one JSON object, as `yr bench --json` does'
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from merge" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from merge" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand bench; and __fish_seen_subcommand_from merge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand errors" -l class -d 'Only codes of this class' -r -f -a "ok\t''
request\t''
platform\t''
function\t''"
complete -c yr -n "__fish_yr_using_subcommand errors" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand errors" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand errors" -l json -d 'Print JSON: one object for a code, an array for the table'
complete -c yr -n "__fish_yr_using_subcommand errors" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand errors" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand errors" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand urn" -l tenant -d 'Tenant of a short FUNCTION name [env: YR_TENANT]' -r
complete -c yr -n "__fish_yr_using_subcommand urn" -l service -d 'Service of a bare FUNCTION name [env: YR_SERVICE]' -r
complete -c yr -n "__fish_yr_using_subcommand urn" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand urn" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand urn" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand urn" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand urn" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand completions" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand completions" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand completions" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand completions" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand man" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand man" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand man" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand man" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand version" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand version" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand version" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand version" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand config" -l tenant -d 'Tenant of a short FUNCTION name [env: YR_TENANT]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -l service -d 'Service of a bare FUNCTION name [env: YR_SERVICE]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -s e -l endpoint -d 'The frontend\'s address [env: YR_ENDPOINT]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -l token-file -d 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]' -r -F
complete -c yr -n "__fish_yr_using_subcommand config" -l timeout -d 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -l connect-timeout -d 'Give up connecting after DURATION (exit 7)' -r
complete -c yr -n "__fish_yr_using_subcommand config" -l proxy -d 'Send through this HTTP proxy' -r
complete -c yr -n "__fish_yr_using_subcommand config" -l cacert -d 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand config" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand config" -l key -d 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand config" -l tls-server-name -d 'Check the frontend\'s certificate against NAME [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand config" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand config" -l json -d 'Print one JSON object: each setting with its value and source'
complete -c yr -n "__fish_yr_using_subcommand config" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand config" -s k -l insecure -d 'Do not verify the frontend\'s certificate [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand config" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand config" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand serve" -l function -d 'Serve a function, `NAME=COMMAND` (repeatable)' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l function-timeout -d 'A call running longer is killed (with its children) and answers code 4010; 0: no limit' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l concurrent-num -d 'The functions\' concurrentNum: the most calls a session may run at once' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l instance-label -d 'A label some instance carries (repeatable)' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l listen -d 'Address to listen on; port 0 picks a free port' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l token-file -d 'Require this token (read from FILE) as X-Auth, `?token=` or cookie `iam_token`; others get 401' -r -F
complete -c yr -n "__fish_yr_using_subcommand serve" -l max-body-size -d 'Bodies larger than SIZE get code 4140 (K, M, G are powers of 1024)' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l keep-results -d 'How long asynchronous results are kept after they complete; 0: until the emulator exits' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l read-timeout -d 'A request whose headers or body take longer to arrive is refused; 0: no limit' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l max-connections -d 'Connections held at once; the next waits (in the listen queue) until one closes' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -l tls-cert -d 'Serve HTTPS with this certificate chain (PEM); needs --tls-key' -r -F
complete -c yr -n "__fish_yr_using_subcommand serve" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c yr -n "__fish_yr_using_subcommand serve" -l client-ca -d 'Require clients to present a certificate signed by a CA in FILE (mutual TLS)' -r -F
complete -c yr -n "__fish_yr_using_subcommand serve" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand serve" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand serve" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand serve" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand test" -s j -l jobs -d 'Run up to N cases at once' -r
complete -c yr -n "__fish_yr_using_subcommand test" -l filter -d 'Run only the cases whose name matches this regular expression' -r
complete -c yr -n "__fish_yr_using_subcommand test" -l repeat -d 'Run the whole (filtered) suite N times, one round after another, to catch flaky cases' -r
complete -c yr -n "__fish_yr_using_subcommand test" -l junit -d 'Also write the report as JUnit XML to FILE (for GitHub, GitLab, Jenkins)' -r -F
complete -c yr -n "__fish_yr_using_subcommand test" -l tap -d 'Also write the report as TAP version 13 to FILE' -r -F
complete -c yr -n "__fish_yr_using_subcommand test" -l jsonl -d 'Also write the --json lines to FILE (JSON Lines)' -r -F
complete -c yr -n "__fish_yr_using_subcommand test" -l var -d 'Set the variable NAME for `${NAME}` in the suites (repeatable)' -r
complete -c yr -n "__fish_yr_using_subcommand test" -l vars -d 'Read variables from FILE, `.env` style (repeatable; a later file wins)' -r -F
complete -c yr -n "__fish_yr_using_subcommand test" -l secret -d 'Hide the value of variable NAME in every report (repeatable)' -r
complete -c yr -n "__fish_yr_using_subcommand test" -l traceparent -d 'Every case\'s calls join this outer trace (a W3C traceparent) [env: TRACEPARENT]' -r
complete -c yr -n "__fish_yr_using_subcommand test" -l tenant -d 'Tenant of a short FUNCTION name [env: YR_TENANT]' -r
complete -c yr -n "__fish_yr_using_subcommand test" -l service -d 'Service of a bare FUNCTION name [env: YR_SERVICE]' -r
complete -c yr -n "__fish_yr_using_subcommand test" -s e -l endpoint -d 'The frontend\'s address [env: YR_ENDPOINT]' -r
complete -c yr -n "__fish_yr_using_subcommand test" -l token-file -d 'Read the token sent as X-Auth from FILE [env: YR_JWT_TOKEN]' -r -F
complete -c yr -n "__fish_yr_using_subcommand test" -l timeout -d 'Give up on a call after DURATION (exit 7) [env: YR_TIMEOUT]' -r
complete -c yr -n "__fish_yr_using_subcommand test" -l connect-timeout -d 'Give up connecting after DURATION (exit 7)' -r
complete -c yr -n "__fish_yr_using_subcommand test" -l proxy -d 'Send through this HTTP proxy' -r
complete -c yr -n "__fish_yr_using_subcommand test" -l cacert -d 'Trust the CA certificates in FILE (PEM) [env: YR_VERIFY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand test" -l cert -d 'Client certificate (PEM) for mutual TLS; needs --key [env: YR_CERT_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand test" -l key -d 'Private key (PEM) of --cert [env: YR_PRIVATE_KEY_FILE]' -r -F
complete -c yr -n "__fish_yr_using_subcommand test" -l tls-server-name -d 'Check the frontend\'s certificate against NAME [env: YR_SERVER_NAME]' -r
complete -c yr -n "__fish_yr_using_subcommand test" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c yr -n "__fish_yr_using_subcommand test" -l profile -d 'Use this profile of the config file [env: YR_PROFILE]' -r
complete -c yr -n "__fish_yr_using_subcommand test" -l fail-fast -d 'Start no case after the first failure'
complete -c yr -n "__fish_yr_using_subcommand test" -l json -d 'Print a JSON object per case and a summary object on stdout'
complete -c yr -n "__fish_yr_using_subcommand test" -l no-proxy -d 'Use no proxy, whatever the environment says'
complete -c yr -n "__fish_yr_using_subcommand test" -s k -l insecure -d 'Do not verify the frontend\'s certificate [env: YR_INSECURE=true]'
complete -c yr -n "__fish_yr_using_subcommand test" -s v -l verbose -d 'More on stderr: -v the headers, -vv timings too'
complete -c yr -n "__fish_yr_using_subcommand test" -s q -l quiet -d 'Nothing on stderr but errors'
complete -c yr -n "__fish_yr_using_subcommand test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "invoke" -d 'Invoke a function and print its response'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "result" -d 'Show the result of an asynchronous invocation (--wait polls until it is done)'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "health" -d 'Check the frontend\'s /healthz: exit 0 when up, 3 when unreachable, 5 otherwise'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "functions" -d 'List the tenant\'s functions, or show one function and its versions'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "token" -d 'Get a developer token for a tenant (`/auth/token/require`), for CI'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "session" -d 'Manage instance sessions'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "bench" -d 'Invoke a function many times and report throughput, latency and errors'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "errors" -d 'Explain error codes offline, from the table built into yr'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "urn" -d 'Print the full URN a function name expands to'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "completions" -d 'Print a completion script for SHELL (bash, zsh, fish, powershell, elvish)'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "man" -d 'Print the manual page (roff), e.g. `yr man > yr.1`'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "version" -d 'Print the version; with -v, the commit, build date, target and linking too'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "config" -d 'Print every effective setting, its value (the token redacted) and where it came from'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "serve" -d 'Run a local frontend emulator that answers like the real one; with `-- COMMAND`, run COMMAND against it and exit with COMMAND\'s exit code'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "test" -d 'Run smoke-test suites (TOML files of cases and expectations) and report each case; --junit and --json for CI'
complete -c yr -n "__fish_yr_using_subcommand help; and not __fish_seen_subcommand_from invoke result health functions token session bench errors urn completions man version config serve test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
