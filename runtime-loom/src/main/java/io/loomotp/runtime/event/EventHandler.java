package io.loomotp.runtime.event;

/**
 * An event handler: OTP's {@code gen_event} callback module, as an object whose fields are its state. It runs inside
 * its event manager's process, one event at a time, after and before the manager's other handlers.
 *
 * <p>A handler that throws is removed from the manager (which reports it and lives on); the others keep running. To
 * remove itself without failing, a handler calls {@link EventManager#removeThisHandler()}.
 */
public interface EventHandler {

    /** Runs when the handler is added, inside the manager; a failure refuses the add. */
    default void init() throws Exception {}

    /** Handles an event sent by {@code notify} or {@code syncNotify}. */
    void handleEvent(Object event) throws Exception;

    /** Answers a request sent to this handler alone by {@code EventManager.call}. */
    default Object handleCall(Object request) throws Exception {
        String name = getClass().getSimpleName().isEmpty() ? getClass().getName() : getClass().getSimpleName();
        throw new UnsupportedOperationException(name + " takes no calls (it has no handleCall), got " + request);
    }

    /** Handles any other message the manager receives. */
    default void handleInfo(Object message) throws Exception {}

    /**
     * Runs when the handler is removed: deleted (with the argument {@code deleteHandler} gave), swapped (with the
     * argument {@code swapHandler} gave), stopped with its manager, or after its supervisor died. What it returns
     * goes, on a swap, to the factory of the new handler, as OTP's {@code terminate/2} result goes to the new
     * handler's {@code init/1}.
     */
    default Object terminate(Removal reason) throws Exception {
        return null;
    }

    /** Why a handler is removed, as the first argument of OTP's {@code terminate/2}. */
    sealed interface Removal {
        /** {@code deleteHandler} removed it; {@code args} is what it passed. */
        record Deleted(Object args) implements Removal {}

        /** {@code swapHandler} replaced it; {@code args} is what it passed for this handler (OTP's {@code Args1}). */
        record Swapped(Object args) implements Removal {}

        /** It removed itself ({@code remove_handler}). */
        record RemovedItself() implements Removal {}

        /** Its manager is stopping ({@code stop}). */
        record Stopped() implements Removal {}

        /** The process that added it as a supervised handler died with {@code reason} ({@code {stop, Reason}}). */
        record SupervisorDied(Object reason) implements Removal {}

        /** It threw, or returned what it may not ({@code {error, Reason}}); the crash is reported. */
        record Crashed(Throwable error) implements Removal {}
    }
}
