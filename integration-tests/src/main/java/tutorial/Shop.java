package tutorial;

import io.loomotp.Child;
import io.loomotp.Strategy;
import io.loomotp.Supervisor;

@Supervisor(strategy = Strategy.ONE_FOR_ONE, intensity = 3, period = "1m", name = "shop")
public interface Shop {
    @Child
    FrequencyRef frequency();

    @Child
    CoffeeRef coffee();
}
