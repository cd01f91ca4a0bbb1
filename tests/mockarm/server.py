#!/usr/bin/python3
"""Mock Azure Resource Manager for vnetc tests: an in-memory resource store
with ARM's async protocol (Azure-AsyncOperation for PUT, Location for PATCH
and DELETE), injected faults from a scenario file, a JSON-lines request log,
and fake client-credential and managed-identity token endpoints.
Python 3 standard library only; listens on 127.0.0.1 and nowhere else.

usage: server.py PORT [--scenario FILE] [--log FILE] [--max-seconds N]
                      [--token T] [--tenant T] [--client-id ID]
                      [--client-secret S] [--identity-header H]
                      [--allow-anonymous] [--strict] [--verbose]
                      [--seed FILE] [--op-delay SECONDS]
                      [--tls CERT KEY] [--no-keepalive]
                      [--bucket CLASS=SIZE/RATE ...] [--page-size N]
PORT 0 picks a free port; the port is always the first line on stdout.
Secrets (token, client secret, identity header) may also come from the
environment (MOCKARM_TOKEN, MOCKARM_CLIENT_SECRET, MOCKARM_IDENTITY_HEADER),
which keeps them out of `ps`. The log never contains any of them.

For the executor's tests (tests/apply.sh):
  --seed FILE       a JSON object {resource id: body} stored before the
                    first request, provisioned (what a spec calls existing);
                    a body's properties.provisioningState (Updating:
                    another's operation under way) is its state for good
  --op-delay S      operations end S seconds after they start, polled or
                    not (as ARM's do); Retry-After says how long is left;
                    a write to a resource whose operation (or a parent's,
                    or that of a resource its body refers to) is still
                    running gets 409 AnotherOperationInProgress. Without
                    it an operation ends at its second poll.
  PATCH             sets the members of "properties" one by one, each
                    replacing its old value whole, as Storage and Key
                    Vault do (patch_merge); other keys are replaced
  PUT of an existing SQL server that carries properties.administrators:
                    400 AadOnlyAuthenticationIsEnabled, as a server with
                    Microsoft Entra-only authentication answers (its
                    model: "If used for server update, it will be ignored
                    or it will result in an error"; the mock errs); one
                    without keeps the server's administrators and
                    administratorLogin (create-only: keep_create_only)
  POST .../list     answers the resource without /list ({"properties":{}}
                    if only its parent exists): sites/config/appsettings/list
  POST .../listKeys of a storage account that exists answers its two
                    keys, MOCK_KEY and a second (a created function app's
                    connection strings); 404 if it does not exist
  PUT of a site with siteConfig.appSettings: the settings become its
                    config/appsettings (as App Service keeps them), and a
                    GET of the site shows no appSettings
  PUT of a deployment slot (sites/X/slots/S) beyond its plan tier's
                    slots per app (Basic: none; Standard 5, ...), and of
                    a private endpoint to group id sites-S of an app
                    without slot S: 409 Conflict (the mock's wording)
  DELETE            deletes the resource's children with it (a site's
                    slots and policies), as ARM does
  PUT of .../storageAccounts/A/fileServices/default/shares/S (or
                    blobServices/default/containers/C): the file (blob)
                    service "default" is there once the account is
  POST (other)      any other action answers 200 {} (purge, refresh)
  .../sites/X/config/slotConfigNames: its slot settings' names, there
                    once the site is (no name until written)
  .../sites/X/config/web: a site's configuration, there once the site is
                    (GET answers App Service's default until written);
                    its access restrictions as App Service answers
                    them: an address without a length gets /32 (/128),
                    and each list ends in App Service's own last rule,
                    "Allow all" or "Deny all" (ipAddress Any, priority
                    2147483647) after the default action (access_rules)
  .../namespaces/N/networkRuleSets/default (Service Bus, Event Hubs): a
                    namespace's firewall, there once the namespace is
                    (GET answers the default: Allow, no rules); its
                    publicNetworkAccess is the namespace's own: a GET
                    shows the namespace's, and a PUT that carries one
                    sets it on the namespace (docs/azure-notes.md 20)
  DELETE .../sites/X/networkConfig/virtualNetwork clears the site's
                    virtualNetworkSubnetId (the swift connection)
  --tls CERT KEY    serve https with this PEM certificate and key (the
                    test of --ca-bundle: vnetc must verify it)
  --no-keepalive    close the connection after each answer: libcurl then
                    never meets a kept-alive connection that a dropped
                    request closed, which it would send that request on
                    again by itself (the test counting vnetc's tries)
  log entries carry "inflight": requests being handled when this one
                    arrived, itself included (decremented before answering),
                    "t": seconds since the start when the answer went out,
                    and "op": the path of the operation an answer's
                    Azure-AsyncOperation or Location header points at

  --bucket CLASS=SIZE/RATE  throttle CLASS (reads: GET and HEAD, polls
                    of an operation included; writes: PUT, PATCH, POST;
                    deletes: DELETE) as ARM does since 2024: a token
                    bucket of SIZE tokens per subscription, refilled at
                    RATE a second (ARM's: reads=250/25, writes=200/10,
                    deletes=200/10; tests scale them down). A request
                    takes a token, or is answered 429
                    SubscriptionRequestsThrottled with Retry-After (whole
                    seconds until a token is there) and takes none; every
                    answer to a throttled class carries
                    x-ms-ratelimit-remaining-subscription-CLASS, the
                    tokens left. Repeat for each class; none: no
                    throttling. Log entries of such requests carry
                    "remaining"
  GET of a list     .../resourceGroups/RG/providers/NS/TYPE answers
                    {"value": [the group's resources of that type]} when
                    the group exists; .../NS/TYPE/NAME/CHILD (e.g.
                    .../privateEndpoints/E/privateDnsZoneGroups) answers
                    {"value": [its children]} when the parent exists
  --page-size N     lists come N items a page; each page but the last
                    carries "nextLink" (the same path, $skiptoken=OFFSET),
                    as ARM pages long lists: a client must follow it

A scenario may also hold "policies": [POLICY, ...], each a DeployIfNotExists
policy that gives a private endpoint a zone group of its own some time after
the endpoint appears (what Azure Policy does in a landing zone):
  endpoint          a regular expression searched in the endpoint's path
  after             seconds after the endpoint's PUT (default 0)
  name              the zone group's name (default "deployedByPolicy")
  zones             the private DNS zone ids it holds

A scenario file is {"faults": [FAULT, ...]}; each request is matched
against the faults in order, and the first that fires answers it. A FAULT:
  method, path      "*" or the method; a regular expression searched in
                    the path (case-insensitive); polls are /__ops/N and
                    /__loc/N
  times, after      fire for this many matching requests (-1: always;
                    default 1) after letting the first `after` through
  action            status (default when "status" is given): answer with
                    status, code, message (nested: as a deployment
                    wraps it), or body, plus headers and retry_after
                    (the Retry-After header); drop, reset: close the
                    connection without an answer (FIN, RST); slow: wait
                    seconds, then handle the request; fail_operation:
                    the write's operation ends Failed with code and
                    message; headers: handle the request, then add
                    headers and retry_after to its answer
"""

import argparse
import copy
import hmac
import json
import os
import re
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
import uuid
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 16 * 1024 * 1024
MI_API_VERSION = "2019-08-01"
ACTIONS = ("status", "drop", "reset", "slow", "fail_operation", "headers")
TOKEN_PATH = re.compile(r"^/([^/]+)/oauth2/v2\.0/token$")
SWIFT = re.compile(r"/networkconfig/virtualnetwork$")


# An NSG's default rules as a GET returns them (the six of
# learn.microsoft.com/azure/virtual-network/network-security-groups-overview,
# "Default security rules"), which a client must not take for its own.
DEFAULT_RULES = [
    {"name": n, "properties": {"priority": p, "direction": d, "access": a,
                               "protocol": "*", "sourcePortRange": "*",
                               "destinationPortRange": "*",
                               "sourceAddressPrefix": src,
                               "destinationAddressPrefix": dst}}
    for n, p, d, a, src, dst in (
        ("AllowVnetInBound", 65000, "Inbound", "Allow", "VirtualNetwork",
         "VirtualNetwork"),
        ("AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow",
         "AzureLoadBalancer", "*"),
        ("DenyAllInBound", 65500, "Inbound", "Deny", "*", "*"),
        ("AllowVnetOutBound", 65000, "Outbound", "Allow", "VirtualNetwork",
         "VirtualNetwork"),
        ("AllowInternetOutBound", 65001, "Outbound", "Allow", "*",
         "Internet"),
        ("DenyAllOutBound", 65500, "Outbound", "Deny", "*", "*"))]


def now_iso():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def patch_merge(dst, src, top=True):
    """A PATCH as Storage and Key Vault apply it: the members of
    "properties" are set one by one, each replacing its old value whole (a
    networkAcls of {defaultAction} loses its ipRules), and so are the
    other top-level keys. ARM's contract asks for RFC 7386 inside
    properties; the mock keeps to what the strictest RPs do, so that a
    client that relies on a deeper merge is caught."""
    for k, v in src.items():
        if top and k == "properties" and isinstance(v, dict) and \
                isinstance(dst.get(k), dict):
            patch_merge(dst[k], v, False)  # its members replace theirs
        elif v is None:
            dst.pop(k, None)         # RFC 7386: null deletes
        else:
            dst[k] = copy.deepcopy(v)
    return dst


def arm_error(code, message, nested=False):
    """{"error":{code,message}}; nested wraps it the way a failed deployment
    does (Bicep#2579): the inner error is a JSON string in a message."""
    err = {"error": {"code": code, "message": message}}
    if not nested:
        return err
    inner = json.dumps({"status": "Failed", "error": {
        "code": code, "message": message, "details": []}}, indent=2)
    return {"error": {
        "code": "DeploymentFailed",
        "message": "At least one resource deployment operation failed.",
        "details": [{"code": "Conflict", "message": inner}]}}


def default_code(status):
    try:
        return HTTPStatus(status).phrase.replace(" ", "").replace("-", "")
    except ValueError:
        return "Error%d" % status


def split_resource(path):
    """(type, name, parent path or None) of an ARM resource path, judged
    from its last /providers/ segment."""
    segs = [s for s in path.split("/") if s]
    low = [s.lower() for s in segs]
    if "providers" not in low:
        # /subscriptions/S/resourceGroups/RG: a resource group
        if len(segs) == 4 and low[2] == "resourcegroups":
            return "Microsoft.Resources/resourceGroups", segs[3], None
        return "", segs[-1] if segs else "", None
    p = len(low) - 1 - low[::-1].index("providers")
    rest = segs[p + 1:]
    if len(rest) < 3 or len(rest) % 2 == 0:
        return "", segs[-1], None
    rtype = rest[0] + "/" + "/".join(rest[1::2])
    parent = None
    if len(rest) > 3:
        parent = "/" + "/".join(segs[:-2])
    return rtype, rest[-1], parent


# The class of a request for ARM's throttling, by method, and the header
# that tells its remaining requests (learn.microsoft.com/azure/
# azure-resource-manager/management/request-limits-and-throttling).
BUCKET_CLASSES = ("reads", "writes", "deletes")
RATELIMIT_HEADER = "x-ms-ratelimit-remaining-subscription-"
SUBSCRIPTION = re.compile(r"^/subscriptions/([^/]+)", re.IGNORECASE)
RESOURCE_GROUP = re.compile(r"^/subscriptions/[^/]+/resourcegroups/[^/]+$")


def bucket_class(method):
    if method in ("GET", "HEAD"):
        return "reads"
    return "deletes" if method == "DELETE" else "writes"


class Bucket:
    """A token bucket per subscription (caller holds the state's lock)."""

    def __init__(self, spec):
        try:
            size, rate = spec.split("/")
            self.size, self.rate = float(size), float(rate)
        except ValueError:
            raise ValueError("--bucket wants CLASS=SIZE/RATE, not %r" % spec)
        if self.size < 1 or self.rate <= 0:
            raise ValueError("--bucket %r: SIZE >= 1, RATE > 0" % spec)
        self.subs = {}      # subscription -> [tokens, time of that count]

    def take(self, sub, now):
        """(remaining, retry_after): retry_after is None when the request
        took a token, else the whole seconds until one is there."""
        b = self.subs.setdefault(sub.lower(), [self.size, now])
        b[0] = min(self.size, b[0] + (now - b[1]) * self.rate)
        b[1] = now
        if b[0] >= 1:
            b[0] -= 1
            return int(b[0]), None
        return 0, max(1, int(-(-(1 - b[0]) // self.rate)))


class Fault:
    def __init__(self, i, d):
        if not isinstance(d, dict):
            raise ValueError("fault %d is not an object" % i)
        self.index = i
        self.method = str(d.get("method", "*")).upper()
        self.path = re.compile(d.get("path", ".*"), re.IGNORECASE)
        self.times = int(d.get("times", 1))
        self.after = int(d.get("after", 0))
        self.action = d.get("action", "status" if "status" in d else None)
        if self.action not in ACTIONS:
            raise ValueError("fault %d: action must be one of %s"
                             % (i, ", ".join(ACTIONS)))
        self.status = int(d.get("status", 500 if self.action == "status"
                                else 400))
        self.code = d.get("code") or default_code(self.status)
        self.message = d.get("message", "injected by mockarm scenario")
        self.nested = bool(d.get("nested", False))
        self.body = d.get("body")
        self.retry_after = d.get("retry_after")
        self.headers = dict(d.get("headers", {}))
        self.seconds = float(d.get("seconds", 1.0))
        self.seen = 0

    def take(self, method, path):
        """Whether this fault fires for the request; consumes one use."""
        if self.method not in ("*", method) or not self.path.search(path):
            return False
        self.seen += 1
        if self.seen <= self.after or self.times == 0:
            return False
        if self.times > 0:
            self.times -= 1
        return True


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.store = {}     # lower-cased id -> {"id", "body", "state"}
        self.ops = {}       # n -> operation
        self.next_op = 1
        self.seq = 0
        self.start = time.monotonic()
        self.port = 0
        self.scheme = "https" if args.tls else "http"
        self.faults = []
        self.inflight = 0
        if args.seed:
            with open(args.seed, encoding="utf-8") as f:
                for rid, body in json.load(f).items():
                    # a seed may be caught in another's operation
                    state = (body.get("properties") or {}).pop(
                        "provisioningState", "Succeeded")
                    self.store[rid.lower().rstrip("/")] = dict(
                        id=rid.rstrip("/"), body=body, state=state)
        self.policies = []
        if args.scenario:
            with open(args.scenario, encoding="utf-8") as f:
                sc = json.load(f)
            for i, d in enumerate(sc.get("faults", [])):
                self.faults.append(Fault(i, d))
            self.policies = sc.get("policies", [])
        self.log = open(args.log, "a", encoding="utf-8") if args.log else None
        self.buckets = {}
        for b in args.bucket or []:
            cls, _, spec = b.partition("=")
            if cls not in BUCKET_CLASSES:
                raise ValueError("--bucket: CLASS is one of %s, not %r"
                                 % (", ".join(BUCKET_CLASSES), cls))
            self.buckets[cls] = Bucket(spec)

    def throttle(self, method, path):
        """(class, remaining, retry_after) of a request that ARM
        throttles, or None: a path under /subscriptions/S, or a poll of an
        operation (its resource's subscription)."""
        cls = bucket_class(method)
        if cls not in self.buckets:
            return None
        with self.lock:
            m = re.match(r"^/__(?:ops|loc)/(\d+)$", path)
            if m and int(m.group(1)) in self.ops:
                path = self.ops[int(m.group(1))]["key"]
            sub = SUBSCRIPTION.match(path)
            if not sub:
                return None
            return (cls,) + self.buckets[cls].take(sub.group(1),
                                                   time.monotonic())

    def run_policies(self):
        """Each policy's zone group on each endpoint it matches, once the
        endpoint is there and its time has come (caller holds the lock)."""
        for pol in self.policies:
            rx = re.compile(pol["endpoint"], re.IGNORECASE)
            for key, rec in list(self.store.items()):
                if not re.search(r"/providers/microsoft\.network/"
                                 r"privateendpoints/[^/]+$", key) or \
                        not rx.search(key) or rec["state"] != "Succeeded":
                    continue
                if time.monotonic() - rec.get("t", 0) < pol.get("after", 0):
                    continue
                name = pol.get("name", "deployedByPolicy")
                zg = key + "/privatednszonegroups/" + name.lower()
                if zg in self.store:
                    continue
                self.store[zg] = dict(
                    id=rec["id"] + "/privateDnsZoneGroups/" + name,
                    state="Succeeded", body={"properties": {
                        "privateDnsZoneConfigs": [
                            {"name": z.rsplit("/", 1)[-1], "properties":
                             {"privateDnsZoneId": z}}
                            for z in pol.get("zones", [])]}})

    def fault_for(self, method, path):
        with self.lock:
            for f in self.faults:
                if f.take(method, path):
                    return f
        return None

    def op_left(self, op):
        """Seconds until a timed operation (--op-delay) ends; None when
        operations end by polls."""
        if self.args.op_delay is None:
            return None
        return max(0.0, op["t0"] + self.args.op_delay - time.monotonic())

    def settle(self, finish):
        """With --op-delay, end every operation whose time is up (caller
        holds the lock)."""
        if self.args.op_delay is None:
            return
        for op in self.ops.values():
            if not op["done"] and self.op_left(op) == 0:
                op["done"] = True
                finish(op)

    def clock(self):
        return round(time.monotonic() - self.start, 6)

    def write_log(self, entry):
        with self.lock:
            if not self.log or self.log.closed:
                return  # a slow request finishing after shutdown
            self.seq += 1
            entry = dict(seq=self.seq, t=round(time.monotonic() -
                                               self.start, 3), **entry)
            self.log.write(json.dumps(entry, sort_keys=True) + "\n")
            self.log.flush()

    def view(self, rec):
        body = copy.deepcopy(rec["body"])
        rtype, name, _ = split_resource(rec["id"])
        body["id"] = rec["id"]
        body["name"] = name
        if rtype:
            body["type"] = rtype
        props = body.get("properties")
        if not isinstance(props, dict):
            props = body["properties"] = {}
        props["provisioningState"] = rec["state"]
        if rtype.lower() == "microsoft.network/networksecuritygroups":
            # ARM answers with the default rules too, read-only
            props["defaultSecurityRules"] = DEFAULT_RULES
            for r in props.get("securityRules") or []:
                r.setdefault("properties", {})["provisioningState"] = \
                    "Succeeded"
        if rtype.lower() == \
                "microsoft.network/virtualnetworks/virtualnetworkpeerings":
            # ARM answers with the remote VNet's address space, read-only
            # (VirtualNetworkPeeringPropertiesFormat remoteAddressSpace)
            rid = (props.get("remoteVirtualNetwork") or {}).get("id", "")
            remote = self.store.get(rid.lower().rstrip("/"))
            space = ((remote or {}).get("body", {}).get("properties")
                     or {}).get("addressSpace")
            if space:
                props["remoteAddressSpace"] = copy.deepcopy(space)
        if rtype.lower() == \
                "microsoft.managedidentity/userassignedidentities":
            # ARM answers with the identity's service principal, read-only
            # (UserAssignedIdentityProperties: principalId, clientId,
            # tenantId), made up here from its id
            props.update(principal_of(rec["id"]))
        ident = body.get("identity")
        if isinstance(ident, dict):
            # a site's identities, with their principals, read-only
            # (ManagedServiceIdentity)
            # (a principal the store has already is the site's: kept)
            if "systemassigned" in str(ident.get("type", "")).lower():
                ident.setdefault("principalId", principal_of(
                    rec["id"])["principalId"])
                ident.setdefault("tenantId", MOCK_TENANT)
            for uid, v in (ident.get("userAssignedIdentities") or
                           {}).items():
                p = principal_of(uid)
                if isinstance(v, dict):
                    v.setdefault("principalId", p["principalId"])
                    v.setdefault("clientId", p["clientId"])
        return body

    def new_op(self, kind, method, key, fail, api):
        with self.lock:
            n = self.next_op
            self.next_op += 1
            self.ops[n] = dict(kind=kind, method=method, key=key, fail=fail,
                               polls=0, api=api, start=now_iso(),
                               t0=time.monotonic(), done=False)
        prefix = "/__ops/" if kind == "async" else "/__loc/"
        return "%s://127.0.0.1:%d%s%d?api-version=%s" % (
            self.scheme, self.port, prefix, n, urllib.parse.quote(api, safe=""))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mockarm/1"
    st = None   # set in main()

    def setup(self):
        super().setup()
        # headers and body go out in two writes: without this, Nagle and
        # delayed ACKs add 40 ms to every answer
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *a):
        if self.st.args.verbose:
            sys.stderr.write("mockarm: " + (fmt % a) + "\n")

    # plumbing

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n",
                                                        b""):
                        pass
                    return out
                out += self.rfile.read(size)
                self.rfile.readline()
                if len(out) > MAX_BODY:
                    raise ValueError("body too large")
        n = int(self.headers.get("Content-Length") or 0)
        if n > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(n) if n else b""

    def send(self, status, body=None, headers=None):
        data = b""
        if body is not None:
            data = (body if isinstance(body, bytes)
                    else json.dumps(body).encode())
        self.uncount()
        self.t_out = self.st.clock()
        self.send_response(status)
        self.send_header("x-ms-request-id", str(uuid.uuid4()))
        headers = dict(headers or {}, **self.extra)
        if self.st.args.no_keepalive:
            headers["Connection"] = "close"
        for k, v in headers.items():
            self.send_header(k, str(v))
            if k.lower() in ("azure-asyncoperation", "location"):
                self.op_sent = urllib.parse.urlsplit(str(v)).path
        if status != 204:
            if data:
                self.send_header("Content-Type",
                                 "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data and status != 204 and self.command != "HEAD":
            self.wfile.write(data)
        self.status_sent = status

    def drop(self, reset):
        """Close without an answer; reset sends RST instead of FIN."""
        self.uncount()
        self.close_connection = True
        try:
            if reset:
                self.connection.setsockopt(socket.SOL_SOCKET,
                                           socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.connection.close()
            else:
                self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # dispatch

    def do_GET(self):
        self.handle_any()

    do_PUT = do_PATCH = do_DELETE = do_POST = do_HEAD = do_GET

    def handle_any(self):
        st = self.st
        self.status_sent = None
        self.t_out = None
        self.extra = {}
        self.op_sent = None
        with st.lock:
            st.inflight += 1
            self.counted = True
            inflight = st.inflight
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        query = dict(urllib.parse.parse_qsl(url.query,
                                            keep_blank_values=True))
        method = self.command
        try:
            raw = self.read_body()
        except (ValueError, OSError):
            self.close_connection = True
            self.send(400, arm_error("InvalidRequestContent",
                                     "unreadable request body"))
            return
        auth = self.headers.get("Authorization")
        want = "Bearer " + st.args.token
        # t_in / t_out (when the request came, when its answer began):
        # the order of two requests one of which waits for the other's
        # answer; seq and t are taken when the entry is logged, after
        # the answer, so a thread may log later than a request it caused
        entry = dict(method=method, path=path, query=query,
                     t_in=st.clock(), inflight=inflight, auth_present=auth is not None,
                     auth_ok=auth is not None and hmac.compare_digest(
                         auth.encode(), want.encode()),
                     fault=None)
        special = (path in ("/__shutdown", "/__store")
                   or TOKEN_PATH.match(path) or path == "/msi/token")
        if not special:
            entry["body"] = self.body_for_log(raw)
        try:
            self.route(method, path, query, raw, special, entry)
        finally:
            self.uncount()
            entry["status"] = self.status_sent
            entry["t_out"] = self.t_out
            if self.op_sent:
                entry["op"] = self.op_sent
            st.write_log(entry)

    def uncount(self):
        """Leave the in-flight count before the client can see an answer,
        so that a client sending one request at a time counts 1."""
        if getattr(self, "counted", False):
            self.counted = False
            with self.st.lock:
                self.st.inflight -= 1

    def body_for_log(self, raw):
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode("utf-8", "replace")

    def route(self, method, path, query, raw, special, entry):
        st = self.st
        if path == "/__shutdown":
            self.send(200, {"status": "shutting down"})
            threading.Thread(target=self.server.shutdown,
                             daemon=True).start()
            return
        if path == "/__store" and method == "GET":
            with st.lock:
                st.settle(self.finish_op)
                dump = {k: st.view(r) for k, r in st.store.items()}
            self.send(200, dump)
            return
        if not special:
            # ARM checks the token first, then the api-version
            if not st.args.allow_anonymous and not entry["auth_ok"]:
                self.send(401, arm_error(
                    "AuthenticationFailed" if not entry["auth_present"]
                    else "InvalidAuthenticationToken",
                    "The access token is missing or invalid."))
                return
            if not query.get("api-version"):
                self.send(400, arm_error(
                    "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is "
                    "required for all requests."))
                return
        if not special:
            th = st.throttle(method, path)
            if th:
                cls, left, retry = th
                entry["remaining"] = left
                self.extra = {RATELIMIT_HEADER + cls: left}
                if retry is not None:
                    return self.send(429, arm_error(
                        "SubscriptionRequestsThrottled",
                        "Number of '%s' requests for this subscription "
                        "exceeded. Please try again after '%d' seconds."
                        % (cls[:-1], retry)), {"Retry-After": retry})
        f = st.fault_for(method, path)
        if f:
            entry["fault"] = f.index
            if f.action == "drop" or f.action == "reset":
                self.drop(f.action == "reset")
                return
            if f.action == "slow":
                time.sleep(f.seconds)
            elif f.action == "headers":
                self.extra.update(f.headers)
                if f.retry_after is not None:
                    self.extra["Retry-After"] = f.retry_after
            elif f.action == "status":
                body = f.body if f.body is not None else arm_error(
                    f.code, f.message, f.nested)
                hdrs = dict(f.headers)
                if f.retry_after is not None:
                    hdrs["Retry-After"] = f.retry_after
                self.send(f.status, body, hdrs)
                return
        m = TOKEN_PATH.match(path)
        if m:
            return self.token_endpoint(method, m.group(1), raw, entry)
        if path == "/msi/token":
            return self.msi_endpoint(method, query, entry)
        if path.startswith("/__ops/"):
            return self.poll_async(path[len("/__ops/"):])
        if path.startswith("/__loc/"):
            return self.poll_location(path[len("/__loc/"):])
        fail = f if f and f.action == "fail_operation" else None
        self.resource(method, path, query, raw, fail)

    # token endpoints

    def token_answer(self):
        return {"token_type": "Bearer", "expires_in": 3599,
                "ext_expires_in": 3599,
                "expires_on": str(int(time.time()) + 3599),
                "access_token": self.st.args.token}

    def token_endpoint(self, method, tenant, raw, entry):
        a = self.st.args
        form = dict(urllib.parse.parse_qsl(raw.decode("utf-8", "replace"),
                                           keep_blank_values=True))
        secret = form.pop("client_secret", None)
        secret_ok = secret is not None and hmac.compare_digest(
            secret.encode(), a.client_secret.encode())
        entry.update(tenant=tenant, form=form, secret_present=secret
                     is not None, secret_ok=secret_ok)
        if method != "POST":
            return self.send(405, {"error": "invalid_request",
                                   "error_description":
                                   "AADSTS900561: POST required."})
        if a.tenant and tenant != a.tenant:
            return self.send(400, {"error": "invalid_tenant",
                                   "error_description":
                                   "AADSTS90002: Tenant not found."})
        if form.get("grant_type") != "client_credentials":
            return self.send(400, {"error": "unsupported_grant_type",
                                   "error_description": "AADSTS70003"})
        if form.get("client_id") != a.client_id:
            return self.send(400, {"error": "unauthorized_client",
                                   "error_description":
                                   "AADSTS700016: Application not found."})
        if not secret_ok:
            return self.send(401, {"error": "invalid_client",
                                   "error_description":
                                   "AADSTS7000215: Invalid client secret "
                                   "provided."})
        if not form.get("scope", "").endswith("/.default"):
            return self.send(400, {"error": "invalid_scope",
                                   "error_description":
                                   "AADSTS70011: scope must end in "
                                   "/.default."})
        self.send(200, self.token_answer())

    def msi_endpoint(self, method, query, entry):
        a = self.st.args
        h = self.headers.get("X-IDENTITY-HEADER")
        ok = h is not None and hmac.compare_digest(
            h.encode(), a.identity_header.encode())
        entry.update(identity_header_present=h is not None,
                     identity_header_ok=ok)
        if method != "GET":
            return self.send(405, {"error": "invalid_request",
                                   "error_description": "GET required"})
        if not ok:
            return self.send(401, {"error": "invalid_request",
                                   "error_description":
                                   "X-IDENTITY-HEADER missing or wrong"})
        if query.get("api-version") != MI_API_VERSION:
            return self.send(400, {"error": "invalid_request",
                                   "error_description":
                                   "api-version must be " + MI_API_VERSION})
        if not query.get("resource"):
            return self.send(400, {"error": "invalid_request",
                                   "error_description":
                                   "resource is required"})
        body = self.token_answer()
        body["resource"] = query["resource"]
        body["client_id"] = query.get("client_id", "system-assigned")
        self.send(200, body)

    # operations

    def get_op(self, n, kind):
        try:
            op = self.st.ops[int(n)]
        except (ValueError, KeyError):
            return None, None
        return (int(n), op) if op["kind"] == kind else (None, None)

    def finish_op(self, op):
        """Apply a terminal operation to the store."""
        st = self.st
        rec = st.store.get(op["key"])
        if not rec:
            return
        if op["fail"]:
            rec["state"] = "Failed"
        elif op["method"] == "DELETE":
            # ARM deletes a resource's children with it: a site's slots,
            # config and policies, an endpoint's zone groups
            for k in [k for k in st.store
                      if k == op["key"] or k.startswith(op["key"] + "/")]:
                del st.store[k]
        else:
            rec["state"] = "Succeeded"

    def poll_async(self, n):
        st = self.st
        with st.lock:
            n, op = self.get_op(n, "async")
            if op is None:
                body = arm_error("OperationNotFound", "no such operation")
                status, hdrs = 404, {}
            else:
                op["polls"] += 1
                body = {"id": "/__ops/%d" % n, "name": str(n),
                        "startTime": op["start"]}
                hdrs = {}
                left = st.op_left(op)
                if (op["polls"] == 1) if left is None else left > 0:
                    body["status"] = "InProgress"
                    hdrs["Retry-After"] = int(-(-(left or 0) // 1))
                else:
                    if not op["done"]:
                        op["done"] = True
                        self.finish_op(op)
                    body["endTime"] = now_iso()
                    if op["fail"]:
                        body["status"] = "Failed"
                        body["error"] = arm_error(op["fail"].code,
                                                  op["fail"].message,
                                                  op["fail"].nested)["error"]
                    else:
                        body["status"] = "Succeeded"
                status = 200
        self.send(status, body, hdrs)

    def poll_location(self, n):
        st = self.st
        with st.lock:
            n, op = self.get_op(n, "location")
            if op is None:
                body, status, hdrs = arm_error("OperationNotFound",
                                               "no such operation"), 404, {}
            elif ((op["polls"] == 0) if st.op_left(op) is None
                  else st.op_left(op) > 0):
                op["polls"] += 1
                body, status = None, 202
                hdrs = {"Location": self.loc_url(n, op),
                        "Retry-After": int(-(-(st.op_left(op) or 0) //
                                             1))}
            else:
                if not op["done"]:
                    op["done"] = True
                    self.finish_op(op)
                op["polls"] += 1
                hdrs = {}
                f = op["fail"]
                if f:
                    status = f.status if f.status >= 400 else 400
                    body = arm_error(f.code, f.message, f.nested)
                elif op["method"] == "DELETE":
                    body, status = None, 204
                else:
                    rec = st.store.get(op["key"])
                    body, status = (st.view(rec), 200) if rec else (
                        arm_error("ResourceNotFound", "gone"), 404)
        self.send(status, body, hdrs)

    def loc_url(self, n, op):
        return "%s://127.0.0.1:%d/__loc/%d?api-version=%s" % (
            self.st.scheme, self.st.port, n, urllib.parse.quote(op["api"], safe=""))

    # resources

    def not_found(self, path):
        rtype, name, _ = split_resource(path)
        return arm_error("ResourceNotFound",
                         "The Resource '%s/%s' was not found." %
                         (rtype or "resource", name))

    def resource(self, method, path, query, raw, fail):
        st = self.st
        api = query["api-version"]
        key = path.lower().rstrip("/")
        with st.lock:
            st.settle(self.finish_op)
        if method == "POST":
            return self.action(key, path)
        if method == "DELETE" and SWIFT.search(key):
            return self.disconnect(key)
        rtype, name, parent = split_resource(path)
        body = None
        if method == "GET":
            with st.lock:
                st.run_policies()
                rec = site_config(st.store, key, path)
                body = st.view(rec) if rec else self.collection(key, path, query)
            return self.send(200, body) if body else self.send(
                404, self.not_found(path))
        if method == "PUT" or method == "PATCH":
            try:
                body = json.loads(raw or b"null")
            except ValueError:
                body = None
            if not isinstance(body, dict):
                return self.send(400, arm_error(
                    "InvalidRequestContent",
                    "The request content was invalid: not a JSON object."))
            if isinstance(body.get("properties"), dict):
                body["properties"].pop("provisioningState", None)
        if self.busy(key, method, body):
            return self.send(409, arm_error(
                "AnotherOperationInProgress",
                "Another operation on this or dependent resource is in "
                "progress."))
        if method == "PUT":
            return self.put(path, key, rtype, parent, api, body, fail)
        if method == "PATCH":
            with st.lock:
                rec = site_config(st.store, key, path)
                if rec:
                    patch_merge(rec["body"], body)
                    if SITE_CONFIG.search(key):
                        access_rules(rec["body"].setdefault("properties", {}))
                    rec["state"] = "Updating"
            if not rec:
                return self.send(404, self.not_found(path))
            loc = st.new_op("location", "PATCH", key, fail, api)
            return self.send(202, None, {"Location": loc, "Retry-After": 0})
        if method == "DELETE":
            with st.lock:
                rec = st.store.get(key)
                user = in_use(st.store, key) if rec else None
                if rec and not user:
                    rec["state"] = "Deleting"
            if not rec:
                return self.send(204)
            if user:
                return self.send(400, arm_error(
                    IN_USE_CODES.get(rtype.lower(), "InUseCannotBeDeleted"),
                    "%s is in use by %s and cannot be deleted."
                    % (path.rstrip("/"), user)))
            loc = st.new_op("location", "DELETE", key, fail, api)
            return self.send(202, None, {"Location": loc, "Retry-After": 0})
        self.send(405, arm_error("MethodNotAllowed",
                                 "mockarm serves GET, PUT, PATCH, DELETE"))

    def collection(self, key, path, query):
        """{"value": [...], "nextLink"?} for a path ending in a type, or
        None (caller holds the lock). Two forms, as ARM lists:
        .../providers/NS/type under a resource group that exists lists
        the group's resources of that type; .../NS/type/NAME/child lists
        a resource's children of that type when it exists. With
        --page-size N the list comes N at a time, each page but the last
        with a nextLink (its $skiptoken is the offset) that the client
        must follow."""
        segs = key.split("/")
        low = [x for x in segs if x]
        if "providers" not in low:
            return None
        rest = low[len(low) - 1 - low[::-1].index("providers") + 1:]
        if len(rest) == 2 and "/providers/" in "/".join(segs[:-3]):
            # an extension resource's list at a resource's scope
            # (.../vaults/V/providers/Microsoft.Authorization/
            # roleAssignments): the resource's own, when it exists
            parent = "/".join(segs[:-3])
            if parent not in self.st.store:
                return None
        elif len(rest) == 2:
            parent = "/".join(segs[:-3])
            # without --strict a seeded resource's group need not be
            # stored: one that holds something exists
            if (parent not in self.st.store and (self.st.args.strict or not
                    any(k.startswith(parent + "/") for k in self.st.store))):
                return None
        elif len(rest) >= 4 and not len(rest) % 2:
            parent = "/".join(segs[:-1])
            if parent not in self.st.store:
                return None
        else:
            return None
        kids = [self.st.view(r) for k, r in sorted(self.st.store.items())
                if k.startswith(key + "/") and "/" not in k[len(key) + 1:]]
        size = self.st.args.page_size
        if not size:
            return {"value": kids}
        try:
            start = max(0, int(query.get("$skiptoken", "0")))
        except ValueError:
            start = 0
        page = {"value": kids[start:start + size]}
        if start + size < len(kids):
            page["nextLink"] = "%s://127.0.0.1:%d%s?%s" % (
                self.st.scheme, self.st.port,
                urllib.parse.quote(path), urllib.parse.urlencode({
                    "api-version": query.get("api-version", ""),
                    "$skiptoken": start + size}))
        return page

    def busy(self, key, method, body=None):
        """With --op-delay, as in ARM ("Another operation on this or
        dependent resource is in progress"): a write is a conflict while
        an operation runs on its resource, on a parent of it, or on a
        resource its body refers to by id (or to a child of)."""
        if self.st.args.op_delay is None or method not in (
                "PUT", "PATCH", "DELETE"):
            return False
        refs = set()

        def walk(v):
            if isinstance(v, dict):
                for x in v.values():
                    walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)
            elif isinstance(v, str) and v.startswith("/subscriptions/"):
                refs.add(v.lower().rstrip("/"))
        walk(body)
        with self.st.lock:
            for k, rec in self.st.store.items():
                if rec["state"] not in ("Creating", "Updating", "Deleting"):
                    continue
                if key == k or key.startswith(k + "/") or any(
                        r == k or r.startswith(k + "/") for r in refs):
                    return True
        return False

    def action(self, key, path):
        """POST: .../list reads the resource without /list (app settings);
        .../listKeys a storage account's keys; any other action succeeds
        with {} (purge, refresh)."""
        st = self.st
        if key.endswith("/listkeys"):
            with st.lock:
                there = key[:-len("/listkeys")] in st.store
            if not there:
                return self.send(404, self.not_found(path))
            return self.send(200, {"keys": [
                {"keyName": "key1", "value": MOCK_KEY, "permissions": "FULL"},
                {"keyName": "key2", "value": "c2Vjb25k", "permissions": "FULL"}]})
        if not key.endswith("/list"):
            return self.send(200, {})
        target = key[:-len("/list")]
        with st.lock:
            rec = st.store.get(target)
            parent = "/".join(target.split("/")[:-2])
            body = None
            if rec:
                body = copy.deepcopy(rec["body"])
            elif parent in st.store:
                body = {"properties": {}}
        if body is None:
            return self.send(404, self.not_found(path[:-len("/list")]))
        if isinstance(body.get("properties"), dict):
            body["properties"].pop("provisioningState", None)
        body["id"] = path[:-len("/list")]
        return self.send(200, body)

    def disconnect(self, key):
        """DELETE .../sites/X/networkConfig/virtualNetwork: the site leaves
        its integration subnet (synchronous here)."""
        st = self.st
        site = SWIFT.sub("", key)
        with st.lock:
            rec = st.store.get(site)
            if rec:
                props = rec["body"].setdefault("properties", {})
                props.pop("virtualNetworkSubnetId", None)
        return self.send(200 if rec else 404, {} if rec else
                         arm_error("ResourceNotFound", "no such site"))

    def put(self, path, key, rtype, parent, api, body, fail):
        st = self.st
        segs = [s for s in key.split("/") if s]
        rg = "/".join(["", *segs[:4]])
        status, view, hdrs = None, None, {}
        with st.lock:
            old = st.store.get(key)
            if parent and (parent.lower().endswith("/fileservices/default")
                           or parent.lower().endswith("/blobservices/default")):
                parent = parent[:-len("/fileServices/default")]
            if parent and parent.lower() not in st.store:
                status, view = 404, arm_error(
                    "ParentResourceNotFound",
                    "Can not perform requested operation on nested "
                    "resource. Parent resource '%s' not found." % parent)
            elif st.args.strict and len(segs) > 4 and rg not in st.store:
                status, view = 404, arm_error(
                    "ResourceGroupNotFound",
                    "Resource group '%s' could not be found." % segs[3])
            elif old and sql_admins(rtype, body):
                status, view = 400, arm_error(
                    "AadOnlyAuthenticationIsEnabled",
                    "Azure Active Directory Only Authentication is "
                    "enabled. Please contact your system administrator.")
            elif role_exists(st.store, key, rtype, body):
                # ARM refuses a second assignment of one role to one
                # principal at one scope under another name
                # (github.com/Azure/bicep discussion 19690)
                status, view = 409, arm_error(
                    "RoleAssignmentExists",
                    "The role assignment already exists.")
            elif slot_refused(st.store, rtype, parent, body):
                # the mock's code and wording, not App Service's exact
                # ones
                status, view = 409, arm_error(
                    "Conflict", slot_refused(st.store, rtype, parent,
                                             body))
            elif linked_already(st.store, key, rtype, body):
                # one link per (zone, VNet), whatever its name: ARM's
                # answer to a second (learn.microsoft.com/azure/dns/
                # private-dns-virtual-network-links, "You can create only
                # one link between a private DNS zone and a virtual
                # network"; the wording as a Terraform run quoted it in
                # github.com/Azure/terraform-azurerm-caf-enterprise-scale
                # issue 468)
                status, view = 409, arm_error(
                    "Conflict", "Private zone '%s' is already linked to "
                    "the virtual network '%s'." % (
                        key.split("/")[-3], linked_already(
                            st.store, key, rtype, body)))
            elif remote_missing(st.store, rtype, body):
                # ARM refuses a reference to a resource that does not
                # exist (the mock's code and wording, not ARM's exact
                # ones)
                status, view = 400, arm_error(
                    "InvalidResourceReference",
                    "Resource '%s' referenced by resource '%s' was not "
                    "found." % (remote_missing(st.store, rtype, body),
                                path.rstrip("/")))
            elif rtype == "Microsoft.Resources/resourceGroups":
                # resource groups are created synchronously
                st.store[key] = dict(id=path.rstrip("/"), body=body,
                                     state="Succeeded")
                status, view = 200 if old else 201, st.view(st.store[key])
            else:
                if old and rtype.lower() == "microsoft.sql/servers":
                    keep_create_only(old["body"], body)
                read_only_answers(rtype, path, body, old)
                site_settings(st.store, rtype, key, path, body)
                rule_set_put(st.store, key, body)
                if SITE_CONFIG.search(key):
                    access_rules(body.setdefault("properties", {}))
                st.store[key] = dict(id=path.rstrip("/"), body=body,
                                     state="Updating" if old else "Creating",
                                     t=old["t"] if old and "t" in old else
                                     time.monotonic())
                status, view = 200 if old else 201, st.view(st.store[key])
                hdrs = None
        if hdrs is None:
            op = st.new_op("async", "PUT", key, fail, api)
            hdrs = {"Azure-AsyncOperation": op, "Retry-After": 0}
        self.send(status, view, hdrs)

MOCK_TENANT = "00000000-0000-0000-0000-00000000aaaa"


# Read-only properties ARM answers for a resource it creates, made up
# from its name (the public cloud's): a vault's URI (VaultProperties
# vaultUri), an account's endpoints (StorageAccountProperties
# primaryEndpoints), a SQL server's DNS name (ServerProperties
# fullyQualifiedDomainName). What a {from:} app setting reads.
READ_ONLY = {
    "microsoft.keyvault/vaults": lambda n: {
        "vaultUri": "https://%s.vault.azure.net/" % n},
    "microsoft.storage/storageaccounts": lambda n: {"primaryEndpoints": {
        s: "https://%s.%s.core.windows.net/" % (n, s)
        for s in ("blob", "queue", "table", "file", "dfs", "web")}},
    "microsoft.sql/servers": lambda n: {
        "fullyQualifiedDomainName": n + ".database.windows.net"},
}


def read_only_answers(rtype, path, body, old):
    """The read-only properties of READ_ONLY into body, a PUT's: made
    when the PUT creates the resource, kept from old when it updates one
    (a PUT does not send them). A resource seeded without them (one the
    tests say exists) gets none."""
    make = READ_ONLY.get((rtype or "").lower())
    props = body.get("properties") if isinstance(body, dict) else None
    if not make or not isinstance(props, dict):
        return
    made = make(path.rstrip("/").rsplit("/", 1)[1])
    before = (old or {}).get("body", {}).get("properties") or {}
    for k, v in made.items():
        if not old:
            props.setdefault(k, v)
        elif k in before:
            props.setdefault(k, copy.deepcopy(before[k]))


def principal_of(rid):
    """A made-up, stable principal and client id for a resource id."""
    u = lambda tag: str(uuid.uuid5(uuid.NAMESPACE_URL,
                                   tag + rid.lower().rstrip("/")))
    return dict(principalId=u("principal:"), clientId=u("client:"),
                tenantId=MOCK_TENANT)


def linked_already(store, key, rtype, body):
    """The VNet id of a PUT of a zone link at key, when another link of
    the zone (another name) links that VNet already; else None."""
    if rtype.lower() != "microsoft.network/privatednszones/virtualnetworklinks":
        return None
    want = str(((body.get("properties") or {}).get("virtualNetwork") or {})
               .get("id", ""))
    zone = key.rsplit("/", 1)[0] + "/"
    for k, rec in store.items():
        if k == key or not k.startswith(zone) or "/" in k[len(zone):]:
            continue
        have = ((rec["body"].get("properties") or {}).get("virtualNetwork")
                or {}).get("id", "")
        if want and str(have).lower() == want.lower():
            return want
    return None


def role_exists(store, key, rtype, body):
    """Whether a role assignment PUT at key grants what another of the
    store (another name at the same scope) grants already."""
    if rtype.lower() != "microsoft.authorization/roleassignments":
        return False
    scope = key.rsplit("/providers/", 1)[0]
    p = body.get("properties") or {}
    want = (str(p.get("principalId", "")).lower(),
            str(p.get("roleDefinitionId", "")).lower())
    for k, rec in store.items():
        if k == key or k.rsplit("/providers/", 1)[0] != scope or \
                "/providers/microsoft.authorization/roleassignments/" \
                not in k:
            continue
        q = rec["body"].get("properties") or {}
        if (str(q.get("principalId", "")).lower(),
                str(q.get("roleDefinitionId", "")).lower()) == want:
            return True
    return False


# The first key of every storage account (base64, as Azure's are).
MOCK_KEY = "TU9DSy1TVE9SQUdFLUtFWS1ET05PVExFQUs="


SITE_CONFIG = re.compile(r"/providers/microsoft\.web/sites/[^/]+/config/web$")
AR_LISTS = (("ipSecurityRestrictions", "ipSecurityRestrictionsDefaultAction"),
            ("scmIpSecurityRestrictions", "scmIpSecurityRestrictionsDefaultAction"))


def last_rule(action):
    """App Service's own last rule of an access list (Azure/arm-template-whatif
    issue 82 shows it; azure-cli's access-restriction tests read it)."""
    return {"ipAddress": "Any", "action": action, "priority": 2147483647,
            "name": action + " all", "description": action + " all access"}


def access_rules(props):
    """A site configuration's access lists as App Service answers them: its
    last rule after the default action (none written: Allow, or Deny once
    a list has rules), an address without a length with /32 or /128, the
    tag Default on rules without one."""
    for lst, dflt in AR_LISTS:
        rules = [r for r in props.get(lst) or []
                 if not (r.get("priority") == 2147483647 and
                         str(r.get("ipAddress", "")).lower() == "any")]
        for r in rules:
            ip = r.get("ipAddress")
            if r.get("tag") != "ServiceTag" and ip and "/" not in ip:
                r["ipAddress"] = ip + ("/128" if ":" in ip else "/32")
            r.setdefault("tag", "Default")
        action = props.get(dflt) or ("Deny" if rules else "Allow")
        props[lst] = rules + [last_rule(action)]


RULE_SET = re.compile(r"/providers/microsoft\.(servicebus|eventhub)/namespaces/"
                      r"[^/]+/networkrulesets/default$")


def rule_set(store, key, path):
    """The record of a namespace's networkRuleSets/default (caller holds the
    lock): the default while nothing wrote it, its publicNetworkAccess the
    namespace's; None without the namespace."""
    ns = store.get(key[:-len("/networkrulesets/default")])
    rec = store.get(key)
    if not ns:
        return rec
    if not rec:
        rec = store[key] = dict(id=path.rstrip("/"), body={"properties": {
            "defaultAction": "Allow", "trustedServiceAccessEnabled": False,
            "ipRules": [], "virtualNetworkRules": []}}, state="Succeeded")
    props = rec["body"].setdefault("properties", {})
    props["publicNetworkAccess"] = (ns["body"].get("properties") or {}).get(
        "publicNetworkAccess", "Enabled")
    return rec


def rule_set_put(store, key, body):
    """A PUT of a namespace's rule set: a publicNetworkAccess it carries is
    the namespace's (pulumi/pulumi-azure-native pull request 4832)."""
    props = body.get("properties") or {}
    ns = store.get(key[:-len("/networkrulesets/default")])
    if RULE_SET.search(key) and ns and "publicNetworkAccess" in props:
        ns["body"].setdefault("properties", {})["publicNetworkAccess"] = \
            props["publicNetworkAccess"]


SLOT_NAMES = re.compile(r"/providers/microsoft\.web/sites/[^/]+/config/slotconfignames$")


def site_config(store, key, path):
    """The record of a site's config/web or config/slotConfigNames (caller
    holds the lock): App Service's default while nothing wrote it (no
    names sticky); None without the site. A namespace's rule set likewise
    (rule_set)."""
    if RULE_SET.search(key):
        return rule_set(store, key, path)
    rec = store.get(key)
    if rec or not (SITE_CONFIG.search(key) or SLOT_NAMES.search(key)) or \
            key.rsplit("/config/", 1)[0] not in store:
        return rec
    if SLOT_NAMES.search(key):
        props = {"appSettingNames": None, "connectionStringNames": None,
                 "azureStorageConfigNames": None}
    else:
        props = {"scmIpSecurityRestrictionsUseMain": False}
        access_rules(props)
    rec = store[key] = dict(id=path.rstrip("/"), body={"properties": props},
                            state="Succeeded")
    return rec


def site_settings(store, rtype, key, path, body):
    """A site's (or a deployment slot's) siteConfig.appSettings, as App
    Service keeps them: its config/appsettings; a GET of the site does not
    show them."""
    sc = (body.get("properties") or {}).get("siteConfig") or {}
    if rtype.lower() not in ("microsoft.web/sites",
                             "microsoft.web/sites/slots") or \
            "appSettings" not in sc:
        return
    props = {s["name"]: s["value"] for s in sc.pop("appSettings") or []}
    store[key + "/config/appsettings"] = dict(
        id=path.rstrip("/") + "/config/appsettings",
        body={"properties": props}, state="Succeeded")


def references(rtype, body):
    """The ids a PUT refers to and ARM requires to exist: a peering's
    remote VNet, a subnet's NSG, route table and NAT gateway (inline in
    its VNet), a NAT gateway's public IPs."""
    props = body.get("properties") or {}
    t = rtype.lower()
    if t == "microsoft.network/virtualnetworks/virtualnetworkpeerings":
        return [(props.get("remoteVirtualNetwork") or {}).get("id", "")]
    out = []
    if t == "microsoft.network/virtualnetworks":
        for sn in props.get("subnets") or []:
            sp = sn.get("properties") or {}
            for k in ("networkSecurityGroup", "routeTable", "natGateway"):
                if isinstance(sp.get(k), dict):
                    out.append(sp[k].get("id", ""))
    if t == "microsoft.network/natgateways":
        out += [ip.get("id", "") for ip in props.get("publicIpAddresses")
                or []]
    return out


# Deployment slots per app by plan tier (the tier's name starts with the
# key): learn.microsoft.com/azure/azure-resource-manager/management/
# azure-subscription-service-limits, "App Service limits"; Functions:
# learn.microsoft.com/azure/azure-functions/functions-scale
SLOTS_PER_APP = {"free": 0, "shared": 0, "basic": 0, "standard": 5,
                 "premium": 20, "isolated": 20, "dynamic": 2,
                 "flexconsumption": 0, "elasticpremium": 3}


def slot_refused(store, rtype, parent, body):
    """Why App Service refuses a write, or None: a slot whose app's plan
    has no room for it (its tier's slots per app), or a private endpoint
    to group id sites-<slot> of an app without that slot (Azure knows the
    group id of a slot only once the slot exists)."""
    t = rtype.lower()
    if t == "microsoft.web/sites/slots" and parent:
        site = store.get(parent.lower().rstrip("/"))
        farm = ((site or {}).get("body", {}).get("properties") or {}) \
            .get("serverFarmId", "")
        sku = (store.get(farm.lower().rstrip("/")) or {}).get("body", {}) \
            .get("sku") or {}
        tier = (sku.get("tier") or "").lower()
        room = next((n for k, n in SLOTS_PER_APP.items()
                     if tier.startswith(k)), None)
        have = sum(1 for k in store
                   if k.startswith(parent.lower().rstrip("/") + "/slots/")
                   and k.count("/") == parent.count("/") + 2)
        if room is not None and have >= room:
            return ("The plan's tier %s allows %d deployment slots per app"
                    % (sku.get("tier"), room))
    if t == "microsoft.network/privateendpoints":
        props = body.get("properties") or {}
        for c in props.get("privateLinkServiceConnections") or []:
            cp = c.get("properties") or {}
            target = (cp.get("privateLinkServiceId") or "").lower()
            for g in cp.get("groupIds") or []:
                if g.lower().startswith("sites-") and \
                        target + "/slots/" + g[6:].lower() not in store:
                    return ("Private link group id %s: the app has no "
                            "deployment slot %s" % (g, g[6:]))
    return None


def keep_create_only(old, body):
    """A PUT over a SQL server keeps what only its create sets (its
    Microsoft Entra admin, its login: x-ms-mutability read, create in
    Servers.json 2023-08-01): a server's admin changes through its own
    child resource (servers/administrators), never by the server's PUT."""
    have = old.get("properties") or {}
    props = body.setdefault("properties", {})
    for k in ("administrators", "administratorLogin"):
        if k in have and k not in props:
            props[k] = have[k]


def sql_admins(rtype, body):
    """A SQL server body that restates its Microsoft Entra administrator,
    which only a create may carry (Servers.json 2023-08-01)."""
    return rtype.lower() == "microsoft.sql/servers" and \
        "administrators" in (body.get("properties") or {})


def remote_missing(store, rtype, body):
    """The first id of references() that is not in the store, or None:
    ARM refuses a peering to a VNet that does not exist, and a subnet or
    NAT gateway that names a missing resource."""
    for rid in references(rtype, body):
        if rid.lower().rstrip("/") not in store:
            return rid
    return None


def in_use(store, key):
    """The id of a resource that refers to key (an NSG, route table, NAT
    gateway or public IP), or None: ARM refuses to delete one in use
    (InUseNetworkSecurityGroupCannotBeDeleted, ...)."""
    for k, rec in store.items():
        rtype, _, _ = split_resource(rec["id"])
        for rid in references(rtype, rec["body"]):
            if rid.lower().rstrip("/") == key:
                return rec["id"]
    return None


# ARM's code for deleting each kind of resource while it is in use.
IN_USE_CODES = {
    "microsoft.network/networksecuritygroups":
        "InUseNetworkSecurityGroupCannotBeDeleted",
    "microsoft.network/routetables": "InUseRouteTableCannotBeDeleted",
    "microsoft.network/natgateways": "InUseNatGatewayCannotBeDeleted",
    "microsoft.network/publicipaddresses":
        "PublicIPAddressCannotBeDeleted",
}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    verbose = False
    # socketserver's default backlog of 5 drops the SYNs of a client that
    # opens 8 connections at once (vnetc's plan reads at --parallelism
    # 8): the kernel's retransmission makes those requests take 1 s more
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # clients that time out or hang up are part of the tests
        if self.verbose:
            super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("port", type=int)
    ap.add_argument("--scenario")
    ap.add_argument("--log")
    ap.add_argument("--max-seconds", type=float, default=120.0)
    ap.add_argument("--token",
                    default=os.environ.get("MOCKARM_TOKEN", "mock-arm-token"))
    ap.add_argument("--tenant", default=None)
    ap.add_argument("--client-id", default="mock-client-id")
    ap.add_argument("--client-secret",
                    default=os.environ.get("MOCKARM_CLIENT_SECRET",
                                           "mock-client-secret"))
    ap.add_argument("--identity-header",
                    default=os.environ.get("MOCKARM_IDENTITY_HEADER",
                                           "mock-identity-header"))
    ap.add_argument("--allow-anonymous", action="store_true")
    ap.add_argument("--strict", action="store_true",
                    help="PUT needs its resource group to exist")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--seed", help="JSON {resource id: body} to start with")
    ap.add_argument("--op-delay", type=float, default=None,
                    help="operations end this many seconds after start")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"),
                    help="serve https with this certificate and key")
    ap.add_argument("--no-keepalive", action="store_true",
                    help="close the connection after each answer")
    ap.add_argument("--page-size", type=int, default=0,
                    help="lists answer this many items a page, with nextLink")
    ap.add_argument("--bucket", action="append", metavar="CLASS=SIZE/RATE",
                    help="throttle reads, writes or deletes with a token "
                    "bucket per subscription")
    args = ap.parse_args()
    try:
        st = State(args)
    except (OSError, ValueError, re.error) as e:
        sys.stderr.write("mockarm: %s\n" % e)
        return 2
    Handler.st = st
    srv = Server(("127.0.0.1", args.port), Handler)
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.verbose = args.verbose
    st.port = srv.server_address[1]
    print(st.port, flush=True)
    # a test that dies must not leave a server behind for long
    timer = threading.Timer(args.max_seconds, srv.shutdown)
    timer.daemon = True
    timer.start()
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    srv.server_close()
    if st.log:
        with st.lock:
            st.log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
