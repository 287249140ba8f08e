package scalelab.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** Entry point of the {@code scalelab} program. Exit codes: 0 ok, 1 failure, 2 usage. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger(); // Helidon logs through JUL
        SLF4JBridgeHandler.install();
        exitWithParent(System.getProperty(PARENT_PID_PROPERTY));
        System.exit(commandLine().execute(args));
    }

    /**
     * Set by {@code scalelab up --processes} on each child: the pid of the {@code up} process. When that process is
     * gone (even SIGKILLed, which runs no shutdown hook), the child stops gracefully too: no orphans.
     */
    static final String PARENT_PID_PROPERTY = "scalelab.parent-pid";

    private static void exitWithParent(String parentPid) {
        if (parentPid == null || parentPid.isBlank()) {
            return;
        }
        long pid = Long.parseLong(parentPid.strip());
        var parent = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (parent.isEmpty()) {
            System.err.println("scalelab: the parent process " + pid + " is gone; exiting");
            System.exit(1);
        }
        parent.get().onExit().thenRun(() -> {
            System.err.println("scalelab: the parent process " + pid + " is gone; stopping");
            System.exit(0); // runs the shutdown hooks: a graceful stop
        });
    }

    /** The whole command tree, with one-line error handling; tests execute it directly. */
    static CommandLine commandLine() {
        return new CommandLine(new ScalelabCommand())
                .setExecutionExceptionHandler(Main::failure)
                .setParameterExceptionHandler(Main::usageError);
    }

    private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println("scalelab: " + oneLine(e));
        return 1;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("scalelab: " + e.getMessage());
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        return 2;
    }

    /** The most telling message in a chain of causes, on one line. */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        for (Throwable cause = e.getCause(); message == null && cause != null; cause = cause.getCause()) {
            message = cause.getMessage();
        }
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
