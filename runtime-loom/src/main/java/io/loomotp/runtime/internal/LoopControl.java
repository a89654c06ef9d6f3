package io.loomotp.runtime.internal;

import io.loomotp.runtime.ExitReason;
import java.time.Duration;

/** What a handler may ask of the loop running it; see {@code io.loomotp.runtime.server.Handler}. Owner only. */
public interface LoopControl {
    void requestStop(ExitReason reason);

    void requestIdleTimeout(Duration timeout);

    void requestHibernate();

    void requestContinue(Object continuation);
}
