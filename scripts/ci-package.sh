#!/usr/bin/env bash
# The package as a user gets it (issue 12): pack from a clean checkout (the committed tree, no dist/ or
# untracked files), install the tarball into a fresh project outside the repository with plain
# `npm install`, and there: import it from ESM, from CommonJS (require(esm)) and from TypeScript (strict,
# skipLibCheck false; nodenext, node16, bundler, node10; and with neither the DOM lib nor @types/node),
# train, save and reload in memory, run the `gangrad` bin (import, require and the bin again on the Node 24
# binary named by GANGRAD_NODE24, which .ci/run sets), and keep node_modules under 5 MB. Then bundle a page that uses the engine and the
# finance API with esbuild and with Vite (default settings), open both in headless Chromium (trains on
# wasm), and keep the gzipped core under 30 kB.
#
#   bash scripts/ci-package.sh                  # the checks (CI)
#   bash scripts/ci-package.sh --compare-tfjs   # also install and bundle @tensorflow/tfjs for docs/packaging.md
#   GANGRAD_NODE24=/path/to/node24 GANGRAD_REQUIRE_NODE24=1 bash scripts/ci-package.sh   # as .ci/run runs it
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
COMPARE_TFJS=0
[ "${1:-}" = "--compare-tfjs" ] && COMPARE_TFJS=1
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gangrad-package-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
BIN="$ROOT/node_modules/.bin"
MAX_INSTALL_BYTES=5000000
MAX_CORE_GZIP_BYTES=30000
fail() { echo "FAIL: $*" >&2; exit 1; }
gz() { gzip -9 -c "$1" | wc -c; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1e6 }'; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f kB", b / 1e3 }'; }

echo "== pack from a clean checkout (HEAD: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'no git'))"
mkdir "$WORK/checkout"
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$ROOT" archive HEAD | tar -x -C "$WORK/checkout"
else # a copy without git history: everything but the build outputs and installs
  tar -C "$ROOT" --exclude=./node_modules --exclude=./dist --exclude=./runs -cf - . | tar -x -C "$WORK/checkout"
fi
# The dev tools (tsc for `prepare`) come from the repository's own install: the checkout stays clean.
ln -s "$ROOT/node_modules" "$WORK/checkout/node_modules"
[ ! -e "$WORK/checkout/dist" ] || fail "the committed tree holds dist/"
# npm publish corrects package.json as `npm pkg fix` does and warns of each change ("script name … was
# invalid and removed" for a './' bin path); `npm pack` says nothing. Keep it as npm would make it.
mkdir "$WORK/pkg-fix" && cp "$WORK/checkout/package.json" "$WORK/pkg-fix/"
(cd "$WORK/pkg-fix" && npm pkg fix 2>/dev/null)
diff -u "$WORK/checkout/package.json" "$WORK/pkg-fix/package.json" || fail "npm pkg fix changes package.json (npm publish would warn and rewrite it)"
(cd "$WORK/checkout" && npm pack --silent --pack-destination "$WORK" >/dev/null)
TARBALL="$(ls "$WORK"/gangrad-*.tgz)"
tar -tzf "$TARBALL" >"$WORK/files.txt"
echo "tarball $(basename "$TARBALL"): $(kb "$(wc -c <"$TARBALL")"), $(wc -l <"$WORK/files.txt") files"
grep -qx 'package/dist/index.js' "$WORK/files.txt" || fail "no dist/index.js in the tarball"
! grep -q '\.map$' "$WORK/files.txt" || fail "source maps in the tarball"
# What docs/packaging.md's table lists, and nothing else: dist/ holds compiled JavaScript and its types only.
sed -e 's|^package/dist/.*|package/dist/|' "$WORK/files.txt" | sort -u >"$WORK/top.txt"
printf 'package/%s\n' LICENSE README.md bin/gangrad.js cjs/index.cjs data/README.md data/sp500_gspc_daily.csv dist/ package.json | sort >"$WORK/documented.txt"
diff -u "$WORK/documented.txt" "$WORK/top.txt" || fail "the tarball's files differ from docs/packaging.md's table"
! grep '^package/dist/' "$WORK/files.txt" | grep -vqE '\.(js|d\.ts)$' || fail "dist/ in the tarball holds other files than .js and .d.ts"

echo "== install into a fresh project outside the repository (plain npm install)"
APP="$WORK/app"
mkdir "$APP"
(cd "$APP" && npm init -y >/dev/null && npm pkg set type=module && npm install --no-audit --no-fund "$TARBALL" 2>&1 | grep -v '^npm warn install-scripts *$')
[ ! -e "$APP/node_modules/gpu.js" ] && [ ! -e "$APP/node_modules/webgpu" ] || fail "an optional peer was installed"
INSTALL_BYTES="$(du -sb "$APP/node_modules" | cut -f1)"
echo "node_modules: $(mb "$INSTALL_BYTES"), $(find "$APP/node_modules" -name package.json -path '*/node_modules/*/package.json' -not -path '*/node_modules/*/node_modules/*' | wc -l) package(s)"
[ "$INSTALL_BYTES" -lt "$MAX_INSTALL_BYTES" ] || fail "node_modules is $INSTALL_BYTES bytes, not under $MAX_INSTALL_BYTES"

cp "$ROOT/.ci/package-check/esm-check.mjs" "$APP/"
# What a user does with the installed package, on the `node` first on PATH: import it (ESM), find its
# data, require it, run the bin. $1: the directory for the bin's output (one per Node); $2, if given: a
# model the bin samples instead of training one (the bin's training is most of the time: 16 s of 20).
node_checks() {
  local run="$1" model="${2:-}"
  echo "== ESM (Node $(node --version))"
  (cd "$APP" && node esm-check.mjs)

  # The bundled data, found by name as docs/library.md says (the exports map must list it).
  (cd "$APP" && node --input-type=module -e '
    import { fileURLToPath } from "node:url";
    import { loadPriceCsv } from "gangrad";
    const { prices } = loadPriceCsv(fileURLToPath(import.meta.resolve("gangrad/data/sp500_gspc_daily.csv")));
    if (prices.length < 20000) throw new Error(`the bundled data has ${prices.length} prices`);
    console.log(`data: gangrad/data/sp500_gspc_daily.csv resolves, ${prices.length} prices`);') || fail "import.meta.resolve('gangrad/data/sp500_gspc_daily.csv')"

  echo "== CommonJS: require('gangrad')"
  (cd "$APP" && node -e '
    if (process.features.require_module) {
      const g = require("gangrad");
      if (typeof g.ReturnGan !== "function" || typeof g.mlp !== "function") throw new Error("require(gangrad) lacks the API");
      console.log(`require: works on Node ${process.version} (require(esm)), same module as import`);
    } else {
      try { require("gangrad"); throw new Error("require(gangrad) should have been refused"); }
      catch (e) { if (!/needs a Node.js with require\(esm\)/.test(e.message)) throw e; console.log(`require: refused on Node ${process.version}: ${e.message}`); }
    }' 2>&1 | grep -v ExperimentalWarning | grep -v 'node --trace-warnings')
  # A Node without require(esm) (simulated where the flag exists): refused with gangrad's message.
  if node --no-experimental-require-module -e '' 2>/dev/null; then
    (cd "$APP" && node --no-experimental-require-module -e 'require("gangrad")' 2>&1 || true) | grep -m1 -o "gangrad is an ES module: require('gangrad') needs a Node.js with require(esm)[^;]*" \
      || fail "require('gangrad') without require(esm) was not refused with gangrad's message"
  fi

  echo "== the gangrad bin (Node $(node --version))"
  (cd "$APP" && npx --no-install gangrad --help | head -n 3)
  [ "$(cd "$APP" && npx --no-install gangrad --version)" = "$(node -p 'require(process.argv[1]).version' "$APP/node_modules/gangrad/package.json")" ] || fail "gangrad --version is not the package's version"
  if [ -z "$model" ]; then
    (cd "$APP" && npx --no-install gangrad train --steps 20 --window 16 --batch 32 --eval-every 10 --out "$run" 2>&1 | tail -n 2)
    [ -s "$APP/$run/model.safetensors" ] || fail "gangrad train wrote no model"
    model="$run"
  fi
  mkdir -p "$APP/$run"
  (cd "$APP" && npx --no-install gangrad sample --model "$model" --count 2 --out "$run/sample.csv" 2>&1 | tail -n 1)
  [ "$(wc -l <"$APP/$run/sample.csv")" -gt 2 ] || fail "gangrad sample wrote no rows"
}
node_checks run

# Node 24 as well (the suite runs on 20, 22 and 24): .ci/run passes the binary it installed for the tests.
# The bin samples the model trained above rather than training again; esm-check.mjs still trains (on 24's
# relaxed-SIMD kernel, which Node 20 lacks).
if [ -n "${GANGRAD_NODE24:-}" ]; then
  [ -x "$GANGRAD_NODE24" ] || fail "GANGRAD_NODE24=$GANGRAD_NODE24 is not an executable"
  started=$SECONDS
  (PATH="$(dirname "$GANGRAD_NODE24"):$PATH"
   [[ "$(node --version)" == v24.* ]] || fail "GANGRAD_NODE24 is Node $(node --version), not 24"
   node_checks run-node24 run)
  echo "Node 24 checks: $((SECONDS - started)) s"
elif [ "${GANGRAD_REQUIRE_NODE24:-0}" = "1" ]; then
  fail "no Node 24 (GANGRAD_REQUIRE_NODE24=1; set GANGRAD_NODE24 to its binary)"
else
  echo "skipped on Node 24: GANGRAD_NODE24 (the path of a Node 24 binary) is not set"
fi

echo "== TypeScript (strict, skipLibCheck false)"
cp "$ROOT/.ci/package-check/ts-check.ts" "$APP/"
for setting in nodenext:nodenext node16:node16 esnext:bundler commonjs:node10; do
  module="${setting%%:*}" resolution="${setting##*:}"
  cat >"$APP/tsconfig.$resolution.json" <<EOF
{ "compilerOptions": { "strict": true, "skipLibCheck": false, "target": "ES2022", "lib": ["ES2022", "DOM"], "types": [],
  "module": "$module", "moduleResolution": "$resolution", "outDir": "out-$resolution" }, "files": ["ts-check.ts"] }
EOF
  (cd "$APP" && node "$ROOT/node_modules/typescript/bin/tsc" -p "tsconfig.$resolution.json") || fail "tsc with moduleResolution $resolution"
  echo "tsc: module $module, moduleResolution $resolution: ok"
done
# A project with neither the DOM lib nor @types/node: the declarations must not lean on their globals.
cp "$ROOT/.ci/package-check/ts-check-bare.ts" "$APP/"
cat >"$APP/tsconfig.bare.json" <<EOF
{ "compilerOptions": { "strict": true, "skipLibCheck": false, "target": "ES2022", "lib": ["ES2022"], "types": [],
  "module": "nodenext", "moduleResolution": "nodenext", "noEmit": true }, "files": ["ts-check-bare.ts"] }
EOF
(cd "$APP" && node "$ROOT/node_modules/typescript/bin/tsc" -p tsconfig.bare.json) || fail "tsc with lib ES2022 alone (no DOM, no @types/node)"
echo "tsc: lib ES2022 alone, types []: ok"
(cd "$APP" && node out-nodenext/ts-check.js)
# Run as TypeScript by tsx, as docs/library.md's snippets are: its module lexer reads every file of dist/ and
# once refused one (chi-square.js) that plain node loads.
(cd "$APP" && node --import "$ROOT/node_modules/tsx/dist/esm/index.mjs" ts-check.ts) || fail "the package under tsx (node --import tsx ts-check.ts)"
echo "tsx: ts-check.ts runs"

echo "== bundles (default settings)"
cp -r "$ROOT/.ci/package-check/browser" "$APP/web"
cp "$ROOT/.ci/package-check/core.js" "$APP/"
(cd "$APP" && "$BIN/esbuild" web/main.js --bundle --outfile=web-esbuild/main.js --log-level=warning) || fail "esbuild"
cp "$APP/web/index.html" "$APP/web-esbuild/"
(cd "$APP/web" && "$BIN/vite" build --logLevel warn 2>&1 | tee "$WORK/vite.log") || fail "vite build"
! grep -qi 'externalized for browser compatibility' "$WORK/vite.log" || fail "Vite stubbed a Node module"
# All of the library's exports (not only what the page uses), as an ES module for the browser.
echo 'export * from "gangrad";' >"$APP/everything.js"
(cd "$APP" && "$BIN/esbuild" everything.js --bundle --format=esm --outfile=web-everything/everything.js --log-level=warning) || fail "esbuild of export * from 'gangrad'"
for out in "$APP/web-esbuild" "$APP/web-everything" "$APP/web/dist"; do
  ! grep -rqE 'WebGL2Kernel|dawn\.node' "$out" || fail "gpu.js or Dawn inlined in $out"
  ! grep -rqE 'from ?"node:|import\("node:' "$out" || fail "a node: import in $out"
done
(cd "$APP" && "$BIN/esbuild" core.js --bundle --minify --format=esm --outfile=core.min.js --log-level=warning)
(cd "$APP" && "$BIN/esbuild" web/main.js --bundle --minify --format=esm --outfile=page.min.js --log-level=warning)
(cd "$APP" && "$BIN/esbuild" core.js --bundle --minify --format=esm --splitting --outdir=core-split --metafile=core-split.json --log-level=warning)
# What a page loads before any backend is created: the entry chunk and the chunks it imports statically.
FIRST="$(node -e '
  const { outputs } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const seen = new Set(), visit = (f) => { if (seen.has(f)) return; seen.add(f); for (const i of outputs[f].imports) if (i.kind === "import-statement") visit(i.path); };
  visit(Object.keys(outputs).find((f) => outputs[f].entryPoint));
  console.log([...seen].join(" "));' "$APP/core-split.json")"
(cd "$APP" && cat $FIRST >core-first.js)
CORE_GZ="$(gz "$APP/core.min.js")"
echo "core (engine API; cpu, wasm and the lazily loaded backends in one file), esbuild --minify: $(kb "$(wc -c <"$APP/core.min.js")") min, $(kb "$CORE_GZ") gzip"
echo "core, esbuild --minify --splitting: loaded up front $(kb "$(wc -c <"$APP/core-first.js")") min, $(kb "$(gz "$APP/core-first.js")") gzip ($(echo $FIRST | wc -w) of $(ls "$APP"/core-split | wc -l) files; the rest load with their backend)"
echo "page (engine + finance API), esbuild --minify: $(kb "$(wc -c <"$APP/page.min.js")") min, $(kb "$(gz "$APP/page.min.js")") gzip"
echo "page, Vite default build: $(for f in "$APP"/web/dist/assets/*.js; do echo "$(basename "$f") $(kb "$(wc -c <"$f")") min, $(kb "$(gz "$f")") gzip;"; done)"
[ "$CORE_GZ" -lt "$MAX_CORE_GZIP_BYTES" ] || fail "the gzipped core is $CORE_GZ bytes, not under $MAX_CORE_GZIP_BYTES"

echo "== the bundled page in headless Chromium"
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || [ -n "${CHROMIUM:-}" ]; then
  node --import tsx "$ROOT/scripts/package-check-browser.ts" "$APP/web-esbuild" esbuild
  node --import tsx "$ROOT/scripts/package-check-browser.ts" "$APP/web/dist" Vite
elif [ "${GANGRAD_REQUIRE_BROWSER:-0}" = "1" ]; then
  fail "no Chromium (GANGRAD_REQUIRE_BROWSER=1)"
else
  echo "skipped: no Chromium"
fi

if [ "$COMPARE_TFJS" = "1" ]; then
  echo "== @tensorflow/tfjs, measured the same way"
  TFJS="$WORK/tfjs"
  mkdir "$TFJS"
  (cd "$TFJS" && npm init -y >/dev/null && npm pkg set type=module && npm install --no-audit --no-fund @tensorflow/tfjs 2>&1 | tail -n 1)
  echo "tfjs node_modules: $(mb "$(du -sb "$TFJS/node_modules" | cut -f1)") ($(node -p "require('$TFJS/node_modules/@tensorflow/tfjs/package.json').version"))"
  cp "$ROOT/.ci/package-check/tfjs-core.js" "$TFJS/"
  (cd "$TFJS" && "$BIN/esbuild" tfjs-core.js --bundle --minify --format=esm --outfile=core.min.js --log-level=error)
  echo "tfjs core (tensors, autograd, dense layers, Adam; cpu + webgl backends), esbuild --minify: $(kb "$(wc -c <"$TFJS/core.min.js")") min, $(kb "$(gz "$TFJS/core.min.js")") gzip"
fi
echo "package checks passed"
