#!/bin/sh
# gen-schemas.sh - regenerates schemas/resources/ from npm packages.
#
# Maintainer tool (make schemas): needs node, npm and the npm registry.
# Installs the pinned packages into a temporary folder (removed afterwards,
# never committed) and runs tools/gen-schemas.js. Building and testing use
# the committed output and need neither node nor the network.
set -eu

SPEC_VERSION=${SPEC_VERSION:-0.1.216}
SDK_VERSION=${SDK_VERSION:-3.1164.0}

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gen-schemas.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

command -v node >/dev/null 2>&1 || { echo "gen-schemas: node is required" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "gen-schemas: npm is required" >&2; exit 1; }

(
    cd "$tmp"
    printf '{"name":"gen-schemas","private":true}\n' >package.json
    npm install --silent --no-audit --no-fund --no-package-lock --ignore-scripts \
        "@aws-cdk/aws-service-spec@$SPEC_VERSION" \
        "@aws-sdk/client-lambda@$SDK_VERSION" \
        "@aws-sdk/client-cloudwatch@$SDK_VERSION" \
        "@aws-sdk/client-kms@$SDK_VERSION" \
        "@aws-sdk/client-ssm@$SDK_VERSION"
)
node "$here/gen-schemas.js" "$tmp/node_modules" "$root/schemas/resources"
