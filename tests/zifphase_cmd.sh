# Sourced by the script tests (tests/*/run_*_test.sh) from the repository root: sets `repo` and `z`, which runs
# the zifphase command given in $ZIFPHASE (default: the Release build, `dotnet .../zifphase.dll`) from any folder.
repo=$(pwd)
read -r -a zifphase <<<"${ZIFPHASE:-dotnet $repo/src/ZifPhase.Cli/bin/Release/net10.0/zifphase.dll}"
# the tests run zifphase from their own folders: make a relative dll path absolute
for i in "${!zifphase[@]}"; do [[ ${zifphase[i]} == *.dll && ${zifphase[i]} != /* ]] && zifphase[i]=$repo/${zifphase[i]}; done
z() { "${zifphase[@]}" "$@"; }
