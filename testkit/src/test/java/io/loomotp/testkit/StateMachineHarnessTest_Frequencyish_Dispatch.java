package io.loomotp.testkit;

import io.loomotp.runtime.server.ServerCallbacks;

/** A server's dispatch under the name the processor gives {@code StateMachineHarnessTest.Frequencyish}'s. */
final class StateMachineHarnessTest_Frequencyish_Dispatch implements ServerCallbacks<Object> {
    static final StateMachineHarnessTest_Frequencyish_Dispatch INSTANCE =
            new StateMachineHarnessTest_Frequencyish_Dispatch();

    @Override
    public Class<?> module() {
        return StateMachineHarnessTest.Frequencyish.class;
    }
}
