package dev.rosetta.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into {@code rosetta-version.properties}. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (var in = VersionProvider.class.getResourceAsStream("/rosetta-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {"rosetta " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }

    /** The bare version string, for reports. */
    static String version() {
        try {
            return new VersionProvider().getVersion()[0].substring("rosetta ".length());
        } catch (Exception e) {
            return "unknown";
        }
    }
}
