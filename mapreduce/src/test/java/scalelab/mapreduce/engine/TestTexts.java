package scalelab.mapreduce.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Random texts with the tokeniser's tricky cases: punctuation, dashes, apostrophes, non-ASCII, odd white space. */
public final class TestTexts {
    private static final List<String> WORDS = List.of(
            "the",
            "The",
            "THE",
            "and",
            "of",
            "to",
            "a",
            "in",
            "don't",
            "'tis",
            "well-known",
            "--",
            "—",
            "–",
            "\"quoted\"",
            "(paren)",
            "[x]",
            "{y}",
            "end.",
            "wait,",
            "what?!",
            "semi;",
            "colon:",
            "back\\slash",
            "café",
            "Straße",
            "ΩMEGA",
            "naïve",
            "日本語",
            "🙂",
            "dash—inside",
            "en–dash",
            "-lead",
            "trail-",
            "...",
            "'''",
            "ÉCOLE",
            "İstanbul",
            "x",
            "y",
            "z",
            "word",
            "words",
            "wörd");
    private static final List<String> SPACES =
            List.of(" ", " ", " ", " ", "\n", "\t", "\r\n", " \u00A0", "\u2003", "  ");

    private TestTexts() {}

    /** About {@code bytes} bytes of random text; Zipf-ish: early words are much more frequent. */
    public static String random(long seed, int bytes) {
        var random = new SplittableRandom(seed);
        var text = new StringBuilder(bytes + 64);
        while (text.length() < bytes) {
            int rank = (int) Math.floor(Math.pow(random.nextDouble(), 3) * WORDS.size());
            String word = random.nextInt(20) == 0 ? "w" + random.nextInt(5000) : WORDS.get(rank);
            text.append(word).append(SPACES.get(random.nextInt(SPACES.size())));
        }
        return text.toString();
    }

    public static Path write(Path dir, String name, String text) throws IOException {
        return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }
}
