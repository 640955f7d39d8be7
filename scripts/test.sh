#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need and a fresh Debian machine lacks, then
# runs `cargo test --locked` with any arguments given (`scripts/test.sh browser` runs the browser tests).
# System packages come from apt when run as root; otherwise it prints the command to run and stops, so a
# missing tool is named once here instead of failing a test later.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && ! command -v initdb >/dev/null; then
  packages+=(postgresql)
fi
command -v xmllint >/dev/null || packages+=(libxml2-utils)
command -v chromium >/dev/null || packages+=(chromium)
command -v chromedriver >/dev/null || packages+=(chromium-driver)
command -v libreoffice >/dev/null || packages+=(libreoffice-writer-nogui)
command -v npm >/dev/null || packages+=(npm)
# OmegaT, the CAT tool that translates tarjuman's XLIFF and TMX files in tests/it/api/omegat.rs (Java; Debian's
# openjdk comes with it).
[[ -f /usr/share/omegat/OmegaT.jar ]] || packages+=(omegat)
# The spelling check's Hunspell dictionaries (American and British English), read by tests/it/api/spelling.rs.
[[ -f /usr/share/hunspell/en_US.dic ]] || packages+=(hunspell-en-us)
[[ -f /usr/share/hunspell/en_GB.dic ]] || packages+=(hunspell-en-gb)
# Debian ships python3's venv (with pip) separately.
python3 -c "import ensurepip, venv" 2>/dev/null || packages+=(python3-venv)
if ((${#packages[@]})); then
  install=(apt-get install -y -qq --no-install-recommends "${packages[@]}")
  if ((EUID != 0)); then
    echo "missing: ${packages[*]}; install them as root, then run this again:" >&2
    echo "  sudo apt-get update && sudo ${install[*]}" >&2
    exit 1
  fi
  echo "installing: ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null
fi

# translate-toolkit, the third-party reader of our XLIFF and TMX files (tests/it/formats/third_party.rs).
venv="$HOME/.cache/tarjuman-venv"
if ! "$venv/bin/python" -c "import translate.storage.xliff2" 2>/dev/null; then
  echo "installing translate-toolkit into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q translate-toolkit
fi
export TARJUMAN_TT_PYTHON="$venv/bin/python"

# axe-core, the accessibility checker the browser tests run on every page (tests/it/browser/pages.rs),
# pinned; npm checks the tarball against the registry's integrity hash.
axe_version=4.14.1
axe="$HOME/.cache/tarjuman-axe"
if ! grep -qs "\"version\": \"$axe_version\"" "$axe/node_modules/axe-core/package.json"; then
  echo "installing axe-core $axe_version into $axe"
  npm install --prefix "$axe" --no-save --no-audit --no-fund --silent "axe-core@$axe_version"
fi
export TARJUMAN_AXE_JS="$axe/node_modules/axe-core/axe.min.js"

cargo test --locked "$@"
