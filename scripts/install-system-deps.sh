#!/usr/bin/env bash
# System packages gongwen's tests need on Debian/Ubuntu: LibreOffice Writer (PDF layout
# tests) and Calc (reading .xls/.et workbooks), Simplified-Chinese fonts that stand in for the official ones, a
# metric-compatible Times New Roman, poppler (pdftoppm for previews), and Chromium with its
# WebDriver (the end-to-end tests of gongwen ui); python3-venv, without which README's python3 -m venv fails.
# Safe to run again: it installs only what is missing.
set -euo pipefail
packages=(libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk fonts-arphic-ukai fonts-liberation2 poppler-utils
          chromium chromium-driver python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
