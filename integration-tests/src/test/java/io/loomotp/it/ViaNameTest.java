package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.AlreadyStartedException;
import io.loomotp.runtime.NameRegistry;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessName;
import io.loomotp.runtime.StartFailedException;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.report.Report;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.sys.Sys;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tutorial.DaggerShopComponent;
import tutorial.ShopRef;

/**
 * A server named in a registry of the user's own, OTP's {@code {via, Module, Name}}, as
 * {@code gen_server_SUITE:start/1} does it with its {@code dummy_via} module: registered before init, a second start
 * under the name refused with the holder, calls and casts through the registry, the name given back when init fails.
 */
@LoomOtpTest
class ViaNameTest {

    /** {@code dummy_via}: a map, which keeps a name until asked to forget it, as OTP's module does. */
    static class DummyVia implements NameRegistry {
        final Map<Object, Pid> names = new ConcurrentHashMap<>();

        @Override
        public boolean registerName(Object name, Pid pid) {
            return names.putIfAbsent(name, pid) == null;
        }

        @Override
        public void unregisterName(Object name) {
            names.remove(name);
        }

        @Override
        public Pid whereisName(Object name) {
            return names.get(name);
        }
    }

    record Key(String service, int shard) {}

    @Test
    void start_registersThroughTheRegistry_andCallsAndCastsGoThroughIt(Node node) {
        DummyVia via = new DummyVia();
        Key name = new Key("frequency", 1);
        FrequencyRef started = FrequencyRef.start(node, () -> new Frequency(List.of(1, 2)),
                StartOptions.defaults().withVia(via, name));
        assertThat(via.whereisName(name)).isEqualTo(started.pid());
        assertThat(node.whereis("frequency")).as("not under the @Server's default name too").isNull();

        FrequencyRef client = FrequencyRef.byVia(node, via, name);
        assertThat(client.allocate()).isEqualTo(new Frequency.Granted(1));
        client.deallocate(1); // a cast through the registry
        assertThat(client.available()).isEqualTo(2);
        assertThat(client.pid()).isEqualTo(started.pid());
        assertThat(client).hasToString("FrequencyRef[{via, DummyVia, Key[service=frequency, shard=1]}]")
                .isEqualTo(FrequencyRef.byVia(node, via, new Key("frequency", 1)));

        assertThatThrownBy(() -> FrequencyRef.start(node, () -> new Frequency(List.of(3)),
                StartOptions.defaults().withVia(via, name)))
                .isInstanceOfSatisfying(AlreadyStartedException.class,
                        e -> assertThat(e.holder()).isEqualTo(started.pid()));
        assertThat(via.names).hasSize(1).containsEntry(name, started.pid());
        client.stop();
        assertThat(node.isAlive(started.pid())).isFalse();
    }

    @Test
    void aFreeName_failsACall_andDropsACast(Node node) {
        DummyVia via = new DummyVia();
        FrequencyRef nobody = FrequencyRef.byVia(node, via, "nobody");
        assertThatThrownBy(nobody::available).isInstanceOf(NoProcessException.class)
                .hasMessage("call available: no process {via, DummyVia, nobody}")
                .satisfies(e -> assertThat(((NoProcessException) e).target())
                        .isEqualTo(ProcessName.via(node, via, "nobody")));
        nobody.deallocate(1); // dropped, as gen_server:cast({via, ...}) to a free name
        assertThatThrownBy(() -> via.send("nobody", "hello")).isInstanceOf(NoProcessException.class)
                .hasMessageContaining("{via, DummyVia, nobody}");
    }

    /** A registry that routes: its send picks the process itself, so a cast must go through it, as OTP's does. */
    static final class RoutingVia extends DummyVia {
        final AtomicInteger sends = new AtomicInteger();
        volatile boolean broken;

        @Override
        public Pid whereisName(Object name) {
            if (broken) {
                throw new IllegalStateException("registry down");
            }
            return super.whereisName(name);
        }

        @Override
        public void send(Object name, Object message) {
            sends.incrementAndGet();
            super.send(name, message);
        }
    }

    @Test
    void aCast_goesThroughTheRegistrysSend_andIsDroppedIfItFails(Node node) {
        RoutingVia via = new RoutingVia();
        FrequencyRef.start(node, () -> new Frequency(List.of(1)), StartOptions.defaults().withVia(via, "f"));
        FrequencyRef client = FrequencyRef.byVia(node, via, "f");
        assertThat(client.allocate()).isEqualTo(new Frequency.Granted(1));
        client.deallocate(1); // gen_server:cast({via, M, N}, Req) is catch M:send(N, {'$gen_cast', Req})
        assertThat(via.sends).hasValue(1);
        assertThat(client.available()).as("the cast arrived as a cast, not as an info message").isEqualTo(1);
        via.broken = true;
        client.deallocate(1); // the registry throws: dropped, as OTP's catch drops it
        assertThatThrownBy(client::available).isInstanceOf(IllegalStateException.class).hasMessage("registry down");
        via.broken = false;
        client.stop();
    }

    @Test
    void reportsAndStatus_nameTheProcessByItsViaName(Node node, TestKit kit) throws Exception {
        kit.expectCrash(IllegalStateException.class); // the failed init's crash report
        DummyVia via = new DummyVia();
        FrequencyRef f = FrequencyRef.start(node, () -> new Frequency(List.of(1)),
                StartOptions.defaults().withVia(via, "freq_via"));
        assertThat(Sys.getStatus(f.pid()).name()).isEqualTo("freq_via"); // as OTP's gen:name({via, _, Name})
        f.stop();
        List<Report> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable _ = node.onReport(seen::add)) {
            assertThatThrownBy(() -> FrequencyRef.start(node, () -> {
                throw new IllegalStateException("no frequencies configured");
            }, StartOptions.defaults().withVia(via, "broken_via"))).isInstanceOf(StartFailedException.class);
            TestKit.awaitAssert(() -> assertThat(seen).filteredOn(CrashReport.class::isInstance).singleElement()
                    .satisfies(r -> assertThat(((CrashReport) r).name()).isEqualTo("broken_via")));
        }
    }

    @Test
    void aRegistryThatRefusesAndNamesNoHolder_saysSo(Node node) {
        NameRegistry refusing = new DummyVia() {
            @Override
            public boolean registerName(Object name, Pid pid) {
                return false;
            }
        };
        assertThatThrownBy(() -> FrequencyRef.start(node, () -> new Frequency(List.of(1)),
                StartOptions.defaults().withVia(refusing, "x")))
                .isInstanceOfSatisfying(AlreadyStartedException.class, e -> assertThat(e.holder()).isNull())
                .hasMessageEndingWith("is taken (the registry refused it and names no holder)");
    }

    /**
     * A declared {@code @Supervisor} with a default name, started under a via name: its client put its default name
     * on the options too, and the start failed ("a start has one name").
     */
    @Test
    void aNamedDeclaredSupervisor_startsUnderAViaName_only(Node node) {
        DummyVia via = new DummyVia();
        ShopRef shop = ShopRef.start(node, DaggerShopComponent.create().shop(),
                StartOptions.defaults().withVia(via, "shop_via"));
        assertThat(via.whereisName("shop_via")).isEqualTo(shop.pid());
        assertThat(node.whereis("shop")).as("not under its default name too").isNull();
        assertThat(shop.whichChildren()).hasSize(2);
        assertThat(ShopRef.whereisVia(via, "shop_via")).isEqualTo(shop);
        assertThat(ShopRef.whereisVia(via, "no_such_shop")).isNull();
        shop.stop();
    }

    @Test
    void aFailedInit_givesTheNameBack(Node node, TestKit kit) {
        kit.expectCrash(IllegalStateException.class); // the failed init's crash report
        DummyVia via = new DummyVia();
        assertThatThrownBy(() -> FrequencyRef.start(node, () -> {
            throw new IllegalStateException("no frequencies configured");
        }, StartOptions.defaults().withVia(via, "frequency"))).isInstanceOf(StartFailedException.class);
        assertThat(via.names).isEmpty();
        FrequencyRef second = FrequencyRef.start(node, () -> new Frequency(List.of(4)),
                StartOptions.defaults().withVia(via, "frequency"));
        assertThat(via.whereisName("frequency")).isEqualTo(second.pid());
        second.stop();
    }

    @Test
    void aRegistryThatThrows_failsTheStart_andLeavesNoProcess(Node node) {
        int before = node.processCount();
        NameRegistry broken = new DummyVia() {
            @Override
            public boolean registerName(Object name, Pid pid) {
                throw new IllegalStateException("registry down");
            }
        };
        assertThatThrownBy(() -> FrequencyRef.start(node, () -> new Frequency(List.of(1)),
                StartOptions.defaults().withVia(broken, "f"))).hasMessage("registry down");
        assertThat(node.processCount()).isEqualTo(before);
    }

    @Test
    void oneNameOnly_andNoNullParts() {
        DummyVia via = new DummyVia();
        assertThatThrownBy(() -> StartOptions.defaults().withName("frequency").withVia(via, "f"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a start has one name, local, global or via, not two: \"frequency\" (withName) and "
                        + "{via, DummyVia, f} (withVia)");
        assertThatThrownBy(() -> StartOptions.defaults().withVia(null, "f")).isInstanceOf(NullPointerException.class)
                .hasMessage("registry");
        assertThatThrownBy(() -> StartOptions.defaults().withVia(via, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("name");
    }
}
