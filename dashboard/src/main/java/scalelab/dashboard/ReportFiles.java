package scalelab.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reports folder, read-only: the list of reports (folders with an {@code index.html}) and the files inside it,
 * none outside. A path with {@code ..}, {@code .}, an empty or hidden segment, or one that leads out through a
 * symbolic link is refused.
 */
final class ReportFiles {
    /** Reports listed: the 200 newest. */
    static final int MAX_LISTED = 200;

    /** One path segment: no slash, no leading dot (so neither "." nor ".." nor hidden files). */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_\\-+=@,][A-Za-z0-9_.\\-+=@,]{0,199}");

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("csv", "text/csv; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("log", "text/plain; charset=utf-8"),
            Map.entry("hlog", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"));

    private final Path root;

    ReportFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** The reports, newest first: {@code name}, {@code url}, {@code modified}. */
    List<Map<String, Object>> list() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        record Found(String name, FileTime modified) {}
        var found = new ArrayList<Found>();
        try (var dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                Path index = dir.resolve("index.html");
                if (SEGMENT.matcher(name).matches() && Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(new Found(name, Files.getLastModifiedTime(index)));
                }
            }
        }
        found.sort(Comparator.comparing(Found::modified).reversed().thenComparing(Found::name));
        return found.stream()
                .limit(MAX_LISTED)
                .map(f -> {
                    var row = new LinkedHashMap<String, Object>();
                    row.put("name", f.name());
                    row.put("url", "/reports/" + f.name() + "/index.html");
                    row.put("modified", f.modified().toInstant().toString());
                    return (Map<String, Object>) row;
                })
                .toList();
    }

    /** Why a path is refused; the message is the 400's. */
    static final class BadPath extends Exception {
        BadPath(String message) {
            super(message);
        }
    }

    /**
     * The file at {@code relative} (segments joined by {@code /}) inside the reports folder, and its content type.
     *
     * @return empty when there is no such file, or its type is not one served, or it lies outside the folder once
     *     symbolic links are followed
     * @throws BadPath when the path itself is not acceptable
     */
    Optional<Map.Entry<Path, String>> file(String relative) throws BadPath {
        if (relative == null || relative.isEmpty() || relative.length() > 1_000) {
            throw new BadPath("a report path is 1 to 1000 characters");
        }
        Path path = root;
        for (String segment : relative.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new BadPath("each part of a report path is letters, digits and _ - . + = @ , not starting with a"
                        + " dot (no '..', no hidden files)");
            }
            path = path.resolve(segment);
        }
        String type = TYPES.get(extension(path.getFileName().toString()));
        if (type == null || !path.normalize().startsWith(root)) {
            return Optional.empty();
        }
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(root.toRealPath()) || !Files.isRegularFile(real)) {
                return Optional.empty(); // a link that leads out, or a folder
            }
            return Optional.of(Map.entry(real, type));
        } catch (IOException e) {
            return Optional.empty(); // no such file
        }
    }

    private static String extension(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
