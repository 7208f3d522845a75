#!/bin/sh
# Turns on a USB gadget serial port on a Raspberry Pi (Zero, Zero 2, 3A+, 4, 5 on its USB-C port):
# after a reboot the Pi shows /dev/ttyGS0 and the host a CDC-ACM port (0525:a4a7, /dev/ttyACM* or
# COMn). No login prompt may share the port: the agent needs it raw, with echo off.
# Run as root, once; it is safe to run again.
set -eu

[ "$(id -u)" -eq 0 ] || { echo "run as root: sudo $0" >&2; exit 1; }

BOOT=/boot/firmware
[ -f "$BOOT/config.txt" ] || BOOT=/boot
CONFIG="$BOOT/config.txt"
CMDLINE="$BOOT/cmdline.txt"
[ -f "$CONFIG" ] && [ -f "$CMDLINE" ] || { echo "no $CONFIG or $CMDLINE: is this Raspberry Pi OS?" >&2; exit 1; }

# The USB controller in device (peripheral) mode.
if ! grep -q '^dtoverlay=dwc2' "$CONFIG"; then
  printf '\n[all]\ndtoverlay=dwc2\n' >> "$CONFIG"
  echo "added dtoverlay=dwc2 to $CONFIG"
fi

# Load the controller and the serial gadget at boot (cmdline.txt is one line).
if ! grep -q 'modules-load=[^ ]*g_serial' "$CMDLINE"; then
  cp "$CMDLINE" "$CMDLINE.pb-agent.bak"
  sed -i '1 s/$/ modules-load=dwc2,g_serial/' "$CMDLINE"
  echo "added modules-load=dwc2,g_serial to $CMDLINE (backup: $CMDLINE.pb-agent.bak)"
fi

# Keep any login prompt off the gadget port: the agent owns it.
systemctl mask serial-getty@ttyGS0.service >/dev/null 2>&1 || true

echo "done: reboot, then check that /dev/ttyGS0 exists"
