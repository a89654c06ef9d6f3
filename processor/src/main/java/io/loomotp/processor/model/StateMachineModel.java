package io.loomotp.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.loomotp.processor.base.RuntimeNames;
import java.util.List;

/**
 * Everything the writers need to know about one {@code @StateMachine} class.
 *
 * @param machine the user's class
 * @param ref the generated client
 * @param dispatch the generated dispatch glue
 * @param isPublic whether the user's class (and so its client) is public
 * @param defaultName the name from {@code @StateMachine(name)}, or empty
 * @param mailboxCapacity the bound from the annotation, or 0
 * @param overflow the constant name of the annotation's overflow
 * @param stateType the sealed interface or enum of the states
 * @param enumStates whether the states are enum constants
 * @param states the states, in declaration order
 * @param events the events, in the order their first handler is declared
 * @param infos the {@code @Info} handlers, grouped by message type, most specific type first
 * @param enters the {@code @Enter} handlers, specific states first
 * @param init the {@code @Init} handler, or null (a start is then given the first state)
 * @param terminate the {@code @Terminate} handler, or null
 * @param fields the instance fields, for the data's snapshot
 * @param declaresToString whether the class declares {@code toString()}, used for its data then
 * @param hasNoArgConstructor whether {@code start(Node)} can use the no-argument constructor
 * @param logsUnhandled whether unhandled events are logged and dropped rather than crash the machine
 */
public record StateMachineModel(ClassName machine, ClassName ref, ClassName dispatch, boolean isPublic,
                                String defaultName, int mailboxCapacity, String overflow, ClassName stateType,
                                boolean enumStates, List<State> states, List<Event> events, List<Binding> infos,
                                List<Binding> enters, LifecycleHandler init, LifecycleHandler terminate,
                                List<StateField> fields, boolean declaresToString, boolean hasNoArgConstructor,
                                boolean logsUnhandled) {

    /**
     * One state.
     *
     * @param name the record's simple name, or the enum constant
     * @param record the record's class, or null for an enum constant
     * @param bare whether it prints as its bare name (a record without components, or a constant)
     */
    public record State(String name, ClassName record, boolean bare) {}

    /**
     * One event: its message record and its handlers.
     *
     * @param message the event as the client sends it (name, record, components, reply type for a sync event)
     * @param handlers its handlers, those for specific states first, the one for every state (if any) last
     */
    public record Event(MessageHandler message, List<Binding> handlers) {}

    /**
     * A handler, and the states it applies to.
     *
     * @param method the user's method
     * @param states the states it applies to; empty for every state without a handler of its own
     * @param stateParam the type of its state parameter (a record, or the state type), or null if it has none
     * @param args what it is called with after the state: the event's components (by position), the caller, or the
     *     message
     * @param returnsValue whether it returns the next state or a transition (else void: keep the state)
     * @param messageType for an {@code @Info} handler, the type it is chosen by; else null
     * @param takesOldState for an {@code @Enter} handler, whether it takes the state it came from
     * @param throwsChecked whether the method declares checked exceptions
     */
    public record Binding(String method, List<String> states, TypeName stateParam, List<Param> args,
                          boolean returnsValue, TypeName messageType, boolean takesOldState,
                          boolean throwsChecked) {

        public boolean isCatchAll() {
            return states.isEmpty();
        }
    }

    public boolean hasAnnotationOptions() {
        return !defaultName.isEmpty() || mailboxCapacity > 0;
    }

    /** What the client writer needs: one call per sync event, one cast per other event. */
    public ClientModel client() {
        List<MessageHandler> calls = events.stream().map(Event::message).filter(MessageHandler::isCall).toList();
        List<MessageHandler> casts = events.stream().map(Event::message).filter(m -> !m.isCall()).toList();
        TypeName initial = init == null ? stateType : null;
        return new ClientModel(machine, ref, dispatch, isPublic, "state machine", RuntimeNames.GEN_STATEM,
                defaultName, hasAnnotationOptions(), initial, calls, casts, hasNoArgConstructor);
    }
}
