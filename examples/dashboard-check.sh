#!/usr/bin/env bash
# Headless browser check of /admin/dashboard (optional; not part of the Maven suite):
# the page logs in with the admin token from the URL fragment, loads without console errors, and its click
# counter moves after clicks.
# Needs a Chromium (Debian: apt-get install chromium) and a built module:
#   mvn -B -q -DskipTests -Dquick install && examples/dashboard-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROMIUM" ]; then
  echo "dashboard-check: no chromium on PATH; install Debian's chromium to run this check" >&2
  exit 2
fi
PORT=${PORT:-7079}
ADMIN_TOKEN=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
OUT=$(pwd)/examples/target/dashboard-check
mkdir -p "$OUT"
mvn -B -q -f examples dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP=examples/target/classes:$(cat "$OUT/cp.txt")
PORT=$PORT ADMIN_TOKEN=$ADMIN_TOKEN REDKIT_DEV=true JDBC_URL="jdbc:h2:mem:dashboard;DB_CLOSE_DELAY=-1" \
  java -cp "$CP" dev.redkit.examples.CouponPlatformApp >"$OUT/app.log" 2>&1 &
APP=$!
trap 'kill "$APP" 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done

dump() { # $1 = name; prints the DOM after the page has polled for a few seconds of virtual time
  "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
    --user-data-dir="$OUT/profile-$1" --virtual-time-budget=5000 --dump-dom \
    "http://127.0.0.1:$PORT/admin/dashboard#token=$ADMIN_TOKEN" 2>"$OUT/$1.console"
}
clicks() { grep -o 'id="clicksToday">[^<]*' | sed 's/.*>//'; }

before=$(dump before | clicks)
for i in $(seq 1 7); do
  curl -sf -X POST "http://127.0.0.1:$PORT/offers/10/click" >/dev/null
done
after=$(dump after | clicks)
echo "clicks today on the dashboard: before=$before after=$after"

if grep -hiE 'CONSOLE.*(error|uncaught)|Uncaught' "$OUT"/*.console; then
  echo "dashboard-check: FAILED: console errors (above)" >&2
  exit 1
fi
if ! [[ "$before" =~ ^[0-9]+$ && "$after" =~ ^[0-9]+$ ]] || [ "$after" -lt $((before + 7)) ]; then
  echo "dashboard-check: FAILED: the click counter did not move by 7 (before=$before after=$after)" >&2
  exit 1
fi
echo "dashboard-check: OK"
