package io.loomotp.runtime.statem;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.ReplyTo;
import java.time.Duration;
import java.time.Instant;

/**
 * What a state enter call ({@code @Enter}) may decide: OTP lets an enter call keep the state and set timeouts, reply,
 * stop or hibernate, but not change the state, postpone or insert events. This type offers exactly those, so that a
 * forbidden action is a compile error rather than a crash.
 */
public final class EnterTransition {
    final Transition transition;

    private EnterTransition(Transition transition) {
        this.transition = transition;
    }

    /** Stay in the state entered. */
    public static EnterTransition keep() {
        return new EnterTransition(Transition.keep());
    }

    /** Stop the machine, after the replies of this transition are sent. */
    public static EnterTransition stop(ExitReason reason) {
        return new EnterTransition(Transition.stop(reason));
    }

    /** See {@link Transition#reply}. */
    public <T> EnterTransition reply(ReplyTo<T> to, T value) {
        transition.reply(to, value);
        return this;
    }

    /** See {@link Transition#stateTimeout}. */
    public EnterTransition stateTimeout(Duration timeout, Object content) {
        transition.stateTimeout(timeout, content);
        return this;
    }

    /** See {@link Transition#stateTimeout(Instant, Object)}: at a deadline (OTP's {@code {abs, true}}). */
    public EnterTransition stateTimeout(Instant deadline, Object content) {
        transition.stateTimeout(deadline, content);
        return this;
    }

    /** See {@link Transition#eventTimeout}. */
    public EnterTransition eventTimeout(Duration timeout, Object content) {
        transition.eventTimeout(timeout, content);
        return this;
    }

    /** See {@link Transition#eventTimeout(Instant, Object)}: at a deadline (OTP's {@code {abs, true}}). */
    public EnterTransition eventTimeout(Instant deadline, Object content) {
        transition.eventTimeout(deadline, content);
        return this;
    }

    /** See {@link Transition#timeout(String, Instant, Object)}: at a deadline (OTP's {@code {abs, true}}). */
    public EnterTransition timeout(String name, Instant deadline, Object content) {
        transition.timeout(name, deadline, content);
        return this;
    }

    /** See {@link Transition#timeout}. */
    public EnterTransition timeout(String name, Duration timeout, Object content) {
        transition.timeout(name, timeout, content);
        return this;
    }

    /** See {@link Transition#cancelStateTimeout}: an enter call may cancel the state timeout (after a repeat). */
    public EnterTransition cancelStateTimeout() {
        transition.cancelStateTimeout();
        return this;
    }

    /** See {@link Transition#cancelEventTimeout}. */
    public EnterTransition cancelEventTimeout() {
        transition.cancelEventTimeout();
        return this;
    }

    /** See {@link Transition#updateStateTimeout}. */
    public EnterTransition updateStateTimeout(Object content) {
        transition.updateStateTimeout(content);
        return this;
    }

    /** See {@link Transition#updateEventTimeout}. */
    public EnterTransition updateEventTimeout(Object content) {
        transition.updateEventTimeout(content);
        return this;
    }

    /** See {@link Transition#updateTimeout}. */
    public EnterTransition updateTimeout(String name, Object content) {
        transition.updateTimeout(name, content);
        return this;
    }

    /** See {@link Transition#cancelTimeout}. */
    public EnterTransition cancelTimeout(String name) {
        transition.cancelTimeout(name);
        return this;
    }

    /** See {@link Transition#hibernate}. */
    public EnterTransition hibernate() {
        transition.hibernate();
        return this;
    }
}
