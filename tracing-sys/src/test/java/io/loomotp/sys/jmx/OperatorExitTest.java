package io.loomotp.sys.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.ExitReason;
import org.junit.jupiter.api.Test;

/** The exit reasons an operator types at the console, the CLI or the page: what each sends, and what is refused. */
class OperatorExitTest {

    @Test
    void theWordsOfErlang_andAWordOfOnesOwn() {
        assertThat(OperatorExit.parse(" kill ")).isEqualTo(ExitReason.KILL);
        assertThat(OperatorExit.parse("normal")).isEqualTo(ExitReason.NORMAL);
        assertThat(OperatorExit.parse("shutdown")).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(OperatorExit.parse("maintenance")).isEqualTo(ExitReason.custom("maintenance"));
    }

    @Test
    void mistakes_areRefused_withNothingSent() {
        assertThatThrownBy(() -> OperatorExit.parse(" ")).hasMessageStartingWith("which reason?");
        assertThatThrownBy(() -> OperatorExit.parse("Kill")).hasMessage("Kill: reasons are lower case: kill (nothing "
                + "was sent)");
        assertThatThrownBy(() -> OperatorExit.parse("x".repeat(5_000)))
                .hasMessage("a reason is at most 200 characters, not 5000 (nothing was sent)");
    }
}
