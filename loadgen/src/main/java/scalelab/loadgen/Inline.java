package scalelab.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The requests given on the command line, as one user type: {@code --get PATH[:WEIGHT]} and {@code --post
 * PATH:@FILE[:WEIGHT]}. The weight is what follows the last colon when it is a whole number, so {@code
 * /get?key=test:3} is {@code /get?key=test} with weight 3; to send a path ending in {@code :3}, add a
 * weight ({@code /get?key=test:3:1}).
 */
public final class Inline {
    private Inline() {}

    public static Scenario scenario(List<String> gets, List<String> posts, WaitTime waitTime) {
        if (gets.isEmpty() && posts.isEmpty()) {
            throw new IllegalArgumentException("give requests with --get/--post, or a --scenario");
        }
        var user = UserType.named("inline").waitTime(waitTime);
        for (String spec : gets) {
            var w = weighted(spec);
            user.task(w.weight(), Call.get(checkPath(w.text())));
        }
        for (String spec : posts) {
            var w = weighted(spec);
            int at = w.text().indexOf(":@");
            if (at < 0) {
                throw new IllegalArgumentException(
                        "--post needs PATH:@FILE[:WEIGHT], e.g. /post:@body.json:1, not '" + spec + "'");
            }
            String path = checkPath(w.text().substring(0, at));
            Path file = Path.of(w.text().substring(at + 2));
            String body;
            try {
                body = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--post body file not found: " + file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --post body file " + file + ": " + e.getMessage());
            }
            user.task(w.weight(), Call.post(path, body));
        }
        return Scenario.named("inline", "requests given on the command line").user(user);
    }

    record Weighted(String text, int weight) {}

    static Weighted weighted(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon > 0) {
            String tail = spec.substring(colon + 1);
            if (tail.matches("\\d{1,6}")) {
                int weight = Integer.parseInt(tail);
                if (weight < 1) {
                    throw new IllegalArgumentException("a weight is at least 1: '" + spec + "'");
                }
                return new Weighted(spec.substring(0, colon), weight);
            }
        }
        return new Weighted(spec, 1);
    }

    private static String checkPath(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a request path starts with '/': '" + path + "'");
        }
        if (path.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("a request path has no spaces or control characters: '" + path + "'");
        }
        return path;
    }
}
