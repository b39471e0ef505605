# Sourced by the other scripts (never run): puts a Node.js that satisfies package.json "engines" first on
# PATH. The `node` already on PATH is used when it is new enough; otherwise the pinned LTS is installed
# from the npm registry (the `node-linux-<arch>` package: the official binary, the one behind the `node`
# package) into the git-ignored .tools/ folder, once, and used from there. One line says so.
#   LETHE_NODE_MAJOR=22  runs on the pinned Node 22 instead (CI runs the unit suite on it too).
# Pinned versions: the newest 22.x and 24.x the registry served when they were last bumped.
lethe_node_22=22.23.5
lethe_node_24=24.22.3
lethe_node_min_major=22
lethe_node_min_minor=12 # 22.12: require() of ES modules without a flag (jose is ESM-only)

lethe_use_node() {
  local root want version arch dir current major minor
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  want="${LETHE_NODE_MAJOR:-}"
  current="$(node -p 'process.versions.node' 2>/dev/null || echo 0.0.0)"
  major="${current%%.*}"
  minor="${current#*.}"
  minor="${minor%%.*}"
  if [[ -z "$want" ]]; then
    if ((major > lethe_node_min_major || (major == lethe_node_min_major && minor >= lethe_node_min_minor))); then
      return 0
    fi
    want=24
  elif [[ "$major" == "$want" ]]; then
    return 0
  fi
  case "$want" in
    22) version=$lethe_node_22 ;;
    24) version=$lethe_node_24 ;;
    *) echo "LETHE_NODE_MAJOR must be 22 or 24" >&2; return 1 ;;
  esac
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) arch=linux-x64 ;;
    Linux-aarch64) arch=linux-arm64 ;;
    *)
      echo "Node $current is older than this project needs (>= $lethe_node_min_major.$lethe_node_min_minor); install Node 22 or 24 LTS" >&2
      return 1
      ;;
  esac
  dir="$root/.tools/node-$version"
  if [[ ! -x "$dir/bin/node" ]]; then
    local tmp
    tmp="$(mktemp -d)"
    # npm checks the tarball against the registry's integrity hash.
    if ! (cd "$tmp" && npm pack "node-$arch@$version" --silent >/dev/null 2>&1); then
      rm -rf "$tmp"
      echo "could not fetch node-$arch@$version from the npm registry" >&2
      return 1
    fi
    mkdir -p "$dir/bin"
    tar -xzf "$tmp/node-$arch-$version.tgz" -C "$tmp" package/bin/node
    mv "$tmp/package/bin/node" "$dir/bin/node"
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  echo "lethe: Node $current on PATH does not satisfy engines; running on Node $version from .tools/node-$version (npm package node-$arch)" >&2
}

lethe_use_node
