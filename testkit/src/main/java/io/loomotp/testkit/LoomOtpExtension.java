package io.loomotp.testkit;

import io.loomotp.runtime.ManualClock;
import io.loomotp.runtime.Node;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The JUnit 5 extension behind {@link LoomOtpTest}: it owns the life of each test's node and kit.
 *
 * <p>Before each test it makes a {@link Node} (or reuses the class's), switches the node's report logging off (the
 * kit keeps the reports and prints those that matter), and makes a {@link TestKit}. Both are injected as parameters,
 * into test methods, {@code @BeforeEach} and {@code @AfterEach}. After each test it stops the kit's probes, then
 * checks, in this order: the processes the test left alive (they get a short real-time grace to finish stopping, then
 * fail the test, named with their initial call, and are killed); the crash reports it expected and did not see; and
 * the error reports it did not expect, printed in full. The node of a test is closed after it. If the test already
 * failed, the leak check is skipped, and the unexpected reports are added to its failure.
 *
 * <p>With virtual time, a test whose thread the kit interrupted (a wait only the clock could end, see
 * {@link ClockWatch}) fails with the kit's explanation, the test's own exception suppressed under it: the thread stays
 * interrupted after the call, so a cleanup in a {@code finally} fails too, and without this its
 * {@code CallInterruptedException} would be the failure shown.
 *
 * <p>Registered with {@code @ExtendWith(LoomOtpExtension.class)} without the annotation, it uses the defaults.
 */
public final class LoomOtpExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LoomOtpExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        LoomOtpTest options = options(context.getRequiredTestClass());
        if (options != null && options.nodePerClass()) {
            context.getStore(NS).put(NodeHolder.class, NodeHolder.make(options.nodeName(), options.virtualTime()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        NodeHolder shared = context.getStore(NS).remove(NodeHolder.class, NodeHolder.class);
        if (shared != null) {
            shared.node.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LoomOtpTest classOptions = options(context.getRequiredTestClass());
        LoomOtpTest methodOptions = options(context.getRequiredTestMethod());
        // a method's annotation overrides what it sets away from the defaults, and keeps the class's other options:
        // @LoomOtpTest(checkLeaks = false) on one test of a virtual-time class still has virtual time
        boolean virtualTime = classOptions != null && classOptions.virtualTime()
                || methodOptions != null && methodOptions.virtualTime();
        boolean checkLeaks = (classOptions == null || classOptions.checkLeaks())
                && (methodOptions == null || methodOptions.checkLeaks());
        String nodeName = methodOptions != null && !methodOptions.nodeName().equals("test") ? methodOptions.nodeName()
                : classOptions != null ? classOptions.nodeName() : "test";
        NodeHolder shared = findShared(context);
        if (shared != null && virtualTime && shared.clock() == null) {
            throw new org.junit.jupiter.api.extension.ExtensionConfigurationException(context.getDisplayName()
                    + " asks for virtual time, but its class's tests share one node (nodePerClass = true) that follows "
                    + "the wall clock: put virtualTime = true on the class's @LoomOtpTest, or give this test a class "
                    + "of its own");
        }
        if (shared != null) {
            shared.take(context.getDisplayName());
        }
        NodeHolder holder = shared != null ? shared : NodeHolder.make(nodeName, virtualTime);
        TestKit kit = new TestKit(holder.node, holder.clock, checkLeaks, shared == null);
        context.getStore(NS).put(TestKit.class, kit);
    }

    /** The kit's explanation first, if it interrupted the test's thread: the test's exception is its consequence. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        TestKit kit = context.getStore(NS).get(TestKit.class, TestKit.class);
        String why = kit == null ? null : kit.takeInterruption();
        if (why == null) {
            throw thrown;
        }
        AssertionError primary = new AssertionError(why);
        primary.addSuppressed(thrown);
        throw primary;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestKit kit = context.getStore(NS).remove(TestKit.class, TestKit.class);
        if (kit == null) {
            return;
        }
        NodeHolder shared = findShared(context);
        String failure;
        try {
            failure = kit.finish(context.getExecutionException().isPresent());
        } finally {
            if (shared != null) {
                shared.release();
            }
        }
        if (failure != null) {
            throw new AssertionError(failure);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        return t == Node.class || t == TestKit.class || t == ManualClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        TestKit kit = e.getStore(NS).get(TestKit.class, TestKit.class);
        if (kit == null) {
            NodeHolder shared = findShared(e);
            if (shared == null) {
                throw new org.junit.jupiter.api.extension.ParameterResolutionException("no Loom OTP node here: a "
                        + t.getSimpleName() + " parameter is given to test methods and @BeforeEach/@AfterEach, or to "
                        + "@BeforeAll with @LoomOtpTest(nodePerClass = true)");
            }
            return t == Node.class ? shared.node : t == ManualClock.class ? shared.requireClock() : null;
        }
        return t == Node.class ? kit.node() : t == ManualClock.class ? kit.clock() : kit;
    }

    private static NodeHolder findShared(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            NodeHolder h = c.get().getStore(NS).get(NodeHolder.class, NodeHolder.class);
            if (h != null) {
                return h;
            }
        }
        return null;
    }

    private static LoomOtpTest options(AnnotatedElement element) {
        for (Class<?> c = element instanceof Class<?> k ? k : null; c != null; c = c.getEnclosingClass()) {
            LoomOtpTest a = c.getAnnotation(LoomOtpTest.class);
            if (a != null) {
                return a;
            }
        }
        return element instanceof Class<?> ? null : element.getAnnotation(LoomOtpTest.class);
    }

    /**
     * A node, its clock, and, for a node a class's tests share, the test using it now: its reports and leak check are
     * that test's, so two at once would each see the other's.
     */
    record NodeHolder(Node node, ManualClock clock, java.util.concurrent.atomic.AtomicReference<String> user) {
        NodeHolder(Node node, ManualClock clock) {
            this(node, clock, new java.util.concurrent.atomic.AtomicReference<>());
        }

        static NodeHolder make(String name, boolean virtualTime) {
            if (!virtualTime) {
                return new NodeHolder(Node.create(name), null);
            }
            ManualClock clock = new ManualClock();
            return new NodeHolder(Node.create(name, clock), clock);
        }

        /** Takes the shared node for one test; refused, naming both, while another test of the class runs. */
        void take(String test) {
            String other = user.compareAndExchange(null, test);
            if (other != null) {
                throw new IllegalStateException("test '" + test + "' started while '" + other + "' runs on the node "
                        + "they share (@LoomOtpTest(nodePerClass = true)): each test's reports and leak check would "
                        + "count the other's. Run the class's tests one at a time (@Execution(ExecutionMode.SAME_THREAD) on "
                        + "the class, which also overrides junit.jupiter.execution.parallel.mode.default=concurrent), "
                        + "or give each test a node of its own (nodePerClass = false)");
            }
        }

        void release() {
            user.set(null);
        }

        ManualClock requireClock() {
            if (clock == null) {
                throw new org.junit.jupiter.api.extension.ParameterResolutionException(
                        "this node follows the wall clock: ask for a ManualClock with @LoomOtpTest(virtualTime = true)");
            }
            return clock;
        }
    }
}
