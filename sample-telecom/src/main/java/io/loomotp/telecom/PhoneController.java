package io.loomotp.telecom;

import io.loomotp.Enter;
import io.loomotp.Event;
import io.loomotp.Info;
import io.loomotp.Init;
import io.loomotp.StateMachine;
import io.loomotp.Terminate;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.server.InitResult;
import io.loomotp.runtime.statem.EnterTransition;
import io.loomotp.runtime.statem.StateTimeout;
import io.loomotp.runtime.statem.Transition;
import java.time.Duration;

/**
 * The book's phone controller (chapter 6): one state machine per phone, talking to other controllers only by
 * asynchronous events. Its phone sends it actions ({@code outbound}, {@code accept}, {@code reject},
 * {@code hangup}); other controllers send it events ({@code inbound}, {@code accepted}, {@code rejected},
 * {@code denied} (no frequency), {@code busy}, {@code hungUp}), each naming its sender so that a stale one is told
 * apart.
 *
 * <p>It handles every event in every state, including the races the book leaves to its reader: two phones calling
 * each other at once (each answers the other busy), hangups that cross, an accept that crosses a hangup, a number
 * nobody has, a phone calling itself (busy), a call nobody answers (given up after the answer timeout), and a peer
 * that dies (it monitors the other side of every call). The callee's controller takes the frequency when its phone
 * accepts, and gives it back on every way out of the call; if the controller dies, the frequency server takes it
 * back.
 */
@StateMachine(states = PhoneController.State.class)
public final class PhoneController {
    public sealed interface State permits Idle, Calling, Receiving, Connected {}

    public record Idle() implements State {}

    /** We called {@code to}; its controller is {@code peer}. */
    public record Calling(String to, Pid peer) implements State {}

    /** {@code from} is calling us, from controller {@code peer}. */
    public record Receiving(String from, Pid peer) implements State {}

    /** In a call on {@code frequency}, which we hold if {@code owner}. */
    public record Connected(String with, Pid peer, int frequency, boolean owner) implements State {}

    private final String number;
    private final Hlr hlr;
    private final Duration answerTimeout;
    private final CallAdmission admission;
    private Pid phone;
    private MonitorRef peerWatch;
    /** Its phone's monitor: a phone lost without a {@code disconnect} (its node was lost) ends its controller. */
    private MonitorRef phoneWatch;
    private long callsConnected;

    /** A controller whose call set-up is not regulated. */
    public PhoneController(String number, Hlr hlr, Duration answerTimeout) {
        this(number, hlr, answerTimeout, CallAdmission.NONE);
    }

    /** A controller that asks {@code admission} before it sets up each outbound call. */
    public PhoneController(String number, Hlr hlr, Duration answerTimeout, CallAdmission admission) {
        this.number = number;
        this.hlr = hlr;
        this.answerTimeout = answerTimeout;
        this.admission = admission;
    }

    /**
     * Attaches to its number, or, if another live controller serves it, does not start ({@code ignore}): a phone can
     * ask for a controller just as the phones' supervisor restarts its killed one, and a number has one controller.
     */
    @Init
    Object attach() {
        if (!hlr.attach(number, Process.self(), Process.node()::isAlive)) {
            return InitResult.ignore();
        }
        return new Idle();
    }

    @Terminate
    void detach() {
        hlr.detach(Process.self());
    }

    // --- the phone ---------------------------------------------------------------------------------------------------

    @Event
    void connect(State state, Pid phone) {
        unwatchPhone();
        this.phone = phone;
        phoneWatch = Process.monitor(phone);
    }

    @Event
    void disconnect(State state) {
        unwatchPhone();
        this.phone = null;
    }

    @Event
    State outbound(Idle state, String to) {
        Pid peer = hlr.lookupId(to);
        if (peer == null) {
            tell(new PhoneReply.Invalid(to));
            return state;
        }
        if (peer.equals(Process.self())) {
            tell(new PhoneReply.Busy(to)); // the book's ultimate test: calling oneself is busy
            return state;
        }
        if (!admission.admit()) {
            // the set-up queue turned it away: busy, never late, and a wait before the phone may try again
            tell(new PhoneReply.Busy(to, CallAdmission.WAIT_INDICATION.toMillis()));
            return state;
        }
        PhoneControllerRef.of(peer).inbound(number, Process.self());
        watch(peer);
        return new Calling(to, peer);
    }

    @Event
    void outbound(State state, String to) {
        tell(new PhoneReply.Busy(to)); // dialled while a call came in: this phone is busy
    }

    @Event
    State accept(Receiving state) {
        PhoneControllerRef caller = PhoneControllerRef.of(state.peer());
        int frequency = allocate();
        if (frequency < 0) {
            caller.denied(Process.self());
            tell(new PhoneReply.NoFrequency(state.from()));
            return idle();
        }
        caller.accepted(Process.self(), frequency);
        callsConnected++;
        tell(new PhoneReply.Connected(state.from(), frequency));
        return new Connected(state.from(), state.peer(), frequency, true);
    }

    @Event
    void accept(State state) {} // nothing is ringing: a late key press

    @Event
    State reject(Receiving state) {
        PhoneControllerRef.of(state.peer()).rejected(Process.self());
        return idle();
    }

    @Event
    void reject(State state) {}

    @Event
    State hangup(Calling state) {
        PhoneControllerRef.of(state.peer()).hungUp(Process.self());
        return idle();
    }

    @Event
    State hangup(Receiving state) {
        PhoneControllerRef.of(state.peer()).rejected(Process.self());
        return idle();
    }

    @Event
    State hangup(Connected state) {
        PhoneControllerRef.of(state.peer()).hungUp(Process.self());
        release(state);
        return idle();
    }

    @Event
    void hangup(State state) {}

    // --- other controllers ---------------------------------------------------------------------------------------

    @Event
    State inbound(Idle state, String from, Pid caller) {
        watch(caller);
        tell(new PhoneReply.Inbound(from));
        return new Receiving(from, caller);
    }

    @Event
    void inbound(State state, String from, Pid caller) {
        PhoneControllerRef.of(caller).busy(Process.self()); // in a call already, or calling out: crossing calls
    }

    @Event
    State accepted(Calling state, Pid by, int frequency) {
        if (!by.equals(state.peer())) {
            return state;
        }
        callsConnected++;
        tell(new PhoneReply.Accepted(state.to(), frequency));
        return new Connected(state.to(), state.peer(), frequency, false);
    }

    @Event
    void accepted(State state, Pid by, int frequency) {} // we gave up first: our hungUp is on its way to them

    @Event
    State rejected(Calling state, Pid by) {
        if (!by.equals(state.peer())) {
            return state;
        }
        tell(new PhoneReply.Rejected(state.to()));
        return idle();
    }

    @Event
    void rejected(State state, Pid by) {}

    /** The callee wanted to answer, but no frequency was free. */
    @Event
    State denied(Calling state, Pid by) {
        if (!by.equals(state.peer())) {
            return state;
        }
        tell(new PhoneReply.NoFrequency(state.to()));
        return idle();
    }

    @Event
    void denied(State state, Pid by) {}

    @Event
    State busy(Calling state, Pid by) {
        if (!by.equals(state.peer())) {
            return state;
        }
        tell(new PhoneReply.Busy(state.to()));
        return idle();
    }

    @Event
    void busy(State state, Pid by) {}

    @Event
    State hungUp(Calling state, Pid by) {
        if (!by.equals(state.peer())) {
            return state;
        }
        tell(new PhoneReply.Hangup(state.to()));
        return idle();
    }

    @Event
    State hungUp(Receiving state, Pid by) {
        if (!by.equals(state.peer())) {
            return state;
        }
        tell(new PhoneReply.Hangup(state.from())); // the caller gave up before we answered
        return idle();
    }

    @Event
    State hungUp(Connected state, Pid by) {
        if (!by.equals(state.peer())) {
            return state;
        }
        release(state);
        tell(new PhoneReply.Hangup(state.with()));
        return idle();
    }

    @Event
    void hungUp(State state, Pid by) {} // crossing hangups: we are idle already

    /** How many calls this controller has connected. */
    @Event
    void connected(State state, io.loomotp.runtime.ReplyTo<Long> replyTo) {
        replyTo.reply(callsConnected);
    }

    // --- timeouts and lost peers ---------------------------------------------------------------------------------

    @Enter
    EnterTransition ringing(Calling state) {
        return EnterTransition.keep().stateTimeout(answerTimeout, "no_answer");
    }

    @Info
    State noAnswer(Calling state, StateTimeout timeout) {
        PhoneControllerRef.of(state.peer()).hungUp(Process.self());
        tell(new PhoneReply.NoAnswer(state.to()));
        return idle();
    }

    /**
     * The controller at the other end of the call died: the call is over. Or this controller's own phone was lost
     * without leaving (its node was lost, in cluster mode): its call ends as its hangup would end it, and the
     * controller stops ({@code normal}: the transient child is not restarted, and its number leaves the HLR), as a
     * network drops a phone that is no longer attached; the phone, if it comes back, asks for a new one.
     */
    @Info
    Transition peerDown(State state, Down down) {
        if (phoneWatch != null && down.ref().equals(phoneWatch)) {
            phoneWatch = null;
            phone = null;
            switch (state) {
                case Calling c -> PhoneControllerRef.of(c.peer()).hungUp(Process.self());
                case Receiving r -> PhoneControllerRef.of(r.peer()).rejected(Process.self());
                case Connected c -> {
                    PhoneControllerRef.of(c.peer()).hungUp(Process.self());
                    release(c);
                }
                case Idle i -> { }
            }
            return Transition.stop(ExitReason.NORMAL);
        }
        switch (state) {
            case Calling c when c.peer().equals(down.pid()) -> tell(new PhoneReply.Hangup(c.to()));
            case Receiving r when r.peer().equals(down.pid()) -> tell(new PhoneReply.Hangup(r.from()));
            case Connected c when c.peer().equals(down.pid()) -> {
                release(c);
                tell(new PhoneReply.Hangup(c.with()));
            }
            default -> {
                return Transition.keep(); // a monitor of an earlier call
            }
        }
        return Transition.next(idle());
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void tell(PhoneReply reply) {
        if (phone != null) {
            Process.send(phone, reply);
        }
    }

    private void watch(Pid peer) {
        peerWatch = Process.monitor(peer);
    }

    private void unwatchPhone() {
        if (phoneWatch != null) {
            Process.demonitor(phoneWatch, true);
            phoneWatch = null;
        }
    }

    private State idle() {
        if (peerWatch != null) {
            Process.demonitor(peerWatch, true);
            peerWatch = null;
        }
        return new Idle();
    }

    /** A frequency from the frequency server, or -1 if none is free (or the server is restarting). */
    private static int allocate() {
        FrequencyRef frequency = FrequencyRef.whereis(Process.node());
        if (frequency == null) {
            return -1;
        }
        try {
            return frequency.allocate() instanceof Frequency.Allocated(int f) ? f : -1;
        } catch (RuntimeException gone) {
            return -1; // it died or was slow: no frequency for this call
        }
    }

    private static void release(Connected call) {
        if (call.owner()) {
            FrequencyRef frequency = FrequencyRef.whereis(Process.node());
            if (frequency != null) {
                frequency.deallocate(call.frequency());
            }
        }
    }

    @Override
    public String toString() {
        return "PhoneController[number=" + number + ", phone=" + phone + ", calls=" + callsConnected + "]";
    }
}
