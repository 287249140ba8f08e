package scalelab.concurrency.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import scalelab.concurrency.io.FileWrites;

/** Writing (and deleting) one file of 100,000 lines, in ms. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FileWriteBenchmark {
    @Param({"UNBUFFERED", "BUFFERED"})
    public FileWrites.Mode mode;

    @Param({"false", "true"})
    public boolean fsync;

    private Path dir;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("scalelab-jmh-file-writes-");
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(dir); // FileWrites.run deletes each file itself
    }

    @Benchmark
    public long write() throws IOException {
        return FileWrites.run(dir, mode, fsync, FileWrites.DEFAULT_LINES).bytesOnDisk();
    }
}
