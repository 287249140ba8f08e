package scalelab.concurrency.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWritesTest {
    @TempDir
    Path dir;

    @Test
    void everyModeWritesEveryLineAndLeavesNoFileBehind() throws Exception {
        for (boolean fsync : new boolean[] {false, true}) {
            for (FileWrites.Mode mode : FileWrites.Mode.values()) {
                var result = FileWrites.run(dir, mode, fsync, 1_000);
                assertThat(result.bytesWritten()).isEqualTo(1_000 * 42L);
                assertThat(result.bytesOnDisk()).isEqualTo(result.bytesWritten());
                assertThat(result.exact()).isTrue();
                try (var left = Files.list(dir)) {
                    assertThat(left).as("files left after " + result.label()).isEmpty();
                }
            }
        }
    }

    @Test
    void aLineIsItsNumberInFortyTwoBytes() {
        assertThat(new String(FileWrites.line(42), StandardCharsets.US_ASCII))
                .isEqualTo("line 0000042 of the file-write experiment\n");
    }
}
