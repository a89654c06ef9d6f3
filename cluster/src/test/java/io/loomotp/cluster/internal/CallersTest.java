package io.loomotp.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ReplyTo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table of a node's pending callers that crossed to other nodes: one id each, taken once, swept when ended. */
class CallersTest {

    /** A pending caller: pending until answered. */
    private static final class Slot implements ReplyTo<Object> {
        boolean answered;

        @Override
        public Pid pid() {
            return null;
        }

        @Override
        public boolean reply(Object value) {
            boolean was = !answered;
            answered = true;
            return was;
        }

        @Override
        public boolean isPending() {
            return !answered;
        }
    }

    @Test
    void export_theSameCallerTwice_oneId_andTakenOnce() {
        Callers callers = new Callers();
        Slot a = new Slot();
        long id = callers.export(a);
        assertThat(callers.export(a)).isEqualTo(id);
        assertThat(callers.export(new Slot())).isNotEqualTo(id);
        assertThat(callers.get(id)).isSameAs(a);
        assertThat(callers.take(id)).isSameAs(a);
        assertThat(callers.take(id)).isNull();
        assertThat(callers.get(id)).isNull();
        assertThat(callers.export(a)).isNotEqualTo(id); // exported again after its reply came: a new id
    }

    @Test
    void export_manyCallsThatEnd_theTableIsSweptAndStaysBounded() {
        Callers callers = new Callers();
        List<Slot> pending = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Slot s = new Slot();
            pending.add(s);
            ids.add(callers.export(s));
        }
        for (int i = 0; i < 10_000; i++) {
            Slot s = new Slot();
            callers.export(s);
            s.reply("answered on its own node"); // never taken through the table
        }
        assertThat(callers.size()).isLessThanOrEqualTo(128);
        for (int i = 0; i < pending.size(); i++) {
            assertThat(callers.get(ids.get(i))).isSameAs(pending.get(i)); // the pending ones kept, under their ids
        }
    }
}
