package io.loomotp.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.ClusterConfig;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.remote.LocalEnd;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.LogCapture;
import io.loomotp.runtime.testing.Probe;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.BytesMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batches on the wire between two nodes in this JVM ({@link Lane}, {@link Op#BATCH}): a flood of casts is sent in
 * batches and arrives whole and in order with the exit signal after it; a batch's frames are handled one by one, so a
 * frame the receiver's allow-list refuses is refused alone (the sender is told, as for a frame sent alone) and the
 * frames around it, a signal among them, are delivered in order.
 */
class CombiningWriterTest {
    record Num(int n) {}

    /** Allowed on w1 (so w1 writes it) and not on w2 (so w2 refuses it). */
    record Secret(int n) {}

    private static Node n1;
    private static Node n2;
    private static Cluster c1;
    private static Cluster c2;

    @BeforeAll
    static void join() throws Exception {
        int p1 = freePort();
        int p2 = freePort();
        ClusterConfig base = ClusterConfig.of("w1", "lane-secret").withClusterName("loomotp-lane")
                .withInitialMembers(List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2))
                .withFailureTimeout(Duration.ofSeconds(2)).allow(Num.class);
        n1 = Node.create("w1");
        n2 = Node.create("w2");
        c1 = Cluster.join(n1, base.withBindPort(p1).allow(Secret.class));
        c2 = Cluster.join(n2, base.withNodeName("w2").withBindPort(p2));
        Await.until(() -> c1.nodes().contains("w2") && c2.nodes().contains("w1"), "w1 and w2 joined");
    }

    @AfterAll
    static void leave() {
        for (AutoCloseable c : new AutoCloseable[] {c2, c1, n2, n1}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void send_floodThenExitSignal_sentInBatches_allInOrderThenTheSignal() {
        // given: a trapping receiver on w2, and a sender on w1 that floods it, then sends it an exit signal
        Probe receiver = Probe.spawnTrapping(n2);
        Pid to = receiver.pid();
        int n = 20_000;
        // when
        Pid sender = n1.spawn(() -> {
            for (int i = 0; i < n; i++) {
                Process.send(to, new Num(i));
            }
            Process.exit(to, new ExitReason.Custom("done"));
        });
        // then: every message in order, then the signal, and the lane did batch
        for (int i = 0; i < n; i++) {
            assertThat(receiver.next()).isEqualTo(new Num(i));
        }
        Exit exit = receiver.next(Exit.class);
        assertThat(exit.reason()).isEqualTo(new ExitReason.Custom("done"));
        assertThat(exit.from().serial()).isEqualTo(sender.serial());
        // Whether this flood went out in batches depends on how the sender and the lane's writer were scheduled (a
        // writer that keeps up sends each frame alone), so it is not asserted here: LaneTest drives the lane with a
        // held write and checks the batches, their order and their splitting exactly.
    }

    @Test
    void receive_batchWithARefusedClass_refusesThatFrameAlone_deliversTheOthersAndTheSignalInOrder() {
        // given: a batch from w1 of two messages around one of a class w2 refuses, then an exit signal
        Probe receiver = Probe.spawnTrapping(n2);
        long to = receiver.pid().serial();
        Probe from = Probe.spawn(n1);
        Endpoint e1 = Endpoints.of(c1);
        Endpoint e2 = Endpoints.of(c2);
        List<byte[]> frames = new ArrayList<>();
        for (Object m : List.of(new Num(1), new Secret(2), new Num(3))) {
            frames.add(e1.frame(w -> {
                w.op(Op.SEND);
                w.serial(to);
                w.pid(from.pid());
                w.out().writeByte(LocalEnd.MESSAGE);
                w.object(m);
            }, m));
        }
        ExitReason reason = new ExitReason.Custom("after");
        frames.add(e1.frame(w -> {
            w.op(Op.EXIT);
            w.pid(from.pid());
            w.serial(to);
            w.object(reason);
            w.out().writeBoolean(false);
        }, reason));
        byte[] batch = Lane.pack(frames, frames.stream().mapToInt(f -> f.length).sum());
        try (LogCapture.Capture log = LogCapture.capture("io.loomotp.cluster")) {
            // when: w2 receives it from w1, as its reader would
            e2.receive(new BytesMessage(e2.channel().getAddress(), batch).setSrc(e1.channel().getAddress()));
            // then
            assertThat(receiver.next()).isEqualTo(new Num(1));
            assertThat(receiver.next()).isEqualTo(new Num(3));
            assertThat(receiver.next(Exit.class).reason()).isEqualTo(reason);
            assertThat(receiver.drain()).isEmpty();
            // the refusal is logged on both sides: w2 dropped it, and w1 hears that w2 refused it
            assertThat(log.await(2)).hasSize(2).allSatisfy(e -> assertThat(e.message())
                    .contains(Secret.class.getName() + " is not on the cluster's allow-list"));
        }
    }
}
