package tutorial;

import dagger.Module;
import dagger.Provides;
import java.time.Duration;
import java.util.List;

@Module
final class ShopModule {
    private ShopModule() {}

    @Provides
    static Frequency frequency() {
        return new Frequency(List.of(10, 11, 12));
    }

    @Provides
    static Coffee coffee() {
        return new Coffee(new CoffeeMain.Console(), Duration.ofSeconds(10));
    }
}
