#!/usr/bin/env python3
"""Loopback HTTPS test server for erready update tests (never contacts any other host).

Listeners (all on 127.0.0.1, free ports chosen by the kernel, written to --portfile):
  main       HTTPS with a certificate signed by the test CA (trusted via --cacert)
  rogue      HTTPS with a self-signed certificate the client must reject
  wrongname  HTTPS with a CA-signed certificate for another host name
  proxy      plain HTTP proxy that only tunnels CONNECT to 127.0.0.1 (logs each CONNECT)

Routes on main (files come from --data DIR, re-read on every request):
  /page/<Cloud>            download page linking the ServiceTags_<Cloud>_*.json files in DIR
  /files/<name>            the file, with ETag and Last-Modified; 304 on If-None-Match
  /status/<code>           that status with a short body
  /flaky/<key>/<name>      500 the first time a key is seen, then the file
  /stall/<name>            headers and 100 bytes, then silence
  /truncate/<name>         announces the full length, sends half, closes
  /big-declared            announces 200 MiB
  /big-stream              streams 8 MiB without a length (chunked)
  /redirect/<name>         302 to /files/<name>
  /redirect-http           302 to an http:// URL (must be refused)
  /m365/version/<Inst>     {"instance": Inst, "latest": <DIR/m365-version-Inst>}
  /m365/endpoints/<Inst>   DIR/m365-<Inst>.json
Every request is appended to --log as "main <path> inm=<If-None-Match>".
The server exits by itself after --lifetime seconds (or with --orphan-exit when its parent
is gone).
"""
import argparse
import hashlib
import http.server
import os
import select
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
import time
import email.utils

LOCK = threading.Lock()


def log(args, line):
    with LOCK:
        with open(args.log, "a") as f:
            f.write(line + "\n")


def openssl(*a):
    subprocess.run(["openssl", *a], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def make_certs(d):
    """Test CA, a server cert for 127.0.0.1, one for another name, and a self-signed one."""
    if os.path.exists(os.path.join(d, "done")):
        return
    os.makedirs(d, exist_ok=True)
    p = lambda n: os.path.join(d, n)
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", p("ca.key"), "-out", p("ca.pem"), "-days", "3",
            "-subj", "/CN=erready test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    for name, san in (("server", "IP:127.0.0.1,DNS:localhost"), ("wrongname", "DNS:wrong.example")):
        with open(p(name + ".ext"), "w") as f:
            f.write("basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
                    "extendedKeyUsage=serverAuth\nsubjectAltName=%s\n" % san)
        openssl("req", *ec, "-keyout", p(name + ".key"), "-out", p(name + ".csr"),
                "-subj", "/CN=" + name)
        openssl("x509", "-req", "-in", p(name + ".csr"), "-CA", p("ca.pem"), "-CAkey", p("ca.key"),
                "-CAcreateserial", "-out", p(name + ".pem"), "-days", "3",
                "-extfile", p(name + ".ext"))
    openssl("req", "-x509", *ec, "-keyout", p("rogue.key"), "-out", p("rogue.pem"), "-days", "3",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
    open(p("done"), "w").close()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "erready-test"

    def log_message(self, fmt, *a):
        pass

    def send_body(self, code, body, ctype="application/json", extra=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_data(self, name):
        if "/" in name or name.startswith("."):
            return None
        try:
            with open(os.path.join(self.server.args.data, name), "rb") as f:
                return f.read()
        except OSError:
            return None

    def serve_file(self, name):
        body = self.read_data(name)
        if body is None:
            return self.send_body(404, b"not found\n", "text/plain")
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        mtime = os.path.getmtime(os.path.join(self.server.args.data, name))
        lm = email.utils.formatdate(mtime, usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_body(200, body, extra=(("ETag", etag), ("Last-Modified", lm)))

    def do_GET(self):
        args = self.server.args
        path = self.path.split("?", 1)[0]
        log(args, "main %s inm=%s" % (self.path, self.headers.get("If-None-Match", "")))
        parts = path.strip("/").split("/")
        head = parts[0] if parts else ""
        if head == "page" and len(parts) == 2:
            cloud = parts[1]
            names = sorted(n for n in os.listdir(args.data)
                           if n.startswith("ServiceTags_%s_" % cloud) and n.endswith(".json"))
            base = "https://127.0.0.1:%d/files/" % self.server.server_address[1]
            links = "".join('<a href="%s%s" class="mscom-link">%s</a>\n' % (base, n, n)
                            for n in names)
            # Modern download pages also embed the links JSON-escaped in a script block.
            script = ",".join('{"url":"%s"}' % (base + n).replace("/", "\\/") for n in names)
            page = ("<!DOCTYPE html><html><head><title>Azure IP Ranges and Service Tags - %s"
                    "</title></head><body><h1>Download</h1>\n<p>Your download should start "
                    "automatically. If not, <b>click here</b>:</p>\n%s"
                    "<a href=\"http://example.invalid/ServiceTags_%s_29991231.json\">plain http"
                    "</a>\n<a href=\"https://elsewhere.invalid/ServiceTags_%s_29991231.json\">"
                    "other host</a>\n<script>window.__DLCDetails__={\"files\":[%s]}</script>"
                    "</body></html>\n" % (cloud, links, cloud, cloud, script))
            return self.send_body(200, page.encode(), "text/html; charset=utf-8")
        if head == "files" and len(parts) == 2:
            return self.serve_file(parts[1])
        if head == "status" and len(parts) == 2:
            return self.send_body(int(parts[1]), b"status page\n", "text/plain")
        if head == "flaky" and len(parts) == 3:
            with LOCK:
                first = parts[1] not in self.server.flaky_seen
                self.server.flaky_seen.add(parts[1])
            if first:
                return self.send_body(500, b"internal error\n", "text/plain")
            return self.serve_file(parts[2])
        if head == "stall":
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.wfile.write(b"{" + b" " * 99)
            self.wfile.flush()
            time.sleep(30)
            return
        if head == "truncate" and len(parts) == 2:
            body = self.read_data(parts[1]) or b"{}" * 1000
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if head == "big-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(200 << 20))
            self.end_headers()
            self.wfile.write(b"[" * 4096)
            return
        if head == "big-stream":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"[" * 65536
            try:
                for _ in range(128):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
            self.close_connection = True
            return
        if head == "redirect" and len(parts) == 2:
            return self.send_body(302, b"", "text/plain", (("Location", "/files/" + parts[1]),))
        if head == "redirect-http":
            return self.send_body(302, b"", "text/plain",
                                  (("Location", "http://127.0.0.1:1/x.json"),))
        if head == "m365" and len(parts) == 3 and parts[1] == "version":
            v = self.read_data("m365-version-" + parts[2])
            if v is None:
                return self.send_body(404, b"no such instance\n", "text/plain")
            body = ('{"instance": "%s", "latest": "%s"}' % (parts[2], v.decode().strip())).encode()
            return self.send_body(200, body)
        if head == "m365" and len(parts) == 3 and parts[1] == "endpoints":
            return self.serve_file("m365-%s.json" % parts[2])
        self.send_body(404, b"no route\n", "text/plain")


class TLSServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, args, cert, key):
        super().__init__(("127.0.0.1", 0), Handler)
        self.args = args
        self.flaky_seen = set()
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        self.socket = ctx.wrap_socket(self.socket, server_side=True)

    def handle_error(self, request, client_address):
        pass  # clients that abort (size caps, timeouts) are expected


class ProxyHandler(socketserver.BaseRequestHandler):
    def handle(self):
        f = self.request.makefile("rb")
        line = f.readline().decode("latin-1").strip()
        while True:
            h = f.readline()
            if h in (b"\r\n", b"\n", b""):
                break
        parts = line.split()
        log(self.server.args, "proxy %s" % line)
        if len(parts) < 2 or parts[0] != "CONNECT" or not parts[1].startswith("127.0.0.1:"):
            self.request.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        try:
            up = socket.create_connection(("127.0.0.1", int(parts[1].split(":")[1])), timeout=10)
        except OSError:
            self.request.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        socks = [self.request, up]
        deadline = time.time() + 30
        while time.time() < deadline:
            r, _, _ = select.select(socks, [], [], 1)
            done = False
            for s in r:
                data = s.recv(65536)
                if not data:
                    done = True
                    break
                (up if s is self.request else self.request).sendall(data)
            if done:
                break
        up.close()


class ProxyServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, args):
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.args = args


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--certdir", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--portfile", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--lifetime", type=float, default=60)
    ap.add_argument("--orphan-exit", action="store_true",
                    help="exit as soon as the process that started us is gone")
    args = ap.parse_args()
    make_certs(args.certdir)
    c = lambda n: os.path.join(args.certdir, n)
    servers = {
        "main": TLSServer(args, c("server.pem"), c("server.key")),
        "rogue": TLSServer(args, c("rogue.pem"), c("rogue.key")),
        "wrongname": TLSServer(args, c("wrongname.pem"), c("wrongname.key")),
        "proxy": ProxyServer(args),
    }
    for s in servers.values():
        threading.Thread(target=s.serve_forever, daemon=True).start()
    tmp = args.portfile + ".tmp"
    with open(tmp, "w") as f:
        for k, s in servers.items():
            f.write("%s %d\n" % (k, s.server_address[1]))
    os.rename(tmp, args.portfile)
    parent = os.getppid()
    end = time.time() + args.lifetime
    while time.time() < end:
        time.sleep(0.2)
        if args.orphan_exit and os.getppid() != parent:  # the test that started us is gone
            break
    os._exit(0)


if __name__ == "__main__":
    main()
