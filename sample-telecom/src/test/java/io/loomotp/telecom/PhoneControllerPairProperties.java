package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.statem.MachineState;
import io.loomotp.runtime.application.Applications;
import io.loomotp.runtime.report.Report;
import io.loomotp.sys.Sys;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import io.loomotp.testkit.TestProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Two phone controllers, A and B, under random sequences of their phones' actions (calls to each other, to
 * themselves, to nobody; accepts, rejects, hangups, at any moment), with one frequency in the pool. After each action
 * the system is let settle, and the invariants of a call must hold: both ends agree, the frequency is held exactly
 * while they are connected, every call attempt has its outcome, and nothing crashed.
 *
 * <p>A run is a list of actions drawn by QuickTheories from a fixed seed ({@code -DQT_SEED=<n>} picks another); a
 * failing run is shrunk to the shortest list that still breaks an invariant, and the report names the actions.
 *
 * <p>On the test kit: each run starts the application on the test's node and stops it at the end, the phones are the
 * kit's probes (one each for the whole test), "settled" is the kit's {@link TestKit#settle()}, and the leak check
 * after the test shows that the runs left nothing alive.
 */
@LoomOtpTest
class PhoneControllerPairProperties {
    private static final long SEED = Long.getLong("QT_SEED", 20261201L);

    /** A phone: a probe that receives its controller's replies, and what the test knows of its attempts. */
    static final class Phone {
        final String number;
        final TestProbe probe;
        final PhoneControllerRef controller;
        int dialing;
        long outcomes;
        long attempts;

        Phone(TestProbe probe, String number, PhonesRef phones) {
            this.number = number;
            this.probe = probe;
            this.controller = phones.phone(number);
            controller.connect(probe.pid());
        }

        /** Takes the replies received so far: an outcome ends the attempt pending. */
        void drain() {
            for (Object m : probe.drain()) {
                boolean outcome = m instanceof PhoneReply.Accepted || m instanceof PhoneReply.Rejected
                        || m instanceof PhoneReply.Busy || m instanceof PhoneReply.Invalid
                        || m instanceof PhoneReply.NoFrequency || m instanceof PhoneReply.NoAnswer
                        || m instanceof PhoneReply.Hangup;
                if (outcome && dialing > 0) {
                    dialing--;
                    outcomes++;
                }
            }
        }

        void dial(String to) {
            attempts++;
            dialing++;
            controller.outbound(to);
        }

        PhoneController.State state() {
            return (PhoneController.State) ((MachineState) Sys.getState(controller)).state();
        }
    }

    /** The tree with one frequency, started on the test's node for one run, and its two phones. */
    static final class Pair implements AutoCloseable {
        final TestKit kit;
        final Node node;
        final Phone a;
        final Phone b;
        private final int errorsBefore;

        Pair(TestKit kit, TestProbe phoneA, TestProbe phoneB, Path dir) {
            this.kit = kit;
            this.node = kit.node();
            this.errorsBefore = errors(kit).size();
            node.start(new BscApplication(Map.of("frequencies", "10", "answer_timeout", "1h",
                    "overload_log", dir.resolve("o.log").toString())));
            PhonesRef phones = PhonesRef.whereis(node);
            a = new Phone(phoneA, "100", phones);
            b = new Phone(phoneB, "101", phones);
        }

        /**
         * Lets every event in flight be handled, and the phones take their replies. A controller that sets up a call
         * waits for the set-up queue's admission outside the runtime, where the node looks idle: one call to each
         * controller waits that out (only a phone's dial makes a controller ask); then the kit waits until no process
         * has anything left to do, however long the chain of events between the two.
         */
        void settle() {
            a.controller.connected();
            b.controller.connected();
            kit.settle();
            a.drain();
            b.drain();
        }

        void check() {
            settle();
            assertThat(errors(kit).subList(errorsBefore, errors(kit).size())).as("error reports").isEmpty();
            PhoneController.State sa = a.state();
            PhoneController.State sb = b.state();
            Pid pa = a.controller.pid();
            Pid pb = b.controller.pid();
            int inUse = FrequencyRef.whereis(node).inUse();
            if (sa instanceof PhoneController.Connected ca) {
                assertThat(sb).isInstanceOf(PhoneController.Connected.class);
                PhoneController.Connected cb = (PhoneController.Connected) sb;
                assertThat(ca.peer()).isEqualTo(pb);
                assertThat(cb.peer()).isEqualTo(pa);
                assertThat(ca.frequency()).isEqualTo(cb.frequency());
                assertThat(ca.owner()).isNotEqualTo(cb.owner());
                assertThat(inUse).isEqualTo(1);
            } else {
                assertThat(sb).isNotInstanceOf(PhoneController.Connected.class);
                assertThat(inUse).isZero();
            }
            if (sa instanceof PhoneController.Calling c) {
                assertThat(c.peer()).isEqualTo(pb);
                assertThat(sb).isEqualTo(new PhoneController.Receiving("100", pa));
            }
            if (sb instanceof PhoneController.Calling c) {
                assertThat(c.peer()).isEqualTo(pa);
                assertThat(sa).isEqualTo(new PhoneController.Receiving("101", pb));
            }
            assertThat(a.dialing).isEqualTo(sa instanceof PhoneController.Calling ? 1 : 0);
            assertThat(b.dialing).isEqualTo(sb instanceof PhoneController.Calling ? 1 : 0);
            assertThat(a.outcomes + a.dialing).isEqualTo(a.attempts);
            assertThat(b.outcomes + b.dialing).isEqualTo(b.attempts);
        }

        /** Stops the application, and lets the phones take what its controllers said as they went. */
        @Override
        public void close() {
            assertThat(Applications.stop(node, "bsc")).as("bsc was running").isTrue();
            kit.settle();
            a.probe.drain();
            b.probe.drain();
        }

        private static List<Report> errors(TestKit kit) {
            return kit.reports().stream().filter(Report::isError).toList();
        }
    }

    /** One action of a run: what a phone's user does, named as the failure report shows it. */
    record Step(String name, Consumer<Pair> run) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void twoControllers_keepTheInvariantsOfACall(TestKit kit, @TempDir Path dir) {
        TestProbe phoneA = kit.probe();
        TestProbe phoneB = kit.probe();
        qt().withFixedSeed(SEED).withExamples(40).withShrinkCycles(1000)
                .forAll(run())
                .checkAssert(steps -> runKeepingTheInvariants(new Pair(kit, phoneA, phoneB, dir), steps));
    }

    /**
     * Up to 30 actions. QuickTheories shrinks a list by cutting its end and each element towards its simplest value,
     * never by dropping one from the middle: each slot is an optional action whose simplest value is "no action", so
     * a failing run shrinks to the few actions that matter, and the report lists only those.
     */
    private static Gen<List<Step>> run() {
        return lists().of(step().toOptionals(25)).ofSizeBetween(0, 30)
                .map(slots -> slots.stream().flatMap(Optional::stream).toList());
    }

    /** Runs the actions on a fresh pair, checking the invariants before the first action and after each one. */
    private static void runKeepingTheInvariants(Pair pair, List<Step> steps) {
        try (Pair p = pair) {
            p.check();
            for (int i = 0; i < steps.size(); i++) {
                steps.get(i).run().accept(p);
                try {
                    p.check();
                } catch (AssertionError e) {
                    throw new AssertionError("call invariants broken after " + steps.subList(0, i + 1), e);
                }
            }
        }
    }

    /** A call (to the other phone, to itself, to nobody) or an answer (accept, reject, hangup), by either phone. */
    private static Gen<Step> step() {
        Gen<String> who = Generate.pick(List.of("a", "b"));
        Gen<Step> dial = who.zip(Generate.pick(List.of("100", "101", "999")), (w, to) -> new Step(
                w + " calls " + to, p -> (w.equals("a") ? p.a : p.b).dial(to)));
        Gen<Step> answer = who.zip(Generate.pick(List.of("accept", "reject", "hangup")), (w, what) -> new Step(
                w + " " + what, p -> {
                    Phone phone = w.equals("a") ? p.a : p.b;
                    PhoneControllerRef c = phone.controller;
                    switch (what) {
                        case "accept" -> c.accept();
                        case "reject" -> c.reject();
                        default -> {
                            // hanging up while dialing is the attempt's outcome: the user gave up
                            if (phone.state() instanceof PhoneController.Calling) {
                                phone.dialing--;
                                phone.outcomes++;
                            }
                            c.hangup();
                        }
                    }
                }));
        return Generate.frequency(org.quicktheories.api.Pair.of(3, dial), org.quicktheories.api.Pair.of(3, answer));
    }
}
