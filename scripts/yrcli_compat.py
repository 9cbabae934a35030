#!/usr/bin/env python3
"""Drive the upstream `yrcli invoke` against `yr serve` and compare with frontend.md.

Started by scripts/yrcli-compat.sh, which installs yrcli, builds yr, makes the TLS files
and starts the emulators; this helper only needs the Python standard library. It puts a
logging HTTP proxy on 127.0.0.1 between yrcli and the plain-HTTP emulators (so it sees the
exact request line, headers and body yrcli sends), runs a webhook receiver on 127.0.0.1,
runs one yrcli command per case and checks what happened against what
the frontend's written description ("frontend.md", the notes this project was built from) says should happen.

Each check names who it is about:
  yr serve    the emulator's answer differs from frontend.md
  yrcli       yrcli sends or reports something other than frontend.md (or yr, for the
              same input) would have it
  frontend.md frontend.md says something about yrcli that yrcli does not do
  yr          `yr invoke` with the same environment does not end where yrcli does
A case is PASS when all its checks hold, DIFF otherwise. Differences are findings:
the exit status is 0 unless the helper itself could not run (then 2).
"""

import argparse
import atexit
import base64
import datetime
import http.client
import http.server
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te",
              "trailer", "upgrade", "content-length"}
HELLO = "sn:cn:yrk:default:function:0@default@hello:latest"
TOKEN_ENV_DROP = re.compile(r"^(YR_|https?_proxy$|all_proxy$|no_proxy$|REQUESTS_CA_BUNDLE$|"
                            r"CURL_CA_BUNDLE$|SSL_CERT_FILE$|SSL_CERT_DIR$)", re.I)


# --------------------------------------------------------------------------- wire capture

class Exchange:
    """One request that went through the proxy, and the answer it got."""

    def __init__(self, method, raw_path, headers, body):
        self.method, self.raw_path, self.headers, self.body = method, raw_path, headers, body
        self.status = None
        self.resp_headers = []
        self.resp_body = b""
        self.error = None

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def resp_header(self, name):
        for k, v in self.resp_headers:
            if k.lower() == name.lower():
                return v
        return None

    def resp_json(self):
        try:
            return json.loads(self.resp_body)
        except ValueError:
            return None

    def as_dict(self):
        return {
            "request": f"{self.method} {self.raw_path}",
            "headers": self.headers,
            "body": self.body.decode("utf-8", "replace"),
            "status": self.status,
            "response_headers": self.resp_headers,
            "response_body": self.resp_body[:2000].decode("utf-8", "replace"),
            "proxy_error": self.error,
        }


class Proxy:
    """A forwarding HTTP server on 127.0.0.1 that records every exchange."""

    def __init__(self):
        self.upstream = None
        self.log = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                ex = Exchange(self.command, self.path, list(self.headers.items()), body)
                with proxy.lock:
                    proxy.log.append(ex)
                host, port = proxy.upstream
                try:
                    conn = http.client.HTTPConnection(host, port, timeout=60)
                    conn.putrequest(self.command, self.path, skip_host=True,
                                    skip_accept_encoding=True)
                    for k, v in self.headers.items():
                        if k.lower() not in HOP_BY_HOP:
                            conn.putheader(k, v)
                    if body or self.command in ("POST", "PUT"):
                        conn.putheader("Content-Length", str(len(body)))
                    conn.endheaders(body)
                    resp = conn.getresponse()
                    ex.status = resp.status
                    ex.resp_headers = resp.getheaders()
                    ex.resp_body = resp.read()  # de-chunked: relayed with a Content-Length
                    conn.close()
                except OSError as e:
                    ex.error = f"upstream: {e}"
                    self.send_error(502, "yrcli-compat proxy: upstream failed")
                    return
                try:
                    self.send_response_only(ex.status, resp.reason)
                    for k, v in ex.resp_headers:
                        if k.lower() not in HOP_BY_HOP:
                            self.send_header(k, v)
                    self.send_header("Content-Length", str(len(ex.resp_body)))
                    self.end_headers()
                    self.wfile.write(ex.resp_body)
                except OSError as e:  # yrcli gave up (its --timeout) before the answer
                    ex.error = f"client gone: {e}"

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _any

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.address = f"127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self):
        with self.lock:
            out, self.log = self.log, []
        return out


class WebhookReceiver:
    def __init__(self):
        self.posts = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                receiver.posts.append({"path": self.path, "headers": list(self.headers.items()),
                                       "body": body.decode("utf-8", "replace")})
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, request_id, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            for p in self.posts:
                if request_id and request_id in p["body"]:
                    return p
            time.sleep(0.1)
        return None


# --------------------------------------------------------------------------- running yrcli

class Run:
    """What one yrcli (or yr) command did."""

    def __init__(self, argv, env_extra, rc, stdout, stderr, exchanges, debug):
        self.argv, self.env_extra = argv, env_extra
        self.rc, self.stdout, self.stderr_full = rc, stdout, stderr
        self.exchanges = exchanges
        # With --log-level DEBUG (used where no proxy can watch: TLS), urllib3 logs the
        # scheme and request line; the user-facing stderr is the rest.
        self.urllib3 = [line for line in stderr.splitlines() if line.startswith("DEBUG:urllib3")]
        self.stderr = "\n".join(line for line in stderr.splitlines()
                                if not (debug and line.startswith("DEBUG:")))

    @property
    def ex(self):
        return self.exchanges[0] if self.exchanges else None

    def stdout_json(self):
        """yrcli prints json.dumps(result, indent=2), sometimes followed by a hint line."""
        text = self.stdout.strip()
        try:
            return json.loads(text)
        except ValueError:
            pass
        try:
            return json.JSONDecoder().raw_decode(text)[0]
        except ValueError:
            return None

    def scheme(self):
        for line in self.urllib3:
            m = re.search(r"Starting new (HTTPS?) connection", line)
            if m:
                return m.group(1).lower()
        return None

    def traceback(self):
        return "Traceback (most recent call last)" in self.stderr


class Env:
    def __init__(self, args):
        self.args = args
        self.proxy = Proxy()
        self.hook = WebhookReceiver()
        self.home = tempfile.mkdtemp(prefix="yrcli-compat-home-")
        atexit.register(shutil.rmtree, self.home, True)
        self.base_env = {k: v for k, v in os.environ.items() if not TOKEN_ENV_DROP.match(k)}
        self.base_env.update(HOME=self.home, NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1",
                             NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost",
                             YR_CONFIG_DIR=os.path.join(self.home, "yr-config"),
                             YR_SESSIONS_DIR=os.path.join(self.home, "yr-sessions"))
        self.shared = {}
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.closed_port = s.getsockname()[1]
        s.close()

    def target(self, name):
        a = self.args
        return {"plain": a.plain, "auth": a.auth, "tls": a.tls, "mtls": a.mtls,
                "closed": f"127.0.0.1:{self.closed_port}"}[name]

    def run(self, argv, target, env=None, proxy=True, debug=False, program=None, timeout=60):
        env_extra = dict(env or {})
        full_env = dict(self.base_env)
        upstream = self.target(target)
        if proxy:
            host, port = upstream.rsplit(":", 1)
            self.proxy.upstream = (host, int(port))
            address = self.proxy.address
        else:
            address = upstream
        full_env["YR_SERVER_ADDRESS"] = address
        full_env.update(env_extra)
        program = program or self.args.yrcli
        cmd = [program] + (["--log-level", "DEBUG"] if debug else []) + argv
        self.proxy.take()
        try:
            p = subprocess.run(cmd, env=full_env, capture_output=True, timeout=timeout,
                               stdin=subprocess.DEVNULL)
            rc, out, err = p.returncode, p.stdout.decode("utf-8", "replace"), \
                p.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            rc, out, err = None, "", f"(killed after {timeout}s)"
        time.sleep(0.05)
        return Run(argv, env_extra, rc, out, err, self.proxy.take(), debug)

    def async_record(self, request_id, seconds=15):
        """GET the async-result route directly until the record is final (yrcli cannot)."""
        host, port = self.args.plain.rsplit(":", 1)
        deadline = time.time() + seconds
        last = None
        while time.time() < deadline:
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            conn.request("GET", f"/serverless/v1/functions/async-results/{request_id}")
            r = conn.getresponse()
            body = r.read()
            conn.close()
            try:
                last = (r.status, json.loads(body))
            except ValueError:
                last = (r.status, body.decode("utf-8", "replace"))
            if r.status != 200 or not isinstance(last[1], dict) or \
                    last[1].get("status") not in ("pending", "running"):
                return last
            time.sleep(0.2)
        return last


# --------------------------------------------------------------------------- checks

class Checks:
    def __init__(self):
        self.items = []

    def add(self, who, what, ok, seen=""):
        self.items.append({"who": who, "what": what, "ok": bool(ok), "seen": seen})

    def failed(self):
        return [c for c in self.items if not c["ok"]]


def json_or_none(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


def short(text, n=90):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def error_line(run):
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    if not lines:
        return ""
    if run.traceback():
        return "traceback: " + lines[-1]
    return lines[-1]


def check_sent(c, run, path, who="yrcli", what=None):
    ex = run.ex
    seen = f"{ex.method} {ex.raw_path}" if ex else "nothing sent"
    c.add(who, what or f"sends POST {path}", ex is not None and ex.raw_path == path, seen)


def check_answer(c, run, status, code=None, message=None, message_contains=None,
                 trace_id=None, who="yr serve"):
    """The emulator's answer as frontend.md describes it."""
    ex = run.ex
    if ex is None or ex.status is None:
        c.add(who, f"answers HTTP {status}", False, "no answer seen")
        return
    body = ex.resp_json()
    got_code = body.get("code") if isinstance(body, dict) else None
    c.add(who, f"answers HTTP {status}" + (f", code {code}" if code is not None else ""),
          ex.status == status and (code is None or got_code == code),
          f"HTTP {ex.status}, body {short(ex.resp_body.decode('utf-8', 'replace'), 120)}")
    if code is not None and code != 0:
        inner = ex.resp_header("X-Inner-Code")
        c.add(who, f"X-Inner-Code: {code}", inner == str(code), f"X-Inner-Code: {inner}")
    if message is not None:
        got = body.get("message") if isinstance(body, dict) else None
        c.add(who, f"message is {json.dumps(message)} (a plain string)", got == message,
              f"message {json.dumps(got)}")
    if message_contains is not None:
        got = body.get("message") if isinstance(body, dict) else None
        c.add(who, f"message contains {json.dumps(message_contains)}",
              isinstance(got, str) and message_contains in got, f"message {json.dumps(got)}")
    if trace_id is True:
        c.add(who, "error body has trace_id (frontend-raised)",
              isinstance(body, dict) and bool(body.get("trace_id")), short(body))
    elif trace_id is False:
        c.add(who, "error body has no trace_id (function-raised)",
              isinstance(body, dict) and "trace_id" not in body, short(body))


def check_yrcli_fails_with_code(c, run, code):
    c.add("yrcli", f"exits non-zero and names code {code} on stderr",
          run.rc not in (0, None) and str(code) in run.stderr, f"exit {run.rc}: {short(error_line(run))}")


def check_yrcli_prints(c, run, value):
    c.add("yrcli", f"exit 0 and prints {short(json.dumps(value), 60)}",
          run.rc == 0 and run.stdout_json() == value, f"exit {run.rc}, stdout {short(run.stdout)}")


# --------------------------------------------------------------------------- cases

CASES = []


def case(name, spec):
    def deco(fn):
        CASES.append((name, spec, fn))
        return fn
    return deco


HELLO_PATH = "/invocations/default/default/hello:latest/"


@case("sync-hello", "200, body \"hello yuanrong\", X-Inner-Code 0, X-Trace-Id; short route "
      "/invocations/{tenant}/{service}/{function[:version]}/")
def _(e, c):
    r = e.run(["invoke", "-f", "default@hello", "--payload", '{"name":"yuanrong"}'], "plain")
    check_sent(c, r, HELLO_PATH)
    check_answer(c, r, 200)
    if r.ex and r.ex.status:
        c.add("yr serve", "body is exactly \"hello yuanrong\"", r.ex.resp_body == b'"hello yuanrong"',
              short(r.ex.resp_body))
        c.add("yr serve", "Content-Type: application/json",
              (r.ex.resp_header("Content-Type") or "").startswith("application/json"),
              r.ex.resp_header("Content-Type"))
        c.add("yr serve", "X-Inner-Code: 0", r.ex.resp_header("X-Inner-Code") == "0",
              r.ex.resp_header("X-Inner-Code"))
        c.add("yr serve", "X-Trace-Id present", bool(r.ex.resp_header("X-Trace-Id")),
              r.ex.resp_header("X-Trace-Id"))
    check_yrcli_prints(c, r, "hello yuanrong")
    e.shared["sync-hello"] = r
    return r


@case("sync-echo", "200, the body is what the function returned (echo returns the request body)")
def _(e, c):
    payload = {"a": [1, 2, {"b": None}], "s": "x"}
    r = e.run(["invoke", "-f", "default@echo", "--payload", json.dumps(payload)], "plain")
    check_sent(c, r, "/invocations/default/default/echo:latest/")
    check_answer(c, r, 200)
    if r.ex and r.ex.status == 200:
        c.add("yr serve", "echo returns the request body", r.ex.resp_json() == payload,
              short(r.ex.resp_body))
    check_yrcli_prints(c, r, payload)
    return r


@case("form-0@svc@fn:ver", "yrcli accepts 0@service@function[:version] (frontend.md); "
      "same URN as default@hello")
def _(e, c):
    r = e.run(["invoke", "-f", "0@default@hello:latest", "--payload", '{"name":"yuanrong"}'],
              "plain")
    check_sent(c, r, HELLO_PATH)
    check_answer(c, r, 200)
    check_yrcli_prints(c, r, "hello yuanrong")
    return r


def check_404(c, r):
    ex = r.ex
    if ex is None or ex.status is None:
        c.add("yr serve", "404 `404 page not found`", False, "no answer seen")
        return
    c.add("yr serve", "404 `404 page not found`",
          ex.status == 404 and ex.resp_body == b"404 page not found",
          f"HTTP {ex.status} {short(ex.resp_body)}")


@case("form-bare-name", "`hello` (yr: the default service) should reach " + HELLO + "; the "
      "two-segment path yrcli sends matches no route (gin v1.10 does not backtrack to the "
      "deprecated /{tenant}/{service}/{function}/ route when only `/` is left, and "
      "RedirectTrailingSlash is off): 404 `404 page not found`")
def _(e, c):
    r = e.run(["invoke", "-f", "hello", "--payload", '{"name":"yuanrong"}'], "plain")
    ex = r.ex
    c.add("yrcli", "the request names service and function (reaches " + HELLO + " as yr does)",
          ex is not None and ex.raw_path == HELLO_PATH, f"{ex.method} {ex.raw_path}" if ex else "-")
    check_404(c, r)
    return r


@case("form-full-urn", "a full URN belongs on /serverless/v1/functions/{urn}/invocations; yrcli "
      "puts it in the short route's last segment instead (two segments): 404 `404 page not found`")
def _(e, c):
    r = e.run(["invoke", "-f", HELLO, "--payload", '{"name":"yuanrong"}'], "plain")
    ex = r.ex
    c.add("yrcli", "a full URN reaches that function (yr uses the URN as is)",
          ex is not None and ex.raw_path in (
              f"/serverless/v1/functions/{HELLO}/invocations", HELLO_PATH),
          f"{ex.method} {ex.raw_path}" if ex else "-")
    check_404(c, r)
    return r


@case("form-unsafe-char", "the URN travels in the path: a client must percent-encode `#` "
      "(%23); unencoded, `#x:latest/` is cut as a fragment and the path has no trailing slash: 404")
def _(e, c):
    r = e.run(["invoke", "-f", "default@hello#x", "--payload", "{}"], "plain")
    ex = r.ex
    c.add("yrcli", "percent-encodes `#` in the path",
          ex is not None and "%23" in ex.raw_path, f"{ex.method} {ex.raw_path}" if ex else "-")
    check_404(c, r)
    return r


@case("unknown-function", "500, code 150424, message `function metadata not found` (plain "
      "string), trace_id, X-Inner-Code 150424")
def _(e, c):
    r = e.run(["invoke", "-f", "default@nosuch", "--payload", "{}"], "plain")
    check_sent(c, r, "/invocations/default/default/nosuch:latest/")
    check_answer(c, r, 500, code=150424, message="function metadata not found", trace_id=True)
    if r.ex and r.ex.status is not None:
        ctype = r.ex.resp_header("Content-Type")
        c.add("yr serve", "error body sent without Content-Type (Go sniffs text/plain; "
              "charset=utf-8)", ctype is None or ctype.startswith("text/plain"),
              f"Content-Type: {ctype}")
    check_yrcli_fails_with_code(c, r, 150424)
    return r


@case("bad-urn", "a tenant with a `:` makes an 8-field URN: HTTP 400, code 200400")
def _(e, c):
    r = e.run(["--user", "a:b", "invoke", "-f", "default@hello", "--payload", "{}"], "plain")
    check_sent(c, r, "/invocations/a:b/default/hello:latest/")
    check_answer(c, r, 400, code=200400)
    check_yrcli_fails_with_code(c, r, 200400)
    return r


@case("body-not-json", "the frontend would answer 200500; yrcli only sends JSON it parsed, so "
      "it refuses before sending")
def _(e, c):
    r = e.run(["invoke", "-f", "default@echo", "--payload", "not json"], "plain")
    c.add("yrcli", "refuses before sending (nothing on the wire), exit non-zero",
          not r.exchanges and r.rc not in (0, None), f"exit {r.rc}: {short(error_line(r))}")
    return r


@case("body-null", "any JSON value is a body; `null` should arrive as `null` (an empty body "
      "would become {})")
def _(e, c):
    r = e.run(["invoke", "-f", "default@echo", "--payload", "null"], "plain")
    ex = r.ex
    c.add("yrcli", "sends the body `null`", ex is not None and ex.body == b"null",
          f"body {ex.body!r}" if ex else "-")
    if ex and ex.status is not None:
        if ex.body == b"":
            c.add("yr serve", "an empty body becomes {}", ex.resp_body == b"{}", short(ex.resp_body))
        else:
            c.add("yr serve", "echo returns the body", ex.resp_body == ex.body, short(ex.resp_body))
    return r


@case("body-reencoded", "the body is the function's input: the payload as given should arrive "
      "byte for byte (duplicate keys, 1.10, non-ASCII)")
def _(e, c):
    payload = '{"s":"é","n":1.10,"a":1,"a":2}'
    r = e.run(["invoke", "-f", "default@echo", "--payload", payload], "plain")
    ex = r.ex
    c.add("yrcli", "sends the payload bytes as given", ex is not None and ex.body == payload.encode(),
          f"body {ex.body.decode('utf-8', 'replace')}" if ex else "-")
    if ex and ex.status == 200:
        c.add("yr serve", "echo returns the body as received", ex.resp_body == ex.body,
              short(ex.resp_body))
    return r


@case("body-over-limit", "a body over maxRequestBodySize (emulator run with --max-body-size "
      "16K): 500, code 4140, message containing `the size of request body is beyond`")
def _(e, c):
    payload = json.dumps({"pad": "x" * 20000})
    r = e.run(["invoke", "-f", "default@echo", "--payload", payload], "plain")
    check_sent(c, r, "/invocations/default/default/echo:latest/")
    check_answer(c, r, 500, code=4140, message_contains="the size of request body is beyond")
    check_yrcli_fails_with_code(c, r, 4140)
    return r


@case("failing-function", "a function exiting non-zero (emulator --function): 500, code 4002, "
      "no trace_id (raised by the function)")
def _(e, c):
    r = e.run(["invoke", "-f", "compat@fail", "--payload", "{}"], "plain")
    check_sent(c, r, "/invocations/default/compat/fail:latest/")
    check_answer(c, r, 500, code=4002, message_contains="boom", trace_id=False)
    check_yrcli_fails_with_code(c, r, 4002)
    return r


@case("header-session-bad", "--header passes X-Instance-Session through; malformed JSON: 500, "
      "code 330404")
def _(e, c):
    r = e.run(["invoke", "-f", "default@hello", "--payload", "{}",
               "--header", "X-Instance-Session: {not json"], "plain")
    ex = r.ex
    c.add("yrcli", "sends X-Instance-Session as given",
          ex is not None and ex.header("X-Instance-Session") == "{not json",
          f"X-Instance-Session: {ex.header('X-Instance-Session')}" if ex else "-")
    check_answer(c, r, 500, code=330404)
    check_yrcli_fails_with_code(c, r, 330404)
    return r


@case("client-timeout", "no per-request timeout header exists (the function's own timeout "
      "applies); yrcli --timeout 1 on a 3 s function gives up on its side")
def _(e, c):
    r = e.run(["invoke", "-f", "compat@slow", "--payload", "{}", "--timeout", "1"], "plain")
    ex = r.ex
    names = [k.lower() for k, _ in ex.headers] if ex else []
    c.add("yrcli", "sends no timeout header", ex is not None and not any("timeout" in n for n in names),
          ", ".join(names))
    c.add("yrcli", "exits non-zero", r.rc not in (0, None), f"exit {r.rc}: {short(error_line(r))}")
    return r


@case("connection-refused", "nothing listens: no answer to compare; yr exits 3 here")
def _(e, c):
    r = e.run(["invoke", "-f", "default@hello", "--payload", "{}"], "closed", proxy=False)
    c.add("yrcli", "exits non-zero", r.rc not in (0, None), f"exit {r.rc}: {short(error_line(r))}")
    return r


# ---- async

def check_accepted(c, r, path):
    check_sent(c, r, path)
    ex = r.ex
    if ex is not None:
        c.add("yrcli", "sends X-Invoke-Type: async", ex.header("X-Invoke-Type") == "async",
              f"X-Invoke-Type: {ex.header('X-Invoke-Type')}")
    body = ex.resp_json() if ex else None
    rid = body.get("requestId") if isinstance(body, dict) else None
    c.add("yr serve", "answers 202 {\"requestId\": ...}", ex is not None and ex.status == 202 and bool(rid),
          f"HTTP {ex.status if ex else '-'} {short(ex.resp_body) if ex else ''}")
    return rid


def check_record(c, e, rid, status, status_code, code=None, result=None):
    if not rid:
        c.add("yr serve", "an async record to read", False, "no requestId")
        return None
    http_status, rec = e.async_record(rid)
    ok = http_status == 200 and isinstance(rec, dict)
    c.add("yr serve", f"the record becomes {status}, statusCode {status_code}",
          ok and rec.get("status") == status and rec.get("statusCode") == status_code,
          f"HTTP {http_status} {short(rec, 160)}")
    if not ok:
        return rec
    try:
        body = base64.b64decode(rec.get("respBody") or "", validate=True)
    except (ValueError, TypeError):
        body = None
    if result is not None:
        c.add("yr serve", f"respBody is base64 of {json.dumps(result)}",
              body is not None and body and json.loads(body) == result, f"respBody → {body!r}")
    if code is not None:
        try:
            got = json.loads(body).get("code") if body else None
        except (ValueError, AttributeError):
            got = None
        c.add("yr serve", f"respBody is base64 of the error JSON with code {code}", got == code,
              f"respBody → {body!r}")
        headers = rec.get("respHeaders") or {}
        c.add("yr serve", f"respHeaders keep Go's canonical X-Inner-Code: {code}",
              str(headers.get("X-Inner-Code", [""])[0] if isinstance(headers.get("X-Inner-Code"), list)
                  else headers.get("X-Inner-Code")) == str(code), short(headers))
    if status == "completed":
        c.add("yr serve", "`error` omitted when empty", rec.get("error", None) not in ("",),
              f"error: {json.dumps(rec.get('error'))}" if "error" in rec else "no error key")
    c.add("yr serve", "instanceId present", bool(rec.get("instanceId")), str(rec.get("instanceId")))
    for key in ("createdAt", "completedAt"):
        v = rec.get(key)
        try:
            datetime.datetime.fromisoformat(str(v).replace("Z", "+00:00"))
            good = True
        except ValueError:
            good = False
        c.add("yr serve", f"{key} is RFC 3339", good, str(v))
    return rec


@case("async-hello", "202 {\"requestId\"} at once; the record then completed, statusCode 200, "
      "respBody base64 of the result")
def _(e, c):
    r = e.run(["invoke", "-f", "default@hello", "--payload", '{"name":"a"}', "--async"], "plain")
    rid = check_accepted(c, r, HELLO_PATH)
    c.add("yrcli", "exit 0 and prints the requestId", r.rc == 0 and bool(rid) and rid in r.stdout,
          f"exit {r.rc}, stdout {short(r.stdout)}")
    check_record(c, e, rid, "completed", 200, result="hello a")
    e.shared["async-id"] = rid
    return r


@case("async-hint", "yrcli's own hint after --async names `yrcli result ID`; that command "
      "should exist")
def _(e, c):
    rid = e.shared.get("async-id") or "0"
    r = e.run(["result", rid], "plain")
    c.add("yrcli", "`yrcli result ID` (printed by invoke --async) runs", r.rc == 0,
          f"exit {r.rc}: {short(error_line(r))}")
    return r


@case("async-result", "GET /serverless/v1/functions/async-results/{id} returns the record")
def _(e, c):
    rid = e.shared.get("async-id") or "0"
    r = e.run(["async-result", "-r", rid], "plain")
    ex = r.ex
    c.add("yrcli", "sends GET /serverless/v1/functions/async-results/{id}",
          ex is not None and ex.method == "GET" and
          ex.raw_path == f"/serverless/v1/functions/async-results/{rid}",
          f"{ex.method} {ex.raw_path}" if ex else f"nothing sent; {short(error_line(r))}")
    c.add("yrcli", "exit 0 and prints the record", r.rc == 0 and isinstance(r.stdout_json(), dict),
          f"exit {r.rc}")
    return r


@case("async-unknown", "accepted (202), then recorded failed, statusCode 500, respBody the "
      "150424 error JSON")
def _(e, c):
    r = e.run(["invoke", "-f", "default@nosuch", "--payload", "{}", "--async"], "plain")
    rid = check_accepted(c, r, "/invocations/default/default/nosuch:latest/")
    check_record(c, e, rid, "failed", 500, code=150424)
    return r


@case("async-failing", "accepted (202), then recorded failed, statusCode 500, code 4002")
def _(e, c):
    r = e.run(["invoke", "-f", "compat@fail", "--payload", "{}", "--async"], "plain")
    rid = check_accepted(c, r, "/invocations/default/compat/fail:latest/")
    check_record(c, e, rid, "failed", 500, code=4002)
    return r


@case("async-over-limit", "accepted (202), then recorded failed, statusCode 500, code 4140")
def _(e, c):
    r = e.run(["invoke", "-f", "default@echo", "--payload", json.dumps({"pad": "x" * 20000}),
               "--async"], "plain")
    rid = check_accepted(c, r, "/invocations/default/default/echo:latest/")
    check_record(c, e, rid, "failed", 500, code=4140)
    return r


@case("async-bad-urn", "only a bad URN (or refused upload) is answered synchronously: 400, "
      "code 200400")
def _(e, c):
    r = e.run(["--user", "a:b", "invoke", "-f", "default@hello", "--payload", "{}", "--async"],
              "plain")
    check_sent(c, r, "/invocations/a:b/default/hello:latest/")
    check_answer(c, r, 400, code=200400)
    check_yrcli_fails_with_code(c, r, 200400)
    return r


@case("async-invoke-webhook", "`yrcli async-invoke --webhook URL` should send X-Invoke-Type: "
      "async and X-Webhook-Url: URL")
def _(e, c):
    r = e.run(["async-invoke", "-f", "default@hello", "--payload", "{}", "--webhook", e.hook.url],
              "plain")
    ex = r.ex
    c.add("yrcli", "sends X-Webhook-Url", ex is not None and ex.header("X-Webhook-Url") == e.hook.url,
          f"{ex.method} {ex.raw_path}" if ex else f"nothing sent; {short(error_line(r))}")
    return r


@case("webhook-via-header", "with X-Webhook-Url the frontend POSTs the finished record to that "
      "URL (upstream: {requestId,status,statusCode,result,error,completedAt}, header "
      "X-Async-Request-Id)")
def _(e, c):
    r = e.run(["invoke", "-f", "default@hello", "--payload", '{"name":"w"}', "--async",
               "--header", f"X-Webhook-Url: {e.hook.url}"], "plain")
    rid = check_accepted(c, r, HELLO_PATH)
    post = e.hook.wait_for(rid, 10) if rid else None
    c.add("yr serve", "POSTs the finished record to the webhook within 10 s", post is not None,
          short(post["body"], 160) if post else f"{len(e.hook.posts)} POSTs received")
    if post:
        try:
            body = json.loads(post["body"])
        except ValueError:
            body = {}
        c.add("yr serve", "webhook body has requestId, status completed, statusCode 200",
              body.get("requestId") == rid and body.get("status") == "completed"
              and body.get("statusCode") == 200, short(body, 160))
        e.shared["webhook-post"] = post
    return r


# ---- streaming

@case("sse-success", "Accept: text/event-stream: 200 text/event-stream, X-Accel-Buffering: no, "
      "no X-Trace-Id, frames `data: <chunk>` then `data: [DONE]`")
def _(e, c):
    r = e.run(["invoke", "-f", "default@echo", "--payload", '{"a":1}',
               "--header", "Accept: text/event-stream"], "plain")
    ex = r.ex
    if ex and ex.status is not None:
        body = ex.resp_body.decode("utf-8", "replace")
        frames = re.findall(r"^data: ?(.*)$", body, re.M)
        c.add("yr serve", "200 text/event-stream, frame `data: <the echoed body>`, then "
              "`data: [DONE]`",
              ex.status == 200 and "text/event-stream" in (ex.resp_header("Content-Type") or "")
              and len(frames) >= 2 and frames[-1] == "[DONE]" and json_or_none(frames[0]) == {"a": 1},
              f"HTTP {ex.status} {ex.resp_header('Content-Type')} {short(body)}")
        c.add("yr serve", "X-Accel-Buffering: no", ex.resp_header("X-Accel-Buffering") == "no",
              f"X-Accel-Buffering: {ex.resp_header('X-Accel-Buffering')}")
        c.add("yr serve", "no X-Trace-Id header", ex.resp_header("X-Trace-Id") is None,
              f"X-Trace-Id: {ex.resp_header('X-Trace-Id')}")
    c.add("yrcli", "prints the streamed data ({\"a\": 1})", r.rc == 0 and r.stdout_json() == {"a": 1},
          f"exit {r.rc}, stdout {short(r.stdout)}")
    return r


@case("sse-error", "errors are framed too: HTTP 500, text/event-stream, `data: {\"code\":150424"
      ",...}` then `data: [DONE]`; a client must judge the status and the frame's code")
def _(e, c):
    r = e.run(["invoke", "-f", "default@nosuch", "--payload", "{}",
               "--header", "Accept: text/event-stream"], "plain")
    ex = r.ex
    if ex and ex.status is not None:
        body = ex.resp_body.decode("utf-8", "replace")
        c.add("yr serve", "HTTP 500, text/event-stream, a data frame with code 150424, [DONE]",
              ex.status == 500 and "text/event-stream" in (ex.resp_header("Content-Type") or "")
              and re.search(r'data: \{"code":\s*150424', body) is not None and "data: [DONE]" in body,
              f"HTTP {ex.status} {ex.resp_header('Content-Type')} {short(body)}")
    check_yrcli_fails_with_code(c, r, 150424)
    return r


# ---- token auth (emulator with --token-file)

@case("auth-missing", "token auth on, no X-Auth: 401 {\"error\":\"Authentication failed: ...\"}")
def _(e, c):
    r = e.run(["invoke", "-f", "default@hello", "--payload", "{}"], "auth")
    ex = r.ex
    c.add("yrcli", "sends no X-Auth", ex is not None and ex.header("X-Auth") is None, "")
    body = ex.resp_json() if ex else None
    c.add("yr serve", "401 {\"error\":\"Authentication failed: ...\"}",
          ex is not None and ex.status == 401 and isinstance(body, dict)
          and str(body.get("error", "")).startswith("Authentication failed"),
          f"HTTP {ex.status if ex else '-'} {short(ex.resp_body) if ex else ''}")
    c.add("yrcli", "exits non-zero and says 401/authentication",
          r.rc not in (0, None) and ("401" in r.stderr or "Authentication" in r.stderr),
          f"exit {r.rc}: {short(error_line(r))}")
    return r


@case("auth-wrong", "a wrong token: 401")
def _(e, c):
    r = e.run(["invoke", "-f", "default@hello", "--payload", "{}"], "auth",
              env={"YR_JWT_TOKEN": "wrong-token"})
    ex = r.ex
    c.add("yrcli", "sends YR_JWT_TOKEN as X-Auth", ex is not None and ex.header("X-Auth") == "wrong-token",
          "X-Auth: <redacted>" if ex and ex.header("X-Auth") else "no X-Auth")
    c.add("yr serve", "401", ex is not None and ex.status == 401, f"HTTP {ex.status if ex else '-'}")
    return r


@case("auth-env", "YR_JWT_TOKEN travels as X-Auth: 200")
def _(e, c):
    r = e.run(["invoke", "-f", "default@hello", "--payload", '{"name":"yuanrong"}'], "auth",
              env={"YR_JWT_TOKEN": e.args.token})
    ex = r.ex
    c.add("yrcli", "sends YR_JWT_TOKEN as X-Auth", ex is not None and ex.header("X-Auth") == e.args.token,
          "X-Auth: <redacted>" if ex and ex.header("X-Auth") else "no X-Auth")
    check_answer(c, r, 200)
    check_yrcli_prints(c, r, "hello yuanrong")
    return r


@case("auth-flag", "--jwt-token (a global option) does the same as YR_JWT_TOKEN: 200")
def _(e, c):
    r = e.run(["--jwt-token", e.args.token, "invoke", "-f", "default@hello",
               "--payload", '{"name":"yuanrong"}'], "auth")
    ex = r.ex
    c.add("yrcli", "sends X-Auth", ex is not None and ex.header("X-Auth") == e.args.token,
          "X-Auth: <redacted>" if ex and ex.header("X-Auth") else "no X-Auth")
    check_answer(c, r, 200)
    return r


@case("auth-before-404", "with token auth on, a request without a valid token gets 401 first, "
      "even on an unknown path")
def _(e, c):
    r = e.run(["invoke", "-f", "default@hello#x", "--payload", "{}"], "auth")
    ex = r.ex
    c.add("yr serve", "401 on an unknown path without a token", ex is not None and ex.status == 401,
          f"{ex.method} {ex.raw_path} → HTTP {ex.status} {short(ex.resp_body)}" if ex else "-")
    return r


# ---- the function API and developer tokens (issue 22)

SERVED = ["default@hello:latest", "default@echo:latest", "compat@fail:latest", "compat@slow:latest"]


def token_redacted(text):
    return re.sub(r"(Token: )\S+", r"\1<redacted>", text or "")


@case("list", "yrcli list: GET /admin/v1/functions (the frontend forwards it to the meta service, "
      "metaservice/handler.go) with X-Tenant-Id; the meta service answers {code, message, result: "
      "{functions, total}} (functionsystem router/function.go getFunctionList); yrcli prints "
      "`{name[2:]}:{versionNumber}` a line; `yr functions` in a pipe prints the same lines")
def _(e, c):
    r = e.run(["list"], "plain")
    ex = r.ex
    c.add("yrcli", "sends GET /admin/v1/functions with X-Tenant-Id: default",
          ex is not None and ex.method == "GET" and ex.raw_path == "/admin/v1/functions"
          and ex.header("X-Tenant-Id") == "default",
          f"{ex.method} {ex.raw_path} X-Tenant-Id: {ex.header('X-Tenant-Id')}" if ex else "nothing sent")
    body = ex.resp_json() if ex else None
    result = body.get("result") if isinstance(body, dict) else None
    c.add("yr serve", "200 {code: 0, result: {functions, total}}",
          ex is not None and ex.status == 200 and isinstance(result, dict)
          and isinstance(result.get("functions"), list) and result.get("total") == len(SERVED),
          f"HTTP {ex.status if ex else '-'} {short(ex.resp_body) if ex else ''}")
    c.add("yrcli", "exit 0 and prints every served function", r.rc == 0 and r.stdout.split() == SERVED,
          f"exit {r.rc}: {short(r.stdout)}")
    if e.args.yr:
        p = e.run(["functions"], "plain", program=e.args.yr)
        r.parity = p
        c.add("yr", "`yr functions` prints the same lines", p.rc == 0 and p.stdout.split() == SERVED,
              f"exit {p.rc}: {short(p.stdout or p.stderr)}")
        c.add("yr", "and sends what yrcli sends", p.ex is not None and p.ex.raw_path == "/admin/v1/functions"
              and p.ex.header("X-Tenant-Id") == "default", f"{p.ex.method} {p.ex.raw_path}" if p.ex else "-")
    return r


@case("list-paged", "the meta service's paging, pageIndex and pageSize (router/function.go parsePageParam, "
      "gen/kv.go.tmpl ExecuteWithPage): `yr functions --page 2 --page-size 3` gets the fourth entry; yrcli "
      "list pages only instances")
def _(e, c):
    r = e.run(["list", "--page", "2", "--page-size", "3"], "plain")
    c.add("yrcli", "list --page pages instances only: the functions come unpaged",
          r.ex is not None and r.ex.raw_path == "/admin/v1/functions", f"{r.ex.raw_path}" if r.ex else "-")
    if not e.args.yr:
        return r
    p = e.run(["functions", "--page", "2", "--page-size", "3"], "plain", program=e.args.yr)
    r.parity = p
    ex = p.ex
    c.add("yr", "sends ?pageIndex=2&pageSize=3", ex is not None
          and ex.raw_path == "/admin/v1/functions?pageIndex=2&pageSize=3", f"{ex.raw_path}" if ex else "-")
    body = ex.resp_json() if ex else None
    functions = (body or {}).get("result", {}).get("functions") if isinstance(body, dict) else None
    c.add("yr serve", "answers the fourth entry, total 4",
          isinstance(functions, list) and len(functions) == 1
          and body["result"].get("total") == len(SERVED), short(ex.resp_body) if ex else "-")
    c.add("yr", "prints it", p.rc == 0 and p.stdout.split() == SERVED[3:],
          f"exit {p.rc}: {short(p.stdout)} {short(p.stderr)}")
    return r


@case("query", "yrcli query -f default@hello: GET /admin/v1/functions/0@default@hello?versionNumber=latest; "
      "the meta service answers {code: 0, message: SUCCESS, function: {...}} (router/function.go adaptRsp); "
      "yrcli prints data.function")
def _(e, c):
    r = e.run(["query", "-f", "default@hello"], "plain")
    ex = r.ex
    path = "/admin/v1/functions/0@default@hello?versionNumber=latest"
    c.add("yrcli", f"sends GET {path}", ex is not None and ex.raw_path == path, f"{ex.raw_path}" if ex else "-")
    body = ex.resp_json() if ex else None
    c.add("yr serve", "200 {code: 0, message: SUCCESS, function}", ex is not None and ex.status == 200
          and isinstance(body, dict) and body.get("message") == "SUCCESS" and isinstance(body.get("function"), dict),
          short(ex.resp_body) if ex else "-")
    printed = r.stdout_json()
    c.add("yrcli", "prints the function, named 0@default@hello, version latest",
          r.rc == 0 and isinstance(printed, dict) and printed.get("name") == "0@default@hello"
          and printed.get("versionNumber") == "latest", f"exit {r.rc}: {short(r.stdout)}")
    if e.args.yr:
        p = e.run(["functions", "default@hello:latest"], "plain", program=e.args.yr)
        r.parity = p
        c.add("yr", "`yr functions default@hello:latest` sends the same and prints default@hello:latest",
              p.rc == 0 and p.stdout == "default@hello:latest\n" and p.ex is not None and p.ex.raw_path == path,
              f"exit {p.rc}: {short(p.stdout or p.stderr)}")
    return r


@case("query-unknown", "an unknown function: 404 {code: 4115, message: `function [0@default@nope] is not found. "
      "check input parameters`} (router/function.go handleBadRequestResp, errmsg FunctionNotFound)")
def _(e, c):
    r = e.run(["query", "-f", "default@nope"], "plain")
    ex = r.ex
    body = ex.resp_json() if ex else None
    c.add("yr serve", "404, code 4115, the meta service's words", ex is not None and ex.status == 404
          and isinstance(body, dict) and body.get("code") == 4115
          and body.get("message") == "function [0@default@nope] is not found. check input parameters",
          f"HTTP {ex.status if ex else '-'} {short(ex.resp_body) if ex else ''}")
    c.add("yrcli", "says the function is not found", "function not found" in r.stdout, short(r.stdout))
    if e.args.yr:
        p = e.run(["functions", "default@nope:latest"], "plain", program=e.args.yr)
        r.parity = p
        c.add("yr", "exit 4 with the meta service's message", p.rc == 4 and "code 4115" in p.stderr,
              f"exit {p.rc}: {short(p.stderr)}")
    return r


@case("list-auth", "the function API is not in the token whitelist (middleware/jwtauth_whitelist.go): "
      "without a token 401, with YR_JWT_TOKEN the list")
def _(e, c):
    r = e.run(["list"], "auth")
    c.add("yr serve", "401 without a token", r.ex is not None and r.ex.status == 401,
          f"HTTP {r.ex.status if r.ex else '-'}")
    r = e.run(["list"], "auth", env={"YR_JWT_TOKEN": e.args.token})
    c.add("yrcli", "with YR_JWT_TOKEN: exit 0 and the list", r.rc == 0 and r.stdout.split() == SERVED,
          f"exit {r.rc}: {short(r.stdout)}")
    return r


def require_token(e, c, ttl):
    """yrcli token-require against the --token-file emulator (whose token is the operator's); the token it printed."""
    argv = ["token-require", "--tenant-id", "dev-001", "--operator-token", e.args.token]
    if ttl:
        argv += ["--ttl", str(ttl)]
    r = e.run(argv, "auth")
    ex = r.ex
    want = {"X-Auth": e.args.token, "X-Tenant-ID": "dev-001", "X-Role": "developer"}
    if ttl:
        want["X-TTL"] = str(ttl)
    got = {k: ex.header(k) for k in want} if ex else {}
    c.add("yrcli", "sends GET /auth/token/require with X-Auth, X-Tenant-ID, X-Role" + (", X-TTL" if ttl else ""),
          ex is not None and ex.method == "GET" and ex.raw_path == "/auth/token/require" and got == want,
          f"{ex.method} {ex.raw_path} " + ", ".join(k for k, v in got.items() if v) if ex else "nothing sent")
    issued = ex.resp_header("X-Auth") if ex else None
    c.add("yr serve", "200 with the developer token in X-Auth and X-Expired-Time-Span (token_proxy_handler.go, "
          "iam_actor.cpp)", ex is not None and ex.status == 200 and bool(issued)
          and bool(ex.resp_header("X-Expired-Time-Span")), f"HTTP {ex.status if ex else '-'}")
    c.add("yrcli", "prints `Token: <the X-Auth header>`", r.rc == 0 and issued is not None
          and r.stdout.strip() == f"Token: {issued}", f"exit {r.rc}: {short(token_redacted(r.stdout))}")
    r.argv = [a if a != e.args.token else "<redacted>" for a in r.argv]
    r.stdout = token_redacted(r.stdout)
    for x in r.exchanges:
        x.resp_headers = [(k, "<redacted>" if k.lower() == "x-auth" else v) for k, v in x.resp_headers]
    return r, issued


@case("token-require", "yrcli token-require: GET /auth/token/require (api.go's auth group, "
      "token_proxy_handler.go RequireTokenProxyHandler); the token it gets is one the emulator's auth "
      "accepts; `yr token` gets one the same way")
def _(e, c):
    r, issued = require_token(e, c, 3600)
    if issued:
        call = e.run(["invoke", "-f", "default@hello", "--payload", '{"name":"dev"}'], "auth",
                     env={"YR_JWT_TOKEN": issued})
        c.add("yr serve", "accepts the issued token for a call", call.rc == 0 and call.stdout_json() == "hello dev",
              f"exit {call.rc}: {short(call.stdout or error_line(call))}")
    if e.args.yr:
        p = e.run(["token", "--tenant", "dev-002", "--ttl", "1h", "--print"], "auth", program=e.args.yr,
                  env={"YR_JWT_TOKEN": e.args.token})
        mine = p.stdout.strip()
        sent = p.ex
        c.add("yr", "`yr token --print` sends the same headers and prints the X-Auth it got",
              p.rc == 0 and sent is not None and sent.header("X-Role") == "developer"
              and sent.header("X-TTL") == "3600" and mine == (sent.resp_header("X-Auth") or "-"),
              f"exit {p.rc}: {short(p.stderr)}")
        if mine:
            call = e.run(["invoke", "default@hello", "-d", '{"name":"dev"}'], "auth", program=e.args.yr,
                         env={"YR_JWT_TOKEN": mine})
            c.add("yr", "and `yr invoke` with it gets through", call.rc == 0 and call.stdout == '"hello dev"',
                  f"exit {call.rc}: {short(call.stderr)}")
        p.stdout = "<redacted>\n" if mine else p.stdout
        for x in p.exchanges:
            x.resp_headers = [(k, "<redacted>" if k.lower() == "x-auth" else v) for k, v in x.resp_headers]
        r.parity = p
    return r


@case("token-ttl", "X-TTL is honoured (token_proxy_handler.go parseTokenProxyTTL): a 1 s token is refused "
      "once it has expired, 401 as for any token the IAM server does not accept")
def _(e, c):
    r, issued = require_token(e, c, 1)
    refused = None
    deadline = time.time() + 10
    while issued and time.time() < deadline:
        call = e.run(["invoke", "-f", "default@hello", "--payload", "{}"], "auth", env={"YR_JWT_TOKEN": issued})
        if call.ex is not None and call.ex.status == 401:
            refused = call
            break
        time.sleep(0.3)
    c.add("yr serve", "refuses the token within 10 s (401)", refused is not None,
          "still accepted" if issued else "no token")
    return r


@case("token-abandon", "abandon is unsupported: upstream's route answers 501 `developer token abandon is not "
      "supported; token expiration depends on TTL` (AbandonTokenProxyHandler); yrcli says so without sending, "
      "`yr token --abandon` too (exit 4)")
def _(e, c):
    message = "developer token abandon is not supported; token expiration depends on TTL"
    r = e.run(["token-abandon", "--tenant-id", "dev-001", "--operator-token", e.args.token], "auth")
    r.argv = [a if a != e.args.token else "<redacted>" for a in r.argv]
    c.add("yrcli", "sends nothing, exits non-zero with upstream's words", not r.exchanges and r.rc not in (0, None)
          and message in r.stderr, f"exit {r.rc}: {short(error_line(r))}")
    host, port = e.args.auth.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", "/auth/token/abandon", headers={"X-Tenant-ID": "dev-001"})
    answer = conn.getresponse()
    body = json_or_none(answer.read())
    conn.close()
    c.add("yr serve", "GET /auth/token/abandon: 501 {\"error\": upstream's words}",
          answer.status == 501 and body == {"error": message}, f"HTTP {answer.status} {short(body)}")
    if e.args.yr:
        p = e.run(["token", "--abandon"], "auth", program=e.args.yr, env={"YR_JWT_TOKEN": e.args.token})
        r.parity = p
        c.add("yr", "exit 4 with the same words, nothing sent", p.rc == 4 and message in p.stderr and not p.exchanges,
              f"exit {p.rc}: {short(p.stderr)}")
    return r


# ---- TLS: the https switch (no proxy can watch; urllib3's debug log shows the scheme)

def tls_case(e, c, env, target, want_scheme, want_ok, parity=True, who="yrcli"):
    """want_ok: True (prints hello), False (fails), None (no check on the outcome)."""
    r = e.run(["invoke", "-f", "default@hello", "--payload", '{"name":"yuanrong"}'], target,
              env=env, proxy=False, debug=True)
    c.add(who, f"connects with {want_scheme}", r.scheme() == want_scheme, f"{r.scheme()}")
    if want_ok:
        check_yrcli_prints(c, r, "hello yuanrong")
    elif want_ok is False:
        c.add("yrcli", "fails (exit non-zero)", r.rc not in (0, None), f"exit {r.rc}: {short(error_line(r))}")
    if parity and e.args.yr:
        y = e.run(["invoke", "default@hello", "-d", '{"name":"yuanrong"}'], target, env=env,
                  proxy=False, program=e.args.yr)
        c.add("yr", "`yr invoke` with the same environment ends the same way (success or not)",
              (y.rc == 0) == (r.rc == 0), f"yr exit {y.rc}: {short(y.stdout or error_line(y))}")
        r.parity = y
    return r


def need_tls(e, c, which="tls"):
    if not getattr(e.args, which):
        c.add("skip", f"no {which} emulator (openssl missing?)", True)
        return False
    return True


@case("tls-insecure", "YR_INSECURE=true: https without verification (frontend.md: yrcli switches "
      "to https in insecure mode)")
def _(e, c):
    if need_tls(e, c):
        return tls_case(e, c, {"YR_INSECURE": "true"}, "tls", "https", True)


@case("tls-insecure-on", "YR_INSECURE=on: click reads on/off/t/f/y/n as booleans too, and so "
      "does yr (cli.md's rule names only 1,true,yes / 0,false,no,empty)")
def _(e, c):
    if need_tls(e, c):
        r = tls_case(e, c, {"YR_INSECURE": "on"}, "tls", "https", True, parity=False)
        y = e.run(["invoke", "default@hello", "-d", "{}"], "tls", env={"YR_INSECURE": "on"},
                  proxy=False, program=e.args.yr) if e.args.yr else None
        if y is not None:
            c.add("yr", "`yr invoke` with YR_INSECURE=on ends the same way",
                  (y.rc == 0) == (r.rc == 0), f"yr exit {y.rc}: {short(error_line(y))}")
            r.parity = y
        return r


@case("tls-ca", "YR_VERIFY_FILE=<CA>: https, verified against that CA")
def _(e, c):
    if need_tls(e, c):
        return tls_case(e, c, {"YR_VERIFY_FILE": e.args.ca}, "tls", "https", True)


@case("tls-insecure-false", "YR_INSECURE=false and no CA: plain http (against an HTTPS port it "
      "fails)")
def _(e, c):
    if need_tls(e, c):
        return tls_case(e, c, {"YR_INSECURE": "false"}, "tls", "http", False)


@case("client-cert-only", "frontend.md: yrcli switches to https when a CA file, insecure mode "
      "**or a client certificate** is set; here only YR_CERT_FILE/YR_PRIVATE_KEY_FILE, plain "
      "emulator")
def _(e, c):
    if need_tls(e, c, "client_cert"):
        return tls_case(e, c, {"YR_CERT_FILE": e.args.client_cert,
                               "YR_PRIVATE_KEY_FILE": e.args.client_key}, "plain", "https", None,
                        who="frontend.md")


@case("mtls", "YR_VERIFY_FILE + YR_CERT_FILE + YR_PRIVATE_KEY_FILE against an emulator with "
      "--client-ca: https with a client certificate, 200")
def _(e, c):
    if need_tls(e, c, "mtls"):
        return tls_case(e, c, {"YR_VERIFY_FILE": e.args.ca, "YR_CERT_FILE": e.args.client_cert,
                               "YR_PRIVATE_KEY_FILE": e.args.client_key}, "mtls", "https", True)


@case("mtls-one-way", "YR_CLIENT_AUTH_TYPE=one-way (yrcli only) drops the client certificate: "
      "an emulator with --client-ca refuses the handshake")
def _(e, c):
    if need_tls(e, c, "mtls"):
        return tls_case(e, c, {"YR_VERIFY_FILE": e.args.ca, "YR_CERT_FILE": e.args.client_cert,
                               "YR_PRIVATE_KEY_FILE": e.args.client_key,
                               "YR_CLIENT_AUTH_TYPE": "one-way"}, "mtls", "https", False,
                        parity=False)


# --------------------------------------------------------------------------- report

def describe_sent(r):
    if r is None:
        return "-"
    if r.exchanges:
        ex = r.ex
        return f"{ex.method} {ex.raw_path}"
    if r.urllib3:
        scheme = r.scheme() or "?"
        for line in r.urllib3:
            m = re.search(r'"(GET|POST) (\S+) HTTP/1.1"', line)
            if m:
                return f"{scheme}: {m.group(1)} {m.group(2)}"
        return f"{scheme}: no answer"
    return "nothing sent"


def describe_answer(r):
    if r is None or not r.exchanges:
        if r is not None and r.urllib3:
            for line in r.urllib3:
                m = re.search(r'HTTP/1.1" (\d+)', line)
                if m:
                    return f"HTTP {m.group(1)}"
        return "-"
    ex = r.ex
    if ex.status is None:
        return ex.error or "-"
    body = ex.resp_json()
    code = f", code {body.get('code')}" if isinstance(body, dict) and "code" in body else ""
    return f"HTTP {ex.status}{code}"


def redact_argv(argv):
    out = list(argv)
    for i, a in enumerate(out[:-1]):
        if a == "--jwt-token":
            out[i + 1] = "<redacted>"
    return out


def md_cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--yrcli", required=True)
    ap.add_argument("--yr", help="yr binary, for the `yr invoke` parity checks")
    ap.add_argument("--plain", required=True, help="host:port of the plain emulator")
    ap.add_argument("--auth", required=True, help="host:port of the --token-file emulator")
    ap.add_argument("--token", required=True)
    ap.add_argument("--tls")
    ap.add_argument("--mtls")
    ap.add_argument("--ca")
    ap.add_argument("--client-cert")
    ap.add_argument("--client-key")
    ap.add_argument("--out", required=True, help="folder for results.json and results.md")
    ap.add_argument("--only", help="run only cases whose name contains this")
    ap.add_argument("--meta", default="{}", help="JSON of facts to put in the report header")
    args = ap.parse_args()

    try:
        env = Env(args)
    except OSError as err:
        print(f"yrcli-compat: cannot start the capture proxy: {err}", file=sys.stderr)
        return 2

    results = []
    for name, spec, fn in CASES:
        if args.only and args.only not in name:
            continue
        checks = Checks()
        try:
            run = fn(env, checks)
        except Exception as err:  # a broken case is a finding, the others still run
            checks.add("helper", f"case raised {type(err).__name__}: {err}", False)
            run = None
        skipped = any(ch["who"] == "skip" for ch in checks.items)
        failed = checks.failed()
        verdict = "SKIP" if skipped else ("PASS" if not failed else "DIFF")
        whos = sorted({ch["who"] for ch in failed})
        line = f"{verdict} {name}"
        if failed:
            line += ": " + "; ".join(f"[{ch['who']}] {ch['what']} (saw: {short(ch['seen'], 100)})"
                                     for ch in failed)
        print(line, flush=True)
        parity = getattr(run, "parity", None) if run else None
        results.append({
            "case": name,
            "frontend_md": spec,
            "verdict": verdict,
            "differs": whos,
            "yrcli": ("yrcli " + " ".join(shlex.quote(a) for a in redact_argv(run.argv))) if run else None,
            "env": ({k: ("<redacted>" if k == "YR_JWT_TOKEN" else v) for k, v in run.env_extra.items()}
                    if run else None),
            "sent": describe_sent(run),
            "answer": describe_answer(run),
            "exit": run.rc if run else None,
            "stdout": run.stdout if run else None,
            "stderr": run.stderr[-3000:] if run else None,
            "traceback": run.traceback() if run else None,
            "exchanges": [x.as_dict() for x in run.exchanges] if run else [],
            "urllib3": run.urllib3 if run else [],
            "yr_parity": ({"exit": parity.rc, "stdout": parity.stdout, "stderr": parity.stderr[-1500:]}
                          if parity else None),
            "checks": checks.items,
        })
    for r in results:  # tokens never go in the report
        for x in r["exchanges"]:
            x["headers"] = [(k, "<redacted>" if k.lower() == "x-auth" else v) for k, v in x["headers"]]
    if "webhook-post" in env.shared:
        meta_hook = env.shared["webhook-post"]
    else:
        meta_hook = None

    passed = sum(1 for r in results if r["verdict"] == "PASS")
    failed = sum(1 for r in results if r["verdict"] == "DIFF")
    skipped = sum(1 for r in results if r["verdict"] == "SKIP")
    os.makedirs(args.out, exist_ok=True)
    meta = json.loads(args.meta)
    meta["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"meta": meta, "webhook_post": meta_hook, "cases": results}, f, indent=2,
                  ensure_ascii=False)
    certs = os.path.dirname(args.ca) if args.ca else None
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(" · ".join(f"{k}: {v}" for k, v in meta.items()) + "\n\n")
        f.write("| # | case | yrcli command | sent | answer | exit | yrcli printed | verdict |\n")
        f.write("|---|---|---|---|---|---|---|---|\n")
        for i, r in enumerate(results, 1):
            printed = short(r["stdout"], 50) if (r["stdout"] or "").strip() else \
                short(error_line_text(r["stderr"] or ""), 70)
            env_s = " ".join(f"{k}={v}" for k, v in (r["env"] or {}).items())
            if certs:
                env_s = env_s.replace(certs, "$CERTS")
            cmd = (env_s + " " if env_s else "") + (r["yrcli"] or "")
            verdict = r["verdict"] + (f" ({', '.join(r['differs'])})" if r["differs"] else "")
            f.write("| " + " | ".join(md_cell(x) for x in (
                i, r["case"], f"`{short(cmd, 90)}`", f"`{short(r['sent'], 70)}`", r["answer"],
                r["exit"], printed, verdict)) + " |\n")
    summary = f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")
    print(summary, flush=True)
    return 0


def error_line_text(stderr):
    lines = [line for line in stderr.splitlines() if line.strip()]
    if not lines:
        return ""
    tb = "Traceback (most recent call last)" in stderr
    return ("traceback: " if tb else "") + lines[-1]


if __name__ == "__main__":
    sys.exit(main())
