package corpus;

import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Server;
import java.util.List;
import java.util.Map;

/**
 * Handlers whose own warnings the user suppressed, or which a deprecation marks: the generated code that mirrors them
 * must not bring those warnings back where the user cannot suppress them (a new user's -Werror build failed).
 */
@Server
final class Suppressed {
    /** Gone soon. */
    @Deprecated(forRemoval = true)
    static final class Old {}

    /** Kept for old clients. */
    @Deprecated
    @Call
    int old() {
        return 1;
    }

    @SafeVarargs
    @Call
    final int many(List<String>... lists) {
        return lists.length;
    }

    @SuppressWarnings("removal")
    @Cast
    void take(Old old) {}

    @SuppressWarnings("rawtypes")
    @Call
    List raw(Map m) {
        return List.of(m.size());
    }
}
