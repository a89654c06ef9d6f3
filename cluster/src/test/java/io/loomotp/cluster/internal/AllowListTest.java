package io.loomotp.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.cluster.Kv;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What allowing a behaviour class allows (ClusterConfig.allow's Javadoc). */
class AllowListTest {

    /**
     * The class itself, its generated protocol, and the data types declared in it, such as a state machine's states,
     * which sys:get_state carries across (a new user's finding: allowing the machine did not allow its states).
     */
    @Test
    void allowingABehaviour_allowsItsProtocol_andTheTypesDeclaredInIt() {
        AllowList none = new AllowList(Set.of(), Codec.runtimeClasses());
        AllowList kv = new AllowList(Set.of(Kv.class), Codec.runtimeClasses());
        assertThat(none.allows(Kv.Snapshot.class)).isFalse();
        assertThat(kv.allows(Kv.class)).isTrue();
        assertThat(kv.allows(Kv.Snapshot.class)).isTrue();
        assertThat(kv.allows(Kv.Snapshot.class.getName())).isTrue();
        assertThat(kv.allows(Object.class)).isFalse();
    }
}
