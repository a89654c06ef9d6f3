package io.loomotp.processor.base;

/**
 * Every diagnostic text of the processor, each with its code and the fix it names. Codes are stable: the reference
 * ({@code docs/reference/server.md}) lists them, and each has a compile test.
 */
public final class Messages {
    /** What a duration beyond {@code Durations.parse}'s reach is, in the supervisor errors that find one. */
    private static final String TOO_LONG = "too long for the runtime's clock (nanoseconds in a long, about 292 years)";

    private Messages() {}

    private static String msg(String code, String text) {
        return "[Otp/" + code + "] " + text;
    }

    // --- the annotated class ----------------------------------------------------------------------------------------

    public static String behaviourKind(String annotation, String name, String kind) {
        return msg("BehaviourKind", "@" + annotation + " goes on a class, but '" + name + "' is " + kind
                + ": write a concrete class");
    }

    public static String behaviourAbstract(String annotation, String name) {
        return msg("BehaviourAbstract", "@" + annotation + " class '" + name + "' is abstract; each start needs a "
                + "fresh instance of it: make it concrete");
    }

    public static String behaviourPrivate(String annotation, String name) {
        return msg("BehaviourPrivate", "@" + annotation + " class '" + name + "' is private; the generated client "
                + "must reach it: make it package-private or public");
    }

    public static String behaviourInner(String annotation, String name) {
        return msg("BehaviourInner", "@" + annotation + " class '" + name + "' is an inner class, which needs an "
                + "enclosing instance: make it static");
    }

    public static String behaviourGeneric(String annotation, String name, String what) {
        return msg("BehaviourGeneric", "@" + annotation + " class '" + name + "' is generic; its " + what
                + " need concrete types: remove the type parameters");
    }

    public static String twoBehaviours(String name, String a, String b) {
        return msg("TwoBehaviours", "'" + name + "' is both @" + a + " and @" + b + "; a class is one behaviour, "
                + "and each would generate the same client: keep one annotation");
    }

    public static String noConstructor(String name) {
        return msg("NoConstructor", "'" + name + "' has no constructor or static factory method that its package "
                + "can call, so no Supplier<" + name + "> can make one: add a non-private constructor");
    }

    // --- handlers ---------------------------------------------------------------------------------------------------

    public static String handlerPrivate(String role, String method) {
        return msg("HandlerPrivate", "@" + role + " method '" + method + "' is private; the generated dispatch calls "
                + "it from the same package: make it package-private");
    }

    public static String handlerStatic(String role, String method) {
        return msg("HandlerStatic", "@" + role + " method '" + method + "' is static; handlers run on the "
                + "instance each start makes: remove 'static'");
    }

    public static String handlerGeneric(String role, String method) {
        return msg("HandlerGeneric", "@" + role + " method '" + method + "' declares type parameters; a message "
                + "needs concrete types: remove them");
    }

    public static String twoRoles(String method, String a, String b) {
        return msg("TwoRoles", "method '" + method + "' is both @" + a + " and @" + b + "; a handler has one role: "
                + "keep one annotation");
    }

    public static String callReplyTwice(String method) {
        return msg("CallReplyTwice", "@Call method '" + method + "' returns a value and also takes a ReplyTo; "
                + "return void to answer through the ReplyTo, or drop the ReplyTo parameter");
    }

    public static String castReturns(String method, String type) {
        return msg("CastReturn", "@Cast method '" + method + "' returns " + type + ", but a cast has no reply: "
                + "return void, or make it a @Call");
    }

    public static String castWithCaller(String method, String type) {
        return msg("CastCaller", "@Cast method '" + method + "' takes a " + type + ", but nobody waits for a cast: "
                + "remove the parameter, or make it a @Call");
    }

    public static String twoCallerParams(String role, String method) {
        return msg("CallerTwice", "@" + role + " method '" + method + "' takes more than one From/ReplyTo; take at most one");
    }

    public static String rawReplyTo(String role, String method) {
        return msg("RawReplyTo", "@" + role + " method '" + method + "' takes a raw ReplyTo; say what the reply is: "
                + "ReplyTo<T>");
    }

    public static String duplicateMessage(String method, String other) {
        return msg("DuplicateMessage", "handler '" + method + "' and handler '" + other + "' would send messages of "
                + "the same name (each message record is named after its method, capitalised): rename one");
    }

    public static String allSignificantSimpleOne(String name) {
        return msg("AllSignificantSimpleOne", "SIMPLE_ONE_FOR_ONE supervisor '" + name + "' has autoShutdown = "
                + "ALL_SIGNIFICANT, which acts as ANY_SIGNIFICANT there (OTP's code looks at the template, which never "
                + "runs; erlang/otp#8230): the first significant child to end shuts it down. Say ANY_SIGNIFICANT, or "
                + "NEVER");
    }

    public static String childNameClash(String method, String ref) {
        return msg("NameClash", "@Child '" + method + "()' clashes with " + ref + "." + method + "(), which every "
                + "generated supervisor client has: rename the method, and keep the child's id with @Child(id = \""
                + method + "\")");
    }

    public static String nameClash(String method, String ref) {
        return msg("NameClash", "handler '" + method + "' clashes with " + ref + "." + method
                + "(), which every generated client has: rename the handler");
    }

    /**
     * A handler whose client method would have the name and parameter types of a method of Object ({@code
     * objectMethod}, e.g. {@code wait(long)}); {@code dropped} says which of the handler's parameters the client's
     * method does not take.
     */
    public static String objectClash(String method, String ref, String objectMethod, boolean isFinal,
                                     String dropped) {
        String name = objectMethod.substring(0, objectMethod.indexOf('('));
        String why;
        if (isFinal) {
            why = "is final in Object";
        } else if (name.equals("equals") || name.equals("hashCode") || name.equals("toString")) {
            why = "every client defines itself (equal clients name one process)";
        } else if (name.equals("finalize")) {
            why = "the garbage collector calls";
        } else {
            why = "the client would then override, sending the message to whoever calls it";
        }
        return msg("NameClash", "handler '" + method + "' would give " + ref + " the method " + objectMethod
                + ", the signature of Object." + objectMethod + ", which " + why + ": rename the handler, or give it"
                + " other parameter types (the client method takes the handler's without " + dropped + ")");
    }

    /*
     * The rules of handlers chosen by their one parameter's type: @Info (role "Info", which takes a message) and
     * @Continue (role "Continue", which takes a continuation).
     */

    private static String taken(String role) {
        return role.equals("Continue") ? "continuation" : "message";
    }

    public static String infoParams(String role, String method, int count) {
        return msg(role + "Params", "@" + role + " method '" + method + "' takes " + count + " parameters; it takes "
                + "exactly one, the " + taken(role) + ", and is chosen by that parameter's type");
    }

    public static String infoDuplicate(String role, String method, String other, String type) {
        return msg(role + "Duplicate", "@" + role + " methods '" + method + "' and '" + other + "' both take " + type
                + "; one " + taken(role) + " type has one handler: merge them");
    }

    public static String infoAmbiguous(String role, String method, String other, String a, String b) {
        return msg(role + "Ambiguous", "@" + role + " methods '" + method + "' (" + a + ") and '" + other + "' (" + b
                + ") could both match one " + taken(role) + ", and neither type is more specific: make one of them "
                + "a subtype of the other, seal one with subtypes that are not the other (a final class, record or "
                + "enum is never an interface it does not implement), or take a common supertype and decide inside "
                + "one handler");
    }

    public static String infoGeneric(String role, String method, String type) {
        return msg(role + "Generic", "@" + role + " method '" + method + "' takes " + type + ", but a " + taken(role)
                + " is matched by its class at run time, where type arguments are gone: take the raw type with "
                + "wildcards (e.g. List<?>)");
    }

    public static String infoReturns(String role, String method, String type) {
        return msg(role + "Return", "@" + role + " method '" + method + "' returns " + type + "; nothing receives "
                + "it: return void" + (role.equals("Continue") ? " (a further step is Handler.continueWith(...))"
                : ""));
    }

    public static String initSignature(String method) {
        return msg("InitSignature", "@Init method '" + method + "' must take no parameters and return void or "
                + "InitResult (io.loomotp.runtime.server); what Erlang passes as init(Args) comes through the "
                + "constructor, or the factory given to start");
    }

    public static String terminateSignature(String method) {
        return msg("TerminateSignature", "@Terminate method '" + method + "' must take no parameter or one "
                + "ExitReason, and return void");
    }

    public static String stateMachineTerminate(String method, String stateType) {
        return msg("TerminateSignature", "@Terminate method '" + method + "' of a state machine must take no "
                + "parameter, the state (" + article(stateType) + " " + stateType + "), an ExitReason, or the state "
                + "then an ExitReason, and return void");
    }

    public static String onlyOne(String role, String method, String other) {
        return msg("OnlyOne" + role, "@" + role + " method '" + method + "' is the second one after '" + other
                + "'; a class has at most one: merge them");
    }

    public static String notInBehaviour(String role, String method, String type, String host) {
        return msg("NotInBehaviour", "@" + role + " on '" + method + "' in '" + type + "', which is not a " + host + ": "
                + "annotate '" + type + "' with " + host + ", or remove @" + role + " (if a behaviour class extends '"
                + type + "', declare the handler there instead: handlers are not inherited)");
    }

    public static String durationLastParam(String name, String sig) {
        return msg("DurationMessage", "'" + sig + "' takes a Duration last, which its client cannot tell from a "
                + "call's timeout: " + name + "(d) sends d as the message, and the timeout is a second Duration; "
                + "wrap it in a record of the message's own (a Delay), or put it before the other parameters");
    }

    public static String overflowWithoutBound(String overflow) {
        return msg("MailboxOverflow", "overflow = " + overflow + " applies to a bounded mailbox only, and "
                + "mailboxCapacity is 0 (unbounded: it never overflows, and takes every message): give mailboxCapacity "
                + "a positive bound, or remove overflow");
    }

    public static String mailboxCapacity(int capacity) {
        return msg("MailboxCapacity", "mailboxCapacity " + capacity + " is negative: use a positive bound, or 0 for "
                + "an unbounded mailbox");
    }

    // --- state machines ---------------------------------------------------------------------------------------------

    public static String noStates(String name) {
        return msg("NoStates", "state machine '" + name + "' has no state type: name it with "
                + "@StateMachine(states = State.class), or add an @Init that returns the first state");
    }

    public static String noStatesFromInit(String name, String init) {
        return msg("NoStates", "state machine '" + name + "' has no state type: its @Init '" + init + "' does not return "
                + "a state (a Transition or an Object does not say which type the states are): name the type with "
                + "@StateMachine(states = State.class), or make '" + init + "' return the first state");
    }

    /** For an enum state type without constants (a new user's finding: the message said it was no enum). */
    public static String stateEnumEmpty(String name, String type) {
        return msg("StateType", "the states of '" + name + "' are the constants of enum " + type + ", which has none: "
                + "give it one constant per state");
    }

    /** For a state type of the user's own that is neither an enum nor sealed: sealing it is the fix. */
    public static String stateTypeNotSealed(String name, String type) {
        return msg("StateType", "the states of '" + name + "' must be an enum, or a sealed interface whose permitted "
                + "subclasses are records, final classes or enums, but " + type + " is neither: seal it "
                + "(sealed interface " + type + " permits ...) with a record, final class or enum per state, or make "
                + "it an enum");
    }

    public static String stateType(String name, String type) {
        return msg("StateType", "the states of '" + name + "' must be an enum, or a sealed interface whose permitted "
                + "subclasses are records, final classes or enums, but " + type + " is neither: declare a sealed "
                + "interface of your own (sealed interface State permits ...) with a record per state, or an enum, and "
                + "use it in place of " + type);
    }

    public static String eventState(String role, String method, String states) {
        return msg("EventState", "the first parameter of @" + role + " method '" + method + "' must be the state it "
                + "handles: one of " + states + ", or the state type itself for every state");
    }

    public static String notAState(String method, String name, String states) {
        return msg("NotAState", "@InState on '" + method + "' names '" + name + "', which is not a state; the states"
                + " are " + states);
    }

    public static String inStateEmpty(String method) {
        return msg("InStateEmpty", "@InState({}) on '" + method + "' names no state: name the states it handles the "
                + "event in, or remove @InState to handle it in every state");
    }

    public static String inStateOnRecord(String method) {
        return msg("InStateOnRecord", "@InState on '" + method + "' is for enum states; with record states, the "
                + "first parameter's type says which state: remove @InState");
    }

    public static String eventReturn(String role, String method, String type, String stateType) {
        return msg("EventReturn", "@" + role + " method '" + method + "' returns " + type + "; return the next state"
                + " (" + article(stateType) + " " + stateType + "), a Transition, or void to keep the state"
                + (role.equals("Event") ? "; a call's answer goes through a ReplyTo<T> parameter (replyTo.reply(value))"
                : ""));
    }

    public static String eventShape(String event, String method, String other) {
        return msg("EventShape", "@Event methods '" + method + "' and '" + other + "' handle event '" + event
                + "' with different parameters; an event has one shape in every state: give them the same "
                + "parameters after the state");
    }

    public static String eventDuplicate(String event, String method, String other, String state) {
        return msg("EventDuplicate", "@Event methods '" + method + "' and '" + other + "' both handle event '"
                + event + "' in state " + state + ": keep one");
    }

    public static String eventUnhandled(String event, String states, String stateType) {
        return msg("EventUnhandled", "event '" + event + "' has no handler in state " + states + ": add one, handle "
                + "it in every state with a handler whose first parameter is " + stateType + ", or set "
                + "@StateMachine(unhandled = LOG)");
    }

    public static String enterReturn(String method, String type) {
        return msg("EnterReturn", "@Enter method '" + method + "' returns " + type + ", but an enter call may not "
                + "change the state, postpone or insert events: return void or EnterTransition");
    }

    public static String enterParams(String method, String stateType) {
        return msg("EnterParams", "@Enter method '" + method + "' takes the state it enters, and optionally the state"
                + " it came from (" + article(stateType) + " " + stateType + "); nothing else");
    }

    public static String stateMachineInit(String method, String stateType) {
        return msg("StateMachineInit", "@Init method '" + method + "' must take no parameters and return the first "
                + "state (" + article(stateType) + " " + stateType + "), a Transition, or an InitResult; what Erlang "
                + "passes as init(Args) comes through the constructor");
    }

    public static String eventCaller(String method, String type) {
        return msg("EventCaller", "@Event method '" + method + "' takes " + type + "; a sync event takes a "
                + "ReplyTo<T>, so that its client knows the reply's type: declare 'ReplyTo<T> replyTo'");
    }

    public static String enterDuplicate(String method, String other, String state) {
        return msg("EnterDuplicate", "@Enter methods '" + method + "' and '" + other + "' both run on entering "
                + "state " + state + ": keep one");
    }

    public static String infoStateDuplicate(String method, String other, String type, String state) {
        return msg("InfoDuplicate", "@Info methods '" + method + "' and '" + other + "' both take " + type
                + " in state " + state + ": keep one, or give them different states");
    }

    public static String infoStateAmbiguous(String method, String other, String a, String b, String state) {
        return msg("InfoAmbiguous", "@Info methods '" + method + "' (" + a + ") and '" + other + "' (" + b
                + ") could both match one message in state " + state + ", and neither type is more specific: make one "
                + "a subtype of the other, seal one with subtypes that are not the other, give them different states, "
                + "or take a common supertype and decide inside one handler");
    }

    public static String stateMachineInfoParams(String method, int count) {
        return msg("InfoParams", "@Info method '" + method + "' takes " + count + " parameters; it takes the "
                + "message, optionally after the state it handles it in");
    }

    public static String wrongRole(String role, String method, String kind, String instead) {
        return msg("WrongRole", "@" + role + " on '" + method + "' is not for a " + kind + ": use " + instead);
    }

    // --- supervisors ------------------------------------------------------------------------------------------------

    public static String supervisorKind(String name, String kind) {
        return msg("SupervisorKind", "@Supervisor goes on an interface, or an abstract class, that declares the "
                + "children; '" + name + "' is " + kind);
    }

    public static String supervisorIntensity(int intensity) {
        return msg("SupervisorIntensity", "intensity " + intensity + " is negative; it is how many restarts are "
                + "allowed within the period: 0 or more");
    }

    public static String supervisorPeriod(String period) {
        return msg("SupervisorPeriod", "period '" + period + "' is not a duration: write a whole number and a unit, "
                + "as 500ms, 5s, 1m, 1h or 1d");
    }

    public static String registeredName(String name) {
        return msg("RegisteredName", "name '" + name + "' has whitespace in it, which no operator can type at a "
                + "console or the CLI: write the name without spaces, or leave name out");
    }

    public static String supervisorPeriodTooLong(String period) {
        return msg("SupervisorPeriod", "period '" + period + "' is " + TOO_LONG + ": write a shorter time");
    }

    public static String childShutdownTooLong(String method, String shutdown) {
        return msg("ChildShutdown", "shutdown of @Child '" + method + "' '" + shutdown + "' is " + TOO_LONG
                + ": write a shorter time, or infinity");
    }

    public static String childShutdown(String method, String shutdown) {
        return msg("ChildShutdown", "shutdown '" + shutdown + "' of @Child '" + method + "' is not one: write "
                + "brutal_kill, infinity, or a time such as 500ms or 5s");
    }

    public static String childSignificantNever(String method, String supervisor) {
        return msg("ChildSignificant", "@Child '" + method + "' is significant, but supervisor '" + supervisor
                + "' never shuts down on its children (OTP's bad_combination [{auto_shutdown, never}, {significant, "
                + "true}]): add autoShutdown = AutoShutdown.ANY_SIGNIFICANT or ALL_SIGNIFICANT to its @Supervisor, or "
                + "drop significant");
    }

    public static String childSignificantPermanent(String method) {
        return msg("ChildSignificant", "@Child '" + method + "' is significant and permanent (OTP's bad_combination "
                + "[{restart, permanent}, {significant, true}]): a permanent child is always restarted, so its end "
                + "never counts; add restart = Restart.TRANSIENT or Restart.TEMPORARY");
    }

    public static String childReturn(String method, String type) {
        return msg("ChildReturn", "@Child method '" + method + "' returns " + type + ", which starts nothing: return "
                + "the generated client of the child (the …Ref of a @Server, @StateMachine or @Supervisor), or Pid "
                + "for a child you start yourself");
    }

    public static String childIsItsSupervisor(String method, String client, String supervisor) {
        return msg("ChildIsItsSupervisor", "@Child method '" + method + "' returns " + client + ", the client of "
                + supervisor + " itself: a supervisor cannot be its own child (its start would start it again, "
                + "without end); return the client of another behaviour");
    }

    public static String childBehaviourClass(String method, String type, String client) {
        return msg("ChildReturn", "@Child method '" + method + "' returns " + type + ", the behaviour's own class: "
                + "return its generated client, " + client + ", which starts it");
    }

    public static String childNoInit(String method, String type) {
        return msg("ChildNoInit", "@Child method '" + method + "' returns " + type + ", whose state machine has no "
                + "@Init: a supervisor restarts it from nothing, so give it an @Init that returns its first state");
    }

    public static String childArgs(String method) {
        return msg("ChildArgs", "@Child method '" + method + "' takes parameters, which only the one child of a "
                + "SIMPLE_ONE_FOR_ONE supervisor does (they are what startChild passes): remove them, or make the "
                + "supervisor SIMPLE_ONE_FOR_ONE");
    }

    public static String childNotAbstract(String method) {
        return msg("ChildNotAbstract", "@Child method '" + method + "' has a body, which nothing would run: declare "
                + "it abstract; the generated client implements what it means");
    }

    public static String notAChild(String method, String supervisor) {
        return msg("NotAChild", "abstract method '" + method + "' of supervisor '" + supervisor + "' is not a @Child;"
                + " annotate it with @Child, or remove it");
    }

    public static String childDuplicateId(String id, String method, String other) {
        return msg("ChildDuplicateId", "@Child methods '" + method + "' and '" + other + "' have the same id '" + id
                + "': give one another id with @Child(id = ...)");
    }

    public static String simpleOneChild(String name, int count) {
        return msg("SimpleOneChild", "SIMPLE_ONE_FOR_ONE supervisor '" + name + "' has " + count + " @Child methods; "
                + "it has exactly one, the template of the children startChild starts");
    }

    public static String simpleOneRegisteredChild(String sig, String registered) {
        return msg("SimpleOneRegistered", "@Child '" + sig + "' starts a behaviour that registers the name '" + registered
                + "', so this SIMPLE_ONE_FOR_ONE supervisor can start it once: every later startChild fails with "
                + "already_started; remove the name from its annotation to start many");
    }

    // --- what the generated code depends on ----------------------------------------------------------------------

    public static String generatedNameTaken(String existing, String pkg, String name, String annotation) {
        return msg("GeneratedNameTaken", "a class '" + existing + "' already exists in " + pkg + ", and the processor "
                + "generates that class for @" + annotation + " '" + name + "': rename '" + existing + "', or '"
                + name + "'");
    }

    public static String generatedNameFlattened(String generated, String pkg, String name, String other) {
        return msg("GeneratedNameTaken", "the class '" + generated + "' that the processor generates for '" + name
                + "' in " + pkg + " is generated for " + other + " too (nested names are flattened with '_': Foo.Bar "
                + "and Foo_Bar both give Foo_Bar_Dispatch): rename one of the two classes");
    }

    public static String unreachableType(String type, String where, String why, String fix) {
        return msg("UnreachableType", "the type '" + type + "' of " + where + " is " + why + ", and the generated "
                + "code must name it: " + fix);
    }

    public static String enclosedInPrivate(String annotation, String name, String outer) {
        return msg("BehaviourPrivate", "@" + annotation + " class '" + name + "' is inside private class '" + outer
                + "'; the generated client must reach it: make '" + outer + "' package-private or public");
    }

    public static String defaultPackageClash(String method, String record, String type) {
        return msg("DefaultPackageClash", "handler '" + method + "' gives its message the name '" + record
                + "', which in the default package hides class '" + type + "' inside the generated dispatch: rename "
                + "the handler, or move the server into a package (there the dispatch names every class in full)");
    }

    public static String behaviourSuperclass(String type, String parent, String annotation) {
        return msg("BehaviourSuperclass", "'" + type + "' extends @" + annotation + " '" + parent + "', whose handlers "
                + "would not be part of '" + type + "': handlers are read from the behaviour class itself: move the "
                + "shared code into a plain (abstract) base class without handler annotations, and declare the "
                + "handlers in '" + type + "' (they may call super)");
    }

    public static String inheritedHandler(String role, String method, String type, boolean isInterface) {
        String name = method.substring(0, method.indexOf('('));
        return msg("InheritedHandler", "@" + role + " on '" + method + "' in " + (isInterface ? "interface '"
                : "abstract class '") + type + "': handlers are read from the behaviour class itself, not from its "
                + (isInterface ? "interfaces" : "superclasses") + ": declare the handler in the @Server or "
                + "@StateMachine class (it may call " + (isInterface ? type + ".super." : "super.") + name + "(...)), "
                + "and remove @" + role + " here");
    }

    public static String wildcardReplyTo(String role, String method) {
        return msg("RawReplyTo", "@" + role + " method '" + method + "' takes a ReplyTo<?>, which does not say what "
                + "the reply is, so the client cannot type it: declare ReplyTo<T> with the reply's type");
    }

    public static String stateNotLeaf(String stateType, String permitted, boolean isInterface) {
        if (isInterface) {
            return msg("StateType", "state type '" + stateType + "' permits '" + permitted + "', an interface: "
                    + "groups of states within the state type are not supported; have '" + stateType + "' permit "
                    + "each state (a record, an enum or a final class) itself");
        }
        return msg("StateType", "state type '" + stateType + "' permits '" + permitted + "', which is neither a "
                + "record, an enum nor a final class, so it is no one state: make '" + permitted + "' a record (or "
                + "final)");
    }

    public static String supervisorPeriodZero(String period) {
        return msg("SupervisorPeriod", "period '" + period + "' is zero, so no two restarts could fall within it "
                + "(OTP's period is a positive time): write a positive time, as 5s");
    }

    public static String unresolved(String element, String type) {
        return msg("Unresolved", "the type '" + type + "' of '" + element + "' could not be resolved; if another "
                + "annotation processor generates it, make sure it runs in the same compilation");
    }

    /**
     * A failure of the processor itself, with its stack trace: the trace is what a bug report needs, and javac prints
     * nothing else of an exception the processor caught.
     */
    public static String internalError(String element, Throwable t) {
        java.io.StringWriter trace = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(trace));
        return msg("Internal", "the Loom OTP processor failed on '" + element + "': " + t
                + "; this is a bug in the processor, please report it with this message\n" + trace);
    }

    /**
     * {@code a} or {@code an} before a type's name, as it is said: an Event, an E, a State; a one-letter name as its
     * letter is said (an S, an M, a T).
     */
    private static String article(String word) {
        if (word.length() == 1) {
            return "AEFHILMNORSXaefhilmnorsx".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
        }
        return !word.isEmpty() && "AEIOUaeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }
}
