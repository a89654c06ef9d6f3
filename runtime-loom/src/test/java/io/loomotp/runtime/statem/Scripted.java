package io.loomotp.runtime.statem;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A state machine callback module a test scripts with lambdas: states and events are whatever the test uses. */
final class Scripted implements StateMachineCallbacks<Scripted.Data> {
    /** What a test's handlers can record and the test can read from its own thread. */
    static final class Data {
        final List<String> log = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> terminated = new CompletableFuture<>();
        int counter;

        @Override
        public String toString() {
            return "Data[counter=" + counter + "]";
        }
    }

    @FunctionalInterface
    interface EventHandler {
        Object handle(Data data, Object state, Object event, From from) throws Exception;
    }

    @FunctionalInterface
    interface InfoHandler {
        Object handle(Data data, Object state, Object message) throws Exception;
    }

    @FunctionalInterface
    interface EnterHandler {
        Object enter(Data data, Object oldState, Object state) throws Exception;
    }

    private final Object first;
    private EventHandler events = (d, s, e, f) -> UNHANDLED;
    private InfoHandler infos = (d, s, m) -> UNHANDLED;
    private EnterHandler enter;
    private boolean logsUnhandled;

    Scripted(Object first) {
        this.first = first;
    }

    Scripted events(EventHandler h) {
        events = h;
        return this;
    }

    Scripted infos(InfoHandler h) {
        infos = h;
        return this;
    }

    Scripted enter(EnterHandler h) {
        enter = h;
        return this;
    }

    Scripted logUnhandled() {
        logsUnhandled = true;
        return this;
    }

    @Override
    public Object init(Data data) {
        return first;
    }

    @Override
    public Object handleEvent(Data data, Object state, Object event, From from) throws Exception {
        data.log.add(state + ":" + event);
        return events.handle(data, state, event, from);
    }

    @Override
    public Object handleInfo(Data data, Object state, Object message) throws Exception {
        data.log.add(state + ":info " + message);
        return infos.handle(data, state, message);
    }

    @Override
    public boolean hasEnterCalls() {
        return enter != null;
    }

    @Override
    public Object enter(Data data, Object oldState, Object state) throws Exception {
        data.log.add("enter " + state + " from " + oldState);
        return enter.enter(data, oldState, state);
    }

    @Override
    public void terminate(Data data, Object state, ExitReason reason) {
        data.terminated.complete(state + " " + reason);
    }

    @Override
    public Class<?> module() {
        return Scripted.class;
    }

    @Override
    public boolean logsUnhandled() {
        return logsUnhandled;
    }

    @Override
    public boolean acceptsState(Object candidate) {
        return candidate instanceof String;
    }

    @Override
    public boolean acceptsData(Object candidate) {
        return candidate instanceof Data;
    }
}
