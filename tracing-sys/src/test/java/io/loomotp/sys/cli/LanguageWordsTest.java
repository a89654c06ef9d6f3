package io.loomotp.sys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A typed line split as a shell splits it: quotes group a word and go (a new operator's habit, 2026-12-05). */
class LanguageWordsTest {

    @Test
    void words_splitOnSpaces_quotesGroupAndGo() {
        assertThat(Language.words("  state   frequency ")).containsExactly("state", "frequency");
        assertThat(Language.words("state 'frequency'")).containsExactly("state", "frequency");
        assertThat(Language.words("exit x \"two words\"")).containsExactly("exit", "x", "two words");
        assertThat(Language.words("info '<0.4>'")).containsExactly("info", "<0.4>");
        assertThat(Language.words("a\"b c\"d ''")).containsExactly("ab cd", "");
        assertThat(Language.words("say \"it's\"")).containsExactly("say", "it's");
    }

    @Test
    void words_anUnclosedQuote_isRefused_nothingRuns() {
        assertThatThrownBy(() -> Language.words("state 'frequency"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the quote ' is not closed (nothing was run)");
    }
}
