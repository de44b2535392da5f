#!/usr/bin/env bash
# Makes a fresh Debian machine ready to run and test Enclave: the system packages (slapd, ldap-utils,
# chromium, Samba AD DC) when missing, without starting any system service, then the npm dependencies
# when node_modules is missing or older than package-lock.json. Safe to run again: it only fills gaps.
# `scripts/setup.sh --dry-run` prints the plan and changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

dry_run=false
[ "${1:-}" = "--dry-run" ] && dry_run=true

# slapd and ldap-utils: the sandbox and the integration tests' private directories. chromium: browser
# tests. samba-ad-dc + samba-ad-provision: the Active Directory tests (without recommends: winbind's
# NSS/PAM modules would change how this machine resolves users). Dovecot (core, LDAP, IMAP, LMTP) and Postfix
# with LDAP tables: the mail tests' private Dovecot and postmap, and `sandbox --with-mail` (docs/mail-servers.md).
wanted=(slapd ldap-utils chromium samba-ad-dc samba-ad-provision dovecot-core dovecot-ldap dovecot-imapd dovecot-lmtpd postfix postfix-ldap)
missing=()
for package in "${wanted[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != 'install ok installed' ]; then
    missing+=("$package")
  fi
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else
    echo "setup: installing ${missing[*]} needs root; run: apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: system packages present: ${wanted[*]}"
else
  # One apt run without recommends keeps it quick; chromium's only recommend that matters headless is a font.
  install=("${missing[@]}")
  [[ " ${missing[*]} " == *' chromium '* ]] && install+=(fonts-liberation)
  echo "setup: installing ${install[*]}"
  if [ "$dry_run" = true ]; then echo 'setup: dry run, stopping before any change'; exit 0; fi
  # No system directory: Enclave starts its own slapd from its own config. No system mail server either: Postfix
  # installs without a main.cf ("No configuration"); the tests run their own Dovecot and only call postmap.
  echo 'slapd slapd/no_configuration boolean true' | as_root debconf-set-selections
  echo 'postfix postfix/main_mailer_type select No configuration' | as_root debconf-set-selections
  # Keep package scripts from starting system services (slapd, smbd, samba-ad-dc) during the install.
  created_policy=false
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod 755 /usr/sbin/policy-rc.d
    created_policy=true
    trap 'as_root rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  as_root apt-get update -q </dev/null
  as_root apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "${install[@]}" </dev/null
  if [ "$created_policy" = true ]; then
    as_root rm -f /usr/sbin/policy-rc.d
    trap - EXIT
  fi
  # A system slapd, Samba, Dovecot or Postfix would hold the ports and answer instead of Enclave's own servers.
  for service in slapd samba-ad-dc smbd nmbd winbind dovecot postfix; do
    if [ -e "/etc/init.d/$service" ]; then as_root service "$service" stop >/dev/null 2>&1 || true; fi
  done
  # The packages enable their services for the next boot; nothing of theirs should start then either (works
  # without a running systemd: systemctl edits the links offline).
  if command -v systemctl >/dev/null 2>&1; then
    as_root systemctl disable dovecot.service postfix.service >/dev/null 2>&1 || true
  fi
fi

if [ "$dry_run" = true ]; then echo 'setup: dry run, stopping before npm'; exit 0; fi

# Node: the dependencies (Electron 45's installer, ldapts 9, electron-store 12) require Node >= 22.12. A machine
# with an older Node gets Node 22 from the npm registry (the `node` package) in .tools/, used for the install;
# afterwards every npm script runs on the `node` devDependency (node_modules/.bin/node comes first on PATH).
node_ok() { node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'; }
if ! node_ok; then
  tools_node=.tools/node22/node_modules/.bin
  if [ ! -x "$tools_node/node" ]; then
    echo "setup: Node $(node --version) is older than 22.12; fetching Node 22 into .tools/ from the npm registry"
    npm install --prefix .tools/node22 --no-save --no-audit --no-fund node@22.23.3 >/dev/null
  fi
  export PATH="$PWD/$tools_node:$PATH"
  echo "setup: using Node $(node --version) for the install"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo 'setup: npm ci'
  npm ci --no-audit --no-fund
else
  echo 'setup: npm dependencies up to date'
fi
