package io.loomotp.runtime.testing;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.report.Report;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh {@link Node}, closed after the test, and the {@link Reports} it made. Report logging is
 * switched off so that the crashes tests provoke on purpose do not fill the build log; tests read the reports instead.
 */
public final class NodeExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NodeExtension.class);

    /** The reports a node made during a test, in order. */
    public static final class Reports {
        private final List<Report> all = new CopyOnWriteArrayList<>();

        public List<Report> all() {
            return List.copyOf(all);
        }

        public <T extends Report> List<T> of(Class<T> type) {
            return all.stream().filter(type::isInstance).map(type::cast).toList();
        }

        /** Waits, with a bound, until a report of the type has been made, and returns the first. */
        public <T extends Report> T await(Class<T> type) {
            return Await.until(() -> of(type).stream().findFirst().orElse(null), "a " + type.getSimpleName());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Node node = Node.create("test");
        Reports reports = new Reports();
        node.onReport(reports.all::add);
        node.logReports(false);
        context.getStore(NS).put(Node.class, node);
        context.getStore(NS).put(Reports.class, reports);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Node node = context.getStore(NS).remove(Node.class, Node.class);
        if (node != null) {
            node.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        return t == Node.class || t == Reports.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getStore(NS).get(p.getParameter().getType());
    }
}
