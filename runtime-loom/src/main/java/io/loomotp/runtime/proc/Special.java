package io.loomotp.runtime.proc;

import io.loomotp.runtime.internal.BehaviourInfo;
import io.loomotp.runtime.internal.CallEnvelope;
import io.loomotp.runtime.internal.ProcessImpl;
import io.loomotp.runtime.internal.SystemMessages;

/**
 * What the runtime keeps about one special process: its parent, the starter's slot until {@link ProcLib#initAck}
 * answers it, and its sys part ({@link SystemMessages}: statistics, suspension, status). Set as the process's
 * behaviour view, so that {@code Node.processInfo} names its module.
 *
 * <p>Owner only, except {@link #behaviourName} and {@link #module}, which introspection reads from other threads.
 */
final class Special implements BehaviourInfo {
    final ProcessImpl self;
    final SystemMessages sys;
    /** The starter's slot, until acknowledged; null for a process not started by {@link ProcLib}. */
    CallEnvelope ack;
    final String what;
    /** Made by a {@code ProcLib} start (with a starter's slot), not on first use by a plain process. */
    private final boolean startedByProcLib;
    private volatile Class<?> module;
    private volatile String behaviourName = SystemCallbacks.SPECIAL;

    /**
     * @param body the class of the process's body; a lambda's is named after the class that wrote it, until the
     *     process's callbacks name its module ({@link #describedBy})
     */
    Special(ProcessImpl self, ProcessImpl parent, CallEnvelope ack, Class<?> body) {
        this(self, parent, ack, body, ack != null);
    }

    /** @param startedByProcLib made by a {@code ProcLib} start or spawn, with a starter's slot or not */
    Special(ProcessImpl self, ProcessImpl parent, CallEnvelope ack, Class<?> body, boolean startedByProcLib) {
        this.self = self;
        this.sys = new SystemMessages(self, parent);
        this.ack = ack;
        this.startedByProcLib = startedByProcLib;
        this.module = body.isHidden() ? body.getNestHost() : body;
        this.what = module.getSimpleName().isEmpty() ? "special process" : module.getSimpleName();
    }

    /** The calling process's record, made on first use for a process that {@link ProcLib} did not start. */
    static Special current(String operation) {
        ProcessImpl p = ProcessImpl.currentOrThrow(operation);
        if (p.behaviour() instanceof Special s) {
            return s;
        }
        if (p.behaviour() != null) {
            throw new IllegalStateException(operation + " is for special processes; " + p + " runs a "
                    + p.behaviour().behaviourName() + ", whose loop answers system messages itself");
        }
        Special s = new Special(p, null, null, p.initialCall() instanceof Class<?> c ? c : Object.class);
        p.behaviour(s);
        return s;
    }

    /** Names the process's module and behaviour from its callbacks, for status and process info. */
    void describedBy(SystemCallbacks<?> callbacks) {
        module = callbacks.module();
        behaviourName = callbacks.behaviourName();
    }

    @Override
    public boolean startedByProcLib() {
        return startedByProcLib;
    }

    @Override
    public ProcessImpl startParent() {
        return sys.parent();
    }

    @Override
    public boolean awaitsStartAck() {
        return ack != null;
    }

    @Override
    public String behaviourName() {
        return behaviourName;
    }

    @Override
    public Class<?> module() {
        return module;
    }
}
