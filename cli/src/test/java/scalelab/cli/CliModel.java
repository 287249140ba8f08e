package scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import scalelab.flashsale.function.SqsOrderHandler;

/**
 * What the real {@code scalelab} program accepts, read from its picocli model: the deploy files' commands and
 * environment variables are checked against it, so a renamed option or variable breaks a test, not a deployment.
 */
final class CliModel {
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:(SCALELAB_[A-Z0-9_]+)");
    private static final Pattern LOGBACK_VARIABLE = Pattern.compile("\\$\\{(SCALELAB_[A-Z0-9_]+)");

    private CliModel() {}

    /** The whole command tree, without interpolation: default values keep their {@code ${env:...}} text. */
    static CommandLine raw() {
        return Main.commandLine().setInterpolateVariables(false);
    }

    /**
     * Fails unless {@code args} is a runnable {@code scalelab} command line: known subcommands down to one that runs
     * (not a group such as {@code resilience} alone), known options with valid values.
     */
    static void assertRunnable(String where, List<String> args) {
        CommandLine.ParseResult parsed;
        try {
            parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            fail(where + ": `scalelab " + String.join(" ", args) + "` is not a valid command line: " + e.getMessage());
            return;
        }
        while (parsed.subcommand() != null) {
            parsed = parsed.subcommand();
        }
        assertThat(parsed.commandSpec().userObject())
                .as(where + ": `scalelab " + String.join(" ", args) + "` names a command that runs")
                .isInstanceOf(Callable.class);
        assertThat(parsed.commandSpec().qualifiedName()).as(where).isNotEqualTo("scalelab");
    }

    /**
     * Every {@code SCALELAB_*} variable the program reads: the {@code ${env:...}} defaults of every option of every
     * command, and the variables of its logback.xml.
     */
    static Set<String> environmentVariables() {
        var names = new TreeSet<String>();
        var queue = new ArrayDeque<CommandSpec>();
        queue.add(raw().getCommandSpec());
        while (!queue.isEmpty()) {
            CommandSpec spec = queue.poll();
            for (OptionSpec option : spec.options()) {
                if (option.defaultValue() != null) {
                    Matcher m = ENV_DEFAULT.matcher(option.defaultValue());
                    while (m.find()) names.add(m.group(1));
                }
            }
            spec.subcommands().values().forEach(sub -> queue.add(sub.getCommandSpec()));
        }
        Matcher m = LOGBACK_VARIABLE.matcher(resource("/logback.xml"));
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /** The variables the AWS Lambda handler reads ({@code SqsOrderHandler}, {@code SqsOrderProcessors}). */
    static Set<String> lambdaEnvironmentVariables() {
        return Set.of(
                SqsOrderHandler.DB_URL_VARIABLE,
                SqsOrderHandler.PAYMENT_TIME_VARIABLE,
                SqsOrderHandler.SCHEMA_VARIABLE);
    }

    private static String resource(String name) {
        try (InputStream in = CliModel.class.getResourceAsStream(name)) {
            assertThat(in).as(name + " on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
