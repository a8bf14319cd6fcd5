#!/usr/bin/env bash
# cairn's two commands (see README.md):
#
#   ./dev.sh run    install what is missing, build (release), run the main job on the
#                   bundled example
#   ./dev.sh test   install what is missing, build the test build (clang, ASan+UBSan,
#                   libFuzzer), run every test through ctest
#
# Both work on a fresh Debian 12 machine; packages come from Debian's archive only, and only
# the missing ones are installed. Set CAIRN_JOBS to change build parallelism.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
jobs=${CAIRN_JOBS:-$(nproc)}

build_packages=(
  g++ cmake make pkg-config python3 ccache
  antlr4 libantlr4-runtime-dev llvm-14-dev libgit2-dev nlohmann-json3-dev libfmt-dev catch2
  libcli11-dev libgmp-dev libyaml-cpp-dev libtomlplusplus-dev libutf8proc-dev libre2-dev
  libpq-dev libcpp-httplib-dev libsodium-dev uuid-dev libncurses-dev git
)
# postgresql: a real server for the postgres provider tests; pdns-server with its sqlite3
# backend and dig (bind9-dnsutils) for the dns provider tests; age and openssh-client
# (ssh-keygen) check interoperability of the secret provider's keys and encryption;
# openssh-server (sshd) serves a remote state over ssh:// in the remote state tests.
test_packages=(clang-14 libclang-rt-14-dev jq neovim postgresql pdns-server pdns-backend-sqlite3 bind9-dnsutils
  age openssh-client openssh-server)

install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  echo "dev.sh: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

configure_and_build() { # dir, cmake args...
  local dir=$1
  shift
  cmake -S "$root" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

# The main job on the bundled examples: it plans and applies the deployment example
# (examples/fediverse) in build/release/main-job, whose .cairn/state keeps the state between
# runs (the second run shows no changes), and exports the services example
# (examples/services) as JSON and YAML.
main_job() {
  local cairn=$root/$1 work=$root/build/release/main-job spec=$root/examples/fediverse/main.conf
  "$cairn" --version
  mkdir -p "$work"
  (cd "$work" && "$cairn" plan "$spec" -o main.plan && "$cairn" apply main.plan)
  echo "dev.sh: examples/fediverse/main.conf applied in $work (files in out/, state in .cairn/state)"
  "$cairn" export examples/services/main.conf
  "$cairn" export --format yaml examples/services/main.conf
  echo "dev.sh: examples/services/main.conf exported as JSON and YAML"
}

case "${1:-}" in
run)
  install_missing "${build_packages[@]}"
  configure_and_build build/release -DCMAKE_BUILD_TYPE=Release
  main_job build/release/cli/cairn
  ;;
test)
  install_missing "${build_packages[@]}" "${test_packages[@]}"
  configure_and_build build/test -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang-14 \
    -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DCAIRN_SANITIZE=ON -DCAIRN_FUZZ=ON
  cd build/test
  ctest -j "$jobs" --output-on-failure --timeout 900
  ;;
*)
  echo "usage: ./dev.sh run | test" >&2
  exit 1
  ;;
esac
