package scalelab.mapreduce.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalelab.mapreduce.generate.CorpusGenerator;
import scalelab.mapreduce.text.Tokenizer;
import scalelab.mapreduce.text.WordCounts;
import scalelab.testkit.SharedData;

/** Chunks tile the file exactly, never cut a word, and planning reads only around the boundaries. */
class SplitterTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.write(dir.resolve("input.txt"), text.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks the plan's invariants and returns the chunks' bytes. */
    private static List<byte[]> checkedChunks(Path input, List<Chunk> plan) throws IOException {
        byte[] all = Files.readAllBytes(input);
        List<byte[]> chunks = new ArrayList<>();
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        long next = 0;
        for (int i = 0; i < plan.size(); i++) {
            Chunk chunk = plan.get(i);
            assertThat(chunk.index()).isEqualTo(i);
            assertThat(chunk.offset()).isEqualTo(next);
            assertThat(chunk.length()).isPositive();
            if (i > 0) {
                assertThat(Tokenizer.isAsciiWhitespace(all[(int) chunk.offset()]))
                        .as("chunk %d starts at white space", i)
                        .isTrue();
            }
            byte[] bytes = Splitter.read(input, chunk);
            chunks.add(bytes);
            joined.writeBytes(bytes);
            next += chunk.length();
        }
        assertThat(joined.toByteArray()).isEqualTo(all);
        return chunks;
    }

    private static WordCounts countOf(byte[] utf8) {
        return WordCounts.ofText(new String(utf8, StandardCharsets.UTF_8));
    }

    private static void assertChunkCountsSumToTheWhole(Path input, List<byte[]> chunks) throws IOException {
        List<WordCounts> parts = new ArrayList<>();
        for (byte[] chunk : chunks) parts.add(countOf(chunk));
        assertThat(WordCounts.merge(parts)).isEqualTo(countOf(Files.readAllBytes(input)));
    }

    @Test
    void anEmptyFileHasNoChunks() throws IOException {
        assertThat(Splitter.plan(write(""), 4, 100)).isEmpty();
    }

    @Test
    void chunksAreAboutEqualAndEndAtWhiteSpace() throws IOException {
        Path input = write("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi");
        List<Chunk> plan = Splitter.plan(input, 4, 1000);
        assertThat(plan).hasSize(4);
        checkedChunks(input, plan);
        for (Chunk chunk : plan) assertThat(chunk.length()).isBetween(12, 26);
    }

    @Test
    void oneChunkIsTheWholeFile() throws IOException {
        Path input = write("just one chunk\n");
        assertThat(Splitter.plan(input, 1, 1000)).containsExactly(new Chunk(0, 0, 15));
    }

    @Test
    void moreChunksWhenAChunkWouldExceedTheMaximum() throws IOException {
        Path input = write("abc ".repeat(250)); // 1000 bytes
        List<Chunk> plan = Splitter.plan(input, 2, 100);
        assertThat(plan).hasSizeBetween(10, 11);
        for (Chunk chunk : plan) assertThat(chunk.length()).isLessThanOrEqualTo(100);
        checkedChunks(input, plan);
    }

    @Test
    void fewerBytesThanChunksGivesNoEmptyChunk() throws IOException {
        Path input = write("a b");
        List<Chunk> plan = Splitter.plan(input, 10, 1000);
        assertThat(plan).hasSizeBetween(1, 3);
        assertChunkCountsSumToTheWhole(input, checkedChunks(input, plan));
    }

    @Test
    void boundariesInsideOneLongWordMeet() throws IOException {
        Path input = write("x" + "y".repeat(100) + " z");
        List<Chunk> plan = Splitter.plan(input, 5, 1000);
        assertThat(plan).containsExactly(new Chunk(0, 0, 101), new Chunk(1, 101, 2));
    }

    @Test
    void aWordLongerThanTheMaximumMakesOneLongerChunk() throws IOException {
        String longWord = "w".repeat(300);
        Path input = write("short words " + longWord + " then more short words here");
        List<Chunk> plan = Splitter.plan(input, 1, 100);
        List<byte[]> chunks = checkedChunks(input, plan);
        assertThat(plan).anySatisfy(chunk -> assertThat(chunk.length()).isGreaterThan(300));
        assertThat(plan.stream().filter(chunk -> chunk.length() > 100)).hasSize(1);
        assertChunkCountsSumToTheWhole(input, chunks);
    }

    @Test
    void noChunkCutsAWordInRandomTexts() throws IOException {
        String[] pieces = {
            "a",
            "bb",
            "word",
            "Émile",
            "straße",
            "—",
            "–",
            "don't",
            ",",
            ".",
            " ",
            " ",
            "\n",
            "\t",
            "\u00A0",
            "\u3000",
            "longerwordhere"
        };
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(400);
            for (int i = 0; i < n; i++) text.append(pieces[random.nextInt(pieces.length)]);
            Path input = write(text.toString());
            List<Chunk> plan = Splitter.plan(input, 1 + random.nextInt(8), 1 + random.nextInt(200));
            assertChunkCountsSumToTheWhole(input, checkedChunks(input, plan));
        }
    }

    @Test
    void hamletInChunksCountsAsTheWhole() throws IOException {
        Path hamlet = SharedData.file("hamlet.txt");
        for (int chunks : new int[] {1, 3, 7, 50}) {
            List<Chunk> plan = Splitter.plan(hamlet, chunks, Splitter.DEFAULT_MAX_CHUNK_BYTES);
            assertThat(plan).hasSize(chunks);
            assertChunkCountsSumToTheWhole(hamlet, checkedChunks(hamlet, plan));
        }
        List<Chunk> small = Splitter.plan(hamlet, 2, 10_000);
        assertThat(small).hasSizeGreaterThanOrEqualTo(17); // 162,881 bytes / 10,000
        assertChunkCountsSumToTheWhole(hamlet, checkedChunks(hamlet, small));
    }

    @Test
    void aLargeFileIsPlannedFromSmallWindows() throws IOException {
        Path input = dir.resolve("corpus.txt");
        CorpusGenerator.generate(20_000_000, 7, input);
        try (FileChannel file = FileChannel.open(input, StandardOpenOption.READ)) {
            CountingChannel channel = new CountingChannel(file);
            List<Chunk> plan = Splitter.plan(channel, 4, 1_000_000);
            assertThat(plan).hasSizeBetween(20, 21);
            // At most a window or two per boundary: a few hundred kB of the 20 MB.
            assertThat(channel.bytesRead).isLessThan(2L * plan.size() * Splitter.WINDOW_BYTES);
            byte[] all = Files.readAllBytes(input);
            long end = 0;
            for (Chunk chunk : plan) {
                assertThat(chunk.offset()).isEqualTo(end);
                assertThat(chunk.length()).isLessThanOrEqualTo(1_000_000);
                if (chunk.index() > 0)
                    assertThat(Tokenizer.isAsciiWhitespace(all[(int) chunk.offset()]))
                            .isTrue();
                end += chunk.length();
            }
            assertThat(end).isEqualTo(all.length);
        }
    }

    @Test
    void badArgumentsAreRefused() throws IOException {
        Path input = write("a b");
        assertThatThrownBy(() -> Splitter.plan(input, 0, 10)).hasMessageContaining("chunks must be >= 1");
        assertThatThrownBy(() -> Splitter.plan(input, 1, 0)).hasMessageContaining("maxChunkBytes must be >= 1");
    }

    /** Counts the bytes read through it. */
    private static final class CountingChannel implements SeekableByteChannel {
        private final SeekableByteChannel delegate;
        long bytesRead;

        CountingChannel(SeekableByteChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = delegate.read(dst);
            if (n > 0) bytesRead += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
