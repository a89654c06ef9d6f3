#!/usr/bin/env bash
# Runs the cluster services' workloads on distributed Erlang (cluster_services.erl): a server node and a client node on
# this machine, over loopback, as the shared anchors' run-remote.sh runs the remote ones. Needs erl
# (apt-get install -y erlang-nox). Prints "erlang <workload> <value> <unit>" lines.
set -euo pipefail
command -v erlc >/dev/null || { echo "erlang services: erl is not installed (apt-get install -y erlang-nox)" >&2; exit 3; }
here=$(cd "$(dirname "$0")" && pwd)
build=$(mktemp -d)
cookie="services$$"
erlc -o "$build" "$here/cluster_services.erl"
cd "$build"
# The port mapper and both nodes listen on loopback only; the port mapper is stopped again if this script started it.
own_epmd=0
if ! epmd -names >/dev/null 2>&1; then epmd -address 127.0.0.1 -daemon; own_epmd=1; fi
dist=(-noshell -setcookie "$cookie" -pa "$build" -kernel inet_dist_use_interface '{127,0,0,1}')
erl "${dist[@]}" -sname "services_srv$$@localhost" -run cluster_services serve &
srv=$!
trap 'kill $srv 2>/dev/null; wait $srv 2>/dev/null; ((own_epmd)) && epmd -kill >/dev/null 2>&1; rm -rf "$build"' EXIT
# the client waits (30 s at most) for the server node to be connected and its global name to be seen
erl "${dist[@]}" -sname "services_cli$$@localhost" -run cluster_services main "services_srv$$@localhost"
