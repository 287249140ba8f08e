package scalelab.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "scalelab " + (version == null ? "(development build)" : version), "JVM: " + Runtime.version()
        };
    }
}
