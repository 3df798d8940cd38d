package org.cytoarrow.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (or "dev" when run from classes). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = CytoarrowCommand.class.getPackage().getImplementationVersion();
        return new String[] {"cytoarrow " + (v == null ? "0.1.0-SNAPSHOT" : v),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
