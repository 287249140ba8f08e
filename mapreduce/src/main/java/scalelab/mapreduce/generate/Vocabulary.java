package scalelab.mapreduce.generate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The generator's words, by Zipf rank, built deterministically from the seed: common English words first (in
 * about their real order of frequency), then pronounceable synthetic words made of syllables, a few with an
 * inner apostrophe or hyphen, about 1% with non-ASCII letters, and some real non-ASCII words spread among them.
 * Ranks are drawn with Walker's alias method: one random number, one table look-up.
 */
final class Vocabulary {
    static final int DEFAULT_SIZE = 50_000;
    /** The longest word, in UTF-8 bytes. */
    static final int MAX_WORD_BYTES = 48;

    private static final String[] COMMON = (""
                    + "the and of to a in that is was he for it with as his on be at by i had this not are but"
                    + " from or have an they which one you were her all she there would their we him been has"
                    + " when who will more no if out so said what up its about into than them can only other new"
                    + " some could time these two may then do first any my now such like our over man me even"
                    + " most made after also did many before must through back years where much your way well"
                    + " down should because each just those people mr how too little state good very make world"
                    + " still own see men work long get here between both life being under never day same"
                    + " another know while last might us great old year off come since against go came right"
                    + " used take three states himself few house use during without again place american"
                    + " around however home small found mrs thought went say part once general high upon school"
                    + " every don't does got united left number course war until always away something fact"
                    + " though water less public put think almost hand enough far took head yet government"
                    + " system better set told nothing night end why called didn't eyes find going look asked"
                    + " later knew point next city business give group toward young let room president side"
                    + " social given present several order national possible rather second face per among form"
                    + " important often things looked early white case john become large big need four within"
                    + " felt along children saw best church ever least power development light seemed family"
                    + " interest want members mind country area it's i'm can't won't that's isn't you're we'll"
                    + " o'clock 'tis well-known so-called twenty-one mother-in-law self-made long-term")
            .split(" ");

    /** Real words with non-ASCII letters, placed among the synthetic ones. */
    private static final String[] NON_ASCII = {
        "café",
        "naïve",
        "straße",
        "ångström",
        "façade",
        "über",
        "señor",
        "résumé",
        "élan",
        "zoë",
        "déjà",
        "fiancée",
        "crème",
        "jalapeño",
        "smörgåsbord",
        "coöperate",
        "rôle",
        "übermensch",
        "piñata",
        "doppelgänger"
    };

    private static final String[] ONSETS = {
        "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "cr", "dr",
        "fl", "gr", "pl", "pr", "st", "tr", "ch", "sh", "th", "wh", "", ""
    };
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ou", "oo", "ie", "y"};
    private static final String[] CODAS = {"", "", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck", "ng", "rt"};
    private static final String[] ACCENTED = {"é", "è", "ï", "ö", "ü", "å", "ñ", "ç", "â", "ø"};

    private final byte[][] words;
    private final byte[][] capitalised;
    // Walker's alias tables: rank i is kept with probability keep[i], else its alias is taken.
    private final double[] keep;
    private final int[] alias;

    Vocabulary(long seed) {
        this(seed, DEFAULT_SIZE, CorpusGenerator.ZIPF_EXPONENT);
    }

    Vocabulary(long seed, int size, double exponent) {
        List<String> list = build(new SplitMix64(seed), size);
        words = new byte[list.size()][];
        capitalised = new byte[list.size()][];
        for (int i = 0; i < list.size(); i++) {
            String word = list.get(i);
            words[i] = word.getBytes(StandardCharsets.UTF_8);
            int first = word.charAt(0) == '\'' ? 1 : 0;
            String upper = word.substring(0, first)
                    + word.substring(first, first + 1).toUpperCase(Locale.ROOT)
                    + word.substring(first + 1);
            capitalised[i] = upper.getBytes(StandardCharsets.UTF_8);
        }
        keep = new double[words.length];
        alias = new int[words.length];
        buildAlias(exponent);
    }

    int size() {
        return words.length;
    }

    /** The word of a rank (0 is the most frequent), lower case, as UTF-8. */
    byte[] word(int rank) {
        return words[rank];
    }

    /** The word with its first letter upper-cased, as at the start of a sentence. */
    byte[] capitalised(int rank) {
        return capitalised[rank];
    }

    /** A rank drawn from the Zipf distribution. */
    int sample(SplitMix64 random) {
        long r = random.nextLong();
        int i = (int) (((r >>> 33) * words.length) >>> 31);
        double u = (r & 0xFFFFFFFFL) * 0x1.0p-32;
        return u < keep[i] ? i : alias[i];
    }

    private static List<String> build(SplitMix64 random, int size) {
        List<String> list = new ArrayList<>(size);
        Set<String> seen = new HashSet<>();
        for (String word : COMMON) {
            if (seen.add(word)) list.add(word);
        }
        int nonAscii = 0;
        while (list.size() < size) {
            String word = syntheticWord(random);
            int kind = random.nextInt(1000);
            if (kind < 8) word = word + "'s";
            else if (kind < 16) word = word + "-" + syntheticWord(random);
            else if (kind < 26) word = accented(word, random);
            else if (kind < 28 && nonAscii < NON_ASCII.length) word = NON_ASCII[nonAscii++];
            if (word.getBytes(StandardCharsets.UTF_8).length <= MAX_WORD_BYTES && seen.add(word)) list.add(word);
        }
        return list;
    }

    private static String syntheticWord(SplitMix64 random) {
        int syllables = 1 + random.nextInt(3) + (random.nextInt(4) == 0 ? 1 : 0);
        StringBuilder word = new StringBuilder();
        for (int s = 0; s < syllables; s++) {
            word.append(ONSETS[random.nextInt(ONSETS.length)])
                    .append(VOWELS[random.nextInt(VOWELS.length)])
                    .append(CODAS[random.nextInt(CODAS.length)]);
        }
        return word.toString();
    }

    /** The word with one letter replaced by an accented one: "cafe" to "café". */
    private static String accented(String word, SplitMix64 random) {
        int at = random.nextInt(word.length());
        return word.substring(0, at) + ACCENTED[random.nextInt(ACCENTED.length)] + word.substring(at + 1);
    }

    /** Vose's construction of the alias tables for weights 1 / (rank + 1)^exponent. */
    private void buildAlias(double exponent) {
        int n = words.length;
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) sum += p[i] = Math.pow(i + 1, -exponent);
        int[] small = new int[n];
        int[] large = new int[n];
        int smalls = 0;
        int larges = 0;
        for (int i = 0; i < n; i++) {
            p[i] = p[i] / sum * n;
            if (p[i] < 1) small[smalls++] = i;
            else large[larges++] = i;
        }
        while (smalls > 0 && larges > 0) {
            int s = small[--smalls];
            int l = large[--larges];
            keep[s] = p[s];
            alias[s] = l;
            p[l] = p[l] + p[s] - 1;
            if (p[l] < 1) small[smalls++] = l;
            else large[larges++] = l;
        }
        while (larges > 0) keep[large[--larges]] = 1;
        while (smalls > 0) keep[small[--smalls]] = 1; // rounding leftovers
    }
}
