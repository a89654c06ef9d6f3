package io.loomotp.runtime.statem;

/**
 * A state machine's state and data together: what {@code sys:get_state} answers (OTP's {@code {State, Data}}) and
 * what a {@code replaceState} function takes and returns.
 *
 * @param state the current state: a record of the machine's sealed state type, or an enum constant
 * @param data from {@code getState}, a snapshot of the instance's fields; given to a {@code replaceState} function,
 *     the live instance, which it may return as is, change, or replace with another instance of the class
 */
public record MachineState(Object state, Object data) {
    @Override
    public String toString() {
        return "{" + state + ", " + data + "}";
    }
}
