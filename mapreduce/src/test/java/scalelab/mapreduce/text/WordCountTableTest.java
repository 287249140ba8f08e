package scalelab.mapreduce.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import scalelab.testkit.SharedData;

/** The fast counter gives exactly the reference's counts ({@link WordCounts#count}, {@link Tokenizer}). */
class WordCountTableTest {
    /** Characters that exercise every rule: white space of every kind, the trim set, case, non-ASCII letters. */
    private static final String[] ALPHABET = {
        "a", "b", "e", "z", "A", "Q", "Z", "é", "É", "ß", "İ", "ı", "I", "Σ", "σ", "ς", "ǅ", "ﬀ", "𝐀", "😀", " ", " ",
        "\t", "\n", "\r", "\u000B", "\f", "\u001C", "\u001F", "\u00A0", "\u2000", "\u2007", "\u200A", "\u202F",
        "\u3000", "\u0085", "\u2028", "\u200B", "\u0000", "\u0007", "\u007F", ".", ",", "!", "?", ";", ":", "\\", "\"",
        "'", "(", ")", "[", "]", "{", "}", "\u2014", "\u2013", "-", "--", "_", "/", "0", "9", "’", "“", "…"
    };

    private static WordCounts fast(String text) {
        WordCountTable table = new WordCountTable();
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        table.countText(utf8, 0, utf8.length);
        assertThat(table.totalWords()).isEqualTo(table.toWordCounts().totalWords());
        return table.toWordCounts();
    }

    private static void assertSameAsReference(String text) {
        assertThat(fast(text)).as("counts of %s", text).isEqualTo(WordCounts.ofText(text));
    }

    @Test
    void punctuationOnlyTokensAreNoWords() {
        WordCounts counts = fast("... , !? -- — – \"'\" ([{}]) \\ ;:");
        assertThat(counts.totalWords()).isZero();
        assertThat(counts.uniqueWords()).isZero();
    }

    @Test
    void dashesAreTrimmedFromTheEndsButKeptInside() {
        assertThat(fast("—well-known— –so–called– --yes-- a—b").counts())
                .containsOnly(
                        Map.entry("well-known", 1L),
                        Map.entry("so–called", 1L),
                        Map.entry("yes", 1L),
                        Map.entry("a—b", 1L));
    }

    @Test
    void apostrophesInsideStayAndQuotesAroundGo() {
        assertThat(fast("Don't 'tis \"quoted\" 'single' (paren) [x] {y} o'clock")
                        .counts())
                .containsOnly(
                        Map.entry("don't", 1L),
                        Map.entry("tis", 1L),
                        Map.entry("quoted", 1L),
                        Map.entry("single", 1L),
                        Map.entry("paren", 1L),
                        Map.entry("x", 1L),
                        Map.entry("y", 1L),
                        Map.entry("o'clock", 1L));
    }

    @Test
    void nonAsciiLettersAreLowerCasedLocaleIndependently() {
        assertThat(fast("Émile émile STRASSE straße STRAßE İstanbul ISTANBUL ΣΟΦΟΣ")
                        .counts())
                .containsOnly(
                        Map.entry("émile", 2L),
                        Map.entry("strasse", 1L),
                        Map.entry("straße", 2L),
                        Map.entry("i̇stanbul", 1L), // U+0130 lower-cases to i + U+0307 in Locale.ROOT
                        Map.entry("istanbul", 1L),
                        Map.entry("σοφος", 1L)); // final sigma
    }

    @Test
    void unicodeWhiteSpaceSplitsTokens() {
        assertThat(fast("a\u00A0b\u2000c\u200Ad\u3000e\u0085f\u2028g\u202Fh\u2007i")
                        .uniqueWords())
                .isEqualTo(9);
        assertThat(fast("tab\tcr\rlf\nvt\u000Bff\ffs\u001Cus\u001Fend").uniqueWords())
                .isEqualTo(8);
        assertThat(fast("zero\u200Bwidth").counts()).containsOnlyKeys("zero\u200Bwidth"); // not white space
    }

    @Test
    void trickyInputMatchesTheReference() {
        for (String text : new String[] {
            "",
            " ",
            "word",
            "  Hello, World!  hello world. HELLO?",
            "\"Well,\" said Émile—the well-known naïve café-owner—\"don't!\"",
            "--  -- -a- 'tis rock'n'roll «quoted» ‘curly’ “double” …dots…",
            "MiXeD CaSe ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz",
            "exactly8 exactly16exactly16 seventeen17chars! aVeryLongWordThatIsLongerThanSixteenBytes,",
            "ctrl\u0000inside bell\u0007 del\u007F",
            "ǅungla ﬀ 𝐀𝐁 😀smile😀 ΣΑΣ σας",
        }) {
            assertSameAsReference(text);
        }
    }

    @Test
    void randomTextsOfTrickyCharactersMatchTheReference() {
        for (long seed = 1; seed <= 3000; seed++) {
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder();
            int pieces = random.nextInt(60);
            for (int p = 0; p < pieces; p++) {
                if (random.nextInt(4) == 0) text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
                else text.append((char) ('a' + random.nextInt(6))); // short words repeat, so counts exceed 1
                if (random.nextInt(30) == 0) text.append("x".repeat(random.nextInt(40))); // long words
            }
            assertSameAsReference(text.toString());
        }
    }

    @Test
    void randomBytesMatchTheReferenceDecodedWithReplacement() {
        for (long seed = 1; seed <= 500; seed++) {
            Random random = new Random(seed);
            byte[] bytes = new byte[random.nextInt(200)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(3) == 0 ? (byte) ' ' : (byte) random.nextInt(256);
            }
            WordCountTable table = new WordCountTable();
            table.countText(bytes, 0, bytes.length);
            assertThat(table.toWordCounts()).isEqualTo(WordCounts.ofText(new String(bytes, StandardCharsets.UTF_8)));
        }
    }

    @Test
    void validAndBrokenUtf8SequencesMatchTheReferenceDecodedWithReplacement() {
        byte[][] pieces = {
            utf8("é"),
            utf8("ß"),
            utf8("É"),
            utf8("日本"),
            utf8("😀"),
            utf8("—"),
            utf8("–"),
            utf8("\u00A0"),
            utf8("\u3000"),
            utf8("Σ"),
            utf8("ς"),
            utf8("a"),
            utf8("Q"),
            utf8("'"),
            utf8("."),
            utf8(" "),
            utf8("x".repeat(9)),
            {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, // overlong
            {(byte) 0xC0, (byte) 0xAF}, // overlong
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {(byte) 0xE2, (byte) 0x80}, // cut short
            {(byte) 0x80}, // a lone continuation byte
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, // an emoji cut short
        };
        for (long seed = 1; seed <= 2000; seed++) {
            Random random = new Random(seed);
            var out = new java.io.ByteArrayOutputStream();
            int n = random.nextInt(40);
            for (int k = 0; k < n; k++) out.writeBytes(pieces[random.nextInt(pieces.length)]);
            byte[] bytes = out.toByteArray();
            WordCountTable table = new WordCountTable();
            table.countText(bytes, 0, bytes.length);
            assertThat(table.toWordCounts())
                    .as("seed %d", seed)
                    .isEqualTo(WordCounts.ofText(new String(bytes, StandardCharsets.UTF_8)));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countsStayExactAcrossManyResizes() {
        WordCountTable table = new WordCountTable();
        Map<String, Long> expected = new HashMap<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            String word = (i % 7 == 0 ? "a-rather-long-word-number-" : "w") + (i * 31 % 40_000);
            text.append(word).append(i % 10 == 0 ? ",\n" : " ");
            expected.merge(word, 1L, Long::sum);
        }
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        table.countText(utf8, 0, utf8.length);
        assertThat(table.uniqueWords()).isEqualTo(expected.size());
        assertThat(table.totalWords()).isEqualTo(100_000);
        assertThat(table.toWordCounts()).isEqualTo(WordCounts.of(expected));
    }

    @Test
    void countingInPiecesAtWhiteSpaceEqualsCountingTheWhole() {
        String text = "the cat, the hat; THE bat — the end";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        WordCountTable table = new WordCountTable();
        int cut = text.indexOf(" hat");
        table.countText(utf8, 0, cut);
        table.countText(utf8, cut, utf8.length);
        assertThat(table.toWordCounts()).isEqualTo(WordCounts.ofText(text));
        assertThat(table.count("the")).isEqualTo(4);
    }

    @Test
    void addedWordsMergeWithCountedOnes() {
        WordCountTable table = new WordCountTable();
        byte[] utf8 = "café Café the".getBytes(StandardCharsets.UTF_8);
        table.countText(utf8, 0, utf8.length);
        table.add("café", 3);
        byte[] the = "xthex".getBytes(StandardCharsets.UTF_8);
        table.add(the, 1, 3, 10);
        table.add("a-word-longer-than-sixteen-bytes", 2);
        table.add("a-word-longer-than-sixteen-bytes".getBytes(StandardCharsets.UTF_8), 0, 32, 1);
        assertThat(table.toWordCounts().counts())
                .containsOnly(
                        Map.entry("café", 5L),
                        Map.entry("the", 11L),
                        Map.entry("a-word-longer-than-sixteen-bytes", 3L));
        assertThat(table.totalWords()).isEqualTo(19);
        assertThatThrownBy(() -> table.add(the, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forEachBytesGivesEveryWordWithItsStableHash() {
        WordCountTable table = new WordCountTable();
        byte[] utf8 = "one two two naïve a-word-longer-than-sixteen-bytes".getBytes(StandardCharsets.UTF_8);
        table.countText(utf8, 0, utf8.length);
        Map<String, Long> seen = new HashMap<>();
        table.forEachBytes((bytes, off, len, n) -> {
            String word = new String(bytes, off, len, StandardCharsets.UTF_8);
            assertThat(WordHash.of(bytes, off, len)).isEqualTo(WordHash.of(word));
            seen.put(word, n);
        });
        assertThat(seen)
                .containsOnly(
                        Map.entry("one", 1L),
                        Map.entry("two", 2L),
                        Map.entry("naïve", 1L),
                        Map.entry("a-word-longer-than-sixteen-bytes", 1L));
    }

    @Test
    void hamletCountsAsTheReference() throws IOException {
        byte[] hamlet = Files.readAllBytes(SharedData.file("hamlet.txt"));
        WordCountTable table = new WordCountTable();
        table.countText(hamlet, 0, hamlet.length);
        WordCounts reference = WordCounts.ofText(new String(hamlet, StandardCharsets.UTF_8));
        assertThat(table.toWordCounts()).isEqualTo(reference);
        assertThat(table.totalWords()).isEqualTo(reference.totalWords());
    }
}
