#!/usr/bin/env bash
# The periodic work of eISO, run by the systemd timers (or cron): `periodic.sh daily|hourly|minutely`.
set -euo pipefail
manage() { /opt/eiso/venv/bin/python -m django "$@" --settings=eiso.settings; }
case "${1:-}" in
  minutely)
    manage deliver_webhooks
    ;;
  hourly)
    manage dossier_reminders
    ;;
  daily)
    manage verify_audit_trail
    manage recalculate_indicators
    manage send_acknowledgement_reminders
    manage send_action_reminders
    manage check_qms_scope
    manage expire_pending_events
    # Last: the figures of the day agree everywhere (exits non-zero, so the timer reports it).
    manage check_rules
    ;;
  *) echo "usage: $0 daily|hourly|minutely" >&2; exit 2 ;;
esac
