"""DPS registration and IoT Hub device telemetry over HTTPS, standard library only."""
import base64
import hashlib
import hmac
import http.client
import json
import ssl
import time
import urllib.parse

DPS_API = "2019-03-31"
HUB_API = "2020-03-13"


def sas_token(resource, key_b64, key_name=None, ttl=3600):
    """A SharedAccessSignature for resource, signed with a base64 key."""
    expiry = str(int(time.time()) + ttl)
    encoded = urllib.parse.quote(resource, safe="")
    signature = hmac.new(base64.b64decode(key_b64), (encoded + "\n" + expiry).encode("utf-8"), hashlib.sha256).digest()
    token = "SharedAccessSignature sr=%s&sig=%s&se=%s" % (
        encoded, urllib.parse.quote(base64.b64encode(signature).decode("ascii"), safe=""), expiry)
    if key_name:
        token += "&skn=" + key_name
    return token


class CloudError(Exception):
    pass


class Https:
    def __init__(self, ca_path=None, timeout=15):
        self.context = ssl.create_default_context(cafile=ca_path) if ca_path else ssl.create_default_context()
        self.timeout = timeout

    def request(self, method, host, path, body=None, headers=None):
        hostname, _, port = host.partition(":")
        conn = http.client.HTTPSConnection(hostname, int(port) if port else 443, timeout=self.timeout, context=self.context)
        try:
            payload = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode("utf-8"))
            all_headers = {"Content-Type": "application/json", "Accept": "application/json"}
            all_headers.update(headers or {})
            conn.request(method, path, body=payload, headers=all_headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            return response.status, dict(response.getheaders()), text
        finally:
            conn.close()


def register(https, credentials, poll_s=1.0, deadline_s=60):
    """Registers with DPS by symmetric key; returns (assignedHub, deviceId)."""
    scope, reg_id = credentials["idScope"], credentials["registrationId"]
    endpoint = credentials["globalEndpoint"]
    auth = {"Authorization": sas_token(scope + "/registrations/" + reg_id, credentials["key"], "registration")}
    base = "/%s/registrations/%s" % (scope, urllib.parse.quote(reg_id, safe=""))
    status, headers, text = https.request("PUT", endpoint, base + "/register?api-version=" + DPS_API, {"registrationId": reg_id}, auth)
    end = time.monotonic() + deadline_s
    while True:
        if status not in (200, 202):
            raise CloudError("DPS answered %d: %s" % (status, text[:200]))
        answer = json.loads(text)
        state = answer.get("registrationState", answer) if answer.get("status") != "assigning" else None
        if state and state.get("status") == "assigned":
            return state["assignedHub"], state["deviceId"]
        if state and state.get("status") in ("failed", "disabled"):
            raise CloudError("DPS: %s %s" % (state.get("status"), state.get("errorMessage", "")))
        if time.monotonic() > end:
            raise CloudError("DPS registration did not finish in time")
        wait = headers.get("retry-after") or headers.get("Retry-After")
        time.sleep(min(float(wait), 5.0) if wait else poll_s)
        op = answer.get("operationId")
        status, headers, text = https.request("GET", endpoint, "%s/operations/%s?api-version=%s" % (base, op, DPS_API), None, auth)


def send_event(https, hub, device_id, key, message, properties=None):
    """POSTs one device-to-cloud message; properties become iothub-app-* headers."""
    headers = {"Authorization": sas_token(hub + "/devices/" + device_id, key)}
    for name, value in (properties or {}).items():
        headers["iothub-app-" + name] = str(value)
    path = "/devices/%s/messages/events?api-version=%s" % (urllib.parse.quote(device_id, safe=""), HUB_API)
    status, _, text = https.request("POST", hub, path, json.dumps(message).encode("utf-8"), headers)
    if status not in (200, 204):
        raise CloudError("hub answered %d: %s" % (status, text[:200]))
