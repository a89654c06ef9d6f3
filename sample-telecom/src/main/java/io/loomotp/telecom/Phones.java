package io.loomotp.telecom;

import io.loomotp.Child;
import io.loomotp.Restart;
import io.loomotp.Strategy;
import io.loomotp.Supervisor;

/** The phones' supervisor (the book's {@code phone_sup}): one transient controller per phone, started on demand. */
@Supervisor(strategy = Strategy.SIMPLE_ONE_FOR_ONE, intensity = 10, period = "1h", name = "phones")
public interface Phones {
    @Child(restart = Restart.TRANSIENT, shutdown = "brutal_kill")
    PhoneControllerRef phone(String number);
}
