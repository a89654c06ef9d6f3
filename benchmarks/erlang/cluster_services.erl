%% The cluster services' workloads on distributed Erlang, beside Loom OTP's ServicesBench
%% (benchmarks/src/main/java/io/loomotp/bench/ServicesBench.java): global names and pg between two nodes on
%% loopback. The shared anchors have no such workloads, so this lives in the benchmarks module.
%% Prints "erlang <workload> <value> <unit>" lines.
-module(cluster_services).
-export([serve/0, main/1]).

%% The server node: a process under the global name counter, and one that answers every join it sees in the
%% default pg scope with a message to the joined process.
serve() ->
    {ok, _} = pg:start(pg),
    Counter = spawn(fun Loop() -> receive _ -> Loop() end end),
    yes = global:register_name(counter, Counter),
    true = register(counter, Counter),
    spawn(fun() ->
        {Ref, _} = pg:monitor_scope(),
        answer(Ref)
    end),
    receive stop -> ok end.

answer(Ref) ->
    receive
        {Ref, join, Group, Pids} -> [P ! {seen, Group} || P <- Pids], answer(Ref);
        _ -> answer(Ref)
    end.

main([Server]) ->
    S = list_to_atom(Server),
    true = wait_connected(S, 300),
    {ok, _} = pg:start(pg),
    Counter = wait_counter(300),
    register_names(200),
    out("cluster-global-register", rate(2000, fun() -> register_names(2000) end), "ops/s"),
    out("cluster-global-whereis", rate(1000000, fun() -> whereis(Counter, 1000000) end), "ops/s"),
    _ = joins(200),
    Ts = lists:sort(joins(2000)),
    out("cluster-pg-join-p50", nth(0.5, Ts), "us"),
    out("cluster-pg-join-p99", nth(0.99, Ts), "us"),
    _ = rpcs(S, 200),
    Rs = lists:sort(rpcs(S, 2000)),
    out("cluster-rpc-p50", nth(0.5, Rs), "us"),
    out("cluster-rpc-p99", nth(0.99, Rs), "us"),
    _ = lookups(S, 2000),
    Ls = lists:sort(lookups(S, 2000)),
    out("cluster-remote-whereis-p50", nth(0.5, Ls), "us"),
    out("cluster-remote-whereis-p99", nth(0.99, Ls), "us"),
    halt(0).

wait_connected(_, 0) -> false;
wait_connected(S, N) ->
    case net_kernel:connect_node(S) of
        true -> true;
        _ -> timer:sleep(100), wait_connected(S, N - 1)
    end.

wait_counter(0) -> erlang:error(no_counter);
wait_counter(N) ->
    global:sync(),
    case global:whereis_name(counter) of
        undefined -> timer:sleep(100), wait_counter(N - 1);
        Pid -> Pid
    end.

register_names(N) ->
    lists:foreach(fun(I) ->
        yes = global:register_name({bench_name, I}, self()),
        _ = global:unregister_name({bench_name, I})
    end, lists:seq(1, N)).

whereis(_, 0) -> ok;
whereis(Counter, N) ->
    Counter = global:whereis_name(counter),
    whereis(Counter, N - 1).

joins(N) ->
    [begin
         G = {bench_g, I},
         T0 = erlang:monotonic_time(microsecond),
         ok = pg:join(G, self()),
         receive {seen, G} -> ok after 10000 -> erlang:error({not_seen, G}) end,
         T = erlang:monotonic_time(microsecond) - T0,
         ok = pg:leave(G, self()),
         T
     end || I <- lists:seq(1, N)].

%% erpc:call of a function that gives its argument back, as ServicesBench's "echo"
rpcs(S, N) ->
    [begin
         T0 = erlang:monotonic_time(microsecond),
         I = erpc:call(S, erlang, abs, [I]),
         erlang:monotonic_time(microsecond) - T0
     end || I <- lists:seq(1, N)].

%% rpc:call(Node, erlang, whereis, [Name]) of the server's locally registered counter, as ServicesBench's whereis
lookups(S, N) ->
    [begin
         T0 = erlang:monotonic_time(microsecond),
         Pid = erpc:call(S, erlang, whereis, [counter]),
         true = is_pid(Pid),
         erlang:monotonic_time(microsecond) - T0
     end || _ <- lists:seq(1, N)].

rate(N, F) ->
    T0 = erlang:monotonic_time(nanosecond),
    F(),
    round(N * 1.0e9 / (erlang:monotonic_time(nanosecond) - T0)).

%% as the remote anchor: the element at max(1, round(Q * N)), counted from 1
nth(Q, Ts) -> lists:nth(max(1, round(Q * length(Ts))), Ts).

out(Workload, Value, Unit) -> io:format("erlang ~s ~p ~s~n", [Workload, Value, Unit]).
