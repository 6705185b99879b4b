#!/usr/bin/env bash
# The periodic work of eISO, run by the systemd timers (or cron): `periodic.sh daily|minutely`.
set -euo pipefail
manage() { /opt/eiso/venv/bin/python -m django "$@" --settings=eiso.settings; }
case "${1:-}" in
  minutely)
    manage deliver_webhooks
    ;;
  daily)
    manage verify_audit_trail
    manage recalculate_indicators
    manage send_acknowledgement_reminders
    ;;
  *) echo "usage: $0 daily|minutely" >&2; exit 2 ;;
esac
