package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * .mvn/find-jdk.sh, sourced by ./mvnw and ./scalelab, against fake JDKs (scripts that print a
 * version), so the test means the same on every machine.
 */
class FindJdkTest {
    static final Path SCRIPT =
            Path.of("..", ".mvn", "find-jdk.sh").toAbsolutePath().normalize();

    @TempDir
    Path jvms;

    record Result(int exitCode, String javaHome, String err) {}

    Path fakeJdk(String name, String version) throws IOException {
        Path bin = Files.createDirectories(jvms.resolve(name).resolve("bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2025-01-01' >&2\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return jvms.resolve(name);
    }

    Result findJdk(String javaHome, Path javaOnPath) throws Exception {
        var pb = new ProcessBuilder("/bin/sh", "-c", ". \"$1\" && echo \"$JAVA_HOME\"", "sh", SCRIPT.toString());
        pb.environment().remove("JAVA_HOME");
        if (javaHome != null) {
            pb.environment().put("JAVA_HOME", javaHome);
        }
        pb.environment().put("PATH", (javaOnPath == null ? "" : javaOnPath.resolve("bin") + ":") + tools());
        pb.environment().put("SCALELAB_JVM_DIRS", jvms.toString());
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Result(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    @TempDir
    Path toolDir;

    /** A PATH with only the tools the script uses, so no java of the host's can answer. */
    String tools() throws IOException {
        for (String tool : new String[] {"sed", "head", "dirname", "readlink"}) {
            Path link = toolDir.resolve(tool);
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, Path.of("/usr/bin", tool).toRealPath());
            }
        }
        return toolDir.toString();
    }

    @Test
    void picksAJdk21OrNewerWhenTheJavaOnPathIs17() throws Exception {
        Path jdk17 = fakeJdk("jdk-17", "17.0.15");
        Path jdk25 = fakeJdk("jdk-25", "25.0.1");
        Result result = findJdk(null, jdk17);
        assertThat(result.exitCode()).isZero();
        assertThat(result.javaHome()).isEqualTo(jdk25.toString());
    }

    @Test
    void skipsAJavaHomeThatIsTooOld() throws Exception {
        Path jdk17 = fakeJdk("jdk-17", "17.0.15");
        Path jdk21 = fakeJdk("jdk-21", "21.0.5");
        assertThat(findJdk(jdk17.toString(), null).javaHome()).isEqualTo(jdk21.toString());
    }

    @Test
    void keepsAJavaHomeThatIsNewEnough() throws Exception {
        Path jdk21 = fakeJdk("jdk-21", "21.0.5");
        fakeJdk("jdk-25", "25.0.1");
        assertThat(findJdk(jdk21.toString(), null).javaHome()).isEqualTo(jdk21.toString());
    }

    @Test
    void prefersTheNewestJdkInTheSearchedFolders() throws Exception {
        fakeJdk("a-jdk-21", "21.0.5");
        Path jdk25 = fakeJdk("b-jdk-25", "25");
        fakeJdk("c-jdk-8", "1.8.0_402");
        assertThat(findJdk(null, null).javaHome()).isEqualTo(jdk25.toString());
    }

    @Test
    void stopsWithOneSentenceWhenNoJdk21Exists() throws Exception {
        Path jdk17 = fakeJdk("jdk-17", "17.0.15");
        Result result = findJdk(jdk17.toString(), jdk17);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).startsWith("scalelab needs a JDK 21 or newer");
    }
}
