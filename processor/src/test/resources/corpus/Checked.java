package corpus;

import io.loomotp.Call;
import io.loomotp.Server;
import java.io.IOException;

/** A no-argument constructor that throws a checked exception: no start(Node) that calls it, only the factory ones. */
@Server
final class Checked {
    private final String config;

    Checked() throws IOException {
        config = "read";
    }

    @Call
    String config() {
        return config;
    }
}
