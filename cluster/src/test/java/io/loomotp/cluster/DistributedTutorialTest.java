package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code docs/tutorial-distributed.md} shows exactly the code of {@code io.loomotp.cluster.tutorial}. */
class DistributedTutorialTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("```java ([^\\n]+)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyFileThePageShows_isTheFileThatIsCompiled() throws IOException {
        Matcher m = BLOCK.matcher(Files.readString(ROOT.resolve("docs/tutorial-distributed.md")));
        List<String> files = new ArrayList<>();
        while (m.find()) {
            files.add(m.group(1));
            assertThat(m.group(2)).as(m.group(1)).isEqualTo(Files.readString(ROOT.resolve(m.group(1))));
        }
        assertThat(files).hasSize(3).allMatch(f -> f.startsWith("cluster/src/test/java/io/loomotp/cluster/tutorial/"));
    }
}
