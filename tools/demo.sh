#!/bin/sh
# demo.sh RESMAP: the main job on the shipped example.
set -u
R=$1
echo "\$ resmap check examples/story"
"$R" check examples/story; st=$?
echo "(exit status $st: 1 means policy violations were found)"
exit 0
