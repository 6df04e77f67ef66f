#!/usr/bin/env bash
# Installs the system tools the tests need, with Debian's apt (we run as root), or stops at once
# with the exact command to run. Nothing is downloaded outside Debian's archive and npm.
#   chromium      Playwright end-to-end tests (never `playwright install`)
#   dicom3tools   dciodvfy: validates generated demo DICOM and exported SEG
#   dcmtk         dcmdump / dcmcjpls: reads generated files, makes compressed variants;
#                 dcmdjpeg / dcmdjpls: reference decoders for the compressed pixel tests
#   libgdcm-tools     gdcmconv --raw: reference JPEG 2000 decoder (src/dicom/pixels.codecs.test.ts)
#   libopenjp2-tools  opj_decompress: reference HTJ2K decoder (same test)
#   python3-pydicom, python3-numpy  second reader of generated files (pixel_array needs numpy)
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v dciodvfy >/dev/null 2>&1 || need+=(dicom3tools)
command -v dcmdump >/dev/null 2>&1 || need+=(dcmtk)
command -v gdcmconv >/dev/null 2>&1 || need+=(libgdcm-tools)
command -v opj_decompress >/dev/null 2>&1 || need+=(libopenjp2-tools)
/usr/bin/python3 -c 'import pydicom' >/dev/null 2>&1 || need+=(python3-pydicom)
/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || need+=(python3-numpy)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "Installing missing system packages: ${need[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "error: the tests need these Debian packages. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
