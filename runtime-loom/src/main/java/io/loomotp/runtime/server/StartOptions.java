package io.loomotp.runtime.server;

import io.loomotp.runtime.MailboxSpec;
import io.loomotp.runtime.NameRegistry;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.ViaName;
import io.loomotp.runtime.sys.DebugOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start a behaviour: OTP's start options. Immutable; each {@code with…} method returns a copy.
 *
 * @param name register the process under this name before init runs, or null; a taken name fails the start with
 *     {@code AlreadyStartedException}
 * @param debug debug options from the start (trace, log, statistics)
 * @param mailbox the mailbox's shape; null for none given: unbounded, or a {@code @Server}'s own bound (see
 *     {@link #mailboxGiven()})
 * @param startTimeout how long {@code start} waits for init; infinite by default, as in OTP. When it runs out, the
 *     process is killed and {@code start} throws {@code StartFailedException} with reason {@code timeout}
 * @param idleTimeout deliver {@link IdleTimeout} whenever the server has waited this long for a message; null for
 *     never. {@link Handler#idleTimeout} overrides it for one wait.
 * @param globalName register the process under this global name before init runs ({@code {global, Name}}), or null;
 *     the node must have joined a cluster, and a name held anywhere in it fails the start with
 *     {@code AlreadyStartedException}. A start has one name: local or global, not both.
 * @param hibernateAfter hibernate ({@link Handler#hibernate()}) whenever the server has waited this long for a message
 *     with no timeout of its own pending: OTP's {@code {hibernate_after, T}}; null for never. An idle timeout (from
 *     the options or a handler) takes precedence for its wait, as in {@code gen_server}'s loop. A server that lets go
 *     of its thread while idle (a dormant one, the usual case) hibernates when it does, which can be sooner: dormancy
 *     already gives back more than hibernation does; a server that keeps its thread ({@code GenServer.enterLoop})
 *     hibernates after this long.
 * @param via register the process under this name of a registry of the user's own before init runs
 *     ({@code {via, Module, Name}}), or null; a name the registry refuses fails the start with
 *     {@code AlreadyStartedException}. A start has one name: local, global or via.
 */
public record StartOptions(String name, DebugOptions debug, MailboxSpec mailbox, Duration startTimeout,
                           Duration idleTimeout, String globalName, Duration hibernateAfter, ViaName via) {
    /** The defaults: no mailbox given (null here; {@link #mailbox()} answers unbounded), see {@link #mailboxGiven}. */
    private static final StartOptions DEFAULTS = new StartOptions(null, DebugOptions.none(), null,
            Timeouts.INFINITY, null, null, null, null);

    /** The options without a via name, as before {@link #withVia} was added. */
    public StartOptions(String name, DebugOptions debug, MailboxSpec mailbox, Duration startTimeout,
                        Duration idleTimeout, String globalName, Duration hibernateAfter) {
        this(name, debug, mailbox, startTimeout, idleTimeout, globalName, hibernateAfter, null);
    }

    public StartOptions {
        Objects.requireNonNull(debug, "debug: use DebugOptions.none()");
        Objects.requireNonNull(startTimeout, "startTimeout: use Timeouts.INFINITY");
        if (startTimeout.isNegative()) {
            throw new IllegalArgumentException("startTimeout must not be negative: " + startTimeout);
        }
        if (idleTimeout != null && idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative: " + idleTimeout);
        }
        if (hibernateAfter != null && hibernateAfter.isNegative()) {
            throw new IllegalArgumentException("hibernateAfter must not be negative: " + hibernateAfter);
        }
        if (name != null && globalName != null) {
            throw new IllegalArgumentException("a start has one name, local or global, not both: \"" + name
                    + "\" (withName) and global \"" + globalName + "\" (withGlobalName)");
        }
        if (via != null && (name != null || globalName != null)) {
            throw new IllegalArgumentException("a start has one name, local, global or via, not two: "
                    + (name != null ? "\"" + name + "\" (withName)" : "global \"" + globalName + "\" (withGlobalName)")
                    + " and " + via + " (withVia)");
        }
        if (globalName != null && globalName.isEmpty()) {
            throw new IllegalArgumentException("a global name must not be empty");
        }
    }

    /**
     * True if these options name a mailbox ({@link #withMailbox}), even an unbounded one; false for the defaults'. A
     * {@code @Server(mailboxCapacity = ...)} bound applies only where none was given, so that a start may still ask
     * for an unbounded mailbox.
     */
    public boolean mailboxGiven() {
        return mailbox != null;
    }

    /** The mailbox's shape: the one given, or unbounded if none was. */
    @Override
    public MailboxSpec mailbox() {
        return mailbox == null ? MailboxSpec.unbounded() : mailbox;
    }

    /** No name, no debug, an unbounded mailbox, no start timeout, no idle timeout, no hibernation after idling. */
    public static StartOptions defaults() {
        return DEFAULTS;
    }

    public StartOptions withName(String name) {
        return new StartOptions(name, debug, mailbox, startTimeout, idleTimeout, globalName, hibernateAfter, via);
    }

    public StartOptions withDebug(DebugOptions debug) {
        return new StartOptions(name, debug, mailbox, startTimeout, idleTimeout, globalName, hibernateAfter, via);
    }

    public StartOptions withMailbox(MailboxSpec mailbox) {
        Objects.requireNonNull(mailbox, "mailbox: use MailboxSpec.unbounded()");
        return new StartOptions(name, debug, mailbox, startTimeout, idleTimeout, globalName, hibernateAfter, via);
    }

    public StartOptions withStartTimeout(Duration startTimeout) {
        return new StartOptions(name, debug, mailbox, startTimeout, idleTimeout, globalName, hibernateAfter, via);
    }

    public StartOptions withIdleTimeout(Duration idleTimeout) {
        return new StartOptions(name, debug, mailbox, startTimeout, idleTimeout, globalName, hibernateAfter, via);
    }

    /**
     * Registers the process under a global name before its init runs: OTP's {@code gen_server:start({global, Name},
     * ...)}. The name is released when the process ends. A generated client reaches it with
     * {@code …Ref.byGlobalName(node, name)}.
     */
    public StartOptions withGlobalName(String globalName) {
        return new StartOptions(name, debug, mailbox, startTimeout, idleTimeout, globalName, hibernateAfter, via);
    }

    /**
     * Registers the process under {@code name} in a registry of the user's own before its init runs: OTP's
     * {@code gen_server:start({via, Module, Name}, ...)}. A name the registry refuses
     * ({@link NameRegistry#registerName} answers false) fails the start with {@code AlreadyStartedException}; a start
     * whose init fails or is ignored unregisters it; the end of the process does not (the registry's own business, as
     * in OTP). A generated client reaches it with {@code …Ref.byVia(node, registry, name)}.
     */
    public StartOptions withVia(NameRegistry registry, Object name) {
        return new StartOptions(this.name, debug, mailbox, startTimeout, idleTimeout, globalName, hibernateAfter,
                ViaName.of(registry, name));
    }

    /**
     * Hibernates the server whenever it has waited this long for a message: OTP's {@code {hibernate_after, T}}
     * start option. Null for never (the default).
     */
    public StartOptions withHibernateAfter(Duration hibernateAfter) {
        return new StartOptions(name, debug, mailbox, startTimeout, idleTimeout, globalName, hibernateAfter, via);
    }
}
