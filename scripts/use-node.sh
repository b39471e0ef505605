# Sourced by the other scripts (never run): puts a Node.js that satisfies package.json "engines" first on
# PATH. The `node` already on PATH is used when it is new enough; otherwise the pinned LTS is installed
# from the npm registry (the `node-linux-<arch>` package: the official binary, the one behind the `node`
# package) into the git-ignored .tools/ folder, once, and used from there. One line says so.
#   LETHE_NODE_MAJOR=22  runs on the pinned Node 22 instead (CI runs the unit suite on it too).
# Pinned versions: the newest 22.x and 24.x the registry served when they were last bumped, each with
# the sha512 of its tarball (`npm view node-linux-<arch>@<version> dist.integrity`), checked here: the
# binary is trusted by this file, not only by what the registry says on the day.
lethe_node_22=22.23.5
lethe_node_24=24.22.3
declare -A lethe_node_sha512=(
  [22.23.5-linux-x64]='3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=='
  [22.23.5-linux-arm64]='e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg=='
  [24.22.3-linux-x64]='KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
  [24.22.3-linux-arm64]='IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw=='
)
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
  elif [[ "$major" == "$want" ]] && ((major > lethe_node_min_major || minor >= lethe_node_min_minor)); then
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
    if ! (cd "$tmp" && npm pack "node-$arch@$version" --silent >/dev/null 2>&1); then
      rm -rf "$tmp"
      echo "could not fetch node-$arch@$version from the npm registry" >&2
      return 1
    fi
    local got
    got="$(openssl dgst -sha512 -binary "$tmp/node-$arch-$version.tgz" | base64 -w0)"
    if [[ "$got" != "${lethe_node_sha512[$version-$arch]:-}" ]]; then
      rm -rf "$tmp"
      echo "node-$arch@$version from the npm registry does not match the sha512 pinned in scripts/use-node.sh" >&2
      return 1
    fi
    mkdir -p "$dir/bin"
    tar -xzf "$tmp/node-$arch-$version.tgz" -C "$tmp" package/bin/node
    mv "$tmp/package/bin/node" "$dir/bin/node"
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  if [[ -n "${LETHE_NODE_MAJOR:-}" ]]; then
    echo "lethe: running on Node $version from .tools/node-$version (LETHE_NODE_MAJOR=$want; npm package node-$arch)" >&2
  else
    echo "lethe: Node $current on PATH does not satisfy engines; running on Node $version from .tools/node-$version (npm package node-$arch)" >&2
  fi
}

lethe_use_node
