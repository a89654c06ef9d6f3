package io.loomotp.cluster;

import io.loomotp.cluster.Wire.Found;
import io.loomotp.cluster.Wire.Seen;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a node JVM's agent ({@link NodeMain}) that answers the global-name and process-group requests of
 * {@link Wire}, for GlobalTest (PgTest moved to testkit-cluster, onto the users' kit).
 */
final class ServiceAgent {
    private ServiceAgent() {}

    /** Handles one request; false if it is not one of these. */
    static boolean handle(Cluster cluster, Object m) {
        switch (m) {
            case Wire.GlobalRegister r -> Process.spawn(() -> holder(cluster, r));
            case Wire.GlobalReRegister r -> Process.spawn(() -> {
                boolean yes = cluster.global().reRegister(r.name(), Process.self());
                Process.send(r.replyTo(), new Found(r.name(), yes ? Process.self() : null));
                forward(r.replyTo());
            });
            case Wire.GlobalLock l -> Process.spawn(() -> locker(cluster, l));
            case Wire.GlobalWhereIs w -> Process.send(w.replyTo(),
                    new Found(w.name(), cluster.global().whereis(w.name())));
            case Wire.PgJoin j -> Process.spawn(() -> member(cluster, j));
            case Wire.PgMembers q -> Process.send(q.replyTo(),
                    new Wire.Members(q.group(), cluster.pg(q.scope()).members(q.group())));
            case Wire.PgJoinForeign f -> {
                try {
                    cluster.pg(f.scope()).join(f.group(), f.pid());
                    Process.send(f.replyTo(), new Seen("ok", ""));
                } catch (IllegalArgumentException e) {
                    Process.send(f.replyTo(), new Seen("error", e.getMessage()));
                }
            }
            case Wire.Isolated i -> Process.spawn(() -> isolated(cluster, i));
            default -> {
                return false;
            }
        }
        return true;
    }

    static NameResolver resolver(String name) {
        return switch (name) {
            case "exit" -> NameResolver.RANDOM_EXIT_NAME;
            case "notify" -> NameResolver.RANDOM_NOTIFY_NAME;
            case "all" -> NameResolver.NOTIFY_ALL_NAME;
            default -> throw new IllegalArgumentException("resolver " + name);
        };
    }

    private static void holder(Cluster cluster, Wire.GlobalRegister r) {
        boolean yes = cluster.global().register(r.name(), Process.self(), resolver(r.resolver()));
        Process.send(r.replyTo(), new Found(r.name(), yes ? Process.self() : null));
        forward(r.replyTo());
    }

    private static void locker(Cluster cluster, Wire.GlobalLock l) {
        Global.LockId id = new Global.LockId(l.resource(), l.requester());
        boolean set = cluster.global().setLock(id, null, l.retries());
        Process.send(l.replyTo(), new Found(l.resource(), set ? Process.self() : null));
        for (;;) {
            Object m = Process.receive();
            if (m.equals("release")) {
                cluster.global().delLock(id);
                Process.send(l.replyTo(), new Seen("released", l.resource()));
            } else if (m.equals("exit")) {
                return;
            }
        }
    }

    private static void member(Cluster cluster, Wire.PgJoin j) {
        cluster.pg(j.scope()).join(j.group(), Process.self());
        Process.send(j.replyTo(), new Found(j.group(), Process.self()));
        forward(j.replyTo());
    }

    private static void forward(Pid to) {
        for (;;) {
            Process.send(to, new Seen("got", String.valueOf(Process.receive())));
        }
    }

    /** Says it is ready, waits to see the peer lost, does the requests, and relays their answers once it is up. */
    private static void isolated(Cluster cluster, Wire.Isolated i) {
        Pid self = Process.self();
        Pid replyTo = switch (i.then().getFirst()) {
            case Wire.GlobalRegister r -> r.replyTo();
            case Wire.PgJoin j -> j.replyTo();
            default -> throw new IllegalArgumentException(String.valueOf(i.then().getFirst()));
        };
        cluster.monitorNodes(self, true);
        Process.send(replyTo, new Seen("ready", i.peer()));
        Process.receive(x -> x.equals(new NodeDown(i.peer())));
        for (Object then : i.then()) {
            switch (then) {
                case Wire.GlobalRegister r -> handle(cluster, new Wire.GlobalRegister(r.name(), r.resolver(), self));
                case Wire.PgJoin j -> handle(cluster, new Wire.PgJoin(j.scope(), j.group(), self));
                default -> throw new IllegalArgumentException(String.valueOf(then));
            }
        }
        List<Object> held = new ArrayList<>();
        for (int n = 0; n < i.then().size(); n++) {
            held.add(Process.receive(Found.class, java.time.Duration.ofSeconds(30)));
        }
        Process.receive(x -> x.equals(new NodeUp(i.peer())));
        cluster.monitorNodes(self, false);
        for (Object x : held) {
            Process.send(replyTo, x);
        }
        for (;;) {
            Object m = Process.receive();
            if (!(m instanceof NodeUp || m instanceof NodeDown)) {
                Process.send(replyTo, m);
            }
        }
    }
}
