import io.loomotp.Call;
import io.loomotp.Cast;
import io.loomotp.Info;
import io.loomotp.Server;
import java.util.List;
import java.util.Map;

/** The default package: varargs, a record and an enum as parameters, generic replies, a wildcard info type. */
@Server
final class Counter {
    record Add(int n) {}

    enum Mode { FAST, SLOW }

    private int total;
    private final int[] history = new int[4];
    private final Map<String, List<Integer>> byName = new java.util.HashMap<>();

    @Call
    int add(Add a, Mode mode) {
        total += a.n();
        history[0] = total;
        return total;
    }

    @Cast
    void addAll(int... ns) {
        for (int n : ns) {
            total += n;
        }
    }

    @Call
    List<String> names(Map<String, Integer> m) {
        return List.copyOf(m.keySet());
    }

    @Call
    Map<String, List<Integer>> all() {
        return byName;
    }

    @Info
    void any(List<?> list) {
        total += list.size();
    }
}
