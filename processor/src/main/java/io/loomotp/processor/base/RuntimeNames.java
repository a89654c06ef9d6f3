package io.loomotp.processor.base;

import com.palantir.javapoet.ClassName;

/**
 * The runtime's types that generated code uses, by name. The processor never loads the runtime: generated code is
 * compiled against it in the user's build. Everything here is in an exported package of {@code io.loomotp.runtime}.
 */
public final class RuntimeNames {
    private RuntimeNames() {}

    private static final String RUNTIME = "io.loomotp.runtime";
    private static final String SERVER = "io.loomotp.runtime.server";
    private static final String SYS = "io.loomotp.runtime.sys";

    public static final ClassName PID = ClassName.get(RUNTIME, "Pid");
    public static final ClassName PROCESS_REF = ClassName.get(RUNTIME, "ProcessRef");
    public static final ClassName NODE = ClassName.get(RUNTIME, "Node");
    public static final ClassName GLOBAL_NAMES = ClassName.get(RUNTIME, "GlobalNames");
    public static final ClassName PROCESS_NAME = ClassName.get(RUNTIME, "ProcessName");
    public static final ClassName NAME_REGISTRY = ClassName.get(RUNTIME, "NameRegistry");
    public static final ClassName FROM = ClassName.get(RUNTIME, "From");
    public static final ClassName REPLY_TO = ClassName.get(RUNTIME, "ReplyTo");
    public static final ClassName EXIT_REASON = ClassName.get(RUNTIME, "ExitReason");
    public static final ClassName TIMEOUTS = ClassName.get(RUNTIME, "Timeouts");
    public static final ClassName REQUEST_ID = ClassName.get(RUNTIME, "RequestId");
    public static final ClassName SPAWNED = ClassName.get(RUNTIME, "Process", "Spawned");
    public static final ClassName MAILBOX_SPEC = ClassName.get(RUNTIME, "MailboxSpec");
    public static final ClassName OVERFLOW = ClassName.get("io.loomotp", "Overflow");

    public static final ClassName GEN_SERVER = ClassName.get(SERVER, "GenServer");
    public static final ClassName SERVER_CALLBACKS = ClassName.get(SERVER, "ServerCallbacks");
    public static final ClassName START_OPTIONS = ClassName.get(SERVER, "StartOptions");
    public static final ClassName INIT = ClassName.get(SERVER, "InitResult");

    private static final String STATEM = "io.loomotp.runtime.statem";
    public static final ClassName GEN_STATEM = ClassName.get(STATEM, "GenStatem");
    public static final ClassName STATE_MACHINE_CALLBACKS = ClassName.get(STATEM, "StateMachineCallbacks");
    public static final ClassName TRANSITION = ClassName.get(STATEM, "Transition");
    public static final ClassName ENTER_TRANSITION = ClassName.get(STATEM, "EnterTransition");
    public static final String TRANSITION_NAME = TRANSITION.canonicalName();
    public static final String ENTER_TRANSITION_NAME = ENTER_TRANSITION.canonicalName();

    private static final String SUP = "io.loomotp.runtime.supervisor";
    public static final ClassName SUPERVISOR = ClassName.get(SUP, "Supervisor");
    public static final ClassName SUPERVISOR_MODULE = ClassName.get(SUP, "SupervisorModule");
    public static final ClassName SUPERVISOR_SPEC = ClassName.get(SUP, "SupervisorSpec");
    public static final ClassName SUPERVISOR_FLAGS = ClassName.get(SUP, "SupervisorFlags");
    public static final ClassName CHILD_SPEC = ClassName.get(SUP, "ChildSpec");
    public static final ClassName CHILD_ARGS = ClassName.get(SUP, "ChildArgs");
    public static final ClassName CHILD_INFO = ClassName.get(SUP, "ChildInfo");
    public static final ClassName CHILD_COUNT = ClassName.get(SUP, "ChildCount");
    public static final ClassName SHUTDOWN = ClassName.get(SUP, "Shutdown");
    public static final ClassName DURATIONS = ClassName.get(SUP, "Durations");
    public static final ClassName STRATEGY = ClassName.get("io.loomotp", "Strategy");
    public static final ClassName RESTART = ClassName.get("io.loomotp", "Restart");
    public static final ClassName AUTO_SHUTDOWN = ClassName.get("io.loomotp", "AutoShutdown");
    public static final ClassName INJECT = ClassName.get("jakarta.inject", "Inject");
    public static final ClassName PROVIDER = ClassName.get("jakarta.inject", "Provider");

    public static final ClassName STATE_SNAPSHOT = ClassName.get(SYS, "StateSnapshot");
    public static final ClassName TERMS = ClassName.get(SYS, "Terms");

    /** Fully qualified names, for comparing with types seen by the processor. */
    public static final String FROM_NAME = FROM.canonicalName();
    public static final String REPLY_TO_NAME = REPLY_TO.canonicalName();
    public static final String EXIT_REASON_NAME = EXIT_REASON.canonicalName();
    public static final String INIT_NAME = INIT.canonicalName();
}
