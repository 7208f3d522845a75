"""After a commit: register with DPS, keep the assignment, send telemetry (PROTOCOL.md section 6)."""
import json
import threading
import time

import pb_cloud
from pb_store import ASSIGNMENT


class Worker:
    def __init__(self, store, args, log):
        self.store, self.args, self.log = store, args, log
        self.say = log
        self.lock = threading.Lock()
        self.generation = 0
        self.status = {"state": "committed", "registrationId": None, "assignedHub": None, "deviceId": None,
                       "telemetrySent": 0, "error": None}

    def state(self):
        with self.lock:
            return self.status["state"]

    def snapshot(self):
        with self.lock:
            return {k: v for k, v in self.status.items() if k != "state"}

    def update(self, generation, **fields):
        with self.lock:
            if generation == self.generation:
                self.status.update(fields)
            return generation == self.generation

    def start(self, credentials):
        """Starts (or restarts, for new credentials) the register-then-telemetry thread."""
        with self.lock:
            self.generation += 1
            generation = self.generation
            self.status = {"state": "committed", "registrationId": credentials["registrationId"], "assignedHub": None,
                           "deviceId": None, "telemetrySent": 0, "error": None}
        if self.args.no_register:
            return
        threading.Thread(target=self.run, args=(generation, credentials), daemon=True).start()

    def run(self, generation, credentials):
        https = pb_cloud.Https(self.args.ca)
        try:
            assignment = self.store.read(ASSIGNMENT)
            if not assignment or assignment.get("registrationId") != credentials["registrationId"]:
                self.update(generation, state="registering")
                hub, device_id = pb_cloud.register(https, credentials)
                assignment = {"registrationId": credentials["registrationId"], "assignedHub": hub, "deviceId": device_id}
                self.store.write_atomic(ASSIGNMENT, assignment)
            if not self.update(generation, state="assigned", assignedHub=assignment["assignedHub"], deviceId=assignment["deviceId"]):
                return
            self.say("assigned to %s as %s" % (assignment["assignedHub"], assignment["deviceId"]))
            self.telemetry(generation, https, credentials, assignment)
        except (OSError, ValueError, KeyError, pb_cloud.CloudError) as error:
            self.update(generation, state="failed", error=str(error)[:200])
            self.say("registration failed: %s" % str(error)[:200])

    def telemetry(self, generation, https, credentials, assignment):
        hub, device_id, key = assignment["assignedHub"], assignment["deviceId"], credentials["key"]
        status = {"provisioningStatus": "assigned", "registrationId": credentials["registrationId"], "assignedHub": hub,
                  "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        pb_cloud.send_event(https, hub, device_id, key, status, {"messageType": "provisioning-status"})
        self.bump(generation)
        if not self.args.telemetry:
            return
        with open(self.args.telemetry) as handle:
            for line in handle:
                if not line.strip():
                    continue
                if self.generation != generation:
                    return
                pb_cloud.send_event(https, hub, device_id, key, json.loads(line), {"messageType": "telemetry"})
                self.bump(generation)
                time.sleep(self.args.telemetry_interval)

    def bump(self, generation):
        with self.lock:
            if generation == self.generation:
                self.status["telemetrySent"] += 1
