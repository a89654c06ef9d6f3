package io.loomotp.runtime.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.Restart;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import io.loomotp.runtime.testing.NodeExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Application dependencies (the {@code applications} key of an {@code .app} file), after {@code application_SUITE}'s
 * {@code ensure_all_started} case: a start refuses an application whose dependencies do not run
 * ({@code {not_started, Dep}}); {@code ensureAllStarted} starts them first, depth first, each once, and undoes its
 * starts if one fails.
 */
@ExtendWith(NodeExtension.class)
class DependenciesTest {

    /** An application with an empty tree that logs its start and stop, and may fail to start. */
    static final class App implements Application {
        final String name;
        final List<Application> deps = new ArrayList<>();
        final List<String> log;
        boolean fail;

        App(String name, List<String> log, App... deps) {
            this.name = name;
            this.log = log;
            this.deps.addAll(List.of(deps));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Application> dependencies() {
            return deps;
        }

        @Override
        public Pid start(Config config) {
            if (fail) {
                throw new IllegalStateException(name + " cannot start");
            }
            log.add("start " + name);
            return Supervisor.startLink(() -> SupervisorSpec.of(SupervisorFlags.defaults()));
        }

        @Override
        public void stop() {
            log.add("stop " + name);
        }
    }

    /** ensureAllStarted refuses a nameless application or a null dependency as start does, before starting any. */
    @Test
    void ensureAllStarted_aNamelessDependencyOrANullOne_refusedAsStartRefusesThem_nothingStarted(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        App nameless = new App(null, log);
        App web = new App("web_n", log, new App("kernel_n", log), nameless);
        assertThatThrownBy(() -> Applications.ensureAllStarted(node, web, Restart.TEMPORARY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(App.class.getName() + ".name() returned null: an application needs a name");
        App withNull = new App("web_m", log);
        withNull.deps.add(null);
        assertThatThrownBy(() -> Applications.ensureAllStarted(node, withNull, Restart.TEMPORARY))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("a dependency of application web_m is null (" + App.class.getName() + ".dependencies())");
        assertThat(log).isEmpty();
        assertThat(Applications.running(node)).isEmpty();
    }

    @Test
    void start_refusesAnApplicationWhoseDependencyDoesNotRun(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        App kernel = new App("kernel_d", log);
        App web = new App("web_d", log, kernel);
        assertThatThrownBy(() -> node.start(web)).isInstanceOf(ApplicationStartException.class)
                .hasMessageContaining("application web_d did not start")
                .hasMessageContaining("needs application kernel_d, which is not started")
                .hasMessageContaining("ensureAllStarted");
        assertThat(Applications.running(node)).isEmpty();
        node.start(kernel);
        node.start(web); // now it may
        assertThat(Applications.running(node)).containsExactly("kernel_d", "web_d");
    }

    @Test
    void ensureAllStarted_startsWhatIsMissing_depthFirst_eachOnce(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        App crypto = new App("crypto_d", log);
        App ssl = new App("ssl_d", log, crypto);
        App db = new App("db_d", log, crypto);
        App web = new App("web_d", log, ssl, db);
        node.start(crypto);
        assertThat(Applications.ensureAllStarted(node, web, Restart.TEMPORARY))
                .containsExactly("ssl_d", "db_d", "web_d"); // crypto ran already: not in the list
        assertThat(Applications.running(node)).containsExactly("crypto_d", "ssl_d", "db_d", "web_d");
        assertThat(Applications.whichApplications(node)).containsExactly("web_d", "db_d", "ssl_d", "crypto_d");
        assertThat(Applications.ensureAllStarted(node, web, Restart.TEMPORARY)).isEmpty();
    }

    @Test
    void ensureAllStarted_aFailure_stopsWhatItStarted_inReverse(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        App a = new App("a_d", log);
        App b = new App("b_d", log, a);
        App c = new App("c_d", log, b);
        c.fail = true;
        assertThatThrownBy(() -> Applications.ensureAllStarted(node, c, Restart.TEMPORARY))
                .isInstanceOf(ApplicationStartException.class).hasMessageContaining("c_d cannot start");
        assertThat(Applications.running(node)).isEmpty();
        assertThat(log).containsExactly("start a_d", "start b_d", "stop b_d", "stop a_d");
    }

    @Test
    void ensureAllStarted_aCycle_isNamed_andNothingStarts(Node node) {
        List<String> log = new CopyOnWriteArrayList<>();
        App a = new App("a_c", log);
        App b = new App("b_c", log, a);
        a.deps.add(b);
        App top = new App("top_c", log, a);
        assertThatThrownBy(() -> Applications.ensureAllStarted(node, top, Restart.TEMPORARY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the dependencies of application top_c form a cycle: a_c -> b_c -> a_c");
        assertThat(log).isEmpty();
    }
}
