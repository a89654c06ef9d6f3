package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.statem.MachineState;
import io.loomotp.sys.Sys;
import io.loomotp.runtime.testing.Probe;
import java.nio.file.Files;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Two phone controllers, A and B, under random sequences of their phones' actions (calls to each other, to
 * themselves, to nobody; accepts, rejects, hangups, at any moment), with one frequency in the pool. After each action
 * the system is let settle, and the invariants of a call must hold: both ends agree, the frequency is held exactly
 * while they are connected, and every call attempt has its outcome.
 */
class PhoneControllerPairProperties {

    /** A phone: a probe that receives its controller's replies, and what the test knows of its attempts. */
    static final class Phone {
        final String number;
        final Probe probe;
        final PhoneControllerRef controller;
        int dialing;
        long outcomes;
        long attempts;

        Phone(Node node, String number, PhonesRef phones) {
            this.number = number;
            this.probe = Probe.spawn(node);
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

    /** A node running the tree with one frequency, and two phones. */
    static final class Pair implements AutoCloseable {
        final Node node = Node.create("pair");
        final Phone a;
        final Phone b;

        Pair() {
            node.logReports(false);
            try {
                BscApplication app = new BscApplication(Map.of("frequencies", "10", "answer_timeout", "1h",
                        "overload_log", Files.createTempDirectory("pair").resolve("o.log").toString()));
                node.start(app);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            PhonesRef phones = PhonesRef.whereis(node);
            a = new Phone(node, "100", phones);
            b = new Phone(node, "101", phones);
        }

        /** Lets every event in flight between the two be handled, and the phones take their replies. */
        void settle() {
            for (int i = 0; i < 3; i++) {
                a.controller.connected();
                b.controller.connected();
            }
            a.drain();
            b.drain();
        }

        void check() {
            settle();
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

        @Override
        public void close() {
            node.close();
        }
    }

    @Property(tries = 40)
    void twoControllers_keepTheInvariantsOfACall(@ForAll("actions") ActionChain<Pair> chain) {
        try {
            chain.withInvariant("call invariants", Pair::check).run();
        } finally {
            chain.finalState().ifPresent(Pair::close);
        }
    }

    @Provide
    Arbitrary<ActionChain<Pair>> actions() {
        return ActionChain.startWith(Pair::new)
                .withAction(3, (Action.Independent<Pair>) () -> Arbitraries.of("a", "b").flatMap(who ->
                        Arbitraries.of("100", "101", "999").map(to -> Transformer.<Pair>mutate(
                                who + " calls " + to, p -> (who.equals("a") ? p.a : p.b).dial(to)))))
                .withAction(3, (Action.Independent<Pair>) () -> Arbitraries.of("a", "b").flatMap(who ->
                        Arbitraries.of("accept", "reject", "hangup").map(what -> Transformer.<Pair>mutate(
                                who + " " + what, p -> {
                                    Phone phone = who.equals("a") ? p.a : p.b;
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
                                }))))
                .withMaxTransformations(30);
    }
}
