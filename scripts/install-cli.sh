#!/usr/bin/env bash
# Installs the `flashsale` CLI as a .NET global tool, built from this checkout.
#
#   bash scripts/install-cli.sh        # then: flashsale --help
#
# Packs client/FlashSale.Cli (Release) into ./artifacts/cli with a version unique to this build
# (so a re-run always replaces the installed copy, never a cached package) and installs it with
# `dotnet tool install --global`, or `dotnet tool update --global` when it is already installed.
# A call then costs the process start (a few hundred ms) instead of `dotnet run`'s build check (~4 s).
# Remove it with: dotnet tool uninstall --global FlashSale.Cli
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/cli"
version="1.0.0-local.$(date -u +%Y%m%d%H%M%S)"

rm -rf "$out"
dotnet pack "$root/client/FlashSale.Cli/FlashSale.Cli.csproj" -c Release -o "$out" -p:Version="$version" -nologo -v q

if dotnet tool list --global | awk 'NR > 2 { print tolower($1) }' | grep -qx 'flashsale.cli'; then
  verb=update
else
  verb=install
fi
dotnet tool "$verb" --global FlashSale.Cli --version "$version" --add-source "$out" --ignore-failed-sources

tools="${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools"
case ":$PATH:" in
  *":$tools:"*) echo "installed: $(command -v flashsale)" ;;
  *) echo "installed in $tools, which is not on PATH; add it, e.g.: export PATH=\"\$PATH:$tools\"" ;;
esac
