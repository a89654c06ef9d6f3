package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.sys.SysCalls;
import io.loomotp.testkit.LoomOtpTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link Turnstile}: a generated state machine inserting one of its own events with {@code nextCast}. */
@LoomOtpTest
class TurnstileTest {
    @Test
    void anInsertedCastRunsItsEventHandler_beforeTheEventsAlreadyQueued(Node node) {
        TurnstileRef turnstile = TurnstileRef.start(node, Turnstile::new);
        List<String> trace = new CopyOnWriteArrayList<>();
        SysCalls.trace(turnstile.pid(), true, trace::add, Duration.ofSeconds(5));
        turnstile.season();
        turnstile.push();
        assertThat(turnstile.log()).containsExactly("season in LOCKED", "coin in LOCKED", "push in UNLOCKED");
        assertThat(trace).anyMatch(l -> l.contains("consume cast coin"));
        turnstile.stop();
    }

    @Test
    void anInsertedCall_isAnsweredToTheCallerWhoseReplyToItCarries(Node node) {
        TurnstileRef turnstile = TurnstileRef.start(node, Turnstile::new);
        assertThat(turnstile.history()).containsExactly("history in LOCKED", "coin in LOCKED");
        turnstile.push();
        assertThat(turnstile.log()).containsExactly("history in LOCKED", "coin in LOCKED", "push in UNLOCKED");
        turnstile.stop();
    }
}
