"""知产 — a regional intellectual-property service and monitoring platform."""
