#!/bin/sh
# Extracts the build files of the precision study (README.md: repository and snapshot commit per row) from
# local snapshots into a scratch folder: Dockerfiles/Containerfiles, Makefiles and *.mk, shell scripts,
# go.mod/go.work, GitHub workflows, GoReleaser, bake and compose files, and Go sources outside vendor/, testdata/,
# third_party/. Nothing extracted is kept here.
#   sh eval/precision/extract.sh OUT [MIRRORS]     (MIRRORS default /work/.mirror, one <owner>+<name>/repo each)
set -eu
out=$1
mirrors=${2:-/work/.mirror}
readme=$(dirname "$0")/README.md
grep -E '^\| [A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+ \| [0-9a-f]{12} ' "$readme" | while IFS='|' read -r _ repo commit _; do
  repo=$(echo "$repo" | tr -d ' ')
  commit=$(echo "$commit" | awk '{print $1}')
  git_dir="$mirrors/$(echo "$repo" | tr / +)/repo"
  [ -d "$git_dir" ] || { echo "missing snapshot: $repo" >&2; continue; }
  dest="$out/$(echo "$repo" | tr / +)"
  mkdir -p "$dest"
  git --git-dir="$git_dir" ls-tree -r --name-only "$commit" |
    grep -Ev '(^|/)(vendor|testdata|third_party)/' |
    grep -E '(^|/)(Dockerfile[^/]*|[^/]*\.Dockerfile|Containerfile[^/]*|GNUmakefile|[Mm]akefile[^/]*|[^/]*\.mk|[^/]*\.sh|[^/]*\.bash|go\.mod|go\.work|[^/]*\.go|\.?goreleaser\.ya?ml|docker-bake[^/]*\.(hcl|json)|(docker-)?compose[^/]*\.ya?ml|\.github/workflows/[^/]*\.ya?ml)$' |
    while read -r path; do
      mkdir -p "$dest/$(dirname "$path")"
      git --git-dir="$git_dir" show "$commit:$path" > "$dest/$path" 2>/dev/null || rm -f "$dest/$path"
    done
done
